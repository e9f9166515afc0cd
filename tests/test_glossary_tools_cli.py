"""`polyglot-news glossary ...`: every command in process, and lint through the real entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from polyglot_news.cli import cli
from polyglot_news.glossary_tools.files import shipped_dir

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "cases" / "glossary_tools" / "glossaries"
COMMANDS = ["lint", "add", "remove", "set", "find", "test", "export", "import", "suggest", "stats"]


@pytest.fixture
def gdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test glossary folder; the working directory is its parent."""
    target = tmp_path / "glossaries"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(tmp_path)
    return target


def run(*args: str, input: str | None = None) -> Result:
    """Invoke ``polyglot-news glossary ARGS`` in process."""
    return CliRunner().invoke(cli, ["glossary", *args], input=input, catch_exceptions=False)


def _break(folder: Path) -> None:
    people = folder / "people.yaml"
    text = people.read_text(encoding="utf-8")
    text = text.replace("        - Sergey Shoigu\n", "        - Wang\n")
    text = text.replace("canonical: {en: Dong}", "")
    text = text.replace("      ru: Сюй Цилян\n", "")
    people.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"polyglot-news glossary {command}" in result.output


def test_group_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert f"  {command} " in result.output


def test_lint_clean(gdir: Path) -> None:
    result = run("lint", "glossaries")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "2 files, 4 entries: no errors\n",
        "",
    )


@pytest.mark.parametrize("command", ["lint", "test", "stats"])
def test_a_folder_without_glossaries_is_an_error(command: str, tmp_path: Path) -> None:
    result = run(command, str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no glossary files (*.yaml) in {tmp_path}; fix: give a folder of glossary files\n"
    )


def test_lint_errors_exit_1_with_file_line(gdir: Path) -> None:
    _break(gdir)
    result = run("lint", "glossaries")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("glossaries/people.yaml:18: entry sergei_shoigu: en variant 'Wang'")
    assert lines[1].startswith("glossaries/people.yaml:40: entry xu_qiliang: no canonical for ru")
    assert lines[-1] == "Error: 2 errors in the glossary"


def test_lint_over_shipped_checks_forms_against_the_shipped_glossary(tmp_path: Path) -> None:
    _shipped()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "people.yaml").write_text(
        "kind: people\nlanguages: [en]\nentries:\n"
        "  - id: sergei_shoigu\n    type: person\n    canonical: {en: Sergei Shoigu}\n"
        "  - id: zz_someone\n    type: person\n    canonical: {en: Someone Else}\n"
        "    variants:\n      en: [Vladimir Putin]\n",
        encoding="utf-8",
    )
    assert run("lint", str(mine)).exit_code == 0
    result = run("lint", "--over-shipped", str(mine))
    assert result.exit_code == 0  # a shared form loads: a warning
    [problem] = result.stderr.splitlines()
    assert problem.startswith(
        f"{mine / 'people.yaml'}:11: warning: en form 'Vladimir Putin' of entry zz_someone "
        "is shared: 2 entries claim it, also vladimir_putin ('Vladimir Putin' at "
    )
    assert "(1 shared form: --strict refuses them)" in result.stdout
    strict = run("lint", "--strict", "--over-shipped", str(mine))
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == [problem, "Error: 1 error in the glossary"]


def test_lint_fix(gdir: Path) -> None:
    people = gdir / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("en: Xu Qiliang", 'en: "Xu  Qiliang "'),
        encoding="utf-8",
    )
    result = run("lint", "glossaries")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 1 error in the glossary (1 fixable with --fix)\n")
    result = run("lint", "--fix", "glossaries")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "fixed glossaries/people.yaml\n2 files, 4 entries: no errors\n"
    assert '      en: "Xu Qiliang"\n' in people.read_text(encoding="utf-8")  # quotes kept


def test_lint_strict_turns_warnings_into_errors(gdir: Path) -> None:
    people = gdir / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8")
        .replace("      en: Shoigu\n", "      en: Xu\n")
        .replace("        - {form: Xu, status: weak}\n", ""),
        encoding="utf-8",
    )
    assert run("lint", "glossaries").exit_code == 0
    assert run("lint", "--strict", "glossaries").exit_code == 1


