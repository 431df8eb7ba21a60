"""The demo distributor's quotations (``Capability.QUOTATIONS``): pushed copies kept in its own file, and a back
office that can move their state (the customer accepted it), as a real platform's quotation module would.

A push with a key seen before updates that quotation and creates nothing new. A quotation the platform holds as
accepted or ordered stays so when the client pushes it again as draft or sent: the customer's answer wins.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from b2bterm.platform.base import ErrorCode, NotFound, Rejected

if TYPE_CHECKING:  # the quotation types load with the first quotation, not with the platform
    from b2bterm.domain.quotation import Quotation, QuotationState, RemoteQuotation

T = TypeVar("T")

_SCHEMA = """CREATE TABLE IF NOT EXISTS quotations (
    id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL, reference TEXT NOT NULL,
    state TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL)"""
_KEEP = ("accepted", "ordered")  # states (QuotationState values) the platform's answer keeps: a push does not undo them
MAX_LINES = 2000


class DemoQuotations:
    """Mixed into DemoPlatform: uses its connection, lock, clock and ``_run``."""

    _conn: Any
    _lock: threading.RLock
    clock: Callable[[], datetime]
    _quotations_ready = False

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:  # provided by DemoPlatform
        raise NotImplementedError

    def _quotations_table(self) -> None:
        if not self._quotations_ready:
            self._conn.execute(_SCHEMA)
            self._quotations_ready = True

    def _remote_quotation(self, row: Any) -> RemoteQuotation:
        from b2bterm.domain.quotation import QuotationState, RemoteQuotation

        return RemoteQuotation(row["id"], row["reference"], QuotationState(row["state"]),
                               datetime.fromisoformat(row["updated_at"]))

    def _push_quotation(self, reference: str, q: Quotation, key: str) -> RemoteQuotation:
        from b2bterm.domain.quotation import QuotationState

        if not q.lines:
            raise Rejected("A quotation needs at least one line.", field="lines")
        if len(q.lines) > MAX_LINES:
            raise Rejected(f"A quotation holds at most {MAX_LINES} lines.", field="lines")
        if not self._conn.execute("SELECT 1 FROM accounts WHERE id = ?", (q.account_id,)).fetchone():
            raise NotFound(f"No account {q.account_id!r}.", code=ErrorCode.NO_ACCOUNT, values={"account": q.account_id})
        known = self._conn.execute(f"SELECT sku FROM products WHERE sku IN ({','.join('?' * len(q.lines))})",
                                   [x.sku for x in q.lines]).fetchall()
        missing = sorted({x.sku for x in q.lines} - {r["sku"] for r in known})
        if missing:
            raise Rejected(f"Unknown SKU {missing[0]!r}.", field="lines", sku=missing[0])
        data = json.dumps({"valid_until": q.valid_until.isoformat(), "lines": [(x.sku, x.qty, str(x.net_price.amount))
                                                                              for x in q.lines]})
        now = self.clock().isoformat()
        self._quotations_table()
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            row = self._conn.execute("SELECT * FROM quotations WHERE key = ?", (key,)).fetchone()
            if row is None:
                number = self._conn.execute("SELECT count(*) FROM quotations").fetchone()[0] + 1
                remote_id = f"QT{number:06d}"
                self._conn.execute("INSERT INTO quotations VALUES (?,?,?,?,?,?,?)",
                                   (remote_id, key, q.account_id, reference, q.state.value, data, now))
            else:
                remote_id = row["id"]
                state = row["state"] if QuotationState(row["state"]).value in _KEEP else q.state.value
                self._conn.execute("UPDATE quotations SET reference = ?, state = ?, data = ?, updated_at = ?"
                                   " WHERE id = ?", (reference, state, data, now, remote_id))
            result = self._conn.execute("SELECT * FROM quotations WHERE id = ?", (remote_id,)).fetchone()
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return self._remote_quotation(result)

    async def push_quotation(self, reference: str, quotation: Quotation, *, key: str) -> RemoteQuotation:
        return await self._run(self._push_quotation, reference, quotation, key)

    def _quotations_by_id(self, remote_ids: Sequence[str]) -> list[RemoteQuotation]:
        self._quotations_table()
        ids = list(dict.fromkeys(remote_ids))[:1000]
        if not ids:
            return []
        rows = self._conn.execute(f"SELECT * FROM quotations WHERE id IN ({','.join('?' * len(ids))})",
                                  ids).fetchall()
        by_id = {r["id"]: self._remote_quotation(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    async def get_quotations(self, remote_ids: Sequence[str]) -> list[RemoteQuotation]:
        return await self._run(self._quotations_by_id, remote_ids)

    def set_quotation_state(self, remote_id: str, state: QuotationState) -> None:
        """The back office (or the customer, in a web shop) moves a quotation's state. For demos and tests."""
        with self._lock:
            self._quotations_table()
            cur = self._conn.execute("UPDATE quotations SET state = ?, updated_at = ? WHERE id = ?",
                                     (state.value, self.clock().isoformat(), remote_id))
            if cur.rowcount != 1:
                raise NotFound(f"No quotation {remote_id!r}.", code=ErrorCode.NO_QUOTATION, values={"id": remote_id})
