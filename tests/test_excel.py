"""Excel workbook input: layout, reader, writer, init/export and the CLI."""

from __future__ import annotations

import datetime as _dt
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel

from reportgen.cli import main
from reportgen.diagnostics import InputError
from reportgen.excel.convert import export, init
from reportgen.excel.layout import (
    KEY_ROW,
    KV_FIRST_ROW,
    dict_value,
    is_model,
    list_item,
    scalar_kind,
    strip_optional,
)
from reportgen.excel.reader import read_workbook
from reportgen.excel.values import decimal_from_excel
from reportgen.excel.writer import write_workbook
from reportgen.loader import Document, load_document, subtotal_renames
from reportgen.model import FinalAccounts
from reportgen.pipeline import prepare, render
from reportgen.validate import build_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_YAML = ROOT / "sample_inputs" / "zengdu_2023.yaml"
SAMPLE_XLSX = ROOT / "sample_inputs" / "zengdu_2023.xlsx"


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs(path) + cells)


def key_cell(ws, path: str, row: int | None = None) -> str:
    """The cell of ``path`` in a sheet: a key/value row, or a table column at ``row``."""
    if row is None:
        for r in range(KV_FIRST_ROW, ws.max_row + 1):
            if ws.cell(r, 3).value == path:
                return f"B{r}"
        raise KeyError(path)
    for c in range(1, ws.max_column + 1):
        if ws.cell(KEY_ROW, c).value == path:
            return f"{ws.cell(row, c).column_letter}{row}"
    raise KeyError(path)


def fill(wb, values: dict[tuple[str, str], Any], rows: dict[str, list[dict[str, Any]]] | None = None) -> None:
    for (sheet, path), value in values.items():
        wb[sheet][key_cell(wb[sheet], path)] = value
    for sheet, items in (rows or {}).items():
        for offset, item in enumerate(items):
            for key, value in item.items():
                wb[sheet][key_cell(wb[sheet], key, 5 + offset)] = value


MINIMAL = {
    ("单位概况", "unit.name"): "测试局",
    ("单位概况", "unit.year"): 2023,
    ("上年数", "prior_year.total"): 90,
    ("上年数", "prior_year.income_total"): 90,
    ("上年数", "prior_year.expenditure_total"): 90,
    ("上年数", "prior_year.fiscal_total"): 90,
    ("上年数", "prior_year.fiscal_income.general_budget"): 90,
    ("上年数", "prior_year.general_budget_expenditure"): 90,
}
FUNCTION_ROWS = {
    "表2": [
        {"code": "201", "name": "一般公共服务支出"},
        {"code": "20103", "name": "政府办公厅（室）及相关机构事务"},
        {"code": "2010301", "name": "行政运行", "income.general_budget": 100},
    ],
    "表3": [
        {"code": "201", "name": "一般公共服务支出"},
        {"code": "20103", "name": "政府办公厅（室）及相关机构事务"},
        {"code": "2010301", "name": "行政运行", "spending.basic": 100},
    ],
    "表5": [
        {"code": "201"},
        {"code": "20103"},
        {"code": "2010301", "name": "行政运行", "general_budget.initial_budget": 100, "general_budget.basic": 100},
    ],
    # 基本支出 needs its economic detail (a 基本支出 without 表6 is a check error)
    "表6": [{"code": "30101", "amount": 100}],
}


@pytest.fixture
def minimal_workbook(tmp_path: Path) -> Path:
    target = tmp_path / "input.xlsx"
    init(target)
    wb = load_workbook(target)
    fill(wb, MINIMAL, FUNCTION_ROWS)
    wb.save(target)
    return target


# -- the sample ------------------------------------------------------------------------------


def test_sample__workbook_renders_the_same_text_as_the_yaml(tmp_path: Path) -> None:
    render(SAMPLE_YAML, tmp_path / "yaml.docx")
    render(SAMPLE_XLSX, tmp_path / "xlsx.docx")
    text = paragraphs(tmp_path / "xlsx.docx")
    assert text == paragraphs(tmp_path / "yaml.docx")
    assert any("921.96" in p for p in text)
    # the tables too: a measure written 0.00 in the YAML reads 0.00% in both (not 0%)
    assert all_text(tmp_path / "xlsx.docx") == all_text(tmp_path / "yaml.docx")
    assert "\n0.00%\n" in all_text(tmp_path / "xlsx.docx")


