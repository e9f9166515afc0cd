"""``run``, ``segment``, ``normalize`` and ``translate``: the text-processing subcommands.

Each is a thin loop: read records (:mod:`polyglot_news.cli.io`), hand them to the
library, write one result per record in input order.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from polyglot_news.cli.dask_run import dask_options, run_dask, wants_dask
from polyglot_news.cli.io import UNITS, Record, Writer, dumps, read_records

__all__ = ["run", "segment_cmd", "normalize_cmd", "translate_cmd"]

FORMATS = ("text", "jsonl")


def _input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every text-processing subcommand shares (input side and buffering)."""
    decorators = [
        click.argument("files", nargs=-1, type=click.Path(allow_dash=True, dir_okay=False)),
        click.option(
            "--input", "input_format", type=click.Choice(FORMATS), default="text",
            show_default=True, help="Read plain text, or JSON Lines objects.",
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
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _glossary_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--glossary", "glossary_dirs", multiple=True, metavar="PATH",
        type=click.Path(exists=True), help="Extra glossary file or folder (repeatable), "
        "layered over the shipped glossaries.",
    )(func)


class _Session:
    """Reads the records, drives a processor over them, writes results."""

    def __init__(self, opts: dict[str, Any]) -> None:
        self.files: list[str] = list(opts["files"]) or ["-"]
        if self.files.count("-") > 1:
            raise click.UsageError("stdin ('-') can be read only once")
        self.input_format: str = opts["input_format"]
        self.field_name: str = opts["field_name"]
        interactive = sys.stdout.isatty()
        self.writer = Writer(line_buffered=opts["line_buffered"] or interactive)
        self.interactive_input = "-" in self.files and sys.stdin.isatty()
        self._batch_size = opts.get("batch_size") or 32
        self._reader_opts = {
            "input_format": opts["input_format"],
            "unit": opts["unit"],
            "field_name": opts["field_name"],
            "on_error": opts["on_error"],
            "strict": opts["strict_utf8"],
        }

    @property
    def batch_size(self) -> int:
        """Records per batch: one when a person types the input, so answers come at once."""
        if self.interactive_input or self.writer.line_buffered:
            return 1
        return int(self._batch_size)

    def records(self) -> Iterator[Record]:
        """The input records, with a progress bar on a terminal when reading files."""
        records = read_records(self.files, **self._reader_opts)
        if sys.stderr.isatty() and "-" not in self.files:
            return _with_progress(records, self.files)
        return records

    def emit(self, record: Record, text: str, details: dict[str, Any] | None) -> None:
        """Write one result: text, or a JSON line when input or output is JSON Lines."""
        if record.obj is not None:
            obj = dict(record.obj)
            obj[self.field_name] = text
            if details is not None:
                obj["polyglot_news"] = details
            self.writer.write(dumps(obj) + "\n")
        elif details is not None:
            self.writer.write(dumps(details) + "\n")
        else:
            self.writer.write(("\ufeff" if record.bom else "") + text + record.newline)

    def finish(self) -> int:
        self.writer.flush()
        return 0


def _with_progress(records: Iterable[Record], files: list[str]) -> Iterator[Record]:
    from tqdm import tqdm

    total = sum(os.path.getsize(f) for f in files if os.path.isfile(f))
    with tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, leave=False) as bar:
        for record in records:
            bar.update(len(record.text.encode("utf-8", "surrogateescape")) + len(record.newline))
            yield record


def _pipeline_run(session: _Session, options: dict[str, Any], workers: int, fmt: str) -> int:
    records = session.records()
    # Keep each record beside its document without holding more than the in-flight batch.
    pending: deque[Record] = deque()

    def items() -> Iterator[tuple[str, dict[str, Any]]]:
        for record in records:
            pending.append(record)
            yield record.text, record.meta

    if workers > 1:
        from polyglot_news.parallel import process_parallel

        docs = process_parallel(
            items(), workers=workers, batch_size=session.batch_size, pipeline_options=options
        )
    else:
        from polyglot_news.pipeline import Pipeline

        docs = Pipeline(**options).process_many(items(), batch_size=session.batch_size)
    for doc in docs:
        record = pending.popleft()
        session.emit(record, doc.text, doc.to_dict() if fmt == "jsonl" else None)
    return session.finish()


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
              help="Translate foreign segments into this language.")
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
@click.option("--models-dir", type=click.Path(file_okay=False), envvar="POLYGLOT_NEWS_MODELS_DIR",
              help="Where translation models are installed [env: POLYGLOT_NEWS_MODELS_DIR].")
@click.option("--beam-size", type=click.IntRange(1, 16), default=None,
              help="Translation beam size.")
@click.option("--threads", type=click.IntRange(0, 256), default=None,
              help="Translator threads per worker (0: the engine's default).")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
              help="Persistent translation cache file (SQLite).")
@dask_options
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
              help="Target language.")
@_glossary_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--models-dir", type=click.Path(file_okay=False), envvar="POLYGLOT_NEWS_MODELS_DIR",
              help="Where translation models are installed [env: POLYGLOT_NEWS_MODELS_DIR].")
@click.option("--beam-size", type=click.IntRange(1, 16), default=None,
              help="Translation beam size.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False),
              help="Persistent translation cache file (SQLite).")
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
def normalize_cmd(**opts: Any) -> int:
    """Normalize name, title, rank and organization variants with the glossaries."""
    from polyglot_news.glossary import Glossary, normalize

    session = _Session(opts)
    glossary = Glossary.load(list(opts["glossary_dirs"]) or None)
    for record in session.records():
        result = normalize(record.text, glossary=glossary, lang=opts["lang"])
        details = None
        if opts["fmt"] == "jsonl":
            details = {
                "text": result.text,
                "original": record.text,
                "changes": [_change_dict(c) for c in result.changes],
                "meta": record.meta,
            }
        session.emit(record, result.text, details)
    return session.finish()


def _change_dict(change: Any) -> dict[str, Any]:
    keys = ("start", "end", "original", "replacement", "entry_id", "status", "lang", "rule")
    return {k: getattr(change, k) for k in keys if hasattr(change, k)}


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
def segment_cmd(**opts: Any) -> int:
    """Print the language segments of text, with exact offsets."""
    from polyglot_news.segmentation import segment

    session = _Session(opts)
    for record in session.records():
        segments = segment(record.text)
        if opts["fmt"] == "jsonl" or record.obj is not None:
            details = {"text": record.text, "segments": [s.to_dict() for s in segments],
                       "meta": record.meta}
            session.emit(record, record.text, details)
            continue
        for seg in segments:
            session.writer.write(
                f"{record.source}\t{record.line}\t{seg.start}\t{seg.end}\t{seg.lang}\t"
                f"{seg.script}\t{seg.confidence:.2f}\t{_escape(seg.text)}\n"
            )
    return session.finish()


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)
