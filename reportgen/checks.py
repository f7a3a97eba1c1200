"""Checks run before anything is written: the accounting identities (勾稽关系, domain.md §5).

Each check is a plain function ``check(accounts, document, options) -> list[Issue]`` listed in
``CHECKS``. A difference within the tolerance is a note ("因四舍五入产生的差异"), above it an error
(or the severity the rule names). Messages show both sides and the difference:
``收入总计 1234.56 ≠ 支出总计 1234.50（差 0.06，容差 0.01）``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .accounts import FUND_KEYS, Accounts
from .diagnostics import Issue, Severity
from .glossary import FISCAL_FUNDS
from .loader import Document
from .money import Amount


@dataclass(frozen=True)
class CheckOptions:
    tolerance: Decimal = Decimal("0.01")


def compare(
    rule: str,
    left_label: str,
    left: Decimal,
    right_label: str,
    right: Decimal,
    document: Document,
    path: str,
    options: CheckOptions,
    severity: Severity = Severity.ERROR,
) -> list[Issue]:
    """One identity: equal → nothing; within tolerance → note; beyond → ``severity``."""
    diff = abs(left - right)
    if not diff:
        return []
    text = f"{left_label} {Amount(left)} ≠ {right_label} {Amount(right)}（差 {Amount(diff)}，容差 {Amount(options.tolerance)}）"
    if diff <= options.tolerance:
        return [Issue(rule, Severity.NOTE, text + "：因四舍五入产生的差异", document.source(path))]
    return [Issue(rule, severity, text, document.source(path))]


def check_totals_balance(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """表1: 收入总计 = 支出总计."""
    return compare(
        "identity.total_balance", "收入总计", acc.total_income_side, "支出总计", acc.total_spending_side,
        doc, "balances", options,
    )


def check_fiscal_funds(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """表4 per fund: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余."""
    issues: list[Issue] = []
    begin, end = acc.model.fiscal_carry.begin, acc.model.fiscal_carry.end
    for fund in FUND_KEYS:
        label = FISCAL_FUNDS[fund]
        left = getattr(begin, fund) + acc.fiscal_income[fund]
        right = acc.fiscal_spending(fund) + getattr(end, fund)
        issues += compare(
            f"identity.fund_balance.{fund}",
            f"{label}年初结转和结余+本年收入", left,
            "本年支出+年末结转和结余", right,
            doc, f"fiscal_carry.end.{fund}", options,
        )
    return issues


def check_basic_detail(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """表6: 人员经费 + 公用经费 = 表5 基本支出合计."""
    if not acc.model.basic_expenditure:
        return []
    return compare(
        "identity.basic_detail", "基本支出明细（人员经费+公用经费）", acc.personnel_total + acc.public_total,
        "一般公共预算财政拨款基本支出", acc.general_budget_basic, doc, "basic_expenditure", options,
    )


def check_operating_expenses(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """机关运行经费 of an administrative unit = 表6 公用经费合计 (a warning: units differ)."""
    given = acc.model.operating_expenses.actual
    if given is None or acc.model.unit.kind != "administrative":
        return []
    return compare(
        "identity.operating_expenses", "机关运行经费", given, "公用经费合计", acc.public_total,
        doc, "operating_expenses.actual", options, Severity.WARNING,
    )


Check = Callable[[Accounts, Document, CheckOptions], list[Issue]]

CHECKS: tuple[Check, ...] = (
    check_totals_balance,
    check_fiscal_funds,
    check_basic_detail,
    check_operating_expenses,
)


def run_checks(acc: Accounts, doc: Document, options: CheckOptions | None = None) -> list[Issue]:
    options = options or CheckOptions()
    issues: list[Issue] = []
    for check in CHECKS:
        issues += check(acc, doc, options)
    return issues
