"""Batch classification that also learns which lines repeat across documents."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from polyglot_news.boilerplate import _features as F
from polyglot_news.boilerplate._rules import (
    Block,
    classify,
    lone_block,
    lone_label,
    normalize_lang,
    plain_labels,
)
from polyglot_news.boilerplate._units import Unit, lone_span, units_of
from polyglot_news.errors import UsageError

__all__ = ["BoilerplateDetector"]

#: Observed documents whose units are kept for their classify() (a batch is far smaller).
_PREPARED_MAX = 4096

#: An observed document's units and their fingerprints, or the span of its lone unit (and
#: that unit lowercased, when the fingerprint worked it out).
_Prepared = tuple[str, list[Unit] | tuple[int, int], list[bytes], str | None]


class BoilerplateDetector:
    """Classify documents of a batch, flagging lines that repeat across documents.

    Every document's units (lines, or parts of lines) are fingerprinted (case, digits and
    spacing ignored) and counted once per document in a bounded LRU table of at most
    ``max_fingerprints`` entries, so memory stays flat on any stream. A unit seen in
    ``min_docs`` documents or more (this one included) is flagged
    ``boilerplate`` with reason ``repeated: ...``, unless repeated units make up half of
    the document or more: that is a duplicate article, which is kept.

    Counts only grow as documents are seen, so the first documents of a batch have no
    repetition evidence; call :meth:`observe` on the batch first to classify every
    document with the whole batch's counts.

    >>> det = BoilerplateDetector(min_docs=2)
    >>> footer = "The Owl Weekly is printed by volunteers"
    >>> rain = "Heavy rain is expected on Monday across the north of the region, forecasters said."
    >>> vote = "The town council met on Friday to vote on the new budget for schools and roads."
    >>> _ = det.classify(f"{rain}\\n\\n{footer}")
    >>> [b.label for b in det.classify(f"{vote}\\n\\n{footer}")]
    ['content', 'boilerplate']
    """

    def __init__(self, *, min_docs: int = 3, max_fingerprints: int = 100_000) -> None:
        if min_docs < 2:
            raise UsageError(
                f"min_docs must be at least 2 (a line repeated across documents), not {min_docs}"
            )
        if max_fingerprints < 1:
            raise UsageError(f"max_fingerprints must be at least 1, not {max_fingerprints}")
        self.min_docs = min_docs
        self.max_fingerprints = max_fingerprints
        self.documents = 0
        self._counts: OrderedDict[bytes, int] = OrderedDict()
        self._observed: OrderedDict[int, None] = OrderedDict()  # bounded like _counts
        self._prepared: OrderedDict[int, _Prepared] = OrderedDict()

    def _count(self, fps: set[bytes]) -> None:
        self.documents += 1
        counts = self._counts
        for fp in sorted(fps):
            counts[fp] = counts.pop(fp, 0) + 1
        while len(counts) > self.max_fingerprints:
            counts.popitem(last=False)

    def _count_one(self, fp: bytes) -> None:
        """:meth:`_count` of a document with one fingerprint (no set to sort)."""
        self.documents += 1
        counts = self._counts
        counts[fp] = counts.pop(fp, 0) + 1
        while len(counts) > self.max_fingerprints:
            counts.popitem(last=False)

    def _observe(self, fps: set[bytes]) -> Mapping[bytes, int]:
        self._count(fps)
        return {fp: self._counts.get(fp, 0) for fp in fps}

    def _lookup(self, fps: set[bytes]) -> Mapping[bytes, int]:
        return {fp: self._counts.get(fp, 0) for fp in fps}

    def observe(self, text: str) -> None:
        """Count ``text``'s units without classifying it (a first pass over a batch).

        A later :meth:`classify` of the same text does not count it a second time.
        """
        span = lone_span(text)
        entry: _Prepared
        if span is not None:  # one unit, no Unit object needed
            fp, lowered = F.fingerprint_and_lower(text[span[0] : span[1]])
            self._count_one(fp)
            entry = (text, span, [fp], lowered)
        else:
            units = units_of(text)
            fps = [F.fingerprint(text[u.start : u.end]) for u in units]
            self._count(set(fps))
            entry = (text, units, fps, None)
        key = hash(text)
        observed, prepared = self._observed, self._prepared
        observed[key] = None
        # classify() of this text reuses the units and fingerprints (a bounded cache)
        prepared[key] = entry
        while len(prepared) > _PREPARED_MAX:
            prepared.popitem(last=False)
        while len(observed) > self.max_fingerprints:
            observed.popitem(last=False)

    def classify(self, text: str, main_lang: str | None = None) -> list[Block]:
        """Like :func:`~polyglot_news.boilerplate.classify`, plus repetition across documents."""
        return self._classify(text, main_lang, True, *self._take(text))

    def labels(
        self, text: str, main_lang: str | None = None
    ) -> list[tuple[int, int, str, str | None]]:
        """:meth:`classify` as ``(start, end, label, reason)`` tuples, ``reason`` ``None`` for
        content blocks: cheaper, as the reasons of content are never worked out."""
        observed, entry = self._take(text)
        if entry is not None:
            lang = normalize_lang(main_lang)  # a junk code is an error on every path
            units, fps = entry[1], entry[2]
            if isinstance(units, tuple):  # a lone unit: no Block needed
                if not observed:
                    self._count_one(fps[0])
                label, reason = lone_label(text, units[0], units[1], lang, entry[3])
                return [(0, len(text), label, reason)]
            if observed:  # counting is done: the lookup has no side effect
                plain = plain_labels(text, units, fps, self._lookup(set(fps)), self.min_docs)
                if plain is not None:
                    return plain
        return [
            (b.start, b.end, b.label, None if b.label == "content" else b.reason)
            for b in self._classify(text, main_lang, False, observed, entry)
        ]

    def _take(self, text: str) -> tuple[bool, _Prepared | None]:
        """Whether :meth:`observe` counted ``text`` already, and what it prepared for it
        (both forgotten: a text is classified once after being observed)."""
        key = hash(text)
        observed = self._observed.pop(key, 0) is None
        entry = self._prepared.pop(key, None)
        return observed, entry if entry is not None and entry[0] == text else None

    def _classify(
        self,
        text: str,
        main_lang: str | None,
        reasons: bool,
        observed: bool,
        entry: _Prepared | None,
    ) -> list[Block]:
        observer = self._lookup if observed else self._observe
        if entry is not None:
            units, fps = entry[1], entry[2]
            if isinstance(units, tuple):  # a lone unit: its verdict needs no counts
                lang = normalize_lang(main_lang)
                if not observed:
                    self._count(set(fps))
                return [lone_block(text, units[0], units[1], lang, reasons=reasons)]
            return classify(
                text,
                main_lang=main_lang,
                observer=observer,
                min_docs=self.min_docs,
                prepared=(units, fps),
                reasons=reasons,
            )
        return classify(
            text, main_lang=main_lang, observer=observer, min_docs=self.min_docs, reasons=reasons
        )

    def count(self, line: str) -> int:
        """In how many documents seen so far a line (normalized) occurred."""
        return self._counts.get(F.fingerprint(line.strip()), 0)
