"""A light view of glossary entries as written in the files, with line numbers.

The engine (``polyglot_news.glossary``) builds its own immutable model for
matching; the editor tools need something else: every surface form with the
file and line it was written on, read even from files that do not validate.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from polyglot_news.glossary.folding import fold as engine_fold
from polyglot_news.glossary.folding import fold_keep_case, han_runs
from polyglot_news.glossary.model import (
    ENTRY_FIELDS,
    KINDS,
    LANGS,
    STATUSES,
    TYPES,
    VARIANT_STATUSES,
)
from polyglot_news.glossary_tools.files import GlossaryDoc

__all__ = [
    "KINDS",
    "TYPES",
    "TYPE_OF_KIND",
    "KIND_OF_TYPE",
    "STATUSES",
    "VARIANT_STATUSES",
    "LANGS",
    "ENTRY_KEYS",
    "Form",
    "RawEntry",
    "iter_entries",
    "entry_at",
    "fold",
    "line_of",
]

TYPE_OF_KIND: dict[str, str] = dict(zip(KINDS, TYPES, strict=True))
KIND_OF_TYPE: dict[str, str] = dict(zip(TYPES, KINDS, strict=True))
#: The entry fields, in the order editors write them (one definition, in the glossary model).
ENTRY_KEYS = ENTRY_FIELDS


@dataclass(frozen=True)
class Form:
    """One surface form of an entry, where it is written and what it is.

    ``role`` is ``canonical``, ``short`` or ``variant``; ``index`` is the
    position in the variant list (``-1`` for canonical and short forms).
    """

    form: str
    lang: str
    status: str
    short: bool
    role: str
    entry_id: str
    path: str
    line: int
    index: int = -1
    note: str | None = None


@dataclass(frozen=True)
class RawEntry:
    """An entry as read from a file: its id, type, where it is, and all its forms."""

    id: str
    type: str
    path: str
    line: int
    case_sensitive: bool
    render_only: tuple[str, ...]
    forms: tuple[Form, ...]
    data: Any


_D = TypeVar("_D", int, "int | None")


def line_of(node: Any, key: Any, default: _D, *, of_value: bool = True) -> int | _D:
    """1-based line of ``node[key]`` (a list index, or a mapping key: the line of its value,
    or with ``of_value=False`` of the key itself), or ``default`` when the node has none."""
    try:
        if isinstance(key, int):
            return int(node.lc.item(key)[0]) + 1
        place = node.lc.value(key) if of_value else node.lc.key(key)
        return int(place[0]) + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return default



def _variant_fields(item: Any) -> tuple[Any, str, bool, str | None]:
    """(form, status, short, note) of a variant item; a plain string is ``admitted``."""
    if isinstance(item, dict):
        note = item.get("note")
        return (
            item.get("form"),
            str(item.get("status", "admitted")),
            item.get("short") is True,
            None if note is None else str(note),
        )
    return item, "admitted", False, None


def _forms(entry: Any, entry_id: str, path: str, line: int) -> Iterator[Form]:
    for role in ("canonical", "short"):
        table = entry.get(role)
        if isinstance(table, dict):
            for lang, form in table.items():
                if isinstance(form, str):
                    yield Form(
                        form,
                        str(lang),
                        "preferred",
                        role == "short",
                        role,
                        entry_id,
                        path,
                        line_of(table, lang, line),
                    )
    variants = entry.get("variants")
    if not isinstance(variants, dict):
        return
    for lang, items in variants.items():
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            form, status, short, note = _variant_fields(item)
            if isinstance(form, str):
                yield Form(
                    form,
                    str(lang),
                    status,
                    short,
                    "variant",
                    entry_id,
                    path,
                    line_of(items, index, line),
                    index,
                    note,
                )


def iter_entries(doc: GlossaryDoc) -> Iterator[RawEntry]:
    """The entries of ``doc`` that are mappings, with their forms (no validation)."""
    for index, entry in enumerate(doc.entries):
        if isinstance(entry, dict):
            yield _raw(doc, index, entry)


def entry_at(doc: GlossaryDoc, index: int) -> RawEntry | None:
    """Entry ``index`` of ``doc`` with its forms, or None when it is not a mapping."""
    entry = doc.data["entries"][index]
    return _raw(doc, index, entry) if isinstance(entry, dict) else None


def _raw(doc: GlossaryDoc, index: int, entry: Any) -> RawEntry:
    line = doc.entry_line(index)
    entry_id = str(entry.get("id", f"<entry {index + 1}>"))
    render_only = entry.get("render_only") or ()
    return RawEntry(
        id=entry_id,
        type=str(entry.get("type", "")),
        path=doc.name,
        line=line,
        case_sensitive=entry.get("case_sensitive", True) is not False,
        render_only=tuple(str(x) for x in render_only if isinstance(x, str))
        if isinstance(render_only, list)
        else (),
        forms=tuple(_forms(entry, entry_id, doc.name, line)),
        data=entry,
    )


_HYPHENS = re.compile(r"[\s\-]+")


@functools.lru_cache(maxsize=65536)
def fold(form: str, lang: str, case_sensitive: bool = True) -> str:
    """The key two forms share when the matcher cannot tell them apart.

    The matcher's own folding (:func:`polyglot_news.glossary.folding.fold`: full-width
    and half-width, dashes and typographic spaces, ``ё``/``е``, middle dots, traditional
    to simplified Chinese, and case where the entry allows it), then without the hyphens
    and spaces inside names (the matcher generates ``Qi-liang``/``Qi liang``/``Qiliang``).

    >>> fold("Xu Qi-liang", "en") == fold("Xu Qiliang", "en")
    True
    >>> fold("紹伊古", "zh") == fold("绍伊古", "zh")
    True
    """
    text = form.strip()
    chinese = lang == "zh" or bool(han_runs(text))
    folded = (
        fold_keep_case(text, chinese=chinese)
        if case_sensitive
        else engine_fold(text, chinese=chinese)
    )
    return _HYPHENS.sub("", folded)
