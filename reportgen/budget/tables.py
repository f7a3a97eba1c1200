"""第三部分 部门预算表: the 14 tables of seed 002 as data (``reportgen.tables.Table``).

Function codes are split into 类 | 款 | 项 columns followed by 单位代码 and 单位名称（科目）;
function tables list 项 rows only, under a 合计 row, a department row and one row per unit.
Economic tables print a 类 subtotal row before its 款 rows. Zero cells are blank. 表2-1's 34
amount columns are printed as three landscape parts (当年 / 中央提前通知 / 上年结转).
"""

from __future__ import annotations

from decimal import Decimal

from ..glossary import chinese_number
from ..tables import Cell, Row, Table
from .accounts import CARRY_SOURCES, CURRENT_SOURCES, INCOME_KEYS, BudgetAccounts, total
from .model import FUNDS, ZERO


def c(text: str = "", **kw) -> Cell:
    return Cell(text=text, **kw)


def v(value: Decimal | None) -> Cell:
    return Cell(value=value if value is not None else ZERO)


def split(code: str) -> list[Cell]:
    """201 | 03 | 01 (a 项), 301 | 01 (a 款); blanks for the rest."""
    parts = [code[:3], code[3:5], code[5:7]]
    return [c(p, align="center") for p in parts]


CODE_HEAD = ["类", "款", "项"]


def _code_header(extra: list[list[Cell]], levels: int = 3, unit_label: str = "单位代码", depth: int = 2) -> list[list[Cell]]:
    """Header rows: 科目编码 (类 款 [项]) | 单位代码 | 单位名称（科目） | extra (already shaped)."""
    first = [c("科目编码", colspan=levels, align="center"), c(unit_label, rowspan=depth, align="center"), c("单位名称（科目）", rowspan=depth, align="center")]
    second = [c(h, align="center") for h in CODE_HEAD[:levels]]
    rows = [first + extra[0], second + (extra[1] if len(extra) > 1 else [])]
    rows += extra[2:]
    return rows


def _head_cols(labels: list[str], depth: int) -> list[list[Cell]]:
    return [[c(label, rowspan=depth, align="center") for label in labels]] + [[] for _ in range(depth - 1)]


def _lead_rows(acc: BudgetAccounts, values_total: list[Decimal], per_unit, blanks: int) -> list[Row]:
    """合计, department and unit rows (their first ``blanks`` cells are the code columns)."""
    m = acc.model
    rows = [Row([c("合    计", colspan=blanks + 2, align="center"), *map(v, values_total)], "total")]
    rows.append(Row([*([c()] * blanks), c(m.unit.code, align="center"), c(m.unit.name), *map(v, values_total)], "class"))
    for unit in acc.units_with_rows():
        rows.append(Row([*([c()] * blanks), c(unit.code, align="center"), c(unit.name), *map(v, per_unit(unit.code))], "class"))
    return rows


def table1(acc: BudgetAccounts) -> Table:
    m = acc.model
    labels = acc.profile.income_sources
    income = [(labels[k], acc.income_current(k)) for k in ("general_budget", "gov_fund", "state_capital", "business", "operating", "other")]
    income += [(labels[k], acc.income_current(k)) for k in ("superior_subsidy", "affiliated") if acc.income_current(k)]
    income = [(f"{chinese_number(i)}、{label}", value) for i, (label, value) in enumerate(income, 1)]
    classes = acc.by_class()
    spend = [(f"{chinese_number(i)}、{name}", classes.get(code, ZERO) if code else ZERO) for i, (code, name) in enumerate(acc.profile.table1_classes, 1)]
    n = len(spend)
    rows = []
    for i in range(max(len(income), n)):
        left = income[i] if i < len(income) else ("", None)
        right = spend[i] if i < n else ("", None)
        rows.append(Row([c(left[0]), v(left[1]) if left[1] is not None else c(), c(right[0]), v(right[1]) if right[1] is not None else c()]))
    k = len(income)
    rows.append(Row([c("本年收入合计", align="center"), v(acc.current_income), c("本年支出合计", align="center"), v(acc.current_spending)], "total"))
    b = m.balances
    rows.append(Row([c(f"{chinese_number(k + 1)}、用事业基金弥补收支差额"), v(acc.business_fund_used), c(f"{chinese_number(n + 1)}、事业单位结余分配"), v(b.balance_distribution)]))
    rows.append(Row([c(f"{chinese_number(k + 2)}、上年结转"), v(acc.carryover()), c("    其中：转入事业基金"), v(b.to_business_fund)]))
    rows.append(Row([c(), c(), c(f"{chinese_number(n + 2)}、结转下年"), v(acc.carry_to_next)]))
    rows.append(Row([c("收入总计", align="center"), v(acc.income_total), c("支出总计", align="center"), v(acc.spending_total)], "total"))
    header = [
        [c("收    入", colspan=2, align="center"), c("支    出", colspan=2, align="center")],
        [c("项    目", align="center"), c("预算数", align="center"), c("项    目", align="center"), c("预算数", align="center")],
    ]
    return Table("t1", "部门收支总表", [62, 25, 62, 25], header, rows)


