"""Inputs in 元 → 万元 with 舍位平衡 (rounding that keeps every total equal to its items).

An accounting system exports amounts in 元; the report prints 万元 to 2 decimals. Rounding each
amount on its own breaks sums (three items of 0.333333 万元 print 0.33 each beside a total of
1.00). reportgen derives every total from its items, so what must be chosen is the rounding of
the items: each total, rounded from the exact 元 figures, is shared out among its parts top-down;
a part gets its own rounded value and the residual goes to the largest part (domain.md §4). The
items that end up differing from their own rounding are reported as notes
(``units.rounding_adjustment``), so the adjustment is visible in the run's report.

Totals kept equal to the rounding of their exact value:
- function items (表2/表3/表5/表7/表8): the grand total and 类/款/项 row totals of every column
  family (income by source, spending by type, 一般公共预算 basic+project, fund figures), and each
  column's grand total (moving a cent between the columns of one row where the two disagree);
- basic expenditure (表6): total → 人员/公用经费 → 类 (301 …) → 款;
- 三公 (表9): 合计 → 因公出国 / 公务用车 (购置, 运行) / 公务接待 (外宾, 国内), for budget, actual, prior;
- 财政拨款 结转和结余 (表4) by fund, and procurement by kind.
Everything else is rounded on its own (half up).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from .diagnostics import Issue, Severity, Source
from .glossary import PERSONNEL_GROUPS, PUBLIC_GROUPS
from .loader import Document
from .model import FinalAccounts
from .money import CENT, ZERO, quantize

YUAN_PER_WAN = Decimal(10000)
RULE = "units.rounding_adjustment"
M = TypeVar("M", bound=BaseModel)  # a report kind's input model (with amount_unit)
NOT_MONEY = {"score", "average_score", "execution_rate"}  # Decimal fields that are not amounts
NOT_MONEY_PARTS = ("Indicator", "Weights")  # models whose numbers are measures, points and weights

Tree = str | list["Tree"]  # a leaf is a field path; a node lists its parts


def _money_fields(obj: Any, path: str) -> Iterator[tuple[str, BaseModel, str]]:
    if isinstance(obj, BaseModel) and type(obj).__name__ in NOT_MONEY_PARTS:
        return  # an indicator's target (95 %), a weight (50 points): not amounts
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            child = f"{path}.{name}" if path else name
            if isinstance(value, Decimal) and name not in NOT_MONEY:
                yield child, obj, name
            else:
                yield from _money_fields(value, child)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _money_fields(value, f"{path}[{i}]")


class _Rounding:
    def __init__(self, model: FinalAccounts, divisor: Decimal = YUAN_PER_WAN) -> None:
        self.slots: dict[str, tuple[BaseModel, str]] = {}
        self.exact: dict[str, Decimal] = {}
        self.yuan: dict[str, Decimal] = {}
        for path, owner, name in _money_fields(model, ""):
            self.slots[path] = (owner, name)
            self.yuan[path] = getattr(owner, name)
            self.exact[path] = self.yuan[path] / divisor
        self.naive = {path: quantize(value) for path, value in self.exact.items()}
        self.value = dict(self.naive)

    def exact_sum(self, tree: Tree) -> Decimal:
        if isinstance(tree, str):
            return self.exact.get(tree, ZERO)
        return sum((self.exact_sum(part) for part in tree), ZERO)

    def settle(self, tree: Tree, target: Decimal | None = None) -> None:
        """Give ``tree`` the total ``target`` (default: its rounded exact total), shared top-down."""
        if target is None:
            target = quantize(self.exact_sum(tree))
        if isinstance(tree, str):
            if tree in self.value:
                self.value[tree] = target
            return
        for part, share in zip(tree, share_out(target, [self.exact_sum(p) for p in tree]), strict=True):
            self.settle(part, share)

    def apply(self) -> None:
        for path, (owner, name) in self.slots.items():
            setattr(owner, name, self.value[path])


def share_out(target: Decimal, exact: list[Decimal]) -> list[Decimal]:
    """Round each part half up; the residual (target − Σ rounded parts) goes to the largest part."""
    parts = [quantize(value) for value in exact]
    residual = target - sum(parts, ZERO)
    if residual and parts:
        largest = max(range(len(exact)), key=lambda i: (abs(exact[i]), -i))
        parts[largest] += residual
    return parts


def _function_tree(model: FinalAccounts, leaf: Callable[[int], list[str]]) -> Tree:
    """total → 类 → 款 → 项 → the item's columns."""
    classes: dict[str, dict[str, list[Tree]]] = {}
    for i, item in enumerate(model.functions):
        classes.setdefault(item.code[:3], {}).setdefault(item.code[:5], []).append(leaf(i))
    return [[list(kuans) for kuans in sections.values()] for sections in classes.values()]


