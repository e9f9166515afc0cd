"""Editing glossary entries in place, keeping the editors' comments and layout.

Every edit rewrites only the text block of the entry it touches (parsed and
dumped with ruamel.yaml in round-trip mode, so comments, key order, flow
styles and quotes inside the entry survive); every other byte of the file
stays as it was. A :class:`Workspace` holds the files of one glossary folder,
applies edits in memory, refuses an edit that would introduce a lint error
(saying why), and writes only the files that changed.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary.model import ENTRY_FIELDS
from polyglot_news.glossary_tools.files import (
    GlossaryDoc,
    display_path,
    dump_rt,
    edit_lock,
    is_installed_package,
    load_docs,
    parse_doc,
    write_text,
)
from polyglot_news.glossary_tools.model import (
    KIND_OF_TYPE,
    LANGS,
    TYPE_OF_KIND,
    TYPES,
    VARIANT_STATUSES,
    Form,
    RawEntry,
    entry_at,
    fold,
    iter_entries,
)

__all__ = [
    "Variant",
    "Workspace",
    "rewrite_entries",
    "entry_yaml",
    "roundtrip",
    "SETTABLE_FIELDS",
]

# Fields `glossary set` accepts (LANG stands for a language code).
SETTABLE_FIELDS = (
    "type",
    "canonical.LANG",
    "short.LANG",
    "notes",
    "army",
    "case_sensitive",
    "held.from",
    "held.to",
    "sources",
    "uncertain",
    "render_only",
)


@dataclass(frozen=True)
class Variant:
    """A variant to add: a form with its status, and whether it is a short form."""

    form: str
    status: str = "admitted"
    short: bool = False
    note: str | None = None


def roundtrip(text: str) -> str:
    """Load and dump ``text`` with the round-trip settings (identity for house-style files)."""
    yaml = _yaml_for_text(text)
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def _yaml(offset: int) -> YAML:
    from polyglot_news.glossary_tools.files import yaml_rt

    rt: YAML = yaml_rt()
    rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    return rt


def _yaml_for_text(text: str) -> YAML:
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if stripped.startswith("- "):
            return _yaml(len(line) - len(stripped))
    return _yaml(2)


def _dash_offset(doc: GlossaryDoc) -> int:
    """Columns between ``entries:`` and the dash of its items (2 in the house style)."""
    seq = doc.data["entries"]
    key_col = int(doc.data.lc.key("entries")[1])
    return max(0, int(seq.lc.item(0)[1]) - 2 - key_col) if seq else 2


def _split_trailing_blank(lines: list[str]) -> tuple[str, str]:
    cut = len(lines)
    while cut > 1 and not lines[cut - 1].strip():
        cut -= 1
    return "".join(lines[:cut]), "".join(lines[cut:])


def _edit_block(block: str, offset: int, mutate: Callable[[Any], bool]) -> str | None:
    """Apply ``mutate`` to the one entry in ``block``; None when it changed nothing."""
    body, gap = _split_trailing_blank(block.splitlines(keepends=True))
    yaml = _yaml(offset)
    data = yaml.load(body)
    if not mutate(data[0]):
        return None
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue() + gap


def rewrite_entries(
    doc: GlossaryDoc, mutate: Callable[[Any], bool], only: int | None = None
) -> str:
    """The text of ``doc`` after ``mutate(entry) -> changed`` ran on its entries.

    Only blocks whose entry changed are re-dumped; ``only`` limits the edit to
    one entry index.
    """
    if doc.layout is None:
        data = doc.roundtrip_data()
        changed = False
        for index, entry in enumerate(data.get("entries") or []):
            if (only is None or index == only) and mutate(entry):
                changed = True
        return dump_rt(data) if changed else doc.text
    lines = doc.lines
    offset = _dash_offset(doc)
    out = lines[: doc.layout.head_end]
    for index, (start, end) in enumerate(doc.layout.blocks):
        block = "".join(lines[start:end])
        new = None if only is not None and index != only else _edit_block(block, offset, mutate)
        out.append(block if new is None else new)
    out.extend(lines[doc.layout.tail_start :])
    return "".join(out)


def _flow_map(**items: Any) -> CommentedMap:
    node = CommentedMap()
    for key, value in items.items():
        node[key] = value
    node.fa.set_flow_style()
    return node


def _variant_node(variant: Variant) -> Any:
    if variant.status == "admitted" and not variant.short and variant.note is None:
        return variant.form
    fields: dict[str, Any] = {"form": variant.form, "status": variant.status}
    if variant.short:
        fields["short"] = True
    if variant.note is not None:
        fields["note"] = variant.note
    return _flow_map(**fields)


@dataclass(frozen=True)
class NewEntry:
    """An entry to add: id, type, forms and notes (see :meth:`Workspace.add_entries`)."""

    id: str
    type: str
    canonical: Mapping[str, str]
    short: Mapping[str, str] | None = None
    variants: Mapping[str, Sequence[Variant]] | None = None
    notes: str | None = None


_ANALYSIS: list[Any] = []  # a PyYAML emitter and resolver, made on first use


#: Text that is always a plain YAML string: starts with a letter, holds only letters,
#: digits, spaces and name punctuation (no ``:``/``#``/brackets), ends without a space.
_PLAIN = re.compile(r"[^\W\d_][\w .'\u2019\u00b7-]*(?<! )")
_YAML_WORDS = frozenset(("yes", "no", "on", "off", "y", "n", "true", "false", "null"))


@functools.lru_cache(maxsize=65536)
def _scalar(text: str, flow: bool = False) -> str:
    """``text`` as a YAML scalar that reads back as this very string: plain when YAML allows
    it (and does not read it as a number, date or boolean), else single or double quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    import json

    import yaml

    if not _ANALYSIS:
        _ANALYSIS.extend(
            (yaml.emitter.Emitter(io.StringIO(), allow_unicode=True), yaml.resolver.Resolver())
        )
    emitter, resolver = _ANALYSIS
    analysis = emitter.analyze_scalar(text)
    plain = analysis.allow_flow_plain if flow else analysis.allow_block_plain
    if (
        plain
        and not analysis.multiline
        and text
        and resolver.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
        and text.lower() not in ("yes", "no", "on", "off", "y", "n")  # YAML 1.1 booleans
    ):
        return text
    if analysis.allow_single_quoted and not analysis.multiline:
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _variant_yaml(variant: Variant) -> str:
    if variant.status == "admitted" and not variant.short and variant.note is None:
        return _scalar(variant.form)
    fields = [f"form: {_scalar(variant.form, True)}", f"status: {variant.status}"]
    if variant.short:
        fields.append("short: true")
    if variant.note is not None:
        fields.append(f"note: {_scalar(variant.note, True)}")
    return "{" + ", ".join(fields) + "}"


