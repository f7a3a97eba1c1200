"""The workbook layout: one declarative description used by ``init``, the reader and ``export``.

The layout is derived from the pydantic model, so a field added to ``reportgen.model`` appears in
the workbook (and round-trips) without touching this package:

* ``functions`` (支出功能分类项) are spread over table sheets shaped like the public tables
  (表2 收入, 表3 支出, 表5 一般公共预算, 表7 政府性基金, 表8 国有资本经营): 科目编码 and 科目名称
  then one column per field of the item's sub-object; 类 and 款 rows carry names only.
* every other list of objects (and the ``function_classes`` map) is a records sheet: one row per
  item; a list inside an item gets its own sheet whose first column is the parent's 序号.
* every other top-level object is a key/value sheet (项目 | 值 | 字段): one row per leaf field,
  labelled with its Chinese description; a list of texts takes one row per entry.

Every sheet has a title (row 1), its amount unit (row 2), and then its header rows. A user sees
Chinese only: sheet names, headers, and the dropdowns' words (``CHOICE_LABELS``: 行政单位 for
``administrative``); the field keys the reader goes by sit in a hidden row (tables) or a hidden
column (key/value sheets).
"""

from __future__ import annotations

import datetime as _dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .. import glossary
from ..model import FinalAccounts

UNIT_ROW = 2  # "单位：万元"
LABEL_ROW = 3  # Chinese column headers
KEY_ROW = 4  # field keys (what the reader goes by); hidden
FIRST_ROW = 5  # table and records sheets: first data row
KV_FIRST_ROW = 4  # key/value sheets: first data row (columns 项目 | 值 | 字段, the last hidden)

PARENT_KEY = "@parent"  # records sheets of nested lists: the parent's 序号 column
DICT_KEY = "@key"  # records sheets of maps: the key column

Kind = Literal["money", "number", "int", "text", "code", "date", "choice", "lines", "bool", "mapping", "pairs"]
# "mapping": a small map in one cell, one "键：值" a line (2022：≤100%; the value of ``item``'s kind);
# "pairs": a list of pairs in one cell, one "甲｜乙" a line (项目｜三级指标).
MAPPING_SEPARATOR = "："
PAIR_SEPARATOR = "｜"


@dataclass(frozen=True)
class Column:
    """One value inside a row object: ``key`` is its dotted path within the row (``income.other``)."""

    key: str
    label: str
    kind: Kind
    choices: tuple[str, ...] = ()
    optional: bool = False  # None is a value of its own (an empty cell means None, not 0)
    width: int = 14
    labels: tuple[str, ...] = ()  # the words the dropdown shows, one per choice
    item: str = ""  # "mapping": the kind of its values
    key_words: tuple[tuple[str, str], ...] = ()  # "mapping": its keys' words (model key → word)
    open_choice: bool = False  # the keys' words are offered, other keys are taken as written


@dataclass(frozen=True)
class TableSheet:
    """A sheet whose rows are the items of the list at ``path`` (``performance.projects``).

    ``path`` may go through lists (``performance.projects[].indicators``): the sheet then has a
    ``PARENT_KEY`` column naming the parent item by its 序号 (1-based). ``hierarchy`` marks the
    支出功能分类 tables, whose 类/款 rows are structure, not items.
    """

    name: str
    title: str
    path: str
    columns: tuple[Column, ...]
    hierarchy: bool = False
    is_map: bool = False
    # hierarchy tables: the code lengths of the structure rows above an item (类 3, 款 5) and
    # whether every item has a row here (else only items with a value in this sheet's columns)
    heads: tuple[int, ...] = (3, 5)
    all_rows: bool = False
    # nested records: the parent is named by its 名称 (a 序号 is still read)
    parent_by_name: bool = False
    zero_blank: bool = False  # an amount of 0 is written as an empty cell (read back as 0)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class Field_:
    """One row of a key/value sheet: ``path`` is the full model path (``unit.duties``)."""

    path: str
    label: str
    kind: Kind
    choices: tuple[str, ...] = ()
    optional: bool = False
    repeated: bool = False  # list of texts: one row per entry, same path
    mapping: bool = False  # dict of texts: one row per key, path ``labels[key]``
    labels: tuple[str, ...] = ()  # the words the dropdown shows, one per choice
    item: str = ""  # kind "mapping": the kind of its values
    open_choice: bool = False  # a dropdown (or a map's key words) that also takes other text
    # a map: its keys are written in column A, one entry a row below the field's own row; the
    # words a key's dropdown shows (model key → word) when the keys are a fixed vocabulary
    key_words: tuple[tuple[str, str], ...] = ()
    key_label: str = "名称"  # what column A holds in an entry row (术语, 科目编码 …)

    @property
    def heading(self) -> str:
        """The text column A shows on the field's own row."""
        return self.label.split("·")[-1]


@dataclass(frozen=True)
class KeyValueSheet:
    name: str
    title: str
    rows: tuple[Field_, ...]


Sheet = TableSheet | KeyValueSheet

