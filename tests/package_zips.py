"""Zip files for the model-store tests (imported by them; pytest puts tests/ on the path)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path


def make_zip(
    path: Path,
    entries: dict[str, bytes | None],
    *,
    symlinks: tuple[str, ...] = (),
    modes: dict[str, int] | None = None,
) -> Path:
    """A zip of ``entries`` (``None``: a folder); ``symlinks`` are links, ``modes`` raw modes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            if data is None:
                info.external_attr = (stat.S_IFDIR | 0o755) << 16
                zf.writestr(info, b"")
                continue
            mode = stat.S_IFLNK | 0o777 if name in symlinks else stat.S_IFREG | 0o644
            info.external_attr = (modes or {}).get(name, mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path
