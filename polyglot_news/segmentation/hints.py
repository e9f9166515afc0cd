"""Function words: cheap evidence for the language of a clause, before any detector.

Each list holds short, frequent words of one language that its neighbours in the
same script do not use as words: Bulgarian ``е са се ще това`` against Russian,
Russian ``что это был`` against Bulgarian, German ``und nicht ist`` and French
``dans pour avec`` against English and each other. A clause with such words of
exactly one candidate, and none of another listed candidate, is given to it with
no detector asked: most Russian, Bulgarian, German and French clauses are decided
here, and CLD3 / lingua are asked only where these words are missing or mixed.

The words are chosen to be absent from the other languages a clause of that script
could be in: ``das`` is Portuguese too, ``die`` English, ``il`` Italian, ``des``
Catalan, English ``on`` French; Ukrainian writes ``для``, ``так`` and ``через`` too;
Bulgarian ``как``, ``я``, ``после``, ``нас``, ``свой``, ``ми`` and ``ви``; and
Ukrainian ``й`` is the Russian ordinal ``206-й``; so none of them is listed. A word
two listed candidates share (``але``: Ukrainian and Belarusian; ``ще``: Ukrainian and
Bulgarian) names both, which decides nothing.
"""

from __future__ import annotations

import functools

import regex

__all__ = [
    "FUNCTION_WORDS",
    "function_word_language",
    "function_word_languages",
    "one_function_word_language",
]


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# fmt: off
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "ru": _listed("""
        что это его он она они оно был была было были уже только если чтобы также тоже ее
        её их ещё еще который которая которое которые которых котором которой этот эта эти
        этого этой этом лишь будет быть сейчас сегодня году года кроме где когда вы мы
        меня нет своей своих своего всех всё бы
    """),
    "bg": _listed("""
        е са се ще това този тази тези които който която което към през също вече беше бяха
        според обаче защото когато където във със ги го му тя ние вие аз днес няма има бил
        била били било нещо нищо всички трябва може си сме сте съм
    """),
    "uk": _listed("""
        але нема немає також його цього нього хоч бо що це цей ця який яка яке які після
        між аби адже хто чи щоб вже ще вони із зі
    """),
    "be": _listed("""
        але гэта гэты гэтага яшчэ вось калі таксама толькі якія які яго яна яны ёсць бо ці
        што усё усе праз пасля дзе зараз вельмі
    """),
    "mn": _listed("""
        нь юм бол гэж энэ тэр байна байсан байгаа болон нэг гэсэн байх вэ юу гээд дээр бас
        харин тэгээд биш одоо маш хамт болж болно байдаг хийж гэдэг бөгөөд буюу манай
        танай бид ба их
    """),
    "sr": _listed("""
        је су који која које био била било били више када још након према због тако увек
        сада овде њих њен њена њено нису није јер већ се са од као кроз између
    """),
    "mk": _listed("""
        со ќе го тоа ова овој оваа кој која кое кои беше биле нивните неа ние вие тие
        сите многу што се од
    """),
    "de": _listed("""
        und nicht ist sich auch wird wurde werden wurden dass daß für über eine einen einem
        einer eines sind ich wir ihr nach noch nur kann können schon zum zur vom beim bei aus
        auf ein oder aber zwischen seit hat haben hatte diese dieser dieses jetzt sehr mehr
        ihre ihren seine seinen gegen durch immer viele keine kein uns dann doch euch mich
        dich mir dir ihm ihn wieder bereits sowie
    """),
    "fr": _listed("""
        est dans pour avec cette sont ont aux elle nous vous ils elles leur leurs été être
        était étaient très aussi ces lui comme ainsi avait sera déjà selon après où même chez
        depuis avoir fait peut tout toute tous je qui une sur pas
    """),
    "en": _listed("""
        the and with that this which from have were been would their they said into about
        these there he she it his her him we you our is are for by at of to not but who
        has had can its
    """),
}
# fmt: on

_WORD = regex.compile(r"[\p{L}\p{M}]+")