def entry_yaml(entry: NewEntry, *, offset: int = 2, flow_tables: bool = False) -> str:
    """The YAML block (an item of ``entries:``) for a new entry, in the house style.

    ``offset`` is the column of the list dashes relative to their key (2 in the house
    style); ``flow_tables`` writes ``canonical`` and ``short`` on one line each
    (``canonical: {en: ..., zh: ...}``), as files written that way do. Written directly
    (not through a YAML dumper: an import writes thousands), every scalar quoted exactly
    when YAML would otherwise read it as something else.
    """
    pad = " " * offset
    body = " " * (offset + 2)
    out = [f"{pad}- id: {_scalar(entry.id)}\n", f"{body}type: {_scalar(entry.type)}\n"]
    for key, table in (("canonical", entry.canonical), ("short", entry.short or {})):
        if not table and key == "short":
            continue
        if flow_tables:
            items = ", ".join(f"{lang}: {_scalar(form, True)}" for lang, form in table.items())
            out.append(f"{body}{key}: {{{items}}}\n")
        else:
            out.append(f"{body}{key}:\n")
            out.extend(f"{body}  {lang}: {_scalar(form)}\n" for lang, form in table.items())
    if entry.variants:
        out.append(f"{body}variants:\n")
        for lang, listed in entry.variants.items():
            out.append(f"{body}  {lang}:\n")
            dash = " " * (offset + 4 + offset)
            out.extend(f"{dash}- {_variant_yaml(v)}\n" for v in listed)
    if entry.notes:
        out.append(f"{body}notes: {_scalar(entry.notes)}\n")
    return "".join(out)


def _flow_tables(doc: GlossaryDoc) -> bool:
    """Whether the file writes its first entry's canonical forms as a one-line mapping."""
    for entry in doc.entries:
        canonical = entry.get("canonical") if isinstance(entry, dict) else None
        if isinstance(canonical, dict) and hasattr(canonical, "fa"):
            return bool(canonical.fa.flow_style())
    return False


def _file_header(name: str, kind: str, languages: Sequence[str]) -> str:
    return (
        f"# {name} - {kind} in the news. Format: docs/glossary.md\n"
        f"kind: {kind}\n"
        f"languages: [{', '.join(languages)}]\n"
        "entries:\n"
    )


def _refuse(
    problem: str, fix: str, path: str | None = None, line: int | None = None
) -> GlossaryError:
    return GlossaryError(f"refused: {problem}", path=path, line=line, fix=fix)


def _check_status(status: str) -> None:
    if status not in VARIANT_STATUSES:
        raise _refuse(
            f"unknown status {status!r}",
            f"status is one of {', '.join(VARIANT_STATUSES)} "
            "(preferred belongs to the canonical: set the entry's canonical form instead)",
        )


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise _refuse(f"unknown language {lang!r}", f"languages are {', '.join(LANGS)}")


