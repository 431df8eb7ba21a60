"""Full passes built beside the catalog in use, and snapshots installed in its place: mixed into ``LocalCatalog``.

A full pass goes into a new file (``b2bterm.local.catalog_build.CatalogBuild``) and is swapped in when its last page
arrives. A first build (the profile's catalog empty, nothing to search meanwhile) also swaps in previews of what has
arrived so far, as it goes: after its first page, and again each time PREVIEW_GROWTH times as many products are in
(up to PREVIEW_MAX), so that a new terminal finds products within seconds of its first start. A preview is a catalog
file like any other, written from the build's staging file by the same code as the final one (SQLite's work, which
leaves Python's lock to the app's searches), marked incomplete and without a cursor: the pass goes on into the build,
and an interrupted one resumes from its staging file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from b2bterm.local.catalog_file import CatalogHome, catalog_format, check_catalog_file
from b2bterm.local.db import Database

if TYPE_CHECKING:  # the build's module (and logging) load with a build: a search never runs one (b2bterm search)
    from b2bterm.domain.catalog_feed import CatalogChanges
    from b2bterm.domain.models import Product
    from b2bterm.local.catalog_build import CatalogBuild, TextPool

PREVIEW_GROWTH = 4  # a first build's next preview once this many times the products of the last one are in
PREVIEW_MAX = 400_000  # no preview of more staged products than this (its writing costs about a third of the
# final file's; past this the final file comes soon enough)


class CatalogBuilding:
    """Mixed into ``LocalCatalog``: full passes built beside the catalog in use, and snapshots installed in its place.
    Uses its database (``db``, ``_conn``, ``home``) and its caches."""

    db: Database
    home: CatalogHome
    _build: CatalogBuild | None
    _pool: TextPool | None
    _conn: sqlite3.Connection
    _previewed: int | None = None  # a first build's last preview's products (-1: none in this pass; None: not asked)
    preview_seconds: float = 0.0  # spent writing previews (the benchmark reports it)
    previews: bool = True  # False where nobody searches meanwhile (a platform publishing its snapshot)

    _forget: Any  # LocalCatalog's
    _meta: Any  # CatalogWriting's static method (a stub here would come first in LocalCatalog's MRO)

    count: Any  # LocalCatalog's
    def _building(self) -> bool:
        """True while a full pass goes into a new file: a build is under way (or was interrupted and resumes), or
        the catalog is not complete and holds no cursor (a first sync, or the cache was reset)."""
        if self._build is not None:
            return True
        if self.home.memory:
            return False
        with self.db.lock:
            conn = self._conn
            complete = self._meta(conn, "complete") == "1"
            cursor = self._meta(conn, "cursor")
        stages = sorted(self.home.folder.glob(f"{self.home.stem}.catalog-*.sqlite.stage"))
        if complete:
            for stage in stages:  # left by a build that another process finished, or by an older format
                stage.unlink(missing_ok=True)
            return False
        if stages:
            self._build = _new_build(stages[-1].with_suffix(""))
            return True
        if cursor is None:
            self._build = _new_build(self.home.path(self.home.next_name()))
            return True
        return False

    def _apply_to_build(self, changes: CatalogChanges, products: Sequence[Product]) -> None:
        """One page of a full pass into the build; the last one finishes it and swaps the new file in."""
        build = self._build
        assert build is not None
        from b2bterm.local.catalog_build import prepare, text_pool

        try:
            if self._pool is None and not changes.done:
                self._pool = text_pool(changes.total, first=self._first_build())
            rows = self._pool.prepare(products) if self._pool is not None else prepare(products)
            build.add(changes, rows)
            if not changes.done:
                self._maybe_preview(build)
                return
            self._close_pool()
            build.finish()
        except BaseException:
            self._close_pool()
            build.close()
            self._build = None
            self._previewed = None
            raise
        self._build = None
        self._previewed = None
        with self.db.lock:
            self.home.swap(build.path.name)
            self._forget()

    def arriving(self) -> bool:
        """True while the catalog in use has never been complete and no pass stored a cursor in it: empty, or a
        first build's preview (under way, or interrupted and resumed by the next sync)."""
        with self.db.lock:
            conn = self._conn
            return self._meta(conn, "complete") != "1" and self._meta(conn, "cursor") is None

    def _first_build(self) -> bool:
        """True while a pass fills a catalog that has never been complete (nothing else to search meanwhile); False
        for a rebuild, whose old catalog answers until the swap."""
        if self._previewed is None:
            if not self.previews:
                self._previewed = -1
                return False
            with self.db.lock:
                self._previewed = 0 if self._meta(self._conn, "complete") != "1" else -1
        return self._previewed >= 0

    def _maybe_preview(self, build: CatalogBuild) -> None:
        """During a first build (the catalog in use is empty, or a preview), swap in a preview of what is in when
        enough more has arrived since the last one (see the module's text). A failed preview is only logged: the
        build goes on, and so do the searches on what was there."""
        if not self._first_build():
            return
        staged = build.count
        if self._previewed is None or staged > PREVIEW_MAX or staged < max(1, self._previewed * PREVIEW_GROWTH):
            return
        name = self.home.next_name()
        path = self.home.path(name)
        started = time.perf_counter()
        try:
            self._previewed = build.preview(path)
        except (sqlite3.Error, OSError) as exc:
            import logging

            logging.getLogger("b2bterm.catalog").warning(
                "catalog preview not written (%s): searches wait for the whole catalog", exc)
            path.unlink(missing_ok=True)
            self._previewed = -1
            return
        with self.db.lock:
            self.home.swap(name)
            self._forget()
        self.preview_seconds += time.perf_counter() - started

    def start_full_pass(self) -> None:
        """Pull the whole catalog again into a new file (``b2bterm sync --rebuild``); the current one stays searched
        until the new one is swapped in. Without a file of its own (an in-memory profile) it is emptied first."""
        if self._build is not None:
            return
        if self.home.memory:
            with self.db.lock:
                self.home.reset()
                self._forget()
            return
        self._build = _new_build(self.home.path(self.home.next_name()))

    # --- snapshots: a prebuilt catalog from the platform (b2bterm.services.catalog_snapshot) ---------------------

    def snapshot_format(self) -> str:
        """The only snapshot format this catalog takes (schema, index text, attribute facts)."""
        return catalog_format()

    def wants_snapshot(self, *, again: bool = False) -> bool:
        """True when the next sync is a first full pass that a downloaded snapshot can replace; with ``again``
        (``b2bterm sync --rebuild``) whatever the catalog holds (a snapshot replaces it as a first pass would)."""
        if self.home.memory or self._build is not None:
            return False
        if again:
            return True
        with self.db.lock:
            conn = self._conn
            return self._meta(conn, "complete") != "1" and self._meta(conn, "cursor") is None

    def snapshot_target(self) -> Path:
        """Where a snapshot is downloaded (beside the catalog files; a leftover one is replaced)."""
        return self.home.path(self.home.next_name() + ".download")

    def install_snapshot(self, path: Path) -> str | None:
        """Check the downloaded file and swap it in as the catalog; None when done, else why not (the file is
        removed and the sync pages instead)."""
        problem = check_catalog_file(path)
        if problem is not None:
            path.unlink(missing_ok=True)
            return problem
        name = path.name.removesuffix(".download")
        os.replace(path, self.home.path(name))
        with self.db.lock:
            self.home.swap(name)
            self._forget()
        return None

    def snapshot_file(self) -> tuple[Path, str, str, int]:
        """(file, format, cursor, products) of this complete catalog, its WAL folded in: what a platform publishes."""
        with self.db.lock:
            conn = self._conn
            if self._meta(conn, "complete") != "1":
                raise ValueError("the catalog is not complete")
            conn.execute("PRAGMA catalog.wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA catalog.journal_mode=DELETE")
            row = (self.home.path(self.home.current or ""), catalog_format(), self._meta(conn, "cursor") or "",
                   int(conn.execute("SELECT count(*) FROM product").fetchone()[0]))
        return row

    def _close_build(self) -> None:
        """Let go of a build under way (it resumes from its staging file next time)."""
        self._close_pool()
        if self._build is not None:
            self._build.close()
            self._build = None
        self._previewed = None

    def _close_pool(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def received(self) -> int:
        """Products received so far in the current pass: those of a build under way, else the catalog's."""
        if self._building() and self._build is not None:
            return self._build.count
        return self.count()


def _new_build(path: Path) -> CatalogBuild:
    from b2bterm.local.catalog_build import CatalogBuild

    return CatalogBuild(path)
