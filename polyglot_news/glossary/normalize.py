"""``normalize()``: replace glossary variants by their canonical forms, and say what changed."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import regex

from polyglot_news.glossary.context import Context, evidence_of
from polyglot_news.glossary.folding import TextView, fold, joins, text_view
from polyglot_news.glossary.matcher import (
    AMBIGUOUS,
    Candidate,
    Hit,
    entries_of,
    replacement_of,
    resolve_hits,
    rule_of,
    to_match,
)
from polyglot_news.glossary.model import Change, Entry, Match, Normalized
from polyglot_news.glossary.recheck import has_multiline_forms, new_spans, touched_spans
from polyglot_news.scripts import LATIN_CLASS

if TYPE_CHECKING:
    from polyglot_news.glossary.glossary import Glossary

__all__ = [
    "normalize",
    "apply_changes",
    "find_hits",
    "find_matches",
    "decide",
]

_RUN_INNER = "0-9\uff10-\uff19\\s\\-\u2010-\u2015.,'\u2019/()\u00ab\u00bb\u201e\u201c\u201d\"&"
# runs of one script (with the spaces and punctuation inside names), where the other
# language's terms are searched in a segment of another language
# (a run starts at a letter, so that re can search for it fast; _runs() adds an opening quote)
_LATIN_RUN = regex.compile(f"{LATIN_CLASS}[{LATIN_CLASS}{_RUN_INNER}]*")
_OPENERS = '\u00ab\u201e\u201c"('


def _runs(pattern: regex.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``pattern`` in ``text[start:end]``, each with the opening quote before it."""
    out: list[tuple[int, int]] = []
    for match in pattern.finditer(text, start, end):
        s, e = match.span()
        if s > start and text[s - 1] in _OPENERS:
            s -= 1
        out.append((s, e))
    return out


def find_hits(glossary: Glossary, text: str, lang: str | None) -> list[Hit]:
    """Resolved hits of ``glossary`` in ``text``.

    ``lang=None``: one matcher pass per script over the document's one folded view
    (English keys over the text, Russian keys over its Cyrillic runs, Chinese keys
    over its Han runs); no language segmentation is run. With ``lang`` the text is
    searched with that language first, and the Latin, Cyrillic and Han terms of the
    other languages embedded in it are found too (a Latin name in a Russian
    sentence, a Chinese name in an English one). On a tie the text's language wins.
    """
    if not text:
        return []
    if lang in ("en", None) and text.isascii():  # no Cyrillic or Han to look for: one search
        return resolve_hits(glossary.matcher("en").hits(text, text.lower()))
    view = text_view(text)
    if lang is None:
        return resolve_hits(_script_hits(glossary, text, view))
    return resolve_hits(_region_hits(glossary, text, view, lang))


def _script_hits(glossary: Glossary, text: str, view: TextView) -> list[Hit]:
    """Every hit, one pass per script: Latin (the whole text), Cyrillic runs, Han runs."""
    folded = view.folded
    hits = glossary.matcher("en").hits(text, folded)
    if view.cyrillic:
        hits.extend(glossary.matcher("ru").hits_over(text, folded, view.cyrillic))
    if view.han:
        hits.extend(glossary.matcher("zh").hits_in(text, view.han))
    return hits


def _region_hits(glossary: Glossary, text: str, view: TextView, lang: str) -> list[Hit]:
    """Every hit in ``text`` read as ``lang``, with the other scripts' terms embedded in it."""
    folded = view.folded
    end = len(text)
    if lang == "zh":
        own = glossary.matcher("zh").hits(text, fold(text, chinese=True))
    else:
        own = glossary.matcher(lang).hits(text, folded)
    embedded: list[Hit] = []
    if lang != "en":  # Latin names in a Russian or Chinese text
        latin = _runs(_LATIN_RUN, text, 0, end)
        embedded.extend(glossary.matcher("en").hits_over(text, folded, latin))
    if lang != "ru":  # Russian names in an English or Chinese text
        embedded.extend(glossary.matcher("ru").hits_over(text, folded, view.cyrillic))
    if lang != "zh" and view.han:  # Chinese names in an English or Russian text
        embedded.extend(glossary.matcher("zh").hits_in(text, view.han))
    return own + embedded


