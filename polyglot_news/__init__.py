"""polyglot-news: offline segmentation, translation and glossary normalization.

Mixed Chinese, English and Russian news text in; clean, consistent text out.

>>> import polyglot_news
>>> [s.lang for s in polyglot_news.segment("Shoigu said 我们 agree.")][:1]
['en']

Nothing heavy happens at import time: each public name is imported from its
module the first time it is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polyglot_news._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "segment": "polyglot_news.segmentation",
    "Segment": "polyglot_news.segmentation",
    "SegmenterConfig": "polyglot_news.segmentation",
    "Glossary": "polyglot_news.glossary",
    "Entry": "polyglot_news.glossary",
    "normalize": "polyglot_news.glossary",
    "Normalized": "polyglot_news.glossary",
    "Change": "polyglot_news.glossary",
    "Translator": "polyglot_news.translation",
    "Pipeline": "polyglot_news.pipeline",
    "Document": "polyglot_news.pipeline",
    "PolyglotNewsError": "polyglot_news.errors",
    "InputError": "polyglot_news.errors",
    "UsageError": "polyglot_news.errors",
    "GlossaryError": "polyglot_news.errors",
    "ModelError": "polyglot_news.errors",
    "MissingModelError": "polyglot_news.errors",
}

__all__ = [
    "__version__",
    "segment",
    "Segment",
    "SegmenterConfig",
    "Glossary",
    "Entry",
    "normalize",
    "Normalized",
    "Change",
    "Translator",
    "Pipeline",
    "Document",
    "PolyglotNewsError",
    "InputError",
    "UsageError",
    "GlossaryError",
    "ModelError",
    "MissingModelError",
]
assert set(__all__) == {"__version__", *_EXPORTS}, "keep __all__ and _EXPORTS in step"

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from polyglot_news.errors import (
        GlossaryError,
        InputError,
        MissingModelError,
        ModelError,
        PolyglotNewsError,
        UsageError,
    )
    from polyglot_news.glossary import Change, Entry, Glossary, Normalized, normalize
    from polyglot_news.pipeline import Document, Pipeline
    from polyglot_news.segmentation import Segment, SegmenterConfig, segment
    from polyglot_news.translation import Translator


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
