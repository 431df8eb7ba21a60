"""Buy again: the account's most frequently bought items; mark some (Space) and Enter adds them to the pad."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from b2bterm.services.orders import FrequentItem
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList


class BuyAgainPicker(Dialog[list[FrequentItem] | None]):
    """Dismisses with the marked items (the highlighted one when none is marked), or None on Escape."""

    DEFAULT_CSS = """
    BuyAgainPicker > Vertical { width: 120; max-width: 95%; height: 24; max-height: 95%; }
    BuyAgainPicker #again-title { text-style: bold; }
    BuyAgainPicker #again-help { color: $text-muted; }
    BuyAgainPicker RowList { height: 1fr; }
    """
    BINDINGS = [
        Binding("space", "toggle", _("Mark"), id="buy_again.mark"),
        Binding("ctrl+a", "mark_all", _("Mark all"), id="buy_again.mark_all"),
        Binding("escape", "dismiss_none", _("Cancel"), id="buy_again.cancel"),
    ]

    def __init__(self, account: str, items: Sequence[FrequentItem]) -> None:
        super().__init__()
        self.account = account
        self.items = list(items)
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(_("Buy again — what "))
            title.append(self.account, style="bold")
            title.append(_(" buys most often"))
            yield Label(title, id="again-title")
            yield Label(_("↑↓ to move, Space to mark, Enter adds the marked items at their usual quantity, "
                          "Esc to cancel."), id="again-help")
            yield RowList([Column("", 2), Column(_("Model"), 20), Column(_("Name"), min_width=16),
                           Column(_("Orders"), 6, "right", drop=2),
                           Column(_("Last qty"), 8, "right"), Column(_("Last price"), 11, "right"),
                           Column(_("Last bought"), 11, drop=1)],
                          empty_text=_("No order history for this account yet."), id="again-list")

    def on_mount(self) -> None:
        self._show()
        self.query_one(RowList).focus()

    def _show(self) -> None:
        rows = []
        for item in self.items:
            mark = item.sku in self.marked
            rows.append([Text("✓" if mark else "", style=tone("bold green")),
                         Text(item.model or item.sku, style="bold"),
                         Text(item.name), Text(str(item.times), justify="right"),
                         Text(f"{item.last_qty:,}", justify="right"),
                         Text(item.last_price.format(), justify="right"), Text(item.last_date.isoformat())])
        self.query_one(RowList).set_rows(rows, [x.sku for x in self.items], keep_cursor=True)

    def action_toggle(self) -> None:
        listing = self.query_one(RowList)
        sku = listing.current_key
        if sku is None:
            return
        self.marked.symmetric_difference_update({sku})
        self._show()
        listing.cursor += 1

    def action_mark_all(self) -> None:
        everything = {x.sku for x in self.items}
        self.marked = set() if self.marked == everything else everything
        self._show()

    @on(RowList.Chosen, "#again-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        chosen = [x for x in self.items if x.sku in self.marked] or [x for x in self.items if x.sku == event.key]
        self.dismiss(chosen or None)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
