"""Which detector a clause costs: lingua's low-accuracy mode on long clauses, letters first.

Every case here is written for these tests (none is taken from a benchmark).
"""

from __future__ import annotations

from typing import Any

import pytest

from polyglot_news.segmentation import SegmenterConfig, detect, segment
from polyglot_news.segmentation.hints import (
    function_word_language,
    function_word_languages,
    one_function_word_language,
)
from polyglot_news.segmentation.letters import closest_cyrillic_languages, latin_languages
from polyglot_news.segmentation.lingua import lingua_available, lingua_scores
from polyglot_news.segmentation.model import CYRILLIC_CANDIDATES

needs_lingua = pytest.mark.skipif(not lingua_available(), reason="lingua is not installed")

# German with no listed function word: CLD3 says de, and lingua confirms it before the
# clause leaves en
DE_SENTENCE = "Die Bundesregierung beschloss am Montag neue Regeln."


def _record_lingua(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    real = detect.lingua_scores

    def spy(text: str, candidates: frozenset[str], **kwargs: Any) -> dict[str, float] | None:
        calls.append({"text": text, "candidates": candidates, "low_accuracy": False, **kwargs})
        return real(text, candidates, **kwargs)

    monkeypatch.setattr(detect, "lingua_scores", spy)
    return calls


@needs_lingua
def test_long_clauses_ask_lingua_in_low_accuracy_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record_lingua(monkeypatch)
    assert [s.lang for s in segment(DE_SENTENCE)] == ["de"]
    assert calls and all(call["low_accuracy"] for call in calls)


@needs_lingua
def test_low_accuracy_mode_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record_lingua(monkeypatch)
    segment(DE_SENTENCE, SegmenterConfig(lingua_low_accuracy=False))
    assert calls and not any(call["low_accuracy"] for call in calls)


@needs_lingua
def test_low_accuracy_scores_are_a_distribution() -> None:
    scores = lingua_scores(
        "Это предложение написано по-русски.", frozenset({"ru", "bg"}), low_accuracy=True
    )
    assert scores is not None and set(scores) == {"ru", "bg"}
    assert abs(sum(scores.values()) - 1.0) < 1e-6
    assert max(scores, key=scores.__getitem__) == "ru"


# -- function words and the Bulgarian ъ decide without a detector --


def _no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a detector was asked")

    monkeypatch.setattr(detect, "cld3_language", boom)
    monkeypatch.setattr(detect, "lingua_scores", boom)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Според министъра учението ще се проведе през септември.", "bg"),
        ("Министр сказал, что учения пройдут в сентябре.", "ru"),
        ("Die Regierung hat das Gesetz nicht beschlossen.", "de"),
        ("Le ministre est arrivé dans la capitale avec sa délégation.", "fr"),
        ("според плана", "bg"),  # a word pair: the function word decides it too
    ],
)
def test_function_words_decide_without_a_detector(
    monkeypatch: pytest.MonkeyPatch, text: str, lang: str
) -> None:
    _no_detector(monkeypatch)
    assert [s.lang for s in segment(text)] == [lang]


def test_a_vowel_hard_sign_is_bulgarian(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_detector(monkeypatch)
    assert [s.lang for s in segment("Държавата купи къща")] == ["bg"]
    # Russian ъ stands only before е ё ю я: no evidence, ru stays the default
    config = SegmenterConfig(use_cld3=False, use_lingua=False)
    assert [s.lang for s in segment("подъезд и объект", config)] == ["ru"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a Bulgarian function word (е) against a Russian reflexive ending: the ending wins
        ("е разобрался, отозвался Петров.", "ru"),
        ("отказался", "ru"),
        # without such an ending the South Slavic evidence stands
        ("Той се смееше дълго.", "bg"),
    ],
)
def test_a_reflexive_verb_ending_is_east_slavic(text: str, lang: str) -> None:
    assert [s.lang for s in segment(text)] == [lang]


def test_patterned_keeps_the_languages_when_none_would_be_left() -> None:
    reflexive, hard_sign = detect._spellings("отказался", 0, 9), detect._spellings("къща", 0, 4)
    assert (reflexive, hard_sign) == ((False, True), (True, False))
    assert detect._patterned(("ru", "bg"), reflexive) == ("ru",)
    assert detect._patterned(("bg", "sr"), reflexive) == ("bg", "sr")
    assert detect._patterned(("ru", "bg"), hard_sign) == ("bg",)


