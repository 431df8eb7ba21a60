"""Medusa-only checks against the real testbed, for what the shared suite skips on medusa (see MEDUSA_SKIPS)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from b2bterm.domain.models import CodeKind, OrderRequest, OrderRequestLine, OrderStatus, PriceSourceKind
from b2bterm.platform.base import AuthError, Capability, OrderQuery
from tests.contract.conftest import DemoFacts, PlatformUnderTest, medusa_harness


@pytest.fixture
async def med(tmp_path: Path) -> AsyncIterator[PlatformUnderTest]:
    async with medusa_harness(tmp_path) as under_test:
        yield under_test


@pytest.fixture
def mfacts(med: PlatformUnderTest) -> DemoFacts:
    assert med.facts_path is not None
    return DemoFacts(med.facts_path)


async def test_capabilities_say_what_medusa_lacks(med: PlatformUnderTest) -> None:
    caps = med.platform.capabilities
    assert caps & Capability.QUOTE and caps & Capability.PLACE_ORDER and caps & Capability.TRACKING
    assert not caps & Capability.LAST_PAID


async def test_resolve_sku_ean_model_and_customer_part(med: PlatformUnderTest, mfacts: DemoFacts) -> None:
    cpn = mfacts.one("SELECT account_id, code, sku FROM customer_parts ORDER BY account_id, code LIMIT 1")
    ean = mfacts.one("SELECT ean, sku FROM products WHERE sku = 'SIE-3RT2015-1BB41'")
    got = await med.platform.resolve_codes(["SE-LC1D09M7", "lc1-d09 m7", "3rt2015 1bb41", ean["ean"], cpn["code"],
                                            "ZZZ-NOTHING-999"], account_id=cpn["account_id"])
    assert {(m.sku, m.kind) for m in got["SE-LC1D09M7"]} == {("SE-LC1D09M7", CodeKind.SKU)}
    assert ("SE-LC1D09M7", CodeKind.MODEL) in {(m.sku, m.kind) for m in got["lc1-d09 m7"]}
    assert ("SIE-3RT2015-1BB41", CodeKind.MODEL) in {(m.sku, m.kind) for m in got["3rt2015 1bb41"]}
    assert (ean["sku"], CodeKind.EAN) in {(m.sku, m.kind) for m in got[ean["ean"]]}
    assert (cpn["sku"], CodeKind.CUSTOMER_PART) in {(m.sku, m.kind) for m in got[cpn["code"]]}
    assert "ZZZ-NOTHING-999" not in got
    other = mfacts.one("SELECT id FROM accounts WHERE id != ? ORDER BY id LIMIT 1", (cpn["account_id"],))["id"]
    elsewhere = await med.platform.resolve_codes([cpn["code"]], account_id=other)
    assert cpn["code"] not in elsewhere


async def test_on_hand_by_stock_location_follows_the_back_office(med: PlatformUnderTest, mfacts: DemoFacts) -> None:
    row = mfacts.one("SELECT sku, warehouse, on_hand FROM stock ORDER BY on_hand DESC LIMIT 1")
    got = await med.platform.availability([row["sku"], "NO-SUCH-SKU"])
    assert set(got) == {row["sku"]}
    assert {w.code for w in got[row["sku"]].warehouses} == {"SH", "GZ", "BJ"}
    assert next(w for w in got[row["sku"]].warehouses if w.code == row["warehouse"]).on_hand == row["on_hand"]
    med.backoffice.set_stock(row["sku"], row["warehouse"], 7)
    again = await med.platform.availability([row["sku"]])
    assert next(w for w in again[row["sku"]].warehouses if w.code == row["warehouse"]).on_hand == 7


async def test_promotion_tier_from_a_sale_price_list(med: PlatformUnderTest, mfacts: DemoFacts) -> None:
    acc = mfacts.one("SELECT account_id FROM contracts WHERE kind = 'sale' ORDER BY account_id LIMIT 1")["account_id"]
    one, hundred = await med.platform.quote(acc, [("CHNT-NXB-63-1P-C16", 1), ("CHNT-NXB-63-1P-C16", 100)])
    assert one.source.kind is PriceSourceKind.PROMOTION and one.source.reference == "PROMO-INST-Q4"
    assert one.net_price.amount == Decimal("11.20") and hundred.net_price.amount == Decimal("10.40")
    assert one.list_price.amount == Decimal("12.80")


async def test_seeded_order_has_its_shipment_and_tracking(med: PlatformUnderTest, mfacts: DemoFacts) -> None:
    ship = mfacts.one("SELECT order_number, tracking_number, tracking_url, carrier FROM shipments LIMIT 1")
    number = await _order_id_for_po(med, "PO-2026-0815")
    order = await med.platform.get_order(number)
    assert order.status is OrderStatus.SHIPPED and order.po_number == "PO-2026-0815"
    [s] = order.shipments
    assert s.tracking_number == ship["tracking_number"] and s.tracking_url == ship["tracking_url"]
    assert s.carrier == ship["carrier"] and s.shipped_at is not None
    assert {sku for sku, _ in s.lines} == {r["sku"] for r in mfacts.all("SELECT sku FROM order_lines")}
    assert all(line.qty_shipped == line.qty for line in order.lines)
    assert order.total.amount == order.subtotal.amount + order.tax.amount
    assert order.tax.amount == (order.subtotal.amount * Decimal("0.13")).quantize(Decimal("0.01"))


async def _order_id_for_po(med: PlatformUnderTest, po: str) -> str:
    page = await med.platform.list_orders(OrderQuery(po_number=po))
    assert len(page.orders) == 1
    return page.orders[0].number


async def test_orders_list_pages_and_filters_on_the_live_book(med: PlatformUnderTest, mfacts: DemoFacts) -> None:
    acc = mfacts.one("SELECT id FROM accounts ORDER BY id LIMIT 1 OFFSET 1")["id"]
    po = f"PO-{uuid.uuid4().hex[:8]}"
    placed = await med.platform.place_order(OrderRequest(acc, (OrderRequestLine("OMR-MY2N-GS-DC24", 3),),
                                                         po_number=po), idempotency_key=f"t-{uuid.uuid4()}")
    total = (await med.platform.list_orders(OrderQuery(limit=1))).total
    assert total is not None and total >= 2
    seen, cursor = [], None
    while True:
        page = await med.platform.list_orders(OrderQuery(limit=1, cursor=cursor))
        seen += [o.number for o in page.orders]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total and placed.number in seen
    mine = await med.platform.list_orders(OrderQuery(account_id=acc, po_number=po))
    assert [o.number for o in mine.orders] == [placed.number]
    assert placed.number in [o.number for o in (await med.platform.list_orders(
        OrderQuery(contains="my2n-gs dc24", status=OrderStatus.CONFIRMED))).orders]


async def test_wrong_password_is_an_auth_error(med: PlatformUnderTest) -> None:
    from b2bterm.platform.medusa import MedusaPlatform

    url = med.platform.base_url  # type: ignore[attr-defined]
    bad = MedusaPlatform(url, email="admin@b2bterm.test", password="not-the-password")
    try:
        with pytest.raises(AuthError):
            await bad.get_products(["SE-LC1D09M7"])
    finally:
        await bad.aclose()


async def test_an_expired_token_logs_in_again_once(med: PlatformUnderTest) -> None:
    platform = med.platform
    assert await platform.get_products(["SE-LC1D09M7"])
    platform._token = "expired.or.revoked"  # type: ignore[attr-defined]
    assert await platform.get_products(["SE-LC1D09M7"])
    assert platform._token != "expired.or.revoked"  # type: ignore[attr-defined]


async def test_login_keeps_the_checked_staff_password(med: PlatformUnderTest) -> None:
    """`b2bterm login` on a medusa profile: the password is checked against Medusa, then is the secret to keep."""
    from b2bterm.config import Profile
    from b2bterm.platform.medusa.adapter import MedusaPlatform
    from b2bterm.services.session import can_log_in, log_in
    from tests.contract.medusa_harness import medusa_env

    env = medusa_env()
    assert env is not None
    profile = Profile(name="shop", platform="medusa", options={"url": env["B2BTERM_MEDUSA_URL"]})
    assert can_log_in(profile)
    grant = await log_in(profile, env["B2BTERM_MEDUSA_USER"], env["B2BTERM_MEDUSA_PASSWORD"])
    assert grant.token.reveal() == env["B2BTERM_MEDUSA_PASSWORD"]
    assert env["B2BTERM_MEDUSA_PASSWORD"] not in repr(grant)
    with pytest.raises(AuthError):
        await log_in(profile, env["B2BTERM_MEDUSA_USER"], "not-the-password")
    assert isinstance(med.platform, MedusaPlatform)


async def test_catalog_changes_report_a_deleted_product(med: PlatformUnderTest) -> None:
    """A product deleted in Medusa's admin (a soft delete) is reported by SKU, once, so the local catalog drops it."""
    office = med.backoffice
    sku = f"TMP-{uuid.uuid4().hex[:8].upper()}"
    profile = office._call("GET", "/admin/shipping-profiles")["shipping_profiles"][0]["id"]  # type: ignore[attr-defined]
    product = office._call("POST", "/admin/products", {  # type: ignore[attr-defined]
        "title": f"Temporary {sku}", "handle": sku.lower(), "status": "published", "shipping_profile_id": profile,
        "options": [{"title": "Pack", "values": ["1 pc"]}],
        "variants": [{"title": "1 pc", "sku": sku, "options": {"Pack": "1 pc"},
                      "prices": [{"currency_code": "cny", "amount": 12.5}]}]})["product"]
    try:
        cursor: str | None = None
        for _ in range(100):
            page = await med.platform.catalog_changes(cursor, limit=500)
            cursor = page.next_cursor
            if page.done:
                break
        quiet = await med.platform.catalog_changes(cursor)
        assert sku not in quiet.deleted
    finally:  # the server is shared by the run: never leave the temporary product behind
        office._call("DELETE", f"/admin/products/{product['id']}")  # type: ignore[attr-defined]
    gone = await med.platform.catalog_changes(cursor)
    assert gone.deleted == (sku,) and sku not in {p.sku for p in gone.products}
    again = await med.platform.catalog_changes(gone.next_cursor)
    assert again.deleted == () and again.products == ()


