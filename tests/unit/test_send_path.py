"""One send path: F9 (``Desk.submit``), the outbox runner and ``b2bterm order send`` (``services.submit.send_draft``)
leave a draft in the same state after a refusal, share the send timeout, and track connectivity."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from b2bterm import clock as b2bclock
from b2bterm.config import Config
from b2bterm.domain.models import DraftState, LineStatus, NewLine, OrderRequest
from b2bterm.domain.readiness import NotReadyKind
from b2bterm.platform.base import Rejected
from b2bterm.services.desk import Desk, open_desk
from b2bterm.services.gateway import Connectivity, Timeouts
from b2bterm.services.outbox import Outbox
from b2bterm.services.submit import Outcome, Reason, send_draft
from b2bterm.ui.outcome_text import send_text


class Refusing:
    """The demo platform, except that place_order refuses (``refusal``) or never answers (``hang``)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.refusal: Rejected | None = None
        self.hang = False
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Any:
        self.calls[idempotency_key] += 1
        if self.hang:
            await asyncio.Event().wait()
        if self.refusal is not None:
            raise self.refusal
        return await self.inner.place_order(request, idempotency_key=idempotency_key)


@pytest.fixture
async def sdesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    desk.platform = Refusing(desk.platform)  # type: ignore[assignment]
    yield desk
    await desk.aclose()


def plat(desk: Desk) -> Refusing:
    return desk.platform  # type: ignore[return-value]


async def priced_draft(desk: Desk, state: DraftState, *, qty: int = 2, unresolved: bool = False) -> int:
    """A draft with two lines priced as the platform quotes them now (plenty on hand), in ``state``."""
    accounts = await desk.platform.search_accounts("", limit=1)
    account = accounts[0].id
    products = await desk.platform.search_products("contactor", limit=2)
    for p in products:
        plat(desk).inner.set_stock(p.sku, "SH", 1000)
    quotes = {q.sku: q for q in await desk.platform.quote(account, [(p.sku, qty) for p in products])}
    store = desk.drafts
    draft = store.create(account)
    seen = b2bclock.now() - timedelta(hours=1)
    lines = [NewLine(p.sku, qty, p.sku, LineStatus.RESOLVED, unit_price_seen=quotes[p.sku].net_price,
                     price_seen_at=seen) for p in products]
    if unresolved:
        lines.append(NewLine("relay 24v", 1, "", LineStatus.AMBIGUOUS))
    store.add_lines(draft.id, lines)
    if state is not DraftState.OPEN:
        store.set_idempotency_key(draft.id)
        store.set_state(draft.id, state)
    return draft.id


@pytest.mark.parametrize(("refusal", "state", "outcome"), [
    (Rejected("Credit limit reached for this account."), DraftState.REJECTED, Outcome.REJECTED),
    (Rejected("The price of SE-1 changed.", field="price", sku="SE-1"), DraftState.NEEDS_ATTENTION,
     Outcome.NEEDS_ATTENTION),
])
async def test_a_refusal_leaves_the_same_state_whoever_sends(sdesk: Desk, refusal: Rejected, state: DraftState,
                                                             outcome: Outcome) -> None:
    plat(sdesk).refusal = refusal
    by_f9 = await priced_draft(sdesk, DraftState.OPEN)
    by_outbox = await priced_draft(sdesk, DraftState.QUEUED)
    by_cli = await priced_draft(sdesk, DraftState.OPEN)

    f9 = await sdesk.submit(by_f9)
    (runner,) = (await sdesk.outbox.run_once()).results
    cli = await send_draft(sdesk, by_cli)

    for result in (f9, runner, cli):
        assert result.outcome is outcome and result.reason is Reason.REFUSED
        assert result.message == refusal.user_text() and send_text(result) == refusal.user_text()
    for draft_id in (by_f9, by_outbox, by_cli):
        draft = sdesk.drafts.load(draft_id)
        info = sdesk.drafts.outbox_info(draft_id)
        assert draft.state is state and draft.idempotency_key  # the key is kept for a safe retry
        assert info.attempts == 1 and info.last_error == refusal.user_text()


