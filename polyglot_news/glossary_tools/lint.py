"""Checks on glossary files that editors run before a pull request.

:func:`lint_docs` returns a list of :class:`Problem` (file, line, what is
wrong, how to fix it); :func:`fix_docs` rewrites what can be fixed
mechanically: Unicode NFC, whitespace around and inside forms, and the sort
order of entries. Everything is checked on the YAML as written, so a file the
engine refuses to load still gets a full report.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polyglot_news.glossary.model import KINDS, LANGS, TYPES, VARIANT_STATUSES
from polyglot_news.glossary_tools.files import GlossaryDoc, parse_doc
from polyglot_news.glossary_tools.model import (
    ENTRY_KEYS,
    TYPE_OF_KIND,
    Form,
    RawEntry,
    fold,
    iter_entries,
    line_of,
)
from polyglot_news.glossary_tools.wordlists import COMMON_WORDS, is_bare_surname

if TYPE_CHECKING:
    from polyglot_news.glossary.model import Entry

__all__ = [
    "Problem",
    "lint_docs",
    "fix_docs",
    "form_problems",
    "FIXABLE",
    "sort_blocks",
    "clean_form",
    "shared_form_count",
]

ERROR = "error"
WARNING = "warning"
# Problem codes that fix_docs repairs.
FIXABLE = frozenset({"nfc", "whitespace", "unsorted"})

_ID = re.compile(r"^[a-z0-9_]+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TOP_KEYS = ("kind", "languages", "entries")
_VARIANT_KEYS = ("form", "status", "short", "note")
_EXAMPLE_KEYS = ("input", "expected", "lang", "note")


@dataclass(frozen=True)
class Problem:
    """One finding: ``str(problem)`` reads ``path:line: problem; fix: fix``."""

    path: str
    line: int | None
    problem: str
    fix: str | None = None
    severity: str = ERROR
    code: str = "schema"

    @property
    def fixable(self) -> bool:
        """Whether :func:`fix_docs` repairs it."""
        return self.code in FIXABLE

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        label = "warning: " if self.severity == WARNING else ""
        text = f"{where}: {label}{self.problem}"
        return f"{text}; fix: {self.fix}" if self.fix else text


class _Report:
    """Collects problems for one lint run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, line: int | None, problem: str, fix: str, code: str) -> None:
        self.problems.append(Problem(path, line, problem, fix, ERROR, code))

    def warn(self, path: str, line: int | None, problem: str, fix: str, code: str) -> None:
        self.problems.append(Problem(path, line, problem, fix, WARNING, code))

    def entry_error(
        self, entry: RawEntry, line: int | None, problem: str, fix: str, code: str = "schema"
    ) -> None:
        """An error about ``entry`` (its file; ``problem`` after ``entry ID:``)."""
        self.error(entry.path, line, f"entry {entry.id}: {problem}", fix, code)

    def key_error(
        self, entry: RawEntry, node: Any, key: Any, problem: str, fix: str, code: str = "schema"
    ) -> None:
        """An error about ``entry`` at ``node[key]`` (the entry's line if unknown)."""
        self.entry_error(entry, _line_of(node, key, entry.line), problem, fix, code)

    def entry_warn(
        self, entry: RawEntry, line: int | None, problem: str, fix: str, code: str = "schema"
    ) -> None:
        """A warning about ``entry`` (its file; ``problem`` after ``entry ID:``)."""
        self.warn(entry.path, line, f"entry {entry.id}: {problem}", fix, code)


def _line_of(node: Any, key: Any, default: int | None) -> int | None:
    """The line of the key ``node[key]`` (its item for a list), or ``default``."""
    return line_of(node, key, default, of_value=False)


def lint_docs(docs: Sequence[GlossaryDoc], *, under: Sequence[GlossaryDoc] = ()) -> list[Problem]:
    """Every problem in ``docs``, checked together (duplicates across files count).

    ``under`` are glossaries that ``docs`` layer over (the shipped ones for a
    user folder): their entries take part in the duplicate checks, except those
    whose id ``docs`` replace, and their own problems are not reported.
    """
    report = _Report()
    entries: list[RawEntry] = []
    for doc in docs:
        entries.extend(_lint_doc(doc, report))
    ids = {entry.id for entry in entries}
    base = [e for doc in under for e in iter_entries(doc) if e.id not in ids]
    _check_ids(entries, report)
    _check_duplicates([*base, *entries], report)
    if not any(p.severity == ERROR for p in report.problems):
        parsed = _check_engine(docs, report, under, [*base, *entries])
        _check_generic_forms(parsed, report)
    shown = {doc.name for doc in docs}
    report.problems = [p for p in report.problems if p.path in shown or p.code == "engine"]
    return sorted(
        report.problems,
        key=lambda p: (p.path, p.line or 0, p.severity != ERROR, p.problem),
    )


