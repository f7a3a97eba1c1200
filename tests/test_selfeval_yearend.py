"""Year-end 绩效自评 scoring with the 决算 of the same run (domain-budget.md §B.6 4(c), 4(e)):
the 执行率 weight derived from the targets' points, and 预算执行率 taken from the 决算."""

from decimal import Decimal as D
from pathlib import Path

from reportgen.diagnostics import Severity
from reportgen.pipeline import prepare
from reportgen.selfeval import evaluate

HEAD = """\
unit: {name: 示例局, year: 2023}
prior_year: {total: 1, income_total: 1, expenditure_total: 1, fiscal_total: 1, general_budget_expenditure: 1}
"""


def _write(folder: Path, text: str, name: str = "input.yaml") -> Path:
    path = folder / name
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def _issues(path: Path, rule: str):
    return [i for i in prepare(path).issues if i.rule == rule]


def _project(points: list[int], weights: str = "") -> str:
    rows = "".join(
        f'        - {{level1: 产出指标, level2: 数量指标, name: 指标{n}, kind: "≥", target: 10, actual: 10, unit: 次, points: {p}}}\n'
        for n, p in enumerate(points, start=1)
    )
    return f"""\
performance:
{weights}  projects:
    - name: 调研经费
      budget: 100
      actual: 90
      indicators:
{rows}"""


# --- the 执行率 weight: 100 − Σ 分值 -------------------------------------------------------------


def test_points_totalling_80_make_the_execution_weight_20(tmp_path):
    path = _write(tmp_path, _project([50, 30]))
    (result,) = evaluate(prepare(path).model).projects
    assert result.weights.execution == D(20)
    assert result.execution_score == D(18)  # 90 ÷ 100 × 20
    assert result.computed == D(98)
    assert _issues(path, "selfeval.weights") == []


def test_points_totalling_90_keep_the_execution_weight_10(tmp_path):
    path = _write(tmp_path, _project([60, 30]))
    (result,) = evaluate(prepare(path).model).projects
    assert result.weights.execution == D(10) and result.execution_score == D(9)
    assert _issues(path, "selfeval.weights") == []


def test_other_totals_keep_the_finding(tmp_path):
    path = _write(tmp_path, _project([50, 35]))
    (result,) = evaluate(prepare(path).model).projects
    assert result.weights.execution == D(10)
    (issue,) = _issues(path, "selfeval.weights")
    assert "三级指标分值合计 85 + 预算执行率权重 10 = 95 ≠ 100" in issue.message


def test_a_declared_execution_weight_is_not_replaced(tmp_path):
    path = _write(tmp_path, _project([50, 30], weights="  weights: {execution: 10}\n"))
    (result,) = evaluate(prepare(path).model).projects
    assert result.weights.execution == D(10)
    (issue,) = _issues(path, "selfeval.weights")
    assert "分值合计 80 + 预算执行率权重 10 = 90 ≠ 100" in issue.message


# --- 预算执行率 from the 决算 ---------------------------------------------------------------------

FUNCTIONS = """\
functions:
  - code: "2010301"
    name: 行政运行
    general_budget: {initial_budget: 150, full_budget: 200, basic: 150, project: 30}
"""


def _department(actual: str = "", full_budget: bool = True) -> str:
    functions = FUNCTIONS if full_budget else FUNCTIONS.replace("full_budget: 200, ", "")
    value = f", actual: {actual}" if actual else ""
    return functions + f"""\
performance:
  department_evaluation:
    indicators:
      - {{level1: 管理效率, level2: 预算执行, name: 预算执行率, kind: "=", target: 100, unit: "%", points: 50{value}}}
      - {{level1: 管理效率, level2: 预算执行, name: 结转结余率, kind: "=", target: 0, actual: 0, unit: "%", points: 50}}
"""


def test_department_execution_rate_is_taken_from_the_accounts_and_said(tmp_path):
    path = _write(tmp_path, _department())
    department = evaluate(prepare(path).model).department
    taken = department.indicators[0]
    assert taken.indicator.actual == D("90.00")  # (150 + 30) ÷ 200
    assert taken.score == D(45)  # "=" 100 missed by 10%
    (note,) = _issues(path, "selfeval.actual_from_accounts")
    assert note.severity is Severity.NOTE
    assert "实际完成值取自决算数据：90.00%" in note.message
    assert "input.yaml:6: functions[0].general_budget.full_budget" in note.message
    assert note.source.path == "performance.department_evaluation.indicators[0].actual"


def test_department_execution_rate_typed_and_different_names_both_places(tmp_path):
    path = _write(tmp_path, _department(actual="100"))
    department = evaluate(prepare(path).model).department
    assert department.indicators[0].indicator.actual == D("90.00")  # the accounts' figure is scored
    (issue,) = _issues(path, "selfeval.actual_from_accounts")
    assert issue.severity is Severity.WARNING
    assert "实际完成值填报为 100，与决算数据计算的 90.00% 不一致" in issue.message
    assert "input.yaml:6: functions[0].general_budget.full_budget" in issue.message
    assert (issue.source.line, issue.source.path) == (10, "performance.department_evaluation.indicators[0].actual")


def test_department_execution_rate_typed_and_equal_is_no_finding(tmp_path):
    path = _write(tmp_path, _department(actual="90"))
    assert _issues(path, "selfeval.actual_from_accounts") == []
    assert evaluate(prepare(path).model).department.indicators[0].indicator.actual == D(90)


def test_without_a_full_budget_in_the_accounts_the_typed_value_stands(tmp_path):
    path = _write(tmp_path, _department(actual="100", full_budget=False))
    assert _issues(path, "selfeval.actual_from_accounts") == []
    assert evaluate(prepare(path).model).department.indicators[0].indicator.actual == D(100)


def test_project_execution_rate_indicator_is_the_projects_own_rate(tmp_path):
    path = _write(tmp_path, """\
performance:
  projects:
    - name: 调研经费
      budget: 40
      actual: 30
      indicators:
        - {level1: 产出指标, level2: 时效指标, name: 预算执行率, kind: "≥", target: 90, unit: "%"}
        - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: "≥", target: 10, actual: 10, unit: 篇}
""")
    (result,) = evaluate(prepare(path).model).projects
    assert result.indicators[0].indicator.actual == D("75.00")
    (note,) = _issues(path, "selfeval.actual_from_accounts")
    assert "全年执行数 30.00 ÷ 全年预算数 40.00" in note.message


def _doc_rows(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + ["|".join(c.text for c in row.cells) for t in document.tables for row in t.rows]


def test_the_self_evaluation_table_prints_the_derived_execution_weight(tmp_path):
    from reportgen.selfeval.render import render_selfeval

    path = _write(tmp_path, _project([50, 30]).replace("      budget: 100\n", "      score: 98\n      budget: 100\n"))
    run = render_selfeval(path, tmp_path / "out")
    rows = [r for doc in run.outputs for r in _doc_rows(doc)]
    funds = [r for r in rows if r.startswith("项目资金") and "年度资金总额" in r]
    assert funds and all(r.endswith("|100.00|90.00|20|90.0%|18") for r in funds), funds  # 分值 20, 得分 90% × 20
