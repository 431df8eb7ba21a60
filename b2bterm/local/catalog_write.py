"""Writing the local catalog: a page of catalog changes applied in one transaction (products, their index words and
codes, removals), customer part numbers, optimisation after a full build. Mixed into LocalCatalog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from b2bterm.domain.catalog_feed import CatalogChanges, CustomerPartNumber
from b2bterm.domain.modelno import decimal_key, normalise
from b2bterm.domain.models import Product
from b2bterm.domain.understand import Lexicon
from b2bterm.local import fact_codes
from b2bterm.local.attr_search import (
    index_facts,
)
from b2bterm.local.catalog_file import PRODUCTS_KEY, intern_facts, stored_loose
from b2bterm.local.catalog_index import (
    CODE_KINDS,
    by_skus,
    chunks,
    clamp_popularity,
    index_words,
    load_pypinyin,
    place_id,
    product_codes,
    product_pinyin,
    product_to_json,
    qmarks,
)
from b2bterm.local.db import Database
from b2bterm.local.facet_counts import forget_values, index_values
from b2bterm.local.prefix_terms import add_terms
from b2bterm.local.product_codec import ProductCodec, codec_of


class CatalogWriting:
    """Mixed into ``LocalCatalog``: uses its database (``db``, ``_conn``) and its caches."""

    db: Database
    _common: dict[str, bool]
    _rows: int | None
    _lexicon: Lexicon | None
    _exprs: dict[str, str]

    _conn: sqlite3.Connection  # LocalCatalog's property: the connection with the catalog file attached
    _codecs: dict[str, ProductCodec]  # LocalCatalog's: each catalog file's, once read (by file name)

    def _building(self) -> bool:
        raise NotImplementedError  # CatalogBuilding

    def _apply_to_build(self, changes: CatalogChanges, products: Sequence[Product]) -> None:
        raise NotImplementedError  # CatalogBuilding

    def _file(self) -> str:
        raise NotImplementedError  # CatalogReading

    @property
    def codec(self) -> ProductCodec:
        """How the catalog file ``_conn`` reads stores products (a search on a reader may read another file than the
        profile's connection for a moment, around a swap). Caller holds the lock."""
        conn = self._conn
        name = self._file()
        codec = self._codecs.get(name)
        if codec is None:
            codec = self._codecs[name] = codec_of(conn, "catalog")
        return codec

    # --- writing ----------------------------------------------------------------------------------------------------

    def apply_changes(self, changes: CatalogChanges) -> None:
        """Upsert ``changes.products``, delete ``changes.deleted`` and store the cursor: one transaction.

        A full pass (the catalog not complete, no cursor stored) is built into a new file instead
        (``CatalogBuilding._apply_to_build``) and swapped in when its last page arrives; the profile database is not
        locked."""
        latest: dict[str, Product] = {}
        for p in changes.products:
            latest[p.sku] = p
        products = list(latest.values())
        deleted = [s for s in dict.fromkeys(changes.deleted) if s not in latest]
        if self._building():
            self._apply_to_build(changes, products)
            return
        # Index text and rows are computed before the transaction opens, to keep the write lock short; pypinyin's
        # first load (and its one full collection) too, for the pinyin of new products' Chinese. A page that adds
        # nothing (the start-up sync of an up-to-date catalog) loads no dictionary: ~56 MiB stay free.
        if products:
            load_pypinyin()
        prepared = [(p, normalise(p.model), index_words(p), product_to_json(p), index_facts(p)) for p in products]
        pinyin = sorted({pair for p in products for pair in product_pinyin(p)})
        with self.db.lock:
            self._stale()
            conn = self._conn
            pack = self.codec.pack
            conn.execute("BEGIN IMMEDIATE")
            try:
                touched, removed = self._remove(conn, [p.sku for p in products] + deleted)
                fids = intern_facts(conn, [r[4] for r in prepared])
                rows = []
                # each product placed among the others by its popularity (place_id reads the rows placed before it)
                for p, mkey, words, data, facts in sorted(prepared, key=lambda r: -r[0].popularity):
                    row = (place_id(conn, p.popularity), p.sku, mkey, p.brand, p.category, pack(data), words, facts)
                    conn.execute("INSERT INTO product(id, sku, model_key, dkey, data, fid, pop)"
                                 " VALUES (?,?,?,?,?,?,?)", (*row[:3], decimal_key(p.model), row[5],
                                                             fids.get(facts, 0), clamp_popularity(p.popularity)))
                    rows.append(row)
                    touched.add(mkey)
                # FTS5 flushes its pending terms whenever a rowid is not larger than the last: insert in id order
                rows.sort()
                codes = fact_codes.assign(conn, [r[7] for r in rows])
                self._count_products(conn, removed, len(rows))
                conn.executemany("INSERT INTO product_fts(rowid, words, brand, category, facts) VALUES (?,?,?,?,?)",
                                 [(r[0], r[6], r[3], r[4], fact_codes.encode(r[7], codes)) for r in rows])
                add_terms(conn, [(r[6], r[3], r[4]) for r in rows])
                conn.executemany("INSERT OR IGNORE INTO catalog_pinyin(term, zh) VALUES (?,?)", pinyin)
                by_sku = {r[1]: r[0] for r in rows}
                index_values(conn, [(by_sku[p.sku], p) for p in products])
                conn.executemany("INSERT OR IGNORE INTO product_code(key, id, kind) VALUES (?,?,?)",
                                 [(k, by_sku[p.sku], CODE_KINDS[kind]) for p in products
                                  for k, kind in product_codes(p)])
                self._update_models(conn, touched)
                facets = {("brand", p.brand) for p in products if p.brand}
                facets |= {("category", p.category) for p in products if p.category}
                conn.executemany("INSERT OR IGNORE INTO catalog_facet(kind, value) VALUES (?,?)", sorted(facets))
                if changes.next_cursor:
                    self._set_meta(conn, "cursor", changes.next_cursor)
                self._set_meta(conn, "complete", "1" if changes.done else "0")
                if changes.total is not None:
                    self._set_meta(conn, "total", str(changes.total))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            self._stale()  # again: a search on a reader may have filled them from the catalog before the commit

    def _stale(self) -> None:
        """The caches that depend on the catalog's contents (not its file's codec) are forgotten."""
        self._common.clear()
        self._rows = None
        self._lexicon = None
        self._exprs.clear()

    def _remove(self, conn: sqlite3.Connection, skus: Sequence[str]) -> tuple[set[str], int]:
        """Delete these products (and their index entries); returns their model keys and how many were there.
        Caller holds the lock."""
        touched: set[str] = set()
        removed = 0
        for chunk in chunks(skus):
            old = [r[1:] for r in by_skus(conn, chunk, "p.id, p.model_key, p.data")]
            if not old:
                continue
            fts, codes = [], []
            for pid, mkey, data in old:
                p = self.codec.decode(data)
                touched.add(mkey)
                fts.append((pid, index_words(p), p.brand, p.category, index_facts(p)))
                codes.extend((k, pid, CODE_KINDS[kind]) for k, kind in product_codes(p))
            facts = fact_codes.assign(conn, [row[4] for row in fts])  # known: they were indexed with these
            fts = [(*row[:4], fact_codes.encode(row[4], facts)) for row in fts]
            # a contentless FTS row is deleted by giving the text it was indexed with
            conn.executemany(
                "INSERT INTO product_fts(product_fts, rowid, words, brand, category, facts)"
                " VALUES ('delete',?,?,?,?,?)", fts)
            conn.executemany("DELETE FROM product_code WHERE key=? AND id=? AND kind=?", codes)
            forget_values(conn, [r[0] for r in old])
            conn.executemany("DELETE FROM product WHERE id=?", [(r[0],) for r in old])
            removed += len(old)
        return touched, removed

    def _count_products(self, conn: sqlite3.Connection, removed: int, added: int) -> None:
        """Keep the stored product count (``catalog_meta`` 'products', read by ``count`` at start instead of a
        COUNT(*) over the table: 15-50 ms at 1M) in step with this page; a catalog without one counts once here.
        Caller holds the lock, in the page's transaction."""
        stored = self._meta(conn, PRODUCTS_KEY)
        if stored is None or not stored.isdigit():
            n = int(conn.execute("SELECT count(*) FROM product").fetchone()[0])
        else:
            n = int(stored) - removed + added
        self._set_meta(conn, PRODUCTS_KEY, str(n))

    def _update_models(self, conn: sqlite3.Connection, keys: Iterable[str]) -> None:
        """Bring ``model`` and ``model_tri`` up to date for these model keys. Caller holds the lock."""
        for chunk in chunks(sorted(keys)):
            q = qmarks(len(chunk))
            new = dict(conn.execute(
                f"SELECT model_key, min(id) FROM product WHERE model_key IN ({q}) GROUP BY model_key", tuple(chunk)))
            old = dict(conn.execute(f"SELECT key, best FROM model WHERE key IN ({q})", tuple(chunk)))
            gone = [(old[k], k) for k in chunk if k in old and old[k] != new.get(k)]
            added = sorted((new[k], k) for k in chunk if k in new and new[k] != old.get(k))
            if gone:
                conn.executemany("INSERT INTO model_tri(model_tri, rowid, key) VALUES ('delete',?,?)", gone)
                conn.executemany("DELETE FROM model WHERE best=?", [(b,) for b, _ in gone])
            if added:
                conn.executemany("INSERT INTO model(best, key, loose, rkey) VALUES (?,?,?,?)",
                                 [(b, k, stored_loose(k), k[::-1]) for b, k in added])
                conn.executemany("INSERT INTO model_tri(rowid, key) VALUES (?,?)", added)

    @staticmethod
    def _meta(conn: sqlite3.Connection, key: str) -> str | None:
        row = conn.execute("SELECT value FROM catalog_meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute("INSERT INTO catalog_meta(key, value) VALUES (?,?)"
                     " ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def set_customer_part_numbers(self, account_id: str, parts: Sequence[CustomerPartNumber]) -> None:
        """Replace the account's customer part numbers (one transaction)."""
        rows = {(account_id, normalise(p.code), p.code, p.sku) for p in parts if normalise(p.code)}
        with self.db.lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM customer_part WHERE account_id=?", (account_id,))
                conn.executemany("INSERT OR IGNORE INTO customer_part(account_id, key, code, sku) VALUES (?,?,?,?)",
                                 sorted(rows))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def optimize(self) -> None:
        """Merge the FTS segments; a full build does this itself when its last page arrives."""
        with self.db.lock:
            self._conn.execute("INSERT INTO product_fts(product_fts) VALUES ('optimize')")
            self._conn.execute("INSERT INTO model_tri(model_tri) VALUES ('optimize')")
            self._conn.execute("PRAGMA optimize")
