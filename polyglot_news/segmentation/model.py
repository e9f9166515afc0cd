"""The values segmentation returns and takes: :class:`Segment` and :class:`SegmenterConfig`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "Segment",
    "SpanFields",
    "SegmenterConfig",
    "LATIN_CANDIDATES",
    "CYRILLIC_CANDIDATES",
    "EMBED_HOSTS",
    "LINGUA_LANGUAGES",
]

#: Languages CLD3 may report for a Latin-script clause (anything else, such as the
#: romanized ``zh-Latn`` it gives for pinyin names, keeps the default ``en``).
# fmt: off
LATIN_CANDIDATES: frozenset[str] = frozenset({
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "is", "pl", "cs", "sk",
    "sl", "hr", "ro", "hu", "tr", "ca", "et", "lv", "lt", "id", "ms", "vi", "sq",
})
# fmt: on

#: Languages CLD3 may report for a Cyrillic-script clause (default ``ru``).
CYRILLIC_CANDIDATES: frozenset[str] = frozenset(
    {"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"}
)

#: Languages lingua-py may be asked about (restricted further, clause by clause, to the
#: languages the clause's letters allow).
LINGUA_LANGUAGES: frozenset[str] = frozenset(
    {"en", "de", "fr", "ru", "uk", "be", "bg", "sr", "mk", "kk", "mn"}
)

#: Languages whose segments absorb short Latin runs (acronyms, model names, name glosses).
EMBED_HOSTS: frozenset[str] = frozenset({"zh", "ru", "uk", "be", "ja", "ko"})


class SegmenterConfig(NamedTuple):
    """Thresholds of :func:`~polyglot_news.segmentation.segment`; immutable.

    Override fields by keyword: ``SegmenterConfig(use_cld3=False)`` or
    ``config._replace(max_embedded_words=2)``.
    """

    #: A Latin run inside a host segment is absorbed (and listed in ``Segment.embedded``)
    #: when it has at most this many letters ...
    max_embedded_letters: int = 32
    #: ... and at most this many words (``iPhone 15 Pro Max`` has three).
    max_embedded_words: int = 3
    #: Languages that absorb short Latin runs between two of their own runs, or between
    #: one of their runs and the edge of the text when every word of the run is
    #: name-like (has a capital letter: ``SCO``, ``iPhone``, ``Li Zuocheng``).
    embed_hosts: frozenset[str] = EMBED_HOSTS
    #: A run of another script with at most this much word mass (a word in Latin or
    #: Cyrillic, half a word per Han character) is weighed against its sentence; in a
    #: sentence carried by another script it is an island (``Segment.matrix``).
    max_island_words: float = 4.0
    #: Decide a clause by function words when they name exactly one of its candidate
    #: languages (Bulgarian ``е са ще``, Russian ``что это был``, German ``und ist``,
    #: French ``dans pour``; see :mod:`~polyglot_news.segmentation.hints`), before any
    #: detector is asked.
    use_function_words: bool = True
    #: Ask CLD3 at all; without it every clause gets its script's default language
    #: (Latin ``en``, Cyrillic ``ru``, Han ``zh``) unless a letter rule applies.
    use_cld3: bool = True
    #: CLD3 is asked only about clauses with at least this many letters; shorter
    #: clauses follow their neighbours (or the script default).
    cld3_min_letters: int = 20
    #: ... and, in Latin and Cyrillic script, at least this many words that start with
    #: a small letter (CLD3 guesses wildly on names: "Sergei Shoigu, Valery Gerasimov").
    cld3_min_words: int = 3
    #: CLD3 overrides the script default only at this probability or above.
    cld3_min_probability: float = 0.9
    #: A clause long enough for CLD3 whose letters fit a language's alphabet but hold none
    #: of its marks (a Belarusian sentence without ў і, Mongolian without ө ү) goes to
    #: that language only when CLD3 names it with at least this probability and lingua
    #: (low-accuracy mode) prefers it to the default by ``lingua_min_margin``.
    cld3_unmarked_probability: float = 0.99
    #: At most this many characters of a clause go to CLD3 (it reads at most 10,000
    #: bytes anyway; 2,000 characters of any script fit).
    cld3_max_chars: int = 2000
    #: What CLD3 may answer for a Latin-script clause.
    latin_candidates: frozenset[str] = LATIN_CANDIDATES
    #: What CLD3 may answer for a Cyrillic-script clause.
    cyrillic_candidates: frozenset[str] = CYRILLIC_CANDIDATES
    #: Ask lingua-py (restricted to the languages a clause's letters allow) about
    #: clauses too short for CLD3, and to confirm CLD3 before it moves a clause away
    #: from its script's default language.
    use_lingua: bool = True
    #: Also ask lingua about clauses too short for CLD3 whose letters leave the default
    #: in doubt (``какво``, ``Genick``): right far more often on other languages' words,
    #: but it costs about 0.1 ms a clause and loads each language's models (about 25 MB).
    lingua_short_clauses: bool = False
    #: A text that is only a few words (one Latin or Cyrillic run, no clause end, too
    #: short for CLD3 or with fewer than ``cld3_min_words`` small-letter words) goes to
    #: lingua (low-accuracy mode) where letters and function words do not decide, among
    #: the languages its letters allow (Latin: and ``en``). Inside longer or mixed text
    #: short clauses follow their neighbours, and names keep their script's default ...
    lingua_short_alone: bool = True
    #: ... and lingua moves such a Cyrillic text away from ``ru`` (or the letter rules'
    #: choice) only when it beats it by this much ...
    lingua_short_margin: float = 0.9
    #: ... or, to a language whose marks it lacks, by this much among all the languages
    #: its alphabet allows, and only where CLD3 names that language too (``тэмцэл`` is
    #: Mongolian without ө ү; lingua's trigrams alone call ``вытащил`` Mongolian) ...
    lingua_short_unmarked_margin: float = 0.99
    #: ... and a Latin one away from ``en`` only by this much (trigrams call English
    #: words French or German more often: ``critiques``, ``stomach``).
    lingua_short_latin_margin: float = 0.99
    #: ... or by this much where CLD3 names the same language.
    lingua_short_latin_cld3_margin: float = 0.9
    #: Use all of lingua's models for such short texts: more right on some languages,
    #: at the cost of loading them (about 1.4 s CPU and 185 MB for the Cyrillic
    #: languages). Off: trigrams only (about 0.02 s and 4 MB a language).
    lingua_short_high_accuracy: bool = False
    #: On clauses long enough for CLD3, lingua uses its low-accuracy mode (trigram models
    #: only): as right there, and its models load about 20 times faster in a tenth of the
    #: memory. Short clauses (``lingua_short_clauses``) always use all of lingua's models.
    lingua_low_accuracy: bool = True
    #: The languages lingua may be asked about (each is loaded only when needed).
    lingua_languages: frozenset[str] = LINGUA_LANGUAGES
    #: lingua moves a clause away from the default only when its confidence for the
    #: other language beats the default's by at least this much.
    lingua_min_margin: float = 0.3


class SpanFields:
    """What a labelled span shares wherever it is reported (:class:`Segment`, and the
    pipeline's ``SegmentResult``): its offsets, language, script and confidence, and
    ``matrix``, the language of the sentence around it when it is an island."""

    __slots__ = ()
    start: int
    end: int
    lang: str
    script: str
    confidence: float
    matrix: str | None

    @property
    def island(self) -> bool:
        """True for a short run of another script inside a sentence (a name, as a rule)."""
        return self.matrix is not None

    def span_dict(self) -> dict[str, Any]:
        """The JSON-ready head of ``to_dict``: start, end, lang, script, confidence."""
        return {
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "script": self.script,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True, slots=True)
class Segment(SpanFields):
    """One language span of a text: ``text[start:end]`` is in ``lang``, written in ``script``.

    The segments of a text tile it: in order, no gaps, no overlaps. ``embedded``
    holds the absolute ``(start, end)`` offsets of short Latin runs (SCO, G20,
    iPhone) absorbed into this segment. Equality and hashing ignore the source
    string; ``text`` slices it on demand.

    ``confidence`` is CLD3's probability where CLD3 decided; otherwise a fixed
    value for the evidence used: 0.99 kana or Hangul, 0.95 Han alone or a
    Cyrillic letter rule, 0.9 English function words, 0.5 the script's default
    with no evidence, 0.0 letters of an unknown language, 1.0 ``und`` (no
    letters). Merged clauses average their values, weighted by length.
    """

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    embedded: tuple[tuple[int, int], ...] = ()
    source: str = field(default="", repr=False, compare=False, hash=False)
    #: For an island (a short run of another script: ``Шойгу`` in an English sentence),
    #: the language of the sentence around it; None for everything else.
    matrix: str | None = None

    @property
    def text(self) -> str:
        """The covered substring of the source text."""
        return self.source[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: start, end, lang, script, confidence, embedded, text, island, matrix."""
        return {
            **self.span_dict(),
            "embedded": [list(span) for span in self.embedded],
            "text": self.text,
            "island": self.island,
            "matrix": self.matrix,
        }
