"""JSON <-> domain codecs for accounts and orders on the b2bterm platform HTTP API (docs/platform-api.yaml): accounts
and their ship-to addresses, order summaries and pages, the order query as URL parameters, orders with their lines,
shipments and tracking, order requests. Read as strictly as the rest of the wire (``wire.py``): a wrong field names
its path."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from b2bterm.domain.models import (
    Account,
    InvoiceType,
    Order,
    OrderLine,
    OrderRequest,
    OrderRequestLine,
    OrderStatus,
    OrderSummary,
    Shipment,
    ShipTo,
    StatusChange,
    TrackingEvent,
)
from b2bterm.platform.base import OrderPage, OrderQuery
from b2bterm.platform.http.wire import (
    JSON,
    WireError,
    _iso,
    _join,
    _money,
    b,
    day,
    dec,
    dec_str,
    dt,
    i,
    int_param,
    lst,
    money,
    obj,
    s,
    strict_enum,
)

# --- accounts -------------------------------------------------------------------------------------------------------


def _ship_to_json(t: ShipTo) -> JSON:
    return {"id": t.id, "name": t.name, "address": t.address, "contact": t.contact, "phone": t.phone}


def ship_to_from_json(v: object, path: str) -> ShipTo:
    d = obj(v, path)
    return ShipTo(
        id=s(d, "id", path),
        name=s(d, "name", path),
        address=s(d, "address", path),
        contact=s(d, "contact", path, ""),
        phone=s(d, "phone", path, ""),
    )


def account_to_json(a: Account) -> JSON:
    return {
        "id": a.id,
        "code": a.code,
        "name": a.name,
        "name_zh": a.name_zh,
        "group": a.group,
        "phone": a.phone,
        "payment_terms": a.payment_terms,
        "currency": a.currency,
        "tax_rate": dec_str(a.tax_rate),
        "ship_tos": [_ship_to_json(t) for t in a.ship_tos],
    }


def account_from_json(v: object, path: str = "account") -> Account:
    d = obj(v, path)
    return Account(
        id=s(d, "id", path),
        code=s(d, "code", path),
        name=s(d, "name", path),
        name_zh=s(d, "name_zh", path, ""),
        group=s(d, "group", path, ""),
        phone=s(d, "phone", path, ""),
        payment_terms=s(d, "payment_terms", path, ""),
        currency=s(d, "currency", path, "CNY"),
        tax_rate=dec(d, "tax_rate", path),
        ship_tos=tuple(lst(d, "ship_tos", path, ship_to_from_json, required=False)),
    )


# --- orders ---------------------------------------------------------------------------------------------------------


def order_summary_to_json(o: OrderSummary) -> JSON:
    return {
        "number": o.number,
        "account_id": o.account_id,
        "placed_at": o.placed_at.isoformat(),
        "status": o.status.value,
        "total": _money(o.total),
        "po_number": o.po_number,
        "line_count": o.line_count,
        "backordered": o.backordered,
        "shipped_lines": o.shipped_lines,
    }


def order_summary_from_json(v: object, path: str) -> OrderSummary:
    d = obj(v, path)
    return OrderSummary(
        number=s(d, "number", path),
        account_id=s(d, "account_id", path),
        placed_at=dt(d, "placed_at", path),
        status=OrderStatus.parse(s(d, "status", path)),
        total=money(d, "total", path),
        po_number=s(d, "po_number", path, ""),
        line_count=i(d, "line_count", path, 0),
        backordered=b(d, "backordered", path, False),
        shipped_lines=i(d, "shipped_lines", path, 0),
    )


def order_page_to_json(page: OrderPage) -> JSON:
    return {
        "orders": [order_summary_to_json(o) for o in page.orders],
        "next_cursor": page.next_cursor,
        "total": page.total,
    }


def order_page_from_json(v: object, path: str = "") -> OrderPage:
    d = obj(v, path)
    return OrderPage(
        orders=tuple(lst(d, "orders", path, order_summary_from_json)),
        next_cursor=s(d, "next_cursor", path, None),
        total=i(d, "total", path, None),
    )


def order_query_to_params(q: OrderQuery) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = [("limit", str(q.limit))]
    if q.account_id is not None:
        params.append(("account_id", q.account_id))
    if q.status is not None:
        params.append(("status", q.status.value))
    if q.since is not None:
        params.append(("since", q.since.isoformat()))
    if q.until is not None:
        params.append(("until", q.until.isoformat()))
    for key in ("po_number", "number", "contains"):
        value = getattr(q, key)
        if value:
            params.append((key, value))
    if q.cursor is not None:
        params.append(("cursor", q.cursor))
    return params


def order_query_from_params(params: Mapping[str, str]) -> OrderQuery:
    """Raises WireError for a malformed parameter (the server answers 400)."""

    def _date(key: str) -> date | None:
        raw = params.get(key)
        if raw is None or raw == "":
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError as exc:
            raise WireError(key, f"not an ISO date (YYYY-MM-DD): {raw!r}") from exc

    status_raw = params.get("status")
    status = None
    if status_raw:
        try:
            status = OrderStatus(status_raw)
        except ValueError as exc:
            raise WireError("status", f"{status_raw!r} is not an order status") from exc
    return OrderQuery(
        account_id=params.get("account_id"),
        status=status,
        since=_date("since"),
        until=_date("until"),
        po_number=params.get("po_number", ""),
        number=params.get("number", ""),
        contains=params.get("contains", ""),
        cursor=params.get("cursor"),
        limit=int_param(params, "limit", 100, lo=1, hi=1000),
    )




def _line_json(line: OrderLine) -> JSON:
    return {
        "sku": line.sku,
        "model": line.model,
        "name": line.name,
        "qty": line.qty,
        "unit_price": _money(line.unit_price),
        "qty_shipped": line.qty_shipped,
        "qty_backordered": line.qty_backordered,
    }


def _line(v: object, path: str) -> OrderLine:
    d = obj(v, path)
    return OrderLine(
        sku=s(d, "sku", path),
        model=s(d, "model", path),
        name=s(d, "name", path),
        qty=i(d, "qty", path),
        unit_price=money(d, "unit_price", path),
        qty_shipped=i(d, "qty_shipped", path, 0),
        qty_backordered=i(d, "qty_backordered", path, 0),
    )


def _event(v: object, path: str) -> TrackingEvent:
    d = obj(v, path)
    return TrackingEvent(
        at=dt(d, "at", path),
        description=s(d, "description", path),
        place=s(d, "place", path, ""),
        status=s(d, "status", path, ""),
    )


def _shipment_line(v: object, path: str) -> tuple[str, int]:
    d = obj(v, path)
    return s(d, "sku", path), i(d, "qty", path)


def _shipment(v: object, path: str) -> Shipment:
    d = obj(v, path)
    return Shipment(
        id=s(d, "id", path),
        carrier=s(d, "carrier", path),
        tracking_number=s(d, "tracking_number", path),
        shipped_at=dt(d, "shipped_at", path, None),
        eta=day(d, "eta", path, None),
        tracking_url=s(d, "tracking_url", path, ""),
        lines=tuple(lst(d, "lines", path, _shipment_line, required=False)),
        events=tuple(lst(d, "events", path, _event, required=False)),
        delivered=b(d, "delivered", path, False),
    )


def _status_change(v: object, path: str) -> StatusChange:
    d = obj(v, path)
    return StatusChange(
        status=OrderStatus.parse(s(d, "status", path)), at=dt(d, "at", path), note=s(d, "note", path, "")
    )


def order_to_json(o: Order) -> JSON:
    return {
        "number": o.number,
        "account_id": o.account_id,
        "placed_at": o.placed_at.isoformat(),
        "status": o.status.value,
        "lines": [_line_json(line) for line in o.lines],
        "subtotal": _money(o.subtotal),
        "tax": _money(o.tax),
        "total": _money(o.total),
        "po_number": o.po_number,
        "ship_to": _ship_to_json(o.ship_to) if o.ship_to else None,
        "payment_terms": o.payment_terms,
        "invoice_type": o.invoice_type.value,
        "note": o.note,
        "requested_date": _iso(o.requested_date),
        "shipments": [
            {
                "id": sh.id,
                "carrier": sh.carrier,
                "tracking_number": sh.tracking_number,
                "shipped_at": _iso(sh.shipped_at),
                "eta": _iso(sh.eta),
                "tracking_url": sh.tracking_url,
                "lines": [{"sku": sku, "qty": qty} for sku, qty in sh.lines],
                "events": [
                    {"at": e.at.isoformat(), "description": e.description, "place": e.place, "status": e.status}
                    for e in sh.events
                ],
                "delivered": sh.delivered,
            }
            for sh in o.shipments
        ],
        "history": [{"status": h.status.value, "at": h.at.isoformat(), "note": h.note} for h in o.history],
        "idempotency_key": o.idempotency_key,
    }


def order_from_json(v: object, path: str = "order") -> Order:
    d = obj(v, path)
    ship_to = d.get("ship_to")
    return Order(
        number=s(d, "number", path),
        account_id=s(d, "account_id", path),
        placed_at=dt(d, "placed_at", path),
        status=OrderStatus.parse(s(d, "status", path)),
        lines=tuple(lst(d, "lines", path, _line)),
        subtotal=money(d, "subtotal", path),
        tax=money(d, "tax", path),
        total=money(d, "total", path),
        po_number=s(d, "po_number", path, ""),
        ship_to=ship_to_from_json(ship_to, _join(path, "ship_to")) if ship_to is not None else None,
        payment_terms=s(d, "payment_terms", path, ""),
        invoice_type=strict_enum(InvoiceType, d, "invoice_type", path, InvoiceType.NORMAL),
        note=s(d, "note", path, ""),
        requested_date=day(d, "requested_date", path, None),
        shipments=tuple(lst(d, "shipments", path, _shipment, required=False)),
        history=tuple(lst(d, "history", path, _status_change, required=False)),
        idempotency_key=s(d, "idempotency_key", path, ""),
    )


def order_request_to_json(r: OrderRequest) -> JSON:
    return {
        "account_id": r.account_id,
        "lines": [
            {"sku": line.sku, "qty": line.qty, "expected_unit_price": _money(line.expected_unit_price)}
            for line in r.lines
        ],
        "po_number": r.po_number,
        "ship_to_id": r.ship_to_id,
        "requested_date": _iso(r.requested_date),
        "invoice_type": r.invoice_type.value,
        "note": r.note,
        "quotation_id": r.quotation_id,
    }


def _request_line(v: object, path: str) -> OrderRequestLine:
    d = obj(v, path)
    return OrderRequestLine(
        sku=s(d, "sku", path), qty=i(d, "qty", path), expected_unit_price=money(d, "expected_unit_price", path, None)
    )


def order_request_from_json(v: object, path: str = "") -> OrderRequest:
    d = obj(v, path)
    return OrderRequest(
        account_id=s(d, "account_id", path),
        lines=tuple(lst(d, "lines", path, _request_line)),
        po_number=s(d, "po_number", path, ""),
        ship_to_id=s(d, "ship_to_id", path, ""),
        requested_date=day(d, "requested_date", path, None),
        invoice_type=strict_enum(InvoiceType, d, "invoice_type", path, InvoiceType.NORMAL),
        note=s(d, "note", path, ""),
        quotation_id=s(d, "quotation_id", path, ""),
    )
