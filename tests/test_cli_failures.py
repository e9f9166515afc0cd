"""How every command fails on its output: a closed pipe, a full disk (real entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("polyglot-news")

COMMANDS = ["run", "segment", "normalize", "translate", "models", "glossary"]
FULL = "Error: cannot write the output to stdout (/dev/full): No space left on device\n"


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    """One invocation of each of the six commands that writes to stdout."""
    text = tmp_path / "in.txt"
    text.write_text("Sergey Shoygu met Xu Qi-liang. 今天天气很好。\n" * 3000, encoding="utf-8")
    english = tmp_path / "en.txt"  # nothing to translate, so no note about missing models
    english.write_text("Sergey Shoygu met Xu Qi-liang.\n" * 3000, encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir(exist_ok=True)
    return {
        "run": ["run", "--no-translate", str(text)],
        "segment": ["segment", str(text)],
        "normalize": ["normalize", str(text)],
        "translate": ["translate", "--models-dir", str(models), str(english)],
        "models": ["models", "list", "--json", "--models-dir", str(models)],
        "glossary": ["glossary", "export", "--format", "tbx"],
    }


def _run(args: list[str], stdout: int) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [str(EXE), *args], stdout=stdout, stderr=subprocess.PIPE, timeout=120, env=env
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_stdout_on_a_full_disk_is_one_line_naming_the_output(tmp_path: Path, command: str) -> None:
    args = _commands(tmp_path)[command]
    with open("/dev/full", "wb") as full:
        proc = _run(args, full.fileno())
    assert (proc.returncode, proc.stderr.decode()) == (1, FULL)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_closed_pipe_ends_quietly_with_status_0(tmp_path: Path, command: str) -> None:
    args = _commands(tmp_path)[command]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write: every write is EPIPE
    try:
        proc = _run(args, write_end)
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_head_on_a_long_run_exits_0_under_pipefail(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Sergey Shoygu met Xu Qi-liang.\n" * 50000, encoding="utf-8")
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"'{EXE}' run --no-translate '{path}' | head -2"],
        capture_output=True,
        timeout=120,
    )
    assert proc.stdout == b"Sergei Shoigu met Xu Qiliang.\n" * 2
    assert (proc.returncode, proc.stderr) == (0, b"")


# -- missing models and bad languages (issue 20 item 2) ------------------------------------

NOTE_ZH_FR = (
    "Note: zh text is left untranslated: no zh->fr translation model is installed; "
    "install one with `polyglot-news models install FILE.argosmodel`\n"
)


def _run_stdin(args: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([str(EXE), *args], input=data, capture_output=True, timeout=120, env=env)


def test_text_mode_notes_each_missing_pair_once_per_run(tmp_path: Path) -> None:
    data = "今天天气很好。\n今天。\nШойгу встретил Лаврова.\n明天。\n".encode()
    proc = _run_stdin(["run", "--to", "fr", "--models-dir", str(tmp_path)], data)
    assert (proc.returncode, proc.stdout) == (0, data)  # nothing lost
    note_ru = NOTE_ZH_FR.replace("zh", "ru")
    assert proc.stderr.decode() == NOTE_ZH_FR + note_ru
    translate = _run_stdin(["translate", "--to", "fr", "--models-dir", str(tmp_path)], data)
    assert translate.stderr.decode() == NOTE_ZH_FR + note_ru
    jsonl = _run_stdin(
        ["run", "--to", "fr", "--format", "jsonl", "--models-dir", str(tmp_path)], data
    )
    assert jsonl.returncode == 0 and jsonl.stderr == b""  # each record holds the reason
    assert b'"reason": "no-model: zh->fr"' in jsonl.stdout


def test_a_target_that_is_not_a_language_code_is_bad_usage() -> None:
    for command in ("run", "translate"):
        proc = _run_stdin([command, "--to", "xx"], "今天天气很好。\n".encode())
        assert (proc.returncode, proc.stdout) == (2, b"")
        assert proc.stderr.decode().endswith(
            "Error: Invalid value for '--to': target 'xx' is not a language code; give a "
            "two-letter ISO 639-1 code such as 'en', 'fr', 'ru' or 'zh'\n"
        )


def test_the_library_refuses_a_bad_target_in_its_own_words() -> None:
    from polyglot_news import Pipeline
    from polyglot_news.errors import UsageError

    with pytest.raises(UsageError) as err:
        Pipeline(target="xx")
    assert err.value.argument == "target" and "--" not in str(err.value)
    assert Pipeline(target="zt").target == "zt"  # Argos's traditional Chinese


# -- one table of exit statuses (issue 15) -------------------------------------------------


def test_library_exceptions_carry_no_exit_status_the_cli_maps_them() -> None:
    import polyglot_news.errors as pe
    from polyglot_news.cli.errors import exit_status

    errors = [
        pe.PolyglotNewsError("x"),
        pe.InputError("x", source="f", line=1),
        pe.GlossaryError("x"),
        pe.ModelError("x"),
        pe.MissingModelError("zh", "fr"),
        pe.UsageError("x"),
    ]
    assert not any(hasattr(e, "exit_code") for e in errors)
    assert [exit_status(e) for e in errors] == [1, 1, 1, 1, 1, 2]
    assert "polyglot-news" not in str(pe.MissingModelError("zh", "fr"))
