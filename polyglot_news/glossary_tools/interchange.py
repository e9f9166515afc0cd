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
import dataclasses
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_news.errors import GlossaryError, InputError, UsageError
from polyglot_news.glossary_tools.files import GlossaryDoc
from polyglot_news.glossary_tools.model import (
    KIND_OF_TYPE,
    LANGS,
    TYPE_OF_KIND,
    TYPES,
    RawEntry,
    entry_at,
    fold,
    iter_entries,
)
from polyglot_news.glossary_tools.wordlists import COMMON_ALIASES, is_bare_surname

__all__ = [
    "export_glossary",
    "import_glossary",
    "ImportReport",
    "layer_path",
    "is_generic_alias",
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
        raise UsageError("the source and target languages must differ")
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
                f"{name}: a two-column file without a header row; give its source and target "
                "languages"
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
    """What an import did: forms added, entries created, aliases made weak, what it could not
    map, and the file that received the new entries."""

    added: int = 0
    created: int = 0
    demoted: int = 0
    untyped: int = 0
    unmapped: list[str] = field(default_factory=list)
    layer: Path | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def layer_path(folder: Path, name: str) -> Path:
    """Where an imported list's new entries go: ``FOLDER/<list name>.yaml``.

    A list named like a kind file (``people.csv``) gets ``people_import.yaml``, so its
    entries never have to satisfy the languages the kind file claims.
    """
    stem = _slug(Path(name).stem) or "imported"
    if stem in KIND_OF_TYPE.values() or stem in TYPE_OF_KIND:
        stem += "_import"
    return folder / f"{stem}.yaml"


def is_generic_alias(form: str, lang: str) -> bool:
    """Whether ``form`` is one word that names far too much to match alone: a common
    word, a given name, a title or rank, a country or capital, a bare Chinese surname."""
    text = form.strip()
    if not text or any(c.isspace() for c in text):
        return False
    low = text.casefold().rstrip(".")
    if low in COMMON_ALIASES.get(lang, frozenset()):
        return True
    return is_bare_surname(text, lang)


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
    layer: Path | None = None,
    demote: bool = True,
) -> ImportReport:
    """Merge ``content`` (CSV, TSV or TBX) into the workspace ``ws``; nothing is written.

    Each concept is mapped to the one entry that owns any of its forms; its
    other forms become variants with ``status`` (TBX statuses win). Concepts
    matching no entry become new entries when ``entry_type`` is given (or the
    TBX entry carries a type note): they go to the file ``layer`` (default: the
    workspace folder's :func:`layer_path` for ``name``), which claims the list's
    own languages. With ``demote``, a one-word alias that
    :func:`is_generic_alias` flags is imported as ``weak`` (counted in
    ``demoted``). Everything else lands in ``unmapped``.
    """
    if entry_type is not None and entry_type not in TYPES:
        raise UsageError(f"unknown entry type {entry_type!r}; types are {', '.join(TYPES)}")
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
    languages = {lang for concept in concepts for lang, _, _, _ in concept.forms}
    options = _Options(entry_type, status, demote, None)
    if concepts and (entry_type or any(c.type in TYPES for c in concepts)):
        kind_type = entry_type or next(c.type for c in concepts if c.type in TYPES)
        if layer is None and ws.folder is not None:
            layer = layer_path(ws.folder, name)
        if layer is not None:
            ws.new_file(layer, KIND_OF_TYPE[str(kind_type)], sorted(languages))
            report.layer = layer
        options = _Options(entry_type, status, demote, layer)
    batch = _Batch(ws, layer)
    for concept in concepts:
        _import_concept(ws, concept, options, report, batch)
    batch.commit(report)
    return report


@dataclass(frozen=True)
class _Options:
    entry_type: str | None
    status: str
    demote: bool
    layer: Path | None


