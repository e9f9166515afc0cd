"""Editor tooling for the glossary files: lint, edit, interchange, suggestions, stats.

These tools work directly on the YAML files in ``glossaries/`` (see
``docs/glossary.md``) so that editors can check and change them without
writing Python. The command line front end is ``polyglot-news glossary``.

Nothing heavy happens at import time: each public name is imported from its
module the first time it is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polyglot_news._lazy import lazy_exports

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "GlossaryDoc": "polyglot_news.glossary_tools.files",
    "load_docs": "polyglot_news.glossary_tools.files",
    "shipped_dir": "polyglot_news.glossary_tools.files",
    "RawEntry": "polyglot_news.glossary_tools.model",
    "Form": "polyglot_news.glossary_tools.model",
    "Problem": "polyglot_news.glossary_tools.lint",
    "lint_docs": "polyglot_news.glossary_tools.lint",
    "fix_docs": "polyglot_news.glossary_tools.lint",
    "Workspace": "polyglot_news.glossary_tools.edit",
    "export_glossary": "polyglot_news.glossary_tools.interchange",
    "import_glossary": "polyglot_news.glossary_tools.interchange",
    "suggest": "polyglot_news.glossary_tools.suggest",
    "Suggestion": "polyglot_news.glossary_tools.suggest",
    "glossary_stats": "polyglot_news.glossary_tools.stats",
}

__all__ = [
    "GlossaryDoc",
    "load_docs",
    "shipped_dir",
    "RawEntry",
    "Form",
    "Problem",
    "lint_docs",
    "fix_docs",
    "Workspace",
    "export_glossary",
    "import_glossary",
    "suggest",
    "Suggestion",
    "glossary_stats",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from polyglot_news.glossary_tools.edit import Workspace
    from polyglot_news.glossary_tools.files import GlossaryDoc, load_docs, shipped_dir
    from polyglot_news.glossary_tools.interchange import export_glossary, import_glossary
    from polyglot_news.glossary_tools.lint import Problem, fix_docs, lint_docs
    from polyglot_news.glossary_tools.model import Form, RawEntry
    from polyglot_news.glossary_tools.stats import glossary_stats
    from polyglot_news.glossary_tools.suggest import Suggestion, suggest


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
