"""Price rules as a JSON document (the platform API's ``PriceRules`` schema; the local price book stores the same).

Money and rates are strings (never floats); dates ISO 8601; instants ISO 8601 with their offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from b2bterm.domain.models import PriceSourceKind
from b2bterm.domain.money import to_decimal
from b2bterm.domain.price_rules import (
    METHODS,
    AccountPricing,
    Audience,
    Discount,
    PriceList,
    PriceRules,
    SkuPricing,
    SkuPricingPage,
    Tier,
    Validity,
)


class PriceRulesError(ValueError):
    """A price-rules document that cannot be read (a platform bug or a newer version): never priced from."""


def tiers_to_doc(tiers: tuple[Tier, ...]) -> list[list[Any]]:
    return [[t.min_qty, t.max_qty, str(t.amount)] for t in tiers]


def _validity(v: Validity) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if v.valid_from:
        out["valid_from"] = v.valid_from.isoformat()
    if v.valid_to:
        out["valid_to"] = v.valid_to.isoformat()
    if v.starts_at:
        out["starts_at"] = v.starts_at.isoformat()
    if v.ends_at:
        out["ends_at"] = v.ends_at.isoformat()
    return out


def _audience(a: Audience) -> dict[str, Any]:
    return {"accounts": sorted(a.accounts), "groups": sorted(a.groups)}


def sku_to_doc(s: SkuPricing) -> dict[str, Any]:
    return {"sku": s.sku, "list_price": str(s.list_price), "brand": s.brand, "category": s.category,
            "schedule": s.schedule, "tiers": tiers_to_doc(s.tiers)}


def rules_to_doc(rules: PriceRules, *, with_skus: bool = True) -> dict[str, Any]:
    """The document; ``with_skus=False`` leaves the per-SKU part out (the price book keeps it as rows)."""
    return {
        "method": rules.method,
        "currency": rules.currency,
        "skus": [sku_to_doc(s) for s in rules.skus.values()] if with_skus else [],
        "accounts": [{"id": a.id, "code": a.code, "groups": sorted(a.groups), "tax_rate": str(a.tax_rate)}
                     for a in rules.accounts.values()],
        "lists": [{"id": pl.id, "kind": pl.kind.value, "reference": pl.reference, "description": pl.description,
                   "mode": pl.mode, "rank": pl.rank, **_audience(pl.audience), **_validity(pl.validity),
                   "prices": {sku: tiers_to_doc(t) for sku, t in pl.prices.items()}} for pl in rules.lists],
        "discounts": [{"kind": d.kind.value, "reference": d.reference, "pct": str(d.pct), "brand": d.brand,
                       "category": d.category, "description": d.description, **_audience(d.audience),
                       **_validity(d.validity)} for d in rules.discounts],
        "schedules": {name: [[q, str(f)] for q, f in steps] for name, steps in rules.schedules.items()},
        "day_offset": rules.day_offset,
    }


def _dec(value: object, what: str) -> Decimal:
    try:
        return to_decimal(value)
    except (ValueError, TypeError) as exc:
        raise PriceRulesError(f"price rules: {what} is not an amount: {value!r}") from exc


def _read_tiers(rows: Any, what: str) -> tuple[Tier, ...]:
    out = []
    for row in rows or ():
        lo, hi, amount = row
        out.append(Tier(int(lo), None if hi is None else int(hi), _dec(amount, what)))
    return tuple(sorted(out, key=lambda t: t.min_qty))


def _read_validity(doc: Mapping[str, Any]) -> Validity:
    def day(key: str) -> date | None:
        return date.fromisoformat(doc[key]) if doc.get(key) else None

    def instant(key: str) -> datetime | None:
        return datetime.fromisoformat(doc[key]) if doc.get(key) else None

    return Validity(day("valid_from"), day("valid_to"), instant("starts_at"), instant("ends_at"))


def _read_audience(doc: Mapping[str, Any]) -> Audience:
    return Audience(frozenset(str(a) for a in doc.get("accounts") or ()),
                    frozenset(str(g) for g in doc.get("groups") or ()))


def sku_from_doc(s: Mapping[str, Any]) -> SkuPricing:
    """One SKU's entry of the document (``PriceRulesError`` when malformed)."""
    try:
        sku = str(s["sku"])
        return SkuPricing(sku, _dec(s["list_price"], f"the list price of {sku}"), str(s.get("brand", "")),
                          str(s.get("category", "")), str(s.get("schedule", "")), _read_tiers(s.get("tiers"), sku))
    except PriceRulesError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PriceRulesError(f"price rules: malformed SKU entry ({exc})") from exc


def sku_page_to_doc(page: SkuPricingPage) -> dict[str, Any]:
    return {"skus": [sku_to_doc(s) for s in page.skus], "next": page.next}


def sku_page_from_doc(doc: Mapping[str, Any]) -> SkuPricingPage:
    """A page of SKU entries (``PriceRulesError`` when malformed)."""
    try:
        after = doc.get("next")
        return SkuPricingPage(tuple(sku_from_doc(s) for s in doc["skus"]), None if after is None else str(after))
    except PriceRulesError:
        raise
    except (KeyError, TypeError, AttributeError) as exc:
        raise PriceRulesError(f"price rules: malformed page of SKUs ({exc})") from exc


def rules_from_doc(doc: Mapping[str, Any]) -> PriceRules:
    """The rules in ``doc``; ``PriceRulesError`` when it is malformed or names a method this version cannot run."""
    try:
        method = str(doc["method"])
        if method not in METHODS:
            raise PriceRulesError(f"price rules: unknown pricing method {method!r}")
        skus = {}
        for s in doc.get("skus") or ():
            entry = sku_from_doc(s)
            skus[entry.sku] = entry
        accounts = {str(a["id"]): AccountPricing(str(a["id"]), str(a.get("code", "")),
                                                 frozenset(str(g) for g in a.get("groups") or ()),
                                                 _dec(a.get("tax_rate", "0.13"), "a tax rate"))
                    for a in doc.get("accounts") or ()}
        lists = tuple(
            PriceList(id=str(pl["id"]), kind=PriceSourceKind(pl["kind"]), reference=str(pl.get("reference", "")),
                      description=str(pl.get("description", "")), mode=str(pl.get("mode", "override")),
                      rank=int(pl.get("rank", 0)), audience=_read_audience(pl), validity=_read_validity(pl),
                      prices={str(k): _read_tiers(v, str(k)) for k, v in (pl.get("prices") or {}).items()})
            for pl in doc.get("lists") or ())
        discounts = tuple(
            Discount(kind=PriceSourceKind(d["kind"]), reference=str(d.get("reference", "")),
                     pct=_dec(d["pct"], "a discount"), brand=str(d.get("brand", "")),
                     category=str(d.get("category", "")), description=str(d.get("description", "")),
                     audience=_read_audience(d), validity=_read_validity(d))
            for d in doc.get("discounts") or ())
        schedules = {str(k): tuple((int(q), _dec(f, "a break factor")) for q, f in v)
                     for k, v in (doc.get("schedules") or {}).items()}
        return PriceRules(method, str(doc.get("currency") or "CNY"), skus, accounts, lists, discounts, schedules,
                          int(doc.get("day_offset") or 0))
    except PriceRulesError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PriceRulesError(f"price rules: malformed document ({exc})") from exc
