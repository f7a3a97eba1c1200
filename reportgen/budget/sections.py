"""第一部分 概况 and 第二部分 预算情况说明 of the budget report: every sentence of spec §A.2–A.3,
filled from ``BudgetAccounts``. The words are the region profile's (``sentences``, labels and
名词解释 in reportgen/regions/<region>.yaml, ``reportgen.regions.budget``); what is decided here
is which sentence applies (increase, decrease, 持平, no prior year, empty section), which items
are listed, and the figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Issue, Severity, Source
from ..figures import ChangeKind, change, shares
from ..glossary import chinese_number
from ..money import Amount, Percent
from ..wording import PLACEHOLDER, enumerate_cn
from .accounts import CURRENT_SOURCES, INCOME_KEYS, BudgetAccounts, total
from .model import FUNDS

ZERO = Decimal(0)


def amt(value: Decimal) -> str:
    return f"{Amount(value)}万元"


def pct(rate: Decimal, acc: BudgetAccounts) -> str:
    return str(Percent(rate, acc.setting("percent_places")))


def short_class(name: str) -> str:
    return name[:-2] if name.endswith("支出") else name


def common(acc: BudgetAccounts) -> dict[str, Any]:
    """The placeholders every budget sentence may use (reportgen.regions.budget.COMMON)."""
    return {"unit": acc.model.unit.name, "short": acc.short, "year": acc.year, "prior": acc.year - 1, "fiscal_level": acc.model.unit.fiscal_level}


def words(acc: BudgetAccounts, key: str, **fields: Any) -> str:
    """The profile's sentence ``key`` with ``fields`` (and the common placeholders) filled in."""
    return acc.profile.sentence(key, **common(acc), **fields)


def growth(ch, acc: BudgetAccounts, section: str) -> str:
    """增加X万元[，增长X%] / 减少X万元[，下降X%] / 持平: the budget compares with 上年预算."""
    with_rate = section in (acc.setting("growth_rate_in") or [])
    if ch.kind in (ChangeKind.FLAT, ChangeKind.NONE):
        return "持平"
    verb, rate_word = ("增加", "增长") if ch.difference > 0 else ("减少", "下降")
    text = f"{verb}{amt(ch.amount)}"
    if with_rate and ch.rate is not None:
        text += f"，{rate_word}{pct(ch.rate, acc)}"
    return text


def reasons_text(items: list[str], lead_one: str = "主要原因是", lead_many: str = "主要原因：") -> str:
    items = [i.strip().rstrip("。；;") for i in items if i and i.strip()]
    if not items:
        return ""
    return (lead_many if len(items) > 1 else lead_one) + enumerate_cn(items)


def personnel_groups(acc: BudgetAccounts) -> dict[str, list[str]]:
    return acc.setting("personnel_groups") or {}


def class_shares(acc: BudgetAccounts) -> list[tuple[str, str, Decimal, Decimal]]:
    """三（二）: 一般公共预算当年拨款 by 类, shares of the 当年拨款 (largest remainder)."""
    by_class = acc.by_class(lambda f: f.fund("general_budget", None, CURRENT_SOURCES))
    codes = [c for c in sorted(by_class) if by_class[c]]
    values = [by_class[c] for c in codes]
    rates = shares(values, acc.setting("percent_places")) or [ZERO] * len(values)
    return [(c, acc.class_names.get(c, c), v, r) for c, v, r in zip(codes, values, rates, strict=True)]


PROCUREMENT_WORDS = {"goods": "政府采购货物预算", "works": "政府采购工程预算", "services": "政府采购服务预算"}


