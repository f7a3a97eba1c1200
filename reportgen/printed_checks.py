"""The tables as printed (domain.md §8): every printed 类/款/合计 row against its items and against
the same figure in the other tables.

An input may carry the 公开表 exactly as the 决算 software exports them: 类 (3-digit) and 款
(5-digit) rows among the 项 rows of ``functions``, a 合计 column in a row (``total``), the 合计 rows
of each table (``totals``), the 类 rows of 表6 (3-digit codes in ``basic_expenditure``) and its
人员经费合计/公用经费合计. The report prints these figures as given; here each is compared:

* within its table: 类 = Σ款, 款 = Σ项, 合计 = Σ类, column by column, and each row's 合计 column
  = Σ its columns (基本+项目 = 合计);
* across tables: 表1 本年收入/本年支出 and its 类 rows against 表2/表3, 表1's own sums, 表6's
  类 rows and 人员经费/公用经费 against their 款.

Equal → nothing; within the tolerance (the 0.01s of rounding without 舍位平衡) a note naming the
row; beyond it an error naming both places and the difference, saying which printed figure
disagrees with both its items and the other tables where that can be told.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .accounts import INCOME_KEYS, SPENDING_KEYS, Accounts, FunctionRow
from .diagnostics import Issue, Severity
from .glossary import FISCAL_FUNDS, INCOME_SOURCES, PERSONNEL_GROUPS, PUBLIC_GROUPS, SPENDING_TYPES
from .loader import Document
from .money import ZERO, Amount

FUND_COLUMNS = {"carry_begin": "年初结转和结余", "income": "本年收入", "spending": "本年支出小计", "basic": "基本支出",
                "project": "项目支出", "carry_end": "年末结转和结余"}
# each 支出功能分类 table: its name, its columns (key → label) and how a row's figure is read
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "income": ("表2 收入决算表", {**INCOME_SOURCES, "total": "本年收入合计"}),
    "spending": ("表3 支出决算表", {**SPENDING_TYPES, "total": "本年支出合计"}),
    "general_budget": ("表5 一般公共预算财政拨款支出决算表",
                       {"initial_budget": "年初预算数", "basic": "基本支出", "project": "项目支出", "total": "合计"}),
    "gov_fund": (f"表7 {FISCAL_FUNDS['gov_fund']}收入支出决算表", FUND_COLUMNS),
    "state_capital": (f"表8 {FISCAL_FUNDS['state_capital']}收入支出决算表", FUND_COLUMNS),
}
ROW_PARTS: dict[str, tuple[str, ...]] = {"income": INCOME_KEYS, "spending": SPENDING_KEYS, "general_budget": ("basic", "project"),
                                         "gov_fund": ("basic", "project"), "state_capital": ("basic", "project")}
# the column of a row that is the sum of the ROW_PARTS columns (表7/表8: 本年支出小计 = 基本+项目)
ROW_TOTAL = {"gov_fund": "spending", "state_capital": "spending"}


def value(row: FunctionRow, part: str, key: str) -> Decimal:
    """A row's figure in one column of one table, as the report shows it."""
    if part == "income":
        return row.income_total if key == "total" else row.income[key]
    if part == "spending":
        return row.spending_total if key == "total" else row.spending[key]
    if part == "general_budget":
        return {"initial_budget": row.gb_initial_budget, "basic": row.gb_basic, "project": row.gb_project,
                "total": row.gb_total}[key]
    return getattr(getattr(row, part), key)


def place(doc: Document, path: str) -> str:
    """Where ``path`` is, for a message: 表3!C7, or 第 12 行."""
    source = doc.source(path)
    if source.line is not None:
        return f"第 {source.line} 行"
    return source.path or path


def _finding(rule: str, text: str, diff: Decimal, doc: Document, path: str, tolerance: Decimal, verdict: str = "") -> list[Issue]:
    if not diff:
        return []
    text += f"（差 {Amount(diff)}，容差 {Amount(tolerance)}）"
    if diff <= tolerance:
        return [Issue(rule, Severity.NOTE, text + "：因四舍五入产生的差异，照印", doc.source(path))]
    return [Issue(rule, Severity.ERROR, text + (f"；{verdict}" if verdict else ""), doc.source(path))]


