"""One input file in, one output shard out: the part of the Dask job that runs on a worker.

Nothing here imports Dask, so it is tested in-process. A shard is written to a
hidden temporary name and renamed into place when complete, so an output shard
that exists is always finished: a restarted job skips it and never duplicates
its records. Records that fail (a malformed JSON Lines line, an exception in the
pipeline) are written, with their input location and the error, to an errors
shard ``<name>.errors.jsonl`` beside the output, and the rest of the file goes on.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from polyglot_news.batch import Processor, SerialRunner, drive
from polyglot_news.document import Document
from polyglot_news.errors import UsageError
from polyglot_news.io import INPUT_FORMATS, UNITS, Failure, Record, dumps, read_items
from polyglot_news.io import render as render_record

__all__ = [
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "ERRORS_SUFFIX",
    "ShardSpec",
    "ShardResult",
    "JobSummary",
    "Failure",
    "Processor",
    "plan_shards",
    "read_shard",
    "render",
    "process_items",
    "process_shard",
    "remove_stale_temps",
]

OUTPUT_FORMATS = ("text", "jsonl")
ERRORS_SUFFIX = ".errors.jsonl"
COUNTS_SUFFIX = ".counts.json"
# A shard's temporary files: ``.<name>.<12 hex digits>.tmp`` (name may end in ERRORS_SUFFIX).
_TEMP = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")


@dataclass(frozen=True, slots=True)
class ShardSpec:
    """One task of the job: read ``path`` (named ``source`` in records), write ``output``."""

    path: str
    source: str
    output: str
    input_format: str = "text"
    output_format: str = "jsonl"
    unit: str = "line"
    field: str = "text"
    batch_size: int = 32

    @property
    def errors_path(self) -> str:
        """Where this shard's failed records go (written only when there are some)."""
        return self.output + ERRORS_SUFFIX

    @property
    def counts_path(self) -> str:
        """Where the counts of the finished shard are kept (read when a task runs again)."""
        head, tail = os.path.split(self.output)
        return os.path.join(head, f".{tail}{COUNTS_SUFFIX}")

    def owned_paths(self) -> tuple[str, ...]:
        """Every file this shard writes under its final name."""
        return (self.output, self.errors_path, self.counts_path)


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What a worker reports for one shard: counts only, never records.

    ``status`` is ``"done"`` (written now), ``"skipped"`` (already finished by an
    earlier run) or ``"failed"`` (the whole file could not be processed; ``message``
    says why).
    """

    source: str
    output: str
    status: str
    records: int = 0
    errors: int = 0
    errors_path: str | None = None
    message: str | None = None
    seconds: float = 0.0
    worker: str | None = None


@dataclass(frozen=True, slots=True)
class JobSummary:
    """The counts of a finished :func:`~polyglot_news.scaleout.run_files` job."""

    output_dir: str
    shards: tuple[ShardResult, ...] = ()
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()

    def _count(self, status: str) -> int:
        return sum(1 for s in self.shards if s.status == status)

    @property
    def written(self) -> int:
        """Shards written by this run."""
        return self._count("done")

    @property
    def skipped(self) -> int:
        """Shards already finished by an earlier run, left untouched."""
        return self._count("skipped")

    @property
    def failed(self) -> int:
        """Shards that could not be processed at all (see each ``message``)."""
        return self._count("failed")

    @property
    def records(self) -> int:
        """Records written to output shards by this run."""
        return sum(s.records for s in self.shards)

    @property
    def errors(self) -> int:
        """Records written to errors shards by this run."""
        return sum(s.errors for s in self.shards)

    @property
    def ok(self) -> bool:
        """True when every record of every shard made it to the output."""
        return self.failed == 0 and self.errors == 0

    @property
    def exit_code(self) -> int:
        """0 when :attr:`ok`, else 1 (bad data), as the CLI returns it."""
        return 0 if self.ok else 1

    def describe(self) -> str:
        """One line for people: shards, records, errors and where to look."""
        line = (
            f"{len(self.shards)} shard(s) in {self.output_dir}: {self.written} written, "
            f"{self.skipped} already done, {self.failed} failed; {self.records} record(s), "
            f"{self.errors} error(s) in {self.seconds:.1f} s"
        )
        if self.errors:
            line += "; failed records are in the *" + ERRORS_SUFFIX + " shards"
        return line


# -- planning (on the client) ------------------------------------------------------------


def plan_shards(
    inputs: Sequence[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    *,
    input_format: str = "text",
    output_format: str = "jsonl",
    unit: str = "line",
    field: str = "text",
    batch_size: int = 32,
) -> list[ShardSpec]:
    """One :class:`ShardSpec` per input: output ``output_dir/<input base name>``.

    Raises :class:`~polyglot_news.errors.UsageError` for stdin, two inputs with the
    same base name, an output that would overwrite its input, or an unknown option.
    """
    _check_choice("input_format", input_format, INPUT_FORMATS)
    _check_choice("output_format", output_format, OUTPUT_FORMATS)
    _check_choice("unit", unit, UNITS)
    if batch_size < 1:
        raise UsageError(f"batch_size must be at least 1, not {batch_size}")
    if not inputs:
        raise UsageError("no input files: name at least one file to process")
    out_dir = Path(output_dir).absolute()
    specs: list[ShardSpec] = []
    seen: dict[str, str] = {}
    for item in inputs:
        name = os.fspath(item)
        if name == "-":
            raise UsageError("stdin ('-') cannot be split across workers: name input files")
        base = Path(name).name
        if base in seen:
            raise UsageError(
                f"{seen[base]} and {name} would both write {out_dir / base}: "
                "rename one, or run them as two jobs with different output directories"
            )
        seen[base] = name
        specs.append(ShardSpec(str(Path(name).absolute()), name, str(out_dir / base),
                               input_format, output_format, unit, field, batch_size))
    _refuse_collisions(specs, out_dir)
    return specs


def _refuse_collisions(specs: list[ShardSpec], out_dir: Path) -> None:
    """Refuse a plan in which a file the job writes (or cleans up) is one of its inputs.

    Paths are compared resolved (``in/../in``, symbolic links), and a shard's errors
    shard must not be another input's output shard.
    """
    real_out = out_dir.resolve()
    for spec in specs:
        real = Path(spec.path).resolve()
        if real.parent == real_out and _TEMP.match(real.name):
            raise UsageError(
                f"{spec.source}: its name is that of a shard's temporary file, which the "
                "job removes; rename the input or choose another output directory"
            )
    written: dict[Path, str] = {}
    for spec in specs:
        for path in spec.owned_paths():
            real = Path(path).resolve()
            other = written.setdefault(real, spec.source)
            if other != spec.source:
                raise UsageError(
                    f"{other} and {spec.source}: the shard files of one would be those of "
                    f"the other ({real}); rename one, or run them as two jobs with "
                    "different output directories"
                )
    for spec in specs:
        real = Path(spec.path).resolve()
        owner = written.get(real)
        if owner is not None:
            what = "output shard" if owner == spec.source else f"shard files of {owner}"
            raise UsageError(
                f"{spec.source}: the {what} would overwrite the input ({real}); "
                "choose another output directory or rename the input"
            )


def _check_choice(what: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise UsageError(f"{what} must be one of {', '.join(choices)}, not {value!r}")


# -- reading (on the worker) -------------------------------------------------------------


def read_shard(stream: IO[str], spec: ShardSpec) -> Iterator[Record | Failure]:
    """The records of one input, with a :class:`Failure` in place of each malformed one."""
    return read_items(stream, spec.source, input_format=spec.input_format, unit=spec.unit,
                      field_name=spec.field)


# -- processing and writing (on the worker) ----------------------------------------------


def render(record: Record, doc: Document, output_format: str, field_name: str) -> str:
    """The output line(s) of one record, exactly as ``polyglot-news run`` writes them."""
    details = doc.to_dict() if output_format == "jsonl" else None
    return render_record(record, doc.text, details, field_name=field_name)


def process_items(
    pipeline: Processor, items: Iterable[Record | Failure], batch_size: int
) -> Iterator[tuple[Record, Document] | Failure]:
    """Run the records through ``pipeline`` in batches of ``batch_size`` records, in order.

    Failures pass through in place. When a batch raises, its records are retried one
    by one so only the records that fail become failures.
    """
    return drive(items, SerialRunner(pipeline, batch_size, isolate=True))


class _ShardWriter:
    """Writes a shard and its errors to temporary files, renamed into place by :meth:`commit`."""

    def __init__(self, spec: ShardSpec) -> None:
        self.spec = spec
        token = uuid.uuid4().hex[:12]
        self.tmp_out = _temp_name(spec.output, token)
        self.tmp_err = _temp_name(spec.errors_path, token)
        self.tmp_counts = _temp_name(spec.counts_path, token)
        self.out: IO[bytes] = open(self.tmp_out, "wb")  # noqa: SIM115 - closed in commit/abort
        self.err: IO[bytes] | None = None
        self.records = 0
        self.errors = 0

    def write(self, result: tuple[Record, Document] | Failure) -> None:
        if isinstance(result, Failure):
            if self.err is None:
                self.err = open(self.tmp_err, "wb")  # noqa: SIM115
            self.err.write((dumps(result.to_dict()) + "\n").encode("utf-8", "surrogateescape"))
            self.errors += 1
            return
        record, doc = result
        line = render(record, doc, self.spec.output_format, self.spec.field)
        self.out.write(line.encode("utf-8", "surrogateescape"))
        self.records += 1

    def commit(self) -> None:
        """Errors shard and counts first, output shard last: the output's existence means done."""
        if self.err is not None:
            _close_synced(self.err)
            os.replace(self.tmp_err, self.spec.errors_path)
        elif os.path.exists(self.spec.errors_path):  # left by an earlier, interrupted run
            os.remove(self.spec.errors_path)
        with open(self.tmp_counts, "wb") as counts:
            counts.write(json.dumps({"records": self.records, "errors": self.errors}).encode())
            _close_synced(counts)
        os.replace(self.tmp_counts, self.spec.counts_path)
        _close_synced(self.out)
        os.replace(self.tmp_out, self.spec.output)

    def abort(self) -> None:
        """Close and remove the temporary files, whatever closing them raises (a full disk)."""
        for stream in (self.out, self.err):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        for path in (self.tmp_out, self.tmp_err, self.tmp_counts):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)