class Builder:
    def __init__(self, acc: BudgetAccounts, draft: bool = False) -> None:
        self.acc = acc
        self.draft = draft  # a missing reason shows as 【待补充：…】 instead of being left out
        self.m = acc.model
        self.issues: list[Issue] = []

    def say(self, key: str, **fields: Any) -> str:
        """The profile's sentence ``key`` with ``fields`` (and the common placeholders) filled in."""
        return words(self.acc, key, **fields)

    def missing(self, what: str, lead: str = "主要原因是") -> str:
        """The text that stands for a missing reason: nothing, or the draft's placeholder."""
        return f"{lead}{PLACEHOLDER.format(what=what)}" if self.draft else ""

    def warn(self, rule: str, message: str, path: str) -> None:
        self.issues.append(Issue(rule, Severity.WARNING, message, Source("", path)))

    def figures(self, part, path: str, labels: dict[str, str]) -> bool:
        """Whether every figure ``labels`` names of ``part`` is given; each one not given
        (model.Figure) is a finding, and the caller leaves its sentence out, never prints 0."""
        from ..model import absent_part

        missing = [key for key in labels if getattr(part, key) is None]
        where = absent_part(self.m, f"{path}.{missing[0]}") if missing else ""
        if missing and where not in (f"{path}.{key}" for key in missing):  # the whole part is left out: once
            if not any(i.rule == "input.missing_figure" and i.source.path == where for i in self.issues):
                named = "”“".join(labels[key] for key in missing)
                self.warn("input.missing_figure", f"缺少 {where}（“{named}”等）：报告印出的句子需要其中的数（该句略去，不作推测；确实没有时写0）",
                          where)
            return False
        for key in missing:
            self.warn("input.missing_figure", f"缺少“{labels[key]}”：报告印出的句子需要这个数（该句略去，不作推测；确实没有时写0）",
                      f"{path}.{key}")
        return not missing

    # -- 第一部分 ------------------------------------------------------------------------------
    def part1(self) -> dict[str, Any]:
        u = self.m.unit
        units = u.budget_units
        kinds = {k: sum(1 for x in units if x.kind == k) for k in ("administrative", "civil_servant_managed", "institution")}
        others = [x.name for x in units if not x.main]
        composition = self.say(
            "composition", total=len(units), administrative=kinds["administrative"],
            civil_servant=kinds["civil_servant_managed"], institution=kinds["institution"],
        )
        if others:
            composition += self.say("composition_names", names="、".join(others))
        return {
            "duties": [f"{i}．{d.strip()}" for i, d in enumerate(u.duties, 1)],
            "key_tasks_intro": u.key_tasks.intro,
            "key_tasks": [f"{i}.{t.strip()}" for i, t in enumerate(u.key_tasks.items, 1)],
            "composition": composition,
        }

    # -- 一 -------------------------------------------------------------------------------------
    def income_items(self) -> list[tuple[str, Decimal]]:
        acc = self.acc
        labels = acc.profile.income_sources
        listed = set(acc.setting("listed_income_sources") or [])
        out = []
        for key, label in labels.items():
            if key == "carryover":
                value = acc.carryover()
            elif key == "business_fund_used":
                value = acc.business_fund_used
            else:
                value = acc.income_current(key)
            if value or key in listed:
                out.append((key, label, value))
        return out

    def new_projects_clause(self, detailed: bool) -> list[str]:
        new = self.acc.new_projects()
        if not new:
            return []
        listing = f"（{'、'.join(f'{p.name}{amt(p.amount)}' for p in new)}）" if detailed else ""
        return [self.say("new_projects", count=len(new), listing=listing, amount=amt(total(p.amount for p in new)))]

    def carryover_clauses(self) -> list[str]:
        labels = self.acc.profile.income_sources
        return [self.say("carryover_reason", label=labels[f], amount=amt(self.acc.carryover(f))) for f in FUNDS if self.acc.carryover(f)]

    def compared(self, subject: str, current: Decimal, prior: Decimal | None, against: str, section: str, reasons: list[str]) -> str:
        if prior is None:
            self.warn("budget.prior_missing", f"缺少上年预算数，{subject}未与上年比较", f"prior_year.{section}")
            return self.say("compared_none", subject=subject, amount=amt(current))
        ch = change(current, prior)
        said = growth(ch, self.acc, section)
        if said == "持平":
            return self.say("compared_flat", subject=subject, amount=amt(current), against=against)
        why = reasons_text(reasons)
        if not why:
            self.warn("budget.reason_missing", f"{subject}与上年相比{said}，缺少主要原因", f"reasons.{section}")
            why = self.missing(f"{subject}变动的主要原因")
        return self.say("compared_change", subject=subject, amount=amt(current), against=against, change=said, reason=f"，{why}" if why else "")

    def part_one(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        items = self.income_items()
        sources = "、".join(label for _, label, v in items if v)
        classes = acc.by_class()
        names = "、".join(acc.class_names.get(c, c) for c in sorted(classes) if classes[c])
        scope = self.say("scope") + self.say("scope_lists", sources=sources, classes=names)
        total_text = self.compared(
            self.say("total_subject"), acc.income_total, m.prior_year.total, self.say("total_against"), "total",
            self.new_projects_clause(False) + m.reasons.total + self.carryover_clauses(),
        )
        values = [v for _, _, v in items]
        rates = shares(values, acc.setting("percent_places"))
        income = self.say("income", amount=amt(acc.income_total), items=self.share_items([lbl for _, lbl, _ in items], values, rates))
        kinds = [("basic", True), ("project", True), ("to_superior", False), ("to_affiliated", False)]
        spend = [(getattr(acc.profile.spending_types, k), acc.spending_column(k)) for k, always in kinds if always or acc.spending_column(k)]
        rates = shares([v for _, v in spend], acc.setting("percent_places"))
        spending = self.say("spending", amount=amt(acc.current_spending), items=self.share_items([s for s, _ in spend], [v for _, v in spend], rates))
        return {"scope": scope, "total": total_text, "income": income, "spending": spending}

    def share_items(self, labels: list[str], values: list[Decimal], rates: list[Decimal] | None) -> str:
        rates = rates or [ZERO] * len(values)
        return "；".join(
            self.say("share_item", label=label, amount=amt(v), share=pct(r, self.acc)) for label, v, r in zip(labels, values, rates, strict=True)
        )

    # -- 二 -------------------------------------------------------------------------------------
    def part_two(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        head = self.compared(
            self.say("fiscal_subject"), acc.fiscal_total, m.prior_year.fiscal_total, self.say("fiscal_against"), "fiscal_total",
            self.new_projects_clause(False) + m.reasons.fiscal_total + self.carryover_clauses(),
        )
        labels = acc.profile.income_sources
        incomes = [self.say("fiscal_income_current", label=labels[f], amount=amt(acc.fiscal_income(f))) for f in FUNDS if acc.fiscal_income(f)]
        incomes += [self.say("fiscal_income_carryover", label=labels[f], amount=amt(acc.carryover(f))) for f in FUNDS if acc.carryover(f)]
        by_class = acc.by_class(lambda f: f.fiscal())
        spend = [f"{acc.class_names.get(c, c)}{amt(v)}" for c, v in sorted(by_class.items()) if v]
        lists = self.say("fiscal_lists", incomes="、".join(incomes) or "无", spending="、".join(spend) or "无")
        return {"total": head, "lists": lists}

    # -- 三 -------------------------------------------------------------------------------------
    def part_three(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        scale = self.compared(
            self.say("general_budget_subject"), acc.gb_current, m.prior_year.general_budget, self.say("general_budget_against"),
            "general_budget", self.new_projects_clause(True) + m.reasons.general_budget,
        )
        rows = class_shares(acc)
        if rows:
            structure = self.share_items([name for _, name, _, _ in rows], [v for _, _, v, _ in rows], [r for *_, r in rows]) + "。"
        else:
            structure = self.say("structure_empty")
        details = []
        n = 0
        for f in acc.functions:
            value = f.fund("general_budget", None, CURRENT_SOURCES)
            if not value:
                continue
            n += 1
            cls = short_class(acc.class_names.get(f.code[:3], f.code[:3]))
            kuan = acc.class_names.get(f.code[:5])
            if not kuan:
                self.warn("budget.name_missing", f"缺少款级科目 {f.code[:5]} 的名称（function_classes）", f"function_classes.{f.code[:5]}")
                kuan = f.code[:5]
            text = self.say("detail", n=n, class_name=cls, kuan=kuan, item=f.name, amount=amt(value))
            if f.purpose:
                text += self.say("detail_purpose", purpose=f.purpose.rstrip("。"))
            else:
                text += "。"
                index = m.functions.index(f)
                self.warn("budget.purpose_missing", f"{f.code} {f.name} 缺少“主要用于”的说明", f"functions[{index}].purpose")
            details.append(text)
        return {"scale": scale, "structure": structure, "details": details}

    # -- 四 -------------------------------------------------------------------------------------
    def basic_list(self, personnel: bool) -> str:
        acc = self.acc
        groups = personnel_groups(acc)
        member = {code: label for label, codes in groups.items() for code in codes}
        items: dict[str, Decimal] = {}
        for e in acc.gb_basic_items():
            if (e.code[:3] in ("301", "303")) != personnel:
                continue
            label = member.get(e.code) or acc.economic_name(e.code, e.name)
            items[label] = items.get(label, ZERO) + acc.econ_basic(e)
        return "、".join(f"{label}{amt(v)}" for label, v in items.items() if v)

    def part_four(self) -> dict[str, Any]:
        acc = self.acc
        head = self.say("basic_personnel", total=amt(acc.personnel + acc.public), amount=amt(acc.personnel))
        people = self.basic_list(True)
        head += self.say("basic_items", items=people) if people else "。"
        public = self.say("basic_public", amount=amt(acc.public))
        listed = self.basic_list(False)
        public += self.say("basic_items", items=listed) if listed else "。"
        return {"personnel": head, "public": public}

    # -- 五 -------------------------------------------------------------------------------------
    def part_five(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        tp = m.three_public
        figures = acc.three_public_fund()
        labels = acc.profile.three_public_labels.model_dump()
        priors = {"outbound": tp.outbound.prior_budget, "reception": tp.reception.prior_budget, "vehicle": tp.vehicle.prior_budget}
        shown = [k for k in ("outbound", "reception", "vehicle") if figures[k] or priors[k]]
        if not figures["total"] and not any(priors.values()):
            return {"lead": self.say("three_public_none"), "lines": []}
        lead = self.say("three_public_lead", amount=amt(figures["total"]))
        prior_total = tp.prior_budget
        if prior_total is None and all(p is not None for p in priors.values()):
            prior_total = sum(priors.values(), ZERO)
        if "three_public_total" in (acc.setting("growth_rate_in") or []) and prior_total is not None:
            said = growth(change(figures["total"], prior_total), acc, "three_public")
            lead += self.say("three_public_lead_flat") if said == "持平" else self.say("three_public_lead_change", change=said)
        lead += self.say("three_public_lead_items", items="，".join(f"{labels[k]}{amt(figures[k])}" for k in shown))
        items: list[str] = []
        for n, key in enumerate(shown, 1):
            item = getattr(tp, key)
            label, value, prior = labels[key], figures[key], priors[key]
            mark = f"（{chinese_number(n)}）"
            if prior is None:
                self.warn("budget.prior_missing", f"缺少{label}上年预算数", f"three_public.{key}.prior_budget")
                items.append(self.say("three_public_no_prior", mark=mark, label=label, amount=amt(value)))
            else:
                ch = change(value, prior)
                said = growth(ch, acc, "three_public")
                if said == "持平":
                    text = self.say("three_public_flat", mark=mark, label=label)
                    text += self.say("three_public_flat_purpose", label=label, purpose=item.purpose.rstrip("。")) if item.purpose else "。"
                else:
                    text = self.say("three_public_change", mark=mark, label=label, change=said)
                    if item.reason:
                        text += self.say("three_public_reason", reason=item.reason.rstrip("。"))
                    else:
                        text += (f"，{self.missing(f'{label}变动的原因', '原因：')}。" if self.draft else "。")
                        self.warn("budget.reason_missing", f"{label}与上年预算相比{said}，缺少原因", f"three_public.{key}.reason")
                items.append(text)
            if key == "vehicle":
                items += self.vehicle_lines(figures)
        return {"lead": lead, "lines": items}

    def vehicle_lines(self, figures: dict[str, Decimal]) -> list[str]:
        acc, tp = self.acc, self.m.three_public
        stock = tp.stock_by_type
        types = acc.profile.vehicle_types.model_dump()
        known = self.figures(stock, "three_public.stock_by_type", types)
        count = sum(stock.model_dump().values()) if known else 0
        lines = [self.say("vehicle_stock", count=count, types="，".join(f"{types[k]}{getattr(stock, k)}辆" for k in types))] if known else []
        veh = tp.vehicle
        if veh.purchase.note:
            lines.append(veh.purchase.note if veh.purchase.note.endswith("。") else veh.purchase.note + "。")
        elif figures["vehicle_purchase"]:
            text = self.say("vehicle_purchase", amount=amt(figures["vehicle_purchase"]))
            text += self.say("vehicle_purchase_count", count=veh.purchase.vehicles) if veh.purchase.vehicles else ""
            lines.append(text + "。")
        else:
            lines.append(self.say("vehicle_purchase_none"))
        if figures["vehicle_operation"] and (veh.operation.vehicles or known):  # the count it states is given
            text = self.say("vehicle_operation", amount=amt(figures["vehicle_operation"]), count=veh.operation.vehicles or count)
            text += self.say("vehicle_operation_purpose", purpose=veh.operation.purpose.rstrip("。")) if veh.operation.purpose else "。"
            lines.append(text)
        return lines

    # -- 六 七 ----------------------------------------------------------------------------------
    def fund_section(self, fund: str, label: str) -> str:
        acc, m = self.acc, self.m
        value = acc.fund_spending(fund)
        prior = getattr(m.prior_year, fund)
        if not value and not prior:
            return self.say(f"{fund}_empty")
        text = self.say(
            "fund", label=label, amount=amt(value), basic=amt(acc.fund_spending(fund, "basic")), project=amt(acc.fund_spending(fund, "project")),
        )
        if prior is None:
            return text + "。"
        ch = change(value, prior)
        said = growth(ch, acc, fund)
        if said == "持平":
            return text + self.say("fund_flat")
        why = reasons_text(getattr(m.reasons, fund))
        if not why:
            self.warn("budget.reason_missing", f"{label}支出与上年预算相比{said}，缺少主要原因", f"reasons.{fund}")
            why = self.missing(f"{label}支出变动的主要原因")
        return text + self.say("fund_change", change=said, reason=f"，{why}" if why else "")

    # -- 八 -------------------------------------------------------------------------------------
    def part_eight(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        P = acc.year - 1
        op = acc.operating_expenses
        if not op and not m.operating_expenses.prior_budget:
            operating = self.say("operating_empty")
        elif m.operating_expenses.prior_budget is None:
            self.warn("budget.prior_missing", "缺少上年机关运行经费预算数，机关运行经费未与上年比较", "operating_expenses.prior_budget")
            operating = self.say("compared_none", subject=f"{acc.year}年，{acc.short}机关运行经费财政拨款预算为", amount=amt(op))
        else:
            ch = change(op, m.operating_expenses.prior_budget)
            said = growth(ch, acc, "operating_expenses")
            if said == "持平":
                operating = self.say("operating_flat", amount=amt(op))
            else:
                operating = self.say("operating_change", amount=amt(op), change=said)
                why = reasons_text([m.operating_expenses.reason])
                if not why:
                    self.warn("budget.reason_missing", f"机关运行经费与上年预算相比{said}，缺少主要原因", "operating_expenses.reason")
                    why = self.missing("机关运行经费变动的主要原因")
                if why:
                    operating += why + "。"
        pr = m.procurement
        proc_total = sum((pr.goods, pr.works, pr.services), ZERO) if self.figures(pr, "procurement", PROCUREMENT_WORDS) else None
        if proc_total is None:
            procurement = ""
        elif proc_total:
            procurement = self.say("procurement", amount=amt(proc_total), goods=amt(pr.goods), works=amt(pr.works), services=amt(pr.services))
        else:
            procurement = self.say("procurement_empty")
        a = m.assets
        uses = acc.profile.vehicle_uses.model_dump()
        when = a.as_of
        date = f"{P}年底" if when is None or (when.month, when.day) == (12, 31) else f"{when.year}年{when.month}月{when.day}日"
        threshold = Amount(acc.setting("large_equipment_threshold") or 0)
        whole = threshold.value == threshold.value.to_integral()
        threshold_text = format(threshold.value.to_integral(), "f") if whole else str(threshold)
        known = self.figures(a.vehicles, "assets.vehicles", uses)
        known = self.figures(a, "assets", {"large_equipment": "单位价值达到阈值以上的大型设备"}) and known
        assets = [self.say(
            "assets_stock", date=date, count=sum(a.vehicles.model_dump().values()), uses="、".join(f"{uses[k]}{getattr(a.vehicles, k)}辆" for k in uses),
            threshold=threshold_text, equipment=a.large_equipment,
        )] if known else []
        pl = a.planned
        planned_count = sum(pl.vehicles.model_dump().values())
        if not (pl.note or planned_count or pl.fiscal or pl.non_fiscal or pl.equipment or pl.equipment_budget):
            assets.append(self.say("assets_nothing_planned", threshold=threshold_text))
            return self._eight_rest(operating, procurement, assets)
        lead = pl.note.rstrip("。") + "。" if pl.note else self.say("assets_planned_lead", count=planned_count)
        lead += self.say(
            "assets_planned", fiscal=amt(pl.fiscal), non_fiscal=amt(pl.non_fiscal),
            uses="、".join(f"{uses[k]}{getattr(pl.vehicles, k)}辆" for k in uses),
            equipment_budget=amt(pl.equipment_budget), equipment=pl.equipment,
        )
        assets.append(lead)
        return self._eight_rest(operating, procurement, assets)

    def _eight_rest(self, operating: str, procurement: str, assets: list[str]) -> dict[str, Any]:
        acc, m = self.acc, self.m
        intro = m.performance.intro or self.say("performance_intro")
        c = m.project_counts
        specific = acc.gb_projects
        for key, label, amount in (("personnel", "人员类", acc.personnel), ("operation", "运转类", acc.public)):
            if amount and not getattr(c, key):
                self.warn("budget.count_missing", f"{label}项目涉及预算{amt(amount)}，但项目个数为0（project_counts.{key}）", f"project_counts.{key}")
        n = c.personnel + c.operation + len(specific)
        summary = self.say(
            "performance_summary", count=n, amount=amt(acc.personnel + acc.public + acc.projects_total),
            personnel_count=c.personnel, personnel=amt(acc.personnel), operation_count=c.operation, operation=amt(acc.public),
            specific_count=len(specific), specific=amt(acc.projects_total),
        )
        return {"operating": operating, "procurement": procurement, "assets": assets, "performance": [intro, summary]}

    # -- 第三部分 catalogue, 第四部分 名词解释 ----------------------------------------------------
    def catalogue(self) -> list[str]:
        titles = self.acc.model.presentation.table_titles
        return [f"{chinese_number(i)}、{titles.get(t.key, t.title)}（{t.number}）" for i, t in enumerate(self.acc.profile.tables, 1)]

    def glossary(self) -> list[str]:
        """第四部分 名词解释 in the profile's order; at its ``functions`` entry one entry per 项
        used, its text from the input (presentation.glossary keyed by code)."""
        acc, m = self.acc, self.m
        given = m.presentation.glossary
        used = {"gov_fund": bool(acc.fiscal_income("gov_fund")), "carryover": bool(acc.carryover())}
        entries: list[tuple[str, str]] = []
        for entry in acc.profile.glossary:
            if entry.functions:
                entries += self.function_terms(given)
            elif entry.when is None or used[entry.when]:
                entries.append((entry.term, given.get(entry.term, acc.profile.fill(entry.text, **common(acc)))))
        return [f"{chinese_number(i)}、{term}：{text}" for i, (term, text) in enumerate(entries, 1)]

    def function_terms(self, given: dict[str, str]) -> list[tuple[str, str]]:
        acc, m = self.acc, self.m
        entries = []
        for code in sorted({f.code for f in m.functions}):
            f = next(x for x in m.functions if x.code == code)
            cls = short_class(acc.class_names.get(code[:3], code[:3]))
            kuan = acc.class_names.get(code[:5], code[:5])
            term = f"{cls}（类）{kuan}（款）{f.name}（项）"
            if code in given:
                entries.append((term, given[code]))
            else:
                self.warn("budget.glossary_missing", f"名词解释缺少所用科目 {code} {f.name} 的解释（presentation.glossary.\"{code}\"）", "presentation.glossary")
        return entries

    def build(self) -> dict[str, Any]:
        acc = self.acc
        return {
            "unit": {"name": self.m.unit.name, "short": acc.short, "year": acc.year},
            "profile": self.part1(),
            "s1": self.part_one(),
            "s2": self.part_two(),
            "s3": self.part_three(),
            "s4": self.part_four(),
            "s5": self.part_five(),
            "s6": self.fund_section("gov_fund", "政府性基金预算"),
            "s7": self.fund_section("state_capital", "国有资本经营预算"),
            "s8": self.part_eight(),
            "catalogue": self.catalogue(),
            "glossary": self.glossary(),
        }


def build_context(acc: BudgetAccounts, draft: bool = False) -> tuple[dict[str, Any], list[Issue]]:
    builder = Builder(acc, draft)
    context = builder.build()
    return context, builder.issues


__all__ = ["INCOME_KEYS", "build_context", "class_shares", "personnel_groups"]
