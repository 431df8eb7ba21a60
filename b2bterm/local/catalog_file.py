"""The catalog cache's own file, attached to the profile's connection as ``catalog``.

The products, their codes, the model table, both FTS indexes and the interned facet values (``attr_value`` /
``product_value``, b2bterm.local.facet_counts) live in a file of their own beside the profile
database (``local.catalog-<n>.sqlite``); the profile database names the current one (``catalog_home``, migration
0012). Unqualified table names resolve to it, so queries read as if the tables were in the main database.

Why a file of its own: a full build writes the next file (``b2bterm.local.catalog_build``: no journal, no sync, no
lock on the profile database, so searches and drafts go on) and then swaps it in, which takes the lock for a few
milliseconds. A catalog snapshot offered by the platform is the same kind of file. A file built with another
``catalog_format()`` (schema, index text, attribute facts) is never attached: a fresh empty one takes its place and
the next sync rebuilds it.

A swap never reuses a name (generations), so a -wal left by another process that still reads the old file can never
be paired with the new one; the other process notices the new name (``PRAGMA data_version``) and attaches it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from b2bterm import clock
from b2bterm.domain.lazy_re import lazy
from b2bterm.domain.modelno import loose_key
from b2bterm.local import attr_search, fact_codes, health
from b2bterm.local.db import Database
from b2bterm.local.prefix_terms import PREFIX_INDEX

SCHEMA_VERSION = 12  # bump when the tables below or the index text (catalog.index_words) change
ALIAS = "catalog"

# the words index: contentless (a row is deleted with the text it was indexed with), prefixes of 1-5 characters
# indexed; longer prefixes are looked up in catalog_term (b2bterm.local.prefix_terms, which also says why 1-5).
# detail=column (format 11): a term's entry says which columns of a product hold it, not where (no positions: the 1M
# demo's words index 519.3 -> 426.3 MiB); so no phrase query: prefix_terms.expand writes a phrase as its tokens ANDed
PRODUCT_FTS = (f"fts5(words, brand, category, facts, content='', prefix='{PREFIX_INDEX}', detail=column,"
               " tokenize='unicode61 remove_diacritics 2')")

TABLES = f"""
CREATE TABLE product (
    id INTEGER PRIMARY KEY,    -- its place in popularity order (catalog_index.place_id): the table is in that order
    sku TEXT NOT NULL,
    model_key TEXT NOT NULL,
    dkey TEXT NOT NULL DEFAULT '', -- modelno.decimal_key(model) ('' when it has no decimal): "BV 2.5" is not "BV 25"
    data BLOB NOT NULL,        -- b2bterm.local.product_codec: compressed JSON, or JSON text (its brand, category, ...)
    fid INTEGER NOT NULL DEFAULT 0, -- its attribute facts (catalog_facts), 0 when none
    pop INTEGER NOT NULL DEFAULT 0  -- its popularity (catalog_index.clamp_popularity): where a new product goes
);
CREATE TABLE catalog_facts (
    fid INTEGER PRIMARY KEY,
    facts TEXT NOT NULL UNIQUE -- attr_search.index_facts: products share them (a million have about 100k)
);
CREATE TABLE catalog_dict (
    id INTEGER PRIMARY KEY,
    data BLOB NOT NULL
);
CREATE TABLE model (
    best INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    loose TEXT NOT NULL,       -- stored_loose: '' when the loose key is the key (most are: no O, Q, I or L)
    rkey TEXT NOT NULL DEFAULT ''
);
CREATE TABLE product_code (
    key TEXT NOT NULL,
    id INTEGER NOT NULL,
    kind INTEGER NOT NULL,     -- catalog_index.CODE_KINDS
    PRIMARY KEY (key, id, kind)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE product_fts USING {PRODUCT_FTS};
CREATE VIRTUAL TABLE model_tri USING fts5(key, content='', columnsize=0, tokenize='trigram');
CREATE TABLE catalog_facet (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE TABLE attr_value (
    vid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (name, value)
);
CREATE TABLE product_value (
    id INTEGER PRIMARY KEY,    -- product.id
    vids BLOB NOT NULL         -- its attr_value ids (b2bterm.local.facet_counts.pack_vids)
);
CREATE TABLE catalog_term (
    term TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE catalog_pinyin (
    term TEXT NOT NULL,        -- a pinyin term of a Chinese run of the catalog (catalog_index.pinyin_pairs)
    zh TEXT NOT NULL,          -- the Chinese it spells
    PRIMARY KEY (term, zh)
) WITHOUT ROWID;
CREATE TABLE catalog_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
""" + fact_codes.TABLE + ";"

# created after a bulk load (one sort each instead of a million B-tree inserts); an index entry ends with the product's
# rowid, its id (product_model_key is ordered by model key, decimal key and id)
INDEXES = """
CREATE INDEX product_model_key ON product(model_key, dkey);
CREATE UNIQUE INDEX model_key ON model(key);
CREATE INDEX model_loose ON model(loose) WHERE loose != '';
CREATE INDEX model_rkey ON model(rkey);
"""

# catalog_meta: the number of products, kept by every write (local.catalog_write, the build's finish); a file without
# it (an older one, a platform's snapshot) is counted instead
PRODUCTS_KEY = "products"
# catalog_meta: what the file's format was worked out from (catalog_format_source), checked at start instead of it
FORMAT_SOURCE_KEY = "format_source"

_NAME = lazy(r"^(?P<stem>.+)\.catalog-(?P<gen>\d+)\.sqlite(\.stage)?$")


def catalog_format() -> str:
    """What a catalog file must have been built with to be used: schema and index text, attribute facts."""
    return f"{SCHEMA_VERSION}:{attr_search.facts_version()}"


def catalog_format_source() -> str:
    """What ``catalog_format`` is worked out from, known without parsing the vocabulary (attr_search.facts_source):
    a catalog file that records this source has that format."""
    return f"{SCHEMA_VERSION}:{attr_search.facts_source()}"


def format_matches(conn: sqlite3.Connection, schema: str) -> bool:
    """Whether the catalog file attached as ``schema`` has the format this b2bterm builds: at once when it records
    the same source (``FORMAT_SOURCE_KEY``), else by its format, recording the source for the next start (a file
    that another process holds locked just keeps the slower check). Lock held."""
    source = catalog_format_source()
    try:
        row = conn.execute(f"SELECT value FROM {schema}.catalog_meta WHERE key=?", (FORMAT_SOURCE_KEY,)).fetchone()
    except sqlite3.DatabaseError:
        return False
    if row is not None and row[0] == source:
        return True
    if file_format(conn, schema) != catalog_format():
        return False
    with contextlib.suppress(sqlite3.OperationalError):
        set_meta(conn, schema, {FORMAT_SOURCE_KEY: source})
    return True


def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def stored_loose(key: str) -> str:
    """``model.loose`` of a model key: its loose key, or '' when that is the key itself (a key equal to some code's
    loose key always is, so ``LocalCatalog._exact`` finds those by ``model.key``; the index holds only the others)."""
    loose = loose_key(key)
    return "" if loose == key else loose


def intern_facts(conn: sqlite3.Connection, facts: Sequence[str]) -> dict[str, int]:
    """``catalog_fact.fid`` of each of these facts texts ('' has none: fid 0), added when new. Lock held."""
    wanted = sorted({f for f in facts if f})
    conn.executemany("INSERT OR IGNORE INTO catalog_facts(facts) VALUES (?)", [(f,) for f in wanted])
    out: dict[str, int] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        out.update((f, fid) for fid, f in conn.execute(
            f"SELECT fid, facts FROM catalog_facts WHERE facts IN ({','.join('?' * len(chunk))})", chunk))
    return out


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("b2b_loose", 1, stored_loose, deterministic=True)
    conn.create_function("b2b_reverse", 1, lambda t: t[::-1] if isinstance(t, str) else t, deterministic=True)


def file_format(conn: sqlite3.Connection, schema: str) -> str | None:
    """The format recorded in an attached (or main) catalog file; None when it holds no catalog."""
    try:
        row = conn.execute(f"SELECT value FROM {schema}.catalog_meta WHERE key='format'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def generation(name: str) -> int:
    m = _NAME.match(name)
    return int(m.group("gen")) if m else 0


def remove_file(path: Path) -> None:
    """A catalog file and its side files (another process may still read it: on POSIX it keeps its inode)."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"),
              Path(f"{path}{health.STAMP_SUFFIX}"), Path(f"{path}{DAMAGED_SUFFIX}")):
        with contextlib.suppress(OSError):
            p.unlink()


class CatalogHome:
    """Which catalog file the profile uses, attached to the profile's connection. Methods take the db lock."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.memory = db.memory
        self.folder = Path(".") if self.memory else Path(db.path).resolve().parent
        self.stem = "memory" if self.memory else Path(db.path).name.removesuffix(".sqlite")
        self.current: str | None = None
        # why the file named was set aside for an empty one, until a built file takes its place: "format" (made by a
        # b2bterm that keeps its catalog another way), "damaged" (it failed its check, or is gone); "" none
        self.replaced = ""
        self._version: int | None = None
        with db.lock:
            register_functions(db.conn)
            self._attach_current()

    # --- names ------------------------------------------------------------------------------------------------------

    def path(self, name: str) -> Path:
        return self.folder / name

    def name_for(self, gen: int) -> str:
        return f"{self.stem}.catalog-{gen}.sqlite"

    def next_name(self) -> str:
        """A name no catalog file of this profile has had (a swap never reuses a name)."""
        gens = [generation(p.name) for p in self.folder.glob(f"{self.stem}.catalog-*.sqlite*")]
        return self.name_for(max([generation(self.current or ""), *gens]) + 1)

    # --- attaching --------------------------------------------------------------------------------------------------

    def _pointer(self) -> str | None:
        row = self.db.conn.execute("SELECT value FROM main.catalog_home WHERE key='file'").fetchone()
        return row[0] if row else None

    def _attach_current(self) -> None:
        """Attach the current file, or a fresh empty one when there is none or it has another format. Lock held."""
        conn = self.db.conn
        if self.memory:
            if not self._attached():
                conn.execute("ATTACH DATABASE ':memory:' AS catalog")
                create_schema(conn, ALIAS, indexes=True)
            self.current = ":memory:"
            return
        name = self._pointer()
        if name is not None and self.path(name).is_file() and self._sound(self.path(name)):
            self._attach(name)
            if format_matches(conn, ALIAS):
                self._seen()
                return
            self._detach()
            self.replaced = "format"
        elif name is not None:
            self.replaced = "damaged"
        fresh = self.next_name()
        path = self.path(fresh)
        remove_file(path)
        health.private_file(path)
        build = sqlite3.connect(str(path), isolation_level=None)
        try:
            create_schema(build, "main", indexes=True)
            set_meta(build, "main", {"format": catalog_format(), FORMAT_SOURCE_KEY: catalog_format_source()})
        finally:
            build.close()
        self._point_to(fresh)
        self._attach(fresh)
        if name is not None and name != fresh:
            remove_file(self.path(name))
        self._seen()

    @staticmethod
    def _sound(path: Path) -> bool:
        """The daily check of the profile database, for the catalog file (a damaged one is replaced: the next
        sync rebuilds it). A file just built or installed counts as checked. A big file's due check (a 1M catalog:
        35 s of reading before the first frame) runs after the start, on its own connection; damage it finds is
        marked, and the next start replaces the file."""
        if Path(f"{path}{DAMAGED_SUFFIX}").exists():
            return False
        if health.check_due(path) and _size(path) >= CHECK_LATER_BYTES:
            threading.Thread(target=CatalogHome._check_later, args=(path,), name="catalog-check", daemon=True).start()
            return True
        try:
            conn = sqlite3.connect(str(path))
            try:
                return health.check(conn, path)[1]
            finally:
                conn.close()
        except sqlite3.Error:
            return False

    @staticmethod
    def _check_later(path: Path) -> None:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                sound = health.check(conn, path)[1]
            finally:
                conn.close()
        except sqlite3.Error:
            sound = not path.exists()  # (replaced meanwhile: nothing to mark)
        if not sound:
            with contextlib.suppress(OSError):
                Path(f"{path}{DAMAGED_SUFFIX}").touch(mode=0o600)

    @staticmethod
    def mark_sound(path: Path) -> None:
        with contextlib.suppress(OSError):
            fd = os.open(f"{path}{health.STAMP_SUFFIX}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(clock.now().isoformat())

    def _attached(self) -> bool:
        return any(r[1] == ALIAS for r in self.db.conn.execute("PRAGMA database_list"))

    def _attach(self, name: str) -> None:
        conn = self.db.conn
        if self._attached():
            self._detach()
        path = self.path(name)
        health.private_file(path)
        conn.execute("ATTACH DATABASE ? AS catalog", (str(path),))
        conn.execute("PRAGMA catalog.journal_mode=WAL")
        conn.execute("PRAGMA catalog.synchronous=NORMAL")  # a cache: a lost last page is pulled again
        health.private_file(path)
        self.current = name

    def _detach(self) -> None:
        self.db.conn.execute("DETACH DATABASE catalog")
        self.current = None

    def _point_to(self, name: str) -> None:
        self.db.conn.execute("INSERT INTO main.catalog_home(key, value) VALUES ('file', ?)"
                             " ON CONFLICT(key) DO UPDATE SET value=excluded.value", (name,))

    def _seen(self) -> None:
        self._version = self.db.conn.execute("PRAGMA main.data_version").fetchone()[0]

    def refresh(self) -> bool:
        """Attach the current file if another connection swapped it since (cheap when nothing changed). Lock held,
        outside a transaction. True when it changed."""
        conn = self.db.conn
        if self.memory or conn.in_transaction:
            return False
        version = conn.execute("PRAGMA main.data_version").fetchone()[0]
        if version == self._version:
            return False
        self._version = version
        name = self._pointer()
        if name is None or name == self.current or not self.path(name).is_file():
            return False
        self._attach(name)
        if file_format(conn, ALIAS) != catalog_format():
            self._attach_current()
        return True

    def swap(self, name: str) -> None:
        """Make the built file ``name`` (in this folder) the current catalog. Lock held; takes milliseconds."""
        old = self.current
        self.mark_sound(self.path(name))
        self._point_to(name)
        self._attach(name)
        self._seen()
        self.replaced = ""
        if old and old != name:
            remove_file(self.path(old))

    def reset(self) -> None:
        """An empty catalog in place of the current one (the next sync rebuilds it). Lock held."""
        if self.memory:
            self.db.conn.execute("DETACH DATABASE catalog")
            self._attach_current()
            return
        old = self.current
        if old is not None:
            self._detach()
        self.db.conn.execute("DELETE FROM main.catalog_home WHERE key='file'")
        self._attach_current()
        if old:
            remove_file(self.path(old))


def create_schema(conn: sqlite3.Connection, schema: str, *, indexes: bool) -> None:
    for statement in statements(TABLES + (INDEXES if indexes else "")):
        conn.execute(_qualify(statement, schema))


def create_indexes(conn: sqlite3.Connection, schema: str) -> None:
    for statement in statements(INDEXES):
        conn.execute(_qualify(statement, schema))


def _qualify(statement: str, schema: str) -> str:
    m = re.match(r"(CREATE (?:UNIQUE )?(?:VIRTUAL )?(?:TABLE|INDEX) )(\w+)", statement)
    assert m is not None
    return f"{m.group(1)}{schema}.{m.group(2)}{statement[m.end():]}"


def set_meta(conn: sqlite3.Connection, schema: str, values: dict[str, str]) -> None:
    conn.executemany(f"INSERT INTO {schema}.catalog_meta(key, value) VALUES (?,?)"
                     " ON CONFLICT(key) DO UPDATE SET value=excluded.value", sorted(values.items()))


def _schema_of(conn: sqlite3.Connection, schema: str) -> set[tuple[str, str, str]]:
    return {(r[0], r[1], " ".join(str(r[2] or "").split())) for r in conn.execute(
        f"SELECT type, name, sql FROM {schema}.sqlite_master WHERE name NOT LIKE 'sqlite_%'")}


DAMAGED_SUFFIX = ".damaged"  # beside a catalog file its deferred check found damaged: replaced at the next start
CHECK_LATER_BYTES = 64 * 1024 * 1024  # a catalog file this big is checked after the start, not before it


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def check_catalog_file(path: Path) -> str | None:
    """Why the file at ``path`` (a downloaded snapshot) cannot be used as this profile's catalog, or None when it
    can: exactly our schema (no trigger, view or other table), our format, and SQLite finds no damage in it."""
    expected = sqlite3.connect(":memory:")
    try:
        create_schema(expected, "main", indexes=True)
        want = _schema_of(expected, "main")
    finally:
        expected.close()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        if _schema_of(conn, "main") != want:
            return "its tables are not those of this b2bterm's catalog"
        if file_format(conn, "main") != catalog_format():
            return "it was built for another version of the catalog"
        problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            return "SQLite finds it damaged: " + "; ".join(problems[:3])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return None
