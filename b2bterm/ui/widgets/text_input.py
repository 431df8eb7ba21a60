"""The text box every b2bterm screen uses: Textual's Input, with its own editing keys applied in the order typed.

Textual 8.2.8 types a printable key as soon as the Input reads it, but sends a bound key (Backspace, Delete, arrows,
Home, End, Ctrl+K…) up to the App, which runs the binding only after the keys already queued behind it were typed
(upstream issue #6605): a burst ``X``, Backspace, ``PO-NU-0001`` became ``XPO-U-0001``. Over SSH keys arrive in
bursts. Here the Input runs its own bindings the moment it reads the key, so every key lands in order. (The same
fix is proposed upstream as Textual PR #6631; no release has it yet.)
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class TextInput(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.validators:  # as Textual's Input sets it at its first change: that first key restyled the box
            self.add_class("-valid")  # and every part of it (~5 ms of the session's first keystroke)

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input types it (the next handler in line)
        if await self.run_own_binding(event.key):
            self._restart_blink()
            event.stop()
            event.prevent_default()

    async def run_own_binding(self, key: str) -> bool:
        """Run this widget's binding for ``key`` now (the keymap applied), as the App would later. True if one ran."""
        bindings = self._bindings.copy()
        keymap = self.app._keymap
        if keymap:
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False


class FixedInput(TextInput):
    """A text box whose size never follows its text (its width and height fixed in CSS, its text never longer than
    the box): typing repaints the box alone. Textual's Input asks for a layout of the whole screen at every key, as
    its virtual width follows the text; here that width changes without one."""

    virtual_size = Reactive(Size(0, 0), layout=False)
