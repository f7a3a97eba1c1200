"""Hostile input at every door, one defect a test: each was found by feeding reportgen what a
user (or a damaged file) may hand it, and each asserts the Chinese message, the place it names,
the exit code, that no traceback shows and that nothing was overwritten.

The files are built from ``tests/data/bad_inputs/_valid.yaml`` (the smallest clean input) and the
exported 曾都 sample workbook; cells are found by their content, not by fixed addresses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.cli import main
from reportgen.excel.convert import export
from reportgen.loader import load_document

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "data" / "bad_inputs" / "_valid.yaml").read_text(encoding="utf-8")
ZENGDU = ROOT / "sample_inputs" / "zengdu_2023.yaml"


def run(*args: object):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "内部错误" not in result.output, result.output
    return result


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if "错误：" in line]


def refused(path: Path, content: str | bytes) -> list[str]:
    """``content`` written to ``path`` and checked: unreadable (exit 2), its error lines."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert path.read_bytes() == content
    return errors(result.output)


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    path = tmp_path / "输入.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return export(ZENGDU, tmp_path_factory.mktemp("wb") / "sample.xlsx")


def find(ws, value):
    return next(c for row in ws.iter_rows() for c in row if c.value == value)


def edited(source: Path, target: Path, edit) -> Path:
    wb = load_workbook(source)
    edit(wb)
    wb.save(target)
    return target


# -- outputs ----------------------------------------------------------------------------------


def test_regions_copy_below_a_file_is_a_message_not_an_internal_error(valid: Path) -> None:
    before = valid.read_bytes()
    result = run("regions", "default", "-o", valid / "我的体例.yaml")
    assert result.exit_code == 1
    assert f"{valid / '我的体例.yaml'}: 错误：上级路径 {valid} 是一个文件而不是文件夹，无法在其下写出 [output.write]" in result.output
    assert valid.read_bytes() == before


def test_regions_copy_onto_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    result = run("regions", "default", "-o", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path}: 错误：这是一个文件夹，不能作为输出文件 [output.exists]" in result.output


def test_regions_copy_is_the_shipped_profile(tmp_path: Path) -> None:
    target = tmp_path / "体例" / "我的.yaml"
    result = run("regions", "shanghai", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (ROOT / "reportgen" / "regions" / "shanghai.yaml").read_bytes()
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".part")]


def test_a_unit_name_longer_than_a_document_property_still_renders(tmp_path: Path) -> None:
    """Word's core properties hold 255 characters; the title is cut there, the text is whole."""
    name = "测试" * 150
    source = tmp_path / "长名称.yaml"
    source.write_text(VALID.replace("name: 测试局", f"name: {name}"), encoding="utf-8")
    out = tmp_path / "长名称.docx"
    result = run("render", source, "-o", out, "--no-toc-pages")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    title = document.core_properties.title
    assert len(title) == 255 and title.endswith("…") and title.startswith(name[:254])
    assert any(name in p.text for p in document.paragraphs)


# -- diff / audit of files that are no Word document -------------------------------------------


@pytest.mark.parametrize("content", [b"old", b"PK\x03\x04broken", b""])
def test_diff_of_a_docx_that_is_no_word_file_names_it(tmp_path: Path, valid: Path, content: bytes) -> None:
    bad = tmp_path / "旧版.docx"
    bad.write_bytes(content)
    result = run("diff", bad, valid)
    assert result.exit_code == 2
    assert f"{bad}: 错误：无法作为 Word 文档（.docx）打开：文件不是 .docx 格式或已损坏" in result.output
    assert bad.read_bytes() == content


# -- workbook cells ---------------------------------------------------------------------------


