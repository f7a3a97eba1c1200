"""The command line speaks Chinese: help pages, click's usage errors, the one error handler."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reportgen import click_zh
from reportgen.cli import EXIT_INTERNAL, EXIT_INTERRUPTED, main
from reportgen.diagnostics import InputError, Issue, Severity, Source, format_issues

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "zengdu_2023.yaml"
COMMANDS = sorted(main.commands)

# ASCII words a Chinese page may still contain: the program and its commands, the formats and
# file kinds a user types or sees on disk, and the values of --format.
ALLOWED = {"reportgen", *(w for c in COMMANDS for w in c.split("-")), "text", "json", "YAML", "JSON", "Excel", "Word", "WPS", "LibreOffice", "CPU", "batch_summary", "i", "n"}


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), prog_name="reportgen")


def english_words(text: str) -> list[str]:
    """ASCII words outside option names (-o, --output) and file suffixes (.docx)."""
    words = re.findall(r"(?<![-\w.'])[A-Za-z][A-Za-z_]*", text)
    return [w for w in words if w not in ALLOWED]


def test_english_words__finds_a_sentence_and_spares_options():
    assert english_words("Usage: reportgen render [OPTIONS]") == ["Usage", "OPTIONS"]
    assert english_words("用法：reportgen render -o 报告.docx --force") == []


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help__every_command_is_chinese(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法：reportgen")
    assert "选项:" in result.output and "显示本帮助并退出。" in result.output
    assert english_words(result.output) == [], result.output


def test_help__group_lists_commands_and_exit_codes():
    out = run("--help").output
    assert "命令:" in out and "[选项] 命令 [参数]..." in out
    assert "3 内部错误" in out and "--debug" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("render", "输入.yaml"), "错误：缺少选项 '-o' / '--output'。"),
        (("render", "--bogus"), "错误：没有选项 '--bogus'。"),
        (("render", "甲.yaml", "乙.yaml", "-o", "报告.docx"), "错误：多余的参数（乙.yaml）"),
        (("check", "输入.yaml", "--format", "xml"), "错误：'--format' 的值无效：'xml' 不是可选值（'text', 'json'）之一。"),
        (("batch", "输入", "-o", "报告", "-j", "0"), "的值无效：0 超出范围 ≥1。"),
        (("batch", "输入", "-o", "报告", "-j", "两个"), "的值无效：'两个' 不是有效的整数。"),
        (("batch",), "错误：缺少参数 '文件夹或输入文件...'。"),
        (("rendr",), "错误：没有命令 'rendr'。"),
        (("render", "-o"), "错误：选项 '-o' 需要一个值。"),
        (("init",), "错误：请给出一个输出文件"),
    ],
)
def test_usage_errors__chinese_exit_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert english_words(result.output) == [], result.output


def test_usage_error__tells_where_help_is():
    out = run("render", "--bogus").output
    assert "用法：reportgen render [选项] 输入文件" in out and "查看帮助：reportgen render --help" in out


def test_version__chinese():
    result = run("--version")
    assert result.exit_code == 0 and re.fullmatch(r"reportgen 版本 \d+\.\d+\.\d+\S*\n", result.output)


# --- one error handler -----------------------------------------------------------------------


def _broken(exc: BaseException):
    def prepare(*_args, **_kwargs):
        raise exc

    return prepare


def test_internal_error__short_chinese_message_exit_3(monkeypatch):
    monkeypatch.setattr("reportgen.service.prepare", _broken(ValueError("计算出错")))
    result = run("check", str(SAMPLE))
    assert result.exit_code == EXIT_INTERNAL == 3
    assert result.output.startswith("内部错误：ValueError: 计算出错。")
    assert "--debug" in result.output and "报告给维护者" in result.output
    assert "Traceback" not in result.output


def test_internal_error__debug_adds_the_traceback(monkeypatch):
    monkeypatch.setattr("reportgen.service.prepare", _broken(ValueError("计算出错")))
    result = run("--debug", "check", str(SAMPLE))
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.output and "内部错误：ValueError" in result.output


def test_interrupt__exit_130_with_a_chinese_line(monkeypatch):
    monkeypatch.setattr("reportgen.service.prepare", _broken(KeyboardInterrupt()))
    result = run("check", str(SAMPLE))
    assert result.exit_code == EXIT_INTERRUPTED == 130
    assert result.output.startswith("已中断") and "Traceback" not in result.output


def test_reportgen_error__its_message_and_its_exit_code(monkeypatch):
    issue = Issue("input.unreadable", Severity.ERROR, "文件不存在", Source(file="甲.yaml"))
    monkeypatch.setattr("reportgen.service.prepare", _broken(InputError("", [issue])))
    result = run("check", str(SAMPLE))
    assert result.exit_code == 2
    assert result.output == "甲.yaml: 错误：文件不存在 [input.unreadable]\n"


def test_reportgen_error__json_keeps_machine_keys(monkeypatch):
    issue = Issue("input.unreadable", Severity.ERROR, "文件不存在", Source(file="甲.yaml"))
    monkeypatch.setattr("reportgen.service.prepare", _broken(InputError("", [issue])))
    result = run("check", str(SAMPLE), "--format", "json")
    assert result.exit_code == 2
    assert '"severity": "error"' in result.output and '"rule": "input.unreadable"' in result.output


def test_missing_input__no_traceback_exit_2(tmp_path):
    result = run("render", str(tmp_path / "无.yaml"), "-o", str(tmp_path / "报告.docx"))
    assert result.exit_code == 2
    assert "无.yaml: 错误：" in result.output and "[input." in result.output
    assert not (tmp_path / "报告.docx").exists()


# --- findings: the message first, the rule id after it ----------------------------------------


def test_issue_format__place_severity_message_then_rule():
    issue = Issue("identity.total", Severity.WARNING, "收入总计 1.00 ≠ 支出总计 2.00", Source("in.yaml", "balances", 12))
    assert issue.format() == "in.yaml:12: balances: 警告：收入总计 1.00 ≠ 支出总计 2.00 [identity.total]"
    note = Issue("x.y", Severity.NOTE, "差异在容差内")
    error = Issue("a.b", Severity.ERROR, "缺少", Source(path="表1!C12"))
    assert format_issues([note, error]) == "提示：差异在容差内 [x.y]\n表1!C12: 错误：缺少 [a.b]"
    assert issue.to_dict()["severity"] == "warning"  # the JSON keeps its machine key


# --- the catalogue keeps up with click ---------------------------------------------------------


def _click_message_ids() -> tuple[set[str], set[tuple[str, str]]]:
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and strings:
                singles.add(strings[0])
            elif node.func.id == "ngettext" and len(strings) >= 2:
                plurals.add((strings[0], strings[1]))
    return singles, plurals


def test_catalogue__every_message_id_exists_in_the_installed_click():
    singles, plurals = _click_message_ids()
    # "required" is passed through _() as a value; "Positional arguments" is new in click 8.5
    assert set(click_zh.MESSAGES) - {"required", "Positional arguments"} <= singles
    assert set(click_zh.PLURALS) <= plurals


def test_catalogue__every_message_a_reportgen_user_can_meet_is_translated():
    singles, plurals = _click_message_ids()
    # editor, Windows console and shell-completion messages are not reachable from reportgen
    unreachable = {m for m in singles if "editor" in m or "Windows" in m or "Bash" in m or "color" in m}
    unreachable |= {m for m in singles if "stream" in m or "decls" in m or "defined" in m or "declare" in m}
    unreachable |= {"d", "?", "Choice({choices})"}  # and the declaration errors a programmer meets
    unreachable |= {m for m in singles if m.startswith("Boolean option")}
    unreachable |= {m for m in singles if m.startswith("DeprecationWarning") or m.startswith("Arguments take")}
    assert singles - unreachable - set(click_zh.MESSAGES) == set()
    assert plurals - set(click_zh.PLURALS) == set()


# --- audit speaks Chinese too ---------------------------------------------------------------


def test_audit__a_file_that_is_not_a_docx_is_named_in_chinese(tmp_path):
    fake = tmp_path / "报告.docx"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    result = run("audit", str(fake), str(SAMPLE))
    assert result.exit_code == 2
    assert "报告.docx: 错误：无法作为 Word 文档（.docx）打开：文件不是 .docx 格式或已损坏" in result.output
    assert result.output.rstrip().endswith("[audit.unreadable]")
    assert english_words(result.output.replace(str(tmp_path), "")) == [], result.output


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf"])
def test_tolerance__not_a_finite_number_is_a_usage_error(value):
    result = run("check", str(SAMPLE), "--tolerance", value)
    assert result.exit_code == 2
    assert f"错误：--tolerance 的值无效：应为有限的数字（万元），实际为 '{value}'" in result.output


def test_help__short_descriptions_are_whole_sentences():
    lines = [line for line in run("--help").output.splitlines() if line.startswith("  ") and "..." in line]
    assert lines == []


def test_internal_error__a_long_message_is_cut_to_one_short_line(monkeypatch):
    monkeypatch.setattr("reportgen.service.prepare", _broken(RuntimeError("甲\n" + "乙" * 500)))
    result = run("check", str(SAMPLE))
    assert result.exit_code == 3
    (line,) = result.output.splitlines()
    assert line.startswith("内部错误：RuntimeError: 甲 乙乙") and "…。" in line and len(line) < 300


NOISY = """
import sys, warnings
from reportgen import cli, service
real = service.prepare
def noisy(*args, **kwargs):
    warnings.warn("Data Validation extension is not supported and will be removed", UserWarning, stacklevel=1)
    return real(*args, **kwargs)
service.prepare = noisy
cli.main(sys.argv[1:], prog_name="reportgen")
"""


@pytest.mark.parametrize(("debug", "shown"), [((), False), (("--debug",), True)])
def test_library_warnings__hidden_unless_debug(debug, shown):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(SAMPLE.parents[1])}
    result = subprocess.run(
        [sys.executable, "-c", NOISY, *debug, "check", str(SAMPLE)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert ("Data Validation" in result.stderr) is shown
    assert "错误 0 个" in result.stderr
