"""reportgen diff: the sentences and figures a correction changes in the published text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import correct_zengdu
from docx.enum.text import WD_COLOR_INDEX

from reportgen.cli import main
from reportgen.diff import Block, compare_blocks, diff_paths, format_diff, report_blocks

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "zengdu_2023.yaml"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    """The sample with 其他收入 16.65 → 16.75 and the 行政运行 basic spending that uses it."""
    text = correct_zengdu(SAMPLE.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("corrected") / "zengdu_2023_corrected.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff__correction_lists_exactly_the_changed_figures(corrected):
    result = diff_paths(SAMPLE, corrected)
    pairs = {(f.old, f.new) for f in result.figures}
    # every figure that follows from the correction: 收支总计, 收入合计, 支出合计, their increases,
    # 其他收入, 基本支出 (shares at one decimal do not move); in the tables also the 行政运行 row's
    # 收入合计 and 基本支出
    assert pairs == {
        ("921.96", "922.06"),
        ("33.63", "33.73"),
        ("76.90", "77.00"),
        ("16.65", "16.75"),
        ("770.84", "770.94"),
        ("701.84", "701.94"),
        ("550.72", "550.82"),
    }
    table_pairs = {(f.old, f.new) for c in result.changes if c.block == "table" for f in c.figures}
    assert {("701.84", "701.94"), ("550.72", "550.82"), ("16.65", "16.75")} <= table_pairs
    assert not [c for c in result.changes if c.kind != "changed"]
    other = [c for c in result.changes if "16.65" in c.old and c.block == "text"]
    assert other and other[0].new.startswith("其他收入16.75万元")
    row = [c for c in result.changes if "16.65" in c.old and c.block == "table"]
    assert row and row[0].new.startswith("八、其他收入 | 16.75")


def test_diff__same_input_no_change():
    result = diff_paths(SAMPLE, SAMPLE)
    assert not result
    assert "完全相同" in format_diff(result)


def test_compare_blocks__shape_change_and_added_row():
    old = [Block("一", "收入合计增加5.00万元，增长5.0%。"), Block("表1", "其他收入 | 1.00", "table")]
    new = [Block("一", "收入合计与上年持平。"), Block("表1", "其他收入 | 1.00", "table"), Block("表1", "事业收入 | 2.00", "table")]
    result = compare_blocks(old, new)
    assert [(c.kind, c.new) for c in result.changes] == [("changed", "收入合计与上年持平。"), ("added", "事业收入 | 2.00")]
    assert [(f.old, f.new) for f in result.figures] == [("5.00、5.0%", "—")]


def test_report_blocks__sentences_and_table_rows_under_headings(tmp_path):
    document = docx.Document()
    document.add_heading("二、收入决算情况说明", level=1)
    document.add_paragraph("收入合计10.00万元。其中：财政拨款收入8.00万元；其他收入2.00万元。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "其他收入", "2.00"
    path = tmp_path / "r.docx"
    document.save(str(path))
    blocks = report_blocks(path)
    assert [(b.heading, b.text, b.kind) for b in blocks] == [
        ("二、收入决算情况说明", "收入合计10.00万元。", "text"),
        ("二、收入决算情况说明", "其中：财政拨款收入8.00万元；", "text"),
        ("二、收入决算情况说明", "其他收入2.00万元。", "text"),
        ("二、收入决算情况说明", "其他收入 | 2.00", "table"),
    ]


def test_diff_cli__text_and_highlighted_word(corrected, tmp_path):
    word = tmp_path / "changes.docx"
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(corrected), "--word", str(word)])
    assert result.exit_code == 0, result.output
    assert "16.65 → 16.75" in result.output
    marked = [p.text for p in docx.Document(str(word)).paragraphs if any(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in p.runs)]
    assert any("其他收入16.75万元" in text for text in marked)
    new_figures = ("922.06", "33.73", "77.00", "16.75", "770.94")
    assert all(any(figure in text for figure in new_figures) for text in marked if text)  # nothing else


def test_diff_cli__unreadable_input_exit_two(tmp_path):
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "文件不存在" in result.output


def test_diff__annex_selfeval_table_value_is_a_change(tmp_path):
    """A value that only the 第六部分 自评表 prints (an indicator's actual value) is a change."""
    text = SAMPLE.read_text(encoding="utf-8")
    old = "actual_text: 信息化建设良好, achieved: 达成"  # a row of the 部门整体 自评表
    assert text.count(old) == 1
    changed = tmp_path / "zengdu_2023_selfeval.yaml"
    changed.write_text(text.replace(old, old.replace("信息化建设良好,", "信息化建设较好,")), encoding="utf-8")
    result = diff_paths(SAMPLE, changed)
    assert result, format_diff(result)
    rows = [c for c in result.changes if c.block == "table"]
    assert rows and all(c.kind == "changed" for c in rows)
    assert any("信息化建设较好" in c.new and "信息化建设较好" not in c.old for c in rows)
    assert "完全相同" not in format_diff(result)


def test_diff__a_chart_whose_data_changed_is_listed(corrected):
    result = diff_paths(SAMPLE, corrected)
    charts = [c for c in result.changes if c.block == "image"]
    # 图1 (收、支总计) and 图2 (收入结构: 其他收入) and 图3 (支出结构: 基本支出) have new data;
    # 图4 and 图5 (财政拨款) do not
    assert len(charts) == 3
    assert {c.heading for c in charts} == {"一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明"}
    assert "图表已变动（其数据有变化）" in format_diff(result)
