"""Quotations (报价单): the account's quotations with their state and validity; Enter opens one (lines, totals,
terms); F5 exports it as .xlsx and PDF; F8 marks it sent, then accepted; F9 turns it into an order pad; Ctrl+S puts
it on the platform (when the platform keeps quotations: from then on each change goes there in the background, and
the Platform column says where its copy stands).

Products come onto a quotation from Search and the model query (F8 there). The list and the quotation are read from
the local store in thread workers; converting asks the platform for today's prices only when the quotation expired.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from b2bterm.domain.quotation import PushState, Quotation, QuotationState
from b2bterm.services.gateway import PlatformError
from b2bterm.services.quotations import QuotationProblem
from b2bterm.ui.format import percent
from b2bterm.ui.i18n import _
from b2bterm.ui.outbox_runner import QuotationsPushed
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.screens.quotation_actions import (
    STATE_STYLE,
    STATE_WORDS,
    ExportPrompt,
    problem_text,
    push_cell,
    push_detail,
)
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, LazyRow, RowList
from b2bterm.ui.wording import word

if TYPE_CHECKING:
    pass

TEXT = {
    "empty": _("No quotations yet. In Search or a product's page, F8 puts the product on the account's quotation."),
    "title_account": _("Quotations of {name}"),
    "title_all": _("Quotations of every account (F7 chooses one)"),
    "count": _("{n} quotations"),
    "pick": _("Enter opens the highlighted quotation."),
    "no_lines": _("This quotation has no lines yet."),
    "head": _("{number} · {customer} · {state} · valid until {until}"),
    "totals": _("Subtotal {net} · tax {tax} · total {gross} incl. tax (含税)"),
    "terms": _("Delivery: {delivery} · Payment: {payment} · Notes: {notes}"),
    "exported": _("Wrote {files}."),
    "export_failed": _("Not exported: {err}"),
    "marked": _("Quotation {number} is now {state}."),
    "ordered": _("Quotation {number} is now order pad {id}, at the quoted prices."),
    "ordered_expired": _("Quotation {number} had expired: pad {id} is priced today; {n} lines changed price."),
    "nothing": _("Highlight a quotation first."),
    "pushed": _("On the platform as {id}."),
    "saved": _("Quotation {number} saved ({state})."),
    "removed": _("Line removed: quotation {number} has {n} lines."),
    "not_pushed": _("Not on the platform yet: {err} It is sent again in the background."),
    "refused": _("The platform refused it: {err}"),
    "remote_state": _("Quotation {number} is now {state} on the platform."),
}
def quotation_row(q: Quotation, state: QuotationState) -> list[Text]:
    return [Text(q.number, style="bold"), Text(q.account_name or q.account_id),
            Text(STATE_WORDS[state], style=tone(STATE_STYLE[state])), Text(q.valid_until.isoformat()),
            Text(str(q.lines_total), justify="right"), push_cell(q)]


def line_row(index: int, line: Any) -> list[Text]:
    return [Text(str(index), justify="right"), Text(line.model, style="bold"), Text(line.name),
            Text(f"{line.qty:,}", justify="right"), Text(line.net_price.format(), justify="right"),
            Text(line.net_incl_tax.format(), justify="right"), Text(percent(line.discount), justify="right"),
            Text(line.amount_incl_tax.format(), justify="right"), Text(word(line.source.kind.value), style="dim")]


class QuotationsScreen(SectionScreen):
    SECTION_ID = "quotations"
    SECTION_TITLE = "Quotations"
    DEFAULT_CSS = """
    QuotationsScreen #q-title { height: 1; padding: 0 1; text-style: bold; }
    QuotationsScreen #q-list { height: 1fr; min-height: 5; }
    QuotationsScreen #q-head { height: auto; padding: 0 1; margin-top: 1; }
    QuotationsScreen #q-lines { height: 2fr; }
    QuotationsScreen #q-foot { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("f5", "export", _("Export"), id="quotations.export"),
        Binding("f8", "mark", _("Mark sent/accepted"), id="quotations.mark"),
        Binding("f9", "to_order", _("To order"), id="quotations.order"),
        Binding("f10", "details", _("Details"), id="quotations.details"),
        Binding("delete", "remove_line", _("Remove line"), id="quotations.remove_line"),
        Binding("ctrl+s", "push", _("Push to platform"), id="quotations.push"),
        Binding("ctrl+r", "reload", _("Refresh"), id="quotations.reload"),
        Binding("escape", "back_to_list", show=False, id="quotations.back"),
    ]

    class Listed(Message):
        def __init__(self, rows: list[tuple[Quotation, QuotationState]]) -> None:
            super().__init__()
            self.rows = rows

    class Opened(Message):
        def __init__(self, quotation: Quotation, state: QuotationState) -> None:
            super().__init__()
            self.quotation = quotation
            self.state = state

    class Done(Message):
        """An action finished: a notice to show, and whether to read the list again."""

        def __init__(self, text: str, severity: str = "information", reload: bool = True) -> None:
            super().__init__()
            self.text = text
            self.severity = severity
            self.reload = reload

    def __init__(self) -> None:
        super().__init__()
        self.current: Quotation | None = None
        self._known: dict[int, Quotation] = {}  # the listed quotations by id (without their lines)


    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="q-title")
        yield RowList([Column(_("Quotation"), 15), Column(_("Customer")), Column(_("State"), 9),
                       Column(_("Valid until"), 11), Column(_("Lines"), 6, "right"), Column(_("Platform"), 11)],
                      empty_text=TEXT["empty"], id="q-list")
        yield Static(Text(TEXT["pick"], style="dim"), id="q-head")
        # narrow (80 columns): the source, the discount, the unit 含税 and then the name give way, never the amounts
        yield RowList([Column("#", 4, "right"), Column(_("Model"), 20), Column(_("Name"), min_width=12, drop=1),
                       Column(_("Qty"), 8, "right"), Column(_("Net"), 12, "right"),
                       Column(_("含税"), 12, "right", drop=2), Column(_("Off list"), 8, "right", drop=3),
                       Column(_("Amount 含税"), 14, "right"), Column(_("Source"), 9, drop=4)],
                      empty_text=TEXT["no_lines"], id="q-lines")
        yield Static("", id="q-foot")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#q-list", RowList).focus()
        self.load()
        self.sync_states()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()
        self.sync_states()

    def account_changed(self) -> None:
        self.load()

    # --- reading -------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="quotations-list", exit_on_error=False)
    def load(self) -> None:
        service = self.services.quotations
        rows = service.local_list(self.services.account_id)
        self.post_message(self.Listed([(q, service.state_of(q)) for q in rows]))

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        account = self.services.account
        title = (TEXT["title_account"].format(name=account.display_name) if account else TEXT["title_all"])
        self.query_one("#q-title", Static).update(Text(f"{title} · " + TEXT["count"].format(n=len(event.rows))))
        self._known = {q.id: q for q, _s in event.rows}
        rows = self.query_one("#q-list", RowList)
        rows.set_rows([LazyRow(partial(quotation_row, q, s)) for q, s in event.rows], [q.id for q, _s in event.rows],
                      keep_cursor=True)
        if self.current is not None:
            self.open(self.current.id)

    @on(RowList.Chosen, "#q-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        self.open(event.key)

    @work(thread=True, exclusive=True, group="quotations-open", exit_on_error=False)
    def open(self, quotation_id: int) -> None:
        service = self.services.quotations
        try:
            q = service.local_get(quotation_id)
        except QuotationProblem as exc:
            self.post_message(self.Done(problem_text(exc), "warning"))
            return
        self.post_message(self.Opened(q, service.state_of(q)))

    @on(Opened)
    def _opened(self, event: Opened) -> None:
        q, state = event.quotation, event.state
        first_open = self.current is None or self.current.id != q.id
        self.current = q
        head = Text(TEXT["head"].format(number=q.number, customer=q.account_name or q.account_id,
                                        state=STATE_WORDS[state], until=q.valid_until.isoformat()), style="bold")
        self.query_one("#q-head", Static).update(head)
        lines = self.query_one("#q-lines", RowList)
        lines.set_rows([LazyRow(partial(line_row, i, x)) for i, x in enumerate(q.lines, start=1)],
                       [x.id for x in q.lines])
        foot = Text(TEXT["totals"].format(net=q.subtotal.format(), tax=q.tax.format(),
                                          gross=q.total_incl_tax.format()), style="bold")
        foot.append("\n" + TEXT["terms"].format(delivery=q.delivery_terms or "—", payment=q.payment_terms or "—",
                                               notes=q.notes or "—"), style="dim")
        if push_detail(q):
            foot.append("\n" + push_detail(q), style="dim")
        self.query_one("#q-foot", Static).update(foot)
        if first_open and q.lines:
            lines.focus()

    def action_back_to_list(self) -> None:
        self.query_one("#q-list", RowList).focus()

    def action_reload(self) -> None:
        self.load()

    def _target(self) -> int | None:
        """The quotation an action is for: the open one while its lines have focus, else the highlighted one."""
        lines = self.query_one("#q-lines", RowList)
        if self.current is not None and lines.has_focus:
            return self.current.id
        key = self.query_one("#q-list", RowList).current_key
        if key is None and self.current is not None:
            return self.current.id
        if key is None:
            self.notify(TEXT["nothing"], severity="warning")
        return key  # type: ignore[no-any-return]

    # --- actions -------------------------------------------------------------------------------------------------

    def action_export(self) -> None:
        target = self._target()
        q = self._known.get(target) if target is not None else None
        if q is None:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export(q.id, path)

        self.app.push_screen(ExportPrompt(q.number, self.services.quotations.default_base(q)), chosen)

    @work(thread=True, exclusive=True, group="quotations-export", exit_on_error=False)
    def export(self, quotation_id: int, base: Path) -> None:
        from b2bterm.export.files import ExportError

        try:
            written = self.services.quotations.local_export(quotation_id, xlsx=base.with_name(base.name + ".xlsx"),
                                                        pdf=base.with_name(base.name + ".pdf"))
        except ExportError as exc:
            self.post_message(self.Done(TEXT["export_failed"].format(err=exc), "error", reload=False))
            return
        except QuotationProblem as exc:
            self.post_message(self.Done(problem_text(exc), "warning"))
            return
        self.post_message(self.Done(TEXT["exported"].format(files=", ".join(str(p) for p in written)),
                                    reload=False))

    def action_mark(self) -> None:
        target = self._target()
        if target is not None:
            self.mark(target)

    @work(exclusive=True, group="quotations-edit", exit_on_error=False)
    async def mark(self, quotation_id: int) -> None:
        """Draft -> sent -> accepted; a platform that keeps quotations gets the new state at once."""
        service = self.services.quotations

        try:
            q = await asyncio.to_thread(service.local_mark_next, quotation_id)
        except QuotationProblem as exc:
            self.post_message(self.Done(problem_text(exc), "warning"))
            return
        text = TEXT["marked"].format(number=q.number, state=STATE_WORDS[service.state_of(q)])
        severity = "information"
        if service.platform_keeps_quotations():
            pushed, severity = await self._push(q.id)
            text += " " + pushed
        self.post_message(self.Done(text, severity))

    async def _push(self, quotation_id: int) -> tuple[str, str]:
        """Push now; the notice and its severity. What cannot go now waits and goes in the background."""
        service = self.services.quotations
        try:
            q = await service.push(quotation_id)
        except QuotationProblem as exc:
            return problem_text(exc), "warning"
        except PlatformError as exc:
            waiting = (await asyncio.to_thread(service.local_get, quotation_id)).push_state is PushState.WAITING
            return TEXT["not_pushed" if waiting else "refused"].format(err=exc.message), "warning"
        return TEXT["pushed"].format(id=q.remote_id), "information"

    def action_push(self) -> None:
        target = self._target()
        if target is not None:
            self.push(target)

    @work(exclusive=True, group="quotations-edit", exit_on_error=False)
    async def push(self, quotation_id: int) -> None:
        """Put the quotation on the platform now (again)."""
        self.post_message(self.Done(*await self._push(quotation_id)))

    @work(exclusive=True, group="quotations-sync", exit_on_error=False)
    async def sync_states(self) -> None:
        """Read back what the platform says of the pushed quotations (a customer accepted one there)."""
        service = self.services.quotations
        if not service.platform_keeps_quotations() or not self.services.may_call_platform:
            return
        try:
            changed = await service.refresh_states(self.services.account_id)
        except PlatformError:
            return  # out of reach: the local states stand; the next visit asks again
        for q in changed:
            self.post_message(self.Done(TEXT["remote_state"].format(number=q.number,
                                                                    state=STATE_WORDS[service.state_of(q)])))

    def action_details(self) -> None:
        """Validity, delivery and payment terms, notes."""
        from b2bterm.ui.screens.quotation_details import QuotationDetailsForm

        target = self._target()
        q = self.current if self.current is not None and self.current.id == target else self._known.get(target or 0)
        if q is None:
            return

        def chosen(values: dict[str, Any] | None) -> None:
            if values:
                self.edit(q.id, values)

        self.app.push_screen(QuotationDetailsForm(q), chosen)

    @work(thread=True, exclusive=True, group="quotations-edit", exit_on_error=False)
    def edit(self, quotation_id: int, values: dict[str, Any]) -> None:
        service = self.services.quotations
        try:
            q = service.local_update(quotation_id, **values)
        except QuotationProblem as exc:
            self.post_message(self.Done(problem_text(exc), "warning"))
            return
        self.post_message(self.Done(TEXT["saved"].format(number=q.number,
                                                         state=STATE_WORDS[service.state_of(q)])))

    def action_remove_line(self) -> None:
        lines = self.query_one("#q-lines", RowList)
        if self.current is not None and lines.has_focus and lines.current_key is not None:
            self.remove_line(self.current.id, lines.current_key)

    @work(thread=True, exclusive=True, group="quotations-edit", exit_on_error=False)
    def remove_line(self, quotation_id: int, line_id: int) -> None:
        try:
            q = self.services.quotations.local_remove_line(quotation_id, line_id)
        except QuotationProblem as exc:
            self.post_message(self.Done(problem_text(exc), "warning"))
            return
        self.post_message(self.Done(TEXT["removed"].format(number=q.number, n=q.lines_total)))

    def action_to_order(self) -> None:
        target = self._target()
        if target is not None:
            self.to_order(target)

    @work(exclusive=True, group="quotations-order", exit_on_error=False)
    async def to_order(self, quotation_id: int) -> None:
        from b2bterm.ui.screens.open_draft import open_draft_in_quickorder

        try:
            result = await self.services.quotations.to_order(quotation_id)
        except QuotationProblem as exc:
            self.post_message(self.Done(problem_text(exc), "warning"))
            return
        q = result.quotation
        if result.expired:
            text = TEXT["ordered_expired"].format(number=q.number, id=result.draft_id, n=result.changed)
        else:
            text = TEXT["ordered"].format(number=q.number, id=result.draft_id)
        self.app.notify(text, title=_("Quotation"), timeout=10)
        open_draft_in_quickorder(self.app, result.draft_id, q.account_id,
                                 lambda text, _style="": self.app.notify(text, severity="warning"))

    @on(QuotationsPushed)
    def _pushed(self, event: QuotationsPushed) -> None:
        """The background sender pushed quotations: their platform state changed."""
        self.load()

    @on(Done)
    def _done(self, event: Done) -> None:
        self.notify(event.text, severity=event.severity, timeout=10)  # type: ignore[arg-type]
        if event.reload:
            self.load()