def _temp_name(path: str, token: str) -> str:
    head, tail = os.path.split(path)
    return os.path.join(head, f".{tail}.{token}.tmp")


def remove_stale_temps(spec: ShardSpec) -> list[str]:
    """Remove the temporary files an earlier, killed attempt at ``spec`` left; their names."""
    folder = os.path.dirname(spec.output)
    names = {os.path.basename(p) for p in spec.owned_paths()}
    removed: list[str] = []
    try:
        entries = os.listdir(folder)
    except OSError:
        return removed
    for entry in entries:
        if _TEMP.match(entry) and entry[1:-17] in names:  # ".<name>.<12 hex>.tmp"
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(folder, entry))
                removed.append(entry)
    return removed


def _close_synced(stream: IO[bytes]) -> None:
    stream.flush()
    os.fsync(stream.fileno())
    stream.close()


def _finished(spec: ShardSpec, worker: str | None) -> ShardResult:
    """The result for a shard whose output exists: its counts when they were kept.

    A task that runs again after its first attempt finished (a worker retired or lost
    before the result reached the client) reports the counts of that attempt.
    """
    try:
        with open(spec.counts_path, "rb") as file:
            counts = json.loads(file.read())
        records, errors = int(counts["records"]), int(counts["errors"])
    except (OSError, ValueError, KeyError, TypeError):
        return ShardResult(spec.source, spec.output, "skipped", worker=worker)
    return ShardResult(spec.source, spec.output, "done", records=records, errors=errors,
                       errors_path=spec.errors_path if errors else None, worker=worker)


