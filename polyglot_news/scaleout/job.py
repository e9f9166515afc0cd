"""The file-to-file job: one Dask task per input file, shards written by the workers.

The client only plans the shards, registers the :class:`PipelinePlugin`, submits
one task per file and gathers the per-shard counts. Records never travel back
to the client.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from polyglot_news.errors import UsageError
from polyglot_news.scaleout.deps import WorkerSetupError, require_distributed

require_distributed()

from distributed import Client, LocalCluster, as_completed  # noqa: E402

from polyglot_news.scaleout.plugin import PipelinePlugin, plugin_for, plugin_name  # noqa: E402
from polyglot_news.scaleout.shards import (  # noqa: E402
    JobSummary,
    ShardResult,
    ShardSpec,
    plan_shards,
    process_shard,
)

__all__ = [
    "run_files",
    "connect",
    "local_cluster",
    "WORKER_CONFIG",
    "register_pipeline",
    "plugin_loads",
    "thread_warnings",
    "usable_cores",
    "job_options",
]


def job_options(
    pipeline_options: Mapping[str, Any] | None, translator_threads: int
) -> dict[str, Any]:
    """Pipeline options with the translator's thread count set (unless already given)."""
    if translator_threads < 1:
        raise UsageError(f"translator_threads must be at least 1, not {translator_threads}")
    options = dict(pipeline_options or {})
    translator = dict(options.get("translator_options") or {})
    if not translator.get("threads"):
        translator["threads"] = translator_threads
    options["translator_options"] = translator
    return options


#: Seconds to wait for a scheduler given by address.
CONNECT_TIMEOUT = 30

#: Dask settings for the local clusters started here (and recommended for real ones, see
#: docs/scale-out.md): glibc trimming after every free (Dask's default, 64 KiB) and the
#: 10 ms statistical profiler cost translation workers about 45% and 12% more CPU.
WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def local_cluster(workers: int, translator_threads: int = 1) -> LocalCluster:
    """A local cluster of ``workers`` one-thread processes, refused if it oversubscribes cores."""
    cores = usable_cores()
    if workers < 1:
        raise UsageError(f"local_workers must be at least 1, not {workers}")
    if workers * translator_threads > cores:
        raise UsageError(
            f"{workers} workers x {translator_threads} translator thread(s) exceeds the "
            f"{cores} cores of this machine; use at most {max(1, cores // translator_threads)} "
            "workers or fewer translator threads"
        )
    import dask

    # Ctrl-C at a terminal reaches the whole process group; stopping the cluster is its
    # owner's job, not each worker's (whose tracebacks would bury the one error line).
    # So the workers are forked from a fork server started with SIGINT and SIGTERM
    # ignored, which they inherit; the nanny stops them through its own channel, or
    # with SIGKILL.
    config = dict(WORKER_CONFIG)
    if _start_forkserver_shielded():
        config["distributed.worker.multiprocessing-method"] = "forkserver"
    with dask.config.set(config), _signals_held() as held:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # No dashboard, and the scheduler's HTTP server (which Dask starts even then)
            # on a free port: a fixed :8787 warns on stderr when another run holds it.
            dashboard_address=":0",
            scheduler_kwargs={"dashboard": False},
        )
    if held:  # interrupted while starting: close what started, then take the signal
        with _quiet_dask():
            cluster.close(timeout=CLOSE_TIMEOUT)
        signal.raise_signal(held[0])
    return cluster


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM while a cluster starts (interrupting Dask mid-start leaves
    it half-built); the list names those that arrived. Main thread only."""
    import threading

    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    stop = (signal.SIGINT, signal.SIGTERM)
    old = {sig: signal.signal(sig, lambda signum, _: held.append(signum)) for sig in stop}
    try:
        yield held
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _start_forkserver_shielded() -> bool:
    """Start multiprocessing's fork server with SIGINT and SIGTERM ignored (True if it runs).

    Only from the main thread on POSIX, and only when no fork server runs yet (one that
    runs already was started by someone else, with whatever signals they chose).
    """
    import multiprocessing
    import threading
    from multiprocessing import forkserver

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    if forkserver._forkserver._forkserver_pid is not None:  # type: ignore[attr-defined]
        return True
    if threading.current_thread() is not threading.main_thread():
        return False
    stop = (signal.SIGINT, signal.SIGTERM)
    old = {sig: signal.signal(sig, signal.SIG_IGN) for sig in stop}
    try:
        forkserver.ensure_running()
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return True


@contextmanager
def connect(
    client: Client | None = None,
    scheduler: str | None = None,
    local_workers: int | None = None,
    translator_threads: int = 1,
) -> Iterator[Client]:
    """The client to use: given, connected to ``scheduler``, on a new local cluster, or current.

    Clusters and clients made here are closed on exit; a given client is left open.
    """
    chosen = [x is not None for x in (client, scheduler, local_workers)]
    if sum(chosen) > 1:
        raise UsageError("choose one of client, scheduler and local_workers")
    if client is not None:
        yield client
        return
    if scheduler is not None:
        try:
            remote = Client(scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}; "
                             "check the address (tcp://HOST:8786) and that it runs") from None
        with remote:
            yield remote
        return
    if local_workers is None:
        current = _current_client()
        if current is not None:
            yield current
            return
        local_workers = max(1, usable_cores() // translator_threads)
    cluster = local_cluster(local_workers, translator_threads)
    try:
        with Client(cluster) as local:  # type: ignore[no-untyped-call]
            yield local
    except BaseException:
        _kill_workers(cluster)  # interrupted or failed: no graceful wait for running tasks
        raise
    finally:
        with _quiet_dask():
            cluster.close(timeout=CLOSE_TIMEOUT)


#: Seconds a local cluster may take to close.
CLOSE_TIMEOUT = 10


def _kill_workers(cluster: LocalCluster) -> None:
    """SIGKILL the worker processes of a local cluster this process started.

    Shards are written to temporary names and renamed when complete, so a killed
    worker leaves no partial output (its temporary file is removed by the next run).
    """
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(getattr(nanny, "process", None), "pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Silence distributed's log lines (a killed worker's warnings) for a moment."""
    import logging

    log = logging.getLogger("distributed")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        log.setLevel(level)


