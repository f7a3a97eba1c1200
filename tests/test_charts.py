"""Tests for reportgen.charts: chart specs, percentages, deterministic PNGs and the shipped font."""

from __future__ import annotations

import struct
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.charts import (
    BarComparison,
    ShareChart,
    build_figure,
    chart_form,
    font_path,
    grey_level,
    largest_remainder_percentages,
    render_png,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def d(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def totals_chart() -> BarComparison:
    return BarComparison(
        title="图1 收、支决算总计变动情况",
        categories=("收入总计", "支出总计"),
        series=(("2022年度", d("888.33", "888.33")), ("2023年度", d("921.96", "921.96"))),
    )


def income_chart() -> ShareChart:
    return ShareChart(
        title="图2 收入决算结构",
        labels=(
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ),
        values=d("905.31", "0", "0", "0", "0", "16.65"),
    )


def share_chart(*values: str) -> ShareChart:
    labels = tuple(f"项目{i + 1}" for i in range(len(values)))
    return ShareChart(title="结构", labels=labels, values=d(*values))


def texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def drawn(fig, gid: str) -> list:
    """The figure's artists of one part of a share chart: "slice", "ring" (the percentages on
    the ring), "total", "key" (name, amount and share of each slice), "key-head", "key-colour"."""
    return [a for a in fig.findobj() if a.get_gid() == gid]


def key_percentages(fig) -> list[Decimal]:
    """The shares printed in the key beside the donut."""
    return [Decimal(t.get_text()[:-1]) for t in drawn(fig, "key") if t.get_text().endswith("%")]


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


# ---------------------------------------------------------------------------- PNG output


@pytest.mark.parametrize("spec", [totals_chart(), income_chart()], ids=["bars", "share"])
def test_render_png__png_signature_and_plausible_size(spec):
    png = render_png(spec)
    assert png.startswith(PNG_SIGNATURE)
    assert 10_000 < len(png) < 2_000_000
    width, height = png_size(png)
    # 15 cm x 8.5 cm at 300 dpi: fits the body of an A4 page.
    assert 1700 <= width <= 1800
    assert 900 <= height <= 1070


@pytest.mark.parametrize("spec", [totals_chart(), income_chart()], ids=["bars", "share"])
def test_render_png__same_spec_gives_identical_bytes(spec):
    first = render_png(spec)
    second = render_png(spec)
    assert first == second
    assert b"Software" not in first
    assert b"tIME" not in first


def test_render_png__same_bytes_in_a_fresh_process():
    code = (
        "import hashlib, sys\n"
        "from decimal import Decimal as D\n"
        "from reportgen.charts import BarComparison, render_png\n"
        "spec = BarComparison('图1', ('收入总计',), (('2023年度', (D('921.96'),)),))\n"
        "sys.stdout.write(hashlib.sha256(render_png(spec)).hexdigest())\n"
    )
    root = Path(__file__).resolve().parent.parent
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, cwd=root, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(run, cwd=root, capture_output=True, text=True, check=True).stdout
    assert first == second
    assert len(first) == 64


# ---------------------------------------------------------------------------- dispatch


def test_build_figure__unknown_spec_type_raises_type_error_naming_it():
    class LineChart:
        pass

    with pytest.raises(TypeError, match="LineChart"):
        build_figure(LineChart())
    with pytest.raises(TypeError, match="LineChart"):
        render_png(LineChart())


def test_import__does_not_import_matplotlib():
    code = "import sys, reportgen.charts; print('matplotlib' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------- bar comparison


def test_bar_comparison__value_label_on_each_bar_with_two_decimals():
    fig = build_figure(totals_chart())
    shown = texts(fig)
    assert shown.count("888.33") == 2
    assert shown.count("921.96") == 2
    assert "2022年度" in shown and "2023年度" in shown
    assert "收入总计" in shown and "支出总计" in shown


def test_bar_comparison__value_labels_round_half_up():
    spec = BarComparison("t", ("a", "b"), (("2023年度", d("2.675", "1.005")),))
    shown = texts(build_figure(spec))
    assert "2.68" in shown  # round() would print 2.67
    assert "1.01" in shown  # float formatting would print 1.00


def test_bar_comparison__y_axis_label_is_the_unit():
    fig = build_figure(BarComparison("t", ("a",), (("2023年度", d("1")),), unit="元"))
    assert fig.axes[0].get_ylabel() == "元"


def test_bar_comparison__float_values_are_refused():
    with pytest.raises(TypeError):
        BarComparison("t", ("a",), (("2023年度", (888.33,)),))


def test_bar_comparison__series_length_must_match_categories():
    with pytest.raises(ValueError, match="2023年度"):
        BarComparison("t", ("a", "b"), (("2023年度", d("1")),))


def test_bar_comparison__lists_become_tuples_so_the_spec_is_hashable():
    spec = BarComparison("t", ["a"], [("2023年度", [Decimal("1")])])
    assert spec.series == (("2023年度", (Decimal("1"),)),)
    hash(spec)


# ---------------------------------------------------------------------------- share chart


def test_share_chart__zero_slice_left_out():
    spec = income_chart()
    assert [label for label, _ in spec.slices()] == ["财政拨款收入", "其他收入"]
    fig = build_figure(spec)
    shown = texts(fig)
    assert "财政拨款收入" in shown and "其他收入" in shown
    for dropped in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入"):
        assert dropped not in shown
    assert len(drawn(fig, "slice")) == 2  # two wedges


def test_share_chart__labels_show_name_amount_and_percentage():
    shown = texts(build_figure(income_chart()))
    assert {"财政拨款收入", "905.31", "98.2%", "其他收入", "16.65", "1.8%"} <= set(shown)


@pytest.mark.parametrize(
    "values",
    [
        ("1", "1", "1"),
        ("905.31", "16.65"),
        ("685.19", "111.83", "60.07", "48.22"),
        ("2", "1", "1", "1", "1", "1"),
    ],
)
def test_share_chart__printed_percentages_sum_to_exactly_100(values):
    printed = key_percentages(build_figure(share_chart(*values)))
    assert len(printed) == len(values)
    assert sum(printed) == Decimal("100.0")


def test_share_chart__all_zero_raises_value_error():
    spec = share_chart("0", "0.00")
    with pytest.raises(ValueError, match="zero"):
        build_figure(spec)
    with pytest.raises(ValueError, match="zero"):
        render_png(spec)


def test_share_chart__negative_value_refused():
    with pytest.raises(ValueError, match="negative"):
        share_chart("5", "-1")


def test_share_chart__small_slice_is_labelled_in_the_key_only():
    fig = build_figure(share_chart("905.31", "16.65"))
    ring = [t.get_text() for t in drawn(fig, "ring")]
    assert "98.2%" in ring and "1.8%" not in ring
    assert "1.8%" in [t.get_text() for t in drawn(fig, "key")]


def test_share_chart__no_text_overlaps_in_the_key():
    fig = build_figure(share_chart("685.19", "111.83", "60.07", "48.22", "1", "0.5", "0.2"))
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in drawn(fig, "key") + drawn(fig, "key-head")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


# ---------------------------------------------------------------------------- percentages


def test_largest_remainder_percentages__thirds_add_up_to_100():
    assert largest_remainder_percentages(d("1", "1", "1")) == list(d("33.4", "33.3", "33.3"))


def test_largest_remainder_percentages__two_slices():
    result = largest_remainder_percentages(d("905.31", "16.65"))
    assert result == [Decimal("98.2"), Decimal("1.8")]
    assert sum(result) == Decimal("100.0")


def test_largest_remainder_percentages__zero_value_gets_zero_and_places_are_kept():
    result = largest_remainder_percentages(d("1", "0", "2"), places=2)
    assert result == [Decimal("33.33"), Decimal("0.00"), Decimal("66.67")]
    assert sum(result) == Decimal("100.00")


def test_largest_remainder_percentages__all_zero_or_negative_or_float_refused():
    with pytest.raises(ValueError):
        largest_remainder_percentages(d("0", "0"))
    with pytest.raises(ValueError):
        largest_remainder_percentages(d("1", "-1"))
    with pytest.raises(TypeError):
        largest_remainder_percentages([0.5, 0.5])


# ---------------------------------------------------------------------------- font


def test_font__file_exists_is_small_and_renamed():
    from matplotlib.font_manager import FontProperties

    path = Path(font_path())
    assert path.is_file()
    assert path.parent.name == "fonts" and path.parent.parent.name == "charts"
    assert path.stat().st_size < 4 * 1024 * 1024
    assert (path.parent / "OFL.txt").is_file()
    assert FontProperties(fname=str(path)).get_name() == "reportgen CJK Sans"


def test_font__registered_and_used_for_every_text():
    from matplotlib.font_manager import fontManager
    from matplotlib.text import Text

    for spec in (totals_chart(), income_chart()):
        fig = build_figure(spec)
        assert font_path() in {entry.fname for entry in fontManager.ttflist}
        for text in fig.findobj(Text):
            if text.get_text():
                assert text.get_fontproperties().get_file() == font_path(), text.get_text()


def _glyph_warnings(record) -> list[str]:
    return [
        str(w.message) for w in record if "Glyph" in str(w.message) or "missing" in str(w.message)
    ]


@pytest.fixture
def no_system_cjk_font(monkeypatch):
    """Hide every installed CJK font from matplotlib, as on a fresh machine."""
    from matplotlib import font_manager

    ours = font_path()
    manager = font_manager.fontManager
    kept = [
        entry
        for entry in manager.ttflist
        if entry.fname == ours
        or not any(m in entry.name for m in ("CJK", "Hei", "Song", "Kai", "WenQuanYi"))
    ]
    monkeypatch.setattr(manager, "ttflist", kept)
    manager._findfont_cached.cache_clear()
    yield
    manager._findfont_cached.cache_clear()


def test_font__chinese_renders_without_glyph_missing_warning_when_no_system_cjk_font(
    no_system_cjk_font,
):
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    latin_only = {"font.family": ["DejaVu Sans"], "font.sans-serif": ["DejaVu Sans"]}
    with matplotlib.rc_context(latin_only):
        # Control: with the default Latin font, Chinese text does warn, so the check below works.
        with warnings.catch_warnings(record=True) as control:
            warnings.simplefilter("always")
            fig = Figure()
            FigureCanvasAgg(fig)
            fig.text(0.1, 0.5, "收入决算结构")
            fig.canvas.draw()
        assert _glyph_warnings(control)

        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            render_png(totals_chart())
            render_png(income_chart())
            render_png(
                ShareChart(
                    "图3 支出决算结构（按功能分类）：“一般”、《说明》—…%·",
                    ("一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"),
                    d("685.19", "111.83", "60.07", "48.22"),
                )
            )
            render_png(BarComparison("负数", ("结余",), (("2023年度", d("-12.5")),)))
        assert _glyph_warnings(record) == []


def test_share_chart__more_slices_than_palette_colours_never_repeat_a_colour():
    fig = build_figure(share_chart(*[str(20 - i) for i in range(11)]))
    colours = [tuple(w.get_facecolor()) for w in drawn(fig, "slice")]
    assert len(colours) == 11
    assert len(set(colours)) == 11


# ---------------------------------------------------------------------------- fixed layout


def _drawn_outside_figure(fig) -> list[str]:
    """Sides where what is drawn (texts, ticks, legend, patches) leaves the figure."""
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # inches, visible artists only
    width, height = fig.get_size_inches()
    tolerance = 0.01
    sides = {
        "left": drawn.x0 < -tolerance,
        "bottom": drawn.y0 < -tolerance,
        "right": drawn.x1 > width + tolerance,
        "top": drawn.y1 > height + tolerance,
    }
    return [side for side, out in sides.items() if out]


@pytest.mark.parametrize(
    "spec",
    [
        totals_chart(),
        BarComparison("大额", ("收入总计", "支出总计"), (("2022年度", d("1234567.89", "9876543.21")), ("2023年度", d("7654321.00", "1.00")))),
        BarComparison("负数与单列", ("年末结转和结余",), (("2023年度", d("-12345.67")),)),
        income_chart(),
        ShareChart(
            "一般公共预算财政拨款支出结构",
            ("文化旅游体育与传媒支出", "社会保障和就业支出", "住房保障支出", "农林水支出", "其他支出"),
            d("545.50", "45.20", "30.00", "12.00", "1.00"),
        ),
    ],
    ids=["totals", "large-values", "negative", "income", "long-names"],
)
def test_layout__every_text_inside_the_figure(spec):
    assert _drawn_outside_figure(build_figure(spec)) == []


def test_layout__value_axis_labels_clear_the_axes_for_large_values():
    fig = build_figure(BarComparison("大额", ("甲",), (("2023年度", d("98765432.10")),)))
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    left = ax.get_window_extent(renderer).x0
    labels = [t for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all(t.get_window_extent(renderer).x1 <= left for t in labels)
    assert all(t.get_window_extent(renderer).x0 >= 0 for t in labels)


@pytest.mark.parametrize("spec", [totals_chart(), income_chart()], ids=["bars", "share"])
def test_render_png__pillow_reads_a_300_dpi_picture_of_the_style_size(spec):
    import io

    import numpy as np
    from PIL import Image

    from reportgen.charts import figure_size

    image = Image.open(io.BytesIO(render_png(spec)))
    image.load()
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    width, height = figure_size()
    assert image.size == (int(width * 300), int(height * 300))
    pixels = np.asarray(image.convert("RGB"))
    assert (pixels < 255).any() and (pixels == 255).any()  # a picture, not a blank


# ---------------------------------------------------------------------------- palette, places, form


def test_palette__every_two_colours_print_clearly_apart_in_grey():
    from itertools import combinations

    from reportgen.charts import palette

    colours = palette()
    assert len(colours) >= 6
    greys = [grey_level(c) for c in colours]
    assert min(abs(a - b) for a, b in combinations(greys, 2)) >= 25
    assert min(abs(a - b) for a, b in zip(greys, greys[1:], strict=False)) >= 50  # neighbours


def test_palette__is_what_the_pictures_draw_with():
    fig = build_figure(share_chart("40", "30", "20", "10"))
    from matplotlib.colors import to_hex

    from reportgen.charts import palette

    drawn_colours = [to_hex(w.get_facecolor()).upper().lstrip("#") for w in drawn(fig, "slice")]
    assert drawn_colours == list(palette()[:4])


def test_share_chart__percentages_with_the_given_places():
    spec = ShareChart("结构", ("甲", "乙", "丙"), d("1", "1", "1"), places=2)
    key = [t.get_text() for t in drawn(build_figure(spec), "key")]
    assert "33.34%" in key and key.count("33.33%") == 2


@pytest.mark.parametrize("places", [-1, 5, "2"])
def test_share_chart__places_out_of_range_refused(places):
    with pytest.raises(ValueError):
        ShareChart("结构", ("甲",), d("1"), places=places)


def test_chart_form__first_choice_given_wins_else_native():
    assert chart_form() == "native"
    assert chart_form(None, None) == "native"
    assert chart_form("image", "native") == "image"
    assert chart_form(None, "image") == "image"
    with pytest.raises(ValueError, match="native or image"):
        chart_form("png")
