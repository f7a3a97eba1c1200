"""The budget-time 绩效目标 file, reused at year end: only actual values are added then.

At budget time the budget office fixes, per project, the 年度总体目标 and the indicator tree
(一级/二级/三级指标, 指标性质, 年度指标值, 度量单位, 分值) and the department-wide tree (seed 002
表6 / 表7). The year-end input names that file in ``performance.targets`` and gives, per
indicator, only what happened (``actual`` / ``actual_text`` / ``achieved`` / reasons).

``apply_targets(document)`` merges the targets into the input's plain data before validation, so
the model, the scoring and the documents are exactly those of an input that carries the full
trees. Values taken from the targets file keep their place: ``Document.source`` of a merged path
names the targets file and line.

Merge rules: projects are matched by name (an input project without targets keeps its own
indicators; a target project without year-end data is a warning); indicators by (一级, 二级, 三级)
or by the 三级 name when it is unique; the merged tree follows the targets' order. A target value
given again at year end must be the same (``selfeval.target_changed``: the target cannot be
changed at year end); an indicator that is not in the targets cannot be added.
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
from contextvars import ContextVar
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, create_model

from ..diagnostics import InputError, Issue, Severity
from ..loader import Document, load_document
from ..model import Base, Indicator, Measure, Money, ProjectEvaluation, Text, _indicator_kind
from ..validate import validation_issues

# what the budget fixes for each indicator (the rest — actual, achieved, ratio, score, reasons — is
# year-end data)
INDICATOR_FIELDS = ("level1", "level2", "name", "kind", "target", "target_text", "unit", "points", "criteria", "category")
PROJECT_FIELDS = ("initial_budget", "supervisor", "implementer", "purpose")
LABELS = {
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "kind": "指标性质", "target": "年度指标值",
    "target_text": "年度指标值（文字）", "unit": "度量单位", "points": "分值", "criteria": "评价要点",
    "category": "指标分类", "initial_budget": "年初预算数", "supervisor": "主管部门", "implementer": "实施单位",
    "purpose": "立项目的", "goal": "年度总体目标",
}
NUMERIC = {"target", "points", "initial_budget"}

# budget-time fields printed in the target tables (reportgen.budget: 表6/表7 and the department
# tables of 江苏 / 湖北) and carried along at year end, not scored
BUDGET_FIELDS = ("direction", "sum_of", "half_year", "half_year_text", "history", "basis", "key_task", "project")
TargetIndicator = create_model(
    "TargetIndicator",
    __base__=Base,
    __doc__="One 三级指标 as set at budget time: ``Indicator`` without the year-end fields.",
    **{name: (Indicator.model_fields[name].annotation, Indicator.model_fields[name]) for name in INDICATOR_FIELDS},
    direction=(Literal["", "正向", "反向"], Field("", description="指标方向性（表6）：正向 / 反向")),
    sum_of=(list[tuple[str, str]], Field(default_factory=list, description="部门指标 = 所列（项目, 三级指标）目标值之和")),
    half_year=(Measure | None, Field(None, description="半年指标值（定量）")),
    half_year_text=(Text, Field("", description="半年指标值（定性）")),
    history=(dict[int, str], Field(default_factory=dict, description="近两年指标值，按年份，照印出的写法（如 ≤100%）")),
    basis=(Text, Field("", description="指标值确定依据：计划标准 / 行业标准 / 历史标准 / 预算支出标准 / 其他标准")),
    key_task=(Text, Field("", description="履职：重点工作")),
    project=(Text, Field("", description="履职：对应项目")),
)
_ProjectTargetFields = {
    name: (ProjectEvaluation.model_fields[name].annotation, ProjectEvaluation.model_fields[name])
    for name in ("name", *PROJECT_FIELDS)
}
ProjectTargets = create_model(
    "ProjectTargets",
    __base__=Base,
    __doc__="项目绩效目标表 (表6) of one project.",
    goal=(Text, Field("", description="年度总体目标（预期目标）")),
    indicators=(list[TargetIndicator], Field(default_factory=list, description="绩效指标（三级）")),
    **_ProjectTargetFields,
)


class DepartmentTask(Base):
    name: Text = Field("", description="任务名称")
    content: Text = Field("", description="主要内容")


class Period(Base):
    half_year: Money | None = Field(None, description="半年计划执行数")
    year: Money = Field(description="全年预算数")


class ProjectFunds(Period):
    name: str = Field(min_length=1)


class FundsSpending(Base):
    """支出: 江苏 基本支出 / 项目支出 (each project, 半年 and 全年); 湖北 人员类 / 运转类 / 特定目标类."""

    basic: Period | None = None
    project: Period | None = Field(None, description="项目支出（不逐项列出项目时）")
    projects: list[ProjectFunds] = Field(default_factory=list)
    personnel: Money | None = Field(None, description="人员类项目支出")
    operation: Money | None = Field(None, description="运转类项目支出")
    specific: Money | None = Field(None, description="特定目标类项目支出")


class FundsYear(Base):
    income: dict[str, Money] = Field(default_factory=dict)
    spending: dict[str, Money] = Field(default_factory=dict)


class FundsHistory(Base):
    basis: Literal["预算", "决算"] | None = Field(None, description="近两年收支金额是预算数还是决算数（应写明）")
    years: dict[int, FundsYear] = Field(default_factory=dict)


class DepartmentFunds(Base):
    """部门整体资金: sources and spending; every total and share is derived."""

    income: dict[str, Money] = Field(default_factory=dict, description="收入，按来源")
    fiscal_sources: list[str] = Field(default_factory=list, description="构成“财政拨款 小计”的来源")
    income_total: Money | None = Field(None, description="仅印出资金总额、没有来源明细时")
    spending: FundsSpending = Field(default_factory=FundsSpending)
    history: FundsHistory | None = None
    printed: dict[str, dict[str, Money]] = Field(default_factory=dict, description="印出的合计（核对用）")


class Staffing(Base):
    total: int | None = Field(None, ge=0)
    administrative: int | None = Field(None, ge=0)
    institution: int | None = Field(None, ge=0)


class Organisation(Base):
    divisions: list[str] = Field(default_factory=list, description="内设机构")
    subunits: list[str] = Field(default_factory=list, description="下属单位")
    extra: list[str] = Field(default_factory=list, description="另设机构")
    staff: Staffing | None = None


class LongTerm(Base):
    until: int | None = Field(None, description="截止年")
    goal: Text = ""
    indicators: list[TargetIndicator] = Field(default_factory=list)  # type: ignore[valid-type]


class Filed(Base):
    date: _dt.date | None = None
    by: Text = Field("", description="填报人")
    phone: Text = Field("", description="联系电话")


class DepartmentTargets(Base):
    """部门整体支出绩效目标表 (表7)."""

    goal: Text = Field("", description="年度绩效目标")
    initial_budget: Money | None = Field(None, description="年初预算数（整体）")
    indicators: list[TargetIndicator] = Field(default_factory=list)  # type: ignore[valid-type]
    tasks: list[DepartmentTask] = Field(default_factory=list, description="年度主要任务（表7）")
    funds_clause: bool = Field(False, description="表7 年度总体目标前加上由预算生成的资金构成")
    duties: list[str] = Field(default_factory=list, description="单位主要职能 / 部门职能概述")
    organisation: Organisation | None = Field(None, description="机构设置及人员配置")
    funds: DepartmentFunds | None = Field(None, description="部门整体资金")
    long_term: LongTerm | None = Field(None, description="中长期目标及指标")
    filed: Filed | None = Field(None, description="填报日期、填报人、联系电话")


class TargetsFile(Base):
    """A 绩效目标 file: what the budget fixed, without any actual value."""

    unit: Text = Field("", description="单位名称（仅供识别）")
    kind: Literal["targets"] | None = Field(None, description="targets：单独生成部门整体绩效目标表")
    title: Text = Field("", description="表名（如 区级部门整体预算绩效目标表）")
    framework: Literal["", "project", "jiangsu", "hubei"] = Field("", description="指标框架与表样")
    levels: dict[str, list[str]] = Field(default_factory=dict, description="一级 → 二级（无三级时也印出）")
    unit_code: Text = Field("", description="单位代码（表6 印作“103001-单位名称”）")
    year: int | None = Field(None, ge=2000, le=2100, description="预算年度；与决算年度不同时提示")
    points_total: int | None = Field(None, ge=1, le=100, description="每个项目三级指标权重合计（如 90，执行率占其余）")
    projects: list[ProjectTargets] = Field(default_factory=list, description="项目绩效目标表（表6）")  # type: ignore[valid-type]
    department: DepartmentTargets | None = Field(None, description="部门整体支出绩效目标表（表7）")


def targets_path(document: Document, value: Any) -> Path:
    """The targets file named by ``performance.targets``: relative to the input file's folder."""
    if not isinstance(value, str) or not value.strip():
        raise InputError("", [Issue(
            "input.targets", Severity.ERROR, "应为绩效目标文件的路径（相对于本输入文件）",
            document.source("performance.targets"),
        )])
    path = Path(value.strip())
    return path if path.is_absolute() else Path(document.file).parent / path


