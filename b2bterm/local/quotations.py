"""Quotations in the profile database: every call commits before it returns (one IMMEDIATE transaction).

Prices are stored as quoted (text, never REAL) and never re-priced here: a quotation is a record of an offer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from b2bterm.domain.models import PriceSource, PriceSourceKind
from b2bterm.domain.money import Money
from b2bterm.domain.quotation import (
    MAX_LINES,
    MAX_TEXT,
    STORED_STATES,
    PushState,
    Quotation,
    QuotationLine,
    QuotationState,
)
from b2bterm.domain.record import record
from b2bterm.local.db import Database, LocalStoreError
from b2bterm.local.drafts import _dt, _ts, utcnow


class QuotationNotFound(LocalStoreError):
    """The quotation or line is gone (deleted elsewhere, or never existed)."""


@record
class QuotationHeader:
    """What a new quotation starts with."""

    account_id: str
    valid_until: date
    account_code: str = ""
    account_name: str = ""
    currency: str = "CNY"
    delivery_terms: str = ""
    payment_terms: str = ""
    notes: str = ""


def _clip(text: str) -> str:
    return text.strip()[:MAX_TEXT]


def _line_from_row(row: Any) -> QuotationLine:
    currency = row["currency"]
    valid_to = row["source_valid_to"]
    try:
        kind = PriceSourceKind(row["source_kind"])
    except ValueError:
        kind = PriceSourceKind.LIST
    return QuotationLine(
        id=row["id"], position=row["position"], sku=row["sku"], model=row["model"], brand=row["brand"],
        name_en=row["name_en"], name_zh=row["name_zh"], unit=row["unit"], qty=row["qty"],
        list_price=Money(Decimal(row["list_price"]), currency), net_price=Money(Decimal(row["net_price"]), currency),
        tax_rate=Decimal(row["tax_rate"]),
        source=PriceSource(kind, row["source_reference"], valid_to=date.fromisoformat(valid_to) if valid_to else None),
        quoted_at=_dt(row["quoted_at"]),
    )


def _quotation_from_row(row: Any, lines: tuple[QuotationLine, ...] = (), line_count: int = -1) -> Quotation:
    return Quotation(
        id=row["id"], account_id=row["account_id"], account_code=row["account_code"],
        account_name=row["account_name"], currency=row["currency"], state=QuotationState(row["state"]),
        valid_until=date.fromisoformat(row["valid_until"]), delivery_terms=row["delivery_terms"],
        payment_terms=row["payment_terms"], notes=row["notes"],
        created_at=datetime.fromisoformat(row["created_at"]), updated_at=datetime.fromisoformat(row["updated_at"]),
        sent_at=_dt(row["sent_at"]), order_draft_id=row["order_draft_id"], remote_id=row["remote_id"],
        lines=lines, line_count=line_count, push_state=_push_state(row["push_state"]),
        push_attempts=row["push_attempts"], push_next_at=_dt(row["push_next_at"]), push_error=row["push_error"],
        pushed_at=_dt(row["pushed_at"]), push_rev=row["push_rev"],
    )


def _push_state(value: str) -> PushState:
    try:
        return PushState(value)
    except ValueError:
        return PushState.WAITING  # written by a newer b2bterm: pushing again is always safe (same key)


class QuotationStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self._clock = clock

    def _now(self) -> str:
        return _ts(self._clock())

    def _touch(self, conn: Any, quotation_id: int, *, sync: bool = True) -> None:
        """Every change goes through here, in its transaction: a quotation the platform keeps a copy of (or was
        asked to) is then due to be pushed again, in the same commit, so no change is lost to a crash."""
        now = self._now()
        cur = conn.execute("UPDATE quotations SET updated_at = ? WHERE id = ?", (now, quotation_id))
        if cur.rowcount == 0:
            raise QuotationNotFound(f"quotation {quotation_id} does not exist")
        if sync:
            conn.execute("UPDATE quotations SET push_rev = push_rev + 1, push_state = ?, push_next_at = ?"
                         " WHERE id = ? AND push_state != ?",
                         (PushState.WAITING.value, now, quotation_id, PushState.LOCAL.value))

    # --- quotations ----------------------------------------------------------------------------------------------

    def create(self, header: QuotationHeader) -> Quotation:
        now = self._now()
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO quotations (account_id, account_code, account_name, currency, state, valid_until,"
                " delivery_terms, payment_terms, notes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (header.account_id, header.account_code, header.account_name, header.currency,
                 QuotationState.DRAFT.value, header.valid_until.isoformat(), _clip(header.delivery_terms),
                 _clip(header.payment_terms), _clip(header.notes), now, now))
            new_id = int(cur.lastrowid or 0)
        return self.load(new_id)

    def load(self, quotation_id: int) -> Quotation:
        with self.db.lock:
            row = self.db.conn.execute("SELECT * FROM quotations WHERE id = ?", (quotation_id,)).fetchone()
            if row is None:
                raise QuotationNotFound(f"quotation {quotation_id} does not exist")
            rows = self.db.conn.execute(
                "SELECT l.*, q.currency FROM quotation_lines l JOIN quotations q ON q.id = l.quotation_id"
                " WHERE l.quotation_id = ? ORDER BY l.position, l.id", (quotation_id,)).fetchall()
        return _quotation_from_row(row, tuple(_line_from_row(r) for r in rows))

    def list(self, account_id: str | None = None) -> list[Quotation]:
        """Newest first, without their lines (``line_count`` says how many)."""
        sql = ("SELECT q.*, (SELECT COUNT(*) FROM quotation_lines l WHERE l.quotation_id = q.id) AS n"
               " FROM quotations q" + (" WHERE q.account_id = ?" if account_id is not None else "")
               + " ORDER BY q.updated_at DESC, q.id DESC")
        with self.db.lock:
            rows = self.db.conn.execute(sql, (account_id,) if account_id is not None else ()).fetchall()
        return [_quotation_from_row(r, line_count=r["n"]) for r in rows]

    def newest_draft(self, account_id: str, valid_on: date) -> Quotation | None:
        """The account's newest quotation still in draft and valid on ``valid_on``: where new lines go."""
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT id FROM quotations WHERE account_id = ? AND state = ? AND valid_until >= ?"
                " ORDER BY updated_at DESC, id DESC LIMIT 1",
                (account_id, QuotationState.DRAFT.value, valid_on.isoformat())).fetchone()
        return self.load(row["id"]) if row else None

    def update_header(self, quotation_id: int, *, valid_until: date | None = None, delivery_terms: str | None = None,
                      payment_terms: str | None = None, notes: str | None = None) -> Quotation:
        sets: list[str] = []
        args: list[Any] = []
        for column, value in (("valid_until", valid_until.isoformat() if valid_until else None),
                              ("delivery_terms", None if delivery_terms is None else _clip(delivery_terms)),
                              ("payment_terms", None if payment_terms is None else _clip(payment_terms)),
                              ("notes", None if notes is None else _clip(notes))):
            if value is not None:
                sets.append(f"{column} = ?")
                args.append(value)
        with self.db.transaction() as conn:
            self._touch(conn, quotation_id)
            if sets:
                conn.execute(f"UPDATE quotations SET {', '.join(sets)} WHERE id = ?", (*args, quotation_id))
        return self.load(quotation_id)

    def set_state(self, quotation_id: int, state: QuotationState, *, order_draft_id: int | None = None,
                  sync: bool = True) -> Quotation:
        """``sync=False``: the state came from the platform, which needs no push of it."""
        if state not in STORED_STATES:
            raise ValueError(f"{state.value} is computed, never stored")
        with self.db.transaction() as conn:
            self._touch(conn, quotation_id, sync=sync)
            conn.execute("UPDATE quotations SET state = ? WHERE id = ?", (state.value, quotation_id))
            if state is QuotationState.SENT:
                conn.execute("UPDATE quotations SET sent_at = COALESCE(sent_at, ?) WHERE id = ?",
                             (self._now(), quotation_id))
            if order_draft_id is not None:
                conn.execute("UPDATE quotations SET order_draft_id = ? WHERE id = ?", (order_draft_id, quotation_id))
        return self.load(quotation_id)

    def set_remote_id(self, quotation_id: int, remote_id: str) -> None:
        with self.db.transaction() as conn:
            self._touch(conn, quotation_id, sync=False)
            conn.execute("UPDATE quotations SET remote_id = ? WHERE id = ?", (remote_id, quotation_id))

    # --- the platform's copy (no change to the quotation itself: updated_at stays) -------------------------------

    def request_push(self, quotation_id: int) -> Quotation:
        """The quotation is to be on the platform as it is now: waiting, due at once (a backoff is kept)."""
        with self.db.transaction() as conn:
            cur = conn.execute("UPDATE quotations SET push_rev = push_rev + 1, push_state = ?, push_error = '',"
                               " push_next_at = ? WHERE id = ?", (PushState.WAITING.value, self._now(), quotation_id))
            if cur.rowcount == 0:
                raise QuotationNotFound(f"quotation {quotation_id} does not exist")
        return self.load(quotation_id)

    def push_done(self, quotation_id: int, rev: int, remote_id: str) -> None:
        """The platform took revision ``rev``: pushed, unless a change came in meanwhile (then it stays due)."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE quotations SET remote_id = ? WHERE id = ?", (remote_id, quotation_id))
            conn.execute("UPDATE quotations SET push_state = ?, push_attempts = 0, push_error = '', push_next_at ="
                         " NULL, pushed_at = ? WHERE id = ? AND push_rev = ?",
                         (PushState.PUSHED.value, self._now(), quotation_id, rev))

    def push_later(self, quotation_id: int, rev: int, error: str, due: datetime) -> None:
        """Revision ``rev`` did not reach the platform: tried again at ``due`` (at once if it changed since)."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE quotations SET push_attempts = push_attempts + 1, push_error = ?, push_next_at ="
                         " CASE WHEN push_rev = ? THEN ? ELSE push_next_at END WHERE id = ? AND push_state = ?",
                         (error[:MAX_TEXT], rev, _ts(due), quotation_id, PushState.WAITING.value))

    def push_refused(self, quotation_id: int, rev: int, error: str) -> None:
        """The platform refused revision ``rev``: failed until the user changes it or pushes it again."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE quotations SET push_attempts = push_attempts + 1, push_error = ? WHERE id = ?",
                         (error[:MAX_TEXT], quotation_id))
            conn.execute("UPDATE quotations SET push_state = ?, push_next_at = NULL WHERE id = ? AND push_rev = ?",
                         (PushState.FAILED.value, quotation_id, rev))

    def due_pushes(self, now: datetime, *, force: bool = False) -> list[int]:
        """Waiting quotations whose push is due (every waiting one with ``force``), the longest waiting first."""
        sql = "SELECT id FROM quotations WHERE push_state = ?"
        args: list[Any] = [PushState.WAITING.value]
        if not force:
            sql += " AND (push_next_at IS NULL OR push_next_at <= ?)"
            args.append(_ts(now))
        with self.db.lock:
            rows = self.db.conn.execute(sql + " ORDER BY push_next_at, id", args).fetchall()
        return [int(r["id"]) for r in rows]

    def waiting_pushes(self) -> int:
        with self.db.lock:
            return int(self.db.conn.execute("SELECT COUNT(*) FROM quotations WHERE push_state = ?",
                                            (PushState.WAITING.value,)).fetchone()[0])

    def delete(self, quotation_id: int) -> None:
        with self.db.transaction() as conn:
            cur = conn.execute("DELETE FROM quotations WHERE id = ?", (quotation_id,))
            if cur.rowcount == 0:
                raise QuotationNotFound(f"quotation {quotation_id} does not exist")

    # --- lines ---------------------------------------------------------------------------------------------------

    def put_line(self, quotation_id: int, line: QuotationLine) -> Quotation:
        """Add the line, or replace the quotation's line for the same SKU (keeping its place)."""
        values = (line.sku, line.model, line.brand, line.name_en, line.name_zh, line.unit, int(line.qty),
                  str(line.list_price.amount), str(line.net_price.amount), str(line.tax_rate),
                  line.source.kind.value, line.source.reference,
                  line.source.valid_to.isoformat() if line.source.valid_to else None,
                  _ts(line.quoted_at or self._clock()))
        columns = ("sku, model, brand, name_en, name_zh, unit, qty, list_price, net_price, tax_rate, source_kind,"
                   " source_reference, source_valid_to, quoted_at")
        with self.db.transaction() as conn:
            self._touch(conn, quotation_id)
            existing = conn.execute("SELECT id FROM quotation_lines WHERE quotation_id = ? AND sku = ?",
                                    (quotation_id, line.sku)).fetchone()
            if existing is not None:
                assignments = ", ".join(f"{c.strip()} = ?" for c in columns.split(","))
                conn.execute(f"UPDATE quotation_lines SET {assignments} WHERE id = ?", (*values, existing["id"]))
            else:
                count, top = conn.execute("SELECT COUNT(*), COALESCE(MAX(position), -1) FROM quotation_lines"
                                          " WHERE quotation_id = ?", (quotation_id,)).fetchone()
                if count >= MAX_LINES:
                    raise ValueError(f"a quotation holds at most {MAX_LINES:,} lines")
                conn.execute(f"INSERT INTO quotation_lines (quotation_id, position, {columns})"
                             f" VALUES (?, ?, {', '.join('?' * len(values))})", (quotation_id, top + 1, *values))
        return self.load(quotation_id)

    def delete_line(self, quotation_id: int, line_id: int) -> Quotation:
        with self.db.transaction() as conn:
            self._touch(conn, quotation_id)
            cur = conn.execute("DELETE FROM quotation_lines WHERE id = ? AND quotation_id = ?",
                               (line_id, quotation_id))
            if cur.rowcount == 0:
                raise QuotationNotFound(f"line {line_id} is not on quotation {quotation_id}")
        return self.load(quotation_id)
