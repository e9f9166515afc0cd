"""Installed Argos packages, read through ``argostranslate.package``.

``argostranslate.package`` is imported inside :func:`read_package` only (it
costs about 100 ms); ``argostranslate.translate`` is never imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyglot_news.errors import ModelError

# ISO 639-1/2/3 as Argos uses them ("zh", "zt", "pb", "fil"), with an optional subtag.
_CODE_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")

__all__ = ["PackageMetadata", "InstalledPackage", "read_package", "metadata_from_dict"]


@dataclass(frozen=True)
class PackageMetadata:
    """The fields of a package's ``metadata.json`` that polyglot-news uses."""

    type: str
    from_code: str
    to_code: str
    package_version: str = ""
    target_prefix: str = ""
    folder: str = ""  # the package's top-level folder in the zip / directory name

    @property
    def code(self) -> str:
        """The pair code, e.g. ``zh_en``."""
        return f"{self.from_code}_{self.to_code}"


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
        """``translate`` for translation packages (Argos also has ``sbd``)."""
        return self.metadata.type

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


def read_package(path: str | os.PathLike[str]) -> InstalledPackage:
    """Read an installed package directory with ``argostranslate.package.Package``.

    Raises :class:`ModelError` (one line naming the directory) if it is not a
    readable package.
    """
    directory = Path(path)
    if not (directory / "metadata.json").is_file():
        raise ModelError(f"{directory}: not an Argos package (no metadata.json); fix: reinstall it")
    where = str(directory / "metadata.json")
    try:
        raw = json.loads((directory / "metadata.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        raise ModelError(f"{where}: cannot be read ({exc}); fix: reinstall the package") from None
    metadata_from_dict(raw, where=where, folder=directory.name)  # Argos crashes on some errors
    try:
        from argostranslate.package import Package

        pkg = Package(directory)
    except (OSError, ValueError, AttributeError, TypeError, KeyError) as exc:
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
    metadata = metadata_from_dict(
        meta, where=str(directory / "metadata.json"), folder=directory.name
    )
    return InstalledPackage(
        path=directory,
        metadata=metadata,
        has_sbd=getattr(pkg, "packaged_sbd_path", None) is not None,
    )
