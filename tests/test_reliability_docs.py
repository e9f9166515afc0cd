"""docs/guarantees.md points each guarantee at a test: every test it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DOC = TESTS.parent / "docs" / "guarantees.md"
# `test_x.py::name` or `::name` (same file as the last one named)
REFERENCE = re.compile(r"`(test_\w+\.py)?(?:::)?((?:test|check|assert)_\w+)`")


def references() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    current: str | None = None
    for match in REFERENCE.finditer(DOC.read_text(encoding="utf-8")):
        current = match.group(1) or current
        assert current is not None, f"{match.group(0)} names no file before it"
        found.append((current, match.group(2)))
    return found


def test_every_referenced_test_exists() -> None:
    refs = references()
    assert len(refs) > 40
    missing = [
        f"{file}::{name}"
        for file, name in refs
        if f"def {name}(" not in (TESTS / file).read_text(encoding="utf-8")
    ]
    assert not missing, missing


def test_every_reliability_file_is_referenced() -> None:
    named = {file for file, _ in references()}
    files = {p.name for p in TESTS.glob("test_reliability_*.py")} - {Path(__file__).name}
    assert files <= named, sorted(files - named)


def test_fuzz_commands_are_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for target in sorted((TESTS / "fuzz").glob("fuzz_*.py")):
        assert f"tests/fuzz/{target.name}" in doc, target.name
