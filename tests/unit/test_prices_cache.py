"""PriceCache: quotes and stock kept with their fetch time; quotes re-evaluated for another quantity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from b2bterm.domain.models import (
    Availability,
    Incoming,
    LastPaid,
    PriceBreak,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    WarehouseStock,
)
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.prices import PriceCache

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[PriceCache, Clock]]:
    db = Database(tmp_path / "p.sqlite")
    clock = Clock()
    yield PriceCache(db, clock=clock), clock
    db.close()


def quote(qty: int = 1, net: str = "85.50", breaks: tuple[PriceBreak, ...] = ()) -> PriceQuote:
    return PriceQuote(
        sku="SCH-0001", account_id="ACC-1", qty=qty, list_price=Money.of("100.00"), net_price=Money.of(net),
        breaks=breaks, source=PriceSource(PriceSourceKind.CONTRACT, "HT-2026-017", "年度合同",
                                          date(2026, 1, 1), date(2026, 12, 31)),
        last_paid=LastPaid(Money.of("84.10"), 20, date(2026, 2, 1), "SO-1001"), customer_part_number="KM9",
    )


BREAKS = (PriceBreak(10, Money.of("80.00")), PriceBreak(100, Money.of("72.35")))


def test_round_trip_is_exact_and_ages(setup: tuple[PriceCache, Clock]) -> None:
    cache, clock = setup
    cache.put_quotes([quote(breaks=BREAKS)])
    stored = cache.db.conn.execute("SELECT data FROM price_cache").fetchone()[0]
    assert '"85.50"' in stored and "85.5," not in stored  # money as strings, never floats
    clock.now = T0 + timedelta(hours=3)
    got = cache.get_quote("ACC-1", "SCH-0001", 1)
    assert got is not None
    assert got.age == timedelta(hours=3) and got.fetched_at == T0
    q = got.quote
    assert q.net_price == Money.of("85.50") and q.net_price.amount == Decimal("85.50")
    assert q.source.reference == "HT-2026-017" and q.source.valid_to == date(2026, 12, 31)
    assert q.last_paid == LastPaid(Money.of("84.10"), 20, date(2026, 2, 1), "SO-1001")
    assert q.customer_part_number == "KM9" and q.tax_rate == Decimal("0.13")
    assert q.net_price_incl_tax == Money.of("96.62")


@pytest.mark.parametrize(("qty", "expected"), [(1, "85.50"), (9, "85.50"), (10, "80.00"), (99, "80.00"),
                                               (100, "72.35"), (5000, "72.35")])
def test_requoted_for_quantity(setup: tuple[PriceCache, Clock], qty: int, expected: str) -> None:
    cache, _ = setup
    cache.put_quotes([quote(breaks=BREAKS)])
    got = cache.get_quote("ACC-1", "SCH-0001", qty)
    assert got is not None and got.quote.qty == qty
    assert got.quote.net_price == Money.of(expected)


def test_quote_fetched_inside_a_break_cannot_answer_below_it(setup: tuple[PriceCache, Clock]) -> None:
    cache, _ = setup
    cache.put_quotes([quote(qty=50, net="80.00", breaks=BREAKS)])
    assert cache.get_quote("ACC-1", "SCH-0001", 200).quote.net_price == Money.of("72.35")  # type: ignore[union-attr]
    assert cache.get_quote("ACC-1", "SCH-0001", 20).quote.net_price == Money.of("80.00")  # type: ignore[union-attr]
    assert cache.get_quote("ACC-1", "SCH-0001", 5) is None  # the base price is not known from this quote


def test_per_account_and_missing(setup: tuple[PriceCache, Clock]) -> None:
    cache, _ = setup
    cache.put_quotes([quote()])
    assert cache.get_quote("ACC-2", "SCH-0001", 1) is None
    assert cache.get_quote("ACC-1", "OTHER", 1) is None
    cache.put_quotes([quote(net="70.00")])  # a newer fetch replaces the old one
    assert cache.get_quote("ACC-1", "SCH-0001", 1).quote.net_price == Money.of("70.00")  # type: ignore[union-attr]


def test_availability(setup: tuple[PriceCache, Clock]) -> None:
    cache, clock = setup
    avail = Availability("SCH-0001", (
        WarehouseStock("SH", "上海仓", 12, (Incoming(50, date(2026, 3, 9), "PO-77"),)),
        WarehouseStock("GZ", "广州仓", 0)))
    cache.put_availability([avail])
    clock.now = T0 + timedelta(minutes=5)
    got = cache.get_availability("SCH-0001")
    assert got is not None and got.age == timedelta(minutes=5)
    assert got.availability.on_hand == 12 and got.availability.incoming == 50
    assert got.availability.warehouses[0].name == "上海仓"
    assert got.availability.next_eta() == date(2026, 3, 9)
    assert cache.get_availability("SCH-0001", account_id="ACC-1") is None
    clock.now = T0 + timedelta(days=2)
    cache.put_quotes([quote()])
    assert cache.forget_older_than(timedelta(days=1)) == 1
    assert cache.get_availability("SCH-0001") is None
    assert cache.get_quote("ACC-1", "SCH-0001", 1) is not None
