"""The input model of one department and one year (部门决算), validated with pydantic.

Amounts are ``Decimal`` in 万元. Totals that are sums of items are not fields: they are derived
in ``reportgen.accounts`` from the items, so the same figure is never typed twice. Field names are
English; every field's Chinese meaning is in its description and in ``docs/input-format.md``.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from . import numbers


def _money(value: Any) -> Any:
    """An amount (or measure) from YAML/JSON/workbook data: a Decimal, an int, or text in an
    unambiguous form (``reportgen.numbers``); NaN, infinities and absurd magnitudes are refused."""
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, float):
        # A float here means the value bypassed the Decimal-preserving loaders (e.g. a Python
        # caller); its text form is the closest faithful reading.
        value = Decimal(repr(value))  # float-ok: text of a float from a non-YAML caller
    if isinstance(value, str):
        try:
            return numbers.parse_number(value)
        except numbers.NumberFormError as exc:
            if exc.plain_text:
                raise ValueError(f"应为金额（数字），实际为文本 '{value[:40]}'") from None
            raise ValueError(f"应为金额（数字）：{exc}") from None
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal):
        try:
            return numbers.check_magnitude(value)
        except numbers.NumberFormError as exc:
            raise ValueError(str(exc)) from None
    return value


def _integer(value: Any) -> Any:
    """A count or a year given as text: base-10 digits only ("0553" and "5:53" are refused)."""
    if isinstance(value, str) and value.strip():
        try:
            return numbers.parse_int(value)
        except numbers.NumberFormError as exc:
            if exc.plain_text:
                raise ValueError(f"应为整数，实际为文本 '{value[:40]}'") from None
            raise ValueError(f"应为整数：{exc}") from None
    return value


def _code(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


Money = Annotated[Decimal, BeforeValidator(_money), Field(ge=0, decimal_places=6)]
SignedMoney = Annotated[Decimal, BeforeValidator(_money), Field(decimal_places=6)]
Count = Annotated[int, BeforeValidator(_integer), Field(ge=0, le=10**9)]
Code = Annotated[str, BeforeValidator(_code)]


def _given(value: Any) -> Any:
    """A figure left blank ("" or null) is not given: None, never 0."""
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


# A figure the report prints that the department must state: omitted (or left blank) it is None —
# not given — and a sentence or table cell that needs it reports it missing instead of printing 0
# (a department that had none writes 0). The one place that decides absent ≠ zero.
MISSING_NOTE = "省略即未给出：印出它的句子和表格提示缺少该数，不作推测；没有时写0"
Figure = Annotated[Money | None, BeforeValidator(_given)]
CountFigure = Annotated[Count | None, BeforeValidator(_given)]


def figure(description: str = "") -> Any:
    """The field of a ``Figure``/``CountFigure``: not given unless the input states it."""
    return Field(None, description=f"{description}（{MISSING_NOTE}）" if description else MISSING_NOTE)
Text = Annotated[str, BeforeValidator(lambda v: "" if v is None else v)]

FUNCTION_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
ECONOMIC_CODE = re.compile(r"^\d{3}(\d{2})?$")


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Reasons(Base):
    """主要原因 of a difference: against the prior year and against the budget."""

    vs_prior: Text = ""
    vs_budget: Text = ""


_UNIT_KINDS = {"行政": "administrative", "行政单位": "administrative", "参公": "civil_service",
               "参照公务员法管理的事业单位": "civil_service", "事业": "institution", "事业单位": "institution"}


def _unit_kind(value: Any) -> Any:
    return _UNIT_KINDS.get(value.strip(), value) if isinstance(value, str) else value


class ScopeUnit(Base):
    """One unit in the 决算 scope, as the Shanghai 单位构成 table lists it."""

    name: str = Field(min_length=1, description="单位名称")
    note: Text = Field("", description="备注，如 预算不单列，并入本级")


class Staff(Base):
    """人员情况: given, the sentence states 编制 and 实有人数 (both needed), and 离退休 when not 0."""

    authorized: CountFigure = figure("编制数")
    actual: CountFigure = figure("实有人数")
    retired: CountFigure = figure("离退休人员（省略时句中不提）")


class Unit(Base):
    name: str = Field(min_length=1, description="单位名称")
    short_name: Text = Field("", description="简称，用于正文（默认与单位名称相同）")
    year: Annotated[int, BeforeValidator(_integer)] = Field(ge=2000, le=2100, description="决算年度")
    fiscal_level: Text = Field("本级", description="财政层级用语，如 区级、市级、省级（名词解释用）")
    kind: Annotated[Literal["administrative", "civil_service", "institution", "other"], BeforeValidator(_unit_kind)] = Field(
        "administrative",
        description="单位性质：administrative 行政单位（行政）/ civil_service 参照公务员法管理的事业单位（参公）/ "
        "institution 事业单位（事业）；决定机关运行经费的写法",
    )
    duties: list[str] = Field(default_factory=list, description="部门主要职责")
    subunits: list[str] = Field(default_factory=list, description="纳入决算的下属单位（不含本级）")
    divisions: list[str] = Field(default_factory=list, description="内设机构")
    scope: list[ScopeUnit] = Field(
        default_factory=list, description="编制范围的单位及备注（含本级；省略时为本级加下属单位）"
    )
    staff: Staff | None = Field(None, description="人员情况")
    report_date: _dt.date | None = Field(None, description="落款日期")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class IncomeBySource(Base):
    """本年收入 by source (收入决算表 columns)."""

    general_budget: Money = Decimal(0)
    gov_fund: Money = Decimal(0)
    state_capital: Money = Decimal(0)
    superior_subsidy: Money = Decimal(0)
    business: Money = Decimal(0)
    operating: Money = Decimal(0)
    affiliated: Money = Decimal(0)
    other: Money = Decimal(0)
    total: Money | None = Field(None, description="本年收入合计（照印，与各列之和核对；省略时为各列之和）")


class SpendingByType(Base):
    """本年支出 by type (支出决算表 columns)."""

    basic: Money = Decimal(0)
    project: Money = Decimal(0)
    to_superior: Money = Decimal(0)
    operating: Money = Decimal(0)
    to_affiliated: Money = Decimal(0)
    total: Money | None = Field(None, description="本年支出合计（照印，与各列之和核对；省略时为各列之和）")


class GeneralBudgetLine(Base):
    """一般公共预算财政拨款 spending of one 项 (表5), with its 年初预算."""

    initial_budget: Money = Field(Decimal(0), description="年初预算数")
    full_budget: Money | None = Field(None, description="全年预算数（调整后预算；地区体例决定正文与哪个比较）")
    basic: Money = Decimal(0)
    project: Money = Decimal(0)
    purpose: Text = Field("", description="主要用于……（上海体例逐项说明）")
    reason: Text = Field("", description="决算数与预算数差异的主要原因")
    total: Money | None = Field(None, description="合计（照印，与基本支出+项目支出核对；省略时为二者之和）")


class FundLine(Base):
    """政府性基金 / 国有资本经营预算财政拨款 of one 项 (表7/表8)."""

    initial_budget: Money | None = Field(
        None, description="年初预算数（表中不印；上海体例正文逐项写“年初预算为X万元”，给出时与之核对）"
    )
    carry_begin: Money = Field(Decimal(0), description="年初结转和结余")
    income: Money = Field(Decimal(0), description="本年收入")
    spending: Money | None = Field(None, description="本年支出小计（照印，与基本支出+项目支出核对；省略时为二者之和）")
    basic: Money = Decimal(0)
    project: Money = Decimal(0)
    carry_end: Money = Field(Decimal(0), description="年末结转和结余")


class FunctionItem(Base):
    """One 支出功能分类 项 (7-digit code); 类 and 款 rows are derived from these."""

    code: Code
    name: str = Field(min_length=1)
    income: IncomeBySource = Field(default_factory=IncomeBySource)
    spending: SpendingByType = Field(default_factory=SpendingByType)
    general_budget: GeneralBudgetLine = Field(default_factory=GeneralBudgetLine)
    gov_fund: FundLine = Field(default_factory=FundLine)
    state_capital: FundLine = Field(default_factory=FundLine)

    @field_validator("code")
    @classmethod
    def _seven_digits(cls, value: str) -> str:
        if not re.fullmatch(r"\d{7}", value):
            raise ValueError(f"功能分类科目编码应为7位（项）数字，或照印的3位（类）、5位（款）数字，实际为 '{value}'")
        return value


def is_subtotal_code(code: Any) -> bool:
    """A 类 (3-digit) or 款 (5-digit) code: a subtotal row of a 支出功能分类 table."""
    text = str(code).strip() if isinstance(code, (str, int)) and not isinstance(code, bool) else ""
    return bool(re.fullmatch(r"\d{3}|\d{5}", text))


class PrintedGeneralBudget(Base):
    """表5 一般公共预算财政拨款支出决算表: a 类/款 row or the 合计 row as printed. Each column is
    compared only when given (a region's 表5 may not print 年初预算; a report may state only a
    row's 合计); a column left out is the sum of the rows below it."""

    initial_budget: Money | None = Field(None, description="年初预算数（照印；表中未印时省略）")
    full_budget: Money | None = Field(None, description="全年预算数（照印；表中未印时省略）")
    basic: Money | None = Field(None, description="基本支出（照印；空白为0）")
    project: Money | None = Field(None, description="项目支出（照印；空白为0）")
    total: Money | None = Field(None, description="合计（照印）")


class FunctionSubtotal(Base):
    """A 类 (3-digit) or 款 (5-digit) row of the 支出功能分类 tables as printed, written in
    ``functions`` among the 项 rows exactly as the table lists it. Each table's part (表2 ``income``,
    表3 ``spending``, 表5 ``general_budget``, 表7 ``gov_fund``, 表8 ``state_capital``) is given or
    not; a part given is that table's row (a blank cell is 0), compared with the sum of the rows
    below it and, within the tolerance, printed as given."""

    code: Code
    name: Text = ""
    income: IncomeBySource | None = Field(None, description="表2 收入决算表的这一行")
    spending: SpendingByType | None = Field(None, description="表3 支出决算表的这一行")
    general_budget: PrintedGeneralBudget | None = Field(None, description="表5 一般公共预算财政拨款支出决算表的这一行")
    gov_fund: FundLine | None = Field(None, description="表7 政府性基金预算财政拨款收入支出决算表的这一行")
    state_capital: FundLine | None = Field(None, description="表8 国有资本经营预算财政拨款收入支出决算表的这一行")

    @field_validator("code")
    @classmethod
    def _class_code(cls, value: str) -> str:
        if not is_subtotal_code(value):
            raise ValueError(f"功能分类类、款级科目编码应为3位或5位数字，实际为 '{value}'")
        return value


class CodedAmount(Base):
    """An amount of one classification code; ``CODES`` says which codes, ``WHAT`` names them."""

    CODES: ClassVar[str] = r"\d{5}"
    WHAT: ClassVar[str] = "科目编码"

    code: Code
    amount: Money
    name: Text = ""

    @field_validator("code")
    @classmethod
    def _code_form(cls, value: str) -> str:
        if not re.fullmatch(cls.CODES, value):
            raise ValueError(f"{cls.WHAT}，实际为 '{value}'")
        return value


class ClassAmount(CodedAmount):
    CODES = r"\d{3}"
    WHAT = "功能分类类级科目编码应为3位数字"


class OverviewTotals(Base):
    """表1 收入支出决算总表 as printed: its rows are compared with 表2/表3 and with each other."""

    income: IncomeBySource | None = Field(None, description="本年收入各项及本年收入合计（total）")
    classes: list[ClassAmount] = Field(default_factory=list, description="本年支出的各类（类级科目编码与决算数）")
    spending_total: Money | None = Field(None, description="本年支出合计")
    income_side_total: Money | None = Field(None, description="收入总计")
    spending_side_total: Money | None = Field(None, description="支出总计")


class FiscalFunds(Base):
    general_budget: Money = Decimal(0)
    gov_fund: Money = Decimal(0)
    state_capital: Money = Decimal(0)


class FiscalClass(Base):
    """A 类 row of 表4 财政拨款收入支出决算总表's 本年支出, as printed."""

    code: Code
    name: Text = ""
    total: Money | None = Field(None, description="合计")
    general_budget: Money = Field(Decimal(0), description="一般公共预算财政拨款")
    gov_fund: Money = Field(Decimal(0), description="政府性基金预算财政拨款")
    state_capital: Money = Field(Decimal(0), description="国有资本经营预算财政拨款")

    @field_validator("code")
    @classmethod
    def _class_code(cls, value: str) -> str:
        if not re.fullmatch(ClassAmount.CODES, value):
            raise ValueError(f"{ClassAmount.WHAT}，实际为 '{value}'")
        return value


class FiscalTotals(Base):
    """表4 财政拨款收入支出决算总表 as printed: compared with 表2 (财政拨款收入), 表5/表7/表8 (each
    fund's 类 rows and 合计) and with its own sums."""

    income: FiscalFunds | None = Field(None, description="本年收入（按资金）")
    income_total: Money | None = Field(None, description="本年收入合计")
    classes: list[FiscalClass] = Field(default_factory=list, description="本年支出的各类（按资金）")
    spending: FiscalFunds | None = Field(None, description="本年支出合计（按资金）")
    spending_total: Money | None = Field(None, description="本年支出合计")
    income_side_total: Money | None = Field(None, description="收入总计")
    spending_side_total: Money | None = Field(None, description="支出总计")


class PrintedBudgetActual(Base):
    budget: Money | None = Field(None, description="预算数")
    actual: Money | None = Field(None, description="决算数")


class ThreePublicTotals(Base):
    """表9 财政拨款“三公”经费支出决算表 as printed: its 合计 and the 公务用车购置及运行费 小计."""

    total: PrintedBudgetActual | None = Field(None, description="合计")
    vehicle: PrintedBudgetActual | None = Field(None, description="公务用车购置及运行费（小计）")


class BasicTotals(Base):
    """表6 一般公共预算财政拨款基本支出决算表: its 合计 rows as printed (the 类 rows 301/302/303/310
    are written in ``basic_expenditure`` with their 3-digit codes)."""

    personnel: Money | None = Field(None, description="人员经费合计")
    public: Money | None = Field(None, description="公用经费合计")


class PrintedTotals(Base):
    """The 合计/总计 rows of the 公开表 as printed. Each is compared with its items and with the same
    figure in the other tables; within the tolerance it is printed as given, never replaced."""

    overview: OverviewTotals | None = Field(None, description="表1 收入支出决算总表")
    fiscal: FiscalTotals | None = Field(None, description="表4 财政拨款收入支出决算总表")
    income: IncomeBySource | None = Field(None, description="表2 收入决算表 合计行")
    spending: SpendingByType | None = Field(None, description="表3 支出决算表 合计行")
    general_budget: PrintedGeneralBudget | None = Field(None, description="表5 一般公共预算财政拨款支出决算表 合计行")
    basic_expenditure: BasicTotals | None = Field(None, description="表6 人员经费合计、公用经费合计")
    three_public: ThreePublicTotals | None = Field(None, description="表9 “三公”经费合计、公务用车小计")
    gov_fund: FundLine | None = Field(None, description="表7 政府性基金预算财政拨款收入支出决算表 合计行")
    state_capital: FundLine | None = Field(None, description="表8 国有资本经营预算财政拨款收入支出决算表 合计行")


class FunctionClass(Base):
    """Name and narrative of a 类 (3-digit) or 款 (5-digit) code."""

    name: Text = ""
    purpose: Text = Field("", description="结构说明：主要是用于……")


class Balances(Base):
    """收入支出决算总表 rows besides 本年收入/支出."""

    non_fiscal_balance_used: Money = Field(Decimal(0), description="使用非财政拨款结余")
    carry_begin: Money = Field(Decimal(0), description="年初结转和结余")
    balance_distribution: Money = Field(Decimal(0), description="结余分配")
    carry_end: Money = Field(Decimal(0), description="年末结转和结余")


class FiscalCarry(Base):
    """财政拨款 年初/年末结转和结余 by fund (表4)."""

    begin: FiscalFunds = Field(default_factory=FiscalFunds)
    end: FiscalFunds = Field(default_factory=FiscalFunds)


class EconomicItem(CodedAmount):
    CODES = r"\d{3}|\d{5}"
    WHAT = "经济分类科目编码应为3位（类，照印的小计）或5位（款）数字"


class BudgetedItem(Base):
    budget: Figure = figure("全年预算数")
    actual: Figure = figure("决算数")
    prior: Money | None = Field(
        None, description="上年决算数（省略即未给出：需要与上年比较的句子提示缺少该数，不作推测；上年为0时写0）"
    )
    reasons: Reasons = Field(default_factory=Reasons)


class Outbound(BudgetedItem):
    groups: CountFigure = figure("出国（境）团组数（有支出时印出）")
    people: CountFigure = figure("出国（境）人次（有支出时印出）")
    purpose: Text = Field("", description="主要用于开展以下工作")


class VehiclePurchase(BudgetedItem):
    count: CountFigure = figure("本年度购置（更新）公务用车数（有购置费时印出）")
    purpose: Text = ""


class VehicleOperation(BudgetedItem):
    stock: CountFigure = figure("年末开支财政拨款的公务用车保有量")
    purpose: Text = ""


class ReceptionPart(Base):
    """外宾接待 or 国内公务接待. A part the input does not mention at all (no field of it written)
    is no part of the department's reception when the other part is written (``accounts``)."""

    actual: Figure = figure("决算数")
    prior: Money | None = Field(None, description="上年决算数（省略即未给出）")
    batches: CountFigure = figure("接待批次（团组）（有支出时印出）")
    people: CountFigure = figure("接待人次（不包括陪同人员）（有支出时印出）")
    visitors: Text = Field("", description="来访对象主要是")
    purpose: Text = Field("", description="主要用于")


class Reception(Base):
    budget: Figure = figure("全年预算数")
    prior: Money | None = Field(
        None, description="上年决算数（公务接待费合计；省略时为外宾接待与国内公务接待的上年数之和，二者都给出时）"
    )
    foreign: ReceptionPart = Field(default_factory=ReceptionPart)
    domestic: ReceptionPart = Field(default_factory=ReceptionPart)
    reasons: Reasons = Field(default_factory=Reasons)


class ThreePublic(Base):
    """财政拨款“三公”经费: budget (全年预算), actual (决算) and prior year, item by item."""

    outbound: Outbound = Field(default_factory=Outbound)
    vehicle_purchase: VehiclePurchase = Field(default_factory=VehiclePurchase)
    vehicle_operation: VehicleOperation = Field(default_factory=VehicleOperation)
    reception: Reception = Field(default_factory=Reception)
    vehicle_reasons: Reasons = Field(default_factory=Reasons, description="公务用车购置及运行费合计的原因")
    reasons: Reasons = Field(default_factory=Reasons, description="“三公”经费合计的原因")


class OperatingExpenses(Base):
    """机关运行经费."""

    actual: Money | None = Field(None, description="决算数；省略时取基本支出表的公用经费合计")
    budget: Money | None = Field(None, description="年初预算数")
    prior: Money | None = Field(None, description="上年决算数")
    compare_to: Literal["budget", "prior"] = "budget"
    reason: Text = ""


class ProcurementKind(Base):
    total: Figure = figure("采购支出金额")
    sme: Figure = figure("授予中小企业合同金额（体例印出时）")


class ReservedProcurement(Base):
    """上海体例：面向中小企业预留的政府采购项目（预算金额）与中标或成交金额."""

    sme_budget: Figure = figure("面向中小企业预留政府采购项目预算金额")
    small_micro_budget: Figure = figure("其中面向小微企业预留政府采购项目预算金额")
    sme_awarded: Figure = figure("预留项目中由中小企业供应商中标或成交的采购金额")
    small_micro_awarded: Figure = figure("小微企业预留项目中由小微企业供应商中标或成交的采购金额")
    other_sme_awarded: Figure = figure("其他政府采购项目中由中小企业供应商中标或成交的采购金额")


class Procurement(Base):
    goods: ProcurementKind = Field(default_factory=ProcurementKind)
    works: ProcurementKind = Field(default_factory=ProcurementKind)
    services: ProcurementKind = Field(default_factory=ProcurementKind)
    small_micro: Figure = figure("授予小微企业合同金额（体例印出时）")
    reserved: ReservedProcurement | None = Field(None, description="预留项目的金额（上海体例）")


class Vehicles(Base):
    """车辆 by category: each is printed, so each is stated (0 when none)."""

    senior_leader: CountFigure = figure()
    principal: CountFigure = figure()
    confidential: CountFigure = figure()
    emergency: CountFigure = figure()
    law_enforcement: CountFigure = figure()
    special_technical: CountFigure = figure()
    retiree_service: CountFigure = figure()
    other: CountFigure = figure()


class Assets(Base):
    vehicles: Vehicles = Field(default_factory=Vehicles)
    other_vehicle_note: Text = Field("", description="其他用车主要是")
    equipment_over_1m: CountFigure = figure("单位价值100万元以上专用设备（台/套）")


# --- 绩效自评 (domain.md §6): indicators, funds, the department-wide evaluation ---------------

_KIND_ALIASES = {">=": "≥", "≥": "≥", "<=": "≤", "≤": "≤", "=": "=", "＝": "=", "定性": "定性", "qualitative": "定性"}


def _indicator_kind(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in _KIND_ALIASES:
        return _KIND_ALIASES[value.strip()]
    return value


Score = Annotated[Decimal, BeforeValidator(_money), Field(ge=0, le=100)]
Measure = Annotated[Decimal, BeforeValidator(_money), Field(decimal_places=6)]


class Indicator(Base):
    """One 三级指标 of a 绩效指标 tree, with its target (set at budget time) and the actual value."""

    level1: Text = Field("", description="一级指标：产出指标 / 效益指标 / 满意度指标（整体：运行成本…；整体自评表未列一级指标时可省略）")
    level2: Text = Field("", description="二级指标：数量指标、质量指标、时效指标、成本指标……（原表未列时可省略）")
    name: str = Field(min_length=1, description="三级指标")
    kind: Annotated[Literal["≥", "≤", "=", "定性"], BeforeValidator(_indicator_kind)] = Field(
        "定性", description="指标性质：≥ / ≤ / = （定量）或 定性"
    )
    target: Measure | None = Field(None, description="年度指标值（定量，数字）")
    actual: Measure | None = Field(None, description="实际完成值（定量，数字）")
    unit: Text = Field("", description="度量单位，如 %、人、次")
    target_text: Text = Field("", description="年度指标值（定性，或定量的显示文字）")
    actual_text: Text = Field("", description="实际完成值（定性，或定量的显示文字）")
    achieved: Literal["达成", "部分达成", "未达成"] | None = Field(None, description="定性指标的完成档次")
    ratio: Annotated[Decimal, BeforeValidator(_money), Field(ge=0, le=100)] | None = Field(
        None, description="定性指标得分比例（%）：达成 80–100，部分达成 60–80，未达成 0–60；达成时默认 100"
    )
    points: Annotated[Decimal, BeforeValidator(_money), Field(ge=0, le=100)] | None = Field(
        None, description="分值；省略时平分该一级指标的权重"
    )
    criteria: Text = Field("", description="评价要点（整体自评表）")
    category: Text = Field("", description="指标分类，如 绩效基本型（整体自评表）")
    score: Score | None = Field(None, description="填报的得分；与计算结果不符时提示")
    deviation: Text = Field("", description="偏差原因分析")
    measures: Text = Field("", description="改进措施")


class FundRow(Base):
    initial_budget: Money | None = Field(None, description="年初预算数")
    budget: Money = Field(Decimal(0), description="全年预算数")
    actual: Money = Field(Decimal(0), description="全年执行数")


class ProjectFunds(Base):
    """项目资金 by source; omitted, everything is 本年财政拨款."""

    fiscal: FundRow = Field(default_factory=FundRow, description="本年财政拨款")
    carryover: FundRow = Field(default_factory=FundRow, description="上年结转")
    other: FundRow = Field(default_factory=FundRow, description="其他资金")


class Goal(Base):
    """年度总体目标: 预期目标 vs 实际完成情况."""

    expected: Text = Field("", description="预期目标")
    achieved: Text = Field("", description="实际完成情况")


class Weights(Base):
    """一级指标 weights of a project self-evaluation (domain.md §6 default 50/30/10/10). When every
    indicator of a 一级 has its 分值 (the 绩效目标 file's points), that 一级's weight is their sum."""

    output: Annotated[Decimal, BeforeValidator(_money)] = Field(Decimal(50), description="产出指标")
    benefit: Annotated[Decimal, BeforeValidator(_money)] = Field(Decimal(30), description="效益指标")
    satisfaction: Annotated[Decimal, BeforeValidator(_money)] = Field(Decimal(10), description="满意度指标")
    execution: Annotated[Decimal, BeforeValidator(_money)] = Field(Decimal(10), description="预算执行率")
    cost: Annotated[Decimal, BeforeValidator(_money)] | None = Field(
        None, description="成本指标（作一级指标时）；省略时成本指标与产出指标共用产出指标的权重"
    )


class FundsAnalysis(Base):
    """资金投入情况分析：金额由决算数据计算（年初预算取支出功能分类的年初预算数合计，实际到位取本年收入合计，
    支出取本年支出合计），这里只填单位自己的文字和年初预算的基本/项目划分。"""

    subject: Text = Field("", description="分析中的单位称谓（原文，如 区政府办公室；省略时用单位简称）")
    initial_basic: Money | None = Field(None, description="年初预算中的基本支出（万元）")
    initial_project: Money | None = Field(None, description="年初预算中的项目支出（万元），与各项目年初预算数合计比对")
    arrival_reason: Text = Field("", description="资金到位偏移原因（原文）")
    execution_rate: Measure | None = Field(
        None, description="填报的资金执行率（%）：照填报数印出，与计算值（支出÷实际到位）不符时提示；省略时印计算值"
    )
    execution_reason: Text = Field("", description="资金执行偏移原因（原文）")
    management: Text = Field("", description="资金管理情况分析（原文）")


class DepartmentEvaluation(Base):
    """部门整体支出绩效自评 (seed 001 annex; seed 004 indicator tree)."""

    goal: Text = Field("", description="年度绩效目标")
    initial_budget: Money | None = Field(None, description="年初预算数（整体）")
    funds_arrival: Text = Field("", description="资金到位情况分析")
    funds_execution: Text = Field("", description="资金执行情况分析")
    funds_management: Text = Field("", description="资金管理情况分析")
    achievements: list[str] = Field(default_factory=list, description="绩效目标完成情况分析")
    measures: list[str] = Field(default_factory=list, description="下一步改进措施")
    budget_use: Text = Field("", description="拟与预算安排相结合情况")
    publication: Text = Field("", description="拟公开情况")
    indicators: list[Indicator] = Field(default_factory=list)
    score: Score | None = Field(None, description="填报的自评得分（照印）；有指标时与计算结果比对，不符时提示")
    deviation: Text = Field("", description="偏差大或目标未完成原因分析")
    improvement: Text = Field("", description="改进措施及结果应用方案")
    title: Text = Field("", description="自评报告标题（原文；省略时为“X年度单位部门整体支出绩效自评报告”）")
    table_title: Text = Field("", description="自评表标题（原文；省略时为“X年度单位部门整体支出绩效自评表”）")
    notice: Text = Field("", description="报告开头的依据段落（原文，如 根据《财政局关于……的通知》要求……现将有关情况报告如下：）")
    funds: FundsAnalysis | None = Field(None, description="资金到位/执行/管理分析（金额由数据计算，原因照印）")
    work: Text = Field("", description="绩效自评工作开展情况（原文；省略时用 performance.evaluation_work）")
    score_sentence: Text = Field("", description="自评得分前的评价范围说明（原文，如 本次自评通过对部门整体支出的产出指标、效益指标等各方面进行综合评价）")
    table_goal: Text = Field("", description="自评表中的年度目标（原文；省略时同 goal）")
    date: _dt.date | None = Field(None, description="报告落款日期（省略时用 unit.report_date）")
    table_date: _dt.date | None = Field(None, description="自评表填报日期（省略时同落款日期）")
    table_notes: list[str] = Field(default_factory=list, description="自评表下方的备注（原文，逐条）")


class ProjectEvaluation(Base):
    """One project's self-evaluation (项目支出绩效自评): 十三（二） and its own report."""

    name: str = Field(min_length=1)
    budget: Money = Field(description="全年预算数")
    actual: Money = Field(description="全年执行数")
    score: Score | None = Field(None, description="填报的自评得分；有指标时与计算结果比对")
    outputs: list[str] = Field(default_factory=list, description="主要产出和效益")
    problems: list[str] = Field(default_factory=list, description="发现的问题及原因")
    measures: list[str] = Field(default_factory=list, description="下一步改进措施")
    initial_budget: Money | None = Field(None, description="年初预算数")
    funds: ProjectFunds | None = Field(None, description="项目资金按来源；省略时全部为本年财政拨款")
    supervisor: Text = Field("", description="主管部门（默认本单位）")
    implementer: Text = Field("", description="实施单位（默认本单位）")
    purpose: Text = Field("", description="立项目的")
    goal: Goal = Field(default_factory=Goal, description="年度总体目标")
    indicators: list[Indicator] = Field(default_factory=list, description="绩效指标（三级）")
    execution_reason: Text = Field("", description="执行率偏差原因")
    report_problems: list[str] | None = Field(None, description="自评报告中的存在问题（省略时同 problems）")
    evidence: list[str] = Field(default_factory=list, description="其他佐证材料")
    title: Text = Field("", description="自评报告标题（原文；省略时为“X年度项目名称项目绩效自评报告”）")
    table_title: Text = Field("", description="自评表标题（原文；省略时为“X年度项目名称项目支出绩效自评表”）")
    met_targets: Text = Field("", description="完成的绩效目标（原文照印；省略时由指标列出）")
    unmet_targets: Text = Field("", description="未完成的绩效目标及原因（原文照印；省略时由指标列出）")
    report_measures: list[str] | None = Field(None, description="自评报告中的下一步拟改进措施（原文，逐条；省略时同 measures）")
    weights: Weights | None = Field(None, description="本项目的权重（省略时用 performance.weights）")


class ProjectCount(Base):
    projects: CountFigure = figure("项目个数")
    amount: Figure = figure("涉及预算金额")


class SelfEvaluationFigures(ProjectCount):
    average_score: Score | None = Field(None, description="平均得分")
    grades: dict[str, Count] = Field(default_factory=dict, description="各等级的项目数，如 优: 4（未列的等级为0个）")
    problems: CountFigure = figure("发现问题个数")
    rectified: CountFigure = figure("已经完成整改的")
    rectifying: CountFigure = figure("正在整改的")


class PerformanceFigures(Base):
    """预算绩效管理情况 given as figures (when per-project records are not in the input)."""

    targets: ProjectCount = Field(default_factory=ProjectCount, description="编报绩效目标的项目")
    tracking: ProjectCount = Field(default_factory=ProjectCount, description="绩效跟踪评价的项目")
    self_evaluation: SelfEvaluationFigures = Field(default_factory=SelfEvaluationFigures, description="绩效自评的项目")


class Performance(Base):
    summary: PerformanceFigures | None = Field(None, description="预算绩效管理的汇总数字（未逐项目填写时直接给出）")
    management: list[str] = Field(default_factory=list, description="预算绩效管理工作开展情况")
    department: list[str] = Field(default_factory=list, description="部门整体支出绩效评价情况")
    result_use: list[str] = Field(default_factory=list, description="绩效评价结果应用情况")
    projects: list[ProjectEvaluation] = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights, description="项目自评权重")
    grades: Literal["default", "shanghai"] | None = Field(
        None, description="等级：default 优/良/中/差，shanghai 优/良/合格/不合格（省略时随地区体例）"
    )
    evaluation_work: Text = Field("", description="部门自评工作开展情况（各报告共用）")
    funds: FundsAnalysis | None = Field(None, description="十三（一）资金到位/执行/管理分析（金额由数据计算，原因照印）")
    annex_headings: list[str] = Field(
        default_factory=list,
        description="第六部分 附件的分组标题（原文，不含序号），依次为部门整体、项目，如 2023年度曾都区人民政府整体绩效评价报告",
    )
    covers_all_projects: bool = Field(
        False, description="自评覆盖全部项目支出：是则十三写“资金”为一般公共预算项目支出总额（与各项目执行数合计不符时提示）"
    )
    department_evaluation: DepartmentEvaluation | None = Field(None, description="部门整体支出绩效自评")
    targets: Text = Field(
        "",
        description="绩效目标文件（预算编制时的项目绩效目标表/部门整体支出绩效目标表，YAML），路径相对于本输入文件；"
        "给出时项目按名称、指标按（一级、二级、三级指标）或三级指标名称与之合并，年终只需填写实际完成值及原因，"
        "年度总体目标、指标性质、年度指标值、度量单位、分值取自该文件且不能更改（见 reportgen.selfeval.targets）",
    )


class SpecialTransfer(Base):
    name: str
    amount: Money
    description: Text = ""




class PriorYear(Base):
    """The prior year's figures the comparisons need (上年决算数). Each is optional: only the
    comparisons the region prints need theirs, and a missing one is reported, never guessed."""

    total: Money | None = Field(None, description="收、支总计")
    income_total: Money | None = Field(None, description="本年收入合计")
    expenditure_total: Money | None = Field(None, description="本年支出合计")
    fiscal_total: Money | None = Field(None, description="财政拨款收、支总计")
    fiscal_income: FiscalFunds | None = Field(None, description="财政拨款收入 by fund（给出时未写的资金为0）")
    general_budget_expenditure: Money | None = Field(None, description="一般公共预算财政拨款支出")


class FundReasons(Base):
    general_budget: Text = ""
    gov_fund: Text = ""
    state_capital: Text = ""


class ChangeReasons(Base):
    """主要原因 of the year-on-year changes the text explains."""

    total: Text = Field("", description="收、支总计变动")
    income: Text = Field("", description="收入合计变动")
    expenditure: Text = Field("", description="支出合计变动")
    fiscal_total: Text = Field("", description="财政拨款收、支总计变动")
    fiscal_income: FundReasons = Field(default_factory=FundReasons)
    general_budget_expenditure: Text = Field("", description="一般公共预算财政拨款支出变动")
    general_budget_vs_budget: Text = Field("", description="一般公共预算财政拨款支出决算数与预算数差异的总体原因（五（三））")


class Presentation(Base):
    percent_places: int | None = Field(None, ge=0, le=4, description="百分比小数位数（省略时随地区体例：默认 1 位，上海 2 位）")
    zero_categories: Literal["list", "omit"] | None = Field(
        None, description="收入/支出构成中金额为0的类别：list 列出为0，omit 不列（省略时随地区体例）"
    )
    region: str = Field(
        "default", min_length=1,
        description="地区体例：内置 default、shanghai，或体例文件（.yaml，路径相对于本输入文件）；reportgen regions 列出",
    )
    charts: Literal["native", "image"] | None = Field(
        None, description="图表形式：native 可在 Word/WPS 中编辑的图表，image 图片（省略时随地区体例；体例为 none 时不印图）"
    )
    labels: dict[str, str] = Field(default_factory=dict, description="术语改写，如 vehicles.senior_leader")
    glossary: dict[str, str | None] = Field(
        default_factory=dict, description="名词解释：改写或增加（术语 → 解释），null 删除该条；编号自动重排"
    )
    selfeval_score: Literal["declared", "computed"] = Field(
        "declared", description="自评得分印填报数（declared，计算值只作核对）或计算数（computed）"
    )


class FinalAccounts(Base):
    """部门决算: everything the explanatory report needs, for one department and one year."""

    kind: Literal["final_accounts", "selfeval"] = Field(
        "final_accounts", description="报告种类：final_accounts 部门决算（默认）；selfeval 绩效自评报告"
    )
    unit: Unit
    amount_unit: Literal["万元", "元"] = Field(
        "万元", description="金额单位：万元（默认）；元 — 按会计系统导出，读入后经舍位平衡换算为万元"
    )
    presentation: Presentation = Field(default_factory=Presentation)
    functions: list[FunctionItem] = Field(
        default_factory=list,
        description="支出功能分类（项级）；可按公开表逐行照抄类、款行（3位、5位编码，照印的小计），程序与项核对",
    )
    function_subtotals: list[FunctionSubtotal] = Field(
        default_factory=list, description="照印的类、款行（在 functions 中与项行一起按表格顺序填写，读入时分出）"
    )
    totals: PrintedTotals = Field(default_factory=PrintedTotals, description="公开表的合计、总计行（照印，与明细核对）")
    function_classes: dict[Code, FunctionClass] = Field(default_factory=dict)
    balances: Balances = Field(default_factory=Balances)
    fiscal_carry: FiscalCarry = Field(default_factory=FiscalCarry)
    basic_expenditure: list[EconomicItem] = Field(default_factory=list, description="一般公共预算财政拨款基本支出（经济分类款级）")
    three_public: ThreePublic = Field(default_factory=ThreePublic)
    operating_expenses: OperatingExpenses = Field(default_factory=OperatingExpenses)
    procurement: Procurement = Field(default_factory=Procurement)
    assets: Assets = Field(default_factory=Assets)
    performance: Performance = Field(default_factory=Performance)
    special_transfers: list[SpecialTransfer] = Field(default_factory=list)
    other_notes: list[str] = Field(default_factory=list, description="其他需要说明的情况")
    prior_year: PriorYear = Field(default_factory=PriorYear)
    reasons: ChangeReasons = Field(default_factory=ChangeReasons)

    _region: Any = PrivateAttr(None)  # the resolved region profile (reportgen.regions.attach)

    @model_validator(mode="before")
    @classmethod
    def _split_subtotals(cls, data: Any) -> Any:
        """类/款 rows written among the 项 rows of ``functions`` (as the table prints them) go to
        ``function_subtotals``; the loader maps their places back (``subtotal_renames``)."""
        if not isinstance(data, dict) or not isinstance(data.get("functions"), list):
            return data
        rows = data["functions"]
        moved = [row for row in rows if isinstance(row, dict) and is_subtotal_code(row.get("code"))]
        if not moved:
            return data
        data = dict(data)
        data["functions"] = [row for row in rows if not (isinstance(row, dict) and is_subtotal_code(row.get("code")))]
        data["function_subtotals"] = [*(data.get("function_subtotals") or []), *moved]
        return data

    @field_validator("function_classes")
    @classmethod
    def _class_codes(cls, value: dict[str, FunctionClass]) -> dict[str, FunctionClass]:
        for code in value:
            if not re.fullmatch(r"\d{3}|\d{5}", code):
                raise ValueError(f"function_classes 的键应为3位（类）或5位（款）编码，实际为 '{code}'")
        return value


def absent_part(model: BaseModel, path: str) -> str:
    """The outermost part of ``path`` (``three_public.outbound.actual``) the input does not write:
    a figure of a section left out altogether is reported once, at the section (whose place is
    the nearest written parent's), not figure by figure. ``path`` itself when its parents are
    written (or the path is not a plain chain of fields)."""
    node: Any = model
    parts = path.split(".")
    for depth, name in enumerate(parts[:-1]):
        if not isinstance(node, BaseModel) or "[" in name or name not in type(node).model_fields:
            return path
        if name not in node.model_fields_set:
            return ".".join(parts[: depth + 1])
        node = getattr(node, name)
    return path
