"""The 部门预算 report kind (spec /work/shared/budget/domain-budget.md, seed 002).

Self-contained on top of the core (money, figures, wording, diagnostics, loader, docx helpers):

    prepare(document) -> (model, accounts, issues)     validate, derive, check
    render(document, ...) -> bytes                      the .docx of the report
    department.prepare / department.render_bytes        a 部门整体绩效目标表 on its own

``prepare`` and ``render`` go through the render service (``reportgen.service``), where
``reportgen.kinds.budget`` registers this report's steps.

An input is a budget when its top level says ``kind: budget`` (``is_budget``); a 绩效目标 file
that says ``kind: targets`` is printed as its region's department target table.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..checks import CheckOptions
from ..diagnostics import InputError, Issue
from ..loader import Document
from ..validate import validation_issues
from .accounts import BudgetAccounts
from .model import BudgetReport


def is_budget(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == "budget"


def is_targets(data: Any) -> bool:
    """A 绩效目标 file to be printed on its own (kind: targets; reportgen.budget.department)."""
    return isinstance(data, dict) and data.get("kind") == "targets"


def is_targets_model(model: Any) -> bool:
    from ..selfeval.targets import TargetsFile

    return isinstance(model, TargetsFile)


def build_model(document: Document) -> BudgetReport:
    try:
        return BudgetReport.model_validate(document.data)
    except ValidationError as exc:
        raise InputError("", validation_issues(exc, document, BudgetReport)) from None


def prepare(document: Document, options: CheckOptions | None = None) -> tuple[BudgetReport, BudgetAccounts, list[Issue]]:
    """Validate, derive and check a budget input (the render service, kind ``budget``). Raises
    InputError if it does not fit the schema."""
    from ..kinds import get_kind
    from ..service import prepare_document

    prepared = prepare_document(document, get_kind("budget"), options=options)
    return prepared.model, prepared.accounts, prepared.issues


def render(
    document: Document, *, template=None, draft: bool = False, force: bool = False, options: CheckOptions | None = None
) -> tuple[bytes, list[Issue]]:
    """The .docx bytes of the budget report of ``document`` and the findings (the render service).

    Refuses (CheckFailed) when the checks find errors, unless ``force`` (the document is then a
    draft)."""
    from ..kinds import get_kind
    from ..service import RenderOptions, prepare_document, render_prepared

    prepared = prepare_document(document, get_kind("budget"), options=options, draft=draft)
    rendered = render_prepared(prepared, RenderOptions(template=template, draft=draft, force=force))
    return rendered.data, rendered.issues


from . import department  # noqa: E402

__all__ = ["BudgetAccounts", "BudgetReport", "build_model", "department", "is_budget", "is_targets", "prepare", "render"]
