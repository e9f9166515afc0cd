"""Counts of entries and surface forms per type, language and status, and how many entries
say where their forms come from (``sources``), which are ``uncertain`` and which carry
``held`` dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from polyglot_news.glossary_tools.files import GlossaryDoc
from polyglot_news.glossary_tools.model import LANGS, STATUSES, TYPES, iter_entries

__all__ = ["Stats", "glossary_stats", "format_stats"]


@dataclass
class Stats:
    """Entry and form counts of a set of glossary files."""

    files: int = 0
    entries: Counter[str] = field(default_factory=Counter)  # type -> entries
    forms: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, lang) -> forms
    statuses: Counter[tuple[str, str]] = field(default_factory=Counter)  # (lang, status) -> forms
    examples: int = 0
    #: type -> entries with ``sources`` / with ``uncertain`` set / with ``held`` dates
    sourced: Counter[str] = field(default_factory=Counter)
    uncertain: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view: ``{"entries": {type: n}, "forms": {type: {lang: n}}, ...}``."""
        types = sorted(self.entries, key=_type_rank)
        langs = _langs(self.forms)
        return {
            "files": self.files,
            "entries": {t: self.entries[t] for t in types},
            "forms": {t: {lang: self.forms[(t, lang)] for lang in langs} for t in types},
            "statuses": {lang: {s: self.statuses[(lang, s)] for s in STATUSES} for lang in langs},
            "examples": self.examples,
            "provenance": {
                t: {
                    "sourced": self.sourced[t],
                    "uncertain": self.uncertain[t],
                    "held": self.held[t],
                }
                for t in types
            },
        }


def _type_rank(entry_type: str) -> tuple[int, str]:
    return (TYPES.index(entry_type) if entry_type in TYPES else len(TYPES), entry_type)


def _langs(counter: Counter[tuple[str, str]]) -> list[str]:
    seen = {lang for _, lang in counter}
    return [lang for lang in LANGS if lang in seen] + sorted(seen - set(LANGS))


def glossary_stats(docs: Sequence[GlossaryDoc]) -> Stats:
    """Count entries per type, forms per type and language, and forms per status."""
    stats = Stats(files=len(docs))
    for doc in docs:
        for entry in iter_entries(doc):
            stats.entries[entry.type] += 1
            examples = entry.data.get("examples")
            stats.examples += len(examples) if isinstance(examples, list) else 0
            for counter, key in (
                (stats.sourced, "sources"),
                (stats.uncertain, "uncertain"),
                (stats.held, "held"),
            ):
                counter[entry.type] += bool(entry.data.get(key))
            for form in entry.forms:
                stats.forms[(entry.type, form.lang)] += 1
                stats.statuses[(form.lang, form.status)] += 1
    return stats


def format_stats(stats: Stats) -> str:
    """Three aligned tables: entries and forms per type and language; forms per status; and
    per type, the entries that cite sources, are marked uncertain or carry held dates."""
    types = sorted(stats.entries, key=_type_rank)
    langs = _langs(stats.forms)
    rows = [["type", "entries", *langs]]
    for t in types:
        rows.append([t, str(stats.entries[t]), *(str(stats.forms[(t, lang)]) for lang in langs)])
    rows.append(
        ["total", str(sum(stats.entries.values()))]
        + [str(sum(stats.forms[(t, lang)] for t in types)) for lang in langs]
    )
    status_rows = [["status", *langs]]
    for status in STATUSES:
        status_rows.append([status, *(str(stats.statuses[(lang, status)]) for lang in langs)])
    provenance = [["type", "entries", "sourced", "uncertain", "held"]]
    for t in types:
        provenance.append(
            [t, *(str(c[t]) for c in (stats.entries, stats.sourced, stats.uncertain, stats.held))]
        )
    footer = f"{stats.files} files, {stats.examples} examples"
    tables = [_table(rows), _table(status_rows), _table(provenance)]
    return "\n\n".join(tables) + f"\n\n{footer}\n"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
