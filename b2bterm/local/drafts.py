"""Durable drafts: every call commits before it returns, so the UI may say "saved" as soon as it comes back.

Also holds what the outbox needs: state, the idempotency key (stored before the first send attempt), attempts,
next attempt time, last error, the order number, and a lease (``claim_for_send``) so two processes never send
the same draft.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from b2bterm import clock
from b2bterm.domain.models import DraftLine, DraftOrder, DraftState, InvoiceType, LineStatus, NewLine
from b2bterm.domain.money import Money
from b2bterm.domain.quantity import Quantity
from b2bterm.domain.record import record
from b2bterm.local.db import Database, LocalStoreError


class DraftNotFound(LocalStoreError):
    """The draft or line is gone (deleted in another window, or never existed)."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()




@record
class DeletedDraft:
    """A deleted draft's rows, exactly as stored: what ``DraftStore.restore_draft`` puts back."""

    draft_id: int
    row: dict[str, Any]
    lines: tuple[dict[str, Any], ...]


@record
class DraftSummary:
    id: int
    account_id: str
    title: str
    state: DraftState
    line_count: int
    created_at: datetime
    updated_at: datetime
    po_number: str = ""
    order_number: str = ""
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""


@record
class OutboxInfo:
    """The send bookkeeping of one draft (not part of the domain DraftOrder)."""

    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    claimed_by: str | None
    claimed_until: datetime | None


def utcnow() -> datetime:
    return clock.now()


