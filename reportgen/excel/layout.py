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

Kind = Literal["money", "number", "int", "text", "code", "date", "choice", "lines", "bool"]


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
             "final_accounts": "部门决算", "selfeval": "绩效自评"},
    "zero_categories": {"list": "列示", "omit": "不列示"},
    "selfeval_score": {"declared": "填报得分", "computed": "计算得分"},
    "region": {"default": "通用", "shanghai": "上海"},
    "compare_to": {"budget": "与年初预算比", "prior": "与上年比"},
    "grades": {"default": "优/良/中/差", "shanghai": "优/良/合格/不合格"},
    "charts": {"native": "可编辑图表", "image": "图片"},
}
FUNCTIONS_PATH = "functions"
SUBTOTALS_PATH = "function_subtotals"  # read from and written to the 类/款 rows of the function tables
TOTALS_PATH = "totals"
INSTRUCTIONS_SHEET = "填表说明"


def _metadata(annotation: Any, info: FieldInfo | None = None) -> list[Any]:
    found = list(info.metadata) if info is not None else []
    for arg in typing.get_args(annotation) if typing.get_origin(annotation) is typing.Annotated else ():
        if isinstance(arg, FieldInfo):
            found.extend(arg.metadata)
        else:
            found.append(arg)
    return found


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
        money = any(getattr(m, "decimal_places", None) is not None for m in _metadata(annotation, info))
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
    if item.kind == "choice" and item.labels and value in item.choices:
        return item.labels[item.choices.index(value)]
    return value


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


def _sheet_name(path: str, description: str | None, used: set[str]) -> tuple[str, str]:
    name, title = SHEET_NAMES.get(path, ("", ""))
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
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.used: set[str] = {INSTRUCTIONS_SHEET}

    def columns(self, model: type[BaseModel], prefix: str, sheets_path: str, label_prefix: str = "") -> list[Column]:
        """Flatten ``model`` into row columns; lists of objects become their own sheets."""
        out: list[Column] = []
        for name, info in model.model_fields.items():
            annotation, optional = strip_optional(info.annotation)
            key = f"{prefix}{name}"
            label = label_prefix + label_of(name, info, model)
            kind = scalar_kind(annotation, info)
            if kind is not None:
                out.append(Column(key, label, kind[0], kind[1], optional, _width(kind[0]), choice_labels(name, kind[1])))
            elif is_model(annotation):
                out.extend(self.columns(annotation, f"{key}.", sheets_path, f"{label}·"))
            elif (item := list_item(annotation)) is not None and is_model(item):
                self.records(f"{sheets_path}[].{key}", item, info.description)
            elif item is not None and scalar_kind(item) is not None:
                out.append(Column(key, f"{label}（每行一条）", "lines", (), optional, 40))
            else:
                raise TypeError(f"no workbook layout for {sheets_path}.{key}: {annotation!r}")
        return out

    def records(self, path: str, item: type[BaseModel], description: str | None, is_map: bool = False) -> None:
        name, title = _sheet_name(path, description, self.used)
        index = len(self.sheets)
        self.sheets.append(None)  # type: ignore[arg-type]  # keep parents before their children
        columns = self.columns(item, "", path)
        if "[]" in path:
            columns.insert(0, Column(PARENT_KEY, "所属上级序号", "int", width=10))
        if is_map:
            columns.insert(0, Column(DICT_KEY, "科目编码", "code", width=12))
        self.sheets[index] = TableSheet(name, title, path, tuple(columns), is_map=is_map)

    def key_values(self, path: str, model: type[BaseModel] | None, fields: dict[str, FieldInfo], description: str | None) -> None:
        name, title = _sheet_name(path, description, self.used)
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
            if kind is not None:
                rows.append(Field_(path, label, kind[0], kind[1], optional, labels=choice_labels(name, kind[1])))
            elif is_model(annotation):
                self.kv_rows(path, annotation, annotation.model_fields, rows, f"{label}·")
            elif (item := list_item(annotation)) is not None and is_model(item):
                self.records(path, item, info.description)
            elif item is not None and (k := scalar_kind(item)) is not None:
                rows.append(Field_(path, f"{label}（每行一条）", k[0], k[1], repeated=True))
            elif (value := dict_value(annotation)) is not None and (k := scalar_kind(strip_optional(value)[0])) is not None:
                rows.append(Field_(path, f"{label}（每行一项；键写在隐藏的“字段”列，见填表说明）", k[0], k[1], mapping=True))
            elif value is not None and is_model(value):
                self.records(path, value, info.description, is_map=True)
            else:
                raise TypeError(f"no workbook layout for {path}: {annotation!r}")


def _width(kind: str) -> int:
    return {"text": 40, "lines": 40, "code": 12, "date": 12, "choice": 16}.get(kind, 14)


@cache
def workbook_layout(root: type[BaseModel] = FinalAccounts) -> tuple[Sheet, ...]:
    """Every sheet of the input workbook, in order, derived from ``root``'s fields."""
    builder = _Builder()
    other: dict[str, FieldInfo] = {}
    for name, info in root.model_fields.items():
        annotation, _ = strip_optional(info.annotation)
        item = list_item(annotation)
        if name == FUNCTIONS_PATH:
            builder.sheets.extend(_function_tables(item, builder.used))
        elif name == SUBTOTALS_PATH:
            continue  # the 类/款 rows of the function tables (表2/3/5/7/8)
        elif name == TOTALS_PATH:
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
    if other:
        builder.key_values("", None, other, None)
    return tuple(builder.sheets)


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
        tables.append(TableSheet(sheet, title, FUNCTIONS_PATH, tuple(head + columns), hierarchy=True))
    if builder.sheets:
        raise TypeError("lists inside functions[] have no workbook layout")
    if extra:  # any new scalar field of a 项 goes on the first table
        first = tables[0]
        tables[0] = TableSheet(first.name, first.title, first.path, first.columns + tuple(extra), True)
    return tables


def is_sheet_of_functions(sheet: Sheet) -> bool:
    return isinstance(sheet, TableSheet) and sheet.hierarchy


def is_totals_sheet(sheet: Sheet) -> bool:
    """A sheet of the printed totals (表1/表4/表6 合计): optional, as nothing needs to be printed."""
    if isinstance(sheet, TableSheet):
        return sheet.path.startswith(TOTALS_PATH + ".")
    return bool(sheet.rows) and all(row.path.startswith(TOTALS_PATH + ".") for row in sheet.rows)
