"""Small word lists the linter checks forms against.

* ``COMMON_WORDS[lang]``: function words and very common words; a variant equal
  to one of them would fire inside ordinary sentences.
* ``SURNAMES_LATIN`` / ``SURNAMES_HAN``: common Chinese surnames, which alone
  name thousands of people and must be ``weak`` when written alone.
"""

from __future__ import annotations

__all__ = ["COMMON_WORDS", "SURNAMES_LATIN", "SURNAMES_HAN"]

_EN = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just may me might more most must my myself no nor not now of off on once only or
other our ours ourselves out over own same shall she should so some such than that the their
theirs them themselves then there these they this those through to too under until up upon
us very was we were what when where which while who whom why will with would you your yours
yourself yourselves said says new one two three first last year years people
"""

_RU = """
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
для до его ее если есть еще же за здесь и из или им их к как ко когда кто ли либо мне может
мы на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под
при с со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем
что чтобы чье чья эта эти это я год года
"""

_ZH = """
的 了 和 是 在 有 我 他 她 它 们 这 那 就 也 都 而 及 与 或 被 把 对 从 向 为 以 于 上 下 中 大 小
国 人 年 月 日 说 会 将 军 部 长 新 不 没 很 还 又 再 之 其 该 各 等
"""

COMMON_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "ru": frozenset(_RU.split()),
    "zh": frozenset(_ZH.split()),
}

# The most frequent Chinese surnames in pinyin, plus Wade-Giles spellings seen in news.
SURNAMES_LATIN: frozenset[str] = frozenset(
    [
        "li",
        "wang",
        "zhang",
        "liu",
        "chen",
        "yang",
        "huang",
        "zhao",
        "wu",
        "zhou",
        "xu",
        "sun",
        "ma",
        "zhu",
        "hu",
        "guo",
        "he",
        "gao",
        "lin",
        "luo",
        "zheng",
        "liang",
        "xie",
        "song",
        "tang",
        "han",
        "feng",
        "deng",
        "cao",
        "peng",
        "zeng",
        "xiao",
        "tian",
        "dong",
        "yuan",
        "pan",
        "cai",
        "jiang",
        "yu",
        "du",
        "ye",
        "cheng",
        "wei",
        "su",
        "lu",
        "ding",
        "ren",
        "shen",
        "yao",
        "jin",
        "fu",
        "xi",
        "tan",
        "chang",
        "wan",
        "qian",
        "shi",
        "kong",
        "bai",
        "cui",
        "kang",
        "mao",
        "qiu",
        "qin",
        "gu",
        "hou",
        "shao",
        "meng",
        "long",
        "duan",
        "lei",
        "jia",
        "fan",
        "fang",
        "yin",
        "xue",
        "yan",
        "chi",
        "chou",
        "hsu",
        "chang",
        "wong",
    ]
)

SURNAMES_HAN: frozenset[str] = frozenset(
    "李王张劉刘陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐韩韓冯馮邓鄧曹彭曾肖萧蕭田董"
    "袁潘蔡蒋蔣余于杜叶葉程魏苏蘇吕呂丁任沈姚金傅习習谭譚常万萬钱錢石孔白崔康毛邱秦顾顧侯邵孟龙龍段雷贾賈"
    "范方尹薛严嚴许許"
)
