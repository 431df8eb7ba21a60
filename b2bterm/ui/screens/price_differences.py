"""The price differences: each time a live quote said something else than the local price book had shown (a rule
changed on the platform since the sync, or a platform that prices otherwise than its rules say), newest first, with
the book's price and source beside the live ones and the sync the book price came from. Opened with Ctrl+G from the
model query or "Price differences" in the command palette; ``b2bterm price-book differences`` prints the same."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label

from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.wording import source_text
from b2bterm.zone import show

LIMIT = 200


class PriceDifferences(Dialog[None]):
    DEFAULT_CSS = """
    PriceDifferences > Vertical { width: 96%; max-width: 140; height: 80%; }
    PriceDifferences #pd-list { height: 1fr; }
    PriceDifferences .pd-title { text-style: bold; color: $accent; }
    """
    BINDINGS = [
        Binding("escape", "close", _("Close"), id="price_differences.close"),
        Binding("ctrl+r", "reload", _("Refresh"), id="price_differences.reload"),
    ]

    class Loaded(Message):
        def __init__(self, differences: list[Any]) -> None:
            super().__init__()
            self.differences = differences

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Price differences: the price book against the live price"), classes="pd-title")
            yield Label(_("Loading…"), id="pd-note")
            yield RowList([Column(_("Seen"), 11), Column(_("Account"), 8), Column(_("SKU"), min_width=12),
                           Column(_("Qty"), 6, "right"), Column(_("Book"), 11, "right"),
                           Column(_("Live"), 11, "right"), Column(_("Book source"), min_width=10, drop=2),
                           Column(_("Live source"), min_width=10, drop=3), Column(_("Book as of"), 12, drop=1)],
                          empty_text=_("none"), id="pd-list")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="price-differences", exit_on_error=False)
    async def load(self) -> None:
        found = await asyncio.to_thread(self.services.price_differences, LIMIT)
        self.post_message(self.Loaded(found))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        rows, keys = [], []
        for n, d in enumerate(event.differences):
            up = d.live_net.amount > d.local_net.amount
            rows.append([Text(show(d.seen_at, "%m-%d %H:%M")), Text(d.account_id), Text(d.sku), Text(f"{d.qty:,}"),
                         Text(d.local_net.format(), style="dim"),
                         Text(d.live_net.format(), style=tone("bold red") if up else tone("bold green")),
                         Text(source_text(d.local_source), style="dim"), Text(source_text(d.live_source)),
                         Text(show(d.synced_at, "%m-%d %H:%M"), style="dim")])
            keys.append(str(n))
        self.query_one("#pd-list", RowList).set_rows(rows, keys)
        note = self.query_one("#pd-note", Label)
        if event.differences:
            note.update(Text(_("Newest first. A difference means the platform changed a price since the price book "
                               "was synced, or prices otherwise than its rules say: sync to take the new rules."),
                             style="dim"))
        else:
            note.update(Text(_("No differences recorded: every live price said what the price book said."),
                             style=tone("green")))
        self.query_one("#pd-list", RowList).focus()

    def action_reload(self) -> None:
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
