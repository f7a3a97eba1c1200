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

Nothing is lost in the output folder. Every input gets a report name of its own (a.yaml and
a.json, or two folders of the same name, give distinct names; the summary says which input wrote
which report). The folder keeps a small record (``.reportgen-batch.json``, updated under a file
lock) of which input each report and summary belongs to, so a later or concurrent batch into the
same folder never takes another input's report name or another run's summary, and a batch that
reads the folder it writes to skips its own outputs. Killing a batch stops its workers (they
also die with it on SIGKILL, on Linux) and leaves no temporary file.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import InputError, Issue, ReportgenError, Severity, Source

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
RECORD = ".reportgen-batch.json"  # in the output folder: report/summary name → its input(s)
LOCK = ".reportgen-batch.lock"
SUMMARY_PREFIX = "batch_summary"
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
            ours = _own_outputs(path)  # `batch D -o D`: its reports and summaries are not inputs
            found.update(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith((".", "~$"))
                and p.name not in ours and not p.name.startswith(SUMMARY_PREFIX)
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
    """``OUTDIR/<input stem>.docx``, one distinct name per input: inputs with the same stem get
    their folder's name added (east_x), or their type when in one folder (a_yaml, a_json), and
    a number when that is still not enough (Windows and macOS do not tell A from a)."""
    names = []
    for path in inputs:
        stem = path.stem
        twins = [p for p in inputs if p.stem.casefold() == stem.casefold()]
        if len(twins) == 1:
            names.append(stem)
        elif sum(p.parent.name.casefold() == path.parent.name.casefold() for p in twins) == 1:
            names.append(f"{path.parent.name}_{stem}")
        elif sum(p.suffix.lower() == path.suffix.lower() for p in twins) == 1:
            names.append(f"{stem}_{path.suffix.lower().lstrip('.')}")
        else:  # two folders of one name: numbered below
            names.append(f"{path.parent.name}_{stem}")
    return [outdir / f"{name}.docx" for name in _distinct(names, lambda _name: False)]


def _distinct(names: Sequence[str], taken) -> list[str]:
    """``names`` made distinct (case-insensitively) and free of ``taken(name)``: name_2, name_3 …"""
    used: set[str] = set()
    out = []
    for name in names:
        candidate, number = name, 1
        while candidate.casefold() in used or taken(candidate):
            number += 1
            candidate = f"{name}_{number}"
        used.add(candidate.casefold())
        out.append(candidate)
    return out


# ---------------------------------------------------------------------------------------------
# The output folder's record: whose report is whose
# ---------------------------------------------------------------------------------------------


@contextmanager
def _folder_lock(outdir: Path) -> Iterator[None]:
    """Hold the output folder's lock (a batch at a time reads and updates its record)."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        handle = open(outdir / LOCK, "a+")  # noqa: SIM115 - held across the yield
    except OSError as exc:
        from .outputs import OutputError, os_message

        message = os_message(exc, outdir / LOCK)
        raise OutputError("", [Issue("output.write", Severity.ERROR, f"无法使用输出文件夹：{message}", Source(str(outdir)))]) from None
    with handle:
        try:
            import fcntl
        except ImportError:  # Windows: msvcrt's byte-range lock on the lock file's first byte
            with _windows_lock(handle):
                yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _windows_lock(handle) -> Iterator[None]:
    """Hold the first byte of ``handle`` locked (msvcrt.LK_LOCK retries for ten seconds before it
    gives up; a long batch next door is waited for as flock would)."""
    import msvcrt

    while True:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            break
        except OSError:
            continue
    try:
        yield
    finally:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def _read_record(outdir: Path) -> dict:
    try:
        record = json.loads((outdir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"reports": {}, "summaries": {}}
    if not isinstance(record, dict):
        return {"reports": {}, "summaries": {}}
    record.setdefault("reports", {})
    record.setdefault("summaries", {})
    return record


def _write_record(outdir: Path, record: dict) -> None:
    from .outputs import atomic_output

    with atomic_output(outdir / RECORD) as tmp:
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def _own_outputs(folder: Path) -> set[str]:
    """File names a batch wrote into ``folder`` (its reports and summaries), from its record."""
    if not (folder / RECORD).is_file():
        return set()
    record = _read_record(folder)
    names = set(record["reports"])
    for name in record["summaries"]:
        names.update({f"{name}.xlsx", f"{name}.txt"})
    return names


def _key(path: Path | str) -> str:
    return os.path.abspath(os.path.realpath(path))


def _earlier_report(path: Path) -> bool:
    """An existing .docx that reportgen wrote (every report is stamped so): a re-run may replace it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return b">reportgen</cp:lastModifiedBy>" in core


def plan_outputs(inputs: Sequence[Path], outdir: Path) -> list[Path]:
    """The report of every input in ``outdir``, reserved in the folder's record.

    An input that wrote a report here before gets the same name again (a re-run replaces its
    own report). Otherwise it gets :func:`output_paths`' name, unless that belongs to another
    input (in the record) or to a file reportgen did not write: then name_2, name_3 …"""
    wanted = [p.stem for p in output_paths(inputs, outdir)]
    with _folder_lock(outdir):
        record = _read_record(outdir)
        owners = {name.casefold(): key for name, key in record["reports"].items()}
        earlier = {key: name for name, key in record["reports"].items()}
        used: set[str] = set()

        def free(name: str, key: str) -> bool:
            if name.casefold() in used:
                return False
            owner = owners.get(name.casefold())
            if owner is not None:  # a batch wrote it: free for its input, or once that input is gone (moved)
                return owner == key or not os.path.exists(owner)
            return not (outdir / name).exists() or _earlier_report(outdir / name)

        names: list[str] = []
        for stem, path in zip(wanted, inputs, strict=True):
            key = _key(path)
            name = earlier.get(key)
            if name is None or not free(name, key):
                name = _distinct([stem], lambda s, key=key: not free(f"{s}.docx", key))[0] + ".docx"
            used.add(name.casefold())
            names.append(name)
            record["reports"][name] = key
        _write_record(outdir, record)
    return [outdir / name for name in names]


def _running(holder: object) -> bool:
    """The run that holds a summary name (``{"run", "pid", "host"}``) is still going."""
    if not isinstance(holder, dict) or not holder.get("run"):
        return False
    if holder.get("host") != socket.gethostname():
        return True  # another machine's run (a shared folder): cannot tell, so assume it is
    if holder.get("pid") == os.getpid():
        return holder["run"] in _RUNS  # another batch of this process (a library caller's thread)
    try:
        os.kill(int(holder["pid"]), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, ValueError, TypeError):
        return True
    return True


_RUNS: set[str] = set()  # summary reservations this process holds


@contextmanager
def summary_slot(outdir: Path, name: str = SUMMARY_PREFIX) -> Iterator[str]:
    """Hold a summary name in ``outdir`` for one batch: ``name``, or name_2, name_3 … while
    another batch that is still running holds it. A later batch replaces a finished one's
    summary of the same name, as a re-run should; two batches at once never share one."""
    import uuid

    run = uuid.uuid4().hex
    with _folder_lock(outdir):
        record = _read_record(outdir)
        summaries = record["summaries"]
        chosen = _distinct([name], lambda candidate: _running(summaries.get(candidate)))[0]
        summaries[chosen] = {"run": run, "pid": os.getpid(), "host": socket.gethostname()}
        _RUNS.add(run)
        _write_record(outdir, record)
    try:
        yield chosen
    finally:
        _RUNS.discard(run)
        with _folder_lock(outdir):
            record = _read_record(outdir)
            if (record["summaries"].get(chosen) or {}).get("run") == run:
                record["summaries"][chosen] = {}  # kept: the name stays known as a summary
                _write_record(outdir, record)


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

    from reportgen import outputs

    outputs.die_with_parent()  # SIGKILL of the batch: the worker gets SIGTERM
    outputs.exit_on_signals(immediately=True)  # SIGTERM: temporary file removed, worker gone

    import reportgen.pipeline  # noqa: F401
    import reportgen.render  # noqa: F401
    from reportgen import native_charts, service

    native_charts.warm_up()
    service.settle()


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

    outputs = plan_outputs(inputs, outdir)
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
        try:
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
        except BaseException:  # Ctrl-C, SIGTERM (reportgen.outputs.exit_on_signals): workers go too
            _stop_workers(pool)
            raise
    return sorted(broken)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes (each removes its temporary file) and wait for them."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    # No public API before 3.14; read before shutdown(), which forgets them.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()


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
    "plan_outputs",
    "render_one",
    "run_batch",
    "shard",
    "summary_slot",
    "summary_text",
    "write_summary",
]
