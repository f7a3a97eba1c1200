"""Charts for the report: chart data (specs) and the drawing of them, kept apart.

A *spec* is a small frozen dataclass that holds what a chart shows — title, labels, Decimal
amounts, unit, percent places — and nothing about how it is drawn. A report's charts are native
Word charts by default (``reportgen.native_charts``, its own drawers keyed by spec type) or, with
``presentation.charts: image``, pictures drawn here (:func:`chart_form` decides). ``_DRAWERS``
maps each spec type to the function that draws its picture; :func:`build_figure` looks the
spec's type up there, so an unknown spec type raises ``TypeError`` naming it.

Pictures use matplotlib's object-oriented API (``matplotlib.figure.Figure`` with the Agg canvas,
never pyplot), the shipped style ``charts/style.mplstyle`` and the shipped font
``charts/fonts/ReportgenCJKSans-Regular.otf``, so Chinese renders on a machine with no CJK font.
matplotlib is imported inside the functions: ``import reportgen.charts`` stays cheap.

Amounts stay Decimal up to the plotting call; the only conversions to float are the marked
``# float-ok: plotting`` lines. Printed numbers come from :func:`reportgen.money.format_number`
(ROUND_HALF_UP); printed shares from :func:`largest_remainder_percentages`.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reportgen.figures import shares
from reportgen.money import ZERO, D, format_number
from reportgen.resources import resource_path

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = [
    "BarComparison",
    "ShareChart",
    "build_figure",
    "chart_form",
    "chart_height_mm",
    "font_path",
    "largest_remainder_percentages",
    "render_png",
]

FONT_FILE = "ReportgenCJKSans-Regular.otf"
FONT_FAMILY = "reportgen CJK Sans"
STYLE_FILE = "style.mplstyle"
DPI = 300
CHART_FORMS = ("native", "image")

# Slices below this share (in %) get no label on the ring; the key beside the ring names them.
_RING_LABEL_MIN_PERCENT = Decimal("8")


# --------------------------------------------------------------------------------------------
# Chart data
# --------------------------------------------------------------------------------------------


def _amounts(values: Iterable[object], what: str) -> tuple[Decimal, ...]:
    try:
        return tuple(D(v) for v in values)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{what}: {exc}") from None


@dataclass(frozen=True)
class BarComparison:
    """Grouped bars: one group per category, one bar per series (e.g. per year).

    Example (图1 收、支决算总计变动情况)::

        BarComparison("收、支决算总计变动情况", ("收入总计", "支出总计"),
                      (("2022年度", (D("888.33"), D("888.33"))),
                       ("2023年度", (D("921.96"), D("921.96")))))
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal, ...]], ...]
    unit: str = "万元"

    def __post_init__(self) -> None:
        categories = tuple(str(c) for c in self.categories)
        series = tuple(
            (str(name), _amounts(values, f"series {name!r}")) for name, values in self.series
        )
        if not categories:
            raise ValueError("BarComparison needs at least one category")
        if not series:
            raise ValueError("BarComparison needs at least one series")
        for name, values in series:
            if len(values) != len(categories):
                raise ValueError(
                    f"series {name!r} has {len(values)} values for {len(categories)} categories"
                )
        object.__setattr__(self, "categories", categories)
        object.__setattr__(self, "series", series)


@dataclass(frozen=True)
class ShareChart:
    """Shares of a whole (a pie, or a donut as a picture), e.g. 图2 收入决算结构.

    Zero values are left out of the drawing; negative values are refused. A chart whose values
    are all zero cannot be drawn (:func:`build_figure` raises ``ValueError``); the report says so
    in a sentence instead. ``places``: the percent places of the printed shares, the text's
    (``presentation.percent_places``), so chart and text print the same figures.
    """

    title: str
    labels: tuple[str, ...]
    values: tuple[Decimal, ...]
    unit: str = "万元"
    places: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.places, int) or not 0 <= self.places <= 4:
            raise ValueError(f"ShareChart places must be 0–4, not {self.places!r}")
        labels = tuple(str(label) for label in self.labels)
        values = _amounts(self.values, "ShareChart values")
        if len(labels) != len(values):
            raise ValueError(f"ShareChart has {len(labels)} labels for {len(values)} values")
        negative = [label for label, value in zip(labels, values, strict=True) if value < 0]
        if negative:
            raise ValueError(f"ShareChart values must not be negative: {', '.join(negative)}")
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "values", values)

    def slices(self) -> list[tuple[str, Decimal]]:
        """The (label, value) pairs that are drawn: zero values left out, order kept."""
        return [
            (label, value) for label, value in zip(self.labels, self.values, strict=True) if value
        ]


