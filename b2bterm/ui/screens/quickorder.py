"""Quick order: the counter's main screen. Type, scan or paste lines; fix what is unclear; send.

One prompt takes typed lines ("LC1D09M7 5"), scanner bursts (keystrokes ending in Enter, the same path) and
multi-line pastes (the whole paste goes to ``OrderPad.add_text`` at once: one transaction). Edits run in thread
workers under one lock, so the pad is changed by one thread at a time and every edit is committed before the
screen says "saved". Prices and stock are fetched in an async worker after each change; the rows update when they
arrive. The screen holds no business rules: the pad decides, the screen shows.

Keys work from the prompt: ↑↓ move the line cursor, Enter on an empty prompt opens the candidate picker of an
ambiguous line (or the quantity of a resolved one), and with an empty prompt ``+``/``-``/Delete change or remove the
current line. When the line list has the focus, ``q`` and ``r`` work too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from b2bterm.domain.models import DraftOrder, DraftState, LineStatus, Product
from b2bterm.domain.readiness import line_ready
from b2bterm.local.drafts import NewLine
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow, ProblemKind, Totals, offer_qty
from b2bterm.quickorder.parser import MAX_QTY, IgnoredLine
from b2bterm.quickorder.rank import rank
from b2bterm.quickorder.resolve import CANDIDATE_LIMIT, candidate_scores, line_code
from b2bterm.services.submit import Outcome as SubmitOutcome
from b2bterm.services.submit import Reason
from b2bterm.services.submit import SendResult as SubmitResult
from b2bterm.ui.format import money_text, stock_label
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.outcome_text import send_text
from b2bterm.ui.problem_text import price_note_text, problem_text
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.screens.draft_header import INVOICE_LABELS, DraftHeaderForm, HeaderValues
from b2bterm.ui.screens.pick_candidate import CandidatePicker, Choice
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.widgets.text_input import TextInput
from b2bterm.ui.wording import word

if TYPE_CHECKING:
    from b2bterm.desk import Desk
    from b2bterm.orders import FrequentItem

TEXT = {
    "placeholder": _("Model no. and qty (LC1D09M7 5), scan, or paste a whole list · Enter adds"),
    "empty": _("No lines yet. Type or scan a model number, or paste a list from WeChat, e-mail or Excel."),
    "no_account": _("Choose a customer account (F7) to start an order."),
    "added": _("{added} added, {pick} need a pick, {unknown} unknown, {aside} lines set aside"),
    "merged": _(" ({merged} merged into lines already on the pad)"),
    "saved": _("saved"),
    "saving": _("saving…"),
    "pricing": _("fetching prices and stock…"),
    "priced": _("prices and stock up to date"),
    "price_failed": _("prices not refreshed: {err}"),
    "nothing": _("The pad is empty: add lines first."),
    "not_ready": _("Not sent — fix these lines first: {lines}"),
    "placed": _("ORDER PLACED: {number}"),
    "queued": _("NOT SENT YET — {why}"),
    "queued_offline": _("QUEUED — you are working offline. The order waits in the outbox and is sent when you go "
                        "back online (W in Drafts, F6)."),
    "rejected": _("The platform refused the order: {msg} The pad stays open; fix it and send again."),
    "ignored_title": _("Lines set aside (not order lines) — Ctrl+G hides this list"),
    "no_candidates": _("None of this line's products are in the catalog any more: search for it (F2) or delete it."),
}

_PROBLEM_STYLE = {
    ProblemKind.UNKNOWN: "bold red",
    ProblemKind.AMBIGUOUS: "bold yellow",
    ProblemKind.QTY_ERROR: "bold red",
    ProblemKind.QTY_UNREADABLE: "bold red",
    ProblemKind.PACK_SIZE_UNKNOWN: "bold red",
    ProblemKind.UNIT_MISMATCH: "bold red",
    ProblemKind.DISCONTINUED: "red",
    ProblemKind.OUT_OF_STOCK: "red",
    ProblemKind.SHORT: "yellow",
    ProblemKind.BELOW_MOQ: "yellow",
    ProblemKind.NOT_PACK_MULTIPLE: "yellow",
}



def pad_row_cells(row: PadRow, number: int) -> list[Text]:
    """The cells of one line in the table; product text is plain ``Text`` (never markup)."""
    flag = ""
    if row.status is LineStatus.UNKNOWN:
        flag = "bold red"
    elif row.status is LineStatus.AMBIGUOUS:
        flag = "bold yellow"
    model = Text(row.model, style="bold") if row.model else Text(
        _("? pick one of {n}").format(n=len(row.candidates)) if row.status is LineStatus.AMBIGUOUS
        else _("✗ unknown"), style=flag)
    name = Text(row.name_zh or row.name)
    qty = Text(f"{row.qty:,}" if row.qty >= 1 else "?", justify="right",
               style="bold red" if row.qty < 1 else "")
    price = Text(money_text(row.unit_price), justify="right")
    if row.price_stale:
        price = Text("~" + money_text(row.unit_price), justify="right", style="dim")
    color, stock_word = stock_label(row.stock) if row.status is LineStatus.RESOLVED else ("dim", "")
    problems = Text()
    for i, problem in enumerate(row.problems):
        if i:
            problems.append("; ")
        style = "italic" if problem.notice else _PROBLEM_STYLE.get(problem.kind, "")
        problems.append(problem_text(problem), style=style)
    for note in row.price_notes:
        if problems:
            problems.append("; ")
        problems.append(price_note_text(note), style="yellow")
    return [
        Text(str(number), style=flag or "dim"),
        Text(row.input, style=flag),
        model,
        Text(row.brand),
        name,
        qty,
        Text(word(row.unit)),
        price,
        Text(money_text(row.extended), justify="right"),
        Text(stock_word, style=color),
        problems,
    ]


def changes_note(pad: OrderPad, result: AddResult) -> str:
    """"; quantities changed: LC1D09M7 5 → 10, …" for the lines an add merged into, "" when none."""
    changes = pad.qty_changes(result)
    if not changes:
        return ""
    shown = ", ".join(f"{name} {old:,} → {new:,}" for name, old, new in changes[:5])
    more = _(" and {n} more").format(n=len(changes) - 5) if len(changes) > 5 else ""
    return _("; quantities changed: {changes}").format(changes=shown + more)


def _last_changed(result: AddResult) -> int | None:
    changed = [*result.added, *result.merged]
    return changed[-1].id if changed else None


def totals_text(rows: Sequence[PadRow], totals: Totals) -> Text:
    text = Text()
    text.append(_("Net "), style="dim")
    text.append(totals.net.format(), style="bold")
    text.append(_("  ·  Tax "), style="dim")
    text.append(totals.tax.format())
    text.append(_("  ·  含税 incl. tax "), style="dim")
    text.append(totals.gross.format(), style="bold")
    attention = sum(1 for r in rows if not line_ready(r.status, r.qty))
    text.append(ngettext("  ·  {n} line, {p} priced", "  ·  {n} lines, {p} priced",
                         len(rows)).format(n=len(rows), p=totals.priced_lines), style="dim")
    if attention:
        text.append(_(", {n} need attention").format(n=attention), style="bold yellow")
    return text


class OrderInput(TextInput):
    """The prompt. A multi-line paste is handed over whole; with the prompt empty, + - and Delete act on the
    current line instead of editing text."""

    class Pasted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class LineKey(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def _on_paste(self, event: events.Paste) -> None:
        if "\n" in event.text.strip("\r\n") or "\r" in event.text.strip("\r\n"):
            event.stop()
            event.prevent_default()
            self.post_message(self.Pasted(event.text))
            return
        super()._on_paste(events.Paste(event.text.strip("\r\n")))
        event.stop()

    async def _on_key(self, event: events.Key) -> None:
        if not self.value and event.key in ("plus", "minus", "delete"):
            event.stop()
            event.prevent_default()
            self.post_message(self.LineKey(event.key))
            return
        await super()._on_key(event)  # its own keys in order (TextInput); a printable key is typed by Input


PROBLEMS_COLUMN = 10  # the Problems column of the lines list (pad_row_cells)


class QuickOrderScreen(SectionScreen):
    FOOTER_FIRST = ("submit", "edit_qty")  # a narrow footer keeps Send and Qty before the other keys
    HELP_KEYS = (("Enter", N_("Add what is typed; on a line that needs a pick, choose the product")),
                 ("+  −  Del", N_("With the prompt empty: more, less, delete the current line")))
    HELP_SYNTAX = N_("Lines: a model number and a quantity (LC1D09M7 5, LC1D09M7 x5, 5 pcs LC1D09M7); a SKU, a "
                     "maker's article number or the customer's own part number work too. Paste a whole list "
                     "from WeChat, e-mail or Excel: lines that are not order lines are set aside (Ctrl+G).")
    SECTION_ID = "quickorder"
    SECTION_TITLE = "Quick order"
    DEFAULT_CSS = """
    QuickOrderScreen #qo-draft { height: auto; padding: 0 1; background: $panel; }
    QuickOrderScreen #qo-banner { height: auto; padding: 0 1; display: none; text-style: bold; }
    QuickOrderScreen #qo-banner.placed { display: block; background: $success 30%; }
    QuickOrderScreen #qo-banner.queued { display: block; background: $warning 30%; }
    QuickOrderScreen #qo-banner.rejected { display: block; background: $error 30%; }
    QuickOrderScreen #qo-banner.info { display: block; background: $primary 20%; }
    QuickOrderScreen #qo-lines { height: 1fr; }
    QuickOrderScreen #qo-detail { height: auto; max-height: 2; padding: 0 1; display: none; }
    QuickOrderScreen #qo-detail.cut { display: block; }
    QuickOrderScreen #qo-ignored-title { height: 1; padding: 0 1; color: $warning; }
    QuickOrderScreen #qo-ignored { height: 6; }
    QuickOrderScreen #qo-totals { height: auto; max-height: 2; padding: 0 1; background: $panel; }
    QuickOrderScreen #qo-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    QuickOrderScreen #qo-input { border: tall $primary; }
    """
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

    # --- messages from workers -----------------------------------------------------------------------------------

    class PadShown(Message):
        """The pad (or None: no open draft) and what it shows now."""

        def __init__(self, pad: OrderPad | None, rows: list[PadRow], totals: Totals | None, note: str = "",
                     added: AddResult | None = None, reprice: bool = False, focus_line: int | None = None,
                     priced: bool = False) -> None:
            super().__init__()
            self.priced = priced  # an answer of the price worker: dropped when its pad is no longer shown
            self.pad = pad
            self.rows = rows
            self.totals = totals
            self.note = note
            self.added = added
            self.reprice = reprice
            self.focus_line = focus_line

    class EditFailed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Submitted(Message):
        def __init__(self, result: SubmitResult) -> None:
            super().__init__()
            self.result = result

    class Noted(Message):
        """A worker's outcome that changes no line (a list saved)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class ListChosen(Message):
        def __init__(self, list_id: int, name: str, items: int) -> None:
            super().__init__()
            self.list_id = list_id
            self.name = name
            self.items = items

    class BuyAgainLoaded(Message):
        def __init__(self, account_id: str, items: list[FrequentItem]) -> None:
            super().__init__()
            self.account_id = account_id
            self.items = items

    def __init__(self) -> None:
        super().__init__()
        self.pad: OrderPad | None = None
        self.rows: list[PadRow] = []
        self.totals: Totals | None = None
        self._lock = threading.Lock()  # one edit of the pad at a time
        self._scores: dict[int, dict[str, float | None]] = {}
        self._picker_pending = False  # Enter on an ambiguous line: its candidates are being read
        self._ignored: list[IgnoredLine] = []
        self._banner_kind = ""
        self._sending = False
        self._shown_account: str | None = None  # whose drafts the screen shows (a pad or "no pad yet")
        self._price_note = ""

    @property
    def desk(self) -> Desk:
        return self.app.desk  # type: ignore[attr-defined, no-any-return]

    # --- layout ----------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="qo-draft")
        yield Static("", id="qo-banner")
        yield RowList(
            # narrow terminals hide what the job needs least first: typed input, brand, unit, stock, name; the
            # model, quantity, net price, extended and problems always stay
            [Column("#", 3, "right"), Column(_("Input"), 16, drop=6), Column(_("Model"), 18),
             Column(_("Brand"), 8, drop=5), Column(_("Name"), min_width=12, drop=2), Column(_("Qty"), 7, "right"),
             Column(_("Unit"), 4, drop=4), Column(_("Unit price"), 11, "right"),
             Column(_("Extended"), 12, "right"), Column(_("Stock"), 10, drop=3), Column(_("Problems"), min_width=24)],
            empty_text=TEXT["empty"], id="qo-lines",
        )
        yield Static("", id="qo-detail")  # the selected line's problems in full, when the column cuts them
        yield Static(TEXT["ignored_title"], id="qo-ignored-title")
        yield RowList([Column(_("Line"), 5, "right"), Column(_("Text")), Column(_("Why set aside"), 34)],
                      id="qo-ignored")
        yield Static("", id="qo-totals")
        yield Static("", id="qo-status")
        yield OrderInput(placeholder=TEXT["placeholder"], id="qo-input")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self._show_ignored(False)
        self.query_one("#qo-input", OrderInput).focus()
        self._show_draft_header()
        if self.desk.account is None:
            self._status(TEXT["no_account"])
            self.app.action_pick_account()  # type: ignore[attr-defined]
            return
        self._shown_account = self.desk.account.id
        self.open_latest()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        account = self.desk.account
        if account is None or self._sending:
            return
        if self.pad is not None and not self.desk.drafts.exists(self.pad.draft_id):
            self._start_fresh(_("The draft shown here was deleted (Drafts, F6): a new pad is ready."))
        elif account.id != self._shown_account:
            self.account_changed()  # the account changed while another section (or a picker) was shown
        elif self.pad is not None and self.rows:
            self.reprice()  # prices may have moved, or the platform is back, while another section was shown

    def account_changed(self) -> None:
        """The app chose another account: show that account's open draft (or none) and reprice."""
        self._shown_account = self.desk.account.id if self.desk.account else None
        self._banner("", "")
        if self.pad is not None and self.desk.account is not None and self.pad.account_id == self.desk.account.id:
            self.reprice()
            return
        self.open_latest()

    # --- small display helpers -------------------------------------------------------------------------------------

    def _status(self, text: str | Text) -> None:
        self.query_one("#qo-status", Static).update(text if isinstance(text, Text) else Text(text))

    def _banner(self, text: str, kind: str) -> None:
        banner = self.query_one("#qo-banner", Static)
        self._banner_kind = kind
        banner.set_classes(kind)
        banner.update(Text(text))

    def _show_ignored(self, show: bool) -> None:
        self.query_one("#qo-ignored-title").display = show
        self.query_one("#qo-ignored").display = show

    def _show_draft_header(self) -> None:
        account = self.desk.account
        text = Text()
        if account is None:
            text.append(TEXT["no_account"], style="bold yellow")
            self.query_one("#qo-draft", Static).update(text)
            return
        text.append(_("Customer "), style="dim")
        text.append(f"{account.display_name} ({account.code})", style="bold")
        draft: DraftOrder | None = self.pad.draft if self.pad else None
        ship = ""
        if draft is not None and draft.ship_to_id:
            ship = next((s.name for s in account.ship_tos if s.id == draft.ship_to_id), draft.ship_to_id)
        elif account.ship_tos:
            ship = account.ship_tos[0].name + _(" (default)")
        text.append(_("  ·  Ship to "), style="dim")
        text.append(ship or "—")
        text.append(_("  ·  PO "), style="dim")
        text.append(draft.po_number if draft and draft.po_number else "—")
        text.append(_("  ·  Date "), style="dim")
        text.append(draft.requested_date.isoformat() if draft and draft.requested_date else "—")
        text.append(_("  ·  Invoice "), style="dim")
        text.append(INVOICE_LABELS[draft.invoice_type].split(" (")[0] if draft else INVOICE_LABELS[
            next(iter(INVOICE_LABELS))].split(" (")[0])
        if draft and draft.note:
            text.append(_("  ·  Note "), style="dim")
            text.append(draft.note)
        text.append(_("  ·  draft #{id}").format(id=draft.id) if draft else _("  ·  new pad"), style="dim")
        text.append(_("  (F10 edit)"), style="dim italic")
        self.query_one("#qo-draft", Static).update(text)

    def _current_row(self) -> PadRow | None:
        lines = self.query_one("#qo-lines", RowList)
        key = lines.current_key
        return next((r for r in self.rows if r.line_id == key), None)

    # --- pad workers (SQLite: thread workers, one edit at a time) ------------------------------------------------

    def open_latest(self) -> None:
        """Reopen the account's most recent OPEN draft, so a restart loses nothing; else no pad until a line."""
        self.open_draft(None)

    @work(thread=True, exclusive=True, group="qo-open", exit_on_error=False)
    def open_draft(self, draft_id: int | None) -> None:
        """Show ``draft_id`` (from Drafts, or a reorder), or with None the account's most recent OPEN draft.

        Exclusive: a later open (e.g. a reorder arriving while the screen resumes) wins over an earlier one."""
        worker = get_current_worker()
        account = self.desk.account
        if account is None and draft_id is None:
            return
        with self._lock:
            if draft_id is None:
                drafts = self.desk.drafts.list_drafts(account.id, states=[DraftState.OPEN])  # type: ignore[union-attr]
                if not drafts:
                    if not worker.is_cancelled:
                        self.post_message(self.PadShown(None, [], None))
                    return
                draft_id = drafts[0].id
            pad = self.desk.open_pad(draft_id)
            rows = pad.lines()
            totals = pad.totals(rows)
        if worker.is_cancelled:
            return
        note = ngettext("Reopened your open draft #{id} ({n} line).", "Reopened your open draft #{id} ({n} lines).",
                                 len(rows)).format(id=pad.draft_id, n=len(rows)) if rows else ""
        self.post_message(self.PadShown(pad, rows, totals, note, reprice=bool(rows)))

    def _ensure_pad(self) -> OrderPad:
        """The pad to edit (thread, under the lock): a fresh draft when there is none or it was sent."""
        pad = self.pad
        if pad is not None and pad.draft.state is DraftState.OPEN:
            return pad
        account = self.desk.account
        if account is None:
            raise LookupError(TEXT["no_account"])
        pad = self.desk.new_pad(account.id)
        self.pad = pad  # the edit thread owns the pad until PadShown arrives; the UI only reads it after that
        return pad

    def _edit(self, label: str, change: Callable[[OrderPad], Any], *, create: bool = False,
              focus: Callable[[Any], int | None] | None = None,
              describe: Callable[[OrderPad, Any], str] | None = None) -> None:
        """Run one pad edit (thread, under the lock) and post what the screen shows after it."""
        with self._lock:
            try:
                pad = self._ensure_pad() if create else self.pad
                if pad is None:
                    return
                result = change(pad)
                rows = pad.lines()
                totals = pad.totals(rows)
                if describe is not None:
                    label = describe(pad, result)
            except Exception as exc:  # shown to the user, the pad is unchanged
                self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
                return
        added = result if isinstance(result, AddResult) and describe is None else None
        note = label if result is not False and result is not None else ""
        self.post_message(self.PadShown(pad, rows, totals, note, added=added, reprice=True,
                                        focus_line=focus(result) if focus else None))

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def add_text(self, text: str) -> None:
        merge = self.desk.merge_repeated

        def focus(result: AddResult) -> int | None:
            changed = [*result.added, *result.merged]
            return changed[-1].id if changed else None

        self._edit(TEXT["saved"], lambda pad: pad.add_text(text, merge=merge), create=True, focus=focus)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def set_qty(self, line_id: int, qty: int) -> None:
        self._edit(TEXT["saved"], lambda pad: pad.set_qty(line_id, qty), focus=lambda line: line.id)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def delete_line(self, line_id: int) -> None:
        self._edit(TEXT["saved"], lambda pad: pad.delete_line(line_id))

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def pick(self, line_id: int, sku: str) -> None:
        merge = self.desk.merge_repeated
        self._edit(TEXT["saved"], lambda pad: pad.pick(line_id, sku, merge=merge), focus=lambda line: line.id)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def round_up(self, line_id: int, number: int, before: int, unit: str, why: str) -> None:
        def change(pad: OrderPad) -> bool:
            return pad.round_up(line_id)

        def said(pad: OrderPad, _changed: bool) -> str:
            return _("Line {n}: {before:,} → {after:,} {unit} ({why}) — saved").format(
                n=number, before=before, after=pad.line(line_id).qty, unit=unit, why=why)

        self._edit("", change, focus=lambda _changed: line_id, describe=said)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def edit_line(self, line_id: int, text: str) -> None:
        merge = self.desk.merge_repeated
        self._edit(_("line read again — saved"), lambda pad: pad.edit_line(line_id, text, merge=merge),
                   focus=lambda line: line.id)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def redo(self) -> None:
        def change(pad: OrderPad) -> str | None:
            return pad.redo()

        self._edit(_("redone — saved"), change)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def undo(self) -> None:
        def change(pad: OrderPad) -> str | None:
            return pad.undo()

        with self._lock:
            label = self.pad.undo_label if self.pad else ""
        self._edit(_("undone: {what} — saved").format(what=label), change)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def save_header(self, values: HeaderValues) -> None:
        def change(pad: OrderPad) -> bool:
            pad.store.update_header(pad.draft_id, ship_to_id=values.ship_to_id, po_number=values.po_number,
                                    requested_date=values.requested_date, invoice_type=values.invoice_type,
                                    note=values.note)
            pad.reload()
            return True

        self._edit(_("order details saved"), change, create=True)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def reload_pad(self, note: str) -> None:
        def change(pad: OrderPad) -> bool:
            pad.reload()
            return True

        self._edit(note, change)

    # --- prices and stock (platform: async worker) -----------------------------------------------------------------

    @work(exclusive=True, group="qo-price", exit_on_error=False)
    async def reprice(self) -> None:
        import asyncio

        pad = self.pad
        if pad is None:
            return
        self._price_note = TEXT["pricing"]
        self._show_totals()
        note = TEXT["priced"]
        try:
            await pad.reprice()
            await pad.refresh_stock()
        except KeyError:
            note = ""  # a line went while prices were on their way; the edit that removed it reprices again
        except Exception as exc:  # the pad keeps its previous prices
            note = TEXT["price_failed"].format(err=getattr(exc, "message", None) or str(exc))

        def snapshot() -> tuple[list[PadRow], Totals]:
            with self._lock:
                rows = pad.lines()
                return rows, pad.totals(rows)

        rows, totals = await asyncio.to_thread(snapshot)
        unpriced = sum(1 for r in rows if r.status is LineStatus.RESOLVED and r.qty >= 1 and r.unit_price is None)
        if note == TEXT["priced"] and unpriced:  # lines that need a pick or a fix say so in their own column
            note = ngettext("{n} line has no price yet: the platform gave none (it is not in the total)",
                            "{n} lines have no price yet: the platform gave none (they are not in the total)",
                            unpriced).format(n=unpriced)
        self.post_message(self.PadShown(pad, rows, totals, note, priced=True))

    # --- showing results ------------------------------------------------------------------------------------------

    @on(PadShown)
    def _pad_shown(self, event: PadShown) -> None:
        if event.priced and event.pad is not self.pad:
            return  # a stale price answer for a pad that is no longer shown
        if event.pad is not None and event.pad is not self.pad and self._banner_kind in ("placed", "queued"):
            self._banner("", "")  # it spoke of the order just sent, not of this new draft
        self.pad = event.pad
        self.rows = event.rows
        self.totals = event.totals
        if event.pad is not None:
            self._shown_account = event.pad.account_id
        lines = self.query_one("#qo-lines", RowList)
        lines.set_rows([pad_row_cells(r, i + 1) for i, r in enumerate(event.rows)],
                       [r.line_id for r in event.rows], keep_cursor=True)
        if event.focus_line is not None:
            keys = [r.line_id for r in event.rows]
            if event.focus_line in keys:
                lines.cursor = keys.index(event.focus_line)
        if event.priced:
            self._price_note = event.note
        self._show_detail()
        self._show_totals()
        # a price answer's note goes on the totals line; the status keeps what the last edit said
        if not event.priced and event.added is not None:
            self._show_add_result(event.added, event.note)
        elif not event.priced and event.note:
            self._status(event.note)
        self._show_draft_header()
        if event.reprice:
            self.reprice()

    @on(RowList.Highlighted, "#qo-lines")
    def _show_detail(self) -> None:
        """At a width that cuts the Problems column, the selected line's problems in full below the list."""
        lines = self.query_one("#qo-lines", RowList)
        detail = self.query_one("#qo-detail", Static)
        cut = bool(self.rows) and lines.cell_cut(lines.cursor, PROBLEMS_COLUMN)
        detail.set_class(cut, "cut")
        if cut:
            text = Text(f"#{lines.cursor + 1} ", style="bold")
            text.append_text(lines.cell(lines.cursor, PROBLEMS_COLUMN))
            detail.update(text)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_detail)

    def _show_totals(self) -> None:
        text = totals_text(self.rows, self.totals) if self.totals else Text("")
        if self._price_note and self.totals:
            failed = self._price_note.startswith(TEXT["price_failed"].split("{")[0])
            text.append("  ·  " + self._price_note, style="yellow" if failed else "dim italic")
        self.query_one("#qo-totals", Static).update(text)

    def _show_add_result(self, result: AddResult, note: str) -> None:
        ambiguous = [r for r in result.resolved if r.status is LineStatus.AMBIGUOUS]
        new_ambiguous = [x for x in result.added if x.status is LineStatus.AMBIGUOUS]
        for line, resolved in zip(new_ambiguous, ambiguous, strict=False):
            self._scores[line.id] = {c.sku: c.score for c in resolved.candidates}
        added = result.count(LineStatus.RESOLVED)
        text = Text(TEXT["added"].format(added=added, pick=result.count(LineStatus.AMBIGUOUS),
                                         unknown=result.count(LineStatus.UNKNOWN), aside=len(result.ignored)))
        if result.merged:
            text.append(TEXT["merged"].format(merged=len(result.merged)))
            if self.pad is not None:
                text.append(changes_note(self.pad, result))
        text.append(" · " + note, style="green")
        self._status(text)
        self._ignored = list(result.ignored)
        ignored = self.query_one("#qo-ignored", RowList)
        ignored.set_rows([[Text(str(x.line_no), justify="right"), Text(x.raw), Text(word(x.reason), style="yellow")]
                          for x in self._ignored])
        self._show_ignored(bool(self._ignored))

    @on(EditFailed)
    def _edit_failed(self, event: EditFailed) -> None:
        self._sending = False
        self._status(Text(event.text, style="bold red"))
        self.notify(event.text, severity="error")

    # --- input -----------------------------------------------------------------------------------------------------

    def _can_edit(self) -> bool:
        if self.desk.account is None:
            self._status(Text(TEXT["no_account"], style="bold yellow"))
            self.app.action_pick_account()  # type: ignore[attr-defined]
            return False
        if self._sending:
            self._status(_("Sending the order… wait for the answer."))
            return False
        return True

    @on(Input.Submitted, "#qo-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            self.action_open_line()
            return
        if not self._can_edit():
            return
        event.input.value = ""
        self._banner("", "")
        self._status(TEXT["saving"])
        self.add_text(text)

    @on(OrderInput.Pasted)
    def _pasted(self, event: OrderInput.Pasted) -> None:
        self._add_paste(event.text)

    def on_paste(self, event: events.Paste) -> None:
        # A paste while the line list has the focus: same path as the prompt.
        self._add_paste(event.text)

    def _add_paste(self, text: str) -> None:
        if not text.strip() or not self._can_edit():
            return
        self._banner("", "")
        self._status(TEXT["saving"])
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

    # --- actions ---------------------------------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.query_one("#qo-lines", RowList).cursor += delta

    def action_focus_prompt(self) -> None:
        self.query_one("#qo-input", OrderInput).focus()

    def action_toggle_ignored(self) -> None:
        shown = self.query_one("#qo-ignored").display
        self._show_ignored(not shown and bool(self._ignored))
        if not self._ignored:
            self._status(_("No lines were set aside from the last paste."))

    def action_open_line(self) -> None:
        """Enter on a line: pick a product for an ambiguous one, else change its quantity."""
        row = self._current_row()
        if row is None:
            return
        if row.status is LineStatus.AMBIGUOUS and row.candidates:
            if not self._picker_pending:  # a second Enter while the candidates are read opens nothing more
                self._picker_pending = True
                self._open_picker(row)
        elif row.status is LineStatus.UNKNOWN:
            self._status(Text(_("Line {n} is not a known product: delete it (Del) or type the right model.").format(
                n=self.rows.index(row) + 1), style="yellow"))
        else:
            self.action_edit_qty()

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def _open_picker(self, row: PadRow) -> None:
        """Read the line's candidates (the paste left them in the catalog) and show the pick list."""
        choices: list[Choice] | None = None
        try:
            with self._lock:
                pad = self.pad
                if pad is None:
                    return
                try:
                    products = pad.candidate_products(row.line_id)
                except KeyError:  # the line went away (undo) before Enter was handled
                    return
            scores = self._scores.get(row.line_id) or candidate_scores(pad.lookup, row.input, products,
                                                                        account_id=pad.account_id)
            choices = [Choice(r.product, r.score, r.matched, r.tokens)
                       for r in rank(line_code(row.input), products, scores)]
        finally:
            self.app.call_from_thread(self._show_picker, row, choices)

    def _show_picker(self, row: PadRow, choices: list[Choice] | None) -> None:
        """Open the pick list, unless the line was settled or the user went elsewhere meanwhile."""
        self._picker_pending = False
        current = next((r for r in self.rows if r.line_id == row.line_id), None)
        gone = current is None or current.status is not LineStatus.AMBIGUOUS
        if choices is None or gone or self.app.screen is not self:
            return
        if not choices:
            self._status(Text(TEXT["no_candidates"], style="yellow"))
            return

        def picked(sku: str | None) -> None:
            self.action_focus_prompt()
            if sku and self._can_edit():
                self._status(TEXT["saving"])
                self.pick(row.line_id, sku)

        def search(query: str) -> list[Product]:
            return self.desk.search_catalog(query, limit=CANDIDATE_LIMIT).products

        picker = CandidatePicker(row.input, choices, qty=offer_qty(current.qty), search=search,
                                 code=line_code(row.input))
        self.app.push_screen(picker, picked)
        self._fetch_offers(picker, row.line_id)

    @work(group="qo-offers", exclusive=True, exit_on_error=False)
    async def _fetch_offers(self, picker: CandidatePicker, line_id: int) -> None:
        """The customer's prices and the stock of the candidates, into the open pick list."""
        pad = self.pad
        if pad is None:
            return
        try:
            offers = await pad.candidate_offers(line_id)
        except KeyError:  # the line went away
            return
        if picker in self.app.screen_stack:  # else the user has already picked or left
            picker.show_offers(offers)

    def action_edit_qty(self) -> None:
        from b2bterm.ui.screens.qty_prompt import QtyPrompt

        row = self._current_row()
        if row is None:
            return

        def chosen(qty: int | None) -> None:
            self.action_focus_prompt()
            if qty is not None and qty != row.qty and self._can_edit():
                self._status(TEXT["saving"])
                self.set_qty(row.line_id, qty)

        self.app.push_screen(QtyPrompt(row.model or row.input, max(row.qty, 1)), chosen)

    def action_edit_line(self) -> None:
        from b2bterm.ui.screens.line_edit import LineEditPrompt

        row = self._current_row()
        if row is None or not self._can_edit():
            return

        def edited(text: str | None) -> None:
            self.action_focus_prompt()
            if text is not None and self._can_edit():
                self._status(TEXT["saving"])
                self.edit_line(row.line_id, text)

        self.app.push_screen(LineEditPrompt(self.rows.index(row) + 1, row.input.split(" | ")[0]), edited)

    def action_step_qty(self, direction: int) -> None:
        row = self._current_row()
        if row is None or not self._can_edit():
            return
        qty = row.qty + direction if row.qty >= 1 else 1
        if 1 <= qty <= MAX_QTY and qty != row.qty:
            self._status(TEXT["saving"])
            self.set_qty(row.line_id, qty)

    def action_delete_line(self) -> None:
        row = self._current_row()
        if row is not None and self._can_edit():
            self._status(TEXT["saving"])
            self.delete_line(row.line_id)

    def action_round_up(self) -> None:
        row = self._current_row()
        if row is None or not self._can_edit():
            return
        if not any(p.fixable_by_round_up for p in row.problems):
            self._status(_("Line {n} needs no rounding.").format(n=self.rows.index(row) + 1))
            return
        self._status(TEXT["saving"])
        why = "; ".join(problem_text(p) for p in row.problems if p.fixable_by_round_up)
        self.round_up(row.line_id, self.rows.index(row) + 1, row.qty, word(row.unit), why)

    def action_undo(self) -> None:
        if self.pad is None or not self.pad.can_undo:
            self._status(_("Nothing to undo."))
            return
        if self._can_edit():
            self._status(TEXT["saving"])
            self.undo()

    def action_redo(self) -> None:
        if self.pad is None or not self.pad.can_redo:
            self._status(_("Nothing to redo."))
            return
        if self._can_edit():
            self._status(TEXT["saving"])
            self.redo()

    def action_edit_header(self) -> None:
        account = self.desk.account
        if account is None or not self._can_edit():
            return
        draft = self.pad.draft if self.pad else DraftOrder(id=0, account_id=account.id)

        def chosen(values: HeaderValues | None) -> None:
            self.action_focus_prompt()
            if values is not None:
                self._status(TEXT["saving"])
                self.save_header(values)

        self.app.push_screen(DraftHeaderForm(draft, account.ship_tos), chosen)

    # --- buy again, requisition lists, file import --------------------------------------------------------------

    def _account_label(self) -> str:
        account = self.desk.account
        return f"{account.display_name} ({account.code})" if account else ""

    def action_buy_again(self) -> None:
        account = self.desk.account
        if account is None or not self._can_edit():
            return
        self._status(_("reading what {account} buys most often…").format(account=account.code))
        self.load_buy_again(account.id)

    @work(exclusive=True, group="qo-again", exit_on_error=False)
    async def load_buy_again(self, account_id: str) -> None:
        try:
            items = await self.desk.orders.buy_again(account_id)
        except Exception as exc:  # nothing changes on the pad
            self.post_message(self.EditFailed(_("Cannot read the order history: {err}").format(
                err=getattr(exc, "message", None) or exc)))
            return
        self.post_message(self.BuyAgainLoaded(account_id, items))

    @on(BuyAgainLoaded)
    def _buy_again_loaded(self, event: BuyAgainLoaded) -> None:
        from b2bterm.ui.screens.buy_again import BuyAgainPicker

        if self.desk.account is None or self.desk.account.id != event.account_id:
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
            lines, new, _live = await self.desk.orders.priced_lines(
                account_id, [(x.sku, x.model, x.name, x.last_qty, x.last_price) for x in items], when.__getitem__)
        except Exception as exc:  # nothing changes on the pad
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        changed = sum(1 for x in lines if x.changed)
        note = _("{n} items added again, {changed} at a different price today").format(n=len(new), changed=changed)

        def describe(pad: OrderPad, result: AddResult) -> str:
            return note + changes_note(pad, result) + _(" — saved")

        await asyncio.to_thread(self._edit, "", lambda pad: pad.add_lines(new, merge=self.desk.merge_repeated),
                                create=True, describe=describe, focus=_last_changed)

    def action_save_list(self) -> None:
        from b2bterm.ui.screens.lists import ListNamePrompt

        account = self.desk.account
        if account is None or not self._can_edit():
            return
        rows = [r for r in self.rows if r.qty >= 1]
        if self.pad is None or not rows:
            self._status(Text(TEXT["nothing"], style="yellow"))
            return

        def named(name: str | None) -> None:
            self.action_focus_prompt()
            if name:
                self._status(_("saving the list…"))
                self.save_list(account.id, name, rows)

        self.app.push_screen(ListNamePrompt(len(rows)), named)

    @work(thread=True, group="qo-lists", exit_on_error=False)
    def save_list(self, account_id: str, name: str, rows: list[PadRow]) -> None:
        from b2bterm.local.lists import ListItem

        items = [ListItem(r.model or r.input, r.qty, r.sku) if r.status is LineStatus.RESOLVED and r.sku
                 else ListItem(r.input, r.qty) for r in rows]
        try:
            saved = self.desk.lists.save(account_id, name, items)
        except Exception as exc:  # the pad is unchanged
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        self.post_message(self.Noted(ngettext(
            "List “{name}” saved ({n} item); Ctrl+O fills a pad with it.",
            "List “{name}” saved ({n} items); Ctrl+O fills a pad with it.", len(saved.items)).format(
            name=saved.name, n=len(saved.items))))

    @on(Noted)
    def _noted(self, event: Noted) -> None:
        self._status(Text(event.text, style="green"))

    def action_open_list(self) -> None:
        from b2bterm.ui.screens.lists import ListPicker

        account = self.desk.account
        if account is None or not self._can_edit():
            return

        def picked(list_id: int | None) -> None:
            self.action_focus_prompt()
            if list_id is not None and self._can_edit():
                self.ask_how_to_fill(list_id)

        self.app.push_screen(ListPicker(self.desk.lists, account.id, self._account_label()), picked)

    @work(thread=True, group="qo-lists", exit_on_error=False)
    def ask_how_to_fill(self, list_id: int) -> None:
        """Read the list; an empty pad is filled at once, a pad with lines asks: replace them or add to them?"""
        try:
            saved = self.desk.lists.load(list_id)
        except Exception as exc:  # the pad is unchanged
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        self.post_message(self.ListChosen(list_id, saved.name, len(saved.items)))

    @on(ListChosen)
    def _list_chosen(self, event: ListChosen) -> None:
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
            saved = self.desk.lists.load(list_id)
            known = self.desk.catalog.products([x.sku for x in saved.items if x.sku])
        except Exception as exc:  # the pad is unchanged
            self.post_message(self.EditFailed(str(exc) or exc.__class__.__name__))
            return
        new = [NewLine(input=x.input, qty=x.qty, sku=x.sku, status=LineStatus.RESOLVED) if x.sku in known
               else NewLine(input=x.input, qty=x.qty, status=LineStatus.UNKNOWN) for x in saved.items]

        def change(pad: OrderPad) -> AddResult:
            return pad.replace_lines(new) if replace else pad.add_lines(new, merge=self.desk.merge_repeated)

        def describe(pad: OrderPad, result: AddResult) -> str:
            if replace:
                return _("The pad now holds the list “{name}” ({n} lines); its {old} lines were replaced "
                         "(Ctrl+Z brings them back) — saved").format(name=saved.name, n=len(new),
                                                                     old=len(result.replaced))
            note = _("The list “{name}” was added to the pad: {added} new lines").format(
                name=saved.name, added=len(result.added))
            return note + changes_note(pad, result) + _(" — saved")

        self._edit("", change, create=True, describe=describe, focus=_last_changed)

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

    def action_submit(self) -> None:
        from b2bterm.ui.screens.confirm_submit import ConfirmSubmit

        if not self._can_edit():
            return
        if self.pad is None or not self.rows or self.totals is None:
            self._status(Text(TEXT["nothing"], style="yellow"))
            return
        blocked = [i + 1 for i, r in enumerate(self.rows) if not line_ready(r.status, r.qty)]
        if blocked:
            self._show_not_ready(blocked)
            return
        account = self.desk.account
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

        queued = None if self.desk.connectivity.value == "online" else self.desk.may_call_platform
        self.app.push_screen(ConfirmSubmit(label, len(self.rows), self.totals, draft.po_number, invoice,
                                           queued=queued), confirmed)

    def _show_not_ready(self, numbers: list[int]) -> None:
        def first(row: PadRow) -> str:
            return next((problem_text(p) for p in row.problems if not p.notice), "")

        listed = ", ".join(f"#{n} ({first(self.rows[n - 1])})" for n in numbers[:5])
        more = _(" and {n} more").format(n=len(numbers) - 5) if len(numbers) > 5 else ""
        text = TEXT["not_ready"].format(lines=listed + more)
        self._banner(text, "rejected")
        self._status(Text(text, style="bold yellow"))
        lines = self.query_one("#qo-lines", RowList)
        lines.cursor = numbers[0] - 1

    @work(exclusive=True, group="qo-submit", exit_on_error=False)
    async def send(self, draft_id: int) -> None:
        import asyncio

        from b2bterm.services.outbox import OutboxBusy

        try:
            result = await self.desk.submit(draft_id)
            if result.reason is Reason.REFUSED:  # the user is at this pad: open it again to fix and resend
                await asyncio.to_thread(self.desk.outbox.reopen, draft_id)
        except OutboxBusy:
            pass  # a sender holds it; the drafts list shows its state
        except Exception as exc:  # any other failure: the draft is kept, say so
            text = _("Sending failed: {err}. The draft is kept; see Drafts (F6) before sending again.")
            self.post_message(self.EditFailed(text.format(err=getattr(exc, "message", None) or exc)))
            return
        self.post_message(self.Submitted(result))

    @on(Submitted)
    def _submitted_order(self, event: Submitted) -> None:
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
            self._status(Text(text, style="bold yellow"))
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
