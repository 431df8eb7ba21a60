"""The local price book: the platform's price rules (one document) with the time they were synced, and the
differences seen between a locally computed price and the live quote that replaced it.

Thread workers only (SQLite). The document is parsed on ``load``; the service keeps the parsed rules in memory.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from b2bterm.domain.money import Money
from b2bterm.domain.price_rules import PriceRules
from b2bterm.domain.price_rules_doc import rules_from_doc, rules_to_doc
from b2bterm.local.db import Database


@dataclass(frozen=True, slots=True)
class StoredBook:
    rules: PriceRules
    synced_at: datetime
    scope: tuple[str, ...] | None  # None = every account


@dataclass(frozen=True, slots=True)
class PriceDifference:
    account_id: str
    sku: str
    qty: int
    local_net: Money
    live_net: Money
    local_source: str
    live_source: str
    synced_at: datetime
    seen_at: datetime


def _utc(moment: datetime) -> str:
    return (moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


class PriceBookStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, rules: PriceRules, synced_at: datetime, scope: Sequence[str] | None) -> None:
        data = json.dumps(rules_to_doc(rules), ensure_ascii=False, separators=(",", ":"))
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO price_book (id, scope, data, synced_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) "
                         "DO UPDATE SET scope = excluded.scope, data = excluded.data, synced_at = excluded.synced_at",
                         (json.dumps(None if scope is None else list(scope)), data, _utc(synced_at)))

    def synced_at(self) -> datetime | None:
        row = self.db.conn.execute("SELECT synced_at FROM price_book WHERE id = 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def load(self) -> StoredBook | None:
        """The stored book, or None when there is none (a document this version cannot read counts as none)."""
        row = self.db.conn.execute("SELECT scope, data, synced_at FROM price_book WHERE id = 1").fetchone()
        if row is None:
            return None
        try:
            rules = rules_from_doc(json.loads(row[1]))
        except ValueError:
            return None
        scope = json.loads(row[0])
        return StoredBook(rules, datetime.fromisoformat(row[2]), None if scope is None else tuple(scope))

    def record_difference(self, diff: PriceDifference) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO price_book_differences (account_id, sku, qty, local_net, live_net, local_source, "
                "live_source, synced_at, seen_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (diff.account_id, diff.sku, diff.qty, json.dumps(diff.local_net.to_json()),
                 json.dumps(diff.live_net.to_json()), diff.local_source, diff.live_source, _utc(diff.synced_at),
                 _utc(diff.seen_at)))

    def differences(self, limit: int = 100) -> list[PriceDifference]:
        rows = self.db.conn.execute(
            "SELECT account_id, sku, qty, local_net, live_net, local_source, live_source, synced_at, seen_at FROM "
            "price_book_differences ORDER BY seen_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
        return [PriceDifference(r[0], r[1], int(r[2]), Money.from_json(json.loads(r[3])),
                                Money.from_json(json.loads(r[4])), r[5], r[6], datetime.fromisoformat(r[7]),
                                datetime.fromisoformat(r[8])) for r in rows]
