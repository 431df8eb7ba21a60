"""The catalog in its own file: a full pass is built beside the one in use and swapped in, without holding the
profile database; another connection follows the swap; a downloaded snapshot is checked before it is used."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.catalog_build import CatalogBuild
from b2bterm.local.catalog_index import product_to_json
from b2bterm.local.db import Database
from b2bterm.local.facet_counts import unpack_vids
from b2bterm.local.product_codec import ProductCodec, train
from b2bterm.services.catalog_sync import sync_catalog
from tests.unit.test_catalog_sync import MemoryPlatform, make_products


def skus(catalog: LocalCatalog, query: str) -> list[str]:
    return [h.sku for h in catalog.search(query).hits]


async def test_a_rebuild_is_searched_old_until_the_swap_and_never_holds_the_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(tmp_path / "local.sqlite")
    catalog = LocalCatalog(db)
    platform = MemoryPlatform(make_products(300))
    await sync_catalog(platform, catalog, page_size=100)
    assert "product" not in {r[0] for r in db.conn.execute("SELECT name FROM main.sqlite_master")}
    platform.upsert(replace(platform.live["SKU-00007"], name_en="renamed widget"))
    writing, release = threading.Event(), threading.Event()
    finish = CatalogBuild.finish

    def slow_finish(self: CatalogBuild) -> None:
        writing.set()
        assert release.wait(30)
        finish(self)

    monkeypatch.setattr(CatalogBuild, "finish", slow_finish)
    build = threading.Thread(target=lambda: __import__("asyncio").run(
        sync_catalog(platform, catalog, page_size=100, full=True)))
    build.start()
    assert writing.wait(30)
    # the new file is being written: the old catalog answers, and the profile database takes a write at once
    assert skus(catalog, "renamed") == [] and skus(catalog, "SKU-00007") == ["SKU-00007"]
    with db.transaction() as conn:
        conn.execute("SELECT 1")
    release.set()
    build.join(30)
    assert skus(catalog, "renamed") == ["SKU-00007"] and catalog.count() == 300 and catalog.is_complete()
    assert len(list(tmp_path.glob("local.catalog-*.sqlite"))) == 1  # the old file is gone
    db.close()


def test_another_connection_follows_the_swap(tmp_path: Path) -> None:
    first = LocalCatalog(Database(tmp_path / "local.sqlite"))
    second = LocalCatalog(Database(tmp_path / "local.sqlite"))
    products = make_products(50)
    first.apply_changes(CatalogChanges(products=tuple(products), next_cursor="50", done=True))
    assert second.count() == 50 and skus(second, "SKU-00042") == ["SKU-00042"]


def test_quick_orders_near_misses_follow_the_swap_and_check_the_file_once_a_lookup(tmp_path: Path) -> None:
    first = LocalCatalog(Database(tmp_path / "local.sqlite"))
    second = LocalCatalog(Database(tmp_path / "local.sqlite"))
    products = make_products(50)
    model = products[42].model
    typo = model[:-2] + model[-1] + model[-2]  # the last two characters swapped
    assert second.prefix_skus(model[:-1]) == [] and second.fuzzy_skus(typo) == []
    first.apply_changes(CatalogChanges(products=tuple(products), next_cursor="50", done=True))
    assert "SKU-00042" in second.prefix_skus(model[:-1], limit=50)  # the swap is seen by the next lookup
    assert "SKU-00042" in [sku for sku, _ in second.fuzzy_skus(typo, limit=50)]
    checks: list[bool] = []
    refresh = second.home.refresh
    second.home.refresh = lambda: (checks.append(True), refresh())[1]  # type: ignore[method-assign]
    second.fuzzy_skus(typo)
    assert len(checks) == 1  # once for the lookup, not once a statement
    with second.checked_once():
        second.prefix_skus(model[:-1])
        second.fuzzy_skus(typo)
    assert len(checks) == 2


def test_a_pass_keeps_the_last_version_and_honours_a_later_deletion(tmp_path: Path) -> None:
    catalog = LocalCatalog(Database(tmp_path / "local.sqlite"))
    products = make_products(30)
    catalog.apply_changes(CatalogChanges(products=tuple(products[:20]), next_cursor="20", done=False))
    catalog.apply_changes(CatalogChanges(products=(replace(products[3], name_en="second version"),),
                                         deleted=("SKU-00005",), next_cursor="22", done=False))
    # a first build: what came first is searched at once (a preview of the first page), then the whole pass
    assert catalog.count() == 20 and catalog.received() == 21 and not catalog.is_complete()
    catalog.apply_changes(CatalogChanges(products=tuple(products[20:]), next_cursor="32", done=True))
    assert catalog.count() == 29 and catalog.cursor() == "32"
    assert skus(catalog, "second version") == ["SKU-00003"] and skus(catalog, "SKU-00005") == []
    assert catalog.product("SKU-00003").name_en == "second version"  # type: ignore[union-attr]


def _built(tmp_path: Path, n: int = 40) -> tuple[LocalCatalog, Path]:
    """A complete catalog and a copy of its file, as a platform would publish it."""
    catalog = LocalCatalog(Database(tmp_path / "src" / "local.sqlite"))
    catalog.apply_changes(CatalogChanges(products=tuple(make_products(n)), next_cursor=str(n), done=True))
    path, _, cursor, total = catalog.snapshot_file()
    assert cursor == str(n) and total == n
    copy = tmp_path / "published.sqlite"
    copy.write_bytes(path.read_bytes())
    return catalog, copy


def test_a_sound_snapshot_is_installed(tmp_path: Path) -> None:
    _, published = _built(tmp_path)
    target = LocalCatalog(Database(tmp_path / "local.sqlite"))
    assert target.wants_snapshot()
    download = target.snapshot_target()
    download.write_bytes(published.read_bytes())
    assert target.install_snapshot(download) is None
    assert target.count() == 40 and target.cursor() == "40" and not target.wants_snapshot()
    assert skus(target, "SKU-00012") == ["SKU-00012"]


@pytest.mark.parametrize("tamper", ["trigger", "format", "garbage", "index"])
def test_a_snapshot_that_is_not_our_catalog_is_refused(tmp_path: Path, tamper: str) -> None:
    _, published = _built(tmp_path)
    if tamper == "garbage":
        data = bytearray(published.read_bytes())
        data[4096:8192] = b"\xff" * 4096
        published.write_bytes(bytes(data))
    else:
        conn = sqlite3.connect(published)
        if tamper == "trigger":
            conn.execute("CREATE TRIGGER t AFTER INSERT ON product BEGIN DELETE FROM product; END")
        elif tamper == "index":  # (exactly our schema: an index more is refused too)
            conn.execute("CREATE INDEX other ON product(sku)")
        else:
            conn.execute("UPDATE catalog_meta SET value='0:other' WHERE key='format'")
        conn.commit()
        conn.close()
    target = LocalCatalog(Database(tmp_path / "local.sqlite"))
    download = target.snapshot_target()
    download.write_bytes(published.read_bytes())
    assert target.install_snapshot(download) is not None
    assert not download.exists() and target.count() == 0 and target.wants_snapshot()


def _values(catalog: LocalCatalog) -> set[tuple[str, str, str]]:
    """(sku, facet name, value) of every interned value in the attached catalog file."""
    with catalog.db.lock:
        conn = catalog.db.conn
        names = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT vid, name, value FROM catalog.attr_value")}
        return {(sku, *names[vid]) for sku, blob in conn.execute(
            "SELECT p.sku, pv.vids FROM catalog.product_value pv JOIN catalog.product p ON p.id = pv.id")
            for vid in unpack_vids(blob)}


def test_facet_values_are_the_same_built_in_bulk_or_written_one_change_at_a_time(tmp_path: Path) -> None:
    products = [replace(p, attributes=(("Coil voltage", f"{220 + 10 * (i % 3)}V"), ("Poles", f"{3 + i % 2}P"),
                                       ("Note", "")))
                for i, p in enumerate(make_products(12))]
    changed = replace(products[4], brand="Other", attributes=(("Coil voltage", "24V"),))
    final = [changed if p.sku == changed.sku else p for p in products if p.sku != "SKU-00007"]
    step = LocalCatalog(Database(tmp_path / "a" / "local.sqlite"))
    step.apply_changes(CatalogChanges(products=tuple(products), next_cursor="12", done=True))  # a full build
    step.apply_changes(CatalogChanges(products=(changed,), deleted=("SKU-00007",), next_cursor="14", done=True))
    bulk = LocalCatalog(Database(tmp_path / "b" / "local.sqlite"))
    bulk.apply_changes(CatalogChanges(products=tuple(final), next_cursor="14", done=True))
    want = {(p.sku, "", p.brand) for p in final} | {(p.sku, n, v) for p in final for n, v in p.attributes if v}
    assert _values(step) == _values(bulk) == want
    facets, total, capped = bulk.facets("contactor")
    assert total == 11 and not capped
    counts = {(f.name, v): n for f in facets for v, n in f.values}
    assert counts[("Coil voltage", "24V")] == 1 and counts[("Poles", "3P")] == 5


async def test_a_full_build_stores_compressed_rows_that_read_back_the_same(tmp_path: Path) -> None:
    products = make_products(300)
    catalog = LocalCatalog(Database(tmp_path / "local.sqlite"))
    await sync_catalog(MemoryPlatform(products), catalog, page_size=100)
    with catalog.db.lock:
        kinds = {r[0] for r in catalog.db.conn.execute("SELECT typeof(data) FROM catalog.product")}
        stored = catalog.db.conn.execute("SELECT avg(length(data)) FROM catalog.product").fetchone()[0]
    assert kinds == {"blob"} and stored < 0.5 * sum(len(product_to_json(p).encode()) for p in products) / 300
    left = {p.name for p in tmp_path.iterdir()}
    assert "local.catalog-2.sqlite" in left  # neither the staging file nor the words index's scratch file is left
    assert not {n for n in left if n.endswith((".stage", ".words", ".words-journal"))}
    assert catalog.products([p.sku for p in products]) == {p.sku: p for p in products}
    assert [h.product for h in catalog.search("SKU-00123").hits] == [products[123]]
    # a change after the build is stored with the same dictionary; a snapshot of the file carries it along
    catalog.apply_changes(CatalogChanges(products=(replace(products[5], name_en="changed widget"),),
                                         next_cursor="301", done=True))
    assert catalog.product("SKU-00005").name_en == "changed widget"  # type: ignore[union-attr]
    path, _, _, _ = catalog.snapshot_file()
    target = LocalCatalog(Database(tmp_path / "other" / "local.sqlite"))
    download = target.snapshot_target()
    download.write_bytes(path.read_bytes())
    assert target.install_snapshot(download) is None
    assert target.product("SKU-00200") == products[200] and skus(target, "changed widget") == ["SKU-00005"]


def test_a_small_catalog_keeps_plain_json_and_reads_the_same(tmp_path: Path) -> None:
    products = make_products(20)
    catalog = LocalCatalog(Database(tmp_path / "local.sqlite"))
    catalog.apply_changes(CatalogChanges(products=tuple(products), next_cursor="20", done=True))
    with catalog.db.lock:
        assert {r[0] for r in catalog.db.conn.execute("SELECT typeof(data) FROM catalog.product")} == {"text"}
    assert catalog.products([p.sku for p in products]) == {p.sku: p for p in products}


def test_a_compressed_row_without_its_dictionary_is_a_database_error() -> None:
    codec = ProductCodec(train([product_to_json(p) for p in make_products(300)]))
    row = codec.encode(make_products(1)[0])
    assert isinstance(row, bytes) and codec.decode(row) == make_products(1)[0]
    with pytest.raises(sqlite3.DatabaseError):
        ProductCodec(None).decode(row)
    with pytest.raises(sqlite3.DatabaseError):  # a damaged row: the database's damage path, not a zstd error
        codec.decode(row[:-7] + b"\x00" * 7)
