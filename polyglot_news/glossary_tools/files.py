"""Finding, reading and splitting glossary files.

A glossary file is read twice over: as a tree of plain values that remember
their line and column, read by the glossary loader's own reader
(:func:`polyglot_news.glossary.loader.read_tree`: the same YAML checks and
error messages as the engine, without the entry schema, so that files the
engine refuses can still be linted), and as text split into *blocks*, one
per entry. Edits re-read only the block of the entry they touch with
ruamel.yaml's round-trip mode (comments, key order and styles kept) and
leave every other byte of the file as the editor left it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_news.errors import GlossaryError
from polyglot_news.glossary.loader import YamlMap, YamlSeq, check_complete, read_tree

__all__ = [
    "GlossaryDoc",
    "YamlMap",
    "YamlSeq",
    "Layout",
    "shipped_dir",
    "project_dir",
    "is_installed_package",
    "glossary_files",
    "load_docs",
    "parse_doc",
    "display_path",
    "write_text",
    "edit_lock",
    "LOCK_TIMEOUT",
    "yaml_rt",
    "dump_rt",
]


def shipped_dir() -> Path:
    """The folder of the shipped glossaries (``polyglot_news.glossaries``)."""
    return Path(str(importlib.resources.files("polyglot_news.glossaries")))


def is_installed_package(path: Path) -> bool:
    """Whether ``path`` lies in the installed package's glossaries (in site-packages).

    An editable install's shipped folder is the repository's ``glossaries/``: that one
    is the project's own and may be edited.
    """
    shipped = shipped_dir().resolve()
    if not {"site-packages", "dist-packages"} & set(shipped.parts):
        return False
    target = path.resolve()
    return target == shipped or shipped in target.parents


def project_dir(start: Path | None = None) -> Path | None:
    """The ``glossaries/`` folder of the project around ``start`` (default: the current
    directory): the nearest such folder in ``start`` or a parent, never the installed
    package's. None when there is none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "glossaries"
        if candidate.is_dir() and not is_installed_package(candidate):
            return candidate
    return None


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it is below it, else as is."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def write_text(path: Path, text: str) -> None:
    """Replace a glossary file with ``text`` atomically: the old file or the new one, never a
    part of either.

    The text goes to a temporary file in the same folder, is flushed to disk (``fsync``),
    then renamed over ``path`` and the folder is synced, so a kill, a crash or a full disk
    at any moment leaves ``path`` as it was or as it is meant to be. A file that cannot be
    written is a one-line :class:`GlossaryError` and ``path`` is unchanged.
    """
    data = text.encode("utf-8")
    folder = path.parent
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)  # what a text editor gives a new file under umask 022
        os.replace(tmp, path)
        tmp = None
        _sync_dir(folder)
    except OSError as exc:
        raise _os_failure(
            exc,
            "write the file",
            path,
            "free disk space or write to a copy in a folder you can write to",
            then="; it is unchanged",
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _os_failure(exc: OSError, doing: str, path: Path, fix: str, then: str = "") -> GlossaryError:
    """The one-line error for the system refusing ``doing`` to ``path`` (its reason, then
    ``then``)."""
    return GlossaryError(
        f"cannot {doing}: {exc.strerror or exc}{then}", path=display_path(path), fix=fix
    )


def _sync_dir(folder: Path) -> None:
    """fsync a folder so a rename in it survives a crash (a no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems without directory fsync
        pass
    finally:
        os.close(fd)


#: Seconds an edit waits for another edit of the same glossary folder to finish.
LOCK_TIMEOUT = 30.0
LOCK_NAME = ".glossary.lock"


@contextlib.contextmanager
def edit_lock(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the edit lock of a glossary folder (a ``.glossary.lock`` file in it).

    Edits that read, change and write the folder's files inside this lock cannot
    lose each other's changes. When another edit holds it for longer than
    ``timeout`` seconds, a :class:`GlossaryError` says to retry.
    """
    from filelock import FileLock, Timeout

    # one lock object per path in this process, so holding it again (save() inside an
    # edit that holds it) nests instead of waiting for itself
    lock = FileLock(str(folder / LOCK_NAME), timeout=timeout, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise GlossaryError(
            f"another edit of this glossary folder has held its lock for {timeout:g} s",
            path=display_path(folder),
            fix="retry the edit when the other one has finished",
        ) from None
    except OSError as exc:
        raise _os_failure(
            exc, "lock the glossary folder", folder, "edit a copy in a folder you can write to"
        ) from None
    try:
        yield
    finally:
        lock.release()


def glossary_files(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """The ``*.yaml`` files named by ``paths`` (files, or folders read non-recursively).

    With no paths, the shipped glossaries. A path that does not exist raises
    :class:`GlossaryError`.
    """
    found: list[Path] = []
    for raw in paths or [shipped_dir()]:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            found.append(path)
        else:
            raise GlossaryError(
                "no such glossary file or folder",
                path=str(path),
                fix="give a folder of *.yaml glossaries or one glossary file",
            )
    return found


def yaml_rt() -> Any:
    """A ruamel.yaml round-trip instance set up for the glossary house style.

    ruamel.yaml is imported here, not at module level: reading and linting
    need only PyYAML; editing needs the ``editor`` extra.
    """
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def dump_rt(data: Any) -> str:
    """Dump a round-trip tree with :func:`yaml_rt` settings."""
    out = io.StringIO()
    yaml_rt().dump(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class Layout:
    """Where the entries sit in a file's text (0-based line numbers, end exclusive).

    ``blocks[i]`` is the line range of entry ``i`` including the comment lines
    directly above it; ``head`` ends where the first block starts and ``tail``
    starts where the last block ends.
    """

    blocks: tuple[tuple[int, int], ...]
    head_end: int
    tail_start: int


@dataclass
class GlossaryDoc:
    """One glossary file: its text, its parsed tree (with positions), and where its entries are.

    ``data`` holds plain values (``YamlMap``/``YamlSeq`` with ruamel-style ``lc``
    and ``fa``) read by the glossary loader's :func:`~polyglot_news.glossary.loader.read_tree`;
    :meth:`roundtrip_data` gives the ruamel.yaml round-trip tree when a whole file must
    be rewritten.
    """

    path: Path
    text: str
    data: Any = None
    error: GlossaryError | None = None
    layout: Layout | None = field(default=None, repr=False)

    @functools.cached_property
    def name(self) -> str:
        """The path as shown to editors."""
        return display_path(self.path)

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, each with its line ending (do not modify the list)."""
        return self.text.splitlines(keepends=True)

    @property
    def entries(self) -> list[Any]:
        """The entry mappings (empty when the file did not parse as a glossary)."""
        if isinstance(self.data, dict):
            seq = self.data.get("entries")
            if isinstance(seq, list):
                return list(seq)
        return []

    def entry_line(self, index: int) -> int:
        """1-based line of entry ``index``."""
        seq = self.data["entries"]
        return int(seq.lc.item(index)[0]) + 1

    def replace_block(self, index: int, block: str) -> GlossaryDoc:
        """A new doc with entry ``index``'s text block replaced by ``block``.

        Only ``block`` is parsed and the entries after it are moved, so an edit
        costs the size of one entry, not of the file. The old doc must not be
        used afterwards (the two share their tree).
        """
        layout = self.layout
        start, end = layout.blocks[index] if layout is not None else (0, 0)
        lines = self.lines
        new_lines = block.splitlines(keepends=True)
        all_lines = [*lines[:start], *new_lines, *lines[end:]]
        text = "".join(all_lines)
        keys = list(self.data) if isinstance(self.data, dict) else []
        if layout is None or keys[-1:] != ["entries"]:
            return parse_doc(self.path, text)
        try:
            # the block alone, read as the loader reads a file, its lines counted from `start`
            read = read_tree(block, self.name, first_line=start)
        except GlossaryError:
            return parse_doc(self.path, text)
        if not isinstance(read, YamlSeq) or len(read) != 1 or read.lc.item_bases is None:
            return parse_doc(self.path, text)
        delta = len(new_lines) - (end - start)
        seq = self.data["entries"]
        bases = seq.lc.item_bases
        seq[index] = read[0]
        seq.lc.items[index] = read.lc.items[0]
        bases[index] = read.lc.item_bases[0]
        for later in range(index + 1, len(seq)):
            bases[later].delta += delta
        blocks = list(layout.blocks)
        blocks[index] = (start, start + len(new_lines))
        blocks[index + 1 :] = [(s + delta, e + delta) for s, e in blocks[index + 1 :]]
        new_layout = Layout(tuple(blocks), layout.head_end, layout.tail_start + delta)
        doc = GlossaryDoc(path=self.path, text=text, data=self.data, layout=new_layout)
        doc.__dict__["lines"] = all_lines  # the cached_property, already known
        return doc

    def roundtrip_data(self) -> Any:
        """The whole file as a ruamel.yaml round-trip tree (slow on big files: edits avoid it)."""
        return yaml_rt().load(self.text)


def parse_doc(path: Path, text: str) -> GlossaryDoc:
    """Parse ``text`` (the content of ``path``) with the glossary loader's reader
    (:func:`~polyglot_news.glossary.loader.read_tree`); its error is kept in ``doc.error``."""
    doc = GlossaryDoc(path=path, text=text)
    try:
        doc.data = read_tree(text, doc.name)
    except GlossaryError as exc:
        doc.error = exc
        return doc
    doc.layout = _layout(doc)
    return doc


def load_docs(paths: Sequence[Path | str] | None = None) -> list[GlossaryDoc]:
    """Read and parse every glossary file named by ``paths`` (default: the shipped ones)."""
    docs = []
    for path in glossary_files(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise GlossaryError(
                f"not UTF-8 (byte {exc.start})", path=display_path(path), fix="save it as UTF-8"
            ) from None
        try:
            check_complete(text.removeprefix("\ufeff"), display_path(path))
        except GlossaryError as exc:
            docs.append(GlossaryDoc(path=path, text=text, error=exc))
            continue
        docs.append(parse_doc(path, text))
    return docs


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _layout(doc: GlossaryDoc) -> Layout | None:
    """Split the text into head, one block per entry, and tail (block-style lists only)."""
    data = doc.data
    if not isinstance(data, YamlMap):
        return None
    seq = data.get("entries")
    if not isinstance(seq, YamlSeq) or not seq or seq.fa.flow_style():
        return None
    lines = doc.lines
    starts = [int(seq.lc.item(i)[0]) for i in range(len(seq))]
    # Comment lines directly above an entry belong to it.
    starts_ext = []
    previous = int(data.lc.key("entries")[0])
    for start in starts:
        s = start
        while s - 1 > previous and lines[s - 1].strip().startswith("#"):
            s -= 1
        starts_ext.append(s)
        previous = start
    # The list ends at the next top-level key, or at the trailing comments of the file.
    keys = list(data)
    index = keys.index("entries")
    if index + 1 < len(keys):
        end = int(data.lc.key(keys[index + 1])[0])
        while end - 1 > starts[-1] and lines[end - 1].strip().startswith("#"):
            end -= 1
    else:
        end = len(lines)
        while end - 1 > starts[-1] and _is_comment_or_blank(lines[end - 1]):
            end -= 1
    bounds = [*starts_ext[1:], end]
    blocks = tuple(zip(starts_ext, bounds, strict=True))
    return Layout(blocks=blocks, head_end=starts_ext[0], tail_start=end)
