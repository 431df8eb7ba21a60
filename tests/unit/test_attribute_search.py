"""LocalCatalog: products found by what a customer says (brand, category, stated values), closest products with
what they miss, "did you mean", ranking and counting - on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from catalog_fixture import open_catalog

from b2bterm.domain.models import Product
from b2bterm.domain.money import Money
from b2bterm.domain.search_query import MatchKind
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.platform.base import CatalogChanges


def contactor(sku: str, model: str, brand: str, amps: int, coil: str, pop: int) -> Product:
    return Product(sku=sku, model=model, brand=brand, category="Contactors", name_en=f"{brand} contactor",
                   name_zh="交流接触器", popularity=pop, list_price=Money.of("100"),
                   attributes=(("rated_current", f"{amps} A"), ("poles", "3P"), ("coil_voltage", coil)))


def cable(sku: str, kind: str, cores: int, section: str, pop: int) -> Product:
    return Product(sku=sku, model=f"{kind} {cores}x{section} 100m", brand="Far East Cable", category="Cable and wire",
                   name_en=f"{kind} {cores}x{section} mm² cable", name_zh="电缆", popularity=pop,
                   attributes=(("type", kind), ("cores", str(cores)), ("cross_section", f"{section} mm²")))


PRODUCTS = [
    contactor("SE-1", "LC1D09M7", "Schneider Electric", 9, "AC220V", 900),
    contactor("SE-2", "LC1D09BD", "Schneider Electric", 9, "DC24V", 800),
    contactor("SE-3", "LC1D09P7", "Schneider Electric", 9, "AC230V", 850),
    contactor("SE-4", "LC1D12M7", "Schneider Electric", 12, "AC220V", 700),
    contactor("SIE-1", "3RT2015-1BB41", "Siemens", 7, "DC24V", 600),
    contactor("CHT-1", "NXC-09 220V", "CHINT", 9, "AC220V", 950),
    cable("C-1", "RVVP", 3, "1.5", 990),  # the shielded one is the more popular
    cable("C-2", "RVV", 3, "1.5", 500),
    cable("C-3", "RVV", 2, "1.5", 400),
    Product(sku="MCB-1", model="DZ47-60 3P C16", brand="CHINT", category="Miniature circuit breakers",
            name_en="CHINT DZ47-60 MCB 3P C16", name_zh="正泰微型断路器 3P C16", popularity=300,
            attributes=(("poles", "3P"), ("curve", "C"), ("rated_current", "16 A"))),
    Product(sku="MCB-2", model="DZ47-60 1P C16", brand="CHINT", category="Miniature circuit breakers",
            name_en="CHINT DZ47-60 MCB 1P C16", name_zh="正泰微型断路器 1P C16", popularity=350,
            attributes=(("poles", "1P"), ("curve", "C"), ("rated_current", "16 A"))),
]


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[LocalCatalog]:
    yield from open_catalog(tmp_path, PRODUCTS)


def skus(cat: LocalCatalog, query: str, **kw: object) -> list[str]:
    return [h.product.sku for h in cat.search(query, **kw).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["schneider contactor 9a 220v", "施耐德 接触器 9A 220V", "施耐德接触器9A220V",
                                   "Schneider 9 amp contactor AC220V", "施耐德交流接触器 9安 交流220V"])
def test_customer_phrasing_finds_the_product(catalog: LocalCatalog, query: str) -> None:
    result = catalog.search(query)
    assert result.hits[0].product.sku == "SE-1"
    assert {h.product.sku for h in result.hits} == {"SE-1"}
    assert result.hits[0].match is MatchKind.ATTRIBUTE


def test_dc_asked_never_matches_ac(catalog: LocalCatalog) -> None:
    assert skus(catalog, "schneider contactor 9a DC24V") == ["SE-2"]
    assert "SE-2" not in skus(catalog, "schneider contactor 9a AC220V")


def test_exact_model_keeps_first_place(catalog: LocalCatalog) -> None:
    hit = catalog.search("lc1-d09 m7").hits[0]
    assert hit.product.sku == "SE-1" and hit.match is MatchKind.MODEL


def test_exact_type_before_longer_types(catalog: LocalCatalog) -> None:
    assert skus(catalog, "RVV 3*1.5") == ["C-2", "C-1"]  # RVV before the more popular RVVP
    assert skus(catalog, "rvv 3x1.5")[0] == "C-2"


def test_curve_and_current_with_poles(catalog: LocalCatalog) -> None:
    assert skus(catalog, "正泰空开 3P C16") == ["MCB-1"]
    assert skus(catalog, "MCB 1极 16A") == ["MCB-2"]


def test_an_unmet_value_shows_the_closest_products_and_what_differs(catalog: LocalCatalog) -> None:
    result = catalog.search("schneider contactor 9a 110v")
    assert result.closest
    assert {h.product.sku for h in result.hits} >= {"SE-1", "SE-2", "SE-3"}  # 9 A Schneider contactors
    first = result.hits[0]
    assert [(m.name, m.held, m.asked) for m in first.misses] == [
        ("coil_voltage", dict(first.product.attributes)["coil_voltage"], "110v")]
    assert ("rated_current", "9 A") in first.matched


def test_an_unknown_model_gets_did_you_mean(catalog: LocalCatalog) -> None:
    for typo in ("LC1D09M77", "3RT2051-1BB41"):
        result = catalog.search(typo)
        assert result.did_you_mean, typo
        assert result.hits[0].product.model in ("LC1D09M7", "3RT2015-1BB41")
        assert result.hits[0].score is not None


def test_a_filler_word_nothing_has_does_not_hide_the_rest(catalog: LocalCatalog) -> None:
    assert skus(catalog, "pls schneider contactor 9a 220v thanks")[0] == "SE-1"


def test_what_the_account_buys_comes_before_popularity(catalog: LocalCatalog) -> None:
    conn = catalog.db.conn
    conn.execute("INSERT INTO order_details(number, account_id, data, fetched_at) VALUES ('SO1', 'A1', '{}', 'x')")
    conn.execute("INSERT INTO order_items(number, sku, model_key) VALUES ('SO1', 'SE-1', 'LC1D09M7')")
    assert skus(catalog, "contactor 9a 220v")[0] == "CHT-1"  # the most popular
    assert skus(catalog, "contactor 9a 220v", account_id="A1")[0] == "SE-1"  # what A1 buys


def test_a_full_page_counts_every_match(catalog: LocalCatalog) -> None:
    result = catalog.search("contactor", limit=2, count=True)
    assert len(result.hits) == 2 and result.total == 6 and not result.total_capped


def test_changed_value_rules_rebuild_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import b2bterm.local.attr_search as attr_search

    db = Database(tmp_path / "p.sqlite")
    LocalCatalog(db).apply_changes(CatalogChanges(products=tuple(PRODUCTS), next_cursor="c1", done=True))
    assert LocalCatalog(db).count() == len(PRODUCTS)  # same rules: kept
    monkeypatch.setattr(attr_search, "FACTS_RULES", "other")  # what a change of the value rules bumps
    cat = LocalCatalog(db)
    assert cat.count() == 0 and cat.cursor() is None and not cat.is_complete()
    cat.apply_changes(CatalogChanges(products=tuple(PRODUCTS), next_cursor="c1", done=True))
    assert skus(cat, "schneider contactor 9a 220v") == ["SE-1"]
    db.close()


def test_the_start_checks_the_catalog_format_without_parsing_the_vocabulary(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalog file records what its format was worked out from; a start that finds the same source keeps the
    file without parsing the vocabulary files. A file without that record (an older one) is checked by its format
    and gets it; one that records another source but has the same format is kept too."""
    import b2bterm.local.attr_search as attr_search
    from b2bterm.local.catalog_file import FORMAT_SOURCE_KEY

    db = Database(tmp_path / "p.sqlite")
    LocalCatalog(db).apply_changes(CatalogChanges(products=tuple(PRODUCTS), next_cursor="c1", done=True))
    db.conn.execute("DELETE FROM catalog.catalog_meta WHERE key=?", (FORMAT_SOURCE_KEY,))
    assert LocalCatalog(db).count() == len(PRODUCTS)  # checked by its format, and the source recorded
    source = db.conn.execute("SELECT value FROM catalog.catalog_meta WHERE key=?", (FORMAT_SOURCE_KEY,)).fetchone()
    assert source is not None and source[0].endswith(attr_search.facts_source())

    def parsed() -> str:
        raise AssertionError("the vocabulary was parsed to check the catalog file's format")

    monkeypatch.setattr(attr_search, "facts_version", parsed)
    assert LocalCatalog(db).count() == len(PRODUCTS)
    monkeypatch.undo()
    db.conn.execute("UPDATE catalog.catalog_meta SET value='0:old' WHERE key=?", (FORMAT_SOURCE_KEY,))
    assert LocalCatalog(db).count() == len(PRODUCTS)  # another source, the same format: kept
    db.close()