class Workspace:
    """The glossary files of one folder (or a list of files), edited in memory.

    >>> ws = Workspace.open(["glossaries"])            # doctest: +SKIP
    >>> ws.add_variant("sergei_shoigu", "en", Variant("Sergey Shoygu"))  # doctest: +SKIP
    >>> ws.save()                                       # doctest: +SKIP
    """

    def __init__(self, docs: Sequence[GlossaryDoc], folder: Path | None = None):
        self.docs: list[GlossaryDoc] = list(docs)
        self.folder = folder
        self._original = {doc.path: doc.text for doc in self.docs}
        self._baseline = self._error_keys()
        self.log: list[str] = []
        self._forms: dict[tuple[str, str], set[str]] = {}
        self._ids: dict[str, tuple[Path, int]] = {}
        self._reindex()

    @classmethod
    def open(cls, paths: Sequence[Path | str] | None = None) -> Workspace:
        """Read the glossary files under ``paths`` (default: the shipped folder)."""
        docs = load_docs(paths)
        folder = None
        if paths and len(paths) == 1 and Path(paths[0]).is_dir():
            folder = Path(paths[0])
        elif not paths:
            from polyglot_news.glossary_tools.files import shipped_dir

            folder = shipped_dir()
        for doc in docs:
            if doc.error is not None:
                raise doc.error
        return cls(docs, folder)

    # --- looking things up -------------------------------------------------------------
    def locate(self, entry_id: str) -> tuple[GlossaryDoc, int]:
        """The file and index of entry ``entry_id``; unknown ids raise :class:`GlossaryError`."""
        found = self._ids.get(entry_id)
        if found is not None:
            for doc in self.docs:
                if doc.path == found[0]:
                    return doc, found[1]
        raise _refuse(f"no entry with id {entry_id!r}", self._id_hint(entry_id))

    def has_entry(self, entry_id: str) -> bool:
        """Whether some file of the workspace has an entry ``entry_id``."""
        return entry_id in self._ids

    def _id_hint(self, entry_id: str) -> str:
        import difflib

        ids = [str(e.get("id")) for d in self.docs for e in d.entries if isinstance(e, dict)]
        close = difflib.get_close_matches(entry_id, ids, n=3)
        if close:
            return f"did you mean {', '.join(close)}?"
        return "check the id (searching by form finds it), or add the entry first"

    def _index_add(self, entry: RawEntry | None) -> None:
        if entry is None:
            return
        for form in entry.forms:
            key = (form.lang, fold(form.form, form.lang, False))
            self._forms.setdefault(key, set()).add(entry.id)

    def _index_remove(self, entry: RawEntry | None) -> None:
        if entry is None:
            return
        for form in entry.forms:
            self._forms.get((form.lang, fold(form.form, form.lang, False)), set()).discard(entry.id)

    def _reindex(self) -> None:
        self._forms = {}
        self._ids = {}
        for doc in self.docs:
            for index, entry in enumerate(doc.entries):
                if isinstance(entry, dict):
                    self._ids.setdefault(str(entry.get("id")), (doc.path, index))
            for raw in iter_entries(doc):
                self._index_add(raw)

    def owner_of(self, form: str, lang: str, *, skip: str | None = None) -> Form | None:
        """The form of another entry that the matcher could not tell from ``form``."""
        key = fold(form, lang, False)
        for entry_id in sorted(self._forms.get((lang, key), ())):
            if entry_id == skip:
                continue
            try:
                doc, index = self.locate(entry_id)
            except GlossaryError:  # pragma: no cover - the index follows every edit
                continue
            entry = entry_at(doc, index)
            if entry is not None:
                for other in entry.forms:
                    if other.lang != lang or fold(other.form, lang, False) != key:
                        continue
                    if not (other.role == "canonical" and lang in entry.render_only):
                        return other
        return None

    def _refuse_taken(self, form: str, lang: str, entry_id: str, status: str) -> None:
        other = self.owner_of(form, lang, skip=entry_id)
        if other is None or (status == "weak" and other.status == "weak"):
            return
        raise GlossaryError(
            f"refused: {lang} form {form!r} for entry {entry_id} already belongs to entry "
            f"{other.entry_id}",
            path=other.path,
            line=other.line,
            fix=f"remove it from entry {other.entry_id} first, or mark it weak in both entries",
        )

    # --- edits -------------------------------------------------------------------------
    def _replace(self, doc: GlossaryDoc, text: str) -> GlossaryDoc:
        new = parse_doc(doc.path, text)
        if new.error is not None:  # pragma: no cover - our own dumps always parse
            raise new.error
        self.docs[self.docs.index(doc)] = new
        self._reindex()
        return new

    def _mutate(self, entry_id: str, mutate: Callable[[Any], bool]) -> None:
        doc, index = self.locate(entry_id)
        if doc.layout is None:
            self._replace(doc, rewrite_entries(doc, mutate, only=index))
            return
        start, end = doc.layout.blocks[index]
        block = _edit_block("".join(doc.lines[start:end]), _dash_offset(doc), mutate)
        if block is None:
            return
        self._index_remove(entry_at(doc, index))
        new = doc.replace_block(index, block)
        if new.error is not None:  # pragma: no cover - our own dumps always parse
            raise new.error
        self.docs[self.docs.index(doc)] = new
        self._index_add(entry_at(new, index))

    def _doc_for_type(self, entry_type: str, file: Path | None) -> GlossaryDoc:
        if file is None:
            if self.folder is None:
                raise _refuse("no folder to put a new entry in", "give the file to put it in")
            file = self.folder / f"{KIND_OF_TYPE[entry_type]}.yaml"
        for doc in self.docs:
            if doc.path == file:
                return doc
        for doc in self.docs:
            if doc.path.resolve() == file.resolve():
                return doc
        kind = file.stem if file.stem in TYPE_OF_KIND else KIND_OF_TYPE[entry_type]
        return self.new_file(file, kind, self._languages() or list(LANGS))

    def new_file(self, file: Path, kind: str, languages: Sequence[str]) -> GlossaryDoc:
        """The workspace's doc for ``file``, created (empty, claiming ``languages``) when the
        file does not exist yet; it is written by :meth:`save` once it holds an entry."""
        for doc in self.docs:
            if doc.path.resolve() == file.resolve():
                return doc
        if kind not in TYPE_OF_KIND:
            raise _refuse(f"unknown kind {kind!r}", f"kind is one of {', '.join(TYPE_OF_KIND)}")
        ordered = [lang for lang in LANGS if lang in languages]
        header = _file_header(file.name, kind, ordered).replace("entries:\n", "entries: []\n")
        doc = parse_doc(file, header)
        self.docs.append(doc)
        return doc

    def claimed_languages(self, entry_type: str, file: Path | None = None) -> list[str]:
        """The languages the file a new ``entry_type`` entry would go to claims (each entry
        there needs a canonical form in every one of them)."""
        doc = self._doc_for_type(entry_type, file)
        langs = doc.data.get("languages") if isinstance(doc.data, dict) else None
        return [str(x) for x in langs] if isinstance(langs, list) else []

    def _languages(self) -> list[str]:
        for doc in self.docs:
            langs = doc.data.get("languages") if isinstance(doc.data, dict) else None
            if isinstance(langs, list) and langs:
                return [str(x) for x in langs]
        return []

    def add_entry(
        self,
        entry_id: str,
        entry_type: str,
        canonical: Mapping[str, str],
        *,
        short: Mapping[str, str] | None = None,
        variants: Mapping[str, Sequence[Variant]] | None = None,
        notes: str | None = None,
        file: Path | None = None,
    ) -> None:
        """Add a new entry in its sorted place (in ``file`` or the file of its type)."""
        self.add_entries(
            [NewEntry(entry_id, entry_type, canonical, short, variants, notes)], file=file
        )

    def add_entries(self, entries: Sequence[NewEntry], *, file: Path | None = None) -> None:
        """Add new entries, each in its sorted place (in ``file`` or the file of its type).

        All or nothing: the first entry refused (id taken, form owned by another entry,
        a canonical missing for a language its file claims) raises :class:`GlossaryError`
        and none is added. Each file is rewritten and re-read once, however many entries
        it receives.
        """
        pending: dict[tuple[str, str], tuple[str, str]] = {}
        per_doc: dict[Path, tuple[GlossaryDoc, list[tuple[str, str]]]] = {}
        names: list[str] = []
        batch_ids: set[str] = set()
        for new in entries:
            doc, block = self._new_block(new, pending, batch_ids, file)
            per_doc.setdefault(doc.path, (doc, []))[1].append((new.id, block))
            names.append(f"added entry {new.id} to {doc.name}")
        for doc, items in per_doc.values():
            self._insert_many(doc, sorted(items))
        self.log.extend(names)

    def _new_block(
        self,
        new: NewEntry,
        pending: dict[tuple[str, str], tuple[str, str]],
        batch_ids: set[str],
        file: Path | None,
    ) -> tuple[GlossaryDoc, str]:
        """Check one new entry (against the workspace and the ``pending`` forms and
        ``batch_ids`` of the same batch, which it joins) and write its YAML block for the
        file it goes to."""
        if new.type not in TYPES:
            raise _refuse(f"unknown type {new.type!r}", f"type is one of {', '.join(TYPES)}")
        if self.has_entry(new.id) or new.id in batch_ids:
            where = self.locate(new.id)[0].name if self.has_entry(new.id) else "this batch"
            raise _refuse(
                f"entry {new.id} already exists in {where}",
                "pick another id, or change the existing entry instead",
            )
        forms: list[tuple[str, str, str]] = []
        for table in (new.canonical, new.short or {}):
            for lang, form in table.items():
                _check_lang(lang)
                forms.append((lang, form, "preferred"))
        for lang, items in (new.variants or {}).items():
            _check_lang(lang)
            for item in items:
                _check_status(item.status)
                forms.append((lang, item.form, item.status))
        for lang, form, status in forms:
            self._refuse_taken(form, lang, new.id, status)
            key = (lang, fold(form, lang, False))
            other = pending.get(key)
            if other is not None and other[0] != new.id and not (status == other[1] == "weak"):
                raise _refuse(
                    f"{lang} form {form!r} for entry {new.id} already belongs to entry "
                    f"{other[0]} (added in the same batch)",
                    "keep the form in one entry, or mark it weak in both",
                )
        for lang, form, status in forms:
            pending.setdefault((lang, fold(form, lang, False)), (new.id, status))
        batch_ids.add(new.id)
        doc = self._doc_for_type(new.type, file)
        langs = self.claimed_languages(new.type, file)
        missing = [lang for lang in langs if lang not in new.canonical]
        if missing:
            raise _refuse(
                f"{doc.name} claims {', '.join(langs)} but no canonical was given for "
                f"{', '.join(missing)}",
                "give a canonical form in each language the file claims, or put the entry "
                "in a file that claims only the languages it has",
            )
        block = entry_yaml(
            new,
            offset=_dash_offset(doc) if doc.layout else 2,
            flow_tables=_flow_tables(doc),
        )
        return doc, block

    def _insert_many(self, doc: GlossaryDoc, items: Sequence[tuple[str, str]]) -> None:
        """Insert ``(id, block)`` items (sorted by id) at their sorted places, in one rewrite."""
        if doc.layout is None:
            data = doc.roundtrip_data()
            seq = data.get("entries")
            if seq:  # a flow-style list: rebuild the whole file
                seq.fa.set_block_style()
                for _, block in items:
                    seq.append(_yaml(2).load(block)[0])
                seq.sort(key=lambda e: str(e.get("id")))
                self._replace(doc, dump_rt(data))
                return
            line = int(data.lc.key("entries")[0])
            lines = doc.lines
            head = "".join(lines[:line]) + lines[line].split("entries:")[0] + "entries:\n"
            body = "".join(block for _, block in items)
            self._replace(doc, head + body + "".join(lines[line + 1 :]))
            return
        lines = doc.lines
        ids = [str(e.get("id")) if isinstance(e, dict) else "" for e in doc.entries]
        blocks = doc.layout.blocks
        _, gap = _split_trailing_blank(lines[blocks[0][0] : blocks[0][1]])
        out: list[str] = lines[: blocks[0][0]]
        j = 0
        for i, (start, end) in enumerate(blocks):
            while j < len(items) and items[j][0] < ids[i]:
                out.append(items[j][1] + gap)
                j += 1
            if i < len(blocks) - 1 or j == len(items):
                out.extend(lines[start:end])
        if j < len(items):  # the rest go after the last entry
            start, end = blocks[-1]
            body, tail_gap = _split_trailing_blank(lines[start:end])
            if not body.endswith("\n"):
                body += "\n"
            separator = gap if len(ids) > 1 else tail_gap
            out.append(body)
            for _, block in items[j:]:
                out.append(separator + block)
            out.append(tail_gap if len(ids) > 1 else "")
        out.extend(lines[blocks[-1][1] :])
        self._replace(doc, "".join(out))

    def add_variant(self, entry_id: str, lang: str, variant: Variant) -> None:
        """Add ``variant`` to ``entry_id``'s variants in ``lang``."""
        _check_lang(lang)
        _check_status(variant.status)
        doc, index = self.locate(entry_id)
        entry = entry_at(doc, index)
        exact = entry.case_sensitive if entry is not None else True
        for own in entry.forms if entry is not None else ():
            if own.lang == lang and fold(own.form, lang, exact) == fold(variant.form, lang, exact):
                raise _refuse(
                    f"entry {entry_id} already has {lang} form {own.form!r} ({own.role})",
                    "nothing to add; change the status of that form instead",
                    own.path,
                    own.line,
                )
        self._refuse_taken(variant.form, lang, entry_id, variant.status)

        def mutate(node: Any) -> bool:
            items = _variant_list(node, lang)
            if items.fa.flow_style() and not items:
                items.fa.set_block_style()
            items.append(_variant_node(variant))
            return True

        self._mutate(entry_id, mutate)
        self.log.append(f"added {lang} variant {variant.form!r} ({variant.status}) to {entry_id}")

    def add_example(self, entry_id: str, text: str, expected: str, lang: str | None) -> None:
        """Append an ``examples`` item (run by ``glossary test``) to ``entry_id``."""
        if lang is not None:
            _check_lang(lang)
        fields: dict[str, Any] = {
            "input": DoubleQuotedScalarString(text),
            "expected": DoubleQuotedScalarString(expected),
        }
        if lang is not None:
            fields["lang"] = lang

        def mutate(node: Any) -> bool:
            items = node.get("examples")
            if not isinstance(items, list):
                items = CommentedSeq()
                _insert_key(node, "examples", items)
            items.append(_flow_map(**fields))
            return True

        actual = self._normalized(text, lang)
        if actual is not None and actual != expected:
            raise _refuse(
                f"example {text!r} of entry {entry_id} normalizes to {actual!r}, not {expected!r}",
                "give the expected text normalize produces, or change the glossary first "
                "so that it produces the expected text",
            )
        self._mutate(entry_id, mutate)
        self.log.append(f"added example {text!r} -> {expected!r} to {entry_id}")

    def _normalized(self, text: str, lang: str | None) -> str | None:
        """``text`` normalized with the glossary these files make (as ``glossary test`` does),
        or None when they do not load (lint then says why)."""
        from polyglot_news.glossary import Glossary, normalize
        from polyglot_news.glossary.loader import parse_text

        try:
            entries = [e for doc in self.docs for e in parse_text(doc.text, doc.name)]
            glossary = Glossary.from_entries(entries)
        except GlossaryError:
            return None
        return str(normalize(text, glossary=glossary, lang=lang).text)

    def remove_entry(self, entry_id: str) -> None:
        """Delete entry ``entry_id`` with the comment lines directly above it."""
        doc, index = self.locate(entry_id)
        if doc.layout is None:
            data = doc.roundtrip_data()
            del data["entries"][index]
            self._replace(doc, dump_rt(data))
        else:
            lines = doc.lines
            start, end = doc.layout.blocks[index]
            if index == len(doc.layout.blocks) - 1 and index > 0:
                # keep the blank lines that separated the previous entry from what follows
                prev_start, prev_end = doc.layout.blocks[index - 1]
                body, _ = _split_trailing_blank(lines[prev_start:prev_end])
                _, gap = _split_trailing_blank(lines[start:end])
                new = lines[:prev_start] + [body, gap] + lines[end:]
            elif len(doc.layout.blocks) == 1:
                key_line = int(doc.data.lc.key("entries")[0])
                new = lines[:start] + lines[end:]
                new[key_line] = _empty_list_line(new[key_line])
            else:
                new = lines[:start] + lines[end:]
            self._replace(doc, "".join(new))
        self.log.append(f"removed entry {entry_id} from {doc.name}")

    def remove_variant(self, entry_id: str, lang: str, form: str) -> None:
        """Delete the ``lang`` variant ``form`` (compared after folding) from ``entry_id``."""
        _check_lang(lang)
        found: list[str] = []

        def mutate(node: Any) -> bool:
            at = _find_variant(node, lang, form)
            if at is None:
                return False
            items, index, text = at
            found.append(text)
            del items[index]
            return True

        self._mutate(entry_id, mutate)
        if not found:
            raise _refuse(
                f"entry {entry_id} has no {lang} variant {form!r}",
                "check the entry's variants (canonical and short forms are set, not removed)",
            )
        self.log.append(f"removed {lang} variant {found[0]!r} from {entry_id}")

    def remove_field(self, entry_id: str, field: str) -> None:
        """Delete an optional field (``notes``, ``short.en``, ``held`` ...) of ``entry_id``."""
        head, _, lang = field.partition(".")
        if head in ("id", "type", "canonical") or head not in _FIELD_HEADS:
            raise _refuse(
                f"cannot remove field {field!r}",
                "removable fields: short.LANG, notes, army, case_sensitive, held, sources, "
                "uncertain, render_only, examples, variants.LANG",
            )
        removed: list[bool] = []

        def mutate(node: Any) -> bool:
            if lang:
                table = node.get(head)
                if isinstance(table, dict) and lang in table:
                    del table[lang]
                    if not table:
                        del node[head]
                    removed.append(True)
            elif head in node:
                del node[head]
                removed.append(True)
            return bool(removed)

        self._mutate(entry_id, mutate)
        if not removed:
            raise _refuse(f"entry {entry_id} has no field {field!r}", "nothing to remove")
        self.log.append(f"removed {field} from {entry_id}")

    def set_field(self, entry_id: str, field: str, value: str, *, keep_old: bool = False) -> None:
        """Set ``field`` (see :data:`SETTABLE_FIELDS`) of ``entry_id`` to ``value``.

        Setting ``canonical.LANG`` or ``short.LANG`` to a form that is one of the
        entry's variants moves it out of the variants; ``keep_old`` keeps the
        previous form as an admitted variant.
        """
        head, _, sub = field.partition(".")
        parsed = _parse_value(head, sub, value)
        if head in ("canonical", "short"):
            _check_lang(sub)
            self._refuse_taken(value, sub, entry_id, "preferred")
        old: list[Any] = []

        def mutate(node: Any) -> bool:
            if sub:
                table = node.get(head)
                if not isinstance(table, dict):
                    table = CommentedMap()
                    if head == "held":
                        table.fa.set_flow_style()
                    _insert_key(node, head, table)
                old.append(table.get(sub))
                if old[-1] == parsed:
                    return False
                table[sub] = parsed
            else:
                old.append(node.get(head))
                if old[-1] == parsed:
                    return False
                _insert_key(node, head, parsed)
            if head in ("canonical", "short"):
                _move_out_of_variants(node, sub, value, old[-1] if keep_old else None, head)
            return True

        self._mutate(entry_id, mutate)
        self.log.append(f"set {entry_id} {field} = {value!r}")

    def set_variant(
        self,
        entry_id: str,
        lang: str,
        form: str,
        *,
        status: str | None = None,
        short: bool | None = None,
        note: str | None = None,
    ) -> None:
        """Change the status, short flag or note of one variant of ``entry_id``."""
        _check_lang(lang)
        if status is not None:
            _check_status(status)
        found: list[Any] = []
        changes: list[str] = []

        def mutate(node: Any) -> bool:
            at = _find_variant(node, lang, form)
            if at is None:
                return False
            items, index, text = at
            item = items[index]
            found.append(item)
            mine = item if isinstance(item, dict) else {}
            current = Variant(
                text,
                str(mine.get("status", "admitted")),
                bool(mine.get("short")),
                mine.get("note"),
            )
            new = Variant(
                text,
                status or current.status,
                current.short if short is None else short,
                current.note if note is None else (note or None),
            )
            if new == current:
                return False
            changes.append(_variant_change(current, new))
            if new.status != "admitted" or new.short or new.note:
                node_item = item if isinstance(item, dict) else _flow_map(form=text)
                node_item["status"] = new.status
                for key, val in (("short", new.short), ("note", new.note)):
                    if val:
                        node_item[key] = val
                    elif key in node_item:
                        del node_item[key]
                items[index] = node_item
            else:
                items[index] = text
            return True

        self._mutate(entry_id, mutate)
        if not found:
            raise _refuse(
                f"entry {entry_id} has no {lang} variant {form!r}",
                "add it as a variant first",
            )
        if status not in ("weak", None):
            self._refuse_taken(form, lang, entry_id, status)
        what = changes[0] if changes else "unchanged"
        written = found[0] if isinstance(found[0], str) else found[0].get("form")
        self.log.append(f"set {entry_id} {lang} variant {written!r}: {what}")

    # --- checking and saving -------------------------------------------------------------
    def _error_keys(self) -> set[tuple[str, str]]:
        from polyglot_news.glossary_tools.lint import lint_docs

        return {(p.path, p.problem) for p in lint_docs(self.docs) if p.severity == "error"}

    def check(self) -> None:
        """Raise :class:`GlossaryError` if the edits introduced a lint error."""
        from polyglot_news.glossary_tools.lint import lint_docs

        new = [
            p
            for p in lint_docs(self.docs)
            if p.severity == "error" and (p.path, p.problem) not in self._baseline
        ]
        if new:
            first = new[0]
            more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
            raise GlossaryError(
                f"refused: the edit would make lint fail: {first.problem}{more}",
                path=first.path,
                line=first.line,
                fix=first.fix,
            )

    def changed(self) -> list[GlossaryDoc]:
        """The files whose text differs from what was read."""
        return [
            doc
            for doc in self.docs
            if self._original.get(doc.path) != doc.text
            and (doc.path in self._original or doc.entries)
        ]

    def diff(self) -> str:
        """A unified diff (``a/FILE`` to ``b/FILE``) of every change made so far."""
        import difflib

        parts: list[str] = []
        for doc in self.changed():
            before = self._original.get(doc.path, "")
            parts.extend(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    doc.text.splitlines(keepends=True),
                    fromfile=f"a/{doc.name}",
                    tofile=f"b/{doc.name}",
                )
            )
        return "".join(parts)

    def save(self, *, check: bool = True) -> list[str]:
        """Check (unless ``check`` is false: the caller just did), then write the changed
        files atomically; returns their display names.

        The folder's edit lock (:func:`~polyglot_news.glossary_tools.files.edit_lock`) is
        held while writing; hold it from :meth:`open` to :meth:`save` to serialize whole
        edits. A file that changed on disk since it was read is not overwritten: a
        :class:`GlossaryError` says the edit must be retried, and nothing is written.
        """
        if check:
            self.check()
        changed = self.changed()
        for doc in changed:
            if is_installed_package(doc.path):
                raise GlossaryError(
                    "refused: these are the installed package's glossaries, which an upgrade "
                    "replaces; nothing was written",
                    path=display_path(doc.path),
                    fix="copy the glossary files to a folder of your own, edit that copy and "
                    "load it as a layer over the shipped ones",
                )
        folders = sorted({doc.path.parent.resolve() for doc in changed})
        with contextlib.ExitStack() as stack:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
                stack.enter_context(edit_lock(folder))
            for doc in changed:
                self._check_unchanged_on_disk(doc)
            written = []
            for doc in changed:
                write_text(doc.path, doc.text)
                self._original[doc.path] = doc.text
                written.append(display_path(doc.path))
        return written

    def _check_unchanged_on_disk(self, doc: GlossaryDoc) -> None:
        """Refuse to overwrite a file another edit changed after this workspace read it."""
        try:
            current: str | None = doc.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError):
            current = ""
        if current != self._original.get(doc.path):
            raise GlossaryError(
                "the file changed on disk while this edit was being made; nothing was written",
                path=display_path(doc.path),
                fix="retry the edit (it will start from the file as it is now)",
            )


