"""Classification: each unit's own verdict, context passes, then tiled blocks.

``_units`` cuts a document into units (lines, or parts of lines); :func:`_judge` gives
each one a verdict from its own features; ``_context`` settles undecided units from their
neighbours; consecutive units of one paragraph with the same label become one
:class:`Block`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

from polyglot_news.boilerplate import _features as F
from polyglot_news.boilerplate._context import apply_context, bullet_at, context_is_idle
from polyglot_news.boilerplate._patterns import LINE_PATTERNS, SHORT_PATTERNS, ChromePattern
from polyglot_news.boilerplate._units import Unit, lone_span, units_of
from polyglot_news.errors import UsageError

__all__ = [
    "Block",
    "LABELS",
    "REASON_CODES",
    "classify",
    "label_line",
    "lone_block",
    "lone_verdict",
    "lone_label",
    "Observer",
]

#: Block labels, from kept to flagged.
LABELS = ("content", "boilerplate", "spam")

#: Every code a reason can start with, and what it means.
REASON_CODES: dict[str, str] = {
    # content
    "prose": "content: running text (words and stop-word density given)",
    "short": "content: a short line with no chrome pattern (headline, brief)",
    "weak-cue": "content: one donation/subscription cue alone, kept",
    "empty": "content: no text",
    # spam
    "keyword-list": "spam: a wall of short items between separators, with spam words or in "
    "another language than the document",
    "spam-vocabulary": "spam: spam words in a text that is not prose",
    # boilerplate, from the rules
    "link-list": "many short items between separators (menus, tag lists)",
    "related-list": "headline lists after the article or under a related-content heading",
    "repeated": "a line repeated across documents (or listed by the caller)",
    "duplicate": "a line repeating an earlier line of the same document",
    "appeal": "donation/subscription appeal",
    "no-prose": "12+ words that are not prose (few stop words, no sentences)",
    "context": "a very short line in a paragraph of chrome",
    "symbols": "no letters or digits",
    "meta": "scraper date stamp, breadcrumb, time stamp or post meta",
    "promo": "promotion of the site or its channels",
    # boilerplate, from the chrome patterns
    **{
        p.code: p.words
        for p in LINE_PATTERNS + SHORT_PATTERNS
        if p.code not in {"appeal", "meta", "promo"}
    },
}

#: Called with a document's unit fingerprints; returns in how many documents each was seen.
Observer = Callable[[set[bytes]], Mapping[bytes, int]]

_LANG_CODE = re.compile(r"[a-z]{2,3}")

#: Stop-word density below which 12+ words without sentence punctuation are not prose.
_NO_PROSE = {"en": 0.10, "ru": 0.05}  # not zh: long Chinese titles have few function words


@dataclass(frozen=True)
class Block:
    """A span ``[start, end)`` of the input text and what it is.

    ``label`` is ``"content"``, ``"boilerplate"`` or ``"spam"``. ``reason`` starts with a
    machine-readable code (``"copyright"``, ``"keyword-list"``, ``"prose"``...) followed by
    ``": "`` and a few words; ``score`` is how much the block looks like chrome or spam,
    from 0 to 1 (content blocks stay below 0.5, flagged blocks are at 0.5 or above).
    """

    start: int
    end: int
    label: str
    reason: str
    score: float

    @property
    def code(self) -> str:
        """The machine-readable head of ``reason`` (``"copyright"``, ``"prose"``...)."""
        return self.reason.split(":", 1)[0]

    @property
    def flagged(self) -> bool:
        """Whether the block is boilerplate or spam."""
        return self.label != "content"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: ``start``, ``end``, ``label``, ``code``, ``reason``, ``score``."""
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "code": self.code,
            "reason": self.reason,
            "score": self.score,
        }


# -- verdicts ------------------------------------------------------------------------------


def _quote(p: ChromePattern, text: str) -> str:
    m = p.regex.search(text)
    found = m.group(0).strip() if m else ""
    if len(found) > 30:
        found = found[:27] + "..."
    return f"'{found}'"


def _pattern_reason(hits: list[ChromePattern], text: str) -> str:
    head = hits[0]
    quoted = "/".join(_quote(p, text) for p in hits[:3])
    others = sorted({p.code for p in hits[1:]} - {head.code})
    also = f"; also {', '.join(others)}" if others else ""
    return f"{head.code}: {head.words}, matches {quoted}{also}"


