"""Evidence from the text around a hit: whether ``normalize`` may accept it, and as what.

The matcher finds forms; this module decides, from the same sentence, whether a found
form really is the entry (``normalize`` calls :meth:`Context.accept` for each hit
before it writes a change). The rules, each with one home here:

- **Chinese word boundaries.** A short Han hit (2-3 characters) must be a word of its
  neighbourhood: jieba segments the (simplified) neighbourhood, with the glossary's forms
  found there added to its dictionary (防长, which jieba alone cuts 俄防/长), and a hit that starts
  or ends inside a word (開發中國家 = 開發中 + 國家), or lies inside a longer word
  (中國國民黨, 白俄羅斯), or before an institution's name (中國醫藥大學) is not the entry.
  A Chinese rank must not be followed by a verb or adverb (策略上將會 = 策略上 + 將會).
  A quoted name glossed in Latin letters (「中國芭比」(China Barbie)) is a name of its own;
  a quote alone is as often about the country (「中國焦點」, a China news column). A name
  built on a country without such a mark is an editor's weak form of 2-3 characters
  (中國醫, the short name of 中國醫藥大學; the brand 中國藍): it holds the hit where jieba,
  given the form as a word, cuts it as one (中國醫商圈, 叫中國藍的服飾店), and not where
  its last character makes another word (中國醫生, 中國醫療, 中國藍天).
- **Longer forms.** A Latin hit glued by a hyphen to the word before or after it
  (``Gen.`` in ``Maj.-Gen.``) is part of that word; a title preceded by Deputy, Vice,
  Assistant, заместитель or 副 is another office; a deprecated place name followed by a
  capitalized word (``Peking University``) is part of a proper name.
- **Countries.** An entry belongs to a country when its ``army`` says so (PLA: China,
  RU: Russia) or a canonical form names the country. A title of such an entry whose
  matched form names no country (``Chief of the General Staff``, ``State Councillor``),
  and a *generic form* of such an entry (the entry's own form with the country taken
  out, :func:`generic_forms`), link only with evidence in the same sentence: a
  qualifier next to it (Russian, 中国, ВС РФ) or a holder (a person whose ``army`` is
  that country). Another country's qualifier next to it (澳洲, ЦАХАЛ, ``of the Republic
  of Tatarstan``) or no evidence: the hit is dropped and the text stays. A form that
  names no country is never expanded into one: with evidence, the form keeps its own
  words (only its spelling is normalized).
- **Names.** A person's surname preceded by the first name and a patronymic or an
  initial (``Sergei K. Shoigu``, ``弗拉基米尔·弗拉基米罗维奇·普京``) is the whole name.

jieba is loaded on the first short Han hit only (its dictionary takes about a second).
"""

from __future__ import annotations

import copy
import re
import weakref
from bisect import bisect_left
from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import regex

from polyglot_news.glossary.folding import fold, is_han
from polyglot_news.glossary.matcher import Candidate, Hit, short_han
from polyglot_news.glossary.model import AMBIGUOUS, Entry
from polyglot_news.scripts import HAN_CLASS, has_han

if TYPE_CHECKING:
    from polyglot_news.glossary.glossary import Glossary

__all__ = [
    "BODIES",
    "COUNTRY_OF_ARMY",
    "MARKERS",
    "Context",
    "entry_country",
    "evidence_of",
    "generic_forms",
    "names_country",
]

#: the state an ``army`` value stands for
COUNTRY_OF_ARMY = {"PLA": "CN", "RU": "RU"}

#: words that name a country, per country (any language; matched as whole words in Latin
#: and Cyrillic text, anywhere in Han text)
MARKERS: dict[str, tuple[str, ...]] = {
    "CN": (
        "中华人民共和国",
        "中国",
        "China's",
        "China",
        "Chinese",
        "People's Republic of China",
        "КНР",
        "Китая",
        "Китай",
        "китайский",
        "китайского",
    ),
    "RU": (
        "俄罗斯联邦",
        "俄罗斯",
        "俄",
        "Russian Federation",
        "Russia's",
        "Russia",
        "Russian",
        "РФ",
        "ВС РФ",
        "России",
        "Российской Федерации",
        "Россия",
        "российский",
        "российского",
    ),
}
#: bodies only one country has: evidence for that country, but not a country's name
#: (expanding 军委 into 中央军委 writes no country)
BODIES: dict[str, tuple[str, ...]] = {
    "CN": ("中央军委", "军委", "中共", "解放军", "PLA", "CMC", "ЦВС", "НОАК"),
    "RU": ("俄军", "ВС РФ", "ВСРФ"),
}
_LATIN_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]")


