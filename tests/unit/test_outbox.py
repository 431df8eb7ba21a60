"""The outbox against the demo distributor: revalidate, send once with the stored key, back off, stop what changed."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from b2bterm import clock as b2bclock
from b2bterm.config import Config
from b2bterm.domain.models import DraftState, LineStatus, NewLine, OrderRequest
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.platform.base import Offline, PlatformError
from b2bterm.platform.demo.adapter import DemoPlatform
from b2bterm.services.desk import Connectivity, Desk, open_desk
from b2bterm.services.outbox import Outbox, StopReason
from b2bterm.services.revalidate import Difference, check_lines
from b2bterm.services.submit import Backoff, Outcome


class Clock:
    def __init__(self) -> None:
        self.now = b2bclock.now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Wrapped:
    """The demo platform with a hook around place_order (counts calls; can lose the response after placing)."""

    def __init__(self, inner: DemoPlatform) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self.lose_responses = 0  # place the order, then raise Offline as if the answer was lost
        self.offline_with_retry_after: float | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Any:
        self.calls[idempotency_key] += 1
        if self.offline_with_retry_after is not None:
            raise Offline("busy", retry_after=self.offline_with_retry_after)
        order = await self.inner.place_order(request, idempotency_key=idempotency_key)
        if self.lose_responses:
            self.lose_responses -= 1
            raise Offline("connection dropped after the platform committed")
        return order


@pytest.fixture
async def odesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    desk.platform = Wrapped(desk.platform)  # type: ignore[arg-type, assignment]
    yield desk
    await desk.aclose()


def demo(desk: Desk) -> DemoPlatform:
    return desk.platform.inner  # type: ignore[attr-defined, no-any-return]


async def account_and_skus(desk: Desk, n: int = 4) -> tuple[str, list[str]]:
    """An account and SKUs with plenty on hand (so stock never stops these orders)."""
    accounts = await desk.platform.search_accounts("", limit=1)
    products = await desk.platform.search_products("contactor", limit=40)
    skus = [p.sku for p in products]
    for sku in skus[:n]:
        demo(desk).set_stock(sku, "SH", 1000)
    return accounts[0].id, skus[:n]


async def queue_draft(desk: Desk, account_id: str, items: list[tuple[str, int]]) -> int:
    """A draft as the quick-order pad leaves it when submitted offline: priced lines, key stored, QUEUED."""
    quotes = {q.sku: q for q in await desk.platform.quote(account_id, items)}
    store = desk.drafts
    draft = store.create(account_id)
    seen = b2bclock.now() - timedelta(days=3)
    store.add_lines(draft.id, [NewLine(sku, qty, sku, LineStatus.RESOLVED, unit_price_seen=quotes[sku].net_price,
                                       price_seen_at=seen) for sku, qty in items])
    store.set_idempotency_key(draft.id)
    store.set_state(draft.id, DraftState.QUEUED)
    return draft.id


def orders_by_key(desk: Desk) -> Counter[str]:
    conn = sqlite3.connect(demo(desk).path)
    try:
        return Counter(r[0] for r in conn.execute("SELECT idempotency_key FROM orders WHERE idempotency_key != ''"))
    finally:
        conn.close()


async def test_queued_drafts_are_sent_once_with_their_stored_keys(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    ids = [await queue_draft(odesk, account, [(skus[i], 2)]) for i in range(3)]
    keys = {i: odesk.drafts.load(i).idempotency_key for i in ids}
    report = await Outbox(odesk).run_once()
    assert report.count(Outcome.SENT) == 3 and report.waiting == 0
    placed = orders_by_key(odesk)
    for draft_id in ids:
        draft = odesk.drafts.load(draft_id)
        assert draft.state is DraftState.SENT and draft.order_number.startswith("SO")
        assert draft.idempotency_key == keys[draft_id]  # the key never changed
        assert placed[keys[draft_id]] == 1
    # a second run finds nothing to do
    again = await Outbox(odesk).run_once(force=True)
    assert again.results == [] and sum(odesk.platform.calls.values()) == 3  # type: ignore[attr-defined]


async def test_price_change_stops_that_order_only_and_accepting_sends_it(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    changed = await queue_draft(odesk, account, [(skus[0], 1), (skus[1], 3)])
    other = await queue_draft(odesk, account, [(skus[2], 2)])
    before = odesk.drafts.load(changed).lines[0].unit_price_seen
    assert before is not None
    product = (await demo(odesk).get_products([skus[0]]))[skus[0]]
    assert product.list_price is not None
    demo(odesk).set_price(skus[0], Money(product.list_price.amount * Decimal("1.2")).rounded())

    outbox = Outbox(odesk)
    report = await outbox.run_once()
    outcomes = {r.draft_id: r.outcome for r in report.results}
    assert outcomes == {changed: Outcome.NEEDS_ATTENTION, other: Outcome.SENT}
    stopped = odesk.drafts.load(changed)
    assert stopped.state is DraftState.NEEDS_ATTENTION and stopped.order_number == ""
    summary = odesk.drafts.list_drafts(states=[DraftState.NEEDS_ATTENTION])[0]
    from b2bterm.domain.draft_note import StopKind, StopNote, read_stop_note

    assert read_stop_note(summary.last_error) == StopNote(StopKind.CHANGED, 1, ((skus[0], "price"),))

    review = await outbox.review(changed)
    assert review.live
    (problem,) = review.problems
    assert problem.difference is Difference.PRICE and problem.line.sku == skus[0]
    assert problem.was == before and problem.now is not None and problem.now.amount > before.amount
    assert problem.was_at is not None and (b2bclock.now() - problem.was_at).days == 3

    await asyncio.to_thread(outbox.accept, review.problems)
    assert odesk.drafts.load(changed).lines[0].unit_price_seen == problem.now
    await asyncio.to_thread(outbox.requeue, changed)
    report = await outbox.run_once()
    assert [r.outcome for r in report.results] == [Outcome.SENT]
    sent = odesk.drafts.load(changed)
    assert sent.state is DraftState.SENT
    assert orders_by_key(odesk)[sent.idempotency_key] == 1


async def test_price_move_within_tolerance_goes_out_at_the_new_price(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 1)])
    line = odesk.drafts.load(draft_id).lines[0]
    assert line.unit_price_seen is not None
    # the user saw a price 0.1% off the current one: within the default tolerance of 0.5%
    seen = Money(line.unit_price_seen.amount * Decimal("1.001")).rounded()
    odesk.drafts.update_line(line.id, unit_price_seen=seen)
    report = await Outbox(odesk).run_once()
    assert [r.outcome for r in report.results] == [Outcome.SENT]
    assert odesk.drafts.load(draft_id).lines[0].unit_price_seen == line.unit_price_seen


async def test_discontinued_item_is_replaced_or_removed_before_sending(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 1), (skus[1], 1)])
    demo(odesk).discontinue(skus[0], superseded_by=skus[2])
    outbox = Outbox(odesk)
    await outbox.run_once()
    assert odesk.drafts.load(draft_id).state is DraftState.NEEDS_ATTENTION
    review = await outbox.review(draft_id)
    (problem,) = review.problems
    assert problem.difference is Difference.DISCONTINUED and problem.superseded_by == skus[2]
    assert not problem.acceptable
    # replace with the successor: its price must now be accepted before it goes
    await asyncio.to_thread(outbox.replace, problem.line.id, skus[2])
    review = await outbox.review(draft_id)
    (problem,) = review.problems
    assert problem.difference is Difference.NEW_PRICE and problem.now is not None
    await asyncio.to_thread(outbox.accept, [problem])
    assert not (await outbox.review(draft_id)).problems
    await asyncio.to_thread(outbox.requeue, draft_id)
    assert [r.outcome for r in (await outbox.run_once()).results] == [Outcome.SENT]


async def test_short_stock_stops_until_backorder_is_accepted(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 5)])
    for warehouse in ("SH", "BJ", "GZ", "CD", "WH"):
        try:
            demo(odesk).set_stock(skus[0], warehouse, 0)
        except PlatformError:
            pass
    demo(odesk).set_stock(skus[0], "SH", 2)
    outbox = Outbox(odesk)
    await outbox.run_once()
    review = await outbox.review(draft_id)
    (problem,) = review.problems
    assert problem.difference is Difference.SHORT and problem.on_hand == 2 and problem.acceptable
    await asyncio.to_thread(outbox.accept, [problem])
    await asyncio.to_thread(outbox.requeue, draft_id)
    assert [r.outcome for r in (await outbox.run_once()).results] == [Outcome.SENT]


async def test_unreachable_backs_off_and_honours_retry_after(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 1)])
    clock = Clock()
    outbox = Outbox(odesk, clock=clock, backoff=Backoff(base=10, cap=600, jitter=0.0))
    demo(odesk).offline = True
    report = await outbox.run_once()
    assert [r.outcome for r in report.results] == [Outcome.RETRY]
    assert odesk.connectivity is Connectivity.OFFLINE
    info = odesk.drafts.outbox_info(draft_id)
    assert info.attempts == 1 and info.next_attempt_at == clock.now + timedelta(seconds=10)
    assert "offline" in info.last_error
    # not due yet: nothing is tried
    assert (await outbox.run_once()).results == []
    clock.advance(11)
    await outbox.run_once()
    info = odesk.drafts.outbox_info(draft_id)
    assert info.attempts == 2 and info.next_attempt_at == clock.now + timedelta(seconds=20)  # doubled
    # the platform is back but busy: it asks for 300 s, longer than our backoff
    demo(odesk).offline = False
    odesk.platform.offline_with_retry_after = 300.0  # type: ignore[attr-defined]
    clock.advance(21)
    await outbox.run_once()
    info = odesk.drafts.outbox_info(draft_id)
    assert info.next_attempt_at == clock.now + timedelta(seconds=300)
    odesk.platform.offline_with_retry_after = None  # type: ignore[attr-defined]
    clock.advance(299)
    assert (await outbox.run_once()).results == []
    # forcing (the user pressed "send now", or the platform came back) ignores the wait
    report = await outbox.run_once(force=True)
    assert [r.outcome for r in report.results] == [Outcome.SENT]
    assert odesk.connectivity is Connectivity.ONLINE


async def test_lost_response_is_retried_with_the_same_key_and_orders_once(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 1)])
    odesk.platform.lose_responses = 1  # type: ignore[attr-defined]
    clock = Clock()
    outbox = Outbox(odesk, clock=clock)
    assert [r.outcome for r in (await outbox.run_once()).results] == [Outcome.RETRY]
    key = odesk.drafts.load(draft_id).idempotency_key
    assert orders_by_key(odesk)[key] == 1  # it was placed; we just did not hear so
    clock.advance(3600)
    assert [r.outcome for r in (await outbox.run_once()).results] == [Outcome.SENT]
    assert orders_by_key(odesk)[key] == 1
    assert odesk.platform.calls[key] == 2  # type: ignore[attr-defined]


async def test_two_processes_never_send_the_same_draft(odesk: Desk, tmp_path: Any) -> None:
    """Two desks on one profile database (as two b2bterm processes), racing: each draft is placed by one."""
    account, skus = await account_and_skus(odesk)
    ids = [await queue_draft(odesk, account, [(skus[i % len(skus)], 1)]) for i in range(12)]
    other_db = Database(odesk.db.path)
    other = Desk(profile=odesk.profile, platform=odesk.platform, db=other_db, data_dir=odesk.data_dir,
                 config=odesk.config)
    try:
        a, b = Outbox(odesk), Outbox(other)
        await asyncio.gather(a.run_once(), b.run_once(), a.run_once(), b.run_once())
        calls = odesk.platform.calls  # type: ignore[attr-defined]
        for draft_id in ids:
            draft = odesk.drafts.load(draft_id)
            assert draft.state is DraftState.SENT
            assert calls[draft.idempotency_key] == 1
        assert sum(orders_by_key(odesk)[odesk.drafts.load(i).idempotency_key] for i in ids) == len(ids)
    finally:
        other_db.close()


async def test_refusal_is_rejected_with_the_platforms_reason(odesk: Desk) -> None:
    _account, skus = await account_and_skus(odesk)
    store: DraftStore = odesk.drafts
    draft = store.create("NO-SUCH-ACCOUNT")
    store.add_lines(draft.id, [NewLine(skus[0], 1, skus[0], LineStatus.RESOLVED)])
    store.set_idempotency_key(draft.id)
    store.set_state(draft.id, DraftState.QUEUED)
    outbox = Outbox(odesk)
    # the platform does not know the account: a refusal to show with its reason, not a retry for ever
    report = await outbox.run_once()
    (result,) = report.results
    assert result.outcome is Outcome.REJECTED and "NO-SUCH-ACCOUNT" in result.message
    assert odesk.drafts.load(draft.id).state is DraftState.REJECTED
    assert "NO-SUCH-ACCOUNT" in odesk.drafts.outbox_info(draft.id).last_error


async def test_working_offline_sends_nothing(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 1)])
    odesk.work_offline(True)
    report = await Outbox(odesk).run_once(force=True)
    assert report.results == [] and report.stopped is StopReason.WORKING_OFFLINE
    assert odesk.drafts.load(draft_id).state is DraftState.QUEUED
    assert sum(odesk.platform.calls.values()) == 0  # type: ignore[attr-defined]


async def test_left_mid_send_with_an_order_number_is_marked_sent_without_sending(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    draft_id = await queue_draft(odesk, account, [(skus[0], 1)])
    odesk.drafts.set_state(draft_id, DraftState.SENDING)
    odesk.drafts.set_order_number(draft_id, "SO-EARLIER")
    clock = Clock()
    clock.advance(3600)  # the lease of the process that stopped has long run out
    report = await Outbox(odesk, clock=clock).run_once()
    assert [(r.outcome, r.order_number) for r in report.results] == [(Outcome.SENT, "SO-EARLIER")]
    assert sum(odesk.platform.calls.values()) == 0  # type: ignore[attr-defined]


def test_backoff_grows_with_jitter_caps_and_never_undercuts_retry_after() -> None:
    policy = Backoff(base=10, cap=600, jitter=0.25)
    rng = random.Random(3)
    for attempts in range(1, 12):
        exp = min(600, 10 * 2 ** (attempts - 1))
        for _ in range(20):
            d = policy.delay(attempts, None, rng)
            assert min(600, exp * 0.75) <= d <= min(600, exp * 1.25)
    assert policy.delay(1, 900.0, rng) == 900.0
    assert Backoff(base=0, cap=0).delay(5, None, rng) == 0


def test_check_lines_without_stock_or_products_checks_prices_only() -> None:
    from b2bterm.domain.models import DraftLine, PriceQuote

    line = DraftLine(1, 0, "X 1", 1, "X", LineStatus.RESOLVED, unit_price_seen=Money.of("12.50"))
    quote = PriceQuote("X", "A", 1, Money.of("20"), Money.of("13.10"))
    (check,) = check_lines([line], {("X", 1): quote}, tolerance=Decimal("0.01"))
    assert check.difference is Difference.PRICE and (check.what, check.was, check.now) == (
        "X", Money.of("12.50"), Money.of("13.10"))
    (check,) = check_lines([line], {("X", 1): quote}, tolerance=Decimal("0.05"))  # 4.8% moved: within 5%
    assert check.ok and check.drifted
    (check,) = check_lines([line], {("X", 1): quote}, tolerance=Decimal("0.05"), products={})
    assert check.difference is Difference.UNKNOWN


async def test_an_adapter_bug_on_one_order_does_not_jam_the_queue(odesk: Desk) -> None:
    account, skus = await account_and_skus(odesk)
    broken = await queue_draft(odesk, account, [(skus[0], 2)])
    fine = await queue_draft(odesk, account, [(skus[1], 2)])
    broken_key = odesk.drafts.load(broken).idempotency_key
    wrapped = odesk.platform
    original = wrapped.place_order  # type: ignore[attr-defined]

    async def place_order(request: OrderRequest, *, idempotency_key: str) -> Any:
        if idempotency_key == broken_key:
            raise KeyError("draft_order")  # what an adapter reading an unexpected answer used to raise
        return await original(request, idempotency_key=idempotency_key)

    wrapped.place_order = place_order  # type: ignore[method-assign]
    report = await Outbox(odesk).run_once()
    assert report.count(Outcome.SENT) == 1 and odesk.drafts.load(fine).state is DraftState.SENT
    waiting = odesk.drafts.load(broken)
    assert waiting.state is DraftState.QUEUED  # waits for a retry with its key; nothing stuck in SENDING
    assert "KeyError" in odesk.drafts.outbox_info(broken).last_error
