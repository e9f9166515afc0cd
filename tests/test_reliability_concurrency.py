"""Reliability: several workers, several processes, and processes that die.

* ``process_parallel(workers=2)`` gives exactly the documents one worker gives, in order,
  with real (fixture) translation models loaded in each worker;
* two processes installing packages into one store at the same time leave a store
  where every package is whole and readable;
* the persistent translation cache (SQLite, WAL) survives ``kill -9`` of a process
  writing to it: the file passes ``PRAGMA integrity_check``, every entry is one that
  was written whole, batches are all-or-nothing, and the cache opens and serves again.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import sigkill_when

from polyglot_news.translation.cache import TranslationCache
from polyglot_news.translation.fixture import SENTENCES
from polyglot_news.translation.store import list_packages

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "shared" / "samples"

OWN_LINES = [
    "Sergey Shoygu met Gen. Li Zuo-cheng in the capital.",
    "Министр обороны Сергей Шойгу прибыл с визитом.",
    "紹伊古会见了李尚福。",
    "Subscribe to our newsletter! Click here to read more.",
    "",
    "   ",
    "\x00\u2028👍🏽 e\u0301",
    "The committee met on Tuesday and agreed on a budget.",
]


def corpus() -> list[tuple[str, dict[str, Any]]]:
    """~150 deterministic items: own lines, fixture-translatable sentences, sample lines."""
    rnd = random.Random(5)
    pool = list(OWN_LINES)
    for zh, _en, ru in SENTENCES:
        pool += [zh, ru, f"{zh} {ru}", f"He said: {zh}"]
    if SAMPLES_DIR.is_dir():
        for path in sorted(SAMPLES_DIR.glob("*.txt")):
            pool += path.read_text(encoding="utf-8").splitlines()[:30]
    return [(rnd.choice(pool), {"n": i}) for i in range(150)]


PARALLEL_RUN = """
import json, sys
from polyglot_news.parallel import process_parallel
items = json.load(open(sys.argv[1]))
options = json.loads(sys.argv[2])
out = {}
for workers in map(int, sys.argv[3].split(",")):
    docs = process_parallel(
        [(text, meta) for text, meta in items], workers=workers, batch_size=7,
        pipeline_options=options,
    )
    out[str(workers)] = [d.to_dict() for d in docs]
json.dump(out, open(sys.argv[4], "w"))
"""


def run_isolated(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -c ...`` in its own process group; on timeout kill the whole group.

    A fresh interpreter, because a pool forked from a process that already ran the
    translator (as the pytest process may have) is what one test below checks; the
    group kill reaps pool workers that would otherwise be left hanging.
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"timed out after {timeout:.0f} s: {args[-1]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def parallel_outputs(
    tmp_path: Path, options: dict[str, Any], order: str, timeout: float = 300
) -> dict[str, list[dict[str, Any]]]:
    """Documents of :func:`corpus` for each worker count in ``order`` (``"2,1"``)."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps(corpus()), encoding="utf-8")
    out = tmp_path / "out.json"
    args = [PARALLEL_RUN, str(items), json.dumps(options), order, str(out)]
    proc = run_isolated(args, timeout)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    result: dict[str, list[dict[str, Any]]] = json.loads(out.read_text(encoding="utf-8"))
    return result


def test_two_workers_give_the_same_documents_as_one(
    tmp_path: Path, fixture_models_dir: Path
) -> None:
    options = {"target": "en", "translator_options": {"models_dir": str(fixture_models_dir)}}
    docs = parallel_outputs(tmp_path, options, "2,1")
    one, two = docs["1"], docs["2"]
    assert len(one) == len(two) == len(corpus())
    assert [d["meta"]["n"] for d in two] == list(range(len(two)))
    assert any(seg["method"] == "model" for d in one for seg in d["segments"])
    for a, b in zip(one, two, strict=True):
        assert a == b


def test_two_workers_without_translation_and_with_drops(tmp_path: Path) -> None:
    options = {"translate": False, "drop": ["boilerplate", "spam"]}
    docs = parallel_outputs(tmp_path, options, "2,1")
    assert docs["1"] == docs["2"]


def test_workers_after_the_caller_translated_do_not_hang(
    tmp_path: Path, fixture_models_dir: Path
) -> None:
    """A process that has used the translator, then asks for two workers (a service,
    a notebook, a test run): same documents, and no hang of the forked pool."""
    options = {"target": "en", "translator_options": {"models_dir": str(fixture_models_dir)}}
    docs = parallel_outputs(tmp_path, options, "1,2", timeout=30)
    assert docs["1"] == docs["2"]


# -- two processes installing at once ------------------------------------------------------------

INSTALL_LOOP = """
import sys
from polyglot_news.translation.store import install_package
models, rounds, *packages = sys.argv[1:]
for _ in range(int(rounds)):
    for package in packages:
        install_package(package, models)
"""