def test_add_remove_set(gdir: Path) -> None:
    result = run("add", "sergei_shoigu", "--variant", "en=Sergey Shoygu", "--dir", "glossaries")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "added en variant 'Sergey Shoygu' (admitted) to sergei_shoigu\n"
        "wrote glossaries/people.yaml\n"
    )
    result = run(
        "add",
        "dong_jun",
        "--type",
        "person",
        "--canonical",
        "en=Dong Jun",
        "--canonical",
        "zh=董军",
        "--canonical",
        "ru=Дун Цзюнь",
        "--dir",
        "glossaries",
    )
    assert result.exit_code == 0, result.output
    result = run("set", "dong_jun", "notes", "Defense Minister from 2023", "--dir", "glossaries")
    assert result.exit_code == 0, result.output
    result = run(
        "set",
        "sergei_shoigu",
        "--variant",
        "en=Sergey Shoygu",
        "--status",
        "deprecated",
        "--dir",
        "glossaries",
    )
    assert result.exit_code == 0, result.output
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "{form: Sergey Shoygu, status: deprecated}" in text
    assert "notes: Defense Minister from 2023" in text
    result = run("remove", "dong_jun", "--dir", "glossaries")
    assert result.exit_code == 0
    result = run(
        "remove",
        "sergei_shoigu",
        "--variant",
        "en=Sergey Shoygu",
        "--field",
        "held",
        "--dir",
        "glossaries",
    )
    assert result.exit_code == 0, result.output
    assert (gdir / "people.yaml").read_text(encoding="utf-8") == (
        FIXTURE / "people.yaml"
    ).read_text(encoding="utf-8").replace("    held: {from: 2012-11, to: 2024-05}\n", "")
    assert run("lint", "glossaries").exit_code == 0


def test_unwritable_file_is_a_one_line_error(gdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    before = (gdir / "people.yaml").read_bytes()
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    result = run("add", "xu_qiliang", "--variant", "en=Hsu Chi-liang", "--dir", "glossaries")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: glossaries/people.yaml: cannot write the file: Permission denied; it is "
        "unchanged; fix: free disk space or write to a copy in a folder you can write to\n"
    )
    assert (gdir / "people.yaml").read_bytes() == before


def test_dry_run_prints_a_diff_and_writes_nothing(gdir: Path) -> None:
    before = (gdir / "people.yaml").read_text(encoding="utf-8")
    result = run(
        "add",
        "xu_qiliang",
        "--variant",
        "en=Hsu Chi-liang",
        "--status",
        "deprecated",
        "--dir",
        "glossaries",
        "--dry-run",
    )
    assert result.exit_code == 0
    assert "+        - {form: Hsu Chi-liang, status: deprecated}\n" in result.stdout
    assert "--- a/glossaries/people.yaml" in result.stdout
    assert (gdir / "people.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["add", "xu_qiliang", "--variant", "en=Sergey Shoigu"],
            1,
            "Error: glossaries/people.yaml:18: refused: en form 'Sergey Shoigu' for entry "
            "xu_qiliang already belongs to entry sergei_shoigu; "
            "fix: remove it from entry sergei_shoigu first",
        ),
        (["add", "nobody", "--variant", "en=X Y"], 1, "Error: refused: no entry with id 'nobody'"),
        (
            ["add", "xu_qiliang", "--variant", "en=Xu Q", "--status", "preferred"],
            1,
            "Error: refused: unknown status 'preferred'",
        ),
        (["add", "xu_qiliang", "--variant", "Xu Q"], 2, "is not LANG=FORM"),
        (["add", "xu_qiliang"], 2, "nothing to add"),
        (["set", "xu_qiliang", "notes"], 2, "give FIELD and VALUE"),
        (["remove", "nobody"], 1, "Error: refused: no entry with id 'nobody'"),
    ],
)
def test_refused_and_bad_usage(gdir: Path, args: list[str], code: int, message: str) -> None:
    before = (gdir / "people.yaml").read_text(encoding="utf-8")
    result = run(*args, "--dir", "glossaries")
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stderr.count("\n") <= 4
    assert (gdir / "people.yaml").read_text(encoding="utf-8") == before


def test_find_shows_span_entry_status_and_rule(gdir: Path) -> None:
    result = run("find", "--dir", "glossaries", "Sergey Shoigu and the defence minister met 紹伊古")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "0-13\t'Sergey Shoigu'\tsergei_shoigu\ten admitted\trule=exact\t-> Sergei Shoigu"
    )
    assert lines[1].startswith("22-38\t'defence minister'\tt_defmin\ten admitted\trule=case")
    assert lines[2].startswith("43-46\t'紹伊古'\tsergei_shoigu\tzh ")


def test_find_explains_weak_forms(gdir: Path) -> None:
    result = run("find", "--dir", "glossaries", "Xu and Sergei Shoigu met Sergei.")
    assert result.exit_code == 0
    assert result.stdout.startswith("7-20\t'Sergei Shoigu'\tsergei_shoigu\ten preferred")
    assert result.stderr == (
        "note: 'Xu' at 0-2 is a weak form of xu_qiliang: never matched on its own\n"
        "note: 'Sergei' at 25-31 is a weak form of sergei_shoigu: never matched on its own\n"
    )


