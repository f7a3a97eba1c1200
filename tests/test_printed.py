"""The tables as printed: 类/款/合计 rows carried in the input, checked against their items and
across the tables, and printed as given (YAML, JSON and workbook)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, ZENGDU, load_sample_data, write_yaml
from openpyxl import load_workbook

from reportgen.cli import main
from reportgen.diagnostics import InputError, Severity

PUTUO = ROOT / "sample_inputs" / "putuo_2024.yaml"


def prepare(tmp_path: Path, data: dict, name: str = "in.yaml"):
    from reportgen.pipeline import prepare as run

    return run(write_yaml(tmp_path / name, data))


def printed(issues, severity: Severity | None = None):
    return [i for i in issues if i.rule.startswith("printed.") and (severity is None or i.severity == severity)]


def row(data: dict, code: str) -> dict:
    return next(r for r in data["functions"] if str(r["code"]) == code)


def index(data: dict, code: str) -> int:
    return next(i for i, r in enumerate(data["functions"]) if str(r["code"]) == code)


# -- the published reports' own inconsistencies ------------------------------------------------
def test_putuo__published_rounding_differences_are_notes_naming_the_row():
    from reportgen.pipeline import prepare as run

    issues = printed(run(PUTUO).issues)
    assert issues and all(i.severity == Severity.NOTE for i in issues)
    by_path = {i.source.path: i.message for i in issues}
    assert set(by_path) == {
        "totals.income.general_budget", "totals.spending.basic", "totals.general_budget.basic",
        "totals.overview.classes[1].amount", "totals.fiscal.classes[1].general_budget", "basic_expenditure[0].amount",
    }
    assert "表1 208 社会保障和就业支出（类） 印出 326.71 ≠ 表3 该类本年支出合计（第 " in by_path["totals.overview.classes[1].amount"]
    assert "表6 301 工资福利支出（类） 印出 2082.85 ≠ 各款之和" in by_path["basic_expenditure[0].amount"]
    assert all("照印" in m for m in by_path.values())


def test_putuo__the_uncorrected_302_row_is_an_error_naming_both_places(tmp_path):
    data = load_sample_data(PUTUO)
    line = next(item for item in data["basic_expenditure"] if item["code"] == "30239")
    line["amount"] = Decimal("48.49")  # as published: 302 prints 171.07, its items add up to 171.09
    errors = printed(prepare(tmp_path, data).issues, Severity.ERROR)
    assert len(errors) == 1
    error = errors[0]
    assert error.rule == "printed.basic.hierarchy" and error.source.line
    assert error.source.path == f"basic_expenditure[{[i['code'] for i in data['basic_expenditure']].index('302')}].amount"
    assert "表6 302 商品和服务支出（类） 印出 171.07 ≠ 各款之和（第 " in error.message
    assert "171.09（差 0.02，容差 0.01）" in error.message


def test_putuo__printed_figures_are_printed_not_the_sums():
    from reportgen.pipeline import prepare as run

    acc = run(PUTUO).accounts
    assert acc.general_budget_total == Decimal("2940.05")  # 表5 合计 (its 类 rows add up to 2940.06)
    assert acc.general_budget_basic == Decimal("2336.91")
    assert acc.row("208").gb_total == Decimal("326.72")  # 表5's 类 row
    assert acc.overview_class("208") == Decimal("326.71")  # 表1's
    assert acc.income_total == Decimal("2946.25") and acc.spending_total == Decimal("2940.05")
    assert acc.personnel_total == Decimal("2152.26") and acc.public_total == Decimal("184.65")


def test_without_printed_rows_the_totals_are_the_sums(tmp_path):
    data = load_sample_data(PUTUO)
    data["functions"] = [r for r in data["functions"] if len(str(r["code"])) == 7]
    data.pop("totals")
    data["basic_expenditure"] = [r for r in data["basic_expenditure"] if len(r["code"]) == 5]
    prepared = prepare(tmp_path, data)
    assert not printed(prepared.issues)
    acc = prepared.accounts
    assert acc.general_budget_total == Decimal("2940.06") and acc.row("208").gb_total == Decimal("326.72")
    assert acc.personnel_total == Decimal("2152.27")


def test_putuo__tables_print_each_table_as_printed(tmp_path):
    from reportgen.pipeline import prepare as run
    from reportgen.tables import builders

    acc = run(PUTUO).accounts

    def cells(table) -> list[list[str]]:
        return [[c.text if c.value is None else str(c.value) for c in r.cells] for r in table.rows]

    assert any("八、社会保障和就业支出" in r and "326.71" in r for r in cells(builders.income_expenditure_total(acc)))
    general = cells(builders.general_budget(acc))
    assert ["208", "社会保障和就业支出", "326.72", "326.72", "0"] in general
    assert ["合计", "2940.05", "2336.91", "603.14"] in general
    income = cells(builders.income(acc))
    assert income[0][:2] == ["合计", "2946.25"] and ["2010601", "行政运行", "1511.90"] == income[3][:3]
    assert cells(builders.expenditure(acc))[0][:3] == ["合计", "2940.05", "2336.91"]
    fiscal = cells(builders.fiscal_total(acc))
    assert any("八、社会保障和就业支出" in r and "326.71" in r for r in fiscal)  # 表4 as printed
    assert any("总计" in r and "2961.68" in r for r in fiscal)


# -- one rule at a time (YAML) -------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "rule", "path", "words"),
    [
        (lambda d: row(d, "208")["spending"].update(basic=Decimal("327.72")), "printed.spending.hierarchy",
         "functions[{c208}].spending.basic", ["表3 支出决算表 208 社会保障和就业支出（类）基本支出 印出 327.72 ≠ 各款之和（第 ", "326.72（差 1.00"]),
        (lambda d: row(d, "20805")["income"].update(general_budget=Decimal("300")), "printed.income.hierarchy",
         "functions[{c20805}].income.general_budget", ["20805 行政事业单位养老支出（款）", "各项之和（第 ", "326.72（差 26.72"]),
        (lambda d: d["totals"]["spending"].update(basic=Decimal("2346.91")), "printed.spending.total",
         "totals.spending.basic", ["表3 支出决算表 合计行 基本支出 印出 2346.91 ≠ 各类之和（第 "]),
        (lambda d: row(d, "2010601")["spending"].update(total=Decimal("1521.89")), "printed.spending.row_total",
         "functions[{c2010601}].spending.total", ["2010601 行政运行 本年支出合计 印出 1521.89 ≠ 基本支出+项目支出 1511.89"]),
        (lambda d: d["totals"]["overview"]["income"].update(total=Decimal("2956.25")), "printed.overview.income_total",
         "totals.overview.income.total", ["表1 本年收入合计 印出 2956.25 ≠ 表1 各项收入之和 2946.25"]),
        (lambda d: d["totals"]["fiscal"]["income"].update(general_budget=Decimal("2904.05")), "printed.fiscal.income",
         "totals.fiscal.income.general_budget", ["表4 本年收入 一般公共预算财政拨款 印出 2904.05 ≠ 表2 合计行（第 ", "2940.05（差 36.00"]),
        (lambda d: d["totals"]["fiscal"]["classes"][0].update(general_budget=Decimal("2160.66")), "printed.fiscal.class",
         "totals.fiscal.classes[0].general_budget", ["表4 201 一般公共服务支出（类） 一般公共预算财政拨款 印出 2160.66 ≠ 表5 该类（第 "]),
        (lambda d: d["totals"]["fiscal"].update(spending_side_total=Decimal("2916.68")), "printed.fiscal.side_total",
         "totals.fiscal.spending_side_total", ["表4 支出总计 印出 2916.68 ≠ 本年支出合计+年末财政拨款结转和结余 2961.68"]),
        (lambda d: d["totals"]["basic_expenditure"].update(personnel=Decimal("2150")), "printed.basic.total",
         "totals.basic_expenditure.personnel", ["表6 人员经费合计 印出 2150.00 ≠ 301+303 之和"]),
    ],
)
def test_a_printed_figure_that_disagrees_is_an_error_naming_both_places(tmp_path, change, rule, path, words):
    data = load_sample_data(PUTUO)
    change(data)
    errors = [i for i in printed(prepare(tmp_path, data).issues, Severity.ERROR) if i.rule == rule]
    assert errors, rule
    where = path.format(**{f"c{code}": index(data, code) for code in ("208", "20805", "2010601")})
    error = next(e for e in errors if e.source.path == where)
    assert error.source.line  # its own line, and the other place in the message
    for word in words:
        assert word in error.message


def _mistype_table3(data: dict) -> None:  # 表3 prints 336.72 for 208 and 20805; 表1 and the items 326.7x
    for code in ("208", "20805"):
        row(data, code)["spending"].update(basic=Decimal("336.72"))


@pytest.mark.parametrize(
    ("change", "verdict"),
    [
        (_mistype_table3, "印错的是表3 的 208 行"),
        (lambda d: d["totals"]["overview"]["classes"][1].update(amount=Decimal("362.71")), "印错的是表1 的 208 行"),
        (lambda d: row(d, "208")["general_budget"].update(basic=Decimal("362.72")), "表4 与各项之和 326.72 一致：印错的是表5 的 208 行"),
        (lambda d: d["totals"]["fiscal"]["classes"][1].update(general_budget=Decimal("362.71")), "印错的是表4 的 208 行"),
    ],
)
def test_which_printed_figure_is_wrong_when_the_tables_disagree(tmp_path, change, verdict):
    data = load_sample_data(PUTUO)
    change(data)
    errors = printed(prepare(tmp_path, data).issues, Severity.ERROR)
    assert any(verdict in e.message for e in errors)


def test_a_printed_row_with_no_items_below_it_is_an_error(tmp_path):
    data = load_sample_data(PUTUO)
    data["functions"].append({"code": "212", "name": "城乡社区支出", "spending": {"basic": Decimal("5")}})
    errors = printed(prepare(tmp_path, data).issues, Severity.ERROR)
    assert any("212 城乡社区支出（类）" in e.message and "没有所属的款" in e.message for e in errors)


def test_a_class_row_written_twice_is_an_error_naming_both_lines(tmp_path):
    data = load_sample_data(PUTUO)
    data["functions"].append({"code": "208", "name": "社会保障和就业支出", "income": {"general_budget": Decimal("326.72")}})
    (error,) = [i for i in prepare(tmp_path, data).issues if i.rule == "input.duplicate_code"]
    assert error.source.path == f"functions[{len(data['functions']) - 1}].code"
    assert "另见 第 " in error.message


def test_a_bad_value_in_a_class_row_points_at_that_row(tmp_path):
    from reportgen.pipeline import prepare as run

    data = load_sample_data(PUTUO)
    row(data, "208")["spending"]["basic"] = "三百"
    with pytest.raises(InputError) as caught:
        run(write_yaml(tmp_path / "in.yaml", data))
    issue = caught.value.issues[0]
    assert issue.source.path == f"functions[{index(data, '208')}].spending.basic" and issue.source.line


def test_json_input_carries_printed_rows(tmp_path):
    from reportgen.pipeline import prepare as run

    data = load_sample_data(PUTUO)
    text = json.dumps(data, ensure_ascii=False, default=str).replace('"326.71"', "326.71")
    path = tmp_path / "putuo.json"
    path.write_text(text, encoding="utf-8")
    issues = printed(run(path).issues)
    assert len(issues) == 6 and all(i.severity == Severity.NOTE for i in issues)


# -- 曾都: every item is covered by a printed total -------------------------------------------
def _zengdu_figures(data: dict) -> list[tuple[str, callable]]:
    """(what, change) for every figure of the 曾都 tables' items: the 项 columns of 表2/3/5, 表6."""
    out = []
    for i, item in enumerate(data["functions"]):
        if len(str(item["code"])) != 7:
            continue
        for part, keys in (("income", ("general_budget", "other", "business")), ("spending", ("basic", "project", "operating")),
                           ("general_budget", ("initial_budget", "basic", "project"))):
            for key in keys:
                out.append((f"functions[{i}].{part}.{key}", (i, part, key)))
    for j in range(len(data["basic_expenditure"])):
        out.append((f"basic_expenditure[{j}].amount", (j, None, "amount")))
    return out


