"""Read an input file (YAML, JSON or a workbook) into plain data, keeping where every value came from.

Numbers with a fraction are read straight from their text into ``Decimal`` (YAML floats and JSON
numbers alike), so no amount ever passes through a binary float. Every value's YAML path is
mapped to its line, so a finding can say ``zengdu_2023.yaml:120: functions[0].spending.basic``.

Nothing is guessed and nothing is expanded before it is bounded (docs/input-rules.md): numbers
only in unambiguous forms (``reportgen.numbers``), no YAML tags beyond the plain types, nesting
and alias expansion counted from the parser's events before a node is built, duplicate keys
named with both lines, the file's type decided by its bytes (a workbook whatever its name, an
Excel 97-2003 .xls read through ``excel.xls``; encrypted workbooks, .csv and binary files refused
with advice), and every text checked for
characters a Word document cannot hold.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from . import numbers
from .diagnostics import InputError, Issue, Severity, Source, os_reason


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
    # the model's path of a value the schema moved → its path in the input (the 类/款 rows of
    # ``functions`` become ``function_subtotals``: see ``subtotal_renames``)
    renames: dict[str, str] = field(default_factory=dict)

    def source(self, loc: tuple[Any, ...] | list[Any] | str) -> Source:
        path = loc if isinstance(loc, str) else format_path(loc)
        if self.renames:
            path = self.renamed(path)
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


    def renamed(self, path: str) -> str:
        """``path`` as the input writes it (the model may have moved the value: ``renames``)."""
        probe = path
        while probe:
            if probe in self.renames:
                return self.renames[probe] + path[len(probe):]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return path


def subtotal_renames(document: Document) -> Document:
    """Map the model's ``functions[k]`` and ``function_subtotals[k]`` to the row of the input's
    ``functions`` they came from, when the input writes 类/款 rows among its 项 rows (the model
    separates them: ``FinalAccounts._split_subtotals``)."""
    from .model import is_subtotal_code

    data = document.data
    rows = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return document
    flags = [isinstance(row, dict) and is_subtotal_code(row.get("code")) for row in rows]
    if not any(flags):
        return document
    given = data.get("function_subtotals")
    offset = len(given) if isinstance(given, list) else 0
    counts = {"functions": 0, "function_subtotals": offset}
    for index, moved in enumerate(flags):
        head = "function_subtotals" if moved else "functions"
        document.renames[f"{head}[{counts[head]}]"] = f"functions[{index}]"
        counts[head] += 1
    document.renames["function_subtotals"] = "functions"
    return document


def _nearest(places: dict[str, Any], path: str) -> Any:
    """The place of ``path`` or of its nearest enclosing value (a missing key's parent)."""
    probe = path
    while probe:
        if probe in places:
            return places[probe]
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return None


MAX_REPORT_BYTES = 200 * 1024 * 1024  # a .docx report read back (diff, audit): a few MB with its pictures
MAX_INPUT_BYTES = 20 * 1024 * 1024  # a YAML/JSON input is tens of KB; a workbook a few hundred
# One text (a name, a reason): the longest a report prints is a few thousand characters; a text
# past this bound is pasted by mistake, and printed (a unit's name, many times over) it would
# take the template past its own bounds, blamed on the template.
MAX_TEXT_CHARS = 50_000
MAX_NODES = 200_000  # values after YAML aliases are expanded (the sample has about 3,000)
MAX_DEPTH = 64  # nesting of mappings and lists (the schema needs 6)

NUMBER_TAG = "tag:reportgen,2026:number"
NONFINITE_TAG = "tag:reportgen,2026:nonfinite"
_YAML = "tag:yaml.org,2002:"
# explicit tags an input may carry: the plain types only (no !!python/..., !!binary, !!set, custom)
_ALLOWED_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}
_ALLOWED_TAGS |= {NUMBER_TAG, NONFINITE_TAG}

_NUMBERISH = re.compile(
    r"[-+]?[0-9][0-9_,:]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?0[xXoObB][0-9a-fA-F_]+"
)
_NONFINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


class _ValueProblem(ConstructorError):
    """A scalar that is not a value of its kind (an ambiguous number, a date that does not exist)."""

    def __init__(self, message: str, node: yaml.Node, rule: str) -> None:
        super().__init__(None, None, message, node.start_mark)
        self.message = message
        self.rule = rule
        self.node = node


