"""Plausibility: figures that cannot be right although every identity (勾稽关系) holds.

The identities of ``reportgen.checks`` compare a total with its parts; they cannot see a workbook
filled in 元 under "单位：万元": every figure is then ten thousand times too large and every sum
still adds up ("收、支总计均为3960600.00万元……增长1063148.32%"). Nor do they see a figure that no
report can contain (中小企业 awards above the procurement they are part of, a 团组 without a
traveller, an average score outside the grades it is the average of). These checks do.

Thresholds, and why (each is far from both the real range and the mistake it catches):

- ``SCALE_RATIO`` = 1000: two figures that a report compares (this year and last year, 决算 and
  预算, a part and the table it belongs to) are 10⁴ apart when one of them was typed in 元. Real
  reports do change — a department that takes over a function doubles or triples, a new project
  can make an item grow tenfold — but a department's total or a 三公 item never moves a thousand
  times in a year. 1000 leaves a factor of ten on both sides: legitimate growth of 100× passes, a
  unit mistake combined with a real halving (5000×) is still caught. The larger figure must also
  be at least ``SCALE_FLOOR`` (100 万元), so that a small item that went from 0.01 to 20 万元 (a
  one-off purchase) is not called a unit mistake.
- A ratio between 2000 and 50000 (10⁴ with a real change of up to five times either way) is an
  error named for what it almost always is (相差约一万倍: 元 typed as 万元, or 万元 declared as
  元); a ratio of 1000 or more outside that band is a warning (a typo, or a real exception such
  as a department funded almost wholly by supplementary budgets).
- A department's 收、支总计 under ``TINY_TOTAL`` (1 万元) is 万元 figures marked as 元 (divided
  by 10⁴): the smallest published department reports run to tens of 万元.
- Amounts per head or per item (``PER_UNIT``): 人员经费 per person (在职 + 离退休) is 5–60 万元 a
  year in published reports, in 元 it becomes 10⁵ or more: the limit 1000 万元 is ten times the
  highest real figure. A vehicle costs 1–10 万元 a year to run (limit 200), a trip abroad 2–20
  万元 per person (limit 200), a reception 0.05–2 万元 per visit (limit 100); a vehicle bought
  costs up to 50 万元, a special technical one a few hundred (limit 500). These catch the
  mistake when the input has no prior year to compare with.

Impossible figures are errors: a part above the whole it belongs to (中小企业 or 预留项目 awards,
机关运行经费 above 本年支出), counts that contradict each other (fewer travellers than 团组, fewer
visitors than 批次), an average score that the grades it averages cannot give, amounts of projects
when no project is counted. 政府采购 above 本年支出 is a warning: counted by contracts signed
(上海：以合同签订为准), a multi-year contract may exceed one year's spending.
"""

from __future__ import annotations

from decimal import Decimal

from .accounts import Accounts, _plus
from .diagnostics import Issue, Severity
from .loader import Document
from .money import Amount, format_number

SCALE_RATIO = Decimal(1000)
SCALE_FLOOR = Decimal(100)  # 万元: the larger of two compared figures, for a ratio to mean a unit mistake
YUAN_BAND = (Decimal(2000), Decimal(50000))  # around 10⁴: 元 and 万元 mixed up
TINY_TOTAL = Decimal(1)  # 万元: no department closes a year with less than 10 000 元 in and out

# amount per counted thing above which the amount cannot be in 万元 (see the module docstring)
PER_PERSON_LIMIT = Decimal(1000)
PER_VEHICLE_LIMIT = Decimal(200)
PER_VEHICLE_PURCHASE_LIMIT = Decimal(500)  # a special technical vehicle may cost a few hundred 万元
PER_TRAVELLER_LIMIT = Decimal(200)
PER_RECEPTION_LIMIT = Decimal(100)

UNIT_ADVICE = (
    "请核对金额单位：YAML/JSON 输入中的金额按万元填写（整份按元填写时写 amount_unit: 元）；"
    "工作簿中每张表表头的“单位：万元”或“单位：元”须与所填的数一致"
)

