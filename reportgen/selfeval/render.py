"""Write the self-evaluation documents: one .docx per project and one for the department.

Each document is its template (styles, page, title tag) filled by docxtpl, then the report's
blocks written after the title. Everything is rendered in memory first and saved atomically
afterwards, so a failing document leaves no new file behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import CheckFailed, Issue, Severity, has_errors
from ..render import render_template, save
from ..resources import resource_path
from .blocks import Block, write_blocks
from .evaluate import Evaluation, evaluate
from .reports import department_document, department_title, project_document, project_title

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_filename(name: str, limit: int = 120) -> str:
    """``name`` usable as a file name on every system: Chinese and （）、 kept, separators and
    reserved characters replaced by "_", no leading dot, at most ``limit`` characters."""
    cleaned = UNSAFE.sub("_", name).strip().lstrip(".")
    return cleaned[:limit] or "_"


def project_template() -> Path:
    return resource_path("templates", "project_selfeval.docx")


def department_template() -> Path:
    return resource_path("templates", "department_selfeval.docx")


@dataclass
class SelfEvalRun:
    evaluation: Evaluation
    outputs: list[Path] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _render(template: Path, title: str, blocks: list[Block]):
    return render_template(template, {"doc": {"title": title}}, {}, postprocess=lambda docx: write_blocks(docx, blocks))


def render_selfeval(input_path: str | Path, out_dir: str | Path, *, force: bool = False) -> SelfEvalRun:
    """Write every self-evaluation report of ``input_path`` into ``out_dir``.

    Refuses (CheckFailed) when an indicator cannot be scored, unless ``force``.
    """
    from ..pipeline import final_accounts_only, prepare

    prepared = final_accounts_only(prepare(input_path))
    model, acc = prepared.model, prepared.accounts
    ev = evaluate(model, prepared.document.source)
    run = SelfEvalRun(ev, issues=list(prepared.issues))  # the checks include the evaluation's findings
    # the evaluation's findings and the 绩效目标 merge's (a target changed at year end)
    found = ev.issues + [i for i in prepared.document.issues if i.rule.startswith("selfeval.")]
    if has_errors(found) and not force:
        raise CheckFailed("绩效自评数据有错误，未生成报告：", [i for i in found if i.severity is Severity.ERROR])
    year, unit = acc.year, model.unit.name
    from .. import regions

    places = regions.percent_places(model)
    work = model.performance.evaluation_work
    out = Path(out_dir)
    pending = []
    if ev.department is not None:
        title = department_title(year, unit)
        blocks = department_document(year, unit, ev.department, acc, work)
        pending.append((_render(department_template(), title, blocks), out / f"00_{safe_filename(title)}.docx"))
    for r in ev.projects:
        title = project_title(year, r)
        blocks = project_document(year, unit, r, work, places)
        pending.append((_render(project_template(), title, blocks), out / f"{r.index + 1:02d}_{safe_filename(title)}.docx"))
    for tpl, target in pending:
        run.outputs.append(save(tpl, target))
    return run
