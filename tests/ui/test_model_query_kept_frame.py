"""The model query opened again from search is drawn from the frame it showed last: the terminal gets the whole
screen, the same bytes Textual's own drawing of the whole screen would send, while only the widgets that changed
since are drawn (not the header, the footer's keys or the screen's background); and the search screen beneath,
repainted as it is covered, does not make the model query draw itself whole a second time."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual._compositor import Compositor, LayoutUpdate
from textual.widget import Widget
from uitext import opened_model_query, widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.screens.model_query import ModelQueryScreen

SIZE = (140, 40)


async def _three_products(desk: Desk) -> tuple[list[str], dict[str, Any]]:
    """Three products of the account's price book, their rules read into memory (as a first look does)."""
    await desk.select_account("C10023")
    await desk.sync_price_book()
    skus = sorted(desk.price_book.rules.skus)[3:6]
    products = {sku: (await desk.product_with_related(sku))[0] for sku in skus}
    for sku in skus:
        await asyncio.to_thread(desk.book_quote, sku, 1)
    return skus, products


async def test_a_model_query_opened_again_is_drawn_whole_from_its_last_frame_as_textual_draws_it(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    skus, products = await _three_products(desk)
    app = B2BApp(desk=desk, sync_on_start=False)
    frames: list[tuple[Any, str, str]] = []  # (update, its bytes, Textual's whole screen at that moment)
    drawn: list[Widget] = []
    for_first: list[Widget] = []  # the widgets drawn for the first frame after an opening
    rows: list[tuple[str, int]] = []  # (widget id, rows asked) of every drawing, and those of the first frame
    first_rows: list[tuple[str, int]] = []
    display = app._display
    real_render_lines = Widget.render_lines

    def counted(widget: Widget, crop):  # type: ignore[no-untyped-def]
        drawn.append(widget)
        rows.append((widget.id or "", crop.height))
        return real_render_lines(widget, crop)

    def kept(screen, update) -> None:  # type: ignore[no-untyped-def]  # the frames the terminal gets
        display(screen, update)
        if isinstance(screen, ModelQueryScreen) and update is not None:
            sent = update.render_segments(app.console)
            theirs = ""
            if not frames:
                for_first[:], first_rows[:] = drawn, rows
            if isinstance(update, LayoutUpdate):  # Textual's own drawing of every widget, for the same screen
                monkeypatch.setattr(Widget, "render_lines", real_render_lines)
                theirs = Compositor.render_full_update(screen._compositor).render_segments(app.console)
                monkeypatch.setattr(Widget, "render_lines", counted)
            frames.append((update, sent, theirs))

    async with app.run_test(size=SIZE) as pilot:

        async def opened(sku: str, qty: int) -> ModelQueryScreen:
            frames.clear()
            drawn.clear()
            rows.clear()
            return await opened_model_query(app, pilot, sku, qty, products[sku])

        app._display = kept  # type: ignore[method-assign]
        monkeypatch.setattr(Widget, "render_lines", counted)
        screen = await opened(skus[0], 7)
        await pilot.press("end", "2")  # a typed digit: partial updates, kept in the frame
        await pilot.pause()
        for n, (sku, qty) in enumerate([(skus[1], 9), (skus[2], 31), (skus[0], 5)]):
            await pilot.press("escape")
            await pilot.pause()
            again = await opened(sku, qty)
            assert again is screen
            first, sent, theirs = frames[0]
            assert isinstance(first, LayoutUpdate) and sent == theirs  # whole, and what Textual would send
            assert f"For {qty}:" in sent and products[sku].model in widget_text(again.query_one("#mq-product"))
            names = {type(w).__name__ for w in for_first}
            assert names and not names & {"FooterKey", "AppHeader", "ModelQueryScreen"}, names  # unchanged: not drawn
            assert not any(isinstance(f[0], LayoutUpdate) for f in frames[1:])  # drawn whole once
            # the quantity's text row alone (not the box's border), the price lines that differ (not all of them)
            assert all(n == 1 for who, n in first_rows if who == "mq-qty"), first_rows  # (its own fast row: uncounted)
            panel = again.query_one("#mq-price")
            assert sum(n for who, n in first_rows if who == "mq-price") < panel.size.height
            if n == 1:
                await pilot.press("end", "0")
                await pilot.pause()
                assert f"For {qty}0:" in widget_text(again.query_one("#mq-price"))
        await pilot.press("escape")
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await opened(skus[1], 4)  # other colours: drawn whole Textual's way, and the same
        first, sent, theirs = frames[0]
        assert isinstance(first, LayoutUpdate) and sent == theirs and "For 4:" in sent


async def test_a_quantity_typed_into_a_model_query_opened_again_replaces_the_one_shown(desk: Desk) -> None:
    """Customer service types the quantity asked into a model query opened again from search: it replaces the
    quantity shown, as in the first one (was: the box kept its "1" and "5" made 15, priced for 15)."""
    await desk.select_account("C10023")
    await desk.sync_price_book()
    skus = sorted(desk.price_book.rules.skus)[3:6]
    products = {sku: (await desk.product_with_related(sku))[0] for sku in skus}
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        for sku, typed in ((skus[0], "20"), (skus[1], "5"), (skus[2], "37"), (skus[0], "8")):
            screen = await opened_model_query(app, pilot, sku, 1, products[sku])
            await pilot.press(*typed)
            await pilot.pause()
            assert screen.query_one("#mq-qty").value == typed, sku
            assert f"For {typed}:" in widget_text(screen.query_one("#mq-price")), sku
            await pilot.press("escape")
            await pilot.pause()


async def test_a_model_query_opened_again_is_on_the_terminal_when_the_opening_returns(desk: Desk) -> None:
    """Opened again from search, the model query's whole frame with the price is handed to the terminal in the same
    turn (was: a dozen messages later, over several turns of the event loop): the frame is Textual's own drawing of
    the screen, it is the only whole frame, and the screen then works as before (a digit typed replaces the
    quantity, Esc goes back)."""
    from b2bterm.ui.screens.model_query import open_model_query

    skus, products = await _three_products(desk)
    app = B2BApp(desk=desk, sync_on_start=False)
    whole: list[tuple[str, str]] = []  # (the bytes sent, Textual's own drawing of the whole screen then)
    display = app._display

    def kept(screen, update) -> None:  # type: ignore[no-untyped-def]
        display(screen, update)
        if isinstance(screen, ModelQueryScreen) and isinstance(update, LayoutUpdate):
            theirs = Compositor.render_full_update(screen._compositor).render_segments(app.console)
            whole.append((update.render_segments(app.console), theirs))

    async with app.run_test(size=SIZE) as pilot:
        first = await opened_model_query(app, pilot, skus[0], 1, products[skus[0]])
        app._display = kept  # type: ignore[method-assign]
        for sku, qty in ((skus[1], 9), (skus[2], 31), (skus[0], 5)):
            await pilot.press("escape")
            await pilot.pause()
            whole.clear()
            open_model_query(app, sku, qty, products[sku])
            assert len(whole) == 1, "no frame handed over in the opening's turn"
            sent, theirs = whole[0]
            assert sent == theirs and f"For {qty}:" in sent
            screen = app.screen
            assert screen is first
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert len(whole) == 1  # drawn whole once
            assert products[sku].model in widget_text(screen.query_one("#mq-product"))
            await pilot.press("4")
            await pilot.pause()
            assert screen.query_one("#mq-qty").value == "4"
            assert "For 4:" in widget_text(screen.query_one("#mq-price"))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ModelQueryScreen)


