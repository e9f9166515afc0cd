"""The :class:`Glossary`: entries, validation, lazy automata, search and rendering."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary.folding import is_han, is_word_char
from polyglot_news.glossary.loader import load_files
from polyglot_news.glossary.matcher import LangMatcher, build_matcher, key_of
from polyglot_news.glossary.model import AMBIGUOUS, LANGS, Entry, Match, Normalized, duplicate_id

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
    Automata are built per language on first use.
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
        self._entries = ordered
        self._by_id = by_id
        self._matchers: dict[str, LangMatcher] = {}
        self._lock = threading.Lock()

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
        return cls(load_files(paths, include_shipped=include_shipped))

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
        return self._entries

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; KeyError names it when absent."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise KeyError(f"no glossary entry with id {entry_id!r}") from None

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def shared_forms(self) -> dict[tuple[str, str], tuple[Entry, ...]]:
        """``(lang, folded form) -> entries`` for every form several entries claim."""
        return shared_forms(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __repr__(self) -> str:
        return f"<Glossary with {len(self)} entries>"

    def __getstate__(self) -> dict[str, object]:
        # pickles as its entries; the automata are rebuilt lazily where it lands
        return {"entries": self._entries}

    def __setstate__(self, state: dict[str, object]) -> None:
        entries = state["entries"]
        assert isinstance(entries, tuple)
        self._entries = entries
        self._by_id = {entry.id: entry for entry in entries}
        self._matchers = {}
        self._lock = threading.Lock()

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
                    matcher = build_matcher(self._entries, lang)
                    self._matchers[lang] = matcher
        return matcher

    def find(self, text: str, lang: str | None = None) -> list[Match]:
        """Every glossary term in ``text`` (canonical forms too), longest-leftmost resolved.

        ``lang`` names the language of the text; ``None`` searches each script
        in its language (Latin: English, Cyrillic: Russian, Han: Chinese), one
        pass each, without segmenting. Weak forms never match.
        """
        from polyglot_news.glossary.normalize import find_matches

        return find_matches(self, text, lang)

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
        joiner = "" if target == "zh" else " "
        parts = [gaps[0]]
        for i, m in enumerate(matches):
            parts.append(self.render(m.entry_id, target, short=m.short))
            gap = gaps[i + 1]
            if i + 1 < len(matches):
                parts.append(joiner if not gap.strip() else gap)
            else:
                parts.append(gap)
        return "".join(parts)


@lru_cache(maxsize=1)
def _default() -> Glossary:
    return Glossary(load_files(None, include_shipped=True))
