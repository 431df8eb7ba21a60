from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from b2bterm.domain.models import DraftState, InvoiceType, LineStatus, NewLine
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftNotFound, DraftStore


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "profile.sqlite"


def test_wal_and_schema(db_path: Path) -> None:
    db = Database(db_path)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"drafts", "draft_lines"} <= tables
    db.close()


def test_write_close_reopen_same_content(db_path: Path) -> None:
    db = Database(db_path)
    store = DraftStore(db)
    d = store.create("ACME", title="March restock")
    seen_at = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    added = store.add_lines(
        d.id,
        [
            NewLine(
                "LC1D09M7 5个",
                5,
                "SKU-1",
                LineStatus.RESOLVED,
                unit_price_seen=Money.of("123.45"),
                price_seen_at=seen_at,
            ),
            NewLine("NSX100F 2", 2, "", LineStatus.AMBIGUOUS, ("SKU-7", "SKU-8"), "pick one"),
            NewLine("ZZZ 1", 1, "", LineStatus.UNKNOWN, message="no product matches 'ZZZ'"),
        ],
    )
    assert [x.position for x in added] == [0, 1, 2]
    store.update_header(
        d.id,
        po_number="PO-77",
        ship_to_id="ST-2",
        requested_date=date(2025, 3, 10),
        invoice_type=InvoiceType.VAT_SPECIAL,
        note="送货前电话联系",
    )
    store.update_line(added[1].id, sku="SKU-8", status=LineStatus.RESOLVED, candidates=(), message="")
    before = store.load(d.id)
    db.close()

    db2 = Database(db_path)
    after = DraftStore(db2).load(d.id)
    assert after == before
    assert after.lines[0].unit_price_seen == Money.of("123.45")
    assert after.lines[0].price_seen_at == seen_at
    assert after.lines[1].sku == "SKU-8" and after.lines[1].status is LineStatus.RESOLVED
    assert after.lines[2].message == "no product matches 'ZZZ'"
    assert (after.po_number, after.invoice_type, after.note) == ("PO-77", InvoiceType.VAT_SPECIAL, "送货前电话联系")
    assert after.requested_date == date(2025, 3, 10)
    db2.close()


def test_every_call_is_committed_for_another_connection(db_path: Path) -> None:
    writer = DraftStore(Database(db_path))
    reader = DraftStore(Database(db_path))
    d = writer.create("ACME")
    (line,) = writer.add_lines(d.id, [NewLine("a", 1)])
    assert reader.load(d.id).lines[0].qty == 1
    writer.update_line(line.id, qty=7)
    assert reader.load(d.id).lines[0].qty == 7
    writer.delete_line(line.id)
    assert reader.load(d.id).lines == ()


def test_list_drafts_counts_lines_and_filters(db_path: Path) -> None:
    clock = Clock()
    store = DraftStore(Database(db_path), clock=clock)
    a = store.create("ACME")
    clock.advance(1)
    b = store.create("BETA")
    store.set_state(b.id, DraftState.QUEUED)
    clock.advance(1)
    store.add_lines(a.id, [NewLine("x", 1), NewLine("y", 2)])
    listed = store.list_drafts()
    assert [(s.id, s.line_count) for s in listed] == [(a.id, 2), (b.id, 0)]  # newest edit first
    assert [s.id for s in store.list_drafts("BETA")] == [b.id]
    assert [s.id for s in store.list_drafts(states=[DraftState.QUEUED])] == [b.id]
    assert listed[0].updated_at == clock.now


def test_delete_restore_and_reorder(db_path: Path) -> None:
    store = DraftStore(Database(db_path))
    d = store.create("ACME")
    lines = store.add_lines(d.id, [NewLine(f"L{i}", i + 1) for i in range(4)])
    gone = store.delete_line(lines[1].id)
    assert [x.input for x in store.load(d.id).lines] == ["L0", "L2", "L3"]
    store.write_lines(d.id, put=[gone])
    assert store.load(d.id).lines == tuple(lines)
    store.reorder(d.id, [lines[3].id, lines[0].id, lines[2].id, lines[1].id])
    assert [x.input for x in store.load(d.id).lines] == ["L3", "L0", "L2", "L1"]
    with pytest.raises(ValueError):
        store.reorder(d.id, [lines[0].id])
    more = store.add_lines(d.id, [NewLine("L4", 1)])
    assert more[0].position == 4 and more[0].id > max(x.id for x in lines)


def test_line_ids_are_never_reused(db_path: Path) -> None:
    store = DraftStore(Database(db_path))
    d = store.create("ACME")
    (first,) = store.add_lines(d.id, [NewLine("a", 1)])
    store.delete_line(first.id)
    (second,) = store.add_lines(d.id, [NewLine("b", 1)])
    assert second.id != first.id


