"""Edit a quotation's validity date, delivery and payment terms and notes (F10 in Quotations)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from b2bterm.domain.quotation import MAX_TEXT, Quotation
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog

FIELDS = (("valid_until", _("Valid until")), ("delivery_terms", _("Delivery terms")),
          ("payment_terms", _("Payment terms")), ("notes", _("Notes")))


class QuotationDetailsForm(Dialog[dict[str, Any] | None]):
    """Dismisses with the changed values (valid_until a date, the others text), or None on Escape."""

    DEFAULT_CSS = """
    QuotationDetailsForm > Vertical { width: 90; max-width: 95%; height: auto; }
    QuotationDetailsForm Horizontal { height: auto; }
    QuotationDetailsForm Horizontal > Label { width: 18; padding: 1 1 0 0; }
    QuotationDetailsForm Horizontal > Input { width: 1fr; }
    QuotationDetailsForm #qd-error { color: $error; height: 1; }
    QuotationDetailsForm #qd-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", _("Cancel"), id="quotation_details.cancel"),
        Binding("ctrl+s", "save", _("Save"), id="quotation_details.save"),
    ]

    def __init__(self, quotation: Quotation) -> None:
        super().__init__()
        self.quotation = quotation

    def compose(self) -> ComposeResult:
        q = self.quotation
        values = {"valid_until": q.valid_until.isoformat(), "delivery_terms": q.delivery_terms,
                  "payment_terms": q.payment_terms, "notes": q.notes}
        with Vertical():
            yield Label(_("Quotation {number}").format(number=q.number))
            for key, label in FIELDS:
                with Horizontal():
                    yield Label(label)
                    yield Input(values[key], max_length=10 if key == "valid_until" else MAX_TEXT, id=f"qd-{key}")
            yield Label(_("Enter or Ctrl+S saves, Esc cancels."), id="qd-help")
            yield Label("", id="qd-error")

    def on_mount(self) -> None:
        self.query_one("#qd-valid_until", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raw = self.query_one("#qd-valid_until", Input).value.strip()
        try:
            until = date.fromisoformat(raw)
        except ValueError:
            self.query_one("#qd-error", Label).update(_("Valid until: a date like 2026-12-31."))
            self.query_one("#qd-valid_until", Input).focus()
            return
        out: dict[str, Any] = {"valid_until": until}
        for key, _label in FIELDS[1:]:
            out[key] = self.query_one(f"#qd-{key}", Input).value.strip()
        self.dismiss(out)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
