"""Is this order ready to send: the one rule the pad, F9, the outbox and ``b2bterm order send`` all apply."""

from __future__ import annotations

import enum

from b2bterm.domain.models import DraftOrder, LineStatus
from b2bterm.domain.record import record


class NotReadyKind(enum.StrEnum):
    EMPTY = "empty"  # the draft has no lines
    UNRESOLVED = "unresolved"  # the line is not one known item yet (ambiguous, unknown, ...)
    NO_QTY = "no_qty"  # the line's quantity is not a whole number of at least 1


@record
class NotReady:
    """Why a draft (or one of its lines) cannot be sent yet; ``position`` is the line's 0-based place."""

    kind: NotReadyKind
    position: int = -1
    input: str = ""
    status: LineStatus | None = None


def line_ready(status: LineStatus, qty: int) -> bool:
    """A line may be ordered: resolved to one item, with a quantity of at least 1."""
    return status is LineStatus.RESOLVED and qty >= 1


def not_ready(draft: DraftOrder) -> list[NotReady]:
    """What must be fixed before the draft can be sent (empty: it is ready)."""
    if not draft.lines:
        return [NotReady(NotReadyKind.EMPTY)]
    problems: list[NotReady] = []
    for line in draft.lines:
        if line.status is not LineStatus.RESOLVED or not line.sku:
            problems.append(NotReady(NotReadyKind.UNRESOLVED, line.position, line.input, line.status))
        elif line.qty < 1:
            problems.append(NotReady(NotReadyKind.NO_QTY, line.position, line.input, line.status))
    return problems
