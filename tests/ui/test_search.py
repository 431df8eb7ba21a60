"""Search and model query as a user does it: type sloppy codes, Chinese, pinyin; open a product; read the price."""

from __future__ import annotations

import asyncio
from unittest import mock

import pytest
from backoffice import demo_sql
from uitext import widget_text

from b2bterm.domain.money import Money
from b2bterm.platform.base import OrderQuery
from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.screens.model_query import ModelQueryScreen
from b2bterm.ui.widgets.row_list import RowList

SIZE = (140, 40)


async def _type_query(pilot, app: B2BApp, text: str) -> RowList:
    await pilot.press("escape")  # clears the box
    if text.isascii():
        await pilot.press(*text)  # typed key by key, as a user does
    else:
        app.screen.query_one("#search-input").value = text  # what an IME commits in one go
    for _ in range(3):  # the change message starts the search worker, whose results start the next ones
        await app.workers.wait_for_complete()
        await pilot.pause()
    return app.screen.query_one("#search-results", RowList)


def _first_model(rows: RowList) -> str:
    assert rows.rows, "no results shown"
    return rows.row_text(0).split("  ")[0]


@pytest.mark.parametrize(
    ("typed", "expected_model"),
    [
        ("3rt2015 1bb41", "3RT2015-1BB41"),  # case and spaces
        ("lc1-d09 m7", "LC1D09M7"),  # dashes where there are none
        ("ＬＣ１Ｄ０９Ｍ７", "LC1D09M7"),  # full-width, as typed with a Chinese IME
        ("LC1DO9M7", "LC1D09M7"),  # O for 0
    ],
)
async def test_sloppy_model_numbers_find_the_product_first(desk: Desk, typed: str, expected_model: str) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _type_query(pilot, app, typed)
        assert _first_model(rows) == expected_model


