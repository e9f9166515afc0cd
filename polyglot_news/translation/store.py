"""The model store: a directory of installed Argos packages.

By default this is Argos Translate's own package directory (what
``argostranslate.settings.package_data_dir`` points to), so packages installed
with ``argospm`` are found too. ``POLYGLOT_NEWS_MODELS_DIR`` or an explicit
``models_dir`` argument choose another one.

Installing validates the whole zip before anything is written, extracts into a
temporary directory and moves the package into place with a rename, under a
lock file, so two concurrent installs never leave a half-written package.
Only :func:`install_online` touches the network.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any

from polyglot_news.errors import ModelError
from polyglot_news.translation.package import (
    InstalledPackage,
    PackageMetadata,
    metadata_from_dict,
    read_package,
)

__all__ = [
    "MODELS_DIR_ENV",
    "MAX_UNCOMPRESSED",
    "MAX_RATIO",
    "default_models_dir",
    "resolve_models_dir",
    "validate_package_zip",
    "install_package",
    "install_online",
    "list_packages",
    "scan_packages",
    "remove_package",
    "find_package",
    "parse_pair",
]

MODELS_DIR_ENV = "POLYGLOT_NEWS_MODELS_DIR"
MAX_UNCOMPRESSED = 4 * 1024**3  # 4 GiB: the largest Argos packages are well under 1 GiB
MAX_RATIO = 1024  # per entry, above RATIO_FLOOR bytes; deflate itself cannot exceed ~1032
RATIO_FLOOR = 16 * 1024**2
MAX_ENTRIES = 10_000
_MAX_METADATA = 1024**2
_LOCK_NAME = ".polyglot-news.lock"
_FOLDER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
_PAIR_IN_NAME = re.compile(r"(?<![a-z])([a-z]{2,3})_([a-z]{2,3})(?![a-z])")
_DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"


# --------------------------------------------------------------------------- where


def _argos_setting(key: str) -> str | None:
    """A setting the way ``argostranslate.settings`` reads it: environment, then settings.json."""
    value = os.environ.get(key)
    if value is not None:
        return value
    config = Path(os.environ.get("XDG_CONFIG_HOME", _home() / ".config"))
    try:
        settings = json.loads((config / "argos-translate" / "settings.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found = settings.get(key) if isinstance(settings, dict) else None
    return str(found) if found is not None else None


def _home() -> Path:
    if "SNAP" in os.environ and "SNAP_USER_DATA" in os.environ:
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def _argos_package_dir() -> Path:
    """``argostranslate.settings.package_data_dir``, computed without importing Argos."""
    configured = _argos_setting("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured)
    data = Path(os.environ.get("XDG_DATA_HOME", _home() / ".local" / "share"))
    return data / "argos-translate" / "packages"


def default_models_dir() -> Path:
    """The models directory: ``$POLYGLOT_NEWS_MODELS_DIR``, else Argos's own package directory."""
    override = os.environ.get(MODELS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return _argos_package_dir()


def resolve_models_dir(models_dir: str | os.PathLike[str] | None = None) -> Path:
    """``models_dir`` if given, else :func:`default_models_dir`."""
    return Path(models_dir).expanduser() if models_dir is not None else default_models_dir()


# --------------------------------------------------------------------------- validation


def _fail(path: Path | str, problem: str, fix: str) -> ModelError:
    return ModelError(f"{path}: {problem}; fix: {fix}")


def _check_name(path: Path, name: str) -> PurePosixPath:
    rebuild = "rebuild the package as one folder of relative paths"
    if "\\" in name or "\x00" in name:
        raise _fail(path, f"entry {name!r} has a backslash or NUL in its name", rebuild)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _fail(path, f"entry {name!r} is an absolute path", rebuild)
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise _fail(path, f"entry {name!r} escapes the package folder with '..'", rebuild)
    if not parts or any(part in ("", ".") for part in name.rstrip("/").split("/")):
        raise _fail(path, f"entry {name!r} has an empty or '.' path component", rebuild)
    return PurePosixPath(*parts)


def _check_mode(path: Path, info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise _fail(path, f"entry {info.filename!r} is a symbolic link", "package real files only")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _fail(
            path, f"entry {info.filename!r} is not a regular file", "package real files only"
        )


def _check_sizes(
    path: Path, infos: Sequence[zipfile.ZipInfo], max_uncompressed: int, max_ratio: float
) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_uncompressed:
            raise _fail(
                path,
                f"unpacks to more than {max_uncompressed} bytes",
                "check the file; this is not an Argos package (or raise the size cap)",
            )
        compressed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * compressed:
            raise _fail(
                path,
                f"entry {info.filename!r} expands {info.file_size // compressed}x (zip bomb?)",
                "do not install this file",
            )
    archive_size = path.stat().st_size
    if sum(info.compress_size for info in infos) > archive_size:
        raise _fail(path, "zip entries overlap (zip bomb?)", "do not install this file")


def _top_folder(
    path: Path, names: Sequence[PurePosixPath], infos: Sequence[zipfile.ZipInfo]
) -> str:
    tops = {name.parts[0] for name in names}
    if len(tops) != 1:
        shown = ", ".join(sorted(tops)[:4])
        raise _fail(
            path,
            f"has {len(tops)} top-level entries ({shown}), expected one package folder",
            "zip the package folder itself (zip -r pkg.argosmodel pkg_folder/)",
        )
    top = tops.pop()
    for name, info in zip(names, infos, strict=True):
        if len(name.parts) == 1 and not info.is_dir():
            raise _fail(path, f"top-level entry {top!r} is a file, not a folder", "zip the folder")
    if not _FOLDER_RE.match(top):
        raise _fail(path, f"package folder name {top!r} is not a plain name", "rename the folder")
    return top


def _read_metadata(path: Path, zf: zipfile.ZipFile, top: str) -> PackageMetadata:
    where = f"{path}: {top}/metadata.json"
    try:
        info = zf.getinfo(f"{top}/metadata.json")
    except KeyError:
        raise _fail(
            path, f"has no {top}/metadata.json", "add metadata.json with type, from_code, to_code"
        ) from None
    if info.file_size > _MAX_METADATA:
        raise _fail(path, f"{top}/metadata.json is larger than 1 MiB", "rebuild the package")
    try:
        meta = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{where}: not valid UTF-8 JSON ({exc}); fix: repair the file") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ModelError(
            f"{where}: cannot be read ({exc}); fix: download the package again"
        ) from None
    return metadata_from_dict(meta, where=where, folder=top)


def _check_contents(path: Path, names: set[str], meta: PackageMetadata) -> None:
    top = meta.folder
    match = _PAIR_IN_NAME.search(top.lower())
    if match and (match.group(1), match.group(2)) != (meta.from_code, meta.to_code):
        raise _fail(
            path,
            f"folder {top!r} names {match.group(1)}->{match.group(2)} but metadata.json says "
            f"{meta.from_code}->{meta.to_code}",
            "make the folder name and metadata.json agree",
        )
    if meta.type != "translate":
        return
    if f"{top}/model/model.bin" not in names:
        raise _fail(path, f"has no {top}/model/model.bin", "package a CTranslate2 model in model/")
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise _fail(path, f"has no {top}/sentencepiece.model", "add the SentencePiece model")


def validate_package_zip(
    path: str | os.PathLike[str],
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
) -> PackageMetadata:
    """Check an ``.argosmodel`` file without extracting it; return its metadata.

    Rejects (with one :class:`ModelError` line naming the file): a missing,
    non-zip or truncated file; more than one top-level entry; absolute paths,
    ``..``, symbolic links and special files; more than ``max_uncompressed``
    bytes once unpacked, an entry that expands more than ``max_ratio`` times, or
    overlapping entries (zip bombs); a missing or incomplete ``metadata.json``;
    a folder name that contradicts the metadata; a translate package without
    ``model/model.bin`` or ``sentencepiece.model``.
    """
    file = Path(path)
    if not file.is_file():
        raise _fail(file, "no such file", "check the path")
    try:
        with zipfile.ZipFile(file) as zf:
            infos = zf.infolist()
            if not infos:
                raise _fail(file, "is an empty zip", "download the package again")
            if len(infos) > MAX_ENTRIES:
                raise _fail(file, f"has more than {MAX_ENTRIES} entries", "not an Argos package")
            names = [_check_name(file, info.filename) for info in infos]
            if len({str(n) for n in names}) != len(names):
                raise _fail(file, "has duplicate entry names", "rebuild the package")
            for info in infos:
                _check_mode(file, info)
            _check_sizes(file, infos, max_uncompressed, max_ratio)
            top = _top_folder(file, names, infos)
            meta = _read_metadata(file, zf, top)
            _check_contents(file, {str(n) for n in names}, meta)
            return meta
    except zipfile.BadZipFile as exc:
        raise _fail(
            file, f"is not a valid zip archive, or is truncated ({exc})", "download it again"
        ) from None
    except OSError as exc:
        raise _fail(file, f"cannot be read ({exc.strerror or exc})", "check the file") from None


# --------------------------------------------------------------------------- install


@contextlib.contextmanager
def _store_lock(root: Path) -> Iterator[None]:
    """An exclusive lock on the models directory (a file Argos ignores)."""
    with open(root / _LOCK_NAME, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _staging_dir(root: Path) -> Path:
    """A temporary directory on the same filesystem as ``root``, outside it where possible.

    Outside, because Argos's own package listing fails on any sub-directory of
    its package directory that lacks a ``metadata.json``.
    """
    parent = root.parent
    try:
        if os.access(parent, os.W_OK) and parent.stat().st_dev == root.stat().st_dev:
            return Path(tempfile.mkdtemp(prefix=f".{root.name}-install-", dir=parent))
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=".polyglot-news-install-", dir=root))


