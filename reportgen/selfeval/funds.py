"""资金投入情况分析 (资金到位 / 资金执行 / 资金管理), as 十三（一） and the 部门整体 自评报告 write it.

The amounts are the accounts' (年初预算 = the functions' 年初预算数, 实际到位 = 本年收入合计, 整体支出 =
本年支出合计; the 基本/项目 split of the 年初预算 is input); the 偏移原因 and the 资金管理 text are the
department's words, printed as written. A declared 资金执行率 is printed as declared and checked
against 支出 ÷ 实际到位.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..accounts import Accounts
from ..diagnostics import Issue, Severity, Source
from ..figures import share
from ..model import FundsAnalysis
from ..money import Amount, format_number, quantize
from ..wording import sentence


def _plain(text: str) -> str:
    return text.strip().rstrip("。；;")


@dataclass(frozen=True)
class FundsFigures:
    initial: Decimal
    initial_basic: Decimal | None
    initial_project: Decimal | None
    arrived: Decimal
    spent: Decimal
    computed_rate: Decimal | None  # exact, %

    @classmethod
    def of(cls, acc: Accounts, fa: FundsAnalysis) -> FundsFigures:
        rate = share(acc.spending_total, acc.income_total)
        return cls(acc.general_budget_initial, fa.initial_basic, fa.initial_project, acc.income_total, acc.spending_total, rate)


def rate_as_written(value: Decimal) -> str:
    """A declared percentage as the department wrote it (109 → "109%", 97.73 → "97.73%")."""
    text = f"{value:f}"
    return f"{text}%"


def funds_paragraphs(year: int, subject: str, fa: FundsAnalysis, acc: Accounts, places: int = 1) -> list[tuple[str, str]]:
    """(label, text) of 资金到位 / 资金执行 / 资金管理 情况分析; the management one only when given."""
    f = FundsFigures.of(acc, fa)
    subject = fa.subject.strip() or subject
    arrival = f"{year}年{subject}整体支出年初预算{Amount(f.initial)}万元，其中财政拨款收入{Amount(f.initial)}万元。"
    if f.initial_basic is not None and f.initial_project is not None:
        arrival += f"基本支出{Amount(f.initial_basic)}万元，项目支出{Amount(f.initial_project)}万元。"
    arrival += f"实际到位资金{Amount(f.arrived)}万元。"
    if fa.arrival_reason.strip():
        arrival += f"偏移原因：{sentence(_plain(fa.arrival_reason))}"
    if fa.execution_rate is not None:
        rate = rate_as_written(fa.execution_rate)
    elif f.computed_rate is not None:
        rate = f"{format_number(f.computed_rate, places)}%"
    else:
        rate = ""
    execution = f"{year}年{subject}整体支出{Amount(f.spent)}万元"
    execution += f"，资金执行率{rate}" if rate else ""
    execution += f"，偏移原因：{sentence(_plain(fa.execution_reason))}" if fa.execution_reason.strip() else "。"
    out = [("资金到位情况分析", arrival), ("资金执行情况分析", execution)]
    if fa.management.strip():
        out.append(("资金管理情况分析", sentence(_plain(fa.management))))
    return out


def check_funds(fa: FundsAnalysis | None, base: str, acc: Accounts, src) -> list[Issue]:
    """年初预算 基本 + 项目 = 年初预算数合计; the projects' 年初预算 add up to 项目 (when all given);
    a declared 资金执行率 agrees with 支出 ÷ 实际到位 at its own places."""
    if fa is None:
        return []
    issues: list[Issue] = []
    f = FundsFigures.of(acc, fa)
    if f.initial_basic is not None and f.initial_project is not None and f.initial_basic + f.initial_project != f.initial:
        issues.append(Issue(
            "selfeval.initial_budget", Severity.WARNING,
            f"年初预算基本支出 {format_number(f.initial_basic)} + 项目支出 {format_number(f.initial_project)} = "
            f"{format_number(f.initial_basic + f.initial_project)} ≠ 各科目年初预算数合计 {format_number(f.initial)}",
            src(f"{base}.initial_basic"),
        ))
    if fa.execution_rate is not None and f.computed_rate is not None:
        places = max(0, -fa.execution_rate.as_tuple().exponent) if isinstance(fa.execution_rate.as_tuple().exponent, int) else 0
        if quantize(f.computed_rate, places) != quantize(fa.execution_rate, places):
            issues.append(Issue(
                "selfeval.execution_rate", Severity.WARNING,
                f"填报资金执行率 {rate_as_written(fa.execution_rate)} ≠ 计算值 {format_number(f.computed_rate, 2)}%"
                f"（支出 {format_number(f.spent)} ÷ 实际到位 {format_number(f.arrived)}）；照填报数印出",
                src(f"{base}.execution_rate"),
            ))
    return issues


__all__ = ["FundsFigures", "Source", "check_funds", "funds_paragraphs"]
