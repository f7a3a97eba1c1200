"""第四部分 其他需要说明的情况, 第五部分 名词解释, 第六部分 附件."""

from __future__ import annotations

from ..glossary import chinese_number
from ..wording import sentence
from .base import Ctx
from .part3_general import function_path


def other_notes(ctx: Ctx) -> dict[str, object]:
    notes = [sentence(n) for n in ctx.model.other_notes if n.strip()]
    return {"notes": notes, "empty_note": "" if notes else "本单位无其他需要说明的情况。"}


def glossary_terms(ctx: Ctx) -> dict[str, object]:
    """名词解释: the region's list, with the input's replacements, additions and removals
    (presentation.glossary; null removes a term), numbered afresh; ``{functions}`` lists the
    类/款/项 lines actually used."""
    overrides = ctx.model.presentation.glossary
    level = ctx.model.unit.fiscal_level
    listed = [(t.term, t.text) for t in ctx.region.glossary]
    known = {term for term, _ in listed}
    listed += [(term, sentence(text)) for term, text in overrides.items() if term not in known and text]
    terms = []
    for term, text in listed:
        if term in known and term in overrides:
            if overrides[term] is None:
                continue
            text = overrides[term]
        number = len(terms) + 1
        label = f"（{chinese_number(number)}）" if ctx.region.numbering.glossary == "（一）" else f"{chinese_number(number)}、"
        lines: list[str] = []
        if text.strip() == "{functions}":
            text = ""
            lines = [f"{i}.{function_path(ctx, row)}" for i, row in enumerate(ctx.accounts.items, start=1)]
        else:
            text = text.replace("{level}", level)
        terms.append({"heading": f"{label}{term}：{text}" if text else f"{label}{term}", "lines": lines})
    return {"terms": terms}


def annexes(ctx: Ctx) -> dict[str, object]:
    """第六部分 附件: the self-evaluation reports published with the accounts."""
    unit, year = ctx.model.unit, ctx.year
    titles = [f"{year}{unit.name}部门整体支出绩效自评报告"]
    titles += [f"{year}{p.name}项目绩效自评报告" for p in ctx.model.performance.projects]
    return {"titles": [f"{chinese_number(i)}、{t}" if i < 100 else t for i, t in enumerate(titles, start=1)]}
