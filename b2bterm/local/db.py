"""One SQLite database per profile: WAL, synchronous=FULL, numbered migrations.

Migrations are the files ``local/migrations/NNNN_name.sql``, applied in order, each in its own transaction, and
recorded in ``PRAGMA user_version``. A database newer than this b2bterm refuses to open with a clear message.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from b2bterm.local import health
from b2bterm.local.health import LocalStoreError

BUSY_TIMEOUT = 10.0  # seconds to wait for another program's lock before saying it is locked
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


__all__ = ["Database", "LocalStoreError", "connect", "migrate", "migrations"]


def migrations() -> list[tuple[int, str, str]]:
    """(number, file name, sql) for every shipped migration, in order."""
    return [(number, entry.name, entry.read_text(encoding="utf-8")) for number, entry in _migration_files()]


def _migration_files() -> list[tuple[int, Path]]:
    """(number, file) of every shipped migration, in order, not read (an up-to-date database reads none of them)."""
    folder = Path(__file__).with_name("migrations")  # shipped in the package (no importlib.resources at start)
    found: list[tuple[int, Path]] = []
    for entry in folder.iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry))
    found.sort()
    numbers = [n for n, _ in found]
    if len(set(numbers)) != len(numbers):
        raise LocalStoreError(f"two migrations share a number: {numbers}")
    return found


def connect(path: Path | str, *, check_same_thread: bool = False) -> sqlite3.Connection:
    """Open (creating if needed, folders 0700, files 0600) and migrate the database at ``path``. Any trouble is a
    ``LocalStoreError`` whose message names the file and says what to do."""
    try:
        if str(path) != ":memory:":
            health.private_dir(Path(path).parent)
            health.private_file(Path(path))
        conn = _open(path, check_same_thread)
        if str(path) != ":memory:":
            health.private_file(Path(path))  # the -wal and -shm SQLite just made
    except LocalStoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise LocalStoreError.of(exc, path) from None
    return conn


def _open(path: Path | str, check_same_thread: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=check_same_thread,
                           timeout=BUSY_TIMEOUT)
    conn.row_factory = sqlite3.Row
    # migrations may call it (SQLite has no reverse()): 0006 fills model.rkey
    conn.create_function("b2b_reverse", 1, _reverse, deterministic=True)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    migrate(conn, path)
    return conn


def _reverse(text: object) -> object:
    return text[::-1] if isinstance(text, str) else text


def migrate(conn: sqlite3.Connection, path: Path | str = "") -> int:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    todo = _migration_files()
    latest = todo[-1][0] if todo else 0
    if current > latest:
        raise LocalStoreError(
            f"the local database {path} was written by a newer b2bterm (schema {current}, this one knows {latest}). "
            "Upgrade b2bterm, or move the file away to start a fresh local cache.",
            problem=health.StoreProblem.NEWER, path=path, detail=f"{current}/{latest}",
        )
    for number, entry in todo:
        if number <= current:
            continue
        name, sql = entry.name, entry.read_text(encoding="utf-8")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # executescript would COMMIT first; run statement by statement inside our transaction instead.
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise LocalStoreError(f"migration {name} failed on {path}: {exc}") from exc
    return latest


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping CREATE TRIGGER ... END blocks whole."""
    statements: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


class Database:
    """A connection shared by worker threads, serialised by a lock (SQLite work here is sub-millisecond)."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.memory = str(path) == ":memory:"  # (no file: no other process sees it)
        self.repaired_from: Path | None = None  # set when a damaged file was moved aside and the cache rebuilt
        self.conn = connect(path)
        self.lock = threading.RLock()
        self.on_close: list[Callable[[], None]] = []  # stores that hold files of their own close them here
        if not self.memory:
            health.last_opened = Path(path)
            self._check(Path(path))

    def _check(self, path: Path) -> None:
        """The quick check at start: damage in the cache only is repaired (the user's tables are copied into a
        fresh file, the catalog comes back with the next sync); damage in drafts stops with the way out."""
        try:
            user_ok, whole_ok = health.check(self.conn, path)
        except sqlite3.Error as exc:
            self.conn.close()
            raise LocalStoreError.of(exc, path) from None
        if whole_ok:
            return
        self.conn.close()
        if not user_ok:
            raise LocalStoreError.of(sqlite3.DatabaseError("database disk image is malformed"), path)
        try:
            self.repaired_from = health.salvage(path, connect)
        except (sqlite3.Error, OSError) as exc:
            raise LocalStoreError.of(exc, path) from None
        self.conn = connect(path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction under the lock, committed before the caller's block ends. A failed COMMIT
        (disk full, I/O error) is rolled back too, so the shared connection is never left inside a transaction."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self.lock:
            for closer in self.on_close:
                closer()
            self.on_close.clear()
            self.conn.close()
