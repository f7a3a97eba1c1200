"""The standard sentences of domain.md §3, filled from figure results.

Direction words, zero bases and missing reasons are decided here and only here: an increase
reads 增加…增长, a decrease 减少…下降, equal values 持平, a prior year of 0 gives no rate
(never "增长100%"), a budget of 0 gives no completion rate (never "完成0%").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .figures import Change, ChangeKind, Completion, CompletionKind
from .money import Amount, Percent

ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Style:
    """Presentation choices a sentence depends on.

    ``missing``, when given, collects every ``reason()`` that had no text (``MissingReason``):
    the builders' own decision, so the warnings cannot drift from the sentences. Each build
    gives its own list; nothing is shared between two builds."""

    percent_places: int = 1
    draft: bool = False  # missing reasons become a visible 【待补充：…】 instead of being left out
    missing: list[MissingReason] | None = field(default=None, compare=False, hash=False, repr=False)
    region: Any = None  # the region profile (reportgen.regions.Region) whose wording is used

    def word(self, key: str, **values: object) -> str:
        """Sentence ``key`` in the region's wording (the default wording without a region)."""
        from .regions import fill
        from .regions.sentences import DEFAULTS

        if self.region is not None:
            return self.region.sentence(key, **values) or ""
        return fill(DEFAULTS[key] or "", values)


def amount(value: Decimal) -> str:
    return f"{Amount(value)}万元"


def percent(rate: Decimal, style: Style) -> str:
    return str(Percent(rate, style.percent_places))


PLACEHOLDER = "【待补充：{what}】"


@dataclass(frozen=True)
class MissingReason:
    """A sentence that needed a 主要原因 the input does not give: ``what`` names the sentence,
    ``path`` the input field that would hold it."""

    what: str
    path: str
    figure: bool = False  # a figure (not a reason) the sentence needs


def note_missing_figure(style: Style, what: str, path: str) -> None:
    """Record that a printed sentence needs a figure the input does not give."""
    if style.missing is not None:
        style.missing.append(MissingReason(what, path, figure=True))


def reason(text: str, what: str, style: Style, lead: str | None = None, path: str = "") -> str:
    """"主要原因是…。" from the input; when it is missing, nothing (or the draft placeholder)."""
    if lead is None:
        lead = style.word("reason.lead")
    text = text.strip().rstrip("。；;")
    if not text and style.missing is not None:
        style.missing.append(MissingReason(what, path))
    if text.startswith("一是") and lead.endswith("是"):
        lead = lead[:-1] + "："  # 主要原因：一是…；二是…
    if text:
        return f"{lead}{text}。"
    if style.draft:
        return f"{lead}{PLACEHOLDER.format(what=what)}。"
    return ""


def change_clause(ch: Change, style: Style) -> str:
    """增加X万元，增长X% / 减少X万元，下降X% / 持平 / 增加X万元（上年为0，不具可比性）."""
    if ch.kind is ChangeKind.UP:
        return f"增加{amount(ch.amount)}，增长{percent(ch.rate, style)}"
    if ch.kind is ChangeKind.DOWN:
        return f"减少{amount(ch.amount)}，下降{percent(ch.rate, style)}"
    if ch.kind is ChangeKind.FLAT:
        return "持平"
    if ch.kind is ChangeKind.NEW:
        return f"增加{amount(ch.amount)}（上年为0，不具可比性）"
    if ch.kind is ChangeKind.NOT_COMPARABLE:
        verb = "增加" if ch.difference > 0 else "减少"
        return f"{verb}{amount(ch.amount)}"
    return "均为0"


def needs_reason(ch: Change) -> bool:
    return ch.kind not in (ChangeKind.FLAT, ChangeKind.NONE)


def compared_sentence(
    subject: str, ch: Change, prior_label: str, why: str, what: str, style: Style, each: bool = False, path: str = ""
) -> str:
    """与2022年度相比，<subject>（各）增加X万元，增长X%。主要原因是…。"""
    if ch.kind is ChangeKind.FLAT:
        return style.word("compare.flat", subject=subject, prior_year=prior_label)
    if ch.kind is ChangeKind.NONE:
        return style.word("compare.none", subject=subject, prior_year=prior_label)
    joiner = style.word("compare.each") if each else ""
    return style.word("compare.change", subject=subject, each=joiner, change=change_clause(ch, style), prior_year=prior_label) + reason(
        why, what, style, path=path
    )


def completion_clause(co: Completion, budget_label: str, style: Style) -> str:
    """年初预算为X万元，支出决算为X万元，完成年初预算的X%."""
    if co.kind is CompletionKind.NONE:
        return f"{budget_label}为0，支出决算为0"
    if co.kind is CompletionKind.NO_BUDGET:
        return f"{budget_label[:2]}未安排预算，支出决算为{amount(co.actual)}"
    label = budget_label[:-1] if budget_label.endswith("数") else budget_label
    return style.word("completion.clause", label=budget_label, budget=amount(co.budget), actual=amount(co.actual),
                      target=label, rate=percent(co.rate, style))


def deviation_reason(
    co: Completion, budget_label: str, why: str, what: str, style: Style, sep: str = "的主要原因是", path: str = "",
    worded: bool = False,
) -> str:
    """决算数大于（小于）年初预算数的主要原因是…; equal values need no reason."""
    if co.kind is CompletionKind.EQUAL:
        return style.word("deviation.equal")
    if co.kind is CompletionKind.NONE:
        return ""
    if co.kind is CompletionKind.NO_BUDGET:
        return reason(why, what, style, lead=f"未安排预算而发生支出{sep}", path=path)
    relation = "大于" if co.kind is CompletionKind.OVER else "小于"
    if worded:
        return reason(why, what, style, lead=style.word("deviation.lead", relation=relation, budget=budget_label), path=path)
    return reason(why, what, style, lead=f"决算数{relation}{budget_label}{sep}", path=path)


def share_list(labels: Sequence[str], values: Sequence[Decimal], rates: Sequence[Decimal], of: str, style: Style) -> str:
    """财政拨款收入X万元，占本年收入X%；其他收入X万元，占本年收入X%."""
    parts = [f"{label}{amount(value)}，占{of}{percent(rate, style)}" for label, value, rate in zip(labels, values, rates, strict=True)]
    return "；".join(parts)


def enumerate_cn(items: Sequence[str]) -> str:
    """一是…；二是… (the seed's way of listing outputs, problems and measures)."""
    cleaned = [item.strip().rstrip("。；;") for item in items if item.strip()]
    if len(cleaned) == 1:
        return cleaned[0]
    return "；".join(f"{ORDINALS[i] if i < 10 else i + 1}是{text}" for i, text in enumerate(cleaned))


def numbered(items: Sequence[str]) -> list[str]:
    """1.… 2.… as separate paragraphs, each ending with 。."""
    out = []
    for i, text in enumerate(items, start=1):
        text = text.strip()
        if text and text[-1] not in "。！？；":
            text += "。"
        out.append(f"{i}.{text}")
    return out


def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？：" else text + "。"