# what a constructor raises on a scalar that is not a value of its kind
_VALUE_ERRORS = (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError)


def _unreadable(node: yaml.Node) -> _ValueProblem:
    shown = node.value if isinstance(node, yaml.ScalarNode) else ""
    return _ValueProblem(f"无法读取值 '{str(shown)[:40]}'（{_tag_name(node.tag)}）", node, "input.value")


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's parser when available) that reads numbers only in unambiguous
    base-10 forms: integers stay ``int``, numbers with a fraction become ``Decimal`` built from
    their text (never a binary float); 0553, 5:53, 553_94, 553,94, 0x553 and .nan are refused
    with their line instead of being read as 363, 353, 55394 … (YAML 1.1's readings)."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node, as PyYAML's resolver gives it (no path resolvers are set), in one
        lookup for the scalars whose first character no implicit resolver starts with: the
        names, texts and keys that are most of an input."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except _VALUE_ERRORS:
            raise _unreadable(node) from None


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_YAML + "int", _YAML + "float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "-+.0123456789":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, (NUMBER_TAG, re.compile(f"^(?:{_NUMBERISH.pattern})$"))
    )
for _first in "-+.":
    _StrictLoader.yaml_implicit_resolvers[_first].insert(0, (NONFINITE_TAG, re.compile(f"^(?:{_NONFINITE.pattern})$")))


assert not _StrictLoader.yaml_path_resolvers and None not in _StrictLoader.yaml_implicit_resolvers  # see resolve

# what a plain scalar reads as: a YAML writer quotes any text these would read otherwise
STRICT_RESOLVERS = _StrictLoader.yaml_implicit_resolvers


def _tag_name(tag: str | None) -> str:
    tag = tag or ""
    if tag.startswith(_YAML):
        return "!!" + tag[len(_YAML):]
    if tag == NUMBER_TAG:
        return "数字"
    return tag


_SIMPLE_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
_SIMPLE_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,12}")


def _construct_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(node.value)
    if _SIMPLE_INT.fullmatch(text):  # the usual forms, without the general reader's detours
        return int(text)
    if _SIMPLE_DECIMAL.fullmatch(text):
        return Decimal(text)
    text = numbers.normalize(str(loader.construct_scalar(node)))
    text = re.sub(r"^([-+]?)\.(?=[0-9])", r"\g<1>0.", text)  # .5 → 0.5
    if re.fullmatch(r"[-+]?(?:0|[1-9][0-9]*)\.", text):
        text = text[:-1]  # 5. → 5
    try:
        number = numbers.parse_number(text, exponent=True)
    except numbers.NumberFormError as exc:
        raise _ValueProblem(str(exc), node, "input.number") from None
    if numbers.PLAIN.fullmatch(text) and "." not in text:
        return int(number)
    return number


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = _construct_number(loader, node)
    if isinstance(value, Decimal):
        raise _ValueProblem(f"'{node.value}' 不是整数", node, "input.number")
    return value


def _construct_nonfinite(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    raise _ValueProblem(f"'{node.value}' 不是有限的数字（输入中不能使用无穷大或 NaN）", node, "input.number")


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, TypeError, AttributeError, OverflowError):
        raise _ValueProblem(
            f"日期 '{node.value}' 不存在或写法不对（应如 2024-03-26，请检查年、月、日）", node, "input.date"
        ) from None


_StrictLoader.add_constructor(NUMBER_TAG, _construct_number)
_StrictLoader.add_constructor(_YAML + "float", _construct_number)
_StrictLoader.add_constructor(_YAML + "int", _construct_int)
_StrictLoader.add_constructor(NONFINITE_TAG, _construct_nonfinite)
_StrictLoader.add_constructor(_YAML + "timestamp", _construct_timestamp)


