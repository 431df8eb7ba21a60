"""Sending an order: the one path F9, the outbox runner and ``b2bterm order send`` all take.

``Sender.send_draft`` takes the draft's send lease (two senders, in one process or two, never send it at once), checks
it is ready (``domain.readiness``), revalidates it against the platform unless the user has just confirmed its prices
on screen (F9), stores its idempotency key before the first attempt, and places it through the gateway (its send
timeout, its connectivity tracking). Whoever sends, the draft ends in the same state:

- placed: SENT with the platform's order number;
- refused by the platform: NEEDS_ATTENTION when the refusal is about a line (price, item, quantity: the user can fix
  it line by line), else REJECTED; either way with the platform's reason and the key kept;
- unreachable, too slow, or an answer that cannot be read (the outcome is unknown): QUEUED with the attempt counted
  and the next one scheduled (exponential backoff with jitter, never sooner than the platform's Retry-After); the
  same key makes the retry safe;
- not ready: an open draft stays OPEN (nothing was sent); a queued one becomes NEEDS_ATTENTION;
- revalidation found differences: NEEDS_ATTENTION with a line-by-line difference.

Results are typed (``SendResult``: an ``Outcome``, a ``Reason`` and their values); the UI and the CLI word them.
"""

from __future__ import annotations

import asyncio
import enum
import os
import random
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from b2bterm.domain.draft_note import StopKind, StopNote
from b2bterm.domain.models import DraftOrder, DraftState, Order, OrderRequest, OrderRequestLine
from b2bterm.domain.readiness import NotReady, not_ready
from b2bterm.domain.record import record
from b2bterm.local.drafts import DraftNotFound, DraftStore, utcnow
from b2bterm.platform.base import NotFound, Offline, PlatformError, Rejected
from b2bterm.services.gateway import Gateway
from b2bterm.services.lease import Holder, LeaseHeld, lease_held
from b2bterm.services.revalidate import LineCheck, Revalidator


class Outcome(enum.StrEnum):
    SENT = "sent"  # placed: the draft is SENT with the order number
    QUEUED = "queued"  # not sent this time: kept in the outbox and retried with the same key
    NEEDS_ATTENTION = "needs_attention"  # stopped: a line changed or was refused; the user settles it
    REJECTED = "rejected"  # the platform refused the order as a whole
    NOT_READY = "not_ready"  # lines need fixing first; nothing was sent
    SKIPPED = "skipped"  # another sender holds it, or it is not waiting to be sent
    PLACED = "sent"  # the same outcomes by the names F9 and the outbox runner used
    RETRY = "queued"


class Reason(enum.StrEnum):
    """Why the outcome is what it is; the values that go with it are on the ``SendResult``."""

    PLACED = "placed"
    PLACED_EARLIER = "placed_earlier"  # an earlier attempt placed it; recorded now (``order_number``)
    NOT_READY = "not_ready"  # ``not_ready`` lists what
    CHANGED = "changed"  # revalidation: ``checks`` lists the differences
    REFUSED = "refused"  # the platform's reason is ``message``; ``line_refusal`` says whether it is about a line
    UNREACHABLE = "unreachable"  # ``message`` is the platform's error; ``next_attempt_at`` when it is tried again
    WORKING_OFFLINE = "working_offline"  # the user works offline: kept for when they switch back
    FAILED = "failed"  # an answer that could not be read (the order may or may not be placed): retried safely
    BUSY = "busy"  # another sender holds the lease right now
    GONE = "gone"  # the draft was deleted
    NOT_WAITING = "not_waiting"  # its state (``state``) is not one that can be sent


@record
class SendResult:
    draft_id: int
    outcome: Outcome
    reason: Reason
    order: Order | None = None
    order_number: str = ""
    message: str = ""  # the platform's own words (a refusal, an error), shown as they are
    next_attempt_at: datetime | None = None
    not_ready: tuple[NotReady, ...] = ()
    checks: tuple[LineCheck, ...] = ()
    state: DraftState | None = None  # the draft's state after the attempt
    line_refusal: bool = False
    held: LeaseHeld | None = None  # BUSY: which other sender holds the order, and for how long (worded by the UI)


