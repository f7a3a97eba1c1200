"""绩效自评 scoring (domain.md §6): pure functions returning exact Decimals and a grade.

Rounding is for display only (``reportgen.money``); every function here keeps the exact value.

Rules:
- 执行率得分 = min(全年执行数 ÷ 全年预算数, 100%) × weight (10 by default). A zero budget has no
  rate: the score is 0 and the caller reports it.
- "≥" indicator: B ≥ A → full points, else points × B ÷ A.
- "≤" indicator: B ≤ A → full points, else points × A ÷ B.
- "=" indicator: B = A → full points, else points × (1 − |B − A| ÷ A), not below 0 — the relative
  miss is taken off (a target of 0 missed scores 0). The rule is ours: §6 leaves "=" open.
- 定性: points × ratio; the ratio (a percentage) is given in the input and must lie within its tier
  (达成 80–100, 部分达成 60–80, 未达成 0–60); 达成 without a ratio scores 100%.
- Every score is capped at the item's points and floored at 0.
- Grades: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60; the Shanghai scale names them 优/良/合格/不合格.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import Indicator
from ..money import HUNDRED, ZERO

TIERS: dict[str, tuple[Decimal, Decimal]] = {
    "达成": (Decimal(80), Decimal(100)),
    "部分达成": (Decimal(60), Decimal(80)),
    "未达成": (ZERO, Decimal(60)),
}

GRADE_NAMES = {
    "default": ("优", "良", "中", "差"),
    "shanghai": ("优", "良", "合格", "不合格"),
}
GRADE_CUTS = (Decimal(90), Decimal(80), Decimal(60))


def _clamp(value: Decimal, points: Decimal) -> Decimal:
    return max(ZERO, min(value, points))


def execution_rate(actual: Decimal, budget: Decimal) -> Decimal | None:
    """执行率 in percent (exact), None for a zero budget."""
    if not budget:
        return None
    return actual * HUNDRED / budget


def execution_score(actual: Decimal, budget: Decimal, weight: Decimal = Decimal(10)) -> Decimal:
    """min(执行数 ÷ 预算数, 100%) × weight; 0 when there is no budget to execute."""
    if not budget:
        return ZERO
    return _clamp(weight * actual / budget, weight)


def quantitative_score(kind: str, target: Decimal, actual: Decimal, points: Decimal) -> Decimal:
    """Score of a "≥", "≤" or "=" indicator with target A and actual B."""
    if kind == "≥":
        if actual >= target or not target:
            return points
        return _clamp(points * actual / target, points)
    if kind == "≤":
        if actual <= target:
            return points
        if not actual:  # unreachable for target ≥ 0, kept for negative targets
            return points
        return _clamp(points * target / actual, points)
    if kind == "=":
        if actual == target:
            return points
        if not target:
            return ZERO
        return _clamp(points * (1 - abs(actual - target) / abs(target)), points)
    raise ValueError(f"not a quantitative indicator kind: {kind!r}")


def qualitative_ratio(achieved: str, ratio: Decimal | None) -> Decimal:
    """The percentage of points a 定性 indicator earns; raises ValueError when the ratio is
    missing (other than 达成) or outside its tier."""
    low, high = TIERS[achieved]
    if ratio is None:
        if achieved == "达成":
            return high
        raise ValueError(f"定性指标为“{achieved}”时应填写得分比例 ratio（{low}–{high}）")
    if not low <= ratio <= high:
        raise ValueError(f"得分比例 {ratio}% 不在“{achieved}”档（{low}–{high}%）内")
    return ratio


def qualitative_score(achieved: str, ratio: Decimal | None, points: Decimal) -> Decimal:
    return _clamp(points * qualitative_ratio(achieved, ratio) / HUNDRED, points)


def indicator_score(ind: Indicator, points: Decimal) -> Decimal:
    """Score of one indicator; ValueError when its actual value is missing or inconsistent."""
    if ind.kind == "定性":
        if ind.achieved is None:
            raise ValueError("定性指标应填写完成档次 achieved（达成 / 部分达成 / 未达成）")
        return qualitative_score(ind.achieved, ind.ratio, points)
    if ind.target is None or ind.actual is None:
        missing = "年度指标值 target" if ind.target is None else "实际完成值 actual"
        raise ValueError(f"定量指标（{ind.kind}）应填写{missing}")
    return quantitative_score(ind.kind, ind.target, ind.actual, points)


def is_met(ind: Indicator) -> bool:
    """Whether the indicator reached its target (full points)."""
    if ind.kind == "定性":
        return ind.achieved == "达成"
    if ind.target is None or ind.actual is None:
        return False
    if ind.kind == "≥":
        return ind.actual >= ind.target
    if ind.kind == "≤":
        return ind.actual <= ind.target
    return ind.actual == ind.target


def grade(total: Decimal, scale: str | tuple[str, ...] = "default") -> str:
    """优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (Shanghai: 优/良/合格/不合格); ``scale`` is a key of
    GRADE_NAMES or the four names themselves (a region profile's ``grades``)."""
    names = GRADE_NAMES[scale] if isinstance(scale, str) else scale
    for cut, name in zip(GRADE_CUTS, names, strict=False):
        if total >= cut:
            return name
    return names[-1]


@dataclass(frozen=True)
class Scored:
    """One indicator with its points and exact score (score None when it cannot be computed)."""

    indicator: Indicator
    points: Decimal
    score: Decimal | None
    met: bool
    problem: str = ""
