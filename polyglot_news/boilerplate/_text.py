"""Cheap, explainable features of a piece of text (a line, part of a line or a paragraph).

Pure functions of a string: the language the letter scripts suggest, word counts,
stop-word density (jusText's English and Russian lists on words; Chinese function words
on characters), sentence punctuation, list shape (short items between separators), spam
vocabulary and the fingerprint used to recognise repeated lines. Which characters are Han,
Latin or Cyrillic is :mod:`polyglot_news.scripts`'s to say.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from polyglot_news.scripts import HAN_CHAR, HAN_CLASS, script_language

__all__ = [
    "ListShape", "ZH_FUNCTION_WORDS", "ends_sentence", "fingerprint", "han_count",
    "has_letters", "lang_of", "list_shape", "sentence_marks", "size", "stop_density",
    "stoplist", "word_count",
]

_WORD = regex.compile(rf"[^\W\d_{HAN_CLASS}]+(?:['’][^\W\d_]+)*")
_ALNUM = re.compile(r"[^\W_]")
_SENTENCE_MARK = re.compile(r"[.!?…](?=[\s\"'”’»)]|$)|[。！？]")
_ENDS_SENTENCE = re.compile(r"(?:[.!?…;:。！？；：]|[.!?…。！？][\"'”’»)）」]+)$")
#: List separators; SEPARATOR_CHARS alone cuts a line (``_units``), padded here for items.
SEPARATOR_CHARS = r"[|｜·•●▪■◆»›]|\s/\s"
_SEPARATOR = re.compile(rf"\s*(?:{SEPARATOR_CHARS})\s*")
_DIGITS = re.compile(r"\d")
_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")

#: Chinese prose averages about 1.7 characters per word.
HAN_PER_WORD = 1.7
#: One Han character carries about as much text as this many letters of English or Russian.
HAN_WEIGHT = 3


def han_count(text: str) -> int:
    """Han characters in ``text``."""
    return 0 if text.isascii() else len(HAN_CHAR.findall(text))


def lang_of(text: str) -> str | None:
    """The language the letter scripts suggest: ``"en"``, ``"ru"``, ``"zh"`` or ``None``.

    Latin letters stand for English. A Han character counts as two letters, so a short
    Chinese phrase in an English page does not win, but a Chinese page does.
    """
    return script_language(text, han_weight=2)


def _words(text: str) -> list[str]:
    """Lowercased words of the alphabetic scripts."""
    words: list[str] = _WORD.findall(text.lower())
    return words


def word_count(text: str) -> int:
    """Words of alphabetic scripts plus Han characters / 1.7 (rounded up)."""
    return len(_words(text)) + math.ceil(han_count(text) / HAN_PER_WORD)


def size(text: str) -> int:
    """Length in characters with each Han character worth :data:`HAN_WEIGHT` (no spaces)."""
    return len(text) - text.count(" ") + (HAN_WEIGHT - 1) * han_count(text)


#: Chinese function words (ours; jusText has no Chinese list): particles, prepositions,
#: conjunctions, pronouns and reporting verbs that make up running Chinese prose and are rare
#: in menus, keyword lists and licence lines, in simplified and traditional characters.
_ZH_WORDS = """
    的 了 在 是 和 与 及 对 将 也 都 就 而 并 又 但 这 那 其 之 于 以 为 把 被 从 向 到 由
    等 着 过 个 些 我 你 他 她 它 们 不 有 会 要 能 已 还 更 很 最 所 该 此 中 上 下 说 称
    我们 他们 她们 你们 没有 可以 已经 表示 指出 认为 进行 如果 因为 所以 但是 虽然 同时
    以及 或者 并且 随着 通过 根据 关于 对于 目前 今天 此前 此外 其中 一个 这个 这些 那些
    这样 如何 为了 由于 以来 之后 之前 期间 方面 问题 情况 工作 继续 进一步 当天 表明 强调
    一個 並 並且 之後 他們 你們 個 們 同時 問題 因為 因爲 她們 將 對 對於 已經 強調 從 情況
    我們 於 會 根據 沒有 為 為了 爲 爲了 由於 稱 繼續 與 著 該 認為 認爲 說 説 這 這些 這個
    這樣 通過 進一步 進行 過 還 關於 隨着 隨著 雖然
