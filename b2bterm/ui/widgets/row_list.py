"""A fast, line-rendered list of rows with columns and a cursor.

The stock DataTable repaints a full screen in about 45 ms on these machines; this widget renders only the visible
lines (a ScrollView on the line API), about ten times faster, so result lists can update on every keystroke.
Cells are rich ``Text`` objects: product text is never parsed as markup. Column widths count terminal cells, so
Chinese (double-width) text lines up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from b2bterm.domain.record import record
from b2bterm.ui.widgets.row_cells import line_segments


@record
class Column:
    title: str
    width: int = 0  # cells; 0 = share the remaining width
    justify: str = "left"  # "left" or "right"
    min_width: int = 0  # a flexible column's least useful width
    drop: int = 0  # when the list is too narrow, columns with the highest ``drop`` are hidden first (0: never)


Row = Sequence[Text | str]


class LazyRow(Sequence[Text | str]):
    """A row whose cells are built the first time the list draws it.

    A result list may hold hundreds or tens of thousands of rows but shows a screenful: building every row's
    ``Text`` up front is most of a keystroke's work (and holds the GIL against the UI), building them on demand is
    not."""

    __slots__ = ("_build", "_cells")

    def __init__(self, build: Callable[[], Sequence[Text | str]]) -> None:
        self._build = build
        self._cells: Sequence[Text | str] | None = None

    def _built(self) -> Sequence[Text | str]:
        if self._cells is None:
            self._cells = self._build()
        return self._cells

    def __len__(self) -> int:
        return len(self._built())

    def __getitem__(self, index: Any) -> Any:
        return self._built()[index]


class RowList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    RowList { height: 1fr; background: $surface; overflow-x: hidden; }
    RowList > .row-list--header { text-style: bold; color: $text-muted; background: $panel; }
    RowList > .row-list--cursor { background: $primary 40%; }
    RowList:focus > .row-list--cursor { background: $primary 70%; }
    RowList > .row-list--empty { color: $text-muted; text-style: italic; }
    """
    COMPONENT_CLASSES = {"row-list--header", "row-list--cursor", "row-list--empty"}
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False, id="rowlist.up"),
        Binding("down", "cursor(1)", show=False, id="rowlist.down"),
        Binding("pageup", "page(-1)", show=False, id="rowlist.pageup"),
        Binding("pagedown", "page(1)", show=False, id="rowlist.pagedown"),
        Binding("home", "jump(0)", show=False, id="rowlist.home"),
        Binding("end", "jump(-1)", show=False, id="rowlist.end"),
        Binding("enter", "choose", show=False, id="rowlist.choose"),
    ]

    SCROLL_AT_ONCE = False  # the cursor's line scrolled into view in the same frame (else after it, Textual's way)
    # neither repaints the whole list when set: the cursor's two lines are repainted by its watcher, a new result
    # set's changed lines by set_rows (a whole repaint drew every visible line again through Textual's styles cache,
    # and the scrollbar beside them, for every key typed)
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)  # set_rows updates the scrollbar itself

    class Highlighted(Message):
        def __init__(self, row_list: RowList, index: int, key: Any) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index
            self.key = key

        @property
        def control(self) -> RowList:
            return self.row_list

    class Chosen(Message):
        def __init__(self, row_list: RowList, index: int, key: Any) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index
            self.key = key

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, columns: Sequence[Column], *, empty_text: str = "", show_header: bool = True,
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns = list(columns)
        self.rows: Sequence[Row] = []
        self.keys: Sequence[Any] = []
        self.empty_text = empty_text
        self.show_header = show_header
        self._cache: dict[tuple[int, int, bool], Strip] = {}
        self._stable = False
        self._by_key: dict[tuple[Any, int], Strip] = {}  # rendered rows kept across set_rows when keys are stable
        self._content_keys: Sequence[Any] = ()
        self._width = 0
        self._pass: tuple[int, Style, Style] | None = None  # the width and styles of the lines being rendered
        self._widths_at: dict[int, list[int]] = {}  # the columns' widths at a list's width
        self._styles: dict[str, Style] = {}

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @columns.setter
    def columns(self, columns: Sequence[Column]) -> None:
        if list(columns) != self._columns:
            self._columns = list(columns)
            self._widths_at.clear()
            self._cache.clear()
            self._by_key.clear()
            self.refresh()

    # --- data --------------------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], keys: Sequence[Any] | None = None, *, keep_cursor: bool = False,
                 stable_keys: bool = False, content_keys: Sequence[Any] | None = None) -> None:
        """Show ``rows``. With ``stable_keys`` a key always stands for the same row content (a SKU in search
        results), so rows already drawn for an earlier result set are reused: while the user types, most of the
        screen's rows are the same products. ``content_keys`` does the same where the key alone does not say what a
        row shows (a SKU and the price shown with it): one for each row, standing for that row's content. A list is
        copied; any other sequence is kept as it is, a lazy source whose rows are built (or read) when drawn: it is
        only ever indexed, never walked.

        The list's height in rows changes without a layout of the screen (only the scrollbar's appearing or going
        asks for one): a new result set repaints this list alone."""
        before = (self._content_keys, int(self.scroll_y), self.cursor, len(self.rows)) if self._stable else None
        self.rows = list(rows) if isinstance(rows, list | tuple) else rows
        if keys is None:
            self.keys = range(len(self.rows))
        else:
            self.keys = list(keys) if isinstance(keys, list | tuple) else keys
        self._cache.clear()
        if content_keys is None and stable_keys:
            content_keys = self.keys
        if content_keys is None or not self._stable or len(self._by_key) > 4096:
            self._by_key.clear()
            before = None
        self._stable = content_keys is not None
        self._content_keys = content_keys if content_keys is not None else ()
        size = Size(self.size.width, len(self.rows) + self._header_lines)
        if size != self.virtual_size:  # the scrollbar is drawn again only when its thumb can have changed
            self.virtual_size = size   # (it was for every key and every price arriving: half the lines drawn)
            if self.is_mounted and self.container_size:
                self._scroll_update(self.virtual_size)
        old = self.cursor
        self.cursor = min(old, len(self.rows) - 1) if keep_cursor and self.rows else 0
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self._refresh_changed(before)

    def show_empty(self, text: str) -> None:
        """No rows, ``text`` in their place (rows on their way: "Loading…"; known to be none: "none"): when the list
        shows no rows already, only the line that says so is repainted (not the header and the blank lines)."""
        if self.rows or self.cursor or int(self.scroll_y):
            self.empty_text = text
            self.set_rows([], [])
        elif text != self.empty_text:
            self.empty_text = text
            self._refresh_row(0)

    def _refresh_changed(self, before: tuple[Sequence[Any], int, int, int] | None) -> None:
        """Repaint the lines whose row changed (by content key), or all of them when that cannot be told: Textual
        then draws and composes only those lines, not the whole list, for a result set that kept most rows."""
        top = int(self.scroll_y)
        if before is None or before[1] != top or not (self.rows and before[3]):
            self.refresh()
            return
        old_keys, _top, old_cursor, _count = before
        height = max(0, self.scrollable_content_region.height - self._header_lines)
        new_keys = self._content_keys
        for index in range(top, top + height):
            old = old_keys[index] if index < len(old_keys) else None
            new = new_keys[index] if index < len(new_keys) else None
            if old != new or index in (old_cursor, self.cursor):
                self._refresh_row(index)

    def _refresh_row(self, index: int) -> None:
        """Repaint row ``index``'s line, its cells only: not the scrollbar beside it (``refresh_line`` marks the
        list's whole width, and the compositor then draws the scrollbar's rows as well, unchanged, on every key)."""
        y = index + self._header_lines - self.scroll_offset.y
        self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

    def forget_drawn(self) -> None:
        """Draw every row again from its cells (what the content keys stood for may have changed)."""
        self._by_key.clear()
        self._cache.clear()
        self.refresh()

    @property
    def _header_lines(self) -> int:
        return 1 if self.show_header else 0

    @property
    def current_key(self) -> Any:
        if 0 <= self.cursor < len(self.keys):
            return self.keys[self.cursor]
        return None

    def row_text(self, index: int) -> str:
        """The plain text of a row (what a test or a screen reader would read)."""
        return "  ".join(Text(c).plain if isinstance(c, str) else c.plain for c in self.rows[index])

    # --- movement ----------------------------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        if not self.rows:
            return 0
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache = {k: v for k, v in self._cache.items() if k[0] not in (old, new)}
        for index in {old, new}:  # the two lines alone (a scroll repaints the rest)
            self._refresh_row(index)
        if self.rows:
            self._scroll_cursor_into_view()
            self.post_message(self.Highlighted(self, new, self.current_key))

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.scrollable_content_region.height - self._header_lines)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=self.SCROLL_AT_ONCE)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=self.SCROLL_AT_ONCE)

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self, self.cursor, self.current_key))

    def on_click(self, event: Any) -> None:
        index = int(self.scroll_y) + event.y - self._header_lines
        if 0 <= index < len(self.rows):
            if index == self.cursor and getattr(event, "chain", 1) >= 2:
                self.action_choose()
            self.cursor = index

    # --- rendering ---------------------------------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.size.width != self._width:  # a new height (a status line above grew) draws the same lines
            self._width = self.size.width
            self._widths_at.clear()
            self._cache.clear()
            self._by_key.clear()
        self.virtual_size = Size(self.size.width, len(self.rows) + self._header_lines)

    def cell_cut(self, index: int, column: int) -> bool:
        """Whether the cell at row ``index``, ``column`` is drawn cut (or its column hidden) at the list's width."""
        if not 0 <= index < len(self.rows):
            return False
        cells = self.rows[index]
        cell = cells[column] if column < len(cells) else ""
        width = self._widths(self.scrollable_content_region.width)[column]
        return (Text(cell) if isinstance(cell, str) else cell).cell_len > width

    def cell(self, index: int, column: int) -> Text:
        cells = self.rows[index]
        cell = cells[column] if column < len(cells) else ""
        return Text(cell) if isinstance(cell, str) else cell.copy()

    def _widths(self, total: int) -> list[int]:
        """Each column's width; 0 for a column hidden because the list is too narrow (least needed first)."""
        shown = list(range(len(self.columns)))

        def needed(idx: list[int]) -> int:
            return sum(self.columns[i].width or self.columns[i].min_width for i in idx) + max(0, len(idx) - 1)

        for i in sorted((i for i, c in enumerate(self.columns) if c.drop), key=lambda i: -self.columns[i].drop):
            if needed(shown) <= total:
                break
            shown.remove(i)
        gaps = max(0, len(shown) - 1)
        fixed = sum(self.columns[i].width or self.columns[i].min_width for i in shown)
        flex = [i for i in shown if not self.columns[i].width]
        spare = max(0, total - fixed - gaps)
        share = spare // len(flex) if flex else 0
        widths = [0] * len(self.columns)
        for i in shown:
            column = self.columns[i]
            widths[i] = column.width or column.min_width + share
        if flex:  # give rounding leftovers to the last flexible column
            widths[flex[-1]] += spare - share * len(flex)
        return widths

    def _line(self, cells: Sequence[Text | str], width: int, style: Style) -> Strip:
        widths = self._widths_at.get(width)
        if widths is None:
            widths = self._widths_at[width] = self._widths(width)
        justify = [c.justify for c in self.columns]
        strip = Strip(line_segments(cells, widths, justify, self._style_of)).adjust_cell_length(width)
        return strip.apply_style(style) if style else strip

    def _style_of(self, style: str | Style) -> Style:
        if isinstance(style, Style):
            return style
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = self.app.console.get_style(style, default=Style.null())
        return found

    def render_lines(self, crop: Any) -> list[Strip]:
        # the width and the styles every line of this pass shares, worked out once (not thirty times a frame)
        base = self.rich_style
        self._pass = (self.scrollable_content_region.width, base,
                      base + self.get_component_rich_style("row-list--cursor"))
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        if self._pass is None:
            base = self.rich_style
            width, cursor_style = self.scrollable_content_region.width, None
        else:
            width, base, cursor_style = self._pass
        if self.show_header and y == 0:
            style = base + self.get_component_rich_style("row-list--header")
            return self._line([c.title for c in self.columns], width, Style()).apply_style(style)
        index = int(self.scroll_y) + y - self._header_lines
        if not self.rows:
            if index == 0 and self.empty_text:
                empty = self.get_component_rich_style("row-list--empty")
                return Strip([Segment(self.empty_text, base + empty)]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, width, is_cursor)
        cached = self._cache.get(key)
        if cached is None:
            if is_cursor:
                style = cursor_style or base + self.get_component_rich_style("row-list--cursor")
            else:
                style = base
            content = (self._content_keys[index], width) if self._stable else None
            plain = self._by_key.get(content) if content is not None else None
            if plain is None:
                plain = self._line(self.rows[index], width, Style())
                if content is not None:
                    self._by_key[content] = plain
            cached = plain.apply_style(style)
            self._cache[key] = cached
        return cached
