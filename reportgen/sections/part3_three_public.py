"""第三部分 九: 财政拨款“三公”经费 (三公 completion is against 全年预算, domain.md §3)."""

from __future__ import annotations

from decimal import Decimal

from ..accounts import BudgetTriple, reception_parts
from ..figures import ChangeKind, CompletionKind, change, completion
from ..glossary import THREE_PUBLIC
from ..model import Reasons
from ..wording import (
    PLACEHOLDER,
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
                  prior_path: str = "", budget_path: str = "", actual_path: str = "") -> str:
    """<label>全年预算为X万元，支出决算为X万元，完成全年预算的X%。较上年增加X万元，增长X%。原因…

    Without the prior-year figure (None) the comparison is left out and the missing figure is a
    finding (``prior_path``), never taken for 0. Without the 决算数 the item's sentence is left
    out; without the 全年预算 it states the 决算数 alone (each a finding at its path)."""
    bare = label.removeprefix(year)
    if figures.actual is None:
        if actual_path:
            note_missing_figure(style, f"{year}{bare}决算数", actual_path)
        if figures.budget is None and budget_path:
            note_missing_figure(style, f"{year}{bare}全年预算数", budget_path)
        # left out; a draft shows where it goes (the total's own are its items')
        return f"{label}{PLACEHOLDER.format(what=f'{year}{bare}决算数')}。" if style.draft and actual_path else ""
    if figures.budget is None:
        if budget_path:
            note_missing_figure(style, f"{year}{bare}全年预算数", budget_path)
        text = f"{label}支出决算为{amount(figures.actual)}。"
        if figures.prior is None:
            if prior_path:
                note_missing_figure(style, f"上年{bare}决算数", prior_path)
            return text
        ch = change(figures.actual, figures.prior)
        if ch.kind is ChangeKind.NONE:
            return text + "上年亦无此项支出。"
        if ch.kind is ChangeKind.NEW:
            return text + f"较上年增加{amount(ch.amount)}（上年无此项支出，不具可比性）。"
        text += f"较上年{change_clause(ch, style)}。"
        if ch.kind is not ChangeKind.FLAT:
            verb = "增加" if ch.difference > 0 else "减少"
            text += reason(reasons.vs_prior, f"{label}较上年变动的主要原因", style, lead=f"决算数较上年{verb}的主要原因：", path=f"{path}.vs_prior")
        return text
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
    return figure_path(tp, key, "prior")


def figure_path(tp, key: str, column: str) -> str:
    """Where the missing ``column`` (budget, actual, prior) of a 三公 item goes: the item's field,
    or the first of its parts without it (公务用车: 购置, 运行; 公务接待 决算: 外宾, 国内)."""
    if key == "vehicle":
        return next((f"three_public.{k}.{column}" for k in ("vehicle_purchase", "vehicle_operation") if getattr(tp, k, None) is not None
                     and getattr(getattr(tp, k), column) is None), f"three_public.vehicle_operation.{column}")
    if key == "reception" and column == "actual":
        parts = reception_parts(tp.reception)
        return next((f"three_public.reception.{name}.actual" for name in ("foreign", "domestic")
                     if getattr(tp.reception, name) in parts and getattr(tp.reception, name).actual is None),
                    "three_public.reception.domestic.actual")
    if key in ("outbound", "reception", "vehicle_purchase", "vehicle_operation"):
        return f"three_public.{key}.{column}"
    raise KeyError(key)


def item_paths(tp, key: str) -> dict[str, str]:
    """The ``item_sentence`` paths of a 三公 item's missing figures."""
    return {"prior_path": figure_path(tp, key, "prior"), "budget_path": figure_path(tp, key, "budget"),
            "actual_path": figure_path(tp, key, "actual")}


def counted(style: Style, count: int | None, what: str, path: str, spent: Decimal | bool | None) -> bool:
    """Whether a count (团组、人次、辆、批次) of an item with spending ``spent`` is printed: a count
    is stated when the item spent anything; not given then, it is a finding and left out."""
    if count is None:
        if spent:
            note_missing_figure(style, what, path)
        return False
    return True


def list_numbers(items: list[str]) -> list[str]:
    """Items written "N.text": if any text starts with a digit, every "N." becomes "N．"."""
    bodies = [t.split(".", 1)[1] if t else "" for t in items]
    if not any(b[:1].isdigit() for b in bodies):
        return items
    return [f"{t.split('.', 1)[0]}．{b}" if t else "" for t, b in zip(items, bodies, strict=True)]


