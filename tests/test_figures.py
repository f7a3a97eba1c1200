from decimal import Decimal as D

import pytest

from reportgen.figures import ChangeKind, CompletionKind, change, completion, share, shares
from reportgen.money import quantize


def test_change__increase():
    ch = change(D("921.96"), D("888.33"))
    assert ch.kind is ChangeKind.UP
    assert ch.amount == D("33.63")
    assert quantize(ch.rate, 4) == D("3.7858")


def test_change__decrease_amount_is_positive():
    ch = change(D("663.00"), D("700.00"))
    assert ch.kind is ChangeKind.DOWN
    assert ch.amount == D("37.00")


def test_change__equal_values_are_flat():
    assert change(D("10"), D("10.00")).kind is ChangeKind.FLAT


def test_change__equal_when_shown_is_flat():
    # 10.004 and 10.001 both print as 10.00: the text must not say 增加0.00万元
    assert change(D("10.004"), D("10.001")).kind is ChangeKind.FLAT


def test_growth__zero_prior_year_has_no_rate():
    ch = change(D("6.33"), D("0"))
    assert ch.kind is ChangeKind.NEW
    assert ch.rate is None


def test_change__both_zero_did_not_occur():
    assert change(D("0"), D("0")).kind is ChangeKind.NONE


def test_change__to_zero_is_a_full_decrease():
    ch = change(D("0"), D("3.50"))
    assert ch.kind is ChangeKind.DOWN
    assert ch.rate == D("100")


def test_change__negative_prior_is_not_comparable():
    assert change(D("5"), D("-2")).kind is ChangeKind.NOT_COMPARABLE


def test_completion__over_under_equal():
    assert completion(D("905.31"), D("715.58")).kind is CompletionKind.OVER
    assert completion(D("26.67"), D("48")).kind is CompletionKind.UNDER
    assert completion(D("6.33"), D("6.33")).kind is CompletionKind.EQUAL


def test_completion__zero_budget_has_no_rate():
    co = completion(D("165"), D("0"))
    assert co.kind is CompletionKind.NO_BUDGET
    assert co.rate is None


def test_completion__zero_budget_and_zero_spending_did_not_occur():
    assert completion(D("0"), D("0")).kind is CompletionKind.NONE


def test_share__zero_whole_is_none():
    assert share(D("1"), D("0")) is None


@pytest.mark.parametrize(
    "values",
    [
        [D("685.19"), D("111.83"), D("60.07"), D("48.22")],
        [D("905.31"), D("0"), D("16.65")],
        [D("1"), D("1"), D("1")],
        [D("1"), D("1"), D("1"), D("1"), D("1"), D("1"), D("1")],
        [D("0.01"), D("999.99")],
    ],
)
@pytest.mark.parametrize("places", [0, 1, 2])
def test_shares__always_add_up_to_exactly_100(values, places):
    assert sum(shares(values, places)) == D("100")


def test_shares__largest_remainder_matches_the_published_structure():
    assert shares([D("685.19"), D("111.83"), D("60.07"), D("48.22")], 1) == [D("75.7"), D("12.4"), D("6.6"), D("5.3")]


def test_shares__thirds_give_the_extra_unit_to_the_first():
    assert shares([D("1"), D("1"), D("1")], 1) == [D("33.4"), D("33.3"), D("33.3")]


def test_shares__zero_item_keeps_zero():
    assert shares([D("905.31"), D("0"), D("16.65")], 1) == [D("98.2"), D("0.0"), D("1.8")]


def test_shares__all_zero_is_none():
    assert shares([D("0"), D("0")]) is None


def test_shares__negative_is_refused():
    with pytest.raises(ValueError):
        shares([D("-1"), D("2")])
