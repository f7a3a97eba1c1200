"""Outputs never lose data: no input overwritten, unique batch names, safe concurrent batches,
no temporary file left, file modes kept, .pdf through LibreOffice, clear messages otherwise."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, ZENGDU

from reportgen import batch, outputs
from reportgen.cli import main

YEAREND = ROOT / "tests" / "data" / "yearend_2023.yaml"  # names performance.targets: targets_2023.yaml


def cli(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean(result, code: int, *phrases: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output, result.output


# ---------------------------------------------------------------------------------------------
# An output is never one of the inputs
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "s.yaml"
    shutil.copyfile(ZENGDU, path)
    return path


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_render__output_that_is_the_input_is_refused(source, tmp_path, how):
    target = source
    if how == "symlink":
        target = tmp_path / "link.yaml"
        target.symlink_to(source)
    elif how == "hardlink":
        target = tmp_path / "hard.yaml"
        os.link(source, target)
    before = source.read_bytes()
    result = cli("render", source, "-o", target)
    assert_clean(result, 1, "[output.is_input]", "输出文件与输入文件是同一个文件")
    assert source.read_bytes() == before


def test_render__output_that_is_the_template_is_refused(source, tmp_path):
    template = tmp_path / "模板.docx"
    shutil.copyfile(ROOT / "templates" / "final_accounts.docx", template)
    before = template.read_bytes()
    result = cli("render", source, "-o", template, "--template", template)
    assert_clean(result, 1, "输出文件与模板是同一个文件")
    assert template.read_bytes() == before


def test_export__onto_its_own_input_is_refused(source):
    before = source.read_bytes()
    assert_clean(cli("export", source, "-o", source), 1, "输出文件与输入文件是同一个文件")
    assert source.read_bytes() == before


def test_export__onto_the_targets_file_it_names_is_refused(tmp_path):
    for name in ("yearend_2023.yaml", "targets_2023.yaml"):
        shutil.copyfile(YEAREND.parent / name, tmp_path / name)
    targets = tmp_path / "targets_2023.yaml"
    before = targets.read_bytes()
    result = cli("export", tmp_path / "yearend_2023.yaml", "-o", targets)
    assert_clean(result, 1, "输出文件与绩效目标文件是同一个文件")
    assert targets.read_bytes() == before


def test_diff__word_output_onto_an_input_is_refused(source):
    before = source.read_bytes()
    assert_clean(cli("diff", source, source, "--word", source), 1, "输出文件与旧版是同一个文件")
    assert source.read_bytes() == before


def test_same_file__resolves_links(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text("x", encoding="utf-8")
    (tmp_path / "l.yaml").symlink_to(a)
    assert outputs.same_file(a, tmp_path / "l.yaml")
    (tmp_path / "sub").mkdir()
    assert outputs.same_file(tmp_path / "sub" / ".." / "a.yaml", a)
    assert not outputs.same_file(a, tmp_path / "b.yaml")


# ---------------------------------------------------------------------------------------------
# Suffixes: .docx, .pdf through LibreOffice, nothing else
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.txt", "report.yaml", "report"])
def test_render__unknown_suffix_refused_before_anything(source, tmp_path, name):
    result = cli("render", source, "-o", tmp_path / name)
    assert_clean(result, 1, "[output.suffix]", "输出文件应以 .docx（Word）或 .pdf 结尾")
    assert not (tmp_path / name).exists()


def test_render__pdf_without_libreoffice_is_a_clear_message(source, tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "soffice", lambda: None)
    result = cli("render", source, "-o", tmp_path / "report.pdf")
    assert_clean(result, 1, "[output.pdf]", "生成 PDF 需要 LibreOffice")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


FAKE_SOFFICE = """#!{python}
import sys, pathlib
args = sys.argv[1:]
assert any(a.startswith("-env:UserInstallation=file://") for a in args), args
outdir = pathlib.Path(args[args.index("--outdir") + 1])
docx = pathlib.Path(args[-1])
assert docx.read_bytes()[:2] == b"PK"
outdir.mkdir(parents=True, exist_ok=True)
(outdir / (docx.stem + ".pdf")).write_bytes(b"%PDF-1.4 converted from " + docx.name.encode())
"""


def test_render__pdf_is_converted_in_a_temporary_folder_and_moved_in(source, tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(outputs, "soffice", lambda: str(fake))
    result = cli("render", source, "-o", tmp_path / "报告.pdf")
    assert_clean(result, 0, "已生成报告")
    assert (tmp_path / "报告.pdf").read_bytes() == "%PDF-1.4 converted from 报告.docx".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml", "soffice", "报告.pdf"]


def test_render__failed_conversion_writes_nothing(source, tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(outputs, "soffice", lambda: str(fake))
    result = cli("render", source, "-o", tmp_path / "report.pdf")
    assert_clean(result, 1, "LibreOffice 未能把报告转换为 PDF：Error: source file could not be loaded")
    assert not (tmp_path / "report.pdf").exists()


# ---------------------------------------------------------------------------------------------
# Writes: atomic, modes kept, clear messages, no temporary files
# ---------------------------------------------------------------------------------------------


def test_render__existing_output_keeps_its_mode(source, tmp_path):
    out = tmp_path / "report.docx"
    out.write_bytes(b"old")
    out.chmod(0o600)
    assert_clean(cli("render", source, "-o", out), 0)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes()[:2] == b"PK"


def test_export__existing_output_keeps_its_mode(source, tmp_path):
    out = tmp_path / "out.yaml"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert_clean(cli("export", source, "-o", out, "--force"), 0)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_init__below_a_file_is_a_clear_message(tmp_path):
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    for args in (["init", tmp_path / "afile" / "x.yaml"], ["init", "--xlsx", tmp_path / "afile" / "sub" / "x.xlsx"]):
        result = cli(*args)
        assert_clean(result, 1, "[output.write]", "是一个文件而不是文件夹")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"


def test_export__full_disk_leaves_the_old_file_and_no_temporary(source, tmp_path, monkeypatch):
    out = tmp_path / "out.yaml"
    out.write_text("old export", encoding="utf-8")

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    result = cli("export", source, "-o", out, "--force")
    monkeypatch.undo()
    assert_clean(result, 1, "[output.write]", "磁盘空间不足")
    assert out.read_text(encoding="utf-8") == "old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml", "s.yaml"]


def test_export__full_disk_for_a_workbook(source, tmp_path, monkeypatch):
    import openpyxl

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full)
    result = cli("export", source, "-o", tmp_path / "out.xlsx")
    assert_clean(result, 1, "磁盘空间不足")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


def test_atomic_output__a_signal_in_the_write_removes_the_temporary(tmp_path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"earlier")
    with pytest.raises(SystemExit) as caught, outputs.atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        outputs._raise_exit(signal.SIGTERM, None)
    assert caught.value.code == 128 + signal.SIGTERM
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def test_remove_temporary_files__what_a_worker_does_before_it_exits(tmp_path):
    with outputs.atomic_output(tmp_path / "r.docx") as tmp:
        tmp.write_bytes(b"half")
        outputs.remove_temporary_files()
        assert not tmp.exists()
        tmp.write_bytes(b"whole")  # (only so the block can finish here)
    assert (tmp_path / "r.docx").read_bytes() == b"whole"


def test_atomic_output__directory_as_target(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(outputs.OutputError) as caught, outputs.atomic_output(tmp_path / "d"):
        pass
    assert "这是一个文件夹" in str(caught.value)


# ---------------------------------------------------------------------------------------------
# Batch: unique names, reported; concurrent batches; its own outputs ignored
# ---------------------------------------------------------------------------------------------


def _fake_render(input_path: str, output: str, template=None, force=False) -> batch.JobResult:
    time.sleep(0.01)
    with outputs.atomic_output(Path(output)) as tmp:
        tmp.write_text(f"report of {input_path}", encoding="utf-8")
    return batch.JobResult(input=input_path, status="ok", output=output, department=Path(input_path).stem)


@pytest.fixture
def fake_render(monkeypatch):
    monkeypatch.setattr(batch, "render_one", _fake_render)


def _inputs(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("unit: {}\n", encoding="utf-8")
    return [folder / n for n in names]


def test_output_paths__same_stem_in_one_folder_and_same_folder_names(tmp_path):
    a = _inputs(tmp_path / "in", "a.yaml", "a.json", "A.yml")
    b = _inputs(tmp_path / "x" / "D", "r.yaml") + _inputs(tmp_path / "y" / "D", "r.yaml")
    names = [p.name for p in batch.output_paths(sorted(a + b), tmp_path / "out")]
    assert len(set(n.casefold() for n in names)) == len(names) == 5
    assert {"a_json.docx", "a_yaml.docx", "A_yml.docx"} <= set(names)
    assert {"D_r.docx", "D_r_2.docx"} <= set(names)


def test_batch__same_names_give_distinct_reports_and_the_summary_says_whose(tmp_path, fake_render):
    _inputs(tmp_path / "in", "a.yaml", "a.json")
    found = batch.collect_inputs([tmp_path / "in"])
    results = batch.run_batch(found, tmp_path / "out", jobs=1, progress=False)
    reports = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert reports == ["a_json.docx", "a_yaml.docx"]
    assert (tmp_path / "out" / "a_json.docx").read_text(encoding="utf-8").endswith("a.json")
    _, txt = batch.write_summary(results, tmp_path / "out")
    text = txt.read_text(encoding="utf-8")
    assert f"{tmp_path / 'in' / 'a.json'} → {tmp_path / 'out' / 'a_json.docx'}" in text


def test_batch_cli__renamed_reports_are_listed(tmp_path, fake_render):
    _inputs(tmp_path / "in", "a.yaml", "a.json")
    result = cli("batch", tmp_path / "in", "-o", tmp_path / "out", "-j", "1", "--no-progress")
    assert_clean(result, 0, f"{tmp_path / 'in' / 'a.yaml'} → {tmp_path / 'out' / 'a_yaml.docx'}")


def test_batch__rerun_replaces_its_own_reports_and_summary(tmp_path, fake_render):
    found = _inputs(tmp_path / "in", "x.yaml", "y.yaml")
    for _ in range(2):
        results = batch.run_batch(found, tmp_path / "out", jobs=1, progress=False)
        batch.write_summary(results, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "batch_summary.txt", "batch_summary.xlsx", "x.docx", "y.docx",
    ]


def test_batch__a_file_it_did_not_write_is_not_replaced(tmp_path, fake_render):
    found = _inputs(tmp_path / "in", "x.yaml")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.docx").write_bytes(b"the user's own document")
    results = batch.run_batch(found, tmp_path / "out", jobs=1, progress=False)
    assert (tmp_path / "out" / "x.docx").read_bytes() == b"the user's own document"
    assert results[0].output == str(tmp_path / "out" / "x_2.docx")


def test_batch__two_batches_into_one_folder_lose_nothing(tmp_path, fake_render):
    first = _inputs(tmp_path / "east", *(f"d{i}.yaml" for i in range(8)))
    second = _inputs(tmp_path / "west", *(f"d{i}.yaml" for i in range(8)))
    out = tmp_path / "out"
    summaries = []

    def run(found):
        with batch.summary_slot(out) as name:
            results = batch.run_batch(found, out, jobs=1, progress=False)
            summaries.append(batch.write_summary(results, out, name))

    threads = [threading.Thread(target=run, args=(found,)) for found in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reports = {p.read_text(encoding="utf-8") for p in out.glob("*.docx")}
    assert reports == {f"report of {p}" for p in first + second}
    assert len({xlsx for xlsx, _ in summaries}) == 2
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))


def test_batch__into_its_own_input_folder_ignores_its_outputs(tmp_path, fake_render):
    folder = tmp_path / "D"
    _inputs(folder, "a.yaml", "b.xlsx")
    for _ in range(2):
        found = batch.collect_inputs([folder])
        assert [p.name for p in found] == ["a.yaml", "b.xlsx"]
        batch.write_summary(batch.run_batch(found, folder, jobs=1, progress=False), folder)
    assert (folder / "batch_summary.xlsx").is_file()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_batch__killing_it_stops_its_workers_and_leaves_no_temporary(tmp_path):
    from reportgen.generate import write_departments

    write_departments(tmp_path / "in", 4, seed=7)
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen.cli", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "2", "--no-progress"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    workers: list[int] = []
    for _ in range(600):  # until both workers are up (or the batch is over)
        workers = [c for c in _children(process.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")]
        if len(workers) >= 2 or process.poll() is not None:
            break
        time.sleep(0.05)
    assert len(workers) == 2
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    for _ in range(200):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
    out = tmp_path / "out"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".part")] if out.exists() else True


def test_batch__output_folder_below_a_file_is_a_clear_message(tmp_path, fake_render):
    _inputs(tmp_path / "in", "x.yaml")
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    result = cli("batch", tmp_path / "in", "-o", tmp_path / "afile" / "out", "-j", "1", "--no-progress")
    assert_clean(result, 1, "无法使用输出文件夹", "是一个文件而不是文件夹")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"


def test_summary_slot__held_while_a_batch_runs_free_once_it_is_over(tmp_path):
    out = tmp_path / "out"
    with batch.summary_slot(out) as first, batch.summary_slot(out) as second:
        assert (first, second) == ("batch_summary", "batch_summary_2")
    with batch.summary_slot(out) as again:  # a re-run replaces the finished batch's summary
        assert again == "batch_summary"


def test_summary_slot__a_killed_batch_does_not_hold_its_name(tmp_path):
    import json
    import socket

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    out = tmp_path / "out"
    out.mkdir()
    record = {"reports": {}, "summaries": {"batch_summary": {"run": "x", "pid": int(dead), "host": socket.gethostname()}}}
    (out / batch.RECORD).write_text(json.dumps(record), encoding="utf-8")
    with batch.summary_slot(out) as name:
        assert name == "batch_summary"


def test_batch__a_moved_input_folder_keeps_its_report_names(tmp_path, fake_render):
    found = _inputs(tmp_path / "in", "x.yaml")
    batch.run_batch(found, tmp_path / "out", jobs=1, progress=False)
    (tmp_path / "in").rename(tmp_path / "moved")
    results = batch.run_batch([tmp_path / "moved" / "x.yaml"], tmp_path / "out", jobs=1, progress=False)
    assert results[0].output == str(tmp_path / "out" / "x.docx")


def test_export__never_replaces_an_existing_file_unasked(source, tmp_path):
    """A workbook filled in by hand is not overwritten by exporting the YAML onto it again."""
    out = tmp_path / "填好的.xlsx"
    out.write_bytes(b"filled")
    result = cli("export", source, "-o", out)
    assert_clean(result, 1, "[output.exists]", "文件已存在，未覆盖（确需覆盖请加 --force）")
    assert out.read_bytes() == b"filled"
    assert_clean(cli("export", source, "-o", out, "--force"), 0)
    assert out.read_bytes().startswith(b"PK")


def test_export__a_budget_or_targets_export_does_not_replace_an_existing_file_either(tmp_path):
    root = Path(__file__).resolve().parents[1] / "sample_inputs"
    for sample in ("dachuan_2023_budget.yaml", "dachuan_2023_targets.yaml"):
        out = tmp_path / f"{sample}.xlsx"
        out.write_bytes(b"filled")
        assert_clean(cli("export", root / sample, "-o", out), 1, "[output.exists]", "确需覆盖请加 --force")
        assert out.read_bytes() == b"filled"
