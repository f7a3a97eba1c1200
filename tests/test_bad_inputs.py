"""Bad input, file by file: a clear Chinese message naming its place, exit 2 (unreadable) or 1
(check errors), never a traceback and never a silently misread value.

The corpus is ``tests/data/bad_inputs/``: each file is ``_valid.yaml`` (the smallest input that
checks clean) with one thing broken, or a file that is not an input at all. Workbook cases are
built from the exported sample, so they follow the workbook layout.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.cli import main
from reportgen.diagnostics import InputError
from reportgen.excel.convert import export
from reportgen.loader import load_document
from reportgen.numbers import NumberFormError, parse_number
from reportgen.pipeline import prepare, render

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "data" / "bad_inputs"
SAMPLE = ROOT / "sample_inputs" / "zengdu_2023.yaml"
FICTIONAL = ROOT / "sample_inputs" / "fictional_2024.yaml"
AMOUNT = "functions[0].general_budget.initial_budget"

# file → (exit code, place: line or None, path or "", fragment of the message)
CASES: dict[str, tuple[int, int | None, str, str]] = {
    "amount_1e26.yaml": (2, 11, AMOUNT, "'1e26' 过大"),
    "amount_5000_digits.yaml": (2, 11, AMOUNT, "过大（整数部分超过 15 位）"),
    "amount_nan.yaml": (2, 11, AMOUNT, "'.nan' 不是有限的数字"),
    "amount_inf_text.yaml": (2, 11, AMOUNT, "实际为文本 'Infinity'"),
    "amount_comma_decimal.yaml": (2, 11, AMOUNT, "'553,94' 的逗号不是正确的千位分隔"),
    "amount_comma_decimal_text.yaml": (2, 11, AMOUNT, "'553,94' 的逗号不是正确的千位分隔"),
    "amount_comma_in_flow.yaml": (2, 10, "functions[0].general_budget", "逗号会分隔条目"),
    "amount_bad_grouping.yaml": (2, 11, AMOUNT, "'12,34.56' 的逗号不是正确的千位分隔"),
    "amount_leading_zero.yaml": (2, 11, AMOUNT, "'0553' 以 0 开头"),
    "amount_sexagesimal.yaml": (2, 11, AMOUNT, "'5:53' 含冒号"),
    "amount_underscore.yaml": (2, 11, AMOUNT, "'553_94' 含下划线"),
    "amount_hex.yaml": (2, 11, AMOUNT, "'0x553' 是十六进制"),
    "tag_int_x.yaml": (2, 11, AMOUNT, "'x' 不是数字"),
    "tag_python.yaml": (2, 2, "unit.name", "不支持的 YAML 标签 '!!python/object/apply:os.system'"),
    "tag_custom.yaml": (2, 11, AMOUNT, "不支持的 YAML 标签 '!money'"),
    "tag_binary.yaml": (2, 7, "functions[0].name", "不支持的 YAML 标签 '!!binary'"),
    "date_feb_30.yaml": (2, 2, "unit.report_date", "日期 '2023-02-30' 不存在"),
    "date_year_0.yaml": (2, 2, "unit.report_date", "日期 '0000-01-01' 不存在"),
    "date_month_13.yaml": (2, 2, "unit.report_date", "日期 '2023-13-01' 不存在"),
    "control_char.yaml": (2, 2, "unit.name", "控制字符 U+0001"),
    "noncharacter_fffe.yaml": (2, 7, "functions[0].name", "U+FFFE"),
    "duplicate_key.yaml": (2, 19, "reasons.income", "键 'income' 重复出现：第 18 行和第 19 行"),
    "deep_nesting.yaml": (2, 16, "", "嵌套层数过多"),
    "alias_bomb.yaml": (2, None, "", "别名炸弹"),
    "recursive_alias.yaml": (2, 23, "", "循环引用"),
    "missing_basic_expenditure.yaml": (1, None, "basic_expenditure", "没有填写基本支出明细"),
    "duplicate_function_code.yaml": (1, 13, "functions[1].code", "功能分类编码 2010301 重复（另见 第 6 行 functions[0].code）"),
    "duplicate_key.json": (2, 3, "unit.name", "键 'name' 重复出现：第 2 行和第 3 行"),
    "nan.json": (2, 3, "prior_year.total", "'NaN' 不是有限的数字"),
    "deep.json": (2, 1, "", "嵌套层数过多"),
    "lone_surrogate.json": (2, 1, "unit.name", "不成对的代理字符 U+D800"),
    "big_integer.json": (2, 1, "unit.year", "过大"),
    "syntax_error.json": (2, 2, "", "JSON 格式错误：键应放在双引号中"),
    "gbk.yaml": (2, 2, "", "不是 UTF-8 编码"),
    "utf16.yaml": (2, 1, "", "UTF-16 编码"),
    "binary.yaml": (2, None, "", "二进制内容"),
    "table.csv": (2, None, "", "CSV 文件只能保存一张表"),
    "pdf_named.yaml": (2, None, "", "这是 PDF 文件"),
    "word_document.yaml": (2, None, "", "这是 Word 文档"),
    "encrypted.xlsx": (2, None, "", "设有打开密码"),
    "old_excel.xls": (2, None, "", "另存为”→“Excel 工作簿（.xlsx）"),
    "html_table.xls": (2, None, "", "内容不是 Excel 工作簿"),
    "not_a_workbook.xlsx": (2, None, "", "不是有效的 Excel 工作簿"),
    "zip_bomb.xlsx": (2, None, "", "压缩炸弹"),
}


def run(*args: object):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def test_corpus__every_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if not p.name.startswith("_")}
    assert files == set(CASES)


def test_corpus__the_base_input_checks_clean() -> None:
    result = run("check", CORPUS / "_valid.yaml")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus__message_place_and_exit_code(name: str) -> None:
    code, line, path, fragment = CASES[name]
    target = CORPUS / name
    before = target.read_bytes()
    result = run("check", target)
    assert result.exit_code == code, result.output
    lines = [row for row in result.output.splitlines() if fragment in row]
    assert lines, result.output
    where = f"{name}:{line}" if line is not None else name
    assert any(where in row and path in row for row in lines), lines
    assert target.read_bytes() == before  # nothing overwritten


def test_render__refuses_bad_input_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result = run("render", CORPUS / "control_char.yaml", "-o", out)
    assert result.exit_code == 2 and "U+0001" in result.output
    assert not out.exists()


def test_tolerance_nan_is_refused_cleanly() -> None:
    result = run("check", CORPUS / "_valid.yaml", "--tolerance", "NaN")
    assert result.exit_code == 2 and "--tolerance" in result.output


# -- numbers: one reader for YAML, JSON, workbook text and the model ------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("553.94", "553.94"), ("1,234.56", "1234.56"), ("12,345,678", "12345678"), ("-5", "-5"),
     ("0.5", "0.5"), ("０.５", "0.5"), (" 553.94 ", "553.94"), ("1，234.5", "1234.5")],
)
def test_parse_number__unambiguous_forms(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("553,94", "千位分隔"), ("1,23,456", "千位分隔"), ("0553", "以 0 开头"), ("5:53", "冒号"),
     ("553_94", "下划线"), ("0x553", "十六进制"), ("1 234", "空格"), ("NaN", "不是数字"),
     ("1e26", "不是数字"), ("9" * 5000, "过大"), ("", "不是数字")],
)
def test_parse_number__ambiguous_forms_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(NumberFormError, match=reason):
        parse_number(text)


def test_json__numbers_read_exactly_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "unit": {"name": "局", "year": 2023},\n  "x": [1.10, 2]\n}\n', encoding="utf-8")
    document = load_document(path)
    assert document.data["x"] == [Decimal("1.10"), 2] and str(document.data["x"][0]) == "1.10"
    assert document.lines["x"] == 3 and document.lines["unit.year"] == 2


def test_yaml__plain_numbers_and_codes_still_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 553.94\nb: 2010301\nc: -5\nd: .5\ne: 1.0e+3\nf: '0553'\ng: 2024-03-26\nh: 1,234.56\n", encoding="utf-8")
    data = load_document(path).data
    assert data["a"] == Decimal("553.94") and data["b"] == 2010301 and data["c"] == -5
    assert data["d"] == Decimal("0.5") and data["e"] == Decimal("1000") and data["f"] == "0553"
    assert str(data["g"]) == "2024-03-26" and data["h"] == Decimal("1234.56")


def test_xlsx_content_is_read_whatever_the_name(tmp_path: Path) -> None:
    named = tmp_path / "input.yaml"
    named.write_bytes((ROOT / "sample_inputs" / "zengdu_2023.xlsx").read_bytes())
    assert load_document(named).data["unit"]["name"] == "曾都区人民政府办公室"


# -- workbooks: text cells, duplicate rows, missing or renamed sheets ------------------------


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory) -> Path:
    return export(SAMPLE, tmp_path_factory.mktemp("wb") / "sample.xlsx")


def edited(source: Path, target: Path, edit) -> Path:
    wb = load_workbook(source)
    edit(wb)
    wb.save(target)
    return target


def code_row(ws, code: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value) == code)


def column(ws, key: str) -> int:
    return next(c for r in range(1, 6) for c in range(1, ws.max_column + 1) if ws.cell(r, c).value == key)


def check(path: Path):
    return run("check", path)


def test_workbook__comma_decimal_in_a_text_cell_is_an_error(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        ws = wb["表5"]
        ws.cell(code_row(ws, "2010301"), column(ws, "general_budget.initial_budget"), "553,94")

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 2
    assert "表5!" in result.output and "'553,94' 的逗号不是正确的千位分隔" in result.output


def test_workbook__grouped_text_cell_is_read(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        ws = wb["表5"]
        ws.cell(code_row(ws, "2010301"), column(ws, "general_budget.initial_budget"), "1,553.94")

    prepared = prepare(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert prepared.model.functions[0].general_budget.initial_budget == Decimal("1553.94")


def test_workbook__duplicate_table5_row_names_both_cells(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        ws = wb["表5"]
        row = code_row(ws, "2080505")
        last = ws.max_row + 1
        for col in range(1, ws.max_column + 1):
            ws.cell(last, col, ws.cell(row, col).value)
        ws.cell(last, column(ws, "general_budget.initial_budget"), 1)

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 1
    [line] = [row for row in result.output.splitlines() if "input.duplicate_row" in row]
    assert "科目 2080505" in line and line.count("表5!A") == 3  # the place, and both cells in the text


@pytest.mark.parametrize(("sheet", "renamed"), [("表6", "表6 基本支出"), ("表9 三公经费", "三公经费")])
def test_workbook__renamed_sheet_is_an_error_naming_both(sample_workbook: Path, tmp_path: Path, sheet: str, renamed: str) -> None:
    def edit(wb):
        wb[sheet].title = renamed

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 1
    [line] = [row for row in result.output.splitlines() if "input.missing_sheet" in row]
    assert f"找不到工作表“{sheet}”" in line and f"“{renamed}”" in line


def test_workbook__deleted_sheet_is_an_error(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        del wb["表9 三公经费"]

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 1 and "找不到工作表“表9 三公经费”" in result.output


def test_workbook__field_row_twice_names_both_cells(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        ws = wb["单位概况"]
        last = ws.max_row + 1
        ws.cell(last, 2, "另一个简称")
        ws.cell(last, 3, "unit.short_name")

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 1
    [line] = [row for row in result.output.splitlines() if "input.duplicate_row" in row]
    assert "简称出现两次" in line and line.count("单位概况!B") == 3  # named by its heading, not its field key


def test_workbook__percent_cell_reads_as_shown(sample_workbook: Path, tmp_path: Path) -> None:
    """5.25% typed into a percent-formatted cell is stored as 0.0525: it is read as 5.25."""
    def edit(wb):
        ws = wb["部门整体绩效指标"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column(ws, "name")).value == "预算调整率")
        cell = ws.cell(row, column(ws, "actual"), 0.0525)
        cell.number_format = "0.00%"

    model = prepare(edited(sample_workbook, tmp_path / "a.xlsx", edit)).model
    [indicator] = [i for i in model.performance.department_evaluation.indicators if i.name == "预算调整率"]
    assert str(indicator.actual) == "5.25"


def test_workbook__count_with_leading_zero_text_is_refused(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        ws = wb["单位概况"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "unit.year")
        ws.cell(row, 2, "02023")

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 2 and "单位概况!B" in result.output and "以 0 开头" in result.output


def test_workbook__too_many_rows_is_refused(sample_workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        wb["其他"].cell(30_000, 1, "x")

    result = check(edited(sample_workbook, tmp_path / "a.xlsx", edit))
    assert result.exit_code == 2 and "超过上限" in result.output and "其他!A1" in result.output


# -- the same data as YAML and as workbook renders the same document ------------------------


def all_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_yaml_and_workbook_render_the_same_document(rendered_fictional: Path, tmp_path: Path) -> None:
    """fictional_2024 has no 部门整体自评: the workbook's empty sheets must not invent one."""
    shutil.copy(FICTIONAL.parent / "fictional_region.yaml", tmp_path)  # its region profile, named relative to it
    workbook = export(FICTIONAL, tmp_path / "f.xlsx")
    render(workbook, tmp_path / "f.docx")
    assert all_text(tmp_path / "f.docx") == all_text(rendered_fictional)