def test_zengdu__a_one_figure_change_to_any_item_is_caught_by_check():
    from reportgen import service
    from reportgen.loader import Document

    base = load_sample_data(ZENGDU)
    figures = _zengdu_figures(base)
    assert len(figures) > 50
    missed = []
    for what, (i, part, key) in figures:
        data = load_sample_data(ZENGDU)
        if part is None:
            target = data["basic_expenditure"][i]
        else:
            target = data["functions"][i].setdefault(part, {})
        target[key] = Decimal(str(target.get(key, 0) or 0)) + Decimal("1")
        document = service.load(json.dumps(data, ensure_ascii=False, default=str).encode(), "曾都.json")[0]
        assert isinstance(document, Document)
        issues = service.prepare_document(document).issues
        if not any(i.severity == Severity.ERROR for i in issues):
            missed.append(what)
    assert not missed, missed


def test_zengdu__published_figures_print_as_published(rendered_zengdu):
    from conftest import docx_text

    text = docx_text(rendered_zengdu)
    assert "年初预算为553.95万元" in text  # the published item (the sample no longer corrects it)
    assert "年初预算为715.58万元" in text  # the printed 合计 (its items add up to 715.59: a note)
    assert "差旅费16.32万元" in text and "公用经费70.99万元" in text


# -- the workbook ----------------------------------------------------------------------------
def _cell(ws, code: str, key: str) -> tuple[int, int]:
    r = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value) == code or (code == "合计" and ws.cell(r, 2).value == "合计"))
    c = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == key)
    return r, c


