"""A full catalog build into a new file, away from the profile database, then swapped in.

The pages of a full pass are appended to a staging file (``<catalog file>.stage``: no journal, no sync), with their
index text computed as they come (in worker processes for a big catalog) and their facet values interned. When the
last page arrives, ``finish`` writes the catalog file in one go: products in popularity order (their id, the
table's key, is their place in that order: catalog_index.ID_GAP), their JSON compressed with a dictionary trained
on a sample of them (``b2bterm.local.product_codec``), the FTS rows in rowid (popularity) order
with automatic merging off, the B-tree indexes after the load (a sort each), the model table and its trigrams from
the products, and the words index's terms (``b2bterm.local.prefix_terms``); then the staging file is deleted. Nothing
here takes the profile database's lock: searches, drafts and the outbox go on against the current catalog until
``CatalogHome.swap`` attaches the new one.

An interrupted build resumes: the staging file keeps the cursor of the last page it holds. A product sent twice in one
pass (changed while the pass ran) keeps its last version; a deletion after it removes it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import operator
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.domain.facets import BRAND
from b2bterm.domain.models import Product
from b2bterm.domain.money import Money
from b2bterm.local import fact_codes, health, prefix_terms, product_codec
from b2bterm.local.catalog_file import (
    PRODUCT_FTS,
    PRODUCTS_KEY,
    catalog_format,
    create_indexes,
    create_schema,
    register_functions,
    set_meta,
)
from b2bterm.local.catalog_index import CODE_KINDS, ID_GAP, POP_MAX, popularity_id
from b2bterm.local.facet_counts import pack_vids
from b2bterm.local.product_codec import ProductCodec

log = logging.getLogger("b2bterm.catalog")

_STAGE = """
CREATE TABLE IF NOT EXISTS stage.item (n INTEGER PRIMARY KEY, id INTEGER NOT NULL, sku TEXT NOT NULL,
    model_key TEXT NOT NULL, brand TEXT NOT NULL, category TEXT NOT NULL, data TEXT NOT NULL, facts TEXT NOT NULL,
    words TEXT NOT NULL, vids BLOB NOT NULL, fid INTEGER NOT NULL, dkey TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage.facts (fid INTEGER PRIMARY KEY, facts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage.code (n INTEGER NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage.gone (n INTEGER PRIMARY KEY, sku TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage.value (vid INTEGER PRIMARY KEY, name TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage.pinyin (term TEXT NOT NULL, zh TEXT NOT NULL, PRIMARY KEY (term, zh)) WITHOUT ROWID
"""
# every table a staging file may hold (pv: one of catalog format 7)
_STAGE_TABLES = ("item", "code", "gone", "meta", "value", "pinyin", "facts", "pv")

# sku, popularity, brand, category, model key, index words, JSON, facts, other codes (key, kind), facet values
# (name, value: the brand as name '', then the attributes that have a value; b2bterm.local.facet_counts), pinyin
# (term, Chinese: catalog_index.product_pinyin), decimal key (modelno.decimal_key)
Prepared = tuple[str, int, str, str, str, str, str, str, list[tuple[str, str]], tuple[tuple[str, str], ...],
                 tuple[tuple[str, str], ...], str]
# a kept staged row's id in the catalog file: its place in popularity order (stage.item.id is a popularity_id), ID_GAP
# apart; the words index and the product table number the same rows (``_keep``) this same way
_NUMBERED = f"row_number() OVER (ORDER BY id) * {ID_GAP}"
POOL_FROM = 100_000  # catalogs from this size get their index text computed in worker processes
FIRST_POOL_FROM = 10_000  # and from this size in a first build (see ``text_pool``)


def _bulk_pragmas(conn: sqlite3.Connection, schema: str) -> None:
    conn.execute(f"PRAGMA {schema}.journal_mode=OFF")
    conn.execute(f"PRAGMA {schema}.synchronous=OFF")


def _fill_values(conn: sqlite3.Connection, schema: str) -> None:
    """The interned brand (name '') and attribute values of every product kept, as ``facet_counts.index_values``
    records them one write at a time: interned as the pages came (stage.value; each item's ids packed), written in
    key order. A value only a replaced or deleted product had stays interned (never counted: no product has it)."""
    conn.execute(f"INSERT INTO {schema}.attr_value(vid, name, value) SELECT vid, name, value FROM stage.value"
                 " ORDER BY vid")
    conn.execute(f"INSERT INTO {schema}.product_value(id, vids) SELECT o.id, i.vids FROM temp.ord o"
                 " CROSS JOIN stage.item i ON i.n = o.n WHERE length(i.vids) > 0 ORDER BY o.id")


def _codec_for(conn: sqlite3.Connection, schema: str, keep: str) -> ProductCodec:
    """Train the new file's product dictionary on a sample spread over the staged rows, store it, and return its
    codec (plain JSON for a small catalog)."""
    rows = conn.execute(f"SELECT count(*) FROM stage.item i{keep}").fetchone()[0]
    step = max(1, rows // product_codec.SAMPLE_ROWS)
    samples = [r[0] for r in conn.execute(f"SELECT data FROM stage.item i{keep}{' AND' if keep else ' WHERE'}"
                                          f" i.n % {step} = 0 LIMIT {product_codec.SAMPLE_ROWS}")]
    dictionary = product_codec.train(samples)
    if dictionary is None:
        return product_codec.PLAIN
    conn.execute(f"INSERT INTO {schema}.catalog_dict(id, data) VALUES (1, ?)", (dictionary,))
    return product_codec.ProductCodec(dictionary)


def _keep(conn: sqlite3.Connection) -> str:
    """A filter (on ``stage.item i``) for the rows a pass keeps: the last version of each SKU, unless a deletion came
    after it. Creates ``temp.keep`` in this connection when some row goes ('' when all stay)."""
    dups = conn.execute("SELECT count(*) - count(DISTINCT sku) FROM stage.item").fetchone()[0]
    gone = conn.execute("SELECT count(*) FROM stage.gone").fetchone()[0]
    if not (dups or gone):
        return ""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep (n INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO temp.keep SELECT n FROM (SELECT sku, max(n) n FROM (SELECT sku, n FROM"
                 " stage.item UNION ALL SELECT sku, n FROM stage.gone) GROUP BY sku)"
                 " WHERE n IN (SELECT n FROM stage.item) ORDER BY n")
    return " WHERE i.n IN (SELECT n FROM temp.keep)"


class _WordsIndex:
    """The words index of the staged rows, built by a connection of its own in a thread while ``finish`` writes the
    rest (SQLite leaves Python's lock while it works, so the two use both cores): the FTS rows in rowid (popularity)
    order with automatic merging off, then merged into final segments, in a scratch file."""

    def __init__(self, stage: Path, scratch: Path, facts: dict[str, str]) -> None:
        self.stage, self.scratch, self.facts = stage, scratch, facts
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="catalog-words-index", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        try:
            for p in (self.scratch, Path(f"{self.scratch}-journal")):
                p.unlink(missing_ok=True)
            health.private_file(self.scratch)
            conn = sqlite3.connect(f"file:{self.scratch}", uri=True, isolation_level=None)
            try:
                _bulk_pragmas(conn, "main")
                conn.execute("PRAGMA cache_size=-65536")
                conn.create_function("b2b_fact_codes", 1, partial(fact_codes.encode, codes=self.facts),
                                     deterministic=True)
                conn.execute("ATTACH DATABASE ? AS stage", (f"file:{self.stage}?mode=ro",))
                keep = _keep(conn)
                conn.execute("BEGIN")
                conn.execute(f"CREATE VIRTUAL TABLE fts USING {PRODUCT_FTS}")
                conn.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 0)")
                conn.execute("INSERT INTO fts(fts, rank) VALUES ('crisismerge', 64)")
                conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (32 << 20,))
                conn.execute(f"INSERT INTO fts(rowid, words, brand, category, facts) SELECT {_NUMBERED}, words,"
                             f" brand, category, b2b_fact_codes(facts) FROM stage.item i{keep} ORDER BY id")
                conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
                # the index's own terms, for the prefix queries it has no prefix index for (catalog_term)
                conn.execute("CREATE TABLE terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID")
                conn.execute(prefix_terms.VOCAB_TABLE)
                conn.execute(f"INSERT INTO terms(term, docs) {prefix_terms.VOCAB_ROWS}")
                conn.execute("COMMIT")
            finally:
                conn.close()
        except BaseException as exc:  # handed to the thread that joins
            self.error = exc

    def join(self, *, quiet: bool = False) -> None:
        if self.thread.is_alive() or self.thread.ident is not None:
            self.thread.join()
        if self.error is not None and not quiet:
            raise self.error


class CatalogBuild:
    """One full build: ``add`` each page, ``finish`` after the last. ``path`` is the catalog file to write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stage_path = Path(f"{path}.stage")
        self.fts_path = Path(f"{path}.words")  # the words index while ``finish`` builds it
        health.private_file(self.stage_path)
        self.conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self.conn.execute("ATTACH DATABASE ? AS stage", (str(self.stage_path),))
        _bulk_pragmas(self.conn, "stage")
        # one build at a time per profile (the app and a cron sync): the first write takes the file for good
        self.conn.execute("PRAGMA stage.locking_mode=EXCLUSIVE")
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA cache_size=-16384")
        self.conn.execute("CREATE TABLE IF NOT EXISTS stage.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        meta = dict(self.conn.execute("SELECT key, value FROM stage.meta"))
        if meta.get("format") != catalog_format():  # another format's tables may have other columns: new ones
            for table in _STAGE_TABLES:
                self.conn.execute(f"DROP TABLE IF EXISTS stage.{table}")
            meta = {}
        for statement in _STAGE.split(";"):
            self.conn.execute(statement)
        if not meta:
            self._meta({"format": catalog_format()})
        self.cursor: str | None = meta.get("cursor") or None
        self.n = int(self.conn.execute("SELECT coalesce(max(n), 0) FROM (SELECT max(n) n FROM stage.item UNION ALL"
                                       " SELECT max(n) FROM stage.gone)").fetchone()[0])
        self.total: int | None = int(meta["total"]) if meta.get("total") else None
        self.vids: dict[tuple[str, str], int] = {
            (name, value): vid for vid, name, value in self.conn.execute("SELECT vid, name, value FROM stage.value")}
        self.fids: dict[str, int] = {
            facts: fid for fid, facts in self.conn.execute("SELECT fid, facts FROM stage.facts")}

    @property
    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM stage.item").fetchone()[0])

    def _meta(self, values: dict[str, str]) -> None:
        self.conn.executemany("INSERT INTO stage.meta(key, value) VALUES (?,?)"
                              " ON CONFLICT(key) DO UPDATE SET value=excluded.value", sorted(values.items()))

    def add(self, changes: CatalogChanges, rows: Sequence[Prepared]) -> None:
        """Append a page (its rows prepared by the caller, one per product) and its cursor: one transaction."""
        conn = self.conn
        conn.execute("BEGIN")
        try:
            items, codes = [], []
            vids, new_vids = self.vids, []
            pinyin: set[tuple[str, str]] = set()
            fids, new_fids = self.fids, []
            for sku, popularity, brand, cat, mkey, words, data, facts, row_codes, values, spelt, dkey in rows:
                pinyin.update(spelt)
                fid = fids.get(facts, 0) if facts else 0
                if facts and not fid:
                    fid = fids[facts] = len(fids) + 1
                    new_fids.append((fid, facts))
                self.n += 1
                own = []
                for pair in values:
                    vid = vids.get(pair)
                    if vid is None:
                        vid = vids[pair] = len(vids) + 1
                        new_vids.append((vid, *pair))
                    own.append(vid)
                items.append((self.n, popularity_id(popularity, self.n), sku, mkey, brand, cat, data, facts, words,
                              pack_vids(own), fid, dkey))
                codes.extend((self.n, k, kind) for k, kind in row_codes)
            conn.executemany("INSERT INTO stage.item VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", items)
            conn.executemany("INSERT INTO stage.facts VALUES (?,?)", new_fids)
            conn.executemany("INSERT INTO stage.code VALUES (?,?,?)", codes)
            conn.executemany("INSERT INTO stage.value VALUES (?,?,?)", new_vids)
            conn.executemany("INSERT OR IGNORE INTO stage.pinyin VALUES (?,?)", sorted(pinyin))
            gone = []
            for sku in dict.fromkeys(changes.deleted):
                self.n += 1
                gone.append((self.n, sku))
            conn.executemany("INSERT INTO stage.gone VALUES (?,?)", gone)
            meta = {"cursor": changes.next_cursor or self.cursor or ""}
            if changes.total is not None:
                meta["total"] = str(changes.total)
                self.total = changes.total
            self._meta(meta)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on some errors (disk full): keep that error
                conn.execute("ROLLBACK")
            self.vids = {(name, value): vid for vid, name, value in conn.execute(
                "SELECT vid, name, value FROM stage.value")}
            self.fids = {facts: fid for fid, facts in conn.execute("SELECT fid, facts FROM stage.facts")}
            raise
        self.cursor = meta["cursor"] or None

    def finish(self) -> None:
        """Write the catalog file from the staging file, then delete the staging file."""
        started = time.perf_counter()
        self._write(self.path, self.fts_path, final=True)
        self.close(remove=True)
        log.info("catalog file %s written in %.1f s", self.path.name, time.perf_counter() - started)

    def preview(self, path: Path) -> int:
        """Write a searchable catalog file of the rows staged so far to ``path`` (a first build's products, found
        while the rest arrives): marked not complete and without a cursor, so that the pass goes on into this build
        (and an interrupted one resumes from the staging file). The staging file stays as it was. Returns the
        products written."""
        started = time.perf_counter()
        try:
            products = self._write(path, Path(f"{path}.words"), final=False)
        finally:
            Path(f"{path}.words").unlink(missing_ok=True)
            self.conn.execute("DROP TABLE IF EXISTS temp.keep")
            self.conn.execute("PRAGMA stage.locking_mode=EXCLUSIVE")  # this build's own again (see __init__)
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("COMMIT")
        log.info("catalog preview %s (%d products) written in %.2f s", path.name, products,
                 time.perf_counter() - started)
        return products

    def _write(self, path: Path, scratch: Path, *, final: bool) -> int:
        """The catalog file ``path`` from the staging file (``scratch``: the words index while it builds); a
        preview (not ``final``) is stored as plain JSON, marked incomplete, without a cursor. Returns its products."""
        for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        health.private_file(path)
        conn = self.conn
        conn.execute("ATTACH DATABASE ? AS new", (str(path),))
        _bulk_pragmas(conn, "new")
        conn.execute("PRAGMA new.page_size=8192")
        conn.execute("PRAGMA cache_size=-65536")
        register_functions(conn)
        # The staging file is only read from here on: other connections may read it (the words index is built by
        # one of its own, beside this one), none may write it (this one keeps a RESERVED lock until the end).
        conn.execute("PRAGMA stage.locking_mode=NORMAL")
        conn.execute("SELECT count(*) FROM stage.meta").fetchone()
        conn.execute("BEGIN IMMEDIATE")
        numbers = fact_codes.number_facts(r[0] for r in conn.execute("SELECT facts FROM stage.facts ORDER BY fid"))
        words = _WordsIndex(self.stage_path, scratch, fact_codes.codes_of(numbers))
        try:
            create_schema(conn, "new", indexes=False)
            keep = _keep(conn)
            words.start()
            codec = _codec_for(conn, "new", keep) if final else product_codec.PLAIN
            conn.create_function("b2b_pack", 1, codec.pack, deterministic=True)
            conn.execute("INSERT INTO new.catalog_facts(fid, facts) SELECT fid, facts FROM stage.facts ORDER BY fid")
            conn.executemany("INSERT INTO new.catalog_fact_code(fact, n) VALUES (?, ?)", sorted(numbers.items()))
            # each kept row's id: its place in popularity order (the words index numbers them the same way); the
            # rows are read by their n in id order, the table's key
            conn.execute("DROP TABLE IF EXISTS temp.ord")
            conn.execute("CREATE TEMP TABLE ord (n INTEGER PRIMARY KEY, id INTEGER NOT NULL UNIQUE, pop INTEGER)")
            conn.execute(f"INSERT INTO temp.ord(n, id, pop) SELECT n, {_NUMBERED}, {POP_MAX} - (id >> 32)"
                         f" FROM stage.item i{keep} ORDER BY id")
            conn.execute("INSERT INTO new.product(id, sku, model_key, dkey, data, fid, pop)"
                         " SELECT o.id, i.sku, i.model_key, i.dkey, b2b_pack(i.data), i.fid, o.pop"
                         " FROM temp.ord o CROSS JOIN stage.item i ON i.n = o.n ORDER BY o.id")
            kind = "CASE c.kind " + " ".join(f"WHEN '{k}' THEN {n}" for k, n in CODE_KINDS.items()) + " END"
            conn.execute(f"INSERT INTO new.product_code(key, id, kind) SELECT DISTINCT c.key, o.id, {kind}"
                         " FROM stage.code c JOIN temp.ord o ON o.n = c.n ORDER BY 1, 2, 3")
            create_indexes(conn, "new")
            conn.execute("INSERT INTO new.model(best, key, loose, rkey) SELECT best, model_key, b2b_loose(model_key),"
                         " b2b_reverse(model_key) FROM (SELECT min(id) best, model_key FROM new.product"
                         " GROUP BY model_key) ORDER BY best")
            conn.execute("INSERT INTO new.model_tri(rowid, key) SELECT best, key FROM new.model ORDER BY best")
            pairs = conn.execute("SELECT DISTINCT i.brand, i.category FROM temp.ord o CROSS JOIN stage.item i"
                                 " ON i.n = o.n").fetchall()
            conn.executemany("INSERT INTO new.catalog_facet(kind, value) VALUES (?, ?)", sorted(
                {("brand", b) for b, _ in pairs if b} | {("category", c) for _, c in pairs if c}))
            conn.execute("INSERT INTO new.model_tri(model_tri) VALUES ('optimize')")
            _fill_values(conn, "new")
            conn.execute("DROP TABLE temp.ord")
            # the words index, built and merged in its own file: only its final segments are copied, so the catalog
            # file holds no pages freed by the merge
            words.join()
            conn.execute("ATTACH DATABASE ? AS words", (str(scratch),))
            for part in ("data", "idx", "docsize"):
                conn.execute(f"DELETE FROM new.product_fts_{part}")
                conn.execute(f"INSERT INTO new.product_fts_{part} SELECT * FROM words.fts_{part}")
            conn.execute("INSERT INTO new.catalog_term(term, docs) SELECT term, docs FROM words.terms ORDER BY term")
            conn.execute("INSERT INTO new.catalog_pinyin(term, zh) SELECT term, zh FROM stage.pinyin ORDER BY 1, 2")
            products = conn.execute("SELECT count(*) FROM new.product").fetchone()[0]
            if final:
                set_meta(conn, "new", {"format": catalog_format(), "cursor": self.cursor or "", "seq": str(self.n),
                                       "complete": "1", PRODUCTS_KEY: str(products),
                                       **({"total": str(self.total)} if self.total is not None else {})})
            else:
                set_meta(conn, "new", {"format": catalog_format(), "complete": "0", PRODUCTS_KEY: str(products)})
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            words.join(quiet=True)
            with contextlib.suppress(sqlite3.Error):
                conn.execute("DETACH DATABASE new")
            raise
        conn.execute("DETACH DATABASE words")
        conn.execute("ANALYZE new")
        conn.execute("DETACH DATABASE new")
        return int(products)

    def close(self, *, remove: bool = False) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if remove:
            for p in (self.stage_path, Path(f"{self.stage_path}-journal"), self.fts_path):
                with contextlib.suppress(OSError):
                    os.unlink(p)



def prepare(products: Sequence[Product]) -> list[Prepared]:
    """The rows of a page: index text, JSON, facts and codes (the costly part of a build; picklable both ways)."""
    from b2bterm.domain.modelno import decimal_key, normalise
    from b2bterm.local.attr_search import index_facts
    from b2bterm.local.catalog_index import index_words, product_codes, product_pinyin, product_to_json

    return [(p.sku, p.popularity, p.brand, p.category, normalise(p.model), index_words(p), product_to_json(p),
             index_facts(p), product_codes(p),
             ((BRAND, p.brand),) * bool(p.brand) + tuple((n, v) for n, v in p.attributes if v), product_pinyin(p),
             decimal_key(p.model))
            for p in products]


_FIELDS = tuple(f.name for f in dataclasses.fields(Product))
_PRICE = _FIELDS.index("list_price")
_as_tuple = operator.attrgetter(*_FIELDS)


def _flat(p: Product) -> tuple[Any, ...]:
    """A product as plain values (a frozen dataclass pickles field by field through ``dataclasses.fields``: several
    times slower, and a build sends every product to a worker)."""
    t = _as_tuple(p)
    price = t[_PRICE]
    return (*t[:_PRICE], None if price is None else (str(price.amount), price.currency), *t[_PRICE + 1:])


def _unflat(t: tuple[Any, ...]) -> Product:
    price = t[_PRICE]
    return Product(*t[:_PRICE], None if price is None else Money(Decimal(price[0]), price[1]), *t[_PRICE + 1:])


def prepare_flat(rows: Sequence[tuple[Any, ...]]) -> list[Prepared]:
    """``prepare`` for products sent as ``_flat`` tuples (what a worker process runs)."""
    return prepare([_unflat(t) for t in rows])


def _background() -> None:
    """A text worker yields the cores to the app it builds for (its searches and screens come first)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)


class TextPool:
    """Worker processes that compute the rows of a big build's pages, so that the index text (pinyin, JSON, facts)
    runs beside the platform reading the next page and SQLite writing the last one. Each worker loads the pinyin
    dictionaries once."""

    def __init__(self, workers: int) -> None:
        import multiprocessing  # here: the app's start never builds, and these cost ~15 ms to import
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        # The pool (its resource tracker, its workers) is started now, with the process's real standard error: a
        # spawned process is handed sys.stderr's file number, and inside the app Textual's capture of it answers -1
        # ("bad value(s) in fds_to_keep": the app's start-up build of a big catalog failed). Only a process that
        # breaks writes there.
        own = sys.stderr
        try:
            invalid = own.fileno() < 0
        except Exception:  # multiprocessing then passes none: nothing to fix
            invalid = False
        if invalid and sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        try:
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_background)
            try:
                for _ in range(workers):
                    self.pool.submit(os.getpid)
            except BaseException:
                self.pool.shutdown(wait=False, cancel_futures=True)
                raise
        finally:
            sys.stderr = own

    def prepare(self, products: Sequence[Product]) -> list[Prepared]:
        size = -(-len(products) // self.workers) or 1
        flat = [_flat(p) for p in products]
        parts = [flat[i : i + size] for i in range(0, len(flat), size)]
        return [row for part in self.pool.map(prepare_flat, parts) for row in part]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def text_pool(total: int | None, *, first: bool = False) -> TextPool | None:
    """A pool for a catalog of ``total`` products, when it is big enough and the machine has cores to spare. A
    ``first`` build (the app searches its previews meanwhile) takes one from FIRST_POOL_FROM: the index text's
    Python work then runs beside the app's process instead of taking turns with its searches for the interpreter."""
    cores = os.cpu_count() or 1
    if total is None or total < (FIRST_POOL_FROM if first else POOL_FROM) or cores < 2:
        return None
    try:
        return TextPool(min(cores, 2))
    except (OSError, ValueError) as exc:  # no worker processes here: the index text is computed in this one
        log.warning("no index text workers (%s): computed in this process", exc)
        return None
