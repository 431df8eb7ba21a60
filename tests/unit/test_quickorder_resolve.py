from __future__ import annotations

from b2bterm.domain.models import LineStatus, Product
from b2bterm.quickorder.memory import InMemoryLookup
from b2bterm.quickorder.parser import ParsedLine, parse_order_text
from b2bterm.quickorder.resolve import MatchHow, candidate_scores, resolve_lines


def product(sku: str, model: str, **kw: object) -> Product:
    return Product(sku=sku, model=model, brand="Schneider", category="contactor", name_en=model, **kw)  # type: ignore[arg-type]


CATALOG = [
    product("SKU-1001", "LC1D09M7", cross_refs=("3RT2015-1AP01",), ean="3389110000001", popularity=90),
    product("SKU-1002", "LC1D12M7", popularity=80),
    product("SKU-1003", "GV2ME10", popularity=70),
    product("SKU-1004", "GV2ME14", popularity=60),
    product("SKU-2001", "6ES7214-1AG40-0XB0", popularity=50),
    product("SKU-3001", "IC65N-3P-C16", popularity=40),
    # two products sharing one model number (two brands)
    product("SKU-4001", "NSX100F", popularity=30),
    product("SKU-4002", "NSX100F", popularity=20),
    product("SKU-5001", "XB2BA31C", popularity=10),
    # Siemens' equivalent lists the Schneider model as a cross-reference, as real catalogs do
    product("SKU-6001", "3RT2015-1BB41", cross_refs=("LC1D09M7",), popularity=5),
]


def lookup() -> InMemoryLookup:
    return InMemoryLookup(CATALOG, customer_parts=[("ACME", "ACME-001", "SKU-1003"), ("ACME", "LC1D12M7", "SKU-1003")])


def run(text: str, *, account_id: str | None = "ACME", merge: bool = True, lk: InMemoryLookup | None = None):
    return resolve_lines(lk or lookup(), parse_order_text(text).lines, account_id=account_id, merge=merge)


def test_each_step_of_the_chain() -> None:
    lines = run(
        "SKU-1001 1\nACME-001 2\n3RT2015-1AP01 3\n3389110000001 4\nlc1-d09 m7 5\n6ES72I4-IAG4O-OXBO 6\nXB2BA 7\n",
        merge=False,
    )
    got = [(x.status, x.sku, x.how, x.qty) for x in lines]
    assert got == [
        (LineStatus.RESOLVED, "SKU-1001", MatchHow.SKU, 1),
        (LineStatus.RESOLVED, "SKU-1003", MatchHow.CUSTOMER_PART, 2),
        (LineStatus.RESOLVED, "SKU-1001", MatchHow.CROSS_REF, 3),
        (LineStatus.RESOLVED, "SKU-1001", MatchHow.EAN, 4),
        (LineStatus.RESOLVED, "SKU-1001", MatchHow.MODEL, 5),
        (LineStatus.RESOLVED, "SKU-2001", MatchHow.LOOSE, 6),
        (LineStatus.RESOLVED, "SKU-5001", MatchHow.PREFIX, 7),
    ]
    assert lines[0].product is not None and lines[0].product.model == "LC1D09M7"


def test_an_exact_model_number_beats_other_products_cross_references() -> None:
    (line,) = run("LC1D09M7 4")
    assert (line.status, line.sku, line.how) == (LineStatus.RESOLVED, "SKU-1001", MatchHow.MODEL)


def test_customer_part_number_beats_model_number_and_needs_the_account() -> None:
    # "LC1D12M7" is ACME's own part number for SKU-1003 and also the model number of SKU-1002
    assert run("LC1D12M7 1")[0].sku == "SKU-1003"
    assert run("LC1D12M7 1", account_id="OTHER")[0].sku == "SKU-1002"
    assert run("ACME-001 1", account_id=None)[0].status is not LineStatus.RESOLVED


def test_several_exact_matches_are_ambiguous() -> None:
    (line,) = run("NSX100F 2")
    assert line.status is LineStatus.AMBIGUOUS
    assert {c.sku for c in line.candidates} == {"SKU-4001", "SKU-4002"}
    assert line.qty == 2 and line.sku == ""


def test_several_prefix_matches_are_ambiguous_most_popular_first() -> None:
    (line,) = run("GV2ME 2")
    # "GV2ME 2" could also be one code "GV2ME2"; neither reading is exact, so prefix on the code
    assert line.status is LineStatus.AMBIGUOUS
    assert [c.sku for c in line.candidates] == ["SKU-1003", "SKU-1004"]
    assert all(c.how is MatchHow.PREFIX for c in line.candidates)


