"""Region profiles: how one region lays out and words a report, as data.

A profile is a YAML file. For the 部门决算, ``default.yaml`` (the practice of seed 001) and
``shanghai.yaml`` ship here; for the 部门预算 (``kind: budget``, ``reportgen.regions.budget``),
``sichuan.yaml`` (seed 002). It holds the parts and sections in order with their headings (the numbers 第一部分, 一、,
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
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

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
from ..glossary import chinese_number

if TYPE_CHECKING:
    from .budget import BudgetRegion

HERE = Path(__file__).resolve().parent
BUILTIN_KINDS = {"default": "final_accounts", "shanghai": "final_accounts", "sichuan": "budget"}  # shipped, by report kind
BUILTIN = tuple(BUILTIN_KINDS)
# the report kind a profile words (its ``kind:``; 部门决算 when it says none) and its Chinese name
KINDS = {"final_accounts": "部门决算", "budget": "部门预算"}

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


def fill(text: str, values: dict[str, object]) -> str:
    """``text`` with each {name} it has a value for filled in (never str.format: a profile is a
    user's file, and its braces reach nothing but these values)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


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
    """One region profile of the 部门决算 (validated)."""

    kind: Literal["final_accounts"] = "final_accounts"
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
        each_once([t.key for t in value], TABLE_KEYS, "决算表")
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

        _check_outline(self.parts, CONTENT)
        for pi, part in enumerate(self.parts[:-1]):
            if "annexes" in part.content:
                raise _Placed(f"parts[{pi}].content", "附件（annexes）写在文档最后，只能放在最后一个部分")
        _check_sentences(self.sentences, SENTENCES)
        return self

    # -- use ------------------------------------------------------------------------------
    def sentence(self, key: str, **values: object) -> str | None:
        """The text of sentence ``key`` with its {placeholders} filled; None when the profile
        says the sentence is not printed."""
        from .sentences import DEFAULTS

        text = self.sentences[key] if key in self.sentences else DEFAULTS[key]
        if text is None:
            return None
        return fill(text, values)

    def prints_prior(self, comparison: str) -> bool:
        return comparison in self.prior_year

    @property
    def table_order(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)

    def table_title(self, key: str) -> str:
        return next(t.title for t in self.tables if t.key == key)


def each_once(keys: list[str], expected: tuple[str, ...], what: str) -> None:
    """A profile's list of tables names each of ``expected`` exactly once."""
    missing = [k for k in expected if k not in keys]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if missing or repeated:
        raise ValueError(
            f"{what}应各列一次："
            + (f"缺少 {', '.join(missing)}" if missing else "")
            + ("；" if missing and repeated else "")
            + (f"重复 {', '.join(repeated)}" if repeated else "")
        )


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


def _check_outline(parts: list[Part], content, heading_names: tuple[str, ...] | None = None) -> None:
    """Every content block a profile places is one ``content`` knows; every {name} in a heading
    is one of ``heading_names`` (when given)."""
    for pi, part in enumerate(parts):
        places: list[tuple[str, list[str]]] = [(f"parts[{pi}].content", part.content)]
        headings: list[tuple[str, str]] = [(f"parts[{pi}].heading", part.heading)]
        for si, section in enumerate(part.sections):
            places.append((f"parts[{pi}].sections[{si}].content", section.content))
            headings.append((f"parts[{pi}].sections[{si}].heading", section.heading))
            for ui, sub in enumerate(section.subsections):
                places.append((f"parts[{pi}].sections[{si}].subsections[{ui}].content", sub.content))
                headings.append((f"parts[{pi}].sections[{si}].subsections[{ui}].heading", sub.heading))
        for where, keys in places:
            for i, key in enumerate(keys):
                if key not in content:
                    raise _Placed(f"{where}[{i}]", f"未知的内容块 '{key}'{_close(key, content)}")
        for where, heading in headings if heading_names is not None else ():
            for name in PLACEHOLDER.findall(heading):
                if name not in heading_names:
                    raise _Placed(where, f"标题中的 {{{name}}} 不可用（可用：{'、'.join('{' + n + '}' for n in heading_names)}）")


def _check_sentences(sentences: dict[str, str | None], allowed: dict[str, tuple[str, ...]]) -> None:
    """Every sentence id is known and uses only its own placeholders."""
    for key, text in sentences.items():
        if key not in allowed:
            raise _Placed(f"sentences.{key}", f"未知的句式编号 '{key}'{_close(key, allowed)}")
        for name in PLACEHOLDER.findall(text or ""):
            if name not in allowed[key]:
                listed = "、".join("{" + a + "}" for a in allowed[key]) or "无"
                raise _Placed(f"sentences.{key}", f"句式中的 {{{name}}} 不可用（可用：{listed}）")


def number_parts(
    parts: list[Part], blocks_of: Callable[[str], list[dict[str, Any]]], fill: Callable[[str], str],
    section_heading: Callable[[Section], str] | None = None,
) -> list[dict[str, Any]]:
    """The outline of a profile's parts: each part's heading (第N部分) and blocks, with the section
    (一、) and subsection （一） headings numbered in order; an optional section or subsection with
    no blocks is left out and not counted. ``blocks_of`` gives a content key's blocks, ``fill``
    fills a heading's {placeholders}."""

    def content(keys: list[str]) -> list[dict[str, Any]]:
        return [block for key in keys for block in blocks_of(key)]

    out = []
    for p, part in enumerate(parts, start=1):
        blocks = content(part.content)
        number = 0
        for section in part.sections:
            inner = content(section.content)
            sub_number = 0
            for sub in section.subsections:
                sub_blocks = content(sub.content)
                if sub.optional and not sub_blocks:
                    continue
                sub_number += 1
                inner.append({"style": "heading3", "text": f"（{chinese_number(sub_number)}）{fill(sub.heading)}"})
                inner += sub_blocks
            if section.optional and not inner:
                continue
            number += 1
            heading = section_heading(section) if section_heading else section.heading
            blocks.append({"style": "heading2", "text": f"{chinese_number(number)}、{fill(heading)}"})
            blocks += inner
        out.append({"heading": f"第{chinese_number(p)}部分　{fill(part.heading)}", "blocks": blocks})
    return out


# -- loading ----------------------------------------------------------------------------------
def builtin_path(name: str) -> Path:
    return HERE / f"{name}.yaml"


# mappings a profile that extends another changes key by key (anything else is replaced whole)
MERGED = (
    "sentences", "labels", "numbering", "layout",  # 部门决算
    "income_sources", "spending_types", "economic_classes", "vehicle_types", "vehicle_uses", "three_public_labels", "personnel_groups",
)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: mappings merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key in MERGED:
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _read(path: Path, seen: tuple[Path, ...] = ()):
    from ..loader import load_document

    try:
        document = load_document(path)
    except InputError as exc:  # the loader speaks of inputs ("以 'unit:' 开头"): this is a profile
        shape = "地区体例文件的顶层应是一个映射（键: 值），例如以 'name:' 或 'extends:' 开头；这个文件不是地区体例"
        exc.issues = [replace(i, message=shape) if i.rule == "input.shape" else i for i in exc.issues]
        raise
    data = dict(document.data)
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip():
            raise InputError("", [Issue("region.extends", Severity.ERROR, "extends 应为地区体例名称或文件路径", document.source("extends"))])
        base_path = _locate(parent.strip(), path.parent, document.source("extends"))
        if base_path in seen or base_path == path:
            raise InputError("", [Issue("region.extends", Severity.ERROR, f"extends 循环引用 '{parent}'", document.source("extends"))])
        base_data, _ = _read(base_path, (*seen, path))
        inherited = base_data.get("kind", "final_accounts")
        own = data.get("kind", inherited)
        if own != inherited:
            message = f"extends 的体例 '{parent}' 是{KINDS.get(inherited, inherited)}的体例，本文件的 kind 不能改为 {own}"
            raise InputError("", [Issue("region.kind", Severity.ERROR, message, document.source("kind"))])
        data = _merge(base_data, data)
    return data, document


def _locate(name: str, base: Path | None, where: Source, kind: str | None = None) -> Path:
    if name in BUILTIN and not name.endswith((".yaml", ".yml")):
        return builtin_path(name)
    path = Path(name)
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        shipped = "、".join(n for n, k in BUILTIN_KINDS.items() if kind in (None, k))
        which = f"{KINDS[kind]}的内置体例" if kind else "内置"
        raise InputError("", [Issue("region.unknown", Severity.ERROR, f"找不到地区体例 '{name}'（{which}：{shipped}；或给出相对于输入文件的 .yaml 路径）", where)])
    return path.resolve()


def load_file(path: str | Path, kind: str | None = None, name: str = "", where: Source | None = None) -> Region | BudgetRegion:
    """Read and validate one profile file (a 部门决算 or, with ``kind: budget``, a 部门预算
    profile); InputError naming file, line and key if broken. With ``kind``, a file of another
    kind is refused before it is validated, at ``where`` (the input's presentation.region)."""
    from .budget import BudgetRegion

    path = Path(path)
    data, document = _read(path)
    if kind is not None and data.get("kind", "final_accounts") != kind:
        # without kind:, a file with parts is a 决算 profile; without either it is no profile
        found = data.get("kind", "final_accounts" if "parts" in data else None)
        _wrong_kind(name or str(path), found, kind, where or document.source("kind"))
    schema: type[Region] | type[BudgetRegion] = BudgetRegion if data.get("kind") == "budget" else Region
    try:
        region = schema.model_validate(data)
    except ValidationError as exc:
        raise InputError("", _issues(exc, document, schema)) from None
    region._source = str(path)
    return region


def _issues(exc: ValidationError, document, schema) -> list[Issue]:
    from ..validate import validation_issues

    issues = []
    for error in exc.errors(include_url=False):
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, _Placed):
            issues.append(Issue("region.invalid", Severity.ERROR, cause.message, document.source(cause.path)))
    if issues:
        return issues
    return [Issue("region.invalid", i.severity, i.message, i.source) for i in validation_issues(exc, document, schema)]


