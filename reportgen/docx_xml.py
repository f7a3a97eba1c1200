"""Every raw WordprocessingML patch reportgen needs, behind plain functions.

python-docx covers paragraphs, runs and tables; what it lacks — East Asian fonts (``w:eastAsia``,
which ``font.name`` alone does not set), fields (PAGE, TOC), "update fields on open", and the
cached table of contents — lives here and nowhere else.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from . import styles_part as _styles_part

LATIN_FONT = "Times New Roman"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"  # Clark notation prefix of the w: namespace


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


def paragraph_style(
    styles,
    name: str,
    east_asia: str,
    size_pt: float,
    *,
    base: str | None = "Normal",
    bold: bool = False,
    align=None,
    indent=None,
    before: float = 0,
    after: float = 0,
    spacing: float | str | None = None,
    keep_with_next: bool = False,
):
    """Get or add paragraph style ``name`` with its fonts (East Asian set properly), alignment,
    first-line indent, space before/after and line spacing (points exactly, "single", or None to
    inherit). One definition for the report template and the documents built at run time."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING

    try:
        style = styles[name]
    except KeyError:
        # Known to be missing: add it without python-docx's add_style, whose duplicate check
        # reads every style's name again (most of the time a run-time document took here).
        from docx.styles import BabelFish
        from docx.styles.style import StyleFactory

        style = StyleFactory(styles.element.add_style_of_type(BabelFish.ui2internal(name), WD_STYLE_TYPE.PARAGRAPH, False))
    style.base_style = styles[base] if base and name != base else None
    style_font(style, east_asia, size_pt, bold=bold)
    f = style.paragraph_format
    if align is not None:
        f.alignment = align
    f.first_line_indent = indent
    f.space_before, f.space_after = Pt(before), Pt(after)
    if spacing == "single":
        f.line_spacing_rule = WD_LINE_SPACING.SINGLE
    elif spacing is not None:
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = Pt(spacing)
    f.keep_with_next = keep_with_next
    return style


def remove_paragraph_borders(style) -> None:
    """Drop a style's paragraph borders (Word's built-in Title has a rule under it)."""
    ppr = style.element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


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


# \t: Word's own update lists the 第六部分 annex titles too (style "RG SE Title", level 2)
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u \\t "RG SE Title,2"'


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


def _toc_start(body):
    """The first paragraph holding a TOC field's instruction (the outermost, as a paragraph
    holds what is nested in it)."""
    for instruction in body.iter(_W + "instrText"):
        if _TOC_WORD in (instruction.text or ""):
            outermost = None
            for p in instruction.iterancestors(_W + "p"):
                outermost = p
            if outermost is not None:
                return outermost
    return None


_TOC_WORD = TOC_INSTRUCTION.split()[0]


def fill_toc(document: DocxDocument, styles: dict[str, str]) -> int:
    """Write the headings into the TOC field's cached result, so a reader that does not update
    fields (or a PDF conversion) still shows the contents. ``styles`` maps heading style name →
    TOC entry style name. Returns the number of entries written."""
    body = document.element.body
    start = _toc_start(body)
    if start is None:
        return 0
    named = style_names(document)
    id_to_name = dict(named)
    name_to_id = {name: style_id for style_id, name in named}
    # the headings, in document order, found before the field's old result is removed
    if id_to_name.get(None) in styles:  # a style without an id would match every unstyled paragraph
        headed = [(p, id_to_name.get(paragraph_style_id(p))) for p in body.iter(_W + "p")]
    else:
        wanted = {style_id for style_id, name in id_to_name.items() if name in styles}
        headed = []
        for mark in body.iter(_W + "pStyle"):  # a paragraph's own style: its first w:pPr/w:pStyle
            style_id = mark.get(_W + "val")
            if style_id in wanted and (p := mark.getparent().getparent()) is not None and p.tag == _W + "p" and p.find(_P_STYLE) is mark:
                headed.append((p, id_to_name.get(style_id)))
    end = start.getnext()
    while end is not None and not any(
        f.get(qn("w:fldCharType")) == "end" for f in end.iter(qn("w:fldChar"))
    ):
        following = end.getnext()
        body.remove(end) if end.tag == qn("w:p") else None
        end = following
    if end is None:
        return 0
    entries = []
    for p, name in headed:
        if name not in styles:
            continue
        text = "".join(t.text or "" for t in p.iter(_W + "t")).strip()
        if not text:
            continue
        style_id = name_to_id.get(styles[name], styles[name])
        entries.append(f'<w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/></w:pPr><w:r><w:t>{_text(text)}</w:t></w:r></w:p>')
    for entry in parse_body_xml(entries):
        end.addprevious(entry)
    return len(entries)


