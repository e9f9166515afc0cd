"""`glossary add/remove/set`: in-place edits that keep comments and refuse bad changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary_tools.edit import Variant, Workspace, roundtrip
from polyglot_news.glossary_tools.files import display_path, load_docs, parse_doc, shipped_dir
from polyglot_news.glossary_tools.lint import lint_docs

FIXTURE = Path(__file__).parent / "cases" / "glossary_tools" / "glossaries"


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}


def _assert_clean(folder: Path) -> None:
    errors = [str(p) for p in lint_docs(load_docs([folder])) if p.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURE.glob("*.yaml")))
def test_untouched_fixture_round_trips_byte_identical(name: str) -> None:
    text = (FIXTURE / name).read_text(encoding="utf-8")
    assert roundtrip(text) == text


def test_shipped_glossaries_round_trip_byte_identical() -> None:
    files = sorted(shipped_dir().glob("*.yaml"))
    if not files:
        pytest.skip("no shipped glossaries yet")
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert roundtrip(text) == text, path.name


def test_add_variant_touches_only_its_entry(gdir: Path) -> None:
    before = _texts(gdir)
    ws = Workspace.open([gdir])
    ws.add_variant("sergei_shoigu", "en", Variant("Sergey Shoygu"))
    assert ws.save() == [display_path(gdir / "people.yaml")]
    after = _texts(gdir)
    assert after["titles.yaml"] == before["titles.yaml"]  # untouched file: byte-identical
    old, new = before["people.yaml"].splitlines(), after["people.yaml"].splitlines()
    assert [line for line in new if line not in old] == ["        - Sergey Shoygu"]
    assert set(old) <= set(new)  # comments, flow styles, blank lines all kept
    _assert_clean(gdir)


def test_add_variant_with_status_short_and_note(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.add_variant(
        "valery_gerasimov", "zh", Variant("格拉西莫夫将军", "deprecated", False, "with rank")
    )
    ws.add_variant("xu_qiliang", "en", Variant("Hsu", "weak", True))
    ws.save()
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "{form: 格拉西莫夫将军, status: deprecated, note: with rank}" in text
    assert "{form: Hsu, status: weak, short: true}" in text
    _assert_clean(gdir)


def test_add_entry_goes_to_sorted_place_in_its_file(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.add_entry(
        "dong_jun",
        "person",
        {"en": "Dong Jun", "zh": "董军", "ru": "Дун Цзюнь"},
        short={"en": "Dong"},
        variants={"en": [Variant("Dong Chun", "deprecated")]},
        notes="Defense Minister from December 2023",
    )
    ws.save()
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert text.index("- id: dong_jun") < text.index("- id: sergei_shoigu")
    assert (
        "# sorted by id\n  - id: dong_jun\n    type: person\n    canonical:\n      en: Dong Jun\n"
        in text
    )
    assert "Defense Minister from December 2023\n\n  # Fictional-style" in text
    problems = lint_docs(load_docs([gdir]))
    assert [p.code for p in problems] == [
        "weak"
    ]  # the short form "Dong" is a bare surname: a warning
    assert problems[0].severity == "warning"


def test_add_entry_at_the_end_and_in_a_new_file(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.add_entry("zz_person", "person", {"en": "Zz Top", "zh": "兹兹", "ru": "Зз Топ"})
    ws.add_entry("p_moscow", "place", {"en": "Moscow", "zh": "莫斯科", "ru": "Москва"})
    ws.save()
    people = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert people.rstrip().endswith("ru: Зз Топ")
    assert "air Force General, CMC vice chairman\n\n  - id: zz_person" in people.replace(
        "Air", "air"
    )
    places = (gdir / "places.yaml").read_text(encoding="utf-8")
    assert "kind: places" in places and "- id: p_moscow" in places
    _assert_clean(gdir)


def test_remove_entry_and_variant(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.remove_variant("sergei_shoigu", "en", "Sergey Shoigu")
    ws.remove_entry("valery_gerasimov")
    ws.save()
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "- Sergey Shoigu" not in text and "valery_gerasimov" not in text
    assert "- {form: Shoygu, status: admitted, short: true}   # short form variant" in text
    _assert_clean(gdir)


def test_remove_last_and_only_entries(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.remove_entry("xu_qiliang")
    ws.remove_entry("t_defmin")
    ws.save()
    assert "entries: []" in (gdir / "titles.yaml").read_text(encoding="utf-8")
    assert (
        (gdir / "people.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "Герасимов}\n    variants:\n"
            "      en: [Valeriy Gerasimov, {form: Valery, status: weak}]\n"
        )
    )
    _assert_clean(gdir)


def test_set_canonical_keeps_old_as_variant(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.set_field("sergei_shoigu", "canonical.en", "Sergey Shoigu", keep_old=True)
    ws.set_field("sergei_shoigu", "held.to", "2024-05-12")
    ws.set_field("xu_qiliang", "sources", "Xinhua 2016-05-03, China Daily")
    ws.save()
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "      en: Sergey Shoigu\n" in text
    assert "        - Sergey Shoigu\n" not in text  # moved out of the variants
    assert "        - Sergei Shoigu\n" in text
    assert "held: {from: 2012-11, to: '2024-05-12'}" in text  # quoted: stays text
    assert "sources: [Xinhua 2016-05-03, China Daily]" in text
    _assert_clean(gdir)


def test_set_variant_status(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.set_variant(
        "sergei_shoigu", "en", "Sergey Shoigu", status="deprecated", note="older spelling"
    )
    ws.set_variant("sergei_shoigu", "en", "Shoygu", short=False, status="admitted")
    ws.save()
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "- {form: Sergey Shoigu, status: deprecated, note: older spelling}" in text
    assert "- Shoygu   # short form variant" in text or "- Shoygu" in text
    _assert_clean(gdir)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            lambda ws: ws.add_variant("xu_qiliang", "en", Variant("Sergey Shoigu")),
            "already belongs to entry sergei_shoigu",
        ),
        (
            lambda ws: ws.add_variant("xu_qiliang", "en", Variant("sergey shoi-gu")),
            "already belongs to entry sergei_shoigu",
        ),
        (
            lambda ws: ws.add_variant("xu_qiliang", "zh", Variant("紹伊古")),
            "already belongs to entry sergei_shoigu",
        ),
        (lambda ws: ws.add_variant("nobody", "en", Variant("X")), "no entry with id 'nobody'"),
        (
            lambda ws: ws.add_variant("sergei_shoigu", "en", Variant("Shoigu S.", "preferred")),
            "unknown status 'preferred'",
        ),
        (
            lambda ws: ws.add_variant("sergei_shoigu", "en", Variant("Shoigu S.", "fine")),
            "unknown status 'fine'",
        ),
        (lambda ws: ws.add_variant("sergei_shoigu", "de", Variant("Schoigu")), "unknown language"),
        (
            lambda ws: ws.add_variant("sergei_shoigu", "en", Variant("Sergey Shoigu")),
            "already has en form",
        ),
        (
            lambda ws: ws.add_entry("sergei_shoigu", "person", {"en": "S", "zh": "S", "ru": "S"}),
            "already exists",
        ),
        (
            lambda ws: ws.add_entry("new_one", "person", {"en": "New One"}),
            "no canonical was given for zh, ru",
        ),
        (lambda ws: ws.add_entry("new_one", "human", {"en": "New One"}), "unknown type"),
        (lambda ws: ws.remove_variant("sergei_shoigu", "en", "Nobody"), "has no en variant"),
        (lambda ws: ws.remove_field("sergei_shoigu", "canonical"), "cannot remove field"),
        (
            lambda ws: ws.set_field("sergei_shoigu", "canonical.en", "Xu Qiliang"),
            "already belongs to entry xu_qiliang",
        ),
        (lambda ws: ws.set_field("sergei_shoigu", "colour", "red"), "unknown field"),
        (lambda ws: ws.set_field("sergei_shoigu", "case_sensitive", "maybe"), "true or false"),
    ],
)
def test_refused_edits_say_why_and_write_nothing(gdir: Path, action, message: str) -> None:
    before = _texts(gdir)
    ws = Workspace.open([gdir])
    with pytest.raises(GlossaryError) as info:
        action(ws)
    assert message in str(info.value)
    assert "fix:" in str(info.value)
    assert _texts(gdir) == before


def test_edit_that_would_break_lint_is_refused(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.add_variant("xu_qiliang", "en", Variant("Wang"))  # a bare surname, not weak
    with pytest.raises(GlossaryError, match="refused: the edit would make lint fail.*bare surname"):
        ws.save()
    assert "Wang" not in (gdir / "people.yaml").read_text(encoding="utf-8")


def test_new_entry_follows_one_line_canonical_style(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text(
        "kind: places\nlanguages: [en, zh]\nentries:\n"
        "  - id: p_b\n    type: place\n    canonical: {en: Bee, zh: 比}\n",
        encoding="utf-8",
    )
    ws = Workspace.open([tmp_path])
    ws.add_entry("p_a", "place", {"en": "Aye", "zh": "艾"})
    ws.save()
    assert (
        (tmp_path / "places.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "entries:\n  - id: p_a\n    type: place\n    canonical: {en: Aye, zh: 艾}\n"
            "  - id: p_b\n    type: place\n    canonical: {en: Bee, zh: 比}\n"
        )
    )


def test_weak_form_may_be_shared_by_two_entries(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.add_variant("valery_gerasimov", "en", Variant("Sergei", "weak"))
    ws.save()
    _assert_clean(gdir)


def test_new_keys_go_to_their_place_in_the_key_order(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    ws.add_entry(
        "dong_jun", "person", {"en": "Dong Jun", "zh": "董军", "ru": "Дун Цзюнь"}, notes="n"
    )
    ws.add_variant("dong_jun", "en", Variant("Dong Chun", "deprecated"))
    ws.set_field("dong_jun", "held.from", "2023-12")
    ws.add_example("dong_jun", "Dong Chun spoke.", "Dong Jun spoke.", "en")
    ws.save()
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    block = text[text.index("- id: dong_jun") : text.index("- id: sergei_shoigu")]
    keys = [line.split(":")[0].strip() for line in block.splitlines() if line.startswith("    ")]
    keys = [k for k in keys if k and not k.startswith("-") and k not in ("en", "zh", "ru")]
    assert keys == ["type", "canonical", "variants", "held", "notes", "examples"]
    assert "    held: {from: 2023-12}\n" in block
    assert '{input: "Dong Chun spoke.", expected: "Dong Jun spoke.", lang: en}' in block
    _assert_clean(gdir)


def _positions(value: object, path: str = "") -> list[tuple[str, object]]:
    """Every recorded position in a parsed tree, for comparing two parses."""
    out: list[tuple[str, object]] = []
    if isinstance(value, dict):
        for key in value:
            out.append((f"{path}/{key}", (value.lc.key(key), value.lc.value(key))))  # type: ignore[attr-defined]
            out.extend(_positions(value[key], f"{path}/{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.append((f"{path}[{index}]", value.lc.item(index)))  # type: ignore[attr-defined]
            out.extend(_positions(item, f"{path}[{index}]"))
    return out


_edit_steps = st.lists(
    st.tuples(
        st.sampled_from(["sergei_shoigu", "valery_gerasimov", "xu_qiliang"]),
        st.sampled_from(["variant", "note", "held", "remove"]),
        st.from_regex(r"[A-Z][a-z]{2,6} [A-Z][a-z]{2,8}", fullmatch=True),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=_edit_steps)
def test_incremental_parse_equals_full_parse(gdir: Path, steps: list) -> None:
    """After any edits, the tree kept up to date block by block equals a fresh parse."""
    ws = Workspace.open([gdir])
    for entry_id, action, text in steps:
        try:
            if action == "variant":
                ws.add_variant(entry_id, "en", Variant(text))
            elif action == "note":
                ws.set_field(entry_id, "notes", text + "\n" * (len(text) % 2))
            elif action == "held":
                ws.set_field(entry_id, "held.to", "2024-0" + str(len(text) % 9 + 1))
            else:
                ws.remove_field(entry_id, "notes")
        except GlossaryError:
            continue
    for doc in ws.docs:
        fresh = parse_doc(doc.path, doc.text)
        assert fresh.data == doc.data
        assert _positions(fresh.data) == _positions(doc.data)
        assert fresh.layout == doc.layout


def test_add_then_remove_variant_restores_the_file_byte_for_byte(gdir: Path) -> None:
    """(For a language whose variants list exists: an emptied list stays as `[]`.)"""
    before = _texts(gdir)
    for entry_id, lang, form in [
        ("sergei_shoigu", "en", "Sergej Shojgu"),
        ("sergei_shoigu", "ru", "Сергей Кужугетович Шойгу"),
        ("valery_gerasimov", "en", "Valerii Gerasimov"),
        ("xu_qiliang", "en", "Hsu Chi-liang"),
    ]:
        ws = Workspace.open([gdir])
        ws.add_variant(entry_id, lang, Variant(form))
        ws.save()
        ws = Workspace.open([gdir])
        ws.remove_variant(entry_id, lang, form)
        ws.save()
        assert _texts(gdir) == before, (entry_id, form)


def test_add_to_an_empty_and_to_a_flow_style_list(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text(
        "kind: places\nlanguages: [en]\nentries: []   # none yet\n", encoding="utf-8"
    )
    (tmp_path / "events.yaml").write_text(
        "kind: events\nlanguages: [en]\n"
        "entries: [{id: e_b, type: event, canonical: {en: Bee-2021}}]\n",
        encoding="utf-8",
    )
    ws = Workspace.open([tmp_path])
    ws.add_entry("p_a", "place", {"en": "Aye"})
    ws.add_entry("e_a", "event", {"en": "Aye-2021"})
    ws.add_variant("e_b", "en", Variant("Bee Drill 2021"))
    ws.save()
    places = (tmp_path / "places.yaml").read_text(encoding="utf-8")
    assert places == (
        "kind: places\nlanguages: [en]\nentries:\n  - id: p_a\n    type: place\n    canonical:\n"
        "      en: Aye\n"
    )
    events = load_docs([tmp_path / "events.yaml"])[0]
    assert [e["id"] for e in events.entries] == ["e_a", "e_b"]
    assert events.entries[1]["variants"] == {"en": ["Bee Drill 2021"]}
    _assert_clean(tmp_path)
    ws = Workspace.open([tmp_path])
    ws.remove_entry("p_a")
    ws.save()
    assert (tmp_path / "places.yaml").read_text(encoding="utf-8").endswith("entries: []\n")
