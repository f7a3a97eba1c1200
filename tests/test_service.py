"""The render service: bytes in and out, report kinds, no state shared between two renders."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import FICTIONAL, SAMPLES, ZENGDU, load_sample_data, write_yaml

from reportgen import kinds, service
from reportgen.cli import main
from reportgen.diagnostics import CheckFailed, InputError
from reportgen.service import RenderOptions

ZENGDU_XLSX = SAMPLES / "zengdu_2023.xlsx"


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def table_texts(data: bytes) -> list[str]:
    return [" | ".join(c.text for c in row.cells) for t in docx.Document(io.BytesIO(data)).tables for row in t.rows]


@pytest.fixture(scope="module")
def zengdu_bytes() -> bytes:
    return service.render(ZENGDU).data


@pytest.fixture(scope="module")
def fictional_bytes() -> bytes:
    return service.render(FICTIONAL).data


# -- one function, bytes out, nothing written ---------------------------------------------------


def test_render__returns_the_report_bytes_and_writes_nothing(tmp_path, monkeypatch, zengdu_bytes):
    monkeypatch.chdir(tmp_path)
    rendered = service.render(ZENGDU)
    assert list(tmp_path.iterdir()) == []
    assert rendered.data == zengdu_bytes  # the same input renders to the same bytes
    text = "\n".join(paragraphs(rendered.data))
    assert "曾都区人民政府办公室" in text and "第六部分" in text
    assert any("其他收入 | 16.65" in row for row in table_texts(rendered.data))  # 表1 drawn
    assert not rendered.draft and rendered.issues == rendered.prepared.issues


def test_render__pipeline_file_equals_service_bytes(tmp_path, rendered_zengdu, zengdu_bytes):
    """``reportgen render`` writes exactly the bytes the service returns."""
    assert rendered_zengdu.read_bytes() == zengdu_bytes
    out = tmp_path / "r.docx"
    # --no-toc-pages: with LibreOffice installed the command line also writes the 目录 page numbers
    result = CliRunner().invoke(main, ["render", str(ZENGDU), "-o", str(out), "--no-toc-pages"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == zengdu_bytes


def test_render__yaml_bytes_with_a_name_equal_the_path(zengdu_bytes):
    rendered = service.render(ZENGDU.read_bytes(), "zengdu_2023.yaml")
    assert rendered.data == zengdu_bytes


def test_render__workbook_bytes_with_a_name_equal_the_workbook_path():
    from_path = service.render(ZENGDU_XLSX).data
    from_bytes = service.render(ZENGDU_XLSX.read_bytes(), "上传的输入.xlsx").data
    assert from_bytes == from_path
    assert "曾都区人民政府办公室" in "\n".join(paragraphs(from_bytes))


def test_load__bytes_errors_name_the_uploaded_file():
    with pytest.raises(InputError) as exc:
        service.render(b"unit: [\n", "上传.yaml")
    (issue,) = exc.value.issues
    assert issue.source.file == "上传.yaml" and issue.source.line is not None
    assert issue.rule == "input.syntax"
    with pytest.raises(InputError) as exc:
        service.render(b"not a zip", "上传.xlsx")
    assert exc.value.issues[0].source.file == "上传.xlsx" and "Excel" in exc.value.issues[0].message


def test_render__refuses_errors_unless_forced(tmp_path, zengdu_bytes):
    data = load_sample_data()
    data["unit"]["report_date"] = "2023-06-01"  # before the year closes: an error
    path = write_yaml(tmp_path / "early.yaml", data)
    with pytest.raises(CheckFailed) as exc:
        service.render(path)
    assert [i.rule for i in exc.value.issues] == ["year.report_date"]
    forced = service.render(path, options=RenderOptions(force=True))
    assert forced.draft and forced.data != zengdu_bytes
    assert any("草稿" in p for p in paragraphs(forced.data))
    unmarked = service.render(path, options=RenderOptions(gate=False))  # as the diff renders
    assert not unmarked.draft and not any("草稿" in p for p in paragraphs(unmarked.data)[:3])


def test_write_documents__atomic_file(tmp_path, zengdu_bytes):
    rendered = service.render(ZENGDU)
    (target,) = service.write_documents(rendered, tmp_path / "out" / "r.docx")
    assert target.read_bytes() == zengdu_bytes
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.docx"]  # no temporary left


# -- report kinds --------------------------------------------------------------------------------


def test_kinds__registry_has_the_kinds():
    names = [k.name for k in kinds.available()]
    assert {"final_accounts", "selfeval", "budget", "targets"} <= set(names) and len(names) == len(set(names))
    assert kinds.get_kind("部门决算") is kinds.get_kind("final_accounts")
    assert kinds.get_kind("绩效自评").title == "绩效自评报告"
    assert kinds.get_kind("final_accounts").template().name == "final_accounts.docx"


def test_kinds__input_without_kind_is_final_accounts(tmp_path, zengdu_bytes):
    data = load_sample_data()
    assert "kind" not in data
    named = write_yaml(tmp_path / "named.yaml", {"kind": "final_accounts", **data})
    assert service.prepare(ZENGDU).kind.name == "final_accounts"
    assert service.render(named).data == zengdu_bytes
    alias = write_yaml(tmp_path / "alias.yaml", {"kind": "部门决算", **data})
    assert service.render(alias).data == zengdu_bytes


def test_kinds__unknown_kind_names_its_line(tmp_path):
    path = write_yaml(tmp_path / "bad.yaml", {"kind": "预算表", **load_sample_data()})
    with pytest.raises(InputError) as exc:
        service.prepare(path)
    (issue,) = exc.value.issues
    assert issue.rule == "input.kind" and issue.source.line == 1 and issue.source.path == "kind"
    assert "未知的报告种类 '预算表'" in issue.message and "final_accounts（部门决算）" in issue.message
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "未知的报告种类" in result.output


def test_kinds__selfeval_input_renders_the_selfeval_documents(tmp_path):
    path = write_yaml(tmp_path / "se.yaml", {"kind": "selfeval", **load_sample_data()})
    rendered = service.render(path)
    names = [d.name for d in rendered.documents]
    assert names[0].startswith("00_") and "部门整体支出绩效自评报告" in names[0]
    ev = rendered.prepared.evaluation
    assert len(names) == len(ev.projects) + 1 > 2 and names[1].startswith("01_")
    first_project = paragraphs(rendered.documents[1].data)
    assert first_project[0].replace("\n", "").endswith("自评报告")  # the published title, 研究室经费自评报告
    # the command line writes them into the -o folder
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    # and the selfeval command renders the same documents for the default input
    same = service.render(ZENGDU, options=RenderOptions(kind="selfeval"))
    assert [d.data for d in same.documents] == [d.data for d in rendered.documents]


def test_kinds__a_new_kind_is_a_registration(tmp_path):
    """A kind added from outside (as the 部门预算 will be) renders through the same service."""
    from reportgen.kinds import RenderedDocument, ReportKind
    from reportgen.kinds.final_accounts import KIND as FA

    calls = []

    def documents(prepared, settings):
        calls.append(settings.draft)
        return [RenderedDocument("summary.txt", prepared.model.unit.name.encode())]

    test_kind = ReportKind(
        name="test_summary", title="测试", schema=FA.schema, compute=FA.compute,
        sections=FA.sections, checks=FA.checks, documents=documents,
    )
    kinds.register(test_kind)
    try:
        rendered = service.render(ZENGDU, options=RenderOptions(kind="test_summary"))
        assert [(d.name, d.data.decode()) for d in rendered.documents] == [("summary.txt", "曾都区人民政府办公室")]
        assert calls == [False]
    finally:
        del kinds.KINDS["test_summary"]


# -- no process-global state ---------------------------------------------------------------------


def test_render__threads_and_sequence_equal_solo_renders(zengdu_bytes, fictional_bytes):
    """Two different inputs rendered at once in threads, then one after the other: each is
    byte for byte its solo render."""
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(name: str, path: Path) -> None:
        try:
            start.wait()
            results[name] = service.render(path, options=RenderOptions(force=True)).data
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=a) for a in (("zengdu", ZENGDU), ("fictional", FICTIONAL))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results["zengdu"] == zengdu_bytes
    assert results["fictional"] == fictional_bytes
    assert service.render(FICTIONAL, options=RenderOptions(force=True)).data == fictional_bytes
    assert service.render(ZENGDU).data == zengdu_bytes


def test_render__evaluates_and_builds_once(monkeypatch):
    """One render: the 绩效自评 evaluated once, the sections built once (checks included)."""
    import importlib

    import reportgen.sections as sections

    # reportgen.selfeval.evaluate is also the name of the function the package exports
    evaluate_module = importlib.import_module("reportgen.selfeval.evaluate")

    counts = {"evaluate": 0, "build": 0}
    real_evaluate, real_build = evaluate_module.evaluate, sections.build_sections

    def evaluate(*args, **kwargs):
        counts["evaluate"] += 1
        return real_evaluate(*args, **kwargs)

    def build(*args, **kwargs):
        counts["build"] += 1
        return real_build(*args, **kwargs)

    monkeypatch.setattr(evaluate_module, "evaluate", evaluate)
    monkeypatch.setattr(sections, "build_sections", build)
    rendered = service.render(ZENGDU)
    assert counts == {"evaluate": 1, "build": 1}
    # the one evaluation serves the checks, 十三's summary and the annexes
    evaluation = rendered.prepared.evaluation
    from reportgen.selfeval.completeness import (
        RULES as TEXT_RULES,  # the completeness checks, not the evaluation
    )

    assert [i for i in rendered.issues if i.rule.startswith("selfeval.") and i.rule not in TEXT_RULES] == evaluation.issues
    assert "第六部分" in "\n".join(paragraphs(rendered.data))
    assert any(r.name in " ".join(table_texts(rendered.data)) for r in evaluation.projects)


def test_render__draft_findings_match_the_checks(tmp_path):
    """A missing reason is reported once by the checks and shown as 【待补充】 in the draft."""
    data = load_sample_data()
    data["reasons"] = {}
    path = write_yaml(tmp_path / "noreasons.yaml", data)
    checked = service.prepare(path)
    missing = [i for i in checked.issues if i.rule == "reason.missing"]
    assert missing
    draft = service.render(path, options=RenderOptions(draft=True))
    placeholders = [p for p in paragraphs(draft.data) if "【待补充" in p]
    assert placeholders and [i.rule for i in draft.issues] == [i.rule for i in checked.issues]


def test_template_check__two_checks_do_not_share_findings(tmp_path):
    def template(path: Path, tag: str) -> Path:
        document = docx.Document()
        document.add_paragraph("{{ unit.name }} {{ " + tag + " }}")
        document.save(str(path))
        return path

    first = service.template_check(ZENGDU, template(tmp_path / "a.docx", "no_such.value"))
    second = service.template_check(ZENGDU, template(tmp_path / "b.docx", "profile.no_such_field"))
    clean = service.template_check(ZENGDU, template(tmp_path / "c.docx", "unit.year"))
    assert first == ["no_such"]
    assert second == ["profile.no_such_field"]  # not the first check's finding
    assert clean == []


def test_region_override_reaches_the_model():
    prepared = service.prepare(ZENGDU, region="shanghai")
    assert prepared.model.presentation.region == "shanghai"
    assert service.prepare(ZENGDU).model.presentation.region == "default"


def test_audit__report_bytes_and_path_agree(rendered_zengdu, tmp_path):
    """The audit reads a report from bytes (an upload) as from its file."""
    data = rendered_zengdu.read_bytes()
    _, from_path = service.audit(rendered_zengdu, ZENGDU)
    _, from_bytes = service.audit(data, ZENGDU.read_bytes(), "zengdu_2023.yaml", report_name="上传.docx")
    assert from_path.checked == from_bytes.checked > 50 and not from_path.issues and not from_bytes.issues
    # a wrong figure in the text is found in both
    text = "\n".join(paragraphs(data)).replace("其他收入16.65万元", "其他收入16.75万元")
    _, wrong = service.audit(text.encode(), ZENGDU, report_name="报告.txt")
    assert [i.rule for i in wrong.issues] == ["audit.amount"] and wrong.issues[0].source.file == "报告.txt"


def test_batch__jobs_render_through_the_service(tmp_path, zengdu_bytes):
    from reportgen.batch import render_one

    report = render_one(str(ZENGDU), str(tmp_path / "zengdu_2023.docx"))
    assert report.status == "ok" and Path(report.output).read_bytes() == zengdu_bytes
    selfeval = write_yaml(tmp_path / "se.yaml", {"kind": "selfeval", **load_sample_data()})
    result = render_one(str(selfeval), str(tmp_path / "out" / "se.docx"))
    assert result.status == "ok" and result.output == str(tmp_path / "out" / "se")
    assert len(list((tmp_path / "out" / "se").glob("*.docx"))) == len(service.prepare(selfeval).evaluation.projects) + 1


def test_render__picture_charts_in_threads_equal_solo_renders():
    """Charts as pictures (drawn with matplotlib, whose style is process-wide) in two threads at
    once: each document is its solo render, and it holds pictures, not Word charts."""
    options = RenderOptions(charts=service.ChartRenderer("image"))
    solo = {path: service.render(path, options=options).data for path in (ZENGDU, FICTIONAL)}
    results: dict[Path, bytes] = {}
    start = threading.Barrier(2)

    def run(path: Path) -> None:
        start.wait()
        results[path] = service.render(path, options=options).data

    threads = [threading.Thread(target=run, args=(p,)) for p in solo]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == solo
    names = zipfile.ZipFile(io.BytesIO(solo[ZENGDU])).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
    assert not any(n.startswith("word/charts/") for n in names)


def test_kinds__budget_and_targets_render_through_the_service(tmp_path):
    """The 部门预算 and a 部门整体绩效目标表 are kinds like the others: bytes in, bytes out; the
    diff compares two budgets; commands of the 部门决算 refuse them with the place of kind:."""
    budget = SAMPLES / "dachuan_2023_budget.yaml"
    rendered = service.render(budget.read_bytes(), str(budget))  # its 绩效目标 file is found beside the name
    assert rendered.prepared.kind.name == "budget" and rendered.data == service.render(budget).data
    assert paragraphs(rendered.data)[0].startswith("第一部分") and any("部门预算" in p for p in paragraphs(rendered.data))
    targets = service.render(SAMPLES / "ezhou_2024_targets.yaml", options=RenderOptions(force=True))
    assert targets.prepared.kind.name == "targets" and table_texts(targets.data)
    from reportgen.diff import diff_paths

    assert not diff_paths(budget, budget)
    with pytest.raises(InputError) as exc:
        service.render(budget, options=RenderOptions(kind="selfeval"))
    (issue,) = exc.value.issues
    assert issue.source.path == "kind" and "此命令只适用于部门决算" in issue.message
