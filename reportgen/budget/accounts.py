"""Every figure of the budget report, derived once from the input (spec §A.3–A.5).

Totals are sums of rows; the narrative, the tables and the checks read them from here, so one
figure cannot be printed two ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from ..glossary import ECONOMIC_CLASSES, FUNCTION_CLASSES
from ..regions.budget import BudgetRegion
from .model import FUNDS, SOURCES, ZERO, BudgetEconomic, BudgetFunction, BudgetReport

CURRENT_SOURCES = ("current", "advance_transfer")  # 本年 (当年 + 中央提前通知)
CARRY_SOURCES = ("carryover", "returned_quota")  # 上年结转
INCOME_KEYS = ("general_budget", "gov_fund", "state_capital", "business", "operating", "other", "superior_subsidy", "affiliated")
THREE_PUBLIC_CODES = {"outbound": ("30212",), "reception": ("30217",), "vehicle_operation": ("30231",), "vehicle_purchase": ("30913", "31013")}


def total(values) -> Decimal:
    return sum(values, ZERO)


@dataclass
class BudgetAccounts:
    model: BudgetReport
    profile: BudgetRegion  # the region profile (reportgen.regions.budget): wording, labels, tables
    options: dict[str, Any] = field(default_factory=dict)
    targets: Any = None  # reportgen.budget.targets.Targets: the 绩效目标 file (表6/表7), if named

    # -- settings (input presentation over profile defaults) ------------------------------------
    def setting(self, key: str) -> Any:
        value = getattr(self.model.presentation, key, None)
        return getattr(self.profile, key) if value is None else value

    @property
    def year(self) -> int:
        return self.model.unit.year

    @property
    def short(self) -> str:
        return self.model.unit.display_name

    @cached_property
    def tables(self) -> dict[str, list[Any]]:
        """The fourteen tables (reportgen.budget.tables), built once when first drawn or listed;
        ``targets`` is set by then (compute)."""
        from .tables import build_tables

        return build_tables(self)

    # -- names ----------------------------------------------------------------------------------
    @cached_property
    def class_names(self) -> dict[str, str]:
        names = dict(FUNCTION_CLASSES)
        names.update({code: name for code, name in self.profile.table1_classes if code})
        names.update({code: fc.name for code, fc in self.model.function_classes.items() if fc.name})
        return names

    def economic_name(self, code: str, given: str = "") -> str:
        return given or self.profile.economic_classes.get(code) or ECONOMIC_CLASSES.get(code, "")

    # -- income (表1, 表1-1) ---------------------------------------------------------------------
    def income_current(self, key: str) -> Decimal:
        return total(getattr(row.current, key) for row in self.model.income)

    def carryover(self, fund: str | None = None) -> Decimal:
        keys = (*FUNDS, "non_fiscal") if fund is None else (fund,)
        return total(getattr(row.carryover, k) for row in self.model.income for k in keys)

    @property
    def business_fund_used(self) -> Decimal:
        return total(row.business_fund_used for row in self.model.income)

    @property
    def current_income(self) -> Decimal:
        return total(self.income_current(k) for k in INCOME_KEYS)

    @property
    def income_total(self) -> Decimal:
        return self.current_income + self.business_fund_used + self.carryover()

    def unit_income(self, row) -> Decimal:
        return total(getattr(row.current, k) for k in INCOME_KEYS) + total(
            getattr(row.carryover, k) for k in (*FUNDS, "non_fiscal")
        ) + row.business_fund_used

    # -- spending (表1, 表1-2) -------------------------------------------------------------------
    @property
    def functions(self) -> list[BudgetFunction]:
        return sorted(self.model.functions, key=lambda f: (f.code, f.unit))

    def by_class(self, value=lambda f: f.total, rows=None) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for f in rows if rows is not None else self.functions:
            out[f.code[:3]] = out.get(f.code[:3], ZERO) + value(f)
        return out

    @property
    def current_spending(self) -> Decimal:
        return total(f.total for f in self.model.functions)

    def spending_column(self, kind: str) -> Decimal:
        return total(f.spending(kind) for f in self.model.functions)

    @property
    def carry_to_next(self) -> Decimal:
        c = self.model.balances.carry_to_next
        return c.general_budget + c.gov_fund + c.state_capital + self.model.balances.carry_to_next_other

    @property
    def spending_total(self) -> Decimal:
        return self.current_spending + self.model.balances.balance_distribution + self.carry_to_next

    # -- 财政拨款 (表2) --------------------------------------------------------------------------
    def fiscal_income(self, fund: str) -> Decimal:
        return self.income_current(fund)

    @property
    def fiscal_current_income(self) -> Decimal:
        return total(self.fiscal_income(f) for f in FUNDS)

    @property
    def fiscal_carryover(self) -> Decimal:
        return total(self.carryover(f) for f in FUNDS)

    @property
    def fiscal_total(self) -> Decimal:
        return self.fiscal_current_income + self.fiscal_carryover

    def fund_spending(self, fund: str, kind: str | None = None) -> Decimal:
        return total(f.fund(fund, kind) for f in self.model.functions)

    @property
    def fiscal_spending(self) -> Decimal:
        return total(self.fund_spending(f) for f in FUNDS)

    # -- 一般公共预算 (表3, 表3-1, 表3-2) ----------------------------------------------------------
    @property
    def gb_current(self) -> Decimal:
        """一般公共预算当年拨款 (表3 当年财政拨款安排)."""
        return total(f.fund("general_budget", None, CURRENT_SOURCES) for f in self.model.functions)

    @property
    def gb_rows(self) -> list[BudgetFunction]:
        return [f for f in self.functions if f.fund("general_budget")]

    def gb_basic_items(self) -> list[BudgetEconomic]:
        return [e for e in sorted(self.model.economic, key=lambda e: (e.code, e.unit)) if e.fund("general_budget", "basic")]

    def econ_basic(self, e: BudgetEconomic) -> Decimal:
        return e.fund("general_budget", "basic")

    @property
    def personnel(self) -> Decimal:
        return total(self.econ_basic(e) for e in self.gb_basic_items() if e.code[:3] in ("301", "303"))

    @property
    def public(self) -> Decimal:
        return total(self.econ_basic(e) for e in self.gb_basic_items() if e.code[:3] not in ("301", "303"))

    @property
    def operating_expenses(self) -> Decimal:
        """机关运行经费: 公用经费 of the administrative and 参公 units (domain.md §5.9)."""
        kinds = {u.code: u.kind for u in self.model.unit.budget_units}
        return total(
            self.econ_basic(e) for e in self.gb_basic_items()
            if e.code[:3] not in ("301", "303") and kinds.get(e.unit, "administrative") in ("administrative", "civil_servant_managed")
        )

    @property
    def gb_basic(self) -> Decimal:
        return total(f.fund("general_budget", "basic") for f in self.model.functions)

    @property
    def projects_total(self) -> Decimal:
        return total(p.amount for p in self.gb_projects)

    @property
    def gb_projects(self):
        return [p for p in self.model.projects if p.fund == "general_budget"]

    def new_projects(self):
        return [p for p in self.gb_projects if p.new]

    # -- 三公 (表3-3, 表4-1) ---------------------------------------------------------------------
    def three_public(self, item: str, fund: str | None = None) -> Decimal:
        codes = THREE_PUBLIC_CODES[item]
        funds = FUNDS if fund is None else (fund,)
        return total(e.fund(f) for e in self.model.economic if e.code in codes for f in funds)

    def three_public_fund(self, fund: str | None = None) -> dict[str, Decimal]:
        out = {k: self.three_public(k, fund) for k in THREE_PUBLIC_CODES}
        out["vehicle"] = out["vehicle_purchase"] + out["vehicle_operation"]
        out["total"] = out["outbound"] + out["vehicle"] + out["reception"]
        return out

    # -- helpers for the tables -----------------------------------------------------------------
    def units_with_rows(self) -> list:
        used = {f.unit for f in self.model.functions} | {e.unit for e in self.model.economic} | {i.unit for i in self.model.income}
        return [u for u in self.model.unit.budget_units if u.code in used or u.main]


def sources_of(matrix) -> dict[str, Decimal]:
    return {s: total(matrix.cell(s, f, k) for f in FUNDS for k in ("basic", "project")) for s in SOURCES}


def compute(model: BudgetReport, profile: BudgetRegion) -> BudgetAccounts:
    return BudgetAccounts(model, profile)
