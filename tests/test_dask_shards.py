"""The worker side of the Dask job, in process: shard planning, errors shards, restarts.

No cluster here (see tests/test_dask.py); these run in well under a second.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.batch import MAX_BATCH_FACTOR
from polyglot_news.cli.io import Record
from polyglot_news.document import Document
from polyglot_news.errors import UsageError
from polyglot_news.scaleout.shards import (
    Failure,
    JobSummary,
    ShardResult,
    ShardSpec,
    plan_shards,
    process_items,
    process_shard,
    render,
)


class FakePipeline:
    """Upper-cases text; raises on any text containing ``BOOM``; records its batches."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def _doc(self, text: str, meta: Any) -> Document:
        if "BOOM" in text:
            raise RuntimeError(f"cannot process {text!r}")
        return Document(original=text, text=text.upper(), target="en", meta=dict(meta or {}))

    def process_many(
        self, items: Iterable[tuple[str, Any]], batch_size: int = 32
    ) -> Iterator[Document]:
        batch = list(items)
        self.batches.append(len(batch))
        return iter([self._doc(text, meta) for text, meta in batch])

    def process(self, text: str, meta: Any = None) -> Document:
        return self._doc(text, meta)


def _spec(tmp_path: Path, name: str, content: str, **kw: Any) -> ShardSpec:
    src = tmp_path / "in" / name
    src.parent.mkdir(exist_ok=True)
    src.write_text(content, encoding="utf-8", newline="")
    return plan_shards([src], tmp_path / "out", **kw)[0]


# -- planning ------------------------------------------------------------------------------


def test_plan_keeps_base_names(tmp_path: Path) -> None:
    specs = plan_shards(["a/x.txt", "b/y.jsonl"], tmp_path / "out")
    assert [Path(s.output).name for s in specs] == ["x.txt", "y.jsonl"]
    assert [s.source for s in specs] == ["a/x.txt", "b/y.jsonl"]
    assert all(Path(s.path).is_absolute() for s in specs)
    assert specs[0].errors_path.endswith("x.txt.errors.jsonl")


@pytest.mark.parametrize(
    ("inputs", "kwargs", "message"),
    [
        (["a/x.txt", "b/x.txt"], {}, "would both write"),
        (["-"], {}, "stdin"),
        ([], {}, "no input files"),
        (["x.txt"], {"input_format": "csv"}, "input_format must be one of"),
        (["x.txt"], {"output_format": "xml"}, "output_format must be one of"),
        (["x.txt"], {"unit": "word"}, "unit must be one of"),
        (["x.txt"], {"batch_size": 0}, "batch_size must be at least 1"),
    ],
)
def test_plan_refuses_bad_usage(
    tmp_path: Path, inputs: list[str], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        plan_shards(inputs, tmp_path / "out", **kwargs)


def test_plan_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="overwrite the input"):
        plan_shards([tmp_path / "x.txt"], tmp_path)


