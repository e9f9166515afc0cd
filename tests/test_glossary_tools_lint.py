"""`glossary lint`: the checks, the data-driven cases and `--fix`."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.glossary_tools.files import load_docs, parse_doc
from polyglot_news.glossary_tools.lint import clean_form, fix_docs, lint_docs, sort_blocks
from polyglot_news.glossary_tools.model import fold

CASES = Path(__file__).parent / "cases" / "glossary_tools"
FIXTURE = CASES / "glossaries"


def _cases() -> list[dict]:
    return yaml.safe_load((CASES / "lint_cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["note"][:50])
def test_lint_cases(case: dict, tmp_path: Path) -> None:
    path = tmp_path / case["file"]
    path.write_text(case["text"], encoding="utf-8")
    problems = lint_docs(load_docs([tmp_path]))
    errors = sorted(f"{p.line} {p.code}" for p in problems if p.severity == "error")
    warnings = sorted(f"{p.line} {p.code}" for p in problems if p.severity == "warning")
    assert errors == sorted(case.get("errors", [])), [str(p) for p in problems]
    if "warnings" in case:
        assert warnings == sorted(case["warnings"]), [str(p) for p in problems]


def test_fixture_glossary_is_clean(gdir: Path) -> None:
    assert lint_docs(load_docs([gdir])) == []


def test_problem_reads_file_line_problem_fix(tmp_path: Path) -> None:
    (tmp_path / "people.yaml").write_text(
        "kind: people\nlanguages: [en]\nentries:\n  - id: x\n    type: person\n"
        "    canonical: {en: X Example}\n    variants:\n      en: [Wang]\n",
        encoding="utf-8",
    )
    [problem] = lint_docs(load_docs([tmp_path]))
    text = str(problem)
    assert text.startswith(f"{problem.path}:8: entry x: en variant 'Wang' is a bare surname")
    assert "; fix: mark it weak" in text


def _replace(path: Path, old: str, new: str) -> None:
    """Edit a fixture file as an editor would: ``old`` written as ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_duplicate_across_files_names_both_locations(gdir: Path) -> None:
    _replace(gdir / "titles.yaml", "- Defence Minister", "- Sergey Shoigu")
    dupes = [p for p in lint_docs(load_docs([gdir])) if p.code == "shared-form"]
    assert len(dupes) == 1
    assert dupes[0].severity == "warning"
    message = str(dupes[0])
    assert "people.yaml:" in message and "titles.yaml:" in message
    assert "sergei_shoigu" in message and "t_defmin" in message
    assert "2 entries claim it" in message


def test_case_insensitive_entry_collides_across_case(gdir: Path) -> None:
    _replace(gdir / "people.yaml", "- Xu Qi-liang", "- defence minister")
    codes = [p.code for p in lint_docs(load_docs([gdir]))]
    assert "shared-form" in codes


def test_traditional_and_simplified_collide(gdir: Path) -> None:
    people = gdir / "people.yaml"
    text = people.read_text(encoding="utf-8").replace("zh: 许其亮", "zh: 紹伊古")
    people.write_text(text, encoding="utf-8")
    messages = [str(p) for p in lint_docs(load_docs([gdir])) if p.code == "shared-form"]
    assert any("紹伊古" in m and "绍伊古" in m for m in messages), messages


def test_fix_sorts_cleans_and_keeps_comments(gdir: Path) -> None:
    people = gdir / "people.yaml"
    original = people.read_text(encoding="utf-8")
    # move the first entry block (with its comment) to the end, pad a form, decompose another
    lines = original.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "# Fictional-style" in line)
    end = next(i for i, line in enumerate(lines) if "- id: valery_gerasimov" in line)
    shuffled = (
        "".join(lines[:start] + lines[end:]) + "\n" + "".join(lines[start:end]).rstrip("\n") + "\n"
    )
    shuffled = shuffled.replace("en: Xu Qiliang", 'en: " Xu  Qiliang"')
    shuffled = shuffled.replace(
        "Valeriy Gerasimov", unicodedata.normalize("NFD", "Valeriy Gérasimov")
    )
    people.write_text(shuffled, encoding="utf-8")
    codes = {p.code for p in lint_docs(load_docs([gdir]))}
    assert {"unsorted", "whitespace", "nfc"} <= codes
    fixed = fix_docs(load_docs([gdir]))
    assert list(fixed) == [people]
    people.write_text(fixed[people], encoding="utf-8")
    assert lint_docs(load_docs([gdir])) == []
    text = fixed[people]
    assert "# Fictional-style test data" in text and "# short form variant" in text
    assert text.index("- id: sergei_shoigu") < text.index("- id: valery_gerasimov")
    assert text.index("# Fictional-style") < text.index("- id: sergei_shoigu")
    assert "Valeriy Gérasimov" in text


def test_fix_leaves_clean_files_alone(gdir: Path) -> None:
    assert fix_docs(load_docs([gdir])) == {}


def test_sort_blocks_is_identity_on_sorted_file(gdir: Path) -> None:
    [doc] = load_docs([gdir / "people.yaml"])
    assert sort_blocks(doc) == doc.text


# YAML 1.1 reads yes/no/on/off/... as booleans: real ids are never those words.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_ids = st.lists(
    st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda i: i not in _YAML_WORDS),
    min_size=1,
    max_size=6,
    unique=True,
)


