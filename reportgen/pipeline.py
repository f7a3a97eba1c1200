"""The whole pipeline, top to bottom: load → validate → compute → check → build → render.

Each stage is one call; the functions below are what the CLI, the batch runner and library users
call. Findings are data (``Issue``); only the CLI turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .accounts import Accounts, compute
from .checks import CheckOptions, run_checks
from .determinism import document_time
from .diagnostics import CheckFailed, Issue, Severity, has_errors
from .loader import Document, load_document
from .model import FinalAccounts
from .render import default_template, missing_tags, render_template, save
from .sections import build_sections
from .validate import build_model


@dataclass
class Prepared:
    document: Document
    model: FinalAccounts
    accounts: Accounts
    issues: list[Issue] = field(default_factory=list)


def prepare(path: str | Path, options: CheckOptions | None = None) -> Prepared:
    """Load, validate, compute and check one input. Raises InputError if it cannot be read."""
    document = load_document(path)
    model = build_model(document)
    accounts = compute(model)
    issues = run_checks(accounts, document, options)
    return Prepared(document, model, accounts, issues)


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
    """Render the 部门决算 report of ``input_path`` into ``output`` (.docx).

    Refuses (CheckFailed) when the checks find errors, unless ``force``: the document is then
    marked as a draft.
    """
    prepared = prepare(input_path, options)
    if has_errors(prepared.issues):
        if not force:
            raise CheckFailed("检查发现错误，未生成报告（可用 --force 生成标注为草稿的文档）：", [
                i for i in prepared.issues if i.severity is Severity.ERROR
            ])
        draft = True
    context, charts = build_sections(prepared.accounts, draft=draft)
    tpl = render_template(Path(template) if template else default_template(), context, charts)
    unit = prepared.model.unit
    target = save(tpl, Path(output), document_time(unit.year, unit.report_date))
    return Rendered(prepared, target, draft)


def template_check(input_path: str | Path, template: str | Path | None = None) -> list[str]:
    """Tags the template asks for that the input's context does not provide."""
    prepared = prepare(input_path)
    context, charts = build_sections(prepared.accounts)
    return missing_tags(Path(template) if template else default_template(), context, charts)
