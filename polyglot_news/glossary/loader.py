"""Read glossary YAML files (safe loader only) into :class:`Entry` objects.

Every problem is a :class:`~polyglot_news.errors.GlossaryError` naming the file,
the 1-based line and the fix. The YAML is composed into nodes (never
constructed by PyYAML), so tags that try to build Python objects are refused
and every value keeps its line number.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary.model import (
    ENTRY_FIELDS,
    KINDS,
    LANGS,
    TYPES,
    VARIANT_STATUSES,
    Entry,
    Variant,
    duplicate_id,
)

__all__ = [
    "load_files",
    "read_layers",
    "merge_layers",
    "shipped_sources",
    "parse_text",
    "read_tree",
    "YamlMap",
    "YamlSeq",
    "SourceFile",
    "check_depth",
    "check_complete",
    "MAX_DEPTH",
]

_ID = re.compile(r"^[a-z0-9_]+$")
_TOP_FIELDS = {"kind", "languages", "entries"}
_VARIANT_FIELDS = {"form", "status", "short", "note"}
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
}
_FORMAT_HINT = "see docs/glossary.md for the file format"


@dataclass(frozen=True)
class SourceFile:
    """One glossary file to read: its display ``name`` and its text."""

    name: str
    text: str


#: Longest accepted surface form: names, titles and ranks are far shorter; a huge term is a
#: mistake (or an attack) and would bloat the matcher's automaton.
MAX_TERM_CHARS = 200


#: Deepest nesting of lists and mappings a glossary file may have (a real one is 6 deep:
#: file, entries, entry, variants, language, variant). The YAML composer recurses per level,
#: so a file nested thousands deep would crash the process; it is refused before parsing.
MAX_DEPTH = 64


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth of ``text`` (never below the true depth).

    Block nesting needs indentation or an indicator (``- ``, ``? ``, ``: ``) per level or
    two; flow nesting needs a bracket per level. Brackets inside quoted text only raise
    the bound.
    """
    bound = 0
    for line in text.splitlines():
        body = line.lstrip(" ")
        if body:
            inline = body.count("- ") + body.count("? ") + body.count(": ")
            bound = max(bound, 2 * (len(line) - len(body) + inline + 1))
    flow = 0
    deepest = 0
    for char in re.findall(r"[\[\]{}]", text):
        flow = flow + 1 if char in "[{" else max(0, flow - 1)
        deepest = max(deepest, flow)
    return bound + deepest


