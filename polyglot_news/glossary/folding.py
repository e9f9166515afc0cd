"""The folded view of a text that the matcher searches.

Folding is character for character: the folded string always has the same
length as the original, so an offset in the folded view IS the offset in the
original (the offset map is the identity, by construction). It folds

- case (lower case, one character at a time where ``str.lower`` would grow);
- ``ё``/``Ё`` to ``е``;
- full-width ASCII and the ideographic space to their half-width forms;
- every dash and hyphen to ``-``, every non-breaking or typographic space to `` ``;
- for Chinese, traditional to simplified characters (OpenCC ``t2s``, char by char).

Hyphens and spaces inside romanized names are handled on the key side (the
matcher generates ``Qi-liang``/``Qi liang``/``Qiliang`` keys), so the text needs
no length-changing fold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from polyglot_news.scripts import (
    CYRILLIC_CLASS,
    DIGIT,
    HAN,
    HAN_CHAR,
    HAN_CLASS,
    is_han,
    script_of,
)

__all__ = [
    "fold",
    "fold_keep_case",
    "fold_width",
    "fold_yo",
    "to_simplified",
    "han_runs",
    "TextView",
    "text_view",
    "is_word_char",
    "joins",
    "is_han",
    "script_of",
    "HAN_CLASS",
]
# is_han, script_of and HAN_CLASS are polyglot_news.scripts' own, named here for callers.

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)


def _width_table() -> dict[int, int]:
    table: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    table.update({ord(c): ord("-") for c in _DASHES})
    table.update({ord(c): ord(" ") for c in _SPACES})
    table[0x30FB] = ord("·")  # katakana middle dot, used in Chinese transliterated names
    table[0x2027] = ord("·")  # hyphenation point, used the same way
    table[0x2022] = ord("·")
    table[0x2019] = ord("'")  # typographic apostrophe (China’s, People’s)
    table[0x02BC] = ord("'")
    return table


_WIDTH = _width_table()
_YO = {ord("ё"): ord("е"), ord("Ё"): ord("Е")}
_FOLD_EXTRA = {**_WIDTH, **_YO}
# after width folding the result may still be upper case full-width -> lower it too
_LOWER_FULLWIDTH = {cp: ord(chr(cp - 0xFEE0).lower()) for cp in range(0xFF21, 0xFF3B)}
_FOLD_EXTRA.update(_LOWER_FULLWIDTH)
_FOLD_EXTRA[ord("Ё")] = ord("е")

# the characters _FOLD_EXTRA changes, as a character class (to translate only where needed:
# str.translate with a dict is slow on long non-ASCII text)
_NEEDS_FOLD = re.compile(
    "["
    + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD_EXTRA) if cp < 0xFF01)
    + "\uff01-\uff5e]+"
)

#: Block size of the scan for non-ASCII text (``str.isascii`` on a block is a C loop; a
#: regular-expression scan of every character is ten times slower).
_BLOCK = 512


def _non_ascii_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges of ``_BLOCK``-sized blocks holding a non-ASCII character, adjacent ones merged."""
    ranges: list[tuple[int, int]] = []
    n = len(text)
    for i in range(0, n, _BLOCK):
        if not text[i : i + _BLOCK].isascii():
            end = min(n, i + _BLOCK)
            if ranges and ranges[-1][1] == i:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((i, end))
    return ranges


# the Han script (polyglot_news.scripts) and the connectors of transliterated names: the
# non-ASCII ones, then ASCII hyphen and digits
_CONNECT_NON_ASCII = "·・‧•\u2010-\u2015\uff0d\uff10-\uff19"
_CONNECT = _CONNECT_NON_ASCII + "\\-0-9"
_HAN_RUN = regex.compile(f"{HAN_CLASS}[{HAN_CLASS}{_CONNECT}]*")


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # rare: a character whose lower case is longer (e.g. U+0130); keep it unfolded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold_width(text: str) -> str:
    """Full-width to half-width, dashes to ``-``, typographic spaces to `` ``."""
    return text if text.isascii() else text.translate(_WIDTH)


def fold_yo(text: str) -> str:
    """``ё`` to ``е`` (and ``Ё`` to ``Е``)."""
    return text.translate(_YO) if ("ё" in text or "Ё" in text) else text


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _t2s_char(char: str) -> str:
    out = str(_opencc().convert(char))
    return out if len(out) == 1 else char


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese, keeping the length (char-for-char fallback)."""
    if text.isascii() or not HAN_CHAR.search(text):
        return text
    # Lone surrogates (undecodable input bytes) cannot reach OpenCC's UTF-8 API; they
    # match nothing, so any one-character stand-in keeps the view's length and offsets.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    out = str(_opencc().convert(text))
    if len(out) == len(text):
        return out
    return "".join(_t2s_char(c) for c in text)


def _translate_match(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_EXTRA)


def fold(text: str, *, chinese: bool = False) -> str:
    """The matcher's folded view of ``text`` (same length as ``text``)."""
    if text.isascii():
        return text.lower()
    if len(text) <= _BLOCK:
        out = _NEEDS_FOLD.sub(_translate_match, _lower(text))
    else:  # long text: only the blocks holding non-ASCII characters need more than lower()
        pieces: list[str] = []
        prev = 0
        for a, b in _non_ascii_ranges(text):
            pieces.append(text[prev:a].lower())
            pieces.append(_NEEDS_FOLD.sub(_translate_match, _lower(text[a:b])))
            prev = b
        pieces.append(text[prev:].lower())
        out = "".join(pieces)
    return to_simplified(out) if chinese else out


def fold_keep_case(text: str, *, chinese: bool = False) -> str:
    """Like :func:`fold` but without case folding (used to check case-sensitive entries)."""
    if text.isascii():
        return text
    out = fold_yo(text.translate(_WIDTH))
    return to_simplified(out) if chinese else out


