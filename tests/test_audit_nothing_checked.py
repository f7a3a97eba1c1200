"""An audit that recognises no figure is not a pass (a non-report, or a text it cannot place)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "zengdu_2023.yaml"


def audit(report: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", str(report), str(SAMPLE)], prog_name="reportgen")
    return result.exit_code, result.output


def test_audit__text_without_figures_fails(tmp_path: Path) -> None:
    report = tmp_path / "说明.txt"
    report.write_text("这是一段没有任何金额的文字。\n", encoding="utf-8")
    code, output = audit(report)
    assert code == 1
    assert "核对了 0 个数字" in output and "没有核对到任何数字" in output and "[audit.nothing_checked]" in output


def test_audit__the_input_given_as_report_fails() -> None:
    code, output = audit(SAMPLE)
    assert code == 1 and "它不像是这份输入的报告" in output


def test_audit__published_text_is_checked_and_not_refused_for_emptiness() -> None:
    published = Path(__file__).resolve().parent / "data" / "zengdu_2023_published.txt"
    code, output = audit(published)
    assert "audit.nothing_checked" not in output
    assert "核对了 0 个数字" not in output
