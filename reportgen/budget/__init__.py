"""The 部门预算 report kind (spec /work/shared/budget/domain-budget.md, seed 002).

Self-contained on top of the core (money, figures, wording, diagnostics, loader, docx helpers):

    prepare(document) -> (model, accounts, issues)     validate, derive, check
    render(document, ...) -> bytes                      the .docx of the report
    department.prepare / department.render_bytes        a 部门整体绩效目标表 on its own

An input is a budget when its top level says ``kind: budget`` (``is_budget``); a 绩效目标 file
that says ``kind: targets`` is printed as its region's department target table.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..checks import CheckOptions
from ..diagnostics import InputError, Issue, Severity
from ..loader import Document
from ..validate import validation_issues
from .accounts import BudgetAccounts, compute
from .checks import run_checks
from .model import BudgetReport
from .profile import load_profile


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
    """Validate, derive and check a budget input. Raises InputError if it does not fit the schema."""
    from .sections import build_context
    from .targets import check_targets, load
    from .units import to_wan

    model, adjustments = to_wan(build_model(document), document)  # 元 inputs: 舍位平衡 to 万元
    accounts = compute(model, load_profile(model.presentation.region, document.source("presentation.region")))
    accounts.targets = load(document, model.performance.targets)
    _, wording = build_context(accounts)  # the sentences' own findings (missing reasons, purposes)
    located = [Issue(i.rule, i.severity, i.message, document.source(i.source.path)) for i in wording]
    issues = document.issues + adjustments + run_checks(accounts, document, options) + located
    if accounts.targets is not None:
        issues += check_targets(accounts, accounts.targets, document, options or CheckOptions())
    elif model.projects:
        issues.append(Issue(
            "TGT-01", Severity.WARNING,
            "没有指定绩效目标文件（performance.targets）：表6、表7 只印“本表数据未提供”",
            document.source("performance"),
        ))
    return model, accounts, issues


def render(
    document: Document, *, template=None, draft: bool = False, force: bool = False, options: CheckOptions | None = None
) -> tuple[bytes, list[Issue]]:
    """The .docx bytes of the budget report of ``document`` and the findings.

    Refuses (CheckFailed) when the checks find errors, unless ``force`` (the document is then a
    draft)."""
    from ..diagnostics import CheckFailed, Severity, has_errors
    from .report import render_bytes

    model, accounts, issues = prepare(document, options)
    if has_errors(issues) and not force:
        raise CheckFailed("检查发现错误，未生成报告（可用 --force 生成标注为草稿的文档）：", [
            i for i in issues if i.severity is Severity.ERROR
        ])
    return render_bytes(accounts, template=template, draft=draft or has_errors(issues)), issues


from . import department  # noqa: E402

__all__ = ["BudgetAccounts", "BudgetReport", "build_model", "department", "is_budget", "is_targets", "prepare", "render"]
