"""Plausibility: 元 typed as 万元 and figures no report can contain are errors that name their
place and say what to do; legitimate large changes are not flagged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, load_sample_data, write_yaml

from reportgen.cli import main
from reportgen.diagnostics import InputError

PUTUO = ROOT / "sample_inputs" / "putuo_2024.yaml"

# fields that are counts, scores or rates, not amounts: a user typing 元 leaves them as they are
NOT_AMOUNTS = {"groups", "people", "count", "stock", "batches", "projects", "problems", "rectified", "rectifying",
               "score", "average_score", "execution_rate", "year", "percent_places", "grades"}
NOT_AMOUNT_PARTS = {"unit", "presentation", "assets", "indicators", "weights"}


def in_yuan(data, skip: frozenset[str] = frozenset()):
    """The input as a user who typed every amount in 元 (×10000) would have written it."""
    if isinstance(data, dict):
        return {k: v if k in NOT_AMOUNTS or k in NOT_AMOUNT_PARTS or k in skip else in_yuan(v, skip) for k, v in data.items()}
    if isinstance(data, list):
        return [in_yuan(v, skip) for v in data]
    if isinstance(data, (int, Decimal)) and not isinstance(data, bool):
        return Decimal(data) * 10000
    return data


def issues_of(tmp_path: Path, data: dict, name: str = "in.yaml"):
    from reportgen.pipeline import prepare

    try:
        return prepare(write_yaml(tmp_path / name, data)).issues
    except InputError as exc:
        return exc.issues


def found(issues, rule: str, path: str | None = None):
    return [i for i in issues if i.rule == rule and (path is None or i.source.path == path)]


def test_samples_are_plausible(tmp_path):
    """No plausibility finding on the published samples (a check that cries wolf is useless)."""
    from reportgen.pipeline import prepare

    for sample in ("zengdu_2023.yaml", "putuo_2024.yaml", "fictional_2024.yaml", "zengdu_2023.xlsx"):
        issues = prepare(ROOT / "sample_inputs" / sample).issues
        assert not [i for i in issues if i.rule.startswith("plausibility.")], sample


def test_yuan_typed_as_wan_against_the_prior_year_is_an_error(tmp_path):
    """This year's amounts typed in 元 beside last year's in 万元: the totals are ~10⁴ apart."""
    data = in_yuan(load_sample_data(), skip=frozenset({"prior_year"}))
    issues = issues_of(tmp_path, data)
    scale = found(issues, "plausibility.scale", "prior_year.total")
    assert scale and scale[0].severity == "error" and scale[0].source.line
    message = scale[0].message
    assert "本年收、支总计 9219600.00 万元是上年收、支总计 888.33 万元的约 10,379 倍" in message
    assert "相差约一万倍" in message and "amount_unit: 元" in message and "单位：万元" in message
    # one finding for the lot, naming the other totals
    assert len(found(issues, "plausibility.scale")) == 1 and "；收入合计、支出合计、" in message


def test_yuan_typed_as_wan_everywhere_is_caught_per_vehicle_and_traveller(tmp_path):
    """Everything in 元, the prior year too: no ratio between years gives it away, the amounts per
    vehicle and per traveller do."""
    issues = issues_of(tmp_path, in_yuan(load_sample_data()))
    assert not found(issues, "plausibility.scale", "prior_year.total")
    per_vehicle = found(issues, "plausibility.per_unit", "three_public.vehicle_operation.actual")
    assert per_vehicle and per_vehicle[0].severity == "error"
    assert "公务用车运行费 266700.00 万元，公务用车保有量 7 辆，平均每辆 38100.00 万元" in per_vehicle[0].message
    assert found(issues, "plausibility.per_unit", "three_public.outbound.actual")


def test_yuan_typed_as_wan_in_a_workbook_names_the_cell_and_fails_check(tmp_path):
    """The issue's case: a workbook filled in 元 under “单位：万元” (prior year in 万元). `check`
    exits non-zero with an error at the 上年数 cell, saying 元/万元."""
    from reportgen.excel.writer import write_workbook

    data = in_yuan(load_sample_data(), skip=frozenset({"prior_year"}))
    workbook = write_workbook(data, tmp_path / "元.xlsx")
    result = CliRunner().invoke(main, ["check", str(workbook)])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if "[plausibility.scale]" in line]
    assert any("上年数!" in line and "收、支总计" in line and "相差约一万倍" in line for line in lines), result.output


def test_wan_declared_as_yuan_is_caught_too(tmp_path):
    """The other way round: amounts in 万元 with amount_unit: 元 come out ten thousand times too small."""
    data = load_sample_data()
    data["amount_unit"] = "元"
    issues = issues_of(tmp_path, data)
    tiny = found(issues, "plausibility.scale", "amount_unit")
    assert tiny and tiny[0].severity == "error" and tiny[0].source.line
    assert "收、支总计只有 0.09 万元" in tiny[0].message and "amount_unit: 元" in tiny[0].message
    # only this year marked as 元: against the prior year, ten thousand times too small
    data = load_sample_data()
    data["prior_year"] = in_yuan(data["prior_year"])
    scale = found(issues_of(tmp_path, data, "b.yaml"), "plausibility.scale", "prior_year.total")
    assert scale and "只有上年收、支总计 8883300.00 万元的约" in scale[0].message and "相差约一万倍" in scale[0].message


def test_legitimate_large_growth_is_not_flagged(tmp_path):
    """A department that took over a function grows thirtyfold: a real change, not a unit mistake."""
    data = load_sample_data()
    for key in ("total", "income_total", "expenditure_total", "fiscal_total", "general_budget_expenditure"):
        data["prior_year"][key] = Decimal(data["prior_year"][key]) / 30
    data["prior_year"]["fiscal_income"]["general_budget"] = Decimal(data["prior_year"]["fiscal_income"]["general_budget"]) / 30
    issues = issues_of(tmp_path, data)
    assert not [i for i in issues if i.rule.startswith("plausibility.")]


def test_a_small_item_that_grows_a_thousandfold_is_not_a_unit_mistake(tmp_path):
    """0.01 → 20 万元 of 公务接待费 is 2000×, but both are plausible amounts in 万元."""
    data = load_sample_data()
    data["three_public"]["reception"] = {"budget": 20, "prior": "0.01",
                                         "domestic": {"actual": 20, "batches": 40, "people": 300}}
    issues = issues_of(tmp_path, data)
    assert not found(issues, "plausibility.scale")


def test_one_table_in_yuan_is_named(tmp_path):
    """Only 表6 typed in 元 (its lines and its printed 合计): the identities fail and the
    plausibility check says why."""
    data = load_sample_data()
    for line in data["basic_expenditure"]:
        line["amount"] = Decimal(line["amount"]) * 10000
    if "basic_expenditure" in data.get("totals", {}):
        data["totals"]["basic_expenditure"] = in_yuan(data["totals"]["basic_expenditure"])
    issues = issues_of(tmp_path, data)
    scale = found(issues, "plausibility.scale", "basic_expenditure")
    assert scale and "表6" in scale[0].message and "相差约一万倍" in scale[0].message
    assert found(issues, "plausibility.per_unit") == []  # zengdu gives no staff figures


def test_personnel_cost_per_person(tmp_path):
    data = load_sample_data()
    data["unit"]["staff"] = {"authorized": 30, "actual": 28, "retired": 5}
    assert not found(issues_of(tmp_path, data), "plausibility.per_unit")
    data["unit"]["staff"] = {"authorized": 1, "actual": 0, "retired": 0}
    assert not found(issues_of(tmp_path, data, "b.yaml"), "plausibility.per_unit")  # no one counted: no average
    data["unit"]["staff"] = {"authorized": 1, "actual": 1, "retired": 0}
    data["basic_expenditure"][0]["amount"] = Decimal(data["basic_expenditure"][0]["amount"]) * 10000
    per_person = found(issues_of(tmp_path, data, "c.yaml"), "plausibility.per_unit", "basic_expenditure")
    assert per_person and "在职和离退休人员 1 人，平均每人" in per_person[0].message


SE = "performance.summary.self_evaluation"


@pytest.mark.parametrize(
    ("patch", "path", "words"),
    [
        ({"operating_expenses.actual": 5000, "operating_expenses.budget": 4900}, "operating_expenses.actual", "机关运行经费是本年支出的一部分"),
        ({"procurement.services.total": 300, "procurement.reserved.sme_budget": 100, "procurement.reserved.sme_awarded": 120},
         "procurement.reserved.sme_awarded", "成交金额不能超过预留项目的预算"),
        ({"procurement.services.total": 300, "procurement.reserved.sme_budget": 100, "procurement.reserved.small_micro_budget": 50,
          "procurement.reserved.sme_awarded": 90, "procurement.reserved.small_micro_awarded": 60},
         "procurement.reserved.small_micro_awarded", "成交金额不能超过预留项目的预算"),
        ({"three_public.outbound.groups": 3, "three_public.outbound.people": 2}, "three_public.outbound.people", "每个团组至少一人"),
        ({"three_public.reception.prior": 2, "three_public.reception.foreign": {"prior": 0}, "three_public.reception.domestic": {"prior": 1}},
         "three_public.reception.prior", "外宾接待与国内公务接待的上年数之和"),
        ({"three_public.reception.domestic": {"actual": 1, "batches": 5, "people": 4}},
         "three_public.reception.domestic.people", "每批次至少接待一人"),
        ({"performance.funds": {"execution_rate": -5}}, "performance.funds.execution_rate", "不能小于 0"),
        ({"performance.summary.tracking": {"projects": 0, "amount": 50}}, "performance.summary.tracking.projects", "项目个数却为 0"),
        ({f"{SE}.projects": 0, f"{SE}.grades": {}, f"{SE}.average_score": 95}, f"{SE}.average_score", "绩效自评项目却为 0 个"),
        ({f"{SE}.projects": 4, f"{SE}.average_score": 75, f"{SE}.grades": {"优": 4}}, f"{SE}.average_score", "只能在 90.00–100.00 分之间"),
        ({f"{SE}.projects": 2, f"{SE}.average_score": 95, f"{SE}.grades": {"良": 1, "合格": 1}}, f"{SE}.average_score", "只能在 70.00–85.00 分之间"),
    ],
)
def test_impossible_figures_are_errors(tmp_path, patch, path, words):
    data = load_sample_data(PUTUO)
    for dotted, value in patch.items():  # each value replaces the field at its dotted path
        *parents, last = dotted.split(".")
        target = data
        for key in parents:
            target = target.setdefault(key, {})
        target[last] = value
    issues = found(issues_of(tmp_path, data), "plausibility.impossible", path)
    assert issues and issues[0].severity == "error" and issues[0].source.line, [i.format() for i in issues_of(tmp_path, data)]
    assert words in issues[0].message


def test_procurement_above_the_year_spending_is_a_warning(tmp_path):
    """Contracts signed (上海：以合同签订为准) may run over several years: a warning to look at."""
    data = load_sample_data(PUTUO)
    data["procurement"]["services"]["total"] = 5000
    hit = found(issues_of(tmp_path, data), "plausibility.impossible", "procurement")
    assert hit and hit[0].severity == "warning" and "政府采购支出是本年支出的一部分" in hit[0].message


def test_sme_awards_stated_twice_must_agree(tmp_path):
    data = load_sample_data(PUTUO)
    data["procurement"]["goods"]["sme"] = 0
    data["procurement"]["services"]["sme"] = 100  # 预留 246.47 + 其他 4.79 = 251.26
    hit = found(issues_of(tmp_path, data), "plausibility.impossible", "procurement.reserved.sme_awarded")
    assert hit and hit[0].severity == "warning" and "251.26" in hit[0].message
    data["procurement"]["services"]["sme"] = Decimal("246.47")
    data["procurement"]["goods"]["sme"] = Decimal("4.79")
    assert not found(issues_of(tmp_path, data, "b.yaml"), "plausibility.impossible")


def test_possible_figures_pass(tmp_path):
    """Edges that are real: awards equal to the reserved budget, one traveller per group, an
    average inside the grades, an average of 4 × 优 at 99.43 (the 普陀 report)."""
    data = load_sample_data(PUTUO)
    data["three_public"]["outbound"].update({"groups": 2, "people": 2, "actual": 4, "budget": 5})
    data["procurement"]["reserved"]["sme_awarded"] = data["procurement"]["reserved"]["sme_budget"]
    data["performance"]["summary"]["self_evaluation"].update({"projects": 2, "average_score": 85, "grades": {"优": 1, "良": 1}})
    issues = issues_of(tmp_path, data)
    assert not found(issues, "plausibility.impossible"), [i.format() for i in found(issues, "plausibility.impossible")]


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [("groups", -1, "input.greater_than_equal"), ("people", Decimal("2.5"), "input.int_from_float")],
)
def test_counts_are_whole_and_not_negative(tmp_path, field, value, rule):
    data = load_sample_data()
    data["three_public"]["outbound"][field] = value
    issues = issues_of(tmp_path, data)
    hit = found(issues, rule, f"three_public.outbound.{field}")
    assert hit and hit[0].severity == "error" and hit[0].source.line and ("负数" in hit[0].message or "整数" in hit[0].message)


def test_an_average_score_above_100_is_refused(tmp_path):
    data = load_sample_data(PUTUO)
    data["performance"]["summary"]["self_evaluation"]["average_score"] = 120
    hit = found(issues_of(tmp_path, data), "input.less_than_equal", "performance.summary.self_evaluation.average_score")
    assert hit and "不能大于 100" in hit[0].message


def test_a_count_in_a_workbook_that_is_not_whole_names_its_cell(tmp_path):
    from reportgen.excel.writer import write_workbook
    from reportgen.pipeline import prepare

    data = load_sample_data()
    data["three_public"]["outbound"]["people"] = Decimal("1.5")
    workbook = write_workbook(data, tmp_path / "in.xlsx")
    with pytest.raises(InputError) as caught:
        prepare(workbook)
    hit = [i for i in caught.value.issues if i.rule == "input.int_from_float"]
    assert hit and "表9" in hit[0].source.path and "!" in hit[0].source.path


def test_an_input_in_yuan_keeps_its_weights_rates_and_targets():
    """amount_unit: 元 divides amounts by 10⁴, never the 权重 (50 points), an indicator's target
    (95 %) or a 资金执行率 — they are not amounts."""
    from reportgen.loader import load_document
    from reportgen.model import FinalAccounts
    from reportgen.units import to_wan

    document = load_document(ROOT / "sample_inputs" / "zengdu_2023.yaml")
    data = dict(document.data)
    data["performance"]["projects"][0]["indicators"] = [
        {"level1": "产出指标", "name": "完成率", "kind": "≥", "target": 95, "actual": 96, "unit": "%", "points": 20}]
    original = FinalAccounts.model_validate(data)
    model, _ = to_wan(FinalAccounts.model_validate(dict(data, amount_unit="元")), document)
    assert model.performance.weights == original.performance.weights
    indicator, was = model.performance.projects[0].indicators[0], original.performance.projects[0].indicators[0]
    assert (indicator.target, indicator.actual, indicator.points) == (was.target, was.actual, was.points)
    assert model.performance.funds.execution_rate == original.performance.funds.execution_rate
    assert model.performance.projects[0].budget == (original.performance.projects[0].budget / 10000).quantize(Decimal("0.01"))


def test_one_sheet_of_a_workbook_in_yuan_is_named(tmp_path):
    """表5 (一般公共预算财政拨款支出) typed in 元, the other sheets in 万元."""
    data = load_sample_data()
    for item in data["functions"]:
        item["general_budget"] = in_yuan(item["general_budget"])
    if "general_budget" in data.get("totals", {}):  # the sheet's printed 合计 row too
        data["totals"]["general_budget"] = in_yuan(data["totals"]["general_budget"])
    from reportgen.excel.writer import write_workbook
    from reportgen.pipeline import prepare

    issues = prepare(write_workbook(data, tmp_path / "in.xlsx")).issues
    hit = [i for i in found(issues, "plausibility.scale") if "表5" in i.message and "表2" in i.message]
    assert hit and hit[0].severity == "error" and "!" in hit[0].source.path and "相差约一万倍" in hit[0].message


def test_a_thousandfold_change_far_from_ten_thousand_is_a_warning(tmp_path):
    """1500×: not the 元/万元 factor — a typo or a real exception, to be looked at, not refused."""
    data = load_sample_data()
    data["prior_year"] = {"total": Decimal("0.61")}  # 921.96 / 0.61 ≈ 1511
    hit = found(issues_of(tmp_path, data), "plausibility.scale", "prior_year.total")
    assert hit and hit[0].severity == "warning" and "相差上千倍" in hit[0].message


def test_a_project_executed_in_yuan_against_its_budget(tmp_path):
    data = load_sample_data()
    project = data["performance"]["projects"][0]
    project["actual"] = Decimal(project["actual"]) * 10000
    hit = found(issues_of(tmp_path, data), "plausibility.scale", "performance.projects[0].actual")
    assert any("全年预算数" in i.message and i.severity == "error" for i in hit)


# -- 部门预算: the same checks (reportgen.plausibility.check_budget_plausibility) -------------------
DACHUAN = ROOT / "sample_inputs" / "dachuan_2023_budget.yaml"


def _dachuan() -> dict:
    data = load_sample_data(DACHUAN)
    data["performance"]["targets"] = str(DACHUAN.parent / data["performance"]["targets"])  # written elsewhere
    return data


def _economic(data: dict, code: str) -> dict:
    return next(row for row in data["economic"] if str(row["code"]) == code)


def test_budget__sample_is_plausible(tmp_path):
    issues = issues_of(tmp_path, _dachuan())
    assert not [i for i in issues if i.rule.startswith("plausibility.") or i.severity == "error"]


def test_budget__prior_year_in_yuan_is_a_scale_error_naming_its_line(tmp_path):
    data = _dachuan()
    data["prior_year"]["total"] = Decimal(data["prior_year"]["total"]) * 10000  # 908.54 万元 typed in 元
    hit = found(issues_of(tmp_path, data), "plausibility.scale", "prior_year.total")
    assert hit and hit[0].severity == "error" and "相差约一万倍" in hit[0].message and hit[0].source.line


def test_budget__vehicle_running_cost_in_yuan_is_caught_per_vehicle(tmp_path):
    data = _dachuan()
    _economic(data, "30231")["current"]["general_budget"]["basic"] = Decimal(90000)  # 9.00 万元 typed in 元
    issues = issues_of(tmp_path, data)
    hit = found(issues, "plausibility.per_unit", "three_public.vehicle.operation.vehicles")
    assert hit and "平均每辆" in hit[0].message
    assert found(issues, "plausibility.scale", "three_public.vehicle.prior_budget")


def test_budget__procurement_above_the_whole_budget_is_impossible(tmp_path):
    data = _dachuan()
    data["procurement"]["goods"] = Decimal(188500)
    issues = issues_of(tmp_path, data)
    (hit,) = found(issues, "plausibility.impossible", "procurement")
    assert hit.severity == "warning" and "政府采购预算 188500.00 万元 超过 支出预算总数" in hit.message
