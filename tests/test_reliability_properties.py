"""Reliability: no data loss and idempotence, as hypothesis properties.

For ``segment``, ``normalize`` and ``Pipeline.process``, over random Unicode (lone
surrogates included where the API takes them), over text salted with every kind
of glossary variant, and over random mixes of real sample sentences
(``../shared/samples``, read at test time and never copied here):

* the original text is preserved exactly;
* segments tile the text (in order, no gap, no overlap);
* text outside the changed spans is byte-identical (checked from the changes' offsets);
* normalizing normalized text changes nothing;
* the CLI writes exactly one JSON Lines record per input record, in input order, with
  the original text of each, in process and through the installed entry point.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import invoke

import polyglot_news as pn
from polyglot_news.glossary import Glossary, apply_changes

EXE = Path(sys.executable).with_name("polyglot-news")
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "shared" / "samples"

PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- strategies ---------------------------------------------------------------------------------

#: Any code point except surrogates (what valid UTF-8 can carry).
unicode_text = st.text(st.characters(codec="utf-8"), max_size=200)
#: ... and with lone surrogates mixed in (what ``surrogateescape`` and bad producers give).
surrogate_text = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    ),
    max_size=200,
)
#: Characters that stress boundaries: scripts, joiners, marks, controls, quotes.
TRICKY = (
    "a", "Z", "é", "e\u0301", "й", "и\u0306", "Ё", "中", "國", "の", "한", "ا", "ש", " ", "\t",
    "\n", "\r", "\x00", "\x85", "\u2028", "\u200b", "\u200d", "\ufeff", "\u202e", "👍🏽", "🇷🇺",
    "-", "‐", ".", "«", "»", "“", "”", "'", "’", "(", ")", "，", "。", "·", "0", "9", "Ⅻ",
)  # fmt: skip
separators = st.sampled_from(["", " ", "  ", "\n", ", ", ". ", "\u3000", "\t", "«", "»", "-"])


@lru_cache(maxsize=1)
def glossary_forms() -> tuple[str, ...]:
    """Every surface form of the shipped glossary, in every language (sorted, stable)."""
    glossary = Glossary.default()
    forms = {v.form for entry in glossary for lang in ("en", "ru", "zh") for v in entry.forms(lang)}
    return tuple(sorted(forms))


@st.composite
def salted_text(draw: st.DrawFn) -> str:
    """Glossary variants (also case-changed, hyphenated) among tricky characters."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            form = draw(st.sampled_from(glossary_forms()))
            form = draw(st.sampled_from([form, form.upper(), form.lower(), form.replace(" ", "-")]))
            pieces.append(form)
        elif kind == 1:
            pieces.append("".join(draw(st.lists(st.sampled_from(TRICKY), max_size=6))))
        elif kind == 2:
            pieces.append(draw(unicode_text.filter(lambda t: len(t) < 12)))
        pieces.append(draw(separators))
    return "".join(pieces)


any_text = st.one_of(unicode_text, salted_text())


def _insert(text_and_bytes: tuple[str, list[tuple[int, str]]]) -> str:
    text, inserts = text_and_bytes
    for at, char in inserts:
        at = at % (len(text) + 1)
        text = text[:at] + char + text[at:]
    return text


#: Glossary-salted text with undecodable bytes (as ``surrogateescape`` gives them) inside.
escaped_salted_text = st.tuples(
    salted_text(),
    st.lists(
        st.tuples(st.integers(0, 500), st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)),
        min_size=1,
        max_size=4,
    ),
).map(_insert)


@lru_cache(maxsize=1)
def sample_sentences() -> tuple[str, ...]:
    """Sentences of ``../shared/samples/*.txt`` (split on sentence ends and line breaks)."""
    sentences: list[str] = []
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        for line in text.splitlines():
            for part in re.split(r"(?<=[.!?。！？])\s*", line):
                if part.strip():
                    sentences.append(part)
    return tuple(sentences)


@pytest.fixture(scope="module")
def sentences() -> tuple[str, ...]:
    """The sample sentences; skips where ``../shared/samples`` is absent."""
    if not SAMPLES_DIR.is_dir() or not sample_sentences():
        pytest.skip("../shared/samples is not present in this checkout")
    return sample_sentences()


def draw_mix(data: st.DataObject, sentences: Sequence[str]) -> str:
    """A random mix of sample sentences (and a little noise) joined by random separators."""
    picked = data.draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=8))
    out: list[str] = []
    for sentence in picked:
        if data.draw(st.integers(0, 5)) == 0:  # sometimes cut a sentence mid-way
            cut = data.draw(st.integers(0, len(sentence)))
            sentence = sentence[:cut]
        out.append(sentence)
        out.append(data.draw(separators))
    return "".join(out)


# -- checks -------------------------------------------------------------------------------------


def check_segments(text: str) -> None:
    """Segments tile ``text`` exactly and slice the very string they were given."""
    segments = pn.segment(text)
    pos = 0
    for seg in segments:
        assert seg.start == pos < seg.end
        assert seg.text == text[seg.start : seg.end]
        assert all(seg.start <= s < e <= seg.end for s, e in seg.embedded)
        pos = seg.end
    assert pos == len(text)
    assert "".join(s.text for s in segments) == text


