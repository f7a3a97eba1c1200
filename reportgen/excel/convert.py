"""``reportgen init`` and ``reportgen export``: empty inputs to fill in, and YAML ↔ workbook.

Export goes through the model, so what is written is exactly what the report would use: the
workbook carries every field (defaults included, so each has its cell), the YAML only what
differs from the defaults. Decimals are written as plain YAML numbers (``905.31``), codes stay
quoted strings.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .. import glossary
from ..accounts import class_name
from ..diagnostics import InputError, Issue, Severity, Source
from ..loader import NUMBER_TAG, STRICT_RESOLVERS
from ..model import FinalAccounts
from .layout import (
    FUNCTION_TABLES,
    SHEET_NAMES,
    choice_labels,
    dict_value,
    is_model,
    label_of,
    list_item,
    scalar_kind,
    strip_optional,
)
from .values import plain
from .writer import write_workbook

YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIXES = (".xlsx",)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes Decimals as plain numbers and quotes every text the loader would
    read as something else (its resolvers: "1,234", "1e5", "0553" stay text)."""


_Dumper.yaml_implicit_resolvers = STRICT_RESOLVERS


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return dumper.represent_scalar(NUMBER_TAG, str(int(plain(value))))
    # as written, trailing zeros included: a measure written 0.00 prints 0.00%
    return dumper.represent_scalar(NUMBER_TAG, format(value, "f"))


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(int, lambda dumper, value: dumper.represent_scalar(NUMBER_TAG, str(value)))


def dump_yaml(data: Any, header: str = "") -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
    return header + text


def class_names(model: Any) -> dict[str, str]:
    """The 类/款 names the workbook's function tables show (and, for a budget, the 经济分类
    类 and 款 names)."""
    codes = {item.code[:n] for item in model.functions for n in (3, 5)}
    names = {code: class_name(model, code) for code in sorted(codes)}
    for item in getattr(model, "economic", []):
        for code in (item.code[:3], item.code):
            names.setdefault(code, glossary.ECONOMIC_CLASSES.get(code, ""))
    return names


KIND_ROOTS = {"final_accounts": "FinalAccounts", "budget": "BudgetReport", "targets": "TargetsFile"}
KIND_WORDS = {"final_accounts": "部门决算", "budget": "部门预算", "targets": "绩效目标文件"}


def root_of(kind: str) -> type[BaseModel]:
    from .reader import workbook_roots

    return workbook_roots()[KIND_ROOTS[kind]]


def input_kind(data: Any) -> str:
    """Which input ``data`` is: its ``kind:`` (budget; targets; 部门决算 and 绩效自评 otherwise),
    or, without one, a 绩效目标 file when it has the file's parts and none of a 部门决算's."""
    from ..kinds import KINDS, available, unnamed_kind

    available()
    if not isinstance(data, dict):
        return "final_accounts"
    named = data.get("kind")
    kind = KINDS.get(str(named).strip()) if isinstance(named, str) else None
    if kind is not None and kind.name in KIND_ROOTS:
        return kind.name
    if named in (None, ""):
        return unnamed_kind(data).name
    return "final_accounts"


def _suffix(output: Path) -> str:
    suffix = output.suffix.lower()
    if suffix not in YAML_SUFFIXES + XLSX_SUFFIXES:
        raise InputError("", [Issue("output.suffix", Severity.ERROR, "输出文件应以 .xlsx、.yaml 或 .yml 结尾", Source(str(output)))])
    return suffix


