"""Search while the local catalog is still arriving (a first start): what the pages already in do not hold is asked
of the platform's own search (the contract's "search products"), through the gateway with its quick timeout.

A first build makes the products in so far searchable as it goes (previews: ``b2bterm.local.catalog_building``); a
product not among them yet is found by the platform. Its results are marked ``remote`` (the screen says where they
come from), in the platform's order: a model number typed whole or in part comes first, as locally.
"""

from __future__ import annotations

import time

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import CodeKind, Product
from b2bterm.domain.search_query import MatchKind, SearchHit, SearchResult, parse_query
from b2bterm.services.gateway import Gateway

_STRENGTH = {CodeKind.SKU: 0, CodeKind.CUSTOMER_PART: 1, CodeKind.MODEL: 2, CodeKind.EAN: 3, CodeKind.CROSS_REF: 4,
             CodeKind.MODEL_LOOSE: 5}
PLATFORM_LIMIT = 50  # products asked of the platform: a screen and a bit (its own search ranks them)
PLATFORM_PAUSE = 0.25  # seconds after the last key before the platform is asked: a word typed is one request, not
# one a key (the demo's own search of 1M products takes seconds, and a request once sent runs to its end)


def platform_hits(query: str, products: list[Product]) -> tuple[SearchHit, ...]:
    """The platform's products as search hits: exact model matches first, then model prefixes, then the rest, each
    in the platform's order."""
    key = normalise(query)

    def kind(p: Product) -> MatchKind:
        model = normalise(p.model)
        if key and (model == key or p.sku.upper() == query.strip().upper()):
            return MatchKind.MODEL
        if key and model.startswith(key):
            return MatchKind.MODEL_PREFIX
        return MatchKind.TEXT

    order = {MatchKind.MODEL: 0, MatchKind.MODEL_PREFIX: 1, MatchKind.TEXT: 2}
    seen: set[str] = set()
    hits = []
    for p in products:
        if p.sku not in seen:
            seen.add(p.sku)
            hits.append(SearchHit(p, kind(p)))
    return tuple(sorted(hits, key=lambda h: order[h.match]))


async def search_platform(gateway: Gateway, query: str, *, limit: int = PLATFORM_LIMIT) -> SearchResult:
    """The platform's answer for ``query`` (its filters such as brand: left out: the platform searches text).
    Raises the gateway's errors (Offline when unreachable or working offline)."""
    started = time.perf_counter()
    parsed = parse_query(query)
    text = parsed.text.strip() or " ".join(parsed.filters.values())
    products = await gateway.search_products(text, limit=limit) if text else []
    return SearchResult(query=query, hits=platform_hits(text, products),
                        elapsed_ms=(time.perf_counter() - started) * 1000, remote=True)


async def resolve_on_platform(gateway: Gateway, codes: list[str], *, account_id: str | None = None
                              ) -> dict[str, Product]:
    """The one product each code names on the platform (the contract's "resolve codes": SKU, model, the account's
    part number, cross-reference, EAN), for the quick-order lines the local catalog does not know yet; a code that
    names several products or none is left out (it stays for the user). Raises the gateway's errors."""
    wanted = [c for c in dict.fromkeys(codes) if c.strip()]
    if not wanted:
        return {}
    matches = await gateway.resolve_codes(wanted, account_id=account_id)
    one: dict[str, str] = {}
    for code, found in matches.items():
        # the strongest kind of match decides, as locally: a model's own product before the products that
        # cross-reference it
        best = min((_STRENGTH.get(m.kind, len(_STRENGTH)) for m in found), default=None)
        skus = {m.sku for m in found if _STRENGTH.get(m.kind, len(_STRENGTH)) == best}
        if len(skus) == 1:
            one[code] = skus.pop()
    if not one:
        return {}
    products = await gateway.get_products(sorted(set(one.values())))
    return {code: products[sku] for code, sku in one.items() if sku in products}
