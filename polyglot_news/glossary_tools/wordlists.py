"""Small word lists the linter checks forms against.

* ``COMMON_WORDS[lang]``: function words and very common words; a variant equal
  to one of them would fire inside ordinary sentences.
* ``SURNAMES_LATIN`` / ``SURNAMES_HAN``: common Chinese surnames, which alone
  name thousands of people and must be ``weak`` when written alone.
"""

from __future__ import annotations

from polyglot_news.scripts import has_han

__all__ = ["COMMON_WORDS", "COMMON_ALIASES", "SURNAMES_LATIN", "SURNAMES_HAN", "is_bare_surname"]

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

# Words that are real aliases in name lists (sanctions lists, rosters) but alone name far
# too much to be matched on their own: given names, titles and ranks, country and capital
# names. `glossary import` makes a one-word alias from this list weak.
_ALIASES_EN = """
george john james william michael david robert richard thomas charles joseph paul mark peter
daniel andrew alexander alex sergei sergey ivan vladimir dmitry dmitri nikolai andrei andrey
mikhail yuri igor oleg pavel boris victor viktor mohammed muhammad mohamed ahmed ali hassan
hussein omar abdullah ibrahim khalid mahmoud mustafa yusuf salim kim li
major general colonel captain lieutenant sergeant admiral marshal commander chief director
chairman president premier minister secretary governor mayor king prince emperor leader
ambassador spokesman deputy senator representative judge doctor professor
israel iran iraq syria russia china ukraine america britain england france germany japan
korea india pakistan afghanistan turkey egypt libya yemen cuba venezuela belarus taiwan
moscow beijing washington london paris kyiv kiev tehran damascus baghdad
"""
_ALIASES_RU = """
георгий иван сергей владимир дмитрий николай андрей михаил юрий игорь олег павел борис
виктор александр алексей мухаммед ахмед али хасан
майор генерал полковник капитан лейтенант сержант адмирал маршал командир начальник директор
председатель президент премьер министр секретарь губернатор мэр король принц лидер посол
израиль иран ирак сирия россия китай украина америка британия англия франция германия япония
корея индия пакистан турция египет ливия йемен куба венесуэла белоруссия беларусь тайвань
москва пекин вашингтон лондон париж киев тегеран дамаск багдад
"""
_ALIASES_ZH = """
主席 总统 总理 首相 部长 书记 将军 上将 中将 少将 大校 上校 中校 少校 司令 主任 局长
省长 市长 国王 王子 领导人 大使 发言人 议员 法官 博士 教授 以色列 伊朗 伊拉克 叙利亚
俄罗斯 中国 乌克兰 美国 英国 法国 德国
日本 韩国 朝鲜 印度 巴基斯坦 阿富汗 土耳其 埃及 利比亚 也门 古巴 委内瑞拉 白俄罗斯 台湾 莫斯科 北京
华盛顿 伦敦 巴黎 基辅 德黑兰 大马士革 巴格达
"""

#: Per language, one-word aliases too common to match alone (see ``glossary import``).
COMMON_ALIASES: dict[str, frozenset[str]] = {
    "en": frozenset(_ALIASES_EN.split()) | COMMON_WORDS["en"],
    "ru": frozenset(_ALIASES_RU.split()) | COMMON_WORDS["ru"],
    "zh": frozenset(_ALIASES_ZH.split()) | COMMON_WORDS["zh"],
}


def is_bare_surname(form: str, lang: str) -> bool:
    """Whether ``form`` (of language ``lang``) is a common Chinese surname standing alone:
    one Han character, or one romanized word (``Li``, ``Wang.``)."""
    text = form.strip()
    if lang == "zh" or has_han(text):
        return len(text) == 1 and text in SURNAMES_HAN
    return " " not in text and text.casefold().rstrip(".") in SURNAMES_LATIN