def _balance_columns(rounding: _Rounding, model: FinalAccounts, columns: list[str]) -> None:
    """Make each column's grand total its rounded exact total, moving cents within rows."""
    rows = [[f"functions[{i}].{c}" for c in columns] for i in range(len(model.functions))]
    if len(columns) < 2 or not rows:
        return
    grand = sum((rounding.value[p] for row in rows for p in row), ZERO)
    want = share_out(grand, [sum((rounding.exact[row[j]] for row in rows), ZERO) for j in range(len(columns))])
    for _ in range(10000):
        have = [sum((rounding.value[row[j]] for row in rows), ZERO) for j in range(len(columns))]
        over = next((j for j in range(len(columns)) if have[j] > want[j]), None)
        under = next((k for k in range(len(columns)) if have[k] < want[k]), None)
        if over is None or under is None:
            return
        candidates = [row for row in rows if rounding.value[row[over]] >= CENT and rounding.exact[row[under]] > 0]
        if not candidates:
            return  # no row holds both columns: the column totals stay as their items add up
        row = max(candidates, key=lambda r: rounding.value[r[over]])
        rounding.value[row[over]] -= CENT
        rounding.value[row[under]] += CENT


FUNCTION_FAMILIES: list[list[str]] = [
    [f"income.{k}" for k in ("general_budget", "gov_fund", "state_capital", "superior_subsidy", "business", "operating", "affiliated", "other")],
    [f"spending.{k}" for k in ("basic", "project", "to_superior", "operating", "to_affiliated")],
    ["general_budget.basic", "general_budget.project"],
    ["general_budget.initial_budget"],
    *([f"{fund}.basic", f"{fund}.project"] for fund in ("gov_fund", "state_capital")),
    *([f"{fund}.{k}"] for fund in ("gov_fund", "state_capital") for k in ("carry_begin", "income", "carry_end")),
]


def _plan(rounding: _Rounding, model: FinalAccounts) -> None:
    for columns in FUNCTION_FAMILIES:
        rounding.settle(_function_tree(model, lambda i, cols=columns: [f"functions[{i}].{c}" for c in cols]))
        _balance_columns(rounding, model, columns)

    groups: dict[str, dict[str, list[Tree]]] = {}
    for i, item in enumerate(model.basic_expenditure):
        if len(item.code) != 5:
            continue  # a 类 row as printed: rounded on its own and checked against its 款
        group = "personnel" if item.code[:3] in PERSONNEL_GROUPS else "public" if item.code[:3] in PUBLIC_GROUPS else "other"
        groups.setdefault(group, {}).setdefault(item.code[:3], []).append(f"basic_expenditure[{i}].amount")
    rounding.settle([list(classes.values()) for classes in groups.values()])

    for k in ("budget", "actual", "prior"):
        vehicle = [f"three_public.vehicle_purchase.{k}", f"three_public.vehicle_operation.{k}"]
        if k == "budget":
            reception: Tree = "three_public.reception.budget"
        else:
            reception = [f"three_public.reception.foreign.{k}", f"three_public.reception.domestic.{k}"]
        rounding.settle([f"three_public.outbound.{k}", vehicle, reception])

    for when in ("begin", "end"):
        rounding.settle([f"fiscal_carry.{when}.{fund}" for fund in ("general_budget", "gov_fund", "state_capital")])
    rounding.settle([f"procurement.{kind}.total" for kind in ("goods", "works", "services")])


def _has_sub_cent(model: BaseModel) -> bool:
    """Whether an amount of ``model`` (the fields ``_money_fields`` yields) has more than two
    decimals; walked without building the fields' paths, as every render asks it."""
    stack: list[Any] = [model]
    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, BaseModel) and type(obj).__name__ not in NOT_MONEY_PARTS:
            for name in type(obj).model_fields:
                value = getattr(obj, name)
                if isinstance(value, Decimal):
                    if name not in NOT_MONEY and value.as_tuple().exponent < -2:
                        return True
                elif isinstance(value, (BaseModel, list)):
                    stack.append(value)
    return False


def to_wan(model: FinalAccounts, document: Document | None = None) -> tuple[FinalAccounts, list[Issue]]:
    """The model in 万元 to the cent, with 舍位平衡, and the adjustments made.

    Amounts in 元 are divided by 10000; amounts in 万元 with more than two decimals (a workbook
    sheet kept in 元, a value computed elsewhere) are brought to the cent the same way, so that
    every printed total is the sum of its printed items whatever the input's unit.
    """
    return convert(model, _plan, document)


def convert(model: M, plan: Callable[[_Rounding, M], None], document: Document | None = None) -> tuple[M, list[Issue]]:
    """``model`` (any report kind's, with ``amount_unit``) in 万元 to the cent: the trees ``plan``
    settles kept equal to the rounding of their exact value, every other amount rounded on its
    own; each amount moved off its own rounding is a note placed in ``document``."""
    in_yuan = model.amount_unit == "元"
    if not in_yuan and not _has_sub_cent(model):
        return model, []
    converted = copy.deepcopy(model)
    rounding = _Rounding(converted, YUAN_PER_WAN if in_yuan else Decimal(1))
    plan(rounding, converted)
    rounding.apply()
    converted.amount_unit = "万元"
    issues = []
    for path, value in rounding.value.items():
        naive = rounding.naive[path]
        if value == naive:
            continue
        given = f"{rounding.yuan[path]}{'元' if in_yuan else '万元'}"
        source = document.source(path) if document is not None else Source(path=path)
        issues.append(
            Issue(
                RULE,
                Severity.NOTE,
                f"舍位平衡：{given} 换算为 {value}万元（单独四舍五入为 {naive}，调整 {value - naive:+}），"
                "使合计等于各项之和",
                source,
            )
        )
    return converted, issues
