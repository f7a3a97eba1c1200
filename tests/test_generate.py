"""Generated departments: the 曾都 sample scaled consistently (identities hold), reproducible."""

from __future__ import annotations

from decimal import Decimal

from reportgen.accounts import compute
from reportgen.checks import run_checks
from reportgen.generate import generate_departments, write_departments
from reportgen.loader import Document
from reportgen.pipeline import prepare
from reportgen.validate import build_model


def test_generate__identities_hold_in_every_department():
    from conftest import ZENGDU

    from reportgen.loader import load_document

    sample = load_document(ZENGDU)
    # the sample's own findings: its projects' 执行数 vs 项目支出 and the published reports' gaps
    sample_rules = {i.rule for i in run_checks(compute(build_model(sample)), sample)}
    # (and the three published rounding notes of its printed totals, which a made-up department lacks)
    assert sample_rules == {"identity.projects_total", "selfeval.achieved_missing", "selfeval.missing_reason", "selfeval.execution_rate",
                            "printed.general_budget.total", "printed.basic.total", "printed.three_public.total"}
    for data in generate_departments(30, seed=7):
        acc = compute(build_model(Document(data, "generated")))
        found = run_checks(acc, Document(data, "generated"))
        assert {i.rule for i in found} <= sample_rules  # no error, and nothing the sample lacks
        assert not any(i.severity.value == "error" for i in found)
        assert acc.total_income_side == acc.total_spending_side
        assert acc.personnel_total + acc.public_total == acc.general_budget_basic


def test_generate__same_seed_same_departments_other_seed_differs():
    assert generate_departments(3, seed=1) == generate_departments(3, seed=1)
    assert generate_departments(3, seed=1) != generate_departments(3, seed=2)


def test_generate__amounts_scaled_counts_and_scores_kept():
    first = generate_departments(1, seed=3)[0]
    assert first["functions"][0]["income"]["general_budget"] != Decimal("685.19")
    assert first["three_public"]["vehicle_operation"]["stock"] == 7
    assert first["performance"]["projects"][0]["score"] == Decimal("100")
    assert first["unit"]["name"] != "曾都区人民政府办公室"


def test_write_departments__files_load_and_pass_checks(tmp_path):
    paths = write_departments(tmp_path, 3, seed=5)
    assert [p.name for p in paths] == ["dept_001.yaml", "dept_002.yaml", "dept_003.yaml"]
    for path, data in zip(paths, generate_departments(3, seed=5), strict=True):
        prepared = prepare(path)
        assert {i.rule for i in prepared.issues} <= {"identity.projects_total", "selfeval.achieved_missing", "selfeval.missing_reason",
                                                     "selfeval.execution_rate", "selfeval.initial_budget"}
        assert not any(i.severity.value == "error" for i in prepared.issues)
        assert prepared.model.model_dump(mode="python") == data
