"""Quick order from what the customer bought before, from saved lists, and from a file: as a user works them."""

from __future__ import annotations

from pathlib import Path

import test_quickorder
from test_quickorder import SECTIONS, SIZE, lines_of, paste, row_index, settle, status_of
from uitext import screen_text, widget_text

from b2bterm.config import Config
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.screens.buy_again import BuyAgainPicker
from b2bterm.ui.screens.import_file import ImportFilePrompt
from b2bterm.ui.screens.lists import ListNamePrompt, ListPicker
from b2bterm.ui.screens.quickorder import QuickOrderScreen
from b2bterm.ui.widgets.row_list import RowList

qdesk = test_quickorder.qdesk  # the same fixture: a demo desk, catalog synced, account chosen
ACCOUNT = "C10541"  # a demo customer with a long order history


def app_for(desk: Desk) -> B2BApp:
    return B2BApp(desk=desk, sections=SECTIONS, sync_on_start=False)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_buy_again_adds_two_marked_items_and_marks_a_changed_price(qdesk: Desk) -> None:
    await qdesk.select_account(ACCOUNT)
    items = await qdesk.orders.buy_again(ACCOUNT)
    lines, _new, _live = await qdesk.orders.priced_lines(
        ACCOUNT, [(x.sku, x.model, x.name, x.last_qty, x.last_price) for x in items], lambda _s: "")
    same = next(i for i, x in enumerate(lines) if not x.changed and x.now is not None)
    changed = next(i for i, x in enumerate(lines) if i > same and x.changed)  # the demo prices moved since
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+b")
        await settle(pilot, app)
        assert isinstance(app.screen, BuyAgainPicker)
        shown = widget_text(app.screen.query_one(RowList))
        assert items[0].model in shown and items[0].last_date.isoformat() in shown
        for _ in range(same):
            await pilot.press("down")
        await pilot.press("space")  # marks the item, moves on
        for _ in range(changed - same - 1):
            await pilot.press("down")
        await pilot.press("space", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen)
        rows = lines_of(app)
        assert len(rows.rows) == 2
        first = rows.row_text(row_index(rows, items[same].model))
        assert f"{items[same].last_qty:,}" in first and "was ¥" not in first
        again = rows.row_text(row_index(rows, items[changed].model))
        was, now = lines[changed].was.format(), lines[changed].now.format()
        assert f"was {was} on {items[changed].last_date.isoformat()}, now {now} (" in again
        assert "2 items added again, 1 at a different price today" in status_of(app)


async def test_save_a_list_and_fill_a_new_pad_from_it(qdesk: Desk) -> None:
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "LC1D09M7C 5\nEA9AN1C16 10\nQQQQ-99999 1\n")
        screen = app.screen
        assert isinstance(screen, QuickOrderScreen) and len(lines_of(app).rows) == 3
        await pilot.press("ctrl+l")
        await settle(pilot, app)
        assert isinstance(app.screen, ListNamePrompt)
        await type_text(pilot, "Panel site 3")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "List “Panel site 3” saved (3 items)" in status_of(app)
        screen._start_fresh("a new pad")  # what happens after an order is placed
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        assert isinstance(app.screen, ListPicker)
        assert "Panel site 3" in widget_text(app.screen.query_one(RowList))
        await pilot.press("enter")
        await settle(pilot, app)
        rows = lines_of(app)
        assert len(rows.rows) == 3
        assert "LC1D09M7C" in rows.row_text(0) and "5" in rows.row_text(0)
        assert "EA9AN1C16" in rows.row_text(1) and "10" in rows.row_text(1)
        assert "unknown" in rows.row_text(2)
        assert screen.pad is not None and screen.pad.draft_id == qdesk.drafts.load(screen.pad.draft_id).id


