"""The wording and table set of a budget report, read from ``profiles/<name>.yaml``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import InputError, Issue, Severity, Source

PROFILES = Path(__file__).resolve().parent / "profiles"


@cache
def _load(name: str) -> dict[str, Any] | None:
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):  # a profile's name, never a path
        return None
    path = PROFILES / f"{name}.yaml"
    if not path.is_file() or name == "targets":
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_profile(name: str, source=None) -> dict[str, Any]:
    """The profile ``name`` (default sichuan); InputError naming ``source`` if there is none."""
    profile = _load(name or "sichuan")
    if profile is None:
        known = "、".join(sorted(p.stem for p in PROFILES.glob("*.yaml") if p.stem != "targets"))
        raise InputError("", [Issue("budget.profile", Severity.ERROR, f"没有地区 '{name}' 的部门预算措辞与表样（可用：{known}）", source or Source())])
    return profile
