"""Mixed-language segmentation: the Chinese, English, Russian (and other) spans of a text.

>>> from polyglot_news.segmentation import segment
>>> [(s.lang, s.text) for s in segment("Шойгу встретился с Li Zuocheng. 会议在SCO框架下举行。")]
[('ru', 'Шойгу встретился с Li Zuocheng. '), ('zh', '会议在SCO框架下举行。')]

Segments are spans over the original string and tile it exactly. See
:func:`segment` for how languages are decided and :class:`SegmenterConfig` for
the thresholds.
"""

from __future__ import annotations

from polyglot_news.segmentation.model import Segment, SegmenterConfig
from polyglot_news.segmentation.segmenter import segment

__all__ = ["segment", "Segment", "SegmenterConfig"]
