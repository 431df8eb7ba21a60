"""The local order cache: order summaries for the list, full orders as JSON, watched orders, fetch progress.

Every row carries the time it was fetched, so a screen can say "as of 10:42" when the platform is out of reach.
Money is stored as text (never REAL). Calls are synchronous and short: call them from thread workers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import (
    InvoiceType,
    Order,
    OrderLine,
    OrderStatus,
    OrderSummary,
    Shipment,
    ShipTo,
    StatusChange,
    TrackingEvent,
)
from b2bterm.domain.money import Money
from b2bterm.domain.order_filter import OrderFilter, like_pattern
from b2bterm.domain.record import record
from b2bterm.local.db import Database
from b2bterm.local.drafts import utcnow
from b2bterm.local.order_window import PAGE, OrderWindow, Reader
from b2bterm.made_on_read import MadeOnRead

ALL_ACCOUNTS = "*"  # the sync scope of the list across accounts


@record
class CachedSummary:
    summary: OrderSummary
    fetched_at: datetime


@record
class CachedOrder:
    order: Order
    fetched_at: datetime


@record
class Watch:
    number: str
    status: OrderStatus
    shipments: int
    watched_at: datetime
    checked_at: datetime | None


@record
class SyncState:
    scope: str
    refreshed_at: datetime | None = None
    complete: bool = False
    cursor: str | None = None
    total: int | None = None


def _ts(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="microseconds")


def _dt(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _date(text: Any) -> date | None:
    return date.fromisoformat(text) if text else None


def _money(d: Any, currency: str) -> Money:
    return Money.of(d, currency)


# --- JSON for a whole order ------------------------------------------------------------------------------------------


def order_to_json(o: Order) -> str:
    cur = o.total.currency
    data = {
        "number": o.number, "account_id": o.account_id, "placed_at": o.placed_at.isoformat(),
        "status": o.status.value, "currency": cur, "subtotal": str(o.subtotal.amount), "tax": str(o.tax.amount),
        "total": str(o.total.amount), "po_number": o.po_number,
        "ship_to": None if o.ship_to is None else {
            "id": o.ship_to.id, "name": o.ship_to.name, "address": o.ship_to.address, "contact": o.ship_to.contact,
            "phone": o.ship_to.phone},
        "payment_terms": o.payment_terms, "invoice_type": o.invoice_type.value, "note": o.note,
        "requested_date": o.requested_date.isoformat() if o.requested_date else None,
        "lines": [{"sku": x.sku, "model": x.model, "name": x.name, "qty": x.qty, "unit_price": str(x.unit_price.amount),
                   "qty_shipped": x.qty_shipped, "qty_backordered": x.qty_backordered} for x in o.lines],
        "shipments": [{
            "id": s.id, "carrier": s.carrier, "tracking_number": s.tracking_number,
            "shipped_at": s.shipped_at.isoformat() if s.shipped_at else None,
            "eta": s.eta.isoformat() if s.eta else None, "tracking_url": s.tracking_url,
            "lines": [[sku, qty] for sku, qty in s.lines], "delivered": s.delivered,
            "events": [{"at": e.at.isoformat(), "description": e.description, "place": e.place, "status": e.status}
                       for e in s.events]} for s in o.shipments],
        "history": [{"status": h.status.value, "at": h.at.isoformat(), "note": h.note} for h in o.history],
        "idempotency_key": o.idempotency_key,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def order_from_json(text: str) -> Order:
    d = json.loads(text)
    cur = d.get("currency", "CNY")
    st = d.get("ship_to")
    try:
        invoice = InvoiceType(d.get("invoice_type", "normal"))
    except ValueError:
        invoice = InvoiceType.NORMAL
    return Order(
        number=d["number"], account_id=d["account_id"], placed_at=datetime.fromisoformat(d["placed_at"]),
        status=OrderStatus.parse(d["status"]),
        lines=tuple(OrderLine(x["sku"], x["model"], x["name"], int(x["qty"]), _money(x["unit_price"], cur),
                              int(x.get("qty_shipped", 0)), int(x.get("qty_backordered", 0))) for x in d["lines"]),
        subtotal=_money(d["subtotal"], cur), tax=_money(d["tax"], cur), total=_money(d["total"], cur),
        po_number=d.get("po_number", ""),
        ship_to=None if not st else ShipTo(st["id"], st["name"], st["address"], st.get("contact", ""),
                                           st.get("phone", "")),
        payment_terms=d.get("payment_terms", ""), invoice_type=invoice, note=d.get("note", ""),
        requested_date=_date(d.get("requested_date")),
        shipments=tuple(Shipment(
            s["id"], s["carrier"], s["tracking_number"], _dt(s.get("shipped_at")), _date(s.get("eta")),
            s.get("tracking_url", ""), tuple((sku, int(q)) for sku, q in s.get("lines", [])),
            tuple(TrackingEvent(datetime.fromisoformat(e["at"]), e["description"], e.get("place", ""),
                                e.get("status", "")) for e in s.get("events", [])),
            bool(s.get("delivered", False))) for s in d.get("shipments", [])),
        history=tuple(StatusChange(OrderStatus.parse(h["status"]), datetime.fromisoformat(h["at"]), h.get("note", ""))
                      for h in d.get("history", [])),
        idempotency_key=d.get("idempotency_key", ""),
    )


def _summary_row(s: OrderSummary, fetched: str) -> tuple[Any, ...]:
    return (s.number, s.account_id, s.placed_at.isoformat(), _ts(s.placed_at), s.status.value, s.po_number,
            str(s.total.amount), s.total.currency, s.line_count, int(s.backordered), s.shipped_lines, fetched)


def _summary_from_row(r: Any) -> CachedSummary:
    return CachedSummary(
        OrderSummary(number=r["number"], account_id=r["account_id"], placed_at=datetime.fromisoformat(r["placed_at"]),
                     status=OrderStatus.parse(r["status"]), total=Money.of(r["total"], r["currency"]),
                     po_number=r["po_number"], line_count=r["line_count"], backordered=bool(r["backordered"]),
                     shipped_lines=r["shipped_lines"]),
        datetime.fromisoformat(r["fetched_at"]))


class SummaryRows(MadeOnRead[CachedSummary]):
    """Summaries as read from SQLite, each decoded the first time it is read: the order list of 20,000 orders shows
    a screenful, and decoding every row (dates, money) was most of the time it took to open or filter it."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Sequence[Any]) -> None:
        super().__init__()
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def _make(self, index: int) -> CachedSummary:
        return _summary_from_row(self._rows[index])

    @property
    def numbers(self) -> list[str]:
        """The order numbers, in order, without decoding a row."""
        return [r["number"] for r in self._rows]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SummaryRows({len(self._rows)} rows)"


