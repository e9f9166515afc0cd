"""Moving glossaries to and from other systems: CSV/TSV tables and TBX-Basic.

Layouts written and read:

* **multi**: a header row of language codes (``en,zh,ru``), one concept per
  row. This is the multi-language CSV of Google's equivalent term sets, Amazon
  Translate's custom terminology and DeepL's multilingual glossaries (one
  dictionary per pair, built from the same table).
* **pair**: two columns ``source,target`` without a header, one pair per row:
  DeepL's CSV/TSV entries and Google's unidirectional glossaries. DeepL's
  four-column rows (``source,target,source_lang,target_lang``) are read too.
* **TBX-Basic**: ``tbx`` writes TBX v3 (``conceptEntry``/``langSec``/``termSec``),
  ``tbx2`` the 2008 ``martif`` dialect (``termEntry``/``langSet``/``tig``);
  import reads either, and any mix of ``termEntry``/``conceptEntry``,
  ``langSet``/``langSec`` and ``tig``/``ntig``/``termSec``.

Import maps each row or concept to the entry that owns one of its forms and
adds the other forms as variants; whatever it cannot map is reported.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from polyglot_news.errors import GlossaryError, InputError, UsageError
from polyglot_news.glossary_tools.files import GlossaryDoc
from polyglot_news.glossary_tools.model import (
    LANGS,
    TYPES,
    Form,
    RawEntry,
    entry_at,
    fold,
    iter_entries,
)

__all__ = [
    "export_glossary",
    "import_glossary",
    "ImportReport",
    "Concept",
    "read_table",
    "read_tbx",
    "lang_code",
    "pair_rows",
]

_ADMN = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "weak": "admittedTerm-admn-sts",
}
_STATUS_OF_ADMN = {
    "preferredterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "deprecated",
    "supersededterm-admn-sts": "deprecated",
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
}
_WEAK_NOTE = "weak: never matched on its own"
_TYPE_NOTE = re.compile(r"^\s*type:\s*([a-z]+)\s*$")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EXTRA_COLUMNS = {"pos", "description", "notes", "note", "id", "type"}


def lang_code(code: str) -> str | None:
    """``en``, ``EN-us``, ``zh-Hant``, ``ru_RU`` -> ``en``/``zh``/``ru``; others -> None."""
    primary = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return primary if primary in LANGS else None


def _looks_like_lang(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", code.strip()))


# --- export -------------------------------------------------------------------------------
def _entries(docs: Sequence[GlossaryDoc]) -> list[RawEntry]:
    entries = [e for doc in docs for e in iter_entries(doc)]
    return sorted(entries, key=lambda e: e.id)


def _doc_langs(docs: Sequence[GlossaryDoc]) -> list[str]:
    seen: set[str] = set()
    for doc in docs:
        langs = doc.data.get("languages") if isinstance(doc.data, dict) else None
        seen.update(str(x) for x in langs or [])
    return [lang for lang in LANGS if lang in seen] or list(LANGS)


def _canonical(entry: RawEntry, lang: str) -> str | None:
    for form in entry.forms:
        if form.role == "canonical" and form.lang == lang:
            return form.form
    return None


def _short(entry: RawEntry, lang: str) -> str | None:
    for form in entry.forms:
        if form.role == "short" and form.lang == lang:
            return form.form
    return None


def _writer(delimiter: str) -> tuple[io.StringIO, Any]:
    out = io.StringIO()
    return out, csv.writer(out, delimiter=delimiter, lineterminator="\n")


def _export_multi(docs: Sequence[GlossaryDoc], delimiter: str) -> str:
    langs = _doc_langs(docs)
    out, writer = _writer(delimiter)
    writer.writerow(langs)
    for entry in _entries(docs):
        row = [_canonical(entry, lang) or "" for lang in langs]
        if any(row):
            writer.writerow(row)
    return out.getvalue()


def pair_rows(
    docs: Sequence[GlossaryDoc], source: str, target: str, variants: bool = True
) -> Iterator[tuple[str, str]]:
    """(source form, target form) pairs: canonicals, shorts, then admitted/deprecated variants."""
    seen: set[str] = set()
    for entry in _entries(docs):
        target_canonical = _canonical(entry, target)
        if not target_canonical or source in entry.render_only:
            continue
        target_short = _short(entry, target) or target_canonical
        for form in entry.forms:
            if form.lang != source or form.status == "weak":
                continue
            if form.role == "variant" and not variants:
                continue
            out = target_short if form.short else target_canonical
            if form.form not in seen:
                seen.add(form.form)
                yield form.form, out


def _export_pair(
    docs: Sequence[GlossaryDoc], delimiter: str, source: str, target: str, variants: bool
) -> str:
    for lang in (source, target):
        if lang not in LANGS:
            raise UsageError(f"unknown language {lang!r}; languages are {', '.join(LANGS)}")
    if source == target:
        raise UsageError("--source and --target must differ")
    out, writer = _writer(delimiter)
    for row in pair_rows(docs, source, target, variants):
        writer.writerow(row)
    return out.getvalue()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _export_tbx(docs: Sequence[GlossaryDoc], version: int) -> str:
    v3 = version == 3
    names = (
        ("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec")
        if v3
        else ("martif", "martifHeader", "termEntry", "langSet", "tig")
    )
    root_tag, header_tag, entry_tag, lang_tag, term_tag = names
    root = ET.Element(root_tag, {"type": "TBX-Basic", _XML_LANG: "en"})
    if v3:
        root.set("style", "dca")
        root.set("xmlns", "urn:iso:std:iso:30042:ed-2")
    header = _sub(root, header_tag)
    source_desc = _sub(_sub(header, "fileDesc"), "sourceDesc")
    _sub(source_desc, "p", "polyglot-news glossaries")
    body = _sub(_sub(root, "text"), "body")
    for entry in _entries(docs):
        node = _sub(body, entry_tag, id=entry.id)
        _sub(node, "note", f"type: {entry.type}")
        notes = entry.data.get("notes")
        if isinstance(notes, str) and notes.strip():
            _sub(node, "note", notes)
        for lang in LANGS:
            forms = [f for f in entry.forms if f.lang == lang]
            if not forms:
                continue
            section = _sub(node, lang_tag, **{_XML_LANG: lang})
            for form in forms:
                term = _sub(section, term_tag)
                _sub(term, "term", form.form)
                _sub(term, "termNote", _ADMN[form.status], type="administrativeStatus")
                if form.short:
                    _sub(term, "termNote", "shortForm", type="termType")
                if form.status == "weak":
                    _sub(term, "note", _WEAK_NOTE)
                if form.note:
                    _sub(term, "note", form.note)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_glossary(
    docs: Sequence[GlossaryDoc],
    *,
    fmt: str = "csv",
    layout: str = "multi",
    source: str = "en",
    target: str = "zh",
    variants: bool = True,
) -> str:
    """The glossary as text in ``fmt`` (``csv``, ``tsv``, ``tbx``, ``tbx2``).

    CSV and TSV use ``layout`` ``multi`` (header row of languages, canonical
    forms) or ``pair`` (``source`` forms, including variants unless
    ``variants`` is false, to the ``target`` canonical or short form).
    """
    if fmt in ("tbx", "tbx2"):
        return _export_tbx(docs, 3 if fmt == "tbx" else 2)
    if fmt not in ("csv", "tsv"):
        raise UsageError(f"unknown format {fmt!r}; use csv, tsv, tbx or tbx2")
    delimiter = "," if fmt == "csv" else "\t"
    if layout == "multi":
        return _export_multi(docs, delimiter)
    if layout == "pair":
        return _export_pair(docs, delimiter, source, target, variants)
    raise UsageError(f"unknown layout {layout!r}; use multi or pair")


# --- reading ------------------------------------------------------------------------------
@dataclass
class Concept:
    """One row or term entry read from a file: forms per language, where it came from."""

    where: str
    forms: list[tuple[str, str, str, bool]] = field(
        default_factory=list
    )  # lang, form, status, short
    id: str | None = None
    type: str | None = None
    notes: list[str] = field(default_factory=list)


def _sniff_format(content: str, name: str) -> str:
    lower = name.lower()
    if lower.endswith((".tbx", ".xml")) or content.lstrip().startswith("<"):
        return "tbx"
    if lower.endswith((".tsv", ".tab", ".txt")):
        return "tsv"
    first = content.split("\n", 1)[0]
    return "tsv" if "\t" in first and first.count("\t") >= first.count(",") else "csv"


def read_table(
    content: str,
    *,
    name: str,
    delimiter: str,
    source: str | None,
    target: str | None,
    unmapped: list[str],
) -> list[Concept]:
    """Rows of a CSV/TSV glossary as concepts; columns it cannot use go to ``unmapped``."""
    rows = [
        r
        for r in csv.reader(io.StringIO(content), delimiter=delimiter)
        if any(c.strip() for c in r)
    ]
    if not rows:
        return []
    header = rows[0]
    is_header = all(
        not c.strip() or _looks_like_lang(c) or c.strip().lower() in _EXTRA_COLUMNS for c in header
    ) and any(lang_code(c) for c in header)
    if source is not None and target is not None:
        # languages given: the first row is a header only if it names exactly those
        is_header = [lang_code(c) for c in header[:2]] == [lang_code(source), lang_code(target)]
    if is_header:
        columns = _header_columns(header, name, unmapped)
        body = rows[1:]
        first_row = 2
    else:
        if (source is None or target is None) and not _four_columns(rows):
            raise UsageError(
                f"{name}: a two-column file without a header row; give --source and --target"
            )
        columns = {0: lang_code(source or "") or "", 1: lang_code(target or "") or ""}
        for index, lang in ((0, source), (1, target)):
            if lang is not None and not columns[index]:
                raise UsageError(f"unknown language {lang!r}; languages are {', '.join(LANGS)}")
        body = rows
        first_row = 1
    concepts = []
    for offset, row in enumerate(body):
        where = f"{name}:{first_row + offset}"
        concept = Concept(where)
        row_columns = dict(columns)
        if (
            not is_header
            and len(row) >= 4
            and _looks_like_lang(row[2])
            and _looks_like_lang(row[3])
        ):
            row_columns = {0: lang_code(row[2]) or "", 1: lang_code(row[3]) or ""}
            for raw, lang in ((row[2], row_columns[0]), (row[3], row_columns[1])):
                if not lang:
                    unmapped.append(f"{where}: language {raw!r} is not in the glossary; skipped")
        for index, cell in enumerate(row):
            lang = row_columns.get(index)
            if lang and cell.strip():
                concept.forms.append((lang, cell.strip(), "admitted", False))
        if concept.forms:
            concepts.append(concept)
    return concepts


def _four_columns(rows: list[list[str]]) -> bool:
    return all(len(r) >= 4 and _looks_like_lang(r[2]) and _looks_like_lang(r[3]) for r in rows)


def _header_columns(header: list[str], name: str, unmapped: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        lang = lang_code(cell)
        if lang:
            if lang in columns.values():
                unmapped.append(
                    f"{name}:1: column {index + 1} ({cell}) repeats language {lang}; "
                    "its terms are read as more forms of that language"
                )
            columns[index] = lang
        elif cell.strip():
            what = (
                "language"
                if _looks_like_lang(cell) and cell.lower() not in _EXTRA_COLUMNS
                else "column"
            )
            unmapped.append(
                f"{name}:1: {what} {cell.strip()!r} (column {index + 1}) is not in the glossary "
                f"({', '.join(LANGS)}); skipped"
            )
    return columns


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, *names: str) -> Iterator[ET.Element]:
    for child in node:
        if isinstance(child.tag, str) and _local(child.tag) in names:
            yield child


def read_tbx(content: str, *, name: str, unmapped: list[str]) -> list[Concept]:
    """Term entries of a TBX file (v2 or v3, Basic or close to it) as concepts."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(f"not well-formed XML ({exc})", source=name, line=line) from None
    concepts = []
    skipped: dict[str, int] = {}
    for number, node in enumerate(
        n
        for n in root.iter()
        if isinstance(n.tag, str) and _local(n.tag) in ("termEntry", "conceptEntry")
    ):
        concept = Concept(f"{name}: entry {number + 1}", id=node.get("id"))
        if concept.id:
            concept.where = f"{name}: entry {concept.id}"
        for child in node:
            tag = _local(child.tag) if isinstance(child.tag, str) else ""
            if tag == "note" and child.text:
                match = _TYPE_NOTE.match(child.text)
                if match:
                    concept.type = match.group(1)
                else:
                    concept.notes.append(child.text.strip())
            elif tag in ("langSet", "langSec"):
                _read_lang_section(child, concept, skipped)
            elif tag:
                skipped[tag] = skipped.get(tag, 0) + 1
        if concept.forms:
            concepts.append(concept)
    for tag, count in sorted(skipped.items()):
        unmapped.append(
            f"{name}: {count} <{tag}> element(s) have no place in the glossary; skipped"
        )
    return concepts


