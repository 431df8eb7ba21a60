"""The nouns of b2bterm: products, prices, stock, accounts, drafts, orders, shipments.

Frozen dataclasses, no I/O. Money is ``Money`` (Decimal with currency). Times are timezone-aware datetimes.
"""

from __future__ import annotations

import enum
from dataclasses import field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from b2bterm.domain.money import CENT, Money, check_price
from b2bterm.domain.record import record

if TYPE_CHECKING:  # quantities as written are parsed by the quick-order pad: its patterns load with it
    from b2bterm.domain.quantity import Quantity

DEFAULT_TAX_RATE = Decimal("0.13")


class ProductStatus(enum.StrEnum):
    ACTIVE = "active"
    DISCONTINUED = "discontinued"
    SUPERSEDED = "superseded"

    @classmethod
    def parse(cls, value: str) -> ProductStatus:
        try:
            return cls(value)
        except ValueError:
            return cls.ACTIVE


@record
class Product:
    sku: str
    model: str
    brand: str
    category: str
    name_en: str
    name_zh: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    unit: str = "pc"
    pack_size: int = 1
    moq: int = 1
    status: ProductStatus = ProductStatus.ACTIVE
    list_price: Money | None = None
    popularity: int = 0
    ean: str = ""
    superseded_by: str = ""
    substitutes: tuple[str, ...] = ()
    cross_refs: tuple[str, ...] = ()
    updated_at: str = ""

    def __post_init__(self) -> None:
        check_price(self.list_price, f"the list price of {self.sku}")

    @property
    def name(self) -> str:
        return self.name_en or self.name_zh

    def attribute(self, key: str) -> str | None:
        for k, v in self.attributes:
            if k == key:
                return v
        return None


class CodeKind(enum.StrEnum):
    SKU = "sku"
    MODEL = "model"
    CUSTOMER_PART = "customer_part"
    CROSS_REF = "cross_ref"
    EAN = "ean"
    MODEL_LOOSE = "model_loose"  # the model number is equal only with O/0 and I/1 folded (a platform may not say)


@record
class CodeMatch:
    """One way a typed code led to a SKU."""

    code: str
    sku: str
    kind: CodeKind


@record
class PriceBreak:
    min_qty: int
    unit_price: Money

    def __post_init__(self) -> None:
        check_price(self.unit_price, f"the price from {self.min_qty}")


class PriceSourceKind(enum.StrEnum):
    CONTRACT = "contract"
    GROUP = "group"
    PROMOTION = "promotion"
    LIST = "list"


@record
class PriceSource:
    kind: PriceSourceKind
    reference: str = ""  # contract number, price list id, group name
    description: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    def label(self) -> str:
        parts = [self.kind.value]
        if self.reference:
            parts.append(self.reference)
        if self.valid_to:
            parts.append(f"valid to {self.valid_to.isoformat()}")
        return " · ".join(parts)


@record
class LastPaid:
    unit_price: Money
    qty: int
    on: date
    order_number: str

    def __post_init__(self) -> None:
        check_price(self.unit_price, "the last price paid")


def with_tax(amount: Money, tax_rate: Decimal) -> Money:
    return Money(amount.amount * (1 + tax_rate), amount.currency).rounded(CENT)


