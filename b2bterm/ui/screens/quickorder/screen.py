"""The quick-order screen, put together from its parts (see the package's docstring)."""

from __future__ import annotations

from b2bterm.ui.screens.quickorder.editing import PadEditing
from b2bterm.ui.screens.quickorder.line_actions import LineActions
from b2bterm.ui.screens.quickorder.lists import ListActions
from b2bterm.ui.screens.quickorder.sending import Sending


class QuickOrderScreen(Sending, ListActions, LineActions, PadEditing):
    """Quick order: type, scan or paste lines; fix what is unclear; send."""
