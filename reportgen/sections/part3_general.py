"""第三部分 五、六: 一般公共预算财政拨款 spending and its 基本支出."""

from __future__ import annotations

from ..accounts import FunctionRow, class_name
from ..figures import change, completion, share, shares
from ..money import Percent
from ..wording import (
    PLACEHOLDER,
    amount,
    compared_sentence,
    completion_clause,
    deviation_reason,
    percent,
    sentence,
)

# (the prior-year figure of 五（一） is optional: Ctx.required_figure reports it when missing)
from .base import Ctx
from .part3_totals import missing_comparison


def function_path(ctx: Ctx, row: FunctionRow) -> str:
    """一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）."""
    model = ctx.model
    return (
        f"{class_name(model, row.code[:3])}（类）"
        f"{class_name(model, row.code[:5])}（款）"
        f"{row.name}（项）"
    )


def _budget_basis(ctx: Ctx, initial, full, path: str, what: str):
    """(budget figure, label, clause prefix) of a completion sentence, per the region's basis:
    年初预算, 全年预算 (missing → a finding, None), or both stated."""
    basis = ctx.region.budget_basis
    if basis == "initial":
        return initial, "年初预算", ""
    if full is None:
        ctx.required_figure(None, what, path, prior=False)
        return None, "全年预算", ""
    if basis == "full":
        return full, "全年预算", ""
    return full, "全年预算", f"年初预算为{amount(initial)}，"


def _full_total(ctx: Ctx):
    items = [item.general_budget.full_budget for item in ctx.model.functions if item.general_budget.basic or item.general_budget.project
             or item.general_budget.initial_budget or item.general_budget.full_budget]
    if any(value is None for value in items):
        return None
    return sum(items, ctx.accounts.general_budget_initial * 0)


