"""Cutting a text into units: paragraphs (blank-line separated), lines, parts of lines.

A line is cut into up to three units when part of it is clearly different: a scraper date
stamp or breadcrumb at its start ("date 2023-11-10 Home » "), a separator-delimited keyword
wall at its end (after a last full sentence), or a closing promotion sentence ("For more
updates ..., please visit ..."). Units carry a verdict (``kind``) that ``_rules`` fills in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from polyglot_news.boilerplate import _features as F
from polyglot_news.boilerplate._gate import Gate
from polyglot_news.boilerplate._patterns import BREADCRUMB, PROMO_TAIL

__all__ = ["Unit", "units_of", "unit_spans", "lone_span", "codes"]

_PARA_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")
_LINE = re.compile(r"[^\n]+")
_SEPARATOR = re.compile(r"[|｜·•●▪■◆»›]|\s/\s")
_SENTENCE_END = re.compile(r"(?:[.!?](?=\s)|[。！？])[\"'”’»)]*\s*")
_CRUMB = re.compile(r"[»>›]")


@dataclass
class Unit:
    """A span of the text (no surrounding whitespace) and its verdict so far."""

    start: int
    end: int
    para: int
    kind: str  # good | tiny | weak | bad | spam
    reason: str = ""
    score: float = 0.0
    forced: bool = False  # cut off by an inline rule; does not make its paragraph chrome
    fixed: bool = False  # verdict given by the splitter; not judged again

    @property
    def flagged(self) -> bool:
        """Whether the verdict is boilerplate or spam."""
        return self.kind in ("bad", "spam")

    @property
    def label(self) -> str:
        """The block label of the verdict."""
        return {"bad": "boilerplate", "spam": "spam"}.get(self.kind, "content")


def codes(u: Unit) -> set[str]:
    """The unit's reason code and the codes it lists after "; also "."""
    head, _, also = u.reason.partition("; also ")
    return {head.split(":", 1)[0], *(c.strip() for c in also.split(",") if c.strip())}


@cache
def _promo_gate() -> Gate:
    return Gate([PROMO_TAIL])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        spans.append(_trim(text, pos, m.start()))
        pos = m.end()
    spans.append(_trim(text, pos, len(text)))
    return [(s, e) for s, e in spans if s < e]


def _last_sentence_end(text: str, start: int, end: int) -> int:
    last = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() <= end:
            last = m.end()
    return last


def _promo_region(text: str, start: int, end: int) -> str:
    """The part of a trimmed line where a ``PROMO_TAIL`` match can lie: after its last ".",
    "!" or "?" but a final one (the pattern's literals and gaps hold none of them)."""
    last = max(
        text.rfind(".", start, end - 1),
        text.rfind("!", start, end - 1),
        text.rfind("?", start, end - 1),
    )
    return text[max(start, last + 1) : end]


#: The characters a ``BREADCRUMB`` match that is not empty starts with in a trimmed line:
#: "date" (in this case only), "home", "главная" or "首页" (in any case).
CRUMB_START = frozenset("dhHгГ首")


def _crumb(text: str, start: int, end: int) -> re.Match[str] | None:
    """``BREADCRUMB.match(text, start, end)`` at a trimmed ``start``, or ``None`` when it
    surely matches nothing (the line starts with no character a match starts with)."""
    if F.FAST.enabled and text[start : start + 1] not in CRUMB_START:
        return None
    return BREADCRUMB.match(text, start, end)


def _split_line(text: str, start: int, end: int, para: int) -> list[Unit]:
    """Cut a line into a breadcrumb prefix, a body, a keyword-wall or promo tail."""
    units: list[Unit] = []
    m = _crumb(text, start, end)
    if m and m.end() > start and F.has_letters(text[m.end() : end]):
        rest = text[m.end() : end]
        if _CRUMB.search(m.group(0)) and F.word_count(rest) <= 4 and not F.ends_sentence(rest):
            # the whole line is a breadcrumb ("Главная » Политика » Мир")
            return [Unit(start, end, para, "bad", "meta: breadcrumb", 0.7, fixed=True)]
        s, e = _trim(text, start, m.end())
        units.append(
            Unit(s, e, para, "bad", "meta: scraper date stamp or breadcrumb", 0.7, forced=True)
        )
        start, _ = _trim(text, m.end(), end)
    tail: Unit | None = None
    has_seps = not F.FAST.enabled or F.has_separator_char(text[start:end])
    seps = list(_SEPARATOR.finditer(text, start, end)) if has_seps else []
    if len(seps) >= 3:
        cut = _last_sentence_end(text, start, seps[0].start())
        if cut > start and F.list_shape(text[cut:end]).is_wall:
            tail = Unit(cut, end, para, "good")
    if tail is None and _promo_gate().any(_promo_region(text, start, end)):
        p = PROMO_TAIL.search(text, start, end)
        if p:
            cut = _last_sentence_end(text, start, p.start())
            if cut > start and p.start() - cut <= 40:
                tail = Unit(
                    cut, end, para, "bad", "promo: closing promotion of the site", 0.7, forced=True
                )
    body_end = _trim(text, start, tail.start if tail else end)[1]
    if body_end > start:
        units.append(Unit(start, body_end, para, "good"))
    if tail is not None:
        units.append(tail)
    return units


def units_of(text: str) -> list[Unit]:
    """Every unit of ``text`` in order, with no verdict yet (``kind="good"``)."""
    units: list[Unit] = []
    if "\n" not in text:  # one paragraph of one line
        s, e = _trim(text, 0, len(text))
        return _split_line(text, s, e, 0) if s < e else units
    for para, (p_start, p_end) in enumerate(_paragraphs(text)):
        for m in _LINE.finditer(text, p_start, p_end):
            s, e = _trim(text, m.start(), m.end())
            if s < e:
                units.extend(_split_line(text, s, e, para))
    return units


def _few_separators(text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` holds fewer than the three separators that
    :func:`_split_line` needs to cut a keyword-wall tail ("Sibu/Interaction", "李·王")."""
    if not F.has_separator_char(text[start:end]):
        return True
    seps = _SEPARATOR.finditer(text, start, end)
    return next(seps, None) is None or next(seps, None) is None or next(seps, None) is None


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether :func:`_split_line` surely leaves the trimmed line ``text[start:end]`` whole.

    Cheap sufficient checks: no breadcrumb or date stamp at its start, fewer than three
    separators (so no keyword-wall tail), no promotion-tail literal after its last sentence.
    """
    crumb = _crumb(text, start, end)  # all optional: matches "" at least
    return (
        (crumb is None or crumb.end() == start)
        and _few_separators(text, start, end)
        and not _promo_gate().any(_promo_region(text, start, end))
    )


def lone_span(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of ``text``'s only unit when it surely has one; else ``None``.

    That is a text of one non-blank line that :func:`_split_line` does not cut; then
    ``units_of(text)`` is one unit over that span, in paragraph 0. ``None`` says nothing
    (the text may still be one unit); with the fast paths off it is always ``None``.
    """
    if not F.FAST.enabled:
        return None
    start, end = _trim(text, 0, len(text))
    if start == end or text.find("\n", start, end) >= 0:
        return None
    return (start, end) if _whole_line(text, start, end) else None


def unit_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every unit of ``text`` (lines, or parts of lines), in order."""
    return [(u.start, u.end) for u in units_of(text)]
