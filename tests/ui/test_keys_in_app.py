"""Keys as a terminal sends them, through the parser the app's driver uses: Alt fallbacks move between screens
without typing, and a burst lands in every text box in the order typed."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.keys import TerminalKeys

SIZE = (120, 36)


async def send_bytes(app: B2BApp, data: str) -> None:
    """What the driver does with bytes read from the terminal: parse them, post every event to the app at once
    (no waiting between keys: a burst, as over SSH)."""
    parser = TerminalKeys()
    for event in [*parser.feed(data), *parser.tick()]:
        if isinstance(event, events.Key):
            app.post_message(event)


async def settle(app: B2BApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize(("data", "mode"), [("\x1b3", "quickorder"), ("\x1b4", "orders"), ("\x1b6", "drafts"),
                                            ("\x1b[51;3u", "quickorder"), ("\x1bOS", "orders")])
async def test_alt_digit_switches_screens_and_types_nothing(desk: Desk, data: str, mode: str) -> None:
    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#search-input", Input)
        assert app.focused is box
        await send_bytes(app, data)
        await settle(app, pilot)
        assert app.current_mode == mode
        await send_bytes(app, "\x1b2")  # Alt+2: back to search
        await settle(app, pilot)
        assert app.current_mode == "search"
        assert app.screen.query_one("#search-input", Input).value == ""  # no "£", "¤", "^", "3"


@pytest.mark.parametrize(("data", "screen"), [("LC1\x1bt", "b2bterm.ui.screens.theme_picker:ThemePicker"),
                                              ("LC1\x1b1", "b2bterm.ui.screens.help:HelpScreen")])
async def test_alt_letter_and_digit_open_their_dialog_without_typing(desk: Desk, data: str, screen: str) -> None:
    import importlib

    module, _sep, name = screen.partition(":")
    expected = getattr(importlib.import_module(module), name)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await send_bytes(app, data)
        await settle(app, pilot)
        assert isinstance(app.screen, expected)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one("#search-input", Input).value == "LC1"  # no "t", no "¡"


BURSTS = [
    ("X\x7fPO-NU-0001", "PO-NU-0001"),
    ("X\x7fLC1D09M7 3", "LC1D09M7 3"),
    ("3RT2015\x1b[D\x1b[D\x7f-", "3RT2-15"),  # left, left, backspace (the 0), then "-"
    ("ABC\x1b[H\x1b[3~Z", "ZBC"),  # Home, Delete, "Z"
]


@pytest.mark.parametrize(("mode", "box_id"), [("search", "#search-input"), ("quickorder", "#qo-input"),
                                              ("orders", "#orders-filter")])
@pytest.mark.parametrize(("data", "expected"), BURSTS)
async def test_a_burst_lands_in_the_order_typed(desk: Desk, mode: str, box_id: str, data: str,
                                                expected: str) -> None:
    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.switch_mode(mode)
        await settle(app, pilot)
        box = app.screen.query_one(box_id, Input)
        box.focus()
        await pilot.pause()
        await send_bytes(app, data)
        await settle(app, pilot)
        assert box.value == expected


@pytest.mark.parametrize(("mode", "syntax"), [("search", "brand:siemens"), ("orders", "status:shipped"),
                                              ("quickorder", "LC1D09M7 x5")])
async def test_help_lists_enter_the_arrows_and_what_can_be_typed(desk: Desk, mode: str, syntax: str) -> None:
    from uitext import screen_text

    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.switch_mode(mode)
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Enter" in text and "↑ ↓" in text and syntax in text
        assert "Help" in text or "help" in text.lower()


async def quick_order_prompt(app: B2BApp, pilot) -> Input:
    """Quick order open, its prompt focused (an account picker it opens on the way, with none chosen, closed)."""
    await settle(app, pilot)
    await app.switch_mode("quickorder")
    await settle(app, pilot)
    if type(app.screen).__name__ == "AccountPicker":  # Quick order asks for one as it opens: not yet
        await pilot.press("escape")
        await settle(app, pilot)
    box = app.screen.query_one("#qo-input", Input)
    box.focus()
    await pilot.pause()
    return box


async def test_a_scanner_burst_of_lines_adds_every_line_whole_in_order(desk: Desk) -> None:
    """A scanner (or a fast typist) sends the next line right behind each Enter: no line loses its first
    characters to the prompt being emptied late, none is added twice, and they come in the order sent."""
    from b2bterm.ui.widgets.row_list import RowList

    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        box = await quick_order_prompt(app, pilot)
        await send_bytes(app, "3RT2015-1BB41 2\rLC1D09M7 十个\r6es7214 1ag40 3\r")
        await settle(app, pilot)
        rows = app.screen.query_one("#qo-lines", RowList)
        texts = [rows.row_text(i) for i in range(len(rows.rows))]
        assert len(texts) == 3, texts
        assert "3RT2015-1BB41" in texts[0] and "LC1D09M7" in texts[1] and "6ES7214-1AG40" in texts[2], texts
        assert box.value == ""


async def test_a_line_entered_before_an_account_is_chosen_goes_back_into_the_prompt(desk: Desk) -> None:
    """Enter with no account chosen opens the account picker; the line is not added and not lost: it is back in
    the prompt once the picker is closed."""
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        assert desk.account is None
        box = await quick_order_prompt(app, pilot)
        await send_bytes(app, "LC1D09M7 十个\r")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AccountPicker"
        await pilot.press("escape")
        await settle(app, pilot)
        assert box.value == "LC1D09M7 十个"
