"""Cheap, explainable text features of one unit (a line or part of a line).

Everything here is a pure function of a string: letter scripts and the language they
suggest, word counts, stop-word density, sentence punctuation, list shape (short items
between separators), chrome-pattern matches and spam vocabulary.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from polyglot_news.boilerplate._gate import Gate
from polyglot_news.boilerplate._patterns import (
    ATTRIBUTION,
    DATE_LINE,
    LINE_FILLERS,
    LINE_PATTERNS,
    SHORT_MAX,
    SHORT_PATTERNS,
    SPAM_STRONG,
    SPAM_WEAK,
    WEAK_MAX,
    WEAK_PATTERNS,
    ChromePattern,
)
from polyglot_news.boilerplate._stopwords import stoplist

__all__ = [
    "gate",
    "candidates",
    "consulted_candidates",
    "has_consulted_candidates",
    "fingerprint_and_lower",
    "may_hold_filler",
    "NO_CANDIDATES",
    "SEPARATOR_CHARS",
    "has_separator_char",
    "LINE_MAX",
    "ListShape",
    "script_counts",
    "lang_of",
    "word_count",
    "stop_density",
    "sentence_marks",
    "has_sentence_mark",
    "ends_sentence",
    "list_shape",
    "line_chrome",
    "short_chrome",
    "weak_cues",
    "spam_terms",
    "attributed",
    "surely_attributed",
    "HAN_ATTRIBUTION",
    "has_letters",
    "fingerprint",
    "FAST",
    "FastPaths",
]

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]+")
_HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+")
_WORD = re.compile(r"[^\W\d_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+(?:['’][^\W\d_]+)*")
_ALNUM = re.compile(r"[^\W_]")
_SENTENCE_MARK = re.compile(r"[.!?…](?=[\s\"'”’»)]|$)|[。！？]")
_ENDS_SENTENCE = re.compile(r"(?:[.!?…;:。！？；：]|[.!?…。！？][\"'”’»)）」]+)$")
_SEPARATOR = re.compile(r"\s*(?:[|｜·•●▪■◆»›]|\s/\s)\s*")
_ZERO_DIGIT_BYTES = bytes.maketrans(b"123456789", b"000000000")
_DIGITS = re.compile(r"\d+")
#: The ASCII whitespace of ``str.split()`` but " ".
_ASCII_OTHER_SPACES = bytes([*range(0x09, 0x0E), *range(0x1C, 0x20)])
#: Fast paths (same results, tested against the general code in tests/test_boilerplate_fast.py):
#: in ASCII text ``_WORD`` is ``_ASCII_WORD``; a text without any of these has no separator.
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
#: Bytes table: ASCII letters lowercased, every other byte a space.
_ASCII_LETTERS_ONLY = bytes(
    (c | 0x20) if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256)
)
#: ``_SENTENCE_MARK`` in ASCII text (an ASCII-only class lets ``re`` scan fast).
_ASCII_SENTENCE_MARK = re.compile(r"[.!?](?=[\s\"')]|$)")
_ASCII_LETTER_BYTES = bytes(range(65, 91)) + bytes(range(97, 123))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
#: Every separator holds one of these characters.
SEPARATOR_CHARS = "|/｜·•●▪■◆»›"


def has_separator_char(text: str) -> bool:
    """Whether ``text`` holds a character that list separators are made of."""
    if text.isascii():  # "|" and "/" are the only ASCII ones
        return "|" in text or "/" in text
    # one-character searches: faster than a regex class on non-ASCII text
    return any(map(text.__contains__, SEPARATOR_CHARS))


#: Chinese prose averages about 1.7 characters per word.
_HAN_PER_WORD = 1.7
#: Every LINE_FILLERS match holds a digit or a ".com"-like domain ending.
_FILLER_HINT = re.compile(r"\d|\.(?:com|cn|ru|net|org|info|news|tv|io|uk|co)\b", re.IGNORECASE)
#: ``_FILLER_HINT`` by parts: a digit, or a domain ending (its literal "." is scanned fast).
_DIGIT = re.compile(r"\d")
_DOMAIN_END = re.compile(r"\.(?:com|cn|ru|net|org|info|news|tv|io|uk|co)\b", re.IGNORECASE)
_NAME_LINES = frozenset({"byline", "meta"})

_ALL_PATTERNS: tuple[ChromePattern, ...] = LINE_PATTERNS + SHORT_PATTERNS + WEAK_PATTERNS
#: No chrome pattern worth running.
NO_CANDIDATES: frozenset[ChromePattern] = frozenset()
#: Units longer than this are never chrome lines (see :func:`line_chrome`).
LINE_MAX = 160


class FastPaths:
    """Switch for the ASCII and no-separator shortcuts (``FAST.enabled = False`` turns them
    off, to check in tests that they give the same results as the general code)."""

    enabled: bool = True


#: The one switch instance.
FAST = FastPaths()


@cache
def gate() -> Gate:
    """Which chrome patterns can match a unit (see ``_gate``), built on first use.

    ``gate().enabled = False`` runs every pattern on every unit (same results, slower).
    """
    hints = {i: p.hint for i, p in enumerate(_ALL_PATTERNS) if p.hint}
    return Gate((p.regex for p in _ALL_PATTERNS), hints)


@cache
def _spam_gate() -> Gate:
    return Gate([SPAM_STRONG, SPAM_WEAK])


def candidates(text: str) -> frozenset[ChromePattern]:
    """The chrome patterns worth running on ``text`` (one Aho-Corasick pass)."""
    return frozenset(_ALL_PATTERNS[i] for i in gate().candidates(text))


@cache
def _sized_gates() -> tuple[tuple[int, tuple[ChromePattern, ...], Gate], ...]:
    """Gates over the patterns that are consulted at all for a unit of a given length."""
    sized = ((SHORT_MAX, SHORT_PATTERNS + WEAK_PATTERNS), (WEAK_MAX, WEAK_PATTERNS))
    out = []
    for limit, patterns in sized:
        hints = {i: p.hint for i, p in enumerate(patterns) if p.hint}
        out.append((limit, patterns, Gate((p.regex for p in patterns), hints)))
    return tuple(out)


def _consulted_gate(size: int) -> tuple[tuple[ChromePattern, ...], Gate] | None:
    """The patterns consulted for a unit of ``size`` characters and their gate; ``None``
    when none is (see :func:`consulted_candidates`)."""
    if size <= LINE_MAX or not FAST.enabled or not gate().enabled:
        return _ALL_PATTERNS, gate()
    if size > WEAK_MAX:
        return None
    for limit, patterns, sized_gate in _sized_gates():
        if size <= limit:
            return patterns, sized_gate
    return None  # pragma: no cover - WEAK_MAX is the largest limit


def consulted_candidates(text: str) -> frozenset[ChromePattern]:
    """Like :func:`candidates`, restricted to the patterns consulted for ``text``'s length.

    ``line_chrome`` looks at no pattern beyond ``LINE_MAX`` characters, ``short_chrome``
    beyond ``SHORT_MAX`` and ``weak_cues`` beyond ``WEAK_MAX``; the automata of the smaller
    pattern sets find fewer useless hits (no "ad" in "said" for a 200-character unit).
    """
    found = _consulted_gate(len(text))
    if found is None:
        return NO_CANDIDATES
    patterns, consulted = found
    return frozenset(patterns[i] for i in consulted.candidates(text))


def has_consulted_candidates(text: str, lowered: str | None = None) -> bool:
    """``bool(consulted_candidates(text))``, from the first literal found (no sets built).

    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    found = _consulted_gate(len(text))
    return found is not None and found[1].any(text, lowered)


