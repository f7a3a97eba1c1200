"""The ``reportgen`` command (click: a well-kept CLI library with clean help and exit codes).

Exit codes: 0 success, 1 the input has errors (checks) or the output cannot be made,
2 the input cannot be read. Errors are printed as ``file:line: path: severity [rule] message``,
never as a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .diagnostics import ReportgenError, Severity, format_issues


def _fail(exc: ReportgenError) -> None:
    click.echo(str(exc), err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """reportgen：由一份结构化数据生成部门决算、绩效自评报告（.docx）。"""


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出的 .docx 文件")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板")
@click.option("--draft", is_flag=True, help="草稿：缺少的原因以【待补充：…】标出")
@click.option("--force", is_flag=True, help="检查有错误时仍生成（文档标注为草稿）")
def render(input_path: Path, output: Path, template: Path | None, draft: bool, force: bool) -> None:
    """生成部门决算报告：reportgen render INPUT -o OUT.docx"""
    from .pipeline import render as run

    started = time.perf_counter()
    try:
        result = run(input_path, output, template=template, draft=draft, force=force)
    except ReportgenError as exc:
        _fail(exc)
        return
    shown = [i for i in result.prepared.issues if i.severity is not Severity.NOTE]
    if shown:
        click.echo(format_issues(shown), err=True)
    kind = "草稿" if result.draft else "报告"
    click.echo(f"已生成{kind}：{result.output}（{time.perf_counter() - started:.2f} 秒）")


@main.command("template-check")
@click.argument("template", type=click.Path(path_type=Path))
@click.option("--input", "input_path", type=click.Path(path_type=Path), help="用于取数的输入（默认：曾都示例）")
def template_check(template: Path, input_path: Path | None) -> None:
    """列出模板中数据未提供的标记。"""
    from .pipeline import template_check as run
    from .resources import resource_dir

    sample = input_path or resource_dir("templates").parent / "sample_inputs" / "zengdu_2023.yaml"
    try:
        missing = run(sample, template)
    except ReportgenError as exc:
        _fail(exc)
        return
    if not missing:
        click.echo(f"{template}：所有标记都有数据。")
        return
    for tag in missing:
        click.echo(f"{template}: error [template.undefined] 数据中没有 '{tag}'")
    sys.exit(1)



# --- check / audit commands (checks and audit) ---------------------------------------------


# --- selfeval command (绩效自评) --------------------------------------------------------------


# --- init / export commands (Excel workbook input) -------------------------------------------


@main.command()
@click.argument("output", required=False, type=click.Path(path_type=Path))
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path), help="写出空白的 Excel 工作簿（.xlsx）")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
def init(output: Path | None, xlsx: Path | None, force: bool) -> None:
    """写出一份待填写的空白输入：reportgen init --xlsx 输入.xlsx 或 reportgen init 输入.yaml"""
    from .excel.convert import init as run

    if (output is None) == (xlsx is None):
        raise click.UsageError("请给出一个输出文件：reportgen init --xlsx 输入.xlsx 或 reportgen init 输入.yaml")
    target = xlsx if xlsx is not None else output
    assert target is not None
    if xlsx is not None and target.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--xlsx 的文件名应以 .xlsx 结尾：{target}")
    if target.exists() and not force:
        click.echo(f"{target}: error [output.exists] 文件已存在，未覆盖（确需覆盖请加 --force）", err=True)
        sys.exit(1)
    try:
        written = run(target)
    except ReportgenError as exc:
        _fail(exc)
        return
    click.echo(f"已生成空白输入：{written}")


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出文件：.xlsx 或 .yaml")
def export(input_path: Path, output: Path) -> None:
    """在 YAML 与 Excel 工作簿之间转换输入：reportgen export 输入.yaml -o 输入.xlsx"""
    from .excel.convert import export as run

    try:
        written = run(input_path, output)
    except ReportgenError as exc:
        _fail(exc)
        return
    click.echo(f"已导出：{written}")


# --- batch / diff commands (many departments) ------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    main()
