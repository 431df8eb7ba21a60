"""Pick-list ranking: candidates ordered by how many of the line's tokens they match, attributes included."""

from __future__ import annotations

from b2bterm.domain.models import Product
from b2bterm.quickorder.rank import distinguishing_attributes, line_tokens, product_keys, rank


def mcb(model: str, poles: str, curve: str, amps: int) -> Product:
    return Product(sku=model.replace(" ", "-"), model=model, brand="CHINT", category="mcb", name_en=model,
                   attributes=(("poles", poles), ("curve", curve), ("rated_current", f"{amps} A"),
                               ("breaking_capacity", "6kA")))


def contactor(model: str, coil: str) -> Product:
    return Product(sku=model, model=model, brand="SE", category="contactor", name_en=model,
                   attributes=(("rated_current", "9 A"), ("poles", "3P"), ("coil_voltage", coil)))


BREAKERS = [mcb("NXB-63 1P C63", "1P", "C", 63), mcb("NXB-63 1P C16", "1P", "C", 16),
            mcb("NXB-63 3P C63", "3P", "C", 63), mcb("NXB-63 3P C16", "3P", "C", 16),
            mcb("NXB-63 3P D16", "3P", "D", 16)]


def test_tokens_and_keys() -> None:
    assert line_tokens("NXB-63 C16 3P") == ["NXB63", "C16", "3P"]
    keys = product_keys(BREAKERS[3])
    assert {"NXB63", "NXB", "63", "3P", "C", "16A", "16", "C16"} <= keys


def test_the_candidate_matching_every_token_comes_first_whatever_the_resolver_said() -> None:
    scores = {p.sku: 90.0 for p in BREAKERS} | {"NXB-63-3P-C16": 60.0}
    ranked = rank("NXB-63 C16 3P", BREAKERS, scores)
    assert ranked[0].product.model == "NXB-63 3P C16"
    assert (ranked[0].matched, ranked[0].tokens) == (3, 3)
    one_pole_c63 = next(r for r in ranked if r.product.model == "NXB-63 1P C63")
    assert one_pole_c63.matched == 1  # the level tie of the old list is gone
    # ties keep the resolver's score, then its order
    assert [r.score for r in ranked if r.matched == 2] == sorted((r.score for r in ranked if r.matched == 2),
                                                                   reverse=True)


def test_a_coil_voltage_tells_contactors_apart() -> None:
    cands = [contactor("LC1D09Q7", "AC380V"), contactor("LC1D09M7", "AC220V"), contactor("LC1D09B7", "AC24V")]
    ranked = rank("LC1D09 220V", cands)
    assert ranked[0].product.model == "LC1D09M7" and ranked[0].matched == 1


def test_distinguishing_attributes_are_the_ones_that_differ() -> None:
    assert distinguishing_attributes(BREAKERS) == ["poles", "curve", "rated_current"]
    assert distinguishing_attributes(BREAKERS[:1]) == []
