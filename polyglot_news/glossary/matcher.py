"""Aho-Corasick matching of glossary forms over the folded view of a text.

One automaton per language, built on first use. Its keys are folded forms (see
:mod:`.folding`) plus generated spellings: hyphen/space splits of romanized
Chinese names (English) and case forms (Russian). Each key maps to the
candidates that fold to it; a case-sensitive candidate checks the original
case on a hit. Latin and Cyrillic hits must sit on token boundaries; among
overlapping hits the leftmost, then the longest, wins. A key that the forms of
several entries fold to is *ambiguous*: its hit names no entry yet (``how`` is
:data:`AMBIGUOUS`) and :meth:`LangMatcher.viable` lists the readings for the
caller to decide between. Weak forms are in the
automaton too: they are never reported, but a weak form that wins the overlap
resolution shields the shorter forms inside it (``General Motors`` keeps
``General`` from matching); a Han weak form of 2-3 characters shields only where
the Chinese boundary check cuts it as a word (:func:`resolve_hits`).
"""

from __future__ import annotations

import marshal
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from polyglot_news.glossary.compiled import StrTable, open_table, table_sections
from polyglot_news.glossary.folding import (
    fold,
    fold_keep_case,
    fold_width,
    fold_yo,
    is_han,
    joins,
    to_simplified,
)
from polyglot_news.glossary.model import AMBIGUOUS as _AMBIGUOUS_STATUS
from polyglot_news.glossary.model import Entry, Match, Variant
from polyglot_news.glossary.pinyin import spellings
from polyglot_news.glossary.russian import case_forms, release_memo
from polyglot_news.glossary.spelling import generated_spellings

__all__ = [
    "Candidate",
    "Hit",
    "LangMatcher",
    "build_matcher",
    "compile_sections",
    "compile_matcher",
    "Sections",
    "build_keys",
    "resolve_hits",
    "short_han",
    "replacement_of",
    "rule_of",
    "to_match",
    "key_of",
    "AMBIGUOUS",
    "entries_of",
]

_STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2, "weak": 3}


def key_of(form: str, lang: str) -> str:
    """The automaton key of a surface form in ``lang`` (the folded form)."""
    return fold(form, chinese=lang == "zh")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way a key can be read: which entry, which form, what it becomes."""

    entry_id: str
    lang: str
    form: str
    case_key: str
    status: str
    short: bool
    replacement: str
    generated: str  # "" | "hyphen/space" | "inflection" | "spelling" | "case" (+ joined)
    case_sensitive: bool

    @property
    def exact_rule(self) -> str:
        """The rule of a hit whose text is this form exactly as written."""
        return self.generated or "exact"

    @property
    def rank(self) -> tuple[int, int]:
        """Sort order among candidates of one key (explicit before generated, preferred first)."""
        return (1 if self.generated else 0, _STATUS_RANK[self.status])


def _case_ok(span_key: str, cand: Candidate) -> str | None:
    """How ``span_key`` matches ``cand``: same, fold, upper, title, or None (no match)."""
    ck = cand.case_key
    if span_key == ck:
        return "same"
    if not cand.case_sensitive:
        return "fold"
    if len(ck) > 1 and span_key.isupper() and span_key == ck.upper():
        return "upper"
    if ck[:1].islower() and span_key[:1].isupper() and span_key == ck[:1].upper() + ck[1:]:
        return "title"
    return None


def _rule(span: str, cand: Candidate, lang: str) -> str:
    """Which foldings made ``span`` match ``cand.form`` (``exact`` when none)."""
    parts: list[str] = [cand.generated] if cand.generated else []
    if span == cand.form:
        return "+".join(parts) or "exact"
    text = fold_width(span)
    if text != span:
        parts.append("width")
    if lang == "zh":
        simple = to_simplified(text)
        if simple != text:
            parts.append("traditional->simplified")
            text = simple
    form = cand.form
    if text != form:
        text_yo, form_yo = fold_yo(text), fold_yo(form)
        if (text_yo != text or form_yo != form) and text.lower() != form.lower():
            if text_yo.lower() == form_yo.lower():
                parts.append("yo")
            text, form = text_yo, form_yo
    if text != form and text.lower() == form.lower():
        parts.append("case")
    return "+".join(dict.fromkeys(parts)) or "exact"


def _recase(replacement: str, how: str) -> str:
    if how == "upper":
        return replacement.upper()
    if how == "title":
        return replacement[:1].upper() + replacement[1:]
    return replacement


#: A raw hit: (start, end, candidate, how it matched: exact, same, fold, upper, title, or
#: :data:`AMBIGUOUS`).
Hit = tuple[int, int, Candidate, str]
#: The ``how`` of a hit whose key several entries claim (see :meth:`LangMatcher.viable`).
AMBIGUOUS = _AMBIGUOUS_STATUS


def entries_of(cands: Iterable[Candidate]) -> tuple[str, ...]:
    """The distinct entry ids of ``cands``, in order."""
    return tuple(dict.fromkeys(c.entry_id for c in cands))


_START_END = itemgetter(0, 1)


def _han_led(key: str) -> bool:
    """Whether ``key`` starts with a Han character (any CJK block) and has no space."""
    return is_han(key[0]) and not any(c.isspace() for c in key)


def _is_word(char: str) -> bool:
    return (char.isalnum() or char == "_") and (char < "\u2e80" or not is_han(char))


#: Above this many different first characters, an automaton's keys and texts are spelled
#: as bytes (see :func:`_spell_bytes`).
WIDE_ROOT = 256


def _spell_bytes(text: str) -> str:
    """``text`` with each character spelled as its four UTF-32 bytes (one char per byte).

    pyahocorasick finds a node's child by a linear search, so an automaton whose root
    has thousands of children (a large Chinese glossary: a child per first character)
    costs microseconds per character of text. Spelled as bytes, no node has more than
    256 children. A key then matches only where its start is a multiple of 4.
    """
    return text.encode("utf-32-be", "surrogatepass").decode("latin-1")


#: A decoded automaton value: (length, candidates, left, right, first candidate, its form
#: or None when the key is ambiguous, ambiguous).
_Record = tuple[int, tuple[Candidate, ...], bool, bool, Candidate, "str | None", bool]

# an automaton value packs the key's index and what the boundary checks need, so that a
# hit that fails them never decodes its record: index << 10 | length << 2 | left << 1 | right
_LEN_SHIFT = 2
_IDX_SHIFT = 10


def _unspelled(found: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The keys found in a text spelled as bytes (:func:`_spell_bytes`), in characters:
    ``(index of the last character, value)`` of those that start on a character."""
    for last, value in found:
        if (last + 1) % 4 == 0:  # ends (so starts) on a character's first byte
            yield (last + 1) // 4 - 1, value


