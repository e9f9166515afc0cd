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
    """Clause ends of one text, found on first use, the sentence around a unit, the word
    mass of each stretch weighed, and each sentence's units weighed (once for all the
    island candidates of the sentence: :func:`_weighed`)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends: list[int] | None = None
        self._masses: dict[tuple[int, int, str], float] = {}
        #: (lo, hi) -> the units of ``text[lo:hi]`` weighed (see :func:`_weighed`)
        self.weighed: dict[tuple[int, int], _Weighed] = {}

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


class _Weighed(NamedTuple):
    """The units of one stretch of text weighed: the word mass of each script family and
    the indices (ascending) of its units of the largest mass."""

    mass: dict[str, float]
    tops: dict[str, list[int]]
    at: dict[str, list[int]]  # the indices of each family's units, ascending


def _weighed(
    windows: SentenceWindows, units: Sequence[Unit], index: int, lo: int, hi: int
) -> _Weighed:
    """The units that overlap ``text[lo:hi]`` (a run of ``units`` around ``index``)
    weighed, once per stretch: every unit of a sentence asks about the same one, and a
    long sentence of many short runs made that quadratic."""
    found = windows.weighed.get((lo, hi))
    if found is not None:
        return found

    def inside(u: Unit) -> bool:
        return max(u.start, lo) < min(u.end, hi)

    first = index
    while first > 0 and inside(units[first - 1]):
        first -= 1
    last = index
    while last + 1 < len(units) and inside(units[last + 1]):
        last += 1
    mass: dict[str, float] = {}
    top: dict[str, float] = {}
    tops: dict[str, list[int]] = {}
    at: dict[str, list[int]] = {}
    for j in range(first, last + 1):
        u = units[j]
        m = windows.mass(max(u.start, lo), min(u.end, hi), u.script)
        family = _family(u.script)
        mass[family] = mass.get(family, 0.0) + m
        at.setdefault(family, []).append(j)
        if m > top.get(family, -1.0):
            top[family], tops[family] = m, [j]
        elif m == top[family]:
            tops[family].append(j)
    found = windows.weighed[(lo, hi)] = _Weighed(mass, tops, at)
    return found


def _seen_order(weighed: _Weighed, own: str, index: int) -> list[str]:
    """The families in the order a walk from ``index`` meets them: its own, then leftwards,
    then rightwards (ties between families are broken in this order)."""

    def key(family: str) -> tuple[int, int]:
        if family == own:
            return (0, 0)
        positions = weighed.at[family]
        i = bisect.bisect_left(positions, index)
        return (1, index - positions[i - 1]) if i > 0 else (2, positions[i] - index)

    return sorted(weighed.mass, key=key)


def _lang_of(units: Sequence[Unit], index: int, heaviest: list[int]) -> str:
    """The language of the heaviest unit of a script family seen first from ``index``:
    the unit itself, else the nearest one before it, else the nearest one after it."""
    i = bisect.bisect_left(heaviest, index)
    if i < len(heaviest) and heaviest[i] == index:
        return units[index].lang
    return units[heaviest[i - 1] if i > 0 else heaviest[i]].lang


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
    weighed = _weighed(windows, units, index, lo, hi)
    mass = weighed.mass
    own = _family(units[index].script)
    top = max(mass.values())
    winners = [f for f, m in mass.items() if m == top]
    if len(winners) > 1:
        if not tie_breaker:
            return None
        winners = [f for f in _seen_order(weighed, own, index) if mass[f] == top]
        non_latin = [f for f in winners if f != LATIN]
        script = own if own in non_latin else (non_latin or winners)[0]
    else:
        script = winners[0]
    return Matrix(script, _lang_of(units, index, weighed.tops[script]), mass[script])


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
