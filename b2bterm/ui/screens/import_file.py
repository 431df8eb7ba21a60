"""Import a file into the pad: ask for its path, read it (UTF-8, else GB18030; an Excel workbook's order sheet as
CSV) and hand its text back.

The file is read in a thread worker; a problem (no such file, a folder, a binary workbook) is shown in the modal
with the path kept, so the user can fix it and press Enter again. A workbook of several sheets lists them, each with
the order lines found in it, the one that looks like the order highlighted: Enter imports the highlighted sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outcome_text import order_file_text
from b2bterm.ui.screens.dialog import Dialog

if TYPE_CHECKING:
    from b2bterm.quickorder.workbook import SheetInfo
from b2bterm.ui.widgets.text_input import TextInput


class ImportFilePrompt(Dialog[str | None]):
    """Dismisses with the file's text, or None on Escape."""

    DEFAULT_CSS = """
    ImportFilePrompt > Vertical { width: 100; max-width: 95%; height: auto; max-height: 90%; }
    ImportFilePrompt #import-help { color: $text-muted; }
    ImportFilePrompt #import-error { color: $error; height: auto; min-height: 1; }
    ImportFilePrompt #import-sheets { height: auto; max-height: 12; display: none; }
    ImportFilePrompt #import-sheets.shown { display: block; }
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

    class Sheets(Message):
        """The workbook has several sheets: the user picks one (``best`` looks like the order)."""

        def __init__(self, path: str, sheets: list[SheetInfo], best: int) -> None:
            super().__init__()
            self.path = path
            self.sheets = sheets
            self.best = best

    def __init__(self) -> None:
        super().__init__()
        self._path = ""  # the workbook whose sheets are listed
        self._names: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(_("Import a file into the pad"), style="bold"))
            yield Label(
                _("A CSV, text or Excel (.xlsx, .xls) file; text in UTF-8 or GBK. Enter reads it, Esc cancels."),
                id="import-help")
            yield TextInput(placeholder=_("Path of the file, e.g. ~/Downloads/order.xlsx"), id="import-path")
            yield Label("", id="import-error")
            yield OptionList(id="import-sheets")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip().strip("\"'")
        if not path:
            self.query_one("#import-error", Label).update(_("Type the path of the file to import."))
            return
        self.query_one("#import-sheets", OptionList).remove_class("shown")
        self.query_one("#import-error", Label).update(Text(_("reading…"), style="dim"))
        self.read(path)

    @work(thread=True, exclusive=True, group="import-file", exit_on_error=False)
    def read(self, path: str, sheet: str | None = None) -> None:
        from b2bterm.quickorder.order_file import OrderFileError, order_file_sheets, read_order_file

        try:
            if sheet is None:
                found = order_file_sheets(path)
                if found is not None:
                    self.post_message(self.Sheets(path, *found))
                    return
            text = read_order_file(path, sheet=sheet)
        except OrderFileError as exc:
            self.post_message(self.Failed(_("Cannot import {problem}").format(problem=order_file_text(exc))))
            return
        self.post_message(self.Read(text))

    @on(Sheets)
    def _sheets(self, event: Sheets) -> None:
        self._path = event.path
        self._names = [info.name for info in event.sheets]
        self.query_one("#import-error", Label).update(
            Text(_("The workbook has {n} sheets: choose the one with the order (Enter).").format(n=len(event.sheets)),
                 style="bold"))
        listing = self.query_one("#import-sheets", OptionList)
        listing.clear_options()
        listing.add_options([Option(Text.assemble((info.name, "bold"), "  ", (ngettext(
            "{n} order line", "{n} order lines", info.lines).format(n=info.lines), "dim")), id=str(i))
            for i, info in enumerate(event.sheets)])
        listing.add_class("shown")
        listing.highlighted = event.best
        listing.focus()

    @on(OptionList.OptionSelected, "#import-sheets")
    def _sheet_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#import-error", Label).update(Text(_("reading…"), style="dim"))
        self.read(self._path, sheet=self._names[int(event.option.id or 0)])

    @on(Read)
    def _read(self, event: Read) -> None:
        self.dismiss(event.text)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#import-error", Label).update(Text(event.text, style="bold"))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
