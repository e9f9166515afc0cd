"""The boilerplate fast paths give exactly what the general code gives.

The classifier takes shortcuts on ordinary prose (ASCII word splitting, no list shape
without a separator character, no chrome candidates for units longer than any pattern
consults, a lone prose unit needing no context pass, gates that only run the patterns
whose literals occur). ``FAST.enabled = False`` and ``Gate.enabled = False`` turn all of
them off; every block must come out the same either way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.boilerplate import Block, BoilerplateDetector, classify
from polyglot_news.boilerplate import _features as F
from polyglot_news.boilerplate._gate import Gate
from polyglot_news.boilerplate._units import _promo_gate

_CASES = Path(__file__).parent / "cases" / "boilerplate_labelled.jsonl"
_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


@contextmanager
def general_code() -> Iterator[None]:
    """Every shortcut and gate off (and no cached word lists from the fast path)."""
    gates = [F.gate(), F._spam_gate(), _promo_gate()]
    F.FAST.enabled = False
    for g in gates:
        g.enabled = False
    F._words.cache_clear()
    try:
        yield
    finally:
        F.FAST.enabled = True
        for g in gates:
            g.enabled = True
        F._words.cache_clear()


def both(text: str, main_lang: str | None = None) -> tuple[list[Block], list[Block]]:
    fast = classify(text, main_lang=main_lang)
    with general_code():
        full = classify(text, main_lang=main_lang)
    return fast, full


def _labelled() -> list[tuple[str, str | None]]:
    rows = [json.loads(line) for line in _CASES.read_text(encoding="utf8").splitlines()]
    return [(r["text"], r.get("main_lang")) for r in rows]


def test_fast_path_agrees_on_the_labelled_set() -> None:
    for text, lang in _labelled():
        fast, full = both(text, lang)
        assert fast == full, text
        # and line by line, as the CLI's line mode classifies
        for line in text.splitlines():
            fast, full = both(line, lang)
            assert fast == full, line


def test_fast_path_agrees_on_the_samples() -> None:
    pages = sorted(_SAMPLES.glob("*.txt")) if _SAMPLES.is_dir() else []
    for path in pages:
        text = path.read_text(encoding="utf8")
        for part in [text, *text.splitlines()]:
            fast, full = both(part)
            assert fast == full, (path.name, part[:80])


def test_detector_fast_path_agrees_across_a_batch() -> None:
    docs = [text for text, _ in _labelled()] * 3
    fast_det, full_det = BoilerplateDetector(min_docs=2), BoilerplateDetector(min_docs=2)
    fast = [fast_det.classify(d, main_lang="en") for d in docs]
    with general_code():
        full = [full_det.classify(d, main_lang="en") for d in docs]
    assert fast == full


PROSE = st.sampled_from(
    [
        "The",
        " ",
        "minister",
        "said",
        "on",
        "Tuesday",
        ".",
        ",",
        "don't",
        "'",
        "’",
        "—",
        "Sergei",
        "Shoigu",
        "Beijing",
        "talks",
        "2024",
        "10:30",
        "example.com",
        "|",
        " / ",
        "/",
        "»",
        "·",
        "(",
        ")",
        "Read more",
        "share",
        "ad",
        "said.",
        "Россия",
        "中国",
        "的",
        "Copyright 2024",
        "your support",
        "our journalism",
        "donate",
        "subscribe",
        "\n",
        "\n\n",
        "- ",
        "Related news:",
        "free",
        "casino",
        "HD",
        "watch online",
        "é",
        "ß",
        "İ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(PROSE, max_size=80).map("".join),
    st.lists(PROSE, min_size=60, max_size=200).map("".join),  # long units (> 300, > 700)
)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from([None, "en", "ru", "zh"]))
def test_fast_path_agrees_on_generated_text(text: str, lang: str | None) -> None:
    fast, full = both(text, lang)
    assert fast == full


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_each_shortcut_matches_its_general_feature(text: str) -> None:
    fast = (
        F.lang_of(text),
        F.word_count(text),
        F.stop_density(text, "en"),
        F.list_shape(text),
        F.consulted_candidates(text),
    )
    with general_code():
        full = (
            F.lang_of(text),
            F.word_count(text),
            F.stop_density(text, "en"),
            F.list_shape(text),
            F.candidates(text),
        )
    assert fast[:4] == full[:4]
    # the sized gates may leave out patterns that are not consulted at this length
    size = len(text)
    consulted = [
        p
        for p in F._ALL_PATTERNS
        if (p in F.LINE_PATTERNS and size <= F.LINE_MAX)
        or (p in F.SHORT_PATTERNS and size <= F.SHORT_MAX)
        or (p in F.WEAK_PATTERNS and size <= F.WEAK_MAX)
    ]
    for p in consulted:
        if p.regex.search(text):
            assert p in fast[4], (p.code, text)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_fingerprint_is_the_documented_normalization(text: str) -> None:
    norm = " ".join(text.casefold().translate(str.maketrans("123456789", "0" * 9)).split())
    assert F.fingerprint(text) == hashlib.blake2b(norm.encode("utf8"), digest_size=8).digest()


def test_filler_hint_is_needed_by_every_filler() -> None:
    for sample in [
        "2024-01-02",
        "12:30",
        "3 March 2024",
        "Mar 3, 2024",
        "5 марта",
        "example.com",
        "news.cn/path",
        "2024年1月2日",
    ]:
        assert F.LINE_FILLERS.search(sample) and F._FILLER_HINT.search(sample), sample
    assert not F._FILLER_HINT.search("The minister said. Talks go on.")


def test_classify_after_observe_reuses_units_with_the_same_result() -> None:
    docs = [text for text, _ in _labelled()]
    docs = docs + docs[:5] + [docs[0]]  # repeated documents within the batch
    reused, fresh = BoilerplateDetector(min_docs=2), BoilerplateDetector(min_docs=2)
    for det in (reused, fresh):
        for doc in docs:
            det.observe(doc)
    got = [reused.classify(d, main_lang="en") for d in docs]
    want = []
    for d in docs:
        fresh._prepared.clear()  # no cached units: everything computed again
        want.append(fresh.classify(d, main_lang="en"))
    assert got == want
    assert not reused._prepared  # each cached entry is used once, then dropped


def _units_of_cases() -> list[str]:
    """Every unit of the labelled cases and of their lines."""
    from polyglot_news.boilerplate._units import units_of

    out = []
    for text, _ in _labelled():
        for part in [text, *text.splitlines()]:
            out.extend(part[u.start : u.end] for u in units_of(part))
    return out


def _plain_vs_judge(unit: str, lang: str | None, seen: bool) -> None:
    from polyglot_news.boilerplate._rules import _Ctx, _judge, _plain_content, _prose_verdict

    fp = F.fingerprint(unit)
    ctx = _Ctx(lang, frozenset(), {fp} if seen else set())
    if not _plain_content(unit) or (seen and len(unit) >= 40):
        return
    with general_code():
        full = _judge(unit, fp, 0, ctx)
    # the plain-content shortcut says what the full judgement says, and without reasons
    # keeps its kind, score and reason code
    assert _prose_verdict(unit) == full, unit
    kind, code, score = _prose_verdict(unit, reasons=False)
    assert (kind, code, score) == (full[0], full[1].split(":", 1)[0], full[2]), unit


def test_plain_content_shortcut_agrees_with_the_full_judgement() -> None:
    units = _units_of_cases()
    for unit in units:
        for lang in (None, "en", "ru", "zh"):
            _plain_vs_judge(unit, lang, seen=False)
        _plain_vs_judge(unit, "en", seen=True)
    # and the shortcut is taken on ordinary English and mixed paragraphs
    from polyglot_news.boilerplate._rules import _plain_content

    prose = (
        "The minister said on Tuesday that talks with China would go on next week, "
        "and that the two navies would hold joint exercises in the Sea of Japan in "
        "the autumn. Officials in Moscow gave no date for the talks."
    )
    assert _plain_content(prose)
    assert _plain_content(prose + " Министр заявил, что переговоры прошли успешно.")


def test_a_bare_date_with_a_sentence_mark_is_not_plain_prose() -> None:
    # "Nov." ends like a sentence, but the line is a bare date: chrome, fast or not
    for text in ["Nov. 10, 2023.", "Updated Nov. 10, 2023. 10:30", "example.com. Talks."]:
        fast, full = both(text)
        assert fast == full, text
    assert both("Nov. 10, 2023.")[0][0].code == "meta"


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([None, "en", "ru"]), st.booleans())
def test_plain_content_shortcut_agrees_on_generated_text(
    text: str, lang: str | None, seen: bool
) -> None:
    unit = text.strip()
    if unit:
        _plain_vs_judge(unit, lang, seen)


def _lone_vs_units(text: str) -> None:
    from polyglot_news.boilerplate._units import lone_span, unit_spans, units_of

    span = lone_span(text)
    with general_code():
        spans = unit_spans(text)
        units = units_of(text)
    if span is not None:  # the lone-unit shortcut: exactly one plain unit, in paragraph 0
        assert spans == [span], text
        assert (units[0].para, units[0].kind, units[0].forced, units[0].fixed) == (
            0,
            "good",
            False,
            False,
        )


def test_lone_span_agrees_with_units_of() -> None:
    from polyglot_news.boilerplate._units import lone_span

    for text, _ in _labelled():
        for part in [text, *text.splitlines(), f"  {text}\n\n", f"\n{text} "]:
            _lone_vs_units(part)
    assert lone_span("  Talks went on.\n\n") == (2, 16)
    assert lone_span("Home » News » World") is None


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_lone_span_agrees_on_generated_text(text: str) -> None:
    _lone_vs_units(text)
    _lone_vs_units(text.replace("\n", " "))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_gate_any_is_whether_there_are_candidates(text: str) -> None:
    gates = [F.gate(), F._spam_gate(), _promo_gate()] + [g for _, _, g in F._sized_gates()]
    for g in gates:
        assert g.any(text) == bool(g.candidates(text)), text
    assert F.has_consulted_candidates(text) == bool(F.consulted_candidates(text))


def test_detector_labels_are_classify_without_content_reasons() -> None:
    docs = [text for text, _ in _labelled()]
    docs = docs + [line for d in docs[:20] for line in d.splitlines()] + docs[:5]
    det, ref = BoilerplateDetector(min_docs=2), BoilerplateDetector(min_docs=2)
    for doc in docs:
        det.observe(doc)
    with general_code():
        for doc in docs:
            ref.observe(doc)
        want = [ref.classify(d, main_lang="en") for d in docs]
    got = [det.labels(d, main_lang="en") for d in docs]
    assert got == [
        [(b.start, b.end, b.label, None if b.label == "content" else b.reason) for b in blocks]
        for blocks in want
    ]
    # and unobserved documents are counted by labels() as by classify()
    fresh = BoilerplateDetector(min_docs=2)
    for doc in docs:
        fresh.labels(doc)
    assert fresh.documents == len(docs)
    assert fresh.count(docs[-1].splitlines()[0]) >= 2


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_ascii_attribution_is_the_pattern(text: str) -> None:
    for sample in (text, text.encode("ascii", "replace").decode("ascii")):
        assert F.attributed(sample) == bool(F.ATTRIBUTION.search(sample)), sample


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["", ".", "!”", "?)」", ":", "。", "'", "…'’ \n", "a)"]))
def test_ends_sentence_and_script_counts_are_the_patterns(text: str, end: str) -> None:
    text += end
    fast = (F.ends_sentence(text), F.script_counts(text))
    with general_code():
        full = (F.ends_sentence(text), F.script_counts(text))
    assert fast == full
    assert fast[0] == bool(F._ENDS_SENTENCE.search(text.rstrip()))


def test_a_few_separators_do_not_block_the_shortcuts() -> None:
    from polyglot_news.boilerplate._rules import _plain_content
    from polyglot_news.boilerplate._units import lone_span

    lines = [
        "Officials in Moscow said the Zapad/Interaction drills went on in Orenburg for two "
        "weeks, and that the two armies would hold more joint exercises in the autumn of "
        "next year.",
        "瓦列里·格拉西莫夫会谈在北京举行。",
        "Talks in Moscow | Beijing went on for two days, the ministry said.",
        "Talks / drills / visits were held this week in the capital.",
    ]
    for line in lines:
        assert lone_span(line) == (0, len(line)), line
        assert _plain_content(line), line
        _lone_vs_units(line)
        _plain_vs_judge(line, "en", seen=False)
        fast, full = both(line, "en")
        assert fast == full, line
    # three separators may cut a keyword-wall tail, and a wall is never plain prose
    wall = "Talks went on. news | sport | video | casino | free bets"
    assert lone_span(wall) is None
    assert not _plain_content("news | sport | video | casino | free bets")
    assert both(wall)[0] == both(wall)[1]


def _with_and_without_idle_context(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot_news.boilerplate import _rules

    fast = classify(text)
    with monkeypatch.context() as m:
        m.setattr(_rules, "context_is_idle", lambda text, units: False)
        full = classify(text)
    assert fast == full, text


def test_idle_context_skip_agrees_on_the_labelled_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from polyglot_news.boilerplate._context import context_is_idle
    from polyglot_news.boilerplate._units import units_of

    for text, _ in _labelled():
        _with_and_without_idle_context(text, monkeypatch)
    two = "Talks went on in Moscow on Monday.\n\nThe next round is due in May."
    assert context_is_idle(two, units_of(two))  # the skip is taken on plain paragraphs
    bullets = "Talks went on.\n- One headline about the talks here\n- Another one"
    assert not context_is_idle(bullets, units_of(bullets))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_idle_context_skip_agrees_on_generated_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        _with_and_without_idle_context(text, m)


def test_spaced_once_is_the_split_join_identity() -> None:
    # every whitespace character of str.split() but " " is unprintable
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]
    for space in spaces:
        for text in [f"中国{space}新闻", f"{space}Россия", f"talks{space}", f"a {space}b"]:
            assert not F._spaced_once(text) or " ".join(text.split()) == text, repr(text)
            norm = " ".join(text.casefold().split())
            assert F.fingerprint(text) == hashlib.blake2b(norm.encode(), digest_size=8).digest()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("中a Ж\u3000\xa0\t\n\u2028ß1 "), max_size=20) | TEXT)
def test_spaced_once_on_generated_text(text: str) -> None:
    # a sufficient check: when it holds, splitting and joining changes nothing
    if F._spaced_once(text):
        assert " ".join(text.split()) == text, repr(text)
    assert F._spaced_once("中国 新闻。") and not F._spaced_once("中国\u3000新闻")


def test_candidates_that_do_not_match_leave_prose_plain() -> None:
    from polyglot_news.boilerplate._rules import _chrome_candidates, _plain_content

    lines = [
        # "more" makes the more-nav pattern a candidate; it does not match
        "The two armies would hold more joint exercises in the autumn of next year.",
        # a digit may start a bare date line; this one is not
        "Talks on the Zapad-2021 drills went on in Moscow on Tuesday.",
        "Officials met in the capital at 10:30 on Tuesday to discuss the drills.",
    ]
    for line in lines:
        assert _plain_content(line), line
        for lang in (None, "en", "ru"):
            _plain_vs_judge(line, lang, seen=False)
        fast, full = both(line, "en")
        assert fast == full, line
    assert _chrome_candidates(lines[0])
    for chrome in ["Read more about the talks.", "10:30.", "Nov. 10, 2023."]:
        assert not _plain_content(chrome), chrome
        assert both(chrome)[0] == both(chrome)[1], chrome


def test_labels_of_a_lone_unit_whether_observed_or_not() -> None:
    from polyglot_news.boilerplate._rules import normalize_lang
    from polyglot_news.errors import UsageError

    lines = [
        "Talks went on in Moscow on Monday, officials said.",
        "Back to top",
        "首页 | 新闻 | 视频 | 图片 | 直播 | 下载",
        "  Read more about the talks  \n",
    ]
    for line in lines:
        for lang in (None, "en", "zh-Hans", "und"):
            want = [
                (b.start, b.end, b.label, None if b.label == "content" else b.reason)
                for b in classify(line, main_lang=lang)
            ]
            det = BoilerplateDetector()
            det.observe(line)
            assert det.labels(line, main_lang=lang) == want, line
            assert BoilerplateDetector().labels(line, main_lang=lang) == want, line
        det = BoilerplateDetector()
        det.observe(line)
        with pytest.raises(UsageError):
            det.labels(line, main_lang="not a language")
    # the cached normalization of str codes is the general one
    for code in ("en", "EN", "zh_Hant", "und", "ru-RU"):
        assert normalize_lang(code) == normalize_lang(type("S", (str,), {})(code))
    with pytest.raises(UsageError):
        normalize_lang("12")


def test_ascii_other_spaces_are_the_split_whitespace() -> None:
    ascii_spaces = {chr(c) for c in range(128) if chr(c).isspace()}
    assert ascii_spaces - {" "} == {chr(b) for b in F._ASCII_OTHER_SPACES}
    for space in sorted(ascii_spaces):
        for text in [f"Talks{space}went on", f"{space}Talks 2024", f"a{space}{space}b{space}"]:
            norm = " ".join(text.lower().translate(str.maketrans("123456789", "0" * 9)).split())
            assert F.fingerprint(text) == hashlib.blake2b(norm.encode(), digest_size=8).digest()


def _labels_vs_classify(batch: list[str], min_docs: int = 2) -> None:
    det, ref = BoilerplateDetector(min_docs=min_docs), BoilerplateDetector(min_docs=min_docs)
    for doc in batch:
        det.observe(doc)
        ref.observe(doc)
    want = [
        [(b.start, b.end, b.label, None if b.label == "content" else b.reason) for b in blocks]
        for blocks in (ref.classify(doc, main_lang="en") for doc in batch)
    ]
    assert [det.labels(doc, main_lang="en") for doc in batch] == want, batch


def test_plain_labels_agree_with_classify_on_the_labelled_set() -> None:
    from polyglot_news.boilerplate._rules import plain_labels
    from polyglot_news.boilerplate._units import units_of

    docs = [text for text, _ in _labelled()]
    _labels_vs_classify(docs + docs[:3])  # a few repeated across documents
    # the shortcut is taken on plain paragraphs, not on repeated or bulleted lines
    two = "Talks went on in Moscow on Monday.\n\nThe next round is due in May, officials said."
    units = units_of(two)
    fps = [F.fingerprint(two[u.start : u.end]) for u in units]
    assert plain_labels(two, units, fps, {}, 3) == [
        (0, 36, "content", None),
        (36, 81, "content", None),
    ]
    assert plain_labels(two, units, fps, {fps[1]: 3}, 3) is None
    bullets = "Talks went on.\n- One headline about the talks here\n- Another one"
    units = units_of(bullets)
    fps = [F.fingerprint(bullets[u.start : u.end]) for u in units]
    assert plain_labels(bullets, units, fps, {}, 3) is None


LINE = st.sampled_from(
    [
        "Talks went on in Moscow on Monday, officials said.",
        "The next round is due in May.",
        "Back to top",
        "- Russia and China hold talks on security in Moscow",
        "Read more: the talks in full",
        "Officials met in the capital at 10:30 on Tuesday to discuss the drills.",
        "中国和俄罗斯在莫斯科举行会谈。",
        "Home » News » World",
        "Talks / drills / visits were held this week in the capital.",
        "Related news:",
        "",
        "   ",
    ]
)
DOC = st.lists(LINE, min_size=1, max_size=6).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", " \n"]).map(lambda sep: sep.join(lines))
)


@settings(max_examples=200, deadline=None)
@given(st.lists(DOC | TEXT, min_size=1, max_size=6), st.sampled_from([2, 3]))
def test_plain_labels_agree_with_classify_on_generated_batches(
    batch: list[str], min_docs: int
) -> None:
    _labels_vs_classify(batch, min_docs)


@settings(max_examples=300, deadline=None)
@given(TEXT | st.text(alphabet=st.sampled_from("中 a|/｜·•●▪■◆»›Ж"), max_size=12))
def test_has_separator_char_is_the_character_class(text: str) -> None:
    import re

    char_class = re.compile(f"[{re.escape(F.SEPARATOR_CHARS)}]")
    assert F.has_separator_char(text) == (char_class.search(text) is not None), text


def _all_gates() -> list[Gate]:
    return [F.gate(), F._spam_gate(), _promo_gate()] + [g for _, _, g in F._sized_gates()]


def _candidates_of_every_literal(gate: Gate, text: str) -> frozenset[int]:
    """``gate.candidates(text)`` from the automaton of all its literals, whatever the text."""
    found = set(gate.always)
    for _, ids in gate._automaton.iter(text.lower()):
        found |= ids
    return frozenset(found)


def _ascii_gate_agrees(text: str) -> None:
    for gate in _all_gates():
        want = _candidates_of_every_literal(gate, text)
        assert gate.candidates(text) == want, text
        assert gate.any(text) == bool(want), text


def test_ascii_automaton_finds_what_every_literal_finds() -> None:
    for text, _ in _labelled():
        for part in [text, text.upper(), *text.splitlines()]:
            _ascii_gate_agrees(part)
            _ascii_gate_agrees(part.encode("ascii", "ignore").decode())
    for gate in _all_gates():  # every ASCII literal is found in ASCII text, in any case
        for literal in sorted(gate._automaton.keys()):
            if literal.isascii():
                assert gate.any(f"x {literal.upper()} y"), literal


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_ascii_automaton_agrees_on_generated_text(text: str) -> None:
    _ascii_gate_agrees(text)
    _ascii_gate_agrees(text.encode("ascii", "ignore").decode())


def _marks_and_letters_agree(text: str) -> None:
    fast = (F.has_sentence_mark(text), F.has_letters(text))
    with general_code():
        full = (F.sentence_marks(text) > 0, bool(F._ALNUM.search(text)))
    assert fast == full, text


def test_sentence_mark_and_letter_shortcuts_agree_on_the_labelled_set() -> None:
    for text, _ in _labelled():
        for part in [text, *text.splitlines(), text.rstrip(".!?"), f"{text}\n", ""]:
            _marks_and_letters_agree(part)
            _marks_and_letters_agree(part[:40])


@settings(max_examples=300, deadline=None)
@given(TEXT | st.text(alphabet=st.sampled_from("a_1 .!?…\n\"'”»)。é٣²Ⅻ中"), max_size=12))
def test_sentence_mark_and_letter_shortcuts_agree_on_generated_text(text: str) -> None:
    _marks_and_letters_agree(text)
    _marks_and_letters_agree(text[1:])


def _lowered_agrees(text: str) -> None:
    from polyglot_news.boilerplate._rules import _plain_content, lone_label, lone_verdict

    fp, lowered = F.fingerprint_and_lower(text)
    assert fp == F.fingerprint(text)
    assert lowered is None or lowered == text.lower()
    low = text.lower()
    assert _plain_content(text, low) == _plain_content(text), text
    assert F.attributed(text, low) == F.attributed(text), text
    for gate in _all_gates():
        assert gate.any(text, low) == gate.any(text), text
    for lang in (None, "en", "ru"):
        label, reason, _ = lone_verdict(f" {text}", 1, len(text) + 1, lang, reasons=False)
        want = (label, None if label == "content" else reason)
        assert lone_label(f" {text}", 1, len(text) + 1, lang, lowered) == want, text
        assert lone_label(f" {text}", 1, len(text) + 1, lang) == want, text


def test_work_shared_through_the_lowercase_agrees_on_the_labelled_set() -> None:
    for text, _ in _labelled():
        for part in [text, *text.splitlines(), text.upper()]:
            _lowered_agrees(part)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_work_shared_through_the_lowercase_agrees_on_generated_text(text: str) -> None:
    _lowered_agrees(text)


def _every_match_holds_a_trigger(text: str) -> None:
    from polyglot_news.boilerplate._gate import triggers
    from polyglot_news.boilerplate._patterns import PROMO_TAIL, SPAM_STRONG, SPAM_WEAK

    for regex in [p.regex for p in F._ALL_PATTERNS] + [PROMO_TAIL, SPAM_STRONG, SPAM_WEAK]:
        found = triggers(regex)
        if found is None:
            continue
        for m in regex.finditer(text):
            low = m.group(0).lower()
            assert any(t in low for t in found), (regex.pattern[:60], m.group(0))


def test_triggers_of_a_group_then_a_literal_are_joined() -> None:
    from polyglot_news.boilerplate._gate import triggers

    found = triggers(re.compile(r"\b(?:previous|next) (?:article|story)\b", re.I))
    assert found == {"previous article", "previous story", "next article", "next story"}
    assert triggers(re.compile(r"(?:a|b)?c")) == {"c"}  # an optional group is not joined
    assert triggers(re.compile(r"(?:ab|cd)[xy]z")) == {"abxz", "abyz", "cdxz", "cdyz"}


def test_every_match_holds_a_trigger_on_the_labelled_set() -> None:
    literals = sorted(set().union(*(g._automaton.keys() for g in _all_gates())))
    for text, _ in _labelled():
        _every_match_holds_a_trigger(text)
    for i in range(0, len(literals), 25):  # text made of the triggers and what follows them
        words = literals[i : i + 25]
        _every_match_holds_a_trigger(" article. ".join(words) + " story, next post")
        _every_match_holds_a_trigger(" | ".join(w.upper() for w in words))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_every_match_holds_a_trigger_on_generated_text(text: str) -> None:
    _every_match_holds_a_trigger(text)


def test_crumb_start_holds_every_first_character_of_a_breadcrumb() -> None:
    from polyglot_news.boilerplate._patterns import BREADCRUMB
    from polyglot_news.boilerplate._units import CRUMB_START

    heads = ["date 2023-11-10 ", "home » ", "главная » ", "首页 › "]
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for head in heads:
        # every character that the pattern takes for the head's first one, in its case mode
        first = re.compile(head[0], 0 if head[0] == "d" else re.IGNORECASE)
        for c in set(first.findall(every)):
            line = c + head[1:] + "x"
            assert c in CRUMB_START and BREADCRUMB.match(line).end() > 0, c


@settings(max_examples=300, deadline=None)
@given(
    TEXT | st.text(alphabet=st.sampled_from("dDhHгГ首 »›>2023-11-10ateomeлавная页x"), max_size=30)
)
def test_a_line_not_starting_with_a_crumb_start_has_no_breadcrumb(text: str) -> None:
    from polyglot_news.boilerplate._patterns import BREADCRUMB
    from polyglot_news.boilerplate._units import CRUMB_START

    start = len(text) - len(text.lstrip())
    m = BREADCRUMB.match(text, start)
    assert m is not None
    if m.end() > start:
        assert text[start] in CRUMB_START, text
    _lone_vs_units(text)


def _filler_hint_agrees(text: str) -> None:
    fast = F.may_hold_filler(text)
    with general_code():
        assert F.may_hold_filler(text) == fast == bool(F._FILLER_HINT.search(text)), text


def test_filler_hint_by_parts_agrees_on_the_labelled_set() -> None:
    for text, _ in _labelled():
        for part in [text, *text.splitlines(), "see example.COM", "x.cn", "a.comb", "٣ days"]:
            _filler_hint_agrees(part)


@settings(max_examples=300, deadline=None)
@given(TEXT | st.text(alphabet=st.sampled_from("a.comCOMrunetorg1٣ /"), max_size=14))
def test_filler_hint_by_parts_agrees_on_generated_text(text: str) -> None:
    _filler_hint_agrees(text)


def test_han_attribution_words_match_anywhere() -> None:
    from polyglot_news.boilerplate._patterns import ATTRIBUTION

    for word in F.HAN_ATTRIBUTION:
        for text in [word, f"a{word}b", f"他{word}的", f"x {word}1"]:
            assert ATTRIBUTION.search(text), text
            assert F.surely_attributed(text) and F.attributed(text), text
    cues = "Please donate: your support funds our journalism, subscribe today. "
    for unit in [f"他表示欢迎。 {cues * 4}", f"{cues * 3} 他说 " + "talks went on. " * 10]:
        fast = classify(unit, main_lang="en")
        with general_code():
            assert classify(unit, main_lang="en") == fast, unit


@settings(max_examples=300, deadline=None)
@given(
    TEXT
    | st.lists(st.sampled_from(["他说", "表示", "称", "指出", "中国", "said", "x"])).map(" ".join)
)
def test_surely_attributed_implies_attributed(text: str) -> None:
    if F.surely_attributed(text):
        assert F.attributed(text), text
    _plain_content_agrees = [text, f"{text} 他表示 " + "中国的 talks went on. " * 8]
    for unit in _plain_content_agrees:
        fast = classify(unit, main_lang="en")
        with general_code():
            assert classify(unit, main_lang="en") == fast, unit
