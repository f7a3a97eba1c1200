"""Checks of a budget input (勾稽关系, spec §A.5): the BUD-* identities.

The derived totals hold by construction; what can disagree is what the input states twice
(income and spending, 表3-2 projects and the 项 columns, 三公 cells and the economic 款, the
planned purchases) and, for a transcribed published report, the totals it printed (``printed``).
Messages show both sides and the difference, and point at the input line (file:line: path).
"""

from __future__ import annotations

from decimal import Decimal

from ..checks import CheckOptions, compare
from ..diagnostics import Issue, Severity
from ..loader import Document
from ..money import Amount
from .accounts import CARRY_SOURCES, CURRENT_SOURCES, BudgetAccounts, total
from .model import FUNDS

FUND_LABEL = {"general_budget": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算"}


def _printed(rule, label, printed, derived_label, derived, doc, path, options) -> list[Issue]:
    """A printed total against the sum of its rows (None: not transcribed)."""
    if printed is None:
        return []
    return compare(rule, f"{label}（印出）", printed, derived_label, derived, doc, path, options)


def check_table1(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """BUD-1.x 表1, BUD-2.x 表1-1 and BUD-3.x 表1-2 against their rows."""
    issues: list[Issue] = []
    p = acc.model.printed
    issues += compare("BUD-1.5", "收入总计", acc.income_total, "支出总计", acc.spending_total, doc, "balances", options)
    issues += _printed("BUD-1.1", "表1 本年收入合计", p.table1.current_income, "各收入项目之和", acc.current_income, doc, "printed.table1.current_income", options)
    issues += _printed("BUD-1.3", "表1 收入总计", p.table1.income_total, "本年收入合计+用事业基金弥补收支差额+上年结转", acc.income_total, doc, "printed.table1.income_total", options)
    issues += _printed("BUD-1.2", "表1 本年支出合计", p.table1.current_spending, "各类支出之和", acc.current_spending, doc, "printed.table1.current_spending", options)
    issues += _printed("BUD-1.4", "表1 支出总计", p.table1.spending_total, "本年支出合计+结余分配+结转下年", acc.spending_total, doc, "printed.table1.spending_total", options)
    classes = acc.by_class()
    for code, value in p.table1.classes.items():
        name = acc.class_names.get(code, code)
        issues += compare("BUD-3.3", f"表1 {code} {name}（印出）", value, "表1-2 该类各项之和", classes.get(code, Decimal(0)), doc, f"printed.table1.classes.{code}", options)
    t = p.table1_2
    issues += _printed("BUD-3.2", "表1-2 合计", t.total, "各项之和", acc.current_spending, doc, "printed.table1_2.total", options)
    issues += _printed("BUD-3.2", "表1-2 基本支出合计", t.basic, "各项基本支出之和", acc.spending_column("basic"), doc, "printed.table1_2.basic", options)
    issues += _printed("BUD-3.2", "表1-2 项目支出合计", t.project, "各项项目支出之和", acc.spending_column("project"), doc, "printed.table1_2.project", options)
    return issues


def check_fiscal(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """BUD-4.4 per fund: 本年收入 + 上年结转 = 本年支出 + 结转下年; BUD-6.3 / 2.3 income sides."""
    issues: list[Issue] = []
    carry_next = acc.model.balances.carry_to_next
    for fund in FUNDS:
        label = FUND_LABEL[fund]
        current_in = acc.fiscal_income(fund)
        current_out = total(f.fund(fund, None, CURRENT_SOURCES) for f in acc.model.functions)
        issues += compare(
            "BUD-4.4", f"{label}本年拨款收入", current_in, f"{label}当年拨款安排的支出+结转下年",
            current_out + getattr(carry_next, fund), doc, f"income[0].current.{fund}", options,
        )
        carry_in = acc.carryover(fund)
        carry_out = total(f.fund(fund, None, CARRY_SOURCES) for f in acc.model.functions)
        issues += compare(
            "BUD-4.4", f"{label}上年结转收入", carry_in, f"{label}上年结转安排的支出", carry_out,
            doc, f"income[0].carryover.{fund}", options,
        )
    p = acc.model.printed
    issues += _printed("BUD-6.2", "表3 合计", p.table3.total, "各项之和", total(f.fund("general_budget") for f in acc.model.functions), doc, "printed.table3.total", options)
    issues += _printed("BUD-10.1", "表4 合计", p.table4.total, "各项之和", acc.fund_spending("gov_fund"), doc, "printed.table4.total", options)
    issues += _printed("BUD-4.3", "表2 本年支出合计", p.table2.total, "各类支出之和", acc.fiscal_spending, doc, "printed.table2.total", options)
    return issues


def check_economic(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """BUD-5.4 / BUD-7.4: the economic 款 rows against the 项 rows, per fund and type;
    BUD-5.3 / 7.3 printed 类 rows against their 款."""
    issues: list[Issue] = []
    if not acc.model.economic:
        return issues
    for fund in FUNDS:
        for kind, kind_label in (("basic", "基本支出"), ("project", "项目支出")):
            by_function = acc.fund_spending(fund, kind)
            by_economic = total(e.fund(fund, kind) for e in acc.model.economic)
            rule = "BUD-7.4" if (fund, kind) == ("general_budget", "basic") else "BUD-5.4"
            issues += compare(
                rule, f"{FUND_LABEL[fund]}{kind_label}（按经济分类，表2-1）", by_economic,
                "按功能分类（表1-2/表3/表4）", by_function, doc, "economic", options,
            )
    p = acc.model.printed
    for where, printed, value in (
        ("table2_1", p.table2_1, lambda e: e.fiscal()),
        ("table3_1", p.table3_1, acc.econ_basic),
    ):
        number = "表2-1" if where == "table2_1" else "表3-1"
        rule = "BUD-5.3" if where == "table2_1" else "BUD-7.3"
        for code, printed_value in printed.classes.items():
            rows = total(value(e) for e in acc.model.economic if e.code.startswith(code))
            issues += compare(rule, f"{number} {code} {acc.economic_name(code)}（印出）", printed_value, "各款之和", rows, doc, f"printed.{where}.classes.{code}", options)
    t = p.table3_1
    issues += _printed("BUD-7.1", "表3-1 合计", t.total, "各款之和", acc.personnel + acc.public, doc, "printed.table3_1.total", options)
    issues += _printed("BUD-7.2", "表3-1 人员经费", t.personnel, "301、303 各款之和", acc.personnel, doc, "printed.table3_1.personnel", options)
    issues += _printed("BUD-7.2", "表3-1 公用经费", t.public, "302 等各款之和", acc.public, doc, "printed.table3_1.public", options)
    return issues


def check_projects(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """BUD-8.1 / 8.3: 表3-2 projects per 项 = the project column of that 项 (per fund and source)."""
    issues: list[Issue] = []
    if not acc.model.projects:
        return issues
    for i, f in enumerate(acc.model.functions):
        for fund in FUNDS:
            listed = total(
                p.amount for p in acc.model.projects if p.function == f.code and p.unit == f.unit and p.fund == fund
            )
            column = f.fund(fund, "project")
            if fund != "general_budget" and not listed:
                continue  # 基金/国资 projects need not be listed (表3-2 is 一般公共预算 only)
            issues += compare(
                "BUD-8.3", f"{f.code} {f.name} 表3-2 所列项目之和", listed, f"{FUND_LABEL[fund]}项目支出", column,
                doc, f"functions[{i}].current.{fund}.project", options,
            )
    codes = {f.code for f in acc.model.functions}
    for i, project in enumerate(acc.model.projects):
        if project.function not in codes:
            issues.append(Issue("BUD-8.1", Severity.ERROR, f"项目“{project.name}”的功能分类 {project.function} 不在 functions 中", doc.source(f"projects[{i}].function")))
    p = acc.model.printed.table3_2
    issues += _printed("BUD-8.1", "表3-2 合计", p.total, "各项目之和", acc.projects_total, doc, "printed.table3_2.total", options)
    return issues


def check_three_public(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """BUD-9.x: the planned fiscal vehicle budget (八（三）) = 三公 公务用车购置费; the stock by
    body type (五) = the stock by use (八（三））."""
    issues: list[Issue] = []
    m = acc.model
    purchase = acc.three_public("vehicle_purchase")
    planned = m.assets.planned
    if planned.fiscal or purchase:
        issues += compare(
            "BUD-9.2", "八（三）拟购置车辆财政拨款预算", planned.fiscal, "“三公”公务用车购置费（经济分类30913/31013）",
            purchase, doc, "assets.planned.fiscal", options, Severity.WARNING,
        )
    types, uses = m.three_public.stock_by_type.model_dump().values(), m.assets.vehicles.model_dump().values()
    if None in types or None in uses:
        return issues  # a count not given is a finding of its own (input.missing_figure), never 0
    by_type, by_use = sum(types), sum(uses)
    if by_type != by_use:
        issues.append(Issue(
            "BUD-9.4", Severity.ERROR,
            f"五 公务用车按车型合计 {by_type} 辆 ≠ 八（三）按用途合计 {by_use} 辆",
            doc.source("three_public.stock_by_type"),
        ))
    if m.three_public.vehicle.operation.vehicles and m.three_public.vehicle.operation.vehicles > by_use:
        issues.append(Issue("BUD-9.4", Severity.WARNING, f"运行维护费保障的公务用车 {m.three_public.vehicle.operation.vehicles} 辆多于现有车辆 {by_use} 辆", doc.source("three_public.vehicle.operation.vehicles")))
    return issues


def check_units(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """A.2: every budget unit named has rows of its own or is declared included in 本级."""
    issues: list[Issue] = []
    with_rows = {u.code for u in acc.units_with_rows()}
    for i, unit in enumerate(acc.model.unit.budget_units):
        if unit.own_budget and unit.code not in with_rows:
            issues.append(Issue(
                "BUD-U1", Severity.WARNING,
                f"预算单位“{unit.name}”在各表中没有本单位的行；若其预算含在本级中，请写 own_budget: false",
                doc.source(f"unit.budget_units[{i}]"),
            ))
    return issues


def check_unit_codes(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """Every row belongs to a declared budget unit (else the tables would have no place for it)."""
    declared = {u.code for u in acc.model.unit.budget_units}
    issues: list[Issue] = []
    for key in ("functions", "economic", "income", "projects"):
        for i, row in enumerate(getattr(acc.model, key)):
            if row.unit not in declared:
                issues.append(Issue(
                    "BUD-U3", Severity.ERROR,
                    f"单位代码 {row.unit} 不是 unit.budget_units 中的预算单位（已有：{'、'.join(sorted(c for c in declared if c)) or '无'}）",
                    doc.source(f"{key}[{i}].unit"),
                ))
    return issues


def check_counts(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """一（二）: the count in the intro (“四个方面”) equals the number of items."""
    from ..glossary import chinese_number

    tasks = acc.model.unit.key_tasks
    issues: list[Issue] = []
    if tasks.intro and tasks.items:
        n = len(tasks.items)
        import re

        said = re.search(r"([一二三四五六七八九十]+)个方面", tasks.intro)
        if said and said.group(1) != chinese_number(n):
            issues.append(Issue("BUD-P1", Severity.ERROR, f"重点工作导语说“{said.group(0)}”，实际列出 {n} 项", doc.source("unit.key_tasks.intro")))
    return issues


def check_procurement(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """八（二）soft check: this year's 资本性支出 (310 款, 当年 money) should be covered by the
    政府采购 budget for goods and works (a carry-over purchase may not be: a warning only)."""
    capital = total(e.fiscal(None, CURRENT_SOURCES) for e in acc.model.economic if e.code.startswith("310"))
    goods, works = acc.model.procurement.goods, acc.model.procurement.works
    if goods is None or works is None:
        return []  # not given: a finding of its own (input.missing_figure)
    bought = goods + works
    if capital <= bought:
        return []
    return [Issue(
        "BUD-P2", Severity.WARNING,
        f"当年资本性支出（310）{Amount(capital)} 超过政府采购货物和工程预算 {Amount(bought)}（差 {Amount(capital - bought)}）：请核对政府采购预算",
        doc.source("procurement"),
    )]


def check_duplicates(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """A 项, 款 or project given twice for the same unit would be counted twice."""
    issues: list[Issue] = []
    for key, rows, label in (
        ("functions", acc.model.functions, lambda r: f"功能分类 {r.code} {r.name}"),
        ("economic", acc.model.economic, lambda r: f"经济分类 {r.code}"),
        ("projects", acc.model.projects, lambda r: f"项目“{r.name}”"),
    ):
        seen: dict[tuple[str, str], int] = {}
        for i, row in enumerate(rows):
            ident = (getattr(row, "code", None) or row.name, row.unit)
            if ident in seen:
                issues.append(Issue(
                    "BUD-U2", Severity.ERROR,
                    f"{label(row)}（单位 {row.unit}）填写了两次（另见 {doc.source(f'{key}[{seen[ident]}]')}）：请合并为一行",
                    doc.source(f"{key}[{i}]"),
                ))
            else:
                seen[ident] = i
    return issues


CHECKS = (check_duplicates, check_unit_codes, check_table1, check_fiscal, check_economic, check_projects, check_three_public, check_units, check_counts, check_procurement)


def check_plausibility(acc: BudgetAccounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """元 typed as 万元, impossible parts, amounts per vehicle (reportgen.plausibility, as for 决算)."""
    from ..plausibility import check_budget_plausibility

    return check_budget_plausibility(acc, doc)


def run_checks(acc: BudgetAccounts, doc: Document, options: CheckOptions | None = None) -> list[Issue]:
    options = options or CheckOptions()
    issues: list[Issue] = []
    for check in (*CHECKS, check_plausibility):
        issues += check(acc, doc, options)
    return issues
