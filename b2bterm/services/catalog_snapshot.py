"""Catalog snapshots, the platform side: ``publish_snapshot`` builds, from a platform's own catalog_changes and with
the local store's full build, the file every terminal starts from, and puts it on a shelf
(``b2bterm.platform.snapshots``): the reference server and the demo offer what is on theirs. (The terminal side is
``b2bterm.services.catalog_sync.start_from_snapshot``.)
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from b2bterm.domain.catalog_feed import CatalogSnapshot
from b2bterm.platform.snapshots import SnapshotShelf
from b2bterm.services.catalog_sync import sync_catalog


async def publish_snapshot(platform: Any, shelf: SnapshotShelf, workdir: Path) -> CatalogSnapshot:
    """Build the platform's whole catalog as a local catalog file (the full build every terminal would run) and put
    it on ``shelf``. ``workdir`` holds the scratch profile while it builds."""
    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.local.db import Database

    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.glob("publish*"):
        old.unlink()
    db = Database(workdir / "publish.sqlite")
    try:
        catalog = LocalCatalog(db)
        catalog.previews = False  # nobody searches this build while it runs
        await sync_catalog(platform, catalog, page_size=5000)
        path, fmt, cursor, total = await asyncio.to_thread(catalog.snapshot_file)
        db.conn.execute("DETACH DATABASE catalog")
        return await asyncio.to_thread(shelf.put, path, fmt=fmt, cursor=cursor, total=total)
    finally:
        db.close()