SCALE = "plausibility.scale"
PER_UNIT = "plausibility.per_unit"
IMPOSSIBLE = "plausibility.impossible"


def _times(ratio: Decimal) -> str:
    return format_number(ratio, 0, grouping=True)


def _why(ratio: Decimal) -> str:
    if YUAN_BAND[0] <= ratio <= YUAN_BAND[1]:
        return "相差约一万倍，多半是金额单位填错（按“元”填写的数写在了“万元”处，或把万元数标成了元）"
    return "相差上千倍，不合常理"


def scale(
    label: str, value: Decimal | None, other_label: str, other: Decimal | None, doc: Document, path: str,
    *, part_of: bool = False,
) -> list[Issue]:
    """Two figures of the same order that are ``SCALE_RATIO`` or more apart → an error that says
    why (元 typed as 万元) and what to do. ``part_of``: ``value`` belongs to ``other`` (only a
    part far larger than its whole is a mistake; a small part is normal)."""
    if value is None or other is None or value <= 0 or other <= 0:
        return []
    if max(value, other) < SCALE_FLOOR:
        return []
    ratio = value / other
    if ratio >= SCALE_RATIO:
        relation = f"是{other_label} {Amount(other)} 万元的约 {_times(ratio)} 倍"
    elif not part_of and ratio <= 1 / SCALE_RATIO:
        ratio = other / value
        relation = f"只有{other_label} {Amount(other)} 万元的约 {_times(ratio)} 分之一"
    else:
        return []
    # around 10⁴ the unit is almost surely wrong (an error); further off, a typo or a real
    # exception is as likely (a warning to look at)
    severity = Severity.ERROR if YUAN_BAND[0] <= ratio <= YUAN_BAND[1] else Severity.WARNING
    return [Issue(SCALE, severity, f"{label} {Amount(value)} 万元{relation}：{_why(ratio)}。{UNIT_ADVICE}", doc.source(path))]


def _per_unit(label: str, value: Decimal | None, what: str, count: int | None, limit: Decimal, doc: Document,
              path: str) -> list[Issue]:
    """``what`` is "名称（量词）": 公务用车保有量（辆）. A figure not given is not judged."""
    if count is None or value is None or count <= 0 or value <= 0:
        return []
    each = value / count
    if each <= limit:
        return []
    noun, word = what.removesuffix("）").rsplit("（", 1)
    return [Issue(
        PER_UNIT, Severity.ERROR,
        f"{label} {Amount(value)} 万元，{noun} {count} {word}，平均每{word} {Amount(each)} 万元，远超常见水平（上限按 {_times(limit)} 万元计）："
        f"金额可能按“元”填写了。{UNIT_ADVICE}",
        doc.source(path),
    )]


def _above(label: str, part: Decimal | None, whole_label: str, whole: Decimal | None, why: str, doc: Document, path: str,
           severity: Severity = Severity.ERROR) -> list[Issue]:
    """A part that cannot exceed its whole (a cent of rounding is let through); figures not given
    (None) are not judged."""
    if part is None or whole is None or part - whole <= Decimal("0.01"):
        return []
    return [Issue(
        IMPOSSIBLE, severity,
        f"{label} {Amount(part)} 万元 超过 {whole_label} {Amount(whole)} 万元（差 {Amount(part - whole)} 万元）：{why}",
        doc.source(path),
    )]