def _read_lang_section(section: ET.Element, concept: Concept, skipped: dict[str, int]) -> None:
    raw_lang = section.get(_XML_LANG) or section.get("lang") or ""
    lang = lang_code(raw_lang)
    if lang is None:
        key = f"langSec xml:lang={raw_lang}"
        skipped[key] = skipped.get(key, 0) + 1
        return
    for term_node in _children(section, "tig", "ntig", "termSec"):
        holders = [term_node, *_children(term_node, "termGrp")]
        term = next((t for h in holders for t in _children(h, "term")), None)
        if term is None or not (term.text or "").strip():
            continue
        status, short = "admitted", False
        for holder in holders:
            for note in _children(holder, "termNote", "note"):
                kind, text = note.get("type", ""), (note.text or "").strip()
                if kind == "administrativeStatus":
                    status = _STATUS_OF_ADMN.get(text.lower(), status)
                elif kind == "termType" and text in ("shortForm", "acronym", "abbreviation"):
                    short = True
                elif _local(note.tag) == "note" and text.lower().startswith("weak"):
                    status = "weak"
        concept.forms.append((lang, " ".join((term.text or "").split()), status, short))


# --- import -------------------------------------------------------------------------------
@dataclass
class ImportReport:
    """What an import did: forms added, entries created, and what it could not map."""

    added: int = 0
    created: int = 0
    unmapped: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def import_glossary(
    ws: Any,
    content: str,
    *,
    name: str,
    fmt: str = "auto",
    source: str | None = None,
    target: str | None = None,
    entry_type: str | None = None,
    status: str = "admitted",
) -> ImportReport:
    """Merge ``content`` (CSV, TSV or TBX) into the workspace ``ws``; nothing is written.

    Each concept is mapped to the one entry that owns any of its forms; its
    other forms become variants with ``status`` (TBX statuses win). Concepts
    matching no entry become new entries when ``entry_type`` is given (or the
    TBX entry carries a type note). Everything else lands in ``unmapped``.
    """
    if entry_type is not None and entry_type not in TYPES:
        raise UsageError(f"unknown type {entry_type!r}; types are {', '.join(TYPES)}")
    report = ImportReport()
    fmt = _sniff_format(content, name) if fmt == "auto" else fmt
    if fmt == "tbx":
        concepts = read_tbx(content, name=name, unmapped=report.unmapped)
    elif fmt in ("csv", "tsv"):
        concepts = read_table(
            content,
            name=name,
            delimiter="," if fmt == "csv" else "\t",
            source=source,
            target=target,
            unmapped=report.unmapped,
        )
    else:
        raise UsageError(f"unknown format {fmt!r}; use csv, tsv or tbx")
    for concept in concepts:
        _import_concept(ws, concept, entry_type, status, report)
    return report


