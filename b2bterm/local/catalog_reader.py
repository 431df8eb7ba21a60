"""Searches on connections of their own, so that a keystroke never waits for the profile database's lock.

The profile's connection (``Database.conn``) is shared by every store and serialised by one lock: a page of the
start-up sync being written, the prices of the rows on screen being cached, a draft saved. A search that found it
taken stepped aside to a worker, which then waited behind it; and the facet count of the last key (a SQL count over
every product a broad query matches: 60-240 ms at 1M) held that same lock while the next key was typed. Those were
the slow keys of the terminal benchmark at 1M.

With WAL, a reader never waits for the writer (it reads the last committed state) and the writer never waits for a
reader. A ``CatalogReader`` is a second connection to the profile database, read-only (``query_only``), with the
current catalog file attached as ``catalog`` (the name the profile database points to, followed after a swap: a full
build or a snapshot installed by this process or another), and a lock of its own. The search screen's keystroke
searches on one; its worker searches and facet counts on another, where a newer keystroke interrupts them (``stop``,
SQLite's progress handler), so a stale count gives the core and the connection back at once.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from b2bterm.domain.facets import Facet, facets_from_counts
from b2bterm.domain.search_query import SearchResult, parse_query
from b2bterm.local.catalog_file import ALIAS, CatalogHome, register_functions
from b2bterm.local.db import BUSY_TIMEOUT, Database
from b2bterm.local.facet_counts import count_values

if TYPE_CHECKING:
    from b2bterm.domain.understand import Lexicon, Understanding

PROGRESS_STEPS = 1000  # SQLite steps between two calls of ``stop`` (about 0.1 ms of its work)


class Interrupted(Exception):
    """A read stopped by its ``stop`` (a budget spent, a newer keystroke)."""


@contextmanager
def interruptible(conn: sqlite3.Connection, stop: Callable[[], bool] | None) -> Iterator[None]:
    """SQLite calls ``stop`` every PROGRESS_STEPS steps of the block's statements; a true answer interrupts the
    statement, and ``Interrupted`` is raised out of the block (the connection is left as it was)."""
    if stop is None:
        yield
        return
    conn.set_progress_handler(stop, PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise Interrupted from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


class CatalogReader:
    """A read-only connection to the profile database ``path`` with its current catalog file attached."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.resolve().parent
        self.lock = threading.RLock()
        self.current: str | None = None  # the catalog file attached
        self._version: int | None = None
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT)
        self.conn.row_factory = sqlite3.Row
        register_functions(self.conn)
        self.conn.execute("PRAGMA query_only=1")

    def refresh(self) -> bool:
        """Attach the catalog file the profile database points to, when it is not the one attached (a first use, or
        a swap since). True when it changed. Lock held."""
        version = self.conn.execute("PRAGMA main.data_version").fetchone()[0]
        if version == self._version and self.current is not None:
            return False
        self._version = version
        row = self.conn.execute("SELECT value FROM main.catalog_home WHERE key='file'").fetchone()
        name = row[0] if row else None
        if name is None or name == self.current or not (self.folder / name).is_file():
            return False
        if self.current is not None:
            self.conn.execute(f"DETACH DATABASE {ALIAS}")
            self.current = None
        self.conn.execute(f"ATTACH DATABASE ? AS {ALIAS}", (str(self.folder / name),))
        self.current = name
        return True

    @contextmanager
    def use(self, *, wait: bool, stop: Callable[[], bool] | None = None) -> Iterator[sqlite3.Connection | None]:
        """The connection for a block of reads, the lock held (see ``interruptible`` for ``stop``); None when
        ``wait`` is False and another thread reads on it, or when no catalog file can be attached."""
        if not self.lock.acquire(blocking=wait):
            yield None
            return
        try:
            self.refresh()
            if self.current is None:
                yield None
                return
            with interruptible(self.conn, stop):
                yield self.conn
        finally:
            self.lock.release()

    def close(self) -> None:
        with self.lock, suppress(sqlite3.Error):
            self.conn.close()


