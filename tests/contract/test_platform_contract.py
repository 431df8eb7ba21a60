"""The platform contract (b2bterm/platform/base.py), checked against every harness in conftest.HARNESSES."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from b2bterm.domain.models import (
    CodeKind,
    OrderRequest,
    OrderRequestLine,
    OrderStatus,
    PriceSourceKind,
    ProductStatus,
)
from b2bterm.domain.money import Money
from b2bterm.platform.base import Capability, NotFound, Offline, OrderQuery, Platform, Rejected
from tests.contract.conftest import DemoFacts, PlatformUnderTest

CENT = Decimal("0.01")


def _key() -> str:
    return f"test-{uuid.uuid4()}"


async def _all_orders(platform: Platform, query: OrderQuery) -> list[str]:
    numbers: list[str] = []
    cursor = None
    for _ in range(1000):
        page = await platform.list_orders(OrderQuery(**{**_fields(query), "cursor": cursor}))
        numbers += [o.number for o in page.orders]
        cursor = page.next_cursor
        if cursor is None:
            return numbers
    raise AssertionError("paging never ended")


def _fields(query: OrderQuery) -> dict[str, object]:
    return {name: getattr(query, name) for name in query.__slots__}  # type: ignore[attr-defined]


# --- catalog ---------------------------------------------------------------------------------------------------------


async def test_is_a_platform_with_capabilities(put: PlatformUnderTest) -> None:
    assert isinstance(put.platform, Platform)
    assert put.platform.capabilities & Capability.QUOTE
    assert put.platform.name


async def test_search_finds_a_known_model_first(put: PlatformUnderTest) -> None:
    found = await put.platform.search_products("LC1D09M7", limit=10)
    assert found and found[0].sku == "SE-LC1D09M7"
    p = found[0]
    assert p.model == "LC1D09M7" and p.brand == "Schneider Electric" and p.category == "Contactors"
    assert "接触器" in p.name_zh and "contactor" in p.name_en
    assert p.list_price is not None and p.list_price.currency == "CNY" and p.list_price.amount > 0


async def test_search_by_chinese_words(put: PlatformUnderTest) -> None:
    found = await put.platform.search_products("微型断路器 C16", limit=20)
    assert found and all("微型断路器" in p.name_zh and "C16" in p.name_zh for p in found)


async def test_get_products_omits_unknown_skus(put: PlatformUnderTest) -> None:
    got = await put.platform.get_products(["SE-LC1D09M7", "NO-SUCH-SKU", "SE-GV2ME08"])
    assert set(got) == {"SE-LC1D09M7", "SE-GV2ME08"}
    assert got["SE-GV2ME08"].model == "GV2ME08"
    assert got["SE-LC1D09M7"].cross_refs and got["SE-LC1D09M7"].substitutes


async def test_resolve_codes_every_kind(put: PlatformUnderTest, facts: DemoFacts) -> None:
    cpn = facts.one("SELECT account_id, code, sku FROM customer_parts ORDER BY account_id, code LIMIT 1")
    comp = facts.one("SELECT code, sku FROM xref WHERE kind = 'competitor' ORDER BY rowid LIMIT 1")
    ean = facts.one("SELECT ean, sku FROM products WHERE ean != '' ORDER BY seq LIMIT 1 OFFSET 5")
    codes = ["SE-LC1D09M7", "lc1-d09 m7", cpn["code"], comp["code"], ean["ean"], "ZZZ-NOTHING-999"]
    result = await put.platform.resolve_codes(codes, account_id=cpn["account_id"])

    def kinds(code: str, sku: str) -> set[CodeKind]:
        return {m.kind for m in result.get(code, []) if m.sku == sku}

    assert CodeKind.SKU in kinds("SE-LC1D09M7", "SE-LC1D09M7")
    assert CodeKind.MODEL in kinds("lc1-d09 m7", "SE-LC1D09M7")
    assert CodeKind.CUSTOMER_PART in kinds(cpn["code"], cpn["sku"])
    assert CodeKind.CROSS_REF in kinds(comp["code"], comp["sku"])
    assert CodeKind.EAN in kinds(ean["ean"], ean["sku"])
    assert "ZZZ-NOTHING-999" not in result
    # a customer part number belongs to its account only
    other = facts.one("SELECT id FROM accounts WHERE id != ? ORDER BY id LIMIT 1", (cpn["account_id"],))["id"]
    elsewhere = await put.platform.resolve_codes([cpn["code"]], account_id=other)
    assert all(m.kind is not CodeKind.CUSTOMER_PART for m in elsewhere.get(cpn["code"], []))


# --- prices ----------------------------------------------------------------------------------------------------------


async def test_quote_contract_tier_on_both_sides_of_a_break(put: PlatformUnderTest, facts: DemoFacts) -> None:
    row = facts.one(
        "SELECT cp.account_id, cp.sku, cp.contract, c.valid_to FROM contract_prices cp JOIN contracts c "
        "ON c.number = cp.contract WHERE cp.min_qty = 50 AND c.valid_from <= ? AND c.valid_to >= ? "
        "ORDER BY cp.account_id, cp.sku LIMIT 1", (facts.today, facts.today))
    tiers = {r["min_qty"]: Decimal(r["price"]) for r in facts.all(
        "SELECT min_qty, price FROM contract_prices WHERE account_id = ? AND sku = ? AND contract = ?",
        (row["account_id"], row["sku"], row["contract"]))}
    below, at_break, above = await put.platform.quote(row["account_id"], [(row["sku"], 49), (row["sku"], 50),
                                                                         (row["sku"], 100)])
    assert below.net_price == Money(tiers[1]) and below.qty == 49
    assert at_break.net_price == Money(tiers[50])
    assert above.net_price == Money(tiers[100])
    assert below.source.kind is PriceSourceKind.CONTRACT and below.source.reference == row["contract"]
    assert below.source.valid_to == date.fromisoformat(row["valid_to"])
    assert {b.min_qty for b in below.breaks} >= {50, 100}
    assert below.tax_rate == Decimal("0.13")
    assert below.net_price_incl_tax.amount == (tiers[1] * Decimal("1.13")).quantize(CENT, rounding=ROUND_HALF_UP)
    assert below.list_price.amount > below.net_price.amount


async def test_quote_list_price_with_quantity_break(put: PlatformUnderTest, facts: DemoFacts) -> None:
    # an account without contracts, and an item its group has no discount on: list price, schedule 1 breaks
    acc = facts.one("SELECT id, grp FROM accounts WHERE id NOT IN (SELECT account_id FROM contracts) ORDER BY id")
    rules = facts.all("SELECT brand, category FROM group_discounts WHERE grp = ?", (acc["grp"],))
    candidates = facts.all("SELECT sku, brand, category, list_price FROM products WHERE schedule = 1 "
                           "AND status = 'active' ORDER BY seq")
    item = next(p for p in candidates if not any((not r["brand"] or r["brand"] == p["brand"]) and
                                                  (not r["category"] or r["category"] == p["category"]) for r in rules))
    list_price = Decimal(item["list_price"])
    nine, ten = await put.platform.quote(acc["id"], [(item["sku"], 9), (item["sku"], 10)])
    assert nine.source.kind is PriceSourceKind.LIST
    assert nine.net_price.amount == list_price
    assert ten.net_price.amount == (list_price * Decimal("0.97")).quantize(CENT, rounding=ROUND_HALF_UP)
    assert nine.discount == 0 and ten.discount > 0


async def test_quote_ignores_an_expired_contract(put: PlatformUnderTest, facts: DemoFacts) -> None:
    row = facts.one("SELECT cp.account_id, cp.sku, cp.contract, cp.price FROM contract_prices cp JOIN contracts c "
                    "ON c.number = cp.contract WHERE c.valid_to < ? ORDER BY cp.account_id LIMIT 1", (facts.today,))
    [q] = await put.platform.quote(row["account_id"], [(row["sku"], 1)])
    assert q.source.reference != row["contract"]
    assert q.net_price.amount != Decimal(row["price"])


async def test_quote_reports_last_paid_and_customer_part(put: PlatformUnderTest, facts: DemoFacts) -> None:
    row = facts.one("SELECT o.account_id, l.sku, l.unit_price, o.number FROM order_lines l JOIN orders o "
                    "ON o.number = l.order_number JOIN customer_parts c ON c.account_id = o.account_id "
                    "AND c.sku = l.sku WHERE o.status != 'cancelled' ORDER BY o.placed_at DESC LIMIT 1")
    [q] = await put.platform.quote(row["account_id"], [(row["sku"], 1)])
    assert q.last_paid is not None and q.last_paid.order_number == row["number"]
    assert q.last_paid.unit_price == Money(Decimal(row["unit_price"]))
    assert q.customer_part_number


def _columns(facts: DemoFacts, table: str) -> set[str]:
    return {r["name"] for r in facts.all(f"PRAGMA table_info({table})")}


async def test_breaks_do_not_change_with_the_quantity_asked(put: PlatformUnderTest, facts: DemoFacts) -> None:
    """Each (account, SKU) with a current contract: the breaks are the same whatever quantity is asked (a contract
    tier that starts above the asked quantity is shown below it); each break is the price quoted at its quantity
    (no break this customer never pays); every contract tier above 1 is a break."""
    sale = "AND c.kind != 'sale'" if "kind" in _columns(facts, "contracts") else ""
    pairs = facts.all(
        "SELECT cp.account_id, cp.sku, cp.contract FROM contract_prices cp JOIN contracts c ON c.number = cp.contract "
        f"AND c.account_id = cp.account_id WHERE c.valid_from <= ? AND c.valid_to >= ? {sale} "
        "AND c.valid_from = (SELECT max(c2.valid_from) FROM contracts c2 JOIN contract_prices p2 ON "
        "p2.contract = c2.number AND p2.account_id = c2.account_id WHERE p2.account_id = cp.account_id AND "
        "p2.sku = cp.sku AND c2.valid_from <= ? AND c2.valid_to >= ?) "
        "GROUP BY cp.account_id, cp.sku, cp.contract ORDER BY min(cp.min_qty) DESC, count(*) DESC, cp.account_id, "
        "cp.sku LIMIT 6", (facts.today,) * 4)
    assert pairs
    for pair in pairs:
        account, sku = pair["account_id"], pair["sku"]
        tiers = {r["min_qty"]: Decimal(r["price"]) for r in facts.all(
            "SELECT min_qty, price FROM contract_prices WHERE account_id = ? AND sku = ? AND contract = ?",
            (account, sku, pair["contract"]))}
        asked = sorted({1, *(q - 1 for q in tiers if q > 1), *tiers})
        quotes = await put.platform.quote(account, [(sku, q) for q in asked])
        first = quotes[0]
        for q in quotes:
            assert q.breaks == first.breaks, f"{account} {sku}: breaks at {q.qty} differ from those at 1"
        at = {q.qty: q for q in quotes}
        shown = {b.min_qty: b.unit_price for b in first.breaks}
        for min_qty, price in tiers.items():
            if min_qty > 1:
                assert shown.get(min_qty) == Money(price), f"{account} {sku}: contract tier {min_qty} not a break"
                assert at[min_qty].net_price == Money(price)
        for brk in first.breaks:
            [paid] = await put.platform.quote(account, [(sku, brk.min_qty)])
            assert paid.net_price == brk.unit_price, f"{account} {sku}: break {brk.min_qty} is never paid"


async def test_an_account_code_works_where_an_id_does(put: PlatformUnderTest, facts: DemoFacts) -> None:
    acc = facts.one("SELECT a.id, a.code FROM accounts a JOIN customer_parts c ON c.account_id = a.id "
                    "ORDER BY a.code LIMIT 1")
    assert (await put.platform.get_account(acc["code"])).id == acc["id"]
    [by_code] = await put.platform.quote(acc["code"], [("SE-LC1D09M7", 3)])
    [by_id] = await put.platform.quote(acc["id"], [("SE-LC1D09M7", 3)])
    assert by_code.net_price == by_id.net_price and by_code.breaks == by_id.breaks
    assert {c.code for c in await put.platform.customer_part_numbers(acc["code"])} == {
        r["code"] for r in facts.all("SELECT code FROM customer_parts WHERE account_id = ?", (acc["id"],))}
    found = await put.platform.search_accounts(acc["code"], limit=5)
    assert found and found[0].id == acc["id"] and found[0].code == acc["code"]


async def test_quote_unknown_account_is_not_found(put: PlatformUnderTest) -> None:
    with pytest.raises(NotFound):
        await put.platform.quote("NOBODY", [("SE-LC1D09M7", 1)])


# --- stock and accounts ------------------------------------------------------------------------------------------


async def test_availability_by_warehouse(put: PlatformUnderTest, facts: DemoFacts) -> None:
    row = facts.one("SELECT sku, warehouse, on_hand FROM stock ORDER BY on_hand DESC LIMIT 1")
    inc = facts.one("SELECT sku, warehouse, qty, eta FROM incoming ORDER BY sku LIMIT 1")
    got = await put.platform.availability([row["sku"], inc["sku"], "NO-SUCH-SKU"])
    assert set(got) == {row["sku"], inc["sku"]}
    codes = [w.code for w in got[row["sku"]].warehouses]
    assert len(codes) >= 3 and set(codes) == {r["code"] for r in facts.all("SELECT code FROM warehouses")}
    assert next(w for w in got[row["sku"]].warehouses if w.code == row["warehouse"]).on_hand == row["on_hand"]
    wh = next(w for w in got[inc["sku"]].warehouses if w.code == inc["warehouse"])
    assert any(i.qty == inc["qty"] and i.eta == date.fromisoformat(inc["eta"]) for i in wh.incoming)
    put.backoffice.set_stock(row["sku"], row["warehouse"], 7)
    again = await put.platform.availability([row["sku"]])
    assert next(w for w in again[row["sku"]].warehouses if w.code == row["warehouse"]).on_hand == 7


async def test_search_accounts_by_name_code_and_phone(put: PlatformUnderTest, facts: DemoFacts) -> None:
    acc = facts.one("SELECT id, code, name, name_zh, phone FROM accounts ORDER BY code LIMIT 1 OFFSET 3")
    by_code = await put.platform.search_accounts(acc["code"])
    assert [a.id for a in by_code] == [acc["id"]]
    zh_word = acc["name_zh"][2:4]
    assert acc["id"] in [a.id for a in await put.platform.search_accounts(zh_word)]
    en_word = acc["name"].split()[1]
    assert acc["id"] in [a.id for a in await put.platform.search_accounts(en_word.lower())]
    digits = "".join(c for c in acc["phone"] if c.isdigit())[-7:]
    assert acc["id"] in [a.id for a in await put.platform.search_accounts(digits)]
    everyone = await put.platform.search_accounts("", limit=500)
    assert len(everyone) >= 40
    account = await put.platform.get_account(acc["id"])
    assert account.ship_tos and account.payment_terms and account.currency == "CNY"
    with pytest.raises(NotFound):
        await put.platform.get_account("NOBODY")
    cpns = await put.platform.customer_part_numbers(
        facts.one("SELECT account_id FROM customer_parts LIMIT 1")["account_id"])
    assert cpns and all(c.code and c.sku for c in cpns)


# --- orders ----------------------------------------------------------------------------------------------------------


async def test_place_order_is_idempotent(put: PlatformUnderTest, facts: DemoFacts) -> None:
    acc = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1")["id"]
    before = (await put.platform.list_orders(OrderQuery(account_id=acc, limit=1))).total
    request = OrderRequest(acc, (OrderRequestLine("SE-LC1D09M7", 10), OrderRequestLine("SE-GV2ME08", 2)),
                           po_number="PO-IDEM-1")
    key = _key()
    first = await put.platform.place_order(request, idempotency_key=key)
    second = await put.platform.place_order(request, idempotency_key=key)
    assert first.number == second.number
    assert first.status is OrderStatus.CONFIRMED and len(first.lines) == 2
    assert (await put.platform.list_orders(OrderQuery(account_id=acc, limit=1))).total == before + 1
    got = await put.platform.get_order(first.number)
    assert got.po_number == "PO-IDEM-1" and got.total == first.total
    assert got.total.amount == (got.subtotal + got.tax).amount
    [q] = await put.platform.quote(acc, [("SE-LC1D09M7", 10)])
    assert got.lines[0].unit_price == q.net_price
    other = await put.platform.place_order(request, idempotency_key=_key())
    assert other.number != first.number


async def test_order_money_is_in_the_minor_unit(put: PlatformUnderTest, facts: DemoFacts) -> None:
    """13% tax on 42.60 x 3 is 16.614: totals come back in cents, and still add up."""
    acc = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1 OFFSET 2")["id"]
    request = OrderRequest(acc, (OrderRequestLine("SE-A9F74116", 3), OrderRequestLine("SE-LC1D09M7", 1),
                                 OrderRequestLine("SE-GV2ME08", 7)), po_number="PO-CENTS")
    placed = await put.platform.place_order(request, idempotency_key=_key())
    got = await put.platform.get_order(placed.number)
    page = await put.platform.list_orders(OrderQuery(account_id=acc, limit=50))
    summary = next(o for o in page.orders if o.number == placed.number)
    for money in (placed.total, placed.subtotal, placed.tax, got.total, got.subtotal, got.tax, summary.total):
        assert money.amount == money.amount.quantize(CENT), f"{money.amount} is not in cents"
    assert got.total == got.subtotal + got.tax and summary.total == got.total
    lines = sum((line.unit_price * line.qty for line in got.lines), Money.zero())
    assert abs(got.subtotal.amount - lines.amount) <= CENT / 2
    assert got.tax.amount == (got.subtotal.amount * Decimal("0.13")).quantize(CENT, rounding=ROUND_HALF_UP)


async def test_place_order_rejections(put: PlatformUnderTest, facts: DemoFacts) -> None:
    acc = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1")["id"]
    before = (await put.platform.list_orders(OrderQuery(limit=1))).total
    with pytest.raises(Rejected) as unknown:
        await put.platform.place_order(OrderRequest(acc, (OrderRequestLine("SE-LC1D09M7", 1),
                                                          OrderRequestLine("NO-SUCH-SKU", 1))),
                                       idempotency_key=_key())
    assert unknown.value.sku == "NO-SUCH-SKU" and "NO-SUCH-SKU" in unknown.value.message
    with pytest.raises(Rejected):
        await put.platform.place_order(OrderRequest(acc, (OrderRequestLine("SE-LC1D09M7", 0),)),
                                       idempotency_key=_key())
    put.backoffice.discontinue("SE-GV2ME08")
    with pytest.raises(Rejected) as gone:
        await put.platform.place_order(OrderRequest(acc, (OrderRequestLine("SE-GV2ME08", 1),)),
                                       idempotency_key=_key())
    assert gone.value.sku == "SE-GV2ME08"
    assert (await put.platform.list_orders(OrderQuery(limit=1))).total == before


async def test_list_orders_paging_visits_every_order_once(put: PlatformUnderTest, facts: DemoFacts) -> None:
    expected = {r["number"] for r in facts.all("SELECT number FROM orders")}
    numbers = await _all_orders(put.platform, OrderQuery(limit=250))
    assert len(numbers) == len(expected) and set(numbers) == expected
    first = await put.platform.list_orders(OrderQuery(limit=5))
    assert first.total == len(expected)
    assert [o.placed_at for o in first.orders] == sorted((o.placed_at for o in first.orders), reverse=True)


async def test_list_orders_filters(put: PlatformUnderTest, facts: DemoFacts) -> None:
    acc = facts.one("SELECT account_id, count(*) n FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 1")["account_id"]
    platform = put.platform
    mine = await _all_orders(platform, OrderQuery(account_id=acc, limit=40))
    assert set(mine) == {r["number"] for r in facts.all("SELECT number FROM orders WHERE account_id = ?", (acc,))}

    delivered = await platform.list_orders(OrderQuery(account_id=acc, status=OrderStatus.DELIVERED, limit=500))
    assert delivered.orders and all(o.status is OrderStatus.DELIVERED for o in delivered.orders)
    assert delivered.total == facts.one("SELECT count(*) n FROM orders WHERE account_id = ? AND status = 'delivered'",
                                        (acc,))["n"]

    po = facts.one("SELECT number, po_number FROM orders WHERE po_number != '' ORDER BY number LIMIT 1")
    by_po = await platform.list_orders(OrderQuery(po_number=po["po_number"]))
    assert po["number"] in [o.number for o in by_po.orders]
    assert all(po["po_number"] in o.po_number for o in by_po.orders)

    until = date.fromisoformat(facts.one("SELECT max(substr(placed_at, 1, 10)) d FROM orders")["d"])
    since = until - timedelta(days=30)
    window = await _all_orders(platform, OrderQuery(since=since, until=until - timedelta(days=10), limit=200))
    expected = {r["number"] for r in facts.all(
        "SELECT number FROM orders WHERE substr(placed_at, 1, 10) BETWEEN ? AND ?",
        (since.isoformat(), (until - timedelta(days=10)).isoformat()))}
    assert window and set(window) == expected

    sku = facts.one("SELECT sku FROM order_lines GROUP BY sku ORDER BY count(*) DESC LIMIT 1")["sku"]
    with_sku = await _all_orders(platform, OrderQuery(contains=sku, limit=200))
    assert set(with_sku) == {r["order_number"] for r in facts.all(
        "SELECT DISTINCT order_number FROM order_lines WHERE sku = ?", (sku,))}
    model = facts.one("SELECT model FROM products WHERE sku = ?", (sku,))["model"]
    assert set(await _all_orders(platform, OrderQuery(contains=model.lower(), limit=200))) >= set(with_sku)


async def test_get_order_shipments_events_newest_first(put: PlatformUnderTest, facts: DemoFacts) -> None:
    row = facts.one("SELECT s.order_number FROM shipments s JOIN tracking_events e ON e.shipment_id = s.id "
                    "WHERE s.delivered = 1 GROUP BY s.id HAVING count(*) >= 4 ORDER BY s.id LIMIT 1")
    order = await put.platform.get_order(row["order_number"])
    assert order.lines and order.shipments and order.history
    shipment = order.shipments[0]
    assert shipment.carrier and shipment.tracking_number and shipment.tracking_url.startswith("https://")
    times = [e.at for e in shipment.events]
    assert len(times) >= 4 and times == sorted(times, reverse=True)
    assert shipment.delivered and shipment.events[0].status == "delivered"
    assert [h.status for h in order.history][:2] == [OrderStatus.PENDING, OrderStatus.CONFIRMED]
    assert order.total.amount == order.subtotal.amount + order.tax.amount
    with pytest.raises(NotFound):
        await put.platform.get_order("SO000000-00000")


async def test_backorders_show_in_summaries(put: PlatformUnderTest, facts: DemoFacts) -> None:
    number = facts.one("SELECT order_number FROM order_lines WHERE qty_backordered > 0 LIMIT 1")["order_number"]
    page = await put.platform.list_orders(OrderQuery(number=number))
    assert [o.number for o in page.orders] == [number] and page.orders[0].backordered


# --- catalog changes -------------------------------------------------------------------------------------------------


async def test_catalog_changes_pages_everything_then_only_changes(put: PlatformUnderTest, facts: DemoFacts) -> None:
    seen: list[str] = []
    cursor: str | None = None
    total = None
    for _ in range(100):
        page = await put.platform.catalog_changes(cursor, limit=700)
        seen += [p.sku for p in page.products]
        total = page.total
        cursor = page.next_cursor
        if page.done:
            break
    all_skus = {r["sku"] for r in facts.all("SELECT sku FROM products")}
    assert len(seen) == len(all_skus) == total and set(seen) == all_skus
    quiet = await put.platform.catalog_changes(cursor, limit=700)
    assert quiet.products == () and quiet.done

    put.backoffice.set_price("SE-LC1D09M7", Money.of("199.00"))
    put.backoffice.discontinue("SE-GV2ME08")
    changed = await put.platform.catalog_changes(cursor, limit=700)
    by_sku = {p.sku: p for p in changed.products}
    assert set(by_sku) == {"SE-LC1D09M7", "SE-GV2ME08"} and changed.done
    assert by_sku["SE-LC1D09M7"].list_price == Money.of("199.00")
    assert by_sku["SE-GV2ME08"].status is ProductStatus.DISCONTINUED
    again = await put.platform.catalog_changes(changed.next_cursor, limit=700)
    assert again.products == ()
    [q] = await put.platform.quote(facts.one("SELECT id FROM accounts ORDER BY id")["id"], [("SE-LC1D09M7", 1)])
    assert q.list_price == Money.of("199.00")


# --- offline ---------------------------------------------------------------------------------------------------------


async def test_offline_raises_offline(put: PlatformUnderTest) -> None:
    put.set_offline(True)
    with pytest.raises(Offline):
        await put.platform.search_products("LC1D09M7")
    with pytest.raises(Offline):
        await put.platform.place_order(OrderRequest("C10023", (OrderRequestLine("SE-LC1D09M7", 1),)),
                                       idempotency_key=_key())
    put.set_offline(False)
    assert await put.platform.get_products(["SE-LC1D09M7"])
