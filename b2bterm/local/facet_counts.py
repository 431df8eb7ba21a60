"""Facets of a whole result set: brands and attribute values of every product an FTS expression matches (up to
FACET_CAP, the most popular first), from the interned ``attr_value`` / ``product_value`` tables of the catalog file
(b2bterm.local.catalog_file), so no product's JSON is read. Every function takes a connection whose lock the caller
holds.

``product_value`` holds one row per product: the ids of its interned values packed in a blob (``pack_vids``), two
bytes each. As one (id, vid) row per value it was 111 MiB of a 1M catalog (6.5 rows a product, each with the 8-byte
popularity id); packed it is about a fifth of that, and counting reads one row per matched product instead of six.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from b2bterm.domain.facets import BRAND
from b2bterm.domain.models import Product
from b2bterm.local.prefix_terms import expand

FACET_CAP = 10_000  # matches counted (as "showing 20 of N" counts); a broader set: its most popular FACET_CAP
_WIDE = b"\xff\xff"  # a blob starting with this holds 4-byte ids (some id of the product is 0xFFFF or more)


def pack_vids(vids: Iterable[int]) -> bytes:
    """A product's value ids (distinct, ascending) as ``product_value.vids``: unsigned 16-bit little-endian, or
    ``_WIDE`` then 32-bit ones when an id does not fit in 16 bits without being taken for ``_WIDE``."""
    ids = sorted(set(vids))
    wide = bool(ids) and ids[-1] >= 0xFFFF
    arr = array("I" if wide else "H", ids)
    if sys.byteorder == "big":
        arr.byteswap()
    return (_WIDE if wide else b"") + arr.tobytes()


def unpack_vids(blob: bytes) -> array[int]:
    wide = blob[:2] == _WIDE
    arr = array("I" if wide else "H", blob[2:] if wide else blob)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr


def _chunks(items: Sequence[tuple[str, str]], size: int = 400) -> list[Sequence[tuple[str, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def index_values(conn: sqlite3.Connection, rows: Sequence[tuple[int, Product]]) -> None:
    """Record the brand and attribute values of these (product id, product) rows."""
    pairs = {(BRAND, p.brand) for _, p in rows if p.brand}
    pairs |= {(n, v) for _, p in rows for n, v in p.attributes if v}
    if not pairs:
        return
    conn.executemany("INSERT OR IGNORE INTO attr_value(name, value) VALUES (?,?)", sorted(pairs))
    vid: dict[tuple[str, str], int] = {}
    for chunk in _chunks(sorted(pairs)):
        where = " OR ".join("(name=? AND value=?)" for _ in chunk)
        vid.update({(n, v): i for i, n, v in conn.execute(
            f"SELECT vid, name, value FROM attr_value WHERE {where}", [x for pair in chunk for x in pair])})
    conn.executemany("INSERT OR REPLACE INTO product_value(id, vids) VALUES (?,?)", [
        (pid, pack_vids(vid[pair] for pair in ([(BRAND, p.brand)] if p.brand else [])
                        + [(n, v) for n, v in p.attributes if v]))
        for pid, p in rows if p.brand or any(v for _, v in p.attributes)])


def forget_values(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    conn.executemany("DELETE FROM product_value WHERE id=?", [(i,) for i in ids])


def count_values(conn: sqlite3.Connection, expr: str, cap: int = FACET_CAP
                 ) -> tuple[int, Counter[str], dict[str, Counter[str]], bool]:
    """(products counted, brands, attribute name -> value counts, True when the set is larger than ``cap``)."""
    total = 0
    counts: list[tuple[int, int]] = []
    if expr:
        expr = expand(conn, expr)
        total = conn.execute("SELECT count(*) FROM (SELECT rowid FROM product_fts WHERE product_fts MATCH ?"
                             " ORDER BY rowid LIMIT ?)", (expr, cap + 1)).fetchone()[0]
        tally: Counter[int] = Counter()
        for (blob,) in conn.execute(
                "SELECT v.vids FROM (SELECT rowid AS id FROM product_fts WHERE product_fts MATCH ?"
                " ORDER BY rowid LIMIT ?) m CROSS JOIN product_value v ON v.id = m.id", (expr, cap)):
            tally.update(unpack_vids(blob))
        counts = list(tally.items())
    names: dict[int, tuple[str, str]] = {}
    vids = [v for v, _ in counts]
    for i in range(0, len(vids), 500):
        chunk = vids[i : i + 500]
        names.update({r[0]: (r[1], r[2]) for r in conn.execute(
            f"SELECT vid, name, value FROM attr_value WHERE vid IN ({','.join('?' * len(chunk))})", chunk)})
    brands: Counter[str] = Counter()
    by_name: dict[str, Counter[str]] = {}
    for v, n in counts:
        name, value = names.get(v, ("", ""))
        if not value:
            continue
        if name == BRAND:
            brands[value] += n
        else:
            by_name.setdefault(name, Counter())[value] += n
    return min(total, cap), brands, by_name, total > cap
