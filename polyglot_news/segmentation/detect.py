"""Language of each clause of a script run: script defaults, letter rules, then CLD3.

Per script:

* Han (with kana): a clause with kana is ``ja``, any other clause ``zh``.
* Hangul: ``ko``.
* Cyrillic: the languages whose alphabet holds every letter of the clause (and,
  for uk be sr mk kk mn ky tg, one of their own letters; a Kazakh sentence needs
  one other than і ө ү; see :mod:`~polyglot_news.segmentation.letters`); a vowel
  ъ (not before е ё ю я) makes it ``bg``, a reflexive verb ending (-тся, -лся, -лись)
  keeps only ``ru`` and ``uk`` (:func:`_spellings`); one left decides. Then function words
  (:mod:`~polyglot_news.segmentation.hints`): they count like marks, so a language
  whose alphabet fits and whose words are there (Serbian ``су``, Ukrainian ``нема``,
  Mongolian ``манай``) becomes a candidate, or wins where it is the only one named.
  Otherwise ``ru`` (or the first left) unless a detector says another; CLD3 at
  ``cld3_unmarked_probability`` (with lingua) may also name a language whose alphabet
  fits but whose marks are missing. Letters that fit no alphabet default to the
  language the fewest of them are foreign to.
* Latin: ``en`` when the clause has only ASCII letters and English function
  words (cheap, no model); German or French function words name those; a short
  clause whose non-ASCII letters fit one known alphabet (ß -> ``de``) takes it (the
  alphabets are read from small-letter words where there are any: ``Citroën`` does
  not rule German out);
  otherwise ``en`` unless a detector says another Latin language its letters allow.
* Other scripts: what CLD3 says, else a default per script (Greek ``el``, ...).

CLD3 is asked only about clauses of at least ``cld3_min_letters`` letters. With
``lingua_low_accuracy`` (the default) lingua-py, restricted to the same languages
and with its trigram models only, must name CLD3's language too (or, for one it
is not asked about, not prefer the default) before the clause leaves the
default; where CLD3 is unsure, lingua decides alone only if it names CLD3's
language or the letters speak against the default (an accent English lacks, a
Bulgarian ъ). Shorter clauses take the language of their neighbours in the same
run; a text that is only a word or two (one run) goes to lingua alone
(``lingua_short_alone``, margins ``lingua_short_margin`` / ``lingua_short_latin_margin``).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

import regex

from polyglot_news.errors import ModelError
from polyglot_news.scripts import (
    CYRILLIC,
    CYRILLIC_CLASS,
    HAN,
    HANGUL,
    KANA,
    KANA_CLASS,
    LATIN,
    OTHER,
)
from polyglot_news.segmentation.clauses import clause_spans, has_clause_end
from polyglot_news.segmentation.hints import (
    FUNCTION_WORDS,
    function_word_language,
    function_word_languages,
    one_function_word_language,
)
from polyglot_news.segmentation.letters import (
    CYRILLIC_ORDER,
    closest_cyrillic_languages,
    cyrillic_languages,
    cyrillic_languages_of,
    cyrillic_letters,
    latin_languages,
    latin_letter_language,
)
from polyglot_news.segmentation.lingua import lingua_scores
from polyglot_news.segmentation.model import SegmenterConfig
from polyglot_news.segmentation.runs import Run

__all__ = [
    "Label",
    "cyrillic_language_together",
    "label_run",
    "cld3_language",
    "letter_rule",
    "looks_english",
    "ascii_letters",
    "KANA",
]


# Confidence of decisions made without CLD3.
SCRIPT_CONFIDENCE = 0.99  # ja from kana, ko from Hangul
HAN_CONFIDENCE = 0.95  # zh from Han alone (could be kanji-only Japanese)
RULE_CONFIDENCE = 0.95  # be/uk/ru from their letters
HINT_CONFIDENCE = 0.9  # en from English function words
DEFAULT_CONFIDENCE = 0.5  # the script's default language, no evidence either way

_CLD3_MAX_BYTES = 10_000
_CLD3_CODES = {"iw": "he", "jw": "jv"}  # CLD3's old codes -> ISO 639-1
# fmt: off
_OTHER_CANDIDATES = frozenset({
    "ar", "fa", "ur", "ps", "sd", "yi", "he", "el", "hy", "ka", "am", "hi", "mr", "ne", "bn",
    "pa", "gu", "ta", "te", "kn", "ml", "si", "th", "lo", "km", "my", "mn",
})
# fmt: on

_KANA_CHARS = regex.compile(KANA_CLASS)
# A word that starts with a small letter: names and acronyms say little about the language.
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}'’])\p{Ll}")
_NON_ASCII = regex.compile(r"[^\x00-\x7F]+")
_LATIN_OR_MARK = regex.compile(r"[\p{Latin}\p{M}]")
# Function words that other Latin-script languages hardly use: enough to call a clause English.
_ENGLISH_HINT = re.compile(
    r"\b(?:the|and|with|that|this|which|from|have|were|been|would|their|they|said|into|about"
    r"|these|there)\b",
    re.IGNORECASE,
)
# Weaker English words: they only decide clauses too short for CLD3 ("He left.").
_ENGLISH_WEAK_HINT = re.compile(
    r"\b(?:he|she|it|his|her|him|we|you|our|is|are|for|by|at|of|to|on|not|but|who|has|had|can|its)\b",
    re.IGNORECASE,
)
_HINT_SPACING = 400  # long clauses need one English hint per this many characters

# letter_rule: the languages it tells apart, and the letters that can decide
_RULE_CANDIDATES = frozenset({"ru", "uk", "be"})
# Mongolian long vowels Russian hardly writes (оо and уу it does: кооперация, вакуум)
_MONGOLIAN_LONG_VOWEL = regex.compile(r"ээ|аа", regex.IGNORECASE)
_CYRILLIC_RANK = {lang: rank for rank, lang in enumerate(CYRILLIC_ORDER)}
# Bulgarian ъ is a vowel (България, къща, съм); Russian, Kazakh and Mongolian ъ only
# stands before е ё ю я (объект, подъезд)
_BULGARIAN_HARD_SIGN = regex.compile(r"ъ(?![еёюяЕЁЮЯ])", regex.IGNORECASE)
# the reflexive verb endings of Russian and Ukrainian (отказался, начнётся, збирається):
# Bulgarian, Serbian and Macedonian write the reflexive apart (се), Belarusian as -цца, -ўся
_EAST_SLAVIC_REFLEXIVE = regex.compile(
    r"(?<=\p{Cyrillic}{2})(?:тся|ться|лся|лась|лось|лись)(?!\p{Cyrillic})", regex.IGNORECASE
)
_EAST_SLAVIC = ("ru", "uk")
_DECIDING_CYRILLIC = regex.compile(rf"[[{CYRILLIC_CLASS}--[а-яёА-ЯЁ]]ыэЫЭ]", regex.V1)

_SCRIPT_DEFAULTS = regex.compile(
    "|".join(
        f"(?P<{lang}>\\p{{{script}}})"
        for lang, script in (
            ("el", "Greek"),
            ("ar", "Arabic"),
            ("he", "Hebrew"),
            ("hy", "Armenian"),
            ("ka", "Georgian"),
            ("hi", "Devanagari"),
            ("bn", "Bengali"),
            ("pa", "Gurmukhi"),
            ("gu", "Gujarati"),
            ("ta", "Tamil"),
            ("te", "Telugu"),
            ("kn", "Kannada"),
            ("ml", "Malayalam"),
            ("si", "Sinhala"),
            ("th", "Thai"),
            ("lo", "Lao"),
            ("km", "Khmer"),
            ("my", "Myanmar"),
            ("am", "Ethiopic"),
            ("bo", "Tibetan"),
            ("mn", "Mongolian"),
            ("dv", "Thaana"),
        )
    )
)


class Label(NamedTuple):
    """A clause (or several) with its language; ``decided`` is False for a bare default."""

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    decided: bool = True


@functools.cache
def _identifier() -> Any:
    try:
        import gcld3
    except ImportError as err:  # pragma: no cover - cld3-py is a core dependency
        raise ModelError(
            "CLD3 is not installed; install it with `pip install cld3-py`, "
            "or pass SegmenterConfig(use_cld3=False)"
        ) from err
    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=_CLD3_MAX_BYTES)


_CLD3_LOCK = threading.Lock()  # one identifier, shared: calls are serialized


def cld3_language(text: str) -> tuple[str, float]:
    """CLD3's language (ISO 639-1 where it has one) and probability for ``text``.

    The identifier loads on the first call and is reused; callers cap ``text``.
    """
    identifier = _identifier()
    utf8 = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot cross
    with _CLD3_LOCK:
        result = identifier.FindLanguage(utf8)
    return _CLD3_CODES.get(result.language, result.language), float(result.probability)


def letter_rule(text: str, start: int = 0, end: int | None = None) -> str | None:
    """``be``, ``uk`` or ``ru`` when the letters of ``text[start:end]`` decide it, else None.

    ў is Belarusian; ї є ґ Ukrainian; і Ukrainian, or Belarusian beside ы or э;
    ы or э alone Russian (see :mod:`~polyglot_news.segmentation.letters`). Letters
    of other Cyrillic alphabets, or none that decide, give None.
    """
    end = len(text) if end is None else end
    langs = cyrillic_languages(text, start, end, _RULE_CANDIDATES)
    if len(langs) == 1 and _DECIDING_CYRILLIC.search(text, start, end):
        return langs[0]
    return None


def ascii_letters(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when the letters of ``text[start:end]`` are all ASCII (curly quotes are fine)."""
    end = len(text) if end is None else end
    if text[start:end].isascii():
        return True
    return not any(
        _LATIN_OR_MARK.search(chars.group()) for chars in _NON_ASCII.finditer(text, start, end)
    )


