"""What an account's own history tells about a model several brands make (the cable families): pure rules, no I/O.

A line whose code matches several products exactly (RVV 3x1.5 100m from five makers) resolves to the one this account
buys when something tells: the product it has ordered before (most often), else the one it has a contract price for,
else the one of the brand it buys (by order lines). The reason goes on the line. When nothing tells them apart, or two
tell equally, the line stays a pick list: never a guess.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from b2bterm.domain.models import Order, Product
from b2bterm.domain.record import record


class Reason(enum.StrEnum):
    HISTORY = "history"  # ordered before
    CONTRACT = "contract"  # under the account's contract
    BRAND = "brand"  # the brand the account buys


@record
class Preference:
    sku: str
    reason: Reason
    detail: str  # history "12|2026-11-02" (orders, last date); contract: its reference; brand "CHINT|14" (lines)


@dataclass(frozen=True)
class AccountHabits:
    bought: Mapping[str, tuple[int, date]] = field(default_factory=dict)  # sku -> (orders with it, last order date)
    brands: Mapping[str, int] = field(default_factory=dict)  # brand -> order lines of it
    contracts: Mapping[str, str] = field(default_factory=dict)  # sku -> contract reference

    @property
    def empty(self) -> bool:
        return not (self.bought or self.brands or self.contracts)


def habits_from(orders: Iterable[Order], products: Mapping[str, Product],
                contracts: Mapping[str, str] | None = None) -> AccountHabits:
    """The habits in an account's orders (``products``: the catalog's products of their SKUs, for the brands)."""
    bought: dict[str, tuple[int, date]] = {}
    brands: Counter[str] = Counter()
    for order in orders:
        for sku in {line.sku for line in order.lines if line.sku}:
            count, last = bought.get(sku, (0, order.placed_at.date()))
            bought[sku] = (count + 1, max(last, order.placed_at.date()))
        for line in order.lines:
            product = products.get(line.sku)
            if product is not None and product.brand:
                brands[product.brand] += 1
    return AccountHabits(bought, dict(brands), dict(contracts or {}))


def _single_best(scores: Mapping[str, int]) -> str | None:
    """The key with the highest positive score, when no other has as much."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def prefer(habits: AccountHabits | None, candidates: Sequence[str],
           products: Mapping[str, Product] | None = None) -> Preference | None:
    """The candidate this account's habits point to, with the reason; None when nothing tells them apart."""
    if habits is None or habits.empty or len(candidates) < 2:
        return None
    best = _single_best({s: habits.bought[s][0] for s in candidates if s in habits.bought})
    if best is not None:
        count, last = habits.bought[best]
        return Preference(best, Reason.HISTORY, f"{count}|{last.isoformat()}")
    under = [s for s in candidates if s in habits.contracts]
    if len(under) == 1:
        return Preference(under[0], Reason.CONTRACT, habits.contracts[under[0]])
    if products is None or not habits.brands:
        return None
    by_brand: dict[str, list[str]] = {}
    for sku in candidates:
        product = products.get(sku)
        if product is not None:
            by_brand.setdefault(product.brand, []).append(sku)
    brand = _single_best({b: habits.brands.get(b, 0) for b in by_brand})
    if brand is None or len(by_brand[brand]) != 1:
        return None
    return Preference(by_brand[brand][0], Reason.BRAND, f"{brand}|{habits.brands[brand]}")


NOTE_PREFIX = "for this account: "


def preference_values(reason: Reason, detail: str) -> tuple[tuple[str, str], ...]:
    """The values a notice words: history (count, last), contract (reference), brand (brand, lines)."""
    first, _, second = detail.partition("|")
    if reason is Reason.HISTORY:
        return (("reason", reason.value), ("count", first), ("last", second))
    if reason is Reason.BRAND:
        return (("reason", reason.value), ("brand", first), ("lines", second))
    return (("reason", reason.value), ("reference", detail))


def preference_note(p: Preference) -> str:
    """The part of a line's message that records why the account's habit chose the product."""
    return f"{NOTE_PREFIX}{p.reason.value}: {p.detail}"


def read_preference_note(message: str) -> tuple[Reason, str] | None:
    for part in message.split(" · "):
        if part.startswith(NOTE_PREFIX):
            reason, _, detail = part[len(NOTE_PREFIX):].partition(": ")
            try:
                return Reason(reason), detail
            except ValueError:
                return None
    return None
