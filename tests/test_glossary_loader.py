"""Loading glossaries: the shipped data, layering, and one test per loader error."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary import Entry, Glossary, Variant

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"

GOOD = """\
kind: people
languages: [en, zh, ru]
entries:
  - id: test_person
    type: person
    canonical: {en: Zorvan Keltrick, zh: 佐尔万, ru: Зорван Кельтрик}
    variants:
      en:
        - Zorvan Keltrik
        - {form: Keltrick, status: weak}
"""


def write(tmp_path: Path, text: str, name: str = "people.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str, name: str = "people.yaml") -> GlossaryError:
    path = write(tmp_path, text, name)
    with pytest.raises(GlossaryError) as info:
        Glossary.load([path], include_shipped=False)
    return info.value


def person_error(tmp_path: Path, *fields: str) -> GlossaryError:
    """The error of a file of one person ``x`` whose other fields are ``fields`` (lines 4 on)."""
    body = "".join(f"    {line}\n" for line in fields)
    return load_error(tmp_path, f"entries:\n  - id: x\n    type: person\n{body}")


# -- the shipped glossary ---------------------------------------------------------------------


def test_shipped_glossary_loads_and_is_cached() -> None:
    first = Glossary.default()
    assert len(first) >= 40
    assert Glossary.default() is first
    assert Glossary.load() is first


def test_fresh_load_equals_cached_default() -> None:
    fresh = Glossary.load([], include_shipped=True)
    assert fresh is not Glossary.default()
    assert [e.id for e in fresh] == [e.id for e in Glossary.default()]


def test_entry_fields_and_locations() -> None:
    glossary = Glossary.default()
    shoigu = glossary.get("sergei_shoigu")
    assert isinstance(shoigu, Entry)
    assert shoigu.type == "person"
    assert shoigu.canonical == {"en": "Sergei Shoigu", "zh": "谢尔盖·绍伊古", "ru": "Сергей Шойгу"}
    assert shoigu.short["zh"] == "绍伊古"
    assert (
        Variant("Shoygu", "admitted", True, None, shoigu.variants["en"][3].line)
        in shoigu.variants["en"]
    )
    assert shoigu.path == "glossaries/people.yaml"
    assert shoigu.line is not None and shoigu.line > 1
    assert "sergei_shoigu" in glossary
    assert shoigu in list(glossary)
    assert glossary.entries[0] in glossary.entries


def test_glossary_pickles_without_its_automata() -> None:
    import pickle

    glossary = Glossary.default()
    glossary.matcher("en")
    copy = pickle.loads(pickle.dumps(glossary))
    assert [e.id for e in copy] == [e.id for e in glossary]
    assert [m.entry_id for m in copy.find("Sergey Shoygu", "en")] == ["sergei_shoigu"]


def test_get_unknown_id_names_it() -> None:
    with pytest.raises(KeyError, match="no_such_id"):
        Glossary.default().get("no_such_id")


def test_held_dates_kept_as_text() -> None:
    assert Glossary.default().get("li_shangfu").held == {"from": "2023-03", "to": "2023-10"}


def _reference_rows(name: str) -> list[list[str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip("../shared/reference is not present in this checkout")
    with path.open(encoding="utf-8") as handle:
        return [
            row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")
        ]


def test_every_reference_entity_is_shipped() -> None:
    glossary = Glossary.default()
    for row in _reference_rows("entities.tsv"):
        entry_id, type_ = row[0], row[1]
        assert entry_id in glossary, entry_id
        entry = glossary.get(entry_id)
        assert entry.type == type_, entry_id
        if "uncertain" in row[-1]:
            lang = row[-1].split()[0]
            assert lang in entry.uncertain, entry_id
            assert entry.notes and "uncertain" in entry.notes, entry_id


def test_every_reference_rank_is_shipped_in_its_own_ladder() -> None:
    glossary = Glossary.default()
    for ladder, native, en, *_ in _reference_rows("ranks.tsv"):
        army = "PLA" if ladder == "PLA" else "RU"
        lang = "zh" if ladder == "PLA" else "ru"
        owners = [
            e
            for e in glossary
            if e.type == "rank" and e.army == army and e.canonical[lang] == native
        ]
        assert len(owners) == 1, (ladder, native)
        assert owners[0].canonical["en"] == en.split(" (")[0] or owners[0].canonical["en"] == en
        assert lang not in owners[0].render_only


def test_sample_names_are_shipped() -> None:
    names = (
        "xi_jinping un g20 p_donguz p_orenburg e_peace_mission_2021 e_interaction_2022 "
        "e_interaction t_state_councilor t_defmin r_senior_colonel"
    )
    assert [i for i in names.split() if i not in Glossary.default()] == []


# -- layering -------------------------------------------------------------------------------


def test_user_file_layers_over_shipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        kind: people
        entries:
          - id: sergei_shoigu
            type: person
            canonical: {en: Sergei K. Shoigu, zh: 绍伊古, ru: Сергей Шойгу}
          - id: test_person
            type: person
            canonical: {en: Zorvan Keltrick}
        """,
    )
    glossary = Glossary.load([path])
    assert glossary.get("sergei_shoigu").canonical["en"] == "Sergei K. Shoigu"
    assert glossary.get("sergei_shoigu").path == str(path)
    assert "test_person" in glossary and "xi_jinping" in glossary
    assert len(glossary) == len(Glossary.default()) + 1


