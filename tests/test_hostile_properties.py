"""Property-based hostile inputs through the command line, generated from the published samples
of every report kind (部门决算, 部门预算, 绩效目标) rather than from the smallest input.

For each generated input the properties are those a user relies on:

- the exit code is 0, 1 (check errors) or 2 (unreadable), never 3 (a defect) — and a render that
  exits 0 leaves a .docx Word opens, one that does not leaves no file;
- nothing on the output is a Python traceback or reportgen's internal-error message;
- every error line names its file, and (when the file could be parsed at all) its line or cell and
  the path of the value;
- the input file is byte for byte unchanged.

The values are the ones finance staff actually type or paste: 「一百万」, "1,234.56", full-width
digits, "12.3万", dashes for zero, blanks, NaN/Infinity, 1e400, negatives, three decimals, dates
and years in the wrong form. ``derandomize=True`` and a small ``max_examples`` keep the suite's run
the same every time and short; a longer campaign is a matter of raising them locally.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_input_properties import paths

from reportgen.cli import main
from reportgen.loader import load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_inputs"
# (sample, what it is): the 部门决算 of two regions, a 部门预算 naming its 绩效目标 file, 绩效目标 files
SOURCES = ["zengdu_2023.yaml", "putuo_2024.yaml", "fictional_2024.yaml", "dachuan_2023_budget.yaml",
           "dachuan_2023_targets.yaml", "nanjing_2024_targets.yaml"]
DATA = {name: load_document(SAMPLES / name).data for name in SOURCES}

HOSTILE_VALUES = [
    "一百万", "1,234.56", "１２３", "12.3万", "—", "-", "", None, ".nan", ".inf", "NaN", "Infinity",
    "1e400", Decimal("1E+400"), -5, Decimal("-0.01"), Decimal("100.123"), Decimal("0.005"), 10**20,
    "2023.0", 2023.0, "二〇二三", 45377, dt.date(2023, 12, 31), "2023/12/31", "2023-13-01", True, "是",
    [], {}, [1, 2], {"金额": 1}, "x" * 300, "\t", "a\u0001b", "'", "{{ unit.name }}",
]

settings.register_profile("hostile", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


PATHS = {name: paths(data) for name, data in DATA.items()}


@st.composite
def mutated(draw, names: list[str] = SOURCES) -> tuple[str, dict]:
    """A sample with one to three values replaced by a hostile one, deleted, or a key added."""
    name = draw(st.sampled_from(names))
    data = copy.deepcopy(DATA[name])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS[name]))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["value", "value", "value", "delete", "add"]))
            if action == "delete":
                del parent[path[-1]]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["bogus", "金额", "name", "total", "2010301"]))] = draw(st.sampled_from(HOSTILE_VALUES))
            else:
                parent[path[-1]] = draw(st.sampled_from(HOSTILE_VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation took the path away
    return name, data


def _folder(tmp_path: Path) -> Path:
    """A fresh folder holding every sample (a 部门预算 names its 绩效目标 file, the fictional
    sample its region profile, both relative to the input)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for path in SAMPLES.iterdir():
        if path.suffix == ".yaml":
            shutil.copy(path, folder / path.name)
    return folder


def _write(folder: Path, name: str, data: dict, as_json: bool = False) -> Path:
    target = folder / ("变异_" + name)
    if as_json:
        import json

        target = target.with_suffix(".json")
        target.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        write_yaml(target, data)
    return target


def _invoke(*args: object):
    result = CliRunner().invoke(main, [str(a) for a in args])
    # a ReportgenError ends as SystemExit; anything else escaping click is a defect
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output, result.output
    assert not _PYTHON_WORDS.search(result.output), result.output  # what a user wrote, not Python's repr of it
    return result


_PYTHON_WORDS = re.compile(r"Decimal\(|datetime\.|<class |object at 0x|NoneType|\bdict\b|\bstr\b object")


_LINE_OR_CELL = r"(?::\d+|: [^:\s]+![A-Z]+\d+)"  # file:12 or file: 表3!C7


def _assert_errors_name_places(output: str, file: Path, parsed: bool) -> None:
    """Every error line begins with a file of this run (the input or a file it names); once the
    input could be parsed, each also names a line or a cell and the path of the value, unless it
    is about the whole input (an empty table, a missing part)."""
    for line in output.splitlines():
        if "错误：" not in line or line.startswith("错误："):  # click's usage errors are not findings
            continue
        assert line.startswith(str(file.parent)), line
        if parsed and line.startswith(str(file)):
            place = re.match(re.escape(str(file)) + f"({_LINE_OR_CELL})?: (.+?: )?错误：", line)
            assert place and (place.group(1) or place.group(2)), line


