"""The precision layer: explicit patterns that flag a unit on its own, with a reason code.

:func:`judge` looks at one unit (a line or part of a line) and returns a verdict when the
unit is surely chrome or spam; everything else is left undecided (``None``) for the
paragraph classifier in ``_context``. Three kinds of chrome pattern, by how much evidence
one match is:

* ``LINE_PATTERNS`` are strong only when they make up (almost) the whole unit:
  "Back to top", "Read more", "MorePhoto", "About Us | Contact Us", "Editor: Li Yan". A
  headline that merely contains "share" or "popular" is left alone (:func:`_line_chrome`).
* ``SHORT_PATTERNS`` are strong anywhere in a short unit (at most ``SHORT_MAX`` characters):
  copyright and licence lines, reproduction notices, cookie banners, promo sentences.
* ``WEAK_PATTERNS`` are donation/subscription appeal cues ("your support", "our
  journalism"). One is not enough: two in a unit without reported speech are an appeal;
  one alone is ``weak``, and context settles it.

Each pattern carries a short machine-readable code, the head of a block's reason. A pattern
runs only on the units that hold one of its literals (:func:`needles`, read from the parsed
pattern), found for all patterns in one Aho-Corasick pass over the text (:func:`candidates`).
"""

from __future__ import annotations

import re
import re._casefix
import re._parser
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from polyglot_news.boilerplate import _text as T

__all__ = [
    "BREADCRUMB", "LINE_PATTERNS", "PROMO_TAIL", "SHORT_PATTERNS", "Context", "Verdict",
    "candidates", "judge", "needles",
]

#: Units longer than this are never chrome lines (see :func:`_line_chrome`).
LINE_MAX = 160
#: Units longer than this are never flagged by a SHORT pattern alone.
SHORT_MAX = 300
#: Units longer than this never count weak appeal cues.
WEAK_MAX = 700
#: ``(kind, reason, score)``: kind is ``bad``, ``spam`` or ``weak``.
Verdict = tuple[str, str, float]


@dataclass(frozen=True, eq=False)
class ChromePattern:
    """One named pattern: ``code`` heads the reason, ``words`` explains it (equal by identity)."""

    code: str
    words: str
    regex: re.Pattern[str]


def _p(code: str, words: str, pattern: str) -> ChromePattern:
    return ChromePattern(code, words, re.compile(pattern, re.IGNORECASE))


