"""The 部门预算 input and the 绩效目标 file kept in workbooks: init, export, reading (the same
model and the same document as the YAML) and findings that name the sheet and cell."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import quote

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.budget.model import BudgetReport
from reportgen.cli import main
from reportgen.diagnostics import InputError
from reportgen.excel.convert import export, init, input_kind
from reportgen.excel.layout import KEY_ROW, KV_FIRST_ROW, LABEL_ROW
from reportgen.excel.reader import read_workbook
from reportgen.loader import load_document
from reportgen.pipeline import prepare, render
from reportgen.selfeval.targets import TargetsFile
from reportgen.validate import build_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
DATA = ROOT / "tests" / "data"
BUDGET = SAMPLES / "dachuan_2023_budget.yaml"
TARGETS = ["dachuan_2023_targets.yaml", "tianning_2023_targets.yaml", "nanjing_2024_targets.yaml", "ezhou_2024_targets.yaml"]


def document_text(path: Path) -> list[str]:
    """Every paragraph, then every table row, of a .docx."""
    document = docx.Document(str(path))
    rows = ["|".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    return [p.text for p in document.paragraphs] + rows


def column_of(ws, key: str) -> int:
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(KEY_ROW, c).value == key)


def row_of(ws, path: str) -> int:
    """The row of a field; of a map's entry (``printed.table1.classes[210]``): the row under the
    map whose column A shows the key."""
    base, _, key = path.partition("[")
    if key:
        return next(r for r in range(KV_FIRST_ROW, ws.max_row + 1)
                    if ws.cell(r, 3).value == f"{base}[]" and str(ws.cell(r, 1).value) == key.rstrip("]"))
    return next(r for r in range(KV_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 3).value == path)


@pytest.fixture(scope="module")
def budget_book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("budget")
    shutil.copy(SAMPLES / "dachuan_2023_targets.yaml", folder)
    return export(BUDGET, folder / "dachuan_2023_budget.xlsx")


# --- init ---------------------------------------------------------------------------------------


def test_blank_budget_workbook_has_the_public_tables_sheets_in_chinese(tmp_path):
    result = CliRunner().invoke(main, ["init", "--kind", "budget", "--xlsx", str(tmp_path / "预算.xlsx")])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "预算.xlsx")
    for name in ("填表说明", "单位概况", "收入总表", "一般公共预算支出表", "政府性基金支出表", "国有资本经营支出表",
                 "非财政拨款支出表", "经济分类-一般公共预算", "项目支出表", "三公经费", "上年预算数"):
        assert name in book.sheetnames
    assert "部门预算" in book["填表说明"]["A1"].value
    ws = book["一般公共预算支出表"]
    assert ws.row_dimensions[KEY_ROW].hidden
    # the matrix: a source heads its 基本/项目 columns; the fund is the sheet
    basic = column_of(ws, "current.general_budget.basic")
    assert ws.cell(LABEL_ROW, basic).value == "基本支出"
    assert ws.cell(LABEL_ROW, column_of(ws, "carryover.general_budget.project")).value == "项目支出"
    assert ws.cell(2, basic).value == "当年财政拨款安排"
    assert ws.cell(LABEL_ROW, 1).value == "科目编码"
    # the kind is filled in: the workbook is read as a budget whatever its name
    other = book["其他"]
    assert other.cell(row_of(other, "kind"), 2).value == "部门预算"
    projects = book["项目支出表"]
    fund = column_of(projects, "fund")
    assert any("一般公共预算,政府性基金,国有资本经营预算" in dv.formula1 for dv in projects.data_validations.dataValidation
               if f"{projects.cell(5, fund).column_letter}5" in str(dv.sqref))


def test_blank_budget_workbook_read_back_names_the_missing_cells(tmp_path):
    path = init(tmp_path / "空白.xlsx", "budget")
    document = load_document(path)
    assert document.data["kind"] == "budget"
    with pytest.raises(InputError) as caught:
        build_model(document, BudgetReport)
    places = {str(i.source) for i in caught.value.issues}
    assert any(p.startswith(f"{path}: 单位概况!B") for p in places), places


def test_blank_targets_workbook_and_yaml(tmp_path):
    result = CliRunner().invoke(main, ["init", "--kind", "绩效目标", "--xlsx", str(tmp_path / "目标.xlsx")])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "目标.xlsx")
    assert book.sheetnames[:5] == ["填表说明", "基本信息", "项目支出绩效目标表", "项目绩效目标指标", "部门整体支出绩效目标表"]
    ws = book["项目绩效目标指标"]
    labels = [ws.cell(LABEL_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert labels[:9] == ["所属项目（名称或序号）", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值（数值）",
                          "年度指标值（文字）", "度量单位", "分值"]
    assert "半年指标值（数值）" in labels
    init(tmp_path / "目标.yaml", "targets")
    text = (tmp_path / "目标.yaml").read_text(encoding="utf-8")
    assert text.startswith("# reportgen 输入（绩效目标文件）") and "points_total:" in text
    init(tmp_path / "预算.yaml", "budget")
    assert "\nkind: budget" in (tmp_path / "预算.yaml").read_text(encoding="utf-8")


# --- round trips --------------------------------------------------------------------------------


def test_budget_round_trips_to_the_same_model_and_document(budget_book, tmp_path):
    book = load_workbook(budget_book)
    ws = book["一般公共预算支出表"]
    codes = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert codes[:4] == ["201", "20103", "2010301", "2010302"]  # 类, 款, 项 rows, codes as text
    assert ws.cell(7, 1).number_format == "@"
    assert ws.cell(7, column_of(ws, "current.general_budget.basic")).value == pytest.approx(675.65)
    assert ws.cell(7, column_of(ws, "current.general_budget.project")).value is None  # nothing budgeted: blank
    gov = book["政府性基金支出表"]
    assert [gov.cell(r, 1).value for r in range(5, gov.max_row + 1)] == ["212", "21208", "2120899"]
    economic = book["经济分类-一般公共预算"]
    assert economic.cell(5, 1).value == "301" and economic.cell(6, 2).value == "基本工资"

    yaml_model = build_model(load_document(BUDGET), BudgetReport)
    book_model = build_model(load_document(budget_book), BudgetReport)
    assert book_model == yaml_model
    assert book_model.economic[0].name == ""  # the standard name shown is not typed in

    from_yaml = render(BUDGET, tmp_path / "yaml.docx")
    from_book = render(budget_book, tmp_path / "book.docx")
    assert not from_yaml.draft and not from_book.draft
    assert document_text(tmp_path / "book.docx") == document_text(tmp_path / "yaml.docx")
    text = "\n".join(document_text(tmp_path / "book.docx"))
    assert "1215.75" in text and "派驻纪检组办案经费项目" in text


def test_budget_workbook_back_to_yaml(budget_book, tmp_path):
    result = CliRunner().invoke(main, ["export", str(budget_book), "-o", str(tmp_path / "back.yaml")])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    assert back.read_text(encoding="utf-8").startswith("# 达州市达川区人民政府办公室 2023年度部门预算")
    assert build_model(load_document(back), BudgetReport) == build_model(load_document(BUDGET), BudgetReport)


@pytest.mark.parametrize("name", TARGETS)
def test_targets_round_trip_to_the_same_model(name, tmp_path):
    source = SAMPLES / name
    assert input_kind(load_document(source).data) == "targets"
    book = tmp_path / f"{Path(name).stem}.xlsx"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(book)])
    assert result.exit_code == 0, result.output
    document = load_document(book)
    assert document.issues == []
    assert build_model(document, TargetsFile) == build_model(load_document(source), TargetsFile)
    back = export(book, tmp_path / "back.yaml")
    assert build_model(load_document(back), TargetsFile) == build_model(load_document(source), TargetsFile)


@pytest.mark.parametrize("name", ["tianning_2023_targets.yaml", "nanjing_2024_targets.yaml", "ezhou_2024_targets.yaml"])
def test_standalone_target_tables_render_the_same_from_a_workbook(name, tmp_path):
    source = SAMPLES / name
    book = export(source, tmp_path / "targets.xlsx")
    render(source, tmp_path / "yaml.docx", force=True)
    render(book, tmp_path / "book.docx", force=True)
    assert document_text(tmp_path / "book.docx") == document_text(tmp_path / "yaml.docx")


def test_targets_workbook_serves_the_budget_tables_6_and_7(budget_book, tmp_path):
    folder = budget_book.parent
    export(SAMPLES / "dachuan_2023_targets.yaml", folder / "绩效目标.xlsx")
    book = load_workbook(budget_book)
    ws = book["绩效"]
    ws.cell(row_of(ws, "performance.targets"), 2, "绩效目标.xlsx")
    both = folder / "both.xlsx"
    book.save(both)
    render(both, tmp_path / "both.docx")
    render(BUDGET, tmp_path / "yaml.docx")
    assert document_text(tmp_path / "both.docx") == document_text(tmp_path / "yaml.docx")
    # the indicators name their project by name, in blocks
    indicators = load_workbook(folder / "绩效目标.xlsx")["项目绩效目标指标"]
    assert indicators.cell(5, 1).value == "派驻纪检组办案经费项目"
    # the TGT findings of a targets workbook name its cells
    issues = prepare(both).issues
    tgt = [i for i in issues if i.rule == "TGT-04"]
    assert tgt and str(tgt[0].source).startswith(f"{folder / '绩效目标.xlsx'}: 项目支出绩效目标表!B")


# --- findings with their cells -----------------------------------------------------------------


def test_budget_workbook_findings_name_sheet_and_cell(budget_book, tmp_path):
    book = load_workbook(budget_book)
    ws = book["一般公共预算支出表"]
    basic = column_of(ws, "current.general_budget.basic")
    row = ws.max_row + 1
    ws.cell(row, 1, "2010301"), ws.cell(row, 2, "行政运行"), ws.cell(row, basic, 1)
    ws.cell(row + 1, 1, "2990101"), ws.cell(row + 1, 2, "其他支出"), ws.cell(row + 1, basic, 2)
    projects = book["项目支出表"]
    projects.cell(5, column_of(projects, "fund"), "财政专户")
    del book["政府采购"]
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    _, _, issues = read_workbook(bad)
    found = {(i.rule, i.source.path): i.message for i in issues}
    assert found[("input.duplicate_row", f"一般公共预算支出表!A{row}")] == (
        f"科目 2010301（行政运行）在本表出现两次：一般公共预算支出表!A7 和 一般公共预算支出表!A{row}；同一科目只能填一行")
    assert [i.message for i in issues if i.rule == "input.function_hierarchy"] == [
        f"项 2990101（其他支出）上方没有所属的{level} 行；请按“类—款—项”顺序填写" for level in ("类 299", "款 29901")]
    assert {i.source.path for i in issues if i.rule == "input.function_hierarchy"} == {f"一般公共预算支出表!A{row + 1}"}
    assert "一般公共预算、政府性基金、国有资本经营预算" in found[("input.choice", "项目支出表!E5")]
    assert "找不到工作表“政府采购”" in found[("input.missing_sheet", "政府采购!A1")]

    # a wrong number and a bad code: the model's messages at their cells
    book = load_workbook(budget_book)
    book["一般公共预算支出表"].cell(7, basic, "6七5.65")
    economic = book["经济分类-一般公共预算"]
    economic.cell(economic.max_row + 1, 1, "3011")
    economic.cell(economic.max_row, column_of(economic, "current.general_budget.basic"), 5)
    book.save(bad)
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code != 0
    cell = book["一般公共预算支出表"].cell(7, basic).coordinate
    assert f"{bad}: 一般公共预算支出表!{cell}: 错误：应为金额（数字），实际为文本 '6七5.65'" in result.output
    assert f"{bad}: 经济分类-一般公共预算!A{economic.max_row}: 错误：经济分类款级科目编码应为5位数字，实际为 '3011'" in result.output
    assert "Traceback" not in result.output


def test_economic_item_without_its_class_row(budget_book, tmp_path):
    book = load_workbook(budget_book)
    ws = book["经济分类-政府性基金"]
    ws.cell(ws.max_row + 1, 1, "39999")
    ws.cell(ws.max_row, column_of(ws, "current.gov_fund.basic"), 1)
    book.save(tmp_path / "e.xlsx")
    _, _, issues = read_workbook(tmp_path / "e.xlsx")
    assert [i.message for i in issues if i.rule == "input.function_hierarchy"] == [
        "款 39999（未命名）上方没有所属的类 399 行；请按“类—款”顺序填写"]


def test_budget_checks_point_to_cells_as_printed(tmp_path):
    for name in ("dachuan_2023_budget_as_printed.yaml", "dachuan_2023_targets_as_printed.yaml"):
        shutil.copy(DATA / name, tmp_path)
    book = export(tmp_path / "dachuan_2023_budget_as_printed.yaml", tmp_path / "printed.xlsx")
    from_yaml = prepare(tmp_path / "dachuan_2023_budget_as_printed.yaml").issues
    from_book = prepare(book).issues
    assert sorted((i.rule, i.message) for i in from_book) == sorted((i.rule, i.message) for i in from_yaml)
    places = {i.message: str(i.source) for i in from_book if i.rule.startswith("BUD-")}
    message = next(m for m in places if m.startswith("表1 210 卫生健康支出（印出） 43.30"))
    sheet = load_workbook(book)["印出合计"]
    assert places[message] == f"{book}: 印出合计!B{row_of(sheet, 'printed.table1.classes[210]')}"
    assert places[next(m for m in places if m.startswith("一般公共预算本年拨款收入 1197.75"))] == f"{book}: 收入总表!B5"


def test_targets_workbook_problems_name_their_cells(tmp_path):
    book_path = export(SAMPLES / "tianning_2023_targets.yaml", tmp_path / "t.xlsx")
    book = load_workbook(book_path)
    ws = book["部门整体绩效指标"]
    ws.cell(5, column_of(ws, "history"), "2022 ≤100%")  # neither 键：值
    ws.cell(6, column_of(ws, "sum_of"), "项目甲｜指标乙｜多余")
    book.save(book_path)
    _, _, issues = read_workbook(book_path)
    found = {i.source.path: i.message for i in issues}
    assert found["部门整体绩效指标!" + ws.cell(5, column_of(ws, "history")).coordinate] == (
        "每行应写作“键：值（如“2022：≤100%”）”，这些行不是：2022 ≤100%")
    assert "甲｜乙" in found["部门整体绩效指标!" + ws.cell(6, column_of(ws, "sum_of")).coordinate]


def test_indicator_of_an_unknown_project_is_a_finding(tmp_path):
    book_path = export(SAMPLES / "dachuan_2023_targets.yaml", tmp_path / "d.xlsx")
    book = load_workbook(book_path)
    ws = book["项目绩效目标指标"]
    ws["A5"] = "派驻纪检组办案经费"
    ws["A6"] = "2"  # a 序号 is read too
    ws["A7"] = None
    book.save(book_path)
    data, _, issues = read_workbook(book_path)
    count = len(data["projects"])
    assert [(i.source.path, i.message) for i in issues] == [
        ("项目绩效目标指标!A5", "所属项目“派驻纪检组办案经费”不在项目表中（是否应为“派驻纪检组办案经费项目”？）"),
        ("项目绩效目标指标!A7", f"所属项目应写项目名称或 1 到 {count} 之间的序号，实际为空白")]
    assert data["projects"][1]["indicators"][0]["name"] == "多功能一体机采购数量"  # row 6, before project 2's own


def test_web_offers_the_budget_and_targets_blank_workbooks(tmp_path):
    from reportgen.web import create_app

    app = create_app(temp_root=tmp_path)
    try:
        client = app.test_client()
        page = client.get("/").get_data(as_text=True)
        assert "部门预算空白工作簿" in page and "绩效目标空白工作簿" in page
        for kind, sheet, name in (("budget", "一般公共预算支出表", "部门预算"), ("targets", "项目绩效目标指标", "绩效目标文件")):
            response = client.get(f"/blank.xlsx?kind={kind}")
            assert response.status_code == 200
            assert sheet in load_workbook(io.BytesIO(response.data)).sheetnames
            assert quote(f"{name}输入（空白）.xlsx") in response.headers["Content-Disposition"]
        assert client.get("/blank.xlsx?kind=other").status_code == 404
    finally:
        app.extensions["reportgen_tasks"].close()


def test_web_checks_a_budget_workbook_with_its_targets_workbook(tmp_path, budget_book):
    import re
    import time

    from reportgen.web import create_app

    targets = export(SAMPLES / "dachuan_2023_targets.yaml", tmp_path / "目标.xlsx")
    book = load_workbook(budget_book)
    ws = book["绩效"]
    ws.cell(row_of(ws, "performance.targets"), 2, "目标.xlsx")
    budget = tmp_path / "预算.xlsx"
    book.save(budget)
    (tmp_path / "web").mkdir()
    app = create_app(temp_root=tmp_path / "web")
    try:
        client = app.test_client()
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
        response = client.post("/check", data={
            "csrf": token, "input": (io.BytesIO(budget.read_bytes()), "预算.xlsx"),
            "targets": (io.BytesIO(targets.read_bytes()), "目标.xlsx"),
        }, content_type="multipart/form-data")
        location = response.headers["Location"]
        for _ in range(600):
            if client.get(f"{location}/status").get_json()["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(location).get_data(as_text=True)))
    finally:
        app.extensions["reportgen_tasks"].close()
    assert "检查结果：达州市达川区人民政府办公室" in page
    assert "项目支出绩效目标表!B" in page  # a TGT finding placed in the targets workbook
    assert "无法读取绩效目标文件" not in page


def test_rows_of_one_code_for_two_budget_units(tmp_path):
    source = DATA / "budget_edges.yaml"
    book_path = export(source, tmp_path / "edges.xlsx")
    ws = load_workbook(book_path)["经济分类-一般公共预算"]
    unit = column_of(ws, "unit")
    rows = [(ws.cell(r, 1).value, ws.cell(r, unit).value) for r in range(5, ws.max_row + 1)]
    assert ("30101", "201001") in rows and ("30101", "201002") in rows
    assert build_model(load_document(book_path), BudgetReport) == build_model(load_document(source), BudgetReport)
    # a row of a second sheet without its unit cannot say which of the two it adds to
    book = load_workbook(book_path)
    gov = book["经济分类-政府性基金"]
    gov.cell(5, 1, "301"), gov.cell(6, 1, "30101"), gov.cell(6, column_of(gov, "current.gov_fund.basic"), 3)
    book.save(book_path)
    _, _, issues = read_workbook(book_path)
    assert [(i.source.path, i.message) for i in issues] == [(
        "经济分类-政府性基金!A6",
        "科目 30101（未命名）有 2 个单位的行，本行没有写单位代码，不知道属于哪一个；请填写单位代码")]
    first = load_workbook(book_path)
    ws = first["经济分类-一般公共预算"]
    row = ws.max_row + 1
    ws.cell(row, 1, "30101"), ws.cell(row, column_of(ws, "unit"), "201002"), ws.cell(row, 4, 1)
    first.save(book_path)
    _, _, issues = read_workbook(book_path)
    duplicate = [i.message for i in issues if i.rule == "input.duplicate_row"]
    assert duplicate == [f"科目 30101（未命名）（单位 201002）在本表出现两次：经济分类-一般公共预算!A{rows.index(('30101', '201002')) + 5} 和 "
                         f"经济分类-一般公共预算!A{row}；同一科目同一单位只能填一行"]


def test_fund_sheet_pasted_without_its_key_row_is_read_by_its_headings(budget_book, tmp_path):
    book = load_workbook(budget_book)
    ws = book["一般公共预算支出表"]
    ws.delete_rows(KEY_ROW)  # a table pasted from elsewhere: only the Chinese headings
    book.save(tmp_path / "pasted.xlsx")
    pasted = build_model(load_document(tmp_path / "pasted.xlsx"), BudgetReport)
    assert pasted == build_model(load_document(BUDGET), BudgetReport)


def test_budget_workbook_without_its_kind_row_is_still_a_budget(budget_book, tmp_path):
    book = load_workbook(budget_book)
    del book["其他"]
    renamed = budget_book.parent / "renamed.data"
    book.save(renamed)  # neither its name nor the 报告种类 row says what it is
    result = CliRunner().invoke(main, ["check", str(renamed)])
    assert f"{renamed}: 其他!A1: 错误：找不到工作表“其他”（其他事项），其数据未读取" in result.output
    assert "Traceback" not in result.output and "[input.kind]" not in result.output
    document = load_document(renamed)
    assert document.data["kind"] == "budget"
    assert build_model(document, BudgetReport).unit.name == "达州市达川区人民政府办公室"


def test_year_end_input_reads_its_targets_from_a_workbook(tmp_path):
    """The 决算 input's performance.targets may name the targets workbook: the same merge, the
    targets' places are its cells."""
    book = export(SAMPLES / "dachuan_2023_targets.yaml", tmp_path / "绩效目标.xlsx")
    year_end = tmp_path / "input.yaml"
    year_end.write_text(
        "unit: {name: 示例局, year: 2023}\n"
        "prior_year: {total: 1, income_total: 1, expenditure_total: 1, fiscal_total: 1, general_budget_expenditure: 1}\n"
        "performance:\n  targets: 绩效目标.xlsx\n  projects:\n"
        "    - {name: 派驻纪检组办案经费项目, budget: 20, actual: 20, indicators: [{name: 全年警示教育会次数, actual: 12, target: 11}]}\n",
        encoding="utf-8",
    )
    prepared = prepare(year_end)
    (merged,) = prepared.model.performance.projects
    assert len(merged.indicators) == 14 and merged.initial_budget == 20
    (changed,) = [i for i in prepared.issues if i.rule == "selfeval.target_changed"]
    ws = load_workbook(book)["项目绩效目标指标"]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, column_of(ws, "name")).value == "全年警示教育会次数")
    assert f"（{book}: 项目绩效目标指标!{ws.cell(row, column_of(ws, 'target')).coordinate} 为 10）" in changed.message
