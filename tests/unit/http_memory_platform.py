"""A small, real in-memory Platform for the HTTP adapter and server tests (not a mock: it keeps state and rules)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from b2bterm.domain.models import (
    Account,
    Availability,
    CodeKind,
    CodeMatch,
    Incoming,
    LastPaid,
    Order,
    OrderLine,
    OrderRequest,
    OrderStatus,
    PriceBreak,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    Product,
    Shipment,
    ShipTo,
    StatusChange,
    TrackingEvent,
    WarehouseStock,
    price_for_qty,
    with_tax,
)
from b2bterm.domain.money import Money
from b2bterm.platform.base import (
    AuthError,
    Capability,
    CatalogChanges,
    CustomerPartNumber,
    NotFound,
    Offline,
    OrderPage,
    OrderQuery,
    Rejected,
)

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _cny(x: str) -> Money:
    return Money.of(x, "CNY")


PRODUCTS = [
    Product(
        sku=f"SKU-{n:04d}",
        model=f"LC1D{n:02d}M7C",
        brand="Schneider" if n % 2 else "正泰",
        category="Contactors",
        name_en=f"Contactor {n} A",
        name_zh=f"交流接触器 {n}A",
        attributes=(("coil", "220V"), ("poles", "3")),
        list_price=_cny(f"{100 + n}.50"),
        popularity=1000 - n,
        cross_refs=(f"XREF-{n}",),
        updated_at=f"2026-01-{(n % 28) + 1:02d}",
    )
    for n in range(1, 26)
]


class MemoryPlatform:
    name = "memory"

    def __init__(self) -> None:
        self.capabilities = Capability.all()
        self.products = {p.sku: p for p in PRODUCTS}
        self.accounts = {
            "A1": Account(
                "A1", "C001", "Huadong Electric", "华东电气有限公司", ship_tos=(ShipTo("S1", "Main", "上海市"),)
            ),
            "A2": Account("A2", "C002", "Nanfang Automation", "南方自动化"),
        }
        self.orders: dict[str, Order] = {}
        self.by_key: dict[str, str] = {}
        self._numbers = itertools.count(1)
        self.place_calls = 0
        self.read_calls = 0
        self.fail_next: Exception | None = None  # raise this from the next call (error mapping tests)
        self.closed = False
        self._seed_order()

    def _boom(self) -> None:
        self.read_calls += 1
        if self.fail_next is not None:
            exc, self.fail_next = self.fail_next, None
            raise exc

    def _seed_order(self) -> None:
        p = self.products["SKU-0003"]
        line = OrderLine(p.sku, p.model, p.name, 10, _cny("93.10"), qty_shipped=4, qty_backordered=6)
        sub = line.extended
        tax = (sub * Decimal("0.13")).rounded()
        self.orders["SO-0000"] = Order(
            number="SO-0000",
            account_id="A1",
            placed_at=T0,
            status=OrderStatus.PARTIALLY_SHIPPED,
            lines=(line,),
            subtotal=sub,
            tax=tax,
            total=sub + tax,
            po_number="PO-77",
            shipments=(
                Shipment(
                    "SH1",
                    "顺丰",
                    "SF123",
                    shipped_at=T0,
                    eta=date(2026, 3, 3),
                    lines=(("SKU-0003", 4),),
                    events=(TrackingEvent(T0, "已揽收", "上海", "picked_up"),),
                ),
            ),
            history=(StatusChange(OrderStatus.CONFIRMED, T0, "ok"),),
        )

    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]:
        self._boom()
        q = query.lower()
        hits = [p for p in self.products.values() if q in p.name_en.lower() or q in p.name_zh or q in p.model.lower()]
        return hits[:limit]

    async def get_products(self, skus: Sequence[str]) -> dict[str, Product]:
        self._boom()
        return {s: self.products[s] for s in skus if s in self.products}

    async def resolve_codes(self, codes: Sequence[str], *, account_id: str | None = None) -> dict[str, list[CodeMatch]]:
        self._boom()
        out: dict[str, list[CodeMatch]] = {}
        for code in codes:
            for p in self.products.values():
                if code == p.sku:
                    out.setdefault(code, []).append(CodeMatch(code, p.sku, CodeKind.SKU))
                elif code.upper() == p.model:
                    out.setdefault(code, []).append(CodeMatch(code, p.sku, CodeKind.MODEL))
                elif code in p.cross_refs:
                    out.setdefault(code, []).append(CodeMatch(code, p.sku, CodeKind.CROSS_REF))
        return out

    def _unit(self, account_id: str, sku: str, qty: int) -> tuple[Money, tuple[PriceBreak, ...]]:
        p = self.products[sku]
        assert p.list_price is not None
        base = (p.list_price * Decimal("0.9")).rounded()
        breaks = (
            PriceBreak(10, (p.list_price * Decimal("0.85")).rounded()),
            PriceBreak(100, (p.list_price * Decimal("0.8")).rounded()),
        )
        return price_for_qty(base, breaks, qty), breaks

    async def quote(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        self._boom()
        if account_id not in self.accounts:
            raise NotFound(f"no account {account_id}")
        quotes = []
        for sku, qty in items:
            if sku not in self.products:
                continue
            net, breaks = self._unit(account_id, sku, qty)
            p = self.products[sku]
            assert p.list_price is not None
            quotes.append(
                PriceQuote(
                    sku=sku,
                    account_id=account_id,
                    qty=qty,
                    list_price=p.list_price,
                    net_price=net,
                    breaks=breaks,
                    source=PriceSource(
                        PriceSourceKind.CONTRACT, "HT-2026-001", "年度合同", date(2026, 1, 1), date(2026, 12, 31)
                    ),
                    fetched_at=T0,
                    last_paid=LastPaid(_cny("93.10"), 10, date(2026, 2, 1), "SO-0000") if sku == "SKU-0003" else None,
                )
            )
        return quotes

    async def availability(self, skus: Sequence[str]) -> dict[str, Availability]:
        self._boom()
        return {
            s: Availability(
                s,
                (
                    WarehouseStock("SH", "上海仓", 5 * n),
                    WarehouseStock("GZ", "广州仓", 0, (Incoming(20, date(2026, 4, 1), "PO-1"),)),
                ),
                fetched_at=T0,
            )
            for n, s in enumerate(skus)
            if s in self.products
        }

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        self._boom()
        return [a for a in self.accounts.values() if query in a.name or query in a.name_zh][:limit]

    async def get_account(self, account_id: str) -> Account:
        self._boom()
        if account_id == "FORBIDDEN":
            raise AuthError("you may not act for this account")
        try:
            return self.accounts[account_id]
        except KeyError:
            raise NotFound(f"no account {account_id}") from None

    async def customer_part_numbers(self, account_id: str) -> list[CustomerPartNumber]:
        self._boom()
        return [CustomerPartNumber(account_id, "客户料号-1", "SKU-0001")] if account_id == "A1" else []

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Order:
        self.place_calls += 1
        if self.fail_next is not None:
            exc, self.fail_next = self.fail_next, None
            raise exc
        if idempotency_key in self.by_key:
            return self.orders[self.by_key[idempotency_key]]
        if request.account_id not in self.accounts:
            raise Rejected(f"unknown account {request.account_id}", field="account_id")
        lines = []
        for rl in request.lines:
            p = self.products.get(rl.sku)
            if p is None:
                raise Rejected(f"{rl.sku} is not sold", sku=rl.sku, field="lines")
            net, _ = self._unit(request.account_id, rl.sku, rl.qty)
            if rl.expected_unit_price is not None and rl.expected_unit_price != net:
                raise Rejected(f"price of {rl.sku} changed to {net}", sku=rl.sku, field="expected_unit_price")
            lines.append(OrderLine(p.sku, p.model, p.name, rl.qty, net))
        sub = sum((line.extended for line in lines), Money.zero())
        total = with_tax(sub, Decimal("0.13"))
        number = f"SO-{next(self._numbers):04d}"
        order = Order(
            number,
            request.account_id,
            T0,
            OrderStatus.PENDING,
            tuple(lines),
            sub,
            total - sub,
            total,
            po_number=request.po_number,
            idempotency_key=idempotency_key,
        )
        self.orders[number] = order
        self.by_key[idempotency_key] = number
        return order

    async def list_orders(self, query: OrderQuery) -> OrderPage:
        self._boom()
        found = sorted(
            (
                o
                for o in self.orders.values()
                if (query.account_id is None or o.account_id == query.account_id)
                and (query.status is None or o.status == query.status)
                and (not query.po_number or o.po_number == query.po_number)
                and (not query.number or o.number == query.number)
                and (not query.contains or any(query.contains in (ln.sku, ln.model) for ln in o.lines))
                and (query.since is None or o.placed_at.date() >= query.since)
                and (query.until is None or o.placed_at.date() <= query.until)
            ),
            key=lambda o: o.number,
        )
        start = int(query.cursor or 0)
        page = found[start : start + query.limit]
        nxt = str(start + query.limit) if start + query.limit < len(found) else None
        return OrderPage(tuple(o.summary() for o in page), nxt, len(found))

    async def get_order(self, number: str) -> Order:
        self._boom()
        try:
            return self.orders[number]
        except KeyError:
            raise NotFound(f"no order {number}") from None

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges:
        self._boom()
        ordered = sorted(self.products.values(), key=lambda p: p.sku)
        start = int(cursor or 0)
        page = ordered[start : start + limit]
        end = start + len(page)
        return CatalogChanges(tuple(page), (), str(end), done=end >= len(ordered), total=len(ordered))

    async def aclose(self) -> None:
        self.closed = True


def offline(retry_after: float | None = None) -> Offline:
    return Offline("the ERP is down for maintenance", retry_after=retry_after)
