"""Classification of documents: units (``_units``), their explicit verdicts (``_rules``),
context (``_context``), then consecutive units of a paragraph with one label as one
:class:`Block`; :class:`BoilerplateDetector` keeps repetition counts across documents.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from polyglot_news.boilerplate import _text as T
from polyglot_news.boilerplate._context import apply_context
from polyglot_news.boilerplate._rules import LINE_PATTERNS, SHORT_PATTERNS, Context, judge
from polyglot_news.boilerplate._units import Unit, codes, units_of
from polyglot_news.errors import UsageError

__all__ = [
    "Block", "BoilerplateDetector", "LABELS", "REASON_CODES", "classify_run", "normalize_lang"
]

#: Block labels, from kept to flagged.
LABELS = ("content", "boilerplate", "spam")
#: A line without a sentence end written this many times in one document is chrome after its
#: first copy, however short: the labels of a comment or slide widget ("Report abuse",
#: "Show next slide", "(0)").
REPEATS_SHORT = 3

#: Every code a reason can start with, and what it means.
REASON_CODES: dict[str, str] = {
    # content
    "prose": "content: running text (words and stop-word density given)",
    "short": "content: a short unit inside the article, or in a document with no article",
    "headline": "content: the headline before the article's first paragraph",
    "weak-cue": "content: one donation/subscription cue alone, kept",
    "empty": "content: no text",
    # spam
    "keyword-list": "spam: a wall of short items between separators, with spam words or in "
    "another language than the document",
    "spam-vocabulary": "spam: spam words in a text that is not prose",
    # boilerplate, from the rules
    "link-list": "many short items between separators (menus, tag lists)",
    "related-list": "headline lists after the article or under a related-content heading",
    "repeated": "a line repeated across documents (or listed by the caller)",
    "duplicate": "a line repeating an earlier line of the same document (a short one: "
    "without a sentence end, written 3+ times in it, as comment and slide widgets are)",
    "appeal": "donation/subscription appeal",
    "symbols": "no letters or digits",
    "meta": "scraper date stamp, breadcrumb, time stamp or post meta",
    "promo": "promotion of the site or its channels",
    # boilerplate, from the classifier
    "no-prose": "long text with few stop words (keyword walls, lists, tables of links)",
    "context": "a short unit among chrome (menu items, teaser headlines, widgets)",
    "outside": "text between chrome units, away from the article (teasers, comments)",
    # boilerplate, from the chrome patterns
    **{
        p.code: p.words
        for p in LINE_PATTERNS + SHORT_PATTERNS
        if p.code not in {"appeal", "meta", "promo"}
    },
}

_LANG_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Block:
    """A span ``[start, end)`` of the input text and what it is.

    ``label`` is ``"content"``, ``"boilerplate"`` or ``"spam"``. ``reason`` starts with a
    machine-readable code (``"copyright"``, ``"keyword-list"``, ``"prose"``...) followed by
    ``": "`` and a few words; ``score`` is how much the block looks like chrome or spam,
    from 0 to 1 (content blocks stay below 0.5, flagged blocks are at 0.5 or above).
    """

    start: int
    end: int
    label: str
    reason: str
    score: float

    @property
    def code(self) -> str:
        """The machine-readable head of ``reason`` (``"copyright"``, ``"prose"``...)."""
        return self.reason.split(":", 1)[0]

    @property
    def flagged(self) -> bool:
        """Whether the block is boilerplate or spam."""
        return self.label != "content"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: ``start``, ``end``, ``label``, ``code``, ``reason``, ``score``."""
        return {"start": self.start, "end": self.end, "label": self.label, "code": self.code,
                "reason": self.reason, "score": self.score}


def normalize_lang(main_lang: str | None) -> str | None:
    """``"zh-Hant"`` -> ``"zh"``; ``None`` and ``"und"`` -> ``None``; junk -> UsageError."""
    if main_lang is None:
        return None
    code = str(main_lang).replace("_", "-").split("-")[0].lower()
    if code == "und":
        return None
    if not _LANG_CODE.fullmatch(code):
        raise UsageError(
            f"main_lang {main_lang!r} is not a language code; pass e.g. 'en', 'zh' or 'ru', "
            "or None to guess it from the text"
        )
    return code


def _merge(group: list[Unit]) -> tuple[str, str, float]:
    """The verdict of merged units: the top one's, its reason listing the others' codes once."""
    top = max(group, key=lambda u: u.score)
    heads, known = dict.fromkeys(u.reason.split(":", 1)[0] for u in group), codes(top.reason)
    extra = [c for c in heads if c not in known]
    also = (", " if "; also " in top.reason else "; also ") + ", ".join(extra) if extra else ""
    return top.label, top.reason + also, top.score


def _blocks(text: str, units: list[Unit]) -> list[Block]:
    if not units:
        return [Block(0, len(text), "content", "empty: no text", 0.0)] if text else []
    groups: list[list[Unit]] = []
    for u in units:
        if groups and groups[-1][-1].para == u.para and groups[-1][-1].label == u.label:
            groups[-1].append(u)
        else:
            groups.append([u])
    blocks = []
    for i, group in enumerate(groups):
        start = 0 if i == 0 else group[0].start
        end = groups[i + 1][0].start if i + 1 < len(groups) else len(text)
        blocks.append(Block(start, end, *_merge(group)))
    return blocks


