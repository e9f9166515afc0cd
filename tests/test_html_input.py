"""HTML input: the article is extracted (trafilatura, precision mode), then the pipeline runs
on its text; offsets refer to the extracted text, and a page with no article is an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import invoke as invoke_bytes

from polyglot_news import Pipeline
from polyglot_news.errors import InputError
from polyglot_news.extract import EXTRACTOR, NO_ARTICLE, article_text

pytest.importorskip("trafilatura")

ARTICLE = [
    "The harbour ferry returns after a winter of repairs",
    "The old ferry that links the two halves of the town went back into service on Monday "
    "morning, after four months in the dry dock at the northern yard.",
    "Engineers replaced both engines and most of the deck, the harbour master said, and the "
    "boat will now run every twenty minutes until late in the evening.",
    "Passengers who waited on the pier for the first crossing said they had missed the short "
    "trip over the water more than they had expected.",
]
NAV = '<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>'
FOOTER = "<footer>Copyright 2026 The Town Gazette. All rights reserved.</footer>"


def page(paragraphs: list[str] = ARTICLE, inside: str = "") -> str:
    """A small news page of our own: navigation, the article, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return (
        f"<html><head><title>{paragraphs[0]}</title></head><body>{NAV}"
        f"<article><h1>{paragraphs[0]}</h1>{body}{inside}</article>{FOOTER}</body></html>"
    )


NO_TEXT = ["", "   \n", "<html><body></body></html>", "\x00\x01 <<< not a page"]


def invoke(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """The CLI in process (tests/support.py), with its output decoded."""
    code, out, err = invoke_bytes(args, stdin)
    return code, out.decode(), err.decode()


# -- library -------------------------------------------------------------------------------


def test_article_text_keeps_the_article_and_drops_the_page_chrome() -> None:
    text = article_text(page())
    assert text.split("\n\n") == ARTICLE
    assert "Home" not in text and "Copyright" not in text


def test_the_headline_heads_the_article_once() -> None:
    # the headline stands outside the article markup: trafilatura keeps it as the title only
    body = "".join(f"<p>{p}</p>" for p in ARTICLE[1:])
    html = (
        f"<html><head><title>{ARTICLE[0]} | The Town Gazette</title>"
        f"<meta property='og:title' content='{ARTICLE[0]}'></head><body>{NAV}"
        f"<header><h1>{ARTICLE[0]}</h1></header><article>{body}</article>{FOOTER}</body></html>"
    )
    assert article_text(html).split("\n\n") == ARTICLE
    # written in the article too, it is not written twice
    assert article_text(page()).count(ARTICLE[0]) == 1


@pytest.mark.parametrize("html", NO_TEXT)
def test_a_page_without_article_text_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError, match="no article text found"):
        article_text(html)


def test_html_that_is_not_a_str_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected HTML as str, got bytes"):
        article_text(page().encode())  # type: ignore[arg-type]


def test_pipeline_offsets_refer_to_the_extracted_text_and_meta_says_so() -> None:
    doc = Pipeline(translate=False).process(page(), {"html": True, "source": "p.html"})
    assert doc.original == "\n\n".join(ARTICLE)
    assert doc.meta["text_from"] == EXTRACTOR and "html" not in doc.meta
    assert doc.meta["source"] == "p.html"
    for seg in doc.segments:
        assert doc.original[seg.start : seg.end].strip()
    assert {s.flag for s in doc.segments} == {"content"}


def test_the_second_pass_flags_explicit_patterns_only() -> None:
    """A licence line inside the extracted article is flagged; the short lines of the
    article (its headline) are kept: the extractor already judged them with the markup."""
    licence = "<p>京ICP备12345678号</p>"
    doc = Pipeline(translate=False).process(page(inside=licence), {"html": True})
    flagged = [doc.original[s.start : s.end].strip() for s in doc.segments if s.flag != "content"]
    assert flagged == ["京ICP备12345678号"]
    assert ARTICLE[0] in doc.text


def test_pipeline_raises_for_a_page_with_no_article() -> None:
    with pytest.raises(InputError, match=NO_ARTICLE.split(" (")[0]):
        Pipeline(translate=False).process("<html><body></body></html>", {"html": True})


def test_without_the_html_meta_the_markup_is_plain_text() -> None:
    doc = Pipeline(translate=False).process(page())
    assert doc.original == page() and "text_from" not in doc.meta


# -- command line --------------------------------------------------------------------------


def _files(tmp_path: Path) -> tuple[Path, Path]:
    good, empty = tmp_path / "good.html", tmp_path / "empty.html"
    good.write_text(page(), encoding="utf-8")
    empty.write_text("<html><body></body></html>", encoding="utf-8")
    return good, empty


def test_cli_input_html_writes_the_article(tmp_path: Path) -> None:
    good, _ = _files(tmp_path)
    code, out, err = invoke(["run", "--no-translate", "--input", "html", str(good)])
    assert (code, err) == (0, "")
    assert out.strip().split("\n\n") == ARTICLE


def test_cli_input_html_jsonl_output_names_the_extractor(tmp_path: Path) -> None:
    good, _ = _files(tmp_path)
    code, out, _ = invoke(["run", "--no-translate", "--input", "html", "--format", "jsonl",
                           str(good)])
    doc = json.loads(out)
    assert code == 0 and doc["meta"]["text_from"] == EXTRACTOR
    assert doc["original"] == "\n\n".join(ARTICLE)


def test_cli_jsonl_html_field_is_extracted_and_other_fields_pass_through() -> None:
    line = json.dumps({"id": 7, "body": page()}) + "\n"
    code, out, err = invoke(
        ["run", "--no-translate", "--input", "jsonl", "--field", "body", "--html"],
        line.encode(),
    )
    record = json.loads(out)
    assert (code, err) == (0, "")
    assert record["id"] == 7 and record["body"] == "\n\n".join(ARTICLE)


def test_cli_html_input_is_for_run_only(tmp_path: Path) -> None:
    good, _ = _files(tmp_path)
    code, _, err = invoke(["segment", "--input", "html", str(good)])
    assert code == 2 and "works with run only" in err


def test_cli_page_with_no_article_fails_the_run_naming_the_file(tmp_path: Path) -> None:
    good, empty = _files(tmp_path)
    code, out, err = invoke(["run", "--no-translate", "--input", "html", str(empty), str(good)])
    assert code == 1 and out == ""
    assert f"{empty}:1: {NO_ARTICLE}" in err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_on_error_skip_reports_the_page_and_goes_on(tmp_path: Path, workers: str) -> None:
    good, empty = _files(tmp_path)
    code, out, err = invoke(["run", "--no-translate", "--input", "html", "--on-error", "skip",
                             "--workers", workers, str(empty), str(good), str(empty)])
    assert code == 0
    assert out.strip().split("\n\n") == ARTICLE
    assert err.count(f"Warning: skipped {empty}:1: {NO_ARTICLE}") == 2
