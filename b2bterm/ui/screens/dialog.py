"""The one frame of every modal dialog: centred on a dimmed screen, a box with a round border in the theme's primary
colour on its surface colour. A dialog subclasses ``Dialog[T]`` (the type it dismisses with) and sets only its own
size and contents; its box is its first child, a ``Vertical`` (or a ``VerticalScroll``). A label directly in the box
takes its width, so a long line wraps (80 columns, a Chinese sentence) instead of being cut."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from b2bterm.ui.screens.base import ReportsFailedWorkers

T = TypeVar("T")


class Dialog(ReportsFailedWorkers, ModalScreen[T]):
    """A modal dialog. It hands failed workers to the app's one handler and reaches the services as
    ``self.services``, like every screen."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical, Dialog > VerticalScroll { border: round $primary; background: $surface; padding: 0 1; }
    Dialog > Vertical > Label, Dialog > VerticalScroll > Label { width: 100%; }
    """
