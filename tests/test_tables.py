"""The nine public tables, read back from the rendered .docx."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml

from reportgen.pipeline import prepare, render
from reportgen.tables import ordered_tables

ROOT = Path(__file__).resolve().parent.parent
ZENGDU = ROOT / "sample_inputs" / "zengdu_2023.yaml"
YUAN = ROOT / "tests" / "data" / "yuan_thirds.yaml"
TITLES = [
    "一、收入支出决算总表",
    "二、收入决算表",
    "三、支出决算表",
    "四、财政拨款收入支出决算总表",
    "五、一般公共预算财政拨款支出决算表",
    "六、一般公共预算财政拨款基本支出决算明细表",
    "七、政府性基金预算财政拨款收入支出决算表",
    "八、国有资本经营预算财政拨款支出决算表",
    "九、财政拨款“三公”经费支出决算表",
]


def _texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _row(table, label: str) -> list[str]:
    return next(r for r in _texts(table) if label in r)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


@pytest.fixture(scope="module")
def zengdu(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables") / "zengdu.docx"
    render(ZENGDU, out)
    return docx.Document(str(out))


def test_tables__nine_titles_in_order(zengdu):
    headings = [p.text for p in zengdu.paragraphs if p.style.name == "Heading 2" and p.text in TITLES]
    assert headings == TITLES
    assert len(zengdu.tables) == 9 + 2 * 12  # the nine public tables, then the 12 自评表 of 第六部分 (two grids each)


def test_tables__income_table_headers_and_rows(zengdu):
    table = zengdu.tables[1]
    header = " ".join(_texts(table)[0])
    for name in ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
        assert name in header
    assert _row(table, "201")[1] == "一般公共服务支出"
    assert _row(table, "20103")[1] == "政府办公厅（室）及相关机构事务"
    assert _row(table, "2010301")[1:5] == ["行政运行", "701.84", "685.19", ""]


def test_tables__total_table_income_total_and_class_list(zengdu):
    table = zengdu.tables[0]
    assert _row(table, "本年收入合计")[1] == "921.96"
    labels = [r[2] for r in _texts(table)]
    assert "一、一般公共服务支出" in labels and "二十四、抗疫特别国债安排的支出" in labels
    assert _row(table, "二、外交支出")[3] == ""  # zero cells are blank


def test_tables__general_budget_row_is_basic_plus_project(zengdu):
    row = _row(zengdu.tables[4], "2010301")
    assert row[2:5] == ["685.19", "534.07", "151.12"]
    assert _number(row[2]) == _number(row[3]) + _number(row[4])


def test_tables__three_public_totals(zengdu):
    values = _texts(zengdu.tables[8])[-1]
    actual = values[1::2]  # 决算数 columns: 合计, 出国, 车小计, 购置, 运行, 接待
    assert actual == ["32.99", "6.33", "26.67", "", "26.67", ""]  # the 合计 as printed (its items: 33.00)
    assert _number(actual[1]) + _number(actual[2]) + _number(actual[5]) - _number(actual[0]) == _number("0.01")


def test_tables__empty_fund_tables_keep_frame_and_note(zengdu):
    for index in (6, 7):
        table = zengdu.tables[index]
        rows = _texts(table)
        assert rows[2][0] == "合计" and all(cell in ("合计", "") for cell in rows[2])
        assert len(rows) >= 4  # header, 合计 and a blank row: the frame stays
    paragraphs = [p.text for p in zengdu.paragraphs]
    assert "说明：本单位2023年度无政府性基金预算财政拨款收入支出情况。" in paragraphs
    assert "说明：本单位2023年度无国有资本经营预算财政拨款支出情况。" in paragraphs


def test_tables__header_rows_repeat(zengdu):
    from docx.oxml.ns import qn

    first = zengdu.tables[1].rows[0]._tr
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None


def test_tables__wide_tables_in_landscape_sections(zengdu):
    orientations = [s.page_width > s.page_height for s in zengdu.sections]
    assert any(orientations) and not orientations[0] and not orientations[-1]


def test_tables__part_heading_starts_the_first_tables_page(zengdu):
    """第二部分 is on the page of 收入支出决算总表 (a section break before the heading, none
    between it and the table), not alone on a page of its own."""
    from docx.oxml.ns import qn

    body = list(zengdu.element.body)

    def text(element) -> str:
        return "".join(element.xpath(".//w:t/text()")) if element.tag == qn("w:p") else ""

    def ends_section(element) -> bool:
        return element.tag == qn("w:p") and element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None

    def style(element) -> str:
        return element.xpath("string(w:pPr/w:pStyle/@w:val)") if element.tag == qn("w:p") else ""

    heading = next(i for i, e in enumerate(body) if style(e) == "Heading1" and text(e).startswith("第二部分"))
    first_table = next(i for i, e in enumerate(body) if e.tag == qn("w:tbl"))
    assert ends_section(body[heading - 1])
    assert text(body[heading + 1]) == TITLES[0]
    assert not any(ends_section(e) for e in body[heading:first_table])


def test_tables__empty_cells_as_high_as_filled_ones(zengdu):
    """An empty cell's paragraph mark has the table's font size, not the body text's 三号."""
    from docx.oxml.ns import qn

    table = zengdu.tables[0]
    sizes = set()
    for cell in (table.cell(5, 0), table.cell(5, 1), table.cell(2, 1)):  # a label, an empty amount, 905.31
        paragraph = cell.paragraphs[0]._p
        mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:sz')}")
        assert mark is not None, cell.text
        sizes.add(mark.get(qn("w:val")))
    assert table.cell(5, 1).text == "" and table.cell(2, 1).text == "905.31"
    assert len(sizes) == 1 and int(sizes.pop()) <= 24  # 12 pt or less


