"""The input model of a 部门预算 (department budget, seed 002), validated with pydantic.

The input says ``kind: budget`` at the top level. Amounts are ``Decimal`` in 万元; every total is
derived (``reportgen.budget.accounts``), never typed. Each 项 of the 支出功能分类 and each 款 of
the 部门经济分类 carries the budget matrix of spec §C:

    source (current 当年 / advance_transfer 中央提前通知专项转移支付等 / carryover 上年结转 /
            returned_quota 上年应返还额度结转)
      × fund (general_budget 一般公共预算 / gov_fund 政府性基金 / state_capital 国有资本经营)
        × type (basic 基本支出 / project 项目支出)

plus the non-fiscal part (non_fiscal). A published report transcribed for checking may add the
totals it printed under ``printed``: they are compared with the derived totals, never used.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from ..model import Base, Code, Count, CountFigure, Figure, FunctionClass, Money, Text, Unit, figure

SOURCES = ("current", "advance_transfer", "carryover", "returned_quota")
FUNDS = ("general_budget", "gov_fund", "state_capital")
TYPES = ("basic", "project")
ZERO = Decimal(0)


class TypeCell(Base):
    """基本支出 / 项目支出 of one fund and source."""

    basic: Money = ZERO
    project: Money = ZERO

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


class FundCells(Base):
    general_budget: TypeCell = Field(default_factory=TypeCell, description="一般公共预算拨款")
    gov_fund: TypeCell = Field(default_factory=TypeCell, description="政府性基金安排")
    state_capital: TypeCell = Field(default_factory=TypeCell, description="国有资本经营预算安排")


class NonFiscal(Base):
    """Spending not financed by 财政拨款 (事业收入, 经营收入, 其他收入 …) and the two transfer columns."""

    basic: Money = ZERO
    project: Money = ZERO
    to_superior: Money = Field(ZERO, description="上缴上级支出")
    to_affiliated: Money = Field(ZERO, description="对附属单位补助支出")


class Matrix(Base):
    current: FundCells = Field(default_factory=FundCells, description="当年财政拨款安排")
    advance_transfer: FundCells = Field(default_factory=FundCells, description="中央提前通知专项转移支付等")
    carryover: FundCells = Field(default_factory=FundCells, description="上年结转安排")
    returned_quota: FundCells = Field(default_factory=FundCells, description="上年应返还额度结转")
    non_fiscal: NonFiscal = Field(default_factory=NonFiscal, description="非财政拨款支出")

    def cell(self, source: str, fund: str, kind: str) -> Decimal:
        return getattr(getattr(getattr(self, source), fund), kind)

    def fund(self, fund: str, kind: str | None = None, sources: tuple[str, ...] = SOURCES) -> Decimal:
        kinds = TYPES if kind is None else (kind,)
        return sum((self.cell(s, fund, k) for s in sources for k in kinds), ZERO)

    def fiscal(self, kind: str | None = None, sources: tuple[str, ...] = SOURCES) -> Decimal:
        return sum((self.fund(f, kind, sources) for f in FUNDS), ZERO)

    def spending(self, kind: str) -> Decimal:
        """表1-2 column: basic / project (fiscal + non-fiscal), to_superior, to_affiliated."""
        if kind in TYPES:
            return self.fiscal(kind) + getattr(self.non_fiscal, kind)
        return getattr(self.non_fiscal, kind)

    @property
    def total(self) -> Decimal:
        nf = self.non_fiscal
        return self.fiscal() + nf.basic + nf.project + nf.to_superior + nf.to_affiliated


class BudgetFunction(Matrix):
    """One 支出功能分类 项 (7-digit code) of one budget unit; 类/款 rows are derived."""

    code: Code
    name: str = Field(min_length=1)
    unit: Code = Field("", description="单位代码（默认：第一个预算单位）")
    purpose: Text = Field("", description="三（三）主要用于……")

    @field_validator("code")
    @classmethod
    def _seven_digits(cls, value: str) -> str:
        if not re.fullmatch(r"\d{7}", value):
            raise ValueError(f"功能分类项级科目编码应为7位数字，实际为 '{value}'")
        return value


class BudgetEconomic(Matrix):
    """One 部门经济分类 款 (5-digit code) of one budget unit (表2-1, 表3-1)."""

    code: Code
    name: Text = Field("", description="款名（默认取标准名称）")
    unit: Code = ""

    @field_validator("code")
    @classmethod
    def _five_digits(cls, value: str) -> str:
        if not re.fullmatch(r"\d{5}", value):
            raise ValueError(f"经济分类款级科目编码应为5位数字，实际为 '{value}'")
        return value


class BudgetUnitEntry(Base):
    """One budget unit of the department (二、部门单位构成 and the unit rows of the tables)."""

    code: Code = Field("", description="单位代码（6位，如 103001）")
    name: str = Field(min_length=1)
    kind: Literal["administrative", "civil_servant_managed", "institution"] = Field(
        "administrative", description="行政单位 / 参照公务员法管理的事业单位 / 其他事业单位"
    )
    own_budget: bool = Field(True, description="false：未单独编制预算，含在本级中")
    main: bool = Field(False, description="本级（默认：第一个单位）")


class KeyTasks(Base):
    intro: Text = ""
    items: list[str] = Field(default_factory=list)


class BudgetOrg(Unit):
    """The department: ``Unit`` plus the budget's own fields."""

    code: Code = Field("", description="部门代码（3位，如 103）")
    key_tasks: KeyTasks = Field(default_factory=KeyTasks, description="一（二）重点工作")
    budget_units: list[BudgetUnitEntry] = Field(default_factory=list)


