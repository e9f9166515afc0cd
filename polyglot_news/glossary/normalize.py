"""``normalize()``: replace glossary variants by their canonical forms, and say what changed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from polyglot_news.glossary.folding import fold
from polyglot_news.glossary.matcher import resolve_overlaps
from polyglot_news.glossary.model import Change, Match, Normalized

if TYPE_CHECKING:
    from polyglot_news.glossary.glossary import Glossary

__all__ = ["normalize", "apply_changes", "find_matches", "language_regions"]

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")


def _script_lang(text: str) -> str | None:
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if not cyr and not lat:
        return None
    return "ru" if cyr > lat else "en"


def language_regions(text: str) -> list[tuple[str, int, int]]:
    """``(lang, start, end)`` for each segment of ``text``, from :func:`polyglot_news.segment`.

    A segment whose language is not en/zh/ru is searched by its script
    (Cyrillic -> ru, Latin -> en).
    """
    from polyglot_news.segmentation import segment

    out: list[tuple[str, int, int]] = []
    for seg in segment(text):
        lang = seg.lang if seg.lang in ("en", "ru", "zh") else _script_lang(seg.text)
        if lang:
            out.append((lang, seg.start, seg.end))
    return out


def find_matches(glossary: Glossary, text: str, lang: str | None) -> list[Match]:
    """Resolved matches of ``glossary`` in ``text`` (see :meth:`Glossary.find`).

    Each region is searched with its own language first; Latin, Cyrillic and
    Han terms of the other languages embedded in it are found too (a Latin
    name in a Russian sentence, a Chinese name in an English one). On a tie
    the region's own language wins.
    """
    if not text:
        return []
    regions = [(lang, 0, len(text))] if lang is not None else language_regions(text)
    own: list[Match] = []
    embedded: list[Match] = []
    folded = fold(text)
    for region_lang, start, end in regions:
        if region_lang == "zh":
            part = text[start:end]
            zh = glossary.matcher("zh")
            own.extend(_shift_all(zh.search(part, fold(part, chinese=True)), start))
        else:
            own.extend(glossary.matcher(region_lang).search(text, folded, start, end))
        for other, script in (("en", _LATIN), ("ru", _CYRILLIC)):
            if other != region_lang and script.search(text, start, end):
                embedded.extend(glossary.matcher(other).search(text, folded, start, end))
    if not text.isascii():
        zh_regions = [(s, e) for region_lang, s, e in regions if region_lang == "zh"]
        for m in glossary.matcher("zh").search_han(text):
            if not any(s <= m.start < e for s, e in zh_regions):
                embedded.append(m)
    return resolve_overlaps(own + embedded)


def _shift_all(matches: Iterable[Match], offset: int) -> list[Match]:
    if not offset:
        return list(matches)
    return [
        Match(
            m.start + offset,
            m.end + offset,
            m.entry_id,
            m.lang,
            m.status,
            m.short,
            m.rule,
            m.text,
            m.replacement,
        )
        for m in matches
    ]


def normalize(
    text: str, *, glossary: Glossary | None = None, lang: str | None = None
) -> Normalized:
    """Replace every matched variant in ``text`` by its canonical form.

    ``glossary`` defaults to the shipped one (loaded once). ``lang`` is the
    language of the whole text; ``None`` normalizes each segment in its own
    language. Only matched spans change; ``changes`` lists them with offsets
    into ``text``, and ``apply_changes(text, changes) == result.text``.
    """
    if glossary is None:
        from polyglot_news.glossary.glossary import Glossary

        glossary = Glossary.default()
    changes = tuple(
        Change(m.start, m.end, m.text, m.replacement, m.entry_id, m.status, m.lang, m.rule)
        for m in glossary.find(text, lang)
        if m.replacement != m.text
    )
    return Normalized(apply_changes(text, changes), text, changes)


def apply_changes(text: str, changes: Sequence[Change] | Iterable[Change]) -> str:
    """Replay ``changes`` (non-overlapping, offsets into ``text``) on ``text``."""
    parts: list[str] = []
    pos = 0
    for change in sorted(changes, key=lambda c: c.start):
        if change.start < pos or change.end > len(text):
            raise ValueError(
                f"change at {change.start}-{change.end} overlaps or runs past the text"
            )
        if text[change.start : change.end] != change.original:
            raise ValueError(
                f"change at {change.start}-{change.end} expects {change.original!r}, "
                f"the text has {text[change.start : change.end]!r}"
            )
        parts.append(text[pos : change.start])
        parts.append(change.replacement)
        pos = change.end
    parts.append(text[pos:])
    return "".join(parts)
