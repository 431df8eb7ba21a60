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

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from b2bterm.ui.widgets.fast_row import StyleStamp


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
        self._line_rows: list[list[Strip]] = []  # the rows of each of ``_lines`` (at ``_width``)
        self._base: Style | None = None  # the widget's style for the rows of one drawing pass
        self._plain: dict[int, tuple[Strip | None, Strip]] = {}  # a plain box's rows on screen: y -> (row, strip)
        self._plain_key: tuple[object, ...] = ()  # the width, style, background and filters they were drawn with
        self._look: tuple[Style, Color, Style] | None = None  # ``_plain_look``, while ``_look_stamp`` holds
        self._look_stamp = StyleStamp()

    @property
    def lines(self) -> list[Text]:
        return list(self._lines)

    @property
    def plain(self) -> str:
        """What the panel says, as plain text (one line a row of content, unwrapped)."""
        return "\n".join(line.plain for line in self._lines)

    def set_lines(self, lines: Sequence[Text | str]) -> None:
        """Show ``lines``: the rows that changed are repainted; a layout only when the height changes. A line that is
        the very ``Text`` shown at that place before keeps its rows without being looked at (``price_lines``)."""
        shown, shown_rows = self._lines, self._line_rows
        self._lines = [_text(line) for line in lines]
        width = self.size.width
        if width <= 0 or self._width != width:  # not laid out yet, or laid out at another width: draw it all
            self._width = -1
            self.refresh(layout=True)
            return
        old = self._rows
        rows = self._draw(width, len(old) if self._keep_height else 0, shown, shown_rows)
        self._rows = rows
        if len(rows) != len(old):
            height = self.styles.height
            self.refresh(layout=height is None or not height.is_cells)  # a fixed height: no layout
            return
        changed = [Region(0, y, width, 1) for y, (before, after) in enumerate(zip(old, rows, strict=True))
                   if before is not after and before != after]
        if changed:
            self.refresh(*changed)

    def forget(self) -> None:
        """Forget the rows drawn so far (each line is drawn again when next shown)."""
        self._drawn = {}
        self._line_rows = []

    def _draw(self, width: int, at_least: int = 0, shown: Sequence[Text] = (),
              shown_rows: Sequence[list[Strip]] = ()) -> list[Strip]:
        """The rows of ``_lines`` at ``width``; ``shown`` (with ``shown_rows``): the lines drawn last at this width,
        whose rows a line that is the same object at the same place takes as they are."""
        if width != self._width or len(self._drawn) > 512:
            self._drawn = {}
            shown = shown_rows = ()
        rows: list[Strip] = []
        line_rows: list[list[Strip]] = []
        kept = min(len(shown), len(shown_rows))
        for at, line in enumerate(self._lines):
            if at < kept and shown[at] is line:
                drawn = shown_rows[at]
            else:
                key = (line.plain, line.style, line.justify, line.overflow, *line.spans)
                drawn = self._drawn.get(key)
                if drawn is None:
                    drawn = self._drawn[key] = self._draw_line(line, width)
            line_rows.append(drawn)
            rows += drawn
        self._line_rows = line_rows
        if len(rows) < at_least:
            rows += [_blank(width)] * (at_least - len(rows))
        return rows

    def _draw_line(self, line: Text, width: int) -> list[Strip]:
        if width <= 0:
            return []
        console = self.app.console
        if line.cell_len <= width and "\n" not in line.plain:  # one row: padded to the width as it is drawn
            segments = list(line.render(console))
            length = line.cell_len
            if length < width:
                segments.append(Segment(" " * (width - length)))
            return [Strip(segments, width)]
        return [Strip(part.render(console)).adjust_cell_length(width) for part in line.wrap(console, width)]

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
        if self._plain_look() is not None and not self._hovered_link():
            return self._render_plain(crop)
        self._base = self.rich_style  # worked out once a pass (it walks the ancestors), not once a row
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    def _plain_box(self) -> bool:
        """No border, outline, padding, hatch, tint or opacity: a row on screen is the content row on the widget's
        background, which ``_render_plain`` draws without Textual's per-row box work (a typed quantity's rows)."""
        return self._plain_look() is not None and not self._hovered_link()

    def _plain_look(self) -> tuple[Style, Color, Style] | None:
        """A plain box's style, background and inner style (None: not a plain box), worked out again only when
        Textual would draw the widget's rows again (``StyleStamp``): not a walk through the ancestors a keystroke."""
        if self._look_stamp.holds(self):
            return self._look
        styles = self.styles
        plain = (not any(styles.padding) and not any(edge for edge, _color in styles.border)
                 and not any(edge for edge, _color in styles.outline) and not styles.tint.a
                 and styles.opacity == 1 and styles.text_opacity == 1
                 and (not styles.has_rule("hatch") or styles.hatch == "none")
                 and self._border_title is None and self._border_subtitle is None)
        self._look = None
        if plain:
            base_background, background = self.background_colors
            inner = self._styles_cache.get_inner_outer(base_background, background)[0].rich_style
            self._look = (self.rich_style, background, inner)
        self._look_stamp.take(self)
        return self._look

    def _hovered_link(self) -> bool:
        """A clickable link under the mouse (Textual then styles it on the rows): Textual's own drawing."""
        hover = self.hover_style
        return bool(self.auto_links and hover._link_id and hover._meta and "@click" in hover.meta)

    def _render_plain(self, crop: Region) -> list[Strip]:
        """What Textual's styles cache draws for a plain box (content rows in the widget's style, blank rows below,
        the app's line filters), for the rows of ``crop``; a row is drawn again only when its content, the style or
        the background changed (an unchanged row costs a look-up)."""
        width = self.size.width
        look = self._plain_look()
        assert look is not None
        style, background, inner = look
        rows = self._rows_at(width)
        filters = tuple(self.get_line_filters())
        drawn = self._plain
        if self._plain_key != (width, style, background, filters):
            drawn.clear()
            self._plain_key = (width, style, background, filters)
        strips: list[Strip] = []
        for y in crop.line_range:
            row = rows[y] if y < len(rows) else None
            kept = drawn.get(y)
            if kept is not None and kept[0] is row:
                strips.append(kept[1])
                continue
            strip = _styled(row, width, style, inner, background, filters)
            drawn[y] = (row, strip)
            strips.append(strip)
        self._styles_cache.set_dirty(crop)  # Textual's cache of these rows is not kept up to date here
        x1, x2 = crop.column_span
        return strips if (x1, x2) == (0, width) else [strip.crop(x1, x2) for strip in strips]

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
        self._plain = {}
        self._look_stamp = StyleStamp()


