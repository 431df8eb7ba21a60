"""Requisition lists: named lists of items per account that fill a quick-order pad.

Every call commits before it returns (one IMMEDIATE transaction, like ``DraftStore``); the profile database is in
WAL mode. Saving under a name the account already uses replaces that list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from b2bterm.domain.lists import MAX_NAME, ListItem, ListSummary, RequisitionList
from b2bterm.local.db import Database, LocalStoreError
from b2bterm.local.drafts import _ts, utcnow


class ListNotFound(LocalStoreError):
    """The list is gone (deleted in another window, or never existed)."""


class ListStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self._clock = clock

    def save(self, account_id: str, name: str, items: Sequence[ListItem]) -> RequisitionList:
        """Save ``items`` as the account's list ``name`` (replacing a list of that name) in one transaction."""
        name = " ".join(name.split())[:MAX_NAME]
        if not name:
            raise ValueError("Give the list a name.")
        items = [x for x in items if x.qty >= 1 and (x.sku or x.input.strip())]
        if not items:
            raise ValueError("The list would be empty: add lines with a quantity first.")
        now = _ts(self._clock())
        with self.db.transaction() as conn:
            row = conn.execute("SELECT id FROM req_lists WHERE account_id = ? AND name = ?",
                               (account_id, name)).fetchone()
            if row is None:
                list_id = conn.execute(
                    "INSERT INTO req_lists (account_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    (account_id, name, now, now)).lastrowid
            else:
                list_id = int(row[0])
                conn.execute("UPDATE req_lists SET updated_at = ? WHERE id = ?", (now, list_id))
                conn.execute("DELETE FROM req_list_lines WHERE list_id = ?", (list_id,))
            conn.executemany(
                "INSERT INTO req_list_lines (list_id, position, input, sku, qty) VALUES (?, ?, ?, ?, ?)",
                [(list_id, i, x.input, x.sku, int(x.qty)) for i, x in enumerate(items)])
        return self.load(int(list_id))

    def lists(self, account_id: str) -> list[ListSummary]:
        """The account's lists, most recently saved first."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT l.id, l.account_id, l.name, l.updated_at,"
                " (SELECT count(*) FROM req_list_lines x WHERE x.list_id = l.id) AS n"
                " FROM req_lists l WHERE l.account_id = ? ORDER BY l.updated_at DESC, l.id DESC",
                (account_id,)).fetchall()
        return [ListSummary(int(r[0]), r[1], r[2], int(r[4]), datetime.fromisoformat(r[3])) for r in rows]

    def load(self, list_id: int) -> RequisitionList:
        with self.db.lock:
            conn = self.db.conn
            head = conn.execute("SELECT id, account_id, name, updated_at FROM req_lists WHERE id = ?",
                                (list_id,)).fetchone()
            if head is None:
                raise ListNotFound(f"list {list_id} does not exist")
            rows = conn.execute("SELECT input, sku, qty FROM req_list_lines WHERE list_id = ? ORDER BY position",
                                (list_id,)).fetchall()
        items = tuple(ListItem(input=r[0], sku=r[1], qty=int(r[2])) for r in rows)
        return RequisitionList(int(head[0]), head[1], head[2], items, datetime.fromisoformat(head[3]))

    def delete(self, list_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM req_list_lines WHERE list_id = ?", (list_id,))
            if conn.execute("DELETE FROM req_lists WHERE id = ?", (list_id,)).rowcount != 1:
                raise ListNotFound(f"list {list_id} does not exist")
