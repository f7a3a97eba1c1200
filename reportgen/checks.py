"""Checks run before anything is written: the accounting identities (勾稽关系, domain.md §5).

Each check is a plain function ``check(accounts, document, options) -> list[Issue]`` listed in
``CHECKS``. A difference within the tolerance is a note ("因四舍五入产生的差异"), above it an error
(or the severity the rule names). Messages show both sides and the difference:
``收入总计 1234.56 ≠ 支出总计 1234.50（差 0.06，容差 0.01）``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .accounts import FUND_KEYS, Accounts, _plus, class_name
from .diagnostics import Issue, Severity, Source
from .glossary import FISCAL_FUNDS, PERSONNEL_GROUPS, PUBLIC_GROUPS
from .loader import Document
from .money import Amount
from .printed_checks import PRINTED_CHECKS


@dataclass(frozen=True)
class CheckOptions:
    tolerance: Decimal = Decimal("0.01")


def compare(
    rule: str,
    left_label: str,
    left: Decimal | None,
    right_label: str,
    right: Decimal | None,
    document: Document,
    path: str,
    options: CheckOptions,
    severity: Severity = Severity.ERROR,
) -> list[Issue]:
    """One identity: equal → nothing; within tolerance → note; beyond → ``severity``. A side not
    given (None, ``model.Figure``) cannot be compared: its absence is a finding of its own."""
    if left is None or right is None:
        return []
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
        if not acc.general_budget_basic:
            return []
        # the text states the 基本支出 total and explains it by 人员经费/公用经费: both need 表6
        return [Issue(
            "input.basic_expenditure_missing", Severity.ERROR,
            f"一般公共预算财政拨款基本支出为 {Amount(acc.general_budget_basic)} 万元，但没有填写基本支出明细"
            "（basic_expenditure，工作簿的“表6”）；请按经济分类填写人员经费和公用经费",
            doc.source("basic_expenditure"),
        )]
    return compare(
        "identity.basic_detail", "基本支出明细（人员经费+公用经费）", acc.personnel_total + acc.public_total,
        "一般公共预算财政拨款基本支出", acc.general_budget_basic, doc, "basic_expenditure", options,
    )


def check_operating_expenses(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """机关运行经费 of an administrative (or 参公) unit = 表6 公用经费合计 (a warning: units differ)."""
    given = acc.model.operating_expenses.actual
    if given is None or acc.model.unit.kind not in ("administrative", "civil_service"):
        return []
    return compare(
        "identity.operating_expenses", "机关运行经费", given, "公用经费合计", acc.public_total,
        doc, "operating_expenses.actual", options, Severity.WARNING,
    )


def at_most(
    rule: str,
    part_label: str,
    part: Decimal | None,
    whole_label: str,
    whole: Decimal | None,
    document: Document,
    path: str,
    options: CheckOptions,
    severity: Severity = Severity.ERROR,
) -> list[Issue]:
    """A part that cannot exceed its whole: part ≤ whole (beyond the tolerance); not compared when
    either is not given (None)."""
    if part is None or whole is None or part <= whole:
        return []
    diff = part - whole
    text = f"{part_label} {Amount(part)} 超过 {whole_label} {Amount(whole)}（差 {Amount(diff)}，容差 {Amount(options.tolerance)}）"
    if diff <= options.tolerance:
        return [Issue(rule, Severity.NOTE, text + "：因四舍五入产生的差异", document.source(path))]
    return [Issue(rule, severity, text, document.source(path))]


def check_item_columns(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """表3 vs 表5/7/8 per 项: the 财政拨款 part of 基本/项目支出 cannot exceed the whole column;
    表7/表8 rows: 年初 + 本年收入 = 本年支出 + 年末 (domain.md §5.4, §5.7)."""
    issues: list[Issue] = []
    for i, row in enumerate(acc.items):
        where = f"functions[{i}]"
        for kind, label in (("basic", "基本支出"), ("project", "项目支出")):
            fiscal = getattr(row, f"gb_{kind}") + getattr(row.gov_fund, kind) + getattr(row.state_capital, kind)
            issues += at_most(
                f"identity.item_fiscal_{kind}", f"{row.code} {row.name} 财政拨款{label}", fiscal,
                f"支出决算表{label}", row.spending[kind], doc, f"{where}.spending.{kind}", options,
            )
        for fund in ("gov_fund", "state_capital"):
            f = getattr(row, fund)
            if f.is_empty:
                continue
            issues += compare(
                f"identity.fund_row.{fund}",
                f"{row.code} {row.name} {FISCAL_FUNDS[fund]}年初结转和结余+本年收入", f.carry_begin + f.income,
                "本年支出+年末结转和结余", f.spending + f.carry_end, doc, f"{where}.{fund}.carry_end", options,
            )
    return issues


def check_fund_carry(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """表4 vs 表7/表8: a fund's 年初/年末结转和结余 equals the sum of its rows; 财政拨款结转 is part
    of the 表1 结转和结余."""
    issues: list[Issue] = []
    carry = acc.model.fiscal_carry
    for fund in ("gov_fund", "state_capital"):
        figures = getattr(acc, fund)
        for side, key in (("begin", "carry_begin"), ("end", "carry_end")):
            word = "年初" if side == "begin" else "年末"
            issues += compare(
                f"identity.fund_carry.{fund}",
                f"财政拨款收入支出决算总表{FISCAL_FUNDS[fund]}{word}结转和结余", getattr(getattr(carry, side), fund),
                f"各项{word}结转和结余合计", getattr(figures, key), doc, f"fiscal_carry.{side}.{fund}", options,
            )
    balances = acc.model.balances
    issues += at_most(
        "identity.fiscal_carry_in_total", "财政拨款年初结转和结余", acc.fiscal_carry_begin_total,
        "收入支出决算总表年初结转和结余", balances.carry_begin, doc, "fiscal_carry.begin", options,
    )
    issues += at_most(
        "identity.fiscal_carry_in_total", "财政拨款年末结转和结余", acc.fiscal_carry_end_total,
        "收入支出决算总表年末结转和结余", balances.carry_end, doc, "fiscal_carry.end", options,
    )
    return issues


def check_prior_year(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """上年 figures obey the same inclusions as this year's (a total contains its parts)."""
    prior = acc.model.prior_year
    # prior-year figures are optional (a region prints only some comparisons): check those given
    funds = prior.fiscal_income
    fiscal_income = None if funds is None else sum((getattr(funds, f) for f in FUND_KEYS), Decimal(0))
    pairs = (
        ("本年收入合计", prior.income_total, "收、支总计", prior.total, "prior_year.income_total"),
        ("本年支出合计", prior.expenditure_total, "收、支总计", prior.total, "prior_year.expenditure_total"),
        ("财政拨款收、支总计", prior.fiscal_total, "收、支总计", prior.total, "prior_year.fiscal_total"),
        ("财政拨款收入", fiscal_income, "本年收入合计", prior.income_total, "prior_year.fiscal_income"),
        ("财政拨款收入", fiscal_income, "财政拨款收、支总计", prior.fiscal_total, "prior_year.fiscal_income"),
        (
            "一般公共预算财政拨款支出", prior.general_budget_expenditure, "财政拨款收、支总计", prior.fiscal_total,
            "prior_year.general_budget_expenditure",
        ),
    )
    issues: list[Issue] = []
    for part_label, part, whole_label, whole, path in pairs:
        if part is None or whole is None:
            continue
        issues += at_most("identity.prior_year", f"上年{part_label}", part, f"上年{whole_label}", whole, doc, path, options)
    current = (acc.total_income_side, acc.income_total, acc.spending_total, acc.fiscal_total_income_side)
    previous = (prior.total, prior.income_total, prior.expenditure_total, prior.fiscal_total)
    if any(current) and current == tuple(p if p is not None else Decimal(-1) for p in previous):
        issues.append(Issue(
            "year.prior_equals_current", Severity.WARNING,
            "上年数与本年数完全相同（收支总计、收入合计、支出合计、财政拨款总计），可能误填了本年数据",
            doc.source("prior_year"),
        ))
    return issues


