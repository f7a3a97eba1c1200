"""表6 部门预算项目绩效目标表 and 表7 部门整体支出绩效目标表, from the 绩效目标 file the budget
names in ``performance.targets`` (the same file the year-end 绩效自评 reads), and the TGT-*
checks of spec §B.7 that concern them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..checks import CheckOptions, compare
from ..diagnostics import Issue, Severity
from ..loader import Document
from ..money import Amount
from ..selfeval.targets import TargetsFile, load_targets
from ..tables import Cell, Row, Table
from .accounts import BudgetAccounts, total

KIND_TABLE6 = {"≥": "≥", "≤": "≤", "=": "＝", "定性": "定性"}


@dataclass
class Targets:
    model: Any  # TargetsFile
    document: Document


def load(document: Document, value: str) -> Targets | None:
    if not value:
        return None
    targets = load_targets(document, value)
    return Targets(TargetsFile.model_validate(targets.data), targets)


def number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text


def value_text(ind, table7: bool = False) -> str:
    """表7's one-string value: «≥98%», «=47人», «优»."""
    if ind.kind == "定性":
        return ind.target_text
    return f"{ind.kind}{number(ind.target)}{ind.unit}"


def direction(ind) -> str:
    """指标方向性: as given; derived from ≥ (正向) / ≤ (反向) when blank."""
    if ind.direction:
        return f"{ind.direction}指标"
    return {"≥": "正向指标", "≤": "反向指标"}.get(ind.kind, "")


def ordered(indicators, framework: dict[str, list[str]]) -> list:
    level1 = list(framework)

    def key(pair):
        i, ind = pair
        a = level1.index(ind.level1) if ind.level1 in level1 else len(level1)
        seconds = framework.get(ind.level1, [])
        b = seconds.index(ind.level2) if ind.level2 in seconds else len(seconds)
        return (a, b, i)

    return [ind for _, ind in sorted(enumerate(indicators), key=key)]


def c(text: str = "", **kw) -> Cell:
    return Cell(text=text, **kw)


def table6(acc: BudgetAccounts, targets: Targets) -> Table:
    t = targets.model
    unit = f"{t.unit_code}-{acc.model.unit.name}" if t.unit_code else acc.model.unit.name
    heads = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标方向性"]
    header = [[c(h, align="center") for h in heads]]
    rows: list[Row] = []
    framework = acc.profile.get("framework", {})
    for project in t.projects:
        inds = ordered(project.indicators, framework) or [None]
        n = len(inds)
        for k, ind in enumerate(inds):
            cells = []
            if k == 0:
                budget = Cell(value=project.initial_budget, rowspan=n) if project.initial_budget is not None else c(rowspan=n)
                cells += [c(unit, rowspan=n), c(project.name, rowspan=n), budget, c(project.goal, rowspan=n)]
            if ind is None:
                cells += [c()] * 8
            else:
                cells += [
                    c(ind.level1), c(ind.level2), c(ind.name), c(KIND_TABLE6[ind.kind], align="center"),
                    c(ind.target_text if ind.kind == "定性" else number(ind.target), align="center"), c(ind.unit, align="center"),
                    c(number(ind.points), align="center"), c(direction(ind), align="center"),
                ]
            rows.append(Row(cells))
    widths = [18, 18, 13, 40, 18, 18, 36, 11, 13, 12, 9, 17]
    return Table("t6", f"部门预算项目绩效目标表（{acc.year}年度）", widths, header, rows, landscape=True)


def funds_clause(acc: BudgetAccounts) -> str:
    """«{Y}年，{单位}共计使用财政预算资金X万元（其中：公用经费X万元、人员类经费X万元、{项目}X万元、…、上年结转资金X万元）。»"""
    parts = [("公用经费", acc.public), ("人员类经费", acc.personnel)]
    parts += [(p.name, p.amount) for p in acc.gb_projects]
    parts.append(("上年结转资金", acc.carryover()))
    listed = "、".join(f"{label}{Amount(v)}万元" for label, v in parts if v)
    return f"{acc.year}年，{acc.model.unit.name}共计使用财政预算资金{Amount(acc.fiscal_total)}万元（其中：{listed}）。"