async def test_a_list_survives_a_restart_and_can_be_deleted(demo_config: Config, qdesk: Desk) -> None:
    from b2bterm.domain.lists import ListItem

    qdesk.lists.save(qdesk.account.id, "Monthly", [ListItem("LC1D09M7C", 4)])
    account = qdesk.account.id
    await qdesk.aclose()
    desk = open_desk(demo_config)  # a new desk on the same data dir
    try:
        await desk.select_account(account)
        app = app_for(desk)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("ctrl+o")
            await settle(pilot, app)
            listing = app.screen.query_one(RowList)
            assert "Monthly" in widget_text(listing)
            await pilot.press("delete")
            await settle(pilot, app)
            assert "No saved lists" in widget_text(app.screen.query_one(RowList))
            assert desk.lists.lists(account) == []
    finally:
        await desk.aclose()


async def test_import_a_csv_file_from_the_tui(qdesk: Desk, tmp_path: Path) -> None:
    csv = tmp_path / "订单.csv"
    csv.write_bytes("型号,数量\nLC1D09M7C,5\nEA9AN1C16,10\n".encode("gb18030"))  # Excel on Chinese Windows
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        assert isinstance(app.screen, ImportFilePrompt)
        app.screen.query_one("#import-path").value = str(csv)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen)
        rows = lines_of(app)
        assert len(rows.rows) == 2
        assert "LC1D09M7C" in rows.row_text(0) and "EA9AN1C16" in rows.row_text(1)


async def test_importing_a_missing_file_says_so_and_keeps_the_path(qdesk: Desk, tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "LC1D09M7C 5\nEA9AN1C16 10\n")
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        prompt = app.screen
        assert isinstance(prompt, ImportFilePrompt)
        prompt.query_one("#import-path").value = str(missing)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is prompt  # still open, the path kept to fix it
        error = " ".join(widget_text(prompt.query_one("#import-error")).split())  # a long path wraps
        assert "no such file" in error and "nope.csv" in error
        assert prompt.query_one("#import-path").value == str(missing)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, QuickOrderScreen) and len(lines_of(app).rows) == 2  # nothing lost


async def test_opening_a_list_into_a_pad_with_lines_asks_replace_or_add(qdesk: Desk) -> None:
    from b2bterm.domain.lists import ListItem
    from b2bterm.ui.screens.lists import FillChoice

    app = app_for(qdesk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await paste(pilot, app, "LC1D09M7C 5\nEA9AN1C16 10\n")
        rows = lines_of(app)
        assert len(rows.rows) == 2
        pad = app.screen.pad
        assert pad is not None
        lc1 = next(x for x in pad.draft_lines() if "LC1D09M7C" in x.input)
        qdesk.lists.save(qdesk.account.id, "Weekly", [ListItem("LC1D09M7C", 3, lc1.sku), ListItem("ZZZZ-1", 2)])

        async def open_weekly(answer: str) -> None:  # Ctrl+O, Enter on the list, then the answer to the question
            for key in ("ctrl+o", "enter"):
                await pilot.press(key)
                await settle(pilot, app)
            assert isinstance(app.screen, FillChoice)
            if answer != "escape":
                await pilot.press(answer)
                await settle(pilot, app)

        # Esc: nothing changes, and the screen says so
        await open_weekly("escape")
        assert "already has 2 lines" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert "not opened" in status_of(app) and len(lines_of(app).rows) == 2

        # A: added; the quantity that changed is named, nothing doubled
        await open_weekly("a")
        rows = lines_of(app)
        assert len(rows.rows) == 3
        assert " 8 " in rows.row_text(row_index(rows, "LC1D09M7C"))
        assert " 10 " in rows.row_text(row_index(rows, "EA9AN1C16"))
        status = status_of(app)
        assert "added to the pad: 1 new lines" in status and "quantities changed: LC1D09M7C 5 → 8" in status

        # R: the pad holds exactly the list; Ctrl+Z brings the old lines back
        await open_weekly("r")
        rows = lines_of(app)
        assert len(rows.rows) == 2 and " 3 " in rows.row_text(row_index(rows, "LC1D09M7C"))
        assert "its 3 lines were replaced" in status_of(app)
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert len(lines_of(app).rows) == 3