# --------------------------------------------------------------------------------------------
# Percentages
# --------------------------------------------------------------------------------------------


def largest_remainder_percentages(values: Sequence[Decimal], places: int = 1) -> list[Decimal]:
    """Percentages of ``values`` that add up to exactly 100 (``reportgen.figures.shares``).

    Raises ValueError for an all-zero total: such a chart is not drawn.
    """
    result = shares(values, places)
    if result is None:
        raise ValueError("percentages of an all-zero total are not defined")
    return result


# --------------------------------------------------------------------------------------------
# Native or picture
# --------------------------------------------------------------------------------------------


def chart_form(*choices: str | None) -> str:
    """The form of a report's charts: the first choice given that is not None — the input's
    ``presentation.charts``, then a region profile's, in the caller's order — else ``native``
    (Word charts a finance officer can edit). ``image`` gives matplotlib pictures."""
    for choice in choices:
        if choice is not None:
            if choice not in CHART_FORMS:
                raise ValueError(f"chart form must be {' or '.join(CHART_FORMS)}, not {choice!r}")
            return choice
    return "native"


# --------------------------------------------------------------------------------------------
# Resources
# --------------------------------------------------------------------------------------------


def font_path() -> str:
    """Path of the shipped chart font (charts/fonts/ReportgenCJKSans-Regular.otf)."""
    path = resource_path("charts", "fonts", FONT_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"chart font is missing: {path}")
    return str(path)


def _style_path():
    return resource_path("charts", STYLE_FILE)


_DEFAULT_FIGSIZE = (6.4, 4.8)  # matplotlib's, for a style file that names no size


@functools.cache
def figure_size() -> tuple[float, float]:
    """The chart size in inches, from ``figure.figsize`` in the style file (read without
    importing matplotlib). Every figure is created with this size, and native charts have its
    proportions (:func:`chart_height_mm`)."""
    for line in _style_path().read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("#")[0].partition(":")
        if key.strip() == "figure.figsize":
            width, height = (float(v) for v in value.split(","))  # float-ok: inches, not money
            return width, height
    return _DEFAULT_FIGSIZE


def chart_height_mm(width_mm: int) -> int:
    """The height of a chart ``width_mm`` wide, in the style's proportions (whole millimetres)."""
    width, height = figure_size()
    return int(width_mm * height / width + 0.5)  # float-ok: millimetres, not money


def _register_font() -> str:
    """Add the shipped font to matplotlib's font manager (if not yet there); return its path."""
    from matplotlib import font_manager

    path = font_path()
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return path


def _font(size: float | None = None) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=_register_font(), size=size)


@functools.cache
def _rc() -> dict[str, Any]:
    """The chart style (charts/style.mplstyle, read once) with the shipped font as the only family."""
    import matplotlib

    _register_font()
    params = dict(matplotlib.rc_params_from_file(str(_style_path()), use_default_template=False))
    params.update({"font.family": [FONT_FAMILY], "font.sans-serif": [FONT_FAMILY]})
    return params


def _style_context():
    """The chart style plus the shipped font as the only font family (no system font used)."""
    import matplotlib

    return matplotlib.rc_context(_rc())


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


@functools.cache
def palette() -> tuple[str, ...]:
    """The chart colours (``RRGGBB``), from ``axes.prop_cycle`` in the style file, read without
    matplotlib: the one palette of pictures and native charts."""
    import re

    for line in _style_path().read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("#")[0].partition(":")
        if key.strip() == "axes.prop_cycle":
            colours = re.findall(r"'([0-9A-Fa-f]{6})'", line)
            if colours:
                return tuple(c.upper() for c in colours)
    raise ValueError(f"the chart style names no colours (axes.prop_cycle): {_style_path()}")


