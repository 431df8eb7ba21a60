"""A model number followed by what the customer says of it ("GV2ME10 4-6.3A", "S201-C16 1P", "3RT2015-1BB41(DC24V)"):
the model alone is looked up, and its product is taken only when it does not contradict what was stated."""

from __future__ import annotations

import pytest

from b2bterm.domain.models import LineStatus, Product
from b2bterm.quickorder.memory import InMemoryLookup
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import resolve_lines
from b2bterm.quickorder.stated import contradicted, readings


def product(sku: str, model: str, *attributes: tuple[str, str]) -> Product:
    return Product(sku=sku, model=model, brand="Schneider Electric", category="Motor protection circuit breakers",
                   name_en=model, attributes=attributes)


GV10 = product("SE-GV2ME10", "GV2ME10", ("setting_range", "4-6.3 A"), ("poles", "3P"))
GV08 = product("SE-GV2ME08", "GV2ME08", ("setting_range", "2.5-4 A"), ("poles", "3P"))
MCB = product("ABB-S201C16", "S201-C16", ("poles", "1P"), ("curve", "C"), ("rated_current", "16 A"))
COIL = product("SE-LC1D09M7", "LC1D09M7", ("rated_current", "9 A"), ("coil_voltage", "AC220V"))


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


@pytest.mark.parametrize("code", ["LC1D09M7", "NXB-63", "LC1D09M7 Schneider", "GV2ME10 urgent"])
def test_a_code_without_stated_values_at_its_end_has_no_other_reading(code: str) -> None:
    assert readings(code) == []


def test_a_product_contradicts_only_values_of_a_kind_it_states() -> None:
    assert contradicted(GV10, "4-6.3A") == []
    assert contradicted(GV08, "4-6.3A") == ["4-6.3a"]
    assert contradicted(COIL, "220V 线圈") == [] and contradicted(COIL, "DC24V") == ["dc24v"]
    assert contradicted(MCB, "1P") == [] and contradicted(MCB, "3P") == ["3p"]
    assert contradicted(GV10, "AC220V") == []  # it states no voltage: not held against it


def run(text: str) -> list:  # type: ignore[type-arg]
    return resolve_lines(InMemoryLookup([GV10, GV08, MCB, COIL]), parse_order_text(text).lines, account_id=None,
                         merge=False)


def test_a_model_with_what_it_is_resolves_and_keeps_the_quantity() -> None:
    got = [(r.status, r.sku, r.qty) for r in run("GV2ME10 4-6.3A 3个\nS201-C16 1P 5\nLC1D09M7 AC220V 线圈 十个\n"
                                                 "GV2ME08（3P） 2")]
    assert got == [(LineStatus.RESOLVED, "SE-GV2ME10", 3), (LineStatus.RESOLVED, "ABB-S201C16", 5),
                   (LineStatus.RESOLVED, "SE-LC1D09M7", 10), (LineStatus.RESOLVED, "SE-GV2ME08", 2)]


def test_a_model_whose_product_is_not_what_was_stated_is_offered_never_taken() -> None:
    (line,) = run("GV2ME08 4-6.3A 5个")
    assert line.status is LineStatus.AMBIGUOUS and line.sku == "" and line.qty == 5
    assert [c.sku for c in line.candidates][:1] == ["SE-GV2ME08"]
    assert "4-6.3a" in line.message


async def test_on_the_catalog_the_pick_list_also_offers_what_fits_the_stated_values(desk) -> None:  # type: ignore[no-untyped-def]
    await desk.select_account("C10023")
    pad = desk.new_pad("C10023", title="stated")
    lines = resolve_lines(pad.lookup, parse_order_text("GV2ME08 4-6.3A 5个\nLC1D09M7 DC24V 3个\nS201-C16 1P 5\n"
                                                       "3. 3RT2015-1BB41（DC24V）十个").lines,
                          account_id="C10023", merge=False)
    gv, lc, mcb, siemens = lines
    assert gv.status is LineStatus.AMBIGUOUS
    assert [c.product.model for c in gv.candidates][:2] == ["GV2ME08", "GV2ME10"]
    assert lc.status is LineStatus.AMBIGUOUS and lc.candidates[0].product.model == "LC1D09M7"
    assert all("DC24V" in dict(c.product.attributes).get("coil_voltage", "") for c in lc.candidates[1:])
    assert len(lc.candidates) > 1
    assert (mcb.status, mcb.product.model, mcb.qty) == (LineStatus.RESOLVED, "S201-C16", 5)
    assert (siemens.status, siemens.product.model, siemens.qty) == (LineStatus.RESOLVED, "3RT2015-1BB41", 10)
