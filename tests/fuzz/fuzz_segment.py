"""Atheris fuzz target for :func:`polyglot_news.segment`.

Run it for as long as you like (libFuzzer options pass through)::

    .venv/bin/python tests/fuzz/fuzz_segment.py -atheris_runs=200000
    .venv/bin/python tests/fuzz/fuzz_segment.py -runs=2000 -seed=1   # what the test suite runs

Each input becomes text two ways (any code point from the fuzzer, lone surrogates
included; and the raw bytes decoded with ``surrogateescape``, as the CLI reads them).
The checks: no exception, and the segments tile the text exactly.
"""

from __future__ import annotations

import sys

__all__ = ["check_segment", "texts_of", "test_one_input"]


def texts_of(data: bytes) -> list[str]:
    """The texts one fuzz input stands for."""
    texts = [data.decode("utf-8", "surrogateescape")]
    if len(data) % 2 == 0:  # also read the bytes as UTF-16 code units (surrogates and all)
        texts.append(data.decode("utf-16-le", "surrogatepass"))
    return texts


def check_segment(text: str) -> None:
    """``segment(text)`` must not raise, and its segments must tile ``text``."""
    from polyglot_news.segmentation import segment

    segments = segment(text)
    pos = 0
    for seg in segments:
        if seg.start != pos or seg.end <= seg.start:
            raise AssertionError(f"segments do not tile at {pos}: {seg!r} in {text!r}")
        if seg.text != text[seg.start : seg.end]:
            raise AssertionError(f"segment text differs from its span: {seg!r}")
        pos = seg.end
    if pos != len(text):
        raise AssertionError(f"segments end at {pos}, the text at {len(text)}: {text!r}")


def test_one_input(data: bytes) -> None:
    """The atheris entry point."""
    for text in texts_of(data):
        check_segment(text)


def main(argv: list[str]) -> None:
    """Instrument polyglot_news and hand over to atheris/libFuzzer."""
    import atheris

    with atheris.instrument_imports(include=["polyglot_news"]):
        import polyglot_news.segmentation  # noqa: F401
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