class _Batch:
    """The entries an import creates, gathered and written in one go (an import of 30,000
    new entries rewrites their file once, not 30,000 times).

    Later rows see the entries planned by earlier ones: a row whose form belongs to a
    planned entry adds its forms there.
    """

    def __init__(self, ws: Any, layer: Path | None):
        from polyglot_news.glossary_tools.edit import NewEntry

        self.ws = ws
        self.layer = layer
        self.entries: dict[str, NewEntry] = {}
        self.where: dict[str, str] = {}
        self.forms: dict[tuple[str, str], tuple[str, str]] = {}  # (lang, key) -> (id, status)

    def owner(self, form: str, lang: str) -> str | None:
        """The planned entry that claims ``form`` (not weakly), if any."""
        claim = self.forms.get((lang, fold(form, lang, False)))
        return claim[0] if claim is not None and claim[1] != "weak" else None

    def taken(self, form: str, lang: str, entry_id: str, status: str) -> str | None:
        """The entry (existing or planned, not ``entry_id``) a new form would clash with."""
        owner = self.ws.owner_of(form, lang, skip=entry_id)
        if owner is not None and not (status == "weak" and owner.status == "weak"):
            return str(owner.entry_id)
        claim = self.forms.get((lang, fold(form, lang, False)))
        if claim is not None and claim[0] != entry_id and not (status == claim[1] == "weak"):
            return claim[0]
        return None

    def claim(self, entry_id: str, lang: str, form: str, status: str) -> None:
        self.forms.setdefault((lang, fold(form, lang, False)), (entry_id, status))

    def has_form(self, entry_id: str, lang: str, form: str) -> bool:
        claim = self.forms.get((lang, fold(form, lang, False)))
        return claim is not None and claim[0] == entry_id

    def commit(self, report: ImportReport) -> None:
        """Add the planned entries; should the workspace still refuse some, add the rest one
        by one and report those."""
        entries = list(self.entries.values())
        try:
            self.ws.add_entries(entries, file=self.layer)
        except GlossaryError:
            for entry in entries:
                try:
                    self.ws.add_entries([entry], file=self.layer)
                except GlossaryError as exc:
                    report.unmapped.append(
                        f"{self.where[entry.id]}: new entry {entry.id}: {exc.problem}"
                    )
                    report.created -= 1


def _owners(ws: Any, concept: Concept, batch: _Batch) -> dict[str, str]:
    """The entries (existing or planned) that own a form of ``concept``: id -> that form."""
    owners: dict[str, str] = {}
    for lang, form, _, _ in concept.forms:
        owner = ws.owner_of(form, lang)
        if owner is not None:
            owners.setdefault(owner.entry_id, owner.form)
        planned = batch.owner(form, lang)
        if planned is not None:
            owners.setdefault(planned, form)
    return owners


def _import_concept(
    ws: Any, concept: Concept, options: _Options, report: ImportReport, batch: _Batch
) -> None:
    owners = _owners(ws, concept, batch)
    if len(owners) > 1:
        # a row exported from an entry holds its render_only canonicals, which another entry
        # owns for matching: the entry that has every form of the row is the row's entry
        whole = [
            entry_id
            for entry_id in owners
            if entry_id not in batch.entries
            and all(_has_form(ws, entry_id, lang, form) for lang, form, _, _ in concept.forms)
        ]
        if whole:  # several such entries (identical rows): the named one, else any; adds nothing
            chosen = concept.id if concept.id in whole else sorted(whole)[0]
            owners = {chosen: owners[chosen]}
    if len(owners) > 1:
        listed = ", ".join(f"{form!r} -> {entry_id}" for entry_id, form in owners.items())
        report.unmapped.append(
            f"{concept.where}: its forms belong to different entries ({listed}); not mapped"
        )
        return
    if not owners:
        _create(concept, options, report, batch)
        return
    entry_id = next(iter(owners))
    for item in concept.forms:
        if entry_id in batch.entries:
            _add_planned(concept, entry_id, item, options, report, batch)
        else:
            _add_form(ws, concept, entry_id, item, options, report)


def _chosen_status(form: str, lang: str, form_status: str, options: _Options) -> tuple[str, bool]:
    """The status an imported variant gets, and whether it was demoted to weak."""
    chosen = options.status if form_status in ("preferred", "admitted") else form_status
    if chosen != "weak" and options.demote and is_generic_alias(form, lang):
        return "weak", True
    return chosen, False


def _add_form(
    ws: Any,
    concept: Concept,
    entry_id: str,
    item: tuple[str, str, str, bool],
    options: _Options,
    report: ImportReport,
) -> None:
    from polyglot_news.glossary_tools.edit import Variant
    from polyglot_news.glossary_tools.lint import form_problems

    lang, form, form_status, short = item
    owner = ws.owner_of(form, lang)
    if owner is not None and owner.entry_id == entry_id:
        return
    if _has_form(ws, entry_id, lang, form):
        return
    chosen, demoted = _chosen_status(form, lang, form_status, options)
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
    report.demoted += demoted


