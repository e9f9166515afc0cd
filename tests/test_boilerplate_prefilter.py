"""The precision layer's prefilter: a pattern runs only on units that hold one of its literals,
so it must never skip a unit the pattern matches (flags stay exactly those of running every
pattern on every unit)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from polyglot_news.boilerplate import _rules as R
from polyglot_news.boilerplate import classify
from polyglot_news.boilerplate._units import units_of

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def test_needles_are_literals_every_match_holds() -> None:
    assert R.needles(re.compile(r"\bback to top\b|返回顶部", re.I)) == {"back to top", "返回顶部"}
    assert R.needles(re.compile(r"ICP\s*[备備]")) == {"icp"}
    assert R.needles(re.compile(r"[▲▼]\s*\d")) == {"▲", "▼"}
    assert R.needles(re.compile(r"\bcomments?\b")) == {"comment"}
    assert R.needles(re.compile(r"\d+|abc")) is None  # one alternative holds no literal
    assert R.needles(re.compile(r"(?:abc)?\d")) is None  # an optional part is no evidence


def _check(text: str) -> None:
    """Every pattern that matches a unit of ``text`` is among the unit's candidates."""
    for u in units_of(text):
        for rx in R._FILTERED:
            if rx.search(u.s):
                assert u.cand & R._BIT[id(rx)], (rx.pattern[:40], u.s)


@pytest.mark.parametrize(
    "text",
    [
        "Share on Facebook\n\nRead more\n\n© 2023 Example News. All rights reserved.",
        "ſhare\n\nSHARE\n\nКоммЕнтарии\n\nICP备12345678号 | 京公网安备 110000",  # re's case folding
        "Back to top\n\nİstanbul, 2023-04-01\n\nsaid the minister",  # "İ" lowercases to 2 chars
        "Please visit our website for more news.\n\nYour support matters. Donate now.",
    ],
)
def test_candidates_never_skip_a_match(text: str) -> None:
    _check(text)


def test_candidates_fall_back_to_all_patterns_when_lowercasing_changes_length() -> None:
    assert all(u.cand == -1 for u in units_of("İstanbul\n\nBack to top"))


def test_prefilter_keeps_the_verdicts_of_running_every_pattern() -> None:
    text = "Moscow talks ended on Monday, officials said.\n\nſhare\n\nBack to top"
    for u in units_of(text):
        ctx = R.Context("en")
        assert R.judge(u.s, u.fp, 0, ctx, u.cand) == R.judge(u.s, u.fp, 0, ctx, -1)
    assert [b.code for b in classify(text)] == ["prose", "share", "back-to-top"]


def test_candidates_on_real_pages() -> None:
    pages = SHARED / "eval" / "boilerplate" / "pages.jsonl.gz"
    if not pages.is_file():
        pytest.skip(f"{pages} is absent")
    with gzip.open(pages, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh][::16]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "samples").glob("*.txt"))]
    for text in texts:
        _check(text)
        for u in units_of(text):
            ctx = R.Context(None)
            assert R.judge(u.s, u.fp, 0, ctx, u.cand) == R.judge(u.s, u.fp, 0, ctx, -1)
