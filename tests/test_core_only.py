"""A core-only install (no ``[translate]`` extra) with an Argos package present.

The missing modules are simulated in a subprocess: a ``sitecustomize`` puts a
finder first on ``sys.meta_path`` that refuses ``argostranslate`` (and, for a
bare core install, ``ctranslate2`` and ``sentencepiece``), as if they were not
installed. ``run``, ``models list`` and ``models install`` must not print a
traceback: one line saying what to install and exit 1, except ``run``, which
goes on without translation and says why in the record's notes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BLOCKER = """
import os, sys
BLOCKED = set(filter(None, os.environ.get("POLYGLOT_TEST_BLOCK", "").split(",")))

class _Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _Blocker())
"""

ENTRY = (
    "import sys; from polyglot_news.cli import entry_point; "
    "sys.argv[0] = 'polyglot-news'; entry_point()"
)
ALL_EXTRA = "argostranslate,ctranslate2,sentencepiece"


@pytest.fixture(scope="module")
def argos_dir(
    tmp_path_factory: pytest.TempPathFactory, fixture_package_path: Callable[[str], Path]
) -> Path:
    from polyglot_news.translation.store import install_package

    models = tmp_path_factory.mktemp("argos-packages")
    install_package(fixture_package_path("zh_en"), models)
    return models


def cli(
    tmp_path: Path, models: Path, block: str, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in ("POLYGLOT_NEWS_MODELS_DIR", "PYTHONPATH")
    }
    env.update(
        PYTHONPATH=str(site),
        POLYGLOT_TEST_BLOCK=block,
        ARGOS_PACKAGES_DIR=str(models),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_blocker_really_blocks(tmp_path: Path, argos_dir: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", "import argostranslate.package"],
        env={**os.environ, "PYTHONPATH": str(site), "POLYGLOT_TEST_BLOCK": "argostranslate"},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "ModuleNotFoundError" in proc.stderr


@pytest.mark.parametrize("block", ["argostranslate", ALL_EXTRA])
def test_models_list_says_what_to_install(tmp_path: Path, argos_dir: Path, block: str) -> None:
    proc = cli(tmp_path, argos_dir, block, "models", "list")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("Error: ")
    assert "argostranslate is not installed" in proc.stderr
    assert "pip install 'polyglot-news[translate]'" in proc.stderr


@pytest.mark.parametrize("block", ["argostranslate", ALL_EXTRA])
def test_models_install_says_what_to_install(
    tmp_path: Path, argos_dir: Path, block: str, fixture_package_path: Callable[[str], Path]
) -> None:
    models = tmp_path / "fresh"
    proc = cli(tmp_path, models, block, "models", "install", str(fixture_package_path("ru_en")))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "pip install 'polyglot-news[translate]'" in proc.stderr
    assert not models.exists() or not any(models.iterdir())


@pytest.mark.parametrize(
    "block, why",
    [
        ("argostranslate", "argostranslate is not installed"),
        (ALL_EXTRA, "ctranslate2, sentencepiece are not installed"),
    ],
)
def test_run_goes_on_without_translation_and_says_why(
    tmp_path: Path, argos_dir: Path, block: str, why: str
) -> None:
    text = "今天天气很好。"
    proc = cli(tmp_path, argos_dir, block, "run", stdin=text + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == text + "\n"
    proc = cli(tmp_path, argos_dir, block, "run", "--format", "jsonl", stdin=text + "\n")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["segments"][0]["translation"] is None
    assert any(why in note and "polyglot-news[translate]" in note for note in record["notes"])
