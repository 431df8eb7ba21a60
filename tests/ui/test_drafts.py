"""A day offline: draft two orders, come back, settle the one whose price moved; both are placed once."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import timedelta
from decimal import Decimal

from uitext import screen_text, widget_text

from b2bterm import clock
from b2bterm.domain.models import DraftState
from b2bterm.domain.money import Money
from b2bterm.services.desk import Desk
from b2bterm.services.submit import Outcome as SubmitOutcome
from b2bterm.ui.app import B2BApp, Section
from b2bterm.ui.screens.drafts import DraftsScreen
from b2bterm.ui.screens.outbox_review import OutboxReview
from b2bterm.ui.widgets.row_list import RowList

SIZE = (160, 40)
SECTIONS = (Section("drafts", "Drafts", "b2bterm.ui.screens.drafts:DraftsScreen"),)


async def settle(pilot, app: B2BApp) -> None:
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()


def rows_of(app: B2BApp, selector: str) -> list[str]:
    rows = app.screen.query_one(selector, RowList)
    return [rows.row_text(i) for i in range(len(rows.rows))]


def row_of(app: B2BApp, draft_id: int) -> str:
    return next(r for r in rows_of(app, "#drafts-list") if r.startswith(f"#{draft_id} "))


def placed_keys(desk: Desk) -> Counter[str]:
    conn = sqlite3.connect(desk.platform.path)  # type: ignore[attr-defined]
    try:
        return Counter(r[0] for r in conn.execute("SELECT idempotency_key FROM orders WHERE idempotency_key != ''"))
    finally:
        conn.close()


async def draft_offline(desk: Desk, text: str) -> int:
    """What the rep does in Quick order: type lines (priced while the platform still answered), send while it is
    unreachable. The prices seen are three days old by the time they come back."""
    assert desk.account is not None
    pad = desk.new_pad(desk.account.id)
    pad.add_text(text)
    await pad.reprice()
    three_days = clock.now() - timedelta(days=3)
    desk.drafts.set_prices_seen(pad.draft_id, [(x.id, x.unit_price_seen, three_days) for x in pad.draft_lines()])
    return pad.draft_id


async def test_offline_day_two_orders_one_price_change_accept_both_sent_once(desk: Desk) -> None:
    platform = desk.platform
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    for sku in ("SE-LC1D09M7C", "SE-EA9AN1C16", "AB-S203-D16"):
        try:
            platform.set_stock(sku, "SH", 500)  # type: ignore[attr-defined]
        except Exception:
            pass
    first = await draft_offline(desk, "LC1D09M7C 5")
    second = await draft_offline(desk, "EA9AN1C16 10")
    first_sku = desk.drafts.load(first).lines[0].sku
    second_sku = desk.drafts.load(second).lines[0].sku
    platform.set_stock(first_sku, "SH", 500)  # type: ignore[attr-defined]
    platform.set_stock(second_sku, "SH", 500)  # type: ignore[attr-defined]
    was = desk.drafts.load(second).lines[0].unit_price_seen
    assert was is not None
    product = (await platform.get_products([second_sku]))[second_sku]
    assert product.list_price is not None

    # The platform goes away; both orders are sent from Quick order and kept in the outbox.
    platform.offline = True  # type: ignore[attr-defined]
    assert (await desk.submit(first)).outcome is SubmitOutcome.QUEUED
    assert (await desk.submit(second)).outcome is SubmitOutcome.QUEUED

    app = B2BApp(desk=desk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DraftsScreen)
        assert "offline" in widget_text(app.screen.query_one("#app-header"))
        assert "queued" in row_of(app, first) and "queued" in row_of(app, second)
        assert "2 waiting to be sent" in screen_text(app)

        # While they were away, the distributor raised the list price of the second item by 20%.
        platform.set_price(second_sku, Money(product.list_price.amount * Decimal("1.2")).rounded())  # type: ignore[attr-defined]

        # Back online: the rep asks to send now. The first goes; the second stops for review.
        platform.offline = False  # type: ignore[attr-defined]
        await pilot.press("s")
        await settle(pilot, app)
        assert "online" in widget_text(app.screen.query_one("#app-header"))
        number = desk.drafts.load(first).order_number
        assert number and f"sent {number}" in row_of(app, first)
        assert "needs attention" in row_of(app, second)
        assert "1 sent, 1 need attention" in screen_text(app)

        # Enter on it: the review shows the line with the old price, its age and the new price.
        rows = app.screen.query_one("#drafts-list", RowList)
        while not rows.row_text(rows.cursor).startswith(f"#{second} "):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, OutboxReview)
        (line,) = rows_of(app, "#review-lines")
        now = desk.drafts.load(second)  # unchanged until the rep decides
        assert now.lines[0].unit_price_seen == was
        assert f"was {was.format()} as of 3 days ago, now ¥" in line and "+20" in line
        assert "1 line still needs a decision" in screen_text(app)

        # F9 before deciding is refused; A accepts the new price; F9 sends it again.
        await pilot.press("f9")
        await settle(pilot, app)
        assert "Settle every line first" in screen_text(app)
        await pilot.press("a")
        await settle(pilot, app)
        assert "Every line is settled" in screen_text(app)
        await pilot.press("f9")
        await settle(pilot, app)
        assert isinstance(app.screen, DraftsScreen)
        sent = desk.drafts.load(second)
        assert sent.state is DraftState.SENT and sent.order_number
        assert f"sent {sent.order_number}" in row_of(app, second)
        assert sent.lines[0].unit_price_seen is not None and sent.lines[0].unit_price_seen.amount > was.amount

    # Each order exists on the platform exactly once, under the key stored before the first attempt.
    keys = placed_keys(desk)
    assert keys[desk.drafts.load(first).idempotency_key] == 1
    assert keys[desk.drafts.load(second).idempotency_key] == 1


async def test_work_offline_toggle_shows_in_header_and_holds_the_outbox(desk: Desk) -> None:
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    draft = await draft_offline(desk, "LC1D09M7C 1")
    app = B2BApp(desk=desk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("w")
        await settle(pilot, app)
        assert "work offline" in widget_text(app.screen.query_one("#app-header"))
        assert (await desk.submit(draft)).outcome is SubmitOutcome.QUEUED
        await pilot.press("s")
        await settle(pilot, app)
        assert desk.drafts.load(draft).state is DraftState.QUEUED
        assert "Working offline" in screen_text(app)
        await pilot.press("w")  # back online: the outbox goes at once
        await settle(pilot, app)
        assert "● online" in widget_text(app.screen.query_one("#app-header"))
        assert desk.drafts.load(draft).state is DraftState.SENT


async def test_delete_a_draft_and_restore_it(desk: Desk) -> None:
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    pad = desk.new_pad(accounts[0].id, title="junk import")
    pad.add_text("LC1D09M7C 5\nEA9AN1C16 十个")
    keep = desk.new_pad(accounts[0].id)
    keep.add_text("S203-C16 2")
    before = desk.drafts.load(pad.draft_id)
    app = B2BApp(desk=desk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DraftsScreen)
        rows = app.screen.query_one("#drafts-list", RowList)
        while not rows.row_text(rows.cursor).startswith(f"#{pad.draft_id} "):
            await pilot.press("down")
        await pilot.press("delete")
        await settle(pilot, app)
        assert all(not r.startswith(f"#{pad.draft_id} ") for r in rows_of(app, "#drafts-list"))
        assert f"Draft #{pad.draft_id} deleted — U restores it." in screen_text(app)
        assert not desk.drafts.exists(pad.draft_id) and desk.drafts.exists(keep.draft_id)
        await pilot.press("u")
        await settle(pilot, app)
        assert row_of(app, pad.draft_id)
        assert f"Draft #{pad.draft_id} restored" in screen_text(app)
        assert desk.drafts.load(pad.draft_id) == before  # exactly as it was: header, lines, quantities as written
        await pilot.press("u")
        await settle(pilot, app)
        assert "nothing to restore" in screen_text(app)