@pytest.fixture(scope="module")
def putuo_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("printed") / "putuo.xlsx"
    assert CliRunner().invoke(main, ["export", str(PUTUO), "-o", str(path)]).exit_code == 0
    return path


def test_workbook__class_and_total_rows_are_written_and_read_back(putuo_workbook):
    wb = load_workbook(putuo_workbook)
    ws = wb["表3"]
    r, c = _cell(ws, "208", "spending.basic")
    assert ws.cell(r, c).value == pytest.approx(326.72)  # float-ok: openpyxl's cell value
    r, c = _cell(ws, "合计", "spending.basic")
    assert ws.cell(r, c).value == pytest.approx(2336.91)  # float-ok: openpyxl's cell value
    assert "公开表合计" in wb.sheetnames and "表1支出各类" in wb.sheetnames


def test_workbook__a_wrong_class_total_is_read_and_checked_with_its_cells(putuo_workbook, tmp_path):
    from reportgen.pipeline import prepare as run

    wb = load_workbook(putuo_workbook)
    ws = wb["表3"]
    r, c = _cell(ws, "208", "spending.basic")
    ws.cell(r, c, 327.72)
    total_row, _ = _cell(ws, "合计", "spending.basic")
    ws.cell(total_row, c, 2300)
    path = tmp_path / "wrong.xlsx"
    wb.save(path)
    errors = printed(run(path).issues, Severity.ERROR)
    letter = ws.cell(r, c).column_letter
    hierarchy = next(e for e in errors if e.rule == "printed.spending.hierarchy")
    assert hierarchy.source.path == f"表3!{letter}{r}"
    assert f"各款之和（表3!{letter}{r + 1}） 326.72" in hierarchy.message
    total = next(e for e in errors if e.rule == "printed.spending.total")
    assert total.source.path == f"表3!{letter}{total_row}" and f"表3!{letter}{r}" in total.message


