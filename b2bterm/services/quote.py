"""Prices, stock and products for one profile: live through the gateway, else from the local caches with their age.

Every live answer is cached as it arrives (``local/prices.py``), so a later offline answer can say "as of 10:42".
The quick-order pad takes ``quotes`` and ``stock`` as its price and availability providers.

Threading: ``cached_*`` touch SQLite (thread workers); the ``async`` methods hand their SQLite work to threads.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Generic, TypeVar

from b2bterm import clock
from b2bterm.domain.models import Account, Availability, PriceQuote, PriceSource, PriceSourceKind, Product
from b2bterm.domain.money import Money
from b2bterm.domain.record import record
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.prices import PriceCache
from b2bterm.platform.base import Capability, ErrorCode, Offline, PlatformError
from b2bterm.services.gateway import Gateway
from b2bterm.services.price_book import PriceBookService

T = TypeVar("T")


class Relation(enum.StrEnum):
    """How a related product stands to the one shown (the UI words it)."""

    SUPERSEDED_BY = "superseded by"
    SUBSTITUTE = "substitute"
    CROSS_REF = "cross-ref"


class Why(enum.StrEnum):
    """Why an answer is not live (the UI words it)."""

    NO_ACCOUNT = "no_account"  # no account chosen: the list price
    WORKING_OFFLINE = "working_offline"
    UNREACHABLE = "unreachable"  # ``detail`` is the platform's error
    PRICE_BOOK = "price_book"  # computed from the local price book while the live quote is on its way


@record
class Answer(Generic[T]):
    """A value and where it came from: live from the platform, or the local cache (``why`` says why not live;
    ``value`` None with a ``why``: nothing is cached either)."""

    value: T | None
    live: bool
    why: Why | None = None
    detail: str = ""


def check_currency(currency: str | None, quotes: Sequence[PriceQuote]) -> None:
    """A price in another currency than the account's is a malformed answer, never a price (nor cached)."""
    for q in quotes:
        if currency and q.currency != currency:
            raise PlatformError(f"quote: the platform priced {q.sku} in {q.currency} for an account that pays in "
                                f"{currency}; the price is not used.", code=ErrorCode.CURRENCY,
                                values={"sku": q.sku, "currency": q.currency, "expected": currency})


@record
class RowOffer:
    """What a result row shows beside a product: the account's net price and the stock total. ``live`` is False
    when they come from the local cache (the platform was unreachable); ``fetched_at`` is then their age."""

    sku: str
    net: Money | None
    live: bool
    on_hand: int | None = None
    fetched_at: datetime | None = None


def _fresher(a: PriceQuote | None, b: PriceQuote | None) -> PriceQuote | None:
    """Of a cached live quote and a price-book price, the one known later (the book on a tie)."""
    if a is None or b is None:
        return a or b
    at, bt = a.fetched_at, b.fetched_at
    if at is None or bt is None:
        return b if bt is not None else a
    return a if at > bt else b


