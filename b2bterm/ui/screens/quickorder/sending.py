"""F9: check the draft, confirm, send it through the one submit path, show the outcome."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.widgets import Static

from b2bterm.domain.readiness import line_ready
from b2bterm.quickorder.pad import PadRow
from b2bterm.services.submit import Outcome as SubmitOutcome
from b2bterm.services.submit import Reason
from b2bterm.ui.i18n import _
from b2bterm.ui.outcome_text import send_text
from b2bterm.ui.problem_text import problem_text
from b2bterm.ui.screens.draft_header import INVOICE_LABELS
from b2bterm.ui.screens.quickorder.base import QuickOrderBase
from b2bterm.ui.screens.quickorder.view import TEXT
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import RowList


class Sending(QuickOrderBase):
    """F9: check the draft, confirm, send it through the one submit path, show the outcome."""

    def action_submit(self) -> None:
        from b2bterm.ui.screens.confirm_submit import ConfirmSubmit

        if not self._can_edit():
            return
        if self.pad is None or not self.rows or self.totals is None:
            self._status(Text(TEXT["nothing"], style=tone("yellow")))
            return
        blocked = [i + 1 for i, r in enumerate(self.rows) if not line_ready(r.status, r.qty)]
        if blocked:
            self._show_not_ready(blocked)
            return
        account = self.services.account
        draft = self.pad.draft
        label = f"{account.display_name} ({account.code})" if account else draft.account_id
        invoice = INVOICE_LABELS[draft.invoice_type]
        pad = self.pad

        def confirmed(yes: bool | None) -> None:
            self.action_focus_prompt()
            if yes and pad is self.pad:
                self._sending = True
                self._status(_("Sending the order…"))
                self.send(pad.draft_id)

        queued = None if self.services.connectivity.value == "online" else self.services.may_call_platform
        self.app.push_screen(ConfirmSubmit(label, len(self.rows), self.totals, draft.po_number, invoice,
                                           queued=queued), confirmed)

    def _show_not_ready(self, numbers: list[int]) -> None:
        def first(row: PadRow) -> str:
            return next((problem_text(p) for p in row.problems if not p.notice), "")

        listed = ", ".join(f"#{n} ({first(self.rows[n - 1])})" for n in numbers[:5])
        more = _(" and {n} more").format(n=len(numbers) - 5) if len(numbers) > 5 else ""
        text = TEXT["not_ready"].format(lines=listed + more)
        self._banner(text, "rejected")
        self._status(Text(text, style=tone("bold yellow")))
        lines = self.query_one("#qo-lines", RowList)
        lines.cursor = numbers[0] - 1

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
            self.post_message(self.EditFailed(text.format(err=getattr(exc, "message", None) or exc)))
            return
        self.post_message(self.Submitted(result))

    @on(QuickOrderBase.Submitted)
    def _submitted_order(self, event: QuickOrderBase.Submitted) -> None:
        self._sending = False
        result = event.result
        text = send_text(result)
        if result.outcome is SubmitOutcome.PLACED:
            number = result.order_number
            self._banner(TEXT["placed"].format(number=number), "placed")
            self.notify(TEXT["placed"].format(number=number), timeout=10)
            self._start_fresh(_("Order {number} placed. A new pad is ready.").format(number=number))
        elif result.outcome is SubmitOutcome.QUEUED:
            if result.reason is Reason.WORKING_OFFLINE:  # the user's choice, not a failure
                self._banner(TEXT["queued_offline"], "queued")
                self.notify(_("Working offline: the order is queued in the outbox."), timeout=8)
            else:
                self._banner(TEXT["queued"].format(why=text), "queued")
                self.notify(_("Platform unreachable: the order is kept and queued."), severity="warning", timeout=10)
            self._start_fresh(_("Order kept in the outbox. A new pad is ready."))
        elif result.reason is Reason.REFUSED:
            self._banner(TEXT["rejected"].format(msg=text), "rejected")
            self.notify(text, severity="error", timeout=10)
            self.reload_pad(_("The order was refused; the pad is open again."))
        else:  # not ready, or another sender holds it right now
            self._banner(text, "rejected")
            self._status(Text(text, style=tone("bold yellow")))
            self.reload_pad(_("Not sent."))

    def _start_fresh(self, note: str) -> None:
        self.pad = None
        self.rows = []
        self.totals = None
        self._scores.clear()
        self.query_one("#qo-lines", RowList).set_rows([])
        self._price_note = ""
        self.query_one("#qo-totals", Static).update("")
        self._status(note)
        self._show_draft_header()
