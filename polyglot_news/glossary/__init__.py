"""Glossaries of names, titles and ranks, and normalization of their variants.

>>> from polyglot_news.glossary import normalize
>>> normalize("Sergey Shoygu met Xu Qi-liang.", lang="en").text
'Sergei Shoigu met Xu Qiliang.'

Editors maintain the variants in YAML (``glossaries/*.yaml``, format in
docs/glossary.md); :class:`Glossary` loads and validates them, :func:`normalize`
applies them and reports every :class:`Change`, :func:`apply_changes` replays a
record of changes.
"""

from __future__ import annotations

from polyglot_news.glossary.glossary import Glossary
from polyglot_news.glossary.model import Change, Entry, Match, Normalized, Variant
from polyglot_news.glossary.normalize import apply_changes, normalize

__all__ = [
    "Glossary",
    "Entry",
    "Variant",
    "Match",
    "Change",
    "Normalized",
    "normalize",
    "apply_changes",
]
