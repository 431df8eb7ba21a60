"""Cached price quotes and availability per (account, SKU), with the time each was fetched.

Money is stored as strings (never floats). ``get_quote`` re-evaluates the cached quote for the quantity asked
(quantity breaks via ``domain.price_for_qty``) and says how old it is, so a screen can show "price from 3 h ago"
offline and refresh it when online.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from b2bterm import clock as b2bclock
from b2bterm.domain.models import (
    Availability,
    Incoming,
    LastPaid,
    PriceBreak,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    WarehouseStock,
    price_for_qty,
)
from b2bterm.domain.money import Money, to_decimal
from b2bterm.domain.record import record
from b2bterm.local.db import Database


@record
class CachedQuote:
    quote: PriceQuote  # re-evaluated for the quantity asked
    fetched_at: datetime
    age: timedelta


@record
class CachedAvailability:
    availability: Availability
    fetched_at: datetime
    age: timedelta


def _utc(moment: datetime | None, now: datetime) -> datetime:
    if moment is None:
        return now
    # stored as UTC ISO text, so that text order is time order
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def quote_to_json(q: PriceQuote) -> str:
    data = {
        "sku": q.sku, "account_id": q.account_id, "qty": q.qty, "list_price": q.list_price.to_json(),
        "net_price": q.net_price.to_json(), "tax_rate": str(q.tax_rate),
        "breaks": [{"min_qty": b.min_qty, "unit_price": b.unit_price.to_json()} for b in q.breaks],
        "source": {"kind": q.source.kind.value, "reference": q.source.reference,
                   "description": q.source.description, "valid_from": _d(q.source.valid_from),
                   "valid_to": _d(q.source.valid_to)},
        "last_paid": None if q.last_paid is None else {
            "unit_price": q.last_paid.unit_price.to_json(), "qty": q.last_paid.qty,
            "on": q.last_paid.on.isoformat(), "order_number": q.last_paid.order_number},
        "customer_part_number": q.customer_part_number,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def quote_from_json(text: str, fetched_at: datetime | None = None) -> PriceQuote:
    d = json.loads(text)
    src = d["source"]
    try:
        kind = PriceSourceKind(src["kind"])
    except ValueError:
        kind = PriceSourceKind.LIST
    lp = d.get("last_paid")
    return PriceQuote(
        sku=d["sku"], account_id=d["account_id"], qty=int(d["qty"]),
        list_price=Money.from_json(d["list_price"]), net_price=Money.from_json(d["net_price"]),
        tax_rate=to_decimal(d["tax_rate"]),
        breaks=tuple(PriceBreak(int(b["min_qty"]), Money.from_json(b["unit_price"])) for b in d["breaks"]),
        source=PriceSource(kind, src.get("reference", ""), src.get("description", ""), _date(src.get("valid_from")),
                           _date(src.get("valid_to"))),
        fetched_at=fetched_at,
        last_paid=None if not lp else LastPaid(Money.from_json(lp["unit_price"]), int(lp["qty"]),
                                               date.fromisoformat(lp["on"]), lp["order_number"]),
        customer_part_number=d.get("customer_part_number", ""),
    )


def availability_to_json(a: Availability) -> str:
    data = {"sku": a.sku, "warehouses": [
        {"code": w.code, "name": w.name, "on_hand": w.on_hand,
         "incoming": [{"qty": i.qty, "eta": i.eta.isoformat(), "reference": i.reference} for i in w.incoming]}
        for w in a.warehouses]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def availability_from_json(text: str, fetched_at: datetime | None = None) -> Availability:
    d = json.loads(text)
    return Availability(
        sku=d["sku"],
        warehouses=tuple(
            WarehouseStock(w["code"], w["name"], int(w["on_hand"]),
                           tuple(Incoming(int(i["qty"]), date.fromisoformat(i["eta"]), i.get("reference", ""))
                                 for i in w["incoming"]))
            for w in d["warehouses"]),
        fetched_at=fetched_at,
    )


def base_price(quote: PriceQuote) -> Money | None:
    """The unit net price when no quantity break applies, or None when the quote does not tell it
    (it was fetched at a quantity inside a break, and no break starts at 1 or below)."""
    if any(b.min_qty <= 1 for b in quote.breaks):
        return price_for_qty(quote.net_price, quote.breaks, 1)
    if not any(b.min_qty <= quote.qty for b in quote.breaks):
        return quote.net_price
    return None


def requote(quote: PriceQuote, qty: int) -> PriceQuote | None:
    """The quote for another quantity, from its breaks; None when the cached quote cannot say."""
    if qty == quote.qty:
        return quote
    applies = any(b.min_qty <= qty for b in quote.breaks)
    base = base_price(quote)
    if base is None and not applies:
        return None
    net = price_for_qty(base if base is not None else quote.net_price, quote.breaks, qty)
    return replace(quote, qty=qty, net_price=net)


class PriceCache:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self._clock = clock or b2bclock.now
        # ``contract_skus`` of the accounts read so far, kept as the table changes through this cache (``put_quotes``),
        # and read again when another connection or process has written the database since (``PRAGMA data_version``)
        self._contracts: dict[str, dict[str, str]] = {}
        self._data_version: int | None = None

    def now(self) -> datetime:
        return _utc(self._clock(), b2bclock.now())

    def put_quotes(self, quotes: Iterable[PriceQuote]) -> None:
        """Store quotes (keyed by their account and SKU), each with its fetched_at or now: one transaction."""
        now = self.now()
        quotes = list(quotes)
        rows = [(q.account_id, q.sku, quote_to_json(q), _utc(q.fetched_at, now).isoformat()) for q in quotes]
        with self.db.lock:
            self._write("INSERT OR REPLACE INTO price_cache(account_id, sku, data, fetched_at) VALUES (?,?,?,?)",
                        rows)
            for q in quotes:  # the contracts kept, as the rows now say (a row replaced is the quote's alone)
                kept = self._contracts.get(q.account_id)
                if kept is None:
                    continue
                if q.source.kind is PriceSourceKind.CONTRACT:
                    kept[q.sku] = _contract_name(q.source.reference, q.source.description)
                else:
                    kept.pop(q.sku, None)

    def put_availability(self, items: Iterable[Availability], *, account_id: str = "") -> None:
        now = self.now()
        rows = [(account_id, a.sku, availability_to_json(a), _utc(a.fetched_at, now).isoformat()) for a in items]
        self._write("INSERT OR REPLACE INTO availability_cache(account_id, sku, data, fetched_at) VALUES (?,?,?,?)",
                    rows)

    def _write(self, sql: str, rows: list[tuple[str, str, str, str]]) -> None:
        if not rows:
            return
        with self.db.lock:
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(sql, rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def get_quote(self, account_id: str, sku: str, qty: int) -> CachedQuote | None:
        """The cached quote re-evaluated for ``qty`` and its age; None when nothing usable is cached."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT data, fetched_at FROM price_cache WHERE account_id=? AND sku=?",
                                       (account_id, sku)).fetchone()
        if row is None:
            return None
        fetched = datetime.fromisoformat(row[1])
        quote = requote(quote_from_json(row[0], fetched), qty)
        if quote is None:
            return None
        return CachedQuote(quote, fetched, self.now() - fetched)

    def contract_skus(self, account_id: str) -> dict[str, str]:
        """SKU -> contract reference of the account's cached quotes that came from a contract. Read once an account
        (an account's cache grows by every product it is quoted: thousands of rows, ~6 ms), then kept as this cache
        writes, and read again after another connection's write."""
        with self.db.lock:
            conn = self.db.conn
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._contracts.clear()
                self._data_version = version
            kept = self._contracts.get(account_id)
            if kept is None:
                rows = conn.execute(
                    "SELECT sku, json_extract(data, '$.source.reference'), json_extract(data, '$.source.description')"
                    " FROM price_cache WHERE account_id=? AND data LIKE ? AND json_extract(data, '$.source.kind') = ?",
                    (account_id, '%"kind":"contract"%', "contract")).fetchall()
                kept = self._contracts[account_id] = {sku: _contract_name(reference, description)
                                                      for sku, reference, description in rows}
            return dict(kept)

    def get_availability(self, sku: str, *, account_id: str = "") -> CachedAvailability | None:
        with self.db.lock:
            row = self.db.conn.execute("SELECT data, fetched_at FROM availability_cache WHERE account_id=? AND sku=?",
                                       (account_id, sku)).fetchone()
        if row is None:
            return None
        fetched = datetime.fromisoformat(row[1])
        return CachedAvailability(availability_from_json(row[0], fetched), fetched, self.now() - fetched)

    def forget_older_than(self, age: timedelta) -> int:
        """Drop entries fetched longer ago than ``age``; returns how many went."""
        cutoff = (self.now() - age).isoformat()
        with self.db.lock:
            conn = self.db.conn
            n = conn.execute("DELETE FROM price_cache WHERE fetched_at < ?", (cutoff,)).rowcount
            n += conn.execute("DELETE FROM availability_cache WHERE fetched_at < ?", (cutoff,)).rowcount
            self._contracts.clear()  # (read again when asked)
        return n


def _contract_name(reference: str | None, description: str | None) -> str:
    """How a contract quote names its contract in the account's habits: its reference, else its description."""
    return reference or description or "contract"
