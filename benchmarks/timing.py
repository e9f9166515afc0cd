"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_seconds(func: Callable[[str], Any], text: str, rounds: int) -> float:
    """The best wall time of ``rounds`` calls of ``func(text)``, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best


def mean_seconds(func: Callable[[], Any], rounds: int) -> float:
    """The mean wall time of ``rounds`` calls of ``func()``, in seconds (the clock
    pytest-benchmark's own statistics use, so that the two compare)."""
    start = time.perf_counter()
    for _ in range(rounds):
        func()
    return (time.perf_counter() - start) / rounds
