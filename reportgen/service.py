"""The render service: the one path from an input to finished documents, bytes in and bytes out.

``render(source, name, options)`` reads an input (a path, or the bytes of an upload with its file
name), finds its report kind (``reportgen.kinds``; the ``kind:`` key of the input, else 部门决算),
validates, derives and checks it, and returns the documents' bytes with every finding (``Issue``).
Nothing here writes a file: :func:`write_document` / :func:`write_documents` do that, atomically,
for the command line and the batch. ``render``, ``batch``, ``diff``, ``audit``, ``selfeval``,
``template-check`` and the library functions of ``reportgen.pipeline`` all come through here.

Nothing of an input is kept between two calls: each render derives its own figures, builds its
own sections and checks its own document, so two renders in one process (threads or one after the
other) never see each other's state. What a long-lived process (a service, a batch worker, an
editor re-rendering after a correction) does keep is what depends on no input or is a pure
function of its key, each behind a lock and bounded: a template's parts cleaned for jinja and
compiled (``render``), the 绩效自评 styles a template lacks (``selfeval.blocks``), a chart's
part and workbook by its data (``native_charts``), a zip member's deflated bytes by its bytes
(``determinism``): the tables' and annex tables' XML by their texts (``tables.draw``,
``selfeval.blocks``) and the formatted amounts (``money.table_text``) too. A
:class:`ChartRenderer` passed in says how charts are made. :func:`settle` keeps the garbage
collector off what such a process holds once it has rendered.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .checks import CheckOptions
from .diagnostics import CheckFailed, Issue, SelfCheckFailed, Severity, Source
from .kinds import Built, Prepared, RenderedDocument, RenderSettings, ReportKind, kind_of
from .loader import Document, load_document


def settle() -> None:
    """For a long-lived process (``reportgen serve``, a batch worker, a program that re-renders
    after each correction), once it has imported or rendered: collect once, then keep the
    collector off every object alive now (the modules, the caches above), and let it run after
    10,000 new objects rather than 700. A render makes tens of thousands of short-lived
    containers: at 700 the collector ran a hundred times a render, over objects about to be freed
    anyway, and its full passes walked the process's hundred thousand long-lived ones as well.
    Importing reportgen does not do this: the program decides."""
    import gc

    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if young:  # 0: the program turned automatic collection off
        gc.set_threshold(max(young, _YOUNG_THRESHOLD), middle, old)


_YOUNG_THRESHOLD = 10_000


# matplotlib keeps its style (rcParams) process-wide: two threads must not draw pictures at once
_DRAWING = threading.Lock()


class ChartRenderer:
    """How the charts of a render are made.

    ``form`` overrides the input's ``presentation.charts``: ``native`` (Word charts, the
    default) or ``image`` (pictures drawn with matplotlib, one render at a time in a process)."""

    def __init__(self, form: str | None = None) -> None:
        self.form = form

    def form_for(self, model: Any, default: str | None = None) -> str:
        """This renderer's form, else the input's ``presentation.charts``, else ``default`` (the
        region profile's), else native."""
        from .charts import chart_form

        presentation = getattr(model, "presentation", None)
        return chart_form(self.form, getattr(presentation, "charts", None), default)

    @contextmanager
    def drawing(self, form: str) -> Iterator[None]:
        """Held while a document with charts of ``form`` is rendered."""
        if form == "image":
            with _DRAWING:
                yield
        else:
            yield


@dataclass(frozen=True)
class RenderOptions:
    """How to render.

    ``kind`` overrides the input's ``kind:``; ``region`` its ``presentation.region``;
    ``template`` replaces the kind's shipped Word template; ``draft`` marks missing reasons as
    【待补充：…】; ``force`` renders a document marked 草稿 when the checks find errors (else
    they stop it, ``CheckFailed``); ``gate=False`` renders whatever the findings, unmarked (the
    diff compares texts, not approvals); ``verify`` runs the 表文一致 self-check on the result."""

    kind: str | None = None
    region: str | None = None
    template: Path | None = None
    draft: bool = False
    force: bool = False
    gate: bool = True
    verify: bool = True
    checks: CheckOptions | None = None
    charts: ChartRenderer | None = None


@dataclass
class Rendered:
    """The documents of one render (one for the 部门决算, several for the 绩效自评) and the
    findings; ``draft`` when the document is marked as a draft."""

    prepared: Prepared
    documents: list[RenderedDocument]
    draft: bool = False
    outputs: list[Path] = field(default_factory=list)  # filled by write_documents

    @property
    def issues(self) -> list[Issue]:
        return self.prepared.issues

    @property
    def data(self) -> bytes:
        """The bytes of the one document (the 部门决算 report)."""
        if len(self.documents) != 1:
            raise ValueError(f"this render made {len(self.documents)} documents, not one")
        return self.documents[0].data


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def load(source: str | Path | bytes, name: str | None = None, *, kind: str | None = None) -> tuple[Document, ReportKind]:
    """Read an input (YAML, JSON or workbook) from a path or from bytes named ``name``; its
    report kind (``kind`` overrides the input's ``kind:``) and the document as that kind reads
    it (a 部门决算 with the 绩效目标 file it names merged in). Raises ``InputError``."""
    document = load_document(source, name)
    report_kind = kind_of(document, kind)
    return report_kind.read(document), report_kind


def _with_kind_and_region(document: Document, kind: ReportKind, region: str | None) -> Document:
    """The document as the schema reads it: the kind under its own name (an input may give an
    alias such as 部门决算), the region override applied."""
    data = document.data
    changed = dict(data)
    if "kind" in data and data["kind"] != kind.name:
        changed["kind"] = kind.name
    if region:
        presentation = data.get("presentation")
        changed["presentation"] = {**(presentation if isinstance(presentation, dict) else {}), "region": region}
    return replace(document, data=changed) if changed != data else document


def load_model(source: str | Path | bytes, name: str | None = None, *, kind: str | None = None, region: str | None = None):
    """(document, kind, model): an input read and validated against its kind's schema."""
    from .validate import build_model

    document, report_kind = load(source, name, kind=kind)
    document = _with_kind_and_region(document, report_kind, region)
    return document, report_kind, build_model(document, report_kind.schema)


def prepare(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    kind: str | None = None,
    region: str | None = None,
    options: CheckOptions | None = None,
    draft: bool = False,
) -> Prepared:
    """Read, validate, derive, build and check one input. Raises ``InputError`` if it cannot be
    read; every other finding is in ``issues`` (a workbook's own findings first, then the
    元→万元 adjustments, then the checks)."""
    document, report_kind = load(source, name, kind=kind)
    return prepare_document(document, report_kind, region=region, options=options, draft=draft)


def prepare_document(
    document: Document,
    kind: ReportKind | None = None,
    *,
    region: str | None = None,
    options: CheckOptions | None = None,
    draft: bool = False,
) -> Prepared:
    """:func:`prepare` of an input already read (``kind``: the input's own when not given)."""
    from .validate import build_model

    report_kind = kind or kind_of(document)
    document = _with_kind_and_region(document, report_kind, region)
    model = build_model(document, report_kind.schema)
    model, accounts, evaluation, adjustments = report_kind.compute(document, model)
    prepared = Prepared(document, model, accounts, kind=report_kind, evaluation=evaluation)
    prepared.built = report_kind.sections(prepared, draft)
    prepared.issues = document.issues + adjustments + report_kind.checks(prepared, options or CheckOptions())
    return prepared


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def render_prepared(prepared: Prepared, options: RenderOptions | None = None) -> Rendered:
    """The documents of an input already prepared (``prepare(..., draft=options.draft)``)."""
    options = options or RenderOptions()
    draft = options.draft
    kind = prepared.kind
    assert kind is not None and prepared.built is not None
    errors = [i for i in kind.blocking(prepared) if i.severity is Severity.ERROR] if options.gate else []
    if errors:
        if not options.force:
            raise CheckFailed(kind.refusal, errors)
        draft = draft or kind.forced_is_draft
    if prepared.built.draft != draft:
        prepared.built = kind.sections(prepared, draft)
    if options.template:  # a department's own template: a Word document, and made for this kind
        from .sandbox import check_template_file, check_template_kind

        check_template_file(Path(options.template))
        check_template_kind(Path(options.template), kind.name, kind.title)
    settings = RenderSettings(
        template=Path(options.template) if options.template else None,
        draft=draft,
        verify=options.verify,
        charts=options.charts or ChartRenderer(),
    )
    try:
        documents = kind.documents(prepared, settings)
    except SelfCheckFailed as exc:
        if not options.force:
            raise
        # forced: the document is written all the same, as a marked draft, with the self-check's
        # findings among the input's (printed; the text is known to disagree with its data)
        prepared.issues.extend(i for i in exc.issues if i not in prepared.issues)  # once, however often rendered
        draft = True
        if prepared.built.draft != draft:
            prepared.built = kind.sections(prepared, draft)
        documents = kind.documents(prepared, replace(settings, draft=True, verify=False))
    return Rendered(prepared, documents, draft)


def render(source: str | Path | bytes, name: str | None = None, options: RenderOptions | None = None) -> Rendered:
    """Render one input into documents (bytes). Raises ``InputError`` (unreadable input),
    ``CheckFailed`` (the checks found errors and not ``force``) or ``TemplateError``."""
    options = options or RenderOptions()
    prepared = prepare(source, name, kind=options.kind, region=options.region, options=options.checks, draft=options.draft)
    return render_prepared(prepared, options)


# ---------------------------------------------------------------------------------------------
# Writing (the only file output, kept apart from rendering)
# ---------------------------------------------------------------------------------------------


def write_document(data: bytes, target: str | Path) -> Path:
    """Write one document's bytes to ``target`` atomically (a failure leaves no partial file and
    keeps an earlier ``target``)."""
    from .render import write_bytes

    return write_bytes(data, Path(target))


def write_documents(rendered: Rendered, target: str | Path) -> list[Path]:
    """Write the documents of ``rendered``: one document to the file ``target``, several into
    the folder ``target`` under their own names. All bytes exist before the first file is
    written, so a failed render writes nothing."""
    target = Path(target)
    if len(rendered.documents) == 1 and not rendered.documents[0].name:
        rendered.outputs = [write_document(rendered.documents[0].data, target)]
    else:
        rendered.outputs = [write_document(d.data, target / d.name) for d in rendered.documents]
    return rendered.outputs


# ---------------------------------------------------------------------------------------------
# The other commands, on the same path
# ---------------------------------------------------------------------------------------------


def audit(
    report: str | Path | bytes,
    source: str | Path | bytes,
    name: str | None = None,
    options: CheckOptions | None = None,
    *,
    report_name: str | None = None,
):
    """Audit a report (.docx or plain text; a path, or bytes named ``report_name``) against an
    input (表文一致), with the subjects of the input's kind: (Prepared, Audit)."""
    from .kinds import unsupported

    prepared = prepare(source, name, options=options)
    kind = prepared.kind
    assert kind is not None
    if kind.audit is None:
        raise unsupported(prepared.document, kind, "有正文的报告（部门决算、部门预算）")
    found = kind.audit(report, prepared.accounts, report_name)
    if not found.checked:  # nothing recognised is no pass: a non-report, or another department's
        shown = report_name or (str(report) if not isinstance(report, bytes) else "报告")
        found.issues.append(Issue(
            "audit.nothing_checked", Severity.ERROR,
            "没有核对到任何数字：文中找不到能与输入数据对照的金额或百分比，它不像是这份输入的报告；核对未通过",
            Source(shown),
        ))
    return prepared, found


def template_check(
    source: str | Path | bytes, template: str | Path | None = None, name: str | None = None, *, kind: str | None = None
) -> list[str]:
    """Tags the template asks for that the input's context does not provide."""
    from .kinds import unsupported
    from .render import missing_tags

    prepared = prepare(source, name, kind=kind)
    assert prepared.kind is not None and prepared.built is not None
    if "main" not in prepared.kind.templates:
        raise unsupported(prepared.document, prepared.kind, "有 Word 模板的报告（部门决算、部门预算）")
    built: Built = prepared.built
    return missing_tags(Path(template) if template else prepared.kind.template(), built.context, built.charts)


def render_for_diff(source: str | Path | bytes, name: str | None = None, template: str | Path | None = None) -> bytes:
    """An input's report as the diff compares it: rendered whatever its findings, unmarked."""
    rendered = render(source, name, RenderOptions(template=Path(template) if template else None, gate=False, verify=False))
    return rendered.data


__all__ = [
    "ChartRenderer",
    "Prepared",
    "RenderOptions",
    "Rendered",
    "RenderedDocument",
    "audit",
    "load",
    "load_model",
    "prepare",
    "prepare_document",
    "render",
    "render_for_diff",
    "render_prepared",
    "template_check",
    "write_document",
    "write_documents",
]
