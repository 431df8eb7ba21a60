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


def _migrate_to(path: Path, last: int) -> sqlite3.Connection:
    """A database as a b2bterm with migrations up to ``last`` left it."""
    from b2bterm.local.db import _split_sql

    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_function("b2b_reverse", 1, lambda t: t[::-1], deterministic=True)
    for number, _, sql in migrations():
        if number > last:
            break
        for statement in _split_sql(sql):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version={number}")
    return conn


def test_0006_fills_the_reversed_model_keys_of_a_catalog_built_before_it(tmp_path: Path) -> None:
    """The reversed keys the typo search reads are computed in place."""
    conn = _migrate_to(tmp_path / "old.sqlite", 5)
    conn.executemany("INSERT INTO model(best, key, loose) VALUES (?,?,?)", [(1, "LC1D09M7", "LC1D09M7"),
                                                                            (2, "3RT20151BB41", "3RT20151BB41")])
    from b2bterm.local.db import _split_sql

    for statement in _split_sql(next(sql for n, _, sql in migrations() if n == 6)):
        conn.execute(statement)
    upgraded = conn
    try:
        rows = upgraded.execute("SELECT key, rkey FROM model ORDER BY best").fetchall()
        assert [tuple(r) for r in rows] == [("LC1D09M7", "7M90D1CL"), ("3RT20151BB41", "14BB15102TR3")]
        plan = " ".join(r[3] for r in upgraded.execute("EXPLAIN QUERY PLAN SELECT best FROM model WHERE rkey >= 'A'"
                                                       " AND rkey < 'B'"))
        assert "model_rkey" in plan
    finally:
        upgraded.close()


def test_0008_empties_a_catalog_cache_built_before_attribute_facts(tmp_path: Path) -> None:
    """The FTS table gains the facts column; the cache is emptied so that the next sync rebuilds it in full."""
    from b2bterm.local.db import _split_sql

    path = tmp_path / "old.sqlite"
    conn = _migrate_to(path, 6)
    conn.execute("INSERT INTO product(seq, id, sku, model_key, brand, category, data) VALUES (1, 1, 'A', 'A', '', '',"
                 " '{}')")
    conn.executemany("INSERT INTO catalog_meta(key, value) VALUES (?, ?)", [("cursor", "42"), ("complete", "1")])
    for number, _, sql in migrations():
        if 6 < number <= 8:
            for statement in _split_sql(sql):
                conn.execute(statement)
    try:
        assert conn.execute("SELECT count(*) FROM product").fetchone()[0] == 0
        meta = conn.execute("SELECT count(*) FROM catalog_meta WHERE key IN ('cursor', 'complete')").fetchone()
        assert meta[0] == 0
        conn.execute("INSERT INTO product_fts(rowid, words, brand, category, facts) VALUES (1, 'a', 'b', 'c', 'a9')")
        assert conn.execute("SELECT rowid FROM product_fts WHERE product_fts MATCH 'facts : a9'").fetchall()
    finally:
        conn.close()


def test_0012_moves_the_catalog_cache_into_its_own_file(tmp_path: Path) -> None:
    """The catalog tables leave the profile database (the next sync rebuilds them in a file of their own); customer
    part numbers and the user's tables stay."""
    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.local.db import Database

    path = tmp_path / "local.sqlite"
    conn = _migrate_to(path, 11)
    conn.execute("INSERT INTO product(seq, id, sku, model_key, brand, category, data) VALUES (1, 1, 'A', 'A', '', '',"
                 " '{}')")
    conn.execute("INSERT INTO customer_part(account_id, key, code, sku) VALUES ('A1', 'X1', 'X-1', 'A')")
    conn.close()
    db = Database(path)
    try:
        main = {r[0] for r in db.conn.execute("SELECT name FROM main.sqlite_master WHERE type='table'")}
        assert "product" not in main and "product_fts" not in main and {"customer_part", "drafts"} <= main
        catalog = LocalCatalog(db)
        assert catalog.count() == 0 and not catalog.is_complete()
        assert [p.name for p in tmp_path.glob("local.catalog-*.sqlite")] == [catalog.home.current]
    finally:
        db.close()


