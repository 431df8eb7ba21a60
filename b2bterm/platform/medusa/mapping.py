"""Pure mapping from Medusa v2 Admin API JSON to b2bterm's domain types. No I/O: unit-tested on recorded JSON.

Money: Medusa sends amounts as JSON numbers in major units (``158.5``) and, for most totals, exact ``raw_*`` values
``{"value": "158.5", "precision": 20}``. Responses are decoded with ``parse_float=Decimal`` so even a plain number is
read exactly as written; a ``raw_*`` value wins when present. Never float.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import (
    Account,
    OrderLine,
    OrderStatus,
    OrderSummary,
    PriceSourceKind,
    Product,
    ProductStatus,
    Shipment,
    ShipTo,
)
from b2bterm.domain.money import Money
from b2bterm.domain.price_rules import (
    METHOD_MEDUSA,
    AccountPricing,
    Audience,
    Priced,
    PriceList,
    PriceRules,
    SkuPricing,
    Tier,
    Validity,
    tiered_price,
)
from b2bterm.domain.record import record
from b2bterm.platform.base import PlatformError

DEFAULT_TAX_RATE = Decimal("0.13")  # used when the region has no tax rate the Admin API shows


class MappingError(PlatformError, ValueError):
    """A Medusa response lacks a field b2bterm needs (or was dropped by ``fields=``): a platform error the user is
    told about, never a crash (it is also a ValueError, as before)."""


def amount(obj: Mapping[str, Any], key: str) -> Decimal | None:
    """``obj[key]`` as an exact Decimal: ``raw_<key>.value`` when present, else the (Decimal-parsed) number."""
    raw = obj.get(f"raw_{key}")
    if isinstance(raw, Mapping) and raw.get("value") is not None:
        return _dec(raw["value"], key)
    value = obj.get(key)
    if value is None:
        return None
    return _dec(value, key)


def _dec(value: object, key: str) -> Decimal:
    if isinstance(value, float):  # a float means the response was decoded without parse_float=Decimal
        raise MappingError(f"{key}: got a float ({value!r}); decode Medusa JSON with parse_float=Decimal")
    if isinstance(value, bool):
        raise MappingError(f"{key}: not an amount: {value!r}")
    try:
        out = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise MappingError(f"{key}: not an amount: {value!r}") from exc
    if not out.is_finite():
        raise MappingError(f"{key}: not a finite amount: {value!r}")
    return out


def need_amount(obj: Mapping[str, Any], key: str) -> Decimal:
    value = amount(obj, key)
    if value is None:
        raise MappingError(f"missing {key} (was it dropped by fields=?)")
    return value


def ts(value: object) -> datetime | None:
    if not value:
        return None
    text = str(value).replace("Z", "+00:00")
    out = datetime.fromisoformat(text)
    return out if out.tzinfo else out.replace(tzinfo=UTC)


def currency_of(code: object) -> str:
    return str(code or "cny").upper()


# --- prices --------------------------------------------------------------------------------------------------------


def tiers(prices: Iterable[Mapping[str, Any]], currency: str) -> list[Tier]:
    """Price rows in one currency as tiers, sorted by min quantity (None min = 1)."""
    out = []
    for p in prices:
        if str(p.get("currency_code", "")).lower() != currency.lower():
            continue
        lo = amount(p, "min_quantity")
        hi = amount(p, "max_quantity")
        hi_qty = int(hi) if hi is not None else None
        out.append(Tier(int(lo) if lo is not None else 1, hi_qty, need_amount(p, "amount")))
    return sorted(out, key=lambda t: t.min_qty)


def tier_for(rows: list[Tier], qty: int) -> Tier | None:
    """The tier for ``qty``: the covering tier with the largest min quantity."""
    best = None
    for t in rows:
        if t.covers(qty) and (best is None or t.min_qty >= best.min_qty):
            best = t
    return best


def base_prices(variant: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A variant's own prices, without rule-bound ones (region or customer-group prices outside price lists)."""
    return [p for p in variant.get("prices") or [] if not p.get("rules") and not p.get("price_list_id")]


