"""`make bench` must run the benchmarks: pytest has to collect the ``bench_*.py`` files."""

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_every_benchmark_file_is_collected() -> None:
    files = sorted(p.name for p in (REPO_ROOT / "benchmarks").glob("bench_*.py"))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "benchmarks", "--collect-only", "-q"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [line for line in proc.stdout.splitlines() if "::" in line]
    collected = {line.split("::")[0].rsplit("/", 1)[-1] for line in lines}
    assert files and set(files) <= collected, f"not collected: {set(files) - collected}"