def may_hold_filler(text: str) -> bool:
    """Whether ``text`` may hold a ``LINE_FILLERS`` match (a digit or a domain ending).

    Without one, :func:`line_chrome` finds no bare date line in a text with no candidates.
    """
    if FAST.enabled:  # the alternation made re try both branches at every position
        if _DIGIT.search(text) is not None:
            return True
        return "." in text and _DOMAIN_END.search(text) is not None
    return _FILLER_HINT.search(text) is not None


def script_counts(text: str) -> tuple[int, int, int]:
    """Letters of ``text`` in the Latin, Cyrillic and Han scripts."""
    if FAST.enabled:
        # letters are counted one by one: the ASCII ones from the bytes, the others from
        # the (usually few) non-ASCII characters
        ascii_part = text.encode("ascii", "ignore")
        latin = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTER_BYTES))
        if len(ascii_part) == len(text):
            return latin, 0, 0
        rest = "".join(_NON_ASCII.findall(text))
        latin += sum(map(len, _LATIN.findall(rest)))
        return latin, sum(map(len, _CYRILLIC.findall(rest))), _han(rest)
    latin = sum(map(len, _LATIN.findall(text)))
    if text.isascii():
        return latin, 0, 0
    return latin, sum(map(len, _CYRILLIC.findall(text))), _han(text)


