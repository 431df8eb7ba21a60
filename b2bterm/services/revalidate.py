"""Checking a draft against the platform now: prices within a tolerance, items still sold, enough on hand.

``check_lines`` is pure (the draft's lines against quotes, products and stock). ``Revalidator`` gets those live
through the gateway (raising PlatformError when it cannot) or from the local caches, and caches what it fetched.
The outbox runner revalidates every order before it goes out; the drafts review shows the same checks.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from b2bterm.domain.draft_note import StopKind, StopNote
from b2bterm.domain.models import (
    Availability,
    DraftLine,
    DraftOrder,
    LineStatus,
    PriceQuote,
    Product,
    ProductStatus,
)
from b2bterm.domain.money import Money
from b2bterm.domain.record import record
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.drafts import DraftStore, utcnow
from b2bterm.platform.base import Capability, PlatformError
from b2bterm.services.gateway import Gateway
from b2bterm.services.quote import QuoteService

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


class UnknownWhy(enum.StrEnum):
    """Why the platform does not know a line's item (``Difference.UNKNOWN``)."""

    NOT_SOLD = "not_sold"  # the platform no longer sells it
    NO_QUOTE = "no_quote"  # it quotes no price for it


@record
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
    unknown: UnknownWhy | None = None  # why, for ``Difference.UNKNOWN``

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

    @property
    def what(self) -> str:
        """The line's SKU, or its input when it has none."""
        return self.line.sku or self.line.input


@record
class Review:
    """A draft checked against the platform: live, or from cached prices when it could not be reached."""

    draft: DraftOrder
    checks: tuple[LineCheck, ...]
    live: bool
    checked_at: datetime
    note: str = ""  # why it is not live: the platform's own words ("" when it was not asked)

    @property
    def problems(self) -> list[LineCheck]:
        return [c for c in self.checks if not c.ok]

    @property
    def drifted(self) -> list[LineCheck]:
        return [c for c in self.checks if c.drifted]

    def stop_note(self) -> StopNote:
        """What the outbox keeps with a draft this review stopped: how many lines changed, and the first few."""
        problems = self.problems
        return StopNote(StopKind.CHANGED, len(problems),
                        tuple((c.what, c.difference.value) for c in problems[:4] if c.difference is not None))


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
            out.append(replace(base, difference=Difference.UNKNOWN, unknown=UnknownWhy.NOT_SOLD))
            continue
        if product is not None and product.status is not ProductStatus.ACTIVE:
            out.append(replace(base, difference=Difference.DISCONTINUED, superseded_by=product.superseded_by))
            continue
        quote = quotes.get((line.sku, line.qty))
        if quote is None:
            out.append(replace(base, difference=Difference.UNKNOWN, unknown=UnknownWhy.NO_QUOTE))
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


Fetched = tuple[dict[tuple[str, int], PriceQuote], dict[str, Product] | None, dict[str, Availability] | None]


class Revalidator:
    """A draft's lines against the platform now (or the caches), with the profile's price tolerance."""

    def __init__(self, gateway: Gateway, quotes: QuoteService, catalog: LocalCatalog, drafts: DraftStore, *,
                 tolerance: Callable[[], Decimal] = lambda: DEFAULT_TOLERANCE,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.gateway = gateway
        self.quotes = quotes
        self.catalog = catalog
        self.drafts = drafts
        self.tolerance = tolerance
        self.clock = clock

    async def fetch(self, draft: DraftOrder) -> Fetched:
        """Live quotes, products and stock for the draft's lines; raises PlatformError when they cannot be had."""
        gateway = self.gateway
        items = list(dict.fromkeys((x.sku, x.qty) for x in draft.lines if x.sku and x.qty >= 1))
        skus = list(dict.fromkeys(sku for sku, _ in items))
        if not items:
            return {}, None, None
        quotes = await gateway.quote(draft.account_id, items)
        products = await gateway.get_products(skus) if gateway.supports(Capability.PRODUCTS) else None
        stock = await gateway.availability(skus) if gateway.supports(Capability.AVAILABILITY) else None
        await asyncio.to_thread(self._cache, quotes, stock)
        return {(q.sku, q.qty): q for q in quotes}, products, stock

    def _cache(self, quotes: list[PriceQuote], stock: dict[str, Availability] | None) -> None:
        self.quotes.prices.put_quotes(quotes)
        if stock:
            self.quotes.prices.put_availability(list(stock.values()))

    def cached(self, draft: DraftOrder) -> Fetched:
        """The same from the local caches (thread worker): quotes re-evaluated by quantity, the synced catalog."""
        quotes: dict[tuple[str, int], PriceQuote] = {}
        stock: dict[str, Availability] = {}
        for line in draft.lines:
            if not line.sku or line.qty < 1:
                continue
            quote = self.quotes.cached_quote(draft.account_id, line.sku, line.qty)
            if quote is not None:
                quotes[(line.sku, line.qty)] = quote
            avail = self.quotes.cached_availability(line.sku)
            if avail is not None:
                stock[line.sku] = avail
        skus = [x.sku for x in draft.lines if x.sku]
        products = self.catalog.products(skus) if skus else {}
        return quotes, products or None, stock or None

    def check(self, draft: DraftOrder, fetched: Fetched, *, live: bool, note: str = "") -> Review:
        quotes, products, stock = fetched
        checks = check_lines(draft.lines, quotes, tolerance=self.tolerance(), products=products, stock=stock)
        return Review(draft, tuple(checks), live, self.clock(), note=note)

    async def review(self, draft_id: int, *, live: bool = True) -> Review:
        """The draft checked against the platform now; from the caches when it cannot be reached (``live`` False
        on the result, with the reason)."""
        draft = await asyncio.to_thread(self.drafts.load, draft_id)
        note = ""
        if live:
            try:
                return self.check(draft, await self.fetch(draft), live=True)
            except PlatformError as exc:
                note = exc.message
        fetched = await asyncio.to_thread(self.cached, draft)
        return self.check(draft, fetched, live=False, note=note)
