"""`glossary import` scales linearly: CPU time per row at 30,000 rows vs 3,000 rows.

Run: .venv/bin/python -m pytest benchmarks/bench_glossary_import.py -s

A made-up ``en,ru`` list of two-word names (seeded, none a common word) is imported
with ``--type person`` into an empty folder, in process, including the lint check and
the atomic write. Before the batch import each row re-read the whole file (100 rows
0.8 s, 800 rows 24 s); ``RATIO glossary_import_per_row_30000_vs_3000`` is about 1 when
the cost per row does not grow with the list (it was about 30 for a tenfold list). The
30,000-row import itself took about 7 s CPU here (composing the YAML twice, once for the
editor tools and once for the engine's loader, was a third of it: the node tree is now
composed once per text).
"""

from __future__ import annotations

import time
from pathlib import Path

from polyglot_news.glossary_tools.edit import Workspace
from polyglot_news.glossary_tools.interchange import import_glossary

_SYLLABLES = ["ka", "lo", "mi", "ra", "ve", "to", "sun", "bar", "dek", "zin", "pol", "mar"]
_CYRILLIC = ["ка", "ло", "ми", "ра", "ве", "то", "сун", "бар", "дек", "зин", "пол", "мар"]


def names_list(count: int) -> str:
    """``count`` rows of ``en,ru`` names under an ``en,ru`` header."""
    rows = ["en,ru"]
    for n in range(count):
        parts = [(n // 12**i) % 12 for i in range(6)]
        en = "".join(_SYLLABLES[p] for p in parts[:3]).capitalize() + " "
        en += "".join(_SYLLABLES[p] for p in parts[3:]).capitalize()
        ru = "".join(_CYRILLIC[p] for p in parts[:3]).capitalize() + " "
        ru += "".join(_CYRILLIC[p] for p in parts[3:]).capitalize()
        rows.append(f"{en},{ru}")
    return "\n".join(rows) + "\n"


def import_seconds(folder: Path, rows: int) -> float:
    """CPU seconds to import ``rows`` rows into the empty ``folder`` and save."""
    folder.mkdir()
    content = names_list(rows)
    start = time.process_time()
    ws = Workspace.open([folder])
    report = import_glossary(ws, content, name="list.csv", entry_type="person")
    ws.save()
    elapsed = time.process_time() - start
    assert report.created == rows and not report.unmapped
    return elapsed


def test_import_cost_per_row_does_not_grow(tmp_path: Path) -> None:
    small_seconds = import_seconds(tmp_path / "small", 3000)
    large_seconds = import_seconds(tmp_path / "large", 30000)
    small, large = small_seconds / 3000, large_seconds / 30000
    print(f"\nimport: {small * 1e3:.2f} ms/row at 3,000 rows, {large * 1e3:.2f} ms/row at 30,000")
    print(f"import of 30,000 rows: {large_seconds:.1f} s CPU")
    print(f"RATIO glossary_import_per_row_30000_vs_3000 {large / small:.2f}")
    assert large / small < 3  # quadratic would be ~10
