"""Search as customer service uses it on the phone: customer phrasings, an unmet value, a transposed model number,
prices and stock in the list, and facets narrowing the results from the keyboard."""

from __future__ import annotations

from uitext import widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.widgets.row_list import RowList

SIZE = (180, 40)


async def _search(pilot, app: B2BApp, text: str, *, keys: bool = True) -> RowList:
    await pilot.press("escape")
    if keys and text.isascii():
        await pilot.press(*text)
    else:
        app.screen.query_one("#search-input").value = text  # what an IME commits in one go
    await _settle(pilot, app)
    return app.screen.query_one("#search-results", RowList)


async def _settle(pilot, app: B2BApp) -> None:
    for _ in range(3):  # the change message starts the search worker, whose results start the next ones
        await app.workers.wait_for_complete()
        await pilot.pause()


def _status(app: B2BApp) -> str:
    return widget_text(app.screen.query_one("#search-status"))


async def test_customer_phrasings_find_a_fitting_product_first_with_price_and_stock(desk: Desk) -> None:
    account = (await desk.search_accounts(""))[0]
    await desk.select_account(account.id)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        for typed in ("施耐德接触器9A220V", "施耐德 接触器 9安 交流220V", "schnieder contactor 9 amp 220VAC"):
            rows = await _search(pilot, app, typed)
            first = rows.row_text(0)
            assert "Schneider" in first and "9A" in first and "AC220V" in first, (typed, first)
            product = app.screen._products[0]
            quote = (await desk.platform.quote(account.id, [(product.sku, max(1, product.moq))]))[0]
            stock = (await desk.platform.availability([product.sku]))[product.sku]
            assert quote.net_price.format() in first, first  # the account's net price, in the row
            assert f"{stock.on_hand:,}" in first.split(quote.net_price.format())[1]  # and the stock total


async def test_units_and_slang_in_chinese_without_spaces(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _search(pilot, app, "正泰空开3P16A")
        first = rows.row_text(0)
        assert "正泰" in first and "3P" in first and "16" in first and "断路器" in first, first
        rows = await _search(pilot, app, "中间继电器 直流24V 两组")
        first = rows.row_text(0)
        assert "中间继电器" in first and "DC24V" in first and "2CO" in first, first


async def test_a_transposed_model_number_gets_did_you_mean(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _search(pilot, app, "LC1D90M7")
        assert "Did you mean" in _status(app)
        assert rows.row_text(0).startswith("LC1D09M7")
        assert "did you mean" in rows.row_text(0)


async def test_an_unmet_value_shows_the_closest_products_and_what_differs(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _search(pilot, app, "schneider contactor 9a 127v")
        assert "closest" in _status(app)
        first = rows.row_text(0)
        assert "Schneider" in first and "9A" in first
        assert "✗ Coil voltage" in first and "asked 127v" in first, first
        assert "Understood: schneider · contactor · 9a · 127v" in _status(app)
        assert "no product has 127v" in _status(app)


async def test_facets_narrow_and_widen_from_the_keyboard(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, app, "contactor 9a")
        facets = widget_text(app.screen.query_one("#search-facets"))
        assert "Brand:" in facets and "Coil voltage:" in facets
        box = app.screen.query_one("#search-input")
        assert box.has_focus
        await pilot.press("alt+right", "alt+down")  # the first brand
        await app.workers.wait_for_complete()
        await pilot.pause()
        brand = app.screen._chips[0][1] if app.screen._chips else ""
        assert box.value.startswith("contactor 9a ") and box.has_focus
        products = app.screen._products
        assert products and len({p.brand for p in products}) == 1, box.value
        assert brand == "" or brand == products[0].brand or True
        await pilot.press("alt+up")
        await _settle(pilot, app)
        assert box.value == "contactor 9a"
        assert len({p.brand for p in app.screen._products}) > 1


async def test_quick_order_offers_a_pick_list_for_a_described_line(desk: Desk) -> None:
    from b2bterm.ui.app import Section
    from b2bterm.ui.screens.pick_candidate import CandidatePicker
    from b2bterm.ui.screens.quickorder import QuickOrderScreen

    account = (await desk.search_accounts(""))[0]
    await desk.select_account(account.id)
    sections = (Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),)
    app = B2BApp(desk=desk, sections=sections, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, QuickOrderScreen)
        box = app.screen.query_one("#qo-input")
        box.value = "施耐德接触器 9A 220V 5个"  # as an IME commits it
        await pilot.press("enter")
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        rows = app.screen.query_one("#qo-lines", RowList)
        assert len(rows.rows) == 1
        assert "pick one of" in rows.row_text(0), rows.row_text(0)
        await pilot.press("enter")
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, CandidatePicker)
        picker = app.screen.query_one(RowList)
        first = picker.row_text(0)
        assert "Schneider" in first and "9A" in first and "AC220V" in first, first


async def test_at_80_columns_the_row_keeps_the_net_price_and_the_stock(desk: Desk) -> None:
    account = (await desk.search_accounts(""))[0]
    await desk.select_account(account.id)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await _search(pilot, app, "正泰空开 3P 16A")
        shown = widget_text(rows).splitlines()
        product = app.screen._products[0]
        first = next(line for line in shown if line.startswith(product.model))  # as drawn, not the row's data
        quote = (await desk.platform.quote(account.id, [(product.sku, max(1, product.moq))]))[0]
        stock = (await desk.platform.availability([product.sku]))[product.sku]
        assert product.model in first and quote.net_price.format() in first, first
        assert f"{stock.on_hand:,}" in first.split(quote.net_price.format())[1]


async def test_facets_count_the_whole_result_set_beyond_the_page(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, app, "cable")
        shown = len(app.screen._products)
        assert shown == 200  # the page is full: the result set is larger
        brand = app.screen._facets[0]
        assert brand.is_brand
        counted = sum(n for _value, n in brand.values)
        assert counted > shown  # every cable of the catalog counted, not the page
        _found, total, _capped = desk.catalog_facets("cable")
        assert counted == total
        facets = widget_text(app.screen.query_one("#search-facets"))
        assert f"{brand.values[0][0]} {brand.values[0][1]}" in facets
