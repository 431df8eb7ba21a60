"""A panel of text lines drawn on Textual's line API: an update repaints only the rows that changed.

A ``Static`` draws its content through Textual's visual pipeline and, to keep its height right, is measured by
drawing it once more: the model query's price panel (a table of breaks) cost 10-20 ms a keystroke that way on these
machines. Here the content is a list of rich ``Text`` lines, each wrapped at the panel's width once; an update draws
the new rows, compares them with the rows on screen and marks only the changed rows dirty (typing a quantity repaints
the few rows whose figures changed), and asks for a layout only when the panel needs another height. With
``keep_height`` a shorter content keeps the height with blank rows, so a panel that changes by a row does not move
the rest of the screen back and forth.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget


class LinePanel(Widget):
    DEFAULT_CSS = "LinePanel { height: auto; }"

    def __init__(self, lines: Sequence[Text | str] = (), *, keep_height: bool = False, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._lines = [_text(line) for line in lines]
        self._keep_height = keep_height
        self._rows: list[Strip] = []  # the lines wrapped and drawn at ``_width`` (blank rows kept at the end)
        self._width = -1
        self._drawn: dict[tuple[object, ...], list[Strip]] = {}  # a line's rows at ``_width``, by what it says
        self._base: Style | None = None  # the widget's style for the rows of one drawing pass

    @property
    def lines(self) -> list[Text]:
        return list(self._lines)

    @property
    def plain(self) -> str:
        """What the panel says, as plain text (one line a row of content, unwrapped)."""
        return "\n".join(line.plain for line in self._lines)

    def set_lines(self, lines: Sequence[Text | str]) -> None:
        """Show ``lines``: the rows that changed are repainted; a layout only when the height changes."""
        self._lines = [_text(line) for line in lines]
        width = self.size.width
        if width <= 0 or self._width != width:  # not laid out yet, or laid out at another width: draw it all
            self._width = -1
            self.refresh(layout=True)
            return
        old = self._rows
        rows = self._draw(width, len(old) if self._keep_height else 0)
        self._rows = rows
        if len(rows) != len(old):
            height = self.styles.height
            self.refresh(layout=height is None or not height.is_cells)  # a fixed height: no layout
            return
        changed = [Region(0, y, width, 1) for y, (before, after) in enumerate(zip(old, rows, strict=True))
                   if before != after]
        if changed:
            self.refresh(*changed)

    def forget(self) -> None:
        """Forget the rows drawn so far (each line is drawn again when next shown)."""
        self._drawn = {}

    def _draw(self, width: int, at_least: int = 0) -> list[Strip]:
        if width != self._width or len(self._drawn) > 512:
            self._drawn = {}
        rows: list[Strip] = []
        for line in self._lines:
            key = (line.plain, line.style, line.justify, line.overflow, *line.spans)
            drawn = self._drawn.get(key)
            if drawn is None:
                drawn = self._drawn[key] = self._draw_line(line, width)
            rows += drawn
        rows += [Strip.blank(width)] * (at_least - len(rows))
        return rows

    def _draw_line(self, line: Text, width: int) -> list[Strip]:
        if width <= 0:
            return []
        console = self.app.console
        fits = line.cell_len <= width and "\n" not in line.plain
        parts: Sequence[Text] = [line] if fits else line.wrap(console, width)
        return [Strip(part.render(console)).adjust_cell_length(width) for part in parts]

    def _rows_at(self, width: int) -> list[Strip]:
        if width != self._width:
            self._rows = self._draw(width)
            self._width = width
        return self._rows

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_len for line in self._lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows_at(width))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # worked out once a pass (it walks the ancestors), not once a row
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        rows = self._rows_at(width)
        base = self._base if self._base is not None else self.rich_style
        if y >= len(rows):
            return Strip.blank(width, base)
        return rows[y].apply_style(base)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._width = -1  # drawn again (a theme's colours)


def _text(line: Text | str) -> Text:
    return Text(line) if isinstance(line, str) else line