LINE_PATTERNS: tuple[ChromePattern, ...] = (
    _p("back-to-top", "back-to-top link",
       r"\b(?:back to top|to top|наверх|вверх)\b|返回顶部|回到顶部|返回首页"),
    _p("read-more", "read-more link",
       r"\b(?:read more|read the full (?:story|article)|continue reading|more stories|load more"
       r"|show more|view more|see more|читать (?:далее|дальше|также|ещё|еще|полностью)"
       r"|подробнее|читайте также)\b|阅读全文|阅读更多|查看更多|查看全文|展开全文|更多"),
    _p("share", "share/print buttons",
       r"\btext\s*:\s*a{1,3}(?:print)?|\b(?:share(?: this(?: article| story)?| on)?|tweet|print"
       r"|email|e-mail|facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|wechat|weibo"
       r"|line|vk|вконтакте|одноклассники|поделиться|font size)\b"
       r"|分享到|分享|微信|微博|打印|收藏|字号"),
    _p("nav", "site navigation",
       r"\b(?:skip to (?:main )?content|skip navigation|home(?:page)?|about(?: us)?"
       r"|contact(?: us)?|privacy(?: policy| notice)?"
       r"|terms (?:of (?:use|service)|and conditions)|cookie (?:policy|settings)|jobs|careers"
       r"|advertise(?: with us)?|sitemap|site map|rss|help|faq|feedback|subscriptions?"
       r"|newsletters?|archives?|topics|sections?|menu|search|log ?in|log ?out|sign (?:in|up)"
       r"|register|my account|о нас|о проекте|контакты|реклама|вакансии"
       r"|политика конфиденциальности|пользовательское соглашение|карта сайта|главная"
       r"|войти|регистрация|поиск)\b"
       r"|关于我们|联系我们|隐私政策|网站地图|广告服务|加入我们|招聘信息|意见反馈|免责声明"
       r"|首页|登录|注册"),
    _p("more-nav", "section/related-content navigation",
       r"(?-i:More[A-Z0-9][a-z]*)|\b(?:most (?:popular|read|viewed|shared|commented)"
       r"|top (?:news|stories)|trending(?: now)?"
       r"|related(?: news| articles| stories| coverage| content| links| topics)?"
       r"|you (?:may|might) (?:also )?like|editor'?s picks?|recommended(?: for you)?"
       r"|latest(?: news| stories)?|popular|videos?|photos?|galler(?:y|ies)"
       r"|in (?:pictures|photos)|(?:previous|next) (?:article|story|post)"
       r"|самое популярное|популярное|главное|последние новости|по теме"
       r"|(?:предыдущая|следующая) статья|фото|видео|все (?:новости|материалы)|материалы по теме"
       r"|другие новости|all (?:news|stories)|more news)\b"
       r"|相关(?:新闻|阅读|文章|报道)|推荐阅读|热门(?:新闻|文章|推荐)?|热点新闻|24小时热[点门]"
       r"|上一篇|下一篇|图片|视频|最新"),
    _p("app", "app-download prompt",
       r"\b(?:app download|download (?:our|the) app|get the app|(?:mobile|news) app"
       r"|open in (?:the )?app|читать в приложении"
       r"|скачать приложение|мобильное приложение)\b"
       r"|下载客户端|客户端下载|扫一扫|扫码(?:下载|关注)|打开app"),
    _p("byline", "editor/source line",
       r"\b(?:editors?|edited by|sources?|authors?|reporters?|редактор|автор|источники?)\s*[:：]"
       r"|^by\s|责任编辑|编辑[:：]|来源[:：]|记者[:：]|作者[:：]|本报记者|本报讯|特约记者|通讯员"),
    _p("language-menu", "language switcher",
       r"\b(?:english|русский|français|español|deutsch|português|italiano)\b"
       r"|中文|简体|繁體|繁体|日本語|한국어|العربية"),
    _p("appeal", "support/subscribe prompt",
       r"\b(?:support us|donate(?: now)?|subscribe(?: now)?|join us|remind me later|dear readers?"
       r"|a message from|thank you for (?:reading|your support)|поддержите нас|подпишитесь"
       r"|подписаться|уважаемые читатели|дорогие читатели)\b|支持我们|订阅|打赏|亲爱的读者"),
    _p("end-mark", "end-of-story mark",
       r"[（(【\[]\s*(?:完|end|конец)\s*[)）】\]]|^-\s*30\s*-$"),
    _p("ad", "advertising label",
       r"\b(?:advertisement|advertising|sponsored(?: content)?|ad|ads|partner content"
       r"|promoted)\b|广告|推广"),
    _p("meta", "publication time stamp",
       r"\b(?:updated|published|posted|обновлено|опубликовано)\b\s*[:：]|发布时间|更新时间"),
    _p("comments", "comments link", r"\bcomments?\b|\bкомментари\w*|评论"),
    _p("site-info", "e-mail address", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b"),
    _p("follow", "social follow prompt",
       r"\b(?:follow us(?: on)?|like us on|подписывайтесь на нас)\b|关注我们"),
)

#: Matches that do not count as evidence but may fill a chrome line ("2023-04-20 08:36:29",
#: "chinadaily.com.cn"): removed before measuring how much of a line is left unexplained.
LINE_FILLERS = re.compile(
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}年\d{1,2}月\d{1,2}日(?:\s*\d{1,2}:\d{2})?|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября"
    r"|ноября|декабря)(?:\s+\d{4})?(?:\s*(?:года|г\.))?"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:com|cn|ru|net|org|info|news|tv|io|uk|co)\b(?:/\S*)?",
    re.IGNORECASE,
)

#: A line made only of LINE_FILLERS (a bare date, time or domain) is chrome with this reason.
DATE_LINE = ChromePattern("meta", "bare date, time or domain", LINE_FILLERS)