def grey_level(colour: str) -> int:
    """The grey level (0–255, Rec. 601 luma) a ``RRGGBB`` colour prints as in black and white."""
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return (299 * r + 587 * g + 114 * b + 500) // 1000


def _palette(n: int) -> list[str]:
    """``n`` distinct colours: the style's palette, then lighter tints of it (never a repeat)."""
    from matplotlib.colors import to_hex, to_rgb

    base = ["#" + c for c in palette()]
    colors = []
    for i in range(n):
        rounds, index = divmod(i, len(base))
        mix = 1 - 0.6**rounds  # 0, 0.4, 0.64, ... of white blended in
        rgb = to_rgb(base[index])
        colors.append(to_hex(tuple(c + (1 - c) * mix for c in rgb)))
    return colors


def _plain(value: Decimal) -> str:
    return format_number(value, 2)


def _draw_bar_comparison(fig: Figure, spec: BarComparison) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax = fig.add_subplot()
    n_series = len(spec.series)
    colors = _palette(n_series)
    group_width = Decimal("0.7") if n_series > 1 else Decimal("0.45")
    bar_width = group_width / n_series
    label_font = _font(8)

    all_values = [v for _, values in spec.series for v in values]
    top = max(all_values + [ZERO])
    bottom = min(all_values + [ZERO])
    span = (top - bottom) or Decimal(1)
    pad = span * Decimal("0.03")

    for s, (name, values) in enumerate(spec.series):
        offset = -group_width / 2 + bar_width * s + bar_width / 2
        xs = [float(i + offset) for i in range(len(spec.categories))]  # float-ok: plotting
        heights = [float(v) for v in values]  # float-ok: plotting
        ax.bar(
            xs,
            heights,
            width=float(bar_width) * 0.92,  # float-ok: plotting
            color=colors[s],
            label=name,
            zorder=2,
        )
        for x, value in zip(xs, values, strict=True):
            y = value + pad if value >= 0 else value - pad
            ax.text(
                x,
                float(y),  # float-ok: plotting
                _plain(value),
                ha="center",
                va="bottom" if value >= 0 else "top",
                fontproperties=label_font,
                color="#262626",
                zorder=3,
            )

    # Headroom for the value labels above the bars (and below negative ones).
    ax.set_ylim(
        float(bottom - span * Decimal("0.15")) if bottom < 0 else 0,  # float-ok: plotting
        float(top + span * Decimal("0.15")) if top > 0 else 0,  # float-ok: plotting
    )
    ax.set_xlim(-0.6, len(spec.categories) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{y:,.0f}"))
    ax.set_xticks(
        range(len(spec.categories)), labels=list(spec.categories), fontproperties=_font(9)
    )
    # The unit stands upright above the value axis: rotated Chinese reads badly.
    ax.set_ylabel(spec.unit, fontproperties=_font(8.5), rotation=0, ha="right", va="bottom")
    ax.yaxis.set_label_coords(-0.01, 1.02)
    ax.set_title(spec.title, fontproperties=_font(10.5))
    if n_series > 1:
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, _MARGIN_PT / fig.bbox_inches.height / 72),
            bbox_transform=fig.transFigure,
            ncol=n_series,
            prop=_font(8.5),
            handlelength=1.2,
            columnspacing=2.0,
            borderpad=0,
        )
    if bottom < 0:
        ax.axhline(0, color="#595959", linewidth=0.6, zorder=2)
    _place_bar_axes(fig, ax, legend=n_series > 1)


# Fixed layout, in points: computed from what the chart holds instead of a layout engine's
# search, which would cost as much as drawing the chart again.
_MARGIN_PT = 4.0
_TITLE_BAND_PT = 30.0  # title (10.5 pt) and its pad, with the unit label beside it
_XTICK_BAND_PT = 19.0  # category labels (9 pt) and their pad
_LEGEND_BAND_PT = 20.0  # one row of legend (8.5 pt) and the gap above it


