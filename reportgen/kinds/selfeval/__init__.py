"""绩效自评: one 项目绩效自评报告 (with its 自评表) per project, plus the 部门整体支出绩效自评报告.

The input is the 部门决算 input (its ``performance`` part), so the schema, the derived figures and
the sections are the 部门决算 kind's; what differs is the set of documents and which findings
stop them. The scoring itself lives in ``reportgen.selfeval`` (shared with the 部门决算 annexes).
"""

from __future__ import annotations

from ...checks import CheckOptions
from ...diagnostics import Issue
from ...model import FinalAccounts
from .. import register
from ..base import Prepared, RenderedDocument, RenderSettings, ReportKind
from ..final_accounts import KIND as FINAL_ACCOUNTS


def checks(prepared: Prepared, options: CheckOptions) -> list[Issue]:
    """The 部门决算 checks (they include the evaluation's findings)."""
    return FINAL_ACCOUNTS.checks(prepared, options)


def blocking(prepared: Prepared) -> list[Issue]:
    """The findings that stop these documents: the evaluation's and the 绩效目标 merge's (a target
    changed at year end) — not the 部门决算's own checks."""
    document_issues = [i for i in prepared.document.issues if i.rule.startswith("selfeval.")]
    return list(prepared.evaluation.issues) + document_issues


def _render(template, title: str, blocks) -> bytes:
    from ...docx_xml import publish_properties
    from ...render import document_bytes, render_template
    from ...selfeval.blocks import write_blocks
    from ...selfeval.render import break_title

    def post(docx) -> None:
        publish_properties(docx, title, "绩效自评")  # the report's, not the template's
        break_title(docx, title)
        write_blocks(docx, blocks)

    tpl = render_template(template, {"doc": {"title": title}}, {}, postprocess=post)
    return document_bytes(tpl)


def documents(prepared: Prepared, settings: RenderSettings) -> list[RenderedDocument]:
    """Every self-evaluation document, named ``00_<部门整体>.docx``, ``01_<项目>.docx`` …"""
    from ...selfeval.render import safe_filename
    from ...selfeval.reports import (
        department_document,
        department_title,
        project_document,
        project_title,
    )

    model, acc, ev = prepared.model, prepared.accounts, prepared.evaluation
    year, unit = acc.year, model.unit.name
    places = model.presentation.percent_places
    work = model.performance.evaluation_work
    out: list[RenderedDocument] = []
    if ev.department is not None:
        title = department_title(year, unit, ev.department.evaluation)
        blocks = department_document(year, unit, ev.department, acc, work, model.unit.display_name, model.unit.report_date, places)
        out.append(RenderedDocument(f"00_{safe_filename(title)}.docx", _render(KIND.template("department"), title, blocks)))
    for r in ev.projects:
        title = project_title(year, r)
        blocks = project_document(year, unit, r, work, places)
        out.append(RenderedDocument(f"{r.index + 1:02d}_{safe_filename(title)}.docx", _render(KIND.template("project"), title, blocks)))
    return out


KIND = register(
    ReportKind(
        name="selfeval",
        title="绩效自评报告",
        schema=FinalAccounts,
        compute=FINAL_ACCOUNTS.compute,
        read=FINAL_ACCOUNTS.read,
        sections=FINAL_ACCOUNTS.sections,
        checks=checks,
        documents=documents,
        templates={"project": "project_selfeval.docx", "department": "department_selfeval.docx"},
        aliases=("绩效自评",),
        blocking=blocking,
        forced_is_draft=False,
        refusal="绩效自评数据有错误，未生成报告：",
        input_title="部门决算",
        commands="selfeval / render / check",
    )
)
