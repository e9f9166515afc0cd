"""``run``, ``segment``, ``normalize`` and ``translate``: the text-processing subcommands.

Each is a thin loop: read records (:mod:`polyglot_news.cli.io`), hand them to the
library (``run`` and ``translate`` through the one batch driver,
:func:`polyglot_news.batch.drive`), write one result per record in input order.
SIGINT and SIGTERM stop a command at a record boundary: the output ends on a whole
record and the command exits 130 (143 for SIGTERM) with one line on stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import click

from polyglot_news.cli.dask_run import dask_options, run_dask, wants_dask
from polyglot_news.cli.errors import Stopped
from polyglot_news.cli.io import UNITS, Failure, Record, Writer, as_error, read_records
from polyglot_news.cli.notes import UntranslatedNotes
from polyglot_news.cli.progress import progress_option, wants_progress, with_progress
from polyglot_news.io import normalized_dict, render, segments_dict

__all__ = ["run", "segment_cmd", "normalize_cmd", "translate_cmd"]

FORMATS = ("text", "jsonl")


def _input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every text-processing subcommand shares (input side and buffering)."""
    decorators = [
        click.argument("files", nargs=-1, type=click.Path(allow_dash=True, dir_okay=False)),
        click.option(
            "--input", "input_format", type=click.Choice((*FORMATS, "html")), default="text",
            show_default=True, help="Read plain text, JSON Lines objects, or (run only) one "
            "HTML page per file, whose article is extracted first.",
        ),
        click.option(
            "--html", "html_field", is_flag=True,
            help="Run with --input jsonl: the --field holds a page's HTML; its article is "
            "extracted first.",
        ),
        click.option(
            "--field", "field_name", default="text", show_default=True, metavar="NAME",
            help="With --input jsonl: the field holding the text; other fields pass through.",
        ),
        click.option(
            "--unit", type=click.Choice(UNITS), default="line", show_default=True,
            help="With text input: process each line, each blank-line separated paragraph, "
            "or each whole file as one record.",
        ),
        click.option(
            "--on-error", type=click.Choice(["fail", "skip"]), default="fail", show_default=True,
            help="A malformed JSON Lines record stops the run (exit 1) or is reported and "
            "skipped. With Dask, bad records always go to the errors shards; skip makes them "
            "not fail the run.",
        ),
        click.option(
            "--strict-utf8", is_flag=True,
            help="Refuse invalid UTF-8 (exit 1) instead of passing the bytes through unchanged.",
        ),
        click.option(
            "--line-buffered", is_flag=True,
            help="Flush after every record (automatic when stdout is a terminal).",
        ),
        progress_option,
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _language(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--to``: a language code, or bad usage (exit 2) before any input is read."""
    from polyglot_news.errors import UsageError
    from polyglot_news.languages import check_language_code

    try:
        return check_language_code(value, "target")
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


def _model_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--models-dir`` and ``--beam-size``, for the commands that translate."""
    func = click.option("--beam-size", type=click.IntRange(1, 16), default=None,
                        help="Translation beam size.")(func)
    return click.option(
        "--models-dir", type=click.Path(file_okay=False), envvar="POLYGLOT_NEWS_MODELS_DIR",
        help="Where translation models are installed [env: POLYGLOT_NEWS_MODELS_DIR].",
    )(func)


def _cache_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
                        help="Persistent translation cache file (SQLite).")(func)


def _glossary_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--glossary", "glossary_dirs", multiple=True, metavar="PATH",
        type=click.Path(exists=True), help="Extra glossary file or folder (repeatable), "
        "layered over the shipped glossaries.",
    )(func)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived (a KeyboardInterrupt, so no ``except Exception`` stops it)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


class _StopSignals:
    """While a command runs, SIGINT and SIGTERM raise :class:`Interrupted`, never mid-record.

    A signal that arrives while a record is being written is held until the record is
    out; one that arrives anywhere else (reading, waiting for workers) raises at once.
    """

    def __init__(self) -> None:
        self.writing = False
        self.pending: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.writing:
            self.pending = signum
            return
        raise Interrupted(signum)

    def check(self) -> None:
        """Raise the signal held while a record was written, if any."""
        if self.pending is not None:
            signum, self.pending = self.pending, None
            raise Interrupted(signum)


_STOP = _StopSignals()