def _bound_events(text: str, file: str) -> None:
    """Refuse a YAML text whose nesting or alias-expanded size exceeds the bounds, from the parser's
    events alone: nothing is composed or expanded before it is known to be small."""
    sizes: dict[str, int] = {}  # anchor → expanded size of its value
    open_: list[tuple[int, str | None]] = []  # (expanded count at start, anchor) per open collection
    expanded = 0
    aliases = 0
    for event in yaml.parse(text, Loader=_StrictLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if any(anchor == event.anchor for _, anchor in open_):
                raise _fail(file, f"别名 *{event.anchor} 引用了包含它自己的数据（循环引用）", event.start_mark.line + 1, "input.recursive_alias")
            expanded += sizes.get(event.anchor, 1)
        elif isinstance(event, (yaml.ScalarEvent,)):
            expanded += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            expanded += 1
            open_.append((expanded - 1, event.anchor))
            if len(open_) > MAX_DEPTH:
                raise _fail(file, f"嵌套层数过多（超过 {MAX_DEPTH} 层），不是有效的输入", event.start_mark.line + 1, "input.too_deep")
        elif isinstance(event, yaml.CollectionEndEvent) and open_:
            start, anchor = open_.pop()
            if anchor:
                sizes[anchor] = expanded - start
        if expanded > MAX_NODES:
            message = (f"展开别名（*引用）后的数据项超过 {MAX_NODES:,} 个，拒绝读取（可能是“别名炸弹”）；请直接写出数据" if aliases
                       else f"数据项超过 {MAX_NODES:,} 个（一份输入通常只有几千个），不像是一份输入，拒绝读取；请检查是否粘贴了多余的数据")
            raise _fail(file, message, event.start_mark.line + 1, "input.too_large")


# libyaml's composer (C) recurses once per level of nesting and would overflow the C stack on a
# text nested tens of thousands deep, before any bound could be checked on its nodes. Every
# mapping, list or flow collection begins with one of these characters, so a text with fewer
# of them than _SAFE_TO_COMPOSE cannot nest deeper: it is composed at once and bounded on its
# nodes (_walk_yaml); any other text is bounded on the parser's events first.
_COLLECTION_MARKS = ":-?[{"
_SAFE_TO_COMPOSE = 3000


def _few_collections(text: str) -> bool:
    return sum(text.count(mark) for mark in _COLLECTION_MARKS) < _SAFE_TO_COMPOSE


_NOT_PLAIN = object()


def _construct_plain(loader: _StrictLoader, root: yaml.Node) -> Any:
    """The data of a composed tree with no merge key or collection as a key (an input as people
    write it), built in one iterative pass with the loader's own scalar constructors, in the
    order of the text; ``_NOT_PLAIN`` for any other tree (PyYAML's constructor builds that). An
    alias gives the object its anchor's node gave, as PyYAML does; the walk has refused an alias
    inside its own anchor's value before. PyYAML's general constructor (generators, bookkeeping
    per node) was a third of the time an input took to read."""
    constructors = loader.yaml_constructors
    made: dict[int, Any] = {}
    top: list[Any] = [None]
    stack: list[tuple[yaml.Node, Any, Any]] = [(root, top, 0)]
    while stack:
        node, container, slot = stack.pop()
        if id(node) in made:  # an alias
            container[slot] = made[id(node)]
        elif isinstance(node, yaml.ScalarNode):
            container[slot] = made[id(node)] = _scalar(loader, constructors, node)
        elif isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            container[slot] = made[id(node)] = mapping
            pending = []
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _YAML + "merge":
                    return _NOT_PLAIN
                key = _scalar(loader, constructors, key_node)
                mapping[key] = None  # the keys in the text's order; a repeated key's last value wins
                pending.append((value_node, mapping, key))
            stack.extend(reversed(pending))
        elif isinstance(node, yaml.SequenceNode):
            items: list[Any] = [None] * len(node.value)
            container[slot] = made[id(node)] = items
            stack.extend(reversed([(item, items, index) for index, item in enumerate(node.value)]))
        else:
            return _NOT_PLAIN
    return top[0]


def _scalar(loader: _StrictLoader, constructors: dict, node: yaml.ScalarNode) -> Any:
    make = constructors.get(node.tag)
    if make is None:
        return loader.construct_object(node)  # what PyYAML does with a tag it has no constructor for
    try:
        return make(loader, node)
    except yaml.YAMLError:
        raise
    except _VALUE_ERRORS:
        raise _unreadable(node) from None


def _walk_yaml(
    root: yaml.Node, lines: dict[str, int], issues: list[Issue], file: str, paths: dict[int, str]
) -> bool:
    """Map every value's path to its line; find duplicate keys (with both lines) and refused
    tags. False, as soon as it is known, where the values with their aliases expanded nest
    deeper than MAX_DEPTH or number more than MAX_NODES (an alias inside its own anchor's value
    nests without end). Iterative: the walk must not depend on the nesting."""
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 1)]
    visited = 0
    while stack:
        node, path, depth = stack.pop()
        visited += 1
        if depth > MAX_DEPTH or visited > MAX_NODES:
            return False
        lines[path] = node.start_mark.line + 1
        paths.setdefault(id(node), path)
        if node.tag not in _ALLOWED_TAGS and not (node.tag or "").startswith(_YAML + "timestamp"):
            issues.append(Issue(
                "input.yaml_tag", Severity.ERROR,
                f"不支持的 YAML 标签 '{_tag_name(node.tag)}'：输入中只能写普通的文本、数字、日期、列表和映射",
                Source(file, path, node.start_mark.line + 1),
            ))
            continue
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            children = []
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                child = f"{path}.{key}" if path else key
                line = key_node.start_mark.line + 1
                if key in seen and key != "<<":
                    issues.append(Issue(
                        "input.duplicate_key", Severity.ERROR,
                        f"键 '{key}' 重复出现：第 {seen[key]} 行和第 {line} 行（只能保留一个，否则后一个会覆盖前一个）",
                        Source(file, child, line),
                    ))
                seen.setdefault(key, line)
                if key_node.tag not in _ALLOWED_TAGS:
                    children.append((key_node, child, depth + 1))
                children.append((value_node, child, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed([(item, f"{path}[{index}]", depth + 1) for index, item in enumerate(node.value)]))
    return True


def _fail(file: str, message: str, line: int | None = None, rule: str = "input.unreadable") -> InputError:
    return InputError("", [Issue(rule, Severity.ERROR, message, Source(file, "", line))])


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"Rar!", "RAR 压缩文件"),
    (b"7z\xbc\xaf", "7z 压缩文件"),
    (b"{\\rtf", "RTF 文档"),
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SAVE_AS_XLSX = "请在 Excel/WPS 中打开，选择“另存为”→“Excel 工作簿（.xlsx）”后重试"
INPUT_KINDS = "请给出 .yaml、.json 或 .xlsx 输入（reportgen init 可生成空白输入）"