@pytest.mark.parametrize("error", ["#VALUE!", "#REF!", "#N/A"])
def test_workbook_error_value_in_a_text_cell_is_an_error_at_its_cell(workbook: Path, tmp_path: Path, error: str) -> None:
    """An error value is a formula's failure: never printed as the unit's name."""
    def edit(wb):
        cell = find(wb["单位概况"], "曾都区人民政府办公室")
        cell.value = error
        edit.where = f"单位概况!{cell.coordinate}"

    target = edited(workbook, tmp_path / "错误值.xlsx", edit)
    result = run("check", target)
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        f"{target}: {edit.where}: 错误：单元格是 Excel 错误值 {error}（公式出错或引用了已删除的单元格），未读取；"
        "请在 Excel/WPS 中改正后重试 [input.cell_error]"
    )


def test_workbook_error_value_in_a_money_cell_is_named_once(workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        cell = find(wb["表2"], 685.19)
        cell.value = "#DIV/0!"
        edit.where = f"表2!{cell.coordinate}"

    target = edited(workbook, tmp_path / "除零.xlsx", edit)
    result = run("check", target)
    assert result.exit_code == 1
    at_cell = [line for line in errors(result.output) if f": {edit.where}: " in line]
    assert at_cell == [f"{target}: {edit.where}: 错误：单元格是 Excel 错误值 #DIV/0!（公式出错或引用了已删除的单元格），未读取；"
                       "请在 Excel/WPS 中改正后重试 [input.cell_error]"]
    out = tmp_path / "除零.docx"
    assert run("render", target, "-o", out).exit_code == 1 and not out.exists()


@pytest.mark.parametrize(
    ("value", "shown"),
    [(dt.time(12, 0), "时间 12:00:00"), (dt.datetime(2023, 1, 5), "日期 2023-01-05"),
     (dt.datetime(2023, 1, 5, 8, 30), "日期 2023-01-05 08:30:00"), (dt.timedelta(hours=30), "时长 30:00:00")],
)
def test_workbook_time_or_date_in_a_money_cell_is_described_in_chinese(workbook: Path, tmp_path: Path, value, shown: str) -> None:
    def edit(wb):
        cell = find(wb["表2"], 685.19)
        cell.value = value
        edit.where = f"表2!{cell.coordinate}"

    target = edited(workbook, tmp_path / "时间.xlsx", edit)
    result = run("check", target)
    assert result.exit_code == 2
    assert f"{target}: {edit.where}: 错误：应为数字，实际为{shown} [input.decimal_type]" in result.output


def test_workbook_fractional_year_is_described_as_the_number_typed(workbook: Path, tmp_path: Path) -> None:
    def edit(wb):
        ws = wb["单位概况"]
        cell = next(c for c in ws["B"] if c.value == 2023)
        cell.value = 2023.5
        edit.where = f"单位概况!{cell.coordinate}"

    target = edited(workbook, tmp_path / "年度.xlsx", edit)
    result = run("check", target)
    assert result.exit_code == 2
    assert f"{target}: {edit.where}: 错误：应为整数，实际为数字 2023.5 [input.int_from_float]" in result.output


# -- templates: output that is cheap to write and dear to build ---------------------------------


def _template(path: Path, *runs: str) -> Path:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text in runs:
        paragraph.add_run(text)
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "runs",
    [
        # 100,000 runs: few characters, but Word's XML tree is rebuilt at a cost that grows faster
        ("{%r for j in range(10) %}{%r for i in range(10000) %}", "x", "{%r endfor %}{%r endfor %}"),
        # every "\n" becomes a <w:br/>
        ("{% for i in range(1000) %}{{ '\\n' * 999 }}{% endfor %}",),
        ("{{ ('x ' * 200000)|wordwrap(1) }}",),
    ],
)
def test_template_markup_flood_stops_with_a_limit(tmp_path: Path, runs: tuple[str, ...]) -> None:
    from reportgen.diagnostics import TemplateError
    from reportgen.render import render_template

    template = _template(tmp_path / "t.docx", *runs)
    with pytest.raises(TemplateError) as caught:
        render_template(template, {}, {})
    assert "模板生成的段落、文字块和换行过多（超过上限 300,000 个标记），请检查模板中的循环 [template.limit]" in str(caught.value)


