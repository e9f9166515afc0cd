"""The glossary engine at scale: script passes, ambiguous forms, the compiled cache."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.glossary import Glossary, apply_changes, normalize

_PIECES = [
    "Sergey Shoygu",
    "Шойгу",
    "Сергея Шойгу",
    "習近平",
    "习近平",
    " met ",
    "，",
    "。",
    " ",
    "\n",
    "Xu Qi-liang",
    "Li Shang-fu",
    "сказал",
    "G20",
]


def test_lang_none_does_not_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    """normalize(lang=None) splits by script; it never runs the language segmenter."""
    import polyglot_news.segmentation as segmentation

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("normalize(lang=None) ran the segmenter")

    monkeypatch.setattr(segmentation, "segment", refuse)
    result = normalize("Sergey Shoygu met 習近平 and Сергея Шойгу.")
    assert result.text == "Sergei Shoigu met 习近平 and Сергея Шойгу."


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_lang_none_replays_and_is_idempotent(pieces: list[str]) -> None:
    text = "".join(pieces)
    result = normalize(text)
    assert apply_changes(text, result.changes) == result.text
    assert not normalize(result.text).changes


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Министр Сергей Шойгу заявил, что Сергея Шойгу ждут.", "ru"),
        ("習近平會見了來訪的客人。", "zh"),
        ("Sergey Shoygu met Xu Qi-liang.", "en"),
    ],
)
def test_lang_none_equals_the_language_on_one_script(text: str, lang: str) -> None:
    assert normalize(text) == normalize(text, lang=lang)


# -- ambiguous forms ------------------------------------------------------------------------

from polyglot_news.glossary import Entry, Variant  # noqa: E402


def _petrovs() -> Glossary:
    a = Entry(
        "anton_petrov",
        "person",
        {"en": "Anton Petrov"},
        variants={"en": (Variant("A. Petrov"),)},
        held={"from": "2001", "to": "2005-06"},
    )
    b = Entry(
        "alexei_petrov",
        "person",
        {"en": "Alexei Petrov"},
        variants={"en": (Variant("A. Petrov"), Variant("Aleksei Petrov"))},
        held={"from": "2010"},
    )
    return Glossary.from_entries([a, b])


def test_a_shared_form_without_evidence_is_reported_not_changed() -> None:
    text = "A. Petrov spoke."
    result = normalize(text, glossary=_petrovs())
    assert result.text == text and not result.changed
    (change,) = result.changes
    assert (change.start, change.end, change.original, change.replacement) == (
        0,
        9,
        *["A. Petrov"] * 2,
    )
    assert change.status == "ambiguous" and change.entry_id == ""
    assert change.candidates == ("anton_petrov", "alexei_petrov")
    assert apply_changes(text, result.changes) == text


def test_a_shared_form_is_decided_by_the_other_forms_in_the_document() -> None:
    glossary = _petrovs()
    text = "Aleksei Petrov arrived. A. Petrov spoke."
    result = normalize(text, glossary=glossary)
    assert result.text == "Alexei Petrov arrived. Alexei Petrov spoke."
    decided = result.changes[-1]
    assert decided.entry_id == "alexei_petrov" and decided.status == "admitted"
    assert decided.candidates == ("anton_petrov", "alexei_petrov")
    both = normalize("Anton Petrov and Alexei Petrov: A. Petrov spoke.", glossary=glossary)
    assert [c.status for c in both.changes] == ["ambiguous"]


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2003-01-05", "Anton Petrov"), ("2012", "Alexei Petrov"), ("2007", "A. Petrov")],
)
def test_a_shared_form_is_decided_by_the_entries_dates(date: str, expected: str) -> None:
    result = normalize("A. Petrov spoke.", glossary=_petrovs(), date=date)
    assert result.text == f"{expected} spoke."


def test_find_and_translate_terms_see_the_ambiguity() -> None:
    glossary = _petrovs()
    (match,) = glossary.find("A. Petrov", "en")
    assert match.status == "ambiguous" and match.candidates == ("anton_petrov", "alexei_petrov")
    assert glossary.translate_terms("A. Petrov", "en", "ru") is None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["A. Petrov", "Anton Petrov", "Aleksei Petrov", " ", ", "]), max_size=8
    )
)
def test_shared_forms_replay_exactly_and_reach_a_fixed_point(pieces: list[str]) -> None:
    glossary = _petrovs()
    text = "".join(pieces)
    result = normalize(text, glossary=glossary)
    assert apply_changes(text, result.changes) == result.text
    assert not normalize(result.text, glossary=glossary).changed


def test_a_shared_form_in_the_pipeline_reports_its_candidates() -> None:
    from polyglot_news import Pipeline

    doc = Pipeline(translate=False, glossary=_petrovs()).process("A. Petrov spoke to reporters.")
    (change,) = doc.segments[0].changes
    assert change.status == "ambiguous"
    assert change.to_dict()["candidates"] == ["anton_petrov", "alexei_petrov"]
    assert "candidates" not in normalize_change_dict()


def normalize_change_dict() -> dict[str, object]:
    """An ordinary change's record has no ``candidates`` key (the field is optional)."""
    from polyglot_news import Pipeline

    doc = Pipeline(translate=False).process("Sergey Shoygu met reporters.")
    return doc.segments[0].changes[0].to_dict()
