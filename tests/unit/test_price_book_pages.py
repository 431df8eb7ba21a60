"""A price book written as the platform's pages of SKU entries arrive (a million SKUs are never one answer, nor held
at once): compared page by page with the rows in each page's range of SKUs, so a sync that changes a few SKUs writes
those (and drops the SKUs gone, wherever the pages happen to end); one that changes many writes a new book beside the
old, whichever page it finds out on; pages out of order leave the book as it was, and the user is told."""

from __future__ import annotations

import os
import socket
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from b2bterm.domain.price_rules import METHOD_B2BTERM, AccountPricing, PriceRules, SkuPricing, SkuPricingPage
from b2bterm.domain.price_rules_doc import PriceRulesError
from b2bterm.local import price_book as store_module
from b2bterm.local.db import Database
from b2bterm.local.price_book import PriceBookStore
from b2bterm.services.desk import Desk

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
RULES = PriceRules(METHOD_B2BTERM, "CNY", {}, {"A1": AccountPricing("A1", "C1")})


def _entries(n: int, **price: int) -> list[SkuPricing]:
    """n SKUs (``S0000``...), list price 10 + their number, or the price given by SKU."""
    return [SkuPricing(sku, Decimal(price.get(sku, 10 + i)), "SIE", "contactor", "1")
            for i in range(n) for sku in [f"S{i:04d}"]]


def _write(store: PriceBookStore, entries: list[SkuPricing], sizes: list[int]) -> int:
    """The entries as pages of these sizes (the rest as the last page)."""
    writer = store.writer()
    at = 0
    for size in sizes:
        writer.add(entries[at:at + size], final=False)
        at += size
    writer.add(entries[at:], final=True)
    return writer.finish(RULES, AT, ["A1"])


def _book(store: PriceBookStore) -> tuple[int, dict[str, str]]:
    conn = store.db.conn
    gen = conn.execute("SELECT gen FROM price_book WHERE id = 1").fetchone()[0]
    rows = dict(conn.execute("SELECT sku, data FROM price_book_sku WHERE gen = ?", (gen,)).fetchall())
    assert conn.execute("SELECT count(*) FROM price_book_sku WHERE gen != ?", (gen,)).fetchone()[0] == 0
    return gen, rows


@pytest.fixture
def store(tmp_path: Path) -> PriceBookStore:
    return PriceBookStore(Database(tmp_path / "profile.sqlite"))


def test_a_few_changes_across_pages_are_written_in_place(store: PriceBookStore) -> None:
    entries = _entries(40)
    assert _write(store, entries, [7, 7, 7]) == 40
    gen, first = _book(store)
    assert len(first) == 40 and store.load().rules.skus["S0012"].list_price == Decimal(22)

    assert _write(store, entries, [5, 11, 3]) == 0  # the same entries, pages ending elsewhere: nothing written
    assert _book(store) == (gen, first)

    # one changed, one gone inside a page's range, one gone after the last SKU, one new between two: the pages
    # ending elsewhere again
    now = [e for e in _entries(40, S0013=99) if e.sku not in ("S0021", "S0039")]
    now = sorted([*now, SkuPricing("S0029a", Decimal(5), "SIE", "relay", "1")], key=lambda e: e.sku)
    assert _write(store, now, [13, 9, 4]) == 4
    gen_after, rows = _book(store)
    assert gen_after == gen and set(rows) == {e.sku for e in now}
    assert {s for s in rows if rows[s] != first.get(s)} == {"S0013", "S0029a"}
    book = store.load()
    assert book.rules.skus["S0013"].list_price == Decimal(99) and "S0021" not in book.rules.skus
    assert len(book.rules.skus) == len(now)


def test_many_changes_found_on_a_later_page_write_a_new_book(store: PriceBookStore,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "WRITE_CHUNK", 4)  # (copied and written a few rows per transaction)
    entries = _entries(30)
    _write(store, entries, [6, 6])
    gen, _ = _book(store)
    # the first page the same, the second changes 6 (more than WRITE_CHUNK): the first page's rows are copied,
    # the rest written as they come, one SKU gone from the first page's range
    changed = [e for e in _entries(30, **{f"S{i:04d}": 1 for i in range(8, 14)}) if e.sku != "S0002"]
    assert _write(store, changed, [6, 6, 6]) == 29
    gen_new, rows = _book(store)
    assert gen_new == gen + 1 and set(rows) == {e.sku for e in changed}
    skus = store.load().rules.skus
    assert [skus[f"S{i:04d}"].list_price for i in (7, 8, 13, 14)] == [Decimal(17), 1, 1, Decimal(24)]
    assert "S0002" not in skus


