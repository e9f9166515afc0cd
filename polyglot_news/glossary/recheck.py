"""Where another normalize() pass could change something, without running one.

A pass can create a new match only through a replacement it wrote: a hit that
crosses, contains or touches a replacement. Any other hit sees the same characters
and the same neighbours as before, and resolves as it did then. Most replacements
(a canonical name between ordinary words) can never take part in such a hit: no key
overlaps them at a token boundary, and no key contains them. That is decided once
per replacement string from the keys alone (:func:`reach`); the others are checked
in their text by searching as far around them as a key can reach
(:func:`touched_spans`).
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import regex

from polyglot_news.glossary.folding import fold, joins
from polyglot_news.glossary.matcher import Hit, LangMatcher, replacement_of
from polyglot_news.glossary.model import Change, Entry
from polyglot_news.scripts import CYRILLIC, DIGIT, HAN, HAN_CLASS, LATIN, script_of

if TYPE_CHECKING:
    from polyglot_news.glossary.glossary import Glossary

__all__ = [
    "new_spans",
    "touched_spans",
    "reach",
    "inert",
    "has_multiline_forms",
    "form_chars_of",
]

# where a hit of a Han-led key can lie: from a Han character to the next space
_HAN_LED = regex.compile(f"{HAN_CLASS}\\S*")

_LANGS = ("en", "ru", "zh")


class _Memo:
    """What this module has worked out about one glossary (it never changes)."""

    def __init__(self) -> None:
        self.reach: dict[str, tuple[int, int, frozenset[str]] | None] = {}


# kept here, not on the Glossary: the glossary owns no state of this module
_MEMOS: weakref.WeakKeyDictionary[Glossary, _Memo] = weakref.WeakKeyDictionary()


def _memo(glossary: Glossary) -> _Memo:
    memo = _MEMOS.get(glossary)
    if memo is None:
        memo = _MEMOS.setdefault(glossary, _Memo())
    return memo


def new_spans(changes: Sequence[Change]) -> list[tuple[int, int]]:
    """Where each change's replacement sits in the text the changes produce."""
    spans: list[tuple[int, int]] = []
    delta = 0
    for change in changes:
        start = change.start + delta
        spans.append((start, start + len(change.replacement)))
        delta += len(change.replacement) - (change.end - change.start)
    return spans


