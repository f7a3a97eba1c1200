"""Chart PNGs kept on disk, so a new process re-rendering the same data skips drawing them.

Drawing the five charts (and importing matplotlib to do it) is most of a cold render. A chart is
identified by ``charts.chart_key`` (its data, the renderer version, the style) plus the matplotlib
version, and stored as ``<cache>/charts/<key>.png``; the cache folder is the platform's user cache
(``platformdirs``: ~/.cache/reportgen on Linux, %LOCALAPPDATA% on Windows) or
``REPORTGEN_CACHE_DIR``. ``REPORTGEN_CACHE_DIR=off`` disables it. The cache is an optimisation
only: an unreadable or unwritable cache is ignored, and entries are written atomically so a
reader never sees half a file.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_dir() -> Path | None:
    configured = os.environ.get("REPORTGEN_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured) / "charts"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reportgen", appauthor=False)) / "charts"


@functools.cache
def _matplotlib_version() -> str:
    # Looked up once: it reads the installed packages' metadata (without importing matplotlib).
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


def disk_key(chart_key: str) -> str:
    return hashlib.sha256(f"{chart_key}|matplotlib {_matplotlib_version()}".encode()).hexdigest()


def load(chart_key: str) -> bytes | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = (folder / f"{disk_key(chart_key)}.png").read_bytes()
    except OSError:
        return None
    return data if data.startswith(_PNG_SIGNATURE) else None


def store(chart_key: str, png: bytes) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".chart.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(png)
        os.replace(tmp, folder / f"{disk_key(chart_key)}.png")
    except OSError:
        return
