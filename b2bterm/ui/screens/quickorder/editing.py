"""Edits of the pad in thread workers, prices in an async worker, and what the prompt's keys do."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.widgets import Input, Static

from b2bterm.domain.models import LineStatus
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow, Totals
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outcome_text import edit_text
from b2bterm.ui.screens.draft_header import HeaderValues
from b2bterm.ui.screens.quickorder.base import QuickOrderBase
from b2bterm.ui.screens.quickorder.order_input import OrderInput
from b2bterm.ui.screens.quickorder.view import PROBLEMS_COLUMN, TEXT, changes_note, pad_row_cells, totals_text
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import RowList
from b2bterm.ui.wording import word


class PadEditing(QuickOrderBase):
    """Edits of the pad in thread workers, prices in an async worker, and what the prompt's keys do."""

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def add_text(self, text: str) -> None:
        merge = self.services.merge_repeated

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
        merge = self.services.merge_repeated
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
        merge = self.services.merge_repeated
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
            label = edit_text(self.pad.undo_label, self.pad.undo_count) if self.pad else ""
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

    @on(QuickOrderBase.PadShown)
    def _pad_shown(self, event: QuickOrderBase.PadShown) -> None:
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
            text.append("  ·  " + self._price_note, style=tone("yellow") if failed else "dim italic")
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
        text.append(" · " + note, style=tone("green"))
        self._status(text)
        self._ignored = list(result.ignored)
        ignored = self.query_one("#qo-ignored", RowList)
        ignored.set_rows([[Text(str(x.line_no), justify="right"), Text(x.raw),
                           Text(word(x.reason), style=tone("yellow"))] for x in self._ignored])
        self._show_ignored(bool(self._ignored))

    @on(QuickOrderBase.EditFailed)
    def _edit_failed(self, event: QuickOrderBase.EditFailed) -> None:
        self._sending = False
        self._status(Text(event.text, style=tone("bold red")))
        self.notify(event.text, severity="error")

    # --- input -----------------------------------------------------------------------------------------------------

    def _can_edit(self) -> bool:
        if self.services.account is None:
            self._status(Text(TEXT["no_account"], style=tone("bold yellow")))
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
