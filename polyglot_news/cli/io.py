"""The CLI side of record I/O: opening the named inputs, and failures as CLI messages.

Reading, rendering and writing records is the library's (:mod:`polyglot_news.io`); this
module only opens FILE arguments (a file that cannot be opened is a usage error, exit 2)
and words read failures for the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

import click

from polyglot_news.errors import InputError
from polyglot_news.io import UNITS, Failure, Record, Writer, dumps, open_text, read_items

__all__ = ["UNITS", "Record", "Failure", "Writer", "dumps", "open_input", "read_records",
           "as_error"]

# What to change on the command line, by the start of a read failure's message.
_CLI_FIXES = {
    "invalid UTF-8": "drop --strict-utf8 to pass such bytes through unchanged",
    "no field": "choose the text field with --field NAME",
}


def open_input(name: str) -> IO[str]:
    """Open a FILE argument (``-`` is stdin); one that cannot be opened is a usage error."""
    try:
        return open_text(name)
    except OSError as exc:
        raise click.BadParameter(f"cannot open {name}: {exc.strerror}", param_hint="FILE") from exc


def read_records(
    names: Iterable[str],
    *,
    input_format: str = "text",
    unit: str = "line",
    field_name: str = "text",
    strict: bool = False,
) -> Iterator[Record | Failure]:
    """Records of every named input in order (``-`` is stdin), Failures in place of bad ones."""
    for name in names:
        stream = open_input(name)
        label = "<stdin>" if name == "-" else name
        try:
            yield from read_items(stream, label, input_format=input_format, unit=unit,
                                  field_name=field_name, strict=strict)
        finally:
            if name != "-":
                stream.close()


def as_error(failure: Failure) -> InputError:
    """The one-line error for a read failure, with the command-line fix where there is one."""
    message = failure.error
    for start, fix in _CLI_FIXES.items():
        if message.startswith(start):
            message = message.split("; ", 1)[0] + "; " + fix
            break
    return InputError(message, source=failure.source, line=failure.line)