def _spans_found(
    found: Iterable[tuple[int, int]], spans: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The keys found in ``spans`` of a text joined by one-character separators (see
    :meth:`LangMatcher.hits_over`), their last characters placed back in the text; a key
    that does not lie inside one span is dropped."""
    starts: list[int] = []
    pos = 0
    for s, e in spans:
        starts.append(pos)
        pos += e - s + 1
    for last, value in found:
        i = bisect_right(starts, last) - 1
        start, shift = starts[i], spans[i][0] - starts[i]
        if last + shift < spans[i][1] and last + 1 - ((value >> _LEN_SHIFT) & 0xFF) >= start:
            yield last + shift, value


def _encode_record(key: str, cands: tuple[Candidate, ...]) -> bytes:
    live = [c for c in cands if c.status != "weak"]
    ambiguous = len(entries_of(live)) > 1
    fields = tuple(
        (c.entry_id, c.form, c.case_key, c.status, c.short, c.replacement, c.generated,
         c.case_sensitive)
        for c in cands
    )  # fmt: skip
    return marshal.dumps((len(key), ambiguous, fields))


#: Compiled sections by name: bytes, or buffers of a cache file.
Sections = dict[str, Any]


def compile_sections(lang: str, keys: dict[str, tuple[Candidate, ...]]) -> Sections:
    """The compiled form of the automaton of ``lang`` over ``keys`` (see :mod:`.compiled`):
    the automaton (its node chunks; values are ints), a record per key, the sorted keys and the
    sorted key tails with their heads (what :mod:`.recheck` asks). Empties ``keys``."""
    return compile_matcher(lang, keys)[0]


def compile_matcher(lang: str, keys: dict[str, tuple[Candidate, ...]]) -> tuple[Sections, Any]:
    """:func:`compile_sections`, and the automaton itself (so that the process that compiles
    it need not rebuild it from its chunks). Empties ``keys``: each key's candidates are
    let go once encoded (a large glossary's candidates take more memory than the rest)."""
    import ahocorasick

    bounded = lang != "zh"
    spelled = len({k[0] for k in keys}) > WIDE_ROOT
    automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    kept: list[str] = []
    offsets = array("Q", [0])
    blob = bytearray()

    def add(key: str, cands: tuple[Candidate, ...]) -> None:
        # the token-boundary checks a hit needs: only where the key itself starts/ends a word
        left = bounded and _is_word(key[0])
        right = bounded and _is_word(key[-1])
        if len(key) >= 1 << (_IDX_SHIFT - _LEN_SHIFT):
            raise ValueError(f"glossary key of {len(key)} characters is too long")
        value = len(kept) << _IDX_SHIFT | len(key) << _LEN_SHIFT | left << 1 | right
        kept.append(key)
        blob.extend(_encode_record(key, cands))
        offsets.append(len(blob))
        automaton.add_word(_spell_bytes(key) if spelled else key, value)

    weak: dict[str, tuple[Candidate, ...]] = {}
    while keys:
        key, cands = keys.popitem()
        if all(x.status == "weak" for x in cands):
            weak[key] = cands
        else:
            add(key, cands)
    if weak and kept:
        # a weak key only matters where it shields a shorter key inside it
        # (General Motors); the rest (bare surnames) would only cost time
        automaton.make_automaton()
        shields = [
            (key, cands)
            for key, cands in weak.items()
            if any(
                not spelled or (last + 1) % 4 == 0
                for last, _ in automaton.iter(_spell_bytes(key) if spelled else key)
            )
        ]
        for key, cands in shields:
            add(key, cands)
    del weak
    if kept:
        automaton.make_automaton()
    tails: dict[str, int] = {}
    for key in kept:
        for i in range(1, len(key)):
            if not bounded or not joins(key[i - 1], key[i]):
                tail = key[i:]
                tails[tail] = max(tails.get(tail, 0), i)
    tail_list = sorted(tails)
    meta = {
        "lang": lang,
        "spelled": spelled,
        "size": len(kept),
        "longest": max(map(len, kept), default=0),
        "han_led": all(_han_led(k) for k in kept),
    }
    out: Sections = {"meta": marshal.dumps(meta)}
    out.update(_automaton_sections(automaton))
    out["records.offsets"], out["records.blob"] = offsets.tobytes(), blob
    kept.sort()
    out.update(table_sections("sorted", (k.encode("utf-8", "surrogatepass") for k in kept)))
    out.update(table_sections("tails", (t.encode("utf-8", "surrogatepass") for t in tail_list)))
    out["heads"] = array("I", [tails[t] for t in tail_list]).tobytes()
    return out, automaton


def _automaton_sections(automaton: Any) -> dict[str, bytes]:
    """The automaton as sections: its raw node chunks (what pyahocorasick pickles) apart, so
    that loading it copies each chunk once, and the other arguments of its constructor."""
    args = automaton.__reduce__()[1]
    if not args:  # no keys: nothing to store
        return {"automaton.args": marshal.dumps((-1, ()))}
    chunks, rest = args[0], args[1:]
    out = {"automaton.args": marshal.dumps((len(chunks), tuple(rest)))}
    out.update({f"automaton.{i}": bytes(chunk) for i, chunk in enumerate(chunks)})
    return out


def _open_automaton(sections: Mapping[str, Any]) -> Any:
    """The automaton of :func:`_automaton_sections` (chunks may be buffers of a file)."""
    import ahocorasick

    count, rest = marshal.loads(sections["automaton.args"])
    if count < 0:
        return ahocorasick.Automaton(ahocorasick.STORE_INTS)
    return ahocorasick.Automaton([bytes(sections[f"automaton.{i}"]) for i in range(count)], *rest)


class LangMatcher:
    """The automaton of one language and the search over it.

    Built from its keys, or opened from its compiled sections (:func:`compile_sections`,
    a cache file): the automaton is loaded whole, the records of its keys are decoded on
    their first hit.
    """

    def __init__(self, lang: str, keys: dict[str, tuple[Candidate, ...]]):
        sections, automaton = compile_matcher(lang, dict(keys))
        self._open(sections, automaton)

    @classmethod
    def from_sections(cls, sections: Mapping[str, Any], automaton: Any = None) -> LangMatcher:
        """The matcher stored in ``sections`` (see :func:`compile_sections`); ``automaton``:
        the one the sections hold, when the caller has it already (then the sections
        need not hold its chunks)."""
        self = cls.__new__(cls)
        self._open(sections, automaton)
        return self

    def _open(self, sections: Mapping[str, Any], automaton: Any = None) -> None:
        meta = marshal.loads(sections["meta"])
        self.lang: str = meta["lang"]
        self.bounded = self.lang != "zh"
        #: keys and texts are spelled as bytes (a wide root, see _spell_bytes)
        self.spelled: bool = meta["spelled"]
        self.size: int = meta["size"]
        #: the longest key, in characters (how far a hit can reach)
        self.longest: int = meta["longest"]
        #: every key starts with a Han character and holds no whitespace (then a hit lies
        #: in a run of non-space characters that starts at a Han character)
        self.han_led: bool = meta["han_led"]
        self._automaton: Any = automaton if automaton is not None else _open_automaton(sections)
        self._records = open_table(sections, "records")
        self._sorted = StrTable(open_table(sections, "sorted"))
        self._tails = StrTable(open_table(sections, "tails"))
        self._heads = memoryview(sections["heads"]).cast("B").cast("I")
        self._decoded: dict[int, _Record] = {}

    def _record(self, value: int) -> _Record:
        """The decoded record of an automaton value (decoded once)."""
        idx = value >> _IDX_SHIFT
        record = self._decoded.get(idx)
        if record is None:
            length, ambiguous, fields = marshal.loads(self._records[idx])
            lang = self.lang
            cands = tuple(
                Candidate(e, lang, f, k, st, sh, r, g, cs) for e, f, k, st, sh, r, g, cs in fields
            )
            form = None if ambiguous else cands[0].form
            record = (length, cands, False, False, cands[0], form, ambiguous)
            self._decoded[idx] = record
        return record

    def sorted_keys(self) -> Sequence[str]:
        """Every key, sorted."""
        return self._sorted

    def key_tails(self) -> Sequence[str]:
        """Every proper suffix of a key that starts where a hit may start (after a token
        boundary; anywhere in Chinese), sorted."""
        return self._tails

    def tail_head(self, tail: str) -> int:
        """The longest part of a key before ``tail`` (one of :meth:`key_tails`; 0 if none)."""
        tails = self._tails
        i = bisect_left(tails, tail)
        return self._heads[i] if i < len(tails) and tails[i] == tail else 0

    def _iter(self, view: str) -> Iterator[tuple[int, int]]:
        """``(index of the last character, value)`` of every key in ``view`` (folded)."""
        if not self.spelled:
            return self._automaton.iter(view)  # type: ignore[no-any-return]
        return _unspelled(self._automaton.iter(_spell_bytes(view)))

    def _choose(self, span: str, cands: tuple[Candidate, ...]) -> tuple[Candidate, str] | None:
        for cand in cands:
            if cand.form == span:  # a listed form, exactly as written
                return cand, "exact"
        span_key = fold_keep_case(span, chinese=self.lang == "zh")
        best: tuple[Candidate, str] | None = None
        for cand in cands:
            how = _case_ok(span_key, cand)
            if how is None:
                continue
            if how == "same":
                return cand, how
            if best is None:
                best = (cand, how)
        return best

    def viable(self, span: str) -> list[tuple[Candidate, str]]:
        """Each entry's best reading of ``span`` (a hit of an ambiguous key), best first.

        An entry whose forms do not allow the span's case is not a reading.
        """
        cands = self._cands_of(span)
        out: list[tuple[Candidate, str]] = []
        for entry_id in entries_of(c for c in cands if c.status != "weak"):
            mine = tuple(c for c in cands if c.entry_id == entry_id and c.status != "weak")
            chosen = self._choose(span, mine)
            if chosen is not None:
                out.append(chosen)
        return out

    def shields(self, span: str) -> bool:
        """Whether ``span`` is a short Han weak form (:func:`short_han`) of this language."""
        return any(c.status == "weak" and short_han(c.form) for c in self._cands_of(span))

    def _cands_of(self, span: str) -> tuple[Candidate, ...]:
        if not self.size:
            return ()
        key = key_of(span, self.lang)
        value = self._automaton.get(_spell_bytes(key) if self.spelled else key, None)
        return () if value is None else self._record(value)[1]

    def hits(self, text: str, folded: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every (overlapping) hit in ``text[start:end]``; ``folded`` is ``fold(text)``."""
        if self.size == 0:
            return []
        stop = len(text) if end is None else end
        # pyahocorasick converts the whole string it is given on every call, so a
        # part of a long text is searched as a slice
        view = folded if (start == 0 and stop == len(text)) else folded[start:stop]
        return self._take(text, self._iter(view), start)

    def hits_over(self, text: str, folded: str, spans: Sequence[tuple[int, int]]) -> list[Hit]:
        """Every hit inside each of the ordered, disjoint ``spans`` of ``text``: what
        :meth:`hits` gives span by span, in one automaton pass over the spans' folded
        parts joined by newlines (a key found across a join is dropped)."""
        if self.size == 0 or not spans:
            return []
        if len(spans) == 1:
            return self.hits(text, folded, spans[0][0], spans[0][1])
        view = "\n".join([folded[s:e] for s, e in spans])
        return self._take(text, _spans_found(self._iter(view), spans), 0)

    def _take(self, text: str, found: Iterable[tuple[int, int]], shift: int) -> list[Hit]:
        """The hits of the automaton's ``found`` keys (index of the last character, less
        ``shift``, and value) in ``text``.

        This is the hot loop: a hit costs a boundary check on the original text
        and, when the span is not a listed form as written, a case check. A hit
        that fails its boundary check decodes nothing.
        """
        n = len(text)
        out: list[Hit] = []
        append = out.append
        choose = self._choose
        decoded = self._decoded
        record_of = self._record
        for last, value in found:
            e = last + shift + 1
            s = e - ((value >> _LEN_SHIFT) & 0xFF)
            # a space is the usual neighbour: test it before the method calls
            if value & 2 and s > 0:
                c = text[s - 1]
                if c != " " and (c.isalnum() or c == "_"):
                    d = text[s]
                    if (c < "\u0250" and d < "\u0250") or joins(c, d):
                        continue
            if value & 1 and e < n:
                c = text[e]
                if c != " " and (c.isalnum() or c == "_"):
                    d = text[e - 1]
                    if (c < "\u0250" and d < "\u0250") or joins(d, c):
                        continue
            record = decoded.get(value >> _IDX_SHIFT) or record_of(value)
            _, cands, _, _, first, form, ambiguous = record
            span = text[s:e]
            if form == span:
                append((s, e, first, "exact"))
                continue
            if ambiguous:
                readings = self.viable(span)
                if len(readings) > 1:
                    append((s, e, readings[0][0], AMBIGUOUS))
                    continue
                chosen = readings[0] if readings else None
            else:
                chosen = choose(span, cands)
            if chosen is not None:
                append((s, e, chosen[0], chosen[1]))
        return out

    def hits_in(self, text: str, spans: Iterable[tuple[int, int]]) -> list[Hit]:
        """Every hit inside each of the ordered, disjoint ``spans`` of ``text``, each span
        folded on its own (the Han runs, of which the caller has no Chinese-folded view):
        as :meth:`hits_over`, one automaton pass over the folded parts joined by
        newlines."""
        spans = list(spans)
        if self.size == 0 or not spans:
            return []
        # folded once, joined (folding keeps lengths): a call per Han run cost more than
        # the search
        view = fold("\n".join([text[s:e] for s, e in spans]), chinese=self.lang == "zh")
        return self._take(text, _spans_found(self._iter(view), spans), 0)

    def search(self, text: str) -> list[Match]:
        """Resolved matches of this language alone in ``text`` (folds it itself)."""
        folded = fold(text, chinese=self.lang == "zh")
        return [to_match(h, text) for h in resolve_hits(self.hits(text, folded))]


def resolve_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Leftmost-longest selection of non-overlapping hits, in text order.

    On a tie the hit that came first in ``hits`` wins (the sort is stable).
    Weak hits take part in the selection (they shield what they cover) and are
    dropped afterwards; a short Han weak form (:func:`short_han`: 中國醫, the short name
    of 中國醫藥大學) does not, as it shields only where the Chinese boundary check cuts it
    as a word (中國醫商圈, not 中國醫生): :class:`~polyglot_news.glossary.context.Context`
    asks the matcher for it there.
    """
    out: list[Hit] = []
    last_end = -1
    for hit in sorted(hits, key=_START_END):
        if hit[2].status == "weak" and hit[2].lang == "zh" and short_han(hit[2].form):
            continue  # it shields only where it is a word (Context's boundary check)
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
        elif hit[0] == out[-1][0] and hit[1] > last_end:
            out[-1] = hit  # same start, longer: nothing was accepted after the shorter one
            last_end = hit[1]
    return [h for h in out if h[2].status != "weak"]


def short_han(form: str) -> bool:
    """Whether ``form`` is a Han word of 2 or 3 characters: short enough to occur inside
    other words, so a hit of it must be cut as a word of its neighbourhood (see
    :mod:`.context`)."""
    return 2 <= len(form) <= 3 and all(is_han(c) for c in form)


def replacement_of(hit: Hit) -> str:
    """What the hit's span becomes."""
    return _recase(hit[2].replacement, hit[3])


def rule_of(span: str, cand: Candidate) -> str:
    """Which foldings made ``span`` match ``cand`` (``exact`` when none)."""
    return _rule(span, cand, cand.lang)


def to_match(hit: Hit, text: str, candidates: tuple[str, ...] = ()) -> Match:
    """The public :class:`Match` of a hit in ``text`` (``candidates``: of an ambiguous one)."""
    s, e, cand, how = hit
    span = text[s:e]
    if how == AMBIGUOUS:
        return Match(
            s, e, "", cand.lang, AMBIGUOUS, cand.short, _rule(span, cand, cand.lang), span, span,
            candidates,
        )  # fmt: skip
    return Match(
        start=s,
        end=e,
        entry_id=cand.entry_id,
        lang=cand.lang,
        status=cand.status,
        short=cand.short,
        rule=_rule(span, cand, cand.lang),
        text=span,
        replacement=_recase(cand.replacement, how),
        candidates=candidates,
    )


def _candidates(entry: Entry, lang: str) -> Iterable[Candidate]:
    """Every candidate an entry contributes in ``lang`` (weak forms excluded)."""
    if lang in entry.render_only or lang not in entry.canonical:
        return
    canonical = entry.canonical[lang]
    short = entry.short.get(lang, canonical)
    plural = entry.type in ("rank", "title")
    names = entry.type == "person"

    def make(form: str, v: Variant, replacement: str, generated: str) -> Candidate:
        return Candidate(
            entry_id=entry.id,
            lang=lang,
            form=form,
            case_key=fold_keep_case(form, chinese=lang == "zh"),
            status=v.status,
            short=v.short,
            replacement=replacement,
            generated=generated,
            case_sensitive=entry.case_sensitive,
        )

    for v in entry.forms(lang):
        # weak forms are matched only to shield the shorter forms inside them
        # (General Motors, General Staff); find() never reports them
        keep = v.status in ("preferred", "weak")
        target = v.form if keep else (short if v.short else canonical)
        yield make(v.form, v, target, "")
        if lang == "en" and names:
            for spelling in spellings(v.form):
                if spelling != v.form:
                    yield make(spelling, v, target, "hyphen/space")
        made = list(generated_spellings(entry, lang, v.form))
        yield from (make(spelling, v, target, rule) for spelling, rule in made)
        if lang == "ru":
            targets: dict[str, str] = {}
            for tag, inflected in case_forms(target, plural=plural, names=names):
                targets.setdefault(tag, inflected)  # the first parse's, where two lemmas read it
            for base, rule in [(v.form, ""), *made]:
                for tag, inflected in case_forms(base, plural=plural, names=names)[1:]:
                    if inflected == base:
                        continue
                    repl = targets.get(tag, target)
                    yield make(inflected, v, repl, "+".join(filter(None, (rule, "inflection"))))


def build_keys(entries: Iterable[Entry], lang: str) -> dict[str, tuple[Candidate, ...]]:
    """The automaton keys of ``lang``: folded form -> candidates, best first.

    Where several entries claim a key, their explicit forms win over generated
    spellings of other entries; a key that the explicit forms of several entries
    (or only generated spellings of several entries) fold to keeps every one of
    them: it is ambiguous, and :func:`~polyglot_news.glossary.normalize` decides.
    """
    keys: dict[str, list[Candidate]] = {}
    for entry in entries:
        seen: set[tuple[str, str]] = set()
        for cand in _candidates(entry, lang):
            if (cand.form, cand.generated) in seen:
                continue
            seen.add((cand.form, cand.generated))
            keys.setdefault(key_of(cand.form, lang), []).append(cand)
    if lang == "ru":
        release_memo()
    out: dict[str, tuple[Candidate, ...]] = {}
    for key, cands in keys.items():
        if len({c.entry_id for c in cands}) > 1 and any(c.status != "weak" for c in cands):
            explicit = [c for c in cands if not c.generated]
            cands = explicit or cands
        # first occurrence per (form) wins, and within a key the best rank first
        out[key] = tuple(sorted(cands, key=lambda c: c.rank))
    return out


def build_matcher(entries: Iterable[Entry], lang: str) -> LangMatcher:
    """Build the automaton of ``lang`` over ``entries``."""
    return LangMatcher(lang, build_keys(entries, lang))