SHORT_PATTERNS: tuple[ChromePattern, ...] = (
    _p("copyright", "copyright notice",
       r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s*(?:©|\(c\)|(?:19|20)\d\d)|^copyright\b"
       r"|\ball rights reserved\b|版权所有|版權所有"
       r"|保留所有权利|\bвсе права защищены\b|\bавторские права\b"),
    _p("reproduction", "reproduction-prohibited notice",
       r"\breproduction\b.{0,60}\bwithout\b.{0,30}\bpermission\b"
       r"|\bwithout (?:prior )?(?:written )?permission\b.{0,30}\bprohibited\b"
       r"|\b(?:this|the) (?:material|article|content|story) may not be"
       r" (?:published|reproduced|copied|redistributed)\b"
       r"|未经.{0,10}(?:授权|许可|同意).{0,10}(?:不得|禁止|严禁)|转载请注明|\bперепечатка\b"
       r"|\bпри (?:полном или частичном )?(?:использовании|цитировании|копировании) материалов\b"
       r"|\bкопирование материалов\b"),
    _p("licence", "site licence/registration number",
       r"ICP\s*[备備证證]|\bICP\s*\d{6}|公[网網]安[备備]|[视視][听聽][节節]目[许許]可[证證]"
       r"|网络文化经营许可证|互联网新闻信息服务许可证|新出网证|增值电信业务经营许可证"
       r"|违法和不良信息举报|\bсвидетельство о регистрации сми\b|\bэл\s*№\s*фс"),
    _p("cookie", "cookie banner",
       r"\bwe use cookies\b|\b(?:this|our) (?:site|website) uses cookies\b"
       r"|\baccept (?:all )?cookies\b|\bcookie (?:policy|settings|preferences)\b"
       r"|\bмы используем (?:файлы )?cookie|\bиспользует (?:файлы )?cookie|使用cookie|cookie政策"),
    _p("read-more", "read-more link",
       r"\bread more (?:on|about|at|here|:)|\bclick here (?:to|for)\b|\bsee also\b"
       r"|\bчитайте (?:также|подробнее|далее)\b|\bподробнее читайте\b|\bподробнее (?:—|-|на сайте)"
       r"|点击(?:查看|进入|阅读)|延伸阅读"),
    _p("promo", "promotion of the site or its channels",
       r"\bplease visit (?:the|our) .{0,60}\b(?:website|site|page|channel)\b"
       r"|\bfor more (?:updates|news|stories|information|coverage)\b.{0,100}"
       r"\b(?:visit|follow|see|go to)\b|\bfollow us on\b"
       r"|\bsign up for (?:our|the) .{0,30}newsletter\b"
       r"|\bsubscribe to (?:our|the) .{0,40}(?:newsletter|channel|podcast)\b"
       r"|\bподписывайтесь на (?:наш|нас)|\bподпишитесь на (?:наш|нас)"
       r"|关注.{0,10}(?:公众号|微信号|微博)|欢迎(?:关注|订阅)"),
    _p("appeal", "support/subscribe prompt",
       r"^(?:enjoying|enjoyed|liked|loving|found) (?:this|our|ad-free)\b[^.!?]{0,60}\?"
       r"|^(?:like|did you like|do you like) (?:this|our) (?:article|story|content|journalism)\b"
       r"|\bnot ready to (?:support|subscribe|donate)\b|\bremind me later\b|\bdonate now\b"
       r"|\bplease support us\b|^a message from\b|^dear readers?\b"
       r"|^(?:уважаемые|дорогие) читатели|^亲爱的读者"),
    _p("tags", "tag/keyword line",
       r"^(?:tags?|keywords?|теги|метки|ключевые слова)\s*[:：]|^(?:标签|关键词|关键字)\s*[:：]"),
    _p("meta", "post meta line",
       r"^(?:posted|written) by\b|^опубликовал|^发布者\s*[:：]"
       r"|^editor'?s note\s*[:：]|^примечание редакции"),
    _p("credit", "photo credit",
       r"^(?:photo|photos|image|picture|фото|иллюстрация|图片|摄影)(?:\s*credit)?\s*[:：]"
       r"\s*[^.!?。]{1,30}$"),
    _p("comments", "comments widget",
       r"\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b|включите javascript"
       r"|\b(?:log in|sign in|register) to (?:post|leave|add|read) (?:a )?comments?\b"
       r"|\bto (?:post|leave) a comment\b|\bleave a (?:comment|reply)\b|发表评论|请开启JavaScript"),
    _p("widget", "page widget (weather, ticker, audio, typo report, language notice)",
       r"^(?:weather|погода)\s*[:：]|^天气[:：]|[▲▼↑↓]\s*[+-]?\d"
       r"|\blisten to this (?:article|story)\b|\bслушать (?:статью|новость)|收听本文"
       r"|\bthis (?:article|story|page) is (?:also )?available in\b"
       r"|\bэта статья (?:также )?доступна на\b|本文(?:另)?有(?:英文|俄文)版"
       r"|\breport (?:a |an )?(?:correction|typo|error|mistake)\b|\bнашли (?:ошибку|опечатку)"
       r"|\bctrl\s*\+\s*enter\b|纠错"),
    _p("site-info", "site owner, address or contact details",
       r"^(?:address|адрес(?: редакции)?|地址)\s*[:：]|^contact(?: us)?\s*[:：]"
       r"|\b(?:tel|phone|fax|телефон|тел\.)\s*[:：]\s*\+?[\d(]|(?:电话|传真|邮编)[:：]"
       r"|本(?:网|站|网站)由.{1,20}主办|技术支持[:：]|主管单位|主办单位|承办单位"),
    _p("disclaimer", "editorial disclaimer",
       r"\bthe views expressed\b.{0,80}\b(?:do not|don't) necessarily\b"
       r"|\b(?:мнение|точка зрения) редакции (?:может )?не совпада"
       r"|本文仅代表作者(?:本人)?观点|不代表本(?:网|站)(?:立场|观点)"),
)

