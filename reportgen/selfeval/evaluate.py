"""Evaluate the input's self-evaluations: points, scores, totals, grades and findings.

``evaluate(model, source)`` is the one entry point: it returns the results every document is built
from (standalone reports, the 部门决算 annexes, 十三 summary) and the findings (``Issue``), so all
of them show the same numbers by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..diagnostics import Issue, Severity, Source
from ..model import (
    DepartmentEvaluation,
    FinalAccounts,
    FundRow,
    Indicator,
    ProjectEvaluation,
    Weights,
)
from ..money import HUNDRED, ZERO, format_number, quantize
from .scoring import Scored, execution_rate, execution_score, grade, indicator_score, is_met

SourceOf = Callable[[str], Source]
EXECUTION_REASON_BELOW = Decimal(90)  # 执行率 below this needs a 偏差原因 (domain.md §6)
# 一级指标 of a project tree and their ``Weights`` field. 成本指标 is a 一级 in the 2021 framework
# (产出 / 成本 / 效益 / 满意度) and a 二级 of 产出 in the 2020 one (domain.md §6).
LEVEL_WEIGHTS = (("产出", "output"), ("成本", "cost"), ("效益", "benefit"), ("满意", "satisfaction"))
LEVEL_NAMES = {"output": "产出指标", "cost": "成本指标", "benefit": "效益指标", "satisfaction": "满意度指标"}
# 预算执行率 weights in use besides the default 10 (domain-budget.md §B.6 4(c)): when every
# indicator carries its 分值 and no 执行率 weight is written, 100 − Σ 分值 is the 执行率 weight if it
# is one of these (80 points: 20); any other total keeps the finding "Σ + 10 ≠ 100"
DERIVED_EXECUTION_WEIGHTS = (Decimal(20),)
# 管理类指标 whose actual value the 决算 of the same run gives (domain-budget.md §B.6 4(e), §B.3)
FROM_ACCOUNTS = ("预算执行率",)


def score_text(value: Decimal) -> str:
    """A score as shown: 2 decimals, trailing zeros dropped (96.80 → 96.8, 100.00 → 100)."""
    text = format_number(value, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class FundLine:
    label: str
    initial_budget: Decimal | None
    budget: Decimal
    actual: Decimal


@dataclass
class ProjectResult:
    project: ProjectEvaluation
    index: int
    weights: Weights
    funds: list[FundLine]  # 年度资金总额 first, then 本年财政拨款 / 上年结转 / 其他资金
    rate: Decimal | None  # exact 执行率 (%)
    execution_score: Decimal
    indicators: list[Scored]
    total: Decimal  # the printed 自评得分: the declared one, or the computed one when asked for or missing
    grade: str
    computed: Decimal | None = None  # from the indicators (None without an indicator table)

    @property
    def name(self) -> str:
        return self.project.name


@dataclass
class DepartmentResult:
    evaluation: DepartmentEvaluation
    indicators: list[Scored]
    total: Decimal  # the printed 自评得分 (see ProjectResult.total)
    grade: str
    computed: Decimal | None = None


@dataclass
class Evaluation:
    projects: list[ProjectResult] = field(default_factory=list)
    department: DepartmentResult | None = None
    issues: list[Issue] = field(default_factory=list)


def grade_scale(model: FinalAccounts) -> tuple[str, ...]:
    """The grade names (≥90, 80–90, 60–80, <60): the input's performance.grades, else the region's."""
    from .. import regions
    from .scoring import GRADE_NAMES

    perf = model.performance
    if perf.grades:
        return GRADE_NAMES[perf.grades]
    return tuple(regions.of(model).grades)


def _split(total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` parts of 2 decimals that add up exactly (the last takes the rest)."""
    if count <= 0:
        return []
    part = quantize(total / count, 2)
    return [part] * (count - 1) + [total - part * (count - 1)]


def _assign_points(indicators: Sequence[Indicator], key_of: Callable[[Indicator], str], weight_of: Callable[[str], Decimal | None]) -> list[Decimal]:
    """Points of each indicator: its own, else an equal share of what its group's weight leaves."""
    groups: dict[str, list[int]] = {}
    for i, ind in enumerate(indicators):
        groups.setdefault(key_of(ind), []).append(i)
    points: list[Decimal] = [ind.points if ind.points is not None else ZERO for ind in indicators]
    for key, members in groups.items():
        open_ = [i for i in members if indicators[i].points is None]
        if not open_:
            continue
        given = sum((indicators[i].points or ZERO for i in members), ZERO)
        left = max(ZERO, (weight_of(key) or ZERO) - given)
        for i, share in zip(open_, _split(left, len(open_)), strict=True):
            points[i] = share
    return points


