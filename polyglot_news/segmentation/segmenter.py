"""``segment()``: script runs -> labelled clauses -> embedded Latin absorbed -> tiling segments."""

from __future__ import annotations

import regex

from polyglot_news.scripts import CYRILLIC, LATIN
from polyglot_news.segmentation.detect import cyrillic_language_together, label_run
from polyglot_news.segmentation.kana import join_kana_clauses
from polyglot_news.segmentation.matrix import SentenceWindows, mark_islands
from polyglot_news.segmentation.model import Segment, SegmenterConfig
from polyglot_news.segmentation.runs import Run, scan_runs, split_gap
from polyglot_news.segmentation.units import Unit

__all__ = ["segment", "DEFAULT_CONFIG"]

#: The configuration used when ``segment`` gets none.
DEFAULT_CONFIG = SegmenterConfig()

_WORD = regex.compile(r"\S*\p{L}\S*")
_LETTER = regex.compile(r"\p{L}")
_NAME_LIKE = regex.compile(r"\S*[\p{Lu}\p{Lt}]\S*")
_DIGITS_AFTER = regex.compile(r"(?:[-.+_]?\p{Nd})*")
_DIGITS_BEFORE = regex.compile(r"(?r)\p{Nd}*")


def segment(text: str, config: SegmenterConfig | None = None) -> list[Segment]:
    """Cut ``text`` into language segments that tile it exactly.

    >>> [(s.lang, s.text) for s in segment("The SCO summit 上海合作组织SCO峰会 opened.")]
    [('en', 'The SCO summit '), ('zh', '上海合作组织SCO峰会 '), ('en', 'opened.')]

    ``"".join(s.text for s in segment(text)) == text`` always holds; the empty
    string gives ``[]`` and text without letters one ``und`` segment.

    How it decides:

    1. One ``regex`` pass splits the text into script runs (Han with kana, Hangul,
       Cyrillic, Latin, other letters); neutral characters between letters of one
       script join the run. Between runs of different scripts, closing punctuation
       and spaces stay left, opening quotes and brackets go right.
    2. Runs are cut into clauses and each clause is labelled: kana makes it ``ja``,
       Han alone ``zh``, Hangul ``ko``. In Cyrillic and Latin, letters first limit
       the languages a clause can be in (each alphabet must hold all its letters;
       uk, be, sr, mk, kk, mn need one of their own letters, a Kazakh sentence one
       other than і ө ү; a vowel ъ is Bulgarian; ß or é rule English out of a short
       clause; a Latin ``i`` inside Cyrillic words counts as ``і``); then function
       words (:mod:`~polyglot_news.segmentation.hints`: Bulgarian ``е са ще``,
       Russian ``что это``, German ``und ist``, French ``dans pour``, Mongolian
       ``байна гэж`` ...) decide where they name one candidate (and make a language
       whose marks are missing a candidate: Serbian ``су се од``); then CLD3,
       restricted to those languages, for clauses of ``cld3_min_letters`` or more
       letters, confirmed by lingua-py in its low-accuracy mode (trigrams: cheap to
       load) before the clause leaves the script's default. A text that is only a
       word or two goes to lingua alone (``lingua_short_alone``).
    3. Each sentence gets a matrix script from its word mass (see
       :mod:`~polyglot_news.segmentation.matrix`): a short Han or Cyrillic run in an
       English sentence is an island (``Segment.matrix``) and the English words
       around it stay English. A short Latin run (``max_embedded_letters``,
       ``max_embedded_words``) in a sentence of a host language (``embed_hosts``:
       zh, ru, ...), between two host runs or name-like next to one, joins that host;
       its offsets go into ``Segment.embedded``.
    4. Neighbouring clauses with the same language and script merge.

    Raises :class:`TypeError` when ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() needs a str, not {type(text).__name__}; decode bytes first")
    if not text:
        return []
    config = config or DEFAULT_CONFIG
    runs = scan_runs(text)
    if not runs:
        return [Segment(0, len(text), "und", "Common", 1.0, (), text)]
    units: list[Unit] = []
    alone = len(runs) == 1
    for run in runs:
        units.extend(_units_of_run(text, run, config, alone))
    if len(units) == 1:  # one unit: nothing to mark, absorb, join or merge
        return _tile(text, units)
    units = _agree_in_sentences(text, units, config)
    units = mark_islands(text, units, config.max_island_words)
    return _tile(text, _merge(join_kana_clauses(text, _absorb(text, units, config))))


def _units_of_run(text: str, run: Run, config: SegmenterConfig, alone: bool) -> list[Unit]:
    embeddable = _embeddable(text, run, config) if run.script == LATIN else None
    labels = label_run(text, run, config, alone=alone)
    if embeddable is not None:  # short: one unit, so it can be absorbed whole
        first = labels[0]
        return [Unit(run.start, run.end, first.lang, LATIN, first.confidence, (), embeddable)]
    return [Unit(lb.start, lb.end, lb.lang, lb.script, lb.confidence) for lb in labels]


def _agree_in_sentences(text: str, units: list[Unit], config: SegmenterConfig) -> list[Unit]:
    """Cyrillic units of one sentence that came out in different languages (runs cut by
    Latin names, each read alone) take the language of all of them read together,
    where every one's letters fit it."""
    cyrillic = [i for i, unit in enumerate(units) if unit.script == CYRILLIC]
    if len({units[i].lang for i in cyrillic}) < 2:
        return units
    windows = SentenceWindows(text)
    sentences: dict[tuple[int, int], list[int]] = {}
    for i in cyrillic:
        sentences.setdefault(windows.around(units[i].start, units[i].end), []).append(i)
    out = list(units)
    for members in sentences.values():
        if len({units[i].lang for i in members}) < 2:
            continue
        spans = [(units[i].start, units[i].end) for i in members]
        lang = cyrillic_language_together(text, spans, config)
        if lang is not None:
            for i in members:
                out[i] = out[i]._replace(lang=lang)
    return out