def _english_hints(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` has enough English function words."""
    if end - start <= _HINT_SPACING:
        return _ENGLISH_HINT.search(text, start, end) is not None
    needed = (end - start) // _HINT_SPACING + 1
    return len(_ENGLISH_HINT.findall(text, start, end)) >= needed


def looks_english(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``text[start:end]`` has only ASCII letters and enough English function words."""
    end = len(text) if end is None else end
    return ascii_letters(text, start, end) and _english_hints(text, start, end)


def _has_letters(text: str, start: int, end: int, needed: int) -> bool:
    """True when ``text[start:end]`` has at least ``needed`` letters."""
    if end - start < needed:
        return False
    # at least one letter, as ever, when ``needed`` is 0 or less (a config may say so)
    return _letters_pattern(max(needed, 1)).match(text, start, end) is not None


@functools.lru_cache(maxsize=16)
def _letters_pattern(needed: int) -> regex.Pattern[str]:
    """Matches where a text has ``needed`` letters (one scan in C, no Python loop)."""
    return regex.compile(rf"(?:\P{{L}}*+\p{{L}}){{{needed}}}")


def _enough_words(text: str, start: int, end: int, needed: int, script: str) -> bool:
    """True when a Latin or Cyrillic clause has ``needed`` words starting with a small letter."""
    if script not in (LATIN, CYRILLIC) or needed <= 0:
        return True
    for found, _ in enumerate(_LOWER_WORD.finditer(text, start, end), start=1):
        if found >= needed:
            return True
    return False


def _ask_cld3(text: str, start: int, end: int, config: SegmenterConfig) -> tuple[str, float] | None:
    """CLD3's language and probability for the (capped) clause; None when CLD3 is off."""
    if not config.use_cld3:
        return None
    return cld3_language(text[start : min(end, start + config.cld3_max_chars)])


def _ask_lingua(
    text: str,
    start: int,
    end: int,
    config: SegmenterConfig,
    default: str,
    candidates: frozenset[str],
) -> tuple[str, float] | None:
    """lingua's answer among ``candidates`` (with ``default``) when it beats the default
    by ``lingua_min_margin``; the default itself when lingua prefers it; else None."""
    if not config.use_lingua:
        return None
    asked = (candidates & config.lingua_languages) | {default}
    if len(asked) < 2:
        return None
    scores = lingua_scores(text[start:end], asked)
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    if best == default:
        return default, scores[best]
    if scores[best] - scores.get(default, 0.0) >= config.lingua_min_margin:
        return best, scores[best]
    return None


class _Clause(NamedTuple):
    """A clause being labelled: ``text[start:end]``, its script, the script's default
    language, and the languages its letters allow (what the lingua checks below read)."""

    text: str
    start: int
    end: int
    script: str
    default: str
    candidates: frozenset[str]

    def evidence_against(self) -> bool:
        """True when letters of the clause speak against the script's default: a Latin
        letter English does not have, or a Bulgarian vowel ъ (before a consonant or at a
        word's end; Russian ъ only stands before е ё ю я)."""
        if self.script == LATIN and self.default == "en":
            return not ascii_letters(self.text, self.start, self.end)
        if self.script == CYRILLIC and self.default == "ru":
            return _BULGARIAN_HARD_SIGN.search(self.text, self.start, self.end) is not None
        return False


def _low_accuracy_decision(
    clause: _Clause, config: SegmenterConfig, answer: tuple[str, float]
) -> tuple[str, float] | None:
    """The language CLD3's non-default ``answer`` and lingua (low-accuracy mode) agree on.

    A sure CLD3 answer (in ``candidates``, ``cld3_min_probability``) stands when lingua
    names it too, or, for a language lingua is not asked about, does not prefer the
    default. An unsure one leaves the decision to lingua, which must beat the default by
    ``lingua_min_margin`` and name CLD3's language too, unless the clause's letters
    speak against the default (lingua's trigram models are overconfident on short
    clauses: ``- Former deputy GM of Sinochem Group under investigation`` comes out
    German, where CLD3 leans to Kazakh).
    """
    text, start, end, _script, default, candidates = clause
    sure = answer[0] in candidates and answer[1] >= config.cld3_min_probability
    asked = (candidates & config.lingua_languages) | {default}
    if not config.use_lingua or len(asked) < 2:
        return answer if sure else None
    # CLD3 naming a language of the script that the letters rule out (Macedonian for a
    # Bulgarian clause) speaks against the script's default as much as an odd letter does
    against = _ruled_out(
        answer[0], clause.script, default, candidates, config
    ) or clause.evidence_against()
    if not sure and answer[0] not in asked and not against:
        return None  # lingua cannot name CLD3's language, and letters keep the default
    scores = lingua_scores(
        text[start:end], asked, low_accuracy=True
    )
    if not scores:
        return answer if sure else None
    best = max(scores, key=scores.__getitem__)
    if sure:
        agrees = best == answer[0] if answer[0] in asked else best != default
        return answer if agrees else None
    if best == default or scores[best] - scores.get(default, 0.0) < config.lingua_min_margin:
        return None
    if best == answer[0] or against:
        return best, scores[best]
    return None


def _unmarked_answer(
    text: str,
    start: int,
    end: int,
    config: SegmenterConfig,
    default: str,
    unmarked: frozenset[str],
    answer: tuple[str, float] | None,
) -> Label | None:
    """CLD3's ``answer`` where it is one of the ``unmarked`` languages (the alphabet fits,
    no mark is there), at ``cld3_unmarked_probability`` or more, and lingua prefers it to
    ``default`` by ``lingua_min_margin``: Belarusian ``надвор'е цёплае, дажджы рэдка`` has no ў or
    і, but CLD3 is all but certain, where on Russian clauses it is merely sure."""
    if (
        answer is None
        or answer[0] not in unmarked
        or answer[1] < config.cld3_unmarked_probability
        or not config.use_lingua
        or answer[0] not in config.lingua_languages
    ):
        return None
    scores = lingua_scores(
        text[start:end],
        frozenset({default, answer[0]}),
        low_accuracy=True,
    )
    lead = scores.get(answer[0], 0.0) - scores.get(default, 0.0) if scores else 0.0
    if lead < config.lingua_min_margin:
        return None
    return Label(start, end, answer[0], CYRILLIC, answer[1])


def _ruled_out(
    lang: str, script: str, default: str, candidates: frozenset[str], config: SegmenterConfig
) -> bool:
    """Whether ``lang`` is one of the script's languages that ``candidates`` left out,
    where ``default`` is the script's own (ru, en): between two others (Serbian and
    Macedonian) CLD3's third opinion says nothing."""
    if lang in candidates:
        return False
    if script == CYRILLIC:
        return default == "ru" and lang in config.cyrillic_candidates
    return script == LATIN and default == "en" and lang in config.latin_candidates


def _label_alphabetic(
    text: str,
    start: int,
    end: int,
    config: SegmenterConfig,
    script: str,
    default: str,
    candidates: frozenset[str],
    long_enough: bool | None = None,
    found_words: tuple[str, ...] | None = None,
    unmarked: frozenset[str] = frozenset(),
) -> Label:
    """CLD3 for long clauses, lingua for short ones; ``candidates`` are the languages the
    clause's letters allow (``long_enough``: whether it has ``cld3_min_letters``, when
    the caller knows; ``found_words``: :func:`function_word_languages` of the clause for
    a superset of ``candidates``, strict unless Latin, when the caller has them;
    ``unmarked``: languages whose alphabet fits but whose marks are missing, open only to
    a very sure CLD3, :func:`_unmarked_answer`).

    CLD3 leaves ``default`` only when lingua (if installed) does not prefer the
    default; when CLD3 is unsure, lingua may decide alone.
    """
    if config.use_function_words and len(candidates) > 1:
        strict = script != LATIN
        hinted = (
            function_word_language(text, start, end, candidates, strict=strict)
            if found_words is None
            else one_function_word_language(found_words, candidates, strict=strict)
        )
        if hinted is not None:
            return Label(start, end, hinted, script, HINT_CONFIDENCE)
    clause = _Clause(text, start, end, script, default, candidates)
    if long_enough is None:
        long_enough = _has_letters(text, start, end, config.cld3_min_letters)
    if long_enough and _enough_words(text, start, end, config.cld3_min_words, script):
        answer = _ask_cld3(text, start, end, config)
        by_unmarked = _unmarked_answer(text, start, end, config, default, unmarked, answer)
        if by_unmarked is not None:
            return by_unmarked
        if answer is not None and answer[0] != default and config.lingua_low_accuracy:
            decided = _low_accuracy_decision(clause, config, answer)
            if decided is not None:
                return Label(start, end, decided[0], script, decided[1])
        elif answer is not None and answer[0] != default:
            if answer[0] in candidates and answer[1] >= config.cld3_min_probability:
                check = _ask_lingua(text, start, end, config, default, candidates)
                if check is None or check[0] != default:
                    return Label(start, end, answer[0], script, answer[1])
            elif len(candidates) > 1:  # CLD3 leans away from the default, unsure: ask lingua
                answer = _ask_lingua(text, start, end, config, default, candidates)
                if answer is not None and answer[0] != default:
                    return Label(start, end, answer[0], script, answer[1])
    elif long_enough and config.lingua_low_accuracy and clause.evidence_against():
        # too few small-letter words for CLD3 (German nouns, titles), but letters that
        # speak against the default: lingua alone, by lingua_min_margin
        by_lingua = _lingua_short(clause, config, config.lingua_min_margin)
        if by_lingua is not None and by_lingua.lang != default:
            return by_lingua
    elif len(candidates) > 1 and config.lingua_short_clauses:
        answer = _ask_lingua(text, start, end, config, default, candidates)
        if answer is not None and answer[0] != default:
            return Label(start, end, answer[0], script, answer[1])
    return Label(start, end, default, script, DEFAULT_CONFIDENCE, long_enough)


def _label_latin(
    text: str, start: int, end: int, config: SegmenterConfig, *, ascii_run: bool = False
) -> Label:
    """``ascii_run``: the whole run is known to have ASCII letters only."""
    if (ascii_run or ascii_letters(text, start, end)) and _english_hints(text, start, end):
        return Label(start, end, "en", LATIN, HINT_CONFIDENCE)
    candidates = config.latin_candidates
    if not ascii_run:
        candidates = latin_languages(text, start, end, candidates)
    short = not _has_letters(text, start, end, config.cld3_min_letters)
    if short and _ENGLISH_WEAK_HINT.search(text, start, end):
        return Label(start, end, "en", LATIN, HINT_CONFIDENCE)
    by_letters = (
        None if ascii_run or not short else latin_letter_language(text, start, end, candidates)
    )
    if by_letters is not None:
        return Label(start, end, by_letters, LATIN, RULE_CONFIDENCE)
    if "en" not in candidates:  # (a set the config or a cache holds keeps its hash)
        candidates = candidates | {"en"}
    return _label_alphabetic(text, start, end, config, LATIN, "en", candidates)


def _lingua_short(clause: _Clause, config: SegmenterConfig, margin: float) -> Label | None:
    """lingua's language for a short clause among its candidates (and its default), when
    it beats the default by ``margin``; else the default. None without lingua or with
    fewer than two languages to ask about."""
    text, start, end, script, default, allowed = clause
    scores = _short_scores(text, start, end, config, default, allowed)
    return None if scores is None else _by_margin(start, end, script, default, scores, margin)


def _short_scores(
    text: str,
    start: int,
    end: int,
    config: SegmenterConfig,
    default: str,
    allowed: frozenset[str],
) -> dict[str, float] | None:
    """lingua's scores for a short text among ``allowed`` and ``default`` (None without
    lingua, with fewer than two languages to ask about, or no answer)."""
    asked = (allowed & config.lingua_languages) | {default}
    if not config.use_lingua or len(asked) < 2:
        return None
    scores = lingua_scores(
        text[start:end],
        asked,
        low_accuracy=not config.lingua_short_high_accuracy,
    )
    return scores or None


def _by_margin(
    start: int, end: int, script: str, default: str, scores: dict[str, float], margin: float
) -> Label:
    """lingua's best language when it beats ``default`` by ``margin``; else ``default``."""
    best = max(scores, key=scores.__getitem__)
    if best != default and scores[best] - scores.get(default, 0.0) >= margin:
        return Label(start, end, best, script, scores[best])
    return Label(start, end, default, script, DEFAULT_CONFIDENCE)


def _with_mongolian(
    text: str,
    start: int,
    end: int,
    letters: frozenset[str],
    candidates: frozenset[str],
    langs: tuple[str, ...],
) -> tuple[str, ...]:
    """``langs`` with ``mn`` added where its alphabet fits and the clause writes a long
    vowel ээ or аа (тэмцээн, дээр, маргааш), which Mongolian writes as often as ө ү and
    Russian not."""
    if "mn" in langs or "mn" not in candidates:
        return langs
    if not _MONGOLIAN_LONG_VOWEL.search(text, start, end):
        return langs
    if "mn" not in cyrillic_languages_of(letters, frozenset({"mn"}), need_marks=False):
        return langs
    return (*langs, "mn")


def _with_named(langs: tuple[str, ...], named: tuple[str, ...]) -> tuple[str, ...]:
    """``langs`` and the languages function words ``named`` (whose alphabets fit), in
    :data:`CYRILLIC_ORDER`: a word of theirs is evidence like a mark (Serbian ``се од``
    without ј, Ukrainian ``нема але`` without і), so a detector may choose them."""
    if not named or all(lang in langs for lang in named):
        return langs
    return tuple(sorted({*langs, *named}, key=_CYRILLIC_RANK.__getitem__))


def _spellings(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the clause writes the spellings only some Cyrillic languages have: a vowel ъ
    (Bulgarian), a reflexive verb ending (-тся, -лся, -лись: Russian or Ukrainian)."""
    return (
        _BULGARIAN_HARD_SIGN.search(text, start, end) is not None,
        _EAST_SLAVIC_REFLEXIVE.search(text, start, end) is not None,
    )


def _patterned(langs: tuple[str, ...], spellings: tuple[bool, bool]) -> tuple[str, ...]:
    """``langs`` narrowed by the clause's :func:`_spellings`; unchanged where it has none,
    or where they would leave none of ``langs``."""
    hard_sign, reflexive = spellings
    if hard_sign and "bg" in langs:
        return ("bg",)
    if reflexive and len(langs) > 1:
        return tuple(lang for lang in langs if lang in _EAST_SLAVIC) or langs
    return langs


def _label_short_cyrillic(text: str, start: int, end: int, config: SegmenterConfig) -> Label:
    """A Cyrillic text of a few words, alone: function words, the Bulgarian ъ, then
    lingua among the languages whose alphabets hold its letters. The default is ``ru``
    where its alphabet fits, else the letter rules' choice; lingua must beat it by
    ``lingua_short_margin``, or by ``lingua_short_unmarked_margin`` for a language whose
    marks the text lacks (trigrams call Russian words Mongolian or Kazakh: ``вытащил``).
    """
    candidates = config.cyrillic_candidates
    letters = cyrillic_letters(text, start, end)
    langs = _with_mongolian(
        text, start, end, letters, candidates, cyrillic_languages_of(letters, candidates)
    )
    alphabets = cyrillic_languages_of(letters, candidates, need_marks=False)
    if not alphabets:
        return _label_cyrillic(text, start, end, config, letters)
    narrowed = _patterned(alphabets, _spellings(text, start, end))
    if len(narrowed) == 1:
        return Label(start, end, narrowed[0], CYRILLIC, RULE_CONFIDENCE)
    by_alphabet = frozenset(narrowed)
    marked = frozenset(langs) & by_alphabet
    if config.use_function_words:
        # as in a longer clause, function words of a language whose marks are missing
        # count like its marks (Serbian ``се од``, Ukrainian ``нема``)
        asked = marked | (by_alphabet & FUNCTION_WORDS.keys())
        found = function_word_languages(text, start, end, asked, strict=True)
        if len(found) == 1:
            return Label(start, end, found[0], CYRILLIC, HINT_CONFIDENCE)
        marked = frozenset(_with_named(langs, found))
    if "ru" in by_alphabet:
        default = "ru"
    else:
        default = langs[0] if langs else min(by_alphabet, key=_CYRILLIC_RANK.__getitem__)
    asked = (by_alphabet & config.lingua_languages) | {default}
    if not config.use_lingua or len(asked) < 2:
        return _label_cyrillic(text, start, end, config, letters)
    scores = lingua_scores(
        text[start:end],
        asked,
        low_accuracy=not config.lingua_short_high_accuracy,
    )
    if not scores:
        return _label_cyrillic(text, start, end, config, letters)
    # the languages with their marks are weighed among themselves (as if lingua were
    # asked about them alone: its confidences are relative), the others among all
    for pool, need in (
        (marked | {default}, config.lingua_short_margin),
        (asked, config.lingua_short_unmarked_margin),
    ):
        total, best = _total_and_best(scores, pool)
        if total <= 0 or best == default:
            continue
        lead = (scores.get(best, 0.0) - scores.get(default, 0.0)) / total
        if lead < need:
            continue
        if (
            pool is asked
            and best not in marked
            and not _cld3_agrees(text, start, end, config, best)
        ):
            break  # lingua alone is not enough to give a word a language without its marks
        return Label(start, end, best, CYRILLIC, scores[best] / total)
    return Label(start, end, default, CYRILLIC, DEFAULT_CONFIDENCE)


def _total_and_best(scores: dict[str, float], pool: frozenset[str]) -> tuple[float, str]:
    """The sum of ``scores`` over ``pool`` and its best language (the first in the
    pool's order on a tie), in one walk."""
    total = 0.0
    best, top = "", -1.0
    for lang in pool:
        value = scores.get(lang, 0.0)
        total += value
        if value > top:
            best, top = lang, value
    return total, best


def _cld3_agrees(text: str, start: int, end: int, config: SegmenterConfig, lang: str) -> bool:
    """Whether CLD3 (when on) names ``lang`` for ``text[start:end]`` too."""
    answer = _ask_cld3(text, start, end, config)
    return answer is None or answer[0] == lang


def _label_short_latin(text: str, start: int, end: int, config: SegmenterConfig) -> Label:
    """A Latin text of a word or two, alone: the usual rules (English words, letters),
    then lingua among the languages its letters allow, default ``en``."""
    label = _label_latin(text, start, end, config)
    if label.lang != "en" or label.confidence != DEFAULT_CONFIDENCE:
        return label
    allowed = latin_languages(text, start, end, config.latin_candidates)
    scores = _short_scores(text, start, end, config, "en", allowed)
    if scores is None:
        return label
    sure = _by_margin(start, end, LATIN, "en", scores, config.lingua_short_latin_margin)
    if sure.lang != "en":
        return sure
    # not that far ahead: a second opinion from CLD3 must name the same language
    margin = config.lingua_short_latin_cld3_margin
    leaning = _by_margin(start, end, LATIN, "en", scores, margin)
    if (
        leaning.lang != "en"
        and config.use_cld3
        and _cld3_agrees(text, start, end, config, leaning.lang)
    ):
        return leaning
    return sure


def _label_cyrillic(
    text: str,
    start: int,
    end: int,
    config: SegmenterConfig,
    letters: frozenset[str] | None = None,
) -> Label:
    """``letters``: the clause's :func:`cyrillic_letters`, when the caller has them."""
    candidates = config.cyrillic_candidates
    if letters is None:
        letters = cyrillic_letters(text, start, end)
    long_clause = _has_letters(text, start, end, config.cld3_min_letters)
    langs = _with_mongolian(
        text,
        start,
        end,
        letters,
        candidates,
        cyrillic_languages_of(letters, candidates, long_clause=long_clause),
    )
    spellings = _spellings(text, start, end)
    langs = _patterned(langs, spellings)
    found: tuple[str, ...] | None = None
    # the languages whose alphabet fits, marks or not
    listed = frozenset(
        _patterned(cyrillic_languages_of(letters, candidates, need_marks=False), spellings)
    )
    if config.use_function_words and langs:
        # function words are evidence like marks: Mongolian ``байна гэж`` names mn
        # without ө or ү
        asked = frozenset(langs) | (listed & FUNCTION_WORDS.keys())
        found = function_word_languages(text, start, end, asked, strict=True)
        if len(asked) > 1 and len(found) == 1:
            return Label(start, end, found[0], CYRILLIC, HINT_CONFIDENCE)
        langs = _with_named(langs, found)
    unmarked: frozenset[str] = frozenset()
    if long_clause and config.use_cld3 and "ru" in langs:
        # ru is in because no mark rules it out: a language missing only its marks may
        # still be it (marks that named another language are evidence enough)
        unmarked = listed.difference(langs)
    if len(langs) == 1:
        if unmarked and _enough_words(text, start, end, config.cld3_min_words, CYRILLIC):
            answer = _ask_cld3(text, start, end, config)
            by_unmarked = _unmarked_answer(text, start, end, config, langs[0], unmarked, answer)
            if by_unmarked is not None:
                return by_unmarked
        # ru is what is left when no mark is there, which says little of a short clause:
        # it may follow its neighbours (``Хэрэглэгчийн нэр:`` before Mongolian clauses)
        decided = long_clause or langs[0] != "ru"
        return Label(start, end, langs[0], CYRILLIC, RULE_CONFIDENCE, decided)
    if not langs:
        # letters of several alphabets (or of Kazakh without a sentence's marks): CLD3
        # chooses among all, and the default is the language the fewest letters are
        # foreign to (or ru, where none is known)
        closest = closest_cyrillic_languages(text, start, end, candidates)
        if len(closest) == 1 and not long_clause:
            return Label(start, end, closest[0], CYRILLIC, RULE_CONFIDENCE, closest[0] != "ru")
        default = closest[0] if closest else "ru"
        return _label_alphabetic(
            text, start, end, config, CYRILLIC, default, candidates, long_clause
        )
    default = "ru" if "ru" in langs else langs[0]
    # langs is part of what the function words were looked up for: no second reading
    return _label_alphabetic(
        text, start, end, config, CYRILLIC, default, frozenset(langs), long_clause, found, unmarked
    )


def cyrillic_language_together(
    text: str, spans: list[tuple[int, int]], config: SegmenterConfig
) -> str | None:
    """The one language of the Cyrillic ``spans`` of a sentence read as one clause (the
    Latin names between them left out: ``Новият модел на Samsung Galaxy пък излезе``), or
    None where some span's letters do not fit its alphabet."""
    joined = " ".join(text[a:b] for a, b in spans)
    lang = _label_cyrillic(joined, 0, len(joined), config).lang
    allowed = frozenset({lang})
    for a, b in spans:
        if not cyrillic_languages_of(cyrillic_letters(text, a, b), allowed, need_marks=False):
            return None
    return lang


def _label_other(text: str, start: int, end: int, config: SegmenterConfig) -> Label:
    first = _SCRIPT_DEFAULTS.search(text, start, end)
    default = first.lastgroup if first and first.lastgroup else "und"
    label = _label_alphabetic(text, start, end, config, OTHER, default, _OTHER_CANDIDATES)
    if default == "und" and not label.decided:
        return label._replace(confidence=0.0)
    return label


def _label_han(text: str, start: int, end: int) -> Label:
    if _KANA_CHARS.search(text, start, end):
        return Label(start, end, "ja", KANA, SCRIPT_CONFIDENCE)
    return Label(start, end, "zh", HAN, HAN_CONFIDENCE)


def _smooth(labels: list[Label]) -> list[Label]:
    """Undecided clauses take the language of the nearest decided clauses when those agree.

    The nearest decided clause before and the one after (where they exist) must
    have the same language; otherwise the clause keeps its script default.
    """
    if all(label.decided for label in labels) or not any(label.decided for label in labels):
        return labels
    after: list[Label | None] = []
    following: Label | None = None
    for label in reversed(labels):
        after.append(following)
        if label.decided:
            following = label
    after.reverse()
    out: list[Label] = []
    previous: Label | None = None
    for label, nxt in zip(labels, after, strict=True):
        if label.decided:
            previous = label
        else:
            langs = {n.lang for n in (previous, nxt) if n is not None}
            if len(langs) == 1 and label.lang not in langs:
                label = label._replace(lang=langs.pop(), confidence=DEFAULT_CONFIDENCE)
        out.append(label)
    return out


_ClauseLabeller = Callable[[str, int, int, SegmenterConfig], Label]


def _label_clauses(
    text: str, run: Run, config: SegmenterConfig, one: _ClauseLabeller
) -> list[Label]:
    return _smooth([one(text, s, e, config) for s, e in clause_spans(text, run.start, run.end)])


def label_run(text: str, run: Run, config: SegmenterConfig, *, alone: bool = False) -> list[Label]:
    """The labelled clauses of one script run, in order, tiling the run.

    ``alone``: the run is the only one of the text. A Cyrillic or Latin run alone, with
    no clause end and too short for CLD3 (a few words: no sentence around it, no name
    in another language's text), is labelled whole, by lingua where letters and
    function words do not decide (``lingua_short_alone``).
    """
    short_alone = (
        alone
        and config.lingua_short_alone
        and run.script in (CYRILLIC, LATIN)
        and (
            not _has_letters(text, run.start, run.end, config.cld3_min_letters)
            or not _enough_words(text, run.start, run.end, config.cld3_min_words, run.script)
        )
        and not has_clause_end(text, run.start, run.end)
    )
    if short_alone and run.script == CYRILLIC:
        return [_label_short_cyrillic(text, run.start, run.end, config)]
    if short_alone and run.script == LATIN:
        return [_label_short_latin(text, run.start, run.end, config)]
    if run.script == HAN:
        if not _KANA_CHARS.search(text, run.start, run.end):
            return [Label(run.start, run.end, "zh", HAN, HAN_CONFIDENCE)]
        return [_label_han(text, s, e) for s, e in clause_spans(text, run.start, run.end)]
    if run.script == HANGUL:
        return [Label(run.start, run.end, "ko", HANGUL, SCRIPT_CONFIDENCE)]
    if run.script == LATIN:
        ascii_run = ascii_letters(text, run.start, run.end)
        return _smooth(
            [
                _label_latin(text, s, e, config, ascii_run=ascii_run)
                for s, e in clause_spans(text, run.start, run.end)
            ]
        )
    if run.script == CYRILLIC:
        return _label_clauses(text, run, config, _label_cyrillic)
    return _label_clauses(text, run, config, _label_other)
