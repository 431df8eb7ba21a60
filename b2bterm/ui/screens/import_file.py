"""Import a file into the pad: ask for its path, read it (UTF-8, else GB18030; an Excel workbook's order sheet as
CSV) and hand its text back.

The file is read in a thread worker; a problem (no such file, a folder, a binary workbook) is shown in the modal
with the path kept, so the user can fix it and press Enter again."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.text_input import TextInput


class ImportFilePrompt(Dialog[str | None]):
    """Dismisses with the file's text, or None on Escape."""

    DEFAULT_CSS = """
    ImportFilePrompt > Vertical { width: 100; max-width: 95%; height: 10; }
    ImportFilePrompt #import-help { color: $text-muted; }
    ImportFilePrompt #import-error { color: $error; height: 2; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", _("Cancel"), id="import_file.cancel")]

    class Read(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(_("Import a file into the pad"), style="bold"))
            yield Label(
                _("A CSV, text or Excel (.xlsx, .xls) file; text in UTF-8 or GBK. Enter reads it, Esc cancels."),
                id="import-help")
            yield TextInput(placeholder=_("Path of the file, e.g. ~/Downloads/order.xlsx"), id="import-path")
            yield Label("", id="import-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip().strip("\"'")
        if not path:
            self.query_one("#import-error", Label).update(_("Type the path of the file to import."))
            return
        self.query_one("#import-error", Label).update(Text(_("reading…"), style="dim"))
        self.read(path)

    @work(thread=True, exclusive=True, group="import-file", exit_on_error=False)
    def read(self, path: str) -> None:
        from b2bterm.quickorder.order_file import OrderFileError, read_order_file

        try:
            text = read_order_file(path)
        except OrderFileError as exc:
            self.post_message(self.Failed(_("Cannot import {problem}").format(problem=str(exc))))
            return
        self.post_message(self.Read(text))

    @on(Read)
    def _read(self, event: Read) -> None:
        self.dismiss(event.text)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#import-error", Label).update(Text(event.text, style="bold"))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
