"""第三部分: 政府性基金 and 国有资本经营预算财政拨款."""

from __future__ import annotations

from ..wording import amount
from .base import Ctx
from .part3_general import function_path


def _rows(ctx: Ctx, fund: str) -> list[str]:
    marker = ctx.region.numbering.items[1]
    lines = []
    for row in ctx.accounts.items:
        figures = getattr(row, fund)
        if figures.spending:
            lines.append(ctx.say("fund.line", number=f"{len(lines) + 1}{marker}", path=function_path(ctx, row), amount=amount(figures.spending)))
    return lines


def gov_fund(ctx: Ctx) -> dict[str, object]:
    """政府性基金预算财政拨款收入支出决算情况说明."""
    fund = ctx.accounts.gov_fund
    if fund.is_empty:
        return {"text": "", "lines": [], "empty_note": ctx.say("gov_fund.empty")}
    text = ctx.say(
        "gov_fund.text", carry_begin=amount(fund.carry_begin), income=amount(fund.income),
        spending=amount(fund.spending), carry_end=amount(fund.carry_end),
    )
    lines = _rows(ctx, "gov_fund")
    if lines:
        text += ctx.say("fund.lines_intro")
    return {"text": text, "lines": lines, "empty_note": ""}


def state_capital(ctx: Ctx) -> dict[str, object]:
    """国有资本经营预算财政拨款支出决算情况说明."""
    fund = ctx.accounts.state_capital
    if not fund.spending:
        return {"text": "", "lines": [], "empty_note": ctx.say("state_capital.empty")}
    text = ctx.say("state_capital.text", income=amount(fund.income), spending=amount(fund.spending)) + ctx.say("fund.lines_intro")
    return {"text": text, "lines": _rows(ctx, "state_capital"), "empty_note": ""}