WEAK_PATTERNS: tuple[ChromePattern, ...] = (
    _p("your-support", "asks for the reader's support",
       r"\byour (?:support|help)\b|\bwe need your\b|\bsupport us\b|\bby supporting\b"
       r"|ваша поддержка|поддержите|您的支持|支持我们"),
    _p("publisher-voice", "the publisher speaks of itself",
       r"\bour (?:journalism|newsroom|reporting|reporters|correspondents|journalists|editors"
       r"|work|staff|mission|readers|team)\b"
       r"|\bindependent (?:journalism|media)\b|наша (?:редакция|журналистика|работа)"
       r"|我们的(?:新闻|报道|记者)"),
    _p("money", "mentions donations or contributions",
       r"\b(?:contribution|donat(?:e|ion|ions|ing))s?\b|\bpaywall\b"
       r"|пожертвован|捐款|赞助"),
    _p("ads", "talks about the site's ads",
       r"\b(?:disabled|removed|turned off|switched off) (?:all )?ads\b|\bad-free\b"
       r"|\byour reading experience\b"),
    _p("thanks", "thanks the reader",
       r"\bthank you for (?:standing with|supporting|reading)\b|\bstanding with us\b"),
    _p("subscription", "subscription prompt",
       r"\bsubscri(?:be|ption|ber)s?\b|\bподпис(?:ка|ывайтесь|аться)\b|订阅"),
)

#: Reported speech: a unit that quotes someone is not the publisher's own appeal.
ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according to|added|stated|claimed|declared)\b"
    r"|\b(?:сказал|заявил|отметил|сообщил|по словам|подчеркнул)|表示|说|称|指出",
    re.IGNORECASE,
)

