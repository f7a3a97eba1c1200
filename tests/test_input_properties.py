"""Property-based tests over generated inputs: whatever the input, reportgen either reads and
checks it or stops with Chinese messages that name a place (exit 1 or 2) — never a traceback.

Inputs are the smallest clean input (tests/data/bad_inputs/_valid.yaml) mutated by hypothesis:
values replaced by random numbers, texts (control characters included), types swapped, keys
deleted or added; written as YAML or JSON; and the YAML text itself damaged character by character.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.diagnostics import ReportgenError
from reportgen.loader import load_document
from reportgen.numbers import NumberFormError, parse_number
from reportgen.pipeline import prepare, render

BASE = Path(__file__).parent / "data" / "bad_inputs" / "_valid.yaml"
BASE_TEXT = BASE.read_text(encoding="utf-8")
BASE_DATA = load_document(BASE).data
CJK = re.compile("[\u4e00-\u9fff]")
# derandomize: the shared suite sees the same (diverse) examples every run; a longer random
# campaign is a matter of settings(max_examples=..., derandomize=False) on a developer's machine
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path in ``data`` (keys and list indexes), the root excluded."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append(prefix + (key,))
            found += paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append(prefix + (index,))
            found += paths(value, prefix + (index,))
    return found


ALL_PATHS = paths(BASE_DATA)

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\x00\x01\x0b\ufffe\uffff，,.:_0"),
    max_size=30,
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-(10**30), max_value=10**30, places=2),
    st.sampled_from([Decimal("1E+26"), Decimal("1E-7"), Decimal("-0.00"), 10**20]),
    st.sampled_from(["553,94", "0553", "5:53", "553_94", "1,234.56", "1e26", "NaN", "-0", "1E+5", "１２３"]),
)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, texts, st.dates().map(str)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated(draw) -> dict:
    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            action = draw(st.sampled_from(["replace", "number", "number", "delete", "add"]))
            if action == "delete":
                del parent[key]
            elif action == "number":  # the most common damage: a figure out of its range or form
                parent[key] = draw(numbers)
            elif action == "add" and isinstance(parent, dict):
                parent[draw(texts)] = draw(values)
            else:
                parent[key] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # the path went away with an earlier mutation
    return data


def assert_clean_outcome(path: Path) -> None:
    """Read and check ``path``: success, or a ReportgenError of Chinese messages with places."""
    try:
        prepared = prepare(path)
    except ReportgenError as exc:
        assert exc.exit_code in (1, 2)
        assert exc.issues, str(exc)
        for issue in exc.issues:
            assert CJK.search(issue.message), issue.format()
            assert issue.source.file == str(path)
        return
    for issue in prepared.issues:
        assert CJK.search(issue.message), issue.format()


@SETTINGS
@given(data=mutated())
def test_mutated_yaml__is_read_or_refused_cleanly(tmp_path: Path, data: dict) -> None:
    path = tmp_path / "input.yaml"
    try:
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True)
    except yaml.YAMLError:
        return
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_clean_outcome(path)


def value_at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


# every figure of the base input (amounts, counts, the year)
NUMBER_PATHS = [
    path for path in ALL_PATHS
    if isinstance(value_at(BASE_DATA, path), (int, Decimal)) and not isinstance(value_at(BASE_DATA, path), bool)
]


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(NUMBER_PATHS), value=numbers, as_json=st.booleans())
def test_any_figure_anywhere__is_read_or_refused_cleanly(tmp_path: Path, path: tuple, value: Any, as_json: bool) -> None:
    """One figure replaced (huge, tiny, negative, ambiguous text …): the checks run or refuse."""
    data = copy.deepcopy(BASE_DATA)
    value_at(data, path[:-1])[path[-1]] = value
    target = tmp_path / ("input.json" if as_json else "input.yaml")
    if as_json:
        target.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        target.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True), encoding="utf-8")
    assert_clean_outcome(target)


@SETTINGS
@given(data=mutated())
def test_mutated_json__is_read_or_refused_cleanly(tmp_path: Path, data: dict) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8", errors="surrogatepass")
    assert_clean_outcome(path)


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(BASE_TEXT)), st.integers(0, 3), st.text(max_size=4) | st.sampled_from(["&a", "*a", "!!", "[", "{", ": ", "\t", "\n  -", "'", '"'])),
        min_size=1,
        max_size=4,
    )
)
def test_damaged_yaml_text__is_read_or_refused_cleanly(tmp_path: Path, edits: list) -> None:
    text = BASE_TEXT
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut:]
    path = tmp_path / "input.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    assert_clean_outcome(path)


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2),
    name=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12),
)
def test_render__clean_input_renders_or_stops_cleanly(tmp_path: Path, amount: Decimal, name: str) -> None:
    """Whatever the figures and names, a render writes a report or raises a ReportgenError."""
    data = copy.deepcopy(BASE_DATA)
    data["unit"]["name"] = name
    data["functions"][0]["general_budget"]["initial_budget"] = amount
    data["prior_year"]["total"] = amount
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example: tmp_path is shared by all
    path = folder / "input.yaml"
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    out = folder / "out.docx"
    try:
        render(path, out, force=True)
    except ReportgenError as exc:
        assert exc.exit_code in (1, 2) and CJK.search(str(exc))
        assert not out.exists()
        return
    assert out.stat().st_size > 0


# -- the number reader ---------------------------------------------------------------------


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**14), max_value=10**14, places=4))
def test_parse_number__reads_plain_and_grouped_forms_exactly(value: Decimal) -> None:
    assert parse_number(f"{value:f}") == value
    assert parse_number(f"{value:,f}") == value


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(max_size=20))
def test_parse_number__any_text_is_a_number_or_a_chinese_reason(text: str) -> None:
    try:
        number = parse_number(text)
    except NumberFormError as exc:
        assert CJK.search(str(exc))
        return
    assert number.is_finite()


@pytest.mark.parametrize("text", ["553,94", "0553", "5:53", "553_94"])
def test_parse_number__the_misread_forms_never_become_numbers(text: str) -> None:
    with pytest.raises(NumberFormError):
        parse_number(text)


# -- workbooks: random cell values, formats and sheet names ---------------------------------

cell_values = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(["553,94", "0553", "5:53", "1,234.56", "-", "—", "=1+1", "#DIV/0!", "２０２３", "5.25%", "NaN", "（无）"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.dates(),
)


@pytest.fixture(scope="module")
def base_workbook(tmp_path_factory) -> Path:
    from reportgen.excel.convert import export

    return export(BASE, tmp_path_factory.mktemp("wb") / "base.xlsx")


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")  # openpyxl on huge serials
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 60), st.integers(1, 20), cell_values,
                  st.sampled_from([None, "0.00%", "0.00", "@", "yyyy-mm-dd"])),
        min_size=1, max_size=5,
    ),
    rename=st.booleans(),
)
def test_mutated_workbook__is_read_or_refused_cleanly(base_workbook: Path, tmp_path: Path, edits: list, rename: bool) -> None:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell

    wb = load_workbook(base_workbook)
    for sheet, row, col, value, number_format in edits:
        ws = wb.worksheets[sheet % len(wb.worksheets)]
        cell = ws.cell(row, col)
        if isinstance(cell, MergedCell):
            continue  # inside a merged heading: a user cannot type there either
        cell.value = value
        if number_format:
            cell.number_format = number_format
    if rename:
        wb.worksheets[edits[0][0] % len(wb.worksheets)].title = "改过名的表"
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "input.xlsx"
    wb.save(path)
    assert_clean_outcome(path)
