"""Charts for the report: chart data (specs) and the drawing of them, kept apart.

A *spec* is a small frozen dataclass that holds what a chart shows — title, labels, Decimal
amounts, unit — and nothing about how it is drawn. ``_DRAWERS`` maps each spec type to the
function that draws it; :func:`build_figure` looks the spec's type up there, so an unknown spec
type raises ``TypeError`` naming it.

Drawing uses matplotlib's object-oriented API (``matplotlib.figure.Figure`` with the Agg canvas,
never pyplot), the shipped style ``charts/style.mplstyle`` and the shipped font
``charts/fonts/ReportgenCJKSans-Regular.otf``, so Chinese renders on a machine with no CJK font.
matplotlib is imported inside the functions: ``import reportgen.charts`` stays cheap.

Amounts stay Decimal up to the plotting call; the only conversions to float are the marked
``# float-ok: plotting`` lines. Printed numbers come from :func:`reportgen.money.format_number`
(ROUND_HALF_UP); printed shares from :func:`largest_remainder_percentages`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
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
    "chart_key",
    "font_path",
    "largest_remainder_percentages",
    "render_png",
]

FONT_FILE = "ReportgenCJKSans-Regular.otf"
FONT_FAMILY = "reportgen CJK Sans"
STYLE_FILE = "style.mplstyle"
DPI = 300
# Bump when the drawing code changes the output for an unchanged spec (invalidates chart_key).
RENDERER_VERSION = "3"

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
    """Shares of a whole (drawn as a donut), e.g. 图2 收入决算结构.

    Zero values are left out of the drawing; negative values are refused. A chart whose values
    are all zero cannot be drawn (:func:`build_figure` raises ``ValueError``); the report says so
    in a sentence instead.
    """

    title: str
    labels: tuple[str, ...]
    values: tuple[Decimal, ...]
    unit: str = "万元"

    def __post_init__(self) -> None:
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
# Cache key
# --------------------------------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        # 888.3 and 888.30 draw the same chart: hash the normalised number.
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    return value


def chart_key(spec: object) -> str:
    """SHA-256 hex digest identifying the PNG ``spec`` renders to, for caching.

    It covers the spec type and every field (Decimals compared by value, so ``888.3`` and
    ``888.30`` share a key), the renderer version and the contents of the style file, so a cache
    entry goes stale when the drawing changes.
    """
    _drawer_for(spec)
    payload = {
        "type": type(spec).__name__,
        "fields": {f.name: _canonical(getattr(spec, f.name)) for f in fields(spec)},
        "renderer": RENDERER_VERSION,
        "style": hashlib.sha256(_style_path().read_bytes()).hexdigest(),
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def _style_context():
    """The chart style plus the shipped font as the only font family (no system font used)."""
    import matplotlib
    import matplotlib.style

    _register_font()
    return _Stacked(
        matplotlib.style.context(str(_style_path())),
        matplotlib.rc_context({"font.family": [FONT_FAMILY], "font.sans-serif": [FONT_FAMILY]}),
    )


class _Stacked:
    """Enter several context managers in order, leave them in reverse."""

    def __init__(self, *contexts: Any) -> None:
        self._contexts = contexts

    def __enter__(self) -> None:
        for c in self._contexts:
            c.__enter__()

    def __exit__(self, *exc: Any) -> None:
        for c in reversed(self._contexts):
            c.__exit__(*exc)


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _palette(n: int) -> list[str]:
    """``n`` distinct colours: the style's palette, then lighter tints of it (never a repeat)."""
    import matplotlib
    from matplotlib.colors import to_hex, to_rgb

    base = list(matplotlib.rcParams["axes.prop_cycle"].by_key()["color"])
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
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            ncol=n_series,
            prop=_font(8.5),
            handlelength=1.2,
            columnspacing=2.0,
        )
    if bottom < 0:
        ax.axhline(0, color="#595959", linewidth=0.6, zorder=2)


