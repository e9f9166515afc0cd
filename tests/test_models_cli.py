"""``polyglot-news models``: in process through main(), and once through the entry point."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from polyglot_news.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_install_list_remove(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixture_package_path: Any
) -> None:
    models = str(tmp_path / "models")
    pkg = str(fixture_package_path("zh_en"))
    code, out, err = run(capsys, "models", "install", "--models-dir", models, pkg)
    assert (code, err) == (0, "")
    assert out == f"installed zh_en (translate-zh_en-1_0) from {pkg} into {models}\n"
    code, out, _ = run(capsys, "models", "--models-dir", models, "list")
    assert code == 0 and out.startswith("zh_en    translate-zh_en-1_0          1.0")
    code, out, _ = run(capsys, "models", "list", "--json", "--models-dir", models)
    rows = json.loads(out)
    assert [(r["code"], r["name"], r["type"]) for r in rows] == [
        ("zh_en", "translate-zh_en-1_0", "translate")
    ]
    code, out, _ = run(capsys, "models", "remove", "zh_en", "--models-dir", models)
    assert (code, out) == (0, f"removed zh_en (translate-zh_en-1_0) from {models}\n")
    code, out, err = run(capsys, "models", "list", "--models-dir", models)
    assert (code, out, err) == (0, "", f"no packages installed in {models}\n")


def test_env_var_chooses_the_directory(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fixture_package_path: Any,
) -> None:
    monkeypatch.setenv("POLYGLOT_NEWS_MODELS_DIR", str(tmp_path / "env-models"))
    assert run(capsys, "models", "install", str(fixture_package_path("ru_en")))[0] == 0
    assert (tmp_path / "env-models" / "translate-ru_en-1_0" / "metadata.json").is_file()


def test_bad_package_is_one_error_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.argosmodel"
    bad.write_text("not a zip")
    code, out, err = run(capsys, "models", "install", "--models-dir", str(tmp_path / "m"), str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"Error: {bad}: is not a valid zip archive") and err.count("\n") == 1


def test_install_without_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "models", "install")
    assert code == 2 and err.startswith("Error: models install: give one or more")


def test_remove_unknown_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "models", "remove", "de_en", "--models-dir", str(tmp_path))
    assert code == 1 and "no installed package matches 'de_en'" in err


def test_online_install_without_network_fails_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "https://example.invalid/")
    code, _, err = run(
        capsys, "models", "install", "--online", "zh_en", "--models-dir", str(tmp_path)
    )
    assert code == 1
    assert err.startswith("Error: https://example.invalid/index.json: cannot download")
    assert "Traceback" not in err


@pytest.mark.parametrize("sub", ["install", "list", "remove"])
def test_every_command_documents_an_example(capsys: pytest.CaptureFixture[str], sub: str) -> None:
    code, out, _ = run(capsys, "models", sub, "--help")
    assert code == 0 and "Examples:" in out and f"polyglot-news models {sub}" in out


def test_entry_point_subprocess(tmp_path: Path, fixture_package_path: Any) -> None:
    exe = shutil.which("polyglot-news", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("polyglot-news entry point is not installed in this environment")
    env = {**os.environ, "POLYGLOT_NEWS_MODELS_DIR": str(tmp_path / "m")}
    ok = subprocess.run(
        [exe, "models", "install", str(fixture_package_path("zh_en"))],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and ok.stderr == ""
    bad = subprocess.run(
        [exe, "models", "remove", "xx_yy"], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("Error: ") and bad.stderr.count("\n") == 1


def test_list_warns_about_broken_packages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken_pkg"
    broken.mkdir()
    (broken / "metadata.json").write_text("[]")
    code, out, err = run(capsys, "models", "list", "--models-dir", str(tmp_path))
    assert code == 0 and out == ""
    assert err.startswith("Warning: ") and "broken_pkg/metadata.json" in err
