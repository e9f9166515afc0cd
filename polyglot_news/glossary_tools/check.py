"""``glossary find`` and ``glossary test``: the engine's view of the glossary.

Both run the real matcher (:mod:`polyglot_news.glossary`), so what an editor
sees here is what the pipeline does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from polyglot_news.glossary_tools.files import GlossaryDoc
from polyglot_news.glossary_tools.model import iter_entries
from polyglot_news.scripts import has_han
from polyglot_news.scripts import script_languages as script_langs  # the old name

__all__ = [
    "Example",
    "ExampleResult",
    "FoundMatch",
    "load_glossary",
    "iter_examples",
    "run_examples",
    "find_matches",
    "script_langs",
    "weak_forms_in",
]


def load_glossary(dirs: Sequence[Path | str] | None) -> Any:
    """The engine's ``Glossary`` for ``dirs`` (only those), or the shipped one."""
    from polyglot_news.glossary import Glossary

    if dirs:
        return Glossary.load([Path(d) for d in dirs], include_shipped=False)
    return Glossary.load()


@dataclass(frozen=True)
class Example:
    """One ``examples`` item of an entry, with where it is written."""

    entry_id: str
    input: str
    expected: str
    lang: str | None
    path: str
    line: int


@dataclass(frozen=True)
class ExampleResult:
    """An example and what ``normalize`` made of it."""

    example: Example
    actual: str

    @property
    def ok(self) -> bool:
        """Whether the output equals the expected text."""
        return self.actual == self.example.expected


def iter_examples(docs: Sequence[GlossaryDoc]) -> Iterator[Example]:
    """Every example of every entry in ``docs``, in file order."""
    for doc in docs:
        for entry in iter_entries(doc):
            examples = entry.data.get("examples")
            if not isinstance(examples, list):
                continue
            for index, item in enumerate(examples):
                if not isinstance(item, dict):
                    continue
                try:
                    line = int(cast(Any, examples).lc.item(index)[0]) + 1
                except (AttributeError, IndexError):
                    line = entry.line
                lang = item.get("lang")
                yield Example(
                    entry.id,
                    str(item.get("input", "")),
                    str(item.get("expected", "")),
                    str(lang) if lang else None,
                    doc.name,
                    line,
                )


def run_examples(examples: Sequence[Example], glossary: Any) -> list[ExampleResult]:
    """Normalize each example's input with ``glossary`` and pair it with the output."""
    from polyglot_news.glossary import normalize

    results = []
    for example in examples:
        normalized = normalize(example.input, glossary=glossary, lang=example.lang)
        results.append(ExampleResult(example, str(normalized.text)))
    return results


@dataclass(frozen=True)
class FoundMatch:
    """A match explained for editors: span, text, entry, status, rule and target form."""

    start: int
    end: int
    text: str
    entry_id: str
    lang: str
    status: str
    rule: str
    short: bool
    target: str


def find_matches(text: str, glossary: Any, langs: Sequence[str]) -> list[FoundMatch]:
    """What the matcher finds in ``text`` for each of ``langs``, in text order (before the
    context's decisions: an editor sees what matched, also where normalize refuses it)."""
    found: dict[tuple[int, int, str], FoundMatch] = {}
    for lang in langs:
        for match in glossary.find(text, lang, evidence=False):
            target = getattr(match, "replacement", None) or _target(
                glossary.get(match.entry_id), match.lang or lang, bool(match.short)
            )
            key = (match.start, match.end, match.entry_id)
            found.setdefault(
                key,
                FoundMatch(
                    match.start,
                    match.end,
                    text[match.start : match.end],
                    match.entry_id,
                    match.lang or lang,
                    str(match.status),
                    str(match.rule),
                    bool(match.short),
                    target,
                ),
            )
    return sorted(found.values(), key=lambda m: (m.start, m.end, m.entry_id))


def weak_forms_in(
    text: str, docs: Sequence[GlossaryDoc], langs: Sequence[str]
) -> list[tuple[int, int, list[str]]]:
    """Spans of ``text`` written as a weak form (any case), with the entries owning it.

    The matcher never reports weak forms; this tells an editor why ``Li`` alone
    stayed as it was. Chinese is compared after simplifying traditional characters.
    """
    owners: dict[str, set[str]] = {}
    for doc in docs:
        for entry in iter_entries(doc):
            for form in entry.forms:
                if form.status == "weak" and form.lang in langs and form.form.strip():
                    owners.setdefault(form.form.strip(), set()).add(entry.id)
    simplified = _simplified(text)
    found: dict[tuple[int, int], set[str]] = {}
    for written, ids in owners.items():
        han = has_han(written)
        pattern = re.escape(_simplified(written) if han else written)
        if not han:
            pattern = rf"(?<![\w-]){pattern}(?![\w-])"
        for match in re.finditer(pattern, simplified if han else text, flags=re.IGNORECASE):
            found.setdefault((match.start(), match.end()), set()).update(ids)
    return [(start, end, sorted(ids)) for (start, end), ids in sorted(found.items())]


def _simplified(text: str) -> str:
    from polyglot_news.glossary.folding import to_simplified

    return to_simplified(text)


def _target(entry: Any, lang: str, short: bool) -> str:
    tables = [getattr(entry, "short", None), getattr(entry, "canonical", None)]
    if not short:
        tables.reverse()
    for table in tables:
        if table is not None and hasattr(table, "get"):
            value = table.get(lang)
            if value:
                return str(value)
    return ""
