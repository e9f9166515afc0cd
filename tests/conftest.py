"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import shutil
from collections.abc import Callable
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


# --- translation fixtures: tiny real Argos packages, built offline once per session ---------

FIXTURE_PAIRS = (("zh", "en"), ("ru", "en"), ("en", "zh"))


@pytest.fixture(scope="session")
def fixture_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{"zh_en": Path(...argosmodel), "ru_en": ..., "en_zh": ...}``, built once per session."""
    from polyglot_news.translation.fixture import build_fixture_package

    out = tmp_path_factory.mktemp("argosmodels")
    return {f"{s}_{t}": build_fixture_package(out, s, t) for s, t in FIXTURE_PAIRS}


@pytest.fixture(scope="session")
def fixture_package_path(fixture_packages: dict[str, Path]) -> Callable[[str], Path]:
    """``fixture_package_path("zh_en")`` -> the built ``.argosmodel`` file for that pair."""
    return fixture_packages.__getitem__


@pytest.fixture(scope="session")
def fixture_models_dir(
    tmp_path_factory: pytest.TempPathFactory, fixture_packages: dict[str, Path]
) -> Path:
    """A models directory with the zh->en and ru->en fixture packages installed (read-only use)."""
    from polyglot_news.translation.store import install_package

    models = tmp_path_factory.mktemp("models")
    for pair in ("zh_en", "ru_en"):
        install_package(fixture_packages[pair], models)
    return models


@pytest.fixture
def gdir(tmp_path: Path) -> Path:
    """A copy of the editor tools' test glossary folder (tests/cases/glossary_tools)."""
    target = tmp_path / "glossaries"
    shutil.copytree(Path(__file__).parent / "cases" / "glossary_tools" / "glossaries", target)
    return target