def general_budget(ctx: Ctx) -> dict[str, object]:
    """五、一般公共预算财政拨款支出决算情况说明: （一）总体 （二）结构 （三）具体."""
    acc, style = ctx.accounts, ctx.style
    total = acc.general_budget_total
    if total:
        of_year = share(total, acc.spending_total)
        overall = ctx.say("general_budget.overall", total=amount(total), rate=percent(of_year, style) if of_year is not None else "")
        if of_year is None:
            overall = overall.split("，占")[0] + "。"
    else:
        overall = ctx.say("general_budget.empty")
    if ctx.region.prints_prior("general_budget"):
        base = ctx.required_figure(ctx.model.prior_year.general_budget_expenditure, "一般公共预算财政拨款支出",
                                "prior_year.general_budget_expenditure")
        if base is None:
            overall += missing_comparison(ctx, "一般公共预算财政拨款支出")
        else:
            overall += compared_sentence(
                "一般公共预算财政拨款支出", change(total, base), ctx.prior, ctx.model.reasons.general_budget_expenditure,
                "一般公共预算财政拨款支出变动的主要原因", style,
                path="reasons.general_budget_expenditure",
            )

    classes = [row for row in acc.classes if row.gb_total]
    rates = shares([row.gb_total for row in classes], style.percent_places) or []
    marker = ctx.region.numbering.items[1]
    structure = []
    for i, (row, rate) in enumerate(zip(classes, rates, strict=True), start=1):
        info = ctx.model.function_classes.get(row.code)
        purpose = sentence(info.purpose) if info and info.purpose else ""
        structure.append(ctx.say(
            "general_budget.structure_line", number=f"{i}{marker}", name=row.name, amount=amount(row.gb_total),
            rate=str(Percent(rate, style.percent_places)), purpose=purpose,
        ))
    structure_intro = ctx.say("general_budget.structure_intro", total=amount(total)) if classes else ""
    if ctx.region.layout.structure == "inline" and structure:
        structure_intro += "；".join(line.rstrip("。") for line in structure) + "。"
        structure = []

    budget, label, both = _budget_basis(ctx, acc.general_budget_initial, _full_total(ctx), "functions[].general_budget.full_budget",
                                        "一般公共预算财政拨款支出全年预算数")
    detail_intro = ""
    if budget is not None:
        co = completion(total, budget)
        intro_sentence = ctx.region.sentence("general_budget.detail_intro") or ""
        why = ""
        if "{reason}" in intro_sentence:
            why = deviation_reason(co, f"{label}数", ctx.model.reasons.general_budget_vs_budget,
                                   "一般公共预算财政拨款支出决算数与预算数差异的主要原因", style,
                                   path="reasons.general_budget_vs_budget", worded=True)
        detail_intro = ctx.say("general_budget.detail_intro", completion=both + completion_clause(co, label, style), reason=why)
    details = []
    lines = [row for row in acc.items if row.gb_total or row.gb_initial_budget]
    if lines:
        detail_intro += "其中："
    for i, row in enumerate(lines, start=1):
        index = acc.items.index(row)
        item = ctx.model.functions[index].general_budget
        row_budget, row_label, row_both = _budget_basis(ctx, row.gb_initial_budget, item.full_budget,
                                                        f"functions[{index}].general_budget.full_budget", f"{row.code} {row.name} 全年预算数")
        purpose = ctx.say("general_budget.purpose", purpose=item.purpose.rstrip("。")) if item.purpose else ""
        if row_budget is None:
            details.append(f"{i}{marker}{function_path(ctx, row)}。{purpose}支出决算为{amount(row.gb_total)}。")
            continue
        row_co = completion(row.gb_total, row_budget)
        budget_actual = f"{row_both}{row_label}为{amount(row_co.budget)}，支出决算为{amount(row_co.actual)}"
        details.append(ctx.say(
            "general_budget.detail_line", number=f"{i}{marker}", path=function_path(ctx, row), purpose=purpose,
            completion=row_both + completion_clause(row_co, row_label, style), budget_actual=budget_actual,
            reason=deviation_reason(row_co, f"{row_label}数", row.reason, f"{row.code} {row.name} 决算数与{row_label}数差异的主要原因", style,
                                    path=f"functions[{index}].general_budget.reason", worded=True),
        ))
    return {
        "overall": overall,
        "structure_intro": structure_intro,
        "structure": structure,
        "detail_intro": detail_intro,
        "details": details,
        "classes": classes,
    }


def basic_spending(ctx: Ctx) -> dict[str, object]:
    """六、一般公共预算财政拨款基本支出决算情况说明."""
    acc = ctx.accounts
    total = acc.personnel_total + acc.public_total
    if not total and acc.general_budget_basic:
        # the detail (表6) is missing although 表5 has 基本支出: say so, never "无" (a check error)
        # (no figure: the 表6 totals it would be audited against are what is missing)
        missing = PLACEHOLDER.format(what="基本支出经济分类明细") if ctx.style.draft else "的经济分类明细未提供"
        return {"intro": f"{ctx.year}一般公共预算财政拨款基本支出{missing}。", "lines": []}
    if not total:
        return {"intro": ctx.say("basic.empty"), "lines": []}
    names_only = ctx.region.layout.basic == "names"

    def group(label: str, items, subtotal) -> str:
        listed = [line.name if names_only else f"{line.name}{amount(line.amount)}" for line in items if (line.amount if names_only else ctx.keep(line.amount))]
        if not subtotal:
            return f"无{label}。"
        return ctx.say("basic.group", label=label, amount=amount(subtotal), items="、".join(listed))

    intro = ctx.say("basic.intro", total=amount(total))
    lines = [group("人员经费", acc.personnel, acc.personnel_total), group("公用经费", acc.public, acc.public_total)]
    if ctx.region.layout.basic == "names":
        return {"intro": intro + "；".join(line.rstrip("。") for line in lines) + "。", "lines": []}
    return {"intro": intro, "lines": lines}
