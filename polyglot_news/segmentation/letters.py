"""Letter evidence inside one script: which languages a clause's letters allow.

Each Cyrillic language has an alphabet; a clause can only be in a language whose
alphabet holds all its letters (``ы`` rules out Ukrainian, Bulgarian and Serbian;
``й`` rules out Serbian and Macedonian). Some languages also have *marks*, letters
that almost every sentence of theirs holds (Ukrainian і ї є ґ, Kazakh қ ғ ұ ә ...);
a clause without one of them is not given to that language, however sure a
statistical detector is (detectors are confidently wrong on short Russian clauses).

Latin alphabets are known for the languages whose letters decide most (English
has ASCII letters only, German adds ä ö ü ß, French its accents); other Latin
candidates are not filtered by letters.
"""

from __future__ import annotations

import functools

import regex

from polyglot_news.scripts import CYRILLIC_CLASS, LATIN_CLASS

__all__ = [
    "closest_cyrillic_languages",
    "cyrillic_languages",
    "cyrillic_languages_of",
    "cyrillic_letters",
    "latin_languages",
    "latin_letter_language",
    "CYRILLIC_ORDER",
]

_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# fmt: off
_CYRILLIC_ALPHABETS: dict[str, str] = {
    "ru": _RU,
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзйіклмнопрстуўфхцчшьыэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "kk": _RU + "әғқңөұүһі",
    "ky": _RU + "ңөү",
    "mn": _RU + "өү",
    "tg": "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
}
_CYRILLIC_MARKS: dict[str, str] = {
    "uk": "ґєії",
    "be": "ўі",
    "sr": "ђјљњћџ",
    "mk": "ѓѕјљњќџ",
    "kk": "әғқңөұүһі",
    "ky": "ңөү",
    "mn": "өү",
    "tg": "ғӣқӯҳҷ",
}
#: Which language wins when letters leave several and nothing else decides.
CYRILLIC_ORDER = ("ru", "uk", "be", "bg", "sr", "mk", "kk", "mn", "ky", "tg")
_ASCII = "abcdefghijklmnopqrstuvwxyz"
_LATIN_ALPHABETS: dict[str, str] = {
    "en": _ASCII,
    "de": _ASCII + "äöüß",
    "fr": _ASCII + "àâæçéèêëîïôœùûüÿ",
}
# fmt: on

_CYRILLIC_LETTERS = regex.compile(rf"{CYRILLIC_CLASS}+")
_NON_ASCII_LATIN = regex.compile(rf"[{LATIN_CLASS}--[A-Za-z]]+", regex.V1)


def _letters(pattern: regex.Pattern[str], text: str, start: int, end: int) -> frozenset[str]:
    return frozenset("".join(pattern.findall(text, start, end)).lower())


# Every lower-case Cyrillic letter (the blocks of the script; \p{Cyrillic} decides)
_CYRILLIC_BLOCKS = (
    (0x0400, 0x0530),
    (0x1C80, 0x1C90),
    (0x1D2B, 0x1D2C),
    (0x1D78, 0x1D79),
    (0x2DE0, 0x2E00),
    (0xA640, 0xA6A0),
    (0xFE2E, 0xFE30),
    (0x1E030, 0x1E090),
)
_ALL_CYRILLIC = frozenset(
    ch.lower()
    for lo, hi in _CYRILLIC_BLOCKS
    for ch in map(chr, range(lo, hi))
    if _CYRILLIC_LETTERS.fullmatch(ch)
)


def cyrillic_letters(text: str, start: int, end: int) -> frozenset[str]:
    """The distinct Cyrillic letters of ``text[start:end]``, in lower case; a Latin ``i``
    counts as the Cyrillic ``і`` it stands for (``вiн``: a Cyrillic run holds no other
    Latin letter)."""
    span = text[start:end].lower()
    letters = _ALL_CYRILLIC.intersection(span)  # no set of all the span's characters
    return letters | _CYRILLIC_I if "i" in span else letters


