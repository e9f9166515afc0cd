"""The record of one glossary replacement, shared by :func:`~polyglot_news.normalize`,
the translator and the pipeline's :class:`~polyglot_news.Document`.

It lives below both the glossary and the document so that either can use it without
importing the other (``import polyglot_news.document`` stays light).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Change"]


@dataclass(frozen=True, slots=True)
class Change:
    """One replacement made by :func:`~polyglot_news.normalize`; ``start``/``end`` index
    the normalized text (in a :class:`~polyglot_news.Document`, the segment's input to
    normalization).

    ``candidates`` is empty unless the matched form is claimed by several entries:
    then it lists them, and either evidence chose one (``entry_id``, the form's
    ``status``) or none was chosen: ``status`` is ``ambiguous``, ``entry_id`` is
    ``""`` and ``replacement == original`` (the text is left unchanged). A rank that
    several armies' ladders write alike, with no army in the text (``Maj.-Gen.`` ->
    ``Major General``), is the one change with ``entry_id`` ``""`` whose text changes:
    its ``status`` is the form's and ``candidates`` lists the ladders' entries.

    ``entries`` is empty unless the change merges the changes of several passes (a
    replacement that formed a new match with its neighbour): then it lists every entry
    the merged change stands for, in order, and ``entry_id`` is the one whose form the
    last pass wrote. ``entry_id`` always names one entry (or is ``""``), so
    ``Glossary.get(change.entry_id)`` resolves it; :attr:`entry_ids` gives them all.
    """

    start: int
    end: int
    original: str
    replacement: str
    entry_id: str
    status: str
    lang: str
    rule: str = "exact"
    candidates: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()

    @property
    def entry_ids(self) -> tuple[str, ...]:
        """Every entry this change stands for: ``entries``, or ``(entry_id,)`` (``()`` when
        none was chosen)."""
        if self.entries:
            return self.entries
        return (self.entry_id,) if self.entry_id else ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of every field (``candidates`` and ``entries`` only when set)."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "entry_id": self.entry_id,
            "status": self.status,
            "lang": self.lang,
            "rule": self.rule,
        }
        if self.candidates:
            out["candidates"] = list(self.candidates)
        if self.entries:
            out["entries"] = list(self.entries)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], lang: str = "") -> Change:
        """Inverse of :meth:`to_dict`; ``lang`` stands in for a record written without one
        (Document records before the field was added)."""
        start, end = int(data["start"]), int(data["end"])
        original, replacement = str(data["original"]), str(data["replacement"])
        return cls(
            start,
            end,
            original,
            replacement,
            str(data["entry_id"]),
            str(data["status"]),
            str(data.get("lang", lang)),
            str(data.get("rule", "exact")),
            tuple(str(c) for c in data.get("candidates", ())),
            tuple(str(e) for e in data.get("entries", ())),
        )
