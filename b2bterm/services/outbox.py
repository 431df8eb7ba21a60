"""The outbox: queued orders go out in the background, each checked first and each placed exactly once.

A draft submitted while the platform could not be reached is QUEUED with its idempotency key already stored.
``Outbox.run_once`` picks the due ones and sends each through the one send path (``services.submit.Sender``): the
send lease, revalidation against current prices, products and stock (a price that moved by more than
``[sync] price_tolerance``, an item no longer sold or short stock stops that draft at NEEDS_ATTENTION, the others go
on), then the order with the SAME stored key; an unreachable platform is retried later with backoff. After a few
unreachable sends in a row the run stops (``StopReason``).

The user settles a NEEDS_ATTENTION draft line by line (``accept``, ``set_qty``, ``remove_line``, ``replace``) and
sends it again (``requeue``). SQLite calls run in threads (``asyncio.to_thread``); no Textual, no httpx here.
"""

from __future__ import annotations

import asyncio
import enum
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from b2bterm.domain.models import DEFAULT_TAX_RATE, DraftLine, DraftState, LineStatus, with_tax
from b2bterm.domain.money import Money
from b2bterm.domain.record import record
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.drafts import DraftNotFound, DraftStore, DraftSummary, utcnow
from b2bterm.services.gateway import Connectivity, Gateway
from b2bterm.services.lease import Holder, LeaseHeld
from b2bterm.services.quote import QuoteService
from b2bterm.services.revalidate import BACKORDER_OK, Difference, LineCheck, Revalidator, Review
from b2bterm.services.submit import WAITING, Backoff, Outcome, Sender, SendResult


class OutboxHost(Protocol):
    """What the outbox stands on (the desk provides it)."""

    @property
    def gateway(self) -> Gateway: ...

    @property
    def drafts(self) -> DraftStore: ...

    @property
    def pricing(self) -> QuoteService: ...

    @property
    def catalog(self) -> LocalCatalog: ...

    @property
    def price_tolerance(self) -> Decimal: ...


class StopReason(enum.StrEnum):
    WORKING_OFFLINE = "working_offline"
    UNREACHABLE = "unreachable"  # several sends in a row could not reach the platform


# --- the sender -----------------------------------------------------------------------------------------------------


@dataclass
class RunReport:
    results: list[SendResult] = field(default_factory=list)
    waiting: int = 0  # still queued after this run
    busy: bool = False  # another run of this outbox was in progress; it will run again when it ends
    stopped: StopReason | None = None  # why the run stopped early

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)


@record
class OutboxEntry:
    """One draft as the drafts list and ``b2bterm outbox`` show it."""

    summary: DraftSummary
    total: Money | None  # sum of the prices seen (tax-exclusive); None when no line has one
    total_incl_tax: Money | None
    unpriced: int


