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


async def test_a_rebuild_starts_from_the_snapshot_unless_told_not_to(demo_platform_file: Path,
                                                                      tmp_path: Path) -> None:
    """``b2bterm sync --rebuild`` pulls the whole catalog again: from the platform's snapshot when it offers one (the
    snapshot swapped in, then the changes since it: seconds where a 1M page-by-page build takes minutes), page by
    page with ``--no-snapshot``. Either way the catalog is the platform's again (a product lost locally is back)."""
    from b2bterm.domain.catalog_feed import CatalogChanges

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_platform_file, path)
    platform = DemoPlatform(path)
    local = LocalCatalog(Database(tmp_path / "profile" / "local.sqlite"))
    try:
        first = await sync_catalog(platform, local)
        snap = await publish_snapshot(platform, platform.shelf, tmp_path / "work")
        changed, lost = [p.sku for p in await platform.search_products("contactor", limit=2)]
        platform.set_price(changed, Money(Decimal("12345.00"), "CNY"))  # changed after the snapshot was built
        cursor = local.cursor()
        local.apply_changes(CatalogChanges((), deleted=(lost,), next_cursor=cursor or ""))  # lost here only
        assert local.product(lost) is None and local.count() == first.upserted - 1

        rebuilt = await sync_catalog(platform, local, full=True)
        assert rebuilt.snapshot and rebuilt.upserted == 1  # the snapshot, then the one change since
        assert local.count() == snap.total and local.is_complete() and local.product(lost) is not None
        assert local.product(changed).list_price == Money(Decimal("12345.00"), "CNY")  # type: ignore[union-attr]

        local.apply_changes(CatalogChanges((), deleted=(lost,), next_cursor=local.cursor() or ""))
        paged = await sync_catalog(platform, local, full=True, from_snapshot=False)
        assert not paged.snapshot and paged.upserted == snap.total  # every product paged
        assert local.count() == snap.total and local.product(lost) is not None
    finally:
        await platform.aclose()


def test_b2bterm_sync_rebuild_says_it_came_from_the_snapshot(demo_config, capsys) -> None:  # type: ignore[no-untyped-def]
    """The command as a user runs it: a rebuild from the snapshot says so (and how many products it holds), one with
    ``--no-snapshot`` says how many products it paged."""
    from b2bterm.cli import main

    assert main(["demo", "snapshot", "--path", str(demo_config.profile().options["path"])]) == 0
    capsys.readouterr()
    assert main(["sync", "--rebuild", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Catalog synced from the platform's snapshot (3,000 products), then 0 updated and 0 removed" in out
    assert main(["sync", "--rebuild", "--no-snapshot", "--quiet"]) == 0
    assert "Catalog synced: 3,000 products updated, 0 removed" in capsys.readouterr().out


def test_a_rebuild_whose_changes_do_not_come_says_the_catalog_is_the_snapshots(
        demo_config, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The snapshot goes in before the changes since it: when those do not come, the command says so (not "nothing
    synced"), fails, and the next sync fetches them (the snapshot's cursor is the catalog's)."""
    from b2bterm.cli import main
    from b2bterm.platform.base import PlatformError

    assert main(["demo", "snapshot", "--path", str(demo_config.profile().options["path"])]) == 0
    changes = DemoPlatform.catalog_changes

    async def unreachable(self, cursor, *, limit=1000):  # type: ignore[no-untyped-def]
        raise PlatformError("The platform did not answer.", hint="Check the network.")

    monkeypatch.setattr(DemoPlatform, "catalog_changes", unreachable)
    capsys.readouterr()
    assert main(["sync", "--rebuild", "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "The catalog was rebuilt from the platform's snapshot, but the changes since it did not come: The " \
           "platform did not answer. Check the network. Until they do (b2bterm sync), it is the snapshot's." in err
    assert "Nothing synced" not in err
    assert main(["sync", "--rebuild", "--no-snapshot", "--quiet"]) == 3  # by pages: nothing swapped in
    assert "Nothing synced: The platform did not answer." in capsys.readouterr().err
    monkeypatch.setattr(DemoPlatform, "catalog_changes", changes)
    assert main(["sync", "--quiet"]) == 0
