"""An incremental price-book sync: the rules the platform sends are compared with the book's rows, and only what
changed since the last sync is written (in the same book, in one transaction); a change touching many SKUs falls
back to writing a new book beside the old one and switching to it."""

from __future__ import annotations

import pytest

from b2bterm.domain.money import Money
from b2bterm.local import price_book as store_module
from b2bterm.services.desk import Desk


def _rows(desk: Desk) -> tuple[int, dict[str, str]]:
    conn = desk.db.conn
    gen = conn.execute("SELECT gen FROM price_book WHERE id = 1").fetchone()[0]
    return gen, dict(conn.execute("SELECT sku, data FROM price_book_sku WHERE gen = ?", (gen,)).fetchall())


async def test_a_second_sync_writes_only_what_changed(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    account = await desk.select_account("C10023")
    first = await desk.sync_price_book()
    assert first.status.value == "synced" and first.changed == first.skus > 1000  # a first sync writes them all
    gen, before = _rows(desk)
    again = await desk.sync_price_book()
    assert again.changed == 0 and again.synced_at is not None and again.synced_at >= first.synced_at
    assert _rows(desk) == (gen, before)  # the same book, untouched

    sku = sorted(before)[11]
    product = (await desk.platform.get_products([sku]))[sku]
    desk.platform.set_price(sku, Money.of(str(product.list_price.amount + 7)))  # changed on the platform
    changed = await desk.sync_price_book()
    assert changed.changed == 1
    gen_after, after = _rows(desk)
    assert gen_after == gen  # written in place, not a new book
    assert {s for s in after if after[s] != before[s]} == {sku} and after.keys() == before.keys()
    local = desk.price_book.local_quote(account.id, sku, 1)
    [live] = await desk.platform.quote(account.id, [(sku, 1)])
    assert local is not None and (local.net_price, local.list_price) == (live.net_price, live.list_price)
    assert local.fetched_at == changed.synced_at

    monkeypatch.setattr(store_module, "WRITE_CHUNK", 2)  # many changes: a new book beside the old one
    for n in (3, 4, 5):
        s = sorted(before)[n]
        p = (await desk.platform.get_products([s]))[s]
        desk.platform.set_price(s, Money.of(str(p.list_price.amount + 1)))
    many = await desk.sync_price_book()
    assert many.changed == many.skus
    gen_new, rows = _rows(desk)
    assert gen_new == gen + 1 and rows.keys() == before.keys()
    assert desk.db.conn.execute("SELECT count(*) FROM price_book_sku WHERE gen != ?", (gen_new,)).fetchone()[0] == 0


async def test_a_sku_row_is_stored_compactly_and_reads_back_whole(desk: Desk) -> None:
    """A SKU's row is an array without its SKU (the key says it) and without empty tiers: about half the bytes of
    the keyed entry; it reads back as the same pricing, tiers included, and a keyed row left by an older version
    still reads (until the next sync writes the book again)."""
    import json

    from b2bterm.domain.price_rules import SkuPricing, Tier
    from b2bterm.domain.price_rules_doc import sku_to_doc
    from b2bterm.local.price_book import _entry, sku_from_row

    await desk.select_account("C10023")
    await desk.sync_price_book()
    _, rows = _rows(desk)
    rules = desk.price_book.rules
    keyed = sum(len(json.dumps(sku_to_doc(rules.skus[s]), separators=(",", ":"))) for s in rows)
    assert sum(len(d) for d in rows.values()) < keyed * 0.55
    for sku, data in list(rows.items())[:200]:
        assert not data.startswith("{") and sku not in data
        assert sku_from_row(sku, data) == rules.skus[sku]
    tiered = SkuPricing("X-1", Money.of("9.50").amount, "ABB", "contactor", "2",
                        (Tier(1, 9, Money.of("9.50").amount), Tier(10, None, Money.of("8.75").amount)))
    assert sku_from_row("X-1", _entry(tiered)) == tiered
    old = json.dumps(sku_to_doc(tiered))
    assert sku_from_row("X-1", old) == tiered
    plain = SkuPricing("X-2", Money.of("1").amount)
    assert sku_from_row("X-2", _entry(plain)) == plain
    # a row without tiers is its fields joined (no JSON quoting); one with tiers, or written before, a JSON array
    assert _entry(plain).count("\x1f") == 3 and not _entry(plain).startswith("[") and _entry(tiered).startswith("[")
    assert sku_from_row("X-2", json.dumps([sku_to_doc(plain)[f] for f in ("list_price", "brand", "category",
                                                                          "schedule")])) == plain
    from b2bterm.domain.price_rules_doc import PriceRulesError

    with pytest.raises(PriceRulesError):
        sku_from_row("X-2", "1.00\x1fABB")  # fields missing: malformed, as a bad document is


async def test_a_skus_rules_are_read_at_once_when_the_database_is_free_never_behind_a_writer(desk: Desk) -> None:
    """The model query prices a product from the book in its first frame: a SKU not read yet has its one row read
    at once on the asking thread (the event loop) when the database is free; while another thread holds the
    database (a sync writing), the answer is "not now" at once, and a worker reads it (nothing waits)."""
    from busy import held_elsewhere

    from b2bterm.services.desk import open_desk

    await desk.select_account("C10023")
    await desk.sync_price_book()
    skus = sorted(desk.price_book.rules.skus)[:3]
    fresh = open_desk(desk.config)  # a new session: the book on disk, no SKU read yet
    try:
        await fresh.select_account("C10023")
        await fresh.price_book.ready()
        assert not fresh.price_book.in_memory_for(skus[0])
        assert fresh.book_ready(skus[0])  # read now: the database was free
        assert fresh.price_book.in_memory_for(skus[0])
        assert fresh.book_quote(skus[0], 5).value == desk.book_quote(skus[0], 5).value
        with held_elsewhere(fresh.db.lock):  # a writer
            assert not fresh.book_ready(skus[1])  # not behind the writer: "not now", at once
            assert fresh.book_ready(skus[0])  # what was read stays ready
        assert fresh.book_ready(skus[1])
    finally:
        await fresh.aclose()
