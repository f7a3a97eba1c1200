"""The audit of a published text reads amounts in 元 and 亿元 as well as 万元: each is converted to
万元 (Decimal) and compared at the coarser of the text's places and the data's."""

from __future__ import annotations

import pytest
from conftest import ZENGDU

from reportgen.audit import audit_text, same_amount
from reportgen.pipeline import prepare


@pytest.fixture(scope="module")
def zengdu():
    return prepare(ZENGDU)


def audit(prepared, *paragraphs: str):
    return audit_text(["第三部分 2023年度部门决算情况说明", "一、收入支出决算总体情况说明", *paragraphs], prepared.accounts,
                      "x.txt", subjects_of=prepared.kind.audit_subjects)


@pytest.mark.parametrize(("written", "unit", "ok"), [
    ("921.96", "万元", True), ("921.95", "万元", False),
    ("9219600", "元", True), ("9,219,600.00", "元", True), ("9219612.34", "元", True), ("9209600", "元", False),
    ("0.09", "亿元", True), ("0.0922", "亿元", True), ("0.10", "亿元", False), ("0.0921", "亿元", False),
])
def test_same_amount__converted_with_decimal_at_the_text_s_places(written, unit, ok):
    from decimal import Decimal

    assert same_amount(written.replace(",", ""), unit, Decimal("921.96")) is ok


@pytest.mark.parametrize("total", ["9219600元", "9,219,600.00元", "0.09亿元", "921.96万元"])
def test_audit__a_right_total_in_any_unit_is_checked_clean(zengdu, total):
    result = audit(zengdu, f"2023年度收、支总计均为{total}。")
    assert result.checked >= 1 and not [i for i in result.issues if i.rule == "audit.amount"]


@pytest.mark.parametrize(("total", "shown"), [("9129600元", "写作 9129600 元，数据为 9219600.00 元"),
                                              ("0.19亿元", "写作 0.19 亿元，数据为 0.09 亿元")])
def test_audit__a_wrong_total_in_yuan_or_yi_is_flagged_in_its_unit(zengdu, total, shown):
    result = audit(zengdu, f"2023年度收、支总计均为{total}。")
    (issue,) = [i for i in result.issues if i.rule == "audit.amount"]
    assert shown in issue.message


def test_audit__a_change_in_yuan_is_compared_too(zengdu):
    right = audit(zengdu, "2023年度收、支总计均为921.96万元。与2022年度相比，收、支总计各增加336300元，增长3.8%。")
    assert not [i for i in right.issues if i.rule.startswith("audit.") and i.rule != "audit.unchecked"]
    wrong = audit(zengdu, "2023年度收、支总计均为921.96万元。与2022年度相比，收、支总计各增加363300元，增长3.8%。")
    assert any(i.rule == "audit.amount" and "变动额写作 363300 元" in i.message for i in wrong.issues)


# -- 政府性基金 项: 年初预算为X万元，支出决算为Y万元 (the Shanghai 八) ---------------------------
def _with_gov_fund(tmp_path, initial):
    from conftest import load_sample_data, without_printed, write_yaml

    data = without_printed(load_sample_data(ZENGDU))
    line = {"income": "10", "project": "10"}
    if initial is not None:
        line["initial_budget"] = initial
    data["functions"].append({"code": "2120801", "name": "征地和拆迁补偿支出", "income": {"gov_fund": "10"},
                              "spending": {"project": "10"}, "gov_fund": line})
    return prepare(write_yaml(tmp_path / "fund.yaml", data))


FUND_TEXT = ("八、政府性基金预算财政拨款收入支出决算情况说明",
             "政府性基金预算财政拨款收入10.00万元，支出10.00万元，支出具体情况如下：",
             "1、城乡社区支出（类）国有土地使用权出让收入安排的支出（款）征地和拆迁补偿支出（项）。主要用于：征地补偿。"
             "年初预算为{initial}万元，支出决算为10.00万元。")


def _fund_audit(prepared, initial: str):
    lines = [*FUND_TEXT[:2], FUND_TEXT[2].format(initial=initial)]
    return audit_text(["第三部分 2023年度部门决算情况说明", *lines], prepared.accounts, "x.txt", subjects_of=prepared.kind.audit_subjects)


def test_audit__gov_fund_item_initial_budget_is_checked(tmp_path):
    prepared = _with_gov_fund(tmp_path, "12")
    assert not [i for i in _fund_audit(prepared, "12.00").issues if i.rule == "audit.amount"]
    (issue,) = [i for i in _fund_audit(prepared, "21.00").issues if i.rule == "audit.amount"]
    assert "征地和拆迁补偿支出的年初预算数写作 21.00 万元，数据为 12.00 万元" in issue.message
    assert issue.source.path == FUND_TEXT[0] and issue.source.line == 4


def test_audit__gov_fund_item_initial_budget_not_given_stays_unchecked(tmp_path):
    result = _fund_audit(_with_gov_fund(tmp_path, None), "21.00")
    assert not [i for i in result.issues if i.rule == "audit.amount"]
    assert any("21.00万元" in i.message for i in result.unchecked)


# -- 整改 counts (上海体例 十): from the summary, or from the project records --------------------------
def test_audit__rectification_counts_of_the_summary_are_checked():
    from conftest import ROOT

    putuo = prepare(ROOT / "sample_inputs" / "putuo_2024.yaml")
    text = (ROOT / "tests" / "data" / "putuo_2024_published.txt").read_text(encoding="utf-8")
    kwargs = {"paragraphs_are_real": False, "subjects_of": putuo.kind.audit_subjects}
    clean = audit_text(text.splitlines(), putuo.accounts, "p.txt", **kwargs)
    assert not [i for i in clean.issues if i.rule == "audit.count"]
    assert "已经完成整改的0个" in text
    planted = audit_text(text.replace("已经完成整改的0个", "已经完成整改的2个").splitlines(), putuo.accounts, "p.txt", **kwargs)
    (issue,) = [i for i in planted.issues if i.rule == "audit.count"]
    assert "已经完成整改的问题数写作 2，数据为 0" in issue.message


def test_audit__rectification_from_project_records_is_0_only_without_problems(zengdu):
    problems = sum(len(p.problems) for p in zengdu.accounts.model.performance.projects)
    assert problems
    result = audit(zengdu, "十、预算绩效管理情况", f"绩效自评中共发现问题{problems}个，已经完成整改的0个，正在整改的0个。")
    assert not [i for i in result.issues if i.rule == "audit.count"]
    unchecked = [i.message for i in result.unchecked]
    assert any("已经完成整改的问题数写作 0，输入中没有这个数" in m for m in unchecked)  # never taken for 0
    wrong = audit(zengdu, "十、预算绩效管理情况", f"绩效自评中共发现问题{problems + 1}个。")
    assert [i for i in wrong.issues if i.rule == "audit.count"]