# Files given together with an input (an upload: file name → (bytes, name to read it under)).
# While set — the web app sets it in each of its tasks — ``performance.targets`` is looked up
# here and never on the disk of the machine that renders.
SUPPLIED: ContextVar[dict[str, tuple[bytes, str]] | None] = ContextVar("reportgen_supplied_files", default=None)


def _supplied(document: Document, value: Any, supplied: dict[str, tuple[bytes, str]]) -> tuple[bytes, str]:
    key = Path(str(value).strip().replace("\\", "/")).name if isinstance(value, str) else ""
    entry = supplied.get(key) or (next(iter(supplied.values())) if len(supplied) == 1 else None)
    if entry is None:
        raise InputError("", [Issue(
            "input.targets", Severity.ERROR,
            f"此输入引用了绩效目标文件 '{value}'，但未一并上传：请在“绩效目标文件”处同时上传它",
            document.source("performance.targets"),
        )])
    return entry


def load_targets(document: Document, value: Any) -> Document:
    """Read and validate the targets file; ``InputError`` naming ``performance.targets`` if it
    cannot be read, or naming the targets file's own lines if it does not fit the schema."""
    here = document.source("performance.targets")
    supplied = SUPPLIED.get()
    if supplied is not None:
        data, name = _supplied(document, value, supplied)
        path = Path(name)
        source: Path | bytes = data
    else:
        path = source = targets_path(document, value)
    if path.suffix.lower() not in (".yaml", ".yml", ".json", ".xlsx"):
        raise InputError("", [Issue("input.targets", Severity.ERROR, f"绩效目标文件 {path} 应为 YAML、JSON 文件或 Excel 工作簿（.xlsx）", here)])
    try:
        targets = load_document(source, str(path))
    except InputError as exc:
        reason = "；".join(i.message for i in exc.issues) or str(exc)
        issues = [Issue("input.targets", Severity.ERROR, f"无法读取绩效目标文件 {path}：{reason}", here)]
        issues += [i for i in exc.issues if i.source.line is not None]  # a syntax error: its own line
        raise InputError("", issues) from None
    _refuse_other_kind(targets, path, here)
    try:
        TargetsFile.model_validate(targets.data)
    except ValidationError as exc:
        raise InputError("", validation_issues(exc, targets, TargetsFile)) from None
    return targets


