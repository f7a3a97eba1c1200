"""The 部门预算 kind (reportgen.budget): seed 002 (达川区人民政府办公室 2023) end to end."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from reportgen import budget
from reportgen.budget.audit import audit_text
from reportgen.budget.sections import build_context
from reportgen.budget.tables import build_tables
from reportgen.cli import main
from reportgen.loader import Document as InputDocument
from reportgen.loader import load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "dachuan_2023_budget.yaml"
AS_PRINTED = ROOT / "tests" / "data" / "dachuan_2023_budget_as_printed.yaml"
PUBLISHED = ROOT / "tests" / "data" / "dachuan_2023_budget_published.txt"


@pytest.fixture(scope="module")
def sample():
    return budget.prepare(load_document(SAMPLE))


@pytest.fixture(scope="module")
def printed():
    return budget.prepare(load_document(AS_PRINTED))


@pytest.fixture(scope="module")
def rendered():
    data, issues = budget.render(load_document(SAMPLE))
    return Document(io.BytesIO(data)), data


def _variant(change) -> tuple:
    document = load_document(SAMPLE)
    data = copy.deepcopy(document.data)
    change(data)
    return budget.prepare(InputDocument(data, document.file, document.lines))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_sample_is_consistent(sample):
    _, acc, issues = sample
    assert [i for i in issues if i.severity != "warning"] == []
    # what the seed does not give is a finding, not a guess
    assert {i.rule for i in issues} == {"budget.purpose_missing", "budget.glossary_missing", "TGT-08", "TGT-04"}
    # D-002-18: the goal's «预估3-4人租房» against the targets (heuristic warning)
    assert [i.message for i in issues if i.rule == "TGT-04"] == [
        "项目“下派干部经费项目”年度目标写“3-4人”，而同单位的指标为 “下派干部人次”≥5人次、“全年出差人次”≥385人次"
    ]
    # D-002-18: a unit cost filed under 产出·数量 in 表6 and under 成本 in 表7
    assert [i.message for i in issues if i.rule == "TGT-08"] == ["指标“文书档案整理费单价”：表7 为经济成本指标，表6“档案整理经费项目”为数量指标"]
    assert acc.income_total == acc.spending_total
    assert str(acc.income_total) == "1215.75" and str(acc.gb_current) == "1197.75"


def test_printed_tables_findings(printed):
    _, _, issues = printed
    text = [f"{i.rule} {i.message} @{i.source.line}" for i in issues]
    joined = "\n".join(text)
    # D-002-01: 项 rows sum to 1215.76 / 864.96, 卫生健康 43.31, 表3 1197.76
    assert "BUD-3.2 表1-2 合计（印出） 1215.75 ≠ 各项之和 1215.76（差 0.01" in joined
    assert "BUD-3.2 表1-2 基本支出合计（印出） 864.95 ≠ 各项基本支出之和 864.96" in joined
    assert "BUD-3.3 表1 210 卫生健康支出（印出） 43.30 ≠ 表1-2 该类各项之和 43.31" in joined
    assert "BUD-6.2 表3 合计（印出） 1197.75 ≠ 各项之和 1197.76" in joined
    # D-002-02: 301 rows 692.12
    assert "BUD-5.3 表2-1 301 工资福利支出（印出） 692.11 ≠ 各款之和 692.12" in joined
    assert "BUD-7.3 表3-1 301 工资福利支出（印出） 692.11 ≠ 各款之和 692.12" in joined
    # every finding points at its line in the input
    line = next(i for i in issues if i.source.path == "printed.table1_2.total").source.line
    assert AS_PRINTED.read_text(encoding="utf-8").splitlines()[line - 1].strip().startswith("table1_2:")
    # within the 0.01 tolerance they are rounding notes; nothing else is wrong with the printed tables
    assert {i.severity for i in issues if i.rule.startswith("BUD-") and i.rule != "BUD-U1"} == {"note"}
    # D-002-15: four units declared, rows for one only, nothing says the others are in 本级
    units = [i.message for i in issues if i.rule == "BUD-U1"]
    assert len(units) == 3 and units[0].startswith("预算单位“达州市达川区金融服务中心”在各表中没有本单位的行")


def test_published_text_findings(printed):
    _, acc, _ = printed
    found = audit_text(PUBLISHED.read_text(encoding="utf-8"), acc, str(PUBLISHED))
    by_rule: dict[str, list[str]] = {}
    for issue in found:
        by_rule.setdefault(issue.rule, []).append(issue.message)
    assert by_rule["BUD-W1"] == ["正文“收支预算总数1197.75万元”≠ 表1 收入总计 1215.75（差 18.00）"]
    assert any("比2023年" in m for m in by_rule["BUD-W6"])
    w2 = "\n".join(by_rule["BUD-W2"])
    assert "卫生健康支出43.30万元”≠ 表3 43.31" in w2
    assert "住房保障支出占5.49%" in w2
    assert "社会保险缴费123.43万元”≠ 表3-1 30108+30109+30110+30111+30112 各款之和 123.44" in by_rule["BUD-W3"][0]
    w4 = "\n".join(by_rule["BUD-W4"])
    assert "行政单位医疗（项）43.30万元”≠ 表3 2101101 31.68" in w4
    assert "“行政事业单位离退休（款）”应为 20805 行政事业单位养老支出" in w4
    assert "缺少表3的 2101103 公务员医疗补助" in w4 and "缺少表3的 2101199" in w4
    assert sorted(by_rule["BUD-W5"]) == ["六“项目支出0.00万元”≠ 表4 项目支出 18.00"]
    assert len(by_rule["BUD-W7"]) == 1 and "0.00元" in by_rule["BUD-W7"][0]
    assert any("350.8万元" in m for m in by_rule["BUD-F1"]) and any("办公费1万元" in m for m in by_rule["BUD-F1"])
    # D-002-17: 上年结转 missing from the income list, 212 printed before 210
    assert by_rule["BUD-W8"] == [
        "一 “收入包括”缺少 上年结转",
        "一 “支出包括”的顺序应按科目编码：一般公共服务支出、社会保障和就业支出、卫生健康支出、城乡社区支出、住房保障支出",
    ]


def test_sample_text_passes_its_own_audit(sample, rendered):
    _, acc, _ = sample
    document, _ = rendered
    counted: list[int] = []
    assert [i.format() for i in audit_text("\n".join(_texts(document)), acc, "", counted)] == []
    assert counted[0] >= 15  # the statements were recognised, not skipped


def test_cli_audit_of_the_published_report():
    result = CliRunner().invoke(main, ["audit", str(PUBLISHED), str(AS_PRINTED)])
    assert result.exit_code == 1
    assert "BUD-W1" in result.output and "BUD-W5" in result.output
    assert "核对了 17 个数字" in result.output


def test_narrative_sentences(rendered):
    document, _ = rendered
    text = "\n".join(_texts(document))
    assert "区政府办2023年收支预算总数1215.75万元，比2022年收支预算总数增加307.21万元，主要原因：一是本年度增加了4个特定目标类项目共计75.00万元；二是本年度人员经费正常增加；三是上年政府性基金预算拨款收入结转18.00万元。" in text
    assert "收入包括：上年结转、一般公共预算拨款收入；支出包括：一般公共服务支出、社会保障和就业支出、卫生健康支出、城乡社区支出、住房保障支出。" in text
    assert "其中：上年结转18.00万元，占1.48%；一般公共预算拨款收入1197.75万元，占98.52%；政府性基金预算拨款收入0.00万元，占0.00%。" in text
    assert "基本支出864.95万元，占71.15%；项目支出350.80万元，占28.85%。" in text
    # largest remainder: 84.20 / 6.69 / 3.61 / 5.50, not the seed's 3.62 / 5.49
    assert "一般公共服务支出1008.45万元，占84.20%；社会保障和就业支出80.13万元，占6.69%；卫生健康支出43.30万元，占3.61%；住房保障支出65.87万元，占5.50%。" in text
    assert "比2022年财政拨款收支预算总数增加307.21万元" in text
    details = [p for p in _texts(document) if "（项）：2023年预算数为" in p]
    assert len(details) == 7
    assert details[2].startswith("3.社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）：2023年预算数为80.13万元")
    assert "社会保险缴费123.43万元" in text and "办公费1.00万元" in text
    assert "（一）公务接待费较2022年预算持平，2023年公务接待费计划用于" in text
    assert "（二）公务用车购置及运行维护费较2022年预算增加17.00万元，增长170.00%，原因：" in text
    assert "因公出国" not in text.split("五、")[1].split("六、")[0]
    assert "区政府办2023年政府性基金预算支出18.00万元，其中：基本支出0.00万元，项目支出18.00万元，比2022年预算数增加18.00万元，主要原因是" in text
    assert "区政府办2023年没有使用国有资本经营预算拨款安排的支出。" in text
    assert "比2022年预算增加44.96万元，增长35.88%。主要原因是自然增长。" in text
    assert "政府采购服务预算0.00万元。" in text
    assert "单位价值200万元以上大型设备0台（套）。" in text and "安排大型设备购置经费0.00万元" in text
    assert "开展绩效目标管理的项目24个，涉及预算1197.75万元。其中：人员类项目5个，涉及预算694.69万元；运转类项目6个，涉及预算170.26万元；特定目标类项目13个，涉及预算332.80万元。" in text
    assert "区政府办及下属二级预算单位共4个，其中行政单位（本级）1个，参照公务员法管理的事业单位0个，其他事业单位3个。" in text
    assert [p for p in _texts(document) if p.startswith("4.聚力以廉辅政")]


def test_parts_catalogue_and_glossary(rendered):
    document, _ = rendered
    texts = _texts(document)
    parts = [t for t in texts if t.startswith("第") and "部分" in t[:4]]
    assert [p[:4] for p in parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    catalogue = [t for t in texts if "（表" in t and t[0] in "一二三四五六七八九十"]
    assert len(catalogue) == 14 and catalogue[-1] == "十四、部门整体支出绩效目标表（表7）"
    glossary = texts[texts.index(parts[3]) + 1 :]
    assert glossary[0] == "一、一般公共预算拨款收入：指区级财政当年拨付的资金。"
    assert glossary[-1].startswith("十二、机关运行经费：")
    assert any("纳入区政府办预算管理的“三公”经费" in g for g in glossary)


def _table(document, first_header: str, contains: str):
    for table in document.tables:
        cells = [c.text for c in table.rows[0].cells] + [c.text for c in table.rows[1].cells]
        if first_header in cells and any(contains in c.text for row in table.rows for c in row.cells):
            return table
    raise AssertionError(f"no table with {first_header}/{contains}")


def test_tables_layout_and_figures(rendered):
    document, _ = rendered
    t12 = _table(document, "基本支出", "其他国有土地使用权出让收入安排的支出")
    rows = [[c.text for c in r.cells] for r in t12.rows]
    assert rows[1][:3] == ["类", "款", "项"]
    total = next(r for r in rows if r[0].startswith("合"))
    assert total[-5:] == ["1,215.75", "864.95", "350.80", "", ""]
    assert ["210", "11", "99", "103001", "其他行政事业单位医疗支出", "0.72", "0.72", "", "", ""] in rows
    t1 = _table(document, "收    入", "本年收入合计")
    rows = [[c.text for c in r.cells] for r in t1.rows]
    assert ["本年收入合计", "1,197.75", "本年支出合计", "1,215.75"] in rows
    assert ["收入总计", "1,215.75", "支出总计", "1,215.75"] in rows
    assert any(r[2] == "三十一、往来性支出" for r in rows) and any(r[2] == "三十二、事业单位结余分配" for r in rows)
    # 表2-1: three parts, 34 amount columns in all
    parts = [t for t in document.tables if t.rows[0].cells[0].text == "科目编码" and len(t.columns) in (15, 14, 17)]
    assert sorted(len(t.columns) - 4 for t in parts) == [10, 11, 13]
    # landscape sections for the wide tables
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert len(landscape) >= 7


def test_tables_as_data(sample):
    _, acc, _ = sample
    tables = build_tables(acc)
    assert len(tables) == 14 and len(tables["t2_1"]) == 3
    t32 = tables["t3_2"][0]
    names = t32.column(4)
    assert names.count("一般行政管理事务") == 1 and "  招商引资经费项目" in names
    t5 = tables["t5"][0]
    assert all(v == "" for v in t5.column(5))  # empty table: header and an empty 合计 row


def test_zero_and_equal_cases():
    def flat(data):
        data["prior_year"]["total"] = "1215.75"
        data["operating_expenses"]["prior_budget"] = "170.26"
        data["three_public"]["vehicle"]["prior_budget"] = 0
        data["prior_year"]["general_budget"] = 0

    _, acc, issues = _variant(flat)
    context, _ = build_context(acc)
    assert context["s1"]["total"] == "区政府办2023年收支预算总数1215.75万元，与2022年收支预算总数持平。"
    assert context["s8"]["operating"] == "2023年，区政府办机关运行经费财政拨款预算为170.26万元，与2022年预算持平。"
    # prior 0: an increase without a percentage
    assert "公务用车购置及运行维护费较2022年预算增加27.00万元，原因：" in context["s5"]["lines"][1]
    assert "比2022年预算数增加1197.75万元，主要原因" in context["s3"]["scale"]


def test_check_disagreement_is_an_error_with_place():
    def wrong(data):
        data["income"][0]["current"]["general_budget"] = "1190.00"

    _, _, issues = _variant(wrong)
    errors = {i.rule: i for i in issues if i.severity == "error"}
    assert set(errors) == {"BUD-1.5", "BUD-4.4"}
    assert errors["BUD-1.5"].message == "收入总计 1208.00 ≠ 支出总计 1215.75（差 7.75，容差 0.01）"
    assert "一般公共预算本年拨款收入 1190.00 ≠ 一般公共预算当年拨款安排的支出+结转下年 1197.75（差 7.75" in errors["BUD-4.4"].message
    assert errors["BUD-4.4"].source.line is not None and errors["BUD-4.4"].source.path == "income[0].current.general_budget"


def test_cli_render_and_check(tmp_path):
    runner = CliRunner()
    out = tmp_path / "dachuan.docx"
    result = runner.invoke(main, ["render", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已生成报告" in result.output
    document = Document(str(out))
    assert any("2023年部门预算情况说明" in p.text for p in document.paragraphs)
    result = runner.invoke(main, ["check", str(AS_PRINTED)])
    assert result.exit_code == 1  # the published 表6/表7 contradict each other (TGT-16, TGT-08)
    assert "BUD-3.3" in result.output and "TGT-16" in result.output
    assert "dachuan_2023_targets_as_printed.yaml:" in result.output


def test_bad_budget_input_names_its_place(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("project_counts:", "project_count:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 2
    assert "未知的键 'project_count'" in result.output and "bad.yaml:" in result.output
    assert "Traceback" not in result.output


def test_render_is_deterministic(rendered):
    _, data = rendered
    again, _ = budget.render(load_document(SAMPLE))
    assert again == data


# -- 表6 / 表7 from the 绩效目标 file ------------------------------------------------------------

TARGETS_AS_PRINTED = ROOT / "tests" / "data" / "dachuan_2023_targets_as_printed.yaml"


def test_targets_as_printed_findings(printed):
    _, _, issues = printed
    found = [f"{i.rule} {i.message}" for i in issues if i.rule.startswith("TGT") and i.severity != "note"]
    joined = "\n".join(found)
    # D-002-08: 5053 vs Σ of the eight 出差人次 targets
    assert "TGT-16 部门整体指标“全年业务工作差旅人次”≥5053人次 ≠ 所列 8 个项目指标之和 4753（差 300）" in joined
    # D-002-10: units that differ between 表6 and 表7, values without a unit, 人/次
    assert "TGT-08 指标“文书档案整理费单价”：表7 单位“万元” ≠ 表6“档案整理经费项目”单位“元”" in joined
    assert "TGT-08 指标“文头纸份数”：表7 单位“万次” ≠ 表6“文头纸制作经费项目”单位“万份”" in joined
    assert "TGT-08 指标“信息采集、印发、报送每月次数”：表7 单位“条” ≠ 表6“信息公开经费项目”单位“次”" in joined
    assert "TGT-05 部门整体定量指标“困难党员慰问金/慰问物资应发尽发率”（=100）没有度量单位" in joined
    assert "TGT-05 部门整体定量指标“信息公开印发宣传资料份数”（≥1）没有度量单位" in joined
    assert sum("人/次" in f and f.startswith("TGT-20") for f in found) == 3
    # what holds in the seed: 13 × Σ 90 points, 成本 = 预算数, 表7 control figures = the budget
    assert not [f for f in found if f.startswith(("TGT-01", "TGT-02", "TGT-03", "TGT-17", "TGT-19"))]
    where = next(i for i in issues if i.rule == "TGT-16").source
    assert where.file.endswith("dachuan_2023_targets_as_printed.yaml") and where.line is not None


def test_targets_findings_point_at_points_and_budget():
    def broken(data):
        data["performance"]["targets"] = str(TARGETS_AS_PRINTED)
        data["projects"][0]["amount"] = "21.00"
        data["functions"][1]["current"]["general_budget"]["project"] = "333.80"
        data["economic"][8]["current"]["general_budget"]["project"] = "40.96"

    _, _, issues = _variant(broken)
    joined = "\n".join(f"{i.rule} {i.message}" for i in issues)
    assert "TGT-01 表6“派驻纪检组办案经费项目”预算数 20.00 ≠ 表3-2 金额 21.00（差 1.00" in joined
    assert "TGT-17 部门整体指标“派驻纪检组办案经费项目预算控制数” 20.00 ≠ 表3-2 项目金额 21.00" in joined


def test_table6_and_table7(rendered):
    document, _ = rendered
    t6 = _table(document, "三级指标", "派驻纪检组办案经费项目")
    rows = [[c.text for c in r.cells] for r in t6.rows]
    assert rows[0][:4] == ["单位名称", "项目名称", "预算数", "年度目标"]
    body = [r for r in rows[1:] if r[1]]
    assert len({r[1] for r in body}) == 13
    assert len(body) == 141
    first = [r for r in body if r[1] == "派驻纪检组办案经费项目"]
    assert first[0][0] == "103001-达州市达川区人民政府办公室" and first[0][2] == "20.00"
    # framework order: 产出 (数量, 质量, 时效), 成本, 效益, 满意度
    assert [r[4] for r in first][0] == "产出指标" and [r[4] for r in first][-1] == "满意度指标"
    assert ["产出指标", "数量指标", "全年警示教育会次数", "≥", "10", "次", "5", "正向指标"] in [r[4:] for r in first]
    assert ["成本指标", "经济成本指标", "派驻纪检组工作开展成本预算", "≤", "20", "万元", "10", "反向指标"] in [r[4:] for r in first]
    t7 = _table(document, "部门名称", "年度主要任务")
    rows = [[c.text for c in r.cells] for r in t7.rows]
    assert rows[0][1] == "103001-达州市达川区人民政府办公室"
    assert ["1,215.75", "1,215.75", ""] == next(r for r in rows if r[1] == "1,215.75")[1:]
    goal = next(r[1] for r in rows if r[0] == "年度总体目标")
    assert goal.startswith("2023年，达州市达川区人民政府办公室共计使用财政预算资金1215.75万元（其中：公用经费170.26万元、人员类经费694.69万元、派驻纪检组办案经费项目20.00万元、")
    assert goal.split("）。")[0].endswith("招商引资经费项目15.00万元、上年结转资金18.00万元")
    assert goal.split("）。", 1)[1].startswith("主要用于认真贯彻落实党中央")
    values = {r[2]: r[3] for r in rows if len(r) == 4 and r[0] in ("产出指标", "效益指标", "满意度指标", "成本指标")}
    assert values["2023年单位在职人员数量"] == "=47人" and values["单位职工满意度"] == "≥98%"
    assert values["2023年部门预算本级财政预算控制数"] == "≤1215.75万元" and values["网络使用经费项目预算控制数"] == "≤30.8万元"
    assert values["文书档案整理费单价"] == "≤90元"  # corrected in the sample (D-002-10)
    assert sum(1 for r in rows if r[0] == "年度主要任务") == 18


# -- the other branches: two units, 事业收入, 国有资本经营预算, decreases, nothing planned -------------

EDGES = ROOT / "tests" / "data" / "budget_edges.yaml"


def test_edges_sentences():
    _, acc, issues = budget.prepare(load_document(EDGES))
    context, _ = build_context(acc)
    assert context["s1"]["total"] == "示例局2024年收支预算总数440.00万元，比2023年收支预算总数减少60.00万元，下降12.00%，主要原因是压减一般性支出。"
    assert "收入包括：一般公共预算拨款收入、国有资本经营预算拨款收入、事业收入；" in context["s1"]["scope"]
    assert "国有资本经营预算拨款收入20.00万元，占4.55%；事业收入40.00万元，占9.09%。" in context["s1"]["income"]
    # growth rate only where the profile/presentation asks for it (二 is not in growth_rate_in)
    assert context["s2"]["total"].endswith("减少20.00万元，主要原因是压减一般性支出。")
    assert context["s3"]["scale"] == "示例局2024年一般公共预算当年拨款380.00万元，与2023年预算数持平。"
    assert context["s5"] == {"lead": "示例局2024年未安排“三公”经费财政拨款预算。", "lines": []}
    assert context["s6"] == "示例局2024年没有使用政府性基金预算拨款安排的支出。"
    # prior 0: an increase, no percentage, even though state_capital is in growth_rate_in
    assert context["s7"] == "示例局2024年国有资本经营预算支出20.00万元，其中：基本支出0.00万元，项目支出20.00万元，比2023年预算数增加20.00万元，主要原因是新增改革成本支出。"
    assert context["s8"]["operating"] == "2024年，示例局机关运行经费财政拨款预算为50.00万元，比2023年预算减少10.00万元，下降16.67%。主要原因是压减日常公用经费。"
    assert context["s8"]["procurement"] == "示例局2024年未安排政府采购预算。"
    assert context["s8"]["assets"][1] == "2024年部门预算未安排购置车辆和单位价值200万元以上大型设备。"
    assert [i.message for i in issues if i.rule == "TGT-01"] == ["没有指定绩效目标文件（performance.targets）：表6、表7 只印“本表数据未提供”"]
    counts = [i.message for i in issues if i.rule == "budget.count_missing"]
    assert counts == ["人员类项目涉及预算280.00万元，但项目个数为0（project_counts.personnel）",
                      "运转类项目涉及预算50.00万元，但项目个数为0（project_counts.operation）"]


def test_edges_tables_have_a_row_per_unit():
    _, acc, _ = budget.prepare(load_document(EDGES))
    tables = build_tables(acc)
    t11 = tables["t1_1"][0].grid()
    assert [r[:6] for r in t11] == [
        ["合    计", "合    计", "440.00", "", "380.00", ""],
        ["201", "示例市示例局", "440.00", "", "380.00", ""],
        ["201001", "示例市示例局", "320.00", "", "300.00", ""],
        ["201002", "示例市示例中心", "120.00", "", "80.00", ""],
    ]
    assert t11[3][7] == "40.00" and t11[1][6] == "20.00"  # 事业收入, 国有资本经营预算拨款收入
    t12 = tables["t1_2"][0].grid()
    assert ["", "", "", "201002", "示例市示例中心", "120.00", "120.00", "", "", ""] in t12
    assert ["201", "38", "50", "201002", "事业运行", "120.00", "120.00", "", "", ""] in t12
    t5 = tables["t5"][0].grid()
    assert ["223", "01", "99", "201001", "其他国有资本经营预算支出", "20.00", "", "20.00"] in t5
    t31 = tables["t3_1"][0].grid()
    assert ["301", "01", "30101", "  基本工资", "80.00", "80.00", ""] in t31  # the 中心's own rows


def test_yuan_input_is_rounded_with_balance():
    """舍位平衡: rows and totals agree after 元 → 万元 (what seed 002's 43.30 / 43.31 lacks)."""
    model, acc, issues = budget.prepare(load_document(ROOT / "tests" / "data" / "budget_yuan.yaml"))
    values = {f.code: f.fund("general_budget") for f in model.functions}
    assert [str(values[c]) for c in ("2101101", "2101103", "2101199")] == ["31.69", "10.90", "0.71"]
    assert str(acc.by_class()["210"]) == "43.30" and str(acc.income_total) == "143.30"
    econ = {e.code: acc.econ_basic(e) for e in model.economic}
    # the economic tree is balanced on its own: 301 = Σ its 款 = the function total (BUD-7.4)
    assert str(sum(econ.values())) == "143.30" and str(econ["30101"]) == "100.01"
    (note,) = [i for i in issues if i.rule == "units.rounding_adjustment" and i.source.path.startswith("functions")]
    assert note.source.path == "functions[1].current.general_budget.basic"
    assert "316849元 换算为 31.69万元（单独四舍五入为 31.68，调整 +0.01）" in note.message
    assert [i for i in issues if i.rule.startswith("BUD") and i.severity != "note"] == []
    context, _ = build_context(acc)
    assert "卫生健康支出43.30万元" in context["s2"]["lists"]


def test_one_title_per_table_in_catalogue_and_heading(rendered):
    document, _ = rendered
    texts = _texts(document)
    assert "部门预算项目支出绩效目标表（2023年度）" in texts and "十三、部门预算项目支出绩效目标表（表6）" in texts
    assert "政府性基金预算支出表" in texts and "十、政府性基金预算支出表（表4）" in texts
    numbers = [t for t in texts if t.startswith("表") and len(t) <= 5]
    assert numbers[:4] == ["表1", "表1-1", "表1-2", "表2"] and numbers.count("表2-1") == 3 and numbers[-2:] == ["表6", "表7"]


def test_other_commands_know_the_budget(tmp_path):
    runner = CliRunner()
    template = ROOT / "templates" / "budget.docx"
    result = runner.invoke(main, ["template-check", str(template), "--input", str(SAMPLE)])
    assert result.exit_code == 0 and "所有标记都有数据" in result.output
    result = runner.invoke(main, ["selfeval", str(SAMPLE), "-o", str(tmp_path / "se")])
    assert result.exit_code == 2, result.output
    assert "这是部门预算（kind: budget）输入，此命令只适用于部门决算" in result.output
    assert "reportgen render / check / audit / diff / export" in result.output
    assert "dachuan_2023_budget.yaml:5: kind" in result.output and "Traceback" not in result.output
    # export writes a budget workbook (tests/test_budget_excel.py)
    result = runner.invoke(main, ["export", str(SAMPLE), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 0 and "一般公共预算支出表" in load_workbook(tmp_path / "x.xlsx").sheetnames


def test_committed_budget_template_matches_its_builder(tmp_path):
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("build_budget_template", ROOT / "tools" / "build_budget_template.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    fresh = builder.build(tmp_path / "budget.docx")

    def paragraphs(path):
        return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]

    committed = paragraphs(ROOT / "templates" / "budget.docx")
    assert paragraphs(fresh) == committed, "templates/budget.docx is out of date: run python tools/build_budget_template.py"
    for _style, text in committed:  # every figure comes from the data
        assert not re.search(r"\d", re.sub(r"{[{%].*?[%}]}", "", text)), text


def test_three_public_total_comparison_is_an_option():
    def ask(data):
        data["presentation"]["growth_rate_in"] = ["three_public", "three_public_total", "operating_expenses"]

    _, acc, _ = _variant(ask)
    context, _ = build_context(acc)
    # D-002-16: the seed prints no comparison; 上年 = 0 + 2.50 + 10.00 = 12.50 → +17.00, +136.00 %
    assert context["s5"]["lead"] == "区政府办2023年“三公”经费财政拨款预算数29.50万元，比2022年预算增加17.00万元，增长136.00%，其中：公务接待费2.50万元，公务用车购置及运行维护费27.00万元。"


def test_capital_spending_beyond_procurement_is_a_warning():
    def short(data):
        data["procurement"]["goods"] = "10.00"

    _, _, issues = _variant(short)
    (issue,) = [i for i in issues if i.rule == "BUD-P2"]
    assert issue.severity == "warning" and "当年资本性支出（310）18.85 超过政府采购货物和工程预算 10.00（差 8.85）" in issue.message


def test_a_row_given_twice_and_an_unknown_profile(tmp_path):
    def twice(data):
        data["functions"].append(dict(data["functions"][0]))

    _, _, issues = _variant(twice)
    (issue,) = [i for i in issues if i.rule == "BUD-U2"]
    assert issue.severity == "error" and issue.message.startswith("功能分类 2010301 行政运行（单位 103001）填写了两次")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("region: sichuan", "region: shanxi"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 2 and "找不到地区体例 'shanxi'（部门预算的内置体例：sichuan；" in result.output
    assert "bad.yaml:" in result.output


def test_draft_shows_missing_reasons():
    from reportgen.budget.report import render_document

    def forget(data):
        data["reasons"]["total"] = []
        data["operating_expenses"]["reason"] = ""

    _, acc, issues = _variant(forget)
    # 收支预算总数 keeps its generated reasons; 机关运行经费 has none left
    assert [i.source.path for i in issues if i.rule == "budget.reason_missing"] == ["operating_expenses.reason"]
    context, _ = build_context(acc)
    # the generated clauses stay: 4 new projects, the carry-over
    assert context["s1"]["total"].endswith("主要原因：一是本年度增加了4个特定目标类项目共计75.00万元；二是上年政府性基金预算拨款收入结转18.00万元。")
    assert context["s8"]["operating"] == "2023年，区政府办机关运行经费财政拨款预算为170.26万元，比2022年预算增加44.96万元，增长35.88%。"
    document, _ = render_document(acc, draft=True)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "【草稿】" in text
    assert "比2022年预算增加44.96万元，增长35.88%。主要原因是【待补充：机关运行经费变动的主要原因】。" in text


def test_a_row_of_an_undeclared_unit_is_an_error():
    def stray(data):
        data["functions"][2]["unit"] = "103009"

    _, _, issues = _variant(stray)
    (issue,) = [i for i in issues if i.rule == "BUD-U3"]
    assert issue.message == "单位代码 103009 不是 unit.budget_units 中的预算单位（已有：103001）"
    assert issue.source.path == "functions[2].unit"


def test_a_template_made_for_another_report_kind_is_refused_naming_the_right_one(tmp_path):
    """The 部门决算 template given to a 部门预算 printed 部门决算 on its cover: refused, exit 2,
    nothing written; a template with a title of its own (a department's) is not judged."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "预算.docx"
    result = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out), "--template", str(root / "templates" / "final_accounts.docx"), "--no-toc-pages"])
    assert result.exit_code == 2 and not out.exists()
    assert "这是部门决算的模板（文档属性“标题”为“部门决算”），不能用于部门预算" in result.output and "templates/budget.docx" in result.output
    assert "[template.kind]" in result.output
    import docx

    own = tmp_path / "本单位的模板.docx"
    document = docx.Document(str(root / "templates" / "budget.docx"))
    document.core_properties.title = "达川区政府办预算模板"
    document.save(str(own))
    done = CliRunner().invoke(main, ["render", str(SAMPLE), "-o", str(out), "--template", str(own), "--no-toc-pages"])
    assert done.exit_code in (0, 1) and out.exists(), done.output
