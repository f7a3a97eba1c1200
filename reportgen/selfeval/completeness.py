"""Is every text of the 绩效自评 documents there? (``reportgen check``: warnings with the input place.)

- a project's 实际完成情况 (the 自评表 cell) left empty;
- a project report without its 完成的/未完成的绩效目标 (neither the department's words nor
  indicators to list them from);
- the 部门整体 report without the texts a published report carries (年度绩效目标, 绩效目标完成情况
  分析, 下一步改进措施);
- the projects' 年初预算数 not adding up to the 项目支出 年初预算 (十三 资金到位), and the funds
  analyses' own figures (``selfeval.funds.check_funds``).
"""

from __future__ import annotations

from decimal import Decimal

from ..diagnostics import Issue, Severity
from ..money import format_number
from .funds import check_funds

# The texts each document needs, by region (the profile's list once regions are data).
REQUIRED_DEPARTMENT_TEXTS = {
    "goal": "年度绩效目标",
    "achievements": "绩效目标完成情况分析",
    "measures": "下一步改进措施",
}


def check_selfeval_texts(acc, doc, options=None) -> list[Issue]:
    model = acc.model
    perf = model.performance
    src = doc.source
    issues: list[Issue] = []
    for i, p in enumerate(perf.projects):
        base = f"performance.projects[{i}]"
        if not p.goal.achieved.strip():
            issues.append(Issue(
                "selfeval.achieved_missing", Severity.WARNING,
                f"项目“{p.name}”自评表的“实际完成情况”为空，应填写年度总体目标的实际完成情况（goal.achieved）",
                src(f"{base}.goal.achieved"),
            ))
        if not p.indicators:
            for field, label in (("met_targets", "完成的绩效目标"), ("unmet_targets", "未完成的绩效目标")):
                if not getattr(p, field).strip():
                    issues.append(Issue(
                        "selfeval.text_missing", Severity.WARNING,
                        f"项目“{p.name}”无绩效指标，自评报告的“{label}”应照原文填写（{field}），否则印“（未填报）”",
                        src(f"{base}.{field}"),
                    ))
    given = [(i, p.initial_budget) for i, p in enumerate(perf.projects) if p.initial_budget is not None]
    planned = perf.funds.initial_project if perf.funds is not None else None
    if given and planned is not None:
        total = sum((v for _, v in given), Decimal(0))
        if total != planned:
            missing = len(perf.projects) - len(given)
            issues.append(Issue(
                "selfeval.initial_budget", Severity.WARNING,
                f"各项目年初预算数合计 {format_number(total)} ≠ 项目支出年初预算 {format_number(planned)}"
                + (f"（另有 {missing} 个项目未填年初预算数）" if missing else ""),
                src("performance.projects"),
            ))
    issues += check_funds(perf.funds, "performance.funds", acc, src)
    d = perf.department_evaluation
    if d is not None:
        base = "performance.department_evaluation"
        for field, label in REQUIRED_DEPARTMENT_TEXTS.items():
            if not getattr(d, field):
                issues.append(Issue(
                    "selfeval.text_missing", Severity.WARNING,
                    f"部门整体支出绩效自评报告缺少“{label}”（{field}）", src(f"{base}.{field}"),
                ))
        issues += check_funds(d.funds, f"{base}.funds", acc, src)
    return issues
