"""Where lines come from besides the prompt: what the account bought before (Ctrl+B), its saved lists (Ctrl+L saves,
Ctrl+O opens) and a file (Ctrl+T). A part the quick-order screen holds (``screen.sources``): it asks in dialogs,
reads through the services in workers of the screen, and hands the lines to the pad table as one edit."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual.app import App

from b2bterm.domain.models import LineStatus, NewLine
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow
from b2bterm.services.desk import Desk
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outcome_text import edit_error_text
from b2bterm.ui.screens.quickorder.lines_table import PadTable
from b2bterm.ui.screens.quickorder.view import TEXT, changes_note, last_changed
from b2bterm.ui.tones import tone

if TYPE_CHECKING:
    from b2bterm.services.orders import FrequentItem


class Host(Protocol):
    """What the sources use of the quick-order screen that holds them."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def services(self) -> Desk: ...
    @property
    def table(self) -> PadTable: ...
    @property
    def pad(self) -> OrderPad | None: ...
    @property
    def rows(self) -> list[PadRow]: ...
    def status(self, text: str | Text) -> None: ...
    def failed(self, text: str) -> None: ...
    def can_edit(self) -> bool: ...
    def add_paste(self, text: str) -> None: ...
    def action_focus_prompt(self) -> None: ...
    def call_later(self, callback: Any, *args: Any) -> bool: ...
    def run_worker(self, work: Any, *, thread: bool = ..., group: str = ..., exclusive: bool = ...,
                   exit_on_error: bool = ...) -> Any: ...


def _error(exc: Exception) -> str:
    return edit_error_text(exc)