class QuoteService:
    def __init__(self, gateway: Gateway, catalog: LocalCatalog, prices: PriceCache,
                 book: PriceBookService | None = None) -> None:
        self.gateway = gateway
        self.catalog = catalog
        self.prices = prices
        self.book = book

    # --- products ----------------------------------------------------------------------------------------------------

    async def product(self, sku: str) -> Product | None:
        found = await asyncio.to_thread(self.catalog.products, [sku])
        if sku in found:
            return found[sku]
        if self.gateway.may_call_platform and self.gateway.supports(Capability.PRODUCTS):
            try:
                live = await self.gateway.get_products([sku], quick=True)
            except PlatformError:
                return None
            return live.get(sku)
        return None

    async def product_with_related(self, sku: str) -> tuple[Product | None, list[tuple[str, Product]]]:
        """The product and its substitutes, successor and cross-references, labelled by relation."""
        product = await self.product(sku)
        if product is None:
            return None, []
        wanted: list[tuple[str, str]] = []
        if product.superseded_by:
            wanted.append((Relation.SUPERSEDED_BY, product.superseded_by))
        wanted += [(Relation.SUBSTITUTE, s) for s in product.substitutes]
        wanted += [(Relation.CROSS_REF, s) for s in product.cross_refs]
        found = await asyncio.to_thread(self.catalog.products, [s for _, s in wanted])
        related = [(relation, found[s]) for relation, s in wanted if s in found and s != sku]
        return product, related

    # --- prices ------------------------------------------------------------------------------------------------------

    @staticmethod
    def list_quote(product: Product, qty: int) -> PriceQuote | None:
        if product.list_price is None:
            return None
        return PriceQuote(sku=product.sku, account_id="", qty=qty, list_price=product.list_price,
                          net_price=product.list_price, source=PriceSource(PriceSourceKind.LIST),
                          fetched_at=clock.now())

    async def quotes(self, account_id: str, items: Sequence[tuple[str, int]], *,
                     currency: str | None = None) -> list[PriceQuote]:
        """Live quotes, cached as they arrive; when the platform is unreachable, the cached ones (with their age).
        The price provider of the quick-order pad. ``currency``: the account's (a quote in another is refused)."""
        if not items:
            return []
        try:
            live = await self.gateway.quote(account_id, items)
        except Offline:
            cached = await asyncio.to_thread(self._cached_quotes, account_id, items)
            return [q for q in cached if q is not None]
        check_currency(currency, live)
        await asyncio.to_thread(self.prices.put_quotes, live)
        return live

    def _cached_quotes(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote | None]:
        return [self.cached_quote(account_id, sku, qty) for sku, qty in items]

    def cached_quote(self, account_id: str, sku: str, qty: int) -> PriceQuote | None:
        """What is known locally for qty (thread worker): the cached live quote re-evaluated, or the price-book
        price, whichever is newer, carrying the time it was fetched or the book synced."""
        cached = self.prices.get_quote(account_id, sku, qty)
        quote = replace(cached.quote, fetched_at=cached.fetched_at) if cached else None
        if self.book is not None:
            quote = _fresher(quote, self.book.local_quote(account_id, sku, qty))
        return quote

    def book_quote(self, account: Account | None, sku: str, qty: int) -> Answer[PriceQuote] | None:
        """The price-book price for the account (thread worker), shown while the live quote is on its way; None
        without a book covering the account and SKU."""
        if account is None or self.book is None:
            return None
        found = self.book.local_quote(account.id, sku, qty)
        if found is None or (account.currency and found.currency != account.currency):
            return None
        return Answer(found, live=False, why=Why.PRICE_BOOK)

    def cached_availability(self, sku: str) -> Availability | None:
        cached = self.prices.get_availability(sku)
        return replace(cached.availability, fetched_at=cached.fetched_at) if cached else None

    async def quote_for(self, account: Account | None, sku: str, qty: int) -> Answer[PriceQuote]:
        """The account's price for one SKU and quantity: live with a timeout, else cached with its age."""
        if account is None:
            product = await self.product(sku)
            return Answer(self.list_quote(product, qty) if product else None, live=False, why=Why.NO_ACCOUNT)
        try:
            quotes = await self.gateway.quote(account.id, [(sku, qty)], quick=True)
        except PlatformError as exc:
            cached = await asyncio.to_thread(self.cached_quote, account.id, sku, qty)
            return Answer(cached, live=False, why=self._why_not_live(), detail=exc.message)
        try:
            check_currency(account.currency, quotes)
        except PlatformError as exc:
            return Answer(None, live=False, why=Why.UNREACHABLE, detail=exc.message)
        await asyncio.to_thread(self.prices.put_quotes, quotes)
        return Answer(quotes[0] if quotes else None, live=True)

    def _why_not_live(self) -> Why:
        return Why.UNREACHABLE if self.gateway.may_call_platform else Why.WORKING_OFFLINE

    # --- stock -------------------------------------------------------------------------------------------------------

    async def availability_for(self, sku: str) -> Answer[Availability]:
        try:
            found = await self.gateway.availability([sku], quick=True)
        except PlatformError as exc:
            cached = await asyncio.to_thread(self.cached_availability, sku)
            return Answer(cached, live=False, why=self._why_not_live(), detail=exc.message)
        await asyncio.to_thread(self.prices.put_availability, list(found.values()))
        return Answer(found.get(sku), live=True)

    async def row_offers(self, account_id: str, items: Sequence[tuple[str, int]]) -> dict[str, RowOffer]:
        """The account's net price (for each SKU's quantity, e.g. its MOQ) and the stock total of result rows:
        live, else cached and marked so."""
        if not items:
            return {}
        live = True
        try:
            quotes = await self.gateway.quote(account_id, items)
            await asyncio.to_thread(self.prices.put_quotes, quotes)
        except PlatformError:
            live = False
            cached = await asyncio.to_thread(self._cached_quotes, account_id, items)
            quotes = [q for q in cached if q is not None]
        try:
            found = await self.gateway.availability([s for s, _ in items])
            stock = list(found.values())
            await asyncio.to_thread(self.prices.put_availability, stock)
        except PlatformError:
            live = False
            cached_stock = await asyncio.to_thread(lambda: [self.cached_availability(s) for s, _ in items])
            stock = [a for a in cached_stock if a is not None]
        by_sku = {q.sku: q for q in quotes}
        on_hand = {a.sku: a.on_hand for a in stock}
        out: dict[str, RowOffer] = {}
        for sku, _ in items:
            q = by_sku.get(sku)
            out[sku] = RowOffer(sku, q.net_price if q else None, live, on_hand.get(sku),
                                None if live else (q.fetched_at if q else None))
        return out

    async def stock(self, skus: Sequence[str]) -> list[Availability]:
        """Availability provider of the quick-order pad: live, else cached."""
        try:
            found = await self.gateway.availability(skus)
        except PlatformError:
            cached = await asyncio.to_thread(lambda: [self.cached_availability(s) for s in skus])
            return [a for a in cached if a is not None]
        await asyncio.to_thread(self.prices.put_availability, list(found.values()))
        return list(found.values())
