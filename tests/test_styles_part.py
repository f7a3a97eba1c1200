"""The styles part is read from its bytes and written back with the 绩效自评 styles appended,
never parsed by a render (reportgen.styles_part)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx

from reportgen import service, styles_part
from reportgen.docx_xml import style_names

ROOT = Path(__file__).resolve().parents[1]
ZENGDU = ROOT / "sample_inputs" / "zengdu_2023.yaml"


def _members(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()


def test_a_render_never_parses_the_styles_and_every_style_used_is_written(monkeypatch):
    from reportgen.selfeval import blocks

    monkeypatch.setattr(blocks, "_ADDED", {})  # the first render of the template in this process too
    parsed = []
    tree_copy = styles_part.tree_copy
    monkeypatch.setattr(styles_part.StylesPartRead, "_element", property(
        lambda part: parsed.append(part) or part.__dict__.get("_tree") or tree_copy(part),
        styles_part.StylesPartRead._element.fset))
    first = service.render(ZENGDU).documents[0].data
    parsed_by_first = len(parsed)
    again = service.render(ZENGDU).documents[0].data
    assert parsed_by_first == 0 and len(parsed) == 0
    assert first == again
    body, styles = _members(again)
    used = set(re.findall(r'<w:pStyle w:val="([^"]+)"', body))
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    assert {"RGSECell", "RGSETitle"} & used and used <= defined
    names = {style.name for style in docx.Document(io.BytesIO(again)).styles}
    assert {"RG SE Cell", "RG SE Cell Left", "RG SE Title", "RG SE Note"} <= names


def test_the_tree_asked_for_after_appending_holds_the_appended_styles():
    result = service.render(ZENGDU).documents[0].data
    with styles_part.reading():
        document = docx.Document(io.BytesIO(result))  # a styles part read as bytes
    part = styles_part.unparsed(document)
    assert part is not None
    before = len(styles_part.style_values(part))
    styles_part.append(part, ['<w:style w:type="paragraph" w:styleId="Extra"><w:name w:val="Extra Style"/></w:style>'])
    assert styles_part.style_values(part)[-1] == ("Extra", "Extra Style") and len(styles_part.style_values(part)) == before + 1
    assert b'w:styleId="Extra"' in part.blob  # appended as text, unparsed
    assert ("Extra", "Extra Style") in style_names(document)
    assert document.styles["Extra Style"].style_id == "Extra"  # the tree, parsed now, has it
    assert not styles_part.unparsed(document) and b'w:styleId="Extra"' in part.blob


def test_a_styles_part_with_other_prefixes_is_parsed_not_appended_to(tmp_path):
    result = service.render(ZENGDU).documents[0].data
    source = zipfile.ZipFile(io.BytesIO(result))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b"<w:", b"<ww:").replace(b"</w:", b"</ww:").replace(b" w:", b" ww:").replace(b"xmlns:w=", b"xmlns:ww=")
            target.writestr(info, data)
    with styles_part.reading():
        document = docx.Document(io.BytesIO(out.getvalue()))
    part = styles_part.unparsed(document)
    assert part is not None and not styles_part.appendable(part)
    assert "Normal" in {name for _, name in style_names(document)}


def test_python_docx_is_left_as_it_is_outside_reportgen_s_own_reading():
    from docx.parts.styles import StylesPart

    data = service.render(ZENGDU).documents[0].data
    part = styles_part.styles_part(docx.Document(io.BytesIO(data)))
    assert type(part) is StylesPart
    with styles_part.reading():
        assert isinstance(styles_part.styles_part(docx.Document(io.BytesIO(data))), styles_part.StylesPartRead)
