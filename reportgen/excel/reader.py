"""Read an input workbook into the same plain data the YAML loader gives, keeping every cell.

The result is a ``Document`` whose ``cells`` map each model path (``functions[0].income.other``)
to its cell (``表2!J7``), so validation errors and check findings point at the cell. Problems of
the workbook's own shape (a 项 row without its 类 row, a formula without a saved result) are
``Document.issues``.

Tolerated: numbers stored as text (with thousands separators), "-" for nothing, trailing empty
rows, merged header cells, a sheet in 元 (converted to the data's unit), formulas (their saved
result is read), dropdown words or the English values of older workbooks (行政单位 or
``administrative``). Columns are found by the hidden field-key row; a sheet without it (a table
pasted from an accounting system) is matched by its Chinese column headers instead.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from .. import glossary
from ..diagnostics import InputError, Issue, Severity, Source
from ..loader import Document
from ..model import FinalAccounts
from .layout import (
    DICT_KEY,
    FIRST_ROW,
    FUNCTIONS_PATH,
    KEY_ROW,
    KV_FIRST_ROW,
    OLD_SHEET_NAMES,
    PARENT_KEY,
    UNIT_ROW,
    Column,
    Field_,
    KeyValueSheet,
    TableSheet,
    choice_value,
    is_totals_sheet,
    map_key_text,
    map_key_value,
    strip_optional,
    workbook_layout,
)
from .values import UNITS, is_blank, plain, read_value, shown_number, split_lines, to_text, unit_of

HEADER_SCAN = 8  # rows searched for Chinese headers when the key row is missing
UNIT_KEY = "unit"  # a coded list's rows are one per code and 单位 (the budget's units)
# names a coded list's rows show when the input gives none (the budget's 经济分类 款)
STANDARD_NAMES = {"economic": glossary.ECONOMIC_CLASSES}
TOTAL_NAMES = ("合计", "总计")


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


MAX_UNCOMPRESSED = 20 * 1024 * 1024  # an input workbook unpacks to well under 1 MB
MAX_CELLS = 200_000  # cells written in the sheets (the sample has about 4,000)
MAX_MEMBERS = 2000
MAX_RATIO = 100  # uncompressed / compressed beyond which a large member is a zip bomb
MAX_ROWS = 20_000
MAX_COLUMNS = 300


def _refuse(name: str, message: str, rule: str = "input.unreadable", where: str = "") -> InputError:
    return InputError("", [Issue(rule, Severity.ERROR, message, Source(name, where))])


def check_archive(raw: bytes, name: str) -> None:
    """Refuse a workbook whose zip directory announces more than an input can hold, before
    anything is unpacked (the sizes are the directory's; zipfile enforces them while reading)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(name, "文件不是有效的 Excel 工作簿（.xlsx）：可能已损坏或不完整；请在 Excel/WPS 中打开后重新保存") from None
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or (total > 1024 * 1024 and total / packed > MAX_RATIO):
        raise _refuse(
            name,
            f"工作簿解压后过大（{total / 1048576:.0f} MB，{len(members)} 个部件），不像是一份输入（可能是“压缩炸弹”），拒绝读取",
            "input.too_large",
        )
    # openpyxl builds an object per cell: count the cells in the sheets' XML first (streamed)
    cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for member in members:
                if not member.filename.startswith("xl/worksheets/"):
                    continue
                with archive.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        cells += (tail + chunk).count(b"<c ") - tail.count(b"<c ")
                        tail = chunk[-2:]
                        if cells > MAX_CELLS:
                            raise _refuse(name, f"工作簿的单元格超过 {MAX_CELLS:,} 个，不像是一份输入；请删除多余的行列后重试",
                                          "input.too_large")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        raise _refuse(name, "文件不是有效的 Excel 工作簿（.xlsx）：可能已损坏或不完整；请在 Excel/WPS 中打开后重新保存") from None


# what the hidden 字段 column's ``kind`` row may say, and the input it makes
_KIND_WORDS = {
    "budget": "BudgetReport", "部门预算": "BudgetReport",
    "targets": "TargetsFile", "绩效目标表": "TargetsFile",
    "final_accounts": "FinalAccounts", "部门决算": "FinalAccounts", "selfeval": "FinalAccounts", "绩效自评": "FinalAccounts",
}


def workbook_roots() -> dict[str, type[BaseModel]]:
    """The inputs a workbook can hold, by their model's name."""
    from ..budget.model import BudgetReport
    from ..selfeval.targets import TargetsFile

    return {root.__name__: root for root in (FinalAccounts, BudgetReport, TargetsFile)}


def detect_root(book: Any) -> type[BaseModel]:
    """Which input a workbook holds: the 报告种类 its key/value sheet gives (kind), else the
    layout most of whose sheets it has (a 部门决算 when none stands out)."""
    roots = workbook_roots()
    for ws in book.worksheets:
        if ws.max_column < 2:
            continue
        for heading, key, value in ws.iter_rows(min_row=KV_FIRST_ROW, max_row=min(ws.max_row, 400), min_col=1, max_col=3, values_only=True):
            # the 报告种类 row: by its field key, or by its heading (the key column deleted)
            if key is not None and (str(value or "").strip() == "kind" or (value is None and _words(heading) == "报告种类")):
                named = _KIND_WORDS.get(str(key).strip())
                if named:
                    return roots[named]
    present = set(book.sheetnames)

    def share(root: type[BaseModel]) -> float:
        names = {sheet.name for sheet in workbook_layout(root)}
        return len(names & present) / len(names)

    best = max(roots.values(), key=share)
    return best if share(best) > share(FinalAccounts) else FinalAccounts


class _Reader:
    def __init__(self, source: Path | bytes, name: str, root: type[BaseModel] | None = None) -> None:
        from ..loader import read_bytes

        self.file = name
        raw = source if isinstance(source, bytes) else read_bytes(source)
        check_archive(raw, name)
        try:
            # from memory: openpyxl judges a path by its extension, the content is what counts
            self.values = load_workbook(io.BytesIO(raw), data_only=True)
            self.formulas = load_workbook(io.BytesIO(raw), data_only=False)
        except Exception as exc:  # an untrusted file: any failure of the parser is "unreadable"
            detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise _refuse(name, f"无法读取 Excel 工作簿（可能已损坏；请在 Excel/WPS 中打开后重新保存）：{detail}") from None
        for ws in self.values.worksheets:
            if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
                raise _refuse(
                    name,
                    f"工作表“{ws.title}”有 {ws.max_row} 行、{ws.max_column} 列，超过上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列）；"
                    "请删除多余的行列后重试",
                    "input.too_large",
                    f"{ws.title}!A1",
                )
        self.data: dict[str, Any] = {}
        self.cells: dict[str, str] = {}
        self.formats: dict[str, str] = {}  # cell → number format, for numbers
        self.issues: list[Issue] = []
        self.printed_names: set[str] = set()  # 类/款 rows read as printed, with their names
        self.root = root or detect_root(self.values)
        self.layout = workbook_layout(self.root)
        self.data_unit = self._data_unit()
        self.factor = Decimal(1)

    def check_sheets(self) -> None:
        """A sheet of the layout that is missing (deleted or renamed) loses its data: an error
        naming the expected sheet and the unknown sheets found; an unknown sheet alone is a
        warning (its content is not read). A single table pasted from an accounting system (no
        instructions sheet, no unknown sheet) may stand alone."""
        import difflib

        from .layout import INSTRUCTIONS_SHEET

        expected = {sheet.name: sheet for sheet in self.layout}
        # a sheet under an earlier name of the layout (a workbook written before) is present
        earlier = OLD_SHEET_NAMES
        known = set(expected) | {old for names in earlier.values() for old in names}
        present = self.values.sheetnames
        # hidden sheets are the workbook's own machinery (field keys, lists), never user data
        unknown = [ws.title for ws in self.values.worksheets
                   if ws.title not in known and ws.title != INSTRUCTIONS_SHEET and ws.sheet_state == "visible"]
        # the printed totals' sheets are optional: a workbook written before has none (nothing printed)
        missing = [name for name in expected
                   if name not in present and not any(old in present for old in earlier.get(name, ()))
                   and not is_totals_sheet(expected[name])]
        ours = INSTRUCTIONS_SHEET in present or len(missing) < len(expected) / 2
        if missing and (unknown or ours):
            for name in missing:
                sheet = expected[name]
                close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.3)
                found = f"工作簿中有未知的工作表“{'”“'.join(unknown)}”" if unknown else "工作簿中没有这张表"
                hint = f"；如“{close[0]}”是它改名而来，请改回“{name}”" if close else "；请勿删除或改名工作表（没有数据时保留空表）"
                self.issue("input.missing_sheet", Severity.ERROR,
                           f"找不到工作表“{name}”（{sheet.title}），其数据未读取：{found}{hint}", f"{name}!A1")
        elif unknown:
            for name in unknown:
                self.issue("input.unknown_sheet", Severity.WARNING,
                           f"工作表“{name}”不是输入的一部分，其内容未读取", f"{name}!A1")

    # -- cells -----------------------------------------------------------------------------
    def _data_unit(self) -> str:
        """The input's 金额单位 (its amount_unit row, known by its field key or its heading)."""
        for sheet in self.layout:
            field = next((f for f in sheet.rows if f.path == "amount_unit"), None) if isinstance(sheet, KeyValueSheet) else None
            if field is not None and sheet.name in self.values.sheetnames:
                ws = self.values[sheet.name]
                for row in ws.iter_rows(min_row=KV_FIRST_ROW, max_col=3, values_only=True):
                    key = row[2] if len(row) > 2 else None
                    named = key == "amount_unit" or (not key and _same_heading(_words(field.heading), _words(row[0])))
                    if named and row[1] in UNITS:
                        return str(row[1])
        return "万元"

    def issue(self, rule: str, severity: Severity, message: str, where: str) -> None:
        self.issues.append(Issue(rule, severity, message, Source(self.file, where)))

    def cell(self, ws: Worksheet, row: int, col: int) -> tuple[Any, str]:
        where = f"{ws.title}!{get_column_letter(col)}{row}"
        cell = ws.cell(row, col)
        value = cell.value
        if cell.data_type == "e":  # #DIV/0!, #REF!, #VALUE!…: a formula's failure, never data
            self.issue("input.cell_error", Severity.ERROR,
                       f"单元格是 Excel 错误值 {value}（公式出错或引用了已删除的单元格），未读取；请在 Excel/WPS 中改正后重试", where)
            return None, where
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.formats[where] = cell.number_format
        if value is None:
            raw = self.formulas[ws.title].cell(row, col).value
            if isinstance(raw, str) and raw.startswith("="):
                self.issue("input.formula_without_value", Severity.WARNING,
                           f"公式 {raw} 没有保存的计算结果，按空值处理（请在 Excel 中打开并保存后重试）", where)
        return value, where

    def take(self, value: Any, kind: str, path: str, where: str, target: dict[str, Any], key: str,
             item: Column | Field_ | None = None) -> None:
        """Store one cell's value (blank cells only record where the value would be)."""
        self.cells[path] = where
        if is_blank(value):
            return
        if kind == "choice" and item is not None and item.labels:
            chosen = choice_value(item, value)
            if chosen is None:
                self.issue("input.choice", Severity.ERROR,
                           f"应从下拉列表中选择：{'、'.join(item.labels)}；实际为“{str(value).strip()}”", where)
                return
            value = chosen
        if kind in ("mapping", "pairs"):
            _, bad = split_lines(value, kind)
            if bad:
                form = "键：值（如“2022：≤100%”）" if kind == "mapping" else "甲｜乙（如“项目名称｜三级指标”）"
                self.issue("input.cell_lines", Severity.ERROR,
                           f"每行应写作“{form}”，这些行不是：{'；'.join(bad)[:120]}", where)
                return
        value = read_value(value, kind, getattr(item, "item", ""))
        if kind == "mapping" and item is not None and item.key_words:
            keys = {k: map_key_value(item, str(k)) for k in value}
            unknown = [str(k) for k, v in keys.items() if v is None]
            if unknown:
                words = "、".join(word for _, word in item.key_words)
                self.issue("input.cell_lines", Severity.ERROR, f"“{'、'.join(unknown)}”不是可用的项目；可用：{words}", where)
                return
            value = {keys[k]: v for k, v in value.items()}
        if kind == "mapping" and getattr(item, "item", "") == "money" and self.factor != 1:
            value = {k: plain(Decimal(v) * self.factor) if isinstance(v, (int, Decimal)) else v for k, v in value.items()}
        if kind in ("money", "number") and isinstance(value, (int, Decimal)) and where in self.formats:
            value = shown_number(value, self.formats[where])
        if kind == "money" and isinstance(value, (int, Decimal)) and self.factor != 1:
            value = plain(Decimal(value) * self.factor)
        if kind == "lines":
            for index in range(len(value)):
                self.cells[f"{path}[{index}]"] = where
        _put(target, key, value)

    # -- sheets ----------------------------------------------------------------------------
    def sheet(self, name: str) -> Worksheet | None:
        name = next((n for n in (name, *OLD_SHEET_NAMES.get(name, ())) if n in self.values.sheetnames), "")
        if not name:
            return None
        ws = self.values[name]
        sheet_unit = unit_of(ws.cell(UNIT_ROW, 1).value) or next(
            (u for r in range(1, HEADER_SCAN) for c in range(1, 12) if (u := unit_of(ws.cell(r, c).value))), None
        )
        self.factor = UNITS[sheet_unit or self.data_unit] / UNITS[self.data_unit]
        return ws

    def header(self, ws: Worksheet, columns: tuple[Column, ...]) -> tuple[dict[int, Column], int]:
        """Column index → Column, and the first data row."""
        by_key = {c.key: c for c in columns}
        found = {i: by_key[v] for i, v in enumerate(self._row(ws, KEY_ROW), start=1) if v in by_key}
        if found:
            return found, FIRST_ROW
        # no key row: match the Chinese headers (merged header cells count for every column)
        # a heading as written (年度指标值（数值）), or without its note in brackets when that
        # names one column only (年度指标值 names two)
        shorts = [c.label.split("（")[0] for c in columns]
        by_label = {short: c for short, c in zip(shorts, columns, strict=True) if shorts.count(short) == 1}
        by_label.update({c.label: c for c in columns})  # 当年财政拨款安排·基本支出
        rests = [c.label.partition("·")[2] for c in columns]  # as row 3 shows it, under its group
        for rest, column in zip(rests, columns, strict=True):
            if rest and rests.count(rest) == 1:
                by_label.setdefault(rest, column)
        best: dict[int, Column] = {}
        last = 0
        above: list[Any] = []
        for row in range(1, HEADER_SCAN + 1):
            cells = self._row(ws, row)
            for index, text in enumerate(cells, start=1):
                label = str(text or "").replace("\n", "").replace(" ", "")
                group = str(above[index - 1] or "").replace("\n", "").replace(" ", "") if index <= len(above) else ""
                for candidate in (f"{group}·{label}", label, label.split("（")[0]):  # under its group heading first
                    if candidate in by_label and by_label[candidate] not in best.values() and index not in best:
                        best[index] = by_label[candidate]
                        last = row
            above = cells
        return best, last + 1

    def _row(self, ws: Worksheet, row: int) -> list[Any]:
        values = [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]
        for merged in ws.merged_cells.ranges:
            if merged.min_row <= row <= merged.max_row:
                anchor = ws.cell(merged.min_row, merged.min_col).value
                for col in range(merged.min_col, merged.max_col + 1):
                    values[col - 1] = anchor
        return values

    def rows(self, ws: Worksheet, columns: dict[int, Column], first: int):
        for row in range(first, ws.max_row + 1):
            cells = {i: self.cell(ws, row, i) for i in columns}
            if all(is_blank(v) for v, _ in cells.values()):
                continue  # empty and trailing rows
            yield row, cells

    def key_values(self, sheet: KeyValueSheet) -> None:
        """A 项目 | 值 sheet. Each row's field is named by the hidden column C when it is there;
        a row without it (inserted by hand, or the column deleted) is known by its visible
        heading in column A, under the bold group headings above it; a row with no heading
        continues the list above it, and a row under a map's heading is an entry of that map
        (its key in column A)."""
        ws = self.sheet(sheet.name)
        if ws is None:
            return
        fields = {f.path: f for f in sheet.rows}
        headings = _Headings(sheet.rows)
        prefix = sheet.rows[0].path.split(".")[0] if sheet.rows and "." in sheet.rows[0].path else ""
        if prefix:
            self.cells[prefix] = f"{ws.title}!A1"
            self.data.setdefault(prefix, {})  # so a missing required field is reported at its own row
        seen: dict[str, str] = {}  # field (or labels[key]) → the cell that gave it
        current: Field_ | None = None  # the list or map whose entries continue below
        groups: tuple[str, ...] = ()
        for row in range(KV_FIRST_ROW, ws.max_row + 1):
            path = str(ws.cell(row, 3).value or "").strip()
            text = ws.cell(row, 1).value
            heading = _words(text)
            if not path and is_blank(ws.cell(row, 2).value) and not heading:
                continue
            value, where = self.cell(ws, row, 2)
            if not path:
                field, groups = self._by_heading(ws, row, headings, groups, current, text, value, where)
                if field is None:
                    current = None
                    continue
                path = field.path  # a map's entry: its key is the one in column A
            base, _, key = path.partition("[")
            field = fields.get(base)
            if field is None:
                self.issue("input.unknown_field", Severity.ERROR, f"字段 '{path}' 不是输入的一部分（请勿修改“字段”列）", f"{ws.title}!C{row}")
                continue
            groups = tuple(field.label.split("·")[:-1])
            first = current is not field  # a map's first row is its own (its heading), entries follow
            current = field if field.repeated or field.mapping else None
            key = key.rstrip("]")
            if field.mapping and not key:
                if not heading or heading == _words(field.heading) or (first and is_blank(value)):
                    continue  # the map's own row (its heading, however worded: no value), or an empty entry row
                key = self._map_key(field, text, f"{ws.title}!A{row}")
                if key is None:
                    continue
            if not field.repeated and (not field.mapping or key):
                whole = f"{base}[{key}]" if field.mapping else path
                if whole in seen:
                    what = f"“{map_key_text(field, key)}”" if field.mapping else ""
                    self.issue("input.duplicate_row", Severity.ERROR,
                               f"{field.heading}{what}出现两次：{seen[whole]} 和 {where}；只能保留一行", where)
                    continue
                seen[whole] = where
            self._kv_value(field, base, key, value, where)
        if prefix and self.data.get(prefix) == {} and self._optional(prefix):
            del self.data[prefix]  # an optional part left blank is not given (as in a YAML without it)

    def _by_heading(self, ws: Worksheet, row: int, headings: _Headings, groups: tuple[str, ...], current: Field_ | None,
                    text: Any, value: Any, where: str) -> tuple[Field_ | None, tuple[str, ...]]:
        """A row without its field key: its field (None for a group heading, or a row that is
        no field: a finding) and the groups it is under."""
        heading = _words(text)
        if not heading:
            if current is not None and current.repeated:
                return current, groups
            self.issue("input.unknown_row", Severity.ERROR,
                       f"第 {row} 行有值但 A 列没有写是哪一项，其值未读取；请在 A 列写项目名称（或删去这一行）", where)
            return None, groups
        found = headings.group(heading, groups) if is_blank(value) else None
        if found is not None:
            return None, found  # a bold heading above a group of rows (本年支出合计 above its parts)
        field = headings.field(heading, groups)
        if field is not None:
            if is_blank(value) and not (field.repeated or field.mapping):
                return None, tuple(field.label.split("·")[:-1])  # nothing to read
            return field, tuple(field.label.split("·")[:-1])
        found = headings.group(heading, groups)
        if found is not None:
            self.issue("input.unknown_row", Severity.WARNING,
                       f"“{str(text).strip()[:40]}”是分组标题，这一行的值未读取（请填在它下面的各行）", where)
            return None, found
        if current is not None and current.mapping:
            return current, groups  # an entry of the map above
        if not is_blank(value):
            self.issue("input.unknown_row", Severity.WARNING,
                       f"“{str(text).strip()[:40]}”不是本表的项目，其值未读取（项目名称应与原表一致）", f"{ws.title}!A{row}")
        return None, groups

    def _map_key(self, field: Field_, text: Any, where: str) -> str | None:
        """A map entry's key from column A: a code keeps its leading zeros; a fixed vocabulary
        (术语改写) takes its dropdown words (or the keys themselves)."""
        if field.key_label in ("科目编码", "类编码"):
            return str(read_value(text, "code"))
        key = map_key_value(field, str(to_text(text, "text")))  # a number typed as a key: as shown
        if key is None:
            words = "、".join(word for _, word in field.key_words)
            self.issue("input.choice", Severity.ERROR,
                       f"{field.key_label}应从下拉列表中选择：{words}；实际为“{str(text).strip()}”", where)
        return key

    def _kv_value(self, field: Field_, base: str, key: str, value: Any, where: str) -> None:
        if field.repeated:
            # a list is created by its first entry only: blank rows of an optional part
            # (department_evaluation) must not create it, as the YAML without it does not
            self.cells.setdefault(base, where)
            if not is_blank(value):
                if field.labels:
                    chosen = choice_value(field, value)
                    if chosen is None and not field.open_choice:
                        self.issue("input.choice", Severity.ERROR,
                                   f"应从下拉列表中选择：{'、'.join(field.labels)}；实际为“{str(value).strip()}”", where)
                        return
                    value = str(value).strip() if chosen is None else chosen
                entries = _get(self.data, base)
                if entries is None:
                    entries = []
                    _put(self.data, base, entries)
                self.cells[f"{base}[{len(entries)}]"] = where
                entries.append(read_value(value, "text" if field.kind == "choice" else field.kind))
        elif field.mapping:
            self.cells.setdefault(base, where)
            if key and is_blank(value) and not field.optional:
                self.issue("input.blank_entry", Severity.WARNING,
                           f"{field.heading.split('（')[0]}“{map_key_text(field, key)}”没有填写内容，这一行未读取", where)
            if key and (not is_blank(value) or field.optional):  # an optional value left blank: null (删去该条)
                entries = _get(self.data, base)
                if entries is None:
                    entries = {}
                    _put(self.data, base, entries)
                self.cells[f"{base}.{key}"] = where
                if is_blank(value):
                    entries[key] = None
                elif field.kind in ("mapping", "pairs", "money"):
                    self.take(value, field.kind, f"{base}.{key}", where, entries, key, field)
                else:
                    entries[key] = read_value(value, field.kind)
        elif field.open_choice and not is_blank(value):
            text = str(value).strip()
            chosen = choice_value(field, text)
            self.cells[base] = where
            _put(self.data, base, chosen if chosen is not None else text)
        else:
            self.take(value, field.kind, base, where, self.data, base, field)

    def _optional(self, name: str) -> bool:
        info = self.root.model_fields.get(name)
        return info is not None and not info.is_required() and info.get_default(call_default_factory=False) is None

    def records(self, sheet: TableSheet) -> None:
        ws = self.sheet(sheet.name)
        if ws is None:
            return
        columns, first = self.header(ws, sheet.columns)
        head, _, rest = sheet.path.partition("[].")
        items: list[tuple[Any, dict[str, Any]]] = []  # (parent 序号 and its cell, or None; cells)
        for _row, cells in self.rows(ws, columns, first):
            item: dict[str, Any] = {}
            parent: Any = None
            for index, column in columns.items():
                value, where = cells[index]
                if column.key == PARENT_KEY:
                    parent = (read_value(value, "int" if not sheet.parent_by_name else "text") if not is_blank(value) else None, where)
                else:
                    item[column.key] = (value, where)
            items.append((parent, item))
        if sheet.is_map:
            self.cells.setdefault(head, f"{ws.title}!A1")
            if not items and _get(self.data, head) is None:
                return  # an empty sheet must not create its map (nor an optional parent part)
            mapping = _get(self.data, head)
            if mapping is None:
                mapping = {}
                _put(self.data, head, mapping)
            for _, item in items:
                key_value, key_where = item.pop(DICT_KEY, (None, ""))
                key = read_value(key_value, "code") if not is_blank(key_value) else ""
                if key in mapping and f"{head}.{key}" in self.cells:
                    self.issue("input.duplicate_row", Severity.ERROR,
                               f"编码 {key} 出现两次：{self.cells[f'{head}.{key}']} 和 {key_where}；同一编码只能填一行", key_where)
                    continue
                entry = mapping.setdefault(key, {})
                self.cells[f"{head}.{key}"] = key_where
                self._fill(entry, item, sheet, f"{head}.{key}")
            return
        if not rest:
            if not items:  # an empty sheet must not create its list (nor an optional parent part)
                self.cells.setdefault(head, f"{ws.title}!A1")
                return
            target = self.data_list(head, f"{ws.title}!A1")
            for _, item in items:
                entry: dict[str, Any] = {}
                path = f"{head}[{len(target)}]"
                target.append(entry)
                self._fill(entry, item, sheet, path)
            return
        # a list inside items of another list: attach each row to its parent by 序号
        parents = _get(self.data, head) or []
        names = [str(p.get("name") or "").strip() if isinstance(p, dict) else "" for p in parents]
        for parent, item in items:
            number, where = parent if isinstance(parent, tuple) else (None, f"{ws.title}!A{first}")
            if sheet.parent_by_name and isinstance(number, str):
                if number.isdigit():
                    number = int(number)
                elif names.count(number) == 1:
                    number = names.index(number) + 1
                else:
                    import difflib

                    close = difflib.get_close_matches(number, names, n=1, cutoff=0.5)
                    hint = f"（是否应为“{close[0]}”？）" if close else ""
                    problem = "有多个同名项目，请写序号" if names.count(number) > 1 else f"不在项目表中{hint}"
                    self.issue("input.parent_row", Severity.ERROR, f"所属项目“{number}”{problem}", where)
                    continue
            if not isinstance(number, int) or not 1 <= number <= len(parents):
                wanted = (f"所属项目应写项目名称或 1 到 {len(parents)} 之间的序号" if sheet.parent_by_name
                          else f"所属上级序号应为 1 到 {len(parents)} 之间的整数")
                shown = "空白" if number is None else f"“{number}”"
                self.issue("input.parent_row", Severity.ERROR, f"{wanted}，实际为{shown}", where)
                continue
            owner = parents[number - 1]
            target = owner.setdefault(rest, [])
            entry = {}
            path = f"{head}[{number - 1}].{rest}[{len(target)}]"
            self.cells.setdefault(path.rsplit("[", 1)[0], where)
            target.append(entry)
            self._fill(entry, item, sheet, path)

    def data_list(self, head: str, where: str) -> list[Any]:
        target = _get(self.data, head)
        if target is None:
            target = []
            _put(self.data, head, target)
            self.cells.setdefault(head, where)
        return target

    def _fill(self, entry: dict[str, Any], item: dict[str, Any], sheet: TableSheet, path: str) -> None:
        first = next(iter(item.values()), (None, ""))[1]
        self.cells[path] = first
        for key, (value, where) in item.items():
            column = sheet.column(key)
            assert column is not None
            self.take(value, column.kind, f"{path}.{key}", where, entry, key, column)

    def functions(self, sheets: list[TableSheet]) -> dict[str, tuple[str, str]]:
        """Merge the 项 rows of 表2/表3/表5/表7/表8 (or of any coded list laid out as tables:
        the budget's 功能分类 and 经济分类 sheets) by code; return 类/款 names with their cells."""
        list_path, heads = sheets[0].path, sheets[0].heads
        size = heads[-1] + 2  # an item's code: 7 digits under 类/款, 5 under 类
        level = {3: "类", 5: "款", 7: "项"}
        standard = STANDARD_NAMES.get(list_path, {})
        items = self.data_list(list_path, f"{sheets[0].name}!A1")
        index: dict[str, list[int]] = {}  # code → its items (one per budget unit)
        names: dict[str, tuple[str, str]] = {}
        for sheet in sheets:
            ws = self.sheet(sheet.name)
            if ws is None:
                continue
            columns, first = self.header(ws, sheet.columns)
            code_col = next((i for i, c in columns.items() if c.key == "code"), None)
            if code_col is None:
                self.issue("input.no_code_column", Severity.ERROR, "找不到“科目编码”列", f"{ws.title}!A{KEY_ROW}")
                continue
            seen: set[str] = set()
            rows_of: dict[int, str] = {}  # item → its cell in this sheet
            unit_col = next((i for i, c in columns.items() if c.key == UNIT_KEY), None)
            for row, cells in self.rows(ws, columns, first):
                raw, where = cells[code_col]
                code = read_value(raw, "code") if not is_blank(raw) else ""
                name_col = next((i for i, c in columns.items() if c.key == "name"), None)
                name = str(cells[name_col][0] or "").strip() if name_col else ""
                printed = self._printed_columns(sheet, columns)
                if not code:
                    if any(word in name.replace(" ", "") for word in TOTAL_NAMES):
                        # the 合计 row as printed (部门决算): read, and checked against the 类 rows
                        if any(not is_blank(cells[i][0]) for i in printed):
                            totals = self.data.setdefault("totals", {})
                            for i, column in printed.items():
                                value, at = cells[i]
                                self.take(value, column.kind, f"totals.{column.key}", at, totals, column.key, column)
                        continue
                    self.issue("input.missing_code", Severity.ERROR, f"第 {row} 行有数据但没有科目编码", where)
                    continue
                if len(code) in heads and code.isdigit():
                    seen.add(code)
                    if name and name_col:
                        names.setdefault(code, (name, cells[name_col][1]))
                    if any(not is_blank(cells[i][0]) for i in printed):
                        # a 类/款 row with figures: as printed, checked against the rows below it
                        # (one with its name only has the sums for its figures)
                        self._printed_row(code, name, where, cells, printed, name_col, (list_path, items, index, rows_of))
                    continue
                order = "—".join(level.get(n, "") for n in (*heads, size))
                for head, word in ((code[:n], level.get(n, "")) for n in heads):
                    if len(code) == size and head not in seen:
                        self.issue("input.function_hierarchy", Severity.ERROR,
                                   f"{level.get(size, '')} {code}（{name or '未命名'}）上方没有所属的{word} {head} 行；"
                                   f"请按“{order}”顺序填写", where)
                unit = read_value(cells[unit_col][0], "code") if unit_col and not is_blank(cells[unit_col][0]) else ""
                mine = index.setdefault(code, [])
                same = [k for k in mine if str(items[k].get(UNIT_KEY) or "") == unit]
                if not same and len(mine) == 1 and not (unit and items[mine[0]].get(UNIT_KEY)):
                    same = mine  # one row of this code, its unit given on one sheet only
                if not same and not unit and len(mine) > 1:
                    self.issue("input.ambiguous_row", Severity.ERROR,
                               f"科目 {code}（{name or '未命名'}）有 {len(mine)} 个单位的行，本行没有写单位代码，不知道属于哪一个；请填写单位代码", where)
                    continue
                if not same:
                    mine.append(len(items))
                    items.append({})
                    same = mine[-1:]
                position = same[0]
                if position in rows_of:
                    whose = f"（单位 {unit}）" if unit and len(mine) > 1 else ""
                    self.issue("input.duplicate_row", Severity.ERROR,
                               f"科目 {code}（{name or '未命名'}）{whose}在本表出现两次：{rows_of[position]} 和 {where}；"
                               f"同一科目{'同一单位' if whose else ''}只能填一行", where)
                    continue
                rows_of[position] = where
                entry = items[position]
                path = f"{list_path}[{position}]"
                self.cells.setdefault(path, where)
                for col, column in columns.items():
                    value, at = cells[col]
                    if column.key == "name" and "name" in entry:
                        if not is_blank(value) and str(value).strip() != entry["name"]:
                            self.issue("input.name_mismatch", Severity.WARNING,
                                       f"科目 {code} 的名称“{str(value).strip()}”与 {self.cells[path + '.name']} 的“{entry['name']}”不一致，采用后者", at)
                        continue
                    if column.key == "name" and standard and str(value or "").strip() == standard.get(code):
                        self.cells[f"{path}.name"] = at
                        continue  # the standard name the workbook shows is not a name of its own
                    self.take(value, column.kind, f"{path}.{column.key}", at, entry, column.key, column)
        return names

    def _printed_columns(self, sheet: TableSheet, columns: dict[int, Column]) -> dict[int, Column]:
        """The columns a 类/款 or 合计 row of a 部门决算 function table prints (its figures, not a
        项's texts); none in the other kinds' tables."""
        from ..model import FinalAccounts

        if self.root is not FinalAccounts or sheet.path != "functions":
            return {}
        part = sheet.columns[2].key.split(".")[0]
        return {i: c for i, c in columns.items() if _printed_column(part, c.key)}

    def _printed_row(self, code: str, name: str, where: str, cells: dict[int, tuple[Any, str]], printed: dict[int, Column],
                     name_col: int | None, table: tuple[str, list[dict[str, Any]], dict[str, list[int]], dict[int, str]]) -> None:
        """Read a 类/款 row's printed figures into its ``functions`` entry (merged by code across
        the tables, as the 项 rows are)."""
        list_path, items, index, rows_of = table
        mine = index.setdefault(code, [])
        if not mine:
            mine.append(len(items))
            items.append({"code": code})
        position = mine[0]
        if position in rows_of:
            self.issue("input.duplicate_row", Severity.ERROR,
                       f"科目 {code}（{name or '未命名'}）在本表出现两次：{rows_of[position]} 和 {where}；同一科目只能填一行", where)
            return
        rows_of[position] = where
        entry, path = items[position], f"{list_path}[{position}]"
        self.cells.setdefault(path, where)
        self.cells[f"{path}.code"] = where
        if name and "name" not in entry:
            self.printed_names.add(code)  # the row names its code (not function_classes)
            entry["name"] = name
            self.cells[f"{path}.name"] = cells[name_col][1] if name_col else where
        for i, column in printed.items():
            value, at = cells[i]
            self.take(value, column.kind, f"{path}.{column.key}", at, entry, column.key, column)

    def class_names(self, names: dict[str, tuple[str, str]]) -> None:
        """A 类/款 row's name is that code's name unless 科目说明 names it or it is the standard one."""
        classes = self.data.setdefault("function_classes", {})
        for code, (name, where) in names.items():
            if code in self.printed_names:
                continue
            entry = classes.get(code)
            if (entry and entry.get("name")) or glossary.FUNCTION_CLASSES.get(code) == name:
                continue
            classes.setdefault(code, {})["name"] = name
            self.cells[f"function_classes.{code}.name"] = where


