"""Orders as a user works them: find an order by PO, open it, read its tracking, copy a tracking number, order
two of its lines again; be told when a watched order moves on; read the spend chart; work from the cache offline."""

from __future__ import annotations

from datetime import date, timedelta

from backoffice import demo_sql
from uitext import widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.widgets.row_list import RowList

SIZE = (140, 40)
ACCOUNT = "C10541"


async def settle(app: B2BApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_orders(app: B2BApp, pilot) -> RowList:
    await pilot.press("f4")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "OrdersScreen"
    return app.screen.query_one("#orders-list", RowList)


async def type_filter(app: B2BApp, pilot, text: str) -> RowList:
    await pilot.press("escape")
    await pilot.press(*text)
    await settle(app, pilot)
    return app.screen.query_one("#orders-list", RowList)


def notifications(app: B2BApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_find_by_po_open_tracking_copy_and_reorder_two_lines(desk: Desk) -> None:
    row = demo_sql(desk, """
        SELECT o.number, o.po_number FROM orders o WHERE o.account_id = ? AND o.po_number <> ''
          AND (SELECT count(*) FROM order_lines l WHERE l.order_number = o.number) >= 3
          AND EXISTS (SELECT 1 FROM shipments s JOIN tracking_events e ON e.shipment_id = s.id
                      WHERE s.order_number = o.number)
        ORDER BY o.placed_at DESC LIMIT 1""", (ACCOUNT,))[0]
    number, po = row["number"], row["po_number"]
    lines = demo_sql(desk, "SELECT sku, model, qty FROM order_lines WHERE order_number = ? ORDER BY line_no",
                     (number,))
    shipment = demo_sql(desk, "SELECT id, tracking_number FROM shipments WHERE order_number = ? "
                              "ORDER BY shipped_at DESC, id DESC LIMIT 1", (number,))[0]
    newest = demo_sql(desk, "SELECT description FROM tracking_events WHERE shipment_id = ? ORDER BY at DESC LIMIT 1",
                      (shipment["id"],))[0][0]
    await desk.select_account(ACCOUNT)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await open_orders(app, pilot)
        assert len(rows.rows) > 50  # the account's whole history was paged in
        rows = await type_filter(app, pilot, f"po:{po}")
        shown = widget_text(rows)
        assert number in shown and po in shown and "¥" in shown
        assert rows.row_text(0).startswith(number)
        await pilot.press("enter")
        await settle(app, pilot)
        detail = app.screen
        assert type(detail).__name__ == "OrderDetailScreen"
        head = widget_text(detail.query_one("#od-head"))
        assert number in head and po in head and "Payment terms" in head and "Invoice" in head
        assert "Total incl. tax" in widget_text(detail.query_one("#od-totals"))
        assert lines[0]["model"] in widget_text(detail.query_one("#od-lines"))
        assert shipment["tracking_number"] in widget_text(detail.query_one("#od-shipments"))
        events = widget_text(detail.query_one("#od-events"))
        assert newest.split()[0] in events  # newest first, at the top under the tracking number
        first_event = next(line for line in events.splitlines() if line.strip()[:2] == "20")
        assert newest.split()[0] in first_event
        history = widget_text(detail.query_one("#od-history"))
        assert "pending" in history and "订单已提交" in history

        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard == shipment["tracking_number"]
        assert any(shipment["tracking_number"] in m for m in notifications(app))
        # no desktop clipboard here: it says the number went to the terminal and shows it to copy by hand
        assert any("OSC 52" in m for m in notifications(app))
        assert shipment["tracking_number"] in widget_text(detail.query_one("#od-status"))

        await pilot.press("space", "down", "space")  # mark lines 1 and 3
        assert "2 lines marked" in widget_text(detail.query_one("#od-status"))
        await pilot.press("r")
        await settle(app, pilot)
        told = [m for m in notifications(app) if "Draft #" in m]
        assert told and number in told[-1]
        draft_id = int(told[-1].split("#")[1].split(":")[0])
        draft = desk.drafts.load(draft_id)
        assert [(x.sku, x.qty) for x in draft.lines] == [(lines[0]["sku"], lines[0]["qty"]),
                                                        (lines[2]["sku"], lines[2]["qty"])]
        assert type(app.screen).__name__ == "QuickOrderScreen"  # the new pad is open in Quick order
        pad_text = widget_text(app.screen.query_one("#qo-lines"))
        assert lines[0]["model"] in pad_text and lines[2]["model"] in pad_text


async def test_a_watched_order_that_ships_is_told(desk: Desk, today: date) -> None:
    row = demo_sql(desk, "SELECT number, account_id FROM orders WHERE status = 'processing' "
                         "ORDER BY placed_at DESC LIMIT 1")[0]
    number = row["number"]
    await desk.select_account(row["account_id"])
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_orders(app, pilot)
        rows = await type_filter(app, pilot, number)
        assert "processing" in rows.row_text(0)
        await pilot.press("enter")  # looking at it makes it watched
        await settle(app, pilot)
        await pilot.press("escape")
        demo_sql(desk, "UPDATE orders SET status = 'shipped' WHERE number = ?", (number,))
        demo_sql(desk, f"INSERT INTO order_history VALUES (?, '{today}T10:00:00+08:00', 'shipped', '已发货 Shipped')",
                 (number,))
        demo_sql(desk, "INSERT INTO shipments VALUES (?, ?, 'SF Express 顺丰速运', 'SF9990001112223', "
                       f"'{today}T10:00:00+08:00', '{today + timedelta(days=2)}', '', 0)", (f"{number}-S9", number))
        await pilot.press("f5")
        await settle(app, pilot)
        told = notifications(app)
        assert any(number in m and "now shipped" in m and "was processing" in m for m in told), told
        assert any(number in m and "SF9990001112223" in m for m in told), told
        rows = app.screen.query_one("#orders-list", RowList)
        assert "shipped" in rows.row_text(0) and "processing" not in rows.row_text(0)
        before = len(notifications(app))
        await pilot.press("f5")
        await settle(app, pilot)
        assert len(notifications(app)) == before  # told once


async def test_watched_orders_are_checked_from_any_section(desk: Desk) -> None:
    row = demo_sql(desk, "SELECT number, account_id FROM orders WHERE status = 'processing' "
                         "ORDER BY placed_at DESC LIMIT 1")[0]
    number = row["number"]
    await desk.select_account(row["account_id"])
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_orders(app, pilot)
        await type_filter(app, pilot, number)
        await pilot.press("enter")  # looking at it makes it watched
        await settle(app, pilot)
        await pilot.press("escape", "f2")  # the user goes back to searching
        await settle(app, pilot)
        demo_sql(desk, "UPDATE orders SET status = 'shipped' WHERE number = ?", (number,))
        app.check_watched_orders()  # what the app's timer runs every few minutes
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SearchScreen"
        assert any(number in m and "now shipped" in m for m in notifications(app)), notifications(app)


async def test_spend_chart_and_top_items_for_the_account(desk: Desk) -> None:
    await desk.select_account(ACCOUNT)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_orders(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)
        chart = widget_text(app.screen.query_one("#orders-insight"))
        assert "Spend per month" in chart and "18 months" in chart
        assert "█" in chart and "│" in chart
        assert "Top items by net spend" in chart and " 1. " in chart
        assert any(str(y) in chart for y in (2025, 2026))


async def test_offline_cached_orders_stay_readable_with_their_age(desk: Desk) -> None:
    number = demo_sql(desk, "SELECT number FROM orders WHERE account_id = ? ORDER BY placed_at DESC LIMIT 1",
                      (ACCOUNT,))[0][0]
    await desk.select_account(ACCOUNT)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await open_orders(app, pilot)
        cached = len(rows.rows)
        await type_filter(app, pilot, number)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        desk.platform.offline = True  # type: ignore[attr-defined]
        await pilot.press("f5")
        rows = await type_filter(app, pilot, "")
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(rows.rows) == cached
        status = widget_text(app.screen.query_one("#orders-status"))
        assert "Offline" in status and "refreshed" in status
        await type_filter(app, pilot, number)
        await pilot.press("enter")
        await settle(app, pilot)
        head = widget_text(app.screen.query_one("#od-head"))
        assert number in head and "cached copy from" in head


async def test_odd_orders_show_sensibly(desk: Desk) -> None:
    bare = demo_sql(desk, "SELECT number FROM orders WHERE account_id = ? ORDER BY placed_at DESC LIMIT 1",
                    (ACCOUNT,))[0][0]
    odd = demo_sql(desk, "SELECT o.number FROM orders o WHERE account_id = ? AND number <> ? AND EXISTS "
                         "(SELECT 1 FROM shipments s WHERE s.order_number = o.number) ORDER BY placed_at DESC LIMIT 1",
                   (ACCOUNT, bare))[0][0]
    # an order with a status nobody knows and no shipments at all
    demo_sql(desk, "UPDATE orders SET status = 'lost_in_space' WHERE number = ?", (bare,))
    demo_sql(desk, "DELETE FROM shipments WHERE order_number = ?", (bare,))
    demo_sql(desk, "DELETE FROM order_history WHERE order_number = ?", (bare,))
    # a shipment by a carrier with no name and no tracking events
    demo_sql(desk, "DELETE FROM tracking_events WHERE shipment_id IN (SELECT id FROM shipments WHERE order_number = ?)",
             (odd,))
    demo_sql(desk, "UPDATE shipments SET carrier = '', tracking_url = '', tracking_number = '' WHERE order_number = ?",
             (odd,))
    await desk.select_account(ACCOUNT)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_orders(app, pilot)
        rows = await type_filter(app, pilot, bare)
        assert "unknown status" in rows.row_text(0)
        await pilot.press("enter")
        await settle(app, pilot)
        detail = app.screen
        assert "unknown status" in widget_text(detail.query_one("#od-head"))
        assert "Nothing shipped yet." in widget_text(detail.query_one("#od-shipments"))
        assert "No status history." in widget_text(detail.query_one("#od-history"))
        await pilot.press("c")
        assert any("No shipment" in m for m in notifications(app))
        await pilot.press("escape")
        await type_filter(app, pilot, odd)
        await pilot.press("enter")
        await settle(app, pilot)
        detail = app.screen
        assert "unknown carrier" in widget_text(detail.query_one("#od-shipments"))
        assert "No tracking events yet" in widget_text(detail.query_one("#od-events"))
        await pilot.press("c")
        assert any("no tracking number" in m for m in notifications(app))
        await pilot.press("escape")
        rows = await type_filter(app, pilot, "status:bogus")
        assert "not one of" in widget_text(app.screen.query_one("#orders-status"))
        assert len(rows.rows) > 1  # a filter it cannot read narrows nothing


async def test_a_bare_model_number_finds_the_orders_with_it(desk: Desk) -> None:
    """Typed without sku:, a model number that is no order or PO number finds the orders holding that item; a
    PO number typed the same way still finds its order."""
    row = demo_sql(desk, """
        SELECT l.model, count(DISTINCT l.order_number) AS n FROM order_lines l
          JOIN orders o ON o.number = l.order_number WHERE o.account_id = ? AND l.model NOT LIKE '% %'
         GROUP BY l.model ORDER BY n DESC, l.model LIMIT 1""",
                   (ACCOUNT,))[0]
    holding = {r["number"] for r in demo_sql(desk, "SELECT DISTINCT o.number FROM orders o JOIN order_lines l ON "
                                                   "l.order_number = o.number WHERE o.account_id = ? AND l.model = ?",
                                             (ACCOUNT, row["model"]))}
    po = demo_sql(desk, "SELECT number, po_number FROM orders WHERE account_id = ? AND po_number GLOB '*[0-9]*' "
                        "AND po_number GLOB '*[A-Z]*' ORDER BY placed_at DESC LIMIT 1", (ACCOUNT,))
    await desk.select_account(ACCOUNT)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_orders(app, pilot)
        rows = await type_filter(app, pilot, row["model"])
        assert set(rows.keys) == holding
        if po:
            rows = await type_filter(app, pilot, po[0]["po_number"])
            assert po[0]["number"] in rows.keys