def check_scale(acc: Accounts, doc: Document) -> list[Issue]:
    """元 typed as 万元: figures of the same order that are a thousand or more times apart."""
    m = acc.model
    prior = m.prior_year
    fiscal_prior = None if prior.fiscal_income is None else sum(
        (prior.fiscal_income.general_budget, prior.fiscal_income.gov_fund, prior.fiscal_income.state_capital), Decimal(0)
    )
    issues: list[Issue] = []
    # this year against last year (the prior year is the place named: either may be the wrong one);
    # one finding for the lot — the same mistake shows in every total
    yearly: list[tuple[str, Issue]] = []
    for label, current, previous, path in (
        ("收、支总计", acc.total_income_side, prior.total, "prior_year.total"),
        ("收入合计", acc.income_total, prior.income_total, "prior_year.income_total"),
        ("支出合计", acc.spending_total, prior.expenditure_total, "prior_year.expenditure_total"),
        ("财政拨款收、支总计", acc.fiscal_total_income_side, prior.fiscal_total, "prior_year.fiscal_total"),
        ("财政拨款收入", acc.fiscal_income_total, fiscal_prior, "prior_year.fiscal_income.general_budget"),
        ("一般公共预算财政拨款支出", acc.general_budget_total, prior.general_budget_expenditure, "prior_year.general_budget_expenditure"),
    ):
        yearly += [(label, issue) for issue in scale(f"本年{label}", current, f"上年{label}", previous, doc, path)]
    if yearly:
        (_, first), others = yearly[0], [label for label, _ in yearly[1:]]
        if others:
            worst = Severity.ERROR if any(i.severity is Severity.ERROR for _, i in yearly) else Severity.WARNING
            first = Issue(first.rule, worst, first.message.replace(
                f"。{UNIT_ADVICE}", f"；{'、'.join(others)}与上年数同样相差上千倍。{UNIT_ADVICE}"), first.source)
        issues.append(first)
    # the same money in two tables (a sheet of the workbook in 元, the others in 万元)
    issues += scale("本年收入合计（表2）", acc.income_total, "本年支出合计（表3）", acc.spending_total, doc, "functions")
    issues += scale("一般公共预算财政拨款收入（表2）", acc.income["general_budget"], "一般公共预算财政拨款支出（表5）",
                    acc.general_budget_total, doc, "functions")
    detail = sum((line.amount for line in (*acc.personnel, *acc.public)), Decimal(0))  # 表6's lines, not a printed 合计
    issues += scale("基本支出明细（人员经费+公用经费，表6）", detail,
                    "一般公共预算财政拨款基本支出（表5）", acc.general_budget_basic, doc, "basic_expenditure")
    issues += scale("一般公共预算财政拨款支出决算", acc.general_budget_total, "年初预算", acc.general_budget_initial, doc, "functions")
    for i, item in enumerate(m.functions):
        line = item.general_budget
        issues += scale(f"{item.code} {item.name} 全年预算", line.full_budget, "年初预算", line.initial_budget or None,
                        doc, f"functions[{i}].general_budget.full_budget")
    income_side = acc.total_income_side
    issues += scale("政府采购支出总额", acc.procurement_total, "本年支出合计", acc.spending_total, doc, "procurement", part_of=True)
    issues += scale("“三公”经费财政拨款支出", acc.three_public["total"].actual, "财政拨款支出合计", acc.fiscal_spending_total,
                    doc, "three_public", part_of=True)
    oe = m.operating_expenses
    issues += scale("机关运行经费", oe.actual, "公用经费合计（表6）", acc.public_total or None, doc, "operating_expenses.actual")
    issues += scale("机关运行经费", acc.operating_expenses_actual, "年初预算数", oe.budget, doc, "operating_expenses.budget")
    issues += scale("机关运行经费", acc.operating_expenses_actual, "上年决算数", oe.prior, doc, "operating_expenses.prior")
    for key, label, path in (
        ("outbound", "因公出国（境）费", "three_public.outbound"),
        ("vehicle_purchase", "公务用车购置费", "three_public.vehicle_purchase"),
        ("vehicle_operation", "公务用车运行费", "three_public.vehicle_operation"),
        ("reception", "公务接待费", "three_public.reception"),
    ):
        t = acc.three_public[key]
        issues += scale(f"{label}决算数", t.actual, "全年预算数", t.budget, doc, f"{path}.actual")
        issues += scale(f"{label}决算数", t.actual, "上年决算数", t.prior, doc, f"{path}.actual")
    summary = m.performance.summary
    if summary is not None:
        for key, label in (("targets", "编报绩效目标的项目金额"), ("tracking", "绩效跟踪评价的项目金额"),
                           ("self_evaluation", "绩效自评的项目金额")):
            issues += scale(label, getattr(summary, key).amount, "收、支总计", income_side, doc,
                            f"performance.summary.{key}.amount", part_of=True)
    for i, p in enumerate(m.performance.projects):
        issues += scale(f"项目“{p.name}”全年执行数", p.actual, "收、支总计", income_side, doc,
                        f"performance.projects[{i}].actual", part_of=True)
        issues += scale(f"项目“{p.name}”全年执行数", p.actual, "全年预算数", p.budget, doc, f"performance.projects[{i}].actual")
    for i, t in enumerate(m.special_transfers):
        issues += scale(f"财政专项“{t.name}”", t.amount, "收、支总计", income_side, doc, f"special_transfers[{i}].amount", part_of=True)
    return issues


