"""Reliability: awkward and hostile text input through the real CLI and the library.

Every case goes through the installed ``polyglot-news`` entry point in a subprocess
(real pipes, real exit codes), with translation models pointed at an empty folder.
The rule checked everywhere: nothing crashes, every record comes out, and bytes the
pipeline has no reason to change come out exactly as they went in.

The single large line (~20 MB) lives in ``test_reliability_large_line.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import polyglot_news as pn
from polyglot_news.glossary import apply_changes

EXE = Path(sys.executable).with_name("polyglot-news")

#: Own sentences without glossary terms: `run --no-translate` must give them back unchanged.
PLAIN_EN = "The committee met on Tuesday and agreed on a budget."
PLAIN_RU = "Комитет собрался во вторник и согласовал бюджет."
PLAIN_ZH = "委员会星期二开会并通过了预算。"
#: One glossary variant per line, so we also see that changes still happen around odd bytes.
VARIANT = "Sergey Shoygu"
CANONICAL = "Sergei Shoigu"


def run_exe(
    args: list[str], stdin: bytes, tmp_path: Path, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed entry point with no translation models and no network need."""
    models = tmp_path / "no-models"
    models.mkdir(exist_ok=True)
    env = {**os.environ, "POLYGLOT_NEWS_MODELS_DIR": str(models), "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [str(EXE), *args], input=stdin, capture_output=True, timeout=timeout, env=env
    )


def assert_clean_exit(proc: subprocess.CompletedProcess[bytes]) -> None:
    """Exit 0 and nothing on stderr, or show what went wrong."""
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert proc.stderr == b""


def jsonl(out: bytes) -> list[dict[str, object]]:
    """One object per output line (split on b"\\n" only: U+2028 may stand raw in JSON)."""
    lines = out.split(b"\n")
    assert lines[-1] == b"", "JSON Lines output ends with a newline"
    return [json.loads(line) for line in lines[:-1]]


def raw(text: object) -> bytes:
    """The input bytes a JSON string stands for (undecodable bytes come back as escapes)."""
    assert isinstance(text, str)
    return text.encode("utf-8", "surrogateescape")


def test_plain_sentences_have_no_glossary_terms() -> None:
    """Precondition of the byte-identity tests below."""
    for text in (PLAIN_EN, PLAIN_RU, PLAIN_ZH):
        assert not pn.normalize(text).changes, text


# -- invalid UTF-8 --------------------------------------------------------------------------

INVALID = [
    b"\xff\xfe",  # never valid
    b"\xc3\x28",  # bad continuation
    b"\xe2\x82",  # truncated sequence
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf8\x88\x80\x80\x80",  # 5-byte form
    b"\xc0\xaf",  # overlong slash
]


@pytest.mark.parametrize("command", ["run", "normalize", "segment"])
def test_invalid_utf8_is_kept_byte_exact_by_default(command: str, tmp_path: Path) -> None:
    lines = [f"{PLAIN_EN} ".encode() + bad + f" {VARIANT}".encode() for bad in INVALID]
    data = b"\n".join(lines) + b"\n"
    args = [command, "--format", "jsonl"]
    if command == "run":
        args.insert(1, "--no-translate")
    proc = run_exe(args, data, tmp_path)
    assert_clean_exit(proc)
    records = jsonl(proc.stdout)
    assert len(records) == len(lines)
    for record, line in zip(records, lines, strict=True):
        original = record.get("original", record["text"])
        assert raw(original) == line
        if command != "segment":
            expected = line.replace(VARIANT.encode(), CANONICAL.encode())
            assert raw(record["text"]) == expected