def _ts(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("times stored in drafts must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


_LINE_COLUMNS = (
    "id, draft_id, position, input, qty, sku, status, candidates, message,"
    " unit_price_seen, price_currency, price_seen_at, qty_written"
)


def _line_from_row(row: Any) -> DraftLine:
    price = None
    if row["unit_price_seen"] is not None:
        price = Money(Decimal(row["unit_price_seen"]), row["price_currency"] or "CNY")
    return DraftLine(
        id=row["id"],
        position=row["position"],
        input=row["input"],
        qty=row["qty"],
        sku=row["sku"],
        status=LineStatus(row["status"]),
        candidates=_candidates(row["candidates"]),
        message=row["message"],
        unit_price_seen=price,
        price_seen_at=_dt(row["price_seen_at"]),
        **_written_from_db(row["qty_written"]),
    )


def _candidates(text: str | None) -> tuple[str, ...]:
    if not text or text == "[]":
        return ()
    return tuple(json.loads(text))


_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(..., ensure_ascii=False) without a new encoder a line


def _line_values(line: DraftLine | NewLine) -> tuple[Any, ...]:
    price = line.unit_price_seen
    return (
        line.input,
        int(line.qty),
        line.sku,
        LineStatus(line.status).value,
        _JSON.encode(list(line.candidates)) if line.candidates else "[]",
        line.message,
        str(price.amount) if price is not None else None,
        price.currency if price is not None else None,
        _ts(line.price_seen_at) if line.price_seen_at is not None else None,
        _written_to_db(line.written_qty, line.qty_assumed),
    )


def _written_to_db(written: Quantity | None, assumed: bool) -> str | None:
    if written is not None:
        return written.to_json()
    return "" if assumed else None


def _written_from_db(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    if text == "":
        return {"qty_assumed": True}
    return {"written_qty": Quantity.from_json(text)}


class DraftStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self._clock = clock

    # --- plumbing ----------------------------------------------------------------------------------------------

    def _now(self) -> str:
        return _ts(self._clock())

    def _touch(self, conn: Any, draft_id: int) -> None:
        cur = conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (self._now(), draft_id))
        if cur.rowcount != 1:
            raise DraftNotFound(f"draft {draft_id} does not exist")

    def _draft_of_line(self, conn: Any, line_id: int) -> int:
        row = conn.execute("SELECT draft_id FROM draft_lines WHERE id = ?", (line_id,)).fetchone()
        if row is None:
            raise DraftNotFound(f"draft line {line_id} does not exist")
        return int(row[0])

    # --- drafts ------------------------------------------------------------------------------------------------

    def create(self, account_id: str, *, title: str = "") -> DraftOrder:
        now = self._now()
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO drafts (account_id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (account_id, title, now, now),
            )
            draft_id = int(cur.lastrowid or 0)
        return self.load(draft_id)

    def list_drafts(
        self, account_id: str | None = None, *, states: Iterable[DraftState] | None = None
    ) -> list[DraftSummary]:
        """Newest first, with line counts."""
        where, args = [], []
        if account_id is not None:
            where.append("d.account_id = ?")
            args.append(account_id)
        if states is not None:
            wanted = [DraftState(s).value for s in states]
            where.append(f"d.state IN ({','.join('?' * len(wanted))})" if wanted else "0")
            args.extend(wanted)
        sql = (
            "SELECT d.*, (SELECT COUNT(*) FROM draft_lines l WHERE l.draft_id = d.id) AS line_count FROM drafts d"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.updated_at DESC, d.id DESC"
        )
        with self.db.lock:
            rows = self.db.conn.execute(sql, args).fetchall()
        return [
            DraftSummary(
                id=r["id"],
                account_id=r["account_id"],
                title=r["title"],
                state=DraftState(r["state"]),
                line_count=r["line_count"],
                created_at=datetime.fromisoformat(r["created_at"]),
                updated_at=datetime.fromisoformat(r["updated_at"]),
                po_number=r["po_number"],
                order_number=r["order_number"],
                attempts=r["attempts"],
                next_attempt_at=_dt(r["next_attempt_at"]),
                last_error=r["last_error"],
            )
            for r in rows
        ]

    def load(self, draft_id: int) -> DraftOrder:
        with self.db.lock:
            conn = self.db.conn
            conn.execute("BEGIN")  # one snapshot for header and lines
            try:
                head = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
                rows = conn.execute(
                    f"SELECT {_LINE_COLUMNS} FROM draft_lines WHERE draft_id = ? ORDER BY position, id", (draft_id,)
                ).fetchall()
            finally:
                conn.execute("COMMIT")
        if head is None:
            raise DraftNotFound(f"draft {draft_id} does not exist")
        return DraftOrder(
            id=head["id"],
            account_id=head["account_id"],
            lines=tuple(_line_from_row(r) for r in rows),
            po_number=head["po_number"],
            ship_to_id=head["ship_to_id"],
            requested_date=date.fromisoformat(head["requested_date"]) if head["requested_date"] else None,
            invoice_type=InvoiceType(head["invoice_type"]),
            note=head["note"],
            state=DraftState(head["state"]),
            idempotency_key=head["idempotency_key"],
            order_number=head["order_number"],
            created_at=datetime.fromisoformat(head["created_at"]),
            updated_at=datetime.fromisoformat(head["updated_at"]),
            title=head["title"],
        )

    def outbox_info(self, draft_id: int) -> OutboxInfo:
        with self.db.lock:
            r = self.db.conn.execute(
                "SELECT attempts, next_attempt_at, last_error, claimed_by, claimed_until FROM drafts WHERE id = ?",
                (draft_id,),
            ).fetchone()
        if r is None:
            raise DraftNotFound(f"draft {draft_id} does not exist")
        return OutboxInfo(r[0], _dt(r[1]), r[2], r[3], _dt(r[4]))

    def update_header(
        self,
        draft_id: int,
        *,
        po_number: str | _Unset = UNSET,
        ship_to_id: str | _Unset = UNSET,
        requested_date: date | _Unset | None = UNSET,
        invoice_type: InvoiceType | _Unset = UNSET,
        note: str | _Unset = UNSET,
        title: str | _Unset = UNSET,
    ) -> None:
        sets: dict[str, Any] = {}
        if not isinstance(po_number, _Unset):
            sets["po_number"] = po_number
        if not isinstance(ship_to_id, _Unset):
            sets["ship_to_id"] = ship_to_id
        if not isinstance(requested_date, _Unset):
            sets["requested_date"] = requested_date.isoformat() if requested_date else None
        if not isinstance(invoice_type, _Unset):
            sets["invoice_type"] = InvoiceType(invoice_type).value
        if not isinstance(note, _Unset):
            sets["note"] = note
        if not isinstance(title, _Unset):
            sets["title"] = title
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            if sets:
                cols = ", ".join(f"{k} = ?" for k in sets)
                conn.execute(f"UPDATE drafts SET {cols} WHERE id = ?", (*sets.values(), draft_id))

    def set_state(self, draft_id: int, state: DraftState, *, last_error: str | None = None) -> None:
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            conn.execute("UPDATE drafts SET state = ? WHERE id = ?", (DraftState(state).value, draft_id))
            if last_error is not None:
                conn.execute("UPDATE drafts SET last_error = ? WHERE id = ?", (last_error, draft_id))

    def set_idempotency_key(self, draft_id: int, key: str | None = None) -> str:
        """Store ``key`` (a new UUID when None) unless the draft already has one; return the stored key.
        Call before the first send attempt: a retry must reuse the same key."""
        key = key or uuid.uuid4().hex
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            conn.execute("UPDATE drafts SET idempotency_key = ? WHERE id = ? AND idempotency_key = ''", (key, draft_id))
            row = conn.execute("SELECT idempotency_key FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return str(row[0])

    def quotation_of(self, draft_id: int) -> str:
        """The platform's id of the quotation this draft was made from ("" when none, or never pushed)."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT remote_id FROM quotations WHERE order_draft_id = ? AND remote_id != ''"
                                       " ORDER BY id DESC LIMIT 1", (draft_id,)).fetchone()
        return str(row[0]) if row else ""

    def set_order_number(self, draft_id: int, order_number: str) -> None:
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            conn.execute("UPDATE drafts SET order_number = ? WHERE id = ?", (order_number, draft_id))

    def record_attempt(self, draft_id: int, *, error: str = "", next_attempt_at: datetime | None = None) -> int:
        """Count one send attempt, with its error and when to try again; returns the attempt count."""
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            conn.execute(
                "UPDATE drafts SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                (error, _ts(next_attempt_at) if next_attempt_at else None, draft_id),
            )
            return int(conn.execute("SELECT attempts FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0])

    def schedule(self, draft_id: int, next_attempt_at: datetime | None) -> None:
        """Set when the outbox may try the draft next (None: at once), without counting an attempt."""
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            conn.execute(
                "UPDATE drafts SET next_attempt_at = ? WHERE id = ?",
                (_ts(next_attempt_at) if next_attempt_at else None, draft_id),
            )

    def claim_for_send(self, draft_id: int, owner: str, lease_seconds: float) -> bool:
        """Take the send lease for ``lease_seconds``: True for exactly one claimant while the lease runs (the owner
        may renew its own). Never claims a draft already sent. Atomic across processes (one UPDATE)."""
        now = self._clock()
        until = _ts(now + timedelta(seconds=lease_seconds))
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE drafts SET claimed_by = ?, claimed_until = ? WHERE id = ? AND state <> 'sent' AND "
                "(claimed_by IS NULL OR claimed_until IS NULL OR claimed_until < ? OR claimed_by = ?)",
                (owner, until, draft_id, _ts(now), owner),
            )
            return cur.rowcount == 1

    def take_over_claim(self, draft_id: int, gone_owner: str, owner: str, lease_seconds: float) -> bool:
        """Take the lease of ``gone_owner`` (a sender that no longer exists) at once; atomic: one UPDATE that only
        matches while that owner still holds it."""
        until = _ts(self._clock() + timedelta(seconds=lease_seconds))
        with self.db.transaction() as conn:
            cur = conn.execute("UPDATE drafts SET claimed_by = ?, claimed_until = ? WHERE id = ? AND state <> 'sent' "
                               "AND claimed_by = ?", (owner, until, draft_id, gone_owner))
            return cur.rowcount == 1

    def release_claim(self, draft_id: int, owner: str) -> bool:
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE drafts SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                (draft_id, owner),
            )
            return cur.rowcount == 1

    def delete_draft(self, draft_id: int) -> DeletedDraft:
        """Delete a draft and its lines (one transaction); returns everything ``restore_draft`` puts back."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise DraftNotFound(f"draft {draft_id} does not exist")
            lines = conn.execute("SELECT * FROM draft_lines WHERE draft_id = ? ORDER BY position, id",
                                 (draft_id,)).fetchall()
            conn.execute("DELETE FROM draft_lines WHERE draft_id = ?", (draft_id,))
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return DeletedDraft(draft_id, dict(row), tuple(dict(x) for x in lines))

    def restore_draft(self, deleted: DeletedDraft) -> None:
        """Put a deleted draft back exactly as it was (same number, header, state, lines), in one transaction."""
        with self.db.transaction() as conn:
            cols = list(deleted.row)
            conn.execute(f"INSERT INTO drafts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [deleted.row[c] for c in cols])
            for line in deleted.lines:
                keys = list(line)
                conn.execute(f"INSERT INTO draft_lines ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})",
                             [line[k] for k in keys])

    def exists(self, draft_id: int) -> bool:
        with self.db.lock:
            return self.db.conn.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone() is not None

    # --- lines -------------------------------------------------------------------------------------------------

    def add_lines(self, draft_id: int, lines: Sequence[NewLine]) -> list[DraftLine]:
        """Append lines in ONE transaction; returns them with their ids and positions."""
        return self.write_lines(draft_id, add=lines)

    def write_lines(
        self,
        draft_id: int,
        *,
        add: Sequence[NewLine] = (),
        put: Sequence[DraftLine] = (),
        delete: Sequence[int] = (),
    ) -> list[DraftLine]:
        """A compound edit in ONE transaction: delete lines by id, put lines exactly as given (id, position and
        every field: used to restore for undo and to change several lines at once), then append ``add``.
        Returns the appended lines."""
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            if delete:
                conn.executemany(
                    "DELETE FROM draft_lines WHERE id = ? AND draft_id = ?", [(i, draft_id) for i in delete]
                )
            if put:
                conn.executemany(
                    "INSERT OR REPLACE INTO draft_lines (id, draft_id, position, input, qty, sku, status, candidates,"
                    " message, unit_price_seen, price_currency, price_seen_at, qty_written)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(x.id, draft_id, x.position, *_line_values(x)) for x in put],
                )
            if not add:
                return []
            row = conn.execute(
                "SELECT COALESCE(MAX(position), -1), COALESCE(MAX(id), 0) FROM draft_lines WHERE draft_id = ?",
                (draft_id,),
            ).fetchone()
            start = int(row[0]) + 1
            before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM draft_lines").fetchone()[0]
            conn.executemany(
                "INSERT INTO draft_lines (draft_id, position, input, qty, sku, status, candidates, message,"
                " unit_price_seen, price_currency, price_seen_at, qty_written)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(draft_id, start + i, *_line_values(x)) for i, x in enumerate(add)],
            )
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM draft_lines WHERE draft_id = ? AND id > ? ORDER BY id", (draft_id, before)
                )
            ]
        if len(ids) != len(add):  # cannot happen while we hold the write lock; never hand back wrong ids
            raise LocalStoreError(f"added {len(add)} lines but found {len(ids)}")
        return [
            DraftLine(
                id=line_id,
                position=start + i,
                input=x.input,
                qty=int(x.qty),
                sku=x.sku,
                status=LineStatus(x.status),
                candidates=tuple(x.candidates),
                message=x.message,
                unit_price_seen=x.unit_price_seen,
                price_seen_at=x.price_seen_at,
                written_qty=x.written_qty,
                qty_assumed=x.qty_assumed,
            )
            for i, (line_id, x) in enumerate(zip(ids, add, strict=True))
        ]

    def line(self, line_id: int) -> DraftLine:
        with self.db.lock:
            row = self.db.conn.execute(f"SELECT {_LINE_COLUMNS} FROM draft_lines WHERE id = ?", (line_id,)).fetchone()
        if row is None:
            raise DraftNotFound(f"draft line {line_id} does not exist")
        return _line_from_row(row)

    def update_line(
        self,
        line_id: int,
        *,
        qty: int | _Unset = UNSET,
        sku: str | _Unset = UNSET,
        status: LineStatus | _Unset = UNSET,
        candidates: Sequence[str] | _Unset = UNSET,
        message: str | _Unset = UNSET,
        input: str | _Unset = UNSET,
        unit_price_seen: Money | _Unset | None = UNSET,
        price_seen_at: datetime | _Unset | None = UNSET,
    ) -> DraftLine:
        sets: dict[str, Any] = {}
        if not isinstance(qty, _Unset):
            sets["qty"] = int(qty)
        if not isinstance(sku, _Unset):
            sets["sku"] = sku
        if not isinstance(status, _Unset):
            sets["status"] = LineStatus(status).value
        if not isinstance(candidates, _Unset):
            sets["candidates"] = json.dumps(list(candidates), ensure_ascii=False)
        if not isinstance(message, _Unset):
            sets["message"] = message
        if not isinstance(input, _Unset):
            sets["input"] = input
        if not isinstance(unit_price_seen, _Unset):
            sets["unit_price_seen"] = str(unit_price_seen.amount) if unit_price_seen else None
            sets["price_currency"] = unit_price_seen.currency if unit_price_seen else None
        if not isinstance(price_seen_at, _Unset):
            sets["price_seen_at"] = _ts(price_seen_at) if price_seen_at else None
        with self.db.transaction() as conn:
            draft_id = self._draft_of_line(conn, line_id)
            self._touch(conn, draft_id)
            if sets:
                cols = ", ".join(f"{k} = ?" for k in sets)
                conn.execute(f"UPDATE draft_lines SET {cols} WHERE id = ?", (*sets.values(), line_id))
            row = conn.execute(f"SELECT {_LINE_COLUMNS} FROM draft_lines WHERE id = ?", (line_id,)).fetchone()
        return _line_from_row(row)

    def set_prices_seen(self, draft_id: int, prices: Sequence[tuple[int, Money | None, datetime | None]]) -> None:
        """Record (line id, unit price the user saw, when) for many lines in one transaction."""
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            conn.executemany(
                "UPDATE draft_lines SET unit_price_seen = ?, price_currency = ?, price_seen_at = ?"
                " WHERE id = ? AND draft_id = ?",
                [
                    (
                        str(p.amount) if p else None,
                        p.currency if p else None,
                        _ts(at) if at else None,
                        line_id,
                        draft_id,
                    )
                    for line_id, p, at in prices
                ],
            )

    def delete_line(self, line_id: int) -> DraftLine:
        """Delete one line; returns it as it was (so it can be restored exactly with ``write_lines(put=...)``)."""
        with self.db.transaction() as conn:
            draft_id = self._draft_of_line(conn, line_id)
            row = conn.execute(f"SELECT {_LINE_COLUMNS} FROM draft_lines WHERE id = ?", (line_id,)).fetchone()
            self._touch(conn, draft_id)
            conn.execute("DELETE FROM draft_lines WHERE id = ?", (line_id,))
        return _line_from_row(row)

    def reorder(self, draft_id: int, line_ids: Sequence[int]) -> None:
        """Give the lines positions 0..n-1 in the order of ``line_ids``, which must be exactly the draft's lines."""
        with self.db.transaction() as conn:
            self._touch(conn, draft_id)
            current = {r[0] for r in conn.execute("SELECT id FROM draft_lines WHERE draft_id = ?", (draft_id,))}
            if set(line_ids) != current or len(line_ids) != len(current):
                raise ValueError("reorder needs every line of the draft exactly once")
            conn.executemany(
                "UPDATE draft_lines SET position = ? WHERE id = ?", [(i, line_id) for i, line_id in enumerate(line_ids)]
            )
