"""The order pad: the quick-order use case the TUI and the CLI call (no Textual, no sqlite3, no httpx here).

An ``OrderPad`` edits one draft. Every edit is saved through ``DraftStore`` (committed before the method returns)
and can be undone; undo is saved the same way. Prices and stock come from async providers and are cached on the pad;
the price the user saw is recorded on each line.

SQLite calls are synchronous and short: call the sync methods from a thread worker, ``reprice``/``refresh_stock``
from an async worker.
"""

from __future__ import annotations

import asyncio
import enum
import math
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

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
    StockState,
    price_for_qty,
    stock_state,
    with_tax,
)
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import quoted_price_holds
from b2bterm.local.drafts import DraftStore, NewLine, utcnow
from b2bterm.orders import price_note
from b2bterm.quickorder.lookup import CodeLookup
from b2bterm.quickorder.parser import MAX_QTY, IgnoredLine, parse_order_text
from b2bterm.quickorder.resolve import ResolvedLine, resolve_lines

PriceProvider = Callable[[str, list[tuple[str, int]]], Awaitable[list[PriceQuote]]]
AvailabilityProvider = Callable[[list[str]], Awaitable[list[Availability]]]

UNDO_LIMIT = 200
_PACKAGE_UNITS = frozenset({"盒", "箱", "包", "套", "袋", "box", "boxes", "pack", "packs", "set", "sets"})
_SEP = " · "


class DraftLocked(Exception):
    """The draft is no longer open (queued, being sent or sent): it cannot be edited here."""


class ProblemKind(enum.StrEnum):
    QTY_ERROR = "qty_error"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    BELOW_MOQ = "below_moq"
    NOT_PACK_MULTIPLE = "not_pack_multiple"
    OUT_OF_STOCK = "out_of_stock"
    SHORT = "short"  # some in stock, not enough
    DISCONTINUED = "discontinued"


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    text: str  # for the user: what is wrong and what to do

    @property
    def fixable_by_round_up(self) -> bool:
        return self.kind in (ProblemKind.BELOW_MOQ, ProblemKind.NOT_PACK_MULTIPLE)


@dataclass(frozen=True, slots=True)
class AddResult:
    added: tuple[DraftLine, ...]
    merged: tuple[DraftLine, ...]  # lines already on the pad whose quantity grew (after the change)
    ignored: tuple[IgnoredLine, ...] = ()  # pasted lines that were not order lines, with the reason
    resolved: tuple[ResolvedLine, ...] = ()

    def count(self, status: LineStatus) -> int:
        return sum(1 for r in self.resolved if r.status is status)


@dataclass(frozen=True, slots=True)
class PadRow:
    """One line as a screen shows it."""

    line_id: int
    position: int
    input: str
    status: LineStatus
    sku: str
    model: str
    brand: str
    name: str
    name_zh: str
    qty: int
    unit: str
    unit_price: Money | None  # tax-exclusive, tier for this qty applied
    unit_price_incl_tax: Money | None
    extended: Money | None  # tax-exclusive
    extended_incl_tax: Money | None
    price_stale: bool  # quantity changed since the quote: reprice to confirm the tier
    stock: StockState
    problems: tuple[Problem, ...]
    candidates: tuple[str, ...]  # SKUs of an ambiguous line: ``OrderPad.candidate_products`` reads them
    message: str
    price_note: str = ""  # where today's price differs from what was paid (a reorder or buy-again line)


@dataclass(frozen=True, slots=True)
class Totals:
    net: Money
    tax: Money
    gross: Money  # tax-inclusive (含税)
    priced_lines: int
    unpriced_lines: int


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class _Undo:
    label: str
    added_ids: tuple[int, ...]
    before: tuple[DraftLine, ...]


