"""The Dask job on a real two-process LocalCluster, with the tiny real translation model.

One cluster for the whole session (startup is the expensive part). Checks: output
identical to the single-process pipeline, one pipeline load per worker (including a
worker that joins later), an errors shard for bad records, no duplicated shards
when a job is run again, and ``process_bag``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from polyglot_news.cli.io import read_records  # noqa: E402
from polyglot_news.pipeline import Pipeline  # noqa: E402
from polyglot_news.scaleout import plugin_loads, process_bag, run_files  # noqa: E402

# Our own lines, mixing the fixture models' Chinese and Russian with English.
ZH = ["今天绍伊古访问北京。", "绍伊古会见拉夫罗夫。", "明天谈判将继续。",
      "国防部长绍伊古发表讲话。"]
RU = ["Сегодня Шойгу посетил Пекин.", "Завтра переговоры будут продолжены."]
EN = ["The minister arrived on Monday.", "Talks in the capital went on late into the night."]


def _lines(seed: int, n: int) -> list[str]:
    """Deterministic mixed lines: English with a Chinese or Russian sentence inside."""
    out = []
    for i in range(n):
        k = seed * 31 + i
        pick = (ZH + RU)[k % (len(ZH) + len(RU))]
        out.append(pick if k % 3 else f"{EN[k % len(EN)]} {pick}")
    return out


@pytest.fixture(scope="session")
def models_dir(fixture_models_dir: Path) -> Path:
    """The suite's zh->en and ru->en fixture models (tests/conftest.py)."""
    return fixture_models_dir


@pytest.fixture(scope="session")
def options(models_dir: Path) -> dict[str, Any]:
    translator = {"models_dir": str(models_dir), "threads": 1}
    return {"target": "en", "translator_options": translator}


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


@pytest.fixture(scope="session")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster) as active:
        yield active