class IncomeSources(Base):
    """本年收入 of one unit by source (表1-1 columns)."""

    general_budget: Money = ZERO
    gov_fund: Money = ZERO
    state_capital: Money = ZERO
    business: Money = Field(ZERO, description="事业收入")
    operating: Money = Field(ZERO, description="事业单位经营收入")
    other: Money = Field(ZERO, description="其他收入")
    superior_subsidy: Money = Field(ZERO, description="上级补助收入")
    affiliated: Money = Field(ZERO, description="附属单位上缴收入")


class CarryoverSources(Base):
    """上年结转 of one unit by fund."""

    general_budget: Money = ZERO
    gov_fund: Money = ZERO
    state_capital: Money = ZERO
    non_fiscal: Money = ZERO


class UnitIncome(Base):
    unit: Code = ""
    current: IncomeSources = Field(default_factory=IncomeSources)
    carryover: CarryoverSources = Field(default_factory=CarryoverSources)
    business_fund_used: Money = Field(ZERO, description="用事业基金弥补收支差额")


class FundTotals(Base):
    general_budget: Money = ZERO
    gov_fund: Money = ZERO
    state_capital: Money = ZERO


class BudgetBalances(Base):
    balance_distribution: Money = Field(ZERO, description="事业单位结余分配")
    to_business_fund: Money = Field(ZERO, description="其中：转入事业基金")
    carry_to_next: FundTotals = Field(default_factory=FundTotals, description="结转下年（财政拨款，按资金）")
    carry_to_next_other: Money = Field(ZERO, description="结转下年（非财政拨款）")


class Project(Base):
    """One project of 表3-2 (and of 表4/表5 when financed by the funds); joins 表6 by name."""

    name: str = Field(min_length=1)
    function: Code = Field(description="功能分类项级编码")
    unit: Code = ""
    category: Literal["人员类", "运转类", "特定目标类"] = "特定目标类"
    fund: Literal["general_budget", "gov_fund", "state_capital"] = "general_budget"
    source: Literal["current", "advance_transfer", "carryover", "returned_quota"] = "current"
    amount: Money
    new: bool = Field(False, description="本年新增项目（三（一）列出）")


class ProjectCounts(Base):
    personnel: Count = Field(0, description="人员类项目个数")
    operation: Count = Field(0, description="运转类项目个数")


class ThreePublicItem(Base):
    prior_budget: Money | None = Field(None, description="上年预算数")
    purpose: Text = Field("", description="计划用于……")
    reason: Text = Field("", description="增减原因")