def against_sum(
    rule: str, label: str, printed: Decimal, parts_label: str, parts: Decimal, doc: Document, path: str,
    tolerance: Decimal, where: str = "", verdict: str = "",
) -> list[Issue]:
    """A printed figure against the sum of its parts: ``label 印出 X ≠ parts_label Y（见 where）``;
    parts not all given (None) cannot be summed: their absence is a finding of its own."""
    if printed is None or parts is None:
        return []
    diff = abs(printed - parts)
    if not diff:
        return []
    seen = f"（{where}）" if where else ""
    text = f"{label} 印出 {Amount(printed)} ≠ {parts_label}{seen} {Amount(parts)}"
    return _finding(rule, text, diff, doc, path, tolerance, verdict)


def which_is_wrong(first: str, first_value: Decimal, second: str, second_value: Decimal | None, items: Decimal,
                   tolerance: Decimal) -> str:
    """Which of two printed figures of the same quantity is wrong: the one its 项 (``items``) do
    not bear out — "表1 与各项之和 X 一致：印错的是表2 合计行"; '' when that cannot be told."""
    if second_value is None:
        return ""
    first_ok, second_ok = abs(first_value - items) <= tolerance, abs(second_value - items) <= tolerance
    if first_ok and not second_ok:
        return f"{first} 与各项之和 {Amount(items)} 一致：印错的是{second}"
    if second_ok and not first_ok:
        return f"{second} 与各项之和 {Amount(items)} 一致：印错的是{first}"
    return ""


def _places(doc: Document, paths: list[str], limit: int = 4) -> str:
    shown = [place(doc, p) for p in paths[:limit]]
    return "、".join(shown) + ("等" if len(paths) > limit else "")


class _Paths:
    """The input path of every 支出功能分类 row: 项 ``functions[i]``, printed 类/款 ``function_subtotals[k]``."""

    def __init__(self, acc: Accounts) -> None:
        self.model = acc.model
        self.items = {item.code: f"functions[{i}]" for i, item in reversed(list(enumerate(acc.model.functions)))}
        self.printed = {row.code: (k, row) for k, row in reversed(list(enumerate(acc.model.function_subtotals)))}

    def given(self, code: str, part: str) -> tuple[str, object] | None:
        """(path, the input's figures) of a row's part when the input gives it (a 项 always; a
        类/款 when printed)."""
        if code in self.items:
            return f"{self.items[code]}.{part}", getattr(self.model.functions[int(self.items[code][10:-1])], part)
        found = self.printed.get(code)
        if found is not None and getattr(found[1], part) is not None:
            return f"function_subtotals[{found[0]}].{part}", getattr(found[1], part)
        return None

    def of(self, code: str, part: str) -> str | None:
        found = self.given(code, part)
        return found[0] if found else None


def _children(acc: Accounts, code: str) -> list[FunctionRow]:
    size = {3: 5, 5: 7}[len(code)]
    return [row for row in acc.rows if len(row.code) == size and row.code.startswith(code)]


def check_function_tables(acc: Accounts, doc: Document, options) -> list[Issue]:
    """表2/3/5/7/8: printed 类 = Σ款, 款 = Σ项, 合计 = Σ类 (each column); a row's 合计 = Σ its columns."""
    tolerance = options.tolerance
    paths = _Paths(acc)
    issues: list[Issue] = []
    classes = acc.classes
    first: dict[str, int] = {}
    for k, printed in enumerate(acc.model.function_subtotals):
        if printed.code in first:
            issues.append(Issue(
                "input.duplicate_code", Severity.ERROR,
                f"功能分类编码 {printed.code} 的类/款行重复（另见 {place(doc, f'function_subtotals[{first[printed.code]}].code')}）；"
                "同一行应只出现一次，各表的数写在同一行的 income、spending、general_budget 等部分中",
                doc.source(f"function_subtotals[{k}].code"),
            ))
        first.setdefault(printed.code, k)
    for part, (table, columns) in TABLES.items():
        # 类 and 款 rows as printed, against the rows below them
        for k, printed in enumerate(acc.model.function_subtotals):
            given = getattr(printed, part)
            if given is None:
                continue
            row = acc.row(printed.code)
            assert row is not None
            level, below = ("类", "款") if len(printed.code) == 3 else ("款", "项")
            children = _children(acc, printed.code)
            child_paths = [p for c in children if (p := paths.of(c.code, part))]
            for key, label in columns.items():
                if key == "total" or getattr(given, key) is None:
                    continue  # a column the row does not print
                total = sum((value(c, part, key) for c in children), ZERO)
                cells = [f"{p}.{key}" for p in child_paths]
                issues += against_sum(
                    f"printed.{part}.hierarchy", f"{table} {printed.code} {row.name}（{level}）{label}", value(row, part, key),
                    f"各{below}之和", total, doc, f"function_subtotals[{k}].{part}.{key}", tolerance,
                    _places(doc, cells) if cells else f"没有所属的{below}",
                )
        # the 合计 row, against the 类 rows
        totals = getattr(acc.model.totals, part)
        if totals is not None:
            for key, label in columns.items():
                given = getattr(totals, key)
                if key == "total" or given is None:
                    continue
                total = sum((value(c, part, key) for c in classes), ZERO)
                issues += against_sum(
                    f"printed.{part}.total", f"{table} 合计行 {label}", given, "各类之和", total, doc, f"totals.{part}.{key}",
                    tolerance, _places(doc, [f"{p}.{key}" for c in classes if (p := paths.of(c.code, part))]),
                )
        # each row's 合计 column, against its columns
        if part in ROW_PARTS:
            issues += _row_totals(acc, doc, part, table, columns, paths, tolerance)
    return issues


