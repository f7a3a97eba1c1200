"""What a correction changed in the published text: sentences and figures, before → after.

Both versions are compared as rendered reports: a report's text is its paragraphs split into
sentences (at 。；) and its table rows (cells joined with " | "), each under the nearest heading.
Two inputs are rendered first (the same template, no file kept), two .docx reports are read as
they are. ``difflib`` aligns the two sequences; a replaced sentence is paired with its
counterpart and the figures in it are compared one by one, so the answer reads
``第三部分 … 收入决算情况: 921.96 → 922.06``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
_SENTENCE_END = re.compile(r"(?<=[。；])")


@dataclass(frozen=True)
class Block:
    """One sentence or table row of a report, with the heading it stands under."""

    heading: str
    text: str
    kind: str = "text"  # text | table
    index: int = 0  # paragraph or table-row number in the document (for highlighting)


@dataclass(frozen=True)
class FigureChange:
    old: str
    new: str
    heading: str
    sentence: str  # the new sentence (or row)


@dataclass
class Change:
    kind: str  # changed | added | removed
    heading: str
    block: str = "text"  # text | table | image
    old: str = ""
    new: str = ""
    figures: list[FigureChange] = field(default_factory=list)


@dataclass
class ReportDiff:
    changes: list[Change]
    new_blocks: list[Block]

    @property
    def figures(self) -> list[FigureChange]:
        return [f for change in self.changes for f in change.figures]

    def __bool__(self) -> bool:
        return bool(self.changes)


# ---------------------------------------------------------------------------------------------
# Reading a report
# ---------------------------------------------------------------------------------------------


def _is_heading(paragraph) -> bool:
    name = paragraph.style.name if paragraph.style is not None else ""
    return name.startswith("Heading") or name.startswith("Title")


def _open(report: str | Path | bytes):
    import io

    import docx

    return docx.Document(io.BytesIO(report) if isinstance(report, bytes) else str(report))


def report_blocks(path: str | Path | bytes) -> list[Block]:
    """The sentences and table rows of a .docx (a path or its bytes), in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open(path)
    blocks: list[Block] = []
    heading = ""
    index = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            for digest in _image_digests(item):
                blocks.append(Block(heading, f"[图表 {digest}]", "image", index))
            if text and _is_heading(item):
                heading = text
            elif text:
                blocks += [Block(heading, s.strip(), "text", index) for s in _SENTENCE_END.split(text) if s.strip()]
            index += 1
        elif isinstance(item, Table):
            for row in item.rows:
                cells = _unique_cells(row)
                if any(cells):
                    blocks.append(Block(heading, " | ".join(cells), "table", index))
                index += 1
    return blocks


def _image_digests(paragraph) -> list[str]:
    """Content hashes of the pictures and native charts in a paragraph (a chart whose data
    changed differs)."""
    import hashlib

    from docx.oxml.ns import qn

    chart = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
    digests = []
    for element in paragraph._p.iter(qn("a:blip"), chart):
        rid = element.get(qn("r:embed") if element.tag == qn("a:blip") else qn("r:id"))
        part = paragraph.part.related_parts.get(rid)
        if part is not None:
            digests.append(hashlib.sha256(part.blob).hexdigest()[:12])
    return digests