def test_invalid_utf8_text_output_is_byte_exact(tmp_path: Path) -> None:
    data = b"".join(f"{PLAIN_RU} ".encode() + bad + b"\r\n" for bad in INVALID)
    proc = run_exe(["run", "--no-translate"], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data


@pytest.mark.parametrize("command", ["run", "normalize", "segment"])
def test_strict_utf8_reports_the_line_and_exits_1(command: str, tmp_path: Path) -> None:
    data = f"{PLAIN_EN}\n{PLAIN_ZH}\n".encode() + b"bad \xff byte\n" + b"after\n"
    proc = run_exe([command, "--strict-utf8"], data, tmp_path)
    assert proc.returncode == 1
    # Records before the bad line are processed and written (a zh one notes its missing model).
    lines = proc.stderr.decode().splitlines(keepends=True)
    err = "".join(line for line in lines if not line.startswith("Note: "))
    assert err.count("\n") == 1, err  # one line, no traceback
    assert err.startswith("Error: <stdin>:3:") and "UTF-8" in err


def test_invalid_utf8_inside_chinese_text(tmp_path: Path) -> None:
    """An undecodable byte inside a Chinese segment, by default and with --strict-utf8."""
    data = PLAIN_ZH.encode() + b"\xff" + "紹伊古".encode() + b"\n"
    proc = run_exe(["normalize"], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data.replace("紹伊古".encode(), "绍伊古".encode())


def test_strict_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(b"ok\nok\nok\nbroken \xc3\x28\n")
    proc = run_exe(["normalize", "--strict-utf8", str(path)], b"", tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith(f"Error: {path}:4:")


# -- control characters, line endings, BOMs ---------------------------------------------------

CONTROLS = "".join(chr(c) for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
ODD_SEPARATORS = "\x85\u2028\u2029\x1c\x1d\x1e"


def test_nul_and_control_characters_pass_through(tmp_path: Path) -> None:
    lines = [
        f"{PLAIN_EN[:20]}{CONTROLS}{PLAIN_EN[20:]}",
        f"\x00{PLAIN_RU}\x00",
        f"{PLAIN_ZH}{ODD_SEPARATORS}{PLAIN_ZH}",
        "\x00" * 50,
        f"{VARIANT}\x00{VARIANT}\x07",
    ]
    data = "\n".join(lines).encode()
    proc = run_exe(["run", "--no-translate", "--format", "jsonl"], data, tmp_path)
    assert_clean_exit(proc)
    records = jsonl(proc.stdout)
    assert [r["original"] for r in records] == lines
    assert [r["text"] for r in records[:4]] == lines[:4]
    assert records[4]["text"] == f"{CANONICAL}\x00{CANONICAL}\x07"
    text = run_exe(["run", "--no-translate"], data, tmp_path)
    assert_clean_exit(text)
    assert text.stdout == data.replace(VARIANT.encode(), CANONICAL.encode())


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept(newline: str, tmp_path: Path) -> None:
    lines = [PLAIN_EN, "", VARIANT, PLAIN_ZH, "   ", PLAIN_RU]
    data = newline.join(lines).encode() + newline.encode()
    proc = run_exe(["run", "--no-translate"], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data.replace(VARIANT.encode(), CANONICAL.encode())
    records = jsonl(run_exe(["run", "--no-translate", "--format", "jsonl"], data, tmp_path).stdout)
    assert [r["original"] for r in records] == lines


def test_mixed_line_endings_are_kept(tmp_path: Path) -> None:
    data = f"{PLAIN_EN}\r\n{PLAIN_RU}\r{PLAIN_ZH}\n\r\n\n{VARIANT}\r".encode()
    proc = run_exe(["run", "--no-translate"], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data.replace(VARIANT.encode(), CANONICAL.encode())


@pytest.mark.parametrize("unit", ["line", "paragraph", "file"])
def test_bom_is_kept_and_not_processed(unit: str, tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + f"{VARIANT} {PLAIN_EN}\n\n{PLAIN_ZH}\n".encode()
    proc = run_exe(["run", "--no-translate", "--unit", unit], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data.replace(VARIANT.encode(), CANONICAL.encode())
    args = ["run", "--no-translate", "--unit", unit, "--format", "jsonl"]
    records = jsonl(run_exe(args, data, tmp_path).stdout)
    first = records[0]
    assert str(first["original"]).startswith(VARIANT)  # the BOM is not part of the text ...
    assert first["meta"] == {"source": "<stdin>", "line": 1, "bom": True}  # ... but recorded


def test_bom_in_the_middle_and_utf16_bom_bytes(tmp_path: Path) -> None:
    """A U+FEFF inside a line is text; a UTF-16 BOM is just two invalid UTF-8 bytes."""
    data = f"{PLAIN_EN}\ufeff{PLAIN_EN}\n".encode() + b"\xff\xfe" + b"a\x00b\x00\n"
    proc = run_exe(["run", "--no-translate"], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data


# -- Unicode forms, scripts, emoji -----------------------------------------------------------


def test_nfc_and_nfd_are_both_kept_as_written(tmp_path: Path) -> None:
    nfc = "Café résumé — Ёлка и йод, naïve coöperation."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    data = f"{nfc}\n{nfd}\n".encode()
    proc = run_exe(["run", "--no-translate"], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data


def test_nfd_glossary_variant_is_normalized_or_left_alone_never_mangled(tmp_path: Path) -> None:
    """``Шойгу`` in NFD (й as и + U+0306): either matched or untouched; the rest is kept."""
    nfd = unicodedata.normalize("NFD", "Министр Сергей Шойгу прибыл.")
    proc = run_exe(["normalize", "--format", "jsonl"], nfd.encode() + b"\n", tmp_path)
    assert_clean_exit(proc)
    (record,) = jsonl(proc.stdout)
    assert record["original"] == nfd
    assert_outside_changes_identical(nfd, record)


def test_rtl_and_combining_marks(tmp_path: Path) -> None:
    lines = [
        "שלום עולם, this is mixed with עברית and العربية النص",
        "\u202eevil override\u202c then \u200fRLM\u200e LRM \u2067isolate\u2069",
        "Z\u0351\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307a\u0308\u0309\u030a\u030b",
        "\u0301 leading combining mark, Шо\u0301йгу с ударением",
        "ก้้้้้้้้้้้้้้้้้้้ Thai stacked tone marks",
    ]
    data = "\n".join(lines).encode() + b"\n"
    proc = run_exe(["run", "--no-translate", "--format", "jsonl"], data, tmp_path)
    assert_clean_exit(proc)
    records = jsonl(proc.stdout)
    assert [r["original"] for r in records] == lines
    for record in records:
        assert_document_tiles(record)


def test_emoji_and_zero_width_joiners(tmp_path: Path) -> None:
    lines = [
        "👨\u200d👩\u200d👧\u200d👦 family, 🏳️\u200d🌈 flag, 🇨🇳🇷🇺🇬🇧 flags",
        f"{VARIANT}\u200d{VARIANT}",  # a joiner glued to a name
        f"Серге\u200bй Шой\u200cгу and {PLAIN_EN}",  # zero-width space / non-joiner inside
        "👍🏽" * 200,
        "\u200d" * 100,
    ]
    data = "\n".join(lines).encode()
    proc = run_exe(["run", "--no-translate", "--format", "jsonl"], data, tmp_path)
    assert_clean_exit(proc)
    records = jsonl(proc.stdout)
    assert [r["original"] for r in records] == lines
    assert records[3]["text"] == lines[3] and records[4]["text"] == lines[4]
    for record in records:
        assert_document_tiles(record)


# -- edges of the stream -----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "normalize", "segment"])
def test_empty_input(command: str, tmp_path: Path) -> None:
    proc = run_exe([command], b"", tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == b""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run_exe([command, str(empty)], b"", tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == b""


@pytest.mark.parametrize("unit", ["line", "paragraph", "file"])
def test_no_trailing_newline(unit: str, tmp_path: Path) -> None:
    data = f"{PLAIN_EN}\n\n{PLAIN_RU}\n{VARIANT}".encode()
    proc = run_exe(["run", "--no-translate", "--unit", unit], data, tmp_path)
    assert_clean_exit(proc)
    assert proc.stdout == data.replace(VARIANT.encode(), CANONICAL.encode())
    assert not proc.stdout.endswith(b"\n")


def test_only_newlines_and_whitespace(tmp_path: Path) -> None:
    data = b"\n\r\n\r \t \n\x0c\n"
    for args in (["run", "--no-translate"], ["normalize"], ["run", "--unit", "paragraph"]):
        proc = run_exe(args, data, tmp_path)
        assert_clean_exit(proc)
        assert proc.stdout == data


def test_translation_without_models_keeps_text_and_explains(tmp_path: Path) -> None:
    """The default run (translation on) with no models installed: nothing lost, a note."""
    data = f"{PLAIN_ZH}\n{PLAIN_RU}\n".encode() + b"\xff " + PLAIN_ZH.encode() + b"\n"
    proc = run_exe(["run", "--format", "jsonl"], data, tmp_path)
    assert_clean_exit(proc)
    records = jsonl(proc.stdout)
    assert [raw(r["original"]) for r in records] == data.splitlines()
    assert all(r["notes"] for r in records)
    text = run_exe(["run"], data, tmp_path)
    assert text.returncode == 0 and text.stdout == data
    notes = text.stderr.decode().splitlines()  # text mode says why, once per missing pair
    assert [n.split(" text is left untranslated")[0] for n in notes] == ["Note: zh", "Note: ru"]


# -- the library API: lone surrogates ------------------------------------------------------------

SURROGATE_TEXTS = [
    "\ud800",
    "\udfff alone",
    f"{PLAIN_EN} \ud83d {VARIANT}",  # a high surrogate without its low half
    f"{PLAIN_RU}\udcff\udcfe{PLAIN_ZH}",  # what surrogateescape makes of \xff\xfe
    f"{VARIANT}\udc80",
    "\udc00\ud800" * 20,
    "委员会\udcff紹伊古",  # a Chinese segment (traditional Shoigu) holding an undecodable byte
]


@pytest.mark.parametrize("text", SURROGATE_TEXTS, ids=range(len(SURROGATE_TEXTS)))
def test_segment_accepts_lone_surrogates(text: str) -> None:
    segments = pn.segment(text)
    assert "".join(s.text for s in segments) == text


@pytest.mark.parametrize("text", SURROGATE_TEXTS, ids=range(len(SURROGATE_TEXTS)))
def test_normalize_accepts_lone_surrogates(text: str) -> None:
    result = pn.normalize(text)
    assert result.source == text
    assert apply_changes(text, result.changes) == result.text
    if VARIANT in text:
        assert CANONICAL in result.text
    if "紹伊古" in text:
        assert "绍伊古" in result.text


@pytest.mark.parametrize("text", SURROGATE_TEXTS, ids=range(len(SURROGATE_TEXTS)))
def test_pipeline_accepts_lone_surrogates(text: str) -> None:
    doc = pn.Pipeline(translate=False).process(text)
    assert doc.original == text
    assert_document_tiles(doc.to_dict())


# -- helpers ------------------------------------------------------------------------------------


def assert_document_tiles(record: dict[str, object]) -> None:
    """Segments of a ``run --format jsonl`` record tile ``original`` and replay to ``text``."""
    original = record["original"]
    segments = record["segments"]
    assert isinstance(original, str) and isinstance(segments, list)
    pos = 0
    outputs = []
    for seg in segments:
        assert seg["start"] == pos and original[seg["start"] : seg["end"]] == seg["text"]
        pos = seg["end"]
        if seg["translation"] is None and not seg["dropped"]:
            assert seg["output"] == apply_changes(seg["text"], changes_of(seg["changes"]))
        outputs.append(seg["output"])
    assert pos == len(original)
    if all(seg["translation"] is None for seg in segments):
        assert record["text"] == "".join(outputs)


def changes_of(items: list[dict[str, object]]) -> list[pn.Change]:
    return [
        pn.Change(
            int(c["start"]),  # type: ignore[call-overload]
            int(c["end"]),  # type: ignore[call-overload]
            str(c["original"]),
            str(c["replacement"]),
            str(c["entry_id"]),
            str(c["status"]),
            str(c.get("lang", "")),
            str(c["rule"]),
        )
        for c in items
    ]


def assert_outside_changes_identical(original: str, record: dict[str, object]) -> None:
    """``normalize --format jsonl``: replaying the changes gives ``text``; nothing else moved."""
    changes = changes_of(record["changes"])  # type: ignore[arg-type]
    assert apply_changes(original, changes) == record["text"]