def _row_totals(acc, doc, part, table, columns, paths, tolerance) -> list[Issue]:
    issues: list[Issue] = []
    keys = ROW_PARTS[part]
    # (what, the printed part, its path, each column as shown: printed, else the rows below)
    rows: list[tuple[str, object, str, dict[str, Decimal]]] = []
    for row in acc.rows:
        found = paths.given(row.code, part)
        if found is not None:
            rows.append((f"{row.code} {row.name}", found[1], found[0], {key: value(row, part, key) for key in keys}))
    totals = getattr(acc.model.totals, part)
    if totals is not None:
        shown = {key: sum((value(c, part, key) for c in acc.classes), ZERO) for key in keys}
        rows.append(("合计行", totals, f"totals.{part}", shown))
    total_key = ROW_TOTAL.get(part, "total")
    for what, given, path, shown in rows:
        printed = getattr(given, total_key, None)
        if printed is None:
            continue
        figures = {key: getattr(given, key) if getattr(given, key) is not None else shown[key] for key in keys}
        parts = sum(figures.values(), ZERO)
        labels = "+".join(columns[key] for key in keys if figures[key]) or "各列"
        issues += against_sum(
            f"printed.{part}.row_total", f"{table} {what} {columns[total_key]}", printed, labels, parts, doc,
            f"{path}.{total_key}", tolerance,
        )
    return issues