def table1_1(acc: BudgetAccounts) -> Table:
    labels = acc.profile.income_sources
    keys = ["carryover", "general_budget", "gov_fund", "state_capital", "business", "operating", "other", "superior_subsidy", "affiliated", "business_fund_used"]
    heads = ["合计"] + [labels[k] for k in keys]

    def values(rows) -> list[Decimal]:
        out = []
        for k in keys:
            if k == "carryover":
                out.append(total(sum(r.carryover.model_dump().values(), ZERO) for r in rows))
            elif k == "business_fund_used":
                out.append(total(r.business_fund_used for r in rows))
            else:
                out.append(total(getattr(r.current, k) for r in rows))
        return [total(out), *out]

    incomes = acc.model.income
    rows = _lead_rows(acc, values(incomes), lambda code: values([r for r in incomes if r.unit == code]), 0)
    header = [[c("单位代码", align="center"), c("单位名称（科目）", align="center"), *[c(h, align="center") for h in heads]]]
    return Table("t1_1", "部门收入总表", [15, 36] + [(237 - 51) / len(heads)] * len(heads), header, rows, landscape=True)


def _function_rows(acc: BudgetAccounts, rows_of, value_cols) -> list[Row]:
    out = []
    for unit in acc.units_with_rows():
        for f in rows_of(unit.code):
            out.append(Row([*split(f.code), c(f.unit, align="center"), c(f.name), *map(v, value_cols(f))]))
    return out


def _function_table(acc, key, title, heads, value_cols, keep, widths, landscape=False, group=None) -> Table:
    fs = [f for f in acc.functions if keep(f)]
    sums = [total(col) for col in zip(*(value_cols(f) for f in fs), strict=True)] if fs else [ZERO] * len(heads)
    rows = _lead_rows(acc, sums, lambda code: [total(col) for col in zip(*(value_cols(f) for f in fs if f.unit == code), strict=True)] if any(f.unit == code for f in fs) else [ZERO] * len(heads), 3)
    rows += _function_rows(acc, lambda code: [f for f in fs if f.unit == code], value_cols)
    if group:
        extra = [[c(group, colspan=len(heads), align="center")], [c(h, align="center") for h in heads]]
        header = _code_header(extra)
        header[0][3:3] = []
    else:
        header = _code_header([[c(h, rowspan=2, align="center") for h in heads], []])
    name = (156 if not landscape else 237) - 11 - 8 - 8 - 17 - sum(widths)
    return Table(key, title, [11, 8, 8, 17, name, *widths], header, rows, landscape=landscape)


def table1_2(acc: BudgetAccounts) -> Table:
    kinds = ("basic", "project", "to_superior", "to_affiliated")
    heads = ["合计", "基本支出", "项目支出", "上缴上级支出", "对附属单位补助支出"]
    return _function_table(
        acc, "t1_2", "部门支出总表", heads, lambda f: [f.total, *(f.spending(k) for k in kinds)], lambda f: f.total,
        [26] * 5, landscape=True,
    )