def _words(text: Any) -> str:
    """A heading as compared: without spaces and line breaks."""
    return "".join(str(text or "").split())


class _Headings:
    """The visible headings of a 项目 | 值 sheet: each field's own (under its groups), and the
    bold group headings."""

    def __init__(self, rows: tuple[Field_, ...]) -> None:
        self.rows = rows
        self.parts = [tuple(_words(p) for p in field.label.split("·")) for field in rows]

    def field(self, heading: str, groups: tuple[str, ...]) -> Field_ | None:
        """The field headed ``heading`` under ``groups`` (or under the groups that hold them:
        a row after a group's last one belongs to the group around it), else the only field so
        headed (with or without its note in brackets)."""
        under = tuple(_words(g) for g in groups)
        named = [(f, parts) for f, parts in zip(self.rows, self.parts, strict=True) if _same_heading(parts[-1], heading)]
        for depth in range(len(under), -1, -1):  # under these groups, else under the groups around them
            hits = [f for f, parts in named if parts[:-1] == under[:depth]]
            if hits:
                return hits[0]
        return named[0][0] if len(named) == 1 else None

    def group(self, heading: str, groups: tuple[str, ...]) -> tuple[str, ...] | None:
        """The groups a bold heading row opens: the deepest one under the current groups."""
        under = tuple(_words(g) for g in groups)
        best: tuple[str, ...] | None = None
        for field, parts in zip(self.rows, self.parts, strict=True):
            names = field.label.split("·")[:-1]
            for depth, part in enumerate(parts[:-1]):
                if part == heading and parts[:depth] == under[:depth] and (best is None or depth + 1 > len(best)):
                    best = tuple(names[: depth + 1])
        return best


