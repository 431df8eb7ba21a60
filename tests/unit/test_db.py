"""The local database: migrations, WAL, and transactions that never leave the shared connection half-open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from b2bterm.local.db import Database, migrations


def test_fresh_database_is_wal_and_fully_migrated(tmp_path: Path) -> None:
    db = Database(tmp_path / "local.sqlite")
    try:
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == migrations()[-1][0]
    finally:
        db.close()


def test_a_failed_commit_is_rolled_back_and_the_connection_stays_usable(tmp_path: Path) -> None:
    db = Database(tmp_path / "local.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError), db.transaction() as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")  # the violation surfaces only at COMMIT
            conn.execute("INSERT INTO draft_lines (draft_id, position, input, qty, sku, status, candidates) "
                         "VALUES (999, 0, 'x', 1, '', 'unknown', '[]')")
        assert not db.conn.in_transaction
        with db.transaction() as conn:  # the next edit works
            conn.execute("INSERT INTO drafts (account_id, created_at, updated_at) VALUES ('C1', 'now', 'now')")
        assert db.conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1
        assert db.conn.execute("SELECT count(*) FROM draft_lines").fetchone()[0] == 0
    finally:
        db.close()
