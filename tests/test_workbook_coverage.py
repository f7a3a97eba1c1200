"""Every field of every input kind has a place in the workbook a finance officer fills in, in
Chinese: the models are walked field by field (not through the layout's own code), and every
sample input of every kind and region goes YAML → xlsx → the same model and the same report."""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from reportgen.budget.model import BudgetReport
from reportgen.excel.convert import export, input_kind
from reportgen.excel.layout import DICT_KEY, PARENT_KEY, KeyValueSheet, workbook_layout
from reportgen.loader import load_document
from reportgen.model import FinalAccounts
from reportgen.pipeline import load_model, render
from reportgen.selfeval.targets import TargetsFile
from reportgen.validate import build_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
ROOTS = (FinalAccounts, BudgetReport, TargetsFile)

# Fields whose place is not a row or column of their own, each with the reason:
ALLOWED: dict[str, str] = {
    # the 类/款 rows of 表2/表3/表5/表7/表8 are rows of those tables, read apart from the 项 rows
    **{f"function_subtotals[].{p}": "类/款 rows of the function tables"
       for p in ("code", "name", "income", "spending", "general_budget", "gov_fund", "state_capital")},
    # the 合计 rows of 表2/表3/表5/表7/表8 (科目名称 “合计”, no code) are rows of those tables
    **{f"totals.{p}": "合计 rows of the function tables" for p in ("income", "spending", "general_budget", "gov_fund", "state_capital")},
}


