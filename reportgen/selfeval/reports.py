"""The self-evaluation documents as blocks (seed 001 layout, domain.md §6).

Headings are numbered as they are written (``Outline``), so a report can never restart or skip
its numbering (the seed's "（三）自评得分" inside 一、). Every figure comes from the evaluation.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from ..accounts import Accounts
from ..glossary import chinese_number
from ..model import DepartmentEvaluation, Indicator
from ..money import Amount, format_number
from ..wording import enumerate_cn, sentence
from .blocks import BODY, H1, H2, NOTE, SIGNATURE, SPACER, TABLE_TITLE, TITLE, Block, Para, Table
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
    return r.project.title.strip() or f"{year}年度{r.name}项目绩效自评报告"


def project_table_title(year: int, r: ProjectResult) -> str:
    return r.project.table_title.strip() or f"{year}年度{r.name}项目支出绩效自评表"


def department_title(year: int, unit: str, e: DepartmentEvaluation | None = None) -> str:
    return (e.title.strip() if e else "") or f"{year}年度{unit}部门整体支出绩效自评报告"


def department_table_title(year: int, unit: str, e: DepartmentEvaluation | None = None) -> str:
    return (e.table_title.strip() if e else "") or f"{year}年度{unit}部门整体支出绩效自评表"


def date_text(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def numbered_paras(o: Outline, items: list[str]) -> list[Block]:
    """Body paragraphs numbered 1. 2. … — a single item is not numbered (no "1." without "2.")."""
    items = [t for t in items if t.strip()]
    if len(items) == 1:
        return [Para(BODY, sentence(items[0]))]
    return [Para(BODY, f"{o.next(2)}{sentence(t)}") for t in items]


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


MISSING = "（未填报）"


def _as_written(text: str) -> str:
    """A text of the department printed as written, ending with one full stop."""
    return sentence(_plain(text)) if text.strip() else ""


def project_body(year: int, r: ProjectResult, work: str, places: int = 1) -> list[Block]:
    """一、自评结论 … 二、佐证资料 of one project (without the title), in the seed's order; the
    department's own words (完成/未完成的绩效目标, 问题, 措施, 佐证材料) printed as written."""
    p, o = r.project, Outline()
    blocks: list[Block] = [Para(H1, f"{o.next(0)}自评结论")]
    blocks.append(Para(H2, f"{o.next(1)}自评得分：{score_text(r.total)}分。"))
    blocks.append(Para(H2, f"{o.next(1)}绩效目标完成情况"))
    blocks.append(Para(BODY, f"{o.next(2)}执行率情况：{execution_sentence(year, r, places)}"))
    met = [s for s in table_order(r.indicators) if s.met]
    missed = [s for s in table_order(r.indicators) if not s.met]
    if p.met_targets.strip():
        met_text = _as_written(p.met_targets)
    elif r.indicators:
        met_text = f"{'；'.join(_met_text(s) for s in met) or NONE}。"
    else:
        met_text = MISSING
    blocks.append(Para(BODY, f"{o.next(2)}完成的绩效目标：{met_text}"))
    if p.unmet_targets.strip():
        unmet_text = _as_written(p.unmet_targets)
    elif r.indicators:
        unmet = [_missed_text(s) for s in missed]
        if r.rate is not None and r.rate < 100:
            unmet.append(f"预算资金未全部执行（执行率{rate_text(r.rate, places)}）")
        unmet_text = f"{'；'.join(unmet) or NONE}。"
    else:
        unmet_text = MISSING
    blocks.append(Para(BODY, f"{o.next(2)}未完成的绩效目标：{unmet_text}"))
    problems = p.report_problems if p.report_problems is not None else p.problems
    blocks.append(Para(H2, f"{o.next(1)}存在的问题和原因：{enumerate_cn(problems) or NONE}。"))
    measures = [m for m in (p.report_measures if p.report_measures is not None else p.measures) if m.strip()]
    if measures:
        blocks.append(Para(H2, f"{o.next(1)}下一步拟改进措施"))
        blocks += numbered_paras(o, measures)
    else:
        blocks.append(Para(H2, f"{o.next(1)}下一步拟改进措施：{NONE}。"))
    blocks.append(Para(BODY, f"附件：{project_table_title(year, r)}（附后）"))
    blocks.append(Para(H1, f"{o.next(0)}佐证资料"))
    blocks.append(Para(H2, f"{o.next(1)}基本情况"))
    basics = [f"立项目的：{sentence(p.purpose)}"] if p.purpose.strip() else []
    if p.goal.expected.strip():
        basics.append(f"年度绩效目标：{sentence(p.goal.expected)}")
    blocks += numbered_paras(o, basics)
    blocks.append(Para(H2, f"{o.next(1)}部门自评工作开展情况"))
    blocks.append(Para(BODY, sentence(work or DEFAULT_WORK), keep_next=True))  # never leave 其他佐证材料 alone
    evidence = enumerate_cn(p.evidence)
    blocks.append(Para(H2, f"{o.next(1)}其他佐证材料：{evidence or NONE}。"))
    return blocks


