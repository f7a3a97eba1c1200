"""Fill a Word template with the section context and write the .docx atomically.

docxtpl renders with ``StrictUndefined`` (a missing figure fails loudly) and autoescape on (a
``&`` or ``<`` in a project name cannot corrupt the XML). The output is written to a temporary
file beside the target and moved into place only when complete, so a failed run never leaves a
half-written or clobbered report.
"""

from __future__ import annotations

import datetime
import functools
import io
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from . import styles_part
from .diagnostics import Issue, Severity, Source
from .outputs import atomic_output
from .resources import resource_path
from .sandbox import Limits, SandboxedEnvironment, TemplateUnreadable, check_template_file, guarded

TOC_STYLES = {"Heading 1": "TOC 1", "Heading 2": "TOC 1", "RG SE Title": "TOC 2"}
CHART_WIDTH_MM = 150


def default_template() -> Path:
    return resource_path("templates", "final_accounts.docx")


class _CompilingOnce(SandboxedEnvironment):
    """The template sandbox (``reportgen.sandbox``), compiling each distinct template source once
    per process.

    docxtpl hands the template's whole document XML to ``from_string`` on every render; a batch
    renders the same template for every department and a correction renders it again."""

    _KEEP = 16

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja's name
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:  # renders in threads share the environment
            template = self._compiled.get(source)
            if template is None:
                if len(self._compiled) >= self._KEEP:
                    self._compiled.pop(next(iter(self._compiled)))
                template = self._compiled[source] = super().from_string(source)
        return template


@functools.cache
def jinja_env(undefined: type[jinja2.Undefined] = jinja2.StrictUndefined) -> SandboxedEnvironment:
    return _CompilingOnce(undefined=undefined, autoescape=True)


_PATCHED: dict[str, str] = {}
_PATCHED_KEEP = 16
_PATCHED_LOCK = threading.Lock()


@functools.cache
def _template_class():
    """docxtpl's ``DocxTemplate``, cleaning each distinct part XML of the template once per
    process: its ``patch_xml`` (a dozen regular expressions over the whole part, so that the
    tags Word split across runs read as jinja) depends on that text alone, and a batch or a
    service renders the same template again and again."""
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            with _PATCHED_LOCK:
                patched = _PATCHED.get(src_xml)
            if patched is None:
                patched = super().patch_xml(src_xml)
                with _PATCHED_LOCK:
                    if len(_PATCHED) >= _PATCHED_KEEP:
                        _PATCHED.pop(next(iter(_PATCHED)), None)
                    _PATCHED[src_xml] = patched
            return patched

    return Template


def _open_template(path: Path):
    check_template_file(path)  # not a .docx: refused before docxtpl tries
    try:
        tpl = _template_class()(str(path))
        with styles_part.reading():  # its styles read as bytes (reportgen.styles_part)
            tpl.init_docx()  # parsed now: a damaged document is the file's fault, not a tag's
        return tpl
    except Exception as exc:  # a zip that is not a Word document, a damaged file
        raise TemplateUnreadable(
            "", [Issue("template.unreadable", Severity.ERROR, f"模板文件已损坏，无法作为 Word 文档打开（{type(exc).__name__}: {exc}）", Source(str(path)))]
        ) from None


open_template = _open_template  # for the other report kinds: a .docx, parsed, or TemplateUnreadable


def chart_png(spec: object) -> bytes:
    """PNG of a chart (the picture form, ``charts: image``)."""
    from .charts import render_png

    return render_png(spec)


class NativeChart:
    """A native Word chart for docxtpl: placed in the template as ``{{ charts.figN.image }}``.

    Rendering it adds the chart part and its workbook (``reportgen.native_charts``) to the part
    being rendered and puts the graphic frame in the text, as docxtpl's ``InlineImage`` does for
    a picture."""

    def __init__(self, tpl, spec: object, number: int, width_emu: int, height_emu: int) -> None:
        # Private: a template (untrusted) sees no attribute of it, only its text.
        self._tpl, self._spec, self._number = tpl, spec, number
        self._size = (width_emu, height_emu)

    def _insert(self) -> str:
        from .native_charts import add_chart

        part = self._tpl.current_rendering_part
        # docPr ids must differ; the part's own next id is computed on the unrendered template.
        inline = add_chart(part, self._spec, *self._size, part.next_id + self._number)
        return f'</w:t></w:r><w:r><w:drawing>{inline}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__ = _insert


def chart_context(tpl, specs: Mapping[str, object | None], form: str = "native") -> dict[str, object]:
    """图N captions numbered over the charts actually drawn; each chart native (editable in Word
    and WPS) or, with ``form="image"``, a picture."""
    from docx.shared import Mm

    from .charts import CHART_FORMS, chart_height_mm

    if form not in CHART_FORMS:
        raise ValueError(f"unknown chart form {form!r}: {' or '.join(CHART_FORMS)}")
    width, height = Mm(CHART_WIDTH_MM), Mm(chart_height_mm(CHART_WIDTH_MM))
    out: dict[str, object] = {}
    number = 0
    for key, spec in specs.items():
        if spec is None:
            out[key] = None
            continue
        number += 1
        if form == "native":
            image: object = NativeChart(tpl, spec, number, int(width), int(height))
        else:
            from docxtpl import InlineImage

            image = InlineImage(tpl, io.BytesIO(chart_png(spec)), width=width)
        out[key] = {"image": image, "caption": f"图{number}：{spec.title}"}
    return out