async def test_f9_and_the_outbox_share_the_send_timeout_and_track_connectivity(sdesk: Desk) -> None:
    sdesk.gateway.timeouts = Timeouts(quick=0.01, send_floor=0.05)
    plat(sdesk).hang = True
    draft_id = await priced_draft(sdesk, DraftState.OPEN)
    result = await sdesk.submit(draft_id)  # F9 used to wait for ever here
    assert result.outcome is Outcome.QUEUED and result.reason is Reason.UNREACHABLE
    assert result.next_attempt_at is not None and f"{sdesk.gateway.timeouts.send:g} s" in result.message
    assert sdesk.connectivity is Connectivity.DEGRADED  # a send that timed out is seen in the header
    draft = sdesk.drafts.load(draft_id)
    assert draft.state is DraftState.QUEUED and sdesk.drafts.outbox_info(draft_id).attempts == 1

    # the platform answers again: the outbox sends it with the key F9 stored, once
    plat(sdesk).hang = False
    sdesk.gateway.timeouts = Timeouts()
    (sent,) = (await sdesk.outbox.run_once(force=True)).results
    assert sent.outcome is Outcome.SENT and sdesk.connectivity is Connectivity.ONLINE
    assert plat(sdesk).calls[draft.idempotency_key] == 2
    assert sdesk.drafts.load(draft_id).order_number == sent.order_number


async def test_working_offline_f9_keeps_the_order_for_the_outbox(sdesk: Desk) -> None:
    draft_id = await priced_draft(sdesk, DraftState.OPEN)
    sdesk.work_offline(True)
    result = await sdesk.submit(draft_id)
    assert result.outcome is Outcome.QUEUED and result.reason is Reason.WORKING_OFFLINE
    assert sdesk.drafts.load(draft_id).state is DraftState.QUEUED
    assert sum(plat(sdesk).calls.values()) == 0
    assert sdesk.connectivity is Connectivity.WORK_OFFLINE


async def test_readiness_is_one_rule_for_an_open_and_a_queued_draft(sdesk: Desk) -> None:
    open_id = await priced_draft(sdesk, DraftState.OPEN, unresolved=True)
    queued_id = await priced_draft(sdesk, DraftState.QUEUED, unresolved=True)
    f9 = await sdesk.submit(open_id)
    (runner,) = (await sdesk.outbox.run_once()).results
    assert f9.outcome is Outcome.NOT_READY and sdesk.drafts.load(open_id).state is DraftState.OPEN
    assert runner.outcome is Outcome.NEEDS_ATTENTION and runner.reason is Reason.NOT_READY
    assert sdesk.drafts.load(queued_id).state is DraftState.NEEDS_ATTENTION
    for result in (f9, runner):
        (problem,) = result.not_ready
        assert problem.kind is NotReadyKind.UNRESOLVED and problem.position == 2 and problem.input == "relay 24v"
    assert "#3 (relay 24v: ambiguous)" in send_text(f9)
    assert sum(plat(sdesk).calls.values()) == 0


async def test_order_send_revalidates_an_open_draft_and_places_it_once(sdesk: Desk) -> None:
    draft_id = await priced_draft(sdesk, DraftState.OPEN)
    result = await send_draft(sdesk, draft_id)
    assert result.outcome is Outcome.SENT and result.order_number
    assert send_text(result) == f"Order {result.order_number} placed."
    again = await send_draft(sdesk, draft_id)  # sent already: nothing happens, nothing is placed twice
    assert again.outcome is Outcome.SKIPPED and again.reason is Reason.NOT_WAITING and again.state is DraftState.SENT
    draft = sdesk.drafts.load(draft_id)
    assert draft.state is DraftState.SENT and plat(sdesk).calls[draft.idempotency_key] == 1


async def test_two_senders_in_one_process_never_send_one_draft_twice(sdesk: Desk) -> None:
    ids = [await priced_draft(sdesk, DraftState.QUEUED) for _ in range(4)]
    other = Outbox(sdesk)
    results = await asyncio.gather(*(s for i in ids for s in (sdesk.submit(i), other.send_one(i))))
    assert sum(1 for r in results if r.outcome is Outcome.SENT) == len(ids)
    for draft_id in ids:
        draft = sdesk.drafts.load(draft_id)
        assert draft.state is DraftState.SENT and plat(sdesk).calls[draft.idempotency_key] == 1
