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

import dataclasses
import itertools
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import AsyncResult
from multiprocessing.reduction import ForkingPickler
from typing import Any

from polyglot_news.document import Document, SegmentChange, SegmentResult
from polyglot_news.pipeline import Pipeline

__all__ = ["process_parallel", "CHUNK_BATCHES"]

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
_BATCH_SIZE = 32


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
for _cls in (Document, SegmentResult, SegmentChange):
    ForkingPickler.register(_cls, _reducer(_cls))


def _init_worker(options: Mapping[str, Any] | None, batch_size: int) -> None:
    """Build the worker's pipeline, unless it was inherited ready from the parent."""
    global _PIPELINE, _BATCH_SIZE
    _BATCH_SIZE = batch_size
    if options is not None:
        _PIPELINE = Pipeline(**options)


def _work(chunk: list[tuple[str, Mapping[str, Any]]]) -> list[Document]:
    assert _PIPELINE is not None, "worker used before its initializer ran"
    return list(_PIPELINE.process_many(chunk, batch_size=_BATCH_SIZE))


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
    global _PIPELINE
    options = dict(pipeline_options or {})
    if workers <= 1:
        with Pipeline(**options) as pipeline:
            yield from pipeline.process_many(items, batch_size=batch_size)
        return
    method = _start_method()
    init_options: Mapping[str, Any] | None = options
    if method == "fork":  # build and warm once here; the workers inherit it
        _PIPELINE = Pipeline(**options)
        _warm(_PIPELINE)
        if _single_threaded():
            init_options = None
        else:  # warming started a thread somewhere: do not fork after all
            _PIPELINE, method = None, _start_method()
    ctx = multiprocessing.get_context(method)
    iterator = iter(items)
    size = _chunk_size(batch_size)
    pending: deque[AsyncResult[list[Document]]] = deque()
    try:
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=(init_options, batch_size))
    except BaseException:
        _PIPELINE = None
        raise
    try:
        while True:
            while len(pending) < 2 * workers:
                chunk = list(itertools.islice(iterator, size))
                if not chunk:
                    break
                pending.append(pool.apply_async(_work, (chunk,)))
            if not pending:
                break
            yield from pending.popleft().get()
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _PIPELINE = None  # kept until here: a replacement worker is forked from it