async def test_results_come_with_the_keystroke_and_a_busy_database_never_holds_a_key(desk: Desk,
                                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A quick search runs in the key's own handler: its results are on screen with the typed character, no worker
    started, also while another thread holds the profile database (a sync page, prices being cached): the search
    reads on a connection of its own. One that needs more than the budget is handed to a worker at once; its
    results follow."""
    from busy import held_elsewhere

    from b2bterm.ui.screens import search as search_screen

    monkeypatch.setattr(search_screen, "NOW_BUDGET_MS", 60_000.0)  # the mechanism, not this machine's speed
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        started: list[str] = []
        real = screen.run_search

        def counted(query: str) -> object:
            started.append(query)
            return real(query)

        screen.run_search = counted  # type: ignore[method-assign]
        rows = screen.query_one("#search-results", RowList)
        await pilot.press(*"lc1d09")
        assert started == [] and _first_model(rows).startswith("LC1D09")
        assert "match" in widget_text(screen.query_one("#search-status"))
        with held_elsewhere(desk.db.lock):
            await pilot.press("q")  # LC1D09Q7
            assert started == [] and _first_model(rows) == "LC1D09Q7"
        await pilot.press("backspace")
        import b2bterm.local.catalog_reader as reader_module

        monkeypatch.setattr(search_screen, "NOW_BUDGET_MS", 0.0)
        monkeypatch.setattr(reader_module, "PROGRESS_STEPS", 1)
        await pilot.press("q")
        assert started == ["lc1d09q"] and screen.query_one("#search-input").value == "lc1d09q"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _first_model(rows) == "LC1D09Q7"


async def test_fragment_chinese_and_pinyin(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _type_query(pilot, app, "214-1AG")
        assert any("6ES7214-1AG40-0XB0" in rows.row_text(i) for i in range(len(rows.rows)))
        rows = await _type_query(pilot, app, "接触器 9A")
        assert rows.rows and all("接触器" in rows.row_text(i) for i in range(min(10, len(rows.rows))))
        rows = await _type_query(pilot, app, "jljcq")
        assert rows.rows and "交流接触器" in rows.row_text(0)
        rows = await _type_query(pilot, app, "继电")
        assert rows.rows and "继电" in rows.row_text(0)


async def test_absurd_input_does_not_break_search(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        search = app.screen.query_one("#search-input")
        search.value = 'x"*(NEAR' * 1250 + "\x00\x1b[31m"
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        status = widget_text(app.screen.query_one("#search-status"))
        assert "No product matches" in status or "matches" in status
        search.value = "Hose [bold]1/2in"
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert "No product matches “Hose [bold]1/2in”" in widget_text(app.screen.query_one("#search-status"))


async def test_model_query_shows_tier_price_last_paid_and_stock(desk: Desk) -> None:
    account = (await desk.search_accounts(""))[0]
    await desk.select_account(account.id)
    history = await desk.platform.list_orders(OrderQuery(account_id=account.id, limit=5))
    order = await desk.platform.get_order(history.orders[0].number)
    sku = order.lines[0].sku
    product = (await desk.platform.get_products([sku]))[sku]
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _type_query(pilot, app, product.model)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        qty = app.screen.query_one("#mq-qty")
        qty.value = "100"
        await app.workers.wait_for_complete()
        await pilot.pause()
        expected = (await desk.platform.quote(account.id, [(sku, 100)]))[0]
        price = widget_text(app.screen.query_one("#mq-price"))
        assert expected.net_price.format() in price
        assert expected.net_price_incl_tax.format() in price
        assert "Last paid" in price and expected.last_paid is not None
        assert expected.last_paid.unit_price.format() in price
        stock = widget_text(app.screen.query_one("#mq-stock"))
        assert "Stock by warehouse" in stock and "Total" in stock
        product_text = widget_text(app.screen.query_one("#mq-product"))
        assert product.model in product_text and product.brand in product_text


async def test_offline_shows_cached_price_with_its_age(desk: Desk) -> None:
    account = (await desk.search_accounts(""))[0]
    await desk.select_account(account.id)
    sku = desk.search_catalog("LC1D09M7").hits[0].product.sku
    live = await desk.quote_for(sku, 1)  # fills the cache
    assert live.live
    desk.platform.offline = True  # type: ignore[attr-defined]
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _type_query(pilot, app, "LC1D09M7")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        price = widget_text(app.screen.query_one("#mq-price"))
        assert live.value is not None and live.value.net_price.format() in price
        assert "cached price, just now" in price
        header = widget_text(app.screen.query_one("#app-header"))
        assert "offline" in header


async def test_substitutes_show_stock_and_this_customers_price(desk: Desk) -> None:
    await desk.select_account("C10023")
    having = demo_sql(desk, "SELECT DISTINCT sku FROM xref WHERE partner_sku IS NOT NULL ORDER BY sku LIMIT 50")
    sku = next(r["sku"] for r in having if desk.catalog.product(r["sku"]) is not None)
    product = desk.catalog.product(sku)
    assert product is not None
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _type_query(pilot, app, product.model)
        await pilot.press("enter")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        related = app.screen.query_one("#mq-related", RowList)
        assert related.rows
        qty = int(app.screen.query_one("#mq-qty").value)
        quotes = {q.sku: q for q in await desk.platform.quote("C10023", [(s, qty) for s in related.keys])}
        stock = await desk.platform.availability(list(related.keys))
        for i, sku in enumerate(related.keys):
            line = related.row_text(i)
            assert f"{stock[sku].on_hand:,}" in line
            if sku in quotes:
                assert quotes[sku].net_price.format() in line


async def test_model_query_shows_the_price_book_at_once_then_the_live_price_and_a_difference(desk: Desk) -> None:
    account = await desk.select_account("C10023")
    await desk.sync_price_book()
    special = {s for pl in desk.price_book.rules.lists for s in pl.prices}
    sku = next(s for s in sorted(desk.price_book.rules.skus) if s not in special)
    product = (await desk.platform.get_products([sku]))[sku]
    local = desk.book_quote(sku, 1)
    assert local is not None and local.value is not None
    gate = asyncio.Event()
    live_quote = desk.platform.quote

    async def held_quote(account_id: str, items):  # type: ignore[no-untyped-def]
        await gate.wait()  # the live answer is on its way
        return await live_quote(account_id, items)

    desk.platform.quote = held_quote  # type: ignore[method-assign]
    desk.platform.set_price(sku, Money.of(str(product.list_price.amount + 11)))  # changed since the sync
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ModelQueryScreen(sku))
        price = ""
        for _ in range(200):  # until the book's price is painted (its worker hands SQLite to a thread)
            await pilot.pause()
            price = widget_text(app.screen.query_one("#mq-price"))
            if "price book" in price:
                break
        assert local.value.net_price.format() in price and "price book, as of" in price
        assert "live price on its way" in price
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        price = widget_text(app.screen.query_one("#mq-price"))
        live = (await live_quote(account.id, [(sku, 1)]))[0]
        assert live.net_price != local.value.net_price
        assert live.net_price.format() in price and "live price" in price and "price book, as of" not in price
        assert "differs from the price book" in price and local.value.net_price.format() in price
    assert [d.sku for d in desk.price_book.differences()] == [sku]


async def test_a_products_price_stays_on_its_row_while_the_next_keys_prices_load(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Typing one more character keeps most products on screen: each keeps the net price and stock already shown
    (not blanked until the new query's prices arrive), and the new query's prices still replace them."""
    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _type_query(pilot, app, "lc1d09")
        first = rows.keys[0]
        shown = rows.row_text(0)
        offer = app.screen._offers[first]
        assert offer.net is not None and offer.net.format() in shown
        release = asyncio.Event()
        real = desk.row_offers
        asked: list[list[str]] = []

        async def held(items):  # type: ignore[no-untyped-def]
            asked.append([sku for sku, _qty in items])
            await release.wait()
            return await real(items)

        monkeypatch.setattr(desk, "row_offers", held)
        await pilot.press("m")  # lc1d09m: the same first products
        await pilot.pause()
        assert asked and rows.keys[0] == first  # this query's prices are asked for, and not here yet
        assert offer.net.format() in rows.row_text(0)  # the price already known is on the row meanwhile
        release.set()
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert offer.net.format() in rows.row_text(0)



async def test_a_keys_results_are_painted_in_the_frame_that_echoes_it(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The typed character, the status line and the rows come in one frame: never the echo first and the results a
    frame later (each frame is work the next key waits behind)."""
    from b2bterm.ui.screens import search as search_screen

    monkeypatch.setattr(search_screen, "NOW_BUDGET_MS", 60_000.0)  # the key's own handler searches, on any machine
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _type_query(pilot, app, "lc1d0")
        screen = app.screen
        box, status = screen.query_one("#search-input"), screen.query_one("#search-status")
        frames: list[set[object]] = []
        real = screen._compositor.update_widgets

        def painted(widgets: set[object]) -> None:
            frames.append(set(widgets))
            real(widgets)  # type: ignore[arg-type]

        monkeypatch.setattr(screen._compositor, "update_widgets", painted)
        await pilot.press("9")
        await pilot.pause()
        first = next(f for f in frames if box in f)
        assert rows in first and status in first
        assert _first_model(rows).startswith("LC1D09")


async def test_prices_that_arrive_as_the_rows_show_them_paint_nothing(desk: Desk) -> None:
    """One more character keeps the products and their prices: the query's own prices arrive equal to those the
    rows already show, and the list is not drawn again for them (a frame less behind the next key)."""
    await desk.select_account("C10023")
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _type_query(pilot, app, "lc1d09")
        shown = rows.row_text(0)
        with mock.patch.object(rows, "set_rows", wraps=rows.set_rows) as drawn:
            await pilot.press("m")  # lc1d09m: the same first products, the same prices
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        assert app.screen._offered > 0 and rows.row_text(0) == shown  # this query's prices came, the same
        assert drawn.call_count == 1  # the key's results; the prices that followed changed nothing on screen
