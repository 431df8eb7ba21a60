"""Submitting a draft: the idempotency key is stored before the first attempt, so no retry can order twice.

Online, the order is placed and the draft becomes SENT with the platform's order number. When the platform cannot be
reached the draft is kept, marked QUEUED for the outbox, and the user is told. A rejection returns the draft to OPEN
with the platform's reason, for the user to fix.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass

from b2bterm.domain.models import DraftState, LineStatus, Order, OrderRequest, OrderRequestLine
from b2bterm.local.drafts import DraftStore
from b2bterm.platform.base import Offline, Platform, PlatformError, Rejected


class SubmitOutcome(enum.StrEnum):
    PLACED = "placed"
    QUEUED = "queued"  # platform unreachable: kept for the outbox
    REJECTED = "rejected"  # the platform refused: the draft is open again with the reason
    NOT_READY = "not_ready"  # lines need fixing first


@dataclass(frozen=True)
class SubmitResult:
    outcome: SubmitOutcome
    order: Order | None = None
    message: str = ""


def blocking_problems(store: DraftStore, draft_id: int) -> list[str]:
    """What must be fixed before a draft can be submitted."""
    draft = store.load(draft_id)
    problems: list[str] = []
    if not draft.lines:
        problems.append("The pad is empty.")
    for line in draft.lines:
        if line.status != LineStatus.RESOLVED:
            problems.append(f"Line {line.position + 1} ({line.input!r}) is {line.status.value}: pick or fix it.")
        elif line.qty <= 0:
            problems.append(f"Line {line.position + 1} ({line.input!r}) has no valid quantity.")
    return problems


def order_request(store: DraftStore, draft_id: int) -> OrderRequest:
    draft = store.load(draft_id)
    return OrderRequest(
        account_id=draft.account_id,
        lines=tuple(OrderRequestLine(sku=line.sku, qty=line.qty, expected_unit_price=line.unit_price_seen)
                    for line in draft.lines),
        po_number=draft.po_number,
        ship_to_id=draft.ship_to_id,
        requested_date=draft.requested_date,
        invoice_type=draft.invoice_type,
        note=draft.note,
    )


async def submit_draft(store: DraftStore, platform: Platform, draft_id: int) -> SubmitResult:
    """Every store call runs in a thread: each commits with synchronous=FULL and may wait for the database lock,
    which must never hold up the event loop (the UI)."""
    problems = await asyncio.to_thread(blocking_problems, store, draft_id)
    if problems:
        return SubmitResult(SubmitOutcome.NOT_READY, message=" ".join(problems[:3]))

    def prepare() -> tuple[str, OrderRequest]:
        key = store.set_idempotency_key(draft_id)  # committed before the first attempt; never changes afterwards
        request = order_request(store, draft_id)
        store.set_state(draft_id, DraftState.SENDING)
        return key, request

    def queue(message: str) -> None:
        store.record_attempt(draft_id, error=message)
        store.set_state(draft_id, DraftState.QUEUED, last_error=message)

    def placed(number: str) -> None:
        store.set_order_number(draft_id, number)
        store.set_state(draft_id, DraftState.SENT)

    key, request = await asyncio.to_thread(prepare)
    try:
        order = await platform.place_order(request, idempotency_key=key)
    except Rejected as exc:
        await asyncio.to_thread(store.set_state, draft_id, DraftState.OPEN, last_error=exc.message)
        return SubmitResult(SubmitOutcome.REJECTED, message=exc.user_text())
    except Offline as exc:
        await asyncio.to_thread(queue, exc.message)
        return SubmitResult(
            SubmitOutcome.QUEUED,
            message=f"The platform could not be reached ({exc.message}). The order is kept and queued; "
            "it is sent with the same key when the platform is back, so it cannot be placed twice.",
        )
    except PlatformError as exc:
        # The outcome is unknown (the platform may have placed it): keep the key, queue for a safe retry.
        await asyncio.to_thread(queue, exc.message)
        return SubmitResult(SubmitOutcome.QUEUED, message=f"{exc.user_text()} The order is kept and queued.")
    await asyncio.to_thread(placed, order.number)
    return SubmitResult(SubmitOutcome.PLACED, order=order, message=f"Order {order.number} placed.")