# --- retry timing ---------------------------------------------------------------------------------------------------


@record
class Backoff:
    """Exponential backoff with jitter, never sooner than the platform's Retry-After."""

    base: float = 10.0  # seconds before the first retry
    cap: float = 900.0  # the longest wait
    jitter: float = 0.25  # +- fraction

    def delay(self, attempts: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt (1 = the first)."""
        exp = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        exp *= 1 + (rng or random).uniform(-self.jitter, self.jitter)
        wait = max(0.0, min(self.cap, exp))
        if retry_after is not None:
            wait = max(wait, float(retry_after))
        return wait


def new_owner() -> str:
    """Who holds a send lease: host, process and a random part (two desks in one process differ too)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def order_request(draft: DraftOrder, quotation_id: str = "") -> OrderRequest:
    return OrderRequest(
        quotation_id=quotation_id,
        account_id=draft.account_id,
        lines=tuple(OrderRequestLine(sku=line.sku, qty=line.qty, expected_unit_price=line.unit_price_seen)
                    for line in draft.lines),
        po_number=draft.po_number,
        ship_to_id=draft.ship_to_id,
        requested_date=draft.requested_date,
        invoice_type=draft.invoice_type,
        note=draft.note,
    )


def is_line_refusal(exc: Rejected) -> bool:
    """A refusal about one line (its price, item or quantity): the user can fix it line by line."""
    return exc.field in ("price", "sku", "qty") or bool(exc.sku)


WAITING = frozenset({DraftState.QUEUED, DraftState.SENDING})  # what the outbox runner sends
SENDABLE = WAITING | {DraftState.OPEN}  # what F9 and ``b2bterm order send`` send


# --- the sender -----------------------------------------------------------------------------------------------------


class Sender:
    """Sends drafts for one profile. Every SQLite call runs in a thread (each commits with synchronous=FULL and may
    wait for the database lock, which must never hold up the event loop)."""

    def __init__(self, gateway: Gateway, drafts: DraftStore, revalidator: Revalidator, *, owner: str | None = None,
                 clock: Callable[[], datetime] = utcnow, backoff: Backoff | None = None,
                 lease_seconds: float = 120.0, rng: random.Random | None = None) -> None:
        self.gateway = gateway
        self.store = drafts
        self.revalidator = revalidator
        self.owner = owner or new_owner()
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.lease_seconds = lease_seconds
        self.rng = rng or random.Random()

    async def submit_now(self, draft_id: int) -> SendResult:
        """F9: the user has just confirmed the order and its prices on screen; send it at once."""
        return await self.send_draft(draft_id, confirmed=True, owner=f"{self.owner}:submit")

    async def send_draft(self, draft_id: int, *, confirmed: bool = False, owner: str | None = None,
                         states: frozenset[DraftState] = SENDABLE) -> SendResult:
        """Claim, check and send one draft (OPEN, QUEUED, or SENDING left behind by a stopped process; ``states``
        narrows that). ``confirmed``: the user has just seen and confirmed its prices: not revalidated first."""
        owner = owner or self.owner
        if not await asyncio.to_thread(self._claim_or_take_over, draft_id, owner):
            return await self._not_claimed(draft_id)
        try:
            return await self._send_claimed(draft_id, confirmed, states)
        finally:
            await asyncio.to_thread(self._release, draft_id, owner)

    async def _not_claimed(self, draft_id: int) -> SendResult:
        """Why the lease could not be had: the draft is gone, was sent already, or another sender holds it."""
        try:
            draft = await asyncio.to_thread(self.store.load, draft_id)
        except DraftNotFound:
            return SendResult(draft_id, Outcome.SKIPPED, Reason.GONE)
        if draft.state is DraftState.SENT:
            return SendResult(draft_id, Outcome.SKIPPED, Reason.NOT_WAITING, order_number=draft.order_number,
                              state=DraftState.SENT)
        held = await asyncio.to_thread(self.held_by, draft_id)
        return SendResult(draft_id, Outcome.SKIPPED, Reason.BUSY, state=draft.state,
                          message=held.describe() if held else "", held=held)

    def _claim_or_take_over(self, draft_id: int, owner: str) -> bool:
        """The lease, or the lease of a sender that died on this machine (taken over at once, never waited out)."""
        if self.store.claim_for_send(draft_id, owner, self.lease_seconds):
            return True
        holder = self.store.outbox_info(draft_id).claimed_by
        return bool(holder) and Holder.parse(holder).gone() and self.store.take_over_claim(
            draft_id, holder, owner, self.lease_seconds)

    def held_by(self, draft_id: int) -> LeaseHeld | None:
        """Who holds the draft's send lease now, since when and until when (None: nobody)."""
        info = self.store.outbox_info(draft_id)
        return lease_held(info.claimed_by, info.claimed_until, self.lease_seconds, self.clock()) \
            if info.claimed_by else None

    def _release(self, draft_id: int, owner: str) -> None:
        try:
            self.store.release_claim(draft_id, owner)
        except DraftNotFound:
            pass

    async def _send_claimed(self, draft_id: int, confirmed: bool, states: frozenset[DraftState]) -> SendResult:
        store = self.store
        try:
            draft = await asyncio.to_thread(store.load, draft_id)
        except DraftNotFound:
            return SendResult(draft_id, Outcome.SKIPPED, Reason.GONE)
        if draft.state not in states:
            return SendResult(draft_id, Outcome.SKIPPED, Reason.NOT_WAITING, state=draft.state)
        if draft.order_number:  # placed, but the process stopped before it could say so
            await asyncio.to_thread(store.set_state, draft_id, DraftState.SENT, last_error="")
            return SendResult(draft_id, Outcome.SENT, Reason.PLACED_EARLIER, order_number=draft.order_number,
                              state=DraftState.SENT)
        problems = tuple(not_ready(draft))
        if problems:
            if draft.state is DraftState.OPEN:
                return SendResult(draft_id, Outcome.NOT_READY, Reason.NOT_READY, not_ready=problems,
                                  state=DraftState.OPEN)
            note = StopNote(StopKind.NOT_READY, len(problems)) if draft.lines else StopNote(StopKind.NO_LINES)
            return await self._stop(draft_id, Outcome.NEEDS_ATTENTION, Reason.NOT_READY, note.stored(),
                                    not_ready=problems)
        if not confirmed:
            stopped = await self._revalidate(draft)
            if stopped is not None:
                return stopped
        # stored before the first attempt; a retry (here or in another process) sends the same key
        key = draft.idempotency_key or await asyncio.to_thread(store.set_idempotency_key, draft_id)

        def prepare() -> OrderRequest:
            request = order_request(store.load(draft_id), store.quotation_of(draft_id))
            store.set_state(draft_id, DraftState.SENDING)
            return request

        request = await asyncio.to_thread(prepare)
        try:
            order = await self.gateway.place_order(request, idempotency_key=key)
        except Rejected as exc:
            line = is_line_refusal(exc)
            outcome = Outcome.NEEDS_ATTENTION if line else Outcome.REJECTED
            return await self._refused(draft_id, outcome, exc, line)
        except PlatformError as exc:  # unreachable, or an answer we cannot read: the outcome is unknown
            return await self._retry_later(draft_id, exc)
        except Exception as exc:  # an adapter bug: the outcome is unknown too; the same key makes a retry safe
            return await self._retry_later(draft_id, PlatformError(f"{type(exc).__name__}: {exc}"))
        await asyncio.to_thread(self._finish_sent, draft_id, order.number)
        return SendResult(draft_id, Outcome.SENT, Reason.PLACED, order=order, order_number=order.number,
                          state=DraftState.SENT)

    async def _revalidate(self, draft: DraftOrder) -> SendResult | None:
        """Check the draft against the platform now; a result when it must stop, None when it may go."""
        try:
            fetched = await self.revalidator.fetch(draft)
        except (NotFound, Rejected) as exc:  # e.g. the account is gone: retrying will not help; the user must see it
            return await self._refused(draft.id, Outcome.REJECTED, exc, False)
        except PlatformError as exc:
            return await self._retry_later(draft.id, exc)
        except Exception as exc:  # an adapter bug must not jam the queue: this order waits, the others go on
            return await self._retry_later(draft.id, PlatformError(f"{type(exc).__name__}: {exc}"))
        review = self.revalidator.check(draft, fetched, live=True)
        if review.problems:
            return await self._stop(draft.id, Outcome.NEEDS_ATTENTION, Reason.CHANGED, review.stop_note().stored(),
                                    checks=tuple(review.problems))
        if review.drifted:  # within the tolerance: the order goes out with the price it will be charged
            at = self.clock()
            await asyncio.to_thread(self.store.set_prices_seen, draft.id,
                                    [(c.line.id, c.now, at) for c in review.drifted])
        return None

    async def _stop(self, draft_id: int, outcome: Outcome, reason: Reason, note: str, *,
                    not_ready: tuple[NotReady, ...] = (), checks: tuple[LineCheck, ...] = ()) -> SendResult:
        await asyncio.to_thread(self.store.set_state, draft_id, DraftState.NEEDS_ATTENTION, last_error=note)
        return SendResult(draft_id, outcome, reason, not_ready=not_ready, checks=checks,
                          state=DraftState.NEEDS_ATTENTION)

    async def _refused(self, draft_id: int, outcome: Outcome, exc: PlatformError, line: bool) -> SendResult:
        text = exc.user_text()
        state = DraftState.NEEDS_ATTENTION if outcome is Outcome.NEEDS_ATTENTION else DraftState.REJECTED

        def record() -> None:
            self.store.record_attempt(draft_id, error=text)
            self.store.set_state(draft_id, state, last_error=text)

        await asyncio.to_thread(record)
        return SendResult(draft_id, outcome, Reason.REFUSED, message=text, state=state, line_refusal=line)

    async def _retry_later(self, draft_id: int, exc: PlatformError) -> SendResult:
        offline = not self.gateway.may_call_platform
        error = StopNote(StopKind.WORKING_OFFLINE).stored() if offline else exc.message

        def record() -> datetime:
            attempts = self.store.outbox_info(draft_id).attempts + 1
            when = self.clock() + timedelta(seconds=self.backoff.delay(attempts, exc.retry_after, self.rng))
            self.store.record_attempt(draft_id, error=error, next_attempt_at=when)
            self.store.set_state(draft_id, DraftState.QUEUED, last_error=error)
            return when

        when = await asyncio.to_thread(record)
        if offline:
            reason = Reason.WORKING_OFFLINE
        else:
            reason = Reason.UNREACHABLE if isinstance(exc, Offline) else Reason.FAILED
        return SendResult(draft_id, Outcome.QUEUED, reason, message=exc.message, next_attempt_at=when,
                          state=DraftState.QUEUED)

    def _finish_sent(self, draft_id: int, number: str) -> None:
        self.store.set_order_number(draft_id, number)
        self.store.set_state(draft_id, DraftState.SENT, last_error="")


class HasSender(Protocol):
    """Anything that carries the profile's sender (the desk does)."""

    @property
    def sender(self) -> Sender: ...


async def send_draft(desk: HasSender, draft_id: int) -> SendResult:
    """``b2bterm order send DRAFT``: send one open or queued draft now, revalidated first, through the one path."""
    return await desk.sender.send_draft(draft_id)
