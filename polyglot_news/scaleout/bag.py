"""``process_bag``: the pipeline over a ``dask.bag.Bag`` a user already holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from polyglot_news.scaleout.deps import require_distributed

require_distributed()

import dask.bag as db  # noqa: E402

from polyglot_news.scaleout.job import _current_client, register_pipeline  # noqa: E402
from polyglot_news.scaleout.plugin import plugin_for, plugin_name  # noqa: E402

__all__ = ["process_bag"]


def process_bag(bag: db.Bag, *, batch_size: int = 32, **pipeline_options: Any) -> db.Bag:
    """A lazy bag of :meth:`Document.to_dict` records, one per element of ``bag``, in order.

    Elements are texts or ``(text, meta)`` pairs; ``pipeline_options`` are the keyword
    arguments of :class:`~polyglot_news.Pipeline` (picklable: ``glossary_paths`` rather
    than a loaded glossary). When a ``distributed`` client is active, the pipeline is
    loaded once per worker through :class:`PipelinePlugin`; otherwise once per process.
    A record that raises fails its partition, as any Dask task would; the file-to-file
    job (:func:`run_files`) writes failed records to an errors shard instead.
    """
    if batch_size < 1:
        from polyglot_news.errors import UsageError

        raise UsageError(f"batch_size must be at least 1, not {batch_size}")
    name = plugin_name(pipeline_options)
    client = _current_client()
    if client is not None:
        register_pipeline(client, pipeline_options)
    result: db.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        _process_partition, name, dict(pipeline_options), batch_size
    )
    return result


def _process_partition(
    items: Iterable[Any], name: str, options: Mapping[str, Any], batch_size: int
) -> list[dict[str, Any]]:
    with plugin_for(name, options).using() as pipeline:
        return [doc.to_dict() for doc in pipeline.process_many(items, batch_size=batch_size)]
