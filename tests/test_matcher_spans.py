"""``LangMatcher.hits_over`` and ``hits_in`` (one automaton pass over several spans of a
text, joined) find what ``hits`` finds span by span: the spec they replace in normalize."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from polyglot_news.glossary import Entry, Glossary, Variant
from polyglot_news.glossary import matcher as matcher_module
from polyglot_news.glossary.folding import fold
from polyglot_news.glossary.matcher import Hit, LangMatcher

DEFAULT = Glossary.default()


def _spelled(glossary: Glossary) -> Glossary:
    """The same entries, with automata that are always spelled as bytes."""
    spelled = Glossary.from_entries(glossary.entries)
    saved = matcher_module.WIDE_ROOT
    matcher_module.WIDE_ROOT = 0
    try:
        for lang in ("en", "ru"):
            assert spelled.matcher(lang).spelled
    finally:
        matcher_module.WIDE_ROOT = saved
    return spelled


SPELLED = _spelled(DEFAULT)
# a form with a line break (the loader refuses them; entries built in Python may have one):
# the joins of hits_over are newlines, and a key must not be found across one
MULTILINE = Glossary.from_entries(
    [
        Entry(
            id="two_lines",
            type="org",
            canonical={"en": "Foo\nBar", "ru": "Фу\nБар"},
            variants={"en": (Variant("Foo\n"),), "ru": (Variant("\nБар"),)},
        )
    ]
)


def _forms(lang: str) -> list[str]:
    return sorted({v.form for entry in DEFAULT for v in entry.forms(lang)})[:300]


_PIECES = [" ", "\n", "x", "7", "«", "»", "(", "—", "Путин", "Шойгу", "Sergei", "Li", "-"]
texts = st.lists(
    st.one_of(
        st.sampled_from(_forms("en")),
        st.sampled_from(_forms("ru")),
        st.sampled_from(_PIECES),
        st.sampled_from(["Foo\nBar", "Фу\nБар", "Foo", "Бар"]),
        st.text(max_size=3),
    ),
    max_size=12,
).map("".join)


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Ordered, disjoint spans of ``text`` (some empty, some adjacent) from cut points."""
    points = sorted(min(c, len(text)) for c in cuts)
    return [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]


def _span_by_span(matcher: LangMatcher, text: str, spans: list[tuple[int, int]]) -> list[Hit]:
    folded = fold(text)
    return [hit for s, e in spans for hit in matcher.hits(text, folded, s, e)]


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.integers(0, 200), max_size=10))
@example("Foo\nBar", [0, 3, 4, 7])
@example("Фу\nБар Фу", [0, 2, 3, 6, 7, 9])
@example("Путин, Шойгу", [0, 5, 7, 12])
def test_hits_over_equals_hits_span_by_span(text: str, cuts: list[int]) -> None:
    spans = _spans(text, cuts)
    folded = fold(text)
    for glossary in (DEFAULT, SPELLED, MULTILINE):
        for lang in ("en", "ru"):
            matcher = glossary.matcher(lang)
            assert matcher.hits_over(text, folded, spans) == _span_by_span(matcher, text, spans)


def test_a_key_across_a_join_is_not_a_hit() -> None:
    text = "Foo\nBar"
    matcher = MULTILINE.matcher("en")
    assert [h[:2] for h in matcher.hits(text, fold(text))] == [(0, 4), (0, 7)]
    assert matcher.hits_over(text, fold(text), [(0, 3), (4, 7)]) == []
    assert [h[:2] for h in matcher.hits_over(text, fold(text), [(0, 4), (5, 7)])] == [(0, 4)]


_ZH_PIECES = [*_PIECES, "习近平", "李尚福", "國防部", "中國", "紹伊古", "，", "。"]
zh_texts = st.lists(
    st.one_of(st.sampled_from(sorted({v.form for e in DEFAULT for v in e.forms("zh")})[:300]),
              st.sampled_from(_ZH_PIECES), st.text(max_size=3)),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(zh_texts, st.lists(st.integers(0, 200), max_size=10))
@example("中國國防部", [0, 2, 2, 5])
def test_hits_in_equals_hits_span_by_span_folded_on_their_own(text: str, cuts: list[int]) -> None:
    spans = _spans(text, cuts)
    matcher = DEFAULT.matcher("zh")
    expected = [
        (hs + s, he + s, cand, how)
        for s, e in spans
        for hs, he, cand, how in matcher.hits(text[s:e], fold(text[s:e], chinese=True))
    ]
    assert matcher.hits_in(text, spans) == expected
