"""Local storage in bad luck: one error path, private files, a quick check at start, and a way out that loses nothing.

- ``explain`` turns any SQLite or OS error about the database into one line naming the file and what to do
  (read-only, disk full, locked by another program, damaged, a data folder that is a file).
- ``private_dir`` / ``private_file``: folders 0700, the database and its -wal/-shm 0600 (contract prices, customers
  and orders are in there).
- ``check`` at start: what the user typed (drafts and their lines, the outbox, lists, watched orders) is checked
  every time (about a millisecond); the whole file at most once a day, and always after damage was seen.
- ``salvage``: when only the cache is damaged, the user's tables are copied into a fresh database and the damaged
  file is kept beside it (``local.sqlite.damaged-…``): the catalog cache is rebuilt by the next sync.
- ``export_user_data`` reads whatever drafts and outbox rows can still be read into a JSON file (0600), before
  ``reset`` moves the damaged file aside. Nothing is ever deleted.
"""

from __future__ import annotations

import enum
import json
import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from b2bterm import clock

last_opened: Path | None = None  # the database this process opened last (the CLI names it in an error)
USER_TABLES = ("drafts", "draft_lines", "req_lists", "req_list_lines", "order_watch")
FULL_CHECK_EVERY = 24 * 3600.0
STAMP_SUFFIX = ".checked"  # a sidecar holding when the last full check passed; removed when damage is seen


class StoreProblem(enum.StrEnum):
    """What is wrong with the local database (the UI and the CLI word it with the file's path)."""

    FOLDER_IS_FILE = "folder_is_file"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"
    LOCKED = "locked"
    DAMAGED = "damaged"
    CANNOT_OPEN = "cannot_open"
    FAILED = "failed"  # anything else: ``detail`` says what
    NEWER = "newer"  # written by a newer b2bterm: ``detail`` is "its schema/this one's"


class LocalStoreError(Exception):
    """The local database cannot be used; the message names the file and says what to do (English, for logs);
    ``problem``, ``path`` and ``detail`` say it as data, when it is a problem of the file itself."""

    def __init__(self, message: str, *, problem: StoreProblem | None = None, path: Path | str = "",
                 detail: str = "") -> None:
        super().__init__(message)
        self.problem, self.path, self.detail = problem, str(path), detail

    @classmethod
    def of(cls, exc: BaseException, path: Path | str) -> LocalStoreError:
        return cls(explain(exc, path), problem=classify(exc), path=path, detail=str(exc))


def classify(exc: BaseException) -> StoreProblem:
    text = str(exc).lower()
    if isinstance(exc, FileExistsError | NotADirectoryError) or "not a directory" in text:
        return StoreProblem.FOLDER_IS_FILE
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text or "permission denied" in text:
        return StoreProblem.READ_ONLY
    if "disk is full" in text or "no space" in text or getattr(exc, "errno", None) == 28:
        return StoreProblem.DISK_FULL
    if "locked" in text or "busy" in text:
        return StoreProblem.LOCKED
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreProblem.DAMAGED
    if "unable to open" in text:
        return StoreProblem.CANNOT_OPEN
    return StoreProblem.FAILED


def explain(exc: BaseException, path: Path | str) -> str:
    """One line for an error about the database at ``path``: what happened and what to do. Nothing is lost.
    (English, for logs: ``classify`` gives the problem as data.)"""
    where = str(path)
    return {
        StoreProblem.FOLDER_IS_FILE: f"the data folder for {where} is a file, not a folder: move that file away, or "
                                     "set B2BTERM_DATA_DIR to another folder.",
        StoreProblem.READ_ONLY: f"cannot write {where} (the folder or the file is read-only): make it writable for "
                                "this user, or set B2BTERM_DATA_DIR to a folder you can write.",
        StoreProblem.DISK_FULL: f"the disk holding {where} is full: free some space and try again. Nothing was lost.",
        StoreProblem.LOCKED: f"{where} is locked by another program (another b2bterm, a backup, a database browser): "
                             "close it and try again.",
        StoreProblem.DAMAGED: f"{where} is damaged. Save the drafts and the outbox first: b2bterm local export "
                              "drafts.json; then b2bterm local reset (the damaged file is kept beside the new one; "
                              "nothing is deleted).",
        StoreProblem.CANNOT_OPEN: f"cannot open {where}: check that its folder exists and is writable, or set "
                                  "B2BTERM_DATA_DIR to another folder.",
        StoreProblem.FAILED: f"the local database {where} failed ({exc}). Nothing was lost; try again, and tell "
                             "support if it stays.",
    }[classify(exc)]


def is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text)


