"""Sections in the forms of the Shanghai 2024 template (domain.md §8), usable by any profile:

- “三公” (one reason against the budget for all items, one per item against last year; then
  the item shares and their details),
- 政府采购 with the reserved-project amounts for SMEs and small/micro enterprises,
- 预算绩效管理情况 given as figures (projects and amounts with 绩效目标, 跟踪, 自评; average score;
  projects per grade; problems found).

Every figure is the input's or computed from it; the wording is the profile's (sentence ids in
``reportgen.regions.sentences``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..accounts import reception_parts
from ..figures import ChangeKind, CompletionKind, change, completion, shares
from ..glossary import THREE_PUBLIC
from ..wording import amount, change_clause, enumerate_cn, percent, reason
from .base import Ctx
from .part3_other import missing_procurement, reserved_given
from .part3_three_public import counted, figure_path, prior_path

ITEMS = ("outbound", "vehicle", "reception")


def _labels(ctx: Ctx) -> dict[str, str]:
    return {key: ctx.label(f"three_public.{key}", THREE_PUBLIC[key]) for key in (*ITEMS, "vehicle_purchase", "vehicle_operation")}


def three_public_summary(ctx: Ctx) -> dict[str, object]:
    """“三公”经费总体: 预算 and 决算 with the completion of each item, one reason against the
    budget; then the change against the prior year, item by item, each with its reason."""
    tp, figures, style = ctx.model.three_public, ctx.accounts.three_public, ctx.style
    labels = _labels(ctx)

    def completion_text(actual: Decimal, budget: Decimal) -> str:
        co = completion(actual, budget)
        if co.rate is None:
            return ctx.say("three_public.no_budget")
        return ctx.say("three_public.completion", rate=percent(co.rate, style))

    total = figures["total"]
    # a figure not given is a finding and the summary it belongs to left out, never printed as 0
    missing = [(key, column) for key in ITEMS for column in ("budget", "actual") if getattr(figures[key], column) is None]
    for key, column in missing:
        ctx.figure(None, f"{labels[key]}{'全年预算数' if column == 'budget' else '决算数'}", figure_path(tp, key, column))
    if missing:
        return {"lines": []}
    items = "；".join(
        ctx.say("three_public.summary_item", label=labels[key], actual=amount(figures[key].actual),
                completion=completion_text(figures[key].actual, figures[key].budget))
        for key in ITEMS
    )
    first = ctx.say("three_public.summary", budget=amount(total.budget), actual=amount(total.actual),
                    completion=completion_text(total.actual, total.budget), items=items)
    co = completion(total.actual, total.budget)
    if co.kind in (CompletionKind.OVER, CompletionKind.UNDER):
        why = reason(tp.reasons.vs_budget, "“三公”经费决算数与预算数差异的主要原因", style, lead="", path="three_public.reasons.vs_budget")
        if why:
            first += ctx.say("three_public.budget_reason", relation="大于" if co.kind is CompletionKind.OVER else "小于", reason=why.rstrip("。"))
    lines = [first]

    # against the prior year (items with no spending in either year read 持平, as the template says);
    # a prior-year figure not given leaves the comparison out (a finding), never read as 0
    missing = [key for key in ITEMS if figures[key].prior is None]
    for key in missing:
        ctx.required_figure(None, f"{labels[key]}决算数", prior_path(tp, key))
    if missing:
        return {"lines": [first]}
    prior_changes = {key: change(figures[key].actual, figures[key].prior) for key in ("total", *ITEMS)}

    def clause(ch) -> str:
        return "持平" if ch.kind in (ChangeKind.FLAT, ChangeKind.NONE) else change_clause(ch, style)

    item_text = "；".join(ctx.say("three_public.prior_item", label=labels[key], change=clause(prior_changes[key])) for key in ITEMS)
    total_change = prior_changes["total"]
    if total_change.kind in (ChangeKind.FLAT, ChangeKind.NONE):
        second = ctx.say("three_public.prior_flat", items=item_text)
    else:
        second = ctx.say("three_public.prior", change=clause(total_change), items=item_text)
    reasons = {"outbound": tp.outbound.reasons, "vehicle": tp.vehicle_reasons, "reception": tp.reception.reasons}
    paths = {"outbound": "three_public.outbound.reasons", "vehicle": "three_public.vehicle_reasons", "reception": "three_public.reception.reasons"}
    for key in ITEMS:
        ch = prior_changes[key]
        if ch.kind in (ChangeKind.FLAT, ChangeKind.NONE):
            continue
        why = reason(reasons[key].vs_prior, f"{labels[key]}较上年变动的主要原因", style, lead="", path=f"{paths[key]}.vs_prior")
        if why:
            second += ctx.say("three_public.prior_reason", label=labels[key], verb="增加" if ch.difference > 0 else "减少", reason=why.rstrip("。"))
    lines.append(second)
    return {"lines": lines}


def three_public_shares(ctx: Ctx) -> dict[str, object]:
    """“三公”经费具体情况: each item's share of the 三公 total, then what each item paid for."""
    tp, figures, style = ctx.model.three_public, ctx.accounts.three_public, ctx.style
    labels = _labels(ctx)
    total = figures["total"].actual
    if total is None:
        for key in ITEMS:
            if figures[key].actual is None:
                ctx.figure(None, f"{labels[key]}决算数", figure_path(tp, key, "actual"))
        return {"lines": []}
    if not total:
        return {"lines": [ctx.say("three_public.none")]}
    rates = shares([figures[key].actual for key in ITEMS], style.percent_places)
    items = "；".join(
        ctx.say("three_public.share_item", label=labels[key], amount=amount(figures[key].actual), rate=percent(rate, style))
        for key, rate in zip(ITEMS, rates or (), strict=True)
    )
    lines = [ctx.say("three_public.shares", items=items)]
    marker = ctx.region.numbering.items[1]
    outbound = tp.outbound
    text = f"1{marker}{labels['outbound']}支出{amount(figures['outbound'].actual)}。"
    spent = figures["outbound"].actual
    if all([counted(style, outbound.groups, f"{ctx.year}出国（境）团组数", "three_public.outbound.groups", spent),
            counted(style, outbound.people, f"{ctx.year}出国（境）人次", "three_public.outbound.people", spent)]) and (outbound.groups or outbound.people):
        text += f"全年安排因公出国（境）团组{outbound.groups}个、累计{outbound.people}人次。"
    if outbound.purpose:
        text += f"开支内容包括：{outbound.purpose.rstrip('。')}。"
    lines.append(text)
    purchase, operation = tp.vehicle_purchase, tp.vehicle_operation
    lines.append(f"2{marker}{labels['vehicle']}支出{amount(figures['vehicle'].actual)}。其中：")
    sub = f"{labels['vehicle_purchase'].removesuffix('费')}支出为{amount(purchase.actual)}。"
    if purchase.purpose:
        sub += f"主要用于{purchase.purpose.rstrip('。')}。"
    if (counted(style, purchase.count, f"{ctx.year}购置（更新）公务用车数", "three_public.vehicle_purchase.count", purchase.actual)
            and (purchase.actual or purchase.count)):
        sub += f"购置公务用车{purchase.count}辆。"
    lines.append(sub)
    sub = f"{labels['vehicle_operation'].removesuffix('费')}支出{amount(operation.actual)}。"
    if operation.purpose:
        sub += f"主要用于{operation.purpose.rstrip('。')}。"
    if ctx.figure(operation.stock, "开支财政拨款的公务用车保有量", "three_public.vehicle_operation.stock") is not None:
        sub += f"{ctx.accounts.year}年，{ctx.model.unit.name}所属各预算单位开支财政拨款的公务用车保有量为{operation.stock}辆。"
    lines.append(sub)
    reception = tp.reception
    lines.append(f"3{marker}{labels['reception']}支出{amount(figures['reception'].actual)}。其中：")
    domestic, foreign = reception.domestic, reception.foreign
    foreign_actual = foreign.actual if foreign in reception_parts(reception) else Decimal(0)
    sub = f"国内公务接待支出{amount(figures['reception'].actual)}（含外宾接待支出{amount(foreign_actual)}）。"
    purposes = [p.rstrip("。") for p in (domestic.purpose, foreign.purpose) if p]
    if purposes:
        sub += f"主要用于{enumerate_cn(purposes)}。"
    counts = {}
    for name, part in (("domestic", domestic), ("foreign", foreign)):
        if part not in reception_parts(reception):
            counts[name] = (0, 0)  # a part the input does not write is none (accounts.reception_parts)
        elif all([counted(style, getattr(part, k), f"{ctx.year}{labels['reception']}{'批次' if k == 'batches' else '人次'}",
                          f"three_public.reception.{name}.{k}", part.actual) for k in ("batches", "people")]):
            counts[name] = (part.batches, part.people)
    if len(counts) == 2:
        batches, people = counts["domestic"][0] + counts["foreign"][0], counts["domestic"][1] + counts["foreign"][1]
        if batches or people:
            sub += f"共接待{batches}批次、{people}人次，其中：接待外宾{counts['foreign'][0]}批次、{counts['foreign'][1]}人次。"
    lines.append(sub)
    return {"lines": lines}


