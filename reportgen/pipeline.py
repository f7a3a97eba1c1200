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


def render(
    input_path: str | Path,
    output: str | Path,
    *,
    template: str | Path | None = None,
    draft: bool = False,
    force: bool = False,
    options: CheckOptions | None = None,
) -> Rendered:
    """Render the report of ``input_path`` (its ``kind:``, the 部门决算 by default) into
    ``output`` (.docx; a folder for a kind of several documents), atomically.

    Refuses (CheckFailed) when the checks find errors, unless ``force``: the document is then
    marked as a draft.
    """
    result = service.render(
        input_path,
        options=service.RenderOptions(template=Path(template) if template else None, draft=draft, force=force, checks=options),
    )
    outputs = service.write_documents(result, Path(output))
    return Rendered(result.prepared, outputs[0] if len(outputs) == 1 else Path(output), result.draft)


def audit(report: str | Path, input_path: str | Path, options: CheckOptions | None = None):
    """Audit a report (.docx or plain text) against an input: (Prepared, Audit)."""
    return service.audit(report, input_path, options=options)


def template_check(input_path: str | Path, template: str | Path | None = None) -> list[str]:
    """Tags the template asks for that the input's context does not provide."""
    return service.template_check(input_path, template)


__all__ = ["Prepared", "Rendered", "audit", "highlight_placeholders", "load_model", "prepare", "render", "self_check", "template_check"]