def table7(acc: BudgetAccounts, targets: Targets) -> Table:
    t = targets.model
    dept = t.department
    unit = f"{t.unit_code}-{acc.model.unit.name}" if t.unit_code else acc.model.unit.name
    rows: list[Row] = [Row([c("部门名称", align="center"), c(unit, colspan=3)])]
    tasks = dept.tasks if dept else []
    if tasks:
        rows.append(Row([c("年度主要任务", rowspan=len(tasks) + 1, align="center"), c("任务名称", align="center"), c("主要内容", colspan=2, align="center")], "header"))
        rows += [Row([c(task.name), c(task.content, colspan=2)]) for task in tasks]
    other = acc.spending_total - acc.fiscal_total
    rows.append(Row([c("本年部门整体支出预算", rowspan=2, align="center"), c("资金总额", align="center"), c("财政拨款", align="center"), c("其他资金", align="center")], "header"))
    rows.append(Row([Cell(value=acc.spending_total, align="center"), Cell(value=acc.fiscal_total, align="center"), Cell(value=other, align="center")]))
    goal = (dept.goal if dept else "")
    if dept and dept.funds_clause:
        goal = funds_clause(acc) + goal
    rows.append(Row([c("年度总体目标", align="center"), c(goal, colspan=3)]))
    rows.append(Row([c("一级指标", align="center"), c("二级指标", align="center"), c("三级指标", align="center"), c("指标值（包含数字及文字描述）", align="center")], "header"))
    inds = ordered(dept.indicators if dept else [], acc.profile.get("framework", {}))
    i = 0
    while i < len(inds):
        j = i
        while j < len(inds) and inds[j].level1 == inds[i].level1:
            j += 1
        k = i
        while k < j:
            m = k
            while m < j and inds[m].level2 == inds[k].level2:
                m += 1
            for n in range(k, m):
                cells = []
                if n == i:
                    cells.append(c(inds[i].level1, rowspan=j - i, align="center"))
                if n == k:
                    cells.append(c(inds[k].level2, rowspan=m - k, align="center"))
                cells += [c(inds[n].name), c(value_text(inds[n], True), align="center")]
                rows.append(Row(cells))
            k = m
        i = j
    return Table("t7", f"部门整体支出绩效目标表（{acc.year}年度）", [32, 40, 110, 55], [], rows, landscape=True)


# -- checks (TGT-*) ------------------------------------------------------------------------------