def _glues(text: str, start: int, end: int, replacement: str) -> bool:
    """Whether writing ``replacement`` would glue it to a neighbouring token.

    ``Gen.Li`` must not become ``GeneralLi``: the second pass would then see
    other tokens, and normalizing twice must equal normalizing once.
    """
    if not replacement:
        return False
    before = start > 0 and joins(text[start - 1], replacement[0])
    after = end < len(text) and joins(replacement[-1], text[end])
    return before or after


def find_matches(
    glossary: Glossary, text: str, lang: str | None, *, evidence: bool = True
) -> list[Match]:
    """Resolved matches of ``glossary`` in ``text`` (see :meth:`Glossary.find`).

    The sentence's evidence decides as it does for :func:`normalize` (:class:`Context`):
    a hit normalize would not take (中國 in 開發中國家, a title with another country's
    qualifier or, where it needs one, none) is not a match either.
    """
    out: list[Match] = []
    hits = find_hits(glossary, text, lang)
    context = Context(glossary, text, hits)
    pos = 0
    for hit in hits:
        candidates: tuple[str, ...] = ()
        if hit[3] == AMBIGUOUS:
            readings = glossary.matcher(hit[2].lang).viable(text[hit[0] : hit[1]])
            candidates = entries_of(c for c, _ in readings)
        elif evidence:
            accepted = context.accept(hit)
            if accepted is None or accepted[0] < pos:
                continue
            hit = accepted
            if not hit[2].entry_id:  # a rank whose army the text does not give
                candidates = context.candidates(hit[0], hit[1])
        out.append(to_match(hit, text, candidates))
        pos = hit[1]
    return out


# -- ambiguous forms ------------------------------------------------------------------------


def _held_at(entry: Entry, date: str) -> bool:
    """Whether ``entry`` held its post at ``date`` (ISO, partial dates compare by prefix);
    an entry without ``held`` dates always may have."""
    held = entry.held or {}
    start, end = held.get("from"), held.get("to")
    if start and date[: len(start)] < start[: len(date)]:
        return False
    return not (end and date[: len(end)] > end[: len(date)])


def decide(
    glossary: Glossary,
    readings: Sequence[tuple[Candidate, str]],
    evidence: frozenset[str],
    date: str | None = None,
) -> tuple[Candidate, str] | None:
    """The reading of an ambiguous form that the evidence supports, or None.

    ``readings``: one per candidate entry (see :meth:`LangMatcher.viable`). With
    ``date``, entries whose ``held`` dates exclude it drop out. Then an entry that
    the document names elsewhere by an unambiguous form (``evidence``: the entry ids
    of the document's other hits) wins when it is the only such one. Otherwise
    nothing is decided.
    """
    if date:
        dated = [r for r in readings if _held_at(glossary.get(r[0].entry_id), date)]
        readings = dated or readings
    if len(readings) == 1:
        return readings[0]
    named = [r for r in readings if r[0].entry_id in evidence]
    return named[0] if len(named) == 1 else None


#: Passes normalize() makes at most to reach a text that normalizing leaves unchanged.
#: Lint refuses glossaries on which the text would change forever; the chains that end
#: take a pass per repetition (``Chinese Chinese Central Military Commission`` loses one
#: ``Chinese`` per pass), and each later pass redoes only the lines a replacement touched.
#: No real text repeats a form 64 times in a row; past that the output may still change.
MAX_PASSES = 64
#: Later passes stop once the text is this many times longer than after the first pass
#: (plus 1,024 characters): only a glossary whose replacements hold their own variants
#: (乙 -> 丙乙丙) grows it further, and such a text would otherwise grow for every pass.
GROWTH_LIMIT = 2