def _judge_document(
    units: list[Unit],
    lang: str | None,
    repeated: frozenset[bytes],
    counts: Mapping[bytes, int],
    min_docs: int,
) -> None:
    """The explicit verdicts of one document's units, in place."""
    fps = [u.fp for u in units]
    rep = [counts.get(fp, 0) if counts.get(fp, 0) >= min_docs else 0 for fp in fps]
    total = sum(len(u.s) for u in units)
    if sum(len(u.s) for u, r in zip(units, rep, strict=True) if r) * 2 >= total:
        rep = [0] * len(units)  # mostly repeated: a duplicate article, not chrome
    frequent = {fp: n for fp, n in Counter(fps).items() if n >= REPEATS_SHORT}
    ctx = Context(lang, repeated, frequent=frequent)
    for u, fp, r in zip(units, fps, rep, strict=True):
        if not (u.forced or u.fixed):
            verdict = judge(u.s, fp, r, ctx, u.cand)
            if verdict is not None:
                u.set(*verdict)
        if not u.flagged:
            ctx.seen.add(fp)


def classify_run(
    texts: Sequence[str],
    main_langs: Sequence[str | None],
    *,
    repeated: Collection[str] | None = None,
    counts: Mapping[bytes, int] | None = None,
    min_docs: int = 3,
    groups: Sequence[object] | None = None,
    extracted: Sequence[bool] | None = None,
    units: Sequence[list[Unit]] | None = None,
) -> list[list[Block]]:
    """Blocks of each of ``texts`` (see :func:`polyglot_news.boilerplate.classify`).

    ``main_langs`` are normalized main languages (``None``: guessed from the text);
    ``counts`` says in how many documents each unit fingerprint was seen (units seen in
    ``min_docs`` or more are repeated chrome). Consecutive documents of one paragraph each
    with equal ``groups`` keys (all equal when ``None``) share their context: they are
    taken for the paragraphs of one page. Blank documents do not break such a run.
    A document marked in ``extracted`` is an article extracted from HTML: only the explicit
    patterns flag its units (see ``_context.apply_context``). ``units`` are the texts'
    :func:`units_of`, when the caller has cut them already.
    """
    listed = frozenset(T.fingerprint(r.strip()) for r in repeated or ())
    docs = list(units) if units is not None else [units_of(text) for text in texts]
    para = 0
    for text, lang, doc in zip(texts, main_langs, docs, strict=True):
        for u in doc:
            u.para += para
        para = doc[-1].para + 1 if doc else para
        _judge_document(doc, lang or T.lang_of(text), listed, counts or {}, min_docs)
    keys = list(groups) if groups is not None else [None] * len(texts)
    run: list[int] = []
    marked = list(extracted) if extracted is not None else [False] * len(texts)
    for i, doc in enumerate(docs):
        if marked[i]:
            apply_context(doc, main_langs[i] or T.lang_of(texts[i]), extracted=True)
            continue
        one_para = bool(doc) and doc[0].para == doc[-1].para
        if run and (not one_para or keys[i] != keys[run[-1]]) and doc:
            _context_of(docs, run, main_langs)
            run = []
        if one_para:
            run.append(i)
        elif doc:
            _context_of(docs, [i], main_langs)
    if run:
        _context_of(docs, run, main_langs)
    return [_blocks(text, doc) for text, doc in zip(texts, docs, strict=True)]


def _context_of(docs: list[list[Unit]], run: list[int], main_langs: Sequence[str | None]) -> None:
    units = [u for i in run for u in docs[i]]
    langs = [main_langs[i] for i in run if main_langs[i]]
    lang = langs[0] if langs else T.lang_of(" ".join(u.s for u in units[:50]))
    apply_context(units, lang, window=len(run) > 1)


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
        self._observe(units_of(text))

    def _observe(self, units: list[Unit]) -> None:
        self.documents += 1
        counts = self._counts
        for fp in sorted({u.fp for u in units}):
            counts[fp] = counts.pop(fp, 0) + 1
        while len(counts) > self.max_fingerprints:
            counts.popitem(last=False)

    def classify(self, text: str, main_lang: str | None = None) -> list[Block]:
        """Count ``text``, then classify it like :func:`~polyglot_news.boilerplate.classify`
        plus repetition across the documents counted so far."""
        return self.classify_batch([text], [main_lang])[0]

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
        units = [units_of(text) for text in texts]
        if count:
            for doc in units:
                self._observe(doc)
        return classify_run(
            texts, langs, counts=self._counts, min_docs=self.min_docs, groups=groups,
            extracted=extracted, units=units,
        )

    def count(self, line: str) -> int:
        """In how many documents counted so far a line (normalized) occurred."""
        return self._counts.get(T.fingerprint(line.strip()), 0)
