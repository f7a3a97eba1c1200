"""第三部分 十 to 十四: 机关运行经费, 政府采购, 国有资产, 预算绩效, 财政专项."""

from __future__ import annotations

from ..accounts import procurement_sme
from ..figures import ChangeKind, change, completion, share
from ..glossary import PROCUREMENT_KINDS, VEHICLE_CATEGORIES
from ..wording import amount, change_clause, enumerate_cn, numbered, percent, reason, sentence
from .base import Ctx


def selfeval_summary(model, evaluation=None) -> str:
    """平均得分 and count by grade of the project self-evaluations (the same evaluation as the annexes)."""
    from ..selfeval.evaluate import evaluate, grade_scale, score_text

    results = (evaluation or evaluate(model)).projects  # r.total: the printed 自评得分 (declared, unless asked otherwise)
    if not results:
        return ""
    average = sum((r.total for r in results), results[0].total * 0) / len(results)
    counts = [f"{name}{sum(1 for r in results if r.grade == name)}个" for name in grade_scale(model) if any(r.grade == name for r in results)]
    return f"自评平均得分{score_text(average)}分，其中{'、'.join(counts)}。"


def operating_expenses(ctx: Ctx) -> dict[str, object]:
    """机关运行经费支出说明 (行政单位 and 参公 units; a 事业单位 states that it has none)."""
    oe = ctx.model.operating_expenses
    if ctx.model.unit.kind == "institution" and oe.actual is None:
        return {"text": ctx.say("operating_expenses.institution")}
    actual = ctx.accounts.operating_expenses_actual
    base_label = "年初预算数" if oe.compare_to == "budget" else ctx.say("operating_expenses.prior_label")
    base = oe.budget if oe.compare_to == "budget" else oe.prior
    lead = ctx.say("operating_expenses.lead", actual=amount(actual))
    if base is None:
        if actual:  # the comparison the sentence makes needs its base: a finding, left out
            ctx.figure(None, f"机关运行经费{base_label}", f"operating_expenses.{oe.compare_to}")
        text = f"{lead}。" if actual else ctx.say("operating_expenses.none")
        return {"text": text}
    ch = change(actual, base)
    if ch.kind is ChangeKind.NONE:
        return {"text": ctx.say("operating_expenses.none")}
    if ch.kind is ChangeKind.FLAT:
        return {"text": f"{lead}，与{base_label}持平。"}
    if ch.kind is ChangeKind.NEW:
        missing = "年初未安排预算" if oe.compare_to == "budget" else "上年无此项支出"
        text = f"{lead}，{missing}。"
    else:
        text = f"{lead}，比{base_label}{change_clause(ch, ctx.style)}。"
    text += reason(oe.reason, "机关运行经费变动的主要原因", ctx.style, lead=ctx.say("operating_expenses.reason_lead"), path="operating_expenses.reason")
    return {"text": text}


