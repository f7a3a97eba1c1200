"""The whole pipeline, top to bottom: load → validate → compute → check → build → render.

Each stage is one call; the functions below are what the CLI, the batch runner and library users
call. Findings are data (``Issue``); only the CLI turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import budget, regions
from .accounts import Accounts, compute
from .budget.report import default_template as budget_template
from .charts import chart_form
from .checks import CheckOptions, run_checks
from .determinism import document_time
from .diagnostics import CheckFailed, InputError, Issue, Severity, has_errors
from .loader import Document, load_document
from .model import FinalAccounts
from .render import default_template, missing_tags, render_template, save
from .sections import build_sections
from .selfeval.annex import annex_writer
from .selfeval.targets import apply_targets
from .tables import ordered_tables
from .units import to_wan
from .validate import build_model


@dataclass
class Prepared:
    document: Document
    model: FinalAccounts
    accounts: Accounts
    issues: list[Issue] = field(default_factory=list)


def load_model(path: str | Path) -> tuple[Document, FinalAccounts]:
    """Read and validate one input (YAML, JSON or workbook), with the 绩效目标 file it names
    in performance.targets merged in. Raises InputError if it cannot be read."""
    document = load_document(path)
    _final_accounts_only(document)
    document = apply_targets(document)
    return document, build_model(document)


def _final_accounts_only(document: Document) -> None:
    """Commands that only know the 部门决算 refuse a budget or a targets input with a clear message."""
    if budget.is_budget(document.data) or budget.is_targets(document.data):
        is_budget = budget.is_budget(document.data)
        what = "部门预算（kind: budget）" if is_budget else "绩效目标表（kind: targets）"
        commands = "render / check / audit" if is_budget else "render / check"
        raise InputError("", [Issue(
            "input.kind", Severity.ERROR,
            f"这是{what}输入，此命令只适用于部门决算；请用 reportgen {commands}",
            document.source("kind"),
        )])


def final_accounts_only(prepared: Prepared) -> Prepared:
    """``prepared`` if it is a 部门决算; InputError (with the place) for a budget or targets input."""
    if not isinstance(prepared.model, FinalAccounts):
        _final_accounts_only(prepared.document)
    return prepared


def prepare(path: str | Path, options: CheckOptions | None = None) -> Prepared:
    """Load, validate, compute and check one input. Raises InputError if it cannot be read.
    An input that says ``kind: budget`` is a 部门预算 (reportgen.budget)."""
    document = load_document(path)
    if budget.is_budget(document.data):
        model, accounts, issues = budget.prepare(document, options)
        return Prepared(document, model, accounts, issues)
    if budget.is_targets(document.data):  # a 部门整体绩效目标表 on its own (江苏 / 湖北 forms)
        model, issues = budget.department.prepare(document, options)
        return Prepared(document, model, None, issues)
    document = apply_targets(document)
    model = build_model(document)
    model, adjustments = to_wan(model, document)  # 元 inputs: 舍位平衡 to 万元
    regions.attach(model, document)  # the region profile (presentation.region), read and checked
    accounts = compute(model)
    # a workbook's own findings first, then the 元→万元 adjustments, then the checks
    issues = document.issues + adjustments + run_checks(accounts, document, options)
    return Prepared(document, model, accounts, issues)


@dataclass
class Rendered:
    prepared: Prepared
    output: Path
    draft: bool


def render(
    input_path: str | Path,
    output: str | Path,
    *,
    template: str | Path | None = None,
    draft: bool = False,
    force: bool = False,
    options: CheckOptions | None = None,
) -> Rendered:
    """Render the 部门决算 report of ``input_path`` into ``output`` (.docx).

    Refuses (CheckFailed) when the checks find errors, unless ``force``: the document is then
    marked as a draft.
    """
    prepared = prepare(input_path, options)
    if isinstance(prepared.model, budget.BudgetReport) or budget.is_targets_model(prepared.model):
        return _render_budget(prepared, Path(output), template, draft, force, options)
    if has_errors(prepared.issues):
        if not force:
            raise CheckFailed("检查发现错误，未生成报告（可用 --force 生成标注为草稿的文档）：", [
                i for i in prepared.issues if i.severity is Severity.ERROR
            ])
        draft = True
    context, charts = build_sections(prepared.accounts, draft=draft)
    tables = ordered_tables(prepared.accounts)
    # 第六部分: the 绩效自评 documents, where the region's outline has an annexes part
    has_annexes = any("annexes" in part.content for part in regions.of(prepared.model).parts)
    write_annexes = annex_writer(prepared.model, prepared.accounts) if has_annexes else (lambda document: None)

    def postprocess(document) -> None:
        write_annexes(document)
        if draft:
            highlight_placeholders(document)

    tpl = render_template(
        Path(template) if template else default_template(),
        context,
        charts,
        postprocess,
        tables=tables,
        chart_form=chart_form(prepared.model.presentation.charts, region_chart_form(prepared.model)),
    )
    unit = prepared.model.unit
    target = save(
        tpl,
        Path(output),
        document_time(unit.year, unit.report_date),
        verify=lambda document: self_check(document, prepared, draft),
    )
    return Rendered(prepared, target, draft)


def region_chart_form(model) -> str | None:
    """The region profile's chart form (``none`` draws no charts: the outline has none)."""
    form = regions.of(model).charts
    return None if form == "none" else form


