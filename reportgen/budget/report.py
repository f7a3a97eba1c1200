"""Render the budget report: the docxtpl template filled with the sections, then the tables
drawn where the template left their anchors (each table on its own page, landscape where wide,
with 部门：… on the left and 金额单位：万元 on the right above it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm

from .. import docx_xml
from ..determinism import document_time, docx_bytes
from ..diagnostics import Issue
from ..resources import resource_path
from ..tables import Table
from ..tables.draw import ALIGN, LANDSCAPE_MARGINS, PORTRAIT_MARGINS, _format, _place
from .accounts import BudgetAccounts
from .outline import build_outline
from .sections import build_context, words

END_ANCHOR = "〔预算表:end〕"
FONT = "宋体"


def anchor(key: str, part: int = 0) -> str:
    return f"〔预算表:{key}:{part}〕"


def default_template() -> Path:
    return resource_path("templates", "budget.docx")


def table_entries(acc: BudgetAccounts, tables: dict[str, list[Table]]) -> list[dict[str, Any]]:
    entries = []
    for spec in acc.profile.tables:
        parts = tables.get(spec.key)
        if not parts:
            entries.append({"key": spec.key, "number": spec.number, "title": acc.model.presentation.table_titles.get(spec.key, spec.title),
                            "anchor": anchor(spec.key), "note": words(acc, "targets_missing")})
            continue
        for i, table in enumerate(parts):
            note = ""
            if acc.model.presentation.empty_table_note and not any(r.kind == "item" for r in table.rows):
                note = words(acc, "empty_table_note", title=table.title)
            entries.append({"key": spec.key, "number": spec.number, "title": table.title, "anchor": anchor(spec.key, i), "note": note})
    return entries


def draw(document, spec: Table, size: float):
    grid = [*spec.header, *(row.cells for row in spec.rows)]
    kinds = ["header"] * len(spec.header) + [row.kind for row in spec.rows]
    texts = [[""] * spec.width for _ in grid]
    cells = {}
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
        return docx_xml.cell_paragraph_xml(text, east_asia=FONT, size_pt=size, bold=header or kinds[r] == "total", align=ALIGN[align])

    return docx_xml.grid_table(document, texts, spec.columns_mm, paragraph, merges=merges, header_rows=len(spec.header), borders=True, row_height_mm=5)


def unit_line(document, name: str, width_mm: float):
    paragraph = document.add_paragraph()
    _format(paragraph, f"部门：{name}", size=10.5, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
    _format(paragraph, "\t金额单位：万元", size=10.5)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def insert_tables(document, tables: dict[str, list[Table]], unit_name: str) -> int:
    """Replace every anchor by its table; a section break before each table's number line makes
    its page portrait or landscape."""
    by_anchor = {anchor(k, i): t for k, parts in tables.items() for i, t in enumerate(parts)}
    anchors = {p.text.strip(): p for p in document.paragraphs if p.text.strip().startswith("〔预算表:")}
    previous = False
    placed = 0
    first = True
    for text, p in anchors.items():
        if text == END_ANCHOR:
            continue
        spec = by_anchor.get(text)
        landscape = bool(spec and spec.landscape)
        number = p._p.getprevious()
        number = number.getprevious() if number is not None and number.getprevious() is not None else number
        if not first:
            margins = LANDSCAPE_MARGINS if previous else PORTRAIT_MARGINS
            number.addprevious(docx_xml.section_break(document, landscape=previous, margins_mm=margins))
        else:
            # the catalogue page before the first table stays portrait
            number.addprevious(docx_xml.section_break(document, landscape=False, margins_mm=PORTRAIT_MARGINS))
        first = False
        if spec is not None:
            width = sum(spec.columns_mm)
            line = unit_line(document, unit_name, width)
            size = 6.5 if spec.width > 13 else 7.5 if spec.width > 9 else 8 if spec.width > 6 else 9
            table = draw(document, spec, size)
            p._p.addprevious(line._p)
            p._p.addprevious(table)
            placed += 1
        p._p.getparent().remove(p._p)
        previous = landscape
    end = anchors.get(END_ANCHOR)
    if end is not None:
        if not first:
            margins = LANDSCAPE_MARGINS if previous else PORTRAIT_MARGINS
            end._p.addprevious(docx_xml.section_break(document, landscape=previous, margins_mm=margins))
        end._p.getparent().remove(end._p)
    return placed


def template_context(acc: BudgetAccounts, draft: bool = False) -> tuple[dict[str, Any], list[Issue]]:
    """Everything the budget template may ask for (reportgen template-check uses it too): the
    sections' sentences, built once, with the outline of the region profile and the table
    anchors; and the sentences' own findings (missing reasons, purposes)."""
    context, issues = build_context(acc, draft)
    context["tables"] = {"entries": table_entries(acc, acc.tables), "end_anchor": END_ANCHOR}
    context["outline"] = build_outline(acc.profile, context)
    context["draft"] = draft
    return context, issues


def render_document(acc: BudgetAccounts, *, template: str | Path | None = None, draft: bool = False, context: dict[str, Any] | None = None):
    """The filled python-docx document and the context it was filled with (``context``: the one
    the render service built for this draft setting, else built here)."""
    from ..render import jinja_env, open_template
    from ..sandbox import guarded

    path = Path(template) if template else default_template()
    tpl = open_template(path)  # not a .docx: refused clearly (reportgen.sandbox)
    if context is None:
        context, _ = template_context(acc, draft)
    with guarded(path, tpl):  # the template's tags in the sandbox, within its bounds
        tpl.render(context, jinja_env(), autoescape=True)
    insert_tables(tpl.docx, acc.tables, acc.model.unit.name)
    if draft:
        from ..audit import DRAFT_PLACEHOLDER

        docx_xml.highlight_text(tpl.docx, DRAFT_PLACEHOLDER)
    return tpl.docx, context


def render_bytes(acc: BudgetAccounts, *, template: str | Path | None = None, draft: bool = False) -> bytes:
    document, _ = render_document(acc, template=template, draft=draft)
    return docx_bytes(document, document_time(acc.year, acc.model.unit.report_date))
