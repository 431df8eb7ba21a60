"""The catalog file's compact tables (issue 18) answer as before, in a catalog built in bulk, one changed page by page
and one in memory: a loose model key (O/0, I/1, L/1 slips) is stored only where it differs from the key, a product's
facet values are one packed row."""

from __future__ import annotations

from pathlib import Path

from b2bterm.domain.catalog_feed import CatalogChanges
from b2bterm.domain.models import Product
from b2bterm.domain.search_query import MatchKind
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.local.facet_counts import pack_vids, unpack_vids
from tests.unit.catalog_fixture import aged_catalog, three_ways

MODELS = ["LC1D09M7", "O11O-22", "3RT2015-1BB41", "NXB-63 1P C16", "A9F74116", "E2E-X5ME1", "QS-100", "RVV 3x1.5",
          "ABC-123", "XYZ-9"]


def _products() -> list[Product]:
    return [Product(sku=f"S-{i:03d}", model=MODELS[i % len(MODELS)] + ("" if i < len(MODELS) else f"-{i}"),
                    brand=("Acme", "Bolt", "Core")[i % 3], category="Parts", name_en=f"part {i}",
                    attributes=(("Poles", f"{1 + i % 4}P"), ("Coil voltage", ("24V", "220V")[i % 2])),
                    popularity=i) for i in range(40)]


def _catalogs(tmp_path: Path) -> dict[str, LocalCatalog]:
    return three_ways(tmp_path, _products(), first=0, page=9)


def test_codes_slips_and_model_prefixes_find_the_same_in_every_kind_of_catalog(tmp_path: Path) -> None:
    catalogs = _catalogs(tmp_path)
    typed = {"LCID09M7": "S-000", "0110-22": "S-001", "E2E-X5MEl": "S-005", "OS-100": "S-006", "lc1d09m7": "S-000"}
    for how, catalog in catalogs.items():
        found = catalog.match_codes(list(typed))
        assert {code: sorted(m.sku for m in found.get(code, [])) for code in typed} == {
            "LCID09M7": ["S-000"], "0110-22": ["S-001"], "E2E-X5MEl": ["S-005"], "OS-100": ["S-006"],
            "lc1d09m7": ["S-000"]}, how
        first = catalog.search("LCID09M7").hits[0]
        assert (first.sku, first.match) == ("S-000", MatchKind.MODEL_LOOSE), how
        # a model-number prefix: every product whose model key begins with it, and nothing else
        for prefix in ("lc1d", "3rt2015", "nxb63", "a9f7"):
            want = {p.sku for p in _products() if p.model.replace("-", "").replace(" ", "").lower()
                    .startswith(prefix)}
            got = {h.sku for h in catalog.search(prefix, limit=200).hits
                   if h.match in (MatchKind.MODEL, MatchKind.MODEL_PREFIX)}
            assert got == want and want, (how, prefix)
    with catalogs["bulk"].db.lock:
        rows = [tuple(r) for r in catalogs["bulk"].db.conn.execute("SELECT key, loose FROM catalog.model")]
    assert ("LC1D09M7", "1C1D09M7") in rows and ("ABC123", "") in rows  # only a key with a slip stores its loose key


def test_facet_values_are_one_packed_row_a_product(tmp_path: Path) -> None:
    assert list(unpack_vids(pack_vids([3, 1, 3, 700]))) == [1, 3, 700]
    assert list(unpack_vids(pack_vids([2, 70_000, 0xFFFF]))) == [2, 0xFFFF, 70_000]  # wide ids
    assert list(unpack_vids(pack_vids([]))) == []
    for how, catalog in _catalogs(tmp_path).items():
        facets, total, capped = catalog.facets("part")
        counts = {(f.name, v): n for f in facets for v, n in f.values}
        assert total == 40 and not capped, how
        assert counts[("Poles", "1P")] == 10 and counts[("Coil voltage", "24V")] == 20, how
        with catalog.db.lock:
            n = catalog.db.conn.execute("SELECT count(*) FROM catalog.product_value").fetchone()[0]
        assert n == 40, how


def test_attribute_facts_are_interned_and_read_back_per_product(tmp_path: Path) -> None:
    from b2bterm.local.attr_search import facts_of, index_facts

    products = _products()
    want_by_sku = {p.sku: index_facts(p) for p in products}
    for how, catalog in _catalogs(tmp_path).items():
        with catalog.db.lock:
            conn = catalog.db.conn
            ids = dict(conn.execute("SELECT sku, id FROM catalog.product"))
            got = facts_of(conn, list(ids.values()))
            shared = conn.execute("SELECT count(*) FROM catalog.catalog_facts").fetchone()[0]
        assert {sku: got[i] for sku, i in ids.items()} == want_by_sku, how
        assert shared <= len(set(want_by_sku.values())) + 1 < len(products), how  # one row per distinct text


