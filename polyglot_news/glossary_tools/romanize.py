"""Rough romanization for comparing names across spellings (not for display).

Cyrillic goes through a simple Russian transliteration table. Chinese goes
through ``pypinyin`` when it is installed, else through a small built-in table
of toneless pinyin: the characters of Chinese transliterations of foreign
names, common surnames and the characters of the shipped glossary. A
character the table does not know is kept as it is, so two Chinese forms
still compare character by character.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from polyglot_news.scripts import has_han

__all__ = ["romanize", "CYRILLIC", "PINYIN"]

CYRILLIC: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}

_PINYIN_SOURCE = """
a 阿 ai 艾爱 an 安 ang 昂 ao 奥 ba 巴 bai 拜白 ban 班 bang 邦 bao 保鲍堡宝 bei 贝北 ben 本
bi 比彼 bin 宾滨 bo 波博伯 bu 布部步 cai 采蔡 can 参 cao 曹 ce 策 chai 柴 chang 常昌长 che 彻车
cheng 成程城 chu 楚 ci 茨 cui 崔 da 达大 dai 戴 dan 丹 de 德 deng 登邓 di 迪蒂 ding 丁 dong 东董
du 杜 duan 段 duo 多 e 俄厄 en 恩 er 尔 fa 法发 fan 凡范 fang 方防 fei 菲费非 fen 芬 feng 丰冯
fu 弗福夫伏富傅副 gai 盖 gan 甘 gang 冈 gao 高 ge 戈格 gen 根 gong 贡共 gu 古顾 gua 瓜 guo 国郭
ha 哈 hai 海 han 汉韩 hao 豪 he 赫和合何 heng 亨 hong 洪 hou 侯 hu 胡 hua 华 huai 怀 hui 会
huo 霍 ji 基吉集季 jia 加贾 jiang 将江蒋 jie 杰捷 jin 金近 jing 京 jun 军 ka 卡 kai 凯 kan 坎
kang 康 kao 考 ke 柯科克可 ken 肯 kong 孔空 ku 库 kua 夸 kui 奎 kun 昆 la 拉 lai 莱 lan 兰
lang 朗 lao 劳 le 勒 lei 雷蕾 li 里利丽莉李力 lian 联 liang 亮梁量 lie 列 lin 林琳 liu 留柳刘
long 隆龙 lu 卢鲁路陆 lun 伦 luo 罗洛 ma 马玛 mai 迈麦 man 曼 mang 芒 mao 毛 mei 梅 men 门
meng 蒙孟 mi 米 min 民 ming 明命 mo 莫默 mou 谋 mu 姆穆 na 纳娜 nai 奈 nan 南 nei 内 ni 尼妮
nie 涅 ning 宁 nuo 诺 ou 欧 pa 帕 pai 派 pan 潘 pang 庞 pei 佩 peng 彭 pi 皮 ping 平 po 珀
pu 普蒲 qi 奇契其齐 qian 钱 qiao 乔 qie 切 qin 琴秦 qiong 琼 qiu 丘邱 quan 全 rang 让 re 热
ren 仁任人 ri 日 rong 荣 ru 茹 sa 萨 sai 赛 sang 桑 se 瑟 sen 森 sha 沙莎 shang 尚上商 shao 绍少
she 舍 shen 申沈 sheng 圣 shi 施什史事使石 shu 舒 si 斯 song 松宋 su 苏 suo 索 ta 塔 tai 泰
tan 坦谭 tang 汤唐 te 特 tiao 条 ting 廷亭 tong 通 tu 图 tuo 托 wa 瓦娃 wan 万 wang 旺王 wei 威
韦维委魏 wen 温文 wo 沃 wu 乌伍吴武务 xi 西希习席 xia 夏侠 xiao 萧蕭肖校 xie 谢 xin 辛新 xiu 休
xu 许徐 ya 雅亚 yan 言严 yang 扬杨央 ye 耶叶 yi 伊依 yin 因尹 ying 英 you 尤又 yu 于余 yuan 员袁
yue 约 ze 泽 zeng 曾 zha 扎 zhan 詹 zhang 章张 zhao 赵 zhi 织 zhong 中钟 zhou 周 zhu 朱主
zhuang 装 zi 兹 zong 总 zu 组 zuo 佐作
"""


def _pinyin_table() -> dict[str, str]:
    table: dict[str, str] = {}
    syllable = ""
    for token in _PINYIN_SOURCE.split():
        if token.isascii():
            syllable = token
        else:
            for char in token:
                table.setdefault(char, syllable)
    return table


PINYIN: dict[str, str] = _pinyin_table()


@functools.lru_cache(maxsize=1)
def _pypinyin() -> Any:
    try:
        import pypinyin
    except ImportError:
        return None
    return pypinyin


def _han(text: str) -> str:
    from polyglot_news.glossary_tools.model import fold

    simplified = fold(text, "zh")
    lib = _pypinyin()
    if lib is not None:
        return " ".join(lib.lazy_pinyin(simplified))
    return " ".join(PINYIN.get(char, char) for char in simplified if char != "·")


@functools.lru_cache(maxsize=65536)
def romanize(text: str) -> str:
    """A lowercase Latin key for ``text``: Cyrillic and Chinese romanized, marks dropped.

    >>> romanize("Шойгу")
    'shoygu'
    >>> romanize("Xu Qi-liang")
    'xu qiliang'
    """
    if has_han(text):
        return _han(text)
    latin = "".join(CYRILLIC.get(char, char) for char in unicodedata.normalize("NFC", text.lower()))
    decomposed = unicodedata.normalize("NFKD", latin)
    key = "".join(char for char in decomposed if not unicodedata.combining(char))
    for mark in ("-", "'", "’", "‐", "‑", "."):
        key = key.replace(mark, "")
    return " ".join(key.split())