def check_targets(acc: BudgetAccounts, targets: Targets, budget_doc: Document, options: CheckOptions) -> list[Issue]:
    t, doc = targets.model, targets.document
    issues: list[Issue] = []

    def add(rule: str, severity: Severity, message: str, path: str) -> None:
        issues.append(Issue(rule, severity, message, doc.source(path)))

    if t.year is not None and t.year != acc.year:
        add("TGT-00", Severity.WARNING, f"绩效目标文件的年度 {t.year} 与预算年度 {acc.year} 不同", "year")
    # TGT-01 projects of 表3-2 ↔ 表6
    planned = {p.name: (k, p) for k, p in enumerate(t.projects)}
    for project in acc.gb_projects:
        if project.name not in planned:
            issues.append(Issue("TGT-01", Severity.ERROR, f"表3-2 项目“{project.name}”没有绩效目标（表6）", budget_doc.source(f"projects[{acc.model.projects.index(project)}].name")))
            continue
        k, target = planned[project.name]
        if target.initial_budget is not None:
            issues += compare("TGT-01", f"表6“{project.name}”预算数", target.initial_budget, "表3-2 金额", project.amount, doc, f"projects[{k}].initial_budget", options)
    names = {p.name for p in acc.gb_projects}
    for k, target in enumerate(t.projects):
        if target.name not in names:
            add("TGT-01", Severity.ERROR, f"绩效目标项目“{target.name}”不在预算项目（表3-2）中", f"projects[{k}].name")
    for k, target in enumerate(t.projects):
        base = f"projects[{k}]"
        who = f"项目“{target.name}”"
        # TGT-02 points
        if t.points_total is not None:
            points = total(ind.points or Decimal(0) for ind in target.indicators)
            if points != t.points_total:
                add("TGT-02", Severity.ERROR, f"{who}三级指标权重合计 {number(points)} ≠ {t.points_total}", f"{base}.indicators")
        seen: dict[str, int] = {}
        for n, ind in enumerate(target.indicators):
            where = f"{base}.indicators[{n}]"
            if ind.name in seen:
                add("TGT-19", Severity.ERROR, f"{who}三级指标“{ind.name}”重复（另见第 {seen[ind.name] + 1} 个）", f"{where}.name")
            seen[ind.name] = n
            # TGT-03 the 成本 indicator = the project's budget
            if ind.level1.startswith("成本") and ind.unit == "万元" and ind.name.endswith(("成本预算", "预算控制数")) and target.initial_budget is not None and ind.target is not None:
                issues += compare("TGT-03", f"{who}“{ind.name}”", ind.target, "项目预算数", target.initial_budget, doc, f"{where}.target", options)
        indicator_checks(target.indicators, base, who, add)
        goal_quantities(target, base, who, add)
    dept = t.department
    if dept is not None:
        indicator_checks(dept.indicators, "department", "部门整体", add)
        issues += department_checks(acc, t, dept, add, doc, options)
        cross_checks(t, dept, add)
    coverage(acc, t, add)
    return issues


QUANTITY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:[-－~～至](\d+(?:\.\d+)?))?(万份|人次|人/次|次|件|人|份|台|个|张|册|条|天|座)")


def goal_quantities(target, base: str, who: str, add) -> None:
    """TGT-04 (heuristic): a quantity the 年度目标 names should be the target of an indicator with
    that unit (人 matches 人次); quantities «每…» are rates of something else and are skipped."""
    quantitative = [i for i in target.indicators if i.kind != "定性" and i.target is not None]
    for m in QUANTITY.finditer(target.goal):
        if "每" in target.goal[max(0, m.start() - 3) : m.start()]:
            continue  # «每类2万份», «每人400元»: a rate, not the quantity
        low, high, unit = m.group(1), m.group(2), m.group(3).replace("/", "")
        same = [i for i in quantitative if i.unit.replace("/", "") in ({unit, "人次"} if unit == "人" else {unit})]
        if not same:
            continue
        wanted = {Decimal(low)} | ({Decimal(high)} if high else set())
        if not wanted & {i.target for i in same}:
            shown = "、".join(f"“{i.name}”{i.kind}{number(i.target)}{i.unit}" for i in same)
            add("TGT-04", Severity.WARNING, f"{who}年度目标写“{m.group(0)}”，而同单位的指标为 {shown}", f"{base}.goal")


def indicator_checks(indicators, base: str, who: str, add) -> None:
    for n, ind in enumerate(indicators):
        where = f"{base}.indicators[{n}]"
        if ind.kind == "定性":
            if not ind.target_text:
                add("TGT-06", Severity.ERROR, f"{who}定性指标“{ind.name}”没有指标值", f"{where}.target_text")
            continue
        if ind.target is None:
            add("TGT-05", Severity.ERROR, f"{who}定量指标“{ind.name}”没有数值", f"{where}.target")
        if not ind.unit:
            add("TGT-05", Severity.ERROR, f"{who}定量指标“{ind.name}”（{ind.kind}{number(ind.target)}）没有度量单位", f"{where}.unit")
        elif ind.name.endswith(("率", "度")) and ind.unit != "%":
            add("TGT-05", Severity.ERROR, f"{who}指标“{ind.name}”是比率，度量单位应为 %，实际为“{ind.unit}”", f"{where}.unit")
        if "/" in ind.unit:
            add("TGT-20", Severity.WARNING, f"{who}指标“{ind.name}”的度量单位“{ind.unit}”应写作“{ind.unit.replace('/', '')}”", f"{where}.unit")
        if ind.direction and {"≥": "正向", "≤": "反向"}.get(ind.kind, ind.direction) != ind.direction:
            add("TGT-07", Severity.WARNING, f"{who}指标“{ind.name}”为 {ind.kind}，方向性却是“{ind.direction}”", f"{where}.direction")