class Outbox:
    """One desk's outbox: the background sender and what the user does with orders that need attention."""

    def __init__(
        self,
        desk: OutboxHost,
        *,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        backoff: Backoff | None = None,
        lease_seconds: float = 120.0,
        rng: random.Random | None = None,
        give_up_after: int = 3,
    ) -> None:
        self.gateway = desk.gateway
        self.store: DraftStore = desk.drafts
        self.clock = clock
        self.revalidator = Revalidator(desk.gateway, desk.pricing, desk.catalog, desk.drafts,
                                       tolerance=lambda: desk.price_tolerance, clock=clock)
        self.sender = Sender(desk.gateway, desk.drafts, self.revalidator, owner=owner, clock=clock,
                             backoff=backoff, lease_seconds=lease_seconds, rng=rng)
        self.owner = self.sender.owner
        self.lease_seconds = lease_seconds
        self.give_up_after = give_up_after  # consecutive unreachable sends before a run stops
        self.listeners: list[Callable[[], None]] = []  # told after each draft changes state
        self._lock = asyncio.Lock()
        self._again = False

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    # --- listing ---------------------------------------------------------------------------------------------------

    def entries(self, states: Iterable[DraftState] | None = None, account_id: str | None = None) -> list[OutboxEntry]:
        """Drafts newest first with their totals at the prices seen (thread worker)."""
        out: list[OutboxEntry] = []
        for summary in self.store.list_drafts(account_id, states=states):
            try:
                draft = self.store.load(summary.id)
            except DraftNotFound:
                continue
            total = gross = None
            unpriced = 0
            for line in draft.lines:
                if line.unit_price_seen is None or line.qty < 1:
                    unpriced += 1
                    continue
                ext = (line.unit_price_seen * line.qty).rounded()
                total = ext if total is None else total + ext
                inc = with_tax(ext, DEFAULT_TAX_RATE)
                gross = inc if gross is None else gross + inc
            out.append(OutboxEntry(summary, total, gross, unpriced))
        return out

    def due(self, *, force: bool = False) -> list[DraftSummary]:
        """QUEUED drafts whose next attempt is due (all of them with ``force``), and SENDING drafts left behind by
        a process that stopped mid-send (older than the lease); oldest first (thread worker)."""
        now = self.clock()
        stale = now - timedelta(seconds=self.lease_seconds)
        found = self.store.list_drafts(states=[DraftState.QUEUED, DraftState.SENDING])
        due = [
            d for d in found
            if (d.state is DraftState.QUEUED and (force or d.next_attempt_at is None or d.next_attempt_at <= now))
            or (d.state is DraftState.SENDING and (d.updated_at <= stale or self._holder_gone(d.id)))
        ]
        due.sort(key=lambda d: (d.created_at, d.id))
        return due

    def _holder_gone(self, draft_id: int) -> bool:
        """A SENDING draft nobody holds, or held by a process that died on this machine: due at once."""
        holder = self.store.outbox_info(draft_id).claimed_by
        return not holder or Holder.parse(holder).gone()

    def held_by(self, draft_id: int) -> LeaseHeld | None:
        return self.sender.held_by(draft_id)

    # --- revalidation ----------------------------------------------------------------------------------------------

    async def review(self, draft_id: int, *, live: bool = True) -> Review:
        """The draft checked against the platform now; from the caches when it cannot be reached."""
        return await self.revalidator.review(draft_id, live=live)

    # --- sending ---------------------------------------------------------------------------------------------------

    async def run_once(self, *, force: bool = False) -> RunReport:
        """Send every due draft once. ``force``: also those waiting out a backoff (the user asked, or the platform
        is back). A call while a run is in progress returns at once; the running one goes round again."""
        if self._lock.locked():
            self._again = True
            return RunReport(busy=True)
        async with self._lock:
            report = RunReport()
            while True:
                self._again = False
                await self._run(report, force=force)
                if not self._again or report.stopped:
                    break
            report.waiting = len(await asyncio.to_thread(self.store.list_drafts, states=[DraftState.QUEUED]))
            return report

    async def _run(self, report: RunReport, *, force: bool) -> None:
        if not self.gateway.may_call_platform:
            report.stopped = StopReason.WORKING_OFFLINE
            return
        unreachable = 0
        for summary in await asyncio.to_thread(self.due, force=force):
            result = await self.send_one(summary.id)
            report.results.append(result)
            if result.outcome is Outcome.QUEUED and self.gateway.connectivity is Connectivity.OFFLINE:
                unreachable += 1
                if unreachable >= self.give_up_after:
                    report.stopped = StopReason.UNREACHABLE
                    return
            elif result.outcome is not Outcome.SKIPPED:
                unreachable = 0
            if not self.gateway.may_call_platform:
                report.stopped = StopReason.WORKING_OFFLINE
                return

    async def send_one(self, draft_id: int) -> SendResult:
        """Send one due draft through the one send path (revalidated first); listeners are told afterwards."""
        try:
            return await self.sender.send_draft(draft_id, states=WAITING)  # never one reopened for editing meanwhile
        finally:
            self._changed()

    # --- what the user does with a draft that needs attention (thread workers) -------------------------------------

    def _claimed(self, draft_id: int) -> None:
        if not self.store.claim_for_send(draft_id, self.owner, self.lease_seconds):
            raise OutboxBusy(BusyKind.BEING_SENT)

    def accept(self, checks: Sequence[LineCheck]) -> int:
        """Accept differences: a new price becomes the price seen (the order goes out expecting it); short stock is
        marked to backorder. Returns how many lines changed."""
        at = self.clock()
        changed = 0
        for check in checks:
            if check.difference in (Difference.PRICE, Difference.NEW_PRICE) and check.now is not None:
                self.store.update_line(check.line.id, unit_price_seen=check.now, price_seen_at=at)
                changed += 1
            elif check.difference is Difference.SHORT:
                message = check.line.message
                self.store.update_line(check.line.id, message=f"{message}; {BACKORDER_OK}" if message else BACKORDER_OK)
                changed += 1
        return changed

    def set_qty(self, line_id: int, qty: int) -> None:
        if qty < 1:
            raise ValueError("the quantity must be at least 1")
        self.store.update_line(line_id, qty=qty, unit_price_seen=None, price_seen_at=None)

    def remove_line(self, line_id: int) -> DraftLine:
        return self.store.delete_line(line_id)

    def replace(self, line_id: int, sku: str) -> None:
        """Order ``sku`` (e.g. the successor of a discontinued item) instead; its price is then shown for accepting."""
        self.store.update_line(line_id, sku=sku, status=LineStatus.RESOLVED, candidates=(), unit_price_seen=None,
                               price_seen_at=None, message=f"replaces {self.store.line(line_id).sku}")

    def requeue(self, draft_id: int) -> None:
        """Send it again (NEEDS_ATTENTION, REJECTED or QUEUED): queued and due now, with the same key."""
        self._claimed(draft_id)
        try:
            draft = self.store.load(draft_id)
            if draft.state is DraftState.SENT or draft.state is DraftState.OPEN:
                raise OutboxBusy(BusyKind.NOTHING_TO_SEND, state=draft.state)
            if not draft.lines:
                raise OutboxBusy(BusyKind.NO_LINES)
            self.store.schedule(draft_id, None)
            self.store.set_state(draft_id, DraftState.QUEUED, last_error="")
        finally:
            self.store.release_claim(draft_id, self.owner)
        self._changed()

    def reopen(self, draft_id: int) -> None:
        """Back to OPEN for editing in quick order (never a sent one). The key is kept: if an earlier attempt did
        reach the platform, sending again returns that order instead of placing a second one."""
        self._claimed(draft_id)
        try:
            draft = self.store.load(draft_id)
            if draft.state is DraftState.SENT:
                raise OutboxBusy(BusyKind.ALREADY_SENT, order_number=draft.order_number)
            self.store.set_state(draft_id, DraftState.OPEN)
        finally:
            self.store.release_claim(draft_id, self.owner)
        self._changed()


class BusyKind(enum.StrEnum):
    BEING_SENT = "being_sent"  # a sender holds it right now: try again in a moment
    NOTHING_TO_SEND = "nothing_to_send"  # open or sent: ``state`` says which
    NO_LINES = "no_lines"  # nothing left to send: delete it instead
    ALREADY_SENT = "already_sent"  # placed as ``order_number``: it cannot be edited


class OutboxBusy(Exception):
    """The draft is claimed by a sender (or in a state that does not allow the change): ``kind`` says which."""

    def __init__(self, kind: BusyKind, *, state: DraftState | None = None, order_number: str = "") -> None:
        super().__init__(kind.value)
        self.kind = kind
        self.state = state
        self.order_number = order_number
