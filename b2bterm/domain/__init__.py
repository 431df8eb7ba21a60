"""Pure data and rules: no I/O at all."""

from b2bterm.domain.modelno import loose_key, normalise
from b2bterm.domain.money import Money
from b2bterm.domain.models import (
    Account,
    Availability,
    CodeKind,
    CodeMatch,
    DraftLine,
    DraftOrder,
    DraftState,
    LineStatus,
    Incoming,
    InvoiceType,
    LastPaid,
    Order,
    OrderLine,
    OrderRequest,
    OrderRequestLine,
    OrderStatus,
    OrderSummary,
    PriceBreak,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    Product,
    ProductStatus,
    Shipment,
    ShipTo,
    StatusChange,
    StockState,
    TrackingEvent,
    WarehouseStock,
    price_for_qty,
    stock_state,
)

__all__ = [
    "Account", "Availability", "CodeKind", "CodeMatch", "DraftLine", "DraftOrder", "DraftState", "LineStatus",
    "Incoming", "InvoiceType", "LastPaid", "Money",
    "Order", "OrderLine", "OrderRequest", "OrderRequestLine", "OrderStatus", "OrderSummary", "PriceBreak",
    "PriceQuote", "PriceSource", "PriceSourceKind", "Product", "ProductStatus", "ShipTo", "Shipment",
    "StatusChange", "StockState", "TrackingEvent", "WarehouseStock", "loose_key", "normalise",
    "price_for_qty", "stock_state",
]
