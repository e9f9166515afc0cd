"""Value types of the glossary: entries, variants, matches and the record of a normalization."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from polyglot_news.changes import Change
from polyglot_news.errors import GlossaryError

__all__ = [
    "LANGS",
    "TYPES",
    "STATUSES",
    "AMBIGUOUS",
    "VARIANT_STATUSES",
    "KINDS",
    "ENTRY_FIELDS",
    "RULES",
    "Variant",
    "Entry",
    "Match",
    "Change",
    "Normalized",
    "duplicate_id",
]

#: Languages the glossary knows about.
LANGS: tuple[str, ...] = ("en", "zh", "ru")
#: Entry types (the ``type`` field).
TYPES: tuple[str, ...] = ("person", "org", "title", "rank", "place", "event")
#: Glossary file kinds (``<kind>.yaml``), in the order of :data:`TYPES` they hold.
KINDS: tuple[str, ...] = ("people", "organizations", "titles", "ranks", "places", "events")
#: The fields an entry may have, in the order editors write them.
ENTRY_FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "canonical",
    "short",
    "variants",
    "render_only",
    "case_sensitive",
    "army",
    "held",
    "notes",
    "sources",
    "uncertain",
    "examples",
)
#: Every status a surface form can have; ``preferred`` is the canonical or short form itself.
STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated", "weak")
#: The status of a :class:`Change` or :class:`Match` over a form that several entries
#: claim and that no evidence decided: the text is left as it was, ``candidates`` lists them.
AMBIGUOUS = "ambiguous"
#: Statuses allowed in a ``variants`` list.
VARIANT_STATUSES: tuple[str, ...] = ("admitted", "deprecated", "weak")
#: The folding rules a match can come from (``Change.rule`` joins several with ``+``).
RULES: tuple[str, ...] = (
    "exact",
    "case",
    "hyphen/space",
    "yo",
    "width",
    "traditional->simplified",
    "inflection",
    "spelling",
)


@dataclass(frozen=True, slots=True)
class Variant:
    """One spelling of an entry in one language.

    ``short`` variants normalize to the entry's short form (a surname, an
    acronym) instead of its canonical form.
    """

    form: str
    status: str = "admitted"
    short: bool = False
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept of the glossary (a person, body, title, rank, place or event).

    ``canonical`` and ``short`` map a language code to the preferred full and
    short forms; ``variants`` maps a language code to the other spellings.
    ``path`` and ``line`` say where the entry was defined.
    """

    id: str
    type: str
    canonical: Mapping[str, str]
    short: Mapping[str, str] = field(default_factory=dict)
    variants: Mapping[str, tuple[Variant, ...]] = field(default_factory=dict)
    render_only: tuple[str, ...] = ()
    case_sensitive: bool = True
    army: str | None = None
    held: Mapping[str, str] | None = None
    notes: str | None = None
    sources: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    examples: tuple[Mapping[str, str], ...] = ()
    path: str | None = None
    line: int | None = None

    def forms(self, lang: str) -> tuple[Variant, ...]:
        """Every surface form of this entry in ``lang``: canonical, short, then variants.

        The canonical and short forms come back with status ``preferred``
        (``short=True`` for the short form). Weak variants are included.
        """
        out: list[Variant] = []
        if lang in self.canonical:
            out.append(Variant(self.canonical[lang], "preferred", False, None, self.line))
        if lang in self.short:
            out.append(Variant(self.short[lang], "preferred", True, None, self.line))
        out.extend(self.variants.get(lang, ()))
        return tuple(out)

    def where(self) -> str:
        """``path:line`` of the definition, for messages."""
        return f"{self.path or '<memory>'}:{self.line if self.line is not None else '?'}"


@dataclass(frozen=True, slots=True)
class Match:
    """A glossary term found in a text (offsets into the searched text).

    ``status`` is the status of the form that matched (``preferred`` for a
    canonical or short form), ``short`` whether it was a short form, ``rule``
    the folding that made it match and ``text`` the matched characters.
    ``replacement`` is what :func:`normalize` writes there. A form that several
    entries claim has ``status`` ``ambiguous``, ``entry_id`` ``""`` and the entries
    in ``candidates`` (``replacement`` is then the text itself). A rank that several
    armies' ladders write alike, with no army in the text, has ``entry_id`` ``""``, its
    form's ``status`` and the ladders' entries in ``candidates``.
    """

    start: int
    end: int
    entry_id: str
    lang: str
    status: str
    short: bool
    rule: str
    text: str
    replacement: str
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Normalized:
    """The result of :func:`normalize`: the new ``text``, the ``source`` and the ``changes``."""

    text: str
    source: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything was replaced (an ``ambiguous`` record replaces nothing)."""
        return any(c.replacement != c.original for c in self.changes)


def duplicate_id(entry: Entry, first: Entry, fix: str) -> GlossaryError:
    """The error for ``entry``, whose id ``first`` already has (naming where each is)."""
    return GlossaryError(
        f"duplicate id {entry.id!r} (first defined at {first.where()})",
        path=entry.path,
        line=entry.line,
        fix=fix,
    )