_HAN_TAIL = re.compile("[0-9\\-]*")
#: The ASCII that may lie between the words of one Cyrillic run: spaces, punctuation, digits.
_GAP_CHARS = " \t\\-.,'\"/()0-9&"
_CYRILLIC_GAP = re.compile(f"[{_GAP_CHARS}]*")


@dataclass(frozen=True, slots=True)
class TextView:
    """A text prepared for matching: its folded view and where its Han and Cyrillic runs are.

    Only the 512-character blocks that hold non-ASCII text are scanned (see
    :func:`text_view`); a pure-ASCII text costs one ``str.lower``.
    """

    text: str
    folded: str
    han: tuple[tuple[int, int], ...]
    cyrillic: tuple[tuple[int, int], ...]


# a Han run: Han characters and the non-ASCII connectors, then the ASCII digits and hyphens
# right after (a run never takes ASCII before more non-ASCII text)
_HAN_RUN_TAILED = regex.compile(f"{HAN_CLASS}[{HAN_CLASS}{_CONNECT_NON_ASCII}]*[0-9\\-]*")

# a maximal non-ASCII run that holds a Cyrillic letter ("«Восток»", "Путин—")
_CYRILLIC_WORD = f"[^\\x00-\\x7f{CYRILLIC_CLASS}]*+{CYRILLIC_CLASS}[^\\x00-\\x7f]*+"
# such runs with only _GAP_CHARS between them, from the first one's first Cyrillic letter
# (a pattern that starts with a letter class is searched fast; one that starts with a
# lookbehind is tried at every character)
_CYRILLIC_STRETCH = regex.compile(
    f"{CYRILLIC_CLASS}[^\\x00-\\x7f]*+(?:[{_GAP_CHARS}]++{_CYRILLIC_WORD})*+"
)
# the non-ASCII characters right before a position (matched backwards)
_NON_ASCII_BEFORE = regex.compile("(?r)[^\\x00-\\x7f]*+")


def _han_runs_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The Han runs that start in ``text[start:end]`` (a run's tail of ASCII digits and
    hyphens may reach past ``end``)."""
    limit = _HAN_TAIL.match(text, end)
    stop = limit.end() if limit else end
    return [run.span() for run in _HAN_RUN_TAILED.finditer(text, start, stop)]


def _cyrillic_stretches(low: str, offset: int) -> list[tuple[int, int]]:
    """``(start, end)`` in the text of each stretch of Cyrillic runs in ``low``, the text
    from ``offset`` on, lower-cased: maximal non-ASCII runs holding a Cyrillic letter, joined
    when only spaces, punctuation and digits lie between them."""
    out: list[tuple[int, int]] = []
    for match in _CYRILLIC_STRETCH.finditer(low):
        start = match.start()
        if start and low[start - 1] >= "\x80":  # the run starts before its first letter
            before = _NON_ASCII_BEFORE.match(low, 0, start)
            start = before.start() if before else start
        out.append((start + offset, match.end() + offset))
    return out


def _add_cyrillic(
    text: str, runs: Iterable[tuple[int, int]], cyrillic: list[tuple[int, int]]
) -> None:
    """Add Cyrillic runs (each with the quote or parenthesis just before it), each joined
    to the previous one when only spaces, punctuation and digits lie between them."""
    for start, end in runs:
        if start > 0 and text[start - 1] in '"(':
            start -= 1
        if cyrillic and _CYRILLIC_GAP.fullmatch(text, cyrillic[-1][1], start):
            cyrillic[-1] = (cyrillic[-1][0], end)
        else:
            cyrillic.append((start, end))


def text_view(text: str) -> TextView:
    """Fold ``text`` (without traditional->simplified) and find its Han and Cyrillic runs.

    Only the blocks that hold a non-ASCII character are scanned; the ASCII between
    them is lower-cased as it is. In a block, the Han runs are one scan of the text and
    the stretches of Cyrillic words one scan of its lower case (Cyrillic runs are read
    in the lower case: U+212A KELVIN SIGN lower-cases to an ASCII ``k``).
    """
    if text.isascii():
        return TextView(text, text.lower(), (), ())
    pieces: list[str] = []
    prev = 0
    han: list[tuple[int, int]] = []
    cyrillic: list[tuple[int, int]] = []
    for a, b in _non_ascii_ranges(text):
        pieces.append(text[prev:a].lower())
        low = _lower(text[a:b])
        pieces.append(_NEEDS_FOLD.sub(_translate_match, low))
        han += _han_runs_in(text, a, b)
        _add_cyrillic(text, _cyrillic_stretches(low, a), cyrillic)
        prev = b
    pieces.append(text[prev:].lower())
    return TextView(text, "".join(pieces), tuple(han), tuple(cyrillic))


def han_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every run of Han characters (with the connectors names use)."""
    if text.isascii():
        return []
    return [m.span() for m in _HAN_RUN.finditer(text)]


def is_word_char(char: str) -> bool:
    """Whether ``char`` continues a Latin/Cyrillic/digit token (Han characters do not)."""
    return (char.isalnum() or char == "_") and not HAN_CHAR.match(char)


def joins(left: str, right: str) -> bool:
    """Whether two adjacent characters belong to one token (so no boundary lies between them).

    Letters join letters of their own script and digits; a change of script
    (``GeneralОбъединённый``) or a Han character is a boundary.
    """
    if not ((left.isalnum() or left == "_") and (right.isalnum() or right == "_")):
        return False
    if left < "\u0250" and right < "\u0250":  # both Latin or digits: the common case
        return True
    a, b = script_of(left), script_of(right)
    if a == HAN or b == HAN:
        return False
    return DIGIT in (a, b) or a == b
