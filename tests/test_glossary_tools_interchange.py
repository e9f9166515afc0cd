"""`glossary export` / `glossary import`: CSV/TSV layouts and TBX-Basic, both ways."""

from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.errors import InputError, UsageError
from polyglot_news.glossary_tools.edit import Workspace
from polyglot_news.glossary_tools.files import load_docs
from polyglot_news.glossary_tools.interchange import (
    export_glossary,
    import_glossary,
    lang_code,
    read_table,
)
from polyglot_news.glossary_tools.lint import lint_docs

FIXTURE = Path(__file__).parent / "cases" / "glossary_tools" / "glossaries"
TBX3 = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _rows(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_export_multi_csv_has_language_header_and_canonicals() -> None:
    rows = _rows(export_glossary(load_docs([FIXTURE]), fmt="csv"))
    assert rows[0] == ["en", "zh", "ru"]
    assert ["Sergei Shoigu", "谢尔盖·绍伊古", "Сергей Шойгу"] in rows
    assert ["Defense Minister", "国防部长", "министр обороны"] in rows
    assert len(rows) == 1 + 4


def test_export_pair_tsv_maps_variants_to_target_canonical_or_short() -> None:
    text = export_glossary(load_docs([FIXTURE]), fmt="tsv", layout="pair", source="en", target="ru")
    rows = _rows(text, "\t")
    assert ["Sergei Shoigu", "Сергей Шойгу"] in rows
    assert ["Sergey Shoigu", "Сергей Шойгу"] in rows
    assert ["Shoygu", "Шойгу"] in rows  # a short variant goes to the short form
    assert ["Minister of Defence", "министр обороны"] in rows
    assert not any(r[0] in ("Sergei", "Xu", "Valery") for r in rows)  # weak forms stay out
    sources = [r[0] for r in rows]
    assert len(sources) == len(set(sources))
    plain = _rows(
        export_glossary(
            load_docs([FIXTURE]), fmt="csv", layout="pair", source="en", target="zh", variants=False
        )
    )
    assert ["Sergey Shoigu", "谢尔盖·绍伊古"] not in plain and ["Shoigu", "绍伊古"] in plain


def test_export_pair_rejects_bad_languages() -> None:
    docs = load_docs([FIXTURE])
    with pytest.raises(UsageError):
        export_glossary(docs, layout="pair", source="en", target="en")
    with pytest.raises(UsageError):
        export_glossary(docs, layout="pair", source="en", target="de")


def test_export_tbx_v3_structure() -> None:
    root = ET.fromstring(export_glossary(load_docs([FIXTURE]), fmt="tbx"))
    assert root.tag == f"{TBX3}tbx" and root.get("type") == "TBX-Basic"
    entries = root.findall(f".//{TBX3}conceptEntry")
    assert [e.get("id") for e in entries] == [
        "sergei_shoigu",
        "t_defmin",
        "valery_gerasimov",
        "xu_qiliang",
    ]
    shoigu = entries[0]
    langs = [s.get(XML_LANG) for s in shoigu.findall(f"{TBX3}langSec")]
    assert langs == ["en", "zh", "ru"]
    terms = {
        t.findtext(f"{TBX3}term"): t.findtext(f"{TBX3}termNote[@type='administrativeStatus']")
        for t in shoigu.iter(f"{TBX3}termSec")
    }
    assert terms["Sergei Shoigu"] == "preferredTerm-admn-sts"
    assert terms["Sergey Shoigu"] == "admittedTerm-admn-sts"


def test_export_tbx2_uses_term_entry_lang_set_tig() -> None:
    root = ET.fromstring(export_glossary(load_docs([FIXTURE]), fmt="tbx2"))
    assert root.tag == "martif"
    entry = root.find(".//termEntry[@id='t_defmin']")
    assert entry is not None
    tigs = entry.findall("langSet/tig")
    status = {t.findtext("term"): t.findtext("termNote") for t in tigs}
    assert status["Minister of Defence"] == "deprecatedTerm-admn-sts"


def _strip_variants(folder: Path) -> None:
    ws = Workspace.open([folder])
    for entry_id, lang, form in [
        ("sergei_shoigu", "en", "Sergey Shoigu"),
        ("sergei_shoigu", "en", "Shoygu"),
        ("sergei_shoigu", "en", "Sergei"),
        ("t_defmin", "en", "Minister of Defence"),
    ]:
        ws.remove_variant(entry_id, lang, form)
    ws.save()


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_tbx_round_trip_restores_variants_with_status(gdir: Path, fmt: str) -> None:
    exported = export_glossary(load_docs([gdir]), fmt=fmt)
    _strip_variants(gdir)
    ws = Workspace.open([gdir])
    report = import_glossary(ws, exported, name="g.tbx")
    ws.save()
    assert report.unmapped == [] and report.added == 4 and report.created == 0
    text = (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "- Sergey Shoigu" in text
    assert "{form: Shoygu, status: admitted, short: true}" in text
    assert "{form: Sergei, status: weak}" in text
    assert "{form: Minister of Defence, status: deprecated}" in (gdir / "titles.yaml").read_text(
        encoding="utf-8"
    )
    assert [p for p in lint_docs(load_docs([gdir])) if p.severity == "error"] == []


def test_import_of_own_export_changes_nothing(gdir: Path) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in gdir.glob("*.yaml")}
    for fmt in ("tbx", "csv"):
        ws = Workspace.open([gdir])
        report = import_glossary(ws, export_glossary(load_docs([gdir]), fmt=fmt), name=f"x.{fmt}")
        assert (report.added, report.created, report.unmapped) == (0, 0, [])
        assert ws.changed() == []
    assert before == {p.name: p.read_text(encoding="utf-8") for p in gdir.glob("*.yaml")}


def test_import_multi_csv_reports_what_it_cannot_map(gdir: Path) -> None:
    content = (
        "en,zh-Hans,ru,de,description\n"
        "Sergei K. Shoigu,谢尔盖·绍伊古,,Sergei Schoigu,defence minister\n"  # maps via zh
        "Wang,许其亮,,,\n"  # a bare surname: added as weak
        "Nobody Known,无名氏,,,\n"  # no entry and no --type
        "Xu Qiliang,,Сергей Шойгу,,\n"  # forms of two entries
    )
    ws = Workspace.open([gdir])
    report = import_glossary(ws, content, name="terms.csv")
    ws.save()
    assert (report.added, report.demoted) == (2, 1)
    text = "\n".join(report.unmapped)
    assert "terms.csv:1: language 'de' (column 4) is not in the glossary" in text
    assert "terms.csv:1: column 'description' (column 5)" in text
    assert "{form: Wang, status: weak}" in (gdir / "people.yaml").read_text(encoding="utf-8")
    assert "terms.csv:4: 'Nobody Known' matches no entry and no entry type was given" in text
    assert "terms.csv:5: its forms belong to different entries" in text
    assert "- Sergei K. Shoigu" in (gdir / "people.yaml").read_text(encoding="utf-8")


def test_import_creates_entries_with_type(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    report = import_glossary(
        ws, "en\tzh\tru\nDong Jun\t董军\tДун Цзюнь\n", name="new.tsv", entry_type="person"
    )
    ws.save()
    assert (report.created, report.unmapped) == (1, [])
    # an imported list is a layer file of its own, claiming the list's languages
    assert report.layer == gdir / "new.yaml"
    text = (gdir / "new.yaml").read_text(encoding="utf-8")
    assert "languages: [en, zh, ru]" in text and "- id: dong_jun" in text


def test_import_two_column_needs_languages(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    with pytest.raises(UsageError, match="give its source and target"):
        import_glossary(ws, "Shoygu,Шойгу\n", name="pairs.csv")
    report = import_glossary(
        ws, "Sergey Shoygu,Сергей Шойгу\n", name="pairs.csv", source="en", target="ru"
    )
    assert report.added == 1


def test_first_row_is_data_when_languages_are_given(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    report = import_glossary(
        ws, "Ru,Шойгу С.\nSergey Shoygu,Сергей Шойгу\n", name="p.csv", source="en", target="ru"
    )
    assert report.added == 1  # "Ru" is a term here, not a column header
    assert report.unmapped == [
        "p.csv:1: 'Ru' matches no entry and no entry type was given; not created"
    ]
    report = import_glossary(
        ws, "en,ru\nShoygu S.,Шойгу С.\n", name="h.csv", source="en", target="ru"
    )
    assert report.unmapped == [
        "h.csv:2: 'Shoygu S.' matches no entry and no entry type was given; not created"
    ]


def test_import_deepl_four_column_rows(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    content = "Sergey Shoygu,Сергей Шойгу,EN,RU\nSergej Schoigu,Сергей Шойгу,DE,RU\n"
    report = import_glossary(ws, content, name="deepl.csv")
    assert report.added == 1
    assert report.unmapped == ["deepl.csv:2: language 'DE' is not in the glossary; skipped"]


def test_import_bad_xml_names_the_line(gdir: Path) -> None:
    ws = Workspace.open([gdir])
    with pytest.raises(InputError, match=r"bad\.tbx:3: not well-formed XML"):
        import_glossary(ws, "<tbx>\n<text>\n<body></text>\n", name="bad.tbx")


def test_import_unknown_tbx_elements_are_reported(gdir: Path) -> None:
    content = (
        '<martif type="TBX-Basic"><text><body>'
        '<termEntry id="x"><descrip type="definition">d</descrip>'
        '<langSet xml:lang="fr"><tig><term>Choïgou</term></tig></langSet>'
        '<langSet xml:lang="en"><ntig><termGrp><term>Sergey Shoygu</term></termGrp></ntig>'
        "</langSet>"
        "</termEntry></body></text></martif>"
    )
    ws = Workspace.open([gdir])
    report = import_glossary(ws, content, name="t.tbx")
    assert report.added == 0  # only one usable form, which matches no entry
    text = "\n".join(report.unmapped)
    assert "<descrip>" in text and "xml:lang=fr" in text and "matches no entry" in text


_cell = (
    st.text(alphabet=st.sampled_from(list("Ab ,;\"'\t-·绍伊古Шой")), min_size=1, max_size=12)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_cell, _cell), min_size=1, max_size=5), st.sampled_from([",", "\t"]))
def test_table_writer_and_reader_agree(pairs: list[tuple[str, str]], delimiter: str) -> None:
    """Commas, quotes, tabs and non-Latin text survive a CSV/TSV round trip."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(pairs)
    unmapped: list[str] = []
    concepts = read_table(
        out.getvalue(), name="t", delimiter=delimiter, source="en", target="ru", unmapped=unmapped
    )
    got = [tuple(form for _, form, _, _ in c.forms) for c in concepts]
    assert got == [p for p in pairs] and unmapped == []


@pytest.mark.parametrize(
    ("code", "lang"),
    [("en", "en"), ("EN-us", "en"), ("zh-Hant", "zh"), ("ru_RU", "ru"), ("de", None)],
)
def test_lang_code(code: str, lang: str | None) -> None:
    assert lang_code(code) == lang


def test_the_shipped_glossary_exported_and_imported_back_maps_every_row(tmp_path: Path) -> None:
    # rows of entries with render_only canonicals (ranks of two armies) were "not mapped"
    from polyglot_news.glossary_tools.files import shipped_dir

    folder = tmp_path / "glossaries"
    shutil.copytree(shipped_dir(), folder, ignore=shutil.ignore_patterns(".*"))
    for fmt in ("csv", "tbx", "tbx2"):
        ws = Workspace.open([folder])
        exported = export_glossary(load_docs([folder]), fmt=fmt)
        report = import_glossary(ws, exported, name=f"x.{fmt}")
        assert report.unmapped == [], fmt
        assert ws.changed() == []


def _yaml_parses_for_import(folder: Path, rows: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times YAML text is composed while ``rows`` new names are imported and saved."""
    import yaml

    calls = []
    real = yaml.compose

    def counting(text: str, *args: object, **kwargs: object) -> object:
        calls.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(yaml, "compose", counting)
    folder.mkdir()
    content = "en,ru\n" + "".join(
        f"Vorak Tel{n:05d},Ворак Тел{n:05d}\n" for n in range(rows)
    )
    ws = Workspace.open([folder])
    report = import_glossary(ws, content, name="list.csv", entry_type="person")
    ws.save()
    assert report.created == rows
    return len(calls)


def test_import_parses_the_files_a_fixed_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Re-reading the file per row made a 3,000-row import take over 600 s; composing the
    # result twice (editor tools, then the engine's loader) cost a third of a 30,000-row one.
    small = _yaml_parses_for_import(tmp_path / "small", 20, monkeypatch)
    large = _yaml_parses_for_import(tmp_path / "large", 200, monkeypatch)
    assert small == large <= 2, (small, large)
