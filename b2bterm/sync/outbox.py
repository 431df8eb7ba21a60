"""The outbox: queued orders go out in the background, each checked first and each placed exactly once.

A draft submitted while the platform could not be reached is QUEUED with its idempotency key already stored
(``quickorder.submit``). ``Outbox.run_once`` picks the due ones, and for each:

1. takes the send lease (``DraftStore.claim_for_send``): two b2bterm processes on one profile never send the same
   draft at the same time, and the stored key makes a repeated send return the first order anyway;
2. revalidates it against the platform's current prices, products and stock (``check_lines``): a price that moved
   by more than ``[sync] price_tolerance`` (a fraction), an item no longer sold, or short stock stops that draft at
   NEEDS_ATTENTION with a line-by-line difference (the others go on); a move within the tolerance is recorded as the
   new price seen, so the order goes out with the price it will be charged;
3. places it with the SAME stored key: SENT with the platform's order number; a refusal is REJECTED with the
   platform's reason (a price or item refusal is NEEDS_ATTENTION instead: the user can fix it); an unreachable or
   failing platform records the attempt and retries later with exponential backoff and jitter, never sooner than
   the platform's Retry-After.

The user settles a NEEDS_ATTENTION draft line by line (``accept``, ``set_qty``, ``remove_line``, ``replace``) and
sends it again (``requeue``). SQLite calls run in threads (``asyncio.to_thread``); no Textual, no httpx here.
"""

from __future__ import annotations

import asyncio
import enum
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from b2bterm.domain.models import (
    DEFAULT_TAX_RATE,
    Availability,
    DraftLine,
    DraftOrder,
    DraftState,
    LineStatus,
    PriceQuote,
    Product,
    ProductStatus,
    with_tax,
)
from b2bterm.domain.money import Money
from b2bterm.local.drafts import DraftNotFound, DraftStore, DraftSummary, utcnow
from b2bterm.platform.base import Capability, NotFound, PlatformError, Rejected
from b2bterm.quickorder.submit import order_request
from b2bterm.sync.sending import Backoff, Holder, LeaseHeld, lease_held, new_owner

if TYPE_CHECKING:
    from b2bterm.desk import Desk

DEFAULT_TOLERANCE = Decimal("0.005")
# Written into a line's message when the user accepts short stock for it (send anyway, the rest is backordered).
BACKORDER_OK = "backorder accepted"


# --- checking a draft against the platform (pure) -------------------------------------------------------------------


class Difference(enum.StrEnum):
    PRICE = "price"  # the price moved beyond the tolerance
    NEW_PRICE = "new_price"  # no price was seen when drafting
    DISCONTINUED = "discontinued"  # discontinued or superseded: can no longer be ordered
    UNKNOWN = "unknown"  # the platform no longer knows the SKU (or quotes no price for it)
    SHORT = "short"  # less on hand than ordered
    UNRESOLVED = "unresolved"  # the line was never resolved to a SKU


@dataclass(frozen=True, slots=True)
class LineCheck:
    """One draft line against the platform now. ``difference`` None: the line may go as it is."""

    line: DraftLine
    difference: Difference | None = None
    was: Money | None = None  # the unit price the user saw
    was_at: datetime | None = None
    now: Money | None = None  # the current net unit price for this quantity
    tax_rate: Decimal | None = None
    on_hand: int | None = None
    superseded_by: str = ""
    note: str = ""  # the platform's words (e.g. a refusal) when there are some

    @property
    def ok(self) -> bool:
        return self.difference is None

    @property
    def drifted(self) -> bool:
        """The price moved, but within the tolerance: the new price is recorded and the order goes on."""
        return self.ok and self.now is not None and self.was is not None and self.now.amount != self.was.amount

    @property
    def acceptable(self) -> bool:
        """The user may accept this difference as it is (a new price, or backordering short stock)."""
        return self.difference in (Difference.PRICE, Difference.NEW_PRICE, Difference.SHORT)

    def describe(self) -> str:
        """One plain sentence (the drafts screen has a richer, translated view)."""
        sku = self.line.sku or self.line.input
        if self.difference in (Difference.PRICE, Difference.NEW_PRICE):
            was = self.was.format() if self.was else "no price"
            now = self.now.format() if self.now else "no price"
            return f"{sku}: was {was}, now {now}"
        if self.difference is Difference.DISCONTINUED:
            tail = f" (replaced by {self.superseded_by})" if self.superseded_by else ""
            return f"{sku}: no longer sold{tail}"
        if self.difference is Difference.UNKNOWN:
            return f"{sku}: {self.note or 'the platform does not know this item any more'}"
        if self.difference is Difference.SHORT:
            return f"{sku}: {self.on_hand} on hand, {self.line.qty} ordered"
        if self.difference is Difference.UNRESOLVED:
            return f"line {self.line.position + 1} ({self.line.input}): not resolved to an item"
        return f"{sku}: ok"


