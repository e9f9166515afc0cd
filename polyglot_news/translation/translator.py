"""The glossary-aware, batched, cached translator.

For each ``(text, source)`` item, :meth:`Translator.translate_batch`:

1. returns the text unchanged (method ``none``) when it is already in the
   target language or blank;
2. with a glossary (and ``glossary_only``), renders a text made only of glossary
   terms (a name, a title and a name) with the glossary alone (method ``glossary``),
   as :meth:`Glossary.translate_terms <polyglot_news.Glossary.translate_terms>` decides;
3. otherwise normalizes the source with the glossary's normalizer,
   splits sentences, and translates all sentences that need the same package,
   across all items, in one engine call (cached per package and sentence),
   pivoting through English when there is no direct package;
4. normalizes the output with the glossary's normalizer (the changes are kept on the
   :class:`Translation`) and checks that every glossary
   entity found in the source appears in canonical form in the output; for
   those that do not, retranslates with each such term replaced by a
   placeholder the package's vocabulary keeps intact, puts the canonical form
   back if every placeholder comes back exactly once, and otherwise keeps the
   unprotected translation and reports the terms in ``missing_terms``.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from types import TracebackType
from typing import Any

from polyglot_news.changes import Change
from polyglot_news.errors import GlossaryError, MissingModelError, ModelError
from polyglot_news.translation.cache import TranslationCache
from polyglot_news.translation.engine import Engine, EngineOptions
from polyglot_news.translation.package import InstalledPackage
from polyglot_news.translation.protocols import GlossaryLike, MatchLike, NormalizedLike
from polyglot_news.translation.sentences import sentence_spans
from polyglot_news.translation.store import find_package, resolve_models_dir, scan_packages

__all__ = ["Translation", "Translator", "PIVOT", "PLACEHOLDER_TEMPLATES"]

PIVOT = "en"
UNSPACED = frozenset({"zh", "ja", "ko", "th"})
# Tried in order; the first whose every placeholder survives the route's
# SentencePiece models unchanged is used. ``{}`` is the term's index.
PLACEHOLDER_TEMPLATES: tuple[str, ...] = ("XQZ{}X", "ZXQ{}Q", "QJX{}Z", "{}0{}")
_PUNCT_AFTER = ".,;:!?…)]»”’"


@dataclass(frozen=True)
class Translation:
    """The translation of one text.

    ``method`` is ``model``, ``glossary`` (the text was only glossary terms) or
    ``none`` (nothing to translate); a cached result keeps ``model``.
    ``packages`` are the pair codes used, in order (``("ru_en", "en_zh")`` for
    a pivot). ``missing_terms`` are glossary entry ids found in the source
    whose canonical form is not in ``text``; ``protected`` is true when
    placeholders kept some terms intact. ``raw`` is the model's output before
    the glossary normalized it (``None`` when no model ran) and ``changes`` the
    glossary's record of that normalization (offsets into ``raw``).
    """

    text: str
    source_lang: str
    target_lang: str
    method: str
    packages: tuple[str, ...] = ()
    missing_terms: tuple[str, ...] = ()
    protected: bool = False
    raw: str | None = field(default=None, compare=False)
    changes: tuple[Change, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field, in order (tuples become lists)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(packages=list(self.packages), missing_terms=list(self.missing_terms))
        out["changes"] = [c.to_dict() for c in self.changes]
        return out


@dataclass(frozen=True)
class _Unchanged:
    """The normalization of a text the glossary does not cover: itself, no changes."""

    text: str
    changes: tuple[Change, ...] = ()


@dataclass
class _Job:
    index: int
    source: str
    route: tuple[InstalledPackage, ...]
    prepared: str
    terms: list[MatchLike] = field(default_factory=list)


def _join(pieces: Sequence[str], gaps: Sequence[str], target: str) -> str:
    """Reassemble translated sentences with the original whitespace between them."""
    out = [gaps[0]]
    for i, piece in enumerate(pieces):
        out.append(piece)
        gap = gaps[i + 1]
        if i + 1 < len(pieces) and "\n" not in gap:
            gap = "" if target in UNSPACED else " "
        out.append(gap)
    return "".join(out)


def _tidy_around(text: str, term: str, target: str) -> str:
    """Fix the spacing a placeholder left around ``term``."""
    t = re.escape(term)
    if target in UNSPACED:
        text = re.sub(rf"(?<=[^\x00-\x7f]) +(?={t})", "", text)
        return re.sub(rf"(?<={t}) +(?=[^\x00-\x7f])", "", text)
    text = re.sub(rf" {{2,}}(?={t})", " ", text)
    text = re.sub(rf"(?<={t}) {{2,}}", " ", text)
    return re.sub(rf"(?<={t}) +(?=[{re.escape(_PUNCT_AFTER)}])", "", text)


def _term_ids(terms: Sequence[MatchLike]) -> Iterator[str]:
    """The entries of ``terms``: each one's, or the candidate ladders of a rank that has
    none (its army not given by the text)."""
    for term in terms:
        if term.entry_id:
            yield term.entry_id
        else:
            yield from getattr(term, "candidates", ())


class Translator:
    """Translate text into ``target`` with installed models (Argos or CTranslate2), offline.

    ``models_dir`` defaults to :func:`~polyglot_news.translation.store.default_models_dir`.
    ``threads=0`` lets CTranslate2 choose; pin ``threads=1`` and a
    ``compute_type`` for bit-exact, reproducible outputs. ``cache_path`` adds
    a persistent SQLite cache to the in-memory one (``cache_size`` sentences).
    ``models`` restricts the translator to the installed models with those
    folder names or codes (to compare models); by default every installed
    model is used, the preferred one per pair (see
    :func:`~polyglot_news.translation.store.find_package`). ``glossary_only=False``
    sends texts made only of glossary terms to the model too: for a caller that has
    asked the glossary itself (the :class:`~polyglot_news.Pipeline` does).
    Models load on first use; use as a context manager or call :meth:`close`.
    """

    def __init__(
        self,
        target: str = "en",
        *,
        models_dir: str | os.PathLike[str] | None = None,
        glossary: GlossaryLike | None = None,
        beam_size: int = 2,
        threads: int = 0,
        compute_type: str = "default",
        max_decoding_length: int = 256,
        cache_path: str | os.PathLike[str] | None = None,
        cache_size: int = 10000,
        models: Sequence[str] | None = None,
        glossary_only: bool = True,
    ):
        self.target = target
        self.models_dir = resolve_models_dir(models_dir)
        self.glossary = glossary
        self.glossary_only = glossary_only
        self.options = EngineOptions(
            beam_size=beam_size,
            threads=threads,
            compute_type=compute_type,
            max_decoding_length=max_decoding_length,
        )
        self.cache = TranslationCache(cache_size, cache_path)
        self.only = tuple(models) if models is not None else None
        self._packages: list[InstalledPackage] | None = None
        self._problems: list[ModelError] = []
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ packages and routes
    def packages(self) -> list[InstalledPackage]:
        """The installed packages (scanned once; :meth:`refresh` rescans)."""
        with self._lock:
            if self._packages is None:
                found, self._problems = scan_packages(self.models_dir)
                if self.only is not None:
                    found = [p for p in found if p.name in self.only or p.code in self.only]
                self._packages = found
            return self._packages

    def problems(self) -> list[ModelError]:
        """The installed packages that could not be read (one error each; scanned once)."""
        self.packages()
        return list(self._problems)

    def refresh(self) -> None:
        """Forget the package list and loaded models (after installing or removing packages)."""
        with self._lock:
            self._packages = None
            for engine in self._engines.values():
                engine.close()
            self._engines.clear()

    def route(self, source: str, target: str | None = None) -> tuple[InstalledPackage, ...] | None:
        """The packages that take ``source`` to ``target``: one, two via English, or ``None``."""
        target = target or self.target
        if source == target:
            return ()
        packages = self.packages()
        direct = find_package(packages, source, target)
        if direct is not None:
            return (direct,)
        if PIVOT in (source, target):
            return None
        first = find_package(packages, source, PIVOT)
        second = find_package(packages, PIVOT, target)
        return (first, second) if first is not None and second is not None else None

    def has_pair(self, source: str, target: str | None = None) -> bool:
        """True if ``source`` can be translated to ``target`` (directly or via English)."""
        return self.route(source, target) is not None

    def engine(self, package: InstalledPackage) -> Engine:
        """The (lazily loaded) engine of an installed package."""
        key = str(package.path)
        with self._lock:
            if key not in self._engines:
                self._engines[key] = Engine(package, self.options)
            return self._engines[key]

    # ------------------------------------------------------------------ translation
    def translate(self, text: str, source: str) -> Translation:
        """Translate one text written in ``source`` into the target language."""
        return self.translate_batch([(text, source)])[0]

    def translate_batch(self, items: Sequence[tuple[str, str]]) -> list[Translation]:
        """Translate ``(text, source_lang)`` items; one engine call per package per step.

        Raises :class:`~polyglot_news.errors.MissingModelError` before
        translating anything if an item's pair has no installed route.
        """
        results: list[Translation | None] = [None] * len(items)
        jobs: list[_Job] = []
        for index, (text, source) in enumerate(items):
            quick = self._without_model(text, source)
            if quick is not None:
                results[index] = quick
                continue
            route = self.route(source)
            if route is None:
                raise MissingModelError(source, self.target)
            prepared = self._normalize(text, source).text
            jobs.append(_Job(index, source, route, prepared, self._terms(prepared, source)))
        if jobs:
            outputs = self._run([(job.prepared, job.route) for job in jobs])
            for job, translated in zip(jobs, self._finish(jobs, outputs), strict=True):
                results[job.index] = translated
        return [r for r in results if r is not None]

    def _without_model(self, text: str, source: str) -> Translation | None:
        if source == self.target or not text.strip():
            return Translation(text, source, self.target, "none")
        if self.glossary is not None and self.glossary_only:
            rendered = self.glossary.translate_terms(text, source, self.target)
            if rendered is not None:
                return Translation(rendered, source, self.target, "glossary")
        return None

    def _normalize(self, text: str, lang: str) -> NormalizedLike:
        """The glossary's normalization of ``text`` (none without a glossary for ``lang``)."""
        if self.glossary is None or lang not in self.glossary.langs:
            return _Unchanged(text)
        return self.glossary.normalize(text, lang)

    def _terms(self, text: str, lang: str) -> list[MatchLike]:
        """The glossary terms of the source that the output must carry (``find`` resolves
        overlaps, longest-leftmost)."""
        glossary = self.glossary
        if glossary is None or lang not in glossary.langs or self.target not in glossary.langs:
            return []
        return list(glossary.find(text, lang))

    def _renderings(self, entry_id: str, short: bool = False) -> tuple[str, ...]:
        assert self.glossary is not None
        forms: list[str] = []
        for want_short in (short, not short):
            try:
                forms.append(self.glossary.render(entry_id, self.target, short=want_short))
            except (GlossaryError, KeyError):
                continue
        return tuple(dict.fromkeys(f for f in forms if f))

    def _term_renderings(self, term: MatchLike) -> tuple[str, ...]:
        """The target forms ``term`` must come out as: its entry's, or for a rank whose army
        the text does not give, the forms all its candidate ladders share (``Major
        General`` -> 少将; none when they differ, as ``上将`` -> General / Colonel General)."""
        if term.entry_id:
            return self._renderings(term.entry_id, term.short)
        ladders = {self._renderings(c, term.short) for c in getattr(term, "candidates", ())}
        return ladders.pop() if len(ladders) == 1 else ()

    def _missing(self, terms: Sequence[MatchLike], output: str) -> list[MatchLike]:
        missing: list[MatchLike] = []
        for term in terms:
            forms = self._term_renderings(term)
            if forms and not any(form in output for form in forms):
                missing.append(term)
        return missing

    def _finish(self, jobs: Sequence[_Job], outputs: Sequence[str]) -> list[Translation]:
        raws = list(outputs)
        done = [self._normalize(out, self.target) for out in outputs]
        missing = [self._missing(job.terms, n.text) for job, n in zip(jobs, done, strict=True)]
        protected = [False] * len(jobs)
        retry: list[tuple[int, str, dict[str, str]]] = []
        for i, job in enumerate(jobs):
            if missing[i]:
                plan = self._protect(job, missing[i])
                if plan is not None:
                    retry.append((i, *plan))
        if retry:
            outs = self._run([(text, jobs[i].route) for i, text, _ in retry])
            for (i, _text, holders), out in zip(retry, outs, strict=True):
                restored = self._restore(out, holders)
                if restored is not None:
                    raws[i] = restored
                    done[i] = self._normalize(restored, self.target)
                    missing[i] = self._missing(jobs[i].terms, done[i].text)
                    protected[i] = True
        return [
            Translation(
                done[i].text,
                job.source,
                self.target,
                "model",
                tuple(p.code for p in job.route),
                tuple(dict.fromkeys(_term_ids(missing[i]))),
                protected[i],
                raws[i],
                tuple(done[i].changes),
            )
            for i, job in enumerate(jobs)
        ]

    # ------------------------------------------------------------------ placeholders
    def _placeholders(self, route: Sequence[InstalledPackage], count: int) -> list[str] | None:
        engines = [self.engine(p) for p in route]
        for template in PLACEHOLDER_TEMPLATES:
            holders = [template.format(i, i) for i in range(count)]
            if all(engine.keeps(h) for h in holders for engine in engines):
                return holders
        return None

    def _protect(self, job: _Job, terms: Sequence[MatchLike]) -> tuple[str, dict[str, str]] | None:
        """The source with each term replaced by a placeholder, and placeholder -> rendering."""
        holders = self._placeholders(job.route, len(terms))
        if holders is None:
            return None
        pad = " " if job.source in UNSPACED else ""
        out: list[str] = []
        mapping: dict[str, str] = {}
        pos = 0
        for holder, term in zip(holders, sorted(terms, key=lambda t: t.start), strict=True):
            forms = self._term_renderings(term)
            out.append(job.prepared[pos : term.start])
            out.append(f"{pad}{holder}{pad}")
            mapping[holder] = forms[0]
            pos = term.end
        out.append(job.prepared[pos:])
        return "".join(out), mapping

    def _restore(self, output: str, holders: dict[str, str]) -> str | None:
        if any(output.count(holder) != 1 for holder in holders):
            return None
        for holder, term in holders.items():
            output = _tidy_around(output.replace(holder, term), term, self.target)
        return output.strip()

    # ------------------------------------------------------------------ running packages
    def _run(self, items: Sequence[tuple[str, tuple[InstalledPackage, ...]]]) -> list[str]:
        """Push each text through its route; texts at the same step share one engine call."""
        current = [text for text, _ in items]
        for step in range(max((len(route) for _, route in items), default=0)):
            groups: dict[str, list[int]] = {}
            packages: dict[str, InstalledPackage] = {}
            for i, (_, route) in enumerate(items):
                if len(route) > step:
                    pkg = route[step]
                    key = f"{pkg.path}\0{pkg.from_code}\0{pkg.to_code}"
                    groups.setdefault(key, []).append(i)
                    packages[key] = route[step]
            for key, indexes in groups.items():
                done = self._translate_texts(packages[key], [current[i] for i in indexes])
                for i, text in zip(indexes, done, strict=True):
                    current[i] = text
        return current

    def _translate_texts(self, package: InstalledPackage, texts: Sequence[str]) -> list[str]:
        lang = package.from_code
        layouts: list[tuple[list[str], list[str]]] = []
        wanted: list[str] = []
        for text in texts:
            spans = sentence_spans(text, lang)
            sentences = [text[s:e] for s, e in spans]
            bounds = [0, *[x for s, e in spans for x in (s, e)], len(text)]
            gaps = [text[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2)]
            layouts.append((sentences, gaps))
            wanted.extend(sentences)
        engine = self.engine(package)
        key = engine.cache_key_for(package.from_code, package.to_code)
        known = self.cache.get_many(key, wanted)
        todo = [s for s in dict.fromkeys(wanted) if s not in known]
        if todo:
            translated = engine.translate(todo, package.from_code, package.to_code)
            fresh = dict(zip(todo, translated, strict=True))
            self.cache.put_many(key, fresh)
            known.update(fresh)
        return [
            _join([known[s] for s in sentences], gaps, package.to_code)
            for sentences, gaps in layouts
        ]

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Release the models and close the cache file."""
        with self._lock:
            for engine in self._engines.values():
                engine.close()
            self._engines.clear()
        self.cache.close()

    def __enter__(self) -> Translator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
