"""`audit` on published texts: no false alarm on a correct figure, a flag on each wrong one.

The 曾都 (seed 001) and 普陀 (shared/reference) texts are the published reports the samples were
transcribed from. Each has its own published errors (listed below: figures that disagree with the
report's own tables, a growth rate on a zero base) and wordings the rules forbid for a 0 of 0
("增加0万元", "完成预算的0%" of a budget of 0 — notes, the figure itself is not wrong); every other
figure is correct and must not be flagged. Wrong figures planted into the text
(an amount, a share, a direction word, a 类 figure vs a 项 figure, 年初 vs 全年预算) are each
flagged and nothing else; a number planted inside a reason is the department's and is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen import service
from reportgen.audit import audit_text
from reportgen.diagnostics import Severity

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# (rule, the figure as printed) of each published error
ZENGDU_ERRORS = {
    ("audit.amount", "905.3万元"),  # 一般公共预算财政拨款支出 905.31
    # (“三公” 32.99, its change 12.02 and rate 57.3% follow from the 合计 表9 prints — carried in the
    # sample, 0.01 from its items' 33.00: a note of the check, not an error of the text)
    ("audit.zero_base", "100%"),  # 因公出国 上年为0: no growth rate
}
# 0 written for a quantity that is 0 of 0: the wording, not the figure, is wrong (notes)
ZENGDU_WORDING = {
    ("audit.direction", "增加0万元"),  # 政府性基金, 国有资本经营, 公务接待费: 0 → 0 written as 增加
    ("audit.zero_budget", "0%"),  # 公务接待费 预算为0, 支出0: 完成全年预算的0%
    ("audit.zero_base", "0%"),  # 公务接待费 上年为0 增长0%; 政府采购 shares of a zero total
}
PUTUO_ERRORS = {
    ("audit.amount", "0.3万元"),  # 财政拨款收入支出总计 2961.68
    ("audit.percent", "71.73%"),  # 一般公共服务支出 share 71.65%
    ("audit.amount", "2993.92万元"),  # 年初预算 2993.93 from its 项
    ("audit.amount", "251.25万元"),  # 政府采购金额 = 4.79 + 0 + 246.47 = 251.26
}
PUTUO_WORDING = {
    ("audit.zero_budget", "0%"),  # “三公” items without a budget and without spending: 完成预算的0%
}


def _prepared(name: str):
    return service.prepare(ROOT / "sample_inputs" / f"{name}.yaml")


def _audit(text: str, prepared):
    return audit_text(text.splitlines(), prepared.accounts, "报告.txt", paragraphs_are_real=False,
                      subjects_of=prepared.kind.audit_subjects)


def _keys(found, severity: Severity = Severity.ERROR) -> set[tuple[str, str]]:
    keys = set()
    for issue in (i for i in found.issues if i.severity is severity):
        excerpt = issue.message.rsplit("（原文：…", 1)[1]
        if issue.rule == "audit.count":
            keys.add((issue.rule, re.findall(r"\d+", excerpt)[-1]))
            continue
        figure = re.findall(r"(?:增加|减少)?\d[\d,]*(?:\.\d+)?(?:万元|%)", excerpt)[-1]
        keys.add((issue.rule, figure if issue.rule == "audit.direction" else re.sub("^(?:增加|减少)", "", figure)))
    return keys


@pytest.fixture(scope="module")
def zengdu():
    return _prepared("zengdu_2023"), (DATA / "zengdu_2023_published.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def putuo():
    return _prepared("putuo_2024"), (DATA / "putuo_2024_published.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "errors", "wording", "checked"), [
    ("zengdu", ZENGDU_ERRORS, ZENGDU_WORDING, 170),
    # 普陀: 十 预算绩效管理情况 and 十一 其他重要事项 are read, their figures checked
    ("putuo", PUTUO_ERRORS, PUTUO_WORDING, 75),
])
def test_published__only_its_published_errors(request, name, errors, wording, checked):
    prepared, text = request.getfixturevalue(name)
    found = _audit(text, prepared)
    assert _keys(found) == errors
    assert _keys(found, Severity.NOTE) == wording
    assert not [i for i in found.issues if i.severity is Severity.WARNING]
    assert found.checked >= checked and not found.unchecked
    if name == "putuo":
        assert "十一、其他重要事项的情况说明" in {i.source.path for i in found.issues}


def _planted(text: str, prepared, old: str, new: str):
    assert text.count(old) == 1, old
    return _audit(text.replace(old, new), prepared)


@pytest.mark.parametrize(("old", "new", "flag"), [
    # an amount
    ("本年收入合计2946.25万元", "本年收入合计2946.52万元", ("audit.amount", "2946.52万元")),
    # a share
    ("603.14万元，占20.51%", "603.14万元，占20.15%", ("audit.percent", "20.15%")),
    # a direction word
    ("一般公共预算财政拨款支出减少63.14万元", "一般公共预算财政拨款支出增加63.14万元", ("audit.direction", "增加63.14万元")),
    # a 类 figure and a 项 figure: each checked against its own level
    ("住房保障支出（类）445.69万元", "住房保障支出（类）445.96万元", ("audit.amount", "445.96万元")),
    ("支出决算为1511.89万", "支出决算为1511.98万", ("audit.amount", "1511.98万元")),
    # a 项's completion-free figures: its 年初预算
    ("年初预算为135.90万元", "年初预算为135.09万元", ("audit.amount", "135.09万元")),
    # 机关运行经费's change
    ("比2023年度增加2.55万元，增长1.40%", "比2023年度增加2.55万元，增长1.04%", ("audit.percent", "1.04%")),
])
def test_published_putuo__each_planted_error_is_flagged_and_nothing_else(putuo, old, new, flag):
    prepared, text = putuo
    assert _keys(_planted(text, prepared, old, new)) == PUTUO_ERRORS | {flag}


def test_published_putuo__a_figure_planted_in_a_reason_is_left_alone(putuo):
    prepared, text = putuo
    old = "调减相关经费。"
    found = _planted(text, prepared, old, "调减相关经费0.65万元，较上年减少12.5%。")
    assert _keys(found) == PUTUO_ERRORS and not found.unchecked
    assert found.skipped >= 2


def test_published_putuo__the_flagged_项_is_named_not_its_类(putuo):
    prepared, text = putuo
    found = _planted(text, prepared, "支出决算为1511.89万", "支出决算为1511.98万")
    [message] = [i.message for i in found.issues if "1511.98" in i.message]
    assert message.startswith("行政运行的决算数写作 1511.98 万元，数据为 1511.89 万元")


def test_published_zengdu__planted_errors_are_flagged(zengdu):
    prepared, text = zengdu
    for old, new, flag in (
        ("收入合计增加 76.9 万元，增长 9.1 %", "收入合计增加 76.9 万元，增长 9.7 %", ("audit.percent", "9.7%")),
        ("应急保障用车 7 辆", "应急保障用车 6 辆", ("audit.count", "6")),  # a count: 车辆 by kind
        ("共有车辆 7 辆", "共有车辆 8 辆", ("audit.count", "8")),
        ("保有量为 7 辆", "保有量为 5 辆", ("audit.count", "5")),
        ("占本年支出 83.6 %", "占本年支出 86.3 %", ("audit.percent", "86.3%")),
        ("年初预算为\n\n72.17 万元", "年初预算为\n\n71.17 万元", ("audit.amount", "71.17万元")),
    ):
        assert _keys(_planted(text, prepared, old, new)) == ZENGDU_ERRORS | {flag}


def test_published_zengdu__全年预算_is_not_read_as_年初预算(zengdu):
    """The text states a 项's 全年预算; the input gives only its 年初预算: the figure cannot be
    checked (未核对, listed), it is not an error against the 年初预算."""
    prepared, text = zengdu
    found = _planted(text, prepared, "年初预算为\n\n72.17 万元", "全年预算为\n\n80.00 万元")
    assert _keys(found) == ZENGDU_ERRORS
    assert [i.message for i in found.unchecked if "80.00" in i.message]


def test_published_zengdu__全年预算_is_checked_against_the_input_s_全年预算(tmp_path, zengdu):
    from tests.conftest import load_sample_data, write_yaml

    data = load_sample_data()
    [item] = [row for row in data["functions"] if row["code"] == "2080505"]
    item["general_budget"]["full_budget"] = 80
    prepared = service.prepare(write_yaml(tmp_path / "in.yaml", data))
    text = zengdu[1]
    assert _keys(_audit(text.replace("年初预算为\n\n72.17 万元", "全年预算为\n\n80.00 万元"), prepared)) == ZENGDU_ERRORS
    # the 年初预算 still reads as the 年初预算; a wrong 全年预算 is flagged
    assert _keys(_audit(text, prepared)) == ZENGDU_ERRORS
    wrong = _audit(text.replace("年初预算为\n\n72.17 万元", "全年预算为\n\n72.17 万元"), prepared)
    assert _keys(wrong) == ZENGDU_ERRORS | {("audit.amount", "72.17万元")}
    assert any("全年预算数写作 72.17 万元，数据为 80.00 万元" in i.message for i in wrong.issues)


# every sample input (a region profile and the 绩效目标 file a 决算 input names are not inputs)
SAMPLES = sorted(p.name for p in (ROOT / "sample_inputs").iterdir()
                 if p.suffix in (".yaml", ".xlsx") and p.name not in ("fictional_region.yaml", "dachuan_2023_targets.yaml"))


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample__its_render_audits_clean_against_its_own_input(name):
    prepared = service.prepare(ROOT / "sample_inputs" / name)
    if prepared.kind.audit is None:
        pytest.skip(f"{prepared.kind.title}: no text to audit")
    rendered = service.render_prepared(prepared, service.RenderOptions())
    for document in rendered.documents:
        found = prepared.kind.audit(document.data, prepared.accounts, document.name or "报告.docx")
        assert found.issues == [], [i.format() for i in found.issues]
        assert found.unchecked == [], [i.format() for i in found.unchecked]
        assert found.checked > 0