def procurement(ctx: Ctx) -> dict[str, object]:
    """十一、政府采购支出说明 (shares only where their base is not zero)."""
    p, acc, style = ctx.model.procurement, ctx.accounts, ctx.style
    total = acc.procurement_total
    if total is None:
        missing_procurement(ctx)
        return {"text": ""}
    if not total:
        if not ctx.list_zeros:  # the input's choice, else its region's
            return {"text": f"本部门{ctx.year}无政府采购支出。"}
        # the full sentence with its zero amounts, as reports that list zero categories write it;
        # a share of a zero total is not a number (never "0%" of 0): said in words instead
        listed = "、".join(f"政府采购{label}支出{amount(getattr(p, key).total)}" for key, label in PROCUREMENT_KINDS.items())
        return {"text": (
            f"本部门{ctx.year}政府采购支出总额{amount(total)}，其中：{listed}。"
            f"授予中小企业合同金额{amount(acc.procurement_sme)}，其中：授予小微企业合同金额{amount(p.small_micro or 0)}。"
            "政府采购支出总额为0，授予中小企业合同金额占政府采购支出总额的比例、授予小微企业合同金额占授予中小企业合同金额的比例"
            "以及货物、工程、服务采购授予中小企业合同金额占各自支出金额的比例均不适用。"
        )}
    kinds = {key: getattr(p, key) for key in PROCUREMENT_KINDS}
    listed = [f"政府采购{PROCUREMENT_KINDS[k]}支出{amount(v.total)}" for k, v in kinds.items() if ctx.keep(v.total)]
    text = f"本部门{ctx.year}政府采购支出总额{amount(total)}，其中：{'、'.join(listed)}。"
    sme = acc.procurement_sme
    reserved = _reserved_sentence(ctx)
    if not sme:
        # awards given as 预留项目 figures (the Shanghai form) are awards: never "未授予"
        if reserved:
            return {"text": text + reserved}
        if sme is None:
            # an SME figure not given: a finding, not "未授予" read from an empty field
            for key, kind in kinds.items():
                if procurement_sme(kind) is None:
                    ctx.figure(None, f"{PROCUREMENT_KINDS[key]}采购授予中小企业合同金额", f"procurement.{key}.sme")
            return {"text": text}
        return {"text": text + "本年度未授予中小企业合同。"}
    text += f"授予中小企业合同金额{amount(sme)}，占政府采购支出总额的{percent(share(sme, total), style)}"
    if ctx.figure(p.small_micro, "授予小微企业合同金额", "procurement.small_micro") and p.small_micro:
        text += f"，其中：授予小微企业合同金额{amount(p.small_micro)}，占授予中小企业合同金额的{percent(share(p.small_micro, sme), style)}"
    by_kind = [
        f"{PROCUREMENT_KINDS[k]}采购授予中小企业合同金额占{PROCUREMENT_KINDS[k]}支出金额的{percent(share(v.sme, v.total), style)}"
        for k, v in kinds.items()
        if v.total
    ]
    return {"text": text + "；" + "，".join(by_kind) + "。" + reserved}


def missing_procurement(ctx: Ctx) -> None:
    """The 政府采购 totals by kind not given (a total needs all three): findings."""
    for key, label in PROCUREMENT_KINDS.items():
        ctx.figure(getattr(ctx.model.procurement, key).total, f"政府采购{label}支出金额", f"procurement.{key}.total")


def reserved_given(ctx: Ctx, reserved) -> bool:
    """Whether every 预留项目 figure the sentence prints is given (each one not given is a finding)."""
    given = True
    for key, what in (("sme_budget", "面向中小企业预留政府采购项目预算金额"), ("small_micro_budget", "面向小微企业预留政府采购项目预算金额"),
                      ("sme_awarded", "预留项目中由中小企业供应商中标或成交的采购金额"),
                      ("small_micro_awarded", "小微企业预留项目中由小微企业供应商中标或成交的采购金额"),
                      ("other_sme_awarded", "其他政府采购项目中由中小企业供应商中标或成交的采购金额")):
        given = ctx.figure(getattr(reserved, key), what, f"procurement.reserved.{key}") is not None and given
    return given


def _reserved_sentence(ctx: Ctx) -> str:
    """The 预留项目 budgets and awards, when the input gives them (any region)."""
    reserved = ctx.model.procurement.reserved
    if reserved is None or not any(reserved.model_dump().values()):
        return ""
    if not reserved_given(ctx, reserved):
        return ""
    return ctx.say(
        "procurement.reserved",
        sme_budget=amount(reserved.sme_budget), small_micro_budget=amount(reserved.small_micro_budget),
        sme_awarded=amount(reserved.sme_awarded), small_micro_awarded=amount(reserved.small_micro_awarded),
        other_sme_awarded=amount(reserved.other_sme_awarded),
    )


