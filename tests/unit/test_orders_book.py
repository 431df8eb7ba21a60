"""Orders use case and cache: paging into the cache, filters, offline copies, watched changes, reorder, insight."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from backoffice import demo_sql

from b2bterm.domain.models import LineStatus, Order, OrderLine, OrderStatus, Shipment
from b2bterm.domain.money import Money
from b2bterm.domain.order_filter import parse_filter, parse_status
from b2bterm.local.orders import OrderFilter, order_from_json, order_to_json
from b2bterm.platform.base import NotFound, OrderQuery
from b2bterm.services.desk import Desk
from b2bterm.services.orders import ChangeKind, month_starts

ACCOUNT = "C10541"


def test_parse_filter_tokens_words_and_problems() -> None:
    f, problems = parse_filter("status:ship since:2026-01 until:2026-03 po:4552 no:SO26 sku:lc1d09m7 bo  ABC ")
    assert f.status is OrderStatus.SHIPPED and f.since == date(2026, 1, 1) and f.until == date(2026, 3, 31)
    assert (f.po_number, f.number, f.contains, f.backordered, f.words) == ("4552", "SO26", "lc1d09m7", True, ("ABC",))
    assert not problems
    f, problems = parse_filter("status:zzz since:yesterday 状态:已发货")
    assert f.status is OrderStatus.SHIPPED and f.since is None and len(problems) == 2
    assert parse_status("p") is None  # pending, processing, partially_shipped: not one
    assert parse_status("partially-shipped") is OrderStatus.PARTIALLY_SHIPPED
    assert parse_filter("")[0].empty
    assert month_starts(date(2026, 2, 10), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_json_round_trip_keeps_odd_orders() -> None:
    now = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    order = Order(number="X1", account_id="A", placed_at=now, status=OrderStatus.parse("lost-in-space"),
                  lines=(OrderLine("S1", "M-1", "Hose [bold]1/2in", 3, Money.of("1.10"), 0, 3),),
                  subtotal=Money.of("3.30"), tax=Money.of("0.43"), total=Money.of("3.73"),
                  shipments=(Shipment("X1-S1", "", "", None, None),))
    back = order_from_json(order_to_json(order))
    assert back == order
    assert back.status is OrderStatus.UNKNOWN and back.shipments[0].events == ()


async def test_refresh_pages_the_whole_history_then_filters_locally(desk: Desk) -> None:
    book = desk.orders
    pages: list[int] = []
    result = await book.refresh_list(ACCOUNT, on_page=lambda p, n, t: pages.append(n))
    platform_total = (await desk.platform.list_orders(OrderQuery(account_id=ACCOUNT, limit=1))).total
    assert result.complete and result.fetched == platform_total and pages[-1] == platform_total
    listing = book.local_orders(ACCOUNT)
    assert listing.cached == platform_total and len(listing.rows) == platform_total
    keys = [r.summary.placed_at for r in listing.rows]
    assert keys == sorted(keys, reverse=True)
    po = next(r.summary.po_number for r in listing.rows if r.summary.po_number)
    found = book.local_orders(ACCOUNT, parse_filter(f"po:{po}")[0]).rows
    assert found and all(po in r.summary.po_number for r in found)
    delivered = book.local_orders(ACCOUNT, OrderFilter(status=OrderStatus.DELIVERED)).rows
    assert delivered and all(r.summary.status is OrderStatus.DELIVERED for r in delivered)
    # a second refresh reads only the newest page(s): nothing new, every old order is final or older
    again = await book.refresh_list(ACCOUNT)
    assert again.pages < result.pages or result.pages == 1


async def test_order_live_then_offline_from_cache_and_contains_search(desk: Desk) -> None:
    book = desk.orders
    await book.refresh_list(ACCOUNT)
    number = book.local_orders(ACCOUNT).rows[5].summary.number
    live = await book.order(number)
    assert live.live and live.order.lines
    sku = live.order.lines[0].sku
    numbers = await book.find(ACCOUNT, OrderFilter(contains=sku))
    assert number in numbers
    desk.platform.offline = True  # type: ignore[attr-defined]
    cached = await book.order(number)
    assert not cached.live and cached.order == live.order and cached.fetched_at == live.fetched_at
    # offline, "contains" searches the orders opened before
    local = book.local_orders(ACCOUNT, OrderFilter(contains=live.order.lines[0].model.lower()))
    assert [r.summary.number for r in local.rows] == [number]
    with pytest.raises(NotFound):
        desk.platform.offline = False  # type: ignore[attr-defined]
        await book.order("SO-NO-SUCH")


async def test_watched_order_status_and_new_shipment_are_told(desk: Desk, today: date) -> None:
    book = desk.orders
    row = demo_sql(desk, "SELECT number FROM orders WHERE status = 'processing' ORDER BY placed_at DESC LIMIT 1")[0]
    number = row["number"]
    await book.order(number)  # the user looks at it
    assert await book.check_watched() == []
    demo_sql(desk, "UPDATE orders SET status = 'shipped' WHERE number = ?", (number,))
    demo_sql(desk, "INSERT INTO shipments VALUES (?, ?, 'Kuayue 跨越速运', 'KY123456789', "
                   f"'{today}T10:00:00+08:00', NULL, '', 0)", (f"{number}-SX", number))
    changes = await book.check_watched()
    kinds = {c.kind for c in changes}
    assert kinds == {ChangeKind.STATUS, ChangeKind.SHIPMENT}
    status = next(c for c in changes if c.kind == ChangeKind.STATUS)
    assert status.old_status is OrderStatus.PROCESSING and status.new_status is OrderStatus.SHIPPED
    assert "shipped" in status.text() and "KY123456789" in next(c.text() for c in changes if c.shipment)
    assert await book.check_watched() == []  # told once


async def test_reorder_two_lines_at_todays_prices_marks_changed_ones(desk: Desk) -> None:
    book = desk.orders
    number = demo_sql(desk, "SELECT order_number FROM order_lines l JOIN orders o ON o.number = l.order_number "
                            "WHERE o.account_id = ? GROUP BY 1 HAVING count(*) >= 3 LIMIT 1", (ACCOUNT,))[0][0]
    order = (await book.order(number)).order
    result = await book.reorder(order, [0, 2])
    assert [x.sku for x in result.lines] == [order.lines[0].sku, order.lines[2].sku]
    draft = desk.drafts.load(result.draft_id)
    assert [(x.sku, x.qty) for x in draft.lines] == [(order.lines[0].sku, order.lines[0].qty),
                                                    (order.lines[2].sku, order.lines[2].qty)]
    assert all(x.status is LineStatus.RESOLVED and x.unit_price_seen is not None for x in draft.lines)
    assert number in draft.title
    for line, seen in zip(result.lines, draft.lines, strict=True):
        assert ("price changed" in seen.message) == line.changed
    # the list price of line 0 rises: that line says so
    desk.platform.set_price(order.lines[0].sku, Money.of("99999.00"))  # type: ignore[attr-defined]
    again = await book.reorder(order, [0])
    assert again.lines[0].changed and again.changed == 1
    assert "price changed: was" in desk.drafts.load(again.draft_id).lines[0].message


async def test_insight_spend_per_month_and_top_items(desk: Desk, today: date) -> None:
    book = desk.orders
    await book.refresh_list(ACCOUNT)
    insight = await book.insight(ACCOUNT, months=18)  # today from the product's clock
    assert len(insight.months) == 18 and insight.months[-1][0] == today.replace(day=1)
    assert insight.months[0][0] == month_starts(today, 18)[0]
    rows = book.local_orders(ACCOUNT, OrderFilter(since=insight.months[0][0])).rows
    expected = sum((r.summary.total.amount for r in rows if r.summary.status is not OrderStatus.CANCELLED),
                   Decimal(0))
    assert insight.total.amount == expected > 0
    assert insight.top_items and insight.orders_read == insight.orders
    spends = [t.spend.amount for t in insight.top_items]
    assert spends == sorted(spends, reverse=True)
