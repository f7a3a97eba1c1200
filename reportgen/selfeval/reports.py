"""The self-evaluation documents as blocks (seed 001 layout, domain.md §6).

Headings are numbered as they are written (``Outline``), so a report can never restart or skip
its numbering (the seed's "（三）自评得分" inside 一、). Every figure comes from the evaluation.
"""

from __future__ import annotations

from decimal import Decimal

from ..accounts import Accounts
from ..glossary import chinese_number
from ..model import Indicator
from ..money import Amount, format_number
from ..wording import enumerate_cn, sentence
from .blocks import BODY, H1, H2, TABLE_TITLE, TITLE, Block, Para, Table
from .evaluate import DepartmentResult, Evaluation, ProjectResult, score_text
from .scoring import Scored

DEFAULT_WORK = (
    "将采集的自评相关基础数据和资料进行整理汇总，并以预算申报的绩效目标为基础，结合决算数据，"
    "对本年度实际的产出指标和效益指标进行分析，比较预算绩效目标完成情况，分析原因，提出建议，形成自评报告。"
)
NONE = "无"


class Outline:
    """一、 / （一） / 1. labels, each level restarting under its parent."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]

    def next(self, level: int) -> str:
        self.counts[level] += 1
        for deeper in range(level + 1, len(self.counts)):
            self.counts[deeper] = 0
        n = self.counts[level]
        return (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.")[level]


def _plain(text: str) -> str:
    return text.strip().rstrip("。；;")


def rate_text(rate: Decimal | None, places: int = 1) -> str:
    return "—" if rate is None else f"{format_number(rate, places)}%"


def _number(value: Decimal) -> str:
    """An indicator value as the input gives it (100, 5.25, 0.00)."""
    return f"{value:f}"


def target_text(ind: Indicator) -> str:
    if ind.target_text:
        return ind.target_text
    if ind.target is None:
        return ""
    prefix = ind.kind if ind.kind in ("≥", "≤") else ""
    return f"{prefix}{_number(ind.target)}{ind.unit}"


def actual_text(ind: Indicator) -> str:
    if ind.actual_text:
        return ind.actual_text
    if ind.kind == "定性":
        return ind.achieved or ""
    return "" if ind.actual is None else f"{_number(ind.actual)}{ind.unit}"


def project_title(year: int, r: ProjectResult) -> str:
    return f"{year}年度{r.name}项目绩效自评报告"


def project_table_title(year: int, r: ProjectResult) -> str:
    return f"{year}年度{r.name}项目支出绩效自评表"


def department_title(year: int, unit: str) -> str:
    return f"{year}年度{unit}部门整体支出绩效自评报告"


def department_table_title(year: int, unit: str) -> str:
    return f"{year}年度{unit}部门整体支出绩效自评表"


def _met_text(s: Scored) -> str:
    return f"{s.indicator.name}（年度指标值{target_text(s.indicator)}，实际完成{actual_text(s.indicator)}）"


def _missed_text(s: Scored) -> str:
    text = _met_text(s)
    if s.indicator.deviation:
        text += f"，偏差原因：{_plain(s.indicator.deviation)}"
    return text


def execution_sentence(year: int, r: ProjectResult, places: int = 1) -> str:
    p = r.project
    if r.rate is None:
        return f"{year}年度{r.name}全年未安排预算，执行数{Amount(p.actual)}万元，不计算执行率。"
    text = f"{year}年度{r.name}全年预算数{Amount(p.budget)}万元，执行数{Amount(p.actual)}万元，执行率{rate_text(r.rate, places)}。"
    if p.execution_reason and r.rate < 100:
        text += f"执行率偏差原因：{sentence(_plain(p.execution_reason))}"
    return text


def project_body(year: int, r: ProjectResult, work: str, places: int = 1) -> list[Block]:
    """一、自评结论 … 二、佐证资料 of one project (without the title)."""
    p, o = r.project, Outline()
    blocks: list[Block] = [Para(H1, f"{o.next(0)}自评结论")]
    blocks.append(Para(H2, f"{o.next(1)}自评得分：{score_text(r.total)}分，自评等级：{r.grade}。"))
    blocks.append(Para(H2, f"{o.next(1)}绩效目标完成情况"))
    blocks.append(Para(BODY, f"{o.next(2)}执行率情况：{execution_sentence(year, r, places)}"))
    met = [s for s in r.indicators if s.met]
    missed = [s for s in r.indicators if not s.met]
    blocks.append(Para(BODY, f"{o.next(2)}完成的绩效目标：{'；'.join(_met_text(s) for s in met) or NONE}。"))
    unmet = [_missed_text(s) for s in missed]
    if r.rate is not None and r.rate < 100:
        unmet.append(f"预算资金未全部执行（执行率{rate_text(r.rate, places)}）")
    blocks.append(Para(BODY, f"{o.next(2)}未完成的绩效目标：{'；'.join(unmet) or NONE}。"))
    problems = p.report_problems if p.report_problems is not None else p.problems
    blocks.append(Para(H2, f"{o.next(1)}存在的问题和原因：{enumerate_cn(problems) or NONE}。"))
    if p.measures:
        blocks.append(Para(H2, f"{o.next(1)}下一步拟改进措施"))
        blocks += [Para(BODY, f"{o.next(2)}{sentence(m)}") for m in p.measures if m.strip()]
    else:
        blocks.append(Para(H2, f"{o.next(1)}下一步拟改进措施：{NONE}。"))
    blocks.append(Para(BODY, f"附件：{project_table_title(year, r)}（附后）"))
    blocks.append(Para(H1, f"{o.next(0)}佐证资料"))
    blocks.append(Para(H2, f"{o.next(1)}基本情况"))
    if p.purpose:
        blocks.append(Para(BODY, f"{o.next(2)}立项目的：{sentence(p.purpose)}"))
    if p.goal.expected:
        blocks.append(Para(BODY, f"{o.next(2)}年度绩效目标：{sentence(p.goal.expected)}"))
    blocks.append(Para(H2, f"{o.next(1)}部门自评工作开展情况"))
    blocks.append(Para(BODY, sentence(work or DEFAULT_WORK)))
    evidence = enumerate_cn(p.evidence)
    blocks.append(Para(H2, f"{o.next(1)}其他佐证材料：{evidence or NONE}。"))
    return blocks


def _amount_cell(value: Decimal | None) -> str:
    return "" if value is None else format_number(value, 2, grouping=True)


def _merge_runs(rows: list[list[str]], first: int, col: int, merges: list, key=None) -> None:
    """Merge consecutive equal cells of ``col`` from row ``first`` on (一级/二级 indicator names)."""
    start = first
    for r in range(first + 1, len(rows) + 1):
        same = r < len(rows) and (key or (lambda i: rows[i][col]))(r) == (key or (lambda i: rows[i][col]))(start)
        if not same:
            if r - 1 > start:
                merges.append((start, col, r - 1, col))
            start = r


def project_table(unit_name: str, r: ProjectResult, places: int = 1) -> Table:
    """项目支出绩效自评表 (domain.md §6), one 8-column grid."""
    p = r.project
    weights = r.weights
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    left: set[tuple[int, int]] = set()
    rows.append(["项目名称", p.name, "", "", "", "", "", ""])
    merges.append((0, 1, 0, 7))
    rows.append(["主管部门", p.supervisor or unit_name, "", "", "实施单位", p.implementer or unit_name, "", ""])
    merges += [(1, 1, 1, 3), (1, 5, 1, 7)]
    rows.append(["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    for i, line in enumerate(r.funds):
        if i == 0:
            tail = [score_text(weights.execution), rate_text(r.rate, places), score_text(r.execution_score)]
        else:
            tail = ["—", "—", "—"]
        label = line.label if i != 1 else f"其中：{line.label}"
        rows.append(["", label, _amount_cell(line.initial_budget), _amount_cell(line.budget), _amount_cell(line.actual), *tail])
    merges.append((2, 0, 2 + len(r.funds), 0))
    goal_row = len(rows)
    rows.append(["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""])
    rows.append(["", p.goal.expected, "", "", p.goal.achieved, "", "", ""])
    merges += [(goal_row, 0, goal_row + 1, 0), (goal_row, 1, goal_row, 3), (goal_row, 4, goal_row, 7),
               (goal_row + 1, 1, goal_row + 1, 3), (goal_row + 1, 4, goal_row + 1, 7)]
    left |= {(goal_row + 1, 1), (goal_row + 1, 4)}
    head = len(rows)
    rows.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    for s in r.indicators:
        ind = s.indicator
        why = "；".join(t for t in (_plain(ind.deviation), _plain(ind.measures)) if t)
        rows.append([ind.level1, ind.level2, ind.name, target_text(ind), actual_text(ind), score_text(s.points),
                     "" if s.score is None else score_text(s.score), why])
        left.add((len(rows) - 1, 7))
    _merge_runs(rows, head + 1, 0, merges)
    _merge_runs(rows, head + 1, 1, merges, key=lambda i: (rows[i][0], rows[i][1]))
    total_points = weights.execution + sum((s.points for s in r.indicators), Decimal(0))
    rows.append(["总分", "", "", "", "", score_text(total_points), score_text(r.total), f"自评等级：{r.grade}"])
    merges.append((len(rows) - 1, 0, len(rows) - 1, 4))
    # 执行率 (column 7) holds "100.0%": 9 pt digits and the cell margins need 14 mm.
    return Table(rows, (17, 17, 28, 19, 19, 12, 14, 30), merges, header_rows=0, left=left)


def project_document(year: int, unit_name: str, r: ProjectResult, work: str, places: int = 1) -> list[Block]:
    """A project's report body and its 自评表 (the title is the template's or the annex's)."""
    return [
        *project_body(year, r, work, places),
        Para(TABLE_TITLE, project_table_title(year, r), page_break=True),
        project_table(unit_name, r, places),
    ]