def _current_client() -> Client | None:
    from distributed import default_client

    try:
        current: Client = default_client()  # type: ignore[no-untyped-call]
        return current
    except ValueError:
        return None


def register_pipeline(client: Client, options: Mapping[str, Any]) -> str:
    """Register the :class:`PipelinePlugin` for ``options`` (once) and return its name.

    Every current worker loads the pipeline before this returns; workers that join
    later load it when they join. Registering the same options again does nothing.
    """
    name = plugin_name(options)
    try:
        client.register_plugin(PipelinePlugin(options, name), name=name)
    except Exception as exc:
        with contextlib.suppress(Exception):  # a worker that failed may not have it
            client.unregister_worker_plugin(name)  # type: ignore[no-untyped-call]
        raise WorkerSetupError(
            f"the workers could not load the pipeline ({type(exc).__name__}: {exc}); "
            "every worker needs polyglot-news installed and the glossaries and models "
            "at the same paths"
        ) from None
    return name


def plugin_loads(client: Client) -> dict[str, dict[str, int]]:
    """``{worker address: {plugin name: times loaded}}`` for every polyglot-news plugin."""

    def loads(dask_worker: Any) -> dict[str, int]:
        return {
            name: plugin.loads
            for name, plugin in dask_worker.plugins.items()
            if isinstance(plugin, PipelinePlugin)
        }

    result: dict[str, dict[str, int]] = client.run(loads)
    return result


def thread_warnings(client: Client, translator_threads: int) -> list[str]:
    """Where the cluster runs more threads than cores, or workers with more than one thread."""
    workers = client.scheduler_info(n_workers=-1)["workers"]
    cores: dict[str, int] = client.run(usable_cores)
    notes: list[str] = []
    per_host: dict[str, tuple[int, int]] = {}
    for address, info in workers.items():
        if info.get("nthreads", 1) > 1:
            notes.append(
                f"worker {address} has {info['nthreads']} threads; start workers with "
                "`--nthreads 1` (the extra threads only wait for the pipeline)"
            )
        host = str(info.get("host", address))
        used, available = per_host.get(host, (0, cores.get(address) or 1))
        per_host[host] = (used + translator_threads, available)
    for host, (used, available) in sorted(per_host.items()):
        if used > available:
            notes.append(
                f"host {host}: workers x translator threads = {used} exceeds its {available} "
                "cores; run fewer workers per host or fewer translator threads"
            )
    return notes


