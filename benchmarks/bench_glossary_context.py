"""Cost of the context rules (jieba word boundaries, country evidence) in normalize().

Run: .venv/bin/python -m pytest benchmarks/bench_glossary_context.py -s

Real text: the five articles of ../shared/samples and the contexts of
../shared/eval/glossary/false_positives.jsonl (mostly traditional Chinese news,
Kremlin and Channel One transcripts), skipped when absent. The baseline is the same
normalize() with every hit accepted as found (the rules switched off), in the same
session; jieba's dictionary is loaded before timing (a one-off cost, printed too).
Prints ``RATIO context_cost_<corpus> value`` (with rules / without, lower is better).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from timing import best_seconds

from polyglot_news.glossary import normalize
from polyglot_news.glossary.context import Context, _jieba

SHARED = Path(__file__).resolve().parents[2] / "shared"
ROUNDS = 3


def _corpora() -> dict[str, str]:
    out: dict[str, str] = {}
    samples = sorted((SHARED / "samples").glob("*.txt"))
    if samples:
        out["samples"] = "\n".join(p.read_text(encoding="utf-8") for p in samples)
    fp = SHARED / "eval" / "glossary" / "false_positives.jsonl"
    if fp.is_file():
        rows = [json.loads(line) for line in fp.read_text(encoding="utf-8").splitlines()]
        out["fp_contexts_zh"] = "\n".join(r["context"] for r in rows if r["lang"] == "zh")
        out["fp_contexts_all"] = "\n".join(r["context"] for r in rows)
    return out


def test_context_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    corpora = _corpora()
    if not corpora:
        pytest.skip("../shared/samples and ../shared/eval are not present")
    start = time.perf_counter()
    _jieba()
    print(f"\njieba dictionary load: {time.perf_counter() - start:.2f} s (once per process)")
    for name, text in corpora.items():
        normalize(text)  # build the automata
        with_rules = best_seconds(lambda t: normalize(t), text, ROUNDS)
        with monkeypatch.context() as patch:
            patch.setattr(Context, "accept", lambda self, hit: hit)
            patch.setattr(Context, "may_extend", lambda self, cand: False)
            without = best_seconds(lambda t: normalize(t), text, ROUNDS)
        print(
            f"{name}: {len(text):,} chars, {with_rules:.3f} s with rules, {without:.3f} s without"
        )
        print(f"RATIO context_cost_{name} {with_rules / without:.3f}")