def _owners(ws: Any, concept: Concept) -> dict[str, Form]:
    owners: dict[str, Form] = {}
    for lang, form, _, _ in concept.forms:
        owner = ws.owner_of(form, lang)
        if owner is not None:
            owners.setdefault(owner.entry_id, owner)
    return owners


def _import_concept(
    ws: Any, concept: Concept, entry_type: str | None, status: str, report: ImportReport
) -> None:
    owners = _owners(ws, concept)
    if len(owners) > 1:
        listed = ", ".join(f"{o.form!r} -> {o.entry_id}" for o in owners.values())
        report.unmapped.append(
            f"{concept.where}: its forms belong to different entries ({listed}); not mapped"
        )
        return
    if not owners:
        _create(ws, concept, entry_type or concept.type, report)
        return
    entry_id = next(iter(owners))
    for lang, form, form_status, short in concept.forms:
        _add_form(ws, concept, entry_id, lang, form, form_status, short, status, report)


def _add_form(
    ws: Any,
    concept: Concept,
    entry_id: str,
    lang: str,
    form: str,
    form_status: str,
    short: bool,
    status: str,
    report: ImportReport,
) -> None:
    from polyglot_news.glossary_tools.edit import Variant
    from polyglot_news.glossary_tools.lint import form_problems

    owner = ws.owner_of(form, lang)
    if owner is not None and owner.entry_id == entry_id:
        return
    if _has_form(ws, entry_id, lang, form):
        return
    chosen = status if form_status in ("preferred", "admitted") else form_status
    problems = form_problems(form, lang, chosen, "variant")
    if problems:
        report.unmapped.append(f"{concept.where}: {lang} {form!r} for {entry_id}: {problems[0]}")
        return
    try:
        ws.add_variant(entry_id, lang, Variant(form, chosen, short))
    except GlossaryError as exc:
        report.unmapped.append(f"{concept.where}: {lang} {form!r}: {exc.problem}")
        return
    report.added += 1


