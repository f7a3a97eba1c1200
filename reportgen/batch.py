"""Render many departments at once: in parallel, past failures, with a summary.

A finance bureau renders every department it oversees after each round of corrections. Each input
is one job, run in its own worker process (``ProcessPoolExecutor``, spawn-safe: the worker is a
top-level function and takes only paths), inside its own try/except: a bad input is recorded with
its findings and never stops the others; every report is rendered by
``service.render`` and written atomically, so a failed job leaves no partial file and does not touch an earlier report.
A worker that dies outright (out of memory, a crash in a C library) breaks the pool; its jobs are
then re-run one process each, so only the job that kills its process is lost.

``--shard i/n`` splits the sorted list of inputs deterministically, so an existing job runner can
give each of n machines (or CI jobs) its share: shard i takes inputs i, i+n, i+2n, … .
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import InputError, Issue, ReportgenError, Severity, Source

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
STATUS_LABELS = {"ok": "成功", "draft": "草稿", "failed": "失败"}


@dataclass
class JobResult:
    input: str
    status: str  # ok | draft | failed
    output: str = ""
    department: str = ""
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    issues: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


# ---------------------------------------------------------------------------------------------
# Choosing the inputs
# ---------------------------------------------------------------------------------------------


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Every input named or found (not recursively) in the named folders, sorted by path."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith((".", "~$"))
            )
        elif path.exists():
            found.add(path)
        else:
            raise InputError("", [Issue("batch.missing_input", Severity.ERROR, "文件或文件夹不存在", Source(str(path)))])
    return sorted(found)


def parse_shard(text: str) -> tuple[int, int]:
    """'2/5' → (2, 5); shards are numbered from 1."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        index = count = 0
    if not (count >= 1 and 1 <= index <= count):
        raise InputError("", [Issue("batch.shard", Severity.ERROR, f"--shard 应为 i/n（1 ≤ i ≤ n），实际为 '{text}'")])
    return index, count


def shard(inputs: Sequence[Path], index: int, count: int) -> list[Path]:
    """Shard ``index`` of ``count`` (from 1) of the sorted inputs: every count-th, from index."""
    return sorted(inputs)[index - 1 :: count]


def output_paths(inputs: Sequence[Path], outdir: Path) -> list[Path]:
    """``OUTDIR/<input stem>.docx``; inputs with the same stem get their folder's name added."""
    stems = [p.stem for p in inputs]
    out = []
    for path, stem in zip(inputs, stems, strict=True):
        name = stem if stems.count(stem) == 1 else f"{path.parent.name}_{stem}"
        out.append(outdir / f"{name}.docx")
    return out


# ---------------------------------------------------------------------------------------------
# One job (runs in a worker process)
# ---------------------------------------------------------------------------------------------


def render_one(input_path: str, output: str, template: str | None = None, force: bool = False) -> JobResult:
    """Render one input through the render service and write it; never raises — every outcome
    is a ``JobResult``."""
    from .service import RenderOptions, render, write_documents

    started = time.perf_counter()
    try:
        rendered = render(input_path, options=RenderOptions(template=Path(template) if template else None, force=force))
        # a kind with several documents (绩效自评) gets a folder named like the report would be
        written = write_documents(rendered, output if len(rendered.documents) == 1 else Path(output).with_suffix(""))
    except ReportgenError as exc:
        return _failed(input_path, exc.issues or [Issue("batch.failed", Severity.ERROR, str(exc), Source(input_path))], started)
    except Exception as exc:  # a bug must not stop the batch; it is reported like any failure
        issue = Issue("internal", Severity.ERROR, f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}", Source(input_path))
        return _failed(input_path, [issue], started)
    issues = rendered.prepared.issues
    return JobResult(
        input=input_path,
        status="draft" if rendered.draft else "ok",
        output=str(written[0] if len(written) == 1 else written[0].parent if written else ""),
        department=getattr(rendered.prepared.model.unit, "name", rendered.prepared.model.unit),  # a targets file names its unit as text
        errors=sum(i.severity is Severity.ERROR for i in issues),
        warnings=sum(i.severity is Severity.WARNING for i in issues),
        seconds=time.perf_counter() - started,
        issues=[i.format() for i in issues if i.severity is not Severity.NOTE],
    )


def _failed(input_path: str, issues: list[Issue], started: float) -> JobResult:
    return JobResult(
        input=input_path,
        status="failed",
        errors=sum(i.severity is Severity.ERROR for i in issues),
        warnings=sum(i.severity is Severity.WARNING for i in issues),
        seconds=time.perf_counter() - started,
        issues=[i.format() for i in issues if i.severity is not Severity.NOTE],
    )


