"""Small display helpers shared by screens: ages, quantities, stock words. Pure functions, no widgets."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.style import Style

from b2bterm import clock
from b2bterm.domain.models import OrderStatus, StockState
from b2bterm.ui.i18n import _, ngettext
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


STATUS_STYLE = {  # an order's status in the orders list and in the order's detail
    OrderStatus.DELIVERED: "green", OrderStatus.SHIPPED: "cyan", OrderStatus.PARTIALLY_SHIPPED: "cyan",
    OrderStatus.CANCELLED: "dim strike", OrderStatus.ON_HOLD: "bold yellow", OrderStatus.PENDING: "yellow",
    OrderStatus.UNKNOWN: "magenta",
}
