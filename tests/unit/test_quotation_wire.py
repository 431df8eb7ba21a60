"""The quotation JSON of the platform API: what is sent comes back the same, a bad field names its path, and every
field is in docs/platform-api.yaml."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from test_http_openapi import SPEC, _schema_properties

from b2bterm.domain.models import PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import Quotation, QuotationLine, QuotationState, RemoteQuotation
from b2bterm.platform.http import wire_quotation as wq
from b2bterm.platform.http.wire import WireError

MOMENT = datetime(2026, 11, 24, 10, tzinfo=UTC)
QUOTATION = Quotation(
    id=3, account_id="C10541", valid_until=date(2026, 12, 24), created_at=MOMENT, updated_at=MOMENT,
    state=QuotationState.SENT, payment_terms="月结30天", notes="含运费",
    lines=(QuotationLine(sku="SE-LC1D09M7", model="LC1D09M7", qty=20, list_price=Money.of("120.00"),
                         net_price=Money.of("99.125"), tax_rate=Decimal("0.13"), name_zh="交流接触器",
                         source=PriceSource(PriceSourceKind.CONTRACT, "HT-1")),))


def test_round_trip() -> None:
    reference, back = wq.quotation_from_json(wq.quotation_to_json(QUOTATION))
    assert reference == QUOTATION.number
    assert (back.account_id, back.valid_until, back.state, back.payment_terms, back.notes) == (
        "C10541", date(2026, 12, 24), QuotationState.SENT, "月结30天", "含运费")
    line = back.lines[0]
    assert (line.sku, line.qty, line.net_price, line.tax_rate, line.source.kind, line.name) == (
        "SE-LC1D09M7", 20, Money.of("99.125"), Decimal("0.13"), PriceSourceKind.CONTRACT, "交流接触器")
    remote = RemoteQuotation("QT000001", "Q1", QuotationState.ACCEPTED, MOMENT)
    assert wq.remote_quotation_from_json(wq.remote_quotation_to_json(remote)) == remote


@pytest.mark.parametrize(("change", "where"), [
    ({"state": "expired"}, "state"),
    ({"valid_until": "24/12/2026"}, "valid_until"),
    ({"lines": [{"sku": "X", "qty": 0, "list_price": {"amount": "1", "currency": "CNY"},
                 "net_price": {"amount": "1", "currency": "CNY"}, "tax_rate": "0.13"}]}, "lines[0].qty"),
    ({"lines": [{"sku": "X", "qty": 1, "list_price": {"amount": 1.5, "currency": "CNY"},
                 "net_price": {"amount": "1", "currency": "CNY"}, "tax_rate": "0.13"}]}, "lines[0].list_price.amount"),
])
def test_bad_fields_name_their_path(change: dict, where: str) -> None:
    doc = {**wq.quotation_to_json(QUOTATION), **change}
    with pytest.raises(WireError) as error:
        wq.quotation_from_json(doc)
    assert where in str(error.value)


def test_fields_are_documented() -> None:
    text = SPEC.read_text(encoding="utf-8")
    doc = wq.quotation_to_json(QUOTATION)
    assert set(doc) == _schema_properties(text, "Quotation")
    assert set(doc["lines"][0]) == _schema_properties(text, "QuotationLine")
    remote = wq.remote_quotation_to_json(RemoteQuotation("QT1", "Q1", QuotationState.DRAFT, MOMENT))
    assert set(remote) == _schema_properties(text, "RemoteQuotation")
