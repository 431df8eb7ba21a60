"""Pick the customer account staff are acting for: search by name, code or phone."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from b2bterm.domain.models import Account
from b2bterm.services.gateway import PlatformError
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outcome_text import platform_error_text
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.text_input import TextInput


class AccountPicker(Dialog[Account | None]):
    DEFAULT_CSS = """
    AccountPicker > Vertical { width: 90; max-width: 95%; height: 24; }
    AccountPicker #account-status { color: $text-muted; height: 1; }
    AccountPicker OptionList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", _("Cancel"), id="account_picker.cancel"),
        Binding("down", "focus_list", show=False, id="account_picker.down"),
    ]

    class Loaded(Message):
        def __init__(self, query: str, accounts: list[Account]) -> None:
            super().__init__()
            self.query = query
            self.accounts = accounts

    def __init__(self) -> None:
        super().__init__()
        self._accounts: list[Account] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Act for which customer? Type a name, code or phone."))
            yield TextInput(placeholder=_("name / code / phone"), id="account-query")
            yield Label("", id="account-status")
            yield OptionList(id="account-list")

    def on_mount(self) -> None:
        self.load("")

    @on(Input.Changed, "#account-query")
    def _changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#account-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if self._accounts:
            index = options.highlighted if options.highlighted is not None else 0
            self.dismiss(self._accounts[index])

    @work(exclusive=True, group="account-search", exit_on_error=False)
    async def load(self, query: str) -> None:
        desk = self.services
        try:
            accounts = await desk.search_accounts(query.strip(), limit=50)
        except PlatformError as exc:
            self.query_one("#account-status", Label).update(Text(platform_error_text(exc)))
            return
        self.post_message(self.Loaded(query, accounts))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self._accounts = event.accounts
        options = self.query_one(OptionList)
        options.clear_options()
        for account in event.accounts:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f"{account.code:<8} ", style="bold")
            label.append(account.name_zh or account.name)
            label.append(f"  {account.group}  {account.phone}", style="dim")
            if account.name_zh and account.name:  # last: at 80 columns the English name is what gives way
                label.append(f"  {account.name}", style="dim")
            options.add_option(Option(label, id=account.id))
        if event.accounts:
            options.highlighted = 0
        status = ngettext("{n} account", "{n} accounts", len(event.accounts)).format(
            n=len(event.accounts)) if event.accounts else _("No account matches.")
        self.query_one("#account-status", Label).update(status)

    @on(OptionList.OptionSelected, "#account-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._accounts[event.option_index])

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
