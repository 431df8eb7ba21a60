"""The quick-order screen: it composes the draft bar, the banner, the lines table, the line's problems, the lines set
aside, the totals, the status line and the prompt, and dispatches what the user does to the pad (through the
keeper, in thread workers) and to the services. The widgets keep what they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from b2bterm.domain.models import LineStatus
from b2bterm.quickorder.pad import OrderPad
from b2bterm.quickorder.parser import MAX_QTY
from b2bterm.quickorder.resolve import CANDIDATE_LIMIT
from b2bterm.services.submit import Outcome as SubmitOutcome
from b2bterm.services.submit import Reason
from b2bterm.services.submit import SendResult as SubmitResult
from b2bterm.ui.i18n import N_, _
from b2bterm.ui.outcome_text import edit_text, send_text
from b2bterm.ui.problem_text import problem_text
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.screens.draft_header import INVOICE_LABELS
from b2bterm.ui.screens.quickorder.draft_bar import DraftBar
from b2bterm.ui.screens.quickorder.lines_table import LineProblems, PadTable
from b2bterm.ui.screens.quickorder.notices import Banner, StatusLine, TotalsBar
from b2bterm.ui.screens.quickorder.order_input import OrderInput
from b2bterm.ui.screens.quickorder.pad_keeper import header_change
from b2bterm.ui.screens.quickorder.pad_lines import PadLines
from b2bterm.ui.screens.quickorder.set_aside import SetAside
from b2bterm.ui.screens.quickorder.sources import LineSources
from b2bterm.ui.screens.quickorder.view import TEXT, added_text, not_ready_text
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import RowList
from b2bterm.ui.wording import word


class QuickOrderScreen(SectionScreen):
    """Quick order: type, scan or paste lines; fix what is unclear; send."""

    HELP_KEYS = (("Enter", N_("Add what is typed; on a line that needs a pick, choose the product")),
                 ("+  −  Del", N_("With the prompt empty: more, less, delete the current line")))
    HELP_SYNTAX = N_("Lines: a model number and a quantity (LC1D09M7 5, LC1D09M7 x5, 5 pcs LC1D09M7); a SKU, a "
                     "maker's article number or the customer's own part number work too. Paste a whole list "
                     "from WeChat, e-mail or Excel: lines that are not order lines are set aside (Ctrl+G).")
    SECTION_ID = "quickorder"
    SECTION_TITLE = "Quick order"
    DEFAULT_CSS = """
    QuickOrderScreen #qo-lines { height: 1fr; }
    QuickOrderScreen #qo-input { border: tall $primary; }
    """
    FOOTER_FIRST = ("submit", "edit_qty")  # a narrow footer keeps Send and Qty before the other keys
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False, id="quickorder.up"),
        Binding("down", "cursor(1)", show=False, id="quickorder.down"),
        Binding("f8", "edit_qty", _("Qty"), id="quickorder.qty"),
        Binding("q", "edit_qty", show=False, id="quickorder.qty_key"),
        Binding("plus", "step_qty(1)", show=False, id="quickorder.more"),
        Binding("minus", "step_qty(-1)", show=False, id="quickorder.less"),
        Binding("delete", "delete_line", show=False, id="quickorder.delete"),
        Binding("ctrl+z", "undo", _("Undo"), id="quickorder.undo"),
        Binding("ctrl+y", "redo", _("Redo"), show=False, id="quickorder.redo"),
        Binding("ctrl+r", "edit_line", _("Edit line"), show=False, id="quickorder.edit_line"),
        Binding("e", "edit_line", show=False, id="quickorder.edit_line_key"),
        Binding("f5", "round_up", _("Round up"), id="quickorder.round_up"),
        Binding("r", "round_up", show=False, id="quickorder.round_up_key"),
        Binding("f10", "edit_header", _("Details"), id="quickorder.header"),
        Binding("ctrl+g", "toggle_ignored", _("Set aside"), id="quickorder.ignored"),
        Binding("f9", "submit", _("Send"), id="quickorder.submit"),
        Binding("ctrl+s", "submit", show=False, id="quickorder.submit_alt"),
        Binding("escape", "focus_prompt", show=False, id="quickorder.prompt"),
        Binding("ctrl+b", "buy_again", _("Buy again"), show=False, id="quickorder.buy_again"),
        Binding("ctrl+l", "save_list", _("Save list"), show=False, id="quickorder.save_list"),
        Binding("ctrl+o", "open_list", _("Open list"), show=False, id="quickorder.open_list"),
        Binding("ctrl+t", "import_file", _("Import file"), show=False, id="quickorder.import_file"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._sending = False
        self._shown_account: str | None = None  # whose drafts the screen shows (a pad or "no pad yet")
        self.sources = LineSources(self)

    @property
    def pad(self) -> OrderPad | None:
        return self.table.pad

    @property
    def rows(self) -> PadLines:
        return self.table.lines

    @property
    def table(self) -> PadTable:
        return self.query_one("#qo-lines", PadTable)

    # --- layout and life -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield DraftBar(id="qo-draft")
        yield Banner(id="qo-banner")
        yield PadTable(id="qo-lines")
        yield LineProblems("", id="qo-detail")
        yield SetAside(id="qo-aside")
        yield TotalsBar(id="qo-totals")
        yield StatusLine("", id="qo-status")
        yield OrderInput(placeholder=TEXT["placeholder"], id="qo-input")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.action_focus_prompt()
        self._show_draft_header()
        if self.services.account is None:
            self.status(TEXT["no_account"])
            self.app.action_pick_account()  # type: ignore[attr-defined]
            return
        self._shown_account = self.services.account.id
        self.table.open_draft(None)  # the latest open draft: a restart loses nothing

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        account = self.services.account
        if account is None or self._sending:
            return
        if self.pad is not None and not self.services.drafts.exists(self.pad.draft_id):
            self._start_fresh(_("The draft shown here was deleted (Drafts, F6): a new pad is ready."))
        elif account.id != self._shown_account:
            self.account_changed()  # the account changed while another section (or a picker) was shown
        elif self.pad is not None and self.rows:
            self.table.reprice()  # prices may have moved, or the platform is back, while another section was shown

    def account_changed(self) -> None:
        """The app chose another account: show that account's open draft (or none) and reprice."""
        account = self.services.account
        self._shown_account = account.id if account else None
        self.query_one(Banner).clear()
        if self.pad is not None and account is not None and self.pad.account_id == account.id:
            self.table.reprice()
            return
        self.table.open_draft(None)  # the latest open draft: a restart loses nothing

    def status(self, text: str | Text) -> None:
        self.query_one(StatusLine).say(text)

    def _show_draft_header(self) -> None:
        self.query_one(DraftBar).show(self.services.account, self.pad.draft if self.pad else None)

    # --- the pad (the table's workers) -----------------------------------------------------------------------------

    def open_draft(self, draft_id: int | None) -> None:
        """Show ``draft_id`` (from Drafts, a reorder or a quotation), or with None the account's latest open draft."""
        self.table.open_draft(draft_id)

    def _line_edit(self, change: Callable[[OrderPad], Any], label: str = TEXT["saved"]) -> None:
        self.status(TEXT["saving"])
        self.table.edit_line(change, label)

    def add_text(self, text: str) -> None:
        self.query_one(Banner).clear()
        self.status(TEXT["saving"])
        self.table.add_text(text, merge=self.services.merge_repeated)

    @on(PadTable.Pricing)
    def _pricing(self) -> None:
        self.query_one(TotalsBar).note_prices(TEXT["pricing"])

    @on(PadTable.Shown)
    def _pad_shown(self, event: PadTable.Shown) -> None:
        if event.pad is not None and event.other_pad:
            banner = self.query_one(Banner)
            if banner.about_sent_order():
                banner.clear()  # it spoke of the order just sent, not of this new draft
        if event.pad is not None:
            self._shown_account = event.pad.account_id
        totals = self.query_one(TotalsBar)
        if event.priced:
            totals.price_note = event.note
        elif event.price_note is not None:  # an add shown with its prices
            totals.price_note = event.price_note
        self._show_detail()
        totals.show(event.rows, event.totals)
        # a price answer's note goes on the totals line; the status keeps what the last edit said
        if not event.priced and event.added is not None:
            self.status(added_text(self.pad, event.added, event.note))
            self.query_one(SetAside).show(event.added.ignored)
        elif not event.priced and event.note:
            self.status(event.note)
        self._show_draft_header()
        if event.reprice:  # once the lines are on screen: the price answer's work would hold up their frame
            self.call_after_refresh(self.table.reprice, event.pending)

    @on(RowList.Highlighted, "#qo-lines")
    def _show_detail(self) -> None:
        self.query_one(LineProblems).follow(self.table)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_detail)

    @on(PadTable.Noted)
    def _noted(self, event: PadTable.Noted) -> None:
        self.status(Text(event.text, style=tone("yellow")) if isinstance(event.text, str) else event.text)

    @on(PadTable.Failed)
    def _edit_failed(self, event: PadTable.Failed) -> None:
        self.failed(event.text)

    def failed(self, text: str) -> None:
        """An edit, a send or a read failed: the pad is unchanged; say why."""
        self._sending = False
        self.status(Text(text, style=tone("bold red")))
        self.notify(text, severity="error")

    # --- input -----------------------------------------------------------------------------------------------------

    def can_edit(self) -> bool:
        if self.services.account is None:
            self.status(Text(TEXT["no_account"], style=tone("bold yellow")))
            self.app.action_pick_account()  # type: ignore[attr-defined]
            return False
        if self._sending:
            self.status(_("Sending the order… wait for the answer."))
            return False
        return True

    @on(Input.Submitted, "#qo-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value  # the prompt is already empty (OrderInput): what is in it now is the next line
        if not text.strip():
            self.action_open_line()
            return
        if not self.can_edit():
            if not self.query_one("#qo-input", OrderInput).give_back(text):
                self.notify(_("Not added: {line}").format(line=text), severity="warning")
            return
        self.add_text(text)

    @on(OrderInput.Pasted)
    def _pasted(self, event: OrderInput.Pasted) -> None:
        self.add_paste(event.text)

    def on_paste(self, event: events.Paste) -> None:
        # A paste while the line list has the focus: same path as the prompt.
        self.add_paste(event.text)

    def add_paste(self, text: str) -> None:
        if not text.strip() or not self.can_edit():
            return
        self.add_text(text)

    @on(OrderInput.LineKey)
    def _line_key(self, event: OrderInput.LineKey) -> None:
        if event.key == "plus":
            self.action_step_qty(1)
        elif event.key == "minus":
            self.action_step_qty(-1)
        elif event.key == "delete":
            self.action_delete_line()

    @on(RowList.Chosen, "#qo-lines")
    def _chosen(self) -> None:
        self.action_open_line()

    def on_key(self, event: events.Key) -> None:
        # Typing while the line list has the focus goes to the prompt (q, r, + and - are line keys there).
        prompt = self.query_one("#qo-input", OrderInput)
        if (not prompt.has_focus and isinstance(self.focused, RowList) and event.is_printable
                and event.character and event.character not in "qr+-"):
            prompt.focus()
            prompt.insert_text_at_cursor(event.character)
            event.stop()

    def action_cursor(self, delta: int) -> None:
        self.table.cursor += delta

    def action_focus_prompt(self) -> None:
        self.query_one("#qo-input", OrderInput).focus()

    def action_toggle_ignored(self) -> None:
        if not self.query_one(SetAside).toggle():
            self.status(_("No lines were set aside from the last paste."))

    # --- the current line ------------------------------------------------------------------------------------------

    def action_open_line(self) -> None:
        """Enter on a line: pick a product for an ambiguous one, else change its quantity."""
        row = self.table.current
        if row is None:
            return
        if row.status is LineStatus.AMBIGUOUS and row.candidates:
            self.table.ask_pick(row, lambda query: self.services.search_catalog(query, limit=CANDIDATE_LIMIT).products,
                                self.action_focus_prompt)
        elif row.status is LineStatus.UNKNOWN:
            self.status(Text(_("Line {n} is not a known product: delete it (Del) or type the right model.").format(
                n=self.table.number_of(row)), style=tone("yellow")))
        else:
            self.action_edit_qty()

    @on(PadTable.Picked)
    def _picked(self, event: PadTable.Picked) -> None:
        if self.can_edit():
            merge = self.services.merge_repeated
            self._line_edit(lambda pad: pad.pick(event.line_id, event.sku, merge=merge))

    def action_edit_qty(self) -> None:
        self.table.ask_qty(self.action_focus_prompt)

    @on(PadTable.QtyChosen)
    def _qty_chosen(self, event: PadTable.QtyChosen) -> None:
        if self.can_edit():
            self._line_edit(lambda pad: pad.set_qty(event.line_id, event.qty))

    def action_edit_line(self) -> None:
        if self.table.current is not None and self.can_edit():
            self.table.ask_text(self.action_focus_prompt)

    @on(PadTable.TextEdited)
    def _text_edited(self, event: PadTable.TextEdited) -> None:
        if self.can_edit():
            merge = self.services.merge_repeated
            self._line_edit(lambda pad: pad.edit_line(event.line_id, event.text, merge=merge),
                            _("line read again — saved"))

    def action_step_qty(self, direction: int) -> None:
        row = self.table.current
        if row is None or not self.can_edit():
            return
        qty = row.qty + direction if row.qty >= 1 else 1
        if 1 <= qty <= MAX_QTY and qty != row.qty:
            self._line_edit(lambda pad: pad.set_qty(row.line_id, qty))

    def action_delete_line(self) -> None:
        row = self.table.current
        if row is not None and self.can_edit():
            self.status(TEXT["saving"])
            self.table.edit(TEXT["saved"], lambda pad: pad.delete_line(row.line_id))

    def action_round_up(self) -> None:
        row = self.table.current
        if row is None or not self.can_edit():
            return
        number = self.table.number_of(row)
        if not any(p.fixable_by_round_up for p in row.problems):
            self.status(_("Line {n} needs no rounding.").format(n=number))
            return
        self.status(TEXT["saving"])
        why = "; ".join(problem_text(p) for p in row.problems if p.fixable_by_round_up)

        def said(pad: OrderPad, _changed: bool) -> str:
            return _("Line {n}: {before:,} → {after:,} {unit} ({why}) — saved").format(
                n=number, before=row.qty, after=pad.line(row.line_id).qty, unit=word(row.unit), why=why)

        self.table.edit("", lambda pad: pad.round_up(row.line_id), focus=lambda _changed: row.line_id,
                        describe=said)

    def action_undo(self) -> None:
        if self.pad is None or not self.pad.can_undo:
            self.status(_("Nothing to undo."))
            return
        if self.can_edit():
            self.status(TEXT["saving"])
            said: list[str] = []

            def undo(pad: OrderPad) -> str | None:
                said.append(_("undone: {what} — saved").format(what=edit_text(pad.undo_label, pad.undo_count)))
                return pad.undo()

            self.table.edit("", undo, describe=lambda _pad, _result: said[0])

    def action_redo(self) -> None:
        if self.pad is None or not self.pad.can_redo:
            self.status(_("Nothing to redo."))
            return
        if self.can_edit():
            self.status(TEXT["saving"])
            self.table.edit(_("redone — saved"), lambda pad: pad.redo())

    def action_edit_header(self) -> None:
        if self.services.account is not None and self.can_edit():
            self._show_draft_header()
            self.query_one(DraftBar).edit(self.action_focus_prompt)

    @on(DraftBar.Edited)
    def _header_edited(self, event: DraftBar.Edited) -> None:
        self.status(TEXT["saving"])
        self.table.edit(_("order details saved"), header_change(event.values), create=True)

    # --- lines from elsewhere (see sources.py) ---------------------------------------------------------------------

    def action_buy_again(self) -> None:
        self.sources.buy_again()

    def action_save_list(self) -> None:
        self.sources.save_list()

    def action_open_list(self) -> None:
        self.sources.open_list()

    def action_import_file(self) -> None:
        self.sources.import_file()

    # --- F9: check the draft, confirm, send it through the one submit path, show the outcome ----------------------

    def action_submit(self) -> None:
        from b2bterm.ui.screens.confirm_submit import ConfirmSubmit

        if not self.can_edit():
            return
        totals = self.query_one(TotalsBar).totals
        if self.pad is None or not self.rows or totals is None:
            self.status(Text(TEXT["nothing"], style=tone("yellow")))
            return
        blocked = self.rows.not_ready()
        if blocked:
            self._show_not_ready(blocked)
            return
        account = self.services.account
        draft = self.pad.draft
        label = f"{account.display_name} ({account.code})" if account else draft.account_id
        pad = self.pad

        def confirmed(yes: bool | None) -> None:
            self.action_focus_prompt()
            if yes and pad is self.pad:
                self._sending = True
                self.status(_("Sending the order…"))
                self.send(pad.draft_id)

        queued = None if self.services.connectivity.value == "online" else self.services.may_call_platform
        self.app.push_screen(ConfirmSubmit(label, len(self.rows), totals, draft.po_number,
                                           INVOICE_LABELS[draft.invoice_type], queued=queued), confirmed)

    def _show_not_ready(self, numbers: list[int]) -> None:
        text = not_ready_text(self.rows, numbers)
        self.query_one(Banner).say(text, "rejected")
        self.status(Text(text, style=tone("bold yellow")))
        self.table.cursor = numbers[0] - 1

    @work(exclusive=True, group="qo-submit", exit_on_error=False)
    async def send(self, draft_id: int) -> None:
        import asyncio

        from b2bterm.services.outbox import OutboxBusy

        try:
            result = await self.services.submit(draft_id)
            if result.reason is Reason.REFUSED:  # the user is at this pad: open it again to fix and resend
                await asyncio.to_thread(self.services.outbox.reopen, draft_id)
        except OutboxBusy:
            pass  # a sender holds it; the drafts list shows its state
        except Exception as exc:  # any other failure: the draft is kept, say so
            text = _("Sending failed: {err}. The draft is kept; see Drafts (F6) before sending again.")
            self.post_message(self.Sent(None, text.format(err=getattr(exc, "message", None) or exc)))
            return
        self.post_message(self.Sent(result))

    class Sent(Message):
        """A send's answer, or why it failed (the draft is kept)."""

        def __init__(self, result: SubmitResult | None, error: str = "") -> None:
            super().__init__()
            self.result = result
            self.error = error

    @on(Sent)
    def _sent(self, event: Sent) -> None:
        if event.result is None:
            self.failed(event.error)
        else:
            self._submitted_order(event.result)

    def _submitted_order(self, result: SubmitResult) -> None:
        self._sending = False
        text = send_text(result)
        self.query_one(Banner).show_sent(result, text)
        if result.outcome is SubmitOutcome.PLACED:
            self.notify(TEXT["placed"].format(number=result.order_number), timeout=10)
            self._start_fresh(_("Order {number} placed. A new pad is ready.").format(number=result.order_number))
        elif result.outcome is SubmitOutcome.QUEUED:
            if result.reason is Reason.WORKING_OFFLINE:  # the user's choice, not a failure
                self.notify(_("Working offline: the order is queued in the outbox."), timeout=8)
            else:
                self.notify(_("Platform unreachable: the order is kept and queued."), severity="warning", timeout=10)
            self._start_fresh(_("Order kept in the outbox. A new pad is ready."))
        elif result.reason is Reason.REFUSED:
            self.notify(text, severity="error", timeout=10)
            self.table.reload(_("The order was refused; the pad is open again."))
        else:  # not ready, or another sender holds it right now
            self.status(Text(text, style=tone("bold yellow")))
            self.table.reload(_("Not sent."))

    def _start_fresh(self, note: str) -> None:
        self.table.clear()
        self.query_one(TotalsBar).clear()
        self.status(note)
        self._show_draft_header()