class LineSources:
    """Buy again, requisition lists and file import for one quick-order screen."""

    def __init__(self, screen: Host) -> None:
        self.screen = screen

    @property
    def _account_label(self) -> str:
        account = self.screen.services.account
        return f"{account.display_name} ({account.code})" if account else ""

    def _failed(self, text: str) -> None:
        """From a worker thread: the pad is unchanged, say why."""
        self.screen.app.call_from_thread(self.screen.failed, text)

    # --- buy again -------------------------------------------------------------------------------------------------

    def buy_again(self) -> None:
        account = self.screen.services.account
        if account is None or not self.screen.can_edit():
            return
        self.screen.status(_("reading what {account} buys most often…").format(account=account.code))
        self.screen.run_worker(self._load_buy_again(account.id), exclusive=True, group="qo-again",
                               exit_on_error=False)

    async def _load_buy_again(self, account_id: str) -> None:
        screen = self.screen
        try:
            items = await screen.services.orders.buy_again(account_id)
        except Exception as exc:  # nothing changes on the pad
            screen.call_later(screen.failed, _("Cannot read the order history: {err}").format(
                err=getattr(exc, "message", None) or exc))
            return
        screen.call_later(self._show_buy_again, account_id, items)  # on the UI's turn, as a message would be

    def _show_buy_again(self, account_id: str, items: list[FrequentItem]) -> None:
        from b2bterm.ui.screens.buy_again import BuyAgainPicker

        screen = self.screen
        if screen.services.account is None or screen.services.account.id != account_id:
            return  # the account changed meanwhile
        screen.status(ngettext("{n} item bought before.", "{n} items bought before.", len(items)).format(
            n=len(items)))

        def chosen(picked: list[FrequentItem] | None) -> None:
            screen.action_focus_prompt()
            if picked and screen.can_edit():
                screen.status(TEXT["saving"])
                screen.run_worker(self._add_again(account_id, picked), group="qo-edit", exit_on_error=False)

        screen.app.push_screen(BuyAgainPicker(self._account_label, items), chosen)

    async def _add_again(self, account_id: str, items: list[FrequentItem]) -> None:
        """Add items bought before at their usual quantity; a line whose price today differs from the last one paid
        says so (the same wording as a reorder)."""
        screen = self.screen
        when = {x.sku: x.last_date.isoformat() for x in items}
        try:
            lines, new, _live = await screen.services.orders.priced_lines(
                account_id, [(x.sku, x.model, x.name, x.last_qty, x.last_price) for x in items], when.__getitem__)
        except Exception as exc:  # nothing changes on the pad
            screen.call_later(screen.failed, _error(exc))
            return
        changed = sum(1 for x in lines if x.changed)
        note = _("{n} items added again, {changed} at a different price today").format(n=len(new), changed=changed)

        def describe(pad: OrderPad, result: AddResult) -> str:
            return note + changes_note(pad, result) + _(" — saved")

        merge = screen.services.merge_repeated
        await asyncio.to_thread(screen.table.run_edit, "", lambda pad: pad.add_lines(new, merge=merge),
                                create=True, describe=describe, focus=last_changed)

    # --- requisition lists -----------------------------------------------------------------------------------------

    def save_list(self) -> None:
        from b2bterm.ui.screens.lists import ListNamePrompt

        screen = self.screen
        account = screen.services.account
        if account is None or not screen.can_edit():
            return
        rows = [r for r in screen.rows if r.qty >= 1]
        if screen.pad is None or not rows:
            screen.status(Text(TEXT["nothing"], style=tone("yellow")))
            return

        def named(name: str | None) -> None:
            screen.action_focus_prompt()
            if name:
                screen.status(_("saving the list…"))
                screen.run_worker(lambda: self._save_list(account.id, name, rows), thread=True, group="qo-lists",
                                  exit_on_error=False)

        screen.app.push_screen(ListNamePrompt(len(rows)), named)

    def _save_list(self, account_id: str, name: str, rows: list[PadRow]) -> None:
        from b2bterm.domain.lists import ListItem

        items = [ListItem(r.model or r.input, r.qty, r.sku) if r.status is LineStatus.RESOLVED and r.sku
                 else ListItem(r.input, r.qty) for r in rows]
        try:
            saved = self.screen.services.lists.save(account_id, name, items)
        except Exception as exc:  # the pad is unchanged
            self._failed(_error(exc))
            return
        said = ngettext("List “{name}” saved ({n} item); Ctrl+O fills a pad with it.",
                        "List “{name}” saved ({n} items); Ctrl+O fills a pad with it.", len(saved.items)).format(
            name=saved.name, n=len(saved.items))
        self.screen.app.call_from_thread(self.screen.status, Text(said, style=tone("green")))

    def open_list(self) -> None:
        from b2bterm.ui.screens.lists import ListPicker

        screen = self.screen
        account = screen.services.account
        if account is None or not screen.can_edit():
            return

        def picked(list_id: int | None) -> None:
            screen.action_focus_prompt()
            if list_id is not None and screen.can_edit():
                screen.run_worker(lambda: self._ask_how_to_fill(list_id), thread=True, group="qo-lists",
                                  exit_on_error=False)

        screen.app.push_screen(ListPicker(account.id, self._account_label), picked)

    def _ask_how_to_fill(self, list_id: int) -> None:
        """Read the list; an empty pad is filled at once, a pad with lines asks: replace them or add to them?"""
        try:
            saved = self.screen.services.lists.load(list_id)
        except Exception as exc:  # the pad is unchanged
            self._failed(_error(exc))
            return
        self.screen.app.call_from_thread(self._list_chosen, list_id, saved.name, len(saved.items))

    def _list_chosen(self, list_id: int, name: str, items: int) -> None:
        from b2bterm.ui.screens.lists import FillChoice

        screen = self.screen
        on_pad = len(screen.rows) if screen.pad is not None else 0
        if not on_pad:
            screen.status(TEXT["saving"])
            self._fill(list_id, replace=False)
            return

        def chosen(what: str | None) -> None:
            screen.action_focus_prompt()
            if what is None:
                screen.status(_("The list was not opened; the pad is unchanged."))
            elif screen.can_edit():
                screen.status(TEXT["saving"])
                self._fill(list_id, replace=what == "replace")

        screen.app.push_screen(FillChoice(name, items, on_pad), chosen)

    def _fill(self, list_id: int, *, replace: bool) -> None:
        self.screen.run_worker(lambda: self._fill_from_list(list_id, replace=replace), thread=True, group="qo-edit",
                               exit_on_error=False)

    def _fill_from_list(self, list_id: int, *, replace: bool) -> None:
        services = self.screen.services
        try:
            saved = services.lists.load(list_id)
            known = services.catalog.products([x.sku for x in saved.items if x.sku])
        except Exception as exc:  # the pad is unchanged
            self._failed(_error(exc))
            return
        new = [NewLine(input=x.input, qty=x.qty, sku=x.sku, status=LineStatus.RESOLVED) if x.sku in known
               else NewLine(input=x.input, qty=x.qty, status=LineStatus.UNKNOWN) for x in saved.items]

        def change(pad: OrderPad) -> AddResult:
            return pad.replace_lines(new) if replace else pad.add_lines(new, merge=services.merge_repeated)

        def describe(pad: OrderPad, result: AddResult) -> str:
            if replace:
                return _("The pad now holds the list “{name}” ({n} lines); its {old} lines were replaced "
                         "(Ctrl+Z brings them back) — saved").format(name=saved.name, n=len(new),
                                                                     old=len(result.replaced))
            note = _("The list “{name}” was added to the pad: {added} new lines").format(
                name=saved.name, added=len(result.added))
            return note + changes_note(pad, result) + _(" — saved")

        self.screen.table.run_edit("", change, create=True, describe=describe, focus=last_changed)

    # --- a file ----------------------------------------------------------------------------------------------------

    def import_file(self) -> None:
        from b2bterm.ui.screens.import_file import ImportFilePrompt

        screen = self.screen
        if not screen.can_edit():
            return

        def read(text: str | None) -> None:
            screen.action_focus_prompt()
            if text:
                screen.add_paste(text)  # the same path as a paste: one transaction, lines set aside shown

        screen.app.push_screen(ImportFilePrompt(), read)