def _copy_member(src: IO[bytes], dest: Path, declared: int, budget: int, where: str) -> int:
    written = 0
    with open(dest, "wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > declared or written > budget:
                raise ModelError(
                    f"{where}: unpacks to more than it declares (zip bomb?); fix: do not install it"
                )
            out.write(chunk)
    return written


def _extract(file: Path, staging: Path, max_uncompressed: int) -> None:
    budget = max_uncompressed
    try:
        with zipfile.ZipFile(file) as zf:
            for info in zf.infolist():
                target = staging.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src:
                    budget -= _copy_member(
                        src, target, info.file_size, budget, f"{file}: {info.filename}"
                    )
                target.chmod(0o644)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _fail(file, f"is corrupt or truncated ({exc})", "download it again") from None


def install_package(
    path: str | os.PathLike[str],
    models_dir: str | os.PathLike[str] | None = None,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED,
) -> InstalledPackage:
    """Validate and install an ``.argosmodel`` file; return the installed package.

    An installed package for the same pair is replaced (an upgrade or a
    reinstall). Nothing is written unless the zip is valid, and the package
    appears in the models directory in one rename.
    """
    file = Path(path)
    meta = validate_package_zip(file, max_uncompressed=max_uncompressed)
    root = resolve_models_dir(models_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"{root}: cannot create the models directory ({exc.strerror}); fix: choose "
            "another models directory",
            argument="models_dir",
        ) from None
    with _store_lock(root):
        staging = _staging_dir(root)
        try:
            _extract(file, staging, max_uncompressed)
            fresh = staging / meta.folder
            checked = read_package(fresh)
            if checked.code != meta.code:  # pragma: no cover - Argos read it differently
                raise _fail(
                    file, "metadata.json reads differently through argostranslate", "rebuild it"
                )
            dest = root / meta.folder
            old = [p for p in scan_packages(root)[0] if p.code == meta.code and p.type == meta.type]
            graveyard = staging / ".old"
            graveyard.mkdir()
            if dest.exists() or dest.is_symlink():
                os.rename(dest, graveyard / "0")
            os.rename(fresh, dest)
            for i, pkg in enumerate(old, start=1):
                if pkg.path != dest and pkg.path.exists():
                    os.rename(pkg.path, graveyard / str(i))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return read_package(root / meta.folder)


# --------------------------------------------------------------------------- list / remove


def scan_packages(
    models_dir: str | os.PathLike[str] | None = None,
) -> tuple[list[InstalledPackage], list[ModelError]]:
    """All readable packages in the models directory, and an error for each unreadable one."""
    root = resolve_models_dir(models_dir)
    packages: list[InstalledPackage] = []
    errors: list[ModelError] = []
    try:
        children = sorted(root.iterdir())
    except OSError:
        return packages, errors
    for child in children:
        if child.name.startswith(".") or not child.is_dir():
            continue
        if not (child / "metadata.json").exists():
            continue
        try:
            packages.append(read_package(child))
        except ModelError as exc:
            errors.append(exc)
    packages.sort(key=lambda p: (p.code, p.name))
    return packages, errors


def list_packages(models_dir: str | os.PathLike[str] | None = None) -> list[InstalledPackage]:
    """The readable packages in the models directory, sorted by pair code."""
    return scan_packages(models_dir)[0]


def parse_pair(code: str) -> tuple[str, str] | None:
    """``zh_en``, ``zh-en``, ``zh->en`` or ``zh2en`` -> ``("zh", "en")``; else ``None``."""
    match = re.fullmatch(r"\s*([A-Za-z]{2,3})\s*(?:_|-|->|→|2)\s*([A-Za-z]{2,3})\s*", code)
    return (match.group(1).lower(), match.group(2).lower()) if match else None


def remove_package(
    code_or_id: str, models_dir: str | os.PathLike[str] | None = None
) -> list[InstalledPackage]:
    """Remove the packages for a pair (``zh_en``) or with a directory name; return them."""
    root = resolve_models_dir(models_dir)
    pair = parse_pair(code_or_id)
    matches = [
        p
        for p in list_packages(root)
        if p.name == code_or_id or (pair is not None and (p.from_code, p.to_code) == pair)
    ]
    if not matches:
        raise ModelError(
            f"{root}: no installed package matches {code_or_id!r}; "
            "fix: give the pair code (zh_en) or the folder name of an installed package"
        )
    with _store_lock(root):
        staging = _staging_dir(root)
        try:
            for i, pkg in enumerate(matches):
                if pkg.path.exists():
                    os.rename(pkg.path, staging / str(i))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return matches


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)) or (0,)


