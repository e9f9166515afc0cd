"""Segmentation v2: matrix language per sentence, foreign-script islands, other languages.

Every case here is written for these tests (none is taken from a benchmark).
"""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_news import Pipeline
from polyglot_news.segmentation import SegmenterConfig, segment


def _spans(text: str, config: SegmenterConfig | None = None) -> list[tuple[str, str]]:
    return [(s.lang, s.text.strip()) for s in segment(text, config)]


# -- 1. a Han or Cyrillic name in an English sentence is an island --

ISLANDS = [
    (
        "Russian Defense Minister Шойгу said the drills promote peace.",
        [
            ("en", "Russian Defense Minister"),
            ("ru", "Шойгу"),
            ("en", "said the drills promote peace."),
        ],
    ),
    (
        "Defense Minister 李尚福 met Putin.",
        [("en", "Defense Minister"), ("zh", "李尚福"), ("en", "met Putin.")],
    ),
    (
        "After Сергей Шойгу, the bill went to the Duma.",
        [("en", "After"), ("ru", "Сергей Шойгу,"), ("en", "the bill went to the Duma.")],
    ),
    (
        "Premier Li Qiang (李强) opened the forum.",
        [("en", "Premier Li Qiang"), ("zh", "(李强)"), ("en", "opened the forum.")],
    ),
    (
        "Colonel Иванов: the statement is final.",
        [("en", "Colonel"), ("ru", "Иванов:"), ("en", "the statement is final.")],
    ),
]


def test_islands_keep_the_english_words_around_them_english() -> None:
    for text, expected in ISLANDS:
        assert _spans(text) == expected, text


def test_an_island_records_its_matrix_language() -> None:
    segments = segment("Foreign Minister 王毅 spoke first.")
    island = [s for s in segments if s.lang == "zh"]
    assert len(island) == 1 and island[0].island and island[0].matrix == "en"
    assert all(not s.island and s.matrix is None for s in segments if s.lang == "en")
    assert island[0].to_dict()["island"] is True and island[0].to_dict()["matrix"] == "en"


def test_a_long_foreign_clause_is_not_an_island() -> None:
    text = "He wrote «Мы долго говорили о будущем наших городов и сел» in the letter."
    ru = [s for s in segment(text) if s.lang == "ru"]
    assert len(ru) == 1 and not ru[0].island


def test_latin_inside_a_chinese_or_russian_host_stays_embedded() -> None:
    for text, host in [
        ("据Reuters报道，会议在北京举行。", "zh"),
        ("Компания Apple представила новый iPhone в Москве.", "ru"),
        ("Шойгу встретился с Li Zuocheng.", "ru"),
    ]:
        segments = segment(text)
        assert [s.lang for s in segments] == [host], text
        assert segments[0].embedded and not segments[0].island


def test_latin_glued_inside_a_han_island_stays_with_it() -> None:
    assert _spans("The SCO summit 上海合作组织SCO峰会 opened.") == [
        ("en", "The SCO summit"),
        ("zh", "上海合作组织SCO峰会"),
        ("en", "opened."),
    ]


