"""The model query paints the price first: in the screen's first frame when the price book has it, and at a typed
quantity by repainting the price panel's changed lines alone (no layout of the screen, the live quote asked once
that frame is painted). And the LinePanel it draws them with: rows repainted in place, heights kept or grown."""

from __future__ import annotations

import asyncio
import re

import pytest
from paint_check import beside_textual
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from uitext import widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.screens.model_query import ModelQueryScreen
from b2bterm.ui.widgets.line_panel import LinePanel
from b2bterm.ui.widgets.qty_input import QtyInput

SIZE = (140, 40)


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LinePanel(["first", "second"], keep_height=True, id="kept")
        yield LinePanel(id="plain")


async def test_line_panel_repaints_in_place_keeps_its_height_and_wraps() -> None:
    app = PanelApp()
    async with app.run_test(size=(30, 12)) as pilot:
        kept, plain = app.query_one("#kept", LinePanel), app.query_one("#plain", LinePanel)
        assert widget_text(kept).splitlines() == ["first".ljust(30), "second".ljust(30)]
        kept.set_lines(["first", Text("changed", style="bold")])
        await pilot.pause()
        assert widget_text(kept).split() == ["first", "changed"] and kept.size.height == 2
        kept.set_lines(["one line"])  # shorter: the height is kept with a blank row
        await pilot.pause()
        assert kept.size.height == 2 and widget_text(kept).split() == ["one", "line"]
        kept.set_lines(["a", "b", "c"])  # longer: it grows
        await pilot.pause()
        assert kept.size.height == 3 and widget_text(kept).split() == ["a", "b", "c"]
        plain.set_lines(["价格 " * 10])  # 50 cells at 30: wrapped, double-width characters counted as two
        await pilot.pause()
        assert plain.size.height == 2 and widget_text(plain).count("价格") == 10
        plain.set_lines([])
        await pilot.pause()
        assert plain.size.height == 0


class StyledPanelApp(App[None]):
    CSS = """
    Screen { background: $panel; }
    #plain { background: $boost; color: $text-muted; height: 6; }
    #padded { padding: 1 0 0 2; height: 4; }
    """

    def compose(self) -> ComposeResult:
        yield LinePanel([Text("net ¥1.00", style="bold green"), Text("dim note", style="dim"), "价格 " * 12],
                        id="plain")
        yield LinePanel(["padded", Text("row", style="reverse")], id="padded")


async def test_a_plain_panel_draws_the_rows_textuals_styles_cache_would() -> None:
    """A panel without border, padding, tint or opacity draws its rows itself (no per-row box work): the same
    strips as Textual's own drawing, for whole rows and for pieces of them, before and after its lines change."""
    from textual.widget import Widget

    app = StyledPanelApp()
    async with app.run_test(size=(30, 12)) as pilot:
        plain, padded = app.query_one("#plain", LinePanel), app.query_one("#padded", LinePanel)
        assert plain._plain_box() and not padded._plain_box()

        def same(panel: LinePanel) -> None:
            width, height = panel.size
            for crop in (Region(0, 0, width, height), Region(3, 1, 10, 2), Region(0, height - 1, width, 1)):
                assert [list(s) for s in panel.render_lines(crop)] == [
                    list(s) for s in Widget.render_lines(panel, crop)]

        same(plain)
        plain.set_lines([Text("net ¥2.00", style="bold green"), "dim note"])
        await pilot.pause()
        same(plain)
        app.theme = "textual-light"  # other colours: drawn again
        await pilot.pause()
        same(plain)
        same(padded)


async def _book_ready_desk(desk: Desk) -> str:
    await desk.select_account("C10023")
    await desk.sync_price_book()
    sku = sorted(desk.price_book.rules.skus)[3]
    await asyncio.to_thread(desk.book_quote, sku, 1)  # the SKU read into memory, as a first look does
    assert desk.book_ready(sku)
    return sku


