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
    Availability,
    CodeKind,
    CodeMatch,
    Incoming,
    LastPaid,
    PriceBreak,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    Product,
    ProductStatus,
    WarehouseStock,
)
from b2bterm.domain.money import Money
from b2bterm.platform.base import (
    Capability,
    CatalogChanges,
    CatalogSnapshot,
    CustomerPartNumber,
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

def int_param(params: Mapping[str, str], key: str, default: int, *, lo: int, hi: int) -> int:
    raw = params.get(key)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d+", raw):
        raise WireError(key, f"expected a whole number, got {raw!r}")
    return max(lo, min(hi, int(raw)))


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