def check_three_public(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """三公 against the rest of the accounts and against its own counts."""
    tp, figures = acc.model.three_public, acc.three_public
    issues = at_most(
        "identity.three_public_fiscal", "“三公”经费财政拨款支出", figures["total"].actual,
        "财政拨款支出合计", acc.fiscal_spending_total, doc, "three_public", options,
    )
    running = sum((e.amount for e in acc.model.basic_expenditure if e.code == "30231"), Decimal(0))
    # 30231 is the basic-spending part of the vehicle running cost; 三公 also counts project money.
    issues += at_most(
        "three_public.vehicle_running", "基本支出公务用车运行维护费（30231）", running,
        "“三公”公务用车运行费", tp.vehicle_operation.actual, doc, "three_public.vehicle_operation.actual",
        options, Severity.WARNING,
    )
    counts = (
        ("outbound", tp.outbound.actual, tp.outbound.groups, "因公出国（境）费", "团组数 groups"),
        ("vehicle_purchase", tp.vehicle_purchase.actual, tp.vehicle_purchase.count, "公务用车购置费", "购置数 count"),
    )
    for key, amount, count, label, count_label in counts:
        if amount and count == 0:  # (a count not given is a missing figure, not 0)
            issues.append(Issue(
                "three_public.count", Severity.WARNING, f"{label}支出 {Amount(amount)} 万元，但{count_label}为 0",
                doc.source(f"three_public.{key}"),
            ))
    for part in ("foreign", "domestic"):
        rp = getattr(tp.reception, part)
        if rp.actual and rp.batches == 0:
            issues.append(Issue(
                "three_public.count", Severity.WARNING, f"接待费支出 {Amount(rp.actual)} 万元，但接待批次 batches 为 0",
                doc.source(f"three_public.reception.{part}"),
            ))
    stock = tp.vehicle_operation.stock
    if acc.vehicle_total and stock is not None and stock > acc.vehicle_total:
        issues.append(Issue(
            "three_public.vehicle_stock", Severity.WARNING,
            f"开支财政拨款的公务用车保有量 {stock} 辆 超过 国有资产车辆合计 {acc.vehicle_total} 辆",
            doc.source("three_public.vehicle_operation.stock"),
        ))
    return issues


def check_projects(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """项目绩效自评: evaluated money cannot exceed 项目支出; less is allowed (涉密项目除外) but
    worth a look (warning) because the text states the share covered."""
    projects = acc.model.performance.projects
    issues: list[Issue] = []
    for i, p in enumerate(projects):
        issues += at_most(
            "performance.over_budget", f"项目“{p.name}”全年执行数", p.actual, "全年预算数", p.budget,
            doc, f"performance.projects[{i}].actual", options, Severity.WARNING,
        )
    if not projects:
        return issues
    covered = sum((p.actual for p in projects), Decimal(0))
    total = acc.general_budget_project
    if covered > total:
        issues += at_most(
            "identity.projects_total", "项目绩效自评执行数合计", covered, "一般公共预算财政拨款项目支出", total,
            doc, "performance.projects", options,
        )
    else:
        issues += compare(
            "identity.projects_total", "项目绩效自评执行数合计", covered, "一般公共预算财政拨款项目支出", total,
            doc, "performance.projects", options, Severity.WARNING,
        )
    return issues


def check_procurement(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    p = acc.model.procurement
    issues: list[Issue] = []
    for key, label in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        kind = getattr(p, key)
        issues += at_most(
            "identity.procurement_sme", f"{label}采购授予中小企业合同金额", kind.sme, f"政府采购{label}支出", kind.total,
            doc, f"procurement.{key}.sme", options,
        )
    issues += at_most(
        "identity.procurement_small_micro", "授予小微企业合同金额", p.small_micro, "授予中小企业合同金额",
        acc.procurement_sme, doc, "procurement.small_micro", options,
    )
    r = p.reserved
    if r is not None:  # 预留项目 (Shanghai wording): parts within their wholes
        total = acc.procurement_total
        for part_label, part, whole_label, whole, path in (
            ("面向小微企业预留项目预算金额", r.small_micro_budget, "面向中小企业预留项目预算金额", r.sme_budget, "small_micro_budget"),
            ("小微企业预留项目中由小微企业成交的金额", r.small_micro_awarded, "预留项目中由中小企业成交的金额", r.sme_awarded, "small_micro_awarded"),
            ("由中小企业中标或成交的金额（预留项目与其他项目合计）", _plus(r.sme_awarded, r.other_sme_awarded), "政府采购金额", total,
             "other_sme_awarded"),
        ):
            issues += at_most("identity.procurement_reserved", part_label, part, whole_label, whole, doc, f"procurement.reserved.{path}", options)
    return issues


def check_performance_summary(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """预算绩效管理 figures given directly: projects per grade add up to the projects evaluated;
    problems rectified or being rectified are at most the problems found."""
    summary = acc.model.performance.summary
    if summary is None:
        return []
    se = summary.self_evaluation
    issues: list[Issue] = []
    graded = sum(se.grades.values())
    if se.grades and se.projects is not None and graded != se.projects:
        issues.append(Issue(
            "identity.performance_grades", Severity.ERROR,
            f"各等级项目数合计 {graded} 个 ≠ 绩效自评项目 {se.projects} 个",
            doc.source("performance.summary.self_evaluation.grades"),
        ))
    if None not in (se.rectified, se.rectifying, se.problems) and se.rectified + se.rectifying > se.problems:
        issues.append(Issue(
            "identity.performance_problems", Severity.ERROR,
            f"已完成整改 {se.rectified} 个与正在整改 {se.rectifying} 个合计超过发现问题 {se.problems} 个",
            doc.source("performance.summary.self_evaluation.problems"),
        ))
    from . import regions

    names = regions.of(acc.model).grades
    unknown = [name for name in se.grades if name not in names]
    if unknown:
        issues.append(Issue(
            "input.unknown_grade", Severity.ERROR,
            f"等级 {'、'.join(unknown)} 不在地区体例的等级（{'、'.join(names)}）中",
            doc.source("performance.summary.self_evaluation.grades"),
        ))
    return issues


def _place(doc: Document, path: str) -> str:
    """Where ``path`` is, for a message naming a second place: 表6!A8, or 第 12 行（path）."""
    source = doc.source(path)
    if source.line is not None:
        return f"第 {source.line} 行 {source.path}"
    return source.path or path


def check_codes(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """Duplicate codes, 类/款 without a name, unused class entries, economic codes outside 基本支出."""
    model = acc.model
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(model.functions):
        if item.code in seen:
            issues.append(Issue(
                "input.duplicate_code", Severity.ERROR,
                f"功能分类编码 {item.code} 重复（另见 {_place(doc, f'functions[{seen[item.code]}].code')}）；同一项应只出现一次",
                doc.source(f"functions[{i}].code"),
            ))
        seen.setdefault(item.code, i)
        for prefix, level in ((item.code[:3], "类"), (item.code[:5], "款")):
            if not class_name(model, prefix):
                issues.append(Issue(
                    "input.unknown_class", Severity.ERROR,
                    f"项 {item.code} 的{level}级编码 {prefix} 没有名称：请在 function_classes 中加入 \"{prefix}\": {{name: …}}",
                    doc.source(f"functions[{i}].code"),
                ))
    prefixes = {code[:n] for code in seen for n in (3, 5)}
    for code in model.function_classes:
        if code not in prefixes:
            issues.append(Issue(
                "input.unused_class", Severity.WARNING,
                f"function_classes 中的编码 {code} 没有对应的项（可能是编码写错）",
                doc.source(f"function_classes.{code}"),
            ))
    economic: dict[str, int] = {}
    groups = PERSONNEL_GROUPS + PUBLIC_GROUPS
    for i, line in enumerate(model.basic_expenditure):
        if line.code in economic:
            issues.append(Issue(
                "input.duplicate_code", Severity.ERROR,
                f"经济分类编码 {line.code} 重复（另见 {_place(doc, f'basic_expenditure[{economic[line.code]}].code')}）；同一编码应只填一行",
                doc.source(f"basic_expenditure[{i}].code"),
            ))
        economic.setdefault(line.code, i)
        if len(line.code) == 5 and line.code[:3] not in groups:
            issues.append(Issue(
                "input.economic_group", Severity.ERROR,
                f"经济分类编码 {line.code} 不属于人员经费（{'、'.join(PERSONNEL_GROUPS)}）或公用经费（{'、'.join(PUBLIC_GROUPS)}），不会计入基本支出明细",
                doc.source(f"basic_expenditure[{i}].code"),
            ))
    return issues


_LEADING_YEAR = re.compile(r"^\s*(\d{4})\s*年(?!初|末|度?[预决]算)")


def check_year(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """The year the data says against the year the input names: the report is dated after the
    year closes; a project titled with another year is a leftover of last year's report."""
    unit = acc.model.unit
    issues: list[Issue] = []
    if unit.report_date is not None:
        if unit.report_date <= _dt.date(unit.year, 12, 31):
            issues.append(Issue(
                "year.report_date", Severity.ERROR,
                f"落款日期 {unit.report_date.isoformat()} 早于决算年度 {unit.year} 年结束；决算报告只能在年度结束后编制",
                doc.source("unit.report_date"),
            ))
        elif unit.report_date.year > unit.year + 1:
            issues.append(Issue(
                "year.report_date", Severity.WARNING,
                f"落款日期 {unit.report_date.isoformat()} 比决算年度 {unit.year} 晚一年以上，请确认年度",
                doc.source("unit.report_date"),
            ))
    for i, p in enumerate(acc.model.performance.projects):
        m = _LEADING_YEAR.match(p.name)
        if m and int(m.group(1)) != unit.year:
            issues.append(Issue(
                "year.project_name", Severity.WARNING,
                f"项目名称以“{m.group(1)}年”开头，与决算年度 {unit.year} 不一致（是否沿用了往年的名称？）",
                doc.source(f"performance.projects[{i}].name"),
            ))
    return issues


def check_reasons(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """Every 主要原因 a sentence needs (domain.md §3) and the input lacks. The sections are built
    exactly as for the final document and every reason they asked for and did not get is
    reported, so the warning and the sentence share one decision."""
    from .sections import build_sections

    missing: list = []
    build_sections(acc, draft=False, missing=missing)
    return reason_issues(missing, doc, acc.model)


def reason_issues(missing, doc: Document, model=None) -> list[Issue]:
    """The ``reason.missing`` findings of the reasons the built sections asked for and did not
    get (``wording.MissingReason``), each once. Missing figures of a part the input leaves out
    altogether (``model.absent_part``) are one finding at that part, naming them."""
    from .model import absent_part

    seen: set[tuple[str, str]] = set()
    issues: list[Issue] = []
    figures: dict[str, list[str]] = {}  # path → the missing figures there, in order
    for item in missing:
        if item.figure:
            path = absent_part(model, item.path) if model is not None and item.path else item.path
            whats = figures.setdefault(path, [])
            if item.what not in whats:
                whats.append(item.what)
            continue
        if (item.what, item.path) in seen:
            continue
        seen.add((item.what, item.path))
        issues.append(Issue(
            "reason.missing", Severity.WARNING,
            f"缺少“{item.what}”：正文需要说明原因（--draft 时显示为【待补充：…】，正式文档中该句省略）",
            doc.source(item.path) if item.path else Source(doc.file),
        ))
    for path, whats in figures.items():
        named = "”“".join(whats[:3]) + ("”等" if len(whats) > 3 else "”")
        issues.append(Issue(
            "input.missing_figure", Severity.WARNING,
            (f"缺少“{whats[0]}”" if len(whats) == 1 else f"缺少 {path}（“{named}{len(whats)}个数）")
            + f"：地区体例印出的句子或表格需要{'这个数' if len(whats) == 1 else '这些数'}（正文中略去用到它的句子或比较，不作推测；确实没有时写0）",
            doc.source(path) if path else Source(doc.file),
        ))
    return issues


Check = Callable[[Accounts, Document, CheckOptions], list[Issue]]

def check_self_evaluation(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """绩效自评 (domain.md §6): indicators that cannot be scored, given scores that disagree with
    the computed ones, missed targets and 执行率 < 90% without a 偏差原因."""
    from .selfeval.evaluate import evaluate

    return evaluate(acc.model, doc.source).issues


def check_selfeval_texts(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """绩效自评 texts and figures a published report needs (reportgen.selfeval.completeness)."""
    from .selfeval.completeness import check_selfeval_texts as check

    return check(acc, doc, options)


def check_plausibility(acc: Accounts, doc: Document, options: CheckOptions) -> list[Issue]:
    """元 typed as 万元, impossible shares, amounts and counts (reportgen.plausibility)."""
    from .plausibility import check_plausibility as check

    return check(acc, doc)


CHECKS: tuple[Check, ...] = (
    check_totals_balance,
    check_fiscal_funds,
    check_basic_detail,
    check_operating_expenses,
    check_item_columns,
    check_fund_carry,
    *PRINTED_CHECKS,
    check_prior_year,
    check_three_public,
    check_projects,
    check_procurement,
    check_performance_summary,
    check_plausibility,
    check_codes,
    check_year,
    check_reasons,
    check_self_evaluation,
    check_selfeval_texts,
)


def run_checks(
    acc: Accounts,
    doc: Document,
    options: CheckOptions | None = None,
    *,
    evaluation=None,
    missing_reasons=None,
) -> list[Issue]:
    """Every check, in order. A render passes what it has already derived: the 绩效自评
    ``evaluation`` and the sections' ``missing_reasons``, so neither is computed a second time."""
    options = options or CheckOptions()
    given: dict[Check, Callable[[], list[Issue]]] = {}
    if evaluation is not None:
        given[check_self_evaluation] = lambda: list(evaluation.issues)
    if missing_reasons is not None:
        given[check_reasons] = lambda: reason_issues(missing_reasons, doc, acc.model)
    issues: list[Issue] = []
    for check in CHECKS:
        issues += given[check]() if check in given else check(acc, doc, options)
    return issues