def _refuse_other_kind(targets: Document, path: Path, here) -> None:
    """The file named is another kind's input (the 部门决算 itself, a 部门预算): one error at
    ``performance.targets``, not a finding for every key of it that a 绩效目标 file lacks."""
    from ..diagnostics import ReportgenError
    from ..kinds import get_kind

    kind = targets.data.get("kind")
    title = ""
    if isinstance(kind, str) and kind.strip():
        try:
            found = get_kind(kind.strip())
        except ReportgenError:
            return  # an unknown kind: the schema names it
        if found.name != "targets":
            title = found.title
    elif "functions" in targets.data:  # no kind: a 部门决算 by its content (as kind_of reads it)
        title = "部门决算"
    if title:
        message = f"绩效目标文件 {path} 是{title}的输入，不是绩效目标文件（应为 kind: targets，有 projects、department）"
        raise InputError("", [Issue("input.targets", Severity.ERROR, message, here)])


def apply_targets(document: Document) -> Document:
    """``document`` with the 绩效目标 file named in ``performance.targets`` merged in (unchanged
    when it names none). Findings of the merge are added to ``document.issues``."""
    data = document.data
    perf = data.get("performance") if isinstance(data, dict) else None
    if not isinstance(perf, dict) or perf.get("targets") in (None, ""):
        return document
    targets = load_targets(document, perf["targets"])
    merge = _Merge(document, targets)
    merged = merge.run()
    return replace(document, data=merged, issues=[*document.issues, *merge.issues], origins=merge.origins)


def _same(key: str, a: Any, b: Any) -> bool:
    if key in NUMERIC:
        if a is None or b is None or a == "" or b == "":
            return (a in (None, "")) and (b in (None, ""))
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except InvalidOperation:
            return str(a).strip() == str(b).strip()
    if key == "kind":
        a, b = _indicator_kind(a if a is not None else "定性"), _indicator_kind(b if b is not None else "定性")
    return ("" if a is None else str(a).strip()) == ("" if b is None else str(b).strip())