class VehiclePurchase(Base):
    note: Text = Field("", description="购置费说明（替代标准句）")
    vehicles: Count = 0


class VehicleOperation(Base):
    vehicles: Count = 0
    purpose: Text = ""


class VehicleItem(ThreePublicItem):
    purchase: VehiclePurchase = Field(default_factory=VehiclePurchase)
    operation: VehicleOperation = Field(default_factory=VehicleOperation)


class StockByType(Base):
    """现有公务用车 by body type: each is printed (五), so each is stated (0 when none)."""

    sedan: CountFigure = figure("轿车")
    wagon: CountFigure = figure("旅行车（含商务车）")
    suv: CountFigure = figure("越野车")
    bus_truck: CountFigure = figure("大型客、货车")


class BudgetThreePublic(Base):
    prior_budget: Money | None = Field(None, description="上年“三公”经费预算总数（默认：各项之和）")
    outbound: ThreePublicItem = Field(default_factory=ThreePublicItem)
    reception: ThreePublicItem = Field(default_factory=ThreePublicItem)
    vehicle: VehicleItem = Field(default_factory=VehicleItem)
    stock_by_type: StockByType = Field(default_factory=StockByType)


class OperatingExpenses(Base):
    prior_budget: Money | None = Field(
        None, description="上年机关运行经费预算（省略即未给出：与上年比较的句子提示缺少该数，不作推测；上年为0时写0）"
    )
    reason: Text = ""


class BudgetProcurement(Base):
    goods: Figure = figure("政府采购货物预算")
    works: Figure = figure("政府采购工程预算")
    services: Figure = figure("政府采购服务预算")


class UseCategories(Base):
    directed_support: Count = Field(0, description="定向保障用车")
    law_enforcement: Count = Field(0, description="执法执勤用车")


class PlannedPurchases(Base):
    vehicles: UseCategories = Field(default_factory=UseCategories)
    fiscal: Money = Field(ZERO, description="财政拨款预算安排")
    non_fiscal: Money = Field(ZERO, description="非财政拨款安排")
    equipment: Count = Field(0, description="购置大型设备台（套）")
    equipment_budget: Money = Field(ZERO, description="大型设备购置经费")
    note: Text = Field("", description="替代标准首句的说明")


class StockByUse(Base):
    """现有车辆 by use: each is printed (八（三）), so each is stated (0 when none)."""

    directed_support: CountFigure = figure("定向保障用车")
    law_enforcement: CountFigure = figure("执法执勤用车")


class BudgetAssets(Base):
    as_of: _dt.date | None = Field(None, description="资产统计日（默认：上年年底）")
    vehicles: StockByUse = Field(default_factory=StockByUse)
    large_equipment: CountFigure = figure("单位价值达到阈值以上的大型设备")
    planned: PlannedPurchases = Field(default_factory=PlannedPurchases)


class BudgetPerformance(Base):
    targets: Text = Field("", description="绩效目标文件（与决算输入同一键）")
    intro: Text = Field("", description="八（四）第一段（默认：标准说明）")


class BudgetPriorYear(Base):
    """上年预算数 (never 决算)."""

    total: Money | None = Field(None, description="上年收支预算总数")
    fiscal_total: Money | None = Field(None, description="上年财政拨款收支预算总数")
    general_budget: Money | None = Field(None, description="上年一般公共预算当年拨款")
    gov_fund: Money | None = Field(None, description="上年政府性基金预算支出")
    state_capital: Money | None = Field(None, description="上年国有资本经营预算支出")


def _reason_list(value: Any) -> Any:
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else value


ReasonList = Annotated[list[str], BeforeValidator(_reason_list)]


class BudgetReasons(Base):
    """主要原因, one entry per reason (printed 一是…；二是…); generated clauses come first."""

    total: ReasonList = Field(default_factory=list)
    fiscal_total: ReasonList = Field(default_factory=list)
    general_budget: ReasonList = Field(default_factory=list)
    gov_fund: ReasonList = Field(default_factory=list)
    state_capital: ReasonList = Field(default_factory=list)