def test_find_without_match_lists_close_forms(gdir: Path) -> None:
    result = run("find", "--dir", "glossaries", "Shoygoo")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "no entry matches 'Shoygoo'\n  close: 'Shoygu' (sergei_shoigu, en"
    )


def test_test_command_reports_failures(gdir: Path) -> None:
    result = run("test", "glossaries")
    assert (result.exit_code, result.stdout) == (0, "1 examples passed\n")
    people = gdir / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace(
            'expected: "Sergei Shoigu spoke."', 'expected: "Sergei Shoygu spoke."'
        ),
        encoding="utf-8",
    )
    result = run("test", "glossaries")
    assert result.exit_code == 1
    assert result.stderr == (
        "glossaries/people.yaml:26: sergei_shoigu: example failed\n"
        "  input:    Sergey Shoigu spoke.\n"
        "  expected: Sergei Shoygu spoke.\n"
        "  actual:   Sergei Shoigu spoke.\n"
        "Error: 1 of 1 examples failed\n"
    )


def test_add_example_then_test_runs_it(gdir: Path) -> None:
    result = run(
        "add",
        "xu_qiliang",
        "--example",
        "Xu Qi-liang left.",
        "--expected",
        "Xu Qiliang left.",
        "--example-lang",
        "en",
        "--dir",
        "glossaries",
    )
    assert result.exit_code == 0, result.output
    assert run("test", "glossaries").stdout == "2 examples passed\n"
    result = run("add", "xu_qiliang", "--example", "x", "--dir", "glossaries")
    assert result.exit_code == 2 and "go together" in result.stderr


def test_find_close_forms_for_a_name_inside_a_sentence(gdir: Path) -> None:
    result = run("find", "--dir", "glossaries", "Yesterday Valeri Gerasimoff spoke.")
    assert result.exit_code == 1
    assert "close: 'Valeriy Gerasimov' (valery_gerasimov, en, score 88)" in result.stderr


def test_export_and_import(gdir: Path, tmp_path: Path) -> None:
    args = "export --format tsv --layout pair --source en --target ru --dir glossaries"
    result = run(*args.split())
    assert result.exit_code == 0
    assert "Sergey Shoigu\tСергей Шойгу\n" in result.stdout
    out = tmp_path / "g.tbx"
    assert run("export", "--format", "tbx", "-o", str(out), "--dir", "glossaries").exit_code == 0
    assert '<conceptEntry id="sergei_shoigu">' in out.read_text(encoding="utf-8")
    terms = tmp_path / "terms.csv"
    terms.write_text("en,ru,fr\nSergey Shoygu,Сергей Шойгу,Choïgou\n", encoding="utf-8")
    result = run("import", str(terms), "--dir", "glossaries")
    assert result.exit_code == 0, result.output
    assert "language 'fr' (column 3) is not in the glossary" in result.stderr
    assert result.stdout.endswith(
        "wrote glossaries/people.yaml\n1 forms added, 0 entries created, "
        "0 one-word aliases made weak, 1 items not mapped\n"
    )


def test_import_from_stdin_and_bad_encoding(gdir: Path, tmp_path: Path) -> None:
    args = ["import", "-", "--format", "tsv", "--dir", "glossaries", "--dry-run"]
    result = run(*args, input="en\tru\nSergey Shoygu\tСергей Шойгу\n")
    assert result.exit_code == 0, result.output
    assert "+        - Sergey Shoygu\n" in result.stdout
    utf16 = tmp_path / "excel.csv"
    utf16.write_bytes("en,ru\nA,Б\n".encode("utf-16"))
    result = run("import", str(utf16), "--dir", "glossaries")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {utf16}: not UTF-8 (byte 0)")


def test_missing_editor_extra_is_one_line(
    gdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)
    monkeypatch.delitem(sys.modules, "polyglot_news.glossary_tools.suggest", raising=False)
    (tmp_path / "a.txt").write_text("Sergey Shoygu", encoding="utf-8")
    result = run("suggest", str(tmp_path / "a.txt"), "--dir", "glossaries")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: this command needs rapidfuzz, part of the editor tools; "
        "install them with: pip install 'polyglot-news[editor]'\n"
    )


