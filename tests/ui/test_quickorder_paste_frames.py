"""A paste into Quick order as the user sees it frame by frame: its lines come with their prices in one frame when
the platform answers quickly, lines first and then their prices when it does not, and a paste longer than the
screen shows its last lines resolved, priced and with their quantities once scrolled to."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator

import pytest
from textual import events
from uitext import widget_text

from b2bterm.config import Config
from b2bterm.domain.models import LineStatus
from b2bterm.services.desk import Desk, open_desk
from b2bterm.ui.app import B2BApp, Section
from b2bterm.ui.screens.quickorder import lines_table
from b2bterm.ui.screens.quickorder.lines_table import PadTable
from b2bterm.ui.screens.quickorder.notices import TotalsBar
from b2bterm.ui.screens.quickorder.view import TEXT

SECTIONS = (Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),)
PASTE = "LC1D09M7C 5\nEA9AN1C16 x 10\n"


@pytest.fixture
async def qdesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    yield desk
    await desk.aclose()


async def settle(pilot, app: B2BApp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def watch_frames(app: B2BApp, table: PadTable) -> list[tuple[str, str]]:
    """(the first line's text, the totals line's price note) of every frame that shows pasted lines."""
    frames: list[tuple[str, str]] = []
    display = app._display
    totals = app.screen.query_one(TotalsBar)

    def shown(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None and table.rows:
            frames.append((table.row_text(0), totals.price_note))
        display(screen, renderable)

    app._display = shown  # type: ignore[method-assign]
    return frames


async def paste_frames(qdesk: Desk) -> tuple[list[tuple[str, str]], str, str]:
    """PASTE into Quick order: the frames that showed its lines (``watch_frames``), then the totals line and the status
    line once everything has settled."""
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        frames = watch_frames(app, app.screen.query_one("#qo-lines", PadTable))
        app.post_message(events.Paste(PASTE))
        await settle(pilot, app)
        return frames, widget_text(app.screen.query_one(TotalsBar)), widget_text(app.screen.query_one("#qo-status"))


async def test_a_paste_is_shown_with_its_prices_in_the_frame_that_first_shows_its_lines(
        qdesk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lines_table, "PRICE_WAIT", 60.0)  # the platform answers at once: the machine's load must not
    frames, totals, _status = await paste_frames(qdesk)
    assert frames, "no frame showed the pasted lines"
    first_line, note = frames[0]
    assert "LC1D09M7C" in first_line and "¥" in first_line  # not a frame of lines without their prices
    assert note == TEXT["priced"]
    assert "prices and stock up to date" in totals


async def test_the_collector_waits_from_the_paste_until_the_frame_that_shows_it(
        qdesk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lines_table, "PRICE_WAIT", 60.0)
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one("#qo-lines", PadTable)
        collecting: list[bool] = []  # whether the collector could run, at each frame that showed the lines
        display = app._display

        def shown(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            if renderable is not None and table.rows:
                collecting.append(gc.isenabled())
            display(screen, renderable)

        app._display = shown  # type: ignore[method-assign]
        assert gc.isenabled()
        app.post_message(events.Paste(PASTE))
        await settle(pilot, app)
        assert "LC1D09M7C" in table.row_text(0)
        assert collecting and collecting[0] is False  # held from the paste through the frame that showed it
        assert gc.isenabled()  # and back once that frame was drawn


async def test_with_a_slow_platform_the_lines_come_first_then_their_prices(qdesk: Desk) -> None:
    qdesk.platform.latency = lines_table.PRICE_WAIT + 0.5  # the demo platform's knob: each answer this late
    frames, _totals, status = await paste_frames(qdesk)
    first_line, note = frames[0]
    assert "LC1D09M7C" in first_line and "¥" not in first_line and note in ("", TEXT["pricing"])
    last_line, note = frames[-1]
    assert "¥" in last_line and note == TEXT["priced"]
    assert "2 added" in status


def numbered(table: PadTable, n: int) -> str:
    """The line numbered ``n`` as the table draws it now ("" when it is not in view)."""
    return next((line for line in widget_text(table).splitlines() if line.strip().startswith(f"{n} ")), "")


async def test_a_long_paste_shows_its_last_lines_resolved_and_priced_at_the_bottom(qdesk: Desk) -> None:
    products = [p for p in qdesk.search_catalog("contactor", limit=200).products if p.list_price is not None][:60]
    assert len(products) == 60
    text = "\n".join(f"{p.sku} {i + 1}" for i, p in enumerate(products))
    app = B2BApp(desk=qdesk, sections=SECTIONS, sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.post_message(events.Paste(text))
        await settle(pilot, app)
        table = app.screen.query_one("#qo-lines", PadTable)
        assert len(table.rows) == 60 and table.lines[-1].status is LineStatus.RESOLVED

        def check_last() -> None:  # the paste's last line in view: its model, quantity, price; resolved
            last = numbered(table, 60)
            assert products[-1].model in last and " 60 " in last and "¥" in last, widget_text(table)
            assert "✗" not in last and "pick one" not in last
            assert "¥" in numbered(table, 59)

        check_last()  # the cursor went to the paste's last line, in view at the table's height after the paste
        table.focus()
        await pilot.press("home")
        await settle(pilot, app)
        assert products[0].model in numbered(table, 1) and numbered(table, 60) == ""
        await pilot.press("end")
        await settle(pilot, app)
        check_last()
