"""The budget report's outline from its region profile: parts, numbered headings, content blocks.

The Word template iterates the outline (``{%p for part in outline %}``) as the 决算's does
(``reportgen.sections.outline``): the numbers 第N部分, 一、, （一） follow the profile's order, the
headings' words are the profile's, the sentences are the section builder's
(``reportgen.budget.sections``). ``CONTENT`` names every block a budget profile may place
(``reportgen regions --content 部门预算``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..regions import fill, number_parts

Block = dict[str, str]


def _texts(*texts: Any) -> list[Block]:
    out: list[Block] = []
    for text in texts:
        if isinstance(text, list):
            out += [{"style": "body", "text": t} for t in text if t]
        elif text:
            out.append({"style": "body", "text": str(text)})
    return out


@dataclass(frozen=True)
class Content:
    description: str
    blocks: Callable[[dict[str, Any]], list[Block]]


def _fields(section: str, *names: str) -> Callable[[dict[str, Any]], list[Block]]:
    def blocks(context: dict[str, Any]) -> list[Block]:
        fragment = context[section]
        return _texts(*(fragment[n] for n in names) if names else (fragment,))

    return blocks


def _tables(context: dict[str, Any]) -> list[Block]:
    out: list[Block] = []
    for entry in context["tables"]["entries"]:
        out += [
            {"style": "table_number", "text": entry["number"]},
            {"style": "table_title", "text": entry["title"]},
            {"style": "body", "text": entry["anchor"]},  # replaced by the drawn table (reportgen.budget.report)
        ]
        if entry["note"]:
            out.append({"style": "note", "text": entry["note"]})
    out.append({"style": "body", "text": context["tables"]["end_anchor"]})
    return out


CONTENT: dict[str, Content] = {
    "profile.duties": Content("职能简介（逐条）", _fields("profile", "duties")),
    "profile.key_tasks": Content("重点工作（引言与逐条）", _fields("profile", "key_tasks_intro", "key_tasks")),
    "profile.composition": Content("部门单位构成", _fields("profile", "composition")),
    "scope": Content("收支预算范围（收入包括、支出包括）", _fields("s1", "scope")),
    "total": Content("收支预算总数与上年比较", _fields("s1", "total")),
    "income": Content("收入预算及各来源占比", _fields("s1", "income")),
    "spending": Content("支出预算及基本/项目支出占比", _fields("s1", "spending")),
    "fiscal.total": Content("财政拨款收支预算总数与上年比较", _fields("s2", "total")),
    "fiscal.lists": Content("财政拨款收入、支出列举", _fields("s2", "lists")),
    "general_budget.scale": Content("一般公共预算当年拨款规模变化", _fields("s3", "scale")),
    "general_budget.structure": Content("一般公共预算当年拨款结构（按类占比）", _fields("s3", "structure")),
    "general_budget.details": Content("一般公共预算当年拨款具体使用（按项）", _fields("s3", "details")),
    "basic": Content("一般公共预算基本支出（人员经费、公用经费）", _fields("s4", "personnel", "public")),
    "three_public": Content("“三公”经费财政拨款预算（总数与逐项、车辆）", _fields("s5", "lead", "lines")),
    "gov_fund": Content("政府性基金预算支出", _fields("s6")),
    "state_capital": Content("国有资本经营预算支出", _fields("s7")),
    "operating_expenses": Content("机关运行经费", _fields("s8", "operating")),
    "procurement": Content("政府采购", _fields("s8", "procurement")),
    "assets": Content("国有资产占有使用（车辆、大型设备）", _fields("s8", "assets")),
    "performance": Content("预算绩效（绩效目标管理）", _fields("s8", "performance")),
    "catalogue": Content("预算表目录", _fields("catalogue")),
    "tables": Content("十四张预算表（按体例的顺序、表号和标题）", _tables),
    "glossary": Content("名词解释", _fields("glossary")),
}


def fill_heading(text: str, context: dict[str, Any]) -> str:
    unit = context["unit"]
    values = {"unit": unit["name"], "short": unit["short"], "year": unit["year"], "prior": unit["year"] - 1}
    return fill(text, values)


def build_outline(region, context: dict[str, Any]) -> list[dict[str, Any]]:
    """The parts of the document, each with its heading and blocks, numbered in order."""
    return number_parts(region.parts, lambda key: CONTENT[key].blocks(context), lambda text: fill_heading(text, context))


__all__ = ["CONTENT", "build_outline"]
