"""A small table whose cells wrap: every word shows at any width (the help's keys). For a few dozen rows; a long
list belongs in a ``RowList`` (one line a row, cut to its column)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


class KeyTable(Static):
    """Rows of cells under a header. Column ``wrap`` takes the room left and wraps; the others keep their words on
    one line (a key, a binding id), folded only when the table is narrower than they are."""

    DEFAULT_CSS = """
    KeyTable { height: auto; width: 1fr; }
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Text]], *, wrap: int,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.wrap = wrap

    def row_text(self, index: int) -> str:
        """The plain text of a row (what a test or a screen reader would read)."""
        return "  ".join(c.plain for c in self.rows[index])

    def render(self) -> Table:
        table = Table(box=None, expand=True, pad_edge=False, padding=(0, 2, 0, 0), show_edge=False,
                      header_style="bold")
        for i, title in enumerate(self.header):
            if i == self.wrap:
                table.add_column(Text(title), ratio=1, overflow="fold")
            else:
                table.add_column(Text(title), overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        return table