@pytest.fixture()
def text_inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for i, n in enumerate((45, 7, 20)):
        path = folder / f"part-{i}.txt"
        path.write_text("\n".join(_lines(i, n)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _single_process(paths: list[Path], options: dict[str, Any], **reader: Any) -> list[list[Any]]:
    """Per file, the documents ``Pipeline.process_many`` makes in one process."""
    expected = []
    with Pipeline(**options) as pipeline:
        for path in paths:
            records = list(read_records([str(path)], **reader))
            docs = pipeline.process_many([(r.text, r.meta) for r in records], batch_size=32)
            expected.append([doc.to_dict() for doc in docs])
    return expected


def _jsonl(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_output_equals_the_single_process_pipeline(
    client: Any, options: dict[str, Any], text_inputs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = run_files(text_inputs, out, client=client, pipeline_options=options)
    assert summary.ok and summary.written == 3 and summary.records == 72
    assert {s.worker for s in summary.shards} <= set(client.scheduler_info()["workers"])
    expected = _single_process(text_inputs, options)
    for path, docs in zip(text_inputs, expected, strict=True):
        got = _jsonl(out / path.name)
        assert got == docs
    methods = {seg["method"] for docs in expected for d in docs for seg in d["segments"]}
    assert "model" in methods  # the model really translated something


def test_text_output_equals_the_run_command(client: Any, tmp_path: Path) -> None:
    from polyglot_news.cli.dask_run import run_dask

    inputs = []
    for i, lines in enumerate([[EN[0], ZH[0], ""], [f"{EN[1]} {RU[0]}", "\ufeff" + EN[1]]]):
        inputs.append(tmp_path / f"cli-{i}.txt")
        inputs[-1].write_text("\r\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    opts = {"files": tuple(map(str, inputs)), "output_dir": str(out),
            "scheduler": client.scheduler.address, "dask_local": None, "fmt": "text",
            "no_translate": True}
    assert run_dask(opts) == 0
    # Translation is covered above; here, the bytes: BOM, CRLF, empty and last lines.
    cli = [str(Path(sys.executable).with_name("polyglot-news")), "run", "--no-translate",
           *map(str, inputs)]
    single = subprocess.run(cli, capture_output=True, check=True).stdout
    assert b"".join((out / p.name).read_bytes() for p in inputs) == single
    assert b"\xef\xbb\xbf" in single and b"\r\n" in single


def test_each_worker_loads_its_pipeline_once(
    client: Any, cluster: Any, options: dict[str, Any], text_inputs: list[Path], tmp_path: Path
) -> None:
    for run in range(2):
        run_files(text_inputs, tmp_path / f"out{run}", client=client, pipeline_options=options)
    loads = plugin_loads(client)
    assert len(loads) == 2 and all(loads.values())
    assert all(n == 1 for per_worker in loads.values() for n in per_worker.values())
    # A worker that joins later gets the plugins, and loads each once, on joining.
    before = set(loads)
    cluster.scale(3)
    client.wait_for_workers(3, timeout=60)
    try:
        joined = {a: v for a, v in plugin_loads(client).items() if a not in before}
        assert len(joined) == 1
        assert next(iter(joined.values())) == next(iter(loads.values()))
    finally:
        _scale_down_to(cluster, client, 2)


def _scale_down_to(cluster: Any, client: Any, n: int) -> None:
    """Scale down and wait until the retired worker is gone from the scheduler, so the
    next test never has a task land on a worker that is leaving."""
    import time

    cluster.scale(n)
    deadline = time.monotonic() + 60
    while len(client.scheduler_info(n_workers=-1)["workers"]) > n or len(cluster.workers) > n:
        assert time.monotonic() < deadline, "the retired worker did not leave"
        time.sleep(0.1)


def test_bad_records_go_to_an_errors_shard_and_the_job_goes_on(
    client: Any, options: dict[str, Any], tmp_path: Path
) -> None:
    src = tmp_path / "in" / "news.jsonl"
    src.parent.mkdir()
    good = [json.dumps({"id": i, "body": line}, ensure_ascii=False) for i, line in
            enumerate(_lines(5, 4))]
    src.write_text("\n".join([good[0], '{"body": "unfinished', *good[1:3], '"just a string"',
                              good[3]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_files([src], out, client=client, input_format="jsonl", field="body",
                        output_format="text", pipeline_options=options)
    assert (summary.records, summary.errors, summary.exit_code) == (4, 2, 1)
    assert [o["id"] for o in _jsonl(out / "news.jsonl")] == [0, 1, 2, 3]
    errors = _jsonl(out / "news.jsonl.errors.jsonl")
    assert [(e["source"], e["line"]) for e in errors] == [(str(src), 2), (str(src), 5)]
    assert "malformed JSON" in errors[0]["error"] and errors[1]["input"] == '"just a string"'


def test_a_restarted_job_does_not_duplicate_finished_shards(
    client: Any, options: dict[str, Any], text_inputs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_files(text_inputs, out, client=client, pipeline_options=options)
    contents = {p.name: (out / p.name).read_bytes() for p in text_inputs}
    # Simulate a job killed mid-way: one shard never renamed into place, a temp left over.
    (out / "part-1.txt").unlink()
    (out / ".part-1.txt.0123456789ab.tmp").write_text("half a shard\n")
    kept = [p.name for p in text_inputs if p.name != "part-1.txt"]
    mtimes = {name: os.stat(out / name).st_mtime_ns for name in kept}
    again = run_files(text_inputs, out, client=client, pipeline_options=options)
    assert (again.written, again.skipped, again.records) == (1, 2, 7)
    assert {p.name: (out / p.name).read_bytes() for p in text_inputs} == contents
    assert all(os.stat(out / n).st_mtime_ns == t for n, t in mtimes.items())
    assert first.records == sum(len(c.splitlines()) for c in contents.values())


def test_process_bag_equals_process_many(client: Any, options: dict[str, Any]) -> None:
    import dask.bag as db

    texts = _lines(9, 12)
    items = [(text, {"n": i}) for i, text in enumerate(texts)]
    got = process_bag(db.from_sequence(items, npartitions=3), **options).compute()
    with Pipeline(**options) as pipeline:
        expected = [d.to_dict() for d in pipeline.process_many(items)]
    assert got == expected


def _run_command() -> Any:
    """``run`` with the Dask options, wired as the lead wires it (if not wired yet)."""
    import click

    from polyglot_news.cli import run as run_module
    from polyglot_news.cli.dask_run import dask_options, run_dask, wants_dask

    if any(p.name == "scheduler" for p in run_module.run.params):
        return run_module.run
    single = run_module.run.callback
    assert single is not None

    def callback(**opts: Any) -> Any:
        if wants_dask(opts):
            return run_dask(opts)
        return single(**{k: v for k, v in opts.items() if k not in ("scheduler", "dask_local",
                                                                     "output_dir")})

    return dask_options(click.Command("run", params=list(run_module.run.params),
                                      callback=callback))


def test_run_command_options_reach_the_job(
    client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"body": "Sergey Shoygu spoke."}\n{"body": \n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["--scheduler", client.scheduler.address, "--output-dir", str(out), "--input",
            "jsonl", "--field", "body", "--no-translate", str(src)]
    code = _run_command().main(args, standalone_mode=False)
    assert code == 1  # one bad record
    assert _jsonl(out / "in.jsonl") == [{"body": "Sergei Shoigu spoke."}]
    assert _jsonl(out / "in.jsonl.errors.jsonl")[0]["line"] == 2
    err = capsys.readouterr().err
    assert "1 record(s), 1 error(s)" in err and "errors.jsonl" in err


def test_local_cluster_refuses_more_threads_than_cores() -> None:
    from polyglot_news.errors import UsageError
    from polyglot_news.scaleout.job import local_cluster

    cores = os.cpu_count() or 1
    with pytest.raises(UsageError, match="exceeds the"):
        local_cluster(cores, translator_threads=2)


def test_threads_beyond_the_cores_are_reported(client: Any) -> None:
    from polyglot_news.scaleout.job import thread_warnings

    cores = os.cpu_count() or 1
    notes = thread_warnings(client, translator_threads=cores)
    assert any("exceeds its" in note for note in notes)  # 2 workers x cores threads
    if cores >= 2:
        assert thread_warnings(client, translator_threads=1) == []


def test_process_bag_without_a_cluster_loads_once_per_process(client: Any) -> None:
    import dask.bag as db

    from polyglot_news.scaleout.plugin import _LOCAL, plugin_name

    options = {"translate": False}
    bag = process_bag(db.from_sequence(["Sergey Shoygu.", "Xu Qi-liang."], npartitions=2),
                      **options)
    docs = bag.compute(scheduler="sync")
    assert [d["text"] for d in docs] == ["Sergei Shoigu.", "Xu Qiliang."]
    assert _LOCAL[plugin_name(options)].loads == 1


def test_unreachable_scheduler_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polyglot_news.errors import UsageError
    from polyglot_news.scaleout import job

    monkeypatch.setattr(job, "CONNECT_TIMEOUT", 0.5)
    src = tmp_path / "a.txt"
    src.write_text("x\n")
    with pytest.raises(UsageError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_files([src], tmp_path / "out", scheduler="tcp://127.0.0.1:9")


def test_a_pipeline_the_workers_cannot_load_is_one_error(client: Any, tmp_path: Path) -> None:
    from polyglot_news.scaleout import WorkerSetupError
    from polyglot_news.scaleout.job import register_pipeline

    src = tmp_path / "a.txt"
    src.write_text("x\n")
    options = {"glossary_paths": [str(tmp_path / "missing-glossaries")]}
    for _ in range(2):  # not left half-registered: the second attempt fails the same way
        with pytest.raises(WorkerSetupError, match="no such glossary file or directory"):
            run_files([src], tmp_path / "out", client=client, pipeline_options=options)
    assert not (tmp_path / "out" / "a.txt").exists()
    register_pipeline(client, {"translate": False})  # the cluster is still usable
