"""Kana across runs: a clause with kana is Japanese even where a Latin run cuts it.

``東京でGDP統計。`` is one clause, but the Latin run splits it into two Han runs,
the first with kana (``ja``), the second without (``zh``). Here the Han-only
part of such a clause joins the Japanese side; Han-only clauses stay ``zh``.
"""

from __future__ import annotations

import regex

from polyglot_news.scripts import KANA, KANA_CLASS
from polyglot_news.segmentation.clauses import clause_spans, has_clause_end
from polyglot_news.segmentation.units import Unit

__all__ = ["join_kana_clauses"]

_KANA = regex.compile(KANA_CLASS)
_LAST_KANA = regex.compile(KANA_CLASS, regex.REVERSE)


def _last_kana_end(text: str, unit: Unit | None) -> int | None:
    kana = _LAST_KANA.search(text, unit.start, unit.end) if unit and unit.lang == "ja" else None
    return kana.end() if kana else None


def _first_kana(text: str, unit: Unit | None) -> int | None:
    kana = _KANA.search(text, unit.start, unit.end) if unit and unit.lang == "ja" else None
    return kana.start() if kana else None


def _piece(unit: Unit, start: int, end: int, lang: str, script: str) -> Unit:
    embedded = tuple(span for span in unit.embedded if start <= span[0] < end)
    return unit._replace(start=start, end=end, lang=lang, script=script, embedded=embedded)


def join_kana_clauses(text: str, units: list[Unit]) -> list[Unit]:
    """The first or last clause of a ``zh`` unit that continues a Japanese clause becomes ``ja``."""
    out: list[Unit] = []
    for index, unit in enumerate(units):
        after = units[index + 1] if index + 1 < len(units) else None
        left_kana = _last_kana_end(text, out[-1] if out else None)
        right_kana = _first_kana(text, after)
        if unit.lang != "zh" or (left_kana is None and right_kana is None):
            out.append(unit)
            continue
        spans = list(clause_spans(text, unit.start, unit.end))
        # no clause ends between the neighbour's kana and this unit's first / last clause
        head = left_kana is not None and not has_clause_end(text, left_kana, spans[0][0])
        tail = right_kana is not None and not has_clause_end(text, spans[-1][0], right_kana)
        head_end = spans[0][1] if head else unit.start
        tail_start = spans[-1][0] if tail else unit.end
        if head_end >= tail_start:
            out.append(_piece(unit, unit.start, unit.end, "ja", KANA) if head or tail else unit)
            continue
        if head:
            out.append(_piece(unit, unit.start, head_end, "ja", KANA))
        out.append(_piece(unit, head_end, tail_start, "zh", unit.script))
        if tail:
            out.append(_piece(unit, tail_start, unit.end, "ja", KANA))
    return out
