"""Segmentation invariants as hypothesis properties: tiling, valid offsets, determinism, purity."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_news.scripts import KANA_CLASS
from polyglot_news.segmentation import Segment, segment

SCRIPTS = {"Han", "Kana", "Hangul", "Cyrillic", "Latin", "Other", "Common"}
_LATIN = regex.compile(r"\p{Latin}")
# characters of some script (kana marks such as ー are Common in Unicode but count as kana)
_SCRIPT_LETTER = regex.compile(rf"[^\p{{Common}}\p{{Inherited}}\p{{Unknown}}]|{KANA_CLASS}")

# Characters that exercise the boundaries: every script we handle, combining marks,
# Common-script letters (ʼ ー), full-width and ASCII punctuation, emoji and joiners.
PIECES = list(
    "aZé中國のカー한яіўїαاא .。，、「」“”„«»\"'()（）[]1２-|😀ʼ\u0301\u200d\ufeff\t\n"
) + [
    "e\u0301",
    "\U0001f1fa\U0001f1f8",
    "👩\u200d🚀",
]
WORDS = [
    "The", "the", "and", "SCO", "G20", "iPhone", "Li", "Zuocheng", "会议", "举行", "國防部",
    "Россия", "и", "Київ", "ў", "です", "防衛", "Die", "Regierung", "hat", "beschlossen",
    "président", "déclaré", "2023", "。", ",", ".", "(", ")", "“", "”", "«", "»", "|", "😀",
    "ελληνικά", "5", "99", "re", "AV", "-", "한국", "ー",
]  # fmt: skip

texts = st.one_of(
    st.text(),
    # lone surrogates mixed with letters: Python strings may hold them, CLD3 may not
    st.text(st.characters(categories=["Cs", "Ll", "Lu", "Lo", "Zs", "Po"]), max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=40).map("".join),
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_tiling(text: str, segments: list[Segment]) -> None:
    assert "".join(s.text for s in segments) == text
    if not text:
        assert segments == []
        return
    assert segments[0].start == 0 and segments[-1].end == len(text)
    for left, right in zip(segments, segments[1:], strict=False):
        assert left.end == right.start
    for seg in segments:
        assert 0 <= seg.start < seg.end <= len(text)


@FAST
@given(texts)
def test_segments_tile_any_text(text: str) -> None:
    _check_tiling(text, segment(text))


@FAST
@given(texts)
def test_segment_fields_are_valid(text: str) -> None:
    segments = segment(text)
    for seg in segments:
        assert seg.script in SCRIPTS
        assert 0.0 <= seg.confidence <= 1.0
        assert regex.fullmatch(r"[a-z]{2,3}", seg.lang), seg.lang
        assert seg.text == text[seg.start : seg.end]
        spans = list(seg.embedded)
        assert spans == sorted(spans)
        for a, b in spans:
            assert seg.start <= a < b <= seg.end
            assert _LATIN.search(text, a, b)
        for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False):
            assert b1 <= a2


@FAST
@given(texts)
def test_und_only_for_text_without_letters(text: str) -> None:
    segments = segment(text)
    if text and not _SCRIPT_LETTER.search(text):
        assert [(s.lang, s.script) for s in segments] == [("und", "Common")]
    else:
        assert all(s.script != "Common" for s in segments)


@FAST
@given(texts, texts)
def test_deterministic_and_pure(text: str, other: str) -> None:
    first = segment(text)
    segment(other)  # nothing carries over from one call to the next
    second = segment(text)
    assert first == second
    assert [s.to_dict() for s in first] == [s.to_dict() for s in second]


@FAST
@given(texts)
def test_adjacent_segments_differ(text: str) -> None:
    segments = segment(text)
    for left, right in zip(segments, segments[1:], strict=False):
        assert (left.lang, left.script) != (right.lang, right.script)


_KANA = regex.compile(KANA_CLASS)


@FAST
@given(texts)
def test_japanese_only_with_kana(text: str) -> None:
    """Han-only text is never labelled ja."""
    segments = segment(text)
    if not _KANA.search(text):
        assert all(s.lang != "ja" for s in segments)
