from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b2bterm.domain.models import (
    Availability,
    DraftState,
    Incoming,
    LineStatus,
    PriceBreak,
    PriceQuote,
    Product,
    ProductStatus,
    StockState,
    WarehouseStock,
)
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.platform.base import Offline
from b2bterm.quickorder.memory import InMemoryLookup
from b2bterm.quickorder.pad import DraftLocked, OrderPad, ProblemKind

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def product(sku: str, model: str, **kw: object) -> Product:
    return Product(sku=sku, model=model, brand="Schneider", category="c", name_en=f"{model} en", **kw)  # type: ignore[arg-type]


CATALOG = [
    product("SKU-1", "LC1D09M7", name_zh="交流接触器", list_price=Money.of("150.00")),
    product("SKU-2", "GV2ME10", moq=5, pack_size=5),
    product("SKU-3", "NSX100F"),
    product("SKU-4", "NSX100F"),
    product("SKU-5", "XB2BA31C", pack_size=10),
    product("SKU-6", "OLD123X", status=ProductStatus.DISCONTINUED, superseded_by="SKU-1"),
]

# unit prices: SKU-1 100.00, 90.00 from 10; others 10.00
BREAKS = {"SKU-1": (PriceBreak(1, Money.of("100.00")), PriceBreak(10, Money.of("90.00")))}


class Prices:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[tuple[str, int]]]] = []

    async def __call__(self, account_id: str, items: list[tuple[str, int]]) -> list[PriceQuote]:
        self.calls.append((account_id, items))
        out = []
        for sku, qty in items:
            breaks = BREAKS.get(sku, ())
            net = Money.of("10.00")
            for b in breaks:
                if b.min_qty <= qty:
                    net = b.unit_price
            out.append(PriceQuote(sku, account_id, qty, Money.of("150.00"), net, breaks=breaks, fetched_at=NOW))
        return out


async def stock(skus: list[str]) -> list[Availability]:
    levels = {"SKU-1": 3, "SKU-2": 0}
    out = []
    for s in skus:
        inc = (Incoming(20, date(2025, 3, 20)),) if s == "SKU-2" else ()
        out.append(Availability(s, (WarehouseStock("SH", "上海", levels.get(s, 1000), inc),)))
    return out


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "pad.sqlite"


def make_pad(path: Path, prices: Prices | None = None) -> OrderPad:
    store = DraftStore(Database(path))
    return OrderPad.create(store, InMemoryLookup(CATALOG), "ACME", prices=prices or Prices(), availability=stock)


def reopen(path: Path, draft_id: int) -> OrderPad:
    return OrderPad(DraftStore(Database(path)), InMemoryLookup(CATALOG), draft_id, prices=Prices(), availability=stock)


def snapshot(pad: OrderPad) -> list[tuple[object, ...]]:
    return [(x.id, x.position, x.input, x.qty, x.sku, x.status, x.candidates, x.message) for x in pad.draft_lines()]


def test_add_text_saves_resolves_and_reports_ignored(path: Path) -> None:
    pad = make_pad(path)
    res = pad.add_text("你好\nLC1D09M7 5个\nNSX100F 2\nZZZ999 1\nLC1D09N7 1\nLC1D09M7 x0\n谢谢")
    assert [i.line_no for i in res.ignored] == [1, 7]
    assert [(x.sku, x.qty, x.status) for x in res.added] == [
        ("SKU-1", 5, LineStatus.RESOLVED),
        ("", 2, LineStatus.AMBIGUOUS),
        ("", 1, LineStatus.UNKNOWN),
        ("", 1, LineStatus.AMBIGUOUS),  # fuzzy: asked, never accepted
        ("SKU-1", 0, LineStatus.RESOLVED),  # a bad qty is kept as its own line
    ]
    assert res.added[1].candidates == ("SKU-3", "SKU-4")
    kinds = [[p.kind for p in pad.problems(x)] for x in pad.draft_lines()]
    assert kinds == [
        [],
        [ProblemKind.AMBIGUOUS],
        [ProblemKind.UNKNOWN],
        [ProblemKind.AMBIGUOUS],
        [ProblemKind.QTY_UNREADABLE],
    ]
    assert "at least 1" in pad.problems(pad.draft_lines()[4])[0].text