def _interruptible(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command with :data:`_STOP` handling SIGINT and SIGTERM (main thread only)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            return func(*args, **kwargs)
        old = {sig: signal.signal(sig, _STOP.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            return func(*args, **kwargs)
        except Interrupted as exc:
            raise Stopped(exc.signum) from None
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
            _STOP.writing, _STOP.pending = False, None

    return wrapper


class _Session:
    """Reads the records, drives a processor over them, writes results."""

    def __init__(self, opts: dict[str, Any]) -> None:
        self.files: list[str] = list(opts["files"]) or ["-"]
        if self.files.count("-") > 1:
            raise click.UsageError("stdin ('-') can be read only once")
        # HTML input: one page per file (or a JSONL field); run() extracts the article
        self.html = opts["input_format"] == "html" or opts["html_field"]
        if self.html and click.get_current_context().info_name != "run":
            raise click.UsageError("HTML input (--input html, --html) works with run only")
        if opts["input_format"] == "html":
            opts = {**opts, "input_format": "text", "unit": "file"}
        self.input_format: str = opts["input_format"]
        self.field_name: str = opts["field_name"]
        self.on_error: str = opts["on_error"]
        interactive = sys.stdout.isatty()
        self.writer = Writer(line_buffered=opts["line_buffered"] or interactive)
        self.interactive_input = "-" in self.files and sys.stdin.isatty()
        self.progress = wants_progress(opts.get("progress"), self.files)
        self._batch_size = opts.get("batch_size") or 32
        self._reader_opts = {
            "input_format": opts["input_format"],
            "unit": opts["unit"],
            "field_name": opts["field_name"],
            "strict": opts["strict_utf8"],
        }

    @property
    def batch_size(self) -> int:
        """Records per batch: one when a person types the input, so answers come at once."""
        if self.interactive_input or self.writer.line_buffered:
            return 1
        return int(self._batch_size)

    def items(self) -> Iterator[Record | Failure]:
        """The input records (Failures in place of bad ones), followed by a progress bar on
        stderr when wanted."""
        items = read_records(self.files, **self._reader_opts)
        if self.html:
            items = (
                dataclasses.replace(item, html=True) if isinstance(item, Record) else item
                for item in items
            )
        return with_progress(items, self.files) if self.progress else items

    def records(self) -> Iterator[Record]:
        """The input records; a bad one stops the run or is reported, by ``--on-error``."""
        for item in self.items():
            if isinstance(item, Failure):
                self.failed(item)
            else:
                yield item

    def failed(self, failure: Failure) -> None:
        """Stop the run on ``failure`` (``--on-error fail``, or fatal), or report and go on."""
        error = as_error(failure)
        if failure.fatal or self.on_error == "fail":
            raise error
        click.echo(f"Warning: skipped {error}", err=True)

    def emit(self, record: Record, text: str, details: dict[str, Any] | None) -> None:
        """Write one result: text, or a JSON line when input or output is JSON Lines."""
        self.write(render(record, text, details, field_name=self.field_name))

    def write(self, text: str) -> None:
        """Write output text whole: a stop signal waits until it is out."""
        _STOP.writing = True
        try:
            self.writer.write(text)
        finally:
            _STOP.writing = False
        _STOP.check()

    def finish(self) -> int:
        self.writer.flush()
        return 0


def _pipeline_run(session: _Session, options: dict[str, Any], workers: int, fmt: str) -> int:
    """Drive the records through the pipeline (in this process or ``workers`` processes)."""
    from polyglot_news.batch import drive

    with _runner(options, workers, session.batch_size, isolate=session.html) as runner:
        results = drive(session.items(), runner, stop_on_failure=session.on_error == "fail")
        notes = UntranslatedNotes(options["target"]) if fmt == "text" else None
        for result in results:
            if isinstance(result, Failure):
                session.failed(result)
                continue
            record, doc = result
            if notes is not None:
                notes.observe(doc)
            session.emit(record, doc.text, doc.to_dict() if fmt == "jsonl" else None)
    return session.finish()


@contextlib.contextmanager
def _runner(
    options: dict[str, Any], workers: int, batch_size: int, *, isolate: bool = False
) -> Iterator[Any]:
    """The batch runner: ``workers`` processes, or one pipeline in this process.

    ``isolate``: a record can fail on its own (an HTML page with no article), so a
    failing batch is run again record by record and the failure stands in its place
    (``--on-error`` decides). Worker processes always do this for bad input data.
    """
    if workers > 1:
        from polyglot_news.parallel import PoolRunner

        with PoolRunner(workers, batch_size, options) as pool:
            yield pool
        return
    from polyglot_news.batch import SerialRunner
    from polyglot_news.pipeline import Pipeline

    with Pipeline(**options) as pipeline:
        yield SerialRunner(pipeline, batch_size, isolate=isolate)


def _split_drop(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


@click.command(
    "run",
    epilog="""\b
Examples:
  polyglot-news run article.txt
  cat articles.jsonl | polyglot-news run --input jsonl --field body --format jsonl
  polyglot-news run --no-translate --drop boilerplate,spam --unit paragraph page.txt
  polyglot-news run --dask-local 2 --output-dir out/ archive/*.txt
""",
)
@_input_options
@click.option("--to", "target", default="en", show_default=True, metavar="LANG",
              callback=_language, help="Translate foreign segments into this language.")
@click.option("--no-translate", is_flag=True, help="Only segment, flag and normalize.")
@_glossary_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Write the final text, or one JSON document per record (docs/output-schema.md).")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes; output order and content are the same as with one.")
@click.option("--batch-size", type=click.IntRange(1, 100000), default=32, show_default=True,
              help="Records per batch: translation runs once per batch, and repeated "
              "boilerplate is recognized across the records of a batch.")
@click.option("--drop", metavar="FLAGS",
              help="Remove flagged text from the output: boilerplate, spam or both "
              "(comma-separated); JSON output still records what was dropped and why.")
@click.option("--no-flags", is_flag=True, help="Do not classify boilerplate and spam.")
@click.option("--translate-flagged", is_flag=True, help="Translate flagged segments too.")
@_model_options
@click.option("--threads", type=click.IntRange(0, 256), default=None,
              help="Translator threads per worker (0: the engine's default).")
@_cache_option
@dask_options
@_interruptible
def run(**opts: Any) -> int:
    """Segment, flag, translate and normalize text: the whole pipeline.

    Reads FILES (or stdin when none or '-') and writes one result per record to stdout,
    in input order. With --scheduler or --dask-local it runs on Dask instead, writing one
    output shard per input file into --output-dir (docs/scale-out.md).
    """
    if wants_dask(opts):
        return run_dask(opts)
    session = _Session(opts)
    drop = _split_drop(opts["drop"])
    if opts["no_flags"] and drop:
        raise click.UsageError("--drop needs the flags that --no-flags turns off")
    translator_options = {
        key: opts[key]
        for key in ("models_dir", "beam_size", "threads", "cache_path")
        if opts[key] is not None
    }
    options = {
        "target": opts["target"],
        "translate": not opts["no_translate"],
        "glossary_paths": list(opts["glossary_dirs"]) or None,
        "flag_boilerplate": not opts["no_flags"],
        "drop": drop,
        "translate_flagged": opts["translate_flagged"],
        "translator_options": translator_options,
    }
    return _pipeline_run(session, options, opts["workers"], opts["fmt"])


@click.command(
    "translate",
    epilog="""\b
Examples:
  echo '绍伊古会见了李尚福。' | polyglot-news translate --to en
  polyglot-news translate --format jsonl --models-dir ./models notes.txt
""",
)
@_input_options
@click.option("--to", "target", default="en", show_default=True, metavar="LANG",
              callback=_language, help="Target language (ISO 639-1 code).")
@_glossary_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@_model_options
@_cache_option
@_interruptible
def translate_cmd(**opts: Any) -> int:
    """Translate the foreign segments of text, without other normalization or flags."""
    session = _Session(opts)
    translator_options = {
        k: opts[k] for k in ("models_dir", "cache_path", "beam_size") if opts[k] is not None
    }
    options = {
        "target": opts["target"],
        "translate": True,
        "normalize": False,
        "flag_boilerplate": False,
        "glossary_paths": list(opts["glossary_dirs"]) or None,
        "translator_options": translator_options,
    }
    return _pipeline_run(session, options, 1, opts["fmt"])


@click.command(
    "normalize",
    epilog="""\b
Examples:
  echo 'Sergey Shoygu met Gen. Li Zuo-cheng.' | polyglot-news normalize
  polyglot-news normalize --format jsonl --glossary my-glossaries/ article.txt
""",
)
@_input_options
@_glossary_option
@click.option("--lang", default=None, metavar="LANG",
              help="Treat all text as this language (default: detect per segment).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Write normalized text, or JSON with every change and its glossary entry.")
@_interruptible
def normalize_cmd(**opts: Any) -> int:
    """Normalize name, title, rank and organization variants with the glossaries."""
    from polyglot_news.glossary import Glossary, normalize

    session = _Session(opts)
    glossary = Glossary.load(list(opts["glossary_dirs"]) or None)
    for record in session.records():
        result = normalize(record.text, glossary=glossary, lang=opts["lang"])
        details = None
        if opts["fmt"] == "jsonl":
            details = normalized_dict(record.text, result, record.meta)
        session.emit(record, result.text, details)
    return session.finish()


@click.command(
    "segment",
    epilog="""\b
Examples:
  echo 'Shoigu said: «Это важно», 他说。' | polyglot-news segment
  polyglot-news segment --format jsonl examples/*.txt | jq '.segments[].lang'
""",
)
@_input_options
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv",
              show_default=True,
              help="tsv: one row per segment (source, line, start, end, lang, script, "
              "confidence, text with \\t \\n \\r \\\\ escaped); jsonl: one object per record.")
@_interruptible
def segment_cmd(**opts: Any) -> int:
    """Print the language segments of text, with exact offsets."""
    from polyglot_news.segmentation import segment

    session = _Session(opts)
    for record in session.records():
        segments = segment(record.text)
        if opts["fmt"] == "jsonl" or record.obj is not None:
            details = segments_dict(record.text, segments, record.meta)
            session.emit(record, record.text, details)
            continue
        for seg in segments:
            session.write(
                f"{record.source}\t{record.line}\t{seg.start}\t{seg.end}\t{seg.lang}\t"
                f"{seg.script}\t{seg.confidence:.2f}\t{_escape(seg.text)}\n"
            )
    return session.finish()


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)