@record
class ListPrices:
    """One price list that applies to a customer, with its prices by variant id."""

    id: str
    title: str
    description: str
    type: str  # override | sale
    starts_at: datetime | None
    ends_at: datetime | None
    group_ids: frozenset[str]
    prices: Mapping[str, list[Mapping[str, Any]]]
    rules_count: int = 0  # Medusa prefers the price list with the most rules

    def active_on(self, when: datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= when) and (self.ends_at is None or when <= self.ends_at)

    def rules(self, currency: str, sku_of: Mapping[str, str] | None = None, *, only: str = "") -> PriceList:
        """This list as a price-rules list: prices keyed by SKU (``sku_of`` maps variant ids; without it, by
        variant id; ``only``: that variant alone), tiers in ``currency``."""
        prices: dict[str, tuple[Tier, ...]] = {}
        for vid, rows in self.prices.items():
            if only and vid != only:
                continue
            key = sku_of.get(vid) if sku_of is not None else vid
            found = tiers(rows, currency)
            if key and found:
                prices[key] = tuple(found)
        kind = PriceSourceKind.PROMOTION if self.type == "sale" else PriceSourceKind.CONTRACT
        return PriceList(id=self.id, kind=kind, reference=self.title or self.id, description=self.description,
                         mode=self.type, rank=self.rules_count, audience=Audience(groups=self.group_ids),
                         validity=Validity(starts_at=self.starts_at, ends_at=self.ends_at), prices=prices)


def price_list_from_json(doc: Mapping[str, Any]) -> ListPrices:
    if "rules" not in doc:  # a list without rules applies to everyone: never assume that from a dropped field
        raise MappingError(f"price list {doc.get('id')}: no rules in the response (ask for price_list_rules.*)")
    rules = doc.get("rules") or {}
    groups = rules.get("customer.groups.id") or rules.get("customer_group_id") or []
    if isinstance(groups, str):
        groups = [groups]
    by_variant: dict[str, list[Mapping[str, Any]]] = {}
    for p in doc.get("prices") or []:
        vid = p.get("variant_id") or (p.get("price_set") or {}).get("variant", {}).get("id")
        if vid:
            by_variant.setdefault(str(vid), []).append(p)
    return ListPrices(
        id=str(doc["id"]), title=str(doc.get("title") or ""), description=str(doc.get("description") or ""),
        type=str(doc.get("type") or "override"), starts_at=ts(doc.get("starts_at")), ends_at=ts(doc.get("ends_at")),
        group_ids=frozenset(str(g) for g in groups), prices=by_variant, rules_count=len(rules))


def price(variant: Mapping[str, Any], qty: int, lists: Iterable[ListPrices], groups: frozenset[str],
          currency: str, when: datetime) -> Priced:
    """The unit price of ``variant`` at ``qty`` for a customer in ``groups``, its source, and the breaks this customer
    gets at any quantity, as Medusa 2's pricing module calculates them (``domain.price_rules.tiered_price``: the
    engine the local price book uses too). List price = the variant's own quantity-1 price."""
    own = tiers(base_prices(variant), currency)
    if not own:
        raise MappingError(f"variant {variant.get('sku') or variant.get('id')} has no {currency} price")
    vid = str(variant["id"])
    applicable = [pl.rules(currency, only=vid) for pl in lists
                  if not (pl.group_ids and not (pl.group_ids & groups)) and pl.active_on(when) and pl.prices.get(vid)]
    return tiered_price(tuple(own), applicable, vid, qty, currency.upper())


def sku_pricing(variants: Iterable[Mapping[str, Any]], currency: str) -> tuple[dict[str, SkuPricing], dict[str, str]]:
    """Each variant's own tiers in ``currency`` by SKU (variants without one are left out, as ``quote`` refuses
    them), and the SKU of each variant id kept."""
    skus: dict[str, SkuPricing] = {}
    sku_of: dict[str, str] = {}
    for v in variants:
        own = tiers(base_prices(v), currency)
        if not v.get("sku") or not own:
            continue
        sku = str(v["sku"])
        sku_of[str(v["id"])] = sku
        one = tier_for(own, 1) or own[0]
        skus[sku] = SkuPricing(sku, one.amount, tiers=tuple(own))
    return skus, sku_of