def check_tiny(acc: Accounts, doc: Document) -> list[Issue]:
    """A whole department's year under ``TINY_TOTAL``: amounts in 万元 marked as 元 (divided by
    10⁴). An error when the input says amount_unit: 元 (the likely mistake), else a warning."""
    return _tiny("收、支总计", acc.total_income_side, doc, "balances")


def _tiny(label: str, total: Decimal, doc: Document, path: str) -> list[Issue]:
    if not total or total >= TINY_TOTAL:
        return []
    # the model is in 万元 by now (reportgen.units): what the input declared is in the document
    declared = isinstance(doc.data, dict) and str(doc.data.get("amount_unit", "")).strip() == "元"
    return [Issue(
        SCALE, Severity.ERROR if declared else Severity.WARNING,
        f"{label}只有 {Amount(total)} 万元（不足 {_times(TINY_TOTAL)} 万元，即一万元），一个部门一年的收支不会这样少："
        + ("输入写明 amount_unit: 元，但所填的数多半已是万元（换算后小了一万倍）。" if declared else "金额是否按万元填写却标成了“单位：元”？")
        + UNIT_ADVICE,
        doc.source("amount_unit" if declared else path),
    )]


def check_per_unit(acc: Accounts, doc: Document) -> list[Issue]:
    """Amounts per person, vehicle, traveller and visit that no budget in 万元 can give."""
    m = acc.model
    tp = m.three_public
    issues: list[Issue] = []
    staff = m.unit.staff
    if staff is not None:
        personnel = sum((line.amount for line in acc.personnel), Decimal(0))  # 表6's lines
        issues += _per_unit("人员经费（表6）", personnel, "在职和离退休人员（人）", _plus(staff.actual, staff.retired or 0),
                            PER_PERSON_LIMIT, doc, "basic_expenditure")
    issues += _per_unit("公务用车运行费", tp.vehicle_operation.actual, "公务用车保有量（辆）", tp.vehicle_operation.stock,
                        PER_VEHICLE_LIMIT, doc, "three_public.vehicle_operation.actual")
    issues += _per_unit("公务用车购置费", tp.vehicle_purchase.actual, "购置（更新）公务用车（辆）", tp.vehicle_purchase.count,
                        PER_VEHICLE_PURCHASE_LIMIT, doc, "three_public.vehicle_purchase.actual")
    issues += _per_unit("因公出国（境）费", tp.outbound.actual, "出国（境）人员（人次）", tp.outbound.people,
                        PER_TRAVELLER_LIMIT, doc, "three_public.outbound.actual")
    for part, label in (("foreign", "外宾接待费"), ("domestic", "国内公务接待费")):
        rp = getattr(tp.reception, part)
        issues += _per_unit(label, rp.actual, "接待（批次）", rp.batches, PER_RECEPTION_LIMIT, doc, f"three_public.reception.{part}.actual")
    return issues