def _write_text(target: Path, text: str) -> None:
    from ..render import atomic_output

    with atomic_output(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def export(input_path: str | Path, output: str | Path, *, replace: bool = True) -> Path:
    """Convert ``input_path`` (YAML, JSON or workbook) to ``output`` (.xlsx or .yaml); an
    existing ``output`` is refused unless ``replace`` (after the refusals of an input file)."""
    output = Path(output)
    suffix = _suffix(output)
    from ..outputs import document_inputs, refuse_existing, refuse_inputs
    from ..pipeline import load_model

    refuse_inputs(output, [("输入文件", input_path)])  # export s.yaml -o s.yaml would lose its comments
    from ..loader import load_document

    kind = input_kind(load_document(input_path).data)
    if kind != "final_accounts":
        return _export_other(input_path, output, kind, replace)
    document, model = load_model(input_path)
    refuse_inputs(output, document_inputs(document))
    refuse_existing(output, replace)
    # a 绩效目标 file the input named is merged in: the exported file stands on its own
    model.performance.targets = ""
    if suffix in XLSX_SUFFIXES:
        return write_workbook(model.model_dump(), output, class_names(model))
    data = rows_as_printed(model.model_dump(exclude_defaults=True))
    header = f"# {model.unit.name} {model.unit.year}年度部门决算（由 reportgen export 从 {Path(input_path).name} 生成）\n\n"
    _write_text(output, dump_yaml(data, header))
    return output


def rows_as_printed(data: dict[str, Any]) -> dict[str, Any]:
    """The 类/款 rows (``function_subtotals``) back among the 项 rows of ``functions``, each above
    the first row it contains, as the input writes them and the tables print them."""
    subtotals = data.pop("function_subtotals", None)
    if not subtotals:
        return data
    functions = list(data.get("functions") or [])
    for row in sorted(subtotals, key=lambda r: str(r.get("code", ""))):  # a 类 before its 款
        code = str(row.get("code", ""))
        below = (i for i, item in enumerate(functions)
                 if str(item.get("code", "")).startswith(code) and len(str(item.get("code", ""))) > len(code))
        functions.insert(next(below, len(functions)), row)
    data["functions"] = functions
    return data


def _export_other(input_path: str | Path, output: Path, kind: str, replace: bool = True) -> Path:
    """``export`` of a 部门预算 input or a 绩效目标 file: validated against its own model, the
    绩效目标 file a budget names left as a reference (its own export is its own)."""
    from ..loader import load_document
    from ..outputs import refuse_existing, refuse_inputs
    from ..validate import build_model

    root = root_of(kind)
    document = load_document(input_path)
    data = document.data
    if kind == "budget" and isinstance(data, dict) and data.get("kind") != "budget":
        from dataclasses import replace

        document = replace(document, data={**data, "kind": "budget"})  # an alias (部门预算)
    model = build_model(document, root)
    targets = getattr(getattr(model, "performance", None), "targets", "")
    if targets:
        from ..selfeval.targets import targets_path

        refuse_inputs(output, [("绩效目标文件", targets_path(document, targets))])
    refuse_existing(output, replace)
    if _suffix(output) in XLSX_SUFFIXES:
        return write_workbook(model.model_dump(), output, class_names(model) if kind == "budget" else {}, root)
    data = model.model_dump(exclude_defaults=True)
    if kind == "budget":
        data = {"kind": "budget", **data}  # the kind is required: never left out as a default
    who = model.unit.name if kind == "budget" else model.unit
    year = model.unit.year if kind == "budget" else model.year
    header = f"# {who} {year or ''}年度{KIND_WORDS[kind]}（由 reportgen export 从 {Path(input_path).name} 生成）\n\n"
    _write_text(output, dump_yaml(data, header))
    return output


def init(output: str | Path, kind: str = "final_accounts") -> Path:
    """Write an empty input of ``kind`` (final_accounts, budget, targets) to fill in: a workbook
    or a commented YAML skeleton."""
    output = Path(output)
    root = root_of(kind)
    if _suffix(output) in XLSX_SUFFIXES:
        return write_workbook(None, output, root=root)
    _write_text(output, skeleton_yaml(root))
    return output


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, Decimal, int, float, bool, str)):
        return dump_yaml(value).removesuffix("\n...\n").strip()
    return ""


def _choices(name: str, choices: tuple[str, ...]) -> str:
    """``administrative（行政单位） / institution（事业单位）``: the value to write and what it means."""
    words = choice_labels(name, choices)
    return " / ".join(c if w == c else f"{c}（{w}）" for c, w in zip(choices, words, strict=True))


def _skeleton(model: type[BaseModel], indent: str, out: list[str]) -> None:
    for name, info in model.model_fields.items():
        if model is FinalAccounts and name == "function_subtotals":
            continue  # written in functions, among the 项 rows
        if model is FinalAccounts and name == "totals":
            # optional, and a skeleton's zeros would read as printed totals of 0
            out.append(f"{indent}# totals:  # {info.description}：可选，照公开表抄录（见 README“公开表照印的类、款、合计行”）")
            continue
        annotation, _ = strip_optional(info.annotation)
        label = label_of(name, info, model)
        required = "（必填）" if info.is_required() else ""
        if scalar_kind(annotation, info) is not None:
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            kind = scalar_kind(annotation, info)
            if info.is_required() and kind and kind[0] == "choice" and len(kind[1]) == 1:
                default = kind[1][0]  # kind: budget — the one value it can have
            hint = f"  # {label}{required}" + (f"：{_choices(name, kind[1])}" if kind and kind[0] == "choice" else "")
            out.append(f"{indent}{name}: {_yaml_scalar(default)}".rstrip() + hint)
        elif is_model(annotation):
            label = SHEET_NAMES.get(name, FUNCTION_TABLES.get(name, ("", label)))[1]
            out.append(f"{indent}{name}:  # {label}")
            _skeleton(annotation, indent + "  ", out)
        elif (item := list_item(annotation)) is not None and is_model(item):
            out.append(f"{indent}{name}:  # {label}（每项以 - 开头，可重复）")
            lines: list[str] = []
            _skeleton(item, indent + "    ", lines)
            if lines:
                lines[0] = indent + "  - " + lines[0].lstrip()
            out.extend(lines)
        elif item is not None:
            out.append(f"{indent}{name}: []  # {label}（列表，每行 - 一条）")
        elif dict_value(annotation) is not None:
            out.append(f"{indent}{name}: {{}}  # {label}")
        else:
            out.append(f"{indent}{name}:  # {label}")


def skeleton_yaml(root: type[BaseModel] = FinalAccounts) -> str:
    word = {"BudgetReport": "部门预算", "TargetsFile": "绩效目标文件"}.get(root.__name__, "部门决算")
    lines = [
        f"# reportgen 输入（{word}）。金额单位：万元。合计数不必填写：由程序根据明细计算。",
        "# 填好后：reportgen check 本文件.yaml；reportgen render 本文件.yaml -o 报告.docx",
        "",
    ]
    _skeleton(root, "", lines)
    return "\n".join(lines) + "\n"
