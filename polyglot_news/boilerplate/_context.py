"""Context: settle the units the explicit rules left open (the package docstring says how).

Over the units of one document in order (or of a run of one-paragraph documents that are
the paragraphs of one page): first precision passes for chrome that only context reveals
(bullet headlines after the article's last sentence, headlines under a related-content
heading, tiny lines in a chrome paragraph, a lone appeal cue next to an appeal), then the
jusText-style paragraph classifier (Pomikálek 2011). A document edge counts as bad, as in
jusText, only in a text with chrome (a page); in a clean text it has no vote, so the last
short lines of an article are kept. In a document without a long good unit, the dense
near-good units are its good ones (a short article).
"""

from __future__ import annotations

import re
from functools import lru_cache

from polyglot_news.boilerplate import _text as T
from polyglot_news.boilerplate._units import Unit, codes

__all__ = ["apply_context", "LENGTH_LOW", "LENGTH_HIGH", "STOP_LOW", "STOP_HIGH"]

#: jusText's defaults: units shorter than LENGTH_LOW (Han-weighted characters) are short;
#: a unit is good with stop-word density STOP_HIGH and more than LENGTH_HIGH characters,
#: near-good from STOP_LOW. A headline is looked for up to HEADING_DISTANCE characters of
#: open text before the first good unit.
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOP_LOW = 0.30
#: Our Chinese function-word list is short beside jusText's lists, so Chinese densities run
#: lower: its near-good bounds are this share of STOP_LOW.
ZH_STOP_SCALE = 0.5
STOP_HIGH = 0.32
HEADING_DISTANCE = 200

_BULLET = re.compile(r"[-–—•·*▪●◦]\s+")
_ENDS_PROSE = re.compile(r"[.!?。！？][\"'”’»)）]*$")
#: Codes of the chrome that a lone appeal cue next to it joins (a donation/subscribe block).
_APPEALS = frozenset({"appeal", "promo", "follow"})
#: Flags that do not make their paragraph chrome: a separator line.
_INERT = frozenset({"symbols"})
#: Codes of headings whose following lines are related-content links.
_HEADINGS = frozenset({"more-nav", "read-more"})
_OPEN = ("", "weak")


def apply_context(
    units: list[Unit], main_lang: str | None, window: bool = False, extracted: bool = False
) -> None:
    """Give every open unit of a document (its text in ``Unit.s``) a verdict, in place.

    ``window``: the units are a stretch of a longer page (one-paragraph documents of a
    batch), so a stretch with chrome but no article paragraph is page chrome.
    ``extracted``: the text is an article already extracted from HTML, whose extractor
    judged it with the page's markup; only the precision passes run, open units are kept.
    """
    _related_lists(units)
    _related_headings(units)
    _chrome_paragraphs(units)
    chrome = any(u.flagged and codes(u.reason) - _INERT for u in units)
    _classify(units, main_lang, chrome, window, "extracted article" if extracted else "")


# -- precision passes ------------------------------------------------------------------------


def _tiny(u: Unit) -> bool:
    return T.word_count(u.s) <= 2 and not T.ends_sentence(u.s)


def _headline(u: Unit) -> bool:
    """An open unit shaped like a headline: at most 20 words, no sentence end."""
    return u.kind in _OPEN and T.word_count(u.s) <= 20 and not T.ends_sentence(u.s.rstrip("?"))