@record
class PriceQuote:
    """What one account pays for one SKU at one quantity, and why."""

    sku: str
    account_id: str
    qty: int
    list_price: Money  # unit, tax-exclusive
    net_price: Money  # unit, tax-exclusive, for this qty (tier applied)
    tax_rate: Decimal = DEFAULT_TAX_RATE
    breaks: tuple[PriceBreak, ...] = ()
    source: PriceSource = field(default_factory=lambda: PriceSource(PriceSourceKind.LIST))
    fetched_at: datetime | None = None
    last_paid: LastPaid | None = None
    customer_part_number: str = ""

    def __post_init__(self) -> None:
        check_price(self.list_price, f"the list price of {self.sku}")
        check_price(self.net_price, f"the net price of {self.sku}")
        if not (0 <= self.tax_rate <= 1):
            raise ValueError(f"the tax rate of {self.sku} is not a rate: {self.tax_rate}")
        currencies = {self.list_price.currency, *(b.unit_price.currency for b in self.breaks)}
        if self.last_paid is not None:
            currencies.add(self.last_paid.unit_price.currency)
        if currencies != {self.net_price.currency}:
            raise ValueError(f"the prices of {self.sku} mix currencies: {', '.join(sorted(currencies))} "
                             f"and {self.net_price.currency}")

    @property
    def currency(self) -> str:
        return self.net_price.currency

    @property
    def net_price_incl_tax(self) -> Money:
        return with_tax(self.net_price, self.tax_rate)

    @property
    def extended_net(self) -> Money:
        return (self.net_price * self.qty).rounded()

    @property
    def extended_incl_tax(self) -> Money:
        return with_tax(self.extended_net, self.tax_rate)

    @property
    def discount(self) -> Decimal:
        """Fraction off list (0.15 = 15% off); 0 when list is zero."""
        if not self.list_price.amount:
            return Decimal(0)
        off = 1 - self.net_price.amount / self.list_price.amount
        return off.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def price_for_qty(base: Money, breaks: tuple[PriceBreak, ...] | list[PriceBreak], qty: int) -> Money:
    """The unit price for ``qty``: the break with the largest min_qty not above qty, else ``base``."""
    best = base
    best_min = 0
    for brk in breaks:
        if brk.min_qty <= qty and brk.min_qty >= best_min:
            best, best_min = brk.unit_price, brk.min_qty
    return best


@record
class Incoming:
    qty: int
    eta: date
    reference: str = ""  # purchase order number


@record
class WarehouseStock:
    code: str
    name: str
    on_hand: int
    incoming: tuple[Incoming, ...] = ()


@record
class Availability:
    sku: str
    warehouses: tuple[WarehouseStock, ...]
    fetched_at: datetime | None = None

    @property
    def on_hand(self) -> int:
        return sum(w.on_hand for w in self.warehouses)

    @property
    def incoming(self) -> int:
        return sum(i.qty for w in self.warehouses for i in w.incoming)

    def next_eta(self) -> date | None:
        etas = [i.eta for w in self.warehouses for i in w.incoming]
        return min(etas) if etas else None


class StockState(enum.StrEnum):
    IN_STOCK = "in_stock"
    PARTIAL = "partial"
    INCOMING = "incoming"
    OUT = "out"
    UNKNOWN = "unknown"


def stock_state(avail: Availability | None, qty: int) -> StockState:
    if avail is None:
        return StockState.UNKNOWN
    if avail.on_hand >= qty:
        return StockState.IN_STOCK
    if avail.on_hand > 0:
        return StockState.PARTIAL
    if avail.incoming > 0:
        return StockState.INCOMING
    return StockState.OUT


@record
class ShipTo:
    id: str
    name: str
    address: str
    contact: str = ""
    phone: str = ""


@record
class Account:
    id: str
    code: str
    name: str
    name_zh: str = ""
    group: str = ""
    phone: str = ""
    payment_terms: str = ""
    currency: str = "CNY"
    tax_rate: Decimal = DEFAULT_TAX_RATE
    ship_tos: tuple[ShipTo, ...] = ()

    @property
    def display_name(self) -> str:
        return self.name_zh or self.name


class InvoiceType(enum.StrEnum):
    NORMAL = "normal"  # 普通发票
    VAT_SPECIAL = "vat_special"  # 增值税专用发票


class OrderStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    PROCESSING = "processing"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    ON_HOLD = "on_hold"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: str) -> OrderStatus:
        try:
            return cls(value.strip().lower())
        except ValueError:
            return cls.UNKNOWN


@record
class OrderLine:
    sku: str
    model: str
    name: str
    qty: int
    unit_price: Money
    qty_shipped: int = 0
    qty_backordered: int = 0

    def __post_init__(self) -> None:
        check_price(self.unit_price, f"the price of {self.sku}")

    @property
    def extended(self) -> Money:
        return (self.unit_price * self.qty).rounded()


@record
class TrackingEvent:
    at: datetime
    description: str
    place: str = ""
    status: str = ""


