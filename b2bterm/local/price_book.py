"""The local price book: the platform's price rules with the time they were synced, and the differences seen between
a locally computed price and the live quote that replaced it.

The rules are one document (accounts, price lists, discounts, schedules) plus one row per SKU (migration 0019): a
book over a million SKUs would be hundreds of MiB parsed, so ``load`` parses the document and the SKUs are read one
at a time when priced (``StoredSkus``). Thread workers only (SQLite).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from b2bterm.domain.models import PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.record import record
from b2bterm.local.db import Database
from b2bterm.local.file_lock import FileLock

if TYPE_CHECKING:  # the pricing rules and their documents load with the book, not with the app's start
    from b2bterm.domain.price_rules import PriceRules, SkuPricing

WRITE_CHUNK = 5000  # SKU rows a transaction writes: searches share the database lock and wait at most this long
SKU_CACHE = 4096  # SKUs kept parsed (a draft's lines, the rows of a screen)


class StoredSkus(Mapping[str, "SkuPricing"]):
    """The book's SKU pricing, read from its rows one SKU at a time and kept in a small cache (thread workers)."""

    def __init__(self, db: Database, gen: int, count: int) -> None:
        self._db = db
        self._gen = gen
        self._cache: OrderedDict[str, SkuPricing | None] = OrderedDict()
        self._lock = threading.Lock()
        self._len = count

    def get(self, sku: object, default: object = None) -> SkuPricing | None:  # type: ignore[override]
        if not isinstance(sku, str):
            return default  # type: ignore[return-value]
        with self._lock:
            if sku in self._cache:
                self._cache.move_to_end(sku)
                found = self._cache[sku]
                return default if found is None else found  # type: ignore[return-value]
        with self._db.lock:
            found = self._read(sku)
        return default if found is None else found  # type: ignore[return-value]

    def _read(self, sku: str) -> SkuPricing | None:
        """``sku``'s row read and kept (the caller holds the database's lock)."""
        row = self._db.conn.execute("SELECT data FROM price_book_sku WHERE gen = ? AND sku = ?",
                                    (self._gen, sku)).fetchone()
        found = sku_from_row(sku, row[0]) if row else None
        with self._lock:
            self._cache[sku] = found
            if len(self._cache) > SKU_CACHE:
                self._cache.popitem(last=False)
        return found

    def cached(self, sku: str) -> bool:
        """Whether ``sku`` is read already: pricing it then touches no SQLite (fine on the event loop)."""
        with self._lock:
            return sku in self._cache

    def forget(self) -> None:
        """The rows read so far forgotten (read again when asked: what a new session's first look at a SKU does)."""
        with self._lock:
            self._cache.clear()

    def read_now(self, sku: str) -> bool:
        """Whether ``sku`` is read without waiting: read already, or its one row read at once (by its key, ~0.1 ms)
        when the database is free - never behind a writer (the lock held elsewhere says no, and a worker reads it):
        the event loop may ask. A model query opened on a product then has its price in its first frame."""
        if self.cached(sku):
            return True
        if not self._db.lock.acquire(blocking=False):
            return False
        try:
            self._read(sku)
        finally:
            self._db.lock.release()
        return True

    def __getitem__(self, sku: str) -> SkuPricing:
        found = self.get(sku)
        if found is None:
            raise KeyError(sku)
        return found

    def __contains__(self, sku: object) -> bool:
        return self.get(sku) is not None

    def __len__(self) -> int:
        return self._len  # as written (the document says): len() is asked on the event loop

    def __iter__(self) -> Iterator[str]:
        with self._db.lock:
            skus = [r[0] for r in self._db.conn.execute("SELECT sku FROM price_book_sku WHERE gen = ? ORDER BY sku",
                                                        (self._gen,))]
        return iter(skus)


@record
class StoredBook:
    rules: PriceRules
    synced_at: datetime
    scope: tuple[str, ...] | None  # None = every account


@record
class PriceDifference:
    account_id: str
    sku: str
    qty: int
    local_net: Money
    live_net: Money
    local_source: PriceSource
    live_source: PriceSource
    synced_at: datetime
    seen_at: datetime


_ROW_FIELDS = ("list_price", "brand", "category", "schedule", "tiers")


_SEP = "\x1f"  # between the fields of a row without tiers (the ASCII unit separator: no text of a price book has it)


_ROW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # (json.dumps with these builds one a call)


