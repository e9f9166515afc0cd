"""Reliability: adversarial text for glossary matching (correctness; speed is a benchmark).

Matching uses no user-supplied regular expressions: glossary forms are literal
strings in Aho-Corasick automata, so a form full of regex syntax matches only
itself, and no text can trigger backtracking. These tests feed the shapes that
break naive matchers (long runs of one character, every glossary variant
concatenated with and without separators, scripts alternating on every character,
forms that overlap each other) and check the results are right and replayable.
Whether time stays linear is measured in ``benchmarks/bench_adversarial.py``
(a ratio, never a timed test).
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

import pytest

import polyglot_news as pn
from polyglot_news.glossary import Glossary, apply_changes

LANGS = [None, "en", "ru", "zh"]


@lru_cache(maxsize=1)
def forms() -> tuple[str, ...]:
    glossary = Glossary.default()
    found = {v.form for e in glossary for lang in ("en", "ru", "zh") for v in e.forms(lang)}
    return tuple(sorted(found))


def check(text: str, lang: str | None, glossary: Glossary | None = None) -> pn.Normalized:
    """Replay, untouched text between changes, idempotence."""
    result = pn.normalize(text, glossary=glossary, lang=lang)
    assert result.source == text
    assert apply_changes(text, result.changes) == result.text
    pos = 0
    for change in result.changes:
        assert pos <= change.start and text[change.start : change.end] == change.original
        pos = change.end
    assert pn.normalize(result.text, glossary=glossary, lang=lang).text == result.text
    return result


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "char", ["a", "A", "Ш", "中", "國", "-", " ", ".", "\u0301", "\x00", "\udcff"]
)
def test_long_runs_of_one_character(char: str, lang: str | None) -> None:
    text = char * 100_000
    result = check(text, lang)
    assert result.text == text and not result.changes


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sep", ["", " ", "-", "\n", "，"])
def test_every_variant_concatenated(sep: str, lang: str | None) -> None:
    text = sep.join(forms())
    result = check(text, lang)
    if sep == " " and lang is None:
        assert result.changes  # the variants among them are found
    assert len(result.changes) <= len(forms())


@pytest.mark.parametrize("lang", LANGS)
def test_every_variant_repeated_many_times(lang: str | None) -> None:
    text = " ".join(forms()) * 20
    check(text, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("unit", ["aЖ中", "a中", "Жa", "中Ж", "a\u0301Ж", "1a-Ж.中 "])
def test_scripts_alternating_on_every_character(unit: str, lang: str | None) -> None:
    text = unit * 600  # small: see the benchmark for how this scales
    result = check(text, lang)
    assert not result.changes


@pytest.mark.parametrize(
    "text",
    [
        "CMC CMC Joint Staff Department",
        "MND MND Spokesman",
        "Ministry of National Defense Ministry of National Defense Spokesman",
        "Col.-Gen.",  # -> Colonel-General, itself a variant of Colonel General
    ],
)
def test_a_replacement_never_forms_a_new_variant_with_its_neighbour(text: str) -> None:
    """Found by the concatenation test and the properties: one pass gives a fixed point."""
    once = pn.normalize(text).text
    assert pn.normalize(once).text == once


@pytest.mark.parametrize("form", ["Shoygu", "Шойгу", "绍伊古", "Sergey Shoygu"])
def test_a_form_repeated_without_separators(form: str) -> None:
    """``ShoyguShoyguShoygu...`` is one long token: replaced nowhere, or everywhere, sanely."""
    text = form * 5000
    result = check(text, None)
    assert len(result.changes) <= 5000


def test_regex_syntax_in_forms_is_literal(tmp_path: Path) -> None:
    """Forms are literal strings: ``(a+)+b`` matches itself and nothing else, instantly."""
    path = tmp_path / "regex.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            kind: organizations
            entries:
              - id: zz_regex_org
                type: org
                canonical: {en: Zqx Regex Org}
                variants:
                  en: ["(a+)+b", ".*", "[Zq]", "Zq|Xv", "a{1000}"]
            """
        ),
        encoding="utf-8",
    )
    glossary = Glossary.load([path], include_shipped=False)
    hostile = "a" * 5000 + "c"
    assert check(hostile, "en", glossary).text == hostile
    result = check("x (a+)+b y .* z [Zq] Zq|Xv a{1000} w", "en", glossary)
    assert result.text == (
        "x Zqx Regex Org y Zqx Regex Org z Zqx Regex Org Zqx Regex Org Zqx Regex Org w"
    )
    plain = "Zq and Xv and aaaa and anything at all"
    assert check(plain, "en", glossary).text == plain
