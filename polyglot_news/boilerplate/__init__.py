"""Flag page chrome and spam in scraped news so downstream gets the article, not the page.

:func:`classify` cuts a text into paragraphs (blank-line separated) and their lines, and
labels each ``content``, ``boilerplate`` or ``spam`` with a reason, in two layers:

* **explicit patterns** (precision): copyright and "All rights reserved", reproduction
  notices, ICP licence and 公网安备 numbers, share/follow widgets, "Back to top", "Read
  more", bylines, cookie banners, donation/subscribe appeals, navigation bars and SEO
  keyword walls (many short items between ``|``, ``·``, ``»``...), related-headline lists,
  lines repeated in the document (the later copies of a long line, or of a line without
  a sentence end written three times or more, such as "Report abuse" under each
  comment) or across documents (:class:`BoilerplateDetector`) or listed by the caller
  (``repeated=``). Keyword walls with spam vocabulary or in a foreign
  language are ``spam``; everything else flagged is ``boilerplate``.
* **a paragraph classifier with context**, in the manner of jusText: every other line is
  short, near-good, good or bad from its length and stop-word density (jusText's English
  and Russian lists; Chinese function words counted on characters), then short and
  near-good lines take the class of their nearest decided neighbours (flagged lines, and
  the edges of a text with chrome, count as bad). The headline before
  the article's first paragraph stays content; a text with no article paragraph at all (a
  headline, a brief) keeps its lines.

A paragraph whose lines differ is split: consecutive lines with one label make one block,
and a line itself is cut when it starts with a scraper date stamp or breadcrumb, ends with
a keyword wall after its last sentence, or ends with a promotion sentence.

Every block's ``reason`` starts with a code from :data:`REASON_CODES` ("copyright",
"keyword-list", "prose"...), then ``": "`` and a few words; merged lines add
``"; also <codes>"``.

Blocks tile the text exactly. The whitespace between two blocks (paragraph breaks,
newlines, indentation) belongs to the block *before* it; leading whitespace of the text
belongs to the first block. Dropping a flagged block therefore removes it together with
its trailing break, and the remaining text keeps its paragraph breaks.

>>> text = "Russia and China held talks in Moscow on Monday.\\n\\nBack to top"
>>> [(b.label, b.code) for b in classify(text)]
[('content', 'short'), ('boilerplate', 'back-to-top')]
"""

from __future__ import annotations

from collections.abc import Collection

from polyglot_news.boilerplate._classify import (
    LABELS,
    REASON_CODES,
    Block,
    BoilerplateDetector,
    classify_run,
    normalize_lang,
)
from polyglot_news.errors import UsageError

__all__ = ["Block", "BoilerplateDetector", "LABELS", "REASON_CODES", "classify", "label_line"]


def classify(
    text: str,
    *,
    main_lang: str | None = None,
    repeated: Collection[str] | None = None,
) -> list[Block]:
    """Label every paragraph (and each different part of a mixed paragraph) of ``text``.

    ``main_lang`` is the document's main language (``"en"``, ``"zh"``, ``"ru"``; region
    and script subtags are ignored); when ``None`` it is guessed from the letter scripts.
    ``repeated`` holds lines known to repeat across documents (compared ignoring case,
    digits and spacing); they are flagged ``boilerplate``.

    Returns blocks in order that tile ``text`` exactly (``[]`` for ``""``). Deterministic
    and stateless; for repetition across a batch use :class:`BoilerplateDetector`.
    Raises :class:`~polyglot_news.errors.UsageError` for a ``main_lang`` that is not a
    language code.
    """
    if not isinstance(text, str):
        raise TypeError(f"classify() needs str text, not {type(text).__name__}")
    if isinstance(repeated, str):
        raise UsageError("repeated= takes a collection of lines, not one str; wrap it: [line]")
    return classify_run([text], [normalize_lang(main_lang)], repeated=repeated)[0]


def label_line(line: str, *, main_lang: str | None = None) -> Block:
    """One :class:`Block` for a whole line (line-by-line mode): each line is a paragraph.

    A line that is partly content (say a date stamp before a sentence) is content; a line
    with no content part is spam if any part is spam, else boilerplate.
    """
    blocks = classify(line, main_lang=main_lang)
    if not blocks:
        return Block(0, 0, "content", "empty: no text", 0.0)
    content = [b for b in blocks if not b.flagged]
    pick = content or [b for b in blocks if b.label == "spam"] or blocks
    top = max(pick, key=lambda b: b.score)
    return Block(0, len(line), top.label, top.reason, top.score)
