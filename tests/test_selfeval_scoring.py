"""绩效自评 scoring rules (domain.md §6), one rule per test."""

from decimal import Decimal as D

import pytest

from reportgen.model import FinalAccounts, Indicator
from reportgen.selfeval import evaluate
from reportgen.selfeval.evaluate import score_text
from reportgen.selfeval.scoring import (
    execution_score,
    grade,
    indicator_score,
    qualitative_score,
    quantitative_score,
)


def test_execution_score__proportional_below_budget():
    assert execution_score(D("28.82"), D("37")) == D("10") * D("28.82") / D("37")
    assert score_text(execution_score(D("28.82"), D("37"))) == "7.79"


def test_execution_score__capped_at_weight_when_overspent():
    assert execution_score(D("12"), D("10")) == D("10")


def test_execution_score__zero_budget_scores_zero():
    assert execution_score(D("5"), D("0")) == D("0")


def test_execution_score__custom_weight():
    assert execution_score(D("18"), D("20"), D("20")) == D("18")


def test_at_least__met_gets_full_points():
    assert quantitative_score("≥", D("95"), D("98"), D("20")) == D("20")


def test_at_least__missed_gets_points_times_b_over_a():
    assert quantitative_score("≥", D("10"), D("8"), D("20")) == D("16")


def test_at_most__exceeded_gets_points_times_a_over_b():
    assert quantitative_score("≤", D("5"), D("10"), D("20")) == D("10")


def test_at_most__kept_gets_full_points():
    assert quantitative_score("≤", D("5"), D("4"), D("20")) == D("20")


def test_equal__exact_gets_full_and_miss_loses_relative_share():
    assert quantitative_score("=", D("100"), D("100"), D("10")) == D("10")
    assert quantitative_score("=", D("100"), D("90"), D("10")) == D("9")
    assert quantitative_score("=", D("100"), D("110"), D("10")) == D("9")
    assert quantitative_score("=", D("10"), D("30"), D("10")) == D("0")  # floored at 0
    assert quantitative_score("=", D("0"), D("1"), D("10")) == D("0")


def test_qualitative__achieved_defaults_to_full():
    assert qualitative_score("达成", None, D("10")) == D("10")


def test_qualitative__partial_uses_given_ratio():
    assert qualitative_score("部分达成", D("70"), D("10")) == D("7")


def test_qualitative__ratio_outside_tier_is_refused():
    with pytest.raises(ValueError, match="不在“部分达成”档"):
        qualitative_score("部分达成", D("90"), D("10"))


def test_qualitative__partial_without_ratio_is_refused():
    with pytest.raises(ValueError, match="ratio"):
        qualitative_score("未达成", None, D("10"))


def test_indicator_score__quantitative_without_actual_is_refused():
    ind = Indicator(level1="产出指标", level2="数量指标", name="培训人数", kind=">=", target=10)
    with pytest.raises(ValueError, match="实际完成值"):
        indicator_score(ind, D("10"))


@pytest.mark.parametrize(
    ("total", "default", "shanghai"),
    [("90", "优", "优"), ("89.99", "良", "良"), ("80", "良", "良"), ("79.99", "中", "合格"), ("60", "中", "合格"), ("59.99", "差", "不合格")],
)
def test_grade__boundaries(total, default, shanghai):
    assert grade(D(total)) == default
    assert grade(D(total), "shanghai") == shanghai


def _model(projects, **perf):
    return FinalAccounts.model_validate({
        "unit": {"name": "测试局", "year": 2023},
        "prior_year": {"total": 1, "income_total": 1, "expenditure_total": 1, "fiscal_total": 1, "general_budget_expenditure": 1},
        "performance": {"projects": projects, **perf},
    })


def _indicators(**overrides):
    rows = [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "kind": "≥", "target": 100, "actual": 80, "unit": "人", "deviation": "疫情推迟"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "服务改善", "kind": "定性", "target_text": "改善", "achieved": "达成"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "kind": "≥", "target": 90, "actual": 95, "unit": "%"},
    ]
    rows[0].update(overrides)
    return rows


def test_project_total__weights_distribute_points_and_sum():
    model = _model([{"name": "培训项目", "budget": 20, "actual": 18, "indicators": _indicators()}])
    result = evaluate(model).projects[0]
    assert [s.points for s in result.indicators] == [D(50), D(30), D(10)]
    assert result.execution_score == D(9)
    assert result.total == D(9) + D(40) + D(30) + D(10)  # 89
    assert result.grade == "良"


