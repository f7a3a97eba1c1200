"""The ``reportgen`` command (click: a well-kept CLI library with clean help and exit codes).

Exit codes: 0 success, 1 the input has errors (checks) or the output cannot be made,
2 the input cannot be read. Errors are printed as ``file:line: path: severity [rule] message``,
never as a traceback.
"""

from __future__ import annotations

import atexit
import functools
import gc
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
    # Leaving the interpreter runs a full garbage collection over every object the run created
    # (a sixth of a second after a render); frozen objects are skipped, and the OS reclaims them.
    # Only the command does this: importing reportgen leaves the collector alone.
    _freeze_at_exit()
    from .outputs import exit_on_signals

    exit_on_signals()  # SIGTERM: temporary files removed, batch workers stopped


@functools.cache
def _freeze_at_exit() -> None:
    atexit.register(gc.freeze)


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出的 .docx 文件（或 .pdf：需要 LibreOffice）")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板")
@click.option("--draft", is_flag=True, help="草稿：缺少的原因以【待补充：…】标出")
@click.option("--force", is_flag=True, help="检查有错误时仍生成（文档标注为草稿）")
def render(input_path: Path, output: Path, template: Path | None, draft: bool, force: bool) -> None:
    """生成部门决算报告：reportgen render INPUT -o OUT.docx"""
    started = time.perf_counter()
    from .pipeline import render as run

    gc.freeze()  # the modules just imported live to the end: keep the collector off them
    try:  # the render service, then the output written safely (never over an input; .pdf too)
        result = run(input_path, output, template=template, draft=draft, force=force)
    except ReportgenError as exc:
        _fail(exc)
        return
    shown = [i for i in result.prepared.issues if i.severity is not Severity.NOTE]
    if shown:
        click.echo(format_issues(shown), err=True)
    kind = "草稿" if result.draft else "报告"
    for path in result.outputs:
        click.echo(f"已生成{kind}：{path}（{time.perf_counter() - started:.2f} 秒）")


@main.command("template-check")
@click.argument("template", type=click.Path(path_type=Path))
@click.option("--input", "input_path", type=click.Path(path_type=Path), help="用于取数的输入（默认：曾都示例）")
def template_check(template: Path, input_path: Path | None) -> None:
    """列出模板中数据未提供的标记。"""
    from .resources import resource_dir
    from .service import template_check as run

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


def _emit(issues: list, fmt: str, summary: str) -> None:
    """Findings as lines (file:line: path: severity [rule] message) or as a JSON document."""
    import json

    if fmt == "json":
        click.echo(json.dumps({"issues": [i.to_dict() for i in issues], "summary": summary}, ensure_ascii=False, indent=2))
        return
    if issues:
        click.echo(format_issues(issues))
    click.echo(summary, err=True)


def _summary(issues: list) -> str:
    counts = {s: sum(1 for i in issues if i.severity is s) for s in Severity}
    return f"错误 {counts[Severity.ERROR]} 个，警告 {counts[Severity.WARNING]} 个，提示 {counts[Severity.NOTE]} 个"


def _exit_for(issues: list) -> None:
    from .diagnostics import has_errors

    sys.exit(1 if has_errors(issues) else 0)


_format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式"
)
_tolerance_option = click.option(
    "--tolerance", type=str, default="0.01", show_default=True, help="勾稽关系容差（万元）；容差内的差异记为提示"
)


def _options(tolerance: str):
    from decimal import Decimal, InvalidOperation

    from .checks import CheckOptions

    try:
        value = Decimal(tolerance)
    except InvalidOperation:
        raise click.BadParameter(f"应为数字（万元），实际为 '{tolerance}'", param_hint="--tolerance") from None
    if not value.is_finite() or value.adjusted() > 12:
        raise click.BadParameter(f"应为有限的数字（万元），实际为 '{tolerance}'", param_hint="--tolerance")
    if value < 0:
        raise click.BadParameter("不能为负数", param_hint="--tolerance")
    return CheckOptions(tolerance=value)


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@_format_option
@_tolerance_option
def check(input_path: Path, fmt: str, tolerance: str) -> None:
    """检查输入：勾稽关系、输入错误、缺少的原因。退出码 0 无错误，1 有错误，2 输入无法读取。"""
    from .service import prepare

    try:
        prepared = prepare(input_path, options=_options(tolerance))
    except ReportgenError as exc:
        if fmt == "json":
            _emit(exc.issues, fmt, "输入无法读取")
            sys.exit(exc.exit_code)
        _fail(exc)
        return
    _emit(prepared.issues, fmt, _summary(prepared.issues))
    _exit_for(prepared.issues)


@main.command()
@click.argument("report", metavar="REPORT", type=click.Path(path_type=Path))
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@_format_option
def audit(report: Path, input_path: Path, fmt: str) -> None:
    """表文一致：重算报告正文（.docx 或文本）中的金额和百分比，列出与数据不一致之处。"""
    from .service import audit as run

    try:
        _, result = run(report, input_path)
    except ReportgenError as exc:
        if fmt == "json":
            _emit(exc.issues, fmt, "无法读取")
            sys.exit(exc.exit_code)
        _fail(exc)
        return
    _emit(result.issues, fmt, f"核对了 {result.checked} 个数字；" + _summary(result.issues))
    _exit_for(result.issues)



