"""Record I/O: streaming readers, exact JSON Lines passthrough, rendering and writing.

A *record* is one unit of input: a line (default), a paragraph, a whole file, or one
JSON Lines object. Readers yield records lazily, so memory stays bounded by one record
(one batch in the pipeline), and put a :class:`Failure` in the place of a record that
cannot be read, so the caller decides whether to stop or to skip it. Writers put each
result back with the record's own line ending and BOM, so untouched input survives byte
for byte; a JSON Lines object is written back with every member it did not change in the
exact text it came in (``1E5`` stays ``1E5``).

The CLI (``polyglot_news.cli``), ``--workers`` (:mod:`polyglot_news.parallel`) and the
Dask job (:mod:`polyglot_news.scaleout`) all read and write through this module.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from polyglot_news.errors import InputError

__all__ = [
    "UNITS",
    "INPUT_FORMATS",
    "Record",
    "Failure",
    "JsonObject",
    "open_text",
    "read_items",
    "read_text_records",
    "read_jsonl_items",
    "parse_object",
    "render",
    "dumps",
    "Writer",
]

UNITS = ("line", "paragraph", "file")
INPUT_FORMATS = ("text", "jsonl")
BOM = "\ufeff"


class JsonObject:
    """A JSON object as read: each member's key and the exact source text of its value.

    Values are parsed again only when asked for (``obj["id"]``); :meth:`dumps` writes the
    object back with the untouched members' text as it came.
    """

    __slots__ = ("_members",)

    def __init__(self, members: list[tuple[str, str, str]]) -> None:
        self._members = members  # (key, key's JSON text, value's JSON text), in input order

    def __getitem__(self, key: str) -> Any:
        for name, _, raw in self._members:
            if name == key:
                return json.loads(raw)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(name == key for name, _, _ in self._members)

    def keys(self) -> list[str]:
        """The member names, in input order."""
        return [name for name, _, _ in self._members]

    def raw(self, key: str) -> str:
        """The exact JSON text of ``key``'s value as read."""
        for name, _, text in self._members:
            if name == key:
                return text
        raise KeyError(key)

    def dumps(self, updates: Mapping[str, Any]) -> str:
        """The object as one JSON line, ``updates`` set (in place, or appended), rest as read."""
        todo = dict(updates)
        parts = []
        for name, key_text, raw in self._members:
            value = dumps(todo.pop(name)) if name in todo else _escape_raw(raw)
            parts.append(f"{_escape_raw(key_text)}: {value}")
        parts.extend(f"{dumps(name)}: {dumps(value)}" for name, value in todo.items())
        return "{" + ", ".join(parts) + "}"


@dataclass(slots=True)
class Record:
    """One unit of input and where it came from (``line`` is 1-based)."""

    text: str
    source: str
    line: int
    newline: str = ""
    bom: bool = False
    obj: JsonObject | None = field(default=None, repr=False)
    #: ``text`` is a page's HTML: the pipeline extracts the article first.
    html: bool = False

    @property
    def meta(self) -> dict[str, Any]:
        """The ``meta`` the pipeline gets: input name, line, a leading BOM, and ``html``."""
        meta: dict[str, Any] = {"source": self.source, "line": self.line}
        if self.bom:
            meta["bom"] = True
        if self.html:
            meta["html"] = True
        return meta


