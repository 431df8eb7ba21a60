"""The quotations capability of the platform contract (QuotationPlatform), for every harness that offers it: the
demo adapter, and the http adapter against the reference server on 127.0.0.1."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from b2bterm.domain.models import OrderRequest, OrderRequestLine, PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import Quotation, QuotationLine, QuotationState
from b2bterm.platform.base import Capability, NotFound, Offline, QuotationPlatform, Rejected
from tests.contract.conftest import DemoFacts, PlatformUnderTest


def _platform(put: PlatformUnderTest) -> QuotationPlatform:
    if Capability.QUOTATIONS not in put.platform.capabilities:
        pytest.skip("this platform keeps no quotations")
    assert isinstance(put.platform, QuotationPlatform)
    return put.platform


def _quotation(account: str, today: date, skus: list[str], state: QuotationState = QuotationState.DRAFT) -> Quotation:
    lines = tuple(QuotationLine(sku=sku, model=sku, qty=n + 2, list_price=Money.of("120.00"),
                                net_price=Money.of("99.50"), tax_rate=Decimal("0.13"),
                                source=PriceSource(PriceSourceKind.CONTRACT, "HT-9"), name_zh="交流接触器")
                  for n, sku in enumerate(skus))
    moment = datetime(today.year, today.month, today.day, 10, tzinfo=UTC)
    return Quotation(id=1, account_id=account, valid_until=today + timedelta(days=30), created_at=moment,
                     updated_at=moment, state=state, lines=lines, payment_terms="月结30天")


async def test_push_is_idempotent_and_state_comes_back(put: PlatformUnderTest, facts: DemoFacts, today: date) -> None:
    platform = _platform(put)
    account = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1")["id"]
    skus = [r["sku"] for r in facts.all("SELECT sku FROM products ORDER BY sku LIMIT 2")]
    key = f"test-{uuid.uuid4()}"
    first = await platform.push_quotation("Q-TEST-1", _quotation(account, today, skus), key=key)
    assert first.remote_id and first.reference == "Q-TEST-1" and first.state is QuotationState.DRAFT
    again = await platform.push_quotation("Q-TEST-1", _quotation(account, today, skus[:1], QuotationState.SENT),
                                          key=key)
    assert again.remote_id == first.remote_id and again.state is QuotationState.SENT
    other = await platform.push_quotation("Q-TEST-2", _quotation(account, today, skus), key=f"test-{uuid.uuid4()}")
    assert other.remote_id != first.remote_id
    found = await platform.get_quotations([first.remote_id, "NO-SUCH-ID", other.remote_id])
    assert [(r.remote_id, r.state) for r in found] == [(first.remote_id, QuotationState.SENT),
                                                       (other.remote_id, QuotationState.DRAFT)]
    # the customer accepts it on the platform: a later push of "sent" does not undo that
    put.backoffice.set_quotation_state(first.remote_id, QuotationState.ACCEPTED)  # type: ignore[attr-defined]
    assert (await platform.get_quotations([first.remote_id]))[0].state is QuotationState.ACCEPTED
    kept = await platform.push_quotation("Q-TEST-1", _quotation(account, today, skus, QuotationState.SENT), key=key)
    assert kept.state is QuotationState.ACCEPTED
    assert await platform.get_quotations([]) == []


async def test_push_refusals(put: PlatformUnderTest, facts: DemoFacts, today: date) -> None:
    platform = _platform(put)
    account = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1")["id"]
    sku = facts.one("SELECT sku FROM products ORDER BY sku LIMIT 1")["sku"]
    with pytest.raises(Rejected) as refused:
        await platform.push_quotation("Q-BAD", _quotation(account, today, [sku, "NO-SUCH-SKU"]), key="test-bad-1")
    assert refused.value.sku == "NO-SUCH-SKU"
    with pytest.raises(NotFound):
        await platform.push_quotation("Q-BAD", _quotation("NO-SUCH-ACCOUNT", today, [sku]), key="test-bad-2")
    put.set_offline(True)
    with pytest.raises(Offline):
        await platform.push_quotation("Q-OFF", _quotation(account, today, [sku]), key="test-off")


async def test_an_order_that_takes_up_a_quotation_makes_it_ordered(put: PlatformUnderTest, facts: DemoFacts,
                                                                   today: date) -> None:
    platform = _platform(put)
    account = facts.one("SELECT id FROM accounts ORDER BY id LIMIT 1")["id"]
    q = _quotation(account, today, ["SE-LC1D09M7", "SE-GV2ME08"], QuotationState.ACCEPTED)
    pushed = await platform.push_quotation("Q-TEST-ORDER", q, key=f"test-{uuid.uuid4()}")
    other = await platform.push_quotation("Q-TEST-OTHER", q, key=f"test-{uuid.uuid4()}")
    request = OrderRequest(account, tuple(OrderRequestLine(x.sku, x.qty) for x in q.lines), po_number="PO-QT-1",
                           quotation_id=pushed.remote_id)
    key = f"test-{uuid.uuid4()}"
    first = await put.platform.place_order(request, idempotency_key=key)
    again = await put.platform.place_order(request, idempotency_key=key)  # a retry after a lost answer
    assert again.number == first.number and [(x.sku, x.qty) for x in first.lines] == [(x.sku, x.qty) for x in q.lines]
    found = {r.remote_id: r.state for r in await platform.get_quotations([pushed.remote_id, other.remote_id])}
    assert found == {pushed.remote_id: QuotationState.ORDERED, other.remote_id: QuotationState.ACCEPTED}