def check_impossible(acc: Accounts, doc: Document) -> list[Issue]:
    """Shares, amounts and counts that no real report can contain."""
    m = acc.model
    issues: list[Issue] = []
    # a warning: where the region counts 政府采购 by contracts signed (上海：以合同签订为准), a
    # multi-year contract may exceed one year's spending
    issues += _above("政府采购金额", acc.procurement_total, "本年支出合计", acc.spending_total,
                     "政府采购支出是本年支出的一部分（按合同签订金额统计时，跨年度合同请核对）", doc, "procurement", Severity.WARNING)
    if m.operating_expenses.actual is not None:
        issues += _above("机关运行经费", m.operating_expenses.actual, "本年支出合计", acc.spending_total,
                         "机关运行经费是本年支出的一部分", doc, "operating_expenses.actual")
    r = m.procurement.reserved
    if r is not None:
        issues += _above("预留项目中由中小企业中标或成交的金额", r.sme_awarded, "面向中小企业预留项目预算金额", r.sme_budget,
                         "成交金额不能超过预留项目的预算", doc, "procurement.reserved.sme_awarded")
        issues += _above("小微企业预留项目中由小微企业成交的金额", r.small_micro_awarded, "面向小微企业预留项目预算金额",
                         r.small_micro_budget, "成交金额不能超过预留项目的预算", doc, "procurement.reserved.small_micro_awarded")
        awarded = _plus(r.sme_awarded, r.other_sme_awarded)
        if acc.procurement_sme and awarded and abs(acc.procurement_sme - awarded) > Decimal("0.01"):
            issues.append(Issue(
                IMPOSSIBLE, Severity.WARNING,
                f"授予中小企业合同金额（货物、工程、服务合计）{Amount(acc.procurement_sme)} 万元 ≠ 预留项目与其他项目中由中小企业"
                f"中标或成交的金额合计 {Amount(awarded)} 万元：两处说的是同一笔钱，请核对",
                doc.source("procurement.reserved.sme_awarded"),
            ))
    tp = m.three_public
    parts = (tp.reception.foreign.prior, tp.reception.domestic.prior)
    if tp.reception.prior is not None and None not in parts and abs(tp.reception.prior - sum(parts, Decimal(0))) > Decimal("0.01"):
        issues.append(Issue(
            IMPOSSIBLE, Severity.ERROR,
            f"上年公务接待费 {Amount(tp.reception.prior)} 万元 ≠ 外宾接待与国内公务接待的上年数之和 {Amount(sum(parts, Decimal(0)))} 万元",
            doc.source("three_public.reception.prior"),
        ))
    if None not in (tp.outbound.people, tp.outbound.groups) and tp.outbound.people < tp.outbound.groups:
        issues.append(Issue(
            IMPOSSIBLE, Severity.ERROR,
            f"因公出国（境）团组 {tp.outbound.groups} 个，累计只有 {tp.outbound.people} 人次：每个团组至少一人，请核对团组数和人次",
            doc.source("three_public.outbound.people"),
        ))
    for part, label in (("foreign", "外宾接待"), ("domestic", "国内公务接待")):
        rp = getattr(tp.reception, part)
        if None not in (rp.people, rp.batches) and rp.people < rp.batches:
            issues.append(Issue(
                IMPOSSIBLE, Severity.ERROR,
                f"{label} {rp.batches} 批次，只有 {rp.people} 人次：每批次至少接待一人，请核对批次和人次",
                doc.source(f"three_public.reception.{part}.people"),
            ))
    if tp.vehicle_purchase.count and tp.vehicle_operation.stock and tp.vehicle_purchase.count > tp.vehicle_operation.stock:
        issues.append(Issue(
            IMPOSSIBLE, Severity.WARNING,
            f"本年购置（更新）公务用车 {tp.vehicle_purchase.count} 辆，多于年末公务用车保有量 {tp.vehicle_operation.stock} 辆"
            "（新购车辆计入保有量；年内又处置的请核对）",
            doc.source("three_public.vehicle_purchase.count"),
        ))
    # 基本支出 lines that are part of a 三公 item (三公 also counts project money, so ≤)
    for code, label, actual, path in (
        ("30212", "因公出国（境）费", tp.outbound.actual, "three_public.outbound.actual"),
        ("30217", "公务接待费", acc.three_public["reception"].actual, "three_public.reception"),
    ):
        basic = sum((e.amount for e in m.basic_expenditure if e.code == code), Decimal(0))
        issues += _above(f"基本支出{label}（{code}）", basic, f"“三公”{label}", actual,
                         "“三公”经费包含基本支出中的这一科目", doc, path, Severity.WARNING)
    issues += _performance(acc, doc)
    return issues


