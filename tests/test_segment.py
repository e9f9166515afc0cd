"""Segmentation: the labelled cases, the public API, the configuration and bad input."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import polyglot_news
from polyglot_news.segmentation import Segment, SegmenterConfig, detect, segment
from polyglot_news.segmentation.clauses import clause_spans
from polyglot_news.segmentation.detect import letter_rule, looks_english
from polyglot_news.segmentation.runs import scan_runs, split_gap

CASES_FILE = Path(__file__).parent / "cases" / "segment_cases.json"
CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def _pairs(segments: list[Segment]) -> list[list[str]]:
    return [[s.lang, s.text] for s in segments]


def _embedded_texts(text: str, segments: list[Segment]) -> list[str]:
    return [text[a:b] for s in segments for a, b in s.embedded]


# --- the labelled set -------------------------------------------------------------------------


def test_case_file_is_big_and_consistent() -> None:
    assert len(CASES) >= 60
    for case in CASES:
        assert case["note"], case
        assert "".join(text for _, text in case["expected"]) == case["input"], case["note"]


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_labelled_case(case: dict[str, Any]) -> None:
    segments = segment(case["input"])
    assert _pairs(segments) == case["expected"], case["note"]
    assert _embedded_texts(case["input"], segments) == case.get("embedded", []), case["note"]


# --- the public API -------------------------------------------------------------------------


def test_top_level_exports_are_these() -> None:
    assert polyglot_news.segment is segment
    assert polyglot_news.Segment is Segment
    assert polyglot_news.SegmenterConfig is SegmenterConfig


def test_package_docstring_example() -> None:
    assert [s.lang for s in polyglot_news.segment("Shoigu said 我们 agree.")][:1] == ["en"]


def test_segment_is_frozen_and_slotted() -> None:
    seg = segment("Hello world")[0]
    with pytest.raises(AttributeError):
        seg.lang = "ru"  # type: ignore[misc]
    assert not hasattr(seg, "__dict__")


def test_segment_text_repr_and_equality_ignore_the_source() -> None:
    text = "Россия и NATO"
    seg = segment(text)[0]
    assert seg.text == text
    assert text not in repr(seg)
    twin = Segment(seg.start, seg.end, seg.lang, seg.script, seg.confidence, seg.embedded)
    assert twin == seg and hash(twin) == hash(seg)
    assert twin.text == ""


def test_to_dict_is_json_ready() -> None:
    text = "G20峰会 opened in Hangzhou with leaders from twenty economies."
    dicts = [s.to_dict() for s in segment(text)]
    assert json.loads(json.dumps(dicts, ensure_ascii=False)) == dicts
    first = dicts[0]
    assert set(first) == {
        "start", "end", "lang", "script", "confidence", "embedded", "text", "island", "matrix"
    }  # fmt: skip
    assert (first["lang"], first["script"], first["embedded"]) == ("zh", "Han", [[0, 3]])
    assert first["text"] == text[first["start"] : first["end"]]


def test_segments_and_config_pickle() -> None:
    """Dask ships segments and configs between processes."""
    text = "G20峰会 opened in Hangzhou with leaders from twenty economies."
    segments = segment(text)
    again = pickle.loads(pickle.dumps(segments))
    assert again == segments and [s.text for s in again] == [s.text for s in segments]
    config = SegmenterConfig(max_embedded_words=2)
    assert pickle.loads(pickle.dumps(config)) == config


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("中文", "Han"),
        ("ひらがな", "Kana"),
        ("한국어", "Hangul"),
        ("русский", "Cyrillic"),
        ("English", "Latin"),
        ("ελληνικά", "Other"),
        ("123", "Common"),
    ],
)
def test_script_names(text: str, script: str) -> None:
    assert segment(text)[0].script == script


def test_confidence_is_a_probability() -> None:
    text = "He said: Die Bundesregierung hat am Montag neue Regeln beschlossen. 中文。Да."
    for seg in segment(text):
        assert 0.0 <= seg.confidence <= 1.0


def test_cld3_confidence_is_exposed() -> None:
    (seg,) = segment("El presidente dijo que la reunión fue un éxito.")
    assert seg.lang == "es" and seg.confidence >= SegmenterConfig().cld3_min_probability


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["list"]])
def test_non_str_input_is_a_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="needs a str"):
        segment(bad)


def test_lone_surrogates_are_segmented_too() -> None:
    text = "Die Bundesregierung hat am Montag \ud800 neue Regeln beschlossen. \udfff中文"
    segments = segment(text)
    assert "".join(s.text for s in segments) == text
    assert [s.lang for s in segments] == ["de", "zh"]


def test_digits_glued_to_an_embedded_run_stay_in_its_segment() -> None:
    text = "ελληνικά5G网络"
    segments = segment(text)
    assert _pairs(segments) == [["el", "ελληνικά"], ["zh", "5G网络"]]
    assert _embedded_texts(text, segments) == ["5G"]


# --- configuration ---------------------------------------------------------------------------


def test_config_is_immutable_with_keyword_overrides() -> None:
    config = SegmenterConfig()
    with pytest.raises(AttributeError):
        config.use_cld3 = False  # type: ignore[misc]
    changed = config._replace(max_embedded_words=1)
    assert changed.max_embedded_words == 1 and config.max_embedded_words == 3
    assert SegmenterConfig(use_cld3=False).use_cld3 is False


def test_without_cld3_latin_clauses_stay_english() -> None:
    text = "Die Bundesregierung beschloss am Montag neue Regeln."  # no listed function word
    assert segment(text)[0].lang == "de"
    assert segment(text, SegmenterConfig(use_cld3=False))[0].lang == "en"


def test_letter_rules_apply_without_cld3() -> None:
    config = SegmenterConfig(use_cld3=False)
    assert segment("Київ і Москва", config)[0].lang == "uk"
    assert segment("для ўсіх", config)[0].lang == "be"


def test_max_embedded_words_is_configurable() -> None:
    text = "会议由Shanghai Cooperation Organization秘书处主办。"
    assert len(segment(text)) == 1
    langs = [s.lang for s in segment(text, SegmenterConfig(max_embedded_words=2))]
    assert langs == ["zh", "en", "zh"]


def test_max_embedded_letters_is_configurable() -> None:
    text = "双方同意在BRICS框架内合作。"
    assert [s.lang for s in segment(text, SegmenterConfig(max_embedded_letters=4))] == [
        "zh",
        "en",
        "zh",
    ]


def test_embed_hosts_is_configurable() -> None:
    text = "Россия и NATO провели переговоры."
    segments = segment(text, SegmenterConfig(embed_hosts=frozenset({"zh"})))
    assert [s.lang for s in segments] == ["ru", "en", "ru"]


def test_cld3_min_letters_is_configurable() -> None:
    text = "Wir haben es geschafft, sagte sie."
    assert segment(text)[0].lang == "de"
    # function words (wir, haben) would decide before CLD3, and lingua decides a short
    # text alone: switch both off
    config = SegmenterConfig(
        cld3_min_letters=40, use_function_words=False, lingua_short_alone=False
    )
    assert segment(text, config)[0].lang == "en"


def test_cld3_min_probability_is_configurable() -> None:
    text = "Die Bundesregierung beschloss am Montag neue Regeln."
    # lingua would still decide where CLD3 is unsure: switch it off to see the threshold
    config = SegmenterConfig(cld3_min_probability=1.01, use_lingua=False)
    assert segment(text, config)[0].lang == "en"


def test_candidates_restrict_cld3() -> None:
    text = "Министърът на отбраната заяви, че учението ще се проведе през септември."
    assert segment(text)[0].lang == "bg"
    config = SegmenterConfig(cyrillic_candidates=frozenset({"ru", "uk"}))
    assert segment(text, config)[0].lang == "ru"


# --- CLD3: capped, lazy, loaded once ----------------------------------------------------------


def test_cld3_never_sees_more_than_a_capped_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = detect.cld3_language

    def spy(text: str) -> tuple[str, float]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(detect, "cld3_language", spy)
    config = SegmenterConfig(cld3_max_chars=500, use_function_words=False)
    clause = "le président a déclaré que la situation était grave " * 200  # one 10,400-char clause
    text = "He said: " + clause + ". Then he left."
    segments = segment(text, config)
    assert "".join(s.text for s in segments) == text
    assert seen and max(len(t) for t in seen) <= 500
    assert all(t in text for t in seen)


def test_cld3_is_not_loaded_at_import() -> None:
    code = (
        "import sys, polyglot_news, polyglot_news.segmentation as s\n"
        "assert 'gcld3' not in sys.modules, 'imported at import time'\n"
        "s.segment('中文和NATO。Россия и Китай.')\n"
        "assert 'gcld3' not in sys.modules, 'loaded for short clauses'\n"
        "s.segment('Die Bundesregierung beschloss am Montag neue Regeln.')\n"
        "assert 'gcld3' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_cld3_identifier_is_cached() -> None:
    assert detect._identifier() is detect._identifier()


# --- building blocks ---------------------------------------------------------------------------


def test_scan_runs_joins_neutrals_between_one_script() -> None:
    text = "Hi, 2 you! 中文。Да"
    runs = scan_runs(text)
    assert [(text[r.start : r.end], r.script) for r in runs] == [
        ("Hi, 2 you", "Latin"),
        ("中文", "Han"),
        ("Да", "Cyrillic"),
    ]


def test_scan_runs_keeps_combining_marks_and_common_letters() -> None:
    text = "cafe\u0301 мʼясо ー"
    runs = scan_runs(text)
    assert [text[r.start : r.end] for r in runs] == ["cafe\u0301", "мʼясо", "ー"]


@pytest.mark.parametrize(
    ("left", "gap", "right", "cut"),
    [
        ("said", " ", "中", 1),  # spaces stay left
        ("said", " “", "中", 1),  # opening quote goes right
        ("文", "” ", "He", 2),  # closing quote and space stay left
        ("文", "。“", "He", 1),
        ("in", " 2023", "年", 1),  # a number glued to the right goes right
        ("G", "20", "峰", 2),  # a number glued to the left word stays left
        ("COVID", "-19", "疫", 3),
        ("word", '"', "中", 1),  # an ASCII quote after a letter closes
        ("word", ' "', "中", 1),  # ... after a space it opens
        ("готова", "“ ", "and", 2),  # a quote followed by a space closes
    ],
)
def test_split_gap(left: str, gap: str, right: str, cut: int) -> None:
    text = left + gap + right
    assert split_gap(text, len(left), len(left) + len(gap)) == len(left) + cut


def test_clause_spans_tile_the_run() -> None:
    text = "U.S. troops left at 3.5 km. Then: more. 中文。再见"
    spans = list(clause_spans(text, 0, len(text)))
    assert "".join(text[a:b] for a, b in spans) == text
    assert [text[a:b] for a, b in spans] == [
        "U.S. troops left at 3.5 km. ",
        "Then: ",
        "more. ",
        "中文。",
        "再见",
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Київ", "uk"),
        ("їжак", "uk"),
        ("Європа", "uk"),
        ("ґанок", "uk"),
        ("ўсё", "be"),
        ("і ўсё", "be"),
        ("Москва", None),  # no deciding letter: CLD3 or the default decides
        ("выборы", "ru"),
        ("это", "ru"),
        ("і ы", "be"),  # Ukrainian has no ы
        ("Сербија", None),  # Serbian ј turns the rules off
        ("Қазақстан і", None),  # Kazakh letters: the uk rule would mislead
    ],
)
def test_letter_rule(text: str, lang: str | None) -> None:
    assert letter_rule(text) == lang


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("The talks ended.", True),
        ("China’s role in the region", True),
        ("Die Bundesregierung hat beschlossen", False),
        ("the café", False),  # non-ASCII letters: CLD3 decides
        ("Support us", False),
    ],
)
def test_looks_english(text: str, english: bool) -> None:
    assert looks_english(text) is english


# --- size ---------------------------------------------------------------------------------------


def test_two_megabyte_single_line() -> None:
    english = "The members met in the city and said they would meet again next year. " * 30
    unit = english + "The SCO members met in 奥伦堡 and said «мир» 12 times; "
    text = unit * (2_000_000 // len(unit) + 1)
    segments = segment(text)
    assert "".join(s.text for s in segments) == text
    assert [s.lang for s in segments[:4]] == ["en", "zh", "en", "ru"]
    assert len(segments) == 4 * text.count("奥伦堡") + 1


def test_many_script_changes() -> None:
    text = "The SCO members met in 奥伦堡 and said «мир» 12 times; " * 4000
    segments = segment(text)
    assert "".join(s.text for s in segments) == text
    assert [s.lang for s in segments[:5]] == ["en", "zh", "en", "ru", "en"]


def test_two_megabyte_line_without_punctuation() -> None:
    text = "word " * 400_000 + "中文" * 1000
    segments = segment(text)
    assert [s.lang for s in segments] == ["en", "zh"]
    assert segments[1].start == 2_000_000


def test_glued_digits_of_another_script_stay_in_their_own_segment() -> None:
    # Hypothesis found '一A၀': the Myanmar digit was glued to the embedded 'A' and also
    # formed its own segment, so the embedded span left its host segment.
    segs = segment("一A၀")
    assert [(s.lang, s.text) for s in segs] == [("zh", "一A"), ("my", "၀")]
    assert segs[0].embedded == ((1, 2),)


def test_embedded_spans_stay_inside_their_segment_when_units_overlap() -> None:
    text = "一A。Aぁ"  # found by hypothesis: a kana clause also claims the second 'A'
    segs = segment(text)
    assert "".join(s.text for s in segs) == text
    for seg in segs:
        assert all(seg.start <= a < b <= seg.end for a, b in seg.embedded)
