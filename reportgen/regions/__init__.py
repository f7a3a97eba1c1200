"""Region profiles: how one region lays out and words the 部门决算 report, as data.

A profile is a YAML file (``default.yaml`` — the practice of seed 001 — and ``shanghai.yaml`` ship
here). It holds the parts and sections in order with their headings (the numbers 第一部分, 一、,
（一） are computed from the order, never typed), what each section contains, the public tables in
order with their titles, sentence variants keyed by sentence id, the 名词解释 list, the grade names,
percent places, which prior-year comparisons are printed, how zero items are worded and whether
charts are drawn. A profile may start from another (``extends: default``) and change only what
differs.

A user copies a profile, edits it in any text editor and points the input at it:
``presentation.region: shanghai`` (a shipped profile) or ``presentation.region: 我的体例.yaml``
(a file, relative to the input). A broken profile is reported with its file, line and key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from ..diagnostics import InputError, Issue, Severity, Source

HERE = Path(__file__).resolve().parent
BUILTIN = ("default", "shanghai")

TABLE_KEYS = (
    "income_expenditure_total",
    "income",
    "expenditure",
    "fiscal_total",
    "general_budget",
    "general_budget_basic",
    "gov_fund",
    "state_capital",
    "three_public",
)
# prior-year comparisons a profile may print (each needs its prior-year figure in the input)
COMPARISONS = (
    "total",  # 一 收入支出总计
    "income",  # 二 收入合计
    "expenditure",  # 三 支出合计
    "fiscal_total",  # 四 财政拨款收入支出总计
    "fiscal_funds",  # 四 财政拨款收入 by fund
    "general_budget",  # 五（一） 一般公共预算财政拨款支出
)
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Subsection(_Base):
    """（一）… : a heading and the content blocks under it."""

    heading: str = Field(min_length=1, description="标题（不含编号）")
    content: list[str] = Field(default_factory=list, description="内容块（见 reportgen regions --content）")
    optional: bool = Field(False, description="内容为空时整个小节（含标题）不印")


class Section(_Base):
    """一、… : a heading, content blocks, then its subsections."""

    heading: str = Field(min_length=1, description="标题（不含编号）")
    heading_single_unit: str | None = Field(None, description="部门只有一个单位（无下属单位）时的标题，如 机构设置")
    content: list[str] = Field(default_factory=list)
    subsections: list[Subsection] = Field(default_factory=list)
    optional: bool = False


class Part(_Base):
    """第N部分: a heading; content blocks directly under it, or numbered sections."""

    heading: str = Field(min_length=1, description="标题（不含“第N部分”），可用 {unit} {year}")
    content: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class TableSpec(_Base):
    key: Literal[TABLE_KEYS]  # type: ignore[valid-type]
    title: str = Field(min_length=1)


class GlossaryTerm(_Base):
    term: str = Field(min_length=1)
    text: str = Field("", description="解释；{level} 为财政层级，{functions} 列出本部门使用的功能分类科目")


class Numbering(_Base):
    """How lists are numbered: 1. or 1、; 名词解释 （一） or 一、; 职责 （一） or as written."""

    items: Literal["1.", "1、"] = "1."
    glossary: Literal["（一）", "一、"] = "（一）"
    duties: Literal["（一）", "none"] = "（一）"


class Layout(_Base):
    """Layout choices of sections whose form differs between regions."""

    structure: Literal["lines", "inline"] = Field("lines", description="五（二）按类：lines 每类一段，inline 一段内以分号相连")
    basic: Literal["amounts", "names"] = Field("amounts", description="六 基本支出：amounts 列出各科目金额，names 只列科目名称")
    scope: Literal["lines", "table"] = Field("lines", description="决算编制范围的单位：lines 逐行列出，table 序号/单位名称/备注表")


class Region(_Base):
    """One region profile (validated)."""

    name: str = Field(min_length=1)
    title: str = Field(min_length=1, description="中文名称，reportgen regions 列出")
    description: str = ""
    parts: list[Part] = Field(min_length=1)
    tables: list[TableSpec]
    percent_places: int = Field(1, ge=0, le=4)
    zero_categories: Literal["list", "omit"] = Field("omit", description="收入/支出构成中金额为0的类别：list 列为0，omit 不列")
    zero_vehicles: Literal["list", "omit"] | None = Field(None, description="车辆各类为0时：list 照列“0辆”，omit 不列（省略时同上）")
    charts: Literal["native", "image", "none"] = "image"
    grades: list[str] = Field(min_length=4, max_length=4, description="自评等级：≥90、80–90、60–80、<60")
    numbering: Numbering = Field(default_factory=Numbering)
    layout: Layout = Field(default_factory=Layout)
    budget_basis: Literal["initial", "full", "both"] = Field(
        "initial", description="一般公共预算支出与哪个预算比较：initial 年初预算，full 全年预算，both 两者都写"
    )
    prior_year: list[str] = Field(default_factory=lambda: list(COMPARISONS), description="印出的上年比较")
    sentences: dict[str, str | None] = Field(default_factory=dict, description="句式（句式编号 → 文字，null 为不印）")
    labels: dict[str, str] = Field(default_factory=dict, description="术语改写")
    glossary: list[GlossaryTerm] = Field(default_factory=list)

    _source: str = PrivateAttr("")  # the file it was read from

    @field_validator("tables")
    @classmethod
    def _nine_tables(cls, value: list[TableSpec]) -> list[TableSpec]:
        keys = [t.key for t in value]
        missing = [k for k in TABLE_KEYS if k not in keys]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if missing or repeated:
            raise ValueError(
                "决算表应各列一次："
                + (f"缺少 {', '.join(missing)}" if missing else "")
                + ("；" if missing and repeated else "")
                + (f"重复 {', '.join(repeated)}" if repeated else "")
            )
        return value

    @field_validator("prior_year")
    @classmethod
    def _known_comparisons(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in COMPARISONS]
        if unknown:
            raise ValueError(f"未知的上年比较 {', '.join(unknown)}（可用：{', '.join(COMPARISONS)}）")
        return value

    @model_validator(mode="after")
    def _known_content_and_sentences(self) -> Region:
        from ..sections.outline import CONTENT
        from .sentences import SENTENCES

        for pi, part in enumerate(self.parts):
            places: list[tuple[str, list[str]]] = [(f"parts[{pi}].content", part.content)]
            for si, section in enumerate(part.sections):
                places.append((f"parts[{pi}].sections[{si}].content", section.content))
                for ui, sub in enumerate(section.subsections):
                    places.append((f"parts[{pi}].sections[{si}].subsections[{ui}].content", sub.content))
            for where, keys in places:
                for i, key in enumerate(keys):
                    if key not in CONTENT:
                        raise _Placed(f"{where}[{i}]", f"未知的内容块 '{key}'{_close(key, CONTENT)}")
        for pi, part in enumerate(self.parts[:-1]):
            if "annexes" in part.content:
                raise _Placed(f"parts[{pi}].content", "附件（annexes）写在文档最后，只能放在最后一个部分")
        for key, text in self.sentences.items():
            if key not in SENTENCES:
                raise _Placed(f"sentences.{key}", f"未知的句式编号 '{key}'{_close(key, SENTENCES)}")
            allowed = SENTENCES[key]
            for name in PLACEHOLDER.findall(text or ""):
                if name not in allowed:
                    listed = "、".join("{" + a + "}" for a in allowed) or "无"
                    raise _Placed(f"sentences.{key}", f"句式中的 {{{name}}} 不可用（可用：{listed}）")
        return self

    # -- use ------------------------------------------------------------------------------
    def sentence(self, key: str, **values: object) -> str | None:
        """The text of sentence ``key`` with its {placeholders} filled; None when the profile
        says the sentence is not printed."""
        from .sentences import DEFAULTS

        text = self.sentences[key] if key in self.sentences else DEFAULTS[key]
        if text is None:
            return None
        return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

    def prints_prior(self, comparison: str) -> bool:
        return comparison in self.prior_year

    @property
    def table_order(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)

    def table_title(self, key: str) -> str:
        return next(t.title for t in self.tables if t.key == key)


class _Placed(ValueError):
    """A validation error that knows its place inside the profile."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _close(key: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f"（是否应为 '{close[0]}'？）" if close else ""