def _level_key(level1: str, separate_cost: bool) -> str:
    """The ``Weights`` field of a 一级指标 ("output", "cost", …); an unknown 一级 is its own group
    (prefixed "?", no weight). 成本 shares the 产出 weight unless a cost weight is declared."""
    for prefix, key in LEVEL_WEIGHTS:
        if level1.startswith(prefix):
            return "output" if key == "cost" and not separate_cost else key
    return f"?{level1}"


def _group_name(key: str, separate_cost: bool, members: Sequence[Indicator]) -> str:
    name = LEVEL_NAMES[key]
    if key == "output" and not separate_cost and any(i.level1.startswith("成本") for i in members):
        name += "（含成本指标）"
    return name


@dataclass(frozen=True)
class _Weighting:
    """How a project's 一级 weights came about: ``weights`` is what is used; ``derived`` the 一级
    (Weights fields) whose every indicator has its points, weighted by their sum."""

    weights: Weights
    key_of: Callable[[Indicator], str]
    groups: dict[str, list[int]]
    derived: dict[str, Decimal]


def _weighting(p: ProjectEvaluation, given: Weights, declared: set[str] = frozenset()) -> _Weighting:  # type: ignore[assignment]
    separate = given.cost is not None

    def key_of(ind: Indicator) -> str:
        return _level_key(ind.level1, separate)

    groups: dict[str, list[int]] = {}
    for j, ind in enumerate(p.indicators):
        groups.setdefault(key_of(ind), []).append(j)
    derived = {
        key: sum((p.indicators[j].points or ZERO for j in members), ZERO)
        for key, members in groups.items()
        if not key.startswith("?") and all(p.indicators[j].points is not None for j in members)
    }
    weights = given.model_copy(update=derived) if derived else given
    if p.indicators and all(ind.points is not None for ind in p.indicators) and "execution" not in declared:
        rest = HUNDRED - sum((ind.points or ZERO for ind in p.indicators), ZERO)
        if rest in DERIVED_EXECUTION_WEIGHTS:
            weights = weights.model_copy(update={"execution": rest})
    return _Weighting(weights, key_of, groups, derived)


def _check_weights(p: ProjectEvaluation, w: _Weighting, given: Weights, declared: set[str], wpath: str,
                   base: str, points: Sequence[Decimal], src: SourceOf, issues: list[Issue]) -> None:
    """Findings on a project's weights: a declared weight the indicators' points contradict (both
    places named), a 一级 whose points exceed its weight, and a total other than 100."""
    separate = given.cost is not None
    for _, key in LEVEL_WEIGHTS:
        members = w.groups.get(key, [])
        if not members:
            continue
        inds = [p.indicators[j] for j in members]
        name = _group_name(key, separate, inds)
        total = sum((points[j] for j in members), ZERO)
        if key in w.derived:
            if key in declared and getattr(given, key) != total:
                first = src(f"{base}.indicators[{members[0]}].points")
                more = f" 等 {len(members)} 项" if len(members) > 1 else ""
                issues.append(Issue(
                    "selfeval.weights", Severity.WARNING,
                    f"项目“{p.name}”{name}分值合计 {score_text(total)}（分值见 {first}{more}）≠ 填报的权重 "
                    f"{score_text(getattr(given, key))}；按指标分值计分，请删去或改正此权重",
                    src(f"{wpath}.{key}"),
                ))
        elif total != getattr(w.weights, key):
            issues.append(Issue(
                "selfeval.weights", Severity.WARNING,
                f"项目“{p.name}”{name}分值合计 {score_text(total)} ≠ 权重 {score_text(getattr(w.weights, key))}",
                src(f"{base}.indicators"),
            ))
    if p.indicators and all(ind.points is not None for ind in p.indicators):
        # every point is given (the 绩效目标 file's 分值): they and the 执行率 weight make 100
        total = sum(points, ZERO)
        if total + w.weights.execution != HUNDRED:
            issues.append(Issue(
                "selfeval.weights", Severity.WARNING,
                f"项目“{p.name}”三级指标分值合计 {score_text(total)} + 预算执行率权重 {score_text(w.weights.execution)}"
                f" = {score_text(total + w.weights.execution)} ≠ 100",
                src(f"{base}.indicators"),
            ))
        return
    ws = w.weights
    weight_total = ws.output + ws.benefit + ws.satisfaction + ws.execution + (ws.cost or ZERO)
    if weight_total != HUNDRED:
        issues.append(Issue("selfeval.weights", Severity.WARNING, f"权重合计 {score_text(weight_total)} ≠ 100", src(wpath)))


