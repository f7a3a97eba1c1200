"""What makes a render fast changes no byte of what it writes.

The table lines, the 目录 entries and the self-check's paragraph texts are built and read with
lxml instead of python-docx's objects; template parts, styles, charts and deflated zip members are
remembered across renders. Each is checked here against the slow way it replaced, or against a
render with every cache emptied, in this process and in a new one.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from reportgen import docx_xml, service
from reportgen.tables import draw

ROOT = Path(__file__).resolve().parents[1]
ZENGDU = ROOT / "sample_inputs" / "zengdu_2023.yaml"
PUTUO = ROOT / "sample_inputs" / "putuo_2024.yaml"

NAMES = ["曾都区人民政府办公室", " 前后有空格 ", "A&B<C>\"D'", "含\t制表符", "两\n行", "\u3000全角空格开头", "末尾\r回车", "x"]


def _python_docx_unit_line(document, unit_name: str, width_mm: float):
    """The unit line as python-docx's paragraph API wrote it before (the reference)."""
    paragraph = document.add_paragraph()
    draw._format(paragraph, f"编制单位：{unit_name}", size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)
    draw._format(paragraph, "\t单位：万元", size=10)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph._p


def _python_docx_footnote(document, text: str):
    paragraph = document.add_paragraph()
    draw._format(paragraph, text, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    return paragraph._p


def _serialized(build) -> bytes:
    """The document XML after ``build(document)`` put its paragraphs in (as in a report: the
    document's root declares the namespaces)."""
    document = docx.Document()
    build(document)
    return etree.tostring(document.element)


@pytest.mark.parametrize("name", NAMES)
def test_unit_line_and_note__the_xml_python_docx_wrote(name):
    def slow(document):
        _python_docx_unit_line(document, name, 161.5)
        _python_docx_footnote(document, f"注：{name}")

    def fast(document):
        body = document.element.body
        for element in docx_xml.parse_body_xml([draw._unit_line_xml(name, 161.5), draw._footnote_xml(f"注：{name}")]):
            body.find(docx_xml._W + "sectPr").addprevious(element)

    assert _serialized(fast) == _serialized(slow)


def test_run_content_xml__tabs_breaks_and_outer_spaces_as_python_docx():
    for text in [*NAMES, "\t", "a\t\tb", "\n\n", " ", ""]:
        run = parse_xml(f"<w:r {nsdecls('w')}/>")
        run.text = text  # python-docx's own
        ours = parse_xml(f"<w:r {nsdecls('w')}>{docx_xml.run_content_xml(text)}</w:r>")
        assert etree.tostring(ours) == etree.tostring(run), repr(text)


PARAGRAPHS = [
    "<w:r><w:t>纯文本</w:t></w:r>",
    '<w:r><w:t xml:space="preserve"> 前 </w:t><w:tab/><w:t>后</w:t></w:r><w:r><w:br/><w:t>下一行</w:t></w:r>',
    '<w:r><w:br w:type="page"/><w:t>分页后</w:t><w:br w:type="textWrapping"/><w:cr/></w:r>',
    "<w:r><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/></w:r>",
    '<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:t/></w:r>',
    "<w:ins w:id=\"1\" w:author=\"x\"><w:r><w:t>修订中的文字</w:t></w:r></w:ins><w:r><w:t>正文</w:t></w:r>",
    '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:instrText>TOC</w:instrText></w:r>',
    "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>",
]


@pytest.mark.parametrize("inner", PARAGRAPHS)
def test_paragraph_text__as_python_docx_reads_it(inner):
    p = parse_xml(f"<w:p {nsdecls('w', 'r')}>{inner}</w:p>")
    assert docx_xml.paragraph_text(p) == Paragraph(p, None).text


def _render(path: Path, **options) -> bytes:
    return service.render(path, options=service.RenderOptions(**options)).data


def test_self_check_texts__every_body_paragraph_as_python_docx_reads_it():
    document = docx.Document(io.BytesIO(_render(ZENGDU, draft=True)))
    assert docx_xml.body_paragraph_texts(document) == [p.text for p in document.paragraphs]


def _forget_everything() -> None:
    """Empty every cache a render keeps in its process."""
    from reportgen import determinism, native_charts, render
    from reportgen.selfeval import blocks

    render._PATCHED.clear()
    native_charts._MADE.clear()
    blocks._ADDED.clear()
    blocks.title_lines.cache_clear()
    with determinism._DEFLATED_LOCK:
        determinism._DEFLATED.clear()
        determinism._deflated_bytes = 0


def test_render__same_bytes_with_caches_cold_warm_and_in_a_new_process():
    _forget_everything()
    cold = _render(ZENGDU)
    other = _render(PUTUO)  # another region's outline and figures in between
    warm = _render(ZENGDU)
    assert warm == cold
    _forget_everything()
    assert _render(PUTUO) == other
    code = (
        "import sys, hashlib; from reportgen import service;"
        f"print(hashlib.sha256(service.render({str(ZENGDU)!r}).data).hexdigest())"
    )
    fresh = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT,
                           env={"PYTHONPATH": str(ROOT), "PATH": ""})
    import hashlib

    assert fresh.stdout.strip() == hashlib.sha256(warm).hexdigest()


