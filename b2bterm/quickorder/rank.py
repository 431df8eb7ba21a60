"""Ranking a line's candidates for the pick list by how many of the line's tokens each one matches.

"NXB-63 C16 3P 30只" has the tokens NXB-63, C16 and 3P: NXB-63 3P C16 matches all three (its model pieces, its poles,
its curve and rated current as "C16"), NXB-63 1P C63 only one. The product attributes (poles, curve, rated current,
coil voltage…) count as well as the model's own pieces, so "LC1D09 220V" ranks the AC220V coil first. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import Product
from b2bterm.domain.record import record

MAX_ATTRIBUTE_COLUMNS = 4
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@record
class Ranked:
    product: Product
    score: float | None  # the resolver's similarity (0..100), None when not a near miss
    matched: int  # how many of the line's tokens this product matches
    tokens: int  # how many tokens the line has


def line_tokens(code: str) -> list[str]:
    """The pieces of what was typed that can tell candidates apart: "NXB-63 C16 3P" -> NXB-63, C16, 3P."""
    return [t for t in dict.fromkeys(normalise(t) for t in re.split(r"[\s/,;]+", code)) if t]


def product_keys(product: Product) -> frozenset[str]:
    """Everything a typed token may name in this product: its model's pieces and its attribute values, with and
    without their unit ("16 A" -> 16A, 16), and a curve with its rating ("C" and "16 A" -> C16)."""
    keys: set[str] = {normalise(product.model)}
    for piece in re.split(r"\s+", product.model):
        keys.add(normalise(piece))
        keys.update(normalise(p) for p in piece.split("-"))
    attrs = dict(product.attributes)
    for value in attrs.values():
        keys.add(normalise(value))
        keys.update(m.group() for m in _NUMBER.finditer(value.replace(",", ".")))
        if value.upper().startswith(("AC", "DC")):
            keys.add(normalise(value[2:]))  # AC220V -> 220V
    curve, current = attrs.get("curve", ""), attrs.get("rated_current", "")
    amps = _NUMBER.search(current)
    if curve and amps:
        keys.update({normalise(curve + amps.group()), normalise(amps.group() + curve)})
    keys.discard("")
    return frozenset(keys)


def rank(code: str, products: Sequence[Product], scores: dict[str, float | None] | None = None) -> list[Ranked]:
    """The candidates best first: most tokens matched, then the resolver's score, then the resolver's order."""
    tokens = line_tokens(code)
    scores = scores or {}
    ranked = []
    for product in products:
        keys = product_keys(product)
        matched = sum(1 for t in tokens if t in keys)
        ranked.append(Ranked(product, scores.get(product.sku), matched, len(tokens)))
    order = {id(r): i for i, r in enumerate(ranked)}
    return sorted(ranked, key=lambda r: (-r.matched, -(r.score if r.score is not None else -1), order[id(r)]))


def distinguishing_attributes(products: Sequence[Product], limit: int = MAX_ATTRIBUTE_COLUMNS) -> list[str]:
    """The attribute keys whose values differ between the candidates (poles, curve, rated current, coil…), in the
    order the products list them: what the pick list shows as its own columns."""
    keys: dict[str, set[str]] = {}
    for product in products:
        for key, value in product.attributes:
            keys.setdefault(key, set()).add(value)
    return [k for k, values in keys.items() if len(values) > 1 or any(
        product.attribute(k) is None for product in products)][:limit] if len(products) > 1 else []
