"""One builder per public table: ``Accounts`` in, ``Table`` out (layout of the MOF template)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import glossary
from ..accounts import Accounts, FunctionRow
from ..glossary import chinese_number
from ..money import ZERO
from . import Cell, Row, Table

PORTRAIT_MM = 156.0  # A4 portrait text width (210 − 28 − 26)
LANDSCAPE_MM = 237.0  # A4 landscape text width (297 − 30 − 30)


def _widths(total: float, fixed: list[float], flexible: int) -> list[float]:
    """``fixed`` leading widths, then ``flexible`` equal columns filling ``total``."""
    rest = (total - sum(fixed)) / flexible  # float-ok: layout millimetres, not money
    return [*fixed, *([rest] * flexible)]


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align="center")


def _v(value: Decimal) -> Cell:
    return Cell(value=value)


MISSING_CELL = "未填报"  # a figure not given (model.Figure): never a blank, which these tables read as 0


def _figure(value: Decimal | None) -> Cell:
    """A cell of a figure that may not be given: its amount, or 未填报 (a finding says which)."""
    return Cell(MISSING_CELL, align="center") if value is None else Cell(value=value)


def _label(text: str, align: str = "left", colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, align=align)


def _function_rows(rows: list[FunctionRow], values: Callable[[FunctionRow], list[Decimal]]) -> list[Row]:
    return [
        Row([_label(row.code), _label(row.name), *(_v(v) for v in values(row))], kind={"类": "class", "款": "section", "项": "item"}[row.level])
        for row in rows
    ]


def _total_row(label: str, values: list[Decimal]) -> Row:
    return Row([_label(label, "center", colspan=2), *(_v(v) for v in values)], kind="total")


def _function_header(columns: list[str]) -> list[list[Cell]]:
    return [
        [_h("项目", colspan=2), *(_h(name, rowspan=2) for name in columns)],
        [_h("功能分类科目编码"), _h("科目名称")],
    ]


def _class_list(acc: Accounts) -> list[tuple[str, str]]:
    """The standard 类 list of the 总表 (plus any class the unit uses that it lacks)."""
    codes = dict(glossary.FUNCTION_CLASSES)
    for row in acc.classes:
        codes.setdefault(row.code, row.name)
    return sorted(codes.items())


def _pad(left: list[Row | None], right: list[Row | None]) -> list[tuple[Row | None, Row | None]]:
    size = max(len(left), len(right))
    return list(zip(left + [None] * (size - len(left)), right + [None] * (size - len(right)), strict=True))


# -- 表1 收入支出决算总表 ------------------------------------------------------------------
def income_expenditure_total(acc: Accounts) -> Table:
    b = acc.model.balances
    income = [
        [_label(f"{chinese_number(i)}、{name}"), _v(acc.income[key])]
        for i, (key, name) in enumerate(glossary.INCOME_SOURCES.items(), start=1)
    ]
    spending = []
    for i, (code, name) in enumerate(_class_list(acc), start=1):
        spending.append([_label(f"{chinese_number(i)}、{name}"), _v(acc.overview_class(code))])
    rows = []
    size = max(len(income), len(spending))
    blank = [_label(""), _label("")]
    for i in range(size):
        left = income[i] if i < len(income) else blank
        right = spending[i] if i < len(spending) else blank
        rows.append(Row([*left, *right]))
    closing = [
        ("本年收入合计", acc.income_total, "本年支出合计", acc.spending_total, "total"),
        ("使用非财政拨款结余", b.non_fiscal_balance_used, "结余分配", b.balance_distribution, "item"),
        ("年初结转和结余", b.carry_begin, "年末结转和结余", b.carry_end, "item"),
        ("总计", acc.total_income_side, "总计", acc.total_spending_side, "total"),
    ]
    for left, lv, right, rv, kind in closing:
        align = "center" if kind == "total" else "left"
        rows.append(Row([_label(left, align), _v(lv), _label(right, align), _v(rv)], kind=kind))
    return Table(
        "income_expenditure_total",
        "收入支出决算总表",
        [52, 26, 52, 26],
        [[_h("收入", colspan=2), _h("支出", colspan=2)], [_h("项目"), _h("决算数"), _h("项目"), _h("决算数")]],
        rows,
        footnote="注：本表反映部门本年度的总收支和年末结转结余情况。",
    )


# -- 表2 收入决算表 ------------------------------------------------------------------------
INCOME_COLUMNS = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]


def _income_values(income: dict[str, Decimal], total: Decimal | None = None) -> list[Decimal]:
    """本年收入合计 (as printed, else the sum), 财政拨款收入, then the other sources."""
    fiscal = sum((income[k] for k in glossary.FISCAL_FUNDS), ZERO)
    others = [income[k] for k in ("superior_subsidy", "business", "operating", "affiliated", "other")]
    return [fiscal + sum(others, ZERO) if total is None else total, fiscal, *others]


def _printed_total_row(acc: Accounts, part: str, keys: tuple[str, ...], derived: dict[str, Decimal]):
    """A table's 合计 row: as the input prints it (``totals``), else ``derived``; and its 合计 column."""
    given = getattr(acc.model.totals, part)
    if given is None:
        return derived, None
    return {key: getattr(given, key) for key in keys}, given.total