def _has_form(ws: Any, entry_id: str, lang: str, form: str) -> bool:
    doc, index = ws.locate(entry_id)
    entry = entry_at(doc, index)
    key = fold(form, lang, False)
    return entry is not None and any(
        f.lang == lang and fold(f.form, lang, False) == key for f in entry.forms
    )


def _create(ws: Any, concept: Concept, entry_type: str | None, report: ImportReport) -> None:
    from polyglot_news.glossary_tools.edit import Variant

    first = concept.forms[0][1]
    if entry_type not in TYPES:
        report.unmapped.append(
            f"{concept.where}: {first!r} matches no entry; rerun with --type TYPE to create it"
        )
        return
    canonical: dict[str, str] = {}
    variants: dict[str, list[Variant]] = {}
    for lang, form, status, short in concept.forms:
        if lang not in canonical and status != "weak" and not short:
            canonical[lang] = form
        elif form != canonical.get(lang):
            variants.setdefault(lang, []).append(
                Variant(form, "admitted" if status == "preferred" else status, short)
            )
    entry_id = concept.id if concept.id and re.fullmatch(r"[a-z0-9_]+", concept.id) else None
    entry_id = entry_id or _slug(canonical.get("en", "")) or None
    if entry_id is None:
        report.unmapped.append(
            f"{concept.where}: {first!r} has no English form to make an id from; not created"
        )
        return
    try:
        ws.add_entry(
            entry_id,
            entry_type,
            canonical,
            variants=variants or None,
            notes="; ".join(concept.notes) or None,
        )
    except GlossaryError as exc:
        report.unmapped.append(f"{concept.where}: new entry {entry_id}: {exc.problem}")
        return
    report.created += 1
