"""Small display helpers shared by screens: ages, quantities, stock words. Pure functions, no widgets."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from b2bterm import clock
from b2bterm.domain.models import OrderStatus, PriceBreak, PriceQuote, StockState, with_tax
from b2bterm.ui.i18n import _, current_language, ngettext
from b2bterm.ui.tones import tone


def age_text(fetched_at: datetime | None, now: datetime | None = None) -> str:
    if fetched_at is None:
        return _("unknown age")
    now = now or clock.now()
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    seconds = max(0, int((now - fetched_at).total_seconds()))
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        return _("{n} min ago").format(n=seconds // 60)
    if seconds < 86400:
        return _("{n} h ago").format(n=seconds // 3600)
    return ngettext("{n} day ago", "{n} days ago", seconds // 86400).format(n=seconds // 86400)


STOCK_STYLE = {
    StockState.IN_STOCK: ("green", "in stock"),
    StockState.PARTIAL: ("yellow", "partial"),
    StockState.INCOMING: ("yellow", "incoming"),
    StockState.OUT: ("red", "out of stock"),
    StockState.UNKNOWN: ("dim", "stock ?"),
}


def stock_label(state: StockState) -> tuple[str | Style, str]:
    """The style (in the theme's colours, see tones.py) and the word for a stock state."""
    color, word = STOCK_STYLE[state]
    return tone(color), _(word)


def money_text(value: object) -> str:
    """A Money as the user reads it, or a dash when there is none."""
    return value.format() if value is not None else "—"  # type: ignore[attr-defined]


def percent(fraction: object) -> str:
    from decimal import Decimal

    value = Decimal(str(fraction)) * 100
    return f"{value:.1f}%"


STATUS_STYLE = MappingProxyType({  # an order's status in the orders list and in the order's detail
    OrderStatus.DELIVERED: "green", OrderStatus.SHIPPED: "cyan", OrderStatus.PARTIALLY_SHIPPED: "cyan",
    OrderStatus.CANCELLED: "dim strike", OrderStatus.ON_HOLD: "bold yellow", OrderStatus.PENDING: "yellow",
    OrderStatus.UNKNOWN: "magenta",
})


def breaks_lines(quote: PriceQuote) -> list[Text]:
    """The quantity breaks as a table of right-aligned columns (min. quantity, net, 含税), a header line first; the
    break that applies to the quantity asked is marked. (The lines are shared by every call with the same breaks,
    tax, marked break and language - a typed quantity draws its table from there: read them, never change them.)"""
    active = max((b.min_qty for b in quote.breaks if b.min_qty <= quote.qty), default=None)
    return list(_break_table(tuple(quote.breaks), quote.tax_rate, active, current_language()))


@lru_cache(maxsize=64)
def _break_table(breaks: tuple[PriceBreak, ...], tax_rate: Decimal, active: int | None,
                 language: str) -> tuple[Text, ...]:
    header = [_("Qty ≥"), _("Net"), _("含税")]
    rows = [(brk.min_qty == active, [str(brk.min_qty), brk.unit_price.format(),
                                     with_tax(brk.unit_price, tax_rate).format()])
            for brk in sorted(breaks, key=lambda b: b.min_qty)]
    widths = [max(cell_len(cells[i]) for cells in [header, *(r for _a, r in rows)]) for i in range(len(header))]
    lines = [_row(header, widths, "dim")]
    lines += [_row(cells, widths, "bold reverse" if marked else "") for marked, cells in rows]
    return tuple(lines)


def _row(cells: list[str], widths: list[int], style: str) -> Text:
    line = Text()
    for cell, width in zip(cells, widths, strict=True):
        line.append(" " * (width - cell_len(cell) + 1))
        line.append(cell, style=style)
        line.append(" ")
    return line
