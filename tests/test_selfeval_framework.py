"""The year-end 绩效自评 measured against the budget-time 绩效目标 file: 成本指标 as a 一级
indicator, 一级 weights from the target points, 半年/全年 values (spec §B.6)."""

from decimal import Decimal as D
from pathlib import Path

import docx
import pytest
import yaml

from reportgen.diagnostics import Severity
from reportgen.pipeline import prepare
from reportgen.selfeval import evaluate
from reportgen.selfeval.render import render_selfeval

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
YEAREND = DATA / "yearend_2024.yaml"
SAMPLES = sorted((ROOT / "sample_inputs").glob("*_targets.yaml"))


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells = [c.text for c in row.cells]
        rows.append([t for k, t in enumerate(cells) if k == 0 or row.cells[k]._tc is not row.cells[k - 1]._tc])
    return rows


def _selfeval(issues):
    return [i for i in issues if i.rule.startswith("selfeval.")]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    run = render_selfeval(YEAREND, tmp_path_factory.mktemp("framework"))
    department, project = run.outputs
    return docx.Document(str(department)), docx.Document(str(project))


# --- the 自评表 in the documents ------------------------------------------------------------------


def test_project_table__cost_is_a_first_level_row_with_the_target_points_and_scores(documents):
    _, project = documents
    rows = _rows(project.tables[-1])
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    body = rows[1:-1]
    # grouped in the framework's order although the targets file lists 效益 / 产出 / 成本 interleaved
    assert [r[2] for r in body] == ["保障会议次数", "会议材料准确率", "会议通知及时率", "会议保障成本预算",
                                    "会议决定事项落实", "建立会议保障长效机制", "参会人员满意度"]
    levels = [r[0] for r in body]
    assert levels == ["产出指标"] * 3 + ["成本指标"] + ["效益指标"] * 2 + ["满意度指标"]
    assert body[3] == ["成本指标", "经济成本指标", "会议保障成本预算", "≤30万元", "31.5万元", "15", "14.29", "会场租金上涨"]
    assert body[0][3:7] == ["≥40次", "36次", "15", "13.5"]  # 15 × 36 ÷ 40
    assert body[5][3:7] == ["优", "良", "10", "7"]  # 部分达成 at 70 %
    assert rows[-1][-3:] == ["100", "94.29", "自评等级：优"]  # 90 points + 执行率 10
    head = _rows(project.tables[-2])
    assert ["年度资金总额", "30.00", "30.00", "28.50", "10", "95.0%", "9.5"] in [r[1:] for r in head]


def test_project_report__lists_targets_in_the_tables_order(documents):
    _, project = documents
    text = "\n".join(p.text for p in project.paragraphs)
    assert "（一）自评得分：94.29分。" in text
    unmet = next(p.text for p in project.paragraphs if p.text.startswith("3.未完成的绩效目标"))
    assert unmet.index("保障会议次数") < unmet.index("会议保障成本预算") < unmet.index("建立会议保障长效机制")


def test_department_table__full_year_value_is_the_target_never_the_half_year_one(documents):
    department, _ = documents
    rows = _rows(department.tables[-1])
    row = next(r for r in rows if "提交《参事建议》期数" in r)
    # 半年 ≥5条, 全年 ≥10条: 8 is measured against 10 (30 × 8 ÷ 10), not reported as met
    assert row[-4:] == ["≥10条", "8条", "30", "24"]
    assert not any("5条" in cell for r in rows for cell in r)
    assert ["总分", "100", "94"] == [c for c in rows[-3] if c][:3]


def test_year_end_with_target_points__no_weight_finding():
    assert _selfeval(prepare(YEAREND).issues) == []
    result = evaluate(prepare(YEAREND).model).projects[0]
    # weights from the points: 产出 45 + 成本 15 (one weight when none is declared for 成本), 效益 20, 满意度 10
    assert (result.weights.output, result.weights.benefit, result.weights.satisfaction, result.weights.execution) == (60, 20, 10, 10)
    assert result.computed == D("9.5") + D("13.5") + D(15) * 30 / D("31.5") + 10 + 15 + 15 + 10 + 7


# --- each sample targets file at year end ---------------------------------------------------------


def _actuals(indicators: list[dict], half: bool = False) -> list[dict]:
    out = []
    for ind in indicators:
        row = {"level1": ind.get("level1", ""), "level2": ind.get("level2", ""), "name": ind["name"]}
        if ind.get("kind", "定性") == "定性":
            row |= {"achieved": "达成", "actual_text": ind.get("target_text", "")}
        else:
            row["actual"] = ind["half_year"] if half and ind.get("half_year") is not None else ind.get("target")
        out.append(row)
    return out