def test_crash_and_reopen_shows_identical_lines(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("LC1D09M7 5\nGV2ME10 3\nNSX100F 1")
    first = pad.draft_lines()
    pad.set_qty(first[0].id, 7)
    pad.pick(first[2].id, "SKU-4")
    pad.round_up(first[1].id)
    pad.delete_line(first[0].id)
    before = snapshot(pad)
    rows_before = [(r.model, r.qty, r.status, r.problems) for r in pad.lines()]
    again = reopen(path, pad.draft_id)  # new Database, new store, new pad on the same file
    assert snapshot(again) == before
    assert [(r.model, r.qty, r.status, r.problems) for r in again.lines()] == rows_before


def test_undo_every_kind_of_edit_exactly_and_persisted(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("LC1D09M7 5\nGV2ME10 3\nNSX100F 1")
    states = [snapshot(pad)]
    a, b, c = (x.id for x in pad.draft_lines())
    pad.set_qty(a, 8)
    states.append(snapshot(pad))
    pad.pick(c, "SKU-3")
    states.append(snapshot(pad))
    assert pad.round_up(b)
    states.append(snapshot(pad))
    pad.delete_line(a)
    states.append(snapshot(pad))
    pad.add_text("XB2BA31C 4\nLC1D09M7 2")
    states.append(snapshot(pad))
    assert len(states) == 6
    for expected in reversed(states[:-1]):
        assert pad.undo() is not None
        assert snapshot(pad) == expected
        assert snapshot(reopen(path, pad.draft_id)) == expected  # the undo is saved
    assert pad.undo() is not None  # the first paste
    assert pad.draft_lines() == ()
    assert pad.undo() is None


def test_paste_merges_into_existing_line_and_undo_splits_it_again(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("LC1D09M7 5")
    (line,) = pad.draft_lines()
    res = pad.add_text("lc1-d09-m7 x3\nLC1D09M7 2")
    assert res.added == () and [x.qty for x in res.merged] == [10]
    assert pad.line(line.id).input == "LC1D09M7 5 | lc1-d09-m7 x3 | LC1D09M7 2"
    pad.undo()
    assert pad.line(line.id) == line
    res = pad.add_text("LC1D09M7 2", merge=False)
    assert len(res.added) == 1 and len(pad.draft_lines()) == 2


def test_round_up_to_moq_and_pack(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("GV2ME10 3\nXB2BA31C 12\nLC1D09M7 4")
    g, x, lc = pad.draft_lines()
    assert {p.kind for p in pad.problems(g)} == {ProblemKind.BELOW_MOQ, ProblemKind.NOT_PACK_MULTIPLE}
    assert [p.kind for p in pad.problems(x)] == [ProblemKind.NOT_PACK_MULTIPLE]
    assert pad.round_up(g.id) and pad.line(g.id).qty == 5
    assert pad.round_up(x.id) and pad.line(x.id).qty == 20
    assert not pad.round_up(lc.id)  # nothing to do: no undo step added
    assert pad.problems(pad.line(g.id)) == ()
    pad.undo()
    assert pad.line(x.id).qty == 12 and pad.line(g.id).qty == 5


def test_set_qty_validates_and_clears_the_qty_error(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("LC1D09M7 x abc")
    (line,) = pad.draft_lines()
    assert pad.problems(line)[0].kind is ProblemKind.QTY_UNREADABLE
    assert pad.problems(line)[0].value("text") == "abc"
    with pytest.raises(ValueError):
        pad.set_qty(line.id, 0)
    pad.set_qty(line.id, 3)
    assert pad.problems(pad.line(line.id)) == () and "quantity" not in pad.line(line.id).message


def test_a_quantity_issue_is_stored_as_a_code_and_old_english_notes_still_clear(path: Path) -> None:
    from dataclasses import replace

    from b2bterm.domain.quantity import QtyIssue, read_issue_note

    pad = make_pad(path)
    pad.add_text("LC1D09M7 x 2.5")
    (line,) = reopen(path, pad.draft_id).draft_lines()
    stored = [read_issue_note(p) for p in line.message.split(" · ")]
    assert (QtyIssue.NOT_WHOLE, "2.5", "") in stored and "whole number" not in line.message  # data, not English
    pad.set_qty(line.id, 2)
    assert "qty-issue" not in pad.line(line.id).message
    old = replace(pad.line(line.id), message="quantity '2.5' is not a whole number · matched by model")
    pad.store.write_lines(pad.draft_id, add=[], put=[old])  # a draft saved before the codes
    pad = reopen(path, pad.draft_id)
    pad.set_qty(line.id, 4)
    assert pad.line(line.id).message == "matched by model"


def test_pick_requires_a_real_product(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("NSX100F 2")
    (line,) = pad.draft_lines()
    with pytest.raises(KeyError):
        pad.pick(line.id, "NOPE")
    after = pad.pick(line.id, "SKU-4")
    assert (after.status, after.sku, after.candidates) == (LineStatus.RESOLVED, "SKU-4", ())


async def test_reprice_records_price_seen_tiers_and_totals(path: Path) -> None:
    prices = Prices()
    pad = make_pad(path, prices)
    pad.add_text("LC1D09M7 5\nGV2ME10 10\nZZZ999 1\nNSX100F 1")
    assert await pad.reprice() == 2
    assert prices.calls == [("ACME", [("SKU-1", 5), ("SKU-2", 10)])]
    lc, gv = pad.draft_lines()[:2]
    assert gv.unit_price_seen == Money.of("10.00")
    assert lc.unit_price_seen == Money.of("100.00") and lc.price_seen_at == NOW
    saved = reopen(path, pad.draft_id).line(lc.id)
    assert saved.unit_price_seen == Money.of("100.00") and saved.price_seen_at == NOW

    rows = pad.lines()
    assert rows[0].unit_price == Money.of("100.00") and rows[0].extended == Money.of("500.00")
    assert rows[0].unit_price_incl_tax == Money.of("113.00")
    assert (rows[0].model, rows[0].name_zh) == ("LC1D09M7", "交流接触器")
    totals = pad.totals()
    assert totals.net == Money.of("600.00")
    assert totals.gross == Money.of("678.00") and totals.tax == Money.of("78.00")
    assert (totals.priced_lines, totals.unpriced_lines) == (2, 2)
    assert all(isinstance(m.amount, Decimal) for m in (totals.net, totals.tax, totals.gross))

    pad.set_qty(lc.id, 12)  # crosses the 10 break: tier applied at once, flagged until repriced
    row = pad.lines()[0]
    assert row.unit_price == Money.of("90.00") and row.price_stale
    await pad.reprice()
    row = pad.lines()[0]
    assert row.unit_price == Money.of("90.00") and not row.price_stale
    assert pad.line(lc.id).unit_price_seen == Money.of("90.00")


async def test_stock_problems(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("LC1D09M7 5\nGV2ME10 10\nXB2BA31C 10")
    assert {r.stock for r in pad.lines()} == {StockState.UNKNOWN}
    await pad.refresh_stock()
    rows = pad.lines()
    assert [r.stock for r in rows] == [StockState.PARTIAL, StockState.INCOMING, StockState.IN_STOCK]
    assert [p.kind for p in rows[0].problems] == [ProblemKind.SHORT]
    assert [p.kind for p in rows[1].problems] == [ProblemKind.OUT_OF_STOCK]
    assert "2025-03-20" in rows[1].problems[0].text


def test_discontinued_and_view_rows(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("OLD123X 1\nNSX100F 1")
    rows = pad.lines()
    assert rows[0].problems[0].kind is ProblemKind.DISCONTINUED and "SKU-1" in rows[0].problems[0].text
    assert rows[1].candidates == ("SKU-3", "SKU-4")
    assert rows[1].unit_price is None


def test_an_ambiguous_lines_candidates_are_read_when_asked_for(path: Path) -> None:
    pad = make_pad(path)
    lookup = pad.lookup
    assert isinstance(lookup, InMemoryLookup)
    pad.add_text("NSX100F 1")
    read = {sku for name, arg in lookup.calls if name == "products" for sku in arg}  # type: ignore[union-attr]
    assert not read & {"SKU-3", "SKU-4"}, "the paste read products nobody looks at yet"
    (row,) = pad.lines()
    assert [(p.sku, p.model) for p in pad.candidate_products(row.line_id)] == [("SKU-3", "NSX100F"),
                                                                               ("SKU-4", "NSX100F")]
    # a reopened draft reads them the same way
    again = reopen(path, pad.draft_id)
    assert [p.sku for p in again.candidate_products(row.line_id)] == ["SKU-3", "SKU-4"]


def test_a_box_unit_converts_with_the_pack_size_and_says_so(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("XB2BA31C 2盒")
    (line,) = pad.draft_lines()
    assert line.qty == 20
    (note,) = pad.problems(line)
    assert note.kind is ProblemKind.PACK_CONVERTED and note.notice
    assert note.text == "2 盒 = 2 × 10 = 20"
    # a quantity typed by hand replaces what was written: no conversion note any more
    pad.set_qty(line.id, 30)
    assert pad.problems(pad.line(line.id)) == ()


def test_a_queued_draft_cannot_be_edited(path: Path) -> None:
    pad = make_pad(path)
    pad.add_text("LC1D09M7 5")
    pad.store.set_state(pad.draft_id, DraftState.QUEUED)
    pad.reload()
    with pytest.raises(DraftLocked):
        pad.add_text("GV2ME10 5")
    with pytest.raises(DraftLocked):
        pad.set_qty(pad.draft_lines()[0].id, 3)


_ops = st.lists(
    st.tuples(st.sampled_from(["qty", "delete", "round", "pick", "add", "undo"]), st.integers(0, 50)),
    max_size=12,
)
_pastes = ["LC1D09M7 3", "GV2ME10 2\nNSX100F 1", "XB2BA31C 7\nLC1D09M7 x1", "ZZZ 1\nLC1D09N7 2"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_any_edit_sequence_undoes_back_to_the_start_and_survives_reopen(
    tmp_path: Path, ops: list[tuple[str, int]]
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        path = Path(folder) / "p.sqlite"
        pad = make_pad(path)
        pad.add_text("LC1D09M7 5\nNSX100F 2\nGV2ME10 1")
        history = [snapshot(pad)]
        for op, n in ops:
            lines = pad.draft_lines()
            target = lines[n % len(lines)] if lines else None
            changed = True
            if op == "qty" and target is not None:
                pad.set_qty(target.id, n + 1)
            elif op == "delete" and target is not None:
                pad.delete_line(target.id)
            elif op == "round" and target is not None:
                changed = pad.round_up(target.id)
            elif op == "pick" and target is not None:
                pad.pick(target.id, "SKU-3")
            elif op == "add":
                res = pad.add_text(_pastes[n % len(_pastes)])
                assert res.added or res.merged  # every paste here has order lines: one undo step
            elif op == "undo" and len(history) > 1:
                pad.undo()
                history.pop()
                assert snapshot(pad) == history[-1]
                continue
            else:
                continue
            if changed:
                history.append(snapshot(pad))
        assert snapshot(reopen(path, pad.draft_id)) == history[-1]
        while len(history) > 1:
            pad.undo()
            history.pop()
            assert snapshot(pad) == history[-1]
        assert snapshot(reopen(path, pad.draft_id)) == history[0]


def test_ready_made_lines_merge_and_undo_like_a_paste(path: Path) -> None:  # buy again, a saved list
    from b2bterm.domain.models import NewLine

    pad = make_pad(path)
    pad.add_text("LC1D09M7 2\n")
    result = pad.add_lines([NewLine("buy again", 3, "SKU-1", LineStatus.RESOLVED),
                            NewLine("from a list", 1, "SKU-3", LineStatus.RESOLVED)])
    assert [x.sku for x in result.merged] == ["SKU-1"] and [x.sku for x in result.added] == ["SKU-3"]
    assert {x.sku: x.qty for x in pad.draft_lines()} == {"SKU-1": 5, "SKU-3": 1}
    assert pad.undo() is not None
    assert {x.sku: x.qty for x in pad.draft_lines()} == {"SKU-1": 2}


async def test_candidate_offers_price_each_candidate_at_the_lines_quantity(path: Path) -> None:
    prices = Prices()
    pad = make_pad(path, prices)
    pad.add_text("NSX100F 12")
    (row,) = pad.lines()
    offers = await pad.candidate_offers(row.line_id)
    assert prices.calls[-1] == ("ACME", [("SKU-3", 12), ("SKU-4", 12)])
    assert offers.qty == 12 and set(offers.quotes) == {"SKU-3", "SKU-4"} and set(offers.stock) == {"SKU-3", "SKU-4"}
    assert (offers.price_error, offers.stock_error) == ("", "")


async def test_candidate_offers_keep_the_stock_when_prices_fail(path: Path) -> None:
    class Down(Prices):
        async def __call__(self, account_id: str, items: list[tuple[str, int]]) -> list[PriceQuote]:
            raise Offline("the platform is not reachable")

    pad = make_pad(path, Down())
    pad.add_text("NSX100F 0")  # a quantity in error is asked as 1
    (row,) = pad.lines()
    offers = await pad.candidate_offers(row.line_id)
    assert offers.qty == 1 and offers.quotes == {} and set(offers.stock) == {"SKU-3", "SKU-4"}
    assert (offers.price_error, offers.stock_error) == ("the platform is not reachable", "")


def test_a_reorder_lines_price_note_is_on_its_row(path: Path) -> None:
    from b2bterm.domain.models import NewLine
    from b2bterm.domain.price_note import PriceNote, PriceNoteKind

    pad = make_pad(path)
    note = "price changed: was ¥95.00 on SO-1001, now ¥100.00 (+5.3%)"
    pad.add_lines([NewLine(input="SO-1001", qty=2, sku="SKU-1", status=LineStatus.RESOLVED,
                           message=f"below MOQ · {note}")])
    (row,) = pad.lines()
    assert row.price_notes == (PriceNote(PriceNoteKind.CHANGED, "SO-1001", "¥95.00", "¥100.00", Decimal("5.3")),)
    assert row.price_notes[0].stored() == note  # the stored form reads back as written
    pad.add_text("GV2ME10 5")
    assert [len(r.price_notes) for r in pad.lines()] == [1, 0]