def _ole_kind(raw: bytes) -> str:
    """What an OLE compound file (Office 97–2003, or an encrypted Office 2007+ file) holds, from
    the names in its directory (UTF-16LE)."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in raw

    if has("EncryptionInfo") or has("EncryptedPackage"):
        return "encrypted"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("WordDocument"):
        return "doc"
    return "ole"


def _refuse_by_content(path: Path, raw: bytes) -> None:
    """Refuse, with the right advice, a file whose bytes show it is not a YAML/JSON text."""
    name = str(path)
    suffix = path.suffix.lower()
    if raw.startswith(OLE_MAGIC):
        kind = _ole_kind(raw)
        if kind == "encrypted":
            raise _fail(name, "工作簿设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码"
                              "（文件→信息→保护工作簿→用密码进行加密，清空密码）并另存为 .xlsx 后重试", rule="input.encrypted")
        if kind == "doc":
            raise _fail(name, f"这是 Word 文档（.doc），不是输入数据；{INPUT_KINDS}", rule="input.file_type")
        raise _fail(name, f"这是 Office 97-2003 格式的文件，不是输入数据；{INPUT_KINDS}", rule="input.file_type")
    if raw.startswith(ZIP_MAGIC):
        raise _fail(name, f"这是压缩包（zip）格式的文件，不是 YAML/JSON 文本；{INPUT_KINDS}", rule="input.file_type")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise _fail(name, f"这是 {what}，不是输入数据；{INPUT_KINDS}", rule="input.file_type")
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _fail(name, "文件是 UTF-32 编码；请用 UTF-8 编码另存后重试（记事本：另存为→编码选 UTF-8）", 1, "input.encoding")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(name, "文件是 UTF-16 编码；请用 UTF-8 编码另存后重试（记事本：另存为→编码选 UTF-8）", 1, "input.encoding")
    if suffix == ".xls":
        # an .xls that is not an Excel 97-2003 file: often an HTML or text table some systems export
        raise _fail(name, f"文件扩展名是 .xls，但内容不是 Excel 工作簿（可能是系统导出的网页或文本表格）；{SAVE_AS_XLSX}", rule="input.xls")
    if suffix == ".csv":
        raise _fail(name, "CSV 文件只能保存一张表，不能作为输入；请用 reportgen init --xlsx 生成的工作簿（.xlsx）"
                          "填写，或把数据写成 YAML/JSON", rule="input.csv")
    if suffix in (".docx", ".doc", ".pdf"):
        raise _fail(name, f"这是 {suffix} 文件，不是输入数据；{INPUT_KINDS}", rule="input.file_type")
    if _utf16_without_bom(raw[:4096]):
        raise _fail(name, "文件是 UTF-16 编码（没有字节顺序标记）；请用 UTF-8 编码另存后重试（记事本：另存为→编码选 UTF-8）", 1, "input.encoding")
    if b"\x00" in raw[:8192]:
        raise _fail(name, f"文件含有二进制内容，不是 YAML/JSON 文本；{INPUT_KINDS}", rule="input.binary")
    if _MARKUP.match(raw[:512]):
        # a web page or XML some systems export as a "table" (often named .xls or .xlsx)
        raise _fail(name, f"这是网页（HTML）或 XML 文件，不是输入数据；如是系统导出的表格，{SAVE_AS_XLSX}", rule="input.file_type")


def _utf16_without_bom(head: bytes) -> bool:
    """Text saved as UTF-16 with no BOM: ASCII characters leave a NUL in every other byte (odd
    bytes for little-endian, even for big-endian), which no YAML/JSON in UTF-8 has."""
    if len(head) < 8 or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = head[: len(head) // 2 * 2]
    for zeros, others in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros.count(0) >= 0.4 * len(zeros) and others.count(0) == 0:
            return True
    return False


_MARKUP = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|\?xml|table|head|body|meta)\b", re.IGNORECASE)


def read_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of an input file, refused clearly when missing, a folder or too large."""
    name = str(path)
    try:
        info = path.stat()
        if path.is_dir():
            raise _fail(name, "这是一个文件夹，不是输入文件")
        if not stat.S_ISREG(info.st_mode):  # a device (/dev/zero), a pipe: would never end, or block
            raise _fail(name, "这不是普通文件（而是设备、管道等），不能作为输入", rule="input.unreadable")
        if info.st_size > limit:
            raise _fail(name, f"文件过大（{info.st_size / 1048576:.1f} MB，上限 {limit // 1048576} MB），不像是一份输入", rule="input.too_large")
        with path.open("rb") as stream:
            data = stream.read(limit + 1)  # a file that grew since (or reports no size, as in /proc)
        if len(data) > limit:
            raise _fail(name, f"文件过大（超过 {limit // 1048576} MB），不像是一份输入", rule="input.too_large")
        return data
    except FileNotFoundError:
        raise _fail(name, "文件不存在") from None
    except IsADirectoryError:
        raise _fail(name, "这是一个文件夹，不是输入文件") from None
    except OSError as exc:
        raise _fail(name, f"无法读取文件：{os_reason(exc)}") from None
    except ValueError:  # a NUL in the name
        raise _fail(name.replace("\0", "\\0"), "文件名中有无效字符") from None