def price_rules(variants: Iterable[Mapping[str, Any]], customers: Iterable[Mapping[str, Any]],
                lists: Iterable[ListPrices], currency: str, tax_rate: Decimal) -> PriceRules:
    """Medusa's pricing as price rules (``medusa`` method): each variant's own tiers in ``currency`` (variants without
    one are left out, as ``quote`` refuses them), the price lists keyed by SKU, the customers with their groups (an
    account is its Medusa id; its code is ``metadata.code``)."""
    skus, sku_of = sku_pricing(variants, currency)
    accounts = {str(c["id"]): AccountPricing(str(c["id"]), str((c.get("metadata") or {}).get("code") or ""),
                                             frozenset(str(g["id"]) for g in c.get("groups") or ()), tax_rate)
                for c in customers}
    return PriceRules(method=METHOD_MEDUSA, currency=currency.upper(), skus=skus, accounts=accounts,
                      lists=tuple(pl.rules(currency, sku_of) for pl in lists))


# --- catalog -------------------------------------------------------------------------------------------------------


def product_from_variant(v: Mapping[str, Any], currency: str = "cny") -> Product:
    """A b2bterm Product from an Admin variant with ``product.*`` expanded (collection = brand, first category)."""
    p = v.get("product") or {}
    meta = p.get("metadata") or {}
    sku = v.get("sku")
    if not sku:
        raise MappingError(f"variant {v.get('id')} has no sku")
    status = ProductStatus.ACTIVE
    if meta.get("superseded_by"):
        status = ProductStatus.SUPERSEDED
    elif p.get("status") not in (None, "published") or meta.get("status") == "discontinued":
        status = ProductStatus.DISCONTINUED
    own = tiers(base_prices(v), currency)
    one = tier_for(own, 1) if own else None
    cats = p.get("categories") or []
    updated = max(str(v.get("updated_at") or ""), str(p.get("updated_at") or ""))
    return Product(
        sku=str(sku),
        model=str(meta.get("model") or sku),
        brand=str((p.get("collection") or {}).get("title") or meta.get("brand") or ""),
        category=str(cats[0].get("name") if cats else meta.get("category") or ""),
        name_en=str(p.get("title") or v.get("title") or ""),
        name_zh=str(p.get("subtitle") or meta.get("name_zh") or ""),
        attributes=attributes_of(meta, v),
        unit=str(meta.get("unit") or "pc"),
        pack_size=int(meta.get("pack_size") or 1),
        moq=int(meta.get("moq") or 1),
        status=status,
        list_price=Money(one.amount, currency.upper()) if one else None,
        popularity=int(meta.get("popularity") or 0),
        ean=str(v.get("ean") or ""),
        superseded_by=str(meta.get("superseded_by") or ""),
        substitutes=tuple(str(s) for s in meta.get("substitutes") or ()),
        cross_refs=tuple(str(s) for s in meta.get("cross_refs") or ()),
        updated_at=updated,
    )


_DEFAULT_OPTION = "default option"  # Medusa's option of a product without options