def test_sample__workbook_is_the_export_of_the_yaml() -> None:
    """If this fails, regenerate: reportgen export sample_inputs/zengdu_2023.yaml -o sample_inputs/zengdu_2023.xlsx --force"""
    assert build_model(load_document(SAMPLE_XLSX)).model_dump() == build_model(load_document(SAMPLE_YAML)).model_dump()


# -- round trip ------------------------------------------------------------------------------


def test_export__yaml_to_xlsx_to_yaml_is_lossless(tmp_path: Path) -> None:
    export(SAMPLE_YAML, tmp_path / "a.xlsx")
    export(tmp_path / "a.xlsx", tmp_path / "b.yaml")
    original = build_model(load_document(SAMPLE_YAML)).model_dump()
    assert build_model(load_document(tmp_path / "a.xlsx")).model_dump() == original
    assert build_model(load_document(tmp_path / "b.yaml")).model_dump() == original
    # and the exported YAML is a fixed point: plain data equal after another round
    export(tmp_path / "b.yaml", tmp_path / "c.xlsx")
    export(tmp_path / "c.xlsx", tmp_path / "d.yaml")
    assert load_document(tmp_path / "d.yaml").data == load_document(tmp_path / "b.yaml").data


def test_export__yaml_writes_decimals_as_numbers_and_codes_as_strings(tmp_path: Path) -> None:
    export(SAMPLE_XLSX, tmp_path / "out.yaml")
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "general_budget: 685.19\n" in text
    assert "code: '2010301'" in text
    assert "!!python" not in text and "曾都区人民政府办公室" in text


def _populate(model: type[BaseModel], value: dict[str, Any] | None) -> dict[str, Any]:
    """``value`` with every default-valued field set to something else (generic over the model)."""
    data = dict(value or {})
    for name, info in model.model_fields.items():
        annotation, _ = strip_optional(info.annotation)
        current = data.get(name)
        kind = scalar_kind(annotation, info)
        if kind is not None:
            if current not in (None, "", 0, Decimal(0)) and not (kind[0] == "choice" and current == info.default):
                continue
            data[name] = {
                "money": Decimal("12.345678"),
                "number": Decimal("87.5"),
                "int": 3,
                "bool": True,
                "date": _dt.date(2024, 3, 26),
                "choice": kind[1][-1] if kind[1] else "",
                "text": f"{name} 文本，含“引号”& <尖括号>",
                "code": "201" if model.__name__ in ("ClassAmount", "FiscalClass") else "2010301",  # 类 rows of 表1/表4
            }[kind[0]]
        elif is_model(annotation):
            data[name] = _populate(annotation, current)
        elif (item := list_item(annotation)) is not None and is_model(item):
            data[name] = [_populate(item, entry) for entry in (current or [{}])]
        elif item is not None:
            data[name] = current or ["第一条", "第二条"]
        elif (entry := dict_value(annotation)) is not None and is_model(entry):
            data[name] = {key: _populate(entry, v) for key, v in (current or {"201": {}}).items()}
        elif entry is not None and scalar_kind(strip_optional(entry)[0]) == ("int", ()):
            data[name] = current or {"优": 3}
        elif entry is not None:
            data[name] = current or {"vehicles.senior_leader": "副区级领导用车"}
        else:
            raise AssertionError(f"{model.__name__}.{name}: {annotation!r}")
    return data


