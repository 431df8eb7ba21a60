"""Pull the platform's catalog into the local cache, page by page, in the background.

A first full pass starts from the platform's catalog snapshot when it offers one in the local format
(``start_from_snapshot``: one download, checked, swapped in; then only the changes since its cursor). Anything wrong
with it (none offered, a failed or damaged download) and the sync pages as before.

Each page is written in its own transaction together with the cursor that follows it (``LocalCatalog.apply_changes``),
in a thread (``asyncio.to_thread``) so the event loop stays free. An interrupted sync (network error, cancellation,
the app closed) resumes from the last stored cursor the next time it runs. ``sync_profile_catalog`` is what the desk
runs: the pages come through the gateway (its timeout, its connectivity).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from b2bterm.domain.catalog_feed import CatalogChanges, CatalogSnapshot
from b2bterm.domain.record import record
from b2bterm.platform.base import N_, Capability, ErrorCode, Offline, PlatformError
from b2bterm.services.gateway import Gateway

ProgressCallback = Callable[[int, int | None], None]
log = logging.getLogger("b2bterm.sync")


class ChangeSource(Protocol):
    """Where the pages come from: the gateway, or any platform."""

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges: ...


class CatalogWriter(Protocol):
    """What the sync needs from the local store (b2bterm.local.catalog.LocalCatalog provides it)."""

    def cursor(self) -> str | None: ...

    def is_complete(self) -> bool: ...

    def count(self) -> int: ...

    def received(self) -> int: ...

    def apply_changes(self, changes: CatalogChanges) -> None: ...

    def start_full_pass(self) -> None: ...


@record
class SyncSummary:
    pages: int
    upserted: int
    deleted: int
    total: int | None  # catalog size the platform reported
    cursor: str | None  # the cursor stored at the end
    resumed: bool  # True when this run continued an interrupted full build
    seconds: float
    snapshot: bool = False  # True when it started from the platform's catalog snapshot


class SnapshotWriter(Protocol):
    """What a snapshot needs from the local store (b2bterm.local.catalog.LocalCatalog provides it)."""

    def wants_snapshot(self, *, again: bool = False) -> bool: ...

    def snapshot_format(self) -> str: ...

    def snapshot_target(self) -> Path: ...

    def install_snapshot(self, path: Path) -> str | None: ...


async def start_from_snapshot(source: Any, writer: Any, *, again: bool = False) -> CatalogSnapshot | None:
    """Install the platform's snapshot when this is a first full pass (or, ``again``, a rebuild) and one is offered;
    the snapshot installed, or None (the sync then pages from the start)."""
    caps = getattr(source, "capabilities", Capability(0))
    if not caps & Capability.CATALOG_SNAPSHOT or not callable(getattr(writer, "wants_snapshot", None)):
        return None
    if not await asyncio.to_thread(writer.wants_snapshot, again=again):
        return None
    try:
        offer = await source.catalog_snapshot(writer.snapshot_format())
        if offer is None:
            return None
        target = await asyncio.to_thread(writer.snapshot_target)
        await source.fetch_catalog_snapshot(offer, target)
    except PlatformError as exc:
        log.warning("catalog snapshot not used (%s): paging instead", exc.message)
        return None
    problem = await asyncio.to_thread(writer.install_snapshot, target)
    if problem is not None:
        log.warning("catalog snapshot refused (%s): paging instead", problem)
        return None
    return offer


async def sync_catalog(
    platform: ChangeSource,
    catalog_writer: CatalogWriter,
    *,
    on_progress: ProgressCallback | None = None,
    page_size: int = 5000,
    max_pages: int | None = None,
    full: bool = False,
    from_snapshot: bool = True,
) -> SyncSummary:
    """Pull catalog pages from the stored cursor until the platform says done (or ``max_pages`` were pulled).

    ``on_progress(done, total)`` is called after each stored page: ``done`` counts products received so far in the
    current pass (including those stored before an interruption), ``total`` is the platform's catalog size if known.
    Platform errors propagate; everything stored before them stays stored. ``full`` pulls the whole catalog again:
    the platform's snapshot when it offers one (swapped in, then the changes since it), else page by page (the local
    store builds it beside the one in use and swaps it in at the end). Without ``from_snapshot``, page by page always
    (``b2bterm sync --no-snapshot``: when the snapshot itself is in doubt).
    """
    started = time.monotonic()
    snapshot = await start_from_snapshot(platform, catalog_writer, again=full) if from_snapshot else None
    if full and snapshot is None:
        await asyncio.to_thread(catalog_writer.start_full_pass)
    if snapshot is not None and on_progress is not None:
        on_progress(snapshot.total, snapshot.total)
    cursor, complete = await asyncio.to_thread(lambda: (catalog_writer.cursor(), catalog_writer.is_complete()))
    resumed = cursor is not None and not complete
    done = await asyncio.to_thread(catalog_writer.received) if resumed else 0
    pages = upserted = deleted = 0
    total: int | None = snapshot.total if snapshot is not None else None  # (the pages' own count, when they say it)
    # The next page is fetched while this one is written (the write releases the GIL inside SQLite); a failed fetch
    # surfaces only after the pages before it are stored, and a failed write drops the page fetched ahead.
    ahead = asyncio.ensure_future(platform.catalog_changes(cursor, limit=page_size))
    try:
        while True:
            changes = await ahead
            stalled = changes.next_cursor in ("", cursor) and not changes.products and not changes.deleted
            last = changes.done or stalled or (max_pages is not None and pages + 1 >= max_pages)
            if not last:
                ahead = asyncio.ensure_future(platform.catalog_changes(changes.next_cursor or cursor, limit=page_size))
            await asyncio.to_thread(catalog_writer.apply_changes, changes)
            pages += 1
            upserted += len(changes.products)
            deleted += len(changes.deleted)
            done += len(changes.products)
            if changes.total is not None:
                total = changes.total
            if on_progress is not None:
                on_progress(done, total)
            cursor = changes.next_cursor or cursor
            if last:
                break
    finally:
        if not ahead.done():
            ahead.cancel()
        elif not ahead.cancelled():
            ahead.exception()  # retrieved: a write failed first, and that error is the one that propagates
    return SyncSummary(pages=pages, upserted=upserted, deleted=deleted, total=total, cursor=cursor,
                       resumed=resumed, seconds=time.monotonic() - started, snapshot=snapshot is not None)


async def sync_profile_catalog(gateway: Gateway, catalog_writer: CatalogWriter,
                               on_progress: ProgressCallback | None = None, *, full: bool = False,
                               from_snapshot: bool = True) -> SyncSummary:
    """The profile's catalog brought up to date through the gateway; refused while the user works offline."""
    if not gateway.may_call_platform:
        raise Offline("Working offline.", hint=N_("Switch back online to sync the catalog."),
                      code=ErrorCode.WORKING_OFFLINE)
    return await sync_catalog(gateway, catalog_writer, on_progress=on_progress, full=full,
                              from_snapshot=from_snapshot)
