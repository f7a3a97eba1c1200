"""The schema gaps of published reports (issue 13 part 2), each verified end to end: a small
change to a sample input, the document rendered, its sentences read from the .docx."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import ROOT, docx_text, load_sample_data, write_yaml

PUTUO = ROOT / "sample_inputs" / "putuo_2024.yaml"


def _render(tmp_path: Path, data: dict, name: str = "in") -> str:
    from reportgen.pipeline import render

    return docx_text(render(write_yaml(tmp_path / f"{name}.yaml", data), tmp_path / f"{name}.docx").output)


def _issues(tmp_path: Path, data: dict, name: str = "check"):
    from reportgen.pipeline import prepare

    return prepare(write_yaml(tmp_path / f"{name}.yaml", data)).issues


def _region(tmp_path: Path, text: str, name: str = "region.yaml") -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


def test_full_budget_beside_initial_budget_in_total_and_per_item_with_purpose_and_overall_reason(tmp_path):
    """全年预算 beside 年初预算 (region basis “both”) in the total and per 项, each 项's “主要用于…”,
    and the overall reason of 五（三）."""
    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = _region(tmp_path, "extends: shanghai\nname: both\nbudget_basis: both\n")
    items = {item["code"]: item for item in data["functions"] if len(item["code"]) == 7}  # 项 (not the printed 类/款 rows)
    for item in items.values():
        item["general_budget"]["full_budget"] = item["general_budget"]["initial_budget"]
    items["2010601"]["general_budget"]["full_budget"] = Decimal("1540.05")  # adjusted during the year (−20)
    data["reasons"]["general_budget_vs_budget"] = "年中调减了部分人员经费和信息化项目"
    text = _render(tmp_path, data)
    assert ("一般公共预算财政拨款支出年初预算为2993.93万元，全年预算为2973.93万元，支出决算为2940.05万元，"
            "完成全年预算的98.86%。决算数小于预算数的主要原因：年中调减了部分人员经费和信息化项目。") in text
    assert ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
            "年初预算为1560.05万元，全年预算为1540.05万元，支出决算为1511.89万元。") in text


def test_a_unit_founded_during_the_year_compared_with_full_budget_never_reads_no_initial_budget(tmp_path):
    """年初预算 0 (the unit did not exist), 全年预算 given, the region compares with 全年预算."""
    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = _region(tmp_path, "extends: shanghai\nname: full\nbudget_basis: full\n")
    for item in data["functions"]:
        if len(item["code"]) == 7:  # 项 (the printed 类/款 rows carry no budget)
            line = item["general_budget"]
            line["full_budget"], line["initial_budget"] = line["initial_budget"], 0
    text = _render(tmp_path, data)
    assert "未安排预算，支出决算为" not in text and "年初未安排" not in text
    assert "一般公共预算财政拨款支出全年预算为2993.93万元，支出决算为2940.05万元，完成全年预算的98.20%。" in text
    assert "4、一般公共服务支出（类）财政事务（款）财政委托业务支出（项）。主要用于：委托中介机构开展各类审计及绩效评价工作。全年预算为450.52万元" in text
    # a 项 without its 全年预算 is a finding, not a guess
    index = next(i for i, item in enumerate(data["functions"]) if item["code"] == "2010608")
    del data["functions"][index]["general_budget"]["full_budget"]
    missing = [i for i in _issues(tmp_path, data) if i.rule == "input.missing_figure"]
    assert any(i.source.path == f"functions[{index}].general_budget.full_budget" for i in missing)


def test_performance_summary_figures_in_the_default_profile_never_read_not_evaluated(tmp_path):
    """Summary figures without per-project records: the default 十三 states them, never
    “未开展项目支出绩效自评” nor “无项目绩效自评结果”."""
    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = "default"
    data["performance"]["summary"]["self_evaluation"].update(
        {"projects": 39, "amount": Decimal("5230.10"), "average_score": Decimal("93.26"),
         "grades": {"优": 30, "良": 9}, "problems": 5, "rectified": 3, "rectifying": 2})
    text = _render(tmp_path, data)
    assert "未开展项目支出绩效自评" not in text and "无项目绩效自评结果" not in text
    assert ("本部门编报绩效目标的2024年度项目4个，涉及预算金额598.42万元；绩效跟踪评价的2024年度项目4个，涉及预算金额598.42万元。"
            "根据预算绩效管理要求，本部门组织开展项目支出绩效自评，绩效自评的2024年度项目39个，涉及预算金额5230.10万元。"
            "自评平均得分93.26分，其中优30个、良9个。绩效自评中共发现问题5个，已经完成整改的3个，正在整改的2个。") in text
    assert "本部门2024年度对39个项目开展了绩效自评，本说明未逐项列示自评结果。" in text
    # figures that say nothing was evaluated still read so
    data["performance"]["summary"] = {"self_evaluation": {"projects": 0}}
    assert "本部门2024年度未开展项目支出绩效自评。" in _render(tmp_path, data, "none")


def test_reserved_procurement_awards_in_the_default_profile_never_read_no_sme_contract(tmp_path):
    """Awards given as 预留项目 figures are awards: never “本年度未授予中小企业合同”."""
    data = load_sample_data(PUTUO)
    data["presentation"]["region"] = "default"
    data["performance"]["summary"]["self_evaluation"]["grades"] = {"优": 4}
    data["procurement"]["reserved"].update({"sme_budget": Decimal("230"), "sme_awarded": Decimal("225.10")})
    text = _render(tmp_path, data)
    assert "未授予中小企业合同" not in text
    assert ("在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额225.10万元；") in text
    del data["procurement"]["reserved"]
    text = _render(tmp_path, data, "no_figures")  # no SME figure at all: a finding, never “未授予”
    assert "本部门2024年度政府采购支出总额251.26万元" in text and "中小企业" not in text.split("十一、政府采购支出说明")[-1].split("十二、")[0]
    assert any(i.rule == "input.missing_figure" and i.source.path == "procurement.services.sme" for i in _issues(tmp_path, data))
    data["procurement"]["goods"]["sme"] = data["procurement"]["services"]["sme"] = 0  # given 0s: nothing was awarded
    assert "本年度未授予中小企业合同。" in _render(tmp_path, data, "no_awards")


def test_unit_kind_changes_the_operating_expenses_wording_in_the_default_profile(tmp_path):
    """单位性质: a 事业单位 without 机关运行经费 says so; 参公 reads as 行政."""
    data = load_sample_data()
    data["unit"]["kind"] = "参公"
    civil = _render(tmp_path, data, "civil")
    assert "本部门2023年度机关运行经费支出" in civil
    data["unit"]["kind"] = "事业单位"
    data["operating_expenses"].pop("actual", None)
    text = _render(tmp_path, data, "institution")
    assert "本单位为事业单位，2023年度无机关运行经费支出。" in text
    assert "本部门2023年度机关运行经费支出" not in text


def test_three_public_prior_year_not_given_is_a_finding_and_no_comparison(tmp_path):
    """三公 上年数 not given (the 普陀 sample without them): the 持平 sentence is left out and
    each missing figure is named; given as 0 the report reads 持平 as published."""
    data = load_sample_data(PUTUO)
    assert "2024年度“三公”经费财政拨款支出决算数与2023年度持平。" in _render(tmp_path, data, "given")
    for key in ("outbound", "vehicle_purchase", "vehicle_operation", "reception"):
        data["three_public"][key].pop("prior")
    text = _render(tmp_path, data, "missing")
    assert "持平" not in text.split("“三公”经费财政拨款支出决算总体情况说明")[1].split("（二）")[0]
    paths = {i.source.path for i in _issues(tmp_path, data) if i.rule == "input.missing_figure"}
    assert {"three_public.outbound.prior", "three_public.vehicle_purchase.prior", "three_public.reception.prior"} <= paths


def test_performance_figures_not_given_are_findings_never_zero_projects(tmp_path):
    """Shanghai 十: only the 绩效自评 figures given — the 绩效目标 and 跟踪 clauses are left out and
    named as missing (this year's figures: named with this year), never “项目0个”."""
    data = load_sample_data(PUTUO)
    del data["performance"]["summary"]["targets"], data["performance"]["summary"]["tracking"]
    text = _render(tmp_path, data)
    assert "编报绩效目标" not in text and "绩效跟踪评价的" not in text
    assert "全过程绩效管理实施情况：绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分" in text
    missing = {i.source.path: i.message for i in _issues(tmp_path, data) if i.rule == "input.missing_figure"}
    assert "2024年度编报绩效目标的项目个数与金额" in missing["performance.summary.targets"]
    assert "performance.summary.tracking" in missing


def test_targets_and_tracking_figures_beside_per_project_records():
    """Per-project records and the 绩效目标/跟踪 figures together: both are stated."""
    from reportgen.accounts import compute
    from reportgen.model import FinalAccounts
    from reportgen.sections import SECTIONS, make_ctx

    data = load_sample_data()
    data["performance"]["summary"] = {"targets": {"projects": 11, "amount": Decimal("396.20")}}
    summary = SECTIONS["performance"](make_ctx(compute(FinalAccounts.model_validate(data))))["summary"]
    assert summary.startswith("本部门编报绩效目标的2023年度项目11个，涉及预算金额396.20万元。根据预算绩效管理要求，本部门组织对2023年度")
