"""Word templates are untrusted code: they render in Jinja2's immutable sandbox, within bounds.

A template is a .docx a user edited (or received); its ``{{ }}`` and ``{% %}`` tags are a
program. Here that program may only read the report's data: attributes of the context's own
values (dicts, lists, strings, numbers, dates and reportgen's data classes) and of Jinja's loop
helpers, never anything private (``_x``, ``__globals__``), never the objects behind the document
(docxtpl, python-docx). It cannot call anything but the methods of those values and Jinja's own
helpers, cannot load another template (``{% include %}``, ``{% import %}``, ``{% extends %}``),
and cannot modify a list or dict it was given (``ImmutableSandboxedEnvironment``).

A template also cannot run away: ``range()`` is capped, every ``{% for %}`` iteration and call is
counted against a budget and the clock, operators and filters that multiply text (``*``, ``**``,
``%``, ``join``, ``center``, ``replace`` …) are checked before they allocate, and the output is
measured as it is produced. Crossing a bound stops the render with :class:`TemplateLimit`.

Every failure of a template becomes one ``TemplateError`` whose message names the tag and the
paragraph it sits in (:func:`explain`), in Chinese, without a traceback.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import re
import time
import types
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.filters import FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from .diagnostics import Issue, Severity, Source, TemplateError, os_reason


@dataclass(frozen=True)
class Limits:
    """Bounds on one render of a template (body, headers, footers and properties together)."""

    seconds: float = 30.0  # wall time
    iterations: int = 1_000_000  # {% for %} iterations and calls
    range_length: int = 10_000  # the longest range()
    text_length: int = 1_000_000  # the longest string (or list) an operator or filter may make
    output_length: int = 20_000_000  # characters of rendered XML
    # Tags and line breaks of rendered XML: Word's XML is rebuilt into a tree after the render,
    # at a cost that grows faster than the count (100,000 runs in a paragraph: half a minute),
    # so a loop of tiny runs or of "\n" (each a <w:br/>) is bounded here, not only by its
    # characters. The 曾都 report has about 45,000.
    markup: int = 300_000


DEFAULT_LIMITS = Limits()


class TemplateLimit(jinja2.TemplateRuntimeError):
    """A template went past one of its :class:`Limits`."""


class TemplateUnreadable(TemplateError):
    """The template file cannot be used at all (missing, empty, not a Word document)."""

    exit_code = 2


# ---------------------------------------------------------------------------------------------
# The budget of the render in progress
# ---------------------------------------------------------------------------------------------


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.steps = 0
        self.output = 0
        self.markup = 0
        self.source = ""  # the XML being rendered: to name the paragraph of an error

    def step(self, what: str = "调用") -> None:
        self.steps += 1
        if self.steps > self.limits.iterations:
            raise TemplateLimit(f"模板的循环、调用与输出合计超过上限 {self.limits.iterations:,} 次（停在一次{what}）")
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"模板运行超过 {self.limits.seconds:g} 秒，已停止")

    def wrote(self, chunk: str) -> None:
        self.output += len(chunk)
        if self.output > self.limits.output_length:
            raise TemplateLimit(f"模板生成的内容超过上限 {self.limits.output_length:,} 个字符")
        self.markup += chunk.count("<") + 2 * chunk.count("\n")  # a "\n" becomes </w:t><w:br/><w:t>
        if self.markup > self.limits.markup:
            raise TemplateLimit(f"模板生成的段落、文字块和换行过多（超过上限 {self.limits.markup:,} 个标记），请检查模板中的循环")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("reportgen_template_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    # Outside a render (Jinja folding constants while it compiles): a budget of its own.
    return budget if budget is not None else _Budget(DEFAULT_LIMITS)


class _BoundedTemplate(jinja2.Template):
    """A template rendered on its own (not within :func:`guarded`) gets the default bounds."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if _BUDGET.get() is not None:
            return super().render(*args, **kwargs)
        token = _BUDGET.set(_Budget(DEFAULT_LIMITS))
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


def limits() -> Limits:
    budget = _BUDGET.get()
    return budget.limits if budget is not None else DEFAULT_LIMITS


def _check_size(length: int, what: str) -> None:
    if length > limits().text_length:
        raise TemplateLimit(f"模板中的{what}会生成过长的内容（{length:,} 个字符，上限 {limits().text_length:,}）")