CORE_PROPERTY_LIMIT = 255


def _property_text(text: str) -> str:
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[: CORE_PROPERTY_LIMIT - 1] + "…"


def publish_properties(document: DocxDocument, title: str, subject: str) -> None:
    """The published file's core properties are the report's, not the template's ("…双花括号和
    百分号标记由 reportgen 填写" must not travel with a report): title and subject from the data,
    comments, keywords and category blank. A core property holds at most 255 characters (the
    OOXML limit python-docx enforces): a longer title (a unit name of any length is input) is cut
    there with an ellipsis, never an error."""
    props = document.core_properties
    props.title = _property_text(title)
    props.subject = _property_text(subject)
    props.comments = ""
    props.keywords = ""
    props.category = ""


def number_body_from_one(document: DocxDocument) -> None:
    """When the first section (cover and 目录) has no footer, the section after it starts the page
    numbers at 1 and every later one runs on: the sections the tables add copy the body's
    properties, so the restart is set once here, on the section the body begins with."""
    body = document.element.body
    sects = [p for p in body.iter(qn("w:sectPr"))]
    if len(sects) < 2 or sects[0].find(qn("w:footerReference")) is not None:
        return
    for i, sect in enumerate(sects[1:]):
        numbering = sect.find(qn("w:pgNumType"))
        if i == 0:
            if numbering is None:
                numbering = OxmlElement("w:pgNumType")
                cols = sect.find(qn("w:cols"))
                (cols.addprevious(numbering) if cols is not None else sect.append(numbering))
            numbering.set(qn("w:start"), "1")
        elif numbering is not None:
            numbering.attrib.pop(qn("w:start"), None)


def page_break_before(style) -> None:
    style.paragraph_format.page_break_before = True




# -- tables (第二部分 决算表) ----------------------------------------------------------------




_JC = {None: None, 0: "left", 1: "center", 2: "right", 3: "both"}


@lru_cache(maxsize=64)
def _cell_props(east_asia: str, half_points: int, bold: bool, align: int | None, latin: str, keep_next: bool = False) -> tuple[str, str]:
    jc = _JC[align]
    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}" w:eastAsia="{east_asia}" '
        f'w:hint="eastAsia"/>' + ("<w:b/>" if bold else "") + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )
    # The paragraph mark carries the run's font too, so an empty cell is as high as a filled one
    # (left to the body style, its 三号 line made rows with empty cells taller).
    ppr = (
        "<w:pPr>" + ("<w:keepNext/>" if keep_next else "") + '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:firstLine="0"/>' + (f'<w:jc w:val="{jc}"/>' if jc else "") + rpr + "</w:pPr>"
    )
    return ppr, rpr


def cell_paragraph_xml(
    text: str, *, east_asia: str, size_pt: float, bold: bool = False, align=None, latin: str = LATIN_FONT,
    keep_next: bool = False,
) -> str:
    """A table-cell paragraph: single spacing, no indent, ``align``, one run in the given font
    (the paragraph mark too, so an empty cell keeps the row's height). ``keep_next`` keeps the
    row on the page of the next row (a total row never alone on a page)."""
    return cell_paragraph_maker(east_asia=east_asia, size_pt=size_pt, bold=bold, align=align, latin=latin, keep_next=keep_next)(text)