@pytest.mark.parametrize("line", ["施耐德接触器 9A 220V 5个", "schneider contactor 9a 220v x5",
                                  "施耐德接触器9A220V 5只"])
def test_quick_order_turns_a_described_line_into_a_pick_list(catalog: LocalCatalog, line: str) -> None:
    from b2bterm.domain.models import LineStatus
    from b2bterm.quickorder.parser import parse_order_text
    from b2bterm.quickorder.resolve import MatchHow, resolve_lines

    (resolved,) = resolve_lines(catalog, parse_order_text(line).lines, account_id=None)
    assert resolved.status is LineStatus.AMBIGUOUS and resolved.how is MatchHow.DESCRIBED
    assert resolved.qty == 5
    assert [c.sku for c in resolved.candidates] == ["SE-1"] and resolved.candidates[0].product is not None
    assert "fit the description" in resolved.message


@pytest.mark.parametrize("text", ["施耐德接触器 9A 220V", "schneider contactor 9a 220v", "RVV 3x1.5 100m",
                                  "ZZQ-4711", "LC1D09M7", "contactor", "brand:CHINT 16A", "", "谢谢"])
def test_described_is_the_search_when_it_understands_and_none_when_not(catalog: LocalCatalog, text: str) -> None:
    # Quick order asks ``described`` for each line no code matched: the same answer as the search whenever the search
    # would find products that fit a description (``understood``), else None without searching
    full = catalog.search(text, limit=20)
    short = catalog.described(text, limit=20)
    if full.understood is None:
        assert short is None or short.understood is None
    else:
        assert short is not None and short.understood == full.understood
        assert [h.sku for h in short.hits] == [h.sku for h in full.hits]
    if text in ("ZZQ-4711", "LC1D09M7", "", "谢谢"):
        assert short is None