def department_body(year: int, unit_name: str, d: DepartmentResult, acc: Accounts, work: str) -> list[Block]:
    e, o = d.evaluation, Outline()
    basic, project = acc.spending.get("basic", Decimal(0)), acc.spending.get("project", Decimal(0))
    blocks: list[Block] = [Para(BODY, f"根据预算绩效管理要求，{unit_name}对{year}年度部门整体支出绩效开展了自评。现将有关情况报告如下：")]
    blocks.append(Para(H1, f"{o.next(0)}基本情况"))
    blocks.append(Para(H2, f"{o.next(1)}部门整体支出情况"))
    blocks.append(Para(BODY, f"{year}年度支出总额{Amount(acc.spending_total)}万元，其中基本支出{Amount(basic)}万元，项目支出{Amount(project)}万元。"))
    if e.goal:
        blocks.append(Para(H2, f"{o.next(1)}年度绩效目标"))
        blocks.append(Para(BODY, sentence(e.goal)))
    blocks.append(Para(H1, f"{o.next(0)}绩效自评工作开展情况"))
    blocks.append(Para(BODY, sentence(work or DEFAULT_WORK)))
    blocks.append(Para(H1, f"{o.next(0)}绩效目标完成情况分析"))
    blocks.append(Para(BODY, f"本次自评通过对部门整体支出的各项指标进行综合评价，自评得分{score_text(d.total)}分，自评结果为{d.grade}。"))
    funds = [("资金到位情况分析", e.funds_arrival), ("资金执行情况分析", e.funds_execution), ("资金管理情况分析", e.funds_management)]
    funds = [(label, text) for label, text in funds if text.strip()]
    if funds:
        blocks.append(Para(H2, f"{o.next(1)}资金投入情况分析"))
        blocks += [Para(BODY, f"{o.next(2)}{label}。{sentence(text)}") for label, text in funds]
    if e.achievements:
        blocks.append(Para(H2, f"{o.next(1)}绩效目标完成情况分析"))
        blocks += [Para(BODY, f"{o.next(2)}{sentence(t)}") for t in e.achievements if t.strip()]
    blocks.append(Para(H1, f"{o.next(0)}绩效自评结果拟应用情况"))
    uses = [("下一步改进措施", e.measures), ("拟与预算安排相结合情况", e.budget_use), ("拟公开情况", e.publication)]
    for label, content in uses:
        if not content:
            continue
        blocks.append(Para(H2, f"{o.next(1)}{label}"))
        items = content if isinstance(content, list) else [content]
        numbered = len(items) > 1
        blocks += [Para(BODY, f"{o.next(2) if numbered else ''}{sentence(t)}") for t in items if t.strip()]
    blocks.append(Para(H1, f"{o.next(0)}{department_table_title(year, unit_name)}（附后）"))
    return blocks