class BudgetPresentation(Base):
    percent_places: int | None = Field(None, ge=0, le=4, description="百分比小数位数（不填按地区体例）")
    region: Text = Field("sichuan", description="地区体例：内置名称（reportgen regions 列出）或体例文件（相对于输入文件）")
    listed_income_sources: list[str] | None = Field(None, description="一（一）中即使为0也列出的收入来源")
    growth_rate_in: list[str] | None = Field(None, description="印出增长率的段落")
    large_equipment_threshold: Money | None = Field(None, description="大型设备单位价值阈值（万元）")
    personnel_groups: dict[str, list[str]] | None = Field(None, description="四 中合并列出的经济分类款")
    table_titles: dict[str, str] = Field(default_factory=dict)
    glossary: dict[str, str] = Field(default_factory=dict, description="替换或新增名词解释")
    empty_table_note: bool = Field(False, description="空表下加“说明：…”")


class PrintedTable1(Base):
    current_income: Money | None = None
    income_total: Money | None = None
    current_spending: Money | None = None
    spending_total: Money | None = None
    classes: dict[str, Money] = Field(default_factory=dict, description="类 rows as printed")


class PrintedColumns(Base):
    total: Money | None = None
    basic: Money | None = None
    project: Money | None = None
    personnel: Money | None = None
    public: Money | None = None
    classes: dict[str, Money] = Field(default_factory=dict)


class PrintedTables(Base):
    """Totals a published report printed (for checking a transcription; never used to write)."""

    table1: PrintedTable1 = Field(default_factory=PrintedTable1)
    table1_2: PrintedColumns = Field(default_factory=PrintedColumns)
    table2: PrintedColumns = Field(default_factory=PrintedColumns)
    table2_1: PrintedColumns = Field(default_factory=PrintedColumns)
    table3: PrintedColumns = Field(default_factory=PrintedColumns)
    table3_1: PrintedColumns = Field(default_factory=PrintedColumns)
    table3_2: PrintedColumns = Field(default_factory=PrintedColumns)
    table4: PrintedColumns = Field(default_factory=PrintedColumns)


class BudgetReport(Base):
    kind: Literal["budget"]
    unit: BudgetOrg
    amount_unit: Literal["万元", "元"] = Field("万元", description="输入金额单位；元 换算为万元（舍位平衡）")
    presentation: BudgetPresentation = Field(default_factory=BudgetPresentation)
    income: list[UnitIncome] = Field(default_factory=list)
    balances: BudgetBalances = Field(default_factory=BudgetBalances)
    functions: list[BudgetFunction] = Field(default_factory=list)
    function_classes: dict[str, FunctionClass] = Field(default_factory=dict)
    economic: list[BudgetEconomic] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    project_counts: ProjectCounts = Field(default_factory=ProjectCounts)
    three_public: BudgetThreePublic = Field(default_factory=BudgetThreePublic)
    operating_expenses: OperatingExpenses = Field(default_factory=OperatingExpenses)
    procurement: BudgetProcurement = Field(default_factory=BudgetProcurement)
    assets: BudgetAssets = Field(default_factory=BudgetAssets)
    performance: BudgetPerformance = Field(default_factory=BudgetPerformance)
    prior_year: BudgetPriorYear = Field(default_factory=BudgetPriorYear)
    reasons: BudgetReasons = Field(default_factory=BudgetReasons)
    printed: PrintedTables = Field(default_factory=PrintedTables)

    @model_validator(mode="after")
    def _default_units(self) -> BudgetReport:
        units = self.unit.budget_units
        if not units:
            units.append(BudgetUnitEntry(code=f"{self.unit.code}001" if self.unit.code else "", name=self.unit.name, main=True))
        if not any(u.main for u in units):
            units[0].main = True
        main = next(u for u in units if u.main)
        for row in (*self.functions, *self.economic, *self.income, *self.projects):
            if not row.unit:
                row.unit = main.code
        return self

    @property
    def main_unit(self) -> BudgetUnitEntry:
        return next(u for u in self.unit.budget_units if u.main)