def _marker_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"(?<!\w){escaped}(?!\w)" if _LATIN_WORD.match(word) else escaped)
    return re.compile("|".join(parts))


_MARKER_RES = {country: _marker_pattern(words) for country, words in MARKERS.items()}
_EVIDENCE_RES = {
    country: _marker_pattern(words + BODIES[country]) for country, words in MARKERS.items()
}
_ANY_MARKER = _marker_pattern(tuple(w for words in MARKERS.values() for w in words))


def names_country(form: str) -> str | None:
    """The country ``form`` names (``CN``, ``RU``), or None."""
    folded = fold_case(form)
    for country, pattern in _MARKER_RES.items():
        if pattern.search(folded) or (folded != form and pattern.search(form)):
            return country
    return None


def evidence_of(form: str) -> frozenset[str]:
    """The countries whose names or bodies ``form`` holds: what it is evidence of for the
    hits around it (a replacement that changes this, ``联合参谋部参谋长`` ->
    ``军委联合参谋部参谋长``, can change its neighbours' verdicts)."""
    folded = fold_case(form)
    return frozenset(country for country, p in _EVIDENCE_RES.items() if p.search(folded))


def fold_case(form: str) -> str:
    """``form`` with Han characters simplified (markers are written simplified)."""
    if has_han(form):
        return fold(form, chinese=True)
    return form


def entry_country(entry: Entry) -> str | None:
    """The country an entry belongs to: its ``army``, else a country its canonicals name."""
    if entry.army in COUNTRY_OF_ARMY:
        return COUNTRY_OF_ARMY[entry.army]
    if entry.type == "place":
        return None  # a country or a city is not "of" a country here
    for form in [*entry.canonical.values(), *entry.short.values()]:
        country = names_country(form)
        if country:
            return country
    return None


def _strip_marker(form: str) -> str:
    out = _ANY_MARKER.sub(" ", fold_case(form))
    out = re.sub(r"\s+(?:of|of the)\s*$", "", out)
    out = re.sub(r"(?i)\b(?:the|of)\b", " ", out)
    return " ".join(out.split()).lower()


def generic_forms(entry: Entry, lang: str) -> set[str]:
    """The non-weak forms of ``entry`` in ``lang`` that are another form of it with the country
    taken out (``国家主席`` of ``中国国家主席``): folded, lower-cased."""
    forms = [v for v in entry.forms(lang) if v.status != "weak"]
    qualified = {_strip_marker(v.form) for v in forms if names_country(v.form)}
    return {
        key
        for v in forms
        if not names_country(v.form) and (key := _strip_marker(v.form)) in qualified and key
    }


# --- the neighbourhood of a hit -----------------------------------------------------------

#: Words written with a period that does not end the sentence (ranks, titles, initials):
#: ``Lt. Gen. Xu`` is one sentence, and so is its normalized ``Lieutenant General Xu``, so
#: evidence read across them is the same before and after normalizing.
_ABBREVIATIONS = (
    "Gen", "Lt", "Maj", "Col", "Brig", "Adm", "Capt", "Cmdr", "Cdr", "Sgt", "Sr", "Snr", "Jr",
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Gov", "Sen", "Rep", "Pres", "Amb", "Lieut",
    "Gens", "ген", "полк", "подполк", "г", "им", "т",
)


def _not_after(word: str) -> str:
    """A lookbehind refusing ``word`` as the whole run of its script's letters before the
    period: ``генерал-полковникCol.`` ends in the abbreviation ``Col`` (a ``\\b`` would not
    see the script change), ``Colonel.`` and ``McCol.`` do not."""
    letters = "A-Za-z" if word[0].isascii() else "А-Яа-яЁё"
    return rf"(?<!(?<![{letters}]){word})"


