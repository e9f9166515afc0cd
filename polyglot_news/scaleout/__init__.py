"""Scale-out on Dask: the pipeline on a ``dask.distributed`` cluster (``polyglot-news[dask]``).

Two entry points:

* :func:`run_files` - the file-to-file job behind ``polyglot-news run --scheduler ADDRESS``
  and ``--dask-local N``: one task per input file; each worker reads its file, processes
  it and writes one output shard of the same base name (record order kept), so no
  record ever travels back to the client. Failed records go to an errors shard;
  finished shards are skipped when the job is run again.
* :func:`process_bag` - for users who already hold a ``dask.bag.Bag`` of texts.

Heavy state (glossary, translation models) is loaded once per worker process by
:class:`PipelinePlugin`, a Dask ``WorkerPlugin`` that also reaches workers that join later.

The core package never imports Dask; this package imports it only when one of the
names below is first used, and says how to install it when it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polyglot_news._lazy import lazy_exports

__all__ = [
    "process_bag",
    "run_files",
    "JobSummary",
    "ShardResult",
    "ShardSpec",
    "PipelinePlugin",
    "MissingExtraError",
    "WorkerSetupError",
    "plugin_loads",
]

# public name -> module that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    "process_bag": "polyglot_news.scaleout.bag",
    "run_files": "polyglot_news.scaleout.job",
    "plugin_loads": "polyglot_news.scaleout.job",
    "JobSummary": "polyglot_news.scaleout.shards",
    "ShardResult": "polyglot_news.scaleout.shards",
    "ShardSpec": "polyglot_news.scaleout.shards",
    "PipelinePlugin": "polyglot_news.scaleout.plugin",
    "MissingExtraError": "polyglot_news.scaleout.deps",
    "WorkerSetupError": "polyglot_news.scaleout.deps",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from polyglot_news.scaleout.bag import process_bag
    from polyglot_news.scaleout.deps import MissingExtraError, WorkerSetupError
    from polyglot_news.scaleout.job import plugin_loads, run_files
    from polyglot_news.scaleout.plugin import PipelinePlugin
    from polyglot_news.scaleout.shards import JobSummary, ShardResult, ShardSpec


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
