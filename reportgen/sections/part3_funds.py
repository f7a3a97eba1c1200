"""第三部分 七、八: 政府性基金 and 国有资本经营预算财政拨款."""

from __future__ import annotations

from ..wording import amount
from .base import Ctx
from .part3_general import function_path


def _rows(ctx: Ctx, fund: str) -> list[str]:
    lines = []
    for row in ctx.accounts.items:
        figures = getattr(row, fund)
        if figures.spending:
            lines.append(f"{len(lines) + 1}.{function_path(ctx, row)}支出{amount(figures.spending)}。")
    return lines


def gov_fund(ctx: Ctx) -> dict[str, object]:
    """七、政府性基金预算财政拨款收入支出决算情况说明."""
    fund = ctx.accounts.gov_fund
    if fund.is_empty:
        return {"text": "", "lines": [], "empty_note": f"本单位{ctx.year}无政府性基金预算财政拨款收入支出情况。"}
    text = (
        f"{ctx.year}政府性基金预算财政拨款年初结转和结余{amount(fund.carry_begin)}，本年收入{amount(fund.income)}，"
        f"本年支出{amount(fund.spending)}，年末结转和结余{amount(fund.carry_end)}。"
    )
    lines = _rows(ctx, "gov_fund")
    if lines:
        text += "具体支出情况为："
    return {"text": text, "lines": lines, "empty_note": ""}


def state_capital(ctx: Ctx) -> dict[str, object]:
    """八、国有资本经营预算财政拨款支出决算情况说明."""
    fund = ctx.accounts.state_capital
    if not fund.spending:
        return {"text": "", "lines": [], "empty_note": f"本单位{ctx.year}无国有资本经营预算财政拨款支出情况。"}
    text = f"{ctx.year}国有资本经营预算财政拨款本年支出{amount(fund.spending)}。具体支出情况为："
    return {"text": text, "lines": _rows(ctx, "state_capital"), "empty_note": ""}
