"""The local price book through the desk: synced for the accounts served, pricing an offline draft in full, giving
way to the live quote (a difference recorded), kept across a restart; a platform without price rules changes
nothing."""

from __future__ import annotations

import asyncio
import random

import pytest

from b2bterm.config import ConfigError, parse_config
from b2bterm.domain.money import Money
from b2bterm.local.price_book import PriceBookStore
from b2bterm.platform.base import Capability
from b2bterm.services.desk import open_desk
from b2bterm.services.price_book import BookSync, scope_from_setting
from b2bterm.services.quote import Why

ACCOUNT = "C10023"


def _skus(desk, n: int, seed: int) -> list[str]:  # type: ignore[no-untyped-def]
    rules = desk.price_book.rules
    ruled = sorted({s for pl in rules.lists for s in pl.prices})
    every = sorted(rules.skus)
    rnd = random.Random(seed)
    return list(dict.fromkeys([*rnd.sample(ruled, min(len(ruled), n // 2)), *rnd.sample(every, n)]))[:n]


async def test_an_offline_draft_is_priced_in_full_from_the_price_book(desk) -> None:  # type: ignore[no-untyped-def]
    await desk.select_account(ACCOUNT)
    outcome = await desk.sync_price_book()
    assert outcome.status is BookSync.SYNCED and outcome.accounts == 1 and outcome.skus > 1000
    skus = _skus(desk, 30, seed=5)
    qtys = [random.Random(n).choice([1, 3, 10, 20, 50, 100, 250]) for n in range(len(skus))]
    desk.work_offline(True)
    pad = desk.new_pad(ACCOUNT)
    pad.add_text("\n".join(f"{sku} {q}" for sku, q in zip(skus, qtys, strict=True)))
    assert await pad.reprice() == len(skus)
    totals = pad.totals()
    assert totals.unpriced_lines == 0 and totals.priced_lines == len(skus)
    seen = {line.sku: line for line in pad.draft_lines()}
    assert {line.price_seen_at for line in seen.values()} == {outcome.synced_at}  # "as of" the sync
    desk.work_offline(False)
    live = await desk.gateway.quote(ACCOUNT, list(zip(skus, qtys, strict=True)))
    assert [seen[q.sku].unit_price_seen for q in live] == [q.net_price for q in live]


async def test_the_live_quote_replaces_the_book_and_a_difference_is_recorded(desk) -> None:  # type: ignore[no-untyped-def]
    account = await desk.select_account(ACCOUNT)
    await desk.sync_price_book()
    special = {s for pl in desk.price_book.rules.lists for s in pl.prices}
    sku = next(s for s in sorted(desk.price_book.rules.skus) if s not in special)  # priced off its list price
    local = await asyncio.to_thread(desk.book_quote, sku, 1)
    assert local is not None and local.why is Why.PRICE_BOOK and not local.live
    same = await desk.quote_for(sku, 1)
    assert same.live and await desk.settle_quote(local.value, same.value) is None
    desk.platform.set_price(sku, Money.of(str(local.value.list_price.amount + 7)))  # the back office changes it
    moved = await desk.quote_for(sku, 1)
    diff = await desk.settle_quote(local.value, moved.value)
    assert diff is not None and diff.local_net == local.value.net_price and diff.live_net == moved.value.net_price
    assert [(d.sku, d.live_net) for d in desk.price_book.differences()] == [(sku, moved.value.net_price)]
    assert account.id == ACCOUNT


async def test_the_book_survives_a_restart_and_a_platform_without_price_rules_changes_nothing(
        desk, demo_config) -> None:  # type: ignore[no-untyped-def]
    await desk.select_account(ACCOUNT)
    synced = await desk.sync_price_book()
    sku = sorted(desk.price_book.rules.skus)[7]
    again = open_desk(demo_config)  # the app started again on the same profile
    try:
        await again.select_account(ACCOUNT)
        again.platform.offline = True
        answer = await again.quote_for(sku, 10)
        assert not answer.live and answer.value is not None and answer.value.fetched_at == synced.synced_at
        assert (await again.sync_price_book()).status is BookSync.FAILED  # the book stays as it was
        assert again.price_book.covers(ACCOUNT)
    finally:
        await again.aclose()

    desk.platform.capabilities = Capability.all() & ~Capability.PRICE_RULES  # a platform without the capability
    desk.price_book.store.db.conn.execute("DELETE FROM price_book")
    desk.price_book._loaded = False
    assert (await desk.sync_price_book()).status is BookSync.UNSUPPORTED
    assert desk.book_quote(sku, 1) is None and PriceBookStore(desk.db).load() is None
    desk.platform.offline = True
    assert (await desk.quote_for(sku, 1)).value is None  # nothing cached, no book: no price, as before


def test_price_book_accounts_setting() -> None:
    assert scope_from_setting("", "K1", "", "K1") == ["K1"]
    assert scope_from_setting("all", "K1") is None
    assert scope_from_setting(["K2", "K3", "K2"], "K1") == ["K2", "K3"]
    cfg = parse_config('[sync]\nprice_book_accounts = ["K2071", "K2080"]\n')
    assert cfg.sync["price_book_accounts"] == ["K2071", "K2080"]
    for bad in ('"some"', "[1, 2]", "3"):
        with pytest.raises(ConfigError, match="price_book_accounts"):
            parse_config(f"[sync]\nprice_book_accounts = {bad}\n")


async def test_the_book_keeps_its_skus_on_disk_and_a_new_sync_replaces_them(desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A 1M-SKU book parsed whole is hundreds of MiB: the SKUs are rows, read one at a time when priced, written in
    short transactions beside the current book, which switches to them in one; the old rows (and the rows of an
    interrupted write) go."""
    import b2bterm.local.price_book as store_module
    from b2bterm.domain.price_rules import price

    monkeypatch.setattr(store_module, "WRITE_CHUNK", 700)  # several chunks with the UI demo's catalog
    await desk.select_account(ACCOUNT)
    full = await desk.gateway.price_rules([ACCOUNT])
    first = await desk.sync_price_book()
    book = desk.price_book.load()
    assert isinstance(book.rules.skus, store_module.StoredSkus) and not desk.price_book.in_memory
    assert len(book.rules.skus) == len(full.skus) == first.skus and sorted(book.rules.skus) == sorted(full.skus)
    now = desk.price_book.load().synced_at
    for sku in _skus(desk, 40, seed=11):
        for qty in (1, 10, 100):
            assert price(book.rules, ACCOUNT, sku, qty, now) == price(full, ACCOUNT, sku, qty, now)
    assert "NO-SUCH-SKU" not in book.rules.skus and desk.book_quote("NO-SUCH-SKU", 1) is None
    conn = desk.db.conn
    conn.execute("INSERT INTO price_book_sku (gen, sku, data) VALUES (99, 'X', '{}')")  # an interrupted write's row
    await desk.sync_price_book()
    gens = conn.execute("SELECT gen, count(*) FROM price_book_sku GROUP BY gen").fetchall()
    current = conn.execute("SELECT gen FROM price_book WHERE id = 1").fetchone()[0]
    assert [tuple(r) for r in gens] == [(current, len(full.skus))]  # only the book's rows (nothing changed: the
    # same book, written in place: test_price_book_incremental.py)
    assert PriceBookStore(desk.db).load().rules.skus[sorted(full.skus)[3]] == full.skus[sorted(full.skus)[3]]


async def test_the_start_up_sync_fetches_a_recent_book_again_only_when_the_catalog_changed(desk) -> None:  # type: ignore[no-untyped-def]
    await desk.select_account(ACCOUNT)
    fetched: list[object] = []
    fetch = desk.gateway.price_rules

    async def counting(accounts, **kw):  # type: ignore[no-untyped-def]
        fetched.append(accounts)
        return await fetch(accounts, **kw)

    desk.gateway.price_rules = counting
    first = await desk.sync_price_book()
    assert (await desk.sync_price_book(unless_fresh=True)).synced_at == first.synced_at and len(fetched) == 1
    assert (await desk.sync_price_book()).status is BookSync.SYNCED and len(fetched) == 2  # the catalog changed
    desk.config.sync["price_book_max_age_minutes"] = 0  # "at every start"
    await desk.sync_price_book(unless_fresh=True)
    assert len(fetched) == 3
