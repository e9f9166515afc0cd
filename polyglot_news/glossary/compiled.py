"""The compiled glossary: tables built once from the YAML files and stored in a cache file.

Parsing a 100,000-entry YAML layer and building its automata takes about a minute of
CPU and well over a gigabyte; a process that finds the compiled form in the cache maps
the file and decodes only what it touches. The pieces:

- :class:`Table`: a sequence of byte records in one buffer (an ``offsets`` array and a
  blob), read without copying from a memory-mapped file;
- :func:`write_sections` / :func:`read_sections`: a file of named sections (a small
  header with the format version, the cache key and a checksum of each section, all
  verified on opening), written atomically (a temporary file renamed into place, so
  concurrent processes never see half a file);
- :func:`cache_dir`, :func:`cache_key`: where the cache lives (``$POLYGLOT_NEWS_GLOSSARY_CACHE``,
  else ``$XDG_CACHE_HOME/polyglot-news/glossary``; ``off`` disables it) and the key of a
  set of glossary files (a hash of their names and texts and of every version that
  shapes the compiled form).

A cache file that is missing is built; one that cannot be read (truncated, another
format version, a checksum mismatch) is ignored and rebuilt with one warning on the
``polyglot_news`` logger; where no cache directory is writable the glossary is built
in memory as before. Nothing here changes what a glossary matches.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import struct
import sys
import tempfile
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from polyglot_news.glossary.model import Entry, Variant

__all__ = [
    "FORMAT_VERSION",
    "CACHE_ENV",
    "MIN_CACHED_CHARS",
    "Table",
    "pack_table",
    "write_sections",
    "read_sections",
    "CacheUnreadable",
    "cache_dir",
    "cache_key",
    "warn_once",
    "warn_unwritable",
    "encode_entry",
    "decode_entry",
]

_log = logging.getLogger(__name__)

#: Version of the compiled layout; part of every cache key and checked in every file.
FORMAT_VERSION = 1
#: A directory for the compiled-glossary cache, or ``off`` to never read or write one.
CACHE_ENV = "POLYGLOT_NEWS_GLOSSARY_CACHE"
#: Glossaries whose YAML is shorter than this (the shipped one: 30 KB) are built in
#: memory: parsing them costs less than opening a cache file.
MIN_CACHED_CHARS = 256 * 1024

_MAGIC = b"PNGLOSS\x00"
_HEAD = struct.Struct("<8sIQ")  # magic, format version, header length


class CacheUnreadable(Exception):
    """A cache file exists but cannot be used (truncated, other version, corrupt)."""


# -- tables ---------------------------------------------------------------------------------


class Table(Sequence[bytes]):
    """Records ``0 .. n-1`` stored as one blob and ``n + 1`` offsets (``array('Q')``)."""

    __slots__ = ("_offsets", "_blob")

    def __init__(self, offsets: Any, blob: Any):
        self._offsets = offsets
        self._blob = blob

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: Any) -> Any:  # Sequence protocol; only ints are used
        offsets = self._offsets
        return bytes(self._blob[offsets[i] : offsets[i + 1]])


class StrTable(Sequence[str]):
    """A :class:`Table` of UTF-8 strings (sorted ones can be bisected directly)."""

    __slots__ = ("_table",)

    def __init__(self, table: Table):
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __getitem__(self, i: Any) -> Any:
        return self._table[i].decode("utf-8", "surrogatepass")


def pack_table(records: Iterable[bytes]) -> tuple[bytes, bytes]:
    """``(offsets, blob)`` of ``records`` (see :class:`Table`)."""
    offsets = array("Q", [0])
    parts: list[bytes] = []
    pos = 0
    for record in records:
        parts.append(record)
        pos += len(record)
        offsets.append(pos)
    return offsets.tobytes(), b"".join(parts)


def open_table(sections: Mapping[str, Any], name: str) -> Table:
    """The :class:`Table` stored as sections ``name.offsets`` and ``name.blob``."""
    offsets = memoryview(sections[f"{name}.offsets"]).cast("B").cast("Q")
    return Table(offsets, sections[f"{name}.blob"])


def table_sections(name: str, records: Iterable[bytes]) -> dict[str, bytes]:
    """The two sections of a table ``name`` (see :func:`open_table`)."""
    offsets, blob = pack_table(records)
    return {f"{name}.offsets": offsets, f"{name}.blob": blob}


# -- entries ----------------------------------------------------------------------------------
# Everything in a cache file is raw bytes or marshal data (plain values: no pickle, so a
# cache file cannot make the loader run code).

_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def encode_entry(entry: Entry) -> bytes:
    """An entry as marshal data (plain values only), its fields in :class:`Entry` order."""
    values = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
    values["variants"] = {
        lang: tuple((v.form, v.status, v.short, v.note, v.line) for v in items)
        for lang, items in entry.variants.items()
    }
    for name in ("canonical", "short", "held"):
        values[name] = None if values[name] is None else dict(values[name])
    values["examples"] = tuple(dict(e) for e in entry.examples)
    return marshal.dumps(tuple(values.values()))


def decode_entry(data: Any) -> Entry:
    """The entry of :func:`encode_entry`."""
    values = dict(zip(_ENTRY_FIELDS, marshal.loads(data), strict=True))
    values["variants"] = {
        lang: tuple(Variant(*v) for v in items) for lang, items in values["variants"].items()
    }
    return Entry(**values)


# -- files ----------------------------------------------------------------------------------


def write_sections(path: Path, key: str, sections: Mapping[str, bytes]) -> None:
    """Write ``sections`` to ``path`` atomically (temporary file, fsync, rename), each
    with a checksum that :func:`read_sections` verifies."""
    index: dict[str, tuple[int, int, int]] = {}
    pos = 0
    for name, data in sections.items():
        index[name] = (pos, len(data), zlib.crc32(data))
        pos += len(data)
    header = marshal.dumps({"key": key, "sections": index, "size": pos})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_HEAD.pack(_MAGIC, FORMAT_VERSION, len(header)))
            fh.write(header)
            for data in sections.values():
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a cache may be shared
        os.replace(tmp, path)
    except BaseException:
        with _suppress_os():
            os.unlink(tmp)
        raise


class _suppress_os:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, value: Any, tb: Any) -> bool:
        return kind is not None and issubclass(kind, OSError)


_CHUNK = 1 << 20


def _crc_of_range(fd: int, offset: int, length: int) -> int:
    """CRC-32 of ``length`` bytes of the file at ``offset``, read in chunks into one buffer
    (the file's pages stay in the page cache, not in this process's memory)."""
    crc = 0
    buffer = bytearray(min(_CHUNK, length))
    view = memoryview(buffer)
    end = offset + length
    while offset < end:
        got = os.preadv(fd, [view[: min(_CHUNK, end - offset)]], offset)
        if got <= 0:
            raise CacheUnreadable("the file is truncated")
        crc = zlib.crc32(view[:got], crc)
        offset += got
    return crc


def read_sections(
    path: Path, key: str, copied: tuple[str, ...] = ("automaton.",)
) -> dict[str, Any]:
    """The sections of the cache file ``path``: zero-copy views of the memory-mapped file,
    except sections whose name starts with one of ``copied``, read into ``bytes`` (a
    consumer that copies them anyway then never makes the file's pages resident).

    Raises FileNotFoundError when there is no file, :class:`CacheUnreadable` when it
    is not a complete file of this format version for ``key``.
    """
    with open(path, "rb") as fh:
        fd = fh.fileno()
        size = os.fstat(fd).st_size
        if size < _HEAD.size:
            raise CacheUnreadable("the file is truncated")
        mm = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        view = memoryview(mm)
        magic, version, header_len = _HEAD.unpack_from(view)
        if magic != _MAGIC:
            raise CacheUnreadable("not a compiled glossary file")
        if version != FORMAT_VERSION:
            raise CacheUnreadable(f"format version {version}, expected {FORMAT_VERSION}")
        start = _HEAD.size + header_len
        try:
            header = marshal.loads(view[_HEAD.size : start])
        except (ValueError, EOFError, TypeError) as exc:  # a damaged header
            raise CacheUnreadable(f"damaged header ({exc.__class__.__name__})") from None
        if not isinstance(header, dict) or header.get("key") != key:
            raise CacheUnreadable("the header names another glossary")
        if start + header["size"] != size:
            raise CacheUnreadable("the file is truncated or has trailing data")
        out: dict[str, Any] = {}
        for name, (offset, length, crc) in header["sections"].items():
            if name.startswith(copied):
                data: Any = os.pread(fd, length, start + offset)
                check = zlib.crc32(data)
            else:
                data = view[start + offset : start + offset + length]
                check = _crc_of_range(fd, start + offset, length)
            if check != crc:
                raise CacheUnreadable(f"section {name} fails its checksum")
            out[name] = data
    return out


# -- where and which ------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """The cache directory (``$POLYGLOT_NEWS_GLOSSARY_CACHE``, else
    ``$XDG_CACHE_HOME/polyglot-news/glossary``), or None when set to ``off``."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "none"):
            return None
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return root / "polyglot-news" / "glossary"


#: The modules whose code shapes the compiled form (keys, candidates, records).
_SHAPING = (
    "glossary/compiled", "glossary/folding", "glossary/glossary", "glossary/loader",
    "glossary/matcher", "glossary/model", "glossary/pinyin", "glossary/russian",
    "glossary/spelling", "scripts",
)  # fmt: skip


@lru_cache(maxsize=1)
def _versions() -> str:
    """Versions of everything that shapes the compiled form (not only its layout): the
    format, Python, the packages, and the code of the modules that build keys (so that
    an edited checkout never reads a cache an older version of its code wrote)."""
    from importlib import metadata

    code = hashlib.sha256()
    here = Path(__file__).resolve().parents[1]  # the polyglot_news package
    for name in _SHAPING:
        code.update((here / f"{name}.py").read_bytes())
    parts = [f"format={FORMAT_VERSION}", f"python={sys.version_info[:2]}", code.hexdigest()]
    for dist in ("polyglot-news", "pyahocorasick", "pymorphy3", "pymorphy3-dicts-ru", "opencc"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=-")
    return ";".join(parts)


def cache_key(layers: Sequence[Sequence[tuple[str, str]]]) -> str:
    """The key of a glossary made of ``layers`` of ``(name, text)`` files, in order."""
    digest = hashlib.sha256(_versions().encode())
    for layer in layers:
        digest.update(b"\x00layer")
        for name, text in layer:
            for part in (name, text):
                data = part.encode("utf-8", "surrogatepass")
                digest.update(len(data).to_bytes(8, "little"))
                digest.update(data)
    return digest.hexdigest()[:32]


_WARNED: set[str] = set()


def warn_once(path: Path, problem: str) -> None:
    """Log, once per file and process, that the cache file ``path`` was given up."""
    if str(path) in _WARNED:
        return
    _WARNED.add(str(path))
    _log.warning(
        "glossary cache %s ignored (%s); it is rebuilt (set %s=off to disable the cache)",
        path,
        problem,
        CACHE_ENV,
    )


def warn_unwritable(directory: Path, exc: OSError) -> None:
    """Log, once per directory and process, that the cache cannot be written there."""
    if str(directory) in _WARNED:
        return
    _WARNED.add(str(directory))
    _log.warning(
        "glossary cache directory %s is not writable (%s); the glossary is compiled in "
        "memory by each process (set %s to a writable directory)",
        directory,
        exc.strerror or exc,
        CACHE_ENV,
    )