def process_shard(spec: ShardSpec, pipeline: Processor, worker: str | None = None) -> ShardResult:
    """Process one input file into its output shard (skipped when it already exists)."""
    started = time.perf_counter()
    if os.path.exists(spec.output):
        return _finished(spec, worker)
    try:
        stream = open(spec.path, encoding="utf-8", errors="surrogateescape", newline="")  # noqa: SIM115
    except OSError as exc:
        return ShardResult(spec.source, spec.output, "failed",
                           message=f"cannot open {spec.source}: {exc.strerror}", worker=worker)
    with stream:
        try:
            os.makedirs(os.path.dirname(spec.output), exist_ok=True)
            remove_stale_temps(spec)
            writer = _ShardWriter(spec)
        except OSError as exc:
            return _write_failed(spec, exc, worker)
        try:
            for result in process_items(pipeline, read_shard(stream, spec), spec.batch_size):
                writer.write(result)
            writer.commit()
        except OSError as exc:
            writer.abort()
            return _write_failed(spec, exc, worker)
        except BaseException:
            writer.abort()
            raise
    return ShardResult(
        spec.source,
        spec.output,
        "done",
        records=writer.records,
        errors=writer.errors,
        errors_path=spec.errors_path if writer.errors else None,
        seconds=time.perf_counter() - started,
        worker=worker,
    )


def _write_failed(spec: ShardSpec, exc: OSError, worker: str | None) -> ShardResult:
    reason = exc.strerror or str(exc)
    return ShardResult(spec.source, spec.output, "failed", worker=worker,
                       message=f"cannot write {spec.output}: {reason}; nothing of this shard "
                       "was kept (its temporary files are removed)")
