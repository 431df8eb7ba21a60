"""Edit a draft's header: ship-to, PO number, requested date, invoice type (普通发票 / 增值税专用发票) and note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from b2bterm.domain.models import DraftOrder, InvoiceType, ShipTo
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.text_input import TextInput

INVOICE_LABELS = {
    InvoiceType.NORMAL: _("普通发票 (normal invoice)"),
    InvoiceType.VAT_SPECIAL: _("增值税专用发票 (VAT special invoice)"),
}


@dataclass(frozen=True)
class HeaderValues:
    ship_to_id: str
    po_number: str
    requested_date: date | None
    invoice_type: InvoiceType
    note: str


class DraftHeaderForm(Dialog[HeaderValues | None]):
    DEFAULT_CSS = """
    DraftHeaderForm > Vertical { width: 90; max-width: 95%; height: auto; }
    DraftHeaderForm Horizontal { height: auto; }
    DraftHeaderForm Horizontal > Label { width: 18; padding: 1 1 0 0; }
    DraftHeaderForm Horizontal > Input, DraftHeaderForm Horizontal > Select { width: 1fr; }
    DraftHeaderForm #header-error { color: $error; height: 1; }
    DraftHeaderForm #header-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", _("Cancel"), id="draft_header.cancel"),
        Binding("ctrl+s", "save", _("Save"), id="draft_header.save"),
    ]

    def __init__(self, draft: DraftOrder, ship_tos: tuple[ShipTo, ...]) -> None:
        super().__init__()
        self.draft = draft
        self.ship_tos = ship_tos

    def compose(self) -> ComposeResult:
        d = self.draft
        ship_options = [(f"{s.name} — {s.address}", s.id) for s in self.ship_tos]
        with Vertical():
            yield Label(_("Order details"), classes="title")
            with Horizontal():
                yield Label(_("Ship to"))
                yield Select(ship_options, value=d.ship_to_id if any(s.id == d.ship_to_id for s in self.ship_tos)
                             else Select.NULL, prompt=_("(account default)"), id="header-ship-to")
            with Horizontal():
                yield Label(_("PO number"))
                yield TextInput(d.po_number, max_length=60, id="header-po")
            with Horizontal():
                yield Label(_("Requested date"))
                yield TextInput(d.requested_date.isoformat() if d.requested_date else "", placeholder="YYYY-MM-DD",
                            max_length=10, id="header-date")
            with Horizontal():
                yield Label(_("Invoice"))
                yield Select([(label, kind.value) for kind, label in INVOICE_LABELS.items()],
                             value=d.invoice_type.value, allow_blank=False, id="header-invoice")
            with Horizontal():
                yield Label(_("Note"))
                yield TextInput(d.note, max_length=500, id="header-note")
            yield Label("", id="header-error")
            yield Label(_("Enter in a field or Ctrl+S saves · Esc cancels"), id="header-help")

    def on_mount(self) -> None:
        self.query_one("#header-po", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raw_date = self.query_one("#header-date", Input).value.strip()
        requested: date | None = None
        if raw_date:
            try:
                requested = date.fromisoformat(raw_date)
            except ValueError:
                self.query_one("#header-error", Label).update(
                    _("“{d}” is not a date: write it as 2025-06-30.").format(d=raw_date[:20]))
                return
        ship = self.query_one("#header-ship-to", Select).value
        invoice = self.query_one("#header-invoice", Select).value
        self.dismiss(HeaderValues(
            ship_to_id="" if ship is Select.NULL else str(ship),
            po_number=self.query_one("#header-po", Input).value.strip(),
            requested_date=requested,
            invoice_type=InvoiceType(str(invoice)),
            note=self.query_one("#header-note", Input).value.strip(),
        ))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
