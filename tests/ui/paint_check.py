"""Compares b2bterm's DirtyRowsCompositor with Textual's own partial update, frame by frame: ``beside_textual``
patches the compositor so that each frame is also rendered Textual's way, and records both frames (as drawn) and
every widget our compositor drew."""

from __future__ import annotations

import re
from typing import Any

import pytest


def drawn_part(sent: str) -> str:
    """What a frame draws: Textual also moves the cursor to the start of the piece after a dirty span, drawing
    nothing there (a move followed by the end of the line or of the frame): not part of the picture."""
    return re.sub(r"\x1b\[\d+;\d+H(?=\n|$)", "", sent)


def beside_textual(app: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, str]], list[Any]]:
    """(frames, drawn): each frame as Textual would send it and as ours sends it, and the widgets ours drew."""
    from textual._compositor import Compositor
    from textual.widget import Widget

    from b2bterm.ui.compositor import DirtyRowsCompositor

    frames: list[tuple[str, str]] = []
    drawn: list[Widget] = []
    ours = DirtyRowsCompositor.render_partial_update

    def both(self: DirtyRowsCompositor):  # type: ignore[no-untyped-def]
        dirty = set(self._dirty_regions)
        theirs = Compositor.render_partial_update(self)
        self._dirty_regions.update(dirty)
        real_render_lines = Widget.render_lines

        def counted(widget: Widget, crop):  # type: ignore[no-untyped-def]
            drawn.append(widget)
            return real_render_lines(widget, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        try:
            update = ours(self)
        finally:
            monkeypatch.setattr(Widget, "render_lines", real_render_lines)
        if update is not None and theirs is not None:
            frames.append((drawn_part(theirs.render_segments(app.console)),
                           drawn_part(update.render_segments(app.console))))
        return update

    monkeypatch.setattr(DirtyRowsCompositor, "render_partial_update", both)
    return frames, drawn
