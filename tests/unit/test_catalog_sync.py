"""sync_catalog against an in-memory platform: full pass, progress, cursor, updates, deletes, resume after a failure."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from b2bterm.domain.models import Product
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.platform.base import Capability, CatalogChanges, Offline, Unsupported
from b2bterm.services.catalog_sync import sync_catalog

BRANDS = [("Siemens", "3RT20{:02d}-1BB41"), ("Schneider Electric", "LC1D{:02d}M7"), ("CHINT", "NXC-{:02d}"),
          ("Omron", "E2E-X{:d}ME1"), ("CHINT", "CJX2-{:02d}10")]


def make_products(n: int) -> list[Product]:
    out = []
    for i in range(n):
        brand, pattern = BRANDS[i % len(BRANDS)]
        out.append(Product(sku=f"SKU-{i:05d}", model=pattern.format(i // len(BRANDS)), brand=brand,
                           category="Contactors", name_en=f"contactor item {i}", name_zh="交流接触器",
                           popularity=i))
    return out


class MemoryPlatform:
    """A tiny platform whose catalog lives in a change log: each upsert or delete gets the next sequence number and
    the cursor is the last sequence number seen. Can be told to fail after some pages."""

    name = "memory"
    capabilities = Capability.CATALOG_CHANGES

    def __init__(self, products: Sequence[Product]) -> None:
        self.log: list[tuple[int, Product | None, str]] = []
        self.live: dict[str, Product] = {}
        self.calls: list[str | None] = []
        self.fail_on_call: int | None = None
        for p in products:
            self.upsert(p)

    def upsert(self, p: Product) -> None:
        self.log.append((len(self.log) + 1, p, p.sku))
        self.live[p.sku] = p

    def delete(self, sku: str) -> None:
        self.log.append((len(self.log) + 1, None, sku))
        self.live.pop(sku, None)

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges:
        self.calls.append(cursor)
        if self.fail_on_call is not None and len(self.calls) >= self.fail_on_call:
            raise Offline("the network went away")
        after = int(cursor) if cursor else 0
        pending = [entry for entry in self.log if entry[0] > after]
        page = pending[:limit]
        return CatalogChanges(
            products=tuple(p for _, p, _ in page if p is not None),
            deleted=tuple(sku for _, p, sku in page if p is None),
            next_cursor=str(page[-1][0]) if page else (cursor or ""),
            done=len(pending) <= limit,
            total=len(self.live),
        )

    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]:
        raise Unsupported("not in this fake")

    async def aclose(self) -> None:
        return None


class ThreadRecordingCatalog(LocalCatalog):
    """The real LocalCatalog, noting which thread each page was written on."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.write_threads: set[int] = set()

    def apply_changes(self, changes: CatalogChanges) -> None:
        self.write_threads.add(threading.get_ident())
        super().apply_changes(changes)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[ThreadRecordingCatalog]:
    db = Database(tmp_path / "sync.sqlite")
    yield ThreadRecordingCatalog(db)
    db.close()


async def test_full_sync_with_progress_in_a_thread(catalog: ThreadRecordingCatalog) -> None:
    platform = MemoryPlatform(make_products(1234))
    progress: list[tuple[int, int | None]] = []
    summary = await sync_catalog(platform, catalog, on_progress=lambda d, t: progress.append((d, t)), page_size=500)
    assert summary.pages == 3 and summary.upserted == 1234 and not summary.resumed
    assert progress == [(500, 1234), (1000, 1234), (1234, 1234)]
    assert catalog.count() == 1234
    assert catalog.cursor() == "1234" and catalog.is_complete()
    assert threading.get_ident() not in catalog.write_threads  # DB writes never ran on the event loop's thread
    assert catalog.search("LC1D03M7").hits[0].product.model == "LC1D03M7"


