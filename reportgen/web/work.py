"""What the web app's tasks do, through the render service: check an upload (and compare it with
the previous version), render a kind of report, render a bureau's batch with its summary.

Every file a task writes is in the task's own folder under a fixed name; names made from the
data (unit, year, report) are used only for downloads, and sanitized.
"""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import service
from ..diagnostics import CheckFailed, Issue, ReportgenError, Severity
from ..kinds import available
from .tasks import Task
from .uploads import Upload, safe_name

SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}

# the rule a finding breaks, in words (the longest matching prefix of its id)
RULE_WORDS = {
    "identity": "勾稽关系",
    "identity.total_balance": "收入总计应等于支出总计（表1）",
    "identity.fund_balance": "财政拨款年初结转和结余+本年收入=本年支出+年末结转和结余（表4）",
    "identity.basic_detail": "基本支出明细（人员经费+公用经费）应等于基本支出合计（表6）",
    "identity.operating_expenses": "机关运行经费应等于公用经费合计",
    "identity.projects_total": "项目支出合计应与各项目之和一致",
    "identity.three_public_fiscal": "“三公”经费合计应与分项之和一致",
    "identity.procurement_sme": "政府采购授予中小企业的金额不应超过采购总额",
    "identity.procurement_small_micro": "授予小微企业的金额不应超过授予中小企业的金额",
    "identity.fiscal_carry_in_total": "财政拨款结转结余应与合计一致",
    "input": "输入数据",
    "input.syntax": "文件格式",
    "input.missing": "缺少必填项",
    "input.missing_figure": "缺少报告要印的数（未当作0）",
    "input.extra_forbidden": "未知的项目",
    "input.model_type": "数据类型不符",
    "input.kind": "报告种类",
    "input.value_error": "数值不符合要求",
    "input.decimal_parsing": "应为数字",
    "input.int_parsing": "应为整数",
    "input.duplicate_code": "科目编码重复",
    "input.duplicate_key": "键重复",
    "input.formula_without_value": "公式没有计算结果（请在 Excel/WPS 中保存一次）",
    "input.encoding": "文件编码",
    "input.empty": "文件为空",
    "input.unknown_field": "未知的列",
    "input.shape": "表格结构",
    "input.function_hierarchy": "功能分类科目层级",
    "input.unreadable": "文件无法读取",
    "units.rounding_adjustment": "元转万元的尾差调整",
    "selfeval": "绩效自评",
    "selfeval.score": "绩效自评得分",
    "selfeval.weights": "绩效指标分值",
    "selfeval.missing_reason": "未完成指标的原因",
    "performance": "绩效",
    "budget": "部门预算",
    "template": "Word 模板",
    "tables": "表格",
    "internal": "内部错误",
}

_SIDES = re.compile(
    r"^(?P<ll>.+?) (?P<lv>-?[\d,]+(?:\.\d+)?) (?:≠|超过) (?P<rl>.+?) (?P<rv>-?[\d,]+(?:\.\d+)?)（差 (?P<d>-?[\d,]+(?:\.\d+)?)"
)


# rules numbered by a specification (TGT-05, BUD-U3): the family in words, then the number
RULE_FAMILIES = {"TGT": "绩效目标表检查", "BUD": "部门预算检查"}


def rule_words(rule: str) -> str:
    parts = rule.split(".")
    for end in range(len(parts), 0, -1):
        words = RULE_WORDS.get(".".join(parts[:end]))
        if words:
            return words
    family = RULE_FAMILIES.get(rule.split("-", 1)[0])
    return f"{family}（{rule}）" if family else rule


def place(issue: Issue) -> str:
    """Where a finding points: 表1!C12 for a workbook, 第 N 行 (and the YAML path) for text."""
    source = issue.source
    if "!" in source.path:
        return source.path
    where = f"第 {source.line} 行" if source.line is not None else ""
    if source.path:
        where = f"{where}：{source.path}" if where else source.path
    return where or "（整份文件）"


def finding_rows(issues: list[Issue]) -> list[dict[str, str]]:
    """The findings as table rows, errors first, then warnings, then notes."""
    rows = []
    for issue in sorted(issues, key=lambda i: _ORDER.get(i.severity, 3)):
        sides = _SIDES.match(issue.message)
        rows.append({
            "severity": issue.severity.value,
            "severity_label": SEVERITY_LABELS.get(issue.severity, issue.severity.value),
            "place": place(issue),
            "rule": rule_words(issue.rule),
            "rule_id": issue.rule,
            "left": f"{sides['ll']} {sides['lv']}" if sides else "",
            "right": f"{sides['rl']} {sides['rv']}" if sides else "",
            "difference": sides["d"] if sides else "",
            "message": issue.message,
        })
    return rows


