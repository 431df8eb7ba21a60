"""JSON <-> domain codecs for the b2bterm platform HTTP API (docs/platform-api.yaml), shared by client and server.

Decoding is strict: every required field must be present with the right JSON type, money is an object
``{"amount": "12.50", "currency": "CNY"}`` whose amount is a decimal *string* (a JSON number is refused: it may have
passed through a float), dates are ISO ``YYYY-MM-DD`` and datetimes ISO 8601 with a UTC offset. A problem raises
``WireError`` naming the path of the field (``quotes[2].net_price.amount``); nothing half-decoded is ever returned.
Optional fields (those with a default in the domain dataclass) may be absent or ``null``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from b2bterm.domain.models import (
    Account,
    Availability,
    CodeKind,
    CodeMatch,
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
    TrackingEvent,
    WarehouseStock,
)
from b2bterm.domain.money import Money
from b2bterm.platform.base import (
    Capability,
    CatalogChanges,
    CatalogSnapshot,
    CustomerPartNumber,
    OrderPage,
    OrderQuery,
)

API_VERSION = "1"
T = TypeVar("T")
JSON = dict[str, Any]

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")


class WireError(ValueError):
    """A JSON document does not match the API schema. ``path`` names the field."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or '(document)'}: {problem}")
        self.path = path
        self.problem = problem


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class _Missing:
    pass


_MISSING: Any = _Missing()


# --- primitive readers ----------------------------------------------------------------------------------------------


