"""A Dask ``WorkerPlugin`` that builds the pipeline once per worker process.

Registered once per set of pipeline options, the plugin is set up on every
worker of the cluster and, by Dask, on every worker that joins later. Setup
loads the glossary and the translation models in the worker's task thread (so
the event loop stays responsive and a one-thread worker uses them from the very
thread that loaded them). Tasks then take the ready pipeline with
:meth:`PipelinePlugin.using`, which also serializes access when a worker was
started with more than one thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from polyglot_news.scaleout.deps import require_distributed

require_distributed()

from distributed import get_worker  # noqa: E402 - after the guard, on purpose
from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402

if TYPE_CHECKING:
    from polyglot_news.pipeline import Pipeline

__all__ = ["PipelinePlugin", "plugin_name", "plugin_for"]

_PREFIX = "polyglot-news-pipeline-"
# One sentence per glossary language, so language detection, Chinese conversion and
# Russian morphology load at setup too, not on a worker's first record.
_WARM_UP = "Warm-up for the talks. 今天会谈。 Сегодня переговоры."


def plugin_name(options: Mapping[str, Any]) -> str:
    """A stable name per set of pipeline options: the same options share one plugin."""
    blob = json.dumps(dict(options), sort_keys=True, default=repr)
    return _PREFIX + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


class PipelinePlugin(WorkerPlugin):
    """Holds one :class:`~polyglot_news.Pipeline` per worker process, loaded once.

    ``options`` are :class:`~polyglot_news.Pipeline` keyword arguments (picklable:
    pass ``glossary_paths`` and ``translator_options={"models_dir": ...}`` with paths
    every worker can read). ``loads`` counts how many times this worker built the
    pipeline (1 after setup) and ``load_seconds`` how long that took.
    """

    idempotent = True  # registering the same options again leaves loaded workers alone

    def __init__(self, options: Mapping[str, Any], name: str | None = None) -> None:
        self.options = dict(options)
        self.name = name or plugin_name(self.options)
        self._reset()

    def _reset(self) -> None:
        self.loads = 0
        self.load_seconds = 0.0
        self._pipeline: Pipeline | None = None
        self._lock = threading.RLock()

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options, "name": self.name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.options = state["options"]
        self.name = state["name"]
        self._reset()

    async def setup(self, worker: Any) -> None:
        """Load the pipeline in the worker's task executor (Dask awaits this)."""
        loop = asyncio.get_running_loop()
        executor = getattr(worker, "executor", None)
        await loop.run_in_executor(executor, self.pipeline)

    def teardown(self, worker: Any) -> None:
        """Release the translator when the worker closes or the plugin is removed."""
        with self._lock:
            if self._pipeline is not None:
                self._pipeline.close()
                self._pipeline = None

    def pipeline(self) -> Pipeline:
        """The worker's pipeline, built and warmed on first call only."""
        with self._lock:
            if self._pipeline is None:
                started = time.perf_counter()
                self._pipeline = _build(self.options)
                self.loads += 1
                self.load_seconds = time.perf_counter() - started
            return self._pipeline

    @contextmanager
    def using(self) -> Iterator[Pipeline]:
        """The pipeline, held exclusively for the duration of the block."""
        with self._lock:
            yield self.pipeline()


def _build(options: Mapping[str, Any]) -> Pipeline:
    """A pipeline with its heavy state (glossary, translator and its models) loaded now."""
    from polyglot_news.pipeline import Pipeline

    pipeline = Pipeline(**options)
    if pipeline.normalize or pipeline.translate:
        _ = pipeline.glossary
    if pipeline.translate:
        translator = pipeline._get_translator()  # noqa: SLF001 - warm-up, not per record
        if translator is not None:
            _load_models(translator)
    pipeline.process(_WARM_UP)  # loads what remains lazy: language detection, flags
    return pipeline


def _load_models(translator: Any) -> None:
    """Load every installed model on a route into the translator's target language."""
    routes = getattr(translator, "route", None)
    if not callable(routes):
        return
    needed: dict[str, Any] = {}
    for package in translator.packages():
        for step in routes(package.from_code) or ():
            needed[str(step.path)] = step
    for package in needed.values():
        translator.engine(package).tokenize("")  # loads the model and its SentencePiece


_LOCAL: dict[str, PipelinePlugin] = {}
_LOCAL_LOCK = threading.Lock()


def plugin_for(name: str, options: Mapping[str, Any]) -> PipelinePlugin:
    """The plugin registered on this worker under ``name``.

    Outside a Dask worker (the local bag schedulers), or when the plugin was not
    registered, a process-wide instance stands in: still one load per process.
    """
    try:
        plugin = get_worker().plugins.get(name)
    except ValueError:  # not running inside a worker
        plugin = None
    if isinstance(plugin, PipelinePlugin):
        return plugin
    with _LOCAL_LOCK:
        if name not in _LOCAL:
            _LOCAL[name] = PipelinePlugin(options, name)
        return _LOCAL[name]
