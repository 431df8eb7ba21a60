"""A decimal in a model number is part of what the product is: "BV 2.5" (2.5 mm²) is not "BV 25" (25 mm², ten times
the copper), though both share one ``normalise`` key, and a customer's "RVV 2x1.0" is the catalog's "RVV 2x1", not its
"RVV 2x10". Found in use: "BV 25 red" listed BV 2.5 first, "BV 25 red 100m 3" offered both, "RVV 2x1.0" only
RVV 2x10. Checked on a catalog built in one pass, page by page, and in memory (catalog_fixture.three_ways)."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_fixture import three_ways
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.modelno import decimal_key, decimals_agree, normalise
from b2bterm.domain.models import LineStatus, Product
from b2bterm.local.catalog import LocalCatalog
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import resolve_lines


def cable(sku: str, model: str, pop: int, unit: str = "m") -> Product:
    return Product(sku=f"FEC-{sku}", model=model, brand="Far East Cable", category="Cable and wire",
                   name_en=f"cable {model}", name_zh=f"电缆 {model}", popularity=pop, unit=unit)


PRODUCTS = [
    cable("BV2P5RED", "BV 2.5 red 100m", 90, "roll"),  # the popular one, listed first before
    cable("BV2P5RED-QF", "BV 2.5 red 100m", 89, "roll"),
    cable("BV25RED", "BV 25 red 100m", 40, "roll"),
    cable("BV25RED-QF", "BV 25 red 100m", 39, "roll"),
    cable("RVV2X10", "RVV 2x10", 80),
    cable("RVV2X1", "RVV 2x1", 30),
    cable("UT2P5", "UT 2,5", 70),
    cable("MS1164P0", "MS116-4.0", 60),
    cable("LC1D09M7", "LC1D09M7", 95),
]


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, LocalCatalog]:
    return three_ways(Path(tmp_path_factory.mktemp("decimals")), PRODUCTS, first=4, page=2)


WAYS = ["bulk", "paged", "memory"]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(("code", "expected"), [
    ("BV 25 red 100m", {"BV25RED", "BV25RED-QF"}),  # was: all four, BV 2.5 first
    ("bv25red100m", {"BV25RED", "BV25RED-QF"}),
    ("BV 2.5 red 100m", {"BV2P5RED", "BV2P5RED-QF"}),
    ("BV2,5 red 100m", {"BV2P5RED", "BV2P5RED-QF"}),  # a decimal comma is a decimal
    ("RVV 2x1.0", {"RVV2X1"}),  # was: RVV 2x10 only
    ("RVV 2x1", {"RVV2X1"}),
    ("RVV 2x10", {"RVV2X10"}),
    ("UT 2.5", {"UT2P5"}),
    ("UT25", {"UT2P5"}),  # no mark written: the one product read alike is still found, as before
    ("MS116-4.0", {"MS1164P0"}),
    ("LC1-D09 M7", {"LC1D09M7"}),
])
def test_a_code_finds_the_products_with_its_decimals(catalogs: dict[str, LocalCatalog], way: str, code: str,
                                                       expected: set[str]) -> None:
    found = catalogs[way].match_codes([code]).get(code, [])
    assert {m.sku.removeprefix("FEC-") for m in found} == expected


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(("query", "first", "after"), [
    ("BV 25 red", "BV25", "BV2P5"),  # a model prefix: was BV 2.5 first (more popular)
    ("bv 25", "BV25", "BV2P5"),
    ("bv 2.5", "BV2P5", "BV25"),
])
def test_a_model_prefix_lists_its_decimals_first(catalogs: dict[str, LocalCatalog], way: str, query: str,
                                                 first: str, after: str) -> None:
    skus = [h.product.sku.removeprefix("FEC-") for h in catalogs[way].search(query).hits]  # type: ignore[union-attr]
    firsts = [i for i, s in enumerate(skus) if s.startswith(first + "RED")]
    others = [i for i, s in enumerate(skus) if s.startswith(after + "RED")]
    assert firsts and firsts[-1] < min(others, default=len(skus)), skus


@pytest.mark.parametrize("way", WAYS)
def test_a_prefix_on_the_way_to_both_lists_both_by_popularity(catalogs: dict[str, LocalCatalog], way: str) -> None:
    skus = [h.product.sku.removeprefix("FEC-") for h in catalogs[way].search("BV 2").hits]  # type: ignore[union-attr]
    assert skus[0] == "BV2P5RED" and "BV25RED" in skus


def test_a_pasted_line_picks_among_the_products_with_its_decimals(catalogs: dict[str, LocalCatalog]) -> None:
    lines = parse_order_text("RVV 2x1.0 50米\nBV 25 red 100m 3卷").lines
    rvv, bv = resolve_lines(catalogs["bulk"], lines, account_id=None)
    assert (rvv.status, rvv.sku, rvv.qty) == (LineStatus.RESOLVED, "FEC-RVV2X1", 50)
    assert bv.status is LineStatus.AMBIGUOUS and {c.sku for c in bv.candidates} == {"FEC-BV25RED", "FEC-BV25RED-QF"}


@given(whole=st.integers(0, 999), tenths=st.integers(1, 99), family=st.sampled_from(["BV", "RVV 2x", "UT ", "H07V-K "]),
       mark=st.sampled_from(".,"), zeros=st.integers(0, 1))
def test_a_decimal_is_told_from_the_digits_without_its_mark(whole: int, tenths: int, family: str, mark: str,
                                                            zeros: int) -> None:
    fraction = str(tenths).rstrip("0") or "0"
    if fraction == "0" or len(fraction) + zeros > 2:
        return
    written = f"{family}{whole}{mark}{fraction}{'0' * zeros}"
    plain = f"{family}{whole}{fraction}"
    assert normalise(written) == normalise(plain) + "0" * zeros  # one key before: the reason for decimal_key
    assert decimal_key(written) == decimal_key(f"{family}{whole}.{fraction}") != normalise(plain)
    assert not decimals_agree(decimal_key(written), normalise(plain))  # "BV 2.5" never names "BV 25"
    assert decimals_agree(normalise(plain), decimal_key(written))  # "BV25" may still find "BV 2.5"
    assert decimal_key(f"{family}{whole}.0") == normalise(f"{family}{whole}")  # "RVV 2x1.0" is "RVV 2x1"


@pytest.mark.parametrize("code", ["6ES7.214-1AG40-0XB0", "1,000", "LC1D09.M7", "V1.2.3", "3RT2015-1BB41"])
def test_dots_that_are_no_decimals_change_nothing(code: str) -> None:
    assert decimal_key(code) == ""
