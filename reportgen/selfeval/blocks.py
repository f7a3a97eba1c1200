"""Document content as plain data (paragraphs and tables), and one writer that puts it into Word.

The standalone self-evaluation reports and the 第六部分 附件 of the 部门决算 report are written from
the same blocks by the same writer, so their text is the same by construction.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .. import docx_xml, styles_part

BODY = "Normal"
TITLE = "RG SE Title"
H1 = "RG SE Heading 1"
H2 = "RG SE Heading 2"
TABLE_TITLE = "RG SE Table Title"
CELL = "RG SE Cell"
CELL_LEFT = "RG SE Cell Left"
NOTE = "RG SE Note"
SIGNATURE = "RG SE Signature"  # the 落款 date, right-aligned
SPACER = "RG SE Spacer"  # a 1 pt paragraph between the two grids of one 自评表

# 二号 (22 pt) title on the 156 mm text width: 20 full-width characters per line, 19 kept as the
# measure (Latin digits are wider than ½ em in some CJK fonts); the 18 pt table title: 24, kept 23.
TITLE_EMS = {TITLE: Decimal("19"), "Title": Decimal("19"), TABLE_TITLE: Decimal("23")}
NO_LINE_START = "）)、，。；：！？”’》」』"
NO_LINE_END = "（(“‘《「『"
BREAK_BEFORE = ("项目支出绩效自评", "部门整体", "项目绩效自评", "整体", "绩效", "自评报告", "自评表", "项目", "经费", "（", "(")


@dataclass(frozen=True)
class Para:
    style: str
    text: str
    page_break: bool = False  # start on a new page
    keep_next: bool = False  # on the page of the next paragraph (no last line alone on a page)


@dataclass(frozen=True)
class Table:
    """A grid of texts; ``merges`` are (row0, col0, row1, col1) ranges shown as one cell, whose
    text is the top-left one. ``left`` lists (row, col) cells aligned left (long texts)."""

    rows: list[list[str]]
    widths_mm: Sequence[float]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 0
    left: set[tuple[int, int]] = field(default_factory=set)


Block = Para | Table


# a template's styles (ids and names) → the style elements ensure_styles added to it (copied out
# on each use), and the same as text where they can be appended to the styles part's bytes
_ADDED: dict[tuple, tuple[list, list[str] | None]] = {}
_ADDED_KEEP = 8


def ensure_styles(document) -> None:
    """Add the self-evaluation styles to ``document`` if its template lacks them.

    The styles added depend only on the styles the template has: worked out once per template
    and process, then copied (a batch and a service render the same template again and again);
    as text appended to the styles part's bytes where its tree is not parsed
    (``reportgen.styles_part``), so that a render neither parses nor writes that tree."""
    # what is added depends on the styles there are (their ids and names) and nothing else
    key = tuple(docx_xml.document_style_values(document))
    part = styles_part.unparsed(document)
    known = _ADDED.get(key)
    if known is None:
        # worked out on a copy of the styles, so that the first render of a template writes
        # the same bytes as every later one
        from docx.styles.styles import Styles

        scratch = styles_part.tree_copy(part) if part is not None else copy.deepcopy(document.styles.element)
        before = len(scratch)
        _add_styles(Styles(scratch))
        added = [copy.deepcopy(element) for element in scratch[before:]]
        fragments = [styles_part.fragment_of(element) for element in added]
        if len(_ADDED) >= _ADDED_KEEP:
            _ADDED.pop(next(iter(_ADDED)), None)
        known = _ADDED[key] = (added, fragments if all(fragments) else None)
    added, fragments = known
    if fragments is not None and part is not None and styles_part.appendable(part):
        styles_part.append(part, fragments)
        return
    document.styles.element.extend(copy.deepcopy(element) for element in added)


def _add_styles(styles) -> None:
    names = {name for _, name in docx_xml.style_names_of(styles)}

    def para(name, font, size, *, spacing=None, **options):
        if name not in names:
            docx_xml.paragraph_style(
                styles, name, font, size, base=BODY, spacing=spacing or "single",
                keep_with_next=name in (H1, H2, TABLE_TITLE), **options,
            )

    para(TITLE, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), spacing=36, after=18)
    para(H1, "黑体", 16, indent=Pt(32), spacing=28)
    para(H2, "楷体_GB2312", 16, indent=Pt(32), spacing=28)
    para(TABLE_TITLE, "方正小标宋简体", 18, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), spacing=30, after=8)
    para(CELL, "宋体", 9, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
    para(CELL_LEFT, "宋体", 9, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Pt(0))
    para(NOTE, "仿宋_GB2312", 12, indent=Pt(0), spacing=20)
    para(SIGNATURE, "仿宋_GB2312", 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0), spacing=28, before=28)
    para(SPACER, "宋体", 1, indent=Pt(0), spacing=1)


def text_ems(text: str) -> Decimal:
    """Width of ``text`` in ems of its font: full-width characters 1, Latin letters and digits 0.6
    (½ in most fonts, more in some CJK fonts' digits: the measure errs on the wide side)."""
    return Decimal(_tenths(text)) / 10


def _tenths(text: str) -> int:
    """:func:`text_ems` in tenths of an em, an integer."""
    return sum(6 if ord(ch) < 0x2E80 else 10 for ch in text)


def _best_cuts(text: str, cuts: list[int], lines: int, capacity: Decimal, target: Decimal) -> tuple[int, ...] | None:
    """The cut positions giving ``lines`` lines that fit ``capacity``, closest to ``target`` each,
    preferring natural words and no cut inside a parenthesis (None if no such cuts)."""
    best: tuple[Decimal, tuple[int, ...]] | None = None
    # widths of every prefix (tenths of an em) and what each cut is, worked out once
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + _tenths(ch))
    # (a natural word begins here, the cut is inside a parenthesis): 10 off, 6 on, in that order
    bonus = {
        i: (10 if any(text.startswith(word, i) for word in BREAK_BEFORE) else 0,
            6 if text[:i].count("（") > text[:i].count("）") else 0)
        for i in cuts
    }

    def width(start: int, end: int) -> Decimal:
        return Decimal(prefix[end] - prefix[start]) / 10

    def search(start: int, left: int, cost: Decimal, chosen: tuple[int, ...]) -> None:
        nonlocal best
        if left == 1:
            last = width(start, len(text))
            if last <= capacity and (best is None or cost + abs(last - target) < best[0]):
                best = (cost + abs(last - target), chosen)
            return
        for i in cuts:
            if i <= start:
                continue
            line = width(start, i)
            if line > capacity:
                break
            natural, inside = bonus[i]
            search(i, left - 1, cost + (abs(line - target) - natural + inside), (*chosen, i))

    search(0, lines, Decimal(0), ())
    return None if best is None else best[1]