def check_overview(acc: Accounts, doc: Document, options) -> list[Issue]:
    """表1 as printed: its own sums, and its rows against 表2 (本年收入) and 表3 (本年支出, 类)."""
    overview = acc.model.totals.overview
    if overview is None:
        return []
    tolerance = options.tolerance
    issues: list[Issue] = []
    paths = _Paths(acc)
    derived_income = {key: sum((row.income[key] for row in acc.classes), ZERO) for key in INCOME_KEYS}
    income_table = acc.model.totals.income
    if overview.income is not None:
        for key, label in INCOME_SOURCES.items():
            given = getattr(overview.income, key)
            other = getattr(income_table, key) if income_table is not None else derived_income[key]
            where = place(doc, f"totals.income.{key}") if income_table is not None else "表2 各类之和"
            items = sum((row.income[key] for row in acc.items), ZERO)
            issues += against_sum("printed.overview.income", f"表1 {label}", given, "表2 合计行", other, doc,
                                  f"totals.overview.income.{key}", tolerance, where,
                                  which_is_wrong(f"表1 {label}", given, f"表2 合计行 {label}", other, items, tolerance))
        parts = sum((getattr(overview.income, key) for key in INCOME_KEYS), ZERO)
        if overview.income.total is not None:
            issues += against_sum("printed.overview.income_total", "表1 本年收入合计", overview.income.total,
                                  "表1 各项收入之和", parts, doc, "totals.overview.income.total", tolerance)
            if income_table is not None and income_table.total is not None:
                items = sum((row.income_total for row in acc.items), ZERO)
                issues += against_sum("printed.overview.income_total", "表1 本年收入合计", overview.income.total,
                                      "表2 合计行", income_table.total, doc, "totals.overview.income.total", tolerance,
                                      place(doc, "totals.income.total"),
                                      which_is_wrong("表1 本年收入合计", overview.income.total, "表2 合计行 本年收入合计",
                                                     income_table.total, items, tolerance))
    for i, line in enumerate(overview.classes):
        row = acc.row(line.code)
        table3 = row.spending_total if row is not None else ZERO
        at = paths.of(line.code, "spending")
        derived = acc.derived.get(line.code)
        items = derived.spending_total if derived is not None else ZERO
        verdict = ""  # which of the two is wrong: the one its items do not bear out
        if at is not None and abs(table3 - items) > tolerance and abs(line.amount - items) <= tolerance:
            verdict = f"表1 与各项之和 {Amount(items)} 一致：印错的是表3 的 {line.code} 行"
        elif at is not None and abs(table3 - items) <= tolerance:
            verdict = f"表3 与各项之和 {Amount(items)} 一致：印错的是表1 的 {line.code} 行"
        issues += against_sum("printed.overview.class", f"表1 {line.code} {row.name if row else ''}（类）", line.amount,
                              "表3 该类本年支出合计", table3, doc, f"totals.overview.classes[{i}].amount", tolerance,
                              place(doc, f"{at}.total") if at else "表3 各项之和", verdict)
    if overview.classes:
        listed = sum((line.amount for line in overview.classes), ZERO)
        spending_total = overview.spending_total if overview.spending_total is not None else None
        if spending_total is not None:
            issues += against_sum("printed.overview.spending_total", "表1 本年支出合计", spending_total,
                                  "表1 各类之和", listed, doc, "totals.overview.spending_total", tolerance)
    if overview.spending_total is not None:
        spending = acc.model.totals.spending
        table3 = spending.total if spending is not None and spending.total is not None else sum(
            (row.spending_total for row in acc.classes), ZERO)
        where = place(doc, "totals.spending.total") if spending is not None and spending.total is not None else "表3 各类之和"
        items = sum((row.spending_total for row in acc.items), ZERO)
        issues += against_sum("printed.overview.spending_total", "表1 本年支出合计", overview.spending_total,
                              "表3 合计", table3, doc, "totals.overview.spending_total", tolerance, where,
                              which_is_wrong("表1 本年支出合计", overview.spending_total, "表3 合计行 本年支出合计", table3, items,
                                             tolerance))
    b = acc.model.balances
    if overview.income_side_total is not None:
        issues += against_sum("printed.overview.side_total", "表1 收入总计", overview.income_side_total,
                              "本年收入合计+使用非财政拨款结余+年初结转和结余",
                              acc.income_total + b.non_fiscal_balance_used + b.carry_begin, doc,
                              "totals.overview.income_side_total", tolerance)
    if overview.spending_side_total is not None:
        issues += against_sum("printed.overview.side_total", "表1 支出总计", overview.spending_side_total,
                              "本年支出合计+结余分配+年末结转和结余",
                              acc.spending_total + b.balance_distribution + b.carry_end, doc,
                              "totals.overview.spending_side_total", tolerance)
    return issues


