"""How counter staff and customers write what they want, found in use: a plug-in relay by its pins ("8脚", "14 pin"),
a timer by its range ("0-30s", "0~30秒"), a number beside a model that no product has ("CDZ9-52P 8"), and a model's
parts written in another order ("NXB-63 C32 2P") - on a real SQLite catalog and through quick order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from catalog_fixture import open_catalog
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import LineStatus, Product
from b2bterm.domain.search_query import MatchKind
from b2bterm.domain.values import PIN_CONTACTS, value_parser
from b2bterm.local.catalog import LocalCatalog
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import MatchHow, resolve_lines
from b2bterm.quickorder.stated import model_parts


def relay(sku: str, model: str, brand: str, contacts: str, coil: str, pop: int) -> Product:
    return Product(sku=sku, model=model, brand=brand, category="Control relays", name_en=f"{brand} relay {model}",
                   name_zh=f"中间继电器 {contacts} 线圈{coil}", popularity=pop,
                   attributes=(("contacts", contacts), ("coil_voltage", coil)))


def timer(sku: str, model: str, time_range: str, pop: int) -> Product:
    return Product(sku=sku, model=model, brand="CHINT", category="Timer relays", name_en=f"CHINT timer {model}",
                   name_zh=f"正泰JSZ3通电延时时间继电器 {time_range}", popularity=pop,
                   attributes=(("supply_voltage", "AC220V"), ("time_range", time_range)))


def mcb(sku: str, model: str, brand: str, poles: str, amps: int, pop: int, category: str = "Miniature circuit breakers",
        *more: tuple[str, str]) -> Product:
    return Product(sku=sku, model=model, brand=brand, category=category, name_en=f"{brand} MCB {model}",
                   name_zh=f"微型断路器 {poles} C{amps}", popularity=pop,
                   attributes=(("poles", poles), ("curve", "C"), ("rated_current", f"{amps} A"), *more))


PRODUCTS = [
    relay("DLX-52P24", "CDZ9-52P DC24", "DELIXI", "2CO", "DC24V", 90),
    relay("DLX-62P24", "CDZ9-62P DC24", "DELIXI", "4CO", "DC24V", 80),
    relay("DLX-52P220", "CDZ9-52P AC220/240", "DELIXI", "2CO", "AC220V", 85),
    relay("OMR-MY2", "MY2N-GS DC24", "Omron", "2CO", "DC24V", 95),
    relay("OMR-MY4", "MY4N-GS DC24", "Omron", "4CO", "DC24V", 70),
    timer("CHT-JSZ3-10", "JSZ3-1 10S AC220", "10S", 60),
    timer("CHT-JSZ3-30", "JSZ3-1 30S AC220", "30S", 50),
    timer("CHT-JSZ3-3M", "JSZ3-1 3M AC220", "3M", 40),
    mcb("NXB-1P16", "NXB-63 1P C16", "CHINT", "1P", 16, 99),
    mcb("NXB-2P16", "NXB-63 2P C16", "CHINT", "2P", 16, 98),
    mcb("NXB-1P32", "NXB-63 1P C32", "CHINT", "1P", 32, 97),
    mcb("NXB-2P32", "NXB-63 2P C32", "CHINT", "2P", 32, 96),
    mcb("NXBLE-1P16", "NXBLE-63 1P+N C16 30mA", "CHINT", "1P+N", 16, 94, "Residual current devices",
        ("residual_current", "30mA")),
    mcb("DZ47-1P16", "DZ47-60 C16", "CHINT", "1P", 16, 93),
    mcb("DZ47S-1P16", "DZ47s C16", "DELIXI", "1P", 16, 92),
    mcb("DZ47S-2P16", "DZ47s 2P C16", "DELIXI", "2P", 16, 91),
    mcb("DZ47S-3P16", "DZ47s 3P C16", "DELIXI", "3P", 16, 91),
    Product(sku="MIT-FX3U-32MR", model="FX3U-32MR/ES-A", brand="Mitsubishi Electric", category="PLCs and I/O modules",
            name_en="Mitsubishi FX3U PLC 32 I/O relay output", name_zh="三菱 FX3U PLC 32点 继电器输出", popularity=20,
            attributes=(("io_points", "32"), ("output", "relay"))),
    *(Product(sku=f"{b}-BVR1P5{c.upper()}", model=f"BVR 1.5 {c} 100m", brand=brand, category="Cable and wire",
              name_en=f"{brand} BVR 1.5 mm² wire {c} 100 m", name_zh="BVR 1.5平方 多股软线 100米/卷", popularity=p,
              unit="roll",
              attributes=(("type", "BVR"), ("cross_section", "1.5 mm²"), ("colour", c), ("length", "100 m")))
      for b, brand, c, p in (("FEC", "Far East Cable", "red", 60), ("QF", "Qifan Cable", "red", 59),
                             ("FEC", "Far East Cable", "blue", 30), ("QF", "Qifan Cable", "blue", 29))),
    *(Product(sku=f"CHT-NXR-{r}", model=f"NXR-25 {r}A", brand="CHINT", category="Thermal overload relays",
              name_en=f"CHINT NXR overload relay {r}A", name_zh=f"正泰NXR热过载继电器 {r}A", popularity=p,
              attributes=(("setting_range", f"{r} A"),))
      for r, p in (("2.5-4", 80), ("6-10", 70), ("9-14", 60), ("24-32", 50))),
    Product(sku="PXC-PT8", model="PT 8", brand="Phoenix Contact", category="Terminal blocks",
            name_en="terminal block 8 positions", popularity=1),  # a product with an 8 of its own
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCatalog]:
    yield from open_catalog(tmp_path_factory.mktemp("phrasing"), PRODUCTS)


def skus(cat: LocalCatalog, query: str) -> list[str]:
    return [h.product.sku for h in cat.search(query).hits]  # type: ignore[union-attr]


@pytest.mark.parametrize(("query", "expected"), [
    ("德力西 中间继电器 8脚", ["DLX-52P24", "DLX-52P220"]),  # 8 pins: two changeover contacts
    ("德力西 中间继电器 24VDC 8脚", ["DLX-52P24"]),  # was: Omron and Schneider, Delixi's own relay missing
    ("中间继电器 14脚 24V", ["OMR-MY4", "DLX-62P24"]),  # was: "No product matches"
    ("relay 8 pin 24vdc", ["OMR-MY2", "DLX-52P24"]),
    ("14-pin relay DC24V", ["OMR-MY4", "DLX-62P24"]),
])
def test_a_plug_in_relay_is_asked_for_by_its_pins(catalog: LocalCatalog, query: str, expected: list[str]) -> None:
    result = catalog.search(query)
    assert not result.closest, query
    assert sorted(skus(catalog, query)) == sorted(expected), query


@pytest.mark.parametrize(("query", "expected"), [
    ("JSZ3 0-30S", ["CHT-JSZ3-30"]),  # was: "No product matches"
    ("时间继电器 0~30秒", ["CHT-JSZ3-30"]),
    ("timer relay 0.1-30 sec", ["CHT-JSZ3-30"]),
    ("时间继电器 0-3分钟", ["CHT-JSZ3-3M"]),
])
def test_a_timer_is_asked_for_by_its_range(catalog: LocalCatalog, query: str, expected: list[str]) -> None:
    result = catalog.search(query)
    assert not result.closest, query
    assert skus(catalog, query) == expected, query


@pytest.mark.parametrize(("query", "first"), [
    ("CDZ9-52P 8", {"DLX-52P24", "DLX-52P220"}),  # a number nothing has beside a model: often how many
    ("德力西 中间继电器 8", {"DLX-52P24", "DLX-52P220", "DLX-62P24"}),
])
def test_a_stray_number_shows_the_closest_products_not_nothing(catalog: LocalCatalog, query: str,
                                                                first: set[str]) -> None:
    result = catalog.search(query)
    assert result.hits and all(h.match is MatchKind.CLOSEST for h in result.hits), query
    assert result.hits[0].product.sku in first  # type: ignore[union-attr]


def resolve(cat: LocalCatalog, text: str) -> list:  # type: ignore[type-arg]
    return resolve_lines(cat, parse_order_text(text).lines, account_id=None, merge=False)


def test_pins_written_on_an_order_line_are_what_the_relay_is_not_its_quantity(catalog: LocalCatalog) -> None:
    lines = "CDZ9-52P DC24 8脚 20个\nMY4N-GS DC24 14脚 x 5"
    got = [(r.status, r.sku, r.qty, r.qty_error) for r in resolve(catalog, lines)]
    assert got == [(LineStatus.RESOLVED, "DLX-52P24", 20, ""), (LineStatus.RESOLVED, "OMR-MY4", 5, "")]


@pytest.mark.parametrize(("line", "sku", "qty"), [
    ("NXB-63 C32 2P 10", "NXB-2P32", 10),  # the catalog's model is "NXB-63 2P C32"
    ("nxb-63 c16 1p 30", "NXB-1P16", 30),
    ("C16 1P NXB-63 x 4", "NXB-1P16", 4),
])
def test_a_model_with_its_parts_in_another_order_is_taken(catalog: LocalCatalog, line: str, sku: str,
                                                          qty: int) -> None:
    (r,) = resolve(catalog, line)
    assert (r.status, r.sku, r.qty) == (LineStatus.RESOLVED, sku, qty)
    # by the model's start and the values after it, or (values first) by the same parts in another order
    assert r.how is (MatchHow.REORDERED if line.startswith("C16") else MatchHow.STARTED)


def test_a_series_with_values_offers_what_fits_them_first(catalog: LocalCatalog) -> None:
    # "DZ47" is CHINT's DZ47-60 and DELIXI's DZ47s: a pick list, the 1P C16 of each first (not DZ47s 2P C16)
    (r,) = resolve(catalog, "DZ47 1P C16 x20")
    assert r.status is LineStatus.AMBIGUOUS and r.qty == 20
    assert {c.sku for c in r.candidates[:2]} == {"DZ47-1P16", "DZ47S-1P16"}


@given(lo=st.integers(0, 50), span=st.integers(1, 900), sep=st.sampled_from("-~～至到"),
       unit=st.sampled_from([("s", "sec"), ("秒", "sec"), (" sec", "sec"), ("min", "min"), ("分钟", "min"),
                             ("h", "hr"), ("小时", "hr")]))
def test_a_time_range_asks_for_its_full_scale(lo: int, span: int, sep: str, unit: tuple[str, str]) -> None:
    written, prefix = unit
    (value,) = value_parser().find(f"{lo}{sep}{lo + span}{written}")
    assert value.asks == (f"{prefix}{lo + span}",)


@given(n=st.integers(1, 40), unit=st.sampled_from(["脚", "针", " pin", "-pin", " pins"]))
def test_pins_ask_for_changeover_contacts_only_when_they_tell_them(n: int, unit: str) -> None:
    found = value_parser().find(f"{n}{unit}")
    contacts = [v for v in found if v.kind == "contact"]
    if n in PIN_CONTACTS:
        assert [v.asks for v in contacts] == [(f"co{PIN_CONTACTS[n]}",)]
    else:
        assert contacts == []


@pytest.mark.parametrize(("query", "expected"), [
    ("omron relay 24vdc 4 pole", ["OMR-MY4"]),  # was: "no product has 4 pole", MY2 shown as the closest
    ("4-pole relay DC24V", ["OMR-MY4", "DLX-62P24"]),  # was: "4-pole" understood as nothing
    ("中间继电器 4极 24V", ["OMR-MY4", "DLX-62P24"]),
    ("double-pole breaker 16a", ["NXB-2P16", "DZ47S-2P16"]),  # was: "no product has double-pole"
    ("chint 2-pole mcb c32", ["NXB-2P32"]),
])
def test_poles_written_as_people_write_them(catalog: LocalCatalog, query: str, expected: list[str]) -> None:
    result = catalog.search(query)
    assert not result.closest, query
    assert sorted(skus(catalog, query)) == sorted(expected), query


@given(n=st.integers(1, 4), sep=st.sampled_from([" ", "-", "  ", " - "]),
       word=st.sampled_from(["pole", "poles"]), spelled=st.booleans())
def test_a_pole_count_is_read_whatever_joins_it(n: int, sep: str, word: str, spelled: bool) -> None:
    number = ("one", "two", "three", "four")[n - 1] if spelled else str(n)
    (value,) = value_parser().find(f"{number}{sep}{'pole' if n == 1 else word}")
    assert value.kind == "poles"
    assert value.asks == (f"p{n}", f"co{n}")  # a relay's poles are its changeover contacts


def test_model_parts_ignore_order_and_separators_only() -> None:
    assert model_parts("NXB-63 2P C32") == model_parts("nxb-63 c32 2p") == model_parts("C32 2P NXB63")
    assert model_parts("DZ47-60 C16") != model_parts("DZ47 1P C16")
    assert model_parts("NXB-63 2P C32") != model_parts("NXB-63 2P C3")


@pytest.mark.parametrize(("line", "sku", "qty"), [
    ("JSZ3-1 AC220V 0-30S 4个", "CHT-JSZ3-30", 4),  # the model's start and the values that tell the variant
    ("7、德力西 CDZ9-52P AC220V 8脚 50只", "DLX-52P220", 50),  # the catalog's model is "CDZ9-52P AC220/240"
])
def test_a_model_start_with_the_values_that_tell_its_variant_is_taken(catalog: LocalCatalog, line: str, sku: str,
                                                                      qty: int) -> None:
    (r,) = resolve(catalog, line)
    assert (r.status, r.sku, r.qty, r.how) == (LineStatus.RESOLVED, sku, qty, MatchHow.STARTED)


def test_a_model_start_with_values_that_several_hold_stays_a_pick_list(catalog: LocalCatalog) -> None:
    (r,) = resolve(catalog, "CDZ9-52P 8脚 20个")  # DC24 and AC220/240 both have 8 pins
    assert r.status is LineStatus.AMBIGUOUS and r.qty == 20


def test_a_numbered_line_is_described_without_its_number(catalog: LocalCatalog) -> None:
    # "2." is the customer's list marker, not a value the PLC must have (it was: not found)
    (r,) = resolve(catalog, "2. 三菱 plc 32点 继电器输出 2台")
    assert (r.status, r.how, r.qty) == (LineStatus.AMBIGUOUS, MatchHow.DESCRIBED, 2)
    assert [c.sku for c in r.candidates] == ["MIT-FX3U-32MR"]


def test_what_is_written_around_a_family_and_size_orders_the_pick_list(catalog: LocalCatalog) -> None:
    # the colour stands outside the model the parser read ("BVR 1.5"): the blue rolls first, not the red ones
    (r,) = resolve(catalog, "6、BVR 1.5平方 蓝色 100米/卷 x 3卷")
    assert r.status is LineStatus.AMBIGUOUS and r.qty == 3
    assert {c.sku for c in r.candidates[:2]} == {"FEC-BVR1P5BLUE", "QF-BVR1P5BLUE"}


@pytest.mark.parametrize(("query", "first"), [
    ("正泰 热过载继电器 9-13A", "CHT-NXR-9-14"),  # Schneider's range asked of CHINT: its 9-14 A, not 2.5-4 A
    ("chint overload relay 22-32a", "CHT-NXR-24-32"),
])
def test_a_setting_range_nobody_has_shows_the_nearest_range_first(catalog: LocalCatalog, query: str,
                                                                  first: str) -> None:
    result = catalog.search(query)
    assert result.closest and result.hits[0].product.sku == first  # type: ignore[union-attr]


def qty_of(text: str) -> tuple[int | None, int, str]:
    (line,) = parse_order_text(text).lines
    q = line.quantity
    assert q is not None, text
    return (q.value, q.per, q.issue.value if q.issue else "")


@pytest.mark.parametrize(("text", "expected"), [
    ("LC1D09M7 共计：20只", (20, 0, "")),  # was: no quantity read, 1 assumed
    ("LC1D09M7 合计:20PCS", (20, 0, "")),
    ("LC1D09M7 总计：二十只", (20, 0, "")),
    ("LC1D09M7 10个 合计：1880元", (10, 0, "")),  # the line's money total is not its quantity
    ("LC1D09M7 需要二十来个", (None, 0, "not_understood")),  # was: 1 assumed
    ("LC1D09M7 需要半箱", (None, 0, "not_understood")),
])
def test_a_labelled_or_rough_quantity_is_read_or_asked_never_assumed(text: str,
                                                                      expected: tuple[int | None, int, str]) -> None:
    assert qty_of(text) == expected


@given(packs=st.integers(1, 99), each=st.integers(2, 99), pack=st.sampled_from("盒箱包"),
       unit=st.sampled_from("只个件"), shape=st.integers(0, 5))
def test_packs_and_what_one_holds_in_any_order(packs: int, each: int, pack: str, unit: str, shape: int) -> None:
    count = f"{packs}{pack}"
    holds = [f"{each}{unit}/{pack}", f"每{pack}{each}{unit}", f"({each}{unit}/{pack})", f"（每{pack}{each}{unit}）",
             f"，每{pack}{each}{unit}", f"{each}{unit}/{pack}"][shape]
    text = f"LC1D25M7 {holds} {count}" if shape in (1, 5) else f"LC1D25M7 {count}{holds}" if shape in (2, 3, 4) \
        else f"LC1D25M7 {count} {holds}"
    # was: "每盒10只 2盒" ordered 10, "2盒 10只/盒" was not understood, "2盒(10只/盒)" lost what a box holds
    assert qty_of(text) == (packs, each, ""), text


@pytest.mark.parametrize(("text", "code", "qty"), [
    ("Schneider LC1D09M7 contactor, 5 pcs", "LC1D09M7", 5),  # was: the whole cell, a description pick list
    ("- Schneider XB2BA42 red pushbutton, 20 pcs", "XB2BA42", 20),
    ("施耐德 LC1D18M7 接触器,7", "LC1D18M7", 7),
    ("- Qty 5: GV2ME10", "GV2ME10", 5),  # was: quantity not understood: '5:'
    ("UT 2,5, 100", "UT 2,5", 100),  # a comma inside the model stays
])
def test_the_model_number_in_a_cell_or_after_a_labelled_quantity(text: str, code: str, qty: int) -> None:
    (line,) = parse_order_text(text).lines
    assert (line.code, line.quantity.value if line.quantity else None) == (code, qty)


@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_a_unit_column_beside_the_quantity_is_read_with_it(delimiter: str) -> None:
    # Excel and CSV order lists keep the unit in its own column: "2 | 箱" is two boxes (was: 2 pieces)
    rows = [["序号", "型号", "数量", "单位", "备注"], ["1", "LC1D09M7", "2", "箱", ""],
            ["2", "LC1D12M7", "5", "个", "急"], ["3", "LC1D18M7", "3", "", ""], ["4", "RVV 3x1.5", "200", "米", ""]]
    lines = parse_order_text("\n".join(delimiter.join(r) for r in rows)).lines
    assert [(ln.code, ln.quantity.value, ln.quantity.unit) for ln in lines if ln.quantity] == [
        ("LC1D09M7", 2, "箱"), ("LC1D12M7", 5, "个"), ("LC1D18M7", 3, ""), ("RVV 3x1.5", 200, "米")]


@given(n=st.integers(1_000, 999_999), sign=st.sampled_from(["x", "X", "×", "*"]),
       model=st.sampled_from(["LC1D09M7", "GV2ME10", "3RT2015-1BB41", "A9F74216"]))
def test_a_times_sign_glued_to_a_grouped_quantity(n: int, sign: str, model: str) -> None:
    """"LC1D09M7 x1,200" ordered 200 of "LC1D09M7 x1" (a near-miss pick list): the sign is apart from the number."""
    (line,) = parse_order_text(f"{model} {sign}{n:,}").lines
    assert (line.code, line.qty) == (model, n)


@pytest.mark.parametrize("text", [
    "LC1D09M7（20只）",  # was: no quantity written, 1 assumed
    "LC1D09M7(20pcs)",  # was: unknown (the brackets taken into the model)
    "LC1D09M7 (x20)",  # was: unknown
    "LC1D09M7（数量：20）",  # was: quantity not understood: '20)'
    "LC1D09M7 (20只)",
    "LC1D09M7 【20个】",
])
def test_a_quantity_in_brackets_after_the_model(text: str) -> None:
    (line,) = parse_order_text(text).lines
    assert (line.code, line.qty, line.qty_error) == ("LC1D09M7", 20, "")


@pytest.mark.parametrize(("query", "expected"), [
    ("overload relay 2.5 to 4 amp", ["CHT-NXR-2.5-4"]),  # was: understood as "4 amp" alone, none had everything
    ("chint overload 6 to 10a", ["CHT-NXR-6-10"]),
])
def test_a_range_written_with_to(catalog: LocalCatalog, query: str, expected: list[str]) -> None:
    result = catalog.search(query)
    assert not result.closest, query
    assert skus(catalog, query)[:1] == expected, query


@given(lo=st.integers(1, 50), span=st.integers(1, 50), unit=st.sampled_from(["a", " amp", "A", "s", " sec", "V"]))
def test_to_between_two_numbers_is_a_range_as_a_dash_is(lo: int, span: int, unit: str) -> None:
    dashed = value_parser().find(f"{lo}-{lo + span}{unit}".lower())
    worded = value_parser().find(f"{lo} to {lo + span}{unit}".lower())
    assert [(v.kind, v.asks) for v in worded] == [(v.kind, v.asks) for v in dashed]
