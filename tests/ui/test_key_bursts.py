"""Keys that arrive in one read (a fast typist, a barcode scanner, tmux send-keys, SSH) do what the same keys typed
one at a time do: each key's binding, and the screen it opens or closes, is through before the next key is read
(ui/key_order.py). The bytes go through the app's own terminal parser (test_keys_in_app.send_bytes)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from test_keys_in_app import SIZE, send_bytes, settle
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input
from uitext import screen_text

from b2bterm.services.desk import Desk
from b2bterm.ui import key_order
from b2bterm.ui.app import B2BApp
from b2bterm.ui.keys import TerminalKeys
from b2bterm.ui.screens.model_query import ModelQueryScreen
from b2bterm.ui.screens.search import SearchScreen
from b2bterm.ui.widgets.row_list import RowList

DOWN, UP, ESC, ENTER, F8 = "\x1b[B", "\x1b[A", "\x1b", "\r", "\x1b[19~"


async def searched(app: B2BApp, pilot, query: str) -> RowList:
    await settle(app, pilot)
    box = app.screen.query_one("#search-input", Input)
    box.value = query
    await settle(app, pilot)
    rows = app.screen.query_one("#search-results", RowList)
    assert len(rows.rows) >= 4, f"{query!r} should find several products"
    return rows


def keys_of(rows: RowList) -> list[str]:
    return list(rows.keys)


def shown_model(app: B2BApp, sku: str) -> None:
    """The model query is open on ``sku`` and shows that product."""
    screen = app.screen
    assert isinstance(screen, ModelQueryScreen), type(screen).__name__
    assert screen.sku == sku
    assert screen.product is not None and screen.product.model in screen_text(app)


@pytest.mark.parametrize(("query", "burst", "row"), [
    ("lc1d", ESC + DOWN + DOWN + ENTER, 2),
    ("3rt2", ESC + DOWN + DOWN + DOWN + UP + ENTER, 2),
])
async def test_back_from_the_model_query_then_down_and_enter_in_one_burst(desk: Desk, query: str, burst: str,
                                                                          row: int) -> None:
    """Opened from the list, the model query closes with Esc; the arrows move in the list it returns to, and Enter
    opens the product they reached (before: the list moved and the Enter was lost in the closing query)."""
    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await searched(app, pilot, query)
        skus = keys_of(rows)
        rows.focus()
        await pilot.press("enter")  # row 0, opened from the list
        await settle(app, pilot)
        shown_model(app, skus[0])
        await send_bytes(app, burst)
        await settle(app, pilot)
        shown_model(app, skus[row])
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen) and app.focused is rows and rows.current_key == skus[row]


@pytest.mark.parametrize(("burst", "row"), [(DOWN + ENTER, 0), (DOWN + DOWN + DOWN + ENTER, 2)])
async def test_down_and_enter_in_the_search_box_in_one_burst(desk: Desk, burst: str, row: int) -> None:
    """↓ leaves the box for the list; the next ↓ moves in it; Enter opens that row (before: the box took the Enter
    before the first ↓ had moved to the list, and opened the first row)."""
    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await searched(app, pilot, "lc1d")
        skus = keys_of(rows)
        await send_bytes(app, burst)
        await settle(app, pilot)
        shown_model(app, skus[row])
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.focused is rows and rows.current_key == skus[row]  # back where the arrows left it
        assert app.screen.query_one("#search-input", Input).value == "lc1d"  # nothing typed into the box


def state(app: B2BApp) -> tuple[object, ...]:
    screen = app.screen
    boxes = tuple((box.id, box.value) for box in screen.query(Input))
    lists = tuple((r.id, r.current_key) for r in screen.query(RowList))
    return type(screen).__name__, getattr(screen, "sku", None), getattr(app.focused, "id", None), boxes, lists


@pytest.mark.parametrize("burst", [DOWN + DOWN + ENTER + ESC + UP + ENTER, DOWN + DOWN + ESC + "k" + ENTER])
async def test_a_burst_ends_where_the_same_keys_typed_one_by_one_end(desk: Desk, burst: str) -> None:
    """The kind: whatever the keys, a burst leaves the screen, the focus, the boxes and the lists as pressing the
    same keys one by one (Pilot waits for the app between keys) does."""
    ends = []
    for one_by_one in (False, True):
        app = B2BApp(desk=desk, sync_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await searched(app, pilot, "lc1d")
            if one_by_one:
                parser = TerminalKeys()
                await pilot.press(*[e.key for e in [*parser.feed(burst), *parser.tick()] if isinstance(e, events.Key)])
            else:
                await send_bytes(app, burst)
            await settle(app, pilot)
            ends.append(state(app))
    assert ends[0] == ends[1]


@pytest.mark.parametrize(("burst", "then"), [("lc1d09", ""), ("contactor 9", ""), ("施耐 lc1", ""),
                                             ("LC1D09M7", ENTER), ("s201 c", DOWN + ENTER)])
async def test_text_typed_in_one_burst_is_searched_once_as_it_ends(desk: Desk, monkeypatch: pytest.MonkeyPatch,
                                                                    burst: str, then: str) -> None:
    """Characters read together (a fast typist, a scanner, tmux send-keys " c") are searched for once, as the burst
    leaves the box, not for each character on the way (each search painted its results, a frame the next key waited
    for); the rows are those of the whole text, and an Enter or ↓ in the burst acts on them."""
    searches: list[str] = []
    for name in ("search_catalog_now", "search_catalog_while"):
        real = getattr(desk, name)

        def counted(query: str, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            searches.append(query)
            return _real(query, *args, **kwargs)

        monkeypatch.setattr(desk, name, counted)
    await desk.select_account("C10023")
    ends = []
    for whole in (True, False):
        app = B2BApp(desk=desk, sync_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            searches.clear()
            if whole:  # what the whole text shows, typed before anything else happens
                rows = await searched(app, pilot, burst)
                await send_bytes(app, then)
            else:
                await send_bytes(app, burst + then)
            await settle(app, pilot)
            assert set(searches) == {burst}, searches  # (a slow search runs once more, in a worker)
            ends.append(state(app))
            if then and not whole:  # the burst's Enter opened a product of the whole text's results
                assert isinstance(app.screen, ModelQueryScreen) and app.screen.sku in keys_of(rows)
    assert ends[0] == ends[1]


class Prompt(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Input()


async def test_a_search_left_for_the_key_behind_runs_when_that_key_goes_elsewhere(desk: Desk) -> None:
    """The box's text is searched later only because the key read behind it types on; should that key go elsewhere
    (the focus moved meanwhile: a dialog a worker opened), the box's text is searched as it goes on."""
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await searched(app, pilot, "lc1d")
        screen: Any = app.screen
        box = screen.query_one("#search-input", Input)
        behind = events.Key("x", "x")
        app.key_order._held.append(behind)  # read behind the change below, still held
        box.value = "3rt2"
        await pilot.pause()
        assert screen._query == "lc1d"  # left for the key behind
        dialog = Prompt()
        await app.push_screen(dialog)  # a worker's dialog came up meanwhile
        await pilot.pause()
        app.key_order._held.clear()
        await app.key_order._hand(behind)  # goes on, to the dialog's box
        await settle(app, pilot)
        assert dialog.query_one(Input).value == "x"
        assert box.value == "3rt2" and screen._query == "3rt2"
        assert all("3RT2" in screen._hits[i].product.model.upper() for i in range(3))