#: Spam terms that are rare outside spam; each counts twice.
SPAM_STRONG = re.compile(
    r"毛片|无码|色情|成人|(?<![A-Za-z])AV(?![A-Za-z])|午夜|福利|一区二区|蜘蛛池|射精|伦理片"
    r"|黄色|乱伦|狠狠|彩票|博彩|赌场|百家乐|老虎机|代孕|约炮|久久"
    r"|\b(?:porn\w*|xxx|sex\w*|nude|hentai|casino|viagra|cialis|escort|hookup|betting"
    r"|slots?|poker|payday loans?|keygen|torrent|replica|free spins)\b"
    r"|\b(?:порн\w*|секс\w*|казино|проститут\w*|интим|букмекер\w*|займ\w*|виагр\w*"
    r"|без регистрации|в хорошем качестве)",
    re.IGNORECASE,
)
#: Spam terms that also occur in ordinary text; each counts once.
SPAM_WEAK = re.compile(
    r"免费|在线|观看|视频|亚洲|国产|精品|高清|影院|直播|下载|网站|日韩|欧美|永久|人妻|美女"
    r"|\b(?:free|online|watch|hd|download|full movie|cheap|bonus)\b"
    r"|\b(?:бесплатно|смотреть|онлайн|скачать|дешево)\b",
    re.IGNORECASE,
)

#: A scraper date stamp and/or a breadcrumb at the start of a line ("date 2023-11-10 Home » ").
BREADCRUMB = re.compile(
    r"\s*(?:(?-i:date)\s+\d{4}-\d{2}-\d{2}\b\s*)?"
    r"(?:(?:home|главная|首页)\s*[»>›](?:\s*[^»>›\n.]{1,30}?\s*[»>›])*\s*)?",
    re.IGNORECASE,
)

#: The last sentence of a line, when it is a site promotion ("For more ..., please visit ...").
PROMO_TAIL = re.compile(
    r"(?:\bfor more (?:updates|news|stories|information|coverage)\b[^.!?]{0,160}"
    r"|\bplease visit\b[^.!?]{0,100}|\bfollow us on\b[^.!?]{0,100}"
    r"|\bread more (?:on|about|at)\b[^.!?]{0,160}"
    r"|\b(?:sign up|subscribe)\b[^.!?]{0,60}\bnewsletter\b[^.!?]{0,60})[.!]?\s*$",
    re.IGNORECASE,
)


# -- the prefilter: a pattern runs only on units that hold one of its literals -------------

#: re's IGNORECASE equivalences beyond lowercasing ("ſ" is "s"), folded to one character.
_FOLD = {c: min(c, *o) for c, o in re._casefix._EXTRA_CASES.items() if min(c, *o) != c}
_EXTRA = re.compile("[" + "".join(map(chr, _FOLD)) + "]")
_P = re._parser


def _fold(text: str) -> str:
    folded = text.lower()
    return folded.translate(_FOLD) if _EXTRA.search(folded) else folded


def needles(items: Any) -> frozenset[str] | None:
    """Folded literals one of which every match of parsed ``items`` (or of a compiled
    pattern) holds: the most selective part of the sequence; ``None`` when none is known."""
    if isinstance(items, re.Pattern):
        items = _P.parse(items.pattern, items.flags)
    found: list[frozenset[str] | None] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is _P.LITERAL:
            run += chr(av)
            continue
        found.append(frozenset({_fold(run)}) if run else None)
        run = ""
        if op is _P.SUBPATTERN or (op in (_P.MAX_REPEAT, _P.MIN_REPEAT) and av[0] >= 1):
            found.append(needles(av[-1]))
        elif op is _P.BRANCH:
            alts = [needles(b) for b in av[1]]
            found.append(None if None in alts else frozenset().union(*alts))  # type: ignore[arg-type]
        elif op is _P.IN and len(av) <= 8 and all(o is _P.LITERAL for o, _ in av):
            found.append(frozenset(_fold(chr(v)) for _, v in av))
    known = [f for f in found if f]
    return max(known, key=lambda f: min(map(len, f))) if known else None


_FILTERED = (*(p.regex for p in LINE_PATTERNS + SHORT_PATTERNS + WEAK_PATTERNS),
             ATTRIBUTION, SPAM_STRONG, SPAM_WEAK, LINE_FILLERS)
_BIT = {id(rx): 1 << i for i, rx in enumerate(_FILTERED)}  # by id: a Pattern hashes slowly


