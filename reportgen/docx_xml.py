"""Every raw WordprocessingML patch reportgen needs, behind plain functions.

python-docx covers paragraphs, runs and tables; what it lacks — East Asian fonts (``w:eastAsia``,
which ``font.name`` alone does not set), fields (PAGE, TOC), "update fields on open", and the
cached table of contents — lives here and nowhere else.
"""

from __future__ import annotations

import copy

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

LATIN_FONT = "Times New Roman"


def set_fonts(element_with_rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian fonts of a style's or run's ``w:rPr`` (no theme fonts)."""
    rpr = element_with_rpr.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def style_font(style, east_asia: str, size_pt: float, bold: bool = False, latin: str = LATIN_FONT) -> None:
    set_fonts(style.element, east_asia, latin)
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.font.italic = False
    rpr = style.element.get_or_add_rPr()
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _fld_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _run_with(child: OxmlElement) -> OxmlElement:
    run = OxmlElement("w:r")
    run.append(child)
    return run


def _instr(text: str) -> OxmlElement:
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {text} "
    return element


def add_simple_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a field (e.g. ``PAGE``) with a cached result to ``paragraph``."""
    p = paragraph._p
    p.append(_run_with(_fld_char("begin")))
    p.append(_run_with(_instr(instruction)))
    p.append(_run_with(_fld_char("separate")))
    result = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    result.append(text)
    p.append(result)
    p.append(_run_with(_fld_char("end")))


TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def add_toc(start: Paragraph, end: Paragraph) -> None:
    """Open a TOC field in ``start`` and close it in ``end``; entries go between them."""
    p = start._p
    p.append(_run_with(_fld_char("begin")))
    p.append(_run_with(_instr(TOC_INSTRUCTION)))
    p.append(_run_with(_fld_char("separate")))
    end._p.append(_run_with(_fld_char("end")))


def update_fields_on_open(document: DocxDocument) -> None:
    """Ask Word to refresh fields (TOC page numbers) when the document is opened."""
    settings = document.settings.element
    flag = settings.find(qn("w:updateFields"))
    if flag is None:
        flag = OxmlElement("w:updateFields")
        settings.append(flag)
    flag.set(qn("w:val"), "true")


def _is_toc_begin(p) -> bool:
    return any(TOC_INSTRUCTION.split()[0] in (t.text or "") for t in p.iter(qn("w:instrText")))


def fill_toc(document: DocxDocument, styles: dict[str, str]) -> int:
    """Write the headings into the TOC field's cached result, so a reader that does not update
    fields (or a PDF conversion) still shows the contents. ``styles`` maps heading style name →
    TOC entry style name. Returns the number of entries written."""
    body = document.element.body
    paragraphs = list(body.iter(qn("w:p")))
    start = next((p for p in paragraphs if _is_toc_begin(p)), None)
    if start is None:
        return 0
    end = start.getnext()
    while end is not None and not any(
        f.get(qn("w:fldCharType")) == "end" for f in end.iter(qn("w:fldChar"))
    ):
        following = end.getnext()
        body.remove(end) if end.tag == qn("w:p") else None
        end = following
    if end is None:
        return 0
    id_to_name = {s.style_id: s.name for s in document.styles}
    name_to_id = {s.name: s.style_id for s in document.styles}
    count = 0
    for p in paragraphs:
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        name = id_to_name.get(style_el.get(qn("w:val"))) if style_el is not None else None
        if name not in styles:
            continue
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        if not text:
            continue
        entry = OxmlElement("w:p")
        entry_ppr = OxmlElement("w:pPr")
        entry_style = OxmlElement("w:pStyle")
        entry_style.set(qn("w:val"), name_to_id.get(styles[name], styles[name]))
        entry_ppr.append(entry_style)
        entry.append(entry_ppr)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        entry.append(run)
        end.addprevious(entry)
        count += 1
    return count


def page_break_before(style) -> None:
    style.paragraph_format.page_break_before = True


def clone(element):
    return copy.deepcopy(element)


def repeat_table_header(row) -> None:
    """Mark a table row as a header row repeated at the top of every page (``w:tblHeader``)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))


def keep_row_together(row) -> None:
    """Do not split a table row across pages (``w:cantSplit``)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))
