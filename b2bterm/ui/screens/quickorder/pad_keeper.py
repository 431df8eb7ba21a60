"""The open pad and the one lock its edits take: the screen's thread workers edit it one at a time, and each edit
hands back what the screen shows after it. Plain Python (no widgets): the pad decides, the keeper serialises."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from b2bterm.domain.models import DraftState, LineStatus
from b2bterm.quickorder.pad import OrderPad, PadRow, Totals
from b2bterm.quickorder.rank import rank
from b2bterm.quickorder.resolve import candidate_scores, line_code
from b2bterm.services.desk import Desk
from b2bterm.ui.screens.draft_header import HeaderValues
from b2bterm.ui.screens.pick_candidate import Choice
from b2bterm.ui.screens.quickorder.pad_lines import PadLines, no_lines
from b2bterm.ui.screens.quickorder.view import TEXT


@dataclass
class Edited:
    """A pad after an edit: the pad, what the change returned, its lines and totals now (not read: none and None)."""

    pad: OrderPad
    result: Any
    rows: PadLines
    totals: Totals | None


class PadKeeper:
    """The pad the screen shows (``pad``; None before the first line), its lock and the match scores of the lines
    that need a pick (kept from the paste that made them, for the pick list's order)."""

    def __init__(self, services: Callable[[], Desk]) -> None:
        self._services = services
        self.pad: OrderPad | None = None
        self.lock = threading.Lock()  # one edit of the pad at a time
        self.scores: dict[int, dict[str, float | None]] = {}

    def open(self, draft_id: int | None) -> Edited | None:
        """Open ``draft_id``, or with None the account's most recent OPEN draft; None when there is none."""
        services = self._services()
        account = services.account
        if account is None and draft_id is None:
            return None
        with self.lock:
            if draft_id is None:
                drafts = services.drafts.list_drafts(account.id, states=[DraftState.OPEN])  # type: ignore[union-attr]
                if not drafts:
                    return None
                draft_id = drafts[0].id
            pad = services.open_pad(draft_id)
            rows = PadLines(pad)
            return Edited(pad, None, rows, rows.totals)

    def _ensure_pad(self) -> OrderPad:
        """The pad to edit (under the lock): a fresh draft when there is none or it was sent."""
        pad = self.pad
        if pad is not None and pad.draft.state is DraftState.OPEN:
            return pad
        services = self._services()
        if services.account is None:
            raise LookupError(TEXT["no_account"])
        pad = services.new_pad(services.account.id)
        self.pad = pad  # the edit thread owns the pad until the screen shows it; the UI only reads it after that
        return pad

    def edit(self, change: Callable[[OrderPad], Any], *, create: bool = False, read: bool = True) -> Edited | None:
        """Run one change (in a thread, under the lock); None when there is no pad to change. Raises what the
        change raises: the pad is then unchanged. Without ``read`` the lines are not read after it (the caller
        reads them once their prices are in: a 500-line pad's lines are worth reading once)."""
        with self.lock:
            pad = self._ensure_pad() if create else self.pad
            if pad is None:
                return None
            result = change(pad)
            if not read:
                return Edited(pad, result, no_lines(), None)
            rows = PadLines(pad)
            return Edited(pad, result, rows, rows.totals)

    def snapshot(self, pad: OrderPad) -> tuple[PadLines, Totals]:
        """The pad's lines as they are now, and their totals (a row is built when first read: pad_lines.py)."""
        with self.lock:
            rows = PadLines(pad)
        assert rows.totals is not None
        return rows, rows.totals

    def choices(self, row: PadRow) -> list[Choice] | None:
        """The products a line that needs a pick may be, best first; None when the line or the pad went away."""
        with self.lock:
            pad = self.pad
            if pad is None:
                return None
            try:
                products = pad.candidate_products(row.line_id)
            except KeyError:  # the line went away (undo) before Enter was handled
                return None
        scores = self.scores.get(row.line_id) or candidate_scores(pad.lookup, row.input, products,
                                                                  account_id=pad.account_id)
        return [Choice(r.product, r.score, r.matched, r.tokens) for r in rank(line_code(row.input), products, scores)]

    def keep_scores(self, added: list[Any], resolved: list[Any]) -> None:
        """The match scores of the lines an add left needing a pick (the pick list orders by them)."""
        ambiguous = [r for r in resolved if r.status is LineStatus.AMBIGUOUS]
        new_ambiguous = [x for x in added if x.status is LineStatus.AMBIGUOUS]
        for line, found in zip(new_ambiguous, ambiguous, strict=False):
            self.scores[line.id] = {c.sku: c.score for c in found.candidates}


def header_change(values: HeaderValues) -> Callable[[OrderPad], bool]:
    """The pad edit that writes the draft's header (F10) and reads the draft again."""

    def change(pad: OrderPad) -> bool:
        pad.store.update_header(pad.draft_id, ship_to_id=values.ship_to_id, po_number=values.po_number,
                                requested_date=values.requested_date, invoice_type=values.invoice_type,
                                note=values.note)
        pad.reload()
        return True

    return change
