"""The local pricing engine (domain.price_rules) on hand-made rules: each method's precedence, breaks, validity days
and instants, promotions; the JSON document it travels and is stored in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.price_rules import (
    METHOD_B2BTERM,
    METHOD_MEDUSA,
    AccountPricing,
    Audience,
    Discount,
    PriceList,
    PriceRules,
    SkuPricing,
    Tier,
    Validity,
    price,
)
from b2bterm.domain.price_rules_doc import PriceRulesError, rules_from_doc, rules_to_doc

D = Decimal
NOON_CST = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)  # 12:00 in China


def _b2bterm() -> PriceRules:
    skus = {"A": SkuPricing("A", D("100.00"), "SE", "CT", "1"), "B": SkuPricing("B", D("50.00"), "SI", "MCB", "1")}
    accounts = {"acc-1": AccountPricing("acc-1", "K1", frozenset({"gold"}), D("0.13")),
                "acc-2": AccountPricing("acc-2", "K2", frozenset({"silver"}), D("0.09"))}
    contract = PriceList("C1/acc-1", PriceSourceKind.CONTRACT, "C1", "special", audience=Audience(frozenset({"acc-1"})),
                         validity=Validity(date(2026, 6, 1), date(2026, 6, 15)),
                         prices={"A": (Tier(1, None, D("80.00")), Tier(20, None, D("75.00")))})
    later = PriceList("C0/acc-1", PriceSourceKind.CONTRACT, "C0", "older", audience=Audience(frozenset({"acc-1"})),
                      validity=Validity(date(2026, 1, 1), date(2026, 12, 31)),
                      prices={"A": (Tier(1, None, D("90.00")),)})
    discounts = (
        Discount(PriceSourceKind.CONTRACT, "C1", D("0.10"), brand="SI", description="10% SI",
                 audience=Audience(frozenset({"acc-1"})), validity=Validity(date(2026, 6, 1), date(2026, 6, 15))),
        Discount(PriceSourceKind.GROUP, "silver", D("0.05"), description="5%",
                 audience=Audience(groups=frozenset({"silver"}))),
        Discount(PriceSourceKind.GROUP, "silver", D("0.08"), category="MCB", description="8% MCB",
                 audience=Audience(groups=frozenset({"silver"}))),
    )
    return PriceRules(METHOD_B2BTERM, "CNY", skus, accounts, (contract, later), discounts,
                      {"1": ((10, D("0.95")), (50, D("0.90")))}, day_offset=480)


def test_b2bterm_contract_price_has_its_own_tiers_and_the_latest_contract_wins() -> None:
    rules = _b2bterm()
    q = price(rules, "acc-1", "A", 19, NOON_CST)
    assert q is not None and q.net_price == Money.of("80.00") and q.source.reference == "C1"
    assert [(b.min_qty, b.unit_price) for b in q.breaks] == [(20, Money.of("75.00"))]
    assert price(rules, "acc-1", "A", 20, NOON_CST).net_price == Money.of("75.00")  # type: ignore[union-attr]
    assert price(rules, "K1", "A", 1, NOON_CST).source.reference == "C1"  # type: ignore[union-attr]  # by code


def test_b2bterm_validity_days_are_the_platforms_days() -> None:
    rules = _b2bterm()
    # 2026-06-15 16:30 UTC is already the 16th in China: C1 has ended, the older contract applies
    late = datetime(2026, 6, 15, 16, 30, tzinfo=UTC)
    assert price(rules, "acc-1", "A", 1, late).source.reference == "C0"  # type: ignore[union-attr]
    assert price(rules, "acc-1", "A", 1, late - timedelta(hours=1)).source.reference == "C1"  # type: ignore[union-attr]


def test_b2bterm_discounts_most_specific_first_then_schedule_breaks() -> None:
    rules = _b2bterm()
    q = price(rules, "acc-1", "B", 10, NOON_CST)  # contract discount 10% on SI: 45.00, x0.95 from 10
    assert q is not None and q.source.kind is PriceSourceKind.CONTRACT and q.net_price == Money.of("42.75")
    assert [b.min_qty for b in q.breaks] == [10, 50]
    g = price(rules, "acc-2", "B", 1, NOON_CST)  # group: 8% on MCB beats 5% on everything
    assert g is not None and g.source.kind is PriceSourceKind.GROUP and g.net_price == Money.of("46.00")
    assert g.tax_rate == D("0.09") and g.net_price_incl_tax == Money.of("50.14")
    plain = price(rules, "acc-2", "A", 1, NOON_CST)
    assert plain is not None and plain.net_price == Money.of("95.00")  # 5% group on everything
    assert price(rules, "nobody", "A", 1, NOON_CST) is None and price(rules, "acc-1", "ZZ", 1, NOON_CST) is None


def _medusa() -> PriceRules:
    own = (Tier(1, None, D("10.00")), Tier(40, None, D("8.20")))
    skus = {"V": SkuPricing("V", D("10.00"), tiers=own)}
    accounts = {"cus_1": AccountPricing("cus_1", "K2071", frozenset({"g1"}))}
    starts = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    contract = PriceList("pl_c", PriceSourceKind.CONTRACT, "Contract", mode="override", rank=1,
                         audience=Audience(groups=frozenset({"g1"})),
                         prices={"V": (Tier(20, None, D("7.46")),)})
    sale = PriceList("pl_s", PriceSourceKind.PROMOTION, "Summer", mode="sale", rank=0,
                     validity=Validity(starts_at=starts, ends_at=starts + timedelta(days=10)),
                     prices={"V": (Tier(1, None, D("9.00")), Tier(1, None, D("11.00")))})
    return PriceRules(METHOD_MEDUSA, "CNY", skus, accounts, (contract, sale))


def test_medusa_contract_tier_from_20_shows_at_19_and_hides_the_base_break_it_overrides() -> None:
    rules = _medusa()
    at = datetime(2026, 5, 1, tzinfo=UTC)  # before the sale
    q = price(rules, "K2071", "V", 19, at)
    assert q is not None and q.net_price == Money.of("10.00") and q.source.kind is PriceSourceKind.LIST
    assert [(b.min_qty, b.unit_price) for b in q.breaks] == [(20, Money.of("7.46"))]
    assert price(rules, "cus_1", "V", 20, at).net_price == Money.of("7.46")  # type: ignore[union-attr]


def test_medusa_sale_only_where_lower_and_only_inside_its_instants() -> None:
    rules = _medusa()
    starts = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    inside = price(rules, "cus_1", "V", 5, starts + timedelta(minutes=1))
    assert inside is not None and inside.net_price == Money.of("9.00") and inside.source.reference == "Summer"
    before = price(rules, "cus_1", "V", 5, starts - timedelta(minutes=1))
    assert before is not None and before.net_price == Money.of("10.00")
    assert price(rules, "cus_1", "V", 20, starts + timedelta(minutes=1)).net_price == Money.of("7.46")  # type: ignore[union-attr]


@pytest.mark.parametrize("rules", [_b2bterm(), _medusa()], ids=["b2bterm", "medusa"])
def test_the_document_round_trip_prices_the_same(rules: PriceRules) -> None:
    back = rules_from_doc(rules_to_doc(rules))
    for account in rules.accounts:
        for sku in rules.skus:
            for qty in (1, 19, 20, 40, 51):
                assert price(back, account, sku, qty, NOON_CST) == price(rules, account, sku, qty, NOON_CST)


def test_a_document_that_cannot_be_read_is_refused_never_priced_from() -> None:
    doc = rules_to_doc(_medusa())
    with pytest.raises(PriceRulesError, match="unknown pricing method"):
        rules_from_doc({**doc, "method": "magic"})
    with pytest.raises(PriceRulesError):
        rules_from_doc({**doc, "skus": [{"sku": "V", "list_price": "ten"}]})
    with pytest.raises(PriceRulesError):
        rules_from_doc({"currency": "CNY"})


FIELDS = st.sampled_from(["skus", "accounts", "lists", "discounts", "schedules", "currency", "day_offset", "method"])
JUNK = st.recursive(st.one_of(st.none(), st.integers(), st.text(max_size=4)),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.sampled_from(["sku", "id", "kind", "pct", "prices"]),
                                                            inner, max_size=3)), max_leaves=8)


@given(st.dictionaries(FIELDS, JUNK, max_size=6))
def test_any_malformed_document_is_refused_with_price_rules_error(doc: dict[str, object]) -> None:
    try:
        rules_from_doc({"method": METHOD_B2BTERM, **doc})
    except PriceRulesError:
        pass


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=5),
                                                     st.lists(st.integers(), max_size=3)), max_size=6))
def test_any_json_object_is_read_or_refused_with_price_rules_error(doc: dict[str, object]) -> None:
    try:
        rules_from_doc({"method": METHOD_B2BTERM, **doc})
    except PriceRulesError:
        pass
