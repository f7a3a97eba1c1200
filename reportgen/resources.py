"""Where the editable resources (Word templates, chart style and font) are found.

They live at the repository top level (``templates/``, ``charts/``) so that users can find and
edit them; a wheel carries them inside the package as ``reportgen/_data/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory of resource group ``name`` ("templates" or "charts")."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    source_tree = _PACKAGE_DIR.parent / name
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(f"reportgen resource folder '{name}' is missing (looked in {installed} and {source_tree})")


def resource_path(name: str, *parts: str) -> Path:
    return resource_dir(name).joinpath(*parts)