def test_words_of_two_candidates_decide_nothing() -> None:
    words = frozenset({"ru", "bg"})
    assert function_word_language("что е това", 0, 10, words) is None
    assert function_word_language("что это", 0, 7, words) == "ru"
    # one-letter words count only in lower case: Е. is an initial
    assert function_word_language("Е. Петров", 0, 9, words) is None
    # strict: a candidate without a list (kk) stops the decision
    assert function_word_language("что это", 0, 7, frozenset({"ru", "kk"}), strict=True) is None
    # Ukrainian writes для too: it is no Russian word here
    assert function_word_language("для него", 0, 8, frozenset({"ru", "uk"}), strict=True) is None


def test_function_words_can_be_switched_off() -> None:
    config = SegmenterConfig(use_function_words=False, use_cld3=False, use_lingua=False)
    assert [s.lang for s in segment("Die Regierung hat das Gesetz nicht beschlossen.", config)] == [
        "en"
    ]


# -- a word or two alone: lingua decides among the languages the letters allow --


@needs_lingua
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Straße", "de"),  # ß: the letter rule
        ("geschlagen worden", "de"),  # ASCII: lingua, far above English
        ("біріккен", "kk"),  # і: uk, be or kk
        ("вытащил", "ru"),  # Mongolian letters, no Mongolian mark: stays ru
        ("Петров пал в бою.", "ru"),
        ("stomach", "en"),
        ("insurance agent", "en"),
    ],
)
def test_words_alone(text: str, lang: str) -> None:
    assert [s.lang for s in segment(text)] == [lang]


@needs_lingua
def test_words_alone_only_where_nothing_else_is_around(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _record_lingua(monkeypatch)
    # the same word inside an English sentence is a name island: it keeps ru, no lingua
    segments = segment("Reporters met какво today.")
    assert [s.lang for s in segments if s.script == "Cyrillic"] == ["ru"]
    assert calls == []
    assert [s.lang for s in segment("какво")] == ["bg"] and calls


@needs_lingua
def test_a_word_may_go_to_a_language_whose_marks_it_lacks() -> None:
    # Mongolian without ө ү: lingua far ahead, and CLD3 agrees
    assert [s.lang for s in segment("тэмцэл")] == ["mn"]
    # lingua's trigrams alone call this Russian word Mongolian: CLD3 does not agree
    assert [s.lang for s in segment("вытащил")] == ["ru"]
    never = SegmenterConfig(lingua_short_unmarked_margin=1.01)
    assert [s.lang for s in segment("тэмцэл", never)] == ["ru"]


def test_sentence_letters_decide_kazakh_against_ukrainian(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_detector(monkeypatch)
    # і and и: Ukrainian or Kazakh by the alphabets; a Kazakh sentence has қ ә ң ...
    assert [s.lang for s in segment("Міністр заявив, що навчання відбудуться восени.")] == ["uk"]
    assert [s.lang for s in segment("Қазақстан үкіметі жаңа заң қабылдады.")] == ["kk"]


def test_mongolian_words_name_mongolian_without_its_marks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_detector(monkeypatch)
    assert [s.lang for s in segment("Энэ бол манай сургууль байна.")] == ["mn"]
    assert [s.lang for s in segment("Он је рекао да су сви били тамо.")] == ["sr"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Але вiн не скiнчив школу i поїхав.", "uk"),  # Latin i for і, in words and alone
        ("Iшоу туды, а вярнууся iнвалiдам.", "be"),
    ],
)
def test_a_latin_i_in_cyrillic_words_is_the_cyrillic_letter(text: str, lang: str) -> None:
    assert [(s.lang, s.text) for s in segment(text)] == [(lang, text)]


def test_a_latin_word_glued_to_cyrillic_keeps_its_capital_i() -> None:
    segments = segment("Так ему и надоIf so, it is done.")
    assert [(s.lang, s.text) for s in segments] == [
        ("ru", "Так ему и надо"),
        ("en", "If so, it is done."),
    ]
    assert [s.lang for s in segment("Встреча прошла в рамках ШОС и iPhone.")] == ["ru"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Сил нема, але треба йти далі додому.", "uk"),
        ("Але чарга не зменшылася, стала яшчэ большай.", "be"),  # no ў or і
        ("Здесь была школа ( семилетка ) и 206-й дом.", "ru"),  # 206-й is no Ukrainian й
    ],
)
def test_ukrainian_and_belarusian_words(text: str, lang: str) -> None:
    assert [s.lang for s in segment(text)] == [lang]


def test_mongolian_long_vowels_make_mongolian_a_candidate() -> None:
    # no ө or ү, but ээ: Mongolian is asked about, not ruled out by its marks
    assert [s.lang for s in segment("Шигшээ тэмцээнд эрэгтэй шатарчид оролцов.")] == ["mn"]
    assert [s.lang for s in segment("тэмцээн")] == ["mn"]
    assert [s.lang for s in segment("Поэзия и поэт.")] == ["ru"]  # э alone says nothing


