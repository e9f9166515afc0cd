"""Notes on stderr about what a text-mode run could not do (a missing model), once per run.

JSON Lines output carries the same facts in each record (``segments[].reason`` and
``notes``), so notes are printed for text output only: there, stderr is the only
place a reader learns why text came back untranslated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from polyglot_news.cli.errors import INSTALL_MODEL_HINT

if TYPE_CHECKING:
    from polyglot_news.document import Document

__all__ = ["UntranslatedNotes"]

_NO_MODEL = "no-model: "
_UNAVAILABLE = "translation unavailable"


class UntranslatedNotes:
    """Prints one ``Note: ...`` line per language pair left untranslated, the first time."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._seen: set[tuple[str, str]] = set()

    def observe(self, doc: Document) -> None:
        """Look at one finished document; note any pair not noted before in this run."""
        for seg in doc.segments:
            reason = seg.reason
            if seg.translation is not None or not reason:
                continue
            if not reason.startswith((_NO_MODEL, _UNAVAILABLE)):
                continue
            key = (seg.lang, reason)
            if key in self._seen:
                continue
            self._seen.add(key)
            click.echo(f"Note: {self._describe(seg.lang, reason)}", err=True)

    def _describe(self, lang: str, reason: str) -> str:
        if reason.startswith(_NO_MODEL):
            pair = reason[len(_NO_MODEL) :]
            return (
                f"{lang} text is left untranslated: no {pair} translation model is installed; "
                f"{INSTALL_MODEL_HINT}"
            )
        return f"{lang} text is left untranslated: {reason}"
