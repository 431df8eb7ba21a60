"""The order pad: the quick-order use case the TUI and the CLI call (no Textual, no sqlite3, no httpx here).

An ``OrderPad`` edits one draft. Every edit is saved through ``DraftStore`` (committed before the method returns)
and can be undone; undo is saved the same way. Prices and stock come from async providers and are cached on the pad;
the price the user saw is recorded on each line.

SQLite calls are synchronous and short: call the sync methods from a thread worker, ``reprice``/``refresh_stock``
from an async worker.
"""

from __future__ import annotations

import asyncio
import copy
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from b2bterm.domain.models import (
    DEFAULT_TAX_RATE,
    Availability,
    DraftLine,
    DraftOrder,
    DraftState,
    LineStatus,
    NewLine,
    PriceQuote,
    Product,
    ProductStatus,
    StockState,
    price_for_qty,
    stock_state,
    with_tax,
)
from b2bterm.domain.money import Money
from b2bterm.domain.quantity import QtyIssue, is_issue_note, issue_note, settle
from b2bterm.domain.quotation import quoted_price_holds
from b2bterm.local.drafts import DraftStore, utcnow
from b2bterm.quickorder.collector import collector_held
from b2bterm.quickorder.habits import AccountHabits
from b2bterm.quickorder.history import History, Step, inverse
from b2bterm.quickorder.lookup import CodeLookup
from b2bterm.quickorder.offers import (
    AvailabilityProvider,
    CandidateOffers,
    PriceProvider,
    candidate_offers,
    offer_qty,
)
from b2bterm.quickorder.parser import MAX_QTY, parse_order_text
from b2bterm.quickorder.problems import QTY_KINDS, Problem, ProblemKind, qty_notes
from b2bterm.quickorder.resolve import ResolvedLine, resolve_lines
from b2bterm.quickorder.rows import AddResult, PadRow, Totals
from b2bterm.services.orders import price_note

_SEP = " · "


__all__ = ["AddResult", "CandidateOffers", "DraftLocked", "OrderPad", "PadRow", "Problem", "ProblemKind", "Totals",
           "offer_qty"]


class PadError(ValueError):
    """An edit the pad refused, as a code with values (``kind``: qty_range, not_one_line, not_in_catalog,
    not_on_pad); the message is English, for logs: the UI words the kind."""

    def __init__(self, kind: str, message: str, **values: str) -> None:
        super().__init__(message)
        self.kind, self.values = kind, values