@dataclass(frozen=True)
class AccountsValue:
    """A 管理类指标's actual value the 决算 gives: the exact value (%), and the places it comes from
    (their ``Source``s, printed in a finding) and how it is computed."""

    value: Decimal
    places: tuple[Source, ...]
    formula: str


def _indicator_key(name: str) -> str:
    return "".join(name.split()).strip("“”\"")


def _written_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _with_accounts_values(indicators: Sequence[Indicator], known: AccountsValue | None, base: str, who: str,
                          src: SourceOf, issues: list[Issue]) -> list[Indicator]:
    """The indicators, with a 预算执行率 whose actual value the 决算 gives taken from it (a note says
    so: never silently); a value typed as well that disagrees is a finding naming both places, and
    the 决算's value is scored. A value typed where the 决算 gives none stays as typed."""
    if known is None:
        return list(indicators)
    out: list[Indicator] = []
    shown = quantize(known.value, 2)
    there = "、".join(str(place) for place in known.places)
    for j, ind in enumerate(indicators):
        if _indicator_key(ind.name) not in FROM_ACCOUNTS or ind.kind == "定性" or ind.unit.strip() not in ("%", "％", ""):
            out.append(ind)
            continue
        path = f"{base}.indicators[{j}].actual"
        if ind.actual is not None:
            if quantize(known.value, _written_places(ind.actual)) != ind.actual:
                issues.append(Issue(
                    "selfeval.actual_from_accounts", Severity.WARNING,
                    f"{who}指标“{ind.name}”实际完成值填报为 {format_number(ind.actual, _written_places(ind.actual))}，"
                    f"与决算数据计算的 {format_number(shown, 2)}% 不一致（{known.formula}，见 {there}）；按决算数据计分，"
                    "请删去或改正填报值",
                    src(path),
                ))
            else:
                out.append(ind)
                continue
        else:
            issues.append(Issue(
                "selfeval.actual_from_accounts", Severity.NOTE,
                f"{who}指标“{ind.name}”实际完成值取自决算数据：{format_number(shown, 2)}%（{known.formula}，见 {there}）",
                src(path),
            ))
        out.append(ind.model_copy(update={"actual": shown}))
    return out


def _project_execution(p: ProjectEvaluation, base: str, src: SourceOf) -> AccountsValue | None:
    rate = execution_rate(p.actual, p.budget)
    if rate is None:
        return None
    formula = f"全年执行数 {format_number(p.actual)} ÷ 全年预算数 {format_number(p.budget)} × 100%"
    return AccountsValue(rate, (src(f"{base}.actual"), src(f"{base}.budget")), formula)


def department_execution(model: FinalAccounts, src: SourceOf) -> AccountsValue | None:
    """The department's 预算执行率 from the 决算: 表5 一般公共预算财政拨款支出 ÷ its 全年预算数 (the
    调整预算数 the 决算 states) × 100%. None when the 决算 gives no 全年预算数 (the 合计 row's, or
    every 项's), so nothing is guessed."""
    printed = model.totals.general_budget
    items = model.functions
    if printed is not None and printed.full_budget is not None:
        budget, budget_at = printed.full_budget, src("totals.general_budget.full_budget")
    elif items and all(item.general_budget.full_budget is not None for item in items):
        budget = sum((item.general_budget.full_budget or ZERO for item in items), ZERO)
        budget_at = src("functions[0].general_budget.full_budget")
    else:
        return None
    if printed is not None and printed.total is not None:
        actual = printed.total
    elif printed is not None and (printed.basic is not None or printed.project is not None):
        actual = (printed.basic or ZERO) + (printed.project or ZERO)
    else:
        actual = sum((item.general_budget.total if item.general_budget.total is not None
                      else item.general_budget.basic + item.general_budget.project for item in items), ZERO)
    rate = execution_rate(actual, budget)
    if rate is None:
        return None
    formula = f"一般公共预算财政拨款支出 {format_number(actual)} ÷ 全年预算数 {format_number(budget)} × 100%"
    return AccountsValue(rate, (budget_at,), formula)