def _add_planned(
    concept: Concept,
    entry_id: str,
    item: tuple[str, str, str, bool],
    options: _Options,
    report: ImportReport,
    batch: _Batch,
) -> None:
    """Add a form to an entry this import creates (a later row naming the same concept)."""
    from polyglot_news.glossary_tools.edit import Variant
    from polyglot_news.glossary_tools.lint import form_problems

    lang, form, form_status, short = item
    if batch.has_form(entry_id, lang, form):
        return
    chosen, demoted = _chosen_status(form, lang, form_status, options)
    problems = form_problems(form, lang, chosen, "variant")
    other = batch.taken(form, lang, entry_id, chosen)
    if problems or other is not None:
        why = problems[0] if problems else f"already belongs to entry {other}"
        report.unmapped.append(f"{concept.where}: {lang} {form!r} for {entry_id}: {why}")
        return
    entry = batch.entries[entry_id]
    variants = {k: list(v) for k, v in (entry.variants or {}).items()}
    variants.setdefault(lang, []).append(Variant(form, chosen, short))
    batch.entries[entry_id] = dataclasses.replace(entry, variants=variants)
    batch.claim(entry_id, lang, form, chosen)
    report.added += 1
    report.demoted += demoted


def _has_form(ws: Any, entry_id: str, lang: str, form: str) -> bool:
    doc, index = ws.locate(entry_id)
    entry = entry_at(doc, index)
    key = fold(form, lang, False)
    return entry is not None and any(
        f.lang == lang and fold(f.form, lang, False) == key for f in entry.forms
    )


def _create(concept: Concept, options: _Options, report: ImportReport, batch: _Batch) -> None:
    from polyglot_news.glossary_tools.edit import NewEntry, Variant
    from polyglot_news.glossary_tools.lint import form_problems

    entry_type = options.entry_type or concept.type
    first = concept.forms[0][1]
    if entry_type not in TYPES:
        report.unmapped.append(
            f"{concept.where}: {first!r} matches no entry and no entry type was given; not created"
        )
        report.untyped += 1
        return
    canonical: dict[str, str] = {}
    variants: dict[str, list[Variant]] = {}
    demoted = 0
    for lang, form, status, short in concept.forms:
        if lang not in canonical and status != "weak" and not short:
            canonical[lang] = form
        elif form != canonical.get(lang):
            chosen, weak = _chosen_status(form, lang, status, options)
            demoted += weak
            variants.setdefault(lang, []).append(Variant(form, chosen, short))
    entry_id = concept.id if concept.id and re.fullmatch(r"[a-z0-9_]+", concept.id) else None
    entry_id = entry_id or _slug(canonical.get("en", "")) or None
    if entry_id is None:
        report.unmapped.append(
            f"{concept.where}: {first!r} has no English form to make an id from; not created"
        )
        return
    problem = _new_entry_problem(batch, entry_id, str(entry_type), canonical, variants)
    if problem is None:
        for lang, form in canonical.items():
            found = form_problems(form, lang, "preferred", "canonical")
            if found:
                problem = f"{lang} {form!r}: {found[0]}"
                break
    if problem is not None:
        report.unmapped.append(f"{concept.where}: new entry {entry_id}: {problem}")
        return
    batch.entries[entry_id] = NewEntry(
        entry_id,
        str(entry_type),
        canonical,
        variants=variants or None,
        notes="; ".join(concept.notes) or None,
    )
    batch.where[entry_id] = concept.where
    for lang, form in canonical.items():
        batch.claim(entry_id, lang, form, "preferred")
    for lang, items in variants.items():
        for variant in items:
            batch.claim(entry_id, lang, variant.form, variant.status)
    report.created += 1
    report.demoted += demoted


def _new_entry_problem(
    batch: _Batch,
    entry_id: str,
    entry_type: str,
    canonical: dict[str, str],
    variants: dict[str, list[Any]],
) -> str | None:
    """Why the workspace would refuse this new entry, or None."""
    if batch.ws.has_entry(entry_id) or entry_id in batch.entries:
        return f"an entry {entry_id} already exists"
    claimed = batch.ws.claimed_languages(entry_type, batch.layer)
    missing = [lang for lang in claimed if lang not in canonical]
    if missing:
        return f"no {', '.join(missing)} form, which its file claims for every entry; not created"
    forms = [(lang, form, "preferred") for lang, form in canonical.items()]
    forms += [(lang, v.form, v.status) for lang, items in variants.items() for v in items]
    for lang, form, status in forms:
        other = batch.taken(form, lang, entry_id, status)
        if other is not None:
            return f"{lang} form {form!r} already belongs to entry {other}"
    return None
