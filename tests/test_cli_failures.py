"""How every command fails on its output: a closed pipe, a full disk (real entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("polyglot-news")

COMMANDS = ["run", "segment", "normalize", "translate", "models", "glossary"]
FULL = "Error: cannot write the output to stdout (/dev/full): No space left on device\n"


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    """One invocation of each of the six commands that writes to stdout."""
    text = tmp_path / "in.txt"
    text.write_text("Sergey Shoygu met Xu Qi-liang. 今天天气很好。\n" * 3000, encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir(exist_ok=True)
    return {
        "run": ["run", "--no-translate", str(text)],
        "segment": ["segment", str(text)],
        "normalize": ["normalize", str(text)],
        "translate": ["translate", "--models-dir", str(models), str(text)],
        "models": ["models", "list", "--json", "--models-dir", str(models)],
        "glossary": ["glossary", "export", "--format", "tbx"],
    }


def _run(args: list[str], stdout: int) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [str(EXE), *args], stdout=stdout, stderr=subprocess.PIPE, timeout=120, env=env
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_stdout_on_a_full_disk_is_one_line_naming_the_output(tmp_path: Path, command: str) -> None:
    args = _commands(tmp_path)[command]
    with open("/dev/full", "wb") as full:
        proc = _run(args, full.fileno())
    assert (proc.returncode, proc.stderr.decode()) == (1, FULL)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_closed_pipe_ends_quietly_with_status_0(tmp_path: Path, command: str) -> None:
    args = _commands(tmp_path)[command]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write: every write is EPIPE
    try:
        proc = _run(args, write_end)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_head_on_a_long_run_exits_0_under_pipefail(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Sergey Shoygu met Xu Qi-liang.\n" * 50000, encoding="utf-8")
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"'{EXE}' run --no-translate '{path}' | head -2"],
        capture_output=True,
        timeout=120,
    )
    assert proc.stdout == b"Sergei Shoigu met Xu Qiliang.\n" * 2
    assert (proc.returncode, proc.stderr) == (0, b"")