def _entry(s: SkuPricing) -> str:
    """A SKU's row: its document entry in ``_ROW_FIELDS`` order, without the SKU (the row's key) and without tiers
    when it has none. A million rows of the keyed entry ({"sku":…,"list_price":…}) were 155 MiB of the profile
    database (issue 18); as JSON arrays about half of that; a row without tiers (most) is its fields joined by
    ``_SEP`` (``146608.00␟HTG␟cable␟0``: 1M rows 60 -> 50 MiB), one with tiers the JSON array. (Built from the
    fields, not through the document's entry: a sync of a million SKUs makes a million of them.)"""
    fields = (str(s.list_price), s.brand, s.category, s.schedule)
    if s.tiers:
        from b2bterm.domain.price_rules_doc import tiers_to_doc

        return _ROW_JSON.encode([*fields, tiers_to_doc(s.tiers)])
    if all(type(v) is str for v in fields) and _SEP not in "".join(fields) and fields[0][:1] not in ("[", "{"):
        return _SEP.join(fields)
    return _ROW_JSON.encode(list(fields))


def sku_from_row(sku: str, data: str) -> SkuPricing:
    """A stored row (``_entry``'s fields or array, or the keyed entry a book written before it holds);
    ``PriceRulesError`` when malformed (as ``load`` treats a document it cannot read)."""
    from b2bterm.domain.price_rules_doc import PriceRulesError, sku_from_doc

    if data[:1] not in ("[", "{"):
        fields = data.split(_SEP)
        if len(fields) != len(_ROW_FIELDS) - 1:
            raise PriceRulesError(f"price book row of {sku}: {len(fields)} fields")
        return sku_from_doc({"sku": sku, **dict(zip(_ROW_FIELDS, fields, strict=False))})
    value = json.loads(data)
    if isinstance(value, list):
        value = {"sku": sku, **dict(zip(_ROW_FIELDS, value, strict=False))}
    return sku_from_doc(value)


def _source_columns(side: str) -> str:
    return ", ".join(f"{side}_{field}" for field in ("kind", "reference", "description", "valid_from", "valid_to"))


def _source_row(source: PriceSource) -> tuple[str, str, str, str | None, str | None]:
    return (source.kind.value, source.reference, source.description,
            source.valid_from.isoformat() if source.valid_from else None,
            source.valid_to.isoformat() if source.valid_to else None)


def _source_from(row: Sequence[object]) -> PriceSource:
    """A stored source; a kind this b2bterm does not know reads as a list price whose reference says what it was."""
    kind, reference, description, valid_from, valid_to = (str(v) if v is not None else None for v in row)
    try:
        known = PriceSourceKind(kind)
    except ValueError:
        known, reference = PriceSourceKind.LIST, " ".join(p for p in (kind, reference) if p)
    return PriceSource(known, reference or "", description or "",
                       date.fromisoformat(valid_from) if valid_from else None,
                       date.fromisoformat(valid_to) if valid_to else None)


