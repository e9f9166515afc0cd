"""Suggest glossary variants from real text.

:func:`suggest` reads a corpus, finds name-like spans (capitalized Latin word
sequences, capitalized Cyrillic words, Chinese person-name patterns), drops
what the glossary already matches, and keeps the spans whose romanized form is
within edit distance of an entry form (``rapidfuzz``). Each suggestion comes
with its count, the first place it occurs and the command that adds it.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
from rapidfuzz import fuzz, process

from polyglot_news.errors import InputError
from polyglot_news.glossary_tools.files import GlossaryDoc, display_path
from polyglot_news.glossary_tools.model import Form, RawEntry, fold, iter_entries
from polyglot_news.glossary_tools.romanize import romanize
from polyglot_news.glossary_tools.wordlists import COMMON_WORDS, SURNAMES_HAN
from polyglot_news.scripts import HAN_CLASS, all_han

__all__ = [
    "Suggestion",
    "Candidate",
    "suggest",
    "name_spans",
    "read_corpus",
    "format_suggestion",
    "nearest_forms",
]

_LATIN_WORD = r"(?:[A-Z][A-Za-z]*(?:-[A-Za-z]+|['’](?![sS]\b)[A-Za-z]+)*)"
_CONNECT = r"(?:of|the|and|for|on|de|la|van|von|der|al|bin)"
_LATIN_SPAN = re.compile(
    rf"(?<![\w-]){_LATIN_WORD}(?:(?:\s+{_CONNECT})*\s+{_LATIN_WORD})*(?![\w-])"
)
_CYR_WORD = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)"
_CYR_SPAN = re.compile(rf"(?<![\w-]){_CYR_WORD}(?:\s+{_CYR_WORD})*(?![\w-])")
_HAN_DOTTED = regex.compile(f"{HAN_CLASS}{{1,6}}(?:[·・•‧]{HAN_CLASS}{{1,8}})+")
_HAN_SURNAME = regex.compile(f"[{''.join(sorted(SURNAMES_HAN))}]{HAN_CLASS}{{1,2}}")
_SUFFIXES = ("n", "ns", "an", "ans", "ian", "ians", "ese", "s", "ism", "ist", "ists")
_MAX_WORDS = 4


@dataclass(frozen=True)
class Candidate:
    """A name-like span in one text: where it is and which language it looks like."""

    text: str
    lang: str
    start: int
    end: int


@dataclass(frozen=True)
class Suggestion:
    """A form worth adding: how often it occurs, where first, and its closest entry form."""

    form: str
    lang: str
    count: int
    entry_id: str
    closest: str
    score: float
    short: bool
    status: str
    where: str
    context: str

    def command(self) -> str:
        """The ``polyglot-news glossary add`` command that adds it."""
        parts = [
            "polyglot-news",
            "glossary",
            "add",
            self.entry_id,
            "--variant",
            f"{self.lang}={self.form}",
        ]
        if self.status != "admitted":
            parts += ["--status", self.status]
        if self.short:
            parts.append("--short-form")
        return shlex.join(parts)


def read_corpus(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(name, text) for each file; folders give their ``*.txt`` files; ``-`` is stdin."""
    import sys

    corpus = []
    for raw in paths:
        if raw == "-":
            corpus.append(("<stdin>", sys.stdin.read()))
            continue
        path = Path(raw)
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for file in files:
            try:
                corpus.append((display_path(file), file.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                raise InputError("not UTF-8 text", source=display_path(file)) from None
    return corpus


def _words(span: str, start: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in pattern.finditer(span)]


_LATIN_TOKEN = re.compile(_LATIN_WORD)
_CYR_TOKEN = re.compile(_CYR_WORD)


def _ngrams(
    text: str, span: re.Match[str], token: re.Pattern[str], lang: str
) -> Iterator[Candidate]:
    words = _words(span.group(), span.start(), token)
    for i in range(len(words)):
        for j in range(i, min(len(words), i + _MAX_WORDS)):
            start, end = words[i][0], words[j][1]
            yield Candidate(text[start:end], lang, start, end)


def name_spans(text: str) -> Iterator[Candidate]:
    """Name-like pieces of ``text``: every run of up to four capitalized words, and
    Chinese names (dotted transliterations, surname + one or two characters)."""
    for span in _LATIN_SPAN.finditer(text):
        yield from _ngrams(text, span, _LATIN_TOKEN, "en")
    for span in _CYR_SPAN.finditer(text):
        yield from _ngrams(text, span, _CYR_TOKEN, "ru")
    for match in _HAN_DOTTED.finditer(text):
        yield Candidate(match.group(), "zh", match.start(), match.end())
    for i in range(len(text)):
        if text[i] in SURNAMES_HAN:
            for size in (2, 3):
                piece = text[i : i + size]
                if len(piece) == size and _HAN_SURNAME.fullmatch(piece):
                    yield Candidate(piece, "zh", i, i + size)


class _Index:
    """Entry forms per language, romanized for fuzzy lookup."""

    def __init__(self, entries: Sequence[RawEntry]):
        self.forms: dict[str, list[Form]] = {}
        self.keys: dict[str, list[str]] = {}
        self.known: set[tuple[str, str]] = set()
        self.han_edges: dict[str, set[tuple[int, int]]] = {}  # char -> {(length, position)}
        for entry in entries:
            for form in entry.forms:
                self.known.add((form.lang, fold(form.form, form.lang, False)))
                if form.role == "canonical" and form.lang in entry.render_only:
                    continue
                self.forms.setdefault(form.lang, []).append(form)
                self.keys.setdefault(form.lang, []).append(romanize(form.form))
                if form.lang == "zh":
                    self._add_han(fold(form.form, "zh"))

    def _add_han(self, text: str) -> None:
        if len(text) >= 3 and all_han(text):
            self.han_edges.setdefault(text[0], set()).add((len(text), 0))
            self.han_edges.setdefault(text[-1], set()).add((len(text), len(text) - 1))

    def han_windows(self, text: str) -> Iterator[Candidate]:
        """Stretches of Chinese as long as an entry's Chinese form that share its first or
        last character (``格拉西莫弗`` for ``格拉西莫夫``): names written without a dot."""
        if not self.han_edges:
            return
        folded = str(_t2s_text(text))
        for i, char in enumerate(folded):
            for length, position in self.han_edges.get(char, ()):
                start = i - position
                end = start + length
                if start < 0 or end > len(text):
                    continue
                piece = text[start:end]
                if all_han(piece):
                    yield Candidate(piece, "zh", start, end)

    def is_known(self, text: str, lang: str) -> bool:
        return (lang, fold(text, lang, False)) in self.known

    def closest(self, text: str, lang: str, min_score: float) -> tuple[Form, float] | None:
        keys = self.keys.get(lang)
        if not keys:
            return None
        best = process.extractOne(romanize(text), keys, scorer=fuzz.ratio, score_cutoff=min_score)
        if best is None:
            return None
        return self.forms[lang][best[2]], float(best[1])


def _t2s_text(text: str) -> str:
    """``text`` with traditional characters simplified, one for one (same length)."""
    from polyglot_news.glossary.folding import to_simplified

    return to_simplified(text)


def _is_extension(candidate: str, form: str) -> bool:
    """``Russian`` for ``Russia``, ``Putinism`` for ``Putin``: a derived word, not a variant."""
    if not candidate.startswith(form):
        return False
    return candidate[len(form) :].lower() in _SUFFIXES


def _similar_shape(cand: Candidate, form: str) -> bool:
    """Rule out derived words (``Russian`` for ``Russia``), a form with more words
    around it (``General Valery Gerasimov``) and, for one-word Latin
    candidates, words that do not even start alike (``Speaking`` for ``Peking``)."""
    if _is_extension(cand.text, form):
        return False
    if len(cand.text.split()) > len(form.split()) and romanize(form) in romanize(cand.text):
        return False  # the form plus more words: a phrase, not a variant
    if cand.lang == "en" and " " not in cand.text.strip():
        return romanize(cand.text)[:1] == romanize(form)[:1]
    return True


def _masked(text: str, glossary: Any) -> list[tuple[int, int]]:
    """Spans the engine already matches in ``text`` (empty when the engine is unavailable)."""
    if glossary is None:
        return []
    spans: list[tuple[int, int]] = []
    for lang in ("en", "zh", "ru"):
        spans.extend((m.start, m.end) for m in glossary.find(text, lang))
    return spans


def _hidden(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``start:end`` lies inside a known span or crosses one's edge (containing
    a whole known span is fine: ``Minister Sergey Shoygu`` may hold a new name)."""
    return any(
        (s <= start and end <= e) or (start < e and s < end and not (start <= s and e <= end))
        for s, e in spans
    )


def _covered(text: str, cand: Candidate, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether every letter of ``cand`` lies in a known span (``Chief of Staff General``)."""
    inside = [(s, e) for s, e in spans if cand.start <= s and e <= cand.end]
    if not inside:
        return False
    for i in range(cand.start, cand.end):
        if text[i].isupper() and not any(s <= i < e for s, e in inside):
            return False
    return True


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _context(text: str, start: int, end: int, width: int = 60) -> tuple[int, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = max(line_start, start - width)
    right = min(line_end, end + width)
    snippet = " ".join(text[left:right].split())
    prefix = "..." if left > line_start else ""
    suffix = "..." if right < line_end else ""
    return text.count("\n", 0, start) + 1, f"{prefix}{snippet}{suffix}"


def _plausible(candidate: Candidate) -> bool:
    text = candidate.text
    if candidate.lang == "zh":
        return True
    if len(romanize(text)) < 4:
        return False
    words = COMMON_WORDS.get(candidate.lang, frozenset())
    return text.lower() not in words


def suggest(
    corpus: Sequence[tuple[str, str]],
    docs: Sequence[GlossaryDoc],
    *,
    min_score: float = 80.0,
    folders: Sequence[str] | None = None,
    glossary: Any = "load",
) -> list[Suggestion]:
    """Suggestions for ``corpus`` [(name, text)] against the glossary files ``docs``.

    ``glossary`` is the engine's ``Glossary`` used to skip what it already
    matches; by default it is loaded from ``folders`` (or the shipped files),
    and ``None`` skips that step (forms written in the files are still skipped).
    """
    if glossary == "load":
        glossary = _engine(folders)
    index = _Index([e for doc in docs for e in iter_entries(doc)])
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for name, text in corpus:
        candidates = list(name_spans(text)) + list(index.han_windows(text))
        # What the engine matches, and forms written in the files (weak ones too), are known.
        masked = _masked(text, glossary) + [
            (c.start, c.end) for c in candidates if index.is_known(c.text, c.lang)
        ]
        picked: list[tuple[float, Candidate, Form]] = []
        for cand in candidates:
            if _hidden(cand.start, cand.end, masked) or not _plausible(cand):
                continue
            if _covered(text, cand, masked):
                continue
            hit = index.closest(cand.text, cand.lang, min_score)
            if hit is None or not _similar_shape(cand, hit[0].form):
                continue
            picked.append((hit[1], cand, hit[0]))
        taken: list[tuple[int, int]] = []
        for score, cand, form in sorted(picked, key=lambda p: (-p[0], p[1].start)):
            if _overlaps(cand.start, cand.end, taken):
                continue
            taken.append((cand.start, cand.end))
            key = (cand.lang, cand.text)
            record = found.get(key)
            if record is None:
                line, context = _context(text, cand.start, cand.end)
                found[key] = {
                    "cand": cand,
                    "form": form,
                    "score": score,
                    "count": 1,
                    "where": f"{name}:{line}",
                    "context": context,
                }
            else:
                record["count"] += 1
    return sorted(
        (
            Suggestion(
                form=r["cand"].text,
                lang=r["cand"].lang,
                count=r["count"],
                entry_id=r["form"].entry_id,
                closest=r["form"].form,
                score=round(r["score"], 1),
                short=r["form"].short,
                status="weak" if r["form"].status == "weak" else "admitted",
                where=r["where"],
                context=r["context"],
            )
            for r in found.values()
        ),
        key=lambda s: (-s.count, -s.score, s.form),
    )


def _engine(folders: Sequence[str] | None) -> Any:
    try:
        from polyglot_news.glossary_tools.check import load_glossary

        return load_glossary(folders or None)
    except (ImportError, AttributeError):  # the engine is not there: skip masking
        return None


def format_suggestion(item: Suggestion) -> str:
    """Three lines: what and how often, where (with context), and the command to add it."""
    return (
        f"# {item.form!r} ({item.lang}) x{item.count}: close to {item.closest!r} of "
        f"{item.entry_id} (score {item.score:g})\n"
        f"#   {item.where}: {item.context}\n"
        f"{item.command()}\n"
    )


def nearest_forms(
    text: str, docs: Sequence[GlossaryDoc], langs: Sequence[str], n: int = 3
) -> list[str]:
    """The ``n`` entry forms closest to ``text`` (or to a name inside it) as
    ``'form' (entry, lang, score)`` lines, best first."""
    index = _Index([e for doc in docs for e in iter_entries(doc)])
    pieces = {(text.strip(), lang) for lang in langs}
    pieces.update((c.text, c.lang) for c in name_spans(text) if c.lang in langs)
    best: dict[tuple[str, str], float] = {}
    for piece, lang in pieces:
        keys = index.keys.get(lang) or []
        for _, score, position in process.extract(
            romanize(piece), keys, scorer=fuzz.ratio, limit=n
        ):
            form = index.forms[lang][position]
            key = (form.form, f"{form.entry_id}, {lang}")
            best[key] = max(best.get(key, 0.0), float(score))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:n]
    return [f"{form!r} ({where}, score {score:.0f})" for (form, where), score in ranked]
