"""The workbook a finance officer fills in shows Chinese only; the reader takes old workbooks too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from reportgen.excel.layout import (
    FIRST_ROW,
    KEY_ROW,
    KV_FIRST_ROW,
    LABEL_ROW,
    KeyValueSheet,
    TableSheet,
    workbook_layout,
)
from reportgen.excel.reader import read_workbook
from reportgen.excel.writer import INSTRUCTIONS, build_workbook
from reportgen.loader import load_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_YAML = ROOT / "sample_inputs" / "zengdu_2023.yaml"
SAMPLE_XLSX = ROOT / "sample_inputs" / "zengdu_2023.xlsx"


def english(text: object) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", str(text or ""))


def visible_cells(ws):
    hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
    hidden_cols = {c for c, d in ws.column_dimensions.items() if d.hidden}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.row in hidden_rows:
                continue
            if get_column_letter(cell.column) not in hidden_cols:
                yield cell


def test_layout__sheet_names_titles_labels_and_dropdowns_are_chinese():
    for sheet in workbook_layout():
        assert english(sheet.name) == [] and english(sheet.title) == [], sheet.name
        items = sheet.columns if isinstance(sheet, TableSheet) else sheet.rows
        for item in items:
            assert english(item.label) == [], (sheet.name, item.label)
            assert all(english(word) == [] for word in item.labels), (sheet.name, item.labels)
            assert len(item.labels) == len(item.choices)


def test_layout__no_heading_twice_in_a_table():
    for sheet in workbook_layout():
        if isinstance(sheet, TableSheet):
            labels = [c.label for c in sheet.columns]
            assert len(labels) == len(set(labels)), (sheet.name, labels)


def test_empty_workbook__a_user_sees_no_english():
    wb = build_workbook(None)
    for ws in wb.worksheets[1:]:  # the instructions quote a command and one field key as examples
        found = [(c.coordinate, c.value) for c in visible_cells(ws) if english(c.value)]
        assert found == [], ws.title
    for ws in wb.worksheets[1:]:
        if ws.cell(KEY_ROW, 1).value and ws.cell(LABEL_ROW, 3).value != "字段":
            assert ws.row_dimensions[KEY_ROW].hidden, ws.title  # table: keys in a hidden row
        else:
            assert ws.column_dimensions["C"].hidden, ws.title  # key/value: keys in a hidden column
    assert any("已隐藏" in line for line in INSTRUCTIONS)


def test_sample_workbook__dropdown_words_are_chinese():
    wb = load_workbook(SAMPLE_XLSX)
    values = {ws.cell(r, 3).value: ws.cell(r, 2).value for ws in wb.worksheets[1:] for r in range(KV_FIRST_ROW, ws.max_row + 1)}
    assert values["unit.kind"] == "行政单位"
    assert values["presentation.zero_categories"] == "列示"
    assert values["presentation.region"] == "默认体例"  # a shipped profile by its Chinese name (or a file)
    assert values["operating_expenses.compare_to"] == "与年初预算比"
    formulas = [dv.formula1 for dv in wb["单位概况"].data_validations.dataValidation]
    assert '"行政单位,参公单位,事业单位,其他单位"' in formulas


def test_sample_workbook__reads_as_the_yaml():
    data, _, issues = read_workbook(SAMPLE_XLSX)
    yaml = load_document(SAMPLE_YAML).data
    assert [i for i in issues if i.severity == "error"] == []
    assert data["unit"]["kind"] == yaml["unit"]["kind"] == "administrative"
    assert data["presentation"]["zero_categories"] == "list"
    assert data["operating_expenses"]["compare_to"] == "budget"
    assert len(data["performance"]["department_evaluation"]["indicators"]) == len(yaml["performance"]["department_evaluation"]["indicators"])


def test_sample_workbook__list_entries_share_one_heading():
    ws = load_workbook(SAMPLE_XLSX)["单位概况"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(KV_FIRST_ROW, ws.max_row + 1)]
    duties = [label for label, key in rows if key == "unit.duties"]
    assert len(duties) > 1 and duties[0] == "部门主要职责（每行一条）" and set(duties[1:]) == {None}


def _with(tmp_path, edit) -> Path:
    wb = load_workbook(SAMPLE_XLSX)
    edit(wb)
    path = tmp_path / "输入.xlsx"
    wb.save(path)
    return path


def _kv_cell(ws, key: str) -> str:
    return next(f"B{r}" for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == key)


@pytest.mark.parametrize(
    ("sheet", "key", "typed", "expected"),
    [
        ("单位概况", "unit.kind", "事业单位", "institution"),
        ("单位概况", "unit.kind", "institution", "institution"),  # a workbook written before
        ("体例设置", "presentation.zero_categories", "不列示", "omit"),
        ("体例设置", "presentation.zero_categories", "omit", "omit"),
        ("机关运行经费", "operating_expenses.compare_to", "与上年比", "prior"),
        ("机关运行经费", "operating_expenses.compare_to", "prior", "prior"),
    ],
)
def test_reader__dropdown_word_or_old_english_value(tmp_path, sheet, key, typed, expected):
    def edit(wb):
        ws = wb[sheet]
        ws[_kv_cell(ws, key)] = typed

    data, _, issues = read_workbook(_with(tmp_path, edit))
    head, field = key.split(".")
    assert data[head][field] == expected
    assert [i for i in issues if i.rule == "input.choice"] == []


def test_reader__a_word_not_in_the_dropdown_is_an_error_at_its_cell(tmp_path):
    def edit(wb):
        ws = wb["单位概况"]
        ws[_kv_cell(ws, "unit.kind")] = "机关"

    path = _with(tmp_path, edit)
    data, _, issues = read_workbook(path)
    (issue,) = [i for i in issues if i.rule == "input.choice"]
    assert issue.source.path.startswith("单位概况!B")
    assert issue.message == "应从下拉列表中选择：行政单位、参公单位、事业单位、其他单位；实际为“机关”"
    assert "kind" not in data["unit"]


def test_reader__old_sheet_names_are_still_read(tmp_path):
    def edit(wb):
        wb["部门整体绩效指标"].title = "indicators"
        wb["项目绩效指标"].title = "绩效指标（三级）"

    data, _, _ = read_workbook(_with(tmp_path, edit))
    fresh, _, _ = read_workbook(SAMPLE_XLSX)
    assert data["performance"] == fresh["performance"]
    assert data["performance"]["department_evaluation"]["indicators"]


def test_reader__a_table_whose_key_row_was_unhidden_reads_the_same(tmp_path):
    def edit(wb):
        for ws in wb.worksheets[1:]:
            ws.row_dimensions[KEY_ROW].hidden = False
            ws.column_dimensions["C"].hidden = False

    data, _, _ = read_workbook(_with(tmp_path, edit))
    assert data == read_workbook(SAMPLE_XLSX)[0]
    assert FIRST_ROW == KEY_ROW + 1


def test_layout__key_value_sheets_keep_their_keys_in_column_c():
    wb = load_workbook(SAMPLE_XLSX)
    for sheet in workbook_layout():
        if isinstance(sheet, KeyValueSheet):
            ws = wb[sheet.name]
            assert ws.cell(LABEL_ROW, 3).value == "字段" and ws.column_dimensions["C"].hidden


def test_yaml_skeleton__each_choice_says_what_it_means():
    from reportgen.excel.convert import skeleton_yaml

    lines = skeleton_yaml().splitlines()
    assert "  kind: administrative  # 单位性质：administrative（行政单位） / civil_service（参公单位） / institution（事业单位） / other（其他单位）" in lines
    assert any(line.endswith("compare_to: budget  # 比较口径：budget（与年初预算比） / prior（与上年比）") for line in lines)


def test_key_value_sheet__a_group_heading_is_said_once():
    ws = load_workbook(SAMPLE_XLSX)["表9 三公经费"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(KV_FIRST_ROW, ws.max_row + 1)]
    assert rows[:3] == [("因公出国（境）费", None), ("全年预算数", "three_public.outbound.budget"), ("决算数", "three_public.outbound.actual")]
    assert ws.cell(KV_FIRST_ROW, 1).font.b and ws.cell(KV_FIRST_ROW + 1, 1).alignment.indent == 1
    assert not any("因公出国（境）费·" in str(label) for label, _ in rows)
    assert sum(label == "因公出国（境）费" for label, _ in rows) == 1
    reasons = rows.index(("主要原因", None))
    assert rows[reasons + 1] == ("与上年比", "three_public.outbound.reasons.vs_prior")
    assert ws.cell(KV_FIRST_ROW + reasons + 1, 1).alignment.indent == 2


def test_table_sheet__a_column_group_is_said_once_above_its_columns():
    ws = load_workbook(SAMPLE_XLSX)["项目绩效"]
    labels = [ws.cell(LABEL_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert not any(str(label).startswith("项目资金按来源") for label in labels)
    first = labels.index("本年财政拨款·年初预算数") + 1
    assert ws.cell(2, first).value == "项目资金按来源" and ws.cell(2, 1).value == "单位：万元"
    merged = next(r for r in ws.merged_cells.ranges if r.min_row == 2 and r.min_col == first)
    assert merged.max_col - merged.min_col + 1 == 9  # 3 sources × 3 amounts
