"""The department target tables as published on their own (spec §B.4): the 江苏 部门整体预算绩效
目标表 (seeds 000, 003: 半年 / 全年 values, a 履职 block with 重点工作 / 对应项目) and the 湖北
部门整体绩效目标申报表 (seed 004: funds with shares and the two prior years, 长期 and 年度
indicators with 近两年指标值, 依据 and 分类). Input: a 绩效目标 file with ``kind: targets`` and
``framework: jiangsu | hubei`` — the same file the year-end 绩效自评 reads.

Totals and shares are derived, never typed; printed totals (``funds.printed``) are checked.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt
from pydantic import ValidationError

from .. import docx_xml
from ..checks import CheckOptions, compare
from ..diagnostics import InputError, Issue, Severity
from ..figures import shares
from ..loader import Document
from ..money import Amount, Percent
from ..selfeval.targets import TargetsFile
from ..tables import Cell, Row, Table
from ..validate import validation_issues
from .accounts import total
from .report import draw
from .targets import indicator_checks, number, ordered

PROFILE = Path(__file__).resolve().parent / "profiles" / "targets.yaml"
ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
ZERO = Decimal(0)


@cache
def frameworks() -> dict[str, Any]:
    return yaml.safe_load(PROFILE.read_text(encoding="utf-8"))


def is_targets(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == "targets"


def framework_of(model) -> dict[str, Any]:
    name = model.framework or "jiangsu"
    if name not in frameworks():
        raise InputError("", [Issue("input.framework", Severity.ERROR, f"“{name}”没有部门整体绩效目标表的表样（可用：{'、'.join(frameworks())}）")])
    return frameworks()[name]


def clean(name: str) -> str:
    return ARTEFACT.sub("", name).strip()


def levels(model, fw) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in fw["levels"].items()}
    for k, v in model.levels.items():
        out[k] = list(v)
    return out


def configured(model, fw) -> list[str]:
    return [k for k, v in fw["levels"].items() if v] + list(model.levels) + ([fw["duty_level"]] if fw.get("duty_level") else [])


# -- prepare -------------------------------------------------------------------------------------


def prepare(document: Document, options: CheckOptions | None = None):
    """Validate and check a ``kind: targets`` file: (model, issues)."""
    try:
        model = TargetsFile.model_validate(document.data)
    except ValidationError as exc:
        raise InputError("", validation_issues(exc, document, TargetsFile)) from None
    if model.department is None:
        raise InputError("", [Issue("input.missing", Severity.ERROR, "部门整体绩效目标表需要 department", document.source("department"))])
    return model, document.issues + check(model, document, options or CheckOptions())


def check(model, doc: Document, options: CheckOptions) -> list[Issue]:
    fw = framework_of(model)
    dept = model.department
    issues: list[Issue] = []

    def add(rule: str, severity: Severity, message: str, path: str) -> None:
        issues.append(Issue(rule, severity, message, doc.source(path)))

    for base, inds in (("department", dept.indicators), ("department.long_term", dept.long_term.indicators if dept.long_term else [])):
        who = "（长期）" if "long_term" in base else "（年度）"
        indicator_checks(inds, base, who, add)
        for n, ind in enumerate(inds):
            where = f"{base}.indicators[{n}]"
            if ARTEFACT.search(ind.name):
                add("TGT-20", Severity.WARNING, f"{who}名称含文档残留“{ARTEFACT.search(ind.name).group(0)}”，已去除：“{clean(ind.name)}”", f"{where}.name")
            if ind.kind != "定性" and ind.unit == "%" and re.search(r"(批次|次数|个数|人数|件数)$", ind.name):
                add("TGT-05", Severity.WARNING, f"{who}“{ind.name}”是计数，指标值却是百分比", f"{where}.unit")
            # TGT-10 half-year ≤ full-year for cumulative counts
            if ind.half_year is not None and ind.target is not None and ind.kind == "≥" and ind.unit != "%" and ind.half_year > ind.target:
                add("TGT-10", Severity.ERROR, f"“{ind.name}”半年指标值 {number(ind.half_year)} 大于全年 {number(ind.target)}", f"{where}.half_year")
    # TGT-13 coverage
    have: dict[str, set[str]] = {}
    for ind in dept.indicators:
        have.setdefault(ind.level1, set()).add(ind.level2)
    for level1 in configured(model, fw):
        if level1 not in have:
            add("TGT-13", Severity.WARNING, f"一级指标“{level1}”下没有任何三级指标", "department.indicators")
            continue
        empty = [level2 for level2 in levels(model, fw).get(level1, []) if level2 not in have[level1]]
        if empty and level1 in model.levels:
            add("TGT-13", Severity.WARNING, f"一级指标“{level1}”的二级指标{'、'.join(empty)}下没有三级指标", "department.indicators")
    # TGT-14 long-term goal ≠ annual goal
    if dept.long_term and dept.long_term.goal and _same_text(dept.long_term.goal, dept.goal):
        add("TGT-14", Severity.WARNING, "中长期（长期）目标与年度目标相同，未分年度设定", "department.goal")
    # TGT-15 history rows complete and not shifted
    if fw.get("history_years"):  # 近两年指标值 are part of the form
        words = set(fw.get("bases", [])) | set(fw.get("categories", []))
        years = [model.year - 2, model.year - 1] if model.year else []
        for n, ind in enumerate(dept.indicators):
            where = f"department.indicators[{n}]"
            shifted = [y for y, v in ind.history.items() if v in words] + (["当年"] if ind.kind == "定性" and ind.target_text in words else [])
            if shifted:
                add("TGT-15", Severity.ERROR, f"“{ind.name}”的指标值栏填的是“依据/分类”（{'、'.join(str(s) for s in shifted)}），指标值缺失（错列）", f"{where}.history")
            missing = [y for y in years if not ind.history.get(y)]
            if missing:
                add("TGT-15", Severity.ERROR, f"“{ind.name}”缺少近两年指标值（{'、'.join(map(str, missing))}年）", f"{where}.history")
    if dept.funds is not None:
        issues += check_funds(model, dept.funds, doc, options)
    return issues


def _same_text(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\s+", "", s).rstrip("。")  # noqa: E731
    return norm(a) == norm(b)


def spending_total(funds) -> Decimal | None:
    s = funds.spending
    if s.basic is not None or s.projects or s.project is not None:
        projects = total(p.year for p in s.projects) if s.projects else (s.project.year if s.project else ZERO)
        return (s.basic.year if s.basic else ZERO) + projects
    values = [s.personnel, s.operation, s.specific]
    return total(v for v in values if v is not None) if any(v is not None for v in values) else None


def income_total(funds) -> Decimal | None:
    if funds.income:
        return total(funds.income.values())
    return funds.income_total


def check_funds(model, funds, doc: Document, options: CheckOptions) -> list[Issue]:
    fw = framework_of(model)
    issues: list[Issue] = []
    s = funds.spending
    # TGT-10 half-year funds ≤ full-year
    for path, period in [("basic", s.basic), ("project", s.project), *((f"projects[{i}]", p) for i, p in enumerate(s.projects))]:
        if period is not None and period.half_year is not None and period.half_year > period.year:
            issues.append(Issue("TGT-10", Severity.ERROR, f"半年计划执行数 {Amount(period.half_year)} 大于全年预算数 {Amount(period.year)}", doc.source(f"department.funds.spending.{path}.half_year")))
    if s.projects and s.project is not None:
        issues += compare("TGT-11", "项目支出", s.project.year, "各项目之和", total(p.year for p in s.projects), doc, "department.funds.spending.project", options)
    inc, out = income_total(funds), spending_total(funds)
    if funds.income and funds.income_total is not None:
        issues += compare("TGT-11", "资金总额（填写）", funds.income_total, "各来源之和", inc, doc, "department.funds.income_total", options)
    if not funds.income and funds.income_total is not None:
        issues.append(Issue("TGT-11", Severity.NOTE, "收入只列资金总额、未列来源，无法核对各来源之和", doc.source("department.funds.income_total")))
    if inc is not None and out is not None:
        rule = fw.get("funds_rule", "TGT-11")
        issues += compare(rule, "收入合计", inc, "支出合计", out, doc, "department.funds", options)
    if funds.history and funds.history.basis is None:
        issues.append(Issue("TGT-12", Severity.WARNING, "近两年收支金额没有说明是预算数还是决算数（history.basis）", doc.source("department.funds.history")))
    if funds.history:
        for year, row in funds.history.years.items():
            issues += compare("TGT-12", f"{year}年收入合计", total(row.income.values()), f"{year}年支出合计", total(row.spending.values()), doc, f"department.funds.history.years.{year}", options)
    # printed totals
    current = str(model.year) if model.year else ""
    for which, derived in (("income_total", lambda y: _year_total(funds, y, "income")), ("spending_total", lambda y: _year_total(funds, y, "spending"))):
        label = "收入合计" if which == "income_total" else "支出合计"
        for year, printed in funds.printed.get(which, {}).items():
            value = derived(year) if year != current else (inc if which == "income_total" else out)
            if value is None:
                continue
            issues += compare("TGT-12", f"{year}年{label}（印出）", printed, "各项之和", value, doc, f"department.funds.printed.{which}.{year}", options)
    return issues


def _year_total(funds, year: str, side: str) -> Decimal | None:
    if not funds.history:
        return None
    row = funds.history.years.get(int(year)) if year.isdigit() else None
    return None if row is None else total(getattr(row, side).values())


# -- tables --------------------------------------------------------------------------------------


def c(text: str = "", **kw) -> Cell:
    return Cell(text=text, **kw)


def numbered(items: list[str], style: str = "{n}.") -> str:
    out = []
    for n, item in enumerate(items, 1):
        item = item.strip()
        out.append(item if re.match(r"^(\d+[.．、]|（[一二三四五六七八九十]+）)", item) else style.format(n=n) + item)
    return "\n".join(out)


def value(ind, fw, half: bool = False) -> str:
    if ind.kind == "定性":
        return ind.half_year_text if half else ind.target_text
    target = ind.half_year if half else ind.target
    if target is None:
        return ""
    sign = fw.get("equal_sign", "=") if ind.kind == "=" else ind.kind
    return f"{sign}{number(target)}{ind.unit}"


def organisation_text(dept) -> str:
    org = dept.organisation
    if org is None:
        return ""
    lines = []
    if org.divisions:
        text = f"根据部门职责分工，本部门内设机构包括：{'、'.join(org.divisions)}。"
        if org.extra:
            text += f"另设{'、'.join(org.extra)}。"
        if org.subunits:
            text += f"本部门下属单位包括：{'、'.join(org.subunits)}。"
        elif org.staff is not None:
            text += "本部门无下属单位。"
        lines.append(text)
    st = org.staff
    if st is not None and st.total is not None:
        parts = []
        if st.administrative is not None:
            parts.append(f"行政人员{st.administrative}人")
        if st.institution is not None:
            parts.append(f"事业人员{st.institution}人")
        lines.append(f"本部门在职人员{st.total}人" + (f"，其中{'，'.join(parts)}" if parts else "") + "。")
    return numbered(lines) if len(lines) > 1 else "".join(lines)


def jiangsu_tables(model, fw) -> list[Table]:
    dept = model.department
    rows: list[Row] = [Row([c("单位名称", align="center"), c(model.unit, colspan=4)])]
    rows.append(Row([c("单位主要职能", align="center"), c(numbered(dept.duties), colspan=4)]))
    org = organisation_text(dept)
    if org:
        rows.append(Row([c("机构设置及人员配置", align="center"), c(org, colspan=4)]))
    f = dept.funds
    if f is not None:
        income: list[tuple[str, Decimal | None]] = [("资金总额", income_total(f))]
        labels = fw["income"]
        if f.income:
            fiscal = [k for k in f.fiscal_sources if k in f.income]
            if fiscal:
                income.append(("财政拨款 小计", total(f.income[k] for k in fiscal)))
                income += [(f"    {labels.get(k, k)}", f.income[k]) for k in fiscal]
            income += [(labels.get(k, k), v) for k, v in f.income.items() if k not in fiscal]
        spend: list[tuple[str, Decimal | None, Decimal | None]] = []
        s = f.spending
        if s.basic is not None:
            spend.append(("基本支出", s.basic.half_year, s.basic.year))
        if s.projects:
            half = [p.half_year for p in s.projects]
            spend.append(("项目支出", total(h for h in half if h is not None) if all(h is not None for h in half) else None, total(p.year for p in s.projects)))
            spend += [(f"    {p.name}", p.half_year, p.year) for p in s.projects]
        elif s.project is not None:
            spend.append(("项目支出", s.project.half_year, s.project.year))
        n = len(income) + len(spend) + 2
        rows.append(Row([c("部门整体资金（万元）", rowspan=n, align="center"), c("收入", rowspan=len(income) + 1, align="center"), c("项目", align="center"), c("", align="center"), c("全年预算数", align="center")], "header"))
        for label, v in income:
            rows.append(Row([c(label), c(), Cell(value=v) if v is not None else c()]))
        rows.append(Row([c("支出", rowspan=len(spend) + 1, align="center"), c("项目", align="center"), c("半年计划执行数", align="center"), c("全年预算数", align="center")], "header"))
        for label, h, y in spend:
            rows.append(Row([c(label), Cell(value=h) if h is not None else c(), Cell(value=y) if y is not None else c()]))
    if dept.long_term is not None:
        rows.append(Row([c("中长期目标", align="center"), c(dept.long_term.goal, colspan=4)]))
    rows.append(Row([c("年度目标", align="center"), c(dept.goal, colspan=4)]))
    head = Table("dept_head", model.title, [26, 16, 62, 26, 26], [], rows)
    order = levels(model, fw)
    inds = ordered(dept.indicators, order)
    duty = fw.get("duty_level")
    duty_rows = [i for i in inds if i.level1 == duty]
    rank = {level1: k for k, level1 in enumerate(order)}
    before = [i for i in inds if i.level1 != duty and rank.get(i.level1, len(rank)) < rank.get(duty, len(rank))]
    after = [i for i in inds if i.level1 != duty and i not in before]
    tables = [head]
    if before:
        tables.append(indicator_table("dept_a", model, fw, before, order))
    if duty_rows:
        tables.append(duty_table(model, fw, duty_rows))
    extra_levels = [lv for lv in model.levels if lv not in {i.level1 for i in before}]
    if after or extra_levels:
        tables.append(indicator_table("dept_b", model, fw, after, order, extra_levels))
    return tables


def _merged_rows(inds, order, cols, width: int, extra_levels=()) -> list[Row]:
    """Rows with 一级 and 二级 merged (``cols(ind)`` gives the ``width`` cells after them); the
    二级 of ``extra_levels`` without a 三级 are printed as blank rows, as the seeds do."""
    groups: list[tuple[str, str, list]] = []
    for level1 in dict.fromkeys([i.level1 for i in inds] + list(extra_levels)):
        seconds = list(dict.fromkeys([i.level2 for i in inds if i.level1 == level1]))
        if level1 in extra_levels:
            seconds = list(dict.fromkeys(order.get(level1, []) + seconds)) or [""]
        for level2 in seconds:
            groups.append((level1, level2, [i for i in inds if i.level1 == level1 and i.level2 == level2]))
    rows: list[Row] = []
    i = 0
    while i < len(groups):
        level1 = groups[i][0]
        j = i
        while j < len(groups) and groups[j][0] == level1:
            j += 1
        span1 = sum(max(1, len(g[2])) for g in groups[i:j])
        first = True
        for _, level2, members in groups[i:j]:
            span2 = max(1, len(members))
            for k in range(span2):
                cells = []
                if first:
                    cells.append(c(level1, rowspan=span1, align="center"))
                    first = False
                if k == 0:
                    cells.append(c(level2, rowspan=span2, align="center"))
                cells += cols(members[k]) if members else [c()] * width
                rows.append(Row(cells))
        i = j
    return rows


def indicator_table(key, model, fw, inds, order, extra_levels=()) -> Table:
    header = [[c("一级指标", align="center"), c("二级指标", align="center"), c("三级指标", align="center"), c("半年指标值", align="center"), c("全年指标值", align="center")]]

    def cols(ind):
        return [c(clean(ind.name)), c(value(ind, fw, True), align="center"), c(value(ind, fw), align="center")]

    return Table(key, "", [18, 28, 58, 28, 28], header, _merged_rows(inds, order, cols, 3, extra_levels))


def duty_table(model, fw, inds) -> Table:
    header = [[c(h, align="center") for h in ("一级指标", "二级指标", "重点工作", "对应项目", "三级指标", "半年指标值", "全年指标值")]]
    rows: list[Row] = []
    for k, ind in enumerate(inds):
        cells = [c(ind.level1, rowspan=len(inds), align="center")] if k == 0 else []
        cells += [c(ind.level2), c(ind.key_task), c(ind.project), c(clean(ind.name)), c(value(ind, fw, True), align="center"), c(value(ind, fw), align="center")]
        rows.append(Row(cells))
    return Table("dept_duty", "", [14, 24, 36, 16, 28, 21, 21], header, rows)


def hubei_tables(model, fw) -> list[Table]:
    dept = model.department
    filed = dept.filed
    rows = [Row([c("部门（单位）名称", align="center"), c(model.unit, colspan=2), c("填报人", align="center"), c(filed.by if filed else ""),
                 c("联系电话", align="center"), c(filed.phone if filed else "")])]
    f = dept.funds
    if f is not None:
        years = sorted(f.history.years) if f.history else []
        blocks = []
        for side, labels, current in (("收入构成", fw["income"], f.income), ("支出构成", fw["spending"], {k: getattr(f.spending, k) for k in fw["spending"]})):
            part = "income" if side == "收入构成" else "spending"
            keys = list(labels)
            values = [current.get(k) or ZERO for k in keys]
            rates = shares(values, 2) or [ZERO] * len(values)
            block = []
            for k, v, r in zip(keys, values, rates, strict=True):
                hist = [getattr(f.history.years[y], part).get(k) for y in years]
                block.append([c(labels[k]), Cell(value=v) if v else c("0", align="right"), c(str(Percent(r, 2)) if v else "", align="right"),
                              *[Cell(value=h) if h else c("0", align="right") for h in hist]])
            tot_hist = [total(getattr(f.history.years[y], part).values()) for y in years]
            block.append([c("合  计", align="center"), Cell(value=total(values)), c("100.00%" if total(values) else "", align="right"), *[Cell(value=h) for h in tot_hist]])
            blocks.append((side, block))
        n = 2 + sum(len(b) for _, b in blocks)
        basis = f"（{f.history.basis}数）" if f.history and f.history.basis else ""
        rows.append(Row([c("部门总体资金情况", rowspan=n, align="center"), c("总体资金情况", colspan=2, rowspan=2, align="center"),
                         c("当年金额", rowspan=2, align="center"), c("占比", rowspan=2, align="center"),
                         c(f"近两年收支金额{basis}", colspan=max(1, len(years)), align="center")], "header"))
        rows.append(Row([c(f"{y}年", align="center") for y in years] or [c()], "header"))
        for side, block in blocks:
            for k, cells in enumerate(block):
                lead = [c(side, rowspan=len(block), align="center")] if k == 0 else []
                rows.append(Row(lead + cells))
    rows.append(Row([c("部门职能概述", align="center"), c(numbered(dept.duties), colspan=6)]))
    if dept.tasks:
        rows.append(Row([c("年度工作任务", align="center"), c(numbered([t.content for t in dept.tasks], "{n}、"), colspan=6)]))
    head = Table("dept_head", model.title, [30, 22, 60, 30, 30, 32, 32], [], rows, landscape=True)
    tables = [head]
    order = levels(model, fw)
    if dept.long_term is not None:
        until = f"（{dept.long_term.until}年）" if dept.long_term.until else "（截止年）"
        goal = Table("dept_lt_goal", "", [40, 160], [], [Row([c(f"长期目标{until}", align="center"), c(dept.long_term.goal)])], landscape=True)
        tables.append(goal)
        header = [[c(h, align="center") for h in ("一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "指标分类")]]

        def lt_cols(ind):
            return [c(clean(ind.name)), c(value(ind, fw), align="center"), c(ind.basis, align="center"), c(ind.category, align="center")]

        tables.append(Table("dept_lt", "长期绩效指标", [24, 34, 70, 30, 30, 30], header, _merged_rows(ordered(dept.long_term.indicators, order), order, lt_cols, 4), landscape=True))
    tables.append(Table("dept_goal", "", [40, 160], [], [Row([c("年度目标", align="center"), c(dept.goal)])], landscape=True))
    years = [model.year - 2, model.year - 1] if model.year else sorted({y for i in dept.indicators for y in i.history})
    header = [
        [c("一级指标", rowspan=2, align="center"), c("二级指标", rowspan=2, align="center"), c("三级指标", rowspan=2, align="center"),
         c("近两年指标值", colspan=len(years), align="center"), c("预期当年实现值", rowspan=2, align="center"),
         c("指标值确定依据", rowspan=2, align="center"), c("指标分类", rowspan=2, align="center")],
        [c(f"{y}年", align="center") for y in years],
    ]

    def cols(ind):
        return [c(clean(ind.name)), *[c(ind.history.get(y, ""), align="center") for y in years], c(value(ind, fw), align="center"),
                c(ind.basis, align="center"), c(ind.category, align="center")]

    tables.append(Table("dept_year", "年度绩效指标", [22, 30, 60, 22, 22, 24, 26, 24], header, _merged_rows(ordered(dept.indicators, order), order, cols, 3 + len(years)), landscape=True))
    return tables


# A framework's form is one of these layouts (profiles/targets.yaml: layout).
LAYOUTS = {"half_year": jiangsu_tables, "declaration": hubei_tables}


def build_tables(model) -> list[Table]:
    fw = framework_of(model)
    return LAYOUTS[fw["layout"]](model, fw)


# -- document ------------------------------------------------------------------------------------


def _paragraph(document, text: str, font: str, size: float, *, align=WD_ALIGN_PARAGRAPH.CENTER, bold: bool = False, after: float = 0):
    p = document.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.space_after = Pt(after)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    docx_xml.set_fonts(run._r, font)
    return p


def render_document(model, *, draft: bool = False):
    tables = build_tables(model)
    landscape = any(t.landscape for t in tables)
    document = new_document()
    section = document.sections[0]
    if landscape:
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(25), Mm(22), Mm(30), Mm(30)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(30), Mm(28), Mm(25), Mm(25)
    for p in list(document.paragraphs):
        p._p.getparent().remove(p._p)
    if draft:
        _paragraph(document, "【草稿】本稿含未通过检查的数据，仅供内部核对，不得公开。", "黑体", 14, after=6)
    _paragraph(document, model.title or "部门整体绩效目标表", "方正小标宋简体", 20, after=4)
    dept = model.department
    if framework_of(model)["layout"] == "declaration":
        date = dept.filed.date if dept.filed and dept.filed.date else None
        line = f"填报日期：{date.year}年{date.month:02d}月{date.day:02d}日" if date else "填报日期："
        p = _paragraph(document, line, "仿宋_GB2312", 12, align=WD_ALIGN_PARAGRAPH.LEFT)
        run = p.add_run("\t单位：万元")
        run.font.size = Pt(12)
        docx_xml.set_fonts(run._r, "仿宋_GB2312")
        p.paragraph_format.tab_stops.add_tab_stop(Mm(236), WD_TAB_ALIGNMENT.RIGHT)
    else:
        _paragraph(document, f"{model.year}年度" if model.year else "", "楷体_GB2312", 16, after=4)
    for table in tables:
        if table.title and table.key not in ("dept_head",):
            _paragraph(document, table.title, "黑体", 12, align=WD_ALIGN_PARAGRAPH.LEFT, after=2)
        size = 9 if table.width <= 6 else 8
        draw(document, table, size)
        _paragraph(document, "", "仿宋_GB2312", 6)
    return document


def render_bytes(model, *, draft: bool = False) -> bytes:
    from ..determinism import document_time, docx_bytes

    document = render_document(model, draft=draft)
    return docx_bytes(document, document_time(model.year))