@asynccontextmanager
async def quick_order(desk: Desk) -> AsyncIterator[tuple[B2BApp, Any, Input]]:
    """The app on Quick order for an account, its prompt focused: (app, pilot, prompt)."""
    from test_keys_in_app import quick_order_prompt

    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        yield app, pilot, await quick_order_prompt(app, pilot)


async def test_quantity_typed_into_the_prompt_a_key_opens(desk: Desk) -> None:
    """F8 on a line opens the quantity prompt; the digits and Enter sent with it land in that prompt (before: they
    went to the screen under it while the prompt was being opened)."""
    async with quick_order(desk) as (app, pilot, box):
        await send_bytes(app, "LC1D09M7 3\r")
        await settle(app, pilot)
        lines = app.screen.query_one("#qo-lines", RowList)
        assert len(lines.rows) == 1 and " 3 " in f" {lines.row_text(0)} "
        await send_bytes(app, F8 + "\x7f" + "25" + ENTER + "x")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "QuickOrderScreen"
        assert app.screen.table.lines[0].qty == 25, lines.row_text(0)
        assert box.value == "x" and app.focused is box  # the key after Enter is back in the order prompt


@pytest.mark.parametrize(("burst", "expected"), [
    ("LC1D09M7\t5\r", [("LC1D09M7", 5)]),
    ("3RT2015-1BB41\t12\r6es7214-1ag40\t2\r", [("3RT2015-1BB41", 12), ("6ES7214-1AG40", 2)]),
])
async def test_a_scanner_burst_with_a_tab_between_model_and_quantity(desk: Desk, burst: str,
                                                                    expected: list[tuple[str, int]]) -> None:
    """A scanner set to send Tab between its fields: model, Tab, quantity, Enter. Tab in a prompt holding text
    separates the two fields (it no longer moves the focus away, which sent the quantity to the wrong place)."""
    async with quick_order(desk) as (app, pilot, box):
        await send_bytes(app, burst)
        await settle(app, pilot)
        got = [(line.model, line.qty) for line in app.screen.table.lines]
        assert len(got) == len(expected), got
        assert all(m.startswith(em) and q == eq for (m, q), (em, eq) in zip(got, expected, strict=True)), got
        assert box.value == "" and app.focused is box