def _lint_doc(doc: GlossaryDoc, report: _Report) -> list[RawEntry]:
    if doc.error is not None:
        err = doc.error
        report.error(doc.name, err.line, err.problem, err.fix or "fix the YAML", "yaml")
        return []
    data = doc.data
    if not isinstance(data, dict):
        report.error(
            doc.name,
            1,
            "the file is not a mapping with kind, languages and entries",
            "start from the header shown in docs/glossary.md",
            "schema",
        )
        return []
    languages = _check_header(doc, data, report)
    entries = list(iter_entries(doc))
    seq = data.get("entries")
    for index, item in enumerate(seq if isinstance(seq, list) else []):
        if not isinstance(item, dict):
            report.error(
                doc.name,
                _line_of(seq, index, None),
                "entry is not a mapping",
                "write each entry as `- id: ...` followed by its keys",
                "schema",
            )
    kind = data.get("kind")
    for entry in entries:
        _check_entry(entry, languages, kind if isinstance(kind, str) else None, report)
        _check_forms(entry, report)
    _check_sorted(doc, entries, report)
    return entries


def _check_header(doc: GlossaryDoc, data: Any, report: _Report) -> tuple[str, ...]:
    name = doc.name
    for key in data:
        if key not in _TOP_KEYS:
            report.error(
                name,
                _line_of(data, key, 1),
                f"unknown top-level key {key!r}",
                f"top-level keys are {', '.join(_TOP_KEYS)}",
                "schema",
            )
    for key in _TOP_KEYS:
        if key not in data:
            report.error(name, 1, f"missing top-level key {key!r}", f"add `{key}:`", "schema")
    kind = data.get("kind")
    if "kind" in data and kind not in KINDS:
        report.error(
            name,
            _line_of(data, "kind", 1),
            f"unknown kind {kind!r}",
            f"kind is one of {', '.join(KINDS)}",
            "schema",
        )
    elif isinstance(kind, str) and doc.path.stem in KINDS and doc.path.stem != kind:
        report.error(
            name,
            _line_of(data, "kind", 1),
            f"kind {kind!r} does not match the file name",
            f"rename the file to {kind}.yaml or set kind: {doc.path.stem}",
            "schema",
        )
    languages = data.get("languages")
    if "languages" in data and (
        not isinstance(languages, list) or any(lang not in LANGS for lang in languages)
    ):
        report.error(
            name,
            _line_of(data, "languages", 1),
            f"languages must be a list of {', '.join(LANGS)}",
            "write e.g. `languages: [en, zh, ru]`",
            "schema",
        )
        return ()
    if "entries" in data and not isinstance(data.get("entries"), list):
        report.error(
            name,
            _line_of(data, "entries", 1),
            "entries is not a list",
            "write `entries:` followed by `- id: ...` items (or `entries: []`)",
            "schema",
        )
    return tuple(languages or ())


def _check_entry(
    entry: RawEntry, languages: tuple[str, ...], kind: str | None, report: _Report
) -> None:
    data, path, line = entry.data, entry.path, entry.line
    for key in data:
        if key not in ENTRY_KEYS:
            report.key_error(
                entry,
                data,
                key,
                f"unknown key {key!r}",
                f"entry keys are {', '.join(ENTRY_KEYS)}",
            )
    entry_id = data.get("id")
    if isinstance(entry_id, (bool, int, float)):
        kind = type(entry_id).__name__
        report.error(
            path,
            _line_of(data, "id", line),
            f"entry id is read as a {kind} ({entry_id!r})",
            'quote it: id: "..."',
            "schema",
        )
    elif not isinstance(entry_id, str) or not _ID.match(entry_id):
        report.error(
            path,
            line,
            f"entry id {entry_id!r} is missing or not [a-z0-9_]+",
            "give the entry a lowercase id like sergei_shoigu",
            "schema",
        )
    etype = data.get("type")
    if etype not in TYPES:
        report.key_error(
            entry,
            data,
            "type",
            f"type {etype!r} is not valid",
            f"type is one of {', '.join(TYPES)}",
        )
    elif kind in TYPE_OF_KIND and TYPE_OF_KIND[kind] != etype:
        report.entry_warn(
            entry,
            _line_of(data, "type", line),
            f"type {etype} in a {kind} file",
            f"move it to the {etype} file (`glossary` files are one per kind)",
        )
    _check_lang_tables(entry, languages, report)
    _check_variants(entry, languages, report)
    _check_optional(entry, report)


