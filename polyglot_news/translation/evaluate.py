"""Judge an installed model on your own text: chrF, BLEU (sacrebleu) and glossary term accuracy.

>>> pairs = read_eval_tsv(io.StringIO("绍伊古会见拉夫罗夫。\\tShoigu met Lavrov.\\n"), "x.tsv")
>>> pairs
[('绍伊古会见拉夫罗夫。', 'Shoigu met Lavrov.')]

:func:`evaluate` translates every source line with a
:class:`~polyglot_news.translation.Translator` (so the glossary steps run as in
``Pipeline``), scores the outputs against the references with sacrebleu's
corpus chrF and BLEU, and counts, for every glossary entity found in a source
line, whether its canonical (or short) form in the target language is in the
output: the term accuracy.
"""

from __future__ import annotations

import io  # noqa: F401 - used by the doctest
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from polyglot_news.errors import GlossaryError, InputError, MissingExtraError
from polyglot_news.translation.protocols import GlossaryLike

__all__ = ["EvalReport", "read_eval_tsv", "evaluate", "term_hits"]

MAX_LINE_CHARS = 100_000
GLOSSARY_LANGS = frozenset({"en", "zh", "ru"})  # the languages glossaries hold forms for


@dataclass(frozen=True)
class EvalReport:
    """Scores of one model on one file.

    ``chrf`` and ``bleu`` are sacrebleu corpus scores (0-100);
    ``terms_expected`` counts the glossary entities found in the sources,
    ``terms_found`` those whose target form is in the output (``term_accuracy``
    is ``None`` when no source held a glossary term).
    """

    lines: int
    chrf: float
    bleu: float
    terms_expected: int
    terms_found: int
    bleu_tokenize: str

    @property
    def term_accuracy(self) -> float | None:
        """``terms_found / terms_expected``, or ``None`` without glossary terms."""
        return self.terms_found / self.terms_expected if self.terms_expected else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of every score."""
        return {
            "lines": self.lines,
            "chrf": round(self.chrf, 2),
            "bleu": round(self.bleu, 2),
            "bleu_tokenize": self.bleu_tokenize,
            "terms_expected": self.terms_expected,
            "terms_found": self.terms_found,
            "term_accuracy": (
                round(self.term_accuracy, 4) if self.term_accuracy is not None else None
            ),
        }


def read_eval_tsv(stream: IO[str] | Iterable[str], name: str) -> list[tuple[str, str]]:
    """``(source, reference)`` per line of a two-column TSV; blank lines are skipped.

    A line without exactly one tab, an empty column or an over-long line raises
    :class:`InputError` naming ``name`` and the line.
    """
    pairs: list[tuple[str, str]] = []
    for lineno, line in enumerate(stream, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"line longer than {MAX_LINE_CHARS} characters; split it",
                source=name,
                line=lineno,
            )
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError(
                "expected two tab-separated columns, source and reference; fix the line",
                source=name,
                line=lineno,
            )
        pairs.append((cells[0].strip(), cells[1].strip()))
    if not pairs:
        raise InputError("no source/reference lines; give a two-column TSV", source=name)
    return pairs


def term_hits(
    glossary: GlossaryLike, source_text: str, output: str, source: str, target: str
) -> tuple[int, int]:
    """``(expected, found)``: glossary entities in ``source_text``, and how many of them
    appear in ``output`` in a target-language canonical or short form."""
    expected = found = 0
    if not {source, target} <= GLOSSARY_LANGS:
        return 0, 0
    for match in glossary.find(source_text, source):
        forms = set()
        for short in (match.short, not match.short):
            try:
                forms.add(glossary.render(match.entry_id, target, short=short))
            except (KeyError, GlossaryError):  # the entry has no form in target
                continue
        forms.discard("")
        if not forms:
            continue
        expected += 1
        found += any(form in output for form in forms)
    return expected, found


def _bleu_tokenize(target: str) -> str:
    # sacrebleu's own Chinese tokenizer; languages without spaces are scored per character
    return {"zh": "zh", "ja": "char", "ko": "char", "th": "char"}.get(target, "13a")


def evaluate(
    translator: Any,
    pairs: Sequence[tuple[str, str]],
    source: str,
    *,
    glossary: GlossaryLike | None = None,
    batch_size: int = 64,
) -> EvalReport:
    """Translate each source of ``pairs`` with ``translator`` and score it (see module doc).

    ``translator`` is a :class:`~polyglot_news.translation.Translator`; its
    target is the language of the references.
    """
    try:
        import sacrebleu
    except ImportError:
        raise MissingExtraError(
            "sacrebleu is not installed; install the translation extra: "
            "pip install 'polyglot-news[translate]'"
        ) from None
    target = translator.target
    outputs: list[str] = []
    for i in range(0, len(pairs), batch_size):
        chunk = pairs[i : i + batch_size]
        outputs.extend(t.text for t in translator.translate_batch([(s, source) for s, _ in chunk]))
    references = [[ref for _, ref in pairs]]
    tokenize = _bleu_tokenize(target)
    chrf = sacrebleu.corpus_chrf(outputs, references).score
    bleu = sacrebleu.corpus_bleu(outputs, references, tokenize=tokenize).score
    expected = found = 0
    if glossary is not None:
        for (text, _), output in zip(pairs, outputs, strict=True):
            e, f = term_hits(glossary, text, output, source, target)
            expected += e
            found += f
    return EvalReport(len(pairs), float(chrf), float(bleu), expected, found, tokenize)
