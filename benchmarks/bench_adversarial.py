"""Does matching stay linear on adversarial text? Time per MB at a small and a 4x size.

Run: .venv/bin/python -m pytest benchmarks/bench_adversarial.py -s

Glossary matching uses no user-supplied regular expressions (literal forms in
Aho-Corasick automata), so no input should make it slower than linear. Each
corpus below is generated here, deterministically, at a base size and at four
times that size; the ratio printed is

    (seconds per MB at 4x) / (seconds per MB at 1x)

which stays near 1.0 when time is linear and grows towards 4.0 (or beyond) when it
is quadratic. ``normalize(text)`` (no language given: segments first, as the
``normalize`` command does for each line) and ``normalize(text, lang=...)`` (the
matcher alone, as the pipeline calls it per segment) are measured separately, and
``segment(text)`` on its own.

Corpora: long runs of one character; every glossary form concatenated (no
separator, and spaces); scripts alternating on every character (``aЖ中``), the
worst case for segmentation and region-wise matching; realistic mixed news. Base
sizes are chosen so the file runs in a minute or two on a busy 2-core machine; set
``BENCH_ADVERSARIAL_SCALE=4`` (or more) for bigger sizes, e.g. 1 MB vs 4 MB.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pytest
from timing import best_seconds

from polyglot_news.glossary import Glossary, normalize
from polyglot_news.segmentation import segment

SCALE = float(os.environ.get("BENCH_ADVERSARIAL_SCALE", "1"))
TARGET_RATIO = 1.5  # linear time, with room for noise and cache effects
KB = 1024


@lru_cache(maxsize=1)
def _forms() -> tuple[str, ...]:
    glossary = Glossary.default()
    return tuple(
        sorted({v.form for e in glossary for lang in ("en", "ru", "zh") for v in e.forms(lang)})
    )


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` UTF-8 bytes."""
    per = max(1, len(unit.encode()))
    return unit * max(1, size // per)


_WORDS = (
    "the ministry said talks would continue after officials met in the capital",
    "Министр обороны заявил что переговоры продолжатся",
    "会谈在北京举行",
    "双方同意加强合作",
)


def _mixed_news(size: int) -> str:
    rnd = random.Random(11)
    forms = _forms()
    words = _WORDS
    out: list[str] = []
    total = 0
    while total < size:
        piece = rnd.choice(forms) if rnd.random() < 0.1 else rnd.choice(words)
        out.append(piece)
        total += len(piece.encode()) + 1
    return " ".join(out)


# name -> (generator of ~size bytes, base size in bytes)
CORPORA: dict[str, tuple[Callable[[int], str], int]] = {
    "run-a": (lambda n: _repeat("a", n), 256 * KB),
    "run-han": (lambda n: _repeat("中", n), 256 * KB),
    "run-hyphen": (lambda n: _repeat("-", n), 256 * KB),
    "forms-glued": (lambda n: _repeat("".join(_forms()), n), 256 * KB),
    "forms-spaced": (lambda n: _repeat(" ".join(_forms()), n), 256 * KB),
    "alternating-scripts": (lambda n: _repeat("aЖ中", n), 4 * KB),
    "mixed-news": (_mixed_news, 32 * KB),
}

MODES: dict[str, Callable[[str], Any]] = {
    "normalize": lambda text: normalize(text),
    "normalize-en": lambda text: normalize(text, lang="en"),
    "normalize-ru": lambda text: normalize(text, lang="ru"),
    "normalize-zh": lambda text: normalize(text, lang="zh"),
    "segment": segment,
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("corpus", list(CORPORA))
def test_time_per_mb_stays_flat(benchmark: Any, corpus: str, mode: str) -> None:
    make, base = CORPORA[corpus]
    small = make(int(base * SCALE))
    large = make(int(base * SCALE) * 4)
    func = MODES[mode]
    normalize("warm up")  # load the shipped glossary and build the automata first
    func(small[:1000])
    rounds = 2
    small_s = best_seconds(func, small, rounds)
    benchmark.pedantic(func, args=(large,), rounds=rounds, iterations=1)
    large_s = float(benchmark.stats.stats.min)
    per_mb_small = small_s / (len(small.encode("utf-8", "surrogatepass")) / 1e6)
    per_mb_large = large_s / (len(large.encode("utf-8", "surrogatepass")) / 1e6)
    ratio = per_mb_large / per_mb_small if per_mb_small > 0 else float("inf")
    name = f"adversarial-{corpus}-{mode}"
    print(
        f"\nRATIO {name}: {ratio:.2f} (target <= {TARGET_RATIO}) "
        f"[{per_mb_small:.3f} s/MB at {len(small) // KB} K chars, "
        f"{per_mb_large:.3f} s/MB at {len(large) // KB} K chars]"
    )
    benchmark.extra_info.update(
        {
            "ratio": round(ratio, 3),
            "target": TARGET_RATIO,
            "s_per_mb_small": per_mb_small,
            "s_per_mb_large": per_mb_large,
            "chars_small": len(small),
            "chars_large": len(large),
        }
    )