@pytest.mark.parametrize("indent", ["10**9", "'  ' * 400000"])
def test_template_tojson_indent_is_bounded(tmp_path: Path, indent: str) -> None:
    from reportgen.diagnostics import TemplateError
    from reportgen.render import render_template

    template = _template(tmp_path / "t.docx", f"{{{{ rows|tojson(indent={indent}) }}}}")
    with pytest.raises(TemplateError) as caught:
        render_template(template, {"rows": [{"a": 1}, {"b": [1, 2]}]}, {})
    assert "[template.limit]" in str(caught.value) and "过长的内容" in str(caught.value)


def test_template_tojson_with_a_small_indent_still_works(tmp_path: Path) -> None:
    from reportgen.render import render_template

    template = _template(tmp_path / "t.docx", "{{ rows|tojson(indent=2) }}")
    tpl = render_template(template, {"rows": [{"a": 1}]}, {})
    assert tpl.docx.paragraphs[0].text == '[\n  {\n    "a": 1\n  }\n]'


def test_cli_render_with_a_markup_flood_template_exits_1_and_writes_nothing(tmp_path: Path, valid: Path) -> None:
    template = _template(tmp_path / "模板.docx", "{% for i in range(1000) %}{{ '\\n' * 999 }}{% endfor %}")
    out = tmp_path / "报告.docx"
    result = run("render", valid, "-o", out, "--template", template, "--no-toc-pages")
    assert result.exit_code == 1 and not out.exists()
    assert f"{template}: 错误：模板生成的段落、文字块和换行过多" in result.output


# -- files that are not inputs ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>",
     "\ufeff  <html><table></table></html>", '<?xml version="1.0"?><Workbook/>'],
)
def test_a_web_page_or_xml_file_is_named_for_what_it_is(tmp_path: Path, content: str) -> None:
    path = tmp_path / "导出.yaml"
    assert refused(path, content) == [
        f"{path}: 错误：这是网页（HTML）或 XML 文件，不是输入数据；如是系统导出的表格，"
        "请在 Excel/WPS 中打开，选择“另存为”→“Excel 工作簿（.xlsx）”后重试 [input.file_type]"
    ]


def test_a_file_of_plain_text_says_it_has_no_keys(tmp_path: Path) -> None:
    path = tmp_path / "说明.yaml"
    path.write_text("这是一段说明文字\n", encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert f"{path}: 错误：输入的顶层应是一个映射（键: 值），例如以 'unit:' 开头；此文件的内容只是一段文字，没有“键: 值”形式的数据 [input.shape]" in result.output


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f"])
def test_a_control_character_deep_in_a_long_file_names_its_line(tmp_path: Path, char: str) -> None:
    """Past the first 8 KB (where a NUL means "binary file") YAML itself refuses the character:
    the message still names the line."""
    text = ZENGDU.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert len("".join(lines[:200]).encode("utf-8")) > 8192
    lines[199] = lines[199].rstrip("\n") + f"  # 注{char}释\n"
    path = tmp_path / "曾都.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"{path}:200: 错误：YAML 格式错误：文件中有控制字符（不可见字符）U+{ord(char):04X}；请删除后重试 [input.syntax]"
    ]


# -- files that never end -----------------------------------------------------------------------


NOT_A_FILE = "错误：这不是普通文件（而是设备、管道等），不能作为输入 [input.unreadable]"


@pytest.fixture
def pipe(tmp_path: Path) -> Path:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "管道.docx"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["check", "export", "render", "regions"])
def test_a_device_as_input_is_refused_not_read_forever(tmp_path: Path, command: str) -> None:
    device = Path("/dev/zero")
    if not device.exists():
        pytest.skip("no /dev/zero here")
    extra = {"export": ["-o", tmp_path / "x.xlsx"], "render": ["-o", tmp_path / "x.docx"]}.get(command, [])
    result = run(command, device, *extra)
    assert result.exit_code == 2
    assert f"{device}: {NOT_A_FILE}" in result.output
    assert not list(tmp_path.iterdir())


