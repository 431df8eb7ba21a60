"""Quotations (报价单): what a distributor offers one account, at prices frozen as they were quoted.

Pure data and rules, no I/O. A quotation is stored in one of four states (draft, sent, accepted, ordered); "expired"
is never stored: it is what a draft, sent or accepted quotation is once its validity date has passed, on the day the
caller gives (from the product clock).
"""

from __future__ import annotations

import enum
from dataclasses import field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from b2bterm.domain.models import PriceSource, PriceSourceKind, with_tax
from b2bterm.domain.money import Money
from b2bterm.domain.price_note import PriceNote, PriceNoteKind, read_price_notes
from b2bterm.domain.record import record

MAX_VALID_DAYS = 3660
DEFAULT_VALID_DAYS = 30
MAX_LINES = 2000
MAX_TEXT = 2000  # terms and notes


class QuotationState(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    EXPIRED = "expired"  # computed, never stored
    ORDERED = "ordered"


class PushState(enum.StrEnum):
    """Where the platform's copy of a quotation stands (a platform with ``Capability.QUOTATIONS``)."""

    LOCAL = ""  # never asked to be on the platform
    WAITING = "waiting"  # a push is due (at ``push_next_at``): tried again in the background until it goes
    PUSHED = "pushed"  # the platform holds the quotation as it is here
    FAILED = "failed"  # the platform refused it (``push_error`` says why): the user must change it or push again


STORED_STATES = (QuotationState.DRAFT, QuotationState.SENT, QuotationState.ACCEPTED, QuotationState.ORDERED)
# what a user may move a quotation to by hand, from each stored state
NEXT_STATES: dict[QuotationState, tuple[QuotationState, ...]] = {
    QuotationState.DRAFT: (QuotationState.SENT,),
    QuotationState.SENT: (QuotationState.ACCEPTED, QuotationState.DRAFT),
    QuotationState.ACCEPTED: (QuotationState.SENT,),
    QuotationState.ORDERED: (),
}


@record
class QuotationLine:
    """One quoted product: the prices are the ones quoted, whatever the price book says later."""

    sku: str
    model: str
    qty: int
    list_price: Money  # unit, tax-exclusive
    net_price: Money  # unit, tax-exclusive, for this qty
    tax_rate: Decimal
    source: PriceSource = field(default_factory=lambda: PriceSource(PriceSourceKind.LIST))
    brand: str = ""
    name_en: str = ""
    name_zh: str = ""
    unit: str = "pc"
    quoted_at: datetime | None = None
    id: int = 0
    position: int = 0

    @property
    def name(self) -> str:
        return self.name_zh or self.name_en

    @property
    def net_incl_tax(self) -> Money:
        """Unit price, tax-inclusive (含税)."""
        return with_tax(self.net_price, self.tax_rate)

    @property
    def amount_net(self) -> Money:
        return (self.net_price * self.qty).rounded()

    @property
    def amount_incl_tax(self) -> Money:
        return with_tax(self.amount_net, self.tax_rate)

    @property
    def discount(self) -> Decimal:
        """Fraction off list (0.15 = 15 % off); 0 when there is no list price."""
        if not self.list_price.amount:
            return Decimal(0)
        return (1 - self.net_price.amount / self.list_price.amount).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@record
class Quotation:
    id: int
    account_id: str
    valid_until: date
    created_at: datetime
    updated_at: datetime
    state: QuotationState = QuotationState.DRAFT  # as stored: never EXPIRED
    account_code: str = ""
    account_name: str = ""
    currency: str = "CNY"
    delivery_terms: str = ""
    payment_terms: str = ""
    notes: str = ""
    lines: tuple[QuotationLine, ...] = ()
    sent_at: datetime | None = None
    order_draft_id: int | None = None
    remote_id: str = ""  # the platform's id once pushed
    line_count: int = -1  # in a listing without lines: how many there are (-1: count the lines)
    push_state: PushState = PushState.LOCAL
    push_attempts: int = 0  # failed pushes since the last one that went
    push_next_at: datetime | None = None  # when a waiting push is due
    push_error: str = ""  # why the last push did not go (the platform's words)
    pushed_at: datetime | None = None
    push_rev: int = 0  # bumped by every change that must reach the platform

    @property
    def number(self) -> str:
        """The quotation's number as printed: Q + the day it was made + its local id."""
        return f"Q{self.created_at:%y%m%d}-{self.id:04d}"

    def state_on(self, today: date) -> QuotationState:
        if self.state is not QuotationState.ORDERED and is_expired(self.valid_until, today):
            return QuotationState.EXPIRED
        return self.state

    def is_valid_on(self, today: date) -> bool:
        return not is_expired(self.valid_until, today)

    @property
    def lines_total(self) -> int:
        return self.line_count if self.line_count >= 0 else len(self.lines)

    @property
    def subtotal(self) -> Money:
        """Sum of the lines, tax-exclusive."""
        total = Money.zero(self.currency)
        for line in self.lines:
            total = total + line.amount_net
        return total

    @property
    def total_incl_tax(self) -> Money:
        total = Money.zero(self.currency)
        for line in self.lines:
            total = total + line.amount_incl_tax
        return total

    @property
    def tax(self) -> Money:
        return self.total_incl_tax - self.subtotal


@record
class Company:
    """Who quotes: the header of an exported quotation."""

    name: str
    address: str = ""
    contact: str = ""


@record
class RemoteQuotation:
    """A quotation as the platform keeps it: its id there, the number it was pushed with, and its state there."""

    remote_id: str
    reference: str  # the local number (Q261124-0012)
    state: QuotationState
    updated_at: datetime | None = None


def is_expired(valid_until: date, today: date) -> bool:
    """A quotation is valid through its validity date and expired from the day after."""
    return today > valid_until


def default_valid_until(today: date, valid_days: int) -> date:
    return today + timedelta(days=max(0, min(int(valid_days), MAX_VALID_DAYS)))


class ItemError(ValueError):
    """An ``ITEM[:QTY]`` that cannot be read: ``kind`` is no_code, not_whole or out_of_range; ``item`` as typed,
    ``qty`` the quantity text (the CLI words it)."""

    def __init__(self, kind: str, item: str, qty: str = "") -> None:
        english = {"no_code": f"{item!r}: no SKU or model number before the quantity",
                   "not_whole": f"{item!r}: {qty!r} is not a whole quantity",
                   "out_of_range": f"{item!r}: the quantity must be from 1 to 1,000,000"}[kind]
        super().__init__(english)
        self.kind, self.item, self.qty = kind, item, qty


def parse_item(text: str) -> tuple[str, int]:
    """``ITEM[:QTY]`` as the command line takes it: a SKU or model number and a whole quantity after the last colon,
    1 when none is given. Raises ItemError (a ValueError) saying what is wrong."""
    raw = text.strip().replace("：", ":")
    code, _sep, qty_text = raw.rpartition(":") if ":" in raw else (raw, "", "")
    code = code.strip()
    if not code:
        raise ItemError("no_code", text)
    if not qty_text.strip():
        return code, 1
    try:
        qty = int(qty_text.strip().replace(",", "").replace("_", ""))
    except ValueError:
        raise ItemError("not_whole", text, qty_text.strip()) from None
    if not 1 <= qty <= 1_000_000:
        raise ItemError("out_of_range", text, qty_text.strip())
    return code, qty


# A pad line made from a quotation carries this note while its price is the quoted one; the pad keeps that price
# (does not re-price the line) while the note's quantity is the line's and the validity date has not passed.
def quoted_note(price: Money, qty: int, number: str, valid_until: date) -> str:
    return PriceNote(PriceNoteKind.QUOTED, number, now=price.format(), qty=qty,
                     valid_until=valid_until.isoformat()).stored()


def quoted_price_holds(message: str, qty: int, today: date, sep: str = " · ") -> bool:
    """Whether a pad line's message says its price is a quotation's, still valid for this quantity today."""
    return any(n.kind is PriceNoteKind.QUOTED and n.qty == qty
               and not is_expired(date.fromisoformat(n.valid_until), today) for n in read_price_notes(message, sep))
