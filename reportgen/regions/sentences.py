"""The sentence ids a region profile may reword, with the placeholders each may use.

The default wording (seed 001 practice) is ``DEFAULTS``; a profile's ``sentences:`` replaces any of
them by id (``null``: the sentence is not printed). Figures are never typed in a sentence: the
placeholders carry the computed text ({total} → "2995.39万元", {rate} → "1.87%", {change} →
"减少56.95万元，下降1.87%").
"""

from __future__ import annotations

COMMON = ("unit", "year", "prior_year")

# id: (placeholders besides COMMON, default text)
_TABLE: dict[str, tuple[tuple[str, ...], str | None]] = {
    # comparisons with the prior year and reasons (every section)
    "compare.change": (("subject", "each", "change"), "与{prior_year}相比，{subject}{each}{change}。"),
    "compare.flat": (("subject",), "{subject}与{prior_year}持平。"),
    "compare.none": (("subject",), "{prior_year}和本年度均无{subject}。"),
    "compare.each": ((), "各"),
    "reason.lead": ((), "主要原因是"),
    "completion.clause": (("label", "budget", "actual", "target", "rate"), "{label}为{budget}，支出决算为{actual}，完成{target}的{rate}"),
    "deviation.lead": (("relation", "budget"), "决算数{relation}{budget}的主要原因是"),
    "deviation.equal": ((), "预决算持平。"),
    # 第一部分
    "profile.composition": (("name", "count"), "从单位构成看，{name}部门决算由实行独立核算的{name}本级决算和{count}个下属单位决算组成。"),
    "profile.composition_alone": (("name",), "从单位构成看，{name}部门决算由实行独立核算的{name}本级决算组成，无下属单位。"),
    "profile.scope_intro": (("name",), "纳入{name}{year}部门决算编制范围的预算单位包括："),
    # 第二部分 notes under empty fund tables
    "tables.gov_fund_empty": ((), "说明：本单位{year}无政府性基金预算财政拨款收入支出情况。"),
    "tables.state_capital_empty": ((), "说明：本单位{year}无国有资本经营预算财政拨款支出情况。"),
    # 一 to 四
    "overview.total": (("total",), "{year}收、支总计均为{total}。"),
    "overview.empty": ((), "{year}无收支。"),
    "overview.subject": ((), "收、支总计"),
    "income.total": (("total",), "{year}收入合计{total}，"),
    "income.empty": ((), "{year}无收入。"),
    "income.share": (("label", "amount", "rate"), "{label}{amount}，占本年收入{rate}"),
    "expenditure.total": (("total",), "{year}支出合计{total}，"),
    "expenditure.empty": ((), "{year}无支出。"),
    "expenditure.share": (("label", "amount", "rate"), "{label}{amount}，占本年支出{rate}"),
    "fiscal.total": (("total",), "{year}财政拨款收、支总计均为{total}。"),
    "fiscal.empty": ((), "{year}无财政拨款收支。"),
    "fiscal.subject": ((), "财政拨款收、支总计"),
    # 五
    "general_budget.overall": (("total", "rate"), "{year}一般公共预算财政拨款支出{total}，占本年支出合计的{rate}。"),
    "general_budget.empty": ((), "{year}无一般公共预算财政拨款支出。"),
    "general_budget.structure_intro": (("total",), "{year}一般公共预算财政拨款支出{total}，主要用于以下方面："),
    "general_budget.structure_line": (("number", "name", "amount", "rate", "purpose"), "{number}{name}（类）{amount}，占{rate}。{purpose}"),
    "general_budget.detail_intro": (("completion", "reason"), "{year}一般公共预算财政拨款支出{completion}。"),
    "general_budget.detail_line": (
        ("number", "path", "purpose", "completion", "budget_actual", "reason"),
        "{number}{path}。{completion}。{reason}",
    ),
    "general_budget.purpose": (("purpose",), "{purpose}。"),
    # 六
    "basic.intro": (("total",), "{year}一般公共预算财政拨款基本支出{total}，其中："),
    "basic.empty": ((), "{year}无一般公共预算财政拨款基本支出。"),
    "basic.group": (("label", "amount", "items"), "{label}{amount}，主要包括：{items}。"),
    # 政府性基金, 国有资本经营
    "gov_fund.empty": ((), "本单位{year}无政府性基金预算财政拨款收入支出情况。"),
    "gov_fund.text": (
        ("carry_begin", "income", "spending", "carry_end"),
        "{year}政府性基金预算财政拨款年初结转和结余{carry_begin}，本年收入{income}，本年支出{spending}，年末结转和结余{carry_end}。",
    ),
    "state_capital.empty": ((), "本单位{year}无国有资本经营预算财政拨款支出情况。"),
    "state_capital.text": (("income", "spending"), "{year}国有资本经营预算财政拨款本年支出{spending}。"),
    "fund.lines_intro": ((), "具体支出情况为："),
    "fund.line": (("number", "path", "amount"), "{number}{path}支出{amount}。"),
    # “三公” as the Shanghai template words it (content three_public.summary / three_public.shares)
    "three_public.summary": (
        ("budget", "actual", "completion", "items"),
        "“三公”经费财政拨款支出年初预算为{budget}，支出决算为{actual}，{completion}，其中：{items}。",
    ),
    "three_public.summary_item": (("label", "actual", "completion"), "{label}支出决算为{actual}，{completion}"),
    "three_public.completion": (("rate",), "完成预算的{rate}"),
    "three_public.no_budget": ((), "未安排预算"),
    "three_public.budget_reason": (("relation", "reason"), "{year}“三公”经费支出决算数{relation}预算数的主要原因：{reason}。"),
    "three_public.prior": (("change", "items"), "{year}“三公”经费财政拨款支出决算数比{prior_year}{change}，其中：{items}。"),
    "three_public.prior_flat": (("items",), "{year}“三公”经费财政拨款支出决算数与{prior_year}持平。其中：{items}。"),
    "three_public.prior_item": (("label", "change"), "{label}支出决算{change}"),
    "three_public.prior_reason": (("label", "verb", "reason"), "{label}支出{verb}的主要原因是{reason}。"),
    "three_public.none": ((), "{unit}{year}无“三公”经费财政拨款支出。"),
    "three_public.shares": (("items",), "“三公”经费财政拨款支出决算中，{items}。具体情况如下："),
    "three_public.share_item": (("label", "amount", "rate"), "{label}支出决算{amount}，占{rate}"),
    # 机关运行经费
    "operating_expenses.lead": (("actual",), "本部门{year}机关运行经费支出{actual}"),
    "operating_expenses.none": ((), "本部门{year}无机关运行经费支出。"),
    "operating_expenses.prior_label": ((), "上年"),
    "operating_expenses.reason_lead": ((), "主要原因是："),
    "operating_expenses.institution": ((), "本单位为事业单位，{year}无机关运行经费支出。"),
    # 政府采购 with reserved projects (content procurement.reserved)
    "procurement.reserved_total": (
        ("total", "goods", "works", "services"),
        "{unit}{year}政府采购金额（以合同签订为准）为{total}，其中：货物采购金额{goods}、工程采购金额{works}、服务采购金额{services}。",
    ),
    "procurement.reserved": (
        ("sme_budget", "small_micro_budget", "sme_awarded", "small_micro_awarded", "other_sme_awarded"),
        "{year}本部门面向中小企业预留政府采购项目预算金额{sme_budget}，面向小微企业预留政府采购项目预算金额{small_micro_budget}。"
        "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额{sme_awarded}；"
        "在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额{small_micro_awarded}；"
        "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额{other_sme_awarded}。",
    ),
    "procurement.none": ((), "本部门{year}无政府采购支出。"),
    # 国有资产
    "assets.vehicles": (("end", "total", "list"), "{end}，本部门共有车辆{total}辆，其中：{list}"),
    "assets.no_vehicles": (("end", "list"), "{end}，本部门无车辆"),
    "assets.equipment": (("count",), "；单位价值100万元以上专用设备{count}台（套）。"),
    "assets.no_equipment": ((), "；无单位价值100万元以上专用设备。"),
    # 预算绩效管理 as figures (content performance.figures)
    "performance.figures": (
        ("management", "targets", "tracking", "self_evaluation"),
        "{unit}{year}预算绩效管理工作开展情况如下：{management}；全过程绩效管理实施情况：{targets}；{tracking}；{self_evaluation}。",
    ),
    "performance.targets": (("year_number", "count", "amount"), "编报绩效目标的{year_number}年度项目{count}个，涉及预算金额{amount}"),
    "performance.tracking": (("year_number", "count", "amount"), "绩效跟踪评价的{year_number}年度项目{count}个，涉及预算金额{amount}"),
    "performance.self_evaluation": (
        ("year_number", "count", "amount", "average", "grades", "problems", "rectified", "rectifying"),
        "绩效自评的{year_number}年度项目{count}个，涉及预算金额{amount}，平均得分{average}分（其中，{grades}。"
        "绩效自评中共发现问题{problems}个，已经完成整改的{rectified}个，正在整改的{rectifying}个）",
    ),
    "performance.grade": (("grade", "count"), "绩效评级为“{grade}”的项目{count}个"),
}

SENTENCES: dict[str, tuple[str, ...]] = {key: (*COMMON, *names) for key, (names, _text) in _TABLE.items()}
DEFAULTS: dict[str, str | None] = {key: text for key, (_names, text) in _TABLE.items()}

__all__ = ["DEFAULTS", "SENTENCES"]