# Sheet names and titles of the model's parts; a part not listed here is named after its field.
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "unit": ("单位概况", "单位基本情况"),
    "presentation": ("体例设置", "报告体例设置"),
    "balances": ("结转结余", "收入支出决算总表其他项目"),
    "fiscal_carry": ("财政拨款结转", "财政拨款年初、年末结转和结余"),
    "three_public": ("表9 三公经费", "财政拨款“三公”经费支出决算表及说明"),
    "operating_expenses": ("机关运行经费", "机关运行经费"),
    "procurement": ("政府采购", "政府采购支出情况"),
    "assets": ("国有资产", "国有资产占有使用情况"),
    "performance": ("绩效", "预算绩效情况说明"),
    "prior_year": ("上年数", "上年决算数"),
    "reasons": ("变动原因", "主要变动原因"),
    "function_classes": ("科目说明", "功能分类类、款名称及用途说明"),
    "totals": ("公开表合计", "表1、表4、表6、表9 的合计、总计行（照印，与明细核对）"),
    "totals.overview.classes": ("表1支出各类", "收入支出决算总表：本年支出各类（照印）"),
    "totals.fiscal.classes": ("表4支出各类", "财政拨款收入支出决算总表：本年支出各类（照印）"),
    "basic_expenditure": ("表6", "一般公共预算财政拨款基本支出决算表"),
    "special_transfers": ("专项转移支付", "专项转移支付情况"),
    "performance.projects": ("项目绩效", "项目绩效自评情况"),
    "performance.projects[].indicators": ("项目绩效指标", "项目绩效自评指标（三级指标）"),
    "performance.department_evaluation.indicators": ("部门整体绩效指标", "部门整体支出绩效自评指标（三级指标）"),
    "": ("其他", "其他事项"),
}
# Earlier names of renamed sheets: a workbook written before is still read.
OLD_SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "项目绩效指标": ("绩效指标（三级）",),
    "部门整体绩效指标": ("indicators",),
}
# The 支出功能分类 tables: one per sub-object of FunctionItem (the public tables' numbers).
FUNCTION_TABLES: dict[str, tuple[str, str]] = {
    "income": ("表2", "收入决算表"),
    "spending": ("表3", "支出决算表"),
    "general_budget": ("表5", "一般公共预算财政拨款支出决算表"),
    "gov_fund": ("表7", "政府性基金预算财政拨款收入支出决算表"),
    "state_capital": ("表8", "国有资本经营预算财政拨款收入支出决算表"),
}
# Labels for fields without a description: by the model they belong to, then by field name
# (the public tables' wording, from the glossary). The English path is always shown beside them.
MODEL_LABELS: dict[str, dict[str, str]] = {
    "IncomeBySource": glossary.INCOME_SOURCES,
    "SpendingByType": glossary.SPENDING_TYPES,
    "FiscalFunds": glossary.FISCAL_FUNDS,
    "FundReasons": glossary.FISCAL_FUNDS,
    "ThreePublic": glossary.THREE_PUBLIC,
    "Reception": {"foreign": "外宾接待", "domestic": "国内公务接待"},
    "Outbound": {"groups": "出国（境）团组数", "people": "出国（境）人次"},
    "Vehicles": glossary.VEHICLE_CATEGORIES,
    "Procurement": glossary.PROCUREMENT_KINDS,
    "ChangeReasons": {"fiscal_income": "财政拨款收入变动"},
    "Unit": {"kind": "单位性质"},
    "PriorYear": {"fiscal_income": "财政拨款收入"},
    "Indicator": {
        "target": "年度指标值（数值）",
        "actual": "实际完成值（数值）",
        "target_text": "年度指标值（文字）",
        "actual_text": "实际完成值（文字）",
    },
}
_FUNDS = {"general_budget": "一般公共预算", "gov_fund": "政府性基金", "state_capital": "国有资本经营预算"}
_TARGET_INDICATOR = {
    "target": "年度指标值（数值）",
    "target_text": "年度指标值（文字）",
    "half_year": "半年指标值（数值）",
    "half_year_text": "半年指标值（文字）",
    "sum_of": "部门指标＝所列项目指标之和",
    "history": "近两年指标值",
    "key_task": "履职：重点工作",
    "project": "履职：对应项目",
}
# the 部门预算 input and the 绩效目标 file
MODEL_LABELS.update({
    "BudgetReport": {"kind": "报告种类", "amount_unit": "输入金额单位"},
    "BudgetOrg": {"year": "预算年度", "code": "部门代码", "key_tasks": "重点工作", "budget_units": "部门单位构成"},
    "KeyTasks": {"intro": "开头一段", "items": "工作事项"},
    "BudgetUnitEntry": {"code": "单位代码", "name": "单位名称", "kind": "单位性质", "own_budget": "单独编制预算", "main": "本级"},
    "BudgetPresentation": {
        "percent_places": "百分比小数位数", "listed_income_sources": "即使为0也列出的收入来源",
        "personnel_groups": "合并列出的经济分类款", "table_titles": "表名改写", "empty_table_note": "空表下加说明",
        "glossary": "名词解释（替换或新增）",
    },
    "UnitIncome": {"unit": "单位代码", "current": "本年收入", "carryover": "上年结转"},
    "IncomeSources": {f: f"{w}拨款收入" for f, w in _FUNDS.items()},
    "CarryoverSources": {**_FUNDS, "non_fiscal": "非财政拨款"},
    "FundTotals": _FUNDS,
    "BudgetBalances": {"to_business_fund": "其中：转入事业基金", "carry_to_next": "结转下年（财政拨款）"},
    "BudgetFunction": {"unit": "单位代码", "purpose": "主要用途（三（三））"},
    "BudgetEconomic": {"unit": "单位代码"},
    "Project": {"name": "项目名称", "function": "功能分类科目编码", "unit": "单位代码", "category": "项目类别",
                "fund": "资金性质", "source": "资金来源", "amount": "金额", "new": "本年新增项目"},
    "BudgetThreePublic": {"outbound": "因公出国（境）费", "reception": "公务接待费", "vehicle": "公务用车购置及运行费",
                          "stock_by_type": "公务用车保有量"},
    "VehicleItem": {"purchase": "购置", "operation": "运行"},
    "VehiclePurchase": {"vehicles": "购置车辆数"},
    "VehicleOperation": {"vehicles": "运行车辆数", "purpose": "主要用途"},
    "BudgetProcurement": {"goods": "货物", "works": "工程", "services": "服务"},
    "BudgetAssets": {"planned": "新增资产配置"},
    "PlannedPurchases": {"equipment": "购置大型设备台（套）数"},
    "BudgetPerformance": {"intro": "八（四）第一段（默认：标准说明）"},
    "BudgetReasons": {"total": "收支预算总数", "fiscal_total": "财政拨款收支预算总数", "general_budget": "一般公共预算当年拨款",
                      "gov_fund": "政府性基金预算支出", "state_capital": "国有资本经营预算支出"},
    "PrintedTables": {"table1": "表1", "table1_2": "表1-2", "table2": "表2", "table2_1": "表2-1", "table3": "表3",
                      "table3_1": "表3-1", "table3_2": "表3-2", "table4": "表4"},
    "PrintedTable1": {"current_income": "本年收入合计", "income_total": "收入总计", "current_spending": "本年支出合计",
                      "spending_total": "支出总计", "classes": "类级行"},
    "PrintedColumns": {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
                       "public": "公用经费", "classes": "类级行"},
    "TargetsFile": {"kind": "报告种类", "levels": "一级指标下的二级指标", "unit_code": "单位代码"},
    "TargetIndicator": _TARGET_INDICATOR,
    "ProjectTargets": {"name": "项目名称"},
    "ProjectFunds": {"name": "项目名称"},
    "DepartmentTargets": {"funds_clause": "年度总体目标前加资金构成（由预算生成）", "filed": "填报",
                          "long_term": "中长期目标", "organisation": "机构设置及人员配置", "funds": "部门整体资金"},
    "Staffing": {"total": "编制总数", "administrative": "行政编制", "institution": "事业编制"},
    "Organisation": {"staff": "编制"},
    "DepartmentFunds": {"income": "收入（按来源）", "fiscal_sources": "构成“财政拨款 小计”的来源",
                        "income_total": "资金总额（无来源明细时）", "spending": "支出", "history": "近两年",
                        "printed": "印出的合计（核对用）"},
    "FundsSpending": {"basic": "基本支出", "project": "项目支出"},
    "FundsYear": {"income": "收入", "spending": "支出"},
    "LongTerm": {"goal": "目标"},
    "Filed": {"date": "填报日期"},
})
LABELS: dict[str, str] = {
    "code": "科目编码",
    "name": "名称",
    "basic": "基本支出",
    "project": "项目支出",
    "amount": "金额",
    "budget": "预算数",
    "actual": "决算数",
    "prior": "上年决算数",
    "reason": "主要原因",
    "reasons": "主要原因",
    "vs_prior": "与上年比",
    "vs_budget": "与预算比",
    "purpose": "主要用途",
    "description": "说明",
    "groups": "团组数",
    "people": "人次",
    "total": "合计",
    "begin": "年初",
    "end": "年末",
    "score": "自评得分",
    "vehicles": "公务用车",
    "compare_to": "比较口径",
    "grades": "自评等级",
}
# The words a user picks in a dropdown for the model's English choices, by field name. The
# reader takes these words and, for workbooks written before, the English values too.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    # unit.kind and the input's kind (which report it is for)
    "kind": {"administrative": "行政单位", "civil_service": "参公单位", "institution": "事业单位", "other": "其他单位",
             "final_accounts": "部门决算", "selfeval": "绩效自评", "budget": "部门预算", "targets": "绩效目标表",
             "civil_servant_managed": "参照公务员法管理的事业单位"},
    "fund": {"general_budget": "一般公共预算", "gov_fund": "政府性基金", "state_capital": "国有资本经营预算"},
    "source": {"current": "当年财政拨款", "advance_transfer": "中央提前通知专项转移支付等", "carryover": "上年结转",
               "returned_quota": "上年应返还额度结转"},
    "framework": {"": "通用", "project": "项目表", "jiangsu": "江苏", "hubei": "湖北"},
    "zero_categories": {"list": "列示", "omit": "不列示"},
    "selfeval_score": {"declared": "填报得分", "computed": "计算得分"},
    "region": {"default": "通用", "shanghai": "上海"},
    "compare_to": {"budget": "与年初预算比", "prior": "与上年比"},
    "grades": {"default": "优/良/中/差", "shanghai": "优/良/合格/不合格"},
    "charts": {"native": "可编辑图表", "image": "图片"},
}
# Fixed vocabularies of fields typed as free lists of words in the model: model word → what the
# workbook shows (a dropdown); the reader takes either. By the field's path ([] and {} dropped).
def _funds_words(part: str) -> dict[str, str]:
    """The 部门整体资金 sources (or spending lines) the target-table forms name, over all forms."""
    from ..budget.department import frameworks

    words: dict[str, str] = {}
    for form in frameworks().values():
        words.update(form.get(part) or {})
    return words