class OrderPad:
    def __init__(
        self,
        store: DraftStore,
        lookup: CodeLookup,
        draft_id: int,
        *,
        prices: PriceProvider,
        availability: AvailabilityProvider | None = None,
        clock: Callable[[], datetime] = utcnow,
        currency: str = "CNY",
    ) -> None:
        self.store = store
        self.lookup = lookup
        self.draft_id = draft_id
        self._prices = prices
        self._availability = availability
        self._clock = clock
        self.currency = currency
        self._undo: list[_Undo] = []
        self._products: dict[str, Product] = {}
        self._quotes: dict[tuple[str, int], PriceQuote] = {}
        self._latest_quote: dict[str, PriceQuote] = {}
        self._stock: dict[str, Availability] = {}
        self._draft = store.load(draft_id)
        self._lines: dict[int, DraftLine] = {x.id: x for x in self._draft.lines}
        self._fetch_products(self._skus_needed(self._lines.values()))

    @classmethod
    def create(
        cls,
        store: DraftStore,
        lookup: CodeLookup,
        account_id: str,
        *,
        prices: PriceProvider,
        availability: AvailabilityProvider | None = None,
        title: str = "",
        clock: Callable[[], datetime] = utcnow,
    ) -> OrderPad:
        draft = store.create(account_id, title=title)
        return cls(store, lookup, draft.id, prices=prices, availability=availability, clock=clock)

    # --- state -------------------------------------------------------------------------------------------------

    @property
    def account_id(self) -> str:
        return self._draft.account_id

    @property
    def draft(self) -> DraftOrder:
        """The header as loaded plus the pad's current lines."""
        return replace(self._draft, lines=self.draft_lines())

    def draft_lines(self) -> tuple[DraftLine, ...]:
        return tuple(sorted(self._lines.values(), key=lambda x: (x.position, x.id)))

    def line(self, line_id: int) -> DraftLine:
        try:
            return self._lines[line_id]
        except KeyError:
            raise KeyError(f"line {line_id} is not on this order pad") from None

    def reload(self) -> None:
        """Re-read the draft from the store (after another window changed the header or state)."""
        self._draft = self.store.load(self.draft_id)
        self._lines = {x.id: x for x in self._draft.lines}
        self._fetch_products(self._skus_needed(self._lines.values()))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def _check_open(self) -> None:
        if self._draft.state is not DraftState.OPEN:
            raise DraftLocked(
                f"This order is {self._draft.state.value.replace('_', ' ')} and can no longer be edited. "
                "Copy it to a new draft to change it."
            )

    def _skus_needed(self, lines: Iterable[DraftLine]) -> list[str]:
        """Products the rows show: a resolved line's. An ambiguous line's candidates wait for its pick list."""
        return [s for s in dict.fromkeys(x.sku for x in lines if x.sku) if s not in self._products]

    def _fetch_products(self, skus: list[str]) -> None:
        if skus:
            self._products.update(self.lookup.products(skus))

    def _push(self, label: str, added_ids: Sequence[int], before: Sequence[DraftLine]) -> None:
        self._undo.append(_Undo(label, tuple(added_ids), tuple(before)))
        del self._undo[:-UNDO_LIMIT]

    def _put(self, label: str, before: DraftLine, after: DraftLine) -> DraftLine:
        self.store.write_lines(self.draft_id, put=[after])
        self._lines[after.id] = after
        self._push(label, (), (before,))
        return after

    # --- edits -------------------------------------------------------------------------------------------------

    def add_text(self, text: str, *, merge: bool = True) -> AddResult:
        """Parse, resolve and save every order line of ``text`` in one transaction. With ``merge``, a SKU that is
        already on the pad (or repeated in the paste) adds to that line's quantity."""
        self._check_open()
        parsed = parse_order_text(text)
        resolved = resolve_lines(self.lookup, parsed.lines, account_id=self.account_id, merge=merge,
                                 candidate_products=False)
        for r in resolved:
            if r.product is not None:
                self._products[r.sku] = r.product
            for c in r.candidates:
                if c.product is not None:
                    self._products[c.sku] = c.product
        new = [
            NewLine(input=r.input, qty=r.qty, sku=r.sku, status=r.status,
                    candidates=tuple(c.sku for c in r.candidates), message=self._message_for(r))
            for r in resolved
        ]
        mergeable = [r.status is LineStatus.RESOLVED and not r.qty_error for r in resolved]
        added, updated = self._add(new, mergeable, merge=merge)
        return AddResult(tuple(added), tuple(updated), tuple(parsed.ignored), tuple(resolved))

    def add_lines(self, lines: Sequence[NewLine], *, merge: bool = True) -> AddResult:
        """Add ready-made lines (buy again, a saved list) the way a paste adds them: one transaction, merged with
        the same SKU already on the pad when ``merge``, and one undo step."""
        self._check_open()
        self._fetch_products([x.sku for x in lines if x.sku and x.sku not in self._products])
        mergeable = [x.status is LineStatus.RESOLVED and bool(x.sku) and x.qty >= 1 for x in lines]
        added, updated = self._add(list(lines), mergeable, merge=merge)
        return AddResult(tuple(added), tuple(updated))

    def _add(self, new: Sequence[NewLine], mergeable: Sequence[bool], *, merge: bool
             ) -> tuple[list[DraftLine], list[DraftLine]]:
        """Write ``new`` (one transaction); with ``merge`` a mergeable line adds to the pad's line of its SKU."""
        existing: dict[str, DraftLine] = {}
        if merge:
            for x in self.draft_lines():
                if x.status is LineStatus.RESOLVED and x.sku and 1 <= x.qty and x.sku not in existing:
                    existing[x.sku] = x
        fresh: list[NewLine] = []
        before: list[DraftLine] = []
        updated: dict[int, DraftLine] = {}
        for line, can_merge in zip(new, mergeable, strict=True):
            target = existing.get(line.sku) if can_merge else None
            if target is not None:
                current = updated.get(target.id, target)
                if target.id not in updated:
                    before.append(target)
                updated[target.id] = replace(current, qty=current.qty + line.qty,
                                             input=f"{current.input} | {line.input}")
                continue
            fresh.append(line)
        added = self.store.write_lines(self.draft_id, add=fresh, put=list(updated.values()))
        for x in [*added, *updated.values()]:
            self._lines[x.id] = x
        if added or updated:
            self._push(f"add {len(added) + len(updated)} line(s)", [x.id for x in added], before)
        return added, list(updated.values())

    def _message_for(self, r: ResolvedLine) -> str:
        parts = [r.qty_error, r.message]
        product = r.product
        if product is not None and r.unit in _PACKAGE_UNITS and product.pack_size > 1:
            parts.append(
                f"written as {r.qty}{r.unit}; sold per {product.unit} in packs of {product.pack_size} — check the qty"
            )
        return _SEP.join(p for p in parts if p)

    def set_qty(self, line_id: int, qty: int) -> DraftLine:
        self._check_open()
        if not 1 <= qty <= MAX_QTY:
            raise ValueError(f"Enter a quantity from 1 to {MAX_QTY:,}.")
        before = self.line(line_id)
        message = _SEP.join(p for p in before.message.split(_SEP) if p and not p.startswith("quantity"))
        return self._put("change quantity", before, replace(before, qty=qty, message=message))

    def delete_line(self, line_id: int) -> DraftLine:
        self._check_open()
        gone = self.store.delete_line(self.line(line_id).id)
        del self._lines[line_id]
        self._push("delete line", (), (gone,))
        return gone

    def pick(self, line_id: int, sku: str) -> DraftLine:
        """Settle an ambiguous or unknown line on ``sku`` (one of its candidates, or one found by searching)."""
        self._check_open()
        before = self.line(line_id)
        if sku not in self._products:
            self._fetch_products([sku])
        product = self._products.get(sku)
        if product is None:
            raise KeyError(f"product {sku} is not in the catalog")
        keep = [p for p in before.message.split(_SEP) if p.startswith("quantity")]
        after = replace(
            before,
            sku=sku,
            status=LineStatus.RESOLVED,
            candidates=(),
            message=_SEP.join([*keep, f"picked {product.model}"]),
            unit_price_seen=None,
            price_seen_at=None,
        )
        return self._put("pick product", before, after)

    def round_up(self, line_id: int) -> bool:
        """Raise the quantity to the MOQ and then to a whole number of packs. False when nothing needed changing."""
        self._check_open()
        before = self.line(line_id)
        product = self._products.get(before.sku) if before.status is LineStatus.RESOLVED else None
        if product is None or before.qty < 1:
            return False
        target = _rounded_qty(before.qty, product)
        if target == before.qty:
            return False
        self._put("round up", before, replace(before, qty=target))
        return True

    def undo(self) -> str | None:
        """Undo the pad's last edit exactly (saved before returning); returns what was undone, None if nothing."""
        if not self._undo:
            return None
        self._check_open()
        step = self._undo.pop()
        self.store.write_lines(self.draft_id, delete=step.added_ids, put=step.before)
        for line_id in step.added_ids:
            self._lines.pop(line_id, None)
        for x in step.before:
            self._lines[x.id] = x
        return step.label

    # --- checks ------------------------------------------------------------------------------------------------

    def problems(self, line: DraftLine) -> tuple[Problem, ...]:
        out: list[Problem] = []
        if line.qty < 1:
            text = next((p for p in line.message.split(_SEP) if p.startswith("quantity")), "")
            out.append(Problem(ProblemKind.QTY_ERROR, (text or "quantity must be at least 1") + " — enter a quantity"))
        elif line.qty > MAX_QTY:
            out.append(Problem(ProblemKind.QTY_ERROR, f"quantity {line.qty:,} is more than {MAX_QTY:,} — check it"))
        if line.status is LineStatus.UNKNOWN:
            out.append(Problem(ProblemKind.UNKNOWN, "no product found — fix the model number or search for it"))
            return tuple(out)
        if line.status is LineStatus.AMBIGUOUS:
            out.append(Problem(ProblemKind.AMBIGUOUS, f"{len(line.candidates)} possible products — pick one"))
            return tuple(out)
        product = self._products.get(line.sku)
        if product is not None:
            if product.status is not ProductStatus.ACTIVE:
                repl = f"; replaced by {product.superseded_by}" if product.superseded_by else ""
                out.append(Problem(ProblemKind.DISCONTINUED, f"{product.status.value}{repl}"))
            if line.qty >= 1:
                if line.qty < product.moq:
                    out.append(Problem(ProblemKind.BELOW_MOQ, f"minimum order is {product.moq} {product.unit}"))
                if product.pack_size > 1 and line.qty % product.pack_size:
                    out.append(
                        Problem(ProblemKind.NOT_PACK_MULTIPLE, f"sold in packs of {product.pack_size} {product.unit}")
                    )
        avail = self._stock.get(line.sku)
        if avail is not None and line.qty >= 1:
            state = stock_state(avail, line.qty)
            if state in (StockState.OUT, StockState.INCOMING):
                eta = avail.next_eta()
                when = f"; next arrival {eta.isoformat()}" if eta else ""
                out.append(Problem(ProblemKind.OUT_OF_STOCK, f"out of stock{when}"))
            elif state is StockState.PARTIAL:
                out.append(Problem(ProblemKind.SHORT, f"only {avail.on_hand} in stock"))
        return tuple(out)

    # --- prices and stock --------------------------------------------------------------------------------------

    def _priceable(self) -> list[DraftLine]:
        return [x for x in self.draft_lines() if x.status is LineStatus.RESOLVED and x.sku and 1 <= x.qty <= MAX_QTY]

    async def reprice(self) -> int:
        """Fetch quotes for every resolved line and record the unit price seen; returns how many lines got one.
        Provider errors (Offline...) propagate; the pad keeps its previous prices."""
        lines = self._priceable()
        wanted = list(dict.fromkeys((x.sku, x.qty) for x in lines))
        if not wanted:
            return 0
        quotes = await self._prices(self.account_id, wanted)
        fresh = {(q.sku, q.qty) for q in quotes}
        for q in quotes:
            self._quotes[(q.sku, q.qty)] = q
            self._latest_quote[q.sku] = q
        now = self._clock()
        today = now.astimezone().date()
        seen: list[tuple[int, Money | None, datetime | None]] = []
        for x in lines:
            q = self._quotes.get((x.sku, x.qty))
            if quoted_price_holds(x.message, x.qty, today, _SEP):
                continue  # a quotation's price, still valid for this quantity: the line keeps it
            if q is not None and (x.sku, x.qty) in fresh:
                seen.append((x.id, q.net_price, q.fetched_at or now))
        if seen:  # a commit (synchronous=FULL) that may wait for the database lock: not on the event loop
            await asyncio.to_thread(self.store.set_prices_seen, self.draft_id, seen)
            for line_id, price, at in seen:
                self._lines[line_id] = replace(self._lines[line_id], unit_price_seen=price, price_seen_at=at)
        return len(seen)

    async def refresh_stock(self) -> int:
        if self._availability is None:
            return 0
        skus = list(dict.fromkeys(x.sku for x in self._priceable()))
        if not skus:
            return 0
        for a in await self._availability(skus):
            self._stock[a.sku] = a
        return len(skus)

    async def candidate_offers(self, line_id: int) -> CandidateOffers:
        """The account's price at the line's quantity and the stock of each candidate of an ambiguous line: what
        tells five brands of one cable apart. Both are asked at once; one failing leaves the other."""
        line = self.line(line_id)
        skus = list(line.candidates)
        qty = offer_qty(line.qty)
        if not skus:
            return CandidateOffers(qty)

        async def no_stock() -> list[Availability]:
            return []

        stock_call = self._availability(skus) if self._availability is not None else no_stock()
        quotes, stock = await asyncio.gather(self._prices(self.account_id, [(s, qty) for s in skus]), stock_call,
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

    def _unit_price(self, line: DraftLine) -> tuple[PriceQuote | None, Money | None, bool]:
        q = self._quotes.get((line.sku, line.qty))
        if line.unit_price_seen is not None and quoted_price_holds(
                line.message, line.qty, self._clock().astimezone().date(), _SEP):
            return q or self._latest_quote.get(line.sku), line.unit_price_seen, False  # as quoted
        if q is not None:
            return q, q.net_price, False
        q = self._latest_quote.get(line.sku)
        if q is None or line.qty < 1:
            return q, None, False
        tier_at_quote = any(b.min_qty <= q.qty for b in q.breaks)
        base = q.list_price if tier_at_quote else q.net_price
        return q, price_for_qty(base, q.breaks, line.qty), True

    # --- views -------------------------------------------------------------------------------------------------

    def lines(self) -> list[PadRow]:
        rows: list[PadRow] = []
        for x in self.draft_lines():
            product = self._products.get(x.sku) if x.sku else None
            quote, unit, stale = self._unit_price(x) if x.status is LineStatus.RESOLVED else (None, None, False)
            rate = quote.tax_rate if quote is not None else DEFAULT_TAX_RATE
            extended = (unit * x.qty).rounded() if unit is not None and x.qty >= 1 else None
            avail = self._stock.get(x.sku)
            rows.append(
                PadRow(
                    line_id=x.id,
                    position=x.position,
                    input=x.input,
                    status=x.status,
                    sku=x.sku,
                    model=product.model if product else "",
                    brand=product.brand if product else "",
                    name=product.name if product else "",
                    name_zh=product.name_zh if product else "",
                    qty=x.qty,
                    unit=product.unit if product else "",
                    unit_price=unit,
                    unit_price_incl_tax=with_tax(unit, rate) if unit is not None else None,
                    extended=extended,
                    extended_incl_tax=with_tax(extended, rate) if extended is not None else None,
                    price_stale=stale,
                    stock=stock_state(avail, max(x.qty, 1)) if avail is not None else StockState.UNKNOWN,
                    problems=self.problems(x),
                    candidates=x.candidates,
                    message=x.message,
                    price_note=price_note(x.message),
                )
            )
        return rows

    def candidate_products(self, line_id: int) -> list[Product]:
        """The products an ambiguous line may be, in the resolver's order (read from the catalog once). A candidate
        that has left the catalog since the paste is left out."""
        line = self.line(line_id)
        self._fetch_products([s for s in line.candidates if s not in self._products])
        return [self._products[s] for s in line.candidates if s in self._products]

    def totals(self, rows: Sequence[PadRow] | None = None) -> Totals:
        """Net, tax and tax-inclusive totals of the priced lines (tax per line, as on the quote)."""
        rows = self.lines() if rows is None else rows
        priced = [r for r in rows if r.extended is not None and r.extended_incl_tax is not None]
        currency = priced[0].extended.currency if priced and priced[0].extended else self.currency
        net = Money.zero(currency)
        gross = Money.zero(currency)
        for r in priced:
            assert r.extended is not None and r.extended_incl_tax is not None
            net = net + r.extended
            gross = gross + r.extended_incl_tax
        unpriced = sum(1 for r in rows if r.extended is None)
        return Totals(net=net, tax=gross - net, gross=gross, priced_lines=len(priced), unpriced_lines=unpriced)


def _error_text(result: object) -> str:
    if not isinstance(result, Exception):
        return ""
    return str(result) or result.__class__.__name__


def _rounded_qty(qty: int, product: Product) -> int:
    target = max(qty, product.moq)
    pack = max(product.pack_size, 1)
    return math.ceil(target / pack) * pack
