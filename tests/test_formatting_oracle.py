"""reportgen formats numbers and dates itself (a fifth of Babel's cost, hundreds of calls a report);
Babel, the reference for CLDR locale data, is the oracle that its zh_CN text is right."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.money import format_number
from reportgen.selfeval.reports import date_text

AMOUNTS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False, places=4)


@settings(max_examples=400, derandomize=True)
@given(AMOUNTS, st.integers(min_value=0, max_value=4), st.booleans())
def test_numbers_read_as_babel_writes_them_for_zh_cn(value, places, grouping):
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    expected = format_decimal(rounded, format=pattern, locale="zh_CN", decimal_quantization=True)
    if not rounded:
        expected = expected.lstrip("-")  # Babel writes "-0.00" for a small negative; a report never does
    assert format_number(value, places, grouping=grouping) == expected


@settings(max_examples=200, derandomize=True)
@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_dates_read_as_babel_writes_them_for_zh_cn(day):
    assert date_text(day) == format_date(day, format="long", locale="zh_CN")


def test_half_up_at_the_boundary():
    assert format_number(Decimal("0.005"), 2) == "0.01"
    assert format_number(Decimal("-0.005"), 2) == "-0.01"
    assert format_number(Decimal("1234567.125"), 2, grouping=True) == "1,234,567.13"
    assert format_number(Decimal("-0.004"), 2) == "0.00"  # never "-0.00"
