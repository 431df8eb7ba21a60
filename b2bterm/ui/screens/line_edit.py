"""Edit a quick-order line's text in place: what the customer wrote, corrected (a model typo, another quantity)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog

MAX_LINE = 500


class LineEditPrompt(Dialog[str | None]):
    """Dismisses with the new text of the line, or None (Esc, or nothing changed)."""

    DEFAULT_CSS = """
    LineEditPrompt > Vertical { width: 90; max-width: 95%; height: 9; }
    LineEditPrompt #line-edit-help { color: $text-muted; }
    LineEditPrompt #line-edit-error { color: $error; height: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", _("Cancel"), id="line_edit.cancel")]

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.number = number
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(_("Edit line {n}").format(n=self.number), style="bold"))
            yield Label(_("Model and quantity as the customer wrote them; Enter reads the line again, Esc cancels."),
                        id="line-edit-help")
            yield Input(self.text, max_length=MAX_LINE, id="line-edit-input")
            yield Label("", id="line-edit-error")

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#line-edit-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split("\n")).strip()
        if not text:
            self.query_one("#line-edit-error", Label).update(_("The line cannot be empty: Delete removes a line."))
            return
        self.dismiss(text if text != self.text.strip() else None)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
