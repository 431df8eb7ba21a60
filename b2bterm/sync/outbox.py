"""Moved to ``b2bterm.services.outbox``, ``services.revalidate`` and ``services.submit`` (this name stays for code
written against it)."""

from b2bterm.services.outbox import BusyKind, Outbox, OutboxBusy, OutboxEntry, RunReport, StopReason
from b2bterm.services.revalidate import (
    BACKORDER_OK,
    DEFAULT_TOLERANCE,
    Difference,
    LineCheck,
    Review,
    check_lines,
    parse_tolerance,
    price_moved,
)
from b2bterm.services.submit import Backoff, Outcome, SendResult, new_owner

__all__ = [
    "BACKORDER_OK", "DEFAULT_TOLERANCE", "Backoff", "BusyKind", "Difference", "LineCheck", "Outbox", "OutboxBusy",
    "OutboxEntry", "Outcome", "Review", "RunReport", "SendResult", "StopReason", "check_lines", "new_owner",
    "parse_tolerance", "price_moved",
]
