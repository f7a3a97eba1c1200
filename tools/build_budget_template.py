"""Build the Word template of the 部门预算 report: templates/budget.docx.

Same house layout as the 部门决算 template (tools/build_templates.py: GB/T 9704 page, fonts,
heading styles). The parts, headings and their order are the region profile's (sichuan.yaml: seed
002's 第一部分 概况, 第二部分 预算情况说明 一–八, 第三部分 部门预算表 — catalogue, then each table
on its own page, landscape where wide — 第四部分 名词解释); the template prints the outline.
Run:  python tools/build_budget_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import build_templates as base  # noqa: E402

from reportgen import docx_xml  # noqa: E402

OUT = ROOT / "templates" / "budget.docx"
BODY, PART, H1, H2, NOTE, DRAFT = base.BODY, base.PART, base.H1, base.H2, base.NOTE, base.DRAFT
TABLE_NO, TABLE_TITLE = "RG Table No", "RG Table Title"
loop, when = base.loop, base.when

LINES: list = [
    *when("draft", (DRAFT, "【草稿】本稿含未通过检查的数据或待补充的内容，仅供内部核对，不得公开。")),
    # 第一部分 … 第四部分: the outline of the region profile (reportgen/regions/sichuan.yaml), in
    # its order, with its numbered headings; each block is printed in the style of its kind.
    *base.outline(
        ("table_number", [(TABLE_NO, "{{ block.text }}")]),
        ("table_title", [(TABLE_TITLE, "{{ block.text }}")]),
        # any other block is body text; a table's anchor is replaced by the drawn table (reportgen.budget.report)
    ),
]


def build(out: Path = OUT) -> Path:
    document = Document()
    base.setup_styles(document)
    base.setup_page(document)
    styles = document.styles
    number = docx_xml.paragraph_style(styles, TABLE_NO, "黑体", 14, indent=Pt(0), spacing=28, keep_with_next=True)
    number.paragraph_format.page_break_before = True
    docx_xml.paragraph_style(styles, TABLE_TITLE, "方正小标宋简体", 18, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), after=6, spacing=30, keep_with_next=True)
    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    for style, text in LINES:
        document.add_paragraph(text, style=style)
    docx_xml.update_fields_on_open(document)
    core = document.core_properties
    core.title = "部门预算"
    core.author = "reportgen"
    core.comments = "reportgen 部门预算模板：文字可在 Word 中修改，双花括号和百分号标记由 reportgen 填写。"
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(out)
    return out


if __name__ == "__main__":
    print(build())
