"""表文一致: read a report's text back and recompute every figure it states (domain.md §5.10).

The text (a .docx we or someone else wrote, or a plain-text extraction of a published report) is
normalised — whitespace removed, so "905.3 万元" and a number broken over two lines read as one —
and cut into events: the known subjects of each section of 第三部分 (收、支总计, 财政拨款收入,
一般公共服务支出（类）, 公务接待费 …) and the figures (X万元, X%). A figure belongs to the last
subject named before it, and the few characters just before it say what it is: 年初预算为 → the
budget, 增加/减少 → the change, 增长/下降 → the growth rate, 完成…的 → the completion rate, 占 → a
share, nothing → the subject's own value. A figure whose context is not recognised is listed as
未核对, so the audit reports disagreements rather than guesses and says what it could not check.

Figures belong to their sentence's subject. A number inside words the department wrote — a
reason ("主要原因是…", "决算数小于预算数的主要原因：…"), a purpose ("主要用于…"), any text of
the input that holds a figure — is not the subject's figure: those spans are skipped. A 项 is never
taken for its 类 (the most specific label wins; a 类 name followed by a （款）/（项） marker is not
the 类; a 项 named with its 款, so two 行政运行 are two subjects; a 类 or 项 the input does not
know takes no figure). A text that states 全年预算 is compared with the 全年预算, 年初预算 with the
年初预算; a change with the budget or the prior year as its sentence names. Sections are found by
their headings — every shipped region profile's, the older wordings, and any numbered heading in
sequence (from 一 again in a later part), placed by its keywords.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import glossary
from .accounts import Accounts
from .diagnostics import InputError, Issue, Severity, Source
from .figures import change, completion, share, shares
from .loader import decode_text
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
    "预算绩效管理情况": "performance",
    "其他重要事项的情况说明": "other_matters",
    "其他重要事项说明": "other_matters",
}
# an unknown heading (another region's, another year's template) placed by its words, in order
_KEYWORDS = (
    ("三公", "three_public"), ("机关运行", "operating_expenses"), ("政府采购", "procurement"),
    ("国有资产", "assets"), ("其他重要事项", "other_matters"), ("绩效", "performance"),
    ("政府性基金", "gov_fund"), ("国有资本", "state_capital"), ("基本支出", "basic"),
    ("一般公共预算", "general_budget"), ("财政拨款收入支出", "fiscal"), ("财政拨款支出", "general_budget"),
    ("财政拨款收入", "fiscal"), ("专项", "special"),
    ("收入支出", "overview"), ("收入决算", "income"), ("支出决算", "expenditure"),
)
# a region profile's content block → the audit section whose subjects it states
_CONTENT_SECTIONS = {
    "overview": "overview", "income": "income", "expenditure": "expenditure", "fiscal": "fiscal",
    "general_budget": "general_budget", "basic": "basic", "gov_fund": "gov_fund",
    "state_capital": "state_capital", "three_public": "three_public", "operating_expenses": "operating_expenses",
    "procurement": "procurement", "assets": "assets", "performance": "performance", "special": "special",
}
_NUMERALS = "一二三四五六七八九十"
_ORDINAL = re.compile(f"([{_NUMERALS}]{{1,3}})、")
_PART = re.compile("第[一二三四五六七八九十]部分")
# parts without figures of the 情况说明 (their numbered items are not its sections)
_UNAUDITED_PART = re.compile(r"[：:\s]*(?:[^。\n]{0,20}?(?:名词解释|附件|附表|决算表|概况))")
# X万元, X元, X亿元, X%; also "X万" where a text drops the 元 before a bracket or a stop (国内公务
# 接待支出5万（含…）). An amount in 元 or 亿元 is compared in 万元 (the data's unit), at the coarser
# of the text's places and the data's (0.01万元): 9219600元 and 0.09亿元 both read 921.96万元.
_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(亿元|万元|元|%|％|万(?=[（，。；、]))")
# 万元 per unit of an amount as written
UNITS = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}
# every alternative begins with a character, not a look-behind: re then scans for the first
# characters instead of trying the whole pattern at every position of the report
PLACEHOLDERS = re.compile(r"XX|ＸＸ|××|待填|【待补充[^】]*】|[XＸ](?<![A-Za-z\d][XＸ])(?:万元|%|％)")
DRAFT_PLACEHOLDER = re.compile(r"【待补充[^】]*】")
# words the department wrote: from the lead to the end of the sentence (and the sentences that
# go on counting its points: 二是…, 此外…); "主要用于以下方面：" introduces the report's own figures
_OWN_WORDS = re.compile(
    r"(?:主要)?原因(?:分析)?(?:是|为)?[：:]|(?:主要)?原因(?:是|为)|主要(?:是)?用于(?!以下方面)"
    r"|主要(?:是)?(?:因为|由于)|(?<![理自])由于|因为"
    r"|主要产出和效益[：:]?|(?:下一步)?改进措施[：:]|主要(?:工作|做法|成效)[：:]"
)
# a reason's next sentence: 二是…, 此外…, or, in a reason listed by number (主要原因：1.…), its next
# point (（2）…, 2.…) unless that is the next 项 of the report (a numbered line naming a （类）/（项）)
_GOES_ON = re.compile(r"(?:[二三四五六七八九]是|其次|再次|此外|另外|最后)")
_NEXT_POINT = re.compile(r"[：:]?(?:（\d+）|\d+[、.．](?!\d))")
# 0 written for a quantity that is 0 of 0 (增加0万元 for 0 → 0, 完成预算的0% of a budget of 0 with
# nothing spent): the figure is not wrong, the wording is — a note, not an error
_WORDING = Severity.NOTE
UP_WORDS = ("增加", "增长", "上升", "增幅")
DOWN_WORDS = ("减少", "下降", "降低", "降幅")


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
    # ``budget`` is the 年初预算 of a subject that also has a 全年预算 (一般公共预算 and its 项):
    # a text stating 全年预算 is compared with ``full_budget`` only, never with the 年初预算
    has_full: bool = False
    rates: tuple[Decimal, ...] = ()  # a rate stated as the subject's own figure (资金执行率X%)
    # where each figure comes from in the input (value / prior / budget / full_budget): YAML paths
    origins: dict[str, str] = field(default_factory=dict)


@dataclass
class Audit:
    issues: list[Issue] = field(default_factory=list)
    checked: int = 0  # figures recognised and recomputed
    unchecked: list[Issue] = field(default_factory=list)  # figures it could not place (未核对)
    skipped: int = 0  # figures inside the department's own words (reasons, purposes), not the subject's


def _norm(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace("％", "%")


def _label(text: str) -> str:
    return re.escape(_norm(text))


# not followed, within the same name, by a （款） or （项） marker: then it is that 款's or 项's name
_NOT_LOWER_LEVEL = r"(?![^，。；：、（\n\d]{0,40}（(?:款|项)）)"


def _region_words(key: str, shipped: list) -> list[str]:
    """Every ``shipped`` profile's wording of sentence or label ``key`` (收、支总计 / 收入支出总计 …)."""
    from .regions.sentences import DEFAULTS

    # the same profile objects while their files are unchanged: remembered by identity, with the
    # profiles themselves, so that no id is reused
    remembered = _REGION_WORDS.get((key, *map(id, shipped)))
    if remembered is not None:
        return list(remembered[1])
    found: list[str] = []
    for region in shipped:
        text = region.labels.get(key) if "." in key and key.split(".")[0] in ("three_public", "vehicles") else None
        if text is None and key in DEFAULTS:
            text = region.sentences[key] if key in region.sentences else DEFAULTS[key]
        if text and "{" not in text and text not in found:
            found.append(text)
    if len(_REGION_WORDS) >= 64:
        _REGION_WORDS.clear()
    _REGION_WORDS[(key, *map(id, shipped))] = (shipped, tuple(found))
    return found


