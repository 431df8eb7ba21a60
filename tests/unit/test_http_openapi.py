"""docs/platform-api.yaml and the reference server agree: same operations, and the wire fields are documented."""

from __future__ import annotations

import re
from pathlib import Path

from http_memory_platform import MemoryPlatform

from b2bterm.domain.models import PriceQuote
from b2bterm.domain.money import Money
from b2bterm.domain.price_rules_doc import rules_to_doc
from b2bterm.platform.http import wire, wire_orders
from b2bterm.server import create_app

SPEC = Path(__file__).resolve().parents[2] / "docs" / "platform-api.yaml"


def _operations(text: str) -> set[tuple[str, str]]:
    ops: set[tuple[str, str]] = set()
    in_paths, path = False, ""
    for line in text.splitlines():
        if re.match(r"^\S", line):
            in_paths = line.startswith("paths:")
            continue
        if not in_paths:
            continue
        if m := re.match(r"^  (/\S*):\s*$", line):
            path = m.group(1)
        elif m := re.match(r"^    (get|post|put|patch|delete):\s*$", line):
            ops.add((m.group(1).upper(), "/v1" + path))
    return ops


def _schema_properties(text: str, name: str) -> set[str]:
    block = re.search(rf"^    {name}:\n((?:      .*\n|\s*\n)+)", text, re.M)
    assert block, name
    return {m.strip('"') for m in re.findall(r"^        (\"?\w+\"?):", block.group(1), re.M)}


def test_spec_lists_exactly_the_server_operations() -> None:
    app = create_app(MemoryPlatform())
    served = {(m, r.path) for r in app.routes for m in r.methods if m != "HEAD"}
    assert _operations(SPEC.read_text(encoding="utf-8")) == served


def test_wire_fields_are_documented() -> None:
    text = SPEC.read_text(encoding="utf-8")
    memory = MemoryPlatform()
    order = memory.orders["SO-0000"]
    samples = {
        "Product": wire.product_to_json(next(iter(memory.products.values()))),
        "Order": wire_orders.order_to_json(order),
        "OrderSummary": wire_orders.order_summary_to_json(order.summary()),
        "Account": wire_orders.account_to_json(memory.accounts["A1"]),
        "PriceQuote": wire.quote_to_json(PriceQuote("S", "A1", 1, Money.of("2.00"), Money.of("1.50"))),
    }
    from test_price_rules_engine import _b2bterm

    samples["PriceRules"] = rules_to_doc(_b2bterm())
    for name, doc in samples.items():
        assert set(doc) == _schema_properties(text, name), name
    assert {"sku", "field"} <= _schema_properties(text, "Problem")
    assert "Idempotency-Key" in text and "Retry-After" in text and "application/problem+json" in text