def test_measure_keeps_its_written_decimals_through_the_workbook(sample_workbook: Path) -> None:
    """0.00 typed in YAML prints 0.00%; the workbook cell holds 0 with a format showing 0.00."""
    yaml_doc, xlsx_doc = load_document(SAMPLE), load_document(sample_workbook)
    from reportgen.validate import build_model

    def measures(document):
        evaluation = build_model(document).performance.department_evaluation
        return [(str(i.target), str(i.actual)) for i in evaluation.indicators]

    assert measures(xlsx_doc) == measures(yaml_doc)
    assert ("0.00", "0.00") in measures(yaml_doc)


def test_missing_basic_expenditure_never_says_none_beside_a_figure(tmp_path: Path) -> None:
    out = tmp_path / "draft.docx"
    result = run("render", CORPUS / "missing_basic_expenditure.yaml", "-o", out, "--force")
    assert result.exit_code == 0, result.output
    text = "\n".join(all_text(out))
    assert "无一般公共预算财政拨款基本支出" not in text
    assert "一般公共预算财政拨款基本支出【待补充：基本支出经济分类明细】" in text


def test_bad_input_is_an_input_error_in_the_library(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        prepare(CORPUS / "amount_leading_zero.yaml")
    [issue] = caught.value.issues
    assert issue.source.line == 11 and issue.source.path == AMOUNT


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('unit:\n  name: "abc\n', 3, "引号或括号没有配对"),
        ("unit:\n\tname: x\n", 2, "Tab"),
        ("unit: [a, b\n", 2, "列表 [ ] 没有正确结束"),
        ("a: 1\n---\nb: 2\n", 2, "只能有一份数据"),
        ("a: *x\n", 1, "未定义的别名"),
        ("a: &x 1\nb: &x 2\n", 2, "锚点（&名称）重复"),
        ("a: b: c\n", 1, "此处不能出现“键: 值”"),
        ("<<: 5\n", 1, "合并键"),
        ("a: {b: 1\n", 2, "映射 { } 没有正确结束"),
    ],
)
def test_yaml_syntax_errors_are_explained_in_chinese(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert f"input.yaml:{line}:" in result.output and fragment in result.output, result.output


def test_yaml_export_quotes_texts_the_loader_would_read_as_numbers(tmp_path: Path) -> None:
    from reportgen.excel.convert import dump_yaml

    data = {"a": "1,234", "b": "1e5", "c": "0553", "d": Decimal("0.00"), "e": Decimal("100"), "f": "5:53", "g": 7}
    path = tmp_path / "a.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    back = load_document(path).data
    assert back == data and str(back["d"]) == "0.00"
    assert "!!" not in path.read_text(encoding="utf-8")


def test_absent_three_public_is_a_finding_and_stated_zeros_are_said_once_with_their_year(tmp_path: Path) -> None:
    """An input without 三公 data is a finding (never read as 0: no “无…支出” sentence); one that
    states its zeros says so, with the year said once (not 2023年度无2023年度…)."""
    import yaml

    from reportgen.sections import build_sections

    prepared = prepare(CORPUS / "_valid.yaml")
    text = str(build_sections(prepared.accounts)[0])
    assert "无“三公”经费" not in text and "上年亦无" not in text
    assert [i for i in prepared.issues if i.rule == "input.missing_figure" and i.source.path == "three_public"]
    data = yaml.safe_load((CORPUS / "_valid.yaml").read_text(encoding="utf-8"))
    zero = {"budget": 0, "actual": 0}
    data["three_public"] = {"outbound": zero, "vehicle_purchase": zero, "vehicle_operation": zero,
                            "reception": {"budget": 0, "domestic": {"actual": 0}}}
    (tmp_path / "zero.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = str(build_sections(prepare(tmp_path / "zero.yaml").accounts)[0])
    assert "2023年度无“三公”经费财政拨款支出预算和支出。" in text
    assert "上年亦无" not in text  # the prior year is not given: never read as 0
    assert "年度无2023年度" not in text


def test_workbook__cell_flood_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    """300,000 empty styled cells zip to under 1 MB but would cost openpyxl gigabytes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        cells = b"".join(b'<c r="A%d" s="1"/>' % i for i in range(1, 300_001))
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + cells + b"</sheetData></worksheet>")
    path = tmp_path / "flood.xlsx"
    path.write_bytes(buffer.getvalue())
    result = run("check", path)
    assert result.exit_code == 2 and "单元格超过 200,000 个" in result.output


def test_budget_region_names_a_profile_or_a_profile_file(tmp_path: Path) -> None:
    """presentation.region is a shipped profile's name or a 部门预算 profile file beside the
    input; a path to nothing, or to a file that is no budget profile, is refused at its line."""
    samples = ROOT / "sample_inputs"
    for name in ("dachuan_2023_budget.yaml", "dachuan_2023_targets.yaml"):
        (tmp_path / name).write_bytes((samples / name).read_bytes())
    budget = tmp_path / "dachuan_2023_budget.yaml"
    text = budget.read_text(encoding="utf-8")
    assert "    region: sichuan\n" in text
    budget.write_text(text.replace("    region: sichuan\n", '    region: "../profiles/sichuan"\n'), encoding="utf-8")
    result = run("check", budget)
    assert result.exit_code == 2 and "dachuan_2023_budget.yaml:42: presentation.region" in result.output and "找不到地区体例" in result.output
    budget.write_text(text.replace("    region: sichuan\n", "    region: dachuan_2023_targets.yaml\n"), encoding="utf-8")
    result = run("check", budget)
    assert result.exit_code == 2 and result.output.count("错误") == 1
    assert "dachuan_2023_budget.yaml:42: presentation.region: 错误：'dachuan_2023_targets.yaml' 不是部门预算的地区体例" in result.output


@pytest.mark.parametrize("name", ["alias_bomb.yaml", "deep.json", "zip_bomb.xlsx", "tag_python.yaml"])
def test_real_process__bad_input_exits_2_without_traceback(name: str) -> None:
    """The same through a real process: nothing on stderr but the message, bounded time."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "check", str(CORPUS / name)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and CASES[name][3] in result.stdout + result.stderr


@pytest.mark.parametrize("text", ["[" * 200_000 + "]" * 200_000, "- " * 200_000 + "a\n"], ids=["flow", "block"])
def test_nesting_too_deep_for_the_composer_is_refused_before_composing(text: str) -> None:
    """libyaml's composer recurses per level and would overflow the C stack (a crash, not a
    message) on these: they are bounded on the parser's events first."""
    from reportgen.loader import InputError, _few_collections, load_document

    assert not _few_collections(text)
    with pytest.raises(InputError) as caught:
        load_document(text.encode(), "deep.yaml")
    assert "嵌套层数过多" in caught.value.issues[0].message