def _han(text: str) -> int:
    return 0 if text.isascii() else sum(map(len, _HAN.findall(text)))


def lang_of(text: str) -> str | None:
    """The language the letter scripts suggest: ``"en"``, ``"ru"``, ``"zh"`` or ``None``.

    Latin letters stand for English. A Han character counts as two letters, so a short
    Chinese phrase in an English page does not win, but a Chinese page does.
    """
    if FAST.enabled and text.isascii():
        return "en" if _ASCII_LETTER.search(text) else None
    latin, cyrillic, han = script_counts(text)
    weights = {"en": latin, "ru": cyrillic, "zh": 2 * han}
    best = max(weights, key=weights.__getitem__)
    return best if weights[best] else None


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[str, ...]:
    """Lowercased words of the alphabetic scripts."""
    if FAST.enabled and text.isascii():
        if "'" not in text:  # words are the runs of ASCII letters
            letters = text.encode("ascii").translate(_ASCII_LETTERS_ONLY)
            return tuple(letters.decode("ascii").split())
        return tuple(_ASCII_WORD.findall(text.lower()))
    return tuple(_WORD.findall(text.lower()))


def word_count(text: str) -> int:
    """Words of alphabetic scripts plus Han characters / 1.7 (rounded up)."""
    han = _han(text)
    return len(_words(text)) + math.ceil(han / _HAN_PER_WORD)


