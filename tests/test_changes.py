"""The one change record: normalize, the translator and the Document share it."""

from __future__ import annotations

from polyglot_news import Change
from polyglot_news.document import SegmentChange, SegmentResult
from polyglot_news.glossary.model import Change as GlossaryChange


def test_one_type_under_every_name() -> None:
    assert SegmentChange is Change and GlossaryChange is Change


def test_round_trip_with_and_without_the_optional_fields() -> None:
    plain = Change(0, 5, "Shoygu", "Shoigu", "sergei_shoigu", "admitted", "en")
    merged = Change(0, 9, "CMC x", "y", "b", "admitted", "en", "exact+case", ("a", "b"), ("a", "b"))
    for change in (plain, merged):
        assert Change.from_dict(change.to_dict()) == change
    assert "entries" not in plain.to_dict() and "candidates" not in plain.to_dict()
    assert merged.to_dict()["entries"] == ["a", "b"]


def test_a_record_written_before_lang_and_entries_reads_back() -> None:
    old = {"start": 0, "end": 6, "original": "Shoygu", "replacement": "Shoigu"}
    old |= {"entry_id": "sergei_shoigu", "status": "admitted", "rule": "exact"}
    change = Change.from_dict(old)
    assert (change.lang, change.entries, change.entry_ids) == ("", (), ("sergei_shoigu",))
    seg = {"start": 0, "end": 6, "lang": "en", "script": "Latin", "confidence": 1.0}
    seg |= {"text": "Shoygu", "output": "Shoigu", "changes": [old]}
    assert SegmentResult.from_dict(seg).changes == (change,)