def _embeddable(text: str, run: Run, config: SegmenterConfig) -> bool | None:
    """None for a long Latin run; for a short one, whether all its words are name-like."""
    size = run.end - run.start
    if size > 4 * config.max_embedded_letters:
        return None
    words = _WORD.findall(text, run.start, run.end)
    if len(words) > config.max_embedded_words:
        return None
    if size > config.max_embedded_letters and (
        len(_LETTER.findall(text, run.start, run.end)) > config.max_embedded_letters
    ):
        return None
    return all(_NAME_LIKE.fullmatch(word) for word in words)


def _embedded_span(text: str, unit: Unit, lo: int, hi: int) -> tuple[int, int]:
    """The Latin run of ``unit`` with digits glued to it (G20, 99re, COVID-19), within lo..hi."""
    before = _DIGITS_BEFORE.match(text, lo, unit.start)
    after = _DIGITS_AFTER.match(text, unit.end, hi)
    return (before.start() if before else unit.start, after.end() if after else unit.end)


def _absorb(text: str, units: list[Unit], config: SegmenterConfig) -> list[Unit]:
    """Fold short Latin runs into a neighbouring host segment (zh, ru, ...)."""
    units = list(units)
    out: list[Unit] = []
    for index, unit in enumerate(units):
        prev = out[-1] if out else None
        nxt = units[index + 1] if index + 1 < len(units) else None
        if (
            unit.embeddable is None
            or not _is_embedded(unit, prev, nxt, config.embed_hosts)
            or _quoted_apart(text, unit, prev if _hosts(prev, config) else nxt)
        ):
            out.append(unit)
        elif prev is not None and prev.lang in config.embed_hosts:
            limit = nxt.start if nxt is not None else len(text)
            out[-1] = _swallow(text, prev, unit, at_end=True, limit=limit)
        elif nxt is not None:
            limit = prev.end if prev is not None else 0
            units[index + 1] = _swallow(text, nxt, unit, at_end=False, limit=limit)
    return out


