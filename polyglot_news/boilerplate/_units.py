"""Cutting a text into units: paragraphs, lines, and parts of lines that clearly differ
(a date stamp or breadcrumb before the text, a keyword wall or promotion after its last
sentence). Units carry the verdict (``kind``) that ``_rules`` and ``_context`` fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from polyglot_news.boilerplate import _text as T
from polyglot_news.boilerplate._rules import BREADCRUMB, PROMO_TAIL, candidates

__all__ = ["Unit", "units_of", "codes"]

_SEPARATOR = re.compile(T.SEPARATOR_CHARS)
_SENTENCE_END = re.compile(r"(?:[.!?](?=\s)|[。！？])[\"'”’»)]*\s*")
_CRUMB = re.compile(r"[»>›]")


@dataclass(slots=True)
class Unit:
    """A span of the text (no surrounding whitespace) and its verdict so far.

    ``kind`` is ``""`` (not judged yet), ``good``, ``tiny``, ``weak`` (one appeal cue),
    ``bad`` or ``spam``.
    """

    start: int
    end: int
    para: int
    kind: str = ""
    reason: str = ""
    score: float = 0.0
    forced: bool = False  # cut off by an inline rule; does not make its paragraph chrome
    fixed: bool = False  # verdict given by the splitter; not judged again
    s: str = ""  # the unit's text, filled in by units_of
    fp: bytes = b""  # its fingerprint (T.fingerprint), filled in by units_of
    cand: int = -1  # the patterns that may match in it (_rules.candidates); -1: all

    @property
    def flagged(self) -> bool:
        """Whether the verdict is boilerplate or spam."""
        return self.kind in ("bad", "spam")

    @property
    def label(self) -> str:
        """The block label of the verdict."""
        return {"bad": "boilerplate", "spam": "spam"}.get(self.kind, "content")

    def set(self, kind: str, reason: str, score: float) -> None:
        """Give the unit a verdict."""
        self.kind, self.reason, self.score = kind, reason, score


@lru_cache(maxsize=1 << 12)
def codes(reason: str) -> frozenset[str]:
    """The code a reason starts with and the codes it lists after "; also "."""
    head, _, also = reason.partition("; also ")
    return frozenset({head.split(":", 1)[0], *(c.strip() for c in also.split(",") if c.strip())})


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _last_sentence_end(text: str, start: int, end: int) -> int:
    return max((m.end() for m in _SENTENCE_END.finditer(text, start, end)), default=start)


#: A part of a line: ``(start, end, kind, reason, score, forced, fixed)``, offsets in the line.
_Part = tuple[int, int, str, str, float, bool, bool]


@lru_cache(maxsize=1 << 14)
def _split_line(line: str) -> tuple[_Part, ...]:
    """Cut a line into a breadcrumb prefix, a body, a keyword-wall or promo tail. Cached:
    page chrome recurs from page to page of a site."""
    parts: list[_Part] = []
    start, end = 0, len(line)
    m = BREADCRUMB.match(line)
    if m and m.end() > start and T.has_letters(line[m.end() :]):
        rest = line[m.end() :]
        if _CRUMB.search(m.group(0)) and T.word_count(rest) <= 4 and not T.ends_sentence(rest):
            # the whole line is a breadcrumb ("Главная » Политика » Мир")
            return ((start, end, "bad", "meta: breadcrumb", 0.7, False, True),)
        s, e = _trim(line, start, m.end())
        parts.append((s, e, "bad", "meta: scraper date stamp or breadcrumb", 0.7, True, False))
        start, _ = _trim(line, m.end(), end)
    tail: _Part | None = None
    seps = list(_SEPARATOR.finditer(line, start, end))
    if len(seps) >= 3:
        cut = _last_sentence_end(line, start, seps[0].start())
        if cut > start and T.list_shape(line[cut:end]).is_wall:
            tail = (cut, end, "", "", 0.0, False, False)
    if tail is None:
        p = PROMO_TAIL.search(line, start, end)
        if p:
            cut = _last_sentence_end(line, start, p.start())
            if cut > start and p.start() - cut <= 40:
                tail = (cut, end, "bad", "promo: closing promotion of the site", 0.7, True, False)
    body_end = _trim(line, start, tail[0] if tail else end)[1]
    if body_end > start:
        parts.append((start, body_end, "", "", 0.0, False, False))
    if tail is not None:
        parts.append(tail)
    return tuple(parts)


def units_of(text: str) -> list[Unit]:
    """Every unit of ``text`` in order, not judged yet (``kind=""``) unless cut off by a rule.

    Blank (or whitespace-only) lines separate paragraphs."""
    units: list[Unit] = []
    para, pos, gap = 0, 0, False
    for line in text.split("\n"):
        body = line.strip()
        if not body:
            gap = bool(units)  # the next line opens a paragraph
        else:
            para, gap = para + gap, False
            s = pos + len(line) - len(line.lstrip())
            for a, b, kind, why, score, forced, fixed in _split_line(body):
                units.append(Unit(s + a, s + b, para, kind, why, score, forced, fixed))
        pos += len(line) + 1
    for u, cand in zip(units, candidates(text, [(u.start, u.end) for u in units]), strict=True):
        u.s, u.cand = text[u.start : u.end], cand
        u.fp = T.fingerprint(u.s)
    return units
