"""The guard around the optional ``dask`` extra."""

from __future__ import annotations

import importlib
from types import ModuleType

from polyglot_news.errors import PolyglotNewsError

__all__ = ["MissingExtraError", "WorkerSetupError", "require_distributed", "INSTALL_HINT"]

INSTALL_HINT = "pip install -e '.[dask]' in the polyglot-news checkout"


class MissingExtraError(PolyglotNewsError, ImportError):
    """Dask (``dask`` and ``distributed``) is not installed; the message says how to add it."""


class WorkerSetupError(PolyglotNewsError):
    """The workers could not build the pipeline (a missing install, glossary or model)."""


def require_distributed() -> ModuleType:
    """Import and return ``distributed``, or raise :class:`MissingExtraError` with the fix."""
    try:
        importlib.import_module("dask.bag")
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise MissingExtraError(
            f"scale-out needs Dask, which is not installed ({exc}); install it with "
            f"`{INSTALL_HINT}`"
        ) from None
