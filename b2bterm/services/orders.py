"""Orders and tracking: every order of an account, where each shipment is, and one key to order it again.

The use case both the TUI and the CLI call (no Textual, no sqlite3 here): it pages the platform's order list into
the local cache (``local/orders.py``), reads orders live and falls back to the cached copy with its age, watches
orders the user looked at and tells when one changes, rebuilds an order as a new quick-order draft at today's
prices, and sums an account's spend per month.

Threading: ``local_*`` methods touch SQLite (thread workers); ``async`` methods call the platform (async workers)
and hand their SQLite work to threads themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from b2bterm import clock as b2bclock
from b2bterm.domain.models import LineStatus, NewLine, Order, OrderLine, OrderStatus, PriceQuote, Shipment
from b2bterm.domain.money import Money
from b2bterm.domain.order_filter import (
    OrderFilter,
    OrderPage,
    OrderQuery,
    parse_day,
    parse_filter,
    parse_status,
    query_for,
)
from b2bterm.domain.price_note import PriceNote, PriceNoteKind, read_price_notes
from b2bterm.domain.record import record
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.local.order_window import OrderWindow
from b2bterm.local.orders import ALL_ACCOUNTS, CachedSummary, OrderCache, SummaryRows, SyncState
from b2bterm.platform.base import Capability, ErrorCode, Offline, PlatformError, Unsupported
from b2bterm.services.gateway import Gateway
from b2bterm.services.quote import QuoteService

__all__ = ["ALL_ACCOUNTS", "CachedSummary", "OrderBook", "OrderFilter", "OrderWindow", "SummaryRows", "parse_day",
           "parse_filter",
           "parse_status"]

PAGE_SIZE = 500
NO_FILTER = OrderFilter()
FIND_LIMIT = 5000  # a platform search ("orders containing X") stops after this many orders
FINAL_STATUSES = frozenset({OrderStatus.DELIVERED, OrderStatus.CANCELLED})
WATCH_CHECK_LIMIT = 40  # watched orders re-read per refresh (the most recently watched first)
INSIGHT_FETCH_LIMIT = 200  # whole orders fetched to find an account's top items
BUY_AGAIN_ORDERS = 60  # the account's newest orders read (fetched whole when missing) to find what it buys again


# --- answers ---------------------------------------------------------------------------------------------------------


@record
class Listing:
    """What the order list shows: cached summaries (newest first) and how fresh the cache is."""

    rows: Sequence[CachedSummary]  # counted, read a page at a time and decoded as shown (local.order_window)
    sync: SyncState
    cached: int  # orders of this scope in the cache
    note: str = ""


@record
class RefreshResult:
    pages: int
    fetched: int
    total: int | None
    complete: bool


@record
class OrderAnswer:
    order: Order
    fetched_at: datetime
    live: bool
    note: str = ""  # why it is not live (English, for logs: ``error`` says it typed)
    error: PlatformError | None = None  # the platform's error that made it answer from the cache


class ChangeKind:
    STATUS = "status"
    SHIPMENT = "shipment"


@record
class OrderChange:
    number: str
    kind: str  # ChangeKind
    old_status: OrderStatus
    new_status: OrderStatus
    shipment: Shipment | None = None

    def text(self) -> str:
        if self.kind == ChangeKind.SHIPMENT and self.shipment is not None:
            s = self.shipment
            return f"Order {self.number}: new shipment {s.carrier or 'unknown carrier'} {s.tracking_number}".strip()
        return f"Order {self.number} is now {status_text(self.new_status)} (was {status_text(self.old_status)})."


@record
class ReorderLine:
    sku: str
    model: str
    name: str
    qty: int
    was: Money  # unit, tax-exclusive, on the old order
    now: Money | None  # unit, tax-exclusive, today; None when no price could be had
    in_catalog: bool = True

    @property
    def changed(self) -> bool:
        return self.now is not None and self.now.amount != self.was.amount

    @property
    def change_pct(self) -> Decimal | None:
        if self.now is None or not self.was.amount:
            return None
        return ((self.now.amount - self.was.amount) / self.was.amount * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@record
class ReorderResult:
    draft_id: int
    order_number: str
    lines: tuple[ReorderLine, ...]
    live_prices: bool

    @property
    def changed(self) -> int:
        return sum(1 for x in self.lines if x.changed)

    @property
    def unpriced(self) -> int:
        return sum(1 for x in self.lines if x.now is None)


@record
class TopItem:
    sku: str
    model: str
    name: str
    qty: int
    spend: Money  # tax-exclusive
    orders: int


@record
class FrequentItem:
    """An item an account buys again and again: how often, and the last time (qty, unit price paid, date)."""

    sku: str
    model: str
    name: str
    times: int  # orders it was on
    last_qty: int
    last_price: Money  # unit, tax-exclusive, on the last order
    last_date: date
    last_order: str


@record
class Insight:
    account_id: str
    months: tuple[tuple[date, Money], ...]  # first day of the month, spend incl. tax (cancelled orders left out)
    top_items: tuple[TopItem, ...]
    orders: int  # orders in the window
    orders_read: int  # of those, whole orders read for the top items
    as_of: datetime | None = None  # when the list was last refreshed

    @property
    def total(self) -> Money:
        cur = self.months[0][1].currency if self.months else "CNY"
        return Money(sum((m.amount for _, m in self.months), Decimal(0)), cur)


STATUS_TEXT = {
    OrderStatus.PENDING: "pending", OrderStatus.CONFIRMED: "confirmed", OrderStatus.PROCESSING: "processing",
    OrderStatus.PARTIALLY_SHIPPED: "partly shipped", OrderStatus.SHIPPED: "shipped",
    OrderStatus.DELIVERED: "delivered", OrderStatus.CANCELLED: "cancelled", OrderStatus.ON_HOLD: "on hold",
    OrderStatus.UNKNOWN: "unknown status",
}


def status_text(status: OrderStatus) -> str:
    return STATUS_TEXT.get(status, status.value)


def shipped_state(lines: int, shipped_lines: int, backordered: bool, status: OrderStatus) -> str:
    """"shipped", "3/5 shipped", "backordered", or "" (nothing shipped yet)."""
    if backordered:
        return "backordered" if not shipped_lines else f"{shipped_lines}/{lines} shipped · backordered"
    if lines and shipped_lines >= lines:
        return "all shipped"
    if shipped_lines:
        return f"{shipped_lines}/{lines} shipped"
    return "cancelled" if status is OrderStatus.CANCELLED else "not shipped"


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last ``months`` months, oldest first, ending with today's month."""
    out: list[date] = []
    y, m = today.year, today.month
    for _ in range(months):
        out.append(date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


# --- the use case ----------------------------------------------------------------------------------------------------


class OrderHost(Protocol):
    """What the order book stands on (the desk provides it)."""

    @property
    def db(self) -> Database: ...

    @property
    def gateway(self) -> Gateway: ...

    @property
    def pricing(self) -> QuoteService: ...

    @property
    def catalog(self) -> LocalCatalog: ...

    @property
    def drafts(self) -> DraftStore: ...


@dataclass
class OrderBook:
    desk: OrderHost
    clock: Callable[[], datetime] = field(default=b2bclock.now)

    def __post_init__(self) -> None:
        self.cache = OrderCache(self.desk.db, clock=self.clock)
        self.gateway = self.desk.gateway
        self._refresh_lock = asyncio.Lock()

    @staticmethod
    def scope(account_id: str | None) -> str:
        return account_id or ALL_ACCOUNTS

    def _check(self, capability: Capability, what: str) -> None:
        if not self.gateway.supports(capability):
            name = self.gateway.platform.name
            english = {"order_list": "an order list", "order_details": "order details"}.get(what, what)
            raise Unsupported(f"This platform ({name}) does not offer {english}.", code=ErrorCode.UNSUPPORTED,
                              values={"platform": name, "what": what})

    # --- the list (thread) -----------------------------------------------------------------------------------------

    def local_orders(self, account_id: str | None, f: OrderFilter = NO_FILTER,
                     numbers: Sequence[str] | None = None) -> Listing:
        rows = self.cache.window(account_id, f, numbers=numbers)
        cached = len(rows) if f.empty and numbers is None else self.cache.count(account_id)
        return Listing(rows, self.cache.sync_state(self.scope(account_id)), cached)

    # --- the list (platform) ---------------------------------------------------------------------------------------

    async def _page(self, query: OrderQuery) -> OrderPage:
        return await self.gateway.list_orders(query)

    async def refresh_list(self, account_id: str | None,
                           on_page: Callable[[int, int, int | None], None] | None = None) -> RefreshResult:
        """Bring the cached list of a scope up to date. The first time, the whole history is paged in (resumable:
        the cursor is stored after each page); afterwards, newest first until the pages hold nothing new and reach
        past the oldest order still open. ``on_page(pages, fetched, total)`` is called after each stored page."""
        self._check(Capability.LIST_ORDERS, "order_list")
        async with self._refresh_lock:
            scope = self.scope(account_id)
            state = await asyncio.to_thread(self.cache.sync_state, scope)
            pages = fetched = 0
            total: int | None = state.total
            resumed = state.cursor is not None
            if not state.complete:
                cursor = state.cursor
                while True:
                    page = await self._page(query_for(account_id, OrderFilter(), cursor, PAGE_SIZE))
                    await asyncio.to_thread(self.cache.put_summaries, page.orders)
                    pages, fetched, total = pages + 1, fetched + len(page.orders), page.total
                    cursor = page.next_cursor
                    state = replace(state, cursor=cursor, total=total, complete=cursor is None)
                    await asyncio.to_thread(self.cache.set_sync_state, state)
                    if on_page:
                        on_page(pages, fetched, total)
                    if cursor is None:
                        break
                if not resumed:
                    state = replace(state, refreshed_at=self.clock())
                    await asyncio.to_thread(self.cache.set_sync_state, state)
                    return RefreshResult(pages, fetched, total, True)
            oldest_open, _n = await asyncio.to_thread(self.cache.open_numbers, account_id)
            cursor = None
            while True:
                page = await self._page(query_for(account_id, OrderFilter(), cursor, PAGE_SIZE))
                known = await asyncio.to_thread(self._known, page)
                await asyncio.to_thread(self.cache.put_summaries, page.orders)
                pages, fetched, total = pages + 1, fetched + len(page.orders), page.total
                if on_page:
                    on_page(pages, fetched, total)
                cursor = page.next_cursor
                if cursor is None or not page.orders:
                    break
                oldest_here = min(_utc_key(s.placed_at) for s in page.orders)
                if known and (oldest_open is None or oldest_here < oldest_open):
                    break
            state = replace(state, refreshed_at=self.clock(), total=total, complete=True, cursor=None)
            await asyncio.to_thread(self.cache.set_sync_state, state)
            return RefreshResult(pages, fetched, total, True)

    def _known(self, page: OrderPage) -> bool:
        """Every order of the page is cached with the same status (nothing new on it)."""
        for s in page.orders:
            cached = self.cache.summary(s.number)
            if cached is None or cached.summary.status is not s.status:
                return False
        return True

    async def find(self, account_id: str | None, f: OrderFilter) -> list[str]:
        """Ask the platform for the orders matching ``f`` (for "contains SKU", which the cache cannot answer for
        orders never opened); their summaries are cached; returns their numbers, newest first."""
        self._check(Capability.LIST_ORDERS, "order_list")
        numbers: list[str] = []
        cursor: str | None = None
        while len(numbers) < FIND_LIMIT:
            page = await self._page(query_for(account_id, f, cursor, limit=1000))
            await asyncio.to_thread(self.cache.put_summaries, page.orders)
            numbers += [s.number for s in page.orders]
            cursor = page.next_cursor
            if cursor is None:
                break
        return numbers

    # --- one order -------------------------------------------------------------------------------------------------

    async def order(self, number: str, *, watch: bool = True) -> OrderAnswer:
        """The whole order, live (then cached and, with ``watch``, watched for changes); when the platform cannot be
        reached, the cached copy with its age. Raises the platform's error when nothing is cached."""
        number = number.strip()
        try:
            self._check(Capability.GET_ORDER, "order_details")
            order = await self.gateway.get_order(number)
        except PlatformError as exc:
            cached = await asyncio.to_thread(self.cache.get_order, number)
            if cached is None or not isinstance(exc, (Offline, Unsupported)):
                raise
            reason = "working offline" if not self.gateway.may_call_platform else exc.message
            return OrderAnswer(cached.order, cached.fetched_at, live=False, note=reason, error=exc)
        now = self.clock()
        await asyncio.to_thread(self._store, order, now, watch)
        return OrderAnswer(order, now, live=True)

    def _store(self, order: Order, at: datetime, watch: bool) -> None:
        self.cache.put_order(order, fetched_at=at)
        if watch:
            self.cache.watch(order)

    def local_order(self, number: str) -> OrderAnswer | None:
        cached = self.cache.get_order(number.strip())
        return None if cached is None else OrderAnswer(cached.order, cached.fetched_at, live=False, note="cached")

    # --- changes of watched orders ---------------------------------------------------------------------------------

    async def check_watched(self, limit: int = WATCH_CHECK_LIMIT) -> list[OrderChange]:
        """Re-read the watched orders that may still change; return what changed since the user last saw them
        (status, new shipments). Stops quietly when the platform is out of reach."""
        if not self.gateway.supports(Capability.GET_ORDER) or not self.gateway.may_call_platform:
            return []
        watches = await asyncio.to_thread(self.cache.watched)
        changes: list[OrderChange] = []
        for w in [w for w in watches if w.status not in FINAL_STATUSES][:limit]:
            try:
                order = await self.gateway.get_order(w.number)
            except Offline:
                break
            except PlatformError:
                continue
            if order.status is not w.status:
                changes.append(OrderChange(order.number, ChangeKind.STATUS, w.status, order.status))
            if len(order.shipments) > w.shipments:
                newest = max(order.shipments, key=lambda s: (s.shipped_at is not None, s.shipped_at or self.clock()))
                changes.append(OrderChange(order.number, ChangeKind.SHIPMENT, w.status, order.status, newest))
            await asyncio.to_thread(self._store, order, self.clock(), True)
        return changes

    # --- order again -----------------------------------------------------------------------------------------------

    async def reorder(self, order: Order, line_indexes: Sequence[int] | None = None) -> ReorderResult:
        """A new quick-order draft with the order's lines (or the chosen ones) at today's prices for the account;
        each line whose price differs from last time says so in its message."""
        chosen = [order.lines[i] for i in sorted(set(line_indexes))] if line_indexes else list(order.lines)
        chosen = [x for x in chosen if x.qty > 0 and x.sku]
        if not chosen:
            raise ValueError("Nothing to order again: choose at least one line with a quantity.")
        lines, new, live = await self.priced_lines(
            order.account_id, [(x.sku, x.model, x.name, x.qty, x.unit_price) for x in chosen], order.number)
        title = f"Reorder of {order.number}" + (f" (PO {order.po_number})" if order.po_number else "")
        draft_id = await asyncio.to_thread(self._new_draft, order.account_id, title, new)
        return ReorderResult(draft_id, order.number, tuple(lines), live)

    async def priced_lines(self, account_id: str, items: Sequence[tuple[str, str, str, int, Money]],
                           where: str | Callable[[str], str]) -> tuple[list[ReorderLine], list[NewLine], bool]:
        """Lines bought before (sku, model, name, qty, unit price paid) as draft lines at today's prices for the
        account; each line whose price differs from what was paid says so (``where``: the order number, or a
        function of the SKU giving it, e.g. the date it was last bought). Also says whether the prices are live."""
        wanted = list(dict.fromkeys((sku, qty) for sku, _m, _n, qty, _p in items))
        live = self.gateway.may_call_platform
        try:
            quotes = await self.desk.pricing.quotes(account_id, wanted)
        except PlatformError:
            quotes, live = [], False
        live = live and all(q.fetched_at is None or (self.clock() - q.fetched_at).total_seconds() < 600 for q in quotes)
        by_item: dict[tuple[str, int], PriceQuote] = {(q.sku, q.qty): q for q in quotes}
        known = await asyncio.to_thread(self.desk.catalog.products, [sku for sku, *_rest in items])
        lines: list[ReorderLine] = []
        new: list[NewLine] = []
        for sku, model, name, qty, paid in items:
            q = by_item.get((sku, qty))
            rl = ReorderLine(sku, model, name, qty, paid, q.net_price if q else None, sku in known)
            lines.append(rl)
            new.append(NewLine(
                input=model or sku, qty=qty, sku=sku if rl.in_catalog else "",
                status=LineStatus.RESOLVED if rl.in_catalog else LineStatus.UNKNOWN,
                message=reorder_message(rl, where(sku) if callable(where) else where),
                unit_price_seen=rl.now, price_seen_at=(q.fetched_at or self.clock()) if q else None))
        return lines, new, live

    # --- buy again -------------------------------------------------------------------------------------------------

    async def buy_again(self, account_id: str, *, months: int = 18, top: int = 40,
                        fetch: bool = True) -> list[FrequentItem]:
        """The account's most frequently bought items (times ordered, then most recent) on its newest
        ``BUY_AGAIN_ORDERS`` orders of the last ``months`` months: from the cached list (paged in first when it never
        was) and whole orders (the missing ones fetched when online). Cancelled orders are left out."""
        since = month_starts(self.clock().date(), months)[0]
        state = await asyncio.to_thread(self.cache.sync_state, self.scope(account_id))
        if (fetch and state.refreshed_at is None and self.gateway.may_call_platform
                and self.gateway.supports(Capability.LIST_ORDERS)):
            try:
                await self.refresh_list(account_id)
            except PlatformError:
                pass  # work from what is cached
        window = await asyncio.to_thread(self.cache.query, account_id, OrderFilter(since=since))
        window = [c for c in window if c.summary.status is not OrderStatus.CANCELLED][:BUY_AGAIN_ORDERS]
        orders = await self._whole_orders(account_id, since, [c.summary.number for c in window], fetch,
                                          BUY_AGAIN_ORDERS)
        numbers = {c.summary.number for c in window}
        return frequent_items([o for n, o in orders.items() if n in numbers], top)

    async def whole_orders(self, account_id: str, numbers: Sequence[str], *, fetch: bool = True,
                           limit: int = INSIGHT_FETCH_LIMIT) -> list[Order]:
        """The orders ``numbers`` of the account with their lines, in that order: cached ones, and (online, with
        ``fetch``) up to ``limit`` missing ones read from the platform. Orders that could not be had are left out."""
        found = await self._whole_orders(account_id, date(1, 1, 1), numbers, fetch, limit)
        return [found[n] for n in numbers if n in found]

    async def _whole_orders(self, account_id: str, since: date, numbers: Sequence[str], fetch: bool,
                            limit: int) -> dict[str, Order]:
        """Cached whole orders of the account since ``since``, plus (online, with ``fetch``) up to ``limit`` of
        ``numbers`` that are not cached yet, read from the platform in the order given."""
        orders = {o.number: o for o in await asyncio.to_thread(self.cache.orders, account_id, since=since)}
        if fetch and self.gateway.may_call_platform and self.gateway.supports(Capability.GET_ORDER):
            for number in [n for n in numbers if n not in orders][:limit]:
                try:
                    answer = await self.order(number, watch=False)
                except Offline:
                    break
                except PlatformError:
                    continue
                orders[number] = answer.order
        return orders

    def _new_draft(self, account_id: str, title: str, lines: list[NewLine]) -> int:
        draft = self.desk.drafts.create(account_id, title=title)
        self.desk.drafts.add_lines(draft.id, lines)
        return draft.id

    # --- customer insight ------------------------------------------------------------------------------------------

    async def insight(self, account_id: str, *, months: int = 18, today: date | None = None,
                      fetch: bool = True, top: int = 10) -> Insight:
        """Spend per month (incl. tax) over the last ``months`` months from the cached list, and the account's top
        items by net spend from whole orders (the missing ones are fetched when online, up to a limit)."""
        today = today or self.clock().astimezone().date()  # the user's day, in the machine's zone
        starts = month_starts(today, months)
        window = await asyncio.to_thread(self.cache.query, account_id, OrderFilter(since=starts[0]))
        window = [c for c in window if c.summary.status is not OrderStatus.CANCELLED]
        cur = window[0].summary.total.currency if window else "CNY"
        per: dict[date, Decimal] = {m: Decimal(0) for m in starts}
        for c in window:
            key = c.summary.placed_at.astimezone().date().replace(day=1)
            if key in per:
                per[key] += c.summary.total.amount
        orders = await self._whole_orders(account_id, starts[0], [c.summary.number for c in window], fetch,
                                          INSIGHT_FETCH_LIMIT)
        in_window = {c.summary.number for c in window}
        top_items = top_items_of([o for n, o in orders.items() if n in in_window], top)
        state = await asyncio.to_thread(self.cache.sync_state, account_id)
        return Insight(account_id, tuple((m, Money(per[m], cur)) for m in starts), tuple(top_items), len(window),
                       len(in_window & orders.keys()), state.refreshed_at)


def top_items_of(orders: Sequence[Order], top: int = 10) -> list[TopItem]:
    spend: dict[str, Decimal] = {}
    qty: dict[str, int] = {}
    count: dict[str, int] = {}
    seen: dict[str, OrderLine] = {}
    currency = orders[0].total.currency if orders else "CNY"
    for o in orders:
        for sku in {x.sku for x in o.lines}:
            count[sku] = count.get(sku, 0) + 1
        for x in o.lines:
            spend[x.sku] = spend.get(x.sku, Decimal(0)) + x.extended.amount
            qty[x.sku] = qty.get(x.sku, 0) + x.qty
            seen.setdefault(x.sku, x)
    ranked = sorted(spend, key=lambda s: (-spend[s], s))[:top]
    return [TopItem(s, seen[s].model, seen[s].name, qty[s], Money(spend[s], currency), count[s]) for s in ranked]


def frequent_items(orders: Sequence[Order], top: int = 40) -> list[FrequentItem]:
    """Items by the number of orders they were on (then the most recently bought first), with the last order's
    quantity and unit price."""
    count: dict[str, int] = {}
    last: dict[str, tuple[Order, OrderLine]] = {}
    for o in sorted(orders, key=lambda o: _utc_key(o.placed_at)):
        for sku in {x.sku for x in o.lines if x.sku and x.qty > 0}:
            count[sku] = count.get(sku, 0) + 1
        for x in o.lines:
            if x.sku and x.qty > 0:
                last[x.sku] = (o, x)
    ranked = sorted(count, key=lambda s: (_utc_key(last[s][0].placed_at), s), reverse=True)  # newest first
    ranked = sorted(ranked, key=lambda s: -count[s])  # stable: the most often bought first, newest within a count
    out: list[FrequentItem] = []
    for s in ranked[:top]:
        o, x = last[s]
        out.append(FrequentItem(s, x.model, x.name, count[s], x.qty, x.unit_price, o.placed_at.date(), o.number))
    return out


def price_note(message: str) -> tuple[PriceNote, ...]:
    """The notes in a line's message that say today's price differs from what was paid (reorder, buy again) or is a
    quotation's."""
    return read_price_notes(message)


def reorder_note(line: ReorderLine, order_number: str) -> PriceNote | None:
    was = line.was.format()
    if not line.in_catalog:
        return PriceNote(PriceNoteKind.GONE, order_number, was)
    if line.now is None:
        return PriceNote(PriceNoteKind.NO_PRICE, order_number, was)
    if line.changed:
        return PriceNote(PriceNoteKind.CHANGED, order_number, was, line.now.format(), line.change_pct)
    return None


def reorder_message(line: ReorderLine, order_number: str) -> str:
    """The stored form of the line's price note ("" when it has none)."""
    note = reorder_note(line, order_number)
    return note.stored() if note is not None else ""


def _utc_key(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="microseconds")
