"""Record readers and writers: nothing lost, line endings and BOMs kept."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_news.cli.io import (
    Writer,
    dumps,
    read_jsonl_records,
    read_text_records,
)
from polyglot_news.errors import InputError


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
    with pytest.raises(InputError, match=r"f\.txt:2: invalid UTF-8 at column 5"):
        list(read_text_records(_stream(b"ok\nbad \xff\n"), "f.txt", "line", strict=True))


def test_jsonl_records_and_errors() -> None:
    data = b'{"id": 1, "body": "x"}\n\n{"id": 2, "body": "y"}\n'
    recs = list(read_jsonl_records(_stream(data), "in.jsonl", "body"))
    assert [(r.text, r.line, r.obj["id"]) for r in recs if r.obj] == [("x", 1, 1), ("y", 3, 2)]
    with pytest.raises(InputError, match=r"in\.jsonl:1: malformed JSON"):
        list(read_jsonl_records(_stream(b"{nope\n"), "in.jsonl", "body"))
    with pytest.raises(InputError, match=r"in\.jsonl:1: no field 'body'"):
        list(read_jsonl_records(_stream(b'{"text": "x"}\n'), "in.jsonl", "body"))
    with pytest.raises(InputError, match=r"in\.jsonl:1: field 'body' is int"):
        list(read_jsonl_records(_stream(b'{"body": 3}\n'), "in.jsonl", "body"))
    with pytest.raises(InputError, match=r"in\.jsonl:1: expected a JSON object, got list"):
        list(read_jsonl_records(_stream(b"[1]\n"), "in.jsonl", "body"))


def test_jsonl_skip_reports_and_continues(capsys: pytest.CaptureFixture[str]) -> None:
    data = b'{"text": "a"}\nnot json\n{"text": "b"}\n'
    recs = list(read_jsonl_records(_stream(data), "in.jsonl", "text", on_error="skip"))
    assert [r.text for r in recs] == ["a", "b"]
    assert "in.jsonl:2: malformed JSON" in capsys.readouterr().err


def test_dumps_keeps_raw_bytes_as_valid_json() -> None:
    import json

    text = b"bad \xff".decode("utf-8", "surrogateescape")
    line = dumps({"text": text})
    line.encode("utf-8")  # valid UTF-8
    assert json.loads(line)["text"] == text
    assert dumps({"t": "中文"}) == '{"t": "中文"}'
