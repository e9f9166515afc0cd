"""Flag page chrome and spam in scraped news so downstream gets the article, not the page.

:func:`classify` cuts a text into paragraphs (blank-line separated) and labels each one
``content``, ``boilerplate`` or ``spam`` with a reason, from cheap, explainable features:

* list shape: many short items between ``|``, ``·``, ``•``, ``»`` or spaced ``/``
  (navigation bars, SEO keyword walls), and bullet lists of headlines after the article;
* stop-word density (jusText's English and Russian lists, our Chinese function words) and
  sentence punctuation: 12+ words that are not prose;
* known chrome patterns in English, Russian and Chinese: copyright and "All rights
  reserved", reproduction notices, ICP licence and 公网安备 numbers, "Back to top",
  "Read more", share buttons, "Editor :", app downloads, subscribe/donate/support-us
  appeals, cookie banners, site navigation;
* repetition: a line repeated in this document, or across documents
  (:class:`BoilerplateDetector`), or listed by the caller (``repeated=``);
* language mismatch against the document's main language (for keyword walls only: a real
  quote in another language is never flagged for its language alone).

Keyword walls with spam vocabulary or in a foreign language are ``spam``; everything else
flagged is ``boilerplate``.

Context settles what a line cannot say alone: very short lines in a paragraph of chrome,
headlines under a "Related news:" heading, one appeal cue inside a donation block.
Precision comes first: a short news brief, a headline, a quote, a real bulleted list or a
paragraph in another language stays ``content``.

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
[('content', 'prose'), ('boilerplate', 'back-to-top')]
"""

from __future__ import annotations

from collections.abc import Collection

from polyglot_news.boilerplate._detector import BoilerplateDetector
from polyglot_news.boilerplate._rules import LABELS, REASON_CODES, Block, label_line
from polyglot_news.boilerplate._rules import classify as _classify

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
    return _classify(text, main_lang=main_lang, repeated=repeated)