def check_outside_changes(text: str, out: str, changes: Sequence[pn.Change]) -> None:
    """Text between the changed spans is identical in ``out``, at the shifted offsets."""
    pos = 0
    shift = 0  # len(out) - len(text) so far
    for change in changes:  # sorted and non-overlapping
        assert pos <= change.start < change.end <= len(text)
        assert text[change.start : change.end] == change.original
        assert out[pos + shift : change.start + shift] == text[pos : change.start]
        at = change.start + shift
        assert out[at : at + len(change.replacement)] == change.replacement
        shift += len(change.replacement) - len(change.original)
        pos = change.end
    assert out[pos + shift :] == text[pos:]
    assert len(out) == len(text) + shift


def check_normalize(text: str, lang: str | None = None) -> None:
    result = pn.normalize(text, lang=lang)
    assert result.source == text
    assert apply_changes(text, result.changes) == result.text
    check_outside_changes(text, result.text, result.changes)
    for change in result.changes:
        assert change.original != change.replacement
    again = pn.normalize(result.text, lang=lang)
    assert again.text == result.text, again.changes  # idempotent
    assert not again.changes


@lru_cache(maxsize=1)
def offline_pipeline() -> pn.Pipeline:
    """The whole pipeline without translation (glossary, flags and segmentation)."""
    return pn.Pipeline(translate=False)


def check_document(text: str, doc: pn.Document) -> None:
    """The document keeps ``text``, its segments tile it, untranslated output replays."""
    assert doc.original == text
    pos = 0
    outputs: list[str] = []
    for seg in doc.segments:
        assert seg.start == pos < seg.end and seg.text == text[seg.start : seg.end]
        pos = seg.end
        if seg.translation is None and not seg.dropped:
            changes = [
                pn.Change(c.start, c.end, c.original, c.replacement, c.entry_id, c.status, "", "")
                for c in seg.changes
            ]
            assert seg.output == apply_changes(seg.text, changes)
            check_outside_changes(seg.text, seg.output, changes)
        outputs.append(seg.output)
    assert pos == len(text)
    if all(seg.translation is None for seg in doc.segments):
        assert doc.text == "".join(outputs)
    record = json.loads(json.dumps(doc.to_dict()))
    assert record["original"] == text
    assert pn.Document.from_dict(record).original == text


# -- random Unicode and glossary-salted text ------------------------------------------------------


@PROPERTY
@given(surrogate_text)
def test_segment_tiles_any_unicode(text: str) -> None:
    check_segments(text)


@PROPERTY
@given(salted_text())
def test_segment_tiles_salted_text(text: str) -> None:
    check_segments(text)


@PROPERTY
@given(any_text, st.sampled_from([None, "en", "ru", "zh"]))
def test_normalize_keeps_what_it_does_not_change(text: str, lang: str | None) -> None:
    check_normalize(text, lang)


@PROPERTY
@given(st.one_of(surrogate_text, escaped_salted_text))
def test_normalize_with_lone_surrogates(text: str) -> None:
    check_normalize(text)


@PROPERTY
@given(any_text)
def test_pipeline_process_loses_nothing(text: str) -> None:
    check_document(text, offline_pipeline().process(text))


@settings(max_examples=40, deadline=None)
@given(st.one_of(surrogate_text, escaped_salted_text))
def test_pipeline_process_with_lone_surrogates(text: str) -> None:
    check_document(text, offline_pipeline().process(text))


@st.composite
def translatable_text(draw: st.DrawFn) -> str:
    """Fixture-model sentences (zh, ru) mixed with salted text: real translation happens."""
    from polyglot_news.translation.fixture import SENTENCES

    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from([zh for zh, _en, _ru in SENTENCES]),
                st.sampled_from([ru for _zh, _en, ru in SENTENCES]),
                salted_text(),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return draw(separators).join(parts)


@pytest.fixture(scope="module")
def translating_pipeline(fixture_models_dir: Path) -> pn.Pipeline:
    """The whole pipeline with the zh->en and ru->en fixture models."""
    return pn.Pipeline(translator_options={"models_dir": str(fixture_models_dir)})


@settings(PROPERTY, max_examples=50)
@given(text=translatable_text())
def test_pipeline_with_translation_loses_nothing(
    translating_pipeline: pn.Pipeline, text: str
) -> None:
    doc = translating_pipeline.process(text)
    check_document(text, doc)
    for seg in doc.segments:
        if seg.translation is not None:
            assert seg.method in ("model", "glossary") and seg.output.strip()


# -- random mixes of real sample sentences -------------------------------------------------


@pytest.mark.samples
@PROPERTY
@given(data=st.data())
def test_segment_tiles_sample_mixes(sentences: tuple[str, ...], data: st.DataObject) -> None:
    check_segments(draw_mix(data, sentences))


