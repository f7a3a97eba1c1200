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
    results = runner.run_batch(found, outdir, jobs=jobs, template=template, force=force, progress=progress)
    wall = time.perf_counter() - started
    xlsx, txt = runner.write_summary(results, outdir, name, wall)
    failed = [r for r in results if r.failed]
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
    import tempfile

    from .diff import diff_paths, format_diff, write_highlighted

    try:
        with tempfile.TemporaryDirectory(prefix="reportgen-diff-") as tmp:
            kept = Path(tmp) / "new.docx" if word else None
            result = diff_paths(old, new, template, keep_new=kept)
            if word and kept is not None:
                write_highlighted(result, kept, word)
    except ReportgenError as exc:
        _fail(exc)
        return
    click.echo(format_diff(result), nl=False)
    if word:
        click.echo(f"已生成标注变动的报告：{word}")


if __name__ == "__main__":  # pragma: no cover
    main()