def test_zip_members__the_bytes_zipfile_writes_known_or_not():
    from reportgen.determinism import _write_member

    when = dt.datetime(2024, 3, 26)
    members = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", "正文".encode() * 40_000),
               ("word/styles.xml", b"<w:styles>" + b"<w:style/>" * 9_000 + b"</w:styles>"),
               ("word/embeddings/a.xlsx", b"PK" * 5_000), ("word/styles.xml.copy", b"x" * 100)]

    def ours() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, data in members:
                _write_member(z, name, data, when)
        return out.getvalue()

    def zipfiles() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
                stored = name.endswith(".xlsx")
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o644 << 16
                z.writestr(info, data, compresslevel=None if stored else 6)
        return out.getvalue()

    expected = zipfiles()
    assert ours() == expected  # deflated now
    assert ours() == expected  # known from before
    with zipfile.ZipFile(io.BytesIO(expected)) as z:
        assert z.testzip() is None


def _cuts_by_trying_all(text, cuts, lines, capacity, target):
    """The cuts a title's line breaking must choose, found by trying every combination in order
    with widths summed in Decimals (the reference: slow and plain)."""
    import itertools

    from reportgen.selfeval.blocks import BREAK_BEFORE

    def ems(part):
        return sum((Decimal("0.6") if ord(ch) < 0x2E80 else Decimal(1) for ch in part), Decimal(0))

    best = None
    for chosen in itertools.combinations(cuts, lines - 1):
        bounds = (0, *chosen, len(text))
        widths = [ems(text[a:b]) for a, b in itertools.pairwise(bounds)]
        if any(width > capacity for width in widths):
            continue
        cost = Decimal(0)
        for cut, width in zip(chosen, widths, strict=False):
            natural = 10 if any(text.startswith(word, cut) for word in BREAK_BEFORE) else 0
            inside = 6 if text[:cut].count("（") > text[:cut].count("）") else 0
            cost = cost + (abs(width - target) - natural + inside)
        cost = cost + abs(widths[-1] - target)
        if best is None or cost < best[0]:
            best = (cost, chosen)
    return None if best is None else best[1]


@pytest.mark.parametrize("title", [
    "曾都区人民政府办公室2023年度部门整体支出绩效自评报告",
    "随州市曾都区人民政府办公室2023年度政务服务热线运行经费项目支出绩效自评报告",
    "某某局（本级）2024年度信息化建设（二期）项目绩效自评表",
    "ABC2023年度abcdefghijklmnopqrstuvwxyz项目经费自评报告",
])
def test_title_cuts__the_best_of_all_combinations(title):
    from reportgen.selfeval.blocks import _best_cuts, text_ems

    cuts = list(range(1, len(title)))
    for capacity in (Decimal(12), Decimal(19), Decimal(23)):
        for lines in (2, 3, 4):
            target = text_ems(title) / lines
            assert _best_cuts(title, cuts, lines, capacity, target) == _cuts_by_trying_all(title, cuts, lines, capacity, target)


TABLE = (
    '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">A&amp;B &lt;1&gt; "引号"</w:t></w:r></w:p>'
    "</w:tc></w:tr></w:tbl>"
)