def _render_budget(prepared: Prepared, output: Path, template, draft: bool, force: bool, options) -> Rendered:
    """The 部门预算 kind (kind: budget) and the department target tables (kind: targets), until
    the kinds registry takes them over."""
    from .render import save

    if has_errors(prepared.issues) and not force:
        raise CheckFailed("检查发现错误，未生成报告（可用 --force 生成标注为草稿的文档）：", [
            i for i in prepared.issues if i.severity is Severity.ERROR
        ])
    draft = draft or has_errors(prepared.issues)
    if budget.is_targets_model(prepared.model):
        document = budget.department.render_document(prepared.model, draft=draft)
        when = document_time(prepared.model.year)
    else:
        from .budget.report import render_document

        document, _ = render_document(prepared.accounts, template=template, draft=draft)
        when = document_time(prepared.model.unit.year, prepared.model.unit.report_date)

    class _Filled:  # save() takes a docxtpl object
        docx = document

    target = save(_Filled, output, when)
    return Rendered(prepared, target, draft)


def highlight_placeholders(document) -> None:
    """Draft: every 【待补充：…】 in yellow, so it cannot be overlooked."""
    from . import docx_xml
    from .audit import DRAFT_PLACEHOLDER

    docx_xml.highlight_text(document, DRAFT_PLACEHOLDER)


def self_check(document, prepared: Prepared, draft: bool) -> None:
    """Audit the finished document (python-docx) against its own data (表文一致) before it is
    written: a template that swaps two tags fails the run instead of publishing wrong figures."""
    from .audit import audit_text, document_paragraphs

    found = audit_text(document_paragraphs(document), prepared.accounts, allow_draft=draft)
    if has_errors(found.issues):
        raise CheckFailed("自检发现正文与数据不一致，未写出报告：", found.issues)


def audit(report: str | Path, input_path: str | Path, options: CheckOptions | None = None):
    """Audit a report (.docx or plain text) against an input: (Prepared, Audit)."""
    from .audit import audit_report

    prepared = prepare(input_path, options)
    if isinstance(prepared.model, budget.BudgetReport):
        from .budget.audit import audit_report as audit_budget

        return prepared, audit_budget(report, prepared.accounts)
    final_accounts_only(prepared)
    return prepared, audit_report(report, prepared.accounts)


def template_check(input_path: str | Path, template: str | Path | None = None) -> list[str]:
    """Tags the template asks for that the input's context does not provide."""
    prepared = prepare(input_path)
    if isinstance(prepared.model, budget.BudgetReport):
        from .budget.report import template_context

        return missing_tags(Path(template) if template else budget_template(), template_context(prepared.accounts), {})
    final_accounts_only(prepared)
    context, charts = build_sections(prepared.accounts)
    return missing_tags(Path(template) if template else default_template(), context, charts)
