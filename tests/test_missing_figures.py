"""A missing figure is a finding, never a guess: a 三公, 车辆, 设备 or 政府采购 figure the input
does not state is reported (file:line of the nearest written parent) and its sentence leaves it
out; a stated 0 reads as the zero sentence."""

from __future__ import annotations

import docx
from conftest import ZENGDU, load_sample_data, write_yaml
from test_sections import BASE, NO_PROCUREMENT, NO_VEHICLES, merge

from reportgen.accounts import compute
from reportgen.model import FinalAccounts, absent_part
from reportgen.pipeline import prepare, render
from reportgen.sections import SECTIONS, make_ctx
from reportgen.sections.part3_summary import three_public_shares, three_public_summary


def built(section: str, **patch):
    missing: list = []
    model = FinalAccounts.model_validate(merge(BASE, patch))
    builder = {"three_public_summary": three_public_summary, "three_public_shares": three_public_shares}.get(section) or SECTIONS[section]
    return builder(make_ctx(compute(model), False, missing=missing)), {m.path: m.what for m in missing if m.figure}


def figure_findings(issues):
    return [i for i in issues if i.rule == "input.missing_figure"]


# -- the model decides: absent is None, a stated 0 is 0 -------------------------------------------
def test_model__omitted_figures_are_none_and_a_written_zero_is_zero():
    model = FinalAccounts.model_validate(merge(BASE, {"three_public": {"outbound": {"actual": 0, "groups": ""}}}))
    assert model.three_public.outbound.actual == 0
    assert model.three_public.outbound.budget is None and model.three_public.outbound.groups is None
    assert model.three_public.vehicle_operation.stock is None
    assert model.assets.equipment_over_1m is None and model.assets.vehicles.emergency is None
    assert model.procurement.goods.total is None and model.procurement.small_micro is None
    # texts keep their real default: an empty purpose is no figure
    assert model.three_public.outbound.purpose == ""


def test_absent_part__the_outermost_part_not_written():
    model = FinalAccounts.model_validate(merge(BASE, {"three_public": {"outbound": {"actual": 1}}}))
    assert absent_part(model, "three_public.outbound.budget") == "three_public.outbound.budget"
    assert absent_part(model, "three_public.reception.domestic.actual") == "three_public.reception"
    assert absent_part(model, "assets.vehicles.other") == "assets"


# -- sentences -------------------------------------------------------------------------------------
def test_three_public__section_left_out_states_no_zero():
    parts, missing = built("three_public")
    text = "".join(str(v) for v in parts.values())
    assert "0.00万元" not in text and "0辆" not in text and "无因公出国" not in text
    assert parts["overall"] == parts["outbound"] == parts["vehicle"] == parts["reception"] == ""
    assert {"three_public.outbound.actual", "three_public.vehicle_operation.stock"} <= set(missing)


def test_three_public__counts_of_an_item_with_spending_are_required():
    tp = {"outbound": {"budget": "5", "actual": "4", "prior": "4", "purpose": "招商"},
          "vehicle_purchase": {"budget": "30", "actual": "28", "prior": "0"},
          "vehicle_operation": {"budget": "10", "actual": "8", "prior": "8"},
          "reception": {"budget": "0", "prior": "0", "domestic": {"actual": "0"}}}
    parts, missing = built("three_public", three_public=tp)
    assert "团组" not in parts["outbound"] and "辆" not in parts["vehicle_lines"][0]
    assert "保有量" not in parts["vehicle_lines"][1]
    assert {"three_public.outbound.groups", "three_public.outbound.people", "three_public.vehicle_purchase.count",
            "three_public.vehicle_operation.stock"} <= set(missing)
    # an item with no spending needs no count: 0 spent, 0 counted, nothing missing
    tp["outbound"] = {"budget": "0", "actual": "0", "prior": "0"}
    parts, missing = built("three_public", three_public=tp)
    assert "three_public.outbound.groups" not in missing