_CYRILLIC_I = frozenset("і")


_CYRILLIC_SETS = {
    lang: (frozenset(alphabet), frozenset(_CYRILLIC_MARKS.get(lang, "")))
    for lang, alphabet in _CYRILLIC_ALPHABETS.items()
}
_LATIN_SETS = {lang: frozenset(alphabet) for lang, alphabet in _LATIN_ALPHABETS.items()}


# One bit per language of CYRILLIC_ORDER: which alphabets hold a letter, whose mark it is
_BIT = {lang: 1 << i for i, lang in enumerate(CYRILLIC_ORDER)}
_IN_ALPHABETS: dict[str, int] = {}
_MARK_OF: dict[str, int] = {}
for _lang, (_alphabet, _marks) in _CYRILLIC_SETS.items():
    for _ch in _alphabet:
        _IN_ALPHABETS[_ch] = _IN_ALPHABETS.get(_ch, 0) | _BIT[_lang]
    for _ch in _marks:
        _MARK_OF[_ch] = _MARK_OF.get(_ch, 0) | _BIT[_lang]
_ALL_BITS = (1 << len(CYRILLIC_ORDER)) - 1
_WITHOUT_MARKS = sum(_BIT[lang] for lang, (_, marks) in _CYRILLIC_SETS.items() if not marks)
# A clause of sentence length (long_clause) needs more than і ө ү to be Kazakh, and ң to be
# Kyrgyz: their sentences always have such letters, and і is Ukrainian and Belarusian too,
# ө ү Mongolian.
_SENTENCE_MARKS = {**_CYRILLIC_MARKS, "kk": "әғқңұһ", "ky": "ң"}
_SENTENCE_MARK_OF: dict[str, int] = {}
for _lang, _sentence_marks in _SENTENCE_MARKS.items():
    for _ch in _sentence_marks:
        _SENTENCE_MARK_OF[_ch] = _SENTENCE_MARK_OF.get(_ch, 0) | _BIT[_lang]


# Letters every alphabet has (no mark among them): they decide nothing
_SHARED = frozenset.intersection(*(alphabet for alphabet, _ in _CYRILLIC_SETS.values()))


def _fitting(letters: frozenset[str], need_marks: bool, long_clause: bool = False) -> int:
    """The bits of the languages whose alphabet holds ``letters`` (and, with
    ``need_marks``, that hold one of their marks where they have any)."""
    return _fitting_odd(letters - _SHARED, need_marks, long_clause)


@functools.lru_cache(maxsize=4096)
def _fitting_odd(letters: frozenset[str], need_marks: bool, long_clause: bool) -> int:
    fits = _ALL_BITS
    for ch in letters:
        fits &= _IN_ALPHABETS.get(ch, 0)
    if not need_marks:
        return fits
    return fits & _marked_bits(letters, _SENTENCE_MARK_OF if long_clause else _MARK_OF)


def _marked_bits(letters: frozenset[str], mark_of: dict[str, int] = _MARK_OF) -> int:
    """The bits of the languages that have no marks or one of whose marks (``mark_of``)
    is in ``letters``."""
    marked = _WITHOUT_MARKS
    for ch in letters:
        marked |= mark_of.get(ch, 0)
    return marked


@functools.lru_cache(maxsize=4096)
def _languages_of_bits(bits: int, candidates: frozenset[str]) -> tuple[str, ...]:
    out = [lang for lang in CYRILLIC_ORDER if lang in candidates and bits & _BIT[lang]]
    out.extend(sorted(candidates - frozenset(CYRILLIC_ORDER)))
    return tuple(out)


