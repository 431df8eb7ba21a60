"""Quotations on Medusa (``Capability.QUOTATIONS``): a b2bterm quotation is a Medusa **draft order** of the customer.

- Its items carry the quoted (negotiated) net unit prices as ``unit_price`` (Medusa's draft orders price from the
  base price set only), their position and model number in item metadata, as orders placed by b2bterm do.
- Its metadata carries the push key (``b2bterm_quotation_key``: a retried push finds the draft order it made and
  updates it), the quotation's number (``b2bterm_quotation``), its state (``quotation_state``: draft, sent,
  accepted; the back office or a storefront may set "accepted", and a later push of "draft" or "sent" keeps it),
  the validity (``valid_until``), delivery and payment terms and notes.
- Ordering it (``place_order`` with ``OrderRequest.quotation_id``) converts that draft order into the order: its
  items brought in line with the order's lines first (the quoted price kept for a line whose product and quantity
  are as quoted), the order's idempotency key, PO number and note written into its metadata before converting, so
  a retry after a lost answer finds the order by its key and never converts or creates a second one.
- State read back: a draft order answers with its ``quotation_state``; one that became an order is ``ordered``.

Medusa 2.21's draft-order edit ignores a new ``unit_price`` for an item it keeps, so items that change are removed
(quantity 0) and added again, in one edit (``POST …/edit``, ``…/edit/items``, ``…/edit/confirm``). An edit left open
by a client that stopped halfway is cancelled before a new one begins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from b2bterm import clock
from b2bterm.domain.models import OrderRequest, PriceQuote
from b2bterm.domain.quotation import MAX_LINES, STORED_STATES, Quotation, QuotationState, RemoteQuotation
from b2bterm.platform import limits as lim
from b2bterm.platform.base import NotFound, Rejected
from b2bterm.platform.medusa import mapping as m

QUOTE_KEY = "b2bterm_quotation_key"
QUOTE_REF = "b2bterm_quotation"
QUOTE_STATE = "quotation_state"
DRAFT_FIELDS = "id,status,customer_id,metadata,updated_at,items.*,items.detail.*"
_KEEP = (QuotationState.ACCEPTED, QuotationState.ORDERED)  # the customer's answer is not undone by a push
_seg = lim.path_segment
Item = tuple[str, int, Decimal, str]  # variant id, quantity, unit price, model


class MedusaQuotations:
    """Mixed into MedusaPlatform: uses its ``_send``, ``_read``, ``_all``, ``_customer``, ``_variants_by_sku``,
    ``_store_context``, ``_product`` and ``currency``."""

    currency: str
    _send: Any
    _read: Any
    _all: Any
    _customer: Any
    _variants_by_sku: Any
    _store_context: Any
    _product: Any

    # --- pushing -------------------------------------------------------------------------------------------------

    @m.guarded("push quotation")
    async def push_quotation(self, reference: str, quotation: Quotation, *, key: str) -> RemoteQuotation:
        if not key:
            raise ValueError("push_quotation needs a key")
        lines = quotation.lines
        if not lines:
            raise Rejected("A quotation needs at least one line.", field="lines")
        if len(lines) > MAX_LINES:
            raise Rejected(f"A quotation holds at most {MAX_LINES} lines.", field="lines")
        if quotation.currency.lower() != self.currency:
            raise Rejected(f"Medusa quotes in {self.currency.upper()}, not {quotation.currency}.", field="currency")
        for line in lines:
            if line.qty < 1:
                raise Rejected(f"Quantity for {line.sku} must be at least 1.", field="qty", sku=line.sku)
        customer = await self._customer(quotation.account_id)
        customer_id = str(customer["id"])
        variants: dict[str, Mapping[str, Any]] = await self._variants_by_sku([x.sku for x in lines])
        missing = [x.sku for x in lines if x.sku not in variants]
        if missing:
            raise Rejected(f"Unknown SKU {missing[0]!r}.", field="lines", sku=missing[0])
        items = [(str(variants[x.sku]["id"]), x.qty, x.net_price.amount, self._product(variants[x.sku]).model)
                 for x in lines]
        meta = {QUOTE_KEY: key, QUOTE_REF: reference, "valid_until": quotation.valid_until.isoformat(),
                "delivery_terms": quotation.delivery_terms, "payment_terms": quotation.payment_terms,
                "notes": quotation.notes}
        found = await self._quotation_by_key(customer_id, key)
        if found is None:
            created = await self._create_draft(customer, items, {**meta, QUOTE_STATE: quotation.state.value})
            return _remote(created)
        if found.get("status") != "draft":  # ordered already: the platform's record stands
            return _remote(found)
        kept = _state(found)
        state = kept if kept in _KEEP and quotation.state not in _KEEP else quotation.state
        draft = (await self._read("push quotation", f"/admin/draft-orders/{_seg(found['id'])}",
                                  fields=DRAFT_FIELDS))["draft_order"]
        await self._set_items(draft, items)
        doc = await self._send("push quotation", "POST", f"/admin/draft-orders/{_seg(found['id'])}",
                               body={"metadata": {**meta, QUOTE_STATE: state.value}}, params={"fields": DRAFT_FIELDS})
        return _remote(doc["draft_order"])

    async def _quotation_by_key(self, customer_id: str, key: str) -> Mapping[str, Any] | None:
        """The customer's draft order (or the order it became) pushed with this key."""
        for path, name in (("/admin/draft-orders", "draft_orders"), ("/admin/orders", "orders")):
            for d in await self._all("push quotation", path, name, customer_id=customer_id,
                                     fields="id,status,metadata,updated_at"):
                if (d.get("metadata") or {}).get(QUOTE_KEY) == key:
                    return d  # type: ignore[no-any-return]
        return None

    async def _create_draft(self, customer: Mapping[str, Any], items: Sequence[Item],
                            meta: Mapping[str, Any]) -> Mapping[str, Any]:
        region, channel = await self._store_context()
        body: dict[str, Any] = {
            "customer_id": str(customer["id"]), "email": customer.get("email"), "region_id": region,
            "sales_channel_id": channel, "metadata": dict(meta), "items": _items_json(items)}
        address = shipping_address(customer, "")
        if address:
            body["shipping_address"] = address
        doc = await self._send("push quotation", "POST", "/admin/draft-orders", body=body,
                               params={"fields": DRAFT_FIELDS})
        return doc["draft_order"]  # type: ignore[no-any-return]

    async def _set_items(self, draft: Mapping[str, Any], items: Sequence[Item]) -> None:
        """Make the draft order's items these (in this order), in one edit; nothing when they are already. ``draft``
        as read with DRAFT_FIELDS (the items' quantities and prices)."""
        draft_id = _seg(str(draft["id"]))
        current = draft.get("items") or []
        if _current_items(current) == [(v, q, p) for v, q, p, _model in items]:
            return
        try:
            await self._send("push quotation", "POST", f"/admin/draft-orders/{draft_id}/edit")
        except Rejected:  # an edit left open by a client that stopped halfway: cancel it, begin again
            await self._send("push quotation", "DELETE", f"/admin/draft-orders/{draft_id}/edit")
            await self._send("push quotation", "POST", f"/admin/draft-orders/{draft_id}/edit")
        for item in current:
            await self._send("push quotation", "POST", f"/admin/draft-orders/{draft_id}/edit/items/item/"
                             f"{_seg(str(item['id']))}", body={"quantity": 0})
        await self._send("push quotation", "POST", f"/admin/draft-orders/{draft_id}/edit/items",
                         body={"items": _items_json(items)})
        await self._send("push quotation", "POST", f"/admin/draft-orders/{draft_id}/edit/confirm")

    # --- reading back --------------------------------------------------------------------------------------------

    @m.guarded("quotations")
    async def get_quotations(self, remote_ids: Sequence[str]) -> list[RemoteQuotation]:
        ids = [i for i in dict.fromkeys(remote_ids) if i.startswith("order_")][:1000]
        found: dict[str, RemoteQuotation] = {}
        for n in range(0, len(ids), 100):
            batch = ids[n : n + 100]
            for path, name in (("/admin/draft-orders", "draft_orders"), ("/admin/orders", "orders")):
                wanted = [i for i in batch if i not in found]
                if not wanted:
                    break
                doc = await self._read("quotations", path, **{"id[]": wanted}, fields="id,status,metadata,updated_at",
                                       limit=len(wanted))
                for d in doc.get(name) or []:
                    if QUOTE_KEY in (d.get("metadata") or {}):
                        found[str(d["id"])] = _remote(d)
        return [found[i] for i in ids if i in found]

    # --- ordering a quotation ------------------------------------------------------------------------------------

    async def _order_quotation(self, request: OrderRequest, customer: Mapping[str, Any], key: str,
                               meta: Mapping[str, Any], variants: Mapping[str, Mapping[str, Any]],
                               quotes: Sequence[PriceQuote]) -> str | None:
        """Convert the quotation's draft order into the order (see the module's notes); None when there is no such
        draft order of this customer any more, so the caller places the order as any other."""
        try:
            doc = await self._read("place order", f"/admin/draft-orders/{_seg(request.quotation_id)}",
                                   fields=DRAFT_FIELDS)
        except NotFound:
            return None
        draft = doc["draft_order"]
        if str(draft.get("customer_id")) != str(customer["id"]) or QUOTE_KEY not in (draft.get("metadata") or {}):
            return None
        quoted = {(str(i.get("variant_id")), q): p for i in draft.get("items") or []
                  for (_v, q, p) in [_item_key(i)]}
        items: list[Item] = []
        for quote in quotes:
            variant = variants[quote.sku]
            vid = str(variant["id"])
            price = quoted.get((vid, quote.qty), quote.net_price.amount)
            items.append((vid, quote.qty, price, self._product(variant).model))
        await self._set_items(draft, items)
        body: dict[str, Any] = {"metadata": {**meta, QUOTE_STATE: QuotationState.ORDERED.value}}
        address = shipping_address(customer, request.ship_to_id)
        if address:
            body["shipping_address"] = address
        draft_id = _seg(str(draft["id"]))
        await self._send("place order", "POST", f"/admin/draft-orders/{draft_id}", body=body)
        done = await self._send("place order", "POST", f"/admin/draft-orders/{draft_id}/convert-to-order")
        return str(done["order"]["id"])


