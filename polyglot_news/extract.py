"""Article text from a page's HTML, for the pipeline's HTML input.

:func:`article_text` runs trafilatura in precision mode (``favor_precision=True``, no
comments) and returns the article as plain text, paragraphs separated by blank lines,
headed by its title (the headline, which trafilatura keeps apart from the text). The
pipeline then runs on that text, boilerplate flags included, as a second pass: the
Document's offsets refer to the extracted text, and its ``meta["text_from"]`` says so.

trafilatura (and lxml) are imported on first use, not with :mod:`polyglot_news`.
"""

from __future__ import annotations

from polyglot_news.errors import InputError

__all__ = ["EXTRACTOR", "NO_ARTICLE", "article_text"]

#: What ``meta["text_from"]`` of a Document made from HTML says.
EXTRACTOR = "html: article extracted by trafilatura (favor_precision)"


#: The error message of a page with no article text (blank, not HTML, or only page chrome).
NO_ARTICLE = "no article text found in the HTML (trafilatura, precision mode)"


def article_text(html: str) -> str:
    """The article of the page ``html`` as plain text, paragraphs separated by blank lines.

    Raises :class:`~polyglot_news.errors.InputError` when ``html`` is not a str, or when
    no article text is found in it (a blank page, text that is not HTML, a page of
    navigation only): an empty Document would pass for an empty article.
    """
    if not isinstance(html, str):
        raise InputError(f"expected HTML as str, got {type(html).__name__}")
    if not html.strip():
        raise InputError(NO_ARTICLE)
    import trafilatura

    found = trafilatura.bare_extraction(
        html, favor_precision=True, include_comments=False, include_tables=True,
        deduplicate=False, with_metadata=True,
    )
    # trafilatura ends each block with one newline; the pipeline reads blank-line paragraphs
    lines = [line for line in (getattr(found, "text", None) or "").splitlines() if line.strip()]
    if not lines:
        raise InputError(NO_ARTICLE)
    title = " ".join((getattr(found, "title", None) or "").split())
    if title and " ".join(lines[0].split()) != title:
        lines.insert(0, title)  # the headline is the article's (its markup is <title>/<h1>)
    article = "\n\n".join(lines)
    return article
