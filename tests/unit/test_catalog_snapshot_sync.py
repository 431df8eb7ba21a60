"""A first sync from the platform's catalog snapshot: published once from the demo, downloaded (in process, and over
HTTP from the reference server), then only the changes since its cursor are paged."""

from __future__ import annotations

import asyncio
import shutil
from decimal import Decimal
from pathlib import Path

from b2bterm.domain.money import Money
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.platform.demo.adapter import DemoPlatform
from b2bterm.services.catalog_snapshot import publish_snapshot
from b2bterm.services.catalog_sync import sync_catalog


async def test_first_sync_starts_from_the_snapshot_then_pages_the_changes(demo_platform_file: Path,
                                                                          tmp_path: Path) -> None:
    from b2bterm.platform.http import HttpPlatform
    from b2bterm.server import ServerThread, create_app

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_platform_file, path)
    platform = DemoPlatform(path)
    first = await sync_catalog(platform, LocalCatalog(Database(tmp_path / "paged" / "local.sqlite")))
    assert not first.snapshot and first.upserted > 0  # nothing published yet: pages
    snap = await publish_snapshot(platform, platform.shelf, tmp_path / "work")
    assert snap.total == first.upserted and (await platform.catalog_snapshot(snap.format)) == snap
    sku = (await platform.search_products("contactor", limit=1))[0].sku
    platform.set_price(sku, Money(Decimal("12345.00"), "CNY"))  # changed after the snapshot was built

    local = LocalCatalog(Database(tmp_path / "new" / "local.sqlite"))
    summary = await sync_catalog(platform, local)
    assert summary.snapshot and summary.upserted == 1  # the snapshot, then the one change since
    assert local.count() == snap.total and local.is_complete()
    assert local.product(sku).list_price == Money(Decimal("12345.00"), "CNY")  # type: ignore[union-attr]

    server = ServerThread(create_app(DemoPlatform(path), tokens=["t"]))
    await asyncio.to_thread(server.start)
    client = HttpPlatform(server.url, token="t")
    try:
        remote = LocalCatalog(Database(tmp_path / "http" / "local.sqlite"))
        summary = await sync_catalog(client, remote)
        assert summary.snapshot and remote.count() == snap.total
        assert [h.sku for h in remote.search(sku).hits][:1] == [sku]
    finally:
        await client.aclose()
        await asyncio.to_thread(server.stop)
        await platform.aclose()