def table2(acc: BudgetAccounts) -> Table:
    labels = acc.profile.income_sources
    left = [("一、本年收入", acc.fiscal_current_income, "total")]
    left += [(f"    {labels[f]}", acc.fiscal_income(f), "item") for f in FUNDS]
    left += [("二、上年结转", acc.fiscal_carryover, "total")]
    left += [(f"    {labels[f]}", acc.carryover(f), "item") for f in FUNDS]
    omit = set(acc.profile.table2_omit)
    fund_by_class = {f: acc.by_class(lambda x, f=f: x.fund(f)) for f in FUNDS}
    right = [("一、本年支出", [acc.fiscal_spending, *(acc.fund_spending(f) for f in FUNDS)])]
    for code, name in acc.profile.table1_classes:
        if code in omit:
            continue
        values = [fund_by_class[f].get(code, ZERO) if code else ZERO for f in FUNDS]
        right.append((f"    {name}", [total(values), *values]))
    carry = acc.model.balances.carry_to_next
    right.append(("二、结转下年", [carry.general_budget + carry.gov_fund + carry.state_capital, carry.general_budget, carry.gov_fund, carry.state_capital]))
    rows = []
    for i in range(max(len(left), len(right))):
        lc = [c(left[i][0]), v(left[i][1])] if i < len(left) else [c(), c()]
        rc = [c(right[i][0]), *map(v, right[i][1])] if i < len(right) else [c()] * 5
        rows.append(Row(lc + rc))
    rows.append(Row([c("收入总计", align="center"), v(acc.fiscal_total), c("支出总计", align="center"), *map(v, [acc.fiscal_spending + carry.general_budget + carry.gov_fund + carry.state_capital, *(acc.fund_spending(f) + getattr(carry, f) for f in FUNDS)])], "total"))
    header = [
        [c("收    入", colspan=2, align="center"), c("支    出", colspan=5, align="center")],
        [c("项    目", align="center"), c("预算数", align="center"), c("项    目", align="center"), c("合计", align="center"), c("一般公共预算", align="center"), c("政府性基金预算", align="center"), c("国有资本经营预算", align="center")],
    ]
    return Table("t2", "财政拨款收支预算总表", [30, 19, 33, 19, 19, 18, 18], header, rows)


BLOCKS = {
    "current": ("当年财政拨款安排", ("current",), FUNDS),
    "advance_transfer": ("中央提前通知专项转移支付等", ("advance_transfer",), FUNDS),
    "carryover": ("上年结转安排", ("carryover", "returned_quota"), FUNDS),
}
FUND_HEAD = {"general_budget": "一般公共预算拨款", "gov_fund": "政府性基金安排", "state_capital": "国有资本经营预算安排"}


def _econ_rows(acc: BudgetAccounts, items, value_cols, third=lambda e: e.unit) -> list[Row]:
    """Per unit: 类 subtotal rows, then their 款 rows (codes split 类 | 款)."""
    rows = []
    for unit in acc.units_with_rows():
        mine = [e for e in items if e.unit == unit.code]
        for cls in sorted({e.code[:3] for e in mine}):
            members = [e for e in mine if e.code[:3] == cls]
            sums = [total(col) for col in zip(*(value_cols(e) for e in members), strict=True)]
            rows.append(Row([c(cls, align="center"), c(), c(), c(acc.economic_name(cls)), *map(v, sums)], "class"))
            for e in members:
                rows.append(Row([c(cls, align="center"), c(e.code[3:], align="center"), c(third(e), align="center"), c("  " + acc.economic_name(e.code, e.name)), *map(v, value_cols(e))]))
    return rows


def _econ_lead(acc, items, value_cols, n) -> list[Row]:
    sums = [total(col) for col in zip(*(value_cols(e) for e in items), strict=True)] if items else [ZERO] * n

    def per_unit(code):
        mine = [e for e in items if e.unit == code]
        return [total(col) for col in zip(*(value_cols(e) for e in mine), strict=True)] if mine else [ZERO] * n

    return _lead_rows(acc, sums, per_unit, 2)