def _table_keys() -> tuple[str, ...]:
    from ..regions.budget import TABLE_KEYS

    return TABLE_KEYS


VALUE_WORDS: dict[str, dict[str, str]] = {
    "presentation.listed_income_sources": {
        "carryover": "上年结转", "general_budget": "一般公共预算拨款收入", "gov_fund": "政府性基金预算拨款收入",
        "state_capital": "国有资本经营预算拨款收入", "business": "事业收入", "operating": "事业单位经营收入",
        "other": "其他收入", "superior_subsidy": "上级补助收入", "affiliated": "附属单位上缴收入",
        "business_fund_used": "用事业基金弥补收支差额",
    },
    "presentation.growth_rate_in": {
        "total": "收支预算总体情况", "fiscal_total": "财政拨款收支预算总体情况", "general_budget": "一般公共预算当年拨款",
        "three_public": "“三公”经费各项", "three_public_total": "“三公”经费合计", "operating_expenses": "机关运行经费",
        "gov_fund": "政府性基金预算支出", "state_capital": "国有资本经营预算支出",
    },
    # a shipped region profile by its Chinese name, or a profile file's name (open)
    "presentation.region": {"default": "默认体例", "shanghai": "上海体例", "sichuan": "四川部门预算体例"},
    "department.funds.fiscal_sources": _funds_words("income"),
}
# Maps whose keys are a fixed vocabulary: model key → the words shown (a dropdown on column A of a
# 项目 | 值 sheet; the key before “：” in a cell of 键：值 lines).
KEY_WORDS: dict[str, dict[str, str]] = {
    "presentation.labels": {
        **{f"three_public.{k}": f"“三公”经费·{v}" for k, v in glossary.THREE_PUBLIC.items()},
        **{f"vehicles.{k}": f"公务用车·{v}" for k, v in glossary.VEHICLE_CATEGORIES.items()},
    },
    "presentation.table_titles": {key: "表" + key[1:].replace("_", "-") for key in _table_keys()},
    "department.funds.income": _funds_words("income"),
    "department.funds.printed": {"income_total": "收入合计", "spending_total": "支出合计"},
    "department.funds.history.years.income": _funds_words("income"),
    "department.funds.history.years.spending": _funds_words("spending"),
}
# Words a text column offers in a dropdown and takes others too (the forms' 指标值确定依据 and
# 指标分类), by field name.
def _forms_words(part: str) -> tuple[str, ...]:
    from ..budget.department import frameworks

    return tuple(dict.fromkeys(word for form in frameworks().values() for word in form.get(part) or ()))


