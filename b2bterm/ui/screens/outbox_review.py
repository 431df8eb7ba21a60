"""The review of a draft that needs attention: each changed line shown as "was ¥12.50 as of 3 days ago, now ¥13.10";
the user accepts, edits or removes it and sends the order again (opened from Drafts, F6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from b2bterm.domain.models import Product
from b2bterm.services.outbox import OutboxBusy
from b2bterm.services.revalidate import Difference, LineCheck, Review
from b2bterm.ui.format import age_text, money_text
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outbox_runner import OutboxChanged, request_round
from b2bterm.ui.outcome_text import busy_text, unknown_text
from b2bterm.ui.screens.base import ReportsFailedWorkers
from b2bterm.ui.screens.open_draft import open_draft_in_quickorder
from b2bterm.ui.screens.qty_prompt import QtyPrompt
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.footer import FitFooter
from b2bterm.ui.widgets.header import AppHeader
from b2bterm.ui.widgets.row_list import Column, RowList

TEXT = {
    "review_title": _("Needs attention — draft #{id} for {account}"),
    "review_help": _("A accept line · Shift+A accept all · Q quantity · R replace with successor · Del remove line · "
                     "F9 send again · O edit in Quick order · Esc back"),
    "review_live": _("Checked against the platform just now."),
    "review_cached": _("The platform cannot be reached ({why}): checked against cached prices."),
    "cached_prices": _("working offline"),
    "review_ok": _("Every line is settled: F9 sends the order (with the same key, so it cannot be placed twice)."),
    "cannot_accept": _("This line cannot be accepted as it is: replace it (R) or remove it (Del)."),
    "no_successor": _("No successor is known for this item; remove the line or edit the order in Quick order (O)."),
    "requeued": _("Draft #{id} is queued and will be sent now."),
    "not_settled": _("Settle every line first ({n} left)."),
}

# --- the review of a draft that needs attention -----------------------------------------------------------------------


def difference_text(check: LineCheck) -> Text:
    """"was ¥12.50 as of 3 days ago, now ¥13.10" and the like, for one line."""
    text = Text()
    d = check.difference
    if d in (Difference.PRICE, Difference.NEW_PRICE):
        if check.was is not None:
            text.append(_("was {was} as of {age}, ").format(was=check.was.format(), age=age_text(check.was_at)))
        else:
            text.append(_("no price was seen when drafting, "))
        text.append(_("now {now}").format(now=money_text(check.now)), style="bold")
        if check.was is not None and check.now is not None and check.was.amount:
            change = (check.now.amount - check.was.amount) / check.was.amount * 100
            text.append(f" ({change:+.1f}%)", style=tone("red") if change > 0 else tone("green"))
    elif d is Difference.DISCONTINUED:
        text.append(_("no longer sold"), style=tone("bold red"))
        if check.superseded_by:
            text.append(_(" — replaced by {sku} (R)").format(sku=check.superseded_by))
    elif d is Difference.UNKNOWN:
        text.append(unknown_text(check.unknown), style=tone("bold red"))
    elif d is Difference.SHORT:
        text.append(_("only {n} on hand for {q} ordered").format(n=check.on_hand, q=check.line.qty),
                    style=tone("yellow"))
        text.append(_(" (A: send anyway, the rest backordered)"), style="dim")
    elif d is Difference.UNRESOLVED:
        text.append(_("not resolved to an item: edit in Quick order (O)"), style=tone("bold red"))
    else:
        text.append(_("ok"), style=tone("green"))
        if check.drifted:
            text.append(_(" (price {now}, within tolerance)").format(now=money_text(check.now)), style="dim")
    return text


class OutboxReview(ReportsFailedWorkers, Screen[None]):
    """One draft that needs attention, line by line."""

    DEFAULT_CSS = """
    OutboxReview #review-title { height: auto; padding: 0 1; background: $warning 30%; text-style: bold; }
    OutboxReview #review-status { height: auto; padding: 0 1; }
    OutboxReview #review-lines { height: 1fr; }
    OutboxReview #review-help { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("a", "accept", _("Accept"), id="review.accept"),
        Binding("A", "accept_all", _("Accept all"), id="review.accept_all"),
        Binding("q", "edit_qty", _("Qty"), id="review.qty"),
        Binding("r", "replace", _("Replace"), id="review.replace"),
        Binding("delete,d", "remove", _("Remove"), id="review.remove"),
        Binding("f9", "send", _("Send again"), id="review.send"),
        Binding("o", "edit", _("Edit in Quick order"), id="review.edit"),
        Binding("escape", "back", _("Back"), id="review.back"),
    ]

    class Checked(Message):
        def __init__(self, review: Review, products: dict[str, Product]) -> None:
            super().__init__()
            self.review = review
            self.products = products

    class Done(Message):
        def __init__(self, text: str, close: bool = False, style: str = "") -> None:
            super().__init__()
            self.text = text
            self.close = close
            self.style = style

    def __init__(self, draft_id: int, account: str) -> None:
        super().__init__()
        self.draft_id = draft_id
        self.account = account
        self.review: Review | None = None
        self.products: dict[str, Product] = {}


    def compose(self) -> ComposeResult:
        yield AppHeader(id="app-header")
        yield Static(Text(TEXT["review_title"].format(id=self.draft_id, account=self.account)), id="review-title")
        yield Static("", id="review-status")
        yield RowList(
            [Column("#", 3, "right"), Column(_("Model"), 20), Column(_("SKU"), 14), Column(_("Qty"), 6, "right"),
             Column(_("Difference"))],
            empty_text=_("This order has no lines left."), id="review-lines",
        )
        yield Static(TEXT["review_help"], id="review-help")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#review-lines", RowList).focus()
        self.app.refresh_header()  # type: ignore[attr-defined]
        self.check()

    @work(exclusive=True, group="review-check", exit_on_error=False)
    async def check(self) -> None:
        import asyncio

        review = await self.services.outbox.review(self.draft_id)
        skus = [c.line.sku for c in review.checks if c.line.sku]
        products = await asyncio.to_thread(self.services.catalog.products, skus) if skus else {}
        self.post_message(self.Checked(review, products))

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        self.review = event.review
        self.products = event.products
        rows = []
        for c in event.review.checks:
            product = self.products.get(c.line.sku)
            rows.append([
                Text(str(c.line.position + 1), style="dim"),
                Text(product.model if product else c.line.input, style="bold"),
                Text(c.line.sku, style="dim"),
                Text(f"{c.line.qty:,}", justify="right"),
                difference_text(c),
            ])
        lines = self.query_one("#review-lines", RowList)
        lines.set_rows(rows, [c.line.id for c in event.review.checks], keep_cursor=True)
        status = Text(TEXT["review_live"] if event.review.live else
                      TEXT["review_cached"].format(why=event.review.note or TEXT["cached_prices"]),
                      style="" if event.review.live else tone("yellow"))
        left = len(event.review.problems)
        status.append("  ")
        status.append(ngettext("{n} line still needs a decision.", "{n} lines still need a decision.",
                               left).format(n=left) if left else TEXT["review_ok"],
                      style=tone("bold yellow") if left else tone("bold green"))
        self.query_one("#review-status", Static).update(status)

    @on(Done)
    def _done(self, event: Done) -> None:
        if event.close:
            self.app.pop_screen()
            self.app.notify(event.text, timeout=6)
            return
        self.query_one("#review-status", Static).update(Text(event.text, style=event.style or tone("yellow")))
        self.check()

    @on(OutboxChanged)
    def _outbox_changed(self, _event: OutboxChanged) -> None:
        pass  # the review changes only by what the user does here

    def _current(self) -> LineCheck | None:
        if self.review is None:
            return None
        key = self.query_one("#review-lines", RowList).current_key
        return next((c for c in self.review.checks if c.line.id == key), None)

    @work(thread=True, exclusive=True, group="review-edit", exit_on_error=False)
    def _edit(self, change: Callable[[], Any], done: str = "") -> None:
        try:
            change()
        except OutboxBusy as exc:
            self.post_message(self.Done(busy_text(exc)))
            return
        except ValueError as exc:
            self.post_message(self.Done(str(exc)))
            return
        self.post_message(self.Done(done, style=tone("green")))

    def action_accept(self) -> None:
        check = self._current()
        if check is None or check.ok:
            return
        if not check.acceptable:
            self.query_one("#review-status", Static).update(Text(TEXT["cannot_accept"], style=tone("bold yellow")))
            return
        self._edit(lambda: self.services.outbox.accept([check]))

    def action_accept_all(self) -> None:
        if self.review is None:
            return
        acceptable = [c for c in self.review.problems if c.acceptable]
        if acceptable:
            self._edit(lambda: self.services.outbox.accept(acceptable))

    def action_remove(self) -> None:
        check = self._current()
        if check is not None:
            self._edit(lambda: self.services.outbox.remove_line(check.line.id))

    def action_replace(self) -> None:
        check = self._current()
        if check is None:
            return
        if not check.superseded_by:
            self.query_one("#review-status", Static).update(Text(TEXT["no_successor"], style=tone("bold yellow")))
            return
        self._edit(lambda: self.services.outbox.replace(check.line.id, check.superseded_by))

    def action_edit_qty(self) -> None:
        check = self._current()
        if check is None:
            return

        def chosen(qty: int | None) -> None:
            if qty is not None and qty != check.line.qty:
                self._edit(lambda: self.services.outbox.set_qty(check.line.id, qty))

        self.app.push_screen(QtyPrompt(check.line.sku or check.line.input, check.line.qty), chosen)

    def action_send(self) -> None:
        if self.review is None:
            return
        left = len(self.review.problems)
        if left or not self.review.checks:
            self.query_one("#review-status", Static).update(
                Text(TEXT["not_settled"].format(n=left), style=tone("bold yellow")))
            return
        self.send()

    @work(thread=True, exclusive=True, group="review-edit", exit_on_error=False)
    def send(self) -> None:
        try:
            self.services.outbox.requeue(self.draft_id)
        except OutboxBusy as exc:
            self.post_message(self.Done(busy_text(exc)))
            return
        self.app.call_from_thread(request_round, self.app, True)
        self.post_message(self.Done(TEXT["requeued"].format(id=self.draft_id), close=True))

    def action_edit(self) -> None:
        review = self.review
        account_id = review.draft.account_id if review else ""

        def go() -> None:
            try:
                self.services.outbox.reopen(self.draft_id)
            except OutboxBusy as exc:
                self.post_message(self.Done(busy_text(exc)))
                return
            self.app.call_from_thread(self._open_after_reopen, account_id)

        self.run_worker(go, thread=True, group="review-edit", exit_on_error=False)

    def _open_after_reopen(self, account_id: str) -> None:
        self.app.pop_screen()
        open_draft_in_quickorder(self.app, self.draft_id, account_id,
                                 lambda text, *_a: self.app.notify(text, severity="warning"))

    def action_back(self) -> None:
        self.app.pop_screen()
