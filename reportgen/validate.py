"""Turn loaded data into the model, reporting every schema problem with its place.

pydantic's errors are translated into plain Chinese messages that name the field (its YAML path
and line) and, for an unknown key, the closest valid key (a probable typo).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import InputError, Issue, Severity
from .loader import Document, format_path
from .model import FinalAccounts


def _unwrap(annotation: Any) -> Any:
    """The model class behind Optional[...] / list[...] / dict[..., ...] annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _unwrap(arg)
    if origin in (list, tuple):
        return _unwrap(typing.get_args(annotation)[0])
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    return annotation


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            # a dict key (e.g. function_classes."201") keeps the value model
            continue
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _describe(value: Any) -> str:
    """A value as a user wrote it (never a Python repr such as Decimal('5'))."""
    if isinstance(value, str):
        return f"文本 '{value[:60]}{'…' if len(value) > 60 else ''}'"
    if isinstance(value, bool):
        return f"布尔值 {value}（是/否）"
    if isinstance(value, (dict, list)):
        return "映射" if isinstance(value, dict) else "列表"
    if value is None:
        return "空值"
    if isinstance(value, Decimal):
        return f"数字 {value:f}"[:60]
    if isinstance(value, int):
        text = str(value)
        return f"数字 {text if len(text) <= 30 else text[:30] + '…'}"
    if isinstance(value, _dt.datetime):  # a date cell of a workbook: midnight is the date alone
        shown = value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
        return f"日期 {shown}"
    if isinstance(value, _dt.date):
        return f"日期 {value.isoformat()}"
    if isinstance(value, _dt.time):  # a time-formatted cell
        return f"时间 {value.isoformat()}"
    if isinstance(value, _dt.timedelta):  # a duration-formatted cell ([h]:mm)
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        return f"时长 {minutes // 60}:{minutes % 60:02d}:{seconds:02d}"
    if isinstance(value, float):  # a workbook number the model refused (e.g. 2023.5 for a year)
        return f"数字 {value!r}"  # float-ok: shown as the cell holds it, never computed with
    return "无法识别的值"


def _message(error: dict[str, Any], root: type[BaseModel]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(root, loc[:-1])
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.5)
            if close:
                hint = f"（是否应为 '{close[0]}'？）"
            else:
                hint = f"（可用的键：{', '.join(model.model_fields)}）"
        return f"未知的键 '{key}'{hint}"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "int_parsing", "int_type"):
        expected = "整数" if kind.startswith("int") else "数字"
        return f"应为{expected}，实际为{_describe(value)}"
    if kind == "int_from_float":
        return f"应为整数，实际为{_describe(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能为负数或小于 {ctx.get('ge', ctx.get('gt'))}，实际为{_describe(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}，实际为{_describe(value)}"
    if kind == "decimal_max_places":
        return f"小数位数过多（最多 {ctx.get('decimal_places')} 位），实际为{_describe(value)}"
    if kind in ("string_type", "string_too_short"):
        return "应为非空文本" if kind == "string_too_short" else f"应为文本，实际为{_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"应为映射（键: 值），实际为{_describe(value)}"
    if kind == "list_type":
        return f"应为列表（以 - 开头的各行），实际为{_describe(value)}"
    if kind == "literal_error":
        return f"取值应为 {ctx.get('expected')} 之一，实际为{_describe(value)}"
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing"):
        return f"应为日期（如 2024-03-26），实际为{_describe(value)}"
    if kind in ("finite_number", "decimal_whole_digits", "decimal_max_digits"):
        return f"应为有限的、位数合理的数字，实际为{_describe(value)}"
    if kind in ("string_unicode", "string_sub_type"):
        return "文本中有无法读取的字符"
    if kind in ("date_from_datetime_inexact", "datetime_parsing", "datetime_type"):
        return f"应为日期（如 2024-03-26），实际为{_describe(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"应为 是/否（true/false），实际为{_describe(value)}"
    if kind in ("recursion_loop",):
        return "数据中有循环引用"
    if kind == "invalid_key":
        return (f"键 {str(loc[-1])[:40]} 不是有效的键（键应为文本）；注意在 {{…}} 写法中逗号会分隔条目，"
                "小数点请用 '.'")
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    return str(error.get("msg", kind))


_PYTHON_REPR = re.compile(r"Decimal\('([^']*)'\)")


def _as_written(part: Any) -> Any:
    """A key of the input as its user wrote it: pydantic names a number key by its Python repr
    (Decimal('85.19')), which no user wrote."""
    return _PYTHON_REPR.sub(r"\1", part) if isinstance(part, str) else part


def validation_issues(exc: ValidationError, document: Document, root: type[BaseModel]) -> list[Issue]:
    issues = []
    for error in exc.errors(include_url=False):
        loc = tuple(_as_written(part) for part in error["loc"]
                    if not (isinstance(part, str) and (part.startswith("function-") or part == "[key]")))
        if error["type"] == "invalid_key" and loc:  # a key, even a number: never shown as a list index
            loc = (*loc[:-1], "（空）" if loc[-1] == "None" else str(loc[-1]))  # None: a key written ~, null or left out
        error = {**error, "loc": loc}
        issues.append(
            Issue(f"input.{error['type']}", Severity.ERROR, _message(error, root), document.source(loc))
        )
    return issues


def build_model(document: Document, schema: type[BaseModel] = FinalAccounts) -> Any:
    """Validate ``document`` against ``schema`` (a report kind's model, the 部门决算 by default);
    raise ``InputError`` listing every problem."""
    try:
        return schema.model_validate(document.data)
    except ValidationError as exc:
        # the reader's own errors first (an error cell, a deleted sheet): often the cause of
        # what the model then misses
        own = [i for i in document.issues if i.severity is Severity.ERROR]
        raise InputError("", own + validation_issues(exc, document, schema)) from None


__all__ = ["build_model", "format_path", "validation_issues"]
