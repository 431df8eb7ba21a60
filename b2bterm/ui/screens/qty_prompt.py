"""Ask for a line's new quantity."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from b2bterm.quickorder.parser import MAX_QTY
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.text_input import TextInput


class QtyPrompt(Dialog[int | None]):
    DEFAULT_CSS = """
    QtyPrompt > Vertical { width: 60; height: 8; }
    QtyPrompt #qty-error { color: $error; height: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", _("Cancel"), id="qty_prompt.cancel")]

    def __init__(self, what: str, qty: int) -> None:
        super().__init__()
        self.what = what
        self.qty = qty

    def compose(self) -> ComposeResult:
        with Vertical():
            label = Text(_("Quantity for "))
            label.append(self.what, style="bold")
            yield Label(label)
            yield TextInput(str(self.qty), type="integer", max_length=7, id="qty-input")
            yield Label("", id="qty-error")

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        box.select_all()

    @on(Input.Submitted, "#qty-input")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            qty = int(event.value.strip())
        except ValueError:
            qty = 0
        if not 1 <= qty <= MAX_QTY:
            self.query_one("#qty-error", Label).update(
                _("Enter a quantity from 1 to {max:,}.").format(max=MAX_QTY))
            return
        self.dismiss(qty)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
