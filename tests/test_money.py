from decimal import Decimal

import pytest

from reportgen.money import Amount, D, Percent, format_number, quantize


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.125", "0.13"), ("2.675", "2.68"), ("2.665", "2.67"), ("-2.675", "-2.68"), ("0.005", "0.01"), ("1.004", "1.00")],
)
def test_quantize__rounds_half_up_not_half_even(value, expected):
    assert quantize(Decimal(value)) == Decimal(expected)


def test_quantize__never_negative_zero():
    assert str(quantize(Decimal("-0.001"))) == "0.00"


def test_d__refuses_float():
    with pytest.raises(TypeError):
        D(0.1)


def test_d__reads_text_with_thousands_separators():
    assert D("2,940.05") == Decimal("2940.05")


def test_amount__text_and_table_forms():
    amount = Amount(Decimal("2940.05"))
    assert str(amount) == "2940.05"
    assert amount.table == "2,940.05"


def test_amount__zero_is_blank_in_tables_but_written_in_text():
    assert Amount(Decimal("0")).table == ""
    assert str(Amount(Decimal("0"))) == "0.00"


def test_percent__rounds_half_up_to_the_places_asked():
    assert str(Percent(Decimal("3.75"), 1)) == "3.8%"
    assert str(Percent(Decimal("126.51415"), 2)) == "126.51%"
    assert str(Percent(Decimal("155"), 1)) == "155.0%"


def test_format_number__grouping_with_half_up():
    assert format_number(Decimal("1234567.125"), 2, grouping=True) == "1,234,567.13"


@pytest.mark.parametrize(
    ("value", "places", "grouping", "text"),
    [
        ("0", 2, False, "0.00"),
        ("-0.004", 2, False, "0.00"),  # no negative zero
        ("-0.005", 2, False, "-0.01"),
        ("2.675", 2, False, "2.68"),
        ("1E+3", 2, True, "1,000.00"),
        ("-1234567.5", 0, True, "-1,234,568"),
        ("999.95", 1, True, "1,000.0"),
        ("123456789012345.675", 2, True, "123,456,789,012,345.68"),
        ("12.3456", 4, False, "12.3456"),
        ("888.3", 2, False, "888.30"),
    ],
)
def test_format_number__zh_cn_digits_half_up_exact(value, places, grouping, text):
    assert format_number(Decimal(value), places, grouping=grouping) == text
