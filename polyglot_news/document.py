"""The pipeline's output record: :class:`Document` and its per-segment results.

A document keeps the original text, the final text, every language segment
with its offsets in the original, how each segment was translated (or why it
was left as is), its boilerplate flag, and every glossary change. It
round-trips through :meth:`Document.to_dict` / :meth:`Document.from_dict`,
which is also the JSON Lines schema documented in ``docs/output-schema.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from polyglot_news.changes import Change
from polyglot_news.segmentation.model import SpanFields

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "METHODS",
    "FLAGS",
    "SegmentChange",
    "SegmentResult",
    "Document",
]

#: Name and version of the JSON Lines schema; bumped on any incompatible change.
SCHEMA = "polyglot-news.document"
SCHEMA_VERSION = 1

#: How a segment's output was produced.
METHODS = ("model", "glossary", "none")

#: Boilerplate classes of the text a segment belongs to.
FLAGS = ("content", "boilerplate", "spam")


#: The glossary change of a segment is the one change type, :class:`polyglot_news.Change`
#: (its offsets index the segment's input to normalization: its ``translation`` when it was
#: translated, otherwise its original ``text``). The old name stays for callers.
SegmentChange = Change


@dataclass(frozen=True, slots=True)
class SegmentResult(SpanFields):
    """What the pipeline did with one language segment of the original text.

    ``text`` is the original substring ``original[start:end]``; ``output`` is
    what stands for it in the final text (``""`` when the segment was dropped);
    ``translation`` is the raw translation before glossary normalization, or
    ``None`` when the segment was not translated, in which case ``reason``
    says why (``"target-language"``, ``"no-letters"``,
    ``"translation-disabled"``, ``"no-model: zh->en"``, ``"flagged: spam"``).
    """

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    text: str
    output: str
    method: str = "none"
    translation: str | None = None
    reason: str | None = None
    packages: tuple[str, ...] = ()
    flag: str = "content"
    flag_reason: str | None = None
    dropped: bool = False
    embedded: tuple[tuple[int, int], ...] = ()
    changes: tuple[Change, ...] = ()
    missing_terms: tuple[str, ...] = ()
    #: For an island (a short run of another script, ``Шойгу`` in an English sentence): the
    #: language of the sentence around it; None for a segment that is a sentence of its own.
    matrix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping; optional empty fields are still present, for a stable schema."""
        return {
            **self.span_dict(),
            "text": self.text,
            "output": self.output,
            "method": self.method,
            "translation": self.translation,
            "reason": self.reason,
            "packages": list(self.packages),
            "flag": self.flag,
            "flag_reason": self.flag_reason,
            "dropped": self.dropped,
            "embedded": [list(span) for span in self.embedded],
            "changes": [c.to_dict() for c in self.changes],
            "missing_terms": list(self.missing_terms),
            "island": self.island,
            "matrix": self.matrix,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SegmentResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            lang=str(data["lang"]),
            script=str(data["script"]),
            confidence=float(data["confidence"]),
            text=str(data["text"]),
            output=str(data["output"]),
            method=str(data.get("method", "none")),
            translation=data.get("translation"),
            reason=data.get("reason"),
            packages=tuple(data.get("packages", ())),
            flag=str(data.get("flag", "content")),
            flag_reason=data.get("flag_reason"),
            dropped=bool(data.get("dropped", False)),
            embedded=tuple((int(a), int(b)) for a, b in data.get("embedded", ())),
            changes=tuple(Change.from_dict(c) for c in data.get("changes", ())),
            missing_terms=tuple(data.get("missing_terms", ())),
            matrix=data.get("matrix"),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """The result of :meth:`polyglot_news.Pipeline.process` for one text.

    ``original`` is the input exactly as given; ``text`` is the final text
    (the concatenation of the kept segments' outputs); ``segments`` tile
    ``original`` exactly; ``notes`` are document-level remarks a reader must
    not miss (e.g. that a language pair had no model and stayed untranslated).
    ``meta`` carries caller data such as the input name and line.
    """

    original: str
    text: str
    target: str | None
    segments: tuple[SegmentResult, ...] = ()
    notes: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changes(self) -> list[tuple[int, Change]]:
        """Every glossary change as ``(segment index, change)``, in text order."""
        return [(i, c) for i, seg in enumerate(self.segments) for c in seg.changes]

    @property
    def languages(self) -> dict[str, int]:
        """Characters of the original per detected language, largest first."""
        counts: dict[str, int] = {}
        for seg in self.segments:
            counts[seg.lang] = counts.get(seg.lang, 0) + (seg.end - seg.start)
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping: the versioned JSON Lines record (see docs/output-schema.md)."""
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "text": self.text,
            "original": self.original,
            "target": self.target,
            "languages": self.languages,
            "segments": [s.to_dict() for s in self.segments],
            "notes": list(self.notes),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output; refuses another schema or version."""
        schema = data.get("schema")
        version = data.get("schema_version")
        if schema != SCHEMA or version != SCHEMA_VERSION:
            raise ValueError(
                f"not a {SCHEMA} v{SCHEMA_VERSION} record (schema={schema!r}, "
                f"schema_version={version!r}); produce it with this version of polyglot-news"
            )
        return cls(
            original=str(data["original"]),
            text=str(data["text"]),
            target=data.get("target"),
            segments=tuple(SegmentResult.from_dict(s) for s in data.get("segments", ())),
            notes=tuple(data.get("notes", ())),
            meta=dict(data.get("meta", {})),
        )
