"""The model store: a directory of installed Argos packages and CTranslate2 model directories.

By default this is Argos Translate's own package directory (what
``argostranslate.settings.package_data_dir`` points to), so packages installed
with ``argospm`` are found too. ``POLYGLOT_NEWS_MODELS_DIR`` or an explicit
``models_dir`` argument choose another one.

Installing validates the whole zip before anything is written, extracts into a
temporary directory and moves the package into place with a rename, under a
lock file, so two concurrent installs never leave a half-written package.
A plain CTranslate2 model directory (converted from OPUS-MT or NLLB / M2M-100
with ``ct2-transformers-converter``) is installed with :func:`install_model_dir`:
validated as strictly (no links, size caps, the files its layout needs), copied
beside the Argos packages with a small ``metadata.json`` of its own, and listed
and removed the same way.

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any

from polyglot_news.errors import MissingExtraError, ModelError
from polyglot_news.translation.package import (
    CT2_TYPE,
    InstalledPackage,
    PackageMetadata,
    load_json,
    metadata_from_dict,
    missing_translation_extra,
    read_package,
)

__all__ = [
    "MODELS_DIR_ENV",
    "MAX_UNCOMPRESSED",
    "MAX_RATIO",
    "default_models_dir",
    "resolve_models_dir",
    "validate_package_zip",
    "validate_model_dir",
    "install_package",
    "install_model_dir",
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
MAX_DEPTH = 16  # path components below the package folder (Argos packages use about 5)
MAX_NAME_BYTES = 255  # one path component, as most filesystems allow
MAX_PATH_CHARS = 1024
MAX_FOLDER_CHARS = 128  # the package folder's own name
MAX_MODEL_DIR = 64 * 1024**3  # a CTranslate2 directory: NLLB-200 3.3B is about 13 GiB in float32
MAX_JSON_BYTES = 64 * 1024**2  # config.json and vocabularies (NLLB's is about 5 MiB)
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
    shown = name if len(name) <= 80 else name[:77] + "..."
    if len(name) > MAX_PATH_CHARS:
        raise _fail(path, f"entry {shown!r} is longer than {MAX_PATH_CHARS} characters", rebuild)
    if len(parts) > MAX_DEPTH + 1:
        raise _fail(path, f"entry {shown!r} is more than {MAX_DEPTH} folders deep", rebuild)
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts):
        raise _fail(path, f"entry {shown!r} has a name longer than {MAX_NAME_BYTES} bytes", rebuild)
    return PurePosixPath(*parts)


def _check_file_folder_clash(
    path: Path, names: Sequence[PurePosixPath], infos: Sequence[zipfile.ZipInfo]
) -> None:
    """Refuse a file that is also a folder (``a/x`` a file and ``a/x/y`` an entry)."""
    files = {str(n) for n, info in zip(names, infos, strict=True) if not info.is_dir()}
    for name in names:
        for parent in list(name.parents)[:-1]:
            if str(parent) in files:
                raise _fail(
                    path,
                    f"entry {str(parent)!r} is both a file and a folder",
                    "rebuild the package as one folder of relative paths",
                )


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
    if not _FOLDER_RE.match(top) or len(top) > MAX_FOLDER_CHARS:
        shown = top if len(top) <= 80 else top[:77] + "..."
        raise _fail(
            path,
            f"package folder name {shown!r} is not a plain name of at most "
            f"{MAX_FOLDER_CHARS} characters",
            "rename the folder",
        )
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
        meta = load_json(zf.read(info), where=where, fix="repair the file")
    except UnicodeDecodeError as exc:
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
            _check_file_folder_clash(file, names, infos)
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


@contextlib.contextmanager
def _staged(root: Path, doing: str, fix: str) -> Iterator[Path]:
    """A staging directory for changing the store under its lock, removed afterwards; an
    ``OSError`` on the way becomes a :class:`ModelError` (``cannot {doing} the models
    directory``)."""
    try:
        with _store_lock(root):
            staging = _staging_dir(root)
            try:
                yield staging
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        problem = f"cannot {doing} the models directory ({exc.strerror or exc})"
        raise _fail(root, problem, fix) from None


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
    missing = missing_translation_extra()
    if missing is not None:
        raise MissingExtraError(f"{file}: cannot install an Argos package: {missing}")
    root = _writable_root(models_dir)

    def extract(staging: Path) -> Path:
        _extract(file, staging, max_uncompressed)
        fresh = staging / meta.folder
        checked = read_package(fresh)
        if checked.code != meta.code:  # pragma: no cover - Argos read it differently
            raise _fail(
                file, "metadata.json reads differently through argostranslate", "rebuild it"
            )
        return fresh

    def same_pair(pkg: InstalledPackage) -> bool:
        return pkg.layout == "argos" and pkg.code == meta.code and pkg.type == meta.type

    return _place(root, meta.folder, extract, same_pair)


def _writable_root(models_dir: str | os.PathLike[str] | None) -> Path:
    root = resolve_models_dir(models_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"{root}: cannot create the models directory ({exc.strerror or exc}); fix: choose "
            "another models directory",
            argument="models_dir",
        ) from None
    return root


def _place(
    root: Path,
    folder: str,
    build: Callable[[Path], Path],
    replaces: Callable[[InstalledPackage], bool],
) -> InstalledPackage:
    """Build a package in a staging directory and move it into ``root/folder`` in one rename.

    ``build(staging)`` returns the finished package directory inside ``staging``.
    A package already at ``folder``, and every installed package for which
    ``replaces`` is true, is moved out of the store. On any failure the store
    is left as it was.
    """
    fix = "choose a writable models directory with free space"
    with _staged(root, "install into", fix) as staging:
        fresh = build(staging)
        dest = root / folder
        old = [p for p in scan_packages(root)[0] if replaces(p)]
        graveyard = staging / ".old"
        graveyard.mkdir()
        if dest.exists() or dest.is_symlink():
            os.rename(dest, graveyard / "0")
        os.rename(fresh, dest)
        for i, pkg in enumerate(old, start=1):
            if pkg.path != dest and pkg.path.exists():
                os.rename(pkg.path, graveyard / str(i))
    return read_package(root / folder)


# --------------------------------------------------------------------------- CTranslate2 dirs

#: ISO 639 code -> NLLB-200 language token, for the languages polyglot-news handles and
#: the most common others. M2M-100 uses ``__xx__`` tokens (found from the vocabulary).
NLLB_CODES: dict[str, str] = {
    "zh": "zho_Hans",
    "zt": "zho_Hant",
    "en": "eng_Latn",
    "ru": "rus_Cyrl",
    "uk": "ukr_Cyrl",
    "be": "bel_Cyrl",
    "kk": "kaz_Cyrl",
    "fr": "fra_Latn",
    "de": "deu_Latn",
    "es": "spa_Latn",
    "it": "ita_Latn",
    "pt": "por_Latn",
    "pl": "pol_Latn",
    "tr": "tur_Latn",
    "ja": "jpn_Jpan",
    "ko": "kor_Hang",
    "ar": "arb_Arab",
    "fa": "pes_Arab",
    "hi": "hin_Deva",
    "vi": "vie_Latn",
    "id": "ind_Latn",
    "th": "tha_Thai",
    "mn": "khk_Cyrl",
}
_VOCABULARIES = ("shared_vocabulary", "source_vocabulary", "target_vocabulary")
_LAYOUT_FILES = {
    "opus-mt": ("model.bin", "config.json", "source.spm", "target.spm"),
    "nllb": ("model.bin", "sentencepiece.bpe.model"),
}


def _scan_dir(directory: Path, max_size: int) -> dict[str, int]:
    """Every regular file under ``directory`` (relative POSIX path -> size), refusing links,
    special files, over-long names, deep trees, too many entries and more than ``max_size``."""
    rebuild = "convert the model again into a plain folder of regular files"
    found: dict[str, int] = {}
    total = 0
    stack: list[tuple[Path, tuple[str, ...]]] = [(directory, ())]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise _fail(
                folder, f"cannot be read ({exc.strerror or exc})", "check the folder"
            ) from None
        for entry in entries:
            parts = (*rel, entry.name)
            name = "/".join(parts)
            shown = name if len(name) <= 80 else name[:77] + "..."
            if len(entry.name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
                raise _fail(directory, f"{shown!r} has an over-long name", rebuild)
            if len(parts) > MAX_DEPTH or len(name) > MAX_PATH_CHARS:
                raise _fail(directory, f"{shown!r} is nested too deep", rebuild)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                raise _fail(
                    directory, f"{shown!r} cannot be read ({exc.strerror})", rebuild
                ) from None
            if stat.S_ISLNK(info.st_mode):
                raise _fail(directory, f"{shown!r} is a symbolic link", rebuild)
            if stat.S_ISDIR(info.st_mode):
                stack.append((Path(entry.path), parts))
                continue
            if not stat.S_ISREG(info.st_mode):
                raise _fail(directory, f"{shown!r} is not a regular file", rebuild)
            if len(found) >= MAX_ENTRIES:
                raise _fail(directory, f"has more than {MAX_ENTRIES} files", rebuild)
            total += info.st_size
            if total > max_size:
                raise _fail(
                    directory,
                    f"holds more than {max_size} bytes",
                    "check the folder (or raise the size cap)",
                )
            found[name] = info.st_size
    return found


def _read_small_json(path: Path, size: int, fix: str) -> Any:
    if size > MAX_JSON_BYTES:
        raise _fail(path, f"is larger than {MAX_JSON_BYTES // 1024**2} MiB", fix)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc})", fix) from None
    try:
        return load_json(data, where=str(path), fix=fix)
    except UnicodeDecodeError:
        raise _fail(path, "is not UTF-8", fix) from None


def _vocabulary(directory: Path, files: Mapping[str, int], name: str) -> list[str]:
    """The tokens of ``NAME.json`` or ``NAME.txt`` (one token per line)."""
    fix = "convert the model again"
    if f"{name}.json" in files:
        tokens = _read_small_json(directory / f"{name}.json", files[f"{name}.json"], fix)
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise _fail(directory / f"{name}.json", "is not a JSON list of tokens", fix)
        return tokens
    path = directory / f"{name}.txt"
    if files[f"{name}.txt"] > MAX_JSON_BYTES:
        raise _fail(path, f"is larger than {MAX_JSON_BYTES // 1024**2} MiB", fix)
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot be read ({exc})", fix) from None


def _language_tokens(vocab: Sequence[str]) -> dict[str, str]:
    """ISO code -> language token for every language the vocabulary has a token for."""
    known = set(vocab)
    found = {iso: token for iso, token in NLLB_CODES.items() if token in known}
    if not found:  # M2M-100: __en__, __zh__, ...
        for token in vocab:
            m = re.fullmatch(r"__([a-z]{2,3})__", token)
            if m:
                found[m.group(1)] = token
    return found


def _detect_layout(directory: Path, files: Mapping[str, int]) -> str:
    if "source.spm" in files or "target.spm" in files:
        return "opus-mt"
    if "sentencepiece.bpe.model" in files:
        return "nllb"
    missing = "model.bin, " if "model.bin" not in files else ""
    raise _fail(
        directory,
        f"is not a CTranslate2 model directory of a known layout: missing {missing}"
        "source.spm and target.spm (OPUS-MT) or sentencepiece.bpe.model (NLLB / M2M-100)",
        "convert the model with ct2-transformers-converter and copy its SentencePiece "
        "files into the directory",
    )


def validate_model_dir(
    path: str | os.PathLike[str],
    source: str | None = None,
    target: str | None = None,
    *,
    max_size: int = MAX_MODEL_DIR,
) -> PackageMetadata:
    """Check a CTranslate2 model directory without changing anything; return its metadata.

    Two layouts are accepted. **OPUS-MT** (Marian): ``model.bin``,
    ``config.json``, ``shared_vocabulary.json`` (or ``.txt``; or
    ``source_vocabulary.*`` and ``target_vocabulary.*``), ``source.spm`` and
    ``target.spm``; it serves one pair, so ``source`` and ``target`` are
    required. **NLLB / M2M-100**: ``model.bin``, ``shared_vocabulary.*`` and one
    ``sentencepiece.bpe.model``; it serves every pair of the languages whose
    token (``eng_Latn`` / ``__en__``) its vocabulary holds, and ``source`` /
    ``target``, when given, must be among them.

    Rejects (one :class:`ModelError` line naming the directory and what is
    missing or wrong): symbolic links, special files, over-long names, deep
    trees, more than ``max_size`` bytes, missing files, unreadable or deeply
    nested JSON, an empty vocabulary.
    """
    directory = Path(path)
    try:
        info = directory.lstat()
    except OSError:
        raise _fail(directory, "no such directory", "check the path") from None
    if stat.S_ISLNK(info.st_mode):
        raise _fail(directory, "is a symbolic link", "give the real model directory")
    if not stat.S_ISDIR(info.st_mode):
        raise _fail(
            directory,
            "is not a directory",
            "give a CTranslate2 model directory, or an .argosmodel file",
        )
    files = _scan_dir(directory, max_size)
    layout = _detect_layout(directory, files)
    need = list(_LAYOUT_FILES[layout])
    has_split = all(f"{v}.json" in files or f"{v}.txt" in files for v in _VOCABULARIES[1:])
    has_shared = "shared_vocabulary.json" in files or "shared_vocabulary.txt" in files
    missing = [name for name in need if name not in files]
    if not has_shared and not (layout == "opus-mt" and has_split):
        missing.append(
            "shared_vocabulary.json"
            if layout == "nllb"
            else "shared_vocabulary.json (or source_ and target_vocabulary.json)"
        )
    if missing:
        raise _fail(
            directory,
            f"is an incomplete {layout} model directory: missing {', '.join(missing)}",
            "convert the model again, copying the SentencePiece files "
            "(ct2-transformers-converter --copy_files ...)",
        )
    if "config.json" in files:
        config = _read_small_json(directory / "config.json", files["config.json"], "convert again")
        if not isinstance(config, dict):
            raise _fail(directory / "config.json", "is not a JSON object", "convert again")
    vocab = _vocabulary(
        directory, files, "shared_vocabulary" if has_shared else "target_vocabulary"
    )
    if not vocab:
        raise _fail(directory, "has an empty vocabulary", "convert the model again")
    for code in (source, target):
        if code is not None and not re.fullmatch(r"[a-z]{2,3}", code):
            raise _fail(directory, f"{code!r} is not a language code", 'use codes like "zh", "en"')
    folder_stem = re.sub(r"[^A-Za-z0-9._+-]+", "-", directory.resolve().name).strip("-.")
    folder_stem = folder_stem[:64] or "model"
    if layout == "opus-mt":
        if not source or not target:
            raise _fail(
                directory,
                "an OPUS-MT model serves one language pair, and the pair was not given",
                "give the source and target languages (e.g. zh and en)",
            )
        if source == target:
            raise _fail(directory, f"source and target are both {source!r}", "give two languages")
        return PackageMetadata(
            type="translate",
            from_code=source,
            to_code=target,
            folder=f"ct2-opus-mt-{source}_{target}",
            layout=layout,
        )
    languages = _language_tokens(vocab)
    if len(languages) < 2:
        raise _fail(
            directory,
            "the vocabulary has no language tokens (eng_Latn, zho_Hans ... or __en__, __zh__)",
            "convert an NLLB-200 or M2M-100 model",
        )
    for code in (source, target):
        if code is not None and code not in languages:
            raise _fail(
                directory,
                f"the model has no language token for {code!r} (it knows "
                f"{', '.join(sorted(languages))})",
                "choose languages the model knows",
            )
    return PackageMetadata(
        type="translate",
        from_code="",
        to_code="",
        folder=f"ct2-nllb-{folder_stem}",
        layout=layout,
        languages=tuple(sorted(languages.items())),
    )


def _copy_tree(src: Path, dest: Path, files: Mapping[str, int]) -> None:
    """Copy the regular files found by :func:`_scan_dir`, never following a link."""
    for name, size in files.items():
        target = dest.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(src.joinpath(*name.split("/")), flags)
        with os.fdopen(fd, "rb") as fin, open(target, "wb") as fout:
            copied = 0
            while chunk := fin.read(1 << 20):
                copied += len(chunk)
                if copied > size:
                    raise _fail(src, f"{name!r} grew while it was copied", "install it again")
                fout.write(chunk)
        target.chmod(0o644)


def install_model_dir(
    path: str | os.PathLike[str],
    models_dir: str | os.PathLike[str] | None = None,
    *,
    source: str | None = None,
    target: str | None = None,
    max_size: int = MAX_MODEL_DIR,
) -> InstalledPackage:
    """Validate a CTranslate2 model directory (see :func:`validate_model_dir`) and install a copy.

    The copy lands beside the Argos packages as ``ct2-opus-mt-<src>_<tgt>``
    (replacing an OPUS-MT model for the same pair) or ``ct2-nllb-<name>``, with
    a ``metadata.json`` of ``"type": "ctranslate2"`` that Argos ignores, in one
    rename: nothing changes in the store if anything fails.
    """
    directory = Path(path)
    meta = validate_model_dir(directory, source, target, max_size=max_size)
    root = _writable_root(models_dir)
    record: dict[str, Any] = {
        "type": CT2_TYPE,
        "layout": meta.layout,
        "package_version": "",
        "installed_from": directory.resolve().name,
    }
    if meta.layout == "opus-mt":
        record.update(from_code=meta.from_code, to_code=meta.to_code)
    else:
        record["languages"] = dict(meta.languages)

    def build(staging: Path) -> Path:
        fresh = staging / meta.folder
        fresh.mkdir()
        files = _scan_dir(directory, max_size)  # again: the folder may have changed
        _copy_tree(directory, fresh, files)
        (fresh / "metadata.json").write_text(
            json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        read_package(fresh)
        return fresh

    def same_model(pkg: InstalledPackage) -> bool:
        return pkg.layout == meta.layout and pkg.name == meta.folder

    return _place(root, meta.folder, build, same_model)


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
    """Remove the packages for a pair (``zh_en``) or with a directory name; return them.

    A pair code removes the single-pair models of that pair (Argos packages and
    OPUS-MT directories); a multilingual (NLLB) directory is removed by its
    folder name or its code (``en+ru+zh``), never as a side effect of a pair.
    """
    root = resolve_models_dir(models_dir)
    pair = parse_pair(code_or_id)
    matches = [
        p
        for p in list_packages(root)
        if p.name == code_or_id
        or (p.metadata.multilingual and p.code == code_or_id)
        or (pair is not None and not p.metadata.multilingual and (p.from_code, p.to_code) == pair)
    ]
    if not matches:
        raise ModelError(
            f"{root}: no installed package matches {code_or_id!r}; "
            "fix: give the pair code (zh_en) or the folder name of an installed package"
        )
    with _staged(root, "remove from", "check that the models directory is writable") as staging:
        for i, pkg in enumerate(matches):
            if pkg.path.exists():
                os.rename(pkg.path, staging / str(i))
    return matches


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)) or (0,)


#: Which model serves a pair when several can: a CTranslate2 directory the user converted
#: (single-pair OPUS-MT first, then multilingual NLLB) before an Argos package.
_LAYOUT_RANK = {"opus-mt": 3, "nllb": 2, "argos": 1}


def find_package(
    packages: Sequence[InstalledPackage], source: str, target: str
) -> InstalledPackage | None:
    """The model that translates ``source``->``target``, bound to that pair; ``None`` if none.

    When several serve the pair: an OPUS-MT directory, then an NLLB directory,
    then an Argos package; among equals the newest version, then the folder name.
    """
    found = [p for p in packages if p.serves(source, target)]
    if not found:
        return None
    best = max(
        found, key=lambda p: (_LAYOUT_RANK.get(p.layout, 0), _version_key(p.version), p.name)
    )
    return best.for_pair(source, target)


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