def normalize(
    text: str,
    *,
    glossary: Glossary | None = None,
    lang: str | None = None,
    date: str | None = None,
) -> Normalized:
    """Replace every matched variant in ``text`` by its canonical form.

    ``glossary`` defaults to the shipped one (loaded once). ``lang`` is the
    language of the whole text; ``None`` reads each script in its language
    (Latin as English, Cyrillic as Russian, Han as Chinese) without segmenting.
    Only matched spans change; ``changes`` lists them with offsets into ``text``,
    and ``apply_changes(text, changes) == result.text``.

    The result is a fixed point: ``normalize(result.text)`` changes nothing. A
    replacement can bring two terms next to each other in a way that forms a new
    match (``CMC CMC Joint Staff Department``); normalize() then runs again on its
    own output (at most :data:`MAX_PASSES` passes) and folds each later change into
    one change over the original span, so the record still replays exactly.

    A form that several entries claim is decided by evidence (:func:`decide`: the
    document's ``date``, ISO, against the entries' ``held`` dates; the entries the
    document names elsewhere); undecided, it is left as it is and reported by a
    change with status ``ambiguous`` and its ``candidates``.
    """
    if glossary is None:
        from polyglot_news.glossary.glossary import Glossary

        glossary = Glossary.default()
    out, changes = _normalize_once(glossary, text, lang, date)
    latest = [c for c in changes if c.replacement != c.original]
    limit = GROWTH_LIMIT * len(out) + 1024
    for _ in range(MAX_PASSES - 1):
        if not latest:
            break
        spans = new_spans(latest)
        # a replacement that names a country or body the original did not (or no longer
        # names one) is new evidence for the hits of its sentence: its line is redone
        moved = [
            span
            for span, c in zip(spans, latest, strict=True)
            if evidence_of(c.original) != evidence_of(c.replacement)
        ]
        latest = _renormalize(glossary, out, lang, spans, date, moved=moved)
        if not latest:
            break
        again = apply_changes(out, latest)
        changes = _compose(text, changes, latest, out)
        out = again
        if len(out) > limit:
            break  # a glossary that grows its own output (lint: not-idempotent)
    return Normalized(out, text, tuple(changes))


def _renormalize(
    glossary: Glossary,
    text: str,
    lang: str | None,
    spans: Sequence[tuple[int, int]],
    date: str | None,
    *,
    moved: Sequence[tuple[int, int]] = (),
) -> list[Change]:
    """The changes another pass makes on ``text``, whose last pass wrote ``spans``.

    Only the lines holding a replacement that a hit interacts with, or a replacement
    in ``moved`` (one that changed the evidence of its sentence, which never crosses a
    line), are normalized again (no key holds a newline, so no hit crosses one); when
    there is none, which is the common case, nothing is searched beyond the
    replacements' neighbourhoods. Ambiguous forms the first pass reported are not
    reported again.
    """
    touched = sorted({*touched_spans(glossary, text, spans), *moved})
    if not touched:
        return []
    if has_multiline_forms(glossary):
        return _normalize_once(glossary, text, lang, date, report=False)[1]
    lines: list[tuple[int, int]] = []
    for s, e in touched:
        a = text.rfind("\n", 0, s) + 1
        b = text.find("\n", e)
        b = len(text) if b < 0 else b
        if lines and a <= lines[-1][1]:
            lines[-1] = (lines[-1][0], max(lines[-1][1], b))
        else:
            lines.append((a, b))
    if lines == [(0, len(text))]:
        return _normalize_once(glossary, text, lang, date, report=False)[1]
    out: list[Change] = []
    for a, b in lines:
        out.extend(
            replace(c, start=c.start + a, end=c.end + a)
            for c in _normalize_once(glossary, text[a:b], lang, date, report=False)[1]
        )
    return out


def _normalize_once(
    glossary: Glossary,
    text: str,
    lang: str | None,
    date: str | None = None,
    *,
    report: bool = True,
) -> tuple[str, list[Change]]:
    """One left-to-right pass: the new text and its changes (offsets into ``text``).

    ``report``: add an ``ambiguous`` record for each ambiguous form left unchanged.
    """
    changes: list[Change] = []
    parts: list[str] = []
    pos = 0
    hits = find_hits(glossary, text, lang)
    context = Context(glossary, text, hits)
    evidence: frozenset[str] | None = None
    for found in hits:
        start, end, cand, how = found
        candidates: tuple[str, ...] = ()
        if how == AMBIGUOUS:
            if evidence is None:
                evidence = frozenset(h[2].entry_id for h in hits if h[3] != AMBIGUOUS)
            readings = glossary.matcher(cand.lang).viable(text[start:end])
            candidates = entries_of(c for c, _ in readings)
            chosen = decide(glossary, readings, evidence, date)
            if chosen is None:
                if report:
                    span = text[start:end]
                    rule = rule_of(span, cand)
                    changes.append(
                        Change(start, end, span, span, "", AMBIGUOUS, cand.lang, rule, candidates)
                    )
                continue
            cand, how = chosen
            found = (start, end, cand, how)
        if how == "exact" and cand.replacement == cand.form and not context.may_extend(cand):
            continue  # a preferred form as written: the common case, no change
        hit = context.accept(found)  # the sentence's evidence (see glossary.context)
        if hit is None or hit[0] < pos:
            continue
        start, end, cand, how = hit
        if not cand.entry_id:  # a rank whose army the text does not give
            candidates = context.candidates(start, end)
        replacement = replacement_of(hit)
        original = text[start:end]
        if replacement == original or _glues(text, start, end, replacement):
            continue
        rule = cand.exact_rule if how == "exact" else rule_of(original, cand)
        changes.append(
            Change(
                start, end, original, replacement, cand.entry_id, cand.status, cand.lang, rule,
                candidates,
            )
        )  # fmt: skip
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    if not parts:
        return text, changes
    parts.append(text[pos:])
    return "".join(parts), changes


