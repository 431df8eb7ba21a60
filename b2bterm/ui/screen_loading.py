"""How the app mounts its section screens: a screen's class loaded by name when first opened, and its widgets
awaited without the extra full layout Textual asks for after a mount (the first usable frame gets one layout)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence


class MountedOnly:
    """Awaits what a Textual ``AwaitMount`` awaits (the widgets mounted), without the full layout it then asks for."""

    def __init__(self, widgets: Sequence[object]) -> None:
        self._widgets = widgets

    def __await__(self):  # -> Generator[None, None, None]
        async def mounted() -> None:
            if self._widgets:
                await asyncio.wait([asyncio.create_task(w._mounted_event.wait()) for w in self._widgets])

        return mounted().__await__()


def load_screen(spec: str):  # -> type[Screen]
    import importlib

    module, _sep, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)
