"""A 绩效目标 file set at budget time, reused at year end (performance.targets)."""

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.diagnostics import InputError, Severity
from reportgen.pipeline import prepare
from reportgen.selfeval import evaluate
from reportgen.selfeval.render import render_selfeval

DATA = Path(__file__).resolve().parent / "data"
TARGETS = DATA / "targets_2023.yaml"
YEAREND = DATA / "yearend_2023.yaml"
FULL = DATA / "yearend_2023_full.yaml"

HEAD = """\
unit: {name: 示例局, year: 2023}
prior_year: {total: 1, income_total: 1, expenditure_total: 1, fiscal_total: 1, general_budget_expenditure: 1}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _targets(folder: Path, indicators: str, name: str = "绩效目标.yaml", extra: str = "") -> Path:
    return _write(folder, name, f"year: 2023\nprojects:\n  - name: 调研经费\n    goal: 完成调研。\n    indicators:\n{indicators}{extra}")


def _selfeval_issues(path: Path, rule: str | None = None):
    found = [i for i in prepare(path).issues if i.rule.startswith("selfeval.")]
    return [i for i in found if i.rule == rule] if rule else found


def _doc_texts(path: Path) -> list[str]:
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    for table in d.tables:
        texts += ["|".join(c.text for c in row.cells) for row in table.rows]
    return texts


# --- the merged input is the full input -----------------------------------------------------------


def test_targets__merged_model_equals_full_input():
    merged, full = prepare(YEAREND), prepare(FULL)
    perf_merged = merged.model.performance.model_dump(exclude={"targets"})
    assert perf_merged == full.model.performance.model_dump(exclude={"targets"})
    assert merged.model.performance.targets == "targets_2023.yaml"
    a, b = evaluate(merged.model), evaluate(full.model)
    assert [(r.name, r.total, r.grade) for r in a.projects] == [(r.name, r.total, r.grade) for r in b.projects]
    assert [s.score for r in a.projects for s in r.indicators] == [s.score for r in b.projects for s in r.indicators]
    assert a.department.total == b.department.total
    # the figures themselves, so that an empty merge cannot pass: 调研成果采纳率 76/80 of 10 points
    research = a.projects[0]
    assert [s.indicator.name for s in research.indicators] == ["调研报告数量", "报送及时性", "调研成果采纳率", "满意度"]
    assert research.indicators[2].indicator.target == 80 and research.indicators[2].score == 28.5


def test_targets__same_findings_as_full_input():
    merged = [(i.rule, i.message) for i in prepare(YEAREND).issues]
    full = [(i.rule, i.message) for i in prepare(FULL).issues]
    assert merged == full


def test_targets__rendered_selfeval_documents_equal_full_input(tmp_path):
    a = render_selfeval(YEAREND, tmp_path / "merged")
    b = render_selfeval(FULL, tmp_path / "full")
    assert [p.name for p in a.outputs] == [p.name for p in b.outputs]
    assert len(a.outputs) == 3
    for x, y in zip(a.outputs, b.outputs, strict=True):
        assert _doc_texts(x) == _doc_texts(y), x.name
    research = _doc_texts(a.outputs[1])
    assert any("完成年度重点课题调研，调研成果及时报送。" in t for t in research)  # 年度总体目标 from the targets
    assert any("调研成果采纳率" in t and "≥80%" in t and "76%" in t for t in research), research


# --- findings ----------------------------------------------------------------------------------------


def test_targets__unmatched_target_project_is_a_warning(tmp_path):
    _write(tmp_path, "绩效目标.yaml", """\
projects:
  - name: 调研经费
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}
  - name: 宣传经费
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 宣传次数, kind: ">=", target: 4, unit: 次}
""")
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, actual: 12}]}
""")
    (issue,) = _selfeval_issues(year_end, "selfeval.target_unmatched")
    assert issue.severity is Severity.WARNING
    assert "宣传经费" in issue.message
    assert (Path(issue.source.file).name, issue.source.line, issue.source.path) == ("绩效目标.yaml", 5, "projects[1]")