def shipping_address(customer: Mapping[str, Any], ship_to_id: str) -> dict[str, Any] | None:
    """The customer's ship-to (by id, else the first), as a draft order's shipping address (Medusa taxes by it)."""
    addresses = customer.get("addresses") or []
    address = next((a for a in addresses if a["id"] == ship_to_id), addresses[0] if addresses else None)
    if not address:
        return None
    return {k: address.get(k) for k in ("first_name", "last_name", "company", "address_1", "address_2", "city",
                                        "province", "postal_code", "country_code", "phone") if address.get(k)}


def _items_json(items: Sequence[Item]) -> list[dict[str, Any]]:
    return [{"variant_id": vid, "quantity": qty, "unit_price": m.json_number(price),
             "metadata": {m.LINE_META: n, m.LINE_MODEL: model}} for n, (vid, qty, price, model) in enumerate(items, 1)]


def _item_key(item: Mapping[str, Any]) -> tuple[str, int, Decimal]:
    return str(item.get("variant_id")), int(m.need_amount(item, "quantity")), m.need_amount(item, "unit_price")


def _current_items(items: Sequence[Mapping[str, Any]]) -> list[tuple[str, int, Decimal]]:
    return [_item_key(i) for i in sorted(items, key=m.item_position)]


def _state(d: Mapping[str, Any]) -> QuotationState:
    if d.get("status") != "draft":
        return QuotationState.ORDERED  # converted into an order
    try:
        state = QuotationState(str((d.get("metadata") or {}).get(QUOTE_STATE) or "draft"))
    except ValueError:
        return QuotationState.DRAFT
    return state if state in STORED_STATES else QuotationState.DRAFT


def _remote(d: Mapping[str, Any]) -> RemoteQuotation:
    updated = m.ts(d.get("updated_at")) or clock.now()
    return RemoteQuotation(remote_id=str(d["id"]), reference=str((d.get("metadata") or {}).get(QUOTE_REF) or ""),
                           state=_state(d), updated_at=updated)
