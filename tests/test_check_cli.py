"""`reportgen check` / `audit` / `render` from the command line: messages, exit codes, no traceback."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reportgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "zengdu_2023.yaml"
# The published 曾都 report as text (the document the sample was transcribed from).
SEED = Path(__file__).parent / "data" / "zengdu_2023_published.txt"
MINIMAL = """\
unit: {name: 测试单位, year: 2023}
prior_year: {total: 10, income_total: 10, expenditure_total: 10, fiscal_total: 10, general_budget_expenditure: 10}
"""


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


BAD_INPUTS = [
    # (name, file content (str or bytes), exit code, rule, text in the message)
    ("empty", "", 2, "input.empty", "文件是空的"),
    ("not_utf8", "unit:\n  name: 测试".encode("gbk"), 2, "input.encoding", "不是 UTF-8 编码"),
    ("bad_yaml", "unit: [name: x\n", 2, "input.syntax", "YAML 格式错误"),
    ("wrong_type", MINIMAL.replace("year: 2023", "year: [2023]"), 2, "input.int_type", "unit.year"),
    ("text_number", MINIMAL.replace("total: 10,", "total: 十万,"), 2, "input.", "实际为文本 '十万'"),
    ("negative", MINIMAL.replace("total: 10,", "total: -10,"), 2, "input.greater_than_equal", "不能为负数"),
    ("typo_key", MINIMAL.replace("{name:", "{nmae: x, name:"), 2, "input.extra_forbidden", "是否应为 'name'"),
    ("missing_field", MINIMAL.replace("name: 测试单位, ", ""), 2, "input.missing", "unit.name"),
    (
        "duplicate_code",
        MINIMAL + "functions:\n  - {code: '2010301', name: 行政运行}\n  - {code: '2010301', name: 行政运行}\n",
        1, "input.duplicate_code", "2010301 重复",
    ),
    ("unknown_prefix", MINIMAL + "functions:\n  - {code: '2019901', name: 其他}\n", 1, "input.unknown_class", "20199"),
    ("year_mismatch", MINIMAL.replace("year: 2023}", "year: 2023, report_date: 2023-05-01}"), 1, "year.report_date", "早于决算年度"),
]


@pytest.mark.parametrize(("name", "content", "code", "rule", "text"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_check__bad_input_table(tmp_path, name, content, code, rule, text):
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = path.read_bytes()
    result = run("check", path)
    assert result.exit_code == code, result.output
    assert rule in result.output and text in result.output
    assert str(path) in result.output  # names the file
    assert path.read_bytes() == before  # inputs are never modified


def test_check__invalid_json_names_line(tmp_path):
    path = tmp_path / "in.json"
    path.write_text('{"unit": {"name": "x",}}', encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2 and "JSON 格式错误" in result.output and f"{path}:1" in result.output


def test_check__sample_exit_zero_with_warning():
    result = run("check", SAMPLE)
    assert result.exit_code == 0
    assert "警告：项目绩效自评执行数合计" in result.output and "[identity.projects_total]\n" in result.output


def test_check__json_format(tmp_path):
    path = tmp_path / "in.yaml"
    path.write_text(MINIMAL.replace("year: 2023}", "year: 2023, report_date: 2023-05-01}"), encoding="utf-8")
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (issue,) = [i for i in data["issues"] if i["rule"] == "year.report_date"]
    assert issue["severity"] == "error" and issue["path"] == "unit.report_date" and issue["line"] == 1


def test_check__bad_tolerance_is_a_usage_error():
    result = run("check", SAMPLE, "--tolerance", "abc")
    assert result.exit_code == 2 and "--tolerance" in result.output


def test_audit__seed_001_lists_its_own_errors():
    result = run("audit", SEED, SAMPLE)
    assert result.exit_code == 1
    out = result.stdout
    assert "一般公共预算财政拨款支出写作 905.3 万元，数据为 905.31 万元" in out
    assert "写作 32.99" not in out  # the 三公 合计 as 表9 prints it, carried in the sample (a note of check)
    assert "因公出国（境）费上年为0，不能写增长率“增长100%”" in out
    assert "公务接待费预算为0，不能写完成率“0%”" in out
    # the seed's correct figures are not flagged
    for good in ("写作 921.96", "写作 33.63", "写作 3.8%", "写作 76.9 ", "写作 9.1%", "写作 60.7%", "写作 30.7%"):
        assert good not in out
    assert len([line for line in out.splitlines() if "错误：" in line]) <= 20


def test_audit__own_render_is_clean_and_catches_an_edited_figure(tmp_path):
    out = tmp_path / "z.docx"
    assert run("render", SAMPLE, "-o", out).exit_code == 0
    assert run("audit", out, SAMPLE).exit_code == 0
    document = docx.Document(str(out))
    for p in document.paragraphs:
        if "收入合计921.96万元" in p.text:
            for r in p.runs:
                r.text = r.text.replace("增长9.1%", "下降9.1%")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    result = run("audit", edited, SAMPLE)
    assert result.exit_code == 1 and "audit.direction" in result.stdout and "收入合计实际增长" in result.stdout


def _swap_template(tmp_path: Path, a: str, b: str) -> Path:
    src = ROOT / "templates" / "final_accounts.docx"
    target = tmp_path / "swapped.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert a in text
                data = text.replace(a, "\0").replace(b, a).replace("\0", b).encode("utf-8")
            zout.writestr(item, data)
    return target


def test_render__self_check_fails_on_swapped_tags_and_keeps_previous_output(tmp_path):
    # an edited template that prints 四's text where 一's belongs
    template = _swap_template(tmp_path, "{{ block.text }}<", "{{ fiscal.text if block.text == overview.text else block.text }}<")
    out = tmp_path / "report.docx"
    out.write_bytes(b"previous")
    result = run("render", SAMPLE, "-o", out, "--template", template)
    assert result.exit_code == 1
    assert "自检发现正文与数据不一致" in result.output and "收、支总计写作 905.31 万元，数据为 921.96 万元" in result.output
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_render__draft_highlights_missing_reason_and_final_omits_it(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("  total: 人员正常增资\n", "")
    source = tmp_path / "in.yaml"
    source.write_text(text, encoding="utf-8")
    check = run("check", source)
    assert check.exit_code == 0 and re.search(r"reasons\.total: 警告：.+ \[reason\.missing\]$", check.output, re.M)

    draft = tmp_path / "draft.docx"
    assert run("render", source, "-o", draft, "--draft").exit_code == 0
    marked = [
        r for p in docx.Document(str(draft)).paragraphs for r in p.runs
        if r.text.startswith("【待补充：收、支总计变动的主要原因】")
    ]
    assert marked and marked[0].font.highlight_color is not None

    final = tmp_path / "final.docx"
    assert run("render", source, "-o", final).exit_code == 0
    body = "\n".join(p.text for p in docx.Document(str(final)).paragraphs)
    assert "待补充" not in body
    assert "收、支总计各增加33.63万元，增长3.8%。" in body
