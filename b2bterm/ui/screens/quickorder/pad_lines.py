"""The pad's lines as the quick-order screen holds them: a row is built when it is first read.

A 500-line paste shows a screenful. Reading every line as a row (``OrderPad.lines``: its product, price, tax, stock,
problems and price notes) took 12-45 ms of the paste's way to the screen, for rows nobody looks at until they are
scrolled to. Here the lines are taken from the pad as it is (``OrderPad.frozen``: later edits do not change them) in
the edit's worker; the resolved ones are built there at once (the totals add up their prices), the others when the
table draws them or the screen reads them. The counts the screen shows (lines that need attention, resolved lines
without a price) come from the lines themselves, without building them.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text

from b2bterm.domain.models import DraftLine, LineStatus
from b2bterm.domain.readiness import line_ready
from b2bterm.made_on_read import MadeOnRead
from b2bterm.quickorder.pad import OrderPad, PadRow, Totals
from b2bterm.ui.screens.quickorder.view import pad_row_cells


class PadLines(MadeOnRead[PadRow]):
    """The pad's lines in order (``pad``: None for none), read-only; ``totals`` adds up their prices."""

    def __init__(self, pad: OrderPad | None = None) -> None:
        super().__init__()
        self._pad = pad.frozen() if pad is not None else None
        self._lines: tuple[DraftLine, ...] = self._pad.draft_lines() if self._pad is not None else ()
        self.ids = [x.id for x in self._lines]
        self._at = {line_id: i for i, line_id in enumerate(self.ids)}
        self.totals: Totals | None = None
        self.unpriced = 0  # resolved lines with a quantity and no price
        if self._pad is not None:
            resolved = [self[i] for i, x in enumerate(self._lines) if x.status is LineStatus.RESOLVED]
            totals = self._pad.totals(resolved)  # the other lines have no price: none of them is in a total
            self.totals = replace(totals, unpriced_lines=len(self._lines) - totals.priced_lines)
            self.unpriced = sum(1 for r in resolved if r.qty >= 1 and r.unit_price is None)

    def __len__(self) -> int:
        return len(self._lines)

    def _make(self, index: int) -> PadRow:
        assert self._pad is not None
        return self._pad.row(self._lines[index])

    def index_of(self, line_id: int) -> int | None:
        """The position of line ``line_id`` (from 0), None when it is not among these lines."""
        return self._at.get(line_id)

    def not_ready(self) -> list[int]:
        """The numbers (from 1) of the lines that stop a send: they need a pick, a fix or a quantity."""
        return [i + 1 for i, x in enumerate(self._lines) if not line_ready(x.status, x.qty)]


class LineCells(MadeOnRead[list[Text]]):
    """The table's rows for ``lines``: a line's cells are built the first time the table draws it."""

    def __init__(self, lines: PadLines) -> None:
        super().__init__()
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def _make(self, index: int) -> list[Text]:
        return pad_row_cells(self._lines[index], index + 1)


def no_lines() -> PadLines:
    return PadLines(None)
