"""The :class:`Glossary`: entries, validation, lazy automata, search and rendering."""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary import compiled
from polyglot_news.glossary.folding import is_han, is_word_char
from polyglot_news.glossary.loader import (
    SourceFile,
    compose,
    load_files,
    merge_layers,
    read_layers,
)
from polyglot_news.glossary.matcher import (
    LangMatcher,
    build_keys,
    compile_matcher,
    key_of,
)
from polyglot_news.glossary.model import (
    AMBIGUOUS,
    LANGS,
    TYPES,
    Entry,
    Match,
    Normalized,
    duplicate_id,
)
from polyglot_news.glossary.recheck import form_chars_of

__all__ = ["Glossary", "shared_forms"]


def shared_forms(entries: Iterable[Entry]) -> dict[tuple[str, str], tuple[Entry, ...]]:
    """Every surface form (folded, per language) that several entries claim, with them.

    Claims that are all ``weak`` and ``render_only`` canonicals do not count. A
    shared form is not an error: normalize() decides it by evidence or reports it
    (status ``ambiguous``); lint reports it to editors.
    """
    claims: dict[tuple[str, str], dict[str, tuple[Entry, bool]]] = {}
    for entry in entries:
        for lang in LANGS:
            if lang in entry.render_only:
                continue
            for v in entry.forms(lang):
                mine = claims.setdefault((lang, key_of(v.form, lang)), {})
                weak = v.status == "weak" and mine.get(entry.id, (entry, True))[1]
                mine[entry.id] = (entry, weak)
    return {
        key: tuple(e for e, _ in by_id.values())
        for key, by_id in claims.items()
        if len(by_id) > 1 and not all(weak for _, weak in by_id.values())
    }