# -- loading ----------------------------------------------------------------------------------
def builtin_path(name: str) -> Path:
    return HERE / f"{name}.yaml"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: mappings merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key in ("sentences", "labels", "numbering", "layout"):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _read(path: Path, seen: tuple[Path, ...] = ()):
    from ..loader import load_document

    document = load_document(path)
    data = dict(document.data)
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip():
            raise InputError("", [Issue("region.extends", Severity.ERROR, "extends 应为地区体例名称或文件路径", document.source("extends"))])
        base_path = _locate(parent.strip(), path.parent, document.source("extends"))
        if base_path in seen or base_path == path:
            raise InputError("", [Issue("region.extends", Severity.ERROR, f"extends 循环引用 '{parent}'", document.source("extends"))])
        base_data, _ = _read(base_path, (*seen, path))
        data = _merge(base_data, data)
    return data, document


def _locate(name: str, base: Path | None, where: Source) -> Path:
    if name in BUILTIN and not name.endswith((".yaml", ".yml")):
        return builtin_path(name)
    path = Path(name)
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        shipped = "、".join(BUILTIN)
        raise InputError("", [Issue("region.unknown", Severity.ERROR, f"找不到地区体例 '{name}'（内置：{shipped}；或给出相对于输入文件的 .yaml 路径）", where)])
    return path.resolve()