@record
class Shipment:
    id: str
    carrier: str
    tracking_number: str
    shipped_at: datetime | None = None
    eta: date | None = None
    tracking_url: str = ""
    lines: tuple[tuple[str, int], ...] = ()  # (sku, qty)
    events: tuple[TrackingEvent, ...] = ()  # newest first
    delivered: bool = False


@record
class StatusChange:
    status: OrderStatus
    at: datetime
    note: str = ""


@record
class OrderSummary:
    number: str
    account_id: str
    placed_at: datetime
    status: OrderStatus
    total: Money  # tax-inclusive
    po_number: str = ""
    line_count: int = 0
    backordered: bool = False
    shipped_lines: int = 0


@record
class Order:
    number: str
    account_id: str
    placed_at: datetime
    status: OrderStatus
    lines: tuple[OrderLine, ...]
    subtotal: Money  # tax-exclusive
    tax: Money
    total: Money  # tax-inclusive
    po_number: str = ""
    ship_to: ShipTo | None = None
    payment_terms: str = ""
    invoice_type: InvoiceType = InvoiceType.NORMAL
    note: str = ""
    requested_date: date | None = None
    shipments: tuple[Shipment, ...] = ()
    history: tuple[StatusChange, ...] = ()
    idempotency_key: str = ""

    def summary(self) -> OrderSummary:
        return OrderSummary(
            number=self.number,
            account_id=self.account_id,
            placed_at=self.placed_at,
            status=self.status,
            total=self.total,
            po_number=self.po_number,
            line_count=len(self.lines),
            backordered=any(line.qty_backordered for line in self.lines),
            shipped_lines=sum(1 for line in self.lines if line.qty_shipped >= line.qty),
        )


@record
class OrderRequestLine:
    sku: str
    qty: int
    expected_unit_price: Money | None = None  # what the user saw; platforms may reject a mismatch


@record
class OrderRequest:
    account_id: str
    lines: tuple[OrderRequestLine, ...]
    po_number: str = ""
    ship_to_id: str = ""
    requested_date: date | None = None
    invoice_type: InvoiceType = InvoiceType.NORMAL
    note: str = ""
    quotation_id: str = ""  # the platform's id of the quotation this order takes up ("" = none): a platform that
    # keeps quotations as draft orders converts that one instead of making another


class LineStatus(enum.StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


class DraftState(enum.StrEnum):
    OPEN = "open"  # being edited
    QUEUED = "queued"  # in the outbox, waiting to be sent
    SENDING = "sending"
    SENT = "sent"
    NEEDS_ATTENTION = "needs_attention"
    REJECTED = "rejected"


@record
class DraftLine:
    id: int
    position: int
    input: str  # what the user typed or pasted for this line
    qty: int
    sku: str = ""
    status: LineStatus = LineStatus.UNKNOWN
    candidates: tuple[str, ...] = ()  # SKUs to pick from when ambiguous
    message: str = ""  # a problem on the line, for the user
    unit_price_seen: Money | None = None  # the price the user saw when drafting
    price_seen_at: datetime | None = None
    written_qty: Quantity | None = None  # the quantity as the customer wrote it (None: typed, or not pasted)
    qty_assumed: bool = False  # the pasted line stated no quantity: 1 was assumed, and the pad says so


@record
class DraftOrder:
    id: int
    account_id: str
    lines: tuple[DraftLine, ...] = ()
    po_number: str = ""
    ship_to_id: str = ""
    requested_date: date | None = None
    invoice_type: InvoiceType = InvoiceType.NORMAL
    note: str = ""
    state: DraftState = DraftState.OPEN
    idempotency_key: str = ""
    order_number: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str = ""


@record
class NewLine:
    """A line to add; the store gives it an id and the next position."""

    input: str
    qty: int
    sku: str = ""
    status: LineStatus = LineStatus.UNKNOWN
    candidates: tuple[str, ...] = ()
    message: str = ""
    unit_price_seen: Money | None = None
    price_seen_at: datetime | None = None
    written_qty: Quantity | None = None  # the quantity as the customer wrote it
    qty_assumed: bool = False  # the pasted line stated no quantity: 1 was assumed
