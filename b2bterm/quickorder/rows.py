"""What the order pad hands out: the result of an add, a line as a screen shows it, the totals."""

from __future__ import annotations

from b2bterm.domain.models import (
    DraftLine,
    LineStatus,
    StockState,
)
from b2bterm.domain.money import Money
from b2bterm.domain.price_note import PriceNote
from b2bterm.domain.record import record
from b2bterm.quickorder.parser import IgnoredLine
from b2bterm.quickorder.problems import Problem
from b2bterm.quickorder.resolve import ResolvedLine


@record
class AddResult:
    added: tuple[DraftLine, ...]
    merged: tuple[DraftLine, ...]  # lines already on the pad whose quantity grew (after the change)
    ignored: tuple[IgnoredLine, ...] = ()  # pasted lines that were not order lines, with the reason
    resolved: tuple[ResolvedLine, ...] = ()
    merged_before: tuple[DraftLine, ...] = ()  # the lines of ``merged`` as they were before (same order)
    replaced: tuple[DraftLine, ...] = ()  # the lines the pad held before ``replace_lines``

    def count(self, status: LineStatus) -> int:
        return sum(1 for r in self.resolved if r.status is status)


@record
class PadRow:
    """One line as a screen shows it."""

    line_id: int
    position: int
    input: str
    status: LineStatus
    sku: str
    model: str
    brand: str
    name: str
    name_zh: str
    qty: int
    unit: str
    unit_price: Money | None  # tax-exclusive, tier for this qty applied
    unit_price_incl_tax: Money | None
    extended: Money | None  # tax-exclusive
    extended_incl_tax: Money | None
    price_stale: bool  # quantity changed since the quote: reprice to confirm the tier
    stock: StockState
    problems: tuple[Problem, ...]
    candidates: tuple[str, ...]  # SKUs of an ambiguous line: ``OrderPad.candidate_products`` reads them
    message: str
    price_notes: tuple[PriceNote, ...] = ()  # where today's price differs from what was paid, or is quoted


@record
class Totals:
    net: Money
    tax: Money
    gross: Money  # tax-inclusive (含税)
    priced_lines: int
    unpriced_lines: int