def decode_text(raw: bytes, name: str) -> str:
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


def read_text(path: Path) -> str:
    return decode_text(read_bytes(path), str(path))


# --- JSON: the data from the json module, the places from a light tokenizer -----------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\S')


def _json_places(text: str, file: str) -> tuple[dict[str, int], list[Issue]]:
    """Path → line of every JSON value, duplicate keys (naming both lines), NaN/Infinity and
    over-long numbers; refuses nesting deeper than ``MAX_DEPTH`` before ``json`` recurses."""
    import bisect

    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    lines: dict[str, int] = {}
    issues: list[Issue] = []
    # open containers: [path, is_object, seen keys, next index, pending key path]
    stack: list[list[Any]] = []
    expect_key = False
    pending = ""
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ",:":
            if token == "," and stack and stack[-1][1]:
                expect_key = True
            continue
        if token in "}]":
            if stack:
                stack.pop()
            expect_key = False
            continue
        line = line_of(match.start())
        if stack and stack[-1][1] and expect_key:
            if token.startswith('"'):
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token.strip('"')
                top = stack[-1]
                pending = f"{top[0]}.{key}" if top[0] else str(key)
                if key in top[2]:
                    issues.append(Issue(
                        "input.duplicate_key", Severity.ERROR,
                        f"键 '{key}' 重复出现：第 {top[2][key]} 行和第 {line} 行（只能保留一个，否则后一个会覆盖前一个）",
                        Source(file, pending, line),
                    ))
                top[2].setdefault(key, line)
            expect_key = False
            continue
        # a value
        if not stack:
            path = ""
        elif stack[-1][1]:
            path = pending
        else:
            path = f"{stack[-1][0]}[{stack[-1][3]}]"
            stack[-1][3] += 1
        lines.setdefault(path, line)
        if len(lines) > MAX_NODES:
            raise _fail(file, f"数据项超过 {MAX_NODES:,} 个，不像是一份输入，拒绝读取", line, "input.too_large")
        if token in "{[":
            stack.append([path, token == "{", {}, 0])
            expect_key = token == "{"
            if len(stack) > MAX_DEPTH:
                raise _fail(file, f"嵌套层数过多（超过 {MAX_DEPTH} 层），不是有效的输入", line, "input.too_deep")
        elif token.lstrip("-") in ("NaN", "Infinity"):
            issues.append(Issue("input.not_finite", Severity.ERROR,
                                f"'{token}' 不是有限的数字（JSON 中不能使用 NaN 或 Infinity）", Source(file, path, line)))
        elif token[:1].isdigit() or token.startswith("-"):
            try:
                numbers.check_magnitude(Decimal(token), token)
            except (numbers.NumberFormError, InvalidOperation) as exc:
                issues.append(Issue("input.number", Severity.ERROR, str(exc) if isinstance(exc, ValueError) else f"'{token[:40]}' 不是数字", Source(file, path, line)))
    return lines, issues