@settings(max_examples=40, deadline=None)
@given(_ids, st.booleans())
def test_sort_blocks_keeps_every_block(ids: list[str], blank: bool) -> None:
    sep = "\n" if blank else ""
    blocks = [
        f"  # about {i}\n  - id: {i}\n    type: person\n    canonical: {{en: {i.title()} X}}\n"
        for i in ids
    ]
    text = "kind: people\nlanguages: [en]\nentries:\n" + sep.join(blocks) + "# end\n"
    doc = parse_doc(Path("people.yaml"), text)
    out = sort_blocks(doc)
    assert sorted(out.splitlines()) == sorted(text.splitlines())
    again = parse_doc(Path("people.yaml"), out)
    assert [e["id"] for e in again.entries] == sorted(ids)
    assert out.endswith("# end\n")
    assert sort_blocks(again) == out


@given(st.text(alphabet=st.sampled_from(list("ab é\u0301\t-")), max_size=12))
def test_clean_form_is_idempotent_and_nfc(text: str) -> None:
    once = clean_form(text)
    assert clean_form(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()


def test_fold_matches_the_matcher_folds() -> None:
    assert fold("Xu Qi-liang", "en") == fold("Xu Qiliang", "en")
    assert fold("紹伊古", "zh") == fold("绍伊古", "zh")
    assert fold("Ковалёв", "ru") == fold("Ковалев", "ru")
    assert fold("ＣＭＣ", "en") == fold("CMC", "en")
    assert fold("Putin", "en") != fold("putin", "en")
    assert fold("Putin", "en", False) == fold("putin", "en", False)


def test_what_the_engine_refuses_is_reported(gdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lint passing means the engine loads the files: its refusals are lint errors too."""
    from polyglot_news.errors import GlossaryError
    from polyglot_news.glossary import loader

    def refuse(text: str, name: str) -> list:
        raise GlossaryError("some rule only the loader knows", path=name, line=3, fix="obey it")

    monkeypatch.setattr(loader, "parse_text", refuse)
    [problem] = lint_docs(load_docs([gdir / "people.yaml"]))
    assert (problem.code, problem.line) == ("engine", 3)
    assert str(problem).endswith(
        ": the glossary loader refuses it: some rule only the loader knows; fix: obey it"
    )


REFUSED = {
    "tag": "entries:\n  - id: !!python/object:os.system a\n",
    "alias": "entries:\n  - &a {id: a}\n  - *a\n",
    "key-twice": "entries:\n  - id: a\n    id: b\n",
    "list-as-key": "entries:\n  - ? [a]\n    : b\n",
    "syntax": "entries:\n  - id: a\n   type: b\n",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_editors_and_engine_read_the_yaml_alike(name: str) -> None:
    """One reader: what the engine's loader refuses in the YAML, the editors' tree refuses
    with the same message at the same line."""
    from polyglot_news.errors import GlossaryError
    from polyglot_news.glossary.loader import parse_text

    text = REFUSED[name]
    with pytest.raises(GlossaryError) as engine:
        parse_text(text, "people.yaml")
    doc = parse_doc(Path("people.yaml"), text)
    assert doc.error is not None and doc.data is None
    assert str(doc.error) == str(engine.value)
    assert doc.error.line is not None


def test_an_edit_block_with_an_alias_is_read_again_whole(tmp_path: Path) -> None:
    """An entry block is read as the loader reads a file: an alias in it is refused."""
    text = "kind: people\nlanguages: [en]\nentries:\n  - id: a_b\n    type: person\n"
    doc = parse_doc(Path("people.yaml"), text)
    again = doc.replace_block(0, "  - &x {id: a_b, type: person}\n  - *x\n")
    assert again.error is not None and "aliases" in again.error.problem


def test_case_differences_collide_across_entries(tmp_path: Path) -> None:
    (tmp_path / "organizations.yaml").write_text(
        "kind: organizations\nlanguages: [en]\nentries:\n"
        "  - id: a_org\n    type: org\n    canonical: {en: CMC}\n"
        "  - id: b_org\n    type: org\n    canonical: {en: Cmc Group}\n    variants:\n"
        "      en: [cmc]\n",
        encoding="utf-8",
    )
    assert [p.code for p in lint_docs(load_docs([tmp_path]))] == ["shared-form"]


def test_line_of_names_the_key_or_its_value() -> None:
    from ruamel.yaml import YAML

    from polyglot_news.glossary_tools.model import line_of

    node = YAML().load("first: 1\nnotes:\n  a long note\nitems: [x, y]\n")
    assert line_of(node, "notes", 0) == 3  # the value, on the next line
    assert line_of(node, "notes", 0, of_value=False) == 2  # the key itself
    assert line_of(node["items"], 1, 0) == 4
    assert line_of("not a node", "notes", None) is None


def test_one_bare_surname_rule_for_lint_and_import() -> None:
    from polyglot_news.glossary_tools.wordlists import is_bare_surname

    assert is_bare_surname("Li", "en") and is_bare_surname(" Wang. ", "en")
    assert is_bare_surname("李", "zh") and is_bare_surname("李", "en")  # Han: read as Chinese
    assert not is_bare_surname("Li Shangfu", "en") and not is_bare_surname("李尚福", "zh")
