"""The model store: zip validation, atomic install, list, remove, default directory, online."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import make_zip

from polyglot_news.errors import ModelError
from polyglot_news.translation import store
from polyglot_news.translation.store import (
    install_online,
    install_package,
    list_packages,
    parse_pair,
    remove_package,
    validate_package_zip,
)

META = {"type": "translate", "from_code": "zh", "to_code": "en", "package_version": "1.0"}


def good_entries(top: str = "zh_en", meta: dict[str, Any] | None = None) -> dict[str, bytes | None]:
    return {
        f"{top}/": None,
        f"{top}/metadata.json": json.dumps(META if meta is None else meta).encode(),
        f"{top}/model/model.bin": b"weights",
        f"{top}/sentencepiece.model": b"sp",
    }


def test_a_minimal_zip_validates(tmp_path: Path) -> None:
    meta = validate_package_zip(make_zip(tmp_path / "ok.argosmodel", good_entries()))
    assert (meta.code, meta.folder, meta.type) == ("zh_en", "zh_en", "translate")


@pytest.mark.parametrize(
    "entries, symlinks, message",
    [
        ({**good_entries(), "zh_en/../evil.txt": b"x"}, (), "escapes the package folder with '..'"),
        ({**good_entries(), "/etc/evil": b"x"}, (), "is an absolute path"),
        ({**good_entries(), "zh_en/link": b"/etc/passwd"}, ("zh_en/link",), "is a symbolic link"),
        (
            {k: v for k, v in good_entries().items() if "metadata" not in k},
            (),
            "has no zh_en/metadata.json",
        ),
        ({**good_entries(), "other/x": b"x"}, (), "2 top-level entries"),
        ({"metadata.json": json.dumps(META).encode()}, (), "is a file, not a folder"),
        (good_entries(meta={"type": "translate", "from_code": "zh"}), (), "no 'to_code'"),
        (good_entries(meta={"from_code": "zh", "to_code": "en"}), (), "no 'type'"),
        (
            good_entries(top="ru_en"),
            (),
            "folder 'ru_en' names ru->en but metadata.json says zh->en",
        ),
        (
            {k: v for k, v in good_entries().items() if "model.bin" not in k},
            (),
            "no zh_en/model/model.bin",
        ),
        (good_entries(top=".hidden"), (), "is not a plain name"),
        (good_entries(meta={**META, "from_code": "ZH"}), (), "from_code 'ZH' is not a language"),
        (good_entries(top="pkg", meta={**META, "to_code": "zh"}), (), "are both 'zh'"),
    ],
    ids=[
        "dotdot",
        "absolute",
        "symlink",
        "no-metadata",
        "two-tops",
        "no-folder",
        "no-to-code",
        "no-type",
        "name-vs-metadata",
        "no-model",
        "hidden-folder",
        "upper-case-code",
        "same-both-sides",
    ],
)
def test_bad_zips_are_rejected_with_one_line(
    tmp_path: Path, entries: dict[str, bytes | None], symlinks: tuple[str, ...], message: str
) -> None:
    path = make_zip(tmp_path / "bad.argosmodel", entries, symlinks=symlinks)
    with pytest.raises(ModelError) as err:
        validate_package_zip(path)
    text = str(err.value)
    assert message in text
    assert text.startswith(str(path)) and "\n" not in text


def test_invalid_metadata_json(tmp_path: Path) -> None:
    entries = good_entries()
    entries["zh_en/metadata.json"] = b"{not json"
    with pytest.raises(ModelError, match="not valid UTF-8 JSON"):
        validate_package_zip(make_zip(tmp_path / "bad.argosmodel", entries))


def test_zip_bomb_is_rejected(tmp_path: Path) -> None:
    entries = good_entries()
    entries["zh_en/model/model.bin"] = bytes(40 * 1024**2)  # 40 MiB of zeros, ~40 KiB zipped
    path = make_zip(tmp_path / "bomb.argosmodel", entries)
    with pytest.raises(ModelError, match="zip bomb"):
        validate_package_zip(path)


def test_size_cap(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "big.argosmodel", good_entries())
    with pytest.raises(ModelError, match="unpacks to more than 10 bytes"):
        validate_package_zip(path, max_uncompressed=10)


def test_truncated_and_non_zip_files(tmp_path: Path, fixture_package_path: Any) -> None:
    data = fixture_package_path("zh_en").read_bytes()
    cut = tmp_path / "cut.argosmodel"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="not a valid zip archive, or is truncated"):
        validate_package_zip(cut)
    text = tmp_path / "text.argosmodel"
    text.write_text("hello")
    with pytest.raises(ModelError, match="not a valid zip"):
        validate_package_zip(text)
    with pytest.raises(ModelError, match="no such file"):
        validate_package_zip(tmp_path / "missing.argosmodel")


def test_nothing_is_written_for_a_bad_package(tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "bad.argosmodel", {**good_entries(), "zh_en/../x": b"x"})
    models = tmp_path / "models"
    with pytest.raises(ModelError):
        install_package(bad, models)
    assert not models.exists()


def test_install_list_remove(tmp_path: Path, fixture_package_path: Any) -> None:
    models = tmp_path / "models"
    pkg = install_package(fixture_package_path("zh_en"), models)
    assert pkg.code == "zh_en" and pkg.path.parent == models
    assert (pkg.path / "model" / "model.bin").is_file()
    install_package(fixture_package_path("ru_en"), models)
    assert [p.code for p in list_packages(models)] == ["ru_en", "zh_en"]
    assert sorted(p.name for p in models.iterdir() if not p.name.startswith(".")) == [
        "translate-ru_en-1_0",
        "translate-zh_en-1_0",
    ]
    removed = remove_package("zh-en", models)
    assert [p.code for p in removed] == ["zh_en"]
    remove_package("translate-ru_en-1_0", models)
    assert list_packages(models) == []
    with pytest.raises(ModelError, match="no installed package matches 'zh_en'"):
        remove_package("zh_en", models)


def test_reinstall_and_other_folder_for_the_same_pair_are_replaced(
    tmp_path: Path, fixture_package_path: Any
) -> None:
    models = tmp_path / "models"
    install_package(fixture_package_path("zh_en"), models)
    install_package(fixture_package_path("zh_en"), models)
    other = make_zip(tmp_path / "other.argosmodel", good_entries(top="zh_en_v2"))
    install_package(other, models)
    assert [p.name for p in list_packages(models)] == ["zh_en_v2"]


def test_installed_packages_are_readable_by_argos(
    tmp_path: Path, fixture_package_path: Any
) -> None:
    from argostranslate.package import get_installed_packages

    install_package(fixture_package_path("zh_en"), tmp_path)
    (found,) = get_installed_packages([tmp_path])  # lock file and staging are invisible to Argos
    assert (found.from_code, found.to_code) == ("zh", "en")


def test_concurrent_installs_do_not_corrupt_the_store(
    tmp_path: Path, fixture_package_path: Any
) -> None:
    models = tmp_path / "models"
    errors: list[BaseException] = []

    def run(pair: str) -> None:
        try:
            install_package(fixture_package_path(pair), models)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in ["zh_en", "ru_en"] * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [p.code for p in list_packages(models)] == ["ru_en", "zh_en"]
    leftovers = [p.name for p in tmp_path.iterdir() if "install" in p.name]
    assert leftovers == []


def test_default_models_dir_is_argos_package_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("ARGOS_PACKAGES_DIR", None)
    env.pop("POLYGLOT_NEWS_MODELS_DIR", None)
    code = (
        "from polyglot_news.translation.store import default_models_dir; import sys; "
        "print(default_models_dir()); assert 'argostranslate' not in sys.modules; "
        "import argostranslate.settings as s; print(s.package_data_dir)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    ours, argos = out.stdout.split()
    assert ours == argos == str(tmp_path / "data" / "argos-translate" / "packages")
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "ARGOS_PACKAGES_DIR": str(tmp_path / "a")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == [str(tmp_path / "a")] * 2


def test_env_var_and_argument_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLYGLOT_NEWS_MODELS_DIR", str(tmp_path / "env"))
    assert store.default_models_dir() == tmp_path / "env"
    assert store.resolve_models_dir(tmp_path / "arg") == tmp_path / "arg"


@given(st.sampled_from(["zh_en", "zh-en", "ZH->EN", "zh2en", " zh_en "]))
def test_parse_pair_accepts_common_spellings(code: str) -> None:
    assert parse_pair(code) == ("zh", "en")


def test_parse_pair_rejects_other_text() -> None:
    assert parse_pair("translate-zh_en-1_0") is None


def test_online_install_with_the_network_blocked_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    with pytest.raises(ModelError) as err:
        install_online("zh_en", tmp_path, index_url="https://example.invalid/index.json")
    assert "https://example.invalid/index.json: cannot download" in str(err.value)
    assert "download the .argosmodel file yourself and install it from the file" in str(err.value)
    assert attempts  # it did try, and only because --online asked for it
    assert list_packages(tmp_path) == []


def test_online_install_refuses_non_http_urls(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="only http"):
        install_online("zh_en", tmp_path, index_url=f"file://{tmp_path}/index.json")


def test_online_install_rejects_bad_codes(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a language pair"):
        install_online("chinese", tmp_path)


def test_broken_package_directories_are_reported_not_fatal(
    tmp_path: Path, fixture_package_path: Any
) -> None:
    install_package(fixture_package_path("zh_en"), tmp_path)
    broken = tmp_path / "broken_pkg"
    broken.mkdir()
    (broken / "metadata.json").write_text("{oops")
    (tmp_path / "not_a_package").mkdir()  # no metadata.json: ignored
    packages, problems = store.scan_packages(tmp_path)
    assert [p.code for p in packages] == ["zh_en"]
    assert len(problems) == 1 and str(broken / "metadata.json") in str(problems[0])
