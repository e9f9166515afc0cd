"""The small part of :class:`polyglot_news.glossary.Glossary` that translation relies on.

Declared as protocols so the translator works with the real glossary and with
any stand-in of the same shape (tests use one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from polyglot_news.changes import Change

__all__ = ["MatchLike", "NormalizedLike", "GlossaryLike"]


class MatchLike(Protocol):
    """A glossary term found in a text: ``text[start:end]`` is ``entry_id``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def entry_id(self) -> str: ...

    @property
    def short(self) -> bool: ...

    @property
    def text(self) -> str: ...

    @property
    def replacement(self) -> str: ...


class NormalizedLike(Protocol):
    """A normalized text and the record of its changes (offsets into the input)."""

    @property
    def text(self) -> str: ...

    @property
    def changes(self) -> Sequence[Change]: ...


@runtime_checkable
class GlossaryLike(Protocol):
    """Its languages; find terms, normalize, render an entry, translate a text of terms."""

    @property
    def langs(self) -> Sequence[str]:
        """The languages the glossary holds forms for; others are translated without it."""
        ...

    def normalize(self, text: str, lang: str | None = None) -> NormalizedLike:
        """``text`` with every variant replaced by its canonical form, and the changes."""
        ...

    def find(self, text: str, lang: str | None = None) -> Sequence[MatchLike]:
        """Every term in ``text``; ``replacement`` is its canonical form in ``lang``."""
        ...

    def render(self, entry_id: str, lang: str, *, short: bool = False) -> str:
        """The canonical (or short) form of an entry in ``lang``."""
        ...

    def translate_terms(self, text: str, source: str, target: str) -> str | None:
        """``text`` rendered in ``target`` if it is only glossary terms, else ``None`` (also
        when ``source`` or ``target`` is not one of :attr:`langs`)."""
        ...
