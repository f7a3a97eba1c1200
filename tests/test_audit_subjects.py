"""Self-check and audit by subject: a figure belongs to its sentence's subject.

A department's reason may hold an amount ("较上一度增加1133.95万元"); a 项 name may begin with
its 类's name (城乡社区规划与管理 under 城乡社区支出). Neither may stop a render: the report is
produced in every mode and audits clean against its input. When the self-check does block, it
names the sentence, the figure, the data's value and the input line; ``--force`` writes a draft.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reportgen import service
from reportgen.cli import main
from reportgen.diagnostics import SelfCheckFailed
from tests.conftest import ROOT, load_sample_data, without_printed, write_yaml

REASON = "项目支出增加，较上一度增加1133.95万元"


def _audit_part3(prepared, *paragraphs: str):
    """Audit paragraphs of a 第三部分 (headings and text) against ``prepared``."""
    from reportgen.audit import audit_text

    return audit_text(["第三部分 2023年度部门决算情况说明", *paragraphs], prepared.accounts, "x.docx",
                      subjects_of=prepared.kind.audit_subjects)


def _department(tmp_path: Path) -> Path:
    """The 曾都 sample with an amount inside the 收、支总计 reason and two 项 of 城乡社区支出, one
    whose name begins with its 类's (城乡社区规划与管理)."""
    data = without_printed(load_sample_data())  # items only: the totals follow the added figures
    data["reasons"]["total"] = REASON
    data["reasons"]["expenditure"] = "项目支出增长12.5%，主要用于城乡社区规划0.5万元"
    for code, name, initial, spent in (("2120101", "城乡社区规划与管理", 3, 2), ("2120102", "一般行政管理事务", 5, 4)):
        item = copy.deepcopy(data["functions"][3])
        item.update(code=code, name=name, income={"general_budget": spent}, spending={"project": spent})
        item["general_budget"] = {"initial_budget": initial, "project": spent, "reason": "规划编制进度调整，减少支出1万元"}
        data["functions"].append(item)
    data["function_classes"]["212"] = {"purpose": "主要是用于城乡社区规划与管理方面的支出。"}
    data["function_classes"]["21201"] = {"name": "城乡社区管理事务"}
    return write_yaml(tmp_path / "department.yaml", data)


@pytest.mark.parametrize("options", [
    service.RenderOptions(), service.RenderOptions(draft=True), service.RenderOptions(force=True),
], ids=["default", "draft", "force"])
def test_self_check__reason_amounts_and_项_names_do_not_block_the_render(tmp_path, options):
    source = _department(tmp_path)
    rendered = service.render(source, options=options)
    assert not rendered.draft or options.draft
    assert not [i for i in rendered.issues if i.rule.startswith("audit.")]
    text = "\n".join(p.text for p in docx.Document(__import__("io").BytesIO(rendered.data)).paragraphs)
    assert "主要原因是项目支出增加，较上一度增加1133.95万元。" in text
    assert "城乡社区支出（类）城乡社区管理事务（款）城乡社区规划与管理（项）。年初预算为3.00万元，支出决算为2.00万元" in text
    found = rendered.prepared.kind.audit(rendered.data, rendered.prepared.accounts, "报告.docx")
    assert found.issues == [] and found.unchecked == []
    assert found.skipped >= 3  # the reasons' figures: the department's, not the subject's


def test_audit__a_项_figure_is_checked_against_the_项_not_its_类(tmp_path):
    source = _department(tmp_path)
    rendered = service.render(source)
    document = docx.Document(__import__("io").BytesIO(rendered.data))
    for paragraph in document.paragraphs:
        if "城乡社区规划与管理（项）" in paragraph.text and "年初预算为3.00万元" in paragraph.text:
            for run in paragraph.runs:
                run.text = run.text.replace("支出决算为2.00万元", "支出决算为2.50万元")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    found = rendered.prepared.kind.audit(edited, rendered.prepared.accounts, None)
    assert [i.message.split("（原文")[0] for i in found.issues] == ["城乡社区规划与管理的决算数写作 2.50 万元，数据为 2.00 万元"]


