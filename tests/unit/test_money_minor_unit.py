"""Money in a currency's minor unit, half-up (domain/money.py)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.money import Money, minor_unit


def test_minor_units() -> None:
    assert minor_unit("CNY") == Decimal("0.01") and minor_unit("cny") == Decimal("0.01")
    assert minor_unit("JPY") == Decimal("1") and minor_unit("KWD") == Decimal("0.001")
    assert Money(Decimal("37427.634")).to_minor_unit() == Money(Decimal("37427.63"))
    assert str(Money(Decimal("37427.635")).to_minor_unit().amount) == "37427.64"
    assert str(Money(Decimal("-0.005")).to_minor_unit().amount) == "-0.01"
    assert str(Money(Decimal("1234.5"), "JPY").to_minor_unit().amount) == "1235"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
       st.sampled_from(["CNY", "USD", "JPY", "KWD"]))
def test_rounding_is_within_half_a_minor_unit(amount: Decimal, currency: str) -> None:
    out = Money(amount, currency).to_minor_unit()
    unit = minor_unit(currency)
    assert out.amount == out.amount.quantize(unit)
    assert abs(out.amount - amount) <= unit / 2
    assert out.to_minor_unit() == out
