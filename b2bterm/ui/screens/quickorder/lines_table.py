"""The pad's lines: the table (``PadTable``) and below it the current line's problems in full when the table's column
cuts them (``LineProblems``).

The table holds the pad it shows (through a ``PadKeeper``): its workers open, edit and price the pad, one edit at a
time in thread workers (SQLite), prices in an async worker, and it posts ``Shown`` after each (the screen updates the
totals, the status and the draft bar from it). It asks for a line's quantity, text or product itself and posts what
the user chose; the screen decides whether it may change the pad now and dispatches the edit."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as WaitedEnough
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from b2bterm.domain.models import LineStatus, Product
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow, Totals, offer_qty
from b2bterm.quickorder.resolve import line_code
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.outcome_text import edit_error_text
from b2bterm.ui.screens.pick_candidate import CandidatePicker, Choice
from b2bterm.ui.screens.quickorder.held import HeldCollector
from b2bterm.ui.screens.quickorder.pad_keeper import PadKeeper
from b2bterm.ui.screens.quickorder.pad_lines import LineCells, PadLines, no_lines
from b2bterm.ui.screens.quickorder.view import PROBLEMS_COLUMN, TEXT, last_changed
from b2bterm.ui.services import services_of
from b2bterm.ui.widgets.row_list import Column, RowList


def columns() -> list[Column]:
    # narrow terminals hide what the job needs least first: typed input, brand, unit, stock, name; the model,
    # quantity, net price, extended and problems always stay
    return [Column("#", 3, "right"), Column(_("Input"), 16, drop=6), Column(_("Model"), 18),
            Column(_("Brand"), 8, drop=5), Column(_("Name"), min_width=12, drop=2), Column(_("Qty"), 7, "right"),
            Column(_("Unit"), 4, drop=4), Column(_("Unit price"), 11, "right"),
            Column(_("Extended"), 12, "right"), Column(_("Stock"), 10, drop=3), Column(_("Problems"), min_width=24)]


PRICE_WAIT = 0.25  # s an add waits for its lines' prices, to show them priced in one frame (then: lines first)


class PadTable(RowList):
    """The pad's lines, one row a line; it keeps the pad (``pad``), the lines it shows (``lines``) and the current
    one. Messages up: ``Shown`` after the pad was opened, edited or priced, ``Failed`` when an edit failed (the pad
    is unchanged), ``Noted`` for a word to the user, and what the user chose for a line (``QtyChosen``,
    ``TextEdited``, ``Picked``)."""

    class Shown(Message):
        """The pad (or None: no open draft) and what it shows now."""

        def __init__(self, pad: OrderPad | None, rows: PadLines, totals: Totals | None, note: str = "",
                     added: AddResult | None = None, reprice: bool = False, focus_line: int | None = None,
                     priced: bool = False, price_note: str | None = None,
                     pending: Future[str] | None = None, held: HeldCollector | None = None) -> None:
            super().__init__()
            self.held = held  # the collector held off until the frame that shows this (a paste's: held.py)
            self.priced = priced  # an answer of the price worker: dropped when its pad is no longer shown
            self.price_note = price_note  # an edit shown with its price answer: what that answer says
            self.pending = pending  # with ``reprice``: the price answer already on its way (reprice awaits it)
            self.pad = pad
            self.rows = rows
            self.totals = totals
            self.note = note
            self.added = added
            self.reprice = reprice
            self.focus_line = focus_line
            self.other_pad = False  # set when shown: the table showed another pad (or none) before

    class Pricing(Message):
        """Prices and stock are on their way."""

    class Failed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Noted(Message):
        def __init__(self, text: str | Text) -> None:
            super().__init__()
            self.text = text

    class QtyChosen(Message):
        def __init__(self, line_id: int, qty: int) -> None:
            super().__init__()
            self.line_id = line_id
            self.qty = qty

    class TextEdited(Message):
        def __init__(self, line_id: int, text: str) -> None:
            super().__init__()
            self.line_id = line_id
            self.text = text

    class Picked(Message):
        def __init__(self, line_id: int, sku: str) -> None:
            super().__init__()
            self.line_id = line_id
            self.sku = sku

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(columns(), empty_text=TEXT["empty"], id=id)
        self.lines: PadLines = no_lines()
        self.keeper = PadKeeper(lambda: services_of(self))
        self._edits: deque[Callable[[], None]] = deque()  # edits asked for, in order (edit)
        self._edits_lock = threading.Lock()
        self._draining = False
        self._picker_pending = False  # Enter on an ambiguous line: its candidates are being read
        self._loop: asyncio.AbstractEventLoop | None = None  # the app's: an edit's worker asks it for prices
        self._held: set[HeldCollector] = set()  # pastes on their way to the screen (their frame releases them)
        self._after_frame: list[HeldCollector] = []  # ... shown: released once the next frame has been drawn

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()

    def on_unmount(self) -> None:
        for held in list(self._held):  # a paste whose lines will never be drawn here
            held.release()

    HOLD_AT_MOST = 1.0  # s: a paste's collector hold when its lines are not drawn (another screen is shown)

    def _release_after_frame(self, held: HeldCollector | None) -> None:
        """Release ``held`` once the frame that draws the lines just shown has been drawn (render_lines)."""
        if held is not None:
            self._after_frame.append(held)
            self.set_timer(self.HOLD_AT_MOST, partial(self._release, held))

    def render_lines(self, crop: Any) -> Any:
        lines = super().render_lines(crop)
        if self._after_frame:  # (Textual's call_after_refresh may run before the frame: a hold is released after it)
            loop = asyncio.get_running_loop()
            for held in self._after_frame:
                loop.call_soon(self._release, held)  # after this frame is composed and written
            self._after_frame.clear()
        return lines

    def _release(self, held: HeldCollector) -> None:
        self._held.discard(held)
        held.release()

    SCROLL_AT_ONCE = True  # a paste's last line is in view in the frame that shows the paste, not one after

    def _size_updated(self, size: Any, virtual_size: Any, container_size: Any, layout: bool = True) -> bool:
        # (Textual's hook in the layout, before the frame is drawn) the lines arrived with the draft bar's and the
        # set-aside list's new heights: the line the cursor went to (a paste's last) stays in view at the table's
        # new height, in that same frame
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed and self.rows:
            self._scroll_cursor_into_view()
        return changed

    @property
    def pad(self) -> OrderPad | None:
        return self.keeper.pad

    def show(self, lines: PadLines, focus_line: int | None = None) -> None:
        """Show these lines, the cursor kept where it was or put on ``focus_line`` (a line id)."""
        self.lines = lines
        # built when drawn (pad_lines.py): a 500-line paste shows a screenful, and building every line's row and
        # cells here held the UI (and the edit's worker) for rows nobody sees until they are scrolled to
        self.set_rows(LineCells(lines), lines.ids, keep_cursor=True)
        at = lines.index_of(focus_line) if focus_line is not None else None
        if at is not None:
            self.cursor = at

    @property
    def current(self) -> PadRow | None:
        at = self.lines.index_of(self.current_key) if self.current_key is not None else None
        return self.lines[at] if at is not None else None

    def number_of(self, row: PadRow) -> int:
        """The line's number as shown in the # column."""
        at = self.lines.index_of(row.line_id)
        if at is None:
            raise ValueError(f"line {row.line_id} is not shown")
        return at + 1

    def find(self, line_id: int) -> PadRow | None:
        at = self.lines.index_of(line_id)
        return self.lines[at] if at is not None else None

    def clear(self) -> None:
        """No pad: the next line starts a new draft."""
        self.keeper.pad = None
        self.keeper.scores.clear()
        self.show(no_lines())

    @on(Shown)
    def _shown(self, event: Shown) -> None:
        if event.priced and event.pad is not self.pad:
            event.stop()  # a stale price answer for a pad that is no longer shown
            return
        event.other_pad = event.pad is not self.pad
        self.keeper.pad = event.pad
        self.show(event.rows, event.focus_line)
        self._release_after_frame(event.held)
        if event.added is not None:  # after the frame that shows the lines (a pick list needs them, not the frame)
            self.call_after_refresh(self.keeper.keep_scores, event.added.added, event.added.resolved)
            unknown = [(x.id, x.input) for x in event.added.added if x.status is LineStatus.UNKNOWN]
            if unknown and getattr(self.app, "catalog_arriving", bool)():
                self.resolve_on_platform(unknown)

    @work(group="qo-arriving", exit_on_error=False)
    async def resolve_on_platform(self, lines: list[tuple[int, str]]) -> None:
        """Lines the local catalog does not know while it is still arriving (a first start): the platform resolves
        their codes, and a line whose code names one product there is settled on it (one edit; the rest stay
        unknown, and say so). Unreachable: they stay as they are."""
        from b2bterm.services.gateway import PlatformError

        codes = {line_id: line_code(text) for line_id, text in lines}
        try:
            found = await services_of(self).resolve_on_platform(list(codes.values()))
        except PlatformError:
            return
        picks = [(line_id, found[code]) for line_id, code in codes.items() if code in found]
        if not picks:
            return

        note = ngettext("{n} line found on the platform (the local catalog is still arriving)",
                        "{n} lines found on the platform (the local catalog is still arriving)", len(picks))
        self.edit(note.format(n=len(picks)), lambda pad: pad.settle_found(picks),
                  focus=lambda line: line.id if line is not None else None)

    # --- workers: the pad in thread workers (SQLite, one edit at a time), prices in an async worker ----------------

    @work(thread=True, exclusive=True, group="qo-open", exit_on_error=False)
    def open_draft(self, draft_id: int | None) -> None:
        """Show ``draft_id``, or with None the account's most recent OPEN draft (none: no pad).

        Exclusive: a later open (e.g. a reorder arriving while the screen resumes) wins over an earlier one."""
        worker = get_current_worker()
        if services_of(self).account is None and draft_id is None:
            return
        opened = self.keeper.open(draft_id)
        if worker.is_cancelled:
            return
        if opened is None:
            self.post_message(self.Shown(None, no_lines(), None))
            return
        rows = opened.rows
        note = ngettext("Reopened your open draft #{id} ({n} line).", "Reopened your open draft #{id} ({n} lines).",
                        len(rows)).format(id=opened.pad.draft_id, n=len(rows)) if rows else ""
        self.post_message(self.Shown(opened.pad, rows, opened.totals, note, reprice=bool(rows)))

    def run_edit(self, label: str, change: Callable[[OrderPad], Any], *, create: bool = False,
                 focus: Callable[[Any], int | None] | None = None,
                 describe: Callable[[OrderPad, Any], str] | None = None, held: HeldCollector | None = None) -> None:
        """One edit of the pad, in the calling thread (a worker's): posts what the table shows after it. ``held``:
        the collector held off until the frame that shows the edit (released here when nothing is shown)."""
        shown = False
        try:
            shown = self._run_edit(label, change, create=create, focus=focus, describe=describe, held=held)
        finally:
            if held is not None and not shown:
                self._held.discard(held)
                held.release()

    def _run_edit(self, label: str, change: Callable[[OrderPad], Any], *, create: bool,
                  focus: Callable[[Any], int | None] | None, describe: Callable[[OrderPad, Any], str] | None,
                  held: HeldCollector | None) -> bool:
        try:
            done = self.keeper.edit(change, create=create, read=False)  # the lines are read once, below
            if done is None:
                return False
            if describe is not None:
                label = describe(done.pad, done.result)
        except Exception as exc:  # shown to the user, the pad is unchanged
            self.post_message(self.Failed(edit_error_text(exc)))
            return False
        result = done.result
        added = result if isinstance(result, AddResult) and describe is None else None
        note = label if result is not False and result is not None else ""
        focus_line = focus(result) if focus else None
        with self._edits_lock:  # lines a scanner sends one behind the other: only the last waits for prices
            behind = bool(self._edits)
        wait = added is not None and bool(added.added or added.merged) and not behind
        try:
            priced = self._priced_soon(done.pad) if wait else None
        except Exception as exc:  # the lines could not be read again: said as an edit's failure always was
            self.post_message(self.Failed(edit_error_text(exc)))
            return False
        if isinstance(priced, tuple):  # lines added (a paste, a typed line): shown with their prices, in one frame
            rows, totals, price_note = priced
            return self.post_message(self.Shown(done.pad, rows, totals, note, added=added, focus_line=focus_line,
                                                price_note=price_note, held=held))
        try:
            rows, totals = self.keeper.snapshot(done.pad)
        except Exception as exc:
            self.post_message(self.Failed(edit_error_text(exc)))
            return False
        return self.post_message(self.Shown(done.pad, rows, totals, note, added=added, reprice=True,
                                            focus_line=focus_line, pending=priced, held=held))

    def _priced_soon(self, pad: OrderPad) -> tuple[PadLines, Totals, str] | Future[str] | None:
        """In an edit's worker: the pad's prices and stock asked for at once (on the app's loop, where the
        platform is called), and the lines read again with them when the answer comes within ``PRICE_WAIT``; the
        answer still on its way otherwise (the lines are then shown first, and the price worker awaits it)."""
        if self._loop is None:
            return None
        try:
            future = asyncio.run_coroutine_threadsafe(self._fetch_prices(pad), self._loop)
        except RuntimeError:  # the app is closing
            return None
        try:
            note = future.result(timeout=PRICE_WAIT)
        except WaitedEnough:
            return future
        rows, totals = self.keeper.snapshot(pad)
        return rows, totals, unpriced_note(note, rows)

    def edit(self, label: str, change: Callable[[OrderPad], Any], *, create: bool = False,
             focus: Callable[[Any], int | None] | None = None,
             describe: Callable[[OrderPad, Any], str] | None = None, hold: bool = False) -> None:
        """One edit of the pad in a thread worker (its SQLite writes are committed before it is shown), after the
        edits asked for before it: lines a scanner sends one behind the other are added in the order sent (a
        thread each would race for the pad's lock). ``hold``: the collector is held off from now until the frame
        that shows the edit (a paste: held.py)."""
        held = HeldCollector() if hold else None
        if held is not None:
            self._held.add(held)
        with self._edits_lock:
            self._edits.append(partial(self.run_edit, label, change, create=create, focus=focus,
                                       describe=describe, held=held))
            if self._draining:
                return
            self._draining = True
        self._drain_edits()

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def _drain_edits(self) -> None:
        while True:
            with self._edits_lock:
                if not self._edits:
                    self._draining = False
                    return
                run = self._edits.popleft()
            try:
                run()  # says what went wrong itself (Failed); the pad is then unchanged
            except BaseException:
                with self._edits_lock:
                    self._draining = False  # the next edit asked for drains again
                raise

    def edit_line(self, change: Callable[[OrderPad], Any], label: str = TEXT["saved"]) -> None:
        """An edit of one line; the cursor follows the line the change returns."""
        self.edit(label, change, focus=lambda line: line.id)

    def add_text(self, text: str, *, merge: bool) -> None:
        self.edit(TEXT["saved"], lambda pad: pad.add_text(text, merge=merge), create=True, focus=last_changed,
                  hold=True)

    def reload(self, note: str) -> None:
        self.edit(note, lambda pad: pad.reload() or True)

    @staticmethod
    async def _fetch_prices(pad: OrderPad) -> str:
        """The pad's prices and stock from the platform; what the answer says (the totals line's note)."""
        try:  # both asked at once: the stock's answer comes while the prices are recorded
            await asyncio.gather(pad.reprice(), pad.refresh_stock())
        except KeyError:
            return ""  # a line went while prices were on their way; the edit that removed it reprices again
        except Exception as exc:  # the pad keeps its previous prices
            return TEXT["price_failed"].format(err=getattr(exc, "message", None) or str(exc))
        return TEXT["priced"]

    @work(exclusive=True, group="qo-price", exit_on_error=False)
    async def reprice(self, pending: Future[str] | None = None) -> None:
        """Prices and stock for the pad's lines (``pending``: the answer an edit's worker already asked for)."""
        pad = self.pad
        if pad is None:
            return
        self.post_message(self.Pricing())
        note = await (asyncio.wrap_future(pending) if pending is not None else self._fetch_prices(pad))
        rows, totals = await asyncio.to_thread(self.keeper.snapshot, pad)
        self.post_message(self.Shown(pad, rows, totals, unpriced_note(note, rows), priced=True))

    # --- what the user chooses for a line --------------------------------------------------------------------------

    def ask_pick(self, row: PadRow, search: Callable[[str], list[Product]], done: Callable[[], None]) -> None:
        """Enter on a line that needs a pick: read its candidates, then show the pick list (posts ``Picked``)."""
        if not self._picker_pending:  # a second Enter while the candidates are read opens nothing more
            self._picker_pending = True
            self._read_choices(row, search, done)

    @work(thread=True, group="qo-edit", exit_on_error=False)
    def _read_choices(self, row: PadRow, search: Callable[[str], list[Product]], done: Callable[[], None]) -> None:
        choices: list[Choice] | None = None
        try:
            choices = self.keeper.choices(row)
        finally:
            self.app.call_from_thread(self._show_picker, row, choices, search, done)

    def _show_picker(self, row: PadRow, choices: list[Choice] | None, search: Callable[[str], list[Product]],
                     done: Callable[[], None]) -> None:
        """Open the pick list, unless the line was settled or the user went elsewhere meanwhile."""
        self._picker_pending = False
        current = self.find(row.line_id)
        if choices is None or current is None or current.status is not LineStatus.AMBIGUOUS \
                or self.app.screen is not self.screen:
            return
        if not choices:
            self.post_message(self.Noted(TEXT["no_candidates"]))
            return

        def picked(sku: str | None) -> None:
            done()
            if sku:
                self.post_message(self.Picked(row.line_id, sku))

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

    def ask_qty(self, done: Callable[[], None]) -> None:
        """Ask the current line's quantity (F8, q, Enter on a resolved line)."""
        from b2bterm.ui.screens.qty_prompt import QtyPrompt

        row = self.current
        if row is None:
            return

        def chosen(qty: int | None) -> None:
            done()
            if qty is not None and qty != row.qty:
                self.post_message(self.QtyChosen(row.line_id, qty))

        self.app.push_screen(QtyPrompt(row.model or row.input, max(row.qty, 1)), chosen)

    def ask_text(self, done: Callable[[], None]) -> None:
        """Ask the current line's text again (Ctrl+R, e): it is read again as if typed."""
        from b2bterm.ui.screens.line_edit import LineEditPrompt

        row = self.current
        if row is None:
            return

        def edited(text: str | None) -> None:
            done()
            if text is not None:
                self.post_message(self.TextEdited(row.line_id, text))

        self.app.push_screen(LineEditPrompt(self.number_of(row), row.input.split(" | ")[0]), edited)


def unpriced_note(note: str, rows: PadLines) -> str:
    """A price answer's note, saying how many resolved lines it left without a price."""
    unpriced = rows.unpriced
    if note == TEXT["priced"] and unpriced:  # lines that need a pick or a fix say so in their own column
        return ngettext("{n} line has no price yet: the platform gave none (it is not in the total)",
                        "{n} lines have no price yet: the platform gave none (they are not in the total)",
                        unpriced).format(n=unpriced)
    return note


class LineProblems(Static):
    """At a width that cuts the Problems column, the current line's problems in full below the table."""

    DEFAULT_CSS = """
    LineProblems { height: auto; max-height: 2; padding: 0 1; display: none; }
    LineProblems.cut { display: block; }
    """

    def follow(self, table: PadTable) -> None:
        cut = bool(table.lines) and table.cell_cut(table.cursor, PROBLEMS_COLUMN)
        self.set_class(cut, "cut")
        if cut:
            text = Text(f"#{table.cursor + 1} ", style="bold")
            text.append_text(table.cell(table.cursor, PROBLEMS_COLUMN))
            self.update(text)