def _text_width_pt(text: str, size: float) -> float:
    from matplotlib.textpath import text_to_path

    width, _height, _descent = text_to_path.get_text_width_height_descent(
        text, _font(size), ismath=False
    )
    return width


def _place_bar_axes(fig: Figure, ax: Any, *, legend: bool) -> None:
    """Position the bar axes so the value-axis labels, the unit, the title, the category labels
    and the legend all fit inside the figure."""
    low, high = ax.get_ylim()
    span = (high - low) or 1
    labels = [
        ax.yaxis.get_major_formatter()(tick, i)
        for i, tick in enumerate(ax.get_yticks())
        if low - span * 1e-9 <= tick <= high + span * 1e-9
    ]
    ticks = max((_text_width_pt(label, 8) for label in labels), default=0.0)
    unit = _text_width_pt(ax.yaxis.label.get_text(), 8.5) if ax.yaxis.label.get_text() else 0.0
    left = _MARGIN_PT + max(ticks + 3.0 + 3.5, unit)  # tick length 3 pt, pad 3.5 pt
    bottom = _MARGIN_PT + _XTICK_BAND_PT + (_LEGEND_BAND_PT if legend else 0.0)
    width_pt = fig.bbox_inches.width * 72
    height_pt = fig.bbox_inches.height * 72
    fig.subplots_adjust(
        left=left / width_pt,
        right=1 - 2 * _MARGIN_PT / width_pt,
        bottom=bottom / height_pt,
        top=1 - _TITLE_BAND_PT / height_pt,
    )


# Share chart geometry, in figure fractions: the ring on the left, its key on the right.
_RING_AREA = (0.02, 0.03, 0.4205, 0.86)  # x0, y0, x1, y1
_KEY_AREA = (0.4393, 0.03, 0.98, 0.86)
_RING_WIDTH = 0.38  # of the radius
_RING_MARGIN = 1.25  # the ring's radius is the area's half-width / this (as matplotlib's pie)


def _area_transform(fig: Figure, area: tuple[float, float, float, float]):
    """Coordinates 0..1 across ``area`` (figure fractions)."""
    from matplotlib.transforms import Bbox, BboxTransformTo, TransformedBbox

    return BboxTransformTo(TransformedBbox(Bbox.from_extents(*area), fig.transFigure))


def _ring_transform(fig: Figure):
    """Coordinates with the ring's centre at (0, 0) and its outer radius 1, kept round."""
    from matplotlib.transforms import Affine2D

    x0, y0, x1, y1 = _RING_AREA
    width_in, height_in = fig.get_size_inches()
    side = min((x1 - x0) * width_in, (y1 - y0) * height_in)
    centre = ((x0 + x1) / 2 * width_in, (y0 + y1) / 2 * height_in)
    return Affine2D().scale(side / 2 / _RING_MARGIN).translate(*centre) + fig.dpi_scale_trans


