"""部门预算 (``kind: budget``): the budget report with its tables, 表6/表7 from the 绩效目标 file.

This kind registers the modules of ``reportgen.budget`` (schema, derived figures, BUD-*/TGT-*
checks, sentences, tables, template and text audit) with the render service; the steps are the
ones ``reportgen.budget.prepare`` runs, in the same order, so its findings and its document are
the same.
"""

from __future__ import annotations

from ...checks import CheckOptions
from ...diagnostics import Issue, Severity
from ...loader import Document
from .. import register
from ..base import Built, Prepared, RenderedDocument, RenderSettings, ReportKind


def _schema():
    from ...budget.model import BudgetReport

    return BudgetReport


def compute(document: Document, model):
    """元 inputs rounded to 万元 (舍位平衡), the accounts under the region's wording profile, the
    绩效目标 file it names read."""
    from ...budget.accounts import compute as compute_accounts
    from ...budget.profile import load_profile
    from ...budget.targets import load
    from ...budget.units import to_wan

    model, adjustments = to_wan(model, document)
    accounts = compute_accounts(model, load_profile(model.presentation.region, document.source("presentation.region")))
    accounts.targets = load(document, model.performance.targets)
    return model, accounts, None, adjustments


def sections(prepared: Prepared, draft: bool) -> Built:
    """The template context (sentences and table anchors); the sentences' own findings (missing
    reasons, purposes) are kept, placed in the input, for the checks."""
    from ...budget.report import template_context
    from ...budget.sections import build_context

    document = prepared.document
    _, wording = build_context(prepared.accounts, draft)
    located = [Issue(i.rule, i.severity, i.message, document.source(i.source.path)) for i in wording]
    return Built(template_context(prepared.accounts, draft), {}, located, draft)


def checks(prepared: Prepared, options: CheckOptions) -> list[Issue]:
    from ...budget.checks import run_checks
    from ...budget.targets import check_targets

    accounts, document = prepared.accounts, prepared.document
    assert prepared.built is not None
    issues = run_checks(accounts, document, options) + list(prepared.built.missing_reasons)
    if accounts.targets is not None:
        issues += check_targets(accounts, accounts.targets, document, options)
    elif prepared.model.projects:
        issues.append(Issue(
            "TGT-01", Severity.WARNING,
            "没有指定绩效目标文件（performance.targets）：表6、表7 只印“本表数据未提供”",
            document.source("performance"),
        ))
    return issues


class _Filled:
    """``render.document_bytes`` takes a docxtpl object; this holds a finished document."""

    def __init__(self, docx) -> None:
        self.docx = docx


def documents(prepared: Prepared, settings: RenderSettings) -> list[RenderedDocument]:
    from ...budget.report import render_document
    from ...determinism import document_time
    from ...render import document_bytes

    document, _ = render_document(prepared.accounts, template=settings.template, draft=settings.draft)
    unit = prepared.model.unit
    return [RenderedDocument("", document_bytes(_Filled(document), document_time(unit.year, unit.report_date)))]


def audit(report, accounts, name: str | None = None):
    """The budget report's text against its input (BUD-W*)."""
    from ...audit import Audit, report_paragraphs
    from ...budget.audit import audit_text

    paragraphs, file, _ = report_paragraphs(report, name)
    counted: list[int] = []
    issues = audit_text("\n".join(paragraphs), accounts, file, counted)
    return Audit(issues, counted[0] if counted else 0)


KIND = register(
    ReportKind(
        name="budget",
        title="部门预算",
        schema=_schema(),
        compute=compute,
        sections=sections,
        checks=checks,
        documents=documents,
        audit=audit,
        templates={"main": "budget.docx"},
        aliases=("部门预算",),
        commands="render / check / audit / diff / export",
    )
)