def test_targets__changed_target_value_is_an_error_naming_both_places(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - name: 调研经费
      budget: 1
      actual: 1
      indicators:
        - {name: 调研报告数量, target: 10, actual: 11}
""")
    (issue,) = _selfeval_issues(year_end, "selfeval.target_changed")
    assert issue.severity is Severity.ERROR
    assert (Path(issue.source.file).name, issue.source.line) == ("input.yaml", 10)
    assert issue.source.path == "performance.projects[0].indicators[0].target"
    assert "年度指标值年终填报为 10" in issue.message
    assert "绩效目标.yaml:6: projects[0].indicators[0].target 为 12" in issue.message
    # the target stands: 11 against 12
    result = CliRunner().invoke(main, ["check", str(year_end)])
    assert result.exit_code == 1 and "target_changed" in result.output


def test_targets__same_value_in_other_spelling_is_not_a_change(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, kind: "≥", target: 12.0, actual: 12}]}
""")
    assert _selfeval_issues(year_end, "selfeval.target_changed") == []


def test_targets__changed_kind_is_an_error(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, kind: "=", actual: 12}]}
""")
    (issue,) = _selfeval_issues(year_end, "selfeval.target_changed")
    assert "指标性质年终填报为 =" in issue.message and "为 >=" in issue.message


def test_targets__missing_actual_is_unscored_at_the_targets_line(tmp_path):
    _targets(tmp_path, """\
      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, kind: ">=", target: 90, unit: "%"}
""")
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, actual: 12}]}
""")
    (issue,) = _selfeval_issues(year_end, "selfeval.indicator")
    assert "满意度" in issue.message
    assert (Path(issue.source.file).name, issue.source.line, issue.source.path) == (
        "绩效目标.yaml", 7, "projects[0].indicators[1]")
    result = CliRunner().invoke(main, ["check", str(year_end)])
    assert re.search(r"绩效目标\.yaml:7: projects\[0\]\.indicators\[1\]: 错误：.*满意度.* \[selfeval\.indicator\]$", result.output, re.M)


def test_targets__year_end_values_keep_the_input_place(tmp_path):
    _targets(tmp_path, """\
      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, kind: ">=", target: 90, unit: "%"}
""")
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - name: 调研经费
      budget: 1
      actual: 1
      indicators:
        - {name: 满意度, actual: 95}
        - {name: 调研报告数量, actual: 10, score: 40}
""")
    prepared = prepare(year_end)
    # merged order follows the targets: 调研报告数量 is [0], given second in the input
    assert str(prepared.document.source("performance.projects[0].indicators[0].score")).endswith(
        "input.yaml:11: performance.projects[0].indicators[1].score")
    assert str(prepared.document.source("performance.projects[0].indicators[0].target")).endswith(
        "绩效目标.yaml:6: projects[0].indicators[0].target")
    (reason,) = _selfeval_issues(year_end, "selfeval.missing_reason")
    assert (Path(reason.source.file).name, reason.source.line) == ("input.yaml", 11)


def test_targets__indicator_not_in_targets_is_an_error(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数, actual: 12}]}
""")
    (issue,) = _selfeval_issues(year_end, "selfeval.target_unknown")
    assert "是否应为“调研报告数量”" in issue.message and issue.source.line == 6


def test_targets__same_name_twice_needs_the_levels(tmp_path):
    _targets(tmp_path, """\
      - {level1: 产出指标, level2: 时效指标, name: 及时性, kind: 定性, target_text: 及时}
      - {level1: 效益指标, level2: 社会效益指标, name: 及时性, kind: 定性, target_text: 提高}
""")
    ambiguous = _write(tmp_path, "a.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 及时性, achieved: 达成}]}
""")
    (issue,) = _selfeval_issues(ambiguous, "selfeval.target_unknown")
    assert "2 个同名三级指标" in issue.message
    precise = _write(tmp_path, "b.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - name: 调研经费
      budget: 1
      actual: 1
      indicators:
        - {level1: 效益指标, level2: 社会效益指标, name: 及时性, achieved: 达成}
        - {level1: 产出指标, level2: 时效指标, name: 及时性, achieved: 未达成, ratio: 0, deviation: 延误}
""")
    indicators = prepare(precise).model.performance.projects[0].indicators
    assert [(i.level1, i.target_text, i.achieved) for i in indicators] == [
        ("产出指标", "及时", "未达成"), ("效益指标", "提高", "达成")]