def _performance(acc: Accounts, doc: Document) -> list[Issue]:
    perf = acc.model.performance
    issues: list[Issue] = []
    department = perf.department_evaluation
    for funds, path in ((perf.funds, "performance.funds"),
                        (department.funds if department is not None else None, "performance.department_evaluation.funds")):
        if funds is not None and funds.execution_rate is not None and funds.execution_rate < 0:
            issues.append(Issue(
                IMPOSSIBLE, Severity.ERROR, f"资金执行率 {format_number(funds.execution_rate, 2)}% 为负数：执行率是支出占到位资金的比例，不能小于 0",
                doc.source(f"{path}.execution_rate"),
            ))
    summary = perf.summary
    if summary is None:
        return issues
    from . import regions

    for key, label in (("targets", "编报绩效目标"), ("tracking", "绩效跟踪评价"), ("self_evaluation", "绩效自评")):
        figures = getattr(summary, key)
        if figures.amount and figures.projects == 0:
            issues.append(Issue(
                IMPOSSIBLE, Severity.ERROR,
                f"{label}的项目金额为 {Amount(figures.amount)} 万元，项目个数却为 0：请填写项目个数",
                doc.source(f"performance.summary.{key}.projects"),
            ))
    targets = summary.targets
    for key, label in (("tracking", "绩效跟踪评价"), ("self_evaluation", "绩效自评")):
        figures = getattr(summary, key)
        if targets.projects and figures.projects and figures.projects > targets.projects:
            issues.append(Issue(
                IMPOSSIBLE, Severity.WARNING,
                f"{label}的项目 {figures.projects} 个，多于编报绩效目标的项目 {targets.projects} 个（跟踪和自评的是有绩效目标的项目），请核对",
                doc.source(f"performance.summary.{key}.projects"),
            ))
    se = summary.self_evaluation
    average = se.average_score
    where = doc.source("performance.summary.self_evaluation.average_score")
    if average is not None and se.projects == 0:
        issues.append(Issue(IMPOSSIBLE, Severity.ERROR, f"自评平均得分为 {format_number(average, 2)} 分，绩效自评项目却为 0 个", where))
    names = regions.of(acc.model).grades
    graded = sum(se.grades.values())
    if average is not None and se.grades and graded == se.projects and graded and all(n in names for n in se.grades):
        # grade i covers [low, high): 优 ≥ 90, 良 80–90, 中/合格 60–80, 差/不合格 < 60
        bounds = dict(zip(names, ((Decimal(90), Decimal(100)), (Decimal(80), Decimal(90)), (Decimal(60), Decimal(80)),
                                  (Decimal(0), Decimal(60))), strict=True))
        low = sum((bounds[n][0] * c for n, c in se.grades.items()), Decimal(0)) / graded
        high = sum((bounds[n][1] * c for n, c in se.grades.items()), Decimal(0)) / graded
        if not low - Decimal("0.005") <= average <= high + Decimal("0.005"):
            listed = "、".join(f"{n}{c}个" for n, c in se.grades.items() if c)
            issues.append(Issue(
                IMPOSSIBLE, Severity.ERROR,
                f"自评平均得分 {format_number(average, 2)} 分与各等级的项目数（{listed}）不符：这些等级的平均分只能在 "
                f"{format_number(low, 2)}–{format_number(high, 2)} 分之间（优≥90、良80–90、{names[2]}60–80、{names[3]}<60）",
                where,
            ))
    return issues