def check_depth(text: str, name: str) -> None:
    """Refuse ``text`` nested deeper than :data:`MAX_DEPTH` (before the recursive composer
    sees it). Exact where the cheap bound says it might be deep: the parser's events are
    counted (the parser keeps its own stack; only composing recurses)."""
    if _depth_bound(text) <= MAX_DEPTH:
        return
    yaml = _yaml()
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_loader()):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise GlossaryError(
                        f"lists and mappings are nested more than {MAX_DEPTH} deep",
                        path=name,
                        line=event.start_mark.line + 1,
                        fix="a glossary entry is a few levels deep; see docs/glossary.md",
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # malformed: parse_text reports it with its line


@lru_cache(maxsize=1)
def compose(text: str) -> Any:
    """The YAML node tree of ``text`` (None for no document), composed once for the editor
    tools and the engine's loader, which both read the same text after an edit (composing
    is most of the cost of linting a big file). Callers check the depth first and must not
    change the nodes. YAML errors propagate (and are not cached)."""
    yaml = _yaml()
    return yaml.compose(text, Loader=_loader())


def check_complete(text: str, name: str) -> None:
    """Refuse a glossary file that is empty or ends in the middle of a line.

    Glossary files are written whole (editors and the editor tools end them with a line
    break); a file that is empty or stops mid-line was most likely cut short by an
    interrupted write, and loading it as it is would silently drop entries.
    """
    if not text.strip():
        raise GlossaryError(
            "the file is empty",
            path=name,
            fix="a glossary file holds kind, languages and entries (docs/glossary.md); "
            "an interrupted write leaves an empty file: restore it from version control",
        )
    if not text.endswith(("\n", "\r")):
        raise GlossaryError(
            "the file does not end with a line break: it may have been cut short",
            path=name,
            line=text.count("\n") + 1,
            fix="check the end of the file; if it is complete, end it with a line break",
        )


def _yaml() -> Any:
    import yaml

    return yaml


def _loader() -> Any:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Base:
    """A line offset shared by every node of one entry, so moving an entry is O(1)."""

    __slots__ = ("delta",)

    def __init__(self, delta: int = 0):
        self.delta = delta


class _LineCol:
    """Line and column (0-based) of a node's keys, values and items (ruamel's ``lc`` API)."""

    __slots__ = ("base", "keys", "values", "items", "item_bases")

    def __init__(self, base: _Base):
        self.base = base
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []
        self.item_bases: list[_Base] | None = None

    def key(self, key: Any) -> tuple[int, int]:
        """Where mapping key ``key`` is written."""
        line, col = self.keys[key]
        return line + self.base.delta, col

    def value(self, key: Any) -> tuple[int, int]:
        """Where the value of mapping key ``key`` starts."""
        line, col = self.values[key]
        return line + self.base.delta, col

    def item(self, index: int) -> tuple[int, int]:
        """Where sequence item ``index`` starts."""
        line, col = self.items[index]
        base = self.item_bases[index] if self.item_bases is not None else self.base
        return line + base.delta, col


class _Style:
    """Whether a collection is written in flow style (``{...}``/``[...]``)."""

    __slots__ = ("flow",)

    def __init__(self, flow: bool):
        self.flow = flow

    def flow_style(self) -> bool:
        """True for ``{a: b}`` and ``[a, b]``."""
        return self.flow


class YamlMap(dict[Any, Any]):
    """A mapping read from a glossary file, with ``lc`` (positions) and ``fa`` (style)."""

    lc: _LineCol
    fa: _Style


class YamlSeq(list[Any]):
    """A sequence read from a glossary file, with ``lc`` (positions) and ``fa`` (style)."""

    lc: _LineCol
    fa: _Style


#: The plain words YAML reads as true (PyYAML's resolver decides which words are booleans).
_TRUE_WORDS = ("true", "yes", "on")


class _Doc:
    """Helpers bound to one file, so every error names it."""

    def __init__(self, name: str):
        self.name = name

    def error(self, problem: str, node: Any = None, fix: str | None = None) -> GlossaryError:
        """An error at ``node`` (a YAML node or mark; None: the whole file)."""
        mark = getattr(node, "start_mark", node)
        line = mark.line + 1 if mark is not None else None
        return GlossaryError(problem, path=self.name, line=line, fix=fix)

    def check_tags(self, root: Any) -> None:
        """Refuse non-plain tags and anchors/aliases, visiting each node once (no expansion).

        Walking the graph iteratively with a seen-set keeps a "billion laughs" alias bomb
        and deeply nested input from costing more than the size of the file.
        """
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                raise self.error(
                    "YAML anchors and aliases (&name / *name) are not allowed",
                    node,
                    "write each value out in full",
                )
            seen.add(id(node))
            if node.tag not in _SAFE_TAGS:
                raise self.error(
                    f"YAML tag {node.tag!r} is not allowed",
                    node,
                    "glossaries hold plain strings, lists and mappings; remove the tag",
                )
            value = node.value
            if isinstance(value, list):
                for item in reversed(value):
                    if isinstance(item, tuple):
                        stack.extend((item[1], item[0]))
                    else:
                        stack.append(item)

    def mapping(self, node: Any, what: str) -> dict[str, tuple[Any, Any]]:
        """``{key: (key_node, value_node)}``; refuses non-mappings and duplicate keys."""
        if node.id != "mapping":
            raise self.error(f"{what} must be a mapping (key: value)", node, _FORMAT_HINT)
        out: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            out[self.key(key_node, out, what)] = (key_node, value_node)
        return out

    def key(self, key_node: Any, seen: dict[str, tuple[Any, Any]], what: str) -> str:
        """The text of mapping key ``key_node``; refuses a list or mapping as a key, and a key
        already in ``seen`` (written key -> (key node, value node)). The one rule for keys:
        the entries and the editors' tree both read their mappings through it."""
        if key_node.id != "scalar":
            raise self.error(f"{what} has a non-text key", key_node, "use plain text keys")
        key = str(key_node.value)
        if key in seen:
            first = seen[key][0].start_mark.line + 1
            raise self.error(
                f"{what} has the key {key!r} twice",
                key_node,
                f"keep one of the two (the first is on line {first})",
            )
        return key

    def plain(self, node: Any) -> Any:
        """The Python value of a scalar node: a boolean, None, a number, or its text (dates,
        and numbers Python cannot read, stay as written: 2023-03)."""
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in _TRUE_WORDS
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == "tag:yaml.org,2002:float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        return value

    def tree(self, node: Any, base: _Base, *, root: bool = False, what: str = "the file") -> Any:
        """Plain Python values that remember where they are written (``lc``) and their style
        (``fa``), from the checked nodes: what the editor tools read and edit.

        The items of the root's ``entries`` list each get their own :class:`_Base`, so an edit
        can move the entries after the one it changed without walking them. ``what`` names
        the mapping in an error about its keys (the file, an entry, or the key it is under).
        """
        if node.id == "scalar":
            return self.plain(node)
        if node.id == "sequence":
            seq = YamlSeq()
            seq.lc = _LineCol(base)
            seq.fa = _Style(bool(node.flow_style))
            if root:
                seq.lc.item_bases = []
            for item in node.value:
                seq.lc.items.append((item.start_mark.line, item.start_mark.column))
                item_base = base
                if seq.lc.item_bases is not None:
                    item_base = _Base(base.delta)
                    seq.lc.item_bases.append(item_base)
                seq.append(self.tree(item, item_base, what="an entry" if root else "a mapping"))
            return seq
        mapping = YamlMap()
        mapping.lc = _LineCol(base)
        mapping.fa = _Style(bool(node.flow_style))
        written: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            written[self.key(key_node, written, what)] = (key_node, value_node)
            key = self.plain(key_node)
            mapping.lc.keys[key] = (key_node.start_mark.line, key_node.start_mark.column)
            mapping.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            mapping[key] = self.tree(
                value_node, base, root=root and key == "entries", what=str(key)
            )
        return mapping

    def sequence(self, node: Any, what: str) -> list[Any]:
        if node.id != "sequence":
            raise self.error(f"{what} must be a list", node, f"write {what} as a YAML list")
        return list(node.value)

    def text(self, node: Any, what: str, *, allow_empty: bool = False) -> str:
        if node.id != "scalar" or node.tag not in (
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp",
        ):
            raise self.error(f"{what} must be text", node, f"write {what} as a plain string")
        value = str(node.value)
        if node.tag != "tag:yaml.org,2002:str" and what.startswith(
            ("canonical", "variant", "short")
        ):
            raise self.error(f"{what} must be text, not a number or date", node, "quote it")
        if not value.strip() and not allow_empty:
            raise self.error(f"{what} is empty", node, f"give {what} a value or remove it")
        if len(value) > MAX_TERM_CHARS and what.startswith(("canonical", "variant", "short")):
            raise self.error(
                f"{what} is {len(value):,} characters long (at most {MAX_TERM_CHARS})",
                node,
                "a glossary form is a name, title or rank; shorten it or remove it",
            )
        if value != value.strip():
            raise self.error(
                f"{what} {value!r} has leading or trailing spaces", node, "remove the spaces"
            )
        if len(value.splitlines()) > 1 and what.startswith(("canonical", "variant", "short")):
            raise self.error(
                f"{what} {value!r} spans more than one line",
                node,
                "a glossary form is one line: write it on one line (a YAML block scalar "
                "or a quoted string with a line break keeps the break)",
            )
        if unicodedata.normalize("NFC", value) != value:
            raise self.error(f"{what} {value!r} is not in Unicode NFC", node, "save it as NFC")
        return value

    def boolean(self, node: Any, what: str) -> bool:
        if node.id != "scalar" or node.tag != "tag:yaml.org,2002:bool":
            raise self.error(f"{what} must be true or false", node, f"write {what}: true or false")
        return str(node.value).lower() in _TRUE_WORDS

    def lang(self, node: Any, what: str) -> str:
        value = self.text(node, what)
        if value not in LANGS:
            raise self.error(
                f"{what}: unknown language {value!r}", node, f"use one of {', '.join(LANGS)}"
            )
        return value

    def text_list(self, node: Any, what: str) -> tuple[str, ...]:
        return tuple(self.text(item, what) for item in self.sequence(node, what))


def _variant(doc: _Doc, node: Any, lang: str, entry_id: str) -> Variant:
    what = f"variant of {entry_id} ({lang})"
    line = node.start_mark.line + 1
    if node.id == "scalar":
        return Variant(doc.text(node, what), "admitted", False, None, line)
    fields = doc.mapping(node, what)
    for key, (key_node, _) in fields.items():
        if key not in _VARIANT_FIELDS:
            raise doc.error(
                f"{what}: unknown field {key!r}",
                key_node,
                f"use only {', '.join(sorted(_VARIANT_FIELDS))}",
            )
    if "form" not in fields:
        raise doc.error(f"{what} has no form", node, "add form: <the spelling>")
    form = doc.text(fields["form"][1], what)
    status = "admitted"
    if "status" in fields:
        status_node = fields["status"][1]
        status = doc.text(status_node, f"status of {form!r}")
        if status == "preferred":
            raise doc.error(
                f"{what} {form!r} has status preferred",
                status_node,
                "preferred is the canonical or short form: move it there, "
                "or use admitted, deprecated or weak",
            )
        if status not in VARIANT_STATUSES:
            raise doc.error(
                f"{what} {form!r} has unknown status {status!r}",
                status_node,
                f"use one of {', '.join(VARIANT_STATUSES)}",
            )
    short = doc.boolean(fields["short"][1], f"short of {form!r}") if "short" in fields else False
    note = doc.text(fields["note"][1], "note") if "note" in fields else None
    return Variant(form, status, short, note, line)


def _lang_map(doc: _Doc, node: Any, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key_node, value_node in doc.mapping(node, what).values():
        lang = doc.lang(key_node, what)
        out[lang] = doc.text(value_node, f"{what} {lang}")
    return out


def _entry(doc: _Doc, node: Any, languages: tuple[str, ...]) -> Entry:
    fields = doc.mapping(node, "an entry")
    for key, (key_node, _) in fields.items():
        if key not in ENTRY_FIELDS:
            raise doc.error(
                f"unknown entry field {key!r}", key_node, f"use only {', '.join(ENTRY_FIELDS)}"
            )
    if "id" not in fields:
        raise doc.error("entry has no id", node, "add id: <a_stable_id> ([a-z0-9_]+)")
    id_node = fields["id"][1]
    entry_id = doc.text(id_node, "id")
    if not _ID.match(entry_id):
        raise doc.error(f"id {entry_id!r} is not [a-z0-9_]+", id_node, "use lower-case a-z, 0-9, _")
    if "type" not in fields:
        raise doc.error(
            f"entry {entry_id} has no type", node, f"add type: one of {', '.join(TYPES)}"
        )
    type_ = doc.text(fields["type"][1], "type")
    if type_ not in TYPES:
        raise doc.error(
            f"entry {entry_id} has unknown type {type_!r}",
            fields["type"][1],
            f"use one of {', '.join(TYPES)}",
        )
    if "canonical" not in fields:
        raise doc.error(
            f"entry {entry_id} has no canonical", node, "add canonical: {en: ..., zh: ..., ru: ...}"
        )
    canonical = _lang_map(doc, fields["canonical"][1], "canonical")
    missing = [lang for lang in languages if lang not in canonical]
    if missing:
        raise doc.error(
            f"entry {entry_id} has no canonical {', '.join(missing)}",
            fields["canonical"][1],
            f"add canonical {missing[0]} (the file claims languages {list(languages)})",
        )
    optional = {
        key: read(doc, fields[key][1], entry_id) for key, read in _OPTIONAL.items() if key in fields
    }
    return Entry(
        id=entry_id,
        type=type_,
        canonical=canonical,
        **optional,  # the others keep the defaults of Entry
        path=doc.name,
        line=node.start_mark.line + 1,
    )


def _variants(doc: _Doc, node: Any, entry_id: str) -> dict[str, tuple[Variant, ...]]:
    variants: dict[str, tuple[Variant, ...]] = {}
    for key_node, value_node in doc.mapping(node, "variants").values():
        lang = doc.lang(key_node, "variants")
        if value_node.id == "scalar" and value_node.tag == "tag:yaml.org,2002:null":
            variants[lang] = ()
            continue
        items = doc.sequence(value_node, f"variants {lang}")
        variants[lang] = tuple(_variant(doc, item, lang, entry_id) for item in items)
    return variants


def _langs(what: str) -> Callable[[_Doc, Any, str], tuple[str, ...]]:
    """The reader of a list of language codes under ``what``."""
    return lambda doc, node, _id: tuple(doc.lang(item, what) for item in doc.sequence(node, what))


def _held(doc: _Doc, node: Any, _id: str) -> dict[str, str]:
    held = {}
    for key, (key_node, value_node) in doc.mapping(node, "held").items():
        if key not in ("from", "to"):
            raise doc.error(f"held has unknown key {key!r}", key_node, "use from and to")
        held[key] = doc.text(value_node, f"held {key}")
    return held


def _examples(doc: _Doc, node: Any, entry_id: str) -> tuple[dict[str, str], ...]:
    examples: list[dict[str, str]] = []
    for item in doc.sequence(node, "examples"):
        example = doc.mapping(item, "an example")
        for need in ("input", "expected"):
            if need not in example:
                raise doc.error(f"example of {entry_id} has no {need}", item, f"add {need}: ...")
        examples.append(
            {k: doc.text(v, f"example {k}", allow_empty=True) for k, (_, v) in example.items()}
        )
    return tuple(examples)


#: How each field of an entry after id, type and canonical is read, in the order read (so
#: the first error in an entry is the same whatever the order of its keys); a field not
#: written keeps its default in :class:`Entry`.
_OPTIONAL: dict[str, Callable[[_Doc, Any, str], Any]] = {
    "short": lambda doc, node, _id: _lang_map(doc, node, "short"),
    "variants": _variants,
    "render_only": _langs("render_only"),
    "uncertain": _langs("uncertain"),
    "case_sensitive": lambda doc, node, _id: doc.boolean(node, "case_sensitive"),
    "army": lambda doc, node, _id: doc.text(node, "army"),
    "held": _held,
    "notes": lambda doc, node, _id: doc.text(node, "notes"),
    "sources": lambda doc, node, _id: doc.text_list(node, "sources"),
    "examples": _examples,
}


def _root(doc: _Doc, text: str) -> Any:
    """The checked node tree of ``text`` (None for no document): not nested too deep, valid
    YAML, plain tags only, no anchors or aliases. The one reading of a glossary's YAML, for
    the engine's entries (:func:`parse_text`) and the editors' tree (:func:`read_tree`)."""
    yaml = _yaml()
    check_depth(text, doc.name)
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise doc.error(f"malformed YAML: {problem}", mark, _YAML_FIX) from None
    except yaml.YAMLError as exc:
        raise doc.error(f"malformed YAML: {exc}", None, _YAML_FIX) from None
    if root is not None:
        doc.check_tags(root)
    return root


_YAML_FIX = "check indentation, colons and quotes on this line or the one above"


def read_tree(text: str, name: str, *, first_line: int = 0) -> Any:
    """The YAML of one glossary file as plain values that remember their places, for the
    editor tools: :class:`YamlMap` and :class:`YamlSeq` with ruamel-style ``lc`` (0-based
    line and column of each key, value and item, counted from ``first_line``) and ``fa``
    (flow style); None for a file with no document. Read as :func:`parse_text` reads it
    (the same refusals, naming ``name`` and the line), without the entry schema, so the
    editors can read, and report on, entries the engine would refuse."""
    doc = _Doc(name)
    root = _root(doc, text)
    return None if root is None else doc.tree(root, _Base(first_line), root=True)


def parse_text(text: str, name: str) -> list[Entry]:
    """Parse one glossary file's text; ``name`` is used in error messages."""
    doc = _Doc(name)
    root = _root(doc, text)
    if root is None:
        raise GlossaryError(
            "the file holds no YAML document (only blank lines or comments)",
            path=name,
            fix="a glossary file holds kind, languages and entries (docs/glossary.md); "
            "write entries: [] for a file with no entries yet",
        )
    doc.check_tags(root)
    top = doc.mapping(root, "the file")
    for key, (key_node, _) in top.items():
        if key not in _TOP_FIELDS:
            raise doc.error(
                f"unknown top-level field {key!r}", key_node, "use only kind, languages, entries"
            )
    languages: tuple[str, ...] = ()
    if "kind" in top:
        kind_node = top["kind"][1]
        kind = doc.text(kind_node, "kind")
        if kind not in KINDS:
            raise doc.error(f"unknown kind {kind!r}", kind_node, f"use one of {', '.join(KINDS)}")
    if "languages" in top:
        languages = tuple(
            doc.lang(n, "languages") for n in doc.sequence(top["languages"][1], "languages")
        )
    if "entries" not in top:
        raise doc.error("the file has no entries list", root, "add entries: [...]")
    entries_node = top["entries"][1]
    if entries_node.id == "scalar" and entries_node.tag == "tag:yaml.org,2002:null":
        raise doc.error(
            "entries: has nothing after it (the file may have been cut short)",
            entries_node,
            "write entries: [] for a file with no entries yet",
        )
    return [_entry(doc, item, languages) for item in doc.sequence(entries_node, "entries")]


def _read(path: Path) -> SourceFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(
            f"cannot read the glossary: {exc.strerror}", path=str(path), fix="check the path"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GlossaryError(
            "the file is not UTF-8", path=str(path), line=line, fix="save it as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    check_complete(text, str(path))
    return SourceFile(str(path), text)


def _expand(path: str | os.PathLike[str]) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        files = sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        return files
    if not p.exists():
        raise GlossaryError("no such glossary file or directory", path=str(p), fix="check the path")
    return [p]


def shipped_sources() -> Iterator[SourceFile]:
    """The glossary files shipped in ``polyglot_news.glossaries``."""
    root = resources.files("polyglot_news.glossaries")
    for item in sorted(root.iterdir(), key=lambda t: t.name):
        if item.name.endswith((".yaml", ".yml")):
            yield SourceFile(f"glossaries/{item.name}", item.read_text(encoding="utf-8"))


def _layer(files: Iterable[SourceFile]) -> dict[str, Entry]:
    """Entries of one layer by id; a duplicate id inside a layer is an error."""
    out: dict[str, Entry] = {}
    for source in files:
        for entry in parse_text(source.text, source.name):
            if entry.id in out:
                fix = "give one of the entries another id, or merge them"
                raise duplicate_id(entry, out[entry.id], fix)
            out[entry.id] = entry
    return out


def read_layers(
    paths: Iterable[str | os.PathLike[str]] | None, *, include_shipped: bool = True
) -> list[list[SourceFile]]:
    """The files of each layer, read (not parsed): the shipped layer, then each path."""
    layers: list[list[SourceFile]] = []
    if include_shipped:
        layers.append(list(shipped_sources()))
    for path in paths or ():
        layers.append([_read(p) for p in _expand(path)])
    return layers


def merge_layers(layers: Iterable[Iterable[SourceFile]]) -> list[Entry]:
    """Parse each layer; an entry in a later layer with the same id replaces the earlier one."""
    merged: dict[str, Entry] = {}
    for layer in layers:
        merged.update(_layer(layer))
    return list(merged.values())


def load_files(
    paths: Iterable[str | os.PathLike[str]] | None, *, include_shipped: bool = True
) -> list[Entry]:
    """Load the shipped layer, then each path (file or directory) as a layer over it.

    An entry in a later layer with the same id replaces the earlier one.
    """
    return merge_layers(read_layers(paths, include_shipped=include_shipped))
