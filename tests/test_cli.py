"""The reportgen command: exit codes, messages that name the field, nothing half-written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, ZENGDU, load_sample_data, write_yaml
from docx import Document


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=240)


def test_render__writes_the_report_and_exits_zero(tmp_path):
    out = tmp_path / "report.docx"
    result = run("render", str(ZENGDU), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "已生成报告" in result.stdout
    assert "曾都区人民政府办公室" in Document(str(out)).paragraphs[0].text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "文件是空的"),
        ("unit: [unclosed\n", "YAML 格式错误"),
        ("- 1\n- 2\n", "顶层应是一个映射"),
    ],
)
def test_render__unreadable_input_exits_2_without_traceback(tmp_path, content, expected):
    source = tmp_path / "bad.yaml"
    source.write_text(content, encoding="utf-8")
    result = run("render", str(source), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_render__non_utf8_input_is_named(tmp_path):
    source = tmp_path / "gbk.yaml"
    source.write_bytes("unit:\n  name: 曾都区\n".encode("gbk"))
    result = run("render", str(source), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert "不是 UTF-8 编码" in result.stderr and "gbk.yaml" in result.stderr


def test_render__text_in_an_amount_names_the_field_and_line(tmp_path):
    data = load_sample_data()
    at = next(i for i, row in enumerate(data["functions"]) if row["code"] == "2010301")  # after its 类 row
    data["functions"][at]["income"]["general_budget"] = "六百八十五"
    source = write_yaml(tmp_path / "in.yaml", data)
    result = run("render", str(source), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    line = next(i for i, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if "六百八十五" in text)
    assert f"in.yaml:{line}: functions[{at}].income.general_budget: 错误：" in result.stderr
    assert "应为金额（数字），实际为文本 '六百八十五'" in result.stderr
    assert "Traceback" not in result.stderr


def test_render__unknown_key_suggests_the_closest(tmp_path):
    data = load_sample_data()
    data["three_public"]["outbond"] = data["three_public"].pop("outbound")
    result = run("render", str(write_yaml(tmp_path / "in.yaml", data)), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert "未知的键 'outbond'（是否应为 'outbound'？）" in result.stderr


def test_render__negative_amount_is_refused(tmp_path):
    data = load_sample_data()
    data["basic_expenditure"][0]["amount"] = "-1"
    result = run("render", str(write_yaml(tmp_path / "in.yaml", data)), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2
    assert "basic_expenditure[0].amount" in result.stderr and "不能为负数" in result.stderr


def test_render__failure_leaves_an_existing_report_untouched(tmp_path):
    out = tmp_path / "report.docx"
    out.write_bytes(b"previous version")
    data = load_sample_data()
    data["balances"]["carry_end"] = "5.00"  # 支出总计 no longer equals the 921.96 表1 prints
    result = run("render", str(write_yaml(tmp_path / "in.yaml", data)), "-o", str(out))
    assert result.returncode == 1
    assert "表1 支出总计 印出 921.96 ≠ 本年支出合计+结余分配+年末结转和结余 926.96（差 5.00，容差 0.01）" in result.stderr
    assert out.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.yaml", "report.docx"]  # no temporary left


def test_render__force_writes_a_marked_draft(tmp_path):
    data = load_sample_data()
    data["balances"]["carry_end"] = "5.00"
    out = tmp_path / "report.docx"
    result = run("render", str(write_yaml(tmp_path / "in.yaml", data)), "-o", str(out), "--force")
    assert result.returncode == 0
    assert "已生成草稿" in result.stdout
    assert any("【草稿】" in p.text for p in Document(str(out)).paragraphs)


def test_template_check__default_template_is_complete():
    result = run("template-check", "templates/final_accounts.docx")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "所有标记都有数据" in result.stdout


def test_template_check__lists_tags_the_data_does_not_provide(tmp_path):
    edited = tmp_path / "my.docx"
    shutil.copy(ROOT / "templates" / "final_accounts.docx", edited)
    document = Document(str(edited))
    document.add_paragraph("{{ overview.txet }}")
    document.add_paragraph("{{ budget_total }}")
    document.save(str(edited))
    result = run("template-check", str(edited))
    assert result.returncode == 1
    assert "'overview.txet'" in result.stdout
    assert "'budget_total'" in result.stdout


def test_render__with_a_users_edited_template(tmp_path):
    edited = tmp_path / "my.docx"
    shutil.copy(ROOT / "templates" / "final_accounts.docx", edited)
    document = Document(str(edited))
    document.add_paragraph("本报告由{{ unit.name }}财务科编制。")
    document.save(str(edited))
    out = tmp_path / "out.docx"
    result = run("render", str(ZENGDU), "-o", str(out), "--template", str(edited))
    assert result.returncode == 0, result.stderr
    assert any(p.text == "本报告由曾都区人民政府办公室财务科编制。" for p in Document(str(out)).paragraphs)


def test_render__template_asking_for_missing_data_fails_cleanly(tmp_path):
    edited = tmp_path / "my.docx"
    shutil.copy(ROOT / "templates" / "final_accounts.docx", edited)
    document = Document(str(edited))
    document.add_paragraph("{{ overview.txet }}")
    document.save(str(edited))
    out = tmp_path / "out.docx"
    result = run("render", str(ZENGDU), "-o", str(out), "--template", str(edited))
    assert result.returncode == 1
    assert "模板引用了数据中没有的值" in result.stderr and "txet" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_render__output_gets_ordinary_file_permissions(tmp_path):
    import os
    import stat

    out = tmp_path / "report.docx"
    assert run("render", str(ZENGDU), "-o", str(out)).returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
