"""A model number followed by what the customer says of it ("GV2ME10 4-6.3A", "S201-C16 1P", "3RT2015-1BB41(DC24V)",
"6ES7214-1AG40-0XB0(CPU1214C)", "S202-C32 (ABB)"): the model alone is looked up, and its product is taken only when it
is what was stated (values it does not contradict, words of a note in brackets that its own words hold)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import LineStatus, Product
from b2bterm.quickorder.memory import InMemoryLookup
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import resolve_lines
from b2bterm.quickorder.stated import contradicted, model_of, not_of, readings


def product(sku: str, model: str, *attributes: tuple[str, str]) -> Product:
    return Product(sku=sku, model=model, brand="Schneider Electric", category="Motor protection circuit breakers",
                   name_en=model, attributes=attributes)


GV10 = product("SE-GV2ME10", "GV2ME10", ("setting_range", "4-6.3 A"), ("poles", "3P"))
GV08 = product("SE-GV2ME08", "GV2ME08", ("setting_range", "2.5-4 A"), ("poles", "3P"))
MCB = product("ABB-S201C16", "S201-C16", ("poles", "1P"), ("curve", "C"), ("rated_current", "16 A"))
COIL = product("SE-LC1D09M7", "LC1D09M7", ("rated_current", "9 A"), ("coil_voltage", "AC220V"))
CPU = Product(sku="SIE-6ES72141AG400XB0", model="6ES7214-1AG40-0XB0", brand="Siemens", category="PLC",
              name_en="S7-1200 CPU 1214C DC/DC/DC", name_zh="西门子 S7-1200 CPU 1214C",
              attributes=(("supply", "DC24V"),))
EATON = Product(sku="ETN-DILM710220V50HZ", model="DILM7-10(220V50HZ)", brand="Eaton", category="Contactors",
                name_en="DILM7-10 contactor 220V 50Hz")


@pytest.mark.parametrize(("code", "first"), [
    ("GV2ME10 4-6.3A", ("GV2ME10", "4-6.3A")),
    ("S201-C16 1P", ("S201-C16", "1P")),
    ("3RT2015-1BB41(DC24V)", ("3RT2015-1BB41", "(DC24V)")),
    ("3RT2015-1BB41（DC24V）", ("3RT2015-1BB41", "（DC24V）")),
    ("LC1D09M7 AC220V 线圈", ("LC1D09M7", "AC220V 线圈")),
    ("DZ47-60 C16 1P", ("DZ47-60 C16", "1P")),
])
def test_the_end_of_a_code_read_as_stated_values(code: str, first: tuple[str, str]) -> None:
    assert readings(code)[0] == first


@pytest.mark.parametrize(("code", "last"), [
    ("6ES7214-1AG40-0XB0(CPU1214C)", ("6ES7214-1AG40-0XB0", "(CPU1214C)")),
    ("6ES7214-1AG40-0XB0 （CPU1214C）", ("6ES7214-1AG40-0XB0", "（CPU1214C）")),
    ("S202-C32 [ABB 2P]", ("S202-C32", "[ABB 2P]")),
    ("LC1D09M7【urgent】", ("LC1D09M7", "【urgent】")),
    ("3RT2015-1BB41(DC24V)", ("3RT2015-1BB41", "(DC24V)")),  # (values: read either way, once)
])
def test_a_note_in_brackets_at_the_end_of_a_code_is_its_last_reading(code: str, last: tuple[str, str]) -> None:
    assert readings(code)[-1] == last
    assert readings(code).count(last) == 1
    assert model_of(code) == last[0]


@pytest.mark.parametrize("code", ["LC1D09M7", "(CPU1214C)", "LC1D09M7(", "LC1D09M7)", "A(B)C", "X(" + "y" * 41 + ")"])
def test_a_code_that_does_not_end_in_a_whole_note_is_its_own_model(code: str) -> None:
    assert model_of(code) == code


@given(model=st.from_regex(r"[A-Z0-9][A-Z0-9./-]{0,14}[A-Z0-9]", fullmatch=True),
       note=st.text(st.characters(blacklist_characters="()[]（）【】", blacklist_categories=("Cs", "Cc")),
                    min_size=1, max_size=40).filter(str.strip),
       brackets=st.sampled_from(["()", "[]", "（）", "【】"]), gap=st.sampled_from(["", " "]))
def test_any_note_in_brackets_leaves_the_model_before_it(model: str, note: str, brackets: str, gap: str) -> None:
    code = f"{model}{gap}{brackets[0]}{note}{brackets[1]}"
    assert model_of(code) == model
    assert readings(code)[-1] == (model, f"{brackets[0]}{note}{brackets[1]}")


@pytest.mark.parametrize("code", ["LC1D09M7", "NXB-63", "LC1D09M7 Schneider", "GV2ME10 urgent"])
def test_a_code_without_stated_values_at_its_end_has_no_other_reading(code: str) -> None:
    assert readings(code) == []


def test_a_product_contradicts_only_values_of_a_kind_it_states() -> None:
    assert contradicted(GV10, "4-6.3A") == []
    assert contradicted(GV08, "4-6.3A") == ["4-6.3a"]
    assert contradicted(COIL, "220V 线圈") == [] and contradicted(COIL, "DC24V") == ["dc24v"]
    assert contradicted(MCB, "1P") == [] and contradicted(MCB, "3P") == ["3p"]
    assert contradicted(GV10, "AC220V") == []  # it states no voltage: not held against it


def test_a_note_is_held_by_the_product_when_its_words_are_its_own() -> None:
    assert not_of(CPU, "(CPU1214C)") == [] and not_of(CPU, "(cpu 1214c)") == [] and not_of(CPU, "(Siemens)") == []
    assert not_of(CPU, "(new, urgent)") == []  # remarks say nothing of the product
    assert not_of(CPU, "(Schneider)") == ["schneider"] and not_of(CPU, "(CPU1215C)") == ["cpu1215c"]
    assert not_of(COIL, "(DC24V)") == ["dc24v"]  # a value it contradicts, as ``contradicted`` says
    assert not_of(COIL, "(AC220V 线圈)") == []


def run(text: str) -> list:  # type: ignore[type-arg]
    return resolve_lines(InMemoryLookup([GV10, GV08, MCB, COIL, CPU, EATON]), parse_order_text(text).lines,
                         account_id=None, merge=False)


def test_a_model_with_a_note_in_brackets_resolves_when_the_note_fits_it() -> None:
    got = [(r.status, r.sku, r.qty) for r in run("6ES7214-1AG40-0XB0(CPU1214C) 3\n"
                                                 "6ES7214-1AG40-0XB0 （CPU 1214C） 两个\n"
                                                 "LC1D09M7 (urgent) 十个\nDILM7-10(220V50HZ) 4")]
    assert got == [(LineStatus.RESOLVED, "SIE-6ES72141AG400XB0", 3), (LineStatus.RESOLVED, "SIE-6ES72141AG400XB0", 2),
                   (LineStatus.RESOLVED, "SE-LC1D09M7", 10), (LineStatus.RESOLVED, "ETN-DILM710220V50HZ", 4)]


def test_a_slip_in_a_model_with_a_note_is_looked_for_without_the_note() -> None:
    (line,) = run("6ES7214-1AG40-0XB1(CPU1214C) 3")  # nothing near the whole code: its model's near misses
    assert line.status is LineStatus.AMBIGUOUS and line.qty == 3
    assert [c.sku for c in line.candidates][:1] == ["SIE-6ES72141AG400XB0"]
    (line,) = run("6ES7214(CPU1214C) 1")  # a model's start with a note: the one model it starts
    assert (line.status, line.sku) == (LineStatus.RESOLVED, "SIE-6ES72141AG400XB0")
    (line,) = run("DILM7-10(22OV50HZ) 1")  # brackets of the model's own: the whole code still finds it
    assert line.sku == "ETN-DILM710220V50HZ"


def test_a_model_with_what_it_is_resolves_and_keeps_the_quantity() -> None:
    got = [(r.status, r.sku, r.qty) for r in run("GV2ME10 4-6.3A 3个\nS201-C16 1P 5\nLC1D09M7 AC220V 线圈 十个\n"
                                                 "GV2ME08（3P） 2")]
    assert got == [(LineStatus.RESOLVED, "SE-GV2ME10", 3), (LineStatus.RESOLVED, "ABB-S201C16", 5),
                   (LineStatus.RESOLVED, "SE-LC1D09M7", 10), (LineStatus.RESOLVED, "SE-GV2ME08", 2)]


@pytest.mark.parametrize(("text", "sku", "qty", "said"), [
    ("GV2ME08 4-6.3A 5个", "SE-GV2ME08", 5, "4-6.3a"),  # a value it contradicts
    ("6ES7214-1AG40-0XB0(Schneider) 3", "SIE-6ES72141AG400XB0", 3, "schneider"),  # a note's word it does not hold
])
def test_a_model_whose_product_is_not_what_was_stated_is_offered_never_taken(text: str, sku: str, qty: int,
                                                                             said: str) -> None:
    (line,) = run(text)
    assert line.status is LineStatus.AMBIGUOUS and line.sku == "" and line.qty == qty
    assert [c.sku for c in line.candidates][:1] == [sku]
    assert said in line.message


async def on_the_catalog(desk, text: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The lines of ``text`` resolved as Quick order resolves them for the demo account, on the demo catalog."""
    await desk.select_account("C10023")
    pad = desk.new_pad("C10023", title="stated")
    return resolve_lines(pad.lookup, parse_order_text(text).lines, account_id="C10023", merge=False)


