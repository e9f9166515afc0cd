"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """``../shared/samples`` (real articles, present in CI); skips the test where it is absent."""
    if not SAMPLES_DIR.is_dir() or not any(SAMPLES_DIR.glob("*.txt")):
        pytest.skip("../shared/samples is not present in this checkout")
    return SAMPLES_DIR