def department_checks(acc: BudgetAccounts, t, dept, add, doc: Document, options: CheckOptions) -> list[Issue]:
    issues: list[Issue] = []
    projects = {p.name: p for p in t.projects}
    budget_projects = {p.name: p.amount for p in acc.gb_projects}
    for n, ind in enumerate(dept.indicators):
        where = f"department.indicators[{n}]"
        # TGT-16 aggregates of project indicators
        if ind.sum_of:
            found: list[Decimal] = []
            for project, name in ind.sum_of:
                match = [x for x in projects.get(project).indicators if x.name == name] if project in projects else []
                if not match:
                    add("TGT-16", Severity.ERROR, f"部门整体指标“{ind.name}”所列的项目指标“{project} / {name}”不存在", f"{where}.sum_of")
                    continue
                found.append(match[0].target or Decimal(0))
                if match[0].unit.replace("/", "") != ind.unit.replace("/", ""):
                    add("TGT-08", Severity.ERROR, f"部门整体指标“{ind.name}”的单位“{ind.unit}”与项目指标“{project} / {name}”的单位“{match[0].unit}”不同", f"{where}.unit")
            if ind.target is not None and found and total(found) != ind.target:
                add("TGT-16", Severity.ERROR, f"部门整体指标“{ind.name}”{ind.kind}{number(ind.target)}{ind.unit} ≠ 所列 {len(found)} 个项目指标之和 {number(total(found))}（差 {number(abs(ind.target - total(found)))}）", f"{where}.target")
        # TGT-17 budget control figures
        if ind.unit == "万元" and ind.target is not None and ind.name.endswith("预算控制数"):
            project = ind.name[: -len("预算控制数")]
            if project in budget_projects:
                issues += compare("TGT-17", f"部门整体指标“{ind.name}”", ind.target, "表3-2 项目金额", budget_projects[project], doc, f"{where}.target", options)
            elif "部门预算" in ind.name:
                issues += compare("TGT-17", f"部门整体指标“{ind.name}”", ind.target, "表1 支出总计", acc.spending_total, doc, f"{where}.target", options)
    return issues


def cross_checks(t, dept, add) -> None:
    """TGT-08: an indicator named the same in 表6 and 表7 has the same unit and 二级."""
    by_name: dict[str, list[tuple[str, Any]]] = {}
    for project in t.projects:
        for ind in project.indicators:
            by_name.setdefault(ind.name, []).append((project.name, ind))
    for n, ind in enumerate(dept.indicators):
        for project, other in by_name.get(ind.name, []):
            if ind.kind != "定性" and other.kind != "定性" and other.unit != ind.unit:
                add("TGT-08", Severity.ERROR, f"指标“{ind.name}”：表7 单位“{ind.unit}” ≠ 表6“{project}”单位“{other.unit}”", f"department.indicators[{n}].unit")
            elif other.level2 != ind.level2:
                add("TGT-08", Severity.WARNING, f"指标“{ind.name}”：表7 为{ind.level2}，表6“{project}”为{other.level2}", f"department.indicators[{n}].level2")


def coverage(acc: BudgetAccounts, t, add) -> None:
    """TGT-13: every 一级 of the framework has at least one 三级 per project."""
    levels = list(acc.profile.get("framework", {}))
    for k, project in enumerate(t.projects):
        have = {ind.level1 for ind in project.indicators}
        missing = [lv for lv in levels if lv not in have]
        if missing and project.indicators:
            add("TGT-13", Severity.WARNING, f"项目“{project.name}”没有{'、'.join(missing)}", f"projects[{k}].indicators")
