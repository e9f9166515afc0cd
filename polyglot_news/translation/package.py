"""Installed models: Argos packages and plain CTranslate2 model directories.

An Argos package is read through ``argostranslate.package`` (imported inside
:func:`read_package` only; it costs about 100 ms; ``argostranslate.translate``
is never imported). A CTranslate2 model directory installed with
``install_model_dir`` (OPUS-MT or NLLB/M2M layout) carries a small
``metadata.json`` of its own (``"type": "ctranslate2"``, which Argos ignores)
and is read without Argos.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from polyglot_news.errors import MissingExtraError, ModelError

# ISO 639-1/2/3 as Argos uses them ("zh", "zt", "pb", "fil"), with an optional subtag.
_CODE_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")

__all__ = [
    "LAYOUTS",
    "CT2_TYPE",
    "PackageMetadata",
    "InstalledPackage",
    "read_package",
    "metadata_from_dict",
    "ct2_metadata_from_dict",
    "read_metadata_file",
    "load_json",
    "missing_translation_extra",
]

#: How a model directory is laid out: an Argos package, or a CTranslate2 model
#: directory converted from OPUS-MT (Marian) or NLLB / M2M-100.
LAYOUTS = ("argos", "opus-mt", "nllb")
#: The ``type`` a CTranslate2 model directory's metadata.json carries (Argos skips it).
CT2_TYPE = "ctranslate2"
MAX_JSON_DEPTH = 64  # metadata.json and config.json are flat; deeper nesting is refused


def load_json(data: str | bytes, *, where: str, fix: str) -> Any:
    """Parse JSON, refusing nesting deeper than :data:`MAX_JSON_DEPTH` (one-line ModelError).

    Deep nesting is refused before parsing, so a hostile file cannot exhaust
    the recursion limit.
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise ModelError(f"{where}: nested more than {MAX_JSON_DEPTH} levels deep; fix: {fix}")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # json.JSONDecodeError is a ValueError
        raise ModelError(f"{where}: not valid UTF-8 JSON ({exc}); fix: {fix}") from None


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def missing_translation_extra(*, argos: bool = True) -> str | None:
    """What is missing to translate (one line naming the extra to install), or ``None``.

    ``argos=False`` leaves ``argostranslate`` out: CTranslate2 model directories
    need only ``ctranslate2`` and ``sentencepiece``.
    """
    import importlib.util

    names = (
        ("argostranslate", "ctranslate2", "sentencepiece")
        if argos
        else (
            "ctranslate2",
            "sentencepiece",
        )
    )
    missing = []
    for name in names:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    if not missing:
        return None
    return (
        f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not installed; "
        "install the translation extra: pip install 'polyglot-news[translate]'"
    )


@dataclass(frozen=True)
class PackageMetadata:
    """The fields of a package's ``metadata.json`` that polyglot-news uses."""

    type: str
    from_code: str
    to_code: str
    package_version: str = ""
    target_prefix: str = ""
    folder: str = ""  # the package's top-level folder in the zip / directory name
    layout: str = "argos"  # one of LAYOUTS
    #: NLLB / M2M: ``(ISO code, language token)`` for every language the model knows.
    languages: tuple[tuple[str, str], ...] = ()

    @property
    def code(self) -> str:
        """The pair code, e.g. ``zh_en``; a multilingual model's languages, e.g. ``en+ru+zh``."""
        if self.languages and not (self.from_code and self.to_code):
            return "+".join(sorted(iso for iso, _ in self.languages))
        return f"{self.from_code}_{self.to_code}"

    @property
    def multilingual(self) -> bool:
        """True for a model that serves every pair of its :attr:`languages`."""
        return bool(self.languages)

    def token(self, lang: str) -> str:
        """The language token of ``lang`` (NLLB ``zho_Hans``, M2M ``__zh__``); KeyError if none."""
        for iso, token in self.languages:
            if iso == lang:
                return token
        raise KeyError(f"the model has no language token for {lang!r}")

    def serves(self, source: str, target: str) -> bool:
        """True if this model translates ``source`` into ``target``."""
        if source == target:
            return False
        if self.languages:
            known = {iso for iso, _ in self.languages}
            return source in known and target in known
        return (self.from_code, self.to_code) == (source, target)


