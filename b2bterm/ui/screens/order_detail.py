"""One order: lines with shipped and backordered quantities, totals with tax, terms, its status history, and every
shipment with its tracking events. Copy a tracking number with one key; order the whole order, or the marked lines,
again into a new quick-order draft at today's prices.

The cached copy shows at once (a thread worker), the live one replaces it (an async worker); offline, the cached copy
stays with the time it was fetched.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from b2bterm import zone
from b2bterm.domain.models import InvoiceType, Order, Shipment
from b2bterm.services.gateway import PlatformError
from b2bterm.services.orders import OrderAnswer, ReorderResult, status_text
from b2bterm.ui.format import STATUS_STYLE
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outcome_text import platform_error_text
from b2bterm.ui.screens.base import ReportsFailedWorkers
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.footer import FitFooter
from b2bterm.ui.widgets.header import AppHeader
from b2bterm.ui.widgets.row_list import Column, RowList

if TYPE_CHECKING:
    pass

TEXT = {
    "loading": _("Loading order {number}…"),
    "as_of_live": _("live"),
    "as_of_cached": _("cached copy from {when} ({why})"),
    "no_lines": _("This order has no lines."),
    "no_shipments": _("Nothing shipped yet."),
    "no_events": _("No tracking events yet for this shipment."),
    "no_history": _("No status history."),
    "copied": _("Copied tracking number {number} to the clipboard."),
    "copied_terminal": _("Tracking number {number} was sent to the terminal's clipboard (OSC 52). If your terminal "
                         "does not take it, copy it from the line below."),
    "copy_by_hand": _("Tracking number: {number}"),
    "nothing_to_copy": _("This shipment has no tracking number."),
    "no_shipment": _("No shipment to copy a tracking number from."),
    "changed": _(", {n} priced differently from last time (marked)"),
    "unpriced": _(", {n} without a price now"),
    "in_quickorder": _(" It is open in Quick order."),
    "find_it": _(" Find it in Quick order (F3)."),
    "help": _("Space marks lines · R orders again (marked lines, or all) · C copies the tracking number · Esc back"),
}

INVOICE_LABELS = {InvoiceType.NORMAL: _("normal invoice 普通发票"),
                  InvoiceType.VAT_SPECIAL: _("VAT special invoice 增值税专用发票")}


def _local(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return zone.show(moment, fmt)  # in the profile's time zone


def shipment_state(s: Shipment) -> str:
    if s.delivered:
        return _("delivered")
    if s.events:
        newest = max(s.events, key=lambda e: e.at)
        return newest.description
    return _("no tracking yet")


class OrderDetailScreen(ReportsFailedWorkers, Screen[None]):
    DEFAULT_CSS = """
    OrderDetailScreen #od-head { height: auto; padding: 0 1; background: $panel; }
    OrderDetailScreen #od-lines { height: 3fr; min-height: 4; }
    OrderDetailScreen #od-totals { height: auto; padding: 0 1; background: $panel; }
    OrderDetailScreen #od-bottom { height: 2fr; min-height: 5; max-height: 16; }
    OrderDetailScreen #od-history {
        width: 46; max-width: 45%; padding: 0 1; border-right: solid $primary; overflow-y: auto;
    }
    OrderDetailScreen #od-shipments { height: 5; }
    OrderDetailScreen #od-events { height: 1fr; padding: 0 1; overflow-y: auto; }
    OrderDetailScreen #od-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="order.back"),
        Binding("space", "mark", _("Mark"), id="order.mark"),
        Binding("r", "reorder", _("Order again"), id="order.reorder"),
        Binding("c", "copy_tracking", _("Copy tracking no."), id="order.copy"),
        Binding("f5", "reload", _("Refresh"), id="order.refresh"),
        Binding("ctrl+r", "reload", show=False, id="order.refresh_alt"),
    ]

    class Loaded(Message):
        def __init__(self, answer: OrderAnswer | None, error: str = "") -> None:
            super().__init__()
            self.answer = answer
            self.error = error

    class Reordered(Message):
        def __init__(self, result: ReorderResult | None, error: str = "") -> None:
            super().__init__()
            self.result = result
            self.error = error

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.answer: OrderAnswer | None = None
        self.marked: set[int] = set()


    @property
    def order(self) -> Order | None:
        return self.answer.order if self.answer else None

    # --- layout ----------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader(id="app-header")
        yield Static(Text(TEXT["loading"].format(number=self.number)), id="od-head")
        # narrow terminals drop the name, then the extended amount: model, qty, shipped and price stay
        yield RowList([Column("✓", 1), Column("#", 3, "right"), Column(_("Model"), 22),
                       Column(_("Name"), min_width=12, drop=5), Column(_("Qty"), 7, "right"),
                       Column(_("Shipped"), 7, "right"), Column(_("Backord."), 8, "right", drop=3),
                       Column(_("Unit price"), 12, "right"), Column(_("Extended"), 14, "right", drop=4)],
                      empty_text=TEXT["no_lines"], id="od-lines")
        yield Static("", id="od-totals")
        with Horizontal(id="od-bottom"):
            yield Static("", id="od-history")
            with Vertical():
                yield RowList([Column(_("Carrier"), 22, drop=2), Column(_("Tracking no."), 20),
                               Column(_("Shipped"), 16, drop=3), Column(_("ETA"), 10, drop=1),
                               Column(_("Now"), min_width=12)], empty_text=TEXT["no_shipments"],
                              id="od-shipments")
                yield Static("", id="od-events")
        yield Static(TEXT["help"], id="od-status")
        yield FitFooter()

    def on_mount(self) -> None:
        self.app.refresh_header()  # type: ignore[attr-defined]
        self.query_one("#od-lines", RowList).focus()
        self.load_cached()
        self.load_live()

    # --- workers ---------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="order-cached", exit_on_error=False)
    def load_cached(self) -> None:
        answer = self.services.orders.local_order(self.number)
        if answer is not None:
            self.post_message(self.Loaded(answer))

    @work(exclusive=True, group="order-live", exit_on_error=False)
    async def load_live(self) -> None:
        try:
            answer = await self.services.orders.order(self.number)
        except PlatformError as exc:
            self.post_message(self.Loaded(None, platform_error_text(exc)))
            return
        self.post_message(self.Loaded(answer))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.answer is None:
            if self.answer is None:
                self.query_one("#od-head", Static).update(Text(event.error, style=tone("bold red")))
            else:
                self.notify(event.error, severity="warning")
            return
        if self.answer is not None and self.answer.live and not event.answer.live:
            return  # the cached copy arrived after the live one
        self.answer = event.answer
        self._show()

    # --- showing ---------------------------------------------------------------------------------------------------

    def _show(self) -> None:
        answer = self.answer
        if answer is None:
            return
        o = answer.order
        head = Text(no_wrap=False)
        head.append(f"{o.number}  ", style="bold")
        head.append(_(status_text(o.status)), style=tone(STATUS_STYLE.get(o.status, "bold")))
        head.append(_("  ·  placed ") + _local(o.placed_at), style="")
        head.append(_("  ·  PO ") + (o.po_number or "—"))
        head.append(_("  ·  account ") + o.account_id)
        if answer.live:
            head.append("  ·  " + TEXT["as_of_live"], style="dim")
        else:
            head.append("  ·  " + TEXT["as_of_cached"].format(when=_local(answer.fetched_at),
                                                           why=answer.note or _("not refreshed")), style=tone("yellow"))
        head.append("\n")
        head.append(_("Payment terms: "), style="dim")
        head.append(o.payment_terms or "—")
        head.append(_("  ·  Invoice: "), style="dim")
        head.append(INVOICE_LABELS.get(o.invoice_type, o.invoice_type.value))
        if o.requested_date:
            head.append(_("  ·  Wanted by: "), style="dim")
            head.append(o.requested_date.isoformat())
        if o.ship_to is not None:
            head.append(_("\nShip to: "), style="dim")
            head.append(f"{o.ship_to.name} · {o.ship_to.address}")
            if o.ship_to.contact or o.ship_to.phone:
                head.append(f" · {o.ship_to.contact} {o.ship_to.phone}".rstrip())
        if o.note:
            head.append(_("\nNote: "), style="dim")
            head.append(o.note)
        self.query_one("#od-head", Static).update(head)
        self._show_lines()
        totals = Text()
        totals.append(_("Net "), style="dim")
        totals.append(o.subtotal.format())
        rate = f" {o.tax.amount / o.subtotal.amount:.0%}" if o.subtotal.amount else ""
        totals.append(_("  ·  VAT{rate} ").format(rate=rate), style="dim")
        totals.append(o.tax.format())
        totals.append(_("  ·  Total incl. tax 含税 "), style="dim")
        totals.append(o.total.format(), style="bold")
        self.query_one("#od-totals", Static).update(totals)
        self._show_history(o)
        ships = sorted(o.shipments, key=lambda s: (s.shipped_at is None, s.shipped_at or datetime.min), reverse=True)
        shipments = self.query_one("#od-shipments", RowList)
        shipments.set_rows([self._shipment_row(s) for s in ships], [s.id for s in ships], keep_cursor=True)
        self._show_events()

    def _show_lines(self) -> None:
        o = self.order
        if o is None:
            return
        rows = []
        for i, x in enumerate(o.lines):
            rows.append([
                Text("✓" if i in self.marked else " ", style=tone("bold green")), Text(str(i + 1), style="dim"),
                Text(x.model or x.sku, style="bold"), Text(x.name),
                Text(f"{x.qty:,}"), Text(f"{x.qty_shipped:,}", style=tone("green") if x.qty_shipped >= x.qty else ""),
                Text(f"{x.qty_backordered:,}" if x.qty_backordered else "", style=tone("bold red")),
                Text(x.unit_price.format()), Text(x.extended.format())])
        self.query_one("#od-lines", RowList).set_rows(rows, list(range(len(rows))), keep_cursor=True)

    def _show_history(self, o: Order) -> None:
        text = Text(_("Status history") + "\n", style="bold")
        if not o.history:
            text.append(TEXT["no_history"], style="dim italic")
        for h in sorted(o.history, key=lambda h: h.at, reverse=True):
            text.append(_local(h.at) + "  ", style="dim")
            text.append(_(status_text(h.status)), style=tone(STATUS_STYLE.get(h.status, "")))
            text.append("\n")
            if h.note:
                text.append("    " + h.note + "\n", style="dim")
        self.query_one("#od-history", Static).update(text)

    @staticmethod
    def _shipment_row(s: Shipment) -> list[Text]:
        return [Text(s.carrier or _("unknown carrier"), style="" if s.carrier else "dim italic"),
                Text(s.tracking_number or "—", style="bold"), Text(_local(s.shipped_at)),
                Text(s.eta.isoformat() if s.eta else "—"),
                Text(shipment_state(s), style=tone("green") if s.delivered else "")]

    def _current_shipment(self) -> Shipment | None:
        o = self.order
        if o is None or not o.shipments:
            return None
        key = self.query_one("#od-shipments", RowList).current_key
        return next((s for s in o.shipments if s.id == key), o.shipments[0])

    def _show_events(self) -> None:
        s = self._current_shipment()
        text = Text(overflow="fold")  # a long tracking URL folds inside the pane instead of running past it
        if s is None:
            self.query_one("#od-events", Static).update(text)
            return
        text.append(f"{s.carrier or _('unknown carrier')} {s.tracking_number}", style="bold")
        if s.tracking_url:
            text.append("\n")
            text.append(s.tracking_url, style=f"underline link {s.tracking_url}")
        text.append("\n")
        if not s.events:
            text.append(TEXT["no_events"], style="dim italic")
        for e in sorted(s.events, key=lambda e: e.at, reverse=True):
            text.append(_local(e.at) + "  ", style="dim")
            if e.place:
                text.append(e.place + "  ", style=tone("cyan"))
            text.append(e.description + "\n")
        self.query_one("#od-events", Static).update(text)

    @on(RowList.Highlighted, "#od-shipments")
    def _shipment_highlighted(self) -> None:
        self._show_events()

    # --- actions ---------------------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load_live()

    def action_mark(self) -> None:
        lines = self.query_one("#od-lines", RowList)
        if self.order is None or not lines.rows:
            return
        index = lines.cursor
        self.marked ^= {index}
        self._show_lines()
        lines.cursor = min(index + 1, len(lines.rows) - 1)
        self.query_one("#od-status", Static).update(
            Text(ngettext("{n} line marked: R orders it again", "{n} lines marked: R orders them again",
                                   len(self.marked)).format(n=len(self.marked)) if self.marked else TEXT["help"]))

    def action_copy_tracking(self) -> None:
        s = self._current_shipment()
        if s is None:
            self.notify(TEXT["no_shipment"], severity="warning")
            return
        if not s.tracking_number:
            self.notify(TEXT["nothing_to_copy"], severity="warning")
            return
        self.app.copy_to_clipboard(s.tracking_number)  # OSC 52: the terminal's clipboard, also over SSH
        self.copy_to_system(s.tracking_number)

    @work(thread=True, group="order-copy", exit_on_error=False)
    def copy_to_system(self, number: str) -> None:
        from b2bterm.ui.clipboard import copy_with_system_tool, system_tool

        if copy_with_system_tool(number, system_tool()):
            self.app.call_from_thread(self.notify, TEXT["copied"].format(number=number))
            return
        # unsure whether the terminal took it: say so, and show the number where it can be selected by hand
        self.app.call_from_thread(self.notify, TEXT["copied_terminal"].format(number=number), timeout=10)
        self.app.call_from_thread(self.query_one("#od-status", Static).update,
                                  Text(TEXT["copy_by_hand"].format(number=number), style="bold"))

    def action_reorder(self) -> None:
        if self.order is not None:
            self.reorder(self.order, sorted(self.marked))

    @work(exclusive=True, group="order-reorder", exit_on_error=False)
    async def reorder(self, order: Order, indexes: list[int]) -> None:
        try:
            result = await self.services.orders.reorder(order, indexes or None)
        except (PlatformError, ValueError) as exc:
            text = platform_error_text(exc) if isinstance(exc, PlatformError) else str(exc)
            self.post_message(self.Reordered(None, text))
            return
        self.post_message(self.Reordered(result))

    @on(Reordered)
    async def _reordered(self, event: Reordered) -> None:
        result = event.result
        if result is None:
            self.notify(event.error, severity="error")
            return
        extra = TEXT["changed"].format(n=result.changed) if result.changed else ""
        if result.unpriced:
            extra += TEXT["unpriced"].format(n=result.unpriced)
        text = ngettext("Draft #{id}: {n} line of {number} at today's prices{changed}.",
                        "Draft #{id}: {n} lines of {number} at today's prices{changed}.",
                        len(result.lines)).format(id=result.draft_id, n=len(result.lines), number=result.order_number,
                                        changed=extra)
        self.marked.clear()
        self._show_lines()
        app = self.app
        account = self.services.account
        same_account = account is not None and self.order is not None and account.id == self.order.account_id
        if "quickorder" in getattr(app, "sections", {}) and same_account:
            await app.switch_mode("quickorder")
            screen = app.screen
            opener = getattr(screen, "open_draft", None)
            if callable(opener):
                opener(result.draft_id)
            app.refresh_header()  # type: ignore[attr-defined]
            app.notify(text + TEXT["in_quickorder"], timeout=10)
        else:
            self.notify(text + TEXT["find_it"], timeout=10)
