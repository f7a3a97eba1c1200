"""第二部分 决算表: the nine public tables as data, apart from how they are drawn.

A ``Table`` knows its header (rows of cells with spans), its body rows (label cells and Decimal
values, with a row kind: total, class, item …), its column widths and whether it needs a landscape
page. ``reportgen.tables.draw`` turns it into a Word table; nothing here touches python-docx.
Every figure comes from ``Accounts`` — the same numbers the narrative prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..money import table_text

# the nine tables in the default order; a region profile orders and titles them
from ..regions import TABLE_KEYS as KEYS


@dataclass(frozen=True)
class Cell:
    """A header or body cell. ``value`` (Decimal) prints as a table amount; ``text`` as-is."""

    text: str = ""
    value: Decimal | None = None
    colspan: int = 1
    rowspan: int = 1
    align: str = ""  # "left" | "center" | "right"; default: right for values, left for text

    @property
    def display(self) -> str:
        if self.value is not None:
            return table_text(self.value)
        return self.text


@dataclass
class Row:
    cells: list[Cell]
    kind: str = "item"  # "total" | "class" | "section" | "item" | "blank"


@dataclass
class Table:
    key: str
    title: str
    columns_mm: list[float]
    header: list[list[Cell]]
    rows: list[Row] = field(default_factory=list)
    landscape: bool = False
    footnote: str = ""

    @property
    def width(self) -> int:
        return len(self.columns_mm)

    def column(self, index: int) -> list[str]:
        """Text of body column ``index`` (grid position), for tests and diagnostics."""
        return [row_text[index] for row_text in self.grid()]

    def grid(self) -> list[list[str]]:
        """Body rows as text on the column grid (a spanned cell repeats its text)."""
        out = []
        for row in self.rows:
            texts: list[str] = []
            for cell in row.cells:
                texts.extend([cell.display] * cell.colspan)
            out.append(texts)
        return out


END_ANCHOR = "〔决算表:end〕"

from .builders import build_tables  # noqa: E402  (builders import the classes above)


def ordered_tables(accounts) -> list[Table]:
    """The public tables of ``accounts`` in its region profile's order."""
    from .. import regions

    tables = build_tables(accounts)
    return [tables[key] for key in regions.of(accounts.model).table_order]


__all__ = ["END_ANCHOR", "KEYS", "Cell", "Row", "Table", "build_tables", "ordered_tables"]
