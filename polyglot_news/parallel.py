"""Multiprocess throughput for the pipeline on one machine (``--workers N``).

Each worker process has its own :class:`~polyglot_news.Pipeline` (glossary and models load
once per worker). Where processes start by ``fork``, the main process builds the pipeline
and warms its glossary, segmenter and boilerplate gates once before starting the workers,
which inherit it instead of each loading it again. Input is read lazily in chunks of
several batches (fewer round trips between processes), at most ``2 * workers`` chunks are
in flight, and documents come back in input order, so memory stays bounded and the output
is the same as with one worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any, cast

from polyglot_news.batch import Item, SerialRunner, drive
from polyglot_news.changes import Change
from polyglot_news.document import Document, SegmentResult
from polyglot_news.errors import InputError
from polyglot_news.io import Failure
from polyglot_news.pipeline import Pipeline

__all__ = ["process_parallel", "PoolRunner", "WorkerError", "CHUNK_BATCHES"]

#: Batches per task sent to a worker (a chunk of 8 x 32 = 256 records by default).
CHUNK_BATCHES = 8

#: Exercises the lazily built state: segmenter (CLD3), en/ru/zh matchers, OpenCC,
#: Russian morphology, boilerplate gates. Our own words.
_WARM_TEXT = (
    "Defence Minister Sergey Shoygu met Gen. Xu Qi-liang on Tuesday.\n\n"
    "Министр обороны Шойгу встретился с генералом.\n\n紹伊古会见了中国国防部长。\n\n"
    "Read more | Share | Back to top"
)

_PIPELINE: Pipeline | None = None


def _rebuild(cls: type, names: Sequence[str], values: Sequence[Any]) -> Any:
    """A frozen slotted dataclass from its field values (the inverse of ``_reduce``)."""
    obj: Any = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


def _reducer(cls: type) -> Any:
    names = tuple(f.name for f in dataclasses.fields(cls))

    def reduce(obj: Any) -> tuple[Any, tuple[Any, ...]]:
        return _rebuild, (cls, names, tuple([getattr(obj, n) for n in names]))

    return reduce


# Documents travel between processes as tuples of field values: about half the pickling
# time of the default slots state dicts. Only multiprocessing's pickler uses these.
for _cls in (Document, SegmentResult, Change):
    ForkingPickler.register(_cls, _reducer(_cls))


def _warm(pipeline: Pipeline) -> None:
    """Load what every document needs, without touching any model or repetition counts."""
    from polyglot_news.boilerplate import classify
    from polyglot_news.glossary import normalize
    from polyglot_news.segmentation import segment

    segment(_WARM_TEXT, pipeline.segmenter_config)
    if pipeline.flag_boilerplate:
        classify(_WARM_TEXT)
    if pipeline.normalize:
        normalize(_WARM_TEXT, glossary=pipeline.glossary)


def _single_threaded() -> bool:
    """Whether this process runs one OS thread (native pools of translation libraries count).

    Forking a process whose other threads hold locks (CTranslate2's and ONNX Runtime's
    thread pools, once a translation ran) leaves children that hang on them.
    """
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no procfs: trust Python's view, and fork only before any model loaded
        loaded = {"ctranslate2", "onnxruntime", "torch"} & set(sys.modules)
        return threading.active_count() == 1 and not loaded


def _start_method() -> str:
    """``fork`` (workers inherit the warm pipeline) when safe, else a fresh interpreter."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _single_threaded():
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _chunk_size(batch_size: int) -> int:
    """Records per task: one batch when records come one by one (a person typing)."""
    return batch_size if batch_size <= 1 else batch_size * CHUNK_BATCHES


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a RuntimeError with its type and message."""
    try:
        pickle.loads(ForkingPickler.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any unpicklable exception
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _chunk_documents(chunk: list[Item], batch_size: int) -> list[Document | Exception]:
    """The documents of a task; when bad input data (an HTML page with no article) fails
    it, the task runs again record by record and that record's error stands in its place,
    as with one process (the parent's driver reports it by ``--on-error``)."""
    assert _PIPELINE is not None, "worker started without a pipeline"
    try:
        return list(_PIPELINE.process_many(chunk, batch_size=batch_size))
    except InputError:
        pass
    out: list[Document | Exception] = []
    for text, meta in chunk:
        try:
            out.append(_PIPELINE.process(text, meta))
        except InputError as exc:
            out.append(cast(Exception, _portable(exc)))
    return out


def _worker_main(
    tasks: Connection,
    results: Connection,
    inherited: Sequence[Connection],
    options: Mapping[str, Any] | None,
    batch_size: int,
) -> None:
    """A worker: read ``(index, chunk)`` tasks, send ``(status, index, payload)`` back.

    Ctrl-C is the parent's to handle (it stops the workers), so it is ignored here;
    SIGTERM ends the worker at once and quietly; a closed task pipe ends it normally.
    """
    global _PIPELINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for conn in inherited:  # other workers' pipe ends, inherited by fork
        conn.close()
    try:
        if options is not None:
            _PIPELINE = Pipeline(**options)
        assert _PIPELINE is not None, "worker started without a pipeline"
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        results.send(("error", -1, _portable(exc)))
        return
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def receive() -> None:  # drains the task pipe, so the parent never blocks on it
        try:
            while True:
                inbox.put(tasks.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=receive, daemon=True).start()
    while (task := inbox.get()) is not None:
        index, chunk = task
        try:
            message: tuple[str, int, Any] = ("ok", index, _chunk_documents(chunk, batch_size))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
            message = ("error", index, _portable(exc))
        try:
            results.send(message)
        except OSError:  # the parent is gone
            return


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class WorkerError(RuntimeError):
    """A worker process died (killed, out of memory) before returning its records."""


class PoolRunner:
    """A :class:`~polyglot_news.batch.Runner` over ``workers`` processes (a context manager).

    Each worker has its own task and result pipes (no lock is shared, so a worker that
    dies cannot leave another process waiting on it), holds at most two chunks, and at
    most ``2 * workers`` chunks are in flight. Leaving the ``with`` block normally
    closes the workers; leaving it on an exception (Ctrl-C included) stops them at once,
    so no worker outlives the caller.
    """

    def __init__(
        self, workers: int, batch_size: int = 32, pipeline_options: Mapping[str, Any] | None = None
    ) -> None:
        self.workers = workers
        self.batch_size = batch_size
        self.chunk_size = _chunk_size(batch_size)
        self.options = dict(pipeline_options or {})
        self._procs: list[BaseProcess] = []
        self._tasks: list[Connection] = []
        self._results: list[Connection] = []

    def __enter__(self) -> PoolRunner:
        global _PIPELINE
        method = _start_method()
        init_options: Mapping[str, Any] | None = self.options
        if method == "fork":  # build and warm once here; the workers inherit it
            _PIPELINE = Pipeline(**self.options)
            _warm(_PIPELINE)
            if _single_threaded():
                init_options = None
            else:  # warming started a thread somewhere: do not fork after all
                _PIPELINE, method = None, _start_method()
        try:
            self._start(multiprocessing.get_context(method), init_options)
        except BaseException:
            self._stop(force=True)
            raise
        return self

    def _start(self, ctx: Any, init_options: Mapping[str, Any] | None) -> None:
        pipes = [(ctx.Pipe(duplex=False), ctx.Pipe(duplex=False)) for _ in range(self.workers)]
        forked = ctx.get_start_method() == "fork"
        blocked = hasattr(signal, "pthread_sigmask")
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if blocked else None
        try:  # signals wait until every worker has set its own handlers
            for (task_r, task_w), (result_r, result_w) in pipes:
                # A forked worker closes every pipe end but its own two, so that the death
                # of another worker shows as end-of-file here.
                inherited = [c for pair in pipes for end in pair for c in end
                             if c is not task_r and c is not result_w] if forked else []
                proc = ctx.Process(
                    target=_worker_main,
                    args=(task_r, result_w, inherited, init_options, self.batch_size),
                    daemon=True,
                )
                proc.start()
                task_r.close()
                result_w.close()
                self._procs.append(proc)
                self._tasks.append(task_w)
                self._results.append(result_r)
        finally:
            if old is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        self._stop(force=exc_type is not None)

    def _stop(self, *, force: bool) -> None:
        global _PIPELINE
        for conn in self._tasks:
            with contextlib.suppress(OSError):
                conn.close()  # a worker at rest ends when its task pipe closes
        if force:
            for proc in self._procs:
                with contextlib.suppress(OSError, ValueError):
                    proc.terminate()
        deadline = time.monotonic() + (1.0 if force else 30.0)
        for proc in self._procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.exitcode is None:
                proc.kill()
                proc.join()
        for conn in self._results:
            conn.close()
        self._procs, self._tasks, self._results = [], [], []
        _PIPELINE = None  # kept until here: the workers were forked from it

    def run(self, chunks: Iterator[list[Item]]) -> Iterator[Sequence[Document | Exception]]:
        """The documents of each chunk, in order, with up to ``2 * workers`` chunks in flight."""
        busy = [0] * self.workers
        done: dict[int, list[Document]] = {}
        sent = wanted = 0
        more = True
        while True:
            while more and sent - wanted < 2 * self.workers:
                chunk = next(chunks, None)
                if chunk is None:
                    more = False
                    break
                if chunk:
                    worker = min(range(self.workers), key=busy.__getitem__)
                    self._send(worker, (sent, chunk))
                    busy[worker] += 1
                else:
                    done[sent] = []
                sent += 1
            if wanted in done:
                yield done.pop(wanted)
                wanted += 1
            elif wanted == sent:
                return
            else:
                self._receive(busy, done)

    def _send(self, worker: int, task: tuple[int, list[Item]]) -> None:
        try:
            self._tasks[worker].send(task)
        except OSError:
            raise self._died(worker) from None

    def _receive(self, busy: list[int], done: dict[int, list[Document]]) -> None:
        sentinels = {proc.sentinel: i for i, proc in enumerate(self._procs)}
        ready = wait([*self._results, *sentinels])
        for conn in ready:
            if conn in sentinels:
                continue
            result = cast(Connection, conn)
            worker = self._results.index(result)
            try:
                status, index, payload = result.recv()
            except (EOFError, OSError):
                raise self._died(worker) from None
            if status != "ok":
                raise cast(BaseException, payload)
            done[index] = cast(list[Document], payload)
            busy[worker] -= 1
        for sentinel, worker in sentinels.items():
            if sentinel in ready and busy[worker]:
                raise self._died(worker)

    def _died(self, worker: int) -> WorkerError:
        proc = self._procs[worker]
        proc.join(1.0)
        return WorkerError(
            f"worker process {proc.pid} stopped (exit status {proc.exitcode}) before "
            "returning its records; output ends at the last whole record; run again "
            "(with fewer workers if memory ran out)"
        )


def process_parallel(
    items: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    workers: int,
    batch_size: int = 32,
    pipeline_options: Mapping[str, Any] | None = None,
) -> Iterator[Document]:
    """Yield the documents of ``items`` in order, processed by ``workers`` processes.

    ``pipeline_options`` are the keyword arguments of :class:`~polyglot_news.Pipeline`
    (they must be picklable: pass ``glossary_paths`` rather than a loaded glossary).
    Each worker runs the pipeline ``batch_size`` documents at a time, on tasks of
    ``CHUNK_BATCHES`` batches (one batch when ``batch_size`` is 1).
    """
    options = dict(pipeline_options or {})
    if workers <= 1:
        with Pipeline(**options) as pipeline:
            yield from _documents(drive(items, SerialRunner(pipeline, batch_size)))
        return
    with PoolRunner(workers, batch_size, options) as runner:
        yield from _documents(drive(items, runner))


def _documents(results: Iterable[tuple[Any, Document] | Failure]) -> Iterator[Document]:
    for result in results:
        if isinstance(result, Failure):  # a pipeline error is raised, never a Failure here
            raise result.to_error()
        yield result[1]