def counts(issues: list[Issue]) -> dict[str, int]:
    return {
        "errors": sum(i.severity is Severity.ERROR for i in issues),
        "warnings": sum(i.severity is Severity.WARNING for i in issues),
        "notes": sum(i.severity is Severity.NOTE for i in issues),
    }


def _unit_and_year(model: Any) -> tuple[str, str]:
    unit = getattr(model, "unit", "")
    name = getattr(unit, "name", unit) if unit is not None else ""
    year = getattr(unit, "year", None) or getattr(model, "year", None) or ""
    return str(name or ""), str(year)


@dataclass(frozen=True)
class Offer:
    """A report the input can be rendered into (a kind of the same schema)."""

    kind: str
    title: str
    pdf: bool


def offers(kind_name: str) -> list[Offer]:
    kinds = available()
    mine = next((k for k in kinds if k.name == kind_name), None)
    if mine is None:
        return []
    pdf = soffice() is not None
    return [Offer(k.name, k.title, pdf and k.name != "selfeval") for k in kinds if k.schema is mine.schema]


def soffice() -> str | None:
    from ..outputs import soffice as find

    return find()


# ---------------------------------------------------------------------------------------------
# Reading an upload: nothing in it may name a file on the server
# ---------------------------------------------------------------------------------------------

_SIMPLE_NAME = re.compile(r"^[^/\\:]*$")


def vet(document: Any) -> None:
    """Refuse an uploaded input that names a folder of the machine the app runs on (a region or
    profile name with a path in it). A 绩效目标 file it names (``performance.targets``) is only
    ever looked up among the files uploaded with it (:func:`supplied`)."""
    data = document.data if isinstance(document.data, dict) else {}
    issues = []
    presentation = data.get("presentation")
    if isinstance(presentation, dict):
        for key, value in presentation.items():
            if not isinstance(value, str) or key not in ("region", "framework", "profile"):
                continue
            if value.strip().lower().endswith((".yaml", ".yml", ".json")):
                issues.append(Issue("input.value_error", Severity.ERROR, f"网页上传的输入只能使用内置的地区体例，不能引用文件 '{value}'；引用体例文件请在本机用命令行生成", document.source(f"presentation.{key}")))
            elif not _SIMPLE_NAME.match(value) or ".." in value:
                issues.append(Issue("input.value_error", Severity.ERROR, f"名称中不能含有路径（/、\\、..）：'{value}'", document.source(f"presentation.{key}")))
    if issues:
        raise ReportgenError("", issues)


@contextmanager
def supplied(files: list[Upload]) -> Iterator[None]:
    """While inside, an input's ``performance.targets`` is one of ``files`` (by file name; the
    only one when there is one), never a file of this machine."""
    from ..selfeval.targets import SUPPLIED

    token = SUPPLIED.set({safe_name(f.shown_name.replace("\\", "/").rsplit("/", 1)[-1]): (f.data, f.loader_name) for f in files})
    try:
        yield
    finally:
        SUPPLIED.reset(token)


def prepare_upload(upload: Upload, kind: str | None = None, draft: bool = False):
    """``service.prepare`` of an upload, after :func:`vet`."""
    from ..kinds import kind_of
    from ..loader import load_document

    document = load_document(upload.data, upload.loader_name)
    vet(document)
    report_kind = kind_of(document, kind)
    return service.prepare_document(report_kind.read(document), report_kind, draft=draft)


# ---------------------------------------------------------------------------------------------
# The officer: check, compare, render
# ---------------------------------------------------------------------------------------------

INPUT_FILE = "input"  # the upload's bytes, in its task folder, under this fixed name
DIFF_FILE = "for_diff.docx"  # the report as the diff compares it (kept for the next version)


TARGETS_FILE = "targets"  # the 绩效目标 file uploaded with it, if any


def check(task: Task, upload: Upload, previous: Task | None, targets: Upload | None = None) -> None:
    """Read and check an upload; compare its report with the previous version's when there is one."""
    (task.folder / INPUT_FILE).write_bytes(upload.data)
    task.result.update(shown_name=upload.shown_name, loader_name=upload.loader_name, upload_kind=upload.kind)
    if targets is not None:
        (task.folder / TARGETS_FILE).write_bytes(targets.data)
        task.result.update(targets_name=targets.shown_name, targets_kind=targets.kind)
    with supplied([targets] if targets else []):
        _check(task, upload, previous)


def companions(task: Task) -> list[Upload]:
    """The 绩效目标 file uploaded with ``task``'s input, as a list (empty when none)."""
    if not task.result.get("targets_kind"):
        return []
    return [Upload((task.folder / TARGETS_FILE).read_bytes(), task.result["targets_kind"], task.result["targets_name"])]


