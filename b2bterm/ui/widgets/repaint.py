"""Updating an auto-height Static without laying the screen out again when its height stays the same.

A layout arranges and draws every widget of the screen again (every row of a list moves); an update of the same
height repaints that widget alone. Status lines, facet lines and price panels change on every keystroke, so they are
updated through ``update_in_place``: a layout only when the new content needs another height (Textual's own measure
at the widget's width, within its max-height), or, with ``keep_height``, only when it needs more (a shorter content
keeps the height with blank lines, so a panel that changes by a line does not move the rest of the screen back and
forth).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


def update_in_place(widget: Static, content: RenderableType, *, keep_height: bool = False) -> None:
    width = widget.content_region.width
    if not width:  # not laid out yet
        widget.update(content)
        return
    widget.update(content, layout=False)
    wanted = widget.get_content_height(widget.container_size, widget.screen.size, width)
    limit = widget.styles.max_height
    if limit is not None and limit.is_cells:
        wanted = min(wanted, int(limit.value))
    have = widget.content_region.height
    if keep_height and wanted < have:
        widget.update(Group(content, Text("\n" * (have - wanted - 1))), layout=False)
    elif wanted != have:
        widget.refresh(layout=True)


def paint_in_this_frame(*widgets: Widget) -> None:
    """Hand the widgets' pending repaints (and any layout they asked for) to their screen now, not when each
    widget's own message queue next goes idle.

    Textual paints a frame as soon as the screen's queue is empty. A key typed into a box posts the box's repaint
    before the screen handles ``Input.Changed``; what that handler updates posts its repaint from each widget's own
    task, after the screen has gone idle, so the results were painted a frame after the echo (traced in the real
    app: 10-40 ms later, and a frame's work more for every key). Called at the end of such a handler, the echo and
    everything the key changed are painted together. ``Widget._check_refresh`` is what each widget's idle handler
    runs (textual is pinned in pyproject.toml)."""
    for widget in widgets:
        widget._check_refresh()


def paint_now(*widgets: Widget) -> bool:
    """The widgets' pending repaints drawn and handed to the terminal now, in the caller's turn: the frame a key
    changed, without the six event-loop turns Textual takes from a widget's refresh to the screen's frame (each
    widget's idle, its ``Update`` message to the screen, the screen's idle, its update timer, the timer's message).
    Only for a repaint of the current screen with nothing else pending (no layout, scroll, restyle or recompose,
    no batch): then True; otherwise the repaints go Textual's own way (as ``paint_in_this_frame``) and False."""
    if not widgets:
        return False
    screen = widgets[0].screen
    app = screen.app
    simple = (screen.is_current and not app._batch_count and not app.is_inline and not (
        screen._layout_required or screen._scroll_required or screen._repaint_required
        or screen._recompose_required) and all(
        widget.screen is screen and not (widget._layout_required or widget._scroll_required
                                         or widget._refresh_styles_required) for widget in widgets))
    if not simple:
        paint_in_this_frame(*widgets)
        return False
    dirty = screen._dirty_widgets
    for widget in widgets:
        if widget._repaint_required:
            widget._repaint_required = False
            if widget.display:
                dirty.add(widget)
    if dirty:
        screen._compositor.update_widgets(dirty)
        screen._compositor_refresh()  # draws the dirty rows and hands the frame to the driver; clears ``dirty``
    return True
