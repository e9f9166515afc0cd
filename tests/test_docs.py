"""Docs that show output must show what the code really prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

from polyglot_news import Document, Pipeline


def _json_blocks(path: Path) -> list[str]:
    return re.findall(r"```json\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_output_schema_example_is_real_output(repo_root: Path) -> None:
    example = json.loads(_json_blocks(repo_root / "docs" / "output-schema.md")[0])
    doc = Pipeline().process(example["original"], {"source": "<stdin>", "line": 1})
    assert doc.to_dict() == example
    assert Document.from_dict(example) == doc


def test_output_schema_documents_every_field(repo_root: Path) -> None:
    text = (repo_root / "docs" / "output-schema.md").read_text(encoding="utf-8")
    record = Pipeline(translate=False).process("Shoygu 说 hello").to_dict()
    fields = set(record) | set(record["segments"][0]) | {"start", "end", "original"}
    for name in sorted(fields):
        assert f"`{name}`" in text, f"docs/output-schema.md does not describe `{name}`"


def test_output_schema_names_the_rules_and_statuses_the_code_writes(repo_root: Path) -> None:
    from polyglot_news.glossary.model import RULES, STATUSES

    text = (repo_root / "docs" / "output-schema.md").read_text(encoding="utf-8")
    for name in (*RULES, *STATUSES):
        assert f"`{name}`" in text, f"docs/output-schema.md does not name `{name}`"
    assert "`t2s`" not in text  # the JSON says traditional->simplified


def test_top_level_help_has_no_rst_markup() -> None:
    from click.testing import CliRunner

    from polyglot_news.cli import cli

    assert "``" not in CliRunner().invoke(cli, ["--help"]).output


def test_readme_installs_extras_from_the_clone(repo_root: Path) -> None:
    for doc in ("README.md", "docs/scale-out.md"):
        text = (repo_root / doc).read_text(encoding="utf-8")
        assert "pip install 'polyglot-news[" not in text  # not published: no such package
