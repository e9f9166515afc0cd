"""Sentence translation cache: an in-memory LRU, optionally backed by a SQLite file.

Keys are ``(package key, source sentence)``; the package key names the package
and the decoding options, so a changed model or beam size never reuses stale
output. The SQLite file runs in WAL mode so several processes can share it.

The file is an optimisation, never a reason to stop: when the disk is full (at open
or mid-run), the cache logs one warning on the ``polyglot_news`` logger and goes on
in memory only, so translation goes on too.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from polyglot_news.errors import ModelError

__all__ = ["TranslationCache"]

_log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    package TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (package, source)
) WITHOUT ROWID
"""


class TranslationCache:
    """An LRU of ``(package, sentence) -> translation`` with an optional SQLite file."""

    def __init__(self, size: int = 10000, path: str | os.PathLike[str] | None = None):
        self.size = max(0, size)
        self.path = Path(path) if path is not None else None
        self._memory: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        if self.path is not None:
            self._db = self._open(self.path)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            opened = db
            _with_retry(lambda: opened.execute("PRAGMA journal_mode=WAL"))
            db.execute("PRAGMA synchronous=NORMAL")
            _with_retry(lambda: opened.execute(_SCHEMA))
            _with_retry(db.commit)
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                db.close()
            if _disk_full(exc):
                self._warn(exc)
                return None
            raise ModelError(
                f"{path}: cannot open the translation cache ({exc}); fix: delete it or "
                "choose another cache file",
                argument="cache_path",
            ) from None
        return db

    def _warn(self, exc: BaseException) -> None:
        _log.warning(
            "%s: the translation cache cannot be used (%s); translation goes on without it",
            self.path,
            exc,
        )

    def _drop_file(self, exc: sqlite3.Error) -> None:
        """Go on in memory only after the file failed (caller holds the lock)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
            self._warn(exc)

    def get_many(self, package: str, sentences: Iterable[str]) -> dict[str, str]:
        """The cached translations of those ``sentences`` that are cached."""
        found: dict[str, str] = {}
        missing: list[str] = []
        unique = list(dict.fromkeys(sentences))
        with self._lock:
            for sentence in unique:
                key = (package, sentence)
                if key in self._memory:
                    self._memory.move_to_end(key)
                    found[sentence] = self._memory[key]
                else:
                    missing.append(sentence)
            if self._db is not None and missing:
                try:
                    rows = self._select(package, missing)
                except sqlite3.Error as exc:
                    self._drop_file(exc)
                    rows = []
                for sentence, target in rows:
                    found[sentence] = target
                    self._remember((package, sentence), target)
            self.hits += len(found)
            self.misses += len(unique) - len(found)
        return found

    def _select(self, package: str, sentences: list[str]) -> list[tuple[str, str]]:
        assert self._db is not None
        rows: list[tuple[str, str]] = []
        for i in range(0, len(sentences), 500):
            chunk = sentences[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows.extend(
                self._db.execute(
                    "SELECT source, target FROM translations"
                    f" WHERE package = ? AND source IN ({marks})",
                    [package, *chunk],
                ).fetchall()
            )
        return rows

    def _remember(self, key: tuple[str, str], value: str) -> None:
        if self.size == 0:
            return
        self._memory[key] = value
        self._memory.move_to_end(key)
        while len(self._memory) > self.size:
            self._memory.popitem(last=False)

    def put_many(self, package: str, translations: Mapping[str, str]) -> None:
        """Store translations of sentences made with ``package``."""
        with self._lock:
            for sentence, target in translations.items():
                self._remember((package, sentence), target)
            if self._db is not None and translations:
                try:
                    with self._db:
                        self._db.executemany(
                            "INSERT OR REPLACE INTO translations (package, source, target)"
                            " VALUES (?, ?, ?)",
                            [(package, s, t) for s, t in translations.items()],
                        )
                except sqlite3.Error as exc:
                    self._drop_file(exc)

    def __len__(self) -> int:
        return len(self._memory)

    def close(self) -> None:
        """Close the SQLite file, if any."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_FULL


def _with_retry(step: Callable[[], object], seconds: float = 30.0) -> None:
    """Run a setup statement, retrying while another process holds the lock.

    Switching a new database to WAL needs an exclusive lock, and SQLite can answer
    "database is locked" at once there, without waiting for its busy timeout, when
    several processes open the same new cache file together.
    """
    deadline = time.monotonic() + seconds
    delay = 0.01
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
