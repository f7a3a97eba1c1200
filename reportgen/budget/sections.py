"""第一部分 概况 and 第二部分 预算情况说明 of the budget report: every sentence of spec §A.2–A.3,
filled from ``BudgetAccounts``. Wording that varies by region comes from the profile."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..diagnostics import Issue, Severity, Source
from ..figures import ChangeKind, change, shares
from ..glossary import chinese_number
from ..money import Amount, Percent
from ..wording import enumerate_cn
from .accounts import CURRENT_SOURCES, INCOME_KEYS, BudgetAccounts, total
from .model import FUNDS

ZERO = Decimal(0)


def amt(value: Decimal) -> str:
    return f"{Amount(value)}万元"


def pct(rate: Decimal, acc: BudgetAccounts) -> str:
    return str(Percent(rate, acc.setting("percent_places")))


def short_class(name: str) -> str:
    return name[:-2] if name.endswith("支出") else name


def fill(template: str, acc: BudgetAccounts) -> str:
    return template.format(
        short=acc.short, year=acc.year, prior=acc.year - 1, fiscal_level=acc.model.unit.fiscal_level,
        threshold=Amount(acc.setting("large_equipment_threshold") or 0),
    )


def share_items(labels: list[str], values: list[Decimal], whole_rates: list[Decimal] | None, acc: BudgetAccounts) -> str:
    rates = whole_rates or [ZERO] * len(values)
    return "；".join(f"{label}{amt(v)}，占{pct(r, acc)}" for label, v, r in zip(labels, values, rates, strict=True))


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


class Builder:
    def __init__(self, acc: BudgetAccounts) -> None:
        self.acc = acc
        self.m = acc.model
        self.issues: list[Issue] = []

    def warn(self, rule: str, message: str, path: str) -> None:
        self.issues.append(Issue(rule, Severity.WARNING, message, Source("", path)))

    # -- 第一部分 ------------------------------------------------------------------------------
    def part1(self) -> dict[str, Any]:
        u = self.m.unit
        units = u.budget_units
        kinds = {k: sum(1 for x in units if x.kind == k) for k in ("administrative", "civil_servant_managed", "institution")}
        others = [x.name for x in units if not x.main]
        composition = (
            f"{self.acc.short}及下属二级预算单位共{len(units)}个，其中行政单位（本级）{kinds['administrative']}个，"
            f"参照公务员法管理的事业单位{kinds['civil_servant_managed']}个，其他事业单位{kinds['institution']}个。"
        )
        if others:
            composition += f"主要包括：{'、'.join(others)}。"
        return {
            "duties": [f"{i}．{d.strip()}" for i, d in enumerate(u.duties, 1)],
            "key_tasks_intro": u.key_tasks.intro,
            "key_tasks": [f"{i}.{t.strip()}" for i, t in enumerate(u.key_tasks.items, 1)],
            "composition": composition,
        }

    # -- 一 -------------------------------------------------------------------------------------
    def income_items(self) -> list[tuple[str, Decimal]]:
        acc = self.acc
        labels = acc.profile["income_sources"]
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
        return [f"本年度增加了{len(new)}个特定目标类项目{listing}共计{amt(total(p.amount for p in new))}"]

    def carryover_clauses(self) -> list[str]:
        labels = self.acc.profile["income_sources"]
        return [f"上年{labels[f]}结转{amt(self.acc.carryover(f))}" for f in FUNDS if self.acc.carryover(f)]

    def compared(self, subject: str, current: Decimal, prior: Decimal | None, against: str, section: str, reasons: list[str]) -> str:
        if prior is None:
            self.warn("budget.prior_missing", f"缺少上年预算数，{subject}未与上年比较", f"prior_year.{section}")
            return f"{subject}{amt(current)}。"
        ch = change(current, prior)
        said = growth(ch, self.acc, section)
        if said == "持平":
            return f"{subject}{amt(current)}，与{against}持平。"
        why = reasons_text(reasons)
        if not why:
            self.warn("budget.reason_missing", f"{subject}与上年相比{said}，缺少主要原因", f"reasons.{section}")
        return f"{subject}{amt(current)}，比{against}{said}" + (f"，{why}" if why else "") + "。"

    def part_one(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        items = self.income_items()
        sources = "、".join(label for _, label, v in items if v)
        classes = acc.by_class()
        names = "、".join(acc.class_names.get(c, c) for c in sorted(classes) if classes[c])
        scope = fill(acc.profile["text"]["scope"], acc) + f"收入包括：{sources}；支出包括：{names}。"
        Y, P = acc.year, acc.year - 1
        total_text = self.compared(
            f"{acc.short}{Y}年收支预算总数", acc.income_total, m.prior_year.total, f"{P}年收支预算总数", "total",
            self.new_projects_clause(False) + m.reasons.total + self.carryover_clauses(),
        )
        values = [v for _, _, v in items]
        rates = shares(values, acc.setting("percent_places"))
        income = f"{acc.short}{Y}年收入预算{amt(acc.income_total)}，其中：" + share_items([lbl for _, lbl, _ in items], values, rates, acc) + "。"
        kinds = [("basic", True), ("project", True), ("to_superior", False), ("to_affiliated", False)]
        spend = [(acc.profile["spending_types"][k], acc.spending_column(k)) for k, always in kinds if always or acc.spending_column(k)]
        rates = shares([v for _, v in spend], acc.setting("percent_places"))
        spending = f"{acc.short}{Y}年支出预算{amt(acc.current_spending)}，其中：" + share_items([s for s, _ in spend], [v for _, v in spend], rates, acc) + "。"
        return {"scope": scope, "total": total_text, "income": income, "spending": spending}

    # -- 二 -------------------------------------------------------------------------------------
    def part_two(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        Y, P = acc.year, acc.year - 1
        head = self.compared(
            f"{acc.short}{Y}年财政拨款收支预算总数", acc.fiscal_total, m.prior_year.fiscal_total,
            f"{P}年财政拨款收支预算总数", "fiscal_total",
            self.new_projects_clause(False) + m.reasons.fiscal_total + self.carryover_clauses(),
        )
        labels = acc.profile["income_sources"]
        incomes = [f"本年{labels[f]}{amt(acc.fiscal_income(f))}" for f in FUNDS if acc.fiscal_income(f)]
        incomes += [f"上年结转{labels[f]}{amt(acc.carryover(f))}" for f in FUNDS if acc.carryover(f)]
        by_class = acc.by_class(lambda f: f.fiscal())
        spend = [f"{acc.class_names.get(c, c)}{amt(v)}" for c, v in sorted(by_class.items()) if v]
        lists = f"收入包括：{'、'.join(incomes) or '无'}；支出包括：{'、'.join(spend) or '无'}。"
        return {"total": head, "lists": lists}

    # -- 三 -------------------------------------------------------------------------------------
    def part_three(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        Y, P = acc.year, acc.year - 1
        scale = self.compared(
            f"{acc.short}{Y}年一般公共预算当年拨款", acc.gb_current, m.prior_year.general_budget, f"{P}年预算数",
            "general_budget", self.new_projects_clause(True) + m.reasons.general_budget,
        )
        rows = class_shares(acc)
        if rows:
            structure = "；".join(f"{name}{amt(v)}，占{pct(r, acc)}" for _, name, v, r in rows) + "。"
        else:
            structure = f"{acc.short}{Y}年无一般公共预算当年拨款。"
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
            text = f"{n}.{cls}（类）{kuan}（款）{f.name}（项）：{Y}年预算数为{amt(value)}"
            if f.purpose:
                text += f"，主要用于：{f.purpose.rstrip('。')}。"
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
        head = f"{acc.short}{acc.year}年一般公共预算基本支出{amt(acc.personnel + acc.public)}，其中：人员经费{amt(acc.personnel)}"
        people = self.basic_list(True)
        head += f"，主要包括：{people}。" if people else "。"
        public = f"公用经费{amt(acc.public)}"
        listed = self.basic_list(False)
        public += f"，主要包括：{listed}。" if listed else "。"
        return {"personnel": head, "public": public}

    # -- 五 -------------------------------------------------------------------------------------
    def part_five(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        Y, P = acc.year, acc.year - 1
        tp = m.three_public
        figures = acc.three_public_fund()
        labels = acc.profile["three_public_labels"]
        priors = {"outbound": tp.outbound.prior_budget, "reception": tp.reception.prior_budget, "vehicle": tp.vehicle.prior_budget}
        shown = [k for k in ("outbound", "reception", "vehicle") if figures[k] or priors[k]]
        if not figures["total"] and not any(priors.values()):
            return {"lead": f"{acc.short}{Y}年未安排“三公”经费财政拨款预算。", "lines": []}
        lead = f"{acc.short}{Y}年“三公”经费财政拨款预算数{amt(figures['total'])}"
        prior_total = tp.prior_budget
        if prior_total is None and all(p is not None for p in priors.values()):
            prior_total = sum(priors.values(), ZERO)
        if "three_public_total" in (acc.setting("growth_rate_in") or []) and prior_total is not None:
            said = growth(change(figures["total"], prior_total), acc, "three_public")
            lead += f"，与{P}年预算持平" if said == "持平" else f"，比{P}年预算{said}"
        lead += "，其中：" + "，".join(f"{labels[k]}{amt(figures[k])}" for k in shown) + "。"
        items: list[str] = []
        for n, key in enumerate(shown, 1):
            item = getattr(tp, key)
            label, value, prior = labels[key], figures[key], priors[key]
            mark = f"（{chinese_number(n)}）"
            if prior is None:
                self.warn("budget.prior_missing", f"缺少{label}上年预算数", f"three_public.{key}.prior_budget")
                items.append(f"{mark}{label}{Y}年预算{amt(value)}。")
            else:
                ch = change(value, prior)
                said = growth(ch, acc, "three_public")
                if said == "持平":
                    text = f"{mark}{label}较{P}年预算持平"
                    text += f"，{Y}年{label}计划用于{item.purpose.rstrip('。')}。" if item.purpose else "。"
                else:
                    text = f"{mark}{label}较{P}年预算{said}"
                    if item.reason:
                        text += f"，原因：{item.reason.rstrip('。')}。"
                    else:
                        text += "。"
                        self.warn("budget.reason_missing", f"{label}与上年预算相比{said}，缺少原因", f"three_public.{key}.reason")
                items.append(text)
            if key == "vehicle":
                items += self.vehicle_lines(figures)
        return {"lead": lead, "lines": items}

    def vehicle_lines(self, figures: dict[str, Decimal]) -> list[str]:
        acc, tp = self.acc, self.m.three_public
        Y = acc.year
        stock = tp.stock_by_type
        types = acc.profile["vehicle_types"]
        count = sum(stock.model_dump().values())
        lines = [f"单位现有公务用车{count}辆，其中：" + "，".join(f"{types[k]}{getattr(stock, k)}辆" for k in types) + "。"]
        veh = tp.vehicle
        if veh.purchase.note:
            lines.append(veh.purchase.note if veh.purchase.note.endswith("。") else veh.purchase.note + "。")
        elif figures["vehicle_purchase"]:
            lines.append(f"{Y}年安排公务用车购置费{amt(figures['vehicle_purchase'])}" + (f"，购置公务用车{veh.purchase.vehicles}辆。" if veh.purchase.vehicles else "。"))
        else:
            lines.append(f"{Y}年未安排公务用车购置费。")
        if figures["vehicle_operation"]:
            text = f"{Y}年安排公务用车运行维护费{amt(figures['vehicle_operation'])}，用于{veh.operation.vehicles or count}辆公务用车燃油、维修、保险等方面支出"
            text += f"，主要保障{veh.operation.purpose.rstrip('。')}。" if veh.operation.purpose else "。"
            lines.append(text)
        return lines

    # -- 六 七 ----------------------------------------------------------------------------------
    def fund_section(self, fund: str, label: str) -> str:
        acc, m = self.acc, self.m
        Y, P = acc.year, acc.year - 1
        value = acc.fund_spending(fund)
        prior = getattr(m.prior_year, fund)
        if not value and not prior:
            return fill(acc.profile["text"][f"{fund}_empty"], acc)
        text = (
            f"{acc.short}{Y}年{label}支出{amt(value)}，其中：基本支出{amt(acc.fund_spending(fund, 'basic'))}，"
            f"项目支出{amt(acc.fund_spending(fund, 'project'))}"
        )
        if prior is None:
            return text + "。"
        ch = change(value, prior)
        said = growth(ch, acc, fund)
        if said == "持平":
            return text + f"，与{P}年预算数持平。"
        why = reasons_text(getattr(m.reasons, fund))
        if not why:
            self.warn("budget.reason_missing", f"{label}支出与上年预算相比{said}，缺少主要原因", f"reasons.{fund}")
        return text + f"，比{P}年预算数{said}" + (f"，{why}" if why else "") + "。"

    # -- 八 -------------------------------------------------------------------------------------
    def part_eight(self) -> dict[str, Any]:
        acc, m = self.acc, self.m
        Y, P = acc.year, acc.year - 1
        op = acc.operating_expenses
        if not op and not m.operating_expenses.prior_budget:
            operating = fill(acc.profile["text"]["operating_empty"], acc)
        else:
            ch = change(op, m.operating_expenses.prior_budget)
            said = growth(ch, acc, "operating_expenses")
            if said == "持平":
                operating = f"{Y}年，{acc.short}机关运行经费财政拨款预算为{amt(op)}，与{P}年预算持平。"
            else:
                operating = f"{Y}年，{acc.short}机关运行经费财政拨款预算为{amt(op)}，比{P}年预算{said}。"
                why = reasons_text([m.operating_expenses.reason])
                if why:
                    operating += why + "。"
                else:
                    self.warn("budget.reason_missing", f"机关运行经费与上年预算相比{said}，缺少主要原因", "operating_expenses.reason")
        pr = m.procurement
        proc_total = pr.goods + pr.works + pr.services
        if proc_total:
            procurement = (
                f"{Y}年，{acc.short}安排政府采购预算{amt(proc_total)}，其中，政府采购货物预算{amt(pr.goods)}；"
                f"政府采购工程预算{amt(pr.works)}；政府采购服务预算{amt(pr.services)}。"
            )
        else:
            procurement = fill(acc.profile["text"]["procurement_empty"], acc)
        a = m.assets
        uses = acc.profile["vehicle_uses"]
        when = a.as_of
        date = f"{P}年底" if when is None or (when.month, when.day) == (12, 31) else f"{when.year}年{when.month}月{when.day}日"
        count = sum(a.vehicles.model_dump().values())
        threshold = Amount(acc.setting("large_equipment_threshold") or 0)
        whole = threshold.value == threshold.value.to_integral()
        threshold_text = format(threshold.value.to_integral(), "f") if whole else str(threshold)
        assets = [
            f"截至{date}，{acc.short}共有车辆{count}辆，其中，" + "、".join(f"{uses[k]}{getattr(a.vehicles, k)}辆" for k in uses)
            + f"。单位价值{threshold_text}万元以上大型设备{a.large_equipment}台（套）。"
        ]
        pl = a.planned
        planned_count = sum(pl.vehicles.model_dump().values())
        if not (pl.note or planned_count or pl.fiscal or pl.non_fiscal or pl.equipment or pl.equipment_budget):
            assets.append(f"{Y}年部门预算未安排购置车辆和单位价值{threshold_text}万元以上大型设备。")
            return self._eight_rest(operating, procurement, assets)
        lead = pl.note.rstrip("。") + "。" if pl.note else f"{Y}年部门预算安排购置车辆{planned_count}辆，"
        lead += (
            f"其中，财政拨款预算安排{amt(pl.fiscal)}，非财政拨款安排{amt(pl.non_fiscal)}。拟购置"
            + "、".join(f"{uses[k]}{getattr(pl.vehicles, k)}辆" for k in uses)
            + f"。安排大型设备购置经费{amt(pl.equipment_budget)}，购置大型设备{pl.equipment}台（套）。"
        )
        assets.append(lead)
        return self._eight_rest(operating, procurement, assets)

    def _eight_rest(self, operating: str, procurement: str, assets: list[str]) -> dict[str, Any]:
        acc, m = self.acc, self.m
        Y = acc.year
        intro = m.performance.intro or fill(acc.profile["text"]["performance_intro"], acc)
        c = m.project_counts
        specific = acc.gb_projects
        for key, label, amount in (("personnel", "人员类", acc.personnel), ("operation", "运转类", acc.public)):
            if amount and not getattr(c, key):
                self.warn("budget.count_missing", f"{label}项目涉及预算{amt(amount)}，但项目个数为0（project_counts.{key}）", f"project_counts.{key}")
        n = c.personnel + c.operation + len(specific)
        summary = (
            f"{Y}年{acc.short}开展绩效目标管理的项目{n}个，涉及预算{amt(acc.personnel + acc.public + acc.projects_total)}。"
            f"其中：人员类项目{c.personnel}个，涉及预算{amt(acc.personnel)}；运转类项目{c.operation}个，涉及预算{amt(acc.public)}；"
            f"特定目标类项目{len(specific)}个，涉及预算{amt(acc.projects_total)}。"
        )
        return {"operating": operating, "procurement": procurement, "assets": assets, "performance": [intro, summary]}

    # -- 第三部分 catalogue, 第四部分 名词解释 ----------------------------------------------------
    def catalogue(self) -> list[str]:
        titles = self.acc.model.presentation.table_titles
        return [f"{chinese_number(i)}、{titles.get(t['key'], t['title'])}（{t['number']}）" for i, t in enumerate(self.acc.profile["tables"], 1)]

    def glossary(self) -> list[str]:
        acc, m = self.acc, self.m
        given = m.presentation.glossary
        used = {"gov_fund": bool(acc.fiscal_income("gov_fund")), "carryover": bool(acc.carryover())}
        when = acc.profile.get("glossary_when", {})
        entries: list[tuple[str, str]] = []
        for term, text in acc.profile["glossary_before"]:
            if term in when and not used.get(when[term]):
                continue
            entries.append((term, given.get(term, fill(text, acc))))
        codes = sorted({f.code for f in m.functions})
        for code in codes:
            f = next(x for x in m.functions if x.code == code)
            cls = short_class(acc.class_names.get(code[:3], code[:3]))
            kuan = acc.class_names.get(code[:5], code[:5])
            term = f"{cls}（类）{kuan}（款）{f.name}（项）"
            if code in given:
                entries.append((term, given[code]))
            else:
                self.warn("budget.glossary_missing", f"名词解释缺少所用科目 {code} {f.name} 的解释（presentation.glossary.\"{code}\"）", "presentation.glossary")
        for term, text in acc.profile["glossary_after"]:
            entries.append((term, given.get(term, fill(text, acc))))
        return [f"{chinese_number(i)}、{term}：{text}" for i, (term, text) in enumerate(entries, 1)]

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


def build_context(acc: BudgetAccounts) -> tuple[dict[str, Any], list[Issue]]:
    builder = Builder(acc)
    context = builder.build()
    return context, builder.issues


__all__ = ["INCOME_KEYS", "build_context", "class_shares", "personnel_groups"]