def assets(ctx: Ctx) -> dict[str, object]:
    """国有资产占用情况说明."""
    a = ctx.model.assets
    end = f"截至{ctx.accounts.year}年12月31日"
    total = ctx.accounts.vehicle_total
    # each category is printed (or its absence relied on): one not given is a finding, and the
    # vehicle sentence — whose total it is part of — is left out
    for key, label in VEHICLE_CATEGORIES.items():
        ctx.figure(getattr(a.vehicles, key), f"{ctx.label('vehicles.' + key, label)}数（辆）", f"assets.vehicles.{key}")
    parts = [
        f"{ctx.label('vehicles.' + key, label)}{getattr(a.vehicles, key)}辆"
        for key, label in VEHICLE_CATEGORIES.items()
        if total is not None and ctx.keep_vehicle(getattr(a.vehicles, key))
    ]
    if total is None:
        text = ""
    elif total:
        text = ctx.say("assets.vehicles", end=end, total=total, list="、".join(parts))
        if a.vehicles.other and a.other_vehicle_note:
            text += f"，其他用车主要是{a.other_vehicle_note.rstrip('。')}"
    else:
        text = ctx.say("assets.no_vehicles", end=end, list="、".join(parts))
    equipment = ""
    if ctx.figure(a.equipment_over_1m, "单位价值100万元以上专用设备数（台、套）", "assets.equipment_over_1m") is None:
        pass
    elif a.equipment_over_1m:
        equipment = ctx.say("assets.equipment", count=a.equipment_over_1m)
    else:
        equipment = ctx.say("assets.no_equipment")
    if not text:  # the equipment clause continues the vehicle sentence: alone, it is one
        return {"text": f"{end}，{equipment.lstrip('。；，;,')}" if equipment else ""}
    return {"text": text + (equipment or "。")}


def performance(ctx: Ctx) -> dict[str, object]:
    """十三、预算绩效情况说明."""
    perf, acc, style = ctx.model.performance, ctx.accounts, ctx.style
    projects = perf.projects
    covered = sum((p.actual for p in projects), start=acc.general_budget_project * 0)
    if perf.covers_all_projects:
        covered = acc.general_budget_project  # every project evaluated: the 项目支出 of the tables
    if projects:
        summary = f"根据预算绩效管理要求，本部门组织对{ctx.year}一般公共预算项目支出全面开展绩效自评，共涉及项目{len(projects)}个，资金{amount(covered)}"
        of = share(covered, acc.general_budget_project)
        summary += f"，占一般公共预算项目支出总额的{percent(of, style)}。" if of is not None else "。"
        summary = targets_tracking(ctx) + summary + selfeval_summary(ctx.model, ctx.evaluation)
    elif perf.summary is not None and (perf.summary.self_evaluation.projects or perf.summary.targets.projects
                                       or perf.summary.tracking.projects):
        summary = summary_figures(ctx)  # figures given directly: never "未开展" when they say otherwise
    else:
        summary = f"本部门{ctx.year}未开展项目支出绩效自评。"
    funds: list[str] = []
    if perf.funds is not None:
        from ..selfeval.funds import funds_paragraphs

        parts = funds_paragraphs(ctx.accounts.year, ctx.model.unit.display_name, perf.funds, acc, style.percent_places)
        funds = [f"{i}.{label}。{text}" for i, (label, text) in enumerate(parts, start=1)]
        if projects:
            summary += "从评价情况来看："
    project_texts = []
    for p in projects:
        co = completion(p.actual, p.budget)
        text = f"{p.name}项目绩效自评综述：项目全年预算数为{amount(p.budget)}，执行数为{amount(p.actual)}"
        if co.rate is not None:
            text += f"，完成预算{percent(co.rate, style)}。"
        else:
            text += "，全年未安排预算。"
        if p.outputs:
            text += f"主要产出和效益：{enumerate_cn(p.outputs)}。"
        if p.problems:
            text += f"发现的问题及原因：{enumerate_cn(p.problems)}。"
        if p.measures:
            text += f"下一步改进措施：{enumerate_cn(p.measures)}。"
        project_texts.append(text)
    return {
        "management": [sentence(t) for t in perf.management],
        "summary": summary,
        "funds": funds,
        "department": [sentence(t) for t in perf.department],
        "projects_intro": projects_intro(ctx),
        "projects": project_texts,
        "result_use": numbered(perf.result_use),
        "has_result_use": bool(perf.result_use),
    }


