"""``DemoPlatform``: the Platform contract served from the demo distributor's SQLite file.

Every query runs off the event loop (``asyncio.to_thread``) on the platform's own connection, serialised by a lock;
the catalog's pages (``catalog_changes``: a first sync reads thousands of products a page) are read on a connection
of their own, as a server answers a terminal's search while another terminal's sync pages through the catalog.
Knobs for demos and tests: ``latency`` (seconds awaited before each answer) and ``offline`` (every call raises
``Offline``). Test helpers change the distributor's data as its staff would: ``set_price``, ``discontinue``,
``set_stock`` (each bumps the catalog change sequence where the catalog changes).

Pricing: a valid contract special price for the SKU (source CONTRACT, with the contract's number and validity, its
own quantity tiers) beats the account's contract brand/category discount (CONTRACT), which beats its group's
discount (GROUP), which beats list (LIST). Outside a special price the SKU's quantity-break schedule applies to the
base net price. ``last_paid`` comes from the account's order history.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from b2bterm import clock
from b2bterm.domain.catalog_feed import CatalogSnapshot
from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import (
    Account,
    Availability,
    CodeKind,
    CodeMatch,
    Incoming,
    LastPaid,
    PriceBreak,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    Product,
    ProductStatus,
    ShipTo,
    WarehouseStock,
    price_for_qty,
)
from b2bterm.domain.money import CENT, Money
from b2bterm.domain.sqlpattern import like_escape
from b2bterm.platform.base import (
    Capability,
    CatalogChanges,
    CustomerPartNumber,
    ErrorCode,
    NotFound,
    Offline,
    Rejected,
)
from b2bterm.platform.demo.history import CST
from b2bterm.platform.demo.orders import DemoOrders
from b2bterm.platform.demo.price_rules import DemoPriceRules, discount_text, group_text
from b2bterm.platform.demo.quotations import DemoQuotations
from b2bterm.platform.demo.reference import BRANDS, CATEGORIES
from b2bterm.platform.snapshots import SnapshotShelf

T = TypeVar("T")
_PRODUCT_COLUMNS = ("sku, model, brand, category, name_en, name_zh, attributes, unit, pack_size, moq, status, "
                    "list_price, popularity, ean, superseded_by, updated_at, seq")


def _now() -> datetime:
    return clock.now().astimezone(CST)


def _chunks(items: Sequence[T], size: int = 500) -> list[Sequence[T]]:
    return [items[i: i + size] for i in range(0, len(items), size)]


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


class DemoPlatform(DemoOrders, DemoQuotations, DemoPriceRules):
    """The embedded demo distributor. ``path`` is a file made by ``build_demo_db``."""

    name = "demo"
    capabilities = Capability.all()

    def __init__(self, path: Path | str, *, latency: float = 0.0, offline: bool = False,
                 clock: Callable[[], datetime] = _now) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no demo platform file at {self.path}; build it with build_demo_db")
        self.latency = latency
        self.offline = offline
        self.shelf = SnapshotShelf(Path(f"{self.path}.snapshots"))  # catalog snapshots published for this file
        self.clock = clock
        self._lock = threading.RLock()
        self._conn = self._connect()
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._closed = False
        # the catalog's pages: their own connection (opened when first asked) and lock, so that a search, a quote or
        # an order is not queued behind a page of thousands of products (a first sync asks for the next page while it
        # writes the last: the platform's one connection was nearly always busy with it)
        self._feed_lock = threading.Lock()
        self._feed_conn: sqlite3.Connection | None = None
        self._lane = threading.local()  # ``_q``'s connection on this thread: the feed's inside ``_fed``

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)  # (busy 30 s)
        conn.row_factory = sqlite3.Row
        return conn

    # --- plumbing --------------------------------------------------------------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: Any, feed: bool = False) -> T:
        """``fn(*args)`` off the event loop, on the platform's connection (``feed``: the catalog pages' own)."""
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.offline:
            raise Offline("The demo platform is offline (switched off for this demo or test).",
                          code=ErrorCode.DEMO_OFFLINE)
        return await asyncio.to_thread(self._fed if feed else self._locked, fn, *args)

    def _open(self) -> None:
        if self._closed:
            raise Offline("The demo platform connection is closed.", code=ErrorCode.DEMO_CLOSED)

    def _locked(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            self._open()
            return fn(*args)

    def _fed(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn`` on the feed's connection (its reads through ``_q``), serialised by the feed's lock."""
        with self._feed_lock:
            self._open()
            if self._feed_conn is None:
                self._feed_conn = self._connect()
            self._lane.conn = self._feed_conn
            try:
                return fn(*args)
            finally:
                self._lane.conn = None

    def _q(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        return self._rows(sql, params).fetchall()

    def _rows(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """The rows one at a time (a whole table's: a list of a million rows held ~100 MiB at once)."""
        return (getattr(self._lane, "conn", None) or self._conn).execute(sql, params)

    def _today(self) -> date:
        return self.clock().date()

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        with self._lock, self._feed_lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
                if self._feed_conn is not None:
                    self._feed_conn.close()

    # --- products --------------------------------------------------------------------------------------------------

    def _products(self, rows: Sequence[sqlite3.Row]) -> list[Product]:
        skus = [r["sku"] for r in rows]
        refs: dict[str, list[str]] = {}
        subs: dict[str, list[str]] = {}
        for part in _chunks(skus):
            for x in self._q(f"SELECT sku, code, kind, partner_sku FROM xref WHERE sku IN ({_marks(part)}) "
                             "ORDER BY rowid", part):
                refs.setdefault(x["sku"], []).append(x["code"])
                if x["partner_sku"]:
                    subs.setdefault(x["sku"], []).append(x["partner_sku"])
        out = []
        for r in rows:
            out.append(Product(
                sku=r["sku"], model=r["model"], brand=brand_name(r["brand"]), category=category_name(r["category"]),
                name_en=r["name_en"],
                name_zh=r["name_zh"], attributes=tuple((k, v) for k, v in json.loads(r["attributes"])),
                unit=r["unit"], pack_size=r["pack_size"], moq=r["moq"], status=ProductStatus.parse(r["status"]),
                list_price=Money.of(r["list_price"]), popularity=r["popularity"], ean=r["ean"],
                superseded_by=r["superseded_by"], substitutes=tuple(subs.get(r["sku"], ())),
                cross_refs=tuple(refs.get(r["sku"], ())), updated_at=r["updated_at"]))
        return out

    def _search(self, query: str, limit: int) -> list[Product]:
        from b2bterm.domain.order_filter import like_pattern

        words = query.split()
        if not words:
            return []
        key = normalise(query)
        rows: list[sqlite3.Row] = []
        seen: set[str] = set()
        if key:
            for r in self._q(f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE model_key >= ? AND model_key < ? "
                             "ORDER BY popularity DESC LIMIT ?", (key, key + "\uffff", limit)):
                rows.append(r)
                seen.add(r["sku"])
        if len(rows) < limit:
            where = " AND ".join("(name_en LIKE ? ESCAPE '\\' OR name_zh LIKE ? ESCAPE '\\' OR model LIKE ? "
                                 "ESCAPE '\\' OR sku LIKE ? ESCAPE '\\')" for _ in words)
            params: list[object] = []
            for w in words:
                params += [like_pattern(w)] * 4
            for r in self._q(f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE {where} "
                             "ORDER BY popularity DESC LIMIT ?", [*params, limit]):
                if r["sku"] not in seen and len(rows) < limit:
                    rows.append(r)
                    seen.add(r["sku"])
        return self._products(rows)

    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]:
        return await self._run(self._search, query, limit)

    def _get(self, skus: Sequence[str]) -> dict[str, Product]:
        rows: list[sqlite3.Row] = []
        unique = list(dict.fromkeys(skus))
        for part in _chunks(unique):
            rows += self._q(f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE sku IN ({_marks(part)})", part)
        return {p.sku: p for p in self._products(rows)}

    async def get_products(self, skus: Sequence[str]) -> dict[str, Product]:
        return await self._run(self._get, list(skus))

    def _resolve(self, codes: Sequence[str], account_id: str | None) -> dict[str, list[CodeMatch]]:
        found: dict[str, list[CodeMatch]] = {}
        by_key: dict[str, list[str]] = {}
        by_sku: dict[str, list[str]] = {}
        for code in codes:
            by_key.setdefault(normalise(code), []).append(code)
            by_sku.setdefault(code.strip().upper(), []).append(code)
        keys = [k for k in by_key if k]
        skus = list(by_sku)

        def add(inputs: list[str], sku: str, kind: CodeKind) -> None:
            for code in inputs:
                matches = found.setdefault(code, [])
                if not any(m.sku == sku and m.kind == kind for m in matches):
                    matches.append(CodeMatch(code=code, sku=sku, kind=kind))

        for part in _chunks(skus):
            for r in self._q(f"SELECT sku FROM products WHERE sku IN ({_marks(part)})", part):
                add(by_sku[r["sku"]], r["sku"], CodeKind.SKU)
        for part in _chunks(keys):
            for r in self._q(f"SELECT sku, model_key FROM products WHERE model_key IN ({_marks(part)}) "
                             "ORDER BY popularity DESC", part):
                add(by_key[r["model_key"]], r["sku"], CodeKind.MODEL)
            if account_id:
                for r in self._q(f"SELECT sku, code_key FROM customer_parts WHERE account_id = ? AND code_key IN "
                                 f"({_marks(part)})", [account_id, *part]):
                    add(by_key[r["code_key"]], r["sku"], CodeKind.CUSTOMER_PART)
            for r in self._q(f"SELECT x.sku, x.code_key FROM xref x JOIN products p ON p.sku = x.sku "
                             f"WHERE x.code_key IN ({_marks(part)}) ORDER BY p.popularity DESC", part):
                add(by_key[r["code_key"]], r["sku"], CodeKind.CROSS_REF)
        eans = [k for k in keys if k.isdigit() and len(k) in (8, 12, 13, 14)]
        for part in _chunks(eans):
            for r in self._q(f"SELECT sku, ean FROM products WHERE ean IN ({_marks(part)})", part):
                add(by_key[r["ean"]], r["sku"], CodeKind.EAN)
        return found

    async def resolve_codes(self, codes: Sequence[str], *, account_id: str | None = None
                            ) -> dict[str, list[CodeMatch]]:
        return await self._run(self._resolve, list(codes), account_id)

    # --- prices ----------------------------------------------------------------------------------------------------

    def _quote_one(self, account: sqlite3.Row, sku: str, qty: int, today: date, at: datetime
                   ) -> PriceQuote | None:
        from b2bterm.domain.price_rules import promoted

        rows = self._q("SELECT brand, category, list_price, schedule FROM products WHERE sku = ?", (sku,))
        if not rows:
            return None
        p = rows[0]
        account_id = account["id"]
        list_price = Money.of(p["list_price"])
        iso = today.isoformat()
        breaks: tuple[PriceBreak, ...] = ()
        contract = self._q(
            "SELECT c.number, c.valid_from, c.valid_to, c.description, cp.min_qty, cp.price FROM contract_prices cp "
            "JOIN contracts c ON c.number = cp.contract WHERE cp.account_id = ? AND cp.sku = ? AND c.valid_from <= ? "
            "AND c.valid_to >= ? ORDER BY c.valid_from DESC, c.number, cp.min_qty", (account_id, sku, iso, iso))
        if contract:
            number = contract[0]["number"]
            tiers = [r for r in contract if r["number"] == number]
            base = Money.of(tiers[0]["price"])
            breaks = tuple(PriceBreak(r["min_qty"], Money.of(r["price"])) for r in tiers if r["min_qty"] > 1)
            source = PriceSource(PriceSourceKind.CONTRACT, number,
                                 f"合同特价 Contract special price · {tiers[0]['description']}",
                                 date.fromisoformat(tiers[0]["valid_from"]), date.fromisoformat(tiers[0]["valid_to"]))
        else:
            disc = self._q(
                "SELECT d.pct, d.brand, d.category, c.number, c.valid_from, c.valid_to FROM account_discounts d "
                "JOIN contracts c ON c.number = d.contract WHERE d.account_id = ? AND (d.brand = '' OR d.brand = ?) "
                "AND (d.category = '' OR d.category = ?) AND c.valid_from <= ? AND c.valid_to >= ? "
                "ORDER BY (d.brand != '') + (d.category != '') DESC, CAST(d.pct AS REAL) DESC, c.number, d.brand, "
                "d.category LIMIT 1",
                (account_id, p["brand"], p["category"], iso, iso))
            if disc:
                d = disc[0]
                pct = Decimal(d["pct"])
                source = PriceSource(PriceSourceKind.CONTRACT, d["number"],
                                     discount_text(pct, d["brand"], d["category"]),
                                     date.fromisoformat(d["valid_from"]), date.fromisoformat(d["valid_to"]))
            else:
                grp = self._q(
                    "SELECT pct, brand, category FROM group_discounts WHERE grp = ? AND (brand = '' OR brand = ?) "
                    "AND (category = '' OR category = ?) ORDER BY (brand != '') + (category != '') DESC, "
                    "CAST(pct AS REAL) DESC, brand, category LIMIT 1", (account["grp"], p["brand"], p["category"]))
                if grp:
                    pct = Decimal(grp[0]["pct"])
                    source = PriceSource(PriceSourceKind.GROUP, account["grp"], group_text(pct))
                else:
                    pct = Decimal(0)
                    source = PriceSource(PriceSourceKind.LIST, "", "目录价 List price")
            base = Money(list_price.amount * (1 - pct)).rounded(CENT)
            breaks = tuple(
                PriceBreak(r["min_qty"], Money(base.amount * Decimal(r["factor"])).rounded(CENT))
                for r in self._q("SELECT min_qty, factor FROM break_schedules WHERE schedule = ? ORDER BY min_qty",
                                 (p["schedule"],)))
        promotions = self._promotions_for(account, sku, iso)
        if promotions:
            net, breaks, source = promoted(base, breaks, source, promotions, sku, qty)
        else:
            net = price_for_qty(base, breaks, qty)
        last = self._q(
            "SELECT ol.unit_price, ol.qty, o.placed_at, o.number FROM order_lines ol JOIN orders o "
            "ON o.number = ol.order_number WHERE o.account_id = ? AND ol.sku = ? AND o.status != 'cancelled' "
            "ORDER BY o.placed_at DESC LIMIT 1", (account_id, sku))
        last_paid = None
        if last:
            r = last[0]
            last_paid = LastPaid(Money.of(r["unit_price"]), r["qty"], datetime.fromisoformat(r["placed_at"]).date(),
                                 r["number"])
        cpn = self._q("SELECT code FROM customer_parts WHERE account_id = ? AND sku = ? LIMIT 1", (account_id, sku))
        return PriceQuote(sku=sku, account_id=account_id, qty=qty, list_price=list_price, net_price=net,
                          tax_rate=Decimal(account["tax_rate"]), breaks=breaks, source=source, fetched_at=at,
                          last_paid=last_paid, customer_part_number=cpn[0]["code"] if cpn else "")

    def _account_row(self, account_id: str) -> sqlite3.Row:
        rows = self._q("SELECT * FROM accounts WHERE id = ?", (account_id,))
        if not rows:
            raise NotFound(f"No customer account {account_id!r}.", code=ErrorCode.NO_ACCOUNT,
                           values={"account": account_id})
        return rows[0]

    def _quote(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        account = self._account_row(account_id)
        at = self.clock()
        today = at.date()
        out = []
        for sku, qty in items:
            q = self._quote_one(account, sku, max(1, int(qty)), today, at)
            if q is not None:
                out.append(q)
        return out

    async def quote(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        return await self._run(self._quote, account_id, list(items))

    # --- stock -----------------------------------------------------------------------------------------------------

    def _availability(self, skus: Sequence[str]) -> dict[str, Availability]:
        at = self.clock()
        warehouses = self._q("SELECT code, name FROM warehouses ORDER BY rowid")
        known: set[str] = set()
        stock: dict[tuple[str, str], int] = {}
        incoming: dict[tuple[str, str], list[Incoming]] = {}
        unique = list(dict.fromkeys(skus))
        for part in _chunks(unique):
            known.update(r["sku"] for r in self._q(f"SELECT sku FROM products WHERE sku IN ({_marks(part)})", part))
            for r in self._q(f"SELECT sku, warehouse, on_hand FROM stock WHERE sku IN ({_marks(part)})", part):
                stock[(r["sku"], r["warehouse"])] = r["on_hand"]
            for r in self._q(f"SELECT sku, warehouse, qty, eta, reference FROM incoming WHERE sku IN ({_marks(part)}) "
                             "ORDER BY eta", part):
                incoming.setdefault((r["sku"], r["warehouse"]), []).append(
                    Incoming(r["qty"], date.fromisoformat(r["eta"]), r["reference"]))
        return {sku: Availability(sku, tuple(
            WarehouseStock(w["code"], w["name"], stock.get((sku, w["code"]), 0),
                           tuple(incoming.get((sku, w["code"]), ()))) for w in warehouses), at)
            for sku in unique if sku in known}

    async def availability(self, skus: Sequence[str]) -> dict[str, Availability]:
        return await self._run(self._availability, list(skus))

    # --- accounts --------------------------------------------------------------------------------------------------

    def _accounts(self, rows: Sequence[sqlite3.Row]) -> list[Account]:
        ids = [r["id"] for r in rows]
        ships: dict[str, list[ShipTo]] = {}
        for part in _chunks(ids):
            for s in self._q(f"SELECT * FROM ship_tos WHERE account_id IN ({_marks(part)}) ORDER BY position", part):
                ships.setdefault(s["account_id"], []).append(
                    ShipTo(s["id"], s["name"], s["address"], s["contact"], s["phone"]))
        return [Account(id=r["id"], code=r["code"], name=r["name"], name_zh=r["name_zh"], group=r["grp"],
                        phone=r["phone"], payment_terms=r["payment_terms"], currency=r["currency"],
                        tax_rate=Decimal(r["tax_rate"]), ship_tos=tuple(ships.get(r["id"], ()))) for r in rows]

    def _search_accounts(self, query: str, limit: int) -> list[Account]:
        from b2bterm.domain.order_filter import like_pattern

        q = query.strip()
        if not q:
            rows = self._q("SELECT * FROM accounts ORDER BY code LIMIT ?", (limit,))
        else:
            digits = "".join(c for c in q if c.isdigit())
            rows = self._q(
                "SELECT * FROM accounts WHERE code LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' "
                "OR name_zh LIKE ? ESCAPE '\\' OR (? != '' AND length(?) >= 4 AND phone_digits LIKE ?) "
                "ORDER BY code LIMIT ?",
                (like_escape(q) + "%", like_pattern(q), like_pattern(q), digits, digits, f"%{digits}%", limit))
        return self._accounts(rows)

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        return await self._run(self._search_accounts, query, limit)

    async def get_account(self, account_id: str) -> Account:
        return await self._run(lambda: self._accounts([self._account_row(account_id)])[0])

    def _cpns(self, account_id: str) -> list[CustomerPartNumber]:
        self._account_row(account_id)
        return [CustomerPartNumber(account_id, r["code"], r["sku"])
                for r in self._q("SELECT code, sku FROM customer_parts WHERE account_id = ? ORDER BY code",
                                 (account_id,))]

    async def customer_part_numbers(self, account_id: str) -> list[CustomerPartNumber]:
        return await self._run(self._cpns, account_id)

    # --- catalog changes -------------------------------------------------------------------------------------------

    def _changes(self, cursor: str | None, limit: int) -> CatalogChanges:
        after = 0
        if cursor:
            try:
                after = int(cursor)
            except ValueError as exc:
                raise Rejected("The catalog cursor is not valid; sync the whole catalog again.",
                               field="cursor") from exc
        limit = max(1, min(limit, 10000))
        rows = self._q(f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE seq > ? ORDER BY seq LIMIT ?",
                       (after, limit + 1))
        done = len(rows) <= limit
        rows = rows[:limit]
        total = self._q("SELECT count(*) FROM products")[0][0]
        next_cursor = str(rows[-1]["seq"]) if rows else str(after)
        return CatalogChanges(tuple(self._products(rows)), (), next_cursor, done, total)

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges:
        return await self._run(self._changes, cursor, limit, feed=True)

    async def catalog_snapshot(self, format: str) -> CatalogSnapshot | None:
        return await self._run(self.shelf.offer, format)

    async def fetch_catalog_snapshot(self, snapshot: CatalogSnapshot, dest: Path) -> None:
        if self.offline:
            raise Offline("The demo platform is offline (switched off for this demo or test).",
                          code=ErrorCode.DEMO_OFFLINE)
        await asyncio.to_thread(self.shelf.copy_out, snapshot, Path(dest))  # a file copy: not under the lock

    # --- helpers for demos and tests (synchronous: they act as the distributor's back office) ---------------------

    def _touch(self, sku: str, assignments: str, params: Sequence[object]) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                seq = self._q("SELECT coalesce(max(seq), 0) + 1 FROM products")[0][0]
                cur = self._conn.execute(f"UPDATE products SET {assignments}, seq = ?, updated_at = ? WHERE sku = ?",
                                         [*params, seq, self.clock().isoformat(), sku])
                if cur.rowcount != 1:
                    raise NotFound(f"No product {sku!r}.", code=ErrorCode.NO_PRODUCT, values={"sku": sku})
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def set_price(self, sku: str, list_price: Money) -> None:
        """Change a SKU's list price (quotes follow; catalog_changes reports the product again)."""
        self._touch(sku, "list_price = ?", [str(list_price.amount)])

    def discontinue(self, sku: str, *, superseded_by: str = "") -> None:
        """Mark a SKU discontinued (or superseded by another): place_order then rejects it."""
        status = ProductStatus.SUPERSEDED if superseded_by else ProductStatus.DISCONTINUED
        self._touch(sku, "status = ?, superseded_by = ?", [status.value, superseded_by])

    def set_stock(self, sku: str, warehouse: str, qty: int) -> None:
        """Set on-hand stock of a SKU in one warehouse (code such as 'SH')."""
        with self._lock:
            if not self._q("SELECT 1 FROM warehouses WHERE code = ?", (warehouse,)):
                raise NotFound(f"No warehouse {warehouse!r}.")
            if not self._q("SELECT 1 FROM products WHERE sku = ?", (sku,)):
                raise NotFound(f"No product {sku!r}.", code=ErrorCode.NO_PRODUCT, values={"sku": sku})
            self._conn.execute("INSERT INTO stock VALUES (?,?,?) ON CONFLICT (sku, warehouse) DO UPDATE "
                               "SET on_hand = excluded.on_hand", (sku, warehouse, qty))


def brand_name(code: str) -> str:
    """The name staff know a brand by ("Schneider Electric"), not the demo's internal code ("SE")."""
    return BRANDS[code][0] if code in BRANDS else code


def category_name(code: str) -> str:
    return CATEGORIES[code][0] if code in CATEGORIES else code
