"""The 部门预算 wording as a region profile (reportgen/regions/sichuan.yaml, kind: budget): the
whole 达川 report as rendered, a user's profile extending the shipped one, a broken profile
reported at its line (the cases of both kinds: tests/test_regions.py), each kind keeping to its
own profiles."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from reportgen import budget
from reportgen.cli import main
from reportgen.loader import load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "dachuan_2023_budget.yaml"
TARGETS = ROOT / "sample_inputs" / "dachuan_2023_targets.yaml"
RENDERED = ROOT / "tests" / "data" / "dachuan_2023_budget_rendered.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_lines(data: bytes) -> list[str]:
    """Every paragraph (its style, a mark where a section ends, its text) and every table row of
    the document body, in order."""
    document = Document(io.BytesIO(data))
    out = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            paragraph = Paragraph(element, document)
            section = "[SECT]" if element.find(f".//{W}sectPr") is not None else ""
            out.append(f"P[{paragraph.style.name}]{section} {paragraph.text}")
        elif element.tag == f"{W}tbl":
            out += ["T| " + " | ".join(cell.text for cell in row.cells) for row in Table(element, document).rows]
    return out


def _copy(tmp_path: Path, profile: str | None = None, region: str = "我的体例.yaml") -> Path:
    """The 达川 input (and its targets file) in tmp_path, pointing at ``region``; ``profile``
    is written as 我的体例.yaml beside it."""
    shutil.copy(TARGETS, tmp_path / TARGETS.name)
    source = tmp_path / "预算.yaml"
    source.write_text(SAMPLE.read_text(encoding="utf-8").replace("region: sichuan", f"region: {region}"), encoding="utf-8")
    if profile is not None:
        (tmp_path / "我的体例.yaml").write_text(profile, encoding="utf-8")
    return source


def test_the_whole_dachuan_report_reads_as_before():
    """Every heading, sentence, table cell and page orientation of the 达川 report as it was
    rendered before its wording became a region profile."""
    data, _ = budget.render(load_document(SAMPLE))
    expected = RENDERED.read_text(encoding="utf-8").splitlines()
    assert body_lines(data) == expected


def test_a_user_profile_rewords_one_sentence_and_keeps_the_rest(tmp_path):
    profile = 'extends: sichuan\nname: 我的\nsentences:\n  scope: "{year}年，{unit}的全部收支纳入部门预算。"\n'
    data, _ = budget.render(load_document(_copy(tmp_path, profile)))
    lines = body_lines(data)
    shipped = RENDERED.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(shipped, lines, strict=True) if a != b]
    lists = "收入包括：上年结转、一般公共预算拨款收入；支出包括：一般公共服务支出、社会保障和就业支出、卫生健康支出、城乡社区支出、住房保障支出。"
    assert changed == [(
        f"P[Normal] 按照综合预算的原则，区政府办所有收入和支出均纳入部门预算管理。{lists}",
        f"P[Normal] 2023年，达州市达川区人民政府办公室的全部收支纳入部门预算。{lists}",
    )]


def test_a_user_profile_reorders_renames_and_renumbers(tmp_path):
    """Headings and section order are the profile's: 六 and 七 swapped, 八 renamed, the
    glossary without 基本支出 — numbers follow the new order."""
    text = (ROOT / "reportgen" / "regions" / "sichuan.yaml").read_text(encoding="utf-8")
    six = "      - heading: 政府性基金预算支出情况说明\n        content: [gov_fund]\n"
    seven = "      - heading: 国有资本经营预算情况说明\n        content: [state_capital]\n"
    assert six + seven in text
    text = text.replace(six + seven, seven + six).replace("heading: 其他重要事项的情况说明", "heading: 其他需要说明的事项")
    term = "  - term: 基本支出\n    text: 指为保证机构正常运转，完成日常工作任务而发生的人员支出和公用支出。\n"
    assert term in text
    text = text.replace(term, "")
    data, _ = budget.render(load_document(_copy(tmp_path, text)))
    paragraphs = [line.split("] ", 1)[1] for line in body_lines(data) if line.startswith("P[")]
    assert "六、国有资本经营预算情况说明" in paragraphs and "七、政府性基金预算支出情况说明" in paragraphs
    assert "八、其他需要说明的事项" in paragraphs and "八、其他重要事项的情况说明" not in paragraphs
    assert paragraphs.index("六、国有资本经营预算情况说明") + 2 == paragraphs.index("七、政府性基金预算支出情况说明")
    assert not any("基本支出：指为保证机构正常运转" in p for p in paragraphs)
    assert any(p.startswith("九、项目支出：") for p in paragraphs) and any(p.startswith("十一、机关运行经费：") for p in paragraphs)  # no gap


def test_the_profile_s_settings_apply_where_the_input_gives_none(tmp_path):
    source = _copy(tmp_path, "extends: sichuan\nname: x\npercent_places: 1\n")
    given = source.read_text(encoding="utf-8")
    shares = "其中：上年结转18.00万元，占{0}；一般公共预算拨款收入1197.75万元，占{1}"
    data, _ = budget.render(load_document(source))  # the input's percent_places: 2
    assert any(shares.format("1.48%", "98.52%") in line for line in body_lines(data))
    source.write_text(given.replace("    percent_places: 2\n", ""), encoding="utf-8")
    data, _ = budget.render(load_document(source))  # the profile's: 1
    assert any(shares.format("1.5%", "98.5%") in line for line in body_lines(data))


def test_an_unknown_sentence_in_the_input_s_profile_is_a_finding_at_its_line(tmp_path):
    source = _copy(tmp_path, "extends: sichuan\nname: x\nsentences:\n  scop: 按照综合预算的原则。\n")
    result = CliRunner().invoke(main, ["check", str(source)])
    assert result.exit_code == 2
    assert "我的体例.yaml:4: sentences.scop: 错误：未知的句式编号 'scop'（是否应为 'scope'？） [region.invalid]" in result.output
    assert "Traceback" not in result.output


def test_each_kind_uses_its_own_profiles(tmp_path):
    result = CliRunner().invoke(main, ["check", str(_copy(tmp_path, region="shanghai"))])
    assert result.exit_code == 2
    assert "地区体例 'shanghai' 是部门决算的体例，不能用于部门预算（部门预算的内置体例：sichuan）" in result.output
    assert "预算.yaml:42: presentation.region" in result.output
    zengdu = tmp_path / "zengdu.yaml"
    zengdu.write_text((ROOT / "sample_inputs" / "zengdu_2023.yaml").read_text(encoding="utf-8").replace("  region: default\n", "  region: sichuan\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(zengdu)])
    assert result.exit_code == 2 and "地区体例 'sichuan' 是部门预算的体例，不能用于部门决算（部门决算的内置体例：default、shanghai）" in result.output


def test_a_profile_cannot_reach_python_through_its_braces(tmp_path):
    """Sentences are filled by placeholder, never str.format: braces around anything but a
    placeholder name are printed as written."""
    profile = 'extends: sichuan\nname: x\nsentences:\n  scope: "{short.__class__}{year}"\n'
    data, _ = budget.render(load_document(_copy(tmp_path, profile)))
    assert any(line.startswith("P[Normal] {short.__class__}2023收入包括：") for line in body_lines(data))


def test_regions_command_lists_checks_and_copies_the_budget_profile(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["regions"]).output
    assert listed.index("部门决算：") < listed.index("default\t") < listed.index("部门预算：") < listed.index("sichuan\t四川部门预算体例")
    target = tmp_path / "我的体例.yaml"
    assert runner.invoke(main, ["regions", "sichuan", "-o", str(target)]).exit_code == 0
    checked = runner.invoke(main, ["regions", str(target)])
    assert checked.exit_code == 0 and "　八、其他重要事项的情况说明" in checked.output and "　　（四）预算绩效情况" in checked.output
    sentences = runner.invoke(main, ["regions", "--sentences", "部门预算"]).output
    assert "procurement_empty\t{short}{year}年未安排政府采购预算。\t（可用：{unit}、{short}、{year}、{prior}、{fiscal_level}）" in sentences
    assert "general_budget.details\t" in runner.invoke(main, ["regions", "--content", "sichuan"]).output
    assert "three_public.summary\t" in runner.invoke(main, ["regions", "--content"]).output


def test_one_render_builds_the_sentences_and_tables_once(monkeypatch):
    from reportgen.budget import sections, tables

    built = {"sentences": 0, "tables": 0}
    build, build_tables = sections.Builder.build, tables.build_tables

    def counted_build(self):
        built["sentences"] += 1
        return build(self)

    def counted_tables(acc):
        built["tables"] += 1
        return build_tables(acc)

    monkeypatch.setattr(sections.Builder, "build", counted_build)
    monkeypatch.setattr(tables, "build_tables", counted_tables)
    budget.render(load_document(SAMPLE))
    assert built == {"sentences": 1, "tables": 1}
    budget.render(load_document(SAMPLE), draft=True)  # a draft is its own build (its placeholders)
    assert built == {"sentences": 2, "tables": 2}
