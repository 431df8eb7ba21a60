"""The model query's quantity box: a digit typed lands, and its price is painted, in the key's own turn.

Textual's Input turns one typed character into a chain of reactive updates - the value (validated, its CSS classes
set again, a Changed message sent up through every container), the selection, the cursor, a scroll to the cursor -
and repaints the whole box, border rows included. For a digit typed into a valid quantity none of that changes
anything but the text row: here such a digit goes straight into the value and the cursor, only the text row is
repainted, and ``on_value`` (the screen's handler) is called at once; the box and what that handler changed are
drawn and handed to the terminal right there (``paint_now``), not six event-loop turns later. Everything else -
other keys, a selection, a paste, a value set by code, a box that is not valid yet - goes through Input as before
(and through its watchers, so a value set by code is seen the same way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events
from textual._styles_cache import StylesCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._input import Selection

from b2bterm.ui.widgets.fast_row import RowPieces, StyleStamp, cut_row
from b2bterm.ui.widgets.repaint import paint_now
from b2bterm.ui.widgets.text_input import FixedInput


class QtyInput(FixedInput):
    def __init__(self, *, on_value: Callable[[str], Iterable[Widget] | None] | None = None, max_length: int = 0,
                 id: str | None = None) -> None:
        """``on_value``: called with the typed value in the key's turn; the widgets it returns (the ones it changed)
        are painted with the box in that same turn."""
        super().__init__(id=id, type="integer", max_length=max_length)
        self.on_value = on_value
        self._pieces: RowPieces | None = None  # the text row's pieces as Textual last drew it (fast_row)
        self._stamp = StyleStamp()
        self._filters: tuple[object, ...] = ()  # the app's line filters when they were taken

    async def _on_key(self, event: events.Key) -> None:
        self.type_key(event)

    def type_key(self, event: events.Key) -> bool:
        """``event`` typed here now if it is a digit this box takes the short way (True: handled, stopped); the App
        calls it as it reads the key, saving the key's trip through this box's queue (ui/app.py ``_hand_on``)."""
        char = event.character
        if event.is_printable and char is not None and char.isdigit() and self._type_digit(char):
            event.stop()
            event.prevent_default()  # Input's own handler does not type it a second time
            return True
        return False

    def _type_digit(self, digit: str) -> bool:
        """``digit`` typed at the cursor the short way; False (nothing done) when Input's own way is needed."""
        value, selection = self.value, self.selection
        whole = bool(value) and self._all_selected()  # the digit replaces it
        if not ((selection.is_empty or whole) and self.is_valid and value.isdigit() and self.suggester is None):
            return False
        typed = digit if whole else value[:selection.end] + digit + value[selection.end:]
        at = 1 if whole else selection.end + 1
        if (self.max_length and len(typed) > self.max_length) or len(typed) >= self.scrollable_content_region.width:
            return False  # refused or scrolled: Input says so and scrolls
        self.set_reactive(Input.value, typed)
        self.set_reactive(Input.selection, Selection.cursor(at))
        self.set_reactive(FixedInput.virtual_size, Size(len(typed) + 1, 1))
        self.set_reactive(Input._cursor_visible, True)  # shown in the text row repainted below (no whole-box repaint)
        if self.cursor_blink and self._blink_timer:
            self._blink_timer.reset()
        self.app.cursor_position = self.cursor_screen_offset
        self.refresh(Region(0, 0, self.size.width, 1))  # the text row (in content coordinates): not the border
        changed = self.on_value(typed) if self.on_value is not None else None
        paint_now(self, *(changed or ()))  # the frame with the digit and its price, handed over now
        return True

    def _all_selected(self) -> bool:
        """The whole value selected (as a box focused anew shows it): what is typed replaces it."""
        return sorted(self.selection) == [0, len(self.value)]

    def show_value(self, value: str) -> bool:
        """``value`` (digits) shown in place of the digits the box holds (a model query opened again on another
        product), selected as a box focused anew shows it (Input.select_on_focus: the first digit typed replaces it):
        only the text row is repainted, as for a typed digit - not the whole box (its border rows) through Input's
        validation and messages. False, nothing done, when Input's own way is needed."""
        held = self.value
        if not (value.isdigit() and (held.isdigit() or not held) and self.is_valid
                and (self.selection.is_empty or not held or self._all_selected())
                and self.suggester is None and not self.password and len(value) < self.scrollable_content_region.width
                and (not self.max_length or len(value) <= self.max_length)):
            return False
        self.set_reactive(Input.value, value)
        self.set_reactive(Input.selection, Selection(0, len(value)) if self.select_on_focus
                          else Selection.cursor(len(value)))
        self.set_reactive(FixedInput.virtual_size, Size(len(value) + 1, 1))
        self.refresh(Region(0, 0, self.size.width, 1))  # the text row (in content coordinates): not the border
        return True

    def render_lines(self, crop: Region) -> list[Strip]:
        """The text row alone (a typed digit) built from the pieces Textual drew it with, while the box's styles are
        the same; anything else drawn by Textual (and, when the styles changed, the text row's pieces taken anew)."""
        top = self.styles.gutter.top
        plain = self._plain_row()
        pieces = self._pieces
        width = self.outer_size.width
        held = self._stamp.holds(self) and self._filters == tuple(self.get_line_filters())
        if (plain and self._cursor_visible and pieces is not None and held and crop == Region(0, top, width, 1)
                and pieces.width == width):
            return [pieces.row(self.value, self.cursor_position)]
        strips = super().render_lines(crop)
        if plain and not held:
            self._take_pieces(width, top)
        return strips

    def _take_pieces(self, width: int, top: int) -> None:
        """The text row drawn by Textual with the cursor shown (in a cache of its own: the blinking cursor may be
        hidden on screen), cut into the pieces a typed digit's row is built from."""
        shown = self._cursor_visible
        self.set_reactive(Input._cursor_visible, True)
        try:
            drawn = StylesCache().render_widget(self, Region(0, top, width, 1))[0]
        finally:
            self.set_reactive(Input._cursor_visible, shown)
        gutter = self.styles.gutter
        self._pieces = cut_row(drawn, width, gutter.left, gutter.right, self.value, self.cursor_position)
        self._filters = tuple(self.get_line_filters())
        self._stamp.take(self)

    def _plain_row(self) -> bool:
        """The text row is digits and the cursor (shown or blinked out) and nothing else: no selection, suggestion,
        scroll, tint or opacity."""
        styles = self.styles
        return (self.has_focus and self.selection.is_empty and not self._suggestion
                and self.scroll_offset.x == 0 and self.value.isdigit() and not self.password
                and styles.opacity == 1 and styles.text_opacity == 1 and not styles.tint.a
                and self._border_title is None and self._border_subtitle is None)
