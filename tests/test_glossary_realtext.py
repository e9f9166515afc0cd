"""The glossary on real text: ``../shared/eval/glossary`` (read by path, skipped when absent).

``false_positives.jsonl`` holds real changes that ``normalize`` made, each labelled
``correct`` or ``wrong``; ``variants.jsonl`` holds real and rule-made spelling variants
with the expected text and entry. The tests print a score table (run with ``-s``) and
hold the targets of issue 14: no change labelled wrong happens, at least 95% of the
correct ones still do, at least 95% of the non-optional variants give the expected
text and entry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from polyglot_news.glossary import Glossary, normalize
from polyglot_news.glossary.model import AMBIGUOUS

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "glossary"
#: the context holds at most this many characters before the change (the rest of the
#: line is cut); ``start``/``end`` index the whole line
_CONTEXT_BEFORE = 90


def _rows(name: str) -> list[dict[str, Any]]:
    path = EVAL / name
    if not path.is_file():
        pytest.skip(f"{path} is not present in this checkout")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _span(row: dict[str, Any]) -> tuple[int, int]:
    """Where the labelled change lies in ``row["context"]``."""
    start = min(row["start"], _CONTEXT_BEFORE)
    end = start + len(row["original"])
    if row["context"][start:end] != row["original"]:
        start = row["context"].find(row["original"])
        end = start + len(row["original"])
    return start, end


def fp_outcome(row: dict[str, Any]) -> bool:
    """Whether ``normalize`` now does what the label asks for this change.

    ``correct``: the same span still becomes the same replacement, from the same entry.
    ``correct_text_*``: the same replacement (the entry is not judged).
    ``wrong``: no change that overlaps the span comes from the labelled entry.
    """
    start, end = _span(row)
    changes = normalize(row["context"], lang=row["lang"]).changes
    if row["label"] == "wrong":
        return not any(
            c.start < end and start < c.end and row["entry_id"] in c.entry_ids for c in changes
        )
    for c in changes:
        if c.start == start and c.end == end and c.replacement == row["replacement"]:
            return row["label"] != "correct" or row["entry_id"] in c.entry_ids
    return False


def variant_outcome(row: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(text as expected, expected entry found, found as the entry chosen) for one row.

    A rank that the ladders write alike, with no army in the text (``Maj. Gen. Zhang``),
    is normalized with no entry and its ladders as ``candidates`` (issue 14: the army is
    recorded only from evidence); the benchmark names one ladder's entry for such rows, so
    the entry counts as found when it is one of those candidates. The third value is the
    strict reading (the entry itself chosen), printed beside the score.
    """
    result = normalize(row["input"], lang=row["lang"])
    chosen = {m.entry_id for m in Glossary.default().find(row["input"], row["lang"])}
    ladders: set[str] = set()
    for c in result.changes:
        chosen |= set(c.entry_ids)
        if not c.entry_id and c.status != AMBIGUOUS:
            ladders |= set(c.candidates)
    entity = row["entity"]
    return result.text == row["expected"], entity in chosen | ladders, entity in chosen


def _fp_table(rows: list[dict[str, Any]]) -> tuple[str, dict[str, tuple[int, int]]]:
    good: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        label = "wrong" if row["label"] == "wrong" else "correct"
        key = f"{label}/{row['lang']}"
        total[key] += 1
        total[label] += 1
        if fp_outcome(row):
            good[key] += 1
            good[label] += 1
    lines = ["false_positives.jsonl       ok / n     share"]
    for key in sorted(total):
        lines.append(f"  {key:<24}{good[key]:>4} / {total[key]:<4} {good[key] / total[key]:6.1%}")
    return "\n".join(lines), {k: (good[k], total[k]) for k in total}


def _variant_table(rows: list[dict[str, Any]]) -> tuple[str, dict[str, tuple[int, int]]]:
    good: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        text_ok, entry_ok, chosen = variant_outcome(row)
        keys = [row["cls"] + (" (optional)" if row["optional"] else "")]
        keys.append("optional" if row["optional"] else "non-optional")
        for key in keys:
            total[key] += 1
            good[key] += text_ok and entry_ok
        if not row["optional"]:
            total["non-optional, entry chosen"] += 1
            good["non-optional, entry chosen"] += text_ok and chosen
    lines = ["variants.jsonl                          ok / n     share"]
    for key in sorted(total):
        lines.append(f"  {key:<36}{good[key]:>4} / {total[key]:<4} {good[key] / total[key]:6.1%}")
    return "\n".join(lines), {k: (good[k], total[k]) for k in total}


def failures(rows: list[dict[str, Any]]) -> Iterator[str]:
    """One line per benchmark row that misses its target (for a readable assertion)."""
    for row in rows:
        if "cls" in row:
            text_ok, entry_ok, _ = variant_outcome(row)
            if not (text_ok and entry_ok) and not row["optional"]:
                got = normalize(row["input"], lang=row["lang"]).text
                yield f"{row['cls']}: {row['input']!r} -> {got!r} (entry found: {entry_ok})"
        elif not fp_outcome(row):
            yield f"{row['label']} {row['entry_id']}: {row['original']!r} in {row['context']!r}"


def _scored(
    capsys: pytest.CaptureFixture[str], name: str, tabulate: Any
) -> tuple[list[dict[str, Any]], dict[str, tuple[int, int]]]:
    """The rows of benchmark file ``name`` and their scores, the table printed."""
    rows = _rows(name)
    table, scores = tabulate(rows)
    with capsys.disabled():
        print("\n" + table)
    return rows, scores


def test_false_positives_score(capsys: pytest.CaptureFixture[str]) -> None:
    rows, scores = _scored(capsys, "false_positives.jsonl", _fp_table)
    good, total = scores["wrong"]
    # issue 14: none of the changes labelled wrong happens
    assert good == total, "\n".join(f for f in failures(rows) if f.startswith("wrong"))
    good, total = scores["correct"]
    assert good >= 0.95 * total, "\n".join(failures(rows))


def test_variants_score(capsys: pytest.CaptureFixture[str]) -> None:
    rows, scores = _scored(capsys, "variants.jsonl", _variant_table)
    good, total = scores["non-optional"]
    assert good >= 0.95 * total, "\n".join(failures(rows))


def test_benchmark_rows_are_fixed_points() -> None:
    """Normalizing twice equals normalizing once, on every benchmark text."""
    rows = _rows("false_positives.jsonl") + _rows("variants.jsonl")
    for row in rows:
        text = row.get("context", row.get("input"))
        once = normalize(text, lang=row["lang"]).text
        assert normalize(once, lang=row["lang"]).text == once, text
