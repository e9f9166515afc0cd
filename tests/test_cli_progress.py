"""``--progress``: records, MB/s and ETA on stderr, never on stdout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE = Path(sys.executable).with_name("polyglot-news")


def _run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [str(EXE), *args], input=stdin, capture_output=True, timeout=120, env=env
    )


def _last_frame(stderr: bytes) -> str:
    frames = [f for f in stderr.decode().replace("\r", "\n").split("\n") if "records" in f]
    assert frames, stderr
    return frames[-1]


def test_progress_shows_records_rate_and_eta_on_stderr_only(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Sergey Shoygu\n" * 3000, encoding="utf-8")
    for command in (["run", "--no-translate"], ["normalize"], ["segment"]):
        proc = _run([*command, "--progress", str(path)])
        plain = _run([*command, str(path)])
        assert proc.returncode == 0
        assert proc.stdout == plain.stdout  # nothing of the bar on stdout
        assert plain.stderr == b""  # off by default when stderr is not a terminal
        frame = _last_frame(proc.stderr)
        assert "3,000 records" in frame  # records done
        assert "B/s" in frame and "/42.0k" in frame  # rate, and bytes of the known total
        assert "<" in frame  # elapsed<remaining: the ETA


def test_progress_on_stdin_has_no_total_but_still_counts(tmp_path: Path) -> None:
    proc = _run(["normalize", "--progress"], b"Sergey Shoygu\n" * 500)
    assert proc.returncode == 0 and proc.stdout == b"Sergei Shoigu\n" * 500
    assert "500 records" in _last_frame(proc.stderr)


def _on_a_terminal(args: list[str], path: Path) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run ``polyglot-news ARGS PATH`` with stderr on a pseudo-terminal of a real width:
    the result, and what was drawn on the terminal."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.run(
            [str(EXE), *args, str(path)], stdout=subprocess.PIPE, stderr=slave, timeout=60
        )
        os.close(slave)
        shown = b""
        try:
            while chunk := os.read(master, 4096):
                shown += chunk
        except OSError:  # the pty is closed once the child is gone
            pass
    finally:
        os.close(master)
    return proc, shown


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Sergey Shoygu\n" * 50, encoding="utf-8")
    proc, shown = _on_a_terminal(["normalize"], path)
    assert proc.returncode == 0 and proc.stdout == b"Sergei Shoigu\n" * 50
    assert b"%" in shown or b"B/s" in shown  # tqdm drew on the terminal
    assert _run(["normalize", str(path)]).stderr == b""  # never in a pipe


def test_no_progress_turns_it_off_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Sergey Shoygu\n" * 50, encoding="utf-8")
    proc, shown = _on_a_terminal(["normalize", "--no-progress"], path)
    assert proc.returncode == 0 and proc.stdout == b"Sergei Shoigu\n" * 50
    assert shown == b""
