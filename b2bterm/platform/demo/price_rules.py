"""The demo distributor's price rules (``Capability.PRICE_RULES``): its contracts' special prices with their tiers and
validity, its contracts' brand/category discounts, its group discounts, its break schedules and its dated
promotions (for every customer or a group; a demo file built before promotions has none), read from the same tables
its ``quote`` prices from, for the ``b2bterm`` pricing method (``domain.price_rules``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from sys import intern
from typing import TYPE_CHECKING, Any, TypeVar

from b2bterm.domain.models import PriceSourceKind
from b2bterm.domain.money import to_decimal
from b2bterm.platform.base import ErrorCode, NotFound
from b2bterm.platform.demo.reference import BRANDS, CATEGORIES

if TYPE_CHECKING:  # the pricing rules' types load when the rules are asked for, not with the platform
    from b2bterm.domain.price_rules import PriceList, PriceRules, SkuPricing, SkuPricingPage, Tier, Validity

T = TypeVar("T")
CST_MINUTES = 8 * 60  # the demo distributor's days are China Standard Time days


def _name(table: dict[str, Any], code: str) -> str:
    return table[code][0] if code in table else code


def discount_text(pct: Decimal, brand: str, category: str) -> str:
    what = " ".join(x for x in (_name(BRANDS, brand) if brand else "",
                                _name(CATEGORIES, category) if category else "") if x) or "everything"
    return f"合同折扣 Contract discount {pct * 100:.0f}% on {what}"


def group_text(pct: Decimal) -> str:
    return f"客户组折扣 Group discount {pct * 100:.0f}%"


def _days(row: sqlite3.Row) -> Validity:
    from b2bterm.domain.price_rules import Validity

    return Validity(valid_from=date.fromisoformat(row["valid_from"]), valid_to=date.fromisoformat(row["valid_to"]))


class DemoPriceRules:
    """Mixed into DemoPlatform: uses its ``_q`` and ``_run``."""

    def _q(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:  # provided by DemoPlatform
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:  # provided by DemoPlatform
        raise NotImplementedError

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:  # provided by DemoPlatform
        raise NotImplementedError

    def _has_promotions(self) -> bool:
        found: bool | None = getattr(self, "_promotions_table", None)
        if found is None:
            found = bool(self._q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'promotions'"))
            self._promotions_table = found
        return found

    def _promotion_lists(self, where: str, params: Sequence[object]) -> list[PriceList]:
        """Promotions as price lists (kind PROMOTION, mode sale), with their prices by SKU and tiers."""
        from b2bterm.domain.price_rules import Audience, PriceList, Tier

        if not self._has_promotions():
            return []
        heads: dict[str, sqlite3.Row] = {}
        tiers: dict[str, dict[str, list[Tier]]] = {}
        for r in self._q("SELECT p.number, p.grp, p.valid_from, p.valid_to, p.description, pp.sku, pp.min_qty, "
                         "pp.price FROM promotion_prices pp JOIN promotions p ON p.number = pp.promotion "
                         f"WHERE {where} ORDER BY p.number, pp.sku, pp.min_qty", params):
            heads.setdefault(r["number"], r)
            tiers.setdefault(r["number"], {}).setdefault(r["sku"], []).append(
                Tier(r["min_qty"], None, to_decimal(r["price"])))
        return [PriceList(id=number, kind=PriceSourceKind.PROMOTION, reference=number,
                          description=f"促销价 Promotion · {head['description']}", mode="sale",
                          audience=Audience(groups=frozenset({head["grp"]})) if head["grp"] else Audience(),
                          validity=_days(head), prices={sku: tuple(t) for sku, t in tiers[number].items()})
                for number, head in heads.items()]

    def _promotions_for(self, account: sqlite3.Row, sku: str, day: str) -> list[PriceList]:
        """The promotions valid on ``day`` (ISO) for this account's group with a price for ``sku``."""
        return self._promotion_lists("pp.sku = ? AND p.valid_from <= ? AND p.valid_to >= ? AND (p.grp = '' OR "
                                     "p.grp = ?)", (sku, day, day, account["grp"]))

    def _accounts_for_rules(self, account_ids: Sequence[str] | None) -> list[sqlite3.Row]:
        if account_ids is None:
            return self._q("SELECT id, code, grp, tax_rate FROM accounts ORDER BY id")
        out = []
        for wanted in dict.fromkeys(account_ids):
            rows = self._q("SELECT id, code, grp, tax_rate FROM accounts WHERE id = ? OR code = ?", (wanted, wanted))
            if not rows:
                raise NotFound(f"No customer account {wanted!r}.", code=ErrorCode.NO_ACCOUNT,
                               values={"account": wanted})
            out.append(rows[0])
        return out

    def _sku_pricing(self, where: str = "", params: Sequence[object] = ()) -> Iterator[SkuPricing]:
        """The products' SKU entries, a row at a time (a million products name a few hundred brands, categories and
        schedules: one string each, not one a product - ~150 MiB of a 1M book held whole)."""
        from b2bterm.domain.price_rules import SkuPricing

        for r in self._rows(f"SELECT sku, list_price, brand, category, schedule FROM products {where}", params):
            yield SkuPricing(r["sku"], to_decimal(r["list_price"]), intern(r["brand"]), intern(r["category"]),
                             intern(str(r["schedule"])))

    def _price_rule_skus(self, after: str, limit: int) -> SkuPricingPage:
        from b2bterm.domain.price_rules import SkuPricingPage

        page = tuple(self._sku_pricing("WHERE sku > ? ORDER BY sku LIMIT ?", (after, limit + 1)))
        return SkuPricingPage(page[:limit], page[limit - 1].sku if len(page) > limit else None)

    async def price_rule_skus(self, after: str = "", limit: int = 2000) -> SkuPricingPage:
        return await self._run(self._price_rule_skus, after, max(1, limit))

    def _price_rules(self, account_ids: Sequence[str] | None, with_skus: bool = True) -> PriceRules:
        from b2bterm.domain.price_rules import (
            METHOD_B2BTERM,
            AccountPricing,
            Audience,
            Discount,
            PriceList,
            PriceRules,
            Tier,
        )

        accounts = self._accounts_for_rules(account_ids)
        ids = [a["id"] for a in accounts]
        groups = sorted({a["grp"] for a in accounts})
        skus = {s.sku: s for s in self._sku_pricing()} if with_skus else {}
        lists: dict[str, tuple[sqlite3.Row, dict[str, list[Tier]]]] = {}
        discounts: list[Discount] = []
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            marks = ",".join("?" * len(chunk))
            for r in self._q(
                    "SELECT c.number, c.account_id, c.valid_from, c.valid_to, c.description, cp.sku, cp.min_qty, "
                    f"cp.price FROM contract_prices cp JOIN contracts c ON c.number = cp.contract WHERE cp.account_id "
                    f"IN ({marks}) ORDER BY c.number, cp.sku, cp.min_qty", chunk):
                entry = lists.setdefault(f"{r['number']}\t{r['account_id']}", (r, {}))
                entry[1].setdefault(r["sku"], []).append(Tier(r["min_qty"], None, to_decimal(r["price"])))
            for r in self._q(
                    "SELECT d.account_id, d.pct, d.brand, d.category, c.number, c.valid_from, c.valid_to FROM "
                    f"account_discounts d JOIN contracts c ON c.number = d.contract WHERE d.account_id IN ({marks})",
                    chunk):
                pct = to_decimal(r["pct"])
                discounts.append(Discount(PriceSourceKind.CONTRACT, r["number"], pct, r["brand"], r["category"],
                                          discount_text(pct, r["brand"], r["category"]),
                                          Audience(accounts=frozenset({r["account_id"]})), _days(r)))
        for grp in groups:
            for r in self._q("SELECT pct, brand, category FROM group_discounts WHERE grp = ?", (grp,)):
                pct = to_decimal(r["pct"])
                discounts.append(Discount(PriceSourceKind.GROUP, grp, pct, r["brand"], r["category"], group_text(pct),
                                          Audience(groups=frozenset({grp}))))
        price_lists = tuple(
            PriceList(id=key.replace("\t", "/"), kind=PriceSourceKind.CONTRACT, reference=head["number"],
                      description=f"合同特价 Contract special price · {head['description']}",
                      audience=Audience(accounts=frozenset({head["account_id"]})), validity=_days(head),
                      prices={sku: tuple(t) for sku, t in tiers.items()})
            for key, (head, tiers) in lists.items())
        schedules: dict[str, list[tuple[int, Decimal]]] = {}
        for r in self._q("SELECT schedule, min_qty, factor FROM break_schedules ORDER BY schedule, min_qty"):
            schedules.setdefault(str(r["schedule"]), []).append((r["min_qty"], to_decimal(r["factor"])))
        marks = ",".join("?" * len(groups))
        promotions = tuple(self._promotion_lists(f"p.grp = '' OR p.grp IN ({marks})", groups))
        return PriceRules(
            method=METHOD_B2BTERM, currency="CNY", skus=skus,
            accounts={a["id"]: AccountPricing(a["id"], a["code"], frozenset({a["grp"]}), to_decimal(a["tax_rate"]))
                      for a in accounts},
            lists=price_lists + promotions, discounts=tuple(discounts),
            schedules={k: tuple(v) for k, v in schedules.items()}, day_offset=CST_MINUTES)

    async def price_rules(self, account_ids: Sequence[str] | None = None, *, skus: bool = True) -> PriceRules:
        return await self._run(self._price_rules, None if account_ids is None else list(account_ids), skus)

