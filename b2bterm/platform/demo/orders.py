"""The demo distributor's orders: one order with its shipments and tracking, placing an order (an idempotency key seen
before gives back the order it placed), listing orders with filters."""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import (
    InvoiceType,
    Order,
    OrderLine,
    OrderRequest,
    OrderStatus,
    OrderSummary,
    ProductStatus,
    Shipment,
    ShipTo,
    StatusChange,
    TrackingEvent,
)
from b2bterm.domain.money import CENT, Money
from b2bterm.platform.base import (
    ErrorCode,
    NotFound,
    Rejected,
)

if TYPE_CHECKING:  # the order filter loads with the first list of orders, not with the platform
    from b2bterm.domain.order_filter import OrderPage, OrderQuery

T = TypeVar("T")


class DemoOrders:
    """Mixed into DemoPlatform: uses its connection, lock, clock, queries (``_q``, ``_get``, ``_quote_one``) and
    ``_run``."""

    _conn: Any
    _lock: threading.RLock
    clock: Callable[[], datetime]

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:  # provided by DemoPlatform
        raise NotImplementedError

    # --- orders ----------------------------------------------------------------------------------------------------

    def _order(self, number: str) -> Order:
        rows = self._q("SELECT * FROM orders WHERE number = ?", (number,))
        if not rows:
            raise NotFound(f"No order {number!r}.", code=ErrorCode.NO_ORDER, values={"number": number})
        o = rows[0]
        cur = o["currency"]
        lines = tuple(OrderLine(r["sku"], r["model"], r["name"], r["qty"], Money.of(r["unit_price"], cur),
                                r["qty_shipped"], r["qty_backordered"])
                      for r in self._q("SELECT * FROM order_lines WHERE order_number = ? ORDER BY line_no", (number,)))
        shipments = []
        for s in self._q("SELECT * FROM shipments WHERE order_number = ? ORDER BY shipped_at DESC, id DESC",
                         (number,)):
            events = tuple(TrackingEvent(datetime.fromisoformat(e["at"]), e["description"], e["place"], e["status"])
                           for e in self._q("SELECT * FROM tracking_events WHERE shipment_id = ? "
                                            "ORDER BY at DESC, rowid DESC", (s["id"],)))
            slines = tuple((r["sku"], r["qty"]) for r in self._q(
                "SELECT sku, qty FROM shipment_lines WHERE shipment_id = ? ORDER BY rowid", (s["id"],)))
            shipments.append(Shipment(
                s["id"], s["carrier"], s["tracking_number"],
                datetime.fromisoformat(s["shipped_at"]) if s["shipped_at"] else None,
                date.fromisoformat(s["eta"]) if s["eta"] else None, s["tracking_url"], slines, events,
                bool(s["delivered"])))
        history = tuple(StatusChange(OrderStatus.parse(r["status"]), datetime.fromisoformat(r["at"]), r["note"])
                        for r in self._q("SELECT * FROM order_history WHERE order_number = ? ORDER BY at, rowid",
                                         (number,)))
        ship_to = None
        if o["ship_to_id"]:
            st = self._q("SELECT * FROM ship_tos WHERE id = ?", (o["ship_to_id"],))
            if st:
                ship_to = ShipTo(st[0]["id"], st[0]["name"], st[0]["address"], st[0]["contact"], st[0]["phone"])
        terms = o["payment_terms"] or self._account_row(o["account_id"])["payment_terms"]
        return Order(
            number=o["number"], account_id=o["account_id"], placed_at=datetime.fromisoformat(o["placed_at"]),
            status=OrderStatus.parse(o["status"]), lines=lines, subtotal=Money.of(o["subtotal"], cur),
            tax=Money.of(o["tax"], cur), total=Money.of(o["total"], cur), po_number=o["po_number"], ship_to=ship_to,
            payment_terms=terms, invoice_type=InvoiceType(o["invoice_type"]), note=o["note"],
            requested_date=date.fromisoformat(o["requested_date"]) if o["requested_date"] else None,
            shipments=tuple(shipments), history=history, idempotency_key=o["idempotency_key"] or "")

    async def get_order(self, number: str) -> Order:
        return await self._run(self._order, number)

    def _place(self, request: OrderRequest, key: str) -> Order:
        if not key:
            raise Rejected("An idempotency key is required to place an order.", field="idempotency_key")
        existing = self._q("SELECT number FROM orders WHERE idempotency_key = ?", (key,))
        if existing:
            return self._order(existing[0]["number"])
        account = self._account_row_rejecting(request.account_id)
        if not request.lines:
            raise Rejected("The order has no lines.", field="lines")
        for line in request.lines:
            if line.qty <= 0:
                raise Rejected(f"The quantity for {line.sku} must be at least 1 (got {line.qty}).", field="qty",
                               sku=line.sku)
        products = self._get([line.sku for line in request.lines])
        for line in request.lines:
            p = products.get(line.sku)
            if p is None:
                raise Rejected(f"Unknown SKU {line.sku}.", field="sku", sku=line.sku,
                               hint="Remove the line or pick the item again from the catalog.")
            if p.status is not ProductStatus.ACTIVE:
                hint = (f"It is replaced by {p.superseded_by}; order that instead." if p.superseded_by
                        else "Remove the line or choose a substitute.")
                raise Rejected(f"{line.sku} ({p.model}) is {p.status.value} and can no longer be ordered.",
                               field="sku", sku=line.sku, hint=hint)
        ship_to_id = request.ship_to_id
        ships = self._q("SELECT id FROM ship_tos WHERE account_id = ? ORDER BY position", (account["id"],))
        if ship_to_id and ship_to_id not in {s["id"] for s in ships}:
            raise Rejected(f"Ship-to {ship_to_id!r} is not an address of {account['code']}.", field="ship_to_id")
        ship_to_id = ship_to_id or (ships[0]["id"] if ships else "")
        now = self.clock()
        quotes = {(q.sku, q.qty): q for q in self._quote(account["id"], [(ln.sku, ln.qty) for ln in request.lines])}
        for line in request.lines:
            net = quotes[(line.sku, line.qty)].net_price
            if line.expected_unit_price is not None and line.expected_unit_price.amount != net.amount:
                raise Rejected(f"The price of {line.sku} is now {net}, not {line.expected_unit_price}.", field="price",
                               sku=line.sku, hint="Check the new price and submit again.")
        self._quotations_table()
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            again = self._q("SELECT number FROM orders WHERE idempotency_key = ?", (key,))
            if again:
                self._conn.execute("ROLLBACK")
                return self._order(again[0]["number"])
            seq = int(self._q("SELECT value FROM meta WHERE key = 'order_seq'")[0]["value"]) + 1
            self._conn.execute("UPDATE meta SET value = ? WHERE key = 'order_seq'", (str(seq),))
            number = f"SO{now:%y%m%d}-{seq:05d}"
            subtotal = Decimal(0)
            for n, line in enumerate(request.lines, start=1):
                p = products[line.sku]
                net = quotes[(line.sku, line.qty)].net_price
                subtotal += net.amount * line.qty
                self._conn.execute("INSERT INTO order_lines VALUES (?,?,?,?,?,?,?,?,?,?)",
                                   (number, n, p.sku, p.model, normalise(p.model), p.name_en, line.qty,
                                    str(net.amount), 0, 0))
            subtotal = subtotal.quantize(CENT, rounding=ROUND_HALF_UP)
            tax_rate = Decimal(account["tax_rate"])
            tax = (subtotal * tax_rate).quantize(CENT, rounding=ROUND_HALF_UP)
            self._conn.execute(
                "INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (number, account["id"], now.isoformat(), OrderStatus.CONFIRMED.value, request.po_number, ship_to_id,
                 account["payment_terms"], request.invoice_type.value, request.note,
                 request.requested_date.isoformat() if request.requested_date else None, str(subtotal), str(tax),
                 str(subtotal + tax), account["currency"], key))
            self._conn.executemany("INSERT INTO order_history VALUES (?,?,?,?)", [
                (number, now.isoformat(), "pending", "订单已提交 Order received"),
                (number, now.isoformat(), "confirmed", "订单已确认 Order confirmed")])
            if request.quotation_id:  # the quotation this order takes up is ordered (the same customer's only)
                self._conn.execute("UPDATE quotations SET state = ?, updated_at = ? WHERE id = ? AND account_id = ?",
                                   ("ordered", now.isoformat(), request.quotation_id, account["id"]))
            self._conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            self._conn.execute("ROLLBACK")
            again = self._q("SELECT number FROM orders WHERE idempotency_key = ?", (key,))
            if again:
                return self._order(again[0]["number"])
            raise
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return self._order(number)

    def _account_row_rejecting(self, account_id: str) -> sqlite3.Row:
        try:
            return self._account_row(account_id)
        except NotFound as exc:
            raise Rejected(exc.message, field="account_id", hint="Choose the customer again.") from exc

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Order:
        return await self._run(self._place, request, idempotency_key)

    def _list(self, query: OrderQuery) -> OrderPage:
        from b2bterm.domain.order_filter import OrderPage, like_pattern

        where: list[str] = []
        params: list[object] = []
        if query.account_id:
            where.append("o.account_id = ?")
            params.append(query.account_id)
        if query.status:
            where.append("o.status = ?")
            params.append(query.status.value)
        if query.since:
            where.append("substr(o.placed_at, 1, 10) >= ?")
            params.append(query.since.isoformat())
        if query.until:
            where.append("substr(o.placed_at, 1, 10) <= ?")
            params.append(query.until.isoformat())
        if query.po_number:
            where.append("o.po_number LIKE ? ESCAPE '\\'")
            params.append(like_pattern(query.po_number))
        if query.number:
            where.append("o.number LIKE ? ESCAPE '\\'")
            params.append(like_pattern(query.number))
        if query.contains:
            where.append("EXISTS (SELECT 1 FROM order_lines l WHERE l.order_number = o.number "
                         "AND (l.sku = ? OR l.model_key = ?))")
            params += [query.contains.strip().upper(), normalise(query.contains)]
        base_where = " AND ".join(where) or "1"
        total = self._q(f"SELECT count(*) FROM orders o WHERE {base_where}", params)[0][0]
        page_where, page_params = base_where, list(params)
        if query.cursor:
            try:
                placed, number = json.loads(base64.urlsafe_b64decode(query.cursor.encode()).decode())
            except (ValueError, TypeError) as exc:
                raise Rejected("The order list cursor is not valid.", field="cursor") from exc
            page_where += " AND (o.placed_at, o.number) < (?, ?)"
            page_params += [placed, number]
        limit = max(1, min(query.limit, 1000))
        rows = self._q(
            f"SELECT o.*, (SELECT count(*) FROM order_lines l WHERE l.order_number = o.number) AS line_count, "
            "(SELECT count(*) FROM order_lines l WHERE l.order_number = o.number AND l.qty_backordered > 0) AS bo, "
            "(SELECT count(*) FROM order_lines l WHERE l.order_number = o.number AND l.qty_shipped >= l.qty) AS sl "
            f"FROM orders o WHERE {page_where} ORDER BY o.placed_at DESC, o.number DESC LIMIT ?",
            [*page_params, limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        summaries = tuple(OrderSummary(
            number=r["number"], account_id=r["account_id"], placed_at=datetime.fromisoformat(r["placed_at"]),
            status=OrderStatus.parse(r["status"]), total=Money.of(r["total"], r["currency"]), po_number=r["po_number"],
            line_count=r["line_count"], backordered=bool(r["bo"]), shipped_lines=r["sl"]) for r in rows)
        cursor = None
        if more and rows:
            last = rows[-1]
            cursor = base64.urlsafe_b64encode(json.dumps([last["placed_at"], last["number"]]).encode()).decode()
        return OrderPage(summaries, cursor, total)

    async def list_orders(self, query: OrderQuery) -> OrderPage:
        return await self._run(self._list, query)
