"""第二部分 决算表: the nine public tables, in the order the region prints them.

The builder gives titles, anchors and the empty-table notes; the tables themselves are data from
``reportgen.tables`` and are drawn into the document by the renderer.
"""

from __future__ import annotations

from ..tables import END_ANCHOR
from ..tables.builders import BUILDERS
from ..tables.draw import anchor
from .base import Ctx

TABLES = {
    "income_expenditure_total": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "fiscal_total": "财政拨款收入支出决算总表",
    "general_budget": "一般公共预算财政拨款支出决算表",
    "general_budget_basic": "一般公共预算财政拨款基本支出决算明细表",
    "gov_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
}
assert set(TABLES) == set(BUILDERS)


def tables(ctx: Ctx) -> dict[str, object]:
    from ..glossary import chinese_number

    acc = ctx.accounts
    notes = {
        "gov_fund": ctx.say("tables.gov_fund_empty") if acc.gov_fund.is_empty else "",
        "state_capital": ctx.say("tables.state_capital_empty") if not acc.state_capital.spending else "",
    }
    items = [
        {"key": key, "title": f"{chinese_number(i)}、{ctx.region.table_title(key)}", "note": notes.get(key, ""), "anchor": anchor(key)}
        for i, key in enumerate(ctx.region.table_order, start=1)
    ]
    return {"entries": items, "end_anchor": END_ANCHOR}