def private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) 0700, and tighten it if it exists and is ours."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for part in reversed(missing):
        part.mkdir(mode=0o700, exist_ok=True)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a directory")
    _tighten(folder, 0o700)


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & ~mode:
            path.chmod(mode)
    except (OSError, AttributeError):
        pass


def private_file(path: Path) -> None:
    """The database and its -wal/-shm are 0600: created so before SQLite opens them, tightened if they exist."""
    if not path.exists():
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        os.close(fd)
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists():
            _tighten(candidate, 0o600)


def _stamp(path: Path) -> Path:
    return Path(f"{path}{STAMP_SUFFIX}")


def forget_check(path: Path | str) -> None:
    """Damage was seen while working: check the whole file at the next start."""
    try:
        _stamp(Path(path)).unlink(missing_ok=True)
    except OSError:
        pass


def check_due(path: Path) -> bool:
    """The whole file's daily check is due: its stamp (when it was last found sound, the product's clock) is
    missing, unreadable or older than FULL_CHECK_EVERY."""
    try:
        # (read as UTF-8, which every start has loaded: the ASCII codec cost every command ~0.25 ms to load; a
        # stamp that is not an ISO time fails to parse either way)
        last = datetime.fromisoformat(_stamp(path).read_text(encoding="utf-8").strip())
        return not 0 <= (clock.now() - last).total_seconds() <= FULL_CHECK_EVERY
    except (OSError, ValueError, TypeError):
        return True


def check(conn: sqlite3.Connection, path: Path) -> tuple[bool, bool]:
    """(user tables sound, whole file sound). The whole file is read only when its daily check is due."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    user_ok = all(_sound(conn, f"PRAGMA quick_check({t})") for t in USER_TABLES if t in tables)
    stamp = _stamp(path)
    if not check_due(path):
        return user_ok, True
    whole_ok = user_ok and _sound(conn, "PRAGMA quick_check")
    if whole_ok:
        try:
            fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(clock.now().isoformat())
        except OSError:
            pass
    return user_ok, whole_ok


def _sound(conn: sqlite3.Connection, pragma: str) -> bool:
    try:
        rows = [str(r[0]) for r in conn.execute(pragma).fetchall()]
    except sqlite3.DatabaseError:
        return False
    # SQLite 3.40 reports "NULL value in t.c" for NOT NULL columns of WITHOUT ROWID tables that hold no NULL (a
    # known false report, fixed later); a constraint note is not damage to the file in any case.
    return all(row == "ok" or row.startswith("NULL value in ") for row in rows)


def aside(path: Path) -> Path:
    """Move the damaged database (and its -wal/-shm) beside itself; return where it went."""
    when = clock.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{when}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{when}-{n}")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            side.rename(Path(f"{target}{suffix}"))
    path.rename(target)
    forget_check(path)
    return target


def salvage(path: Path, fresh: Any) -> Path:
    """Only the cache is damaged: move the file aside, open a fresh one with ``fresh(path)`` (migrated), and copy
    the user's tables over. Returns where the damaged file went."""
    damaged = aside(path)
    conn: sqlite3.Connection = fresh(path)
    conn.execute("ATTACH DATABASE ? AS old", (str(damaged),))
    try:
        conn.execute("BEGIN IMMEDIATE")
        old_tables = {r[0] for r in conn.execute("SELECT name FROM old.sqlite_master WHERE type='table'")}
        for table in USER_TABLES:
            if table in old_tables:
                cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
                old_cols = {r[1] for r in conn.execute(f"PRAGMA old.table_info({table})")}
                shared = ", ".join(c for c in cols if c in old_cols)
                conn.execute(f"INSERT INTO main.{table} ({shared}) SELECT {shared} FROM old.{table}")
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE old")
    return damaged


def export_user_data(path: Path, out: Path) -> dict[str, int]:
    """Whatever rows of the user's tables can still be read, as JSON in ``out`` (0600). Returns rows per table."""
    if not path.is_file():
        raise LocalStoreError(f"there is no local database at {path}")
    result: dict[str, list[dict[str, Any]]] = {}
    counts: dict[str, int] = {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise LocalStoreError(f"nothing can be read from {path} ({exc}): b2bterm local reset moves it aside and "
                              "starts afresh; the drafts that were already sent are on the platform.") from None
    conn.row_factory = sqlite3.Row
    try:
        for table in USER_TABLES:
            rows: list[dict[str, Any]] = []
            try:
                for row in conn.execute(f"SELECT * FROM {table}"):
                    rows.append(dict(row))
            except sqlite3.DatabaseError:
                pass  # keep what was read before the damage
            result[table] = rows
            counts[table] = len(rows)
    finally:
        conn.close()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"database": str(path), "tables": result}, f, ensure_ascii=False, indent=1, default=str)
    return counts
