"""Facets of a result set: how many products of each brand and of each value of the attributes the products share
(coil voltage, current, poles, ...), so a user can narrow the set by one of them. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from b2bterm.domain.models import Product
from b2bterm.domain.record import record

BRAND = ""  # the facet name of brands (attributes have their own names)
MAX_VALUE_COUNT = 40  # an attribute with more distinct values than this (an article number) is no facet


@record
class Facet:
    name: str  # BRAND or an attribute name
    values: tuple[tuple[str, int], ...]  # (value, products), most first

    @property
    def is_brand(self) -> bool:
        return self.name == BRAND


def facets(products: Sequence[Product], *, max_facets: int = 4, max_values: int = 6) -> list[Facet]:
    """The facets of these products (when they are the whole result set); see ``facets_from_counts``."""
    if not products:
        return []
    brands = Counter(p.brand for p in products if p.brand)
    by_name: dict[str, Counter[str]] = {}
    for p in products:
        for name, value in dict(p.attributes).items():
            if value:
                by_name.setdefault(name, Counter())[value] += 1
    return facets_from_counts(len(products), brands, by_name, max_facets=max_facets, max_values=max_values)


def facets_from_counts(total: int, brands: Counter[str], by_name: dict[str, Counter[str]], *, max_facets: int = 4,
                       max_values: int = 6) -> list[Facet]:
    """Brands first, then the attributes that most of the ``total`` products have and that tell them apart (two
    values or more, not one value a product), each with its most common values."""
    if total <= 0:
        return []
    out: list[Facet] = []
    if len(brands) > 1:
        out.append(Facet(BRAND, tuple(sorted(brands.items(), key=lambda kv: (-kv[1], kv[0]))[:max_values])))
    half = max(1, total // 2)
    useful = [(name, c) for name, c in by_name.items()
              if sum(c.values()) >= half and 2 <= len(c) <= MAX_VALUE_COUNT]
    useful.sort(key=lambda t: (-sum(t[1].values()), len(t[1]), t[0]))
    for name, counts in useful[: max(0, max_facets - len(out))]:
        out.append(Facet(name, tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_values])))
    return out