def _year_end(targets: Path, folder: Path, half: bool = False) -> Path:
    """A year-end input that reports every target of ``targets`` met (``half``: the 半年 value reached)."""
    t = yaml.safe_load(targets.read_text(encoding="utf-8"))
    perf: dict = {"targets": str(targets), "projects": []}
    for p in t.get("projects") or []:
        budget = p.get("initial_budget") or 1
        perf["projects"].append({"name": p["name"], "budget": budget, "actual": budget, "score": 100,
                                 "goal": {"achieved": "已完成。"}, "indicators": _actuals(p.get("indicators") or [], half)})
    if t.get("department"):
        perf["department_evaluation"] = {"score": 100, "achievements": ["已完成。"], "measures": ["继续保持。"],
                                         "indicators": _actuals(t["department"].get("indicators") or [], half)}
    data = {"unit": {"name": t.get("unit") or "示例局", "year": t.get("year")},
            "prior_year": {"total": 1, "income_total": 1, "expenditure_total": 1, "fiscal_total": 1, "general_budget_expenditure": 1},
            "performance": perf}
    path = folder / f"{targets.stem}_yearend.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_samples_are_the_four_targets_files():
    assert [p.name for p in SAMPLES] == ["dachuan_2023_targets.yaml", "ezhou_2024_targets.yaml",
                                         "nanjing_2024_targets.yaml", "tianning_2023_targets.yaml"]


@pytest.mark.parametrize("targets", SAMPLES, ids=lambda p: p.stem)
def test_sample_targets_at_year_end__all_met_is_silent_and_scores_100(targets, tmp_path):
    prepared = prepare(_year_end(targets, tmp_path))
    assert _selfeval(prepared.issues) == []
    result = evaluate(prepared.model)
    assert all(r.computed == 100 for r in result.projects)
    assert result.department is not None and result.department.computed == 100
    assert len(result.department.indicators) == len(yaml.safe_load(targets.read_text(encoding="utf-8"))["department"]["indicators"])


def test_dachuan_targets_at_year_end__weights_are_the_points_of_each_project(tmp_path):
    """Seed 002 表6: 产出 + 成本 60 (产出 45–50, 成本 10–15), 效益 20, 满意度 10 in every project —
    not the default 50 / 30 / 10 that warned «效益指标分值合计 20 ≠ 权重 30»."""
    result = evaluate(prepare(_year_end(ROOT / "sample_inputs" / "dachuan_2023_targets.yaml", tmp_path)).model)
    assert len(result.projects) == 13
    assert {(r.weights.output, r.weights.benefit, r.weights.satisfaction) for r in result.projects} == {(60, 20, 10)}
    cost = [s for r in result.projects for s in r.indicators if s.indicator.level1 == "成本指标"]
    assert len(cost) == 13 and all(s.indicator.kind == "≤" and s.score == s.points for s in cost)


def test_nanjing_targets_at_year_end__the_half_year_value_is_not_the_year_target(tmp_path):
    result = evaluate(prepare(_year_end(ROOT / "sample_inputs" / "nanjing_2024_targets.yaml", tmp_path, half=True)).model)
    missed = [s for s in result.department.indicators if not s.met]
    # 提交《参事建议》期数: 半年 ≥5条, 全年 ≥10条 — the only indicator whose two values differ
    assert [(s.indicator.name, s.indicator.target, s.indicator.actual) for s in missed] == [("提交《参事建议》期数", 10, 5)]
    assert missed[0].score == missed[0].points / 2


# --- real disagreements ------------------------------------------------------------------------------


def _with(tmp_path: Path, extra: dict, project: dict | None = None, targets: str | None = None) -> Path:
    data = yaml.safe_load(YEAREND.read_text(encoding="utf-8"))
    text = targets if targets is not None else (DATA / "targets_2024.yaml").read_text(encoding="utf-8")
    (tmp_path / "targets_2024.yaml").write_text(text, encoding="utf-8")
    data["performance"] |= extra
    data["performance"]["projects"][0] |= project or {}
    path = tmp_path / "input.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_declared_weights_that_disagree_with_the_points__finding_names_both_places(tmp_path):
    path = _with(tmp_path, {"weights": {"output": 50, "benefit": 30, "satisfaction": 10, "execution": 10}})
    issues = [i for i in prepare(path).issues if i.rule == "selfeval.weights"]
    assert [(i.source.path, i.severity) for i in issues] == [
        ("performance.weights.output", Severity.WARNING), ("performance.weights.benefit", Severity.WARNING)]
    output, benefit = issues
    assert Path(output.source.file).name == "input.yaml" and output.source.line is not None
    assert "产出指标（含成本指标）分值合计 60" in output.message and "≠ 填报的权重 50" in output.message
    assert "targets_2024.yaml:13: projects[0].indicators[1].points 等 4 项" in output.message  # the first 产出 point
    assert "效益指标分值合计 20（分值见 " in benefit.message and "targets_2024.yaml:12: projects[0].indicators[0].points" in benefit.message
    # the points decide: the score is that of the targets
    assert evaluate(prepare(path).model).projects[0].total == D("94.29")