def test_self_check__names_the_sentence_the_figure_the_value_and_the_input_line(tmp_path):
    from reportgen.kinds.final_accounts import self_check

    sample = ROOT / "sample_inputs" / "zengdu_2023.yaml"
    prepared = service.prepare(sample)
    document = docx.Document(__import__("io").BytesIO(service.render_prepared(prepared).data))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("年初预算为72.17万元", "年初预算为27.17万元")
    with pytest.raises(SelfCheckFailed) as failed:
        self_check(document, prepared, False)
    [issue] = failed.value.issues
    line = next(n for n, text in enumerate(sample.read_text(encoding="utf-8").splitlines(), 1) if "initial_budget: 72.17" in text)
    # the input's own place of the value (its functions list holds the printed 类 rows too)
    assert (issue.source.file, issue.source.line, issue.source.path) == (str(sample), line, "functions[3].general_budget.initial_budget")
    assert "五、一般公共预算财政拨款支出决算情况说明" in issue.message  # the section
    assert "机关事业单位基本养老保险缴费支出（项）。年初预算为27.17万元，支出决算为111.83万元，完成年初预算的155.0%。”" in issue.message
    assert "机关事业单位基本养老保险缴费支出的年初预算数" in issue.message  # its subject
    assert "“27.17万元”" in issue.message  # the figure
    assert "数据为 72.17 万元" in issue.message  # the value from the data
    assert issue.format().startswith(f"{sample}:{line}: functions[3].general_budget.initial_budget: 错误：")


def _swapped_template(tmp_path: Path) -> Path:
    """A user template that prints 四's text where 一's belongs (the self-check must see it)."""
    import zipfile

    src = ROOT / "templates" / "final_accounts.docx"
    target = tmp_path / "swapped.docx"
    a, b = "{{ block.text }}<", "{{ fiscal.text if block.text == overview.text else block.text }}<"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.decode("utf-8").replace(a, "\0").replace(b, a).replace("\0", b).encode("utf-8")
            zout.writestr(item, data)
    return target


def test_render_force__writes_a_draft_past_the_self_check(tmp_path):
    template = _swapped_template(tmp_path)
    out = tmp_path / "report.docx"
    sample = ROOT / "sample_inputs" / "zengdu_2023.yaml"
    refused = CliRunner().invoke(main, ["render", str(sample), "-o", str(out), "--template", str(template), "--no-toc-pages"])
    assert refused.exit_code == 1 and not out.exists()
    assert "可用 --force" in refused.output
    forced = CliRunner().invoke(main, ["render", str(sample), "-o", str(out), "--template", str(template), "--force", "--no-toc-pages"])
    assert "Traceback" not in forced.output
    assert forced.exit_code == 0, forced.output  # a forced render exits as it always has: the draft is written
    assert "已生成草稿" in forced.output
    assert "收、支总计写作 905.31 万元，数据为 921.96 万元" in forced.output and "[audit.amount]" in forced.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any("【草稿】" in p for p in paragraphs)


