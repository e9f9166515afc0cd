"""Whole-pipeline throughput (no translation) against normalize() alone, and --workers 2 vs 1.

Run: .venv/bin/python -m pytest benchmarks/bench_pipeline.py -s

Targets (issue 5): the pipeline adds at most 50% to normalize alone on English-dominant news
(ratio <= 1.5), and `run --workers 2` beats `--workers 1` on 2 cores (ratio > 1).
The corpus is bench_normalize's synthetic English-dominant news, cut into one record per line.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_normalize import make_corpus

from polyglot_news import Pipeline
from polyglot_news.glossary import Glossary, normalize

CORPUS_BYTES = 2 * 1024 * 1024
EXE = Path(sys.executable).with_name("polyglot-news")


def _records() -> list[str]:
    text = make_corpus(Glossary.default(), seed=7, target=CORPUS_BYTES)
    # one record per 2-3 sentences, like a wire story's paragraphs
    sentences = text.split(". ")
    return [". ".join(sentences[i : i + 3]) + "." for i in range(0, len(sentences), 3)]


def _best(func: Any, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def test_pipeline_vs_normalize(benchmark: Any) -> None:
    records = _records()
    glossary = Glossary.default()
    size = sum(len(r.encode()) for r in records) / 1e6

    def normalize_only() -> None:
        for record in records:
            normalize(record, glossary=glossary)

    pipe = Pipeline(translate=False, glossary=glossary)
    pipe_noflags = Pipeline(translate=False, glossary=glossary, flag_boilerplate=False)
    list(pipe.process_many(records[:50]))  # warm up lazy state (automata, detector)
    normalize_only_time = _best(normalize_only)
    noflags_time = _best(lambda: list(pipe_noflags.process_many(records)))
    result = benchmark.pedantic(lambda: list(pipe.process_many(records)), rounds=3, iterations=1)
    assert len(result) == len(records)
    pipeline_time = benchmark.stats.stats.min
    ratio = pipeline_time / normalize_only_time
    ratio_noflags = noflags_time / normalize_only_time
    benchmark.extra_info.update(
        ratio=ratio,
        ratio_without_flags=ratio_noflags,
        mb=size,
        normalize_mb_s=size / normalize_only_time,
        pipeline_mb_s=size / pipeline_time,
    )
    print(
        f"\nnormalize alone: {size / normalize_only_time:.2f} MB/s; pipeline: "
        f"{size / pipeline_time:.2f} MB/s; pipeline without flags: {size / noflags_time:.2f} MB/s"
    )
    print(f"RATIO pipeline_vs_normalize: {ratio:.2f} (target <= 1.5)")
    print(f"RATIO pipeline_without_flags_vs_normalize: {ratio_noflags:.2f} (target <= 1.5)")


def test_workers_two_vs_one(benchmark: Any, tmp_path: Path) -> None:
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(_records()) + "\n", encoding="utf-8")

    def run(workers: int) -> float:
        start = time.perf_counter()
        subprocess.run(
            [str(EXE), "run", "--no-translate", "--workers", str(workers), str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - start

    one = min(run(1) for _ in range(2))
    two = benchmark.pedantic(lambda: run(2), rounds=2, iterations=1)
    del two
    two_time = benchmark.stats.stats.min
    ratio = one / two_time
    benchmark.extra_info.update(speedup=ratio, one_worker_s=one, two_workers_s=two_time)
    print(f"\nRATIO workers_2_vs_1 speedup: {ratio:.2f} (target > 1, ideal 2 on 2 cores)")


def test_normalize_cold_start(benchmark: Any) -> None:
    """`polyglot-news normalize` on one line, start to exit (target: under 0.3 s).

    Reported against a bare `python -c pass` start in the same run, since the interpreter's
    own start-up is the floor no change of ours can remove.
    """

    def once(args: list[str], stdin: bytes) -> float:
        start = time.perf_counter()
        subprocess.run(args, input=stdin, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    line = b"Sergey Shoygu met Xu Qi-liang.\n"
    bare = min(once([sys.executable, "-c", "pass"], b"") for _ in range(5))
    benchmark.pedantic(lambda: once([str(EXE), "normalize"], line), rounds=5, iterations=1)
    cold = benchmark.stats.stats.min
    benchmark.extra_info.update(cold_start_s=cold, bare_python_s=bare)
    print(f"\nnormalize cold start: {cold:.3f} s (target < 0.3 s); bare python: {bare:.3f} s")
    print(f"RATIO normalize_cold_start_vs_target: {cold / 0.3:.2f} (target <= 1.0)")