async def test_tab_in_an_empty_order_prompt_still_moves_the_focus(desk: Desk) -> None:
    async with quick_order(desk) as (app, pilot, box):
        await send_bytes(app, "\t")
        await settle(app, pilot)
        assert app.focused is not box and box.value == ""


async def send_with_pastes(app: B2BApp, data: str) -> None:
    parser = TerminalKeys()
    for event in [*parser.feed(data), *parser.tick()]:
        if isinstance(event, (events.Key, events.Paste)):
            app.post_message(event)


async def test_a_paste_between_keys_lands_between_them(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#search-input", Input)
        await send_with_pastes(app, "LC\x1b[200~1D0\x1b[201~9M\x7f7")
        await settle(app, pilot)
        assert box.value == "LC1D097"


class Asking(Screen[None]):
    """A dialog with a box: Enter hands what was typed to whoever waits for it, and closes the dialog."""

    def __init__(self, answers: list[str], answered: asyncio.Event) -> None:
        super().__init__()
        self.answers = answers
        self.answered = answered

    def compose(self) -> ComposeResult:
        yield Input(id="asking-box")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.answers.append(event.value)
        self.answered.set()
        self.dismiss()


class Waiting(Input):
    """A box whose "?" key waits, in its handler, for a dialog's answer (``ask``) or for something that may never
    come (``release``); it types every other key."""

    def __init__(self, ask: bool) -> None:
        super().__init__(id="waiting-box")
        self.ask = ask
        self.release = asyncio.Event()
        self.answers: list[str] = []

    async def _on_key(self, event: events.Key) -> None:
        if event.character != "?":
            return  # Input types it
        event.stop()
        event.prevent_default()
        if self.ask:
            answered = asyncio.Event()
            self.app.push_screen(Asking(self.answers, answered))
            await answered.wait()
        else:
            await self.release.wait()


class Holder(Screen[None]):
    def __init__(self, ask: bool) -> None:
        super().__init__()
        self.ask = ask

    def compose(self) -> ComposeResult:
        yield Waiting(self.ask)

    def on_mount(self) -> None:
        self.query_one(Waiting).focus()


@asynccontextmanager
async def holding(desk: Desk, ask: bool) -> AsyncIterator[tuple[B2BApp, Any, Waiting]]:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.push_screen(Holder(ask=ask))
        await settle(app, pilot)
        yield app, pilot, app.screen.query_one(Waiting)


async def test_keys_after_one_that_awaits_a_dialog_go_to_the_dialog(desk: Desk) -> None:
    async with holding(desk, ask=True) as (app, _pilot, box):
        await send_bytes(app, "ab?cd\rkl")
        for _ in range(100):
            if box.value == "abkl":
                break
            await asyncio.sleep(0.01)  # polled (Pilot's pause waits for the waiting box, which never idles)
        assert box.answers == ["cd"] and box.value == "abkl"


async def test_a_key_whose_handling_never_ends_does_not_hold_the_next_for_ever(desk: Desk,
                                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(key_order, "STALL_SECONDS", 0.1)
    async with holding(desk, ask=False) as (app, pilot, box):
        try:
            await send_bytes(app, "ab?cdefgh")
            for _ in range(200):  # the held keys are handed on once the stuck one makes no progress (STALL_SECONDS)
                if app.key_order.gave_up and not app.key_order.following:
                    break
                await asyncio.sleep(0.01)  # polled (Pilot's pause waits for the waiting box, which never idles)
            assert app.key_order.gave_up == 1 and not app.key_order.following  # given up once, not once a key
            assert box.value == "ab"  # the rest queued behind the waiting handler, in order
        finally:
            box.release.set()
        await settle(app, pilot)
        assert box.value == "abcdefgh"
        await send_bytes(app, "ij")
        await settle(app, pilot)
        assert box.value == "abcdefghij"
