"""The order list as SQLite filters and sorts it, read a page at a time as it is shown.

A history of 20,000 orders opens with a count and the first page; a row further down is read (a page around it) the
first time the list draws it. The pages are read through a read-only connection of their own, so a list that scrolls
on the UI thread never waits behind the profile's shared connection (a catalog sync, an order page being written):
in WAL mode a reader is not blocked by a writer. A database in memory (tests) has no second connection: its pages are
read through the shared one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, overload

from b2bterm.local.db import Database

PAGE = 100  # rows read at a time (a tall terminal shows 60)

Decode = Callable[[Any], Any]


class Reader:
    """A read-only connection to a profile's database, opened on first use and closed with the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._shared = db.memory

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self.snapshot() as run:
            return run(sql, params)

    @contextmanager
    def snapshot(self) -> Iterator[Callable[[str, Sequence[object]], list[Any]]]:
        """Queries read from one snapshot of the database (a page and the count of its list)."""
        if self._shared:
            with self.db.lock:  # writes take this lock too
                yield lambda sql, params: self.db.conn.execute(sql, params).fetchall()
            return
        with self._lock:
            if self._conn is None:
                self._conn = self._open()
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield lambda sql, params: conn.execute(sql, params).fetchall()
            finally:
                conn.execute("COMMIT")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{Path(self.db.path).as_posix()}?mode=ro", uri=True, check_same_thread=False,
                               isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only=ON")
        self.db.on_close.append(self.close)
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class OrderWindow(Sequence[Any]):
    """Rows in the database's order (``read(offset, limit)`` returns them), ``count`` of them; each page is read the
    first time one of its rows is, each row decoded the first time it is read. Iterating reads them all in one
    query; a slice reads its range in one query."""

    __slots__ = ("_count", "_decode", "_decoded", "_pages", "_read")

    def __init__(self, read: Callable[[int, int], list[Any]], count: int, decode: Decode,
                 first: list[Any] | None = None) -> None:
        self._read = read
        self._count = count
        self._decode = decode
        self._pages: dict[int, list[Any]] = {}
        self._decoded: dict[int, Any] = {}
        if first is not None:
            self._pages[0] = first

    def __len__(self) -> int:
        return self._count

    def raw(self, index: int) -> Any:
        """The row as read (not decoded); None when the cache no longer has that many rows (it shrank since it was
        counted: the list is read again when it is reloaded)."""
        page, at = divmod(index, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            rows = self._pages[page] = self._read(page * PAGE, PAGE)
        return rows[at] if at < len(rows) else None

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            if stop <= start:
                return []
            return [self._decode(r) for r in self._read(start, stop - start)]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        found = self._decoded.get(index)
        if found is None:
            row = self.raw(index)
            if row is None:
                raise IndexError(index)
            found = self._decoded[index] = self._decode(row)
        return found

    def __iter__(self) -> Iterator[Any]:
        return iter(self[:])

    @property
    def numbers(self) -> Keys:
        """The rows' keys (order numbers), read as they are asked for, without decoding a row."""
        return Keys(self)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OrderWindow({self._count} rows, {len(self._pages)} pages read)"


class Keys(Sequence[str]):
    """The order numbers of a window, in its order."""

    __slots__ = ("_window",)

    def __init__(self, window: OrderWindow) -> None:
        self._window = window

    def __len__(self) -> int:
        return len(self._window)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        row = self._window.raw(index)
        return "" if row is None else str(row["number"])

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]