def test_a_short_clause_russian_only_by_elimination_follows_its_neighbours() -> None:
    text = "Хэрэглэгчийн нэр: Түлхүүр үг өөрчлөгдсөн байна. Нууц үг сэргээх боломжтой."
    assert {s.lang for s in segment(text)} == {"mn"}


@needs_lingua
def test_few_small_letter_words_with_foreign_letters_go_to_lingua() -> None:
    # German capitalises nouns: too few small-letter words for CLD3, but ß speaks
    # against English
    segments = segment("He read the headline. Große Koalition beschließt neuen Haushaltsplan.")
    assert [s.lang for s in segments] == ["en", "de"]
    # a word pair alone of 20 letters or more is a short text too
    assert [s.lang for s in segment("gebieten niedergegangen")] == ["de"]


@needs_lingua
def test_a_latin_word_moves_with_cld3_at_a_smaller_lead(monkeypatch: pytest.MonkeyPatch) -> None:
    word = "Hochwasserschutz"
    assert [s.lang for s in segment(word)] == ["de"]
    # lingua alone at 0.99 and with CLD3 never: the word keeps English
    never = SegmenterConfig(lingua_short_latin_margin=1.01, lingua_short_latin_cld3_margin=1.01)
    assert [s.lang for s in segment(word, never)] == ["en"]


@pytest.mark.parametrize(
    "text",
    ["что е това", "что это было", "тя каза, че това е", "він сказав, що це", "Е. Иванов", "и"],
)
@pytest.mark.parametrize(
    ("asked", "subset"),
    [
        ({"ru", "bg", "uk", "mn"}, {"ru", "bg"}),
        ({"ru", "bg", "uk"}, {"ru", "uk"}),
        ({"ru", "bg"}, {"ru", "bg"}),
        ({"ru", "kk", "bg"}, {"ru", "kk"}),
    ],
)
def test_function_words_read_once_answer_for_a_subset(
    text: str, asked: set[str], subset: set[str]
) -> None:
    # what a clause's words say for the languages its letters allow is read off the
    # lookup made for those plus the listed ones, not from a second reading
    found = function_word_languages(text, 0, len(text), frozenset(asked), strict=True)
    expected = function_word_language(text, 0, len(text), frozenset(subset), strict=True)
    assert one_function_word_language(found, frozenset(subset), strict=True) == expected


@needs_lingua
def test_a_latin_text_alone_asks_lingua_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # both margins (alone, and with CLD3 agreeing) read the same scores
    calls = _record_lingua(monkeypatch)
    never = SegmenterConfig(lingua_short_latin_margin=1.01, lingua_short_latin_cld3_margin=1.01)
    assert [s.lang for s in segment("Hochwasserschutz", never)] == ["en"]
    assert len(calls) == 1


@needs_lingua
def test_an_unsure_cld3_language_lingua_cannot_name_costs_no_lingua_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CLD3 unsure on a language outside the candidates, ASCII letters: lingua could not
    # move the clause (it must name CLD3's language, or letters speak against English)
    calls = _record_lingua(monkeypatch)
    monkeypatch.setattr(detect, "cld3_language", lambda text: ("la", 0.6))
    text = "Gallia omnis divisa partes tres quarum unam incolunt Belgae."
    assert [s.lang for s in segment(text + " " + text)] == ["en"]
    assert calls == []


@pytest.mark.parametrize("needed", [-1, 0, 1, 3, 4])
def test_letter_counts(needed: int) -> None:
    # one regex match counts letters; digits, spaces and marks are not letters
    text = "१२ ab-c 3"
    assert detect._has_letters(text, 0, len(text), needed) == (needed <= 3)
    assert detect._has_letters("१२ ३", 0, 4, needed) is False


# -- other languages: marks missing, shared function words, names' letters (#13) --


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Ukrainian without і ї є ґ, in a short text: нема and але name it (але is
        # Belarusian too, but Belarusian has no и)
        ("Нема часу, але йду.", "uk"),
        # Serbian without ј љ њ ћ ђ џ: су is Serbian; се and од, which Bulgarian or
        # Macedonian write too, name nothing against it
        ("Вратили су се од мора касно.", "sr"),
        # ... and това names Bulgarian, whose се Serbian shares
        ("Това не се случва.", "bg"),
        # Mongolian их is Russian их too: манай names Mongolian
        ("Манай хот их том болсон.", "mn"),
    ],
)
def test_function_words_count_like_marks(
    monkeypatch: pytest.MonkeyPatch, text: str, lang: str
) -> None:
    _no_detector(monkeypatch)
    assert [s.lang for s in segment(text)] == [lang]