def _check_lang_tables(entry: RawEntry, languages: tuple[str, ...], report: _Report) -> None:
    data = entry.data
    canonical = data.get("canonical")
    if not isinstance(canonical, dict):
        report.key_error(
            entry,
            data,
            "canonical",
            "canonical is missing",
            "add `canonical:` with one form per language",
        )
        canonical = {}
    for lang in languages:
        if lang not in canonical:
            report.key_error(
                entry,
                data,
                "canonical",
                f"no canonical for {lang}, which the file claims",
                f"add `{lang}: <preferred form>` under canonical",
                "canonical",
            )
    for key in ("canonical", "short"):
        table = data.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            report.key_error(
                entry,
                data,
                key,
                f"{key} is not a mapping",
                f"write `{key}:` with `en: ...` lines",
            )
            continue
        for lang, form in table.items():
            _check_lang(entry, table, lang, languages, key, report)
            if not isinstance(form, str):
                report.key_error(
                    entry,
                    table,
                    lang,
                    f"{key}.{lang} is not text",
                    "write the form as text (quote it if needed)",
                )


def _check_lang(
    entry: RawEntry, node: Any, lang: Any, languages: tuple[str, ...], where: str, report: _Report
) -> None:
    line = _line_of(node, lang, entry.line)
    if lang not in LANGS:
        report.error(
            entry.path,
            line,
            f"entry {entry.id}: unknown language {lang!r} in {where}",
            f"languages are {', '.join(LANGS)}",
            "schema",
        )
    elif languages and lang not in languages:
        report.warn(
            entry.path,
            line,
            f"entry {entry.id}: {where} has {lang}, which the file does not claim",
            f"add {lang} to the file's languages or remove it here",
            "schema",
        )


def _field(entry: RawEntry, key: str, kind: type, problem: str, fix: str, report: _Report) -> Any:
    """The entry's optional ``key`` when it is a ``kind``; ``None`` when it is absent or is
    not (reported as ``problem``)."""
    value = entry.data.get(key)
    if value is None or isinstance(value, kind):
        return value
    report.entry_error(entry, _line_of(entry.data, key, entry.line), problem, fix)
    return None


def _check_variants(entry: RawEntry, languages: tuple[str, ...], report: _Report) -> None:
    fix = "write `variants:` with one list per language"
    variants = _field(entry, "variants", dict, "variants is not a mapping", fix, report)
    if variants is None:
        return
    for lang, items in variants.items():
        _check_lang(entry, variants, lang, languages, "variants", report)
        if not isinstance(items, list):
            report.key_error(
                entry,
                variants,
                lang,
                f"variants.{lang} is not a list",
                "write `- form` items, or `[]` for none",
            )
            continue
        for index, item in enumerate(items):
            _check_variant_item(entry, items, index, item, report)


def _check_variant_item(
    entry: RawEntry, items: Any, index: int, item: Any, report: _Report
) -> None:
    path, line = entry.path, _line_of(items, index, entry.line)
    if isinstance(item, str):
        return
    if not isinstance(item, dict):
        report.error(
            path,
            line,
            f"entry {entry.id}: variant {item!r} is neither text nor a mapping",
            "write `- Form` or `- {form: Form, status: admitted}`; quote words YAML reads as "
            'true/false or numbers (- "No")',
            "schema",
        )
        return
    for key in item:
        if key not in _VARIANT_KEYS:
            report.entry_error(
                entry,
                line,
                f"unknown variant key {key!r}",
                f"variant keys are {', '.join(_VARIANT_KEYS)}",
            )
    if not isinstance(item.get("form"), str):
        report.error(
            path, line, f"entry {entry.id}: variant has no form", "add `form: <text>`", "schema"
        )
    status = item.get("status", "admitted")
    if status == "preferred":
        report.entry_error(
            entry,
            line,
            f"variant {item.get('form')!r} has status preferred",
            "the preferred form is the canonical (or short); use admitted, deprecated or weak",
            "status",
        )
    elif status not in VARIANT_STATUSES:
        report.entry_error(
            entry,
            line,
            f"unknown status {status!r}",
            f"status is one of {', '.join(VARIANT_STATUSES)}",
            "status",
        )
    if "short" in item and not isinstance(item["short"], bool):
        report.entry_error(
            entry, line, "variant short must be true or false", "write `short: true`"
        )


