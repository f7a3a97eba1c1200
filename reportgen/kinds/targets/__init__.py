"""绩效目标表 (``kind: targets``): a 部门整体绩效目标表 printed on its own, in its region's form
(江苏, 湖北), from the 绩效目标 file the year-end 绩效自评 also reads (``reportgen.budget.department``).
"""

from __future__ import annotations

from ...checks import CheckOptions
from ...diagnostics import InputError, Issue, Severity
from ...loader import Document
from .. import register
from ..base import Built, Prepared, RenderedDocument, RenderSettings, ReportKind


def _schema():
    from ...selfeval.targets import TargetsFile

    return TargetsFile


def compute(document: Document, model):
    if model.department is None:
        raise InputError("", [Issue("input.missing", Severity.ERROR, "部门整体绩效目标表需要 department", document.source("department"))])
    return model, None, None, []


def sections(prepared: Prepared, draft: bool) -> Built:
    return Built({}, {}, [], draft)  # the table is built from the model when the document is


def checks(prepared: Prepared, options: CheckOptions) -> list[Issue]:
    from ...budget.department import check

    return check(prepared.model, prepared.document, options)


def documents(prepared: Prepared, settings: RenderSettings) -> list[RenderedDocument]:
    from ...budget.department import render_document
    from ...determinism import document_time
    from ...render import document_bytes
    from ..budget import _Filled

    document = render_document(prepared.model, draft=settings.draft)
    return [RenderedDocument("", document_bytes(_Filled(document), document_time(prepared.model.year)))]


KIND = register(
    ReportKind(
        name="targets",
        title="绩效目标表",
        schema=_schema(),
        compute=compute,
        sections=sections,
        checks=checks,
        documents=documents,
        aliases=("绩效目标表", "绩效目标"),  # init --kind 绩效目标 writes what kind: 绩效目标 reads
        commands="render / check / export",
    )
)