def test_quick_order_leaves_an_unknown_code_unknown(catalog: LocalCatalog) -> None:
    from b2bterm.domain.models import LineStatus
    from b2bterm.quickorder.parser import parse_order_text
    from b2bterm.quickorder.resolve import resolve_lines

    (resolved,) = resolve_lines(catalog, parse_order_text("ZZQ-4711 3").lines, account_id=None)
    assert resolved.status is LineStatus.UNKNOWN


def test_a_swap_of_two_digits_is_found_in_a_crowded_key_range(tmp_path: Path) -> None:
    # 2,500 model keys sort between the right key (LC1D09M7) and the typed one (LC1D90M7): more than the typo
    # search's range scans read
    crowd = [Product(sku=f"X-{n}", model=f"LC1D{n:04d}", brand="Schneider Electric", category="Contactors",
                     name_en="contactor", popularity=1) for n in range(1000, 3500)]
    for cat in open_catalog(tmp_path, [*PRODUCTS, *crowd]):
        result = cat.search("LC1D90M7")
        assert result.did_you_mean and result.hits[0].product.model == "LC1D09M7"
        assert cat.fuzzy_candidates("3RT2051-1BB41")[0][0].model == "3RT2015-1BB41"


PLC_AND_TIMERS = [
    Product(sku=f"MIT-{m}", model=m, brand="Mitsubishi Electric", category="PLCs and I/O modules", name_en=f"FX {m}",
            name_zh=f"三菱 {m[:4]} PLC {n}点 {out}输出", popularity=100 - n,
            attributes=(("io_points", str(n)), ("output", "relay" if out == "继电器" else "transistor (sink)")))
    for m, n, out in (("FX5U-32MR/ES", 32, "继电器"), ("FX5U-64MR/ES", 64, "继电器"), ("FX5U-64MT/ES", 64, "晶体管"))
] + [
    Product(sku=f"OMR-{m}", model=m, brand="Omron", category="Timer relays", name_en=f"Omron timer {m}",
            name_zh="欧姆龙 时间继电器", popularity=p, attributes=(("supply_voltage", "AC220V"),))
    for m, p in (("H3Y-2 AC220 10S", 50), ("H3Y-4 AC220 10S", 40))
] + [cable(f"BVR-{i}", kind, 1, size, 100 + i) for i, (kind, size) in enumerate(
    (("BVR", "4"), ("BV", "4"), ("BV", "2.5")))]  # the BV 4 more popular than the BVR 4


