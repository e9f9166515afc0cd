"""Context passes: settle units whose own features are not enough, from their neighbours.

* bullet headlines after the article's last sentence are related links;
* headline lines under a related-content heading ("Related news:", "Читайте также:") too;
* in a paragraph of chrome, very short lines are chrome, and next to an appeal a lone
  appeal cue is too;
* a lone appeal cue between appeal/promo units is part of the appeal.
"""

from __future__ import annotations

import re

from polyglot_news.boilerplate import _features as F
from polyglot_news.boilerplate._units import Unit, codes

__all__ = ["apply_context", "context_is_idle", "bullet_at"]

_BULLET = re.compile(r"[-–—•·*▪●◦]\s+")
_ENDS_PROSE = re.compile(r"[.!?。！？][\"'”’»)）]*$")
#: Codes of the chrome that a lone appeal cue next to it joins (a donation/subscribe block).
_APPEALS = frozenset({"appeal", "promo", "follow"})
#: Flags that do not make their paragraph chrome: a separator line.
_INERT = frozenset({"symbols"})
#: Codes of headings whose following lines are related-content links.
_HEADINGS = frozenset({"more-nav", "read-more"})


def apply_context(text: str, units: list[Unit]) -> None:
    """Run the context passes over a document's judged units, in place."""
    _related_lists(text, units)
    _related_headings(text, units)
    _chrome_paragraphs(units)
    _appeal_runs(units)


def bullet_at(text: str, start: int, end: int) -> bool:
    """Whether the unit ``text[start:end]`` starts with a bullet ("- ", "• "...)."""
    return _BULLET.match(text, start, end) is not None


def context_is_idle(text: str, units: list[Unit]) -> bool:
    """Whether :func:`apply_context` surely changes nothing: every unit is plain content
    ("good" or "tiny", so no chrome paragraph, heading or appeal to settle others) and none
    starts with a bullet (so no related-headlines list)."""
    return all(
        u.kind in ("good", "tiny") and not _BULLET.match(text, u.start, u.end) for u in units
    )


def _related_lists(text: str, units: list[Unit]) -> None:
    """3+ bullet headlines (5+ words, no sentence end) after the article's last sentence.

    A list introduced by a colon or a heading line, or of short items, is the article's own.
    """
    i = 0
    while i < len(units):
        j = i
        while (
            j < len(units)
            and _BULLET.match(text, units[j].start, units[j].end)
            and not F.ends_sentence(text[units[j].start : units[j].end].rstrip("?"))
            and units[j].kind in ("good", "tiny", "weak")
            and F.word_count(text[units[j].start : units[j].end]) <= 20
        ):
            j += 1
        if j - i >= 3:
            prev = units[i - 1] if i else None
            intro = text[prev.start : prev.end].rstrip() if prev else ""
            after_text = prev is None or prev.flagged or _ENDS_PROSE.search(intro) is not None
            at_end = all(u.kind in ("bad", "spam", "tiny") for u in units[j:])
            sizes = sorted(F.word_count(text[u.start : u.end]) for u in units[i:j])
            if at_end and after_text and sizes[len(sizes) // 2] >= 5:
                for u in units[i:j]:
                    u.kind, u.score = "bad", 0.7
                    u.reason = f"related-list: {j - i} bullet headlines after the article"
        i = max(j, i + 1)


def _headline(text: str, u: Unit) -> bool:
    s = text[u.start : u.end]
    return (
        u.kind in ("good", "tiny", "weak")
        and F.word_count(s) <= 20
        and not F.ends_sentence(s.rstrip("?"))
    )


def _related_headings(text: str, units: list[Unit]) -> None:
    """Headline lines under a related-content heading ("Related news:", "Читайте также:").

    They must follow it in its paragraph, or open the next paragraph when the heading is
    alone in its paragraph and ends with a colon.
    """
    for i, head in enumerate(units):
        if not head.flagged or not codes(head) & _HEADINGS:
            continue
        alone = all(u.para != head.para for u in units[i + 1 : i + 2])
        colon = text[head.start : head.end].rstrip().endswith((":", "："))
        para = head.para if not alone else head.para + 1 if colon else -1
        j = i + 1
        while j < len(units) and units[j].para == para and _headline(text, units[j]):
            j += 1
        for u in units[i + 1 : j]:
            u.kind, u.score = "bad", 0.7
            u.reason = f"related-list: {j - i - 1} headlines under a related-content heading"


def _chrome_paragraphs(units: list[Unit]) -> None:
    """In a paragraph with chrome lines, tiny lines are chrome; next to an appeal, a lone
    appeal cue is too."""
    chrome = {u.para for u in units if u.flagged and not u.forced and codes(u) - _INERT}
    appeal = {u.para for u in units if u.flagged and codes(u) & _APPEALS}
    for u in units:
        if u.kind == "tiny" and u.para in chrome:
            u.kind, u.score = "bad", 0.6
            u.reason = "context: short line in a chrome paragraph"
        elif u.kind == "weak" and u.para in appeal:
            u.kind, u.score = "bad", 0.65
            u.reason = u.reason.replace("weak-cue: one", "appeal: an").replace(
                ", kept", " in a chrome paragraph"
            )


def _appeal_runs(units: list[Unit]) -> None:
    """A lone appeal cue between appeal/promo units (or one and the document edge) is chrome."""

    def neighbour(i: int, step: int) -> Unit | None:
        i += step
        while 0 <= i < len(units) and units[i].kind in ("weak", "tiny"):
            i += step
        return units[i] if 0 <= i < len(units) else None

    for i, u in enumerate(units):
        if u.kind != "weak":
            continue
        before, after = neighbour(i, -1), neighbour(i, 1)
        sides = [n for n in (before, after) if n is not None]
        if sides and all(n.flagged and codes(n) & _APPEALS for n in sides):
            u.kind, u.score = "bad", 0.6
            u.reason = u.reason.replace("weak-cue: one", "appeal: an").replace(
                ", kept", " between chrome blocks"
            )
