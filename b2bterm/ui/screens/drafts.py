"""Drafts: every draft of every account, and the outbox that sends them.

The list shows each draft's account, lines, total at the prices seen, state (open, queued, sending, sent with the
order number, needs attention, rejected with the platform's reason) and the last error. Enter opens a draft: an open
one in Quick order, one that needs attention in the review, where each changed line is shown as "was ¥12.50 as of
3 days ago, now ¥13.10" and the user accepts, edits or removes it and sends the order again.

The background sender that sends the outbox is a UI service (``ui/outbox_runner.py``); these screens show what it
did (``OutboxChanged``) and ask it for a round when the user says "send now".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from b2bterm import zone
from b2bterm.domain.models import DraftState
from b2bterm.services.outbox import OutboxBusy, OutboxEntry
from b2bterm.ui.format import age_text, money_text
from b2bterm.ui.i18n import N_, _
from b2bterm.ui.outbox_runner import OutboxChanged, request_round
from b2bterm.ui.outcome_text import busy_text, last_error_text, report_counts, stop_text
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.screens.open_draft import open_draft_in_quickorder
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList

if TYPE_CHECKING:
    pass

TEXT = {
    "empty": _("No drafts yet. Start one in Quick order (F3)."),
    "summary": _("{open} open · {queued} waiting to be sent · {attention} need attention · {rejected} rejected · "
                 "{sent} sent"),
    "work_offline": _("Working offline: nothing is sent until you switch back (W)."),
    "sending": _("Sending the outbox…"),
    "sent_report": _("Outbox: {sent} sent, {attention} need attention, {rejected} rejected, {retry} will be retried."),
    "busy_run": _("The outbox is already being sent."),
    "nothing": _("Nothing to send."),
    "opened": _("Draft #{id} is open in Quick order."),
    "deleted": _("Draft #{id} deleted — U restores it."),
    "restored": _("Draft #{id} restored, as it was."),
    "nothing_deleted": _("No draft was deleted in this session: nothing to restore."),
    "not_deletable": _("Draft #{id} is {state}: only an open, rejected or needs-attention draft can be deleted."),
    "sent_already": _("Order {number} was placed; nothing to change."),
    "queued_info": _("Draft #{id} is waiting to be sent ({err}). S sends it now; O takes it back for editing."),
    "work_offline_on": _("Working offline. Orders wait in the outbox until you switch back (W)."),
    "work_offline_off": _("Back online: sending the outbox."),
}

STATE_STYLE = {
    DraftState.OPEN: ("open", ""),
    DraftState.QUEUED: ("queued", "yellow"),
    DraftState.SENDING: ("sending…", "yellow"),
    DraftState.SENT: ("sent", "green"),
    DraftState.NEEDS_ATTENTION: ("needs attention", "bold red"),
    DraftState.REJECTED: ("rejected", "red"),
}


def entry_cells(entry: OutboxEntry, account_names: dict[str, str]) -> list[Text]:
    s = entry.summary
    word, style = STATE_STYLE[s.state]
    state = Text(_(word), style=tone(style))
    if s.state is DraftState.SENT and s.order_number:
        state.append(f" {s.order_number}", style="bold")
    detail = Text()
    if s.state in (DraftState.QUEUED, DraftState.NEEDS_ATTENTION, DraftState.REJECTED) and s.last_error:
        detail.append(last_error_text(s.last_error), style=tone("red") if s.state is not DraftState.QUEUED
                      else tone("yellow"))
    if s.state is DraftState.QUEUED and s.attempts:
        detail.append(_("  (tried {n}×)").format(n=s.attempts), style="dim")
    if s.state is DraftState.QUEUED and s.next_attempt_at:
        detail.append(_("  · next try at {when}").format(when=zone.show(s.next_attempt_at, "%H:%M", zone=True)),
                      style="dim")
    total = Text(money_text(entry.total), justify="right")
    if entry.unpriced:
        total.append("+?", style=tone("yellow"))
    title = s.title or s.po_number
    return [
        Text(f"#{s.id}", style="dim"),
        Text(account_names.get(s.account_id, s.account_id)),
        Text(title),
        Text(str(s.line_count), justify="right"),
        total,
        state,
        Text(age_text(s.updated_at), style="dim"),
        detail,
    ]


# --- the list ---------------------------------------------------------------------------------------------------------


class DraftsScreen(SectionScreen):
    HELP_KEYS = (("Enter", N_("Open the draft (an order that needs attention opens its review)")),)
    SECTION_ID = "drafts"
    SECTION_TITLE = "Drafts"
    DEFAULT_CSS = """
    DraftsScreen #drafts-status { height: auto; padding: 0 1; background: $panel; }
    DraftsScreen #drafts-note { height: auto; padding: 0 1; color: $text-muted; }
    DraftsScreen #drafts-list { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", _("Open"), id="drafts.open"),
        Binding("s", "send_now", _("Send now"), id="drafts.send_now"),
        Binding("o", "reopen", _("Edit"), id="drafts.reopen"),
        # one key, two names: the footer says what W will do now (check_action shows the one that applies)
        Binding("w", "work_offline", _("Work offline"), id="drafts.work_offline"),
        Binding("w", "go_online", _("Go online"), id="drafts.go_online"),
        Binding("ctrl+r", "reload", _("Refresh"), id="drafts.reload"),
        Binding("delete,d", "delete_draft", _("Delete"), id="drafts.delete"),
        Binding("u", "restore_draft", _("Restore"), id="drafts.restore"),
    ]

    class Loaded(Message):
        def __init__(self, entries: list[OutboxEntry], names: dict[str, str]) -> None:
            super().__init__()
            self.entries = entries
            self.names = names

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[OutboxEntry] = []
        self._names: dict[str, str] = {}
        self._deleted: list[Any] = []  # this session's deleted drafts (DraftStore's record), newest last: U restores


    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="drafts-status")
        yield RowList(
            # narrow terminals drop the age, the title and the account before the state and its reason
            [Column("#", 6), Column(_("Account"), 22, drop=2), Column(_("Title / PO"), 14, drop=3),
             Column(_("Lines"), 5, "right"), Column(_("Total (net)"), 13, "right"), Column(_("State"), 26),
             Column(_("Updated"), 11, drop=4), Column(_("Last error / reason"), min_width=16)],
            empty_text=TEXT["empty"], id="drafts-list",
        )
        yield Static("", id="drafts-note")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#drafts-list", RowList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()

    def _note(self, text: str, style: str = "") -> None:
        self.query_one("#drafts-note", Static).update(Text(text, style=style))

    # --- loading -----------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="drafts-load", exit_on_error=False)
    def load(self) -> None:
        entries = self.services.outbox.entries()
        names = dict(self._names)
        account = self.services.account
        if account is not None:
            names[account.id] = f"{account.display_name} ({account.code})"
        self.post_message(self.Loaded(entries, names))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.entries = event.entries
        self._names = event.names
        rows = self.query_one("#drafts-list", RowList)
        rows.set_rows([entry_cells(e, self._names) for e in self.entries], [e.summary.id for e in self.entries],
                      keep_cursor=True)
        self._show_status()

    def _show_status(self) -> None:
        counts = {state: 0 for state in DraftState}
        for e in self.entries:
            counts[e.summary.state] += 1
        text = Text(TEXT["summary"].format(
            open=counts[DraftState.OPEN], queued=counts[DraftState.QUEUED] + counts[DraftState.SENDING],
            attention=counts[DraftState.NEEDS_ATTENTION], rejected=counts[DraftState.REJECTED],
            sent=counts[DraftState.SENT]))
        if not self.services.may_call_platform:
            text.append("  ·  " + TEXT["work_offline"], style=tone("bold yellow"))
        self.query_one("#drafts-status", Static).update(text)

    @on(OutboxChanged)
    def _outbox_changed(self, event: OutboxChanged) -> None:
        report = event.report
        if report is not None and not report.busy and report.results:
            counts = report_counts(report)
            self._note(TEXT["sent_report"].format(
                sent=counts["sent"], attention=counts["needs_attention"], rejected=counts["rejected"],
                retry=counts["retry"]))
        elif report is not None and report.stopped:
            self._note(stop_text(report.stopped), tone("yellow"))
        self.load()

    # --- actions -----------------------------------------------------------------------------------------------

    def _current(self) -> OutboxEntry | None:
        key = self.query_one("#drafts-list", RowList).current_key
        return next((e for e in self.entries if e.summary.id == key), None)

    @on(RowList.Chosen, "#drafts-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        entry = self._current()
        if entry is None:
            return
        s = entry.summary
        if s.state is DraftState.NEEDS_ATTENTION:
            from b2bterm.ui.screens.outbox_review import OutboxReview

            self.app.push_screen(OutboxReview(s.id, self._names.get(s.account_id, s.account_id)))
        elif s.state is DraftState.OPEN:
            self.open_in_quickorder(s.id, s.account_id)
        elif s.state is DraftState.SENT:
            self._note(TEXT["sent_already"].format(number=s.order_number))
        elif s.state is DraftState.REJECTED:
            self.action_reopen()
        else:
            self._note(TEXT["queued_info"].format(id=s.id, err=last_error_text(s.last_error) if s.last_error else _(
                STATE_STYLE[s.state][0])), tone("yellow"))

    def action_send_now(self) -> None:
        if not self.services.may_call_platform:
            self._note(TEXT["work_offline"], tone("bold yellow"))
            return
        self._note(TEXT["sending"])
        request_round(self.app, True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "work_offline":
            return self.services.may_call_platform
        if action == "go_online":
            return not self.services.may_call_platform
        return super().check_action(action, parameters)

    def action_work_offline(self) -> None:
        self.action_toggle_offline()

    def action_go_online(self) -> None:
        self.action_toggle_offline()

    def action_toggle_offline(self) -> None:
        going_offline = self.services.may_call_platform
        self.services.work_offline(going_offline)
        self.app.refresh_header()  # type: ignore[attr-defined]
        self._note(TEXT["work_offline_on"] if going_offline else TEXT["work_offline_off"],
                   tone("bold yellow") if going_offline else "")
        self.refresh_bindings()
        self._show_status()

    def action_reload(self) -> None:
        self.load()

    def action_reopen(self) -> None:
        entry = self._current()
        if entry is None:
            return
        if entry.summary.state is DraftState.OPEN:
            self.open_in_quickorder(entry.summary.id, entry.summary.account_id)
            return
        self.reopen(entry.summary.id, entry.summary.account_id)

    @work(thread=True, exclusive=True, group="drafts-edit", exit_on_error=False)
    def reopen(self, draft_id: int, account_id: str) -> None:
        try:
            self.services.outbox.reopen(draft_id)
        except OutboxBusy as exc:
            self.app.call_from_thread(self._note, busy_text(exc), tone("yellow"))
            return
        self.app.call_from_thread(self.open_in_quickorder, draft_id, account_id)

    def open_in_quickorder(self, draft_id: int, account_id: str) -> None:
        open_draft_in_quickorder(self.app, draft_id, account_id, self._note)

    def action_delete_draft(self) -> None:
        entry = self._current()
        if entry is None:
            return
        s = entry.summary
        if s.state not in (DraftState.OPEN, DraftState.REJECTED, DraftState.NEEDS_ATTENTION):
            self._note(TEXT["not_deletable"].format(id=s.id, state=_(s.state.value.replace("_", " "))), tone("yellow"))
            return
        self.change_drafts(s.id, None)

    def action_restore_draft(self) -> None:
        if not self._deleted:
            self._note(TEXT["nothing_deleted"])
            return
        self.change_drafts(None, self._deleted[-1])

    @work(thread=True, exclusive=True, group="drafts-edit", exit_on_error=False)
    def change_drafts(self, delete: int | None, restore: Any) -> None:
        """Delete a draft (kept for U in this session) or put the last deleted one back; then reload the list."""
        try:
            if delete is not None:
                self._deleted.append(self.services.drafts.delete_draft(delete))
                note = TEXT["deleted"].format(id=delete)
            elif restore is not None:
                self.services.drafts.restore_draft(restore)
                self._deleted.remove(restore)
                note = TEXT["restored"].format(id=restore.draft_id)
        except Exception as exc:  # the drafts are unchanged
            self.app.call_from_thread(self._note, str(exc) or exc.__class__.__name__, tone("bold red"))
            return
        self.app.call_from_thread(self._note, note, tone("green"))
        self.load()
