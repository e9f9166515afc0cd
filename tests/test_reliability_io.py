"""Record I/O under hostile JSON Lines, and stopping a run with SIGINT or SIGTERM.

* Untouched JSON members pass through as the exact text they came in (``1E5`` stays
  ``1E5``, ``1e999`` never becomes ``Infinity``); ``NaN``, duplicate keys and nesting
  too deep are one bad record each, named by file and line.
* With ``--on-error fail`` the records before a bad one are written before the run stops.
* SIGINT and SIGTERM, with ``--workers 2`` and under Dask, end the run promptly with one
  line on stderr, exit 128 + the signal, output ending on a whole record, no process left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.cli import main
from polyglot_news.io import SCHEMA_VERSION, Failure, parse_object, read_jsonl_items

EXE = Path(sys.executable).with_name("polyglot-news")


def invoke(args: list[str], stdin: bytes = b"") -> tuple[int, bytes, bytes]:
    """Run main() in process with stdin/stdout/stderr as bytes."""
    with CliRunner().isolation(input=stdin) as streams:
        code = main(args)
        sys.stdout.flush()
        sys.stderr.flush()
    return code, streams[0].getvalue(), streams[1].getvalue()


def _strict_loads(line: str) -> Any:
    """json.loads that refuses what is not JSON (NaN, Infinity) and duplicate keys."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        assert len(keys) == len(set(keys)), f"duplicate key in {line!r}"
        return dict(items)

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in output: not JSON")

    return json.loads(line, object_pairs_hook=pairs, parse_constant=refuse)


# -- exact passthrough ----------------------------------------------------------------------


def test_untouched_members_keep_their_exact_text() -> None:
    line = ('{"id": 1E5, "big": 1e999, "z": -0, "p": 1.50, "n": 123456789012345678901234567890,'
            ' "esc": "\\u00e9\\/", "nest": {"a": [1.0e+2, true, null]}, "text": "Sergey Shoygu"}')
    code, out, err = invoke(["run", "--no-translate", "--input", "jsonl"], line.encode() + b"\n")
    assert code == 0, err
    text = out.decode()
    for kept in ('"id": 1E5', '"big": 1e999', '"z": -0', '"p": 1.50',
                 '"n": 123456789012345678901234567890', '"esc": "\\u00e9\\/"',
                 '"nest": {"a": [1.0e+2, true, null]}'):
        assert kept in text
    obj = _strict_loads(text)
    assert obj["text"] == "Sergei Shoigu" and "Infinity" not in text


def test_jsonl_output_keeps_the_exact_text_too() -> None:
    line = b'{"text": "x", "v": 1E5}\n'
    code, out, _ = invoke(["normalize", "--input", "jsonl", "--format", "jsonl"], line)
    assert code == 0
    assert out.startswith(b'{"text": "x", "v": 1E5, "polyglot_news": {')
    assert _strict_loads(out.decode())["polyglot_news"]["schema"] == "polyglot-news.normalized"


def test_undecodable_bytes_in_an_untouched_member_stay_valid_json() -> None:
    line = b'{"text": "x", "raw": "caf\xff"}\n'
    code, out, _ = invoke(["run", "--no-translate", "--input", "jsonl"], line)
    assert code == 0
    out.decode("utf-8")  # valid UTF-8
    assert _strict_loads(out.decode())["raw"] == "caf\udcff"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x", "v": NaN}', "NaN is not valid JSON"),
        ('{"text": "x", "v": [Infinity]}', "Infinity is not valid JSON"),
        ('{"text": "x", "v": -Infinity}', "-Infinity is not valid JSON"),
        ('{"text": "a", "text": "b"}', "duplicate key 'text'"),
        ('{"text": "x", "v": {"a": 1, "a": 2}}', "duplicate key 'a'"),
        ('{"text": "x", "v": [{"k": 1, "k": 1}]}', "duplicate key 'k'"),
        ('{"text": "x",}', "malformed JSON"),
        ('{"text": "x"} {}', "malformed JSON (Extra data"),
        ('{"text" "x"}', "malformed JSON (Expecting ':' delimiter"),
        ("  [1]", "expected a JSON object, got list"),
        ('{"text": ["x"]}', "field 'text' is list, not a string"),
        ('{"text": 1.5}', "field 'text' is float, not a string"),
        ('{"text": null}', "field 'text' is NoneType, not a string"),
    ],
)
def test_bad_records_are_named_by_file_and_line(line: str, message: str) -> None:
    data = f'{{"text": "first"}}\n{line}\n{{"text": "last"}}\n'.encode()
    code, out, err = invoke(["run", "--no-translate", "--input", "jsonl", "--on-error", "skip"],
                            data)
    assert code == 0
    assert [_strict_loads(x)["text"] for x in out.decode().splitlines()] == ["first", "last"]
    (warning,) = err.decode().splitlines()
    assert warning.startswith("Warning: skipped <stdin>:2: ") and message in warning


