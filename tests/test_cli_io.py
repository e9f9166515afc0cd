"""Record readers and writers: nothing lost, line endings and BOMs kept."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_news.io import (
    Failure,
    Writer,
    dumps,
    read_jsonl_items,
    read_text_records,
)


def _stream(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.BytesIO(data), encoding="utf-8", errors="surrogateescape", newline=""
    )


def _roundtrip(data: bytes, unit: str) -> bytes:
    out = io.BytesIO()
    writer = Writer(out)
    for rec in read_text_records(_stream(data), "t", unit):
        writer.write(("\ufeff" if rec.bom else "") + rec.text + rec.newline)
    return out.getvalue()


@pytest.mark.parametrize("unit", ["line", "paragraph", "file"])
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"one line no newline",
        b"a\nb\n",
        b"a\r\nb\r\n",
        b"a\rb\r",
        b"\xef\xbb\xbfbom first\nsecond\n",
        b"bad \xff\xfe bytes\n",
        b"\n\n\npara one\nstill one\n\n\npara two\n\n",
        b"   \n\t\n",
        "中文，\r\nрусский\n".encode(),
    ],
)
def test_text_records_round_trip_byte_exact(data: bytes, unit: str) -> None:
    assert _roundtrip(data, unit) == data


@given(st.binary(max_size=300))
def test_any_bytes_round_trip_in_every_unit(data: bytes) -> None:
    for unit in ("line", "paragraph", "file"):
        assert _roundtrip(data, unit) == data


def test_line_numbers_and_units() -> None:
    recs = list(read_text_records(_stream(b"a\nb\n\nc\n"), "f.txt", "line"))
    assert [(r.text, r.line, r.newline) for r in recs] == [
        ("a", 1, "\n"),
        ("b", 2, "\n"),
        ("", 3, "\n"),
        ("c", 4, "\n"),
    ]
    paras = list(read_text_records(_stream(b"a\nb\n\nc\n"), "f.txt", "paragraph"))
    assert [(r.text, r.line, r.newline) for r in paras] == [("a\nb", 1, "\n\n"), ("c", 4, "\n")]


def test_bom_is_flagged_not_processed() -> None:
    (rec,) = read_text_records(_stream(b"\xef\xbb\xbfhello"), "f", "line")
    assert rec.text == "hello" and rec.bom


def test_strict_utf8_names_the_line() -> None:
    items = list(read_text_records(_stream(b"ok\nbad \xff\nlater\n"), "f.txt", strict=True))
    assert [getattr(i, "text", None) for i in items] == ["ok", None]  # reading stops there
    bad = items[-1]
    assert isinstance(bad, Failure) and bad.fatal
    assert str(bad.to_error()).startswith("f.txt:2: invalid UTF-8 at column 5")


def _one_failure(data: bytes, field: str = "body") -> str:
    (item,) = list(read_jsonl_items(_stream(data), "in.jsonl", field))
    assert isinstance(item, Failure)
    return str(item.to_error())


def test_jsonl_records_and_errors() -> None:
    data = b'{"id": 1, "body": "x"}\n\n{"id": 2, "body": "y"}\n'
    recs = list(read_jsonl_items(_stream(data), "in.jsonl", "body"))
    assert [(r.text, r.line, r.obj["id"]) for r in recs if r.obj] == [("x", 1, 1), ("y", 3, 2)]
    assert _one_failure(b"{nope\n").startswith("in.jsonl:1: malformed JSON")
    assert _one_failure(b'{"text": "x"}\n').startswith("in.jsonl:1: no field 'body'")
    assert _one_failure(b'{"body": 3}\n').startswith("in.jsonl:1: field 'body' is int")
    assert _one_failure(b"[1]\n").startswith("in.jsonl:1: expected a JSON object, got list")


def test_jsonl_failures_keep_their_place_and_reading_goes_on() -> None:
    data = b'{"text": "a"}\nnot json\n{"text": "b"}\n'
    items = list(read_jsonl_items(_stream(data), "in.jsonl", "text"))
    assert [type(i).__name__ for i in items] == ["Record", "Failure", "Record"]
    assert str(items[1].to_error()).startswith("in.jsonl:2: malformed JSON")


def test_dumps_keeps_raw_bytes_as_valid_json() -> None:
    import json

    text = b"bad \xff".decode("utf-8", "surrogateescape")
    line = dumps({"text": text})
    line.encode("utf-8")  # valid UTF-8
    assert json.loads(line)["text"] == text
    assert dumps({"t": "中文"}) == '{"t": "中文"}'
