"""lingua-py, restricted to a few candidate languages, for clauses too short for CLD3.

A detector is built on first use for each set of candidates (lingua loads a
language's models only when a detector first needs them), so only the languages
a text's letters allow are ever loaded. Without the ``lingua-language-detector``
package, :func:`lingua_scores` returns None and callers keep their default.

Two modes: ``low_accuracy`` detectors use lingua's trigram models only (about
0.02 s and 4 MB a language to load, and right on clauses of 20 letters or more,
where lingua only confirms CLD3); the others load all five n-gram orders (about
0.2-0.5 s and 20-100 MB a language), which single words need.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

__all__ = ["lingua_scores", "lingua_available"]

_LOCK = threading.Lock()
#: lingua's cost grows faster than its text (a "word" of 64,000 letters took 0.7 s); this
#: much tells the language, and lingua is never given more
MAX_CHARS = 160


@functools.cache
def _module() -> Any:
    try:
        import lingua
    except ImportError:  # pragma: no cover - lingua is a dependency; degrade if it is missing
        return None
    return lingua


def lingua_available() -> bool:
    """Whether lingua-py can be imported."""
    return _module() is not None


@functools.lru_cache(maxsize=64)
def _detector(candidates: frozenset[str], low_accuracy: bool) -> Any:
    lingua = _module()
    languages = []
    for code in sorted(candidates):
        iso = getattr(lingua.IsoCode639_1, code.upper(), None)
        if iso is not None:
            language = lingua.Language.from_iso_code_639_1(iso)
            _code(language)  # so lingua_scores finds every answer's code in _CODES
            languages.append(language)
    if len(languages) < 2:
        return None
    builder = lingua.LanguageDetectorBuilder.from_languages(*languages)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def lingua_scores(
    text: str, candidates: frozenset[str], *, low_accuracy: bool = False
) -> dict[str, float] | None:
    """lingua's confidence (0..1, summing to 1) for each of ``candidates`` on ``text``.

    ``low_accuracy`` uses trigram models only (cheap to load; fine on 20 letters or
    more). Only the first :data:`MAX_CHARS` characters of ``text`` are read. None when
    lingua is not installed or fewer than two candidates are known to it.
    """
    if _module() is None:
        return None
    # at most MAX_CHARS; lone surrogates cannot cross
    text = text[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8")
    with _LOCK:
        detector = _detector(candidates, low_accuracy)
        if detector is None:
            return None
        values = detector.compute_language_confidence_values(text)
    # lingua's sums differ in the last bits from call to call: round, so segment() is pure.
    # Every language a detector answers with got its code when the detector was built.
    codes = _CODES
    return {codes[value.language]: round(value.value, 9) for value in values}


_CODES: dict[Any, str] = {}


def _code(language: Any) -> str:
    """The ISO 639-1 code of a lingua ``Language`` (looked up once per language)."""
    code = _CODES.get(language)
    if code is None:
        code = _CODES[language] = language.iso_code_639_1.name.lower()
    return code
