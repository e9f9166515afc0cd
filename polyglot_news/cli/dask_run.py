"""``polyglot-news run --scheduler ADDRESS | --dask-local N --output-dir DIR FILE...``.

The click side of the Dask job (:func:`polyglot_news.scaleout.run_files`): the
options :func:`dask_options` adds to ``run``, and :func:`run_dask`, which ``run``
calls when :func:`wants_dask` says so. Dask is imported only then.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from polyglot_news.errors import UsageError

__all__ = ["dask_options", "wants_dask", "run_dask", "pipeline_options", "exit_status"]

_DASK_KEYS = ("scheduler", "dask_local", "output_dir")


def dask_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--scheduler``, ``--dask-local`` and ``--output-dir`` to a click command."""
    decorators = [
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="Run on the Dask cluster at ADDRESS (tcp://host:8786); needs --output-dir. "
            "One output shard per input file.",
        ),
        click.option(
            "--dask-local",
            type=click.IntRange(1, 1024),
            default=None,
            metavar="N",
            help="Like --scheduler, on a local Dask cluster of N one-thread worker processes.",
        ),
        click.option(
            "--output-dir",
            type=click.Path(file_okay=False),
            default=None,
            metavar="DIR",
            help="With --scheduler/--dask-local: write DIR/<input name> per input file; "
            "failed records go to DIR/<input name>.errors.jsonl and finished shards are "
            "skipped when the job is run again.",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def wants_dask(opts: dict[str, Any]) -> bool:
    """True when any Dask option was given (``run`` then hands over to :func:`run_dask`)."""
    return any(opts.get(key) is not None for key in _DASK_KEYS)


def _split_drop(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


def pipeline_options(opts: dict[str, Any]) -> dict[str, Any]:
    """:class:`~polyglot_news.Pipeline` keyword arguments from ``run``'s options."""
    drop = _split_drop(opts.get("drop"))
    if opts.get("no_flags") and drop:
        raise click.UsageError("--drop needs the flags that --no-flags turns off")
    translator_options = {
        key: opts[key]
        for key in ("models_dir", "beam_size", "threads", "cache_path")
        if opts.get(key) is not None
    }
    return {
        "target": opts.get("target", "en"),
        "translate": not opts.get("no_translate", False),
        "glossary_paths": list(opts.get("glossary_dirs") or ()) or None,
        "flag_boilerplate": not opts.get("no_flags", False),
        "drop": drop,
        "translate_flagged": opts.get("translate_flagged", False),
        "translator_options": translator_options,
    }


def _check(opts: dict[str, Any]) -> None:
    if opts.get("scheduler") and opts.get("dask_local"):
        raise UsageError("choose --scheduler ADDRESS or --dask-local N, not both")
    if not (opts.get("scheduler") or opts.get("dask_local")):
        raise UsageError("--output-dir needs --scheduler ADDRESS or --dask-local N")
    if not opts.get("output_dir"):
        raise UsageError("--scheduler and --dask-local write shards: add --output-dir DIR")
    files = list(opts.get("files") or ())
    if not files or "-" in files:
        raise UsageError("a Dask run reads files, not stdin: name the input files")
    if (opts.get("workers") or 1) > 1:
        raise UsageError("--workers is for one machine; with Dask use --dask-local N")


def run_dask(opts: dict[str, Any]) -> int:
    """Run ``run``'s job on Dask; print a one-line summary on stderr; 0 if no record failed."""
    _check(opts)
    options = pipeline_options(opts)
    from polyglot_news.scaleout import run_files

    threads = options["translator_options"].pop("threads", None) or 1
    summary = run_files(
        list(opts["files"]),
        opts["output_dir"],
        scheduler=opts.get("scheduler"),
        local_workers=opts.get("dask_local"),
        input_format=opts.get("input_format", "text"),
        output_format=opts.get("fmt", "text"),
        field=opts.get("field_name", "text"),
        unit=opts.get("unit", "line"),
        pipeline_options=options,
        translator_threads=threads,
        on_shard=_shard_reporter(),
    )
    for note in summary.warnings:
        click.echo(f"Warning: {note}", err=True)
    for shard in summary.shards:
        if shard.status == "failed":
            click.echo(f"Error: {shard.source}: {shard.message}", err=True)
    click.echo(f"polyglot-news: {summary.describe()}", err=True)
    return exit_status(summary, opts.get("on_error", "fail"))


def exit_status(summary: Any, on_error: str) -> int:
    """The exit status of a Dask run: as :attr:`JobSummary.exit_code`, except that with
    ``--on-error skip`` bad records (kept in the errors shards) do not fail the run; a
    shard that could not be processed at all always does."""
    if on_error == "skip" and summary.failed == 0:
        return 0
    return int(summary.exit_code)


def _shard_reporter() -> Callable[[Any], None] | None:
    """One line per finished shard on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def report(shard: Any) -> None:
        click.echo(
            f"{shard.status}: {shard.output} ({shard.records} records, {shard.errors} errors)",
            err=True,
        )

    return report
