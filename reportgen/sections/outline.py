"""The document's outline from the region profile: parts, numbered headings and content blocks.

The Word template iterates this outline (``{%p for part in outline %}``): each part is a
``第N部分`` heading and a list of blocks — section headings (一、), subsection headings （一）,
body paragraphs, notes, chart figures and table anchors. Numbers are computed here from the
profile's order; the headings' words are the profile's; the sentences are the section builders'.

``CONTENT`` names every content block a profile may place (``reportgen regions --content``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import (
    part1,
    part2,
    part3_funds,
    part3_general,
    part3_other,
    part3_summary,
    part3_three_public,
    part3_totals,
    parts_end,
)
from .base import Ctx

Block = dict[str, str]


def body(text: str) -> Block:
    return {"style": "body", "text": text}


def _texts(*texts: object) -> list[Block]:
    out: list[Block] = []
    for text in texts:
        if isinstance(text, list):
            out += [body(t) for t in text if t]
        elif text:
            out.append(body(str(text)))
    return out


@dataclass(frozen=True)
class Content:
    description: str
    blocks: Callable[[Ctx], list[Block]]
    builder: str = ""  # the context key of the section builder it draws on


def _section(key: str, builder, *fields: str, note: str = "") -> Callable[[Ctx], list[Block]]:
    def blocks(ctx: Ctx) -> list[Block]:
        fragment = ctx.section(key, builder)
        out = _texts(*(fragment[f] for f in fields))
        if note and fragment.get(note):
            out.append(body(str(fragment[note])))
        return out

    return blocks


def _chart(key: str) -> Content:
    def blocks(ctx: Ctx) -> list[Block]:
        if ctx.region.charts == "none" or ctx.built.get("charts", {}).get(key) is None:
            return []
        return [{"style": "figure", "chart": key}]

    return Content(f"图：{key}", blocks)


def _tables(ctx: Ctx) -> list[Block]:
    fragment = ctx.section("tables", part2.tables)
    out: list[Block] = []
    for entry in fragment["entries"]:
        out.append({"style": "heading2", "text": entry["title"]})
        out.append(body(entry["anchor"]))
        if entry["note"]:
            out.append({"style": "note", "text": entry["note"]})
    out.append(body(fragment["end_anchor"]))
    return out


def _glossary(ctx: Ctx) -> list[Block]:
    out: list[Block] = []
    for term in ctx.section("glossary", parts_end.glossary_terms)["terms"]:
        out.append(body(term["heading"]))
        out += _texts(term["lines"])
    return out


def _annexes(ctx: Ctx) -> list[Block]:
    titles = ctx.section("annexes", parts_end.annexes)["titles"]
    return [] if titles else [body("本部门无绩效自评附件。")]


def _three_public_items(ctx: Ctx) -> list[Block]:
    f = ctx.section("three_public", part3_three_public.three_public)
    return _texts(f["outbound"], f["vehicle"], f["vehicle_lines"], f["reception"])


def _performance_management(ctx: Ctx) -> list[Block]:
    f = ctx.section("performance", part3_other.performance)
    return _texts(f["management"], f["summary"], f.get("funds", []), f["department"])


CONTENT: dict[str, Content] = {
    "profile.duties": Content("主要职责（职能）", _section("profile", part1.profile, "duties")),
    "profile.composition": Content(
        "单位构成与决算编制范围", _section("profile", part1.profile, "composition", "scope_intro", "scope_units", "scope_anchor", "divisions", "staff")
    ),
    "tables": Content("九张决算表（按体例的顺序和标题）", _tables),
    "overview": Content("收入支出决算总体情况", _section("overview", part3_totals.overview, "text")),
    "income": Content("收入决算情况", _section("income", part3_totals.income, "text")),
    "expenditure": Content("支出决算情况", _section("expenditure", part3_totals.expenditure, "text")),
    "fiscal": Content("财政拨款收入支出总体情况", _section("fiscal", part3_totals.fiscal_overview, "text")),
    "fiscal.funds": Content("财政拨款收入按资金性质与上年比较", _section("fiscal", part3_totals.fiscal_overview, "funds_text")),
    "general_budget.overall": Content("一般公共预算财政拨款支出总体情况", _section("general_budget", part3_general.general_budget, "overall")),
    "general_budget.structure": Content(
        "一般公共预算财政拨款支出结构（按类）", _section("general_budget", part3_general.general_budget, "structure_intro", "structure")
    ),
    "general_budget.detail": Content(
        "一般公共预算财政拨款支出具体情况（按项）", _section("general_budget", part3_general.general_budget, "detail_intro", "details")
    ),
    "basic": Content("一般公共预算财政拨款基本支出", _section("basic", part3_general.basic_spending, "intro", "lines")),
    "gov_fund": Content("政府性基金预算财政拨款", _section("gov_fund", part3_funds.gov_fund, "text", "lines", note="empty_note")),
    "state_capital": Content("国有资本经营预算财政拨款", _section("state_capital", part3_funds.state_capital, "text", "lines", note="empty_note")),
    "three_public.overall": Content("“三公”经费总体（逐项与全年预算、上年比较）", _section("three_public", part3_three_public.three_public, "overall")),
    "three_public.items": Content("“三公”经费具体情况（逐项）", _three_public_items),
    "three_public.summary": Content(
        "“三公”经费总体（与预算比较一个原因、与上年比较逐项原因）", _section("three_public_summary", part3_summary.three_public_summary, "lines")
    ),
    "three_public.shares": Content(
        "“三公”经费具体情况（各项占比及明细）", _section("three_public_shares", part3_summary.three_public_shares, "lines")
    ),
    "operating_expenses": Content("机关运行经费", _section("operating_expenses", part3_other.operating_expenses, "text")),
    "procurement": Content("政府采购（授予中小企业合同）", _section("procurement", part3_other.procurement, "text")),
    "procurement.reserved": Content(
        "政府采购（面向中小企业预留项目）", _section("procurement_reserved", part3_summary.procurement_reserved, "lines")
    ),
    "assets": Content("国有资产占用（车辆、大型设备）", _section("assets", part3_other.assets, "text")),
    "performance.management": Content("预算绩效管理工作与项目自评汇总", _performance_management),
    "performance.projects": Content("项目绩效自评结果（逐项目）", _section("performance", part3_other.performance, "projects_intro", "projects")),
    "performance.result_use": Content("绩效评价结果应用", _section("performance", part3_other.performance, "result_use")),
    "performance.figures": Content(
        "预算绩效管理情况（汇总数字：绩效目标、跟踪、自评、等级、问题）", _section("performance_figures", part3_summary.performance_figures, "lines")
    ),
    "special": Content("财政专项、专项转移支付", _section("special", part3_other.special_transfers, "lines", note="empty_note")),
    "other": Content("其他需要说明的情况", _section("other", parts_end.other_notes, "notes", note="empty_note")),
    "glossary": Content("名词解释", _glossary),
    "annexes": Content("附件（绩效自评报告，写在该部分之后）", _annexes),
    **{f"chart.fig{n}": _chart(f"fig{n}") for n in range(1, 6)},
}


def _fill(text: str, ctx: Ctx) -> str:
    return text.replace("{unit}", ctx.model.unit.name).replace("{year}", str(ctx.accounts.year))


def build_outline(ctx: Ctx) -> list[dict[str, object]]:
    """The parts of the document, each with its heading and blocks, numbered in order."""
    from ..regions import number_parts

    unit = ctx.model.unit
    single = len(unit.scope) <= 1 and not unit.subunits

    def heading(section) -> str:
        return section.heading_single_unit if single and section.heading_single_unit else section.heading

    return number_parts(ctx.region.parts, lambda key: CONTENT[key].blocks(ctx), lambda text: _fill(text, ctx), heading)


__all__ = ["CONTENT", "build_outline"]
