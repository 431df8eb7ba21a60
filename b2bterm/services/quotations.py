"""Quotations (报价单): what the TUI's Quotations screen and ``b2bterm quotation`` do, independent of either.

A quotation belongs to one account. Adding a product quotes it for the account at the quantity asked (live, or the
cached quote when the platform is out of reach) and freezes that price on the line. "Expired" is computed from the
product clock. Converting a quotation makes a quick-order draft: while the quotation is valid its lines carry the
quoted prices (the pad keeps them); once expired they are priced today and each line whose price moved says so, the
way "order again" does (``OrderBook.priced_lines``).

Problems come back as ``QuotationProblem`` with a code and values; the UI and the CLI word them.

Threading: ``local_*`` methods touch SQLite (thread workers); ``async`` methods call the platform and hand their
SQLite work to threads themselves.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from b2bterm import clock as b2bclock
from b2bterm.domain.models import Account, LineStatus, NewLine, PriceQuote, Product
from b2bterm.domain.quotation import (
    DEFAULT_VALID_DAYS,
    NEXT_STATES,
    Company,
    Quotation,
    QuotationLine,
    QuotationState,
    default_valid_until,
    quoted_note,
)
from b2bterm.domain.record import record
from b2bterm.local.quotations import QuotationHeader, QuotationNotFound, QuotationStore
from b2bterm.platform.base import PlatformError
from b2bterm.services.orders import OrderHost
from b2bterm.services.quotation_sync import PushRun, QuotationSync

if TYPE_CHECKING:
    from b2bterm.config import Config, Profile
    from b2bterm.services.orders import OrderBook, ReorderLine


class QuotationHost(OrderHost, Protocol):
    """What the quotations stand on (the desk provides it): the order book's ground, the book, the profile."""

    @property
    def orders(self) -> OrderBook: ...

    @property
    def profile(self) -> Profile: ...

    @property
    def config(self) -> Config | None: ...


class Problem(enum.StrEnum):
    NOT_FOUND = "not_found"  # no such quotation: values number
    UNKNOWN_ITEM = "unknown_item"  # values code
    AMBIGUOUS_ITEM = "ambiguous_item"  # values code, candidates
    NO_PRICE = "no_price"  # values sku, reason
    EMPTY = "empty"  # nothing to quote / convert
    NOT_EDITABLE = "not_editable"  # only a draft takes new lines: values number, state
    BAD_STATE = "bad_state"  # values number, state, wanted
    EXPIRED = "expired"  # values number, valid_until
    ORDERED = "ordered"  # converted already: values number, draft_id
    UNSUPPORTED = "unsupported"  # the platform keeps no quotations: values platform


class QuotationProblem(Exception):
    def __init__(self, problem: Problem, /, **values: Any) -> None:
        super().__init__(f"{problem.value}: {values}")
        self.code = problem
        self.values = values


@record
class AddResult:
    quotation: Quotation
    line: QuotationLine
    created: bool  # a new quotation was started for the line
    live: bool  # the price came live from the platform (else from the local cache)


@record
class ConversionResult:
    quotation: Quotation
    draft_id: int
    expired: bool  # priced today: ``lines`` tells the differences
    lines: tuple[ReorderLine, ...] = field(default=())
    live_prices: bool = True

    @property
    def changed(self) -> int:
        return sum(1 for x in self.lines if x.changed)


