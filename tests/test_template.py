"""The committed Word template is what tools/build_templates.py builds."""

from __future__ import annotations

import importlib.util

from conftest import ROOT
from docx import Document


def _paragraphs(path):
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_committed_template_matches_its_builder(tmp_path):
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    fresh = builder.build(tmp_path / "final_accounts.docx")
    assert _paragraphs(fresh) == _paragraphs(ROOT / "templates" / "final_accounts.docx"), (
        "templates/final_accounts.docx is out of date: run python tools/build_templates.py"
    )


def test_template_has_no_numbers_typed_in():
    import re

    for _style, text in _paragraphs(ROOT / "templates" / "final_accounts.docx"):
        outside_tags = re.sub(r"{[{%].*?[%}]}", "", text)
        assert not re.search(r"\d", outside_tags), text
