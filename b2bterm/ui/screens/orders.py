"""Orders: every order of the account (or of every account), filtered as you type, refreshed in the background.

The list shows the local order cache at once (a thread worker) and pages the platform into it behind (an async
worker), re-reading the cache as pages arrive; 10,000 orders scroll in a line-rendered RowList. Filters run on the
cache; "contains SKU/model" also asks the platform, which knows the lines of orders never opened here. Every few
minutes (and on F5) the list is refreshed and the orders the user has opened are re-read: a change of status or a new
shipment is told in a notification. Enter opens the order (lines, totals, history, shipments and tracking).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from b2bterm import clock, zone
from b2bterm.domain.order_filter import OrderFilter, parse_filter
from b2bterm.made_on_read import MadeOnRead
from b2bterm.services.gateway import Capability, PlatformError
from b2bterm.services.orders import (
    CachedSummary,
    Insight,
    OrderChange,
    OrderWindow,
    SummaryRows,
    shipped_state,
    status_text,
)
from b2bterm.ui.format import STATUS_STYLE
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.outcome_text import change_text, filter_problem_text, platform_error_text
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.repaint import update_in_place
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.widgets.spend_chart import SpendChart, compact
from b2bterm.ui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from b2bterm.services.orders import Listing, OrderBook

REFRESH_SECONDS = 180.0

TEXT = {
    "placeholder": _("Filter: order or PO no. · status:shipped since:2026-01 until:2026-03 sku:LC1D09M7 bo"),
    "empty": _("No orders cached yet for this view. They are being fetched (F5 refreshes)."),
    "none": _("No order matches. Clear the filter with Esc."),
    "scope_account": _("Orders of {name}"),
    "scope_all": _("Orders of every account"),
    "as_of": _("refreshed {when}"),
    "never": _("never refreshed"),
    "fetching": _("fetching {done:,} of {total} orders…"),
    "offline": _("Offline: showing the cached orders ({when}). {err}"),
    "platform_search": _("searched the platform for orders containing {what}"),
    "local_search": _("orders containing {what}: only orders opened before are known offline"),
    "no_account": _("No account chosen (F7): showing every account's orders."),
    "insight_title": _("Spend per month, incl. tax (含税), last {n} months · total {total}"),
    "insight_wait": _("Working out the spend per month…"),
    "insight_none": _("Choose an account (F7) to see its spend and top items."),
    "top_items": _("Top items by net spend ({read} of {orders} orders read)"),
    "unsupported": _("This platform does not list orders."),
}


def model_filter(f: OrderFilter) -> OrderFilter | None:
    """For a filter of plain words with one that looks like a model number (letters and digits, ``LC1D09M7``,
    ``3RT2015-1BB41``), the same filter asking for orders with that item; None otherwise."""
    if f.contains:
        return None
    for word in f.words:
        if len(word) >= 4 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return replace(f, contains=word, words=tuple(w for w in f.words if w != word))
    return None


def when_text(moment: datetime | None) -> str:
    if moment is None:
        return TEXT["never"]
    local = zone.local(moment)
    age = (clock.now() - local).total_seconds()
    if age < 60:
        return TEXT["as_of"].format(when=_("just now"))
    if age < 86400:
        return TEXT["as_of"].format(when=local.strftime("%H:%M"))
    return TEXT["as_of"].format(when=local.strftime("%Y-%m-%d %H:%M"))


class OrderRows(MadeOnRead[Sequence[Text]]):
    """The list's rows, each built the first time it is drawn from the listing, which reads its summaries a page at
    a time (services.orders.OrderWindow): opening or filtering 20,000 orders builds nothing but this object."""

    __slots__ = ("_listed", "_with_account")

    def __init__(self, listed: Sequence[CachedSummary], *, with_account: bool) -> None:
        super().__init__()
        self._listed = listed
        self._with_account = with_account

    def __len__(self) -> int:
        return len(self._listed)

    def _make(self, index: int) -> Sequence[Text]:
        try:
            return order_row(self._listed[index], with_account=self._with_account)
        except IndexError:  # the cache shrank since the list was counted; the next reload fixes it
            return [Text("")]


def listing_rows(listed: Sequence[CachedSummary], *, with_account: bool) -> OrderRows:
    """The list's rows, built when drawn: nothing is built or decoded for the rows off screen."""
    return OrderRows(listed, with_account=with_account)


def listing_numbers(listed: Sequence[CachedSummary]) -> Sequence[str]:
    """The rows' order numbers (read with their page when the list is a window, not all at once)."""
    if isinstance(listed, (SummaryRows, OrderWindow)):
        return listed.numbers
    return [c.summary.number for c in listed]


