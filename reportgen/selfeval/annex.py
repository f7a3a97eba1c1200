"""第六部分 附件 of the 部门决算 report: the same self-evaluation documents, written after the
part heading by the writer the standalone documents use."""

from __future__ import annotations

from collections.abc import Callable

from .. import regions
from ..accounts import Accounts
from ..model import FinalAccounts
from .blocks import write_blocks
from .evaluate import Evaluation, evaluate
from .reports import annex_blocks


def annex_writer(model: FinalAccounts, acc: Accounts, ev: Evaluation | None = None, *, splice: bool = False) -> Callable[[object], None]:
    """A render postprocess that appends the annexes to the rendered document (``ev``: the
    render's evaluation, computed once; ``splice``: their tables' XML goes straight into the
    document's bytes, see ``blocks.write_blocks``)."""
    ev = ev or evaluate(model)
    blocks = annex_blocks(acc.year, model.unit.name, ev, acc, model.performance.evaluation_work, regions.percent_places(model),
                          model.unit.display_name, model.unit.report_date, model.performance.annex_headings)

    def write(docx) -> None:
        if blocks:
            write_blocks(docx, blocks, splice=splice)

    return write