def load_file(path: str | Path) -> Region:
    """Read and validate one profile file; InputError naming file, line and key if broken."""
    path = Path(path)
    data, document = _read(path)
    try:
        region = Region.model_validate(data)
    except ValidationError as exc:
        raise InputError("", _issues(exc, document)) from None
    region._source = str(path)
    return region


def _issues(exc: ValidationError, document) -> list[Issue]:
    from ..validate import validation_issues

    issues = []
    for error in exc.errors(include_url=False):
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, _Placed):
            issues.append(Issue("region.invalid", Severity.ERROR, cause.message, document.source(cause.path)))
    if issues:
        return issues
    return [Issue("region.invalid", i.severity, i.message, i.source) for i in validation_issues(exc, document, Region)]


_CACHE: dict[str, Region] = {}


def load(name: str = "default", base: Path | None = None, where: Source | None = None) -> Region:
    """A shipped profile by name, or a profile file (relative to ``base``, the input's folder)."""
    path = _locate(name, base, where or Source("", "presentation.region"))
    key = f"{path}:{path.stat().st_mtime_ns}"
    region = _CACHE.get(key)
    if region is None:
        region = _CACHE[key] = load_file(path)
    return region


def of(model) -> Region:
    """The profile of a validated input (resolved by ``attach`` when the pipeline prepared it)."""
    region = getattr(model, "_region", None)
    if region is not None:
        return region
    # not prepared through the pipeline: a shipped profile by name, a file relative to the
    # working folder (never silently another region)
    return load(model.presentation.region or "default")


def percent_places(model) -> int:
    """Percent places of an input: its own presentation.percent_places, else its region's."""
    places = model.presentation.percent_places
    return of(model).percent_places if places is None else places


def attach(model, document=None) -> Region:
    """Resolve the input's presentation.region (relative to the input file) and remember it on
    the model (every later stage asks ``of(model)``)."""
    name = model.presentation.region or "default"
    base = Path(document.file).parent if document is not None and document.file else None
    where = document.source("presentation.region") if document is not None else None
    region = load(name, base, where)
    model._region = region
    return region


def available() -> list[Region]:
    """The shipped profiles, in order."""
    return [load(name) for name in BUILTIN]


__all__ = ["BUILTIN", "COMPARISONS", "TABLE_KEYS", "Region", "attach", "available", "load", "load_file", "of", "percent_places"]