def _deep(depth: int) -> str:
    return '{"text": "deep", "d": ' + "[" * depth + "]" * depth + "}"


def test_a_record_nested_100000_deep_is_one_bad_record() -> None:
    data = f'{{"text": "a"}}\n{_deep(100_000)}\n{{"text": "b"}}\n'.encode()
    code, out, err = invoke(["run", "--no-translate", "--input", "jsonl", "--on-error", "skip"],
                            data)
    assert code == 0
    assert [_strict_loads(x)["text"] for x in out.decode().splitlines()] == ["a", "b"]
    assert "<stdin>:2: JSON nested too deep" in err.decode()
    code, out, err = invoke(["normalize", "--input", "jsonl"], data)
    assert code == 1 and out.decode().splitlines() == ['{"text": "a"}']
    assert err.decode().startswith("Error: <stdin>:2: JSON nested too deep")


def test_a_deep_record_is_one_line_of_the_errors_shard(tmp_path: Path) -> None:
    from polyglot_news.pipeline import Pipeline
    from polyglot_news.scaleout.shards import plan_shards, process_shard

    src = tmp_path / "in.jsonl"
    src.write_text(f'{{"text": "a"}}\n{_deep(100_000)}\n{{"text": "b"}}\n')
    spec = plan_shards([src], tmp_path / "out", input_format="jsonl", output_format="text")[0]
    result = process_shard(spec, Pipeline(translate=False))
    assert (result.status, result.records, result.errors) == ("done", 2, 1)
    (error,) = Path(spec.errors_path).read_text().splitlines()
    assert json.loads(error)["line"] == 2 and "nested too deep" in json.loads(error)["error"]


@pytest.mark.parametrize("command", [["run", "--no-translate"], ["normalize"], ["segment",
                                     "--format", "jsonl"]])
def test_records_before_a_bad_one_are_written_before_the_run_stops(command: list[str]) -> None:
    data = b'{"text": "one"}\n{"text": "two"}\n{"body": "no text"}\n{"text": "four"}\n'
    code, out, err = invoke([*command, "--input", "jsonl"], data)
    assert code == 1
    assert [_strict_loads(x)["text"] for x in out.decode().splitlines()] == ["one", "two"]
    assert err.decode() == ("Error: <stdin>:3: no field 'text'; choose the text field with "
                            "--field NAME\n")


def test_records_before_a_bad_one_are_written_with_workers(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": f"line {i}"}) for i in range(300)]
    lines[250] = "{oops"
    src.write_text("\n".join(lines) + "\n")
    code, out, err = invoke(["run", "--no-translate", "--input", "jsonl", "--workers", "2",
                             "--batch-size", "4", str(src)])
    assert code == 1 and f"{src}:251: malformed JSON" in err.decode()
    assert [_strict_loads(x)["text"] for x in out.decode().splitlines()] == [
        f"line {i}" for i in range(250)]


# Any JSON object, with the text field somewhere among its members.
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                     st.floats(allow_nan=False, allow_infinity=False))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=6).filter(lambda k: k != "text"), _values, max_size=5),
       st.text(max_size=20), st.integers(min_value=0, max_value=5), st.booleans())
def test_any_object_comes_back_with_only_its_text_changed(
    others: dict[str, Any], text: str, position: int, ascii_only: bool
) -> None:
    members = list(others.items())
    members.insert(min(position, len(members)), ("text", text))
    line = json.dumps(dict(members), ensure_ascii=ascii_only)
    obj, value = parse_object(line, "text")
    assert value == text
    out = obj.dumps({"text": "NEW"})
    expected = dict(members)
    expected["text"] = "NEW"
    assert _strict_loads(out) == expected
    assert list(_strict_loads(out)) == list(expected)  # member order kept
    for key, raw in ((k, json.dumps(v, ensure_ascii=ascii_only)) for k, v in others.items()):
        assert obj.raw(key) == raw  # the exact text of every untouched member


def test_reader_reports_failures_in_place() -> None:
    import io

    data = b'{"text": "a"}\n{"text": NaN}\n\n{"text": "c"}\n'
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    items = list(read_jsonl_items(stream, "f.jsonl"))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Record", 1), ("Failure", 2), ("Record", 4)]
    assert isinstance(items[1], Failure) and not items[1].fatal