def test_fuzzy_is_never_accepted_even_with_one_strong_candidate() -> None:
    (line,) = run("LC1D09N7 3")  # one letter off, only one close product
    assert line.status is LineStatus.AMBIGUOUS
    assert line.sku == ""
    assert line.candidates and line.candidates[0].sku == "SKU-1001"
    assert line.candidates[0].how is MatchHow.FUZZY and line.candidates[0].score is not None
    assert "pick" in line.message


def test_unknown_when_nothing_is_close() -> None:
    (line,) = run("ZZZ999QQQ 3")
    assert line.status is LineStatus.UNKNOWN and line.candidates == ()
    assert "ZZZ999QQQ" in line.message


def test_alternative_reading_with_the_trailing_number_in_the_code() -> None:
    (line,) = run("GV2ME 10")  # GV2ME is no product; GV2ME10 is
    assert (line.status, line.sku, line.qty) == (LineStatus.RESOLVED, "SKU-1003", 1)
    assert "one model number" in line.message
    (line,) = run("LC1D09M7 10")  # the code matches as it is: the 10 stays the quantity
    assert (line.sku, line.qty) == ("SKU-1001", 10)


def test_one_batch_call_for_exact_matches_then_per_line_only_for_the_unmatched() -> None:
    lk = lookup()
    run("LC1D09M7 1\nGV2ME10 2\nSKU-2001 3\nLC1D09N7 1\n", lk=lk)
    names = [name for name, _ in lk.calls]
    assert names.count("match_codes") == 1
    assert [arg for name, arg in lk.calls if name in ("prefix_matches", "fuzzy_candidates")] == ["LC1D09N7", "LC1D09N7"]


def test_repeated_skus_are_merged_keeping_inputs() -> None:
    lines = run("LC1D09M7 2\nGV2ME10 1\nlc1-d09-m7 x3\nSKU-1001 0\n")
    assert [(x.sku, x.qty) for x in lines] == [("SKU-1001", 5), ("SKU-1003", 1), ("SKU-1001", 0)]
    assert [p.line_no for p in lines[0].inputs] == [1, 3]
    assert "LC1D09M7 2 | lc1-d09-m7 x3" == lines[0].input
    assert lines[2].qty_error  # a bad qty is not merged away


def test_merge_false_keeps_every_line() -> None:
    lines = run("LC1D09M7 2\nLC1D09M7 3\n", merge=False)
    assert [(x.sku, x.qty) for x in lines] == [("SKU-1001", 2), ("SKU-1001", 3)]


def test_no_lines_no_calls() -> None:
    lk = lookup()
    assert resolve_lines(lk, [], account_id=None) == []
    assert lk.calls == []


def test_line_without_qty_orders_one() -> None:
    lines = resolve_lines(lookup(), [ParsedLine(1, "GV2ME14", "GV2ME14", None)], account_id=None)
    assert (lines[0].sku, lines[0].qty) == ("SKU-1004", 1)


def test_only_the_winning_steps_products_are_read() -> None:
    # LC1D09M7 is SKU-1001's model and a cross-reference on SKU-6001: only SKU-1001 is read, in one call
    lk = lookup()
    (line,) = run("LC1D09M7 4", lk=lk)
    assert (line.sku, line.product.sku if line.product else None) == ("SKU-1001", "SKU-1001")
    read = [arg for name, arg in lk.calls if name == "products"]
    assert read == [("SKU-1001",)]


def test_a_loose_match_behind_a_cross_reference_still_gets_its_product() -> None:
    lk = InMemoryLookup([*CATALOG, product("SKU-7001", "XY1OO", cross_refs=("XY100",))])
    (line,) = run("XY100 1", lk=lk, account_id=None)
    assert line.product is not None and line.product.sku == line.sku


def test_scores_for_a_reopened_line_are_only_given_to_near_misses() -> None:
    lk = lookup()
    shared = [p for p in CATALOG if p.model == "NSX100F"]
    assert candidate_scores(lk, "NSX100F 2", shared) == {"SKU-4001": None, "SKU-4002": None}
    near = [p for p in CATALOG if p.model in ("LC1D09M7", "LC1D12M7")]
    scores = candidate_scores(lk, "3. LC1D09M8 x 4", near)
    assert scores["SKU-1001"] is not None and scores["SKU-1002"] is not None
    assert scores["SKU-1001"] > 85 and scores["SKU-1002"] < scores["SKU-1001"]
    # the account's own part number is an exact match too
    assert candidate_scores(lk, "ACME-001 1", near, account_id="ACME") == {"SKU-1001": None, "SKU-1002": None}
