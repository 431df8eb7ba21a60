"""The JSON of quotations on the b2bterm platform API (docs/platform-api.yaml: Quotation, RemoteQuotation), read
as strictly as the rest of the wire (``wire.py``): a wrong field names its path."""

from __future__ import annotations

from datetime import UTC, datetime

from b2bterm.domain.models import PriceSource, PriceSourceKind
from b2bterm.domain.quotation import STORED_STATES, Quotation, QuotationLine, QuotationState, RemoteQuotation
from b2bterm.platform.http.wire import (
    JSON,
    WireError,
    _iso,
    _join,
    _money,
    day,
    dec,
    dec_str,
    dt,
    i,
    lst,
    money,
    obj,
    s,
    strict_enum,
)


def quotation_to_json(q: Quotation) -> JSON:
    return {
        "reference": q.number,
        "account_id": q.account_id,
        "currency": q.currency,
        "state": q.state.value,
        "valid_until": q.valid_until.isoformat(),
        "created_at": _iso(q.created_at),
        "delivery_terms": q.delivery_terms,
        "payment_terms": q.payment_terms,
        "notes": q.notes,
        "lines": [{
            "sku": x.sku, "model": x.model, "name": x.name, "qty": x.qty, "list_price": _money(x.list_price),
            "net_price": _money(x.net_price), "tax_rate": dec_str(x.tax_rate), "price_source": x.source.kind.value,
            "price_reference": x.source.reference,
        } for x in q.lines],
    }


def _line(v: object, path: str) -> QuotationLine:
    d = obj(v, path)
    qty = i(d, "qty", path)
    if qty < 1:
        raise WireError(_join(path, "qty"), "must be at least 1")
    return QuotationLine(
        sku=s(d, "sku", path), model=s(d, "model", path, ""), name_en=s(d, "name", path, ""), qty=qty,
        list_price=money(d, "list_price", path), net_price=money(d, "net_price", path),
        tax_rate=dec(d, "tax_rate", path),
        source=PriceSource(strict_enum(PriceSourceKind, d, "price_source", path, PriceSourceKind.LIST),
                           s(d, "price_reference", path, "")))


def quotation_from_json(v: object, path: str = "") -> tuple[str, Quotation]:
    """The reference and the quotation a client pushed (its local id is not sent: ``reference`` names it)."""
    d = obj(v, path)
    state = strict_enum(QuotationState, d, "state", path, QuotationState.DRAFT)
    if state not in STORED_STATES:
        raise WireError(_join(path, "state"), f"{state.value!r} is computed, never sent")
    created = dt(d, "created_at", path, None) or datetime(1970, 1, 1, tzinfo=UTC)
    return s(d, "reference", path), Quotation(
        id=0, account_id=s(d, "account_id", path), valid_until=day(d, "valid_until", path), created_at=created,
        updated_at=created, state=state, currency=s(d, "currency", path, "CNY"),
        delivery_terms=s(d, "delivery_terms", path, ""), payment_terms=s(d, "payment_terms", path, ""),
        notes=s(d, "notes", path, ""), lines=tuple(lst(d, "lines", path, _line)))


def remote_quotation_to_json(r: RemoteQuotation) -> JSON:
    return {"id": r.remote_id, "reference": r.reference, "state": r.state.value, "updated_at": _iso(r.updated_at)}


def remote_quotation_from_json(v: object, path: str = "") -> RemoteQuotation:
    d = obj(v, path)
    return RemoteQuotation(remote_id=s(d, "id", path), reference=s(d, "reference", path, ""),
                           state=strict_enum(QuotationState, d, "state", path),
                           updated_at=dt(d, "updated_at", path, None))
