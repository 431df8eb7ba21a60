"""What tells an ambiguous line's candidates apart: this account's price at the line's quantity and the stock of
each, asked at once (one failing leaves the other)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import field

from b2bterm.domain.models import Availability, DraftLine, PriceQuote
from b2bterm.domain.quantity import MAX_QTY
from b2bterm.domain.record import record

PriceProvider = Callable[[str, list[tuple[str, int]]], Awaitable[list[PriceQuote]]]
AvailabilityProvider = Callable[[list[str]], Awaitable[list[Availability]]]


@record
class CandidateOffers:
    """Prices (at ``qty``) and stock of an ambiguous line's candidates, by SKU, and what failed, if anything."""

    qty: int
    quotes: dict[str, PriceQuote] = field(default_factory=dict)
    stock: dict[str, Availability] = field(default_factory=dict)
    price_error: str = ""
    stock_error: str = ""


def offer_qty(qty: int) -> int:
    """The quantity an ambiguous line's candidates are priced at: the line's, or 1 while the line's is in error."""
    return qty if 1 <= qty <= MAX_QTY else 1


async def candidate_offers(prices: PriceProvider, availability: AvailabilityProvider | None, account_id: str,
                           line: DraftLine) -> CandidateOffers:
    """The account's price at the line's quantity and the stock of each candidate of an ambiguous line: what
    tells five brands of one cable apart. Both are asked at once; one failing leaves the other."""
    skus = list(line.candidates)
    qty = offer_qty(line.qty)
    if not skus:
        return CandidateOffers(qty)

    async def no_stock() -> list[Availability]:
        return []

    stock_call = availability(skus) if availability is not None else no_stock()
    quotes, stock = await asyncio.gather(prices(account_id, [(s, qty) for s in skus]), stock_call,
                                         return_exceptions=True)
    for r in (quotes, stock):
        if isinstance(r, BaseException) and not isinstance(r, Exception):
            raise r  # cancelled: the pick list went away
    return CandidateOffers(
        qty,
        {q.sku: q for q in quotes} if isinstance(quotes, list) else {},
        {a.sku: a for a in stock} if isinstance(stock, list) else {},
        price_error=_error_text(quotes),
        stock_error=_error_text(stock),
    )


def _error_text(result: object) -> str:
    if not isinstance(result, Exception):
        return ""
    return str(result) or result.__class__.__name__
