"""第四部分 其他需要说明的情况, 第五部分 名词解释, 第六部分 附件."""

from __future__ import annotations

from ..glossary import GLOSSARY_TERMS, chinese_number
from ..wording import sentence
from .base import Ctx
from .part3_general import function_path


def other_notes(ctx: Ctx) -> dict[str, object]:
    notes = [sentence(n) for n in ctx.model.other_notes if n.strip()]
    return {"notes": notes, "empty_note": "" if notes else "本单位无其他需要说明的情况。"}


def glossary_terms(ctx: Ctx) -> dict[str, object]:
    """名词解释: the standard terms (overridable), with the 类/款/项 lines actually used."""
    overrides = ctx.model.presentation.glossary
    level = ctx.model.unit.fiscal_level
    terms = []
    for number, (term, text) in enumerate(GLOSSARY_TERMS, start=1):
        lines: list[str] = []
        if text == "functions":
            text = ""
            lines = [f"{i}.{function_path(ctx, row)}" for i, row in enumerate(ctx.accounts.items, start=1)]
        else:
            text = overrides.get(term, text).replace("{level}", level)
        terms.append({"heading": f"（{chinese_number(number)}）{term}：{text}" if text else f"（{chinese_number(number)}）{term}", "lines": lines})
    for term, text in overrides.items():
        if term not in dict(GLOSSARY_TERMS):
            terms.append({"heading": f"（{chinese_number(len(terms) + 1)}）{term}：{sentence(text)}", "lines": []})
    return {"terms": terms}


def annexes(ctx: Ctx) -> dict[str, object]:
    """第六部分 附件: the self-evaluation reports published with the accounts."""
    unit, year = ctx.model.unit, ctx.year
    titles = [f"{year}{unit.name}部门整体支出绩效自评报告"]
    titles += [f"{year}{p.name}项目绩效自评报告" for p in ctx.model.performance.projects]
    return {"titles": [f"{chinese_number(i)}、{t}" if i < 100 else t for i, t in enumerate(titles, start=1)]}
