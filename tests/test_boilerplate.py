"""Boilerplate and spam flags: API, splitting, false-positive traps, batch repetition."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.boilerplate import (
    LABELS,
    REASON_CODES,
    Block,
    BoilerplateDetector,
    classify,
    label_line,
)
from polyglot_news.boilerplate._rules import LINE_PATTERNS, SHORT_PATTERNS
from polyglot_news.boilerplate._text import ZH_FUNCTION_WORDS, stoplist
from polyglot_news.errors import UsageError


def texts(text: str, blocks: list[Block]) -> list[str]:
    return [text[b.start:b.end] for b in blocks]


def labels(text: str, **kw: object) -> list[str]:
    return [b.label for b in classify(text, **kw)]  # type: ignore[arg-type]


ARTICLE = (
    "Russia and China agreed on Tuesday to expand joint patrols in the Pacific, "
    "officials in both capitals said."
)

# -- the Block record ----------------------------------------------------------------------


def test_block_to_dict_and_code() -> None:
    block = classify("Back to top")[0]
    assert block.to_dict() == {
        "start": 0, "end": 11, "label": "boilerplate", "code": "back-to-top",
        "reason": block.reason, "score": block.score,
    }
    assert block.flagged and block.score >= 0.5
    assert block.reason.startswith("back-to-top: ")


def test_block_is_frozen() -> None:
    block = classify(ARTICLE)[0]
    with pytest.raises(AttributeError):
        block.label = "spam"  # type: ignore[misc]


# -- splitting and tiling ------------------------------------------------------------------


def test_empty_and_blank_text() -> None:
    assert classify("") == []
    assert classify(" \n\n\t") == [Block(0, 4, "content", "empty: no text", 0.0)]


def test_separators_belong_to_the_block_before() -> None:
    text = "  " + ARTICLE + "\n\n  Back to top\n\n\nThe talks resume on Friday in Beijing.\n"
    blocks = classify(text)
    assert [b.label for b in blocks] == ["content", "boilerplate", "content"]
    assert texts(text, blocks) == [
        "  " + ARTICLE + "\n\n  ", "Back to top\n\n\n", "The talks resume on Friday in Beijing.\n"
    ]
    kept = "".join(t for t, b in zip(texts(text, blocks), blocks, strict=True) if not b.flagged)
    assert kept == "  " + ARTICLE + "\n\n  The talks resume on Friday in Beijing.\n"


def test_single_line_text_is_one_paragraph() -> None:
    assert classify(ARTICLE) == [Block(0, len(ARTICLE), "content", classify(ARTICLE)[0].reason,
                                       0.1)]


def test_mixed_line_copyright_then_keyword_wall() -> None:
    wall = "| ".join(f"免费在线观看成人视频{i}" for i in range(12))
    text = f"Copyright © 2024 Example News. All rights reserved. 本站推荐: {wall}"
    blocks = classify(text, main_lang="en")
    assert [b.label for b in blocks] == ["boilerplate", "spam"]
    assert texts(text, blocks)[1].startswith("本站推荐")
    assert blocks[0].code == "copyright" and blocks[1].code == "keyword-list"


def test_mixed_paragraph_keeps_article_lines_and_flags_footer_lines() -> None:
    text = f"{ARTICLE}\nThe next round is due in May.\nBack to top\nAll rights reserved."
    blocks = classify(text)
    assert [b.label for b in blocks] == ["content", "boilerplate"]
    assert texts(text, blocks)[1] == "Back to top\nAll rights reserved."


def test_breadcrumb_and_date_stamp_prefix_is_split_off() -> None:
    text = f"date 2024-05-01 Home » {ARTICLE}"
    blocks = classify(text)
    assert [b.label for b in blocks] == ["boilerplate", "content"]
    assert texts(text, blocks)[0] == "date 2024-05-01 Home » "


def test_closing_promotion_sentence_is_split_off() -> None:
    text = f"{ARTICLE} For more news on the region, please visit our website."
    blocks = classify(text)
    assert [b.label for b in blocks] == ["content", "boilerplate"]
    assert blocks[1].code == "promo"


def test_duplicate_line_in_one_document_is_flagged_once() -> None:
    text = f"{ARTICLE}\n\nThe talks resume on Friday.\n\n{ARTICLE}"
    assert labels(text) == ["content", "content", "boilerplate"]
    assert classify(text)[2].code == "duplicate"


_READERS = [
    "I read this twice and still think the ministry got the numbers wrong, sadly.",
    "The patrols were announced last year as well, and nothing came of them then.",
    "Good reporting, but where is the reaction from Tokyo and Seoul on all this?",
]


def _comments(label: str, times: int) -> str:
    """The article, then ``times`` reader comments, each with ``label`` under it."""
    return "\n\n".join([ARTICLE, *(f"{_READERS[i % 3]}\n{label}" for i in range(times))])


def test_a_short_line_written_three_times_is_widget_chrome() -> None:
    text = _comments("Flag as offensive", 3)
    flagged = [b for b in classify(text) if texts(text, [b])[0].strip() == "Flag as offensive"]
    # the first copy stays, with its comment (it may be a headline written again in a menu)
    assert [(b.label, b.code) for b in flagged] == [("boilerplate", "duplicate")] * 2
    assert "3 times" in flagged[0].reason
    assert text[: flagged[0].start].count("Flag as offensive") == 1


@pytest.mark.parametrize(
    ("label", "times"),
    [
        ("Flag as offensive", 2),  # twice is not yet a widget
        ("It was a fair result.", 3),  # a sentence is the text's own (a refrain, a quote)
        ("| 2019 | Best Actor |", 3),  # a table row (award tables repeat their cells)
    ],
)
def test_a_short_line_is_not_flagged_for_repeating_alone(label: str, times: int) -> None:
    assert labels(_comments(label, times)) == ["content"] * (times + 1)  # one with its comment


# -- short chrome lines (also the CLI's line-by-line mode) ----------------------------------


@pytest.mark.parametrize("line", [
    "Back to top", "Read more", "Support us", "MorePhoto", "Most popular in 24h",
    "MoreTop news", "Share this story", "Text:AAAPrint", "Editor : Li Yan",
    "About Us | Jobs | Contact Us | Privacy Policy", "2023-04-20 08:36:29", "×",
    "Подробнее", "Поделиться", "返回顶部", "京ICP备05004340号-1", "Advertisement",
])
def test_label_line_flags_chrome(line: str) -> None:
    block = label_line(line)
    assert block.label == "boilerplate", block.reason
    assert (block.start, block.end) == (0, len(line))


@pytest.mark.parametrize("line", [
    "Markets closed higher on Tuesday.",
    "Putin arrives in Beijing",
    "Share prices fell sharply in Shanghai on Monday.",
    "Video shows the launch of the new frigate.",
    "Popular protests spread to three more cities",
    "Президент прибыл в Пекин.",
    "国务院今天召开常务会议。",
    "date 2024-05-01 The summit opened in Astana on Monday.",
])
def test_label_line_keeps_short_news(line: str) -> None:
    block = label_line(line)
    assert block.label == "content", block.reason


def test_label_line_on_a_spam_line() -> None:
    line = "| ".join(["免费观看毛片", "亚洲无码视频", "午夜福利影院", "成人在线观看"])
    assert label_line(line).label == "spam"


def test_label_line_on_empty_line() -> None:
    assert label_line("") == Block(0, 0, "content", "empty: no text", 0.0)


# -- false-positive traps ------------------------------------------------------------------


@pytest.mark.parametrize("text, main_lang", [
    ("The plan has three parts:\n- joint air patrols\n- a hotline between navies\n"
     "- annual staff talks", "en"),
    ("- The drills start on Monday.\n- Ten ships take part.\n- Two countries observe.\n"
     "- The press is invited.", "en"),
    ("\"We stand firm. We do not bend. We will win,\" the commander told troops.", "en"),
    ("\u201cNever. Not today. Not tomorrow.\u201d He left the room without another word.", "en"),
    ("Talks end without a deal", "en"),
    ("«Мы не отступим», — заявил министр после переговоров в Москве.", "en"),
    ("两国领导人在会谈中表示，将进一步加强在能源、交通和农业领域的合作，推动贸易增长。", "zh"),
    ("两国领导人在会谈中表示，将进一步加强在能源、交通和农业领域的合作。", "en"),
    ("\"Your support matters to us,\" the minister said at the donors' conference.", "en"),
    ("Entering the zone without permission is prohibited, police said.", "en"),
    ("The report may not be published until after the election.", "en"),
    ("Like the Soviet Union before it, is Russia overreaching?", "en"),
    ("中俄总理第二十八次定期会晤联合公报全文发布 两国签署能源交通农业等领域合作文件", "zh"),
    (f"{ARTICLE}\n\nKey facts\n- 2,000 troops\n- 40 aircraft\n- 10 ships", "en"),
    ("Free online casino ban approved by parliament", "en"),
    ("The hackers demanded payment to ransom@example.org within 48 hours.", "en"),
    ("Phone 12 was seized by police in Kazan.", "en"),
    ("Parliament approves ban on free online casino advertising after months of debate", "en"),
    ("Casino operators in Macau report record revenue", "en"),
])
def test_false_positive_traps_stay_content(text: str, main_lang: str) -> None:
    blocks = classify(text, main_lang=main_lang)
    assert all(b.label == "content" for b in blocks), [b.reason for b in blocks]


@pytest.mark.parametrize("text, chrome", [
    ("Putin visits China\nBy Anna Smith", "By Anna Smith"),
    ("Talks resume\n***", "***"),
    ("Xi in Moscow\n2024-05-01 10:00", "2024-05-01 10:00"),
])
def test_short_headline_survives_chrome_in_its_paragraph(text: str, chrome: str) -> None:
    blocks = classify(text)
    assert [b.label for b in blocks] == ["content", "boilerplate"]
    assert texts(text, blocks)[1] == chrome


@pytest.mark.parametrize("line", ["Help arrives", "Search continues", "Home prices rise",
                                  "Latest: Russia says talks will resume", "Video: Putin meets Xi"])
def test_label_line_keeps_headlines_that_start_like_chrome(line: str) -> None:
    assert label_line(line).label == "content", label_line(line).reason


def test_an_appeal_cue_between_ads_is_not_an_appeal() -> None:
    text = ("Advertisement\n\nThe central bank publishes its monthly review and subscription "
            "data on Friday.\n\nAdvertisement")
    assert labels(text) == ["boilerplate", "content", "boilerplate"]


def test_bullet_headlines_after_an_article_are_related_links() -> None:
    text = (f"{ARTICLE}\nThe ministry gave no details.\n- Flood warning for the Amur region\n"
            "- New metro line opens in Kazan\n- Grain exports hit a record")
    blocks = classify(text)
    assert [b.label for b in blocks] == ["content", "boilerplate"]
    assert blocks[1].code == "related-list"


def test_language_mismatch_alone_does_not_flag_but_a_foreign_keyword_wall_is_spam() -> None:
    wall = " · ".join(["北京旅游攻略", "上海美食推荐", "广州购物指南", "深圳酒店预订",
                       "杭州景点门票", "成都火锅排行", "西安古城游", "重庆夜景打卡"])
    assert labels(wall, main_lang="zh") == ["boilerplate"]  # a same-language link list
    blocks = classify(wall, main_lang="en")
    assert [b.label for b in blocks] == ["spam"]
    assert "zh list in a en document" in blocks[0].reason


def test_a_menu_with_words_that_spam_also_uses_is_navigation() -> None:
    assert labels("首页 | 新闻 | 视频 | 图片 | 直播 | 下载", main_lang="zh") == ["boilerplate"]
    assert labels("Home | News | Watch | Online | Free trial", main_lang="en") == ["boilerplate"]


def test_a_foreign_menu_is_navigation_not_spam() -> None:
    menu = "Home | World | China | Business | Sports | Culture | Travel | Video | Opinion"
    text = "两国领导人在会谈中表示，将进一步加强在能源、交通和农业领域的合作。\n\n" + menu
    assert labels(text, main_lang="zh") == ["content", "boilerplate"]


def test_donation_appeal_block_is_flagged_by_context() -> None:
    text = "\n\n".join([
        ARTICLE,
        "A message from the editors:",
        "Our reporters have worked in difficult conditions for years.",
        "We need your help to keep our newsroom open. Every contribution counts.",
        "Donate now",
    ])
    assert labels(text) == ["content", "boilerplate", "boilerplate", "boilerplate",
                            "boilerplate"]


def test_main_lang_is_guessed_when_missing() -> None:
    wall = " · ".join(["北京旅游攻略", "上海美食推荐", "广州购物指南", "深圳酒店预订",
                       "杭州景点门票", "成都火锅排行", "西安古城游", "重庆夜景打卡"])
    text = f"{ARTICLE} {ARTICLE}\n\n{ARTICLE.replace('Tuesday', 'Monday')}\n\n{wall}"
    assert labels(text)[-1] == "spam"
    assert labels(text, main_lang="zh-Hans")[-1] == "boilerplate"


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "english!", "e", "12"])
def test_bad_main_lang_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match="is not a language code"):
        classify(ARTICLE, main_lang=bad)


def test_und_main_lang_means_guess() -> None:
    assert classify(ARTICLE, main_lang="und") == classify(ARTICLE)


def test_non_str_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="needs str text"):
        classify(b"bytes")  # type: ignore[arg-type]


def test_repeated_as_a_single_string_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not one str"):
        classify(ARTICLE, repeated="Back to top")


@pytest.mark.parametrize("kwargs, message", [
    ({"min_docs": 1}, "min_docs must be at least 2"),
    ({"max_fingerprints": 0}, "max_fingerprints must be at least 1"),
])
def test_bad_detector_settings_are_usage_errors(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        BoilerplateDetector(**kwargs)


# -- repetition across documents -----------------------------------------------------------

FOOTER = "Sign of the Owl Weekly is printed by volunteers in Tver"


STORIES = [
    "The old bridge over the Volga was rebuilt by the town after the spring floods.",
    "Farmers near Kursk say the harvest came early this year because of the heat.",
    "A new school opened in Yakutsk with places for six hundred pupils.",
]


def _doc(i: int) -> str:
    return f"{STORIES[i]}\n\n{FOOTER}"


def test_detector_flags_a_line_repeated_in_min_docs_documents() -> None:
    det = BoilerplateDetector(min_docs=3)
    first = [det.classify(_doc(i)) for i in range(3)]
    assert [b.label for b in first[0]] == ["content", "content"]
    assert [b.label for b in first[2]] == ["content", "boilerplate"]
    assert first[2][1].reason == "repeated: seen in 3 documents of the batch"
    assert det.count(FOOTER) == 3 and det.documents == 3


def test_detector_classify_batch_gives_every_document_the_batch_counts() -> None:
    det = BoilerplateDetector(min_docs=3)
    docs = [_doc(i) for i in range(3)]
    assert [[b.label for b in blocks] for blocks in det.classify_batch(docs)] == [
        ["content", "boilerplate"]] * 3
    assert det.count(FOOTER) == 3 and det.documents == 3  # each document counted once


def test_detector_counts_a_text_twice_in_a_batch_as_two_documents() -> None:
    # syndicated copy: the same story twice in a batch is two documents, each counted once
    det = BoilerplateDetector(min_docs=3)
    docs = [_doc(0), _doc(0), _doc(1)]
    found = det.classify_batch(docs)
    assert det.count(FOOTER) == 3 and det.count(STORIES[0]) == 2
    assert [b.label for b in found[2]] == ["content", "boilerplate"]


def test_detector_keeps_duplicate_articles() -> None:
    det = BoilerplateDetector(min_docs=2)
    det.classify(_doc(1))
    assert [b.label for b in det.classify(_doc(1))] == ["content", "content"]


def test_detector_memory_is_bounded() -> None:
    det = BoilerplateDetector(max_fingerprints=5)
    for i in range(50):
        det.classify(f"Line {chr(65 + i % 26)}{i} here\n\nOther {chr(97 + i % 26)} there")
    assert len(det._counts) <= 5


def test_repeated_argument_flags_listed_lines() -> None:
    text = f"{ARTICLE}\n\nThe  OWL weekly is printed in TVER  2024"
    blocks = classify(text, repeated=["the owl weekly is printed in tver 1999"])
    assert [b.label for b in blocks] == ["content", "boilerplate"]
    assert blocks[1].code == "repeated"


def test_every_pattern_code_is_documented() -> None:
    assert {p.code for p in LINE_PATTERNS + SHORT_PATTERNS} <= set(REASON_CODES)
    assert all(REASON_CODES.values())


# -- data ------------------------------------------------------------------------------------


def test_stoplists_are_justexts() -> None:
    justext = pytest.importorskip("justext")
    assert stoplist("en") == justext.get_stoplist("English")
    assert stoplist("ru") == justext.get_stoplist("Russian")
    assert stoplist("zh") == ZH_FUNCTION_WORDS and "的" in ZH_FUNCTION_WORDS
    assert stoplist("fr") == frozenset()


# -- invariants ------------------------------------------------------------------------------

PIECES = st.sampled_from([
    "\n", "\n\n", " ", "\t", "|", " · ", " / ", "- ", "©", ".", "。", "Back to top",
    "news@example.com", "免费观看", "casino", "Скачать", "For more news", "please visit",
    "Copyright", "All Rights Reserved", "京ICP备", "Editor:", "MorePhoto",
    "Read more", "the", "said", "Russia", "Россия", "заявил", "中国", "免费视频", "的",
    "date 2024-01-01 Home » ", "For more news, please visit our site.", "\r\n", "\u00a0",
])
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_blocks_tile_the_text_exactly_and_deterministically(text: str) -> None:
    blocks = classify(text)
    assert "".join(texts(text, blocks)) == text
    assert all(b.start < b.end for b in blocks)
    assert all(a.end == b.start for a, b in zip(blocks, blocks[1:], strict=False))
    assert all(b.label in LABELS and 0.0 <= b.score <= 1.0 for b in blocks)
    assert all((b.score >= 0.5) == b.flagged for b in blocks)
    assert all(re.fullmatch(r"[a-z][a-z-]*", b.code) and b.code in REASON_CODES for b in blocks)
    assert classify(text) == blocks


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_detector_blocks_tile_too(docs: list[str]) -> None:
    det = BoilerplateDetector(min_docs=2)
    for text in docs:
        blocks = det.classify(text)
        assert "".join(texts(text, blocks)) == text


# -- whole pages (tests/cases/boilerplate_pages.json: text, main_lang, keep, flag, note) ---


def _page_cases() -> list[dict[str, object]]:
    path = Path(__file__).parent / "cases" / "boilerplate_pages.json"
    return list(json.loads(path.read_text(encoding="utf8")))


@pytest.mark.parametrize("case", _page_cases(), ids=lambda c: str(c["note"])[:30])
def test_pages_keep_the_article_and_flag_the_chrome(case: dict[str, object]) -> None:
    text = str(case["text"])
    blocks = classify(text, main_lang=str(case["main_lang"]))
    wrong = []
    for want_flag, key in ((False, "keep"), (True, "flag")):
        for words in case[key]:  # type: ignore[attr-defined]
            pos = text.find(words)
            assert pos != -1, f"{words!r} is not in the page"
            block = next(b for b in blocks if b.start <= pos < b.end)
            if block.flagged != want_flag:
                wrong.append(f"{words!r}: {block.label} ({block.reason})")
    assert not wrong, "\n".join(wrong)


def test_a_chinese_line_with_half_the_prose_density_between_paragraphs_is_kept() -> None:
    """Chinese densities come from a short function-word list and run lower than jusText's:
    a title-like line at 0.22 between two prose paragraphs is the article's, not chrome."""
    first = ("市政府在周一的发布会上表示，这个码头将在今年年底之前全部建成，届时港口的年吞吐能力"
             "会比现在提高一倍，并且可以同时停靠四艘大型货船。")
    line = "北方港口城市的新码头第一期工程在本周正式投入运营并将开始接收远洋货船的首批订单"
    second = ("港务局的负责人说，他们已经和多家航运公司签订了合作协议，第一批货船将在下个月到港，"
              "码头周边的道路和仓库也已经基本完工。")
    blocks = classify(f"{first}\n\n{line}\n\n{second}", main_lang="zh")
    assert [b.label for b in blocks] == ["content"] * 3
    assert blocks[1].reason.startswith("prose: 23 words, stop-word density 0.22")


