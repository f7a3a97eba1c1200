"""Derived figures: every total of the report, computed once from the input's items.

The narrative sections, the tables and the charts all read these numbers, so a figure is the
same wherever it is printed (one source of truth). Nothing here rounds: inputs are in 万元 with at
most 2 decimals (舍位平衡 of 元 inputs happens before this stage).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from . import glossary
from .model import FinalAccounts, FunctionItem, FunctionSubtotal, PrintedTotals
from .money import ZERO

INCOME_KEYS = tuple(glossary.INCOME_SOURCES)
SPENDING_KEYS = tuple(glossary.SPENDING_TYPES)
FUND_KEYS = tuple(glossary.FISCAL_FUNDS)
FUND_LINE_KEYS = ("carry_begin", "income", "basic", "project", "carry_end")


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


@dataclass
class FundFigures:
    carry_begin: Decimal = ZERO
    income: Decimal = ZERO
    basic: Decimal = ZERO
    project: Decimal = ZERO
    carry_end: Decimal = ZERO
    shown: Decimal | None = None  # 本年支出小计 as printed (checked against 基本+项目), else their sum

    @property
    def spending(self) -> Decimal:
        return self.basic + self.project if self.shown is None else self.shown

    @property
    def is_empty(self) -> bool:
        return not any((self.carry_begin, self.income, self.basic, self.project, self.carry_end))

    def add(self, other: FundFigures) -> None:
        for key in FUND_LINE_KEYS:
            setattr(self, key, getattr(self, key) + getattr(other, key))


def fund_figures(line) -> FundFigures:
    """A 表7/表8 row of the input (``model.FundLine``), with its 本年支出小计 as printed."""
    return FundFigures(**{k: getattr(line, k) for k in FUND_LINE_KEYS}, shown=line.spending)


@dataclass
class FunctionRow:
    """A 类, 款 or 项 row of the function classification, with every column the tables use."""

    code: str
    name: str
    income: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(INCOME_KEYS, ZERO))
    spending: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(SPENDING_KEYS, ZERO))
    gb_initial_budget: Decimal = ZERO
    gb_basic: Decimal = ZERO
    gb_project: Decimal = ZERO
    gov_fund: FundFigures = field(default_factory=FundFigures)
    state_capital: FundFigures = field(default_factory=FundFigures)
    reason: str = ""
    # a row's 合计 columns as printed (None: the sum of its columns)
    printed_income_total: Decimal | None = None
    printed_spending_total: Decimal | None = None
    printed_gb_total: Decimal | None = None

    @property
    def level(self) -> str:
        return {3: "类", 5: "款", 7: "项"}[len(self.code)]

    @property
    def income_total(self) -> Decimal:
        return _sum(self.income.values()) if self.printed_income_total is None else self.printed_income_total

    @property
    def spending_total(self) -> Decimal:
        return _sum(self.spending.values()) if self.printed_spending_total is None else self.printed_spending_total

    @property
    def gb_total(self) -> Decimal:
        return self.gb_basic + self.gb_project if self.printed_gb_total is None else self.printed_gb_total

    def add(self, other: FunctionRow) -> None:
        for key in INCOME_KEYS:
            self.income[key] += other.income[key]
        for key in SPENDING_KEYS:
            self.spending[key] += other.spending[key]
        self.gb_initial_budget += other.gb_initial_budget
        self.gb_basic += other.gb_basic
        self.gb_project += other.gb_project
        self.gov_fund.add(other.gov_fund)
        self.state_capital.add(other.state_capital)


def _item_row(item: FunctionItem) -> FunctionRow:
    row = FunctionRow(item.code, item.name, reason=item.general_budget.reason)
    row.income = {key: getattr(item.income, key) for key in INCOME_KEYS}
    row.spending = {key: getattr(item.spending, key) for key in SPENDING_KEYS}
    row.gb_initial_budget = item.general_budget.initial_budget
    row.gb_basic = item.general_budget.basic
    row.gb_project = item.general_budget.project
    row.gov_fund = fund_figures(item.gov_fund)
    row.state_capital = fund_figures(item.state_capital)
    row.printed_income_total = item.income.total
    row.printed_spending_total = item.spending.total
    row.printed_gb_total = item.general_budget.total
    return row


def _apply_printed(row: FunctionRow, printed: FunctionSubtotal) -> None:
    """A 类/款 row takes the figures its table prints (the parts given), not the sums."""
    if printed.income is not None:
        row.income = {key: getattr(printed.income, key) for key in INCOME_KEYS}
        row.printed_income_total = printed.income.total
    if printed.spending is not None:
        row.spending = {key: getattr(printed.spending, key) for key in SPENDING_KEYS}
        row.printed_spending_total = printed.spending.total
    gb = printed.general_budget
    if gb is not None:
        row.printed_gb_total = gb.total
        for key in ("initial_budget", "basic", "project"):
            if getattr(gb, key) is not None:
                setattr(row, f"gb_{key}", getattr(gb, key))
    for fund in ("gov_fund", "state_capital"):
        line = getattr(printed, fund)
        if line is not None:
            setattr(row, fund, fund_figures(line))


@dataclass
class EconomicLine:
    code: str
    name: str
    amount: Decimal


@dataclass
class BudgetTriple:
    budget: Decimal | None  # None: not given (model.Figure), never taken for 0
    actual: Decimal | None
    prior: Decimal | None  # None: the prior-year figure is not given (never taken for 0)


def _plus(*values: Decimal | None) -> Decimal | None:
    """A sum of figures: unknown (None) when any of them is not given."""
    if any(v is None for v in values):
        return None
    return _sum(values)  # type: ignore[arg-type]


def reception_prior(reception) -> Decimal | None:
    """上年公务接待费: the total given, else 外宾 + 国内 — a part the input does not mention at
    all (no field of it written) is no part of the department's reception: the other part's
    prior-year figure is then the whole. Otherwise a part without its figure leaves it unknown."""
    if reception.prior is not None:
        return reception.prior
    return reception_sum(reception, "prior")


def procurement_sme(kind) -> Decimal | None:
    """授予中小企业合同金额 of one kind: as given; of a kind with no spending (0) it is 0 — nothing
    can be awarded of nothing; otherwise unknown (None)."""
    if kind.sme is None and kind.total is not None and not kind.total:
        return Decimal(0)
    return kind.sme


def reception_sum(reception, column: str) -> Decimal | None:
    """外宾 + 国内 of ``column`` (actual, prior): a part the input does not mention at all is no
    part of the department's reception when the other part is written; with neither written, or
    a written part without the figure, unknown (None)."""
    parts = [getattr(part, column) for part in reception_parts(reception)]
    if not parts:
        return None
    return _plus(*parts)


def reception_parts(reception) -> list:
    """The parts of 公务接待 the input writes (both when it writes neither: then both unknown)."""
    written = [part for part in (reception.foreign, reception.domestic) if part.model_fields_set]
    return written or [reception.foreign, reception.domestic]


@dataclass
class Accounts:
    model: FinalAccounts
    items: list[FunctionRow]  # 项 rows, input order
    rows: list[FunctionRow]  # 类, 款, 项 in code order (the tables' row order), 类/款 as printed
    derived: dict[str, FunctionRow]  # 类/款 rows as the sums of their 项 (what the checks compare with)
    income: dict[str, Decimal]
    spending: dict[str, Decimal]
    fiscal_income: dict[str, Decimal]
    gov_fund: FundFigures
    state_capital: FundFigures
    personnel: list[EconomicLine]
    public: list[EconomicLine]
    three_public: dict[str, BudgetTriple]

    # -- 收入支出决算总表 ---------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.model.unit.year

    @property
    def prior_year(self) -> int:
        return self.model.unit.year - 1

    @property
    def classes(self) -> list[FunctionRow]:
        return [row for row in self.rows if len(row.code) == 3]

    def row(self, code: str) -> FunctionRow | None:
        return next((row for row in self.rows if row.code == code), None)

    @property
    def printed(self) -> PrintedTotals:
        return self.model.totals

    @property
    def income_total(self) -> Decimal:
        """本年收入合计: as 表1 prints it, else as 表2's 合计 row prints it, else the sum."""
        for given in (self.printed.overview and self.printed.overview.income, self.printed.income):
            if given is not None and given.total is not None:
                return given.total
        return _sum(self.income.values())

    @property
    def spending_total(self) -> Decimal:
        """本年支出合计: as 表1 prints it, else as 表3's 合计 row prints it, else the sum."""
        overview = self.printed.overview
        if overview is not None and overview.spending_total is not None:
            return overview.spending_total
        if self.printed.spending is not None and self.printed.spending.total is not None:
            return self.printed.spending.total
        return _sum(self.spending.values())

    def overview_class(self, code: str) -> Decimal:
        """A 类 of 表1's 本年支出: as 表1 prints it, else its 表3 row."""
        overview = self.printed.overview
        given = next((line.amount for line in overview.classes if line.code == code), None) if overview else None
        if given is not None:
            return given
        row = self.row(code)
        return row.spending_total if row else ZERO

    def income_categories(self) -> list[tuple[str, Decimal]]:
        """本年收入 as the text and the 收入结构 chart list it: 财政拨款收入 (the three funds
        together), then each other source."""
        others = [key for key in INCOME_KEYS if key not in FUND_KEYS]
        return [("财政拨款收入", self.fiscal_income_total)] + [
            (glossary.INCOME_SOURCES[key], self.income[key]) for key in others
        ]

    def spending_categories(self) -> list[tuple[str, Decimal]]:
        """本年支出 by type, as the text and the 支出结构 chart list it."""
        return [(glossary.SPENDING_TYPES[key], self.spending[key]) for key in SPENDING_KEYS]

    @property
    def total_income_side(self) -> Decimal:
        """收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余."""
        overview = self.printed.overview
        if overview is not None and overview.income_side_total is not None:
            return overview.income_side_total
        b = self.model.balances
        return self.income_total + b.non_fiscal_balance_used + b.carry_begin

    @property
    def total_spending_side(self) -> Decimal:
        """支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余."""
        overview = self.printed.overview
        if overview is not None and overview.spending_side_total is not None:
            return overview.spending_side_total
        b = self.model.balances
        return self.spending_total + b.balance_distribution + b.carry_end

    # -- 财政拨款 -------------------------------------------------------------------------
    @property
    def fiscal_income_total(self) -> Decimal:
        given = self.printed.fiscal
        if given is not None and given.income_total is not None:
            return given.income_total
        return _sum(self.fiscal_income.values())

    def fiscal_class(self, code: str) -> list[Decimal]:
        """A 类 of 表4's 本年支出: 合计 and each fund, as 表4 prints it, else its 表5/表7/表8 rows."""
        given = self.printed.fiscal
        line = next((c for c in given.classes if c.code == code), None) if given is not None else None
        if line is not None:
            parts = [line.general_budget, line.gov_fund, line.state_capital]
            return [_sum(parts) if line.total is None else line.total, *parts]
        row = self.row(code)
        if row is None:
            return [ZERO] * 4
        parts = [row.gb_total, row.gov_fund.spending, row.state_capital.spending]
        return [_sum(parts), *parts]

    def fiscal_spending(self, fund: str) -> Decimal:
        if fund == "general_budget":
            return self.general_budget_total
        return getattr(self, fund).spending

    @property
    def fiscal_spending_total(self) -> Decimal:
        given = self.printed.fiscal
        if given is not None and given.spending_total is not None:
            return given.spending_total
        return _sum(self.fiscal_spending(fund) for fund in FUND_KEYS)

    @property
    def fiscal_carry_begin_total(self) -> Decimal:
        begin = self.model.fiscal_carry.begin
        return _sum(getattr(begin, fund) for fund in FUND_KEYS)

    @property
    def fiscal_carry_end_total(self) -> Decimal:
        end = self.model.fiscal_carry.end
        return _sum(getattr(end, fund) for fund in FUND_KEYS)

    @property
    def fiscal_total_income_side(self) -> Decimal:
        given = self.printed.fiscal
        if given is not None and given.income_side_total is not None:
            return given.income_side_total
        return self.fiscal_income_total + self.fiscal_carry_begin_total

    @property
    def fiscal_total_spending_side(self) -> Decimal:
        given = self.printed.fiscal
        if given is not None and given.spending_side_total is not None:
            return given.spending_side_total
        return self.fiscal_spending_total + self.fiscal_carry_end_total

    # -- 一般公共预算财政拨款 ---------------------------------------------------------------
    # 表5's 合计 row as printed, else the sum of its 类 rows (as printed, else of their 项)
    @property
    def general_budget_initial(self) -> Decimal:
        given = self.printed.general_budget
        if given is not None and given.initial_budget is not None:
            return given.initial_budget
        return _sum(row.gb_initial_budget for row in self.classes)

    @property
    def general_budget_basic(self) -> Decimal:
        given = self.printed.general_budget
        if given is not None and given.basic is not None:
            return given.basic
        return _sum(row.gb_basic for row in self.classes)

    @property
    def general_budget_project(self) -> Decimal:
        given = self.printed.general_budget
        if given is not None and given.project is not None:
            return given.project
        return _sum(row.gb_project for row in self.classes)

    @property
    def general_budget_total(self) -> Decimal:
        given = self.printed.general_budget
        if given is not None and given.total is not None:
            return given.total
        return self.general_budget_basic + self.general_budget_project

    # 表6's 人员经费合计 / 公用经费合计 as printed, else the sum of its lines
    @property
    def personnel_total(self) -> Decimal:
        given = self.printed.basic_expenditure
        if given is not None and given.personnel is not None:
            return given.personnel
        return _sum(line.amount for line in self.personnel)

    @property
    def public_total(self) -> Decimal:
        given = self.printed.basic_expenditure
        if given is not None and given.public is not None:
            return given.public
        return _sum(line.amount for line in self.public)

    # -- 机关运行经费, 政府采购, 资产 -------------------------------------------------------
    @property
    def operating_expenses_actual(self) -> Decimal:
        given = self.model.operating_expenses.actual
        return self.public_total if given is None else given

    @property
    def procurement_total(self) -> Decimal:
        p = self.model.procurement
        return _plus(p.goods.total, p.works.total, p.services.total)

    @property
    def procurement_sme(self) -> Decimal | None:
        p = self.model.procurement
        return _plus(*(procurement_sme(kind) for kind in (p.goods, p.works, p.services)))

    @property
    def vehicle_total(self) -> int | None:
        counts = list(self.model.assets.vehicles.model_dump().values())
        return None if None in counts else sum(counts)


