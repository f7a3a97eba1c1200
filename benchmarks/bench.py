"""Measure reportgen's speed against its floors and targets; print one table.

    python benchmarks/bench.py [--departments 100] [--jobs N] [--repeat 5]

Measurements (each next to the floor it is compared with):
- cold ``reportgen render`` of the 曾都 sample in a new process, chart cache empty and warm
  (median wall of --repeat runs with their range; peak RSS of the largest process, the chart
  worker included); floor: the interpreter importing reportgen's modules and doing nothing;
- in-process re-render after a one-figure correction, as a long-lived program would do it (it
  keeps a chart worker; the correction's changed charts are drawn anew, the others come from the
  cache); floor: docxtpl rendering the same template with the context precomputed;
- a batch of N generated departments on all cores (wall; peak RSS of the largest worker);
  floor: N × the docxtpl floor / cores.
Targets (from the project's requirements): cold ≤ 1.5 s, re-render ≤ 0.3 s, batch of 100 ≤ 40 s
on 2 cores, peak RSS ≤ 250 MB per worker.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "zengdu_2023.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
sys.path.insert(0, str(ROOT))  # measure this checkout, not another installed copy

from reportgen.chart_worker import available_cores  # noqa: E402


def _child_peak(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and own peak RSS of one child, measured by /usr/bin/time-like wrapper in Python."""
    code = (
        "import resource, runpy, sys, time;"
        "t = time.perf_counter();"
        f"sys.argv = {args!r};"
        "\ntry:\n    runpy.run_module(sys.argv[0], run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"  # the chart worker, if any
        "print(time.perf_counter() - t, peak / 1024, file=sys.stderr)"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = float(done.stderr.strip().splitlines()[-1].split()[1])  # float-ok: megabytes, not money
    return wall, peak


def _median(runs: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(median wall, fastest, slowest, largest peak RSS) of several runs."""
    walls = sorted(wall for wall, _ in runs)
    return statistics.median(walls), walls[0], walls[-1], max(peak for _, peak in runs)


def cold_render(tmp: Path, repeat: int) -> dict[str, tuple[float, float, float, float]]:
    """Each run is a new process; "empty cache" runs each get a new, empty chart cache."""
    out = tmp / "cold.docx"
    render = ["reportgen.cli", "render", str(SAMPLE), "-o", str(out)]
    floor = ["-c", "import reportgen.pipeline, reportgen.render, docxtpl"]
    floors = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, *floor], env=ENV, check=True)
        floors.append((time.perf_counter() - started, 0.0))
    empty = [_child_peak(render, {**ENV, "REPORTGEN_CACHE_DIR": str(tmp / f"cache-cold-{i}")}) for i in range(repeat)]
    warm = [_child_peak(render, {**ENV, "REPORTGEN_CACHE_DIR": str(tmp / "cache-cold-0")}) for _ in range(repeat)]
    return {"floor": _median(floors), "empty cache": _median(empty), "warm cache": _median(warm)}


def rerender(tmp: Path, corrections: int = 3) -> tuple[float, float, float]:
    """In-process, as a long-lived program would: render the sample, then render it after a
    one-figure correction (a 其他收入 figure and the 基本支出 that balances it, so the identities
    hold). Each correction is new data, so the charts it changes are drawn anew; the process keeps
    a chart worker for that. Returns (median, fastest, slowest) over ``corrections`` runs."""
    from decimal import Decimal

    from reportgen import chart_worker
    from reportgen.pipeline import render

    os.environ["REPORTGEN_CACHE_DIR"] = str(tmp / "cache-rerender")
    text = SAMPLE.read_text(encoding="utf-8")
    times = []
    with chart_worker.running() as worker:
        render(SAMPLE, tmp / "first.docx", chart_worker=worker)
        for i in range(1, corrections + 1):
            step = Decimal("0.10") * i
            corrected = tmp / f"corrected-{i}.yaml"
            corrected.write_text(
                text.replace("other: 16.65 ", f"other: {Decimal('16.65') + step} ").replace(
                    "basic: 550.72 ", f"basic: {Decimal('550.72') + step} "
                ),
                encoding="utf-8",
            )
            started = time.perf_counter()
            render(corrected, tmp / f"re{i}.docx", chart_worker=worker)
            times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[0], times[-1]


def docxtpl_floor() -> float:
    """docxtpl alone: the same template and a precomputed context (charts already PNG bytes)."""
    from reportgen.pipeline import prepare
    from reportgen.render import default_template, render_template
    from reportgen.sections import build_sections

    prepared = prepare(SAMPLE)
    context, charts = build_sections(prepared.accounts)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        tpl = render_template(default_template(), context, charts)
        tpl.save(io.BytesIO())
        times.append(time.perf_counter() - started)
    return min(times)


def batch(tmp: Path, n: int, jobs: int | None, floor_one: float) -> tuple[float, float, int, int, float]:
    from reportgen.generate import write_departments

    inputs = tmp / "departments"
    write_departments(inputs, n, seed=2024)
    (inputs / f"dept_{max(1, n // 2):03d}.yaml").write_text("unit: {name: 故意损坏的输入}\n", encoding="utf-8")
    out = tmp / "batch-out"
    args = ["reportgen.cli", "batch", str(inputs), "-o", str(out), "--no-progress"]
    if jobs:
        args += ["--jobs", str(jobs)]
    env = {**ENV, "REPORTGEN_CACHE_DIR": str(tmp / "cache-batch")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = (out / "batch_summary.txt").read_text(encoding="utf-8")
    failed = summary.count("  失败  ")
    rendered = len(list(out.glob("dept_*.docx")))
    cores = jobs or available_cores()
    return wall, worker_peak, rendered, failed, n * floor_one / cores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each cold render (median shown)")
    args = parser.parse_args()
    # Byte-compile the package first, as pip does when it installs one: a checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module on every cold start.
    compileall.compile_dir(str(ROOT / "reportgen"), quiet=1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as name:
        tmp = Path(name)
        cold = cold_render(tmp, args.repeat)

        def spread(key: str) -> str:
            median, fastest, slowest, _ = cold[key]
            return f"{median:.2f} s ({fastest:.2f}–{slowest:.2f})"

        floor = f"{cold['floor'][0]:.2f} s (imports)"
        rows.append((f"cold render, empty chart cache (wall, median of {args.repeat})", spread("empty cache"), floor, "≤ 1.5 s"))
        rows.append((f"cold render, warm chart cache (wall, median of {args.repeat})", spread("warm cache"), floor, "≤ 1.5 s"))
        rows.append(("cold render peak RSS (largest process)", f"{cold['empty cache'][3]:.0f} MB", "", "≤ 250 MB"))
        (again, fastest, slowest), floor_one = rerender(tmp), docxtpl_floor()
        rows.append(("re-render after one correction (in-process, median of 3)", f"{again:.2f} s ({fastest:.2f}–{slowest:.2f})", f"{floor_one:.2f} s (docxtpl)", "≤ 0.3 s"))
        wall, peak, rendered, failed, floor_batch = batch(tmp, args.departments, args.jobs, floor_one)
        cores = args.jobs or available_cores()
        rows.append((f"batch of {args.departments} on {cores} cores (1 broken)", f"{wall:.1f} s", f"{floor_batch:.1f} s (docxtpl × n / cores)", "≤ 40 s on 2 cores"))
        rows.append(("batch: rendered / failed", f"{rendered} / {failed}", "", f"{args.departments - 1} / 1"))
        rows.append(("batch peak RSS (largest process)", f"{peak:.0f} MB", "", "≤ 250 MB per worker"))
    widths = [max(len(r[i]) for r in rows + [("measurement", "value", "floor", "target")]) for i in range(4)]
    header = ("measurement", "value", "floor", "target")
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
