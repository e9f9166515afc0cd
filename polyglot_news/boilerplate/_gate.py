"""A one-pass gate that tells which chrome patterns can possibly match a unit.

Running ~40 alternation-heavy regular expressions over every paragraph is what made the
classifier slow: Python's ``re`` tries every alternative at every position. Almost all of
those patterns begin with literal text ("copyright", "read more", "版权所有"...), so a match
is only possible where one of those literals occurs. :func:`triggers` derives, from each
pattern's parse tree (nothing is written twice by hand), the most selective set of literals
one of which every match contains: its prefixes, or a literal run or group further in
(" may not be " rather than "the"/"this"). One Aho-Corasick automaton finds all of them in
a single pass over the lowercased unit. A pattern without such literals is always run.

The gate changes speed only, never results: ``tests/test_boilerplate.py`` checks that
classification with and without it is identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

__all__ = ["triggers", "Gate"]

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_MAX_SET = 64


def _prefixes(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """Strings one of which every match of ``items`` starts with; ``None`` if unbounded."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items):
        return None
    op, av = items[i]
    if op is C.LITERAL:
        run = []
        while i < len(items) and items[i][0] is C.LITERAL:
            run.append(chr(items[i][1]))
            i += 1
        head = "".join(run)
        tail = _prefixes(items[i:]) if i < len(items) else None
        if tail is None or len(tail) > _MAX_SET:
            return {head}
        return {head + t for t in tail}
    whole = _exact(op, av)
    if whole is not None and "" not in whole:
        # "(?:previous|next) (?:article|story)": "next article", not "next"
        tail = _prefixes(items[i + 1 :]) if i + 1 < len(items) else None
        if tail is None or len(whole) * len(tail) > _MAX_SET:
            return whole
        return {h + t for h in whole for t in tail}
    return _element(op, av, _prefixes)


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every string one parse-tree element can match, if it only matches a few literal
    strings (a literal, a group or alternation of them); else ``None``."""
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN and all(o is C.LITERAL for o, _ in av) and len(av) <= _MAX_SET:
        return {chr(v) for _, v in av}
    if op is C.SUBPATTERN:
        return _exact_run(list(av[-1]))
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            sub = _exact_run(list(branch))
            if sub is None:
                return None
            out |= sub
        return out if len(out) <= _MAX_SET else None
    return None


def _exact_run(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """:func:`_exact` of a sequence of elements (zero-width ones match no characters)."""
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        sub = _exact(op, av)
        if sub is None or len(out) * len(sub) > _MAX_SET:
            return None
        out = {h + t for h in out for t in sub}
    return out


def _score(found: set[str] | None) -> tuple[int, int]:
    """How selective a trigger set is: longer shortest string first, then fewer strings."""
    if not found or "" in found:
        return (-1, 0)
    return (min(map(len, found)), -len(found))


_Finder = Callable[[Sequence[tuple[Any, Any]]], set[str] | None]


def _element(op: Any, av: Any, find: _Finder | None = None) -> set[str] | None:
    """Strings one of which every match of one parse-tree element contains.

    ``find`` is applied to the element's sub-patterns: :func:`_required` (the default)
    for strings anywhere in a match, :func:`_prefixes` for strings a match starts with.
    """
    find = find or _required
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            sub = find(list(branch))
            if sub is None:
                return None
            out |= sub
        return out
    if op is C.SUBPATTERN:
        return find(list(av[-1]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
        return find(list(av[2]))
    if op is C.IN and all(o is C.LITERAL for o, _ in av) and len(av) <= _MAX_SET:
        return {chr(v) for _, v in av}
    return None


def _required(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """Strings one of which every match of ``items`` contains, the most selective found.

    Candidates: the literal prefixes (:func:`_prefixes`), every literal run, and every
    element's own required strings ("may not be" in ``(?:this|the) ... may not be``
    beats the prefixes "this"/"the", which are in almost every English sentence).
    """
    best = _prefixes(items)
    i = 0
    while i < len(items):
        op, av = items[i]
        if op is C.LITERAL:
            run = []
            while i < len(items) and items[i][0] is C.LITERAL:
                run.append(chr(items[i][1]))
                i += 1
            found: set[str] | None = {"".join(run)}
        else:
            found = _element(op, av)
            i += 1
        if _score(found) > _score(best):
            best = found
    return best


def triggers(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercased literals one of which any match of ``regex`` contains, or ``None``."""
    try:
        found = _required(list(P.parse(regex.pattern, regex.flags).data))
    except Exception:  # pragma: no cover - an unexpected parse tree: never gate it
        return None
    if not found or "" in found:
        return None
    return frozenset(t.lower() for t in found)


class Gate:
    """Which of ``patterns`` can match a text: one Aho-Corasick pass, then a set lookup."""

    def __init__(
        self, patterns: Iterable[re.Pattern[str]], hints: Mapping[int, str] | None = None
    ) -> None:
        """``hints`` gives, by pattern index, a literal that every match of it contains,
        for patterns whose literal prefixes cannot be derived (``[\\w.]+@...``)."""
        self.patterns = tuple(patterns)
        self.always: frozenset[int] = frozenset()
        self._automaton: Any = None
        self.enabled = True
        table: dict[str, set[int]] = {}
        always = set()
        for index, regex in enumerate(self.patterns):
            found = triggers(regex)
            if found is None and hints and index in hints:
                found = frozenset({hints[index].lower()})
            if found is None:
                always.add(index)
                continue
            for t in found:
                table.setdefault(t, set()).add(index)
        self.always = frozenset(always)
        if table:
            automaton = ahocorasick.Automaton()
            for t, ids in table.items():
                automaton.add_word(t, frozenset(ids))
            automaton.make_automaton()
            self._automaton = automaton
        self._ascii_automaton = _ascii_automaton(table)

    def candidates(self, text: str) -> frozenset[int]:
        """Indexes of the patterns worth running on ``text``."""
        if not self.enabled or self._automaton is None:
            return frozenset(range(len(self.patterns)))
        found = set(self.always)
        low = text.lower()
        for _, ids in self._automaton_for(low).iter(low):
            found |= ids
        return frozenset(found)

    def any(self, text: str, lowered: str | None = None) -> bool:
        """Whether :meth:`candidates` of ``text`` is non-empty: stops at the first literal.

        ``lowered`` is ``text.lower()`` when the caller has it already.
        """
        if not self.enabled or self._automaton is None:
            return bool(self.patterns)
        if self.always:
            return True
        low = text.lower() if lowered is None else lowered
        return next(self._automaton_for(low).iter(low), None) is not None

    def _automaton_for(self, low: str) -> Any:
        """The automaton to scan lowercased text with: in ASCII text only the ASCII
        literals can occur, and an automaton without the others is faster (fewer branches
        at its root, where a scan of prose spends most of its steps)."""
        return self._ascii_automaton if low.isascii() else self._automaton


class _NoHits:
    """An automaton without literals: it finds nothing."""

    def iter(self, text: str) -> Iterator[tuple[int, frozenset[int]]]:
        """No hit in any text."""
        return iter(())


def _ascii_automaton(table: Mapping[str, set[int]]) -> Any:
    """An Aho-Corasick automaton of the ASCII literals of ``table`` (to their pattern
    indexes), or one that finds nothing if there are none."""
    ascii_table = {t: frozenset(ids) for t, ids in table.items() if t.isascii()}
    if not ascii_table:
        return _NoHits()
    automaton = ahocorasick.Automaton()
    for t, ids in ascii_table.items():
        automaton.add_word(t, ids)
    automaton.make_automaton()
    return automaton