def _draw_share_chart(fig: Figure, spec: ShareChart) -> None:
    """A ring of the shares with the total in its middle, and a key of name, amount and share.

    Drawn straight on the figure, in two coordinate systems of its own, without axes: a chart
    with no scale needs none, and two axes were most of the time the chart took to build."""
    from matplotlib.patches import Wedge

    slices = spec.slices()
    if not slices:
        raise ValueError(f"ShareChart {spec.title!r}: every value is zero, nothing to draw")
    labels = [label for label, _ in slices]
    values = [value for _, value in slices]
    percents = largest_remainder_percentages(values, spec.places)
    slice_colors = _palette(len(slices))
    total = sum(values, ZERO)

    # The ring, clockwise from 12 o'clock in the order given.
    ring = _ring_transform(fig)
    ring_font = _font(8)
    angle = 90.0
    for value, pct, color in zip(values, percents, slice_colors, strict=True):
        sweep = float(value / total) * 360  # float-ok: plotting
        wedge = Wedge(
            (0, 0), 1.0, angle - sweep, angle, width=_RING_WIDTH, transform=ring,
            facecolor=color, edgecolor="white", linewidth=1.0, gid="slice",
        )
        fig.add_artist(wedge)
        middle = math.radians(angle - sweep / 2)
        angle -= sweep
        if pct < _RING_LABEL_MIN_PERCENT:
            continue  # too narrow to hold text: the key beside the ring gives its share
        r = 1.0 - _RING_WIDTH / 2
        fig.text(
            r * math.cos(middle), r * math.sin(middle), format_number(pct, spec.places) + "%",
            ha="center", va="center", color="white" if grey_level(color) < 140 else "#262626", fontproperties=ring_font, transform=ring, gid="ring",
        )
    fig.text(0, 0.12, "合计", ha="center", va="center", fontproperties=_font(8), color="#595959", transform=ring, gid="total")
    fig.text(0, -0.12, f"{_plain(total)}{spec.unit}", ha="center", va="center", fontproperties=_font(8.5), transform=ring, gid="total")

    # The key: colour, name, amount and share of every drawn slice, in aligned columns.
    key = _area_transform(fig, _KEY_AREA)
    rows = len(slices)
    step = min(0.12, 0.85 / (rows + 1))
    first = 0.5 + step * (rows - 1) / 2
    # Long names (e.g. 文化旅游体育与传媒支出) get a smaller size so they stay clear of the amounts.
    longest = max(len(label) for label in labels)
    text_font = _font(8.5 if longest <= 10 else max(6.5, 85 / longest))
    head_font = _font(8)
    head_y = first + step * 0.9
    for x, heading in ((0.62, f"金额（{spec.unit}）"), (0.86, "占比")):
        fig.text(x, head_y, heading, ha="right", va="center", fontproperties=head_font, color="#595959", transform=key, gid="key-head")
    for i, (label, value, pct, color) in enumerate(zip(labels, values, percents, slice_colors, strict=True)):
        y = first - step * i
        fig.add_artist(_square(0.0, y, 0.035, color, key))
        for x, text, ha in ((0.055, label, "left"), (0.62, _plain(value), "right"), (0.86, format_number(pct, spec.places) + "%", "right")):
            fig.text(x, y, text, ha=ha, va="center", fontproperties=text_font, transform=key, gid="key")
    fig.suptitle(spec.title, y=1 - _MARGIN_PT / (fig.bbox_inches.height * 72), fontproperties=_font(10.5))


def _square(x: float, y: float, size: float, color: str, transform):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y - size / 2), size, size, facecolor=color, edgecolor="none", transform=transform, gid="key-colour")


_DRAWERS: dict[type, Callable[[Any, Any], None]] = {
    BarComparison: _draw_bar_comparison,
    ShareChart: _draw_share_chart,
}


def _drawer_for(spec: object) -> Callable[[Any, Any], None]:
    try:
        return _DRAWERS[type(spec)]
    except KeyError:
        raise TypeError(f"no chart is drawn for spec type {type(spec).__name__}") from None


def build_figure(spec: object) -> Figure:
    """Draw ``spec`` on a new matplotlib Figure (Agg canvas, shipped style and font).

    The figure is laid out and drawn once, so its texts can be read before saving. Raises
    ``TypeError`` for an unknown spec type and ``ValueError`` for a ShareChart with all values
    zero.
    """
    return _figure(spec, lay_out=True)


def _figure(spec: object, *, lay_out: bool) -> Figure:
    drawer = _drawer_for(spec)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _style_context():
        fig = Figure(figsize=figure_size())
        FigureCanvasAgg(fig)
        drawer(fig, spec)
        if lay_out:
            # Create ticks and lay out now, under the style, then pin every text to the shipped
            # font, so the texts can be read before saving.
            fig.draw_without_rendering()
            _pin_font(fig)
            fig.set_layout_engine("none")
    return fig


def _pin_font(fig: Figure) -> None:
    from matplotlib.text import Text

    path = _register_font()
    for text in fig.findobj(Text):
        props = text.get_fontproperties()
        if props.get_file() != path:
            text.set_fontproperties(_font(props.get_size_in_points()))


def render_png(spec: object) -> bytes:
    """PNG bytes of ``spec`` at 300 dpi; the same spec always gives identical bytes (no time
    stamp is written)."""
    fig = _figure(spec, lay_out=False)
    out = io.BytesIO()
    with _style_context():
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