# --- selfeval command (绩效自评) --------------------------------------------------------------


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, help="输出文件夹")
@click.option("--force", is_flag=True, help="指标无法计分时仍生成")
def selfeval(input_path: Path, out_dir: Path, force: bool) -> None:
    """生成绩效自评报告（每个项目一份，另加部门整体一份）：reportgen selfeval INPUT -o DIR"""
    from .selfeval.render import render_selfeval

    try:
        result = render_selfeval(input_path, out_dir, force=force)
    except ReportgenError as exc:
        _fail(exc)
        return
    shown = [i for i in result.issues if i.severity is not Severity.NOTE]
    if shown:
        click.echo(format_issues(shown), err=True)
    for path in result.outputs:
        click.echo(f"已生成：{path}")
    if not result.outputs:
        click.echo("输入中没有绩效自评数据（performance.projects / performance.department_evaluation），未生成文件。")



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


@main.command()
@click.argument("inputs", metavar="DIR_OR_FILES...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True, help="输出文件夹")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="并行进程数（默认：CPU 核数）")
@click.option("--shard", help="只处理第 i 份（共 n 份，按路径排序后每 n 个取一个），如 2/4")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板")
@click.option("--force", is_flag=True, help="检查有错误时仍生成（文档标注为草稿）")
@click.option("--progress/--no-progress", default=True, help="显示进度条（默认显示）")
def batch(inputs: tuple[Path, ...], outdir: Path, jobs: int | None, shard: str | None, template: Path | None, force: bool, progress: bool) -> None:
    """批量生成：reportgen batch DIR_OR_FILES... -o OUTDIR

    每个输入单独生成，失败的不影响其余；汇总写入 OUTDIR/batch_summary.xlsx 与 .txt。
    有任一失败时退出码为 1。
    """
    from . import batch as runner

    try:
        if template is not None:
            from .sandbox import check_template_file

            check_template_file(template)  # refused once, not once per department
        found = runner.collect_inputs(inputs)
        name = "batch_summary"
        if shard:
            index, count = runner.parse_shard(shard)
            found = runner.shard(found, index, count)
            name = f"batch_summary_{index}_of_{count}"
    except ReportgenError as exc:
        _fail(exc)
        return
    started = time.perf_counter()
    try:  # the output folder cannot be used (below a file, no permission, disk full)
        with runner.summary_slot(outdir, name) as name:  # not another running batch's summary
            results = runner.run_batch(found, outdir, jobs=jobs, template=template, force=force, progress=progress)
            wall = time.perf_counter() - started
            xlsx, txt = runner.write_summary(results, outdir, name, wall)
    except ReportgenError as exc:
        _fail(exc)
        return
    failed = [r for r in results if r.failed]
    for result in results:  # a report not named after its input (same names, or taken here)
        if result.output and Path(result.output).stem != Path(result.input).stem:
            click.echo(f"{result.input} → {result.output}")
    for result in failed:
        click.echo(f"失败：{result.input}", err=True)
        for message in result.issues:
            click.echo(f"    {message}", err=True)
    click.echo(
        f"共 {len(results)} 份，成功 {len(results) - len(failed)}，失败 {len(failed)}（{wall:.1f} 秒）；汇总：{xlsx}、{txt}"
    )
    if failed:
        sys.exit(1)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--word", "word", type=click.Path(dir_okay=False, path_type=Path), help="另存新版报告，变动处以黄色突出显示")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板（对两份输入）")
def diff(old: Path, new: Path, word: Path | None, template: Path | None) -> None:
    """比较两版：reportgen diff OLD NEW（两份输入 .yaml/.json，或两份报告 .docx）

    列出报告中变动的每一句与每个数字（旧 → 新）。有变动时退出码为 0，输入无法读取时为 2。
    """
    from .diff import diff_documents, format_diff, write_highlighted

    try:
        if word:
            from .outputs import refuse_inputs

            refuse_inputs(word, [("旧版", old), ("新版", new), ("模板", template)])
        result, new_report = diff_documents(old, new, template)
        if word:
            write_highlighted(result, new_report, word)
    except ReportgenError as exc:
        _fail(exc)
        return
    click.echo(format_diff(result), nl=False)
    if word:
        click.echo(f"已生成标注变动的报告：{word}")


# --- serve command (the local web page) -----------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；非本机地址（如 0.0.0.0）须设访问口令")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--token", help="访问口令（监听非本机地址时必需；不给则自动生成并显示）")
def serve(host: str, port: int, token: str | None) -> None:
    """启动本地网页（部门填报、财政局批量）：reportgen serve，然后在浏览器打开显示的地址"""
    from .web import serve as run

    try:
        run(host, port, token, echo=click.echo)
    except ReportgenError as exc:
        _fail(exc)


if __name__ == "__main__":  # pragma: no cover
    main()