def _draw_share_chart(fig: Figure, spec: ShareChart) -> None:
    slices = spec.slices()
    if not slices:
        raise ValueError(f"ShareChart {spec.title!r}: every value is zero, nothing to draw")
    labels = [label for label, _ in slices]
    values = [value for _, value in slices]
    percents = largest_remainder_percentages(values, 1)
    slice_colors = _palette(len(slices))
    total = sum(values, ZERO)

    grid = fig.add_gridspec(1, 2, width_ratios=(1, 1.35))
    ax = fig.add_subplot(grid[0, 0])
    key = fig.add_subplot(grid[0, 1])

    # Donut, clockwise from 12 o'clock in the order given.
    wedges, _ = ax.pie(
        [float(v) for v in values],  # float-ok: plotting
        colors=slice_colors,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1.0},
        radius=1.0,
    )
    ax.set_aspect("equal")
    ring_font = _font(8)
    for wedge, pct in zip(wedges, percents, strict=True):
        if pct < _RING_LABEL_MIN_PERCENT:
            continue  # too narrow to hold text: the key beside the ring gives its share
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        r = 1.0 - 0.38 / 2
        ax.text(
            r * math.cos(angle),
            r * math.sin(angle),
            format_number(pct, 1) + "%",
            ha="center",
            va="center",
            color="white",
            fontproperties=ring_font,
        )
    ax.text(0, 0.12, "合计", ha="center", va="center", fontproperties=_font(8), color="#595959")
    ax.text(
        0,
        -0.12,
        f"{_plain(total)}{spec.unit}",
        ha="center",
        va="center",
        fontproperties=_font(8.5),
    )

    # The key: colour, name, amount and share of every drawn slice, in aligned columns.
    key.set_axis_off()
    key.set_xlim(0, 1)
    key.set_ylim(0, 1)
    rows = len(slices)
    step = min(0.12, 0.85 / (rows + 1))
    first = 0.5 + step * (rows - 1) / 2
    # Long names (e.g. 文化旅游体育与传媒支出) get a smaller size so they stay clear of the amounts.
    longest = max(len(label) for label in labels)
    text_font = _font(8.5 if longest <= 10 else max(6.5, 85 / longest))
    head_font = _font(8)
    head_y = first + step * 0.9
    key.text(
        0.62,
        head_y,
        f"金额（{spec.unit}）",
        ha="right",
        va="center",
        fontproperties=head_font,
        color="#595959",
    )
    key.text(
        0.86, head_y, "占比", ha="right", va="center", fontproperties=head_font, color="#595959"
    )
    for i, (label, value, pct, color) in enumerate(
        zip(labels, values, percents, slice_colors, strict=True)
    ):
        y = first - step * i
        key.add_patch(_square(0.0, y, 0.035, color))
        key.text(0.055, y, label, ha="left", va="center", fontproperties=text_font)
        key.text(0.62, y, _plain(value), ha="right", va="center", fontproperties=text_font)
        key.text(
            0.86, y, format_number(pct, 1) + "%", ha="right", va="center", fontproperties=text_font
        )
    fig.suptitle(spec.title, fontproperties=_font(10.5))


def _square(x: float, y: float, size: float, color: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y - size / 2), size, size, facecolor=color, edgecolor="none")


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
        fig = Figure()
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
    """PNG bytes of ``spec`` at 300 dpi; the same spec always gives identical bytes.

    Laid out and drawn once, by savefig itself, under the style whose only font family is the
    shipped font (build_figure's extra layout pass is only for reading texts)."""
    fig = _figure(spec, lay_out=False)
    buffer = io.BytesIO()
    with _style_context():
        fig.savefig(
            buffer,
            format="png",
            dpi=DPI,
            facecolor="white",
            metadata={"Software": None},
            # zlib level 1: the PNG is ~25% larger but encodes in a third less time, and a batch
            # of departments draws every chart anew
            pil_kwargs={"compress_level": 1},
        )
    return buffer.getvalue()
