"""Read an input file (YAML or JSON) into plain data, keeping where every value came from.

Numbers with a fraction are read straight from their text into ``Decimal`` (YAML floats and JSON
numbers alike), so no amount ever passes through a binary float. Every value's YAML path is
mapped to its line, so a finding can say ``zengdu_2023.yaml:120: functions[0].spending.basic``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import InputError, Issue, Severity, Source


def format_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """('functions', 3, 'spending') → 'functions[3].spending'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Document:
    """Plain input data plus the map from YAML path to line number (or, for a workbook, to cell).

    ``issues`` are findings about the file itself that do not stop it being read (a workbook's
    formula without a saved result, a 项 row without its 类 row).
    """

    data: Any
    file: str
    lines: dict[str, int] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # functions[0].income.other → 表2!J7
    issues: list[Issue] = field(default_factory=list)
    # values merged in from another file (the 绩效目标 file): merged path → (its document, its path)
    origins: dict[str, tuple[Document, str]] = field(default_factory=dict)

    def source(self, loc: tuple[Any, ...] | list[Any] | str) -> Source:
        path = loc if isinstance(loc, str) else format_path(loc)
        if self.origins:
            probe = path
            while probe:
                if probe in self.origins:
                    document, there = self.origins[probe]
                    return document.source(there + path[len(probe):])
                cut = max(probe.rfind("."), probe.rfind("["))
                probe = probe[:cut] if cut > 0 else ""
        if self.cells:
            return Source(self.file, _nearest(self.cells, path) or path)
        line = self.lines.get(path)
        probe = path
        while line is None and probe:
            # fall back to the nearest enclosing value that has a line (a missing key's parent)
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
            line = self.lines.get(probe)
        return Source(self.file, path, line)


def _nearest(places: dict[str, Any], path: str) -> Any:
    """The place of ``path`` or of its nearest enclosing value (a missing key's parent)."""
    probe = path
    while probe:
        if probe in places:
            return places[probe]
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return None


class _DecimalLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's when available) whose floats are Decimals built from the source
    text."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf / .nan
        return loader.construct_yaml_float(node)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _line_map(node: yaml.Node, path: str, lines: dict[str, int], issues: list[Issue], file: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in seen:
                issues.append(
                    Issue(
                        "input.duplicate_key",
                        Severity.ERROR,
                        f"键 '{key}' 重复出现（后一个会覆盖前一个）",
                        Source(file, child, key_node.start_mark.line + 1),
                    )
                )
            seen.add(key)
            _line_map(value_node, child, lines, issues, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, f"{path}[{index}]", lines, issues, file)


def _fail(file: str, message: str, line: int | None = None, rule: str = "input.unreadable") -> InputError:
    return InputError("", [Issue(rule, Severity.ERROR, message, Source(file, "", line))])


def read_text(path: Path) -> str:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "文件不存在") from None
    except IsADirectoryError:
        raise _fail(name, "这是一个文件夹，不是输入文件") from None
    except OSError as exc:
        raise _fail(name, f"无法读取文件：{exc.strerror}") from None
    return decode_text(raw, name)


def decode_text(raw: bytes, name: str) -> str:
    """The text of an input file's bytes (UTF-8, a BOM allowed); ``name`` is the file the
    messages name."""
    if not raw.strip():
        raise _fail(name, "文件是空的", rule="input.empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            name,
            f"文件不是 UTF-8 编码（第 {line} 行有无法解码的字节）；请用 UTF-8 另存后重试",
            line,
            rule="input.encoding",
        ) from None


def load_document(source: str | Path | bytes, name: str | None = None) -> Document:
    """Read a YAML, JSON or Excel input into a ``Document``; raise ``InputError`` with the place if not.

    ``source`` is a path, or the file's bytes (an upload) with its file ``name``: the suffix of
    the name says how to read it, and every message names it."""
    if isinstance(source, bytes | bytearray):
        content: bytes | None = bytes(source)
        path = Path(name or "输入.yaml")
    else:
        content = None
        path = Path(source)
    name = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .excel.reader import load_workbook_document

        return load_workbook_document(path) if content is None else load_workbook_document(content, name)
    text = read_text(path) if content is None else decode_text(content, name)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise _fail(name, f"JSON 格式错误：{exc.msg}（第 {exc.lineno} 行第 {exc.colno} 列）", exc.lineno, "input.syntax") from None
        document = Document(data, name)
    else:
        try:
            loader = _DecimalLoader(text)
            try:
                node = loader.get_single_node()  # parsed once: the node tree gives the lines,
                data = loader.construct_document(node) if node is not None else None  # and the data
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or exc.context or "无法解析"
            raise _fail(name, f"YAML 格式错误：{problem}", line, "input.syntax") from None
        except yaml.YAMLError as exc:
            raise _fail(name, f"YAML 格式错误：{exc}", rule="input.syntax") from None
        document = Document(data, name)
        issues: list[Issue] = []
        if node is not None:
            _line_map(node, "", document.lines, issues, name)
        if issues:
            raise InputError("", issues)
    if not isinstance(document.data, dict):
        raise _fail(name, "输入的顶层应是一个映射（键: 值），例如以 'unit:' 开头", rule="input.shape")
    return document