@functools.lru_cache(maxsize=256)
def title_lines(text: str, capacity: Decimal) -> str:
    """``text`` with line breaks where a centred title needs them, so no line overflows and the
    last never holds a lone character ("…自评报/告"): as few lines as fit, balanced, cut before a
    natural word (项目, 部门整体, 自评报告, （…), never inside a number or next to a bracket."""
    if "\n" in text or text_ems(text) <= capacity:
        return text
    total = text_ems(text)

    def allowed(i: int) -> bool:
        if text[i - 1].isascii() and text[i].isascii():
            return False  # never inside a number
        return text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END

    cuts = [i for i in range(1, len(text)) if allowed(i)]
    for lines in range(2, 5):
        chosen = _best_cuts(text, cuts, lines, capacity, total / lines)
        if chosen is not None:
            bounds = (0, *chosen, len(text))
            return "\n".join(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
    return text


def _table_xml(block: Table, style_ids: dict[str, str]) -> str:
    return _grid_xml(
        tuple(map(tuple, block.rows)), tuple(block.widths_mm), tuple(block.merges), block.header_rows,
        frozenset(block.left), style_ids[CELL], style_ids[CELL_LEFT], style_ids["Table Grid"],
    )


@functools.lru_cache(maxsize=64)
def _grid_xml(
    rows: tuple[tuple[str, ...], ...], widths_mm: tuple[float, ...], merges: tuple[tuple[int, int, int, int], ...],
    header_rows: int, left: frozenset[tuple[int, int]], cell: str, cell_left: str, grid: str,
) -> str:
    """A table's XML, remembered by its texts: a re-render after a correction that leaves a
    self-evaluation as it was writes its tables as before."""
    return docx_xml.grid_table_xml(
        rows,
        widths_mm,
        lambda r, c, text: docx_xml.styled_paragraph_xml(text, cell_left if (r, c) in left else cell),
        merges=merges,
        header_rows=header_rows,
        table_style_id=grid,
    )


def write_blocks(document, blocks: Iterable[Block], *, splice: bool = False) -> None:
    """Append ``blocks`` at the end of ``document``'s body (python-docx Document).

    The blocks are written as one WordprocessingML string and parsed once (python-docx's
    paragraph-by-paragraph API was most of the time a report took to write its 附件). ``splice``
    leaves the tables placeholders whose text goes into the document's bytes
    (``docx_xml.splice_later``), for a document nothing reads the tables of before it is saved."""
    ensure_styles(document)
    blocks = list(blocks)
    names = {CELL, CELL_LEFT, "Table Grid"} | {b.style for b in blocks if isinstance(b, Para)}
    style_ids = docx_xml.style_ids(document, names)
    splice = splice and all(_PLAIN_ID.fullmatch(style_id or "") for style_id in style_ids.values())
    out: list[tuple[bool, str]] = []
    for block in blocks:
        if isinstance(block, Table):
            out.append((True, _table_xml(block, style_ids)))
        else:
            text = title_lines(block.text, TITLE_EMS[block.style]) if block.style in TITLE_EMS else block.text
            out.append((False, docx_xml.styled_paragraph_xml(text, style_ids[block.style], page_break_before=block.page_break,
                                                             keep_next=block.keep_next)))
    if not splice:
        docx_xml.append_body_xml(document, [xml for _, xml in out])
        return
    paragraphs = iter(docx_xml.parse_body_xml([xml for table, xml in out if not table]))
    docx_xml.append_body_elements(document, [docx_xml.splice_later(document, xml) if table else next(paragraphs) for table, xml in out])


_PLAIN_ID = re.compile(r"[A-Za-z0-9_\- ]+")  # a style id written into the XML text as it is