class PadLookupError(PadError, KeyError):
    """A line or product the pad does not have (a KeyError, as before)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class DraftLocked(Exception):
    """The draft is no longer open (queued, being sent or sent): it cannot be edited here."""

    def __init__(self, message: str, state: DraftState | None = None) -> None:
        super().__init__(message)
        self.state = state


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
        habits: Callable[[str], AccountHabits] | None = None,
    ) -> None:
        self.store = store
        self.lookup = lookup
        self.draft_id = draft_id
        self._prices = prices
        self._availability = availability
        self._clock = clock
        self.currency = currency
        self._habits_of = habits
        self._habits: AccountHabits | None = None
        self._history = History()
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
        habits: Callable[[str], AccountHabits] | None = None,
    ) -> OrderPad:
        draft = store.create(account_id, title=title)
        return cls(store, lookup, draft.id, prices=prices, availability=availability, clock=clock, habits=habits)

    def habits(self) -> AccountHabits | None:
        """The account's habits (read once per pad): what settles a model several brands make."""
        if self._habits is None and self._habits_of is not None:
            self._habits = self._habits_of(self.account_id)
        return self._habits

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
            raise PadLookupError("not_on_pad", f"line {line_id} is not on this order pad", line=str(line_id)) from None

    def reload(self) -> None:
        """Re-read the draft from the store (after another window changed the header or state)."""
        self._draft = self.store.load(self.draft_id)
        self._lines = {x.id: x for x in self._draft.lines}
        self._fetch_products(self._skus_needed(self._lines.values()))

    @property
    def can_undo(self) -> bool:
        return bool(self._history.undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._history.redo)

    @property
    def undo_label(self) -> str:
        """The code of the edit an undo takes back (``history.EDIT_LABELS``), "" when there is none."""
        return self._history.undo[-1].label if self._history.undo else ""

    @property
    def undo_count(self) -> int:
        """How many lines that edit touched (for "add lines")."""
        return self._history.undo[-1].count if self._history.undo else 0

    def _check_open(self) -> None:
        if self._draft.state is not DraftState.OPEN:
            raise DraftLocked(
                f"This order is {self._draft.state.value.replace('_', ' ')} and can no longer be edited. "
                "Copy it to a new draft to change it.", self._draft.state
            )

    def _skus_needed(self, lines: Iterable[DraftLine]) -> list[str]:
        """Products the rows show: a resolved line's. An ambiguous line's candidates wait for its pick list."""
        return [s for s in dict.fromkeys(x.sku for x in lines if x.sku) if s not in self._products]

    def _fetch_products(self, skus: list[str]) -> None:
        if skus:
            self._products.update(self.lookup.products(skus))

    def _push(self, label: str, added_ids: Sequence[int], before: Sequence[DraftLine], count: int = 0) -> None:
        self._history.push(label, added_ids, before, count)

    def _put(self, label: str, before: DraftLine, after: DraftLine) -> DraftLine:
        self.store.write_lines(self.draft_id, put=[after])
        self._lines[after.id] = after
        self._push(label, (), (before,))
        return after

    # --- edits -------------------------------------------------------------------------------------------------

    @collector_held()  # tens of thousands of short-lived objects: no cyclic collection in the middle of them
    def add_text(self, text: str, *, merge: bool = True) -> AddResult:
        """Parse, resolve and save every order line of ``text`` in one transaction. With ``merge``, a SKU that is
        already on the pad (or repeated in the paste) adds to that line's quantity."""
        self._check_open()
        parsed = parse_order_text(text)
        resolved = resolve_lines(self.lookup, parsed.lines, account_id=self.account_id, merge=merge,
                                 candidate_products=False, habits=self.habits())
        for r in resolved:  # the products read with the lines (an ambiguous line's wait for its pick list)
            self._products.update((p.sku, p) for p in (r.product, *(c.product for c in r.candidates)) if p is not None)
        new = [
            NewLine(input=r.input, qty=r.qty, sku=r.sku, status=r.status,
                    candidates=tuple(c.sku for c in r.candidates), message=self._message_for(r),
                    written_qty=r.written, qty_assumed=r.qty_assumed)
            for r in resolved
        ]
        mergeable = [r.status is LineStatus.RESOLVED and not r.qty_error for r in resolved]
        added, updated, before = self._add(new, mergeable, merge=merge)
        return AddResult(tuple(added), tuple(updated), tuple(parsed.ignored), tuple(resolved), tuple(before))

    def add_lines(self, lines: Sequence[NewLine], *, merge: bool = True) -> AddResult:
        """Add ready-made lines (buy again, a saved list) the way a paste adds them: one transaction, merged with
        the same SKU already on the pad when ``merge``, and one undo step."""
        self._check_open()
        self._fetch_products([x.sku for x in lines if x.sku and x.sku not in self._products])
        mergeable = [x.status is LineStatus.RESOLVED and bool(x.sku) and x.qty >= 1 for x in lines]
        added, updated, before = self._add(list(lines), mergeable, merge=merge)
        return AddResult(tuple(added), tuple(updated), merged_before=tuple(before))

    def replace_lines(self, lines: Sequence[NewLine]) -> AddResult:
        """Replace every line of the pad with ``lines`` (a saved list opened "instead"): one transaction, and one
        undo step that brings the old lines back."""
        self._check_open()
        self._fetch_products([x.sku for x in lines if x.sku and x.sku not in self._products])
        old = self.draft_lines()
        added = self.store.write_lines(self.draft_id, delete=[x.id for x in old], add=list(lines))
        self._lines = {x.id: x for x in added}
        self._push("replace the pad", [x.id for x in added], old)
        return AddResult(tuple(added), (), replaced=old)

    def qty_changes(self, result: AddResult) -> list[tuple[str, int, int]]:
        """(model or input, quantity before, quantity after) of each line an add merged into."""
        out = []
        for before, after in zip(result.merged_before, result.merged, strict=True):
            product = self._products.get(after.sku)
            out.append((product.model if product else before.input, before.qty, after.qty))
        return out

    def _add(self, new: Sequence[NewLine], mergeable: Sequence[bool], *, merge: bool
             ) -> tuple[list[DraftLine], list[DraftLine], list[DraftLine]]:
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
                                             input=f"{current.input} | {line.input}", written_qty=None,
                                             qty_assumed=current.qty_assumed or line.qty_assumed)
                continue
            fresh.append(line)
        added = self.store.write_lines(self.draft_id, add=fresh, put=list(updated.values()))
        for x in [*added, *updated.values()]:
            self._lines[x.id] = x
        if added or updated:
            self._push("add lines", [x.id for x in added], before, count=len(added) + len(updated))
        return added, list(updated.values()), before

    def _message_for(self, r: ResolvedLine) -> str:
        """What a line stores about itself: its quantity's issue as a coded note (never the English sentence), and
        how it was matched."""
        note = ""
        if r.qty_error:
            issue = (r.settled.issue if r.settled is not None else None) or \
                (r.written.issue if r.written is not None else None) or QtyIssue.NOT_UNDERSTOOD
            note = issue_note(issue, r.written.text if r.written is not None else "",
                              r.written.unit if r.written is not None else "")
        return _SEP.join(p for p in (note, r.message) if p)

    def set_qty(self, line_id: int, qty: int) -> DraftLine:
        self._check_open()
        if not 1 <= qty <= MAX_QTY:
            raise PadError("qty_range", f"Enter a quantity from 1 to {MAX_QTY:,}.", max=f"{MAX_QTY:,}")
        before = self.line(line_id)
        message = _SEP.join(p for p in before.message.split(_SEP) if p and not is_issue_note(p))
        after = replace(before, qty=qty, message=message, written_qty=None, qty_assumed=False)
        return self._put("change quantity", before, after)

    def edit_line(self, line_id: int, text: str, *, merge: bool = False) -> DraftLine:
        """Replace a line's input text in place (a typo fixed, another quantity written): it is read and resolved
        again as a paste would be, keeping its place on the pad. With ``merge``, when it now orders a product that
        another line already orders, it joins that line (the returned line). One undo step either way."""
        self._check_open()
        before = self.line(line_id)
        parsed = parse_order_text(text)
        if len(parsed.lines) != 1 or parsed.ignored:
            why = parsed.ignored[0].reason if parsed.ignored else "more than one line"
            raise PadError("not_one_line", f"“{text.strip()}” is not one order line ({why}): the line is unchanged.",
                           text=text.strip(), why=why)
        (r,) = resolve_lines(self.lookup, parsed.lines, account_id=self.account_id, merge=False,
                             candidate_products=False, habits=self.habits())
        for p in [r.product, *(c.product for c in r.candidates)]:
            if p is not None:
                self._products[p.sku] = p
        after = replace(before, input=text.strip(), qty=r.qty, sku=r.sku, status=r.status,
                        candidates=tuple(c.sku for c in r.candidates), message=self._message_for(r),
                        written_qty=r.written, qty_assumed=r.qty_assumed, unit_price_seen=None, price_seen_at=None)
        target = self._merge_target(after) if merge else None
        if target is None:
            return self._put("edit line", before, after)
        return self._merge_into(target, after, before, "edit line")

    def delete_line(self, line_id: int) -> DraftLine:
        self._check_open()
        gone = self.store.delete_line(self.line(line_id).id)
        del self._lines[line_id]
        self._push("delete line", (), (gone,))
        return gone

    def settle_found(self, found: Sequence[tuple[int, Product]]) -> DraftLine | None:
        """Lines settled on the products the platform found for them while the local catalog is still arriving: each
        line still unknown (not changed meanwhile) is picked on its product. The last line settled, or None."""
        self._products.update((p.sku, p) for _line, p in found)
        still = {x.id for x in self.draft_lines() if x.status is LineStatus.UNKNOWN}
        settled = [self.pick(line_id, p.sku) for line_id, p in found if line_id in still]
        return settled[-1] if settled else None

    def pick(self, line_id: int, sku: str, *, merge: bool = False) -> DraftLine:
        """Settle an ambiguous or unknown line on ``sku`` (one of its candidates, or one found by searching). The
        quantity as written is settled with the product (2 箱 × its pack size). With ``merge``, when another line
        already orders ``sku``, this line is merged into it (the returned line) — one undo step either way."""
        self._check_open()
        before = self.line(line_id)
        if sku not in self._products:
            self._fetch_products([sku])
        product = self._products.get(sku)
        if product is None:
            raise PadLookupError("not_in_catalog", f"product {sku} is not in the catalog", sku=sku)
        qty, keep = before.qty, [p for p in before.message.split(_SEP) if is_issue_note(p)]
        if before.written_qty is not None:
            settled = settle(before.written_qty, product.unit, product.pack_size)
            qty = settled.qty
            keep = [issue_note(settled.issue, before.written_qty.text, settled.unit)] if settled.issue else []
        after = replace(before, sku=sku, qty=qty, status=LineStatus.RESOLVED, candidates=(),
                        message=_SEP.join([*keep, f"picked {product.model}"]), unit_price_seen=None, price_seen_at=None)
        target = self._merge_target(after) if merge else None
        if target is None:
            return self._put("pick product", before, after)
        return self._merge_into(target, after, before, "pick product")

    def _merge_target(self, line: DraftLine) -> DraftLine | None:
        """The first other line ordering the same product, when both quantities are good: what ``line`` joins."""
        if line.status is not LineStatus.RESOLVED or not line.sku or not 1 <= line.qty <= MAX_QTY:
            return None
        return next((x for x in self.draft_lines() if x.id != line.id and x.sku == line.sku
                     and x.status is LineStatus.RESOLVED and 1 <= x.qty <= MAX_QTY), None)

    def _merge_into(self, target: DraftLine, line: DraftLine, before: DraftLine, label: str) -> DraftLine:
        """``line`` (``before`` as it was) joins ``target``: quantities summed, both inputs kept; one transaction."""
        merged = replace(target, qty=target.qty + line.qty, input=f"{target.input} | {line.input}",
                         written_qty=None, qty_assumed=target.qty_assumed or line.qty_assumed)
        self.store.write_lines(self.draft_id, put=[merged], delete=[line.id])
        self._lines.pop(line.id, None)
        self._lines[merged.id] = merged
        self._push(label, (), (target, before))
        return merged

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
        if not self._history.undo:
            return None
        self._check_open()
        step = self._history.undo.pop()
        self._history.redo.append(self._apply(step))
        return step.label

    def redo(self) -> str | None:
        """Do again what the last undo undid (saved before returning); None when there is nothing to redo."""
        if not self._history.redo:
            return None
        self._check_open()
        step = self._history.redo.pop()
        self._history.undo.append(self._apply(step))
        return step.label

    def _apply(self, step: Step) -> Step:
        """Remove and put back the step's lines in one transaction; returns the step that undoes it."""
        undo = inverse(step, self._lines)
        self.store.write_lines(self.draft_id, delete=step.remove_ids, put=step.restore)
        for line_id in step.remove_ids:
            self._lines.pop(line_id, None)
        for x in step.restore:
            self._lines[x.id] = x
        self._fetch_products(self._skus_needed(step.restore))
        return undo

    # --- checks ------------------------------------------------------------------------------------------------

    def problems(self, line: DraftLine) -> tuple[Problem, ...]:
        """What is wrong with a line (and the notices about it: a quantity assumed or converted, lines merged)."""
        product = self._products.get(line.sku) if line.sku and line.status is LineStatus.RESOLVED else None
        out: list[Problem] = qty_notes(line, product)
        if line.qty < 1 and not any(p.kind in QTY_KINDS for p in out):
            out.append(Problem(ProblemKind.QTY_ERROR, "quantity must be at least 1 — enter a quantity",
                               (("issue", "not_positive"), ("qty", str(line.qty)))))
        elif line.qty > MAX_QTY:
            out.append(Problem(ProblemKind.QTY_ERROR, f"quantity {line.qty:,} is more than {MAX_QTY:,} — check it",
                               (("issue", "too_large"), ("qty", f"{line.qty:,}"), ("max", f"{MAX_QTY:,}"))))
        if line.status is LineStatus.UNKNOWN:
            out.append(Problem(ProblemKind.UNKNOWN, "no product found — fix the model number or search for it"))
            return tuple(out)
        if line.status is LineStatus.AMBIGUOUS:
            n = len(line.candidates)
            out.append(Problem(ProblemKind.AMBIGUOUS, f"{n} possible products — pick one", (("count", str(n)),)))
            return tuple(out)
        product = self._products.get(line.sku)
        if product is not None:
            if product.status is not ProductStatus.ACTIVE:
                repl = f"; replaced by {product.superseded_by}" if product.superseded_by else ""
                out.append(Problem(ProblemKind.DISCONTINUED, f"{product.status.value}{repl}", (
                    ("status", product.status.value), ("replacement", product.superseded_by))))
            if line.qty >= 1:
                if line.qty < product.moq:
                    out.append(Problem(ProblemKind.BELOW_MOQ, f"minimum order is {product.moq} {product.unit}",
                                       (("moq", f"{product.moq:,}"), ("unit", product.unit))))
                if product.pack_size > 1 and line.qty % product.pack_size:
                    out.append(Problem(ProblemKind.NOT_PACK_MULTIPLE,
                                       f"sold in packs of {product.pack_size} {product.unit}",
                                       (("pack_size", f"{product.pack_size:,}"), ("unit", product.unit))))
        avail = self._stock.get(line.sku)
        if avail is not None and line.qty >= 1:
            state = stock_state(avail, line.qty)
            if state in (StockState.OUT, StockState.INCOMING):
                eta = avail.next_eta()
                when = f"; next arrival {eta.isoformat()}" if eta else ""
                out.append(Problem(ProblemKind.OUT_OF_STOCK, f"out of stock{when}",
                                   (("eta", eta.isoformat() if eta else ""),)))
            elif state is StockState.PARTIAL:
                out.append(Problem(ProblemKind.SHORT, f"only {avail.on_hand} in stock",
                                   (("on_hand", f"{avail.on_hand:,}"),)))
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
        """The account's price at the line's quantity and the stock of each candidate of an ambiguous line."""
        line = self.line(line_id)
        return await candidate_offers(self._prices, self._availability, self.account_id, line)

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
        return [self.row(x) for x in self.draft_lines()]

    def frozen(self) -> OrderPad:
        """The pad as it is now (lines, products, quotes, stock), for building its rows later in any thread."""
        view = copy.copy(self)
        view._lines, view._products, view._stock = dict(self._lines), dict(self._products), dict(self._stock)
        view._quotes, view._latest_quote = dict(self._quotes), dict(self._latest_quote)
        return view

    def row(self, x: DraftLine) -> PadRow:
        """One line as a screen shows it."""
        product = self._products.get(x.sku) if x.sku else None
        quote, unit, stale = self._unit_price(x) if x.status is LineStatus.RESOLVED else (None, None, False)
        rate = quote.tax_rate if quote is not None else DEFAULT_TAX_RATE
        extended = (unit * x.qty).rounded() if unit is not None and x.qty >= 1 else None
        avail = self._stock.get(x.sku)
        return PadRow(
            line_id=x.id, position=x.position, input=x.input, status=x.status, sku=x.sku,
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
            price_notes=price_note(x.message),
        )

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


def _rounded_qty(qty: int, product: Product) -> int:
    target = max(qty, product.moq)
    pack = max(product.pack_size, 1)
    return math.ceil(target / pack) * pack