def _items(shape: F.ListShape) -> str:
    return f"{shape.items} short items between '{shape.separator}'"


@dataclass(frozen=True)
class _Ctx:
    main_lang: str | None
    repeated: frozenset[bytes]
    seen: set[bytes]


def _plain_content(s: str, lowered: str | None = None) -> bool:
    """Whether unit ``s`` is plainly content: :func:`_judge` ends with "prose" or "short".

    For a unit that is neither repeated nor a duplicate. Cheap checks, in the order that
    rules out the most: no separator character or separators that make no wall (so no
    keyword list or link list), a sentence mark (so no spam vocabulary and no no-prose), a
    letter or digit (not "symbols"), then no chrome: see :func:`_no_chrome`.
    ``lowered`` is ``s.lower()`` when the caller has it already.
    """
    if not F.FAST.enabled:
        return False
    if s.isascii():
        if ("|" in s or "/" in s) and F.list_shape(s).is_wall:
            return False
    elif F.has_separator_char(s) and F.list_shape(s).is_wall:
        return False
    return F.has_sentence_mark(s) and F.has_letters(s) and _no_chrome(s, lowered)


def _no_chrome(s: str, lowered: str | None = None) -> bool:
    """Whether no chrome pattern, weak cue or bare date line is found in unit ``s``.

    Usually no pattern is worth running (see :func:`_chrome_candidates`); else it is enough
    that none of the candidates matches, as every chrome rule needs a match (a literal such
    as "ad" or "more" in ordinary prose makes a candidate, rarely a match). A unit short
    enough to be a bare date line and holding a digit or domain ending must not be one.
    """
    if _has_chrome_candidates(s, lowered) and any(p.regex.search(s) for p in _chrome_candidates(s)):
        return False
    if len(s) <= F.LINE_MAX and F.may_hold_filler(s):
        return not F.line_chrome(s, F.NO_CANDIDATES)
    return True


def _prose_verdict(s: str, reasons: bool = True) -> tuple[str, str, float]:
    """The verdict :func:`_judge` gives a plain-content unit: "short" (tiny) or "prose".

    With ``reasons=False`` the reason is only its code (no word count or stop-word
    density to compute): for callers that drop the reasons of content blocks.
    """
    if not reasons:
        if F.ends_sentence(s) or F.word_count(s) > 2:
            return "good", "prose", 0.1
        return "tiny", "short", 0.3
    wc = F.word_count(s)
    if wc <= 2 and not F.ends_sentence(s):
        return "tiny", f"short: {wc} words, no chrome pattern", 0.3
    density = F.stop_density(s, F.lang_of(s))
    dens = "n/a" if density is None else f"{density:.2f}"
    return "good", f"prose: {wc} words, stop-word density {dens}", 0.1


def _has_chrome_candidates(s: str, lowered: str | None = None) -> bool:
    """``bool(_chrome_candidates(s))``, without building the set (checked in tests);
    ``lowered`` is ``s.lower()`` when the caller has it already."""
    if F.FAST.enabled and len(s) > F.LINE_MAX and F.surely_attributed(s, lowered):
        return False  # reported speech: cheaper to find than the patterns' literals
    return F.has_consulted_candidates(s, lowered)


def _chrome_candidates(s: str) -> frozenset[ChromePattern]:
    """The chrome patterns worth running on unit ``s`` (see ``_features``).

    Beyond ``LINE_MAX`` only SHORT and WEAK patterns are consulted, and neither counts in
    reported speech: no pattern can flag an attributed unit, so none is looked for (when
    that is quick to see: see ``surely_attributed``).
    """
    if F.FAST.enabled and len(s) > F.LINE_MAX and F.surely_attributed(s):
        return F.NO_CANDIDATES
    return F.consulted_candidates(s)