def _warm_up() -> None:
    """Import the heavy modules (the chart writers too: every department has its own charts)
    once per worker, before its first job; then keep the garbage collector off them for the jobs."""
    import gc

    import reportgen.render  # noqa: F401
    import reportgen.service  # noqa: F401
    from reportgen import native_charts

    native_charts.warm_up()
    gc.freeze()


# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------


def available_cores() -> int:
    """The cores this process may run on (its affinity on Linux, else the machine's count)."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    return available_cores()


def run_batch(
    inputs: Sequence[Path],
    outdir: Path,
    *,
    jobs: int | None = None,
    template: Path | None = None,
    force: bool = False,
    progress: bool = True,
) -> list[JobResult]:
    """Render every input into ``outdir``; results in the order of ``inputs``."""
    from tqdm import tqdm

    outputs = output_paths(inputs, outdir)
    tasks = [(str(i), str(o), str(template) if template else None, force) for i, o in zip(inputs, outputs, strict=True)]
    results: dict[int, JobResult] = {}
    jobs = max(1, min(jobs or default_jobs(), len(tasks) or 1))
    with tqdm(total=len(tasks), desc="生成报告", unit="份", disable=not progress, dynamic_ncols=True) as bar:
        if jobs == 1:
            for index, task in enumerate(tasks):
                results[index] = render_one(*task)
                bar.update()
        else:
            broken = _run_pool(tasks, range(len(tasks)), jobs, results, bar)
            for index in broken:  # alone in its own process: only a job that kills it is lost
                _run_pool(tasks, [index], 1, results, bar, last_chance=True)
    return [results[i] for i in range(len(tasks))]


def _run_pool(tasks, indexes, jobs: int, results: dict[int, JobResult], bar, last_chance: bool = False) -> list[int]:
    import multiprocessing

    broken: list[int] = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_up) as pool:
        futures: dict[Future, int] = {pool.submit(render_one, *tasks[i]): i for i in indexes}
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                if not last_chance:
                    broken.append(index)
                    continue
                issue = Issue("batch.worker_died", Severity.ERROR, "处理此文件的进程异常退出（内存不足或程序崩溃）", Source(tasks[index][0]))
                results[index] = _failed(tasks[index][0], [issue], time.perf_counter())
            bar.update()
    return sorted(broken)


# ---------------------------------------------------------------------------------------------
# The summary
# ---------------------------------------------------------------------------------------------

SUMMARY_HEADER = ("序号", "输入文件", "单位", "状态", "错误", "警告", "输出文件", "用时（秒）", "问题")


def _row(number: int, result: JobResult) -> tuple:
    return (
        number,
        result.input,
        result.department,
        STATUS_LABELS[result.status],
        result.errors,
        result.warnings,
        result.output,
        f"{result.seconds:.2f}",
        "\n".join(result.issues),
    )


def summary_text(results: Sequence[JobResult], wall_seconds: float | None = None) -> str:
    done = sum(not r.failed for r in results)
    lines = [
        f"共 {len(results)} 份：成功 {sum(r.status == 'ok' for r in results)}，草稿 {sum(r.status == 'draft' for r in results)}，"
        f"失败 {len(results) - done}"
        + (f"；用时 {wall_seconds:.1f} 秒" if wall_seconds is not None else "")
    ]
    for number, result in enumerate(results, 1):
        status = STATUS_LABELS[result.status]
        target = f" → {result.output}" if result.output else ""
        lines.append(
            f"{number:>4}  {status}  {result.input}{target}  错误 {result.errors}  警告 {result.warnings}  {result.seconds:.2f} 秒"
        )
        lines += [f"        {message}" for message in result.issues]
    return "\n".join(lines) + "\n"


def write_summary(results: Sequence[JobResult], outdir: Path, name: str = "batch_summary", wall_seconds: float | None = None) -> tuple[Path, Path]:
    """Write ``name``.xlsx and ``name``.txt into ``outdir`` (atomically); return both paths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .render import atomic_output

    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append(SUMMARY_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, result in enumerate(results, 1):
        row = list(_row(number, result))
        row[7] = result.seconds  # a number in the workbook, so it can be sorted and summed
        sheet.append(row)
    for letter, width in zip("ABCDEFGHI", (6, 40, 30, 8, 6, 6, 40, 10, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[7].number_format = "0.00"
        row[8].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    xlsx, txt = outdir / f"{name}.xlsx", outdir / f"{name}.txt"
    with atomic_output(xlsx) as tmp:
        book.save(tmp)
    with atomic_output(txt) as tmp:
        tmp.write_text(summary_text(results, wall_seconds), encoding="utf-8")
    return xlsx, txt


__all__ = [
    "JobResult",
    "collect_inputs",
    "output_paths",
    "parse_shard",
    "render_one",
    "run_batch",
    "shard",
    "summary_text",
    "write_summary",
]
