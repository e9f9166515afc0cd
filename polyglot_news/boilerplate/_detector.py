"""Batch classification that also learns which lines repeat across documents."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from polyglot_news.boilerplate import _text as T
from polyglot_news.boilerplate._classify import Block, classify_run, normalize_lang
from polyglot_news.boilerplate._units import units_of
from polyglot_news.errors import UsageError

__all__ = ["BoilerplateDetector"]


class BoilerplateDetector:
    """Classify documents, flagging lines that repeat across documents.

    Every document's units (lines, or parts of lines) are fingerprinted (case, digits and
    spacing ignored) and counted once per document in a bounded LRU table of at most
    ``max_fingerprints`` entries, so memory stays flat on any stream. A unit seen in
    ``min_docs`` documents or more (this one included) is flagged ``boilerplate`` with
    reason ``repeated: ...``, unless repeated units make up half of the document or more:
    that is a duplicate article, which is kept.

    :meth:`classify_batch` counts every document of a batch first (each one once, even
    when the same text occurs twice: syndicated copy does), then classifies them all with
    the whole batch's counts. :meth:`classify` counts one document and classifies it with
    the counts so far (a stream). The detector holds only these counts.

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

    def observe(self, text: str) -> None:
        """Count ``text`` as one more document (without classifying it)."""
        self.documents += 1
        counts = self._counts
        for fp in sorted({T.fingerprint(u.s) for u in units_of(text)}):
            counts[fp] = counts.pop(fp, 0) + 1
        while len(counts) > self.max_fingerprints:
            counts.popitem(last=False)

    def classify(self, text: str, main_lang: str | None = None) -> list[Block]:
        """Count ``text``, then classify it like :func:`~polyglot_news.boilerplate.classify`
        plus repetition across the documents counted so far."""
        self.observe(text)
        return self.classify_batch([text], [main_lang], count=False)[0]

    def classify_batch(
        self,
        texts: Sequence[str],
        main_langs: Sequence[str | None] | None = None,
        *,
        groups: Sequence[object] | None = None,
        extracted: Sequence[bool] | None = None,
        count: bool = True,
    ) -> list[list[Block]]:
        """Blocks of every text of a batch, judged with the whole batch's repetition counts.

        With ``count`` (the default) each text is counted first, once per occurrence.
        Consecutive one-paragraph texts with equal ``groups`` keys (e.g. the source file;
        all equal when ``None``) are taken for the paragraphs of one page and share their
        context (see :func:`~polyglot_news.boilerplate.classify`). Texts marked in
        ``extracted`` are articles extracted from HTML: only the explicit patterns apply.
        """
        langs = [normalize_lang(x) for x in main_langs or [None] * len(texts)]
        if len(langs) != len(texts):
            raise UsageError(f"{len(texts)} texts but {len(langs)} main languages")
        if count:
            for text in texts:
                self.observe(text)
        return classify_run(
            texts, langs, counts=self._counts, min_docs=self.min_docs, groups=groups,
            extracted=extracted,
        )

    def count(self, line: str) -> int:
        """In how many documents counted so far a line (normalized) occurred."""
        return self._counts.get(T.fingerprint(line.strip()), 0)