def check_fiscal_table(acc: Accounts, doc: Document, options) -> list[Issue]:
    """表4 as printed: its own sums (a 类 row's 合计 = Σ funds, 本年收入/支出合计 = Σ funds, each
    fund's 本年支出 = Σ its 类 rows, 总计 = 合计 + 结转和结余) and its figures against 表2 (财政拨款收入),
    表5/表7/表8 (each fund's 类 rows and 合计)."""
    fiscal = acc.model.totals.fiscal
    if fiscal is None:
        return []
    tolerance = options.tolerance
    paths = _Paths(acc)
    issues: list[Issue] = []
    fund_tables = {"general_budget": ("表5", "general_budget", "total"), "gov_fund": ("表7", "gov_fund", None),
                   "state_capital": ("表8", "state_capital", None)}

    def fund_figure(row: FunctionRow | None, fund: str) -> Decimal:
        if row is None:
            return ZERO
        return row.gb_total if fund == "general_budget" else getattr(row, fund).spending

    if fiscal.income is not None:
        for fund, label in FISCAL_FUNDS.items():
            items = sum((row.income[fund] for row in acc.items), ZERO)
            issues += against_sum("printed.fiscal.income", f"表4 本年收入 {label}", getattr(fiscal.income, fund),
                                  "表2 合计行", acc.income[fund], doc, f"totals.fiscal.income.{fund}", tolerance,
                                  place(doc, f"totals.income.{fund}") if acc.model.totals.income else "表2 各类之和",
                                  which_is_wrong(f"表4 本年收入 {label}", getattr(fiscal.income, fund), f"表2 合计行 {label}",
                                                 acc.income[fund], items, tolerance))
        if fiscal.income_total is not None:
            issues += against_sum("printed.fiscal.income_total", "表4 本年收入合计", fiscal.income_total, "各项之和",
                                  sum((getattr(fiscal.income, f) for f in FISCAL_FUNDS), ZERO), doc,
                                  "totals.fiscal.income_total", tolerance)
    for i, line in enumerate(fiscal.classes):
        row = acc.row(line.code)
        name = f"{line.code} {row.name if row else line.name}（类）"
        where = f"totals.fiscal.classes[{i}]"
        if line.total is not None:
            funds = sum((getattr(line, f) for f in FISCAL_FUNDS), ZERO)
            issues += against_sum("printed.fiscal.row_total", f"表4 {name} 合计", line.total, "各资金之和", funds, doc,
                                  f"{where}.total", tolerance)
        for fund, (table, part, key) in fund_tables.items():
            other = paths.of(line.code, part)
            figure, given = fund_figure(row, fund), getattr(line, fund)
            if not (given or figure):
                continue
            derived = acc.derived.get(line.code)
            items = fund_figure(derived, fund)
            verdict = ""  # which of the two is wrong: the one its items do not bear out
            if other is not None and abs(figure - items) > tolerance and abs(given - items) <= tolerance:
                verdict = f"表4 与各项之和 {Amount(items)} 一致：印错的是{table} 的 {line.code} 行"
            elif other is not None and abs(figure - items) <= tolerance:
                verdict = f"{table} 与各项之和 {Amount(items)} 一致：印错的是表4 的 {line.code} 行"
            issues += against_sum("printed.fiscal.class", f"表4 {name} {FISCAL_FUNDS[fund]}", given,
                                  f"{table} 该类", figure, doc, f"{where}.{fund}", tolerance,
                                  place(doc, f"{other}.{key or 'basic'}") if other else f"{table} 各项之和", verdict)
    if fiscal.spending is not None:
        for fund, (table, _part, _key) in fund_tables.items():
            given = getattr(fiscal.spending, fund)
            if fiscal.classes:
                listed = sum((getattr(c, fund) for c in fiscal.classes), ZERO)
                issues += against_sum("printed.fiscal.spending", f"表4 本年支出合计 {FISCAL_FUNDS[fund]}", given, "表4 各类之和",
                                      listed, doc, f"totals.fiscal.spending.{fund}", tolerance)
            other = acc.general_budget_total if fund == "general_budget" else getattr(acc, fund).spending
            items = sum((fund_figure(row, fund) for row in acc.items), ZERO)
            issues += against_sum("printed.fiscal.spending", f"表4 本年支出合计 {FISCAL_FUNDS[fund]}", given, f"{table} 合计",
                                  other, doc, f"totals.fiscal.spending.{fund}", tolerance,
                                  place(doc, f"totals.{fund}") if getattr(acc.model.totals, fund) is not None else f"{table} 各类之和",
                                  which_is_wrong(f"表4 本年支出合计 {FISCAL_FUNDS[fund]}", given, f"{table} 合计行", other, items,
                                                 tolerance))
        if fiscal.spending_total is not None:
            issues += against_sum("printed.fiscal.spending_total", "表4 本年支出合计", fiscal.spending_total, "各资金之和",
                                  sum((getattr(fiscal.spending, f) for f in FISCAL_FUNDS), ZERO), doc,
                                  "totals.fiscal.spending_total", tolerance)
    if fiscal.income_side_total is not None:
        issues += against_sum("printed.fiscal.side_total", "表4 收入总计", fiscal.income_side_total,
                              "本年收入合计+年初财政拨款结转和结余", acc.fiscal_income_total + acc.fiscal_carry_begin_total,
                              doc, "totals.fiscal.income_side_total", tolerance)
    if fiscal.spending_side_total is not None:
        issues += against_sum("printed.fiscal.side_total", "表4 支出总计", fiscal.spending_side_total,
                              "本年支出合计+年末财政拨款结转和结余", acc.fiscal_spending_total + acc.fiscal_carry_end_total,
                              doc, "totals.fiscal.spending_side_total", tolerance)
    return issues


