"""Facets of a whole result set, counted in SQL: brands and attribute values of every product an FTS expression
matches (up to FACET_CAP, the most popular first), from the interned ``attr_value`` / ``product_value`` tables
of the catalog file (b2bterm.local.catalog_file), so no product's JSON is read. Every function takes a connection
whose lock the caller holds.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence

from b2bterm.domain.facets import BRAND
from b2bterm.domain.models import Product
from b2bterm.local.prefix_terms import expand

FACET_CAP = 10_000  # matches counted (as "showing 20 of N" counts); a broader set: its most popular FACET_CAP


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
    conn.executemany("INSERT OR IGNORE INTO product_value(id, vid) VALUES (?,?)", [
        (pid, vid[pair]) for pid, p in rows
        for pair in ([(BRAND, p.brand)] if p.brand else []) + [(n, v) for n, v in p.attributes if v]])


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
        counts = conn.execute(
            "SELECT v.vid, count(*) FROM (SELECT rowid AS id FROM product_fts WHERE product_fts MATCH ?"
            " ORDER BY rowid LIMIT ?) m CROSS JOIN product_value v ON v.id = m.id GROUP BY v.vid",
            (expr, cap)).fetchall()
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
