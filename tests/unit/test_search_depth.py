"""LocalCatalog, the depth of findability: facets counted over the whole result set (not the page), a model number
a slip away offered before the closest products, letters run into a number, a brand's nearest value first, words
the catalog does not hold reported - on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from catalog_fixture import open_catalog

from b2bterm.domain.facets import facets
from b2bterm.domain.models import Product
from b2bterm.domain.search_query import MatchKind
from b2bterm.local.catalog import LocalCatalog
from b2bterm.platform.base import CatalogChanges


def relay(n: int, brand: str, contacts: str, coil: str) -> Product:
    return Product(sku=f"R-{n}", model=f"RL{n:03d}-{contacts} {coil}", brand=brand, category="Control relays",
                   name_en=f"{brand} plug-in relay {contacts} {coil}", name_zh="中间继电器", popularity=1000 - n,
                   attributes=(("contacts", contacts), ("coil_voltage", coil), ("contact_rating", "10 A")))


RELAYS = [relay(i, ("Omron", "CHINT", "DELIXI")[i % 3], ("2CO", "4CO")[i % 2], ("DC24V", "AC220V", "DC12V")[i % 3])
          for i in range(60)]
OTHERS = [
    Product(sku="MIT-1", model="S-T25 AC220V", brand="Mitsubishi Electric", category="Contactors",
            name_en="MS-T contactor 26A", name_zh="交流接触器 26A", popularity=50,
            attributes=(("rated_current", "26 A"), ("coil_voltage", "AC220V"))),
    Product(sku="MIT-2", model="S-T10 AC220V", brand="Mitsubishi Electric", category="Contactors",
            name_en="MS-T contactor 11A", name_zh="交流接触器 11A", popularity=60,
            attributes=(("rated_current", "11 A"), ("coil_voltage", "AC220V"))),
    Product(sku="CHT-1", model="NXC-25 220V", brand="CHINT", category="Contactors", name_en="NXC contactor 25A",
            name_zh="交流接触器 25A", popularity=900,
            attributes=(("rated_current", "25 A"), ("coil_voltage", "AC220V"))),
    Product(sku="SE-32", model="LC1D32M7", brand="Schneider Electric", category="Contactors",
            name_en="TeSys D contactor 32A AC220V coil", name_zh="交流接触器 32A", popularity=40,
            attributes=(("rated_current", "32 A"), ("coil_voltage", "AC220V"))),
    Product(sku="PLC-1", model="6ES7288-1SR40-0AA1", brand="Siemens", category="PLCs and I/O modules",
            name_en="SIMATIC S7-200 SMART CPU SR40", name_zh="西门子 S7-200 SMART CPU SR40 继电器输出", popularity=70),
    Product(sku="PLC-2", model="6ES7231-4HD32-0XB0", brand="Siemens", category="PLCs and I/O modules",
            name_en="SIMATIC SM 1231 AI 4x13bit", name_zh="西门子 SM 1231 模拟量输入模块 4AI", popularity=71),
    Product(sku="PH-1", model="E3Z-D61 2M", brand="Omron", category="Photoelectric sensors",
            name_en="E3Z photoelectric sensor diffuse NPN 2 m cable", name_zh="欧姆龙E3Z光电开关 漫反射 NPN 2米线",
            popularity=80, attributes=(("output", "NPN"), ("connection", "2 m cable"))),
    *(Product(sku=sku, model=f"{kind} 1.5 blue 100m", brand="Panda Cable", category="Cable and wire",
              name_en=f"{kind} 1.5 mm² blue", name_zh=f"{kind} 1.5平方 单芯硬线 蓝色", popularity=pop,
              attributes=(("type", kind), ("cross_section", "1.5 mm²"), ("colour", "blue")))
      for sku, kind, pop in (("BV-1", "ZR-BV", 990), ("BV-2", "BV", 10))),  # the longer type the more popular
]


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[LocalCatalog]:
    yield from open_catalog(tmp_path, RELAYS + OTHERS)


def test_facets_count_the_whole_result_set_not_the_page(catalog: LocalCatalog) -> None:
    page = catalog.search("relay", limit=10)
    assert len(page.hits) == 10
    found, counted, capped = catalog.facets("relay")
    assert counted == 60 and not capped
    assert found == facets(RELAYS)  # the same facets as from every matching product
    brand = dict(found[0].values)
    assert found[0].is_brand and brand == {"Omron": 20, "CHINT": 20, "DELIXI": 20}
    coil = next(f for f in found if f.name == "coil_voltage")
    assert dict(coil.values) == {"DC24V": 20, "AC220V": 20, "DC12V": 20}


def test_facets_follow_a_catalog_change(catalog: LocalCatalog) -> None:
    catalog.apply_changes(CatalogChanges(products=(), deleted=tuple(f"R-{i}" for i in range(0, 60, 3)),
                                         next_cursor="c2", done=True))
    found, counted, _ = catalog.facets("relay")
    assert counted == 40 and "Omron" not in dict(found[0].values)


def test_understood_query_facets_use_its_stated_values(catalog: LocalCatalog) -> None:
    found, counted, _ = catalog.facets("中间继电器 24VDC")
    assert counted == 20
    assert all(f.name != "coil_voltage" for f in found)  # one value left: no facet


def test_a_transposed_model_with_a_value_gets_did_you_mean_first(catalog: LocalCatalog) -> None:
    result = catalog.search("E3Z-D16 2M")
    assert result.hits[0].match is MatchKind.DID_YOU_MEAN and result.hits[0].product.sku == "PH-1"
    assert result.did_you_mean


@pytest.mark.parametrize(("query", "sku"), [("smart200 sr40", "PLC-1"), ("西门子 模拟量输入模块 SM1231", "PLC-2")])
def test_letters_run_into_a_number_are_split_when_nothing_has_them(catalog: LocalCatalog, query: str,
                                                                   sku: str) -> None:
    assert catalog.search(query).hits[0].product.sku == sku


def test_the_brand_asked_comes_first_with_its_nearest_value(catalog: LocalCatalog) -> None:
    result = catalog.search("mitsubishi contactor 25A")
    assert result.closest
    assert [h.product.sku for h in result.hits[:2]] == ["MIT-1", "MIT-2"]  # 26 A is nearer to 25 A than 11 A
    assert "CHT-1" in [h.product.sku for h in result.hits]  # the other brand's 25 A still shown


def test_the_type_typed_first_ranks_before_a_longer_one(catalog: LocalCatalog) -> None:
    assert catalog.search("熊猫电线 BV 1.5平方 蓝").hits[0].product.sku == "BV-2"


def test_words_the_catalog_does_not_hold_are_reported(catalog: LocalCatalog) -> None:
    result = catalog.search("欧普 中间继电器 24VDC")
    assert result.hits and result.understood is not None
    assert result.understood.unmatched == ("欧普",)


def test_a_model_number_typed_in_pieces_beside_a_brand_is_one_word(catalog: LocalCatalog) -> None:
    result = catalog.search("施耐德接触器 LC1-D32 220V")
    assert result.hits[0].product.sku == "SE-32" and result.hits[0].match is MatchKind.ATTRIBUTE


def test_a_word_no_product_has_does_not_hide_a_plain_word_search(catalog: LocalCatalog) -> None:
    assert catalog.search("SR40 短接条").hits[0].product.sku == "PLC-1"


def test_a_brand_without_the_category_is_what_nobody_has(catalog: LocalCatalog) -> None:
    from b2bterm.domain.understand import nobody_has

    result = catalog.search("siemens relay 24VDC")  # Siemens makes no relay here
    assert result.closest and result.understood is not None
    closest = [h for h in result.hits if h.match is MatchKind.CLOSEST]
    assert nobody_has(result.understood, [h.misses for h in closest], [h.product.brand for h in closest]) == [
        "siemens"]
