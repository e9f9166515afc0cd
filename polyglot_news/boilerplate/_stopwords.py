"""Stop-word lists: jusText's for English and Russian, a small function-word list for Chinese.

The English and Russian lists are jusText's own files (``justext/stoplists/*.txt``),
lowercased exactly as :func:`justext.get_stoplist` does. They are read straight from the
installed package so that ``import justext`` (which pulls in lxml) is not paid for.
Chinese has no stop list in jusText; :data:`ZH_FUNCTION_WORDS` is ours: particles,
prepositions, conjunctions, pronouns and reporting verbs that make up running Chinese
prose and are rare in menus, keyword lists and licence lines, in simplified and
traditional characters.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["ZH_FUNCTION_WORDS", "stoplist"]

#: Chinese function words (matched longest first by ``_features.stop_density``).
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

_JUSTEXT_NAMES = {"en": "English", "ru": "Russian"}


def _justext_dir() -> Path | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@cache
def stoplist(lang: str) -> frozenset[str]:
    """Stop words of ``lang`` (``"en"``, ``"ru"`` or ``"zh"``); empty for other languages.

    Loaded on first use and cached for the life of the process.
    """
    if lang == "zh":
        return ZH_FUNCTION_WORDS
    name = _JUSTEXT_NAMES.get(lang)
    folder = _justext_dir()
    if name is None or folder is None:
        return frozenset()
    path = folder / f"{name}.txt"
    if not path.is_file():  # pragma: no cover - a broken jusText install
        return frozenset()
    data = path.read_bytes()
    return frozenset(w.decode("utf8").lower() for w in data.splitlines())