def _amount_cells(values: list[Decimal | None]) -> list[str]:
    """One row's amounts: a value not given is blank, and then a zero beside it is blank too (one
    zero convention per row: never "0.00" next to an empty cell)."""
    blank_zero = any(v is None for v in values)
    return ["" if v is None or (blank_zero and not v) else format_number(v, 2, grouping=True) for v in values]


def _merge_runs(rows: list[list[str]], first: int, col: int, merges: list, key=None, last: int | None = None) -> None:
    """Merge consecutive equal cells of ``col`` from row ``first`` on (一级/二级 indicator names)."""
    start = first
    stop = len(rows) if last is None else last + 1
    get = key or (lambda i: rows[i][col])
    for r in range(first + 1, stop + 1):
        same = r < stop and get(r) == get(start)
        if not same:
            if r - 1 > start:
                merges.append((start, col, r - 1, col))
            start = r


NO_TABLE = "绩效指标及其得分见单位报送的自评表（未随本报告公开）"

# The project framework's order (产出 / 成本 / 效益 / 满意度; 二级 数量 / 质量 / 时效 / 成本 and
# 经济 / 社会 / 生态 / 可持续), by name prefix; other trees keep the order they are given in.
FRAMEWORK = {"产出": ("数量", "质量", "时效", "成本"), "成本": ("经济", "社会", "生态"), "效益": ("经济", "社会", "生态", "可持续"), "满意": ()}


def _rank(name: str, order: tuple[str, ...]) -> int:
    return next((k for k, prefix in enumerate(order) if name.startswith(prefix)), len(order))


def table_order(scored: list[Scored]) -> list[Scored]:
    """The indicators as the 自评表 lists them. A tree of the project framework is grouped by 一级
    then 二级 in the framework's order, so that each merges into one cell (a 绩效目标 file lists
    产出, 成本 and 效益 rows interleaved, as seed 002 表6 prints them); input order within a group,
    and an 二级 the framework does not name after the named ones, in order of first appearance.
    Any other tree (部门整体: 运行成本 / 履职效能 …) keeps the order it is given in."""
    if not all(any(s.indicator.level1.startswith(prefix) for prefix in FRAMEWORK) for s in scored):
        return list(scored)
    level1s = tuple(FRAMEWORK)
    first: dict[tuple[str, str], int] = {}

    def key(pair: tuple[int, Scored]) -> tuple:
        i, s = pair
        ind = s.indicator
        one = _rank(ind.level1, level1s)
        two = _rank(ind.level2, FRAMEWORK[level1s[one]])
        return (one, ind.level1, two, first.setdefault((ind.level1, ind.level2), i), i)

    return [s for _, s in sorted(enumerate(scored), key=key)]