def find_package(
    packages: Sequence[InstalledPackage], source: str, target: str
) -> InstalledPackage | None:
    """The newest installed translate package for ``source``->``target``, if any."""
    found = [
        p
        for p in packages
        if p.type == "translate" and (p.from_code, p.to_code) == (source, target)
    ]
    if not found:
        return None
    return max(found, key=lambda p: (_version_key(p.version), p.name))


# --------------------------------------------------------------------------- online


def _index_url() -> str:
    base = _argos_setting("ARGOS_PACKAGE_INDEX") or _DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _fetch(url: str, timeout: float) -> bytes:
    import urllib.error
    import urllib.request

    if not url.startswith(("https://", "http://")):
        raise ModelError(f"{url}: only http(s) downloads are allowed; fix: use an https URL")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - https only
            data: bytes = response.read()
            return data
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ModelError(
            f"{url}: cannot download ({reason}); fix: check the network, or download the "
            ".argosmodel file yourself and install it from the file"
        ) from None


def install_online(
    code: str,
    models_dir: str | os.PathLike[str] | None = None,
    *,
    index_url: str | None = None,
    timeout: float = 60.0,
) -> InstalledPackage:
    """Download the package for ``code`` (``zh_en``) from the Argos index and install it.

    The only function in polyglot-news that touches the network.
    """
    pair = parse_pair(code)
    if pair is None:
        raise ModelError(f"{code!r}: not a language pair; fix: use a code like zh_en")
    url = index_url or _index_url()
    try:
        index: Any = json.loads(_fetch(url, timeout))
    except ValueError:
        raise ModelError(
            f"{url}: the package index is not valid JSON; fix: try again later"
        ) from None
    entries = [
        e
        for e in (index if isinstance(index, list) else [])
        if isinstance(e, dict)
        and e.get("type", "translate") == "translate"
        and (e.get("from_code"), e.get("to_code")) == pair
    ]
    if not entries:
        raise ModelError(f"{url}: the Argos index has no {pair[0]}->{pair[1]} package")
    entry = max(entries, key=lambda e: _version_key(str(e.get("package_version", ""))))
    links = [link for link in entry.get("links", []) if isinstance(link, str)]
    if not links:
        raise ModelError(f"{url}: the {pair[0]}->{pair[1]} entry has no download link")
    with tempfile.TemporaryDirectory(prefix="polyglot-news-download-") as tmp:
        target = Path(tmp) / f"{pair[0]}_{pair[1]}.argosmodel"
        target.write_bytes(_fetch(links[0], timeout))
        return install_package(target, models_dir)
