"""The internal record of a labelled stretch of text, before it becomes a Segment."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Unit"]


class Unit(NamedTuple):
    """A labelled stretch on its way to becoming a :class:`Segment`."""

    start: int
    end: int
    lang: str
    script: str
    confidence: float
    embedded: tuple[tuple[int, int], ...] = ()
    # set on short Latin runs: True if every word is name-like (absorbable at an edge)
    embeddable: bool | None = None
    # an island: a short run of another script in a sentence carried by ``matrix``
    matrix: str | None = None