def class_name(model: FinalAccounts, code: str) -> str:
    info = model.function_classes.get(code)
    if info is not None and info.name:
        return info.name
    printed = next((row.name for row in getattr(model, "function_subtotals", ()) if row.code == code and row.name), "")  # a 部门预算 has none
    return printed or glossary.FUNCTION_CLASSES.get(code, "")


def _derived_parents(model: FinalAccounts, items: list[FunctionRow]) -> dict[str, FunctionRow]:
    """Every 类/款 row as the sum of its 项."""
    parents: dict[str, FunctionRow] = {}
    for item in items:
        for code in (item.code[:3], item.code[:5]):
            parent = parents.get(code)
            if parent is None:
                parent = parents[code] = FunctionRow(code, class_name(model, code))
            parent.add(item)
    return parents


def _hierarchy(model: FinalAccounts, items: list[FunctionRow]) -> list[FunctionRow]:
    """类, 款 and 项 rows in code order; a 类/款 row the input prints takes its printed figures."""
    parents = _derived_parents(model, items)
    for printed in model.function_subtotals:
        row = parents.get(printed.code)
        if row is None:  # printed, with no 项 below it: shown as printed (the checks say so)
            row = parents[printed.code] = FunctionRow(printed.code, class_name(model, printed.code))
        _apply_printed(row, printed)
    rows = list(parents.values()) + items
    return sorted(rows, key=lambda row: row.code)


