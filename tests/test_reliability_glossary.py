"""Reliability: bad and hostile glossary files.

Each bad file gives one :class:`GlossaryError` whose message names the file and the
line (``path:line: problem; fix: ...``), the CLI prints it as one line and exits 1,
and loading stays safe: no YAML tag constructs an object or runs code, aliases cannot
blow up, a huge term is refused instead of reaching the matcher.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary import Glossary

EXE = Path(sys.executable).with_name("polyglot-news")

GOOD_ENTRY = """\
kind: people
languages: [en]
entries:
  - id: zz_test_person
    type: person
    canonical: {en: Zqxwv Plonkett}
    variants:
      en: [Zqxwv Plonket]
"""


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(path: Path | list[Path]) -> GlossaryError:
    paths = path if isinstance(path, list) else [path]
    with pytest.raises(GlossaryError) as info:
        Glossary.load(paths)
    return info.value


def assert_names(error: GlossaryError, path: Path, line: int | range) -> None:
    """The error names the file and a line (one line of text, with a fix)."""
    lines = line if isinstance(line, range) else range(line, line + 1)
    assert error.path == str(path)
    assert error.line in lines, str(error)
    assert str(error).startswith(f"{path}:{error.line}: ")
    assert "\n" not in str(error) and "; fix: " in str(error)


def test_a_good_file_loads(tmp_path: Path) -> None:
    """Control: the template the bad files below are made from is fine."""
    glossary = Glossary.load([write(tmp_path, GOOD_ENTRY, "good.yaml")])
    assert "zz_test_person" in glossary


# -- malformed YAML and wrong types ------------------------------------------------------------

MALFORMED = {
    "unclosed-quote": ('entries:\n  - id: "abc\n    type: person\n', range(2, 5)),
    "bad-indent": ("entries:\n  - id: a\n   type: person\n  canonical: {en: X}\n", range(2, 5)),
    "tab-indent": ("entries:\n\t- id: a\n", range(1, 3)),
    "unclosed-flow": ("entries:\n  - id: a\n    canonical: {en: X\n", range(3, 5)),
    "stray-colon": ("entries:\n  - id: a: b: c\n", range(2, 3)),
    "two-documents": ("entries: []\n---\nentries: []\n", range(1, 4)),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_yaml_names_file_and_line(name: str, tmp_path: Path) -> None:
    text, lines = MALFORMED[name]
    path = write(tmp_path, text)
    assert_names(load_error(path), path, lines)


WRONG_TYPES = {
    "top-level-list": ("- a\n- b\n", 1),
    "top-level-scalar": ("just text\n", 1),
    "entries-mapping": ("entries:\n  id: a\n", 2),
    "entry-is-text": ("entries:\n  - hello\n", 2),
    "canonical-number": (
        "entries:\n  - id: a_b\n    type: person\n    canonical:\n      en: 42\n",
        5,
    ),
    "canonical-list": (
        "entries:\n  - id: a_b\n    type: person\n    canonical: [Zq Xv]\n",
        4,
    ),
    "variants-mapping-of-mapping": (
        "entries:\n  - id: a_b\n    type: person\n    canonical: {en: Zq Xv}\n"
        "    variants:\n      en: {form: {x: y}}\n",
        6,
    ),
    "case-sensitive-text": (
        "entries:\n  - id: a_b\n    type: person\n    canonical: {en: Zq Xv}\n"
        "    case_sensitive: maybe\n",
        5,
    ),
    "id-not-text": ("entries:\n  - id: [a]\n    type: person\n", 2),
    "unknown-type": ("entries:\n  - id: a_b\n    type: robot\n    canonical: {en: Zq}\n", 3),
    "null-entry": ("entries:\n  - null\n", 2),
}


@pytest.mark.parametrize("name", sorted(WRONG_TYPES))
def test_wrong_types_name_file_and_line(name: str, tmp_path: Path) -> None:
    text, line = WRONG_TYPES[name]
    path = write(tmp_path, text)
    assert_names(load_error(path), path, line)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD_ENTRY.replace("Plonket]", "Plonk\xe9t]").encode("latin-1"))
    assert_names(load_error(path), path, 8)


# -- duplicate ids -----------------------------------------------------------------------------


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    second = GOOD_ENTRY.split("entries:\n", 1)[1].replace("Zqxwv Plonket", "Zqxwv Other")
    second = second.replace("Zqxwv Plonkett", "Zqxwv Another")
    path = write(tmp_path, GOOD_ENTRY + second)
    error = load_error(path)
    assert_names(error, path, 9)
    assert "zz_test_person" in str(error) and f"{path}:4" in str(error)


def test_duplicate_id_across_files_of_one_layer(tmp_path: Path) -> None:
    folder = tmp_path / "layer"
    folder.mkdir()
    write(folder, GOOD_ENTRY, "a.yaml")
    other = GOOD_ENTRY.replace("Zqxwv Plonkett", "Zqxwv Another").replace("Plonket]", "Oth]")
    second = write(folder, other, "b.yaml")
    error = load_error(folder)
    assert_names(error, second, 4)
    assert str(folder / "a.yaml") in str(error)


def test_same_key_twice_in_one_mapping(tmp_path: Path) -> None:
    twice = GOOD_ENTRY.replace("    type: person\n", "    type: person\n    type: org\n")
    path = write(tmp_path, twice)
    assert_names(load_error(path), path, 6)


# -- a 10 MB term ------------------------------------------------------------------------------

HUGE = 10 * 1024 * 1024


def huge_term_file(tmp_path: Path) -> Path:
    term = "Zq" + "x" * HUGE
    return write(tmp_path, GOOD_ENTRY.replace("Zqxwv Plonket]", f"{term}]"), "huge.yaml")


def test_a_10_mb_term_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = huge_term_file(tmp_path)
    assert_names(load_error(path), path, 8)


def test_a_10_mb_term_never_crashes_the_cli(tmp_path: Path) -> None:
    """Through the CLI: a clear one-line error and exit 1, never a crash of the matcher."""
    path = huge_term_file(tmp_path)
    proc = subprocess.run(
        [str(EXE), "normalize", "--glossary", str(path)],
        input=b"Zqxwv Plonkett met someone.\n",
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}"
    assert proc.returncode == 1, proc.stdout[:200]
    err = proc.stderr.decode()
    assert err.startswith(f"Error: {path}:8: ") and err.count("\n") == 1


# -- tags that try to construct objects, and alias bombs ---------------------------------------

TAGS = {
    "apply-os-system": "!!python/object/apply:os.system ['touch {marker}']",
    "object-new": "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "python-name": "!!python/name:os.system",
    "python-module": "!!python/module:os",
    "python-object": "!!python/object:argparse.Namespace {{x: 1}}",
    "binary": "!!binary aGVsbG8=",
    "set": "!!set {{a, b}}",
    "local-tag": "!custom thing",
    "verbatim-tag": "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
}


@pytest.mark.parametrize("name", sorted(TAGS))
@pytest.mark.parametrize("where", ["value", "entry", "top"])
def test_object_tags_are_refused_and_never_run(name: str, where: str, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    tag = TAGS[name].format(marker=marker)
    if where == "value":
        text = GOOD_ENTRY.replace("{en: Zqxwv Plonkett}", "{en: " + tag + "}")
        line = 6
    elif where == "entry":
        text = GOOD_ENTRY + f"  - {tag}\n"
        line = 9
    else:
        text = f"extra: {tag}\n" + GOOD_ENTRY
        line = 1
    path = write(tmp_path, text)
    error = load_error(path)
    assert_names(error, path, line)
    assert not marker.exists()


def test_tag_on_a_key_is_refused(tmp_path: Path) -> None:
    tagged = GOOD_ENTRY.replace("    type: person", "    !!python/name:os.system : x")
    path = write(tmp_path, tagged)
    assert_names(load_error(path), path, 5)


LOAD = "Glossary.load([sys.argv[1]])"
LINT = "[print(p) for p in lint_docs(load_docs([sys.argv[1]]))]"


@pytest.mark.parametrize("reader", [LOAD, LINT], ids=["load", "lint"])
def test_alias_bomb_is_refused_quickly(reader: str, tmp_path: Path) -> None:
    """A "billion laughs" file: 9 levels of 9 aliases; must not expand (or hang) when the
    engine loads it, nor when glossary lint reads it (the editors' tree expanded every
    alias until it was read by the loader's reader)."""
    lines = ["kind: people", 'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}"] * 9) + "]")
    lines.append("entries: []")
    path = write(tmp_path, "\n".join(lines) + "\n")
    code = (
        "import sys\n"
        "from polyglot_news.errors import GlossaryError\n"
        "from polyglot_news.glossary import Glossary\n"
        "from polyglot_news.glossary_tools import lint_docs, load_docs\n"
        "try:\n"
        f"    {reader}\n"
        "except GlossaryError as exc:\n"
        "    print(exc)\n"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, timeout=30, text=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail("loading an alias bomb did not finish in 30 s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith(f"{path}:"), "an alias bomb must be refused with file and line"


def test_aliases_in_a_normal_file_do_not_share_mutable_state(tmp_path: Path) -> None:
    """A plain anchor/alias pair is either refused clearly or loads as two plain values."""
    text = GOOD_ENTRY.replace("{en: Zqxwv Plonkett}", "{en: &n Zqxwv Plonkett}") + (
        "  - id: zz_second\n    type: person\n    canonical: {en: Qqv Zzt}\n    notes: *n\n"
    )
    path = write(tmp_path, text)
    try:
        glossary = Glossary.load([path])
    except GlossaryError as exc:
        assert_names(exc, path, range(1, 14))
    else:
        assert glossary.get("zz_second").notes == "Zqxwv Plonkett"


# -- the CLI reports each as one line ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [MALFORMED["unclosed-flow"][0], WRONG_TYPES["canonical-number"][0], TAGS["python-name"]],
    ids=["malformed", "wrong-type", "tag"],
)
def test_cli_prints_one_line_and_exits_1(text: str, tmp_path: Path) -> None:
    path = write(tmp_path, text if "entries" in text else f"entries: [{text}]\n")
    for command in (["normalize"], ["run", "--no-translate"]):
        proc = subprocess.run(
            [str(EXE), *command, "--glossary", str(path)],
            input=b"Sergey Shoygu\n",
            capture_output=True,
            timeout=120,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        assert proc.returncode == 1
        assert proc.stdout == b""
        err = proc.stderr.decode()
        assert err.startswith(f"Error: {path}:") and err.count("\n") == 1, err