def test_project_total__configurable_weights():
    weights = {"output": 40, "benefit": 30, "satisfaction": 10, "execution": 20}
    model = _model([{"name": "培训项目", "budget": 20, "actual": 18, "indicators": _indicators()}], weights=weights)
    result = evaluate(model).projects[0]
    assert result.execution_score == D(18)
    assert result.total == D(18) + D(32) + D(30) + D(10)


def test_given_score__disagreeing_is_a_finding():
    model = _model([{"name": "培训项目", "budget": 20, "actual": 18, "score": 95, "indicators": _indicators()}])
    issues = evaluate(model).issues
    assert [i.rule for i in issues] == ["selfeval.score"]
    assert "填报自评得分 95 ≠ 计算得分 89" in issues[0].message


def _without_score_missing(issues):
    return [i for i in issues if i.rule != "selfeval.score_missing"]


def test_missed_indicator_without_reason__warning():
    model = _model([{"name": "培训项目", "budget": 20, "actual": 20, "indicators": _indicators(deviation="")}])
    issues = _without_score_missing(evaluate(model).issues)
    assert [(i.rule, i.severity.value) for i in issues] == [("selfeval.missing_reason", "warning")]
    assert issues[0].source.path == "performance.projects[0].indicators[0].deviation"


def test_execution_below_90_without_reason__warning():
    model = _model([{"name": "培训项目", "budget": 37, "actual": 28.82, "indicators": _indicators(actual=100)}])
    issues = _without_score_missing(evaluate(model).issues)
    assert [i.rule for i in issues] == ["selfeval.missing_reason"]
    assert "77.89%" in issues[0].message


def test_execution_at_90_needs_no_reason():
    model = _model([{"name": "培训项目", "budget": 20, "actual": 18, "score": 99, "indicators": _indicators(actual=100)}])
    assert evaluate(model).issues == []


def test_funds_split_must_add_up():
    funds = {"fiscal": {"budget": 10, "actual": 10}, "carryover": {"budget": 5, "actual": 8}}
    model = _model([{"name": "培训项目", "budget": 20, "actual": 18, "funds": funds, "indicators": _indicators(actual=100)}])
    issues = _without_score_missing(evaluate(model).issues)
    assert [i.rule for i in issues] == ["selfeval.funds_sum"]
    assert "全年预算数合计 15.00 ≠ 全年预算数 20.00" in issues[0].message


def test_project_without_indicators_keeps_given_score():
    model = _model([{"name": "旧项目", "budget": 10, "actual": 10, "score": 96.8}])
    result = evaluate(model).projects[0]
    assert result.total == D("96.8") and result.grade == "优"


def test_shanghai_region_uses_shanghai_grades():
    model = _model([{"name": "培训项目", "budget": 20, "actual": 10, "indicators": _indicators(actual=40)}], grades="shanghai")
    result = evaluate(model).projects[0]
    assert result.total == D(5) + D(20) + D(30) + D(10)  # 65
    assert result.grade == "合格"


def test_indicator_kind_aliases():
    for alias, canon in ((">=", "≥"), ("<=", "≤"), ("=", "="), ("qualitative", "定性")):
        assert Indicator(level1="产出", level2="数量", name="x", kind=alias).kind == canon


def test_edge_case_fixture__scores(tmp_path):
    from reportgen.loader import load_document
    from reportgen.validate import build_model

    doc = load_document("tests/data/selfeval_edges.yaml")
    result = evaluate(build_model(doc), doc.source)
    computed = {r.name: score_text(r.computed) for r in result.projects}
    assert computed == {"全部达标项目": "100", "超支与压减项目": "95.83", "未执行项目": "50"}
    # the printed score is the declared one where the input gives it (未执行项目 declares 55)
    printed = {r.name: score_text(r.total) for r in result.projects}
    assert printed["未执行项目"] == "55"
    assert [r.grade for r in result.projects] == ["优", "优", "差"]
    assert score_text(result.department.total) == "92.5"
    rules = sorted(set(i.rule for i in result.issues))
    assert rules == ["selfeval.missing_reason", "selfeval.no_budget", "selfeval.score", "selfeval.score_missing"]
