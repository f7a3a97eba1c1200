"""第一部分 部门概况."""

from __future__ import annotations

from ..tables import Cell, Row, Table
from ..tables.draw import anchor
from ..wording import sentence
from .base import Ctx


def profile(ctx: Ctx) -> dict[str, object]:
    unit = ctx.model.unit
    name = unit.name
    if unit.scope:
        scope = [f"{u.name}（{u.note}）" if u.note else u.name for u in unit.scope]
        subunits = len(unit.scope) - 1
    else:
        scope = [f"{name}（本级）", *unit.subunits]
        subunits = len(unit.subunits)
    if subunits:
        composition = ctx.say("profile.composition", name=name, count=subunits)
    else:
        composition = ctx.say("profile.composition_alone", name=name)
    marker = ctx.region.numbering.items[1]
    table = None
    if ctx.region.layout.scope == "table":
        table = _scope_table(unit.scope or [{"name": n} for n in scope])
        scope = []
    divisions = (
        f"{unit.display_name}设下列内设机构：{'、'.join(unit.divisions)}。" if unit.divisions else ""
    )
    staff = ""
    if unit.staff is not None and None not in [ctx.figure(unit.staff.authorized, "编制数", "unit.staff.authorized"),
                                               ctx.figure(unit.staff.actual, "实有人数", "unit.staff.actual")]:
        staff = f"{unit.display_name}编制{unit.staff.authorized}人，实有人员{unit.staff.actual}人"
        staff += f"，离退休人员{unit.staff.retired}人。" if unit.staff.retired else "。"
    return {
        "staff": staff,
        "duties": [
            f"（{_cn(i)}）{sentence(duty)}" if ctx.region.numbering.duties == "（一）" else duty
            for i, duty in enumerate(unit.duties, start=1)
        ],
        "composition": composition,
        "scope_intro": ctx.say("profile.scope_intro", name=name),
        "scope_units": [f"{i}{marker}{unit_name}" for i, unit_name in enumerate(scope, start=1)],
        "scope_table": table,
        "scope_anchor": anchor(table.key) if table is not None else "",
        "divisions": divisions,
    }


def _scope_table(units) -> Table:
    """序号 / 单位名称 / 备注, as the Shanghai template prints the units of the 决算."""
    rows = []
    for i, u in enumerate(units, start=1):
        name = u["name"] if isinstance(u, dict) else u.name
        note = "" if isinstance(u, dict) else u.note
        rows.append(Row([Cell(str(i), align="center"), Cell(name), Cell(note)]))
    header = [[Cell("序号", align="center"), Cell("单位名称", align="center"), Cell("备注", align="center")]]
    return Table("scope", "单位构成", [18.0, 86.0, 52.0], header, rows)


def _cn(n: int) -> str:
    from ..glossary import chinese_number

    return chinese_number(n)
