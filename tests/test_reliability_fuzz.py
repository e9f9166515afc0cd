"""Reliability: short, fixed-seed fuzz runs of ``segment`` and ``normalize``.

Two ways, both deterministic:

* the atheris targets in ``tests/fuzz/`` run under libFuzzer for 2,000 inputs with
  ``-seed=1`` in a subprocess (coverage-guided, instrumented ``polyglot_news``);
* the same checks run in process over a fixed corpus of mutated inputs (bit flips,
  cut UTF-8 sequences, inserted surrogates and controls, spliced glossary forms),
  so a failure shows up as an ordinary assertion with the input in it.

Longer runs: ``.venv/bin/python tests/fuzz/fuzz_segment.py -atheris_runs=200000``
(and ``fuzz_normalize.py``), documented in docs/guarantees.md.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ_DIR = Path(__file__).resolve().parent / "fuzz"

SEEDS = [
    "Sergey Shoygu met Gen. Li Zuo-cheng in Moscow.",
    "Министр обороны Сергей Шойгу встретился с коллегой.",
    "紹伊古会见了李尚福，双方讨论了合作。",
    "The SCO summit 上海合作组织SCO峰会 opened «в Москве».",
    "e\u0301\u200d👨\u200d👩\u200d👧 \u202eRTL\u202c שלום",
    "",
]


def load(name: str) -> ModuleType:
    """Import a fuzz target by path (``tests/fuzz`` is not a package)."""
    sys.path.insert(0, str(FUZZ_DIR))
    try:
        spec = importlib.util.spec_from_file_location(name, FUZZ_DIR / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(FUZZ_DIR))


def mutate(rnd: random.Random, data: bytes) -> bytes:
    """One random mutation of ``data`` (deterministic for the generator's state)."""
    buf = bytearray(data)
    op = rnd.randrange(7)
    at = rnd.randrange(len(buf) + 1)
    if op == 0 and buf:  # flip a bit
        i = rnd.randrange(len(buf))
        buf[i] ^= 1 << rnd.randrange(8)
    elif op == 1:  # insert random bytes
        buf[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 4)))
    elif op == 2 and buf:  # cut somewhere (often inside a UTF-8 sequence)
        del buf[at : at + rnd.randint(1, 3)]
    elif op == 3:  # a control, joiner or separator
        buf[at:at] = rnd.choice(["\x00", "\r", "\u2028", "\u200d", "\ufeff", "\u0301"]).encode()
    elif op == 4:  # splice two seeds
        other = rnd.choice(SEEDS).encode()
        buf[at:at] = other[: rnd.randrange(len(other) + 1)]
    elif op == 5:  # repeat a slice
        piece = bytes(buf[at : at + rnd.randint(1, 8)])
        buf[at:at] = piece * rnd.randint(2, 20)
    else:  # an encoded surrogate (invalid UTF-8: becomes surrogate escapes)
        buf[at:at] = b"\xed\xa0\x80"
    return bytes(buf)


def corpus(count: int, seed: int = 1) -> list[bytes]:
    rnd = random.Random(seed)
    out: list[bytes] = []
    for i in range(count):
        data = SEEDS[i % len(SEEDS)].encode()
        for _ in range(rnd.randint(1, 6)):
            data = mutate(rnd, data)
        out.append(data)
    return out


def test_mutated_corpus_segment() -> None:
    target = load("fuzz_segment")
    for data in corpus(1500):
        target.test_one_input(data)


def test_mutated_corpus_normalize() -> None:
    target = load("fuzz_normalize")
    for data in corpus(600, seed=2):
        for first in (0, 3):  # lang None and zh, with and without a spliced form
            target.test_one_input(bytes([first, 3]) + data)
            target.test_one_input(bytes([first + 1, 1]) + data)


@pytest.mark.parametrize("name", ["fuzz_segment", "fuzz_normalize"])
def test_atheris_fixed_seed_run(name: str, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(FUZZ_DIR / f"{name}.py"), "-runs=2000", "-seed=1"],
        capture_output=True,
        timeout=300,
        cwd=tmp_path,  # crash-* artifacts, if any, land here
    )
    log = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, log[-3000:]
    assert "Done 2000 runs" in log