def _document_with_table(splice: bool, change=None) -> bytes:
    from reportgen.determinism import docx_bytes

    document = docx.Document()
    document.add_paragraph("表前")
    anchor = document.add_paragraph("表后")._p
    element = docx_xml.splice_later(document, TABLE) if splice else docx_xml.parse_body_xml([TABLE])[0]
    anchor.addprevious(element)
    if change is not None:
        change(element)
    return docx_bytes(document, dt.datetime(2024, 3, 26))


def _copied(element):
    import copy

    element.addnext(copy.deepcopy(element))


def _removed(element):
    element.getparent().remove(element)


@pytest.mark.parametrize("change", [None, _copied, _removed], ids=["in place", "copied", "removed"])
def test_spliced_table__the_bytes_of_the_parsed_table(change):
    spliced = _document_with_table(True, change)
    assert spliced == _document_with_table(False, change)
    with zipfile.ZipFile(io.BytesIO(spliced)) as z:
        xml = z.read("word/document.xml")
    assert b"rgSplice" not in xml
    assert xml.count("引号".encode()) == {None: 1, _copied: 2, _removed: 0}[change]


def test_spliced_table__materialized_for_code_that_reads_tables():
    document = docx.Document()
    document.element.body.append(docx_xml.splice_later(document, TABLE))
    assert document.tables[0]._tbl.get(docx_xml._SPLICE)  # a placeholder until then
    docx_xml.materialize(document)
    assert document.tables[0].cell(0, 0).text == 'A&B <1> "引号"'


def test_report_tables__written_from_their_text_and_all_there():
    data = _render(ZENGDU)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"rgSplice" not in z.read("word/document.xml")
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) >= 9
    assert any("收入支出决算总表" in p.text for p in document.paragraphs)


def test_deflated_members__kept_within_their_bound_least_recently_used_first(monkeypatch):
    from reportgen import determinism

    _forget_everything()
    monkeypatch.setattr(determinism, "_DEFLATED_KEEP_BYTES", 100_000)
    template_part = b"<styles>" + b"s" * 30_000
    for number in range(20):  # a batch: the same template part, a new document each time
        determinism._deflate(template_part)
        determinism._deflate(b"<document>" + str(number).encode() * 20_000)
    kept = determinism._DEFLATED
    assert determinism._deflated_bytes == sum(len(data) for data in kept) <= 100_000
    assert template_part in kept  # used every time: never the one to go
    assert len(kept) >= 2
    _forget_everything()


def test_document_part__deflated_fast_the_other_parts_as_zipfile_does():
    """The document part, new on every render, is deflated at level 1; every other part at
    zipfile's level 6 (and remembered); the report opens and reads the same."""
    import zlib

    import docx

    from reportgen import service

    data = service.render(ZENGDU).documents[0].data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in ("word/document.xml", "word/styles.xml"):
            info = z.getinfo(name)
            raw = data[info.header_offset + 30 + len(info.filename.encode()) + len(info.extra):][: info.compress_size]
            level = 1 if name == "word/document.xml" else 6
            packer = zlib.compressobj(level, zlib.DEFLATED, -15)
            assert raw == packer.compress(z.read(name)) + packer.flush(), name
    assert "第三部分" in "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_settle__freezes_what_is_alive_and_collects_after_more_new_objects():
    import gc

    from reportgen.service import settle

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        settle()
        assert gc.get_freeze_count() > 1000 and gc.get_threshold() == (10_000, 10, 10)
        gc.set_threshold(0)  # a program that turned collection off keeps it off
        settle()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_final_accounts_render_imports_its_own_kind_only():
    """The 部门预算 kind's models take a fifth of a second to import: a 部门决算 render (a cold
    command, every batch worker) does not import them; a 绩效目标 file without kind: still
    renders as one."""
    code = (
        "import sys; from reportgen import service;"
        f"service.render({str(ZENGDU)!r});"
        "print('reportgen.budget.model' in sys.modules, 'reportgen.kinds.targets' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert done.stdout.split() == ["False", "False"]
    from reportgen import kinds

    assert kinds.unnamed_kind({"projects": []}).name == "targets"
    assert kinds.unnamed_kind({"unit": {"name": "某单位"}}).name == "final_accounts"
