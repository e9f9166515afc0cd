"""The folded view: block-wise scanning gives what a character-by-character scan gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_news.glossary import folding
from polyglot_news.glossary.folding import fold, text_view
from polyglot_news.scripts import CYRILLIC_CHAR


def _reference_view(
    text: str,
) -> tuple[str, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """The view computed over the whole text at once (the pre-block algorithm)."""
    low = folding._lower(text)
    pieces: list[str] = []
    prev = 0
    han: list[tuple[int, int]] = []
    cyrillic: list[tuple[int, int]] = []
    for match in re.finditer("[^\x00-\x7f]+", low):
        start, end = match.span()
        seg = match.group()
        fixed = seg.translate(folding._FOLD_EXTRA)
        if fixed != seg:
            pieces += [low[prev:start], fixed]
            prev = end
        if folding.HAN_CHAR.search(seg):
            tail = folding._HAN_TAIL.match(text, end)
            limit = tail.end() if tail else end
            for run in folding._HAN_RUN.finditer(text, start, limit):
                if not (han and run.start() < han[-1][1]):
                    han.append(run.span())
        if CYRILLIC_CHAR.search(seg):
            if start > 0 and text[start - 1] in '"(':
                start -= 1
            if cyrillic and folding._CYRILLIC_GAP.fullmatch(text, cyrillic[-1][1], start):
                cyrillic[-1] = (cyrillic[-1][0], end)
            else:
                cyrillic.append((start, end))
    return "".join([*pieces, low[prev:]]), tuple(han), tuple(cyrillic)


# pieces that straddle the 512-character blocks: ASCII filler of every length around them
_PIECES = [
    "a",
    "Z ",
    "Ёж",
    "習近平",
    "紹伊古－2",
    "\u3000",
    "ＡＢ",
    '"(',
    "-0９.",
    "\n",
    "·",
    "İ",
    " ",
    "Москва",
    "«Восток»",
    " — ",
    "—",
    ", ",
    " 2022 ",
    '"',
    "(",
    "日本",
    "\u212a",  # KELVIN SIGN: lower-cases to an ASCII k
    "k",
    "&",
]
texts = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.integers(0, 700).map(lambda n: "x" * n),
        st.integers(0, 600).map(lambda n: " " * n),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_block_scan_equals_whole_text_scan(text: str) -> None:
    view = text_view(text)
    assert (view.folded, view.han, view.cyrillic) == _reference_view(text)
    assert view.folded == fold(text)
    assert len(view.folded) == len(text)
    whole = folding._NEEDS_FOLD.sub(folding._translate_match, folding._lower(text))
    assert fold(text) == whole
    assert fold(text, chinese=True) == folding.to_simplified(whole)


def test_non_ascii_on_a_block_edge() -> None:
    block = folding._BLOCK
    text = "x" * (block - 1) + "Шойгу" + "y" * block + "習近平"
    view = text_view(text)
    assert view.cyrillic == ((block - 1, block + 4),)
    assert view.han == ((2 * block + 4, 2 * block + 7),)
    assert view.folded == text.lower()
