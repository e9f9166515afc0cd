"""Segmentation of the real articles in ../shared/samples (skipped where they are absent).

No text from the articles is copied here: the checks are structural.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from polyglot_news.segmentation import Segment, segment

pytestmark = pytest.mark.samples

_LATIN_LETTER = regex.compile(r"\p{Latin}")
_HAN = regex.compile(r"\p{Han}")


def _samples(samples_dir: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(samples_dir.glob("*.txt"))]


def _covering(segments: list[Segment], offset: int) -> Segment:
    return next(s for s in segments if s.start <= offset < s.end)


def test_samples_tile(samples_dir: Path) -> None:
    for name, text in _samples(samples_dir):
        segments = segment(text)
        assert "".join(s.text for s in segments) == text, name


def test_latin_text_of_the_samples_is_english(samples_dir: Path) -> None:
    """The English articles come out overwhelmingly en: at least 98% of their Latin letters."""
    for name, text in _samples(samples_dir):
        segments = segment(text)
        latin = sum(len(_LATIN_LETTER.findall(s.text)) for s in segments)
        english = sum(len(_LATIN_LETTER.findall(s.text)) for s in segments if s.lang == "en")
        assert latin and english / latin >= 0.98, (name, english / latin)


def test_every_han_character_of_the_samples_is_chinese(samples_dir: Path) -> None:
    for name, text in _samples(samples_dir):
        segments = segment(text)
        for match in _HAN.finditer(text):
            assert _covering(segments, match.start()).lang == "zh", (name, match.start())


def test_keyword_block_of_sample_001_is_one_zh_segment(samples_dir: Path) -> None:
    """The pipe-separated Chinese keyword spam closing sample 001 is zh, Latin bits embedded."""
    paths = sorted(samples_dir.glob("001_*.txt"))
    if not paths:
        pytest.skip("sample 001 is not present")
    text = paths[0].read_text(encoding="utf-8")
    last_line = text.rstrip().rsplit("\n", 1)[-1].strip()
    assert last_line.count("|") >= 10, "sample 001 no longer ends with its keyword block"
    start = text.rindex(last_line)
    segments = segment(text)
    block = _covering(segments, start)
    assert block.lang == "zh" and block.script == "Han"
    assert block.end == len(text) and block is segments[-1]
    inside = [(a, b) for a, b in block.embedded if a >= start]
    assert inside and all(_LATIN_LETTER.search(text, a, b) for a, b in inside)
