"""Medusa JSON -> b2bterm domain, on recorded-looking Admin API responses (no server)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from b2bterm.domain.models import OrderStatus, PriceSourceKind, ProductStatus
from b2bterm.domain.money import Money
from b2bterm.platform.medusa import mapping as m

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def decode(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


VARIANT = decode("""{
  "id": "variant_01", "sku": "SE-LC1D09M7", "ean": "3389110000017", "updated_at": "2026-11-24T09:38:36.420Z",
  "prices": [
    {"id": "price_1", "amount": 186.5, "currency_code": "cny", "min_quantity": null, "max_quantity": null, "rules": {}},
    {"id": "price_2", "amount": 180.91, "currency_code": "cny", "min_quantity": 10, "max_quantity": null, "rules": {}},
    {"id": "price_3", "amount": 26.1, "currency_code": "usd", "min_quantity": null, "max_quantity": null, "rules": {}}
  ],
  "product": {"id": "prod_01", "title": "Schneider TeSys D contactor 3P 9A 220V AC coil",
              "subtitle": "施耐德 TeSys D 交流接触器 3P 9A", "status": "published",
              "updated_at": "2026-11-24T09:38:35Z",
              "metadata": {"model": "LC1D09M7", "cross_refs": ["CJX2-0910"], "substitutes": ["SE-LC1D12M7"]},
              "collection": {"title": "Schneider Electric"}, "categories": [{"name": "Contactors"}]}
}""")

CONTRACT = decode("""{
  "id": "plist_1", "title": "CT-2026-0101", "description": "Framework contract", "type": "override",
  "status": "active", "starts_at": "2026-07-27T09:38:35.530Z", "ends_at": "2027-07-22T23:59:59.000Z",
  "rules": {"customer.groups.id": ["cusgroup_KA"]},
  "prices": [
    {"id": "p1", "currency_code": "cny", "raw_amount": {"value": "158", "precision": 20}, "amount": 158,
     "min_quantity": 1, "max_quantity": null, "price_set_id": "pset_1", "variant_id": "variant_01"},
    {"id": "p2", "currency_code": "cny", "raw_amount": {"value": "149.5", "precision": 20}, "amount": 149.5,
     "min_quantity": 50, "max_quantity": 99, "price_set_id": "pset_1", "variant_id": "variant_01"},
    {"id": "p3", "currency_code": "cny", "raw_amount": {"value": "142.0000000001", "precision": 20}, "amount": 142,
     "min_quantity": 100, "max_quantity": null, "price_set_id": "pset_1", "variant_id": "variant_01"}
  ]
}""")

SALE = decode("""{
  "id": "plist_2", "title": "PROMO-Q4", "description": "", "type": "sale", "status": "active",
  "starts_at": null, "ends_at": "2026-12-31T23:59:59Z", "rules": {"customer.groups.id": ["cusgroup_INST"]},
  "prices": [{"id": "p9", "currency_code": "cny", "amount": 150, "min_quantity": 1,
              "price_set": {"id": "pset_1", "variant": {"id": "variant_01"}}}]
}""")


def test_raw_value_wins_and_is_exact() -> None:
    assert m.amount({"amount": Decimal("142"), "raw_amount": {"value": "142.0000000001", "precision": 20}},
                    "amount") == Decimal("142.0000000001")
    assert m.amount({"total": Decimal("0.22")}, "total") == Decimal("0.22")
    assert m.amount({}, "total") is None


def test_a_float_is_refused() -> None:
    with pytest.raises(m.MappingError, match="float"):
        m.amount({"amount": 0.1}, "amount")
    with pytest.raises(m.MappingError, match="dropped"):
        m.need_amount({}, "total")


def test_product_from_variant() -> None:
    p = m.product_from_variant(VARIANT)
    assert (p.sku, p.model, p.brand, p.category) == ("SE-LC1D09M7", "LC1D09M7", "Schneider Electric", "Contactors")
    assert p.list_price == Money(Decimal("186.5"), "CNY") and p.status is ProductStatus.ACTIVE
    assert p.cross_refs == ("CJX2-0910",) and p.substitutes == ("SE-LC1D12M7",) and p.ean == "3389110000017"
    draft = m.product_from_variant({**VARIANT, "product": {**VARIANT["product"], "status": "draft"}})
    assert draft.status is ProductStatus.DISCONTINUED


def test_contract_tiers_on_both_sides_of_breaks() -> None:
    lists = [m.price_list_from_json(CONTRACT), m.price_list_from_json(SALE)]
    ka = frozenset({"cusgroup_KA"})
    at = {q: m.price(VARIANT, q, lists, ka, "cny", NOW) for q in (1, 49, 50, 99, 100)}
    assert [at[q].net_price.amount for q in (1, 49, 50, 99, 100)] == [
        Decimal("158"), Decimal("158"), Decimal("149.5"), Decimal("149.5"), Decimal("142.0000000001")]
    src = at[1].source
    assert src.kind is PriceSourceKind.CONTRACT and src.reference == "CT-2026-0101"
    assert src.valid_to == date(2027, 7, 22) and src.valid_from == date(2026, 7, 27)
    assert [b.min_qty for b in at[1].breaks] == [50, 100]
    assert at[1].list_price.amount == Decimal("186.5")


def test_no_group_gets_the_base_tiers_as_list_source() -> None:
    lists = [m.price_list_from_json(CONTRACT)]
    nine, ten = (m.price(VARIANT, q, lists, frozenset(), "cny", NOW) for q in (9, 10))
    assert nine.source.kind is PriceSourceKind.LIST and nine.net_price.amount == Decimal("186.5")
    assert ten.net_price.amount == Decimal("180.91") and [b.min_qty for b in ten.breaks] == [10]


def test_sale_list_is_a_promotion_and_lowest_price_wins() -> None:
    lists = [m.price_list_from_json(CONTRACT), m.price_list_from_json(SALE)]
    both = frozenset({"cusgroup_KA", "cusgroup_INST"})
    one = m.price(VARIANT, 1, lists, both, "cny", NOW)
    assert one.source.kind is PriceSourceKind.PROMOTION and one.net_price.amount == Decimal("150")
    hundred = m.price(VARIANT, 100, lists, both, "cny", NOW)
    assert hundred.source.reference == "CT-2026-0101"


def test_expired_or_future_lists_do_not_apply() -> None:
    lists = [m.price_list_from_json(CONTRACT)]
    before = m.price(VARIANT, 1, lists, frozenset({"cusgroup_KA"}), "cny", datetime(2026, 1, 1, tzinfo=UTC))
    after = m.price(VARIANT, 1, lists, frozenset({"cusgroup_KA"}), "cny", datetime(2028, 1, 1, tzinfo=UTC))
    assert before.source.kind is after.source.kind is PriceSourceKind.LIST


def test_missing_rules_is_an_error_not_a_list_for_everyone() -> None:
    dropped = {k: v for k, v in CONTRACT.items() if k != "rules"}
    with pytest.raises(m.MappingError, match="rules"):
        m.price_list_from_json(dropped)


ORDER = decode("""{
  "id": "order_01", "display_id": 7, "status": "pending", "fulfillment_status": "shipped",
  "created_at": "2026-11-24T09:38:40.415Z", "customer_id": "cus_1", "currency_code": "cny",
  "total": 12294.4, "raw_total": {"value": "12294.4", "precision": 20}, "subtotal": 10880, "tax_total": 1414.4,
  "metadata": {"po_number": "PO-2026-0815", "b2bterm_idempotency_key": "k1"},
  "items": [
    {"id": "ordli_2", "variant_sku": "CHNT-NXC-09", "product_title": "CHINT NXC", "quantity": 200,
     "raw_unit_price": {"value": "38.6", "precision": 20}, "unit_price": 38.6, "metadata": {"b2bterm_line": 2},
     "detail": {"shipped_quantity": 200}},
    {"id": "ordli_1", "variant_sku": "SE-LC1D09M7", "product_title": "TeSys D", "quantity": 20,
     "raw_unit_price": {"value": "158", "precision": 20}, "unit_price": 158, "metadata": {"b2bterm_line": 1},
     "detail": {"shipped_quantity": 5}}
  ],
  "fulfillments": [{"id": "ful_1", "shipped_at": "2026-11-24T09:38:40.868Z", "delivered_at": null,
    "canceled_at": null, "metadata": {"carrier": "SF Express"}, "provider": {"id": "manual_manual"},
    "labels": [{"tracking_number": "SF1402867593021", "tracking_url": "https://www.sf-express.com/x/SF1402867593021"}],
    "items": [{"sku": "SE-LC1D09M7", "line_item_id": "ordli_1", "raw_quantity": {"value": "5", "precision": 20}}]}]
}""")


def test_order_summary_lines_and_shipments() -> None:
    s = m.summary_from_order(ORDER)
    assert s.number == "order_01" and s.status is OrderStatus.SHIPPED and s.po_number == "PO-2026-0815"
    assert s.total == Money(Decimal("12294.4"), "CNY") and s.line_count == 2 and s.shipped_lines == 1
    lines = m.order_lines(ORDER, "CNY")
    assert [line.sku for line in lines] == ["SE-LC1D09M7", "CHNT-NXC-09"]  # as placed, not as Medusa lists them
    assert lines[0].unit_price.amount == Decimal("158") and lines[0].qty_shipped == 5
    [ship] = m.shipments(ORDER)
    assert ship.carrier == "SF Express" and ship.tracking_number == "SF1402867593021"
    assert ship.tracking_url.startswith("https://") and ship.lines == (("SE-LC1D09M7", 5),) and not ship.delivered


@pytest.mark.parametrize(("status", "fulfillment", "expected"), [
    ("pending", "not_fulfilled", OrderStatus.CONFIRMED),
    ("pending", "partially_fulfilled", OrderStatus.PROCESSING),
    ("pending", "partially_shipped", OrderStatus.PARTIALLY_SHIPPED),
    ("completed", "delivered", OrderStatus.DELIVERED),
    ("canceled", "not_fulfilled", OrderStatus.CANCELLED),
    ("requires_action", "not_fulfilled", OrderStatus.ON_HOLD),
])
def test_order_status(status: str, fulfillment: str, expected: OrderStatus) -> None:
    assert m.order_status({"status": status, "fulfillment_status": fulfillment}) is expected


def test_account_from_customer() -> None:
    c = decode("""{"id": "cus_1", "email": "c10001@x.cn", "company_name": "Shanghai Hengtong Electric Co., Ltd.",
      "phone": "021-58880000", "metadata": {"code": "C10001", "name_zh": "上海恒通电气有限公司",
      "payment_terms": "Net 30"}, "groups": [{"id": "g1", "name": "Key accounts"}],
      "addresses": [{"id": "cuaddr_1", "address_name": "Main warehouse", "address_1": "100 Industrial Road",
                     "city": "Shanghai", "postal_code": "200000", "first_name": "Receiving", "last_name": "dock"}]}""")
    a = m.account_from_customer(c, Decimal("0.13"))
    assert (a.id, a.code, a.name_zh, a.group, a.payment_terms) == (
        "cus_1", "C10001", "上海恒通电气有限公司", "Key accounts", "Net 30")
    assert a.ship_tos[0].name == "Main warehouse" and "Shanghai" in a.ship_tos[0].address


def test_handle_for_model_numbers() -> None:
    assert m.handle_for("LC1-D09 M7") == m.handle_for("ＬＣ１Ｄ０９Ｍ７") == "lc1d09m7"
    assert m.handle_for("NXB-63 1P C16") == "nxb631pc16"


def test_order_line_model_as_placed_else_the_folded_handle() -> None:
    from b2bterm.platform.medusa.mapping import LINE_MODEL, line_model

    assert line_model({"metadata": {LINE_MODEL: "3RT2015-1BB41"}, "product_handle": "3rt20151bb41"}) == "3RT2015-1BB41"
    assert line_model({"metadata": None, "product_handle": "lc1d09m7"}) == "LC1D09M7"
    assert line_model({}) == ""


async def test_odd_medusa_data_is_a_platform_error_not_a_crash() -> None:
    from b2bterm.platform.base import PlatformError
    from b2bterm.platform.medusa.adapter import _guarded
    from b2bterm.platform.medusa.mapping import MappingError

    class Fake:
        @_guarded("place order")
        async def place(self) -> None:
            return {}["draft_order"]["id"]  # what an unexpected Admin API answer does

    import pytest

    with pytest.raises(PlatformError, match="place order: Medusa sent a response"):
        await Fake().place()
    assert issubclass(MappingError, PlatformError)


def _plist(pid: str, kind: str, groups: list[str], tiers: list[tuple[int, str]]) -> m.ListPrices:
    return m.price_list_from_json({
        "id": pid, "title": pid, "type": kind, "rules": {"customer.groups.id": groups},
        "prices": [{"currency_code": "cny", "amount": Decimal(a), "min_quantity": q, "variant_id": "v1"}
                   for q, a in tiers]})


BASE_40 = {"id": "v1", "sku": "X-1", "prices": [
    {"currency_code": "cny", "amount": Decimal("90.00"), "min_quantity": None, "rules": {}},
    {"currency_code": "cny", "amount": Decimal("82.00"), "min_quantity": 40, "rules": {}}]}


@pytest.mark.parametrize("qty", [1, 19, 20, 39, 40, 500])
def test_a_contract_tier_above_the_asked_quantity_is_a_break_at_any_quantity(qty: int) -> None:
    """A contract with 74.60 from 20 pieces: shown at 19 (and at 1); the base list's 82.00 from 40 is never paid by
    this customer (the contract overrides it), so it is never shown."""
    lists = [_plist("CT-20", "override", ["g_ka"], [(20, "74.60")])]
    q = m.price(BASE_40, qty, lists, frozenset({"g_ka"}), "cny", NOW)
    assert [(b.min_qty, b.unit_price.amount) for b in q.breaks] == [(20, Decimal("74.60"))]
    assert q.net_price.amount == (Decimal("90.00") if qty < 20 else Decimal("74.60"))
    assert q.source.kind is (PriceSourceKind.LIST if qty < 20 else PriceSourceKind.CONTRACT)


def test_breaks_are_the_prices_paid_at_every_quantity() -> None:
    """Whatever the lists, the breaks at any asked quantity equal the price calculated at each quantity."""
    from b2bterm.domain.models import price_for_qty

    lists = [_plist("CT-A", "override", ["g1"], [(5, "88.00"), (60, "80.00")]),
             _plist("CT-B", "override", ["g2"], [(30, "85.00")]),
             _plist("PROMO", "sale", ["g1"], [(1, "95.00"), (100, "70.00")]),
             _plist("OTHER", "override", ["g9"], [(1, "10.00")])]
    groups = frozenset({"g1", "g2"})
    base = m.price(BASE_40, 1, lists, groups, "cny", NOW)
    for qty in range(1, 130):
        q = m.price(BASE_40, qty, lists, groups, "cny", NOW)
        assert q.breaks == base.breaks
        assert price_for_qty(base.net_price, q.breaks, qty) == q.net_price
    assert [b.min_qty for b in base.breaks] == [5, 30, 60, 100]


def test_a_sale_price_wins_only_where_it_is_lower_than_the_own_price() -> None:
    lists = [_plist("PROMO", "sale", ["g1"], [(1, "85.00")])]
    one, forty = (m.price(BASE_40, q, lists, frozenset({"g1"}), "cny", NOW) for q in (1, 40))
    assert one.net_price.amount == Decimal("85.00") and one.source.kind is PriceSourceKind.PROMOTION
    assert forty.net_price.amount == Decimal("82.00") and forty.source.kind is PriceSourceKind.LIST
    assert [(b.min_qty, b.unit_price.amount) for b in one.breaks] == [(40, Decimal("82.00"))]


@pytest.mark.parametrize(("total", "subtotal", "tax", "want"), [
    ("37427.634", "33121.8", "4305.834", ("33121.80", "4305.83", "37427.63")),
    ("12294.4", "10880", "1414.4", ("10880.00", "1414.40", "12294.40")),
    ("0.015", "0.01", "0.005", ("0.01", "0.01", "0.02")),  # half-up, and the sum still holds
])
def test_order_totals_in_the_minor_unit(total: str, subtotal: str, tax: str, want: tuple[str, str, str]) -> None:
    doc = {"currency_code": "cny", "total": Decimal(total), "subtotal": Decimal(subtotal), "tax_total": Decimal(tax)}
    sub, tx, tot = m.order_totals(doc)
    assert (str(sub.amount), str(tx.amount), str(tot.amount)) == want
    assert tot == sub + tx
    summary = m.summary_from_order({**ORDER, "total": Decimal(total), "raw_total": None})
    assert summary.total.amount == Decimal(want[2])


def test_attributes_from_product_metadata_and_variant_options() -> None:
    meta = {"attributes": {"rated_current": "9 A", "coil_voltage": "AC220V", "poles": ""}}
    options = [{"value": "3P", "option": {"title": "poles"}}, {"value": "x", "option": {"title": "Default option"}}]
    variant = {**VARIANT, "options": options, "product": {**VARIANT["product"], "metadata": {
        **VARIANT["product"].get("metadata", {}), **meta}}}
    p = m.product_from_variant(variant)
    assert p.attributes == (("rated_current", "9 A"), ("coil_voltage", "AC220V"), ("poles", "3P"))
    pairs = {**VARIANT, "product": {**VARIANT["product"], "metadata": {"attributes": [["curve", "C"], ["bad"]]}}}
    assert m.product_from_variant(pairs).attributes == (("curve", "C"),)
    assert m.product_from_variant(VARIANT).attributes == ()