def test_plan_compares_resolved_paths(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("x\n")
    (tmp_path / "link").symlink_to(folder)
    for out in (folder / ".." / "in", tmp_path / "link", tmp_path / "link" / "."):
        with pytest.raises(UsageError, match="overwrite the input"):
            plan_shards([folder / "x.txt"], out)


def test_plan_refuses_an_input_named_like_another_shards_errors(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    inputs = [folder / "a.jsonl", folder / "a.jsonl.errors.jsonl"]
    for path in inputs:
        path.write_text('{"text": "x"}\n')
    # The errors shard of a.jsonl would be out/a.jsonl.errors.jsonl: the second input's
    # output shard, removed by the first one's clean-up (records lost, exit 0).
    with pytest.raises(UsageError, match="shard files of"):
        plan_shards(inputs, tmp_path / "out")
    # An input inside the output directory, named like a shard's temporary file.
    with pytest.raises(UsageError, match="temporary file"):
        plan_shards([folder / "a.jsonl", tmp_path / ".a.jsonl.0123456789ab.tmp"], tmp_path)


def test_a_killed_attempts_temporary_files_are_removed_by_the_next(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "a.txt", "x\n")
    out = Path(spec.output).parent
    out.mkdir()
    stale = [out / ".a.txt.0123456789ab.tmp", out / ".a.txt.errors.jsonl.0123456789ab.tmp"]
    keep = [out / ".b.txt.0123456789ab.tmp", out / "notes.tmp"]  # not this shard's
    for path in stale + keep:
        path.write_text("partial")
    assert process_shard(spec, FakePipeline()).status == "done"
    assert not any(p.exists() for p in stale) and all(p.exists() for p in keep)


def test_a_full_disk_fails_the_shard_in_one_line_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polyglot_news.scaleout import shards

    def full(stream: Any) -> None:
        raise OSError(28, "No space left on device")

    spec = _spec(tmp_path, "a.txt", "x\ny\n")
    monkeypatch.setattr(shards, "_close_synced", full)
    result = process_shard(spec, FakePipeline())
    assert result.status == "failed" and result.message is not None
    assert "No space left on device" in result.message and "\n" not in result.message
    assert list(Path(spec.output).parent.iterdir()) == []


def test_a_close_that_fails_still_removes_the_temporary_files(tmp_path: Path) -> None:
    from polyglot_news.scaleout.shards import _ShardWriter

    spec = _spec(tmp_path, "a.txt", "x\n")
    Path(spec.output).parent.mkdir()
    writer = _ShardWriter(spec)

    class FullDisk:
        def close(self) -> None:
            raise OSError(28, "No space left on device")

    real = writer.out
    writer.out = FullDisk()  # type: ignore[assignment]
    writer.abort()
    real.close()
    assert list(Path(spec.output).parent.iterdir()) == []


# -- processing ----------------------------------------------------------------------------


def test_text_shard_keeps_order_line_endings_and_bom(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "a.txt", "\ufeffone\r\ntwo\n\nthree", output_format="text")
    result = process_shard(spec, FakePipeline(), "w1")
    assert result.status == "done" and result.records == 4 and result.errors == 0
    assert Path(spec.output).read_bytes() == "\ufeffONE\r\nTWO\n\nTHREE".encode()
    assert result.worker == "w1" and not os.path.exists(spec.errors_path)


def test_invalid_utf8_bytes_survive_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "in" / "raw.txt"
    src.parent.mkdir()
    src.write_bytes(b"caf\xff ok\n\xc3\n")
    spec = plan_shards([src], tmp_path / "out", output_format="text")[0]
    assert process_shard(spec, FakePipeline()).records == 2
    assert Path(spec.output).read_bytes() == b"CAF\xff OK\n\xc3\n"


def test_jsonl_shard_passes_other_fields_through(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "a.jsonl",
        '{"id": 7, "body": "hi"}\n',
        input_format="jsonl",
        field="body",
        output_format="text",
    )
    process_shard(spec, FakePipeline())
    assert json.loads(Path(spec.output).read_text()) == {"id": 7, "body": "HI"}


def test_bad_records_go_to_the_errors_shard(tmp_path: Path) -> None:
    content = (
        "\n".join(
            [
                '{"text": "fine"}',
                '{"text": ',
                "[1, 2]",
                '{"body": "no text field"}',
                '{"text": 5}',
                '{"text": "BOOM here"}',
                '{"text": "also fine"}',
            ]
        )
        + "\n"
    )
    spec = _spec(tmp_path, "bad.jsonl", content, input_format="jsonl")
    result = process_shard(spec, FakePipeline())
    assert (result.records, result.errors) == (2, 5)
    assert result.errors_path == spec.errors_path
    out = [json.loads(line) for line in Path(spec.output).read_text().splitlines()]
    assert [o["text"] for o in out] == ["FINE", "ALSO FINE"]
    assert [o["polyglot_news"]["meta"]["line"] for o in out] == [1, 7]
    errors = [json.loads(line) for line in Path(spec.errors_path).read_text().splitlines()]
    assert [(e["source"], e["line"]) for e in errors] == [(spec.source, n) for n in (2, 3, 4, 5, 6)]
    assert "malformed JSON" in errors[0]["error"]
    assert "expected a JSON object" in errors[1]["error"]
    assert "no field 'text'" in errors[2]["error"]
    assert "not a string" in errors[3]["error"]
    assert errors[4]["error"].startswith("pipeline failed: RuntimeError")
    assert errors[4]["input"] == "BOOM here"


def test_a_failing_batch_is_retried_record_by_record(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "a.txt", "a\nBOOM\nc\nd\n", batch_size=2)
    fake = FakePipeline()
    result = process_shard(spec, fake)
    assert (result.records, result.errors) == (3, 1)
    texts = [json.loads(x)["text"] for x in Path(spec.output).read_text().splitlines()]
    assert texts == ["A", "C", "D"]


def test_finished_shard_is_skipped_and_untouched(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "a.txt", "x\n")
    first = process_shard(spec, FakePipeline())
    before = Path(spec.output).read_bytes()
    fake = FakePipeline()
    again = process_shard(spec, fake)
    # A task that runs again (its worker retired before the client got the result)
    # reports the counts of the attempt that wrote the shard, without redoing it.
    assert (first.status, first.records) == ("done", 1)
    assert (again.status, again.records, again.errors) == ("done", 1, 0)
    assert fake.batches == [] and Path(spec.output).read_bytes() == before
    os.remove(spec.counts_path)  # a shard finished by an older version: skipped, no counts
    assert process_shard(spec, fake).status == "skipped"


def test_interrupted_shard_leaves_no_output_and_no_temp(tmp_path: Path) -> None:
    class Interrupting(FakePipeline):
        def process_many(
            self, items: Iterable[tuple[str, Any]], batch_size: int = 32
        ) -> Iterator[Document]:
            raise KeyboardInterrupt

    spec = _spec(tmp_path, "a.txt", "x\n")
    with pytest.raises(KeyboardInterrupt):
        process_shard(spec, Interrupting())
    assert list(Path(spec.output).parent.iterdir()) == []


def test_stale_errors_shard_is_removed_when_the_rerun_has_none(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "a.txt", "x\n")
    Path(spec.output).parent.mkdir(parents=True)
    Path(spec.errors_path).write_text("stale\n")
    process_shard(spec, FakePipeline())
    assert not os.path.exists(spec.errors_path)


def test_missing_input_fails_the_shard_with_one_line(tmp_path: Path) -> None:
    spec = plan_shards([tmp_path / "nope.txt"], tmp_path / "out")[0]
    result = process_shard(spec, FakePipeline())
    assert result.status == "failed"
    assert result.message is not None and "cannot open" in result.message
    assert "nope.txt" in result.message


def test_render_matches_the_run_command_conventions() -> None:
    doc = Document(original="a", text="A", target="en")
    rec = Record("a", "f", 1, "\r\n", True)
    assert render(rec, doc, "text", "text") == "\ufeffA\r\n"
    assert json.loads(render(rec, doc, "jsonl", "text")) == doc.to_dict()


def test_summary_counts_and_exit_code() -> None:
    shards = (
        ShardResult("a", "o/a", "done", records=3, errors=1, errors_path="o/a.errors.jsonl"),
        ShardResult("b", "o/b", "skipped"),
        ShardResult("c", "o/c", "failed", message="boom"),
    )
    summary = JobSummary("o", shards, 1.0)
    assert (summary.written, summary.skipped, summary.failed) == (1, 1, 1)
    assert (summary.records, summary.errors, summary.exit_code) == (3, 1, 1)
    assert "3 shard(s)" in summary.describe() and "errors.jsonl" in summary.describe()
    assert JobSummary("o", shards[1:2]).exit_code == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["ok", "BOOM", "bad"]), max_size=30),
    st.integers(min_value=1, max_value=8),
)
def test_every_item_comes_out_once_in_order(kinds: list[str], batch_size: int) -> None:
    items: list[Record | Failure] = [
        Failure("f", i, "bad") if kind == "bad" else Record(f"{kind}{i}", "f", i)
        for i, kind in enumerate(kinds, 1)
    ]
    fake = FakePipeline()
    out = list(process_items(fake, items, batch_size))
    lines = [o.line if isinstance(o, Failure) else o[0].line for o in out]
    assert lines == list(range(1, len(kinds) + 1))
    for kind, result in zip(kinds, out, strict=True):
        assert isinstance(result, Failure) == (kind != "ok")
    # a batch grows to keep one source's records together, up to the cap
    assert all(size <= batch_size * MAX_BATCH_FACTOR for size in fake.batches)


