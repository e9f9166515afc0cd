"""A glossary with thousands of different first characters is searched spelled as bytes,
and finds exactly what the plain automaton finds."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.glossary import Entry, Glossary, Variant, normalize
from polyglot_news.glossary import matcher as matcher_module


def _han_glossary(n: int = 600, seed: int = 3) -> tuple[Glossary, list[str]]:
    rng = random.Random(seed)
    seen: set[str] = set()
    entries: list[Entry] = []
    forms: list[str] = []
    while len(entries) < n:
        name = "".join(chr(0x4E00 + rng.randrange(0x5000)) for _ in range(rng.randint(2, 4)))
        variant = name + "氏"
        if {name, variant} & seen:
            continue
        seen |= {name, variant}
        entries.append(
            Entry(
                id=f"h_{len(entries)}",
                type="person",
                canonical={"en": f"Person {len(entries)}", "zh": name},
                variants={"zh": (Variant(variant),)},
            )
        )
        forms += [name, variant]
    # a Chinese form with Latin letters: spelled as bytes, "ab" also occurs across the bytes
    # of 一愀我 (U+4E00 U+6100 U+6211), where no character starts
    entries.append(
        Entry(
            id="latin",
            type="org",
            canonical={"en": "AB", "zh": "AB组"},
            case_sensitive=False,
            variants={"zh": (Variant("ab"),)},
        )
    )
    return Glossary.from_entries(entries), forms


GLOSSARY, FORMS = _han_glossary()


def test_wide_chinese_automaton_is_spelled_as_bytes() -> None:
    assert GLOSSARY.matcher("zh").spelled
    assert not Glossary.default().matcher("zh").spelled
    assert not GLOSSARY.matcher("en").spelled


def _plain(glossary: Glossary) -> Glossary:
    """The same entries, with automata that are never spelled as bytes."""
    plain = Glossary.from_entries(glossary.entries)
    saved = matcher_module.WIDE_ROOT
    matcher_module.WIDE_ROOT = 10**9
    try:
        for lang in ("en", "ru", "zh"):
            plain.matcher(lang)  # built now, while spelling is off
    finally:
        matcher_module.WIDE_ROOT = saved
    return plain


PLAIN = _plain(GLOSSARY)


texts = st.lists(
    st.one_of(
        st.sampled_from(FORMS),
        st.sampled_from(["，", "。", " ", "在", "a", "Sergei", "\ud800", "𠀀", "会见"]),
        st.text(max_size=3),
    ),
    max_size=10,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from([None, "zh", "en"]))
def test_spelled_search_equals_plain_search(text: str, lang: str | None) -> None:
    assert not PLAIN.matcher("zh").spelled
    spelled = normalize(text, glossary=GLOSSARY, lang=lang)
    assert spelled == normalize(text, glossary=PLAIN, lang=lang)
    assert GLOSSARY.find(text, lang) == PLAIN.find(text, lang)


def test_variant_found_in_english_and_chinese_text() -> None:
    name, variant = FORMS[0], FORMS[1]
    result = normalize(f"The envoy {variant} arrived; 昨天{variant}会见了记者。", glossary=GLOSSARY)
    assert result.text == f"The envoy {name} arrived; 昨天{name}会见了记者。"
    assert [c.entry_id for c in result.changes] == ["h_0", "h_0"]


def test_a_key_is_found_only_where_a_character_starts() -> None:
    text = "\u4e00\u6100\u6211 ab"
    assert normalize(text, glossary=PLAIN, lang="zh").text == "\u4e00\u6100\u6211 AB组"
    assert normalize(text, glossary=GLOSSARY, lang="zh").text == "\u4e00\u6100\u6211 AB组"