def function_word_language(
    text: str, start: int, end: int, candidates: frozenset[str], *, strict: bool = False
) -> str | None:
    """The one candidate whose function words occur in ``text[start:end]`` while no
    other candidate's do; None when none, or more than one, has any.

    Only candidates with a list in :data:`FUNCTION_WORDS` are counted; with ``strict``
    every candidate must have one (Kazakh has none: Russian words in a clause that
    could be Kazakh decide nothing). A word is compared in lower case, except that
    one-letter words must be written lower-case (so the initial in ``Е. Иванов`` is not
    the Bulgarian ``е``), and a word capitalized inside a sentence of a text that mixes
    cases is a name, not a function word (``Toronto, Ont.``: :func:`_as_written`).
    """
    found = function_word_languages(text, start, end, candidates, strict=strict)
    return found[0] if len(found) == 1 else None


def function_word_languages(
    text: str, start: int, end: int, candidates: frozenset[str], *, strict: bool = False
) -> tuple[str, ...]:
    """Every candidate whose function words occur in ``text[start:end]``, sorted
    (the evidence :func:`function_word_language` decides on; same rules)."""
    listed = _listed_among(candidates, strict)
    if not listed:
        return ()
    span = text[start:end]
    # only the words that are on some list matter: no set of all the clause's words
    words = _union(listed).intersection(_WORD.findall(span.lower()))
    if words and not span.islower() and not span.isupper():
        words = _as_written(words, span)
    if not words:
        return ()
    hits = {lang: words & FUNCTION_WORDS[lang] for lang in listed}
    found = [lang for lang in listed if _uses(hits[lang], span)]
    if len(found) < 2:
        return tuple(found)
    # a language whose words are all shared with another found one is not named by them
    # (``се`` is Bulgarian and Serbian: ``това не се`` is Bulgarian, ``се од`` Serbian)
    return tuple(lang for lang in found if not any(hits[lang] < hits[other] for other in found))


def one_function_word_language(
    found: tuple[str, ...], candidates: frozenset[str], *, strict: bool = False
) -> str | None:
    """:func:`function_word_language` for ``candidates`` from what
    :func:`function_word_languages` found for a superset of them on the same text
    (with the same ``strict``, and every language it adds to ``candidates`` listed):
    the text is read once for both."""
    if not _listed_among(candidates, strict):
        return None
    among = [lang for lang in found if lang in candidates]
    return among[0] if len(among) == 1 else None


@functools.lru_cache(maxsize=256)
def _listed_among(candidates: frozenset[str], strict: bool) -> tuple[str, ...]:
    """The candidates with a list; none when ``strict`` and one has no list."""
    listed = tuple(sorted(lang for lang in candidates if lang in FUNCTION_WORDS))
    return () if strict and len(listed) < len(candidates) else listed


@functools.lru_cache(maxsize=256)
def _union(listed: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(FUNCTION_WORDS[lang] for lang in listed))


_OPENING_WORD = regex.compile(
    r"(?:^|[.!?…:;]\s)[\s\p{Ps}\p{Pi}\"'«„-]*+(\p{Lu}[\p{Ll}\p{M}]*+)(?![\p{L}\p{M}])"
)


def _as_written(words: frozenset[str], span: str) -> frozenset[str]:
    """The ``words`` (lower case, found in ``span``) that ``span`` writes as a function
    word is written: in lower case somewhere, or capitalized at the start of a sentence.
    A capitalized word inside a sentence is a name or an abbreviation (``Toronto, Ont.``
    is Ontario, not the French ``ont``; ``Des Moines``). ``span`` mixes cases (a text all
    in capitals keeps every word)."""
    capitalized = [w for w in words if w.capitalize() in span or w.upper() in span]
    if not capitalized:
        return words  # every occurrence is in lower case
    opening = {w.lower() for w in _OPENING_WORD.findall(span)}
    unopened = [w for w in capitalized if w not in opening]
    if not unopened:
        return words
    # a function word is all letters and marks: as a whole word it is one of _WORD's
    written = frozenset(_WORD.findall(span))
    odd = {w for w in unopened if w not in written}
    return words - odd if odd else words


def _uses(hits: frozenset[str], span: str) -> bool:
    """Whether the (lower-cased) words ``hits`` of ``span`` (those on one list) name
    its language: a one-letter word counts only where ``span`` writes it in lower case."""
    if not hits:
        return False
    if any(len(word) > 1 for word in hits):
        return True
    return any(word in _ONE_LETTER_WORDS.findall(span) for word in hits)


_ONE_LETTER_WORDS = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}(?![\p{L}\p{M}])")
