"""The registry of report kinds: each kind is a folder here that registers a ``ReportKind``.

``final_accounts`` (部门决算, with its 第六部分 annexes), ``selfeval`` (the 绩效自评 documents),
``budget`` (部门预算) and ``targets`` (a 部门整体绩效目标表 on its own) are the kinds shipped
today; an input names its kind in a top-level ``kind:`` key (the 部门决算 when it names none, so
every existing input keeps working).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ..diagnostics import InputError, Issue, Severity, Source
from .base import Built, Prepared, RenderedDocument, RenderSettings, ReportKind

if TYPE_CHECKING:
    from ..loader import Document

DEFAULT_KIND = "final_accounts"
KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Make ``kind`` available by its name (and its aliases)."""
    for name in (kind.name, *kind.aliases):
        if name in KINDS and KINDS[name] is not kind:
            raise ValueError(f"report kind {name!r} is registered twice")
        KINDS[name] = kind
    return kind


def _load_builtin() -> None:
    from . import budget, final_accounts, selfeval, targets  # noqa: F401 - they register themselves


def available() -> list[ReportKind]:
    """Every registered kind, once, in registration order."""
    _load_builtin()
    return list(dict.fromkeys(KINDS.values()))


def _choices() -> str:
    return "、".join(f"{k.name}（{k.title}）" for k in available())


# a built-in kind's module by the kind's name: a 部门决算 render imports its own kind only (the
# 部门预算's models took a fifth of a second to import, on every cold 决算 render)
_BUILTIN_MODULES = {"final_accounts": "final_accounts", "selfeval": "selfeval", "budget": "budget", "targets": "targets"}


def get_kind(name: str, source: Source | None = None) -> ReportKind:
    """The kind called ``name``; an ``InputError`` naming ``source`` when there is none."""
    name = str(name).strip()
    if name not in KINDS:
        if name in _BUILTIN_MODULES:
            importlib.import_module(f".{_BUILTIN_MODULES[name]}", __name__)
        if name not in KINDS:  # an alias (部门预算, 决算 …) or no kind at all
            _load_builtin()
    kind = KINDS.get(name)
    if kind is None:
        raise InputError("", [Issue("input.kind", Severity.ERROR, f"未知的报告种类 '{name}'（可用：{_choices()}）", source or Source(""))])
    return kind


def kind_of(document: Document, override: str | None = None) -> ReportKind:
    """The kind the input names in ``kind:``, else 部门决算; with ``override`` (a command that
    makes one kind, such as ``selfeval``), that kind — when the input is of its kind's schema."""
    data = document.data
    name = data.get("kind") if isinstance(data, dict) else None
    if name in (None, ""):
        named = unnamed_kind(data)
    elif not isinstance(name, str):
        raise InputError("", [Issue("input.kind", Severity.ERROR, f"报告种类应为文本（可用：{_choices()}）", document.source("kind"))])
    else:
        named = get_kind(name, document.source("kind"))
    if not override:
        return named
    wanted = get_kind(override, Source(document.file, "--kind"))
    if named.schema is not wanted.schema:
        raise unsupported(document, named, wanted.input_name)
    return wanted


def unnamed_kind(data: object) -> ReportKind:
    """The kind of an input without ``kind:``: 部门决算, or a 绩效目标 file written without it (the
    file's parts and none of a 部门决算's, as ``export`` tells them apart)."""
    if isinstance(data, dict) and data and not isinstance(data.get("unit"), dict):  # a 部门决算 has its unit
        targets = get_kind("targets")
        if set(data) <= set(targets.schema.model_fields):
            return targets
    return get_kind(DEFAULT_KIND)


def unsupported(document: Document, kind: ReportKind, only: str) -> InputError:
    """The error of a command that does not take ``kind``'s input (it takes ``only``'s)."""
    return InputError("", [Issue(
        "input.kind", Severity.ERROR,
        f"这是{kind.input_name}（kind: {kind.name}）输入，此命令只适用于{only}；请用 reportgen {kind.commands}",
        document.source("kind"),
    )])


__all__ = [
    "DEFAULT_KIND",
    "KINDS",
    "Built",
    "Prepared",
    "RenderSettings",
    "RenderedDocument",
    "ReportKind",
    "available",
    "get_kind",
    "kind_of",
    "register",
    "unnamed_kind",
    "unsupported",
]