def test_pages_out_of_order_leave_the_book_as_it_was(store: PriceBookStore,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "WRITE_CHUNK", 3)
    entries = _entries(20)
    _write(store, entries, [5])
    before = _book(store)
    writer = store.writer()
    writer.add(_entries(20, S0001=1, S0002=1, S0003=1, S0004=1)[:10], final=False)  # a new book begun beside
    with pytest.raises(PriceRulesError, match="not in SKU order"):
        writer.add(entries[5:15], final=True)  # starts before the page before ended
    writer.abandon()
    assert _book(store) == before
    with pytest.raises(PriceRulesError, match="not in SKU order"):
        store.writer().add([entries[3], entries[2]], final=True)
    assert _book(store) == before


async def test_a_sync_pages_through_the_platforms_skus(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the desk: the rules come without their SKU entries, which come a page at a time (a page of 300 here)
    and make the same book as the platform's whole rules; a platform whose pages go wrong fails the sync with a
    message, and the book synced before is kept."""
    import b2bterm.domain.price_rules as rules_module

    monkeypatch.setattr(rules_module, "SKU_PAGE", 300)
    asked: list[str] = []
    pages = desk.gateway.price_rule_skus

    async def counted(after: str) -> SkuPricingPage:
        asked.append(after)
        return await pages(after)

    monkeypatch.setattr(desk.gateway, "price_rule_skus", counted)
    account = await desk.select_account("C10023")
    whole = await desk.platform.price_rules([account.id])
    outcome = await desk.sync_price_book()
    assert outcome.status.value == "synced" and outcome.skus == len(whole.skus)
    assert len(asked) == -(-len(whole.skus) // 300) and asked[0] == ""  # every page once, in turn
    book = desk.price_book.load()
    assert sorted(book.rules.skus) == sorted(whole.skus)
    for sku in sorted(whole.skus)[::97]:
        assert book.rules.skus[sku] == whole.skus[sku]

    async def backwards(after: str) -> SkuPricingPage:
        page = await pages(after)
        return SkuPricingPage(page.skus[::-1], page.next)

    monkeypatch.setattr(desk.gateway, "price_rule_skus", backwards)
    failed = await desk.sync_price_book()
    assert failed.status.value == "failed" and "not in SKU order" in failed.detail  # (logs and --json)
    from b2bterm.ui.i18n import current_language, set_language
    from b2bterm.ui.outcome_text import platform_error_text

    kept = current_language()
    try:
        set_language("zh_CN")
        assert failed.error is not None and platform_error_text(failed.error).startswith("平台发来的价格规则")
    finally:
        set_language(kept)
    assert desk.price_book.load().synced_at == outcome.synced_at
    assert sorted(desk.price_book.load().rules.skus) == sorted(whole.skus)


async def test_an_adapter_written_before_the_pages_still_fills_the_book(desk: Desk) -> None:
    """A platform adapter (a plugin) with ``price_rules`` alone, as adapters were written before the SKU pages: its
    whole rules are asked for as before, and the book holds every SKU."""
    from b2bterm.services.gateway import Gateway
    from b2bterm.services.price_book import PriceBookService

    demo = desk.platform

    class Older:
        """Only what such an adapter offers (the capability and the rules, SKU entries and all)."""

        capabilities = demo.capabilities
        name = "older"

        async def price_rules(self, account_ids):  # type: ignore[no-untyped-def]
            return await demo.price_rules(account_ids)

    service = PriceBookService(Gateway(Older()), desk.price_book.store)  # type: ignore[arg-type]
    outcome = await service.sync(["C10023"])
    whole = await demo.price_rules(["C10023"])
    assert outcome.status.value == "synced" and outcome.skus == len(whole.skus) > 1000
    assert sorted(service.load().rules.skus) == sorted(whole.skus)


def test_one_writer_at_a_time_across_processes(tmp_path: Path) -> None:
    """Two writers of one book at once (the app's start-up sync and ``b2bterm sync``: each its own connection to the
    profile's file) dropped each other's rows - the first then switched to a book missing the SKUs it had written
    before the second began. The second is refused (who holds it said) until the first has finished, and the book
    is whole."""
    from b2bterm.local.price_book import BookBusy

    path = tmp_path / "profile.sqlite"
    app, cli = PriceBookStore(Database(path)), PriceBookStore(Database(path))
    entries = _entries(30)
    first = app.writer()
    first.add(entries[:10], final=False)
    with pytest.raises(BookBusy) as busy:
        cli.writer()
    assert busy.value.holder.endswith(f":{os.getpid()}")
    first.add(entries[10:], final=True)
    assert first.finish(RULES, AT, ["A1"]) == 30
    assert set(_book(app)[1]) == {e.sku for e in entries}
    assert _write(cli, _entries(30, S0005=1), [8]) == 1  # free again once the first has finished
    with cli.writer() as dropped:  # one left unfinished (a failure, a cancelled sync) lets go as well
        dropped.add(entries[:4], final=False)
    with app.writer() as writer:
        writer.add(entries, final=True)
        assert writer.finish(RULES, AT, ["A1"]) == 1
    assert set(_book(cli)[1]) == {e.sku for e in entries}


async def test_two_syncs_of_one_book_at_once_leave_it_whole(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync that finds the book being written (by another b2bterm here: its own connection to the profile) waits
    for it to finish and then syncs; one kept waiting longer than BUSY_WAIT leaves the book to the other and says who
    is writing it, in the user's language. Whatever the order, the book ends whole."""
    import asyncio

    import b2bterm.domain.price_rules as rules_module
    import b2bterm.services.price_book as service_module
    from b2bterm.services.price_book import BookSync, PriceBookService
    from b2bterm.ui.i18n import current_language, set_language
    from b2bterm.ui.outcome_text import book_error_text

    monkeypatch.setattr(rules_module, "SKU_PAGE", 500)
    account = await desk.select_account("C10023")
    whole = await desk.platform.price_rules([account.id])
    other = PriceBookService(desk.gateway, PriceBookStore(Database(desk.price_book.store.db.path)))
    pages = desk.gateway.price_rule_skus
    gate, paused = asyncio.Event(), asyncio.Event()

    async def held(after: str) -> SkuPricingPage:  # the first sync stops after its first page until let go
        if after:
            paused.set()
            await gate.wait()
        return await pages(after)

    polls: list[float] = []

    async def pause(seconds: float) -> None:  # the second sync found the book being written: the first goes on
        polls.append(seconds)
        gate.set()
        await asyncio.sleep(0)

    monkeypatch.setattr(desk.gateway, "price_rule_skus", held)
    monkeypatch.setattr(service_module, "_pause", pause)
    first = asyncio.create_task(desk.sync_price_book())
    await paused.wait()
    second = await other.sync([account.id])
    done = await first
    assert polls and done.status is BookSync.SYNCED and second.status is BookSync.SYNCED
    assert sorted(other.load().rules.skus) == sorted(whole.skus) == sorted(desk.price_book.store.load().rules.skus)

    gate.clear()
    paused.clear()
    monkeypatch.setattr(service_module, "BUSY_WAIT", 0.0)
    monkeypatch.setattr(service_module, "_pause", lambda seconds: pytest.fail("no wait past BUSY_WAIT"))
    first = asyncio.create_task(desk.sync_price_book())
    await paused.wait()
    left = await other.sync([account.id])
    assert left.status is BookSync.BUSY and left.holder.endswith(f":{os.getpid()}")
    kept = current_language()
    try:
        set_language("zh_CN")
        # (the two syncs are this process's: as an app's sync would see the one before it, still ending)
        assert book_error_text(left) == "本 b2bterm 先前的一次同步已写入数分钟，交由它完成"
        elsewhere = replace(left, holder="desk-7:4242")
        assert book_error_text(elsewhere) == "desk-7 上的 b2bterm（进程 4242）已写入数分钟，交由它完成"
    finally:
        set_language(kept)
    gate.set()
    assert (await first).status is BookSync.SYNCED
    assert sorted(desk.price_book.store.load().rules.skus) == sorted(whole.skus)


def test_b2bterm_sync_says_what_it_waits_for(capsys: pytest.CaptureFixture[str], demo_config,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """``b2bterm sync`` while another b2bterm writes the price book: it says whom it waits for (once), then syncs
    the book when that one is through."""
    import b2bterm.services.price_book as service_module
    from b2bterm.cli import main
    from b2bterm.config import profile_dir
    from b2bterm.local.file_lock import FileLock
    from b2bterm.ui.i18n import current_language, set_language
    from b2bterm.ui.outcome_text import book_wait_text

    with demo_config.path.open("a", encoding="utf-8") as f:
        f.write('\n[sync]\nprice_book_accounts = "all"\n')
    app = FileLock(Path(f"{profile_dir('demo') / 'local.sqlite'}.book-lock"))  # the app, writing the book
    assert app.acquire()
    app.path.write_text(f"{socket.gethostname()}:4242", encoding="utf-8")  # (as another process writes who it is)
    waits: list[float] = []

    async def pause(seconds: float) -> None:  # the app's sync ends while the command waits
        waits.append(seconds)
        app.release()

    monkeypatch.setattr(service_module, "_pause", pause)
    try:
        code = main(["sync"])
    finally:
        app.release()
    out, err = capsys.readouterr()
    assert code == 0 and len(waits) == 1
    assert err.count("Waiting for") == 1
    assert "Waiting for another b2bterm on this machine (process 4242) to finish writing the price book…" in err
    assert "Price book: the rules of" in out
    kept = current_language()
    try:
        set_language("zh_CN")
        assert book_wait_text(f"desk-7:{4242}") == "正在等待desk-7 上的 b2bterm（进程 4242）写完价格簿…"
    finally:
        set_language(kept)


async def test_a_cancelled_sync_lets_go_of_the_book_only_when_its_thread_is_through(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync cancelled while its thread writes (the app's exclusive worker replaced by a newer sync, the app
    closing): the book stays held until that step has ended - a next writer started meanwhile would drop rows the
    late step then adds to, or switches to - and then it is let go (also when the cancel came while the writer was
    being taken: its start drops rows, seconds at 1M). Threads held by events, not timed."""
    import asyncio
    import threading

    from b2bterm.local.price_book import BookBusy, BookWriter
    from b2bterm.services.price_book import BookSync, PriceBookService

    account = await desk.select_account("C10023")
    other = PriceBookStore(Database(desk.price_book.store.db.path))  # another process's connection
    entered, go = threading.Event(), threading.Event()
    closed = asyncio.Event()
    loop = asyncio.get_running_loop()
    close = BookWriter.close

    def closing(self: BookWriter) -> None:
        close(self)
        if threading.get_ident() == on_loop:
            closed.set()
        else:  # (a step's own close, in its thread)
            loop.call_soon_threadsafe(closed.set)

    on_loop = threading.get_ident()

    monkeypatch.setattr(BookWriter, "close", closing)
    for step in ("add", "__init__"):  # a page being written; the writer being taken
        real = getattr(BookWriter, step)

        def held(self: BookWriter, *args: object, real=real, **kwargs: object) -> object:  # type: ignore[no-untyped-def]
            entered.set()
            assert go.wait(30)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(BookWriter, step, held)
        entered.clear(), go.clear(), closed.clear()
        sync = asyncio.create_task(desk.price_book.sync([account.id]))
        assert await asyncio.to_thread(entered.wait, 30)
        sync.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sync
        with pytest.raises(BookBusy):  # its thread still writes: still held
            other.writer()
        go.set()
        await asyncio.wait_for(closed.wait(), 30)
        with other.writer():  # through: let go
            pass
        monkeypatch.setattr(BookWriter, step, real)
    done = await PriceBookService(desk.gateway, other).sync([account.id])
    assert done.status is BookSync.SYNCED
    assert sorted(other.load().rules.skus) == sorted((await desk.platform.price_rules([account.id])).skus)


def test_b2bterm_sync_exits_1_when_its_price_book_was_not_updated(capsys: pytest.CaptureFixture[str], demo_config,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A cron job learns that its prices offline are not fresh: the catalog synced, the book not (exit 1, as for an
    order not settled); the next good sync exits 0."""
    from b2bterm.cli import main
    from b2bterm.platform.demo.adapter import DemoPlatform

    with demo_config.path.open("a", encoding="utf-8") as f:
        f.write('\n[sync]\nprice_book_accounts = "all"\n')
    pages = DemoPlatform.price_rule_skus

    async def backwards(self, after: str = "", limit: int = 2000) -> SkuPricingPage:  # type: ignore[no-untyped-def]
        page = await pages(self, after, limit)
        return SkuPricingPage(page.skus[::-1], page.next)

    monkeypatch.setattr(DemoPlatform, "price_rule_skus", backwards)
    assert main(["sync"]) == 1
    out = capsys.readouterr().out
    assert "Catalog synced" in out and "Price book not updated: The platform sent price rules" in out
    monkeypatch.setattr(DemoPlatform, "price_rule_skus", pages)
    assert main(["sync"]) == 0
    assert "Price book: the rules of" in capsys.readouterr().out
