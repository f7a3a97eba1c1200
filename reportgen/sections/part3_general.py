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
from .base import Ctx


def function_path(ctx: Ctx, row: FunctionRow) -> str:
    """一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）."""
    model = ctx.model
    return (
        f"{class_name(model, row.code[:3])}（类）"
        f"{class_name(model, row.code[:5])}（款）"
        f"{row.name}（项）"
    )


def general_budget(ctx: Ctx) -> dict[str, object]:
    """五、一般公共预算财政拨款支出决算情况说明: （一）总体 （二）结构 （三）具体."""
    acc, style = ctx.accounts, ctx.style
    total = acc.general_budget_total
    ch = change(total, ctx.model.prior_year.general_budget_expenditure)
    if total:
        of_year = share(total, acc.spending_total)
        overall = f"{ctx.year}一般公共预算财政拨款支出{amount(total)}"
        overall += f"，占本年支出合计的{percent(of_year, style)}。" if of_year is not None else "。"
    else:
        overall = f"{ctx.year}无一般公共预算财政拨款支出。"
    overall += compared_sentence(
        "一般公共预算财政拨款支出", ch, ctx.prior, ctx.model.reasons.general_budget_expenditure,
        "一般公共预算财政拨款支出变动的主要原因", style,
        path="reasons.general_budget_expenditure",
    )

    classes = [row for row in acc.classes if row.gb_total]
    rates = shares([row.gb_total for row in classes], style.percent_places) or []
    structure = []
    for i, (row, rate) in enumerate(zip(classes, rates, strict=True), start=1):
        info = ctx.model.function_classes.get(row.code)
        purpose = sentence(info.purpose) if info and info.purpose else ""
        structure.append(f"{i}.{row.name}（类）{amount(row.gb_total)}，占{Percent(rate, style.percent_places)}。{purpose}")
    structure_intro = f"{ctx.year}一般公共预算财政拨款支出{amount(total)}，主要用于以下方面：" if classes else ""

    co = completion(total, acc.general_budget_initial)
    detail_intro = f"{ctx.year}一般公共预算财政拨款支出{completion_clause(co, '年初预算', style)}。"
    details = []
    lines = [row for row in acc.items if row.gb_total or row.gb_initial_budget]
    if lines:
        detail_intro += "其中："
    for i, row in enumerate(lines, start=1):
        row_co = completion(row.gb_total, row.gb_initial_budget)
        details.append(
            f"{i}.{function_path(ctx, row)}。{completion_clause(row_co, '年初预算', style)}。"
            + deviation_reason(row_co, "年初预算数", row.reason, f"{row.code} {row.name} 决算数与年初预算数差异的主要原因", style,
                               path=f"functions[{acc.items.index(row)}].general_budget.reason")
        )
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
        return {"intro": f"{ctx.year}无一般公共预算财政拨款基本支出。", "lines": []}

    def group(label: str, items, subtotal) -> str:
        listed = [f"{line.name}{amount(line.amount)}" for line in items if ctx.keep(line.amount)]
        if not subtotal:
            return f"无{label}。"
        return f"{label}{amount(subtotal)}，主要包括：{'、'.join(listed)}。"

    return {
        "intro": f"{ctx.year}一般公共预算财政拨款基本支出{amount(total)}，其中：",
        "lines": [
            group("人员经费", acc.personnel, acc.personnel_total),
            group("公用经费", acc.public, acc.public_total),
        ],
    }
