"""Catalog format 10: a product's id is its place in popularity order (small ids, ID_GAP apart after a full build);
a product a later page adds is placed among the others; SKUs are found without an index of their own."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.domain.models import Product
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.catalog_index import ID_GAP
from b2bterm.local.db import Database
from tests.unit.catalog_fixture import three_ways


def _products(n: int = 30) -> list[Product]:
    return [Product(sku=f"P-{i:03d}", model=f"KX{i:03d}-A", brand="Acme", category="Parts", name_en=f"widget {i}",
                    popularity=(i * 37) % 11) for i in range(n)]


def _rows(catalog: LocalCatalog) -> list[tuple[int, int, str]]:
    with catalog.db.lock:
        return [tuple(r) for r in catalog.db.conn.execute("SELECT id, pop, sku FROM catalog.product ORDER BY id")]


def _in_popularity_order(rows: list[tuple[int, int, str]]) -> bool:
    return all(a[1] >= b[1] for a, b in pairwise(rows))


def test_ids_follow_popularity_in_every_kind_of_catalog(tmp_path: Path) -> None:
    products = _products()
    for how, catalog in three_ways(tmp_path, products, first=10, page=7).items():
        rows = _rows(catalog)
        assert len(rows) == len(products), how
        if how != "paged":  # (pages of 7 into 10 products fill the gaps: some take the next free id instead)
            assert _in_popularity_order(rows), how
            # equal popularity: the order the platform sent them (as before: arrival breaks ties)
            by_pop: dict[int, list[str]] = {}
            for _, pop, sku in rows:
                by_pop.setdefault(pop, []).append(sku)
            assert all(skus == sorted(skus) for skus in by_pop.values()), how
        # the words index is read in id order: a broad query lists the most popular first
        hits = catalog.search("widget", limit=200).hits
        assert [h.sku for h in hits] == [sku for _, _, sku in rows], how
    bulk = _rows(three_ways(tmp_path / "again", products, first=0, page=30)["bulk"])
    assert [r[0] for r in bulk] == [ID_GAP * (i + 1) for i in range(len(products))]  # small and evenly spaced


def test_products_added_later_go_between_their_neighbours_and_never_collide(tmp_path: Path) -> None:
    """After a full build, pages add products of a popularity between two others: the first ones take the ids
    between them; once no id is left there, the next free one (order a little off, nothing lost)."""
    catalog = LocalCatalog(Database(tmp_path / "local.sqlite"))
    base = [replace(p, popularity=10 * (30 - i)) for i, p in enumerate(_products())]  # 300, 290, ..., 10
    catalog.apply_changes(CatalogChanges(products=tuple(base), next_cursor="1", done=True))
    added = [Product(sku=f"N-{i}", model=f"NEW{i}", brand="Acme", category="Parts", name_en=f"widget new {i}",
                     popularity=155) for i in range(6)]
    for i, p in enumerate(added):  # one page each: each finds the ones before it
        catalog.apply_changes(CatalogChanges(products=(p,), next_cursor=str(i + 2), done=True))
    rows = _rows(catalog)
    ids = [r[0] for r in rows]
    assert len(rows) == len(base) + len(added) and len(set(ids)) == len(ids)
    skus = [r[2] for r in rows]
    # the gap holds the first ones in order (each halves what is left), right after every product more popular
    first = skus.index("P-014")  # popularity 160
    assert ID_GAP >= 4 and skus[first + 1 : first + 4] == ["N-0", "N-1", "P-015"]
    assert all(catalog.product(p.sku) == p for p in added)
    assert {h.sku for h in catalog.search("new", limit=50).hits} == {p.sku for p in added}
    # a product made more popular moves up; one made less popular moves down
    catalog.apply_changes(CatalogChanges(products=(replace(added[-1], popularity=1000),
                                                   replace(base[0], popularity=0)), next_cursor="x", done=True))
    skus = [r[2] for r in _rows(catalog)]
    assert skus[0] == "N-5" and skus[-1] == "P-000"


def test_skus_are_found_whole_without_an_index_of_their_own(tmp_path: Path) -> None:
    """A SKU is found through its normalised key: SKUs that normalise alike stay apart, a SKU with no letter or
    digit is still found, and replacing a product never leaves its old row."""
    odd = [Product(sku=s, model=f"M{i}", brand="Acme", category="Parts", name_en=f"odd {i}", popularity=i)
           for i, s in enumerate(["AB-1", "ab1", "AB 1", "--", "#"])]
    for how, catalog in three_ways(tmp_path, [*_products(), *odd], first=5, page=9).items():
        assert {s: catalog.product(s).sku for s in ("AB-1", "ab1", "AB 1", "--", "#")} == {  # type: ignore[union-attr]
            "AB-1": "AB-1", "ab1": "ab1", "AB 1": "AB 1", "--": "--", "#": "#"}, how
        assert catalog.product("AB1") is None and catalog.product("-") is None, how
        n = catalog.count()
        catalog.apply_changes(CatalogChanges(products=(replace(odd[0], name_en="odd renamed"),
                                                       replace(odd[3], name_en="dash renamed")),
                                             next_cursor="z", done=True))
        assert catalog.count() == n, how
        assert catalog.product("AB-1").name_en == "odd renamed", how  # type: ignore[union-attr]
        assert catalog.product("--").name_en == "dash renamed", how  # type: ignore[union-attr]
        assert catalog.product("ab1").name_en == "odd 1", how  # type: ignore[union-attr]


def test_brand_and_category_filters_still_apply_to_code_matches(tmp_path: Path) -> None:
    """The product table holds no brand or category any more: a filter on code matches reads them from the row."""
    products = [replace(p, brand=("Acme", "Bolt")[i % 2], category=("Parts", "Relays")[i % 3 == 0])
                for i, p in enumerate(_products(12))]
    for how, catalog in three_ways(tmp_path, products, first=4, page=5).items():
        for query, keep in (("brand:bolt KX00", lambda p: p.brand == "Bolt"),
                            ("cat:relays KX00", lambda p: p.category == "Relays"),
                            ("KX00", lambda p: True)):
            want = {p.sku for p in products if p.model.startswith("KX00") and keep(p)}
            assert {h.sku for h in catalog.search(query, limit=50).hits} == want and want, (how, query)


def test_a_big_catalog_files_daily_check_runs_after_the_start_and_damage_it_finds_replaces_it_next_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a 1M catalog's whole-file check read ~900 MiB before the first frame (35 s once a day)
    import sqlite3
    import threading

    from b2bterm.local import catalog_file, health

    products = tuple(Product(sku=f"S-{n}", model=f"M{n:03d}", brand="B", category="C", name_en="thing", popularity=n)
                     for n in range(30))
    db = Database(tmp_path / "local.sqlite")
    LocalCatalog(db).apply_changes(CatalogChanges(products=products, next_cursor="c", done=True))
    db.close()
    (path,) = tmp_path.glob("local.catalog-*.sqlite")
    health.forget_check(path)  # its daily check is due
    checked_on: list[str] = []

    real_check = health.check

    def damaged(conn: sqlite3.Connection, p: Path) -> tuple[bool, bool]:
        if p != path:
            return real_check(conn, p)  # the profile database: as it is
        checked_on.append(threading.current_thread().name)
        return True, False

    monkeypatch.setattr(catalog_file, "CHECK_LATER_BYTES", 0)  # every file counts as big
    monkeypatch.setattr(health, "check", damaged)
    db = Database(tmp_path / "local.sqlite")
    assert LocalCatalog(db).count() == 30  # the start goes on with the file
    for t in [t for t in threading.enumerate() if t.name == "catalog-check"]:
        t.join(10)
    db.close()
    assert checked_on == ["catalog-check"]  # not on the thread that starts the app
    db = Database(tmp_path / "local.sqlite")
    assert LocalCatalog(db).count() == 0  # marked damaged: replaced by an empty file, the next sync fills it
    assert not path.exists()
    db.close()