def department_table(unit_name: str, d: DepartmentResult, acc: Accounts) -> Table:
    """部门整体支出绩效自评表 (seed 001 annex, seed 004 indicator tree), 9 columns."""
    e = d.evaluation
    basic, project = acc.spending.get("basic", Decimal(0)), acc.spending.get("project", Decimal(0))
    rows: list[list[str]] = [
        ["单位名称", unit_name, "", "", "", "", "", "", ""],
        ["基本支出总额（万元）", "", format_number(basic, 2, grouping=True), "", "项目支出总额（万元）", "", format_number(project, 2, grouping=True), "", ""],
        ["年度目标", e.goal, "", "", "", "", "", "", ""],
    ]
    merges = [(0, 1, 0, 8), (1, 0, 1, 1), (1, 2, 1, 3), (1, 4, 1, 5), (1, 6, 1, 8), (2, 1, 2, 8)]
    left = {(2, 1)}
    head = len(rows)
    rows.append(["一级指标", "二级指标", "三级指标", "评价要点", "指标分类", "年初目标值（A）", "实际完成值（B）", "分值", "得分"])
    for s in d.indicators:
        ind = s.indicator
        rows.append([ind.level1, ind.level2, ind.name, ind.criteria, ind.category, target_text(ind), actual_text(ind),
                     score_text(s.points), "" if s.score is None else score_text(s.score)])
        left.add((len(rows) - 1, 3))
    _merge_runs(rows, head + 1, 0, merges)
    _merge_runs(rows, head + 1, 1, merges, key=lambda i: (rows[i][0], rows[i][1]))
    rows.append(["总分", "", "", "", "", "", "", score_text(sum((s.points for s in d.indicators), Decimal(0))), score_text(d.total)])
    rows.append(["自评等级", "", "", "", "", "", "", d.grade, ""])
    merges += [(len(rows) - 2, 0, len(rows) - 2, 6), (len(rows) - 1, 0, len(rows) - 1, 6), (len(rows) - 1, 7, len(rows) - 1, 8)]
    for label, text in (("偏差大或目标未完成原因分析", e.deviation), ("改进措施及结果应用方案", e.improvement)):
        rows.append([label, "", text or NONE, "", "", "", "", "", ""])
        merges += [(len(rows) - 1, 0, len(rows) - 1, 1), (len(rows) - 1, 2, len(rows) - 1, 8)]
        left.add((len(rows) - 1, 2))
    return Table(rows, (15, 16, 20, 30, 14, 17, 17, 13, 14), merges, header_rows=0, left=left)


def department_document(year: int, unit_name: str, d: DepartmentResult, acc: Accounts, work: str) -> list[Block]:
    return [
        *department_body(year, unit_name, d, acc, work),
        Para(TABLE_TITLE, department_table_title(year, unit_name), page_break=True),
        department_table(unit_name, d, acc),
    ]


def annex_blocks(year: int, unit_name: str, ev: Evaluation, acc: Accounts, work: str, places: int = 1) -> list[Block]:
    """第六部分 附件 of the 部门决算 report: the same documents, each with its title, one after another."""
    blocks: list[Block] = []
    o = Outline()
    if ev.department is not None:
        blocks.append(Para(H1, f"{o.next(0)}{year}年度部门整体支出绩效自评报告"))
        blocks.append(Para(TITLE, department_title(year, unit_name)))
        blocks += department_document(year, unit_name, ev.department, acc, work)
    if ev.projects:
        blocks.append(Para(H1, f"{o.next(0)}{year}年度项目支出绩效自评报告", page_break=bool(blocks)))
        for i, r in enumerate(ev.projects):
            blocks.append(Para(TITLE, project_title(year, r), page_break=i > 0))
            blocks += project_document(year, unit_name, r, work, places)
    return blocks
