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