async def test_the_first_frame_has_the_price_and_a_typed_digit_repaints_without_a_layout(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    sku = await _book_ready_desk(desk)
    product = (await desk.product_with_related(sku))[0]
    assert product is not None
    gate = asyncio.Event()
    live_quote = desk.platform.quote

    async def held_quote(account_id: str, items):  # type: ignore[no-untyped-def]
        await gate.wait()  # the live price is on its way the whole time
        return await live_quote(account_id, items)

    desk.platform.quote = held_quote  # type: ignore[method-assign]
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ModelQueryScreen(sku, 7, product))  # as search opens it: the hit's product handed over
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModelQueryScreen)
        price = widget_text(screen.query_one("#mq-price"))
        book = desk.book_quote(sku, 7)
        assert book is not None and book.value is not None
        assert book.value.net_price.format() in price and "For 7:" in price and "price book, as of" in price
        for _ in range(100):  # stock, substitutes and their offers arrive (the live price stays on its way)
            await pilot.pause()
            if all(w.is_finished for w in app.workers if w.group != "mq-price"):
                break
        assert product.model in widget_text(screen.query_one("#mq-product"))  # its specs once the price is on
        layouts: list[Screen] = []
        real_layout = Screen._refresh_layout

        def counted(self: Screen, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            layouts.append(self)
            real_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press("end", "2")
        await pilot.pause()
        price = widget_text(screen.query_one("#mq-price"))
        at_72 = desk.book_quote(sku, 72)
        assert at_72 is not None and at_72.value is not None
        assert "For 72:" in price and at_72.value.extended_net.format() in price
        assert layouts == []  # the changed lines repainted, the screen not laid out again
        monkeypatch.setattr(Screen, "_refresh_layout", real_layout)
        gate.set()
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert "live price" in widget_text(screen.query_one("#mq-price"))


async def test_a_partial_update_draws_only_the_dirty_rows_and_sends_what_textual_would(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model query's compositor: every frame a key sends draws what Textual's own partial update draws, while
    only the widgets under the dirty cells are drawn (not the screen, its containers, the header and the footer)."""
    sku = await _book_ready_desk(desk)
    product = (await desk.product_with_related(sku))[0]
    app = B2BApp(desk=desk, sync_on_start=False)
    frames, drawn = beside_textual(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ModelQueryScreen(sku, 7, product))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        frames.clear()
        drawn.clear()
        await pilot.press("end", "2")
        await pilot.pause()
        assert frames and all(theirs == mine for theirs, mine in frames)
        assert "For 72:" in widget_text(app.screen.query_one("#mq-price"))
        assert {type(w).__name__ for w in drawn} <= {"QtyInput", "LinePanel"}  # not the screen nor its frame
        await pilot.press("backspace", "backspace", "3", "0", "0")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert len(frames) > 2 and all(theirs == mine for theirs, mine in frames)
        assert "For 300:" in widget_text(app.screen.query_one("#mq-price"))


async def test_a_typed_digit_and_its_price_reach_the_terminal_within_the_keys_own_turn(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The frame with the typed digit and the price for the new quantity is handed to the driver while the key is
    being handled (no event-loop turns between the key and the frame); the live quote is asked only after it."""
    sku = await _book_ready_desk(desk)
    product = (await desk.product_with_related(sku))[0]
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ModelQueryScreen(sku, 7, product))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModelQueryScreen)
        sent: list[str] = []
        display = app._display

        def kept(target, update) -> None:  # type: ignore[no-untyped-def]
            display(target, update)
            if update is not None and hasattr(update, "render_segments"):
                sent.append(update.render_segments(app.console))

        app._display = kept  # type: ignore[method-assign]
        in_turn: list[tuple[bool, bool]] = []  # per digit: (frame with its price sent in the turn, live asked)
        typed = QtyInput._type_digit
        asked: list[int] = []
        real_load = ModelQueryScreen.load_price

        def load_price(self, qty, *args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(qty)
            return real_load(self, qty, *args, **kwargs)

        def watched(box: QtyInput, digit: str) -> bool:
            before = len(sent)
            done = typed(box, digit)
            want = f"For {box.value}:"
            in_turn.append((any(want in frame for frame in sent[before:]), bool(asked)))
            return done

        monkeypatch.setattr(QtyInput, "_type_digit", watched)
        monkeypatch.setattr(ModelQueryScreen, "load_price", load_price)
        await pilot.press("end", "2")
        await pilot.pause()
        assert in_turn == [(True, False)]  # painted in the turn, the live quote not asked yet
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert asked == [72] and "live price" in widget_text(screen.query_one("#mq-price"))
        at_72 = desk.book_quote(sku, 72)
        assert at_72 is not None and at_72.value is not None
        assert at_72.value.extended_net.format() in widget_text(screen.query_one("#mq-price"))


class QtyApp(App[None]):
    CSS = "QtyInput { width: 14; }"

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def compose(self) -> ComposeResult:
        yield QtyInput(id="qty", max_length=7, on_value=self.seen.append)

    def on_mount(self) -> None:
        box = self.query_one(QtyInput)
        box.value = "7"
        box.focus()


async def test_the_quantity_box_types_digits_in_the_keys_turn_and_leaves_every_other_edit_to_input() -> None:
    app = QtyApp()
    async with app.run_test(size=(30, 5)) as pilot:
        box = app.query_one(QtyInput)
        sent: list[str] = []
        display = app._display

        def kept(screen, update) -> None:  # type: ignore[no-untyped-def]  # the frames the terminal gets
            display(screen, update)
            if update is not None and hasattr(update, "render_segments"):
                sent.append(re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", update.render_segments(app.console)))

        app._display = kept  # type: ignore[method-assign]
        await pilot.pause()
        sent.clear()
        await pilot.press("end", "2")
        assert box.value == "72" and box.cursor_position == 2 and app.seen == ["72"]
        assert any("72" in frame for frame in sent)  # the text row repainted
        await pilot.press("home", "1", "end")  # typed at the cursor
        assert box.value == "172" and app.seen[-1] == "172"
        await pilot.press(*"99999")  # max_length 7: the eighth digit is refused
        assert box.value == "1729999" and app.seen[-1] == "1729999"
        await pilot.press("backspace", "x", "-")  # Input's own edits and restrictions
        assert box.value == "172999"
        await pilot.press("home", "shift+end", "5")  # a selection replaced: Input's way
        assert box.value == "5"
        sent.clear()
        box.value = "12"  # a value set by code: Input's watchers as before
        await pilot.pause()
        assert any("12" in frame for frame in sent)


async def test_a_typed_digits_text_row_is_the_row_textual_draws_in_every_state_of_the_box() -> None:
    """The quantity box builds a typed digit's text row from pieces of Textual's own drawing: the same strip as
    Textual draws, with the cursor at the end or inside, after the cursor blinked out, and after a theme change
    (the pieces are taken again)."""
    from rich.segment import Segment
    from textual.widget import Widget

    app = QtyApp()
    async with app.run_test(size=(30, 5)) as pilot:
        box = app.query_one(QtyInput)
        await pilot.pause()
        built = 0
        row = box.render_lines

        def counted(crop: Region):  # type: ignore[no-untyped-def]
            nonlocal built
            held = box._stamp.holds(box) and box._pieces is not None
            strips = row(crop)
            built += held and crop.height == 1
            return strips

        box.render_lines = counted  # type: ignore[method-assign]

        def same_as_textual() -> None:
            text_row = Region(0, box.styles.gutter.top, box.outer_size.width, 1)
            ours = box.render_lines(text_row)
            box._styles_cache.clear()  # Textual draws the row itself
            theirs = Widget.render_lines(box, text_row)
            assert list(Segment.simplify(ours[0])) == list(Segment.simplify(theirs[0]))

        for keys in (("end", "2"), ("3",), ("home", "right", "9")):
            await pilot.press(*keys)
            same_as_textual()
        assert box.value == "7923" and built >= 3  # the digits' rows were built, not drawn by Textual
        box._cursor_visible = False  # blinked out when the box was last drawn
        await pilot.pause()
        await pilot.press("end", "1")
        same_as_textual()
        app.theme = "textual-light"
        await pilot.pause()
        before = built
        await pilot.press("4")
        same_as_textual()
        assert built > before and "79231" + "4" == box.value


async def test_the_model_query_screen_is_kept_and_opened_again_on_another_product_with_nothing_of_the_last(
        desk: Desk) -> None:
    from uitext import opened_model_query

    await desk.select_account("C10023")
    await desk.sync_price_book()
    first, second = sorted(desk.price_book.rules.skus)[3:5]
    products = {sku: (await desk.product_with_related(sku))[0] for sku in (first, second)}
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:

        async def opened(sku: str, qty: int) -> ModelQueryScreen:
            return await opened_model_query(app, pilot, sku, qty, products[sku])  # type: ignore[no-any-return]

        screen = await opened(first, 7)
        late = ModelQueryScreen.Priced(desk.book_quote(first, 7))  # an answer of this opening, arriving late
        late.opened = screen._opened  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        from textual._compositor import LayoutUpdate

        frames: list[object] = []
        display = app._display

        def kept(shown, update) -> None:  # type: ignore[no-untyped-def]  # the frames the terminal gets
            display(shown, update)
            if update is not None:
                frames.append(update)

        app._display = kept  # type: ignore[method-assign]
        await asyncio.to_thread(desk.book_quote, second, 1)  # the price book read into memory, as a first look does
        assert desk.book_ready(second)
        again = await opened(second, 9)
        app._display = display  # type: ignore[method-assign]
        assert again is screen  # the same screen, not composed again
        # the first frame after the switch draws the whole screen (none with the search screen's cells left over),
        # with the price in it, and the screen is not drawn whole again right after it for the resume's repaint
        assert frames and isinstance(frames[0], LayoutUpdate)
        assert "For 9:" in frames[0].render_segments(app.console)  # type: ignore[attr-defined]
        assert not any(isinstance(frame, LayoutUpdate) for frame in frames[1:2])
        product_text = widget_text(again.query_one("#mq-product"))
        assert products[second].model in product_text and products[first].model not in product_text
        price = widget_text(again.query_one("#mq-price"))
        quote = desk.book_quote(second, 9)
        assert quote is not None and quote.value is not None
        assert "For 9:" in price and quote.value.extended_net.format() in price
        assert again.query_one("#mq-qty", QtyInput).value == "9"
        again.post_message(late)  # the first product's price, answered after the screen moved on: dropped
        await pilot.pause()
        assert "For 9:" in widget_text(again.query_one("#mq-price"))
        await pilot.press("end", "0")  # typing works on the kept screen
        await pilot.pause()
        assert "For 90:" in widget_text(again.query_one("#mq-price"))
        await pilot.press("escape")
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"  # restyled when CSS changed
        await pilot.pause()
        again = await opened(first, 3)
        box = again.query_one("#mq-qty", QtyInput).styles.background
        assert again is screen and app.get_css_variables()["surface"].upper() in (box.hex, box.hex6)