@pytest.mark.parametrize("sample", [PUTUO, ZENGDU])
def test_yaml_workbook_yaml_round_trips(sample, tmp_path):
    from reportgen.pipeline import load_model

    runner = CliRunner()
    book, back = tmp_path / "s.xlsx", tmp_path / "s.yaml"
    assert runner.invoke(main, ["export", str(sample), "-o", str(book)]).exit_code == 0
    assert runner.invoke(main, ["export", str(book), "-o", str(back)]).exit_code == 0
    original = load_model(sample)[1]
    original.performance.targets = ""
    for path in (book, back):
        assert load_model(path)[1].model_dump() == original.model_dump(), path
    text = back.read_text(encoding="utf-8")
    assert "function_subtotals" not in text  # the 类/款 rows are written among the 项 rows
    assert "totals:" in text


def test_workbook__written_before_without_the_totals_sheets_still_reads(putuo_workbook, tmp_path):
    from reportgen.loader import load_document

    wb = load_workbook(putuo_workbook)
    for name in ("公开表合计", "表1支出各类", "表4支出各类"):
        del wb[name]
    path = tmp_path / "before.xlsx"
    wb.save(path)
    document = load_document(path)
    assert not [i for i in document.issues if i.rule == "input.missing_sheet"]
    assert "overview" not in document.data["totals"] and document.data["totals"]["spending"]["basic"] == Decimal("2336.91")


def test_three_public_total_and_vehicle_subtotal_as_printed(tmp_path):
    data = load_sample_data(ZENGDU)
    data["totals"]["three_public"]["total"] = {"budget": Decimal("54.33"), "actual": Decimal("32.99")}
    prepared = prepare(tmp_path, data)
    (note,) = [i for i in prepared.issues if i.rule == "printed.three_public.total"]
    assert note.severity == Severity.NOTE and "印出 32.99 ≠" in note.message and "33.00（差 0.01" in note.message
    assert prepared.accounts.three_public["total"].actual == Decimal("32.99")  # printed as given
    data["totals"]["three_public"]["vehicle"]["actual"] = Decimal("62.67")
    errors = printed(prepare(tmp_path, data, "b.yaml").issues, Severity.ERROR)
    (error,) = [e for e in errors if e.rule == "printed.three_public.vehicle"]
    assert "表9 “三公”经费公务用车购置及运行费小计决算数 印出 62.67 ≠ 购置费+运行费之和 26.67（差 36.00" in error.message
    assert error.source.path == "totals.three_public.vehicle.actual" and error.source.line


