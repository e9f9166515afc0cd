"""The real-text segmentation benchmark in ../shared/eval/segmentation (skipped where absent).

Runs the benchmark's own scorer and prints its table; it asserts nothing about
speed, only that the scorer ran.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

SCORER = REPO_ROOT.parent / "shared" / "eval" / "segmentation" / "score.py"


@pytest.mark.samples
def test_segmentation_benchmark_scores(capsys: pytest.CaptureFixture[str]) -> None:
    if not SCORER.exists() or not (SCORER.parent / "cases.jsonl.gz").exists():
        pytest.skip("../shared/eval/segmentation is not present in this checkout")
    done = subprocess.run(
        [sys.executable, str(SCORER)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=900
    )
    with capsys.disabled():
        print("\n" + done.stdout)
    assert done.returncode == 0, done.stderr
    assert "c_name_en" in done.stdout
