"""The precision layer: explicit patterns that flag a unit on its own, with a reason code.

:func:`judge` looks at one unit (a line or part of a line) and returns a verdict when the
unit is surely chrome or spam: a chrome pattern that explains the line ("Back to top",
"Editor: Li Yan"), a copyright, licence, cookie or promotion line, a link or keyword
wall, spam vocabulary, a line repeated across documents or within the document, an
appeal. Everything else is left undecided (``None``) for the paragraph classifier in
``_context``. A lone donation/subscription cue is ``weak``: context settles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from polyglot_news.boilerplate import _text as T
from polyglot_news.boilerplate._patterns import (
    ATTRIBUTION,
    DATE_LINE,
    LINE_FILLERS,
    LINE_PATTERNS,
    SHORT_MAX,
    SHORT_PATTERNS,
    WEAK_MAX,
    WEAK_PATTERNS,
    ChromePattern,
)

__all__ = ["Context", "Verdict", "judge", "LINE_MAX"]

#: Units longer than this are never chrome lines (see :func:`_line_chrome`).
LINE_MAX = 160

#: ``(kind, reason, score)``: kind is ``bad``, ``spam`` or ``weak``.
Verdict = tuple[str, str, float]

_NAME_LINES = frozenset({"byline", "meta"})


@dataclass
class Context:
    """What the verdict of a unit depends on beyond its text."""

    main_lang: str | None
    repeated: frozenset[bytes] = frozenset()
    seen: set[bytes] = field(default_factory=set)


def _hits(patterns: tuple[ChromePattern, ...], s: str) -> list[ChromePattern]:
    return [p for p in patterns if p.regex.search(s)]


def _letters(text: str) -> int:
    """Letters and digits, not counting digits, Han characters counting double."""
    return len(re.findall(r"[^\W\d_]", text)) + T.han_count(text)


def _line_chrome(s: str) -> list[ChromePattern]:
    """LINE patterns that, with date/domain fillers, explain almost all of ``s``.

    At most ``max(4, 30%)`` of the (Han-weighted) letters may be left unexplained; up to
    four words of names may be left after a byline or time stamp.
    """
    if len(s) > LINE_MAX:
        return []
    hits = _hits(LINE_PATTERNS, s)
    if not hits:
        rest = LINE_FILLERS.sub(" ", s)
        return [DATE_LINE] if rest != s and not _letters(rest) else []
    rest = s
    for p in hits:
        rest = p.regex.sub(" ", rest)
    rest = LINE_FILLERS.sub(" ", rest)
    if _letters(rest) <= max(4, 0.3 * _letters(s)):
        return hits
    if (
        any(p.code in _NAME_LINES for p in hits)
        and T.word_count(rest) <= 4
        and not T.sentence_marks(s)
    ):
        return hits  # "Editor: Li Yan", "来源：北方日报 作者：李华": the rest is names
    return []


def _attributed(s: str) -> bool:
    """Whether ``s`` reports someone's speech ("said", "заявил", "表示")."""
    return ATTRIBUTION.search(s) is not None


def _quote(p: ChromePattern, s: str) -> str:
    m = p.regex.search(s)
    found = m.group(0).strip() if m else ""
    return "'" + (found[:27] + "..." if len(found) > 30 else found) + "'"


def _pattern_reason(hits: list[ChromePattern], s: str) -> str:
    head = hits[0]
    quoted = "/".join(_quote(p, s) for p in hits[:3])
    others = sorted({p.code for p in hits[1:]} - {head.code})
    also = f"; also {', '.join(others)}" if others else ""
    return f"{head.code}: {head.words}, matches {quoted}{also}"


def _items(shape: T.ListShape) -> str:
    return f"{shape.items} short items between '{shape.separator}'"


def _spam(s: str, shape: T.ListShape, ctx: Context) -> Verdict | None:
    """A keyword wall with spam words or in a foreign language, or a spam phrase."""
    sentences = T.sentence_marks(s) > 0
    if not (shape.is_wall or not sentences):
        return None
    spam, strong, terms = T.spam_terms(s)
    lang = T.lang_of(s)
    mismatch = bool(ctx.main_lang and lang and lang != ctx.main_lang)
    foreign_wall = mismatch and shape.is_list and shape.items >= 8 and shape.mean_words >= 3
    spam_wall = spam >= 3 and (strong > 0 or shape.mean_words >= 3)  # not "首页 | 视频 | 直播"
    if shape.is_wall and (spam_wall or foreign_wall):
        why = f"spam words {', '.join(terms[:5])}" if spam_wall else ""
        if mismatch:
            why += ("; " if why else "") + f"{lang} list in a {ctx.main_lang} document"
        return "spam", f"keyword-list: {_items(shape)}; {why}", 0.95
    wc = T.word_count(s)
    density = T.stop_density(s, lang) or 0.0
    dense = density >= 0.15 and lang != "zh"  # zh spam phrases hold 在, 的...
    keywords = spam >= 6 or (strong and spam >= 3 and wc >= 10 and not dense)
    if wc >= 6 and not sentences and keywords:
        return "spam", f"spam-vocabulary: {', '.join(terms[:6])}", 0.85
    return None


def judge(s: str, fp: bytes, repeats: int, ctx: Context) -> Verdict | None:
    """The verdict of unit ``s`` on its own, or ``None`` when no explicit rule decides it.

    ``fp`` is its fingerprint, ``repeats`` in how many documents of the batch it was seen
    (0 when that is not evidence), ``ctx`` the document's language, caller-listed repeated
    lines and the fingerprints of the content lines seen so far.
    """
    if not T.has_letters(s):
        return "bad", "symbols: no letters or digits", 0.6
    shape = T.list_shape(s)
    found = _spam(s, shape, ctx)
    if found is not None:
        return found
    hits = _line_chrome(s)
    if hits:
        return "bad", _pattern_reason(hits, s), 0.9
    long_weak = len(s) > WEAK_MAX
    attributed = None if long_weak else _attributed(s)
    if len(s) <= SHORT_MAX and not attributed:
        hits = _hits(SHORT_PATTERNS, s)
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
    cues = [] if long_weak or attributed else _hits(WEAK_PATTERNS, s)
    names = ", ".join(p.code for p in cues)
    if len(cues) >= 2:
        return "bad", f"appeal: donation/subscription appeal ({names})", 0.7
    if cues:
        return "weak", f"weak-cue: one appeal cue ({names}), kept", 0.4
    return None
