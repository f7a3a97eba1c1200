"""Made-up departments for benchmarks, batch tests and fuzzing the checks.

Each department is the 曾都 sample scaled by its own factor (0.40–3.00): every amount is
multiplied and rounded half up to the cent, then the figures that the identities of domain.md §5
tie together are re-balanced — per 项 the spending against the income, per fund the year-end
balance, the 基本支出 detail against 表5 — so a generated department passes the checks exactly
like the sample does. Counts (people, vehicles), scores and texts are left as they are; names and
years vary. The same ``seed`` always gives the same departments.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .accounts import FUND_KEYS, compute
from .model import Indicator, Weights
from .money import CENT, ZERO
from .resources import resource_dir

_NOT_MONEY = {"score", "execution_rate"}  # 自评得分 and a declared 资金执行率 (%) are not money
_STEMS = (
    "财政局", "教育局", "民政局", "司法局", "审计局", "统计局", "水利和湖泊局", "农业农村局",
    "文化和旅游局", "卫生健康局", "应急管理局", "市场监督管理局", "自然资源和规划局", "住房和城乡建设局",
    "交通运输局", "商务局", "退役军人事务局", "医疗保障局", "林业局", "信访局",
)


def sample_path() -> Path:
    return resource_dir("templates").parent / "sample_inputs" / "zengdu_2023.yaml"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _scale_model(node: BaseModel, factor: Decimal) -> None:
    """Multiply every money field of ``node`` (recursively) by ``factor``, to the cent.

    绩效 indicators and weights are not money (targets, actual values, points): left as they are."""
    if isinstance(node, Indicator | Weights):
        return
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, BaseModel):
            _scale_model(value, factor)
        elif isinstance(value, list | dict):
            for item in value.values() if isinstance(value, dict) else value:
                if isinstance(item, BaseModel):
                    _scale_model(item, factor)
        elif isinstance(value, Decimal) and name not in _NOT_MONEY:
            setattr(node, name, _cents(value * factor))


def _settle(target: BaseModel, fields: tuple[str, ...], residual: Decimal) -> None:
    """Add ``residual`` (a cent or two of rounding) to the largest of ``fields``."""
    if not residual:
        return
    name = max(fields, key=lambda f: getattr(target, f))
    setattr(target, name, getattr(target, name) + residual)


def _rebalance(original, scaled, factor: Decimal) -> None:
    """Restore, after rounding, every identity the original held (domain.md §5)."""

    def gap_kept(old_gap: Decimal, new_gap: Decimal) -> Decimal:
        return new_gap - _cents(old_gap * factor)

    for old, new in zip(original.functions, scaled.functions, strict=True):
        spending = tuple(name for name in type(new.spending).model_fields if name != "total")
        income_total: Callable[[Any], Decimal] = lambda f: sum(f.income.model_dump(exclude={"total"}).values(), ZERO)  # noqa: E731
        spending_total: Callable[[Any], Decimal] = lambda f: sum(f.spending.model_dump(exclude={"total"}).values(), ZERO)  # noqa: E731
        _settle(new.spending, spending, gap_kept(income_total(old) - spending_total(old), income_total(new) - spending_total(new)))
        gb_gap = lambda f: f.income.general_budget - f.general_budget.basic - f.general_budget.project  # noqa: E731
        _settle(new.general_budget, ("basic", "project"), gap_kept(gb_gap(old), gb_gap(new)))
        for fund in ("gov_fund", "state_capital"):
            line_old, line_new = getattr(old, fund), getattr(new, fund)
            gap = lambda x: x.carry_begin + x.income - x.basic - x.project - x.carry_end  # noqa: E731
            if not gap(line_old):
                line_new.carry_end += gap(line_new)

    acc_old, acc_new = compute(original), compute(scaled)
    for fund in FUND_KEYS:
        begin_old, end_old = getattr(original.fiscal_carry.begin, fund), getattr(original.fiscal_carry.end, fund)
        if begin_old + acc_old.fiscal_income[fund] == acc_old.fiscal_spending(fund) + end_old:
            begin = getattr(scaled.fiscal_carry.begin, fund)
            setattr(scaled.fiscal_carry.end, fund, begin + acc_new.fiscal_income[fund] - acc_new.fiscal_spending(fund))
    if acc_old.total_income_side == acc_old.total_spending_side:
        scaled.balances.carry_end += acc_new.total_income_side - acc_new.total_spending_side
    perf_old, perf_new = original.performance, scaled.performance
    for old_funds, new_funds in ((perf_old.funds, perf_new.funds),
                                 (getattr(perf_old.department_evaluation, "funds", None), getattr(perf_new.department_evaluation, "funds", None))):
        if old_funds is None or new_funds is None or old_funds.initial_basic is None or old_funds.initial_project is None:
            continue
        if old_funds.initial_basic + old_funds.initial_project == acc_old.general_budget_initial:
            new_funds.initial_basic = acc_new.general_budget_initial - new_funds.initial_project
    if scaled.basic_expenditure and acc_old.personnel_total + acc_old.public_total == acc_old.general_budget_basic:
        largest = max(scaled.basic_expenditure, key=lambda item: item.amount)
        largest.amount += acc_new.general_budget_basic - acc_new.personnel_total - acc_new.public_total


def _department(base, index: int, rng: random.Random) -> dict[str, Any]:
    factor = Decimal(rng.randint(40, 300)) / 100
    scaled = base.model_copy(deep=True)
    # the tables as printed (类/款/合计 rows) are the sample's own: a made-up department's are its sums
    scaled.function_subtotals = []
    scaled.totals = type(scaled.totals)()
    scaled.basic_expenditure = [line for line in scaled.basic_expenditure if len(line.code) == 5]
    _scale_model(scaled, factor)
    _rebalance(base, scaled, factor)
    unit = scaled.unit
    shift = rng.choice((0, 0, 0, -1, -2))
    unit.year = base.unit.year + shift
    if unit.report_date is not None:
        unit.report_date = dt.date(unit.report_date.year + shift, unit.report_date.month, unit.report_date.day)
    stem = _STEMS[index % len(_STEMS)]
    unit.name = f"曾都区{stem}（样例{index + 1:03d}）"
    unit.short_name = f"区{stem}"
    return scaled.model_dump(mode="python")


def generate_departments(n: int, seed: int = 0, base: str | Path | None = None) -> list[dict[str, Any]]:
    """``n`` departments as plain input data (the shape of a YAML input), from ``base`` scaled."""
    from .pipeline import load_model

    _document, model = load_model(base or sample_path())
    rng = random.Random(seed)  # float-ok: random.Random only draws integers here
    return [_department(model, i, rng) for i in range(n)]


def _plain(value: Any) -> Any:
    """Data that yaml.safe_dump writes and the Decimal-preserving loader reads back unchanged."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return _DecimalText(value)
    return value


class _DecimalText(str):
    """A Decimal written as a plain YAML number (``685.19``), read back as Decimal."""


def write_departments(directory: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` generated departments as ``dept_001.yaml`` … into ``directory``."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def decimal_text(dumper: yaml.SafeDumper, value: _DecimalText):
        text = str(value)
        tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
        return dumper.represent_scalar(tag, text)

    Dumper.add_representer(_DecimalText, decimal_text)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, data in enumerate(generate_departments(n, seed)):
        path = directory / f"dept_{i + 1:03d}.yaml"
        text = yaml.dump(_plain(data), Dumper=Dumper, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


__all__ = ["generate_departments", "sample_path", "write_departments"]