def _utc(moment: datetime) -> str:
    return (moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


class BookBusy(Exception):
    """Another writer (another b2bterm, or another sync of this one) is writing the book: ``holder`` is who
    (``host:pid``, "" unknown)."""

    def __init__(self, holder: str) -> None:
        super().__init__(f"the price book is being written by {holder or 'another writer'}")
        self.holder = holder


class BookWriter:
    """A book written as the platform's pages of SKU entries arrive (in SKU order, each page after the last), then
    switched to with its document by ``finish``: a million entries are never held at once. Thread workers.

    One writer at a time, across processes (``PriceBookStore.writer``): from its start (which drops the rows of a
    write that was interrupted) to ``finish`` or ``abandon`` (or ``close``) it holds the book's lock. Two at once
    dropped each other's rows: the app's start-up sync and ``b2bterm sync`` could leave a book missing the SKUs the
    other had written.

    Incremental while few change: each page is compared with the current book's rows in its SKU range (after the
    page before's last SKU, up to its own last; the last page: to the end), and the entries that differ and the SKUs
    gone are kept, to be written with the document in one transaction (a reader sees the old book or the new one,
    never a mix). When more than ``WRITE_CHUNK`` differ (a first sync, a change to many list prices) it writes a new
    book beside the current one in short transactions: the current rows of the ranges compared so far copied, the
    differences applied, each later page written as it comes; ``finish`` switches to it and the old rows go."""

    def __init__(self, store: PriceBookStore, lock: FileLock | _MemoryLock) -> None:
        self.store, self.db, self._lock = store, store.db, lock
        with self.db.lock:
            row = self.db.conn.execute("SELECT gen FROM price_book WHERE id = 1").fetchone()
        self.current: int | None = row[0] if row and row[0] is not None else None
        store._drop_rows(keep=self.current)  # rows of a write that was interrupted
        self.gen: int | None = None if self.current is not None else self._next_gen()  # a new book's, once writing
        self.upserts: dict[str, str] = {}
        self.gone: list[str] = []
        self.last = ""  # the last SKU of the pages so far
        self.count = 0
        self.ended = False

    def add(self, entries: Sequence[SkuPricing], *, final: bool) -> None:
        """The next page (``final``: the last); ``PriceRulesError`` when it is not after the page before in SKU
        order (nothing of the new book is switched to)."""
        from b2bterm.domain.price_rules_doc import PriceRulesError

        if self.ended:
            raise PriceRulesError("price rules: a page of SKUs after the last")
        rows = [(s.sku, _entry(s)) for s in entries]
        if any(b[0] <= a[0] for a, b in pairwise(rows)) or (rows and rows[0][0] <= self.last):
            raise PriceRulesError("price rules: the platform's pages of SKUs are not in SKU order")
        self.count += len(rows)
        self.ended = final
        high = None if final else (rows[-1][0] if rows else self.last)
        if self.gen is None:
            stored = self._stored(self.last, high)
            self.upserts.update((sku, entry) for sku, entry in rows if stored.pop(sku, None) != entry)
            self.gone += stored
            if len(self.upserts) + len(self.gone) > WRITE_CHUNK:
                self._beside(high)
        else:
            for n in range(0, len(rows), WRITE_CHUNK):
                with self.db.transaction() as conn:
                    conn.executemany("INSERT OR REPLACE INTO price_book_sku (gen, sku, data) VALUES (?, ?, ?)",
                                     [(self.gen, sku, entry) for sku, entry in rows[n:n + WRITE_CHUNK]])
        self.last = high or self.last

    def _next_gen(self) -> int:
        """A new book's number: past every row's (a cancelled sync's thread may still have written a page after the
        rows of its book were dropped)."""
        with self.db.lock:
            top = self.db.conn.execute("SELECT max(gen) FROM price_book_sku").fetchone()[0]
        return max(self.current or 0, top or 0) + 1

    def _range(self, low: str, high: str | None) -> tuple[str, tuple[object, ...]]:
        """The current book's rows after ``low`` up to ``high`` (None: to the end): SQL and its parameters."""
        if high is None:
            return "gen = ? AND sku > ?", (self.current, low)
        return "gen = ? AND sku > ? AND sku <= ?", (self.current, low, high)

    def _stored(self, low: str, high: str | None) -> dict[str, str]:
        """The current book's rows after ``low`` up to ``high`` (None: to the end)."""
        where, params = self._range(low, high)
        with self.db.lock:
            return dict(self.db.conn.execute(f"SELECT sku, data FROM price_book_sku WHERE {where}", params).fetchall())

    def _beside(self, high: str | None) -> None:
        """Switch to writing a new book: the current rows up to ``high`` (None: all) copied a chunk per
        transaction, then the differences found so far applied to them."""
        gen, low = self._next_gen(), ""
        while True:
            where, params = self._range(low, high)
            with self.db.transaction() as conn:
                copied = conn.execute(
                    f"INSERT INTO price_book_sku (gen, sku, data) SELECT ?, sku, data FROM price_book_sku WHERE "
                    f"{where} ORDER BY sku LIMIT ?", (gen, *params, WRITE_CHUNK)).rowcount
                low = conn.execute("SELECT max(sku) FROM price_book_sku WHERE gen = ?", (gen,)).fetchone()[0] or ""
            if copied < WRITE_CHUNK:
                break
        with self.db.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO price_book_sku (gen, sku, data) VALUES (?, ?, ?)",
                             [(gen, sku, entry) for sku, entry in self.upserts.items()])
            conn.executemany("DELETE FROM price_book_sku WHERE gen = ? AND sku = ?", [(gen, sku) for sku in self.gone])
        self.gen, self.upserts, self.gone = gen, {}, []

    def finish(self, rules: PriceRules, synced_at: datetime, scope: Sequence[str] | None) -> int:
        """The book (``rules``' document, its SKU entries being the pages) kept; returns how many SKU rows were
        written or removed (every row when a new book was written)."""
        from b2bterm.domain.price_rules_doc import rules_to_doc

        if not self.ended:
            raise ValueError("the price book's last page of SKUs has not come")
        doc = rules_to_doc(rules, with_skus=False) | {"sku_count": self.count}
        head = (json.dumps(None if scope is None else list(scope)),
                json.dumps(doc, ensure_ascii=False, separators=(",", ":")), _utc(synced_at))
        if self.gen is None:
            with self.db.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO price_book_sku (gen, sku, data) VALUES (?, ?, ?)",
                                 [(self.current, sku, entry) for sku, entry in self.upserts.items()])
                conn.executemany("DELETE FROM price_book_sku WHERE gen = ? AND sku = ?",
                                 [(self.current, sku) for sku in self.gone])
                conn.execute("UPDATE price_book SET scope = ?, data = ?, synced_at = ? WHERE id = 1", head)
            self.close()
            return len(self.upserts) + len(self.gone)
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO price_book (id, scope, data, synced_at, gen) VALUES (1, ?, ?, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, data = excluded.data, "
                         "synced_at = excluded.synced_at, gen = excluded.gen", (*head, self.gen))
        self.store._drop_rows(keep=self.gen)
        self.close()
        return self.count

    def abandon(self) -> None:
        """The new book's rows written so far dropped (the current book stays as it was), the lock let go."""
        try:
            if self.gen is not None and self._lock.held:
                self.store._drop_rows(keep=self.current)
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the book's lock (a writer not finished writes no more: the next one drops its rows)."""
        self._lock.release()
        self.ended = True

    def __enter__(self) -> BookWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abandon()  # (after ``finish``: nothing left to drop)


