"""第三部分 九: 财政拨款“三公”经费 (三公 completion is against 全年预算, domain.md §3)."""

from __future__ import annotations

from ..accounts import BudgetTriple
from ..figures import ChangeKind, CompletionKind, change, completion
from ..glossary import THREE_PUBLIC
from ..model import Reasons
from ..wording import (
    Style,
    amount,
    change_clause,
    completion_clause,
    deviation_reason,
    note_missing_figure,
    reason,
)
from .base import Ctx


def item_sentence(year: str, label: str, figures: BudgetTriple, reasons: Reasons, style: Style, path: str = "",
                  prior_path: str = "") -> str:
    """<label>全年预算为X万元，支出决算为X万元，完成全年预算的X%。较上年增加X万元，增长X%。原因…

    Without the prior-year figure (None) the comparison is left out and the missing figure is a
    finding (``prior_path``), never taken for 0."""
    co = completion(figures.actual, figures.budget)
    if figures.prior is None:
        if prior_path:  # (the total's is not named again: its items' missing figures are)
            note_missing_figure(style, f"上年{label.removeprefix(year)}决算数", prior_path)
        if co.kind is CompletionKind.NONE:
            return f"{year}无{label.removeprefix(year)}预算和支出。"
        text = f"{label}{completion_clause(co, '全年预算', style)}。"
        return text + deviation_reason(co, "全年预算数", reasons.vs_budget, f"{label}决算数与全年预算数差异的主要原因", style,
                                       sep="的主要原因：", path=f"{path}.vs_budget")
    ch = change(figures.actual, figures.prior)
    if co.kind is CompletionKind.NONE and ch.kind is ChangeKind.NONE:
        # the overall label already starts with the year: said once ("2023年度无“三公”经费…")
        return f"{year}无{label.removeprefix(year)}预算和支出，上年亦无此项支出。"
    if co.kind is CompletionKind.NONE:
        text = f"{label}全年未安排预算，支出决算为0"
    else:
        text = f"{label}{completion_clause(co, '全年预算', style)}"
    if ch.kind is ChangeKind.NONE:
        text += "，上年无此项支出。"
    elif ch.kind is ChangeKind.NEW:
        text += f"。较上年增加{amount(ch.amount)}（上年无此项支出，不具可比性）。"
    else:
        text += f"。较上年{change_clause(ch, style)}。"
    text += deviation_reason(co, "全年预算数", reasons.vs_budget, f"{label}决算数与全年预算数差异的主要原因", style, sep="的主要原因：", path=f"{path}.vs_budget")
    if ch.kind not in (ChangeKind.FLAT, ChangeKind.NONE):
        verb = "增加" if ch.difference > 0 else "减少"
        text += reason(reasons.vs_prior, f"{label}较上年变动的主要原因", style, lead=f"决算数较上年{verb}的主要原因：", path=f"{path}.vs_prior")
    return text


def prior_path(tp, key: str) -> str:
    """Where the missing prior-year figure of a 三公 item goes (the first part without it)."""
    if key == "vehicle":
        return next((f"three_public.{k}.prior" for k in ("vehicle_purchase", "vehicle_operation") if getattr(tp, k).prior is None),
                    "three_public.vehicle_operation.prior")
    if key == "reception":
        return "three_public.reception.prior"
    if key == "outbound":
        return "three_public.outbound.prior"
    raise KeyError(key)


def list_numbers(items: list[str]) -> list[str]:
    """Items written "N.text": if any text starts with a digit, every "N." becomes "N．"."""
    bodies = [t.split(".", 1)[1] for t in items]
    if not any(b[:1].isdigit() for b in bodies):
        return items
    return [f"{t.split('.', 1)[0]}．{b}" for t, b in zip(items, bodies, strict=True)]


def three_public(ctx: Ctx) -> dict[str, object]:
    """九、财政拨款“三公”经费支出决算情况说明."""
    tp, figures, style, year = ctx.model.three_public, ctx.accounts.three_public, ctx.style, ctx.year
    overall = item_sentence(year, f"{year}“三公”经费财政拨款支出", figures["total"], tp.reasons, style, "three_public.reasons",
                            prior_path="")

    outbound = tp.outbound
    text1 = "1." + item_sentence(year, THREE_PUBLIC["outbound"], figures["outbound"], outbound.reasons, style, "three_public.outbound.reasons",
                                 prior_path="three_public.outbound.prior")
    if outbound.groups or outbound.people:
        text1 += f"全年支出涉及出国（境）团组{outbound.groups}个，累计{outbound.people}人次"
        text1 += f"，主要用于开展以下工作：{outbound.purpose.rstrip('。')}。" if outbound.purpose else "。"

    purchase, operation = tp.vehicle_purchase, tp.vehicle_operation
    text2 = "2." + item_sentence(year, THREE_PUBLIC["vehicle"], figures["vehicle"], tp.vehicle_reasons, style, "three_public.vehicle_reasons",
                                 prior_path=prior_path(tp, "vehicle"))
    if purchase.actual:
        sub1 = f"（1）公务用车购置费支出{amount(purchase.actual)}"
        sub1 += f"，主要用于{purchase.purpose.rstrip('。')}" if purchase.purpose else ""
        sub1 += f"。本年度购置（更新）公务用车{purchase.count}辆。"
    else:
        sub1 = "（1）本年度无公务用车购置费支出，未购置（更新）公务用车。"
    if operation.actual:
        sub2 = f"（2）公务用车运行费支出{amount(operation.actual)}"
        sub2 += f"，主要用于{operation.purpose.rstrip('。')}。" if operation.purpose else "。"
    else:
        sub2 = "（2）本年度无公务用车运行费支出。"
    sub2 += f"截至{ctx.accounts.year}年12月31日，开支财政拨款的公务用车保有量为{operation.stock}辆。"

    reception = tp.reception
    text3 = "3." + item_sentence(year, THREE_PUBLIC["reception"], figures["reception"], reception.reasons, style, "three_public.reception.reasons",
                                 prior_path="three_public.reception.prior")
    reception_parts = []
    for part, label, visitors_word in (
        (reception.foreign, THREE_PUBLIC["reception_foreign"], "来访团组"),
        (reception.domestic, THREE_PUBLIC["reception_domestic"], "国内来访团组"),
    ):
        if not part.actual and not part.batches:
            reception_parts.append(f"本年度无{label}。")
            continue
        line = f"{label}{amount(part.actual)}"
        line += f"，主要用于{part.purpose.rstrip('。')}" if part.purpose else ""
        line += f"。{ctx.accounts.year}年共接待{visitors_word}{part.batches}个、{part.people}人次（不包括陪同人员）"
        line += f"，来访对象主要是{part.visitors.rstrip('。')}。" if part.visitors else "。"
        reception_parts.append(line)
    if figures["reception"].actual or reception.foreign.batches or reception.domestic.batches:
        text3 += "其中：" + "".join(reception_parts)

    # "3.2023年度无公务接待费…" would read as the decimal 3.2023: when an item starts with a digit
    # the list is numbered with the full-width point (1．2．3．), the GB/T 9704 form.
    text1, text2, text3 = list_numbers([text1, text2, text3])
    return {
        "overall": overall,
        "outbound": text1,
        "vehicle": text2,
        "vehicle_lines": [sub1, sub2],
        "reception": text3,
    }
