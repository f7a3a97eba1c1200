"""What a report kind is: everything the render service needs to make one kind of report.

A kind bundles its schema (the pydantic model an input is validated against), how the figures
are derived from it, its checks, its section builders, tables, charts, annexes, audit subjects
and templates, and finally how its documents are assembled. The service
(``reportgen.service``) runs the same steps for every kind; a new report (the 部门预算) is a new
folder under ``reportgen/kinds/`` that registers its own ``ReportKind``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Issue

if TYPE_CHECKING:
    from ..checks import CheckOptions
    from ..loader import Document


@dataclass
class Built:
    """The sections of one document: the template context, the chart specs and the 主要原因 the
    sentences asked for and the input does not give (``wording.MissingReason``)."""

    context: dict[str, object]
    charts: dict[str, object]
    missing_reasons: list[Any] = field(default_factory=list)
    draft: bool = False


@dataclass
class Prepared:
    """One input, read, validated, derived and checked: what every command works from.

    ``accounts`` are the derived figures, ``evaluation`` the 绩效自评 result (computed once per
    input), ``built`` the sections (built once; rebuilt only when a forced render turns into a
    draft) and ``issues`` every finding, in the order they are printed."""

    document: Document
    model: Any
    accounts: Any
    issues: list[Issue] = field(default_factory=list)
    kind: ReportKind | None = None
    evaluation: Any = None
    built: Built | None = None


@dataclass(frozen=True)
class RenderedDocument:
    """One finished document: a suggested file name and its .docx bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class RenderSettings:
    """What a kind's ``documents`` gets besides the prepared input."""

    template: Path | None = None
    draft: bool = False
    verify: bool = True  # the 表文一致 self-check before the bytes are returned
    charts: Any = None  # a ``reportgen.service.ChartRenderer``


@dataclass(frozen=True, eq=False)
class ReportKind:
    """One kind of report, registered by ``name`` (``reportgen.kinds.register``).

    - ``schema``: the model class an input is validated against (``validate.build_model``);
    - ``compute(document, model) -> (model, accounts, evaluation, issues)``: the derived
      figures (元→万元 rounding included) and the findings made while deriving them;
    - ``sections(prepared, draft) -> Built``: the section builders' context and chart specs;
    - ``checks(prepared, options) -> issues``: the checks (勾稽关系, reasons, scores);
    - ``tables(prepared)``: the public tables in print order;
    - ``annexes(prepared)``: a writer that appends the annexes to the rendered document, or None;
    - ``audit_subjects(accounts, places)``: what the 表文一致 audit may recompute in the text;
    - ``audit(report, accounts, name) -> Audit``: the 表文一致 audit of a report (a path, or
      bytes named ``name``), or None when the kind has none;
    - ``templates``: role → the shipped template's resource name (``templates/…``);
    - ``documents(prepared, settings) -> [RenderedDocument]``: the finished documents;
    - ``blocking(prepared)``: the findings whose errors stop a render (unless forced).
    """

    name: str
    title: str
    schema: type
    compute: Callable[[Document, Any], tuple[Any, Any, Any, list[Issue]]]
    sections: Callable[[Prepared, bool], Built]
    checks: Callable[[Prepared, CheckOptions], list[Issue]]
    documents: Callable[[Prepared, RenderSettings], list[RenderedDocument]]
    tables: Callable[[Prepared], list[Any]] = lambda prepared: []
    annexes: Callable[[Prepared], Callable[[Any], None] | None] = lambda prepared: None
    audit_subjects: Callable[[Any, int], Mapping[str, Any]] | None = None
    audit: Callable[[Any, Any, str | None], Any] | None = None
    templates: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # other names an input may give (部门决算, 决算 …)
    # the findings that stop a render (all of them by default) and whether a forced render of
    # a checked-in-error input is marked 草稿
    blocking: Callable[[Prepared], list[Issue]] = lambda prepared: list(prepared.issues)
    forced_is_draft: bool = True
    refusal: str = "检查发现错误，未生成报告（可用 --force 生成标注为草稿的文档）："
    # the input as the schema reads it (the 部门决算 merges the 绩效目标 file it names)
    read: Callable[[Document], Document] = lambda document: document
    input_title: str = ""  # what its input is called, when not the title (绩效自评 reads a 部门决算 input)
    commands: str = "render / check / audit / diff"  # the commands that take its input

    @property
    def input_name(self) -> str:
        return self.input_title or self.title

    def template(self, role: str = "main") -> Path:
        """The shipped template of ``role``."""
        from ..resources import resource_path

        return resource_path("templates", self.templates[role])


__all__ = ["Built", "Prepared", "RenderSettings", "RenderedDocument", "ReportKind"]