def project_head_table(unit_name: str, r: ProjectResult, places: int = 1) -> Table:
    """自评表, upper part: project, units, funds (with 执行率) and the 年度总体目标."""
    p = r.project
    weights = r.weights
    scored = bool(r.indicators)
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
            tail = [score_text(weights.execution) if scored else "—", rate_text(r.rate, places),
                    score_text(r.execution_score) if scored else "—"]
        else:
            tail = ["—", "—", "—"]
        label = line.label if i != 1 else f"其中：{line.label}"
        rows.append(["", label, *_amount_cells([line.initial_budget, line.budget, line.actual]), *tail])
    merges.append((2, 0, 2 + len(r.funds), 0))
    goal_row = len(rows)
    rows.append(["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""])
    rows.append(["", p.goal.expected, "", "", p.goal.achieved, "", "", ""])
    merges += [(goal_row, 0, goal_row + 1, 0), (goal_row, 1, goal_row, 3), (goal_row, 4, goal_row, 7),
               (goal_row + 1, 1, goal_row + 1, 3), (goal_row + 1, 4, goal_row + 1, 7)]
    left |= {(goal_row + 1, 1), (goal_row + 1, 4)}
    return Table(rows, PROJECT_WIDTHS, merges, header_rows=1, left=left)


# 一级指标 and 执行率 "100.0%" (9 pt, with the cell margins) fit on one line in these widths (mm).
PROJECT_WIDTHS = (18, 24, 21, 19, 19, 12, 16, 27)


def project_indicator_table(r: ProjectResult) -> Table:
    """自评表, lower part: the indicators under a header row repeated on every page, and the total.
    Without an indicator table (published reports whose 自评表 is 附后) one row says so, and
    the total is the printed 自评得分: no indicator row is made up."""
    weights = r.weights
    rows: list[list[str]] = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
    merges: list[tuple[int, int, int, int]] = []
    left: set[tuple[int, int]] = set()
    if not r.indicators:
        rows.append([NO_TABLE, "", "", "", "", "", "", ""])
        merges.append((1, 0, 1, 7))
        rows.append(["自评得分", "", "", "", "", "", score_text(r.total), f"自评等级：{r.grade}"])
        merges.append((2, 0, 2, 5))
        return Table(rows, PROJECT_WIDTHS, merges, header_rows=1, left=left)
    for s in table_order(r.indicators):
        ind = s.indicator
        why = "；".join(t for t in (_plain(ind.deviation), _plain(ind.measures)) if t)
        rows.append([ind.level1, ind.level2, ind.name, target_text(ind), actual_text(ind), score_text(s.points),
                     "" if s.score is None else score_text(s.score), why])
        left.add((len(rows) - 1, 7))
    _merge_runs(rows, 1, 0, merges)
    _merge_runs(rows, 1, 1, merges, key=lambda i: (rows[i][0], rows[i][1]))
    total_points = weights.execution + sum((s.points for s in r.indicators), Decimal(0))
    rows.append(["总分", "", "", "", "", score_text(total_points), score_text(r.total), f"自评等级：{r.grade}"])
    merges.append((len(rows) - 1, 0, len(rows) - 1, 4))
    return Table(rows, PROJECT_WIDTHS, merges, header_rows=1, left=left)


def project_table(unit_name: str, r: ProjectResult, places: int = 1) -> list[Block]:
    """项目支出绩效自评表 (domain.md §6): two grids of the same 8 columns, one under the other, so
    the indicators' header row can repeat on every page."""
    return [project_head_table(unit_name, r, places), Para(SPACER, ""), project_indicator_table(r)]


def project_document(year: int, unit_name: str, r: ProjectResult, work: str, places: int = 1) -> list[Block]:
    """A project's report body and its 自评表 (the title is the template's or the annex's)."""
    return [
        *project_body(year, r, work, places),
        Para(TABLE_TITLE, project_table_title(year, r), page_break=True),
        *project_table(unit_name, r, places),
    ]


def _spending_sentence(year: int, acc: Accounts) -> str:
    """部门整体支出情况: 支出总额 with its 财政拨款/其他资金 split, then the 财政拨款 基本/项目 split."""
    total, fiscal = acc.spending_total, acc.fiscal_spending_total
    text = f"{year}年支出总额{Amount(total)}万元"
    if fiscal and fiscal != total:
        text += f"，其中财政拨款支出{Amount(fiscal)}万元，其他资金支出{Amount(total - fiscal)}万元。"
    else:
        text += "。"
    if fiscal and fiscal == acc.general_budget_total:
        text += (f"{year}年财政拨款支出{Amount(fiscal)}万元，其中基本支出{Amount(acc.general_budget_basic)}万元，"
                 f"项目支出{Amount(acc.general_budget_project)}万元。")
    else:
        basic, project = acc.spending.get("basic", Decimal(0)), acc.spending.get("project", Decimal(0))
        text += f"其中基本支出{Amount(basic)}万元，项目支出{Amount(project)}万元。"
    return text


def department_body(year: int, unit_name: str, d: DepartmentResult, acc: Accounts, work: str,
                    subject: str = "", report_date: _dt.date | None = None, places: int = 1) -> list[Block]:
    """部门整体支出绩效自评报告 (seed 001 第六部分 一): the department's words as written, the
    amounts from the accounts, the printed 自评得分."""
    e, o = d.evaluation, Outline()
    subject = subject or unit_name
    intro = e.notice.strip() or f"根据预算绩效管理要求，{unit_name}对{year}年度部门整体支出绩效开展了自评。现将有关情况报告如下："
    blocks: list[Block] = [Para(BODY, intro)]
    blocks.append(Para(H1, f"{o.next(0)}基本情况"))
    blocks.append(Para(H2, f"{o.next(1)}部门整体支出情况"))
    blocks.append(Para(BODY, _spending_sentence(year, acc)))
    if e.goal:
        blocks.append(Para(H2, f"{o.next(1)}年度绩效目标"))
        blocks.append(Para(BODY, sentence(e.goal)))
    blocks.append(Para(H1, f"{o.next(0)}绩效自评工作开展情况"))
    blocks.append(Para(BODY, sentence(e.work or work or DEFAULT_WORK)))
    blocks.append(Para(H1, f"{o.next(0)}绩效目标完成情况分析"))
    lead = _plain(e.score_sentence) or "本次自评通过对部门整体支出的各项指标进行综合评价"
    blocks.append(Para(BODY, f"{lead}，自评得分{score_text(d.total)}分，自评结果为{d.grade}。"))
    if e.funds is not None:
        from .funds import funds_paragraphs

        funds = funds_paragraphs(year, subject, e.funds, acc, places)
    else:
        funds = [("资金到位情况分析", e.funds_arrival), ("资金执行情况分析", e.funds_execution), ("资金管理情况分析", e.funds_management)]
        funds = [(label, sentence(_plain(text))) for label, text in funds if text.strip()]
    if funds:
        blocks.append(Para(H2, f"{o.next(1)}资金投入情况分析"))
        blocks += [Para(BODY, f"{o.next(2) if len(funds) > 1 else ''}{label}。{text}") for label, text in funds]
    if e.achievements:
        blocks.append(Para(H2, f"{o.next(1)}绩效目标完成情况分析"))
        blocks += numbered_paras(o, e.achievements)
    blocks.append(Para(H1, f"{o.next(0)}绩效自评结果拟应用情况"))
    uses = [("下一步改进措施", e.measures), ("拟与预算安排相结合情况", e.budget_use), ("拟公开情况", e.publication)]
    for label, content in uses:
        if not content:
            continue
        blocks.append(Para(H2, f"{o.next(1)}{label}"))
        blocks += numbered_paras(o, content if isinstance(content, list) else [content])
    blocks.append(Para(H1, f"{o.next(0)}{department_table_title(year, unit_name, e)}（附后）"))
    day = e.date or report_date
    if day is not None:
        blocks.append(Para(SIGNATURE, date_text(day)))
    return blocks


def _department_columns(d: DepartmentResult) -> list[tuple[str, str, float]]:
    """(key, header, width mm) of the 自评表's indicator columns: 一级指标 only when the input has
    them, 分值/得分 only when points are given (the published 曾都 table has neither)."""
    inds = [s.indicator for s in d.indicators]
    cols = []
    if any(i.level1 for i in inds):
        cols.append(("level1", "一级指标", 18))
    cols += [("level2", "二级指标", 25), ("name", "三级指标", 28), ("criteria", "评价要点", 0), ("category", "指标分类", 21),
             ("target", "年初目标值（A）", 17), ("actual", "实际完成值（B）", 17)]
    if any(i.points is not None for i in inds):
        cols += [("points", "分值", 12), ("score", "得分", 13)]
    fixed = sum(w for _, _, w in cols)
    if TABLE_WIDTH - fixed < MIN_CRITERIA:
        # every column present: the columns after the first (which holds 单位名称, 年度目标) give
        # 评价要点 its room
        scale = (TABLE_WIDTH - MIN_CRITERIA - cols[0][2]) / (fixed - cols[0][2])
        cols = [cols[0], *((k, h, round(w * scale, 1)) for k, h, w in cols[1:])]  # float-ok: millimetres
        fixed = sum(w for _, _, w in cols)
    return [(k, h, w or round(TABLE_WIDTH - fixed, 1)) for k, h, w in cols]  # float-ok: millimetres


TABLE_WIDTH, MIN_CRITERIA = 156, 20  # mm: the text width, and the narrowest 评价要点 column


def department_table(unit_name: str, d: DepartmentResult, acc: Accounts) -> list[Block]:
    """部门整体支出绩效自评表 (seed 001 annex): a head grid (单位, 支出, 年度目标) and the indicator
    grid under a header row repeated on every page, then 偏差/改进 rows; the same columns."""
    e = d.evaluation
    cols = _department_columns(d)
    widths = tuple(w for _, _, w in cols)
    n = len(cols)
    crit = [k for k, _, _ in cols].index("criteria")
    basic, project = acc.spending.get("basic", Decimal(0)), acc.spending.get("project", Decimal(0))
    head = [["" for _ in range(n)] for _ in range(3)]
    head[0][0], head[0][1] = "单位名称", unit_name
    head[1][0], head[1][2] = "基本支出总额（万元）", format_number(basic, 2, grouping=True)
    head[1][crit + 1], head[1][crit + 3] = "项目支出总额（万元）", format_number(project, 2, grouping=True)
    head[2][0], head[2][1] = "年度目标", e.table_goal or e.goal
    head_merges = [(0, 1, 0, n - 1), (1, 0, 1, 1), (1, crit + 1, 1, crit + 2), (2, 1, 2, n - 1)]
    if crit > 2:
        head_merges.append((1, 2, 1, crit))
    if crit + 3 < n - 1:
        head_merges.append((1, crit + 3, 1, n - 1))
    head_table = Table(head, widths, head_merges, header_rows=1, left={(2, 1)})
    rows: list[list[str]] = [[h for _, h, _ in cols]]
    merges: list[tuple[int, int, int, int]] = []
    left: set[tuple[int, int]] = set()
    for s in table_order(d.indicators):
        ind = s.indicator
        values = {"level1": ind.level1, "level2": ind.level2, "name": ind.name, "criteria": ind.criteria,
                  "category": ind.category, "target": target_text(ind), "actual": actual_text(ind),
                  "points": score_text(s.points), "score": "" if s.score is None else score_text(s.score)}
        rows.append([values[k] for k, _, _ in cols])
        left.add((len(rows) - 1, crit))
    last = len(rows) - 1
    _merge_runs(rows, 1, 0, merges, last=last)
    if cols[0][0] == "level1":
        _merge_runs(rows, 1, 1, merges, key=lambda i: (rows[i][0], rows[i][1]), last=last)
    if cols[-1][0] == "score":
        rows.append(["总分", *[""] * (n - 3), score_text(sum((s.points for s in d.indicators), Decimal(0))), score_text(d.total)])
        merges.append((len(rows) - 1, 0, len(rows) - 1, n - 3))
    for label, text in (("偏差大或目标未完成原因分析", e.deviation), ("改进措施及结果应用方案", e.improvement)):
        rows.append([label, "", text or NONE, *[""] * (n - 3)])
        merges += [(len(rows) - 1, 0, len(rows) - 1, 1), (len(rows) - 1, 2, len(rows) - 1, n - 1)]
        left.add((len(rows) - 1, 2))
    return [head_table, Para(SPACER, ""), Table(rows, widths, merges, header_rows=1, left=left)]


def department_document(year: int, unit_name: str, d: DepartmentResult, acc: Accounts, work: str,
                        subject: str = "", report_date: _dt.date | None = None, places: int = 1) -> list[Block]:
    e = d.evaluation
    blocks = [
        *department_body(year, unit_name, d, acc, work, subject, report_date, places),
        Para(TABLE_TITLE, department_table_title(year, unit_name, e), page_break=True),
    ]
    day = e.table_date or e.date or report_date
    if day is not None:
        blocks.append(Para(NOTE, f"填报日期：{date_text(day)}"))
    blocks += department_table(unit_name, d, acc)
    notes = [t for t in e.table_notes if t.strip()]
    if notes:
        blocks.append(Para(NOTE, "备注：" + "".join(f"{i}.{sentence(_plain(t))}" for i, t in enumerate(notes, start=1))))
    return blocks


def annex_blocks(year: int, unit_name: str, ev: Evaluation, acc: Accounts, work: str, places: int = 1,
                 subject: str = "", report_date: _dt.date | None = None, headings: list[str] | None = None) -> list[Block]:
    """第六部分 附件 of the 部门决算 report: the same documents, each with its title, one after another.
    ``headings`` are the department's own group headings (部门整体, 项目), as written."""
    blocks: list[Block] = []
    o = Outline()
    given = [h.strip() for h in (headings or [])]
    department_heading = (given[0] if given else "") or f"{year}年度部门整体支出绩效自评报告"
    projects_heading = (given[1] if len(given) > 1 else "") or f"{year}年度项目支出绩效自评报告"
    if ev.department is not None:
        blocks.append(Para(H1, f"{o.next(0)}{department_heading}"))
        blocks.append(Para(TITLE, department_title(year, unit_name, ev.department.evaluation)))
        blocks += department_document(year, unit_name, ev.department, acc, work, subject, report_date, places)
    if ev.projects:
        blocks.append(Para(H1, f"{o.next(0)}{projects_heading}", page_break=bool(blocks)))
        for i, r in enumerate(ev.projects):
            blocks.append(Para(TITLE, project_title(year, r), page_break=i > 0))
            blocks += project_document(year, unit_name, r, work, places)
    return blocks
