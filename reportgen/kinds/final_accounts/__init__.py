"""部门决算: the explanatory report of a department's final accounts, with its 第六部分 annexes
(the 绩效自评 reports and tables).

This kind wraps the modules that make the report today — ``model.FinalAccounts``, ``units``,
``accounts``, ``checks``, ``sections/``, ``tables/``, ``audit`` and ``selfeval`` (annexes) — and
is the one place that assembles its document (:func:`documents`).
"""

from __future__ import annotations

from ... import regions
from ...accounts import compute as compute_accounts
from ...checks import CheckOptions, run_checks
from ...diagnostics import Issue, SelfCheckFailed, has_errors
from ...loader import Document
from ...model import FinalAccounts
from .. import register
from ..base import Built, Prepared, RenderedDocument, RenderSettings, ReportKind

SELF_CHECK_REFUSAL = "自检发现正文与数据不一致，未写出报告（可用 --force 写出标注为草稿的文档）："


def read(document: Document) -> Document:
    """The input with the 绩效目标 file it names in ``performance.targets`` merged in, and the
    places of the 类/款 rows it writes among its 项 rows mapped back (``subtotal_renames``)."""
    from ...loader import subtotal_renames

    perf = document.data.get("performance") if isinstance(document.data, dict) else None
    if isinstance(perf, dict) and perf.get("targets") not in (None, ""):  # its reader only then
        from ...selfeval.targets import apply_targets

        document = apply_targets(document)
    return subtotal_renames(document)


def compute(document: Document, model: FinalAccounts):
    """元 inputs rounded to 万元 (舍位平衡), every total derived, the 绩效自评 evaluated — once."""
    from ...selfeval.evaluate import evaluate
    from ...units import to_wan

    model, adjustments = to_wan(model, document)
    regions.attach(model, document)  # the region profile (presentation.region), read and checked
    accounts = compute_accounts(model)
    return model, accounts, evaluate(model, document.source), adjustments


def sections(prepared: Prepared, draft: bool) -> Built:
    """Every section builder, once; the 主要原因 they needed and did not get are kept for the
    checks (one decision for the sentence and the warning)."""
    from ...sections import build_sections

    missing: list = []
    context, charts = build_sections(prepared.accounts, draft=draft, evaluation=prepared.evaluation, missing=missing)
    return Built(context, charts, missing, draft)


def checks(prepared: Prepared, options: CheckOptions) -> list[Issue]:
    built = prepared.built
    return run_checks(
        prepared.accounts,
        prepared.document,
        options,
        evaluation=prepared.evaluation,
        missing_reasons=built.missing_reasons if built is not None else None,
    )


def tables(prepared: Prepared) -> list:
    from ...tables import ordered_tables

    return ordered_tables(prepared.accounts)


def annexes(prepared: Prepared, splice: bool = False):
    """第六部分: the 绩效自评 documents, appended after the last part — where the region's
    outline has an annexes part (the Shanghai report has none)."""
    from ...selfeval.annex import annex_writer

    if not any("annexes" in part.content for part in regions.of(prepared.model).parts):
        return None
    return annex_writer(prepared.model, prepared.accounts, prepared.evaluation, splice=splice)


def audit_subjects(accounts, places: int):
    from ...audit import _subjects

    return _subjects(accounts, places)


def audit(report, accounts, name: str | None = None):
    from ...audit import audit_report

    return audit_report(report, accounts, name=name, subjects_of=audit_subjects)


def highlight_placeholders(document) -> None:
    """Draft: every 【待补充：…】 in yellow, so it cannot be overlooked."""
    from ... import docx_xml
    from ...audit import DRAFT_PLACEHOLDER

    docx_xml.highlight_text(document, DRAFT_PLACEHOLDER)


def self_check(document, prepared: Prepared, draft: bool) -> None:
    """Audit the finished document (python-docx) against its own data (表文一致) before its bytes
    are returned: a template that swaps two tags fails the run instead of publishing wrong figures.

    Outside a draft the tables are placeholders here, their XML written with the bytes
    (``docx_xml.splice_later``): reading a table needs ``docx_xml.materialize(document)`` first."""
    from ...audit import audit_text, document_paragraphs, own_words

    source = prepared.document
    found = audit_text(
        document_paragraphs(document), prepared.accounts, allow_draft=draft, subjects_of=audit_subjects,
        own_words=own_words(source.data), where=source.source,
    )
    if has_errors(found.issues):
        raise SelfCheckFailed(SELF_CHECK_REFUSAL, found.issues)


def documents(prepared: Prepared, settings: RenderSettings) -> list[RenderedDocument]:
    """The report: the template filled with the sections and charts (native or pictures), the
    nine tables drawn at their anchors, the annexes appended, checked against its own data (表文一致)."""
    from ...determinism import document_time
    from ...render import document_bytes, render_template

    built = prepared.built
    assert built is not None and built.draft == settings.draft
    draft = settings.draft
    # the tables' XML goes straight into the bytes: the self-check reads the body's paragraphs,
    # no table; a draft's highlighting reads every run, so not there
    write_annexes = annexes(prepared, splice=not draft)

    def postprocess(document) -> None:
        from ...docx_xml import number_body_from_one, publish_properties

        if write_annexes is not None:
            write_annexes(document)
        number_body_from_one(document)  # cover and 目录 unnumbered, the body from 1
        publish_properties(document, f"{prepared.model.unit.name}{prepared.accounts.year}年度部门决算", "部门决算")
        if draft:
            highlight_placeholders(document)

    region_form = regions.of(prepared.model).charts  # the input's presentation.charts first
    form = settings.charts.form_for(prepared.model, None if region_form == "none" else region_form)
    with settings.charts.drawing(form):
        tpl = render_template(
            settings.template or KIND.template(),
            built.context,
            built.charts,
            postprocess,
            tables=tables(prepared),
            chart_form=form,
            splice_tables=not draft,
        )
    unit = prepared.model.unit
    data = document_bytes(
        tpl,
        document_time(unit.year, unit.report_date),
        verify=(lambda document: self_check(document, prepared, draft)) if settings.verify else None,
    )
    return [RenderedDocument("", data)]


KIND = register(
    ReportKind(
        name="final_accounts",
        title="部门决算",
        schema=FinalAccounts,
        compute=compute,
        sections=sections,
        checks=checks,
        documents=documents,
        read=read,
        tables=tables,
        annexes=annexes,
        audit_subjects=audit_subjects,
        audit=audit,
        templates={"main": "final_accounts.docx"},
        aliases=("部门决算", "决算"),
    )
)