def test_directory_and_single_path(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    assert [e.id for e in Glossary.load(tmp_path, include_shipped=False)] == ["test_person"]
    assert len(Glossary.load([tmp_path / "people.yaml"], include_shipped=False)) == 1


def test_from_entries_validates() -> None:
    a = Entry("a", "person", {"en": "Same Name"})
    b = Entry("b", "person", {"en": "Same Name"})
    assert len(Glossary.from_entries([a])) == 1
    shared = Glossary.from_entries([a, b]).shared_forms()  # a shared form is data
    assert [e.id for e in shared["en", "same name"]] == ["a", "b"]
    with pytest.raises(GlossaryError, match="duplicate id"):
        Glossary.from_entries([a, a])


def test_empty_file_is_an_error_not_an_empty_layer(tmp_path: Path) -> None:
    # an interrupted write leaves an empty file; loading it as "no entries" drops a layer
    err = load_error(tmp_path, "")
    assert err.path and err.path.endswith("people.yaml") and "empty" in err.problem


def test_an_empty_list_is_written_out(tmp_path: Path) -> None:
    assert len(Glossary.load([write(tmp_path, "entries: []\n")], include_shipped=False)) == 0
    err = load_error(tmp_path, "kind: people\nentries:\n")
    assert err.line == 2 and "entries: []" in (err.fix or "")


# -- errors: file, line, fix ----------------------------------------------------------------


def test_malformed_yaml(tmp_path: Path) -> None:
    err = load_error(tmp_path, "entries:\n  - id: x\n    canonical: {en: [unclosed\n")
    assert err.path and err.path.endswith("people.yaml")
    assert err.line is not None and err.line >= 3
    assert "malformed YAML" in str(err) and err.fix


def test_python_object_tag_is_refused(tmp_path: Path) -> None:
    err = person_error(tmp_path, 'canonical: !!python/object/apply:os.system ["echo pwned"]')
    assert err.line == 4
    assert "python/object" in err.problem and "not allowed" in err.problem


def test_wrong_type_of_value(tmp_path: Path) -> None:
    err = person_error(tmp_path, "canonical: [Zorvan]")
    assert err.line == 4 and "must be a mapping" in err.problem


def test_number_where_text_is_needed(tmp_path: Path) -> None:
    err = load_error(tmp_path, "entries:\n  - id: x\n    type: person\n    canonical: {en: 2021}\n")
    assert err.line == 4 and "quote" in (err.fix or "")


def test_case_sensitive_must_be_boolean(tmp_path: Path) -> None:
    err = person_error(tmp_path, "canonical: {en: Z}", "case_sensitive: maybe")
    assert err.line == 5 and "true or false" in err.problem


def test_unknown_status(tmp_path: Path) -> None:
    err = person_error(
        tmp_path,
        "canonical: {en: Zorvan}",
        "variants:",
        "  en:",
        "    - {form: Zorvann, status: maybe}",
    )
    assert err.line == 7 and "unknown status 'maybe'" in err.problem
    assert "admitted" in (err.fix or "")


def test_preferred_is_not_a_variant_status(tmp_path: Path) -> None:
    err = person_error(
        tmp_path, "canonical: {en: Z}", "variants: {en: [{form: Zz, status: preferred}]}"
    )
    assert "preferred" in err.problem and "canonical" in (err.fix or "")


def test_unknown_type_field_and_language(tmp_path: Path) -> None:
    err = load_error(tmp_path, "entries:\n  - id: x\n    type: human\n    canonical: {en: Z}\n")
    assert err.line == 3 and "unknown type" in err.problem
    err = person_error(tmp_path, "canonical: {en: Z}", "varaints: {}")
    assert err.line == 5 and "varaints" in err.problem
    err = load_error(tmp_path, "entries:\n  - id: x\n    type: person\n    canonical: {de: Z}\n")
    assert err.line == 4 and "unknown language 'de'" in err.problem


def test_bad_id(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "entries:\n  - id: Bad-Id\n    type: person\n    canonical: {en: Z}\n"
    )
    assert err.line == 2 and "[a-z0-9_]+" in err.problem


def test_missing_canonical_language_claimed_by_file(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "languages: [en, ru]\nentries:\n  - id: x\n    type: person\n    canonical: {en: Z}\n",
    )
    assert err.line == 5 and "no canonical ru" in err.problem


def test_duplicate_id_names_both_locations(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("Zorvan Keltrick", "Other One").replace("Keltrik", "Q"), "b.yaml")
    with pytest.raises(GlossaryError) as info:
        Glossary.load([tmp_path], include_shipped=False)
    err = info.value
    assert err.path and err.path.endswith("b.yaml") and err.line == 4
    assert "a.yaml:4" in err.problem and "duplicate id 'test_person'" in err.problem


def test_shared_surface_form_loads_and_is_listed(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(
        tmp_path,
        """\
        entries:
          - id: other_person
            type: person
            canonical: {en: Someone Else}
            variants:
              en:
                - zorvan  keltrik
                - ZORVAN KELTRIK
        """,
        "b.yaml",
    )
    glossary = Glossary.load([tmp_path], include_shipped=False)
    shared = glossary.shared_forms()
    assert [e.id for e in shared["en", "zorvan keltrik"]] == ["test_person", "other_person"]


def test_surface_form_collision_after_folding(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(
        tmp_path, "entries:\n  - id: y\n    type: person\n    canonical: {zh: 佐爾萬}\n", "b.yaml"
    )
    shared = Glossary.load([tmp_path], include_shipped=False).shared_forms()
    assert [e.id for e in shared["zh", "佐尔万"]] == ["test_person", "y"]


def test_weak_in_both_entries_is_allowed(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(
        tmp_path,
        "entries:\n  - id: y\n    type: person\n    canonical: {en: Amara Keltrick}\n"
        "    variants: {en: [{form: Keltrick, status: weak}]}\n",
        "b.yaml",
    )
    assert len(Glossary.load([tmp_path], include_shipped=False)) == 2


def test_render_only_canonical_is_not_a_claim(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        entries:
          - id: a
            type: rank
            canonical: {en: Colonel}
          - id: b
            type: rank
            canonical: {en: Colonel}
            render_only: [en]
        """,
    )
    assert len(Glossary.load([tmp_path], include_shipped=False)) == 2


def test_duplicate_key_in_mapping(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "entries:\n  - id: x\n    id: y\n    type: person\n    canonical: {en: Z}\n"
    )
    assert err.line == 3 and "twice" in err.problem


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_bytes("entries:\n  - id: x\n    canonical: {ru: Шойгу}\n".encode("cp1251"))
    with pytest.raises(GlossaryError, match="not UTF-8") as info:
        Glossary.load([path], include_shipped=False)
    assert info.value.line == 3


def test_missing_path() -> None:
    with pytest.raises(GlossaryError, match="no such glossary"):
        Glossary.load(["/nonexistent/glossary.yaml"])


def test_top_level_must_be_mapping_with_entries(tmp_path: Path) -> None:
    assert "must be a mapping" in load_error(tmp_path, "- a\n- b\n").problem
    assert "no entries" in load_error(tmp_path, "kind: people\n").problem
    assert "unknown kind" in load_error(tmp_path, "kind: persons\nentries: []\n").problem


def test_error_message_is_one_line_with_fix(tmp_path: Path) -> None:
    err = load_error(tmp_path, "entries:\n  - id: x\n    type: person\n    canonical: {en: ' Z'}\n")
    text = str(err)
    assert "\n" not in text and "people.yaml:4:" in text and "; fix: " in text


def test_form_with_a_line_break_is_refused(tmp_path: Path) -> None:
    # normalize() re-checks only the lines around its replacements: a form is one line
    err = load_error(
        tmp_path,
        'entries:\n  - id: x\n    type: person\n    canonical: {en: "Zorvan\\nKell"}\n',
    )
    assert err.line == 4 and "more than one line" in err.problem and "one line" in (err.fix or "")
