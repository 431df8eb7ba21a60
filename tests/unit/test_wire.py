"""Strict JSON codecs: every domain type survives a JSON round trip exactly; bad documents name the field."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from http_memory_platform import MemoryPlatform
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import InvoiceType, OrderRequest, OrderRequestLine, OrderStatus, PriceQuote
from b2bterm.domain.money import Money
from b2bterm.platform.base import Capability, OrderQuery
from b2bterm.platform.http import wire, wire_orders


def trip(doc: Any) -> Any:
    return json.loads(json.dumps(doc, ensure_ascii=False))


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    p = MemoryPlatform()

    async def gather() -> dict[str, Any]:
        return {
            "products": list(p.products.values()),
            "quotes": await p.quote("A1", [("SKU-0003", 1), ("SKU-0003", 100), ("SKU-0004", 10)]),
            "avail": list((await p.availability(["SKU-0001", "SKU-0002"])).values()),
            "accounts": list(p.accounts.values()),
            "order": await p.get_order("SO-0000"),
            "changes": await p.catalog_changes(None, limit=7),
        }

    return asyncio.run(gather())


def test_round_trips(data: dict[str, Any]) -> None:
    for product in data["products"]:
        assert wire.product_from_json(trip(wire.product_to_json(product))) == product
    for n, q in enumerate(data["quotes"]):
        assert wire.quote_from_json(trip(wire.quote_to_json(q)), f"q{n}") == q
    for a in data["avail"]:
        assert wire.availability_from_json(trip(wire.availability_to_json(a)), "a") == a
    for acc in data["accounts"]:
        assert wire_orders.account_from_json(trip(wire_orders.account_to_json(acc))) == acc
    order = data["order"]
    assert wire_orders.order_from_json(trip(wire_orders.order_to_json(order))) == order
    summary = order.summary()
    assert wire_orders.order_summary_from_json(trip(wire_orders.order_summary_to_json(summary)), "s") == summary
    assert wire.catalog_changes_from_json(trip(wire.catalog_changes_to_json(data["changes"]))) == data["changes"]


def test_money_is_a_decimal_string_on_the_wire(data: dict[str, Any]) -> None:
    doc = wire.quote_to_json(data["quotes"][0])
    assert doc["net_price"] == {"amount": "93.15", "currency": "CNY"}
    assert doc["tax_rate"] == "0.13"
    assert doc["net_price_incl_tax"] == {"amount": "105.26", "currency": "CNY"}  # 含税价 beside net


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9))
def test_money_round_trip_exact(amount: Decimal) -> None:
    m = Money(amount, "CNY")
    doc = trip({"m": {"amount": str(m.amount), "currency": "CNY"}})
    got = wire.money(doc, "m", "")
    assert got == m and got.amount.as_tuple() == m.amount.as_tuple()


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**9))
def test_any_believable_price_encodes_readably(amount: Decimal) -> None:
    product = wire.product_from_json(
        trip(
            {
                "sku": "S",
                "model": "M",
                "brand": "B",
                "category": "C",
                "name_en": "N",
                "list_price": {"amount": wire.dec_str(amount), "currency": "CNY"},
            }
        )
    )
    assert product.list_price == Money(amount, "CNY")


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        (12.5, "decimal string"),
        (12, "decimal string"),
        ("1e3", "not a decimal"),
        ("Infinity", "not a decimal"),
        ("", "not a decimal"),
        (" 1", "not a decimal"),
        (None, "missing"),
        (True, "decimal string"),
    ],
)
def test_money_amount_strict(amount: Any, problem: str) -> None:
    with pytest.raises(wire.WireError, match=problem) as info:
        wire.money({"p": {"amount": amount, "currency": "CNY"}}, "p", "x")
    assert info.value.path == "x.p.amount"


def test_order_request_and_query_round_trip() -> None:
    req = OrderRequest(
        "A1",
        (OrderRequestLine("S1", 3, Money.of("9.90")), OrderRequestLine("S2", 1)),
        po_number="PO 1",
        ship_to_id="S1",
        requested_date=date(2026, 5, 1),
        invoice_type=InvoiceType.VAT_SPECIAL,
        note="请尽快",
    )
    assert wire_orders.order_request_from_json(trip(wire_orders.order_request_to_json(req))) == req
    q = OrderQuery(
        account_id="A1",
        status=OrderStatus.SHIPPED,
        since=date(2026, 1, 1),
        until=date(2026, 2, 1),
        po_number="P",
        number="N",
        contains="LC1D",
        cursor="c2",
        limit=20,
    )
    assert wire_orders.order_query_from_params(dict(wire_orders.order_query_to_params(q))) == q
    with pytest.raises(wire.WireError, match="since"):
        wire_orders.order_query_from_params({"since": "yesterday"})
    with pytest.raises(wire.WireError, match="status"):
        wire_orders.order_query_from_params({"status": "lost"})
    with pytest.raises(wire.WireError, match="limit"):
        wire_orders.order_query_from_params({"limit": "-1"})


def test_capabilities_round_trip_and_unknown_ignored() -> None:
    caps = Capability.SEARCH | Capability.QUOTE | Capability.TRACKING
    doc = trip(wire.capabilities_to_json("x", caps))
    assert doc["capabilities"] == ["search", "quote", "tracking"]
    doc["capabilities"].append("teleport")
    assert wire.capabilities_from_json(doc) == caps


def test_decoding_never_returns_half_a_list(data: dict[str, Any]) -> None:
    docs = [wire.quote_to_json(q) for q in data["quotes"]]
    docs[2]["net_price"]["amount"] = 88.5
    result: list[PriceQuote] | None = None
    with pytest.raises(wire.WireError, match=r"quotes\[2\]\.net_price\.amount"):
        result = wire.lst({"quotes": docs}, "quotes", "", wire.quote_from_json)
    assert result is None
