"""The order pad with quantities as customers write them: pack units converted with the product's pack size (also
after a pick), unknown pack sizes and unreadable quantities never priced or sent, an assumed quantity said, and a
pick that lands on a product already on the pad merged with a note."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from b2bterm.domain.models import LineStatus, PriceQuote, Product
from b2bterm.domain.money import Money
from b2bterm.domain.quantity import QtyIssue, Quantity, UnitKind, read_quantity, settle
from b2bterm.domain.readiness import not_ready
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.quickorder.memory import InMemoryLookup
from b2bterm.quickorder.pad import OrderPad, ProblemKind

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def product(sku: str, model: str, **kw: object) -> Product:
    return Product(sku=sku, model=model, brand=kw.pop("brand", "Schneider"), category="c",  # type: ignore[arg-type]
                   name_en=f"{model} en", **kw)  # type: ignore[arg-type]


CATALOG = [
    product("P-50", "GV2P06", pack_size=50),  # sold per piece, boxes of 50
    product("P-1", "LC1D09M7"),  # sold per piece, pack size unknown (1)
    product("R-100", "BV 2.5 red 100m", unit="roll"),  # sold per roll
    product("M-1", "YJV 3x4", unit="m"),  # sold per metre
    product("A-10", "NSX100F", brand="Schneider", pack_size=10),
    product("B-20", "NSX100F", brand="Chint", pack_size=20),
]


class Prices:
    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    async def __call__(self, account_id: str, items: list[tuple[str, int]]) -> list[PriceQuote]:
        self.asked += items
        return [PriceQuote(s, account_id, q, Money.of("10.00"), Money.of("9.00"), fetched_at=NOW) for s, q in items]


@pytest.fixture
def pad(tmp_path: Path) -> OrderPad:
    store = DraftStore(Database(tmp_path / "pad.sqlite"))
    return OrderPad.create(store, InMemoryLookup(CATALOG), "ACME", prices=Prices())


def kinds(pad: OrderPad, line_id: int) -> list[ProblemKind]:
    return [p.kind for p in pad.problems(pad.line(line_id))]


def test_settle_rules() -> None:
    two_boxes = read_quantity("2箱")
    assert two_boxes is not None and two_boxes.unit_kind is UnitKind.PACK
    assert settle(two_boxes, "pc", 50).qty == 100
    assert settle(two_boxes, "pc", 1).issue is QtyIssue.PACK_SIZE_UNKNOWN
    assert settle(two_boxes, None, 0).qty == 2  # no product yet: packs, converted at the pick
    rolls = read_quantity("5卷")
    assert settle(rolls, "roll", 1).qty == 5 and settle(rolls, "卷", 1).qty == 5  # sold per roll: no conversion
    metres = read_quantity("200米")
    assert settle(metres, "m", 1).qty == 200
    assert settle(metres, "roll", 1).issue is QtyIssue.UNIT_MISMATCH
    assert settle(None, "pc", 1).qty == 1
    assert settle(Quantity("十二打", None, issue=QtyIssue.NOT_UNDERSTOOD), "pc", 12).qty == 0


def test_a_pack_unit_converts_and_says_so_and_survives_a_reopen(pad: OrderPad, tmp_path: Path) -> None:
    pad.add_text("GV2P06 2箱")
    (line,) = pad.draft_lines()
    assert line.qty == 100
    (note,) = pad.problems(line)
    assert note.kind is ProblemKind.PACK_CONVERTED and note.text == "2 箱 = 2 × 50 = 100"
    again = OrderPad(DraftStore(Database(tmp_path / "pad.sqlite")), InMemoryLookup(CATALOG), pad.draft_id,
                     prices=Prices())
    assert [p.text for p in again.problems(again.line(line.id))] == ["2 箱 = 2 × 50 = 100"]


def test_an_unknown_pack_size_is_asked_never_priced_or_sent(pad: OrderPad) -> None:
    pad.add_text("LC1D09M7 3箱\nBV 2.5 red 100m 200米\nGV2P06 十二打\nGV2P06 4")
    a, b, c, d = pad.draft_lines()
    assert (a.qty, b.qty, c.qty, d.qty) == (0, 0, 0, 4)
    assert kinds(pad, a.id) == [ProblemKind.PACK_SIZE_UNKNOWN]
    assert kinds(pad, b.id) == [ProblemKind.UNIT_MISMATCH]
    assert kinds(pad, c.id) == [ProblemKind.QTY_UNREADABLE]
    assert pad.problems(pad.line(c.id))[0].value("text") == "十二打"
    asyncio.run(pad.reprice())
    assert pad._prices.asked == [("P-50", 4)]  # type: ignore[attr-defined]
    assert len(not_ready(pad.store.load(pad.draft_id))) == 3
    pad.set_qty(a.id, 30)
    assert kinds(pad, a.id) == [] and pad.line(a.id).qty == 30


def test_no_quantity_is_one_assumed_and_said_until_set(pad: OrderPad) -> None:
    pad.add_text("LC1D09M7")
    (line,) = pad.draft_lines()
    assert line.qty == 1 and line.qty_assumed
    (note,) = pad.problems(line)
    assert note.kind is ProblemKind.QTY_ASSUMED and note.notice
    assert not_ready(pad.store.load(pad.draft_id)) == []  # a notice, not a blocker
    pad.set_qty(line.id, 1)
    assert pad.problems(pad.line(line.id)) == ()


def test_a_pick_converts_the_written_pack_with_the_picked_product(pad: OrderPad) -> None:
    pad.add_text("NSX100F 2盒")
    (line,) = pad.draft_lines()
    assert line.status is LineStatus.AMBIGUOUS and line.qty == 2  # packs, until the product is known
    picked = pad.pick(line.id, "B-20")
    assert picked.qty == 40
    assert [p.text for p in pad.problems(picked)] == ["2 盒 = 2 × 20 = 40"]
    pad.undo()
    assert pad.line(line.id).qty == 2 and pad.line(line.id).status is LineStatus.AMBIGUOUS


def test_a_pick_onto_a_product_already_on_the_pad_merges_with_a_note(pad: OrderPad) -> None:
    pad.add_text("GV2P06 50\nNSX100F 3\nLC1D09M7 2")
    first, ambiguous, _third = pad.draft_lines()
    pad.add_text("A-10 10")  # an SKU: resolved
    lines = pad.draft_lines()
    assert len(lines) == 4
    merged = pad.pick(ambiguous.id, "A-10", merge=True)
    assert len(pad.draft_lines()) == 3
    assert merged.sku == "A-10" and merged.qty == 13
    note = [p for p in pad.problems(merged) if p.kind is ProblemKind.MERGED]
    assert note and note[0].value("inputs") == "A-10 10 + NSX100F 3"
    assert pad.undo() == "pick product"
    assert len(pad.draft_lines()) == 4 and pad.line(ambiguous.id).status is LineStatus.AMBIGUOUS
    # without merge, the picked line stays its own line
    pad.pick(ambiguous.id, "A-10", merge=False)
    assert len(pad.draft_lines()) == 4
    assert first.qty == 50


def test_typing_a_quantity_replaces_what_was_written(pad: OrderPad) -> None:
    pad.add_text("NSX100F 2盒")
    (line,) = pad.draft_lines()
    pad.set_qty(line.id, 7)
    assert pad.pick(line.id, "A-10").qty == 7  # the typed quantity is pieces: no conversion any more


def test_replace_lines_swaps_the_pad_and_undo_brings_it_back(pad: OrderPad) -> None:
    from b2bterm.domain.models import NewLine

    pad.add_text("GV2P06 50\nLC1D09M7 2")
    old = pad.draft_lines()
    result = pad.replace_lines([NewLine(input="GV2P06", qty=100, sku="P-50", status=LineStatus.RESOLVED)])
    assert [x.qty for x in pad.draft_lines()] == [100] and result.replaced == old
    assert pad.undo() == "replace the pad"
    assert [(x.id, x.qty) for x in pad.draft_lines()] == [(x.id, x.qty) for x in old]


def test_adding_lines_says_which_quantities_changed(pad: OrderPad) -> None:
    from b2bterm.domain.models import NewLine

    pad.add_text("GV2P06 50\nLC1D09M7 2")
    result = pad.add_lines([NewLine(input="GV2P06", qty=100, sku="P-50", status=LineStatus.RESOLVED),
                            NewLine(input="YJV 3x4", qty=30, sku="M-1", status=LineStatus.RESOLVED)])
    assert pad.qty_changes(result) == [("GV2P06", 50, 150)]
    assert len(result.added) == 1
    merged = pad.line(result.merged[0].id)
    assert [p.kind for p in pad.problems(merged)] == [ProblemKind.MERGED]


def test_edit_a_line_in_place_then_undo_and_redo(pad: OrderPad, tmp_path: Path) -> None:
    pad.add_text("GV2P06 50\nLC1D9M7 2\nYJV 3x4 30")
    first, typo, third = pad.draft_lines()
    assert typo.status is not LineStatus.RESOLVED or typo.sku != "P-1"
    fixed = pad.edit_line(typo.id, "LC1D09M7 3个")
    assert (fixed.id, fixed.position, fixed.sku, fixed.qty, fixed.status) == (
        typo.id, typo.position, "P-1", 3, LineStatus.RESOLVED)
    assert [x.id for x in pad.draft_lines()] == [first.id, typo.id, third.id]  # in place
    with pytest.raises(ValueError, match="not one order line"):
        pad.edit_line(typo.id, "thanks!")
    assert pad.line(typo.id) == fixed  # a bad edit changes nothing
    assert pad.undo() == "edit line"
    assert pad.line(typo.id) == typo
    assert pad.can_redo and pad.redo() == "edit line"
    assert pad.line(typo.id).sku == "P-1" and not pad.can_redo
    # saved: a reopened pad shows the redone line
    again = OrderPad(DraftStore(Database(tmp_path / "pad.sqlite")), InMemoryLookup(CATALOG), pad.draft_id,
                     prices=Prices())
    assert again.line(typo.id).input == "LC1D09M7 3个"


def test_a_typo_fixed_onto_a_product_already_on_the_pad_merges(pad: OrderPad) -> None:
    pad.add_text("GV2P06 50\nGV2P60 2箱")
    first, typo = pad.draft_lines()
    merged = pad.edit_line(typo.id, "GV2P06 2箱", merge=True)
    assert merged.id == first.id and merged.qty == 150 and len(pad.draft_lines()) == 1
    assert any(p.kind is ProblemKind.MERGED for p in pad.problems(merged))
    pad.undo()
    assert [x.id for x in pad.draft_lines()] == [first.id, typo.id]
    pad.redo()
    assert len(pad.draft_lines()) == 1 and pad.draft_lines()[0].qty == 150


def test_a_new_edit_clears_redo(pad: OrderPad) -> None:
    pad.add_text("GV2P06 50")
    (line,) = pad.draft_lines()
    pad.set_qty(line.id, 60)
    pad.undo()
    assert pad.can_redo
    pad.set_qty(line.id, 70)
    assert not pad.can_redo and pad.redo() is None


def test_several_items_on_one_pasted_line_become_lines_of_their_own(pad: OrderPad) -> None:
    pad.add_text("GV2P06 2箱，LC1D09M7 3个")
    a, b = pad.draft_lines()
    assert (a.input, a.sku, a.qty) == ("GV2P06 2箱", "P-50", 100)
    assert (b.input, b.sku, b.qty) == ("LC1D09M7 3个", "P-1", 3)
