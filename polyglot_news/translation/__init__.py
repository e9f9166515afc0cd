"""Offline translation with Argos packages and CTranslate2 model directories, glossary-aware.

>>> from polyglot_news.translation import Translator
>>> with Translator("en", threads=1) as tr:  # doctest: +SKIP
...     tr.translate("绍伊古会见拉夫罗夫。", "zh").text
'Shoigu met Lavrov.'

Packages are installed with ``install_package`` (an ``.argosmodel`` file) or
``install_model_dir`` (an OPUS-MT or NLLB CTranslate2 directory), see
:mod:`polyglot_news.translation.store`; :mod:`polyglot_news.translation.evaluate`
scores a model on your own text. CTranslate2 and SentencePiece load on
first translation; ``argostranslate.translate`` (torch, spaCy, Stanza) is never
imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polyglot_news._lazy import lazy_exports

__all__ = [
    "Translator",
    "Translation",
    "InstalledPackage",
    "PackageMetadata",
    "default_models_dir",
    "install_package",
    "install_model_dir",
    "validate_model_dir",
    "list_packages",
    "remove_package",
    "validate_package_zip",
    "build_fixture_package",
    "build_fixture_model_dir",
]

_EXPORTS: dict[str, str] = {
    "Translator": "polyglot_news.translation.translator",
    "Translation": "polyglot_news.translation.translator",
    "InstalledPackage": "polyglot_news.translation.package",
    "PackageMetadata": "polyglot_news.translation.package",
    "default_models_dir": "polyglot_news.translation.store",
    "install_package": "polyglot_news.translation.store",
    "install_model_dir": "polyglot_news.translation.store",
    "validate_model_dir": "polyglot_news.translation.store",
    "list_packages": "polyglot_news.translation.store",
    "remove_package": "polyglot_news.translation.store",
    "validate_package_zip": "polyglot_news.translation.store",
    "build_fixture_package": "polyglot_news.translation.fixture",
    "build_fixture_model_dir": "polyglot_news.translation.fixture",
}

if TYPE_CHECKING:  # pragma: no cover
    from polyglot_news.translation.fixture import build_fixture_model_dir, build_fixture_package
    from polyglot_news.translation.package import InstalledPackage, PackageMetadata
    from polyglot_news.translation.store import (
        default_models_dir,
        install_model_dir,
        install_package,
        list_packages,
        remove_package,
        validate_model_dir,
        validate_package_zip,
    )
    from polyglot_news.translation.translator import Translation, Translator


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