async def test_incremental_updates_and_deletes(catalog: ThreadRecordingCatalog) -> None:
    platform = MemoryPlatform(make_products(50))
    await sync_catalog(platform, catalog)
    old = platform.live["SKU-00007"]
    platform.upsert(replace(old, name_en="vacuum breaker special", name_zh="真空断路器", popularity=10_000))
    platform.delete("SKU-00008")
    deleted_model = "LC1D01M7"  # SKU-00006's model; delete it too
    platform.delete("SKU-00006")
    summary = await sync_catalog(platform, catalog)
    assert summary.pages == 1 and summary.upserted == 1 and summary.deleted == 2
    assert platform.calls[-1] == "50"  # asked only for what changed since the stored cursor
    assert catalog.count() == 48
    assert catalog.product("SKU-00008") is None and catalog.product("SKU-00006") is None
    assert catalog.match_codes([deleted_model]) == {}
    assert not any(h.product.sku == "SKU-00006" for h in catalog.search("LC1D01").hits)
    # the updated product is found by its new words and not by its old ones, and its new popularity puts it first
    assert catalog.search("vacuum breaker").products[0].sku == "SKU-00007"
    assert catalog.search("断路器").products[0].sku == "SKU-00007"
    assert "SKU-00007" not in {p.sku for p in catalog.search("item 7").products}
    # (with a cat: filter the Chinese is searched as name words, not understood as the category it names)
    assert catalog.search("cat:contactors 交流接触器").products[0].sku == "SKU-00049"  # most popular of the rest
    # nothing more to pull: one call, no change
    before = catalog.count()
    summary = await sync_catalog(platform, catalog)
    assert summary.upserted == 0 and catalog.count() == before


async def test_resume_after_interruption(catalog: ThreadRecordingCatalog) -> None:
    platform = MemoryPlatform(make_products(1000))
    platform.fail_on_call = 3  # two pages arrive, then the network fails
    with pytest.raises(Offline):
        await sync_catalog(platform, catalog, page_size=300)
    # the pages of a full pass go into a new file: received and resumable; meanwhile a first build's first page is
    # searched (a preview: the next one once four times as many are in), the rest once the pass ends
    assert catalog.received() == 600 and catalog.cursor() == "600" and not catalog.is_complete()
    assert catalog.count() == 300 and [p.sku for p in catalog.search("SKU-00001").products][:1] == ["SKU-00001"]
    assert catalog.search("SKU-00999").hits == ()
    platform.fail_on_call = None
    platform.calls.clear()
    progress: list[tuple[int, int | None]] = []
    summary = await sync_catalog(platform, catalog, page_size=300, on_progress=lambda d, t: progress.append((d, t)))
    assert platform.calls[0] == "600"  # restarted from the stored cursor, not from the beginning
    assert summary.resumed and summary.upserted == 400
    assert progress[-1] == (1000, 1000) and progress[0] == (900, 1000)
    assert catalog.count() == 1000 and catalog.is_complete()
    assert {p.sku for p in catalog.search("SKU-00999").products} == {"SKU-00999"}


async def test_a_failed_page_leaves_nothing_half_written(catalog: ThreadRecordingCatalog) -> None:
    catalog.apply_changes(CatalogChanges(products=tuple(make_products(10)), next_cursor="10"))

    class Boom(Exception):
        pass

    broken = CatalogChanges(products=(*make_products(20)[10:], Product("", "", "", "", "")), next_cursor="20")
    original = catalog.db.conn

    class FailingAtCommit:
        """Lets every statement through but fails the COMMIT, as a full disk would."""

        def __getattr__(self, name: str) -> object:
            return getattr(original, name)

        def execute(self, sql: str, *args: object) -> object:
            if sql == "COMMIT":
                raise Boom()
            return original.execute(sql, *args)

    catalog.db.conn = FailingAtCommit()  # type: ignore[assignment]
    try:
        with pytest.raises(Boom):
            catalog.apply_changes(broken)
    finally:
        catalog.db.conn = original
    assert catalog.count() == 10 and catalog.cursor() == "10"
    # none of the failed page's products is there (a search for one may still show the closest of the first page)
    assert catalog.products([f"SKU-{i:05d}" for i in range(10, 20)]) == {}
    assert not any(hit.sku >= "SKU-00010" for hit in catalog.search("item 15").hits)