def test_audit_cli__lists_unplaced_figures_as_未核对_in_text_and_json(tmp_path):
    sample = ROOT / "sample_inputs" / "putuo_2024.yaml"
    text = (Path(__file__).parent / "data" / "putuo_2024_published.txt").read_text(encoding="utf-8")
    # a figure the audit has no subject for, in a section it reads
    report = tmp_path / "说明.txt"
    report.write_text(text.replace("单价100万元", "另有租赁车辆支出3.20万元。单价100万元"), encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(report), str(sample)])
    assert result.exit_code == 1  # the published errors
    assert "未核对的数字（1 个" in result.output
    assert re.search(r"说明\.txt:\d+: 十一、其他重要事项的情况说明: 提示：未核对：“3\.20万元”无法对应到数据.*\[audit\.unchecked\]", result.output)
    assert "未核对 1 个" in result.output
    as_json = CliRunner().invoke(main, ["audit", str(report), str(sample), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert [u["message"][:12] for u in data["unchecked"]] == ["未核对：“3.20万元”"]
    assert data["checked"] >= 75 and len(data["issues"]) == 6  # the published errors and wording notes


def test_audit__a_section_under_an_unknown_heading_is_read_by_its_words():
    """Another template's headings (十、其他重要事项的情况说明 with （一）机关运行经费…) are placed
    by their words and numbering; a heading it cannot place leaves its figures 未核对."""
    prepared = service.prepare(ROOT / "sample_inputs" / "putuo_2024.yaml")
    paragraphs = [
        "一、收入支出决算总体情况说明",
        "上海市普陀区财政局2024年度收入支出总计2995.39万元。",
        "二、关于2024年度机关运行经费的说明",
        "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.04%。",
        "三、部门职工食堂情况",
        "职工食堂支出12.00万元。",
        "第四部分 名词解释",
        "一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，占5%。",
    ]
    found = _audit_part3(prepared, *paragraphs)
    assert [i.message.split("（")[0] for i in found.issues] == ["机关运行经费的变动率写作 1.04%，数据为 1.40%"]
    assert [i.source.path for i in found.unchecked] == ["三、部门职工食堂情况"]
    assert found.checked == 4  # 2995.39万元; 184.65万元, 2.55万元, 1.04%


SHANGHAI_THREE_PUBLIC = [
    "七、财政拨款“三公”经费支出决算情况说明",
    "“三公”经费财政拨款支出年初预算为54.33万元，支出决算为33.00万元，完成预算的60.74%，其中：因公出国（境）费决算为"
    "6.33万元，完成预算的100%；公务用车购置及运行维护费支出决算为26.67万元，完成预算的55.56%；公务接待费支出决算为0万元。"
    "2023年度“三公”经费支出决算数小于预算数的主要原因：压减支出20万元。",
    "2023年度“三公”经费财政拨款支出决算数比2022年度增加12.03万元，增长57.37%，其中：因公出国（境）费支出决算增加6.33万元；"
    "公务用车购置及运行维护费支出决算增加5.70万元，增长27.18%；公务接待费支出决算持平。",
    "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算6.33万元，占19.18%；公务用车购置及运行维护费支出决算26.67万元，"
    "占80.82%；公务接待费支出决算0.00万元，占0.00%。具体情况如下：",
    "1、因公出国（境）费支出6.33万元。全年安排因公出国（境）团组1个、累计1人次。",
    "2、公务用车购置及运行维护费支出26.67万元。其中：",
    "公务用车购置支出为0.00万元。",
    "公务用车运行维护支出26.67万元。主要用于公车维修保养。",
    "3、公务接待费支出0万元。其中：",
    "国内公务接待支出0万（含外宾接待支出0万元）。",
    "八、政府性基金预算财政拨款收入支出决算情况说明",
    "政府性基金预算财政拨款收入0万元，支出0万元。",
]


def test_audit__reads_the_shanghai_三公_and_fund_wording(tmp_path):
    data = load_sample_data()
    del data["totals"]["three_public"]["total"]  # the 三公 total as its items add up (33.00), not as 表9 prints it
    prepared = service.prepare(write_yaml(tmp_path / "in.yaml", data))
    found = _audit_part3(prepared, *SHANGHAI_THREE_PUBLIC)
    assert found.issues == [] and found.unchecked == []
    assert found.checked == 30 and found.skipped == 1  # the reason's 20万元; 团组1个、累计1人次 counted
    planted = [p.replace("占80.82%", "占80.28%").replace("公务用车运行维护支出26.67", "公务用车运行维护支出26.76")
               for p in SHANGHAI_THREE_PUBLIC]
    found = _audit_part3(prepared, *planted)
    assert [i.message.split("（原文")[0] for i in found.issues] == [
        "公务用车购置及运行费所占比例写作 80.28%，数据为 80.82%", "公务用车运行费写作 26.76 万元，数据为 26.67 万元"]


def test_self_check__two_项_of_one_name_under_two_款_are_two_subjects(tmp_path):
    """行政运行 under 人大事务 and under 政府办公厅（室）及相关机构事务: each 项 line is checked
    against its own figures, the render is not blocked, and a wrong figure names its own 项."""
    data = without_printed(load_sample_data())  # items only: the totals follow the added figures
    item = copy.deepcopy(data["functions"][3])
    item.update(code="2010101", name="行政运行", income={"general_budget": 7}, spending={"project": 7})
    item["general_budget"] = {"initial_budget": 9, "project": 7, "reason": "人员调整"}
    data["functions"].insert(0, item)
    data["function_classes"]["20101"] = {"name": "人大事务"}
    rendered = service.render(write_yaml(tmp_path / "in.yaml", data))
    document = docx.Document(__import__("io").BytesIO(rendered.data))
    lines = [p for p in document.paragraphs if "行政运行（项）" in p.text and "年初预算为" in p.text]
    assert len(lines) == 2
    for run in lines[0].runs:
        run.text = run.text.replace("支出决算为7.00万元", "支出决算为7.70万元")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    found = rendered.prepared.kind.audit(edited, rendered.prepared.accounts, None)
    assert [i.message.split("（原文")[0] for i in found.issues] == ["行政运行的决算数写作 7.70 万元，数据为 7.00 万元"]


def test_audit__causes_in_any_wording_and_the_comparison_the_sentence_names():
    prepared = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    paragraphs = [
            "一、收入支出决算总体情况说明",
        "2023年度收、支总计均为921.96万元。与2022年度相比，收、支总计各增加33.63万元，增长3.8%，主要是由于项目支出增加50.00万元。"
        "主要原因：1.人员增加，增支20万元。2.项目减少，减支10%。",
        "十、机关运行经费支出说明",
        # the input compares 机关运行经费 with its 年初预算 (102.47) and gives no prior-year figure
        "本部门2023年度机关运行经费支出70.99万元，比年初预算数减少31.48万元，下降30.7%。",
        "本部门2023年度机关运行经费支出70.99万元，比2022年度增加5.00万元，增长7.6%。",
    ]
    found = _audit_part3(prepared, *paragraphs)
    assert found.issues == []
    assert found.skipped == 3  # 50.00万元, 20万元, 10%: the causes, not 收、支总计's change
    # against the prior year, which the input does not give: 未核对, not a disagreement with the budget
    assert [i.message.split("”")[0] for i in found.unchecked] == ["未核对：“5.00万元", "未核对：“7.6%"]
    wrong = [p.replace("下降30.7%", "下降37.0%") for p in paragraphs]
    found = _audit_part3(prepared, *wrong)
    assert [i.message.split("（原文")[0] for i in found.issues] == ["机关运行经费的变动率写作 37.0%，数据为 30.7%"]


def test_audit__a_项_the_input_does_not_know_is_not_read_as_its_类(tmp_path):
    prepared = service.prepare(_department(tmp_path))  # 城乡社区支出（类）: 年初预算 8.00, 决算 6.00
    paragraphs = [
            "五、一般公共预算财政拨款支出决算情况说明",
        # the input's 项 is 城乡社区规划与管理; the text names it otherwise
        "5.城乡社区支出（类）城乡社区管理事务（款）城乡社区规划管理（项）。年初预算为3.00万元，支出决算为2.00万元。",
        "6.城乡社区支出（类）城乡社区管理事务（款）一般行政管理事务（项）。年初预算为5.00万元，支出决算为4.00万元。",
    ]
    found = _audit_part3(prepared, *paragraphs)
    assert found.issues == []
    assert [i.message.split("”")[0] for i in found.unchecked] == ["未核对：“3.00万元", "未核对：“2.00万元"]
    assert found.checked == 2


def test_audit__a_类_the_input_does_not_know_takes_no_figure_of_the_previous_类():
    prepared = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    paragraphs = [
            "五、一般公共预算财政拨款支出决算情况说明",
        "2023年度一般公共预算财政拨款支出905.31万元，主要用于以下方面：一般公共服务支出（类）685.19万元，占75.7%；"
        "社会保障就业支出（类）111.83万元，占12.4%；卫生健康支出（类）60.07万元，占6.6%。",
    ]
    found = _audit_part3(prepared, *paragraphs)
    assert found.issues == []
    assert [i.message.split("”")[0] for i in found.unchecked] == ["未核对：“111.83万元", "未核对：“12.4%"]
    assert found.checked == 5


def test_audit__a_profile_s_own_reason_lead_is_read_as_the_department_s_words(tmp_path):
    """A user's region profile words the reason "差异说明{reason}": what follows it is the
    department's, as "主要原因是" is."""

    (tmp_path / "我的体例.yaml").write_text(
        "extends: default\nname: mine\ntitle: 我的体例\n"
        "sentences:\n  general_budget.detail_line: \"{number}{path}。{completion}。差异说明{reason}\"\n",
        encoding="utf-8",
    )
    data = without_printed(load_sample_data())  # items only: the totals follow the added figures
    data["presentation"]["region"] = "我的体例.yaml"
    prepared = service.prepare(write_yaml(tmp_path / "in.yaml", data))
    paragraphs = [
            "五、一般公共预算财政拨款支出决算情况说明",
        "3.卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算为46.87万元，支出决算为60.07万元。"
        "差异说明支出决算为追加后的13.20万元。",
    ]
    found = _audit_part3(prepared, *paragraphs)
    assert found.issues == [] and found.unchecked == [] and found.skipped == 1
    plain = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")  # the default wording has no such lead
    found = _audit_part3(plain, *paragraphs)
    assert found.skipped == 0 and found.issues + found.unchecked


@pytest.mark.parametrize(("written", "flags"), [
    ("收、支总计增加了33.63万元，增幅为3.8%", []),
    ("收、支总计增加33.63万元，增幅3.8%", []),
    ("收、支总计减少了33.63万元，降幅为3.8%", ["收、支总计实际增加33.63万元，正文写作“减少”", "收、支总计实际增长，正文写作“下降”"]),
    ("收、支总计增加了33.36万元，增长3.8%", ["收、支总计的变动额写作 33.36 万元，数据为 33.63 万元"]),
])
def test_audit__a_change_in_other_words(written, flags):
    prepared = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    found = _audit_part3(prepared, "一、收入支出决算总体情况说明", f"2023年度收、支总计均为921.96万元。与2022年度相比，{written}。")
    assert [i.message.split("（原文")[0] for i in found.issues] == flags
    assert found.unchecked == [] and found.checked == 3


@pytest.mark.parametrize("basis", ["full", "both"])
def test_self_check__a_report_stating_全年预算_audits_clean(tmp_path, basis):
    (tmp_path / "全年.yaml").write_text(f"extends: default\nname: full\ntitle: 全年预算\nbudget_basis: {basis}\n", encoding="utf-8")
    data = without_printed(load_sample_data())  # items only: the totals follow the added figures
    data["presentation"]["region"] = "全年.yaml"
    for item, full in zip(data["functions"], (700, 112, 61, 49), strict=True):
        item["general_budget"]["full_budget"] = full
    rendered = service.render(write_yaml(tmp_path / "in.yaml", data))
    text = "\n".join(p.text for p in docx.Document(__import__("io").BytesIO(rendered.data)).paragraphs)
    assert "全年预算为922.00万元，支出决算为905.31万元，完成全年预算的98.2%" in text
    assert ("年初预算为715.59万元，全年预算为922.00万元" in text) == (basis == "both")
    found = rendered.prepared.kind.audit(rendered.data, rendered.prepared.accounts, "报告.docx")
    assert found.issues == [] and found.unchecked == []
    wrong = rendered.prepared.kind.audit(text.replace("全年预算为922.00万元", "全年预算为715.59万元").encode("utf-8"),
                                         rendered.prepared.accounts, "报告.txt")
    assert [i.message.split("（原文")[0] for i in wrong.issues] == ["一般公共预算财政拨款支出的全年预算数写作 715.59 万元，数据为 922.00 万元"]


def test_audit__the_overview_stated_side_by_side_with_its_rows():
    """收入总计 and 支出总计 with their rows (another template's 一): each figure checked."""
    prepared = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    found = _audit_part3(
        prepared, "一、收入支出决算总体情况说明",
        "2023年度收入总计921.96万元，其中：本年收入合计921.96万元，使用非财政拨款结余0.00万元，年初结转和结余0.00万元。"
        "2023年度支出总计921.96万元，其中：本年支出合计921.96万元，结余分配0.00万元，年末结转和结余0.00万元。"
        "收入支出总体与上年相比，增加33.63万元，增长3.79%，主要原因是人员正常增资。",
    )
    assert found.issues == [] and found.unchecked == [] and found.checked == 10
    found = _audit_part3(prepared, "一、收入支出决算总体情况说明", "2023年度支出总计912.96万元，其中：本年支出合计921.96万元。")
    assert [i.message.split("（原文")[0] for i in found.issues] == ["支出总计写作 912.96 万元，数据为 921.96 万元"]


def test_audit__an_older_template_s_headings_from_the_first_one():
    """Headings with the year and other words (一、2023年度收入支出决算总体及增减变动情况), in a
    part numbered otherwise, are placed by their words from the first one on."""
    from reportgen.audit import audit_text

    prepared = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    paragraphs = [
        "第一部分：基本情况", "一、部门主要职能", "负责全区金融工作，年度经费100.00万元。",
        "第二部分：2023年度部门决算情况说明",
        "一、2023年度收入支出决算总体及增减变动情况",
        "2023年度收、支总计均为921.96万元。与2022年度相比，收、支总计各增加33.63万元，增长3.8%。",
        "二、2023年度财政拨款支出决算情况",
        "2023年度一般公共预算财政拨款支出905.31万元，占本年支出合计的98.2%。",
        "第三部分：其他重要事项情况说明",
        "一、关于机关运行经费支出说明",
        "本部门2023年度机关运行经费支出70.99万元，比年初预算数减少31.48万元，下降30.7%。",
        "第四部分：名词解释",
        "一、机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金，约占10%。",
    ]
    found = audit_text(paragraphs, prepared.accounts, "x.docx", subjects_of=prepared.kind.audit_subjects)
    assert found.issues == [] and found.unchecked == []
    assert found.checked == 8


def test_audit__an_amount_after_other_words_is_not_the_subject_s_own():
    prepared = service.prepare(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    found = _audit_part3(prepared, "三、支出决算情况说明",
                         "2023年度支出合计921.96万元，其中：基本支出770.84万元；项目支出中上年结转50.00万元。")
    assert found.issues == [] and found.checked == 2
    assert [i.message.split("”")[0] for i in found.unchecked] == ["未核对：“50.00万元"]