def summary_figures(ctx: Ctx) -> str:
    """十三 from performance.summary (no per-project records): projects and amounts with 绩效目标,
    绩效跟踪 and 绩效自评, the average score, the projects per grade and the problems found."""
    from ..selfeval.evaluate import grade_scale, score_text

    figures = ctx.model.performance.summary
    text = targets_tracking(ctx)
    se = figures.self_evaluation
    at = "performance.summary.self_evaluation"
    if ctx.figure(se.projects, "绩效自评的项目个数", f"{at}.projects") is None:
        return text
    if not se.projects:
        return text + f"本部门{ctx.year}未开展项目支出绩效自评。"
    text += f"根据预算绩效管理要求，本部门组织开展项目支出绩效自评，绩效自评的{ctx.accounts.year}年度项目{se.projects}个"
    if ctx.figure(se.amount, "绩效自评的项目涉及预算金额", f"{at}.amount") is not None:
        text += f"，涉及预算金额{amount(se.amount)}"
    text += "。"
    grades = [f"{name}{se.grades[name]}个" for name in grade_scale(ctx.model) if se.grades.get(name)]
    if se.average_score is not None:
        text += f"自评平均得分{score_text(se.average_score)}分" + (f"，其中{'、'.join(grades)}。" if grades else "。")
    elif grades:
        text += f"自评等级：{'、'.join(grades)}。"
    if ctx.figure(se.problems, "绩效自评中发现的问题个数", f"{at}.problems"):
        text += f"绩效自评中共发现问题{se.problems}个"
        known = [ctx.figure(se.rectified, "绩效自评中已经完成整改的问题个数", f"{at}.rectified"),
                 ctx.figure(se.rectifying, "绩效自评中正在整改的问题个数", f"{at}.rectifying")]
        text += f"，已经完成整改的{se.rectified}个，正在整改的{se.rectifying}个。" if None not in known else "。"
    return text


def targets_tracking(ctx: Ctx) -> str:
    """本部门编报绩效目标的X年度项目N个，涉及预算金额X；绩效跟踪评价的… (the figures given)."""
    figures, year = ctx.model.performance.summary, str(ctx.accounts.year)
    if figures is None:
        return ""
    parts = []
    for key, what in (("targets", "编报绩效目标"), ("tracking", "绩效跟踪评价")):
        group = getattr(figures, key)
        if key not in figures.model_fields_set:
            continue  # (the figures of 十三 are those given; 上海体例 names the groups it prints)
        known = [ctx.figure(group.projects, f"{what}的项目个数", f"performance.summary.{key}.projects"),
                 ctx.figure(group.amount, f"{what}的项目涉及预算金额", f"performance.summary.{key}.amount")]
        if None not in known and group.projects:
            parts.append(ctx.say(f"performance.{key}", year_number=year, count=group.projects, amount=amount(group.amount)))
    return "本部门" + "；".join(parts) + "。" if parts else ""


def projects_intro(ctx: Ctx) -> str:
    perf = ctx.model.performance
    if perf.projects:
        return "本部门今年在部门决算中反映所有项目绩效自评结果（涉密项目除外）。"
    evaluated = perf.summary.self_evaluation.projects if perf.summary is not None else 0
    if evaluated:
        return f"本部门{ctx.year}对{evaluated}个项目开展了绩效自评，本说明未逐项列示自评结果。"
    return f"本部门{ctx.year}无项目绩效自评结果。"


def special_transfers(ctx: Ctx) -> dict[str, object]:
    """十四、财政专项支出、专项转移支付支出."""
    items = ctx.model.special_transfers
    if not items:
        return {"lines": [], "empty_note": "本单位无财政专项支出、专项转移支付支出。"}
    lines = [
        f"{i}.{item.name}{amount(item.amount)}。{sentence(item.description)}"
        for i, item in enumerate(items, start=1)
    ]
    return {"lines": lines, "empty_note": ""}