def _windows(
    text: str, spans: Sequence[tuple[int, int, int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """The text around each ``(start, end, left, right)`` span (``left`` characters before
    it, ``right`` after), merged and joined by newlines, and the spans in the joined
    string's coordinates."""
    windows: list[list[Any]] = []  # [start, end, spans inside]
    for s, e, left, right in spans:
        a, b = max(0, s - left), min(len(text), e + right)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
            windows[-1][2].append((s, e))
        else:
            windows.append([a, b, [(s, e)]])
    targets: list[tuple[int, int]] = []
    pos = 0
    for a, b, inside in windows:
        targets.extend((s - a + pos, e - a + pos) for s, e in inside)
        pos += b - a + 1
    return "\n".join(text[a:b] for a, b, _ in windows), targets


def touched_spans(
    glossary: Glossary, text: str, spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The ``spans`` (replacements the last pass wrote in ``text``, in order, not
    overlapping) that another pass could change something around.

    A new change needs a hit that a replacement made possible: one that crosses,
    contains or touches a replacement span. Any other hit sees the same characters
    and the same neighbours as in the last pass, and resolves as it did then. So only
    the text within reach of each span (:func:`reach`) is searched, by the matcher of
    every language that can reach it (more than any segmentation would search), and
    without overlap
    resolution: any hit that crosses, contains or touches a span counts, except the
    replacement itself read back unchanged and the hits inside it (which it shields).
    An empty list means another pass is certain to change nothing. Spans whose
    replacement is :func:`inert` are not searched.
    """
    reaching = []
    langs: set[str] = set()
    for s, e in spans:
        found = _reach_by_lang(glossary, text[s:e])
        if found is not None:
            reaching.append((s, e, found[0], found[1]))
            langs |= found[2]
    if not reaching:
        return []
    matchers = [glossary.matcher(lang) for lang in _LANGS if lang in langs]
    spans = [(s, e) for s, e, _, _ in reaching]
    joined, targets = _windows(text, reaching)
    starts = [s for s, _ in targets]
    target_set = set(targets)
    touched: set[int] = set()
    folded = ""
    for matcher in matchers:
        if matcher.lang == "zh" and matcher.han_led:
            # a Chinese automaton is slow on text it has no keys for (its root is wide)
            hits = matcher.hits_in(joined, (m.span() for m in _HAN_LED.finditer(joined)))
        elif matcher.lang == "zh":
            hits = matcher.hits(joined, fold(joined, chinese=True))
        else:
            folded = folded or fold(joined)
            hits = matcher.hits(joined, folded)
        benign: set[tuple[int, int]] = set()
        others: list[Hit] = []
        for hit in hits:
            span = (hit[0], hit[1])
            if span in target_set and replacement_of(hit) == joined[hit[0] : hit[1]]:
                benign.add(span)
            else:
                others.append(hit)
        for s, e, _cand, _how in others:
            i = bisect_right(starts, e) - 1  # the last span that starts at or before e
            while i >= 0:
                ts, te = targets[i]
                if te < s:
                    break  # this span, and those before it, end before the hit
                if not ((ts, te) in benign and ts <= s and e <= te):
                    touched.add(i)  # crossed, contained or touched by the hit
                i -= 1
    return [spans[i] for i in sorted(touched)]


def _cut(text: str, i: int, bounded: bool) -> bool:
    """Whether a hit may start or end between ``text[i - 1]`` and ``text[i]``."""
    return not bounded or not joins(text[i - 1], text[i])


def _cuts(folded: str, bounded: bool) -> list[int]:
    """Every position inside ``folded`` where a hit may start or end."""
    return [i for i in range(1, len(folded)) if _cut(folded, i, bounded)]


def _right_reach(keys: Sequence[str], prefix: str, bounded: bool) -> int:
    """How far past ``prefix`` the keys of ``keys`` (sorted) that start with it and go on
    after a cut reach (0: none does)."""
    n = len(prefix)
    best = 0
    for i in range(bisect_left(keys, prefix), len(keys)):
        key = keys[i]
        if not key.startswith(prefix):
            break
        if len(key) > n and _cut(key, n, bounded):
            best = max(best, len(key) - n)
    return best


def _reach_of(matcher: LangMatcher, folded: str) -> tuple[int, int]:
    """How far before and after ``folded`` (a replacement, folded) a key of ``matcher``
    that overlaps it without lying inside it can reach: one that starts before it and
    ends at a cut inside it, with it, or after it, or one that starts inside it at a cut
    and ends after it. ``(0, 0)``: no key can."""
    keys, tails, before = matcher.sorted_keys(), matcher.key_tails(), matcher.tail_head
    bounded = matcher.bounded
    n = len(folded)
    cuts = _cuts(folded, bounded)
    right = max(_right_reach(keys, folded[i:], bounded) for i in (0, *cuts))
    left = max((before(folded[:j]) for j in (*cuts, n)), default=0)
    # keys that hold the whole replacement and go on after it
    for i in range(bisect_left(tails, folded), len(tails)):
        tail = tails[i]
        if not tail.startswith(folded):
            break
        if len(tail) > n and _cut(tail, n, bounded):
            left, right = max(left, before(tail)), max(right, len(tail) - n)
    return left, right


#: The script each language's own forms are written in (see ``scripts.script_of``).
_MAIN_SCRIPTS = {
    "en": frozenset({DIGIT, LATIN}),
    "ru": frozenset({CYRILLIC}),
    "zh": frozenset({HAN}),
}


def form_chars_of(entries: Iterable[Entry], lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every character of ``lang``'s forms (folded), and the folded forms with a letter
    or digit of another script than the language's own (``G20`` among the Russian
    forms). From the entries: no automaton is built."""
    chinese = lang == "zh"
    forms = {fold(v.form, chinese=chinese) for e in entries for v in e.forms(lang)}
    main = _MAIN_SCRIPTS[lang]
    mixed = tuple(f for f in forms if any(c.isalnum() and script_of(c) not in main for c in f))
    return frozenset("".join(forms)), mixed


def _form_chars(glossary: Glossary, lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """:func:`form_chars_of` the glossary's entries (kept by the glossary)."""
    return glossary.form_chars(lang)


def has_multiline_forms(glossary: Glossary) -> bool:
    """Whether a form holds a line break (the loader refuses them; entries built in
    Python may have one), decided from the forms: no automaton is built."""
    return any("\n" in _form_chars(glossary, lang)[0] for lang in _LANGS)


def _edges(folded: str, bounded: bool) -> tuple[str, str]:
    """The first and the last piece of ``folded`` between cuts (its first and last token;
    its first and last character where any position is a cut)."""
    n = len(folded)
    cuts = _cuts(folded, bounded)
    return folded[: cuts[0] if cuts else n], folded[cuts[-1] if cuts else 0 :]


def _langs_near(glossary: Glossary, replacement: str) -> tuple[str, ...]:
    """The languages whose keys can overlap ``replacement`` or lie inside it, decided
    without building their automata (building the Russian one loads a morphology).

    A key written in the language's own script needs a character of that script in
    the replacement. Any other key comes verbatim, in its letters of other scripts,
    from a form (generated keys only change Cyrillic endings, hyphens and spaces): one
    that overlaps the replacement at a cut holds its first or its last token, and one
    inside it is a form found in it."""
    out: list[str] = []
    for lang in _LANGS:
        folded = fold(replacement, chinese=lang == "zh")
        if not folded:
            return _LANGS
        main = _MAIN_SCRIPTS[lang]
        if any(c.isalnum() and script_of(c) in main for c in folded):
            out.append(lang)
            continue
        chars, mixed = _form_chars(glossary, lang)
        pieces = _edges(folded, lang != "zh")
        if (
            any(not any(c.isalnum() for c in p) and set(p) & chars for p in pieces)
            or any(p in f for f in mixed for p in pieces)
            or any(f in folded for f in mixed)
        ):
            out.append(lang)
    return tuple(out)


def _shielded(glossary: Glossary, replacement: str, langs: frozenset[str]) -> bool:
    """Whether every hit inside ``replacement`` (read alone) is harmless: it changes
    nothing, or lies inside a hit over the whole replacement that changes nothing.
    ``langs``: the languages whose keys can occur in it."""
    n = len(replacement)
    hits: list[Hit] = []
    for lang in langs:
        matcher = glossary.matcher(lang)
        hits.extend(matcher.hits(replacement, fold(replacement, chinese=lang == "zh")))
    whole = [h for h in hits if h[0] == 0 and h[1] == n]
    if any(replacement_of(h) != replacement for h in whole):
        return False
    return bool(whole) or all(replacement_of(h) == replacement[h[0] : h[1]] for h in hits)


_Reach = tuple[int, int, frozenset[str]]


def _reach_by_lang(glossary: Glossary, replacement: str) -> _Reach | None:
    """:func:`reach`, with the languages whose keys can reach (whose matchers must look)."""
    cache = _memo(glossary).reach
    if replacement in cache:
        return cache[replacement]
    near = _langs_near(glossary, replacement)
    every = frozenset(lang for lang in near if glossary.matcher(lang).size)
    found: _Reach | None
    if not replacement:  # a deletion joins its neighbours: anything may reach it
        longest = max((glossary.matcher(lang).longest for lang in every), default=0)
        found = (longest, longest, every)
    else:
        left = right = 0
        langs: set[str] = set()
        for lang in every:
            lo, hi = _reach_of(glossary.matcher(lang), fold(replacement, chinese=lang == "zh"))
            if lo or hi:
                left, right = max(left, lo), max(right, hi)
                langs.add(lang)
        if not _shielded(glossary, replacement, every):
            found = (left, right, every)  # a harmful hit inside it, of any language
        else:
            found = (left, right, frozenset(langs)) if langs else None
    cache[replacement] = found
    return found


def reach(glossary: Glossary, replacement: str) -> tuple[int, int] | None:
    """``None`` when ``replacement`` is inert: it can never take part in a new match (no
    key reaches across its edges, and every hit inside it is harmless). Otherwise how
    many characters before and after it a hit that involves it can reach. Decided from
    the keys alone, and cached per glossary."""
    found = _reach_by_lang(glossary, replacement)
    return None if found is None else found[:2]


def inert(glossary: Glossary, replacement: str) -> bool:
    """Whether ``replacement`` can never take part in a new match (see :func:`reach`)."""
    return reach(glossary, replacement) is None