def test_three_public__budget_not_given_states_the_actual_alone():
    tp = {"outbound": {"actual": "4", "prior": "5", "groups": 1, "people": 2, "reasons": {"vs_prior": "压减出访"}}}
    parts, missing = built("three_public", three_public=tp)
    assert parts["outbound"].startswith("1.因公出国（境）费支出决算为4.00万元。较上年减少1.00万元，下降20.0%。")
    assert "预算" not in parts["outbound"]
    assert missing["three_public.outbound.budget"] == "2024年度因公出国（境）费全年预算数"


def test_three_public__stated_zeros_read_as_none():
    zero = {"budget": "0", "actual": "0", "prior": "0", "groups": 0, "people": 0, "count": 0}
    tp = {"outbound": {k: v for k, v in zero.items() if k != "count"},
          "vehicle_purchase": {k: v for k, v in zero.items() if k not in ("groups", "people")},
          "vehicle_operation": {"budget": "0", "actual": "0", "prior": "0", "stock": 0},
          "reception": {"budget": "0", "prior": "0", "foreign": {"actual": "0"}, "domestic": {"actual": "0"}}}
    parts, missing = built("three_public", three_public=tp)
    assert parts["outbound"] == "1．2024年度无因公出国（境）费预算和支出，上年亦无此项支出。"
    assert parts["vehicle_lines"][1].endswith("开支财政拨款的公务用车保有量为0辆。")
    assert not missing


def test_shanghai_summary__missing_item_leaves_the_summary_out():
    tp = {"outbound": {"budget": "0", "actual": "0", "prior": "0"},
          "vehicle_purchase": {"budget": "0", "actual": "0", "prior": "0"},
          "vehicle_operation": {"budget": "0", "actual": "0", "prior": "0"}}
    parts, missing = built("three_public_summary", three_public=tp, presentation={"region": "shanghai"})
    assert parts["lines"] == []
    assert missing == {"three_public.reception.budget": "2024年度公务接待费全年预算数",
                       "three_public.reception.foreign.actual": "2024年度公务接待费决算数"}
    parts, missing = built("three_public_shares", three_public=tp, presentation={"region": "shanghai"})
    assert parts["lines"] == [] and "three_public.reception.foreign.actual" in missing


def test_procurement__kinds_not_given_are_findings_not_no_procurement():
    parts, missing = built("procurement")
    assert parts["text"] == ""  # never "无政府采购支出" read from an empty section
    assert set(missing) == {"procurement.goods.total", "procurement.works.total", "procurement.services.total"}
    parts, missing = built("procurement", procurement={**NO_PROCUREMENT, "goods": {"total": "40"}})
    assert "政府采购货物支出40.00万元" in parts["text"] and "中小企业" not in parts["text"]
    assert set(missing) == {"procurement.goods.sme"}  # 工程、服务 spent nothing: nothing to award
    parts, missing = built("procurement", procurement={**NO_PROCUREMENT, "goods": {"total": "40", "sme": "30"}})
    assert "授予中小企业合同金额30.00万元" in parts["text"] and "小微" not in parts["text"]
    assert set(missing) == {"procurement.small_micro"}


def test_assets__a_category_not_given_leaves_the_vehicle_sentence_out():
    parts, missing = built("assets", assets={"vehicles": {"emergency": 7}, "equipment_over_1m": 0})
    assert parts["text"] == "截至2024年12月31日，无单位价值100万元以上专用设备。"
    assert "assets.vehicles.other" in missing and "assets.vehicles.emergency" not in missing
    parts, missing = built("assets", assets={"vehicles": {**NO_VEHICLES, "emergency": 7}})
    assert parts["text"] == "截至2024年12月31日，本部门共有车辆7辆，其中：应急保障用车7辆。"
    assert set(missing) == {"assets.equipment_over_1m"}