def _load_json(text: str, name: str) -> Document:
    lines, issues = _json_places(text, name)
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_json_int, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        problem = _json_problem(exc.msg)
        if text[exc.pos:exc.pos + 2] in ("//", "/*") or text[exc.pos:exc.pos + 1] == "#":
            # JSON has no comments (a JSONC/JSON5 habit): say so, not "a key needs quotes"
            problem = "JSON 中不能写注释（//、/* */ 或 #）；请删除注释，或改用 YAML（可以用 # 写注释）"
        raise _fail(name, f"JSON 格式错误：{problem}（第 {exc.lineno} 行第 {exc.colno} 列）", exc.lineno, "input.syntax") from None
    except (ValueError, RecursionError):
        if issues:
            raise InputError("", issues) from None
        raise _fail(name, "JSON 中有无法读取的数字", rule="input.number") from None
    if issues:
        raise InputError("", issues)
    return Document(data, name, lines=lines)


def _json_int(text: str) -> int:
    return int(numbers.check_magnitude(Decimal(text), text))


def _json_constant(text: str) -> Any:
    raise ValueError(text)


_JSON_PROBLEMS = {
    "Expecting value": "此处应有一个值",
    "Expecting property name enclosed in double quotes": "键应放在双引号中（且最后一项后不能有逗号）",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Extra data": "数据结束后还有多余内容",
    "Unterminated string starting at": "引号没有配对",
    "Invalid control character at": "文本中有控制字符（换行请写作 \\n）",
    "Invalid \\escape": "无效的转义字符",
}


def _json_problem(message: str) -> str:
    return _JSON_PROBLEMS.get(message, message)


# --- YAML ----------------------------------------------------------------------------------