def test_a_database_that_reached_0013_without_0012_gets_the_catalog_file_too(tmp_path: Path) -> None:
    """An early 0013 interned facet values beside the catalog tables in the profile database: 0014 moves them out
    as 0012 does (an unqualified table left there would hide the catalog file's)."""
    from b2bterm.local.catalog import LocalCatalog
    from b2bterm.local.db import Database

    path = tmp_path / "local.sqlite"
    conn = _migrate_to(path, 11)
    conn.execute("CREATE TABLE attr_value (vid INTEGER PRIMARY KEY, name TEXT NOT NULL, value TEXT NOT NULL)")
    conn.execute("CREATE TABLE product_value (id INTEGER NOT NULL, vid INTEGER NOT NULL, PRIMARY KEY (id, vid))")
    conn.execute("INSERT INTO attr_value VALUES (1, '', 'Stale')")
    conn.execute("PRAGMA user_version=13")
    conn.close()
    db = Database(path)
    try:
        main = {r[0] for r in db.conn.execute("SELECT name FROM main.sqlite_master WHERE type='table'")}
        assert not main & {"product", "product_fts", "attr_value", "product_value"} and "catalog_home" in main
        catalog = LocalCatalog(db)
        assert catalog.count() == 0 and catalog.facets("stale")[1] == 0
    finally:
        db.close()


def test_0021_turns_the_english_source_labels_of_recorded_differences_into_fields(tmp_path: Path) -> None:
    """Differences recorded before 0021 kept each price's source as one English label: after it, each side is a
    PriceSource (kind, reference, validity) read from fields, and new differences are recorded beside them."""
    from datetime import UTC, date, datetime

    from b2bterm.domain.models import PriceSource, PriceSourceKind
    from b2bterm.domain.money import Money
    from b2bterm.local.price_book import PriceBookStore, PriceDifference

    path = tmp_path / "old.sqlite"
    conn = _migrate_to(path, 20)
    labels = [("contract · CX26-04 · valid to 2026-12-31", "promotion · 春季促销 · valid to 2027-03-01"),
              ("group · OEM · 客户组折扣", "list"),
              ("promotion · valid to 2026-11-30", "contract · HT · 2026 · valid to 2027-01-15")]
    for n, (local, live) in enumerate(labels):
        conn.execute("INSERT INTO price_book_differences (account_id, sku, qty, local_net, live_net, local_source, "
                     "live_source, synced_at, seen_at) VALUES (?,?,?,?,?,?,?,?,?)",
                     ("C1", f"SKU-{n}", 20 + n, '{"amount": "10.00", "currency": "CNY"}',
                      '{"amount": "9.50", "currency": "CNY"}', local, live, "2026-11-20T08:00:00+00:00",
                      f"2026-11-2{n}T09:00:00+00:00"))
    conn.close()
    db = Database(path)  # the real start-up: 0021 runs here
    try:
        store = PriceBookStore(db)
        got = {d.sku: (d.local_source, d.live_source) for d in store.differences()}
        assert got == {
            "SKU-0": (PriceSource(PriceSourceKind.CONTRACT, "CX26-04", valid_to=date(2026, 12, 31)),
                      PriceSource(PriceSourceKind.PROMOTION, "春季促销", valid_to=date(2027, 3, 1))),
            "SKU-1": (PriceSource(PriceSourceKind.GROUP, "OEM · 客户组折扣"), PriceSource(PriceSourceKind.LIST)),
            "SKU-2": (PriceSource(PriceSourceKind.PROMOTION, valid_to=date(2026, 11, 30)),
                      PriceSource(PriceSourceKind.CONTRACT, "HT · 2026", valid_to=date(2027, 1, 15)))}
        [old] = [d for d in store.differences() if d.sku == "SKU-1"]
        assert (old.qty, old.local_net, old.live_net) == (21, Money.of("10.00"), Money.of("9.50"))
        seen = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
        source = PriceSource(PriceSourceKind.CONTRACT, "K-9", "framework agreement", date(2026, 1, 1),
                             date(2026, 12, 31))
        store.record_difference(PriceDifference("C2", "NEW", 5, Money.of("1.00"), Money.of("2.00"), source,
                                                 PriceSource(PriceSourceKind.LIST), seen, seen))
        newest = store.differences(1)[0]
        assert (newest.sku, newest.local_source, newest.live_source) == ("NEW", source,
                                                                         PriceSource(PriceSourceKind.LIST))
        plan = " ".join(r[3] for r in db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM price_book_differences ORDER BY seen_at DESC"))
        assert "price_book_differences_seen" in plan
    finally:
        db.close()
