"""Clauses: a run cut after sentence punctuation and at line breaks.

Languages are decided clause by clause, so a German sentence inside an English
paragraph, or a kana sentence inside Chinese text, gets its own label.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

__all__ = ["clause_spans", "clause_ends", "has_clause_end"]

# ASCII enders need a following space (so 3.5 and e.g. stay whole) and do not count
# after an initial (U.S. troops, J. Smith); full-width enders need nothing.
# Closing quotes and trailing spaces stay with the clause.
_CLAUSE_END = regex.compile(
    r"""(?<!\b\p{Lu})[.!?;:…]+["'”’»)\]]*\s+"""  # ASCII sentence punctuation, then space
    r"|[。！？；：]+[」』”’）)\]]*\s*"  # full-width sentence punctuation
    r"|\n\s*"  # a line break
)


def clause_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The clauses of the run ``text[start:end]``, as offsets that tile it."""
    begin = start
    for match in _CLAUSE_END.finditer(text, start, end):
        cut = match.end()
        if begin < cut < end:
            yield begin, cut
            begin = cut
    yield begin, end


def has_clause_end(text: str, start: int, end: int) -> bool:
    """True when a clause ends somewhere in ``text[start:end]``."""
    return _CLAUSE_END.search(text, start, end) is not None


def clause_ends(text: str) -> list[int]:
    """Every offset of ``text`` where a clause ends (after its punctuation and spaces), in order."""
    return [match.end() for match in _CLAUSE_END.finditer(text)]
