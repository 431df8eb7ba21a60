"""Medusa's price rules (``Capability.PRICE_RULES``, the ``medusa`` method): what ``quote`` prices with, for the
local price book - every variant's own tiers, the active price lists by SKU (with their groups, dates, type and rule
count), the customers with their groups, the tax rate; the variants' tiers also a page at a time, in SKU order."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from b2bterm.domain.price_rules import PriceRules, SkuPricing, SkuPricingPage
from b2bterm.platform.medusa import mapping as m


class MedusaPriceRules:
    """Mixed into MedusaPlatform: uses its ``_all``, ``_customer``, ``_price_lists``, ``_tax_rate``, ``_cache`` and
    ``currency``."""

    currency: str
    _all: Any
    _customer: Any
    _price_lists: Any
    _tax_rate: Any
    _cache: dict[str, Any]

    @m.guarded("price rules")
    async def price_rules(self, account_ids: Sequence[str] | None = None, *, skus: bool = True) -> PriceRules:
        """The rules ``quote`` prices with (``medusa`` method): every variant's own tiers (``skus``), the active
        price lists (by SKU, with their groups, dates, type and rule count), the customers with their groups, the tax
        rate."""
        if account_ids is None:
            customers = await self._all("price rules", "/admin/customers", "customers", fields="id,metadata,groups.id")
        else:
            customers = [await self._customer(a) for a in dict.fromkeys(account_ids)]
        variants = await self._all("price rules", "/admin/product-variants", "variants", fields="id,sku,prices.*")
        tax = await self._tax_rate()
        rules = m.price_rules(variants, customers, await self._price_lists(), self.currency, tax)
        return rules if skus else replace(rules, skus={})

    @m.guarded("price rules")
    async def price_rule_skus(self, after: str = "", limit: int = 2000) -> SkuPricingPage:
        """The variants' own tiers a page at a time. Medusa lists variants in its database's collation, not in code
        points: they are read whole for the first page (``after`` "") and paged from memory until the last; a page
        asked without them reads them again."""
        entries: list[SkuPricing] | None = self._cache.get("sku_pricing") if after else None
        if entries is None:
            variants = await self._all("price rules", "/admin/product-variants", "variants", fields="id,sku,prices.*")
            entries = sorted(m.sku_pricing(variants, self.currency)[0].values(), key=lambda e: e.sku)
            self._cache["sku_pricing"] = entries
        start = bisect_right(entries, after, key=lambda e: e.sku)
        page = entries[start:start + max(1, limit)]
        more = start + len(page) < len(entries)
        if not more:
            self._cache.pop("sku_pricing", None)
        return SkuPricingPage(tuple(page), page[-1].sku if more else None)