def order_row(c: CachedSummary, *, with_account: bool) -> list[Text]:
    s = c.summary
    state = shipped_state(s.line_count, s.shipped_lines, s.backordered, s.status)
    cells = [
        Text(s.number, style="bold"),
        Text(zone.show(s.placed_at, "%Y-%m-%d")),
        Text(s.po_number or "—", style="" if s.po_number else "dim"),
        Text(_(status_text(s.status)), style=tone(STATUS_STYLE.get(s.status, ""))),
        Text(s.total.format()),
        Text(str(s.line_count)),
        Text(_(state), style=tone("bold red") if s.backordered else ("dim" if state == "not shipped" else "")),
    ]
    if with_account:
        cells.append(Text(s.account_id, style="dim"))
    return cells


class OrdersScreen(SectionScreen):
    HELP_KEYS = (("Enter", N_("Open the order: lines, shipments, tracking")),)
    HELP_SYNTAX = N_("Filter: words match the order or PO number, or a model number the order holds; "
                     "status:shipped  since:2026-01  until:2026-03  po:4552  no:SO2608  sku:LC1D09M7  bo "
                     "(backordered).")
    SECTION_ID = "orders"
    SECTION_TITLE = "Orders"
    DEFAULT_CSS = """
    OrdersScreen #orders-filter { border: tall $primary; }
    OrdersScreen #orders-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    OrdersScreen #orders-list { height: 1fr; }
    OrdersScreen #orders-insight { height: auto; max-height: 24; border-top: solid $primary; display: none; }
    OrdersScreen #orders-insight.shown { display: block; }
    """
    BINDINGS = [
        Binding("escape", "clear", _("Clear"), id="orders.clear"),
        Binding("down", "to_list", show=False, id="orders.to_list"),
        Binding("f5", "refresh", _("Refresh"), id="orders.refresh"),
        Binding("ctrl+r", "refresh", show=False, id="orders.refresh_alt"),
        Binding("f8", "toggle_scope", _("This account / all"), id="orders.scope"),
        Binding("f9", "toggle_insight", _("Spend chart"), id="orders.insight"),
        Binding("ctrl+f", "focus_filter", _("Filter"), id="orders.filter"),
        Binding("ctrl+s", "export", _("Export .xlsx"), id="orders.export"),
    ]

    # --- messages from workers -----------------------------------------------------------------------------------

    class Listed(Message):
        def __init__(self, text: str, scope: str | None, listing: Listing, rows: OrderRows,
                     note: str = "") -> None:
            super().__init__()
            self.text = text
            self.scope = scope
            self.listing = listing
            self.rows = rows
            self.note = note

    class Progress(Message):
        def __init__(self, done: int, total: int | None, finished: bool = False, error: str = "") -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.finished = finished
            self.error = error

    class Changed(Message):
        def __init__(self, changes: list[OrderChange]) -> None:
            super().__init__()
            self.changes = changes

    class InsightReady(Message):
        def __init__(self, insight: Insight | None, error: str = "") -> None:
            super().__init__()
            self.insight = insight
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.all_accounts = False
        self._progress = ""
        self._problem = ""
        self._listing: Listing | None = None
        self._last_pages_shown = 0.0


    @property
    def book(self) -> OrderBook:
        return self.services.orders

    @property
    def scope(self) -> str | None:
        """The account whose orders are listed, or None for every account."""
        if self.all_accounts or self.services.account is None:
            return None
        return self.services.account.id

    # --- layout ----------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield TextInput(placeholder=TEXT["placeholder"], id="orders-filter")
        yield Static("", id="orders-status")
        yield RowList(self._columns(), empty_text=TEXT["empty"], id="orders-list")
        yield SpendChart("", id="orders-insight")
        yield from self.compose_footer()

    def _columns(self) -> list[Column]:
        # narrow terminals drop the PO number first: order, date, status, total, lines and shipping stay
        cols = [Column(_("Order"), 16), Column(_("Date"), 10, drop=2), Column(_("PO number"), 18, drop=3),
                Column(_("Status"), 14), Column(_("Total 含税"), 15, "right"), Column(_("Lines"), 5, "right"),
                Column(_("Shipping"), min_width=12)]
        if self.scope is None:
            cols.append(Column(_("Account"), 8))
        return cols

    def on_mount(self) -> None:
        self.query_one("#orders-filter", Input).focus()
        self.load_local()
        self.refresh_orders()
        self.set_interval(REFRESH_SECONDS, self.refresh_orders, name="orders-auto-refresh")

    def account_changed(self) -> None:
        """The app chose another account: list its orders and fetch them."""
        self.query_one("#orders-list", RowList).columns = self._columns()
        self.load_local()
        self.refresh_orders()
        if self.query_one("#orders-insight").has_class("shown"):
            self.load_insight()

    # --- reading the cache (thread) --------------------------------------------------------------------------------

    def _filter_text(self) -> str:
        return self.query_one("#orders-filter", Input).value

    def load_local(self, numbers: list[str] | None = None, note: str = "") -> None:
        """Re-read the cache for what the filter box says now (read here, on the UI thread, not in the worker)."""
        self._load_local(self._filter_text(), self.scope, numbers, note)

    @work(thread=True, exclusive=True, group="orders-local", exit_on_error=False)
    def _load_local(self, text: str, scope: str | None, numbers: list[str] | None, note: str) -> None:
        f, problems = parse_filter(text)
        by_model = model_filter(f)
        if numbers is not None and by_model is not None:
            f = by_model  # the platform's answer for a bare model number
        listing = self.book.local_orders(scope, f, numbers)
        if not listing.rows and numbers is None and by_model is not None:
            # no order or PO number has it: a bare model number finds the orders with that item (as sku: does)
            listing = self.book.local_orders(scope, by_model, None)
            f = by_model
        rows = listing_rows(listing.rows, with_account=scope is None)
        if problems:
            note = "; ".join(filter_problem_text(p) for p in problems)
        elif f.contains and numbers is None:
            note = TEXT["local_search"].format(what=f.contains)
        self.post_message(self.Listed(text, scope, listing, rows, note))

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        if event.text != self._filter_text() or event.scope != self.scope:
            return  # a stale answer; the newer one is on its way
        self._listing = event.listing
        rows = self.query_one("#orders-list", RowList)
        rows.columns = self._columns()
        rows.empty_text = TEXT["none"] if event.text.strip() else TEXT["empty"]
        rows.set_rows(event.rows, listing_numbers(event.listing.rows), keep_cursor=True)
        self._problem = event.note
        self._show_status()

    def _show_status(self) -> None:
        listing = self._listing
        text = Text()
        account = self.services.account
        if self.scope is None:
            text.append(TEXT["no_account"] if account is None else TEXT["scope_all"], style="bold")
        else:
            text.append(TEXT["scope_account"].format(name=f"{account.display_name} ({account.code})")
                        if account else "", style="bold")
        if listing is not None:
            text.append("  ·  " + ngettext("{shown:,} of {cached:,} cached order",
                                           "{shown:,} of {cached:,} cached orders", listing.cached).format(
                shown=len(listing.rows), cached=listing.cached))
            text.append("  ·  " + when_text(listing.sync.refreshed_at), style="dim")
        if self._progress:
            text.append("  ·  " + self._progress, style="italic")
        if self._problem:
            text.append("  ·  " + self._problem, style=tone("yellow"))
        # most keystrokes change a count in the status: a layout was most of what a keystroke cost
        update_in_place(self.query_one("#orders-status", Static), text)

    @on(Input.Changed, "#orders-filter")
    def _changed(self, event: Input.Changed) -> None:
        self.load_local()
        f, _problems = parse_filter(event.value)
        by_model = model_filter(f)
        if by_model is not None and self.services.may_call_platform:
            self.find_on_platform(event.value, by_model, bare=True)  # also ask which orders hold that model
        elif f.contains and self.services.may_call_platform:
            self.find_on_platform(event.value, f)

    # --- the platform (async) --------------------------------------------------------------------------------------

    @work(exclusive=True, group="orders-find", exit_on_error=False)
    async def find_on_platform(self, text: str, f: OrderFilter, *, bare: bool = False) -> None:
        """``bare``: the word was typed without ``sku:`` and may as well be an order or PO number; the platform's
        answer is shown only when it found orders with that model."""
        try:
            numbers = await self.book.find(self.scope, f)
        except PlatformError:
            return  # the cached answer (orders opened before) stays, with its note
        if bare and not numbers:
            return
        if text == self._filter_text():
            self.load_local(numbers, TEXT["platform_search"].format(what=f.contains))

    @work(exclusive=True, group="orders-refresh", exit_on_error=False)
    async def refresh_orders(self) -> None:
        """Page the platform into the cache (the list re-reads the cache as pages arrive), then re-read the watched
        orders and tell what changed."""
        if not self.services.supports(Capability.LIST_ORDERS):
            self.post_message(self.Progress(0, None, finished=True, error=TEXT["unsupported"]))
            return

        def on_page(pages: int, done: int, total: int | None) -> None:
            self.post_message(self.Progress(done, total))

        try:
            await self.book.refresh_list(self.scope, on_page=on_page)
        except PlatformError as exc:
            self.post_message(self.Progress(0, None, finished=True, error=platform_error_text(exc)))
            return
        self.post_message(self.Progress(0, None, finished=True))
        changes = await self.book.check_watched()
        if changes:
            self.post_message(self.Changed(changes))

    @on(Progress)
    def _progress_shown(self, event: Progress) -> None:
        if event.finished:
            self._progress = ""
            if event.error:
                when = when_text(self._listing.sync.refreshed_at if self._listing else None)
                self._progress = TEXT["offline"].format(when=when, err=event.error)
            self.load_local()
            return
        total = f"{event.total:,}" if event.total is not None else "?"
        self._progress = TEXT["fetching"].format(done=event.done, total=total)
        now = time.monotonic()
        if now - self._last_pages_shown > 0.5:  # re-read the cache at most twice a second while paging
            self._last_pages_shown = now
            self.load_local()
        else:
            self._show_status()

    @on(Changed)
    def _changed_orders(self, event: Changed) -> None:
        for change in event.changes:
            self.app.notify(change_text(change), title=_("Order update"), timeout=10)
        self.load_local()

    # --- insight ---------------------------------------------------------------------------------------------------

    @work(exclusive=True, group="orders-insight", exit_on_error=False)
    async def load_insight(self) -> None:
        account = self.services.account
        if account is None:
            self.post_message(self.InsightReady(None))
            return
        try:
            insight = await self.book.insight(account.id)
        except PlatformError as exc:
            self.post_message(self.InsightReady(None, platform_error_text(exc)))
            return
        self.post_message(self.InsightReady(insight))

    @on(InsightReady)
    def _insight_ready(self, event: InsightReady) -> None:
        chart = self.query_one("#orders-insight", SpendChart)
        if event.insight is None:
            chart.update(Text(event.error or TEXT["insight_none"], style="italic"))
            return
        insight = event.insight
        text = Text(no_wrap=True, overflow="crop")
        from b2bterm.ui.widgets.spend_chart import spend_chart

        title = TEXT["insight_title"].format(n=len(insight.months), total=insight.total.format())
        text.append_text(spend_chart(insight.months, title=title, height=7))
        text.append("\n")
        text.append(TEXT["top_items"].format(read=insight.orders_read, orders=insight.orders) + "\n", style="bold")
        symbol = insight.months[0][1].symbol if insight.months else "¥"
        for i, item in enumerate(insight.top_items[:8], 1):
            text.append(f"{i:>2}. ", style="dim")
            text.append(f"{item.model:<22} ", style="bold")
            text.append(f"{compact(item.spend.amount, symbol):>9}  ")
            text.append(ngettext("{qty:,} pcs in {n} order", "{qty:,} pcs in {n} orders",
                                 item.orders).format(qty=item.qty, n=item.orders), style="dim")
            text.append("  ")
            text.append(item.name)
            text.append("\n")
        chart.update(text)

    # --- actions ---------------------------------------------------------------------------------------------------

    @on(RowList.Chosen, "#orders-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        self.open_order(str(event.key))

    @on(Input.Submitted, "#orders-filter")
    def _submitted(self) -> None:
        rows = self.query_one("#orders-list", RowList)
        if rows.current_key:
            self.open_order(str(rows.current_key))

    def open_order(self, number: str) -> None:
        from b2bterm.ui.screens.order_detail import OrderDetailScreen

        self.app.push_screen(OrderDetailScreen(number))

    def action_clear(self) -> None:
        box = self.query_one("#orders-filter", Input)
        box.value = ""
        box.focus()

    def action_to_list(self) -> None:
        rows = self.query_one("#orders-list", RowList)
        if rows.rows:
            rows.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#orders-filter", Input).focus()

    def action_export(self) -> None:
        from b2bterm.ui.screens.orders_export import export_orders

        export_orders(self, self._listing.rows if self._listing is not None else [])

    def action_refresh(self) -> None:
        self.refresh_orders()

    def action_toggle_scope(self) -> None:
        self.all_accounts = not self.all_accounts
        self.query_one("#orders-list", RowList).columns = self._columns()
        self.load_local()
        self.refresh_orders()

    def action_toggle_insight(self) -> None:
        chart = self.query_one("#orders-insight", SpendChart)
        chart.toggle_class("shown")
        if chart.has_class("shown"):
            chart.update(Text(TEXT["insight_wait"], style="italic"))
            self.load_insight()

    def on_key(self, event: Any) -> None:
        # Typing anywhere on the screen goes to the filter box.
        box = self.query_one("#orders-filter", Input)
        if not box.has_focus and event.is_printable and event.character:
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()
