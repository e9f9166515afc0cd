"""docs/glossary.md: every command is documented, and the worked example really runs."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyglot_news.cli import cli
from polyglot_news.glossary_tools.files import shipped_dir

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "glossary.md"
COMMANDS = ["lint", "add", "remove", "set", "find", "test", "export", "import", "suggest", "stats"]
_WITH_DIR = {"add", "set", "remove", "find", "import", "export", "suggest"}


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 4)
    return text[start : end if end > 0 else len(text)]


def _sessions(section: str) -> list[tuple[list[str], list[str]]]:
    """(argv, expected output lines) for each `$ polyglot-news ...` in the console blocks."""
    out: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        command: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ ") or (command and command[-1].endswith("\\")):
                if line.startswith("$ "):
                    command = [line[2:]]
                    out.append(([], []))
                else:
                    command.append(line)
                if not line.endswith("\\"):
                    joined = " ".join(part.rstrip("\\").strip() for part in command)
                    out[-1] = (shlex.split(joined), [])
            else:
                out[-1][1].append(line)
    return out


def _normalize(lines: list[str]) -> list[str]:
    """Numbers that change as the shipped data grows (line numbers, counts) become N."""
    keep = []
    for line in lines:
        if line.startswith(("@@", " ")) and not line.startswith("  "):
            continue  # diff hunk headers and context lines depend on the neighbouring entries
        keep.append(re.sub(r"\d+", "N", line))
    return keep


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`glossary {command}" in text


def test_worked_example_runs_as_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = sorted(shipped_dir().glob("*.yaml"))
    if not shipped:
        pytest.fail("the shipped glossaries/ folder has no *.yaml files")
    folder = tmp_path / "glossaries"
    folder.mkdir()
    for path in shipped:
        shutil.copy(path, folder / path.name)
    monkeypatch.chdir(tmp_path)
    sessions = _sessions(_section("Worked example"))
    assert len(sessions) >= 8
    for argv, expected in sessions:
        assert argv[:2] == ["polyglot-news", "glossary"], argv
        args = argv[2:]
        if args[0] in _WITH_DIR:
            args += ["--dir", "glossaries"]
        elif args[0] in ("lint", "test", "stats"):
            args.append("glossaries")
        result = CliRunner().invoke(cli, ["glossary", *args], catch_exceptions=False)
        assert _normalize(result.output.splitlines()) == _normalize(expected), argv
        assert result.exit_code == (1 if expected and expected[0].startswith("Error:") else 0)