def _economic(model: FinalAccounts, groups: tuple[str, ...]) -> list[EconomicLine]:
    lines = []
    for item in model.basic_expenditure:
        if len(item.code) == 5 and item.code[:3] in groups:
            name = item.name or glossary.ECONOMIC_CLASSES.get(item.code, item.code)
            lines.append(EconomicLine(item.code, name, item.amount))
    return lines


def _three_public(model: FinalAccounts) -> dict[str, BudgetTriple]:
    tp = model.three_public
    out = {
        "outbound": BudgetTriple(tp.outbound.budget, tp.outbound.actual, tp.outbound.prior),
        "vehicle_purchase": BudgetTriple(
            tp.vehicle_purchase.budget, tp.vehicle_purchase.actual, tp.vehicle_purchase.prior
        ),
        "vehicle_operation": BudgetTriple(
            tp.vehicle_operation.budget, tp.vehicle_operation.actual, tp.vehicle_operation.prior
        ),
    }
    reception = tp.reception
    out["reception"] = BudgetTriple(
        reception.budget,
        reception_sum(reception, "actual"),
        reception_prior(reception),
    )
    out["vehicle"] = BudgetTriple(
        *(_plus(getattr(out["vehicle_purchase"], k), getattr(out["vehicle_operation"], k)) for k in ("budget", "actual", "prior"))
    )
    out["total"] = BudgetTriple(
        *(
            _plus(getattr(out["outbound"], k), getattr(out["vehicle"], k), getattr(out["reception"], k))
            for k in ("budget", "actual", "prior")
        )
    )
    printed = model.totals.three_public  # 表9's 合计 and 小计 as printed, where given
    for key in ("vehicle", "total"):
        given = getattr(printed, key) if printed is not None else None
        for column in ("budget", "actual"):
            if given is not None and getattr(given, column) is not None:
                setattr(out[key], column, getattr(given, column))
    return out