def test_a_named_pipe_as_input_or_report_is_refused_without_blocking(pipe: Path, valid: Path) -> None:
    for args in (["check", pipe], ["diff", pipe, pipe], ["audit", pipe, valid]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert f"{pipe}: {NOT_A_FILE}" in result.output, args


# -- what people write ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [('{\n  // 单位\n  "unit": {"name": "x"}\n}\n', 2, 3), ('{"unit": {"name": "x", /* 年度 */ "year": 2023}}\n', 1, 24),
     ('{"unit": {"name": "x"} // 单位\n}\n', 1, 24)],
)
def test_json_with_comments_says_json_has_none(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = tmp_path / "输入.json"
    assert refused(path, text) == [
        f"{path}:{line}: 错误：JSON 格式错误：JSON 中不能写注释（//、/* */ 或 #）；请删除注释，或改用 YAML（可以用 # 写注释）"
        f"（第 {line} 行第 {column} 列） [input.syntax]"
    ]


def test_kind_written_as_init_names_it_reads_as_that_kind(tmp_path: Path) -> None:
    """``reportgen init --kind 绩效目标`` — and ``kind: 绩效目标`` in the file means the same."""
    source = ROOT / "sample_inputs" / "nanjing_2024_targets.yaml"
    text = source.read_text(encoding="utf-8")
    assert "\nkind: targets\n" in text
    path = tmp_path / "绩效目标.yaml"
    path.write_text(text.replace("\nkind: targets\n", "\nkind: 绩效目标\n"), encoding="utf-8")
    ours, theirs = run("check", path), run("check", source)
    assert ours.exit_code == theirs.exit_code == 0
    assert ours.output.replace(str(path), "X") == theirs.output.replace(str(source), "X")


@pytest.mark.parametrize("content", ["- 一\n- 二\n", "只是一行字\n"])
def test_a_region_profile_that_is_no_mapping_is_called_a_profile_not_an_input(tmp_path: Path, content: str) -> None:
    profile = tmp_path / "体例.yaml"
    profile.write_text(content, encoding="utf-8")
    source = tmp_path / "输入.yaml"
    source.write_text(VALID + "presentation: {region: 体例.yaml}\n", encoding="utf-8")
    expected = (f"{profile}: 错误：地区体例文件的顶层应是一个映射（键: 值），例如以 'name:' 或 'extends:' 开头；"
                "这个文件不是地区体例 [input.shape]")
    for args in (["check", source], ["regions", profile]):
        result = run(*args)
        assert result.exit_code == 2
        assert errors(result.output) == [expected]


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "Word 模板文件（.dotx）"),
     ("application/vnd.ms-word.document.macroEnabled.main+xml", "含宏的 Word 文档（.docm）"),
     ("application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "含宏的 Word 模板文件（.dotm）")],
)
def test_a_word_template_or_macro_file_as_template_says_what_it_is(tmp_path: Path, valid: Path, content_type: str, kind: str) -> None:
    """Word's 另存为 offers .dotx/.docm/.dotm beside .docx; python-docx opens none of them."""
    import zipfile

    template = tmp_path / "模板.dotx"
    plain = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(ROOT / "templates" / "final_accounts.docx") as source, zipfile.ZipFile(template, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data.replace(plain, content_type.encode()) if item.filename == "[Content_Types].xml" else data)
    expected = (f"{template}: 错误：模板是{kind}，不是 Word 文档（.docx）：请在 Word 或 WPS 中打开它，"
                "“另存为”→“Word 文档（.docx）”后再使用 [template.unreadable]")
    out = tmp_path / "报告.docx"
    for args in (["render", valid, "-o", out, "--template", template], ["template-check", template]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert errors(result.output) == [expected]
    assert not out.exists()


def test_an_excel_binary_workbook_says_save_as_xlsx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "决算.xlsb"
    with zipfile.ZipFile(path, "w") as archive:  # what Excel writes for 另存为 → Excel 二进制工作簿
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        archive.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    renamed = tmp_path / "决算.xlsx"
    renamed.write_bytes(path.read_bytes())
    for name in (path, renamed):
        result = run("check", name)
        assert result.exit_code == 2
        assert errors(result.output) == [
            f"{name}: 错误：这是 Excel 二进制工作簿（.xlsb），无法读取；请在 Excel/WPS 中打开，选择“另存为”→“Excel 工作簿（.xlsx）”后重试 [input.xlsb]"
        ]


@pytest.mark.parametrize(("named", "title"), [("zengdu_2023.yaml", "部门决算"), ("zengdu_2023.xlsx", "部门决算"),
                                              ("dachuan_2023_budget.yaml", "部门预算")])
def test_a_targets_file_of_another_kind_is_one_error_at_its_reference(tmp_path: Path, named: str, title: str) -> None:
    samples = ROOT / "sample_inputs"
    for name in ("dachuan_2023_budget.yaml", "zengdu_2023.yaml", "zengdu_2023.xlsx"):
        (tmp_path / name).write_bytes((samples / name).read_bytes())
    text = (samples / "dachuan_2023_budget.yaml").read_text(encoding="utf-8")
    assert "    targets: dachuan_2023_targets.yaml" in text
    line = text[: text.index("    targets: dachuan_2023_targets.yaml")].count("\n") + 1
    budget = tmp_path / "预算.yaml"
    budget.write_text(text.replace("targets: dachuan_2023_targets.yaml", f"targets: {named}"), encoding="utf-8")
    result = run("check", budget)
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"{budget}:{line}: performance.targets: 错误：绩效目标文件 {tmp_path / named} 是{title}的输入，不是绩效目标文件"
        "（应为 kind: targets，有 projects、department） [input.targets]"
    ]