@dataclass(frozen=True, slots=True)
class Failure:
    """A record that could not be read or processed: its input location and the error.

    ``fatal`` failures (invalid UTF-8 under ``strict``) stop a run whatever the error
    policy; the others can be skipped.
    """

    source: str
    line: int
    error: str
    input: str = field(default="", repr=False)
    fatal: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The errors-shard line for this record."""
        return {"source": self.source, "line": self.line, "error": self.error, "input": self.input}

    def to_error(self) -> InputError:
        """This failure as the :class:`~polyglot_news.errors.InputError` a run stops with."""
        return InputError(self.error, source=self.source, line=self.line)


# -- reading ------------------------------------------------------------------------------


def open_text(name: str) -> IO[str]:
    """Open a file (or ``-`` for stdin) as text that keeps every line ending.

    Invalid UTF-8 bytes are decoded with ``surrogateescape``, so they survive byte-exact
    to the output. Raises :class:`OSError` when the file cannot be opened.
    """
    if name == "-":
        return io.TextIOWrapper(
            sys.stdin.buffer, encoding="utf-8", errors="surrogateescape", newline=""
        )
    return open(name, encoding="utf-8", errors="surrogateescape", newline="")  # noqa: SIM115


def split_newline(line: str) -> tuple[str, str]:
    """``line`` without its line ending, and the line ending (``""`` when none)."""
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def _bad_utf8(line: str, name: str, lineno: int) -> Failure | None:
    if not has_surrogates(line):
        return None
    column = next(i for i, ch in enumerate(line, 1) if "\udc80" <= ch <= "\udcff")
    return Failure(name, lineno, f"invalid UTF-8 at column {column}", fatal=True)


def _checked_lines(stream: IO[str], name: str, strict: bool) -> Iterator[str | Failure]:
    """Lines of ``stream``; with ``strict``, a line of invalid UTF-8 is a fatal Failure."""
    for lineno, line in enumerate(stream, 1):
        bad = _bad_utf8(line, name, lineno) if strict else None
        if bad is not None:
            yield bad
            return
        yield line


def _until_failure(items: Iterable[str | Failure], out: list[Failure]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Failure):
            out.append(item)
            return
        yield item


def read_text_records(
    stream: IO[str], name: str, unit: str = "line", *, strict: bool = False
) -> Iterator[Record | Failure]:
    """The line, paragraph or file records of a text stream (a fatal Failure ends them)."""
    failed: list[Failure] = []
    lines = _until_failure(_checked_lines(stream, name, strict), failed)
    if unit == "file":
        text = "".join(lines)
        bom = text.startswith(BOM)
        if failed:
            yield failed[0]
        elif text or name in ("-", "<stdin>"):
            yield Record(text[1:] if bom else text, name, 1, "", bom)
        return
    if unit == "line":
        for lineno, raw in enumerate(lines, 1):
            text, newline = split_newline(raw)
            bom = lineno == 1 and text.startswith(BOM)
            yield Record(text[1:] if bom else text, name, lineno, newline, bom)
    else:
        yield from _paragraphs(lines, name)
    yield from failed


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
    stripped, last_newline = split_newline(text)
    return Record(stripped, name, start, last_newline + "".join(sep), bom)


def read_jsonl_items(
    stream: IO[str], name: str, field_name: str = "text", *, strict: bool = False
) -> Iterator[Record | Failure]:
    """JSON Lines records whose ``field_name`` holds the text; a Failure per bad line.

    Blank lines are skipped. A bad line (malformed JSON, not an object, no such string
    field, a duplicate key, ``NaN``/``Infinity``, nesting too deep) is one Failure naming
    the file and line; reading goes on after it.
    """
    for lineno, raw in enumerate(_checked_lines(stream, name, strict), 1):
        if isinstance(raw, Failure):
            yield raw
            return
        text, newline = split_newline(raw)
        if lineno == 1 and text.startswith(BOM):
            text = text[1:]
        if not text.strip():
            continue
        try:
            obj, value = parse_object(text, field_name)
        except ValueError as exc:
            yield Failure(name, lineno, str(exc), text)
            continue
        yield Record(value, name, lineno, newline or "\n", False, obj)


def read_items(
    stream: IO[str],
    name: str,
    *,
    input_format: str = "text",
    unit: str = "line",
    field_name: str = "text",
    strict: bool = False,
) -> Iterator[Record | Failure]:
    """The records of one stream as ``input_format`` says, Failures in place of bad ones."""
    if input_format == "jsonl":
        return read_jsonl_items(stream, name, field_name, strict=strict)
    return read_text_records(stream, name, unit, strict=strict)


# -- exact JSON objects ---------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON; write it as a string or null")


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> None:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}; keep one of its values")
        seen.add(key)


# Values are only validated: numbers are never converted (their text is kept), objects
# only checked for duplicate keys.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_refuse_duplicates,
    parse_constant=_refuse_constant,
    parse_float=len,
    parse_int=len,
)
_SPACE = re.compile(r"[ \t\n\r]*")


def parse_object(text: str, field_name: str) -> tuple[JsonObject, str]:
    """Parse one JSON Lines record: the object and the string value of ``field_name``.

    Raises :class:`ValueError` (one line) for malformed JSON, a value that is not an
    object, a duplicate key at any depth, ``NaN``/``Infinity``, nesting too deep for the
    parser, or a missing or non-string ``field_name``.
    """
    try:
        members = _members(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("JSON nested too deep to read; flatten the record") from None
    values = {key: raw for key, _, raw in members}
    if field_name not in values:
        raise ValueError(f"no field {field_name!r}; name the field that holds the text")
    raw = values[field_name]
    if not raw.startswith('"'):
        kind = _kind(raw)
        raise ValueError(f"field {field_name!r} is {kind}, not a string")
    return JsonObject(members), json.loads(raw)


def _kind(raw: str) -> str:
    first = raw[:1]
    kinds = {"{": "dict", "[": "list", "t": "bool", "f": "bool", "n": "NoneType"}
    if first in kinds:
        return kinds[first]
    return "float" if any(c in raw for c in ".eE") else "int"


def _members(text: str) -> list[tuple[str, str, str]]:
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] != "{":
        value = json.loads(text, object_pairs_hook=dict, parse_constant=_refuse_constant)
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    members: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] == "}":
        pos += 1
    else:
        while True:
            if text[pos : pos + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, pos)
            key, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            if key in seen:
                raise ValueError(f"duplicate key {key!r}; keep one of its values")
            seen.add(key)
            key_text = text[pos:end]
            pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
            if text[pos : pos + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            _, end = _DECODER.raw_decode(text, pos)
            members.append((key, key_text, text[pos:end]))
            pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
            char = text[pos : pos + 1]
            if char == "}":
                pos += 1
                break
            if char != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    if _SPACE.match(text, pos).end() != len(text):  # type: ignore[union-attr]
        raise json.JSONDecodeError("Extra data", text, pos)
    return members


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_raw(raw: str) -> str:
    """JSON text as read, with undecodable input bytes (only possible inside strings)
    written as ``\\udcXX`` escapes, so the line stays valid UTF-8 and loses nothing."""
    if not has_surrogates(raw):
        return raw
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)


# -- rendering and writing --------------------------------------------------------------------


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds lone surrogates (undecodable input bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def dumps(obj: Any) -> str:
    """One JSON line: UTF-8 text as is; ``\\uXXXX`` escapes where a string holds raw bytes."""
    line = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    if has_surrogates(line):  # undecodable input bytes: stay valid JSON, lose nothing
        line = json.dumps(obj, ensure_ascii=True, allow_nan=False)
    return line


def render(
    record: Record, text: str, details: Any = None, *, field_name: str = "text"
) -> str:
    """The output line(s) of one record.

    A JSON Lines record comes back as its own object with ``field_name`` set to ``text``
    and, when there are ``details``, those under ``polyglot_news``; other input gives
    ``details`` as one JSON line, or, without details, ``text`` with the record's BOM and
    line ending.
    """
    if record.obj is not None:
        updates: dict[str, Any] = {field_name: text}
        if details is not None:
            updates["polyglot_news"] = details
        return record.obj.dumps(updates) + "\n"
    if details is not None:
        return dumps(details) + "\n"
    return (BOM if record.bom else "") + text + record.newline


class Writer:
    """Writes results to a binary stream, flushing per record when asked."""

    def __init__(self, stream: IO[bytes] | None = None, *, line_buffered: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stdout.buffer
        self.line_buffered = line_buffered

    def write(self, text: str) -> None:
        """Write ``text`` (raw input bytes kept as they came, via surrogateescape)."""
        self.stream.write(text.encode("utf-8", "surrogateescape"))
        if self.line_buffered:
            self.stream.flush()

    def flush(self) -> None:
        """Flush the underlying stream."""
        self.stream.flush()


# -- the JSON Lines records of `normalize` and `segment` ----------------------------------

#: Name and version of the ``normalize --format jsonl`` record; bumped on any incompatible change.
NORMALIZED_SCHEMA = "polyglot-news.normalized"
#: Name and version of the ``segment --format jsonl`` record; bumped on any incompatible change.
SEGMENTS_SCHEMA = "polyglot-news.segments"
SCHEMA_VERSION = 1


def normalized_dict(original: str, result: Any, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The versioned JSON record of one normalized text (see docs/output-schema.md).

    ``result`` is what :func:`polyglot_news.normalize` returned for ``original``.
    """
    return {
        "schema": NORMALIZED_SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "text": result.text,
        "original": original,
        "changes": [c.to_dict() for c in result.changes],
        "meta": dict(meta),
    }


def segments_dict(text: str, segments: Iterable[Any], meta: Mapping[str, Any]) -> dict[str, Any]:
    """The versioned JSON record of one text's segments (see docs/output-schema.md)."""
    return {
        "schema": SEGMENTS_SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "text": text,
        "segments": [s.to_dict() for s in segments],
        "meta": dict(meta),
    }
