"""Prefix queries longer than the prefix indexes: written as an OR of the catalog's own terms
(catalog_term) they find exactly what the prefix query finds, in a catalog built in bulk, changed page by page, or
held in memory; and an expression is only rewritten where that is a prefix word it can expand."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.domain.models import Product
from b2bterm.local import prefix_terms
from b2bterm.local.attr_search import TEXT_COLUMNS
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.local.prefix_terms import expand
from tests.unit.test_catalog_sync import make_products


def _products() -> list[Product]:
    extra = [
        Product(sku="ACC-1", model="X_Café-12", brand="Légrand Électrique", category="Prises & Fiches",
                name_en="socket outlet straße cafébar zzzzzzold blocker", name_zh="插座开关", popularity=7),
        Product(sku="ACC-2", model="RVV3X1.5", brand="施耐德Schneider", category="Cables",
                name_en="control cable RVV 3x1.5 contact", name_zh="控制电缆", popularity=3,
                attributes=(("Cores", "3"), ("Size", "1.5 mm²"))),
    ]
    return [*make_products(30), *extra]


def _prefixes(conn: sqlite3.Connection) -> list[str]:
    """Every prefix of every ASCII term of the words index that ``expand`` looks up, and a few of nothing."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.t_terms USING fts5vocab(catalog, product_fts, row)")
    terms = [r[0] for r in conn.execute("SELECT term FROM temp.t_terms")]
    start = prefix_terms.EXPAND_FROM
    found = {t[:n] for t in terms if t[:1].isascii() for n in range(start, start + 4) if len(t) >= n}
    return sorted(found | {"zzzzzzq", "cafeba", "strass"})


def _same_as_the_prefix_query(catalog: LocalCatalog) -> None:
    conn = catalog.db.conn
    with catalog.db.lock:
        prefixes = _prefixes(conn)
        assert len(prefixes) > 50
        for word in prefixes:
            expr = f'{TEXT_COLUMNS}"{word}"*'
            native = [r[0] for r in conn.execute("SELECT rowid FROM product_fts WHERE product_fts MATCH ?"
                                                 " ORDER BY rowid", (expr,))]
            ours = [r[0] for r in conn.execute("SELECT rowid FROM product_fts WHERE product_fts MATCH ?"
                                               " ORDER BY rowid", (expand(conn, expr),))]
            assert ours == native, word


@pytest.mark.parametrize("where", ["file", "memory"])
def test_an_expanded_prefix_finds_what_the_prefix_query_finds(tmp_path: Path, where: str) -> None:
    db = Database(tmp_path / "local.sqlite" if where == "file" else ":memory:")
    catalog = LocalCatalog(db)
    products = _products()
    catalog.apply_changes(CatalogChanges(products=tuple(products), next_cursor="1", done=True))  # bulk, for a file
    _same_as_the_prefix_query(catalog)
    # words that no product had before, added and changed page by page
    catalog.apply_changes(CatalogChanges(products=(
        replace(products[3], name_en="zzzzzzquux terminal blöckers", brand="Zzzzzzbrand"),
        Product(sku="NEW-1", model="QQ-77", brand="Brandnew", category="Relays", name_en="relay zzzzzza coil"),
    ), deleted=(products[4].sku,), next_cursor="2", done=True))
    _same_as_the_prefix_query(catalog)
    # (the first pass had a word beginning with each of these: an OR of only its terms would miss the new ones)
    assert {h.sku for h in catalog.search("zzzzzz").hits} == {"ACC-1", products[3].sku, "NEW-1"}
    assert {h.sku for h in catalog.search("blocke").hits} == {"ACC-1", products[3].sku}
    assert [h.sku for h in catalog.search("straß").hits] == ["ACC-1"]
    db.close()


def test_only_prefix_words_it_can_expand_are_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE catalog_term (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE TABLE catalog_pinyin (term TEXT NOT NULL, zh TEXT NOT NULL, PRIMARY KEY (term, zh))")
    conn.executemany("INSERT INTO catalog_term VALUES (?, ?)", [("contact", 5), ("contactor", 9), ("control", 2)]
                     + [(f"lcxdab{i:03d}", 1) for i in range(400)] + [("kvvpzz", 5000), ("kvvpzzq", 900)]
                     + [(f"kvvpzz{i}x1", 2) for i in range(100, 400)] + [("lc1d09m7", 900)])
    assert expand(conn, '{words} : "contac"* AND "contact"*') == (
        '{words} : ("contact" OR "contactor") AND ("contact" OR "contactor")')
    # short, whole, not plain ASCII, a piece of a model number
    untouched = '"conta"* AND "contact" AND "côntac"* AND "lc1d09"*'
    assert expand(conn, untouched) == untouched
    assert expand(conn, '"cont act"*') == '("cont" AND "act"*)'  # a phrase: its tokens (the index has no positions)
    # in a string (then its tokens: the index has no positions); no term
    assert expand(conn, '"x""contac"* OR "nosuchword"*') == '("x" AND "contac"*) OR "nosuchword"*'
    # many rare terms (model numbers): the prefix query merges their small doclists faster than an OR reads them
    assert expand(conn, '"lcxdab"*') == '"lcxdab"*'
    # both: the common terms read in the OR, each group of rare ones (by the next character) a prefix query
    assert expand(conn, '"kvvpzz"*') == '("kvvpzz" OR "kvvpzz1"* OR "kvvpzz2"* OR "kvvpzz3"* OR "kvvpzzq")'
    # a pinyin word: also the Chinese it spells (the shortest of them: 控制器 has 控制), with the English terms
    conn.executemany("INSERT INTO catalog_pinyin VALUES (?, ?)", [("kongzhi", "控制"), ("kongzhiqi", "控制器"),
                                                                ("kz", "控制"), ("kzq", "控制器"), ("kaiguan", "开关")])
    assert expand(conn, '"kongz"*') == '("kongz"* OR "控制")'
    assert expand(conn, '"ko"* AND "kzq"*') == '("ko"* OR "控制") AND ("kzq"* OR ("控制" AND "制器"))'
    assert expand(conn, '"k"*') == '"k"*'  # one letter begins the pinyin of nearly everything: not looked up
    monkeypatch.setattr(prefix_terms, "DOCS_PER_TERM", 1)
    every = expand(conn, '"lcxdab"*')  # each rare term now counts as worth reading: all 400 in the OR
    assert every.startswith("(") and "*" not in every and every.count(" OR ") == 399
    monkeypatch.setattr(prefix_terms, "MAX_TERMS", 5)
    assert expand(conn, '"lcxdab"*') == '"lcxdab"*'
