"""The command line, in process (fast) and through the installed entry point (real pipes)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import invoke

from polyglot_news.cli import SUBCOMMANDS

EXE = Path(sys.executable).with_name("polyglot-news")


def run_exe(
    args: list[str], stdin: bytes = b"", **kw: object
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [str(EXE), *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env=env,
        **kw,  # type: ignore[arg-type]
    )


# -- in process ---------------------------------------------------------------------------


def test_normalize_line_by_line_keeps_line_endings() -> None:
    code, out, err = invoke(["normalize"], b"Sergey Shoygu\r\nno change here\nXu Qi-liang")
    assert (code, err) == (0, b"")
    assert out == b"Sergei Shoigu\r\nno change here\nXu Qiliang"


def test_run_no_translate_text_and_jsonl() -> None:
    code, out, _ = invoke(["run", "--no-translate"], "Shoygu 说 hello\n".encode())
    assert code == 0 and out == "Shoigu 说 hello\n".encode()
    code, out, _ = invoke(["run", "--no-translate", "--format", "jsonl"], b"Sergey Shoygu\n")
    record = json.loads(out)
    assert record["schema"] == "polyglot-news.document"
    assert record["original"] == "Sergey Shoygu" and record["text"] == "Sergei Shoigu"
    assert record["meta"] == {"source": "<stdin>", "line": 1}


def test_jsonl_input_passes_other_fields_through() -> None:
    data = b'{"id": 7, "body": "Sergey Shoygu", "tags": ["a"]}\n'
    code, out, _ = invoke(["run", "--no-translate", "--input", "jsonl", "--field", "body"], data)
    assert code == 0
    assert json.loads(out) == {"id": 7, "body": "Sergei Shoigu", "tags": ["a"]}
    code, out, _ = invoke(
        ["run", "--no-translate", "--input", "jsonl", "--field", "body", "--format", "jsonl"], data
    )
    obj = json.loads(out)
    assert obj["id"] == 7 and obj["polyglot_news"]["original"] == "Sergey Shoygu"


def test_bad_jsonl_fails_with_line_or_is_skipped() -> None:
    data = b'{"text": "a"}\n{broken\n{"text": "b"}\n'
    code, out, err = invoke(["run", "--no-translate", "--input", "jsonl"], data)
    assert code == 1
    assert (
        err.decode().strip() == "Error: <stdin>:2: malformed JSON "
        "(Expecting property name enclosed in double quotes at column 2)"
    )
    code, out, err = invoke(
        ["run", "--no-translate", "--input", "jsonl", "--on-error", "skip"], data
    )
    assert code == 0
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["a", "b"]
    assert b"<stdin>:2" in err


def test_usage_errors_exit_2() -> None:
    code, _, err = invoke(["run", "--format", "xml"])
    assert code == 2 and b"Invalid value for '--format'" in err
    code, _, err = invoke(["run", "--no-flags", "--drop", "spam"])
    assert code == 2
    code, _, err = invoke(["run", "--drop", "content"], b"x\n")
    assert code == 2 and b"cannot drop content" in err
    code, _, err = invoke(["nonsense"])
    assert code == 2


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    code, _, err = invoke(["normalize", str(tmp_path / "nope.txt")])
    assert code == 2 and b"nope.txt" in err


def test_paragraph_and_file_units(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Sergey Shoygu\nmet\n\nXu Qi-liang\n")
    for unit in ("paragraph", "file"):
        code, out, _ = invoke(["normalize", "--unit", unit, str(path)])
        assert code == 0 and out == b"Sergei Shoigu\nmet\n\nXu Qiliang\n"


def test_invalid_utf8_passes_through_or_fails_strict() -> None:
    data = b"Sergey Shoygu \xff\xfe\n"
    code, out, _ = invoke(["normalize"], data)
    assert code == 0 and out == b"Sergei Shoigu \xff\xfe\n"
    code, _, err = invoke(["normalize", "--strict-utf8"], data)
    assert code == 1 and err.startswith(b"Error: <stdin>:1: invalid UTF-8")


def test_empty_input_gives_empty_output() -> None:
    for cmd in ("run", "normalize", "segment"):
        code, out, err = invoke([cmd, "--no-translate"] if cmd == "run" else [cmd], b"")
        assert (code, out, err) == (0, b"", b"")


def test_segment_tsv_and_jsonl() -> None:
    line = "The minister said the talks were useful. 双方同意加强合作。"
    code, out, _ = invoke(["segment"], (line + "\n").encode())
    rows = [row.split("\t") for row in out.decode().splitlines()]
    assert [r[4] for r in rows] == ["en", "zh"]
    assert "".join(r[7] for r in rows) == line
    assert rows[0][:4] == ["<stdin>", "1", "0", rows[1][2]]
    code, out, _ = invoke(["segment", "--format", "jsonl"], (line + "\n").encode())
    assert [s["lang"] for s in json.loads(out)["segments"]] == ["en", "zh"]


def test_every_command_has_help_with_an_example() -> None:
    for name in SUBCOMMANDS:
        code, out, _ = invoke([name, "--help"])
        assert code == 0, name
        assert b"Example" in out, f"{name} --help shows no example"
    code, out, _ = invoke(["--help"])
    assert b"Example" in out


def test_every_command_is_documented_in_readme(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for name in SUBCOMMANDS:
        assert f"polyglot-news {name}" in readme, f"README does not show `polyglot-news {name}`"


def test_workers_give_the_same_output(tmp_path: Path) -> None:
    lines = [f"{i} Sergey Shoygu met Xu Qi-liang 在北京。" for i in range(40)]
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = invoke(["run", "--no-translate", "--format", "jsonl", str(path)])
    two = invoke(["run", "--no-translate", "--format", "jsonl", "--workers", "2", str(path)])
    assert one[0] == two[0] == 0
    assert one[1] == two[1]


# -- through the installed entry point ----------------------------------------------------


def test_exe_pipe_and_exit_codes() -> None:
    proc = run_exe(["normalize"], b"Sergey Shoygu\n")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"Sergei Shoigu\n", b"")
    proc = run_exe(["run", "--no-translate", "--input", "jsonl"], b"[1]\n")
    assert proc.returncode == 1
    assert proc.stderr == b"Error: <stdin>:1: expected a JSON object, got list\n"
    proc = run_exe(["run", "--bogus"])
    assert proc.returncode == 2 and b"Error: No such option '--bogus'" in proc.stderr


def test_exe_head_closes_pipe_quietly(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Sergey Shoygu met Xu Qi-liang.\n" * 20000, encoding="utf-8")
    proc = subprocess.run(
        f"'{EXE}' run --no-translate '{path}' | head -1",
        shell=True,
        capture_output=True,
        timeout=120,
    )
    assert proc.stdout == b"Sergei Shoigu met Xu Qiliang.\n"
    assert proc.stderr == b""


def test_exe_ctrl_c_exits_130_without_traceback() -> None:
    proc = subprocess.Popen(
        [str(EXE), "normalize"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    proc.stdin.write(b"Sergey Shoygu\n")
    proc.stdin.flush()
    time.sleep(1.5)  # let it load and block on stdin
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_exe_streams_before_input_ends() -> None:
    proc = subprocess.Popen(
        [str(EXE), "normalize", "--line-buffered"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"Sergey Shoygu\n")
    proc.stdin.flush()
    first = proc.stdout.readline()  # answered while stdin is still open
    assert first == b"Sergei Shoigu\n"
    proc.stdin.close()
    proc.wait(timeout=60)
    assert proc.returncode == 0


def test_exe_long_line(tmp_path: Path) -> None:
    line = ("Sergey Shoygu met Xu Qi-liang. " * 40000).strip()  # ~1.2 MB, one line
    proc = run_exe(["normalize"], line.encode() + b"\n")
    assert proc.returncode == 0
    assert proc.stdout.count(b"Sergei Shoigu") == 40000


def test_normalize_does_not_import_translation_engine() -> None:
    code = (
        "import sys; from polyglot_news.cli import main; "
        "import io; sys.stdin = io.TextIOWrapper(io.BytesIO(b'Sergey Shoygu\\n')); "
        "rc = main(['normalize']); "
        "heavy = ('ctranslate2', 'argostranslate', 'torch', 'sentencepiece'); "
        "bad = [m for m in heavy if m in sys.modules]; "
        "assert not bad, bad; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()


def test_bom_is_restored_in_text_and_recorded_in_jsonl() -> None:
    code, out, _ = invoke(["run", "--no-translate"], b"\xef\xbb\xbfSergey Shoygu\nx\n")
    assert out == b"\xef\xbb\xbfSergei Shoigu\nx\n"
    code, out, _ = invoke(["run", "--no-translate", "--format", "jsonl"], b"\xef\xbb\xbfSergey\n")
    assert json.loads(out)["meta"] == {"source": "<stdin>", "line": 1, "bom": True}


def test_drop_and_batch_size_from_the_command_line(tmp_path: Path) -> None:
    footer = "Subscribe to the Daily Courier newsletter for updates"
    stories = [
        "Heavy rain is expected on Monday across the north of the region, forecasters said.",
        "The town council met on Friday to vote on the new budget for schools and roads.",
        "Ministers signed a trade agreement after two days of talks in the capital city.",
    ]
    data = "".join(f"{s}\n{footer}\n" for s in stories).encode()
    code, out, _ = invoke(
        ["run", "--no-translate", "--drop", "boilerplate", "--batch-size", "6"], data
    )
    assert code == 0
    assert footer.encode() not in out
    for story in stories:
        assert story.encode() in out
    # one record per line still: dropped lines come back empty, never merged or lost
    assert out.count(b"\n") == 6
    code, out, _ = invoke(["run", "--no-translate", "--batch-size", "6"], data)
    assert out == data
