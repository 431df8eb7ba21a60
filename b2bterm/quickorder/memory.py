"""An in-memory ``CodeLookup`` over a list of products: for tests, demos and tiny catalogs (it scans for fuzzy)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from b2bterm.domain.modelno import loose_key, normalise
from b2bterm.domain.models import CodeKind, CodeMatch, Product


class InMemoryLookup:
    def __init__(
        self,
        products: Iterable[Product],
        *,
        customer_parts: Iterable[tuple[str, str, str]] = (),  # (account_id, code, sku)
    ) -> None:
        self._products = {p.sku: p for p in products}
        self._customer_parts = [(a, normalise(c), s) for a, c, s in customer_parts]
        self.calls: list[tuple[str, object]] = []  # what was asked, for tests that count round trips

    def products(self, skus: Sequence[str]) -> dict[str, Product]:
        self.calls.append(("products", tuple(skus)))
        return {s: self._products[s] for s in skus if s in self._products}

    def match_codes(self, codes: Sequence[str], *, account_id: str | None = None) -> dict[str, list[CodeMatch]]:
        self.calls.append(("match_codes", tuple(codes)))
        out: dict[str, list[CodeMatch]] = {}
        for code in codes:
            key, loose = normalise(code), loose_key(code)
            found: list[CodeMatch] = []
            for p in self._products.values():
                if p.sku == code.strip():
                    found.append(CodeMatch(code, p.sku, CodeKind.SKU))
                if any(normalise(x) == key for x in p.cross_refs):
                    found.append(CodeMatch(code, p.sku, CodeKind.CROSS_REF))
                if p.ean and p.ean == key:
                    found.append(CodeMatch(code, p.sku, CodeKind.EAN))
                if normalise(p.model) == key:
                    found.append(CodeMatch(code, p.sku, CodeKind.MODEL))
                elif loose_key(p.model) == loose:
                    found.append(CodeMatch(code, p.sku, CodeKind.MODEL_LOOSE))
            for acct, cp, sku in self._customer_parts:
                if account_id is not None and acct == account_id and cp == key and sku in self._products:
                    found.append(CodeMatch(code, sku, CodeKind.CUSTOMER_PART))
            if found:
                out[code] = found
        return out

    def prefix_matches(self, code: str, *, limit: int = 5) -> list[Product]:
        self.calls.append(("prefix_matches", code))
        key = normalise(code)
        hits = [p for p in self._products.values() if key and normalise(p.model).startswith(key)]
        hits.sort(key=lambda p: (-p.popularity, p.sku))
        return hits[:limit]

    def fuzzy_candidates(self, code: str, *, limit: int = 5) -> list[tuple[Product, float]]:
        self.calls.append(("fuzzy_candidates", code))
        from rapidfuzz import fuzz

        key = normalise(code)
        scored = [(p, float(fuzz.ratio(key, normalise(p.model)))) for p in self._products.values()]
        scored = [(p, s) for p, s in scored if s >= 70]
        scored.sort(key=lambda ps: (-ps[1], -ps[0].popularity, ps[0].sku))
        return scored[:limit]

    def prefix_skus(self, code: str, *, limit: int = 5) -> list[str]:
        return [p.sku for p in self.prefix_matches(code, limit=limit)]

    def prefixed(self, codes: Sequence[str]) -> set[str]:
        return {code for code in codes if self.prefix_skus(code, limit=1)}

    def fuzzy_skus(self, code: str, *, limit: int = 5) -> list[tuple[str, float]]:
        return [(p.sku, score) for p, score in self.fuzzy_candidates(code, limit=limit)]
