"""The demo distributor file: deterministic, realistic, safe to rebuild; demo-only adapter behaviour."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from b2bterm.domain.models import OrderRequest, OrderRequestLine
from b2bterm.platform.base import OrderQuery, PlatformContext
from b2bterm.platform.demo import create
from b2bterm.platform.demo.adapter import DemoPlatform
from b2bterm.platform.demo.generator import build_demo_db, ean13

ANCHOR = date(2025, 6, 16)
TABLES = ("products", "xref", "stock", "incoming", "accounts", "ship_tos", "contracts", "contract_prices",
          "account_discounts", "customer_parts", "orders", "order_lines", "order_history", "shipments",
          "shipment_lines", "tracking_events")


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo_db(path, skus=3000, seed=7, anchor=ANCHOR)
    return path


@pytest.fixture
def db(built: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    yield conn  # type: ignore[misc]
    conn.close()


def test_same_seed_same_rows_other_seed_other_rows(built: Path, tmp_path: Path) -> None:
    again = build_demo_db(tmp_path / "again.sqlite", skus=3000, seed=7, anchor=ANCHOR)
    assert again.skus == 3000
    assert _dump(built) == _dump(tmp_path / "again.sqlite")
    build_demo_db(tmp_path / "other.sqlite", skus=3000, seed=8, anchor=ANCHOR)
    assert _dump(built)["orders"] != _dump(tmp_path / "other.sqlite")["orders"]


def test_rebuild_replaces_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    path.write_bytes(b"not a database")
    stats = build_demo_db(path, skus=500, anchor=ANCHOR)
    assert stats.skus == 500 and stats.bytes == path.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == ["d.sqlite"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 500
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_catalog_looks_real(db: sqlite3.Connection) -> None:
    brands = {r[0] for r in db.execute("SELECT DISTINCT brand FROM products")}
    assert {"SE", "SIE", "ABB", "OMR", "MIT", "CHT", "DLX", "PXC", "WM"} <= brands
    categories = {r[0] for r in db.execute("SELECT DISTINCT category FROM products")}
    assert {"contactor", "mcb", "mccb", "mpcb", "relay", "timer", "plc", "prox", "photo", "pushbutton", "terminal",
            "cable"} <= categories
    models = {r[0] for r in db.execute("SELECT model FROM products")}
    assert {"LC1D09M7", "GV2ME08", "3RT2015-1BB41", "6ES7214-1AG40-0XB0", "E2E-X5ME1 2M", "NXC-09 220V",
            "CJX2-0910 220V", "UT 2,5", "WDU 2.5", "FX3U-32MR/ES-A", "A9F74206", "S201-C16"} <= models
    names = db.execute("SELECT name_en, name_zh FROM products").fetchall()
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for _en, zh in names)
    assert not any(re.search(r"(?i)\b(product|item|test)\s*\d+|lorem", en) for en, _zh in names)
    assert len({en for en, _zh in names}) > 0.95 * len(names)
    skus = [r[0] for r in db.execute("SELECT sku FROM products")]
    assert len(set(skus)) == len(skus)
    statuses = dict(db.execute("SELECT status, count(*) FROM products GROUP BY 1").fetchall())
    assert statuses.get("discontinued") and statuses.get("superseded")
    assert db.execute("SELECT count(*) FROM products WHERE status = 'superseded' AND superseded_by = ''"
                      ).fetchone()[0] == 0
    for (ean,) in db.execute("SELECT ean FROM products WHERE ean != '' LIMIT 200"):
        assert len(ean) == 13 and ean13(ean[:12]) == ean
    units = {r[0] for r in db.execute("SELECT DISTINCT unit FROM products")}
    assert {"pc", "m", "roll"} <= units
    # cross-references between brands, e.g. LC1D09M7 ~ NXC-09 ~ CJX2-0910
    refs = {r[0] for r in db.execute("SELECT code FROM xref WHERE sku = 'SE-LC1D09M7'")}
    assert {"NXC-09 220V", "CJX2-0910 220V"} <= refs


def test_customers_contracts_and_stock(db: sqlite3.Connection) -> None:
    accounts = db.execute("SELECT code, name, name_zh, grp, payment_terms FROM accounts").fetchall()
    assert len(accounts) >= 40
    assert all(re.fullmatch(r"C\d{5}", a[0]) for a in accounts)
    assert all(re.search(r"[\u4e00-\u9fff]", a[2]) and a[1].isascii() for a in accounts)
    assert len({a[3] for a in accounts}) >= 4
    assert any("Net 30" in a[4] for a in accounts)
    assert db.execute("SELECT count(DISTINCT account_id) FROM contract_prices").fetchone()[0] >= 20
    assert db.execute("SELECT count(*) FROM contract_prices WHERE min_qty > 1").fetchone()[0] > 0
    assert db.execute("SELECT count(DISTINCT account_id) FROM customer_parts").fetchone()[0] >= 10
    assert db.execute("SELECT count(*) FROM warehouses").fetchone()[0] >= 3
    assert db.execute("SELECT count(DISTINCT warehouse) FROM stock").fetchone()[0] >= 3
    assert db.execute("SELECT count(*) FROM incoming").fetchone()[0] > 0


def test_order_history_spans_18_months_with_tracking(db: sqlite3.Connection) -> None:
    first, last, n = db.execute("SELECT min(placed_at), max(placed_at), count(*) FROM orders").fetchone()
    span = (datetime.fromisoformat(last).date() - datetime.fromisoformat(first).date()).days
    assert 500 <= span <= 550 and datetime.fromisoformat(last).date() <= ANCHOR
    assert n >= 1000
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM orders")}
    assert {"delivered", "shipped", "partially_shipped", "confirmed", "cancelled"} <= statuses
    assert db.execute("SELECT count(*) FROM order_lines WHERE qty_backordered > 0").fetchone()[0] > 0
    carriers = {r[0] for r in db.execute("SELECT DISTINCT carrier FROM shipments")}
    assert any("顺丰" in c for c in carriers) and any("京东" in c for c in carriers)
    assert db.execute("SELECT count(*) FROM shipments s WHERE NOT EXISTS "
                      "(SELECT 1 FROM tracking_events e WHERE e.shipment_id = s.id)").fetchone()[0] == 0
    sf = db.execute("SELECT tracking_number, tracking_url FROM shipments WHERE carrier LIKE 'SF%' LIMIT 1").fetchone()
    assert re.fullmatch(r"SF\d{13}", sf[0]) and sf[0] in sf[1]
    unshipped = db.execute("SELECT count(*) FROM orders o WHERE status IN ('confirmed', 'processing') AND NOT EXISTS "
                           "(SELECT 1 FROM shipments s WHERE s.order_number = o.number)").fetchone()[0]
    assert unshipped > 0


async def test_idempotency_holds_across_two_instances_on_one_file(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    path.write_bytes(built.read_bytes())
    a, b = DemoPlatform(path), DemoPlatform(path)
    try:
        request = OrderRequest("C10023", (OrderRequestLine("SE-LC1D09M7", 3),))
        before = (await a.list_orders(OrderQuery(limit=1))).total
        first, second = await asyncio.gather(a.place_order(request, idempotency_key="same-key"),
                                             b.place_order(request, idempotency_key="same-key"))
        assert first.number == second.number
        assert (await b.list_orders(OrderQuery(limit=1))).total == before + 1
    finally:
        await a.aclose()
        await b.aclose()


async def test_latency_knob_and_create_builds_on_first_use(tmp_path: Path) -> None:
    platform = create({"skus": 400, "latency_ms": 30}, PlatformContext(data_dir=tmp_path))
    try:
        assert (tmp_path / "demo-platform.sqlite").exists()
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await platform.get_products(["SE-LC1D09M7"])
        assert loop.time() - started >= 0.03
    finally:
        await platform.aclose()
