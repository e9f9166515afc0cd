"""Reliability: glossary files are never lost or cut short, whatever happens during an edit.

Edits write atomically (temporary file in the same folder, fsync, rename, fsync of the
folder), so a kill -9, a full disk or a failing write leaves each file as it was or as
it is meant to be; concurrent edits of one folder are serialized by a lock and an edit
never overwrites a file that changed under it; an empty or cut-off file is a load error;
hostile nesting is refused before the YAML composer can crash.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary import Glossary
from polyglot_news.glossary_tools.edit import Variant, Workspace
from polyglot_news.glossary_tools.files import load_docs, write_text
from polyglot_news.glossary_tools.lint import lint_docs

FIXTURE = Path(__file__).parent / "cases" / "glossary_tools" / "glossaries"
EXE = str(Path(sys.executable).with_name("polyglot-news"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (temporary files included) but the edit lock."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != ".glossary.lock"
    }


def _yaml_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def _cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def _names_list(count: int, seed: int = 0) -> str:
    """An ``en,ru`` list of made-up two-word names (none of them a common word)."""
    syllables = ["ka", "lo", "mi", "ra", "ve", "to", "sun", "bar", "dek", "zin", "pol", "mar"]
    cyr = dict(
        zip(
            syllables,
            ["ка", "ло", "ми", "ра", "ве", "то", "сун", "бар", "дек", "зин", "пол", "мар"],
            strict=True,
        )
    )
    rows = ["en,ru"]
    n = seed
    while len(rows) <= count:
        parts = [syllables[(n // 12**i) % 12] for i in range(6)]
        n += 1
        en = "".join(parts[:3]).capitalize() + " " + "".join(parts[3:]).capitalize()
        ru = "".join(cyr[p] for p in parts[:3]).capitalize() + " "
        ru += "".join(cyr[p] for p in parts[3:]).capitalize()
        rows.append(f"{en},{ru}")
    return "\n".join(rows) + "\n"


# --- atomic writes --------------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_a_failing_write_leaves_the_file_as_it_was(
    gdir: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = _snapshot(gdir)
    ws = Workspace.open([gdir])
    ws.add_variant("sergei_shoigu", "en", Variant("Sergey Shoygu"))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object) -> object:
            stream = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
            stream.write = full
            return stream

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(os, failing, full)
    with pytest.raises(GlossaryError, match="No space left on device; it is unchanged") as info:
        ws.save()
    assert info.value.path is not None and info.value.path.endswith("people.yaml")
    monkeypatch.undo()
    assert _snapshot(gdir) == before  # same bytes, and no temporary file left behind


def test_write_text_replaces_the_whole_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_text(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["people.yaml"]


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def test_a_full_disk_during_an_edit_changes_nothing(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "256k"):
        pytest.skip("needs root to mount a small tmpfs")
    try:
        folder = disk / "glossaries"
        shutil.copytree(FIXTURE, folder)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk, then free less than the edit needs
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        os.truncate(filler, max(0, filler.stat().st_size - 4096))
        before = _yaml_snapshot(folder)
        letters = "abcdefghij"
        variants = [
            f"--variant=en=Sergey Shoygu {a}{b}{'x' * 60}" for a in letters for b in letters
        ]
        result = _cli("glossary", "add", "sergei_shoigu", *variants, "--dir", str(folder), cwd=disk)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.count("\n") == 1 and "it is unchanged" in result.stderr
        assert "Traceback" not in result.stderr
        assert _yaml_snapshot(folder) == before
        assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


_KILL_BEFORE_RENAME = """
import os, signal, sys
real = os.replace
def replace(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)  # killed with the new text written, not renamed
os.replace = replace
from polyglot_news.cli import cli
sys.argv = ["polyglot-news", *sys.argv[1:]]
cli()
"""


def test_kill_9_at_the_worst_moment_leaves_the_old_file(gdir: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text("en,zh,ru\nSergei Shoigu,,Сергей К. Шойгу\n", encoding="utf-8")
    before = _yaml_snapshot(gdir)
    result = subprocess.run(
        [sys.executable, "-c", _KILL_BEFORE_RENAME, "glossary", "import", str(listing)]
        + ["--dir", str(gdir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL
    assert _yaml_snapshot(gdir) == before  # the kill left a .tmp file at most
    assert Glossary.load([gdir], include_shipped=False).get("sergei_shoigu")


def test_kill_9_during_a_real_import_never_leaves_a_partial_file(
    gdir: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "people.csv"
    listing.write_text(_names_list(1500), encoding="utf-8")
    for delay in (0.3, 1.0, 2.5):
        proc = subprocess.Popen(
            [EXE, "glossary", "import", str(listing), "--type", "person", "--dir", str(gdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        # whatever the moment, every glossary file is whole: it loads, or does not exist yet
        glossary = Glossary.load([gdir], include_shipped=False)
        assert glossary.get("sergei_shoigu")
        errors = [p for p in lint_docs(load_docs([gdir])) if p.severity == "error"]
        assert errors == []


# --- empty and cut-off files ------------------------------------------------------------------
def test_an_empty_glossary_file_is_an_error_not_an_empty_layer(gdir: Path) -> None:
    (gdir / "people.yaml").write_bytes(b"")
    result = _cli("normalize", "--glossary", str(gdir), cwd=gdir.parent)
    assert result.returncode == 1
    assert "people.yaml: the file is empty" in result.stderr
    assert result.stderr.count("\n") == 1
    lint = _cli("glossary", "lint", str(gdir), cwd=gdir.parent)
    assert lint.returncode == 1 and "the file is empty" in lint.stderr


def test_a_file_cut_mid_line_is_an_error(gdir: Path) -> None:
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    cut = text.index("notes: Air Force General") + len("notes: Air Force")
    (gdir / "people.yaml").write_text(text[:cut], encoding="utf-8")  # still valid YAML
    with pytest.raises(GlossaryError, match="does not end with a line break") as info:
        Glossary.load([gdir], include_shipped=False)
    assert info.value.path is not None and info.value.path.endswith("people.yaml")
    problems = [str(p) for p in lint_docs(load_docs([gdir]))]
    assert any("cut short" in p for p in problems)


def test_nesting_50000_deep_is_one_line_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    deep = "kind: people\nentries: " + "[" * 50_000 + "]" * 50_000 + "\n"
    (folder / "people.yaml").write_text(deep, encoding="utf-8")
    compact = tmp_path / "compact.yaml"
    compact.write_text("kind: people\nentries:\n" + "- " * 50_000 + "x\n", encoding="utf-8")
    for target in (folder, compact):
        for args in (["normalize", "--glossary", str(target)], ["glossary", "lint", str(target)]):
            result = subprocess.run(
                [EXE, *args], input="x\n", capture_output=True, text=True, timeout=60, check=False
            )
            assert result.returncode == 1, (args, result.returncode)
            assert "nested more than 64 deep" in result.stderr
            assert "Traceback" not in result.stderr


def test_ordinary_nesting_is_not_refused(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        kind: people
        languages: [en]
        entries:
          - id: a_b
            type: person
            canonical: {en: Abc Bcd}
            variants:
              en:
                - {form: Abc B., status: admitted, note: "[[[ brackets ]]] in a note"}
        """
    )
    (tmp_path / "people.yaml").write_text(text, encoding="utf-8")
    assert len(Glossary.load([tmp_path], include_shipped=False)) == 1


