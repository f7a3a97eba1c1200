"""The report's charts as data (图1–图4 of domain.md §2); drawing is reportgen.charts' job."""

from __future__ import annotations

from ..charts import BarComparison, ShareChart
from .base import Ctx


def chart_specs(ctx: Ctx) -> dict[str, BarComparison | ShareChart | None]:
    acc, prior = ctx.accounts, ctx.model.prior_year
    y0, y1 = f"{acc.prior_year}年度", f"{acc.year}年度"
    income_labels, income_values = zip(*acc.income_categories(), strict=True)
    spending_labels, spending_values = zip(*acc.spending_categories(), strict=True)
    classes = [row for row in acc.classes if row.gb_total]
    places = ctx.style.percent_places  # the shares print as in the text
    return {
        # a two-year chart needs its prior-year figure (optional input): without, no chart
        "fig1": BarComparison(
            "收、支决算总计变动情况",
            ("收入总计", "支出总计"),
            ((y0, (prior.total, prior.total)), (y1, (acc.total_income_side, acc.total_spending_side))),
        )
        if prior.total is not None
        else None,
        "fig2": ShareChart("收入决算结构", income_labels, income_values, places=places) if acc.income_total else None,
        "fig3": ShareChart("支出决算结构", spending_labels, spending_values, places=places) if acc.spending_total else None,
        "fig4": BarComparison(
            "财政拨款收、支决算总计变动情况",
            ("财政拨款收入总计", "财政拨款支出总计"),
            (
                (y0, (prior.fiscal_total, prior.fiscal_total)),
                (y1, (acc.fiscal_total_income_side, acc.fiscal_total_spending_side)),
            ),
        )
        if prior.fiscal_total is not None
        else None,
        "fig5": ShareChart(
            "一般公共预算财政拨款支出结构",
            tuple(row.name for row in classes),
            tuple(row.gb_total for row in classes),
            places=places,
        )
        if classes
        else None,
    }
