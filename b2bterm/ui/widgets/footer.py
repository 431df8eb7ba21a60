"""The key footer, fitted to the terminal's width.

Textual's footer lays every key out in one row and cuts the row at the edge: at 80 columns the keys after the sixth
were gone, F1 among them. This footer goes compact below ``WIDE`` columns (or when the keys do not all fit with
Textual's spacing) and keeps the keys that fit, in the screen's order: F1 (the help, which lists every key of the
screen) and the palette key (every action by name) always, and a screen's ``FOOTER_FIRST`` actions (Send on Quick
order) before its other keys. A key left out still works, and the help and the palette show it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

WIDE = 120  # from this width on, the footer has Textual's spacing
ALWAYS = frozenset({"show_help", "app.show_help", "command_palette", "app.command_palette"})


def _cost(key: FooterKey, compact: bool) -> int:
    """Columns a key takes: compact ``key desc`` and a gap; wide `` key desc `` and a gap."""
    text = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    return text + (1 if compact else 3)


def fit_keys(keys: list[FooterKey], width: int, compact: bool,
             rank: Callable[[FooterKey], tuple[int, int]] = lambda k: (0, 0)) -> list[FooterKey]:
    """The keys that fit in ``width`` columns, shown in their order: the ones always kept, then the others by
    ``rank`` (one too wide is left to the help, a shorter one after it may still fit)."""
    budget = width - 1  # the palette key's border
    kept = {id(k) for k in keys if k.action in ALWAYS}
    budget -= sum(_cost(k, compact) for k in keys if id(k) in kept)
    for key in sorted(keys, key=rank):
        if id(key) in kept:
            continue
        cost = _cost(key, compact)
        if cost <= budget:
            kept.add(id(key))
            budget -= cost
    return [k for k in keys if id(k) in kept]


class FitFooter(Footer):
    """Footer that never cuts a key in half and always shows F1 and the palette key."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._fitted_width = 0
        self._composed: tuple[object, ...] | None = None  # what the keys on show were composed from
        self._recompose_asked = False

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _keys_now(self) -> tuple[object, ...]:
        """What the footer's keys are composed from: the width and every shown binding as it stands."""
        shown = tuple((b.key, self.app.get_key_display(b), b.description, b.action, enabled, tooltip)
                      for (_node, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show)
        return self._width(), self.show_command_palette, shown

    def bindings_changed(self, screen: Screen) -> None:
        """Textual's footer recomposed (every key unmounted, made and styled again) on each change of the bindings:
        eight times before the first frame, as focus and the bindings settle. Here one recompose is asked at a time,
        and it runs only if the keys it would show differ from the ones on show."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_asked:
            self._recompose_asked = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_asked = False
        if self.is_attached and self._keys_now() != self._composed:
            await self.recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready and self.is_attached:
            # the keys as the screen's bindings stand now, in the first frame: Textual's footer showed none until the
            # bindings settled, then recomposed and laid the whole screen out again (a second full frame at start);
            # a later change of the keys still recomposes (bindings_changed)
            self.set_reactive(Footer._bindings_ready, True)
        width = self._width()
        self._fitted_width = width
        self._composed = self._keys_now() if self._bindings_ready else None
        items: list[Widget] = list(super().compose())
        keys = [w for w in items if isinstance(w, FooterKey)]
        rank = self._rank()
        shown = fit_keys(keys, width, False, rank)
        compact = width < WIDE or len(shown) < len(keys)  # Textual's spacing only while every key fits with it
        if compact:
            shown = fit_keys(keys, width, True, rank)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        for key in keys:  # not mounted yet: their styles are worked out once, as they mount (setting the reactive
            # ran its watcher, which styled each unmounted key again: most of the first frame's footer time)
            key.set_reactive(FooterKey.compact, compact)
            key.set_class(compact, "-compact", update=False)
        if len(keys) != len(items):  # groups: shown as Textual lays them out
            yield from items
            return
        yield from shown

    def _rank(self) -> Callable[[FooterKey], tuple[int, int]]:
        """The screen's ``FOOTER_FIRST`` actions, then its other keys, then the app's keys in the order the app
        lists them (a remapped key keeps its place)."""
        first: tuple[str, ...] = tuple(getattr(self.screen, "FOOTER_FIRST", ()))
        app_actions = [b.action for b in type(self.app).BINDINGS if isinstance(b, Binding)]

        def rank(key: FooterKey) -> tuple[int, int]:
            if key.action in first:
                return 0, first.index(key.action)
            if key.action in app_actions:
                return 2, app_actions.index(key.action)
            return 1, 0

        return rank

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width and self._bindings_ready:
            self.call_after_refresh(self.recompose)
