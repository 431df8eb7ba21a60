"""Read what a widget shows on screen, as plain text (what the user sees, not the object behind it)."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def widget_text(widget: Widget) -> str:
    width, height = widget.size.width, widget.size.height
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def screen_text(app) -> str:  # the whole screen, every visible widget
    return "\n".join(widget_text(w) for w in app.screen.query("*") if w.display and w.size.area)
