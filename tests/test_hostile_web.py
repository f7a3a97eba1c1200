"""Hostile uploads on the web page: the same advice as the command line, naming the file, never
an internal error. Each case was found by uploading what a finance office's systems produce."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("flask")

from test_web import finish, text_of, upload  # noqa: E402

from reportgen.web import create_app  # noqa: E402
from reportgen.web import uploads as up  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "bad_inputs"


@pytest.fixture
def client(tmp_path):
    app = create_app(temp_root=tmp_path)
    yield app.test_client()
    app.extensions["reportgen_tasks"].close()


def _checked(client, data: bytes, name: str) -> str:
    response = upload(client, data, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    text = text_of(finish(client, response.headers["Location"])).replace("&#39;", "'")
    assert "内部错误" not in text and "Traceback" not in text
    return text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("html_table.xls", "文件扩展名是 .xls，但内容不是 Excel 工作簿（可能是系统导出的网页或文本表格）"),
        ("table.csv", "CSV 文件只能保存一张表，不能作为输入"),
    ],
)
def test_a_text_table_named_xls_or_csv_gets_the_command_lines_advice(client, name: str, expected: str) -> None:
    text = _checked(client, (CORPUS / name).read_bytes(), name)
    assert "文件有错误，无法读取" in text and expected in text
    assert "例如以 'unit:' 开头" not in text


@pytest.mark.parametrize("name", ["导出.xlsx", "导出.yaml"])
def test_a_web_page_uploaded_as_an_input_is_named_a_web_page(client, name: str) -> None:
    page = b"<!DOCTYPE html>\n<html><body><table><tr><td>2010301</td><td>100</td></tr></table></body></html>\n"
    text = _checked(client, page, name)
    assert "这是网页（HTML）或 XML 文件，不是输入数据；如是系统导出的表格，请在 Excel/WPS 中打开" in text


def test_a_line_of_text_named_xlsx_says_it_is_only_text(client) -> None:
    text = _checked(client, (CORPUS / "not_a_workbook.xlsx").read_bytes(), "not_a_workbook.xlsx")
    assert "输入的顶层应是一个映射（键: 值），例如以 'unit:' 开头；此文件的内容只是一段文字，没有“键: 值”形式的数据" in text


def test_loader_name_keeps_a_table_suffix_of_text_and_reads_yaml_named_xlsx_as_yaml() -> None:
    assert up.Upload(b"", up.YAML, "导出.XLS").loader_name == "导出.xls"
    assert up.Upload(b"", up.YAML, "导出.csv").loader_name == "导出.csv"
    assert up.Upload(b"", up.YAML, "海川.xlsx").loader_name == "海川.yaml"
    assert up.Upload(b"", up.JSON, "..\\..\\x.xls").loader_name == "x.xls"