# -- cross-table comparisons say which printed figure is wrong ------------------------------------
@pytest.mark.parametrize(
    ("change", "path", "verdict"),
    [
        (lambda d: d["totals"]["income"].update(other=Decimal("62.00")), "totals.overview.income.other",
         "表1 其他收入 与各项之和 6.20 一致：印错的是表2 合计行 其他收入"),
        (lambda d: d["totals"]["overview"]["income"].update(other=Decimal("62.00")), "totals.overview.income.other",
         "表2 合计行 其他收入 与各项之和 6.20 一致：印错的是表1 其他收入"),
        (lambda d: d["totals"]["spending"].update(total=Decimal("2904.05")), "totals.overview.spending_total",
         "一致：印错的是表3 合计行 本年支出合计"),
        (lambda d: d["totals"]["fiscal"]["income"].update(general_budget=Decimal("2904.05")), "totals.fiscal.income.general_budget",
         "一致：印错的是表4 本年收入 一般公共预算财政拨款"),
        (lambda d: d["totals"]["general_budget"].update(total=Decimal("2904.05")), "totals.fiscal.spending.general_budget",
         "一致：印错的是表5 合计行"),
    ],
)
def test_cross_table__the_message_names_the_wrong_side(tmp_path, change, path, verdict):
    data = load_sample_data(PUTUO)
    change(data)
    errors = [e for e in printed(prepare(tmp_path, data).issues, Severity.ERROR) if e.source.path == path]
    assert errors and verdict in errors[0].message, [e.message for e in printed(prepare(tmp_path, data, "b.yaml").issues)]


def _gov_fund(data: dict, spending: str) -> None:
    line = {"carry_begin": "0", "income": "10", "spending": spending, "basic": "0", "project": "10", "carry_end": "0"}
    data["functions"].append({"code": "2120801", "name": "征地和拆迁补偿支出", "income": {"gov_fund": "10"},
                              "spending": {"project": "10"}, "gov_fund": line})


def test_fund_tables__spending_subtotal_as_printed_is_checked_and_printed(tmp_path):
    data = load_sample_data(ZENGDU)
    _gov_fund(data, "10.01")
    prepared = prepare(tmp_path, data)
    (note,) = [i for i in prepared.issues if i.rule == "printed.gov_fund.row_total"]
    assert note.severity == Severity.NOTE and "2120801 征地和拆迁补偿支出 本年支出小计 印出 10.01 ≠ 项目支出 10.00" in note.message
    assert prepared.accounts.row("2120801").gov_fund.spending == Decimal("10.01")  # printed as given
    data = load_sample_data(ZENGDU)
    _gov_fund(data, "100")
    (error,) = [i for i in printed(prepare(tmp_path, data, "b.yaml").issues, Severity.ERROR) if i.rule == "printed.gov_fund.row_total"]
    assert error.source.path.endswith(".gov_fund.spending") and error.source.line and "（差 90.00" in error.message
    data = load_sample_data(ZENGDU)
    _gov_fund(data, "10")
    data["totals"]["gov_fund"] = {"income": "10", "spending": "12", "project": "10"}
    errors = {i.rule: i for i in printed(prepare(tmp_path, data, "c.yaml").issues, Severity.ERROR)}
    assert "表7 政府性基金预算财政拨款收入支出决算表 合计行 本年支出小计 印出 12.00 ≠ 各类之和" in errors["printed.gov_fund.total"].message
    assert "合计行 本年支出小计 印出 12.00 ≠ 项目支出 10.00" in errors["printed.gov_fund.row_total"].message


def test_zengdu__three_public_total_as_published_is_carried(rendered_zengdu):
    from conftest import docx_text

    from reportgen.pipeline import prepare as run

    (note,) = [i for i in run(ZENGDU).issues if i.rule == "printed.three_public.total"]
    assert note.severity == Severity.NOTE and note.source.path == "totals.three_public.total.actual"
    text = docx_text(rendered_zengdu)
    assert "支出决算为32.99万元，完成全年预算的60.7%。较上年增加12.02万元，增长57.3%。" in text
