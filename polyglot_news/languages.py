"""Language codes: which strings name a language that text can be translated into.

>>> from polyglot_news.languages import check_language_code
>>> check_language_code("fr")
'fr'
"""

from __future__ import annotations

from polyglot_news.errors import UsageError

__all__ = ["ISO_639_1", "ARGOS_CODES", "LANGUAGE_CODES", "check_language_code"]

_ISO_639_1 = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv
    kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr
    nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
    sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
    yi yo za zh zu"""
#: The 184 two-letter codes of ISO 639-1.
ISO_639_1: frozenset[str] = frozenset(_ISO_639_1.split())

#: Codes Argos Translate packages use beyond ISO 639-1: traditional Chinese, Brazilian Portuguese.
ARGOS_CODES: frozenset[str] = frozenset({"zt", "pb"})

#: Every code accepted as a translation target.
LANGUAGE_CODES: frozenset[str] = ISO_639_1 | ARGOS_CODES


def check_language_code(code: str, argument: str = "target") -> str:
    """Return ``code`` if it names a language (:data:`LANGUAGE_CODES`), else raise.

    Raises:
        UsageError: naming ``argument``, when ``code`` is not a language code.
    """
    if code in LANGUAGE_CODES:
        return code
    hint = ""
    if isinstance(code, str) and code.lower() in LANGUAGE_CODES:
        hint = f" (did you mean {code.lower()!r}?)"
    raise UsageError(
        f"{argument} {code!r} is not a language code{hint}; give a two-letter ISO 639-1 code "
        "such as 'en', 'fr', 'ru' or 'zh'",
        argument=argument,
    )
