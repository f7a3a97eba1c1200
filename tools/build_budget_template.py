"""Build the Word template of the 部门预算 report: templates/budget.docx.

Same house layout as the 部门决算 template (tools/build_templates.py: GB/T 9704 page, fonts,
heading styles); the order is seed 002's: 第一部分 概况, 第二部分 预算情况说明 (sections 一–八),
第三部分 部门预算表 (catalogue, then each table on its own page, landscape where wide), 第四部分
名词解释. Headings are verbatim from seed 002. Run:  python tools/build_budget_template.py
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
    (PART, "第一部分　{{ unit.name }}概况"),
    (H1, "一、基本职能及主要工作"),
    (H2, "（一）{{ unit.short }}职能简介"),
    *loop("duty", "profile.duties"),
    (H2, "（二）{{ unit.short }}{{ unit.year }}年重点工作。"),
    *when("profile.key_tasks_intro", (BODY, "{{ profile.key_tasks_intro }}")),
    *loop("task", "profile.key_tasks"),
    (H1, "二、部门单位构成"),
    (BODY, "{{ profile.composition }}"),
    (PART, "第二部分　{{ unit.name }}{{ unit.year }}年部门预算情况说明"),
    (H1, "一、收支预算情况说明"),
    (BODY, "{{ s1.scope }}"),
    (BODY, "{{ s1.total }}"),
    (H2, "（一）收入预算情况"),
    (BODY, "{{ s1.income }}"),
    (H2, "（二）支出预算情况"),
    (BODY, "{{ s1.spending }}"),
    (H1, "二、财政拨款收支预算情况说明"),
    (BODY, "{{ s2.total }}"),
    (BODY, "{{ s2.lists }}"),
    (H1, "三、一般公共预算当年拨款情况说明"),
    (H2, "（一）一般公共预算当年拨款规模变化情况"),
    (BODY, "{{ s3.scale }}"),
    (H2, "（二）一般公共预算当年拨款结构情况"),
    (BODY, "{{ s3.structure }}"),
    (H2, "（三）一般公共预算当年拨款具体使用情况"),
    *loop("line", "s3.details"),
    (H1, "四、一般公共预算基本支出情况说明"),
    (BODY, "{{ s4.personnel }}"),
    (BODY, "{{ s4.public }}"),
    (H1, "五、“三公”经费财政拨款预算安排情况说明"),
    (BODY, "{{ s5.lead }}"),
    *loop("line", "s5.lines"),
    (H1, "六、政府性基金预算支出情况说明"),
    (BODY, "{{ s6 }}"),
    (H1, "七、国有资本经营预算情况说明"),
    (BODY, "{{ s7 }}"),
    (H1, "八、其他重要事项的情况说明"),
    (H2, "（一）机关运行经费情况"),
    (BODY, "{{ s8.operating }}"),
    (H2, "（二）政府采购情况"),
    (BODY, "{{ s8.procurement }}"),
    (H2, "（三）国有资产占有使用情况"),
    *loop("line", "s8.assets"),
    (H2, "（四）预算绩效情况"),
    *loop("line", "s8.performance"),
    (PART, "第三部分　{{ unit.name }}{{ unit.year }}年部门预算表"),
    *loop("line", "catalogue"),
    (BODY, "{%p for table in tables.entries %}"),
    (TABLE_NO, "{{ table.number }}"),
    (TABLE_TITLE, "{{ table.title }}"),
    (BODY, "{{ table.anchor }}"),  # replaced by the drawn table (reportgen.budget.report)
    *when("table.note", (NOTE, "{{ table.note }}")),
    (BODY, "{%p endfor %}"),
    (BODY, "{{ tables.end_anchor }}"),
    (PART, "第四部分　名词解释"),
    *loop("line", "glossary"),
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
