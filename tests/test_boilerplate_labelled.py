"""Precision and recall of the boilerplate/spam flags on our hand-labelled paragraphs.

``tests/cases/boilerplate_labelled.jsonl``: one JSON object a line with ``text`` (our own
writing, never copied from a site), ``label`` (content, boilerplate or spam), ``main_lang``
(the language of the document the paragraph sits in) and ``note``. Editors add cases
there without touching Python. A paragraph's predicted label is the label covering most
of its characters.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from polyglot_news.boilerplate import LABELS, classify

CASES = Path(__file__).parent / "cases" / "boilerplate_labelled.jsonl"


def load_cases() -> list[dict[str, Any]]:
    with CASES.open(encoding="utf8") as f:
        return [json.loads(line) for line in f if line.strip()]


def predict(text: str, main_lang: str | None) -> str:
    chars: Counter[str] = Counter()
    for block in classify(text, main_lang=main_lang):
        chars[block.label] += len(text[block.start:block.end].strip())
    return chars.most_common(1)[0][0]


def scores(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision/recall of "flagged" (boilerplate or spam) and the errors, for reports."""
    tp = fp = fn = exact = 0
    errors = []
    for case in cases:
        got = predict(case["text"], case.get("main_lang"))
        truth = case["label"]
        exact += got == truth
        flagged, should = got != "content", truth != "content"
        tp += flagged and should
        fp += flagged and not should
        fn += should and not flagged
        if got != truth:
            errors.append(f"{truth} -> {got}: {case['note']}")
    return {
        "n": len(cases),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "label_accuracy": exact / len(cases),
        "false_positives": fp,
        "errors": errors,
    }


def test_labelled_cases_are_well_formed() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    for i, case in enumerate(cases, 1):
        assert set(case) == {"text", "label", "main_lang", "note"}, f"line {i}"
        assert case["label"] in LABELS and case["text"].strip() and case["note"], f"line {i}"
    counts = Counter(case["label"] for case in cases)
    assert all(counts[label] for label in LABELS)
    assert {case["main_lang"] for case in cases} == {"en", "ru", "zh"}


def test_precision_and_recall_on_the_labelled_set(capsys: pytest.CaptureFixture[str]) -> None:
    result = scores(load_cases())
    with capsys.disabled():
        print(
            f"\nboilerplate flags on {result['n']} labelled paragraphs: "
            f"precision {result['precision']:.3f}, recall {result['recall']:.3f}, "
            f"exact label {result['label_accuracy']:.3f}"
        )
        for error in result["errors"]:
            print("  miss:", error)
    assert result["false_positives"] == 0, result["errors"]
    assert result["recall"] >= 0.9, result["errors"]
    assert result["label_accuracy"] >= 0.9, result["errors"]
