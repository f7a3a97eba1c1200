"""The self-evaluation documents read back from the generated .docx."""

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.selfeval.render import render_selfeval, safe_filename

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "zengdu_2023.yaml"


@pytest.fixture(scope="module")
def standalone(tmp_path_factory):
    out = tmp_path_factory.mktemp("selfeval")
    run = render_selfeval(SAMPLE, out)
    return run.outputs


@pytest.fixture(scope="module")
def final_report(tmp_path_factory):
    from reportgen.pipeline import render

    out = tmp_path_factory.mktemp("final") / "final.docx"
    render(SAMPLE, out)
    return docx.Document(str(out))


def _texts(document):
    return [p.text for p in document.paragraphs if p.text.strip()]


EDGES = Path(__file__).resolve().parent / "data" / "selfeval_edges.yaml"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """Documents of an input with full indicator trees (the fictional edge cases)."""
    return render_selfeval(EDGES, tmp_path_factory.mktemp("scored")).outputs


def _rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def test_selfeval__writes_eleven_projects_and_the_department(standalone):
    names = [p.name for p in standalone]
    assert len(names) == 12
    assert names[0] == "00_2023年度区政府办公室部门整体支出绩效自评报告.docx"  # the published title
    assert all("2023年" in n and "2022年非法" not in n for n in names)  # the published "2022年" corrected


def test_project_report__declared_score_and_the_departments_words(standalone):
    path = next(p for p in standalone if "政府购买服务" in p.name)
    d = docx.Document(str(path))
    texts = _texts(d)
    assert texts[0].replace("\n", "") == "2023年度政府办政府购买服务项目自评报告"
    assert "（一）自评得分：96.8分。" in texts  # as declared, not recomputed
    assert any(t.startswith("1.执行率情况：") and "全年预算数37.00万元，执行数28.82万元，执行率77.9%" in t for t in texts)
    assert "2.完成的绩效目标：任务完成及时，服务环境得到改善，人民群众满意。" in texts
    assert "3.未完成的绩效目标：资金执行力度不够。" in texts
    assert "（三）存在的问题和原因：无。" in texts
    assert any(t.startswith("3.加强财务管理。") and "在费用报账支付时" in t for t in texts)
    assert "附件：2023年度政府办政府购买服务自评表（附后）" in texts
    head, indicators = d.tables
    assert head.cell(0, 1).text == "政府办政府购买服务"
    # no 年初预算数 in the published report: blank, and no "0.00" beside it in the same row
    assert _rows(head)[3][1:] == ["年度资金总额", "", "37.00", "28.82", "—", "77.9%", "—"]
    assert _rows(head)[5][1:5] == ["上年结转", "", "", ""]
    rows = _rows(indicators)
    assert rows[0][0] == "一级指标"
    assert rows[1][0].startswith("绩效指标及其得分见单位报送的自评表")  # no indicator made up
    assert rows[-1][0] == "自评得分" and rows[-1][6:] == ["96.8", "自评等级：优"]


def test_project_report__numbering_never_restarts(standalone):
    for path in standalone[1:]:
        h2 = [t[:3] for t in _texts(docx.Document(str(path))) if t.startswith("（")]
        assert h2[:4] == ["（一）", "（二）", "（三）", "（四）"], path.name
        assert h2[4:] == ["（一）", "（二）", "（三）"], path.name


def test_project_report__a_single_basic_item_is_not_numbered(standalone):
    """"1.年度绩效目标" with no "2." reads as a broken list: one item goes unnumbered."""
    d = docx.Document(str(next(p for p in standalone if "因公出国" in p.name)))
    texts = _texts(d)
    assert any(t.startswith("年度绩效目标：2023年，将紧紧围绕") for t in texts)
    assert not any(t.startswith("1.年度绩效目标") for t in texts)
    research = _texts(docx.Document(str(next(p for p in standalone if "研究室" in p.name))))
    assert any(t.startswith("1.立项目的：") for t in research) and any(t.startswith("2.年度绩效目标：") for t in research)


def test_project_table__indicator_rows_and_merged_level1(scored):
    d = docx.Document(str(scored[1]))
    rows = _rows(d.tables[1])
    assert rows[0][:3] == ["一级指标", "二级指标", "三级指标"]
    body = rows[1:-1]
    assert [r[2] for r in body] == ["培训人次", "政策知晓度", "满意度"]
    assert body[0][3:7] == ["≥100人次", "120人次", "50", "50"]
    assert rows[-1][0] == "总分" and rows[-1][5:7] == ["100", "100"]


def test_project_table__computed_score_printed_when_asked(tmp_path):
    import yaml

    data = yaml.safe_load(EDGES.read_text(encoding="utf-8"))
    data.setdefault("presentation", {})["selfeval_score"] = "computed"
    src = tmp_path / "computed.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = render_selfeval(src, tmp_path / "out")
    declared = render_selfeval(EDGES, tmp_path / "declared")
    texts = _texts(docx.Document(str(next(p for p in run.outputs if "未执行项目" in p.name))))
    assert "（一）自评得分：50分。" in texts  # computed
    texts = _texts(docx.Document(str(next(p for p in declared.outputs if "未执行项目" in p.name))))
    assert "（一）自评得分：55分。" in texts  # declared (default)
    (issue,) = [i for i in declared.evaluation.issues if i.rule == "selfeval.score" and "未执行项目" in i.message]
    assert "填报自评得分 55 ≠ 计算得分 50" in issue.message and "计算：执行率 0" in issue.message


