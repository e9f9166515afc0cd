"""``--progress``: records done, MB/s and ETA on stderr while a long run reads its files.

On by default when stderr is a terminal and every input is a file (so the total
size, hence the ETA, is known); ``--progress`` forces it on (stdin: no ETA) and
``--no-progress`` off. It only ever writes to stderr, never to stdout.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import click

from polyglot_news.io import Failure, Record

__all__ = ["progress_option", "wants_progress", "with_progress"]

_POSTFIX_EVERY = 64  # records between updates of the "N records" count (cheap either way)


def progress_option(func: Any) -> Any:
    """The ``--progress/--no-progress`` option (default: automatic)."""
    return click.option(
        "--progress/--no-progress",
        "progress",
        default=None,
        help="Show records, MB/s and ETA on stderr [default: on when stderr is a terminal "
        "and the input is files].",
    )(func)


def wants_progress(choice: bool | None, files: Sequence[str]) -> bool:
    """Whether to show progress: the user's ``choice``, else a terminal reading files."""
    if choice is not None:
        return choice
    return "-" not in files and sys.stderr.isatty()


def _record_bytes(record: Record) -> int:
    """About how many input bytes ``record`` came from (exact for text input)."""
    if record.obj is not None:  # a JSON line: its text as written back, close to the input
        text = json.dumps(record.obj, ensure_ascii=False)
    else:
        text = ("\ufeff" if record.bom else "") + record.text
    return len(text.encode("utf-8", "surrogateescape")) + len(record.newline)


def with_progress(
    records: Iterable[Record | Failure], files: Sequence[str]
) -> Iterator[Record | Failure]:
    """Yield ``records`` unchanged while a tqdm bar on stderr follows the bytes read."""
    from tqdm import tqdm

    sizes = {name: os.path.getsize(name) for name in files if os.path.isfile(name)}
    total = sum(sizes.values()) if len(sizes) == len(files) else None
    bar = tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1000,
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]",
    )
    count, done, source = 0, 0, None
    try:
        for record in records:
            if not isinstance(record, Record):  # a Failure: nothing read to count
                yield record
                continue
            if record.source != source:  # a new file: count the finished ones exactly
                if source is not None and total is not None:
                    done += sizes.get(source, 0)
                    bar.update(done - bar.n)
                source = record.source
            bar.update(_record_bytes(record))
            count += 1
            if count % _POSTFIX_EVERY == 1:
                bar.set_postfix_str(f"{count:,} records", refresh=False)
            yield record
        bar.set_postfix_str(f"{count:,} records")  # the final count, drawn once
    finally:
        bar.close()
