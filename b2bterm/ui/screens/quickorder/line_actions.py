"""Actions on the current line: pick a product, change the quantity, round up, edit, undo, the draft's details."""

from __future__ import annotations

from rich.text import Text
from textual import work

from b2bterm.domain.models import DraftOrder, LineStatus, Product
from b2bterm.quickorder.pad import PadRow, offer_qty
from b2bterm.quickorder.parser import MAX_QTY
from b2bterm.quickorder.rank import rank
from b2bterm.quickorder.resolve import CANDIDATE_LIMIT, candidate_scores, line_code
from b2bterm.ui.i18n import _
from b2bterm.ui.problem_text import problem_text
from b2bterm.ui.screens.draft_header import DraftHeaderForm, HeaderValues
from b2bterm.ui.screens.pick_candidate import CandidatePicker, Choice
from b2bterm.ui.screens.quickorder.base import QuickOrderBase
from b2bterm.ui.screens.quickorder.view import TEXT
from b2bterm.ui.tones import tone
from b2bterm.ui.wording import word


class LineActions(QuickOrderBase):
    """Actions on the current line: pick a product, change the quantity, round up, edit, undo, the draft's details."""

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
                n=self.rows.index(row) + 1), style=tone("yellow")))
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
            self._status(Text(TEXT["no_candidates"], style=tone("yellow")))
            return

        def picked(sku: str | None) -> None:
            self.action_focus_prompt()
            if sku and self._can_edit():
                self._status(TEXT["saving"])
                self.pick(row.line_id, sku)

        def search(query: str) -> list[Product]:
            return self.services.search_catalog(query, limit=CANDIDATE_LIMIT).products

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
        account = self.services.account
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
