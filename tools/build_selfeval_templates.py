"""Build the Word templates of the 绩效自评 reports: templates/project_selfeval.docx and
templates/department_selfeval.docx.

They share the 部门决算 template's GB/T 9704 styles and page (tools/build_templates.py) and add the
self-evaluation styles (reportgen.selfeval.blocks.ensure_styles). The body is the title tag; the
report itself is written after it by reportgen. Run:  python tools/build_selfeval_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from build_templates import setup_page, setup_styles  # noqa: E402

from reportgen.selfeval.blocks import TITLE, ensure_styles  # noqa: E402

TEMPLATES = {
    "project_selfeval.docx": "项目支出绩效自评报告",
    "department_selfeval.docx": "部门整体支出绩效自评报告",
}


def build(name: str, kind: str) -> Path:
    document = Document()
    setup_styles(document)
    setup_page(document)
    ensure_styles(document)
    for p in list(document.paragraphs):
        p._p.getparent().remove(p._p)
    document.add_paragraph("{{ doc.title }}", style=TITLE)
    core = document.core_properties
    core.title = kind
    core.author = "reportgen"
    core.comments = f"reportgen {kind}模板：样式和页面可在 Word 中修改；标题标记由 reportgen 填写，正文和自评表写在标题之后。"
    out = ROOT / "templates" / name
    document.save(out)
    return out


if __name__ == "__main__":
    for name, kind in TEMPLATES.items():
        print(build(name, kind))
