"""Facets of a result set: how many products of each brand and of each value of the attributes the products share
(coil voltage, current, poles, ...), so a user can narrow the set by one of them. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from b2bterm.domain.models import Product

BRAND = ""  # the facet name of brands (attributes have their own names)
MAX_VALUE_COUNT = 40  # an attribute with more distinct values than this (an article number) is no facet


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # BRAND or an attribute name
    values: tuple[tuple[str, int], ...]  # (value, products), most first

    @property
    def is_brand(self) -> bool:
        return self.name == BRAND


def facets(products: Sequence[Product], *, max_facets: int = 4, max_values: int = 6) -> list[Facet]:
    """Brands first, then the attributes that most of the products have and that tell them apart (two values or
    more, not one value a product), each with its most common values."""
    if not products:
        return []
    out: list[Facet] = []
    brands = Counter(p.brand for p in products if p.brand)
    if len(brands) > 1:
        out.append(Facet(BRAND, tuple(brands.most_common(max_values))))
    by_name: dict[str, Counter[str]] = {}
    for p in products:
        for name, value in dict(p.attributes).items():
            if value:
                by_name.setdefault(name, Counter())[value] += 1
    half = max(1, len(products) // 2)
    useful = [(name, c) for name, c in by_name.items()
              if sum(c.values()) >= half and 2 <= len(c) <= MAX_VALUE_COUNT]
    useful.sort(key=lambda t: (-sum(t[1].values()), len(t[1])))
    for name, counts in useful[: max(0, max_facets - len(out))]:
        out.append(Facet(name, tuple(counts.most_common(max_values))))
    return out