def table2_1(acc: BudgetAccounts) -> list[Table]:
    """Three landscape parts: 当年 (with 总计), 中央提前通知, 上年结转 (with 上年应返还额度结转)."""
    items = [e for e in acc.model.economic if e.fiscal()]
    items.sort(key=lambda e: (e.unit, e.code))
    parts = []
    for n, (key, (label, sources, funds)) in enumerate(BLOCKS.items()):
        groups = [(FUND_HEAD[f], (sources, f)) for f in funds]
        if key == "carryover":
            groups = [(FUND_HEAD[f], (("carryover",), f)) for f in funds] + [("上年应返还额度结转", (("returned_quota",), "general_budget"))]

        def cols(e, groups=groups, sources=sources, first=(n == 0), key=key):
            out = [e.fiscal()] if first else []
            out.append(total(e.fund(f, None, sources) for f in FUNDS) if key != "carryover" else total(e.fund(f, None, CARRY_SOURCES) for f in FUNDS))
            for _, (srcs, fund) in groups:
                out += [e.fund(fund, None, srcs), e.fund(fund, "basic", srcs), e.fund(fund, "project", srcs)]
            return out

        count = len(cols(items[0])) if items else (1 if n == 0 else 0) + 1 + 3 * len(groups)
        head1 = ([c("总计", rowspan=3, align="center")] if n == 0 else []) + [c(label, colspan=1 + 3 * len(groups), align="center")]
        head2 = [c("合计", rowspan=2, align="center")] + [c(g, colspan=3, align="center") for g, _ in groups]
        head3 = [c(t, align="center") for _ in groups for t in ("小计", "基本支出", "项目支出")]
        header = [
            [c("科目编码", colspan=2, align="center"), c("单位代码", rowspan=3, align="center"), c("单位名称（科目）", rowspan=3, align="center"), *head1],
            [c("类", rowspan=2, align="center"), c("款", rowspan=2, align="center"), *head2],
            head3,
        ]
        rows = _econ_lead(acc, items, cols, count) + _econ_rows(acc, items, cols)
        width = (237 - 10 - 7 - 13 - 30) / count
        title = "财政拨款支出预算表（部门经济分类科目）" + ("" if n == 0 else "（续）")
        parts.append(Table("t2_1" if n == 0 else f"t2_1_{n}", title, [10, 7, 13, 30] + [width] * count, header, rows, landscape=True))
    return parts


def table3(acc: BudgetAccounts) -> Table:
    return _function_table(
        acc, "t3", "一般公共预算支出预算表", ["合计", "当年财政拨款安排", "上年结转安排"],
        lambda f: [f.fund("general_budget"), f.fund("general_budget", None, CURRENT_SOURCES), f.fund("general_budget", None, CARRY_SOURCES)],
        lambda f: f.fund("general_budget"), [20, 22, 20],
    )


def table3_1(acc: BudgetAccounts) -> Table:
    items = acc.gb_basic_items()

    def cols(e):
        value = acc.econ_basic(e)
        personnel = e.code[:3] in ("301", "303")
        return [value, value if personnel else ZERO, ZERO if personnel else value]

    rows = _econ_lead(acc, items, cols, 3) + _econ_rows(acc, items, cols, third=lambda e: e.code)
    header = [
        [c("科目编码", colspan=2, align="center"), c("单位代码", rowspan=2, align="center"), c("单位名称（科目）", rowspan=2, align="center"), c("合计", rowspan=2, align="center"), c("人员经费", rowspan=2, align="center"), c("公用经费", rowspan=2, align="center")],
        [c("类", align="center"), c("款", align="center")],
    ]
    return Table("t3_1", "一般公共预算基本支出预算表", [11, 8, 16, 55, 22, 22, 22], header, rows)


def table3_2(acc: BudgetAccounts) -> Table:
    projects = acc.gb_projects
    by_unit = lambda code: [total(p.amount for p in projects if p.unit == code)]  # noqa: E731
    rows = _lead_rows(acc, [acc.projects_total], by_unit, 3)
    names = {f.code: f.name for f in acc.model.functions}
    for unit in acc.units_with_rows():
        mine = [p for p in projects if p.unit == unit.code]
        for code in sorted({p.function for p in mine}):
            members = [p for p in mine if p.function == code]
            rows.append(Row([c(), c(), c(), c(), c(names.get(code, code)), v(total(p.amount for p in members))], "class"))
            rows += [Row([*split(code), c(p.unit, align="center"), c("  " + p.name), v(p.amount)]) for p in members]
    header = [
        [c("科目编码", colspan=3, align="center"), c("单位代码", rowspan=2, align="center"), c("单位名称（科目）", rowspan=2, align="center"), c("金额", rowspan=2, align="center")],
        [c(h, align="center") for h in CODE_HEAD],
    ]
    return Table("t3_2", "一般公共预算项目支出预算表", [11, 8, 8, 17, 87, 25], header, rows)