"""
ZH_FUNCTION_WORDS: frozenset[str] = frozenset(_ZH_WORDS.split())
_ZH_STOP = re.compile("|".join(map(re.escape, sorted(ZH_FUNCTION_WORDS, key=len, reverse=True))))
_JUSTEXT_NAMES = {"en": "English", "ru": "Russian"}


@cache
def stoplist(lang: str) -> frozenset[str]:
    """Stop words of ``lang`` (``"en"``, ``"ru"`` or ``"zh"``); empty for other languages.

    English and Russian are jusText's own files, lowercased as :func:`justext.get_stoplist`
    does, read from the installed package without importing it (it pulls in lxml).
    """
    if lang == "zh":
        return ZH_FUNCTION_WORDS
    spec = importlib.util.find_spec("justext")
    name = _JUSTEXT_NAMES.get(lang)
    if name is None or spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "stoplists" / f"{name}.txt"
    if not path.is_file():  # pragma: no cover - a broken jusText install
        return frozenset()
    return frozenset(w.decode("utf8").lower() for w in path.read_bytes().splitlines())


def stop_density(text: str, lang: str | None) -> float | None:
    """Share of the text that is stop words of ``lang``; ``None`` without a stop list.

    English and Russian: the share of words in jusText's stop list (lowercased). Chinese
    is not split into words: the share of Han characters that belong to function words
    (:data:`ZH_FUNCTION_WORDS`, longest match first), scaled by 1.7 characters a word so that
    it reads like a word density (running Chinese prose scores about as high as English).
    """
    if lang == "zh":
        han = han_count(text)
        if not han:
            return None
        covered = sum(map(len, _ZH_STOP.findall(text)))
        return min(1.0, covered * HAN_PER_WORD / han)
    stops = stoplist(lang) if lang else frozenset()
    words = _words(text) if stops else []
    if not words:
        return None
    return sum(map(stops.__contains__, words)) / len(words)


def sentence_marks(text: str) -> int:
    """Sentence-final punctuation marks in ``text`` (".", "!", "?", "。" ... before a space/end)."""
    return len(_SENTENCE_MARK.findall(text))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence or an introduction (., !, ?, :, ; or CJK ones)."""
    return _ENDS_SENTENCE.search(text.rstrip()) is not None


def has_letters(text: str) -> bool:
    """Whether ``text`` has any letter or digit."""
    return _ALNUM.search(text) is not None


@dataclass(frozen=True)
class ListShape:
    """Items between separators: how many, which separator, how many of them are short."""

    items: int
    separator: str
    short_items: int
    sentence_items: int
    numeric_items: int = 0
    words: int = 0

    @property
    def mean_words(self) -> float:
        """Average words per item (phrases in keyword walls, one or two in menus)."""
        return self.words / self.items if self.items else 0.0

    @property
    def is_wall(self) -> bool:
        """Four or more items, mostly short, few of them sentences: a link or keyword wall."""
        return (
            self.items >= 4
            and self.short_items >= 0.75 * self.items
            and self.sentence_items <= 0.25 * self.items
        )

    @property
    def is_list(self) -> bool:
        """A wall whose items are mostly not numbers: numbers make it data (prices, scores)."""
        return self.is_wall and self.numeric_items < 0.5 * self.items


_NO_SHAPE = ListShape(0, "", 0, 0)


def list_shape(text: str) -> ListShape:
    """Split ``text`` at list separators (``|``, ``·``, ``•``, ``»``, spaced ``/`` ...)."""
    seps = _SEPARATOR.findall(text)
    if len(seps) < 2:
        return _NO_SHAPE
    items = [item for item in _SEPARATOR.split(text) if _ALNUM.search(item)]
    separator = Counter(sep.strip() or "/" for sep in seps).most_common(1)[0][0]
    sizes = [word_count(item) for item in items]
    short = sum(1 for n in sizes if n <= 10)
    sentences = sum(1 for n, s in zip(sizes, items, strict=True) if n > 6 and sentence_marks(s))
    numeric = sum(1 for item in items if _DIGITS.search(item))
    return ListShape(len(items), separator, short, sentences, numeric, sum(sizes))


def fingerprint(text: str) -> bytes:
    """Hash of ``text`` normalized for repetition: case, digits and spacing ignored."""
    norm = " ".join(text.casefold().split()).encode("utf8", "surrogatepass")
    return hashlib.blake2b(norm.translate(_ZERO_DIGITS), digest_size=8).digest()
