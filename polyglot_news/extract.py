"""Article text from a page's HTML, for the pipeline's HTML input.

:func:`article_text` runs trafilatura in precision mode (``favor_precision=True``, no
comments) and returns the article as plain text, paragraphs separated by blank lines.
The pipeline then runs on that text, boilerplate flags included, as a second pass: the
Document's offsets refer to the extracted text, and its ``meta["text_from"]`` says so.

trafilatura (and lxml) are imported on first use, not with :mod:`polyglot_news`.
"""

from __future__ import annotations

from polyglot_news.errors import InputError

__all__ = ["EXTRACTOR", "article_text"]

#: What ``meta["text_from"]`` of a Document made from HTML says.
EXTRACTOR = "html: article extracted by trafilatura (favor_precision)"


def article_text(html: str) -> str:
    """The article of the page ``html`` as plain text (``""`` when none is found).

    Raises :class:`~polyglot_news.errors.InputError` when ``html`` is not a str.
    """
    if not isinstance(html, str):
        raise InputError(f"expected HTML as str, got {type(html).__name__}")
    if not html.strip():
        return ""
    import trafilatura

    text = trafilatura.extract(
        html, favor_precision=True, include_comments=False, include_tables=True,
        deduplicate=False, output_format="txt",
    )
    if not text:
        return ""
    # trafilatura ends each block with one newline; the pipeline reads blank-line paragraphs
    return "\n\n".join(line for line in text.splitlines() if line.strip())