# --- concurrent edits -------------------------------------------------------------------------
def test_six_concurrent_adds_keep_all_six_entries(gdir: Path) -> None:
    procs = [
        subprocess.Popen(
            [EXE, "glossary", "add", f"zz_person_{i}", "--type", "person"]
            + [f"--canonical=en=Zqx Person{'abcdef'[i]}", f"--canonical=zh=测试{'甲乙丙丁戊己'[i]}"]
            + [f"--canonical=ru=Зкх Персон{'абвгде'[i]}", "--dir", str(gdir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    ok = [i for i, (code, _) in enumerate(results) if code == 0]
    for code, err in results:
        # a loser says the edit must be retried; nobody reports success and loses its entry
        assert code == 0 or "retry" in err, err
    glossary = Glossary.load([gdir], include_shipped=False)
    for i in ok:
        assert glossary.get(f"zz_person_{i}")
    assert len(ok) == 6  # the lock serializes them: all six get in


def test_an_edit_never_overwrites_a_file_changed_under_it(gdir: Path) -> None:
    first, second = Workspace.open([gdir]), Workspace.open([gdir])
    first.add_variant("sergei_shoigu", "en", Variant("Sergey Shoygu"))
    first.save()
    second.add_variant("xu_qiliang", "en", Variant("Hsu Chi-liang"))
    with pytest.raises(GlossaryError, match="changed on disk") as info:
        second.save()
    assert "retry" in (info.value.fix or "")
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "Sergey Shoygu" in text and "Hsu Chi-liang" not in text


def test_a_held_lock_makes_the_edit_say_retry(gdir: Path) -> None:
    from filelock import FileLock

    holder = FileLock(str(gdir / ".glossary.lock"))
    code = (
        "import polyglot_news.glossary_tools.files as f; f.LOCK_TIMEOUT = 0.5\n"
        "from polyglot_news.cli import cli; import sys\n"
        "sys.argv = ['polyglot-news', *sys.argv[1:]]; cli()\n"
    )
    with holder:
        result = subprocess.run(
            [sys.executable, "-c", code, "glossary", "add", "sergei_shoigu"]
            + ["--variant=en=Sergey Shoygu", "--dir", str(gdir)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1
    assert "retry the edit" in result.stderr and result.stderr.count("\n") == 1


# --- where edits go ---------------------------------------------------------------------------
def test_editing_outside_a_project_needs_a_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / uuid.uuid4().hex
    elsewhere.mkdir()
    result = _cli("glossary", "add", "sergei_shoigu", "--variant=en=Sergey Shoygu", cwd=elsewhere)
    if any((parent / "glossaries").is_dir() for parent in elsewhere.parents):
        pytest.skip("a parent of the temporary folder has a glossaries/ folder")
    assert result.returncode == 2
    assert "pass --dir" in result.stderr and result.stderr.count("\n") == 1


def test_the_installed_package_is_never_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from polyglot_news.cli import cli
    from polyglot_news.glossary_tools import files

    installed = tmp_path / "lib" / "site-packages" / "polyglot_news" / "glossaries"
    shutil.copytree(FIXTURE, installed)
    monkeypatch.setattr(files, "shipped_dir", lambda: installed)
    before = _snapshot(installed)
    result = CliRunner().invoke(
        cli,
        ["glossary", "add", "sergei_shoigu", "--variant=en=Sergey Shoygu"]
        + ["--dir", str(installed)],
    )
    assert result.exit_code == 2 and "installed package" in result.output
    ws = Workspace.open([installed])
    ws.add_variant("sergei_shoigu", "en", Variant("Sergey Shoygu"))
    with pytest.raises(GlossaryError, match="installed package"):
        ws.save()
    assert _snapshot(installed) == before