def _check(task: Task, upload: Upload, previous: Task | None) -> None:
    task.progress("读取并检查输入", 0, 3 if previous else 2)
    prepared = prepare_upload(upload)
    unit, year = _unit_and_year(prepared.model)
    assert prepared.kind is not None
    task.result.update(
        unit=unit, year=year, kind=prepared.kind.name, kind_title=prepared.kind.title,
        findings=finding_rows(prepared.issues), counts=counts(prepared.issues),
    )
    task.issues = prepared.issues
    if previous is None or not (previous.folder / INPUT_FILE).exists():
        return
    if (previous.result.get("unit"), previous.result.get("kind")) != (unit, prepared.kind.name):
        return  # another department or another report: nothing to compare
    task.progress("与上一版比较：生成新版报告", 1)
    try:
        new = service.render_for_diff(upload.data, upload.loader_name)
        (task.folder / DIFF_FILE).write_bytes(new)
        task.progress("与上一版比较：生成上一版报告", 2)
        old_path = previous.folder / DIFF_FILE
        if old_path.exists():
            old = old_path.read_bytes()
        else:
            with supplied(companions(previous)):
                old = service.render_for_diff((previous.folder / INPUT_FILE).read_bytes(), previous.result["loader_name"])
            old_path.write_bytes(old)
    except ReportgenError as exc:
        task.result["diff_error"] = exc.args[0] if exc.args and exc.args[0] else "无法比较（输入有无法读取的内容）"
        return
    from ..diff import diff_reports

    result = diff_reports(old, new)
    task.result["previous_name"] = previous.result.get("shown_name", "")
    task.result["changes"] = [
        {
            "kind": {"changed": "修改", "added": "新增", "removed": "删除"}.get(change.kind, change.kind),
            "heading": change.heading,
            "old": "（图表）" if change.block == "image" else change.old,
            "new": "图表有变动" if change.block == "image" else change.new,
            "figures": [f"{f.old} → {f.new}" for f in change.figures],
        }
        for change in result.changes
    ]


def render_kind(task: Task, parent: Task, kind: str, fmt: str, force: bool) -> None:
    """Render the parent upload into ``kind`` (docx, or pdf when LibreOffice is present); a kind
    with several documents becomes one zip."""
    upload = Upload((parent.folder / INPUT_FILE).read_bytes(), parent.result["upload_kind"], parent.result["shown_name"])
    task.progress("生成报告", 0, 2 if fmt == "pdf" else 1)
    with supplied(companions(parent)):
        try:
            rendered = service.render_prepared(prepare_upload(upload, kind), service.RenderOptions(kind=kind, force=force))
        except CheckFailed as exc:
            raise CheckFailed("检查发现错误，未生成报告：请改正后重新上传，或勾选“有错误仍生成（标注为草稿）”", exc.issues) from None
    unit, year = _unit_and_year(rendered.prepared.model)
    title = rendered.prepared.kind.title if rendered.prepared.kind else "报告"
    stem = safe_name(f"{unit}{year}年度{title}" if unit else title, "报告")
    task.result.update(unit=unit, year=year, title=title, draft=rendered.draft, counts=counts(rendered.issues))
    if not rendered.documents:
        task.result["empty"] = True
        return
    if len(rendered.documents) == 1:
        target = task.folder / "output.docx"
        target.write_bytes(rendered.documents[0].data)
        name = f"{stem}.docx"
        if fmt == "pdf":
            task.progress("转换为 PDF", 1)
            target = to_pdf(target)
            name = f"{stem}.pdf"
    else:
        target = task.folder / "output.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, document in enumerate(rendered.documents, 1):
                archive.writestr(safe_name(document.name, f"{number:02d}.docx"), document.data)
        name = f"{stem}.zip"
    task.result.update(file=target.name, download_name=name, documents=len(rendered.documents))