def test_tables__shanghai_order(tmp_path):
    data = yaml.safe_load(ZENGDU.read_text(encoding="utf-8"))
    data["presentation"]["region"] = "shanghai"
    path = tmp_path / "sh.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    keys = [t.key for t in ordered_tables(prepare(path).accounts)]
    assert keys[6:] == ["three_public", "gov_fund", "state_capital"]
    out = tmp_path / "sh.docx"
    render(path, out)
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 2" and "决算" in p.text and "表" in p.text]
    assert headings[6] == "七、财政拨款“三公”经费支出决算表"


# -- 舍位平衡: input in 元 ---------------------------------------------------------------------
def test_units__yuan_thirds_add_up_in_tables(tmp_path):
    out = tmp_path / "yuan.docx"
    rendered = render(YUAN, out)
    doc = docx.Document(str(out))
    income = _texts(doc.tables[1])
    total = _number(_row(doc.tables[1], "合计")[2])
    items = [_number(r[2]) for r in income if len(r[0]) == 7 and r[0].isdigit()]
    classes = [_number(r[2]) for r in income if len(r[0]) == 3 and r[0].isdigit()]
    assert total == Decimal("1.00") == sum(items) == sum(classes)
    gb = _texts(doc.tables[4])
    assert _number(gb[-1][2]) == sum(_number(r[2]) for r in gb if len(r[0]) == 7 and r[0].isdigit()) == Decimal("1.00")
    basic = _row(doc.tables[5], "人员经费合计")
    assert _number(basic[2]) + _number(basic[5]) == Decimal("1.00")
    three = _texts(doc.tables[8])[-1]
    assert _number(three[1]) == _number(three[3]) + _number(three[5]) + _number(three[11]) == Decimal("1.00")
    rules = [i.rule for i in rendered.prepared.issues]
    assert "units.rounding_adjustment" in rules


def test_units__text_figures_equal_table_figures(tmp_path):
    out = tmp_path / "yuan.docx"
    render(YUAN, out)
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "1.00万元" in text
    table_total = _row(doc.tables[0], "本年收入合计")[1]
    assert f"{table_total}万元" in text


def test_units__share_out_gives_residual_to_largest():
    from reportgen.units import share_out

    parts = share_out(Decimal("1.00"), [Decimal("0.333333"), Decimal("0.333334"), Decimal("0.333333")])
    assert parts == [Decimal("0.33"), Decimal("0.34"), Decimal("0.33")]


def test_units__wan_amounts_below_the_cent_are_balanced_too(tmp_path):
    """A 万元 input holding 元 precision (e.g. a workbook sheet kept in 元) is brought to the cent
    with 舍位平衡 as well: three items of 0.333333 万元 print 0.34 + 0.33 + 0.33 = 1.00."""
    from decimal import Decimal

    from reportgen.accounts import compute
    from reportgen.loader import load_document
    from reportgen.units import to_wan
    from reportgen.validate import build_model

    document = load_document(Path(__file__).parent / "data" / "yuan_thirds.yaml")
    model = build_model(document)
    for item in model.functions:
        item.income.general_budget = Decimal("0.333333")
    model.amount_unit = "万元"
    converted, adjustments = to_wan(model, document)
    accounts = compute(converted)
    assert accounts.income["general_budget"] == Decimal("1.00")
    assert sorted(item.income.general_budget for item in converted.functions) == [Decimal("0.33"), Decimal("0.33"), Decimal("0.34")]
    assert len([a for a in adjustments if "income.general_budget" in a.source.path]) == 1
