"""`glossary suggest`: name-like spans, romanized fuzzy comparison, and suggestions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_news.glossary_tools.files import load_docs
from polyglot_news.glossary_tools.romanize import PINYIN, romanize
from polyglot_news.glossary_tools.suggest import (
    Suggestion,
    format_suggestion,
    name_spans,
    nearest_forms,
    read_corpus,
    suggest,
)

FIXTURE = Path(__file__).parent / "cases" / "glossary_tools" / "glossaries"


@pytest.fixture(scope="module")
def docs() -> list:
    """The parsed test glossary."""
    return load_docs([FIXTURE])


def _suggest(text: str, docs: list, **kw) -> list[Suggestion]:
    return suggest([("t.txt", text)], docs, glossary=None, **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Шойгу", "shoygu"),
        ("Валерий Герасимов", "valeriy gerasimov"),
        ("Ковалёв", "kovalev"),
        ("Xu Qi-liang", "xu qiliang"),
        ("绍伊古", "shao yi gu"),
        ("紹伊古", "shao yi gu"),
        ("蕭依古", "xiao yi gu"),
    ],
)
def test_romanize(text: str, expected: str) -> None:
    assert romanize(text) == expected


def test_pinyin_table_covers_the_fixture_glossary(docs: list) -> None:
    chars = {ch for doc in docs for ch in doc.text if "\u4e00" <= ch <= "\u9fff"} - set("国部长")
    assert chars - set(PINYIN) <= {"紹"}  # traditional characters are simplified first


def test_name_spans_latin_cyrillic_chinese() -> None:
    text = "Then Defense Minister Sergey Shoygu met Сергей Шойгу and 谢尔盖·绍伊古 with 王又侠."
    spans = {(c.text, c.lang) for c in name_spans(text)}
    assert ("Sergey Shoygu", "en") in spans
    assert ("Defense Minister Sergey Shoygu", "en") in spans
    assert ("Сергей Шойгу", "ru") in spans
    assert ("谢尔盖·绍伊古", "zh") in spans
    assert ("王又侠", "zh") in spans
    assert ("Russia", "en") in {(c.text, c.lang) for c in name_spans("Russia's army")}


@given(st.text(alphabet=st.sampled_from(list("Ab Cd-'’s.\nШой гу 王又侠·")), max_size=40))
def test_name_spans_are_spans_of_the_text(text: str) -> None:
    for cand in name_spans(text):
        assert text[cand.start : cand.end] == cand.text
        assert cand.text.strip() == cand.text and cand.text


def test_suggests_spelling_variant_with_count_and_context(docs: list) -> None:
    text = "Talks in Moscow.\nSergey Shoygu met Xu Qiliang.\nLater Sergey Shoygu left."
    [item] = _suggest(text, docs)
    assert (item.form, item.lang, item.count, item.entry_id) == (
        "Sergey Shoygu",
        "en",
        2,
        "sergei_shoigu",
    )
    assert item.closest == "Sergey Shoigu" and item.score >= 80
    assert item.where == "t.txt:2" and item.context == "Sergey Shoygu met Xu Qiliang."
    assert item.command() == "polyglot-news glossary add sergei_shoigu --variant 'en=Sergey Shoygu'"
    assert format_suggestion(item).splitlines()[2] == item.command()


def test_short_and_cyrillic_and_chinese_variants(docs: list) -> None:
    text = "Шойгуу спорил. 格拉西莫夫和格拉西莫弗会面，蕭依古也在。Gerasimow spoke."
    found = {(s.form, s.entry_id, s.short) for s in _suggest(text, docs)}
    assert found == {
        ("Шойгуу", "sergei_shoigu", True),
        ("格拉西莫弗", "valery_gerasimov", True),  # same pinyin, another character
        ("蕭依古", "sergei_shoigu", True),  # a Taiwan rendering: xiao yi gu ~ shao yi gu
        ("Gerasimow", "valery_gerasimov", True),
    }


def test_known_forms_derived_words_and_phrases_are_not_suggested(docs: list) -> None:
    text = (
        "Sergei Shoigu and Shoigu met. Valery was there. Putinism? Shoigus. "
        "General Valery Gerasimov spoke. Speaking of Xu Qi-liang."
    )
    assert _suggest(text, docs) == []


def test_min_score(docs: list) -> None:
    text = "Sergey Shoygu spoke."
    assert _suggest(text, docs, min_score=95) == []
    assert _suggest(text, docs, min_score=80)


def test_nearest_forms(docs: list) -> None:
    lines = nearest_forms("Shoygoo", docs, ["en"])
    assert lines[0].startswith("'Shoygu' (sergei_shoigu, en, score")


def test_read_corpus_reads_folders_and_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.md").write_text("skip", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe bad")
    with pytest.raises(Exception, match="c.txt: not UTF-8"):
        read_corpus([str(tmp_path)])
    (tmp_path / "c.txt").unlink()
    assert [text for _, text in read_corpus([str(tmp_path)])] == ["one"]


@pytest.mark.samples
def test_suggest_on_samples_with_a_thin_glossary(samples_dir: Path, tmp_path: Path) -> None:
    """With only canonical and short forms, the samples' Shoygu spellings are matched by the
    romanization rule, so they are not suggested."""
    thin = tmp_path / "glossaries"
    shutil.copytree(FIXTURE, thin)
    people = thin / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace(
            "        - {form: Shoygu, status: admitted, short: true}   # short form variant\n", ""
        ),
        encoding="utf-8",
    )
    found = {
        (s.form, s.entry_id)
        for s in suggest(read_corpus([str(samples_dir)]), load_docs([thin]), folders=[str(thin)])
    }
    assert ("Sergey Shoygu", "sergei_shoigu") not in found
    assert ("Shoygu", "sergei_shoigu") not in found
