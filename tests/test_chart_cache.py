"""Chart PNGs kept on disk: a new process with the same chart data does not draw again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen import charts, render
from reportgen.chart_cache import cache_dir

SPEC = charts.BarComparison("收、支决算总计变动情况", ("收入总计", "支出总计"), (("2022年度", (Decimal("1"), Decimal("1"))), ("2023年度", (Decimal("2"), Decimal("2")))))


def _no_drawing(spec):
    raise AssertionError("drawn although cached")


def test_chart_png__second_process_reads_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(render, "_PNG_CACHE", {})
    drawn = render.chart_png(SPEC)
    assert len(list((tmp_path / "charts").glob("*.png"))) == 1
    monkeypatch.setattr(render, "_PNG_CACHE", {})  # as in a new process
    monkeypatch.setattr(charts, "render_pngs", _no_drawing)
    assert render.chart_png(SPEC) == drawn


def test_chart_png__damaged_entry_redrawn(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(render, "_PNG_CACHE", {})
    drawn = render.chart_png(SPEC)
    for entry in (tmp_path / "charts").glob("*.png"):
        entry.write_bytes(b"garbage")
    monkeypatch.setattr(render, "_PNG_CACHE", {})
    assert render.chart_png(SPEC) == drawn


@pytest.mark.parametrize("value", ["off", "", "0"])
def test_cache_dir__disabled(monkeypatch, value):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", value)
    assert cache_dir() is None
