"""Write the input workbook: an empty one for ``reportgen init --xlsx``, a filled one for ``export``.

The sheets, columns and rows come from ``layout.workbook_layout()``; nothing is typed here twice.
No cell holds a formula: what the reader takes is always a value the user can see. Everything a
user sees is Chinese: a map's keys are written in column A of their own rows (a dropdown of words
when they are a fixed vocabulary), word lists and choices are dropdowns of Chinese words. The
field keys in a hidden row (tables, row 4) or column (key/value sheets, column C) help the reader
but are never needed: it goes by the visible headings too.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from ..model import FinalAccounts
from .layout import (
    DICT_KEY,
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    KEY_ROW,
    KV_FIRST_ROW,
    LABEL_ROW,
    PARENT_KEY,
    UNIT_ROW,
    Column,
    Field_,
    KeyValueSheet,
    TableSheet,
    choice_text,
    holds_money,
    map_key_text,
    workbook_layout,
)
from .values import number_format_for, texts_stay_text, write_value

TABLE_ROWS = 500  # rows of an empty table that get data validation
_TITLE = Font(bold=True, size=14)
_HEAD = Font(bold=True)
_KEY = Font(color="808080", size=8)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_LINE_HEIGHT = 15  # points per line of an 11-point heading
_MONEY_FORMAT = "#,##0.00####"
_DATE_FORMAT = "yyyy-mm-dd"

INSTRUCTIONS = [
    "填表说明",
    "",
    "1. 每张工作表对应报告的一部分：表2 收入、表3 支出、表5 一般公共预算、表6 基本支出、表7 政府性基金、表8 国有资本经营，格式与公开的决算报表相同；其余工作表为单位概况、上年数、变动原因、三公经费、政府采购、国有资产、绩效等。",
    "2. 第2行写明金额单位（“单位：万元”或“单位：元”），按该单位填写金额；读入时统一换算。",
    "3. 表2、表3、表5、表7、表8 按“类—款—项”逐行填写：先写类（3位编码）、款（5位编码）行，再写其下的项（7位编码）行；类、款行的名称会作为科目名称使用。类、款行和“合计”行（科目名称写“合计”，不写编码）的金额可以照公开表抄录，也可以空着：抄录的金额与其下各行之和逐列核对（相差在0.01以内为提示，超过为错误），报告照抄录数印出；空着的由程序计算。表6 的类行（301、302、303、310）同样可照抄，人员经费合计、公用经费合计，表1、表4 的数字和表9 的合计、公务用车小计填在“公开表合计”工作表（表1、表4 的各类支出填在“表1支出各类”“表4支出各类”）。",
    "4. 表格的第4行已隐藏，是程序用的列标识，不必理会；可以增删数据行、调整列宽（删去了该行也按第3行的列名识别）。",
    "5. “项目 | 值”格式的工作表：在“值”列填写。程序按 A 列的项目名称识别各行（隐藏的 C 列是程序用的行标识，新插入的行不必填写它）。标注“每行一条”的内容可以占多行：在它下方插入一行，A 列留空，“值”列写新的一条。",
    "6. 表格中标注“每行一条”的单元格里，每条内容单独占一行（Alt+Enter 换行）。",
    "7. 项目下的明细表（如绩效指标）用“所属上级序号”列写明属于上一级表中的第几行（从1开始计数）。",
    "8. 金额只填数字，不要填公式；若确需公式，请在 Excel 中保存后再使用（程序读取保存时的计算结果）。",
    "9. 不要在报告正文需要计算的位置手工填写合计、增减额或百分比：这些都由程序根据明细计算。",
    "10. 有下拉列表的单元格（如单位性质：行政单位、事业单位、其他单位）请从列表中选择。",
    "11. 术语改写、名词解释等标注“下面每行一项”的内容：在它下方的行中，A 列写术语（有下拉列表的从列表中选择，如“公务用车·副部（省）级及以上领导用车”），“值”列写文字；要增加一项就在下方插入一行。",
    "",
    "检查：reportgen check 本文件.xlsx    生成报告：reportgen render 本文件.xlsx -o 报告.docx",
]
_COMMON = [
    "第2行写明金额单位（“单位：万元”或“单位：元”），按该单位填写金额；读入时统一换算。",
    "表格的第4行、“项目 | 值”表的 C 列已隐藏，是程序用的标识，不必理会：程序按列名和 A 列的项目名称识别；可以增删数据行、调整列宽。“下面每行一项”的内容在它下方逐行填写：A 列写名称（有下拉列表的从中选择），“值”列写内容。",
    "科目编码按文本填写（保留前导零；项级7位、款级5位、类级3位）。",
    "金额只填数字，不要填公式；合计、小计、增减额和百分比都由程序计算，不要手工填写。",
    "有下拉列表的单元格请从列表中选择；标注“每行一条”的单元格里每条单独占一行（Alt+Enter 换行）。",
    "标注“写作“键：值””的单元格每行写一项，如“2022：≤100%”；“写作“甲｜乙””的每行写一对，如“项目名称｜三级指标”。",
]
ROOT_INSTRUCTIONS: dict[str, list[str]] = {
    "BudgetReport": [
        "填表说明（部门预算）",
        "",
        "1. 本工作簿是部门预算报告的输入。公开的表1—表5（收支总表、收入总表、支出总表、财政拨款收支总表、"
        "一般公共预算支出表、基本支出表、项目支出表、“三公”经费表、政府性基金、国有资本经营）都由程序根据下列明细生成：",
        "   · 收入总表：按单位填写本年收入（按来源）和上年结转；",
        "   · 一般公共预算支出表、政府性基金支出表、国有资本经营支出表、非财政拨款支出表：按支出功能分类“类—款—项”逐行填写，"
        "每张表是一种资金，各列是资金来源（当年财政拨款、提前下达、上年结转、应返还额度）下的基本支出、项目支出；"
        "先写类（3位）、款（5位）行，再写其下的项（7位）行，金额只填在项级行；",
        "   · 经济分类-一般公共预算 等四张表：按部门经济分类“类—款”填写（款级5位），其中基本支出即表3-1；",
        "   · 项目支出表：表3-2 的每个项目一行；“三公”经费的金额由经济分类 30212、30217、30231、30913、31013 计算，"
        "“三公经费”表只填上年预算数和说明。",
        "2. 表6、表7（项目支出绩效目标表、部门整体支出绩效目标表）来自绩效目标文件：在“绩效”表写明它的文件名"
        "（YAML 或 .xlsx，放在本工作簿同一文件夹）；reportgen init --kind 绩效目标 --xlsx 绩效目标.xlsx 生成空白的绩效目标工作簿。",
        *(f"{n}. {text}" for n, text in enumerate(_COMMON, start=3)),
        "",
        "检查：reportgen check 本文件.xlsx    生成报告：reportgen render 本文件.xlsx -o 部门预算.docx",
    ],
    "TargetsFile": [
        "填表说明（绩效目标文件）",
        "",
        "1. 本工作簿是预算编制时确定的绩效目标：部门预算的表6（项目支出绩效目标表）和表7（部门整体支出绩效目标表），"
        "单独印出的部门整体绩效目标表（“基本信息”表的报告种类选“绩效目标表”），以及年终绩效自评都读它。",
        "2. “项目支出绩效目标表”每个项目一行；“项目绩效目标指标”每个三级指标一行，按项目成块填写，"
        "“所属项目”列写项目名称（或它在项目表中的序号）。",
        "3. 指标性质从下拉列表选择（≥、≤、=、定性）；定量指标填“年度指标值（数值）”和度量单位，"
        "定性指标填“年度指标值（文字）”；分值即权重；有半年目标的表样（南京）再填半年指标值。",
        "4. “部门整体支出绩效目标表”“部门整体绩效指标”“年度主要任务”等是部门整体的目标；没有时保留空表。",
        *(f"{n}. {text}" for n, text in enumerate(_COMMON, start=5)),
        "",
        "检查：reportgen check 本文件.xlsx    单独生成绩效目标表：reportgen render 本文件.xlsx -o 绩效目标表.docx",
    ],
}


def get(data: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _validation(column: Column | None, kind: str, choices: tuple[str, ...], strict: bool = True) -> DataValidation | None:
    if kind in ("money", "number"):
        dv = DataValidation(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000")
        dv.error, dv.prompt = "请输入数字（不带单位）", "数字"
    elif kind == "int":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请输入非负整数"
    elif kind in ("choice", "bool"):
        choices = ("是", "否") if kind == "bool" else tuple(c for c in choices if c)  # "" (not given) is a blank cell
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
        dv.error = "请从下拉列表中选择：" + "、".join(choices)
        dv.prompt = "从下拉列表中选择"
    else:
        return None
    dv.showErrorMessage = strict  # not strict: the list offers words, other text is taken too
    dv.errorTitle = "输入有误"
    dv.allow_blank = True
    return dv


def _format(cell: Any, kind: str, value: Any = None) -> None:
    if kind in ("money", "number"):
        # a measure is printed as written (0.00%): a value with trailing zeros, which an Excel
        # number cannot hold, gets a format showing them (see values.written_places)
        written = number_format_for(value) if isinstance(value, Decimal) else None
        cell.number_format = written or _MONEY_FORMAT
    elif kind == "code":
        cell.number_format = "@"
    elif kind == "date":
        cell.number_format = _DATE_FORMAT
    elif kind in ("text", "lines", "mapping", "pairs"):
        cell.alignment = _WRAP


def _heading(ws: Worksheet, title: str, unit: str, width: int, items: tuple[Column, ...] | tuple[Field_, ...]) -> None:
    """The title (row 1) and the unit line (row 2): the amount unit on a sheet that holds
    amounts, nothing on one that holds none (an indicator's values carry their own units)."""
    ws.cell(1, 1, title).font = _TITLE
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    if any(holds_money(item) for item in items):
        ws.cell(UNIT_ROW, 1, f"单位：{unit}")


def _table(ws: Worksheet, sheet: TableSheet, rows: list[dict[str, Any]], unit: str) -> None:
    _heading(ws, sheet.title, unit, len(sheet.columns), sheet.columns)
    _group_headings(ws, sheet.columns)
    for index, column in enumerate(sheet.columns, start=1):
        label = ws.cell(LABEL_ROW, index, column.label.partition("·")[2] or column.label)
        label.font, label.fill, label.alignment = _HEAD, _HEAD_FILL, Alignment(wrap_text=True, vertical="center")
        ws.cell(KEY_ROW, index, column.key).font = _KEY  # the reader's keys, out of sight
        ws.column_dimensions[get_column_letter(index)].width = column.width
        letter = get_column_letter(index)
        if column.open_choice and column.labels:  # words offered, others taken as written
            dv = _validation(column, "choice", column.labels, strict=False)
        else:
            dv = _validation(column, column.kind, column.labels or column.choices)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + max(TABLE_ROWS, len(rows))}")
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.row_dimensions[LABEL_ROW].height = _LINE_HEIGHT * max(_lines(ws.cell(LABEL_ROW, i).value, c.width) for i, c in enumerate(sheet.columns, 1))
    for offset, row in enumerate(rows):
        for index, column in enumerate(sheet.columns, start=1):
            value = row.get(column.key)
            if sheet.zero_blank and column.kind == "money" and not column.optional and value == 0:
                value = None
            if column.kind == "mapping" and column.key_words and isinstance(value, dict):
                value = {map_key_text(column, str(k)): v for k, v in value.items()}  # 财政拨款：…, not fiscal
            cell = ws.cell(FIRST_ROW + offset, index, write_value(choice_text(column, value), column.kind, column.optional))
            _format(cell, column.kind, value)
    ws.freeze_panes = ws.cell(FIRST_ROW, 3 if sheet.hierarchy else 2)


