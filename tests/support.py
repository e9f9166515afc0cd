"""Helpers several test files share (imported by name: pytest puts tests/ on the path)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from polyglot_news.cli import main


def invoke(args: list[str], stdin: bytes = b"") -> tuple[int, bytes, bytes]:
    """``main(args)`` in process, with bytes in and out: (status, stdout, stderr)."""
    runner = CliRunner()
    with runner.isolation(input=stdin) as streams:
        code = main(args)
        sys.stdout.flush()
        sys.stderr.flush()
    return code, streams[0].getvalue(), streams[1].getvalue()


def sigkill_when(
    proc: subprocess.Popen[bytes],
    marker: Path,
    *,
    gone: str | Callable[[], str],
    slow: str,
    delay: float = 0.0,
    step: float = 0.05,
) -> None:
    """Wait (two minutes at most) for ``proc`` to create ``marker``, then ``delay`` seconds
    later kill it with SIGKILL and reap it. ``gone`` (or what it returns) is the failure
    when ``proc`` ended first, ``slow`` when it never got there."""
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, gone() if callable(gone) else gone
            assert time.monotonic() < deadline, slow
            time.sleep(step)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL


def make_zip(
    path: Path,
    entries: dict[str, bytes | None],
    *,
    symlinks: tuple[str, ...] = (),
    modes: dict[str, int] | None = None,
) -> Path:
    """A zip of ``entries`` (``None``: a folder); ``symlinks`` are links, ``modes`` raw modes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            if data is None:
                info.external_attr = (stat.S_IFDIR | 0o755) << 16
                zf.writestr(info, b"")
                continue
            mode = stat.S_IFLNK | 0o777 if name in symlinks else stat.S_IFREG | 0o644
            info.external_attr = (modes or {}).get(name, mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path
