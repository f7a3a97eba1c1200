"""Draw ``Table`` data as Word tables in the rendered document (python-docx).

The template's 第二部分 loop leaves one anchor paragraph per table (``table.anchor``); after
docxtpl has rendered, each anchor is replaced by the unit line (编制单位 … 单位：万元), the table
and its 注. Every table gets its own section, portrait or landscape, so a wide table turns the
page and the report continues in portrait after it; page numbers run on. Raw XML (repeat header
rows, borders, section breaks) is in ``reportgen.docx_xml``.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import docx_xml
from . import Cell, Table

FONT = "宋体"
BODY_PT = 9  # 小五
HEADER_PT = 9
PORTRAIT_MARGINS = (37, 26, 35, 28)  # top, right, bottom, left (the body's, GB/T 9704)
LANDSCAPE_MARGINS = (28, 30, 26, 30)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def anchor(key: str) -> str:
    """The placeholder text the template prints where table ``key`` goes."""
    return f"〔决算表:{key}〕"


def _format(paragraph: Paragraph, text: str, *, size: float, bold: bool = False, align=None) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    fmt.left_indent = Pt(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.keep_with_next = False
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        docx_xml.set_fonts(run._r, FONT)


def _place(rows: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of each cell on the grid, skipping positions taken by spans above."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(1, cell.rowspan):  # this row's own positions are passed by c already
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


KEEP_LAST = 3  # the last rows (the total and two above it) are kept on one page


def draw_table(document: DocxDocument, spec: Table):
    """The ``w:tbl`` element of ``spec``, appended to ``document`` (move it where it belongs)."""
    return docx_xml.append_body_xml(document, [table_xml(spec)])[0]


def table_xml(spec: Table) -> str:
    """The ``w:tbl`` of ``spec`` as a WordprocessingML string."""
    grid = [*spec.header, *(row.cells for row in spec.rows)]
    kinds = ["header"] * len(spec.header) + [row.kind for row in spec.rows]
    texts = [[""] * spec.width for _ in grid]
    aligns = [["left"] * spec.width for _ in grid]
    merges = []
    for r, c, cell in _place(grid):
        texts[r][c] = cell.display
        aligns[r][c] = cell.align or ("right" if cell.value is not None else "left")
        if cell.colspan > 1 or cell.rowspan > 1:
            merges.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
    return _grid_xml(
        tuple(map(tuple, texts)), tuple(map(tuple, aligns)), tuple(kinds), tuple(spec.columns_mm), tuple(merges), len(spec.header)
    )


@functools.lru_cache(maxsize=32)
def _grid_xml(
    texts: tuple[tuple[str, ...], ...], aligns: tuple[tuple[str, ...], ...], kinds: tuple[str, ...],
    columns_mm: tuple[float, ...], merges: tuple[tuple[int, int, int, int], ...], header_rows: int,
) -> str:
    """The table XML of a grid of texts, remembered by the grid: a correction changes a few
    tables, and a re-render draws only those again."""
    makers: dict[tuple, object] = {}  # one paragraph maker per formatting

    def paragraph(r: int, c: int, text: str) -> str:
        header = kinds[r] == "header"
        align = aligns[r][c]
        key = (header, header or kinds[r] in ("total", "class"), align, not header and len(texts) - KEEP_LAST <= r < len(texts) - 1)
        make = makers.get(key)
        if make is None:
            make = makers[key] = docx_xml.cell_paragraph_maker(
                east_asia=FONT, size_pt=HEADER_PT if header else BODY_PT, bold=key[1], align=ALIGN[align], keep_next=key[3],
            )
        return make(text)

    return docx_xml.grid_table_xml(texts, columns_mm, paragraph, merges=merges, header_rows=header_rows, borders=True, row_height_mm=5)


_LINE_PPR = '<w:spacing w:line="240" w:lineRule="auto" w:before="0" w:after="0"/>'


@functools.lru_cache(maxsize=8)
def _line_rpr(size: float) -> str:
    half_points = int(Pt(size) / Pt(0.5))
    return (
        f'<w:rPr><w:rFonts w:ascii="{docx_xml.LATIN_FONT}" w:hAnsi="{docx_xml.LATIN_FONT}" w:cs="{docx_xml.LATIN_FONT}" '
        f'w:eastAsia="{FONT}" w:hint="eastAsia"/><w:b w:val="0"/><w:sz w:val="{half_points}"/></w:rPr>'
    )


def _unit_line_xml(unit_name: str, width_mm: float) -> str:
    """编制单位 … on the left, 单位：万元 at the right edge of the table (a right tab stop), kept
    with the table; 10 pt 宋体, single spacing, no indent (the XML python-docx's paragraph API
    wrote, built as a string)."""
    rpr = _line_rpr(10)
    return (
        f'<w:p><w:pPr><w:keepNext/><w:tabs><w:tab w:pos="{Mm(width_mm).twips}" w:val="right"/></w:tabs>{_LINE_PPR}'
        '<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
        f"<w:r>{rpr}{docx_xml.run_content_xml(f'编制单位：{unit_name}')}</w:r>"
        f"<w:r>{rpr}{docx_xml.run_content_xml(chr(9) + '单位：万元')}</w:r></w:p>"
    )


def _footnote_xml(text: str) -> str:
    """The 注 under a table: 10 pt 宋体, left, single spacing, no indent."""
    run = f"<w:r>{_line_rpr(10)}{docx_xml.run_content_xml(text)}</w:r>" if text else ""
    return (
        f'<w:p><w:pPr><w:keepNext w:val="0"/>{_LINE_PPR}<w:ind w:firstLine="0" w:left="0"/><w:jc w:val="left"/></w:pPr>'
        f"{run}</w:p>"
    )


def _anchors(document: DocxDocument) -> dict:
    """The template's anchor paragraphs (〔决算表:…〕 and the end anchor; ``w:p`` elements) by
    text, found in one pass."""
    out = {}
    for p in _MAY_BE_ANCHOR(document.element.body):  # text starting with 〔 has it in a w:t
        text = docx_xml.paragraph_text(p).strip()
        if text.startswith("〔"):
            out[text] = p
    return out


_MAY_BE_ANCHOR = etree.XPath("w:p[.//w:t[contains(., '〔')]]", namespaces={"w": docx_xml.W_NS})


def _table_element(document: DocxDocument, spec: Table, splice: bool):
    xml = table_xml(spec)
    return docx_xml.splice_later(document, xml) if splice else docx_xml.parse_body_xml([xml])[0]


def insert_tables(document: DocxDocument, tables: Iterable[Table], unit_name: str, end_anchor: str, *, splice: bool = False) -> int:
    """Replace each table's anchor paragraph by the drawn table; returns how many were placed.

    A section break goes before each table's title (ending the previous section with its
    orientation) and one at ``end_anchor`` (ending the last table's section). ``splice`` leaves
    each table a placeholder whose text is written with the document's bytes
    (``docx_xml.splice_later``): for a document nothing reads the tables of before it is saved.
    """
    placed = 0
    previous_landscape = False
    anchors = _anchors(document)
    breaks: dict[bool, object] = {}  # the body's section properties do not change here: made once

    def section_break(landscape: bool):
        if landscape not in breaks:
            margins = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
            breaks[landscape] = docx_xml.section_break(document, landscape=landscape, margins_mm=margins)
        return copy.deepcopy(breaks[landscape])

    headings = {style_id for style_id, name in docx_xml.style_names(document) if name is not None and name.startswith("Heading")}
    for spec in tables:
        anchor_p = anchors.get(anchor(spec.key))
        if anchor_p is None:
            continue
        title = anchor_p.getprevious()
        before = title if title is not None else anchor_p
        if not placed:
            # The part's own heading (第二部分 …) goes on the first table's page, as in the
            # official layout, not alone on a page before it.
            while (above := before.getprevious()) is not None and docx_xml.paragraph_style_id(above) in headings:
                before = above
        before.addprevious(section_break(previous_landscape))
        fragments = [_unit_line_xml(unit_name, sum(spec.columns_mm))]
        if spec.footnote:
            fragments.append(_footnote_xml(spec.footnote))
        line, *note = docx_xml.parse_body_xml(fragments)
        for element in (line, _table_element(document, spec, splice), *note):
            anchor_p.addprevious(element)
        anchor_p.getparent().remove(anchor_p)
        previous_landscape = spec.landscape
        placed += 1
    end = anchors.get(end_anchor)
    if end is not None:
        if placed:
            end.addprevious(section_break(previous_landscape))
        end.getparent().remove(end)
    return placed


def insert_plain_tables(document: DocxDocument, tables: Iterable[Table], *, splice: bool = False) -> int:
    """Replace each table's anchor by the drawn table, in the flow of the text (no unit line, no
    page section of its own): the 单位构成 table of 第一部分. ``splice`` as for :func:`insert_tables`."""
    anchors = _anchors(document)
    placed = 0
    for spec in tables:
        anchor_p = anchors.get(anchor(spec.key))
        if anchor_p is None:
            continue
        anchor_p.addprevious(_table_element(document, spec, splice))
        anchor_p.getparent().remove(anchor_p)
        placed += 1
    return placed
