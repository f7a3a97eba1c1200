"""The chart worker: charts drawn in a second process while the document is built.

The document must be byte-identical with and without a worker, and a worker that fails must not
fail the render."""

from __future__ import annotations

import zipfile

import pytest
from conftest import ZENGDU

from reportgen import chart_worker, render
from reportgen.pipeline import render as render_report

pytestmark = pytest.mark.skipif(chart_worker.available_cores() < 2, reason="the worker is only used on two or more cores")

IDAT = b"IDAT"


def _media(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """No chart drawn yet, in memory or on disk, as in a first run."""

    def reset(name: str) -> None:
        monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / name))
        monkeypatch.setattr(render, "_PNG_CACHE", {})

    return reset


def test_worker__same_bytes_as_drawing_in_process(tmp_path, empty_cache):
    empty_cache("inline")
    inline = render_report(ZENGDU, tmp_path / "inline.docx").output
    empty_cache("worker")
    worker = chart_worker.start()
    assert worker is not None
    with worker:
        parallel = render_report(ZENGDU, tmp_path / "worker.docx", chart_worker=worker).output
    assert parallel.read_bytes() == inline.read_bytes()
    media = _media(parallel)
    assert len(media) == 5
    assert all(IDAT in png for png in media.values())  # real pictures, no placeholder left
    assert len(list((tmp_path / "worker" / "charts").glob("*.png"))) == 5  # and they are cached


def test_worker__kept_for_several_renders_draws_only_what_a_correction_changed(tmp_path, empty_cache):
    corrected = tmp_path / "corrected.yaml"
    text = ZENGDU.read_text(encoding="utf-8")
    assert "other: 16.65 " in text and "basic: 550.72 " in text
    corrected.write_text(text.replace("other: 16.65 ", "other: 16.75 ").replace("basic: 550.72 ", "basic: 550.82 "), encoding="utf-8")
    empty_cache("inline")
    expected = render_report(corrected, tmp_path / "expected.docx").output.read_bytes()
    empty_cache("kept")
    sent = []
    with chart_worker.start() as worker:
        original_submit = worker.submit
        worker.submit = lambda specs: (sent.append(len(specs)), original_submit(specs))
        render_report(ZENGDU, tmp_path / "original.docx", chart_worker=worker)
        render_report(ZENGDU, tmp_path / "again.docx", chart_worker=worker)  # all cached
        again = render_report(corrected, tmp_path / "corrected.docx", chart_worker=worker).output
        assert worker._process.poll() is None  # still serving
    assert sent[0] == 5 and sent[1] == 0 and 0 < sent[2] < 5
    assert again.read_bytes() == expected


def test_worker__dead_worker_charts_drawn_here(tmp_path, empty_cache):
    empty_cache("inline")
    inline = render_report(ZENGDU, tmp_path / "inline.docx").output
    empty_cache("dead")
    worker = chart_worker.start()
    worker._process.kill()
    worker._process.wait()
    with worker:
        rescued = render_report(ZENGDU, tmp_path / "rescued.docx", chart_worker=worker).output
    assert rescued.read_bytes() == inline.read_bytes()


def test_worker__refused_render_leaves_no_child_running(tmp_path, empty_cache, monkeypatch):
    from reportgen.diagnostics import ReportgenError

    empty_cache("refused")
    broken = tmp_path / "broken.yaml"
    broken.write_text("unit: {name: 缺少年度}\n", encoding="utf-8")
    worker = chart_worker.start()
    with pytest.raises(ReportgenError), worker:
        render_report(broken, tmp_path / "never.docx", chart_worker=worker)
    assert worker._process.poll() is not None
    assert not (tmp_path / "never.docx").exists()


def test_start__switched_off_by_environment(monkeypatch):
    monkeypatch.setenv("REPORTGEN_CHART_WORKER", "off")
    assert chart_worker.start() is None


def test_results__garbled_answer_means_draw_here():
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'\\x00' * 8)"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    worker = chart_worker.ChartWorker(process)
    worker.submit(["a", "b"])
    assert worker.results() == [None, None]
    assert process.poll() is not None


def test_running__the_readme_loop_works_and_ends_the_child(tmp_path, empty_cache):
    empty_cache("loop")
    with chart_worker.running() as worker:
        assert worker is not None
        first = render_report(ZENGDU, tmp_path / "a.docx", chart_worker=worker).output.read_bytes()
        second = render_report(ZENGDU, tmp_path / "a.docx", chart_worker=worker).output.read_bytes()
    assert first == second
    assert worker._process.poll() is not None


def test_running__off_yields_none_and_render_draws_itself(tmp_path, empty_cache, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CHART_WORKER", "off")
    empty_cache("off")
    with chart_worker.running() as worker:
        assert worker is None
        out = render_report(ZENGDU, tmp_path / "b.docx", chart_worker=worker).output
    assert len(_media(out)) == 5


def test_worker__answer_of_a_failed_render_is_not_taken_for_the_next(tmp_path, empty_cache):
    from reportgen.charts import BarComparison
    from reportgen.money import D

    empty_cache("inline")
    expected = render_report(ZENGDU, tmp_path / "expected.docx").output.read_bytes()
    empty_cache("stale")
    stale = BarComparison("未取回的图", ("甲",), (("2023年度", (D("1"),)),))
    with chart_worker.running() as worker:
        worker.submit([stale] * 5)  # a render that failed before collecting its five charts
        out = render_report(ZENGDU, tmp_path / "after.docx", chart_worker=worker).output
    assert out.read_bytes() == expected
