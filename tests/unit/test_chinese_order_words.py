"""Chinese order lines as customers write them, found in use: a brand or word that starts with a numeral ("三菱",
"五金", "十字"), a product's value split from its Chinese unit ("3芯", "2.5平方", "32点") and a list number written
without its dot ("4 正泰空开3P 16A 二十只") - none of them is the line's quantity."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from catalog_fixture import open_catalog
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import LineStatus, Product
from b2bterm.domain.quantity import read_quantity
from b2bterm.local.catalog import LocalCatalog
from b2bterm.quickorder.parser import parse_order_text, without_labels
from b2bterm.quickorder.resolve import MatchHow, resolve_lines

NUMERAL_WORDS = ["三菱", "五金", "十字", "一字", "六角", "四方", "八角"]


def line_of(text: str) -> tuple[str, int | None, str, str]:
    (line,) = parse_order_text(text).lines
    return line.code, line.qty, line.unit, line.qty_error


@pytest.mark.parametrize("word", NUMERAL_WORDS)
def test_a_word_that_starts_with_a_numeral_is_no_quantity(word: str) -> None:
    # was: "quantity not understood: '三菱'" (三 read as 3 of a unit 菱), and the line's own quantity lost
    assert read_quantity(word) is None
    code, qty, unit, error = line_of(f"{word} FX3U-32MR 2台")
    assert (code, qty, unit, error) == ("FX3U-32MR", 2, "台", "")


def test_a_number_with_an_unknown_unit_is_still_flagged() -> None:
    q = read_quantity("5粒")
    assert q is not None and (q.value is None) == (q.issue is not None)  # read or flagged, never a word


@given(cores=st.integers(2, 5), section=st.sampled_from(["1.5", "2.5", "4", "6", "10", "16"]),
       metres=st.integers(1, 999), family=st.sampled_from(["YJV", "RVV", "KVV", "VV"]),
       unit=st.sampled_from(["平方", "平方毫米", "平"]))
def test_a_cables_cores_and_section_are_not_its_quantity(cores: int, section: str, metres: int, family: str,
                                                         unit: str) -> None:
    # was: "YJV 3芯 2.5平方 100米" -> quantity '2.5' is not a whole number (the 100 m lost)
    _code, qty, qty_unit, error = line_of(f"{family} {cores}芯 {section}{unit} {metres}米")
    assert (qty, qty_unit, error) == (metres, "米", "")


def test_io_points_are_what_the_plc_is_not_how_many() -> None:
    assert line_of("三菱 PLC FX3U 32点 1台")[1:] == (1, "台", "")


@pytest.mark.parametrize(("text", "kept"), [
    ("4 正泰空开3P 16A", "正泰空开3P 16A"),  # a list number without its dot
    ("12 施耐德 接触器 9A", "施耐德 接触器 9A"),
    ("4 极 断路器 63A", "4 极 断路器 63A"),  # four poles: a value, kept
    ("3 芯 电缆", "3 芯 电缆"),
    ("2 pole breaker 16a", "2 pole breaker 16a"),  # before other words a number stays
])
def test_a_bare_list_number_before_chinese_words_is_dropped(text: str, kept: str) -> None:
    assert without_labels(text) == kept


PRODUCTS = [
    Product(sku=f"CHT-DZ47-3P{a}", model=f"DZ47-60 3P C{a}", brand="CHINT", category="Miniature circuit breakers",
            name_en=f"CHINT MCB 3P C{a}", name_zh=f"正泰DZ47-60 微型断路器 3P C{a}", popularity=90 - a,
            attributes=(("poles", "3P"), ("curve", "C"), ("rated_current", f"{a} A")))
    for a in (16, 20, 32)
] + [
    Product(sku=f"{b}-{family}3X2P5", model=f"{family}-0.6/1kV 3x2.5" if family == "YJV" else f"{family} 3x2.5",
            brand=brand, category="Cable and wire", name_en=f"{brand} {family} 3x2.5 mm² cable", unit="m",
            name_zh=f"{brand} {family} 3x2.5平方 电缆 按米", popularity=pop,
            attributes=(("type", family), ("cross_section", "3x2.5 mm²")))
    for family, b, brand, pop in (("RVV", "FEC", "Far East Cable", 80), ("RVV", "QF", "Qifan Cable", 79),
                                  ("YJV", "FEC", "Far East Cable", 40), ("YJV", "QF", "Qifan Cable", 39))
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCatalog]:
    yield from open_catalog(tmp_path_factory.mktemp("cn-words"), PRODUCTS)


@pytest.mark.parametrize("marker", ["4 ", "4. ", "12 ", ""])
def test_a_described_line_with_a_bare_list_number_finds_the_product(catalog: LocalCatalog, marker: str) -> None:
    # was: "4 正泰空开3P 16A 二十只" -> unknown, "no product matches '3P 16A'" (the 4 read as a value)
    lines = parse_order_text(f"{marker}正泰空开3P 16A 二十只").lines
    (r,) = resolve_lines(catalog, lines, account_id=None)
    assert (r.status, r.how, r.qty) == (LineStatus.AMBIGUOUS, MatchHow.DESCRIBED, 20)
    assert [c.sku for c in r.candidates] == ["CHT-DZ47-3P16"]


@given(n=st.integers(1, 9999), unit=st.sampled_from(["m", "M", "米", "mtr", "meters"]),
       model=st.sampled_from(["YJV-3x2.5", "RVV 3x1.5", "BVR 2.5", "H07V-K 1x4"]), sign=st.sampled_from("xX×*"))
def test_a_length_after_a_times_sign_is_how_much(n: int, unit: str, model: str, sign: str) -> None:
    # was: "YJV-3x2.5 x 50m" -> quantity not understood: '50m' (a glued "m" is a roll's length inside a model)
    code, qty, _unit, error = line_of(f"{model} {sign} {n}{unit}")
    assert (code, qty, error) == (model, n, "")


@given(n=st.integers(1, 9999), unit=st.sampled_from(["m", "M", "米", "mtr"]),
       model=st.sampled_from(["YJV 3x2.5", "RVV 3x1.5", "H07V-K 1x4"]))
def test_a_length_before_the_model_is_how_much(n: int, unit: str, model: str) -> None:
    # was: "50m YJV 3x2.5" -> the whole line read as one unknown model, 1 assumed
    code, qty, _unit, error = line_of(f"{n}{unit} {model}")
    assert (code, qty, error) == (model, n, "")
    assert line_of(f"{model} {n}m")[:2] == (f"{model} {n}m", None)  # after it, a roll's length stays in the model


@pytest.mark.parametrize("text", ["50米 YJV 3x2.5", "- 50m YJV 3x2.5", "YJV 3x2.5 50米", "50 m YJV 3*2.5"])
def test_a_cable_family_and_size_with_its_length_first_offers_that_family(catalog: LocalCatalog, text: str) -> None:
    # was: "50米 YJV 3x2.5" offered RVV 3x2.5 first (a near miss of another family): the quantity written first
    # stayed in the description, and no product has "50米"
    (r,) = resolve_lines(catalog, parse_order_text(text).lines, account_id=None)
    assert r.qty == 50 and r.status is LineStatus.AMBIGUOUS
    assert {c.sku for c in r.candidates[:2]} == {"FEC-YJV3X2P5", "QF-YJV3X2P5"}, [c.sku for c in r.candidates]
