"""Every glossary module takes its script facts from polyglot_news.scripts (one table)."""

from __future__ import annotations

from polyglot_news import scripts
from polyglot_news.glossary import folding
from polyglot_news.glossary_tools import check
from polyglot_news.glossary_tools.romanize import romanize

# outside the Basic Multilingual Plane, and a Cyrillic Extended-C letter: blocks the old
# hand-typed ranges (U+3400-9FFF, U+0400-052F) left out
EXT_B_HAN = "\U00020000\U00020001"
CYRILLIC_EXT_C = "\u1c80"


def test_the_glossary_fold_uses_the_one_script_table() -> None:
    assert folding.is_han is scripts.is_han and folding.script_of is scripts.script_of
    assert folding.HAN_CLASS == scripts.HAN_CLASS
    assert folding.text_view(f"x {EXT_B_HAN} y").han == ((2, 4),)
    assert folding.text_view(f"x {CYRILLIC_EXT_C}ю y").cyrillic == ((2, 4),)
    # script names, not magic numbers
    assert [folding.script_of(c) for c in "7aЖ中"] == ["Digit", "Latin", "Cyrillic", "Han"]


def test_a_change_of_script_is_a_token_boundary() -> None:
    assert folding.joins("a", "b") and folding.joins("ж", "7") and folding.joins("7", "ж")
    assert not folding.joins("a", "ж") and not folding.joins("中", "国")


def test_editor_tools_read_scripts_from_the_table() -> None:
    assert check.script_langs is scripts.script_languages
    assert check.script_langs("Шойгу 绍伊古") == ["zh", "ru"]
    assert romanize(EXT_B_HAN).isascii()  # read as Chinese and romanized, not kept as it is

