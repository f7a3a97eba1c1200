"""第三部分 一 to 四: totals, income, spending, 财政拨款 totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import glossary
from ..figures import ChangeKind, change, shares
from ..wording import amount, change_clause, compared_sentence, reason, share_list
from .base import Ctx


def overview(ctx: Ctx) -> dict[str, object]:
    """一、收入支出决算总体情况说明."""
    acc, prior = ctx.accounts, ctx.model.prior_year
    total = acc.total_income_side
    ch = change(total, prior.total)
    text = f"{ctx.year}收、支总计均为{amount(total)}。" if total else f"{ctx.year}无收支。"
    text += compared_sentence("收、支总计", ch, ctx.prior, ctx.model.reasons.total, "收、支总计变动的主要原因", ctx.style, each=True, path="reasons.total")
    return {"text": text, "change": ch}


def _composition(ctx: Ctx, labels: Sequence[str], values: Sequence[Decimal], of: str) -> str:
    rates = shares(values, ctx.style.percent_places)
    if rates is None:
        return ""
    kept = [(label, value, rate) for label, value, rate in zip(labels, values, rates, strict=True) if ctx.keep(value)]
    return "其中：" + share_list(*zip(*kept, strict=True), of=of, style=ctx.style) + "。"


def income(ctx: Ctx) -> dict[str, object]:
    """二、收入决算情况说明."""
    acc = ctx.accounts
    labels, values = zip(*acc.income_categories(), strict=True)
    total = acc.income_total
    ch = change(total, ctx.model.prior_year.income_total)
    if not total:
        text = f"{ctx.year}无收入。"
    else:
        text = f"{ctx.year}收入合计{amount(total)}，"
    text += compared_sentence("收入合计", ch, ctx.prior, ctx.model.reasons.income, "收入合计变动的主要原因", ctx.style, path="reasons.income")
    text += _composition(ctx, labels, values, "本年收入")
    return {"text": text}


def expenditure(ctx: Ctx) -> dict[str, object]:
    """三、支出决算情况说明."""
    acc = ctx.accounts
    labels, values = zip(*acc.spending_categories(), strict=True)
    total = acc.spending_total
    ch = change(total, ctx.model.prior_year.expenditure_total)
    text = f"{ctx.year}支出合计{amount(total)}，" if total else f"{ctx.year}无支出。"
    text += compared_sentence("支出合计", ch, ctx.prior, ctx.model.reasons.expenditure, "支出合计变动的主要原因", ctx.style, path="reasons.expenditure")
    text += _composition(ctx, labels, values, "本年支出")
    return {"text": text}


def fiscal_overview(ctx: Ctx) -> dict[str, object]:
    """四、财政拨款收入支出决算总体情况说明."""
    acc, prior, reasons = ctx.accounts, ctx.model.prior_year, ctx.model.reasons
    total = acc.fiscal_total_income_side
    ch = change(total, prior.fiscal_total)
    if total:
        text = f"{ctx.year}财政拨款收、支总计均为{amount(total)}。"
    else:
        text = f"{ctx.year}无财政拨款收支。"
    text += compared_sentence("财政拨款收、支总计", ch, ctx.prior, reasons.fiscal_total, "财政拨款收、支总计变动的主要原因", ctx.style, each=True, path="reasons.fiscal_total")
    present, absent = [], []
    for fund, label in glossary.FISCAL_FUNDS.items():
        noun = f"{label}收入"
        fund_change = change(acc.fiscal_income[fund], getattr(prior.fiscal_income, fund))
        if fund_change.kind is ChangeKind.NONE:
            absent.append(noun)
        elif fund_change.kind is ChangeKind.FLAT:
            present.append(f"{noun}{amount(fund_change.current)}，与{ctx.prior}决算数持平。")
        else:
            why = getattr(reasons.fiscal_income, fund)
            present.append(
                f"{noun}{amount(fund_change.current)}，比{ctx.prior}决算数{change_clause(fund_change, ctx.style)}。"
                + reason(why, f"{noun}变动的主要原因", ctx.style, path=f"reasons.fiscal_income.{fund}")
            )
    funds_text = f"{ctx.year}财政拨款收入中，" + "".join(present) if present else ""
    if absent:
        funds_text += f"{ctx.year}无{'和'.join(absent)}。"
    return {"text": text, "funds_text": funds_text, "change": ch}
