"""目录 page numbers: lay the finished report out once with LibreOffice and write each entry's page.

reportgen writes the 目录 entries into the TOC field's result (``docx_xml.fill_toc``), so every
reader shows them; only the page numbers need a layout engine. When LibreOffice (``soffice``) and
poppler's ``pdftotext`` are installed, the report is converted to PDF in a private temporary
folder, each heading is found on its page (in document order, after the 目录 pages), and the
entry gets a dot leader and the number printed in the footer (the body section starts at 1).
The TOC is then complete, so Word is no longer asked to update fields on opening
(``w:updateFields`` removed). Without LibreOffice nothing changes: the entries stay without page
numbers and Word updates the field when the file is opened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TOC_STYLES = ("TOC 1", "TOC 2")
_SPACE = re.compile(r"\s+")


def available() -> bool:
    return shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


def _norm(text: str) -> str:
    return _SPACE.sub("", text.replace("\u3000", "")).replace("(", "（").replace(")", "）")


def pdf_pages(docx_path: Path, timeout: int = 240) -> list[str] | None:
    """The text of each page of ``docx_path`` as LibreOffice lays it out (None on failure)."""
    with tempfile.TemporaryDirectory(prefix="reportgen-toc-") as tmp:
        profile = Path(tmp) / "profile"
        env = dict(os.environ, HOME=tmp)
        try:
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                 "--outdir", tmp, str(docx_path)],
                check=True, capture_output=True, timeout=timeout, env=env,
            )
            pdf = Path(tmp) / (docx_path.stem + ".pdf")
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=timeout).stdout
        except (OSError, subprocess.SubprocessError):
            return None
    return text.decode("utf-8", "replace").split("\f")


def toc_entries(document) -> list:
    """The 目录 entry paragraphs (python-docx ``Paragraph``) in order."""
    return [p for p in document.paragraphs if p.style is not None and p.style.name in TOC_STYLES and p.text.strip()]


def page_numbers(entries: list[str], pages: list[str]) -> list[int | None]:
    """The printed page number of each entry text: found page by page in order, after the 目录
    (the first page holding the first entry again), numbered from there on."""
    norm_pages = [_norm(p) for p in pages]
    wanted = [_norm(e) for e in entries]
    if not wanted:
        return []
    toc_page = next((i for i, p in enumerate(norm_pages) if "目录" in p), 0)
    start = next((i for i in range(toc_page + 1, len(norm_pages)) if wanted[0] in norm_pages[i]), None)
    if start is None:
        return [None] * len(wanted)
    out: list[int | None] = []
    page = start
    for text in wanted:
        found = next((i for i in range(page, len(norm_pages)) if text in norm_pages[i]), None)
        if found is None:
            out.append(None)
            continue
        page = found
        out.append(found - start + 1)
    return out


def write_page_numbers(document, numbers: list[int | None]) -> int:
    """Append "<tab>N" to each 目录 entry; drop w:updateFields when every entry has its number."""
    entries = toc_entries(document)
    written = 0
    for paragraph, number in zip(entries, numbers, strict=False):
        if number is None:
            continue
        run = OxmlElement("w:r")
        run.append(OxmlElement("w:tab"))
        t = OxmlElement("w:t")
        t.text = str(number)
        run.append(t)
        paragraph._p.append(run)
        written += 1
    if entries and written == len(entries):
        settings = document.settings.element
        for flag in settings.findall(qn("w:updateFields")):
            settings.remove(flag)
    return written


def number_toc_bytes(data: bytes, when) -> bytes | None:
    """The .docx ``data`` with its 目录 page numbers written (the document dated ``when``, as it
    was), or None when LibreOffice is missing or the layout failed."""
    import io

    from docx import Document

    from .determinism import docx_bytes, stamp_core_properties

    if not available():
        return None
    with tempfile.TemporaryDirectory(prefix="reportgen-toc-in-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(data)
        pages = pdf_pages(source)
    if pages is None:
        return None
    document = Document(io.BytesIO(data))
    entries = toc_entries(document)
    numbers = page_numbers([p.text for p in entries], pages)
    if not any(n is not None for n in numbers):
        return None
    write_page_numbers(document, numbers)
    stamp_core_properties(document, when)
    return docx_bytes(document, when)


def number_rendered(rendered) -> bool:
    """Write the 目录 page numbers into the 部门决算 report of a service render (in place)."""
    from .determinism import document_time
    from .kinds.base import RenderedDocument

    model = rendered.prepared.model
    unit = getattr(model, "unit", None)
    if len(rendered.documents) != 1 or unit is None or getattr(rendered.prepared.kind, "name", "") != "final_accounts":
        return False
    numbered = number_toc_bytes(rendered.documents[0].data, document_time(unit.year, unit.report_date))
    if numbered is None:
        return False
    rendered.documents[0] = RenderedDocument(rendered.documents[0].name, numbered)
    return True