def _strip(annotation: typing.Any) -> typing.Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, __import__("types").UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_model(annotation: typing.Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def model_leaves(model: type[BaseModel], prefix: str = "") -> typing.Iterator[str]:
    """Every value a user gives, as a path: ``[]`` for a list's items, ``{}`` for a map's."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = _strip(info.annotation)
        origin = typing.get_origin(annotation)
        if _is_model(annotation):
            yield from model_leaves(annotation, f"{path}.")
        elif origin is list and _is_model(_strip(typing.get_args(annotation)[0])):
            yield from model_leaves(_strip(typing.get_args(annotation)[0]), f"{path}[].")
        elif origin is dict and _is_model(_strip(typing.get_args(annotation)[1])):
            yield from model_leaves(_strip(typing.get_args(annotation)[1]), f"{path}{{}}.")
        else:
            yield path  # a scalar, a list of scalars, a small map


def layout_places(root: type[BaseModel]) -> dict[str, str]:
    """Path → where the workbook holds it (sheet and heading)."""
    places: dict[str, str] = {}
    for sheet in workbook_layout(root):
        if isinstance(sheet, KeyValueSheet):
            for field in sheet.rows:
                places[field.path] = f"{sheet.name}：{field.label}"
            continue
        holder = f"{sheet.path}{{}}" if sheet.is_map else f"{sheet.path}[]"
        holder = holder.replace("[][]", "[]")
        for column in sheet.columns:
            if column.key in (PARENT_KEY, DICT_KEY):
                continue
            places[f"{holder}.{column.key}"] = f"{sheet.name}：{column.label}"
    return places


@pytest.mark.parametrize("root", ROOTS, ids=lambda r: r.__name__)
def test_every_model_field_has_a_workbook_place(root):
    places = layout_places(root)
    missing = []
    for leaf in model_leaves(root):
        if leaf in places or any(leaf == a or leaf.startswith(a + ".") for a in ALLOWED):
            continue
        missing.append(leaf)
    assert missing == [], f"fields with no place in the {root.__name__} workbook: {missing}"


@pytest.mark.parametrize("root", ROOTS, ids=lambda r: r.__name__)
def test_every_heading_and_dropdown_word_is_chinese(root):
    english = re.compile(r"[A-Za-z]{2,}")
    for sheet in workbook_layout(root):
        assert not english.search(sheet.name) and not english.search(sheet.title), sheet.name
        for item in sheet.rows if isinstance(sheet, KeyValueSheet) else sheet.columns:
            assert not english.search(item.label), (sheet.name, item.label)
            assert not [w for w in item.labels if english.search(w)], (sheet.name, item.label, item.labels)
            if item.kind == "choice":
                assert len(item.labels) == len(item.choices), (sheet.name, item.label)
            for _, word in getattr(item, "key_words", ()):
                assert not english.search(word), (sheet.name, item.label, word)


def test_no_map_needs_its_key_in_a_hidden_column():
    for root in ROOTS:
        for sheet in workbook_layout(root):
            if isinstance(sheet, KeyValueSheet):
                for field in sheet.rows:
                    assert "隐藏" not in field.label, (root.__name__, field.label)


# --- every sample, every kind and region: YAML → xlsx → the same model, the same report ----------

def _is_input(path: Path) -> bool:
    """An input, not a region profile (fictional_region.yaml is the profile fictional_2024 names)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return not ({"extends", "parts", "sentences"} & set(data))


SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.yaml") if _is_input(p))
KIND_MODELS = {"final_accounts": FinalAccounts, "selfeval": FinalAccounts, "budget": BudgetReport, "targets": TargetsFile}


def _model_of(path: Path):
    document = load_document(path)
    return build_model(document, KIND_MODELS[input_kind(document.data)])


def _texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + ["|".join(c.text for c in r.cells) for t in document.tables for r in t.rows]


def _assert_same_input(book: Path, source: Path) -> None:
    if input_kind(load_document(source).data) in ("budget", "targets"):
        assert _model_of(book) == _model_of(source)
    else:  # a year-end input's targets file is merged in: the workbook needs none
        exported, original = load_model(book)[1], load_model(source)[1]
        assert exported.model_dump(exclude={"performance": {"targets"}}) == original.model_dump(exclude={"performance": {"targets"}})


def _copy_samples(folder: Path) -> None:
    for path in SAMPLES.iterdir():
        if path.suffix in (".yaml", ".yml"):
            shutil.copy(path, folder)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_round_trips_through_a_workbook(name, tmp_path):
    _copy_samples(tmp_path)  # a sample may name its targets file or region profile beside it
    source = tmp_path / name
    book = export(source, tmp_path / f"{source.stem}.xlsx")
    _assert_same_input(book, source)
    assert [i for i in load_document(book).issues if i.severity == "error"] == []
    render(source, tmp_path / "yaml.docx", force=True)
    render(book, tmp_path / "book.docx", force=True)
    assert _texts(tmp_path / "book.docx") == _texts(tmp_path / "yaml.docx")


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_workbook_shows_no_english_words_of_the_program(name, tmp_path):
    """What a user sees of an exported sample: the program's words are Chinese; any Latin
    letters are the department's own (a name, a text) — found in the YAML as well."""
    _copy_samples(tmp_path)
    book = export(tmp_path / name, tmp_path / "book.xlsx")
    yaml_text = (SAMPLES / name).read_text(encoding="utf-8")
    wb = load_workbook(book)
    found = []
    for ws in wb.worksheets[1:]:
        hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden}
        hidden_cols = {c for c, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.row in hidden_rows or get_column_letter(cell.column) in hidden_cols:
                    continue
                text = str(cell.value)
                machine = isinstance(cell.value, bool) or re.fullmatch(r"[a-z_]+", text)  # TRUE, a key
                if machine or any(word not in yaml_text for word in re.findall(r"[A-Za-z]{2,}", text)):
                    found.append((ws.title, cell.coordinate, cell.value))
    assert found == []


# --- the committed workbook samples stay in step with their YAML ----------------------------------


@pytest.mark.parametrize("name", ["zengdu_2023", "dachuan_2023_budget", "dachuan_2023_targets"])
def test_committed_sample_workbook_is_the_export_of_its_yaml(name, tmp_path):
    """If this fails, regenerate: reportgen export sample_inputs/NAME.yaml -o sample_inputs/NAME.xlsx --force"""
    committed = SAMPLES / f"{name}.xlsx"
    assert _model_of(committed) == _model_of(SAMPLES / f"{name}.yaml")
    _copy_samples(tmp_path)
    again = export(tmp_path / f"{name}.yaml", tmp_path / f"{name}.xlsx")
    assert load_document(again).data == load_document(committed).data


DATA = ROOT / "tests" / "data"
DATA_FILES = sorted(p.name for p in DATA.glob("*.yaml") if _is_input(p))


@pytest.mark.parametrize("name", DATA_FILES)
def test_test_inputs_round_trip_through_a_workbook(name, tmp_path):
    """The edge inputs too (元 inputs, 照印 totals, year-end inputs naming their targets file)."""
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    source = tmp_path / name
    book = export(source, tmp_path / f"{source.stem}.xlsx")
    _assert_same_input(book, source)


@pytest.mark.parametrize("root", ROOTS, ids=lambda r: r.__name__)
def test_no_heading_twice_on_a_sheet(root):
    """A user finds a column or a row by its heading: each says one thing on its sheet."""
    for sheet in workbook_layout(root):
        items = sheet.rows if isinstance(sheet, KeyValueSheet) else sheet.columns
        labels = [item.label for item in items]
        assert len(labels) == len(set(labels)), (sheet.name, [x for x in labels if labels.count(x) > 1])
