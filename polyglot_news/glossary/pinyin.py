"""Hyphen and space spellings of romanized (pinyin) given names: Qiliang, Qi-liang, Qi liang."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["SYLLABLES", "split_two", "spellings"]

_INITIALS = [
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "zh",
    "ch",
    "sh",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
]
_FINALS = [
    "a",
    "o",
    "e",
    "ai",
    "ei",
    "ao",
    "ou",
    "an",
    "en",
    "ang",
    "eng",
    "ong",
    "er",
    "i",
    "ia",
    "ie",
    "iao",
    "iu",
    "ian",
    "in",
    "iang",
    "ing",
    "iong",
    "u",
    "ua",
    "uo",
    "uai",
    "ui",
    "uan",
    "un",
    "uang",
    "ueng",
    "v",
    "ve",
    "van",
    "vn",
    "ue",
]
_BARE = ["a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"]


def _syllables() -> frozenset[str]:
    out = set(_BARE)
    for initial in _INITIALS:
        for final in _FINALS:
            out.add(initial + final)
    # spellings that the table above over- or under-generates do not matter for
    # splitting a known name; these are the ones real names use beyond it
    out.update({"yu", "yue", "yuan", "yun", "yi", "yin", "ying", "wu", "wa", "wo", "wei", "wen"})
    return frozenset(out)


#: A permissive set of pinyin syllables (enough to split given names).
SYLLABLES: frozenset[str] = _syllables()


@lru_cache(maxsize=4096)
def split_two(word: str) -> tuple[str, str] | None:
    """Split ``word`` into two pinyin syllables (``Qiliang`` -> ``Qi``, ``liang``), or None.

    When several splits exist the one with the longer first syllable wins unless
    that leaves a second part starting with a vowel (``Xian`` stays ambiguous-free:
    ``xi``+``an`` is refused, pinyin would write ``Xi'an``).
    """
    low = word.lower()
    if not low.isascii() or not low.isalpha():
        return None
    best: tuple[str, str] | None = None
    for cut in range(1, len(low)):
        head, tail = low[:cut], low[cut:]
        if head in SYLLABLES and tail in SYLLABLES and tail[0] not in "aeiouv":
            best = (word[:cut], word[cut:])
    return best


def spellings(name: str) -> tuple[str, ...]:
    """Spellings of a romanized Chinese name with its given name joined, hyphenated or spaced.

    ``Xu Qiliang`` -> ``Xu Qi-liang``, ``Xu Qi-Liang``, ``Xu Qi liang``, ``Xu Qi Liang``
    (and back from any of them to ``Xu Qiliang``). Returns ``()`` when the name
    does not look like ``Surname Givenname`` in pinyin.
    """
    parts = name.split(" ")
    if len(parts) == 3 and all(p[:1].isupper() or p[:1].islower() for p in parts):
        # "Zuo cheng" written apart: join the last two first
        joined = parts[1] + parts[2].lower()
        if split_two(joined):
            parts = [parts[0], joined]
    if len(parts) == 2 and "-" in parts[1]:
        parts = [parts[0], parts[1].replace("-", "")]
        parts[1] = parts[1][:1] + parts[1][1:].lower()
    if len(parts) != 2 or not parts[0].isalpha() or parts[0].lower() not in SYLLABLES:
        return ()
    split = split_two(parts[1])
    if split is None:
        return ()
    head, tail = split
    low, cap = tail.lower(), tail[:1].upper() + tail[1:].lower()
    given = [head + low, f"{head}-{low}", f"{head}-{cap}", f"{head} {low}", f"{head} {cap}"]
    return tuple(f"{parts[0]} {g}" for g in given)
