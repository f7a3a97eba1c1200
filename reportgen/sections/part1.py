"""第一部分 部门概况."""

from __future__ import annotations

from ..wording import sentence
from .base import Ctx


def profile(ctx: Ctx) -> dict[str, object]:
    unit = ctx.model.unit
    name = unit.name
    scope = [f"{name}（本级）", *unit.subunits]
    composition = (
        f"从单位构成看，{name}部门决算由实行独立核算的{name}本级决算"
        + (f"和{len(unit.subunits)}个下属单位决算组成。" if unit.subunits else "组成，无下属单位。")
    )
    divisions = (
        f"{unit.display_name}设下列内设机构：{'、'.join(unit.divisions)}。" if unit.divisions else ""
    )
    staff = ""
    if unit.staff is not None:
        staff = f"{unit.display_name}编制{unit.staff.authorized}人，实有人员{unit.staff.actual}人"
        staff += f"，离退休人员{unit.staff.retired}人。" if unit.staff.retired else "。"
    return {
        "staff": staff,
        "duties": [f"（{_cn(i)}）{sentence(duty)}" for i, duty in enumerate(unit.duties, start=1)],
        "composition": composition,
        "scope_intro": f"纳入{name}{ctx.year}部门决算编制范围的预算单位包括：",
        "scope_units": [f"{i}.{unit_name}" for i, unit_name in enumerate(scope, start=1)],
        "divisions": divisions,
    }


def _cn(n: int) -> str:
    from ..glossary import chinese_number

    return chinese_number(n)
