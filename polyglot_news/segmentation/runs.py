"""Script runs: one ``regex`` pass that cuts text where the writing system changes.

A *run* goes from the first to the last letter of a stretch of one script;
neutral characters (spaces, digits, punctuation, symbols, full-width
punctuation such as ，。「」, combining marks, unassigned code points) between
letters of the same script belong to the run. Neutral characters between runs
of different scripts form a *gap* that :func:`split_gap` hands to either side.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from polyglot_news.scripts import (
    CYRILLIC,
    CYRILLIC_CLASS,
    HAN,
    HAN_CLASS,
    HANGUL,
    HANGUL_CLASS,
    KANA_CLASS,
    KANA_COMMON,
    LATIN,
    LATIN_CLASS,
    OTHER,
)

__all__ = ["Run", "scan_runs", "split_gap"]

# Characters of no particular script: they never start or end a run.
_NEUTRAL = rf"[\p{{Common}}\p{{Inherited}}\p{{Unknown}}--[{KANA_COMMON}]]"

# a Han run holds kana too: clauses with kana become Japanese later
_CLASSES: dict[str, str] = {
    HAN: rf"[{HAN_CLASS}{KANA_CLASS}]",
    HANGUL: HANGUL_CLASS,
    CYRILLIC: CYRILLIC_CLASS,
    LATIN: LATIN_CLASS,
}
_NAMED = [*_CLASSES.values(), _NEUTRAL]
_OTHER_START = "[^" + "".join(_NAMED) + "]"
_OTHER_BODY = "[^" + "".join(_CLASSES.values()) + "]"


def _run_pattern(name: str, start: str, body: str) -> str:
    # possessive: a run swallows every same-script letter and neutral character;
    # trailing neutrals are trimmed afterwards with one short reverse search.
    return f"(?P<{name}>{start}{body}*+)"


# A Latin i typed for the Cyrillic і inside a Cyrillic word (``вiн``, ``Iшоу``), or as the
# word ``i`` between Cyrillic words, belongs to the Cyrillic run: Ukrainian, Belarusian
# and Kazakh web text is full of it.
_LATIN_I = (
    rf"(?<={CYRILLIC_CLASS})i(?!\p{{Latin}})"  # not the I of "насилияIn late", glued
    rf"|[iI](?={CYRILLIC_CLASS})"
    rf"|(?<={CYRILLIC_CLASS}\s)[iI](?=\s{CYRILLIC_CLASS})"
)
_STARTS = {**_CLASSES, CYRILLIC: rf"(?:{CYRILLIC_CLASS}|[iI](?={CYRILLIC_CLASS}))"}
_BODIES = {
    name: (f"(?:[{c}{_NEUTRAL}]++|{_LATIN_I})" if name == CYRILLIC else f"[{c}{_NEUTRAL}]")
    for name, c in _CLASSES.items()
}

_SCAN = regex.compile(
    "|".join(
        [_run_pattern(n, _STARTS[n], _BODIES[n]) for n in _CLASSES]
        + [_run_pattern(OTHER, _OTHER_START, _OTHER_BODY)]
    ),
    regex.V1,
)
_LAST_LETTER = regex.compile(rf"(?r)[^{_NEUTRAL}]\p{{Inherited}}*", regex.V1)

# Openers: Ps/Pi brackets and quotes, and ASCII quotes after a space or an opener; an
# opener hugs the next word (so the closing “ of „...“ is not one).
_OPENER = regex.compile(r"(?:[\p{Ps}\p{Pi}]|(?<=[\s\p{Ps}\p{Pi}])[\"'])(?!\s)")
# Numbers and what glues to them, matched backwards from where a gap is cut.
_STICKY_TAIL = regex.compile(r"(?r)[\p{N}\p{Sc}.,\-+%‰#/:_]*")


class Run(NamedTuple):
    """Offsets of one script run: ``text[start:end]`` starts and ends with a letter."""

    start: int
    end: int
    script: str


def scan_runs(text: str) -> list[Run]:
    """The script runs of ``text`` in order (empty when it has no letters)."""
    runs = []
    for match in _SCAN.finditer(text):
        start, end = match.span()
        last = _LAST_LETTER.search(text, start, end)
        runs.append(Run(start, last.end() if last else end, match.lastgroup or OTHER))
    return runs


def split_gap(text: str, start: int, end: int) -> int:
    """Where the neutral gap ``text[start:end]`` between two segments is cut.

    Closing punctuation and spaces stay with the left segment; the first opening
    quote or bracket and everything after it go right, and so do numbers glued
    to the right segment (``in 2023年``). Numbers glued to the left word
    (``G20``, ``COVID-19``) stay left.
    """
    opener = _OPENER.search(text, start, end)
    cut = opener.start() if opener else end
    tail = _STICKY_TAIL.match(text, start, cut)
    back = tail.start() if tail else cut
    return cut if back == start else back
