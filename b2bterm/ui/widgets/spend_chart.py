"""Spend per month as a bar chart drawn with block characters (rich Text, no dependency, no markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from rich.text import Text
from textual.widgets import Static

from b2bterm.domain.money import Money
from b2bterm.ui.tones import tone

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def compact(amount: Decimal, symbol: str = "¥") -> str:
    """¥1.23M, ¥456K, ¥789 — short enough for an axis."""
    a = abs(amount)
    sign = "-" if amount < 0 else ""
    if a >= 1_000_000:
        return f"{sign}{symbol}{a / 1_000_000:.2f}M"
    if a >= 10_000:
        return f"{sign}{symbol}{a / 1000:.0f}K"
    if a >= 1000:
        return f"{sign}{symbol}{a / 1000:.1f}K"
    return f"{sign}{symbol}{a:.0f}"


def spend_chart(months: Sequence[tuple[date, Money]], *, height: int = 8, bar: int = 3, style: str = "bold cyan",
                title: str = "") -> Text:
    """Vertical bars, one per month (oldest left), eighth-block resolution, the peak on the axis, month numbers
    underneath and the year where it starts. An empty or all-zero series draws a flat baseline."""
    height = max(1, height)
    values = [max(Decimal(0), m.amount) for _, m in months]
    peak = max(values, default=Decimal(0))
    symbol = months[0][1].symbol if months else "¥"
    axis_top = compact(peak, symbol)
    pad = max(len(axis_top), 2)
    out = Text(no_wrap=True, overflow="crop")
    if title:
        out.append(title + "\n", style="bold")
    levels = [int((v / peak) * height * 8) if peak else 0 for v in values]
    levels = [max(1, lv) if v > 0 else 0 for lv, v in zip(levels, values, strict=True)]
    for row in range(height, 0, -1):
        label = axis_top if row == height else ("0" if row == 1 and not peak else "")
        out.append(f"{label:>{pad}} │", style="dim")
        for lv in levels:
            fill = lv - (row - 1) * 8
            ch = _EIGHTHS[max(0, min(8, fill))]
            out.append(" ")
            out.append(ch * bar, style=tone(style))
        out.append("\n")
    out.append(" " * pad + " └" + "─" * ((bar + 1) * len(months)) + "\n", style="dim")
    months_row = "".join(" " + f"{first.month:02d}".ljust(bar) for first, _m in months)
    years = [" "] * len(months_row)
    for i, (first, _m) in enumerate(months):
        if i == 0 or first.month == 1:
            at = i * (bar + 1) + 1
            label = str(first.year)
            years[at:at + len(label)] = list(label)
    out.append(" " * (pad + 2) + months_row + "\n", style="dim")
    out.append((" " * (pad + 2) + "".join(years)).rstrip(), style="dim")
    return out


class SpendChart(Static):
    """Shows a ``spend_chart``; ``show`` replaces it."""

    DEFAULT_CSS = "SpendChart { height: auto; padding: 0 1; }"

    def show(self, months: Sequence[tuple[date, Money]], *, title: str = "", height: int = 8) -> None:
        self.update(spend_chart(months, title=title, height=height))