_SENTENCE_END = re.compile(
    "".join(_not_after(word) for word in _ABBREVIATIONS)
    + _not_after("[A-Z]")
    + _not_after("[А-ЯЁ]")
    + r"\.\s|[!?;]\s|[\n。！？；]"
)
_ZH_SENTENCE_END = re.compile("[。！？；\n]")
_WINDOW = 48  # characters either side searched for evidence (Latin and Cyrillic)
_ZH_WINDOW = 8  # the same in Han text
#: the count jieba is given for a glossary form missing from its dictionary (a word of
#: middling frequency there: it wins over a cut into unknown pieces, not over common words)
_GLOSSARY_WORD_FREQ = 10
_OFFICE_PREFIX = re.compile(
    r"(?:\b(?:Deputy|Vice|Assistant|First Deputy|deputy|vice|assistant)[\s-]|"
    r"\b(?:[Зз]аместител[а-я]*|[Зз]ам\.)\s|副)$"
)
_OTHER_BEFORE_EN = re.compile(r"(?:\b([A-Z][a-z]+)'s|\b([A-Z][a-z]+(?:an|ian|ese|i|ish)))\s+$")
_OTHER_AFTER_EN = re.compile(r"^\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?([A-Z][a-z]+)")
_OF_BETWEEN = re.compile(r"\s+of\s+(?:the\s+)?$")
_OTHER_AFTER_RU = re.compile(r"^\s+([А-ЯЁ]{2,}|[А-ЯЁ][а-яё]+)")
_INSTITUTION = re.compile("(?:大学|学院|医院|中学|小学|国民党|党部)")
#: a quoted Han name with its Latin spelling in brackets after it (``「中國芭比」(China
#: Barbie)``): the press's way of introducing a site, brand or company by its own name,
#: so a country inside the quote is part of that name (a quote alone is not:
#: ``「中國焦點」``, a column about China)
_QUOTE_OPEN = regex.compile(rf"[「『“]{HAN_CLASS}{{0,10}}$")
_QUOTE_GLOSSED = regex.compile(rf"{HAN_CLASS}{{0,10}}[」』”]\s?[(（]\s?[A-Z]")
_SURNAME_LEFT = re.compile(
    r"(?P<first>[A-Z][a-z]+|[A-Z]+)\s+(?P<middle>[A-Z]\.|[A-Z][a-z]+(?:ovich|evich|ich|ovna|evna))\s+$"
)
_ZH_SURNAME_LEFT = regex.compile(
    rf"(?P<first>{HAN_CLASS}+)[·•・‧](?P<middle>{HAN_CLASS}+维奇)[·•・‧]$"
)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the rules need to know about a candidate, computed once per glossary."""

    country: str | None
    needs_evidence: bool
    names_country: bool
    expands: bool
    is_title: bool
    is_rank: bool
    is_person: bool
    deprecated_place: bool


_FACTS: weakref.WeakKeyDictionary[Any, dict[Candidate, _Facts]] = weakref.WeakKeyDictionary()
_RANKS: weakref.WeakKeyDictionary[Any, tuple[Entry, ...]] = weakref.WeakKeyDictionary()


def _ranks(glossary: Glossary) -> tuple[Entry, ...]:
    """The rank entries of ``glossary`` that belong to an army (listed once per glossary,
    when a rank is first found)."""
    found = _RANKS.get(glossary)
    if found is None:
        found = _RANKS[glossary] = tuple(
            e for e in glossary.of_type("rank") if e.army in COUNTRY_OF_ARMY
        )
    return found


class _Spans:
    """Hits or spans ``(start, end, ...)`` in text order, looked up by where they start (so
    a rule asks for the few near a hit, not every hit of a long text)."""

    __slots__ = ("items", "longest", "starts")

    def __init__(self, items: Sequence[tuple[Any, ...]]):
        self.items = items
        self.starts = [item[0] for item in items]
        self.longest = max((item[1] - item[0] for item in items), default=0)

    def starting(self, lo: int, hi: int) -> Sequence[tuple[Any, ...]]:
        """The spans that start at ``lo`` or later and before ``hi``."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