def test_a_staging_file_left_by_another_catalog_format_is_started_again(tmp_path: Path) -> None:
    """An interrupted build of an older b2bterm left its staging file (format 7: other columns, a pv table): the next
    build drops its tables and starts the pass again instead of failing on them."""
    import sqlite3

    from b2bterm.local.catalog_file import catalog_format

    catalog = LocalCatalog(Database(tmp_path / "local.sqlite"))
    stage = catalog.home.path(catalog.home.next_name() + ".stage")
    old = sqlite3.connect(stage)
    old.executescript("""
        CREATE TABLE item (n INTEGER PRIMARY KEY, id INTEGER NOT NULL, sku TEXT NOT NULL, model_key TEXT NOT NULL,
            brand TEXT NOT NULL, category TEXT NOT NULL, data TEXT NOT NULL, facts TEXT NOT NULL, words TEXT NOT NULL);
        CREATE TABLE pv (n INTEGER NOT NULL, vid INTEGER NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO item VALUES (1, 1, 'OLD-1', 'OLD1', 'b', 'c', '{}', '', 'old');
        INSERT INTO meta VALUES ('format', '7:old'), ('cursor', '1');
    """)
    old.commit()
    old.close()
    assert catalog.cursor() is None  # the old pass is not resumed
    products = _products()
    catalog.apply_changes(CatalogChanges(products=tuple(products), next_cursor="40", done=True))
    assert catalog.count() == 40 and catalog.product("OLD-1") is None and not stage.exists()
    with catalog.db.lock:
        assert catalog.db.conn.execute("SELECT value FROM catalog.catalog_meta WHERE key='format'").fetchone()[0] \
            == catalog_format()


def test_attribute_facts_are_one_character_codes_in_the_words_index(tmp_path: Path) -> None:
    """The words index's facts column holds each fact as a one-character code (no prefix index entries of its own):
    stated values find the same products in a bulk, a paged and an in-memory catalog; a fact no product has finds
    nothing."""
    from b2bterm.local import fact_codes

    numbers = [fact_codes.code(n) for n in range(1, 20_000)]
    assert len(set(numbers)) == len(numbers) and fact_codes.NONE not in numbers
    assert len(fact_codes.code(6399)) == 1 and len(fact_codes.code(6400)) == 2
    products = _products()
    want = {p.sku for p in products if ("Poles", "4P") in p.attributes and ("Coil voltage", "220V") in p.attributes}
    assert want
    for how, catalog in _catalogs(tmp_path).items():
        hits = catalog.search("4P 220V", limit=200).hits
        assert {h.sku for h in hits[:len(want)]} == want, how
        with catalog.db.lock:
            conn = catalog.db.conn
            conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.facts_vocab"
                         " USING fts5vocab(catalog, product_fts, col)")
            terms = dict(conn.execute("SELECT term, doc FROM temp.facts_vocab WHERE col = 'facts'"))
            conn.execute("DROP TABLE temp.facts_vocab")
            known = dict(conn.execute("SELECT fact, n FROM catalog.catalog_fact_code"))
            unknown = fact_codes.translate(conn, 'facts : ("v220" OR "zz999")')
        assert terms and all(len(t) == 1 and not t.isascii() for t in terms), how
        assert terms[fact_codes.code(known["v24"])] == 20, how  # the product removed again (24V) left no entry
        assert unknown == f'facts : ("{fact_codes.code(known["v220"])}" OR "{fact_codes.NONE}")', how


def test_a_catalog_file_of_format_8_is_replaced_and_rebuilt_on_the_next_sync(tmp_path: Path) -> None:
    """A file of the format before the facts' codes (facts written out, no catalog_fact_code) is never searched:
    an empty one takes its place and the next sync rebuilds it, stated values and all."""
    products = _products()
    catalog, old = aged_catalog(tmp_path, products, "8", "DROP TABLE catalog_fact_code")
    assert catalog.count() == 0 and not catalog.is_complete() and catalog.cursor() is None and not old.exists()
    catalog.apply_changes(CatalogChanges(products=tuple(products), next_cursor="40", done=True))
    want = {p.sku for p in products if ("Poles", "4P") in p.attributes and ("Coil voltage", "220V") in p.attributes}
    assert {h.sku for h in catalog.search("4P 220V", limit=200).hits[:len(want)]} == want
