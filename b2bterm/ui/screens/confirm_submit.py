"""Confirm before an order is sent: who it is for, how many lines, and the totals (net, tax, 含税)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from b2bterm.quickorder.pad import Totals
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.tones import tone


class ConfirmSubmit(Dialog[bool]):
    DEFAULT_CSS = """
    ConfirmSubmit > Vertical { width: 70; max-width: 100%; height: auto; max-height: 100%; border: thick $warning; }
    ConfirmSubmit #confirm-title { text-style: bold; }
    ConfirmSubmit #confirm-help { color: $text-muted; margin-top: 1; }
    ConfirmSubmit #confirm-queue { color: $warning; margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter,y", "confirm", _("Send"), id="confirm_submit.yes"),
        Binding("escape,n", "cancel", _("Cancel"), id="confirm_submit.no"),
    ]

    def __init__(self, account: str, lines: int, totals: Totals, po_number: str = "", invoice: str = "", *,
                 queued: bool | None = None) -> None:
        """``queued``: None online; False when working offline (the user's choice); True when the platform
        cannot be reached now. Either way the order goes to the outbox, and the dialog says so."""
        super().__init__()
        self.queued = queued
        self.account = account
        self.lines = lines
        self.totals = totals
        self.po_number = po_number
        self.invoice = invoice

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim")
        grid.add_column(justify="right")
        grid.add_row(_("Customer"), Text(self.account))
        grid.add_row(_("Lines"), str(self.lines))
        if self.po_number:
            grid.add_row(_("PO number"), Text(self.po_number))
        if self.invoice:
            grid.add_row(_("Invoice"), Text(self.invoice))
        grid.add_row(_("Net"), self.totals.net.format())
        grid.add_row(_("Tax"), self.totals.tax.format())
        grid.add_row(_("Total incl. tax (含税)"), Text(self.totals.gross.format(), style="bold"))
        if self.totals.unpriced_lines:
            grid.add_row(_("Not priced"), Text(str(self.totals.unpriced_lines), style=tone("yellow")))
        with Vertical():
            yield Label(_("Send this order?") if self.queued is None else _("Queue this order?"), id="confirm-title")
            yield Static(grid, id="confirm-body")
            if self.queued is False:
                yield Label(_("You are working offline: the order is kept in the outbox and sent when you go back "
                              "online (W in Drafts)."), id="confirm-queue")
            elif self.queued:
                yield Label(_("The platform cannot be reached now: the order is kept in the outbox and sent, with "
                              "the same key, when it answers."), id="confirm-queue")
            yield Label(_("Enter or Y sends it · Esc or N goes back"), id="confirm-help")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
