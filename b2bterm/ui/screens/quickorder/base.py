"""The quick-order screen's frame: keys, layout, the messages its workers post, its state."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from b2bterm.domain.models import DraftOrder, DraftState
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow, Totals
from b2bterm.quickorder.parser import IgnoredLine
from b2bterm.services.submit import SendResult as SubmitResult
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.outcome_text import edit_error_text
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.screens.draft_header import INVOICE_LABELS
from b2bterm.ui.screens.quickorder.order_input import OrderInput
from b2bterm.ui.screens.quickorder.view import TEXT
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList

if TYPE_CHECKING:
    from b2bterm.services.orders import FrequentItem


class QuickOrderBase(SectionScreen):
    """The quick-order screen's frame: its keys, layout, messages and state, opening a draft and the one way an
    edit reaches the pad (``_edit``). The parts that build on it are mixed into ``QuickOrderScreen``."""

    HELP_KEYS = (("Enter", N_("Add what is typed; on a line that needs a pick, choose the product")),
                 ("+  −  Del", N_("With the prompt empty: more, less, delete the current line")))
    HELP_SYNTAX = N_("Lines: a model number and a quantity (LC1D09M7 5, LC1D09M7 x5, 5 pcs LC1D09M7); a SKU, a "
                     "maker's article number or the customer's own part number work too. Paste a whole list "
                     "from WeChat, e-mail or Excel: lines that are not order lines are set aside (Ctrl+G).")
    SECTION_ID = "quickorder"
    SECTION_TITLE = "Quick order"
    DEFAULT_CSS = """
    QuickOrderBase #qo-draft { height: auto; padding: 0 1; background: $panel; }
    QuickOrderBase #qo-banner { height: auto; padding: 0 1; display: none; text-style: bold; }
    QuickOrderBase #qo-banner.placed { display: block; background: $success 30%; }
    QuickOrderBase #qo-banner.queued { display: block; background: $warning 30%; }
    QuickOrderBase #qo-banner.rejected { display: block; background: $error 30%; }
    QuickOrderBase #qo-banner.info { display: block; background: $primary 20%; }
    QuickOrderBase #qo-lines { height: 1fr; }
    QuickOrderBase #qo-detail { height: auto; max-height: 2; padding: 0 1; display: none; }
    QuickOrderBase #qo-detail.cut { display: block; }
    QuickOrderBase #qo-ignored-title { height: 1; padding: 0 1; color: $warning; }
    QuickOrderBase #qo-ignored { height: 6; }
    QuickOrderBase #qo-totals { height: auto; max-height: 2; padding: 0 1; background: $panel; }
    QuickOrderBase #qo-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    QuickOrderBase #qo-input { border: tall $primary; }
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
        if self.services.account is None:
            self._status(TEXT["no_account"])
            self.app.action_pick_account()  # type: ignore[attr-defined]
            return
        self._shown_account = self.services.account.id
        self.open_latest()

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
            self.reprice()  # prices may have moved, or the platform is back, while another section was shown

    def account_changed(self) -> None:
        """The app chose another account: show that account's open draft (or none) and reprice."""
        account = self.services.account
        self._shown_account = account.id if account else None
        self._banner("", "")
        if self.pad is not None and account is not None and self.pad.account_id == account.id:
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
        account = self.services.account
        text = Text()
        if account is None:
            text.append(TEXT["no_account"], style=tone("bold yellow"))
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
        account = self.services.account
        if account is None and draft_id is None:
            return
        with self._lock:
            if draft_id is None:
                drafts = self.services.drafts.list_drafts(account.id, states=[DraftState.OPEN])  # type: ignore[union-attr]
                if not drafts:
                    if not worker.is_cancelled:
                        self.post_message(self.PadShown(None, [], None))
                    return
                draft_id = drafts[0].id
            pad = self.services.open_pad(draft_id)
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
        account = self.services.account
        if account is None:
            raise LookupError(TEXT["no_account"])
        pad = self.services.new_pad(account.id)
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
                self.post_message(self.EditFailed(edit_error_text(exc)))
                return
        added = result if isinstance(result, AddResult) and describe is None else None
        note = label if result is not False and result is not None else ""
        self.post_message(self.PadShown(pad, rows, totals, note, added=added, reprice=True,
                                        focus_line=focus(result) if focus else None))
