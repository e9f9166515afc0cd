"""A small rule-based sentence splitter for Chinese, English and Russian.

Argos's own splitter (MiniSBD / Stanza / spaCy) downloads models on first use;
this one needs nothing. It returns spans over the original text, so the text
between sentences (spaces, newlines) can be kept exactly.

>>> [text for _, _, text in split_sentences("Shoigu arrived. Talks began!", "en")]
['Shoigu arrived.', 'Talks began!']
>>> [text for _, _, text in split_sentences("今天下雨。明天晴。", "zh")]
['今天下雨。', '明天晴。']
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "sentence_spans", "MAX_SENTENCE_CHARS"]

MAX_SENTENCE_CHARS = 400  # longer runs without an end mark are cut at a space or comma

_CLOSERS = "\"'”’»」』）)】]"
_CJK_END = re.compile(rf"(?:[。！？!?]+|……|…)[{re.escape(_CLOSERS)}]*")
_LATIN_END = re.compile(rf"(?:[.!?…]+)[{re.escape(_CLOSERS)}]*(?=\s+[\"'“«„(\[]?[\w\d])")
_LINE_BREAK = re.compile(r"\n+")

# Tokens that end with a full stop without ending a sentence (lower-cased, no dot).
_ABBREVIATION_TEXT = """
    mr mrs ms dr prof gen col lt maj capt sgt adm gov sen rep st mt jr sr vs etc inc ltd co
    corp dept jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k
    u.n a.m p.m approx est г гг т.е т.д т.п т.к др пр им ул стр см ген полк подполк илл рис
    тыс млн млрд руб коп проф акад доц
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_BEFORE_NUMBER = frozenset({"no", "nos", "fig", "art", "п", "ст", "рис"})  # "No. 5", "ст. 12"


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the ``.`` at index ``dot`` ends an abbreviation or an initial."""
    following = text[dot + 1 :].lstrip()[:1]
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[start].isupper():
        return True  # an initial: "V. Putin", "В. Путин"
    return word in _ABBREVIATIONS or (word in _BEFORE_NUMBER and following.isdigit())


def _boundaries(text: str, lang: str) -> list[int]:
    cuts: set[int] = {m.end() for m in _LINE_BREAK.finditer(text)}
    cuts.update(m.end() for m in _CJK_END.finditer(text))
    if lang != "zh":
        for m in _LATIN_END.finditer(text):
            dots = m.group().rstrip(_CLOSERS)
            if dots == "." and _is_abbreviation(text, m.start()):
                continue
            cuts.add(m.end())
    else:
        cuts.update(m.end() for m in _LATIN_END.finditer(text))
    return sorted(c for c in cuts if 0 < c < len(text))


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(" "), window.rfind(","), window.rfind("，"), window.rfind("、"))
        stop = start + (cut + 1 if cut > MAX_SENTENCE_CHARS // 4 else MAX_SENTENCE_CHARS)
        spans.append((start, stop))
        start = stop
    spans.append((start, end))
    return spans


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, whitespace trimmed; the gaps hold only whitespace."""
    spans: list[tuple[int, int]] = []
    previous = 0
    for cut in [*_boundaries(text, lang), len(text)]:
        chunk = text[previous:cut]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            start = previous + lead
            spans.extend(_cut_long(text, start, start + len(body)))
        previous = cut
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str, lang: str) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` for each sentence of ``text`` in language ``lang``."""
    return [(s, e, text[s:e]) for s, e in sentence_spans(text, lang)]
