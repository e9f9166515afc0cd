"""Multiprocess throughput for the pipeline on one machine (``--workers N``).

Each worker process builds its own :class:`~polyglot_news.Pipeline` once (glossary and
models load once per worker). Input is read lazily in chunks, at most ``2 * workers``
chunks are in flight, and documents come back in input order, so memory stays bounded
and the output is the same as with one worker.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.pool import AsyncResult
from typing import Any

from polyglot_news.document import Document
from polyglot_news.pipeline import Pipeline

__all__ = ["process_parallel"]

_PIPELINE: Pipeline | None = None


def _init_worker(options: Mapping[str, Any]) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(**options)


def _work(chunk: list[tuple[str, Mapping[str, Any]]]) -> list[Document]:
    assert _PIPELINE is not None, "worker used before its initializer ran"
    return list(_PIPELINE.process_many(chunk, batch_size=len(chunk)))


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
    """
    options = dict(pipeline_options or {})
    if workers <= 1:
        with Pipeline(**options) as pipeline:
            yield from pipeline.process_many(items, batch_size=batch_size)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    iterator = iter(items)
    pending: deque[AsyncResult[list[Document]]] = deque()
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(options,))
    try:
        while True:
            while len(pending) < 2 * workers:
                chunk = list(itertools.islice(iterator, batch_size))
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
