"""Requisition lists: name the pad's lines as a list, and pick a saved list (Enter fills the pad, Delete removes)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label

from b2bterm import zone
from b2bterm.domain.lists import MAX_NAME, ListSummary
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.widgets.text_input import TextInput


class ListNamePrompt(Dialog[str | None]):
    """Ask for the name to save the pad's lines under (a list of that name is replaced)."""

    DEFAULT_CSS = """
    ListNamePrompt > Vertical { width: 70; height: 9; }
    ListNamePrompt #list-name-help { color: $text-muted; }
    ListNamePrompt #list-name-error { color: $error; height: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", _("Cancel"), id="list_name.cancel")]

    def __init__(self, lines: int, name: str = "") -> None:
        super().__init__()
        self.lines = lines
        self.name_value = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(ngettext("Save the pad's {n} line as a list", "Save the pad's {n} lines as a list",
                                       self.lines).format(n=self.lines), style="bold"))
            yield Label(_("A list with the same name is replaced. Enter saves, Esc cancels."), id="list-name-help")
            yield TextInput(self.name_value, placeholder=_("List name, e.g. Monthly maintenance"), max_length=MAX_NAME,
                        id="list-name")
            yield Label("", id="list-name-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#list-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not name:
            self.query_one("#list-name-error", Label).update(_("Give the list a name."))
            return
        self.dismiss(name)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ListPicker(Dialog[int | None]):
    """The account's saved lists: Enter dismisses with the list's id, Delete removes the highlighted list."""

    DEFAULT_CSS = """
    ListPicker > Vertical { width: 90; max-width: 95%; height: 18; }
    ListPicker #lists-title { text-style: bold; }
    ListPicker #lists-help { color: $text-muted; }
    ListPicker #lists-status { height: 1; }
    ListPicker RowList { height: 1fr; }
    """
    BINDINGS = [
        Binding("delete", "delete_list", _("Delete list"), id="lists.delete"),
        Binding("escape", "dismiss_none", _("Cancel"), id="lists.cancel"),
    ]

    class Loaded(Message):
        def __init__(self, lists: list[ListSummary], note: str = "") -> None:
            super().__init__()
            self.lists = lists
            self.note = note

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, account_id: str, account: str) -> None:
        super().__init__()
        self.account_id = account_id
        self.account = account
        self.lists: list[ListSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(_("Saved lists of "))
            title.append(self.account, style="bold")
            yield Label(title, id="lists-title")
            yield Label(_("↑↓ to move, Enter fills the pad with the list, Delete removes it, Esc to cancel."),
                        id="lists-help")
            yield RowList([Column(_("Saved list"), 40), Column(_("Items"), 6, "right"), Column(_("Saved"), 16)],
                          empty_text=_("No saved lists for this account: save the pad's lines with Ctrl+L."),
                          id="lists-list")
            yield Label("", id="lists-status")

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="lists", exit_on_error=False)
    def load(self, delete: int | None = None, note: str = "") -> None:
        try:
            if delete is not None:
                self.services.lists.delete(delete)
            self.post_message(self.Loaded(self.services.lists.lists(self.account_id), note))
        except Exception as exc:  # shown in the modal; the lists are unchanged
            self.post_message(self.Failed(str(exc) or exc.__class__.__name__))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.lists = event.lists
        rows = [[Text(x.name, style="bold"), Text(str(x.items), justify="right"),
                 Text(zone.show(x.updated_at))] for x in self.lists]
        self.query_one(RowList).set_rows(rows, [x.id for x in self.lists], keep_cursor=True)
        self.query_one("#lists-status", Label).update(Text(event.note, style=tone("green")))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#lists-status", Label).update(Text(event.text, style=tone("bold red")))

    def action_delete_list(self) -> None:
        key = self.query_one(RowList).current_key
        chosen = next((x for x in self.lists if x.id == key), None)
        if chosen is not None:
            self.load(chosen.id, _("List “{name}” deleted.").format(name=chosen.name))

    @on(RowList.Chosen, "#lists-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        if event.key in {x.id for x in self.lists}:
            self.dismiss(int(event.key))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class FillChoice(Dialog[str | None]):
    """A saved list is opened onto a pad that already has lines: replace them, or add the list to them?
    Dismisses with "replace", "add" or None (Esc: nothing changes)."""

    DEFAULT_CSS = """
    FillChoice > Vertical { width: 76; height: 9; }
    FillChoice #fill-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("r", "choose('replace')", _("Replace the pad"), id="list_fill.replace"),
        Binding("a", "choose('add')", _("Add to the pad"), id="list_fill.add"),
        Binding("escape", "choose('')", _("Cancel"), id="list_fill.cancel"),
    ]

    def __init__(self, name: str, items: int, lines: int) -> None:
        super().__init__()
        self.list_name = name
        self.items = items
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(_("Open the list “{name}” ({items} items)").format(name=self.list_name,
                                                                             items=self.items), style="bold"))
            yield Label(_("The pad already has {n} lines.").format(n=self.lines))
            yield Label(Text(_("R  replace them with the list (Ctrl+Z brings them back)")))
            yield Label(Text(_("A  add the list to them (the same product adds to its line's quantity)")))
            yield Label(_("Esc cancels: nothing changes."), id="fill-help")

    def action_choose(self, what: str) -> None:
        self.dismiss(what or None)