def _weight(value: Any, limit: int) -> int:
    """Characters plus items of ``value``, counted through nested lists, tuples and dicts (a
    shared list counts each time it appears, as printing or comparing it would); the count
    stops once past ``limit``."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple)):
            total += 1 + len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 1 + 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 1
    return total


def _check_weight(value: Any, what: str = "列表或文本") -> Any:
    limit = limits().text_length
    if isinstance(value, (str, list, tuple, dict)) and _weight(value, limit) > limit:
        raise TemplateLimit(f"模板生成的{what}过大（超过 {limit:,} 个字符或元素）")
    return value


# ---------------------------------------------------------------------------------------------
# What a template may touch
# ---------------------------------------------------------------------------------------------

_DATA_TYPES = (str, int, float, decimal.Decimal, bool, type(None), datetime.date, datetime.time, list, tuple, dict)
_JINJA_MODULES = ("jinja2.runtime", "jinja2.utils")

# str methods that build a string much longer than their inputs, or format arbitrary objects.
_STR_METHODS_REFUSED = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map", "join", "replace", "translate", "encode", "maketrans"}
)


def _is_data(obj: Any) -> bool:
    """A value a template may look into: plain data, reportgen's data classes, Jinja's helpers."""
    if isinstance(obj, _DATA_TYPES) or isinstance(obj, jinja2.Undefined):
        return True
    module = type(obj).__module__ or ""
    return module.startswith("reportgen.") or module in _JINJA_MODULES


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > limits().range_length:
        raise TemplateLimit(f"range() 的长度 {len(numbers):,} 超过上限 {limits().range_length:,}")
    return numbers


_FORMAT_NUMBER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str) -> None:
    for match in _FORMAT_NUMBER.finditer(text):
        for group in match.groups():
            if group == "*" or (group and int(group) > 1000):
                raise TemplateLimit(f"模板中的格式 '{match.group(0)}' 宽度过大")


def _times(left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            _check_size(len(seq) * max(n, 0), "乘法")
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 4096:
        raise TemplateLimit("模板中的乘法结果过大")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and max(left.bit_length(), 1) * abs(right) > 4096:
        raise TemplateLimit("模板中的乘方结果过大")
    if isinstance(right, decimal.Decimal) and abs(right) > 4096:
        raise TemplateLimit("模板中的乘方结果过大")
    return left**right


def _plus(left: Any, right: Any) -> Any:
    return _check_weight(left + right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_percent_format(left)
    return left % right


# Filters that would multiply text or loop without a bound, checked before they run.
def _filter_center(value: Any, width: int = 80) -> str:
    _check_size(int(width), "center 过滤器")
    return FILTERS["center"](value, width)


def _filter_indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    pad = len(width) if isinstance(width, str) else int(width)
    _check_size(len(str(s)) + (str(s).count("\n") + 1) * pad, "indent 过滤器")
    return FILTERS["indent"](s, width, first, blank)


def _filter_tojson(eval_ctx, value: Any, indent: int | None = None) -> Any:
    if indent is not None:
        width = len(indent) if isinstance(indent, str) else int(indent)
        _check_size(width * 1000, "tojson 过滤器的缩进")  # every line is indented: a wide indent multiplies the text
    _check_weight(value)
    return FILTERS["tojson"](eval_ctx, value, indent)


_filter_tojson.jinja_pass_arg = FILTERS["tojson"].jinja_pass_arg  # type: ignore[attr-defined]


def _filter_format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_percent_format(str(value))
    return FILTERS["format"](value, *args, **kwargs)


def _filter_join(eval_ctx, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    items = list(value)
    _check_size(sum(len(str(i)) for i in items) + len(str(d)) * max(len(items) - 1, 0), "join 过滤器")
    return FILTERS["join"](eval_ctx, items, d, attribute)


_filter_join.jinja_pass_arg = FILTERS["join"].jinja_pass_arg  # type: ignore[attr-defined]


def _filter_replace(eval_ctx, s: str, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(s), str(old), str(new)
    hits = text.count(old) if count is None else min(text.count(old), max(int(count), 0))
    _check_size(len(text) + hits * max(len(new) - len(old), 0), "replace 过滤器")
    return FILTERS["replace"](eval_ctx, s, old, new, count)


_filter_replace.jinja_pass_arg = FILTERS["replace"].jinja_pass_arg  # type: ignore[attr-defined]


def _filter_wordwrap(environment, s: str, width: int = 79, break_long_words: bool = True, wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
    text = str(s)
    _check_size(len(text) + (len(text) // max(int(width), 1) + 1) * len(wrapstring or "\n"), "wordwrap 过滤器")
    return FILTERS["wordwrap"](environment, s, width, break_long_words, wrapstring, break_on_hyphens)


_filter_wordwrap.jinja_pass_arg = FILTERS["wordwrap"].jinja_pass_arg  # type: ignore[attr-defined]


def _filter_batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    _bounded_range(int(linecount))
    return FILTERS["batch"](value, linecount, fill_with)


def _filter_slice(eval_ctx, value: Iterable[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    _bounded_range(int(slices))
    return FILTERS["slice"](eval_ctx, value, slices, fill_with)


_filter_slice.jinja_pass_arg = FILTERS["slice"].jinja_pass_arg  # type: ignore[attr-defined]


def _filter_sum(environment, iterable: Iterable[Any], attribute: str | int | None = None, start: Any = 0) -> Any:
    items = list(iterable) if attribute is None else [environment.getitem(i, attribute) for i in iterable]
    if not all(isinstance(i, (int, float, decimal.Decimal)) for i in [*items, start]):
        raise TemplateLimit("sum 过滤器只能对数字求和")
    return sum(items, start)


_filter_sum.jinja_pass_arg = FILTERS["sum"].jinja_pass_arg  # type: ignore[attr-defined]

def _weighed(name: str):
    """Filter ``name``, refusing an input too large to turn into text (a nested list bomb)."""
    original = FILTERS[name]

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in args[:2]:
            _check_weight(value)
        return original(*args, **kwargs)

    bounded.jinja_pass_arg = getattr(original, "jinja_pass_arg", None)  # type: ignore[attr-defined]
    if bounded.jinja_pass_arg is None:  # type: ignore[attr-defined]
        del bounded.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


_BOUNDED_FILTERS = {
    **{name: _weighed(name) for name in ("string", "pprint", "list", "unique", "sort", "dictsort", "groupby", "urlize", "striptags", "wordcount", "title", "capitalize", "upper", "lower", "trim", "escape", "e", "forceescape", "xmlattr")},
    "center": _filter_center,
    "indent": _filter_indent,
    "format": _filter_format,
    "tojson": _filter_tojson,
    "join": _filter_join,
    "replace": _filter_replace,
    "wordwrap": _filter_wordwrap,
    "batch": _filter_batch,
    "slice": _filter_slice,
    "sum": _filter_sum,
}


class _Loop:
    """The iterable of a ``{% for %}``: every step counts against the budget and the clock."""

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        budget = _budget()
        for item in self._iterable:
            budget.step("循环")
            yield item

    def __len__(self) -> int:  # loop.length, loop.revindex
        return len(self._iterable)  # type: ignore[arg-type]


_LOAD_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
_LOAD_TAGS = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import", nodes.Extends: "extends"}


class SandboxedEnvironment(ImmutableSandboxedEnvironment):
    """The environment every Word template renders in (see the module's description)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    template_class = _BoundedTemplate

    def __init__(self, **options: Any) -> None:
        options.setdefault("finalize", _finalize)
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.globals["range"] = _bounded_range
        self.filters.update(_BOUNDED_FILTERS)
        self.binop_table = {**self.binop_table, "*": _times, "**": _power, "%": _modulo, "+": _plus}
        self._helpers = {id(v) for v in self.globals.values()}

    # -- no other templates, and every loop counted -------------------------------------------

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(_LOAD_NODES):
            tag = _LOAD_TAGS[type(node)]
            raise jinja2.TemplateSyntaxError(
                f"模板中不能使用 {{% {tag} %}}：报告模板只能是一个 Word 文件，不能引用其他文件", node.lineno, name, filename
            )
        return _Guards().visit(tree)

    def guard_loop(self, iterable: Any) -> Any:
        if isinstance(iterable, jinja2.Undefined):
            return iterable  # StrictUndefined fails with its own message when iterated
        return _Loop(iterable)

    def guard_value(self, value: Any) -> Any:
        return _check_weight(value)

    def _load_template(self, name, globals):  # a loader-less environment: say so in Chinese
        raise jinja2.TemplateSyntaxError("模板中不能引用其他模板文件", None)

    # -- what may be read and called ----------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value) or not _is_data(obj):
            return False
        if isinstance(obj, str) and attr in _STR_METHODS_REFUSED:
            return False
        return not callable(value) or _is_data(value) or _is_method_of_data(value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        # Raised at once, not left as an Undefined: template-check's lenient Undefined would
        # otherwise pass over the attempt in silence.
        raise SecurityError(f"出于安全考虑，模板不能读取 {type(obj).__name__} 对象的 '{attribute}'")

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused outright (is_safe_attribute)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if id(obj) in self._helpers or isinstance(obj, (jinja2.Undefined, jinja2.runtime.Macro, jinja2.runtime.LoopContext, jinja2.runtime.BlockReference)):
            return True
        if getattr(obj, "__func__", None) in (SandboxedEnvironment.guard_loop, SandboxedEnvironment.guard_value):
            return True
        return _is_method_of_data(obj) and not (isinstance(obj.__self__, str) and obj.__name__ in _STR_METHODS_REFUSED)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja's signature
        _budget().step()
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"出于安全考虑，模板不能调用 {name}")
        return _check_weight(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        _budget().step("运算")
        return self.binop_table[operator](left, right)

    # -- measured output ----------------------------------------------------------------------

    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        budget = _budget()
        out = []
        for chunk in chunks:
            budget.wrote(chunk)
            out.append(chunk)
        return "".join(out)

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja's name
        budget = _BUDGET.get()
        if budget is not None and isinstance(source, str):
            budget.source = source
        return super().from_string(source, globals, template_class)


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` value, before it becomes text: the clock is checked, the size bounded."""
    _budget().step("输出")
    return _check_weight(value)


def _guard(name: str, node: nodes.Expr) -> nodes.Call:
    return nodes.Call(nodes.EnvironmentAttribute(name), [node], [], None, None, lineno=node.lineno)


class _Guards(NodeTransformer):
    """Every loop's iterable counted (``guard_loop``); every list, tuple, dict, ``~`` and
    comparison the template makes bounded in size and checked against the clock (``guard_value``,
    called through the sandbox's ``call``)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = _guard("guard_loop", node.iter)
        return node

    def _value(self, node: nodes.Expr) -> nodes.Node:
        node = self.generic_visit(node)
        if isinstance(node, nodes.Tuple) and node.ctx != "load":
            return node
        return _guard("guard_value", node)

    visit_List = visit_Tuple = visit_Dict = visit_Concat = visit_Compare = _value


def _is_method_of_data(value: Any) -> bool:
    """A method of a plain value (``'a'.upper``, ``d.items``) or of Jinja's helpers (``loop.cycle``);
    not of reportgen's own objects, whose methods may change the data the report is made of."""
    owner = getattr(value, "__self__", None)
    if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or owner is None or isinstance(owner, type):
        return False
    return isinstance(owner, _DATA_TYPES) or type(owner).__module__ in _JINJA_MODULES


# ---------------------------------------------------------------------------------------------
# The template file, and what a failure says
# ---------------------------------------------------------------------------------------------

_MAX_PART = 50_000_000  # bytes of one unpacked part of the template: a zip bomb is refused


def check_template_file(path: Path) -> None:
    """Refuse (TemplateUnreadable, exit 2) anything that is not a Word .docx document."""

    def refuse(rule: str, message: str) -> TemplateUnreadable:
        return TemplateUnreadable("", [Issue(rule, Severity.ERROR, message, Source(str(path)))])

    if not path.exists():
        raise refuse("template.missing", "模板文件不存在")
    if not path.is_file():
        raise refuse("template.unreadable", "模板应为一个 Word 文件（.docx），这里给出的不是文件")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise refuse("template.unreadable", f"无法读取模板文件：{os_reason(exc)}") from None
    if not head:
        raise refuse("template.unreadable", "模板文件是空的，应为 Word 文件（.docx）")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse("template.unreadable", "模板是旧版 Word 格式（.doc）或已加密：请在 Word 或 WPS 中另存为 .docx（不加密）")
    if not head.startswith(b"PK"):
        raise refuse("template.unreadable", "模板不是 Word 文档（.docx）：请用 Word 或 WPS 打开并另存为 .docx")
    try:
        with zipfile.ZipFile(path) as archive:
            names = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse("template.unreadable", "模板文件已损坏，无法作为 Word 文档（.docx）打开") from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise refuse("template.unreadable", "模板是压缩包，但不是 Word 文档（.docx）：缺少正文 word/document.xml")
    if any(info.file_size > _MAX_PART for info in names.values()):
        raise refuse("template.unreadable", "模板中有部分解压后过大（超过 50 MB），不是正常的 Word 模板")
    try:
        with zipfile.ZipFile(path) as archive:
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        raise refuse("template.unreadable", "模板文件已损坏，无法作为 Word 文档（.docx）打开") from None
    kind = _other_word_kind(types)
    if kind:
        raise refuse("template.unreadable", f"模板是{kind}，不是 Word 文档（.docx）：请在 Word 或 WPS 中打开它，"
                                            "“另存为”→“Word 文档（.docx）”后再使用")


# the title (document property) each shipped template carries, and the report kind it is for; a
# template a department edits in Word keeps it
_TEMPLATE_TITLES = {
    "部门决算": ("final_accounts", "final_accounts.docx"),
    "部门预算": ("budget", "budget.docx"),
    "项目支出绩效自评报告": ("selfeval", "project_selfeval.docx"),
    "部门整体支出绩效自评报告": ("selfeval", "department_selfeval.docx"),
}
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def check_template_kind(path: Path, kind: str, title: str) -> None:
    """Refuse (TemplateUnreadable) a template made for another report kind: one whose title
    property is a shipped template's of another kind (the 部门决算 template given to a 部门预算
    prints 部门决算 on its cover). A template with any other title is not judged here."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as member:
            core = member.read(_MAX_CORE_BYTES)
        found = etree.fromstring(core, etree.XMLParser(resolve_entities=False, no_network=True)).findtext(_DC_TITLE)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, etree.XMLSyntaxError):
        return  # no properties, or unreadable ones: the template is judged by its opening alone
    made_for = _TEMPLATE_TITLES.get((found or "").strip())
    if made_for is None or made_for[0] == kind:
        return
    own = next((file for name, (of_kind, file) in _TEMPLATE_TITLES.items() if of_kind == kind), "")
    advice = f"请用{title}的模板（reportgen 自带的 templates/{own} 或其修改版）" if own else f"请用{title}的模板"
    raise TemplateUnreadable("", [Issue(
        "template.kind", Severity.ERROR,
        f"这是{found.strip()}的模板（文档属性“标题”为“{found.strip()}”），不能用于{title}；{advice}",
        Source(str(path)),
    )])


_MAX_CORE_BYTES = 1024 * 1024


# the main part's content type of Word files that are not a plain document (python-docx opens none)
_WORD_KINDS = {
    b"wordprocessingml.template.main+xml": "Word 模板文件（.dotx）",
    b"ms-word.document.macroEnabled.main+xml": "含宏的 Word 文档（.docm）",
    b"ms-word.template.macroEnabledTemplate.main+xml": "含宏的 Word 模板文件（.dotm）",
}


def _other_word_kind(content_types: bytes) -> str:
    for marker, kind in _WORD_KINDS.items():
        if marker in content_types:
            return kind
    return ""


_EXCEPTION_WORDS: dict[type[BaseException], str] = {
    ZeroDivisionError: "除以零",
    RecursionError: "宏或循环嵌套过深（递归）",
    MemoryError: "内存不足：模板生成的内容过大",
    OverflowError: "数值过大",
    decimal.InvalidOperation: "无效的数值运算",
}

_PART_NAMES = {"document": "正文", "header": "页眉", "footer": "页脚", "footnotes": "脚注"}
_TAG = re.compile(r"\{[{%].*?[%}]\}")


def _template_line(exc: BaseException) -> int | None:
    """The line of the template where ``exc`` happened (Jinja rewrites its traceback so)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _where(source: str, line: int | None, part: str) -> str:
    """'正文段落“…{{ x }}…”中的标记 {{ x }}' for the line (docxtpl puts each paragraph on a line)."""
    if line is None or not source:
        return ""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    text = re.sub(r"</?[A-Za-z][\w.-]*:[^>]*>", "", lines[line - 1])  # Word's elements (w:t …), not a '<' in a tag
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    tags = _TAG.findall(text)
    if len(text) > 80:
        first = text.find(tags[0]) if tags else 0
        start = max(0, first - 30)
        text = ("…" if start else "") + text[start : start + 80] + "…"
    where = f"{part}段落“{text.strip()}”" if text.strip() else f"{part}第 {line} 行"
    if tags:
        where += f"中的标记 {'、'.join(dict.fromkeys(tags))}"
    return where


def _part_name(tpl: Any) -> str:
    part = getattr(tpl, "current_rendering_part", None)
    name = str(getattr(part, "partname", "") or "")
    for key, label in _PART_NAMES.items():
        if key in name:
            return label
    return ""


def _undefined_words(message: str) -> str:
    """Jinja's English 'is undefined' / 'has no attribute' messages, in Chinese."""
    if match := re.fullmatch(r"'(.+?)' is undefined", message):
        return f"没有名为 '{match.group(1)}' 的值"
    if match := re.fullmatch(r"'(.+?)(?: object)?' has no attribute '(.+?)'", message):
        return f"{match.group(1)} 中没有 '{match.group(2)}'"
    return message


_SYNTAX_WORDS = (
    (r"Encountered unknown tag '(.+?)'\..*?The innermost block that needs to be closed is '(.+?)'\.",
     lambda m: f"不认识的标记 '{m[1]}'（需要先用 {{% end{m[2]} %}} 结束 {{% {m[2]} %}}）"),
    (r"Encountered unknown tag '(.+?)'\..*", lambda m: f"不认识的标记 '{m[1]}'"),
    (r"Unexpected end of template\..*?The innermost block that needs to be closed is '(.+?)'\.",
     lambda m: f"模板结束了，但 {{% {m[1]} %}} 还没有用 {{% end{m[1]} %}} 结束"),
    (r"unexpected end of template.*", lambda m: "模板在标记结束前就结束了"),
    (r"unexpected '(.+?)', expected '(.+?)'", lambda m: f"这里出现了 '{m[1]}'，应为 '{m[2]}'"),
    (r"unexpected '(.+?)'", lambda m: f"这里不应出现 '{m[1]}'"),
    (r"expected token '(.+?)', got '(.+?)'", lambda m: f"这里应为 '{m[1]}'，实际为 '{m[2]}'"),
    (r"Expected an expression, got '(.+?)'", lambda m: f"这里缺少表达式（遇到 '{m[1]}'）"),
)


def _syntax_words(message: str) -> str:
    """Jinja's most frequent English syntax messages, in Chinese (others as they are)."""
    for pattern, words in _SYNTAX_WORDS:
        if match := re.fullmatch(pattern, message.strip(), flags=re.DOTALL):
            text = words(match)
            for token, shown in (("end of print statement", "}}"), ("end of statement block", "%}"), ("end of template", "模板结尾")):
                text = text.replace(f"'{token}'", f"'{shown}'")
            return text
    return message


def explain(exc: BaseException, template: Path, source: str = "", part: str = "") -> TemplateError:
    """One TemplateError (Chinese, naming tag and paragraph) for any failure of a template."""
    where = _where(source, _template_line(exc), part)
    prefix = f"{where}：" if where else ""
    if isinstance(exc, jinja2.UndefinedError) and not isinstance(exc, SecurityError):
        rule, text = "template.undefined", f"模板引用了数据中没有的值：{_undefined_words(exc.message or '')}（可用 reportgen template-check 列出全部）"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        rule, text = "template.syntax", f"模板标记语法错误：{_syntax_words(exc.message or '')}"
    elif isinstance(exc, SecurityError):
        rule, text = "template.unsafe", str(exc.message or exc)
    elif isinstance(exc, TemplateLimit):
        rule, text = "template.limit", str(exc.message)
    else:
        words = next((w for t, w in _EXCEPTION_WORDS.items() if isinstance(exc, t)), None)
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        rule, text = "template.runtime", f"模板运行出错：{words}（{detail}）" if words else f"模板运行出错：{detail}"
    return TemplateError("", [Issue(rule, Severity.ERROR, prefix + text, Source(str(template)))])


@contextmanager
def guarded(template: Path, tpl: Any = None, bounds: Limits | None = None) -> Iterator[None]:
    """Run a render of ``template`` (the docxtpl object ``tpl``) within ``bounds``; any failure
    of the template's code comes out as one TemplateError."""
    budget = _Budget(bounds or DEFAULT_LIMITS)
    token = _BUDGET.set(budget)
    try:
        yield
    except TemplateError:
        raise
    except Exception as exc:  # the template's code, or the XML it produced: the template's failure
        raise explain(exc, template, budget.source, _part_name(tpl)) from None
    finally:
        _BUDGET.reset(token)


def with_limits(**changes: Any) -> Limits:
    """The default limits with some changed (tests use low bounds: ``with_limits(seconds=1)``)."""
    return replace(DEFAULT_LIMITS, **changes)


__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "SandboxedEnvironment",
    "TemplateLimit",
    "TemplateUnreadable",
    "check_template_file",
    "explain",
    "guarded",
    "limits",
    "with_limits",
]
