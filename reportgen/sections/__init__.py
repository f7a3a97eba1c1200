"""Section builders: one small function per part/section of the document.

Each builder takes the derived accounts (through ``Ctx``) and returns its fragment of the
template context; the template only places what they return. ``SECTIONS`` is the table of
context keys and builders, in document order.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import regions
from ..accounts import Accounts
from ..wording import MissingReason, Style
from . import (
    part1,
    part2,
    part3_funds,
    part3_general,
    part3_other,
    part3_summary,  # noqa: F401  (the Shanghai-template forms, placed through the outline)
    part3_three_public,
    part3_totals,
    parts_end,
)
from .base import Ctx
from .charts import chart_specs
from .outline import build_outline

Builder = Callable[[Ctx], dict[str, object]]

# The section builders of the default layout, by context key (a template may place any of them).
SECTIONS: dict[str, Builder] = {
    "profile": part1.profile,  # 第一部分
    "tables": part2.tables,  # 第二部分
    "overview": part3_totals.overview,  # 第三部分 一
    "income": part3_totals.income,  # 二
    "expenditure": part3_totals.expenditure,  # 三
    "fiscal": part3_totals.fiscal_overview,  # 四
    "general_budget": part3_general.general_budget,  # 五
    "basic": part3_general.basic_spending,  # 六
    "gov_fund": part3_funds.gov_fund,  # 七
    "state_capital": part3_funds.state_capital,  # 八
    "three_public": part3_three_public.three_public,  # 九
    "operating_expenses": part3_other.operating_expenses,  # 十
    "procurement": part3_other.procurement,  # 十一
    "assets": part3_other.assets,  # 十二
    "performance": part3_other.performance,  # 十三
    "special": part3_other.special_transfers,  # 十四
    "other": parts_end.other_notes,  # 第四部分
    "glossary": parts_end.glossary_terms,  # 第五部分
    "annexes": parts_end.annexes,  # 第六部分
}


def make_ctx(accounts: Accounts, draft: bool = False, evaluation=None, missing: list[MissingReason] | None = None) -> Ctx:
    region = regions.of(accounts.model)
    places = accounts.model.presentation.percent_places
    style = Style(percent_places=region.percent_places if places is None else places, draft=draft, missing=missing, region=region)
    return Ctx(accounts, style, region, evaluation)


def build_sections(
    accounts: Accounts, draft: bool = False, evaluation=None, missing: list[MissingReason] | None = None
) -> tuple[dict[str, object], dict[str, object]]:
    """Return (context, chart specs) for the whole document, laid out by the input's region
    profile: ``outline`` holds the parts and their numbered blocks in order; the fragments of
    the section builders the profile uses are there by key as well. ``evaluation`` is the
    render's 绩效自评 result (``selfeval.evaluate``); without, the sections evaluate themselves.
    ``missing`` receives every 主要原因 (and figure) a sentence needed and the input does not give."""
    ctx = make_ctx(accounts, draft, evaluation, missing)
    unit = accounts.model.unit
    charts = chart_specs(ctx) if ctx.region.charts != "none" else {}
    ctx.built["charts"] = charts
    outline = build_outline(ctx)
    context: dict[str, object] = {
        "unit": {
            "name": unit.name,
            "short_name": unit.display_name,
            "year": accounts.year,
            "prior_year": accounts.prior_year,
            "report_date": f"{unit.report_date.year}年{unit.report_date.month}月{unit.report_date.day}日" if unit.report_date else "",
        },
        "draft": draft,
        "title": outline_title(ctx),
        "outline": outline,
    }
    for key, value in ctx.built.items():
        if key != "charts":
            context[key] = value
    scope_table = ctx.built.get("profile", {}).get("scope_table")
    context["inline_tables"] = [scope_table] if scope_table is not None else []
    return context, charts


def outline_title(ctx: Ctx) -> str:
    return f"{ctx.accounts.year}年度部门决算"


__all__ = ["SECTIONS", "Ctx", "build_sections", "make_ctx"]
