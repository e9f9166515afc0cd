"""Finding, reading and splitting glossary files.

A glossary file is read twice over: as a round-trip YAML tree (ruamel.yaml,
which keeps line numbers, comments and styles) and as plain text split into
*blocks*, one per entry. Edits rewrite only the block of the entry they touch,
so every other byte of the file stays as the editor left it.
"""

from __future__ import annotations

import importlib.resources
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from polyglot_news.errors import GlossaryError

__all__ = [
    "GlossaryDoc",
    "Layout",
    "shipped_dir",
    "glossary_files",
    "load_docs",
    "parse_doc",
    "display_path",
    "yaml_rt",
    "dump_rt",
]


def shipped_dir() -> Path:
    """The folder of the shipped glossaries (``polyglot_news.glossaries``)."""
    return Path(str(importlib.resources.files("polyglot_news.glossaries")))


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it is below it, else as is."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


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


def yaml_rt() -> YAML:
    """A round-trip YAML instance set up for the glossary house style."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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
    """One glossary file: its text, its round-trip tree, and where its entries are."""

    path: Path
    text: str
    data: Any = None
    error: GlossaryError | None = None
    layout: Layout | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The path as shown to editors."""
        return display_path(self.path)

    @property
    def lines(self) -> list[str]:
        """The text's lines, each with its line ending."""
        return self.text.splitlines(keepends=True)

    @property
    def entries(self) -> list[Any]:
        """The entry mappings (empty when the file did not parse as a glossary)."""
        if isinstance(self.data, CommentedMap):
            seq = self.data.get("entries")
            if isinstance(seq, CommentedSeq):
                return list(seq)
        return []

    def entry_line(self, index: int) -> int:
        """1-based line of entry ``index``."""
        seq = self.data["entries"]
        return int(seq.lc.item(index)[0]) + 1


def parse_doc(path: Path, text: str) -> GlossaryDoc:
    """Parse ``text`` (the content of ``path``); a YAML error is kept in ``doc.error``."""
    doc = GlossaryDoc(path=path, text=text)
    try:
        doc.data = yaml_rt().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        doc.error = GlossaryError(
            f"YAML syntax: {problem}",
            path=doc.name,
            line=line,
            fix="check indentation, colons and quotes on this line or the one above",
        )
        return doc
    except YAMLError as exc:
        doc.error = GlossaryError(f"YAML: {exc}", path=doc.name, fix="fix the YAML syntax")
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
        docs.append(parse_doc(path, text))
    return docs


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _layout(doc: GlossaryDoc) -> Layout | None:
    """Split the text into head, one block per entry, and tail (block-style lists only)."""
    data = doc.data
    if not isinstance(data, CommentedMap):
        return None
    seq = data.get("entries")
    if not isinstance(seq, CommentedSeq) or not seq or seq.fa.flow_style():
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