@dataclass(frozen=True, slots=True)
class Review:
    """A draft checked against the platform: live, or from cached prices when it could not be reached."""

    draft: DraftOrder
    checks: tuple[LineCheck, ...]
    live: bool
    checked_at: datetime
    note: str = ""  # why it is not live

    @property
    def problems(self) -> list[LineCheck]:
        return [c for c in self.checks if not c.ok]

    @property
    def drifted(self) -> list[LineCheck]:
        return [c for c in self.checks if c.drifted]

    def summary(self) -> str:
        problems = self.problems
        if not problems:
            return ""
        head = f"{len(problems)} line{'s' if len(problems) != 1 else ''} changed since drafting: "
        return head + "; ".join(c.describe() for c in problems[:4]) + (" …" if len(problems) > 4 else "")


def parse_tolerance(value: object) -> Decimal:
    try:
        tolerance = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return DEFAULT_TOLERANCE
    return tolerance if tolerance.is_finite() and tolerance >= 0 else DEFAULT_TOLERANCE


def price_moved(was: Money, now: Money, tolerance: Decimal) -> bool:
    """More than ``tolerance`` (a fraction of the price seen) either way; another currency always counts."""
    if was.currency != now.currency:
        return True
    if not was.amount:
        return bool(now.amount)
    return abs(now.amount - was.amount) / abs(was.amount) > tolerance


def check_lines(
    lines: Sequence[DraftLine],
    quotes: Mapping[tuple[str, int], PriceQuote],
    *,
    tolerance: Decimal,
    products: Mapping[str, Product] | None = None,
    stock: Mapping[str, Availability] | None = None,
) -> list[LineCheck]:
    """Each line against current quotes (by (sku, qty)), products (None: not checked) and stock (None: not checked).
    Stock is compared with the whole quantity of the SKU on the draft."""
    wanted: dict[str, int] = {}
    for line in lines:
        if line.sku:
            wanted[line.sku] = wanted.get(line.sku, 0) + max(0, line.qty)
    out: list[LineCheck] = []
    for line in lines:
        base = LineCheck(line, was=line.unit_price_seen, was_at=line.price_seen_at)
        if line.status is not LineStatus.RESOLVED or not line.sku:
            out.append(replace(base, difference=Difference.UNRESOLVED))
            continue
        product = products.get(line.sku) if products is not None else None
        if products is not None and product is None:
            out.append(replace(base, difference=Difference.UNKNOWN, note="the platform no longer sells this item"))
            continue
        if product is not None and product.status is not ProductStatus.ACTIVE:
            out.append(replace(base, difference=Difference.DISCONTINUED, superseded_by=product.superseded_by))
            continue
        quote = quotes.get((line.sku, line.qty))
        if quote is None:
            out.append(replace(base, difference=Difference.UNKNOWN, note="the platform quotes no price for it"))
            continue
        check = replace(base, now=quote.net_price, tax_rate=quote.tax_rate)
        if line.unit_price_seen is None:
            out.append(replace(check, difference=Difference.NEW_PRICE))
            continue
        if price_moved(line.unit_price_seen, quote.net_price, tolerance):
            out.append(replace(check, difference=Difference.PRICE))
            continue
        avail = stock.get(line.sku) if stock is not None else None
        if stock is not None:
            on_hand = avail.on_hand if avail is not None else 0
            check = replace(check, on_hand=on_hand)
            if on_hand < wanted[line.sku] and BACKORDER_OK not in line.message:
                out.append(replace(check, difference=Difference.SHORT))
                continue
        out.append(check)
    return out


