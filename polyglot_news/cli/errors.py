"""How the command line reports failures: the one place that maps exceptions to exit statuses.

The library raises :class:`~polyglot_news.errors.PolyglotNewsError` subclasses whose
messages speak of arguments and files. Here each is turned into one ``Error: ...`` line
in CLI terms (an argument's option, the command that fixes it) and an exit status:

=====================================  ======
failure                                status
=====================================  ======
bad data, models, glossaries, I/O      1
bad usage (:class:`UsageError`)        2
Ctrl-C                                 130
stdout closed by the reader            0, quietly (``| head``)
=====================================  ======

Writes to stdout that fail (``> /dev/full``) raise :class:`OutputError`, which names
the output, once :func:`guard_stdout` has wrapped the process's stdout.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import signal
import sys
from typing import Any

from polyglot_news.errors import MissingModelError, PolyglotNewsError, UsageError

__all__ = [
    "EXIT_DATA",
    "EXIT_USAGE",
    "EXIT_INTERRUPTED",
    "OPTION_FOR_ARGUMENT",
    "INSTALL_MODEL_HINT",
    "OutputError",
    "PipeClosed",
    "Stopped",
    "exit_status",
    "describe",
    "describe_os_error",
    "guard_stdout",
    "output_name",
    "silence_stdout",
    "show_library_warnings",
]

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: The option that sets each library argument an error can name (``PolyglotNewsError.argument``).
OPTION_FOR_ARGUMENT: dict[str, str] = {
    "cache_path": "--cache",
    "models_dir": "--models-dir",
    "target": "--to",
    "beam_size": "--beam-size",
    "batch_size": "--batch-size",
    "drop": "--drop",
}

#: What a person runs to get a missing translation model.
INSTALL_MODEL_HINT = "install one with `polyglot-news models install FILE.argosmodel`"


class OutputError(OSError):
    """Writing the command's output (stdout) failed; ``output`` names where it went."""

    def __init__(self, errno: int, strerror: str, output: str) -> None:
        super().__init__(errno, strerror)
        self.output = output

    def __str__(self) -> str:
        return f"cannot write the output to {self.output}: {self.strerror}"


class PipeClosed(Exception):  # noqa: N818 - a signal, not an error
    """The reader of stdout went away (``| head -1``): stop quietly.

    Not an ``OSError``, so that click does not turn it into exit status 1.
    """


class Stopped(PolyglotNewsError):
    """What an :class:`Interrupted` command reports: one line, exit 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        self.exit_code = 128 + signum
        name = signal.Signals(signum).name
        super().__init__(f"stopped by {name}; the output ends after the last whole record")


def exit_status(exc: BaseException) -> int:
    """The exit status for an expected failure: 128 + N when stopped by signal N, 2 for bad
    usage, else 1."""
    if isinstance(exc, Stopped):
        return exc.exit_code
    if isinstance(exc, UsageError):
        return EXIT_USAGE
    return EXIT_DATA


def describe(exc: PolyglotNewsError) -> str:
    """The one-line message for a library error, in CLI terms (without ``Error: ``)."""
    message = str(exc)
    if isinstance(exc, MissingModelError):
        message += f"; {INSTALL_MODEL_HINT}"
    option = OPTION_FOR_ARGUMENT.get(exc.argument or "")
    if option:
        message += f" (option {option})"
    return message


def describe_os_error(exc: OSError) -> str:
    """One line for an operating-system failure: the file (if known) and what went wrong."""
    if isinstance(exc, OutputError):
        return str(exc)
    what = exc.strerror or str(exc)
    return f"{exc.filename}: {what}" if exc.filename else what


def output_name(fd: int = 1) -> str:
    """``stdout`` and, where the system says, the file it goes to (``stdout (/dev/full)``)."""
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return "stdout"
    if target.startswith(("pipe:", "socket:", "anon_inode:")):
        return "stdout"
    return f"stdout ({target})"


class _GuardedStdout(io.FileIO):
    """File descriptor 1 whose failed writes raise :class:`OutputError` naming the output."""

    def write(self, data: Any) -> int:
        try:
            written: int = super().write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            if isinstance(exc, OutputError) or exc.errno is None:
                raise
            raise OutputError(exc.errno, exc.strerror or str(exc), output_name()) from None
        return written


def guard_stdout() -> None:
    """Route ``sys.stdout`` through :class:`_GuardedStdout` (the console entry point only)."""
    old = sys.stdout
    try:
        fd = old.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing to guard
    raw = _GuardedStdout(fd, "wb", closefd=False)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw, buffer_size=1 << 16),
        encoding=old.encoding,
        errors=old.errors,
        line_buffering=bool(old.line_buffering),
        write_through=False,
    )


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class _WarningLine(logging.Handler):
    """Shows a library warning as one ``Warning: ...`` line on the current stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(f"Warning: {record.getMessage()}", file=sys.stderr, flush=True)


def show_library_warnings() -> None:
    """Print what the library logs at WARNING and above (a degraded cache...) as one line each."""
    logger = logging.getLogger("polyglot_news")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        logger.addHandler(_WarningLine(logging.WARNING))
    logger.propagate = False