_SUMMARY_SQL = """INSERT INTO order_summaries (number, account_id, placed_at, placed_key, status, po_number, total,
    currency, line_count, backordered, shipped_lines, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT (number) DO UPDATE SET account_id=excluded.account_id, placed_at=excluded.placed_at,
    placed_key=excluded.placed_key, status=excluded.status, po_number=excluded.po_number, total=excluded.total,
    currency=excluded.currency, line_count=excluded.line_count, backordered=excluded.backordered,
    shipped_lines=excluded.shipped_lines, fetched_at=excluded.fetched_at"""


class OrderCache:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self._clock = clock
        self._reader = Reader(db)
        self._writes = 0  # orders and summaries stored through this cache (``version``)

    def now(self) -> datetime:
        return self._clock()

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self.db.lock:
            return self.db.conn.execute(sql, params).fetchall()

    def version(self) -> tuple[int, int]:
        """Changes whenever the cached orders may have: a write through this cache, or another connection's
        (``PRAGMA data_version``); what is worked out from them (an account's habits) is kept while it stays."""
        with self.db.lock:
            return self._writes, int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    # --- writes ----------------------------------------------------------------------------------------------------

    def put_summaries(self, summaries: Iterable[OrderSummary], *, fetched_at: datetime | None = None) -> dict[str, str]:
        """Store a page of summaries in one transaction. Returns {number: previous status} for orders whose
        cached status was different (orders new to the cache are not in it)."""
        fetched = _ts(fetched_at or self.now())
        items = list(summaries)
        if not items:
            return {}
        changed: dict[str, str] = {}
        with self.db.transaction() as conn:
            numbers = [s.number for s in items]
            before: dict[str, str] = {}
            for i in range(0, len(numbers), 500):
                chunk = numbers[i:i + 500]
                marks = ",".join("?" * len(chunk))
                before.update((r[0], r[1]) for r in conn.execute(
                    f"SELECT number, status FROM order_summaries WHERE number IN ({marks})", chunk))
            conn.executemany(_SUMMARY_SQL, [_summary_row(s, fetched) for s in items])
            self._writes += 1
            for s in items:
                old = before.get(s.number)
                if old is not None and old != s.status.value:
                    changed[s.number] = old
        return changed

    def put_order(self, order: Order, *, fetched_at: datetime | None = None) -> None:
        """Store a whole order (and its summary line, and the SKUs/models it contains)."""
        fetched = _ts(fetched_at or self.now())
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO order_details (number, account_id, data, fetched_at) VALUES (?,?,?,?)",
                         (order.number, order.account_id, order_to_json(order), fetched))
            conn.execute("DELETE FROM order_items WHERE number = ?", (order.number,))
            items = {x.sku: normalise(x.model) for x in order.lines}
            conn.executemany("INSERT INTO order_items (number, sku, model_key) VALUES (?,?,?)",
                             [(order.number, sku, key) for sku, key in items.items()])
            conn.execute(_SUMMARY_SQL, _summary_row(order.summary(), fetched))
            self._writes += 1

    # --- reads -----------------------------------------------------------------------------------------------------

    def get_order(self, number: str) -> CachedOrder | None:
        rows = self._rows("SELECT data, fetched_at FROM order_details WHERE number = ?", (number,))
        if not rows:
            return None
        return CachedOrder(order_from_json(rows[0]["data"]), datetime.fromisoformat(rows[0]["fetched_at"]))

    def orders(self, account_id: str, *, since: date | None = None) -> list[Order]:
        """Cached whole orders of an account (placed on or after ``since``)."""
        sql = "SELECT data FROM order_details d JOIN order_summaries s USING (number) WHERE d.account_id = ?"
        params: list[object] = [account_id]
        if since:
            sql += " AND substr(s.placed_at, 1, 10) >= ?"
            params.append(since.isoformat())
        return [order_from_json(r["data"]) for r in self._rows(sql, params)]

    def summary(self, number: str) -> CachedSummary | None:
        rows = self._rows("SELECT * FROM order_summaries WHERE number = ?", (number,))
        return _summary_from_row(rows[0]) if rows else None

    def _where(self, account_id: str | None, f: OrderFilter) -> tuple[str, list[object]]:
        where: list[str] = []
        params: list[object] = []
        if account_id:
            where.append("s.account_id = ?")
            params.append(account_id)
        if f.status is not None:
            where.append("s.status = ?")
            params.append(f.status.value)
        if f.since:
            where.append("substr(s.placed_at, 1, 10) >= ?")
            params.append(f.since.isoformat())
        if f.until:
            where.append("substr(s.placed_at, 1, 10) <= ?")
            params.append(f.until.isoformat())
        if f.po_number:
            where.append("s.po_number LIKE ? ESCAPE '\\'")
            params.append(like_pattern(f.po_number))
        if f.number:
            where.append("s.number LIKE ? ESCAPE '\\'")
            params.append(like_pattern(f.number))
        for word in f.words:
            where.append("(s.number LIKE ? ESCAPE '\\' OR s.po_number LIKE ? ESCAPE '\\')")
            params += [like_pattern(word), like_pattern(word)]
        if f.backordered:
            where.append("s.backordered = 1")
        if f.contains:
            where.append("s.number IN (SELECT number FROM order_items WHERE sku = ? OR model_key = ?)")
            params += [f.contains.strip().upper(), normalise(f.contains)]
        return " AND ".join(where) or "1", params

    def query(self, account_id: str | None, f: OrderFilter | None = None, *, limit: int = 50_000,
              numbers: Sequence[str] | None = None) -> SummaryRows:
        """Cached summaries, newest first (decoded as they are read). ``numbers`` restricts to those orders (a
        platform search's answer)."""
        f = f or OrderFilter()
        where, params = self._where(account_id, f if numbers is None else _without_contains(f))
        if numbers is not None:
            if not numbers:
                return SummaryRows([])
            self._temp_numbers(numbers)
            where += " AND s.number IN (SELECT number FROM temp.order_pick)"
        rows = self._rows(f"SELECT s.* FROM order_summaries s WHERE {where} ORDER BY s.placed_key DESC, s.number DESC "
                          "LIMIT ?", [*params, limit])
        return SummaryRows(rows)

    def window(self, account_id: str | None, f: OrderFilter | None = None, *,
               numbers: Sequence[str] | None = None) -> OrderWindow:
        """The list of cached summaries for a filter, newest first, as SQLite filters and sorts it: counted, its
        first page read, the rest read a page at a time when shown (``local.order_window``). ``numbers`` restricts
        to those orders (a platform search's answer). Safe to read from the UI thread: its own connection."""
        f = f or OrderFilter()
        where, params = self._where(account_id, f if numbers is None else _without_contains(f))
        if numbers is not None:
            where += " AND s.number IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(numbers)))
        order = "ORDER BY s.placed_key DESC, s.number DESC"
        # the filter walks the list index (migration 0020) for the page's numbers; the rows are then read by number
        page_sql = (f"SELECT s.* FROM order_summaries s WHERE s.number IN (SELECT s.number FROM order_summaries s "
                    f"WHERE {where} {order} LIMIT ? OFFSET ?) {order}")

        def read(offset: int, limit: int) -> list[Any]:
            return self._reader.rows(page_sql, [*params, limit, offset])

        with self._reader.snapshot() as run:
            first = run(page_sql, [*params, PAGE, 0])
            count = len(first) if len(first) < PAGE else int(
                run(f"SELECT count(*) FROM order_summaries s WHERE {where}", params)[0][0])
        return OrderWindow(read, count, _summary_from_row, first)

    def _temp_numbers(self, numbers: Sequence[str]) -> None:
        with self.db.lock:
            conn = self.db.conn
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS order_pick (number TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.execute("DELETE FROM temp.order_pick")
            conn.executemany("INSERT OR IGNORE INTO temp.order_pick VALUES (?)", [(n,) for n in numbers])

    def count(self, account_id: str | None = None) -> int:
        if account_id:
            return int(self._rows("SELECT count(*) FROM order_summaries WHERE account_id = ?", (account_id,))[0][0])
        return int(self._rows("SELECT count(*) FROM order_summaries")[0][0])

    def open_numbers(self, account_id: str | None) -> tuple[str | None, int]:
        """(placed_key of the oldest order not yet delivered or cancelled, how many such) in the scope."""
        sql = ("SELECT min(placed_key), count(*) FROM order_summaries WHERE status NOT IN ('delivered', 'cancelled')"
               + (" AND account_id = ?" if account_id else ""))
        row = self._rows(sql, (account_id,) if account_id else ())[0]
        return row[0], int(row[1])

    # --- fetch progress ----------------------------------------------------------------------------------------------

    def sync_state(self, scope: str) -> SyncState:
        rows = self._rows("SELECT * FROM order_sync WHERE scope = ?", (scope,))
        if not rows:
            return SyncState(scope)
        r = rows[0]
        return SyncState(scope, _dt(r["refreshed_at"]), bool(r["complete"]), r["cursor"], r["total"])

    def set_sync_state(self, state: SyncState) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO order_sync (scope, refreshed_at, complete, cursor, total) "
                         "VALUES (?,?,?,?,?)",
                         (state.scope, _ts(state.refreshed_at) if state.refreshed_at else None, int(state.complete),
                          state.cursor, state.total))

    # --- watched orders --------------------------------------------------------------------------------------------

    def watch(self, order: Order) -> None:
        """Remember what the user saw of this order (status, number of shipments)."""
        now = _ts(self.now())
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO order_watch (number, status, shipments, watched_at, checked_at) "
                         "VALUES (?,?,?,?,?) ON CONFLICT (number) DO UPDATE SET status=excluded.status, "
                         "shipments=excluded.shipments, checked_at=excluded.checked_at",
                         (order.number, order.status.value, len(order.shipments), now, now))

    def watched(self) -> list[Watch]:
        rows = self._rows("SELECT * FROM order_watch ORDER BY watched_at DESC")
        return [Watch(r["number"], OrderStatus.parse(r["status"]), r["shipments"],
                      datetime.fromisoformat(r["watched_at"]), _dt(r["checked_at"])) for r in rows]

    def unwatch(self, number: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM order_watch WHERE number = ?", (number,))


def _without_contains(f: OrderFilter) -> OrderFilter:
    return replace(f, contains="")