def _score_indicators(indicators: Sequence[Indicator], points: Sequence[Decimal], base: str, src: SourceOf, issues: list[Issue]) -> list[Scored]:
    scored = []
    for j, (ind, pts) in enumerate(zip(indicators, points, strict=True)):
        path = f"{base}.indicators[{j}]"
        try:
            value = indicator_score(ind, pts)
            problem = ""
        except ValueError as exc:
            value, problem = None, str(exc)
            issues.append(Issue("selfeval.indicator", Severity.ERROR, f"指标“{ind.name}”：{problem}", src(path)))
        met = is_met(ind)
        scored.append(Scored(ind, pts, value, met, problem))
        if value is not None and ind.score is not None and quantize(value, 2) != quantize(ind.score, 2):
            issues.append(Issue(
                "selfeval.indicator_score", Severity.WARNING,
                f"指标“{ind.name}”填报得分 {score_text(ind.score)} ≠ 计算得分 {score_text(value)}（分值 {score_text(pts)}）",
                src(f"{path}.score"),
            ))
        if value is not None and not met and not ind.deviation.strip():
            issues.append(Issue(
                "selfeval.missing_reason", Severity.WARNING,
                f"指标“{ind.name}”未完成年度指标值，应填写偏差原因（deviation）",
                src(f"{path}.deviation"),
            ))
    return scored


def _funds(p: ProjectEvaluation, base: str, src: SourceOf, issues: list[Issue]) -> list[FundLine]:
    if p.funds is None:
        rows = [("本年财政拨款", FundRow(initial_budget=p.initial_budget, budget=p.budget, actual=p.actual)),
                ("上年结转", FundRow()), ("其他资金", FundRow())]
    else:
        rows = [("本年财政拨款", p.funds.fiscal), ("上年结转", p.funds.carryover), ("其他资金", p.funds.other)]
        for attr, label in (("budget", "全年预算数"), ("actual", "全年执行数")):
            parts = sum((getattr(r, attr) for _, r in rows), ZERO)
            if parts != getattr(p, attr):
                issues.append(Issue(
                    "selfeval.funds_sum", Severity.ERROR,
                    f"项目“{p.name}”资金来源{label}合计 {format_number(parts)} ≠ {label} {format_number(getattr(p, attr))}",
                    src(f"{base}.funds"),
                ))
    initials = [r.initial_budget for _, r in rows]
    initial_total = p.initial_budget
    if initial_total is None and any(v is not None for v in initials):
        initial_total = sum((v or ZERO for v in initials), ZERO)
    total = FundLine("年度资金总额", initial_total, p.budget, p.actual)
    return [total, *(FundLine(label, r.initial_budget, r.budget, r.actual) for label, r in rows)]


def _breakdown(exec_score: Decimal | None, scored: Sequence[Scored]) -> str:
    parts = [] if exec_score is None else [f"执行率 {score_text(exec_score)}"]
    parts += [f"{s.indicator.name} {score_text(s.score)}/{score_text(s.points)}" for s in scored if s.score is not None]
    return "、".join(parts)


def _printed_score(
    declared: Decimal | None, computed: Decimal | None, fallback: Decimal, who: str, path: str, mode: str,
    src: SourceOf, issues: list[Issue], breakdown: str,
) -> Decimal:
    """The 自评得分 the documents print: the declared one (the department's), the computed one as
    a check; ``mode`` "computed" prints the computed one instead. A missing declared score is a
    finding; the computed one (or, with no indicators, ``fallback``) is printed then."""
    if declared is None:
        shown = computed if computed is not None else fallback
        issues.append(Issue(
            "selfeval.score_missing", Severity.WARNING,
            f"{who}未填报自评得分（score），印计算得分 {score_text(shown)}", src(path),
        ))
        return shown
    if computed is not None and quantize(declared, 2) != quantize(computed, 2):
        issues.append(Issue(
            "selfeval.score", Severity.WARNING,
            f"{who}填报自评得分 {score_text(declared)} ≠ 计算得分 {score_text(computed)}（差 {score_text(abs(computed - declared))}；"
            f"计算：{breakdown}）；印{'计算' if mode == 'computed' else '填报'}得分",
            src(path),
        ))
    return computed if mode == "computed" and computed is not None else declared