def test_targets__input_project_without_targets_keeps_its_own_tree(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, actual: 12}]}
    - name: 追加项目
      budget: 2
      actual: 2
      indicators:
        - {level1: 产出指标, level2: 数量指标, name: 完成件数, kind: ">=", target: 3, actual: 3, unit: 件}
""")
    projects = prepare(year_end).model.performance.projects
    assert [(i.name, i.target) for i in projects[1].indicators] == [("完成件数", 3)]
    assert projects[0].goal.expected == "完成调研。"


# --- the targets file itself ----------------------------------------------------------------------


def test_targets__path_is_relative_to_the_input_file(tmp_path, monkeypatch):
    sub = tmp_path / "budget"
    sub.mkdir()
    _targets(sub, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: budget/绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, actual: 12}]}
""")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (indicator,) = prepare(year_end).model.performance.projects[0].indicators
    assert (indicator.level1, indicator.target, indicator.actual) == ("产出指标", 12, 12)


def test_targets__missing_file_names_the_referencing_field(tmp_path):
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 没有这个文件.yaml
  projects: []
""")
    with pytest.raises(InputError) as caught:
        prepare(year_end)
    (issue,) = caught.value.issues
    assert (issue.source.path, issue.source.line) == ("performance.targets", 4)
    assert "没有这个文件.yaml" in issue.message and "文件不存在" in issue.message
    result = CliRunner().invoke(main, ["check", str(year_end)])
    assert result.exit_code == 2
    assert re.search(r"input\.yaml:4: performance\.targets: 错误：.+ \[input\.targets\]$", result.output, re.M)
    assert "Traceback" not in result.output


def test_targets__unreadable_file_is_an_input_error(tmp_path):
    _write(tmp_path, "绩效目标.yaml", "projects:\n  - name: [调研经费\n")
    year_end = _write(tmp_path, "input.yaml", HEAD + "performance:\n  targets: 绩效目标.yaml\n")
    result = CliRunner().invoke(main, ["check", str(year_end)])
    assert result.exit_code == 2
    assert "performance.targets: 错误：无法读取绩效目标文件" in result.output
    assert "绩效目标.yaml:3" in result.output  # the syntax error's own line


def test_targets__actual_value_in_targets_file_is_rejected_at_its_line(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, actual: 12}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + "performance:\n  targets: 绩效目标.yaml\n")
    with pytest.raises(InputError) as caught:
        prepare(year_end)
    (issue,) = caught.value.issues
    assert (Path(issue.source.file).name, issue.source.line) == ("绩效目标.yaml", 6)
    assert issue.source.path == "projects[0].indicators[0].actual" and "未知的键 'actual'" in issue.message


def test_targets__no_targets_leaves_the_document_alone():
    from reportgen.loader import load_document
    from reportgen.selfeval.targets import apply_targets

    document = load_document(FULL)
    assert apply_targets(document) is document


def test_targets__selfeval_refuses_a_changed_target_and_writes_nothing(tmp_path):
    _targets(tmp_path, '      - {level1: 产出指标, level2: 数量指标, name: 调研报告数量, kind: ">=", target: 12, unit: 篇}\n')
    year_end = _write(tmp_path, "input.yaml", HEAD + """\
performance:
  targets: 绩效目标.yaml
  projects:
    - {name: 调研经费, budget: 1, actual: 1, indicators: [{name: 调研报告数量, target: 10, actual: 11}]}
""")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["selfeval", str(year_end), "-o", str(out)])
    assert result.exit_code == 1
    assert "selfeval.target_changed" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_export__year_end_input_with_targets_exports_a_self_contained_file(tmp_path):
    """export merges the 绩效目标 file in: the exported input needs no targets file."""
    from reportgen.excel.convert import export
    from reportgen.pipeline import load_model

    out = export(DATA / "yearend_2023.yaml", tmp_path / "merged.yaml")
    _document, merged = load_model(out)
    _document, original = load_model(DATA / "yearend_2023.yaml")
    assert merged.performance.targets == ""
    assert merged.performance.projects == original.performance.projects