class CatalogReading:
    """Mixed into ``LocalCatalog``: its searches on readers of their own. Uses its database, catalog home, caches and
    ``search``."""

    db: Database
    home: CatalogHome
    _lexicon: Lexicon | None
    _exprs: dict[str, str]
    _conn: sqlite3.Connection

    if TYPE_CHECKING:  # LocalCatalog's
        def _forget(self) -> None: ...
        def search(self, query: str, *, account_id: str | None = None, limit: int = 50, count: bool = False,
                   understood: Understanding | None = None) -> SearchResult: ...

    def __init__(self) -> None:
        self._readers: dict[str, CatalogReader] = {}
        self._opening = threading.Lock()  # two threads never open the same reader twice
        self._reading = threading.local()  # .conn, .file: the reader this thread searches on, inside ``_read``
        self._cached_for: str | None = None  # the catalog file the caches (lexicon, common words, ...) were made for

    def _caches_for(self, name: str | None) -> None:
        """Forget the caches when they were made for another catalog file than ``name`` (the one about to be read:
        a reader may notice a swap before the profile's connection does, or after)."""
        if name != self._cached_for:
            self._forget()
            self._cached_for = name

    def _file(self) -> str:
        """The catalog file ``_conn`` reads."""
        return getattr(self._reading, "file", None) or self.home.current or ""

    def _held(self) -> Any:
        """The profile database's lock, unless this thread reads on a reader of its own (``_read``)."""
        return nullcontext() if getattr(self._reading, "conn", None) is not None else self.db.lock

    @contextmanager
    def _read(self, which: str, *, wait: bool = True, stop: Callable[[], bool] | None = None) -> Iterator[bool]:
        """This thread's searches inside the block read on the reader ``which`` ("now": the keystroke's; "work":
        workers'), never waiting for the profile database's lock. Yields False when that reader is busy and
        ``wait`` is False. A profile in memory (tests) has no reader: the block takes the database's lock, as
        before. ``stop`` interrupts the reads (``Interrupted``)."""
        if self.home.memory:
            if not self.db.lock.acquire(blocking=wait):
                yield False
                return
            try:
                self._reading.conn, self._reading.file = self.db.conn, self.home.current
                with interruptible(self.db.conn, stop):
                    yield True
            finally:
                self._reading.conn = self._reading.file = None
                self.db.lock.release()
            return
        reader = self._readers.get(which)
        if reader is None:
            with self._opening:
                reader = self._readers.get(which) or self._readers.setdefault(which, CatalogReader(Path(self.db.path)))
        with reader.use(wait=wait, stop=stop) as conn:
            if conn is None:
                yield False
                return
            self._caches_for(reader.current)
            self._reading.conn, self._reading.file = conn, reader.current
            try:
                yield True
            finally:
                self._reading.conn = self._reading.file = None

    def _close_readers(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()

    def search_now(self, query: str, *, account_id: str | None = None, limit: int = 50,
                   budget_ms: float = 20.0) -> SearchResult | None:
        """``search`` on the calling thread (the UI's: its results are painted in the keystroke's own frame), on a
        reader of its own (never waiting for the profile database's lock), or None at once when SQLite has worked
        ``budget_ms`` of CPU time without finishing (interrupted) or the reader is busy: the caller then searches in
        a worker (``search_reading``)."""
        if self._lexicon is None:
            return None  # its first build is Python work a clock cannot stop: a worker's
        # the budget is this thread's CPU time: on a busy machine the wall clock also counts the time it waited for
        # a core, which a worker would wait as well
        deadline = time.thread_time() + budget_ms / 1000
        try:
            with self._read("now", wait=False, stop=lambda: time.thread_time() > deadline) as free:
                return self.search(query, account_id=account_id, limit=limit) if free else None
        except Interrupted:
            return None

    def search_reading(self, query: str, *, account_id: str | None = None, limit: int = 50,
                       stop: Callable[[], bool] | None = None) -> SearchResult | None:
        """``search`` in a worker, on the workers' reader (never waiting for the profile database's lock); None when
        ``stop`` said so (a newer keystroke: the search stops at once instead of finishing for nobody)."""
        try:
            with self._read("work", stop=stop):
                return self.search(query, account_id=account_id, limit=limit)
        except Interrupted:
            return None

    def facets(self, query: str, *, account_id: str | None = None, stop: Callable[[], bool] | None = None
               ) -> tuple[list[Facet], int, bool] | None:
        """The facets of everything ``query`` matches, counted in SQL (b2bterm.local.facet_counts): (facets,
        products counted, True when more matched than were counted). Reuses the expression of the search just
        run for the same query. On the workers' reader; None when ``stop`` said so (the count at 1M takes up to a
        few hundred ms: a newer keystroke stops it at once)."""
        text = parse_query(query if isinstance(query, str) else "").text
        try:
            with self._read("work", stop=stop):
                if text not in self._exprs:
                    self.search(query, account_id=account_id, limit=200)
                total, brands, by_name, capped = count_values(self._conn, self._exprs.get(text, ""))
        except Interrupted:
            return None
        return facets_from_counts(total, brands, by_name), total, capped