def income(acc: Accounts) -> Table:
    values, total = _printed_total_row(acc, "income", tuple(glossary.INCOME_SOURCES), acc.income)
    rows = [_total_row("合计", _income_values(values, total))]
    rows += _function_rows(acc.rows, lambda r: _income_values(r.income, r.printed_income_total))
    return Table(
        "income",
        "收入决算表",
        _widths(LANDSCAPE_MM, [24, 55], 7),
        _function_header(INCOME_COLUMNS),
        rows,
        landscape=True,
        footnote="注：本表反映部门本年度取得的各项收入情况。",
    )


# -- 表3 支出决算表 ------------------------------------------------------------------------
EXPENDITURE_COLUMNS = ["本年支出合计", *glossary.SPENDING_TYPES.values()]


def _spending_values(spending: dict[str, Decimal], total: Decimal | None = None) -> list[Decimal]:
    parts = [spending[k] for k in glossary.SPENDING_TYPES]
    return [sum(parts, ZERO) if total is None else total, *parts]


def expenditure(acc: Accounts) -> Table:
    values, total = _printed_total_row(acc, "spending", tuple(glossary.SPENDING_TYPES), acc.spending)
    rows = [_total_row("合计", _spending_values(values, total))]
    rows += _function_rows(acc.rows, lambda r: _spending_values(r.spending, r.printed_spending_total))
    return Table(
        "expenditure",
        "支出决算表",
        _widths(LANDSCAPE_MM, [24, 61], 6),
        _function_header(EXPENDITURE_COLUMNS),
        rows,
        landscape=True,
        footnote="注：本表反映部门本年度各项支出情况。",
    )


# -- 表4 财政拨款收入支出决算总表 ----------------------------------------------------------
def fiscal_total(acc: Accounts) -> Table:
    funds = list(glossary.FISCAL_FUNDS)
    begin, end = acc.model.fiscal_carry.begin, acc.model.fiscal_carry.end

    printed = acc.model.totals.fiscal  # 表4 as the input prints it, where it does
    income = printed.income if printed is not None and printed.income is not None else None
    left = [[_label(f"{chinese_number(i)}、{name}"), _v(getattr(income, key) if income else acc.fiscal_income[key])]
            for i, (key, name) in enumerate(glossary.FISCAL_FUNDS.items(), start=1)]
    right = [
        [_label(f"{chinese_number(i)}、{name}"), *(_v(v) for v in acc.fiscal_class(code))]
        for i, (code, name) in enumerate(_class_list(acc), start=1)
    ]
    rows = []
    for i in range(max(len(left), len(right))):
        lcells = left[i] if i < len(left) else [_label(""), _label("")]
        rcells = right[i] if i < len(right) else [_label("")] + [_label("")] * 4
        rows.append(Row([*lcells, *rcells]))
    spending = printed.spending if printed is not None else None
    spending_by_fund = [getattr(spending, f) if spending else acc.fiscal_spending(f) for f in funds]
    end_by_fund = [getattr(end, f) for f in funds]
    rows.append(Row([_label("本年收入合计", "center"), _v(acc.fiscal_income_total), _label("本年支出合计", "center"),
                     _v(acc.fiscal_spending_total), *(_v(v) for v in spending_by_fund)], kind="total"))
    rows.append(Row([_label("年初财政拨款结转和结余"), _v(acc.fiscal_carry_begin_total), _label("年末财政拨款结转和结余"),
                     _v(acc.fiscal_carry_end_total), *(_v(v) for v in end_by_fund)]))
    for i, (fund, name) in enumerate(glossary.FISCAL_FUNDS.items(), start=1):
        own = [_v(getattr(end, fund)) if f == fund else _label("") for f in funds]
        rows.append(Row([_label(f"{chinese_number(i)}、{name}"), _v(getattr(begin, fund)), _label(f"{chinese_number(i)}、{name}"),
                         _v(getattr(end, fund)), *own]))
    rows.append(Row([_label("总计", "center"), _v(acc.fiscal_total_income_side), _label("总计", "center"),
                     _v(acc.fiscal_total_spending_side), *(_v(s + e) for s, e in zip(spending_by_fund, end_by_fund, strict=True))], kind="total"))
    return Table(
        "fiscal_total",
        "财政拨款收入支出决算总表",
        [50, 27, 56, 26, 26, 26, 26],
        [
            [_h("收入", colspan=2), _h("支出", colspan=5)],
            [_h("项目", rowspan=2), _h("决算数", rowspan=2), _h("项目", rowspan=2), _h("决算数", colspan=4)],
            [_h("合计"), *(_h(name) for name in glossary.FISCAL_FUNDS.values())],
        ],
        rows,
        landscape=True,
        footnote="注：本表反映部门本年度财政拨款总收支和年末结转结余情况。",
    )