def test_normalize_and_segment_records_are_versioned() -> None:
    _, out, _ = invoke(["normalize", "--format", "jsonl"], b"Sergey Shoygu\n")
    record = _strict_loads(out.decode())
    assert (record["schema"], record["schema_version"]) == ("polyglot-news.normalized",
                                                            SCHEMA_VERSION)
    assert record["changes"][0]["entry_id"] == "sergei_shoigu"
    _, out, _ = invoke(["segment", "--format", "jsonl"], b"Shoigu said hi.\n")
    record = _strict_loads(out.decode())
    assert (record["schema"], record["schema_version"]) == ("polyglot-news.segments",
                                                            SCHEMA_VERSION)
    assert record["segments"][0]["text"] == "Shoigu said hi."


# -- SIGINT and SIGTERM ---------------------------------------------------------------------

LINES = ["Sergey Shoygu met Gen. Xu Qi-liang on Tuesday.",
         "Министр обороны Шойгу встретился с генералом.",
         "紹伊古会见了中国国防部长。",
         "The committee met and agreed on a budget for next year."]


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signals") / "big.txt"
    path.write_text("".join(f"{LINES[i % 4]} {i}\n" for i in range(40_000)), encoding="utf-8")
    return path


def _group_left(pgid: int) -> list[str]:
    """Processes still in the process group ``pgid``, after up to 10 s for them to go."""
    deadline = time.monotonic() + 10
    while True:
        ps = subprocess.run(["ps", "-o", "pid=,stat=,args=", "-g", str(pgid)],
                            capture_output=True, text=True).stdout.splitlines()
        left = [p for p in ps if " Z" not in p]  # zombies are gone for good
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def _stop(args: list[str], sig: signal.Signals, *, group: bool, wait_for: str) -> tuple[
        int, bytes, bytes, list[str]]:
    """Start polyglot-news in its own process group, signal it, return what came out."""
    proc = subprocess.Popen([str(EXE), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    assert proc.stdout is not None
    head = b""
    if wait_for == "output":  # it is well into the run (raw reads: communicate() reads raw)
        while b"\n" not in head:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, "no output before the end"
            head += chunk
    else:
        time.sleep(float(wait_for))
    os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)
    try:
        out, err = proc.communicate(timeout=60)  # a hang fails here
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    return proc.returncode, head + out, err, _group_left(proc.pid)


@pytest.mark.parametrize(
    ("sig", "group"),
    [(signal.SIGINT, True), (signal.SIGTERM, True), (signal.SIGTERM, False)],
    ids=["ctrl-c", "sigterm-to-group", "sigterm-to-main"],
)
def test_workers_stop_on_a_signal_with_one_line(
    big_input: Path, sig: signal.Signals, group: bool
) -> None:
    code, out, err, left = _stop(["run", "--no-translate", "--workers", "2", str(big_input)],
                                 sig, group=group, wait_for="output")
    assert code == 128 + sig
    assert err.decode().splitlines() == [
        f"Error: stopped by {sig.name}; the output ends after the last whole record"]
    assert out.endswith(b"\n")
    got = out.decode().splitlines()  # whole records, in order, none missing before the stop
    assert [int(line.rsplit(" ", 1)[-1]) for line in got] == list(range(len(got)))
    assert left == []


def test_one_process_stops_on_ctrl_c_with_one_line(big_input: Path) -> None:
    code, out, err, left = _stop(["run", "--no-translate", str(big_input)], signal.SIGINT,
                                 group=True, wait_for="output")
    assert code == 130 and b"Traceback" not in err and len(err.splitlines()) == 1
    assert out.endswith(b"\n") and left == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_dask_stops_on_a_signal_with_one_line(
    big_input: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    pytest.importorskip("distributed")
    out_dir = tmp_path / "out"
    code, _, err, left = _stop(["run", "--no-translate", "--dask-local", "1", "--output-dir",
                                str(out_dir), str(big_input)], sig, group=True, wait_for="4")
    if code == 0:
        pytest.skip("the job finished before the signal")
    assert code == 128 + sig, err.decode()
    assert err.decode().splitlines() == [
        f"Error: stopped by {sig.name}; the output ends after the last whole record"]
    assert left == []
    # No partial shard: the output either exists whole or not at all; temporaries go next run.
    assert not (out_dir / big_input.name).exists() or (out_dir / big_input.name).read_bytes(
        ).endswith(b"\n")
