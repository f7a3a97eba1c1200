"""Excel 97-2003 workbooks (.xls) are read as the .xlsx they hold, with the same cell places.

The fixtures are ``sample_inputs/zengdu_2023.xlsx`` saved as .xls by LibreOffice; the second has
表5!E7 (行政运行 基本支出) typed as '534,0.7'."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.diagnostics import InputError
from reportgen.loader import load_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def test_an_xls_reads_as_the_same_data_and_cells_as_its_xlsx():
    old = load_document(DATA / "zengdu_2023.xls")
    new = load_document(ROOT / "sample_inputs" / "zengdu_2023.xlsx")
    assert old.data == new.data
    assert old.cells == new.cells
    assert old.cells["unit.name"] == "单位概况!B4"


def test_an_xls_finding_names_its_sheet_and_cell():
    result = CliRunner().invoke(main, ["check", str(DATA / "zengdu_2023_bad_cell.xls")])
    assert result.exit_code == 2, result.output
    assert "zengdu_2023_bad_cell.xls: 表5!E7: 错误" in result.output
    assert "'534,0.7'" in result.output


def test_an_xls_renders_through_the_command(tmp_path):
    source = tmp_path / "输入.xls"
    source.write_bytes((DATA / "zengdu_2023.xls").read_bytes())
    target = tmp_path / "报告.docx"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(target), "--no-toc-pages"])
    assert result.exit_code == 0, result.output
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "曾都区人民政府办公室" in text
    assert source.read_bytes() == (DATA / "zengdu_2023.xls").read_bytes()  # the input untouched


def test_a_damaged_xls_is_refused_with_advice(tmp_path):
    raw = (DATA / "zengdu_2023.xls").read_bytes()
    broken = tmp_path / "坏.xls"
    broken.write_bytes(raw[:4096])  # the header and directory start, the streams cut off
    with pytest.raises(InputError) as caught:
        load_document(broken)
    text = str(caught.value)
    assert "坏.xls" in text and "无法读取" in text and "另存为" in text