# -- serve: the command line, before any server starts ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [(["--port", "abc"], 2, "错误：'--port' 的值无效：'abc' 不是有效的整数。"),
     (["--host", ""], 2, "错误：'--host' 的值无效：不能为空（本机用 127.0.0.1，局域网用 0.0.0.0）"),
     (["--host", "999.1.1.1", "--token", "x"], 1,
      "无法在 999.1.1.1:8000 上启动：--host 应为本机的地址（如 127.0.0.1 或 0.0.0.0），“999.1.1.1”不是有效的地址")],
)
def test_serve_with_a_bad_host_or_port_says_so(monkeypatch, args: list[str], code: int, expected: str) -> None:
    waitress = pytest.importorskip("waitress")

    def unresolvable(*_args, **_kwargs):  # what waitress raises for a host that resolves to nothing
        raise ValueError("Invalid host/port specified.")

    monkeypatch.setattr(waitress, "create_server", unresolvable)  # no lookup, no server: the message only
    result = run("serve", *args)
    assert result.exit_code == code
    assert expected in result.output


def test_a_huge_file_without_aliases_is_not_called_an_alias_bomb(tmp_path: Path) -> None:
    head, rest = VALID.split("functions:\n", 1)
    rows = "".join(f'  - code: "2010301"\n    name: 行政运行{i}\n    income: {{general_budget: 1}}\n' for i in range(30000))
    path = tmp_path / "大文件.yaml"
    path.write_text(head + "functions:\n" + rows + "basic_expenditure:\n" + rest.split("basic_expenditure:\n", 1)[1], encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    [line] = errors(result.output)
    assert line.startswith(f"{path}:")
    assert line.endswith("错误：数据项超过 200,000 个（一份输入通常只有几千个），不像是一份输入，拒绝读取；请检查是否粘贴了多余的数据 [input.too_large]")


TOO_LONG = "长" * 100  # 300 bytes in UTF-8: past the 255 a file name may have


@pytest.mark.parametrize(
    ("command", "suffix"),
    [("render", ".docx"), ("export", ".xlsx"), ("init", ".yaml"), ("init --xlsx", ".xlsx"), ("regions -o", ".yaml"), ("diff --word", ".docx")],
)
def test_an_output_name_too_long_for_the_file_system_is_a_message(tmp_path: Path, valid: Path, command: str, suffix: str) -> None:
    out = tmp_path / (TOO_LONG + suffix)
    args = {
        "render": ["render", valid, "-o", out, "--no-toc-pages"], "export": ["export", valid, "-o", out],
        "init": ["init", out], "init --xlsx": ["init", "--xlsx", out], "regions -o": ["regions", "default", "-o", out],
        "diff --word": ["diff", valid, valid, "--word", out],
    }[command]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert errors(result.output) == [f"{out}: 错误：文件名或路径过长，未写出；请换一个较短的文件名 [output.write]"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [valid.name]


# -- audit: a report that is no report -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("报告.pdf", b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n", "这是 PDF 文件，无法核对；请核对 Word 报告（.docx），或把 PDF 中的文字另存为 UTF-8 文本（.txt）后核对"),
     ("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "这是旧版 Office 文件（如 .doc），无法核对；请在 Word/WPS 中另存为 .docx 后再核对"),
     ("报告.txt", None, "这是 Excel 工作簿，不是报告；核对的是报告（Word .docx 或文本），输入文件放在第二个参数")],
)
def test_audit_of_a_file_that_is_no_report_says_what_it_is(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    report = tmp_path / name
    report.write_bytes(content if content is not None else (ROOT / "sample_inputs" / "zengdu_2023.xlsx").read_bytes())
    result = run("audit", report, ZENGDU)
    assert result.exit_code == 2
    assert errors(result.output) == [f"{report}: 错误：{message} [audit.unreadable]"]


def test_audit_reads_a_word_report_whatever_its_name(rendered_zengdu: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "报告.doc"
    renamed.write_bytes(rendered_zengdu.read_bytes())
    ours, theirs = run("audit", renamed, ZENGDU), run("audit", rendered_zengdu, ZENGDU)
    assert ours.exit_code == theirs.exit_code == 0
    assert "核对了 " in ours.output and ours.output.replace(str(renamed), "X") == theirs.output.replace(str(rendered_zengdu), "X")


@pytest.mark.parametrize(
    ("encoding", "what"),
    [("utf-16-le", "UTF-16 编码（没有字节顺序标记）"), ("utf-16-be", "UTF-16 编码（没有字节顺序标记）"), ("utf-32", "UTF-32 编码")],
)
def test_text_in_a_wide_encoding_is_named_not_called_binary(tmp_path: Path, encoding: str, what: str) -> None:
    path = tmp_path / "输入.yaml"
    assert refused(path, VALID.encode(encoding)) == [f"{path}:1: 错误：文件是 {what}；请用 UTF-8 编码另存后重试（记事本：另存为→编码选 UTF-8） [input.encoding]"]


@pytest.mark.parametrize(("written", "key"), [("6,85.19", "85.19"), ("1,685", "685")])
def test_a_number_key_made_by_a_comma_in_braces_is_shown_as_written(tmp_path: Path, written: str, key: str) -> None:
    """{total: 6,85.19} is two entries, the second a number key: shown as the user wrote it,
    never as Python's Decimal('85.19') nor as a list index [685]."""
    text = ZENGDU.read_text(encoding="utf-8")
    assert "general_budget: {total: 685.19}" in text
    line = text[: text.index("general_budget: {total: 685.19}")].count("\n") + 1
    path = tmp_path / "曾都.yaml"
    path.write_text(text.replace("general_budget: {total: 685.19}", f"general_budget: {{total: {written}}}", 1), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert (f"{path}:{line}: functions[0].general_budget.{key}: 错误：键 {key} 不是有效的键（键应为文本）；"
            "注意在 {…} 写法中逗号会分隔条目，小数点请用 '.' [input.invalid_key]") in result.output
    assert "Decimal(" not in result.output


# -- text that a spreadsheet would take for a formula ---------------------------------------------


FORMULA_TEXT = '=HYPERLINK("http://example.invalid","点我")'


def _formula_cells(path: Path) -> list[str]:
    book = load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_text_beginning_with_equals_stays_text_in_every_workbook_written(tmp_path: Path) -> None:
    """A unit's name or a reason written "=…" is the department's text: exported, summarised
    or charted, it is a text cell (never a live formula), and it comes back as written."""
    source = tmp_path / "输入.yaml"
    source.write_text(VALID.replace("name: 测试局", f"name: '{FORMULA_TEXT}'").replace("total: 人员增加", "total: '=1+1'"), encoding="utf-8")
    workbook = tmp_path / "输入.xlsx"
    assert run("export", source, "-o", workbook).exit_code == 0
    assert _formula_cells(workbook) == []
    back = tmp_path / "回读.yaml"
    assert run("export", workbook, "-o", back).exit_code == 0
    data = load_document(back).data
    assert data["unit"]["name"] == FORMULA_TEXT and data["reasons"]["total"] == "=1+1"
    out = tmp_path / "批量"
    assert run("batch", source, "-o", out, "--no-progress").exit_code == 0
    assert _formula_cells(out / "batch_summary.xlsx") == []
    assert FORMULA_TEXT in [c.value for row in load_workbook(out / "batch_summary.xlsx").active.iter_rows() for c in row]


def test_a_chart_category_beginning_with_equals_is_text_in_its_workbook() -> None:
    import io

    from reportgen.charts import BarComparison
    from reportgen.native_charts import workbook_bytes

    spec = BarComparison("图", ("=1+1", "收入"), (("2023年度", (Decimal("1"), Decimal("2"))),))
    book = load_workbook(io.BytesIO(workbook_bytes(spec)))
    cell = book.active["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_an_explicit_merge_tag_is_an_unsupported_tag_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "输入.yaml"
    assert refused(path, VALID.replace("initial_budget: 100", "initial_budget: !!merge x")) == [f"{path}:11: 错误：YAML 格式错误：不支持的 YAML 标签：输入中只能写普通的文本、数字、日期、列表和映射 [input.syntax]"]


def test_a_text_pasted_far_too_long_is_the_inputs_error_not_the_templates(tmp_path: Path) -> None:
    """A reason of millions of characters made the shipped template stop at its own bounds,
    blamed on the template; it is the input's text, named at its line."""
    source = tmp_path / "输入.yaml"
    source.write_text(VALID.replace("  total: 人员增加", "  total: " + "增" * 1_000_000), encoding="utf-8")
    out = tmp_path / "报告.docx"
    result = run("render", source, "-o", out, "--no-toc-pages")
    assert result.exit_code == 2 and not out.exists()
    assert errors(result.output) == [
        f"{source}:17: reasons.total: 错误：文本过长（1,000,000 个字符，上限 50,000），不像是一项输入；请检查是否粘贴了多余的内容 [input.too_long]"
    ]


def test_a_long_but_possible_name_still_renders(tmp_path: Path) -> None:
    source = tmp_path / "输入.yaml"
    source.write_text(VALID.replace("name: 测试局", "name: " + "测" * 20_000), encoding="utf-8")
    out = tmp_path / "报告.docx"
    assert run("render", source, "-o", out, "--no-toc-pages").exit_code == 0
    assert docx.Document(str(out)).paragraphs
