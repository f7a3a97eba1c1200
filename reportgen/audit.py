"""表文一致: read a report's text back and recompute every figure it states (domain.md §5.10).

The text (a .docx we or someone else wrote, or a plain-text extraction of a published report) is
normalised — whitespace removed, so "905.3 万元" and a number broken over two lines read as one —
and cut into events: the known subjects of each section of 第三部分 (收、支总计, 财政拨款收入,
一般公共服务支出（类）, 公务接待费 …) and the figures (X万元, X%). A figure belongs to the last
subject named before it, and the few characters just before it say what it is: 年初预算为 → the
budget, 增加/减少 → the change, 增长/下降 → the growth rate, 完成…的 → the completion rate, 占 → a
share, nothing → the subject's own value. Figures whose context is not recognised are left alone,
so the audit reports disagreements rather than guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import glossary
from .accounts import Accounts
from .diagnostics import InputError, Issue, Severity, Source
from .figures import change, completion, share, shares
from .loader import decode_text, read_text
from .money import quantize

ZERO = Decimal(0)

SECTIONS = {
    "财政拨款收入支出决算总体情况说明": "fiscal",
    "收入支出决算总体情况说明": "overview",
    "收入决算情况说明": "income",
    "支出决算情况说明": "expenditure",
    "一般公共预算财政拨款支出决算情况说明": "general_budget",
    "一般公共预算财政拨款基本支出决算情况说明": "basic",
    "政府性基金预算财政拨款收入支出决算情况说明": "gov_fund",
    "国有资本经营预算财政拨款支出决算情况说明": "state_capital",
    "国有资本经营预算财政拨款收入支出决算情况说明": "state_capital",
    "财政拨款“三公”经费支出决算情况说明": "three_public",
    "机关运行经费支出说明": "operating_expenses",
    "政府采购支出说明": "procurement",
    "国有资产占用情况说明": "assets",
    "预算绩效情况说明": "performance",
    "财政专项支出、专项转移支付支出情况说明": "special",
    # the Shanghai profile's sections (reportgen/regions/shanghai.yaml)
    "预算绩效管理情况": "performance_figures",
    "其他重要事项的情况说明": "other_matters",
    "其他重要事项说明": "other_matters",
}
_HEADING = re.compile(
    "[一二三四五六七八九十]+、(" + "|".join(sorted(map(re.escape, SECTIONS), key=len, reverse=True)) + ")"
)
_PART = re.compile("第[四五六]部分")
_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(万元|%|％)")
PLACEHOLDERS = re.compile(r"XX|ＸＸ|××|待填|【待补充[^】]*】|(?<![A-Za-z\d])[XＸ](?:万元|%|％)")
DRAFT_PLACEHOLDER = re.compile(r"【待补充[^】]*】")
UP_WORDS = ("增加", "增长", "上升")
DOWN_WORDS = ("减少", "下降", "降低")


@dataclass
class Subject:
    """What the text may say about one quantity."""

    name: str
    value: Decimal | None = None
    prior: Decimal | None = None
    budget: Decimal | None = None
    shares: tuple[Decimal, ...] = ()  # acceptable printed shares (exact and largest-remainder)
    share_base_zero: bool = False
    full_budget: Decimal | None = None  # 全年预算 where it differs from ``budget`` (年初预算)


@dataclass
class Audit:
    issues: list[Issue] = field(default_factory=list)
    checked: int = 0  # figures recognised and recomputed


def _norm(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace("％", "%")


def _label(text: str) -> str:
    return re.escape(_norm(text))


def _subjects(acc: Accounts, places: int) -> dict[str, list[tuple[str, Subject]]]:
    """Per section: (label regex, subject)."""
    model, prior = acc.model, acc.model.prior_year
    out: dict[str, list[tuple[str, Subject]]] = {}

    def with_shares(names: list[str], values: list[Decimal], base: Decimal) -> list[tuple[str, Subject]]:
        rounded = shares(values, places) or [None] * len(values)
        found = []
        for name, value, lr in zip(names, values, rounded, strict=True):
            exact = share(value, base)
            options = tuple(x for x in (lr, exact) if x is not None)
            found.append((_label(name), Subject(name, value, shares=options, share_base_zero=not base)))
        return found

    out["overview"] = [(_label("收、支总计") + "|收入支出总计", Subject("收、支总计", acc.total_income_side, prior.total))]
    income_keys = ("superior_subsidy", "business", "operating", "affiliated", "other")
    out["income"] = [(_label("收入合计"), Subject("收入合计", acc.income_total, prior.income_total))] + with_shares(
        ["财政拨款收入"] + [glossary.INCOME_SOURCES[k] for k in income_keys],
        [acc.fiscal_income_total] + [acc.income[k] for k in income_keys],
        acc.income_total,
    )
    out["expenditure"] = [(_label("支出合计"), Subject("支出合计", acc.spending_total, prior.expenditure_total))] + with_shares(
        list(glossary.SPENDING_TYPES.values()), [acc.spending[k] for k in glossary.SPENDING_TYPES], acc.spending_total
    )
    out["fiscal"] = [(
        _label("财政拨款收、支总计") + "|财政拨款收入支出总计",
        Subject("财政拨款收、支总计", acc.fiscal_total_income_side, prior.fiscal_total),
    )]
    for fund in glossary.FISCAL_FUNDS:
        name = glossary.INCOME_SOURCES[fund]
        out["fiscal"].append((_label(name), Subject(name, acc.fiscal_income[fund], getattr(prior.fiscal_income, fund) if prior.fiscal_income else None)))

    gb = acc.general_budget_total
    exact = share(gb, acc.spending_total)
    general = [(
        _label("一般公共预算财政拨款支出"),
        Subject("一般公共预算财政拨款支出", gb, prior.general_budget_expenditure, acc.general_budget_initial,
                shares=(exact,) if exact is not None else (), share_base_zero=not acc.spending_total),
    )]
    classes = [row for row in acc.classes if row.gb_total]
    for (_, subject), row in zip(
        with_shares([row.name for row in classes], [row.gb_total for row in classes], gb), classes, strict=True
    ):
        short = row.name.removesuffix("支出")
        subject.budget = row.gb_initial_budget
        general.append((_label(short) + "(?:支出)?", subject))
    fulls = [item.general_budget.full_budget for item in model.functions]
    if any(f is not None for f in fulls):
        general[0][1].full_budget = sum((f if f is not None else item.general_budget.initial_budget
                                         for f, item in zip(fulls, model.functions, strict=True)), ZERO)
    for row in acc.items:
        if row.gb_total or row.gb_initial_budget:
            full = model.functions[acc.items.index(row)].general_budget.full_budget
            general.append((_label(f"{row.name}（项）"), Subject(row.name, row.gb_total, budget=row.gb_initial_budget, full_budget=full)))
    out["general_budget"] = general

    basic = [
        (_label("一般公共预算财政拨款基本支出"), Subject("基本支出", acc.personnel_total + acc.public_total)),
        (_label("人员经费"), Subject("人员经费", acc.personnel_total)),
        (_label("公用经费"), Subject("公用经费", acc.public_total)),
    ]
    basic += [(_label(line.name), Subject(line.name, line.amount)) for line in acc.personnel + acc.public]
    out["basic"] = basic

    fund = acc.gov_fund
    out["gov_fund"] = [
        (_label("年初结转和结余"), Subject("年初结转和结余", fund.carry_begin)),
        (_label("本年收入"), Subject("本年收入", fund.income)),
        (_label("本年支出"), Subject("本年支出", fund.spending)),
        (_label("年末结转和结余"), Subject("年末结转和结余", fund.carry_end)),
    ]
    out["state_capital"] = [(_label("本年支出"), Subject("本年支出", acc.state_capital.spending))]

    tp = acc.three_public
    three = [(r"“?三公”?经费(?:财政拨款支出)?", Subject("“三公”经费", tp["total"].actual, tp["total"].prior, tp["total"].budget))]
    for key in ("outbound", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"):
        t = tp[key]
        label = _label(glossary.THREE_PUBLIC[key])
        if key in ("vehicle", "vehicle_operation"):  # Shanghai: 运行维护费
            label += "|" + _label(glossary.THREE_PUBLIC[key].replace("运行费", "运行维护费"))
        three.append((label, Subject(glossary.THREE_PUBLIC[key], t.actual, t.prior, t.budget)))
    reception = model.three_public.reception
    for part, key in ((reception.foreign, "reception_foreign"), (reception.domestic, "reception_domestic")):
        three.append((_label(glossary.THREE_PUBLIC[key]), Subject(glossary.THREE_PUBLIC[key], part.actual, part.prior)))
    out["three_public"] = three

    oe = model.operating_expenses
    base = oe.budget if oe.compare_to == "budget" else oe.prior
    out["operating_expenses"] = [(_label("机关运行经费"), Subject("机关运行经费", acc.operating_expenses_actual, base))]

    p = model.procurement
    total, sme = acc.procurement_total, acc.procurement_sme
    procurement = [
        (_label("政府采购支出总额"), Subject("政府采购支出总额", total)),
        (_label("授予中小企业合同金额"), Subject("授予中小企业合同金额", sme, shares=_one(share(sme, total)), share_base_zero=not total)),
        (_label("授予小微企业合同金额"), Subject("授予小微企业合同金额", p.small_micro, shares=_one(share(p.small_micro, sme)), share_base_zero=not sme)),
    ]
    for key, label in glossary.PROCUREMENT_KINDS.items():
        kind = getattr(p, key)
        procurement.append((_label(f"政府采购{label}支出"), Subject(f"政府采购{label}支出", kind.total)))
        procurement.append((
            _label(f"{label}采购授予中小企业合同金额"),
            Subject(f"{label}采购中小企业", None, shares=_one(share(kind.sme, kind.total)), share_base_zero=not kind.total),
        ))
    out["procurement"] = procurement
    # Shanghai: 政府采购金额 by kind and the reserved-project amounts
    shanghai_procurement = [(_label("政府采购金额（以合同签订为准）"), Subject("政府采购金额", total))]
    for key, label in glossary.PROCUREMENT_KINDS.items():
        shanghai_procurement.append((_label(f"{label}采购金额"), Subject(f"{label}采购金额", getattr(p, key).total)))
    if p.reserved is not None:
        r = p.reserved
        shanghai_procurement += [
            (_label("面向中小企业预留政府采购项目预算金额"), Subject("面向中小企业预留项目预算金额", r.sme_budget)),
            (_label("面向小微企业预留政府采购项目预算金额"), Subject("面向小微企业预留项目预算金额", r.small_micro_budget)),
            (r"在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额", Subject("预留项目授予中小企业", r.sme_awarded)),
            (r"在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额", Subject("预留项目授予小微企业", r.small_micro_awarded)),
            (r"在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额", Subject("其他项目授予中小企业", r.other_sme_awarded)),
        ]

    projects = model.performance.projects
    covered = sum((pr.actual for pr in projects), ZERO)
    if model.performance.covers_all_projects:
        covered = acc.general_budget_project
    perf = [(r"涉及项目\d+个，资金", Subject("项目绩效自评资金", covered, shares=_one(share(covered, acc.general_budget_project)),
                                        share_base_zero=not acc.general_budget_project))]
    for pr in projects:
        perf.append((_label(pr.name), Subject(pr.name, pr.actual, budget=pr.budget)))
    out["performance"] = perf
    summary = model.performance.summary
    figures = []
    if summary is not None:
        for pattern, name, group in (
            ("编报绩效目标", "编报绩效目标的项目金额", summary.targets),
            ("绩效跟踪评价", "绩效跟踪评价的项目金额", summary.tracking),
            ("绩效自评", "绩效自评的项目金额", summary.self_evaluation),
        ):
            figures.append((rf"{pattern}的\d+年度项目\d+个，涉及预算金额", Subject(name, group.amount)))
    out["performance_figures"] = figures
    out["other_matters"] = out["operating_expenses"] + shanghai_procurement + out.get("assets", [])
    out["special"] = [(_label(item.name), Subject(item.name, item.amount)) for item in model.special_transfers]
    return out


def _one(value: Decimal | None) -> tuple[Decimal, ...]:
    return (value,) if value is not None else ()


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


@dataclass
class _Text:
    """Normalised text with, for each character, the line (or paragraph) it came from."""

    text: str
    lines: list[int]


def _normalise(paragraphs: list[str], separate: bool) -> _Text:
    """Drop all whitespace (a text extraction breaks lines inside words and numbers); real
    paragraphs (``separate``) stay apart with a newline so a number cannot run into the next."""
    chars: list[str] = []
    lines: list[int] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        kept = "".join(_norm(paragraph).split())  # str.split(): the characters str.isspace() finds
        chars.append(kept)
        lines.extend([number] * len(kept))
        if separate:
            chars.append("\n")
            lines.append(number)
    return _Text("".join(chars), lines)


def read_report(path: Path, is_docx: bool | None = None) -> list[str]:
    """Paragraphs of a .docx (body text), or lines of a text file."""
    if is_docx is None:
        is_docx = path.suffix.lower() == ".docx"
    if is_docx:
        import docx

        try:
            document = docx.Document(str(path))
        except Exception:  # not a Word file, damaged zip: python-docx's own words are English
            message = "无法作为 Word 文档（.docx）打开：文件不是 .docx 格式或已损坏；请在 Word/WPS 中另存为 .docx 后再核对"
            raise InputError("", [Issue("audit.unreadable", Severity.ERROR, message, Source(str(path)))]) from None
        return document_paragraphs(document)
    # A text extraction breaks lines anywhere (even inside a number): read it as one paragraph
    # per line; the normalisation joins them.
    return read_text(path).splitlines()


def document_paragraphs(document) -> list[str]:
    """Body paragraphs of a python-docx Document, as the audit reads them (``Paragraph.text``,
    read with lxml: the self-check of every render reads them)."""
    from .docx_xml import body_paragraph_texts

    return body_paragraph_texts(document)


# Sections whose subjects hold for one sentence only (each project summary names its project; a
# figure after an unrecognised project name must not be read as the previous project's).
SENTENCE_SCOPED = {"performance", "special"}


def audit_text(
    paragraphs: list[str],
    acc: Accounts,
    file: str = "",
    *,
    allow_draft: bool = False,
    paragraphs_are_real: bool = True,
    subjects_of=None,
) -> Audit:
    """Recompute every recognised figure of ``paragraphs`` from ``acc``; list disagreements.
    ``subjects_of(acc, places)`` gives what each section may state (the report kind's audit
    subjects; the 部门决算's by default)."""
    places = acc.model.presentation.percent_places
    if places is None:  # a 部门决算 prints its region's places unless the input sets its own
        from . import regions

        places = regions.percent_places(acc.model)
    subjects = (subjects_of or _subjects)(acc, places)
    norm = _normalise(paragraphs, paragraphs_are_real)
    text = norm.text
    result = Audit()

    def issue(rule: str, message: str, start: int, end: int, section: str) -> None:
        left = max(0, start - 18)
        excerpt = text[left:end].replace("\n", "")
        result.issues.append(
            Issue(rule, Severity.ERROR, f"{message}（原文：…{excerpt}）", Source(file, section, norm.lines[min(start, len(norm.lines) - 1)]))
        )

    for m in PLACEHOLDERS.finditer(text):
        if allow_draft and m.group().startswith("【待补充"):
            continue
        issue("audit.placeholder", f"残留占位符“{m.group()}”", m.start(), m.end(), "")

    # split the text at the section headings of 第三部分; 第四部分 onwards is not audited
    bounds: list[tuple[int, int, str, str]] = []
    headings = list(_HEADING.finditer(text))
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        part = _PART.search(text, h.end(), end)
        bounds.append((h.end(), part.start() if part else end, SECTIONS[h.group(1)], h.group(0)))

    for start, end, key, title in bounds:
        labels = subjects.get(key, [])
        if not labels:
            continue
        pattern = re.compile("|".join(f"(?P<s{i}>{rx})" for i, (rx, _) in enumerate(labels)))
        events: list[tuple[int, int, object]] = []
        pos = start
        while (m := pattern.search(text, pos, end)) is not None:
            index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            events.append((m.start(), m.end(), labels[index][1]))
            pos = max(m.end(), m.start() + 1)
        # a longer label wins over a shorter one found at the same place (regex order is input order)
        events = _longest(events)
        for f in _FIGURE.finditer(text, start, end):
            events.append((f.start(), f.end(), f))
        events.sort(key=lambda e: (e[0], -e[1]))
        current: Subject | None = None
        previous_end = subject_end = start
        for s, e, what in events:
            if isinstance(what, Subject):
                # "占政府采购支出总额的X%": a label after 占 is the denominator, not the subject
                if s >= previous_end and text[s - 1 : s] != "占":
                    current = what
                    previous_end = subject_end = e
                continue
            lead = text[previous_end:s].replace("\n", "")
            previous_end = e
            if current is None or (key in SENTENCE_SCOPED and "。" in text[subject_end:s]):
                continue

            def report(rule: str, msg: str, s: int = s, e: int = e, title: str = title) -> None:
                issue(rule, msg, s, e, title)

            if _check_figure(current, what, lead, result, report):
                result.checked += 1
    return result


def _longest(events: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    events.sort(key=lambda e: (e[0], -(e[1] - e[0])))
    kept: list[tuple[int, int, object]] = []
    for event in events:
        if kept and event[0] < kept[-1][1]:
            continue
        kept.append(event)
    return kept


def _direction(lead: str) -> str | None:
    tail = lead[-4:]
    for word in UP_WORDS:
        if tail.endswith(word):
            return "up"
    for word in DOWN_WORDS:
        if tail.endswith(word):
            return "down"
    return None


def _check_figure(subject: Subject, figure: re.Match[str], lead: str, result: Audit, report) -> bool:
    """Compare one figure with the data; True when its context was recognised."""
    written_text = figure.group(1).replace(",", "")
    written = Decimal(written_text)
    is_percent = figure.group(2) != "万元"
    direction = _direction(lead)
    name = subject.name
    if not is_percent:
        if direction is not None:
            if subject.value is None or subject.prior is None:
                return False
            ch = change(subject.value, subject.prior)
            diff = ch.current - ch.prior
            if not diff:
                report("audit.direction", f"{name}与比较数相同（{ch.current}），不应写作“{lead[-2:]}{written_text}万元”，应写“持平”或“无此项”")
                return True
            actual_dir = "up" if diff > 0 else "down"
            if actual_dir != direction:
                word = "增加" if actual_dir == "up" else "减少"
                report("audit.direction", f"{name}实际{word}{abs(diff)}万元，正文写作“{lead[-2:]}”")
            elif written != abs(diff):
                report("audit.amount", f"{name}的变动额写作 {written_text} 万元，数据为 {abs(diff)} 万元")
            return True
        if re.search(r"预算(?:数)?为$", lead):
            budget = subject.full_budget if "全年预算" in lead[-6:] and subject.full_budget is not None else subject.budget
            if budget is None:
                return False
            _amount(report, f"{name}的预算数", written, written_text, budget)
            return True
        if re.search(r"(?:决算|执行数)为?$", lead):
            if subject.value is None:
                return False
            _amount(report, f"{name}的决算数", written, written_text, subject.value)
            return True
        if len(lead) <= 6 and subject.value is not None and not re.search(r"[，。；：比较占]", lead):
            _amount(report, name, written, written_text, subject.value)
            return True
        return False
    # percentages
    if direction is not None:
        if subject.value is None or subject.prior is None:
            return False
        ch = change(subject.value, subject.prior)
        if not ch.prior:
            report("audit.zero_base", f"{name}上年为0，不能写增长率“{lead[-2:]}{written_text}%”（应写“上年无此项支出，不具可比性”）")
            return True
        if ch.rate is None:
            return False
        diff = ch.current - ch.prior
        if not diff:
            report("audit.direction", f"{name}与比较数相同，不应写“{lead[-2:]}{written_text}%”，应写“持平”")
            return True
        actual_dir = "up" if diff > 0 else "down"
        if actual_dir != direction:
            report("audit.direction", f"{name}实际{'增长' if actual_dir == 'up' else '下降'}，正文写作“{lead[-2:]}”")
        else:
            _percent(report, f"{name}的变动率", written, written_text, (ch.rate,))
        return True
    if "完成" in lead and lead.endswith(("的", "预算")):
        budget = subject.full_budget if "全年预算" in lead and subject.full_budget is not None else subject.budget
        if budget is None or subject.value is None:
            return False
        co = completion(subject.value, budget)
        if co.rate is None:
            report("audit.zero_budget", f"{name}预算为0，不能写完成率“{written_text}%”（应写未安排预算）")
            return True
        _percent(report, f"{name}的预算完成率", written, written_text, (co.rate,))
        return True
    if "占" in lead:
        if subject.share_base_zero:
            report("audit.zero_base", f"{name}所占比例的基数为0，不能写“{written_text}%”")
            return True
        if not subject.shares:
            return False
        _percent(report, f"{name}所占比例", written, written_text, subject.shares)
        return True
    return False


def _amount(report, label: str, written: Decimal, written_text: str, expected: Decimal) -> None:
    if written != quantize(expected, 2):
        report("audit.amount", f"{label}写作 {written_text} 万元，数据为 {quantize(expected, 2)} 万元")


def _percent(report, label: str, written: Decimal, written_text: str, options: tuple[Decimal, ...]) -> None:
    places = _places(written_text)
    if any(written == quantize(option, places) for option in options):
        return
    report("audit.percent", f"{label}写作 {written_text}%，数据为 {quantize(options[-1], max(places, 1))}%")


def audit_report(
    report: str | Path | bytes,
    acc: Accounts,
    *,
    allow_draft: bool = False,
    is_docx: bool | None = None,
    name: str | None = None,
    subjects_of=None,
) -> Audit:
    """Audit a .docx or plain-text report, a path or its bytes named ``name`` (``is_docx``
    overrides the guess from the suffix)."""
    paragraphs, file, is_docx = report_paragraphs(report, name, is_docx)
    return audit_text(paragraphs, acc, file, allow_draft=allow_draft, paragraphs_are_real=is_docx, subjects_of=subjects_of)


def report_paragraphs(report: str | Path | bytes, name: str | None = None, is_docx: bool | None = None) -> tuple[list[str], str, bool]:
    """(paragraphs, file name, is_docx) of a report given as a path or as bytes named ``name``."""
    path = Path(name or "报告.docx") if isinstance(report, bytes) else Path(report)
    if is_docx is None:
        is_docx = path.suffix.lower() == ".docx"
    if isinstance(report, bytes):
        paragraphs = _docx_paragraphs(report, str(path)) if is_docx else decode_text(report, str(path)).splitlines()
    else:
        paragraphs = read_report(path, is_docx)
    return paragraphs, str(path), is_docx


def _docx_paragraphs(data: bytes, name: str) -> list[str]:
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # not a Word file, damaged zip
        raise InputError("", [Issue("audit.unreadable", Severity.ERROR, f"无法作为 Word 文档打开：{exc}", Source(name))]) from None
    return document_paragraphs(document)


__all__ = ["Audit", "audit_report", "audit_text", "document_paragraphs", "read_report", "report_paragraphs"]