def _lines(text: Any, width: int) -> int:
    """Lines a wrapped heading takes: a Chinese character is two units of a column's width. Set
    explicitly, since a spreadsheet does not always grow a row to its wrapped text."""
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text or ""))
    return max(1, -(-units // max(width - 1, 1)))


def _group_headings(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    """"项目资金按来源·上年结转·全年预算数": the part before the first · is said once, above its
    columns (row 2, beside the unit), and the column keeps the rest."""
    index = 2  # column A holds the unit
    while index <= len(columns):
        head, _, rest = columns[index - 1].label.partition("·")
        end = index
        while rest and end < len(columns) and columns[end].label.partition("·")[0] == head and "·" in columns[end].label:
            end += 1
        if rest:
            cell = ws.cell(UNIT_ROW, index, head)
            cell.font, cell.fill, cell.alignment = _HEAD, _HEAD_FILL, Alignment(horizontal="center")
            if end > index:
                ws.merge_cells(start_row=UNIT_ROW, start_column=index, end_row=UNIT_ROW, end_column=end)
        index = end + 1


def _key_values(ws: Worksheet, sheet: KeyValueSheet, data: dict[str, Any] | None, unit: str) -> None:
    _heading(ws, sheet.title, unit, 3, sheet.rows)
    for index, label in enumerate(("项目", "值", "字段"), start=1):
        cell = ws.cell(LABEL_ROW, index, label)
        cell.font, cell.fill = _HEAD, _HEAD_FILL
    for letter, width in zip("ABC", (44, 70, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["C"].hidden = True
    row = KV_FIRST_ROW
    groups: list[str] = []
    for field in sheet.rows:
        # "因公出国（境）费·主要原因·与上年比": each part before a · heads a group of rows, said
        # once, in bold; the row keeps the last part, indented under its groups
        *heads, label = field.label.split("·")
        same = 0
        while same < min(len(groups), len(heads)) and groups[same] == heads[same]:
            same += 1
        for depth in range(same, len(heads)):
            cell = ws.cell(row, 1, heads[depth])
            cell.font, cell.alignment = _HEAD, Alignment(indent=depth)
            row += 1
        groups = heads
        value = get(data, field.path) if data is not None else None
        if data is None and field.kind == "choice" and len(field.choices) == 1 and not field.optional:
            value = field.choices[0]  # kind: budget — the one value it can have
        if field.mapping:
            row = _map_rows(ws, row, field, value, len(heads))
            continue
        if field.repeated:
            entries = [(field.path, v) for v in (value or [])] or [(field.path, None)]
        else:
            entries = [(field.path, value)]
        for number, (path, item) in enumerate(entries):
            if number == 0:  # the entries of a list share one heading
                ws.cell(row, 1, label).alignment = Alignment(wrap_text=True, vertical="top", indent=len(heads))
            cell = ws.cell(row, 2, write_value(choice_text(field, item), field.kind))
            _format(cell, field.kind, item)
            ws.cell(row, 3, path).font = _KEY
            dv = _validation(None, "choice" if field.open_choice else field.kind, field.labels or field.choices, strict=not field.open_choice)
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(cell.coordinate)
            row += 1
    ws.freeze_panes = ws.cell(KV_FIRST_ROW, 2)


def _map_rows(ws: Worksheet, row: int, field: Field_, value: Any, depth: int) -> int:
    """A map on a key/value sheet: the field's own row (its heading, no value), then one row per
    entry — its key in column A (a dropdown when the keys are a fixed vocabulary), its value in
    column B; an empty map gets one blank entry row. Column C says which map a row belongs to; the
    key is the visible one."""
    ws.cell(row, 1, field.heading).alignment = Alignment(wrap_text=True, vertical="top", indent=depth)
    ws.cell(row, 3, f"{field.path}[]").font = _KEY
    row += 1
    entries = list((value or {}).items()) or [(None, None)]
    words = [word for _, word in field.key_words]
    for key, item in entries:
        key_cell = ws.cell(row, 1, None if key is None else map_key_text(field, str(key)))
        key_cell.alignment = Alignment(wrap_text=True, vertical="top", indent=depth + 1)
        if field.key_label in ("科目编码", "类编码"):
            key_cell.number_format = "@"
        cell = ws.cell(row, 2, write_value(item, field.kind))
        _format(cell, field.kind, item)
        ws.cell(row, 3, f"{field.path}[]").font = _KEY
        if words:
            dv = _validation(None, "choice", tuple(words), strict=not field.open_choice)
            assert dv is not None
            ws.add_data_validation(dv)
            dv.add(key_cell.coordinate)
        row += 1
    return row


def _items(data: Any, path: str, parent: int | str | None = None, by_name: bool = False) -> list[dict[str, Any]]:
    """The rows of a records sheet: items of the (possibly nested) list at ``path``; with
    ``by_name`` a nested row names its parent by the parent's 名称 when that is unique."""
    head, _, rest = path.partition("[].")
    found = get(data, head) if head else None
    if not rest:
        if isinstance(found, dict):
            return [{"@key": key, **value} for key, value in found.items()]
        rows = [dict(item) for item in (found or [])]
        if parent is not None:
            for row in rows:
                row["@parent"] = parent
        return rows
    rows: list[dict[str, Any]] = []
    names = [str(item.get("name") or "") for item in found or []]
    for number, item in enumerate(found or [], start=1):
        name = names[number - 1]
        unique = by_name and name and names.count(name) == 1 and not name.isdigit()
        rows.extend(_items(item, rest, name if unique else number))
    return rows


def _flatten(item: dict[str, Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    return {c.key: item.get(c.key) if c.key in (PARENT_KEY, DICT_KEY) else get(item, c.key) for c in columns}


def _function_rows(data: dict[str, Any], sheet: TableSheet, names: dict[str, str]) -> list[dict[str, Any]]:
    """表2/表3…: 类 and 款 rows above their 项 rows, in the items' order — with their figures where
    the input prints them (``function_subtotals``), else their names only — and the 合计 row where
    the input prints it (``totals``); a sheet that is not ``all_rows`` lists only the items with a
    value in its columns. An item without a name of its own shows its standard name (经济分类)."""
    part = sheet.columns[2].key.split(".")[0]
    printed = {str(row.get("code")): row for row in data.get("function_subtotals") or [] if row.get(part)}

    def head_row(code: str) -> dict[str, Any]:
        if code in printed:
            return {**_flatten(printed[code], sheet.columns), "code": code, "name": printed[code].get("name") or names.get(code, "")}
        return {"code": code, "name": names.get(code, "")}

    rows: list[dict[str, Any]] = []
    shown: set[str] = set()
    for item in get(data, sheet.path) or []:
        row = _flatten(item, sheet.columns)
        amounts = [row[c.key] for c in sheet.columns if c.kind in ("money", "number", "int")]
        if not sheet.all_rows and not any(v not in (None, "", 0) for v in amounts):
            continue
        code = str(item.get("code", ""))
        for head in (code[:n] for n in sheet.heads if n < len(code)):
            if head not in shown:
                shown.add(head)
                rows.append(head_row(head))
        if not row.get("name"):
            row["name"] = names.get(code, "")
        rows.append(row)
    rows += [head_row(code) for code in sorted(printed) if code not in shown]  # printed, with no 项 below
    total = (data.get("totals") or {}).get(part) if sheet.path == "functions" else None
    if total:
        rows.append({**_flatten({part: total}, sheet.columns), "code": None, "name": "合计"})
    return rows


def build_workbook(data: dict[str, Any] | None, class_names: dict[str, str] | None = None,
                   root: type[BaseModel] = FinalAccounts) -> Workbook:
    """The workbook of ``data`` (a model dump of ``root``), or an empty one to fill in when
    ``data`` is None."""
    unit = str((data or {}).get("amount_unit") or "万元")
    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS_SHEET
    guide.column_dimensions["A"].width = 120
    for row, text in enumerate(ROOT_INSTRUCTIONS.get(root.__name__, INSTRUCTIONS), start=1):
        guide.cell(row, 1, text).alignment = Alignment(wrap_text=True)
    guide.cell(1, 1).font = _TITLE
    for sheet in workbook_layout(root):
        ws = wb.create_sheet(sheet.name)
        if isinstance(sheet, KeyValueSheet):
            _key_values(ws, sheet, data, unit)
        elif data is None:
            _table(ws, sheet, [], unit)
        elif sheet.hierarchy:
            _table(ws, sheet, _function_rows(data, sheet, class_names or {}), unit)
        else:
            _table(ws, sheet, [_flatten(i, sheet.columns) for i in _items(data, sheet.path, by_name=sheet.parent_by_name)], unit)
    return wb


def write_workbook(data: dict[str, Any] | None, target: Path, class_names: dict[str, str] | None = None,
                   root: type[BaseModel] = FinalAccounts) -> Path:
    """Write the workbook atomically: a failed run leaves an existing file untouched."""
    from ..render import atomic_output

    wb = build_workbook(data, class_names, root)
    texts_stay_text(wb)
    with atomic_output(Path(target)) as tmp:
        wb.save(tmp)
    return Path(target)


__all__ = ["build_workbook", "write_workbook", "get"]
