"""Atheris fuzz target for :func:`polyglot_news.normalize`.

Run it for as long as you like (libFuzzer options pass through)::

    .venv/bin/python tests/fuzz/fuzz_normalize.py -atheris_runs=200000
    .venv/bin/python tests/fuzz/fuzz_normalize.py -runs=2000 -seed=1   # what the test suite runs

The first byte picks the language argument (None, en, ru, zh); the rest becomes
text as in ``fuzz_segment.py``, and sometimes has a glossary form spliced in so the
matcher gets real work. The checks: no exception; the changes replay to the
output; text outside the changed spans is unchanged; normalizing the output again
changes nothing.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from fuzz_segment import texts_of

__all__ = ["check_normalize", "test_one_input"]

LANGS = (None, "en", "ru", "zh")


@lru_cache(maxsize=1)
def _forms() -> tuple[str, ...]:
    from polyglot_news.glossary import Glossary

    glossary = Glossary.default()
    return tuple(
        sorted({v.form for e in glossary for lang in ("en", "ru", "zh") for v in e.forms(lang)})
    )


def check_normalize(text: str, lang: str | None = None) -> None:
    """Replay, untouched text between changes, and idempotence of ``normalize``."""
    from polyglot_news.glossary import apply_changes, normalize

    result = normalize(text, lang=lang)
    if result.source != text:
        raise AssertionError("normalize changed its source")
    if apply_changes(text, result.changes) != result.text:
        raise AssertionError(f"changes do not replay: {text!r}")
    pos, shift = 0, 0
    for change in result.changes:
        before = result.text[pos + shift : change.start + shift]
        if before != text[pos : change.start]:
            raise AssertionError(f"text outside a change moved: {text!r}")
        shift += len(change.replacement) - len(change.original)
        pos = change.end
    if result.text[pos + shift :] != text[pos:]:
        raise AssertionError(f"text after the last change moved: {text!r}")
    again = normalize(result.text, lang=lang)
    if again.text != result.text:
        raise AssertionError(f"not idempotent: {text!r} -> {result.text!r} -> {again.text!r}")


def test_one_input(data: bytes) -> None:
    """The atheris entry point."""
    if not data:
        return
    lang = LANGS[data[0] % len(LANGS)]
    body = data[1:]
    for text in texts_of(body):
        if len(data) > 2 and data[1] % 3 == 0:  # splice a glossary form in
            forms = _forms()
            form = forms[int.from_bytes(data[:2], "little") % len(forms)]
            at = data[-1] % (len(text) + 1)
            text = text[:at] + form + text[at:]
        check_normalize(text, lang)


def main(argv: list[str]) -> None:
    """Instrument polyglot_news and hand over to atheris/libFuzzer."""
    import atheris

    with atheris.instrument_imports(include=["polyglot_news"]):
        import polyglot_news.glossary  # noqa: F401
        import polyglot_news.segmentation  # noqa: F401
    _forms()  # load the shipped glossary before fuzzing starts
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
