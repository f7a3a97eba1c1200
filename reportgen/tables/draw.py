"""Draw ``Table`` data as Word tables in the rendered document (python-docx).

The template's 第二部分 loop leaves one anchor paragraph per table (``table.anchor``); after
docxtpl has rendered, each anchor is replaced by the unit line (编制单位 … 单位：万元), the table
and its 注. Every table gets its own section, portrait or landscape, so a wide table turns the
page and the report continues in portrait after it; page numbers run on. Raw XML (repeat header
rows, borders, section breaks) is in ``reportgen.docx_xml``.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

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
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


KEEP_LAST = 3  # the last rows (the total and two above it) are kept on one page


def draw_table(document: DocxDocument, spec: Table):
    """The ``w:tbl`` element of ``spec``, appended to ``document`` (move it where it belongs)."""
    grid = [*spec.header, *(row.cells for row in spec.rows)]
    kinds = ["header"] * len(spec.header) + [row.kind for row in spec.rows]
    texts = [[""] * spec.width for _ in grid]
    cells: dict[tuple[int, int], Cell] = {}
    merges = []
    for r, c, cell in _place(grid):
        texts[r][c] = cell.display
        cells[(r, c)] = cell
        if cell.colspan > 1 or cell.rowspan > 1:
            merges.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))

    def paragraph(r: int, c: int, text: str) -> str:
        cell = cells.get((r, c))
        header = kinds[r] == "header"
        align = "left" if cell is None else cell.align or ("right" if cell.value is not None else "left")
        return docx_xml.cell_paragraph_xml(
            text, east_asia=FONT, size_pt=HEADER_PT if header else BODY_PT,
            bold=header or kinds[r] in ("total", "class"), align=ALIGN[align],
            keep_next=not header and len(grid) - KEEP_LAST <= r < len(grid) - 1,
        )

    return docx_xml.grid_table(
        document, texts, spec.columns_mm, paragraph, merges=merges, header_rows=len(spec.header),
        borders=True, row_height_mm=5,
    )


def _unit_line(document: DocxDocument, unit_name: str, width_mm: float) -> Paragraph:
    paragraph = document.add_paragraph()
    _format(paragraph, f"编制单位：{unit_name}", size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
    _format(paragraph, "\t单位：万元", size=10)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _footnote(document: DocxDocument, text: str) -> Paragraph:
    paragraph = document.add_paragraph()
    _format(paragraph, text, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    return paragraph


def _anchors(document: DocxDocument) -> dict[str, Paragraph]:
    """The template's anchor paragraphs (〔决算表:…〕 and the end anchor) by text, found in one pass."""
    return {text: p for p in document.paragraphs if (text := p.text.strip()).startswith("〔")}


def insert_tables(document: DocxDocument, tables: Iterable[Table], unit_name: str, end_anchor: str) -> int:
    """Replace each table's anchor paragraph by the drawn table; returns how many were placed.

    A section break goes before each table's title (ending the previous section with its
    orientation) and one at ``end_anchor`` (ending the last table's section).
    """
    placed = 0
    previous_landscape = False
    anchors = _anchors(document)
    headings = {style.style_id for style in document.styles if style.name.startswith("Heading")}
    for spec in tables:
        anchor_p = anchors.get(anchor(spec.key))
        if anchor_p is None:
            continue
        title = anchor_p._p.getprevious()
        before = title if title is not None else anchor_p._p
        if not placed:
            # The part's own heading (第二部分 …) goes on the first table's page, as in the
            # official layout, not alone on a page before it.
            while (above := before.getprevious()) is not None and docx_xml.paragraph_style_id(above) in headings:
                before = above
        margins = LANDSCAPE_MARGINS if previous_landscape else PORTRAIT_MARGINS
        before.addprevious(docx_xml.section_break(document, landscape=previous_landscape, margins_mm=margins))
        width = sum(spec.columns_mm)
        line = _unit_line(document, unit_name, width)
        table = draw_table(document, spec)
        anchor_p._p.addprevious(line._p)
        anchor_p._p.addprevious(table)
        if spec.footnote:
            anchor_p._p.addprevious(_footnote(document, spec.footnote)._p)
        anchor_p._p.getparent().remove(anchor_p._p)
        previous_landscape = spec.landscape
        placed += 1
    end = anchors.get(end_anchor)
    if end is not None:
        if placed:
            margins = LANDSCAPE_MARGINS if previous_landscape else PORTRAIT_MARGINS
            end._p.addprevious(docx_xml.section_break(document, landscape=previous_landscape, margins_mm=margins))
        end._p.getparent().remove(end._p)
    return placed
