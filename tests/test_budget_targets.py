"""绩效目标 tables on their own (kind: targets): 江苏 (seeds 000, 003) and 湖北 (seed 004), and the
budget-time targets file read again at year end."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from reportgen.budget import department
from reportgen.cli import main
from reportgen.loader import Document as InputDocument
from reportgen.loader import load_document
from reportgen.pipeline import prepare as pipeline_prepare

ROOT = Path(__file__).resolve().parent.parent
TIANNING = ROOT / "sample_inputs" / "tianning_2023_targets.yaml"
NANJING = ROOT / "sample_inputs" / "nanjing_2024_targets.yaml"
EZHOU = ROOT / "sample_inputs" / "ezhou_2024_targets.yaml"
DACHUAN = ROOT / "sample_inputs" / "dachuan_2023_targets.yaml"


def _prepare(path: Path, change=None):
    document = load_document(path)
    if change is not None:
        data = copy.deepcopy(document.data)
        change(data)
        document = InputDocument(data, document.file, document.lines)
    return department.prepare(document)


def _rows(data: bytes) -> list[list[str]]:
    document = Document(io.BytesIO(data))
    return [[c.text for c in row.cells] for table in document.tables for row in table.rows]


def _by_rule(issues) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for issue in issues:
        out.setdefault(issue.rule, []).append(issue.message)
    return out


def test_tianning_findings_and_table():
    model, issues = _prepare(TIANNING)
    found = _by_rule(issues)
    assert set(found) == {"TGT-13", "TGT-14"}  # D-000-01, D-000-02
    assert "一级指标“满意度”下没有任何三级指标" in found["TGT-13"]
    assert "一级指标“效益”的二级指标经济效益、生态效益、可持续发展下没有三级指标" in found["TGT-13"]
    rows = _rows(department.render_bytes(model))
    assert ["单位名称", "常州市天宁区人民政府办公室", "常州市天宁区人民政府办公室", "常州市天宁区人民政府办公室", "常州市天宁区人民政府办公室"] in rows
    flat = {r[2]: r[3:] for r in rows if len(r) == 5}
    assert flat["资金总额"][-1] == "1,509.86" and flat["财政拨款 小计"][-1] == "1,509.86"
    assert flat["项目支出"] == ["164.50", "329.00"] and flat["基本支出"] == ["590.43", "1,180.86"]
    assert flat["    关工委2023年留聘人员工资"] == ["4.50", "9.00"]
    staff = next(r[1] for r in rows if r[0] == "机构设置及人员配置")
    assert staff.endswith("本部门无下属单位。\n2.本部门在职人员36人，其中行政人员27人，事业人员9人。")
    assert ["过程", "预算执行", "非税收入预算完成率", "≥100%", "≥100%"] in rows
    assert ["过程", "预算执行", "政府采购执行率", "＝100%", "＝100%"] in rows
    duty = next(r for r in rows if len(r) == 7 and r[0] == "履职")
    assert duty[2].startswith("负责区政府会议和全区性重要活动") and duty[3] == "" and duty[5:] == ["精简高效、务实办会"] * 2
    assert ["满意度", "服务对象满意度", "", "", ""] in rows  # printed, empty (D-000-02)


def test_nanjing_half_year_values():
    model, issues = _prepare(NANJING)
    found = _by_rule(issues)
    assert found["TGT-11"] == ["收入只列资金总额、未列来源，无法核对各来源之和"]  # D-003-04
    rows = _rows(department.render_bytes(model))
    advice = next(r for r in rows if len(r) == 7 and r[4] == "提交《参事建议》期数")
    assert advice[1] == "参事服务工作" and advice[5:] == ["≥5条", "≥10条"]
    flat = {r[2]: r[3:] for r in rows if len(r) == 5}
    assert flat["资金总额"][-1] == "7,472.66" and flat["项目支出"] == ["210.00", "416.44"]


def test_half_year_above_full_year_is_an_error():
    def wrong(data):
        data["department"]["funds"]["spending"]["basic"]["half_year"] = "8000"
        data["department"]["indicators"][-3]["half_year"] = 12

    _, issues = _prepare(NANJING, wrong)
    found = _by_rule(issues)
    assert "半年计划执行数 8000.00 大于全年预算数 7056.22" in found["TGT-10"]
    assert "“提交《参事建议》期数”半年指标值 12 大于全年 10" in found["TGT-10"]
    assert "收入合计 7472.66 ≠ 支出合计 7472.66" not in " ".join(found.get("TGT-11", []))


def test_ezhou_findings():
    _, issues = _prepare(EZHOU)
    found = _by_rule(issues)
    assert "2023年支出合计（印出） 2832.53 ≠ 各项之和 2834.53（差 2.00，容差 0.01）" in found["TGT-12"]  # D-004-01
    assert "近两年收支金额没有说明是预算数还是决算数（history.basis）" in found["TGT-12"]  # D-004-09
    assert len([m for m in found["TGT-15"] if "错列" in m]) == 3  # D-004-02
    assert "（年度）定量指标“结转结余率”（=0）没有度量单位" in found["TGT-05"]  # D-004-05
    assert "（年度）“承办会议、来访等活动批次”是计数，指标值却是百分比" in found["TGT-05"]  # D-004-06
    assert found["TGT-20"] == ["（年度）名称含文档残留“[bookmark:_GoBack]”，已去除：““三公”经费变动率”"]  # D-004-07
    assert found["TGT-14"] == ["中长期（长期）目标与年度目标相同，未分年度设定"]  # D-004-04


def test_ezhou_table_derives_totals_and_shares():
    model, _ = _prepare(EZHOU)
    rows = _rows(department.render_bytes(model, draft=True))
    spending = [r for r in rows if r[1] == "支出构成"]
    assert [r[2:5] for r in spending] == [
        ["人员类项目支出", "1,379.37", "58.05%"], ["运转类项目支出", "255.81", "10.77%"],
        ["特定目标类项目支出", "740.80", "31.18%"], ["合  计", "2,375.98", "100.00%"],
    ]
    assert spending[-1][5:] == ["2,161.89", "2,834.53"]  # derived: the printed 2832.53 is not repeated
    annual = [r for r in rows if len(r) == 8 and r[2] == "“三公”经费变动率"]
    assert annual and annual[0][3:] == ["0%", "0%", "=0%", "预算支出标准", "绩效基本型"]


def test_cli_targets_render_refuses_errors_unless_forced(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["render", str(EZHOU), "-o", str(tmp_path / "e.docx")])
    assert result.exit_code == 1 and "TGT-12" in result.output
    assert not (tmp_path / "e.docx").exists()
    result = runner.invoke(main, ["render", str(EZHOU), "-o", str(tmp_path / "e.docx"), "--force"])
    assert result.exit_code == 0 and "已生成草稿" in result.output
    assert Document(str(tmp_path / "e.docx")).paragraphs[0].text.startswith("【草稿】")
    result = runner.invoke(main, ["render", str(TIANNING), "-o", str(tmp_path / "t.docx")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", [TIANNING, NANJING, EZHOU, DACHUAN])
def test_budget_time_targets_file_serves_the_year_end(tmp_path, path):
    """The same file is read by the 决算 input: the budget-time fields are carried, not scored."""
    from reportgen.selfeval.targets import TargetsFile

    TargetsFile.model_validate(load_document(path).data)
    project = "    - {name: 派驻纪检组办案经费项目, budget: 20, actual: 20, indicators: [{name: 全年警示教育会次数, actual: 12}]}\n"
    year_end = tmp_path / "input.yaml"
    year_end.write_text(
        "unit: {name: 示例局, year: 2023}\n"
        "prior_year: {total: 1, income_total: 1, expenditure_total: 1, fiscal_total: 1, general_budget_expenditure: 1}\n"
        f"performance:\n  targets: {path}\n  projects:\n" + (project if path == DACHUAN else "    []\n"),
        encoding="utf-8",
    )
    prepared = pipeline_prepare(year_end)  # read, validated and merged: no InputError
    unmatched = [i.message for i in prepared.issues if i.rule == "selfeval.target_unmatched"]
    assert any("部门整体支出绩效目标已设定" in m for m in unmatched)
    if path == DACHUAN:
        (merged,) = prepared.model.performance.projects
        assert len(merged.indicators) == 14 and merged.initial_budget == 20
        assert next(i for i in merged.indicators if i.name == "全年警示教育会次数").target == 10


def test_batch_renders_budget_and_targets_inputs(tmp_path):
    from reportgen.batch import render_one

    budget_result = render_one(str(ROOT / "sample_inputs" / "dachuan_2023_budget.yaml"), str(tmp_path / "b.docx"))
    targets_result = render_one(str(TIANNING), str(tmp_path / "t.docx"))
    assert (budget_result.status, budget_result.department) == ("ok", "达州市达川区人民政府办公室")
    assert (targets_result.status, targets_result.department) == ("ok", "常州市天宁区人民政府办公室")
    assert (tmp_path / "b.docx").is_file() and (tmp_path / "t.docx").is_file()


@pytest.mark.parametrize("path", [TIANNING, NANJING, EZHOU, DACHUAN], ids=lambda p: p.stem)
def test_a_targets_file_without_kind_renders_as_target_tables(tmp_path, path):
    """A 绩效目标 file written without ``kind: targets`` is rendered as one (as export reads it),
    not refused as a 部门决算 missing its 单位概况."""
    text = "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("kind:"))
    source = tmp_path / "目标.yaml"
    source.write_text(text, encoding="utf-8")
    unnamed, named = tmp_path / "无种类.docx", tmp_path / "有种类.docx"
    for src, out in ((source, unnamed), (path, named)):
        result = CliRunner().invoke(main, ["render", str(src), "-o", str(out), "--force"])
        assert result.exit_code == 0, result.output
    assert _rows(unnamed.read_bytes()) == _rows(named.read_bytes())
    assert any(cell for row in _rows(unnamed.read_bytes()) for cell in row)