def _run_shard(spec: ShardSpec, name: str, options: Mapping[str, Any]) -> ShardResult:
    """The task: process one shard with this worker's pipeline."""
    from distributed import get_worker

    try:
        worker = get_worker().address
    except ValueError:
        worker = None
    with plugin_for(name, options).using() as pipeline:
        return process_shard(spec, pipeline, worker)


def _by_size(specs: list[ShardSpec]) -> list[ShardSpec]:
    """Largest inputs first, so the last task to finish is a short one."""

    def size(spec: ShardSpec) -> int:
        try:
            return os.path.getsize(spec.path)
        except OSError:
            return 0

    return sorted(specs, key=size, reverse=True)


def run_files(
    inputs: Sequence[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    local_workers: int | None = None,
    input_format: str = "text",
    output_format: str = "jsonl",
    field: str = "text",
    unit: str = "line",
    batch_size: int = 32,
    pipeline_options: Mapping[str, Any] | None = None,
    translator_threads: int = 1,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> JobSummary:
    """Process every input file on a Dask cluster into ``output_dir/<same base name>``.

    Args:
        inputs: input files; paths must be readable by every worker (a shared filesystem).
        output_dir: where the workers write the shards (they create it if missing).
        client / scheduler / local_workers: an existing :class:`distributed.Client`, a
            scheduler address (``tcp://host:8786``), or a number of local worker processes
            to start; with none, the current default client or a local cluster of one
            worker per ``translator_threads`` cores.
        input_format: ``"text"`` (records by ``unit``: line, paragraph or file) or ``"jsonl"``
            (the text in ``field``; other fields pass through).
        output_format: ``"jsonl"`` (one :meth:`Document.to_dict` per record, or the input
            object with the document under ``polyglot_news``) or ``"text"``: the same
            bytes ``polyglot-news run --format FORMAT`` writes for that file.
        batch_size: records per translation batch on a worker.
        pipeline_options: :class:`~polyglot_news.Pipeline` keyword arguments (picklable).
        translator_threads: CPU threads of each worker's translator (workers run one task
            thread each, so workers x translator threads should not exceed the cores).
        on_shard: called on the client with each :class:`ShardResult` as it arrives.

    Returns:
        a :class:`JobSummary` of counts; finished shards of an earlier run are skipped
        (``status == "skipped"``), failed records are in ``<shard>.errors.jsonl``.
    """
    started = time.perf_counter()
    specs = plan_shards(inputs, output_dir, input_format=input_format,
                        output_format=output_format, unit=unit, field=field,
                        batch_size=batch_size)
    options = job_options(pipeline_options, translator_threads)
    # Finished shards the client can see need no cluster (workers check again anyway).
    results = [ShardResult(s.source, s.output, "skipped") for s in specs
               if os.path.exists(s.output)]
    todo = [s for s in specs if not os.path.exists(s.output)]
    for result in results:
        if on_shard is not None:
            on_shard(result)
    notes: list[str] = []
    if todo:
        with connect(client, scheduler, local_workers, translator_threads) as active:
            notes = thread_warnings(active, translator_threads)
            name = register_pipeline(active, options)
            results += _gather(active, _by_size(todo), name, options, on_shard)
    order = {spec.source: i for i, spec in enumerate(specs)}
    results.sort(key=lambda r: order[r.source])
    return JobSummary(str(output_dir), tuple(results), time.perf_counter() - started,
                      tuple(notes))


def _gather(
    client: Client,
    specs: list[ShardSpec],
    name: str,
    options: Mapping[str, Any],
    on_shard: Callable[[ShardResult], None] | None,
) -> list[ShardResult]:
    task = functools.partial(_run_shard, name=name, options=dict(options))
    futures = client.map(task, specs, pure=False)
    by_key = {future.key: spec for future, spec in zip(futures, specs, strict=True)}
    results: list[ShardResult] = []
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        try:
            result: ShardResult = future.result()
        except Exception as exc:  # noqa: BLE001 - one shard's crash must not stop the job
            spec = by_key[future.key]
            result = ShardResult(spec.source, spec.output, "failed",
                                 message=f"{type(exc).__name__}: {exc}")
        future.release()
        results.append(result)
        if on_shard is not None:
            on_shard(result)
    return results