def _check_optional(entry: RawEntry, report: _Report) -> None:
    data = entry.data
    canonical = data.get("canonical") if isinstance(data.get("canonical"), dict) else {}
    for key in ("render_only", "uncertain"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or any(lang not in LANGS for lang in value):
            report.key_error(
                entry,
                data,
                key,
                f"{key} must list languages",
                f"write e.g. `{key}: [zh]` with codes from {', '.join(LANGS)}",
            )
        elif key == "render_only":
            for lang in value:
                if lang not in canonical:
                    report.key_error(
                        entry,
                        data,
                        key,
                        f"render_only {lang} has no canonical",
                        f"add canonical.{lang} or remove {lang} from render_only",
                    )
    if "case_sensitive" in data and not isinstance(data["case_sensitive"], bool):
        report.key_error(
            entry,
            data,
            "case_sensitive",
            "case_sensitive must be true or false",
            "write `case_sensitive: false`",
        )
    for key in ("army", "notes"):
        if key in data and not isinstance(data[key], str):
            report.key_error(entry, data, key, f"{key} must be text", "quote the value")
    sources = data.get("sources")
    if sources is not None and (
        not isinstance(sources, list) or not all(isinstance(s, str) for s in sources)
    ):
        report.key_error(
            entry,
            data,
            "sources",
            "sources must be a list of text",
            'write `sources: [https://..., "Xinhua 2023-04-16"]`',
        )
    _check_held(entry, report)
    _check_examples(entry, report)


def _date_text(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _DATE.match(value):
        return value
    return None


def _check_held(entry: RawEntry, report: _Report) -> None:
    data, line = entry.data, entry.line
    held = data.get("held")
    if held is None:
        return
    where = _line_of(data, "held", line)
    if not isinstance(held, dict) or any(k not in ("from", "to") for k in held):
        report.entry_error(
            entry,
            where,
            "held must be {from: DATE, to: DATE}",
            "write e.g. `held: {from: 2023-03, to: 2023-10}`",
        )
        return
    dates = {k: _date_text(v) for k, v in held.items()}
    for key, text in dates.items():
        if text is None:
            report.entry_error(
                entry,
                where,
                f"held.{key} {held[key]!r} is not an ISO date",
                "write YYYY, YYYY-MM or YYYY-MM-DD",
            )
    start, end = dates.get("from"), dates.get("to")
    if start and end and start > end:
        report.entry_error(
            entry, where, f"held.from {start} is after held.to {end}", "swap the dates"
        )


def _check_examples(entry: RawEntry, report: _Report) -> None:
    line = entry.line
    fix = "write `- {input: ..., expected: ..., lang: en}` items"
    examples = _field(entry, "examples", list, "examples must be a list", fix, report)
    if examples is None:
        return
    for index, example in enumerate(examples):
        where = _line_of(examples, index, line)
        if not isinstance(example, dict) or not all(
            isinstance(example.get(k), str) for k in ("input", "expected")
        ):
            report.entry_error(
                entry,
                where,
                "example needs input and expected text",
                "write `- {input: ..., expected: ..., lang: en}`",
            )
            continue
        unknown = [k for k in example if k not in _EXAMPLE_KEYS]
        if unknown or example.get("lang", "en") not in LANGS:
            report.entry_error(
                entry,
                where,
                "example keys are input, expected, lang, note",
                f"lang is one of {', '.join(LANGS)}",
            )


def clean_form(form: str) -> str:
    """``form`` in NFC with surrounding whitespace removed and inner runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", form).split())


def _check_forms(entry: RawEntry, report: _Report) -> None:
    seen: dict[tuple[str, str], Form] = {}
    for form in entry.forms:
        _check_form_text(form, report)
        _check_form_words(entry, form, report)
        text = clean_form(form.form)
        key = (form.lang, text if entry.case_sensitive else text.casefold())
        first = seen.get(key)
        if first is None:
            seen[key] = form
        elif form.form.strip():
            report.error(
                form.path,
                form.line,
                f"entry {entry.id}: {form.lang} form {form.form!r} repeats {first.form!r} "
                f"(line {first.line})",
                "keep one of them",
                "duplicate",
            )


def form_problems(
    form: str, lang: str, status: str, role: str = "variant", case_sensitive: bool = True
) -> list[str]:
    """The lint errors one form would raise on its own (text, NFC, surname, common word)."""
    report = _Report()
    item = Form(form, lang, status, False, role, "<new>", "<new>", 0)
    entry = RawEntry("<new>", "", "<new>", 0, case_sensitive, (), (item,), {})
    _check_form_text(item, report)
    _check_form_words(entry, item, report)
    return [
        f"{p.problem.removeprefix('entry <new>: ')}; fix: {p.fix}"
        for p in report.problems
        if p.severity == ERROR
    ]


def _check_form_text(form: Form, report: _Report) -> None:
    if not form.form.strip():
        report.error(
            form.path,
            form.line,
            f"entry {form.entry_id}: empty {form.lang} {form.role}",
            "write the form or delete the line",
            "empty",
        )
        return
    if form.form != " ".join(form.form.split()):
        report.error(
            form.path,
            form.line,
            f"entry {form.entry_id}: {form.lang} form {form.form!r} has extra whitespace",
            f"write {clean_form(form.form)!r}",
            "whitespace",
        )
    if not unicodedata.is_normalized("NFC", form.form):
        report.error(
            form.path,
            form.line,
            f"entry {form.entry_id}: {form.lang} form {form.form!r} is not in Unicode NFC",
            "save it in Unicode NFC",
            "nfc",
        )


def _is_common_word(form: Form, case_sensitive: bool) -> bool:
    words = COMMON_WORDS.get(form.lang, frozenset())
    text = form.form.strip()
    lower = text.lower()
    if lower not in words:
        return False
    return not case_sensitive or text in (lower, lower.capitalize())


def _check_form_words(entry: RawEntry, form: Form, report: _Report) -> None:
    if form.status == "weak" or not form.form.strip():
        return
    if is_bare_surname(form.form, form.lang):
        problem = (
            f"entry {entry.id}: {form.lang} {form.role} {form.form!r} is a bare surname "
            "that names many people"
        )
        if form.role == "variant":
            report.error(
                form.path,
                form.line,
                problem + " and would match on its own",
                f"mark it weak: `- {{form: {form.form}, status: weak}}`",
                "weak",
            )
        else:
            report.warn(
                form.path,
                form.line,
                problem + ", matched on its own",
                "keep it only if this person is the only one your texts name so",
                "weak",
            )
    if form.role == "variant" and _is_common_word(form, entry.case_sensitive):
        report.error(
            form.path,
            form.line,
            f"entry {entry.id}: {form.lang} variant {form.form!r} is a common word",
            "mark it weak, or write a longer form",
            "common-word",
        )


def _check_ids(entries: Iterable[RawEntry], report: _Report) -> None:
    first: dict[str, RawEntry] = {}
    for entry in entries:
        other = first.setdefault(entry.id, entry)
        if other is not entry:
            report.error(
                entry.path,
                entry.line,
                f"entry id {entry.id!r} is also used at {other.path}:{other.line}",
                "ids are unique across all files: rename one of them",
                "duplicate-id",
            )


def _exempt(form: Form, entry: RawEntry) -> bool:
    return form.role == "canonical" and form.lang in entry.render_only


def _check_duplicates(entries: Sequence[RawEntry], report: _Report) -> None:
    """A form several entries claim (after folding, case included) is a *shared form*: a
    warning (``--strict``: an error) unless every claim marks it weak (or is a render_only
    canonical). It loads: normalize decides it by evidence or reports it ambiguous. One
    warning per form, at its last claim, naming every claim."""
    groups: dict[tuple[str, str], list[tuple[Form, RawEntry]]] = defaultdict(list)
    for entry in entries:
        for form in entry.forms:
            if form.form.strip() and not _exempt(form, entry):
                key = (form.lang, fold(form.form, form.lang, False))
                groups[key].append((form, entry))
    for (lang, _), members in groups.items():
        claims: dict[str, tuple[Form, RawEntry]] = {}
        weak: dict[str, bool] = {}
        for form, entry in members:
            claims.setdefault(entry.id, (form, entry))
            weak[entry.id] = weak.get(entry.id, True) and form.status == "weak"
        if len(claims) < 2 or all(weak.values()):
            continue
        # Case folds too: `CMC` and `cmc` in two entries are one shared form even when
        # both are case-sensitive.
        *others, (last_form, last_entry) = claims.values()
        where = ", ".join(f"{e.id} ({f.form!r} at {f.path}:{f.line})" for f, e in others)
        report.warn(
            last_form.path,
            last_form.line,
            f"{lang} form {last_form.form!r} of entry {last_entry.id} is shared: "
            f"{len(claims)} entries claim it, also {where}; normalize decides it by "
            "evidence (held dates, the document's other names) or leaves it and reports "
            "it as ambiguous",
            "leave it shared if the entries really share it; else keep it in one entry, "
            "or mark it weak",
            "shared-form",
        )


def shared_form_count(problems: Iterable[Problem]) -> int:
    """How many of ``problems`` are shared forms."""
    return sum(1 for p in problems if p.code == "shared-form")


_REPLACED = ("admitted", "deprecated")


def _targets(entry: RawEntry) -> dict[str, dict[str, set[str]]]:
    """Per language, the forms the matcher writes in place of ``entry``'s replaced variants,
    each with those variants."""
    table = {f.lang: f.form for f in entry.forms if f.role == "canonical"}
    shorts = {f.lang: f.form for f in entry.forms if f.role == "short"}
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for form in entry.forms:
        if form.role != "variant" or form.status not in _REPLACED:
            continue
        if form.lang in entry.render_only or form.lang not in table:
            continue
        target = shorts.get(form.lang, table[form.lang]) if form.short else table[form.lang]
        out[form.lang][target].add(form.form)
    return out


@dataclass(frozen=True)
class _Probe:
    """A text where a replacement ``written`` (of entry ``owner``) lands behind the head of
    a form that overlaps it: where normalize could fail to reach a fixed point."""

    owner: RawEntry
    lang: str
    written: str
    overlapping: Form
    text: str


def _fixed_point_probes(entries: Sequence[RawEntry]) -> list[_Probe]:
    """Texts on which to check that normalize reaches a fixed point.

    normalize() writes a canonical (or short) form ``R`` where a variant stood. On the
    next run a form ``g`` that overlaps ``R`` can match across it, and the text can change
    again: grow on every run (``丙`` -> ``甲乙丙`` with the weak ``乙甲`` in front: ``乙丙``
    grows by ``乙甲`` per run). Two overlaps are searched, each with one automaton pass
    or table lookup per form:

    - ``g`` starts before ``R`` and ends inside it or at its end (``g = h + R[:k]``):
      probes ``h + R`` and ``h + V`` (``V`` each variant written as ``R``);
    - ``g`` starts inside ``R`` or at its start and ends after it (``g = R[j:] + t``):
      probes ``R + t`` and ``V + t``.

    The text beside ``R`` can itself be another replacement: ``h`` or ``t`` may be the
    end or the start of a replacement ``R2`` (``甲丙`` -> ``乙丙甲`` beside ``乙`` -> ``丙乙``:
    ``甲丙`` forms again on every run), so ``R2 + R`` and ``R + R2`` are probed as well, for
    the first :data:`_NEIGHBOURS` such replacements.

    A chain that ends (``Chinese Chinese Central Military Commission`` loses one
    ``Chinese`` per pass) is not an error: normalize() runs until its output is a fixed
    point (:data:`~polyglot_news.glossary.normalize.MAX_PASSES`).
    """
    return [probe for lang in LANGS for probe in _lang_probes(entries, lang)]


#: how many neighbouring replacements (``R2`` in :func:`_fixed_point_probes`) are probed
#: per overlap: enough for a chain, bounded for a list of 100,000 names
_NEIGHBOURS = 4


def _with_affix(keys: Sequence[str], affix: str) -> list[str]:
    """The first :data:`_NEIGHBOURS` of the sorted ``keys`` that start with ``affix``."""
    out: list[str] = []
    i = bisect_left(keys, affix)
    while i < len(keys) and keys[i].startswith(affix) and len(out) < _NEIGHBOURS:
        out.append(keys[i])
        i += 1
    return out


def _lang_probes(entries: Sequence[RawEntry], lang: str) -> list[_Probe]:
    """The probes of :func:`_fixed_point_probes` in one language."""
    import ahocorasick

    from polyglot_news.glossary.folding import joins
    from polyglot_news.glossary.matcher import key_of

    probes: list[_Probe] = []
    targets: dict[str, tuple[RawEntry, str, set[str]]] = {}
    forms: list[tuple[str, Form]] = []
    for entry in entries:
        for target, variants in _targets(entry).get(lang, {}).items():
            targets.setdefault(key_of(target, lang), (entry, target, variants))
        for form in entry.forms:
            if form.lang == lang and form.form.strip() and not _exempt(form, entry):
                forms.append((key_of(form.form, lang), form))
    if not targets:
        return probes

    def at_boundary(text: str, i: int) -> bool:
        return lang == "zh" or not joins(text[i - 1], text[i])

    # the text found beside each target: a form's head or tail, or a neighbouring replacement
    heads: dict[str, list[tuple[str, Form]]] = defaultdict(list)
    tails: dict[str, list[tuple[str, Form]]] = defaultdict(list)
    # g = h + R[:k]: an automaton of the targets' prefixes (and whole keys), run over g.
    prefixes: Any = ahocorasick.Automaton()
    for key in targets:
        for k in range(1, len(key) + 1):
            found = prefixes.get(key[:k], None)
            prefixes.add_word(key[:k], [*(found or []), (key, k)])
    prefixes.make_automaton()
    starts = sorted(targets)  # the targets' keys, and the same reversed: R2 by affix
    ends = sorted(key[::-1] for key in targets)
    seen: set[tuple[str, str, str]] = set()
    for key, form in forms:
        for end, hits in prefixes.iter(key):
            if end != len(key) - 1:
                continue  # g must end inside R or at its end
            for target, k in hits:
                start = end - k + 1
                if start == 0 or ("h", target, key[:start]) in seen:
                    continue  # g must start before R
                if not at_boundary(key, start) or (
                    k < len(target) and not at_boundary(target, k)
                ):
                    continue
                seen.add(("h", target, key[:start]))
                heads[target].append((form.form[:start], form))
                for other in _with_affix(ends, key[:start][::-1]):
                    heads[target].append((targets[other[::-1]][1], form))
    # g = R[j:] + t: a table of the targets' suffixes, looked up with g's prefixes.
    suffixes: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key in targets:
        for j in range(len(key)):
            if j == 0 or at_boundary(key, j):
                suffixes[key[j:]].append((key, j))
    for key, form in forms:
        for m in range(1, len(key)):
            if key[:m] not in suffixes or not at_boundary(key, m):
                continue
            tail = form.form[m:]
            for target, _ in suffixes[key[:m]]:
                if ("t", target, tail) in seen:
                    continue
                seen.add(("t", target, tail))
                tails[target].append((tail, form))
                for other in _with_affix(starts, key[m:]):
                    tails[target].append((targets[other][1], form))
    for target, (owner, written, variants) in targets.items():
        texts = (written, *sorted(variants))
        before, after = heads.get(target, []), tails.get(target, [])
        sides = [(head, "", form) for head, form in before]
        sides += [("", tail, form) for tail, form in after]
        # both sides at once: a head may re-form a match only once the tail has
        sides += [
            (head, tail, form)
            for head, form in before[:_NEIGHBOURS]
            for tail, _ in after[:_NEIGHBOURS]
        ]
        for head, tail, form in sides:
            probes.extend(_Probe(owner, lang, written, form, head + t + tail) for t in texts)
    return probes


def _check_fixed_points(glossary: Any, entries: Sequence[RawEntry], report: _Report) -> None:
    """Report each replacement on whose probes normalize does not reach a fixed point."""
    from polyglot_news.glossary.normalize import normalize

    reported: set[tuple[str, str, str]] = set()
    for probe in _fixed_point_probes(entries):
        key = (probe.owner.id, probe.written, probe.overlapping.form)
        if key in reported:
            continue
        once = normalize(probe.text, glossary=glossary, lang=probe.lang).text
        twice = normalize(once, glossary=glossary, lang=probe.lang).text
        if twice == once:
            continue
        reported.add(key)
        report.error(
            probe.owner.path,
            probe.owner.line,
            f"entry {probe.owner.id}: {probe.lang} replacement {probe.written!r} is split by "
            f"{probe.overlapping.form!r} of entry {probe.overlapping.entry_id}: normalize "
            f"changes its own output ({probe.text!r} -> {once!r} -> {twice!r})",
            "change or remove one of the two forms, so that no form ends inside a "
            "replacement that another variant is replaced by",
            "not-idempotent",
        )


def _check_engine(
    docs: Sequence[GlossaryDoc],
    report: _Report,
    under: Sequence[GlossaryDoc] = (),
    entries_seen: Sequence[RawEntry] = (),
) -> list[Entry]:
    """What the engine's loader refuses and the checks above missed (lint passes => loads),
    and replacements on which normalize would not reach a fixed point. Returns the engine's
    entries of ``docs`` (none if the loader refused them), parsed once for the checks after."""
    from polyglot_news.errors import GlossaryError
    from polyglot_news.glossary import Glossary
    from polyglot_news.glossary.loader import parse_text

    try:
        layered = {e.id: e for doc in under for e in parse_text(doc.text, doc.name)}
        entries = [entry for doc in docs for entry in parse_text(doc.text, doc.name)]
        layered.update((entry.id, entry) for entry in entries)
        glossary = Glossary.from_entries([*layered.values()] if under else entries)
    except GlossaryError as exc:
        report.error(
            exc.path or "<glossary>",
            exc.line,
            f"the glossary loader refuses it: {exc.problem}",
            exc.fix or "see docs/glossary.md",
            "engine",
        )
        return []
    _check_fixed_points(glossary, entries_seen, report)
    return entries


def _check_generic_forms(entries: Sequence[Entry], report: _Report) -> None:
    """A variant that is a canonical naming a country, with the country taken out (国家主席
    of 中国国家主席): normalizing would write that country into texts naming another."""
    from polyglot_news.glossary.context import generic_variants

    for entry in entries:
        for lang, form, line in generic_variants(entry):
            report.warn(
                entry.path or "<glossary>",
                line,
                f"{entry.id}: the {lang} form {form!r} names no country, "
                f"its canonical {entry.canonical[lang]!r} does",
                "move the generic form into an entry of its own (see t_cgs_generic)",
                "generic-form",
            )


def _check_sorted(doc: GlossaryDoc, entries: Sequence[RawEntry], report: _Report) -> None:
    for previous, entry in zip(entries, entries[1:], strict=False):
        if entry.id < previous.id:
            report.error(
                doc.name,
                entry.line,
                f"entries are not sorted by id: {entry.id!r} comes after {previous.id!r}",
                "sort the entries by id",
                "unsorted",
            )
            return


def sort_blocks(doc: GlossaryDoc) -> str:
    """The text of ``doc`` with its entry blocks sorted by id (every block byte-kept)."""
    layout = doc.layout
    if layout is None:
        return doc.text
    lines = doc.lines
    ids = [str(e.get("id", "")) if isinstance(e, dict) else "" for e in doc.entries]
    blocks = []
    for start, end in layout.blocks:
        body = lines[start:end]
        cut = len(body)
        while cut > 1 and not body[cut - 1].strip():
            cut -= 1
        blocks.append((body[:cut], body[cut:]))
    if blocks and not blocks[-1][0][-1].endswith("\n"):
        blocks[-1] = ([*blocks[-1][0][:-1], blocks[-1][0][-1] + "\n"], blocks[-1][1])
    gaps = [gap for _, gap in blocks]
    separator = gaps[0] if len(gaps) > 1 else []
    order = sorted(range(len(blocks)), key=lambda i: ids[i])
    out = lines[: layout.head_end]
    for rank, i in enumerate(order):
        out.extend(blocks[i][0])
        out.extend(gaps[-1] if rank == len(order) - 1 else separator)
    out.extend(lines[layout.tail_start :])
    return "".join(out)


def fix_docs(docs: Sequence[GlossaryDoc]) -> dict[Path, str]:
    """New texts for the files that ``--fix`` changes: NFC, whitespace in forms, sort order.

    Returns ``{path: new_text}`` for changed files only; nothing is written.
    """
    from polyglot_news.glossary_tools.edit import rewrite_entries

    changed: dict[Path, str] = {}
    for doc in docs:
        if doc.error is not None or not isinstance(doc.data, dict):
            continue
        text = unicodedata.normalize("NFC", doc.text)
        current = parse_doc(doc.path, text) if text != doc.text else doc
        if current.error is None:
            current = parse_doc(doc.path, rewrite_entries(current, _clean_entry_forms))
        text = sort_blocks(current) if current.error is None else current.text
        if text != doc.text:
            changed[doc.path] = text
    return changed


def _clean_entry_forms(entry: Any) -> bool:
    """Clean every form of ``entry`` in place; True when something changed."""
    changed = False
    for key in ("canonical", "short"):
        table = entry.get(key)
        if isinstance(table, dict):
            for lang, form in list(table.items()):
                if isinstance(form, str) and clean_form(form) != form and form.strip():
                    table[lang] = clean_form(form)
                    changed = True
    variants = entry.get("variants")
    for items in variants.values() if isinstance(variants, dict) else ():
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            form = item.get("form") if isinstance(item, dict) else item
            if isinstance(form, str) and form.strip() and clean_form(form) != form:
                if isinstance(item, dict):
                    item["form"] = clean_form(form)
                else:
                    items[index] = clean_form(form)
                changed = True
    return changed
