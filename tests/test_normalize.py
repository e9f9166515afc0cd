"""normalize(): every variant class, false positives, idempotence, offsets and replay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from polyglot_news.glossary import Change, Glossary, Normalized, apply_changes, normalize

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "normalize_cases.yaml").read_text(encoding="utf-8")
)["cases"]


def check(result: Normalized, *, lang: str | None = None) -> None:
    """The invariants every normalize() result keeps."""
    assert apply_changes(result.source, result.changes) == result.text
    for change in result.changes:
        assert result.source[change.start : change.end] == change.original
        assert change.original != change.replacement
    assert normalize(result.text, lang=lang).text == result.text


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = normalize(case["input"], lang=case.get("lang"))
    assert result.text == case["expected"]
    if "changes" in case:
        assert len(result.changes) == case["changes"]
    if "rules" in case:
        assert [c.rule for c in result.changes] == case["rules"]
    check(result, lang=case.get("lang"))


def _examples() -> list[tuple[str, dict[str, str]]]:
    return [(e.id, ex) for e in Glossary.default() for ex in e.examples]


@pytest.mark.parametrize(("entry_id", "example"), _examples())
def test_shipped_examples(entry_id: str, example: dict[str, str]) -> None:
    result = normalize(example["input"], lang=example.get("lang"))
    assert result.text == example["expected"], entry_id
    check(result, lang=example.get("lang"))


def test_change_record() -> None:
    result = normalize("Defence Minister Sergey Shoygu", lang="en")
    assert result.source == "Defence Minister Sergey Shoygu"
    assert result.changes == (
        Change(
            0, 16, "Defence Minister", "Defense Minister", "t_defmin", "admitted", "en", "exact"
        ),
        Change(
            17, 30, "Sergey Shoygu", "Sergei Shoigu", "sergei_shoigu", "admitted", "en", "exact"
        ),
    )
    assert result.changed


def test_deprecated_status_is_reported() -> None:
    (change,) = normalize("Central Military Council", lang="en").changes
    assert change.status == "deprecated" and change.replacement == "Central Military Commission"


def test_canonical_is_not_a_change() -> None:
    text = "Sergei Shoigu met Li Zuocheng, General Valery Gerasimov and the SCO."
    result = normalize(text, lang="en")
    assert result.text == text and result.changes == () and not result.changed


def test_case_only_difference_is_preferred_status() -> None:
    result = normalize("The Shanghai cooperation organization", lang="en")
    # the SCO entry is case-sensitive: a lower-case phrase is prose, not the name
    assert result.changes == ()
    ours = Glossary.from_entries(
        [
            __import__("polyglot_news.glossary", fromlist=["Entry"]).Entry(
                "acme", "org", {"en": "Acme Trading Company"}, case_sensitive=False
            )
        ]
    )
    (change,) = normalize("the acme trading company", glossary=ours, lang="en").changes
    assert change.status == "preferred" and change.rule == "case"
    assert change.replacement == "Acme Trading Company"


def test_yo_rule() -> None:
    (change,) = normalize("Объединенный штаб ЦВС КНР", lang="ru").changes
    assert change.rule == "yo" and change.replacement == "Объединённый штаб ЦВС КНР"


def test_traditional_rule_and_listed_variant() -> None:
    (change,) = normalize("上將", lang="zh").changes
    assert change.rule == "traditional->simplified" and change.status == "preferred"
    assert change.replacement == "上将"
    (change,) = normalize("習近平", lang="zh").changes
    assert change.rule == "exact" and change.status == "admitted"
    (change,) = normalize("張又俠", lang="zh").changes
    assert change.rule == "exact" and change.status == "admitted"


def test_simplified_and_traditional_both_match() -> None:
    glossary = Glossary.default()
    assert [m.entry_id for m in glossary.find("绍伊古", "zh")] == ["sergei_shoigu"]
    assert [m.entry_id for m in glossary.find("紹伊古", "zh")] == ["sergei_shoigu"]


def test_russian_inflection_keeps_the_case() -> None:
    glossary = Glossary.default()
    for form in [
        "Путина",
        "Путину",
        "Путиным",
        "Путине",
        "Герасимова",
        "Герасимову",
        "Герасимовым",
        "Шойгу",
    ]:
        (match,) = glossary.find(f"встреча с {form} прошла", "ru")
        assert match.text == form and match.replacement == form
    result = normalize("Министерства обороны РФ", lang="ru")
    assert result.text == "Министерства обороны Российской Федерации"
    assert result.changes[0].rule == "inflection"


def test_ranks_stay_in_their_own_ladder() -> None:
    glossary = Glossary.default()
    # 上将 is the PLA's General and the Chinese press's word for Russia's Colonel General:
    # with a holder it is one ladder's; alone it is neither, and never maps across
    pla = glossary.find("上将许其亮", "zh")[0]
    assert pla.entry_id == "r_pla_general" and glossary.render(pla.entry_id, "en") == "General"
    (alone,) = glossary.find("上将", "zh")
    assert alone.entry_id == ""
    assert sorted(alone.candidates) == ["r_pla_general", "r_ru_colonel_general"]
    (ru,) = glossary.find("генерал-полковник Сергей Иванов", "ru")[:1]
    assert ru.entry_id == "r_ru_colonel_general"  # a Russian holder: Russia's ladder
    (xinhua,) = glossary.find("генерал-полковник Сюй Цилян", "ru")[:1]
    assert xinhua.entry_id == "r_pla_general"  # Xinhua's word for a PLA 上将
    (unknown,) = glossary.find("генерал-полковник", "ru")
    assert unknown.entry_id == "" and len(unknown.candidates) == 2
    assert glossary.translate_terms("上将许其亮", "zh", "en") == "General Xu Qiliang"
    assert glossary.translate_terms("上将", "zh", "en") is None  # General or Colonel General
    assert glossary.translate_terms("генерал-полковник", "ru", "en") is None
    assert glossary.translate_terms("генерал-полковник", "ru", "zh") == "上将"  # both write it
    assert glossary.translate_terms("大校", "zh", "ru") == "старший полковник"


@pytest.mark.parametrize(
    "text",
    [
        "Gen Z",
        "General Motors",
        "Xuzhou",
        "Putinism",
        "Sergeyev",
        "ShoiguX",
        "XXi Jinping",
        "Li Zuochengs",
        "the UNESCO office",
        "G200",
        "Xi Jinpingian",
        "Moscowite",
        "Chinatown",
        "gen. staff",
        "prosecutor general",
        "Chiefs of General Staff met",
        "the Prosecutor General's Office",
    ],
)
def test_false_positives_untouched(text: str) -> None:
    result = normalize(text, lang="en")
    assert result.text == text and result.changes == ()
    matched = [m.text for m in Glossary.default().find(text, "en")]
    assert "General" not in matched and "Putin" not in matched and "Xu" not in matched


def test_weak_forms_never_match() -> None:
    glossary = Glossary.default()
    assert glossary.find("Li said and Xu agreed with Sergei.", "en") == []
    assert glossary.find("李说", "zh") == []


def test_weak_forms_shield_other_countries() -> None:
    glossary = Glossary.default()
    assert [m.text for m in glossary.find("美国国防部和国防部", "zh")] == ["国防部"]
    assert glossary.find("Taiwan's Ministry of National Defense", "en") == []
    assert [m.entry_id for m in glossary.find("Chinese Ministry of National Defense", "en")] == [
        "mnd_cn"
    ]


def test_find_reports_canonical_forms_with_details() -> None:
    (match,) = Glossary.default().find("Sergei Shoigu", "en")
    assert (match.start, match.end, match.entry_id, match.status, match.short, match.rule) == (
        0,
        13,
        "sergei_shoigu",
        "preferred",
        False,
        "exact",
    )
    (short,) = Glossary.default().find("Shoygu", "en")
    assert short.short and short.status == "admitted" and short.replacement == "Shoigu"


def test_longest_leftmost() -> None:
    glossary = Glossary.default()
    assert [m.text for m in glossary.find("Lt. Gen. Li", "en")] == ["Lt. Gen."]
    assert [m.entry_id for m in glossary.find("Orenburg Oblast", "en")] == ["p_orenburg"]
    assert [m.entry_id for m in glossary.find("中央军委联合参谋部参谋长", "zh")] == ["t_chief_jsd"]


def test_render_and_short() -> None:
    glossary = Glossary.default()
    assert glossary.render("sergei_shoigu", "zh") == "谢尔盖·绍伊古"
    assert glossary.render("sergei_shoigu", "zh", short=True) == "绍伊古"
    assert glossary.render("xi_jinping", "en", short=True) == "Xi Jinping"


def test_unknown_language_and_rendering() -> None:
    from polyglot_news.errors import GlossaryError

    glossary = Glossary.default()
    with pytest.raises(ValueError, match="unknown language 'de'"):
        glossary.find("Putin", "de")
    with pytest.raises(GlossaryError, match="no de canonical"):
        glossary.render("vladimir_putin", "de")


def test_translate_terms() -> None:
    glossary = Glossary.default()
    assert glossary.translate_terms("General Li Zuocheng", "en", "zh") == "上将李作成"
    assert (
        glossary.translate_terms("General Li Zuocheng", "en", "ru") == "генерал-полковник Ли Цзочэн"
    )
    assert glossary.translate_terms("Sergey Shoygu", "en", "zh") == "谢尔盖·绍伊古"
    assert glossary.translate_terms("(SCO)", "en", "ru") == "(ШОС)"
    assert glossary.translate_terms("普京", "zh", "en") == "Putin"
    assert glossary.translate_terms("Путину", "ru", "en") == "Putin"
    assert glossary.translate_terms("Sergei Shoigu said", "en", "ru") is None
    assert glossary.translate_terms("nothing here", "en", "ru") is None


def test_empty_and_untouched_text() -> None:
    assert normalize("", lang="en") == Normalized("", "", ())
    text = "Plain prose with no names at all.\n\tSecond line  with spaces."
    assert normalize(text).text == text


def test_replacement_never_glues_tokens() -> None:
    # "Gen." before a letter would become "GeneralLi"; it is left alone instead
    assert normalize("Gen.Li Zuo-cheng", lang="en").text == "Gen.Li Zuocheng"
    assert normalize("Gen.Объединенного штаба", lang="ru").text == "GeneralОбъединенного штаба"


def test_script_change_is_a_token_boundary() -> None:
    glossary = Glossary.default()
    assert [m.entry_id for m in glossary.find("ПутинPutin", "ru")] == ["vladimir_putin"] * 2


def test_apply_changes_refuses_a_stale_record() -> None:
    change = Change(0, 6, "Shoygu", "Shoigu", "sergei_shoigu", "admitted", "en", "exact")
    assert apply_changes("Shoygu!", [change]) == "Shoigu!"
    with pytest.raises(ValueError, match="expects"):
        apply_changes("Shoigu!", [change])
    with pytest.raises(ValueError, match="overlaps"):
        apply_changes("Shoygu!", [change, change])


def test_custom_glossary_argument() -> None:
    from polyglot_news.glossary import Entry, Variant

    entry = Entry("acme", "org", {"en": "Acme"}, variants={"en": (Variant("ACME Corp"),)})
    glossary = Glossary.from_entries([entry])
    assert normalize("ACME Corp and Sergey Shoygu", glossary=glossary, lang="en").text == (
        "Acme and Sergey Shoygu"
    )


def test_public_exports() -> None:
    import polyglot_news
    import polyglot_news.glossary as pkg

    names = "Glossary Entry Variant Match Change Normalized normalize apply_changes"
    assert set(pkg.__all__) == set(names.split())
    assert polyglot_news.normalize is normalize
    assert polyglot_news.Glossary is Glossary


# -- properties -------------------------------------------------------------------------------

_PIECES = [
    "Sergey Shoygu",
    "Shoygu",
    "Sergei Shoigu",
    "Xu Qi-liang",
    "Li Zuo cheng",
    "Gen.",
    "Gen Z",
    "Lt. Gen.",
    "Sr. Col.",
    "General",
    "General Motors",
    "Putin",
    "Putinism",
    "Xuzhou",
    "SCO",
    "Shanghai Cooperation Organisation",
    "Defence Minister",
    "紹伊古",
    "普丁",
    "習近平",
    "上将",
    "和平使命－2021",
    "Путину",
    "Герасимовым",
    "Министерства обороны РФ",
    "генерал-полковник",
    "Объединенного штаба ЦВС КНР",
    "Шойгу",
    "ё",
    "the",
    "and",
    "said",
    "在",
    "会见",
    "и",
    "с",
]
_SEPARATORS = [" ", ", ", ". ", "", "-", "\n", "（", "）", "«", "»", "'s "]

texts = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS), st.text(max_size=4)),
    max_size=12,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "en", "ru", "zh"]))
@example("Gen.Объединенного штаба ЦВС КНР", None)
@example("Gen.Li Zuo-cheng and Gen.Gen.", "en")
def test_offsets_replay_and_idempotence(text: str, lang: str | None) -> None:
    result = normalize(text, lang=lang)
    assert result.source == text
    check(result, lang=lang)
    # every character outside the changed spans comes back byte-identical
    pos = 0
    out_pos = 0
    for change in result.changes:
        gap = change.start - pos
        assert result.text[out_pos : out_pos + gap] == text[pos : change.start]
        out_pos += gap + len(change.replacement)
        pos = change.end
    assert result.text[out_pos:] == text[pos:]
    starts = [c.start for c in result.changes]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(result.changes, result.changes[1:], strict=False))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_arbitrary_text_never_breaks(text: str) -> None:
    check(normalize(text, lang="en"), lang="en")


@pytest.mark.samples
def test_samples_normalize_cleanly(samples_dir: Path) -> None:
    glossary = Glossary.default()
    found: set[str] = set()
    for path in sorted(samples_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = normalize(text)
        check(result)
        found |= {m.entry_id for m in glossary.find(text)}
    for entry_id in [
        "li_zuocheng",
        "valery_gerasimov",
        "li_shangfu",
        "sergei_shoigu",
        "vladimir_putin",
        "tan_kefei",
        "xi_jinping",
        "xu_qiliang",
        "chang_wanquan",
        "zhang_youxia",
        "sco",
        "csto",
        "cmc",
        "mnd_cn",
        "un",
        "g20",
        "p_orenburg",
        "p_donguz",
        "e_peace_mission_2021",
        "e_interaction_2022",
        "t_state_councilor",
        "t_defmin",
        "r_senior_colonel",
    ]:
        assert entry_id in found, entry_id


@pytest.mark.parametrize(
    "text",
    [
        "CMC CMC Joint Staff Department",  # a replacement forms a new match with its neighbour
        "MND MND Spokesman",
        "x CMC CMC Joint Staff Department y Sergey Shoygu",
    ],
)
def test_normalize_reaches_a_fixed_point_and_still_replays(text: str) -> None:
    result = normalize(text)
    assert normalize(result.text).text == result.text
    assert apply_changes(text, result.changes) == result.text
    for change in result.changes:
        assert text[change.start : change.end] == change.original


def test_composed_change_covers_both_passes() -> None:
    result = normalize("CMC CMC Joint Staff Department")
    (change,) = result.changes
    assert (change.start, change.end) == (0, 30)
    assert change.entry_id == "jsd"


# -- the second pass: only where a replacement can have made a new match ---------------------


def _full_second_pass(
    glossary: Glossary, text: str, lang: str | None, spans: Any, date: str | None, **_: Any
) -> list[Change]:
    """The reference: every later pass searches the whole text again."""
    import importlib

    module = importlib.import_module("polyglot_news.glossary.normalize")
    return module._normalize_once(glossary, text, lang, date, report=False)[1]


# forms whose canonical forms run into other forms: titles and ranks that compose
_COMPOSING = [
    "Col.",
    "Colonel",
    "General",
    "Gen.",
    "Col. Gen.",
    "Sr. Col.",
    "CMC",
    "MND",
    "Joint Staff Department",
    "Chief of",
    "Ministry of National Defence",
    "Spokesman",
    "Spokesperson for the",
    "Vice-Chairman of the",
    "Central Military Council",
    "Russian",
    "Defence Minister",
    "Minister of",
    "General Staff",
    "of the Army",
    "PLA",
    "军委",
    "联合参谋部参谋长",
    "國防部",
    "俄罗斯",
    "普丁",
    "генерал-полковник",
    "Минобороны",
]
composing_texts = st.lists(
    st.one_of(st.sampled_from(_COMPOSING), st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)),
    max_size=14,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(texts, composing_texts), st.sampled_from(["en", "ru", "zh"]))
@example("CMC CMC Joint Staff Department", "en")
@example("x Col. General y", "en")
@example("MND MND Spokesman\nSergey Shoygu", "en")
# "Col." glued to a Cyrillic word: the period after it ended the sentence only until it
# was written out as "Colonel", so the evidence beyond it showed on the second pass only
@example("Ministry of National Defenceгенерал-полковникCol. Объединенного штаба ЦВС КНР", "en")
# a title expanded with its body (联合参谋部参谋长 -> 军委联合参谋部参谋长, beside PLA) is new
# evidence for the title before it: the local pass redid only lines where hits touch a
# replacement
@example("联合参谋部参谋长 联合参谋部参谋长PLA", "en")
def test_local_second_pass_equals_a_full_one(text: str, lang: str) -> None:
    import importlib

    module = importlib.import_module("polyglot_news.glossary.normalize")
    local = normalize(text, lang=lang)
    original = module._renormalize
    module._renormalize = _full_second_pass
    try:
        full = normalize(text, lang=lang)
    finally:
        module._renormalize = original
    assert local == full


def test_touched_spans_finds_only_replacements_a_hit_reaches() -> None:
    from polyglot_news.glossary.recheck import touched_spans

    glossary = Glossary.default()
    # the last pass wrote the canonical of "CMC Joint Staff Department" after a "CMC": the
    # two now form that variant again, so the first span is touched; the second is not
    text = "CMC Joint Staff Department of the CMC xx Sergei Shoigu"
    assert touched_spans(glossary, text, [(4, 37), (41, 54)]) == [(4, 37)]
    # a canonical name read back as written, between ordinary words, reaches nothing
    assert touched_spans(glossary, "met Sergei Shoigu today", [(4, 17)]) == []
    assert touched_spans(glossary, "met Sergei Shoigu today", []) == []


def test_second_pass_runs_only_on_the_touched_line() -> None:
    import importlib

    module = importlib.import_module("polyglot_news.glossary.normalize")
    seen: list[str] = []
    original = module._normalize_once

    def spy(glossary: Glossary, text: str, lang: str | None, *args: Any, **kwargs: Any) -> Any:
        seen.append(text)
        return original(glossary, text, lang, *args, **kwargs)

    module._normalize_once = spy
    try:
        text = "Sergey Shoygu left.\nCMC CMC Joint Staff Department\nXu Qi-liang spoke."
        result = normalize(text, lang="en")
    finally:
        module._normalize_once = original
    assert result.text == (
        "Sergei Shoigu left.\nJoint Staff Department of the CMC of the CMC\nXu Qiliang spoke."
    )
    # the second pass read the middle line alone, not the whole text
    assert seen == [text, "CMC Joint Staff Department of the CMC"]


def test_reach_of_replacements() -> None:
    from polyglot_news.glossary.recheck import inert, reach

    glossary = Glossary.default()
    # a full name: no key overlaps it at a token boundary, none contains it
    assert inert(glossary, "Sergei Shoigu")
    assert inert(glossary, "Xu Qiliang")
    # a rank that other ranks continue ("Colonel General") or end with ("Senior Colonel")
    left, right = reach(glossary, "Colonel") or (0, 0)
    assert right >= len(" General") and left >= len("Senior ")
    # the canonical of "CMC Joint Staff Department" can be read with a "CMC" before it
    left, _ = reach(glossary, "Joint Staff Department of the CMC") or (0, 0)
    assert left >= len("CMC ")
    assert not inert(glossary, "")


def _beta_and_alpha(alpha_variant: str) -> Glossary:
    """``BC`` -> ``Beta Corp``, and an entry ``alpha`` whose variant holds ``Beta Corp``."""
    from polyglot_news.glossary import Entry, Variant

    return Glossary.from_entries(
        [
            Entry("beta", "org", {"en": "Beta Corp"}, variants={"en": (Variant("BC"),)}),
            Entry("alpha", "org", {"en": "Alpha Unit"}, variants={"en": (Variant(alpha_variant),)}),
        ]
    )


def test_a_replacement_inside_a_longer_variant_is_read_again() -> None:
    # "BC" becomes "Beta Corp", which sits inside another entry's variant
    from polyglot_news.glossary.recheck import reach

    glossary = _beta_and_alpha("Alpha Beta Corp Unit")
    assert reach(glossary, "Beta Corp") == (len("Alpha "), len(" Unit"))
    result = normalize("They met Alpha BC Unit staff.", glossary=glossary, lang="en")
    assert result.text == "They met Alpha Unit staff."
    assert [(c.original, c.replacement) for c in result.changes] == [
        ("Alpha BC Unit", "Alpha Unit")
    ]


def test_english_text_never_builds_the_russian_automaton() -> None:
    # building it loads pymorphy3 (half a second): `polyglot-news normalize` on one English
    # line must not pay for it, not even to re-check its replacements
    glossary = Glossary.from_entries(Glossary.default().entries)
    result = normalize("Sergey Shoygu met Xu Qi-liang, the Defence Minister.", glossary=glossary)
    assert result.text == "Sergei Shoigu met Xu Qiliang, the Defense Minister."
    assert "ru" not in glossary._matchers
    assert "zh" not in glossary._matchers
    # nor when a replacement must be read again in its line
    result = normalize("x CMC CMC Joint Staff Department y", glossary=glossary)
    assert result.text == "x Joint Staff Department of the CMC of the CMC y"
    assert "ru" not in glossary._matchers
    assert "zh" not in glossary._matchers


def test_a_form_with_a_line_break_is_read_again_across_lines() -> None:
    # entries built in Python may hold a line break (the loader refuses them): then a
    # later pass reads the whole text, not only the lines of the replacements
    glossary = _beta_and_alpha("Alpha\nBeta Corp")
    assert normalize("Alpha\nBC", glossary=glossary, lang="en").text == "Alpha Unit"


def test_a_merged_change_names_one_entry_and_records_the_others() -> None:
    # the change over "Alpha BC Unit" stands for two entries: the one the last pass wrote
    # is its entry_id (so Glossary.get resolves it), all of them are in entries, in order
    glossary = _beta_and_alpha("Alpha Beta Corp Unit")
    (change,) = normalize("They met Alpha BC Unit staff.", glossary=glossary, lang="en").changes
    assert change.entry_id == "alpha" and glossary.get(change.entry_id).id == "alpha"
    assert change.entries == change.entry_ids == ("beta", "alpha")
    assert change.to_dict()["entries"] == ["beta", "alpha"]
    (single,) = normalize("BC", glossary=glossary, lang="en").changes
    assert (single.entries, single.entry_ids) == ((), ("beta",))
    assert "entries" not in single.to_dict()


def test_translate_terms_is_none_outside_the_glossary_languages() -> None:
    glossary = Glossary.default()
    assert glossary.translate_terms("Putin", "en", "ru") == "Путин"
    assert glossary.translate_terms("Putin", "en", "de") is None
    assert glossary.translate_terms("Putin", "de", "en") is None


def test_glossary_normalize_is_normalize_with_that_glossary() -> None:
    glossary = Glossary.default()
    text = "Sergey Shoygu met Xu Qi-liang."
    assert glossary.normalize(text, "en") == normalize(text, glossary=glossary, lang="en")