# -- the optional extra --------------------------------------------------------------------


def test_core_never_imports_dask() -> None:
    code = (
        "import sys, polyglot_news, polyglot_news.pipeline, polyglot_news.parallel, "
        "polyglot_news.cli.run, polyglot_news.cli.dask_run, polyglot_news.scaleout, "
        "polyglot_news.scaleout.shards\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot_news.scaleout.deps import MissingExtraError, require_distributed

    monkeypatch.setitem(sys.modules, "distributed", None)
    hint = r"pip install -e '\.\[dask\]' in the polyglot-news checkout"  # not on PyPI
    with pytest.raises(MissingExtraError, match=hint):
        require_distributed()
    with pytest.raises(ImportError):  # also an ImportError, for callers that probe
        require_distributed()


def test_run_dask_refuses_bad_usage() -> None:
    from polyglot_news.cli.dask_run import run_dask, wants_dask

    base = {"files": ("a.txt",), "output_dir": "out", "scheduler": None, "dask_local": 2}
    assert wants_dask(base) and not wants_dask({"scheduler": None, "dask_local": None})
    cases = [
        ({"scheduler": "tcp://x:8786"}, "not both"),
        ({"dask_local": None}, "needs --scheduler"),
        ({"output_dir": None}, "add --output-dir"),
        ({"files": ()}, "not stdin"),
        ({"files": ("-",)}, "not stdin"),
        ({"workers": 2}, "--dask-local N"),
    ]
    for change, message in cases:
        with pytest.raises(UsageError, match=message):
            run_dask({**base, **change})


def test_on_error_skip_sets_the_exit_status_of_a_dask_run() -> None:
    from polyglot_news.cli.dask_run import exit_status

    bad_records = JobSummary("o", (ShardResult("a", "o/a", "done", records=3, errors=1),))
    assert exit_status(bad_records, "fail") == 1
    assert exit_status(bad_records, "skip") == 0
    failed_shard = JobSummary("o", (ShardResult("b", "o/b", "failed", message="unreadable"),))
    assert exit_status(failed_shard, "skip") == 1
    clean = JobSummary("o", (ShardResult("c", "o/c", "done", records=2),))
    assert exit_status(clean, "fail") == 0
