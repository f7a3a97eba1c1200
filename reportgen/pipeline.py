"""The whole pipeline, top to bottom: load → validate → compute → check → build → render.

The steps live in the render service (``reportgen.service``) and the report kinds
(``reportgen.kinds``); the functions below are the path-based calls the library's users know,
each one call into the service plus, for ``render``, the atomic write of the result. Findings are
data (``Issue``); only the CLI turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import service
from .checks import CheckOptions
from .kinds import Prepared
from .kinds.final_accounts import highlight_placeholders, self_check
from .loader import Document
from .model import FinalAccounts
from .outputs import check_report_suffix, document_inputs, refuse_inputs, report_target


def load_model(path: str | Path) -> tuple[Document, FinalAccounts]:
    """Read and validate one input (YAML, JSON or workbook), with the 绩效目标 file it names
    in performance.targets merged in. Raises InputError if it cannot be read."""
    document, _kind, model = service.load_model(path, kind="final_accounts")
    return document, model


def prepare(path: str | Path, options: CheckOptions | None = None) -> Prepared:
    """Load, validate, compute and check one input. Raises InputError if it cannot be read."""
    return service.prepare(path, options=options)


@dataclass
class Rendered:
    prepared: Prepared
    output: Path
    draft: bool
    outputs: list[Path]  # the files written: ``output`` itself, or the documents in that folder


def render(
    input_path: str | Path,
    output: str | Path,
    *,
    template: str | Path | None = None,
    draft: bool = False,
    force: bool = False,
    options: CheckOptions | None = None,
    toc_pages: bool = False,
) -> Rendered:
    """Render the report of ``input_path`` (its ``kind:``, the 部门决算 by default) into
    ``output`` (.docx or, through LibreOffice, .pdf; a folder for a kind of several documents),
    atomically.

    Refuses (CheckFailed) when the checks find errors, unless ``force``: the document is then
    marked as a draft. An output that is one of the inputs is refused (``reportgen.outputs``).
    ``toc_pages`` writes the 部门决算's 目录 page numbers (``reportgen.toc_pages``, needs LibreOffice).
    """
    output = Path(output)
    refuse_inputs(output, [("输入文件", input_path), ("模板", template)])
    if output.suffix:  # a file: .docx, or .pdf with LibreOffice present, checked before any work
        check_report_suffix(output)
    result = service.render(
        input_path,
        options=service.RenderOptions(template=Path(template) if template else None, draft=draft, force=force, checks=options),
    )
    if toc_pages:
        from .toc_pages import number_rendered

        number_rendered(result)
    refuse_inputs(output, document_inputs(result.prepared.document))  # and the 绩效目标 file it names
    if len(result.documents) == 1 and not result.documents[0].name:  # one document: .docx or .pdf
        with report_target(output) as docx:  # a .pdf: the .docx is converted once saved
            service.write_document(result.documents[0].data, docx)
        return Rendered(result.prepared, output, result.draft, [output])
    outputs = service.write_documents(result, output)  # several documents: into the folder ``output``
    return Rendered(result.prepared, output, result.draft, outputs)


def audit(report: str | Path, input_path: str | Path, options: CheckOptions | None = None):
    """Audit a report (.docx or plain text) against an input: (Prepared, Audit)."""
    return service.audit(report, input_path, options=options)


def template_check(input_path: str | Path, template: str | Path | None = None) -> list[str]:
    """Tags the template asks for that the input's context does not provide."""
    return service.template_check(input_path, template)


__all__ = ["Prepared", "Rendered", "audit", "highlight_placeholders", "load_model", "prepare", "render", "self_check", "template_check"]
