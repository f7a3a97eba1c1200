"""Batch rendering: every input rendered, a bad one reported and isolated, a summary written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.batch import (
    collect_inputs,
    output_paths,
    parse_shard,
    run_batch,
    shard,
    write_summary,
)
from reportgen.cli import main
from reportgen.diagnostics import InputError
from reportgen.generate import write_departments


@pytest.fixture(scope="module")
def three_with_one_broken(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    write_departments(folder, 3, seed=11)
    (folder / "dept_002.yaml").write_text("unit: {name: 坏数据}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not an input", encoding="utf-8")
    return folder


def test_batch__broken_input_reported_others_rendered(three_with_one_broken, tmp_path):
    out = tmp_path / "out"
    (out).mkdir()
    (out / "dept_002.docx").write_bytes(b"earlier report")  # a failed run must not touch it
    results = run_batch(collect_inputs([three_with_one_broken]), out, jobs=2, progress=False)
    assert [r.status for r in results] == ["ok", "failed", "ok"]
    assert any("unit.year" in message and "缺少必填字段" in message for message in results[1].issues)
    assert (out / "dept_002.docx").read_bytes() == b"earlier report"
    for number in ("001", "003"):
        text = "\n".join(p.text for p in docx.Document(str(out / f"dept_{number}.docx")).paragraphs)
        assert results[int(number) - 1].department in text
    assert not list(out.glob("*.part"))


def test_batch_summary__one_row_per_department(three_with_one_broken, tmp_path):
    results = run_batch(collect_inputs([three_with_one_broken]), tmp_path, jobs=1, progress=False)
    xlsx, txt = write_summary(results, tmp_path)
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "输入文件", "单位", "状态")
    assert [row[3] for row in rows[1:]] == ["成功", "失败", "成功"]
    assert rows[2][4] == 1 and rows[2][6] in ("", None)
    assert "失败 1" in txt.read_text(encoding="utf-8")


def test_batch_cli__exit_code_one_when_any_failed(three_with_one_broken, tmp_path):
    result = CliRunner().invoke(main, ["batch", str(three_with_one_broken), "-o", str(tmp_path), "-j", "1", "--no-progress"])
    assert result.exit_code == 1
    assert "成功 2，失败 1" in result.output
    assert (tmp_path / "batch_summary.xlsx").is_file()


def test_shard__deterministic_disjoint_and_complete():
    inputs = [Path(f"d{i:02d}.yaml") for i in range(10)]
    parts = [shard(list(reversed(inputs)), i, 3) for i in (1, 2, 3)]
    assert parts[0] == [Path("d00.yaml"), Path("d03.yaml"), Path("d06.yaml"), Path("d09.yaml")]
    assert sorted(sum(parts, [])) == inputs


@pytest.mark.parametrize("text", ["0/3", "4/3", "a/b", "3"])
def test_parse_shard__bad_value_named(text):
    with pytest.raises(InputError) as info:
        parse_shard(text)
    assert "--shard" in str(info.value)


def test_output_paths__same_name_in_two_folders_kept_apart(tmp_path):
    a, b = tmp_path / "east" / "x.yaml", tmp_path / "west" / "x.yaml"
    assert [p.name for p in output_paths([a, b], tmp_path)] == ["east_x.docx", "west_x.docx"]


def test_batch_cli__two_shards_render_disjoint_and_together_complete(tmp_path):
    """Two machines, each given the same input folder and its own --shard, into one share."""
    inputs = tmp_path / "inputs"
    write_departments(inputs, 5, seed=3)
    out = tmp_path / "reports"
    for part in ("1/2", "2/2"):
        result = CliRunner().invoke(
            main, ["batch", str(inputs), "-o", str(out), "--shard", part, "-j", "1", "--no-progress"]
        )
        assert result.exit_code == 0, result.output
    summaries = {}
    for i in (1, 2):
        rows = list(load_workbook(out / f"batch_summary_{i}_of_2.xlsx").active.iter_rows(values_only=True))[1:]
        summaries[i] = {Path(row[1]).name for row in rows}
        assert {row[3] for row in rows} == {"成功"}
    assert summaries[1] and summaries[2] and not summaries[1] & summaries[2]
    assert summaries[1] | summaries[2] == {p.name for p in inputs.glob("*.yaml")}
    rendered = sorted(p.stem for p in out.glob("*.docx"))
    assert rendered == sorted(p.stem for p in inputs.glob("*.yaml"))
    for report in out.glob("*.docx"):  # each a whole report with its native charts
        assert len([r for r in docx.Document(str(report)).part.rels.values() if r.reltype.endswith("/chart")]) == 5