def check_plausibility(acc: Accounts, doc: Document) -> list[Issue]:
    return check_scale(acc, doc) + check_tiny(acc, doc) + check_per_unit(acc, doc) + check_impossible(acc, doc)


# -- 部门预算 (reportgen.budget): the same checks on a budget's figures ------------------------------
def check_budget_plausibility(acc, doc: Document) -> list[Issue]:
    """A 部门预算 (``reportgen.budget.accounts.BudgetAccounts``): this year against the 上年预算数
    it is compared with, parts against the whole budget, amounts per vehicle, a total too small
    for a department — the same thresholds and messages as the 决算's."""
    m = acc.model
    prior, tp = m.prior_year, acc.three_public_fund()
    issues = _tiny("收支预算总数", acc.income_total, doc, "income")
    for label, value, prior_label, before, path in (
        ("收支预算总数", acc.income_total, "上年收支预算总数", prior.total, "prior_year.total"),
        ("财政拨款收支预算总数", acc.fiscal_total, "上年财政拨款收支预算总数", prior.fiscal_total, "prior_year.fiscal_total"),
        ("一般公共预算当年拨款", acc.gb_current, "上年一般公共预算当年拨款", prior.general_budget, "prior_year.general_budget"),
        ("“三公”经费预算", tp["total"], "上年“三公”经费预算", m.three_public.prior_budget, "three_public.prior_budget"),
        ("因公出国（境）费预算", tp["outbound"], "上年预算数", m.three_public.outbound.prior_budget, "three_public.outbound.prior_budget"),
        ("公务接待费预算", tp["reception"], "上年预算数", m.three_public.reception.prior_budget, "three_public.reception.prior_budget"),
        ("公务用车购置及运行费预算", tp["vehicle"], "上年预算数", m.three_public.vehicle.prior_budget, "three_public.vehicle.prior_budget"),
        ("机关运行经费预算", acc.operating_expenses, "上年机关运行经费预算", m.operating_expenses.prior_budget or None,
         "operating_expenses.prior_budget"),
    ):
        issues += scale(label, value, prior_label, before, doc, path)
    procurement = _plus(m.procurement.goods, m.procurement.works, m.procurement.services)
    issues += scale("政府采购预算", procurement, "支出预算总数", acc.spending_total, doc, "procurement", part_of=True)
    issues += scale("“三公”经费预算", tp["total"], "财政拨款支出预算", acc.fiscal_spending, doc, "economic", part_of=True)
    for i, project in enumerate(m.projects):
        issues += scale(f"项目“{project.name}”预算", project.amount, "支出预算总数", acc.spending_total, doc,
                        f"projects[{i}].amount", part_of=True)
    vehicle = m.three_public.vehicle
    issues += _per_unit("公务用车运行维护费预算", tp["vehicle_operation"], "运行维护费保障的公务用车（辆）", vehicle.operation.vehicles,
                        PER_VEHICLE_LIMIT, doc, "three_public.vehicle.operation.vehicles")
    issues += _per_unit("公务用车购置费预算", tp["vehicle_purchase"], "拟购置公务用车（辆）", vehicle.purchase.vehicles,
                        PER_VEHICLE_PURCHASE_LIMIT, doc, "three_public.vehicle.purchase.vehicles")
    issues += _above("政府采购预算", procurement, "支出预算总数", acc.spending_total,
                     "政府采购预算是支出预算的一部分", doc, "procurement", Severity.WARNING)
    issues += _above("机关运行经费预算", acc.operating_expenses, "支出预算总数", acc.spending_total,
                     "机关运行经费是支出预算的一部分", doc, "operating_expenses")
    return issues