class Quotations:
    def __init__(self, desk: QuotationHost, *, clock: Callable[[], datetime] = b2bclock.now) -> None:
        self.desk = desk
        self.gateway = desk.gateway
        self.clock = clock
        self.store = QuotationStore(desk.db, clock=clock)
        self.sync = QuotationSync(desk.gateway, self.store, profile=desk.profile.name, clock=clock)

    # --- settings and time -----------------------------------------------------------------------------------------

    @property
    def settings(self) -> Mapping[str, Any]:
        config = self.desk.config
        return config.quotations if config is not None else {}

    def today(self) -> date:
        return self.clock().astimezone().date()  # the user's day, in the machine's zone

    def state_of(self, quotation: Quotation) -> QuotationState:
        return quotation.state_on(self.today())

    def company(self) -> Company:
        s = self.settings
        return Company(str(s.get("company_name") or self.desk.profile.name), str(s.get("company_address", "")),
                       str(s.get("company_contact", "")))

    def export_folder(self) -> Path:
        configured = str(self.settings.get("export_folder", "")).strip()
        if configured:
            return Path(configured).expanduser()
        documents = Path.home() / "Documents"
        return (documents if documents.is_dir() else Path.home()) / "b2bterm"

    def default_base(self, quotation: Quotation) -> Path:
        """Where its files go when the user names none: the export folder, the quotation's number (no suffix)."""
        return self.export_folder() / quotation.number

    def default_path(self, quotation: Quotation, suffix: str) -> Path:
        return self.default_base(quotation).with_name(f"{quotation.number}.{suffix.lstrip('.')}")

    # --- reading (thread) ------------------------------------------------------------------------------------------

    def local_list(self, account_id: str | None = None) -> list[Quotation]:
        return self.store.list(account_id)

    def local_get(self, quotation_id: int) -> Quotation:
        try:
            return self.store.load(quotation_id)
        except QuotationNotFound:
            raise QuotationProblem(Problem.NOT_FOUND, number=quotation_id) from None

    def local_open_draft(self, account_id: str) -> Quotation | None:
        """The account's quotation that new lines go to: its newest draft still valid today."""
        return self.store.newest_draft(account_id, self.today())

    # --- changing (thread) -----------------------------------------------------------------------------------------

    def local_new(self, account: Account) -> Quotation:
        s = self.settings
        days = int(s.get("valid_days", DEFAULT_VALID_DAYS))
        return self.store.create(QuotationHeader(
            account_id=account.id, account_code=account.code, account_name=account.display_name,
            currency=account.currency, valid_until=default_valid_until(self.today(), days),
            delivery_terms=str(s.get("delivery_terms", "")),
            payment_terms=str(s.get("payment_terms", "")) or account.payment_terms))

    def local_set_state(self, quotation_id: int, wanted: QuotationState) -> Quotation:
        q = self.local_get(quotation_id)
        if wanted is q.state:
            return q
        if wanted not in NEXT_STATES.get(q.state, ()):
            raise QuotationProblem(Problem.BAD_STATE, number=q.number, state=self.state_of(q), wanted=wanted)
        if wanted in (QuotationState.SENT, QuotationState.ACCEPTED) and not q.is_valid_on(self.today()):
            raise QuotationProblem(Problem.EXPIRED, number=q.number, valid_until=q.valid_until)
        return self.store.set_state(quotation_id, wanted)

    def local_mark_next(self, quotation_id: int) -> Quotation:
        """One step on by hand (F8): draft -> sent -> accepted; an accepted one goes back to sent; an ordered one is
        refused like any move that is not allowed."""
        forward = NEXT_STATES.get(self.local_get(quotation_id).state, ())
        return self.local_set_state(quotation_id, forward[0] if forward else QuotationState.SENT)

    def local_update(self, quotation_id: int, **changes: Any) -> Quotation:
        """valid_until, delivery_terms, payment_terms, notes; an ordered quotation is a record and stays as is."""
        q = self.local_get(quotation_id)
        if q.state is QuotationState.ORDERED:
            raise QuotationProblem(Problem.ORDERED, number=q.number, draft_id=q.order_draft_id)
        return self.store.update_header(quotation_id, **changes)

    def local_remove_line(self, quotation_id: int, line_id: int) -> Quotation:
        q = self._editable(quotation_id)
        return self.store.delete_line(q.id, line_id)

    def local_delete(self, quotation_id: int) -> None:
        try:
            self.store.delete(quotation_id)
        except QuotationNotFound:
            raise QuotationProblem(Problem.NOT_FOUND, number=quotation_id) from None

    def _editable(self, quotation_id: int) -> Quotation:
        q = self.local_get(quotation_id)
        if q.state is not QuotationState.DRAFT:
            raise QuotationProblem(Problem.NOT_EDITABLE, number=q.number, state=self.state_of(q))
        return q

    # --- quoting (platform) ----------------------------------------------------------------------------------------

    async def _quotes(self, account_id: str, items: Sequence[tuple[str, int]]) -> tuple[dict[tuple[str, int],
                                                                                               PriceQuote], bool]:
        """The account's quotes for (sku, qty): live (then cached), else the cached ones; and whether all are live."""
        live = self.gateway.may_call_platform
        try:
            quotes = await self.desk.pricing.quotes(account_id, list(dict.fromkeys(items)))
        except PlatformError:
            quotes, live = [], False
        now = self.clock()
        live = live and all(q.fetched_at is None or (now - q.fetched_at).total_seconds() < 600 for q in quotes)
        return {(q.sku, q.qty): q for q in quotes}, live

    def _line(self, product: Product, qty: int, quote: PriceQuote) -> QuotationLine:
        return QuotationLine(
            sku=product.sku, model=product.model, qty=qty, list_price=quote.list_price, net_price=quote.net_price,
            tax_rate=quote.tax_rate, source=quote.source, brand=product.brand, name_en=product.name_en,
            name_zh=product.name_zh, unit=product.unit, quoted_at=quote.fetched_at or self.clock())

    async def add(self, account: Account, sku: str, qty: int, *, quotation_id: int | None = None) -> AddResult:
        """Quote ``qty`` of ``sku`` for the account on its open quotation (a new one when it has none, or on the
        draft ``quotation_id``). A product already on it gets the quantities summed and is quoted again."""
        if qty < 1:
            raise QuotationProblem(Problem.EMPTY)
        products = await asyncio.to_thread(self.desk.catalog.products, [sku])
        product = products.get(sku)
        if product is None:
            raise QuotationProblem(Problem.UNKNOWN_ITEM, code=sku)
        current = await asyncio.to_thread(
            self._editable if quotation_id is not None else self.local_open_draft,
            quotation_id if quotation_id is not None else account.id)
        before = next((x for x in current.lines if x.sku == sku), None) if current else None
        total = qty + (before.qty if before else 0)
        quotes, live = await self._quotes(account.id, [(sku, total)])
        quote = quotes.get((sku, total))
        if quote is None:
            raise QuotationProblem(Problem.NO_PRICE, sku=sku, model=product.model)
        created = current is None
        target = current if current is not None else await asyncio.to_thread(self.local_new, account)
        updated = await asyncio.to_thread(self.store.put_line, target.id, self._line(product, total, quote))
        line = next(x for x in updated.lines if x.sku == sku)
        return AddResult(updated, line, created, live)

    async def new(self, account: Account, items: Sequence[tuple[str, int]]) -> tuple[Quotation, bool]:
        """A new quotation for the account with ``items`` (SKU or model number, quantity). Nothing is saved when an
        item is unknown, ambiguous or has no price. Returns the quotation and whether every price was live."""
        if not items:
            raise QuotationProblem(Problem.EMPTY)
        resolved = await asyncio.to_thread(self._resolve, account.id, items)
        merged: dict[str, tuple[Product, int]] = {}
        for product, qty in resolved:
            before = merged.get(product.sku)
            merged[product.sku] = (product, qty + (before[1] if before else 0))
        quotes, live = await self._quotes(account.id, [(sku, qty) for sku, (_p, qty) in merged.items()])
        lines: list[QuotationLine] = []
        for sku, (product, qty) in merged.items():
            quote = quotes.get((sku, qty))
            if quote is None:
                raise QuotationProblem(Problem.NO_PRICE, sku=sku, model=product.model)
            lines.append(self._line(product, qty, quote))

        def save() -> Quotation:
            q = self.local_new(account)
            for line in lines:
                q = self.store.put_line(q.id, line)
            return q

        return await asyncio.to_thread(save), live

    def _resolve(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[tuple[Product, int]]:
        from b2bterm.quickorder.parser import ParsedLine
        from b2bterm.quickorder.resolve import resolve_lines

        parsed = [ParsedLine(line_no=i + 1, raw=code, code=code, qty=qty) for i, (code, qty) in enumerate(items)]
        resolved = resolve_lines(self.desk.catalog, parsed, account_id=account_id, merge=False)
        out: list[tuple[Product, int]] = []
        for (code, qty), r in zip(items, resolved, strict=True):
            if r.status is LineStatus.RESOLVED and r.product is not None:
                out.append((r.product, qty))
            elif r.status is LineStatus.AMBIGUOUS:
                names = [c.product.model + " " + c.product.brand if c.product else c.sku for c in r.candidates]
                raise QuotationProblem(Problem.AMBIGUOUS_ITEM, code=code, candidates=names[:5])
            else:
                raise QuotationProblem(Problem.UNKNOWN_ITEM, code=code)
        return out

    # --- to an order -----------------------------------------------------------------------------------------------

    async def to_order(self, quotation_id: int) -> ConversionResult:
        """A quick-order draft with the quotation's lines: at the quoted prices while it is valid, else at today's
        prices with the differences noted on each line. The quotation is then ``ordered``."""
        q = await asyncio.to_thread(self.local_get, quotation_id)
        if q.state is QuotationState.ORDERED:
            raise QuotationProblem(Problem.ORDERED, number=q.number, draft_id=q.order_draft_id)
        if not q.lines:
            raise QuotationProblem(Problem.EMPTY)
        title = f"Quotation {q.number}"
        if q.is_valid_on(self.today()):
            new = [NewLine(input=x.model or x.sku, qty=x.qty, sku=x.sku, status=LineStatus.RESOLVED,
                           message=quoted_note(x.net_price, x.qty, q.number, q.valid_until),
                           unit_price_seen=x.net_price, price_seen_at=x.quoted_at) for x in q.lines]
            draft_id = await asyncio.to_thread(self._new_draft, q, title, new)
            return ConversionResult(await asyncio.to_thread(self.local_get, q.id), draft_id, expired=False)
        items = [(x.sku, x.model, x.name, x.qty, x.net_price) for x in q.lines]
        lines, new, live = await self.desk.orders.priced_lines(q.account_id, items, f"quotation {q.number}")
        draft_id = await asyncio.to_thread(self._new_draft, q, title, new)
        return ConversionResult(await asyncio.to_thread(self.local_get, q.id), draft_id, expired=True,
                                lines=tuple(lines), live_prices=live)

    def _new_draft(self, q: Quotation, title: str, lines: list[NewLine]) -> int:
        draft = self.desk.drafts.create(q.account_id, title=title)
        self.desk.drafts.add_lines(draft.id, lines)
        if q.notes:
            self.desk.drafts.update_header(draft.id, note=q.notes[:500])
        self.store.set_state(q.id, QuotationState.ORDERED, order_draft_id=draft.id)
        return draft.id

    # --- the platform's copy (services/quotation_sync.py) --------------------------------------------------------

    def platform_keeps_quotations(self) -> bool:
        return self.sync.supported()

    def _check_platform(self) -> None:
        if not self.platform_keeps_quotations():
            raise QuotationProblem(Problem.UNSUPPORTED, platform=self.gateway.platform.name)

    def push_key(self, q: Quotation) -> str:
        return self.sync.key(q)

    async def push(self, quotation_id: int) -> Quotation:
        """Send the quotation to the platform now (again, after a change); its state there comes back with it.
        From then on every change to it is pushed in the background (``push_due``). A push that cannot reach the
        platform raises its error and stays due; one the platform refuses raises and is marked failed."""
        self._check_platform()
        q = await asyncio.to_thread(self.local_get, quotation_id)
        if not q.lines:
            raise QuotationProblem(Problem.EMPTY)
        result = await self.sync.push_now(q.id)
        if result.error is not None:
            raise result.error
        return result.quotation

    async def push_due(self, *, force: bool = False) -> PushRun:
        return await self.sync.push_due(force=force)

    async def refresh_states(self, account_id: str | None = None) -> list[Quotation]:
        """Read back the state of the pushed quotations (the customer may have accepted one on the platform);
        returns those whose state changed here."""
        if not self.platform_keeps_quotations():
            return []
        return await self.sync.refresh_states(await asyncio.to_thread(self.local_list, account_id))

    # --- files (thread) --------------------------------------------------------------------------------------------

    def local_export(self, quotation_id: int, *, xlsx: Path | None = None, pdf: Path | None = None) -> list[Path]:
        """Write the quotation as .xlsx and/or PDF; returns the files written."""
        from b2bterm.export.quotation_pdf import write_quotation_pdf
        from b2bterm.export.quotation_xlsx import write_quotation_xlsx

        q = self.local_get(quotation_id)
        state = self.state_of(q)
        written: list[Path] = []
        if xlsx is not None:
            written.append(write_quotation_xlsx(q, state, self.company(), xlsx))
        if pdf is not None:
            written.append(write_quotation_pdf(q, state, self.company(), pdf))
        return written
