"""Russian case forms of glossary terms, generated once when the matcher is built.

pymorphy3 inflects each word of a form into the six cases (and the plural for
ranks and titles). Multiword names follow a simple head rule: words are
inflected up to and including the first noun (adjectives agree with it); a run
of personal names (first name, patronymic, surname) is inflected together; the
genitive complement after the head (``обороны``, ``Российской Федерации``) and
abbreviations stay as written. Unknown or indeclinable words (``Шойгу``,
``Ли``, ``Сюй``) stay as they are; in a name the words after them still decline
(``Сюй Циляном``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["CASES", "case_forms", "release_memo"]

#: Grammatical cases in the order used to break ties (nominative first).
CASES: tuple[str, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NAME_TAGS = ("Name", "Surn", "Patr")
_WORD = re.compile(r"^([«\"„“(]*)([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?)((?:-[0-9]+)?[»\"“”)]*)$")


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _restore_case(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=65536)
def _analyses(low: str) -> tuple[Any, ...]:
    """pymorphy3's parses of a lower-case word (names recur across a large glossary)."""
    return tuple(_morph().parse(low))


@lru_cache(maxsize=262144)
def _inflected(parse: Any, grammemes: frozenset[str]) -> str | None:
    """The word of ``parse`` inflected to ``grammemes`` (None: it has no such form)."""
    form = parse.inflect(set(grammemes))
    return None if form is None else str(form.word)


def release_memo() -> None:
    """Let go of the per-word parses and inflections memoized while building keys (a
    large glossary's take a hundred megabytes or more; building is done once)."""
    _analyses.cache_clear()
    _inflected.cache_clear()
    case_forms.cache_clear()


def _parse(word: str, *, prefer_adj: bool) -> Any | None:
    """The nominative parse of ``word`` (its normal form is itself), or None."""
    low = word.lower()
    parses = [
        p
        for p in _analyses(low)
        if p.tag.case == "nomn"
        and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        and p.word.replace("ё", "е") == low.replace("ё", "е")
    ]
    if not parses:
        return None
    if prefer_adj:
        adjectives = [p for p in parses if p.tag.POS in ("ADJF", "PRTF")]
        if adjectives:
            return adjectives[0]
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if word[:1].isupper():
        named = [p for p in nouns if any(t in p.tag for t in _NAME_TAGS)]
        if named:
            return named[0]
    return nouns[0] if nouns else parses[0]


def _tied(parse: Any, word: str) -> list[Any]:
    """The other nominative parses of ``word`` as likely as ``parse``, of its part of speech
    but another lemma: ``большая`` is ``большой`` (big) as much as ``больший`` (bigger),
    whose genitives differ (``Большой двадцатки``, ``Большей``)."""
    low = word.lower()
    return [
        p
        for p in _analyses(low)
        if p.tag.case == "nomn"
        and p.tag.POS == parse.tag.POS
        and p.normal_form != parse.normal_form
        and p.score == parse.score
        and p.word.replace("ё", "е") == low.replace("ё", "е")
    ]


def _plan(words: list[str], *, names: bool) -> list[Any | None]:
    """For each word, the parse to inflect it with (None: leave it as written).

    ``names``: the form is a person's name, every word of it declines.
    """
    plan: list[Any | None] = [None] * len(words)
    cores = [_WORD.match(w) for w in words]
    for i, match in enumerate(cores):
        if match is None:
            break
        core = match.group(2)
        if core.isupper() and len(core) > 1:  # abbreviation (РФ, КНР, ЦВС)
            break
        is_last = i == len(words) - 1
        parse = _parse(core, prefer_adj=not is_last)
        if parse is None:
            if names:  # an indeclinable part of a name (Сюй Цилян): the rest still declines
                continue
            break
        plan[i] = parse
        if parse.tag.POS == "NOUN":
            # keep going through a run of personal names (Владимир Владимирович Путин)
            if names or any(t in parse.tag for t in _NAME_TAGS):
                continue
            break
    return plan


def _grammemes(parse: Any, head: Any | None, case: str, number: str) -> set[str]:
    grammemes = {case} if number == "sing" else {case, "plur"}
    if (
        case == "accs"
        and parse.tag.POS != "NOUN"
        and head is not None
        and head.tag.animacy == "inan"
        and (number == "plur" or head.tag.gender == "masc")
    ):
        grammemes.add("inan")
    return grammemes


def _inflect(words: list[str], plan: list[Any | None], case: str, number: str) -> str | None:
    out: list[str] = []
    head = next((p for p in plan if p is not None and p.tag.POS == "NOUN"), None)
    for word, parse in zip(words, plan, strict=True):
        if parse is None:
            out.append(word)
            continue
        match = _WORD.match(word)
        assert match is not None
        grammemes = _grammemes(parse, head, case, number)
        if "Fixd" in parse.tag:
            inflected = match.group(2)
        else:
            word_form = _inflected(parse, frozenset(grammemes))
            if word_form is None:
                return None
            inflected = _restore_case(word_form, match.group(2))
            if "ё" not in match.group(2).lower():
                inflected = inflected.replace("ё", "е")
        out.append(match.group(1) + inflected + match.group(3))
    return " ".join(out)


@lru_cache(maxsize=4096)
def case_forms(
    form: str, *, plural: bool = False, names: bool = False
) -> tuple[tuple[str, str], ...]:
    """``((tag, inflected_form), ...)`` for each case (``sing:gent``, ...), nominative first.

    The nominative singular is the form itself. Forms that cannot be inflected
    come back with only their nominative. A word that two lemmas read alike
    (``Большая``: ``большой`` or ``больший``) gives both declensions, the first
    parse's first: a tag may then come twice. ``names``: every word declines (a
    person's name); otherwise the head rule of the module applies.
    """
    words = form.split(" ")
    plan = _plan(words, names=names)
    out: list[tuple[str, str]] = [("sing:nomn", form)]
    if not any(p is not None for p in plan):
        return tuple(out)
    # a word that two lemmas read alike declines both ways (the first plan's forms first)
    plans = [plan] + [
        plan[:i] + [other] + plan[i + 1 :]
        for i, parse in enumerate(plan)
        if parse is not None and parse.tag.POS != "NOUN" and not names
        for other in _tied(parse, _WORD.match(words[i]).group(2))  # type: ignore[union-attr]
    ]
    numbers = ("sing", "plur") if plural else ("sing",)
    for one in plans:
        for number in numbers:
            for case in CASES:
                if number == "sing" and case == "nomn":
                    continue
                inflected = _inflect(words, one, case, number)
                if inflected is not None and (f"{number}:{case}", inflected) not in out:
                    out.append((f"{number}:{case}", inflected))
    return tuple(out)
