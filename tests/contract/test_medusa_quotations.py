"""Quotations on a real Medusa (the testbed): a quotation is the customer's draft order at the quoted prices, a
re-push brings its items in line, and placing the order from it converts that very draft order, once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from b2bterm import clock
from b2bterm.domain.models import OrderRequest, OrderRequestLine, PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import Quotation, QuotationLine, QuotationState
from b2bterm.platform.base import OrderQuery
from tests.contract.conftest import DemoFacts, PlatformUnderTest, medusa_harness

SKUS = ("SE-LC1D09M7", "SE-LC1D12M7")


@pytest.fixture
async def med(tmp_path: Path) -> AsyncIterator[PlatformUnderTest]:
    async with medusa_harness(tmp_path) as under_test:
        yield under_test


def _draft(med: PlatformUnderTest, remote_id: str) -> dict[str, Any]:
    """The draft order as Medusa's admin shows it (read with the back office's own client)."""
    doc = med.backoffice._call("GET", f"/admin/draft-orders/{remote_id}",  # type: ignore[attr-defined]
                               fields="id,metadata,items.*,items.detail.*")
    return doc["draft_order"]  # type: ignore[no-any-return]


def _items(draft: dict[str, Any]) -> list[tuple[str, int, Decimal]]:
    rows = sorted(draft["items"], key=lambda i: int((i.get("metadata") or {}).get("b2bterm_line") or 0))
    return [(i["variant_sku"], int(i["quantity"]), Decimal(str(i["unit_price"]))) for i in rows]


async def test_a_quotation_is_a_draft_order_and_becomes_the_order(med: PlatformUnderTest) -> None:
    platform: Any = med.platform
    facts = DemoFacts(med.facts_path)  # type: ignore[arg-type]
    account = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1")["id"]
    live = {q.sku: q for q in await platform.quote(account, [(sku, 5) for sku in SKUS])}
    special = {sku: (live[sku].net_price - Money.of("1.25")) for sku in SKUS}  # a price made for this quotation
    moment = clock.now().astimezone(UTC)
    quotation = Quotation(
        id=1, account_id=account, valid_until=(moment + timedelta(days=30)).date(), created_at=moment,
        updated_at=moment, state=QuotationState.SENT, payment_terms="月结30天", delivery_terms="送货上门",
        lines=tuple(QuotationLine(sku=sku, model=sku, qty=5, list_price=live[sku].list_price, net_price=special[sku],
                                  tax_rate=Decimal("0.13"), source=PriceSource(PriceSourceKind.CONTRACT, "HT"))
                    for sku in SKUS))
    key = f"test-{uuid.uuid4()}"
    pushed = await platform.push_quotation("Q-MED-1", quotation, key=key)
    assert pushed.remote_id.startswith("order_") and pushed.state is QuotationState.SENT
    draft = _draft(med, pushed.remote_id)
    assert _items(draft) == [(sku, 5, special[sku].amount) for sku in SKUS]
    meta = draft["metadata"]
    assert (meta["b2bterm_quotation"], meta["valid_until"], meta["payment_terms"]) == (
        "Q-MED-1", quotation.valid_until.isoformat(), "月结30天")

    # changed here: one line's quantity and price; the same draft order follows, nothing new is made
    changed = replace(quotation, lines=(replace(quotation.lines[0], qty=8, net_price=special[SKUS[0]] - Money.of("1")),
                                        quotation.lines[1]))
    again = await platform.push_quotation("Q-MED-1", changed, key=key)
    assert again.remote_id == pushed.remote_id
    assert _items(_draft(med, pushed.remote_id)) == [(SKUS[0], 8, special[SKUS[0]].amount - 1),
                                                    (SKUS[1], 5, special[SKUS[1]].amount)]
    med.backoffice.set_quotation_state(pushed.remote_id, QuotationState.ACCEPTED)  # type: ignore[attr-defined]
    assert (await platform.get_quotations([pushed.remote_id]))[0].state is QuotationState.ACCEPTED

    # the order: the first line as quoted keeps its quoted price, the second (another quantity) is priced today
    po = f"PO-{uuid.uuid4().hex[:8]}"
    request = OrderRequest(account, (OrderRequestLine(SKUS[0], 8), OrderRequestLine(SKUS[1], 20)), po_number=po,
                           quotation_id=pushed.remote_id)
    order_key = f"test-order-{uuid.uuid4()}"
    order = await platform.place_order(request, idempotency_key=order_key)
    assert order.number == pushed.remote_id  # the quotation's draft order itself became the order
    today = {q.sku: q for q in await platform.quote(account, [(SKUS[1], 20)])}
    assert [(x.sku, x.qty, x.unit_price.amount) for x in order.lines] == [
        (SKUS[0], 8, special[SKUS[0]].amount - 1), (SKUS[1], 20, today[SKUS[1]].net_price.amount)]
    assert order.idempotency_key == order_key and order.po_number == po
    retry = await platform.place_order(request, idempotency_key=order_key)  # a lost answer: the same order
    assert retry.number == order.number
    assert [o.number for o in (await platform.list_orders(OrderQuery(account_id=account, po_number=po))).orders] \
        == [order.number]
    assert (await platform.get_quotations([pushed.remote_id]))[0].state is QuotationState.ORDERED
    after = await platform.push_quotation("Q-MED-1", quotation, key=key)  # ordered: the platform's record stands
    assert (after.remote_id, after.state) == (order.number, QuotationState.ORDERED)
