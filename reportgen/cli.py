"""The ``reportgen`` command (click: a well-kept CLI library with clean help and exit codes).

Exit codes:

- 0 success;
- 1 the input has errors (checks), or the template or the output failed;
- 2 the input cannot be read, or the command line is wrong (click's usage errors);
- 3 internal error: a defect of reportgen, not of the input. A short Chinese message asks for the
  output of ``reportgen --debug …``, which adds the traceback;
- 130 interrupted (Ctrl+C).
- 141 the reader of the output went away (``reportgen check x | head``).

Findings print as ``file:line: path: 错误：message [rule]``, never as a traceback. Every command
runs through one handler (``errors_reported``); click's own words are Chinese (``click_zh``).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import os
import sys
import time
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import click

from . import click_zh
from .diagnostics import Issue, ReportgenError, Severity, Source, format_issues

click_zh.install()

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool whose reader closed

INTERNAL_ERROR = "内部错误：{what}。这是 reportgen 自身的问题，不是输入的问题；请加 --debug 重新运行（reportgen --debug 命令 …），并将其输出报告给维护者。"
INTERRUPTED = "已中断（Ctrl+C）：命令未完成。"


@contextlib.contextmanager
def errors_reported(debug: bool = False) -> Iterator[None]:
    """The one error handler of every command.

    A ``ReportgenError`` prints its message and exits with its own code; anything else is a defect
    of reportgen: a short Chinese message and exit 3, the traceback only with ``--debug``; Ctrl+C
    exits 130. click's own exceptions (usage errors, ``--help``, exits) pass through to click.
    """
    try:
        yield
        sys.stdout.flush()  # a pipe is block-buffered: a closed reader shows here, not at exit
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_BROKEN_PIPE)
        raise
    except ReportgenError as exc:
        if debug:
            traceback.print_exc()
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # The reader of our output went away (``reportgen check x | head``): not an error of
        # reportgen's.
        _quiet_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        click.echo(INTERRUPTED, err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # every other exception is a defect: reported, never a bare traceback
        if debug:
            traceback.print_exc()
        click.echo(INTERNAL_ERROR.format(what=_internal(exc)), err=True)
        sys.exit(EXIT_INTERNAL)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush after a closed pipe stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _internal(exc: BaseException) -> str:
    """The exception's kind and first line, short: enough to recognise it; --debug shows the rest."""
    detail = " ".join(str(exc).split())
    if len(detail) > 160:
        detail = detail[:160] + "…"
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


class _Reportgen(click_zh.Group):
    def invoke(self, ctx: click.Context):
        with errors_reported(debug=bool(ctx.params.get("debug"))):
            return super().invoke(ctx)


def _fail(exc: ReportgenError) -> NoReturn:
    """For code written in the old pattern (``except ReportgenError as exc: _fail(exc)``): hands the
    error to ``errors_reported``, which prints it and exits with its code."""
    raise exc


def _exists(path: Path) -> bool:
    """``path.exists()``, False for a path that cannot even be looked at (a name too long): the
    write that follows says why, in Chinese."""
    try:
        return path.exists()
    except OSError:
        return False


def _error_line(file: Path | str, rule: str, message: str) -> str:
    return Issue(rule, Severity.ERROR, message, Source(file=str(file))).format()