def test_a_merged_reason_lists_each_other_code_once_after_one_also() -> None:
    """A pattern reason that already lists codes ("; also ...") gets the merged lines' codes
    in the same list, not a second "; also"."""
    text = "Share on Facebook | Back to top\nComments (3)"
    for block in classify(text, main_lang="en"):
        assert block.reason.count("; also ") <= 1, block.reason
        _, _, also = block.reason.partition("; also ")
        listed = [c.strip() for c in also.split(",") if c.strip()]
        assert len(listed) == len(set(listed)) and block.code not in listed


@pytest.mark.parametrize("menu, label", [
    ("Home | World | Business | Sport | Contact\n\n", "boilerplate"),  # a page: its edge is bad
    ("", "content"),  # a clean article: the edge has no vote, its last short line stays
])
def test_a_page_edge_counts_as_chrome_only_on_a_page_with_chrome(menu: str, label: str) -> None:
    prose = ("The two navies began a week of joint drills in the Sea of Japan on Monday, the "
             "defence ministry said, with ten ships and twenty aircraft taking part in the "
             "exercise, which the ministry described as the largest of its kind this year.")
    blocks = classify(f"{menu}{prose}\n\nOur weekend picks", main_lang="en")
    assert blocks[-1].label == label and blocks[-2].code == "prose"


def test_script_language_weighs_han_when_asked() -> None:
    """The boilerplate features count a Han character as two letters (a short Chinese phrase
    in an English line does not win, a Chinese line does): one script table does both."""
    from polyglot_news.scripts import script_language

    assert script_language("中国 abc") == "en"
    assert script_language("中国 abc", han_weight=2) == "zh"
    assert script_language("中 abcd", han_weight=2) == "en"