_CACHE: dict[str, Region | BudgetRegion] = {}


def load(name: str = "default", base: Path | None = None, where: Source | None = None, kind: str | None = None):
    """A shipped profile by name, or a profile file (relative to ``base``, the input's folder);
    with ``kind``, a profile of that report kind only (another kind's is an InputError at ``where``)."""
    where = where or Source("", "presentation.region")
    path = _locate(name, base, where, kind)
    key = f"{path}:{path.stat().st_mtime_ns}"
    region = _CACHE.get(key)
    if region is None:
        region = _CACHE[key] = load_file(path, kind, name, where)
    if kind is not None and region.kind != kind:
        _wrong_kind(name, region.kind, kind, where)
    return region


def _wrong_kind(name: str, found: object, kind: str, where: Source) -> None:
    usable = "、".join(n for n, k in BUILTIN_KINDS.items() if k == kind)
    if isinstance(found, str) and found in KINDS:
        message = f"地区体例 '{name}' 是{KINDS[found]}的体例，不能用于{KINDS[kind]}（{KINDS[kind]}的内置体例：{usable}）"
    else:
        message = f"'{name}' 不是{KINDS[kind]}的地区体例（体例文件写有 kind: {kind}；内置：{usable}）"
    raise InputError("", [Issue("region.kind", Severity.ERROR, message, where)])


def of(model) -> Region:
    """The profile of a validated input (resolved by ``attach`` when the pipeline prepared it)."""
    region = getattr(model, "_region", None)
    if region is not None:
        return region
    # not prepared through the pipeline: a shipped profile by name, a file relative to the
    # working folder (never silently another region)
    return load(model.presentation.region or "default", kind="final_accounts")


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
    region = load(name, base, where, kind="final_accounts")
    model._region = region
    return region


def available(kind: str | None = None) -> list[Region | BudgetRegion]:
    """The shipped profiles (部门决算, then 部门预算), in order; only those of report ``kind``
    (final_accounts, budget) when it is given."""
    return [load(name) for name, of_kind in BUILTIN_KINDS.items() if kind is None or of_kind == kind]


__all__ = ["BUILTIN", "BUILTIN_KINDS", "COMPARISONS", "KINDS", "PLACEHOLDER", "TABLE_KEYS", "Region", "attach", "available", "fill", "load", "load_file", "number_parts", "of", "percent_places"]
