"""Excel 97-2003 workbooks (.xls): read with xlrd, handed on as an .xlsx.

Many finance offices still keep their tables as .xls (older Excel, WPS's default in some
installs, exports of accounting systems). xlrd is the well-kept reader of that binary format;
rather than a second workbook reader, every cell of the .xls is copied into an openpyxl workbook
at the same sheet and cell, so the one .xlsx reader (its sheet checks, cell-located findings and
number rules) serves both. A number in an .xls cell is the same IEEE double an .xlsx cell holds.
"""

from __future__ import annotations

import io
from typing import Any

from ..diagnostics import InputError
from ..loader import SAVE_AS_XLSX, _fail

MAX_CELLS = 2_000_000  # far beyond any input; an .xls claiming more is not one


def _refuse(name: str, message: str, rule: str = "input.xls") -> InputError:
    return _fail(name, message, rule=rule)


def xls_to_xlsx(raw: bytes, name: str) -> bytes:
    """The .xlsx bytes holding every sheet, cell value, hidden row/column and hidden sheet of the
    .xls ``raw``; a damaged or encrypted file is refused naming ``name``."""
    import openpyxl
    import xlrd
    from xlrd.biffh import XLRDError

    try:
        book = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=False,
                                  logfile=io.StringIO())
    except XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise _refuse(name, "工作簿设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx 再试",
                          "input.encrypted") from None
        raise _refuse(name, f"旧版 Excel 工作簿（.xls）无法读取，可能已损坏；{SAVE_AS_XLSX}") from None
    except Exception:  # xlrd on a damaged compound file raises assorted errors  # noqa: BLE001
        raise _refuse(name, f"旧版 Excel 工作簿（.xls）无法读取，可能已损坏；{SAVE_AS_XLSX}") from None
    cells = sum(sheet.nrows * sheet.ncols for sheet in book.sheets())
    if cells > MAX_CELLS:
        raise _refuse(name, f"工作簿的表格范围过大（{cells} 个单元格），不像是一份输入；{SAVE_AS_XLSX}", "input.too_large")

    out = openpyxl.Workbook()
    out.remove(out.active)
    for sheet in book.sheets():
        target = out.create_sheet(sheet.name)
        if sheet.visibility:
            target.sheet_state = "hidden" if sheet.visibility == 1 else "veryHidden"
        for row in range(sheet.nrows):
            for col in range(sheet.ncols):
                value = _value(sheet.cell(row, col), book.datemode)
                if value is not None:
                    target.cell(row=row + 1, column=col + 1, value=value)
        for row, info in sheet.rowinfo_map.items():
            if info.hidden:
                target.row_dimensions[row + 1].hidden = True
        for col, info in sheet.colinfo_map.items():
            if info.hidden:
                letter = openpyxl.utils.get_column_letter(col + 1)
                target.column_dimensions[letter].hidden = True
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _value(cell: Any, datemode: int) -> Any:
    """A cell's value as openpyxl would read it from an .xlsx: whole numbers as int."""
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        number = cell.value
        return int(number) if number.is_integer() and abs(number) < 2**53 else number  # float-ok: the cell's own double
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#N/A")
    return cell.value