def procurement_reserved(ctx: Ctx) -> dict[str, object]:
    """政府采购支出情况: amounts by kind, then the reserved-project budgets and awards."""
    p, acc = ctx.model.procurement, ctx.accounts
    total = acc.procurement_total
    reserved = p.reserved
    if total is None:
        missing_procurement(ctx)
        return {"lines": []}
    if not total and (reserved is None or not any(reserved.model_dump().values())):
        return {"lines": [ctx.say("procurement.none")]}
    first = ctx.say("procurement.reserved_total", total=amount(total), goods=amount(p.goods.total),
                    works=amount(p.works.total), services=amount(p.services.total))
    lines = [first]
    if reserved is None:
        ctx.required_figure(None, "政府采购面向中小企业预留项目的金额", "procurement.reserved", prior=False)
    elif reserved_given(ctx, reserved):
        lines.append(ctx.say(
            "procurement.reserved",
            sme_budget=amount(reserved.sme_budget), small_micro_budget=amount(reserved.small_micro_budget),
            sme_awarded=amount(reserved.sme_awarded), small_micro_awarded=amount(reserved.small_micro_awarded),
            other_sme_awarded=amount(reserved.other_sme_awarded),
        ))
    return {"lines": lines}


UNKNOWN = "\x00"  # a figure not given, in a region's sentence: its clause is dropped (drop_unknown)


