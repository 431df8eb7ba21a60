"""Buy again, requisition lists and file import: lines that come from somewhere else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work

from b2bterm.domain.models import LineStatus, NewLine
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.screens.quickorder.base import QuickOrderBase
from b2bterm.ui.screens.quickorder.view import TEXT, changes_note, last_changed
from b2bterm.ui.tones import tone

if TYPE_CHECKING:
    from b2bterm.services.orders import FrequentItem


class ListActions(QuickOrderBase):
    """Buy again, requisition lists and file import: lines that come from somewhere else."""

    def _account_label(self) -> str:
        account = self.services.account
        return f"{account.display_name} ({account.code})" if account else ""

    def action_buy_again(self) -> None:
        account = self.services.account
        if account is None or not self._can_edit():
            return
        self._status(_("reading what {account} buys most often…").format(account=account.code))
        self.load_buy_again(account.id)

    @work(exclusive=True, group="qo-again", exit_on_error=False)
    async def load_buy_again(self, account_id: str) -> None:
        try:
            items = await self.services.orders.buy_again(account_id)
        except Exception as exc:  # nothing changes on the pad
            self.post_message(self.EditFailed(_("Cannot read the order history: {err}").format(
                err=getattr(exc, "message", None) or exc)))
            return
        self.post_message(self.BuyAgainLoaded(account_id, items))

    @on(QuickOrderBase.BuyAgainLoaded)
    def _buy_again_loaded(self, event: QuickOrderBase.BuyAgainLoaded) -> None:
        from b2bterm.ui.screens.buy_again import BuyAgainPicker

        if self.services.account is None or self.services.account.id != event.account_id:
            return  # the account changed meanwhile
        self._status(ngettext("{n} item bought before.", "{n} items bought before.", len(event.items)).format(
            n=len(event.items)))

        def chosen(items: list[FrequentItem] | None) -> None:
            self.action_focus_prompt()
            if items and self._can_edit():
                self._status(TEXT["saving"])
                self.add_again(event.account_id, items)

        self.app.push_screen(BuyAgainPicker(self._account_label(), event.items), chosen)

    @work(group="qo-edit", exit_on_error=False)
    async def add_again(self, account_id: str, items: list[FrequentItem]) -> None:
        """Add items bought before at their usual quantity; a line whose price today differs from the last one paid
        says so (the same wording as a reorder)."""
        import asyncio

        when = {x.sku: x.last_date.isoformat() for x in items}
        try:
            lines, new, _live = await self.services.orders.priced_lines(
                account_id, [(x.sku, x.model, x.name, x.last_qty, x.last_price) for x in items], when.__getitem__)
        except Exception as exc:  # nothing changes on the pad
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        changed = sum(1 for x in lines if x.changed)
        note = _("{n} items added again, {changed} at a different price today").format(n=len(new), changed=changed)

        def describe(pad: OrderPad, result: AddResult) -> str:
            return note + changes_note(pad, result) + _(" — saved")

        await asyncio.to_thread(self._edit, "", lambda pad: pad.add_lines(new, merge=self.services.merge_repeated),
                                create=True, describe=describe, focus=last_changed)

    def action_save_list(self) -> None:
        from b2bterm.ui.screens.lists import ListNamePrompt

        account = self.services.account
        if account is None or not self._can_edit():
            return
        rows = [r for r in self.rows if r.qty >= 1]
        if self.pad is None or not rows:
            self._status(Text(TEXT["nothing"], style=tone("yellow")))
            return

        def named(name: str | None) -> None:
            self.action_focus_prompt()
            if name:
                self._status(_("saving the list…"))
                self.save_list(account.id, name, rows)

        self.app.push_screen(ListNamePrompt(len(rows)), named)

    @work(thread=True, group="qo-lists", exit_on_error=False)
    def save_list(self, account_id: str, name: str, rows: list[PadRow]) -> None:
        from b2bterm.domain.lists import ListItem

        items = [ListItem(r.model or r.input, r.qty, r.sku) if r.status is LineStatus.RESOLVED and r.sku
                 else ListItem(r.input, r.qty) for r in rows]
        try:
            saved = self.services.lists.save(account_id, name, items)
        except Exception as exc:  # the pad is unchanged
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        self.post_message(self.Noted(ngettext(
            "List “{name}” saved ({n} item); Ctrl+O fills a pad with it.",
            "List “{name}” saved ({n} items); Ctrl+O fills a pad with it.", len(saved.items)).format(
            name=saved.name, n=len(saved.items))))

    @on(QuickOrderBase.Noted)
    def _noted(self, event: QuickOrderBase.Noted) -> None:
        self._status(Text(event.text, style=tone("green")))

    def action_open_list(self) -> None:
        from b2bterm.ui.screens.lists import ListPicker

        account = self.services.account
        if account is None or not self._can_edit():
            return

        def picked(list_id: int | None) -> None:
            self.action_focus_prompt()
            if list_id is not None and self._can_edit():
                self.ask_how_to_fill(list_id)

        self.app.push_screen(ListPicker(account.id, self._account_label()), picked)

    @work(thread=True, group="qo-lists", exit_on_error=False)
    def ask_how_to_fill(self, list_id: int) -> None:
        """Read the list; an empty pad is filled at once, a pad with lines asks: replace them or add to them?"""
        try:
            saved = self.services.lists.load(list_id)
        except Exception as exc:  # the pad is unchanged
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        self.post_message(self.ListChosen(list_id, saved.name, len(saved.items)))

    @on(QuickOrderBase.ListChosen)
    def _list_chosen(self, event: QuickOrderBase.ListChosen) -> None:
        from b2bterm.ui.screens.lists import FillChoice

        on_pad = len(self.rows) if self.pad is not None else 0
        if not on_pad:
            self._status(TEXT["saving"])
            self.fill_from_list(event.list_id, replace=False)
            return

        def chosen(what: str | None) -> None:
            self.action_focus_prompt()
            if what is None:
                self._status(_("The list was not opened; the pad is unchanged."))
            elif self._can_edit():
                self._status(TEXT["saving"])
                self.fill_from_list(event.list_id, replace=what == "replace")

        self.app.push_screen(FillChoice(event.name, event.items, on_pad), chosen)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def fill_from_list(self, list_id: int, *, replace: bool = False) -> None:
        try:
            saved = self.services.lists.load(list_id)
            known = self.services.catalog.products([x.sku for x in saved.items if x.sku])
        except Exception as exc:  # the pad is unchanged
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        new = [NewLine(input=x.input, qty=x.qty, sku=x.sku, status=LineStatus.RESOLVED) if x.sku in known
               else NewLine(input=x.input, qty=x.qty, status=LineStatus.UNKNOWN) for x in saved.items]

        def change(pad: OrderPad) -> AddResult:
            return pad.replace_lines(new) if replace else pad.add_lines(new, merge=self.services.merge_repeated)

        def describe(pad: OrderPad, result: AddResult) -> str:
            if replace:
                return _("The pad now holds the list “{name}” ({n} lines); its {old} lines were replaced "
                         "(Ctrl+Z brings them back) — saved").format(name=saved.name, n=len(new),
                                                                     old=len(result.replaced))
            note = _("The list “{name}” was added to the pad: {added} new lines").format(
                name=saved.name, added=len(result.added))
            return note + changes_note(pad, result) + _(" — saved")

        self._edit("", change, create=True, describe=describe, focus=last_changed)

    def action_import_file(self) -> None:
        from b2bterm.ui.screens.import_file import ImportFilePrompt

        if not self._can_edit():
            return

        def read(text: str | None) -> None:
            self.action_focus_prompt()
            if text:
                self._add_paste(text)  # the same path as a paste: one transaction, lines set aside shown

        self.app.push_screen(ImportFilePrompt(), read)

    # --- submit ----------------------------------------------------------------------------------------------------