@pytest.mark.samples
@PROPERTY
@given(data=st.data(), lang=st.sampled_from([None, "en", "ru", "zh"]))
def test_normalize_sample_mixes(
    sentences: tuple[str, ...], data: st.DataObject, lang: str | None
) -> None:
    check_normalize(draw_mix(data, sentences), lang)


@pytest.mark.samples
@settings(PROPERTY, max_examples=60)
@given(data=st.data())
def test_pipeline_sample_mixes(sentences: tuple[str, ...], data: st.DataObject) -> None:
    text = draw_mix(data, sentences)
    check_document(text, offline_pipeline().process(text))


# -- record count and order: the CLI ------------------------------------------------------

#: One line of text: anything but a line break (U+2028, NEL and friends included).
line_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_characters="\r\n"),
        st.sampled_from([c for c in TRICKY if c not in "\r\n"]),
    ),
    max_size=40,
).map("".join)


def input_text(record: dict[str, object]) -> str:
    """The input line a JSON Lines record stands for: its original, after a leading BOM
    (which is not part of the text, and is recorded as ``meta.bom``)."""
    original = record.get("original", record["text"])
    meta = record["meta"]
    assert isinstance(original, str) and isinstance(meta, dict)
    return ("\ufeff" if meta.get("bom") else "") + original


def meta_of(number: int, line: str) -> dict[str, object]:
    """The ``meta`` of the record for input line ``number`` read from stdin."""
    meta: dict[str, object] = {"source": "<stdin>", "line": number}
    if number == 1 and line.startswith("\ufeff"):
        meta["bom"] = True
    return meta


def parse_jsonl(out: bytes) -> list[dict[str, object]]:
    lines = out.split(b"\n")
    assert lines[-1] == b""
    return [json.loads(line) for line in lines[:-1]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(line_text, max_size=12),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(
        [
            ["run", "--no-translate", "--format", "jsonl"],
            ["normalize", "--format", "jsonl"],
            ["segment", "--format", "jsonl"],
        ]
    ),
)
def test_cli_jsonl_one_record_per_line_in_order(
    lines: list[str], newline: str, args: list[str]
) -> None:
    data = "".join(line + newline for line in lines).encode()
    code, out, err = invoke(args, data)
    assert (code, err) == (0, b"")
    records = parse_jsonl(out)
    assert len(records) == len(lines)
    for number, (record, line) in enumerate(zip(records, lines, strict=True), 1):
        assert input_text(record) == line
        assert record["meta"] == meta_of(number, line)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({"id": st.integers(), "body": line_text}), max_size=10))
def test_cli_jsonl_input_keeps_every_record_and_field(records: list[dict[str, object]]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    args = ["run", "--no-translate", "--input", "jsonl", "--field", "body"]
    code, out, err = invoke(args, data)
    assert (code, err) == (0, b"")
    got = parse_jsonl(out)
    assert [r["id"] for r in got] == [r["id"] for r in records]
    for before, after in zip(records, got, strict=True):
        assert set(after) == {"id", "body"}
        assert after["body"] == offline_pipeline().process(str(before["body"])).text


def corpus(rnd: random.Random, sentences: Sequence[str], count: int) -> list[bytes]:
    """``count`` deterministic lines: sample mixes, glossary variants, tricky and invalid bytes."""
    forms = glossary_forms()
    lines: list[bytes] = []
    for _ in range(count):
        parts = []
        for _ in range(rnd.randint(0, 6)):
            kind = rnd.randint(0, 3)
            if kind == 0 and sentences:
                parts.append(rnd.choice(sentences).encode("utf-8", "surrogateescape"))
            elif kind == 1:
                parts.append(rnd.choice(forms).encode())
            elif kind == 2:
                parts.append("".join(rnd.choice(TRICKY) for _ in range(5)).encode())
            else:
                parts.append(bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 4))))
        line = b" ".join(parts).replace(b"\n", b" ").replace(b"\r", b" ")
        lines.append(line)
    return lines


@pytest.mark.parametrize(
    "args",
    [["run", "--no-translate"], ["run"], ["normalize"], ["segment"]],
    ids=["run-no-translate", "run", "normalize", "segment"],
)
def test_exe_jsonl_record_count_order_and_originals(args: list[str], tmp_path: Path) -> None:
    """Through the installed entry point: 300 mixed lines (invalid bytes too) in, 300 out."""
    sentences = sample_sentences() if SAMPLES_DIR.is_dir() else ()
    lines = corpus(random.Random(1), sentences, 300)
    data = b"\n".join(lines) + b"\n"
    models = tmp_path / "models"
    models.mkdir()
    env = {**os.environ, "POLYGLOT_NEWS_MODELS_DIR": str(models)}
    proc = subprocess.run(
        [str(EXE), *args, "--format", "jsonl"],
        input=data,
        capture_output=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = parse_jsonl(proc.stdout)
    assert len(records) == len(lines)
    for number, (record, line) in enumerate(zip(records, lines, strict=True), 1):
        assert input_text(record).encode("utf-8", "surrogateescape") == line
        assert record["meta"] == meta_of(number, line.decode("utf-8", "surrogateescape"))
