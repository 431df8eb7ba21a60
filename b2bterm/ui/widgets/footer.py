"""The key footer, fitted to the terminal's width, drawn by one widget.

Textual's footer lays every key out in one row and cuts the row at the edge: at 80 columns the keys after the sixth
were gone, F1 among them. This footer goes compact below ``WIDE`` columns (or when the keys do not all fit with
Textual's spacing) and keeps the keys that fit, in the screen's order: F1 (the help, which lists every key of the
screen) and the palette key (every action by name) always, and a screen's ``FOOTER_FIRST`` actions (Send on Quick
order) before its other keys. A key left out still works, and the help and the palette show it.

It draws the keys itself, as Textual's footer draws them (the same spacing, colours, the palette key on the right
behind its bar, a disabled key dim, the key under the mouse highlighted, a click presses the key, its tooltip shown).
Textual's footer was a container of one widget a key: each made, styled, laid out and drawn on its own, ~27 ms of the
first frame's CPU for 13 keys, and every change of the keys unmounted them all and made them again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

WIDE = 120  # from this width on, the footer has Textual's spacing
ALWAYS = frozenset({"show_help", "app.show_help", "command_palette", "app.command_palette"})
BAR = "▏"  # before the palette key (Textual's ``vkey`` border)


class _Shown(Protocol):
    key_display: str
    description: str
    action: str


class FooterKey:
    """One key as the footer shows it (what Textual's ``FooterKey`` widget held)."""

    __slots__ = ("action", "description", "enabled", "key", "key_display", "tooltip")

    def __init__(self, key: str, key_display: str, description: str, action: str, enabled: bool = True,
                 tooltip: str = "") -> None:
        self.key = key
        self.key_display = key_display
        self.description = description
        self.action = action
        self.enabled = enabled
        self.tooltip = tooltip

    def _id(self) -> tuple[str, str, str, str, bool, str]:
        return self.key, self.key_display, self.description, self.action, self.enabled, self.tooltip

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FooterKey) and self._id() == other._id()

    def __hash__(self) -> int:
        return hash(self._id())

    def __repr__(self) -> str:
        return f"FooterKey({self.key_display!r}, {self.description!r})"


def _cost(key: _Shown, compact: bool) -> int:
    """Columns a key takes: compact ``key desc`` and a gap; wide `` key desc `` and a gap."""
    text = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    return text + (1 if compact else 3)


K = TypeVar("K", bound=_Shown)


def fit_keys(keys: Sequence[K], width: int, compact: bool,
                        rank: Callable[[K], tuple[int, int]] = lambda k: (0, 0)) -> list[K]:
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


