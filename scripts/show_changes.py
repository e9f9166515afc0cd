"""Summarize `polyglot-news run --format jsonl` output: changes, flags, translations, notes.

Usage: polyglot-news run --format jsonl FILE... | python scripts/show_changes.py
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    """Print one line per glossary change, flagged segment, translation and note."""
    for raw in sys.stdin:
        doc = json.loads(raw)
        where = f"{doc['meta'].get('source')}:{doc['meta'].get('line')}"
        for seg in doc["segments"]:
            for ch in seg["changes"]:
                # no entry: an ambiguous form, or a rank whose army the text does not give
                entry = ch["entry_id"] or "|".join(ch.get("candidates", [])) or "-"
                print(f"{where}  glossary   {ch['original']!r} -> {ch['replacement']!r}"
                      f"  [{entry}, {ch['status']}, {ch['rule']}]")
            if seg["flag"] != "content" and seg["text"].strip():
                snippet = seg["text"].strip()[:50]
                print(f"{where}  flagged    {seg['flag']}: {snippet!r}  ({seg['flag_reason']})")
            if seg["method"] != "none":
                print(f"{where}  translated {seg['lang']}->{doc['target']} by {seg['method']}: "
                      f"{seg['text'].strip()[:40]!r} -> {seg['output'].strip()[:60]!r}")
        for note in doc["notes"]:
            print(f"{where}  note       {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