def test_stats(gdir: Path) -> None:
    result = run("stats", "glossaries")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "type    entries  en  zh  ru",
        "person        3  12   6   5",
        "title         1   3   1   1",
    ]
    data = json.loads(run("stats", "--json", "glossaries").stdout)
    assert data["entries"] == {"person": 3, "title": 1}
    assert data["forms"]["person"] == {"en": 12, "zh": 6, "ru": 5}
    assert data["statuses"]["en"]["weak"] == 3 and data["examples"] == 1
    assert set(data["provenance"]) == {"person", "title"}
    assert "type    entries  sourced  uncertain  held" in result.stdout.splitlines()


def test_stats_counts_sourced_uncertain_and_held_entries(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "people.yaml").write_text(
        "kind: people\nlanguages: [en]\nentries:\n"
        "  - id: a\n    type: person\n    canonical: {en: Ann Alder}\n"
        "    sources: [https://example.org/a]\n    held: {from: '2020'}\n"
        "  - id: b\n    type: person\n    canonical: {en: Bob Birch}\n    uncertain: [en]\n",
        encoding="utf-8",
    )
    data = json.loads(run("stats", "--json", str(folder)).stdout)
    assert data["provenance"] == {"person": {"sourced": 1, "uncertain": 1, "held": 1}}


@pytest.mark.samples
def test_suggest_on_samples_skips_spellings_the_rules_already_normalize(
    gdir: Path, samples_dir: Path
) -> None:
    # 'Sergey Shoygu' in the samples is normalized by the romanization rule (oy/oi, ey/ei),
    # so it is not an editor's suggestion any more.
    result = run("suggest", "--dir", "glossaries", str(samples_dir))
    assert result.exit_code == 0
    assert "'Sergey Shoygu'" not in result.stdout
    assert result.stderr.endswith("from 5 files\n")


def _shipped() -> Path:
    folder = shipped_dir()
    if not any(folder.glob("*.yaml")):
        pytest.fail("the shipped glossaries/ folder has no *.yaml files")
    return folder


def test_shipped_glossaries_pass_lint() -> None:
    result = run("lint", str(_shipped()))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_shipped_glossaries_pass_their_examples() -> None:
    result = run("test", str(_shipped()))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("examples passed\n")


def _entry_point() -> list[str]:
    exe = Path(sys.executable).with_name("polyglot-news")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "polyglot_news.cli"]


def _lint_exe(folder: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``polyglot-news glossary lint FOLDER`` through the installed entry point."""
    return subprocess.run(
        [*_entry_point(), "glossary", "lint", folder],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_lint_through_the_installed_entry_point(gdir: Path, tmp_path: Path) -> None:
    ok = _lint_exe("glossaries", tmp_path)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "2 files, 4 entries: no errors\n", "")
    titles = gdir / "titles.yaml"
    titles.write_text(
        titles.read_text(encoding="utf-8").replace(
            "    case_sensitive: false\n", "    case_sensitive: no way\n"
        ),
        encoding="utf-8",
    )
    bad = _lint_exe("glossaries", tmp_path)
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr == (
        "glossaries/titles.yaml:15: entry t_defmin: case_sensitive must be true or false; "
        "fix: write `case_sensitive: false`\n"
        "Error: 1 error in the glossary\n"
    )
    missing = _lint_exe("no-such-dir", tmp_path)
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr and "Traceback" not in missing.stderr


def test_set_variant_prints_the_change(gdir: Path) -> None:
    result = run(
        "set",
        "sergei_shoigu",
        "--variant",
        "en=Sergei",
        "--status",
        "deprecated",
        "--dir",
        "glossaries",
    )
    assert result.exit_code == 0, result.output
    assert "set sergei_shoigu en variant 'Sergei': status weak -> deprecated\n" in result.stdout


def test_add_example_refuses_an_example_that_test_would_fail(gdir: Path) -> None:
    before = (gdir / "people.yaml").read_bytes()
    result = run(
        "add",
        "sergei_shoigu",
        "--example",
        "Sergey Shoigu spoke.",
        "--expected",
        "Sergey Shoigu spoke.",
        "--example-lang",
        "en",
        "--dir",
        "glossaries",
    )
    assert result.exit_code == 1
    assert "normalizes to 'Sergei Shoigu spoke.'" in result.stderr
    assert (gdir / "people.yaml").read_bytes() == before
    ok = run(
        "add",
        "sergei_shoigu",
        "--example",
        "Sergey Shoigu left.",
        "--expected",
        "Sergei Shoigu left.",
        "--example-lang",
        "en",
        "--dir",
        "glossaries",
    )
    assert ok.exit_code == 0, ok.output
    assert run("test", "glossaries").exit_code == 0


def test_the_cli_offers_the_glossary_languages() -> None:
    from polyglot_news.cli.glossary import GLOSSARY_LANGS
    from polyglot_news.glossary.model import LANGS

    assert GLOSSARY_LANGS == LANGS