def _three_public(acc: BudgetAccounts, key: str, title: str, fund: str) -> Table:
    def figures(code: str | None):
        econ = [e for e in acc.model.economic if code is None or e.unit == code]
        from .accounts import THREE_PUBLIC_CODES

        def item(name):
            return total(e.fund(fund) for e in econ if e.code in THREE_PUBLIC_CODES[name])

        purchase, operation = item("vehicle_purchase"), item("vehicle_operation")
        outbound, reception = item("outbound"), item("reception")
        return [outbound + purchase + operation + reception, outbound, purchase + operation, purchase, operation, reception]

    econ = [e for e in acc.model.economic if e.code in ("30212", "30217", "30231", "30913", "31013") and e.fund(fund)]
    current = any(e.fund(fund, None, CURRENT_SOURCES) for e in econ)
    carried = any(e.fund(fund, None, CARRY_SOURCES) for e in econ)
    label = "上年结转安排" if carried and not current else ("财政拨款预算安排" if carried else "当年财政拨款预算安排")
    m = acc.model
    rows = [Row([c("合    计", colspan=2, align="center"), *map(v, figures(None))], "total")]
    rows.append(Row([c(m.unit.code, align="center"), c(m.unit.name), *map(v, figures(None))], "class"))
    for unit in acc.units_with_rows():
        rows.append(Row([c(unit.code, align="center"), c(unit.name), *map(v, figures(unit.code))]))
    header = [
        [c("单位编码", rowspan=3, align="center"), c("单位名称（科目）", rowspan=3, align="center"), c(label, colspan=6, align="center")],
        [c("合计", rowspan=2, align="center"), c("因公出国（境）费用", rowspan=2, align="center"), c("公务用车购置及运行费", colspan=3, align="center"), c("公务接待费", rowspan=2, align="center")],
        [c("小计", align="center"), c("公务用车购置费", align="center"), c("公务用车运行费", align="center")],
    ]
    return Table(key, title, [18, 55, 26, 26, 26, 26, 26, 26], header, rows, landscape=True)


def table4(acc: BudgetAccounts, fund: str = "gov_fund") -> Table:
    key, title, head = ("t4", "政府性基金预算支出表", "本年政府性基金预算支出") if fund == "gov_fund" else ("t5", "国有资本经营预算支出表", "本年国有资本经营预算支出")
    return _function_table(
        acc, key, title, ["合计", "基本支出", "项目支出"],
        lambda f: [f.fund(fund), f.fund(fund, "basic"), f.fund(fund, "project")], lambda f: f.fund(fund), [20, 20, 20], group=head,
    )


def build_tables(acc: BudgetAccounts) -> dict[str, list[Table]]:
    """Tables by key (表2-1 has three parts), titles from the profile or presentation.table_titles."""
    titles = {t.key: acc.model.presentation.table_titles.get(t.key, t.title) for t in acc.profile.tables}
    landscapes = {t.key: t.landscape for t in acc.profile.tables}
    out = {
        "t1": [table1(acc)], "t1_1": [table1_1(acc)], "t1_2": [table1_2(acc)], "t2": [table2(acc)], "t2_1": table2_1(acc),
        "t3": [table3(acc)], "t3_1": [table3_1(acc)], "t3_2": [table3_2(acc)],
        "t3_3": [_three_public(acc, "t3_3", "", "general_budget")], "t4": [table4(acc)],
        "t4_1": [_three_public(acc, "t4_1", "", "gov_fund")], "t5": [table4(acc, "state_capital")],
    }
    if acc.targets is not None:
        from .targets import table6, table7

        out["t6"] = [table6(acc, acc.targets)]
        if acc.targets.model.department is not None:
            out["t7"] = [table7(acc, acc.targets)]
    for key, tables in out.items():
        for i, t in enumerate(tables):
            if key in ("t6", "t7"):
                t.title = f"{titles[key]}（{acc.year}年度）"
            else:
                t.title = titles[key] + ("" if i == 0 else "（续）")
            t.landscape = landscapes[key]
    return out


__all__ = ["INCOME_KEYS", "build_tables"]
