"""Cell values ↔ plain data: the conversions the reader and the writer share.

Excel keeps every number as a binary double. A typed 905.31 comes back as the float whose
shortest ``repr`` is ``'905.31'``, so ``Decimal(repr(x))`` restores exactly what was typed. A value
computed by a formula may carry binary noise (0.1+0.2 → 0.30000000000000004): such a value is
rounded half-up to 6 decimals (the model's finest amount) and trailing zeros are dropped.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..numbers import NumberFormError, parse_number

FINEST = Decimal("0.000001")
UNITS: dict[str, Decimal] = {"万元": Decimal(10000), "元": Decimal(1)}
_EMPTY_TEXTS = {"", "-", "—", "－", "——"}
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)")


def decimal_from_excel(value: float) -> Decimal:
    number = Decimal(repr(value))  # float-ok: Excel cell value, read from its shortest repr
    if number.as_tuple().exponent < -6:  # type: ignore[operator]
        number = number.quantize(FINEST, rounding=ROUND_HALF_UP)
    return plain(number)


def plain(number: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (10, not 1E+1)."""
    number = number.normalize()
    if number.as_tuple().exponent > 0 and number.adjusted() < 27:  # type: ignore[operator]
        return number.quantize(Decimal(1))
    return number  # (beyond 27 digits: left as it is, the model refuses the magnitude)


_FIXED_FORMAT = re.compile(r"(?:#,##)?0(?:\.(0+))?")


def number_format_for(value: Decimal) -> str | None:
    """The cell format that shows ``value`` with the trailing zeros it was written with
    (0.00 → "#,##0.00"); None when it has none (the usual format shows it as written)."""
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or exponent >= 0:
        return None
    if str(value) == str(plain(value)):
        return None  # no trailing zeros: the usual format shows it as written
    return "#,##0." + "0" * -exponent


def written_places(number: Decimal | int, number_format: str | None) -> Decimal | int:
    """A number as its cell shows it: a fixed-decimals format ("0.00") adds the trailing zeros
    Excel cannot store, so 0.00 typed in YAML and shown as 0.00 in the workbook print alike.
    Never rounds: a value with more decimals than its format shows keeps them all."""
    match = _FIXED_FORMAT.fullmatch(number_format or "")
    if not match or (isinstance(number, Decimal) and not number.is_finite()):
        return number
    places = len(match.group(1) or "")
    if not places:
        return number
    number = Decimal(number)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < places:
        return number.quantize(Decimal(1).scaleb(-places))
    return number


_PERCENT_FORMAT = re.compile(r"(?:#,##)?0(?:\.(0+))?%")


def shown_number(number: Decimal | int, number_format: str | None) -> Decimal | int:
    """A number cell's value as the cell shows it: 5.25% typed into a percent-formatted cell is
    stored as 0.0525 and read as 5.25 (the unit % is the indicator's own); a fixed-decimals
    format keeps its trailing zeros (``written_places``)."""
    match = _PERCENT_FORMAT.fullmatch(number_format or "")
    if match:
        places = len(match.group(1) or "")
        number = plain(Decimal(number) * 100)
        return written_places(number, "0." + "0" * places if places else "0")
    return written_places(number, number_format)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _EMPTY_TEXTS)


def unit_of(text: Any) -> str | None:
    """'单位：万元' / '金额单位：元' → '万元' / '元'."""
    match = _UNIT.search(str(text or ""))
    return match.group(1) if match else None


def to_number(value: Any, kind: str) -> Any:
    """A cell's number (money / number / int); text that is not a number is returned unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        number = decimal_from_excel(value)
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, str):
        # text in a cell: the same unambiguous forms as in YAML/JSON ("1,234.56" yes, "553,94" no);
        # anything else stays text, and the model reports it with its cell
        try:
            number = parse_number(value)
        except NumberFormError:
            return value.strip()
    else:
        return value
    if kind == "int" and number == number.to_integral_value():
        return int(number)
    if kind == "int":
        return value
    return int(number) if isinstance(value, int) else number


def to_text(value: Any, kind: str) -> Any:
    if isinstance(value, float):
        value = decimal_from_excel(value)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text.replace(" ", "") if kind == "code" else text


def to_date(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return to_text(value, "text")


def to_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in ("是", "否"):
        return value.strip() == "是"
    return value


# An explicitly empty list where "absent" means something else (e.g. report_problems: [] = 无,
# absent = same as problems): a blank cell cannot tell the two apart, so the empty list is written
# as this word.
EMPTY_LINES = "（无）"


_MAPPING_SPLIT = re.compile(r"\s*[：:]\s*")
_PAIR_SPLIT = re.compile(r"\s*[｜|]\s*")


def split_lines(value: Any, kind: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A "mapping" cell (键：值 a line) or a "pairs" cell (甲｜乙 a line): its (key, value) pairs
    and the lines that are neither."""
    pattern = _MAPPING_SPLIT if kind == "mapping" else _PAIR_SPLIT
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for line in str(value).splitlines():
        if not line.strip():
            continue
        parts = pattern.split(line.strip(), maxsplit=1)
        if len(parts) != 2 or not parts[0] or not parts[1] or (kind == "pairs" and pattern.search(parts[1])):
            bad.append(line.strip())
        else:
            pairs.append((parts[0], parts[1]))
    return pairs, bad


def read_value(value: Any, kind: str, item: str = "") -> Any:
    """One non-blank cell value as plain data of ``kind`` (``item``: a mapping's value kind)."""
    if kind == "mapping":
        return {key: read_value(text, item or "text") for key, text in split_lines(value, kind)[0]}
    if kind == "pairs":
        return [list(pair) for pair in split_lines(value, kind)[0]]
    if kind in ("money", "number", "int"):
        return to_number(value, kind)
    if kind == "date":
        return to_date(value)
    if kind == "bool":
        return to_bool(value)
    if kind == "lines":
        if str(value).strip() == EMPTY_LINES:
            return []
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    return to_text(value, kind)


def write_value(value: Any, kind: str, optional: bool = False) -> Any:
    """Plain data → what a cell holds."""
    if value is None:
        return None
    if kind == "mapping":
        return "\n".join(f"{k}：{_text(v)}" for k, v in value.items()) or None
    if kind == "pairs":
        return "\n".join("｜".join(str(part) for part in pair) for pair in value) or None
    if kind == "lines":
        if not value and optional:
            return EMPTY_LINES
        return "\n".join(str(v) for v in value) or None
    if isinstance(value, Decimal):
        return plain(value)
    if kind == "bool" and isinstance(value, bool):
        return "是" if value else "否"  # a dropdown of 是/否, never TRUE/FALSE
    if kind in ("text", "code", "choice") and not isinstance(value, str):
        return str(value)
    return value


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(plain(value), "f")
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def texts_stay_text(book: Any) -> None:
    """Every text cell of ``book`` saved as text. openpyxl stores a str beginning with "=" as a
    formula: a unit's name or reason written "=HYPERLINK(…)" would become a live formula in the
    workbook a user opens (and read back as a formula without a value, i.e. lost). reportgen
    writes no formulas of its own."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
