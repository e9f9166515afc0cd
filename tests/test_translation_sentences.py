"""The rule-based sentence splitter used before translation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_news.translation.sentences import MAX_SENTENCE_CHARS, sentence_spans, split_sentences

CASES = json.loads(
    (Path(__file__).parent / "cases" / "translation_sentences.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_cases(case: dict[str, Any]) -> None:
    assert [s for _, _, s in split_sentences(case["input"], case["lang"])] == case["expected"]


def test_long_runs_are_cut() -> None:
    text = "word " * 300
    spans = sentence_spans(text, "en")
    assert len(spans) > 1 and all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)


ALPHABET = st.sampled_from(list('ab cd。！？.!?\n"”Шойгу绍伊古 ,，'))


@given(st.text(ALPHABET, max_size=200), st.sampled_from(["zh", "en", "ru"]))
def test_spans_are_ordered_trimmed_and_gaps_are_whitespace(text: str, lang: str) -> None:
    spans = sentence_spans(text, lang)
    previous = 0
    for start, end in spans:
        assert previous <= start < end
        assert not text[previous:start].strip()  # nothing but whitespace is skipped
        assert text[start:end].strip()
        previous = end
    assert not text[previous:].strip()