def evaluate_project(p: ProjectEvaluation, index: int, default_weights: Weights, scale: str | tuple[str, ...], src: SourceOf,
                     issues: list[Issue], mode: str = "declared", default_declared: bool = False) -> ProjectResult:
    """One project's scores. Its 一级 weights are the project's ``weights``, else the input's
    ``performance.weights`` (``default_declared``: written in the input), else the defaults; a 一级
    whose indicators all carry points (the 绩效目标 file's 分值) is weighted by their sum instead."""
    base = f"performance.projects[{index}]"
    given = p.weights or default_weights
    declared = set(p.weights.model_fields_set) if p.weights else (set(default_weights.model_fields_set) if default_declared else set())
    wpath = f"{base}.weights" if p.weights else "performance.weights"
    w = _weighting(p, given, declared)
    weights = w.weights
    funds = _funds(p, base, src, issues)
    rate = execution_rate(p.actual, p.budget)
    exec_score = execution_score(p.actual, p.budget, weights.execution)
    if rate is None:
        issues.append(Issue("selfeval.no_budget", Severity.WARNING, f"项目“{p.name}”全年预算数为0，无法计算执行率，执行率得分记0分", src(f"{base}.budget")))
    elif rate < EXECUTION_REASON_BELOW and not p.execution_reason.strip():
        issues.append(Issue(
            "selfeval.missing_reason", Severity.WARNING,
            f"项目“{p.name}”执行率 {format_number(rate, 2)}% 低于90%，应填写执行率偏差原因（execution_reason）",
            src(f"{base}.execution_reason"),
        ))
    points = _assign_points(p.indicators, w.key_of, lambda key: None if key.startswith("?") else getattr(weights, key))
    _check_weights(p, w, given, declared, wpath, base, points, src, issues)
    indicators = _with_accounts_values(p.indicators, _project_execution(p, base, src), base, f"项目“{p.name}”", src, issues)
    scored = _score_indicators(indicators, points, base, src, issues)
    computed = exec_score + sum((s.score or ZERO for s in scored), ZERO) if p.indicators else None
    total = _printed_score(p.score, computed, exec_score, f"项目“{p.name}”", f"{base}.score", mode, src, issues, _breakdown(exec_score, scored))
    return ProjectResult(p, index, weights, funds, rate, exec_score, scored, total, grade(total, scale), computed)


def evaluate_department(d: DepartmentEvaluation, scale: str | tuple[str, ...], src: SourceOf, issues: list[Issue], mode: str = "declared",
                        execution: AccountsValue | None = None) -> DepartmentResult:
    """The department's scores; ``execution`` is the 预算执行率 the 决算 gives (its indicator's
    actual value is taken from it)."""
    base = "performance.department_evaluation"
    points = _assign_points(d.indicators, lambda ind: "", lambda key: HUNDRED)
    if d.indicators:
        if sum(points, ZERO) != HUNDRED:
            issues.append(Issue("selfeval.weights", Severity.WARNING, f"整体自评指标分值合计 {score_text(sum(points, ZERO))} ≠ 100", src(f"{base}.indicators")))
    indicators = _with_accounts_values(d.indicators, execution, base, "部门整体", src, issues)
    scored = _score_indicators(indicators, points, base, src, issues)
    computed = sum((s.score or ZERO for s in scored), ZERO) if scored else None
    total = _printed_score(d.score, computed, ZERO, "部门整体", f"{base}.score", mode, src, issues, _breakdown(None, scored))
    return DepartmentResult(d, scored, total, grade(total, scale), computed)


def evaluate(model: FinalAccounts, src: SourceOf | None = None) -> Evaluation:
    src = src or (lambda path: Source("", path))
    perf = model.performance
    scale = grade_scale(model)
    mode = model.presentation.selfeval_score
    out = Evaluation()
    for i, p in enumerate(perf.projects):
        out.projects.append(evaluate_project(p, i, perf.weights, scale, src, out.issues, mode, "weights" in perf.model_fields_set))
    if perf.department_evaluation is not None:
        out.department = evaluate_department(perf.department_evaluation, scale, src, out.issues, mode,
                                             department_execution(model, src))
    return out