def _judge(
    s: str, fp: bytes, repeats: int, ctx: _Ctx, reasons: bool = True
) -> tuple[str, str, float]:
    """Verdict of one unit on its own: (kind, reason, score).

    ``reasons=False`` may leave only the code as the reason of a content verdict.
    """
    if not (repeats or fp in ctx.repeated or (fp in ctx.seen and len(s) >= 40)) and _plain_content(
        s
    ):
        return _prose_verdict(s, reasons)
    if not F.has_letters(s):
        return "bad", "symbols: no letters or digits", 0.6
    shape = F.list_shape(s)
    lang = F.lang_of(s)
    wc = F.word_count(s)
    density = F.stop_density(s, lang)
    sentences = F.has_sentence_mark(s)
    dense = (density or 0.0) >= 0.15 and lang != "zh"  # zh spam phrases hold 在, 的...
    spam, strong, terms = F.spam_terms(s) if shape.is_wall or not sentences else (0, 0, [])
    mismatch = bool(ctx.main_lang and lang and lang != ctx.main_lang)
    foreign_wall = mismatch and shape.is_list and shape.items >= 8 and shape.mean_words >= 3
    spam_wall = spam >= 3 and (strong > 0 or shape.mean_words >= 3)  # not "首页 | 视频 | 直播"
    if shape.is_wall and (spam_wall or foreign_wall):
        why = f"spam words {', '.join(terms[:5])}" if spam_wall else ""
        if mismatch:
            why += ("; " if why else "") + f"{lang} list in a {ctx.main_lang} document"
        return "spam", f"keyword-list: {_items(shape)}; {why}", 0.95
    # a spam phrase, not a headline: more spam words, or 10+ words without stop words
    keywords = spam >= 6 or (strong and spam >= 3 and wc >= 10 and not dense)
    if wc >= 6 and not sentences and keywords:
        return "spam", f"spam-vocabulary: {', '.join(terms[:6])}", 0.85
    cands = _chrome_candidates(s)
    hits = F.line_chrome(s, cands)
    if hits:
        return "bad", _pattern_reason(hits, s), 0.9
    hits = F.short_chrome(s, cands)
    if hits:
        return "bad", _pattern_reason(hits, s), 0.85
    if shape.is_list:
        return "bad", f"link-list: {_items(shape)}", 0.8
    if fp in ctx.repeated:
        return "bad", "repeated: listed as repeated across documents", 0.75
    if repeats:
        return "bad", f"repeated: seen in {repeats} documents of the batch", 0.75
    if fp in ctx.seen and len(s) >= 40:
        return "bad", "duplicate: repeats an earlier line of this document", 0.7
    cues = F.weak_cues(s, cands)
    cue_codes = ", ".join(p.code for p in cues)
    if len(cues) >= 2:
        return "bad", f"appeal: donation/subscription appeal ({cue_codes})", 0.7
    if cues:
        return "weak", f"weak-cue: one appeal cue ({cue_codes}), kept", 0.4
    if (
        wc >= 12
        and density is not None
        and lang is not None
        and density < _NO_PROSE.get(lang, 0.0)
        and not sentences
    ):
        return "bad", f"no-prose: {wc} words, stop-word density {density:.2f}, no sentences", 0.6
    if wc <= 2 and not F.ends_sentence(s):
        return "tiny", f"short: {wc} words, no chrome pattern", 0.3
    dens = "n/a" if density is None else f"{density:.2f}"
    return "good", f"prose: {wc} words, stop-word density {dens}", 0.1


# -- context passes ------------------------------------------------------------------------


# -- blocks --------------------------------------------------------------------------------


def _merge(group: list[Unit]) -> tuple[str, str, float]:
    top = max(group, key=lambda u: u.score)
    codes = []
    for u in group:
        code = u.reason.split(":", 1)[0]
        if code != top.reason.split(":", 1)[0] and code not in codes:
            codes.append(code)
    reason = top.reason + (f"; also {', '.join(codes)}" if codes else "")
    return top.label, reason, top.score


def _blocks(text: str, units: list[Unit]) -> list[Block]:
    groups: list[list[Unit]] = []
    for u in units:
        if groups and groups[-1][-1].para == u.para and groups[-1][-1].label == u.label:
            groups[-1].append(u)
        else:
            groups.append([u])
    blocks = []
    for i, group in enumerate(groups):
        start = 0 if i == 0 else group[0].start
        end = groups[i + 1][0].start if i + 1 < len(groups) else len(text)
        label, reason, score = _merge(group)
        blocks.append(Block(start, end, label, reason, score))
    return blocks