def test_words_shared_with_another_found_language_name_nothing() -> None:
    both = frozenset({"bg", "sr"})
    assert function_word_languages("това не се", 0, 10, both, strict=True) == ("bg",)
    assert function_word_languages("се од мора", 0, 10, both, strict=True) == ("sr",)
    assert function_word_languages("се", 0, 2, both, strict=True) == ("bg", "sr")
    # Russian их is Mongolian их too; я знаю их: nothing of Mongolian's own
    ru_mn = frozenset({"ru", "mn"})
    assert function_word_languages("я знаю их адрес", 0, 15, ru_mn, strict=True) == ("mn", "ru")


def test_a_names_letters_do_not_rule_out_its_sentences_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_detector(monkeypatch)
    # ë is not German, but it is in a name: the small-letter words decide the alphabet
    text = "Der Wagen von Citroën wurde gestern vorgestellt."
    assert [s.lang for s in segment(text)] == ["de"]
    assert "de" in latin_languages(text, 0, len(text), frozenset({"en", "de", "fr"}))
    # all words capitalised: every letter counts (ü and ë: French only)
    assert latin_languages("Müller Citroën", 0, 14, frozenset({"en", "de", "fr"})) == {"fr"}


def test_letters_of_no_one_alphabet_default_to_the_closest() -> None:
    config = SegmenterConfig(use_cld3=False, use_lingua=False)
    # a Russian ы typed in a Ukrainian sentence: Ukrainian misses one letter, Russian
    # every і ї є (and Kazakh has no є ї)
    text = "Європейські країни підписали угоду в Києві, але термін ще не вызначено."
    assert [s.lang for s in segment(text, config)] == ["uk"]
    # a Ukrainian name in a Russian sentence: Russian misses only є, Ukrainian э and ы
    text = "Мэр Києва подписал новый указ."
    assert closest_cyrillic_languages(text, 0, len(text), CYRILLIC_CANDIDATES) == ("ru",)
    assert closest_cyrillic_languages("Києва", 0, 5, frozenset({"en"})) == ()


@needs_lingua
def test_a_very_sure_cld3_names_a_language_whose_marks_are_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Belarusian without ў or і: only CLD3 all but certain (and lingua) move it from ru
    text = "Гэтым летам надвор'е цёплае, дажджы рэдка."
    monkeypatch.setattr(detect, "cld3_language", lambda _: ("be", 0.999))
    assert [s.lang for s in segment(text)] == ["be"]
    monkeypatch.setattr(detect, "cld3_language", lambda _: ("be", 0.95))
    assert [s.lang for s in segment(text)] == ["ru"]
    never = SegmenterConfig(cld3_unmarked_probability=1.01)
    monkeypatch.setattr(detect, "cld3_language", lambda _: ("be", 0.999))
    assert [s.lang for s in segment(text, never)] == ["ru"]


@needs_lingua
def test_cld3_naming_a_ruled_out_neighbour_speaks_against_russian(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Macedonian is ruled out by я, yet CLD3 saying so means "not Russian": lingua,
    # among ru and bg, then decides
    monkeypatch.setattr(detect, "cld3_language", lambda _: ("mk", 0.95))
    assert [s.lang for s in segment("Големият пазар отвори врати рано сутринта.")] == ["bg"]


def test_mongolian_long_aa_makes_mongolian_a_candidate() -> None:
    # no ө ү ээ and no function word: аа (маргааш) lets the detectors name Mongolian
    assert [s.lang for s in segment("Маргааш хотод очно.")] == ["mn"]
    assert [s.lang for s in segment("Маргааш хотод очно.", SegmenterConfig(use_cld3=False))] == [
        "mn"
    ]


def test_a_capitalized_word_inside_a_sentence_is_no_function_word() -> None:
    latin = frozenset({"en", "fr", "de"})
    # Ont. is Ontario, Des a city's name: not the French ont / des
    assert function_word_languages("BUYER BEWARE Toronto, Ont.", 0, 26, latin) == ()
    assert function_word_languages("a visit to Pour Mount", 0, 21, latin) == ("en",)
    # at the start of a sentence, in lower case, or in a text in capitals they count
    assert function_word_languages("Ont-ils vu ?", 0, 12, latin) == ("fr",)
    assert function_word_languages("Vu. Ont-ils vu", 0, 14, latin) == ("fr",)
    assert function_word_languages("ils ont vu", 0, 10, latin) == ("fr",)
    assert function_word_languages("LES ÉLÈVES ONT VU", 0, 17, latin) == ("fr",)


def test_an_english_clause_with_a_place_abbreviation_stays_english() -> None:
    # "Ont." read as French ont made the clause French (a real benchmark concatenation)
    text = "BUYER BEWARE Toronto, Ont. : Magic Lantern Communication Ltd., c1998"
    assert [s.lang for s in segment(text)] == ["en"]