@pytest.mark.parametrize(("query", "first"), [
    ("FX5U 64点 继电器", {"MIT-FX5U-64MR/ES", "MIT-FX5U-64MT/ES"}),  # 继电器: a relay output read as the category
    ("欧姆龙 时间继电器 H3CR", {"OMR-H3Y-2 AC220 10S"}),  # no H3CR here: Omron's timer relays, not nothing
    ("bvr 4 mm² fx", {"BVR-0"}),  # one stray word: the BVR 4 before the BV ones that miss "bvr" too
])
def test_nothing_matching_everything_still_shows_the_closest_products(tmp_path: Path, query: str,
                                                                      first: set[str]) -> None:
    for cat in open_catalog(tmp_path, PLC_AND_TIMERS):
        result = cat.search(query)
        assert result.hits, query
        assert result.hits[0].product.sku in first


def test_the_stored_product_count_follows_every_write(tmp_path: Path) -> None:
    """The count the start shows is a figure every write keeps (no COUNT(*) over a million rows at start): after a
    full build, after pages that add, replace and remove products, in memory, and for a file without the figure."""
    from dataclasses import replace

    from catalog_fixture import three_ways

    from b2bterm.local.catalog_file import PRODUCTS_KEY

    more = [replace(p, sku=f"{p.sku}-{i}", model=f"{p.model}{i}") for i in range(3) for p in PRODUCTS]
    for way, cat in three_ways(tmp_path, more, first=4, page=5).items():
        def counted(cat: LocalCatalog = cat) -> int:
            return int(cat.db.conn.execute("SELECT count(*) FROM product").fetchone()[0])

        assert cat.count() == counted() == len(more), way
        kept = cat.db.conn.execute("SELECT value FROM catalog_meta WHERE key=?", (PRODUCTS_KEY,)).fetchone()
        assert kept is not None and int(kept[0]) == len(more), way  # written by the build and by every page
        cat.apply_changes(CatalogChanges(products=(more[0], replace(more[1], sku="NEW-1")),
                                         deleted=(more[2].sku, more[3].sku, "NOT-THERE"), next_cursor="x", done=True))
        stored = cat.db.conn.execute("SELECT value FROM catalog_meta WHERE key=?", (PRODUCTS_KEY,)).fetchone()
        assert stored is not None and int(stored[0]) == counted() == len(more) - 1, way
        assert cat.count() == counted(), way
        cat.db.conn.execute("DELETE FROM catalog_meta WHERE key=?", (PRODUCTS_KEY,))
        assert cat.count() == counted(), way  # a file without the figure is counted
        cat.db.close()