def _parses(path: Path) -> bool:
    try:
        load_document(path)
    except Exception:  # noqa: BLE001 - any refusal: the file as a whole is the place
        return False
    return True


@settings(settings.get_profile("hostile"), max_examples=40)
@given(case=mutated(), as_json=st.booleans())
def test_check__any_mutated_sample_is_checked_or_refused_with_places(tmp_path: Path, case: tuple[str, dict], as_json: bool) -> None:
    name, data = case
    path = _write(_folder(tmp_path), name, data, as_json)
    before = path.read_bytes()
    result = _invoke("check", path)
    _assert_errors_name_places(result.output, path, _parses(path))
    assert path.read_bytes() == before


@settings(settings.get_profile("hostile"), max_examples=10)
@given(case=mutated(["fictional_2024.yaml", "dachuan_2023_budget.yaml", "nanjing_2024_targets.yaml"]),
       force=st.booleans())
def test_render__a_docx_that_opens_or_no_file_at_all(tmp_path: Path, case: tuple[str, dict], force: bool) -> None:
    import docx

    name, data = case
    folder = _folder(tmp_path)
    path = _write(folder, name, data)
    before = path.read_bytes()
    out = folder / "报告.docx"
    result = _invoke("render", path, "-o", out, "--no-toc-pages", *(["--force"] if force else []))
    if result.exit_code == 0:
        assert docx.Document(str(out)).paragraphs  # Word's format, with text
    else:
        assert not out.exists(), result.output
        _assert_errors_name_places(result.output, path, _parses(path))
    assert path.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


TEXT_DAMAGE = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 3),
              st.sampled_from(["\t", "\ufeff", "：", "，", "- ", "&a ", "*a", "!!python/object:os.system ", "[", "{", "'", '"',
                               "\n  - ", "\n", " #", "\x00", "\u00a0", "…", "1,2", "一百万"])),
    min_size=1, max_size=3,
)


@settings(settings.get_profile("hostile"), max_examples=25)
@given(name=st.sampled_from(SOURCES), edits=TEXT_DAMAGE)
def test_check__a_damaged_sample_text_is_checked_or_refused_with_places(tmp_path: Path, name: str, edits: list) -> None:
    """Characters typed into, or cut from, a sample's YAML text: the syntax errors name a line."""
    folder = _folder(tmp_path)
    text = (SAMPLES / name).read_text(encoding="utf-8")
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut:]
    path = folder / ("变异_" + name)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    result = _invoke("check", path)
    _assert_errors_name_places(result.output, path, _parses(path))
    for line in result.output.splitlines():
        if "[input.syntax]" in line:
            assert re.match(re.escape(str(path)) + r":\d+: ", line), line
    assert path.read_bytes() == before


@pytest.fixture(scope="module")
def sample_workbooks(tmp_path_factory) -> dict[str, Path]:
    from reportgen.excel.convert import export

    folder = tmp_path_factory.mktemp("workbooks")
    for path in SAMPLES.iterdir():
        if path.suffix == ".yaml":
            shutil.copy(path, folder / path.name)
    return {name: export(folder / name, folder / (Path(name).stem + ".xlsx"))
            for name in ("fictional_2024.yaml", "dachuan_2023_targets.yaml")}


CELL_VALUES = st.sampled_from([
    "一百万", "1,234.56", "１２３", "12.3万", "—", "-", "", None, "NaN", 1e300, -5, 100.123, 2023.5, "二〇二三",
    dt.datetime(2023, 1, 5), dt.time(8, 30), True, "#DIV/0!", "#REF!", "#VALUE!", "=1+1", "=A1/0", "x" * 300,
])


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl's own, on odd formats
@settings(settings.get_profile("hostile"), max_examples=12)
@given(which=st.sampled_from(["fictional_2024.yaml", "dachuan_2023_targets.yaml"]),
       edits=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40), st.integers(1, 12), CELL_VALUES), min_size=1, max_size=4),
       hide=st.booleans())
def test_check__a_mutated_workbook_is_checked_or_refused_with_cells(
    sample_workbooks: dict[str, Path], tmp_path: Path, which: str, edits: list, hide: bool,
) -> None:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell

    book = load_workbook(sample_workbooks[which])
    sheets = book.worksheets
    cells = [(sheets[sheet % len(sheets)].cell(row, col), value) for sheet, row, col, value in edits]
    for cell, value in cells:
        if not isinstance(cell, MergedCell):  # inside a merged heading nobody types either
            cell.value = value
    if hide:
        sheets[edits[0][0] % len(sheets)].sheet_state = "hidden"
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "变异.xlsx"
    book.save(path)
    before = path.read_bytes()
    result = _invoke("check", path)
    _assert_errors_name_places(result.output, path, _parses(path))
    assert path.read_bytes() == before