def attributes_of(meta: Mapping[str, Any], variant: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """A product's structured attributes (rated current, coil voltage, poles, ...), which search understands:
    the product's ``metadata.attributes`` (an object of name -> value, or a list of [name, value] pairs), then the
    variant's own options when the response carries them (``options.value``, ``options.option.title``)."""
    out: dict[str, str] = {}
    raw = meta.get("attributes")
    pairs: Iterable[Any] = raw.items() if isinstance(raw, Mapping) else raw if isinstance(raw, list) else ()
    for pair in pairs:
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and str(pair[0]).strip() and pair[1] is not None \
                and str(pair[1]).strip():
            out.setdefault(str(pair[0]).strip(), str(pair[1]).strip())
    for opt in variant.get("options") or ():
        if not isinstance(opt, Mapping):
            continue
        title = str((opt.get("option") or {}).get("title") or "").strip()
        value = str(opt.get("value") or "").strip()
        if title and value and title.lower() != _DEFAULT_OPTION:
            out.setdefault(title, value)
    return tuple(out.items())


def handle_for(code: str) -> str:
    """The product handle a model number is stored under: normalised, lower-case (``LC1-D09 M7`` -> ``lc1d09m7``)."""
    return "".join(ch for ch in normalise(code).lower() if ch.isalnum())


# --- accounts ------------------------------------------------------------------------------------------------------


def account_from_customer(c: Mapping[str, Any], tax_rate: Decimal = DEFAULT_TAX_RATE, currency: str = "CNY") -> Account:
    meta = c.get("metadata") or {}
    groups = c.get("groups") or []
    name = c.get("company_name") or " ".join(x for x in (c.get("first_name"), c.get("last_name")) if x) or c["email"]
    ships = []
    for a in c.get("addresses") or []:
        line = ", ".join(str(x) for x in (a.get("address_1"), a.get("address_2"), a.get("city"), a.get("postal_code"))
                         if x)
        contact = " ".join(str(x) for x in (a.get("first_name"), a.get("last_name")) if x)
        ships.append(ShipTo(id=str(a["id"]), name=str(a.get("address_name") or a.get("company") or line),
                            address=line, contact=contact, phone=str(a.get("phone") or "")))
    return Account(
        id=str(c["id"]), code=str(meta.get("code") or c.get("email") or c["id"]), name=str(name),
        name_zh=str(meta.get("name_zh") or ""), group=", ".join(str(g.get("name") or g.get("id")) for g in groups),
        phone=str(c.get("phone") or ""), payment_terms=str(meta.get("payment_terms") or ""), currency=currency,
        tax_rate=tax_rate, ship_tos=tuple(ships))


# --- orders --------------------------------------------------------------------------------------------------------


def order_status(order: Mapping[str, Any]) -> OrderStatus:
    status = str(order.get("status") or "")
    ful = str(order.get("fulfillment_status") or "")
    if status == "canceled" or ful == "canceled":
        return OrderStatus.CANCELLED
    if status == "draft":
        return OrderStatus.PENDING
    if status == "requires_action":
        return OrderStatus.ON_HOLD
    return {
        "delivered": OrderStatus.DELIVERED,
        "partially_delivered": OrderStatus.PARTIALLY_SHIPPED,
        "shipped": OrderStatus.SHIPPED,
        "partially_shipped": OrderStatus.PARTIALLY_SHIPPED,
        "fulfilled": OrderStatus.PROCESSING,
        "partially_fulfilled": OrderStatus.PROCESSING,
    }.get(ful, OrderStatus.CONFIRMED)


LINE_META = "b2bterm_line"  # item metadata: the line's position in the order as placed (Medusa keeps no order)
LINE_MODEL = "b2bterm_model"  # item metadata: the model number as the catalogue spells it (the handle is folded)


def item_position(item: Mapping[str, Any]) -> tuple[int, str]:
    meta = item.get("metadata") or {}
    pos = meta.get(LINE_META)
    return (int(pos) if isinstance(pos, int | Decimal | str) and str(pos).isdigit() else 1 << 30,
            str(item.get("created_at") or ""))


def line_model(item: Mapping[str, Any]) -> str:
    """The model number of an order line: as b2bterm placed it, else the product handle (folded: upper-cased)."""
    meta = item.get("metadata") or {}
    model = meta.get(LINE_MODEL) if isinstance(meta, Mapping) else None
    return str(model) if model else str(item.get("product_handle") or "").upper()


def order_lines(order: Mapping[str, Any], currency: str) -> tuple[OrderLine, ...]:
    out = []
    for item in sorted(order.get("items") or [], key=item_position):
        detail = item.get("detail") or {}
        qty = int(need_amount(item, "quantity"))
        shipped = amount(detail, "shipped_quantity")
        out.append(OrderLine(
            sku=str(item.get("variant_sku") or ""), model=line_model(item),
            name=str(item.get("product_title") or item.get("title") or ""), qty=qty,
            unit_price=Money(need_amount(item, "unit_price"), currency), qty_shipped=int(shipped or 0)))
    return tuple(out)


def shipments(order: Mapping[str, Any]) -> tuple[Shipment, ...]:
    out = []
    sku_of = {str(i.get("id")): str(i.get("variant_sku") or "") for i in order.get("items") or []}
    for f in order.get("fulfillments") or []:
        if f.get("canceled_at"):
            continue
        labels = f.get("labels") or []
        label = labels[0] if labels else {}
        meta = f.get("metadata") or {}
        lines = tuple((str(i.get("sku") or sku_of.get(str(i.get("line_item_id")), "")),
                       int(amount(i, "quantity") or 0)) for i in f.get("items") or [])
        provider = (f.get("provider") or {}).get("id") or f.get("provider_id") or ""
        out.append(Shipment(
            id=str(f["id"]), carrier=str(meta.get("carrier") or provider), tracking_number=str(
                label.get("tracking_number") or ""), shipped_at=ts(f.get("shipped_at")),
            tracking_url=str(label.get("tracking_url") or ""), lines=lines, delivered=bool(f.get("delivered_at"))))
    return tuple(out)


def order_totals(order: Mapping[str, Any]) -> tuple[Money, Money, Money]:
    """(subtotal, tax, total) in the currency's minor unit, half-up: Medusa sums unrounded line taxes (a total of
    37427.634). When Medusa's total is subtotal + tax, the rounded ones keep that sum (tax = total - subtotal)."""
    currency = currency_of(order.get("currency_code"))
    raw_sub, raw_tax, raw_total = (need_amount(order, k) for k in ("subtotal", "tax_total", "total"))
    subtotal = Money(raw_sub, currency).to_minor_unit()
    total = Money(raw_total, currency).to_minor_unit()
    tax = total - subtotal if raw_sub + raw_tax == raw_total else Money(raw_tax, currency).to_minor_unit()
    return subtotal, tax, total


def summary_from_order(order: Mapping[str, Any]) -> OrderSummary:
    currency = currency_of(order.get("currency_code"))
    lines = order_lines(order, currency)
    meta = order.get("metadata") or {}
    placed = ts(order.get("created_at"))
    if placed is None:
        raise MappingError("order without created_at")
    return OrderSummary(
        number=str(order["id"]), account_id=str(order.get("customer_id") or ""), placed_at=placed,
        status=order_status(order), total=Money(need_amount(order, "total"), currency).to_minor_unit(),
        po_number=str(meta.get("po_number") or ""), line_count=len(lines),
        shipped_lines=sum(1 for line in lines if line.qty_shipped >= line.qty))


def iso_day(d: date) -> str:
    return d.isoformat()


def json_number(value: Decimal) -> float:
    """A JSON number for Medusa (it refuses amount strings); refuses a value a float cannot carry exactly."""
    out = float(value)
    if Decimal(repr(out)) != value.normalize() and Decimal(repr(out)) != value:
        raise ValueError(f"{value} cannot be sent to Medusa exactly")
    return out


def guarded(call: str):  # -> decorator
    """Odd Medusa data (a missing key, an empty list, a wrong type) becomes a PlatformError naming the call, never a
    KeyError that would escape the outbox's and the screens' handling of platform errors."""
    import functools

    def wrap(method):  # type: ignore[no-untyped-def]
        @functools.wraps(method)
        async def guarded(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            try:
                return await method(self, *args, **kwargs)
            except PlatformError:
                raise
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
                raise PlatformError(f"{call}: Medusa sent a response b2bterm cannot read ({type(exc).__name__}: "
                                    f"{exc}).", hint="Tell the store's administrator; try again later.") from exc
        return guarded
    return wrap