SUGGESTED_WORDS: dict[str, tuple[str, ...]] = {"basis": _forms_words("bases"), "category": _forms_words("categories")}
# Vocabularies that offer words but take other text as written (a department's own source name,
# a region profile file): the rest refuse a word not in their list.
OPEN_WORDS = {"presentation.region", "department.funds.fiscal_sources", "department.funds.income",
              "department.funds.printed", "department.funds.history.years.income", "department.funds.history.years.spending"}
# What column A holds in a map's entry rows, and what column B holds, by the map's field name.
MAP_WORDS: dict[str, tuple[str, str]] = {
    "labels": ("术语", "改写后的用语"),
    "glossary": ("术语", "解释（空白为删去该条）"),
    "grades": ("等级", "项目数"),
    "personnel_groups": ("合并后的名称", "经济分类款编码（每行一个）"),
    "table_titles": ("表号", "表名"),
    "classes": ("类编码", "金额"),
    "levels": ("一级指标", "二级指标（每行一个）"),
    "income": ("来源", "金额"),
    "printed": ("合计行", "各列金额（每行写作“列：金额”）"),
}
FUNCTIONS_PATH = "functions"
SUBTOTALS_PATH = "function_subtotals"  # read from and written to the 类/款 rows of the function tables
TOTALS_PATH = "totals"
INSTRUCTIONS_SHEET = "填表说明"


@dataclass(frozen=True)
class RootLayout:
    """What differs between the inputs kept in workbooks (部门决算, 部门预算, 绩效目标文件):
    the sheet names of their parts (over ``SHEET_NAMES``), their coded lists laid out as the
    public tables (``splits``: list path → (sheet, title, the part of each row it shows)), the
    code lengths of those lists' structure rows, and nested sheets naming their parent by name."""

    sheet_names: dict[str, tuple[str, str]]
    splits: dict[str, tuple[tuple[str, str, str], ...]]
    heads: dict[str, tuple[int, ...]]
    parent_by_name: tuple[str, ...] = ()
    other_first: bool = False  # the sheet of the top-level scalars comes first
    zero_blank: bool = False  # tables show no 0.00 where nothing is budgeted
    row_keys: tuple[str, ...] = ()  # besides the code, what names a coded list's row (on every sheet)
    name_first: bool = False  # a records sheet's 名称 column comes first


