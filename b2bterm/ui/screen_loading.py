"""How the app mounts its section screens: a screen's class loaded by name when first opened, and its widgets
awaited without the extra full layout Textual asks for after a mount (the first usable frame gets one layout)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import events


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


class DrawnOnceAtStart:
    """A section screen's mixin: the screen is not drawn inside the app's start-up batch. Textual lays the first
    screen out and draws it there (its compositor refresh, called later from the layout), and drops what is drawn
    in a batch; the whole screen is drawn again as the batch ends (``SectionMounting._end_batch``): the first frame's
    drawing was done twice (~10 ms)."""

    def _compositor_refresh(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app._batch_count and getattr(app, "_first_mode_done", False) and not getattr(app, "_first_frame_sent", True):
            app._start_draw_skipped = True
            return  # what is dirty stays so: the whole screen is drawn as the batch ends
        super()._compositor_refresh()  # type: ignore[misc]


class SectionMounting:
    """The App's first section screen mounted once, with one layout before its first frame (a mixin of B2BApp, before
    Textual's App). Every later screen is Textual's own."""

    _first_mode_done = False  # the first section's screen was installed (_init_mode)
    _first_frame_sent = False  # the whole first screen was handed to the terminal (_end_batch)

    def _init_mode(self, mode: str):  # -> AwaitMount
        awaiting = super()._init_mode(mode)  # type: ignore[misc]
        self._first_mode_done = True
        return awaiting

    def _get_screen(self, screen):  # -> tuple[Screen, AwaitMount]
        """Textual's, but the first section's screen is mounted without the full layout Textual asks for once its
        mount is through: the screen lays itself out and paints its first frame meanwhile, so that was a second
        full layout and paint before the first usable frame."""
        if self._first_mode_done:
            return super()._get_screen(screen)  # type: ignore[misc]
        got = self.get_screen(screen)  # type: ignore[attr-defined]
        if got.is_running:
            return super()._get_screen(screen)  # type: ignore[misc]
        return got, MountedOnly(self._register(self, got))  # type: ignore[attr-defined]

    async def _on_compose(self, event: events.Compose) -> None:
        """Textual's App mounts what its ``compose`` yields together with the first screen's children again, then
        lays that screen out in full once more: the section screen has mounted its children itself and painted its
        first frame by then, so that was a second full layout and paint before the first usable frame (~10 ms). The
        app composes nothing of its own; whatever a subclass composes is still mounted."""
        from textual.compose import compose

        event.prevent_default()  # instead of App's (the only other handler of Compose in the app's classes)
        self._compose_screen = self.screen  # type: ignore[attr-defined]
        widgets = list(compose(self))  # type: ignore[arg-type]
        if widgets:
            await self.mount_all(widgets)  # type: ignore[attr-defined]

    def _end_batch(self) -> None:
        """Textual's; and as its start's batch ends, the whole first screen is sent to the terminal at once. The
        screen was laid out and drawn inside that batch (while the app composed), and Textual drops what is drawn in a
        batch: the terminal then got the widgets that changed after it one frame at a time (the header and the status
        line first, the search box three frames later) until a full repaint."""
        super()._end_batch()  # type: ignore[misc]
        if self._first_frame_sent or self._batch_count or not self._first_mode_done:  # type: ignore[attr-defined]
            return
        self._first_frame_sent = True
        screen = self.screen  # type: ignore[attr-defined]
        if screen.is_attached:
            # the whole screen at its next update, as Screen.refresh() asks it; unless nothing of it was drawn yet and
            # a layout is pending: the layout's update draws all of it (a repaint after it drew it all again)
            skipped = getattr(self, "_start_draw_skipped", False)
            screen._repaint_required = not (skipped and screen._layout_required)
            screen._on_timer_update()  # that update now, not at the screen's next timer tick