_REGION_WORDS: dict[tuple, tuple[list, tuple[str, ...]]] = {}


def _alternatives(*names: str) -> str:
    return "|".join(_label(n) for n in dict.fromkeys(names))


def _item_labels(acc: Accounts):
    """The label of a 项: "款名（款）项名（项）", and "项名（项）" alone only where no other 项 has
    its name (行政运行 under 人大事务 and under 政府办公厅 are two subjects)."""
    names = {row.code: row.name for row in acc.rows}
    counts = Counter(row.name for row in acc.items)

    def label(row) -> str:
        words = [f"{names.get(row.code[:5], '')}（款）{row.name}（项）"]
        if counts[row.name] == 1:
            words.append(f"{row.name}（项）")
        return _alternatives(*words)

    return label


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

    from . import regions

    shipped = regions.available("final_accounts")
    overview_words = ["收、支总计", "收入支出总计", *_region_words("overview.subject", shipped)]
    b = model.balances
    out["overview"] = [
        (_alternatives(*overview_words, "收入支出总体"),
         Subject("收、支总计", acc.total_income_side, prior.total, origins={"prior": "prior_year.total"})),
        # the wording that states each side with its rows (收入总计X万元，其中：本年收入合计…)
        (_label("收入总计"), Subject("收入总计", acc.total_income_side, prior.total, origins={"prior": "prior_year.total"})),
        (_label("支出总计"), Subject("支出总计", acc.total_spending_side, prior.total, origins={"prior": "prior_year.total"})),
        (_label("本年收入合计"), Subject("本年收入合计", acc.income_total, prior.income_total)),
        (_label("本年支出合计"), Subject("本年支出合计", acc.spending_total, prior.expenditure_total)),
        (_label("使用非财政拨款结余"), Subject("使用非财政拨款结余", b.non_fiscal_balance_used,
                                           origins={"value": "balances.non_fiscal_balance_used"})),
        (_label("年初结转和结余"), Subject("年初结转和结余", b.carry_begin, origins={"value": "balances.carry_begin"})),
        (_label("结余分配"), Subject("结余分配", b.balance_distribution, origins={"value": "balances.balance_distribution"})),
        (_label("年末结转和结余"), Subject("年末结转和结余", b.carry_end, origins={"value": "balances.carry_end"})),
    ]
    income_keys = ("superior_subsidy", "business", "operating", "affiliated", "other")
    out["income"] = [(_label("收入合计"), Subject("收入合计", acc.income_total, prior.income_total,
                                                 origins={"prior": "prior_year.income_total"}))] + with_shares(
        ["财政拨款收入"] + [glossary.INCOME_SOURCES[k] for k in income_keys],
        [acc.fiscal_income_total] + [acc.income[k] for k in income_keys],
        acc.income_total,
    )
    out["expenditure"] = [(_label("支出合计"), Subject("支出合计", acc.spending_total, prior.expenditure_total,
                                                   origins={"prior": "prior_year.expenditure_total"}))] + with_shares(
        list(glossary.SPENDING_TYPES.values()), [acc.spending[k] for k in glossary.SPENDING_TYPES], acc.spending_total
    )
    fiscal_words = ["财政拨款收、支总计", "财政拨款收入支出总计", *_region_words("fiscal.subject", shipped)]
    out["fiscal"] = [(
        _alternatives(*fiscal_words),
        Subject("财政拨款收、支总计", acc.fiscal_total_income_side, prior.fiscal_total, origins={"prior": "prior_year.fiscal_total"}),
    )]
    out["fiscal"] += [
        (_label("财政拨款收入总计"), Subject("财政拨款收入总计", acc.fiscal_total_income_side, prior.fiscal_total,
                                         origins={"prior": "prior_year.fiscal_total"})),
        (_label("财政拨款支出总计"), Subject("财政拨款支出总计", acc.fiscal_total_spending_side, prior.fiscal_total,
                                         origins={"prior": "prior_year.fiscal_total"})),
        (r"年初财政拨款结转和结余|年初结转和结余", Subject("年初财政拨款结转和结余", acc.fiscal_carry_begin_total)),
        (r"年末财政拨款结转和结余|年末结转和结余", Subject("年末财政拨款结转和结余", acc.fiscal_carry_end_total)),
    ]
    for fund in glossary.FISCAL_FUNDS:
        name = glossary.INCOME_SOURCES[fund]
        out["fiscal"].append((_label(name), Subject(
            name, acc.fiscal_income[fund], getattr(prior.fiscal_income, fund) if prior.fiscal_income else None,
            origins={"prior": f"prior_year.fiscal_income.{fund}"},
        )))

    gb = acc.general_budget_total
    exact = share(gb, acc.spending_total)
    general = [(
        _label("一般公共预算财政拨款支出"),
        Subject("一般公共预算财政拨款支出", gb, prior.general_budget_expenditure, acc.general_budget_initial,
                shares=(exact,) if exact is not None else (), share_base_zero=not acc.spending_total, has_full=True,
                origins={"prior": "prior_year.general_budget_expenditure"}),
    )]
    classes = [row for row in acc.classes if row.gb_total]
    for (_, subject), row in zip(
        with_shares([row.name for row in classes], [row.gb_total for row in classes], gb), classes, strict=True
    ):
        short = row.name.removesuffix("支出")
        subject.budget = row.gb_initial_budget
        subject.has_full = True
        # a 类 name that begins a 款 or 项 name ("城乡社区" in 城乡社区规划与管理（项）) is not the 类
        general.append((_label(short) + "(?:支出)?" + _NOT_LOWER_LEVEL, subject))
    # the 全年预算 in total: known when every 项 with a figure gives its own (as the text computes it)
    lines = [item.general_budget for item in model.functions]
    fulls = [line.full_budget for line in lines if line.basic or line.project or line.initial_budget or line.full_budget]
    if fulls and all(f is not None for f in fulls):
        general[0][1].full_budget = sum(fulls, ZERO)
    item_label = _item_labels(acc)
    for index, row in enumerate(acc.items):  # every 项 is a subject (one with only a 全年预算 too)
        full = model.functions[index].general_budget.full_budget
        at = f"functions[{index}].general_budget"
        general.append((item_label(row), Subject(
            row.name, row.gb_total, budget=row.gb_initial_budget, full_budget=full, has_full=True,
            origins={"value": at, "budget": f"{at}.initial_budget", "full_budget": f"{at}.full_budget"},
        )))
    out["general_budget"] = general

    basic = [
        (_label("一般公共预算财政拨款基本支出"), Subject("基本支出", acc.personnel_total + acc.public_total)),
        (_label("人员经费"), Subject("人员经费", acc.personnel_total)),
        (_label("公用经费"), Subject("公用经费", acc.public_total)),
    ]
    basic += [(_label(line.name), Subject(line.name, line.amount)) for line in acc.personnel + acc.public]
    out["basic"] = basic

    for key, prefix in (("gov_fund", "政府性基金预算财政拨款"), ("state_capital", "国有资本经营预算财政拨款")):
        fund = getattr(acc, key)
        out[key] = [
            (_label("年初结转和结余"), Subject("年初结转和结余", fund.carry_begin)),
            (_label("本年收入") + "|" + _label(f"{prefix}收入"), Subject("本年收入", fund.income)),
            (_label("本年支出") + "|" + _label(f"{prefix}支出") + r"|(?<=，)支出(?=\d)", Subject("本年支出", fund.spending)),
            (_label("年末结转和结余"), Subject("年末结转和结余", fund.carry_end)),
        ]
        # each 项: "…（项）。主要用于…。年初预算为X万元，支出决算为Y万元" — its 年初预算 from the input
        # when given (functions[i].gov_fund.initial_budget), else such a figure stays 未核对
        for index, row in enumerate(acc.items):
            figures = getattr(row, key)
            if not figures.is_empty:
                line = getattr(model.functions[index], key) if index < len(model.functions) else None
                initial = line.initial_budget if line is not None else None
                out[key].append((item_label(row), Subject(
                    row.name, figures.spending, budget=initial,
                    origins={"value": f"functions[{index}].{key}", "budget": f"functions[{index}].{key}.initial_budget"})))

    tp = acc.three_public
    three = [(r"“?三公”?经费(?:财政拨款支出)?", Subject("“三公”经费", tp["total"].actual, tp["total"].prior, tp["total"].budget))]
    # “三公”经费财政拨款支出决算中，因公出国（境）费支出决算X万元，占X% (shares of the total)
    parts = ("outbound", "vehicle", "reception")
    rounded = dict(zip(parts, shares([tp[k].actual for k in parts], places) or [None] * 3, strict=True))
    more = {"vehicle_purchase": ["公务用车购置支出"], "vehicle_operation": ["公务用车运行维护支出", "公务用车运行支出"]}
    for key in ("outbound", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"):
        t = tp[key]
        words = [glossary.THREE_PUBLIC[key], *_region_words(f"three_public.{key}", shipped), *more.get(key, [])]
        if key in ("vehicle", "vehicle_operation"):  # Shanghai: 运行维护费
            words.append(glossary.THREE_PUBLIC[key].replace("运行费", "运行维护费"))
        options = tuple(x for x in (rounded.get(key), share(t.actual, tp["total"].actual)) if x is not None) if key in parts else ()
        at = {} if key == "vehicle" else {"value": f"three_public.{key}.actual", "prior": f"three_public.{key}.prior",
                                          "budget": f"three_public.{key}.budget"}
        three.append((_alternatives(*words), Subject(glossary.THREE_PUBLIC[key], t.actual, t.prior, t.budget, origins=at,
                                                     shares=options, share_base_zero=key in parts and not tp["total"].actual)))
    reception = model.three_public.reception
    for part, key in ((reception.foreign, "reception_foreign"), (reception.domestic, "reception_domestic")):
        three.append((_label(glossary.THREE_PUBLIC[key]), Subject(glossary.THREE_PUBLIC[key], part.actual, part.prior)))
    out["three_public"] = three

    oe = model.operating_expenses
    # compared with its 年初预算 or with the prior year, as the sentence says (比年初预算数减少 / 比2023年度增加)
    out["operating_expenses"] = [(_label("机关运行经费"), Subject(
        "机关运行经费", acc.operating_expenses_actual, oe.prior, oe.budget,
        origins={"value": "operating_expenses.actual" if oe.actual is not None else "basic_expenditure",
                 "prior": "operating_expenses.prior", "budget": "operating_expenses.budget"},
    ))]

    p = model.procurement
    total, sme = acc.procurement_total, acc.procurement_sme
    procurement = [
        (_label("政府采购支出总额"), Subject("政府采购支出总额", total, origins={"value": "procurement"})),
        (_label("授予中小企业合同金额"), Subject("授予中小企业合同金额", sme, shares=_one(share(sme, total)), share_base_zero=not total)),
        (_label("授予小微企业合同金额"), Subject("授予小微企业合同金额", p.small_micro, shares=_one(share(p.small_micro, sme)), share_base_zero=not sme,
                                         origins={"value": "procurement.small_micro"})),
    ]
    for key, label in glossary.PROCUREMENT_KINDS.items():
        kind = getattr(p, key)
        procurement.append((_label(f"政府采购{label}支出"), Subject(f"政府采购{label}支出", kind.total, origins={"value": f"procurement.{key}.total"})))
        procurement.append((
            _label(f"{label}采购授予中小企业合同金额"),
            Subject(f"{label}采购中小企业", None, shares=_one(share(kind.sme, kind.total)), share_base_zero=not kind.total),
        ))
    # Shanghai: 政府采购金额 by kind and the reserved-project amounts
    procurement.append((_label("政府采购金额（以合同签订为准）") + "|政府采购金额", Subject("政府采购金额", total, origins={"value": "procurement"})))
    for key, label in glossary.PROCUREMENT_KINDS.items():
        procurement.append((_label(f"{label}采购金额"), Subject(f"{label}采购金额", getattr(p, key).total,
                                                               origins={"value": f"procurement.{key}.total"})))
    if p.reserved is not None:
        r = p.reserved
        at = "procurement.reserved."
        procurement += [
            (_label("面向中小企业预留政府采购项目预算金额"), Subject("面向中小企业预留项目预算金额", r.sme_budget, origins={"value": at + "sme_budget"})),
            (_label("面向小微企业预留政府采购项目预算金额"), Subject("面向小微企业预留项目预算金额", r.small_micro_budget,
                                                          origins={"value": at + "small_micro_budget"})),
            (r"在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额",
             Subject("预留项目授予中小企业", r.sme_awarded, origins={"value": at + "sme_awarded"})),
            (r"在面向小微企业预留的?政府采购项目中，由小微企业供应商中标或成交的，采购金额",
             Subject("预留项目授予小微企业", r.small_micro_awarded, origins={"value": at + "small_micro_awarded"})),
            (r"在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额",
             Subject("其他项目授予中小企业", r.other_sme_awarded, origins={"value": at + "other_sme_awarded"})),
        ]
    out["procurement"] = procurement

    projects = model.performance.projects
    covered = sum((pr.actual for pr in projects), ZERO)
    if model.performance.covers_all_projects:
        covered = acc.general_budget_project
    perf = [(r"涉及项目\d+个，资金", Subject("项目绩效自评资金", covered, shares=_one(share(covered, acc.general_budget_project)),
                                        share_base_zero=not acc.general_budget_project))]
    for index, pr in enumerate(projects):
        at = f"performance.projects[{index}]"
        perf.append((_label(pr.name), Subject(pr.name, pr.actual, budget=pr.budget,
                                              origins={"value": f"{at}.actual", "budget": f"{at}.budget"})))
    summary = model.performance.summary
    if summary is not None:
        for pattern, name, group, key in (
            ("编报绩效目标", "编报绩效目标的项目金额", summary.targets, "targets"),
            ("绩效跟踪评价", "绩效跟踪评价的项目金额", summary.tracking, "tracking"),
            ("绩效自评", "绩效自评的项目金额", summary.self_evaluation, "self_evaluation"),
        ):
            perf.append((rf"{pattern}的\d+年度项目\d+个，涉及预算金额",
                         Subject(name, group.amount, origins={"value": f"performance.summary.{key}.amount"})))
    funds = model.performance.funds
    if funds is not None:  # 资金到位 / 资金执行情况分析 (reportgen.selfeval.funds)
        from .selfeval.funds import FundsFigures

        f = FundsFigures.of(acc, funds)
        at = "performance.funds."
        rates = (funds.execution_rate,) if funds.execution_rate is not None else _one(f.computed_rate)
        perf += [
            (r"整体支出年初预算", Subject("整体支出年初预算", f.initial)),
            (r"(?<=，)其中财政拨款收入(?=\d)", Subject("年初预算中的财政拨款收入", f.initial)),
            (r"(?<=。)基本支出(?=\d)", Subject("年初预算中的基本支出", f.initial_basic, origins={"value": at + "initial_basic"})),
            (r"(?<=，)项目支出(?=\d)", Subject("年初预算中的项目支出", f.initial_project, origins={"value": at + "initial_project"})),
            (r"实际到位资金", Subject("实际到位资金", f.arrived)),
            (r"整体支出(?=\d)", Subject("整体支出", f.spent)),
            (r"资金执行率", Subject("资金执行率", rates=rates, origins={"value": at + "execution_rate"})),
        ]
    out["performance"] = perf
    out["other_matters"] = out["operating_expenses"] + procurement + out.get("assets", [])
    out[COUNTS] = _counts(acc)
    out["special"] = [(_label(item.name), Subject(item.name, item.amount)) for item in model.special_transfers]
    return out


COUNTS = "counts"  # the key of the counted figures (车辆X辆, 团组X个 …) in the subjects


@dataclass(frozen=True)
class Count:
    """A counted figure the text states after fixed words: ``pattern``'s group 1 is the count."""

    sections: frozenset[str]
    pattern: str
    name: str
    value: int | None  # None: not given (model.CountFigure)
    origin: str = ""


def _counts(acc: Accounts) -> list[Count]:
    """车辆 (in total and by kind), 单价100万元以上设备, 出国团组/人次, 公务用车保有量 and the
    预算绩效管理 project counts: each where the text names it."""
    from . import regions

    model = acc.model
    assets = frozenset({"assets", "other_matters"})
    vehicles = model.assets.vehicles
    found = [
        Count(assets, r"共有车辆(\d+)辆", "车辆总数", acc.vehicle_total, "assets.vehicles"),
        Count(assets, r"(?:单位价值|单价)100万元(?:（含）)?以上(?:专用)?设备(?:（不含车辆）)?(\d+)台（套）",
              "单价100万元以上设备", model.assets.equipment_over_1m, "assets.equipment_over_1m"),
    ]
    profiles = [*regions.available("final_accounts"), regions.of(model)]
    for key, label in glossary.VEHICLE_CATEGORIES.items():
        words = [label, model.presentation.labels.get(f"vehicles.{key}", label),
                 *(profile.labels.get(f"vehicles.{key}", label) for profile in profiles)]
        found.append(Count(assets, f"(?:{_alternatives(*words)})(\\d+)辆", label, getattr(vehicles, key),
                           f"assets.vehicles.{key}"))
    three = model.three_public
    tp = frozenset({"three_public"})
    found += [
        Count(tp, r"出国（境）团组(\d+)个", "出国（境）团组", three.outbound.groups, "three_public.outbound.groups"),
        Count(tp, r"出国（境）团组\d+个[、，]?累计(\d+)人次", "出国（境）人次", three.outbound.people,
              "three_public.outbound.people"),
        Count(tp, r"保有量为?(\d+)辆", "公务用车保有量", three.vehicle_operation.stock, "three_public.vehicle_operation.stock"),
    ]
    summary = model.performance.summary
    if summary is not None:
        perf = frozenset({"performance"})
        for words, group, key in (("编报绩效目标", summary.targets, "targets"), ("绩效跟踪评价", summary.tracking, "tracking"),
                                  ("绩效自评", summary.self_evaluation, "self_evaluation")):
            found.append(Count(perf, rf"{words}的\d+年度项目(\d+)个", f"{words}的项目数", group.projects,
                               f"performance.summary.{key}.projects"))
        for grade, count in summary.self_evaluation.grades.items():
            found.append(Count(perf, rf"绩效评级为“{re.escape(grade)}”的项目(\d+)个", f"绩效评级为“{grade}”的项目数", count,
                               f"performance.summary.self_evaluation.grades.{grade}"))
    found += _rectification(model)
    return found


def _rectification(model) -> list[Count]:
    """绩效自评中共发现问题N个，已经完成整改的N个，正在整改的N个: the summary's figures, or from the
    project records — their problems counted; 整改 0 and 0 when none was found, else not in the
    input (a count the text states is then 未核对, never taken for 0)."""
    perf = frozenset({"performance"})
    summary = model.performance.summary
    at = "performance.summary.self_evaluation"
    if summary is not None:
        se = summary.self_evaluation
        problems, rectified, rectifying = se.problems, se.rectified, se.rectifying
    elif model.performance.projects:
        problems = sum(len(p.problems) for p in model.performance.projects)
        rectified = rectifying = 0 if not problems else None
        at = "performance.projects"
    else:
        return []
    if problems == 0:  # nothing found: nothing to rectify, whatever is (or is not) written
        rectified = rectified if rectified is not None else 0
        rectifying = rectifying if rectifying is not None else 0
    return [
        Count(perf, r"绩效自评中共?发现问题(\d+)个", "绩效自评发现问题数", problems, f"{at}.problems" if summary else at),
        Count(perf, r"已经?完成整改的?(\d+)个", "已经完成整改的问题数", rectified, f"{at}.rectified" if summary else at),
        Count(perf, r"正在整改的?(\d+)个", "正在整改的问题数", rectifying, f"{at}.rectifying" if summary else at),
    ]


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


_NOT_A_REPORT = (
    (b"%PDF", "这是 PDF 文件，无法核对；请核对 Word 报告（.docx），或把 PDF 中的文字另存为 UTF-8 文本（.txt）后核对"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Office 文件（如 .doc），无法核对；请在 Word/WPS 中另存为 .docx 后再核对"),
)
_UNREADABLE_DOCX = "无法作为 Word 文档（.docx）打开：文件不是 .docx 格式或已损坏；请在 Word/WPS 中另存为 .docx 后再核对"


def _content_is_docx(data: bytes, name: str) -> bool | None:
    """What a report's bytes are: True for a Word file (whatever its name), None for text; a PDF,
    an old Office file or a workbook is refused (``InputError`` naming ``name``)."""
    def refuse(message: str) -> InputError:
        return InputError("", [Issue("audit.unreadable", Severity.ERROR, message, Source(name))])

    for magic, message in _NOT_A_REPORT:
        if data.startswith(magic):
            raise refuse(message)
    if not data.startswith(b"PK\x03\x04"):
        return None
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # a damaged Word file: said when it is opened
    if any(n.startswith("xl/") for n in names):
        raise refuse("这是 Excel 工作簿，不是报告；核对的是报告（Word .docx 或文本），输入文件放在第二个参数")
    return True


def read_report(path: Path, is_docx: bool | None = None) -> list[str]:
    """Paragraphs of a .docx (body text), or lines of a text file."""
    return report_paragraphs(path, None, is_docx)[0]


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
    own_words=(),
    where=None,
) -> Audit:
    """Recompute every recognised figure of ``paragraphs`` from ``acc``; list disagreements and
    the figures it could not place (未核对). ``subjects_of(acc, places)`` gives what each section
    may state (the report kind's audit subjects; the 部门决算's by default). ``own_words`` are
    texts the department wrote (the input's reasons and purposes): a figure inside one is theirs,
    never the subject's. ``where(path)`` gives the input location of a data field (the
    self-check names the line a wrong figure's value comes from)."""
    places = acc.model.presentation.percent_places
    if places is None:  # a 部门决算 prints its region's places unless the input sets its own
        from . import regions

        places = regions.percent_places(acc.model)
    subjects = (subjects_of or _subjects)(acc, places)
    region = _region_of(acc.model)
    leads = _reason_leads(region)
    names = {_norm(subject.name) for key, labels in subjects.items() if key != COUNTS for _, subject in labels}
    own_words = [words for words in own_words if words not in names]  # a project named "…100万元…" is a subject
    norm = _normalise(paragraphs, paragraphs_are_real)
    text = norm.text
    result = Audit()

    def sentence(start: int, end: int, subject_start: int) -> str:
        """The sentence of a figure, from its subject's name when that is in an earlier sentence."""
        window = max(0, start - 60)
        left = max(text.rfind("。", window, start), text.rfind("\n", window, start), window - 1)
        if start - 100 <= subject_start <= left:
            left = subject_start - 1
        right = text.find("。", end, end + 40)
        right = right + 1 if right >= 0 else min(len(text), end + 40)
        newline = text.find("\n", end, right)
        return text[left + 1 : newline if newline >= 0 else right].replace("\n", "")

    def issue(rule: str, message: str, start: int, end: int, section: str, origin: str = "", subject_start: int = -1,
              severity: Severity = Severity.ERROR) -> None:
        line = norm.lines[min(start, len(norm.lines) - 1)]
        if where is not None:  # the self-check: the sentence, the figure, and the input line of its value
            excerpt = sentence(start, end, subject_start)
            said = f"“{excerpt}”中的“{text[start:end]}”：{message}"
            if origin:  # the value's input line is the place; the section is named in the message
                result.issues.append(Issue(rule, severity, f"{section}：{said}", where(origin)))
            else:
                result.issues.append(Issue(rule, severity, said, Source(where("").file, section, None)))
            return
        left = max(0, start - 18)
        excerpt = text[left:end].replace("\n", "")
        result.issues.append(Issue(rule, severity, f"{message}（原文：…{excerpt}）", Source(file, section, line)))

    for m in PLACEHOLDERS.finditer(text):
        if allow_draft and m.group().startswith("【待补充"):
            continue
        issue("audit.placeholder", f"残留占位符“{m.group()}”", m.start(), m.end(), "")

    counts = subjects.get(COUNTS, [])
    for start, end, key, title in _sections(text, norm.lines):
        own = _own_spans(text, start, end, own_words, paragraphs_are_real, leads)
        for count in (c for c in counts if key in c.sections):
            for m in re.compile(count.pattern).finditer(text, start, end):
                if _inside(own, m.start(1)):
                    continue
                if count.value is None:  # not in the input: the text's count cannot be checked
                    result.unchecked.append(Issue(
                        "audit.unchecked", Severity.NOTE, f"未核对：{count.name}写作 {m.group(1)}，输入中没有这个数",
                        Source(file, title, norm.lines[min(m.start(1), len(norm.lines) - 1)]),
                    ))
                    continue
                result.checked += 1
                if int(m.group(1)) != count.value:
                    issue("audit.count", f"{count.name}写作 {m.group(1)}，数据为 {count.value}", m.start(1), m.end(1),
                          title, count.origin)
        labels = subjects.get(key, [])
        events: list[tuple[int, int, object]] = []
        if labels:
            # the most specific label first: at one place a 项 name wins over the 类 name it begins with
            order = sorted(range(len(labels)), key=lambda i: -len(labels[i][0]))
            for found, stop, index in _label_matches([label for label, _ in labels], order, text, start, end):
                if not _inside(own, found):
                    events.append((found, stop, labels[index][1]))
            # a 类 or 项 the input does not know (its name written otherwise): its figures are
            # nobody's here, never the previous subject's or its 类's
            for m in _ANY_ITEM.finditer(text, start, end):
                if not _inside(own, m.start()):
                    events.append((m.start(), m.end(), _UNKNOWN_ITEM))
            # a longer label wins over a shorter one found at the same place
            events = _longest(events)
        for f in _FIGURE.finditer(text, start, end):
            if _THRESHOLD.match(text, f.end()):  # 单价100万元（含）以上设备: a threshold, no figure of the data
                continue
            if _inside(own, f.start()):  # the department's own words
                result.skipped += 1
                continue
            events.append((f.start(), f.end(), f))
        events.sort(key=lambda e: (e[0], -e[1]))
        current: Subject | None = None
        previous_end = subject_end = subject_start = start
        for s, e, what in events:
            if isinstance(what, Subject):
                # "占政府采购支出总额的X%": a label after 占 is the denominator, not the subject
                if s >= previous_end and text[s - 1 : s] != "占":
                    current = what
                    previous_end = subject_end = e
                    subject_start = s
                continue
            lead = text[previous_end:s].replace("\n", "")
            previous_end = e
            placed = False
            if current is not None and not (key in SENTENCE_SCOPED and "。" in text[subject_end:s]):

                def report(rule: str, msg: str, which: str = "value", s: int = s, e: int = e, title: str = title,
                           subject: Subject = current, named: int = subject_start, severity: Severity = Severity.ERROR) -> None:
                    origins = subject.origins  # a change: the prior-year figure's line, else the value's
                    origin = origins.get(which) or (origins.get("value", "") if which == "prior" else "")
                    issue(rule, msg, s, e, title, origin, named, severity)

                window = max(start, s - _LONGEST_SENTENCE)
                opening = max(text.rfind("。", window, s), text.rfind("\n", window, s) if paragraphs_are_real else -1, window)
                placed = _check_figure(current, what, lead, result, report, text[opening:s])
            if placed:
                result.checked += 1
            else:
                line = norm.lines[min(s, len(norm.lines) - 1)]
                left = max(0, s - 18)
                result.unchecked.append(Issue(
                    "audit.unchecked", Severity.NOTE,
                    f"未核对：“{what.group(0)}”无法对应到数据（原文：…{text[left:e]}）".replace("\n", ""),
                    Source(file, title, line),
                ))
    return result


# Past this many labels in a section (an input of hundreds of 项), one alternation tried at every
# position grew with rows × text: the labels are found by their leading texts instead.
_MANY_LABELS = 40


def _label_matches(patterns: list[str], order: list[int], text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, index) of the label matches in ``text[start:end]``, left to right, as one
    alternation of ``patterns`` in ``order`` finds them (at a place the first in ``order`` that
    matches; the next search after the match, or one character on). Many labels are found by
    the words each begins with (``str.find``) and matched there, the rest by their alternation:
    the same matches, without trying every label at every position."""
    if len(order) <= _MANY_LABELS:
        pattern = _alternation(patterns, order)
        pos = start
        while (m := pattern.search(text, pos, end)) is not None:
            yield m.start(), m.end(), _which(m)
            pos = max(m.end(), m.start() + 1)
        return
    rank = {index: r for r, index in enumerate(order)}
    at_place: dict[int, list[tuple[int, int, int]]] = {}  # place → (rank, end, index) of each label matching there
    rest = []
    for index in order:
        leads = _leading_words(patterns[index])
        if not leads:
            rest.append(index)
            continue
        compiled = re.compile(patterns[index])
        tried: set[int] = set()
        for words in leads:
            place = text.find(words, start, end)
            while place >= 0:
                if place not in tried and (m := compiled.match(text, place, end)) is not None:
                    at_place.setdefault(place, []).append((rank[index], m.end(), index))
                tried.add(place)
                place = text.find(words, place + 1, end)
    places = sorted(at_place)
    others = _alternation(patterns, rest) if rest else None
    pos, k = start, 0
    m = others.search(text, pos, end) if others is not None else None  # the next of the rest
    while True:
        while k < len(places) and places[k] < pos:
            k += 1
        place = places[k] if k < len(places) else None
        if m is not None and m.start() < pos:  # passed: the next from here (none before it was)
            m = others.search(text, pos, end)
        if place is None and m is None:
            return
        if m is not None and (place is None or m.start() <= place):
            index = _which(m)
            best = (rank[index], m.end(), index)
            place = m.start()
            if place in at_place:
                best = min(best, *at_place[place])
        else:
            best = min(at_place[place])
        yield place, best[1], best[2]
        pos = max(best[1], place + 1)


def _alternation(patterns: list[str], order: list[int]) -> re.Pattern[str]:
    """One pattern of ``patterns`` in ``order``, each its group ``s<index>`` (see :func:`_which`)."""
    return re.compile("|".join(f"(?P<s{i}>{patterns[i]})" for i in order))


def _which(m: re.Match[str]) -> int:
    """The index of the label (group ``s<index>``) an alternation's match is of."""
    return int(next(name for name, value in m.groupdict().items() if value is not None)[1:])


@functools.lru_cache(maxsize=4096)
def _leading_words(label: str) -> tuple[str, ...]:
    """Texts one of which every match of the regular expression ``label`` begins with (one per
    alternative of an alternation); () when a match may begin otherwise (a class, an optional
    first character, an alternative without leading text)."""
    try:
        from re import _parser as parser  # the parser re itself uses (sre_parse before 3.11)
    except ImportError:  # pragma: no cover
        import sre_parse as parser  # type: ignore[no-redef]

    try:
        parsed = parser.parse(label)
    except (re.error, RecursionError):
        return ()
    items = list(parsed)
    alternatives = [list(branch) for branch in items[0][1][1]] if len(items) == 1 and items[0][0] is parser.BRANCH else [items]
    leads = []
    for alternative in alternatives:
        words = []
        for op, value in alternative:
            if op is not parser.LITERAL:
                break
            words.append(chr(value))
        if not words:
            return ()
        leads.append("".join(words))
    return tuple(dict.fromkeys(leads))


def _sections(text: str, lines: list[int]) -> list[tuple[int, int, str, str]]:
    """(start, end, section key, heading) of each section of the 情况说明: the known headings,
    and a numbered heading at a line's start that continues their numbering (一、二、… in order;
    from 一 again in a later part, as 第四部分 其他重要事项), placed by its words. A section ends
    at the next heading or part; the 概况, tables, 名词解释 and annexes are not audited."""
    known = _known_headings()
    parts = [(m.start(), not _UNAUDITED_PART.match(text, m.end())) for m in _PART.finditer(text)]
    part_starts = [p[0] for p in parts]
    found: list[tuple[int, int, str, str]] = []  # (start, end of heading, key, heading)
    last = 0
    candidates = sorted(
        [(m.start(), m) for m in known.finditer(text)]
        + [(m.start(), m) for m in _ORDINAL.finditer(text) if m.start() == 0 or text[m.start() - 1] == "\n"
           or lines[m.start()] != lines[m.start() - 1]],
        key=lambda c: c[0],
    )
    for start, m in candidates:
        if found and start < found[-1][1]:
            continue
        ordinal = _ordinal(m.group(0)[: m.group(0).index("、")])
        if m.re is known:
            title = m.group(1)
            key = _heading_key(title)
        else:
            at = bisect.bisect_left(part_starts, start) - 1
            part = parts[at] if at >= 0 else None
            if part is not None and not part[1]:
                continue
            if found and part is not None and part[0] > found[-1][0]:
                last = 0  # a new part numbers its sections from 一 again
            title_end = m.end()
            while title_end < min(len(text), m.end() + 40) and lines[title_end] == lines[m.end()] and text[title_end] not in "。\n":
                title_end += 1
            title = text[m.end():title_end]
            key = next((k for word, k in _KEYWORDS if word in title), "unknown")
            # the first section too, when its words place it (一、2023年度收入支出决算总体及增减变动情况)
            if ordinal != last + 1 or (not found and key == "unknown"):
                continue
        found.append((start, m.end(), key, m.group(0)[: m.group(0).index("、") + 1] + title))
        last = ordinal
    bounds = []
    for i, (_start, head_end, key, heading) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        part = _PART.search(text, head_end, end)
        bounds.append((head_end, part.start() if part else end, key, heading))
    return bounds


def _ordinal(numeral: str) -> int:
    value = 0
    for ch in numeral:
        digit = _NUMERALS.index(ch) + 1
        value = (value or 1) * 10 if digit == 10 else value + digit
    return value


def _heading_key(title: str) -> str:
    return SECTIONS.get(title) or _region_sections().get(title) or next((k for word, k in _KEYWORDS if word in title), "unknown")


@functools.cache
def _region_sections() -> dict[str, str]:
    """Section headings of 第三部分 in every shipped region profile → the audit section."""
    from . import regions

    found: dict[str, str] = {}
    for region in regions.available("final_accounts"):
        for part in region.parts:
            for section in part.sections:
                blocks = list(section.content) + [c for sub in section.subsections for c in sub.content]
                keys = {_CONTENT_SECTIONS.get(block.split(".")[0]) for block in blocks} - {None}
                if len(keys) == 1:
                    found.setdefault(_norm(section.heading), keys.pop())
                elif len(keys) > 1:
                    found.setdefault(_norm(section.heading), "other_matters")
    return found


@functools.cache
def _known_headings() -> re.Pattern[str]:
    titles = set(SECTIONS) | set(_region_sections())
    return re.compile(f"[{_NUMERALS}]+、(" + "|".join(sorted(map(re.escape, titles), key=len, reverse=True)) + ")")


_ANY_ITEM = re.compile(r"[^，。；：、.．\n（）\d]{1,40}（[类项]）")
_UNKNOWN_ITEM = Subject("（未能对应到数据的类或项）")


def _region_of(model):
    from . import regions

    try:
        return regions.of(model)
    except Exception:  # a kind without region profiles (the 部门预算's own model)  # noqa: BLE001
        return None


_LEADS: dict[tuple, re.Pattern[str]] = {}


def _reason_leads(region) -> re.Pattern[str]:
    """The reason and purpose leads: the usual wordings, and what every shipped profile and the
    input's own profile print before {reason} or {purpose} (变动原因：{reason} in a user's profile)."""
    key = tuple(sorted(region.sentences.items(), key=lambda kv: kv[0])) if region is not None else ()
    if key in _LEADS:  # one wording: one pattern
        return _LEADS[key]
    from . import regions
    from .regions.sentences import DEFAULTS

    found: set[str] = set()
    for profile in [*regions.available("final_accounts"), *([region] if region is not None else [])]:
        for sentence_id, default in DEFAULTS.items():
            text = profile.sentences[sentence_id] if sentence_id in profile.sentences else default
            for m in re.finditer(r"([^{}。，；]*)\{(?:reason|purpose)\}", text or ""):
                words = _norm(re.sub(r"\s", "", m.group(1)))
                if len(words) >= 2 and not re.search(r"\{|\d", words):
                    found.add(re.escape(words))
    extra = "|".join(sorted(found, key=len, reverse=True))
    return _LEADS.setdefault(key, re.compile(_OWN_WORDS.pattern + ("|" + extra if extra else "")))


def _own_spans(text: str, start: int, end: int, own_words, real: bool, leads: re.Pattern[str] = _OWN_WORDS) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` the department wrote: from a reason or purpose lead to
    the end of its sentence (and the sentences that go on with 二是…), and each of ``own_words``
    (texts of the input holding a figure) wherever it is printed."""
    spans: list[tuple[int, int]] = []
    for m in leads.finditer(text, start, end):
        stop = _sentence_end(text, m.end(), end, real)
        listed = _NEXT_POINT.match(text, m.end()) is not None  # 主要原因：1.…。2.…。
        while stop < end:
            following = _sentence_end(text, stop, end, real)
            point = listed and _NEXT_POINT.match(text, stop) and not _LEVEL.search(text, stop, following)
            if not (_GOES_ON.match(text, stop) or point):
                break
            stop = following
        spans.append((m.start(), stop))
    for words in own_words:
        at = text.find(words, start, end)
        while at >= 0:
            spans.append((at, at + len(words)))
            at = text.find(words, at + len(words), end)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _sentence_end(text: str, pos: int, end: int, real: bool) -> int:
    end = min(end, pos + _LONGEST_SENTENCE)  # a text without stops is not read as one sentence
    stops = [i for i in (text.find("。", pos, end), text.find("\n", pos, end) if real else -1) if i >= 0]
    return min(stops) + 1 if stops else end


_LONGEST_SENTENCE = 1000


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` is in one of ``spans`` (sorted and merged by ``_own_spans``)."""
    at = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return at >= 0 and spans[at][0] <= pos < spans[at][1]


def own_words(data) -> list[str]:
    """Texts of an input (its reasons, purposes, measures — any string) that hold a figure
    (X万元, X%, X元), normalised as the audit reads text: figures there are the department's."""
    found: dict[str, None] = {}  # in the input's order, each once
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, str) and _OWN_FIGURE.search(value):
            words = "".join(_norm(value).split()).rstrip("。；;，,")
            if words:
                found.setdefault(words)
    return list(found)