def _related_lists(units: list[Unit]) -> None:
    """3+ bullet headlines (median 5+ words) after the article's last sentence.

    A list introduced by a colon or a heading line, or of short items, is the article's own.
    """
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and _BULLET.match(units[j].s) and _headline(units[j]):
            j += 1
        if j - i >= 3:
            prev = units[i - 1] if i else None
            after_text = prev is None or prev.flagged or _ENDS_PROSE.search(prev.s) is not None
            at_end = all(u.flagged or _tiny(u) for u in units[j:])
            sizes = sorted(T.word_count(u.s) for u in units[i:j])
            if at_end and after_text and sizes[len(sizes) // 2] >= 5:
                for u in units[i:j]:
                    u.set("bad", f"related-list: {j - i} bullet headlines after the article", 0.7)
        i = max(j, i + 1)


def _related_headings(units: list[Unit]) -> None:
    """Headline lines under a related-content heading ("Related news:", "Читайте также:").

    They must follow it in its paragraph, or open the next paragraph when the heading is
    alone in its paragraph and ends with a colon.
    """
    for i, head in enumerate(units):
        if not head.flagged or not codes(head.reason) & _HEADINGS:
            continue
        alone = all(u.para != head.para for u in units[i + 1 : i + 2])
        colon = head.s.endswith((":", "："))
        para = head.para if not alone else head.para + 1 if colon else -1
        j = i + 1
        while j < len(units) and units[j].para == para and _headline(units[j]):
            j += 1
        for u in units[i + 1 : j]:
            why = f"related-list: {j - i - 1} headlines under a related-content heading"
            u.set("bad", why, 0.7)


def _appeal(u: Unit, where: str, score: float) -> None:
    """Flag a lone appeal cue (a ``weak`` unit) as an appeal ``where`` it stands."""
    u.set("bad", u.reason.replace("weak-cue: one", "appeal: an").replace(", kept", where), score)


def _chrome_paragraphs(units: list[Unit]) -> None:
    """In a paragraph with chrome lines, tiny lines are chrome. A lone appeal cue is chrome
    in a paragraph with an appeal, or between appeal/promo units (or one and the edge)."""

    def neighbour(i: int, step: int) -> Unit | None:
        i += step
        while 0 <= i < len(units) and (units[i].kind == "weak" or _tiny(units[i])):
            i += step
        return units[i] if 0 <= i < len(units) else None

    chrome = {u.para for u in units if u.flagged and not u.forced and codes(u.reason) - _INERT}
    appeal = {u.para for u in units if u.flagged and codes(u.reason) & _APPEALS}
    for u in units:
        if u.kind == "" and u.para in chrome and _tiny(u):
            u.set("bad", "context: short line in a chrome paragraph", 0.6)
        elif u.kind == "weak" and u.para in appeal:
            _appeal(u, " in a chrome paragraph", 0.65)
    for i in (i for i, u in enumerate(units) if u.kind == "weak"):
        sides = [n for n in (neighbour(i, -1), neighbour(i, 1)) if n is not None]
        if sides and all(n.flagged and codes(n.reason) & _APPEALS for n in sides):
            _appeal(units[i], " between chrome blocks", 0.6)


# -- the paragraph classifier ---------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def _initial(s: str, main_lang: str | None) -> tuple[str, float | None]:
    """jusText's context-free class of an open unit's text, and its stop-word density.

    Beyond jusText: a short full sentence (5+ words) is near-good, and so is a unit with
    half the stop-word density of prose that is punctuated like prose (:func:`_sentences`).
    Cached: page chrome recurs from page to page of a site.
    """
    lang = T.lang_of(s) or main_lang
    density = T.stop_density(s, lang)
    length = T.size(s)
    if length < LENGTH_LOW:
        sentence = T.ends_sentence(s) and T.word_count(s) >= 5 and not s.endswith(":")
        return ("neargood" if sentence else "short"), density
    if density is None:  # no stop list: length and sentences alone
        return ("good" if T.sentence_marks(s) and length > LENGTH_HIGH else "neargood"), density
    if density >= STOP_HIGH:
        return ("good" if length > LENGTH_HIGH else "neargood"), density
    low = STOP_LOW * ZH_STOP_SCALE if lang == "zh" else STOP_LOW
    if density >= low or (density >= low / 2 and _sentences(s)):
        return "neargood", density
    return "bad", density


def _sentences(s: str) -> bool:
    """Whether ``s`` reads as punctuated prose: it ends a sentence and holds a comma,
    another sentence or 8+ words (menus, teaser lists and keyword lines rarely do)."""
    return T.ends_sentence(s) and (T.sentence_marks(s) >= 2 or "," in s or T.word_count(s) >= 8)


def _vote(prev: str, nxt: str) -> str | None:
    """The class both decided neighbours agree on (an edge does not vote), else ``None``."""
    sides = {prev, nxt} - {"edge"}
    return sides.pop() if len(sides) == 1 else None


def _headline_of(units: list[Unit], classes: list[str], initial: list[str]) -> int | None:
    """Index of the article's headline: the longest headline-shaped open unit (2+ words)
    in the HEADING_DISTANCE characters of open text before the first unit kept by the
    revision (``classes``); ``initial`` are the classes before it."""
    first = classes.index("good")
    distance, best, words = 0, None, 1
    for i in range(first - 1, -1, -1):
        u = units[i]
        if u.kind not in _OPEN:
            continue
        if initial[i] in ("short", "neargood") and _headline(u) and T.word_count(u.s) > words:
            best, words = i, T.word_count(u.s)
        distance += T.size(u.s)
        if distance > HEADING_DISTANCE:
            break
    return best


def _classify(
    units: list[Unit], main_lang: str | None, chrome: bool, window: bool, keep: str
) -> None:
    """Classify the open units (see the module docstring) and give them their reasons.

    ``chrome``: some unit is flagged chrome, so the text is a page, whose edges (header,
    footer) count as bad neighbours as in jusText; in a clean text an edge has no vote.
    With ``keep`` (why), every open unit is kept."""
    edge = "bad" if chrome else "edge"

    def near(i: int, step: int, skip_neargood: bool = True) -> str:
        """The nearest decided class before (``step=-1``) or after unit ``i``, or the edge's."""
        skip = ("short", "neargood", "inert") if skip_neargood else ("short", "inert")
        i += step
        while 0 <= i < len(classes) and classes[i] in skip:
            i += step
        return classes[i] if 0 <= i < len(classes) else edge

    open_ = [i for i, u in enumerate(units) if u.kind in _OPEN]
    if not open_:
        return
    # An inert flag (a separator line) is chrome itself but gives its neighbours no vote.
    classes = ["inert" if u.flagged and not codes(u.reason) - _INERT else "bad" for u in units]
    density: dict[int, float | None] = {}
    for i in open_:
        classes[i], density[i] = _initial(units[i].s, main_lang)
    if "good" not in classes:  # a short article: dense units anchor it
        for i in open_:
            if classes[i] == "neargood" and (density[i] or 0.0) >= STOP_HIGH:
                classes[i] = "good"
    initial = list(classes)
    if keep or ("good" not in classes and not (window and chrome)):  # nothing to set them against
        for i in open_:
            _settle(units[i], True, initial[i], density[i], keep or "no article in the document")
        return
    revised = list(classes)
    for i in (i for i in open_ if classes[i] == "short"):
        prev, nxt = near(i, -1), near(i, 1)
        revised[i] = _vote(prev, nxt) or (
            "good"
            if (prev == "bad" and near(i, -1, False) == "neargood")
            or (nxt == "bad" and near(i, 1, False) == "neargood")
            else "bad"
        )
    classes = revised
    for i in open_:
        if classes[i] == "neargood":
            agreed = _vote(near(i, -1), near(i, 1))
            classes[i] = "bad" if agreed == "bad" else "good"
    headline = _headline_of(units, classes, initial) if "good" in classes else None
    if headline is not None:
        classes[headline] = "good"
    for i in open_:
        cls = "headline" if i == headline else initial[i]
        _settle(units[i], classes[i] != "bad", cls, density[i], "")


def _settle(u: Unit, keep: bool, initial: str, density: float | None, why: str) -> None:
    """Turn a class into the unit's verdict and reason (``initial`` is the class before
    revision, or ``"headline"``)."""
    wc = T.word_count(u.s)
    dens = "n/a" if density is None else f"{density:.2f}"
    if u.kind == "weak":
        if keep:
            return  # its reason says which cue was found and that it was kept
        _appeal(u, " outside the article", 0.6)
    elif initial == "headline":
        u.set("good", f"headline: {wc} words before the article", 0.2)
    elif keep and initial == "short":
        u.set("good", f"short: {wc} words" + (f", {why}" if why else ", within the article"), 0.3)
    elif keep:
        u.set("good", f"prose: {wc} words, stop-word density {dens}", 0.1)
    elif initial == "short":
        u.set("bad", f"context: a short unit ({wc} words) among chrome", 0.6)
    elif initial == "bad":
        u.set("bad", f"no-prose: {wc} words, stop-word density {dens}", 0.6)
    else:
        u.set("bad", f"outside: {wc} words of text between chrome, away from the article", 0.55)
