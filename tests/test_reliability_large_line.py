"""Reliability: one very large line (~20 MB, no newline anywhere) through the real CLI.

Kept at ~20 MB so the suite stays fast (about 25 s here); docs/guarantees.md records
a one-off run of the same generator at 100 MB. The text is mostly Chinese with an
English sentence holding a glossary variant every kilobyte or so, so segmentation,
boilerplate flags and normalization all do real work on it.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("polyglot-news")
SIZE = 20 * 1024 * 1024
CHINESE = "会议在北京举行，双方讨论了合作。"
ENGLISH = " {name} said the committee talks went well. "
VARIANT, CANONICAL = "Sergey Shoygu", "Sergei Shoigu"


def large_line(size: int, seed: int = 3) -> str:
    """About ``size`` bytes of one line, deterministic for a seed (also used for 100 MB)."""
    rnd = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        part = CHINESE * rnd.randint(20, 60) + ENGLISH.format(name=VARIANT)
        parts.append(part)
        total += len(part.encode())
    return "".join(parts)


@pytest.mark.slow
def test_a_20_mb_line_comes_out_whole(tmp_path: Path) -> None:
    text = large_line(SIZE)
    assert "\n" not in text and "\r" not in text
    path = tmp_path / "large.txt"
    path.write_text(text, encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir()
    env = {**os.environ, "POLYGLOT_NEWS_MODELS_DIR": str(models)}
    proc = subprocess.run(
        [str(EXE), "run", "--no-translate", str(path)],
        capture_output=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == b""
    expected = text.replace(VARIANT, CANONICAL).encode()
    assert len(proc.stdout) == len(expected)
    assert proc.stdout == expected


if __name__ == "__main__":  # one-off: python tests/test_reliability_large_line.py 100 > f.txt
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    sys.stdout.write(large_line(megabytes * 1024 * 1024))