class Context:
    """The rules above, over one text and the hits found in it."""

    def __init__(self, glossary: Glossary, text: str, hits: list[Hit]):
        self.glossary = glossary
        self.text = text
        self.hits = hits
        self._facts = _FACTS.setdefault(glossary, {})
        self._people: _Spans | None = None
        self._named: _Spans | None = None
        self._hits: _Spans | None = None  # the hits by start, for _segmenter
        #: (start, end) of a rank accepted with no army -> the entries it may be
        self._unattributed: dict[tuple[int, int], tuple[str, ...]] = {}

    # facts ---------------------------------------------------------------------------------
    def facts(self, cand: Candidate) -> _Facts:
        """The facts of ``cand`` (cached per glossary)."""
        known = self._facts.get(cand)
        if known is not None:
            return known
        entry = self.glossary.get(cand.entry_id)
        country = entry_country(entry)
        form_country = names_country(cand.form)
        generic = (
            country is not None
            and form_country is None
            and _strip_marker(cand.form) in generic_forms(entry, cand.lang)
        )
        # a title is the country's in this language when its army or its canonical here says so
        own = entry.army in COUNTRY_OF_ARMY or names_country(entry.canonical.get(cand.lang, ""))
        title_like = (
            entry.type == "title"
            and bool(own)
            and not any(p.search(fold_case(cand.form)) for p in _EVIDENCE_RES.values())
        )
        facts = _Facts(
            country=country,
            needs_evidence=generic or title_like,
            # a form naming a country, or a body only one country has (CMC), needs no evidence
            names_country=form_country is not None
            or any(p.search(fold_case(cand.form)) for p in _EVIDENCE_RES.values()),
            expands=form_country is None and names_country(cand.replacement) is not None,
            is_title=entry.type == "title",
            is_rank=entry.type == "rank",
            is_person=entry.type == "person",
            deprecated_place=entry.type == "place" and cand.status == "deprecated",
        )
        self._facts[cand] = facts
        return facts

    # the decision --------------------------------------------------------------------------
    def may_extend(self, cand: Candidate) -> bool:
        """Whether a hit of ``cand`` written as its preferred form can still change (a surname
        that may be the end of a longer name)."""
        return self.facts(cand).is_person and " " not in cand.form and "·" not in cand.form

    def accept(self, hit: Hit) -> Hit | None:
        """``hit`` as ``normalize`` should take it (extended or with its own spelling), or None."""
        start, end, cand, how = hit
        text = self.text
        facts = self.facts(cand)
        span = text[start:end]
        if facts.is_person:
            return self._whole_name(hit)
        if cand.lang == "zh" and (short_han(span) or len(span) == 1 and is_han(span)):
            if not self._zh_word(start, end, facts.is_rank):
                return None
        elif cand.lang != "zh" and self._glued(start, end):
            return None
        if facts.deprecated_place and re.match(r"\s+[A-Z]", text[end : end + 2]):
            return None
        if facts.is_rank:
            # the spelling is normalized whatever the army; the ladder follows the holder
            return self._ladder(hit)
        if facts.country is None or facts.names_country:
            return hit
        if facts.is_title and _OFFICE_PREFIX.search(text[max(0, start - 16) : start]):
            return None  # Deputy Chief of ...: another office than the country's title
        evidence = self._evidence(start, end, cand.lang, facts.country)
        if evidence is False or (evidence is None and facts.needs_evidence):
            return None
        if facts.expands:  # never write a country the text did not name
            return (start, end, replace(cand, replacement=cand.form), how)
        return hit

    # rules -----------------------------------------------------------------------------------
    def _glued(self, start: int, end: int) -> bool:
        text = self.text
        glued = start >= 2 and (text[start - 2].isalnum() or text[start - 2] == ".")
        before = glued and text[start - 1] == "-"
        after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()
        return before or after

    def _zh_word(self, start: int, end: int, rank: bool) -> bool:
        """Whether the Han hit ``text[start:end]`` (1-3 characters) is a word of its
        neighbourhood; a one-character hit is only checked against the short weak forms
        holding it (:meth:`_shields`)."""
        text = self.text
        lo, hi = max(0, start - 6), min(len(text), end + 6)
        window = fold(text[lo:hi], chinese=True)
        s, e = start - lo, end - lo
        shields = self._shields(window, s, e)
        if e - s == 1 and not shields:
            return True
        pos = 0
        tokens: list[tuple[int, int, str]] = []
        for token in self._segmenter(lo, hi, window, shields).cut(window):
            tokens.append((pos, pos + len(token), token))
            pos += len(token)
        if any(t[2] in shields for t in tokens if t[0] <= s and e <= t[1]):
            return False  # 中國醫商圈: inside a name that is cut as a word here
        if e - s == 1:
            return True
        first = next((t for t in tokens if t[0] <= s < t[1]), None)
        last = next((t for t in tokens if t[0] < e <= t[1]), None)
        if first is None or last is None or first[0] != s or last[0] > s and last[0] != first[0]:
            # 白俄羅斯, 臺中國家: the hit starts inside a word; 開發中國家: it ends inside one.
            # A word that starts with the hit (中國政府, 軍委主席) is a compound of it.
            return False
        if first[0] == s and first[1] < e and last[1] != e:
            return False
        if self._glossed_name(start, end):
            return False
        after = window[e:]
        if _INSTITUTION.match(after) or re.match(r"^..?(?:大学|学院|医院)", after):
            return False  # 中國國民黨, 中國醫藥大學, 北京協和醫院: a proper name
        if rank:
            import jieba.posseg as posseg

            following = next(iter(posseg.cut(window[e:])), None)
            if following is not None and following.flag[:1] in ("v", "d"):
                return False
        return True

    def _glossed_name(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside a quoted name glossed in Latin letters
        (``「中國芭比」(China Barbie)``), the quote holding more than the hit."""
        text = self.text
        before = _QUOTE_OPEN.search(text, max(0, start - 11), start)
        after = _QUOTE_GLOSSED.match(text, end, end + 16)
        if before is None or after is None:
            return False
        return before.end() - before.start() > 1 or after.group()[0] not in "」』”"

    def _shields(self, window: str, s: int, e: int) -> set[str]:
        """The short Han weak forms (:func:`short_han`: 3 characters at most) in ``window``
        that hold ``window[s:e]`` and more: names built on the hit (中國醫, for
        中國醫藥大學, holds 中國). They shield it where jieba cuts them as a word."""
        matcher = self.glossary.matcher("zh")
        spans = (
            window[a:b]
            for a in range(max(0, e - 3), s + 1)
            for b in range(max(e, a + 2), min(len(window), a + 3) + 1)
            if b - a > e - s
        )
        return {span for span in spans if matcher.shields(span)}

    def _segmenter(self, lo: int, hi: int, window: str, shields: set[str]) -> Any:
        """jieba's tokenizer with the glossary's forms found in ``text[lo:hi]`` (folded:
        ``window``) and the ``shields`` there added to its dictionary, so that a glossary
        word jieba does not know (防长, 绍伊古, 中國醫) is cut as a word where nothing
        better is. The words are those of this text's hits only, so the cut depends on
        the text and the glossary alone (jieba's own dictionary is left unchanged, and a
        100,000-entry glossary costs nothing here)."""
        base = _jieba().dt
        known = base.FREQ
        added: dict[str, int] = {}
        if self._hits is None:
            self._hits = _Spans(self.hits)  # in text order (resolve_hits)
        words = [window[s - lo : e - lo] for s, e, _, _ in self._hits.starting(lo, hi) if e <= hi]
        for word in (*words, *sorted(shields)):
            if not known.get(word):
                added[word] = _GLOSSARY_WORD_FREQ
                for i in range(1, len(word)):
                    if word[:i] not in known:
                        added.setdefault(word[:i], 0)
        if not added:
            return base
        tokenizer = copy.copy(base)
        tokenizer.FREQ = ChainMap(added, known)
        tokenizer.total = base.total + _GLOSSARY_WORD_FREQ * sum(1 for f in added.values() if f)
        return tokenizer

    def _ladder(self, hit: Hit) -> Hit:
        """A rank hit as the entry of its army's ladder, or as no entry when the text does not
        say whose army it is.

        Ladders write many ranks alike (``Major General``, 少将, and генерал-полковник, both
        Russia's Colonel General and Xinhua's word for a PLA 上将); the form belongs to one
        of them. Evidence of the army is a person of an army right beside the rank (``Maj.
        Gen. Igor Konashenkov``, ``генерал-полковник Сюй Цилян``, ``Xu Qiliang, Lt. Gen.``)
        or an army or country named right before it (``Russian Maj. Gen.``, ``俄军少將``):
        the hit moves to that army's rank written the same way. Without evidence, a form
        that another army's ladder writes alike keeps its spelling normalization but no
        entry: ``entry_id`` is empty and :meth:`candidates` lists the ladders' entries. So
        does a rank beside a holder whose army has no rank written that way."""
        start, end, cand, how = hit
        entry = self.glossary.get(cand.entry_id)
        if entry.army is None:
            return hit  # r_admiral: either navy's, by its own entry
        own = COUNTRY_OF_ARMY.get(entry.army)
        country = self._holder(start, end) or self._army_before(start)
        if country == own:
            return hit
        alike = [
            other.id
            for other in _ranks(self.glossary)
            if other.canonical.get(cand.lang) == cand.replacement
            and (country is None or COUNTRY_OF_ARMY.get(other.army or "") == country)
        ]
        if country is not None and len(alike) == 1:
            return (start, end, replace(cand, entry_id=alike[0]), how)
        if country is None and alike == [entry.id]:
            return hit  # no other ladder writes it so (Colonel General, 大校)
        self._unattributed[(start, end)] = tuple(alike)
        return (start, end, replace(cand, entry_id=""), how)

    def candidates(self, start: int, end: int) -> tuple[str, ...]:
        """The rank entries an accepted hit at ``start:end`` with no entry may be (see
        :meth:`_ladder`); ``()`` for any other hit."""
        return self._unattributed.get((start, end), ())

    def _army_before(self, start: int) -> str | None:
        """The country whose army or name stands right before a rank at ``start``
        (``Russian Maj. Gen.``, ``PLA Lt. Gen.``, ``俄军少將``, ``ВС РФ генерал-майор``): only
        blanks between them (none in Han text)."""
        before = fold_case(self.text[max(0, start - 24) : start])
        for country, pattern in _EVIDENCE_RES.items():
            for m in pattern.finditer(before):
                gap = before[m.end() :]
                if gap == "" or (gap.isspace() and not is_han(before[m.end() - 1])):
                    return country
        return None

    def _holder(self, start: int, end: int) -> str | None:
        """The country of the army of a person named right after or before ``start:end``."""
        text = self.text
        people = self._people_near()
        for s, e, country in people.starting(start - 3 - people.longest, end + 3):
            after = end <= s <= end + 2 and not text[end:s].strip()
            before = start - 3 <= e <= start and text[e:start].strip() in ("", ",")
            if country and (after or before):
                return str(country)
        return None

    def _people_near(self) -> _Spans:
        if self._people is None:
            people = []
            for s, e, cand, _ in self.hits:
                entry = self.glossary.get(cand.entry_id)
                if entry.type == "person":
                    people.append((s, e, COUNTRY_OF_ARMY.get(entry.army or "")))
            self._people = _Spans(people)
        return self._people

    def _named_near(self) -> _Spans:
        """Hits of people and bodies that name their country on their own (a person of an
        army, ``PLAAF``, ``ВС РФ``; not a generic form such as bare ``国防部``): evidence by
        entity, so it holds whichever spelling the text uses (``PLAAF`` gives China before it
        is rewritten ``PLA Air Force`` as much as after)."""
        if self._named is None:
            named = []
            for s, e, cand, how in self.hits:
                if how == AMBIGUOUS:
                    continue
                entry = self.glossary.get(cand.entry_id)
                if entry.type not in ("person", "org"):
                    continue
                facts = self.facts(cand)
                if facts.country is not None and not facts.needs_evidence:
                    named.append((s, e, facts.country))
            self._named = _Spans(named)
        return self._named

    def _evidence(self, start: int, end: int, lang: str, country: str) -> bool | None:
        """True: the sentence names ``country`` next to the hit; False: another country; None."""
        text = self.text
        zh = lang == "zh"
        width = _ZH_WINDOW if zh else _WINDOW
        lo, hi = max(0, start - width), min(len(text), end + width)
        ends = _ZH_SENTENCE_END if zh else _SENTENCE_END
        before = text[lo:start]
        cut = [m.end() for m in ends.finditer(before)]
        if cut:
            lo += cut[-1]
            before = text[lo:start]
        after = text[end:hi]
        stop = ends.search(after)
        if stop:
            after = after[: stop.start()]
            hi = end + len(after)
        found: list[tuple[int, bool]] = []  # (distance, own country)
        for named, pattern in _EVIDENCE_RES.items():
            for hit in pattern.finditer(fold_case(before)):
                if lang == "en" and _OF_BETWEEN.match(before, hit.end()):
                    continue  # "a visit to Russia of State Councilor ...": not its qualifier
                found.append((len(before) - hit.end(), named == country))
            for hit in pattern.finditer(fold_case(after)):
                found.append((hit.start(), named == country))
        for s, e, named_country in self._named_near().starting(lo, hi + 1):
            if e <= hi and (e <= start or s >= end):
                found.append((start - e if e <= start else s - end, named_country == country))
        if zh:
            if self._zh_place_before(start):
                found.append((0, False))
        elif lang == "en":
            m = _OTHER_BEFORE_EN.search(before)
            if m and not names_country(m.group(0).strip()):
                found.append((0, False))
            m = _OTHER_AFTER_EN.match(after)
            if m and not names_country(m.group(1)):
                found.append((0, False))
        elif lang == "ru":
            m = _OTHER_AFTER_RU.match(after)
            if m and not names_country(m.group(1)) and not self._person_at(end, hi):
                found.append((0, False))
        if not found:
            return None
        return min(found, key=lambda f: (f[0], not f[1]))[1]

    def _person_at(self, end: int, hi: int) -> bool:
        return bool(self._people_near().starting(end, hi))

    def _zh_place_before(self, start: int) -> bool:
        text = self.text
        lo = max(0, start - 6)
        part = fold(text[lo:start], chinese=True)
        if not part or not is_han(part[-1]):
            return False
        import jieba.posseg as posseg

        _jieba()
        tokens = list(posseg.cut(part))
        last = tokens[-1] if tokens else None
        return last is not None and last.flag == "ns" and names_country(last.word) is None

    def _whole_name(self, hit: Hit) -> Hit | None:
        """A surname hit preceded by the first name and a patronymic or initial: the whole name."""
        start, end, cand, how = hit
        entry = self.glossary.get(cand.entry_id)
        canonical = entry.canonical.get(cand.lang, "")
        text = self.text
        if cand.lang == "en":
            m = _SURNAME_LEFT.search(text[max(0, start - 40) : start])
            if m is None:
                return hit
            first = m.group("first").lower()
            firsts = {v.form.split(" ")[0].lower() for v in entry.forms("en") if " " in v.form}
            firsts |= {s.split(" ")[0].lower() for s in _romanized_firsts(entry)}
            if first not in firsts:
                return hit
            whole = canonical.upper() if m.group("first").isupper() else canonical
        elif cand.lang == "zh":
            m = _ZH_SURNAME_LEFT.search(text[max(0, start - 20) : start])
            if m is None or "·" not in canonical or not canonical.startswith(m.group("first")):
                return hit
            whole = canonical
        else:
            return hit
        new_start = start - (len(m.group(0)))
        if cand.form != entry.short.get(cand.lang) and " " in cand.form:
            return hit  # the hit is already a whole name
        return (new_start, end, replace(cand, replacement=whole, form=text[new_start:end]), how)


def _romanized_firsts(entry: Entry) -> set[str]:
    from polyglot_news.glossary.spelling import russian_romanizations

    out: set[str] = set()
    for v in entry.forms("en"):
        if " " in v.form:
            out |= russian_romanizations(v.form)
    return out


def generic_variants(entry: Entry) -> list[tuple[str, str, int | None]]:
    """``(lang, form, line)`` of each variant or short form of ``entry`` that is a generic form
    (:func:`generic_forms`) of a canonical naming a country: ``国家主席`` under ``中国国家主席``.

    Such a form would write the country into a text that names none (越南国家主席); lint
    reports it, and the fix is an entry of its own for the generic form.
    """
    out: list[tuple[str, str, int | None]] = []
    for lang, canonical in entry.canonical.items():
        if lang in entry.render_only or names_country(canonical) is None:
            continue
        generic = generic_forms(entry, lang)
        for v in entry.forms(lang)[1:]:
            if (
                v.status != "weak"
                and not names_country(v.form)
                and _strip_marker(v.form) in generic
            ):
                out.append((lang, v.form, v.line))
    return out
