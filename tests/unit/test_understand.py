"""Query understanding: brand, category and values in every way customers write them (pure, no catalog)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.domain.models import Product
from b2bterm.domain.understand import Lexicon, explain
from b2bterm.domain.values import product_facts

BRANDS = ["Schneider Electric", "Siemens", "CHINT", "Omron", "Acme Hydraulics"]
CATEGORIES = ["Contactors", "Miniature circuit breakers", "Control relays", "Thermal overload relays",
              "Proximity sensors", "Cable and wire", "Pushbuttons and pilot lights", "Solenoid valves",
              "PLCs and I/O modules"]


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.build(BRANDS, CATEGORIES)


def asks(lex: Lexicon, query: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(c.kind, c.asks) for c in lex.understand(query).hard}


@pytest.mark.parametrize("written", ["9A", "9 A", "9安", "9 amp", "9amps", "9 安培"])
def test_current_in_every_form(lex: Lexicon, written: str) -> None:
    assert asks(lex, f"contactor {written}") == {("current", ("a9",))}


@pytest.mark.parametrize("written", ["AC220V", "220VAC", "220V AC", "交流220V", "~220V", "ac 220v", "220vac"])
def test_ac_voltage_forms_mean_the_same(lex: Lexicon, written: str) -> None:
    (c,) = lex.understand(written).hard
    assert c.kind == "voltage" and set(c.asks) == {"vac220", "vu220"}


@pytest.mark.parametrize("written", ["24VDC", "DC24V", "直流24V", "24V DC", "dc24"])
def test_dc_voltage_forms_mean_the_same(lex: Lexicon, written: str) -> None:
    (c,) = lex.understand(written).hard
    assert set(c.asks) == {"vdc24", "vu24"}


def test_a_coil_satisfies_what_is_asked_and_dc_never_matches_ac(lex: Lexicon) -> None:
    ac = set(product_facts([("coil_voltage", "AC220V")]))
    dc = set(product_facts([("coil_voltage", "DC220V")]))
    for query in ("220V", "AC220V", "交流220V"):
        (c,) = lex.understand(query).hard
        assert ac & set(c.asks)
    (c,) = lex.understand("DC220V").hard
    assert not ac & set(c.asks) and dc & set(c.asks)
    wide = set(product_facts([("coil_voltage", "100-250V AC/DC")]))
    assert "vac220" in wide and "vdc110" in wide and "vac380" not in wide


@pytest.mark.parametrize("written", ["3P", "3极", "三极", "3 pole", "3 poles"])
def test_poles(lex: Lexicon, written: str) -> None:
    assert asks(lex, written) == {("poles", ("p3", "co3"))}  # a relay's poles are its changeover contacts


def test_curve_and_current_in_one_token(lex: Lexicon) -> None:
    assert asks(lex, "MCB 3P C16") == {("poles", ("p3", "co3")), ("curve", ("cvc",)), ("current", ("a16",))}


@pytest.mark.parametrize("written", ["2.5mm²", "2.5mm2", "2.5平方", "2.5 sq mm"])
def test_cross_section(lex: Lexicon, written: str) -> None:
    assert asks(lex, f"BV {written}") == {("section", ("sq2p5",))}


@pytest.mark.parametrize("written", ["3*1.5", "3x1.5", "3×1.5", "3X1.5", "3芯1.5平方"])
def test_cable_cores_by_section(lex: Lexicon, written: str) -> None:
    und = lex.understand(f"RVV {written}")
    assert asks(lex, f"RVV {written}") == {("cable", ("k3x1p5",))}
    assert und.words == ("rvv",)
    assert "k3x1p5" in product_facts([("cores", "3"), ("cross_section", "1.5 mm²")])


def test_sizes_contacts_outputs_colours(lex: Lexicon) -> None:
    assert asks(lex, "接近开关 M12 2mm NPN") == {("thread", ("th12",)), ("distance", ("mm2", "sq2")),
                                              ("output", ("woutputnpn",))}
    assert asks(lex, "button 22mm 1NO red") == {("distance", ("mm22", "sq22")), ("contact", ("no1",)),
                                               ("colour", ("wcolourred",))}
    assert asks(lex, "按钮 红色 常开") == {("colour", ("wcolourred",)), ("contact", ("no",))}
    assert asks(lex, "relay 2CO") == asks(lex, "继电器 两组") == {("contact", ("co2",))}
    facts = set(product_facts([("contacts", "1NO+1NC"), ("colour", "red"), ("output", "PNP NO")]))
    assert {"no1", "no", "nc1", "wcolourred", "woutputpnp"} <= facts


@pytest.mark.parametrize("written", ["32点", "32 点", "32 points", "32 io", "32 i/o", "32points"])
@pytest.mark.parametrize("attribute", ["io_points", "I/O points", "points"])
def test_io_points_held_as_a_bare_number_satisfy_every_way_of_asking(lex: Lexicon, written: str,
                                                                     attribute: str) -> None:
    """A PLC's io_points "32" (a bare number under a named attribute) is what "32点" / "32 points" asks for; a
    bare number under a kind with a unit is held with that unit ("5" under sensing_distance is 5 mm)."""
    held = set(product_facts([(attribute, "32"), ("output", "relay")]))
    (c,) = lex.understand(f"三菱 PLC {written}").hard
    assert set(c.asks) & held
    assert not set(c.asks) & set(product_facts([(attribute, "16")]))
    (d,) = lex.understand("接近开关 5mm").hard
    assert set(d.asks) & set(product_facts([("sensing_distance", "5")]))
    assert "a9" in product_facts([("rated_current", "9")])


@pytest.mark.parametrize(("query", "output"), [
    ("三菱 plc 64点 继电器输出", "relay"), ("PLC 32点 晶体管输出", "transistor (sink)"),
    ("plc 32 points relay output", "relay"), ("fx5u 64 transistor", "transistor (sink)"),
    ("PLC 继电器型 16点", "relay")])
def test_an_output_named_by_a_category_word_is_a_value_not_that_category(lex: Lexicon, query: str,
                                                                        output: str) -> None:
    """"继电器输出" is a relay output (of a PLC), not a relay; an attribute named after a value kind ("output":
    "relay") holds that value."""
    und = lex.understand(query)
    assert "Control relays" not in und.categories
    (c,) = [c for c in und.hard if c.kind == "output"]
    other = "transistor (sink)" if output == "relay" else "relay"
    assert set(c.asks) & set(product_facts([("output", output)]))
    assert not set(c.asks) & set(product_facts([("output", other)]))
    assert lex.understand("继电器 24V").categories == ("Control relays",)


def test_chinese_without_spaces_splits_into_the_same_parts(lex: Lexicon) -> None:
    spaced = lex.understand("施耐德 接触器 9A 220V")
    for query in ("施耐德接触器9A 220V", "施耐德接触器9A220V", "施耐德的接触器 9安 220V"):
        und = lex.understand(query)
        assert (und.brands, und.categories, {c.asks for c in und.hard}) == \
            (spaced.brands, spaced.categories, {c.asks for c in spaced.hard}), query
    assert spaced.brands == ("Schneider Electric",) and spaced.categories == ("Contactors",)


@pytest.mark.parametrize(("query", "brand"), [("schnieder lc1d09", "Schneider Electric"),
                                              ("siemans 3rt", "Siemens"), ("正泰空开", "CHINT"),
                                              ("施奈德接触器", "Schneider Electric"), ("zhengtai", "CHINT")])
def test_brand_words_misspellings_chinese_pinyin(lex: Lexicon, query: str, brand: str) -> None:
    assert lex.understand(query).brands == (brand,)


@pytest.mark.parametrize(("query", "category"), [
    ("空开", "Miniature circuit breakers"), ("微断 1P", "Miniature circuit breakers"),
    ("MCB", "Miniature circuit breakers"),
    ("交流接触器", "Contactors"), ("contacter", "Contactors"), ("中间继电器", "Control relays"),
    ("热继电器", "Thermal overload relays"), ("overload relay", "Thermal overload relays"),
    ("proximity switch", "Proximity sensors"), ("电线", "Cable and wire"),
    ("push button", "Pushbuttons and pilot lights"),
])
def test_category_words_and_slang(lex: Lexicon, query: str, category: str) -> None:
    assert lex.understand(query).categories == (category,)


def test_a_catalog_category_and_brand_the_vocabulary_does_not_know_work_by_their_names(lex: Lexicon) -> None:
    und = lex.understand("acme solenoid valve 24vdc")
    assert und.brands == ("Acme Hydraulics",) and und.categories == ("Solenoid valves",)
    assert {c.asks for c in und.hard} == {("vdc24", "vu24")}


def test_model_numbers_are_not_taken_apart(lex: Lexicon) -> None:
    for code in ("lc1-d09 m7", "6es7214-1ag40-0xb0", "3rt2015-1bb41", "a9f74116"):
        assert not lex.understand(code).hard, code


def test_explain_names_what_a_product_misses(lex: Lexicon) -> None:
    p = Product(sku="X", model="LC1D09P7", brand="Schneider Electric", category="Contactors", name_en="contactor",
                attributes=(("rated_current", "9 A"), ("coil_voltage", "AC230V")))
    und = lex.understand("contactor 9A 220V blue")
    count, matched, misses = explain(p, und.hard)
    assert count == 1 and matched == (("rated_current", "9 A"),)
    assert [(m.name, m.held, m.asked) for m in misses] == [("coil_voltage", "AC230V", "220V"), ("", "", "blue")]


ALPHABET = list("0123456789.,*x×+-~ aAcCdDvVpPmM安伏极平方三两个交流直流施耐德接触器空开 \u3000")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
def test_understanding_never_raises_and_asks_only_what_was_typed(query: str) -> None:
    lex = Lexicon.build(BRANDS, CATEGORIES)
    und = lex.understand(query)
    for c in und.constraints:
        assert c.asks and all(t.isalnum() and t.isascii() for t in c.asks)
        typed = query.replace("×", "x").replace(" ", "").replace("\u3000", "").lower()
        assert c.asked.replace(" ", "").lower() in typed


def test_values_typed_together_are_read_apart_but_a_model_number_is_not() -> None:
    from b2bterm.domain.understand import values_run_together

    assert [c.asks for c in values_run_together("m12pnp")] == [("th12",), ("woutputpnp",)]
    assert [c.kind for c in values_run_together("3pc63")] == ["poles", "curve", "current"]
    assert [c.kind for c in values_run_together("24vdc2co")] == ["voltage", "contact"]
    for model in ("lc1d52m7", "e3zd16", "3rt2051", "my2ndc24", "6es7214"):
        assert values_run_together(model) == ()


def _every_product_misses(und: object, misses: list[list[object]], brands: list[str]) -> list[str]:
    """nobody_has as defined: the brand when no product is of it, each stated value every product misses."""
    from b2bterm.domain.understand import Understanding
    assert isinstance(und, Understanding)
    if not misses:
        return []
    brand = [und.brand_asked] if und.brands and brands and not set(brands) & set(und.brands) else []
    return brand + [c.asked for c in und.hard if all(any(m.asked == c.asked for m in miss) for miss in misses)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(["9A", "220V", "3P", "red"])),
                          st.sampled_from(["Siemens", "Omron", "CHINT"])), max_size=6),
       st.sets(st.sampled_from(["9A", "220V", "3P", "red"])), st.sampled_from([(), ("Siemens",)]))
def test_nobody_has_reads_only_what_it_needs_and_says_what_every_product_misses(
        products: list[tuple[set[str], str]], asked: set[str], brands: tuple[str, ...]) -> None:
    """The kind: the answer is what every closest product misses, however the misses are handed over; with no
    stated value asked, no product's misses after the first are read (they are worked out as they are read)."""
    from b2bterm.domain.search_query import Miss
    from b2bterm.domain.understand import Constraint, Understanding, nobody_has

    und = Understanding("q", brands=brands, brand_asked="siemens" if brands else "",
                        constraints=tuple(Constraint("x", a, (a.lower(),)) for a in sorted(asked)))
    misses = [[Miss("", "", a) for a in sorted(missed)] for missed, _ in products]
    names = [name for _, name in products]
    read: list[int] = []

    def lazily() -> object:
        for n, miss in enumerate(misses):
            read.append(n)
            yield miss

    assert nobody_has(und, lazily(), iter(names)) == _every_product_misses(und, misses, names)
    if not asked:
        assert read in ([], [0])
