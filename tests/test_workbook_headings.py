"""A 项目 | 值 sheet is read by what a user sees: rows inserted by hand (no hidden field key), a
sheet whose hidden column was deleted, a map's keys typed in column A in Chinese, word lists
picked from dropdowns; the unit line says what a sheet holds. Findings name sheet!cell."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.budget.model import BudgetReport
from reportgen.excel.convert import export
from reportgen.excel.layout import (
    KV_FIRST_ROW,
    LABEL_ROW,
    UNIT_ROW,
    KeyValueSheet,
    TableSheet,
    holds_money,
    workbook_layout,
)
from reportgen.excel.reader import read_workbook, workbook_roots
from reportgen.excel.writer import build_workbook
from reportgen.loader import load_document
from reportgen.model import FinalAccounts
from reportgen.selfeval.targets import TargetsFile
from reportgen.validate import build_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
KINDS = {"zengdu_2023": FinalAccounts, "dachuan_2023_budget": BudgetReport, "ezhou_2024_targets": TargetsFile,
         "nanjing_2024_targets": TargetsFile}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    for path in SAMPLES.glob("*.yaml"):
        shutil.copy(path, folder)
    return {name: export(folder / f"{name}.yaml", folder / f"{name}.xlsx") for name in KINDS}


def _copy(book: Path, tmp_path: Path) -> Path:
    target = tmp_path / book.name
    shutil.copy(book, target)
    for path in book.parent.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    return target


def _row(ws, path: str) -> int:
    return next(r for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == path)


def _model(path: Path, root):
    return build_model(load_document(path), root)


def _assert_reads_the_same(original: Path, root, tmp_path: Path, edit) -> None:
    """``edit`` applied to every sheet of a copy of ``original``: no error, the same model."""
    book = _copy(original, tmp_path)
    wb = load_workbook(book)
    for ws in wb.worksheets[1:]:
        edit(ws)
    wb.save(book)
    assert [i for i in load_document(book).issues if i.severity == "error"] == []
    assert _model(book, root) == _model(original, root)


@pytest.mark.parametrize("name", KINDS)
def test_key_value_sheets_without_their_hidden_column_read_the_same(books, name, tmp_path):
    def strip(ws):
        if ws.cell(LABEL_ROW, 3).value == "字段":
            ws.delete_cols(3)

    _assert_reads_the_same(books[name], KINDS[name], tmp_path, strip)


def test_rows_inserted_by_hand_are_read_by_their_headings(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["单位概况"]
    last_duty = max(r for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == "unit.duties")
    ws.insert_rows(last_duty + 1)
    ws.cell(last_duty + 1, 2, "新增的一条职责。")  # column A blank: one more entry of the list above
    ws = wb["体例设置"]
    at = _row(ws, "presentation.glossary[]") + 1  # the blank entry row under 名词解释
    ws.cell(at, 1, "财政拨款收入")
    ws.cell(at, 2, "指本级财政当年拨付的资金。")
    ws.insert_rows(at + 1)
    ws.cell(at + 1, 1, "基本支出")  # a row inserted under the map, no field key
    ws.cell(at + 1, 2, "指为保障机构正常运转发生的支出。")
    labels = _row(ws, "presentation.labels[]")
    ws.insert_rows(labels + 1)
    ws.cell(labels + 1, 1, "公务用车·主要负责人用车")  # a dropdown word, not vehicles.principal
    ws.cell(labels + 1, 2, "主要负责同志用车")
    wb.save(book)
    model = _model(book, FinalAccounts)
    assert model.unit.duties[-1] == "新增的一条职责。"
    assert model.presentation.glossary == {"财政拨款收入": "指本级财政当年拨付的资金。", "基本支出": "指为保障机构正常运转发生的支出。"}
    assert model.presentation.labels == {"vehicles.principal": "主要负责同志用车", "vehicles.senior_leader": "副区级及以上领导干部用车"}
    cells = read_workbook(book)[1]
    assert cells["presentation.labels.vehicles.principal"] == f"体例设置!B{labels + 1}"


def test_a_key_not_in_the_dropdown_is_an_error_at_its_cell(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["体例设置"]
    row = _row(ws, "presentation.labels[]") + 1
    ws.cell(row, 1, "领导用车")
    wb.save(book)
    issues = [i for i in load_document(book).issues if i.rule == "input.choice"]
    assert [str(i.source) for i in issues] == [f"{book}: 体例设置!A{row}"]
    assert "术语应从下拉列表中选择" in issues[0].message and "公务用车·主要负责人用车" in issues[0].message


def test_a_row_with_an_unknown_heading_is_a_finding_at_its_cell(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["单位概况"]
    ws.insert_rows(KV_FIRST_ROW + 1)
    ws.cell(KV_FIRST_ROW + 1, 1, "单位地址")
    ws.cell(KV_FIRST_ROW + 1, 2, "文化大道1号")
    wb.save(book)
    (issue,) = [i for i in load_document(book).issues if i.rule == "input.unknown_row"]
    assert str(issue.source) == f"{book}: 单位概况!A{KV_FIRST_ROW + 1}"
    assert "“单位地址”不是本表的项目，其值未读取" in issue.message


def test_budget_word_lists_are_chinese_dropdowns(books, tmp_path):
    book = _copy(books["dachuan_2023_budget"], tmp_path)
    wb = load_workbook(book)
    ws = wb["体例设置"]
    rows = [r for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == "presentation.listed_income_sources"]
    assert [ws.cell(r, 2).value for r in rows] == ["上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入"]
    assert [ws.cell(r, 2).value for r in range(KV_FIRST_ROW, ws.max_row + 1)
            if ws.cell(r, 3).value == "presentation.growth_rate_in"] == ["“三公”经费各项", "机关运行经费"]
    assert ws.cell(_row(ws, "presentation.region"), 2).value == "四川部门预算体例"
    assert ws.cell(_row(ws, "presentation.empty_table_note"), 2).value == "否"
    ws.cell(rows[-1], 2, "事业收入")
    ws.cell(rows[0], 2, "财政收入")  # not a word of the list
    wb.save(book)
    issues = [i for i in load_document(book).issues if i.rule == "input.choice"]
    assert [str(i.source) for i in issues] == [f"{book}: 体例设置!B{rows[0]}"]
    ws.cell(rows[0], 2, "上年结转")
    ws.cell(_row(ws, "presentation.table_titles[]") + 1, 1, "表3-2")
    ws.cell(_row(ws, "presentation.table_titles[]") + 1, 2, "项目支出预算表")
    wb.save(book)
    presentation = _model(book, BudgetReport).presentation
    assert presentation.listed_income_sources == ["carryover", "general_budget", "business"]
    assert presentation.table_titles == {"t3_2": "项目支出预算表"}


def test_targets_funds_keys_are_the_forms_words(books):
    wb = load_workbook(books["ezhou_2024_targets"])
    ws = wb["部门整体支出绩效目标表"]
    keys = [ws.cell(r, 1).value for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == "department.funds.income[]"]
    assert keys[1:] == ["财政拨款", "财政专户管理资金", "单位资金"]
    history = wb["部门资金-近两年"]
    assert "财政拨款：2161.89" in str(history.cell(5, 3).value) + str(history.cell(5, 2).value)


# --- the unit line -----------------------------------------------------------------------------


@pytest.mark.parametrize("root", workbook_roots().values(), ids=lambda r: r.__name__)
def test_the_unit_line_says_what_the_sheet_holds(root):
    wb = build_workbook(None, root=root)
    for sheet in workbook_layout(root):
        items = sheet.rows if isinstance(sheet, KeyValueSheet) else sheet.columns
        shown = wb[sheet.name].cell(UNIT_ROW, 1).value
        assert (shown == "单位：万元") == any(holds_money(i) for i in items), (sheet.name, shown)


def test_indicator_sheets_carry_no_unit_and_are_never_scaled(books, tmp_path):
    book = _copy(books["nanjing_2024_targets"], tmp_path)
    wb = load_workbook(book)
    sheet = next(s for s in workbook_layout(TargetsFile) if isinstance(s, TableSheet) and s.path == "department.indicators")
    ws = wb[sheet.name]
    assert ws.cell(UNIT_ROW, 1).value is None
    ws.cell(UNIT_ROW, 1, "单位：元")  # said anyway: an indicator's value is not an amount
    wb.save(book)
    before = _model(books["nanjing_2024_targets"], TargetsFile).department.indicators
    after = _model(book, TargetsFile).department.indicators
    assert [i.target for i in after] == [i.target for i in before]
    assert any(i.target not in (None, Decimal(0)) for i in after)


def test_a_glossary_entry_left_blank_removes_the_term_and_round_trips(tmp_path):
    source = tmp_path / "input.yaml"
    text = (SAMPLES / "zengdu_2023.yaml").read_text(encoding="utf-8")
    text = text.replace("  labels:\n", "  glossary:\n    结余分配: null\n    基本支出: 指保障机构运转的支出。\n  labels:\n", 1)
    source.write_text(text, encoding="utf-8")
    book = export(source, tmp_path / "input.xlsx")
    model = _model(book, FinalAccounts)
    assert model.presentation.glossary == {"结余分配": None, "基本支出": "指保障机构运转的支出。"}
    assert model == _model(source, FinalAccounts)


def test_a_term_without_its_new_wording_is_a_finding_at_its_cell(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["体例设置"]
    row = _row(ws, "presentation.labels[]") + 1
    ws.cell(row, 2).value = None
    wb.save(book)
    (issue,) = [i for i in load_document(book).issues if i.rule == "input.blank_entry"]
    assert str(issue.source) == f"{book}: 体例设置!B{row}"
    assert "术语改写“公务用车·副部（省）级及以上领导用车”没有填写内容" in issue.message
    assert _model(book, FinalAccounts).presentation.labels == {}


def test_a_workbook_in_yuan_without_its_hidden_column_keeps_its_unit(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["其他"]
    ws.cell(_row(ws, "amount_unit"), 2, "元")
    wb.save(book)
    with_keys = read_workbook(book)[0]
    for ws in wb.worksheets[1:]:
        if ws.cell(LABEL_ROW, 3).value == "字段":
            ws.delete_cols(3)
    wb.save(book)
    without = read_workbook(book)[0]
    assert without["amount_unit"] == "元"
    assert without["functions"] == with_keys["functions"]  # the sheets' 万元 read as 元, alike
    assert without == with_keys


def test_an_old_workbook_with_map_keys_in_its_hidden_column_still_reads(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["体例设置"]
    heading = _row(ws, "presentation.labels[]")
    ws.delete_rows(heading + 1)  # as written before: one row, the key in column C
    ws.cell(heading, 2, "副区级及以上领导干部用车")
    ws.cell(heading, 3, "presentation.labels[vehicles.senior_leader]")
    wb.save(book)
    assert _model(book, FinalAccounts) == _model(books["zengdu_2023"], FinalAccounts)


def test_the_kind_of_a_workbook_without_its_hidden_column_is_its_report_kind_row(books, tmp_path):
    """A 绩效目标 workbook whose sheets were renamed is still one: its 报告种类 row says so."""
    from reportgen.excel.reader import detect_root

    book = _copy(books["ezhou_2024_targets"], tmp_path)
    wb = load_workbook(book)
    for ws in wb.worksheets[1:]:
        if ws.cell(LABEL_ROW, 3).value == "字段":
            ws.delete_cols(3)
        ws.title = f"表{ws.title[:20]}"
    assert detect_root(wb) is TargetsFile


@pytest.mark.parametrize("name", KINDS)
def test_table_sheets_without_their_hidden_key_row_read_the_same(books, name, tmp_path):
    """Every table is read by its Chinese column headings when the hidden row of field keys is
    gone (a sheet typed afresh, or the row deleted)."""
    from reportgen.excel.layout import KEY_ROW

    def strip(ws):
        if ws.cell(LABEL_ROW, 3).value != "字段" and ws.cell(KEY_ROW, 1).value:
            ws.delete_rows(KEY_ROW)

    _assert_reads_the_same(books[name], KINDS[name], tmp_path, strip)


def test_a_value_beside_a_group_heading_is_a_finding(books, tmp_path):
    book = _copy(books["zengdu_2023"], tmp_path)
    wb = load_workbook(book)
    ws = wb["表9 三公经费"]
    row = next(r for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "因公出国（境）费" and ws.cell(r, 3).value is None)
    ws.cell(row, 2, 12.5)
    wb.save(book)
    (issue,) = [i for i in load_document(book).issues if i.rule == "input.unknown_row"]
    assert str(issue.source) == f"{book}: 表9 三公经费!B{row}"
    assert "“因公出国（境）费”是分组标题，这一行的值未读取" in issue.message


def test_a_map_whose_heading_row_was_deleted_keeps_its_entries(books, tmp_path):
    book = _copy(books["dachuan_2023_budget"], tmp_path)
    wb = load_workbook(book)
    ws = wb["体例设置"]
    ws.delete_rows(_row(ws, "presentation.glossary[]"))  # the first row of the map: its heading
    wb.save(book)
    assert _model(book, BudgetReport).presentation.glossary == _model(books["dachuan_2023_budget"], BudgetReport).presentation.glossary


def test_basis_and_category_columns_offer_the_forms_words_and_take_others(books, tmp_path):
    book = _copy(books["ezhou_2024_targets"], tmp_path)
    wb = load_workbook(book)
    ws = wb["部门整体绩效指标"]
    offered = {dv.formula1: dv.showErrorMessage for dv in ws.data_validations.dataValidation}
    assert offered.get('"计划标准,行业标准,历史标准,预算支出标准,其他标准"') is False  # offered, not enforced
    assert offered.get('"绩效基本型,绩效创新型"') is False
    from reportgen.excel.layout import KEY_ROW

    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(KEY_ROW, c).value == "basis")
    ws.cell(5, column, "专家论证")  # a basis of the department's own
    wb.save(book)
    assert _model(book, TargetsFile).department.indicators[0].basis == "专家论证"