class _MemoryLock:
    """The book's lock for a database in memory (no other process sees it): the store's thread lock, held by one
    writer (``FileLock``'s interface)."""

    def __init__(self, lock: threading.Lock) -> None:
        self._lock, self.held = lock, False

    def acquire(self) -> bool:
        self.held = self.held or self._lock.acquire(blocking=False)
        return self.held

    def release(self) -> None:
        if self.held:
            self.held = False
            self._lock.release()

    def holder(self) -> str:
        return ""


class PriceBookStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._memory_lock = threading.Lock()  # (the writers' of a database in memory)

    def writer(self) -> BookWriter:
        """A new book, written as its SKU pages arrive (thread workers); ``BookBusy`` at once when another writer,
        in this process or another, is writing the book."""
        lock = _MemoryLock(self._memory_lock) if self.db.memory else FileLock(Path(f"{self.db.path}.book-lock"))
        if not lock.acquire():
            raise BookBusy(lock.holder())
        try:
            return BookWriter(self, lock)
        except BaseException:
            lock.release()
            raise

    def _drop_rows(self, keep: int | None) -> None:
        """SKU rows of every book but ``keep``, a chunk per transaction."""
        while True:
            with self.db.transaction() as conn:
                gone = conn.execute(
                    "DELETE FROM price_book_sku WHERE (gen, sku) IN (SELECT gen, sku FROM price_book_sku "
                    "WHERE gen < ?1 OR gen > ?1 LIMIT ?2)", (-1 if keep is None else keep, WRITE_CHUNK)).rowcount
            if gone < WRITE_CHUNK:
                return

    def synced_at(self) -> datetime | None:
        row = self.db.conn.execute("SELECT synced_at FROM price_book WHERE id = 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def load(self) -> StoredBook | None:
        """The stored book, or None when there is none (a document this version cannot read counts as none)."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT scope, data, synced_at, gen FROM price_book WHERE id = 1").fetchone()
        if row is None:
            return None
        from b2bterm.domain.price_rules_doc import rules_from_doc

        try:
            doc = json.loads(row[1])
            rules = rules_from_doc(doc)
            if row[3] is not None:
                rules = replace(rules, skus=StoredSkus(self.db, int(row[3]), int(doc.get("sku_count", 0))))
        except ValueError:
            return None
        scope = json.loads(row[0])
        return StoredBook(rules, datetime.fromisoformat(row[2]), None if scope is None else tuple(scope))

    def record_difference(self, diff: PriceDifference) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                f"INSERT INTO price_book_differences (account_id, sku, qty, local_net, live_net, "
                f"{_source_columns('local')}, {_source_columns('live')}, synced_at, seen_at) "
                f"VALUES ({','.join('?' * 17)})",
                (diff.account_id, diff.sku, diff.qty, json.dumps(diff.local_net.to_json()),
                 json.dumps(diff.live_net.to_json()), *_source_row(diff.local_source), *_source_row(diff.live_source),
                 _utc(diff.synced_at), _utc(diff.seen_at)))

    def differences(self, limit: int = 100) -> list[PriceDifference]:
        rows = self.db.conn.execute(
            f"SELECT account_id, sku, qty, local_net, live_net, {_source_columns('local')}, "
            f"{_source_columns('live')}, synced_at, seen_at FROM price_book_differences "
            "ORDER BY seen_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
        return [PriceDifference(r[0], r[1], int(r[2]), Money.from_json(json.loads(r[3])),
                                Money.from_json(json.loads(r[4])), _source_from(r[5:10]), _source_from(r[10:15]),
                                datetime.fromisoformat(r[15]), datetime.fromisoformat(r[16])) for r in rows]