_LEVEL = re.compile(r"（[类款项]）")
_THRESHOLD = re.compile(r"(?:（含）)?(?:以上|以下)")
_OWN_FIGURE = re.compile(r"\d(?:万?元|%|％)")


def _longest(events: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    events.sort(key=lambda e: (e[0], e[2] is _UNKNOWN_ITEM, -(e[1] - e[0])))
    kept: list[tuple[int, int, object]] = []
    for event in events:
        if kept and event[0] < kept[-1][1]:
            continue
        kept.append(event)
    return kept


def _comparison(subject: Subject, sentence: str) -> tuple[Decimal | None, str]:
    """What a change is measured against: the budget where the sentence last names one (比年初
    预算数减少X万元，下降Y%), else the prior year (比2023年度增加, 较上年增加, 与上年相比…)."""
    marks = _COMPARED_WITH.findall(sentence)
    if marks and marks[-1] == "预算" and subject.budget is not None:
        return subject.budget, "budget"
    return subject.prior, "prior"


# the last of these in a sentence says what a change compares with (一般公共预算, 政府性基金预算财政
# 拨款 and 预算绩效 are names, not the budget)
_COMPARED_WITH = re.compile(r"(?<!一般公共)预算(?!财政拨款|绩效)|上年|同期|\d{4}年")


# the words between a subject and its own amount (一般公共服务支出（类）685.19万元, 收、支总计均为…,
# 人员经费支出…); any other words say the amount is something else (项目支出中上年结转X万元)
_OWN_VALUE = re.compile(r"(?:（[类款项]）)?(?:支出|收入)?(?:决算数?)?(?:合计|总额|金额|共计|共|累计)?均?(?:为|达|是)?$")
_AS_WRITTEN_CHANGE = re.compile(r"(增加|减少|增长|下降|上升|降低|增幅|降幅)(?:了|为)$")


def _direction(lead: str) -> str | None:
    tail = lead[-4:]
    for word in UP_WORDS:
        if tail.endswith(word):
            return "up"
    for word in DOWN_WORDS:
        if tail.endswith(word):
            return "down"
    return None


def _check_figure(subject: Subject, figure: re.Match[str], lead: str, result: Audit, report, sentence: str = "") -> bool:
    """Compare one figure with the data; True when its context was recognised."""
    # 增加了X万元 reads as 增加X万元; 增幅(为)X% as 增长X%, 降幅 as 下降
    lead = _AS_WRITTEN_CHANGE.sub(lambda m: {"增幅": "增长", "降幅": "下降"}.get(m.group(1), m.group(1)), lead)
    written_text = figure.group(1).replace(",", "")
    written = Decimal(written_text)
    is_percent = figure.group(2) in ("%", "％")
    unit = "万元" if figure.group(2) == "万" else figure.group(2)
    direction = _direction(lead)
    name = subject.name
    base, against = _comparison(subject, sentence or lead)
    if not is_percent:
        if direction is not None:
            if subject.value is None or base is None:
                return False
            ch = change(subject.value, base)
            diff = ch.current - ch.prior
            if not diff:
                report("audit.direction", f"{name}与比较数相同（{ch.current}），不应写作“{lead[-2:]}{written_text}{unit}”，应写“持平”或“无此项”", against,
                       severity=_WORDING if not written else Severity.ERROR)
                return True
            actual_dir = "up" if diff > 0 else "down"
            if actual_dir != direction:
                word = "增加" if actual_dir == "up" else "减少"
                report("audit.direction", f"{name}实际{word}{abs(diff)}万元，正文写作“{lead[-2:]}”", against)
            elif not same_amount(written_text, unit, abs(diff)):
                report("audit.amount", f"{name}的变动额写作 {written_text} {unit}，数据为 {in_unit(abs(diff), unit, written_text)} {unit}", against)
            return True
        words = re.split(r"[，。；：]", lead)[-1]
        if re.search(r"预算(?:数)?为?$", words):
            options = _budgets(subject, words)
            if not options:
                return False
            which, budget = options[0]
            if not any(same_amount(written_text, unit, b) for _, b in options):
                _amount(report, f"{name}的{_budget_word(words)}", written_text, unit, budget, which)
            return True
        if re.search(r"(?:决算|执行数)为?$", lead):
            if subject.value is None:
                return False
            _amount(report, f"{name}的决算数", written_text, unit, subject.value)
            return True
        if subject.value is not None and _OWN_VALUE.match(lead):
            _amount(report, name, written_text, unit, subject.value)
            return True
        return False
    # percentages
    if direction is not None:
        if subject.value is None or base is None:
            return False
        ch = change(subject.value, base)
        if not ch.prior:
            what = "预算" if against == "budget" else "上年"
            report("audit.zero_base", f"{name}{what}为0，不能写增长率“{lead[-2:]}{written_text}%”（应写“{what}无此项支出，不具可比性”）", against,
                   severity=_WORDING if not written and not ch.current else Severity.ERROR)
            return True
        if ch.rate is None:
            return False
        diff = ch.current - ch.prior
        if not diff:
            report("audit.direction", f"{name}与比较数相同，不应写“{lead[-2:]}{written_text}%”，应写“持平”", against,
                   severity=_WORDING if not written else Severity.ERROR)
            return True
        actual_dir = "up" if diff > 0 else "down"
        if actual_dir != direction:
            report("audit.direction", f"{name}实际{'增长' if actual_dir == 'up' else '下降'}，正文写作“{lead[-2:]}”", against)
        else:
            _percent(report, f"{name}的变动率", written, written_text, (ch.rate,), against)
        return True
    if "完成" in lead and lead.endswith(("的", "预算", "预算数")):
        options = _budgets(subject, lead[lead.rindex("完成"):])
        if not options or subject.value is None:
            return False
        rates = [completion(subject.value, budget).rate for _, budget in options]
        if all(rate is None for rate in rates):
            report("audit.zero_budget", f"{name}预算为0，不能写完成率“{written_text}%”（应写未安排预算）", options[0][0],
                   severity=_WORDING if not written and not subject.value else Severity.ERROR)
            return True
        _percent(report, f"{name}的预算完成率", written, written_text, tuple(r for r in rates if r is not None), options[0][0])
        return True
    if subject.rates and not lead:
        _percent(report, name, written, written_text, subject.rates)
        return True
    if "占" in lead:
        if subject.share_base_zero:
            report("audit.zero_base", f"{name}所占比例的基数为0，不能写“{written_text}%”", severity=_WORDING if not written else Severity.ERROR)
            return True
        if not subject.shares:
            return False
        _percent(report, f"{name}所占比例", written, written_text, subject.shares)
        return True
    return False


def _budgets(subject: Subject, words: str) -> list[tuple[str, Decimal]]:
    """The budgets a text may mean: 年初预算 → the 年初预算; 全年预算 (调整预算) → the 全年预算,
    and nothing when the input has none (never the 年初预算 in its place); 预算 alone → either."""
    initial = [("budget", subject.budget)] if subject.budget is not None else []
    if not subject.has_full:  # one budget (“三公”, a project): whatever the text calls it
        return initial
    full = [("full_budget", subject.full_budget)] if subject.full_budget is not None else []
    if "年初" in words:
        return initial
    if "全年" in words or "调整" in words:
        return full
    return full + initial


def _budget_word(words: str) -> str:
    return "全年预算数" if "全年" in words else "年初预算数" if "年初" in words else "预算数"


def _amount(report, label: str, written_text: str, unit: str, expected: Decimal, which: str = "value") -> None:
    if not same_amount(written_text, unit, expected):
        report("audit.amount", f"{label}写作 {written_text} {unit}，数据为 {in_unit(expected, unit, written_text)} {unit}", which)


def same_amount(written_text: str, unit: str, expected: Decimal) -> bool:
    """Whether an amount written ``written_text`` ``unit`` (万元, 元, 亿元) states ``expected`` (万元):
    万元 at the data's 2 places; 亿元 at the text's places (0.09亿元 is 921.96万元); 元 converted to
    万元 and rounded to the data's 2 places (9219600元 and 9219612.34元 are 921.96万元)."""
    written = Decimal(written_text)
    if unit == "万元":
        return written == quantize(expected, 2)
    if unit == "元":
        return quantize(written * UNITS[unit], 2) == quantize(expected, 2)
    return written == quantize(expected / UNITS[unit], max(_places(written_text), 0))


def in_unit(expected: Decimal, unit: str, written_text: str) -> Decimal:
    """``expected`` (万元) in the text's ``unit``, at the places a message shows it."""
    if unit == "万元":
        return quantize(expected, 2)
    if unit == "元":
        return quantize(expected / UNITS[unit], 2)
    return quantize(expected / UNITS[unit], max(_places(written_text), 2))


def _percent(report, label: str, written: Decimal, written_text: str, options: tuple[Decimal, ...], which: str = "value") -> None:
    places = _places(written_text)
    if any(written == quantize(option, places) for option in options):
        return
    report("audit.percent", f"{label}写作 {written_text}%，数据为 {quantize(options[-1], max(places, 1))}%", which)


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
    from .loader import MAX_REPORT_BYTES, read_bytes

    path = Path(name or "报告.docx") if isinstance(report, bytes) else Path(report)
    # a folder, a device or pipe, a missing file: InputError naming it
    data = report if isinstance(report, bytes) else read_bytes(path, MAX_REPORT_BYTES)
    found = _content_is_docx(data, str(path))
    if is_docx is None:
        is_docx = found if found is not None else path.suffix.lower() == ".docx"
    # A text extraction breaks lines anywhere (even inside a number): read it as one paragraph
    # per line; the normalisation joins them.
    paragraphs = _docx_paragraphs(data, str(path)) if is_docx else decode_text(data, str(path)).splitlines()
    return paragraphs, str(path), is_docx


def _docx_paragraphs(data: bytes, name: str) -> list[str]:
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # not a Word file, damaged zip: python-docx's own words are English
        raise InputError("", [Issue("audit.unreadable", Severity.ERROR, _UNREADABLE_DOCX, Source(name))]) from None
    return document_paragraphs(document)


__all__ = ["Audit", "audit_report", "audit_text", "document_paragraphs", "read_report", "report_paragraphs"]