_FUND_SHEETS = (
    ("general_budget", "一般公共预算"),
    ("gov_fund", "政府性基金"),
    ("state_capital", "国有资本经营"),
    ("non_fiscal", "非财政拨款"),
)
ROOT_LAYOUTS: dict[str, RootLayout] = {
    "BudgetReport": RootLayout(
        sheet_names={
            "unit": ("单位概况", "部门基本情况"),
            "unit.budget_units": ("部门单位构成", "部门预算单位构成（每个预算单位一行）"),
            "unit.scope": ("编制范围", "编制范围的单位及备注（省略时为本级加下属单位）"),
            "presentation": ("体例设置", "报告体例设置"),
            "income": ("收入总表", "部门收入总表（表1-1）：按单位填写本年收入与上年结转"),
            "balances": ("结转结余", "用事业基金弥补收支差额、结余分配与结转下年"),
            "function_classes": ("科目说明", "功能分类类、款名称及用途说明"),
            "projects": ("项目支出表", "一般公共预算项目支出预算表（表3-2）"),
            "project_counts": ("项目个数", "人员类、运转类项目个数"),
            "three_public": ("三公经费", "“三公”经费预算说明（金额由经济分类 30212、30217、30231、30913、31013 计算）"),
            "operating_expenses": ("机关运行经费", "机关运行经费"),
            "procurement": ("政府采购", "政府采购预算"),
            "assets": ("国有资产", "国有资产占有使用及新增资产配置"),
            "performance": ("绩效", "预算绩效管理"),
            "prior_year": ("上年预算数", "上年预算数（不是决算数）"),
            "reasons": ("变动原因", "主要增减原因（每条一行）"),
            "printed": ("印出合计", "公开表印出的合计（仅用于核对，不参与计算）"),
            "": ("其他", "其他事项"),
        },
        splits={
            "functions": tuple(
                (f"{word}支出表", f"{word}支出预算表（按支出功能分类科目；列为资金来源 × 基本支出/项目支出）", part)
                for part, word in _FUND_SHEETS
            ),
            "economic": tuple(
                (f"经济分类-{word}", f"{word}支出预算表（按部门经济分类科目；列为资金来源 × 基本支出/项目支出）", part)
                for part, word in _FUND_SHEETS
            ),
        },
        heads={"functions": (3, 5), "economic": (3,)},
        zero_blank=True,
        row_keys=("unit",),
    ),
    "TargetsFile": RootLayout(
        sheet_names={
            "": ("基本信息", "绩效目标文件基本信息"),
            "projects": ("项目支出绩效目标表", "项目支出绩效目标表（每个项目一行）"),
            "projects[].indicators": ("项目绩效目标指标", "项目绩效目标指标（每个三级指标一行，按项目成块填写）"),
            "department": ("部门整体支出绩效目标表", "部门整体支出绩效目标表"),
            "department.indicators": ("部门整体绩效指标", "部门整体绩效指标（每个三级指标一行）"),
            "department.tasks": ("年度主要任务", "部门年度主要任务"),
            "department.funds.spending.projects": ("部门资金-项目支出", "部门整体资金：逐项列出的项目支出"),
            "department.funds.history.years": ("部门资金-近两年", "部门整体资金：近两年收入与支出"),
            "department.long_term.indicators": ("中长期绩效指标", "中长期目标的绩效指标"),
        },
        splits={},
        heads={},
        parent_by_name=("projects[].indicators",),
        other_first=True,
        name_first=True,
    ),
}
DEFAULT_LAYOUT = RootLayout(SHEET_NAMES, {}, {FUNCTIONS_PATH: (3, 5)})


def root_layout(root: type[BaseModel]) -> RootLayout:
    return ROOT_LAYOUTS.get(root.__name__, DEFAULT_LAYOUT)


def _metadata(annotation: Any, info: FieldInfo | None = None) -> list[Any]:
    found = list(info.metadata) if info is not None else []
    for arg in typing.get_args(annotation) if typing.get_origin(annotation) is typing.Annotated else ():
        if isinstance(arg, FieldInfo):
            found.extend(arg.metadata)
        else:
            found.append(arg)
    return found


@cache
def _measure_metadata() -> tuple[Any, ...]:
    from ..model import Measure

    args = typing.get_args(Measure)[1:]
    return (*args, *(m for a in args for m in getattr(a, "metadata", ())))