def cyrillic_languages(
    text: str, start: int, end: int, candidates: frozenset[str], *, need_marks: bool = True
) -> tuple[str, ...]:
    """The candidates whose alphabet holds every Cyrillic letter of ``text[start:end]`` and,
    where they have marks (and ``need_marks``), that hold one of them; in
    :data:`CYRILLIC_ORDER`.

    Candidates with no known alphabet are kept (at the end). An empty result means
    the letters fit no candidate (a mix, or a language not listed). Without
    ``need_marks`` only the alphabets count: a word is often too short to hold a
    mark (Mongolian ``тэмцэл``, Serbian ``периферне``).
    """
    return cyrillic_languages_of(cyrillic_letters(text, start, end), candidates, need_marks)


def cyrillic_languages_of(
    letters: frozenset[str],
    candidates: frozenset[str],
    need_marks: bool = True,
    *,
    long_clause: bool = False,
) -> tuple[str, ...]:
    """:func:`cyrillic_languages` for letters already collected (:func:`cyrillic_letters`).

    A ``long_clause`` (a sentence) must hold a Kazakh letter other than і ө ү to be
    Kazakh (``әғқңұһ``), and ң to be Kyrgyz."""
    return _languages_of_bits(_fitting(letters, need_marks, long_clause), candidates)


def closest_cyrillic_languages(
    text: str, start: int, end: int, candidates: frozenset[str]
) -> tuple[str, ...]:
    """The candidates with a known alphabet that the fewest Cyrillic letters of
    ``text[start:end]`` fall outside, in :data:`CYRILLIC_ORDER`; a language with marks
    counts only where one of them is there (as in :func:`cyrillic_languages_of`).

    For a clause whose letters fit no alphabet (a typo, a name from another language):
    ``Києва`` in a Russian sentence leaves Russian one letter (є) short, Ukrainian every
    ы and э. Empty when no such candidate is left."""
    span = text[start:end].lower()
    counts = {ch: span.count(ch) for ch in _ALL_CYRILLIC.intersection(span)}
    marked = _marked_bits(frozenset(counts))
    misfits = {
        lang: sum(n for ch, n in counts.items() if ch not in _CYRILLIC_SETS[lang][0])
        for lang in CYRILLIC_ORDER
        if lang in candidates and marked & _BIT[lang]
    }
    if not misfits:
        return ()
    fewest = min(misfits.values())
    return tuple(lang for lang, n in misfits.items() if n == fewest)


@functools.lru_cache(maxsize=4096)
def _latin_for(letters: frozenset[str], candidates: frozenset[str]) -> frozenset[str]:
    return frozenset(
        lang for lang in candidates if lang not in _LATIN_SETS or letters <= _LATIN_SETS[lang]
    )


def latin_languages(text: str, start: int, end: int, candidates: frozenset[str]) -> frozenset[str]:
    """The candidates whose alphabet holds every non-ASCII Latin letter of ``text[start:end]``
    (languages with no known alphabet are always kept).

    Where the span has words that start with a small letter, the capitalised ones are
    not read: a name keeps the letters of its own language (``Citroën`` in a German
    sentence, ``Müller said`` in an English one)."""
    if _NON_ASCII_LATIN.search(text, start, end) is None:
        return candidates
    small = _SMALL_WORDS.findall(text, start, end)
    if small:
        letters = frozenset("".join(_NON_ASCII_LATIN.findall(" ".join(small))).lower())
    else:
        letters = _letters(_NON_ASCII_LATIN, text, start, end)
    return _latin_for(letters, candidates)


# Latin words that start with a small letter (not a name, an acronym or a German noun)
_SMALL_WORDS = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*")


def latin_letter_language(
    text: str, start: int, end: int, candidates: frozenset[str]
) -> str | None:
    """The one candidate with a known alphabet other than English that holds the
    non-ASCII Latin letters of ``text[start:end]`` (``Straße`` -> ``de``), else None."""
    if _NON_ASCII_LATIN.search(text, start, end) is None:
        return None
    fits = [
        lang
        for lang in _latin_for(_letters(_NON_ASCII_LATIN, text, start, end), candidates)
        if lang in _LATIN_SETS and lang != "en"
    ]
    return fits[0] if len(fits) == 1 else None
