"""Exceptions raised by polyglot-news.

Every error a user can cause is a :class:`PolyglotNewsError`. Its message is one
line that names the input (file and line where there is one), what is wrong and
how to fix it, in library terms: arguments and files, never command-line options.
Where the fix is another value for an argument, :attr:`PolyglotNewsError.argument`
names it. The command line decides how to show each type and which exit status it
gives (:mod:`polyglot_news.cli.errors`).
"""

from __future__ import annotations

__all__ = [
    "PolyglotNewsError",
    "InputError",
    "UsageError",
    "GlossaryError",
    "ModelError",
    "MissingModelError",
    "MissingExtraError",
]


class PolyglotNewsError(Exception):
    """Base class for every expected failure.

    ``argument`` names the keyword argument (``"cache_path"``, ``"target"``...) whose
    value is at fault, when there is one, so that a front end can point at its own
    spelling of it.
    """

    argument: str | None = None

    def __init__(self, *args: object, argument: str | None = None) -> None:
        super().__init__(*args)
        if argument is not None:
            self.argument = argument


class InputError(PolyglotNewsError):
    """Bad input data: ``source`` names the input and ``line`` the 1-based line, if known."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(PolyglotNewsError):
    """The caller gave arguments, or combined them, in a way that cannot work."""


class GlossaryError(PolyglotNewsError):
    """A glossary file is malformed or inconsistent.

    ``path`` and ``line`` locate the problem (``line`` is 1-based) and ``fix``
    says what the editor should change. ``str(err)`` reads
    ``glossaries/people.yaml:12: <problem>; fix: <fix>``.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ):
        self.problem = problem
        self.path = path
        self.line = line
        self.fix = fix
        where = path or "<glossary>"
        if line is not None:
            where = f"{where}:{line}"
        text = f"{where}: {problem}"
        if fix:
            text += f"; fix: {fix}"
        super().__init__(text)


class ModelError(PolyglotNewsError):
    """A translation model package is invalid, or cannot be installed or loaded."""


class MissingModelError(ModelError):
    """No installed model (direct or pivoting through English) covers a language pair."""

    def __init__(self, source: str, target: str, message: str | None = None):
        self.source = source
        self.target = target
        if message is None:
            message = (
                f"no translation model installed for {source}->{target}; install a "
                f"{source}->{target} package in the models directory"
            )
            if "en" not in (source, target):
                message += f" (or {source}->en and en->{target} to pivot through English)"
        super().__init__(message)


class MissingExtraError(ModelError):
    """An optional dependency is not installed (e.g. ``argostranslate`` without the extra).

    The message names what to install: ``pip install 'polyglot-news[translate]'``.
    """
