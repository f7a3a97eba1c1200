"""Checks before rendering: each identity and input rule with a passing and a failing case."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import without_printed

from reportgen.checks import CheckOptions
from reportgen.diagnostics import Severity
from reportgen.loader import load_document
from reportgen.pipeline import prepare

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "zengdu_2023.yaml"


def _decimal_representer(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


yaml.SafeDumper.add_representer(Decimal, _decimal_representer)


@pytest.fixture(scope="module")
def sample_data() -> dict:
    """The sample without its printed totals: the identities below are those of the items (the
    printed rows are tests/test_printed.py's)."""
    return without_printed(load_document(SAMPLE).data)


def write(tmp_path: Path, data: dict, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def rules(tmp_path: Path, data: dict, severity: Severity | None = None, **options) -> dict[str, list]:
    found: dict[str, list] = {}
    for issue in prepare(write(tmp_path, data), CheckOptions(**options)).issues:
        if severity is None or issue.severity is severity:
            found.setdefault(issue.rule, []).append(issue)
    return found


def mutated(data: dict, edit) -> dict:
    out = copy.deepcopy(data)
    edit(out)
    return out


SAMPLE_RULES = {"identity.projects_total", "selfeval.achieved_missing", "selfeval.missing_reason", "selfeval.execution_rate"}


def test_sample__no_errors_and_only_the_projects_warning(tmp_path):
    found = rules(tmp_path, load_document(SAMPLE).data)
    # the printed totals its items miss by 0.01 (715.58 年初预算, 70.99 公用经费, 32.99 三公): notes
    notes = {"printed.general_budget.total", "printed.basic.total", "printed.three_public.total"}
    assert all(i.severity is Severity.NOTE for rule in notes for i in found.pop(rule))
    # the 11 projects' 执行数 vs 项目支出; the published reports' own gaps: no 实际完成情况 in any
    # 自评表, a 执行率 of 77.89% without a 偏差原因, and 十三's 资金执行率 109% against 100%
    assert set(found) == SAMPLE_RULES
    assert len(found["selfeval.achieved_missing"]) == 11
    (rate,) = found["selfeval.execution_rate"]
    assert "填报资金执行率 109% ≠ 计算值 100.00%" in rate.message and rate.source.path == "performance.funds.execution_rate"
    (issue,) = found["identity.projects_total"]
    assert issue.severity is Severity.WARNING
    assert "151.10 ≠ 一般公共预算财政拨款项目支出 151.12（差 0.02，容差 0.01）" in issue.message
    assert issue.source.path == "performance.projects" and issue.source.line


def test_total_balance__carry_end_breaks_income_equals_spending(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["balances"].update(carry_end=Decimal("0.06")))
    (issue,) = rules(tmp_path, data)["identity.total_balance"]
    assert issue.severity is Severity.ERROR
    assert issue.message == "收入总计 921.96 ≠ 支出总计 922.02（差 0.06，容差 0.01）"


def test_total_balance__within_tolerance_is_a_rounding_note(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["balances"].update(carry_end=Decimal("0.01")))
    found = rules(tmp_path, data)
    assert found["identity.total_balance"][0].severity is Severity.NOTE
    assert "因四舍五入产生的差异" in found["identity.total_balance"][0].message


def test_total_balance__tolerance_is_configurable(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["balances"].update(carry_end=Decimal("0.06")))
    found = rules(tmp_path, data, tolerance=Decimal("0.10"))
    assert found["identity.total_balance"][0].severity is Severity.NOTE


def test_fund_balance__fiscal_carry_end_without_income(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d.update(fiscal_carry={"end": {"general_budget": Decimal(5)}}))
    found = rules(tmp_path, data, Severity.ERROR)
    assert "identity.fund_balance.general_budget" in found
    assert found["identity.fund_balance.general_budget"][0].source.path == "fiscal_carry.end.general_budget"
    # 财政拨款结转 must also be part of the 表1 年末结转和结余 (0 in the sample)
    assert "identity.fiscal_carry_in_total" in found


def test_fund_row__gov_fund_row_does_not_balance(tmp_path, sample_data):
    def edit(d):
        d["functions"][0]["gov_fund"] = {"income": Decimal(10), "project": Decimal(4)}
    found = rules(tmp_path, mutated(sample_data, edit), Severity.ERROR)
    assert "年初结转和结余+本年收入 10.00 ≠ 本年支出+年末结转和结余 4.00" in found["identity.fund_row.gov_fund"][0].message


def test_basic_detail__economic_items_disagree_with_basic_spending(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["basic_expenditure"][0].update(amount=Decimal("142.75")))
    (issue,) = rules(tmp_path, data, Severity.ERROR)["identity.basic_detail"]
    # the published items (30211 16.32) add up to 754.18: one 万元 more is 755.18
    assert "755.18 ≠ 一般公共预算财政拨款基本支出 754.19（差 0.99" in issue.message


def test_operating_expenses__given_figure_differs_from_public_total_is_warning(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["operating_expenses"].update(actual=Decimal("72.00")))
    (issue,) = rules(tmp_path, data)["identity.operating_expenses"]
    assert issue.severity is Severity.WARNING


def test_item_fiscal_basic__fiscal_part_exceeds_column(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["functions"][1]["spending"].update(basic=Decimal("100")))
    (issue,) = rules(tmp_path, data, Severity.ERROR)["identity.item_fiscal_basic"]
    assert issue.source.path == "functions[1].spending.basic"
    assert "超过 支出决算表基本支出 100.00" in issue.message


def test_prior_year__income_above_total(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["prior_year"].update(income_total=Decimal("900")))
    (issue,) = rules(tmp_path, data, Severity.ERROR)["identity.prior_year"]
    assert issue.message.startswith("上年本年收入合计 900.00 超过 上年收、支总计 888.33")


def test_prior_year__copied_from_current_year_is_suspicious(tmp_path, sample_data):
    def edit(d):
        d["prior_year"].update(total=Decimal("921.96"), income_total=Decimal("921.96"),
                               expenditure_total=Decimal("921.96"), fiscal_total=Decimal("905.31"))
    assert "year.prior_equals_current" in rules(tmp_path, mutated(sample_data, edit), Severity.WARNING)


def test_three_public__vehicle_running_below_basic_30231_is_warning(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["three_public"]["vehicle_operation"].update(actual=Decimal("5")))
    assert "three_public.vehicle_running" in rules(tmp_path, data, Severity.WARNING)


def test_three_public__spending_without_count(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["three_public"]["outbound"].update(groups=0))
    (issue,) = rules(tmp_path, data, Severity.WARNING)["three_public.count"]
    assert "因公出国（境）费支出 6.33 万元" in issue.message


def test_projects__evaluated_money_above_project_spending_is_error(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["performance"]["projects"][0].update(actual=Decimal(6), budget=Decimal(6)))
    (issue,) = rules(tmp_path, data, Severity.ERROR)["identity.projects_total"]
    assert "152.10 超过 一般公共预算财政拨款项目支出 151.12" in issue.message


def test_projects__executed_above_budget_is_warning(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["performance"]["projects"][0].update(budget=Decimal(4)))
    assert "performance.over_budget" in rules(tmp_path, data, Severity.WARNING)


def test_procurement__sme_above_total(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d.update(procurement={"goods": {"total": 5, "sme": 6}}))
    assert "identity.procurement_sme" in rules(tmp_path, data, Severity.ERROR)


def test_codes__duplicate_function_code(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["functions"].append(copy.deepcopy(d["functions"][1])))
    (issue,) = rules(tmp_path, data, Severity.ERROR)["input.duplicate_code"]
    # both places: this one is the issue's source, the first one is named with its line
    assert "2080505 重复（另见 第 " in issue.message and "行 functions[1].code）" in issue.message
    assert issue.source.path == "functions[4].code"


def test_codes__class_prefix_without_name(tmp_path, sample_data):
    def edit(d):
        d["functions"][1]["code"] = "2089901"  # 款 20899 is neither in the input nor in the standard list
    found = rules(tmp_path, mutated(sample_data, edit))
    (issue,) = found["input.unknown_class"]
    assert "款级编码 20899 没有名称" in issue.message
    assert "input.unused_class" in found  # "20805" now names no item


def test_codes__economic_code_outside_basic_groups(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["basic_expenditure"].append({"code": "39999", "amount": 1}))
    assert "input.economic_group" in rules(tmp_path, data, Severity.ERROR)


def test_year__report_dated_inside_the_year(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["unit"].update(report_date="2023-06-30"))
    (issue,) = rules(tmp_path, data, Severity.ERROR)["year.report_date"]
    assert "早于决算年度 2023 年结束" in issue.message and issue.source.path == "unit.report_date"


def test_year__project_titled_with_last_year(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["performance"]["projects"][0].update(name="2022年区政府研究室经费"))
    assert "year.project_name" in rules(tmp_path, data, Severity.WARNING)


def test_reason_missing__names_the_sentence_and_the_field(tmp_path, sample_data):
    data = mutated(sample_data, lambda d: d["functions"][2]["general_budget"].pop("reason"))
    (issue,) = rules(tmp_path, data)["reason.missing"]
    assert issue.severity is Severity.WARNING
    assert "2101101 行政单位医疗 决算数与年初预算数差异的主要原因" in issue.message
    assert issue.source.path == "functions[2].general_budget.reason"


def test_reason_missing__not_asked_when_budget_equals_actual(tmp_path, sample_data):
    def edit(d):
        d["functions"][2]["general_budget"].pop("reason")
        d["functions"][2]["general_budget"]["initial_budget"] = Decimal("60.07")
    assert "reason.missing" not in rules(tmp_path, mutated(sample_data, edit))
