"""A budget input in 元 (or 万元 with more than two decimals) → 万元 to the cent, with 舍位平衡
over every tree of the budget (spec Appendix 6): seed 002's 43.30 / 43.31, 692.11 / 692.12 and
123.43 / 123.44 are what rounding each row on its own produces.

Kept equal to the rounding of their exact value, top-down (reportgen.units machinery):
- every column of the 功能分类 matrix (source × fund × 基本/项目, and the non-fiscal columns):
  total → 类 → 款 → 项 (表1-2, 表2, 表3, 表4, 表5);
- the same columns of the 经济分类 rows: total → unit → 类 → 款 (表2-1, 表3-1; the 人员经费 and
  公用经费 groups of 表3-1 are 类 sets, so they are kept too);
- income by source over the units (表1-1), and the 表3-2 projects of each 项 and fund.
Everything else is rounded on its own. Each amount moved off its own rounding is a note.
"""

from __future__ import annotations

from ..diagnostics import Issue
from ..loader import Document
from ..units import Tree, _Rounding, convert
from .model import FUNDS, SOURCES, TYPES, BudgetReport

NON_FISCAL = ("basic", "project", "to_superior", "to_affiliated")
COLUMNS = [f"{s}.{f}.{t}" for s in SOURCES for f in FUNDS for t in TYPES] + [f"non_fiscal.{k}" for k in NON_FISCAL]


def _function_tree(model: BudgetReport, column: str) -> Tree:
    classes: dict[str, dict[str, list[Tree]]] = {}
    for i, item in enumerate(model.functions):
        classes.setdefault(item.code[:3], {}).setdefault(item.code[:5], []).append(f"functions[{i}].{column}")
    return [list(kuans.values()) for kuans in classes.values()]


def _economic_tree(model: BudgetReport, column: str) -> Tree:
    units: dict[str, dict[str, list[Tree]]] = {}
    for i, item in enumerate(model.economic):
        units.setdefault(item.unit, {}).setdefault(item.code[:3], []).append(f"economic[{i}].{column}")
    return [list(classes.values()) for classes in units.values()]


def _plan(rounding: _Rounding, model: BudgetReport) -> None:
    for column in COLUMNS:
        rounding.settle(_function_tree(model, column))
        rounding.settle(_economic_tree(model, column))
    for key in ("general_budget", "gov_fund", "state_capital", "business", "operating", "other", "superior_subsidy", "affiliated"):
        rounding.settle([f"income[{i}].current.{key}" for i in range(len(model.income))])
    for key in (*FUNDS, "non_fiscal"):
        rounding.settle([f"income[{i}].carryover.{key}" for i in range(len(model.income))])
    groups: dict[tuple[str, str, str, str], list[Tree]] = {}
    for i, project in enumerate(model.projects):
        groups.setdefault((project.function, project.unit, project.fund, project.source), []).append(f"projects[{i}].amount")
    for parts in groups.values():
        rounding.settle(parts)


def to_wan(model: BudgetReport, document: Document | None = None) -> tuple[BudgetReport, list[Issue]]:
    """The budget in 万元 to the cent, with 舍位平衡, and the adjustments made (notes)."""
    return convert(model, _plan, document)