_YAML_PROBLEMS = (
    ("found duplicate anchor", "锚点（&名称）重复"),
    ("could not determine a constructor", "不支持的 YAML 标签：输入中只能写普通的文本、数字、日期、列表和映射"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("expected a single document", "文件中只能有一份数据（不能用 --- 分隔多份）"),
    ("could not find expected ':'", "缺少冒号（键: 值）"),
    ("found character '\\t' that cannot start any token", "不能用 Tab 缩进，请改用空格"),
    ("mapping values are not allowed", "此处不能出现“键: 值”（检查缩进，或把含冒号的文本加引号）"),
    ("cannot start any token", "此处有 YAML 不允许的字符（如 Tab、@、`）；缩进请用空格，含这些字符的文本请加引号"),
    ("did not find expected ',' or ']'", "列表 [ ] 没有正确结束（缺少逗号或 ]）"),
    ("did not find expected ',' or '}'", "映射 { } 没有正确结束（缺少逗号或 }）"),
    ("but found another document", "文件中只能有一份数据（不能用 --- 分隔多份）"),
    ("second occurrence", "锚点（&名称）重复"),
    ("for merging", "合并键 << 后应为映射（&锚点 的引用）"),
    ("incompatible YAML document", "不支持的 YAML 版本声明（请删除 %YAML 行）"),
    ("expected <block end>", "缩进不一致"),
    ("could not find expected", "缺少配对的符号（引号、括号或冒号）"),
    ("found unhashable key", "键不能是列表或映射"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有配对）"),
    ("found invalid Unicode character escape code", "无效的 Unicode 转义"),
    ("control characters are not allowed", "文件中有控制字符（不可见字符）"),
    ("did not find expected key", "缩进不一致或缺少键"),
    ("did not find expected node content", "此处缺少值"),
    ("while parsing a block collection", "列表的缩进不一致"),
)


def _yaml_problem(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return chinese
    return f"此处无法解析（{problem}）"  # a parser message not yet translated: the Chinese first


def _load_yaml(text: str, name: str) -> Document:
    lines: dict[str, int] = {}
    issues: list[Issue] = []
    paths: dict[int, str] = {}
    try:
        composable = _few_collections(text)
        if not composable:
            _bound_events(text, name)
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()  # parsed once: the node tree gives the lines,
            if node is not None:
                if not _walk_yaml(node, lines, issues, name, paths):
                    _bound_events(text, name)  # says which bound, at which line
                    raise _fail(name, "YAML 数据的嵌套或别名超出范围", rule="input.too_large")
                if issues:
                    raise InputError("", issues)
            data = _construct_plain(loader, node) if node is not None else None  # and the data
            if data is _NOT_PLAIN:
                data = loader.construct_document(node)
        finally:
            loader.dispose()
    except _ValueProblem as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        path = paths.get(id(exc.node), "")
        raise InputError("", [Issue(exc.rule, Severity.ERROR, exc.message, Source(name, path, line))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = _yaml_problem(exc.problem or exc.context or "无法解析")
        raise _fail(name, f"YAML 格式错误：{problem}", line, "input.syntax") from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere in the text: its line
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)  # (the error's own position is off for text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        code = ord(found.group()) if found else exc.character
        raise _fail(name, f"YAML 格式错误：文件中有控制字符（不可见字符）U+{code:04X}；请删除后重试", line, "input.syntax") from None
    except yaml.YAMLError as exc:
        raise _fail(name, f"YAML 格式错误：{_yaml_problem(str(exc))}", rule="input.syntax") from None
    except RecursionError:
        raise _fail(name, f"嵌套层数过多（超过 {MAX_DEPTH} 层），不是有效的输入", rule="input.too_deep") from None
    return Document(data, name, lines=lines)


# --- text that Word cannot hold --------------------------------------------------------------

# XML 1.0 characters: what a .docx can hold (lxml refuses the rest: "All strings must be XML compatible")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _describe_char(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"不成对的代理字符 U+{code:04X}"
    return f"不可见的控制字符 U+{code:04X}"


def text_issues(document: Document) -> list[Issue]:
    """Every text (and key) holding a character a Word document cannot hold, or longer than
    ``MAX_TEXT_CHARS``, with its place."""
    issues: list[Issue] = []
    stack: list[tuple[Any, str]] = [(document.data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            bad = _NOT_XML.search(value)
            if bad:
                issues.append(Issue(
                    "input.control_character", Severity.ERROR,
                    f"文本中有{_describe_char(bad.group())}（第 {bad.start() + 1} 个字符），Word 文档无法保存；请删除后重试",
                    document.source(path),
                ))
            if len(value) > MAX_TEXT_CHARS:
                issues.append(Issue(
                    "input.too_long", Severity.ERROR,
                    f"文本过长（{len(value):,} 个字符，上限 {MAX_TEXT_CHARS:,}），不像是一项输入；请检查是否粘贴了多余的内容",
                    document.source(path),
                ))
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and _NOT_XML.search(key):
                    stack.append((key, child))
                stack.append((item, child))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]") for index, item in enumerate(value))
    return issues


def _sniff_zip(raw: bytes) -> str:
    """'workbook', 'xlsb', 'docx' or 'zip' for a zip container."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
        return "xlsb"  # Excel's binary workbook: the same zip, but no XML for openpyxl to read
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "workbook"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def _what_instead(data: Any) -> str:
    """What a file that is no mapping holds instead, in a user's words."""
    if isinstance(data, list):
        return "；此文件的顶层是一个列表（以 - 开头的各行）"
    if isinstance(data, str):
        return "；此文件的内容只是一段文字，没有“键: 值”形式的数据"
    return ""


def load_document(source: str | Path | bytes, name: str | None = None) -> Document:
    """Read a YAML, JSON or Excel input into a ``Document``; raise ``InputError`` with the place if not.

    ``source`` is a path, or the file's bytes (an upload) with its file ``name``, which every
    message names. The type is decided by the content as well as the name: a workbook is read as
    one whatever its name, an Excel 97-2003 (.xls) one through ``excel.xls``; encrypted workbooks,
    .csv, Word/PDF and binary files are refused with advice."""
    if isinstance(source, (bytes, bytearray)):
        path = Path(name or "输入.yaml")
        raw = bytes(source)
        if len(raw) > MAX_INPUT_BYTES:
            raise _fail(str(path), f"文件过大（{len(raw) / 1048576:.1f} MB，上限 {MAX_INPUT_BYTES // 1048576} MB），不像是一份输入", rule="input.too_large")
    else:
        path = Path(source)
        raw = read_bytes(path)
    name = str(path)
    suffix = path.suffix.lower()
    if raw.startswith(OLE_MAGIC) and (_ole_kind(raw) == "xls" or (suffix == ".xls" and _ole_kind(raw) == "ole")):
        from .excel.xls import xls_to_xlsx  # an Excel 97-2003 workbook, read as the .xlsx it holds

        raw = xls_to_xlsx(raw, name)
    if raw.startswith(ZIP_MAGIC) or (suffix in (".xlsx", ".xlsm") and raw.strip() and not raw.startswith(OLE_MAGIC)):
        kind = _sniff_zip(raw) if raw.startswith(ZIP_MAGIC) else "none"
        if kind == "docx":
            raise _fail(name, f"这是 Word 文档（.docx），不是输入数据；{INPUT_KINDS}", rule="input.file_type")
        if kind == "xlsb":
            raise _fail(name, f"这是 Excel 二进制工作簿（.xlsb），无法读取；{SAVE_AS_XLSX}", rule="input.xlsb")
        if kind != "workbook":
            raise _fail(name, "文件不是有效的 Excel 工作簿（.xlsx）：可能已损坏，或是改了扩展名的其他文件；"
                              f"{SAVE_AS_XLSX}", rule="input.unreadable")
        from .excel.reader import load_workbook_document

        document = load_workbook_document(raw, name)
        clean = False
    else:
        _refuse_by_content(path, raw)
        text = decode_text(raw, name)
        # JSON by name, unless the text plainly is not JSON (a YAML saved as .json): then YAML
        is_json = suffix == ".json" and text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")
        document = _load_json(text, name) if is_json else _load_yaml(text, name)
        # a value can hold such a character only if the text does, or writes it as an escape
        clean = "\\" not in text and _NOT_XML.search(text) is None
    if not isinstance(document.data, dict):
        raise _fail(name, "输入的顶层应是一个映射（键: 值），例如以 'unit:' 开头" + _what_instead(document.data), rule="input.shape")
    # only a file longer than the bound can hold a text longer than it
    found = [] if clean and len(raw) <= MAX_TEXT_CHARS else text_issues(document)
    if found:
        raise InputError("", found)
    return document