def test_declared_weights_that_agree__silent_with_or_without_a_cost_weight(tmp_path):
    pooled = _with(tmp_path, {"weights": {"output": 60, "benefit": 20, "satisfaction": 10, "execution": 10}})
    assert _selfeval(prepare(pooled).issues) == []
    separate = _with(tmp_path, {}, {"weights": {"output": 45, "cost": 15, "benefit": 20, "satisfaction": 10}})
    assert _selfeval(prepare(separate).issues) == []
    wrong = _with(tmp_path, {}, {"weights": {"output": 50, "cost": 10, "benefit": 20, "satisfaction": 10}})
    found = [(i.source.path, i.message.split("（")[0]) for i in prepare(wrong).issues if i.rule == "selfeval.weights"]
    assert found == [("performance.projects[0].weights.output", "项目“会议保障经费”产出指标分值合计 45"),
                     ("performance.projects[0].weights.cost", "项目“会议保障经费”成本指标分值合计 15")]


def test_points_and_execution_weight_not_making_100__finding(tmp_path):
    text = (DATA / "targets_2024.yaml").read_text(encoding="utf-8").replace("name: 参会人员满意度, kind: \">=\", target: 95, unit: \"%\", points: 10",
                                                                       "name: 参会人员满意度, kind: \">=\", target: 95, unit: \"%\", points: 5")
    issues = [i for i in prepare(_with(tmp_path, {}, targets=text)).issues if i.rule == "selfeval.weights"]
    assert [i.message for i in issues] == ["项目“会议保障经费”三级指标分值合计 85 + 预算执行率权重 10 = 95 ≠ 100"]


def test_target_with_only_a_half_year_value__error_at_the_targets_line(tmp_path):
    text = (DATA / "targets_2024.yaml").read_text(encoding="utf-8").replace("half_year: 5, target: 10,", "half_year: 5,")
    issues = prepare(_with(tmp_path, {}, targets=text)).issues
    (issue,) = [i for i in issues if i.rule == "selfeval.target_year_value"]
    assert issue.severity is Severity.ERROR
    assert (Path(issue.source.file).name, issue.source.line, issue.source.path) == ("targets_2024.yaml", 23, "department.indicators[1].target")
    assert "只有半年指标值 5条，没有全年指标值" in issue.message and "半年指标值不能代替" in issue.message
    # and it is not scored against 5
    (unscored,) = [i for i in issues if i.rule == "selfeval.indicator"]
    assert "提交《参事建议》期数" in unscored.message


def test_declared_score_is_printed_and_the_computed_one_checks_it(tmp_path):
    path = _with(tmp_path, {}, {"score": 95})
    prepared = prepare(path)
    (issue,) = [i for i in prepared.issues if i.rule == "selfeval.score"]
    assert "填报自评得分 95 ≠ 计算得分 94.29" in issue.message and "会议保障成本预算 14.29/15" in issue.message
    assert issue.source.path == "performance.projects[0].score" and Path(issue.source.file).name == "input.yaml"
    assert evaluate(prepared.model).projects[0].total == 95
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["presentation"] = {"selfeval_score": "computed"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert evaluate(prepare(path).model).projects[0].total == D(15) * 30 / D("31.5") + D("9.5") + D("13.5") + 10 + 15 + 15 + 10 + 7


def test_older_framework__cost_under_output_stays_a_second_level_row(tmp_path):
    """财预〔2020〕10号 form: 成本指标 a 二级 of 产出 (targets_2023.yaml); its points count in 产出."""
    run = render_selfeval(DATA / "yearend_2023.yaml", tmp_path)
    device = docx.Document(str(next(p for p in run.outputs if "设备购置经费" in p.name)))
    rows = _rows(device.tables[-1])
    assert ["产出指标", "成本指标", "单台成本", "≤4万元", "3.8万元", "20", "20"] == next(r for r in rows if "单台成本" in r)[:7]
    assert [r[0] for r in rows[1:-1]] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    result = next(r for r in run.evaluation.projects if r.name == "设备购置经费")
    assert result.weights.output == 50 and result.weights.cost is None
    assert not [i for i in run.issues if i.rule == "selfeval.weights"]
