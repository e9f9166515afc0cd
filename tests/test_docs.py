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