def render_template(
    template: Path,
    context: Mapping[str, Any],
    chart_specs: Mapping[str, object | None],
    postprocess: Callable[[Any], None] | None = None,
    tables: Sequence[Any] = (),
    chart_form: str = "native",
    limits: Limits | None = None,
    splice_tables: bool = False,
):
    """Render ``template`` with ``context``; return the docxtpl object (not yet saved).

    The template's tags run in the sandbox, within ``limits`` (``reportgen.sandbox``); any
    failure of theirs is a TemplateError naming the tag and its paragraph.

    ``tables`` (``reportgen.tables.Table``, in print order) are drawn where the template left
    their anchors, once the document exists. ``chart_form`` is ``native`` (Word charts) or
    ``image`` (pictures), see :func:`reportgen.charts.chart_form`. ``splice_tables``: the tables
    stay placeholders in the document's tree and their XML goes straight into its bytes
    (:func:`document_bytes`; ``docx_xml.materialize`` puts them in the tree for code that reads
    them), for a caller whose postprocess and verification read no table."""
    tpl = _open_template(template)
    full = dict(context)
    full["charts"] = chart_context(tpl, chart_specs, chart_form)
    with guarded(template, tpl, limits):
        tpl.render(full, jinja_env(), autoescape=True)
    from . import docx_xml

    if context.get("inline_tables"):
        from .tables.draw import insert_plain_tables

        insert_plain_tables(tpl.docx, context["inline_tables"], splice=splice_tables)
    if tables:
        from .tables import END_ANCHOR
        from .tables.draw import insert_tables

        insert_tables(tpl.docx, tables, str(context.get("unit", {}).get("name", "")), END_ANCHOR, splice=splice_tables)
    if postprocess is not None:
        postprocess(tpl.docx)
    docx_xml.fill_toc(tpl.docx, TOC_STYLES)  # last: the 第六部分 annex titles are entries too
    return tpl


def save(
    tpl,
    target: Path,
    when: datetime.datetime | None = None,
    verify: Callable[[Any], None] | None = None,
) -> Path:
    """Write ``tpl`` to ``target`` atomically, byte-identical for identical content.

    ``when`` is the time stamped into the document (see ``reportgen.determinism``).
    ``verify(document)`` inspects the finished python-docx document before anything is written
    and may raise to keep the previous ``target`` untouched (the post-render self-check).
    """
    return write_bytes(document_bytes(tpl, when, verify), target)


def document_bytes(
    tpl,
    when: datetime.datetime | None = None,
    verify: Callable[[Any], None] | None = None,
) -> bytes:
    """The .docx bytes of ``tpl`` (see :func:`save`), nothing written anywhere."""
    from .determinism import document_time, docx_bytes, stamp_core_properties

    when = when or document_time()
    stamp_core_properties(tpl.docx, when)
    if verify is not None:
        verify(tpl.docx)
    return docx_bytes(tpl.docx, when)


def write_bytes(data: bytes, target: Path) -> Path:
    """Write ``data`` to ``target`` atomically: a failure leaves the previous file untouched."""
    with atomic_output(target) as tmp:  # an OSError becomes a Chinese OutputError there
        tmp.write_bytes(data)
    return target


class _Recorder(jinja2.ChainableUndefined):
    """An Undefined that remembers every name the template asked for and did not get.

    Each template check (:func:`missing_tags`) makes its own subclass with its own ``missing``, so
    two checks never share what they found."""

    missing: set[str]

    def _record(self) -> None:
        name = self._undefined_name
        obj = self._undefined_obj
        if name is None:
            return
        owner = getattr(obj, "_path", None)
        type(self).missing.add(f"{owner}.{name}" if owner else str(name))

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self):
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False


def missing_tags(
    template: Path, context: Mapping[str, Any], chart_specs: Mapping[str, object | None], limits: Limits | None = None
) -> list[str]:
    """Tags of ``template`` that the context does not provide (reportgen template-check)."""
    tpl = _open_template(template)
    full = dict(context)
    full["charts"] = chart_context(tpl, chart_specs)
    recorder = type("Recorder", (_Recorder,), {"missing": set()})
    env = jinja_env.__wrapped__(recorder)  # this check's own environment: its recorder is its own
    with guarded(template, tpl, limits):
        tpl.render(_Tracked.wrap(full, ""), env, autoescape=True)
    return sorted(recorder.missing)


class _Tracked(dict):
    """A dict that knows its dotted path, so a missing attribute is reported as ``a.b.c``."""

    _path = ""

    @classmethod
    def wrap(cls, value: Any, path: str) -> Any:
        if isinstance(value, Mapping) and not isinstance(value, _Tracked):
            tracked = cls({k: cls.wrap(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()})
            tracked._path = path
            return tracked
        if isinstance(value, list):
            return [cls.wrap(v, f"{path}[]") for v in value]
        return value

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None
