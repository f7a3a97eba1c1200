"""Native Word charts: the chart XML and embedded workbook of each spec, and the charts of the
rendered reports read back from the .docx."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import FICTIONAL, ZENGDU, docx_text
from lxml import etree

from reportgen.charts import (
    BarComparison,
    ShareChart,
    grey_level,
    largest_remainder_percentages,
    palette,
)
from reportgen.native_charts import CHART_FONT, CHART_TITLE_FONT, chart_xml, workbook_bytes

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
R_ID = f"{{{NS['r']}}}id"


def d(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def totals_chart() -> BarComparison:
    return BarComparison(
        "收、支决算总计变动情况",
        ("收入总计", "支出总计"),
        (("2022年度", d("888.33", "888.33")), ("2023年度", d("921.96", "921.96"))),
    )


def income_chart(places: int = 1) -> ShareChart:
    return ShareChart(
        "收入决算结构",
        ("财政拨款收入", "上级补助收入", "事业收入", "其他收入"),
        d("905.31", "0", "0", "16.65"),
        places=places,
    )


def parse(xml: bytes):
    return etree.fromstring(xml)


def series_values(space) -> list[list[Decimal]]:
    return [
        [Decimal(v) for v in ser.xpath("c:val//c:pt/c:v/text()", namespaces=NS)]
        for ser in space.xpath("//c:ser", namespaces=NS)
    ]


def categories(space) -> list[str]:
    return space.xpath("(//c:ser)[1]/c:cat//c:pt/c:v/text()", namespaces=NS)


def title(space) -> str:
    return "".join(space.xpath("c:chart/c:title//a:t/text()", namespaces=NS))


def point_labels(space) -> list[str]:
    return ["".join(lbl.xpath("c:tx//a:t/text()", namespaces=NS)) for lbl in space.xpath("//c:dLbl", namespaces=NS)]


def fills(space) -> list[str]:
    """The fill of each series (bars) or slice (pie), as ``colour`` or ``pattern:colour``."""
    out = []
    owners = space.xpath("//c:dPt/c:spPr", namespaces=NS) or space.xpath("//c:ser/c:spPr", namespaces=NS)
    for sp in owners:
        solid = sp.xpath("a:solidFill/a:srgbClr/@val", namespaces=NS)
        if solid:
            out.append(solid[0])
        else:
            pattern = sp.find("a:pattFill", NS)
            out.append(f"{pattern.get('prst')}:{pattern.xpath('a:bgClr/a:srgbClr/@val', namespaces=NS)[0]}")
    return out


# ---------------------------------------------------------------------------- chart XML


def test_bar_chart__clustered_columns_with_the_spec_amounts_categories_and_title():
    space = parse(chart_xml(totals_chart()))
    bar = space.find("c:chart/c:plotArea/c:barChart", NS)
    assert bar.find("c:barDir", NS).get("val") == "col"
    assert bar.find("c:grouping", NS).get("val") == "clustered"
    assert series_values(space) == [list(d("888.33", "888.33")), list(d("921.96", "921.96"))]
    assert space.xpath("//c:ser/c:tx//c:v/text()", namespaces=NS) == ["2022年度", "2023年度"]
    assert categories(space) == ["收入总计", "支出总计"]
    assert title(space) == "收、支决算总计变动情况"
    assert space.find("c:chart/c:autoTitleDeleted", NS).get("val") == "0"
    # value labels with two places, the unit on the value axis, the axis from zero, a legend
    assert space.xpath("//c:ser/c:dLbls/c:numFmt/@formatCode", namespaces=NS) == ["0.00", "0.00"]
    assert space.xpath("//c:ser/c:dLbls/c:showVal/@val", namespaces=NS) == ["1", "1"]
    assert "".join(space.xpath("//c:valAx/c:title//a:t/text()", namespaces=NS)) == "万元"
    assert space.xpath("//c:valAx/c:scaling/c:min/@val", namespaces=NS) == ["0"]
    assert space.xpath("c:chart/c:legend/c:legendPos/@val", namespaces=NS) == ["b"]
    assert space.xpath("//c:ser/c:invertIfNegative/@val", namespaces=NS) == ["0", "0"]


def test_bar_chart__negative_amounts_keep_the_axis_free_below_zero():
    space = parse(chart_xml(BarComparison("结余", ("年末结转和结余",), (("2023年度", d("-12.50")),))))
    assert series_values(space) == [[Decimal("-12.50")]]
    assert space.xpath("//c:valAx/c:scaling/c:min", namespaces=NS) == []
    assert space.xpath("//c:valAx/c:scaling/c:max/@val", namespaces=NS) == ["0"]
    assert space.xpath("c:chart/c:legend", namespaces=NS) == []  # one series: no legend


def test_bar_chart__all_zero_amounts_keep_a_usable_axis():
    space = parse(chart_xml(BarComparison("零", ("收入总计",), (("2023年度", d("0")),))))
    assert space.xpath("//c:valAx/c:scaling/c:min/@val", namespaces=NS) == ["0"]
    assert space.xpath("//c:valAx/c:scaling/c:max", namespaces=NS) == []


def test_text__markup_characters_in_names_stay_text():
    spec = ShareChart("A&B <结构>", ("甲&乙", "<丙>"), d("1", "2"))
    space = parse(chart_xml(spec))
    assert title(space) == "A&B <结构>"
    assert categories(space) == ["甲&乙", "<丙>"]
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook_bytes(spec))).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["甲&乙", "<丙>"]


def test_every_text_in_the_east_asian_font_of_the_document():
    for spec in (totals_chart(), income_chart()):
        space = parse(chart_xml(spec))
        faces = space.xpath("//a:ea/@typeface", namespaces=NS)
        assert faces and set(faces) <= {CHART_FONT, CHART_TITLE_FONT}
        assert space.xpath("c:chart/c:title//a:rPr/a:ea/@typeface", namespaces=NS) == [CHART_TITLE_FONT]
        assert space.xpath("c:txPr//a:defRPr/a:ea/@typeface", namespaces=NS) == [CHART_FONT]
        # every run of text says what it is: no text properties without an East Asian font
        for props in space.xpath("//a:defRPr | //a:rPr", namespaces=NS):
            assert props.find("a:ea", NS) is not None


@pytest.mark.parametrize("places", [1, 2])
def test_share_chart__pie_of_the_nonzero_slices_labelled_with_the_texts_percentages(places):
    spec = income_chart(places)
    space = parse(chart_xml(spec))
    assert space.find("c:chart/c:plotArea/c:pieChart", NS) is not None
    assert categories(space) == ["财政拨款收入", "其他收入"]  # zero slices left out
    assert series_values(space) == [list(d("905.31", "16.65"))]
    assert title(space) == "收入决算结构"
    expected = largest_remainder_percentages(list(d("905.31", "16.65")), places)
    assert point_labels(space) == [f"{p:.{places}f}%" for p in expected]
    assert point_labels(space) == (["98.2%", "1.8%"] if places == 1 else ["98.19%", "1.81%"])
    assert space.xpath("c:chart/c:legend/c:legendPos/@val", namespaces=NS) == ["r"]


def test_share_chart__printed_percentages_add_up_to_exactly_100():
    space = parse(chart_xml(ShareChart("三等分", ("甲", "乙", "丙"), d("1", "1", "1"), places=2)))
    labels = point_labels(space)
    assert sorted(labels) == ["33.33%", "33.33%", "33.34%"]
    assert sum(Decimal(label.rstrip("%")) for label in labels) == 100


def test_fills__series_and_slices_print_apart_in_grey():
    colours = palette()
    bars = fills(parse(chart_xml(totals_chart())))
    assert bars == list(colours[:2])
    assert abs(grey_level(bars[0]) - grey_level(bars[1])) >= 100
    five = ShareChart("支出结构", tuple("甲乙丙丁戊"), d("50", "20", "15", "10", "5"))
    slices = fills(parse(chart_xml(five)))
    assert slices == list(colours[:5])
    greys = [grey_level(c) for c in slices]
    assert min(abs(a - b) for a, b in combinations(greys, 2)) >= 25


def test_fills__more_slices_than_colours_get_patterns_and_never_repeat():
    many = ShareChart("结构", tuple(f"类{i}" for i in range(12)), tuple(Decimal(20 - i) for i in range(12)))
    slices = fills(parse(chart_xml(many)))
    assert len(slices) == 12 and len(set(slices)) == 12
    assert all(":" in fill for fill in slices[len(palette()) :])


def test_chart_xml__workbook_link_and_no_rounded_corners():
    space = parse(chart_xml(totals_chart(), "rId7"))
    assert space.find("c:externalData", NS).get(R_ID) == "rId7"
    assert space.find("c:roundedCorners", NS).get("val") == "0"
    # schema order: the chart, its ground and text, then the workbook link
    tags = [etree.QName(child).localname for child in space]
    assert tags[-4:] == ["chart", "spPr", "txPr", "externalData"]


def test_chart_xml__unknown_spec_type_and_all_zero_shares_refused():
    class LineChart:
        pass

    with pytest.raises(TypeError, match="LineChart"):
        chart_xml(LineChart())
    with pytest.raises(TypeError, match="LineChart"):
        workbook_bytes(LineChart())
    with pytest.raises(ValueError, match="zero"):
        chart_xml(ShareChart("空", ("甲", "乙"), d("0", "0")))


# ---------------------------------------------------------------------------- embedded workbook


@pytest.mark.parametrize("spec", [totals_chart(), income_chart()], ids=["bars", "shares"])
def test_workbook__same_numbers_as_the_chart_and_same_bytes_each_time(spec):
    data = workbook_bytes(spec)
    assert data == workbook_bytes(spec)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    space = parse(chart_xml(spec))
    assert [row[0] for row in rows[1:]] == categories(space)
    names = space.xpath("//c:ser/c:tx//c:v/text()", namespaces=NS)
    assert list(rows[0][1:]) == names
    columns = [[Decimal(str(row[i])) for row in rows[1:]] for i in range(1, len(names) + 1)]
    assert columns == series_values(space)
    # the cells the chart XML names are these cells
    refs = space.xpath("//c:val/c:numRef/c:f/text()", namespaces=NS)
    assert refs[0] == f"Sheet1!$B$2:$B${len(rows)}"


def test_workbook__fixed_dates_inside():
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(totals_chart()))) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core


# ---------------------------------------------------------------------------- in the report


def charts_of(docx_path: Path) -> list[tuple[object, bytes]]:
    """(chart XML, embedded workbook bytes) of every chart, in the order the document shows them."""
    with zipfile.ZipFile(docx_path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel for rel in rels}
        types = etree.fromstring(z.read("[Content_Types].xml"))
        out = []
        for chart in document.xpath("//c:chart", namespaces=NS):
            rel = targets[chart.get(R_ID)]
            assert rel.get("Type").endswith("/relationships/chart")
            name = posixpath.normpath(posixpath.join("word", rel.get("Target")))
            override = types.xpath(f"ct:Override[@PartName='/{name}']/@ContentType", namespaces=NS)
            assert override == ["application/vnd.openxmlformats-officedocument.drawingml.chart+xml"]
            space = etree.fromstring(z.read(name))
            chart_rels = etree.fromstring(z.read(posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")))
            link = space.find("c:externalData", NS).get(R_ID)
            (target,) = [r.get("Target") for r in chart_rels if r.get("Id") == link]
            out.append((space, z.read(posixpath.normpath(posixpath.join(posixpath.dirname(name), target)))))
        assert not [n for n in z.namelist() if n.startswith("word/media/")]  # no pictures
    return out


def test_zengdu__five_native_charts_titled_as_their_captions(rendered_zengdu):
    charts = charts_of(rendered_zengdu)
    assert [title(space) for space, _ in charts] == [
        "收、支决算总计变动情况",
        "收入决算结构",
        "支出决算结构",
        "财政拨款收、支决算总计变动情况",
        "一般公共预算财政拨款支出结构",
    ]
    text = docx_text(rendered_zengdu)
    for number, (space, _) in enumerate(charts, start=1):
        assert f"图{number}：{title(space)}" in text


def test_zengdu__chart_figures_are_the_texts(rendered_zengdu):
    charts = charts_of(rendered_zengdu)
    text = docx_text(rendered_zengdu)
    totals = charts[0][0]
    assert series_values(totals) == [list(d("888.33", "888.33")), list(d("921.96", "921.96"))]
    fig5 = charts[4][0]
    assert categories(fig5) == ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"]
    assert series_values(fig5) == [list(d("685.19", "111.83", "60.07", "48.22"))]
    assert point_labels(fig5) == ["75.7%", "12.4%", "6.6%", "5.3%"]  # 曾都 prints one place
    for name, label in zip(categories(fig5), point_labels(fig5), strict=True):
        # the text names each class with its share, as the chart labels it
        assert re.search(f"{name}[^。]*{re.escape(label)}", text)
    income = charts[1][0]
    assert point_labels(income) == ["98.2%", "1.8%"]
    assert "占本年收入98.2%" in text and "占本年收入1.8%" in text
    for space, workbook in charts:  # every chart's data opens in a spreadsheet, same numbers
        rows = list(openpyxl.load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True))
        columns = [[Decimal(str(row[i])) for row in rows[1:]] for i in range(1, len(rows[0]))]
        assert columns == series_values(space)


def test_fictional__percentages_with_the_two_places_of_its_text(rendered_fictional):
    places = yaml.safe_load(FICTIONAL.read_text(encoding="utf-8"))["presentation"]["percent_places"]
    assert places == 2
    text = docx_text(rendered_fictional)
    pies = [space for space, _ in charts_of(rendered_fictional) if space.find(".//c:pieChart", NS) is not None]
    assert pies
    for space in pies:
        labels = point_labels(space)
        assert labels and all(re.fullmatch(r"\d+\.\d{2}%", label) for label in labels)
        assert sum(Decimal(label.rstrip("%")) for label in labels) == 100
        for label in labels:
            assert label in text


def test_image_form__pictures_instead_of_charts_when_the_input_asks(tmp_path):
    from docx import Document

    from reportgen.pipeline import render

    data = yaml.safe_load(ZENGDU.read_text(encoding="utf-8"))
    data["presentation"]["charts"] = "image"
    source = tmp_path / "zengdu_image.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    render(source, first)
    render(source, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        names = z.namelist()
    assert not [n for n in names if n.startswith(("word/charts/", "word/embeddings/"))]
    document = Document(str(first))
    blobs = [rel.target_part.blob for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(blobs) == 5 and all(blob.startswith(b"\x89PNG") for blob in blobs)
    assert "图5：一般公共预算财政拨款支出结构" in docx_text(first)


def test_chart_form__unknown_value_is_an_input_error_naming_its_place(tmp_path):
    from reportgen.diagnostics import ReportgenError
    from reportgen.pipeline import render

    text = ZENGDU.read_text(encoding="utf-8").replace("  region: default\n", "  region: default\n  charts: png\n")
    source = tmp_path / "bad.yaml"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ReportgenError) as info:
        render(source, tmp_path / "bad.docx")
    assert "presentation.charts" in str(info.value)
    assert not (tmp_path / "bad.docx").exists()
