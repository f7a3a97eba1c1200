"""Section builders, one case per wording rule, each with its tiny input beside the assertion."""

from __future__ import annotations

import copy
from decimal import Decimal as D

from reportgen.accounts import compute
from reportgen.model import FinalAccounts
from reportgen.sections import SECTIONS, make_ctx

BASE = {
    "unit": {"name": "测试局", "year": 2024},
    "functions": [
        {
            "code": "2010101",
            "name": "行政运行",
            "income": {"general_budget": "100.00"},
            "spending": {"basic": "100.00"},
            "general_budget": {"initial_budget": "80.00", "basic": "100.00", "reason": "人员增加"},
        }
    ],
    "function_classes": {"20101": {"name": "人大事务"}},
    "prior_year": {
        "total": "90.00",
        "income_total": "90.00",
        "expenditure_total": "90.00",
        "fiscal_total": "90.00",
        "fiscal_income": {"general_budget": "90.00"},
        "general_budget_expenditure": "90.00",
    },
    "reasons": {"total": "业务量增加"},
}


def merge(base: dict, patch: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def build(section: str, draft: bool = False, **patch) -> dict:
    model = FinalAccounts.model_validate(merge(BASE, patch))
    return SECTIONS[section](make_ctx(compute(model), draft))


def test_overview__increase_reads_zengjia_zengzhang():
    text = build("overview")["text"]
    assert "2024年度收、支总计均为100.00万元。" in text
    assert "与2023年度相比，收、支总计各增加10.00万元，增长11.1%。主要原因是业务量增加。" in text


def test_overview__decrease_reads_jianshao_xiajiang():
    text = build("overview", prior_year={"total": "125.00"}, reasons={"total": "业务收缩"})["text"]
    assert "各减少25.00万元，下降20.0%" in text
    assert "增加" not in text and "增长" not in text


def test_overview__equal_reads_chiping_without_reason():
    text = build("overview", prior_year={"total": "100.00"})["text"]
    assert "收、支总计与2023年度持平。" in text
    assert "主要原因" not in text


def test_overview__zero_prior_year_gives_no_growth_rate():
    text = build("overview", prior_year={"total": "0"})["text"]
    assert "增加100.00万元（上年为0，不具可比性）" in text
    assert "%" not in text


def test_overview__missing_reason_is_left_out_of_a_final_render():
    text = build("overview", reasons={"total": ""})["text"]
    assert text.endswith("增长11.1%。")
    assert "待补充" not in text


def test_overview__missing_reason_is_marked_in_a_draft():
    text = build("overview", draft=True, reasons={"total": ""})["text"]
    assert "主要原因是【待补充：收、支总计变动的主要原因】。" in text


def test_income__zero_categories_omitted_by_default():
    text = build("income")["text"]
    assert "其中：财政拨款收入100.00万元，占本年收入100.0%。" in text
    assert "事业收入" not in text


def test_income__zero_categories_listed_when_asked():
    text = build("income", presentation={"zero_categories": "list"})["text"]
    assert "事业收入0.00万元，占本年收入0.0%" in text


def test_income__shares_add_up_to_100_with_two_decimals():
    functions = copy.deepcopy(BASE["functions"])
    functions[0]["income"] = {"general_budget": "1", "business": "1", "other": "1"}
    text = build("income", functions=functions, presentation={"percent_places": 2})["text"]
    assert "占本年收入33.34%" in text and text.count("占本年收入33.33%") == 2


def test_general_budget__completion_over_budget_with_reason():
    details = build("general_budget")["details"]
    assert details == [
        "1.一般公共服务支出（类）人大事务（款）行政运行（项）。年初预算为80.00万元，支出决算为100.00万元，"
        "完成年初预算的125.0%。决算数大于年初预算数的主要原因是人员增加。"
    ]


def test_general_budget__zero_budget_has_no_completion_rate():
    functions = copy.deepcopy(BASE["functions"])
    functions[0]["general_budget"]["initial_budget"] = "0"
    result = build("general_budget", functions=functions)
    assert "年初未安排预算，支出决算为100.00万元。" in result["details"][0]
    assert "完成" not in result["details"][0]
    assert "完成" not in result["detail_intro"]


def test_general_budget__equal_budget_needs_no_reason():
    functions = copy.deepcopy(BASE["functions"])
    functions[0]["general_budget"].update(initial_budget="100.00", reason="")
    detail = build("general_budget", functions=functions)["details"][0]
    assert detail.endswith("完成年初预算的100.0%。预决算持平。")


def test_gov_fund__empty_table_has_its_own_sentence():
    result = build("gov_fund")
    assert result["empty_note"] == "本单位2024年度无政府性基金预算财政拨款收入支出情况。"
    assert result["text"] == ""


def test_gov_fund__with_spending_lists_the_items():
    functions = copy.deepcopy(BASE["functions"])
    functions[0]["gov_fund"] = {"income": "5.00", "project": "5.00"}
    result = build("gov_fund", functions=functions)
    assert "本年收入5.00万元，本年支出5.00万元" in result["text"]
    assert result["lines"] == ["1.一般公共服务支出（类）人大事务（款）行政运行（项）支出5.00万元。"]
    assert result["empty_note"] == ""


def test_three_public__zero_budget_never_reads_completed_zero_percent():
    tp = {"reception": {"budget": "0", "domestic": {"actual": "1.20", "prior": "0", "batches": 2, "people": 10}}}
    text = build("three_public", three_public=tp)["reception"]
    assert "公务接待费全年未安排预算，支出决算为1.20万元" in text
    assert "（上年无此项支出，不具可比性）" in text
    assert "0%" not in text and "100%" not in text and "100.0%" not in text


def test_three_public__nothing_budgeted_nothing_spent():
    zero = {"budget": "0", "actual": "0", "prior": "0"}
    parts = build("three_public", three_public={"outbound": zero, "vehicle_purchase": zero, "vehicle_operation": zero,
                                                "reception": {"budget": "0", "prior": "0", "domestic": {"actual": "0"}}})
    # "3.2024年度…" would read as the decimal 3.2024: the list takes the full-width point
    assert parts["outbound"] == "1．2024年度无因公出国（境）费预算和支出，上年亦无此项支出。"
    assert parts["reception"].startswith("3．2024年度")
    assert not any(parts[k][:6].count(".") for k in ("outbound", "vehicle", "reception"))


def test_three_public__total_is_the_sum_of_items():
    tp = {
        "outbound": {"budget": "6.33", "actual": "6.33", "prior": "0"},
        "vehicle_purchase": {"budget": "0", "actual": "0", "prior": "0"},
        "vehicle_operation": {"budget": "48", "actual": "26.67", "prior": "20.97"},
        "reception": {"budget": "0", "prior": "0", "foreign": {"actual": "0"}, "domestic": {"actual": "0"}},
    }
    text = build("three_public", three_public=tp)["overall"]
    assert "全年预算为54.33万元，支出决算为33.00万元，完成全年预算的60.7%" in text
    assert "较上年增加12.03万元，增长57.4%" in text


def test_three_public__prior_year_not_given_is_never_read_as_zero():
    """三公 prior-year figures are optional: not given, the comparison is left out and each
    missing figure is a finding; a given 0 is a zero base with its own sentence."""
    missing: list = []
    tp = {"outbound": {"budget": "5", "actual": "4", "reasons": {"vs_budget": "压减出访"}},
          "vehicle_purchase": {"budget": "0", "actual": "0"},
          "vehicle_operation": {"budget": "10", "actual": "8", "prior": "0"},
          "reception": {"budget": "0", "domestic": {"actual": "0"}}}
    model = FinalAccounts.model_validate(merge(BASE, {"three_public": tp}))
    parts = SECTIONS["three_public"](make_ctx(compute(model), False, missing=missing))
    assert parts["outbound"] == "1．因公出国（境）费全年预算为5.00万元，支出决算为4.00万元，完成全年预算的80.0%。决算数小于全年预算数的主要原因：压减出访。"
    assert "较上年" not in parts["overall"] and "上年" not in parts["outbound"]
    # a given 0 reads as a zero base: 上年无此项支出
    assert "上年" not in parts["vehicle"]  # 购置 not given: the 公务用车 comparison needs both parts
    paths = {m.path for m in missing if m.figure}
    assert {"three_public.outbound.prior", "three_public.vehicle_purchase.prior", "three_public.reception.prior"} <= paths


def test_operating_expenses__compared_with_budget_decrease():
    text = build("operating_expenses", operating_expenses={"actual": "70.99", "budget": "102.47", "reason": "压减一般性支出"})["text"]
    assert text == "本部门2024年度机关运行经费支出70.99万元，比年初预算数减少31.48万元，下降30.7%。主要原因是：压减一般性支出。"


NO_PROCUREMENT = {"goods": {"total": "0"}, "works": {"total": "0"}, "services": {"total": "0"}}


def test_procurement__none_has_its_own_sentence():
    assert build("procurement", procurement=NO_PROCUREMENT)["text"] == "本部门2024年度无政府采购支出。"


def test_procurement__sme_shares_only_for_kinds_with_spending():
    text = build("procurement", procurement={**NO_PROCUREMENT, "goods": {"total": "40", "sme": "30"}, "small_micro": "10"})["text"]
    assert "授予中小企业合同金额30.00万元，占政府采购支出总额的75.0%" in text
    assert "占授予中小企业合同金额的33.3%" in text
    assert "工程采购" not in text


NO_VEHICLES = dict.fromkeys(("senior_leader", "principal", "confidential", "emergency", "law_enforcement", "special_technical",
                             "retiree_service", "other"), 0)


def test_assets__vehicle_label_override_and_zero_equipment():
    text = build("assets", assets={"vehicles": {**NO_VEHICLES, "emergency": 7}, "equipment_over_1m": 0},
                 presentation={"labels": {"vehicles.emergency": "应急用车"}})["text"]
    assert "本部门共有车辆7辆，其中：应急用车7辆；无单位价值100万元以上专用设备。" in text


def test_glossary__lists_the_function_items_used_and_the_fiscal_level():
    terms = build("glossary", unit={"name": "测试局", "year": 2024, "fiscal_level": "市级"})["terms"]
    assert terms[0]["heading"] == "（一）一般公共预算财政拨款收入：指市级财政一般公共预算当年拨付的资金。"
    used = next(t for t in terms if t["lines"])
    assert used["lines"] == ["1.一般公共服务支出（类）人大事务（款）行政运行（项）"]


def test_special_and_other__empty_sentences():
    assert build("special")["empty_note"] == "本单位无财政专项支出、专项转移支付支出。"
    assert build("other")["empty_note"] == "本单位无其他需要说明的情况。"


def test_profile__subunits_counted():
    result = build("profile", unit={"name": "测试局", "year": 2024, "subunits": ["测试中心", "测试所"]})
    assert "由实行独立核算的测试局本级决算和2个下属单位决算组成。" in result["composition"]
    assert result["scope_units"] == ["1.测试局（本级）", "2.测试中心", "3.测试所"]


def test_decimal_inputs_stay_decimal():
    model = FinalAccounts.model_validate(BASE)
    assert isinstance(model.functions[0].income.general_budget, D)


def test_profile__staff_sentence_only_when_given():
    assert build("profile")["staff"] == ""
    result = build("profile", unit={"name": "测试局", "year": 2024, "staff": {"authorized": 20, "actual": 18}})
    assert result["staff"] == "测试局编制20人，实有人员18人。"
