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


def test_selfeval__writes_eleven_projects_and_the_department(standalone):
    names = [p.name for p in standalone]
    assert len(names) == 12
    assert names[0] == "00_2023年度曾都区人民政府办公室部门整体支出绩效自评报告.docx"
    assert all("2023年度" in n and "2022" not in n.split("_", 1)[1][:5] for n in names)


def test_project_report__scores_and_execution_of_purchase_service(standalone):
    path = next(p for p in standalone if "政府购买服务" in p.name)
    d = docx.Document(str(path))
    texts = _texts(d)
    assert texts[0] == "2023年度政府办政府购买服务项目绩效自评报告"
    assert "（一）自评得分：97.79分，自评等级：优。" in texts
    assert any(t.startswith("1.执行率情况：") and "全年预算数37.00万元，执行数28.82万元，执行率77.9%" in t for t in texts)
    assert "3.未完成的绩效目标：预算资金未全部执行（执行率77.9%）。" in texts
    table = d.tables[0]
    assert table.cell(0, 1).text == "政府办政府购买服务"
    assert [c.text for c in table.rows[3].cells][1:] == ["年度资金总额", "37.00", "37.00", "28.82", "10", "77.9%", "7.79"]
    last = [c.text for c in table.rows[-1].cells]
    assert last[0] == "总分" and last[5:] == ["100", "97.79", "自评等级：优"]


def test_project_report__numbering_never_restarts(standalone):
    for path in standalone[1:]:
        h2 = [t[:3] for t in _texts(docx.Document(str(path))) if t.startswith("（")]
        assert h2[:4] == ["（一）", "（二）", "（三）", "（四）"], path.name
        assert h2[4:] == ["（一）", "（二）", "（三）"], path.name


def test_project_table__indicator_rows_and_merged_level1(standalone):
    d = docx.Document(str(standalone[1]))
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    head = next(i for i, r in enumerate(rows) if r[0] == "一级指标")
    body = rows[head + 1 : -1]
    assert [r[2] for r in body] == ["调研成果采纳率", "工作完成及时性", "调研成果合理有效", "人民群众满意度"]
    assert [r[0] for r in body[:2]] == ["产出指标", "产出指标"]  # merged cell reads back on both rows
    assert body[3][3:7] == ["≥90%", "95%", "10", "10"]


def test_department_report__table_values_from_the_seed(standalone):
    d = docx.Document(str(standalone[0]))
    texts = _texts(d)
    assert "本次自评通过对部门整体支出的各项指标进行综合评价，自评得分100分，自评结果为优。" in texts
    rows = {r.cells[2].text: [c.text for c in r.cells] for r in d.tables[0].rows}
    assert rows["预算调整率"][5:] == ["5.25%", "5.25%", "3", "3"]
    assert rows["“三公”经费变动率"][5:7] == ["0%", "0%"]
    assert rows["结转结余率"][5:7] == ["0.00%", "0.00%"]


def test_final_report__annexes_equal_the_standalone_documents(standalone, final_report):
    texts = _texts(final_report)
    start = len(texts) - 1 - texts[::-1].index("第六部分　附件")
    annex = texts[start + 1 :]
    expected = ["一、2023年度部门整体支出绩效自评报告"]
    expected += _texts(docx.Document(str(standalone[0])))
    expected += ["二、2023年度项目支出绩效自评报告"]
    for path in standalone[1:]:
        expected += _texts(docx.Document(str(path)))
    assert annex == expected
    standalone_tables = [docx.Document(str(p)).tables[0] for p in standalone]
    annex_tables = final_report.tables[-len(standalone_tables) :]
    for mine, theirs in zip(annex_tables, standalone_tables, strict=True):
        assert [[c.text for c in r.cells] for r in mine.rows] == [[c.text for c in r.cells] for r in theirs.rows]


def test_final_report__section_13_summarizes_the_same_scores(final_report):
    summary = next(t for t in _texts(final_report) if "共涉及项目" in t)
    assert "共涉及项目11个，资金151.10万元" in summary
    # (100×8 + 97.79 + 99 + 99.77) ÷ 11 = 99.6945…
    assert summary.endswith("自评平均得分99.69分，其中优11个。")


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
    # "100.0%" at 9 pt is about 9.5 mm; Word's default cell margins add 3.8 mm
    assert widths[column] / 1440 * 25.4 >= 13.9  # twips to mm