def _variant_change(old: Variant, new: Variant) -> str:
    """``status admitted -> weak, short false -> true`` for the fields that changed."""
    parts = []
    for name in ("status", "short", "note"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            parts.append(
                f"{name} {before!r} -> {after!r}"
                if name == "note"
                else f"{name} {str(before).lower()} -> {str(after).lower()}"
            )
    return ", ".join(parts)


def _empty_list_line(line: str) -> str:
    """``entries:   # c`` becomes ``entries: [] # c``, the comment kept in its column."""
    code, sep, comment = line.rstrip("\n").partition("#")
    stripped = code.rstrip()
    if not stripped.endswith(":"):
        return line
    head = stripped + " []"
    if not sep:
        return head + "\n"
    return head + " " * max(1, len(code) - len(head)) + sep + comment + "\n"


_FIELD_HEADS = (
    "type",
    "canonical",
    "short",
    "notes",
    "army",
    "case_sensitive",
    "held",
    "sources",
    "uncertain",
    "render_only",
    "examples",
    "variants",
)
_KEY_ORDER = ENTRY_FIELDS


def _parse_value(head: str, sub: str, value: str) -> Any:
    """The YAML value for ``glossary set`` text ``value``; bad fields raise GlossaryError."""
    fields = ", ".join(SETTABLE_FIELDS)
    if head in ("canonical", "short"):
        if not sub:
            raise _refuse(f"{head} needs a language", f"write {head}.en, {head}.zh or {head}.ru")
        if not value.strip():
            raise _refuse(f"empty {head} form", "give the form, or remove the field")
        return value
    if sub and head != "held":
        raise _refuse(f"unknown field {head}.{sub}", f"fields are {fields}")
    if head == "type":
        if value not in TYPES:
            raise _refuse(f"unknown type {value!r}", f"type is one of {', '.join(TYPES)}")
        return value
    if head == "case_sensitive":
        if value.lower() not in ("true", "false"):
            raise _refuse("case_sensitive is true or false", "write true or false")
        return value.lower() == "true"
    if head == "held":
        if sub not in ("from", "to"):
            raise _refuse(f"unknown field held.{sub}", "write held.from or held.to")
        return value
    if head in ("sources", "uncertain", "render_only"):
        items = [part.strip() for part in value.split(",") if part.strip()]
        if head != "sources":
            for lang in items:
                _check_lang(lang)
        seq = CommentedSeq(items)
        seq.fa.set_flow_style()
        return seq
    if head in ("notes", "army"):
        return value
    raise _refuse(f"unknown field {head!r}", f"fields are {fields}")


def _insert_key(node: Any, key: str, value: Any) -> None:
    """Set ``node[key]``, placing a new key where the house key order puts it."""
    if key in node:
        node[key] = value
        return
    rank = _KEY_ORDER.index(key) if key in _KEY_ORDER else len(_KEY_ORDER)
    position = sum(1 for k in node if k in _KEY_ORDER and _KEY_ORDER.index(k) < rank)
    node.insert(position, key, value)


def _variant_list(node: Any, lang: str) -> Any:
    """The round-trip list of ``lang``'s variants in entry ``node``; made when missing
    (``variants`` in its house-order place among the entry's keys)."""
    table = node.get("variants")
    if not isinstance(table, dict):
        table = CommentedMap()
        _insert_key(node, "variants", table)
    items = table.get(lang)
    if not isinstance(items, list):
        items = CommentedSeq()
        table[lang] = items
    return items


def _find_variant(node: Any, lang: str, form: str) -> tuple[Any, int, str] | None:
    """``(the lang variant list, index, the form as written)`` of the variant of an entry
    node that is ``form`` once folded; None when there is none."""
    variants = node.get("variants")
    items = variants.get(lang) if isinstance(variants, dict) else None
    if not isinstance(items, list):
        return None
    for index, item in enumerate(items):
        text = item.get("form") if isinstance(item, dict) else item
        if isinstance(text, str) and fold(text, lang) == fold(form, lang):
            return items, index, text
    return None


def _move_out_of_variants(node: Any, lang: str, form: str, old: Any, head: str) -> None:
    at = _find_variant(node, lang, form)
    if at is not None:
        del at[0][at[1]]
    if isinstance(old, str) and old and fold(old, lang) != fold(form, lang):
        _variant_list(node, lang).append(_variant_node(Variant(old, "admitted", head == "short")))