# -- findings and the document, through the one render path ---------------------------------------
def test_render__three_public_removed_is_one_finding_at_its_parent_and_no_zero(tmp_path):
    data = load_sample_data(ZENGDU)
    del data["three_public"]
    data["totals"].pop("three_public")
    path = write_yaml(tmp_path / "no3.yaml", data)
    prepared = prepare(path)
    found = figure_findings(prepared.issues)
    at = [i for i in found if i.source.path == "three_public"]
    assert len(at) == 1 and at[0].severity == "warning"
    assert "因公出国（境）费决算数" in at[0].message and "确实没有时写0" in at[0].message
    assert at[0].source.line is None or at[0].source.line >= 1
    out = tmp_path / "no3.docx"
    render(path, out)
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    section = text[text.index("财政拨款“三公”经费支出决算情况说明"):text.index("机关运行经费支出说明")]
    assert "0万元" not in section and "0.00万元" not in section and "保有量" not in section
    table = next(t for t in document.tables if "因公出国（境）费" in t.rows[0].cells[2].text)
    assert [c.text for c in table.rows[-1].cells] == ["未填报"] * 12  # never blank: a blank cell reads as 0


def test_render__sample_states_its_zeros_and_has_no_missing_figure(tmp_path):
    assert not figure_findings(prepare(ZENGDU).issues)


def test_check__written_blank_is_missing_too(tmp_path):
    data = load_sample_data(ZENGDU)
    data["assets"]["equipment_over_1m"] = None
    data["three_public"]["vehicle_operation"]["stock"] = ""
    issues = figure_findings(prepare(write_yaml(tmp_path / "blank.yaml", data)).issues)
    paths = {i.source.path: i for i in issues}
    assert set(paths) == {"assets.equipment_over_1m", "three_public.vehicle_operation.stock"}
    assert all(i.source.line for i in issues)