def _unique_cells(row) -> list[str]:
    """Cell texts of a row, a merged cell counted once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        out.append(cell.text.strip())
    return out


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------


def _figures(old: str, new: str, heading: str) -> list[FigureChange]:
    before, after = NUMBER.findall(old), NUMBER.findall(new)
    if len(before) == len(after):
        return [FigureChange(a, b, heading, new) for a, b in zip(before, after, strict=True) if a != b]
    # a sentence that changed its shape (增加 → 持平): its figures are compared as sequences
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out.append(FigureChange("、".join(before[i1:i2]) or "—", "、".join(after[j1:j2]) or "—", heading, new))
    return out


def compare_blocks(old: list[Block], new: list[Block]) -> ReportDiff:
    matcher = difflib.SequenceMatcher(
        a=[(b.heading, b.text) for b in old], b=[(b.heading, b.text) for b in new], autojunk=False
    )
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            a, b = old[i1 + k], new[j1 + k]
            figures = _figures(a.text, b.text, b.heading) if b.kind != "image" else []
            changes.append(Change("changed", b.heading, b.kind, a.text, b.text, figures))
        for a in old[i1 + pairs : i2]:
            changes.append(Change("removed", a.heading, a.kind, old=a.text))
        for b in new[j1 + pairs : j2]:
            changes.append(Change("added", b.heading, b.kind, new=b.text))
    return ReportDiff(changes, new)


def diff_reports(old_docx: str | Path | bytes, new_docx: str | Path | bytes) -> ReportDiff:
    return compare_blocks(report_blocks(old_docx), report_blocks(new_docx))


def render_for_diff(input_path: str | Path, template: str | Path | None = None) -> bytes:
    """An input's whole report (tables and annexes included) as the render service makes it,
    whatever its check findings (the diff is about text, not about approval)."""
    from .service import render_for_diff as render

    return render(input_path, template=template)


def is_report(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".docx"


def report_bytes(path: str | Path) -> bytes:
    """A .docx report's bytes; ``InputError`` naming the file when it cannot be read."""
    from .diagnostics import InputError, Issue, Severity, Source
    from .loader import MAX_REPORT_BYTES, read_bytes

    data = read_bytes(Path(path), MAX_REPORT_BYTES)  # a folder, a device or pipe, missing: InputError
    try:
        _open(data)
    except Exception:  # not a Word file, a damaged zip or XML: python-docx's own words are English
        message = "无法作为 Word 文档（.docx）打开：文件不是 .docx 格式或已损坏；请在 Word/WPS 中另存为 .docx 后再比较"
        raise InputError("", [Issue("input.unreadable", Severity.ERROR, message, Source(str(path)))]) from None
    return data


def diff_documents(old: str | Path, new: str | Path, template: str | Path | None = None) -> tuple[ReportDiff, bytes]:
    """Diff two inputs (each rendered by the service) or two .docx reports: the diff and the
    new report's bytes."""
    old_doc = report_bytes(old) if is_report(old) else render_for_diff(old, template)
    new_doc = report_bytes(new) if is_report(new) else render_for_diff(new, template)
    return diff_reports(old_doc, new_doc), new_doc


def diff_paths(old: str | Path, new: str | Path, template: str | Path | None = None, keep_new: Path | None = None) -> ReportDiff:
    """Diff two inputs (rendered first) or two .docx reports; ``keep_new`` keeps the new report."""
    result, new_doc = diff_documents(old, new, template)
    if keep_new is not None:
        keep_new.write_bytes(new_doc)
    return result


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def format_diff(result: ReportDiff) -> str:
    if not result.changes:
        return "两个版本的报告文字与数字完全相同。\n"
    lines = [f"共 {len(result.changes)} 处变动，其中数字 {len(result.figures)} 个。", ""]
    heading = None
    for change in result.changes:
        if change.heading != heading:
            heading = change.heading
            lines.append(f"【{heading or '（文首）'}】")
        if change.kind == "changed" and change.block == "image":
            lines.append("  * 图表已变动（其数据有变化）")
        elif change.kind == "changed":
            lines += [f"  - {change.old}", f"  + {change.new}"]
            if change.figures:
                lines.append("    数字：" + "；".join(f"{f.old} → {f.new}" for f in change.figures))
        elif change.kind == "removed":
            lines.append(f"  - {change.old}（删除）")
        else:
            lines.append(f"  + {change.new}（新增）")
    return "\n".join(lines) + "\n"


def write_highlighted(result: ReportDiff, new_docx: Path | bytes, target: Path) -> Path:
    """A copy of the new report with every changed or added sentence's paragraph/row highlighted."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .render import atomic_output

    changed = {c.new for c in result.changes if c.kind != "removed"}
    marked = {b.index for b in result.new_blocks if b.text in changed}
    document = _open(new_docx)
    index = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            if index in marked:
                for run in item.runs:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            index += 1
        elif isinstance(item, Table):
            for row in item.rows:
                if index in marked:
                    for cell in row.cells:
                        for paragraph in cell.paragraphs:
                            for run in paragraph.runs:
                                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                index += 1
    with atomic_output(target) as tmp:
        document.save(str(tmp))
    return target


__all__ = ["Change", "FigureChange", "ReportDiff", "diff_documents", "diff_paths", "diff_reports", "format_diff", "report_blocks", "write_highlighted"]