def _text(line: Text | str) -> Text:
    return Text(line) if isinstance(line, str) else line


def _styled(row: Strip | None, width: int, style: Style, inner: Style, background: Color,
            filters: Sequence[LineFilter]) -> Strip:
    """What Textual's styles cache makes of a content row (None: a blank row below the content) in a plain box: the
    widget's style under it, padded to the width in the inner style, the line filters applied - one Strip made,
    not one a step."""
    if row is None:
        segments: list[Segment] = [Segment(" " * width, style)]
    else:
        segments = list(Segment.apply_style(row._segments, style))
        length = row.cell_length
        if length > width:
            return _styled_by_steps(row, width, style, inner, background, filters)
        if length < width:
            segments.append(Segment(" " * (width - length), inner))
    for line_filter in filters:
        segments = line_filter.apply(segments, background)
    return Strip(segments, width)


def _styled_by_steps(row: Strip, width: int, style: Style, inner: Style, background: Color,
                     filters: Sequence[LineFilter]) -> Strip:
    strip = Strip(row.apply_style(style).adjust_cell_length(width, inner), width)
    for line_filter in filters:
        strip = strip.apply_filter(line_filter, background)
    return strip


_blanks: dict[int, Strip] = {}


def _blank(width: int) -> Strip:
    """A blank content row (one object a width: an unchanged blank row is seen as unchanged at once)."""
    blank = _blanks.get(width)
    if blank is None:
        blank = _blanks[width] = Strip.blank(width)
    return blank