def test_the_pipeline_gives_one_output_for_three_spellings_without_models(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outputs = set()
    with Pipeline(translator_options={"models_dir": tmp_path}) as pipeline:
        for name in ("Shoigu", "Шойгу", "绍伊古"):
            doc = pipeline.process(
                f"Russian Defense Minister {name} said the drills promote peace."
            )
            outputs.add(doc.text)
    assert len(outputs) == 1, outputs


# -- 2. other languages in short text: letters decide --

LETTERS = [
    ("тоқсан", "kk"),  # қ
    ("књигу", "sr"),  # њ
    ("їжак", "uk"),  # ї
    ("ўсход", "be"),  # ў
    ("Straße", "de"),  # ß
]


def test_letters_only_some_languages_have_decide_short_clauses() -> None:
    for text, lang in LETTERS:
        assert [s.lang for s in segment(text)] == [lang], text


def test_a_detector_never_moves_a_clause_into_a_language_without_its_letters() -> None:
    # ы and э are not Ukrainian, Bulgarian or Serbian letters: this stays Russian
    for text in ("Мы были в этом городе.", "Это был ты?", "Вы тоже."):
        assert [s.lang for s in segment(text)] == ["ru"], text


def test_german_sentence_without_umlauts_is_german() -> None:
    assert [s.lang for s in segment("Das brach uns dann komplett das Genick.")] == ["de"]


# -- 3. short Russian clauses stay Russian --


def test_short_russian_clauses_stay_russian() -> None:
    for text in (
        "Петров пал в бою.",
        "для приложений на платформе Android",
        "Дела у нас идут неплохо.",
        "Да, это он вчера звонил.",
    ):
        assert {s.lang for s in segment(text)} == {"ru"}, text


# -- 4. short English fragments and pinyin names stay English --


def test_pinyin_names_in_english_stay_english() -> None:
    for text in (
        "Zhang Youxia also met Russian officials.",
        "Wang Xiaohong then visited Harbin.",
    ):
        assert {s.lang for s in segment(text)} == {"en"}, text


def test_lingua_short_clauses_can_be_switched_on() -> None:
    config = SegmenterConfig(lingua_short_clauses=True)
    assert [s.lang for s in segment("какво", config)] == ["bg"]
    assert [s.lang for s in segment("біріккен", config)] == ["kk"]  # і: uk, be or kk
    # by default a word alone goes to lingua too; inside longer text a short clause
    # follows its neighbours and keeps ru
    assert [s.lang for s in segment("какво")] == ["bg"]
    assert [s.lang for s in segment("какво", SegmenterConfig(lingua_short_alone=False))] == ["ru"]


def test_without_lingua_the_letter_rules_still_apply() -> None:
    config = SegmenterConfig(use_lingua=False)
    assert [s.lang for s in segment("тоқсан", config)] == ["kk"]


# -- properties --

NAMES = ["Шойгу", "Сергей Шойгу", "李尚福", "习近平", "Путин"]
EN = ["Defense Minister", "The minister", "Reporters said", "Vice Premier", "After talks,"]
TAIL = ["said the drills promote peace.", "met officials on Monday.", "left early."]
_LATIN = regex.compile(r"\p{Latin}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EN), st.sampled_from(NAMES), st.sampled_from(TAIL))
def test_a_name_between_english_words_is_an_island_and_only_it(
    head: str, name: str, tail: str
) -> None:
    text = f"{head} {name} {tail}"
    segments = segment(text)
    assert "".join(s.text for s in segments) == text
    foreign = [s for s in segments if s.lang != "en"]
    assert len(foreign) == 1 and foreign[0].text.strip(" ,") == name
    assert foreign[0].island and foreign[0].matrix == "en"
    assert not _LATIN.search(foreign[0].text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_islands_are_never_latin_and_never_their_own_matrix(text: str) -> None:
    for seg in segment(text):
        if seg.island:
            assert seg.script != "Latin" and seg.matrix != seg.lang


# -- quotes and brackets keep a quoted clause out of its neighbour --


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (
            'Officials said "双方同意加强合作" on Friday.',
            [("en", "Officials said"), ("zh", '"双方同意加强合作"'), ("en", "on Friday.")],
        ),
        (
            "他引用了“Peace through strength”这句话。",
            [("zh", "他引用了"), ("en", "“Peace through strength”"), ("zh", "这句话。")],
        ),
        (
            "Он назвал это «a new chapter in relations» и ушёл.",
            [("ru", "Он назвал это"), ("en", "«a new chapter in relations»"), ("ru", "и ушёл.")],
        ),
    ],
)
def test_quoted_clauses_are_their_own_segments(text: str, spans: list[tuple[str, str]]) -> None:
    assert _spans(text) == spans


def test_quoted_names_are_still_absorbed() -> None:
    assert _spans("会议在“SCO”框架下举行。") == [("zh", "会议在“SCO”框架下举行。")]
    assert _spans("上海合作组织（SCO）峰会开幕。") == [("zh", "上海合作组织（SCO）峰会开幕。")]


def test_a_sentence_is_weighed_once_not_once_per_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    # every unit of a sentence asked about the same stretch, and each walk weighed all of
    # its units: 7,000 characters of aЖ中 took 25 s (bench_adversarial, ratio 4.0)
    import polyglot_news.segmentation.matrix as matrix

    calls = 0
    real = matrix.SentenceWindows.mass

    def counting(self: matrix.SentenceWindows, *args: object) -> float:
        nonlocal calls
        calls += 1
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(matrix.SentenceWindows, "mass", counting)
    for size in (100, 400):
        calls = 0
        segment("aЖ中" * size)
        assert calls <= 4 * 3 * size  # a few per unit, not one per unit pair


def test_lingua_is_never_given_more_than_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # a one-word text of 64,000 letters went to lingua whole (0.7 s, growing faster than
    # the text); every call gets at most lingua.MAX_CHARS
    import polyglot_news.segmentation.lingua as lingua

    seen: list[int] = []
    real = lingua._detector

    class Recording:
        def __init__(self, detector: Any) -> None:
            self.detector = detector

        def compute_language_confidence_values(self, text: str) -> Any:
            seen.append(len(text))
            return self.detector.compute_language_confidence_values(text)

    def recording(candidates: frozenset[str], low_accuracy: bool) -> Any:
        detector = real(candidates, low_accuracy)
        return None if detector is None else Recording(detector)

    monkeypatch.setattr(lingua, "_detector", recording)
    for text in ("a" * 5000, "ж" * 5000, "Bonjour" + "a" * 5000):
        segment(text)
    assert seen and max(seen) <= lingua.MAX_CHARS
