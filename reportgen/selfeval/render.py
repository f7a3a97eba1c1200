"""Write the self-evaluation documents: one .docx per project and one for the department.

Each document is its template (styles, page, title tag) filled by docxtpl, then the report's
blocks written after the title (``reportgen.kinds.selfeval``). Everything is rendered in memory
first and saved atomically afterwards, so a failing document leaves no new file behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Issue
from .evaluate import Evaluation

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_filename(name: str, limit: int = 120) -> str:
    """``name`` usable as a file name on every system: Chinese and （）、 kept, separators and
    reserved characters replaced by "_", no leading dot, at most ``limit`` characters."""
    cleaned = UNSAFE.sub("_", name).strip().lstrip(".")
    return cleaned[:limit] or "_"


@dataclass
class SelfEvalRun:
    evaluation: Evaluation
    outputs: list[Path] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def break_title(docx, title: str) -> None:
    """The template's title paragraph, broken into balanced lines (no lone last character)."""
    from .blocks import TITLE, TITLE_EMS, title_lines

    lines = title_lines(title, TITLE_EMS[TITLE])
    if lines == title:
        return
    for paragraph in docx.paragraphs:
        if paragraph.text == title:
            for run in paragraph.runs[1:]:
                run._r.getparent().remove(run._r)
            first, *rest = lines.split("\n")
            run = paragraph.runs[0]
            run.text = first
            for line in rest:
                run.add_break()
                run.add_text(line)
            return


def render_selfeval(input_path: str | Path, out_dir: str | Path, *, force: bool = False) -> SelfEvalRun:
    """Write every self-evaluation report of ``input_path`` into ``out_dir``, through the render
    service (kind ``selfeval``); every document is rendered before the first file is written.

    Refuses (CheckFailed) when an indicator cannot be scored, unless ``force``.
    """
    from ..service import RenderOptions, render, write_documents

    rendered = render(input_path, options=RenderOptions(kind="selfeval", force=force))
    run = SelfEvalRun(rendered.prepared.evaluation, issues=list(rendered.issues))
    run.outputs = write_documents(rendered, Path(out_dir))
    return run
