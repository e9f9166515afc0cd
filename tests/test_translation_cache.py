"""The persistent translation cache: a full disk degrades it to memory, never stops a run."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from polyglot_news.cli import main
from polyglot_news.cli.errors import describe
from polyglot_news.errors import ModelError
from polyglot_news.translation import cache as cache_module
from polyglot_news.translation.cache import TranslationCache

WARNING = "the translation cache cannot be used (database or disk is full); translation goes on"


def _disk_of(pages: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cache file opened from now on holds at most ``pages`` pages: SQLite's own
    "database or disk is full" (SQLITE_FULL), as on a full disk."""
    real_connect = sqlite3.connect

    def small_disk(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = real_connect(*args, **kwargs)
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(cache_module.sqlite3, "connect", small_disk)


def test_a_full_disk_mid_run_leaves_the_cache_in_memory_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _disk_of(3, monkeypatch)
    cache = TranslationCache(100, tmp_path / "cache.db")
    with caplog.at_level(logging.WARNING, logger="polyglot_news"):
        for i in range(40):
            cache.put_many("pkg", {f"sentence {i} " * 20: f"translation {i} " * 20})
            assert cache.get_many("pkg", [f"sentence {i} " * 20])  # still answers
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and WARNING in warnings[0]
    assert len(cache) == 40
    cache.close()


def test_a_full_disk_at_open_gives_a_memory_cache_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _disk_of(1, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="polyglot_news"):
        cache = TranslationCache(10, tmp_path / "cache.db")
    assert [WARNING in r.getMessage() for r in caplog.records] == [True]
    cache.put_many("pkg", {"a": "b"})
    assert cache.get_many("pkg", ["a"]) == {"a": "b"}


def test_a_cache_path_that_cannot_be_a_database_is_an_error_in_library_words(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(ModelError) as err:
        TranslationCache(10, folder)
    message = str(err.value)
    assert message.startswith(f"{folder}: cannot open the translation cache")
    assert message.endswith("fix: delete it or choose another cache file")
    assert "--" not in message and err.value.argument == "cache_path"
    assert describe(err.value) == message + " (option --cache)"  # the CLI names its option


def test_translate_with_cache_on_a_full_disk_goes_on_with_one_warning(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fixture_models_dir: Path,
) -> None:
    from polyglot_news.translation.fixture import SENTENCES

    lines = [zh for zh, _, _ in SENTENCES] * 30
    source = tmp_path / "in.txt"
    source.write_text("\n".join(f"{i} {line}" for i, line in enumerate(lines)) + "\n", "utf-8")
    _disk_of(3, monkeypatch)
    code = main(
        [
            "translate",
            "--models-dir",
            str(fixture_models_dir),
            "--cache",
            str(tmp_path / "cache.db"),
            str(source),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert out.count("\n") == len(lines) and "访问" not in out  # all translated
    assert err.count("\n") == 1 and err.startswith("Warning: ") and WARNING in err