# --- the sender -----------------------------------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"  # not sent this time; queued for a later attempt
    NEEDS_ATTENTION = "needs_attention"
    REJECTED = "rejected"
    SKIPPED = "skipped"  # another process holds it, or it is no longer waiting to be sent


@dataclass(frozen=True, slots=True)
class SendResult:
    draft_id: int
    outcome: Outcome
    order_number: str = ""
    message: str = ""


@dataclass
class RunReport:
    results: list[SendResult] = field(default_factory=list)
    waiting: int = 0  # still queued after this run
    busy: bool = False  # another run of this outbox was in progress; it will run again when it ends
    stopped: str = ""  # why the run stopped early (working offline, platform unreachable)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)


@dataclass(frozen=True, slots=True)
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
        desk: Desk,
        *,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        backoff: Backoff | None = None,
        lease_seconds: float = 120.0,
        send_timeout: float | None = None,
        rng: random.Random | None = None,
        give_up_after: int = 3,
    ) -> None:
        self.desk = desk
        self.owner = owner or new_owner()
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.lease_seconds = lease_seconds
        self.send_timeout = send_timeout if send_timeout is not None else max(30.0, desk.quote_timeout * 10)
        self.rng = rng or random.Random()
        self.give_up_after = give_up_after  # consecutive unreachable sends before a run stops
        self.listeners: list[Callable[[], None]] = []  # told after each draft changes state
        self._lock = asyncio.Lock()
        self._again = False

    @property
    def store(self) -> DraftStore:
        return self.desk.drafts

    @property
    def tolerance(self) -> Decimal:
        config = self.desk.config
        return parse_tolerance(config.sync.get("price_tolerance", DEFAULT_TOLERANCE)) if config else DEFAULT_TOLERANCE

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

    def held_by(self, draft_id: int) -> LeaseHeld | None:
        """Who holds the draft's send lease now, since when and until when (None: nobody)."""
        info = self.store.outbox_info(draft_id)
        return lease_held(info.claimed_by, info.claimed_until, self.lease_seconds, self.clock()) \
            if info.claimed_by else None

    def _holder_gone(self, draft_id: int) -> bool:
        holder = self.store.outbox_info(draft_id).claimed_by
        return not holder or Holder.parse(holder).gone()

    # --- revalidation ----------------------------------------------------------------------------------------------

    async def _fetch(self, draft: DraftOrder) -> tuple[dict[tuple[str, int], PriceQuote], dict[str, Product] | None,
                                                         dict[str, Availability] | None]:
        """Live quotes, products and stock for the draft's lines; raises PlatformError when they cannot be had."""
        desk = self.desk
        platform = desk.platform
        timeout = desk.quote_timeout * 3
        items = list(dict.fromkeys((x.sku, x.qty) for x in draft.lines if x.sku and x.qty >= 1))
        skus = list(dict.fromkeys(sku for sku, _ in items))
        if not items:
            return {}, None, None
        quotes: list[PriceQuote] = await desk._call(  # type: ignore[assignment]
            lambda: platform.quote(draft.account_id, items), timeout=timeout)
        products: dict[str, Product] | None = None
        if desk.supports(Capability.PRODUCTS):
            products = await desk._call(lambda: platform.get_products(skus), timeout=timeout)  # type: ignore[assignment]
        stock: dict[str, Availability] | None = None
        if desk.supports(Capability.AVAILABILITY):
            stock = await desk._call(lambda: platform.availability(skus), timeout=timeout)  # type: ignore[assignment]
        await asyncio.to_thread(self._cache, quotes, stock)
        return {(q.sku, q.qty): q for q in quotes}, products, stock

    def _cache(self, quotes: list[PriceQuote], stock: dict[str, Availability] | None) -> None:
        self.desk.prices.put_quotes(quotes)
        if stock:
            self.desk.prices.put_availability(list(stock.values()))

    def _cached(self, draft: DraftOrder) -> tuple[dict[tuple[str, int], PriceQuote], dict[str, Product] | None,
                                                   dict[str, Availability] | None]:
        """The same from the local caches (thread worker): quotes re-evaluated by quantity, the synced catalog."""
        quotes: dict[tuple[str, int], PriceQuote] = {}
        stock: dict[str, Availability] = {}
        for line in draft.lines:
            if not line.sku or line.qty < 1:
                continue
            quote = self.desk.cached_quote(draft.account_id, line.sku, line.qty)
            if quote is not None:
                quotes[(line.sku, line.qty)] = quote
            avail = self.desk.cached_availability(line.sku)
            if avail is not None:
                stock[line.sku] = avail
        skus = [x.sku for x in draft.lines if x.sku]
        products = self.desk.catalog.products(skus) if skus else {}
        return quotes, products or None, stock or None

    async def review(self, draft_id: int, *, live: bool = True) -> Review:
        """The draft checked against the platform now; from the caches when it cannot be reached (``live`` False
        on the result, with the reason)."""
        draft = await asyncio.to_thread(self.store.load, draft_id)
        note = ""
        if live:
            try:
                quotes, products, stock = await self._fetch(draft)
                checks = check_lines(draft.lines, quotes, tolerance=self.tolerance, products=products, stock=stock)
                return Review(draft, tuple(checks), True, self.clock())
            except PlatformError as exc:
                note = exc.message
        quotes, products, stock = await asyncio.to_thread(self._cached, draft)
        checks = check_lines(draft.lines, quotes, tolerance=self.tolerance, products=products, stock=stock)
        return Review(draft, tuple(checks), False, self.clock(), note=note or "checked against cached prices")

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
        if not self.desk.may_call_platform:
            report.stopped = "working offline"
            return
        unreachable = 0
        for summary in await asyncio.to_thread(self.due, force=force):
            result = await self.send_one(summary.id)
            report.results.append(result)
            if result.outcome is Outcome.RETRY and self.desk.connectivity.value == "offline":
                unreachable += 1
                if unreachable >= self.give_up_after:
                    report.stopped = "the platform cannot be reached"
                    return
            elif result.outcome is not Outcome.SKIPPED:
                unreachable = 0
            if not self.desk.may_call_platform:
                report.stopped = "working offline"
                return

    async def send_one(self, draft_id: int) -> SendResult:
        """Claim, revalidate and send one draft (it must be QUEUED, or SENDING left behind by a stopped process)."""
        if not await asyncio.to_thread(self._claim_or_take_over, draft_id):
            held = await asyncio.to_thread(self.held_by, draft_id)
            return SendResult(draft_id, Outcome.SKIPPED, message=held.describe() if held else "not waiting to be sent")
        try:
            return await self._send_claimed(draft_id)
        finally:
            await asyncio.to_thread(self._release, draft_id)
            self._changed()

    def _claim_or_take_over(self, draft_id: int) -> bool:
        """The lease, or the lease of a sender that died on this machine (taken over at once, never waited out)."""
        if self.store.claim_for_send(draft_id, self.owner, self.lease_seconds):
            return True
        holder = self.store.outbox_info(draft_id).claimed_by
        return bool(holder) and Holder.parse(holder).gone() and self.store.take_over_claim(
            draft_id, holder, self.owner, self.lease_seconds)

    def _release(self, draft_id: int) -> None:
        try:
            self.store.release_claim(draft_id, self.owner)
        except DraftNotFound:
            pass

    async def _send_claimed(self, draft_id: int) -> SendResult:
        store = self.store
        try:
            draft = await asyncio.to_thread(store.load, draft_id)
        except DraftNotFound:
            return SendResult(draft_id, Outcome.SKIPPED, message="the draft is gone")
        if draft.state not in (DraftState.QUEUED, DraftState.SENDING):
            return SendResult(draft_id, Outcome.SKIPPED, message=f"it is {draft.state.value}")
        if draft.order_number:  # placed, but the process stopped before it could say so
            await asyncio.to_thread(store.set_state, draft_id, DraftState.SENT, last_error="")
            return SendResult(draft_id, Outcome.SENT, order_number=draft.order_number)
        # 1. revalidate against the platform now
        try:
            quotes, products, stock = await self._fetch(draft)
        except (NotFound, Rejected) as exc:  # e.g. the account is gone: retrying will not help; the user must see it
            text = exc.user_text()
            await asyncio.to_thread(self._finish_refused, draft_id, DraftState.REJECTED, text)
            return SendResult(draft_id, Outcome.REJECTED, message=text)
        except PlatformError as exc:
            return await self._retry_later(draft_id, exc)
        except Exception as exc:  # an adapter bug must not jam the queue: this order waits, the others go on
            return await self._retry_later(draft_id, PlatformError(f"{type(exc).__name__}: {exc}"))
        checks = check_lines(draft.lines, quotes, tolerance=self.tolerance, products=products, stock=stock)
        review = Review(draft, tuple(checks), True, self.clock())
        if review.problems or not draft.lines:
            text = review.summary() or "The order has no lines."
            await asyncio.to_thread(store.set_state, draft_id, DraftState.NEEDS_ATTENTION, last_error=text)
            return SendResult(draft_id, Outcome.NEEDS_ATTENTION, message=text)
        if review.drifted:  # within the tolerance: the order goes out with the price it will be charged
            at = self.clock()
            await asyncio.to_thread(store.set_prices_seen, draft_id, [(c.line.id, c.now, at) for c in review.drifted])
        # 2. send with the stored key (stored now if, unusually, the draft has none yet)
        key = draft.idempotency_key or await asyncio.to_thread(store.set_idempotency_key, draft_id)
        request = await asyncio.to_thread(order_request, store, draft_id)
        await asyncio.to_thread(store.set_state, draft_id, DraftState.SENDING)
        platform = self.desk.platform
        try:
            order = await self.desk._call(lambda: platform.place_order(request, idempotency_key=key),
                                          timeout=self.send_timeout)
        except Rejected as exc:
            text = exc.user_text()
            if exc.field in ("price", "sku", "qty") or exc.sku:
                state, outcome = DraftState.NEEDS_ATTENTION, Outcome.NEEDS_ATTENTION
            else:
                state, outcome = DraftState.REJECTED, Outcome.REJECTED
            await asyncio.to_thread(self._finish_refused, draft_id, state, text)
            return SendResult(draft_id, outcome, message=text)
        except PlatformError as exc:  # unreachable, or an answer we cannot read: the outcome is unknown
            return await self._retry_later(draft_id, exc)
        except Exception as exc:  # an adapter bug: the outcome is unknown too; the same key makes a retry safe
            return await self._retry_later(draft_id, PlatformError(f"{type(exc).__name__}: {exc}"))
        number = order.number  # type: ignore[attr-defined]
        await asyncio.to_thread(self._finish_sent, draft_id, number)
        return SendResult(draft_id, Outcome.SENT, order_number=number)

    def _finish_sent(self, draft_id: int, number: str) -> None:
        self.store.set_order_number(draft_id, number)
        self.store.set_state(draft_id, DraftState.SENT, last_error="")

    def _finish_refused(self, draft_id: int, state: DraftState, text: str) -> None:
        self.store.record_attempt(draft_id, error=text)
        self.store.set_state(draft_id, state, last_error=text)

    async def _retry_later(self, draft_id: int, exc: PlatformError) -> SendResult:
        def record() -> datetime:
            attempts = self.store.outbox_info(draft_id).attempts + 1
            when = self.clock() + timedelta(seconds=self.backoff.delay(attempts, exc.retry_after, self.rng))
            self.store.record_attempt(draft_id, error=exc.message, next_attempt_at=when)
            self.store.set_state(draft_id, DraftState.QUEUED, last_error=exc.message)
            return when

        when = await asyncio.to_thread(record)
        return SendResult(draft_id, Outcome.RETRY, message=f"{exc.message} Next try at {when:%H:%M:%S}.")

    # --- what the user does with a draft that needs attention (thread workers) -------------------------------------

    def _claimed(self, draft_id: int) -> None:
        if not self.store.claim_for_send(draft_id, self.owner, self.lease_seconds):
            raise OutboxBusy("This order is being sent right now; try again in a moment.")

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
                raise OutboxBusy(f"This order is {draft.state.value}; nothing to send again.")
            if not draft.lines:
                raise OutboxBusy("The order has no lines left; delete it instead.")
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
                raise OutboxBusy(f"This order was sent as {draft.order_number}; it cannot be edited.")
            self.store.set_state(draft_id, DraftState.OPEN)
        finally:
            self.store.release_claim(draft_id, self.owner)
        self._changed()


class OutboxBusy(Exception):
    """The draft is claimed by a sender (or in a state that does not allow the change); the text says why."""
