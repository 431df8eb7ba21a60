"""The price book as a user meets it: a promotion on the model query (with its end date, over a contract's breaks),
the recorded differences between the book and the live price (Ctrl+G, en and zh), and `b2bterm price-book`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from uitext import widget_text

from b2bterm import clock
from b2bterm.domain.models import PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.price_rules import PriceRules, price
from b2bterm.local.price_book import PriceDifference
from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.i18n import set_language
from b2bterm.ui.screens.model_query import ModelQueryScreen
from b2bterm.ui.screens.price_differences import PriceDifferences
from b2bterm.ui.widgets.row_list import RowList

SIZE = (140, 40)


async def settle(app: B2BApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def promoted_over_contract(rules: PriceRules, now: datetime) -> tuple[str, str, int]:
    """An (account, SKU, quantity) where the account has contract tiers for the SKU and a running promotion is what
    it pays at that quantity."""
    for pl in rules.lists:
        if pl.kind is not PriceSourceKind.CONTRACT or not pl.validity.holds(now):
            continue
        for account in sorted(pl.audience.accounts):
            for sku, tiers in sorted(pl.prices.items()):
                if len(tiers) < 2:
                    continue
                for qty in (1, 2, 19, 20, 21, 49, 50, 100):
                    got = price(rules, account, sku, qty, now)
                    if got is not None and got.source.kind is PriceSourceKind.PROMOTION:
                        return account, sku, qty
    raise AssertionError("the demo has no running promotion over a contract with breaks")


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_model_query_shows_a_running_promotion_with_its_end_date(desk: Desk, language: str) -> None:
    every = await desk.platform.price_rules(None)
    now = clock.now()
    kinds = {pl.kind for pl in every.lists}
    assert PriceSourceKind.PROMOTION in kinds
    days = [(pl.validity.first_day, pl.validity.last_day) for pl in every.lists
            if pl.kind is PriceSourceKind.PROMOTION]
    today = now.astimezone(clock.now().tzinfo).date()
    assert any(b is not None and b < today for _, b in days)  # ended
    assert any(a is not None and a > today for a, _ in days)  # to come
    account, sku, qty = promoted_over_contract(every, now)
    await desk.select_account(account)
    await desk.sync_price_book()
    local = desk.book_quote(sku, qty)
    assert local is not None and local.value is not None
    source = local.value.source
    assert source.kind is PriceSourceKind.PROMOTION and source.valid_to is not None
    [live] = await desk.platform.quote(account, [(sku, qty)])
    assert (live.net_price, live.source, live.breaks) == (local.value.net_price, source, local.value.breaks)
    set_language(language)
    try:
        app = B2BApp(desk=desk, sync_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(ModelQueryScreen(sku, qty))
            await settle(app, pilot)
            text = widget_text(app.screen.query_one("#mq-price"))
            words = {"en": ("promotion", f"ends {source.valid_to.isoformat()}", "Quantity breaks"),
                     "zh": ("促销", f"{source.valid_to.isoformat()} 截止", "阶梯价格")}[language]
            for said in words:
                assert said in text, (said, text)
            assert source.reference in text and live.net_price.format() in text
            for brk in live.breaks:
                assert brk.unit_price.format() in text
    finally:
        set_language("en")


def _difference(sku: str, account: str, seen: datetime) -> PriceDifference:
    return PriceDifference(account, sku, 20, Money.of("101.50"), Money.of("99.80"),
                           PriceSource(PriceSourceKind.CONTRACT, "HT-1", valid_to=date(2026, 12, 31)),
                           PriceSource(PriceSourceKind.PROMOTION, "CX-02"), seen - timedelta(hours=3), seen)


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_ctrl_g_lists_the_recorded_differences(desk: Desk, language: str) -> None:
    account = await desk.select_account("C10023")
    await desk.sync_price_book()
    sku = sorted(desk.price_book.rules.skus)[5]
    now = clock.now()
    desk.price_book.store.record_difference(_difference(sku, account.id, now))
    set_language(language)
    try:
        app = B2BApp(desk=desk, sync_on_start=False)
        async with app.run_test(size=SIZE if language == "en" else (80, 24)) as pilot:
            app.push_screen(ModelQueryScreen(sku))
            await settle(app, pilot)
            await pilot.press("ctrl+g")
            await settle(app, pilot)
            assert isinstance(app.screen, PriceDifferences)
            rows = app.screen.query_one("#pd-list", RowList)
            assert len(rows.rows) == 1
            line = rows.row_text(0)
            assert sku in line and account.id in line and "¥101.50" in line and "¥99.80" in line
            book, live = {"en": ("contract · HT-1 · valid to 2026-12-31", "promotion · CX-02"),
                          "zh": ("合同 · HT-1 · 有效期至 2026-12-31", "促销 · CX-02")}[language]
            assert [rows.cell(0, 6).plain, rows.cell(0, 7).plain] == [book, live]  # worded from the stored fields
            title = {"en": "Price differences", "zh": "价格差异"}[language]
            assert title in widget_text(app.screen.query_one(".pd-title"))
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, ModelQueryScreen)
    finally:
        set_language("en")


async def test_no_difference_says_so(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        app.action_price_differences()
        await settle(app, pilot)
        assert "No differences recorded" in widget_text(app.screen.query_one("#pd-note"))


async def test_cli_price_book_and_its_differences(capsys: pytest.CaptureFixture[str], desk: Desk) -> None:
    import asyncio

    from b2bterm.cli.entry import main

    account = await desk.select_account("C10023")
    await desk.sync_price_book()
    sku = sorted(desk.price_book.rules.skus)[7]
    desk.price_book.store.record_difference(_difference(sku, account.id, clock.now()))
    await desk.aclose()
    code = await asyncio.to_thread(main, ["price-book", "differences", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    [row] = json.loads(out)
    assert (row["sku"], row["account_id"], row["qty"], row["book_net"], row["live_net"]) == (
        sku, account.id, 20, "101.50", "99.80")
    assert row["book_source"] == {"kind": "contract", "reference": "HT-1", "description": "", "valid_from": None,
                                  "valid_to": "2026-12-31"}
    assert row["live_source"]["kind"] == "promotion" and row["live_source"]["reference"] == "CX-02"
    code = await asyncio.to_thread(main, ["price-book", "differences"])
    out = capsys.readouterr().out
    assert code == 0 and sku in out and "book ¥101.50 (contract · HT-1 · valid to 2026-12-31," in out
    assert "live ¥99.80 (promotion · CX-02)" in out
    code = await asyncio.to_thread(main, ["price-book"])
    out = capsys.readouterr().out
    assert code == 0 and "Price book as of" in out and "1 account, " in out


async def test_a_book_the_platform_sends_wrong_is_kept_and_the_user_told_in_chinese(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The platform's pages of SKUs come out of order: the app's book sync fails, the notice says so in the user's
    language (no English in it), and the book synced before still prices."""
    from b2bterm.domain.price_rules import SkuPricingPage

    await desk.select_account("C10023")
    first = await desk.sync_price_book()
    pages = desk.gateway.price_rule_skus

    async def backwards(after: str) -> SkuPricingPage:
        page = await pages(after)
        return SkuPricingPage(page.skus[::-1], page.next)

    monkeypatch.setattr(desk.gateway, "price_rule_skus", backwards)
    set_language("zh")
    try:
        app = B2BApp(desk=desk, sync_on_start=False)
        async with app.run_test(size=(80, 24)) as pilot:
            app.sync_price_book()
            await settle(app, pilot)
            notices = [n.message for n in app._notifications]
            told = [m for m in notices if m.startswith("价格簿未更新：")]
            assert told and "平台发来的价格规则 b2bterm 无法读取" in told[0] and "price rules" not in told[0]
    finally:
        set_language("en")
    assert desk.price_book.load().synced_at == first.synced_at
    assert desk.book_quote(sorted(desk.price_book.rules.skus)[3], 1) is not None