def test_layout__every_model_field_round_trips_through_the_workbook(tmp_path: Path) -> None:
    dump = build_model(load_document(SAMPLE_YAML)).model_dump()
    dump["special_transfers"] = []
    full = FinalAccounts.model_validate(_populate(FinalAccounts, dump))
    write_workbook(full.model_dump(), tmp_path / "full.xlsx")
    data, cells, issues = read_workbook(tmp_path / "full.xlsx")
    assert FinalAccounts.model_validate(data).model_dump() == full.model_dump()
    assert not [i for i in issues if i.severity == "error"]

    def leaves(value: Any, path: str) -> typing.Iterator[str]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from leaves(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                yield from leaves(item, f"{path}[{index}]")
        else:
            yield path

    # the 类/款 rows the model keeps apart are rows of the tables: their places are those rows
    document = subtotal_renames(Document(data, "full.xlsx", cells=cells))
    missing = [p for p in leaves(full.model_dump(), "") if document.renamed(p) not in cells]
    assert missing == []


# -- init, edit a cell, see the report change --------------------------------------------------


def test_init__edited_cell_changes_the_report(minimal_workbook: Path, tmp_path: Path) -> None:
    render(minimal_workbook, tmp_path / "before.docx")
    before = all_text(tmp_path / "before.docx")

    wb = load_workbook(minimal_workbook)
    for sheet, key in (("表2", "income.general_budget"), ("表3", "spending.basic"), ("表5", "general_budget.basic")):
        wb[sheet][key_cell(wb[sheet], key, 7)] = 123.45
    wb["表6"][key_cell(wb["表6"], "amount", 5)] = 123.45
    wb.save(minimal_workbook)
    render(minimal_workbook, tmp_path / "after.docx")
    after = all_text(tmp_path / "after.docx")
    assert "123.45" in after and "123.45" not in before
    # 123.45 against the prior year's 90: an increase of 33.45
    assert "33.45" in after


def test_init__empty_workbook_reports_required_fields_at_their_cells(tmp_path: Path) -> None:
    init(tmp_path / "empty.xlsx")
    with pytest.raises(InputError) as caught:
        prepare(tmp_path / "empty.xlsx")
    places = [str(i.source) for i in caught.value.issues]
    assert f"{tmp_path / 'empty.xlsx'}: 单位概况!B4" in places  # unit.name
    assert not any(": 上年数!B" in p for p in places)  # prior-year figures are optional (the region decides)


def test_init__yaml_skeleton_lists_every_part(tmp_path: Path) -> None:
    init(tmp_path / "input.yaml")
    text = (tmp_path / "input.yaml").read_text(encoding="utf-8")
    for key in FinalAccounts.model_fields:
        if key == "function_subtotals":
            continue  # 类/款 rows are written in functions
        assert f"\n{key}:" in text or f"\n# {key}:" in text  # totals: optional, named in a comment
    assert "name:  # 单位名称（必填）" in text


# -- reading what people type ------------------------------------------------------------------


def test_reader__text_in_amount_cell_names_sheet_and_cell(minimal_workbook: Path) -> None:
    wb = load_workbook(minimal_workbook)
    wb["表3"]["C7"] = "一百"
    wb.save(minimal_workbook)
    with pytest.raises(InputError) as caught:
        prepare(minimal_workbook)
    [issue] = caught.value.issues
    assert str(issue.source) == f"{minimal_workbook}: 表3!C7"
    assert "一百" in issue.message


def test_reader__item_row_without_its_class_row_is_a_finding(minimal_workbook: Path) -> None:
    wb = load_workbook(minimal_workbook)
    wb["表3"].delete_rows(5, 1)  # drop the 类 201 row
    wb.save(minimal_workbook)
    prepared = prepare(minimal_workbook)
    [issue] = [i for i in prepared.issues if i.rule == "input.function_hierarchy"]
    assert issue.severity == "error"
    assert str(issue.source) == f"{minimal_workbook}: 表3!A6"
    assert "类 201" in issue.message


def test_reader__numbers_as_text_separators_dashes_and_trailing_rows(minimal_workbook: Path) -> None:
    wb = load_workbook(minimal_workbook)
    ws = wb["表2"]
    ws["C7"] = " 1,234.50 "
    ws["J7"] = "-"
    for row in range(8, 40):
        ws.cell(row, 1).value = None  # trailing empty rows
    ws["A40"] = "   "
    wb.save(minimal_workbook)
    data, _, issues = read_workbook(minimal_workbook)
    item = data["functions"][0]
    assert item["income"]["general_budget"] == Decimal("1234.50")
    assert "other" not in item["income"]
    assert len(data["functions"]) == 1 and issues == []


def test_reader__sheet_in_yuan_is_converted_to_wanyuan(minimal_workbook: Path) -> None:
    wb = load_workbook(minimal_workbook)
    wb["表2"]["A2"] = "单位：元"
    wb["表2"]["C7"] = 1234567
    wb.save(minimal_workbook)
    data, _, _ = read_workbook(minimal_workbook)
    assert data["functions"][0]["income"]["general_budget"] == Decimal("123.4567")


def test_reader__formula_without_saved_result_is_a_warning_at_its_cell(minimal_workbook: Path) -> None:
    wb = load_workbook(minimal_workbook)
    wb["表2"]["C7"] = "=40+60"  # openpyxl saves no cached result
    wb.save(minimal_workbook)
    data, _, issues = read_workbook(minimal_workbook)
    [issue] = issues
    assert issue.severity == "warning" and issue.source.path == "表2!C7"
    assert "general_budget" not in data["functions"][0].get("income", {})


def test_reader__pasted_table_with_merged_headers_and_no_key_row(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表3"
    ws["A1"] = "支出决算表"
    ws["A2"] = "金额单位：万元"
    ws.merge_cells("A3:B3")
    ws["A3"] = "项目"
    ws["A4"], ws["B4"] = "科目编码", "科目名称"
    ws.merge_cells("C3:D3")
    ws["C3"] = "本年支出"
    ws["C4"], ws["D4"] = "基本支出", "项目支出"
    rows = [("合计", None, 30, 5), ("201", "一般公共服务支出", 30, 5), ("20103", "政府办公厅", 30, 5), (2010301, "行政运行", 30.1, "5")]
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            ws.cell(5 + offset, col, value)
    ws["A5"], ws["B5"] = None, "合计"
    wb.save(tmp_path / "pasted.xlsx")
    data, cells, issues = read_workbook(tmp_path / "pasted.xlsx")
    assert issues == []
    # the 类, 款 and 合计 rows are read as printed (and checked against the 项: 30 ≠ 30.1), not ignored
    assert data["functions"] == [
        {"code": "201", "name": "一般公共服务支出", "spending": {"basic": 30, "project": 5}},
        {"code": "20103", "name": "政府办公厅", "spending": {"basic": 30, "project": 5}},
        {"code": "2010301", "name": "行政运行", "spending": {"basic": Decimal("30.1"), "project": Decimal("5")}},
    ]
    assert data["totals"] == {"spending": {"basic": 30, "project": 5}}
    assert cells["functions[2].spending.basic"] == "表3!C8" and cells["functions[0].spending.basic"] == "表3!C6"
    assert cells["totals.spending.basic"] == "表3!C5"
    assert data["function_classes"] == {}  # the rows name their codes


@pytest.mark.parametrize(
    ("value", "expected"),
    [(905.31, "905.31"), (0.1 + 0.2, "0.3"), (42.6, "42.6"), (10.0, "10"), (1e-7, "0"), (1234567.891, "1234567.891")],
)
def test_excel_float__becomes_decimal_without_binary_noise(value: float, expected: str) -> None:
    assert str(decimal_from_excel(value)) == expected


# -- CLI -------------------------------------------------------------------------------------


def test_cli_init__refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "input.xlsx"
    target.write_bytes(b"keep me")
    result = CliRunner().invoke(main, ["init", "--xlsx", str(target)])
    assert result.exit_code == 1
    assert "已存在" in result.output
    assert target.read_bytes() == b"keep me"


def test_cli_export__round_trip_and_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(SAMPLE_YAML), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    wb = load_workbook(tmp_path / "out.xlsx")
    wb["表2"]["C7"] = "abc"
    wb.save(tmp_path / "out.xlsx")
    result = runner.invoke(main, ["export", str(tmp_path / "out.xlsx"), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2
    assert "表2!C7" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()
