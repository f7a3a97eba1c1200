"""Region profiles: the Shanghai sample rendered as published, profiles as data a user edits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, docx_text, load_sample_data, write_yaml
from docx import Document

from reportgen import regions
from reportgen.cli import main
from reportgen.diagnostics import InputError

PUTUO = ROOT / "sample_inputs" / "putuo_2024.yaml"
PUBLISHED = Path(__file__).parent / "data" / "putuo_2024_published.txt"

# Every place where the rendered text differs from the published one: (section heading, published
# text, rendered text, why). Everything else must match character for character (whitespace aside).
DIFFERENCES = [
    ("二、部门决算单位构成", "序号单位名称备注1上海市普陀区财政局（本级）2上海市普陀区财政局财政所预算不单列，并入本级3上海市普陀区国库收付中心预算不单列，并入本级",
     "", "the units are a table (checked by test_putuo__units_in_scope_as_a_table), not paragraphs"),
    ("二、收入决算情况说明", "其他收入6.2万元，占0.21%；", "其他收入6.20万元，占0.21%。", "amounts to the cent; a list ends with 。"),
    ("三、支出决算情况说明", "占20.51%；", "占20.51%。", "a list ends with 。"),
    ("四、财政拨款收入支出决算总体情况说明",
     "财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。主要原因：基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付。",
     "财政拨款收入支出总计2961.68万元。",
     "0.3 is a misprint (表4: 2961.68); the 2023 figure is not given, so no comparison (a finding)"),
    ("（二）一般公共预算财政拨款支出决算结构情况", "2106.66万元，占71.73%", "2106.66万元，占71.65%", "2106.66 ÷ 2940.05 = 71.65%"),
    ("（二）一般公共预算财政拨款支出决算结构情况", "占2.07%", "占2.08%", "largest remainder: the four shares add up to 100.00%"),
    ("（二）一般公共预算财政拨款支出决算结构情况", "占15.16%；", "占15.16%。", "a list ends with 。"),
    ("（三）一般公共预算财政拨款支出决算具体情况", "年初预算为2993.92万元", "年初预算为2993.93万元", "the sum of the items' 年初预算"),
    ("六、一般公共预算财政拨款基本支出决算情况说明", "个人农业生产补贴", "奖励金", "表6 prints 0.31 as 奖励金 (30309)"),
    ("（一）“三公”经费财政拨款支出决算总体情况说明。",
     "完成预算的0%，其中：因公出国（境）费决算为0.00万元，完成预算的0%；公务用车购置及运行维护费支出决算为0.00万元，完成预算的0%；"
     "公务接待费支出决算为0.00万元，完成预算的0%。",
     "完成预算的0.00%，其中：因公出国（境）费支出决算为0.00万元，未安排预算；公务用车购置及运行维护费支出决算为0.00万元，未安排预算；"
     "公务接待费支出决算为0.00万元，完成预算的0.00%。",
     "a zero budget has no completion rate; percentages to two places; one wording for the three items"),
    ("十、预算绩效管理情况", "实行全过程绩效管理实施情况跟踪：", "全过程绩效管理实施情况：", "the template's wording"),
    ("（二）政府采购支出情况", "为251.25万元", "为251.26万元", "4.79 + 0 + 246.47 = 251.26"),
    ("（二）政府采购支出情况", "工程采购金额0万元", "工程采购金额0.00万元", "amounts to the cent"),
    ("（二）政府采购支出情况", "预留政府采购项目预算金额0万元", "预留政府采购项目预算金额0.00万元", "amounts to the cent"),
    ("（二）政府采购支出情况", "采购金额0万元", "采购金额0.00万元", "amounts to the cent"),
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered_putuo(tmp_path_factory) -> Path:
    from reportgen.pipeline import render

    out = tmp_path_factory.mktemp("putuo") / "putuo_2024.docx"
    render(PUTUO, out)
    return out


def _rendered_sections(path: Path) -> list[tuple[str, str]]:
    """(heading, text under it) for every heading of parts 1, 3 and 4, in order."""
    document = Document(str(path))
    sections: list[tuple[str, str]] = []
    part = ""
    for p in document.paragraphs:
        style = p.style.name
        if style == "Heading 1":
            part = p.text
            sections.append((p.text, ""))
        elif style in ("Heading 2", "Heading 3") and "决算表" not in part:
            sections.append((p.text, ""))
        elif sections and "决算表" not in part and style.startswith(("Normal", "RG Note")):
            heading, text = sections[-1]
            sections[-1] = (heading, text + p.text)
    return [(h, t) for h, t in sections if "决算表" not in h]


def _published_sections(headings: list[str]) -> dict[str, str]:
    text = _squash("".join(line for line in PUBLISHED.read_text(encoding="utf-8").splitlines() if not line.startswith("#")))
    out = {}
    position = 0
    found = []
    for heading in headings:
        key = _squash(heading).replace("　", "")
        at = text.find(key, position)
        assert at >= 0, f"heading not in the published text: {heading}"
        found.append((heading, at, at + len(key)))
        position = at + len(key)
    for i, (heading, _start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        out[heading] = text[end:stop]
    return out


def test_putuo__every_section_reads_as_published(rendered_putuo):
    rendered = _rendered_sections(rendered_putuo)
    published = _published_sections([h for h, _ in rendered])
    used = set()
    for heading, text in rendered:
        expected = published[heading]
        for i, (where, was, now, _why) in enumerate(DIFFERENCES):
            if heading.endswith(where) and was in expected:
                expected = expected.replace(was, now)
                used.add(i)
        assert _squash(text) == expected, heading
    assert used == set(range(len(DIFFERENCES))), "a listed difference no longer occurs"


def test_putuo__parts_sections_and_tables_in_the_published_order(rendered_putuo):
    document = Document(str(rendered_putuo))
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert parts == [
        "第一部分　上海市普陀区财政局概况",
        "第二部分　上海市普陀区财政局2024年度部门决算表",
        "第三部分　上海市普陀区财政局2024年度部门决算情况说明",
        "第四部分　名词解释",
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    tables = headings[2:11]
    assert tables[6] == "七、财政拨款“三公”经费支出决算表"
    assert tables[8] == "九、国有资本经营预算财政拨款收入支出决算表"
    explanation = headings[11:]
    assert [h.split("、")[0] for h in explanation] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert explanation[6] == "七、财政拨款“三公”经费支出决算情况说明"
    assert explanation[9] == "十、预算绩效管理情况"
    assert explanation[10] == "十一、其他重要事项的情况说明"
    # no charts, no annexes
    assert not document.inline_shapes
    assert "附件" not in docx_text(rendered_putuo)
    # the 三公 table (the 7th public table, after the 单位构成 table) carries the 接待费 budget
    three_public = document.tables[7]
    cells = [c.text for row in three_public.rows for c in row.cells]
    assert "0.95" in cells and "公务用车运行维护费" in cells


def test_putuo__units_in_scope_as_a_table(rendered_putuo):
    document = Document(str(rendered_putuo))
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["序号", "单位名称", "备注"],
        ["1", "上海市普陀区财政局（本级）", ""],
        ["2", "上海市普陀区财政局财政所", "预算不单列，并入本级"],
        ["3", "上海市普陀区国库收付中心", "预算不单列，并入本级"],
    ]
    # the table sits under 二、部门决算单位构成, before 第二部分
    body = list(document.element.body.iterchildren())
    assert body.index(table._tbl) < body.index(next(p._p for p in document.paragraphs if p.style.name == "Heading 1" and p.text.startswith("第二部分")))


def test_putuo__audit_of_the_published_text_flags_its_errors_and_nothing_else():
    from reportgen.audit import audit_report
    from reportgen.pipeline import prepare

    result = audit_report(PUBLISHED, prepare(PUTUO).accounts)
    flagged = sorted(re.search(r"写作 ([\d.]+)|“([\d.]+)%”", i.message).group(0) for i in result.issues)
    # 326.72 and 160.75 are the figures of 表5 as printed (the sample carries them): not errors
    assert flagged == sorted([
        "写作 0.3", "写作 71.73", "写作 2993.92", "写作 251.25", "“0%”", "“0%”",
    ])
    assert result.checked >= 70


def test_putuo__missing_prior_year_figure_is_a_finding():
    from reportgen.pipeline import prepare

    issues = prepare(PUTUO).issues
    missing = [i for i in issues if i.rule == "input.missing_figure"]
    assert [i.source.path for i in missing] == ["prior_year.fiscal_total"]
    assert "财政拨款收入支出总计" in missing[0].message and missing[0].source.line


def test_putuo__self_check_reads_the_shanghai_wording(rendered_putuo):
    from reportgen.audit import audit_report
    from reportgen.pipeline import prepare

    prepared = prepare(PUTUO)
    result = audit_report(rendered_putuo, prepared.accounts)
    assert not result.issues
    assert result.checked >= 40  # the Shanghai sentences are read, not skipped
    wrong = docx_text(rendered_putuo).replace("收入支出总计2995.39万元", "收入支出总计2995.93万元").replace("减少63.14万元", "减少63.41万元")
    text_file = rendered_putuo.parent / "wrong.txt"
    text_file.write_text(wrong, encoding="utf-8")
    flagged = audit_report(text_file, prepared.accounts).issues
    assert any("2995.93" in i.message for i in flagged) and any("63.41" in i.message for i in flagged)


# -- profiles as data ------------------------------------------------------------------------
def test_regions_command_lists_the_shipped_profiles():
    result = CliRunner().invoke(main, ["regions"])
    assert result.exit_code == 0
    assert "default\t默认体例" in result.output and "shanghai\t上海体例" in result.output


def test_regions_command_copies_a_shipped_profile_to_edit(tmp_path):
    runner = CliRunner()
    target = tmp_path / "我的体例.yaml"
    result = runner.invoke(main, ["regions", "shanghai", "-o", str(target)])
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") == regions.builtin_path("shanghai").read_text(encoding="utf-8")
    again = runner.invoke(main, ["regions", "shanghai", "-o", str(target)])
    assert again.exit_code == 1 and "未覆盖" in again.output
    checked = runner.invoke(main, ["regions", str(target)])
    assert checked.exit_code == 0 and "十一、其他重要事项的情况说明" in checked.output


def test_regions_command_lists_content_and_sentences():
    runner = CliRunner()
    assert "three_public.summary" in runner.invoke(main, ["regions", "--content"]).output
    assert "overview.total\t{year}收、支总计均为{total}。" in runner.invoke(main, ["regions", "--sentences"]).output


@pytest.mark.parametrize(
    ("text", "line", "path", "message"),
    [
        ("extends: shanghai\nname: x\nparts:\n  - heading: a\n    content: [tabels]\n", 5, "parts[0].content[0]", "未知的内容块 'tabels'（是否应为 'tables'？）"),
        ("extends: shanghai\nname: x\nsentences:\n  overview.totl: a\n", 4, "sentences.overview.totl", "未知的句式编号"),
        ("extends: shanghai\nname: x\nsentences:\n  overview.total: \"{unit}{totl}\"\n", 4, "sentences.overview.total", "{totl} 不可用"),
        ("extends: shanghai\nname: x\npercent_places: many\n", 3, "percent_places", "应为整数"),
        ("extends: shanghai\nname: x\ntables:\n  - {key: income, title: 收入决算表}\n", 4, "tables", "决算表应各列一次"),
        ("extends: nowhere.yaml\nname: x\n", 1, "extends", "找不到地区体例"),
        ("extends: shanghai\nname: x\nparts:\n  - {heading: 附件, content: [annexes]}\n  - {heading: 名词解释, content: [glossary]}\n",
         4, "parts[0].content", "只能放在最后一个部分"),
    ],
)
def test_broken_profile_names_file_line_and_key(tmp_path, text, line, path, message):
    profile = tmp_path / "我的体例.yaml"
    profile.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        regions.load_file(profile)
    issue = raised.value.issues[0]
    assert issue.source.file == str(profile) and issue.source.line == line and issue.source.path == path
    assert message in issue.message


def test_input_pointing_at_a_missing_profile_is_an_input_error(tmp_path):
    from reportgen.pipeline import prepare

    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = "我的体例.yaml"
    with pytest.raises(InputError) as raised:
        prepare(write_yaml(tmp_path / "in.yaml", data))
    assert raised.value.issues[0].source.path == "presentation.region"
    assert "找不到地区体例" in raised.value.issues[0].message


def test_a_copied_and_edited_profile_reorders_renames_and_renumbers(tmp_path):
    """A user copies shanghai.yaml, moves 十 before 七, renames a heading, drops a glossary
    term and rewords a sentence — no Python; the numbers follow the new order."""
    from reportgen.pipeline import render

    text = (ROOT / "reportgen" / "regions" / "shanghai.yaml").read_text(encoding="utf-8")
    performance = "      - heading: 预算绩效管理情况\n        content: [performance.figures]\n"
    assert performance in text
    text = text.replace(performance, "")
    text = text.replace("      - heading: 财政拨款“三公”经费支出决算情况说明\n", performance + "      - heading: 财政拨款“三公”经费支出决算情况说明\n")
    text = text.replace("heading: 主要职能", "heading: 部门职能")
    text = text.replace('  overview.total: "{unit}{year}收入支出总计{total}。"', '  overview.total: "{year}，{unit}收入支出总计为{total}。"')
    (tmp_path / "区体例.yaml").write_text(text, encoding="utf-8")
    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = "区体例.yaml"
    data["presentation"]["glossary"]["经营支出"] = None  # removed
    data["presentation"]["glossary"]["项目库"] = "指……"  # added at the end
    out = render(write_yaml(tmp_path / "in.yaml", data), tmp_path / "out.docx").output
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "一、部门职能"
    assert "七、预算绩效管理情况" in headings and "八、财政拨款“三公”经费支出决算情况说明" in headings
    assert "十一、其他重要事项的情况说明" in headings
    text = docx_text(out)
    assert "2024年度，上海市普陀区财政局收入支出总计为2995.39万元。" in text
    assert "经营支出：" not in text
    assert "九、“三公”经费：" in text and "十一、项目库：指……。" in text


def test_unit_kind_changes_the_operating_expenses_wording(tmp_path):
    from reportgen.pipeline import render

    data = load_sample_data(PUTUO)
    data["unit"]["kind"] = "事业"
    out = render(write_yaml(tmp_path / "in.yaml", data), tmp_path / "out.docx").output
    text = docx_text(out)
    assert "上海市普陀区财政局为事业单位，2024年度无机关运行经费支出。" in text
    assert "机关运行经费支出184.65万元" not in text


def test_single_unit_department_reads_jigou_shezhi(tmp_path):
    from reportgen.pipeline import render

    data = load_sample_data(PUTUO)
    data["unit"]["scope"] = []
    text = docx_text(render(write_yaml(tmp_path / "in.yaml", data), tmp_path / "out.docx").output)
    assert "二、机构设置\n从预算单位构成看，上海市普陀区财政局部门决算包括：上海市普陀区财政局本级决算。" in text


def test_full_budget_basis_uses_the_adjusted_budget_and_reports_a_missing_one(tmp_path):
    from reportgen.pipeline import prepare, render

    shanghai = (ROOT / "reportgen" / "regions" / "shanghai.yaml").read_text(encoding="utf-8")
    (tmp_path / "全年.yaml").write_text(shanghai.replace("budget_basis: initial", "budget_basis: both"), encoding="utf-8")
    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = "全年.yaml"
    rows = {item["code"]: item for item in data["functions"]}  # 类/款 rows (as printed) and 项 rows
    for code, item in rows.items():
        if len(code) == 7:
            item["general_budget"]["full_budget"] = item["general_budget"]["initial_budget"]
    rows["2010607"]["general_budget"]["full_budget"] = "135.25"  # adjusted during the year
    text = docx_text(render(write_yaml(tmp_path / "in.yaml", data), tmp_path / "out.docx").output)
    assert "年初预算为135.90万元，全年预算为135.25万元，支出决算为135.25万元。决算数与预算数基本持平。" in text
    del rows["2010601"]["general_budget"]["full_budget"]
    issues = prepare(write_yaml(tmp_path / "in2.yaml", data)).issues
    # the place is the row of the input (after its 类 and 款 rows), not the item's position among the 项
    place = f"functions[{list(rows).index('2010601')}].general_budget.full_budget"
    assert any(i.rule == "input.missing_figure" and i.source.path == place and i.source.line for i in issues)


def test_default_profile_keeps_the_zengdu_layout(rendered_zengdu):
    document = Document(str(rendered_zengdu))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "十四、财政专项支出、专项转移支付支出情况说明" in headings
    assert "九、财政拨款“三公”经费支出决算表" in headings
    assert len(document.inline_shapes) == 5


def test_profiles_ship_with_the_package():
    for name in regions.BUILTIN:
        assert regions.builtin_path(name).is_file()


@pytest.mark.parametrize(
    ("patch", "rule", "path"),
    [
        ({"procurement": {"reserved": {"small_micro_budget": 300}}}, "identity.procurement_reserved", "procurement.reserved.small_micro_budget"),
        ({"procurement": {"reserved": {"other_sme_awarded": 40}}}, "identity.procurement_reserved", "procurement.reserved.other_sme_awarded"),
        ({"performance": {"summary": {"self_evaluation": {"grades": {"优": 3}}}}}, "identity.performance_grades", "performance.summary.self_evaluation.grades"),
        ({"performance": {"summary": {"self_evaluation": {"rectified": 1}}}}, "identity.performance_problems", "performance.summary.self_evaluation.problems"),
        ({"performance": {"summary": {"self_evaluation": {"grades": {"优": 3, "中": 1}}}}}, "input.unknown_grade", "performance.summary.self_evaluation.grades"),
    ],
)
def test_shanghai_figures_are_checked(tmp_path, patch, rule, path):
    from reportgen.pipeline import prepare

    data = load_sample_data(PUTUO)

    def merge(into: dict, new: dict) -> None:
        for key, value in new.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict) and key != "grades":
                merge(into[key], value)
            else:
                into[key] = value

    merge(data, patch)
    issues = prepare(write_yaml(tmp_path / "in.yaml", data)).issues
    found = [i for i in issues if i.rule == rule]
    assert found and found[0].severity == "error" and found[0].source.path == path and found[0].source.line


def test_region_chart_form_image_and_the_input_overriding_it(tmp_path):
    from reportgen.pipeline import render

    (tmp_path / "pictures.yaml").write_text("extends: default\nname: pictures\ncharts: image\n", encoding="utf-8")
    data = load_sample_data()
    data["presentation"]["region"] = "pictures.yaml"

    def parts(name: str) -> list[str]:
        out = render(write_yaml(tmp_path / f"in_{name}.yaml", data), tmp_path / f"{name}.docx").output
        return [p.partname for p in Document(str(out)).part.package.iter_parts()]

    pictures = parts("pictures")
    assert sum(name.endswith(".png") for name in pictures) == 5 and not any("/charts/" in n for n in pictures)
    data["presentation"]["charts"] = "native"  # the input's own choice wins
    native = parts("native")
    assert sum("/charts/chart" in n for n in native) == 5
