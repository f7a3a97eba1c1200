"""Native Word charts: a chart part and its embedded workbook for each chart spec.

A finance officer can restyle, recolour or relabel these charts in Word, WPS or LibreOffice, and
open their data (右键 → 编辑数据). Each chart is

- ``word/charts/chartN.xml``: DrawingML chart XML, written by python-pptx's chart XML writer
  (``pptx.chart.xmlwriter.ChartXmlWriter``, the same for Word as for PowerPoint) and then given
  the report's look here: title, East Asian font (``a:ea``), data labels with the text's number
  format and percent places, legend, fills whose grey levels differ clearly in black-and-white
  print;
- ``word/embeddings/Microsoft_Excel_WorksheetN.xlsx``: the chart's data in the layout the chart
  XML refers to (categories in column A, one series per column from B), written with XlsxWriter
  (python-pptx's own workbook writer uses it too; XlsxWriter dates its zip members 1980-01-01,
  and the created date is fixed here, so the same data gives the same bytes);
- a ``wp:inline`` graphic frame in the document (``c:chart r:id``).

Values and labels come from the chart specs of ``reportgen.charts`` (data stays apart from the
drawing); ``_DRAWERS`` maps each spec type to the function that builds its chart XML, so an
unknown spec type raises ``TypeError`` naming it. Amounts stay Decimal: the chart XML holds
their exact decimal text; the workbook cell holds the same number.

Printed percentages of a share chart are the text's: ``reportgen.figures.shares`` (largest
remainder, adding up to exactly 100) at the spec's places, written as each slice's label.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lxml import etree

from .charts import BarComparison, ShareChart, grey_level, largest_remainder_percentages, palette
from .money import format_number

__all__ = [
    "CHART_CONTENT_TYPE",
    "CHART_FONT",
    "CHART_TITLE_FONT",
    "add_chart",
    "chart_xml",
    "warm_up",
    "workbook_bytes",
]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"c": C, "a": A, "r": R}

# The document's fonts (templates/final_accounts.docx): 宋体 for the chart's labels, 黑体 for
# its title as for the headings. Word, WPS and LibreOffice take East Asian text from ``a:ea``.
CHART_FONT = "宋体"
CHART_TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TEXT_SIZE = 900  # hundredths of a point
TITLE_SIZE = 1050
TEXT_COLOUR = "262626"

# More slices than colours: the palette again with a pattern over it, so no two slices match.
_PATTERNS = ("dkUpDiag", "smGrid", "dkHorz", "dkVert", "lgCheck", "dkDnDiag", "smConfetti", "wdUpDiag")

# The workbook's created date: fixed, so the same data always gives the same bytes.
_WORKBOOK_TIME = dt.datetime(1980, 1, 1)


@functools.cache
def _q(tag: str) -> str:
    prefix, _, name = tag.partition(":")
    return f"{{{_NS[prefix]}}}{name}"


def _el(tag: str, parent=None, **attrs: str):
    element = etree.Element(_q(tag), nsmap=_NS) if parent is None else etree.SubElement(parent, _q(tag))
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _val(tag: str, value: object, parent=None):
    return _el(tag, parent, val=str(value))


def _insert_after(parent, element, *before: str) -> None:
    """Put ``element`` into ``parent`` after the last child named in ``before`` (schema order)."""
    names = {_q(tag) for tag in before}
    position = 0
    for index, child in enumerate(parent):
        if child.tag in names:
            position = index + 1
    parent.insert(position, element)


def warm_up() -> None:
    """Import what making a chart needs (python-pptx's chart writer, XlsxWriter)."""
    import pptx.chart.data  # noqa: F401
    import pptx.chart.xmlwriter  # noqa: F401
    import xlsxwriter  # noqa: F401


# --------------------------------------------------------------------------------------------
# Text, fills and labels
# --------------------------------------------------------------------------------------------


def _stamped(make: Callable[..., Any]) -> Callable[..., Any]:
    """``make`` (a builder of a fixed piece of chart XML from its arguments) returning a copy of
    the piece it built for the same arguments before: a chart is about a thousand elements, most
    of them the same text, fill and line properties, and copying a piece is several times faster
    than building it again."""
    made = functools.lru_cache(maxsize=256)(make)

    @functools.wraps(make)
    def stamp(*args: Any, **kwargs: Any):
        return copy.deepcopy(made(*args, **kwargs))

    return stamp


def _run_props(parent, tag: str, size: int, font: str, *, bold: bool = False):
    props = _el(tag, parent, sz=str(size), b="1" if bold else "0")
    fill = _el("a:solidFill", props)
    _el("a:srgbClr", fill, val=TEXT_COLOUR)
    _el("a:latin", props, typeface=LATIN_FONT)
    _el("a:ea", props, typeface=font)
    _el("a:cs", props, typeface=LATIN_FONT)
    return props


@_stamped
def _text_props(size: int = TEXT_SIZE, font: str = CHART_FONT, *, rotation: int | None = None):
    """``c:txPr``: the default text of an element (axis, legend, labels)."""
    tx = _el("c:txPr")
    body = _el("a:bodyPr", tx)
    if rotation is not None:
        body.set("rot", str(rotation))
        body.set("vert", "horz")
    _el("a:lstStyle", tx)
    p = _el("a:p", tx)
    ppr = _el("a:pPr", p)
    _run_props(ppr, "a:defRPr", size, font)
    _el("a:endParaRPr", p, lang="zh-CN")
    return tx


@_stamped
def _rich(text: str, size: int, font: str, *, rotation: int | None = None):
    """``c:tx`` holding ``text`` as rich text in ``font``."""
    tx = _el("c:tx")
    rich = _el("c:rich", tx)
    body = _el("a:bodyPr", rich)
    if rotation is not None:
        body.set("rot", str(rotation))
        body.set("vert", "horz")
    _el("a:lstStyle", rich)
    p = _el("a:p", rich)
    ppr = _el("a:pPr", p)
    _run_props(ppr, "a:defRPr", size, font)
    run = _el("a:r", p)
    _run_props(run, "a:rPr", size, font).set("lang", "zh-CN")
    _el("a:t", run).text = text
    return tx


@_stamped
def _title(text: str, size: int = TITLE_SIZE, font: str = CHART_TITLE_FONT, *, rotation: int | None = None):
    title = _el("c:title")
    title.append(_rich(text, size, font, rotation=rotation))
    _val("c:overlay", 0, title)
    return title


@_stamped
def _fill(index: int, *, edge: str | None = None):
    """``c:spPr`` of the ``index``-th series or slice: a colour of the style's palette (grey
    levels clearly apart, see charts/style.mplstyle), past the palette a pattern over it;
    ``edge`` a thin outline colour (white between pie slices)."""
    colours = palette()
    colour = colours[index % len(colours)]
    rounds = index // len(colours)
    sp = _el("c:spPr")
    if rounds == 0:
        _el("a:srgbClr", _el("a:solidFill", sp), val=colour)
    else:
        pattern = _el("a:pattFill", sp, prst=_PATTERNS[(index - len(colours)) % len(_PATTERNS)])
        _el("a:srgbClr", _el("a:fgClr", pattern), val="FFFFFF" if grey_level(colour) < 128 else "262626")
        _el("a:srgbClr", _el("a:bgClr", pattern), val=colour)
    line = _el("a:ln", sp, w="9525")
    if edge is None:
        _el("a:noFill", line)
    else:
        _el("a:srgbClr", _el("a:solidFill", line), val=edge)
    return sp


@_stamped
def _no_box():
    sp = _el("c:spPr")
    _el("a:noFill", sp)
    _el("a:noFill", _el("a:ln", sp))
    return sp


@_stamped
def _line(colour: str, width: int = 6350):
    sp = _el("c:spPr")
    line = _el("a:ln", sp, w=str(width))
    _el("a:srgbClr", _el("a:solidFill", line), val=colour)
    return sp


def _flags(parent, *, value: bool = False, percent: bool = False) -> None:
    for tag, on in (
        ("c:showLegendKey", False),
        ("c:showVal", value),
        ("c:showCatName", False),
        ("c:showSerName", False),
        ("c:showPercent", percent),
        ("c:showBubbleSize", False),
    ):
        _val(tag, int(on), parent)


# --------------------------------------------------------------------------------------------
# Chart XML
# --------------------------------------------------------------------------------------------


def _amount_text(value: Decimal) -> str:
    """The exact decimal text of an amount (the chart XML's and the workbook's number)."""
    return format(value, "f")


def _base_chart(chart_type, categories, series: list[tuple[str, list[Decimal]]]):
    """python-pptx's chart XML for ``series`` over ``categories``, parsed."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter

    data = CategoryChartData(number_format="0.00")
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, [_amount_text(v) for v in values])
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.fromstring(ChartXmlWriter(chart_type, data).xml.encode("utf-8"), parser)


def _finish_space(space, title: str) -> None:
    """What every chart gets: language, square corners, the title, white ground, the font."""
    _insert_after(space, _val("c:lang", "zh-CN"), "c:date1904")
    _insert_after(space, _val("c:roundedCorners", 0), "c:date1904", "c:lang")
    chart = space.find(_q("c:chart"))
    chart.insert(0, _title(title))
    for old in space.findall(_q("c:txPr")):
        space.remove(old)
    ground = _el("c:spPr")
    _el("a:srgbClr", _el("a:solidFill", ground), val="FFFFFF")
    _el("a:noFill", _el("a:ln", ground))
    _insert_after(space, ground, "c:chart")
    _insert_after(space, _text_props(), "c:chart", "c:spPr")
    _insert_after(chart, _val("c:plotVisOnly", 1), "c:plotArea", "c:legend")


def _legend(chart, position: str) -> None:
    legend = _el("c:legend")
    _val("c:legendPos", position, legend)
    _val("c:overlay", 0, legend)
    legend.append(_text_props())
    _insert_after(chart, legend, "c:plotArea")


def _bar_chart(spec: BarComparison):
    from pptx.enum.chart import XL_CHART_TYPE

    space = _base_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, *_table(spec))
    _finish_space(space, spec.title)
    chart = space.find(_q("c:chart"))
    bar = chart.find("c:plotArea/c:barChart", _NS)
    _insert_after(bar, _val("c:varyColors", 0), "c:barDir", "c:grouping")
    for index, ser in enumerate(bar.findall(_q("c:ser"))):
        _insert_after(ser, _fill(index), "c:idx", "c:order", "c:tx")
        _insert_after(ser, _val("c:invertIfNegative", 0), "c:spPr")
        labels = _el("c:dLbls")
        _el("c:numFmt", labels, formatCode="0.00", sourceLinked="0")
        labels.append(_no_box())
        labels.append(_text_props())
        _val("c:dLblPos", "outEnd", labels)
        _flags(labels, value=True)
        _insert_after(ser, labels, "c:invertIfNegative", "c:dPt")
    _insert_after(bar, _val("c:gapWidth", 80 if len(spec.series) > 1 else 150), "c:ser")
    _insert_after(bar, _val("c:overlap", 0), "c:gapWidth")

    cat_ax = chart.find("c:plotArea/c:catAx", _NS)
    cat_ax.find(_q("c:majorTickMark")).set("val", "none")
    cat_ax.find(_q("c:tickLblPos")).set("val", "low")  # below the plot, clear of negative bars
    _insert_after(cat_ax, _line("595959"), "c:tickLblPos")
    _insert_after(cat_ax, _text_props(), "c:spPr")

    val_ax = chart.find("c:plotArea/c:valAx", _NS)
    scaling = val_ax.find(_q("c:scaling"))
    scaling.clear()
    _val("c:orientation", "minMax", scaling)
    # Bars start at zero, as a reader compares their lengths (an application would otherwise
    # start the axis near the smallest value and make a 4% change look fourfold).
    amounts = [v for _, values in spec.series for v in values]
    if min(amounts) >= 0:
        _val("c:min", 0, scaling)
    elif max(amounts) <= 0:
        _val("c:max", 0, scaling)
    grid = val_ax.find(_q("c:majorGridlines"))
    grid.append(_line("D9D9D9"))
    # The unit stands upright beside the value axis: rotated Chinese reads badly.
    _insert_after(val_ax, _title(spec.unit, TEXT_SIZE, CHART_FONT, rotation=0), "c:majorGridlines")
    _insert_after(val_ax, _el("c:numFmt", formatCode="#,##0", sourceLinked="0"), "c:title")
    _insert_after(val_ax, _line("595959"), "c:tickLblPos")
    _insert_after(val_ax, _text_props(), "c:spPr")
    _insert_after(val_ax, _val("c:crossBetween", "between"), "c:crosses")
    if len(spec.series) > 1:
        _legend(chart, "b")
    return space


def _share_chart(spec: ShareChart):
    from pptx.enum.chart import XL_CHART_TYPE

    labels, series = _table(spec)
    if not labels:
        raise ValueError(f"ShareChart {spec.title!r}: every value is zero, nothing to draw")
    values = series[0][1]
    places = spec.places
    percents = largest_remainder_percentages(values, places)
    space = _base_chart(XL_CHART_TYPE.PIE, labels, series)
    _finish_space(space, spec.title)
    chart = space.find(_q("c:chart"))
    pie = chart.find("c:plotArea/c:pieChart", _NS)
    ser = pie.find(_q("c:ser"))
    points = []
    for index in range(len(values)):
        point = _el("c:dPt")
        _val("c:idx", index, point)
        _val("c:bubble3D", 0, point)
        point.append(_fill(index, edge="FFFFFF"))
        points.append(point)
    dlbls = _el("c:dLbls")
    for index, pct in enumerate(percents):
        # The text's percentage, as printed in the report, rather than one the application
        # rounds again (which need not add up to 100).
        label = _el("c:dLbl", dlbls)
        _val("c:idx", index, label)
        label.append(_rich(format_number(pct, places) + "%", TEXT_SIZE, CHART_FONT))
        label.append(_no_box())
        _val("c:dLblPos", "outEnd", label)
        _flags(label, percent=True)
    _el("c:numFmt", dlbls, formatCode="0" + ("." + "0" * places if places else "") + "%", sourceLinked="0")
    dlbls.append(_no_box())
    dlbls.append(_text_props())
    _val("c:dLblPos", "outEnd", dlbls)  # outside, on white: readable on every fill
    _flags(dlbls, percent=True)
    _val("c:showLeaderLines", 1, dlbls)
    anchor = ser.find(_q("c:tx"))
    for offset, element in enumerate([*points, dlbls], start=1):
        ser.insert(ser.index(anchor) + offset, element)
    _val("c:firstSliceAng", 0, pie)
    _legend(chart, "r")
    return space


_DRAWERS: dict[type, Callable[[Any], Any]] = {
    BarComparison: _bar_chart,
    ShareChart: _share_chart,
}


def _drawer_for(spec: object) -> Callable[[Any], Any]:
    try:
        return _DRAWERS[type(spec)]
    except KeyError:
        raise TypeError(f"no native chart is made for spec type {type(spec).__name__}") from None


def chart_xml(spec: object, workbook_rid: str | None = None) -> bytes:
    """The chart part's XML for ``spec``; ``workbook_rid`` links it to its embedded workbook.

    Raises ``TypeError`` for an unknown spec type and ``ValueError`` for a share chart whose
    values are all zero."""

    space = _drawer_for(spec)(spec)
    if workbook_rid is not None:
        external = _el("c:externalData")
        external.set(_q("r:id"), workbook_rid)
        _val("c:autoUpdate", 0, external)
        _insert_after(space, external, "c:chart", "c:spPr", "c:txPr")
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------------------------
# The embedded workbook
# --------------------------------------------------------------------------------------------


def _table(spec: object) -> tuple[list[str], list[tuple[str, list[Decimal]]]]:
    """(categories, [(series name, values)]) of a chart: what its XML shows and its workbook
    holds (a share chart's zero slices left out)."""
    if isinstance(spec, BarComparison):
        return list(spec.categories), [(name, list(values)) for name, values in spec.series]
    if isinstance(spec, ShareChart):
        slices = spec.slices()
        return [label for label, _ in slices], [(f"金额（{spec.unit}）", [value for _, value in slices])]
    _drawer_for(spec)  # raises TypeError naming the spec type
    raise AssertionError  # pragma: no cover


def workbook_bytes(spec: object) -> bytes:
    """The chart's data as an .xlsx: categories in A2 down, each series' name in row 1 and its
    values below, from column B (the cells the chart XML refers to). Same data, same bytes."""
    import xlsxwriter

    categories, series = _table(spec)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": _WORKBOOK_TIME, "author": "reportgen"})
    sheet = book.add_worksheet("Sheet1")
    amount = book.add_format({"num_format": "#,##0.00"})
    sheet.set_column(0, 0, max([8] + [2 * len(c) + 2 for c in categories]))
    sheet.set_column(1, len(series), 14)
    sheet.write_column(1, 0, categories)
    for column, (name, values) in enumerate(series, start=1):
        sheet.write_string(0, column, name)
        for row, value in enumerate(values, start=1):
            # A workbook cell is a binary double; %.16G of an amount's double is its exact text.
            sheet.write_number(row, column, float(value), amount)  # float-ok: xlsx cell, not arithmetic
    book.close()
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Into the document
# --------------------------------------------------------------------------------------------


# (maker, spec as written, arguments) → bytes: a re-render after a correction redraws only the
# charts whose figures changed. The spec's repr is the key, not the spec: Decimal("1.0") and
# Decimal("1.00") are equal but print differently.
_MADE: dict[tuple, bytes] = {}
_MADE_KEEP = 64
_MADE_LOCK = threading.Lock()


def _made(maker: Callable[..., bytes], spec: object, *args: Any) -> bytes:
    """``maker(spec, *args)``, remembered for the last few distinct specs of the process."""
    key = (maker.__name__, type(spec), repr(spec), args)
    with _MADE_LOCK:
        made = _MADE.get(key)
    if made is None:
        made = maker(spec, *args)
        with _MADE_LOCK:
            if len(_MADE) >= _MADE_KEEP:
                _MADE.pop(next(iter(_MADE)), None)
            _MADE[key] = made
    return made


def add_chart(part, spec: object, width_emu: int, height_emu: int, shape_id: int) -> str:
    """Add ``spec``'s chart part and workbook to the package of ``part`` (python-docx, usually
    the document part) and return the ``wp:inline`` element that shows it, as XML text."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = part.package
    xlsx = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        XLSX_CONTENT_TYPE,
        _made(workbook_bytes, spec),
        package,
    )
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    chart = Part(PackURI(chart_name), CHART_CONTENT_TYPE, b"", package)
    chart._blob = _made(chart_xml, spec, chart.relate_to(xlsx, RT_PACKAGE))  # python-docx: a Part's bytes
    rid = part.relate_to(chart, RT_CHART)
    number = chart_name.rsplit("chart", 1)[1].split(".")[0]
    return (
        f'<wp:inline distT="0" distB="0" distL="0" distR="0" '
        f'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'xmlns:a="{A}" xmlns:c="{C}" xmlns:r="{R}">'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="图表 {number}"/>'
        f"<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="{C}"><c:chart r:id="{rid}"/></a:graphicData></a:graphic>'
        f"</wp:inline>"
    )