def test_failed_transaction_leaves_nothing(db_path: Path) -> None:
    store = DraftStore(Database(db_path))
    d = store.create("ACME")
    with pytest.raises(ValueError):
        store.add_lines(d.id, [NewLine("ok", 1), NewLine("bad", 1, status="nonsense")])  # type: ignore[arg-type]
    assert store.load(d.id).lines == ()


def test_missing_draft_and_line(db_path: Path) -> None:
    store = DraftStore(Database(db_path))
    with pytest.raises(DraftNotFound):
        store.load(999)
    with pytest.raises(DraftNotFound):
        store.add_lines(999, [NewLine("a", 1)])
    with pytest.raises(DraftNotFound):
        store.update_line(999, qty=3)
    d = store.create("ACME")
    store.add_lines(d.id, [NewLine("a", 1)])
    store.delete_draft(d.id)
    with pytest.raises(DraftNotFound):
        store.load(d.id)
    assert store.db.conn.execute("SELECT COUNT(*) FROM draft_lines").fetchone()[0] == 0


def test_idempotency_key_is_kept_once_stored(db_path: Path) -> None:
    store = DraftStore(Database(db_path))
    d = store.create("ACME")
    key = store.set_idempotency_key(d.id)
    assert len(key) == 32
    assert store.set_idempotency_key(d.id) == key
    assert store.set_idempotency_key(d.id, "other") == key
    assert DraftStore(Database(db_path)).load(d.id).idempotency_key == key


def test_outbox_bookkeeping(db_path: Path) -> None:
    clock = Clock()
    store = DraftStore(Database(db_path), clock=clock)
    d = store.create("ACME")
    nxt = clock.now + timedelta(seconds=30)
    assert store.record_attempt(d.id, error="timed out", next_attempt_at=nxt) == 1
    assert store.record_attempt(d.id, error="timed out again", next_attempt_at=nxt) == 2
    info = store.outbox_info(d.id)
    assert (info.attempts, info.last_error, info.next_attempt_at) == (2, "timed out again", nxt)
    store.set_order_number(d.id, "SO-2025-0001")
    store.set_state(d.id, DraftState.SENT)
    loaded = store.load(d.id)
    assert (loaded.order_number, loaded.state) == ("SO-2025-0001", DraftState.SENT)


def test_claim_for_send_is_exclusive_across_two_databases(db_path: Path) -> None:
    clock = Clock()
    one = DraftStore(Database(db_path), clock=clock)
    two = DraftStore(Database(db_path), clock=clock)
    d = one.create("ACME")
    assert one.claim_for_send(d.id, "proc-1", lease_seconds=60)
    assert not two.claim_for_send(d.id, "proc-2", lease_seconds=60)
    assert one.claim_for_send(d.id, "proc-1", lease_seconds=60)  # the holder may renew
    clock.advance(61)
    assert two.claim_for_send(d.id, "proc-2", lease_seconds=60)  # lease ran out
    assert not one.claim_for_send(d.id, "proc-1", lease_seconds=60)
    assert not one.release_claim(d.id, "proc-1")
    assert two.release_claim(d.id, "proc-2")
    assert one.claim_for_send(d.id, "proc-1", lease_seconds=60)
    one.set_state(d.id, DraftState.SENT)
    clock.advance(120)
    assert not two.claim_for_send(d.id, "proc-2", lease_seconds=60)  # never resend a sent draft


def test_claim_race_has_exactly_one_winner(db_path: Path) -> None:
    stores = [DraftStore(Database(db_path)) for _ in range(4)]
    d = stores[0].create("ACME")
    wins: list[str] = []
    barrier = threading.Barrier(len(stores))

    def attempt(i: int) -> None:
        barrier.wait()
        if stores[i].claim_for_send(d.id, f"p{i}", 30):
            wins.append(f"p{i}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1
    assert stores[1].outbox_info(d.id).claimed_by == wins[0]


def test_ten_thousand_line_paste_in_one_transaction(db_path: Path) -> None:
    store = DraftStore(Database(db_path))
    d = store.create("ACME")
    lines = [NewLine(f"LC1D{i:05d} {i % 50 + 1}", i % 50 + 1, f"SKU-{i}", LineStatus.RESOLVED) for i in range(10_000)]
    start = time.perf_counter()
    added = store.add_lines(d.id, lines)
    elapsed = time.perf_counter() - start
    print(f"add_lines 10k: {elapsed * 1000:.1f} ms")
    assert len(added) == 10_000 and added[-1].position == 9_999
    assert len(store.load(d.id).lines) == 10_000
    assert elapsed < 2.0
