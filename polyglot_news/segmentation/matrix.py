"""Matrix language per sentence: which script carries a sentence, and which runs are islands.

A sentence (the text between two clause ends) is carried by the script with the
most *word mass*: one per word in alphabetic scripts, :data:`HAN_WORD_MASS` per
Han or kana character (a Chinese word is about two characters). Shorter runs of
another script in it are *islands*: ``Шойгу`` in ``Defense Minister Шойгу said``
is a Russian island in an English sentence, and the English words around it stay
English. Latin runs inside a Chinese or Russian sentence are not islands of their
own: they are absorbed into the host (``Segment.embedded``) by the segmenter.

Only units next to a unit of another script are looked at, so text in one
script costs nothing here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

import regex

from polyglot_news.scripts import HAN, KANA, LATIN
from polyglot_news.segmentation.clauses import clause_ends
from polyglot_news.segmentation.units import Unit

__all__ = ["Matrix", "HAN_WORD_MASS", "SentenceWindows", "word_mass"]

#: The word mass of one Han or kana character.
HAN_WORD_MASS = 0.5

_WORDS = regex.compile(r"[\p{L}\p{M}]+")
_CHARACTER_SCRIPTS = frozenset({HAN, KANA})


class Matrix(NamedTuple):
    """The script and language that carry the sentence around a unit, and their mass."""

    script: str
    lang: str
    mass: float


def _family(script: str) -> str:
    """Han and kana count as one script for the matrix (a Japanese sentence mixes them)."""
    return HAN if script == KANA else script


def word_mass(text: str, start: int, end: int, script: str) -> float:
    """The word mass of ``text[start:end]``, a stretch of one unit written in ``script``."""
    if start >= end:
        return 0.0
    if _family(script) in _CHARACTER_SCRIPTS:
        return HAN_WORD_MASS * sum(map(len, _WORDS.findall(text, start, end)))
    return float(len(_WORDS.findall(text, start, end)))


class SentenceWindows:
    """Clause ends of one text, found on first use, the sentence around a unit, and the
    word mass of each stretch weighed (a unit is weighed once for each island candidate
    of its sentence: counted once)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends: list[int] | None = None
        self._masses: dict[tuple[int, int, str], float] = {}

    def mass(self, start: int, end: int, script: str) -> float:
        """:func:`word_mass` of ``text[start:end]``, remembered for this text."""
        key = (start, end, script)
        found = self._masses.get(key)
        if found is None:
            found = self._masses[key] = word_mass(self._text, start, end, script)
        return found

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``[start, end)``: from the clause end before it to the next."""
        if self._ends is None:
            self._ends = clause_ends(self._text)
        ends = self._ends
        left = bisect.bisect_right(ends, start) - 1
        right = bisect.bisect_right(ends, end)
        lo = ends[left] if left >= 0 else 0
        hi = ends[right] if right < len(ends) else len(self._text)
        return lo, hi


def matrix_of(text: str, units: Sequence[Unit], index: int, windows: SentenceWindows) -> Matrix:
    """The matrix of the sentence around ``units[index]``.

    The script with the largest word mass wins. On a tie the whole text is
    weighed (``Colonel Иванов: the statement...``: the clause ends after the
    name); on a tie there too the unit's own script wins when it is not Latin (a
    Latin run beside a host of equal weight stays a candidate for absorption).
    """
    unit = units[index]
    lo, hi = windows.around(unit.start, unit.end)
    matrix = _weigh(windows, units, index, lo, hi)
    if matrix is None and (lo, hi) != (0, len(text)):
        matrix = _weigh(windows, units, index, 0, len(text))
    if matrix is None:
        matrix = _weigh(windows, units, index, 0, len(text), tie_breaker=True)
    assert matrix is not None
    return matrix


def _weigh(
    windows: SentenceWindows,
    units: Sequence[Unit],
    index: int,
    lo: int,
    hi: int,
    *,
    tie_breaker: bool = False,
) -> Matrix | None:
    """The matrix of ``text[lo:hi]`` around ``units[index]``; None on a tie unless
    ``tie_breaker`` (then the unit's own non-Latin script, or a non-Latin one, wins)."""
    unit = units[index]
    mass: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}

    def add(u: Unit) -> bool:
        s, e = max(u.start, lo), min(u.end, hi)
        if s >= e:
            return False
        m = windows.mass(s, e, u.script)
        family = _family(u.script)
        mass[family] = mass.get(family, 0.0) + m
        if m > best.get(family, (-1.0, ""))[0]:
            best[family] = (m, u.lang)
        return True

    add(unit)
    j = index - 1
    while j >= 0 and add(units[j]):
        j -= 1
    j = index + 1
    while j < len(units) and add(units[j]):
        j += 1
    own = _family(unit.script)
    top = max(mass.values())
    winners = [f for f, m in mass.items() if m == top]
    if len(winners) > 1:
        if not tie_breaker:
            return None
        non_latin = [f for f in winners if f != LATIN]
        script = own if own in non_latin else (non_latin or winners)[0]
    else:
        script = winners[0]
    return Matrix(script, best[script][1], mass[script])


def _glued(text: str, prev: Unit | None, unit: Unit, nxt: Unit | None) -> bool:
    """True when ``unit`` touches its neighbours with no space between (``上海合作组织SCO峰会``,
    ``G20峰会`` at the start of a text): it is part of them, whatever carries the sentence."""
    if prev is None and nxt is None:
        return False
    left = prev is None or not _has_space(text, prev.end, unit.start)
    right = nxt is None or not _has_space(text, unit.end, nxt.start)
    return left and right


def _has_space(text: str, start: int, end: int) -> bool:
    return any(ch.isspace() for ch in text[start:end])


def mark_islands(text: str, units: list[Unit], max_island_words: float) -> list[Unit]:
    """``units`` with islands marked and Latin runs of Latin sentences made unabsorbable.

    A unit next to a unit of another script, with at most ``max_island_words`` of
    word mass, is weighed against its sentence (:func:`matrix_of`). A non-Latin
    unit in a sentence carried by another script becomes an island (``matrix`` is
    set to that sentence's language). A short Latin run in a Latin sentence is no
    longer offered to a host for absorption (``embeddable`` is cleared), so the
    English words around ``Шойгу`` stay English, unless it touches its neighbours
    without spaces (``SCO`` in ``上海合作组织SCO峰会``).
    """
    if len(units) < 2:
        return units
    windows = SentenceWindows(text)
    out = list(units)
    for index, unit in enumerate(units):
        family = _family(unit.script)
        prev = units[index - 1] if index else None
        nxt = units[index + 1] if index + 1 < len(units) else None
        if all(u is None or _family(u.script) == family for u in (prev, nxt)):
            continue
        if family == LATIN and unit.embeddable is None:
            continue  # a long Latin run is never absorbed, nor an island
        if windows.mass(unit.start, unit.end, unit.script) > max_island_words:
            continue
        matrix = matrix_of(text, units, index, windows)
        if family == LATIN:
            if matrix.script == LATIN and not _glued(text, prev, unit, nxt):
                out[index] = unit._replace(embeddable=None)
        elif matrix.script != family:
            out[index] = unit._replace(matrix=matrix.lang)
    return out