@dataclass(frozen=True)
class InstalledPackage:
    """A package directory in a models directory."""

    path: Path
    metadata: PackageMetadata
    has_sbd: bool = False

    @property
    def name(self) -> str:
        """The directory name, e.g. ``translate-zh_en-1_9``."""
        return self.path.name

    @property
    def code(self) -> str:
        """The pair code, e.g. ``zh_en`` (what :class:`Translation` reports)."""
        return self.metadata.code

    @property
    def from_code(self) -> str:
        """Source language code."""
        return self.metadata.from_code

    @property
    def to_code(self) -> str:
        """Target language code."""
        return self.metadata.to_code

    @property
    def version(self) -> str:
        """The package version from ``metadata.json`` (may be empty)."""
        return self.metadata.package_version

    @property
    def type(self) -> str:
        """``translate`` for translation models (Argos also has ``sbd``)."""
        return self.metadata.type

    @property
    def layout(self) -> str:
        """``argos``, ``opus-mt`` or ``nllb`` (see :data:`LAYOUTS`)."""
        return self.metadata.layout

    def serves(self, source: str, target: str) -> bool:
        """True if this is a translation model for ``source`` -> ``target``."""
        return self.type == "translate" and self.metadata.serves(source, target)

    def for_pair(self, source: str, target: str) -> InstalledPackage:
        """This model bound to one pair (a multilingual model serves many)."""
        if (self.from_code, self.to_code) == (source, target):
            return self
        meta = replace(self.metadata, from_code=source, to_code=target)
        return replace(self, metadata=meta)

    def size_bytes(self) -> int:
        """Total size of the package's files on disk."""
        total = 0
        for root, _dirs, files in os.walk(self.path):
            for name in files:
                with contextlib.suppress(OSError):
                    total += os.lstat(os.path.join(root, name)).st_size
        return total