class Glossary:
    """A validated set of glossary entries and the matchers built over them.

    Build one with :meth:`load` (shipped glossaries plus your files),
    :meth:`from_entries` or :meth:`default` (the cached shipped glossary).
    Automata are built per language on first use. A large glossary loaded from files
    is compiled once into the cache (see :mod:`polyglot_news.glossary.compiled`): a
    later process maps it and decodes only the entries and keys it touches.
    """

    #: The languages the glossary holds forms for (:data:`~polyglot_news.glossary.model.LANGS`).
    langs: tuple[str, ...] = LANGS

    def __init__(self, entries: Iterable[Entry]):
        ordered = tuple(entries)
        by_id: dict[str, Entry] = {}
        for entry in ordered:
            if entry.id in by_id:
                raise duplicate_id(entry, by_id[entry.id], "give one of the entries another id")
            by_id[entry.id] = entry
        self._entries: tuple[Entry, ...] | None = ordered
        self._by_id = by_id
        self._init_state()

    def _init_state(self) -> None:
        self._matchers: dict[str, LangMatcher] = {}
        self._lock = threading.Lock()
        #: (cache directory, key) where this glossary's compiled form is kept
        self._cache: tuple[Path, str] | None = None
        #: entry id -> index in ``_table`` (a glossary opened from the cache)
        self._ids: dict[str, int] | None = None
        self._table: Sequence[bytes] | None = None
        #: the type of each entry of ``_table`` as its index in TYPES, in its order (a
        #: glossary from the cache)
        self._types: Sequence[int] | None = None
        self._of_type: dict[str, tuple[Entry, ...]] = {}
        self._form_chars: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}

    # construction -------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        paths: Iterable[str | os.PathLike[str]] | None = None,
        *,
        include_shipped: bool = True,
    ) -> Glossary:
        """Load the shipped glossaries, then layer ``paths`` (files or directories) over them.

        An entry in a later layer with the same ``id`` replaces the earlier one.
        Raises :class:`~polyglot_news.errors.GlossaryError` naming file, line and fix.
        A form claimed by several entries is allowed (see :meth:`shared_forms`).
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        if paths is None and include_shipped:
            return cls.default()
        return cls._compiled(read_layers(paths, include_shipped=include_shipped))

    @classmethod
    def _compiled(cls, layers: Sequence[Sequence[SourceFile]]) -> Glossary:
        """The glossary of ``layers``: from the cache when it holds their compiled form,
        else parsed (and, when large, written to the cache for the next process)."""
        size = sum(len(f.text) for layer in layers for f in layer)
        directory = compiled.cache_dir() if size >= compiled.MIN_CACHED_CHARS else None
        if directory is None:
            return cls(merge_layers(layers))
        key = compiled.cache_key([[(f.name, f.text) for f in layer] for layer in layers])
        path = directory / f"{key}.entries"
        try:
            return cls._from_sections(compiled.read_sections(path, key), directory, key)
        except FileNotFoundError:
            pass
        except (compiled.CacheUnreadable, OSError, ValueError, KeyError) as exc:
            compiled.warn_once(path, str(exc) or exc.__class__.__name__)
        glossary = cls(merge_layers(layers))
        # the loader keeps the last YAML node tree for the editor tools; a large layer's
        # tree is several times the size of its entries: let it go before compiling
        compose.cache_clear()
        try:
            compiled.write_sections(path, key, glossary._entry_sections())
        except OSError as exc:
            compiled.warn_unwritable(directory, exc)
            return glossary
        glossary._cache = (directory, key)
        return glossary

    def _entry_sections(self) -> dict[str, bytes]:
        """The compiled form of the entries (ids, one record per entry, form characters)."""
        entries = self.entries
        out = {
            "ids": marshal.dumps([e.id for e in entries]),
            "types": bytes(TYPES.index(e.type) for e in entries),  # one byte an entry
            "form_chars": marshal.dumps({lang: self.form_chars(lang) for lang in LANGS}),
        }
        out.update(compiled.table_sections("entries", map(compiled.encode_entry, entries)))
        return out

    @classmethod
    def _from_sections(cls, sections: Mapping[str, Any], directory: Path, key: str) -> Glossary:
        self = cls.__new__(cls)
        self._init_state()
        ids = marshal.loads(sections["ids"])
        self._ids = {entry_id: i for i, entry_id in enumerate(ids)}
        self._table = compiled.open_table(sections, "entries")
        self._types = sections["types"]
        self._entries = None
        self._by_id = {}
        self._form_chars = marshal.loads(sections["form_chars"])
        self._cache = (directory, key)
        return self

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> Glossary:
        """A glossary of the given entries (validated like a loaded one)."""
        return cls(entries)

    @classmethod
    def default(cls) -> Glossary:
        """The shipped glossary, loaded once per process."""
        return _default()

    # container ----------------------------------------------------------------------------
    @property
    def entries(self) -> tuple[Entry, ...]:
        """All entries, in load order."""
        if self._entries is None:
            assert self._ids is not None
            self._entries = tuple(self.get(entry_id) for entry_id in self._ids)
        return self._entries

    def of_type(self, type_: str) -> tuple[Entry, ...]:
        """The entries of one ``type`` (``rank``, ``person``...), in load order; a glossary
        from the cache decodes only those (a few ranks beside 100,000 people)."""
        found = self._of_type.get(type_)
        if found is None:
            if self._entries is None and self._ids is not None and self._types is not None:
                code = TYPES.index(type_) if type_ in TYPES else -1
                ids = [i for i, t in zip(self._ids, self._types, strict=True) if t == code]
                found = tuple(self.get(entry_id) for entry_id in ids)
            else:
                found = tuple(e for e in self.entries if e.type == type_)
            self._of_type[type_] = found
        return found

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; KeyError names it when absent."""
        entry = self._by_id.get(entry_id)
        if entry is not None:
            return entry
        if self._ids is not None and entry_id in self._ids:
            assert self._table is not None
            entry = compiled.decode_entry(self._table[self._ids[entry_id]])
            self._by_id[entry_id] = entry
            return entry
        raise KeyError(f"no glossary entry with id {entry_id!r}")

    def __len__(self) -> int:
        return len(self._ids) if self._ids is not None else len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def shared_forms(self) -> dict[tuple[str, str], tuple[Entry, ...]]:
        """``(lang, folded form) -> entries`` for every form several entries claim."""
        return shared_forms(self.entries)

    def form_chars(self, lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """Every character of ``lang``'s folded forms, and those forms that hold a letter or
        digit of another script (see :mod:`.recheck`), without building an automaton."""
        found = self._form_chars.get(lang)
        if found is None:
            found = self._form_chars[lang] = form_chars_of(self.entries, lang)
        return found

    def __contains__(self, entry_id: object) -> bool:
        if self._ids is not None:
            return entry_id in self._ids
        return entry_id in self._by_id

    def __repr__(self) -> str:
        return f"<Glossary with {len(self)} entries>"

    def __getstate__(self) -> dict[str, object]:
        # pickles as its entries; the automata are rebuilt lazily where it lands (from
        # the cache, when this glossary has its compiled form there)
        return {"entries": self.entries, "cache": self._cache}

    def __setstate__(self, state: dict[str, object]) -> None:
        entries = state["entries"]
        assert isinstance(entries, tuple)
        self._init_state()
        self._entries = entries
        self._by_id = {entry.id: entry for entry in entries}
        cache = state.get("cache")
        if cache is not None:
            assert isinstance(cache, tuple)
            self._cache = cache

    # matching -----------------------------------------------------------------------------
    def matcher(self, lang: str) -> LangMatcher:
        """The automaton of ``lang``, built on first use."""
        matcher = self._matchers.get(lang)
        if matcher is None:
            if lang not in LANGS:
                raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
            with self._lock:
                matcher = self._matchers.get(lang)
                if matcher is None:
                    matcher = self._compiled_matcher(lang)
                    self._matchers[lang] = matcher
        return matcher

    def _compiled_matcher(self, lang: str) -> LangMatcher:
        """The matcher of ``lang``: from the cache when this glossary has one there, else
        built (and written there for the next process)."""
        if self._cache is None:
            return LangMatcher.from_sections(*compile_matcher(lang, build_keys(self.entries, lang)))
        directory, key = self._cache
        path = directory / f"{key}.{lang}"
        try:
            return LangMatcher.from_sections(compiled.read_sections(path, key))
        except FileNotFoundError:
            pass
        except (compiled.CacheUnreadable, OSError, ValueError, KeyError, EOFError) as exc:
            compiled.warn_once(path, str(exc) or exc.__class__.__name__)
        sections, automaton = compile_matcher(lang, build_keys(self.entries, lang))
        try:
            compiled.write_sections(path, key, sections)
        except OSError as exc:
            compiled.warn_unwritable(directory, exc)
        for name in [n for n in sections if n.startswith("automaton.") and n[10:].isdigit()]:
            del sections[name]  # written; this process keeps the automaton itself
        return LangMatcher.from_sections(sections, automaton)

    def find(self, text: str, lang: str | None = None, *, evidence: bool = True) -> list[Match]:
        """Every glossary term in ``text`` (canonical forms too), longest-leftmost resolved.

        ``lang`` names the language of the text; ``None`` searches each script
        in its language (Latin: English, Cyrillic: Russian, Han: Chinese), one
        pass each, without segmenting. Weak forms never match. A hit that the sentence's
        evidence refuses, where normalize would not take it (``中國`` in ``開發中國家``),
        is not a match; with ``evidence=False`` every form the matcher finds is (what
        ``glossary find`` shows editors).
        """
        from polyglot_news.glossary.normalize import find_matches

        return find_matches(self, text, lang, evidence=evidence)

    def normalize(
        self, text: str, lang: str | None = None, *, date: str | None = None
    ) -> Normalized:
        """:func:`~polyglot_news.normalize` with this glossary: every variant in ``text``
        replaced by its canonical form, and the record of each change."""
        from polyglot_news.glossary.normalize import normalize

        return normalize(text, glossary=self, lang=lang, date=date)

    # rendering ----------------------------------------------------------------------------
    def render(self, entry_id: str, lang: str, *, short: bool = False) -> str:
        """The canonical (or short) form of an entry in ``lang``."""
        entry = self.get(entry_id)
        if short and lang in entry.short:
            return entry.short[lang]
        try:
            return entry.canonical[lang]
        except KeyError:
            raise GlossaryError(
                f"entry {entry_id} has no {lang} canonical form",
                path=entry.path,
                line=entry.line,
                fix=f"add canonical {lang} to the entry",
            ) from None

    def _render_match(self, match: Match, target: str) -> str | None:
        """``match`` rendered in ``target``: its entry's form, or for a rank whose army the
        text does not give the form all its candidates share (``Major General`` -> 少将);
        None when they differ."""
        if match.entry_id:
            return self.render(match.entry_id, target, short=match.short)
        forms = {self.render(c, target) for c in match.candidates}
        return forms.pop() if len(forms) == 1 else None

    def translate_terms(self, text: str, source: str, target: str) -> str | None:
        """Render a text made only of glossary terms in ``target``; None if anything else is there.

        Terms keep their order; between them only spaces and punctuation may
        stand. They are joined with a space in en/ru and with nothing in zh;
        punctuation between and around them is kept. Short forms render as the
        target's short form where the entry has one. A language the glossary holds no forms
        for (:attr:`langs`) gives ``None``. This is the one place that decides whether a
        text needs a model at all (the pipeline and the translator both ask it).
        """
        if source not in self.langs or target not in self.langs:
            return None
        matches = self.find(text, source)
        if not matches or any(m.status == AMBIGUOUS for m in matches):
            return None
        gaps = [text[: matches[0].start]]
        gaps += [text[a.end : b.start] for a, b in zip(matches, matches[1:], strict=False)]
        gaps.append(text[matches[-1].end :])
        for gap in gaps:
            if any(is_word_char(c) or is_han(c) for c in gap):
                return None
        rendered = [self._render_match(m, target) for m in matches]
        if any(form is None for form in rendered):
            return None
        joiner = "" if target == "zh" else " "
        parts = [gaps[0]]
        for i, form in enumerate(rendered):
            parts.append(str(form))
            gap = gaps[i + 1]
            if i + 1 < len(matches):
                parts.append(joiner if not gap.strip() else gap)
            else:
                parts.append(gap)
        return "".join(parts)


@lru_cache(maxsize=1)
def _default() -> Glossary:
    return Glossary(load_files(None, include_shipped=True))
