"""What the pick list says about the prices and stock beside the candidates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from b2bterm.domain.models import Availability, PriceQuote, WarehouseStock
from b2bterm.domain.money import Money
from b2bterm.quickorder.pad import CandidateOffers
from b2bterm.ui.screens.pick_candidate import offers_note

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def quote(sku: str, at: datetime) -> PriceQuote:
    return PriceQuote(sku, "ACME", 5, Money.of("12.00"), Money.of("10.00"), fetched_at=at)


def stock(sku: str, at: datetime | None) -> Availability:
    return Availability(sku, (WarehouseStock("SH", "上海", 40, ()),), fetched_at=at)


def test_live_answers_say_what_the_columns_are() -> None:
    note = offers_note(CandidateOffers(5, {"A": quote("A", NOW)}, {"A": stock("A", NOW)}), NOW)
    assert note.plain == "Price: this customer's net unit price for 5; stock: on hand in all warehouses."
    assert not note.style


def test_saved_answers_give_their_age_and_missing_ones_say_so() -> None:
    old = NOW - timedelta(hours=3)
    note = offers_note(CandidateOffers(5, {"A": quote("A", old)}, {}), NOW)
    assert note.plain == "prices as saved 3 h ago; stock not known right now." and note.style == "yellow"
    note = offers_note(CandidateOffers(5, {}, {"A": stock("A", old - timedelta(days=2))}), NOW)
    assert note.plain == "no prices from the platform: list prices shown dimmed; stock as saved 2 days ago."


def test_a_failed_call_is_named_and_the_other_answer_kept() -> None:
    note = offers_note(CandidateOffers(5, {}, {"A": stock("A", NOW)}, price_error="platform answered 500"), NOW)
    assert note.plain == ("prices not available (platform answered 500): list prices shown dimmed; "
                          "stock: on hand in all warehouses.") and note.style == "yellow"
    note = offers_note(CandidateOffers(5, {"A": quote("A", NOW)}, {}, stock_error="timed out"), NOW)
    assert note.plain == "Price: this customer's net unit price for 5; stock not available (timed out)."
