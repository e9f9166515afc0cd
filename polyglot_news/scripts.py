"""Script facts, in one place: which writing system a character or a text is in.

Every module that asks "is this Han?", "is there Cyrillic here?" or "which
language does this script suggest?" asks here. The classes are Unicode's own
``Script`` property through ``regex`` (``\\p{Han}``, ``\\p{Cyrillic}``, ...), so
they cover every block of a script (CJK extensions, Cyrillic Supplement, ...)
instead of hand-typed ranges.

>>> script_of("Ш"), script_of("习"), script_of("x"), script_of("7"), script_of("α")
('Cyrillic', 'Han', 'Latin', 'Digit', 'Other')
>>> language_of_script("Cyrillic")
'ru'
>>> script_language("Шойгу и Shoigu")
'ru'
"""

from __future__ import annotations

import functools

import regex

__all__ = [
    "HAN",
    "KANA",
    "HANGUL",
    "CYRILLIC",
    "LATIN",
    "OTHER",
    "DIGIT",
    "HAN_CLASS",
    "KANA_CLASS",
    "KANA_COMMON",
    "HANGUL_CLASS",
    "CYRILLIC_CLASS",
    "LATIN_CLASS",
    "HAN_CHAR",
    "CYRILLIC_CHAR",
    "LATIN_LETTER",
    "script_of",
    "is_han",
    "has_han",
    "has_cyrillic",
    "all_han",
    "letter_counts",
    "language_of_script",
    "script_language",
    "script_languages",
]

HAN = "Han"  #: Chinese characters (also kanji and hanja)
KANA = "Kana"  #: hiragana and katakana: Japanese
HANGUL = "Hangul"
CYRILLIC = "Cyrillic"
LATIN = "Latin"
OTHER = "Other"  #: letters of any other script (Greek, Arabic, Devanagari, ...)
DIGIT = "Digit"  #: a digit or ``_``: joins a token of any script

#: Kana-only marks that Unicode files under the Common script (ー ｰ ゛ ゜).
KANA_COMMON = "\u30fc\uff70\u309b\u309c"

#: ``regex`` character classes, to put inside a pattern (or inside ``[...]``).
HAN_CLASS = r"\p{Han}"
KANA_CLASS = rf"[\p{{Hiragana}}\p{{Katakana}}{KANA_COMMON}]"
CYRILLIC_CLASS = r"\p{Cyrillic}"
LATIN_CLASS = r"\p{Latin}"
HANGUL_CLASS = r"\p{Hangul}"

#: One character of each script, compiled.
HAN_CHAR = regex.compile(HAN_CLASS)
CYRILLIC_CHAR = regex.compile(CYRILLIC_CLASS)
LATIN_LETTER = regex.compile(LATIN_CLASS)
_KANA_CHAR = regex.compile(KANA_CLASS)
_HANGUL_CHAR = regex.compile(HANGUL_CLASS)

#: The language a script suggests when nothing else is known.
_SCRIPT_LANGUAGE = {HAN: "zh", KANA: "ja", HANGUL: "ko", CYRILLIC: "ru", LATIN: "en"}
_SCRIPT_ORDER = (LATIN, HAN, CYRILLIC)  # the order of script_languages()


@functools.lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of one character: ``Digit`` for a digit or ``_``, else a script name.

    ``Latin``, ``Cyrillic``, ``Han``, ``Kana``, ``Hangul``, or ``Other`` for any
    other character (letters of other scripts, punctuation, symbols).
    """
    if char.isdigit() or char == "_":
        return DIGIT
    if LATIN_LETTER.match(char):
        return LATIN
    if CYRILLIC_CHAR.match(char):
        return CYRILLIC
    if HAN_CHAR.match(char):
        return HAN
    if _KANA_CHAR.match(char):
        return KANA
    if _HANGUL_CHAR.match(char):
        return HANGUL
    return OTHER


def is_han(char: str) -> bool:
    """Whether ``char`` is a Chinese character (any CJK block, extensions included)."""
    return HAN_CHAR.match(char) is not None


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return not text.isascii() and HAN_CHAR.search(text) is not None


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` holds a Cyrillic letter."""
    return not text.isascii() and CYRILLIC_CHAR.search(text) is not None


def all_han(text: str) -> bool:
    """Whether ``text`` is not empty and every character of it is Chinese."""
    return bool(text) and all(HAN_CHAR.match(ch) for ch in text)


_COUNTED = regex.compile(
    rf"(?P<Latin>{LATIN_CLASS}+)|(?P<Cyrillic>{CYRILLIC_CLASS}+)|(?P<Han>{HAN_CLASS}+)"
)


def letter_counts(text: str) -> tuple[int, int, int]:
    """Characters of ``text`` in the Latin, Cyrillic and Han scripts."""
    if text.isascii():
        return sum(ch.isalpha() for ch in text), 0, 0
    counts = {LATIN: 0, CYRILLIC: 0, HAN: 0}
    for match in _COUNTED.finditer(text):
        counts[match.lastgroup or LATIN] += len(match.group())
    return counts[LATIN], counts[CYRILLIC], counts[HAN]


def language_of_script(script: str) -> str | None:
    """The language a script suggests on its own (``Cyrillic`` -> ``ru``), or None."""
    return _SCRIPT_LANGUAGE.get(script)


def script_language(text: str, han_weight: int = 1) -> str | None:
    """``en``, ``ru`` or ``zh`` for the script with the most letters in ``text``; None without any.

    Each Han character counts ``han_weight`` letters. Ties go to Latin, then Cyrillic.
    """
    latin, cyrillic, han = letter_counts(text)
    han *= han_weight
    best = max(latin, cyrillic, han)
    if not best:
        return None
    return "en" if latin == best else "ru" if cyrillic == best else "zh"


def script_languages(text: str) -> list[str]:
    """The languages whose scripts occur in ``text``, in the order en, zh, ru.

    Latin -> ``en``, Han -> ``zh``, Cyrillic -> ``ru``; ``["en"]`` when ``text``
    has none of them.
    """
    latin, cyrillic, han = letter_counts(text)
    langs = [lang for lang, n in (("en", latin), ("zh", han), ("ru", cyrillic)) if n]
    return langs or ["en"]