def to_pdf(docx: Path) -> Path:
    """The PDF of ``docx`` (``outputs.convert_to_pdf``: LibreOffice with its own profile, in the
    task folder, within its time limit)."""
    from ..outputs import convert_to_pdf

    work = docx.parent / "pdf_work"
    work.mkdir(exist_ok=True)
    try:
        pdf = convert_to_pdf(docx, work)
        target = docx.with_suffix(".pdf")
        pdf.replace(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


# ---------------------------------------------------------------------------------------------
# The bureau: many departments
# ---------------------------------------------------------------------------------------------

BUNDLE_FILE = "bundle.zip"


def batch(task: Task, uploads: list[Upload], force: bool) -> None:
    """Render every upload (a failure is recorded and never stops the others), then write the
    summary workbook (``batch.write_summary``, plus the per-rule counts) and one zip of all. A
    绩效目标 file an input names is looked up among the uploads."""
    task.progress("生成报告", 0, len(uploads))
    with supplied(uploads):
        _batch(task, uploads, force)


def _batch(task: Task, uploads: list[Upload], force: bool) -> None:
    from ..batch import JobResult, write_summary

    results: list[JobResult] = []
    rows: list[dict[str, Any]] = []
    rules: Counter[str] = Counter()
    documents: list[tuple[str, bytes]] = []
    for number, upload in enumerate(uploads, 1):
        task.progress(f"生成报告：第 {number} 份，共 {len(uploads)} 份（{safe_name(upload.shown_name)}）", number - 1)
        started = time.perf_counter()
        unit = year = ""
        try:
            prepared = prepare_upload(upload)
            unit, year = _unit_and_year(prepared.model)
            issues = prepared.issues
            try:
                rendered = service.render_prepared(prepared, service.RenderOptions(force=force))
                status = "draft" if rendered.draft else "ok"
            except CheckFailed:
                rendered, status = None, "failed"
        except ReportgenError as exc:
            issues, rendered, status = list(exc.issues), None, "failed"
            if not issues:
                issues = [Issue("batch.failed", Severity.ERROR, exc.args[0] if exc.args else "无法生成")]
        except Exception as exc:  # a bug must not stop the batch
            issues = [Issue("internal", Severity.ERROR, f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}")]
            rendered, status = None, "failed"
        output = ""
        if rendered is not None and rendered.documents:
            stem = safe_name(f"{number:03d}_{unit}{year}" if unit else f"{number:03d}", f"{number:03d}")
            if len(rendered.documents) == 1:
                output = f"报告/{stem}.docx"
                documents.append((output, rendered.documents[0].data))
            else:
                output = f"报告/{stem}/"
                documents += [(f"{output}{safe_name(d.name, f'{i:02d}.docx')}", d.data) for i, d in enumerate(rendered.documents, 1)]
        shown = [i for i in issues if i.severity is not Severity.NOTE]
        per_rule = Counter(rule_words(i.rule) for i in shown)
        rules.update(per_rule)
        result = JobResult(
            input=safe_name(upload.shown_name), status=status, output=output, department=unit,
            errors=sum(i.severity is Severity.ERROR for i in issues),
            warnings=sum(i.severity is Severity.WARNING for i in issues),
            seconds=time.perf_counter() - started,
            issues=[f"{place(i)}：{i.message}" for i in shown],
        )
        results.append(result)
        rows.append({
            "number": number, "input": result.input, "unit": unit or "（无法读取）", "year": year,
            "status": status, "errors": result.errors, "warnings": result.warnings,
            "rules": sorted(per_rule.items(), key=lambda kv: -kv[1]),
            "findings": finding_rows([i for i in issues if i.severity is Severity.ERROR])[:5],
        })
    task.progress("写出汇总表", len(uploads))
    xlsx, txt = write_summary(results, task.folder, name="summary")
    _add_rule_sheet(xlsx, rows, rules)
    totals = {
        "inputs": len(rows),
        "ok": sum(r["status"] == "ok" for r in rows),
        "draft": sum(r["status"] == "draft" for r in rows),
        "failed": sum(r["status"] == "failed" for r in rows),
        "errors": sum(r["errors"] for r in rows),
        "warnings": sum(r["warnings"] for r in rows),
    }
    with zipfile.ZipFile(task.folder / BUNDLE_FILE, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(xlsx, "汇总表.xlsx")
        archive.write(txt, "汇总.txt")
        for name, data in documents:
            archive.writestr(name, data)
    xlsx.unlink()
    txt.unlink()
    task.result.update(rows=rows, rules=sorted(rules.items(), key=lambda kv: -kv[1]), totals=totals)


def _add_rule_sheet(xlsx: Path, rows: list[dict[str, Any]], rules: Counter[str]) -> None:
    """The summary workbook gets a sheet of findings per rule: one column per department."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    book = load_workbook(xlsx)
    summary = book["汇总"]
    summary.insert_cols(4)  # 年度, after 单位
    summary.cell(1, 4, "年度").font = Font(bold=True)
    for row in rows:
        summary.cell(row["number"] + 1, 4, int(row["year"]) if str(row["year"]).isdigit() else row["year"])
    total_row = len(rows) + 2
    summary.cell(total_row, 3, "合计").font = Font(bold=True)
    summary.cell(total_row, 6, sum(r["errors"] for r in rows))
    summary.cell(total_row, 7, sum(r["warnings"] for r in rows))
    sheet = book.create_sheet("按规则统计")
    sheet.append(["规则", "合计", *[f"{r['number']} {r['unit']}" for r in rows]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for rule, total in sorted(rules.items(), key=lambda kv: -kv[1]):
        sheet.append([rule, total, *[dict(r["rules"]).get(rule, 0) for r in rows]])
    sheet.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx.write_bytes(buffer.getvalue())