@click.group(cls=_Reportgen, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出错时显示完整的调用栈（报告问题时使用）")
@click.version_option(package_name="reportgen")
def main(debug: bool) -> None:
    """reportgen：由一份结构化数据（YAML、JSON 或 Excel 工作簿）生成部门决算、绩效自评报告（Word .docx）。

    退出码：0 成功；1 检查有错误或无法生成；2 输入无法读取或命令行有误；3 内部错误；130 已中断；141 读取输出的程序已先行关闭。
    """
    if not debug:
        # Libraries' own warnings (openpyxl: "Data Validation extension is not supported …") are
        # English and nothing a user can act on; reportgen reports what matters as findings.
        warnings.simplefilter("ignore")
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
@click.argument("input_path", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="报告.docx", type=click.Path(path_type=Path), required=True, help="输出的 .docx 文件（或 .pdf：需要 LibreOffice）")
@click.option("--template", metavar="模板.docx", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板")
@click.option("--draft", is_flag=True, help="草稿：缺少的原因以【待补充：…】标出")
@click.option("--force", is_flag=True, help="检查有错误时仍生成（文档标注为草稿）")
@click.option("--toc-pages/--no-toc-pages", default=True,
              help="目录写入页码（需安装 LibreOffice；默认写入，未安装时由 Word 打开时更新）")
def render(input_path: Path, output: Path, template: Path | None, draft: bool, force: bool, toc_pages: bool) -> None:
    """生成部门决算报告：reportgen render 输入文件 -o 报告.docx"""
    started = time.perf_counter()
    from .pipeline import render as run

    gc.freeze()  # the modules just imported live to the end: keep the collector off them
    # the render service, then the output written safely (never over an input; .pdf too)
    result = run(input_path, output, template=template, draft=draft, force=force, toc_pages=toc_pages)
    shown = [i for i in result.prepared.issues if i.severity is not Severity.NOTE]
    if shown:
        click.echo(format_issues(shown), err=True)
    kind = "草稿" if result.draft else "报告"
    for path in result.outputs:
        click.echo(f"已生成{kind}：{path}（{time.perf_counter() - started:.2f} 秒）")


@main.command("template-check")
@click.argument("template", metavar="模板.docx", type=click.Path(path_type=Path))
@click.option("--input", "input_path", metavar="输入文件", type=click.Path(path_type=Path), help="用于取数的输入（默认：曾都示例）")
def template_check(template: Path, input_path: Path | None) -> None:
    """列出模板中数据未提供的标记。"""
    from .resources import resource_dir
    from .service import template_check as run

    sample = input_path or resource_dir("templates").parent / "sample_inputs" / "zengdu_2023.yaml"
    missing = run(sample, template)
    if not missing:
        click.echo(f"{template}：所有标记都有数据。")
        return
    for tag in missing:
        click.echo(_error_line(template, "template.undefined", f"数据中没有 '{tag}'"))
    sys.exit(1)



# --- check / audit commands (checks and audit) ---------------------------------------------


def _emit(issues: list, fmt: str, summary: str) -> None:
    """Findings as lines (file:line: path: 错误：message [rule]) or as a JSON document."""
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
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式：text 逐行文字，json 供程序读取"
)
_tolerance_option = click.option(
    "--tolerance", metavar="万元", type=str, default="0.01", show_default=True, help="勾稽关系容差（万元）；容差内的差异记为提示"
)


def _options(tolerance: str):
    from decimal import Decimal, InvalidOperation

    from .checks import CheckOptions

    try:
        value = Decimal(tolerance)
    except InvalidOperation:
        raise click.BadParameter(f"应为数字（万元），实际为 '{tolerance}'", param_hint="--tolerance") from None
    if not value.is_finite() or value.adjusted() > 12:  # NaN, Infinity: Decimal reads them, no comparison can use them
        raise click.BadParameter(f"应为有限的数字（万元），实际为 '{tolerance}'", param_hint="--tolerance")
    if value < 0:
        raise click.BadParameter("不能为负数", param_hint="--tolerance")
    return CheckOptions(tolerance=value)


@main.command()
@click.argument("input_path", metavar="输入文件", type=click.Path(path_type=Path))
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
        raise
    _emit(prepared.issues, fmt, _summary(prepared.issues))
    _exit_for(prepared.issues)


@main.command()
@click.argument("report", metavar="报告", type=click.Path(path_type=Path))
@click.argument("input_path", metavar="输入文件", type=click.Path(path_type=Path))
@_format_option
def audit(report: Path, input_path: Path, fmt: str) -> None:
    """表文一致：重算报告正文（.docx 或文本）中的金额、百分比和个数，列出与数据不一致之处及未核对的数字。"""
    from .service import audit as run

    try:
        _, result = run(report, input_path)
    except ReportgenError as exc:
        if fmt == "json":
            _emit(exc.issues, fmt, "无法读取")
            sys.exit(exc.exit_code)
        raise
    summary = f"核对了 {result.checked} 个数字；未核对 {len(result.unchecked)} 个；" + _summary(result.issues)
    if result.skipped:  # the figures inside reasons and purposes: the department's words, not checked
        summary += f"（原因、用途等单位自述文字中的 {result.skipped} 个数字不核对）"
    if fmt == "json":
        import json

        click.echo(json.dumps({"issues": [i.to_dict() for i in result.issues], "unchecked": [i.to_dict() for i in result.unchecked],
                               "checked": result.checked, "skipped": result.skipped, "summary": summary},
                              ensure_ascii=False, indent=2))
    else:
        if result.issues:
            click.echo(format_issues(result.issues))
        if result.unchecked:  # figures it could not place: listed, neither passed nor flagged
            click.echo(f"未核对的数字（{len(result.unchecked)} 个，无法对应到数据，请人工核对）：")
            click.echo(format_issues(result.unchecked))
        click.echo(summary, err=True)
    _exit_for(result.issues)



# --- selfeval command (绩效自评) --------------------------------------------------------------


@main.command()
@click.argument("input_path", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", metavar="文件夹", type=click.Path(path_type=Path, file_okay=False), required=True, help="输出文件夹")
@click.option("--force", is_flag=True, help="指标无法计分时仍生成")
def selfeval(input_path: Path, out_dir: Path, force: bool) -> None:
    """生成绩效自评报告（每个项目一份，另加部门整体一份）：reportgen selfeval 输入文件 -o 文件夹"""
    from .selfeval.render import render_selfeval

    result = render_selfeval(input_path, out_dir, force=force)
    shown = [i for i in result.issues if i.severity is not Severity.NOTE]
    if shown:
        click.echo(format_issues(shown), err=True)
    for path in result.outputs:
        click.echo(f"已生成：{path}")
    if not result.outputs:
        click.echo("输入中没有绩效自评数据（performance.projects / performance.department_evaluation），未生成文件。")



# --- init / export commands (Excel workbook input) -------------------------------------------


INIT_KINDS = {"部门决算": "final_accounts", "部门预算": "budget", "绩效目标": "targets",
              "final_accounts": "final_accounts", "budget": "budget", "targets": "targets"}


@main.command()
@click.argument("output", metavar="[输入.yaml]", required=False, type=click.Path(path_type=Path))
@click.option("--xlsx", "xlsx", metavar="输入.xlsx", type=click.Path(path_type=Path), help="写出空白的 Excel 工作簿（.xlsx）")
@click.option("--kind", "kind", type=click.Choice(list(INIT_KINDS)), default="部门决算", metavar="[部门决算|部门预算|绩效目标]",
              show_default=True, help="输入种类（也可写英文名）")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
def init(output: Path | None, xlsx: Path | None, kind: str, force: bool) -> None:
    """写出一份待填写的空白输入（Excel 工作簿或 YAML）。

    reportgen init --xlsx 输入.xlsx 或 reportgen init 输入.yaml；
    部门预算：reportgen init --kind 部门预算 --xlsx 预算.xlsx；绩效目标：reportgen init --kind 绩效目标 --xlsx 绩效目标.xlsx
    """
    from .excel.convert import init as run

    if (output is None) == (xlsx is None):
        raise click.UsageError("请给出一个输出文件：reportgen init --xlsx 输入.xlsx 或 reportgen init 输入.yaml")
    target = xlsx if xlsx is not None else output
    assert target is not None
    if xlsx is not None and target.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--xlsx 的文件名应以 .xlsx 结尾：{target}")
    if _exists(target) and not force:
        click.echo(_error_line(target, "output.exists", "文件已存在，未覆盖（确需覆盖请加 --force）"), err=True)
        sys.exit(1)
    written = run(target, INIT_KINDS[kind])
    click.echo(f"已生成空白输入：{written}")


@main.command()
@click.argument("input_path", metavar="输入文件", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="输出文件", type=click.Path(path_type=Path), required=True, help="输出文件：.xlsx 或 .yaml")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它")
def export(input_path: Path, output: Path, force: bool) -> None:
    """在 YAML 与 Excel 工作簿之间转换输入（部门决算、部门预算或绩效目标文件，按输入写明的报告种类判断）。

    reportgen export 输入.yaml -o 输入.xlsx 或 reportgen export 输入.xlsx -o 输入.yaml

    已有的输出文件（可能是填好的工作簿）不会被覆盖，除非加 --force。
    """
    from .excel.convert import export as run

    written = run(input_path, output, replace=force)  # a workbook filled in by hand is never replaced unasked
    click.echo(f"已导出：{written}")


# --- batch / diff commands (many departments) ------------------------------------------------


@main.command()
@click.argument("inputs", metavar="文件夹或输入文件...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", metavar="输出文件夹", type=click.Path(file_okay=False, path_type=Path), required=True, help="输出文件夹")
@click.option("-j", "--jobs", metavar="进程数", type=click_zh.Count(), help="并行进程数（默认：CPU 核数）")
@click.option("--shard", metavar="序号/份数", help="只处理第 i 份（共 n 份，按路径排序后每 n 个取一个），如 2/4")
@click.option("--template", metavar="模板.docx", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板")
@click.option("--force", is_flag=True, help="检查有错误时仍生成（文档标注为草稿）")
@click.option("--progress/--no-progress", default=True, help="显示进度条（默认显示）")
def batch(inputs: tuple[Path, ...], outdir: Path, jobs: int | None, shard: str | None, template: Path | None, force: bool, progress: bool) -> None:
    """批量生成多个部门的报告。

    reportgen batch 文件夹或输入文件... -o 输出文件夹

    每个输入单独生成，失败的不影响其余；汇总写入输出文件夹中的 batch_summary.xlsx 与 .txt；有任一失败时退出码为 1。
    """
    from . import batch as runner

    if template is not None:
        from .sandbox import check_template_file

        check_template_file(template)  # refused once, not once per department
    found = runner.collect_inputs(inputs)
    name = "batch_summary"
    if shard:
        index, count = runner.parse_shard(shard)
        found = runner.shard(found, index, count)
        name = f"batch_summary_{index}_of_{count}"
    started = time.perf_counter()
    # the output folder may be unusable (below a file, no permission, disk full): OutputError
    with runner.summary_slot(outdir, name) as name:  # not another running batch's summary
        results = runner.run_batch(found, outdir, jobs=jobs, template=template, force=force, progress=progress)
        wall = time.perf_counter() - started
        xlsx, txt = runner.write_summary(results, outdir, name, wall)
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
@click.argument("old", metavar="旧版", type=click.Path(path_type=Path))
@click.argument("new", metavar="新版", type=click.Path(path_type=Path))
@click.option("--word", "word", metavar="输出.docx", type=click.Path(dir_okay=False, path_type=Path), help="另存新版报告，变动处以黄色突出显示")
@click.option("--template", metavar="模板.docx", type=click.Path(path_type=Path), help="使用自己修改过的 Word 模板（对两份输入）")
def diff(old: Path, new: Path, word: Path | None, template: Path | None) -> None:
    """比较两版：reportgen diff 旧版 新版（两份输入 .yaml/.json，或两份报告 .docx）

    列出报告中变动的每一句与每个数字（旧 → 新）。有变动时退出码为 0，输入无法读取时为 2。
    """
    from .diff import diff_documents, format_diff, write_highlighted

    if word:
        from .outputs import refuse_inputs

        refuse_inputs(word, [("旧版", old), ("新版", new), ("模板", template)])
    result, new_report = diff_documents(old, new, template)
    if word:
        write_highlighted(result, new_report, word)
    click.echo(format_diff(result), nl=False)
    if word:
        click.echo(f"已生成标注变动的报告：{word}")


def _region_vocabulary(profile: Path | None, show_content: bool) -> None:
    """``regions --content`` / ``--sentences``: the content blocks or sentence ids of the 部门决算,
    or of the 部门预算 when the argument is ``budget`` (部门预算) or a budget profile."""
    from . import regions

    budget = str(profile) in ("budget", "部门预算")
    if profile is not None and not budget:
        try:
            found = regions.load_file(regions.builtin_path(str(profile)) if str(profile) in regions.BUILTIN else profile)
        except ReportgenError as exc:
            _fail(exc)
        budget = found.kind == "budget"
    if budget:
        from .budget.outline import CONTENT as BUDGET_CONTENT
        from .regions.budget import ALLOWED

        if show_content:
            for key, content in BUDGET_CONTENT.items():
                click.echo(f"{key}\t{content.description}")
            return
        sichuan = regions.load("sichuan")
        for key, names in ALLOWED.items():
            click.echo(f"{key}\t{sichuan.sentences.get(key) or ''}\t（可用：{'、'.join('{' + n + '}' for n in names)}）")
        return
    from .regions.sentences import DEFAULTS, SENTENCES
    from .sections.outline import CONTENT

    if show_content:
        for key, content in CONTENT.items():
            click.echo(f"{key}\t{content.description}")
        return
    for key, text in DEFAULTS.items():
        names = "、".join("{" + n + "}" for n in SENTENCES[key])
        click.echo(f"{key}\t{text}\t（可用：{names}）")


@main.command("regions")
@click.argument("profile", metavar="[体例]", required=False, type=click.Path(path_type=Path))
@click.option("--content", "show_content", is_flag=True, help="列出体例可用的内容块（给出“部门预算”或预算体例时列出部门预算的）")
@click.option("--sentences", "show_sentences", is_flag=True, help="列出句式编号及默认措辞（给出“部门预算”或预算体例时列出部门预算的）")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="把内置体例复制为这个文件，以便修改")
def regions_command(profile: Path | None, show_content: bool, show_sentences: bool, output: Path | None) -> None:
    """列出内置的地区体例（部门决算、部门预算）；给出体例文件（.yaml）时检查它并列出其大纲。

    复制内置体例（给出体例名称和 -o 我的体例.yaml）并修改，在输入文件的体例设置中写上
    这个文件名（相对于输入文件）即可使用。
    """
    from . import regions

    if show_content or show_sentences:
        _region_vocabulary(profile, show_content)
        return
    if output is not None:
        name = str(profile or "default")
        if name not in regions.BUILTIN:
            click.echo(f"{name}：不是内置体例（内置：{'、'.join(regions.BUILTIN)}）", err=True)
            sys.exit(2)
        if _exists(output):
            what = "这是一个文件夹，不能作为输出文件" if output.is_dir() else "文件已存在，未覆盖"
            click.echo(_error_line(output, "output.exists", what), err=True)
            sys.exit(1)
        from .outputs import atomic_output

        with atomic_output(output) as tmp:  # a parent that is a file, no permission: OutputError
            tmp.write_bytes(regions.builtin_path(name).read_bytes())
        click.echo(f"已复制体例 {name} 到 {output}；修改后在输入文件中写 presentation: {{region: {output.name}}}")
        return
    if profile is None:
        for kind, title in regions.KINDS.items():
            click.echo(f"{title}：")
            for region in regions.available():
                if region.kind == kind:
                    click.echo(f"{region.name}\t{region.title}\t{region.description}")
                    click.echo(f"\t文件：{regions.builtin_path(region.name)}")
        return
    if str(profile) in regions.BUILTIN:
        profile = regions.builtin_path(str(profile))
    try:
        region = regions.load_file(profile)
    except ReportgenError as exc:
        _fail(exc)
    click.echo(f"{region.name}\t{region.title}（检查通过）")
    for p, part in enumerate(region.parts, start=1):
        from .glossary import chinese_number

        click.echo(f"第{chinese_number(p)}部分　{part.heading}")
        for s, section in enumerate(part.sections, start=1):
            click.echo(f"　{chinese_number(s)}、{section.heading}")
            for u, sub in enumerate(section.subsections, start=1):
                click.echo(f"　　（{chinese_number(u)}）{sub.heading}")


# --- serve command (the local web page) -----------------------------------------------------


def _host(value: str) -> str:
    if not value.strip():
        raise click.BadParameter("不能为空（本机用 127.0.0.1，局域网用 0.0.0.0）")
    return value.strip()


def _port(value: int) -> int:
    if not 1 <= value <= 65535:
        raise click.BadParameter(f"应为 1–65535 之间的整数，实际为 {value}")
    return value


@main.command()
@click.option("--host", metavar="地址", default="127.0.0.1", show_default=True, callback=lambda _c, _p, v: _host(v), help="监听地址；非本机地址（如 0.0.0.0）须设访问口令")
@click.option("--port", metavar="端口", default=8000, show_default=True, type=click_zh.Integer(), callback=lambda _c, _p, v: _port(v), help="端口（1–65535）")
@click.option("--token", metavar="口令", help="访问口令（监听非本机地址时必需；不给则自动生成并显示）")
def serve(host: str, port: int, token: str | None) -> None:
    """启动本地网页（部门填报、财政局批量）：reportgen serve，然后在浏览器打开显示的地址"""
    from .web import serve as run

    run(host, port, token, echo=click.echo)  # a port in use: ReportgenError, reported by the group


if __name__ == "__main__":  # pragma: no cover
    main()
