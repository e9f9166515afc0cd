"""Reliability: hostile and broken model packages, and interrupted installs.

Every hostile ``.argosmodel`` (zip-slip, absolute path, symbolic link, zip bomb,
truncated or corrupted zip, metadata that lies about its languages) is refused with
one :class:`ModelError` line naming the file, and the store is left exactly as it
was: same files, no staging folder left behind, nothing written outside it. An
install that dies half way (an error mid-copy, or ``kill -9``) leaves no
half-installed package and does not harm the package it was replacing.

What counts as a metadata lie that can be caught cheaply (no model is loaded):
the folder name names another pair than ``from_code``/``to_code``; a code that is
not a language code (ISO 639-1/-2 style: two or three lower-case ASCII letters);
the same language on both sides. The vocabulary is not inspected: that needs the
SentencePiece model loaded, and real vocabularies share many pieces across scripts.
"""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import make_zip, sigkill_when

from polyglot_news.errors import ModelError
from polyglot_news.translation import store
from polyglot_news.translation.store import install_package, list_packages, validate_package_zip

META = {"type": "translate", "from_code": "zh", "to_code": "en", "package_version": "1.0"}
TOP = "translate-zh_en-1_0"


def entries_for(top: str = TOP, meta: Any = None) -> dict[str, bytes | None]:
    """A minimal valid translate package (fake weights: validation does not load them)."""
    return {
        f"{top}/": None,
        f"{top}/metadata.json": json.dumps(META if meta is None else meta).encode(),
        f"{top}/model/": None,
        f"{top}/model/model.bin": b"weights",
        f"{top}/sentencepiece.model": b"sp",
    }


def snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` (but ``skip``): files with size and mtime, folders as (0, 0).

    A folder's own mtime is left out: a staging folder created and removed next
    to the store changes it without writing anything.
    """
    out: dict[str, tuple[int, int]] = {}
    for path in sorted(root.rglob("*")):
        if path == skip or skip in path.parents:
            continue
        st = path.lstat()
        out[str(path.relative_to(root))] = (
            (0, 0) if stat.S_ISDIR(st.st_mode) else (st.st_size, st.st_mtime_ns)
        )
    return out


@pytest.fixture()
def world(tmp_path: Path, fixture_package_path: Callable[[str], Path]) -> dict[str, Path]:
    """``src`` (packages to install), and ``models`` holding a real installed zh->en package."""
    src = tmp_path / "src"
    src.mkdir()
    models = tmp_path / "store" / "models"
    install_package(fixture_package_path("zh_en"), models)
    return {"root": tmp_path, "src": src, "models": models}


def assert_refused_and_nothing_written(path: Path, world: dict[str, Path], message: str) -> None:
    """Validation and install both refuse ``path``; the whole tree outside ``src`` is unchanged."""
    before = snapshot(world["root"], world["src"])
    installed = [p.name for p in list_packages(world["models"])]
    with pytest.raises(ModelError) as info:
        validate_package_zip(path)
    assert message in str(info.value)
    with pytest.raises(ModelError) as info:
        install_package(path, world["models"])
    text = str(info.value)
    assert text.startswith(str(path)) and "\n" not in text
    assert message in text
    assert snapshot(world["root"], world["src"]) == before
    assert [p.name for p in list_packages(world["models"])] == installed


# -- paths that escape, links, special files -----------------------------------------------------

ESCAPES = {
    "dotdot": (f"{TOP}/../../evil.txt", "escapes the package folder"),
    "dotdot-top": ("../evil.txt", "escapes the package folder"),
    "deep-dotdot": (f"{TOP}/model/../../../../../../tmp/evil.txt", "escapes the package folder"),
    "absolute": ("/tmp/polyglot-news-evil.txt", "absolute path"),
    "windows-drive": ("C:/evil.txt", "absolute path"),
    "backslash": (f"{TOP}\\..\\..\\evil.txt", "backslash"),
}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_escaping_paths_are_refused(case: str, world: dict[str, Path]) -> None:
    name, message = ESCAPES[case]
    path = make_zip(world["src"] / f"{case}.argosmodel", {**entries_for(), name: b"owned"})
    assert_refused_and_nothing_written(path, world, message)
    assert not Path("/tmp/polyglot-news-evil.txt").exists()


def test_symlinks_are_refused(world: dict[str, Path]) -> None:
    for target in ("/etc/passwd", "../../..", "model.bin"):
        entries = {**entries_for(), f"{TOP}/model/link": target.encode()}
        path = make_zip(world["src"] / "link.argosmodel", entries, symlinks=(f"{TOP}/model/link",))
        assert_refused_and_nothing_written(path, world, "symbolic link")


def test_a_symlinked_folder_then_a_file_through_it_is_refused(world: dict[str, Path]) -> None:
    """The classic two-step zip-slip: a link to outside, then a file 'inside' the link."""
    entries = {**entries_for(), f"{TOP}/out": b"/tmp", f"{TOP}/out/evil.txt": b"owned"}
    path = make_zip(world["src"] / "two-step.argosmodel", entries, symlinks=(f"{TOP}/out",))
    assert_refused_and_nothing_written(path, world, "symbolic link")


@pytest.mark.parametrize("kind", [stat.S_IFIFO, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFSOCK])
def test_special_files_are_refused(kind: int, world: dict[str, Path]) -> None:
    name = f"{TOP}/model/special"
    path = make_zip(
        world["src"] / "special.argosmodel",
        {**entries_for(), name: b""},
        modes={name: kind | 0o644},
    )
    assert_refused_and_nothing_written(path, world, "not a regular file")


# -- zip bombs ------------------------------------------------------------------------------------


def test_high_ratio_entry_is_refused(world: dict[str, Path]) -> None:
    entries = {**entries_for(), f"{TOP}/model/model.bin": bytes(40 * 1024**2)}
    path = make_zip(world["src"] / "bomb.argosmodel", entries)
    assert path.stat().st_size < 1024**2
    assert_refused_and_nothing_written(path, world, "zip bomb")


def test_total_size_cap(world: dict[str, Path]) -> None:
    path = make_zip(world["src"] / "big.argosmodel", entries_for())
    before = snapshot(world["root"], world["src"])
    with pytest.raises(ModelError, match="unpacks to more than 10 bytes"):
        install_package(path, world["models"], max_uncompressed=10)
    assert snapshot(world["root"], world["src"]) == before


def lie_about_size(path: Path, name: str, declared: int) -> None:
    """Patch the central directory and local header: ``name`` claims ``declared`` bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    # local header: uncompressed size at offset 22
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    # central directory record: find it by the file name after the 46-byte fixed part
    encoded = name.encode()
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(encoded))
    assert data[at + 46 : at + 46 + len(encoded)] == encoded
    struct.pack_into("<I", data, at + 24, declared)
    path.write_bytes(bytes(data))


def test_an_entry_that_lies_about_its_size_is_refused(world: dict[str, Path]) -> None:
    """Declared 100 bytes, inflates to 8 MiB: caught while copying; the store is untouched."""
    entries = {**entries_for(), f"{TOP}/model/model.bin": bytes(8 * 1024**2)}
    path = make_zip(world["src"] / "liar.argosmodel", entries)
    lie_about_size(path, f"{TOP}/model/model.bin", 100)
    before = snapshot(world["root"], world["src"])
    with pytest.raises(ModelError) as info:
        install_package(path, world["models"])
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)
    assert snapshot(world["root"], world["src"]) == before


# -- truncated and corrupted archives -------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.999, -1, -22, -23])
def test_truncated_zips_are_refused(
    keep: float, world: dict[str, Path], fixture_package_path: Callable[[str], Path]
) -> None:
    data = fixture_package_path("ru_en").read_bytes()
    size = int(len(data) * keep) if keep > 0 else len(data) + int(keep)
    path = world["src"] / "cut.argosmodel"
    path.write_bytes(data[:size])
    assert_refused_and_nothing_written(path, world, "")


def test_corrupted_data_is_refused(
    world: dict[str, Path], fixture_package_path: Callable[[str], Path]
) -> None:
    """Central directory intact, one member's compressed bytes flipped: bad CRC or inflate."""
    source = fixture_package_path("ru_en")
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        biggest = max(zf.infolist(), key=lambda i: i.compress_size)
    start = biggest.header_offset + 30 + len(biggest.filename.encode()) + 64
    for i in range(start, start + 256):
        data[i] ^= 0xFF
    path = world["src"] / "flipped.argosmodel"
    path.write_bytes(bytes(data))
    before = snapshot(world["root"], world["src"])
    with pytest.raises(ModelError) as info:
        install_package(path, world["models"])
    assert str(info.value).startswith(str(path))
    assert snapshot(world["root"], world["src"]) == before


def test_not_a_zip_and_empty_files_are_refused(world: dict[str, Path]) -> None:
    broken = {"empty": b"", "text": b"hello\n", "pk": b"PK\x03\x04" + bytes(40)}
    for name, content in broken.items():
        path = world["src"] / f"{name}.argosmodel"
        path.write_bytes(content)
        assert_refused_and_nothing_written(path, world, "")


# -- metadata that lies ---------------------------------------------------------------------------

LIES = {
    "folder-names-other-pair": (
        "translate-ru_en-1_0",
        {**META, "from_code": "zh", "to_code": "en"},
        "names ru->en",
    ),
    "folder-reversed-pair": ("translate-en_zh-1_0", META, "names en->zh"),
    "word-not-code": ("mypackage", {**META, "from_code": "chinese"}, "chinese"),
    "path-in-code": ("mypackage", {**META, "from_code": "../zh"}, "../zh"),
    "space-in-code": ("mypackage", {**META, "to_code": "e n"}, "e n"),
    "nul-in-code": ("mypackage", {**META, "to_code": "en\x00"}, "en"),
    "upper-case-code": ("mypackage", {**META, "from_code": "ZH"}, "ZH"),
    "same-both-sides": ("mypackage", {**META, "from_code": "en", "to_code": "en"}, "en"),
    "code-not-text": ("mypackage", {**META, "from_code": 7}, "from_code"),
    "metadata-not-object": ("mypackage", ["zh", "en"], "not a JSON object"),
}


@pytest.mark.parametrize("case", sorted(LIES))
def test_metadata_that_lies_about_languages_is_refused(case: str, world: dict[str, Path]) -> None:
    top, meta, message = LIES[case]
    path = make_zip(world["src"] / f"{case}.argosmodel", entries_for(top, meta))
    assert_refused_and_nothing_written(path, world, message)


def test_an_honest_package_with_a_plain_folder_name_is_accepted(world: dict[str, Path]) -> None:
    """Control for the lies above: a folder without a pair in its name is fine."""
    path = make_zip(world["src"] / "plain.argosmodel", entries_for("mypackage", META))
    assert validate_package_zip(path).code == "zh_en"


# -- interrupted installs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("package", "fail_at", "error"),
    [
        # the disk fills up on the third file: no ru->en package, zh->en untouched
        ("ru_en", 3, OSError(28, "No space left on device")),
        # reinstalling zh->en fails at once: the installed zh->en package is still whole
        ("zh_en", 1, OSError(5, "Input/output error")),
    ],
)
def test_a_failed_copy_leaves_the_store_as_it_was(
    world: dict[str, Path],
    fixture_package_path: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    package: str,
    fail_at: int,
    error: OSError,
) -> None:
    """An install that fails mid-copy leaves no half-installed package and no staging."""
    before = snapshot(world["root"], world["src"])
    real = store._copy_member
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "_copy_member", failing)
    with pytest.raises((ModelError, OSError)):
        install_package(fixture_package_path(package), world["models"])
    assert calls["n"] == fail_at
    assert snapshot(world["root"], world["src"]) == before
    assert [p.code for p in list_packages(world["models"])] == ["zh_en"]


KILLED_INSTALL = """
import sys, time
from pathlib import Path
from polyglot_news.translation import store
real = store._copy_member
calls = 0
def slow(*args, **kwargs):
    global calls
    calls += 1
    if calls == 3:
        Path(sys.argv[3]).write_text("copying")
        time.sleep(120)
    return real(*args, **kwargs)
store._copy_member = slow
store.install_package(sys.argv[1], sys.argv[2])
"""


def test_kill_9_mid_install_leaves_no_half_installed_package(
    world: dict[str, Path], fixture_package_path: Callable[[str], Path]
) -> None:
    marker = world["root"] / "copying"
    package = fixture_package_path("ru_en")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_INSTALL, str(package), str(world["models"]), str(marker)]
    )
    sigkill_when(
        proc,
        marker,
        gone="the install finished before it could be killed",
        slow="the install never reached the copy",
    )
    # the store itself holds only what it held before: zh->en, whole
    names = sorted(p.name for p in world["models"].iterdir() if not p.name.startswith("."))
    assert names == [p.name for p in list_packages(world["models"])]
    assert [p.code for p in list_packages(world["models"])] == ["zh_en"]
    # the lock died with the process: the next install goes through
    installed = install_package(package, world["models"])
    assert installed.code == "ru_en"
    assert sorted(p.code for p in list_packages(world["models"])) == ["ru_en", "zh_en"]


# -- hostile names, shapes and nesting (issue 21 item 9): one ModelError line, store unchanged --


def _deep_path(levels: int) -> str:
    return "/".join(f"level{i:02d}" for i in range(levels))


HOSTILE_SHAPES = {
    "long-folder-name": (entries_for("t" * 300), "has a name longer than 255 bytes"),
    "longish-folder-name": (
        entries_for("t" * 200),
        "is not a plain name of at most 128 characters",
    ),
    "thirty-levels": (
        {**entries_for(), f"{TOP}/{_deep_path(30)}/file.bin": b"x"},
        "folders deep",
    ),
    "long-component": (
        {**entries_for(), f"{TOP}/model/{'n' * 300}.bin": b"x"},
        "longer than 255 bytes",
    ),
    "file-and-folder": (
        {**entries_for(), f"{TOP}/model/model.bin/inner": b"x"},
        "is both a file and a folder",
    ),
    "folder-then-file": (
        {**entries_for(), f"{TOP}/extra/": None, f"{TOP}/extra/a": b"x", f"{TOP}/extra/a/b": b"y"},
        "is both a file and a folder",
    ),
    "metadata-200000-deep": (
        {
            **entries_for(),
            f"{TOP}/metadata.json": b"[" * 200_000 + b"]" * 200_000,
        },
        "nested more than 64 levels deep",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SHAPES))
def test_hostile_shapes_are_one_error_line(case: str, world: dict[str, Path]) -> None:
    entries, message = HOSTILE_SHAPES[case]
    path = make_zip(world["src"] / f"{case}.argosmodel", entries)
    assert_refused_and_nothing_written(path, world, message)


def test_an_installed_package_with_deep_metadata_is_one_warning(world: dict[str, Path]) -> None:
    bad = world["models"] / "translate-ru_en-1_0"
    bad.mkdir()
    (bad / "metadata.json").write_bytes(b"{" * 1 + b'"a":' + b"[" * 200_000 + b"]" * 200_000 + b"}")
    packages, problems = store.scan_packages(world["models"])
    assert [p.name for p in packages] == [TOP]
    assert len(problems) == 1 and "nested more than 64 levels deep" in str(problems[0])


def _read_only_models_dir(tmp_path: Path) -> Path:
    """A folder nothing can be created in: chmod for a normal user; sysfs for root."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    for candidate in (Path("/sys/kernel"), Path("/proc/sys")):
        if candidate.is_dir() and not os.access(candidate / "nope", os.F_OK):
            try:
                (candidate / ".polyglot-news-probe").touch()
            except OSError:
                return candidate
    pytest.skip("no read-only folder available to root here")


def test_installing_into_a_read_only_folder_is_one_error_line(
    tmp_path: Path, fixture_package_path: Callable[[str], Path]
) -> None:
    models = _read_only_models_dir(tmp_path)
    before = sorted(p.name for p in models.iterdir())
    with pytest.raises(ModelError) as info:
        install_package(fixture_package_path("zh_en"), models)
    text = str(info.value)
    assert (
        text.startswith(f"{models}: cannot install into the models directory") and "\n" not in text
    )
    assert sorted(p.name for p in models.iterdir()) == before


def test_installing_into_a_read_only_folder_cli(
    tmp_path: Path, fixture_package_path: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from polyglot_news.cli import main

    models = _read_only_models_dir(tmp_path)
    code = main(
        ["models", "install", "--models-dir", str(models), str(fixture_package_path("zh_en"))]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (1, "") and err.startswith("Error: ") and err.count("\n") == 1, err