async def test_on_the_catalog_the_pick_list_also_offers_what_fits_the_stated_values(desk) -> None:  # type: ignore[no-untyped-def]
    gv, lc, mcb, siemens = await on_the_catalog(desk, "GV2ME08 4-6.3A 5个\nLC1D09M7 DC24V 3个\nS201-C16 1P 5\n"
                                                      "3. 3RT2015-1BB41（DC24V）十个")
    assert gv.status is LineStatus.AMBIGUOUS
    assert [c.product.model for c in gv.candidates][:2] == ["GV2ME08", "GV2ME10"]
    assert lc.status is LineStatus.AMBIGUOUS and lc.candidates[0].product.model == "LC1D09M7"
    assert all("DC24V" in dict(c.product.attributes).get("coil_voltage", "") for c in lc.candidates[1:])
    assert len(lc.candidates) > 1
    assert (mcb.status, mcb.product.model, mcb.qty) == (LineStatus.RESOLVED, "S201-C16", 5)
    assert (siemens.status, siemens.product.model, siemens.qty) == (LineStatus.RESOLVED, "3RT2015-1BB41", 10)


async def test_on_the_catalog_a_note_in_brackets_no_longer_leaves_a_line_unknown(desk) -> None:  # type: ignore[no-untyped-def]
    cpu, mcb, slip, other = await on_the_catalog(desk, "6ES7214-1AG40-0XB0(CPU1214C) 3\nS202-C32（ABB） 两个\n"
                                                       "6ES7214-1AG40-0XB1 (CPU1214C) 1\nS202-C32(Schneider) 1")
    assert (cpu.status, cpu.product.model, cpu.qty) == (LineStatus.RESOLVED, "6ES7214-1AG40-0XB0", 3)
    assert (mcb.status, mcb.product.model, mcb.qty) == (LineStatus.RESOLVED, "S202-C32", 2)
    assert slip.status is LineStatus.AMBIGUOUS and "6ES7214-1AG40-0XB0" in [c.product.model for c in slip.candidates]
    assert other.status is LineStatus.AMBIGUOUS and other.candidates[0].product.model == "S202-C32"
    # and after it what the note asks for: Schneider's breakers with all of the S202-C32's values
    assert len(other.candidates) > 1
    for c in other.candidates[1:]:
        assert "Schneider" in c.product.brand
        assert {("poles", "2P"), ("curve", "C"), ("rated_current", "32 A")} <= set(c.product.attributes)