async def test_substitutes_say_none_only_once_known(desk: Desk) -> None:
    """The substitutes list of a model query opened again says it is loading until the product's substitutes are
    read - then lists them, or says "none" (was: "none" at once, before anything was known, even for a product
    that has substitutes)."""
    from b2bterm.ui.screens.model_query import open_model_query

    await desk.select_account("C10023")
    found = []
    hits = desk.search_catalog("", limit=200).hits or desk.search_catalog("a", limit=200).hits
    for hit in hits:
        product, related = await desk.product_with_related(hit.sku)
        found.append((hit.sku, product, related))
    with_related = next(f for f in found if f[2])
    without = next(f for f in found if not f[2])
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened_model_query(app, pilot, without[0], 1, without[1])
        assert widget_text(screen.query_one("#mq-related")).splitlines()[1].strip() == "none"
        for sku, product, related in (with_related, without, with_related):
            await pilot.press("escape")
            await pilot.pause()
            open_model_query(app, sku, 2, product)
            assert app.screen is screen
            shown = widget_text(screen.query_one("#mq-related"))
            assert "Loading…" in shown and "none" not in shown, shown
            for _ in range(4):
                await app.workers.wait_for_complete()
                await pilot.pause()
            shown = widget_text(screen.query_one("#mq-related"))
            assert "Loading…" not in shown
            if related:
                assert related[0][1].model in shown and "none" not in shown, shown
            else:
                assert shown.splitlines()[1].strip() == "none", shown
