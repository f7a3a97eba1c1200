"""表文一致 for a budget report: the figures a report's text states, against its data
(spec §A.5, BUD-W1 … W7). Used on a published report (plain text or .docx) and on our own output.

The text is normalised as the spec reads an extraction: line breaks joined, spaces removed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..diagnostics import Issue, Severity, Source
from ..money import Amount, D
from .accounts import CURRENT_SOURCES, BudgetAccounts, total
from .sections import class_shares, personnel_groups

NUM = r"(\d+(?:\.\d+)?)"


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _section(text: str, start: str, end: str) -> str:
    i = text.find(start)
    if i < 0:
        return ""
    j = text.find(end, i + len(start))
    return text[i : j if j >= 0 else len(text)]


def audit_report(report, acc: BudgetAccounts):
    """Audit a budget report (.docx or plain text): ``reportgen.audit.Audit`` (issues, checked)."""
    from pathlib import Path

    from ..audit import Audit, read_report

    path = Path(report)
    counted: list[int] = []
    issues = audit_text("\n".join(read_report(path)), acc, str(path), counted)
    return Audit(issues, counted[0] if counted else 0)


def audit_text(raw: str, acc: BudgetAccounts, file: str = "", counted: list[int] | None = None) -> list[Issue]:
    """Findings of the text ``raw`` against ``acc``; ``counted`` receives the number of figures
    recognised and recomputed."""
    text = normalise(raw)
    issues: list[Issue] = []
    checked = 0

    def issue(rule: str, message: str, severity: Severity = Severity.ERROR) -> None:
        issues.append(Issue(rule, severity, message, Source(file)))

    def money(value: Decimal) -> str:
        return str(Amount(value))

    # BUD-W1 收支预算总数 = 表1 收入总计
    for m in re.finditer(rf"(?<!财政拨款)收支预算总数{NUM}万元", text):
        checked += 1
        if D(m.group(1)) != Amount(acc.income_total).value:
            issue("BUD-W1", f"正文“收支预算总数{m.group(1)}万元”≠ 表1 收入总计 {money(acc.income_total)}（差 {money(abs(D(m.group(1)) - acc.income_total))}）")
    # A.3 一: the lists of income sources and 类 (non-zero, 上年结转 included, code order)
    m = re.search(r"收入包括：(.*?)；支出包括：(.*?)。", text)
    if m:
        checked += 2
        from .sections import Builder

        expected_sources = [label for _, label, value in Builder(acc).income_items() if value]
        classes = acc.by_class()
        expected_classes = [acc.class_names.get(c, c) for c in sorted(classes) if classes[c]]
        for said, expected, what in ((m.group(1), expected_sources, "收入"), (m.group(2), expected_classes, "支出")):
            items = [x for x in said.split("、") if x]
            missing = [x for x in expected if x not in items]
            if missing:
                issue("BUD-W8", f"一 “{what}包括”缺少 {'、'.join(missing)}", Severity.WARNING)
            elif items != expected:
                issue("BUD-W8", f"一 “{what}包括”的顺序应按科目编码：{'、'.join(expected)}", Severity.WARNING)
    # BUD-W6 comparison year = Y−1
    prior = acc.year - 1
    for m in re.finditer(r"[比较](\d{4})年", text):
        if int(m.group(1)) != prior:
            context = text[m.start() : m.start() + 16]
            issue("BUD-W6", f"正文“{context}…”与{m.group(1)}年比较，应与上年（{prior}年）预算比较")
    # BUD-W2 structure shares (三（二）)
    part = _section(text, "一般公共预算当年拨款结构情况", "一般公共预算当年拨款具体使用情况")
    shares = {name: (value, rate) for _, name, value, rate in class_shares(acc)}
    for m in re.finditer(rf"([^；，。：、]+?){NUM}万元，占{NUM}%", part):
        name = m.group(1)
        if name not in shares:
            continue
        value, rate = shares[name]
        checked += 2
        if D(m.group(2)) != Amount(value).value:
            issue("BUD-W2", f"三（二）“{name}{m.group(2)}万元”≠ 表3 {money(value)}")
        places = acc.setting("percent_places")
        expected = format(rate, f".{places}f")
        if m.group(3) != expected:
            issue("BUD-W2", f"三（二）“{name}占{m.group(3)}%”≠ 按最大余额法计算的 {expected}%（各项合计须为100%）")
    # BUD-W3 basic-spending groups (四)
    for label, codes in personnel_groups(acc).items():
        m = re.search(rf"{label}{NUM}万元", text)
        if m:
            checked += 1
            value = total(acc.econ_basic(e) for e in acc.gb_basic_items() if e.code in codes)
            if D(m.group(1)) != Amount(value).value:
                issue("BUD-W3", f"四“{label}{m.group(1)}万元”≠ 表3-1 {'+'.join(codes)} 各款之和 {money(value)}")
    # BUD-W4 三（三）: one item per 表3 项 row with 当年 money, amount = row
    part = _section(text, "一般公共预算当年拨款具体使用情况", "四、一般公共预算基本支出情况说明")
    rows = {f.name: f for f in acc.gb_rows if f.fund("general_budget", None, CURRENT_SOURCES)}
    seen = set()
    for m in re.finditer(rf"\d+\.([^（）。：]+?)（类）(.+?)（款）([^（）]+?)（项）：\d{{4}}年预算数为{NUM}万元", part):
        cls, kuan, name, value = m.groups()
        row = rows.get(name)
        if row is None:
            issue("BUD-W4", f"三（三）“{name}（项）”不是表3中有当年拨款的项")
            continue
        seen.add(name)
        checked += 1
        amount = row.fund("general_budget", None, CURRENT_SOURCES)
        if D(value) != Amount(amount).value:
            issue("BUD-W4", f"三（三）“{name}（项）{value}万元”≠ 表3 {row.code} {money(amount)}")
        expected_kuan = acc.class_names.get(row.code[:5], "")
        if expected_kuan and kuan != expected_kuan:
            issue("BUD-W4", f"三（三）“{kuan}（款）”应为 {row.code[:5]} {expected_kuan}")
    for name, row in rows.items():
        if part and name not in seen:
            issue("BUD-W4", f"三（三）缺少表3的 {row.code} {name}（{money(row.fund('general_budget', None, CURRENT_SOURCES))}万元）")
    # BUD-W5 六 基本/项目 = 表4 columns
    m = re.search(rf"政府性基金预算支出{NUM}万元，其中：基本支出{NUM}万元，项目支出{NUM}万元", text)
    if m:
        checked += 2
        for label, printed, kind in (("基本支出", m.group(2), "basic"), ("项目支出", m.group(3), "project")):
            value = acc.fund_spending("gov_fund", kind)
            if D(printed) != Amount(value).value:
                issue("BUD-W5", f"六“{label}{printed}万元”≠ 表4 {label} {money(value)}")
    # BUD-W7 amounts in 万元
    for m in re.finditer(rf"(?<![\d.万]){NUM}元", text):
        context = text[max(0, m.start() - 8) : m.end()]
        issue("BUD-W7", f"“…{context}”：金额单位应为万元")
    # amounts are printed with 2 decimals
    for m in re.finditer(r"(?<![\d.])(\d+(?:\.\d)?)万元(?!以上)", text):  # not a threshold
        context = text[max(0, m.start() - 8) : m.end()]
        issue("BUD-F1", f"“…{context}”：金额应保留两位小数（{format(D(m.group(1)), '.2f')}万元）", Severity.WARNING)
    if counted is not None:
        counted.append(checked)
    return issues
