"""Catalog format 11: the words index keeps which columns of a product hold a term, not where (FTS5 detail=column,
issue 18: a smaller catalog file). FTS5 refuses a phrase there, so every phrase the search writes (a Chinese run's
bigrams, a brand or category of several words, a value as written, the Chinese a pinyin word spells) is searched
as its tokens ANDed: the same products are found in a catalog built in bulk, one changed page by page and one in
memory; a catalog file of format 10 is replaced and rebuilt on the next sync."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.domain.models import Product
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.catalog_file import FORMAT_SOURCE_KEY, catalog_format, catalog_format_source, create_schema, set_meta
from b2bterm.local.db import Database
from b2bterm.local.prefix_terms import expand, fts_tokens, unphrased
from tests.unit.catalog_fixture import aged_catalog, three_ways
from tests.unit.test_catalog_sync import make_products


def _products() -> list[Product]:
    return [
        Product(sku="ZH-1", model="LC1D09M7", brand="Schneider Electric", category="Contactors",
                name_en="TeSys D contactor 9A", name_zh="施耐德 交流接触器 9A 线圈220V", popularity=5),
        Product(sku="ZH-2", model="NXB-63 C16", brand="CHINT Electric", category="Circuit breakers",
                name_en="miniature circuit breaker 1P C16", name_zh="正泰 小型断路器 1P C16", popularity=9),
        Product(sku="CB-1", model="RVV 3x1.5", brand="Far East Cable", category="Cable and wire",
                name_en="control cable 0.6/1kV 3x1.5 mm²", name_zh="远东电缆 控制电缆", popularity=3,
                attributes=(("Cores", "3"), ("Size", "1.5 mm²"))),
        *make_products(30),
    ]


def test_phrases_are_searched_as_their_tokens_anded() -> None:
    assert unphrased('{words brand category} : "接触 触器"') == '{words brand category} : ("接触" AND "触器")'
    assert unphrased('"0 6/1kv"*') == '("0" AND "6" AND "1kv"*)'
    assert unphrased('brand : ("abb" OR "far east cable")') == 'brand : ("abb" OR ("far" AND "east" AND "cable"))'
    assert unphrased('"a ""b"" c"') == '("a" AND "b" AND "c")'
    one_token = '"x"* AND "lc1d09m7" AND facts : ("\ue001" OR "\ue002") AND "" AND NOT "9a"'
    assert unphrased(one_token) == one_token
    assert fts_tokens("Straße-12 控制电缆 1.5mm²") == ["Straße", "12", "控制电缆", "1", "5mm²"]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE catalog_term (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE TABLE catalog_pinyin (term TEXT NOT NULL, zh TEXT NOT NULL, PRIMARY KEY (term, zh))")
    conn.executemany("INSERT INTO catalog_pinyin VALUES (?, ?)", [("kongzhiqi", "控制器"), ("kzq", "控制器")])
    # the Chinese a pinyin word spells, and a phrase with no star (no prefix to expand)
    assert expand(conn, '"kzq"* AND {words} : "9 a"') == '("kzq"* OR ("控制" AND "制器")) AND {words} : ("9" AND "a")'


def test_an_index_without_positions_finds_what_phrases_found(tmp_path: Path) -> None:
    products = _products()
    for how, catalog in three_ways(tmp_path, products, first=10, page=7).items():
        for run in ("交流接触器", "小型断路器", "控制电缆", "断路"):
            want = {p.sku for p in products if run in p.name_zh}
            assert {h.sku for h in catalog.search(run, limit=200).hits} == want, (how, run)
        assert [h.sku for h in catalog.search("正泰 小型断路器").hits][:1] == ["ZH-2"], how
        assert [h.sku for h in catalog.search("控制电缆 0.6/1kV").hits] == ["CB-1"], how
        assert [h.sku for h in catalog.search('brand:"Far East Cable" cable').hits] == ["CB-1"], how
        assert "CB-1" in [h.sku for h in catalog.search("1.5 mm² cable").hits], how
        assert [h.sku for h in catalog.search("kongzhidianlan").hits] == ["CB-1"], how
        with catalog.db.lock, pytest.raises(sqlite3.OperationalError, match="phrase"):
            catalog.db.conn.execute("SELECT rowid FROM product_fts WHERE product_fts MATCH ?", ('"接触 触器"',))


def test_a_catalog_file_of_format_10_is_replaced_and_rebuilt_on_the_next_sync(tmp_path: Path) -> None:
    products = _products()
    catalog, old = aged_catalog(tmp_path, products, "10", "DELETE FROM catalog_meta WHERE key = 'format_source'")
    assert catalog.count() == 0 and not catalog.is_complete() and catalog.cursor() is None and not old.exists()
    catalog.apply_changes(CatalogChanges(products=tuple(products), next_cursor="40", done=True))
    assert [h.sku for h in catalog.search("小型断路器").hits] == ["ZH-2"]
    catalog.db.close()


def test_the_catalog_says_why_it_was_set_aside_until_a_built_file_takes_its_place(tmp_path: Path) -> None:
    """``CatalogHome.replaced``: "format" for a file an earlier b2bterm made, "damaged" for one gone (or failing its
    check), "" for the file as it was; a built file swapped in clears it."""
    products = _products()
    catalog, _old = aged_catalog(tmp_path / "aged", products, "10")
    assert catalog.home.replaced == "format" and catalog.count() == 0
    catalog.db.close()
    again = LocalCatalog(Database(tmp_path / "aged" / "local.sqlite"))  # the fresh file is this b2bterm's own
    assert again.home.replaced == ""
    name = again.home.current
    again.db.close()
    (tmp_path / "aged" / str(name)).unlink()
    gone = LocalCatalog(Database(tmp_path / "aged" / "local.sqlite"))
    assert gone.home.replaced == "damaged" and gone.count() == 0
    built = gone.home.path(gone.home.next_name())  # a file built (a sync's, a snapshot's) and swapped in
    conn = sqlite3.connect(built)
    create_schema(conn, "main", indexes=True)
    set_meta(conn, "main", {"format": catalog_format(), FORMAT_SOURCE_KEY: catalog_format_source()})
    conn.close()
    with gone.db.lock:
        gone.home.swap(built.name)
    assert gone.home.replaced == ""
    gone.db.close()