def _known(value, form=str) -> str:
    return UNKNOWN if value is None else form(value)


def drop_unknown(text: str) -> str:
    """A region's sentence without the clauses (between ，；。 and brackets) that hold a figure not
    given: "发现问题3个，已经完成整改的\x00个" → "发现问题3个"."""
    if UNKNOWN not in text:
        return text
    text = re.sub(f"[，；]?[^，；。（）：]*{UNKNOWN}[^，；。（）]*", "", text)
    text = re.sub(r"其中[，,]?(?=[。）])", "", text)  # "（其中，<dropped>。" → "（"
    return text.replace("（。", "（").replace("（，", "（").replace("。）", "）").replace("（）", "").replace("，，", "，")


def performance_figures(ctx: Ctx) -> dict[str, object]:
    """预算绩效管理情况: the department's words on its rules and mechanism, then the figures of
    绩效目标, 绩效跟踪 and 绩效自评 — given directly (performance.summary) or, for 绩效自评, from the
    project records of the input."""
    perf = ctx.model.performance
    year = str(ctx.accounts.year)
    management = "，".join(text.strip().rstrip("。；;，") for text in perf.management if text.strip())
    summary = perf.summary
    if summary is None and not perf.projects:
        ctx.required_figure(None, "预算绩效管理的项目个数与金额", "performance.summary", prior=False)
        return {"lines": [f"{ctx.model.unit.name}{ctx.year}预算绩效管理工作开展情况如下：{management}。" if management else ""]}
    at = "performance.summary.self_evaluation"
    if summary is not None:
        se = summary.self_evaluation
        # a grade not listed is 0 when the listed ones account for every project (checks compare
        # them); none listed for projects evaluated is a figure not given, never 0 in every grade
        grades = {name: se.grades.get(name, 0) for name in ctx.region.grades} if se.grades or not se.projects else None
        if grades is None:
            ctx.figure(None, "绩效自评各等级的项目个数", f"{at}.grades")
        average = se.average_score
        count = ctx.figure(se.projects, "绩效自评的项目个数", f"{at}.projects")
        money = ctx.figure(se.amount, "绩效自评的项目涉及预算金额", f"{at}.amount")
        problems = ctx.figure(se.problems, "绩效自评中发现的问题个数", f"{at}.problems")
        rectified, rectifying = se.rectified, se.rectifying
        if problems == 0:  # no problem found: none to rectify (0 and 0, whatever is written)
            rectified = rectified if rectified is not None else 0
            rectifying = rectifying if rectifying is not None else 0
        else:
            ctx.figure(rectified, "绩效自评中已经完成整改的问题个数", f"{at}.rectified")
            ctx.figure(rectifying, "绩效自评中正在整改的问题个数", f"{at}.rectifying")
        # a group the input does not give is a finding and left out, never printed as 0 projects
        texts = {}
        for key, what in (("targets", "编报绩效目标"), ("tracking", "绩效跟踪评价")):
            group = getattr(summary, key)
            if key not in summary.model_fields_set:
                ctx.figure(None, f"{what}的项目个数与金额", f"performance.summary.{key}")
                texts[key] = ""
                continue
            known = [ctx.figure(group.projects, f"{what}的项目个数", f"performance.summary.{key}.projects"),
                     ctx.figure(group.amount, f"{what}的项目涉及预算金额", f"performance.summary.{key}.amount")]
            texts[key] = ctx.say(f"performance.{key}", year_number=year, count=group.projects,
                                 amount=amount(group.amount)) if None not in known else ""
        targets_text, tracking_text = texts["targets"], texts["tracking"]
    else:
        from ..selfeval.evaluate import evaluate

        results = evaluate(ctx.model).projects
        count = len(results)
        money = sum((r.project.budget for r in results), Decimal(0))
        average = sum((r.total for r in results), Decimal(0)) / count if count else None
        grades = {name: sum(1 for r in results if r.grade == name) for name in ctx.region.grades}
        # the records list each project's problems, not whether each is rectified: with none found,
        # 0 and 0 are right; otherwise the two counts are not in the input (a finding, left out)
        problems = sum(len(r.project.problems) for r in results)
        rectified = rectifying = 0 if not problems else None
        if problems:
            ctx.figure(None, "绩效自评中已经完成整改、正在整改的问题个数", f"{at}.rectified")
        ctx.required_figure(None, "编报绩效目标、绩效跟踪评价的项目个数与金额", "performance.summary", prior=False)
        targets_text = tracking_text = ""
    from ..selfeval.evaluate import score_text

    grades_text = "；".join(ctx.say("performance.grade", grade=name, count=n) for name, n in grades.items()) if grades is not None else UNKNOWN
    self_text = ctx.say(
        "performance.self_evaluation", year_number=year, count=_known(count), amount=_known(money, amount),
        average=score_text(average) if average is not None else "—", grades=grades_text,
        problems=_known(problems), rectified=_known(rectified), rectifying=_known(rectifying),
    )
    self_text = drop_unknown(self_text)
    text = ctx.say("performance.figures", management=management, targets=targets_text, tracking=tracking_text, self_evaluation=self_text)
    for empty, kept in (("；；", "；"), ("：；", "："), ("；；", "；")):
        text = text.replace(empty, kept)
    return {"lines": [text]}