# -- 预算绩效管理 (上海体例 十): 整改 counts ---------------------------------------------------------
def _shanghai_performance(tmp_path, data, name="sh.yaml"):
    data["presentation"]["region"] = "shanghai"
    prepared = prepare(write_yaml(tmp_path / name, data))
    out = tmp_path / (name + ".docx")
    render(tmp_path / name, out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    line = next(p for p in text.splitlines() if "绩效自评的2023年度项目" in p)
    return prepared, line


def test_rectification__from_project_records_with_problems_is_a_finding(tmp_path):
    data = load_sample_data(ZENGDU)
    data.setdefault("presentation", {})
    assert any(p.get("problems") for p in data["performance"]["projects"])
    prepared, line = _shanghai_performance(tmp_path, data)
    assert "绩效自评中共发现问题" in line and "整改" not in line  # never "已经完成整改的0个" read from nothing
    (finding,) = [i for i in figure_findings(prepared.issues) if "整改" in i.message]
    assert finding.source.path == "performance.summary" or finding.source.path.startswith("performance")


def test_rectification__from_project_records_without_problems_is_0_and_0(tmp_path):
    data = load_sample_data(ZENGDU)
    data.setdefault("presentation", {})
    for project in data["performance"]["projects"]:
        project["problems"] = []
    prepared, line = _shanghai_performance(tmp_path, data)
    assert "绩效自评中共发现问题0个，已经完成整改的0个，正在整改的0个" in line
    assert not [i for i in figure_findings(prepared.issues) if "整改" in i.message]


def test_rectification__summary_without_the_counts_is_a_finding(tmp_path):
    from conftest import ROOT

    data = load_sample_data(ROOT / "sample_inputs" / "putuo_2024.yaml")
    se = data["performance"]["summary"]["self_evaluation"]
    se["problems"] = 3
    se.pop("rectified", None)
    se.pop("rectifying", None)
    prepared = prepare(write_yaml(tmp_path / "p.yaml", data))
    paths = {i.source.path for i in figure_findings(prepared.issues)}
    assert {"performance.summary.self_evaluation.rectified", "performance.summary.self_evaluation.rectifying"} <= paths
    out = tmp_path / "p.docx"
    render(tmp_path / "p.yaml", out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "绩效自评中共发现问题3个）" in text and "整改" not in text.split("绩效自评中共发现问题3个")[1][:20]


def test_draft__a_missing_三公_item_shows_where_its_figure_goes():
    model = FinalAccounts.model_validate(BASE)
    parts = SECTIONS["three_public"](make_ctx(compute(model), True))
    assert parts["outbound"] == "1.因公出国（境）费【待补充：2024年度因公出国（境）费决算数】。"
    assert parts["overall"] == ""


# -- 部门预算: the same rule ------------------------------------------------------------------------
def test_budget__procurement_and_assets_left_out_are_findings_not_zero(tmp_path):
    import yaml
    from conftest import ROOT

    from reportgen import service

    path = ROOT / "tests" / "data" / "budget_edges.yaml"

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["procurement"], data["assets"]
    data["operating_expenses"].pop("prior_budget")
    changed = tmp_path / "edges.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    prepared = service.prepare(changed)
    found = {i.source.path: i for i in prepared.issues if i.rule in ("input.missing_figure", "budget.prior_missing")}
    assert {"procurement", "assets", "operating_expenses.prior_budget"} <= set(found)
    assert "政府采购货物预算" in found["procurement"].message
    rendered = service.render(changed, None, service.RenderOptions(gate=False, verify=False))
    text = "\n".join(p.text for p in docx.Document(__import__("io").BytesIO(rendered.data)).paragraphs)
    assert "政府采购" in text and "未安排政府采购预算" not in text and "共有车辆0辆" not in text
    assert "机关运行经费财政拨款预算为50.00万元。" in text  # stated without the comparison it lacks


# -- the workbook: an empty cell is not a 0 cell -----------------------------------------------------
def test_workbook__empty_cell_is_missing_and_a_0_cell_is_0(tmp_path):
    from conftest import ROOT
    from openpyxl import load_workbook

    from reportgen.loader import load_document
    from reportgen.validate import build_model

    workbook = load_workbook(ROOT / "sample_inputs" / "zengdu_2023.xlsx")
    cells = {}
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in ("assets.equipment_over_1m", "three_public.vehicle_operation.stock"):
                    cells[cell.value] = sheet.cell(cell.row, 2)
    assert cells["assets.equipment_over_1m"].value == 0  # the sample states 0
    cells["three_public.vehicle_operation.stock"].value = None
    path = tmp_path / "blank.xlsx"
    workbook.save(path)
    document = load_document(path)
    model = build_model(document)
    assert model.three_public.vehicle_operation.stock is None and model.assets.equipment_over_1m == 0
    (finding,) = [i for i in prepare(path).issues if i.rule == "input.missing_figure"]
    assert finding.source.path == "表9 三公经费!B30" and "公务用车保有量" in finding.message


def test_staff__counts_not_given_leave_the_sentence_out():
    parts, missing = built("profile", unit={"name": "测试局", "year": 2024, "staff": {"actual": 12}})
    assert parts["staff"] == "" and missing == {"unit.staff.authorized": "2024年度编制数"}
    parts, missing = built("profile", unit={"name": "测试局", "year": 2024, "staff": {"authorized": 15, "actual": 12, "retired": 0}})
    assert parts["staff"] == "测试局编制15人，实有人员12人。" and not missing


def test_grades__none_listed_for_projects_evaluated_is_a_finding_not_0_in_every_grade(tmp_path):
    from conftest import ROOT

    data = load_sample_data(ROOT / "sample_inputs" / "putuo_2024.yaml")
    data["performance"]["summary"]["self_evaluation"]["grades"] = {}
    path = write_yaml(tmp_path / "g.yaml", data)
    assert [i for i in figure_findings(prepare(path).issues) if i.source.path == "performance.summary.self_evaluation.grades"]
    out = tmp_path / "g.docx"
    render(path, out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "绩效评级为" not in text
    assert "平均得分99.43分（绩效自评中共发现问题0个，已经完成整改的0个，正在整改的0个）。" in text
