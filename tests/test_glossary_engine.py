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