def _compose(
    original: str, first: Sequence[Change], second: Sequence[Change], middle: str
) -> list[Change]:
    """Changes from ``original`` to the result of applying ``first`` then ``second``.

    ``first`` indexes ``original``; ``second`` indexes ``middle`` (``original`` after
    ``first``). Overlapping changes of the two passes merge into one change over the
    union of their spans, mapped back to ``original``.
    """
    items: list[tuple[int, int, int, Change]] = []  # (start, end in middle, pass, change)
    shifts: list[tuple[int, int]] = []  # (end in middle, cumulative length delta) per first
    delta = 0
    for change in first:
        start = change.start + delta
        items.append((start, start + len(change.replacement), 1, change))
        delta += len(change.replacement) - (change.end - change.start)
        shifts.append((start + len(change.replacement), delta))
    items.extend((c.start, c.end, 2, c) for c in second)
    items.sort(key=lambda item: (item[0], item[1], item[2]))
    groups: list[list[Any]] = []
    for item in items:
        if groups and item[0] < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], item[1])
            groups[-1][2].append(item)
        else:
            groups.append([item[0], item[1], [item]])

    shift_ends = [end for end, _ in shifts]  # ascending, as the first pass's changes are

    def to_original(pos: int) -> int:
        # the total shift of the first-pass changes that end at or before pos
        i = bisect_right(shift_ends, pos) - 1
        return pos - (shifts[i][1] if i >= 0 else 0)

    out: list[Change] = []
    for start, end, members in groups:
        later = [m[3] for m in members if m[2] == 2]
        earlier = [m[3] for m in members if m[2] == 1]
        if not later:
            out.extend(earlier)
            continue
        lo = earlier[0].start if earlier and members[0][2] == 1 else to_original(start)
        hi = to_original(end)
        pieces: list[str] = []
        pos = start
        for change in later:
            pieces.append(middle[pos : change.start])
            pieces.append(change.replacement)
            pos = change.end
        pieces.append(middle[pos:end])
        out.append(_merged(original[lo:hi], "".join(pieces), lo, hi, [*earlier, *later]))
    return out


def _merged(original: str, replacement: str, start: int, end: int, every: list[Change]) -> Change:
    """One change standing for ``every`` change of several passes over one span: the last
    one's entry, language and status (deprecated if any was), all their entries and rules."""
    last = every[-1]
    entries = tuple(dict.fromkeys(i for c in every for i in c.entry_ids))
    return Change(
        start,
        end,
        original,
        replacement,
        last.entry_id,
        "deprecated" if any(c.status == "deprecated" for c in every) else last.status,
        last.lang,
        "+".join(dict.fromkeys(c.rule for c in every)),
        entries=entries if len(entries) > 1 else (),
    )


def apply_changes(text: str, changes: Sequence[Change] | Iterable[Change]) -> str:
    """Replay ``changes`` (non-overlapping, offsets into ``text``) on ``text``."""
    parts: list[str] = []
    pos = 0
    for change in sorted(changes, key=lambda c: c.start):
        if change.start < pos or change.end > len(text):
            raise ValueError(
                f"change at {change.start}-{change.end} overlaps or runs past the text"
            )
        if text[change.start : change.end] != change.original:
            raise ValueError(
                f"change at {change.start}-{change.end} expects {change.original!r}, "
                f"the text has {text[change.start : change.end]!r}"
            )
        parts.append(text[pos : change.start])
        parts.append(change.replacement)
        pos = change.end
    parts.append(text[pos:])
    return "".join(parts)
