"""Many labels in a section (an input of hundreds of 项) are found by their leading texts:
the same matches as the one alternation tried at every position (reportgen.audit)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from reportgen import audit, service
from reportgen.audit import _leading_words, audit_text, document_paragraphs
from reportgen.kinds.final_accounts import audit_subjects

ROOT = Path(__file__).resolve().parents[1]


def _audited(sample: str) -> tuple:
    rendered = service.render(ROOT / "sample_inputs" / sample)
    paragraphs = document_paragraphs(docx.Document(io.BytesIO(rendered.documents[0].data)))
    found = audit_text(paragraphs, rendered.prepared.accounts, subjects_of=audit_subjects)
    return found.checked, found.skipped, [i.message for i in found.issues], [i.message for i in found.unchecked]


@pytest.mark.parametrize("sample", ["zengdu_2023.yaml", "putuo_2024.yaml", "fictional_2024.yaml"])
def test_found_by_leading_texts_as_by_the_alternation(sample, monkeypatch):
    by_alternation = _audited(sample)
    monkeypatch.setattr(audit, "_MANY_LABELS", 0)  # every section by its labels' leading texts
    assert _audited(sample) == by_alternation
    assert by_alternation[0] > 90  # figures were checked: the comparison compares something


def test_leading_texts_of_a_label():
    assert _leading_words("一般公共服务(?:支出)?(?![^，。]{0,40}（(?:款|项)）)") == ("一般公共服务",)
    assert _leading_words("人大事务（款）行政运行（项）|行政运行（项）") == ("人大事务（款）行政运行（项）", "行政运行（项）")
    assert _leading_words("“?三公”?经费") == ()  # may begin otherwise: tried by the alternation
    assert _leading_words("[一二]是") == ()


def test_many_labels_in_a_section_are_matched_as_the_alternation_matches(monkeypatch):
    text = "行政运行（项）支出5万元，一般行政管理事务（项）支出3万元；行政运行支出2万元。事业运行（项）1万元"
    labels = [r"行政运行（项）", r"一般行政管理事务（项）|行政管理事务（项）", r"行政运行", r"“?事业运行（项）", r"运行（项）"]
    order = sorted(range(len(labels)), key=lambda i: -len(labels[i]))
    expected = list(audit._label_matches(labels, order, text, 0, len(text)))
    monkeypatch.setattr(audit, "_MANY_LABELS", 0)
    assert list(audit._label_matches(labels, order, text, 0, len(text))) == expected
    assert [text[a:b] for a, b, _ in expected] == ["行政运行（项）", "一般行政管理事务（项）", "行政运行", "事业运行（项）"]