def zip_digests(package: Path) -> tuple[str, dict[str, str]]:
    """The package folder name and a digest of every file in the ``.argosmodel``."""
    with zipfile.ZipFile(package) as zf:
        files = {
            info.filename.split("/", 1)[1]: hashlib.sha256(zf.read(info)).hexdigest()
            for info in zf.infolist()
            if not info.is_dir()
        }
        top = zf.infolist()[0].filename.split("/", 1)[0]
    return top, files


def tree_digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_two_processes_installing_at_once_do_not_corrupt_the_store(
    tmp_path: Path, fixture_package_path: Callable[[str], Path]
) -> None:
    models = tmp_path / "models"
    packages = [fixture_package_path(pair) for pair in ("zh_en", "ru_en", "en_zh")]
    orders = [packages, packages[::-1]]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", INSTALL_LOOP, str(models), "4", *map(str, order)],
            stderr=subprocess.PIPE,
        )
        for order in orders
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()[-2000:]
    installed = list_packages(models)
    assert sorted(p.code for p in installed) == ["en_zh", "ru_en", "zh_en"]
    visible = sorted(p.name for p in models.iterdir() if not p.name.startswith("."))
    assert visible == sorted(p.name for p in installed)
    for package in packages:
        top, files = zip_digests(package)
        assert tree_digests(models / top) == files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".models-install-")]


# -- the SQLite cache and kill -9 ------------------------------------------------------------------

CACHE_WRITER = """
import sys
from pathlib import Path
from polyglot_news.translation.cache import TranslationCache
path, marker, start = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
cache = TranslationCache(size=10, path=path)
batch = start
while True:
    rows = {f"b{batch}-s{i}-" + "x" * (i * 37 % 500): f"b{batch}-t{i}" for i in range(50)}
    cache.put_many("pkg", rows)
    batch += 1
    if batch - start == 20:
        marker.write_text("written")
"""


def check_cache_file(path: Path) -> dict[int, int]:
    """Integrity check, every row well-formed; returns rows per batch."""
    db = sqlite3.connect(str(path))
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = db.execute("SELECT package, source, target FROM translations").fetchall()
    finally:
        db.close()
    per_batch: dict[int, int] = {}
    for package, source, target in rows:
        assert package == "pkg"
        batch, index = source.split("-")[:2]
        assert target == f"{batch}-t{index[1:]}"
        assert source == f"{batch}-{index}-" + "x" * (int(index[1:]) * 37 % 500)
        number = int(batch[1:])
        per_batch[number] = per_batch.get(number, 0) + 1
    return per_batch


def test_the_translation_cache_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    start = 0
    for round_ in range(3):
        marker = tmp_path / f"written-{round_}"
        proc = subprocess.Popen(
            [sys.executable, "-c", CACHE_WRITER, str(path), str(marker), str(start)],
            stderr=subprocess.PIPE,
        )
        sigkill_when(
            proc,
            marker,
            gone=lambda err=proc.stderr: err.read().decode()[-2000:],  # type: ignore[union-attr]
            slow="the writer never got going",
            delay=random.Random(round_).uniform(0.0, 0.3),  # land mid-transaction
            step=0.02,
        )
        per_batch = check_cache_file(path)
        assert per_batch, "nothing was committed"
        assert set(per_batch.values()) == {50}, "a batch was committed in part"
        start = max(per_batch) + 1000
    cache = TranslationCache(size=0, path=path)
    try:
        found = cache.get_many("pkg", ["b0-s1-" + "x" * 37, "b0-s2-" + "x" * 74, "missing"])
        assert found == {"b0-s1-" + "x" * 37: "b0-t1", "b0-s2-" + "x" * 74: "b0-t2"}
        cache.put_many("pkg", {"after": "the kills"})
        assert cache.get_many("pkg", ["after"]) == {"after": "the kills"}
    finally:
        cache.close()


SHARED_WRITER = """
import sys, time
from polyglot_news.translation.cache import TranslationCache
path, first, go = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
time.sleep(max(0.0, go - time.time()))  # all writers open the new file at the same moment
cache = TranslationCache(size=0, path=path)
for b in range(first, first + 5):
    cache.put_many("pkg", {f"b{b}-s{i}-" + "x" * (i * 37 % 500): f"b{b}-t{i}" for i in range(50)})
cache.close()
"""


def test_processes_share_one_cache_file(tmp_path: Path) -> None:
    """Six writers open one new cache file at the same moment (WAL), five times over:
    every writer opens it, finishes, and every row of every writer is there."""
    starts = (0, 100, 200, 300, 400, 500)
    errors: list[str] = []
    for round_ in range(5):
        path = tmp_path / f"shared-{round_}.sqlite"
        go = time.time() + 2.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", SHARED_WRITER, str(path), str(start), str(go)],
                stderr=subprocess.PIPE,
            )
            for start in starts
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                errors.append(err.decode().strip().splitlines()[-1])
        if not errors:
            per_batch = check_cache_file(path)
            assert per_batch == {b: 50 for start in starts for b in range(start, start + 5)}
    assert not errors, errors