def metadata_from_dict(meta: Any, *, where: str, folder: str = "") -> PackageMetadata:
    """Check a parsed ``metadata.json`` and return its :class:`PackageMetadata`.

    ``where`` names the file in error messages (``pkg.argosmodel: ...``).
    """
    if not isinstance(meta, dict):
        raise ModelError(f"{where}: metadata.json is not a JSON object; fix: rebuild the package")
    for key in ("type", "from_code", "to_code"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ModelError(
                f'{where}: metadata.json has no {key!r}; fix: add "{key}" '
                '(type is "translate", codes are ISO 639 like "zh", "en")'
            )
    for key in ("from_code", "to_code"):
        if not _CODE_RE.fullmatch(meta[key]):
            raise ModelError(
                f"{where}: {key} {meta[key]!r} is not a language code; "
                'fix: use a lower-case ISO 639 code like "zh", "en", "ru"'
            )
    if meta["type"] == "translate" and meta["from_code"] == meta["to_code"]:
        raise ModelError(
            f"{where}: from_code and to_code are both {meta['from_code']!r}; "
            "fix: a translate package goes from one language to another"
        )
    prefix = meta.get("target_prefix", "") or ""
    version = meta.get("package_version", "") or ""
    if not isinstance(prefix, str) or not isinstance(version, str):
        raise ModelError(
            f"{where}: metadata.json target_prefix and package_version must be strings"
        )
    return PackageMetadata(
        type=meta["type"].strip(),
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        package_version=version,
        target_prefix=prefix,
        folder=folder,
    )


def ct2_metadata_from_dict(meta: dict[str, Any], *, where: str, folder: str) -> PackageMetadata:
    """The metadata of an installed CTranslate2 model directory (``"type": "ctranslate2"``)."""
    layout = meta.get("layout")
    if layout not in LAYOUTS[1:]:
        raise ModelError(
            f"{where}: layout {layout!r} is not one of {', '.join(LAYOUTS[1:])}; "
            "fix: reinstall the model directory"
        )
    raw_languages = meta.get("languages") or {}
    if not isinstance(raw_languages, dict) or not all(
        isinstance(k, str) and _CODE_RE.fullmatch(k) and isinstance(v, str) and v
        for k, v in raw_languages.items()
    ):
        raise ModelError(
            f"{where}: languages must map language codes to model tokens; "
            "fix: reinstall the model directory"
        )
    languages = tuple(sorted(raw_languages.items()))
    if layout == "nllb" and not languages:
        raise ModelError(f"{where}: an NLLB model lists no languages; fix: reinstall it")
    pair = {key: meta.get(key) or "" for key in ("from_code", "to_code")}
    if layout == "opus-mt" or any(pair.values()):
        checked = metadata_from_dict(
            {**meta, "type": "translate", **pair}, where=where, folder=folder
        )
        return replace(checked, layout=layout, languages=languages)
    version = meta.get("package_version", "") or ""
    if not isinstance(version, str):
        raise ModelError(f"{where}: package_version must be a string")
    return PackageMetadata(
        type="translate",
        from_code="",
        to_code="",
        package_version=version,
        folder=folder,
        layout=layout,
        languages=languages,
    )


def read_metadata_file(directory: Path) -> Any:
    """The parsed ``metadata.json`` of a model directory (one-line ModelError if unreadable)."""
    path = directory / "metadata.json"
    where = str(path)
    if not path.is_file():
        raise ModelError(f"{directory}: not a model package (no metadata.json); fix: reinstall it")
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            raise ModelError(f"{where}: larger than 1 MiB; fix: reinstall the package")
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"{where}: cannot be read ({exc.strerror or exc}); fix: reinstall the package"
        ) from None
    try:
        return load_json(data, where=where, fix="reinstall the package")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{where}: not UTF-8 ({exc}); fix: reinstall the package") from None


MAX_METADATA_BYTES = 1024**2


def read_package(path: str | os.PathLike[str]) -> InstalledPackage:
    """Read an installed model directory: an Argos package or a CTranslate2 model directory.

    Argos packages are read with ``argostranslate.package.Package`` (a
    ModelError naming what to install if it is missing). Raises
    :class:`ModelError` (one line naming the directory) if it is not a
    readable package.
    """
    directory = Path(path)
    where = str(directory / "metadata.json")
    raw = read_metadata_file(directory)
    if isinstance(raw, dict) and raw.get("type") == CT2_TYPE:
        return InstalledPackage(
            path=directory, metadata=ct2_metadata_from_dict(raw, where=where, folder=directory.name)
        )
    metadata_from_dict(raw, where=where, folder=directory.name)  # Argos crashes on some errors
    try:
        from argostranslate.package import Package
    except ImportError:
        raise MissingExtraError(
            f"{directory}: an Argos package, but argostranslate is not installed; "
            "fix: install the translation extra: pip install 'polyglot-news[translate]'"
        ) from None
    try:
        pkg = Package(directory)
    except (OSError, ValueError, AttributeError, TypeError, KeyError, RecursionError) as exc:
        raise ModelError(
            f"{directory}/metadata.json: cannot be read ({exc}); fix: reinstall it"
        ) from None
    meta = {
        "type": getattr(pkg, "type", None),
        "from_code": getattr(pkg, "from_code", None),
        "to_code": getattr(pkg, "to_code", None),
        "package_version": getattr(pkg, "package_version", "") or "",
        "target_prefix": getattr(pkg, "target_prefix", "") or "",
    }
    metadata = metadata_from_dict(meta, where=where, folder=directory.name)
    return InstalledPackage(
        path=directory,
        metadata=metadata,
        has_sbd=getattr(pkg, "packaged_sbd_path", None) is not None,
    )