def normalize_lang(main_lang: str | None) -> str | None:
    """``"zh-Hant"`` -> ``"zh"``; ``None`` and ``"und"`` -> ``None``; junk -> UsageError."""
    if main_lang is None:
        return None
    if type(main_lang) is str:
        return _normalize_lang_str(main_lang)  # the few codes of a stream, cached
    return _normalize_lang(main_lang)


@lru_cache(maxsize=64)
def _normalize_lang_str(main_lang: str) -> str | None:
    return _normalize_lang(main_lang)


def _normalize_lang(main_lang: object) -> str | None:
    code = str(main_lang).replace("_", "-").split("-")[0].lower()
    if code == "und":
        return None
    if not _LANG_CODE.fullmatch(code):
        raise UsageError(
            f"main_lang {main_lang!r} is not a language code; pass e.g. 'en', 'zh' or 'ru', "
            "or None to guess it from the text"
        )
    return code


_LABEL_OF_KIND = {"bad": "boilerplate", "spam": "spam"}


def lone_block(text: str, start: int, end: int, lang: str | None, *, reasons: bool = True) -> Block:
    """The one block of a text whose only unit is ``text[start:end]`` (see ``lone_span``)
    and whose main language is ``lang``; see :func:`lone_verdict`."""
    return Block(0, len(text), *lone_verdict(text, start, end, lang, reasons=reasons))


def lone_verdict(
    text: str, start: int, end: int, lang: str | None, *, reasons: bool = True
) -> tuple[str, str, float]:
    """``(label, reason, score)`` of the one block of a text whose only unit is
    ``text[start:end]`` (see ``lone_span``).

    ``lang`` is the normalized main language (``None``: guessed if needed). A lone unit's
    verdict is final: the context passes change nothing without neighbours, and the
    repetition counts never matter (a repeated lone unit is the whole document: a duplicate
    article, kept), so only lines listed by the caller as ``repeated`` need the general path.
    ``reasons=False`` may leave only the code as the reason of a content block.
    """
    s = text[start:end]
    if _plain_content(s):
        kind, reason, score = _prose_verdict(s, reasons)
    else:
        kind, reason, score = _judge_lone(text, s, lang, reasons)
    return _LABEL_OF_KIND.get(kind, "content"), reason, score


def _judge_lone(text: str, s: str, lang: str | None, reasons: bool) -> tuple[str, str, float]:
    """:func:`_judge` of the lone unit ``s`` of ``text``, with no repetition evidence."""
    ctx = _Ctx(lang if lang is not None else F.lang_of(text), frozenset(), set())
    return _judge(s, F.fingerprint(s), 0, ctx, reasons)


def lone_label(
    text: str, start: int, end: int, lang: str | None, lowered: str | None = None
) -> tuple[str, str | None]:
    """``(label, reason)`` of :func:`lone_verdict` with ``reasons=False``, the reason
    ``None`` for content (it is never worked out: a plain unit is content whether "prose"
    or "short"). ``lowered`` is the unit's ``text[start:end].lower()`` if known."""
    s = text[start:end]
    if _plain_content(s, lowered):
        return "content", None
    kind, reason, _ = _judge_lone(text, s, lang, False)
    label = _LABEL_OF_KIND.get(kind, "content")
    return label, None if label == "content" else reason


def plain_labels(
    text: str, units: list[Unit], fps: list[bytes], counts: Mapping[bytes, int], min_docs: int
) -> list[tuple[int, int, str, str | None]] | None:
    """``classify(text, reasons=False)`` as detector labels when every unit is plain content:
    one ``content`` block per paragraph; ``None`` when that is not sure.

    ``units`` are fresh ``units_of(text)`` with their fingerprints ``fps``; ``counts`` says in
    how many documents each fingerprint was seen. Sure means: no unit cut off or fixed by
    the splitter, none repeated across ``min_docs`` documents or more, no long line repeating
    an earlier one, none starting with a bullet (so no context pass applies), and each one
    plain content (see :func:`_plain_content`), judged "good" or "tiny".
    """
    if not units:
        return None
    seen: set[bytes] = set()
    starts: list[int] = []
    para = -1
    for u, fp in zip(units, fps, strict=True):
        if u.forced or u.fixed or counts.get(fp, 0) >= min_docs:
            return None
        if (fp in seen and u.end - u.start >= 40) or bullet_at(text, u.start, u.end):
            return None
        if not _plain_content(text[u.start : u.end]):
            return None
        seen.add(fp)
        if u.para != para:  # a new paragraph starts a new block
            starts.append(u.start if starts else 0)
            para = u.para
    ends = [*starts[1:], len(text)]
    return [(start, end, "content", None) for start, end in zip(starts, ends, strict=True)]


