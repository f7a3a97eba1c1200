"""The same input renders byte-identical .docx files (archivable, comparable)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx

from reportgen.determinism import document_time, normalize_zip
from reportgen.pipeline import render

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "zengdu_2023.yaml"


def test_render__twice_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    render(SAMPLE, first)
    render(SAMPLE, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:  # the native charts and their workbooks are in it
        assert len([n for n in z.namelist() if n.startswith("word/embeddings/")]) == 5


def test_render__stamped_with_report_date(tmp_path):
    out = tmp_path / "r.docx"
    render(SAMPLE, out)
    with zipfile.ZipFile(out) as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 3, 26, 0, 0, 0)}
    props = docx.Document(str(out)).core_properties
    assert props.created.replace(tzinfo=None) == dt.datetime(2024, 3, 26)
    assert props.modified.replace(tzinfo=None) == dt.datetime(2024, 3, 26)
    assert props.last_modified_by == "reportgen"


def test_document_time__year_end_without_report_date():
    assert document_time(2023, None) == dt.datetime(2023, 12, 31)
    assert document_time(2023, dt.date(2024, 3, 26)) == dt.datetime(2024, 3, 26)


def _zip(entries: list[tuple[str, tuple[int, ...]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, when in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=when), f"content of {name}")
    return buffer.getvalue()


def test_normalize_zip__clock_time_removed_order_and_content_kept():
    monday = _zip([("b.xml", (2025, 1, 6, 9, 0, 0)), ("a.xml", (2025, 1, 6, 9, 0, 2))])
    tuesday = _zip([("b.xml", (2025, 1, 7, 17, 3, 4)), ("a.xml", (2025, 1, 7, 17, 3, 5))])
    assert monday != tuesday
    when = dt.datetime(2024, 3, 26)
    assert normalize_zip(monday, when) == normalize_zip(tuesday, when)
    with zipfile.ZipFile(io.BytesIO(normalize_zip(monday, when))) as z:
        assert z.namelist() == ["b.xml", "a.xml"]
        assert z.read("a.xml") == b"content of a.xml"


def test_render__written_once_content_types_first_workbooks_stored(tmp_path):
    out = render(SAMPLE, tmp_path / "r.docx").output
    with zipfile.ZipFile(out) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert names[0] == "[Content_Types].xml" and names[1] == "_rels/.rels"
        assert len(names) == len(set(names))
        workbooks = [i for i in infos if i.filename.startswith("word/embeddings/")]
        assert len(workbooks) == 5
        assert all(i.compress_type == zipfile.ZIP_STORED for i in workbooks)  # a zip already
        xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in xml)
        assert z.testzip() is None
    document = docx.Document(str(out))  # python-docx reads it back: parts, relationships, charts
    charts = [rel for rel in document.part.rels.values() if rel.reltype.endswith("/chart")]
    assert len(charts) == 5


def test_docx_bytes__every_part_once_in_package_order(tmp_path):
    from reportgen.determinism import docx_bytes

    document = docx.Document()
    document.add_picture(io.BytesIO(_tiny_png()))
    data = docx_bytes(document, dt.datetime(2024, 3, 26))
    assert data == docx_bytes(document, dt.datetime(2024, 3, 26))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert len([n for n in names if n.startswith("word/media/")]) == 1
        assert z.getinfo([n for n in names if n.startswith("word/media/")][0]).compress_type == zipfile.ZIP_STORED


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="png")
    return buffer.getvalue()