def _is_measure(metadata: list[Any]) -> bool:
    """A ``Measure`` (an indicator's value, a rate): a number of its own unit, never an amount
    converted by the sheet's 单位 (its metadata are Measure's own objects)."""
    return any(m is x for m in metadata for x in _measure_metadata())


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _base(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def scalar_kind(annotation: Any, info: FieldInfo | None = None) -> tuple[Kind, tuple[str, ...]] | None:
    """The kind of a scalar annotation, or None if it is not a scalar."""
    base = _base(annotation)
    if typing.get_origin(base) is Literal:
        return "choice", tuple(str(v) for v in typing.get_args(base))
    if base is Decimal:
        metadata = _metadata(annotation, info)
        money = any(getattr(m, "decimal_places", None) is not None for m in metadata) and not _is_measure(metadata)
        return ("money" if money else "number"), ()
    if base is bool:
        return "bool", ()
    if base is int:
        return "int", ()
    if base is _dt.date:
        return "date", ()
    if base is str:
        code = any(getattr(m, "func", None) is not None and m.func.__name__ == "_code" for m in _metadata(annotation, info))
        return ("code" if code else "text"), ()
    return None


def choice_labels(name: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    words = CHOICE_LABELS.get(name, {})
    return tuple(words.get(choice, choice) for choice in choices)


def choice_text(item: Column | Field_, value: Any) -> Any:
    """A choice as the dropdown shows it (行政单位 for ``administrative``)."""
    if item.labels and value in item.choices:
        return item.labels[item.choices.index(value)]
    return value


def _value_words(path: str, model: type[BaseModel] | None) -> dict[str, str] | None:
    """A field's vocabulary; the region profiles offered are those of the input's kind."""
    words = VALUE_WORDS.get(_pattern(path))
    if words is not None and path == "presentation.region":
        from ..regions import BUILTIN_KINDS

        kind = "budget" if model is not None and model.__name__ == "BudgetPresentation" else "final_accounts"
        words = {name: word for name, word in words.items() if BUILTIN_KINDS.get(name) == kind}
    return words


def _pattern(path: str) -> str:
    """A path as the vocabularies name it: without list and map markers."""
    return path.replace("[]", "").replace("{}", "")


def holds_money(item: Column | Field_) -> bool:
    """An amount (in the sheet's unit), or a cell of amounts."""
    return item.kind == "money" or (item.kind == "mapping" and item.item == "money")


def map_key_text(field: Field_ | Column, key: str) -> str:
    """A map's key as column A shows it (公务用车·主要负责人用车 for ``vehicles.principal``)."""
    return dict(field.key_words).get(key, key)


def map_key_value(field: Field_ | Column, text: str) -> str | None:
    """The model's key of a map entry's words (a dropdown word, or the key itself); None when the
    keys are a closed vocabulary and the text is in neither."""
    text = text.strip()
    for key, word in field.key_words:
        if text in (key, word):
            return key
    return text if not field.key_words or field.open_choice else None


def choice_value(item: Column | Field_, text: Any) -> Any | None:
    """The model's value of a dropdown word (or of the English value itself); None if neither."""
    text = str(text).strip()
    if text in item.labels:
        return item.choices[item.labels.index(text)]
    return text if text in item.choices else None


def label_of(name: str, info: FieldInfo | None, model: type[BaseModel] | None = None) -> str:
    """A field's Chinese label: the glossary's wording, else its description's first clause."""
    special = MODEL_LABELS.get(model.__name__, {}) if model is not None else {}
    if name in special:
        return special[name]
    if info is not None and info.description:
        text = info.description
        for stop in ("；", "（", "，", ":", "："):
            text = text.split(stop)[0]
        return text.strip() or name
    return LABELS.get(name, name)


def list_item(annotation: Any) -> Any | None:
    base = _base(annotation)
    if typing.get_origin(base) is list:
        return typing.get_args(base)[0]
    return None


def dict_value(annotation: Any) -> Any | None:
    base = _base(annotation)
    if typing.get_origin(base) is dict:
        return typing.get_args(base)[1]
    return None


def _sheet_name(path: str, description: str | None, used: set[str], names: dict[str, tuple[str, str]] = SHEET_NAMES) -> tuple[str, str]:
    name, title = names.get(path, SHEET_NAMES.get(path, ("", "")))
    if not name:
        tail = path.replace("[]", "").split(".")[-1]
        title = description or tail
        name = title
    for bad in "[]:*?/\\":
        name = name.replace(bad, "")
    name = name[:28]
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name[:26]}{n}", n + 1
    used.add(candidate)
    return candidate, title


class _Builder:
    def __init__(self, layout: RootLayout = DEFAULT_LAYOUT) -> None:
        self.sheets: list[Sheet] = []
        self.used: set[str] = {INSTRUCTIONS_SHEET}
        self.layout = layout

    def name(self, path: str, description: str | None) -> tuple[str, str]:
        return _sheet_name(path, description, self.used, self.layout.sheet_names)

    def columns(self, model: type[BaseModel], prefix: str, sheets_path: str, label_prefix: str = "") -> list[Column]:
        """Flatten ``model`` into row columns; lists of objects become their own sheets."""
        out: list[Column] = []
        for name, info in model.model_fields.items():
            annotation, optional = strip_optional(info.annotation)
            key = f"{prefix}{name}"
            label = label_prefix + label_of(name, info, model)
            kind = scalar_kind(annotation, info)
            if kind is not None and kind[0] == "text" and SUGGESTED_WORDS.get(name):
                words = SUGGESTED_WORDS[name]
                out.append(Column(key, label, "text", words, optional, _width("text"), words, open_choice=True))
            elif kind is not None:
                out.append(Column(key, label, kind[0], kind[1], optional, _width(kind[0]), choice_labels(name, kind[1])))
            elif is_model(annotation):
                out.extend(self.columns(annotation, f"{key}.", sheets_path, f"{label}·"))
            elif (item := list_item(annotation)) is not None and is_model(item):
                self.records(f"{sheets_path}[].{key}", item, info.description)
            elif item is not None and scalar_kind(item) is not None:
                out.append(Column(key, f"{label}（每行一条）", "lines", (), optional, 40))
            elif item is not None and typing.get_origin(item) is tuple:
                out.append(Column(key, f"{label}（每行一条，写作“甲{PAIR_SEPARATOR}乙”）", "pairs", (), optional, 40))
            elif (value := cell_map_kind(annotation)) is not None:
                where = _pattern(f"{sheets_path}.{key}")
                out.append(Column(key, f"{label}（每行一项，写作“键{MAPPING_SEPARATOR}值”）", "mapping", (), optional, 30, item=value,
                                  key_words=tuple(KEY_WORDS.get(where, {}).items()), open_choice=where in OPEN_WORDS))
            else:
                raise TypeError(f"no workbook layout for {sheets_path}.{key}: {annotation!r}")
        return out

    def records(self, path: str, item: type[BaseModel], description: str | None, is_map: bool = False,
                key_label: str = "科目编码") -> None:
        name, title = self.name(path, description)
        index = len(self.sheets)
        self.sheets.append(None)  # type: ignore[arg-type]  # keep parents before their children
        columns = self.columns(item, "", path)
        if self.layout.name_first and "level1" not in item.model_fields:  # a project, not an indicator
            columns.sort(key=lambda c: c.key != "name")
        by_name = path in self.layout.parent_by_name
        if "[]" in path:
            columns.insert(0, Column(PARENT_KEY, "所属项目（名称或序号）", "text", width=24) if by_name
                           else Column(PARENT_KEY, "所属上级序号", "int", width=10))
        if is_map:
            columns.insert(0, Column(DICT_KEY, key_label, "code", width=12))
        self.sheets[index] = TableSheet(name, title, path, tuple(columns), is_map=is_map, parent_by_name=by_name,
                                        zero_blank=self.layout.zero_blank)

    def key_values(self, path: str, model: type[BaseModel] | None, fields: dict[str, FieldInfo], description: str | None) -> None:
        name, title = self.name(path, description)
        index = len(self.sheets)
        self.sheets.append(None)  # type: ignore[arg-type]
        rows: list[Field_] = []
        self.kv_rows(path, model, fields, rows, "")
        self.sheets[index] = KeyValueSheet(name, title, tuple(rows))

    def kv_rows(self, prefix: str, model: type[BaseModel] | None, fields: dict[str, FieldInfo], rows: list[Field_], label_prefix: str) -> None:
        for name, info in fields.items():
            annotation, optional = strip_optional(info.annotation)
            path = f"{prefix}.{name}" if prefix else name
            label = label_prefix + label_of(name, info, model)
            kind = scalar_kind(annotation, info)
            if kind is not None and (words := _value_words(path, model)) is not None:
                rows.append(Field_(path, f"{label}（从下拉列表选择，或写体例文件名）", "text", tuple(words), optional,
                                   labels=tuple(words.values()), open_choice=True))
            elif kind is not None:
                rows.append(Field_(path, label, kind[0], kind[1], optional, labels=choice_labels(name, kind[1])))
            elif is_model(annotation):
                self.kv_rows(path, annotation, annotation.model_fields, rows, f"{label}·")
            elif (item := list_item(annotation)) is not None and is_model(item):
                self.records(path, item, info.description)
            elif item is not None and (k := scalar_kind(item)) is not None:
                if (words := VALUE_WORDS.get(_pattern(path))) is not None:  # a vocabulary: a dropdown
                    opened = _pattern(path) in OPEN_WORDS
                    rows.append(Field_(path, f"{label}（每行一条，从下拉列表选择）", "text" if opened else "choice", tuple(words),
                                       repeated=True, labels=tuple(words.values()), open_choice=opened))
                else:
                    rows.append(Field_(path, f"{label}（每行一条）", k[0], k[1], repeated=True))
            elif (value := dict_value(annotation)) is not None and (k := _entry_kind(strip_optional(value)[0])) is not None:
                keys, values = MAP_WORDS.get(name, ("名称", "值"))
                if name == "glossary" and model is not None and model.__name__ == "BudgetPresentation":
                    keys = "科目编码"  # the budget's 名词解释 are keyed by the 项 they explain
                words = KEY_WORDS.get(_pattern(path), {})
                rows.append(Field_(path, f"{label}（下面每行一项：A列写{keys}，“值”列写{values}）", k[0], k[1],
                                   strip_optional(value)[1], mapping=True, item=k[2],
                                   key_words=tuple(words.items()), key_label=keys, open_choice=_pattern(path) in OPEN_WORDS))
            elif value is not None and is_model(value):
                self.records(path, value, info.description, is_map=True, key_label=_key_label(annotation))
            else:
                raise TypeError(f"no workbook layout for {path}: {annotation!r}")


def cell_map_kind(annotation: Any) -> str | None:
    """A map small enough for one cell (``dict[int, str]``, ``dict[str, Money]``): the kind of
    its values; None for anything else."""
    value = dict_value(annotation)
    if value is None:
        return None
    value = strip_optional(value)[0]
    kind = scalar_kind(value)
    if kind is not None:
        return kind[0]
    item = list_item(value)
    return "lines" if item is not None and scalar_kind(item) is not None else None


def _entry_kind(value: Any) -> tuple[Kind, tuple[str, ...], str] | None:
    """One row of a key/value sheet per key: the row's kind for a map's value (a text, a
    number, a list of texts one a line, a small map one "键：值" a line)."""
    if (kind := scalar_kind(value)) is not None:
        return kind[0], kind[1], ""
    item = list_item(value)
    if item is not None and scalar_kind(item) is not None:
        return "lines", (), ""
    if (inner := cell_map_kind(value)) is not None:
        return "mapping", (), inner
    return None


def _key_label(annotation: Any) -> str:
    """The heading of a map sheet's key column: 年度 for years, else 科目编码."""
    base = _base(strip_optional(annotation)[0])
    return "年度" if typing.get_origin(base) is dict and typing.get_args(base)[0] is int else "科目编码"


def _width(kind: str) -> int:
    return {"text": 40, "lines": 40, "code": 12, "date": 12, "choice": 16}.get(kind, 14)


@cache
def workbook_layout(root: type[BaseModel] = FinalAccounts) -> tuple[Sheet, ...]:
    """Every sheet of the input workbook, in order, derived from ``root``'s fields."""
    layout = root_layout(root)
    builder = _Builder(layout)
    other: dict[str, FieldInfo] = {}
    if layout.other_first:
        other = {n: i for n, i in root.model_fields.items() if _is_scalar_field(i)}
        builder.key_values("", root, other, None)
    for name, info in root.model_fields.items():
        annotation, _ = strip_optional(info.annotation)
        item = list_item(annotation)
        if layout.other_first and name in other:
            continue
        if name in layout.splits:
            builder.sheets.extend(_split_tables(name, item, builder, layout))
        elif name == FUNCTIONS_PATH and layout is DEFAULT_LAYOUT:
            builder.sheets.extend(_function_tables(item, builder.used))
        elif name == SUBTOTALS_PATH and layout is DEFAULT_LAYOUT:
            continue  # the 类/款 rows of the function tables (表2/3/5/7/8)
        elif name == TOTALS_PATH and layout is DEFAULT_LAYOUT:
            # the 合计 rows of 表2/3/5/7/8 are rows of those tables; 表1 and 表6's totals a sheet
            fields = {k: v for k, v in annotation.model_fields.items() if k not in FUNCTION_TABLES}
            builder.key_values(name, annotation, fields, info.description)
        elif is_model(annotation):
            builder.key_values(name, annotation, annotation.model_fields, info.description)
        elif item is not None and is_model(item):
            builder.records(name, item, info.description)
        elif (value := dict_value(annotation)) is not None and is_model(value):
            builder.records(name, value, info.description, is_map=True)
        else:
            other[name] = info
    if other and not layout.other_first:
        builder.key_values("", root, other, None)
    return tuple(builder.sheets)


def _is_scalar_field(info: FieldInfo) -> bool:
    annotation, _ = strip_optional(info.annotation)
    item = list_item(annotation)
    value = dict_value(annotation)
    return not is_model(annotation) and not (item is not None and is_model(item)) and not (value is not None and is_model(value))


def _split_tables(path: str, item: type[BaseModel], builder: _Builder, layout: RootLayout) -> list[TableSheet]:
    """A coded list (the budget's 功能分类 项, 经济分类 款) laid out as the public tables: one sheet
    per part of its rows (a fund: 一般公共预算, 政府性基金 …), each with 科目编码, 科目名称 and that
    part's columns — the sources × 基本/项目 beneath it, headed by the source; the rows' other
    fields (单位, 用途) go on the first sheet, which lists every item."""
    head = [Column("code", "科目编码", "code", width=12), Column("name", "科目名称", "text", width=30)]
    before = len(builder.sheets)
    columns = [c for c in builder.columns(item, "", path) if c.key not in ("code", "name")]
    if len(builder.sheets) != before:
        raise TypeError(f"lists inside {path}[] have no workbook layout")
    head += [c for c in columns if c.key in layout.row_keys]  # on every sheet: what names a row with its code
    tables: list[TableSheet] = []
    for number, (sheet, title, part) in enumerate(layout.splits[path]):
        builder.used.add(sheet)
        mine: list[Column] = []
        for column in columns:
            parts = column.key.split(".")
            if part in parts:
                labels = column.label.split("·")
                del labels[parts.index(part)]
                mine.append(Column(column.key, "·".join(labels), column.kind, column.choices, column.optional, column.width, column.labels))
            elif number == 0 and len(parts) == 1 and column.key not in layout.row_keys:
                mine.append(column)
        first = number == 0
        tables.append(TableSheet(sheet, title, path, tuple(head + mine), hierarchy=True,
                                 heads=layout.heads.get(path, (3, 5)), all_rows=first, zero_blank=layout.zero_blank))
    return tables


def _function_tables(item: type[BaseModel], used: set[str]) -> list[TableSheet]:
    head = [Column("code", "科目编码", "code", width=12), Column("name", "科目名称", "text", width=30)]
    scalars = [n for n in item.model_fields if n not in ("code", "name")]
    tables: list[TableSheet] = []
    builder = _Builder()
    extra = [c for c in builder.columns(item, "", FUNCTIONS_PATH) if c.key in scalars]
    for name, info in item.model_fields.items():
        if not is_model(info.annotation):
            continue
        sheet, title = FUNCTION_TABLES.get(name, (name, label_of(name, info, item)))
        used.add(sheet)
        columns = builder.columns(info.annotation, f"{name}.", FUNCTIONS_PATH)
        tables.append(TableSheet(sheet, title, FUNCTIONS_PATH, tuple(head + columns), hierarchy=True,
                                 all_rows=name in ("income", "spending")))
    if builder.sheets:
        raise TypeError("lists inside functions[] have no workbook layout")
    if extra:  # any new scalar field of a 项 goes on the first table
        first = tables[0]
        tables[0] = TableSheet(first.name, first.title, first.path, first.columns + tuple(extra), True, all_rows=first.all_rows)
    return tables


def is_sheet_of_functions(sheet: Sheet) -> bool:
    return isinstance(sheet, TableSheet) and sheet.hierarchy


def is_totals_sheet(sheet: Sheet) -> bool:
    """A sheet of the printed totals (表1/表4/表6 合计): optional, as nothing needs to be printed."""
    if isinstance(sheet, TableSheet):
        return sheet.path.startswith(TOTALS_PATH + ".")
    return bool(sheet.rows) and all(row.path.startswith(TOTALS_PATH + ".") for row in sheet.rows)
