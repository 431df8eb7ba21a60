"""The lines a paste set aside (not order lines), with why: shown after a paste that had some, Ctrl+G hides it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from b2bterm.quickorder.parser import IgnoredLine
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.quickorder.view import TEXT
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.wording import word


class SetAside(Vertical):
    """The title and the list of the last paste's lines set aside; hidden while there are none or when toggled."""

    DEFAULT_CSS = """
    SetAside { height: auto; display: none; }
    SetAside > #qo-ignored-title { height: 1; padding: 0 1; color: $warning; }
    SetAside > RowList { height: 6; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[IgnoredLine] = []

    def compose(self) -> ComposeResult:
        yield Static(TEXT["ignored_title"], id="qo-ignored-title")
        yield RowList([Column(_("Line"), 5, "right"), Column(_("Text")), Column(_("Why set aside"), 34)],
                      id="qo-ignored")

    def show(self, lines: Sequence[IgnoredLine]) -> None:
        """The last paste's lines set aside (none: the panel hides)."""
        self.lines = list(lines)
        self.query_one(RowList).set_rows([[Text(str(x.line_no), justify="right"), Text(x.raw),
                                           Text(word(x.reason), style=tone("yellow"))] for x in self.lines])
        self.display = bool(self.lines)

    def toggle(self) -> bool:
        """Show or hide the panel; False when there is nothing to show."""
        self.display = not self.display and bool(self.lines)
        return bool(self.lines)