async def test_a_customer_is_picked_by_the_code_in_its_company_or_name(med: PlatformUnderTest) -> None:
    """A store that keeps no code in a customer's metadata writes it into the company or a name: search found such a
    customer, but every "account id or code" said "No customer" (get_account, quotes, the price book's accounts)."""
    office = med.backoffice
    tag = uuid.uuid4().hex[:6].upper()
    in_company, in_name = f"Q{tag}1", f"Q{tag}2"
    made = [office._call("POST", "/admin/customers", body)["customer"]["id"]  # type: ignore[attr-defined]
            for body in ({"email": f"caigou.{tag.lower()}@hexin.example.cn", "first_name": "Sun", "last_name": "Li",
                          "company_name": f"{in_company} Kunshan Hexin Automation Co., Ltd."},
                         {"email": f"zhou.{tag.lower()}@lianhe.example.cn", "first_name": in_name,
                          "last_name": "Zhou", "company_name": "Changzhou Lianhe Trading"})]
    try:
        assert [a.id for a in await med.platform.search_accounts(in_company)] == [made[0]]
        assert (await med.platform.get_account(in_company)).id == made[0]
        assert (await med.platform.get_account(in_name.lower())).id == made[1]
        [quote] = await med.platform.quote(in_company, [("SE-LC1D09M7", 1)])
        assert quote.net_price.amount == Decimal("186.50")
        rules = await med.platform.price_rules([in_company, in_name])  # type: ignore[attr-defined]
        assert sorted(rules.accounts) == sorted(made)
    finally:  # the server is shared by the run
        for cid in made:
            office._call("DELETE", f"/admin/customers/{cid}")  # type: ignore[attr-defined]