class FitFooter(Widget, can_focus=False):
    """Footer that never cuts a key in half and always shows F1 and the palette key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--hover", "footer-key--bar"}
    DEFAULT_CSS = """
    FitFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer-key--bar {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        self._keys: list[FooterKey] | None = None  # the screen's keys to show, as its bindings stand (None: not read)
        self._palette: FooterKey | None = None
        self._line: tuple[int, list[tuple[int, int, FooterKey]], Strip | None] | None = None  # width, spans, strip
        self._hover: FooterKey | None = None
        self._refresh_asked = False
        self.compact = True

    # --- which keys ----------------------------------------------------------------------------------------------

    def _read_keys(self) -> tuple[list[FooterKey], FooterKey | None]:
        """The screen's shown bindings, one a action (its first key), as Textual's footer lists them; and the palette
        key."""
        app = self.app
        active = self.screen.active_bindings
        keys: list[FooterKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(FooterKey(binding.key, app.get_key_display(binding), binding.description,
                                      binding.action, enabled, tooltip))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = FooterKey(binding.key, app.get_key_display(binding), binding.description, binding.action,
                                    enabled, binding.tooltip or binding.description)
        return keys, palette

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """The keys are read again at the next refresh; the footer is drawn again only if they differ."""
        if self.is_attached and screen is self.screen and not self._refresh_asked:
            self._refresh_asked = True
            self.call_after_refresh(self._redraw_if_changed)

    def _redraw_if_changed(self) -> None:
        self._refresh_asked = False
        if not self.is_attached or self._keys is None:
            return  # not drawn yet: its first drawing reads the keys as they stand then
        keys, palette = self._read_keys()
        if keys != self._keys or palette != self._palette:
            self._keys, self._palette, self._line = keys, palette, None
            self.refresh()

    def shown(self) -> list[FooterKey]:
        """The keys on show, left to right (the palette key last)."""
        return [key for _x, _w, key in self._layout()[1]]

    # --- layout and drawing --------------------------------------------------------------------------------------

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

    def _layout(self) -> tuple[int, list[tuple[int, int, FooterKey]], Strip | None]:
        """The keys that fit this width, each with its column and width (the palette key's includes its bar)."""
        width = self.size.width or self.app.size.width
        if self._line is not None and self._line[0] == width:
            return self._line
        if self._keys is None:
            self._keys, self._palette = self._read_keys()
        keys = self._keys + ([self._palette] if self._palette is not None else [])
        if not keys:  # drawn before the screen's bindings are in (the screen not yet the app's): read them next time
            self._keys = None
            return width, [], None
        rank = self._rank()
        shown = fit_keys(keys, width, False, rank)
        compact = width < WIDE or len(shown) < len(keys)  # Textual's spacing only while every key fits with it
        if compact:
            shown = fit_keys(keys, width, True, rank)
        self.compact = compact
        spans: list[tuple[int, int, FooterKey]] = []
        x = 0
        palette = self._palette
        for key in shown:
            if key is palette:
                continue
            w = self._text_width(key, compact) + (1 if compact else 0)  # compact: a gap after each key
            spans.append((x, w, key))
            x += w
        if palette is not None and palette in shown:
            w = 1 + self._text_width(palette, compact) + 1  # the bar, the key, and a gap (compact) or padding
            spans.append((max(x, width - w), w, palette))
        self._line = (width, spans, None)
        return self._line

    @staticmethod
    def _text_width(key: FooterKey, compact: bool) -> int:
        if not key.description:
            return cell_len(key.key_display)
        # compact ``key desc``; wide `` key desc `` (the key padded, the description followed by a space)
        return cell_len(key.key_display) + cell_len(key.description) + (1 if compact else 3)

    def _key_segments(self, key: FooterKey, compact: bool, hover: bool) -> list[Segment]:
        """A key as Textual's ``FooterKey`` draws it: compact ``key desc``, wide `` key desc ``."""
        base = self.rich_style
        key_style = base + self.get_component_rich_style("footer-key--key", partial=True)
        desc_style = base + self.get_component_rich_style("footer-key--description", partial=True)
        if hover:  # the hover's background (blended over the footer's) under the key and its description
            back = Style(bgcolor=self.get_component_rich_style("footer-key--hover").bgcolor)
            key_style += back
            desc_style += back
        if not key.enabled:
            key_style += Style(dim=True)
            desc_style += Style(dim=True)
        if not key.description:  # Textual's draws such a key bare
            return [Segment(key.key_display, key_style)]
        pad = "" if compact else " "
        return [Segment(f"{pad}{key.key_display}{pad}", key_style),
                Segment(f" {key.description}" if compact else f"{key.description} ", desc_style)]

    def render_line(self, y: int) -> Strip:
        width, spans, strip = self._layout()
        if y != 0:
            return Strip.blank(width, self.rich_style)
        if strip is not None:
            return strip
        base = self.rich_style
        fill = Style(bgcolor=base.bgcolor)  # between and after the keys: the background alone, as Textual's footer
        segments: list[Segment] = []
        x = 0
        compact = self.compact
        for at, w, key in spans:
            if at > x:
                segments.append(Segment(" " * (at - x), fill))
            parts = self._key_segments(key, compact, key is self._hover)
            if key is self._palette:
                bar = Style(color=self.get_component_rich_style("footer-key--bar").color)
                if key is self._hover:
                    bar += Style(bgcolor=self.get_component_rich_style("footer-key--hover").bgcolor)
                parts.insert(0, Segment(BAR, base + bar))
            drawn = sum(cell_len(s.text) for s in parts)
            if drawn < w:
                parts.append(Segment(" " * (w - drawn), fill))
            segments += parts
            x = at + w
        strip = Strip(segments).adjust_cell_length(width, fill)
        self._line = (width, spans, strip)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line = None  # colours changed (a theme)

    def on_resize(self, _event: events.Resize) -> None:
        self._line = None

    # --- the mouse -----------------------------------------------------------------------------------------------

    def _key_at(self, x: int) -> FooterKey | None:
        for at, w, key in self._layout()[1]:
            if at <= x < at + w - (1 if self.compact else 0):  # not the gap after it
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key is not self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or None) if key is not None else None
            self._drop_strip()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self._drop_strip()

    def _drop_strip(self) -> None:
        if self._line is not None:
            self._line = (self._line[0], self._line[1], None)
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
