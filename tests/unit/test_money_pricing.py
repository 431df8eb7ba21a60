from datetime import date
from decimal import Decimal

import pytest

from b2bterm.domain.models import PriceBreak, PriceQuote, PriceSource, PriceSourceKind, price_for_qty, with_tax
from b2bterm.domain.money import Money


def test_money_refuses_float() -> None:
    with pytest.raises(TypeError):
        Money.of(12.5)
    with pytest.raises(TypeError):
        Money.of("1") * 1.5  # type: ignore[operator]


def test_money_arithmetic_is_exact_and_currency_safe() -> None:
    assert Money.of("0.10") + Money.of("0.20") == Money.of("0.30")
    with pytest.raises(ValueError):
        Money.of("1", "CNY") + Money.of("1", "USD")
    assert Money.of("1234.5").format() == "¥1,234.50"
    assert Money.of("-3", "USD").format() == "-$3.00"


def test_price_for_qty_picks_highest_break_reached() -> None:
    base = Money.of("12.50")
    breaks = (PriceBreak(10, Money.of("11.80")), PriceBreak(50, Money.of("11.20")), PriceBreak(100, Money.of("10.90")))
    assert price_for_qty(base, breaks, 1) == base
    assert price_for_qty(base, breaks, 9) == base
    assert price_for_qty(base, breaks, 10) == Money.of("11.80")
    assert price_for_qty(base, breaks, 99) == Money.of("11.20")
    assert price_for_qty(base, breaks, 100) == Money.of("10.90")


def test_quote_tax_inclusive_and_discount() -> None:
    quote = PriceQuote(
        sku="SE-LC1D09M7", account_id="C1", qty=20, list_price=Money.of("100"), net_price=Money.of("85"),
        tax_rate=Decimal("0.13"),
        source=PriceSource(PriceSourceKind.CONTRACT, "HT-2026-001", valid_to=date(2026, 12, 31)),
    )
    assert quote.net_price_incl_tax == Money.of("96.05")
    assert quote.extended_net == Money.of("1700.00")
    assert quote.extended_incl_tax == Money.of("1921.00")
    assert quote.discount == Decimal("0.1500")
    assert "HT-2026-001" in quote.source.label()
    assert with_tax(Money.of("0.01"), Decimal("0.13")) == Money.of("0.01")