@cache
def _automaton() -> tuple[Any, int]:
    """Aho-Corasick over every needle (value: its length, its patterns' bits), and the bits
    of the patterns without needles."""
    import ahocorasick

    automaton, bits, always = ahocorasick.Automaton(), dict[str, int](), 0
    for rx in _FILTERED:
        always |= _BIT[id(rx)] if needles(rx) is None else 0
        for needle in needles(rx) or ():
            bits[needle] = bits.get(needle, 0) | _BIT[id(rx)]
            automaton.add_word(needle, (len(needle), bits[needle]))
    automaton.make_automaton()
    return automaton, always


def candidates(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Bits (:data:`_BIT`) of the patterns that may match inside each ``(start, end)`` span of
    ``text`` (in order, not overlapping), from one pass over the text; ``-1`` is all."""
    folded = _fold(text)
    if len(folded) != len(text) or not spans:  # "İ" lowercases to two characters
        return [-1] * len(spans)
    automaton, always = _automaton()
    masks, k = [always] * len(spans), 0
    for end, (n, bit) in automaton.iter(folded):
        while spans[k][1] <= end:
            k += 1
            if k == len(spans):
                return masks
        masks[k] |= bit if spans[k][0] <= end - n + 1 else 0
    return masks


_NAME_LINES = frozenset({"byline", "meta"})


@dataclass
class Context:
    """What the verdict of a unit depends on beyond its text."""

    main_lang: str | None
    repeated: frozenset[bytes] = frozenset()
    seen: set[bytes] = field(default_factory=set)
    #: how often each line occurs in the document, for those that occur REPEATS_SHORT times
    frequent: dict[bytes, int] = field(default_factory=dict)


def _hits(patterns: tuple[ChromePattern, ...], s: str, cand: int) -> list[ChromePattern]:
    return [p for p in patterns if cand & _BIT[id(p.regex)] and p.regex.search(s)]


def _letters(text: str) -> int:
    """Letters and digits, not counting digits, Han characters counting double."""
    return len(re.findall(r"[^\W\d_]", text)) + T.han_count(text)


def _line_chrome(s: str, cand: int) -> list[ChromePattern]:
    """LINE patterns that, with date/domain fillers, explain almost all of ``s``.

    At most ``max(4, 30%)`` of the (Han-weighted) letters may be left unexplained; up to
    four words of names may be left after a byline or time stamp.
    """
    if len(s) > LINE_MAX:
        return []
    hits = _hits(LINE_PATTERNS, s, cand)
    if not hits:
        rest = LINE_FILLERS.sub(" ", s) if cand & _BIT[id(LINE_FILLERS)] else s
        return [DATE_LINE] if rest != s and not _letters(rest) else []
    rest = s
    for p in hits:
        rest = p.regex.sub(" ", rest)
    rest = LINE_FILLERS.sub(" ", rest)
    if _letters(rest) <= max(4, 0.3 * _letters(s)):
        return hits
    # "Editor: Li Yan", "来源：北方日报 作者：李华": the rest is names
    names = any(p.code in _NAME_LINES for p in hits) and T.word_count(rest) <= 4
    return hits if names and not T.sentence_marks(s) else []


def _quote(p: ChromePattern, s: str) -> str:
    m = p.regex.search(s)
    found = m.group(0).strip() if m else ""
    return "'" + (found[:27] + "..." if len(found) > 30 else found) + "'"


def _pattern_reason(hits: list[ChromePattern], s: str) -> str:
    head = hits[0]
    quoted = "/".join(_quote(p, s) for p in hits[:3])
    others = sorted({p.code for p in hits[1:]} - {head.code})
    also = f"; also {', '.join(others)}" if others else ""
    return f"{head.code}: {head.words}, matches {quoted}{also}"


def _items(shape: T.ListShape) -> str:
    return f"{shape.items} short items between '{shape.separator}'"


def _spam(s: str, shape: T.ListShape, main_lang: str | None, cand: int) -> Verdict | None:
    """A keyword wall with spam words or in a foreign language, or a spam phrase."""
    sentences = T.sentence_marks(s) > 0
    if sentences and not shape.is_wall:
        return None
    found = [  # the distinct terms found, strong ones first
        sorted({m.lower() for m in rx.findall(s)} if cand & _BIT[id(rx)] else ())
        for rx in (SPAM_STRONG, SPAM_WEAK)
    ]
    strong, terms = len(found[0]), found[0] + found[1]
    spam = strong + len(terms)  # a strong term counts twice
    if spam < 3 and not shape.is_wall:  # neither rule below can hold
        return None
    lang = T.lang_of(s)
    mismatch = bool(main_lang and lang and lang != main_lang)
    foreign_wall = mismatch and shape.is_list and shape.items >= 8 and shape.mean_words >= 3
    spam_wall = spam >= 3 and (strong > 0 or shape.mean_words >= 3)  # not "首页 | 视频 | 直播"
    if shape.is_wall and (spam_wall or foreign_wall):
        why = f"spam words {', '.join(terms[:5])}" if spam_wall else ""
        if mismatch:
            why += ("; " if why else "") + f"{lang} list in a {main_lang} document"
        return "spam", f"keyword-list: {_items(shape)}; {why}", 0.95
    wc = T.word_count(s)
    density = T.stop_density(s, lang) or 0.0
    dense = density >= 0.15 and lang != "zh"  # zh spam phrases hold 在, 的...
    keywords = spam >= 6 or (strong and spam >= 3 and wc >= 10 and not dense)
    if wc >= 6 and not sentences and keywords:
        return "spam", f"spam-vocabulary: {', '.join(terms[:6])}", 0.85
    return None


def judge(s: str, fp: bytes, repeats: int, ctx: Context, cand: int = -1) -> Verdict | None:
    """The verdict of unit ``s`` on its own, or ``None`` when no explicit rule decides it.

    ``fp`` is its fingerprint, ``repeats`` in how many documents of the batch it was seen
    (0 when that is not evidence), ``ctx`` the document's language, caller-listed repeated
    lines and the fingerprints of the content lines seen so far, ``cand`` which patterns
    may match (:func:`candidates`; ``-1``: all).
    """
    found, cue = _text_verdicts(s, ctx.main_lang, cand)
    if found is not None:
        return found
    if fp in ctx.repeated:
        return "bad", "repeated: listed as repeated across documents", 0.75
    if repeats:
        return "bad", f"repeated: seen in {repeats} documents of the batch", 0.75
    if fp in ctx.seen and len(s) >= 40:
        return "bad", "duplicate: repeats an earlier line of this document", 0.7
    if fp in ctx.seen and fp in ctx.frequent and not T.ends_sentence(s) and s[:1] != "|":
        return "bad", f"duplicate: a line written {ctx.frequent[fp]} times in this document", 0.7
    return cue


@lru_cache(maxsize=1 << 14)
def _text_verdicts(s: str, main_lang: str | None, cand: int) -> tuple[Verdict | None, ...]:
    """What :func:`judge` finds in the text alone: the verdict of the rules before
    repetition (``None``: none holds) and of the appeal cues after it. Cached: page chrome
    ("Home", "Share", the footer) recurs from page to page of a site."""
    if not T.has_letters(s):
        return ("bad", "symbols: no letters or digits", 0.6), None
    shape = T.list_shape(s)
    found = _spam(s, shape, main_lang, cand)
    if found is not None:
        return found, None
    hits = _line_chrome(s, cand)
    if hits:
        return ("bad", _pattern_reason(hits, s), 0.9), None
    long_weak = len(s) > WEAK_MAX
    attributed = None if long_weak else bool(cand & _BIT[id(ATTRIBUTION)] and ATTRIBUTION.search(s))
    if len(s) <= SHORT_MAX and not attributed:
        hits = _hits(SHORT_PATTERNS, s, cand)
        if hits:
            return ("bad", _pattern_reason(hits, s), 0.85), None
    if shape.is_list:
        return ("bad", f"link-list: {_items(shape)}", 0.8), None
    cues = [] if long_weak or attributed else _hits(WEAK_PATTERNS, s, cand)
    names = ", ".join(p.code for p in cues)
    if len(cues) >= 2:
        return None, ("bad", f"appeal: donation/subscription appeal ({names})", 0.7)
    if cues:
        return None, ("weak", f"weak-cue: one appeal cue ({names}), kept", 0.4)
    return None, None