def check_basic_table(acc: Accounts, doc: Document, options) -> list[Issue]:
    """表6 as printed: each 类 row (301, 302, …) = Σ its 款; 人员经费合计 = Σ 人员经费 类 and
    公用经费合计 = Σ 公用经费 类 (as printed, else the sums of their 款)."""
    tolerance = options.tolerance
    lines = acc.model.basic_expenditure
    issues: list[Issue] = []
    class_value: dict[str, Decimal] = {}
    class_path: dict[str, str] = {}
    items: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if len(line.code) == 5:
            items.setdefault(line.code[:3], []).append(i)
    for i, line in enumerate(lines):
        if len(line.code) != 3:
            continue
        class_value[line.code] = line.amount
        class_path[line.code] = f"basic_expenditure[{i}].amount"
        below = items.get(line.code, [])
        total = sum((lines[j].amount for j in below), ZERO)
        name = line.name or ""
        issues += against_sum(
            "printed.basic.hierarchy", f"表6 {line.code} {name}（类）".replace("  ", " "), line.amount, "各款之和", total, doc,
            f"basic_expenditure[{i}].amount", tolerance,
            _places(doc, [f"basic_expenditure[{j}].amount" for j in below]) if below else "没有所属的款",
        )
    given = acc.model.totals.basic_expenditure
    if given is None:
        return issues
    for key, label, groups in (("personnel", "人员经费合计", PERSONNEL_GROUPS), ("public", "公用经费合计", PUBLIC_GROUPS)):
        printed = getattr(given, key)
        if printed is None:
            continue
        codes = sorted({code for code in (*class_value, *items) if code in groups})
        total = sum((class_value.get(code, sum((lines[j].amount for j in items.get(code, [])), ZERO)) for code in codes), ZERO)
        where = [p for c in codes for p in ([class_path[c]] if c in class_path else [f"basic_expenditure[{j}].amount" for j in items[c]])]
        what = "+".join(codes) + (" " if all(c in class_path for c in codes) else " 各款")
        issues += against_sum(
            "printed.basic.total", f"表6 {label}", printed, f"{what}之和" if codes else "各类之和", total, doc,
            f"totals.basic_expenditure.{key}", tolerance, _places(doc, where) if where else "",
        )
    return issues


def check_three_public_table(acc: Accounts, doc: Document, options) -> list[Issue]:
    """表9 as printed: 公务用车购置及运行费 小计 = 购置 + 运行; 合计 = 出国 + 公务用车 + 接待 (预算数, 决算数)."""
    from .accounts import derived_three_public

    printed = acc.model.totals.three_public
    if printed is None:
        return []
    derived = derived_three_public(acc.model)
    issues: list[Issue] = []
    parts = {"vehicle": ("公务用车购置及运行费小计", "购置费+运行费"),
             "total": ("合计", "因公出国（境）费+公务用车购置及运行费+公务接待费")}
    for key, (label, what) in parts.items():
        given = getattr(printed, key)
        for column, word in (("budget", "预算数"), ("actual", "决算数")):
            if given is None or getattr(given, column) is None:
                continue
            figure = getattr(derived[key], column)
            if figure is None:
                continue  # an item not given: its absence is a finding (input.missing_figure)
            if key == "total" and printed.vehicle is not None and getattr(printed.vehicle, column) is not None \
                    and getattr(derived["vehicle"], column) is not None:
                figure += getattr(printed.vehicle, column) - getattr(derived["vehicle"], column)  # as 表9 prints it
            issues += against_sum(f"printed.three_public.{key}", f"表9 “三公”经费{label}{word}", getattr(given, column),
                                  f"{what}之和", figure, doc, f"totals.three_public.{key}.{column}", options.tolerance)
    return issues


PRINTED_CHECKS: tuple[Callable[..., list[Issue]], ...] = (
    check_function_tables, check_overview, check_fiscal_table, check_basic_table, check_three_public_table,
)