def classify(
    text: str,
    *,
    main_lang: str | None = None,
    repeated: Collection[str] | None = None,
    observer: Observer | None = None,
    min_docs: int = 3,
    prepared: tuple[list[Unit], list[bytes]] | None = None,
    reasons: bool = True,
) -> list[Block]:
    """Classify ``text`` paragraph by paragraph; see :func:`polyglot_news.boilerplate.classify`.

    ``observer`` (used by :class:`~polyglot_news.boilerplate.BoilerplateDetector`) receives
    the fingerprints of the document's units and returns in how many documents each was
    seen; units seen in ``min_docs`` or more are repeated chrome, unless repeated units make
    up half of the document or more (then it is a duplicate article, not chrome).
    ``prepared`` is ``(units_of(text), their fingerprints)`` when already computed (fresh
    units: they are judged in place). ``reasons=False`` may leave only the code as the
    reason of a content block (for callers that drop them).
    """
    if not isinstance(text, str):
        raise TypeError(f"classify() needs str text, not {type(text).__name__}")
    if isinstance(repeated, str):
        raise UsageError("repeated= takes a collection of lines, not one str; wrap it: [line]")
    lang = normalize_lang(main_lang)
    span = lone_span(text) if prepared is None and not repeated else None
    if span is not None:
        if observer is not None:  # counted for the other documents; its own verdict is final
            observer({F.fingerprint(text[span[0] : span[1]])})
        return [lone_block(text, span[0], span[1], lang, reasons=reasons)]
    units = prepared[0] if prepared is not None else units_of(text)
    if not units:
        return [Block(0, len(text), "content", "empty: no text", 0.0)] if text else []
    if lang is None:
        lang = F.lang_of(text)
    fps = (
        prepared[1]
        if prepared is not None
        else [F.fingerprint(text[u.start : u.end]) for u in units]
    )
    counts: Mapping[bytes, int] = observer(set(fps)) if observer else {}
    rep = [counts.get(fp, 0) if counts.get(fp, 0) >= min_docs else 0 for fp in fps]
    total = sum(u.end - u.start for u in units)
    if sum(u.end - u.start for u, r in zip(units, rep, strict=True) if r) * 2 >= total:
        rep = [0] * len(units)
    ctx = _Ctx(lang, frozenset(F.fingerprint(r.strip()) for r in repeated or ()), set())
    for u, fp, r in zip(units, fps, rep, strict=True):
        if not (u.forced or u.fixed):
            u.kind, u.reason, u.score = _judge(text[u.start : u.end], fp, r, ctx, reasons)
        if u.kind in ("good", "weak", "tiny"):
            ctx.seen.add(fp)
    if len(units) == 1 and units[0].kind == "good":
        # a lone prose unit: no context pass changes a "good" unit without neighbours
        return [Block(0, len(text), "content", units[0].reason, units[0].score)]
    if not context_is_idle(text, units):
        apply_context(text, units)
    return _blocks(text, units)


def label_line(line: str, *, main_lang: str | None = None) -> Block:
    """One :class:`Block` for a whole line (line-by-line mode): each line is a paragraph.

    A line that is partly content (say a date stamp before a sentence) is content; a line
    with no content part is spam if any part is spam, else boilerplate.
    """
    blocks = classify(line, main_lang=main_lang)
    if not blocks:
        return Block(0, 0, "content", "empty: no text", 0.0)
    content = [b for b in blocks if not b.flagged]
    pick = content or [b for b in blocks if b.label == "spam"] or blocks
    top = max(pick, key=lambda b: b.score)
    return Block(0, len(line), top.label, top.reason, top.score)