@cache
def _zh_stop_regex() -> re.Pattern[str]:
    words = sorted(stoplist("zh"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def stop_density(text: str, lang: str | None) -> float | None:
    """Share of words that are stop words of ``lang``; ``None`` without a stop list.

    English and Russian use jusText's stop lists on lowercased words. Chinese counts
    function words (:data:`~polyglot_news.boilerplate._stopwords.ZH_FUNCTION_WORDS`)
    against the estimated number of words in its Han characters.
    """
    if lang == "zh":
        han = _han(text)
        if not han:
            return None
        hits = len(_zh_stop_regex().findall(text))
        return min(1.0, hits / math.ceil(han / _HAN_PER_WORD))
    stops = stoplist(lang) if lang else frozenset()
    if not stops:
        return None
    words = _words(text)
    if not words:
        return None
    return sum(map(stops.__contains__, words)) / len(words)


def sentence_marks(text: str) -> int:
    """Sentence-final punctuation marks in ``text`` (".", "!", "?", "。" ... before a space/end)."""
    if FAST.enabled and text.isascii():
        return len(_ASCII_SENTENCE_MARK.findall(text))
    return len(_SENTENCE_MARK.findall(text))


def has_sentence_mark(text: str) -> bool:
    """Whether ``text`` holds a sentence-final mark: ``sentence_marks(text) > 0``, faster."""
    if FAST.enabled:
        # prose usually ends with a mark or has ". " early: found without the regex
        if (text and text[-1] in ".!?") or ". " in text:
            return True
        if text.isascii():
            return _ASCII_SENTENCE_MARK.search(text) is not None
    return _SENTENCE_MARK.search(text) is not None


#: ``_ENDS_SENTENCE`` by parts: a final mark, or a sentence mark before closing quotes.
_FINAL_MARKS = ".!?…;:。！？；："
_MARKS_BEFORE_CLOSERS = ".!?…。！？"
_CLOSERS = "\"'”’»)）」"


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence or an introduction (., !, ?, :, ; or CJK ones)."""
    if not FAST.enabled:
        return bool(_ENDS_SENTENCE.search(text.rstrip()))
    # the pattern's "$" makes ``re`` try every position; only the end matters
    end = text.rstrip()
    core = end.rstrip(_CLOSERS)
    if core is end or core == end:
        return bool(end) and end[-1] in _FINAL_MARKS
    return bool(core) and core[-1] in _MARKS_BEFORE_CLOSERS


@dataclass(frozen=True)
class ListShape:
    """Items between separators: how many, which separator, how many of them are short."""

    items: int
    separator: str
    short_items: int
    sentence_items: int
    numeric_items: int = 0
    words: int = 0

    @property
    def mean_words(self) -> float:
        """Average words per item (phrases in keyword walls, one or two in menus)."""
        return self.words / self.items if self.items else 0.0

    @property
    def is_wall(self) -> bool:
        """Four or more items, mostly short, few of them sentences: a link or keyword wall."""
        return (
            self.items >= 4
            and self.short_items >= 0.75 * self.items
            and self.sentence_items <= 0.25 * self.items
        )

    @property
    def is_list(self) -> bool:
        """A wall whose items are mostly not numbers: numbers make it data (prices, scores)."""
        return self.is_wall and self.numeric_items < 0.5 * self.items


_EMPTY_SHAPE = ListShape(0, "", 0, 0)


def list_shape(text: str) -> ListShape:
    """Split ``text`` at list separators (``|``, ``·``, ``•``, ``»``, spaced ``/`` ...)."""
    if FAST.enabled and not has_separator_char(text):
        return _EMPTY_SHAPE
    seps = _SEPARATOR.findall(text)
    if len(seps) < 2:
        return _EMPTY_SHAPE
    items = [item for item in _SEPARATOR.split(text) if _ALNUM.search(item)]
    counts: dict[str, int] = {}
    for sep in seps:
        key = sep.strip() or "/"
        counts[key] = counts.get(key, 0) + 1
    separator = max(counts, key=counts.__getitem__)
    sizes = [word_count(item) for item in items]
    short = sum(1 for n in sizes if n <= 10)
    sentences = sum(
        1 for n, item in zip(sizes, items, strict=True) if n > 6 and sentence_marks(item)
    )
    numeric = sum(1 for item in items if _DIGITS.search(item))
    return ListShape(len(items), separator, short, sentences, numeric, sum(sizes))


def _letters(text: str) -> int:
    han = _han(text)
    return len(_ALNUM.findall(_DIGITS.sub("", text))) + han  # Han letters weigh double


def line_chrome(text: str, cands: frozenset[ChromePattern]) -> list[ChromePattern]:
    """LINE patterns that, with date/domain fillers, explain almost all of ``text``.

    Returns the matching patterns, or ``[]`` when no pattern matches or more than
    ``max(4, 30%)`` of the (Han-weighted) letters are left unexplained (up to four words
    of names may be left after a byline or time stamp).
    """
    if len(text) > LINE_MAX:
        return []
    hits = [p for p in LINE_PATTERNS if p in cands and p.regex.search(text)]
    if not hits and not may_hold_filler(text):
        return []
    if not hits:
        rest = LINE_FILLERS.sub(" ", text)
        return [DATE_LINE] if rest != text and not _letters(rest) else []
    rest = text
    for p in hits:
        rest = p.regex.sub(" ", rest)
    rest = LINE_FILLERS.sub(" ", rest)
    if _letters(rest) <= max(4, 0.3 * _letters(text)):
        return hits
    if (
        any(p.code in _NAME_LINES for p in hits)
        and word_count(rest) <= 4
        and not sentence_marks(text)
    ):
        return hits  # "Editor: Li Yan", "来源：北方日报 作者：李华": the rest is names
    return []


def short_chrome(text: str, cands: frozenset[ChromePattern]) -> list[ChromePattern]:
    """SHORT patterns found in ``text`` when it is at most ``SHORT_MAX`` characters long.

    None in reported speech ("Entering without permission is prohibited, police said.").
    """
    if len(text) > SHORT_MAX or not cands.intersection(SHORT_PATTERNS):
        return []
    hits = [p for p in SHORT_PATTERNS if p in cands and p.regex.search(text)]
    return hits if hits and not attributed(text) else []


#: The words of ATTRIBUTION's ASCII alternatives ("according" stands for "according to"),
#: the most common in news first: the first one found usually settles it.
_ATTRIBUTION_WORDS = ("said", "says", "told", "according", "added", "stated", "claimed", "declared")


@cache
def _attribution_regex(word: str) -> re.Pattern[str]:
    """``word`` (lowercased text) before a word boundary: a literal prefix ``re`` scans fast."""
    return re.compile(("according to" if word == "according" else word) + r"\b")


def _ascii_attributed(text: str, lowered: str | None = None) -> bool:
    """:func:`attributed` for ASCII text: only the English words can match there.

    A literal search finds each word that occurs at all (``\b`` in front of a pattern
    would stop ``re`` from scanning for its literal); the character before it confirms the
    boundary. ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    low = text.lower() if lowered is None else lowered
    for word in _ATTRIBUTION_WORDS:
        if (word if word != "according" else "according to") not in low:
            continue
        for m in _attribution_regex(word).finditer(low):
            before = low[m.start() - 1] if m.start() else " "
            if not (before.isalnum() or before == "_"):
                return True
    return False


def attributed(text: str, lowered: str | None = None) -> bool:
    """Whether ``text`` reports someone's speech ("said", "told", "заявил", "表示").

    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    if FAST.enabled and text.isascii():
        return _ascii_attributed(text, lowered)
    return bool(ATTRIBUTION.search(text))


#: ATTRIBUTION's alternatives that need no word boundary: any occurrence is a match.
HAN_ATTRIBUTION = ("说", "表示", "称", "指出")


def surely_attributed(text: str, lowered: str | None = None) -> bool:
    """Whether a quick check finds that ``text`` reports speech: :func:`attributed` in
    ASCII text, else one of the Han words of ``ATTRIBUTION`` (``False`` is no answer for
    other text). ``lowered`` is ``text.lower()`` when the caller has it already."""
    if text.isascii():
        return attributed(text, lowered)
    return any(map(text.__contains__, HAN_ATTRIBUTION))


def weak_cues(text: str, cands: frozenset[ChromePattern]) -> list[ChromePattern]:
    """Distinct appeal cues in ``text``; none in long units or in reported speech."""
    if len(text) > WEAK_MAX or not cands.intersection(WEAK_PATTERNS):
        return []
    hits = [p for p in WEAK_PATTERNS if p in cands and p.regex.search(text)]
    return hits if hits and not attributed(text) else []


def spam_terms(text: str) -> tuple[int, int, list[str]]:
    """Spam score (2 per distinct strong term, 1 per weak term), strong terms, all terms."""
    if not _spam_gate().candidates(text):
        return 0, 0, []
    strong = sorted({m.lower() for m in SPAM_STRONG.findall(text)})
    weak = sorted({m.lower() for m in SPAM_WEAK.findall(text)})
    return 2 * len(strong) + len(weak), len(strong), strong + weak


def has_letters(text: str) -> bool:
    """Whether ``text`` has any letter or digit."""
    # str.isalnum() is re's \w without "_": a first letter settles it without the regex
    if FAST.enabled and text[:1].isalnum():
        return True
    return bool(_ALNUM.search(text))


def _spaced_once(text: str) -> bool:
    """Whether ``" ".join(text.split())`` is ``text`` itself, from cheap checks: every
    whitespace character but " " is unprintable (control, line or paragraph separator, or
    a space separator other than " "), so printable text without a double, leading or
    trailing " " has nothing to normalize."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def fingerprint(text: str) -> bytes:
    """Hash of ``text`` normalized for repetition: case, digits and spacing ignored."""
    return fingerprint_and_lower(text)[0]


def fingerprint_and_lower(text: str) -> tuple[bytes, str | None]:
    """:func:`fingerprint` of ``text``, and ``text.lower()`` if that was worked out on the
    way (ASCII text, fast paths on), else ``None``: for callers that need both."""
    # digits are zeroed in the UTF-8 bytes: bytes 0x31-0x39 are only ever ASCII digits there
    if FAST.enabled and text.isascii():
        # casefold is lower in ASCII; the translation that zeroes digits also drops the
        # whitespace that is not " ": if none was there and " " is never doubled, leading
        # or trailing, the text needs no spacing normalization
        folded = text.lower()
        data = folded.encode("ascii")
        norm = data.translate(_ZERO_DIGIT_BYTES, _ASCII_OTHER_SPACES)
        if len(norm) != len(data) or b"  " in norm or norm[:1] == b" " or norm[-1:] == b" ":
            norm = " ".join(folded.split()).encode("ascii").translate(_ZERO_DIGIT_BYTES)
        return hashlib.blake2b(norm, digest_size=8).digest(), folded
    folded = text.casefold()
    if not FAST.enabled or not _spaced_once(folded):
        folded = " ".join(folded.split())
    norm = folded.encode("utf8", "surrogatepass").translate(_ZERO_DIGIT_BYTES)
    return hashlib.blake2b(norm, digest_size=8).digest(), None