def _same_heading(own: str, heading: str) -> bool:
    return heading == own or heading == own.split("（")[0]


def _printed_column(part: str, key: str) -> bool:
    """A column a 类/款 or 合计 row prints: the table's figures (not a 项's texts)."""
    from ..model import FunctionSubtotal

    head, _, field = key.partition(".")
    if head != part or not field or part not in FunctionSubtotal.model_fields:
        return False
    model = strip_optional(FunctionSubtotal.model_fields[part].annotation)[0]
    return field in model.model_fields


def _get(data: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def read_workbook(path: str | Path | bytes, name: str | None = None) -> tuple[dict[str, Any], dict[str, str], list[Issue]]:
    """Plain data, the path → cell map and the workbook's own findings of ``path`` (or of a
    workbook's bytes, whose messages name ``name``)."""
    if isinstance(path, (bytes, bytearray)):
        reader = _Reader(bytes(path), name or "输入.xlsx")
    else:
        reader = _Reader(Path(path), name or str(path))
    reader.check_sheets()
    group: list[TableSheet] = []  # the sheets of one coded list (表2, 表3 … of functions)
    names: dict[str, tuple[str, str]] = {}

    def flush() -> None:
        if group:
            found = reader.functions(group)
            if group[0].path == FUNCTIONS_PATH:
                names.update(found)
            group.clear()

    for sheet in reader.layout:
        if isinstance(sheet, TableSheet) and sheet.hierarchy:
            if group and group[0].path != sheet.path:
                flush()
            group.append(sheet)
            continue
        flush()
        if isinstance(sheet, KeyValueSheet):
            reader.key_values(sheet)
        else:
            reader.records(sheet)
    flush()
    if "function_classes" in reader.root.model_fields:
        reader.class_names(names)
    if reader.root.__name__ == "BudgetReport" and is_blank(reader.data.get("kind")):
        reader.data["kind"] = "budget"  # its sheets say what it is (the 其他 sheet may be missing)
    return reader.data, reader.cells, reader.issues


def load_workbook_document(path: Path | bytes, name: str | None = None) -> Document:
    """``loader.load_document`` for a workbook: the same plain data, sources are cells.
    ``path`` may be the workbook's bytes, named ``name`` in the messages."""
    if isinstance(path, (bytes, bytearray)):
        name = name or "输入.xlsx"
    else:
        name = name or str(path)
    data, cells, issues = read_workbook(path, name)
    return Document(data, name, cells=cells, issues=issues)
