"""The YAML reader builds the same data as PyYAML's constructor, in one pass (reportgen.loader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import loader

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "aliases": "a: &x {b: [1, 2.5, &y c]}\nd: *x\ne: [*y, *x]\nf: 2023-01-02\ng: ~\nh: true\n",
    "merge key": "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n",
    "repeated key": "a: 1\nb: 2\na: 3\n",
    "numbers": "a: 0.10\nb: 12\nc: -3.50\nd: '7'\n2023: year\n",
}


def _both(text: str):
    walked = loader._StrictLoader(text)
    node = walked.get_single_node()
    assert loader._walk_yaml(node, {}, [], "x.yaml", {})
    plain = loader._construct_plain(walked, node)
    general = loader._StrictLoader(text)
    return plain, general.construct_document(general.get_single_node())


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_plain_construction_equals_pyyaml(name: str) -> None:
    plain, general = _both(TEXTS[name])
    if name == "merge key":
        assert plain is loader._NOT_PLAIN  # PyYAML's constructor merges
        assert loader.load_document(TEXTS[name].encode(), "m.yaml").data == general == {"base": {"x": 1, "y": 2}, "child": {"x": 1, "y": 3}}
        return
    assert plain == general and repr(plain) == repr(general)  # Decimal('0.10') stays 0.10, keys in order


def test_an_alias_is_the_anchor_s_object() -> None:
    plain, _ = _both(TEXTS["aliases"])
    assert plain["d"] is plain["a"] and plain["e"][1] is plain["a"] and plain["e"][0] == "c"


@pytest.mark.parametrize("sample", sorted(p.name for p in (ROOT / "sample_inputs").glob("*.yaml")))
def test_every_sample_reads_as_pyyaml_reads_it(sample: str) -> None:
    plain, general = _both((ROOT / "sample_inputs" / sample).read_text(encoding="utf-8"))
    assert plain is not loader._NOT_PLAIN
    assert plain == general and repr(plain) == repr(general)


def test_a_bad_value_is_named_at_its_line() -> None:
    with pytest.raises(loader.InputError) as caught:
        loader.load_document(b"a:\n  b: [1, 0553]\n", "bad.yaml")
    issue = caught.value.issues[0]
    assert "'0553' 以 0 开头" in issue.message and issue.source.line == 2 and issue.source.path == "a.b[1]"


@pytest.mark.parametrize("text", ['unit: {name: "甲\\u0001乙"}\n', 'unit: {name: "甲\\x01乙"}\n'])
def test_a_character_word_cannot_hold_is_found_written_as_an_escape_too(text: str) -> None:
    with pytest.raises(loader.InputError) as caught:
        loader.load_document(text.encode(), "c.yaml")
    assert "控制字符 U+0001" in caught.value.issues[0].message and caught.value.issues[0].source.path == "unit.name"
