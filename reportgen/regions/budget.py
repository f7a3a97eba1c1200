"""Region profiles of the 部门预算 report (``kind: budget``; ``sichuan.yaml`` ships, seed 002).

Read, merged (``extends: sichuan``), validated and listed by the same machinery as the 决算
profiles (``reportgen.regions``): the parts, sections and subsections in order with their
headings (numbers computed), the content blocks under them (``reportgen.budget.outline``), the
sentences keyed by id with the placeholders each may use, the fourteen tables with their numbers
and titles, the 名词解释 and the labels of the budget's rows and lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from . import PLACEHOLDER, Part, _Base, _check_outline, _check_sentences, _Placed, each_once, fill

COMMON = ("unit", "short", "year", "prior", "fiscal_level")

# sentence id -> the placeholders it may use besides COMMON (the figures reportgen computes)
SENTENCES: dict[str, tuple[str, ...]] = {
    # 第一部分
    "composition": ("total", "administrative", "civil_servant", "institution"),
    "composition_names": ("names",),
    # 一 收支预算
    "scope": (),
    "scope_lists": ("sources", "classes"),
    "compared_change": ("subject", "amount", "against", "change", "reason"),
    "compared_flat": ("subject", "amount", "against"),
    "compared_none": ("subject", "amount"),
    "total_subject": (),
    "total_against": (),
    "new_projects": ("count", "listing", "amount"),
    "carryover_reason": ("label", "amount"),
    "income": ("amount", "items"),
    "spending": ("amount", "items"),
    "share_item": ("label", "amount", "share"),
    # 二 财政拨款
    "fiscal_subject": (),
    "fiscal_against": (),
    "fiscal_lists": ("incomes", "spending"),
    "fiscal_income_current": ("label", "amount"),
    "fiscal_income_carryover": ("label", "amount"),
    # 三 一般公共预算当年拨款
    "general_budget_subject": (),
    "general_budget_against": (),
    "structure_empty": (),
    "detail": ("n", "class_name", "kuan", "item", "amount"),
    "detail_purpose": ("purpose",),
    # 四 基本支出
    "basic_personnel": ("total", "amount"),
    "basic_public": ("amount",),
    "basic_items": ("items",),
    # 五 “三公”
    "three_public_none": (),
    "three_public_lead": ("amount",),
    "three_public_lead_change": ("change",),
    "three_public_lead_flat": (),
    "three_public_lead_items": ("items",),
    "three_public_no_prior": ("mark", "label", "amount"),
    "three_public_flat": ("mark", "label"),
    "three_public_flat_purpose": ("label", "purpose"),
    "three_public_change": ("mark", "label", "change"),
    "three_public_reason": ("reason",),
    "vehicle_stock": ("count", "types"),
    "vehicle_purchase": ("amount",),
    "vehicle_purchase_count": ("count",),
    "vehicle_purchase_none": (),
    "vehicle_operation": ("amount", "count"),
    "vehicle_operation_purpose": ("purpose",),
    # 六 七 政府性基金、国有资本经营
    "fund": ("label", "amount", "basic", "project"),
    "fund_change": ("change", "reason"),
    "fund_flat": (),
    "gov_fund_empty": (),
    "state_capital_empty": (),
    # 八 其他重要事项
    "operating_change": ("amount", "change"),
    "operating_flat": ("amount",),
    "operating_empty": (),
    "procurement": ("amount", "goods", "works", "services"),
    "procurement_empty": (),
    "assets_stock": ("date", "count", "uses", "threshold", "equipment"),
    "assets_nothing_planned": ("threshold",),
    "assets_planned_lead": ("count",),
    "assets_planned": ("fiscal", "non_fiscal", "uses", "equipment_budget", "equipment"),
    "performance_intro": (),
    "performance_summary": (
        "count", "amount", "personnel_count", "personnel", "operation_count", "operation", "specific_count", "specific",
    ),
    # 第三部分 notes under a table
    "targets_missing": (),
    "empty_table_note": ("title",),
}
ALLOWED: dict[str, tuple[str, ...]] = {key: (*COMMON, *names) for key, names in SENTENCES.items()}

TABLE_KEYS = ("t1", "t1_1", "t1_2", "t2", "t2_1", "t3", "t3_1", "t3_2", "t3_3", "t4", "t4_1", "t5", "t6", "t7")
INCOME_SOURCES = (
    "carryover", "general_budget", "gov_fund", "state_capital", "business", "operating", "other", "superior_subsidy", "affiliated",
    "business_fund_used",
)
GROWTH_SECTIONS = ("total", "fiscal_total", "general_budget", "three_public", "three_public_total", "operating_expenses", "gov_fund", "state_capital")
HEADING_NAMES = ("unit", "short", "year", "prior")


class BudgetTable(_Base):
    key: Literal[TABLE_KEYS]  # type: ignore[valid-type]
    number: str = Field(min_length=1, description="表号，如 表1-1")
    title: str = Field(min_length=1)
    landscape: bool = Field(False, description="横向页面")


class BudgetGlossaryTerm(_Base):
    """One 名词解释 entry, or (functions: true) the place of the 项 entries of the input."""

    term: str = ""
    text: str = ""
    when: Literal["gov_fund", "carryover"] | None = Field(None, description="只在输入用到时印出")
    functions: bool = Field(False, description="此处印出所用的每个功能分类“项”")

    @model_validator(mode="after")
    def _term_or_functions(self) -> BudgetGlossaryTerm:
        if self.functions == bool(self.term):
            raise ValueError("名词解释的每一条应写 term（名词）和 text（解释），或只写 functions: true")
        return self


class SpendingTypes(_Base):
    basic: str = Field(min_length=1)
    project: str = Field(min_length=1)
    to_superior: str = Field(min_length=1)
    to_affiliated: str = Field(min_length=1)


class ThreePublicLabels(_Base):
    outbound: str = Field(min_length=1)
    reception: str = Field(min_length=1)
    vehicle: str = Field(min_length=1)


class VehicleTypes(_Base):
    sedan: str = Field(min_length=1)
    wagon: str = Field(min_length=1)
    suv: str = Field(min_length=1)
    bus_truck: str = Field(min_length=1)


class VehicleUses(_Base):
    directed_support: str = Field(min_length=1)
    law_enforcement: str = Field(min_length=1)


class BudgetRegion(_Base):
    """One 部门预算 region profile (validated)."""

    kind: Literal["budget"]
    name: str = Field(min_length=1)
    title: str = Field(min_length=1, description="中文名称，reportgen regions 列出")
    description: str = ""
    parts: list[Part] = Field(min_length=1)
    tables: list[BudgetTable]
    percent_places: int = Field(2, ge=0, le=4)
    listed_income_sources: list[Literal[INCOME_SOURCES]] = Field(default_factory=list, description="一（一）中即使为0也列出的收入来源")  # type: ignore[valid-type]
    growth_rate_in: list[Literal[GROWTH_SECTIONS]] = Field(default_factory=list, description="印出增长率的段落")  # type: ignore[valid-type]
    large_equipment_threshold: Decimal = Field(Decimal(0), ge=0, description="大型设备单位价值阈值（万元）")
    personnel_groups: dict[str, list[str]] = Field(default_factory=dict, description="四 中合并列出的经济分类款")
    income_sources: dict[Literal[INCOME_SOURCES], str] = Field(description="收入来源的名称，按句中顺序")  # type: ignore[valid-type]
    spending_types: SpendingTypes
    table1_classes: list[tuple[str, str]] = Field(min_length=1, description="表1 支出按类（编码、名称），按印出顺序")
    table2_omit: list[str] = Field(default_factory=list, description="表2 不列的类编码")
    economic_classes: dict[str, str] = Field(default_factory=dict, description="标准目录没有的经济分类名称")
    vehicle_types: VehicleTypes
    vehicle_uses: VehicleUses
    three_public_labels: ThreePublicLabels
    glossary: list[BudgetGlossaryTerm] = Field(default_factory=list)
    framework: dict[str, list[str]] = Field(default_factory=dict, description="表6/表7 绩效指标：一级 → 二级，按印出顺序")
    sentences: dict[str, str | None] = Field(default_factory=dict, description="句式（句式编号 → 文字，null 为不印）")

    _source: str = PrivateAttr("")  # the file it was read from

    @field_validator("tables")
    @classmethod
    def _fourteen_tables(cls, value: list[BudgetTable]) -> list[BudgetTable]:
        each_once([t.key for t in value], TABLE_KEYS, "预算表")
        return value

    @field_validator("income_sources")
    @classmethod
    def _funds_named(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [k for k in ("carryover", "general_budget", "gov_fund", "state_capital") if k not in value]
        if missing:
            raise ValueError(f"收入来源缺少名称：{', '.join(missing)}")
        return value

    @model_validator(mode="after")
    def _known_content_and_sentences(self) -> BudgetRegion:
        from ..budget.outline import CONTENT

        _check_outline(self.parts, CONTENT, HEADING_NAMES)
        _check_sentences(self.sentences, ALLOWED)
        missing = [key for key in SENTENCES if key not in self.sentences]
        if missing:
            raise _Placed("sentences", f"缺少句式 {'、'.join(missing)}（可从 sichuan 继承：extends: sichuan）")
        if sum(1 for term in self.glossary if term.functions) > 1:
            raise _Placed("glossary", "functions: true（功能分类“项”的位置）只能写一次")
        for i, term in enumerate(self.glossary):
            for name in PLACEHOLDER.findall(term.text):
                if name not in COMMON:
                    raise _Placed(f"glossary[{i}].text", f"名词解释中的 {{{name}}} 不可用（可用：{'、'.join('{' + c + '}' for c in COMMON)}）")
        return self

    # -- use ------------------------------------------------------------------------------
    def sentence(self, key: str, **values: object) -> str:
        """Sentence ``key`` with its {placeholders} filled ("" when the profile prints none)."""
        text = self.sentences[key]
        return "" if text is None else self.fill(text, **values)

    @staticmethod
    def fill(text: str, **values: object) -> str:
        """``text`` with its {placeholders} filled from ``values`` (reportgen.regions.fill)."""
        return fill(text, values)

    def get(self, key: str, default: Any = None) -> Any:
        """A setting by name (``profile.get("framework", {})``), as readers of the targets use it."""
        return getattr(self, key, default)


__all__ = ["ALLOWED", "COMMON", "SENTENCES", "TABLE_KEYS", "BudgetRegion"]
