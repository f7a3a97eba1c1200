"""Build the Word template of the 部门决算 report: templates/final_accounts.docx.

The template is a real .docx a finance officer can open and edit in Word; this script is how the
project keeps it reviewable in version control. Edit the LINES below (or the .docx itself, for a
local variant) and run:  python tools/build_templates.py

Layout follows GB/T 9704-2012 practice (domain.md §7): A4, margins 37/35/28/26 mm, body 仿宋_GB2312
三号 with fixed 28 pt line spacing, title 方正小标宋简体 二号, "一、" 黑体, "（一）" 楷体_GB2312,
page numbers "— 1 —" 宋体 四号, Latin text and digits in Times New Roman.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import (
    WD_ALIGN_PARAGRAPH,
    WD_BREAK,
    WD_LINE_SPACING,
    WD_TAB_ALIGNMENT,
    WD_TAB_LEADER,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen import docx_xml  # noqa: E402

OUT = ROOT / "templates" / "final_accounts.docx"

BODY, TITLE, SUBTITLE, PART, H1, H2, FIGURE, CAPTION, NOTE, TOC_TITLE, DRAFT = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
    "RG Figure", "Caption", "RG Note", "RG TOC Title", "RG Draft",
)
PAGE_BREAK = object()
TOC = object()
BODY_SECTION = object()  # the cover and the 目录 have no page number; the body is numbered from 1


def loop(var: str, seq: str, style: str = BODY, text: str | None = None) -> list[tuple[str, str]]:
    return [(BODY, f"{{%p for {var} in {seq} %}}"), (style, text or f"{{{{ {var} }}}}"), (BODY, "{%p endfor %}")]


def when(cond: str, *lines: tuple[str, str]) -> list[tuple[str, str]]:
    return [(BODY, f"{{%p if {cond} %}}"), *lines, (BODY, "{%p endif %}")]


def outline(*styles: tuple[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The loop over a region profile's outline (reportgen.regions.number_parts): each part's
    heading, then each block in the paragraph style of its kind — headings, notes, the kinds in
    ``styles`` (kind, lines) — and the body style for the rest."""
    kinds = [("heading2", [(H1, "{{ block.text }}")]), ("heading3", [(H2, "{{ block.text }}")]), ("note", [(NOTE, "{{ block.text }}")]), *styles]
    lines = [(BODY, "{%p for part in outline %}"), (PART, "{{ part.heading }}"), (BODY, "{%p for block in part.blocks %}")]
    for i, (kind, printed) in enumerate(kinds):
        lines += [(BODY, f'{{%p {"elif" if i else "if"} block.style == "{kind}" %}}'), *printed]
    return [*lines, (BODY, "{%p else %}"), (BODY, "{{ block.text }}"), (BODY, "{%p endif %}"), (BODY, "{%p endfor %}"), (BODY, "{%p endfor %}")]


LINES: list = [
    (TITLE, "{{ unit.name }}"),
    (SUBTITLE, "{{ unit.year }}年度部门决算"),
    *when("draft", (DRAFT, "【草稿】本稿含未通过检查的数据或待补充的内容，仅供内部核对，不得公开。")),
    PAGE_BREAK,
    (TOC_TITLE, "目　　录"),
    TOC,
    BODY_SECTION,
    # 第一部分 … 第N部分: the outline of the region profile (reportgen/regions/*.yaml), in its
    # order, with its numbered headings; each block is printed in the style of its kind.
    *outline(("figure", [(FIGURE, "{{ charts[block.chart].image }}"), (CAPTION, "{{ charts[block.chart].caption }}")])),
    # the annexes (绩效自评报告 and 自评表) are written after the last part by reportgen.selfeval
]


def setup_styles(document) -> None:
    styles = document.styles
    normal = styles[BODY]
    docx_xml.style_font(normal, "仿宋_GB2312", 16)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.first_line_indent = Pt(32)  # two characters of 三号
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def para(name, font, size, **options):
        return docx_xml.paragraph_style(styles, name, font, size, keep_with_next=name.startswith("Heading"), **options)

    title = para(TITLE, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), before=180, spacing=40)
    docx_xml.remove_paragraph_borders(title)
    para(SUBTITLE, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), before=12, spacing=40)
    part = para(PART, "黑体", 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), before=0, after=14, spacing=28)
    part.paragraph_format.page_break_before = True
    para(H1, "黑体", 16, indent=Pt(32))
    para(H2, "楷体_GB2312", 16, indent=Pt(32))
    fig = para(FIGURE, "仿宋_GB2312", 12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), before=6)
    fig.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fig.paragraph_format.keep_with_next = True
    para(CAPTION, "仿宋_GB2312", 14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), after=6)
    para(NOTE, "仿宋_GB2312", 14, indent=Pt(0))
    para(TOC_TITLE, "黑体", 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), after=12)
    para(DRAFT, "黑体", 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), before=24)
    styles[DRAFT].font.highlight_color = 7  # yellow
    for level in (1, 2):
        name = f"TOC {level}"
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH) if name not in [s.name for s in styles] else styles[name]
        style.base_style = normal
        docx_xml.style_font(style, "仿宋_GB2312", 14 if level == 2 else 16)
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.left_indent = Pt(0 if level == 1 else 32)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.line_spacing = Pt(24 if level == 1 else 22)  # the 目录 on two pages
        # the page number at the right margin after a dot leader (reportgen.toc_pages writes it)
        style.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    footer_style = styles["Footer"]
    docx_xml.style_font(footer_style, "宋体", 14)


def setup_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(28) - Mm(7)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    docx_xml.add_simple_field(footer, "PAGE")
    footer.add_run(" —")


def body_section(document) -> None:
    """End the cover-and-目录 section (no footer: no page number on the cover) and start the body's,
    whose footer carries the page number from 1."""
    body = document.add_section(WD_SECTION.NEW_PAGE)
    front = document.sections[0]
    body.footer.is_linked_to_previous = False
    for p in list(body.footer.paragraphs):
        p._p.getparent().remove(p._p)
    footer = body.footer.add_paragraph(style=document.styles["Footer"])
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    docx_xml.add_simple_field(footer, "PAGE")
    footer.add_run(" —")
    front.footer.is_linked_to_previous = True  # the first section: no footer at all
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    cols = body._sectPr.find(qn("w:cols"))
    (cols.addprevious(numbering) if cols is not None else body._sectPr.append(numbering))


def build(out: Path = OUT) -> Path:
    document = Document()
    setup_styles(document)
    setup_page(document)
    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    for line in LINES:
        if line is PAGE_BREAK:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if line is BODY_SECTION:
            body_section(document)
            continue
        if line is TOC:
            start = document.add_paragraph(style="TOC 1")
            end = document.add_paragraph(style="TOC 1")
            docx_xml.add_toc(start, end)
            continue
        style, text = line
        document.add_paragraph(text, style=style)
    docx_xml.update_fields_on_open(document)
    core = document.core_properties
    core.title = "部门决算"
    core.author = "reportgen"
    core.comments = "reportgen 部门决算模板：文字可在 Word 中修改，双花括号和百分号标记由 reportgen 填写。"
    core.subject = "部门决算"  # reportgen replaces the properties with the report's own (docx_xml.publish_properties)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(out)
    return out


if __name__ == "__main__":
    print(build())