def derived_three_public(model: FinalAccounts) -> dict[str, BudgetTriple]:
    """表9's figures as the sums of its items (what its printed 合计 and 小计 are compared with)."""
    return _three_public(model.model_copy(update={"totals": model.totals.model_copy(update={"three_public": None})}))


def compute(model: FinalAccounts) -> Accounts:
    items = [_item_row(item) for item in model.functions]
    rows = _hierarchy(model, items)
    classes = [row for row in rows if len(row.code) == 3]
    printed = model.totals
    # 合计 rows: as printed (表1 for 本年收入, then 表2/表3), else the sum of the 类 rows as shown
    income_given = (printed.overview.income if printed.overview else None) or printed.income
    income = {key: getattr(income_given, key) if income_given else _sum(row.income[key] for row in classes) for key in INCOME_KEYS}
    spending = {
        key: getattr(printed.spending, key) if printed.spending else _sum(row.spending[key] for row in classes)
        for key in SPENDING_KEYS
    }
    gov_fund, state_capital = FundFigures(), FundFigures()
    for row in classes:
        gov_fund.add(row.gov_fund)
        state_capital.add(row.state_capital)
    if printed.gov_fund is not None:
        gov_fund = fund_figures(printed.gov_fund)
    if printed.state_capital is not None:
        state_capital = fund_figures(printed.state_capital)
    return Accounts(
        model=model,
        items=items,
        rows=rows,
        derived=_derived_parents(model, items),
        income=income,
        spending=spending,
        fiscal_income={fund: income[fund] for fund in FUND_KEYS},
        gov_fund=gov_fund,
        state_capital=state_capital,
        personnel=_economic(model, glossary.PERSONNEL_GROUPS),
        public=_economic(model, glossary.PUBLIC_GROUPS),
        three_public=_three_public(model),
    )