def _shown(value: Any) -> str:
    return "（未填写）" if value in (None, "") else str(value)


class _Merge:
    def __init__(self, document: Document, targets: Document) -> None:
        self.document = document
        self.targets = targets
        self.data = copy.deepcopy(document.data)
        self.origins: dict[str, tuple[Document, str]] = {}
        self.issues: list[Issue] = []

    def issue(self, rule: str, severity: Severity, message: str, source) -> None:
        self.issues.append(Issue(rule, severity, message, source))

    def run(self) -> Any:
        t = self.targets.data
        perf = self.data["performance"]
        year = t.get("year")
        unit = self.data.get("unit")
        input_year = unit.get("year") if isinstance(unit, dict) else None
        if year is not None and input_year is not None and str(year) != str(input_year):
            self.issue("selfeval.target_year", Severity.WARNING,
                       f"绩效目标文件的年度 {year} 与决算年度 {input_year} 不同", self.targets.source("year"))
        self.merge_projects(perf, t.get("projects") or [])
        dept = t.get("department")
        if dept is not None:
            if isinstance(perf.get("department_evaluation"), dict):
                self.merge_department(perf["department_evaluation"], dept)
            else:
                self.issue("selfeval.target_unmatched", Severity.WARNING,
                           "部门整体支出绩效目标已设定，但年终数据中没有部门整体自评（performance.department_evaluation）",
                           self.targets.source("department"))
        return self.data

    # --- projects ------------------------------------------------------------------------------

    def merge_projects(self, perf: dict, planned: list[dict]) -> None:
        by_name: dict[str, int] = {}
        for k, target in enumerate(planned):
            name = str(target.get("name", "")).strip()
            if name in by_name:
                self.issue("selfeval.target_duplicate", Severity.ERROR,
                           f"项目“{name}”在绩效目标文件中出现两次（另见 {self.targets.source(('projects', by_name[name]))}）",
                           self.targets.source(("projects", k, "name")))
                continue
            by_name[name] = k
        used: set[int] = set()
        projects = perf.get("projects")
        for i, project in enumerate(projects if isinstance(projects, list) else []):
            if not isinstance(project, dict):
                continue
            k = by_name.get(str(project.get("name", "")).strip())
            if k is None:
                continue  # no targets: the input's own indicators are used as they are
            used.add(k)
            self.merge_fields(project, planned[k], f"performance.projects[{i}]", f"projects[{k}]")
            goal = project.get("goal") if isinstance(project.get("goal"), dict) else {}
            if "goal" in planned[k]:
                self.check_same("goal", goal.get("expected"), planned[k]["goal"], "expected" in goal,
                                f"performance.projects[{i}].goal.expected", f"projects[{k}].goal", f"项目“{project.get('name')}”")
                project["goal"] = {**goal, "expected": planned[k]["goal"]}
                self.origins[f"performance.projects[{i}].goal.expected"] = (self.targets, f"projects[{k}].goal")
            project["indicators"] = self.merge_indicators(
                project.get("indicators"), planned[k].get("indicators") or [],
                f"performance.projects[{i}]", f"projects[{k}]", f"项目“{project.get('name')}”",
            )
        for k, target in enumerate(planned):
            if k not in used and str(target.get("name", "")).strip() in by_name and by_name[str(target.get("name", "")).strip()] == k:
                self.issue("selfeval.target_unmatched", Severity.WARNING,
                           f"项目“{target.get('name')}”已设定绩效目标，但年终数据中没有该项目（performance.projects）",
                           self.targets.source(("projects", k)))

    def merge_department(self, dept: dict, planned: dict) -> None:
        base, there = "performance.department_evaluation", "department"
        self.merge_fields(dept, planned, base, there, fields=("goal", "initial_budget"))
        dept["indicators"] = self.merge_indicators(dept.get("indicators"), planned.get("indicators") or [], base, there, "部门整体")

    def merge_fields(self, given: dict, planned: dict, base: str, there: str, fields: tuple[str, ...] = PROJECT_FIELDS) -> None:
        who = f"项目“{given.get('name')}”" if "name" in given else "部门整体"
        for key in fields:
            if key not in planned:
                continue
            self.check_same(key, given.get(key), planned[key], key in given, f"{base}.{key}", f"{there}.{key}", who)
            given[key] = planned[key]
            self.origins[f"{base}.{key}"] = (self.targets, f"{there}.{key}")

    def check_same(self, key: str, given: Any, planned: Any, present: bool, here: str, there: str, who: str) -> bool:
        if not present or _same(key, given, planned):
            return True
        self.issue(
            "selfeval.target_changed", Severity.ERROR,
            f"{who}的{LABELS.get(key, key)}年终填报为 {_shown(given)}，与绩效目标不一致"
            f"（{self.targets.source(there)} 为 {_shown(planned)}）；绩效目标在年终不能更改",
            self.document.source(here),
        )
        return False

    # --- indicators ----------------------------------------------------------------------------

    def half_year_only(self, target: dict, tpath: str, who: str) -> None:
        """The year end measures against the 全年 value; a 半年 value (南京 form) never stands in
        for a missing one."""
        quantitative = _indicator_kind(target.get("kind", "定性")) != "定性"
        field, half = ("target", "half_year") if quantitative else ("target_text", "half_year_text")
        if target.get(field) not in (None, "") or target.get(half) in (None, ""):
            return
        shown = f"{target.get(half)}{target.get('unit') or ''}" if quantitative else str(target.get(half))
        self.issue(
            "selfeval.target_year_value", Severity.ERROR,
            f"{who}指标“{target.get('name')}”在绩效目标中只有半年指标值 {shown}，没有全年指标值（{field}）；"
            "年终自评以全年指标值为年度目标，半年指标值不能代替",
            self.targets.source(f"{tpath}.{field}"),
        )

    def match(self, ind: dict, planned: list[dict]) -> tuple[int | None, str]:
        name = str(ind.get("name", "")).strip()
        if ind.get("level1") and ind.get("level2"):
            key = (str(ind["level1"]).strip(), str(ind["level2"]).strip(), name)
            hits = [k for k, t in enumerate(planned)
                    if (str(t.get("level1", "")).strip(), str(t.get("level2", "")).strip(), str(t.get("name", "")).strip()) == key]
        else:
            hits = [k for k, t in enumerate(planned) if str(t.get("name", "")).strip() == name]
        if len(hits) == 1:
            return hits[0], ""
        if hits:
            return None, f"指标“{name}”在绩效目标中有 {len(hits)} 个同名三级指标，请同时填写一级指标（level1）和二级指标（level2）"
        names = [str(t.get("name", "")) for t in planned]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"（是否应为“{close[0]}”？）" if close else ""
        return None, f"指标“{name}”不在绩效目标中{hint}；年终只能填报已设定指标的完成值，不能新增指标"

    def merge_indicators(self, given: Any, planned: list[dict], base: str, there: str, who: str) -> list[dict]:
        matched: dict[int, int] = {}  # target index → input index
        for m, ind in enumerate(given if isinstance(given, list) else []):
            if not isinstance(ind, dict):
                continue
            here = f"{base}.indicators[{m}]"
            k, problem = self.match(ind, planned)
            if k is None:
                self.issue("selfeval.target_unknown", Severity.ERROR, f"{who}：{problem}", self.document.source(here))
                continue
            if k in matched:
                self.issue("selfeval.target_duplicate", Severity.ERROR,
                           f"{who}：指标“{ind.get('name')}”填报了两次（另见 {self.document.source(f'{base}.indicators[{matched[k]}]')}）",
                           self.document.source(here))
                continue
            matched[k] = m
        merged = []
        for k, target in enumerate(planned):
            path, tpath = f"{base}.indicators[{k}]", f"{there}.indicators[{k}]"
            row = {key: value for key, value in target.items() if key not in BUDGET_FIELDS}
            self.half_year_only(target, tpath, who)
            self.origins[path] = (self.targets, tpath)
            for key in INDICATOR_FIELDS:
                self.origins[f"{path}.{key}"] = (self.targets, f"{tpath}.{key}")
            if k in matched:
                ipath = f"{base}.indicators[{matched[k]}]"
                self.origins[path] = (self.document, ipath)
                for key, value in given[matched[k]].items():
                    if key in INDICATOR_FIELDS:
                        self.check_same(key, value, target.get(key), True, f"{ipath}.{key}", f"{tpath}.{key}",
                                        f"{who}指标“{target.get('name')}”")
                        continue
                    row[key] = value
                    self.origins[f"{path}.{key}"] = (self.document, f"{ipath}.{key}")
            merged.append(row)
        return merged
