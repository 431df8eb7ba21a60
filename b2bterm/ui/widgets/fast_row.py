"""A text box's text row drawn from pieces Textual drew, without working its styles out again.

Textual draws a row of an Input by resolving the box's styles (its colours through every ancestor, the cursor's
component style), rendering the value as rich Text, and wrapping it in padding and border through the widget's
styles cache: about as much work as the rest of a typed digit's frame. For a quantity box the row is always the
same border and padding around a run of digits with the cursor among them, so once Textual has drawn that row the
pieces are kept (the left and right edges as drawn, and the styles of a digit, of the cursor cell and of a blank
cell as they came out of Textual's drawing, line filters applied) and a new value's row is built from them.

The pieces are checked when they are taken: built back for the value on screen they must give Textual's very row,
else they are not used. They are used only as long as Textual itself would reuse its cached rows of the box
(``StyleStamp``): its styles cache is cleared whenever a style, the size or the theme changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

_ROW = -1  # a row number no drawing ever asks for: where a stamp is kept in Textual's styles cache


class StyleStamp:
    """Whether a widget's styles are the ones seen when ``take`` was called: true until Textual clears the widget's
    styles cache (a style, pseudo-class, theme or size change, or a whole-widget refresh), as Textual's own cached
    rows are. A look-up, not a walk through the ancestors' styles."""

    def __init__(self) -> None:
        self._mark = Strip([])

    def take(self, widget: Widget) -> None:
        widget._styles_cache._cache[_ROW] = self._mark

    def holds(self, widget: Widget) -> bool:
        return widget._styles_cache._cache.get(_ROW) is self._mark


@dataclass(frozen=True)
class RowPieces:
    """A text row cut into what does not change as digits are typed: the edges (border and padding) as drawn, and
    the style of a character, of the cursor cell and of the blank cells after the text."""

    width: int  # the widget's width
    left: tuple[Segment, ...]
    right: tuple[Segment, ...]
    room: int  # cells between the edges
    text: Style
    cursor: Style
    blank: Style

    def row(self, value: str, cursor: int) -> Strip:
        """The row showing ``value`` (no longer than ``room - 1``) with the cursor at ``cursor``."""
        segments = list(self.left)
        if cursor:
            segments.append(Segment(value[:cursor], self.text))
        segments.append(Segment(value[cursor:cursor + 1] or " ", self.cursor))
        if value[cursor + 1:]:
            segments.append(Segment(value[cursor + 1:], self.text))
        pad = self.room - max(len(value), cursor + 1)
        if pad > 0:
            segments.append(Segment(" " * pad, self.blank))
        segments += self.right
        return Strip(segments, self.width)


def cut_row(drawn: Strip, width: int, left: int, right: int, value: str, cursor: int) -> RowPieces | None:
    """The pieces of ``drawn`` (Textual's row showing ``value`` with a visible cursor at ``cursor``, ``left`` and
    ``right`` cells of padding and border at the sides), or None when they cannot be taken or would not build that
    same row again."""
    room = width - left - right
    if drawn.cell_length != width or not value or room < len(value) + 2 or not 0 <= cursor <= len(value):
        return None
    other = next((i for i in range(len(value)) if i != cursor), None)
    if other is None:
        return None

    def style_at(x: int) -> Style | None:
        cell = list(drawn.crop(x, x + 1))
        return cell[0].style if len(cell) == 1 else None

    text, at, blank = style_at(left + other), style_at(left + cursor), style_at(left + len(value) + 1)
    if text is None or at is None or blank is None:
        return None
    pieces = RowPieces(width, tuple(drawn.crop(0, left)), tuple(drawn.crop(width - right, width)), room, text, at,
                       blank)
    same = list(Segment.simplify(pieces.row(value, cursor))) == list(Segment.simplify(drawn))
    return pieces if same else None