def _hosts(unit: Unit | None, config: SegmenterConfig) -> bool:
    return unit is not None and unit.lang in config.embed_hosts


def _quoted_apart(text: str, latin: Unit, host: Unit | None) -> bool:
    """True when quotes or brackets keep a Latin run out of its host: the run is a
    quoted clause (``以“Lawrence on 10 August”生命故事``: not every word name-like), or the
    host is a quotation in Latin text (``The "人们长期使用..." La Nina``). A quoted
    name (``（SCO）``, ``“iPhone”``) is still absorbed."""
    if latin.embeddable is False and _quoted(text, latin.start, latin.end):
        return True
    return host is not None and _quoted(text, host.start, host.end)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is wrapped in quotes or brackets (spaces may pad it)."""
    return (
        _QUOTE_BEFORE.search(text[max(0, start - 3) : start]) is not None
        and _QUOTE_AFTER.match(text, end, min(len(text), end + 3)) is not None
    )


_QUOTE_BEFORE = regex.compile(r"[\p{Ps}\p{Pi}\"'«„‚「『]\s*\Z")
_QUOTE_AFTER = regex.compile(r"\s*[\p{Pe}\p{Pf}\"'»“”」』]")


def _is_embedded(unit: Unit, prev: Unit | None, nxt: Unit | None, hosts: frozenset[str]) -> bool:
    """Between two runs of one host language; or name-like next to a host (edge, other host)."""
    if prev is not None and nxt is not None and prev.lang in hosts and nxt.lang == prev.lang:
        return True
    return bool(unit.embeddable) and any(u is not None and u.lang in hosts for u in (prev, nxt))


def _swallow(text: str, host: Unit, latin: Unit, *, at_end: bool, limit: int) -> Unit:
    """``host`` grown over the Latin unit (after it if ``at_end``, else before it).

    Glued digits extend the span only up to ``limit``, the edge of the unit beyond the
    Latin run, so a digit that is a unit of its own (e.g. Myanmar ၀) is never taken twice.
    """
    # the host grows over the whole span, digits included, so the span stays inside it
    if at_end:
        span = _embedded_span(text, latin, host.end, limit)
        return host._replace(end=span[1], embedded=(*host.embedded, span))
    span = _embedded_span(text, latin, limit, host.start)
    return host._replace(start=span[0], embedded=(span, *host.embedded))


def _merge(units: list[Unit]) -> list[Unit]:
    """Neighbours with the same language and script become one unit (length-weighted confidence)."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        first = units[i]
        j = i + 1
        while j < len(units) and (units[j].lang, units[j].script) == (first.lang, first.script):
            j += 1
        if j == i + 1:
            out.append(first)
        else:
            group = units[i:j]
            weight = sum(u.end - u.start for u in group)
            confidence = min(1.0, sum(u.confidence * (u.end - u.start) for u in group) / weight)
            embedded = tuple(span for u in group for span in u.embedded)
            # an island only if every piece is one, in one matrix
            matrices = {u.matrix for u in group}
            matrix = matrices.pop() if len(matrices) == 1 else None
            out.append(
                first._replace(
                    end=group[-1].end, confidence=confidence, embedded=embedded, matrix=matrix
                )
            )
        i = j
    return out


def _tile(text: str, units: list[Unit]) -> list[Segment]:
    """Segments covering all of ``text``: gaps go left or right, the edges to the ends."""
    segments: list[Segment] = []
    start = 0
    last = len(units) - 1
    for index, unit in enumerate(units):
        end = len(text) if index == last else split_gap(text, unit.end, units[index + 1].start)
        embedded = unit.embedded
        if embedded and any(a < start or b > end for a, b in embedded):
            # units can overlap where a kana clause claims a Latin run too: keep spans inside
            embedded = tuple(
                (max(a, start), min(b, end)) for a, b in embedded if max(a, start) < min(b, end)
            )
        segments.append(
            Segment(
                start, end, unit.lang, unit.script, unit.confidence, embedded, text, unit.matrix
            )
        )
        start = end
    return segments
