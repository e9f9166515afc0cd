"""Streaming record readers and writers shared by the text-processing subcommands.

A *record* is one unit of input: a line (default), a paragraph, a whole file,
or one JSON Lines object. Readers yield records lazily, so memory stays
bounded by one record (one batch in the pipeline); writers put each result
back with the record's own line ending and BOM, so untouched input survives
byte for byte.
"""

from __future__ import annotations

import codecs
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import click

from polyglot_news.errors import InputError

__all__ = [
    "UNITS",
    "Record",
    "open_input",
    "read_records",
    "read_text_records",
    "read_jsonl_records",
    "Writer",
    "dumps",
]

UNITS = ("line", "paragraph", "file")
BOM = "\ufeff"


@dataclass(slots=True)
class Record:
    """One unit of input and where it came from (``line`` is 1-based)."""

    text: str
    source: str
    line: int
    newline: str = ""
    bom: bool = False
    obj: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def meta(self) -> dict[str, Any]:
        """The ``meta`` stored in JSON Lines output: input name, line, and a leading BOM if any."""
        meta: dict[str, Any] = {"source": self.source, "line": self.line}
        if self.bom:
            meta["bom"] = True
        return meta


def open_input(name: str) -> IO[str]:
    """Open a file (or ``-`` for stdin) as text that keeps every line ending.

    Invalid UTF-8 bytes are decoded with ``surrogateescape``, so they survive
    byte-exact to the output; strict readers check for them line by line.
    """
    if name == "-":
        return io.TextIOWrapper(
            sys.stdin.buffer, encoding="utf-8", errors="surrogateescape", newline=""
        )
    try:
        return open(name, encoding="utf-8", errors="surrogateescape", newline="")  # noqa: SIM115
    except OSError as exc:
        raise click.BadParameter(f"cannot open {name}: {exc.strerror}", param_hint="FILE") from exc


def _split_newline(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def _checked_lines(stream: IO[str], name: str, strict: bool = False) -> Iterator[str]:
    """Lines of ``stream``; with ``strict``, a line holding invalid UTF-8 raises InputError."""
    for lineno, line in enumerate(stream, 1):
        if strict and _has_surrogates(line):
            column = next(i for i, ch in enumerate(line, 1) if "\udc80" <= ch <= "\udcff")
            raise InputError(
                f"invalid UTF-8 at column {column}; drop --strict-utf8 to pass such bytes "
                "through unchanged",
                source=name,
                line=lineno,
            )
        yield line


def read_text_records(
    stream: IO[str], name: str, unit: str = "line", *, strict: bool = False
) -> Iterator[Record]:
    """Yield the line, paragraph or file records of a text stream."""
    lines = _checked_lines(stream, name, strict)
    if unit == "file":
        text = "".join(lines)
        bom = text.startswith(BOM)
        if text or name == "-":
            yield Record(text[1:] if bom else text, name, 1, "", bom)
        return
    if unit == "line":
        for lineno, raw in enumerate(lines, 1):
            text, newline = _split_newline(raw)
            bom = lineno == 1 and text.startswith(BOM)
            yield Record(text[1:] if bom else text, name, lineno, newline, bom)
        return
    yield from _paragraphs(lines, name)


def _paragraphs(lines: Iterable[str], name: str) -> Iterator[Record]:
    """Paragraph records: text runs separated by blank lines, separators kept in ``newline``."""
    body: list[str] = []
    sep: list[str] = []
    pending: list[str] = []  # blank lines before the first paragraph
    start, bom = 1, False
    for lineno, raw in enumerate(lines, 1):
        if lineno == 1 and raw.startswith(BOM):
            bom, raw = True, raw[1:]
        blank = not raw.strip()
        if not blank and sep:
            yield _paragraph(body, sep, name, start, bom)
            body, sep, bom = [], [], False
        if blank:
            (sep if body else pending).append(raw)
            continue
        if not body:
            start, body, pending = lineno - len(pending), pending, []
        body.append(raw)
    if body:
        yield _paragraph(body, sep, name, start, bom)
    elif pending:
        yield Record("", name, 1, "".join(pending), bom)


def _paragraph(body: list[str], sep: list[str], name: str, start: int, bom: bool) -> Record:
    text = "".join(body)
    stripped, last_newline = _split_newline(text)
    return Record(stripped, name, start, last_newline + "".join(sep), bom)


def read_jsonl_records(
    stream: IO[str], name: str, field_name: str, on_error: str = "fail", *, strict: bool = False
) -> Iterator[Record]:
    """Yield JSON Lines records whose ``field_name`` holds the text to process.

    A malformed record raises :class:`InputError` (``on_error="fail"``) or is
    reported on stderr and skipped (``on_error="skip"``). Blank lines are skipped.
    """
    for lineno, raw in enumerate(_checked_lines(stream, name, strict), 1):
        text, newline = _split_newline(raw)
        if lineno == 1 and text.startswith(BOM):
            text = text[1:]
        if not text.strip():
            continue
        try:
            obj = _parse_record(text, field_name)
        except ValueError as exc:
            error = InputError(str(exc), source=name, line=lineno)
            if on_error == "fail":
                raise error from None
            click.echo(f"Warning: skipped {error}", err=True)
            continue
        yield Record(obj[field_name], name, lineno, newline or "\n", False, obj)


def _parse_record(text: str, field_name: str) -> dict[str, Any]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    if field_name not in obj:
        raise ValueError(f"no field {field_name!r}; choose the text field with --field NAME")
    if not isinstance(obj[field_name], str):
        raise ValueError(f"field {field_name!r} is {type(obj[field_name]).__name__}, not a string")
    return obj


def read_records(
    names: Iterable[str],
    *,
    input_format: str = "text",
    unit: str = "line",
    field_name: str = "text",
    on_error: str = "fail",
    strict: bool = False,
) -> Iterator[Record]:
    """Records of every named input in order (``-`` is stdin)."""
    for name in names:
        stream = open_input(name)
        label = "<stdin>" if name == "-" else name
        try:
            if input_format == "jsonl":
                yield from read_jsonl_records(stream, label, field_name, on_error, strict=strict)
            else:
                yield from read_text_records(stream, label, unit, strict=strict)
        finally:
            if name != "-":
                stream.close()


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def dumps(obj: Any) -> str:
    """One JSON line: UTF-8 text as is; ``\\uXXXX`` escapes where a string holds raw bytes."""
    line = json.dumps(obj, ensure_ascii=False)
    if _has_surrogates(line):  # undecodable input bytes: stay valid JSON, lose nothing
        line = json.dumps(obj, ensure_ascii=True)
    return line


class Writer:
    """Writes results to a binary stream, flushing per record when asked."""

    def __init__(self, stream: IO[bytes] | None = None, *, line_buffered: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stdout.buffer
        self.line_buffered = line_buffered
        self._encode = codecs.getencoder("utf-8")

    def write(self, text: str) -> None:
        """Write ``text`` (raw input bytes kept as they came, via surrogateescape)."""
        self.stream.write(text.encode("utf-8", "surrogateescape"))
        if self.line_buffered:
            self.stream.flush()

    def flush(self) -> None:
        """Flush the underlying stream."""
        self.stream.flush()
