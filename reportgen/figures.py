"""The narrative arithmetic: change, share and completion (domain.md §3).

Each function returns an exact result object; rounding happens only when a figure is shown
(``reportgen.money``). Zero bases are explicit kinds, never a division: a prior year of 0 is
"not comparable" (no "增长100%"), a budget of 0 has no completion rate (no "完成0%").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .money import HUNDRED, ZERO, D, quantize, quantum, truncate


class ChangeKind(StrEnum):
    UP = "up"  # 增加…增长…
    DOWN = "down"  # 减少…下降…
    FLAT = "flat"  # 持平
    NEW = "new"  # prior year 0, this year > 0: 不具可比性
    NONE = "none"  # both 0: the item did not occur
    NOT_COMPARABLE = "not_comparable"  # negative prior year: a rate would mislead


@dataclass(frozen=True)
class Change:
    current: Decimal
    prior: Decimal
    kind: ChangeKind
    amount: Decimal  # absolute difference, always >= 0
    rate: Decimal | None  # exact percentage (absolute), None when there is no meaningful base

    @property
    def difference(self) -> Decimal:
        return self.current - self.prior


def change(current: Decimal, prior: Decimal, places: int = 2) -> Change:
    """Year-on-year change of two amounts, compared as they are shown (rounded to ``places``).

    Comparing the shown figures keeps the text consistent: two amounts both printed as 10.00
    read 持平 rather than "增加0.00万元".
    """
    cur, pri = quantize(D(current), places), quantize(D(prior), places)
    diff = cur - pri
    amount = abs(diff)
    if not cur and not pri:
        return Change(cur, pri, ChangeKind.NONE, ZERO, None)
    if not diff:
        return Change(cur, pri, ChangeKind.FLAT, ZERO, ZERO)
    if not pri:
        return Change(cur, pri, ChangeKind.NEW, amount, None)
    if pri < 0:
        return Change(cur, pri, ChangeKind.NOT_COMPARABLE, amount, None)
    kind = ChangeKind.UP if diff > 0 else ChangeKind.DOWN
    return Change(cur, pri, kind, amount, amount * HUNDRED / pri)


class CompletionKind(StrEnum):
    OVER = "over"  # 决算数大于预算数
    UNDER = "under"  # 决算数小于预算数
    EQUAL = "equal"  # 预决算持平
    NO_BUDGET = "no_budget"  # budget 0, spending > 0: no rate
    NONE = "none"  # budget 0 and spending 0: did not occur


@dataclass(frozen=True)
class Completion:
    actual: Decimal
    budget: Decimal
    kind: CompletionKind
    rate: Decimal | None  # exact 决算 ÷ 预算 × 100

    @property
    def difference(self) -> Decimal:
        return self.actual - self.budget


def completion(actual: Decimal, budget: Decimal, places: int = 2) -> Completion:
    """Completion of a budget (决算 ÷ 预算 × 100), compared as shown."""
    act, bud = quantize(D(actual), places), quantize(D(budget), places)
    if not bud:
        kind = CompletionKind.NONE if not act else CompletionKind.NO_BUDGET
        return Completion(act, bud, kind, None)
    if act == bud:
        kind = CompletionKind.EQUAL
    else:
        kind = CompletionKind.OVER if act > bud else CompletionKind.UNDER
    return Completion(act, bud, kind, act * HUNDRED / bud)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """Exact percentage ``part`` of ``whole``; None for a zero whole, or for a figure not given."""
    if part is None or whole is None:
        return None
    whole = D(whole)
    if not whole:
        return None
    return D(part) * HUNDRED / whole


def shares(values: Sequence[Decimal], places: int = 1) -> list[Decimal] | None:
    """Percent shares of ``values`` rounded so that they add up to exactly 100.

    Largest-remainder (Hamilton) method: cut every exact share to ``places`` decimals, then hand
    the missing units one by one to the shares with the largest cut-off remainders (ties go to the
    larger amount, then the earlier item). Zero items keep 0. Returns None when the total is 0:
    there is nothing to divide, and the caller says so in words; None too when a value is not
    given (None): shares of an unknown total are unknown.
    """
    if any(v is None for v in values):
        return None
    amounts = [D(v) for v in values]
    if any(v < 0 for v in amounts):
        raise ValueError("shares of negative amounts are not defined")
    total = sum(amounts, ZERO)
    if not total:
        return None
    exact = [v * HUNDRED / total for v in amounts]
    cut = [truncate(e, places) for e in exact]
    unit = quantum(places)
    missing = int((HUNDRED - sum(cut, ZERO)) / unit)
    order = sorted(
        range(len(amounts)),
        key=lambda i: (-(exact[i] - cut[i]), -amounts[i], i),
    )
    for i in order[:missing]:
        cut[i] += unit
    return cut
