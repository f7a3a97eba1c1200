"""第三部分 一 to 四: totals, income, spending, 财政拨款 totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import glossary
from ..figures import ChangeKind, change, shares
from ..wording import PLACEHOLDER, amount, change_clause, compared_sentence, percent, reason
from .base import Ctx


def _compared(ctx: Ctx, comparison: str, subject: str, current, prior, prior_path: str, what: str, why: str,
              why_path: str, each: bool = False) -> str:
    """The prior-year sentence of ``comparison`` when the region prints it ('' otherwise, or when
    the prior-year figure is missing: a finding, see Ctx.required_figure)."""
    if not ctx.region.prints_prior(comparison):
        return ""
    base = ctx.required_figure(prior, subject, prior_path)
    if base is None:
        return missing_comparison(ctx, subject)
    ch = change(current, base)
    return compared_sentence(subject, ch, ctx.prior, why, f"{subject}变动的主要原因", ctx.style, each=each, path=why_path)


def missing_comparison(ctx: Ctx, subject: str) -> str:
    """The comparison whose prior-year figure is missing: left out, or marked in a draft."""
    if not ctx.style.draft:
        return ""
    return f"与{ctx.prior}相比，{subject}" + PLACEHOLDER.format(what=f"{ctx.prior}{subject}") + "。"


def overview(ctx: Ctx) -> dict[str, object]:
    """一、收入支出决算总体情况说明."""
    acc, prior = ctx.accounts, ctx.model.prior_year
    total = acc.total_income_side
    subject = ctx.say("overview.subject")
    text = ctx.say("overview.total", total=amount(total)) if total else ctx.say("overview.empty")
    text += _compared(ctx, "total", subject, total, prior.total, "prior_year.total", "收、支总计",
                      ctx.model.reasons.total, "reasons.total", each=True)
    return {"text": text}


def _composition(ctx: Ctx, labels: Sequence[str], values: Sequence[Decimal], sentence_id: str) -> str:
    rates = shares(values, ctx.style.percent_places)
    if rates is None:
        return ""
    kept = [(label, value, rate) for label, value, rate in zip(labels, values, rates, strict=True) if ctx.keep(value)]
    listed = [ctx.say(sentence_id, label=label, amount=amount(value), rate=percent(rate, ctx.style)) for label, value, rate in kept]
    return "其中：" + "；".join(listed) + "。"


def income(ctx: Ctx) -> dict[str, object]:
    """二、收入决算情况说明."""
    acc = ctx.accounts
    labels, values = zip(*acc.income_categories(), strict=True)
    total = acc.income_total
    text = ctx.say("income.total", total=amount(total)) if total else ctx.say("income.empty")
    text += _compared(ctx, "income", "收入合计", total, ctx.model.prior_year.income_total, "prior_year.income_total",
                      "本年收入合计", ctx.model.reasons.income, "reasons.income")
    text += _composition(ctx, labels, values, "income.share")
    return {"text": text}


def expenditure(ctx: Ctx) -> dict[str, object]:
    """三、支出决算情况说明."""
    acc = ctx.accounts
    labels, values = zip(*acc.spending_categories(), strict=True)
    total = acc.spending_total
    text = ctx.say("expenditure.total", total=amount(total)) if total else ctx.say("expenditure.empty")
    text += _compared(ctx, "expenditure", "支出合计", total, ctx.model.prior_year.expenditure_total,
                      "prior_year.expenditure_total", "本年支出合计", ctx.model.reasons.expenditure, "reasons.expenditure")
    text += _composition(ctx, labels, values, "expenditure.share")
    return {"text": text}


def fiscal_overview(ctx: Ctx) -> dict[str, object]:
    """四、财政拨款收入支出决算总体情况说明."""
    acc, prior, reasons = ctx.accounts, ctx.model.prior_year, ctx.model.reasons
    total = acc.fiscal_total_income_side
    text = ctx.say("fiscal.total", total=amount(total)) if total else ctx.say("fiscal.empty")
    text += _compared(ctx, "fiscal_total", ctx.say("fiscal.subject"), total, prior.fiscal_total, "prior_year.fiscal_total",
                      "财政拨款收、支总计", reasons.fiscal_total, "reasons.fiscal_total", each=True)
    if not ctx.region.prints_prior("fiscal_funds"):
        return {"text": text, "funds_text": ""}
    present, absent = [], []
    for fund, label in glossary.FISCAL_FUNDS.items():
        noun = f"{label}收入"
        funds = ctx.required_figure(prior.fiscal_income, "财政拨款收入（按资金性质）", "prior_year.fiscal_income")
        if funds is None:
            break
        base = getattr(funds, fund)
        if base is None:
            continue
        fund_change = change(acc.fiscal_income[fund], base)
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
    return {"text": text, "funds_text": funds_text}
