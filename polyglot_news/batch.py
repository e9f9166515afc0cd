"""The one batch driver: records in, ``(record, document)`` pairs or failures out, in order.

Every way of running the pipeline over many records goes through :func:`drive`: the
``run``/``translate`` commands in one process, ``--workers N``
(:class:`polyglot_news.parallel.PoolRunner`) and each shard of the Dask job
(:func:`polyglot_news.scaleout.shards.process_items`). The driver cuts the input into
chunks of records, hands the chunks to a *runner* that turns each chunk into its
documents (in this process, or in worker processes, several chunks in flight), and puts
every result back beside its record, with each :class:`~polyglot_news.io.Failure` in
its place.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from polyglot_news.document import Document
from polyglot_news.errors import InputError
from polyglot_news.io import Failure, Record

__all__ = ["Runner", "SerialRunner", "drive", "Item"]

#: What the pipeline takes per record: its text and its ``meta``.
Item = tuple[str, Mapping[str, Any]]
T = TypeVar("T")


class Processor(Protocol):
    """What a runner needs from :class:`~polyglot_news.Pipeline`."""

    def process_many(self, items: Iterable[Any], batch_size: int = 32) -> Iterator[Document]:
        """Documents of ``(text, meta)`` pairs, in order."""
        ...  # pragma: no cover

    def process(self, text: str, meta: Any = None) -> Document:
        """The document of one text."""
        ...  # pragma: no cover


class Runner(Protocol):
    """Turns chunks of items into their documents, one sequence per chunk, in order.

    A runner may read ahead (several chunks in flight) but yields the results of the
    chunks in the order it read them. With isolation, an exception stands in for the
    document of a record that failed.
    """

    chunk_size: int

    def run(self, chunks: Iterator[list[Item]]) -> Iterator[Sequence[Document | Exception]]:
        """One sequence of documents (or exceptions) per chunk, in order."""
        ...  # pragma: no cover


class SerialRunner:
    """Runs each chunk through one pipeline in this process, ``batch_size`` at a time.

    With ``isolate``, a chunk that raises is run again record by record, and the
    exception of each record that still fails stands in for its document.
    """

    def __init__(self, pipeline: Processor, batch_size: int = 32, *, isolate: bool = False):
        self.pipeline = pipeline
        self.batch_size = batch_size
        self.chunk_size = batch_size
        self.isolate = isolate

    def run(self, chunks: Iterator[list[Item]]) -> Iterator[Sequence[Document | Exception]]:
        """One list of documents per chunk."""
        for chunk in chunks:
            if not self.isolate:
                yield list(self.pipeline.process_many(chunk, self.batch_size))
                continue
            try:
                yield list(self.pipeline.process_many(chunk, self.batch_size))
            except Exception:  # noqa: BLE001 - isolate the failing record(s)
                yield [self._one(text, meta) for text, meta in chunk]

    def _one(self, text: str, meta: Mapping[str, Any]) -> Document | Exception:
        try:
            return self.pipeline.process(text, meta)
        except Exception as exc:  # noqa: BLE001 - a failed record must not stop the others
            return exc


def _item(record: Any) -> Item:
    if isinstance(record, Record):
        return record.text, record.meta
    text, meta = record if isinstance(record, tuple) else (record, {})
    return text, meta


def _failure(record: Any, exc: Exception) -> Failure:
    # bad input data (a page with no article) says so itself; anything else is the pipeline's
    error = str(exc) if isinstance(exc, InputError) else (
        f"pipeline failed: {type(exc).__name__}: {exc}"
    )
    if isinstance(record, Record):
        return Failure(record.source, record.line, error, record.text)
    text, meta = _item(record)
    return Failure(str(meta.get("source", "")), int(meta.get("line", 0)), error, text)


def drive(
    items: Iterable[T | Failure], runner: Runner, *, stop_on_failure: bool = False
) -> Iterator[tuple[T, Document] | Failure]:
    """Run ``items`` through ``runner``; yield ``(item, document)`` or a Failure per item.

    Items are :class:`~polyglot_news.io.Record`\\ s or ``(text, meta)`` pairs (or texts);
    failures pass through in their place. Chunks hold ``runner.chunk_size`` records, so
    the batches the pipeline sees do not depend on failures between them. With
    ``stop_on_failure``, reading stops at the first failure (or at the first fatal one
    without it): the results before it are yielded, then the failure, then nothing.
    """
    pending: deque[list[T | Failure]] = deque()

    def chunks() -> Iterator[list[Item]]:
        chunk: list[T | Failure] = []
        records: list[Item] = []
        for item in items:
            if isinstance(item, Failure):
                chunk.append(item)
                if stop_on_failure or item.fatal:
                    break
                if not records:  # nothing waits on it: report it now
                    pending.append(chunk)
                    yield records
                    chunk = []
                continue
            chunk.append(item)
            records.append(_item(item))
            if len(records) >= runner.chunk_size:
                pending.append(chunk)
                yield records
                chunk, records = [], []
        if chunk:
            pending.append(chunk)
            yield records

    for docs in runner.run(chunks()):
        chunk = pending.popleft()
        results = iter(docs)
        for item in chunk:
            if isinstance(item, Failure):
                yield item
                continue
            doc = next(results)
            yield _failure(item, doc) if isinstance(doc, Exception) else (item, doc)