def test_department_report__as_published(standalone):
    d = docx.Document(str(standalone[0]))
    texts = _texts(d)
    assert texts[1].startswith("根据《曾都区财政局关于2023年度开展财政支出绩效评价工作的通知》要求")
    assert "2023年支出总额921.96万元，其中财政拨款支出905.31万元，其他资金支出16.65万元。2023年财政拨款支出905.31万元，其中基本支出754.19万元，项目支出151.12万元。" in texts
    assert "本次自评通过对部门整体支出的产出指标、效益指标等各方面进行综合评价，自评得分100分，自评结果为优。" in texts
    arrival = next(t for t in texts if t.startswith("1.资金到位情况分析。"))
    assert "年初预算715.58万元，其中财政拨款收入715.58万元。基本支出643.58万元，项目支出72.00万元。实际到位资金921.96万元。偏移原因：一是项目经费追加" in arrival
    assert any(t.startswith("2.资金执行情况分析。") and "资金执行率100%" in t for t in texts)
    assert any("发展难题84个" in t and "投产运营" in t for t in texts)  # the 履职 content in full
    assert any("新东村建成2口大井深井" in t for t in texts)
    assert "2024年3月26日" in texts  # 落款
    assert "填报日期：2024年3月26日" in texts
    assert any(t.startswith("备注：1.基本支出总额和项目支出总额为财政资金实际支出数。2.") for t in texts)
    head, indicators = d.tables
    assert _rows(head)[2][1].startswith("负责原六大产业局所属61家企业的改革改制")
    rows = _rows(indicators)
    assert rows[0] == ["二级指标", "三级指标", "评价要点", "指标分类", "年初目标值（A）", "实际完成值（B）"]  # no 分值 made up
    by_name = {r[1]: r for r in rows[1:]}
    assert len([r for r in rows[1:] if r[3] == "绩效基本型"]) == 32  # every valued row of the seed
    assert by_name["预算调整率"][4:] == ["5.25%", "5.25%"]
    assert by_name["“三公”经费变动率"][4:] == ["0%", "0%"]
    assert by_name["结转结余率"][4:] == ["0.00%", "0.00%"]
    assert rows[-1][0] == "改进措施及结果应用方案" and rows[-1][2] == "无"


def test_final_report__annexes_equal_the_standalone_documents(standalone, final_report):
    texts = _texts(final_report)
    start = len(texts) - 1 - texts[::-1].index("第六部分　附件")
    annex = texts[start + 1 :]
    expected = ["一、2023年度曾都区人民政府整体绩效评价报告"]  # the published group headings
    expected += _texts(docx.Document(str(standalone[0])))
    expected += ["二、2023年度项目绩效评价自评报告"]
    for path in standalone[1:]:
        expected += _texts(docx.Document(str(path)))
    assert annex == expected
    standalone_tables = [t for p in standalone for t in docx.Document(str(p)).tables]
    annex_tables = final_report.tables[-len(standalone_tables) :]
    for mine, theirs in zip(annex_tables, standalone_tables, strict=True):
        assert _rows(mine) == _rows(theirs)


def test_final_report__section_13_summarizes_the_printed_scores(final_report):
    summary = next(t for t in _texts(final_report) if "共涉及项目" in t)
    assert "共涉及项目11个，资金151.12万元，占一般公共预算项目支出总额的100.0%。" in summary
    # the declared scores: (100×8 + 96.8 + 95 + 98.6) ÷ 11 = 99.127…
    assert summary.endswith("自评平均得分99.13分，其中优11个。从评价情况来看：")


def test_safe_filename__keeps_chinese_strips_separators():
    assert safe_filename("金融信用县（市、区）/专项:经费") == "金融信用县（市、区）_专项_经费"
    assert safe_filename("../..") == "_.."


def test_cli__bad_indicator_fails_without_traceback_or_files(tmp_path):
    src = tmp_path / "bad.yaml"
    src.write_text(
        "unit: {name: 示例局, year: 2023}\n"
        "prior_year: {total: 1, income_total: 1, expenditure_total: 1, fiscal_total: 1, general_budget_expenditure: 1}\n"
        "performance:\n  projects:\n    - name: 项目甲\n      budget: 10\n      actual: 10\n      indicators:\n"
        "        - {level1: 产出指标, level2: 数量指标, name: 件数, kind: '>=', target: 5}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["selfeval", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "bad.yaml:9: performance.projects[0].indicators[0]" in result.output
    assert "应填写实际完成值 actual" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_project_table__execution_rate_column_holds_100_percent_on_one_line(standalone):
    d = docx.Document(str(standalone[1]))
    table = d.tables[0]
    header = [c.text for c in table.rows[2].cells]
    column = header.index("执行率")
    widths = [int(col.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for col in table._tbl.tblGrid]
    assert table.rows[3].cells[column].text == "100.0%"
    # "100.0%" at 9 pt is about 11.4 mm; Word's default cell margins add 3.8 mm
    assert widths[column] / 1440 * 25.4 >= 15.2  # twips to mm


def test_fictional_sample__full_indicator_tree_scores_as_declared(tmp_path):
    fictional = SAMPLE.parent / "fictional_2024.yaml"
    run = render_selfeval(fictional, tmp_path)
    assert run.evaluation.issues == []  # declared 96 = the computed score
    d = docx.Document(str(next(p for p in run.outputs if "非物质文化遗产保护" in p.name)))
    rows = _rows(d.tables[1])
    assert [r[2] for r in rows[1:-1]] == ["非遗项目数字化记录", "数字化资料质量达标率", "非遗保护传承影响力", "传承人满意度"]
    assert rows[2][3:8] == ["≥100%", "84%", "25", "21", "部分影像资料需补拍；2025年一季度完成补拍"]
    assert rows[-1][0] == "总分" and rows[-1][5:7] == ["100", "96"]
    assert "（一）自评得分：96分。" in _texts(d)