def obj(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise WireError(path, f"expected an object, got {_type_name(value)}")
    return value


def _get(d: Mapping[str, Any], key: str, path: str, default: Any) -> Any:
    if key not in d or d[key] is None:
        if default is _MISSING:
            raise WireError(_join(path, key), "required field is missing")
        return default
    return d[key]


def s(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    v = _get(d, key, path, default)
    if v is default and default is not _MISSING:
        return v
    if not isinstance(v, str):
        raise WireError(_join(path, key), f"expected a string, got {_type_name(v)}")
    return v


def i(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    v = _get(d, key, path, default)
    if v is default and default is not _MISSING:
        return v
    if isinstance(v, bool) or not isinstance(v, int):
        raise WireError(_join(path, key), f"expected an integer, got {_type_name(v)}")
    return v


def b(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    v = _get(d, key, path, default)
    if v is default and default is not _MISSING:
        return v
    if not isinstance(v, bool):
        raise WireError(_join(path, key), f"expected a boolean, got {_type_name(v)}")
    return v


def lst(d: Mapping[str, Any], key: str, path: str, item: Callable[[Any, str], T], *, required: bool = True) -> list[T]:
    v = _get(d, key, path, _MISSING if required else [])
    p = _join(path, key)
    if not isinstance(v, list):
        raise WireError(p, f"expected an array, got {_type_name(v)}")
    return [item(x, _join(p, n)) for n, x in enumerate(v)]


def str_item(v: object, path: str) -> str:
    if not isinstance(v, str):
        raise WireError(path, f"expected a string, got {_type_name(v)}")
    return v


def decimal_str(v: object, path: str) -> Decimal:
    if not isinstance(v, str):
        raise WireError(path, f'expected a decimal string such as "12.50", got {_type_name(v)} {v!r}')
    if not _AMOUNT.match(v):
        raise WireError(path, f"not a decimal number: {v!r}")
    try:
        return Decimal(v)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise WireError(path, f"not a decimal number: {v!r}") from exc


def dec(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    v = _get(d, key, path, default)
    if v is default and default is not _MISSING:
        return v
    return decimal_str(v, _join(path, key))


def money_value(v: object, path: str) -> Money:
    m = obj(v, path)
    amount = dec(m, "amount", path)
    currency = s(m, "currency", path)
    if not _CURRENCY.match(currency):
        raise WireError(_join(path, "currency"), f"expected an ISO 4217 code such as CNY, got {currency!r}")
    return Money(amount, currency)


def money(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    v = _get(d, key, path, default)
    if v is default and default is not _MISSING:
        return v
    return money_value(v, _join(path, key))


def dt(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    raw = s(d, key, path, default)
    if raw is default and default is not _MISSING:
        return raw
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise WireError(_join(path, key), f"not an ISO 8601 date-time: {raw!r}") from exc
    if value.tzinfo is None:
        raise WireError(_join(path, key), f"date-time has no UTC offset: {raw!r}")
    return value


def day(d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    raw = s(d, key, path, default)
    if raw is default and default is not _MISSING:
        return raw
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise WireError(_join(path, key), f"not an ISO date (YYYY-MM-DD): {raw!r}") from exc


def strict_enum(enum_type: type[T], d: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> T:
    raw = s(d, key, path, default)
    if raw is default and default is not _MISSING:
        return raw
    try:
        return enum_type(raw)  # type: ignore[call-arg]
    except ValueError as exc:
        allowed = ", ".join(m.value for m in enum_type)  # type: ignore[attr-defined]
        raise WireError(_join(path, key), f"{raw!r} is not one of {allowed}") from exc


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value: Money | None) -> JSON | None:
    return {"amount": dec_str(value.amount), "currency": value.currency} if value is not None else None


def dec_str(value: Decimal) -> str:
    """Fixed-point text, never an exponent ("1E+3" -> "1000"), so the strict reader accepts it."""
    return format(value, "f")


# --- products ------------------------------------------------------------------------------------------------------


def product_to_json(p: Product) -> JSON:
    return {
        "sku": p.sku,
        "model": p.model,
        "brand": p.brand,
        "category": p.category,
        "name_en": p.name_en,
        "name_zh": p.name_zh,
        "attributes": [[k, v] for k, v in p.attributes],
        "unit": p.unit,
        "pack_size": p.pack_size,
        "moq": p.moq,
        "status": p.status.value,
        "list_price": _money(p.list_price),
        "popularity": p.popularity,
        "ean": p.ean,
        "superseded_by": p.superseded_by,
        "substitutes": list(p.substitutes),
        "cross_refs": list(p.cross_refs),
        "updated_at": p.updated_at,
    }


def _attribute(v: object, path: str) -> tuple[str, str]:
    if not isinstance(v, list) or len(v) != 2:
        raise WireError(path, f"expected a [name, value] pair, got {_type_name(v)}")
    return str_item(v[0], _join(path, 0)), str_item(v[1], _join(path, 1))


def product_from_json(v: object, path: str = "product") -> Product:
    d = obj(v, path)
    return Product(
        sku=s(d, "sku", path),
        model=s(d, "model", path),
        brand=s(d, "brand", path),
        category=s(d, "category", path),
        name_en=s(d, "name_en", path),
        name_zh=s(d, "name_zh", path, ""),
        attributes=tuple(lst(d, "attributes", path, _attribute, required=False)),
        unit=s(d, "unit", path, "pc"),
        pack_size=i(d, "pack_size", path, 1),
        moq=i(d, "moq", path, 1),
        status=ProductStatus.parse(s(d, "status", path, "active")),
        list_price=money(d, "list_price", path, None),
        popularity=i(d, "popularity", path, 0),
        ean=s(d, "ean", path, ""),
        superseded_by=s(d, "superseded_by", path, ""),
        substitutes=tuple(lst(d, "substitutes", path, str_item, required=False)),
        cross_refs=tuple(lst(d, "cross_refs", path, str_item, required=False)),
        updated_at=s(d, "updated_at", path, ""),
    )


def code_match_to_json(m: CodeMatch) -> JSON:
    return {"code": m.code, "sku": m.sku, "kind": m.kind.value}


def code_match_from_json(v: object, path: str) -> CodeMatch:
    d = obj(v, path)
    return CodeMatch(code=s(d, "code", path), sku=s(d, "sku", path), kind=strict_enum(CodeKind, d, "kind", path))


def resolve_to_json(result: Mapping[str, Sequence[CodeMatch]]) -> JSON:
    return {"matches": {code: [code_match_to_json(m) for m in ms] for code, ms in result.items()}}


def resolve_from_json(v: object, path: str = "") -> dict[str, list[CodeMatch]]:
    d = obj(v, path)
    matches = obj(_get(d, "matches", path, _MISSING), _join(path, "matches"))
    out: dict[str, list[CodeMatch]] = {}
    for code, items in matches.items():
        p = _join(_join(path, "matches"), code)
        if not isinstance(items, list):
            raise WireError(p, f"expected an array, got {_type_name(items)}")
        out[code] = [code_match_from_json(x, _join(p, n)) for n, x in enumerate(items)]
    return out


def customer_part_to_json(c: CustomerPartNumber) -> JSON:
    return {"account_id": c.account_id, "code": c.code, "sku": c.sku}


def customer_part_from_json(v: object, path: str) -> CustomerPartNumber:
    d = obj(v, path)
    return CustomerPartNumber(account_id=s(d, "account_id", path), code=s(d, "code", path), sku=s(d, "sku", path))


# --- prices ---------------------------------------------------------------------------------------------------------


def quote_to_json(q: PriceQuote) -> JSON:
    src = q.source
    return {
        "sku": q.sku,
        "account_id": q.account_id,
        "qty": q.qty,
        "list_price": _money(q.list_price),
        "net_price": _money(q.net_price),
        "tax_rate": dec_str(q.tax_rate),
        "net_price_incl_tax": _money(q.net_price_incl_tax),
        "breaks": [{"min_qty": br.min_qty, "unit_price": _money(br.unit_price)} for br in q.breaks],
        "source": {
            "kind": src.kind.value,
            "reference": src.reference,
            "description": src.description,
            "valid_from": _iso(src.valid_from),
            "valid_to": _iso(src.valid_to),
        },
        "fetched_at": _iso(q.fetched_at),
        "last_paid": None
        if q.last_paid is None
        else {
            "unit_price": _money(q.last_paid.unit_price),
            "qty": q.last_paid.qty,
            "on": q.last_paid.on.isoformat(),
            "order_number": q.last_paid.order_number,
        },
        "customer_part_number": q.customer_part_number,
    }


def _break(v: object, path: str) -> PriceBreak:
    d = obj(v, path)
    return PriceBreak(min_qty=i(d, "min_qty", path), unit_price=money(d, "unit_price", path))


def _source(v: object, path: str) -> PriceSource:
    d = obj(v, path)
    return PriceSource(
        kind=strict_enum(PriceSourceKind, d, "kind", path),
        reference=s(d, "reference", path, ""),
        description=s(d, "description", path, ""),
        valid_from=day(d, "valid_from", path, None),
        valid_to=day(d, "valid_to", path, None),
    )


def _last_paid(v: object, path: str) -> LastPaid:
    d = obj(v, path)
    return LastPaid(
        unit_price=money(d, "unit_price", path),
        qty=i(d, "qty", path),
        on=day(d, "on", path),
        order_number=s(d, "order_number", path),
    )


def quote_from_json(v: object, path: str) -> PriceQuote:
    d = obj(v, path)
    source = d.get("source")
    last = d.get("last_paid")
    return PriceQuote(
        sku=s(d, "sku", path),
        account_id=s(d, "account_id", path),
        qty=i(d, "qty", path),
        list_price=money(d, "list_price", path),
        net_price=money(d, "net_price", path),
        tax_rate=dec(d, "tax_rate", path),
        breaks=tuple(lst(d, "breaks", path, _break, required=False)),
        source=_source(source, _join(path, "source")) if source is not None else PriceSource(PriceSourceKind.LIST),
        fetched_at=dt(d, "fetched_at", path, None),
        last_paid=_last_paid(last, _join(path, "last_paid")) if last is not None else None,
        customer_part_number=s(d, "customer_part_number", path, ""),
    )


# --- stock ----------------------------------------------------------------------------------------------------------


def availability_to_json(a: Availability) -> JSON:
    return {
        "sku": a.sku,
        "warehouses": [
            {
                "code": w.code,
                "name": w.name,
                "on_hand": w.on_hand,
                "incoming": [{"qty": x.qty, "eta": x.eta.isoformat(), "reference": x.reference} for x in w.incoming],
            }
            for w in a.warehouses
        ],
        "fetched_at": _iso(a.fetched_at),
    }


def _incoming(v: object, path: str) -> Incoming:
    d = obj(v, path)
    return Incoming(qty=i(d, "qty", path), eta=day(d, "eta", path), reference=s(d, "reference", path, ""))


def _warehouse(v: object, path: str) -> WarehouseStock:
    d = obj(v, path)
    return WarehouseStock(
        code=s(d, "code", path),
        name=s(d, "name", path),
        on_hand=i(d, "on_hand", path),
        incoming=tuple(lst(d, "incoming", path, _incoming, required=False)),
    )


def availability_from_json(v: object, path: str) -> Availability:
    d = obj(v, path)
    return Availability(
        sku=s(d, "sku", path),
        warehouses=tuple(lst(d, "warehouses", path, _warehouse)),
        fetched_at=dt(d, "fetched_at", path, None),
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


def int_param(params: Mapping[str, str], key: str, default: int, *, lo: int, hi: int) -> int:
    raw = params.get(key)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d+", raw):
        raise WireError(key, f"expected a whole number, got {raw!r}")
    return max(lo, min(hi, int(raw)))


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
    )


# --- catalog changes and capabilities -------------------------------------------------------------------------------


def catalog_changes_to_json(c: CatalogChanges) -> JSON:
    return {
        "products": [product_to_json(p) for p in c.products],
        "deleted": list(c.deleted),
        "next_cursor": c.next_cursor,
        "done": c.done,
        "total": c.total,
    }


def catalog_changes_from_json(v: object, path: str = "") -> CatalogChanges:
    d = obj(v, path)
    return CatalogChanges(
        products=tuple(lst(d, "products", path, product_from_json)),
        deleted=tuple(lst(d, "deleted", path, str_item, required=False)),
        next_cursor=s(d, "next_cursor", path),
        done=b(d, "done", path),
        total=i(d, "total", path, None),
    )


def catalog_snapshot_from_json(v: object, path: str = "") -> CatalogSnapshot:
    d = obj(v, path)
    return CatalogSnapshot(id=s(d, "id", path), format=s(d, "format", path), cursor=s(d, "cursor", path),
                           total=i(d, "total", path), size=i(d, "size", path), sha256=s(d, "sha256", path))


def capabilities_to_json(name: str, caps: Capability) -> JSON:
    return {
        "name": name,
        "api_version": API_VERSION,
        "capabilities": [m.name.lower() for m in Capability if m in caps and m.name],
    }


def capabilities_from_json(v: object, path: str = "") -> Capability:
    """Unknown capability names are ignored (a newer server may offer more)."""
    d = obj(v, path)
    caps = Capability(0)
    for name in lst(d, "capabilities", path, str_item):
        member = Capability.__members__.get(name.upper())
        if member is not None:
            caps |= member
    return caps


# --- problem details (RFC 9457) -------------------------------------------------------------------------------------

PROBLEM_TYPE = "https://b2bterm.dev/problems/"


def problem(status: int, kind: str, title: str, detail: str = "", **extra: str) -> JSON:
    body: JSON = {"type": PROBLEM_TYPE + kind, "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v})
    return body