def three_public(ctx: Ctx) -> dict[str, object]:
    """九、财政拨款“三公”经费支出决算情况说明. A figure not given (None) is a finding and its
    clause is left out, never printed as 0."""
    tp, figures, style, year = ctx.model.three_public, ctx.accounts.three_public, ctx.style, ctx.year
    # the total's missing figures are its items': not named again
    overall = item_sentence(year, f"{year}“三公”经费财政拨款支出", figures["total"], tp.reasons, style, "three_public.reasons")

    outbound = tp.outbound
    text1 = item_sentence(year, THREE_PUBLIC["outbound"], figures["outbound"], outbound.reasons, style, "three_public.outbound.reasons",
                          **item_paths(tp, "outbound"))
    spent = figures["outbound"].actual
    if all([counted(style, outbound.groups, f"{year}出国（境）团组数", "three_public.outbound.groups", spent),
            counted(style, outbound.people, f"{year}出国（境）人次", "three_public.outbound.people", spent)]) and (outbound.groups or outbound.people):
        text1 += f"全年支出涉及出国（境）团组{outbound.groups}个，累计{outbound.people}人次"
        text1 += f"，主要用于开展以下工作：{outbound.purpose.rstrip('。')}。" if outbound.purpose else "。"
    text1 = "1." + text1 if text1 else ""

    purchase, operation = tp.vehicle_purchase, tp.vehicle_operation
    text2 = item_sentence(year, THREE_PUBLIC["vehicle"], figures["vehicle"], tp.vehicle_reasons, style, "three_public.vehicle_reasons",
                          **item_paths(tp, "vehicle"))
    text2 = "2." + text2 if text2 else ""
    if purchase.actual is None:
        sub1 = ""  # (a finding of the 公务用车 sentence above)
    elif purchase.actual:
        sub1 = f"（1）公务用车购置费支出{amount(purchase.actual)}"
        sub1 += f"，主要用于{purchase.purpose.rstrip('。')}" if purchase.purpose else ""
        sub1 += (f"。本年度购置（更新）公务用车{purchase.count}辆。"
                 if counted(style, purchase.count, f"{year}购置（更新）公务用车数", "three_public.vehicle_purchase.count", purchase.actual)
                 else "。")
    else:
        sub1 = "（1）本年度无公务用车购置费支出，未购置（更新）公务用车。"
    if operation.actual is None:
        sub2 = ""
    elif operation.actual:
        sub2 = f"（2）公务用车运行费支出{amount(operation.actual)}"
        sub2 += f"，主要用于{operation.purpose.rstrip('。')}。" if operation.purpose else "。"
    else:
        sub2 = "（2）本年度无公务用车运行费支出。"
    if ctx.required_figure(operation.stock, "开支财政拨款的公务用车保有量", "three_public.vehicle_operation.stock", prior=False) is not None:
        sub2 += f"截至{ctx.accounts.year}年12月31日，开支财政拨款的公务用车保有量为{operation.stock}辆。"

    reception = tp.reception
    text3 = item_sentence(year, THREE_PUBLIC["reception"], figures["reception"], reception.reasons, style, "three_public.reception.reasons",
                          **item_paths(tp, "reception"))
    text3 = "3." + text3 if text3 else ""
    reception_parts_text = []
    written = reception_parts(reception)
    for name, part, label, visitors_word in (
        ("foreign", reception.foreign, THREE_PUBLIC["reception_foreign"], "来访团组"),
        ("domestic", reception.domestic, THREE_PUBLIC["reception_domestic"], "国内来访团组"),
    ):
        if part not in written or (part.actual is not None and not part.actual and not part.batches):
            reception_parts_text.append(f"本年度无{label}。")
            continue
        if part.actual is None:
            continue  # (a finding of the 公务接待费 sentence above)
        line = f"{label}{amount(part.actual)}"
        line += f"，主要用于{part.purpose.rstrip('。')}" if part.purpose else ""
        where = f"three_public.reception.{name}"
        if all([counted(style, part.batches, f"{year}{label.removesuffix('支出')}批次", f"{where}.batches", True),
                counted(style, part.people, f"{year}{label.removesuffix('支出')}人次", f"{where}.people", True)]):
            line += f"。{ctx.accounts.year}年共接待{visitors_word}{part.batches}个、{part.people}人次（不包括陪同人员）"
        line += f"，来访对象主要是{part.visitors.rstrip('。')}。" if part.visitors else "。"
        reception_parts_text.append(line)
    if text3 and (figures["reception"].actual or reception.foreign.batches or reception.domestic.batches):
        text3 += "其中：" + "".join(reception_parts_text)

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