def cell_paragraph_maker(
    *, east_asia: str, size_pt: float, bold: bool = False, align=None, latin: str = LATIN_FONT, keep_next: bool = False,
) -> Callable[[str], str]:
    """:func:`cell_paragraph_xml` with its formatting fixed: text → the paragraph (for the many
    cells of a table that share one)."""
    ppr, rpr = _cell_props(east_asia, int(size_pt * 2), bold, None if align is None else int(align), latin, keep_next)
    return lambda text: f"<w:p>{ppr}{_run_xml(text, rpr)}</w:p>"


def styled_paragraph_xml(text: str, style_id: str, *, page_break_before: bool = False, keep_next: bool = False) -> str:
    brk = ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break_before else "")
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{brk}</w:pPr>{_run_xml(text)}</w:p>'


@lru_cache(maxsize=256)
def _twips(mm: float) -> int:
    return int(Decimal(str(mm)) * 1440 / Decimal("25.4"))


def _run_xml(text: str, rpr: str = "") -> str:
    """A run of ``text``; line breaks become <w:br/> as python-docx's ``text =`` does."""
    if not text:
        return ""
    if "\n" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>'
    parts = [f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{rpr}{'<w:br/>'.join(parts)}</w:r>"


def run_content_xml(text: str) -> str:
    """The content of a run holding ``text`` exactly as python-docx's ``run.text = text`` writes
    it: a tab is ``<w:tab/>``, a line break ``<w:br/>``, and a ``<w:t>`` keeps its outer spaces
    (``xml:space``) only when it has some."""
    out = []
    for piece in _RUN_SPLIT.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{_text(piece)}</w:t>")
    return "".join(out)


_RUN_SPLIT = re.compile("([\t\r\n])")


def _text(text: str) -> str:
    """``text`` as element content that parses back to exactly ``text`` (a carriage return too)."""
    return xml_escape(text, {"\r": "&#13;"})

# -- reading text without python-docx's objects (the same strings as ``Paragraph.text``) -----

_RUN_CONTENT = etree.XPath(
    "w:r/*[self::w:br or self::w:cr or self::w:noBreakHyphen or self::w:ptab or self::w:t or self::w:tab]"
    " | w:hyperlink/w:r/*[self::w:br or self::w:cr or self::w:noBreakHyphen or self::w:ptab or self::w:t or self::w:tab]",
    namespaces={"w": W_NS},
)
_CONTENT_TEXT = {_W + "cr": "\n", _W + "noBreakHyphen": "-", _W + "ptab": "\t", _W + "tab": "\t"}


def paragraph_text(p) -> str:
    """The text of a ``w:p`` element, as python-docx's ``Paragraph.text`` reads it (runs and
    hyperlinks' runs; tabs, breaks and non-breaking hyphens as characters), read with lxml alone."""
    pieces = []
    for e in _RUN_CONTENT(p):
        tag = e.tag
        if tag == _W + "t":
            pieces.append(e.text or "")
        elif tag == _W + "br":
            pieces.append("\n" if e.get(_W + "type", "textWrapping") == "textWrapping" else "")
        else:
            pieces.append(_CONTENT_TEXT[tag])
    return "".join(pieces)


def body_paragraphs(document: DocxDocument) -> list:
    """The body's own ``w:p`` elements (python-docx's ``document.paragraphs``, without wrapping
    each in a ``Paragraph``)."""
    return document.element.body.findall(_W + "p")


def body_paragraph_texts(document: DocxDocument) -> list[str]:
    """``[p.text for p in document.paragraphs]``, read with lxml alone."""
    return [paragraph_text(p) for p in body_paragraphs(document)]


def style_values(styles) -> list[tuple[str | None, str | None]]:
    """(style id, ``w:name`` as written) of every style of a python-docx ``Styles``, in order."""
    return _styles_part.values_of(styles.element.findall(_W + "style"))


def document_style_values(document: DocxDocument) -> list[tuple[str | None, str | None]]:
    """:func:`style_values` of the document's styles, read from the part's bytes where its tree
    has not been parsed (``reportgen.styles_part``): reading them does not parse it."""
    part = _styles_part.unparsed(document)
    if part is not None:
        try:
            return _styles_part.style_values(part)
        except etree.XMLSyntaxError:
            pass  # python-docx's own parse says what is wrong
    return style_values(document.styles)


def style_names_of(styles) -> list[tuple[str | None, str | None]]:
    """(style id, name as python-docx shows it) of every style of a python-docx ``Styles``, in
    the styles part's order, without building a python-docx ``Style`` for each."""
    return _ui_names(style_values(styles))


def _ui_names(values: list[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    from docx.styles import BabelFish

    return [(style_id, None if value is None else BabelFish.internal2ui(value)) for style_id, value in values]


def style_names(document: DocxDocument) -> list[tuple[str | None, str | None]]:
    """:func:`style_names_of` the document's styles (read without parsing them, where they are
    not parsed yet)."""
    return _ui_names(document_style_values(document))


def style_ids(document: DocxDocument, names: Iterable[str]) -> dict[str, str]:
    """``{name: document.styles[name].style_id}`` for ``names`` (style names as python-docx
    takes them), found in one pass over the styles; a name not found is looked up by python-docx
    (its fallback and its KeyError)."""
    from docx.styles import BabelFish

    first: dict[str | None, str | None] = {}
    for style_id, value in document_style_values(document):
        first.setdefault(value, style_id)
    out = {}
    for name in names:
        internal = BabelFish.ui2internal(name)
        style_id = first.get(internal)
        out[name] = style_id if internal in first and style_id is not None else document.styles[name].style_id
    return out


_OPENING_TAG = re.compile(r"^<(w:\w+)")
_W_DECL = rf"<\1 {nsdecls('w')}"


def parse_body_xml(fragments: Sequence[str]) -> list:
    """Body elements given as WordprocessingML strings (``w`` prefix), parsed in one go, not yet
    placed anywhere."""
    if not fragments:
        return []
    # Each element declares the namespace itself: moved into the document, it then needs no
    # namespace lookups through its new ancestors (which made moving a large table slow).
    declared = "".join(_OPENING_TAG.sub(_W_DECL, fragment, count=1) for fragment in fragments)
    return list(parse_xml(f"<w:body {nsdecls('w')}>{declared}</w:body>"))


# -- large fragments written into the document's bytes, not its tree --------------------------
#
# The nine 决算表 are most of a report's XML; parsing them into the tree and serializing them back
# was a fifth of a render. A table nothing reads before the bytes are written stays a placeholder
# ``<w:tbl w:rgSplice="…"/>`` in the tree, and :func:`spliced` puts its text in the part's
# serialized XML at that place: the text is written as lxml serializes what it parses (that is
# what the fragments of this module are), so the bytes are those the parsed tree would give.
# Code that needs the real elements calls :func:`materialize` first.

_SPLICE = _W + "rgSplice"
_SPLICES = "_reportgen_splices"  # on the python-docx part: placeholder key → fragment text


def _spliceable(document: DocxDocument, fragment: str) -> bool:
    # a carriage return would be written as &#13;, and another prefix for w: would be written
    return "\r" not in fragment and document.element.nsmap.get("w") == W_NS


def splice_later(document: DocxDocument, fragment: str):
    """A placeholder element for the body element ``fragment`` (WordprocessingML text, ``w``
    prefix, no namespace declaration), whose text :func:`spliced` writes in its place; or the
    parsed element itself where splicing would not give the same bytes."""
    if not _spliceable(document, fragment):
        return parse_body_xml([fragment])[0]
    part = document.part
    splices = getattr(part, _SPLICES, None)
    if splices is None:
        splices = {}
        setattr(part, _SPLICES, splices)
    key = f"{id(splices):x}-{len(splices)}"
    splices[key] = fragment
    return parse_xml(f'<w:tbl {nsdecls("w")} w:rgSplice="{key}"/>')


def materialize(document: DocxDocument) -> None:
    """Put the elements :func:`splice_later` left as placeholders into the document's tree."""
    _materialize(document.part)


def _materialize(part) -> None:
    splices = getattr(part, _SPLICES, None)
    if not splices:
        return
    placeholders = [e for e in part.element.iter(_W + "tbl") if e.get(_SPLICE) in splices]
    for element, real in zip(placeholders, parse_body_xml([splices[e.get(_SPLICE)] for e in placeholders]), strict=True):
        element.addprevious(real)
        element.getparent().remove(element)
    setattr(part, _SPLICES, None)


_PLACEHOLDER = re.compile(rb'<w:tbl w:rgSplice="([0-9a-f]+-[0-9]+)"/>')


def spliced(part) -> bytes:
    """The serialized XML of ``part`` (a python-docx part) with its placeholders' fragments in
    place; each placeholder must be there once, else the fragments are parsed into the tree
    (:func:`materialize`) and the part serialized as it is."""
    splices = getattr(part, _SPLICES, None)
    blob = part.blob
    if not splices:
        return blob
    found = _PLACEHOLDER.findall(blob)
    if sorted(found) != sorted(key.encode() for key in splices):  # moved, copied or removed
        _materialize(part)
        return part.blob
    return _PLACEHOLDER.sub(lambda m: splices[m.group(1).decode()].encode("utf-8"), blob)


def append_body_xml(document: DocxDocument, fragments: Sequence[str]) -> list:
    """Append body elements given as WordprocessingML strings (``w`` prefix) at the end of
    ``document``'s body, before its section properties; parsed in one go. Returns them."""
    return append_body_elements(document, parse_body_xml(fragments))


def append_body_elements(document: DocxDocument, elements: list) -> list:
    """Append body ``elements`` at the end of ``document``'s body, before its section
    properties. Returns them."""
    if not elements:
        return []
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for element in elements:
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)
    return elements


def grid_table(document: DocxDocument, *args: Any, **kwargs: Any):
    """Append a :func:`grid_table_xml` table to the end of ``document``'s body; return it."""
    return append_body_xml(document, [grid_table_xml(*args, **kwargs)])[0]


def grid_table_xml(
    texts: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    paragraph_xml: Callable[[int, int, str], str],
    *,
    merges: Iterable[tuple[int, int, int, int]] = (),
    header_rows: int = 0,
    table_style_id: str | None = None,
    borders: bool = False,
    row_height_mm: float | None = None,
):
    """A table as one WordprocessingML string.

    ``texts`` is the full grid; ``merges`` are (row0, col0, row1, col1) regions shown as one cell
    carrying the top-left text; ``paragraph_xml(row, col, text)`` gives each cell's paragraph
    (``cell_paragraph_xml`` / ``styled_paragraph_xml``). Rows never split across pages; the first
    ``header_rows`` repeat on every page; ``borders`` draws single black lines everywhere.
    Building the XML directly is ~10× faster than python-docx's cell-by-cell API and merges."""
    n_cols = len(widths_mm)
    starts = {(r0, c0): (r0, c0, r1, c1) for r0, c0, r1, c1 in merges}
    inside: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for region in starts.values():
        r0, c0, r1, c1 = region
        for r in range(r0, r1 + 1):
            inside[(r, c0)] = region
            for c in range(c0 + 1, c1 + 1):
                inside[(r, c)] = None  # covered by the cell to its left
    twips = [_twips(w) for w in widths_mm]
    out = ["<w:tbl><w:tblPr>"]
    if table_style_id:
        out.append(f'<w:tblStyle w:val="{table_style_id}"/>')
    out.append('<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>')
    if borders:
        edges = "".join(
            f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        out.append(f"<w:tblBorders>{edges}</w:tblBorders>")
    out.append('<w:tblLayout w:type="fixed"/>')
    out.append('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>')
    out.append("</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{t}"/>' for t in twips) + "</w:tblGrid>")
    height = f'<w:trHeight w:val="{_twips(row_height_mm)}"/>' if row_height_mm else ""
    opening: dict[tuple[int, int, str], str] = {}  # (column, span, vMerge) → the cell's opening

    def tc(c: int, span: int, vmerge: str) -> str:
        key = (c, span, vmerge)
        text = opening.get(key)
        if text is None:
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            text = opening[key] = (
                f'<w:tc><w:tcPr><w:tcW w:w="{sum(twips[c : c + span])}" w:type="dxa"/>{grid_span}{vmerge}'
                '<w:vAlign w:val="center"/></w:tcPr>'
            )
        return text

    for r, row in enumerate(texts):
        header = "<w:tblHeader/>" if r < header_rows else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{height}{header}</w:trPr>")
        c = 0
        while c < n_cols:
            region = inside.get((r, c), False) if inside else False
            if region is None:
                c += 1
                continue
            span, vmerge, text = 1, "", row[c] if c < len(row) else ""
            if region:
                r0, c0, r1, c1 = region
                span = c1 - c0 + 1
                if r1 > r0:
                    vmerge = '<w:vMerge w:val="restart"/>' if r == r0 else "<w:vMerge/>"
                if r != r0:
                    text = ""
            out.append(tc(c, span, vmerge))
            out.append(paragraph_xml(r, c, text))
            out.append("</w:tc>")
            c += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


_P_STYLE = f"{_W}pPr/{_W}pStyle"


def paragraph_style_id(element) -> str | None:
    """The style id a ``w:p`` element points at (None for a table, or no style)."""
    if element.tag != _W + "p":
        return None
    style = element.find(_P_STYLE)
    return None if style is None else style.get(_W + "val")


def section_break(document: DocxDocument, *, landscape: bool, margins_mm: tuple[float, float, float, float]) -> OxmlElement:
    """An empty paragraph that ends a section (next page) with the given orientation.

    The section's properties are copied from the document's last section (same header and
    footer references, so page numbers show and continue) with page size, orientation and margins (top, right, bottom,
    left) replaced. Page numbers are not restarted.
    """
    from docx.shared import Mm

    body_sect = document.element.body.find(qn("w:sectPr"))
    sect = copy.deepcopy(body_sect) if body_sect is not None else OxmlElement("w:sectPr")
    for element in sect.findall(qn("w:type")):
        sect.remove(element)
    for numbering in sect.findall(qn("w:pgNumType")):
        numbering.attrib.pop(qn("w:start"), None)  # page numbers run on
    kind = OxmlElement("w:type")
    kind.set(qn("w:val"), "nextPage")
    refs = [e for e in sect if e.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    (refs[-1].addnext(kind) if refs else sect.insert(0, kind))
    short, long_ = int(Mm(210).twips), int(Mm(297).twips)
    size = sect.find(qn("w:pgSz"))
    if size is None:
        size = OxmlElement("w:pgSz")
        sect.append(size)
    size.set(qn("w:w"), str(long_ if landscape else short))
    size.set(qn("w:h"), str(short if landscape else long_))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    else:
        size.attrib.pop(qn("w:orient"), None)
    margin = sect.find(qn("w:pgMar"))
    if margin is not None:
        for name, mm in zip(("top", "right", "bottom", "left"), margins_mm, strict=True):
            margin.set(qn(f"w:{name}"), str(int(Mm(mm).twips)))
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:line"), "20")
    spacing.set(qn("w:lineRule"), "exact")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    p_pr.append(spacing)
    p_pr.append(sect)
    p.append(p_pr)
    return p


def highlight_text(document: DocxDocument, pattern, colour: str = "yellow") -> int:
    """Split every run whose text contains a match of ``pattern`` (a compiled regex) so the
    match sits in a run of its own with ``w:highlight`` (e.g. the draft's 【待补充：…】).
    Returns the number of highlighted matches. A match must lie within one run, which holds
    for text placed by one template tag."""
    count = 0
    for run in list(document.element.body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) != 1 or not texts[0].text or not pattern.search(texts[0].text):
            continue
        text = texts[0].text
        pieces, pos = [], 0
        for m in pattern.finditer(text):
            if m.start() > pos:
                pieces.append((text[pos : m.start()], False))
            pieces.append((m.group(), True))
            pos = m.end()
        if pos < len(text):
            pieces.append((text[pos:], False))
        for piece, marked in pieces:
            new = copy.deepcopy(run)
            t = new.find(qn("w:t"))
            t.text = piece
            t.set(qn("xml:space"), "preserve")
            if marked:
                rpr = new.get_or_add_rPr()
                mark = OxmlElement("w:highlight")
                mark.set(qn("w:val"), colour)
                rpr.append(mark)
                count += 1
            run.addprevious(new)
        run.getparent().remove(run)
    return count