# -- 表5 一般公共预算财政拨款支出决算表 ----------------------------------------------------
def general_budget(acc: Accounts) -> Table:
    used = [row for row in acc.rows if row.gb_total or row.gb_initial_budget]
    rows = _function_rows(used, lambda r: [r.gb_total, r.gb_basic, r.gb_project])
    rows.append(_total_row("合计", [acc.general_budget_total, acc.general_budget_basic, acc.general_budget_project]))
    return Table(
        "general_budget",
        "一般公共预算财政拨款支出决算表",
        _widths(PORTRAIT_MM, [22, 56], 3),
        _function_header(["合计", "基本支出", "项目支出"]),
        rows,
        footnote="注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    )


# -- 表6 一般公共预算财政拨款基本支出决算（明细）表 ------------------------------------------
def _economic_column(acc: Accounts, groups: tuple[str, ...]) -> list[list[Cell]]:
    amounts: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for line in [*acc.personnel, *acc.public]:
        amounts[line.code] = amounts.get(line.code, ZERO) + line.amount
        names[line.code] = line.name
    out = []
    for group in groups:
        codes = [c for c in glossary.ECONOMIC_CLASSES if len(c) == 5 and c.startswith(group)]
        codes += sorted(c for c in amounts if c.startswith(group) and c not in codes)
        codes.sort()
        group_total = sum((amounts.get(c, ZERO) for c in codes), ZERO)
        out.append([_label(group), _label(glossary.ECONOMIC_CLASSES[group]), _v(group_total)])
        for code in codes:
            name = glossary.ECONOMIC_CLASSES.get(code) or names.get(code, code)
            out.append([_label(code), _label("　" + name), _v(amounts.get(code, ZERO))])
    return out


def general_budget_basic(acc: Accounts) -> Table:
    left = _economic_column(acc, glossary.PERSONNEL_GROUPS)
    right = _economic_column(acc, glossary.PUBLIC_GROUPS)
    blank = [_label(""), _label(""), _label("")]
    rows = [
        Row([*(left[i] if i < len(left) else blank), *(right[i] if i < len(right) else blank)])
        for i in range(max(len(left), len(right)))
    ]
    rows.append(Row([_label("人员经费合计", "center", colspan=2), _v(acc.personnel_total),
                     _label("公用经费合计", "center", colspan=2), _v(acc.public_total)], kind="total"))
    return Table(
        "general_budget_basic",
        "一般公共预算财政拨款基本支出决算明细表",
        [14, 45, 19, 14, 45, 19],
        [
            [_h("人员经费", colspan=3), _h("公用经费", colspan=3)],
            [_h("经济分类科目编码"), _h("科目名称"), _h("决算数"), _h("经济分类科目编码"), _h("科目名称"), _h("决算数")],
        ],
        rows,
        footnote="注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    )


# -- 表7/表8 政府性基金、国有资本经营预算财政拨款 -------------------------------------------
def _fund_table(acc: Accounts, key: str, title: str, fund: str, what: str) -> Table:
    def values(figures) -> list[Decimal]:
        return [figures.carry_begin, figures.income, figures.spending, figures.basic, figures.project, figures.carry_end]

    total = getattr(acc, fund)
    used = [row for row in acc.rows if not getattr(row, fund).is_empty]
    rows = [_total_row("合计", values(total))]
    rows += _function_rows(used, lambda r: values(getattr(r, fund)))
    if not used:
        rows.append(Row([_label("")] * 8, kind="blank"))
    return Table(
        key,
        title,
        _widths(LANDSCAPE_MM, [24, 61], 6),
        [
            [_h("项目", colspan=2), _h("年初结转和结余", rowspan=2), _h("本年收入", rowspan=2), _h("本年支出", colspan=3),
             _h("年末结转和结余", rowspan=2)],
            [_h("功能分类科目编码"), _h("科目名称"), _h("合计"), _h("基本支出"), _h("项目支出")],
        ],
        rows,
        landscape=True,
        footnote=f"注：本表反映部门本年度{what}及结转和结余情况。",
    )


def gov_fund(acc: Accounts) -> Table:
    return _fund_table(acc, "gov_fund", "政府性基金预算财政拨款收入支出决算表", "gov_fund", "政府性基金预算财政拨款收入支出")


def state_capital(acc: Accounts) -> Table:
    used = [row for row in acc.rows if row.state_capital.spending]
    rows = [_total_row("合计", [acc.state_capital.spending, acc.state_capital.basic, acc.state_capital.project])]
    rows += _function_rows(used, lambda r: [r.state_capital.spending, r.state_capital.basic, r.state_capital.project])
    if not used:
        rows.append(Row([_label("")] * 5, kind="blank"))
    return Table(
        "state_capital",
        "国有资本经营预算财政拨款支出决算表",
        _widths(PORTRAIT_MM, [22, 56], 3),
        _function_header(["本年支出合计", "基本支出", "项目支出"]),
        rows,
        footnote="注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
    )


# -- 表9 财政拨款“三公”经费支出决算表 ------------------------------------------------------
THREE_PUBLIC_COLUMNS = ("total", "outbound", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")


def three_public(acc: Accounts) -> Table:
    from .. import regions

    labels = {**regions.of(acc.model).labels, **acc.model.presentation.labels}  # the input's, else the region's
    t = {key: labels.get(f"three_public.{key}", name) for key, name in glossary.THREE_PUBLIC.items()}
    values = []
    for key in THREE_PUBLIC_COLUMNS:
        triple = acc.three_public[key]
        values += [_figure(triple.budget), _figure(triple.actual)]
    pair = [_h("预算数"), _h("决算数")]
    return Table(
        "three_public",
        "财政拨款“三公”经费支出决算表",
        [LANDSCAPE_MM / 12] * 12,  # float-ok: layout millimetres, not money
        [
            [_h("合计", colspan=2, rowspan=2), _h(t["outbound"], colspan=2, rowspan=2), _h(t["vehicle"], colspan=6),
             _h(t["reception"], colspan=2, rowspan=2)],
            [_h("小计", colspan=2), _h(t["vehicle_purchase"], colspan=2), _h(t["vehicle_operation"], colspan=2)],
            pair * 6,
        ],
        [Row(values, kind="total")],
        landscape=True,
        footnote="注：本表反映部门本年度“三公”经费支出预决算情况。",
    )


BUILDERS: dict[str, Callable[[Accounts], Table]] = {
    "income_expenditure_total": income_expenditure_total,
    "income": income,
    "expenditure": expenditure,
    "fiscal_total": fiscal_total,
    "general_budget": general_budget,
    "general_budget_basic": general_budget_basic,
    "gov_fund": gov_fund,
    "state_capital": state_capital,
    "three_public": three_public,
}


def build_tables(acc: Accounts) -> dict[str, Table]:
    """Every public table of ``acc``, by key (the order is the region's, see sections.part2)."""
    return {key: build(acc) for key, build in BUILDERS.items()}
