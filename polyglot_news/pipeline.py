"""The pipeline: segment, flag boilerplate, translate, normalize, and say what was done.

>>> from polyglot_news import Pipeline
>>> doc = Pipeline(translate=False).process("Sergey Shoygu met Xu Qi-liang.")
>>> doc.text
'Sergei Shoigu met Xu Qiliang.'

``Pipeline.process_many`` streams: it reads ``batch_size`` documents at a
time, sends every sentence of the batch that needs the same model to one
translation call, and yields the documents in input order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from polyglot_news.changes import Change
from polyglot_news.document import Document, SegmentResult
from polyglot_news.errors import MissingExtraError, MissingModelError, ModelError, UsageError
from polyglot_news.languages import check_language_code

if TYPE_CHECKING:
    from polyglot_news.glossary import Glossary
    from polyglot_news.segmentation import Segment, SegmenterConfig
    from polyglot_news.translation import Translation, Translator

__all__ = ["Pipeline", "Document", "DROPPABLE"]

#: Flags that ``drop=`` accepts.
DROPPABLE = frozenset({"boilerplate", "spam"})

Item = str | tuple[str, Mapping[str, Any]]
_Block = tuple[int, int, str, str | None]  # start, end, flag, reason


@dataclass(slots=True)
class _Piece:
    """One segment of one document while the batch is in flight."""

    seg: Segment
    start: int
    end: int
    flag: str = "content"
    flag_reason: str | None = None
    action: str = "keep"  # keep | glossary | model
    reason: str | None = None
    lead: str = ""
    core: str = ""
    trail: str = ""
    translation: Translation | None = None
    glossary_text: str | None = None


@dataclass(slots=True)
class _Plan:
    text: str
    meta: Mapping[str, Any]
    pieces: list[_Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _split_space(text: str) -> tuple[str, str, str]:
    """``(leading whitespace, core, trailing whitespace)`` of ``text``."""
    core = text.strip()
    if not core:
        return text, "", ""
    lead_len = len(text) - len(text.lstrip())
    return text[:lead_len], core, text[lead_len + len(core) :]


#: Target languages written without spaces between words or after punctuation.
_UNSPACED_LANGS = frozenset({"zh", "zt", "ja", "th", "lo", "km", "my", "bo"})

#: Half-width punctuation that a space follows in spaced scripts ("said: Today", "hi. Then").
_SPACED_PUNCT = frozenset(".!?:;,…")
# Typographic quotes and brackets only: an ASCII quote may open or close, so it is left alone.
_CLOSERS = "\u201d\u2019\u00bb)]"  # may stand between the punctuation and the space
_OPENERS = frozenset("\u201c\u2018\u00ab(")


def _needs_space(left: str, right: str, target: str | None = None) -> bool:
    """True when two outputs joined as they are would fuse: words into one word, or (in a
    ``target`` language that spaces its words) a sentence's punctuation with the next word.
    """
    if not left or not right:
        return False
    if left[-1].isalnum() and right[0].isalnum():
        return True
    if target in _UNSPACED_LANGS or not (right[0].isalnum() or right[0] in _OPENERS):
        return False
    body = left.rstrip(_CLOSERS)
    return bool(body) and body[-1] in _SPACED_PUNCT


class Pipeline:
    """Segmentation, boilerplate flags, translation and glossary normalization in one object.

    Args:
        target: language to translate foreign segments into, default ``"en"``: an ISO 639-1
            code (or Argos's ``zt``, ``pb``); anything else raises :class:`UsageError`.
        glossary: a loaded :class:`~polyglot_news.Glossary`; default: the shipped glossaries
            plus ``glossary_paths``.
        translate: translate foreign segments; ``False`` only segments and normalizes.
        glossary_paths: extra glossary files or folders layered over the shipped ones.
        normalize: apply the glossary (default ``True``).
        flag_boilerplate: classify paragraphs as content, boilerplate or spam (default ``True``).
        drop: flags whose text is removed from ``Document.text`` (``{"boilerplate", "spam"}``);
            the document still records what was dropped and why.
        translate_flagged: also translate flagged segments (default ``False``).
        translator: a ready :class:`~polyglot_news.translation.Translator` to use.
        translator_options: keyword arguments for the translator built on first need
            (``models_dir``, ``beam_size``, ``threads``, ``compute_type``, ``cache_path``...).
        segmenter_config: thresholds for :func:`polyglot_news.segment`.
    """

    def __init__(
        self,
        target: str = "en",
        glossary: Glossary | None = None,
        translate: bool = True,
        *,
        glossary_paths: Sequence[str] | None = None,
        normalize: bool = True,
        flag_boilerplate: bool = True,
        drop: Collection[str] = (),
        translate_flagged: bool = False,
        translator: Translator | None = None,
        translator_options: Mapping[str, Any] | None = None,
        segmenter_config: SegmenterConfig | None = None,
    ) -> None:
        unknown = set(drop) - DROPPABLE
        if unknown:
            raise UsageError(
                f"cannot drop {', '.join(sorted(unknown))}: choose from "
                f"{', '.join(sorted(DROPPABLE))}",
                argument="drop",
            )
        self.target = check_language_code(target, "target")
        self.translate = translate
        self.normalize = normalize
        self.flag_boilerplate = flag_boilerplate
        self.drop = frozenset(drop)
        self.translate_flagged = translate_flagged
        self.segmenter_config = segmenter_config
        self._glossary = glossary
        self._glossary_paths = tuple(glossary_paths or ())
        self._translator = translator
        self._translator_options = dict(translator_options or {})
        self._translator_error: str | None = None

    # -- lazily built heavy state -------------------------------------------------------

    @property
    def glossary(self) -> Glossary:
        """The glossary in use (loaded on first access)."""
        if self._glossary is None:
            from polyglot_news.glossary import Glossary

            self._glossary = Glossary.load(self._glossary_paths or None)
        return self._glossary

    def _get_translator(self) -> Translator | None:
        if self._translator is None and self._translator_error is None:
            from polyglot_news.translation.package import missing_translation_extra

            missing = missing_translation_extra(argos=False)
            if missing is not None:
                self._translator_error = f"translation unavailable: {missing}"
                return None
            try:
                from polyglot_news.translation import Translator

                # With normalize, the pipeline asks the glossary for glossary-only texts
                # itself (_translate); the translator does not ask again.
                options = {
                    "glossary": self.glossary,
                    "glossary_only": not self.normalize,
                    **self._translator_options,
                }
                self._translator = Translator(self.target, **options)
            except (ImportError, ModelError) as exc:
                self._translator_error = f"translation unavailable: {exc}"
        return self._translator

    # -- public API ------------------------------------------------------------------------

    def process(self, text: str, meta: Mapping[str, Any] | None = None) -> Document:
        """Run the whole pipeline on one text and return its :class:`Document`.

        With ``meta={"html": True}`` ``text`` is a page's HTML: the article is extracted
        first (:mod:`polyglot_news.extract`) and the Document is about the extracted text;
        a page with no article text raises :class:`~polyglot_news.errors.InputError`.
        """
        return next(self.process_many([(text, meta or {})], batch_size=1))

    def process_many(self, items: Iterable[Item], batch_size: int = 32) -> Iterator[Document]:
        """Process texts (or ``(text, meta)`` pairs) lazily, in order, a batch at a time.

        A batch holds ``batch_size`` documents, or more to keep consecutive documents of
        one source (``meta["source"]``; documents naming none count as one source)
        together, up to ``MAX_BATCH_FACTOR * batch_size``
        (:func:`polyglot_news.batch.batches`): the paragraphs of one page share their
        boilerplate context. Memory stays bounded by one batch; translation runs once
        per batch.
        """
        if batch_size < 1:
            raise UsageError(f"batch_size must be at least 1, not {batch_size}")
        from polyglot_news.batch import batches

        for batch in batches(items, batch_size):
            yield from self._process_batch([_as_pair(item) for item in batch])

    def close(self) -> None:
        """Release the translator (its model and cache file), if one was built."""
        if self._translator is not None:
            self._translator.close()
            self._translator = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- batch stages ----------------------------------------------------------------------

    def _process_batch(self, batch: list[tuple[str, Mapping[str, Any]]]) -> list[Document]:
        # All batch state is local: one Pipeline can serve several threads.
        batch = [_from_html(text, meta) for text, meta in batch]
        segmented = [_steps().segment(text, self.segmenter_config) for text, _ in batch]
        blocks = self._flags(batch, segmented)
        plans = [
            self._plan(text, meta, segments, doc_blocks)
            for (text, meta), segments, doc_blocks in zip(batch, segmented, blocks, strict=True)
        ]
        self._translate(plans)
        return [self._finish(plan) for plan in plans]

    def _flags(
        self, batch: list[tuple[str, Mapping[str, Any]]], segmented: list[list[Segment]]
    ) -> list[list[_Block]]:
        """Boilerplate blocks of every document of the batch.

        Repetition across documents is judged within one batch, so a document's flags do not
        depend on what came before it in the stream: the same batches give the same output
        with one process or many (``--workers``), and memory stays bounded. Consecutive
        one-paragraph documents from one source (``meta["source"]``, None for documents
        naming none) are the paragraphs of one page and share their context.
        """
        if not self.flag_boilerplate:
            return [[(0, len(text), "content", None)] for text, _ in batch]
        from polyglot_news.boilerplate import BoilerplateDetector

        texts = [text for text, _ in batch]
        langs = [_main_language(segments) for segments in segmented]
        # Consecutive one-paragraph documents of one source share context (the lines of a
        # file); documents naming no source count as one source (the paragraphs given in
        # one call). Give unrelated texts distinct sources to judge them apart.
        from polyglot_news.batch import source_of  # the batches are cut by the same key

        groups = [source_of(item) for item in batch]
        extracted = [isinstance(meta, Mapping) and "text_from" in meta for _, meta in batch]
        found = BoilerplateDetector().classify_batch(
            texts, langs, groups=groups, extracted=extracted
        )
        return [
            [(b.start, b.end, b.label, None if b.label == "content" else b.reason) for b in doc]
            for doc in found
        ]

    def _plan(
        self, text: str, meta: Mapping[str, Any], segments: list[Segment], blocks: list[_Block]
    ) -> _Plan:
        plan = _Plan(text, meta)
        if not segments:
            return plan
        append = plan.pieces.append
        for seg, start, end, flag, reason in _cut(segments, blocks):
            piece = _Piece(seg, start, end, flag, reason)
            piece.lead, piece.core, piece.trail = _split_space(text[start:end])
            piece.action, piece.reason = self._decide(piece)
            append(piece)
        return plan

    def _decide(self, piece: _Piece) -> tuple[str, str | None]:
        lang = piece.seg.lang
        if piece.flag != "content" and not self.translate_flagged:
            return "keep", f"flagged: {piece.flag}"
        if not piece.core or lang == "und":
            return "keep", "no-letters"
        if lang == self.target:
            return "keep", "target-language"
        if not self.translate:
            return "keep", "translation-disabled"
        return "model", None

    def _translate(self, plans: list[_Plan]) -> None:
        wanted = [p for plan in plans for p in plan.pieces if p.action == "model"]
        if not wanted:
            return
        if self.normalize:  # texts of glossary terms alone need no model
            glossary = self.glossary
            for piece in wanted:
                rendered = glossary.translate_terms(piece.core, piece.seg.lang, self.target)
                if rendered is not None:
                    piece.action, piece.glossary_text = "glossary", rendered
        wanted = [p for p in wanted if p.action == "model"]
        if not wanted:
            return
        translator = self._get_translator()
        by_lang: dict[str, list[_Piece]] = {}
        for piece in wanted:
            by_lang.setdefault(piece.seg.lang, []).append(piece)
        runnable: list[_Piece] = []
        for lang, pieces in by_lang.items():
            if translator is not None and translator.has_pair(lang, self.target):
                runnable.extend(pieces)
                continue
            why = self._translator_error or _why_no_model(translator, lang, self.target)
            for piece in pieces:
                piece.action, piece.reason = "keep", why
            _note_missing(plans, pieces, lang, self.target, why)
        if runnable and translator is not None:
            self._run_model(translator, runnable, plans)

    def _run_model(self, translator: Translator, pieces: list[_Piece], plans: list[_Plan]) -> None:
        try:
            results = translator.translate_batch([(_for_model(p.core), p.seg.lang) for p in pieces])
        except MissingModelError as exc:
            for piece in pieces:
                piece.action, piece.reason = "keep", f"no-model: {exc.source}->{exc.target}"
            _note_missing(plans, pieces, exc.source, exc.target, str(exc))
            return
        for piece, result in zip(pieces, results, strict=True):
            piece.translation = result

    def _finish(self, plan: _Plan) -> Document:
        results: list[SegmentResult] = []
        out: list[str] = []
        last_translated = False
        for piece in plan.pieces:
            result = self._finish_piece(plan.text, piece)
            results.append(result)
            if not result.output:
                continue
            translated = result.translation is not None
            joined = translated or last_translated
            if joined and out and _needs_space(out[-1], result.output, self.target):
                out.append(" ")
            out.append(result.output)
            last_translated = translated
        return Document(
            original=plan.text,
            text="".join(out),
            target=self.target if self.translate else None,
            segments=tuple(results),
            notes=tuple(plan.notes),
            meta=dict(plan.meta),
        )

    def _finish_piece(self, text: str, piece: _Piece) -> SegmentResult:
        seg = piece.seg
        original = text[piece.start : piece.end]
        translation: str | None = None
        packages: tuple[str, ...] = ()
        missing: tuple[str, ...] = ()
        method = "none"
        normalized: tuple[str, tuple[Change, ...]] | None = None
        if piece.action == "glossary" and piece.glossary_text is not None:
            translation, method = piece.glossary_text, "glossary"
        elif piece.action == "model" and piece.translation is not None:
            done = piece.translation
            method, packages, missing = done.method, done.packages, done.missing_terms
            translation = done.text
            raw = getattr(done, "raw", None)  # a stand-in translator may give none
            if raw is not None and self.normalize:
                # The model's output; the translator normalized it with this very glossary
                # (unless a translator of another glossary was given): its record is reused.
                translation = raw
                if getattr(self._translator, "glossary", None) is self.glossary:
                    normalized = done.text, tuple(getattr(done, "changes", ()))
        if translation is not None:
            body, out_lang = translation, self.target
        else:
            body, out_lang = original, seg.lang
        changes: tuple[Change, ...] = ()
        normalize_it = (
            self.normalize and piece.flag == "content" and out_lang in self.glossary.langs
        )
        if normalize_it and body.strip():
            body, changes = normalized or self._normalize(body, out_lang)
        output = piece.lead + body + piece.trail if translation is not None else body
        dropped = piece.flag in self.drop
        return SegmentResult(
            start=piece.start,
            end=piece.end,
            lang=seg.lang,
            script=seg.script,
            confidence=seg.confidence,
            text=original,
            output="" if dropped else output,
            method=method,
            translation=translation,
            reason=None if translation is not None else piece.reason,
            packages=packages,
            flag=piece.flag,
            flag_reason=piece.flag_reason,
            dropped=dropped,
            embedded=(
                tuple(s for s in seg.embedded if piece.start <= s[0] and s[1] <= piece.end)
                if seg.embedded
                else ()
            ),
            changes=changes,
            missing_terms=missing,
            matrix=seg.matrix,
        )

    def _normalize(self, text: str, lang: str) -> tuple[str, tuple[Change, ...]]:
        result = self.glossary.normalize(text, lang)
        return result.text, result.changes


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.cache
def _steps() -> Any:
    """The segmentation step, imported on first use (not at import time, to keep
    ``import polyglot_news`` light) and then without an import statement per call."""
    from types import SimpleNamespace

    from polyglot_news.segmentation import segment

    return SimpleNamespace(segment=segment)


def _for_model(text: str) -> str:
    """Text a model can encode: undecodable input bytes become U+FFFD (the original is kept)."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _as_pair(item: Item) -> tuple[str, Mapping[str, Any]]:
    if isinstance(item, str):
        return item, {}
    text, meta = item
    if not isinstance(text, str):
        raise TypeError(f"expected str text, got {type(text).__name__}")
    return text, meta


def _from_html(text: str, meta: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """A document whose ``meta["html"]`` is true holds a page's HTML: its article text,
    with ``meta["text_from"]`` saying that offsets refer to the extracted text."""
    if not (isinstance(meta, Mapping) and meta.get("html")):
        return text, meta
    from polyglot_news.extract import EXTRACTOR, article_text

    rest = {k: v for k, v in meta.items() if k != "html"}
    return article_text(text), {**rest, "text_from": EXTRACTOR}


def _main_language(segments: Sequence[Segment]) -> str | None:
    counts: dict[str, int] = {}
    for seg in segments:
        if seg.lang != "und":
            counts[seg.lang] = counts.get(seg.lang, 0) + seg.end - seg.start
    return max(counts, key=counts.__getitem__) if counts else None


def _cut(
    segments: Sequence[Segment], blocks: Sequence[_Block]
) -> Iterator[tuple[Segment, int, int, str, str | None]]:
    """Split segments at block boundaries so no segment straddles two flags."""
    bi = 0
    for seg in segments:
        pos = seg.start
        while pos < seg.end:
            while blocks[bi][1] <= pos:
                bi += 1
            b_start, b_end, flag, reason = blocks[bi]
            end = min(seg.end, b_end)
            yield seg, pos, end, flag, reason
            pos = end


def _why_no_model(translator: Translator | None, lang: str, target: str) -> str:
    """``no-model: zh->en``, saying when installed packages could not be read for lack of
    an extra (``argostranslate``)."""
    why = f"no-model: {lang}->{target}"
    scan = getattr(translator, "problems", None)  # a stand-in translator may have none
    if callable(scan):
        problems = scan()
        extra = next((str(e) for e in problems if isinstance(e, MissingExtraError)), None)
        if extra is not None:
            why += f" (translation unavailable: {extra.split(': ', 1)[-1]})"
    return why


def _note_missing(
    plans: list[_Plan], pieces: list[_Piece], lang: str, target: str, why: str
) -> None:
    affected = {id(p) for p in pieces}
    for plan in plans:
        n = sum(1 for p in plan.pieces if id(p) in affected)
        if n:
            plan.notes.append(
                f"{n} {lang} segment(s) left untranslated ({why}); install a {lang}->{target} "
                "model package"
            )
