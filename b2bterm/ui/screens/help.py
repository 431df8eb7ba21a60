"""Help (F1): the keys of the screen underneath, read from its active bindings, so a key remapped in
config.toml's [keymap] shows as the user pressed it. Each row names the binding id to remap it with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from b2bterm.ui.i18n import N_, _, retranslate
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.footer import FitFooter
from b2bterm.ui.widgets.key_table import KeyTable

MOVE_KEYS = (("↑ ↓ PgUp PgDn", N_("Move in a list")), ("Tab / Shift+Tab", N_("Next / previous field")))


@dataclass(frozen=True)
class KeyRow:
    """One thing a user can do: every key that does it, what it does, where it is bound."""

    keys: tuple[str, ...]  # as displayed ("F2", "^s", "alt+1")
    description: str  # translated; "" for keys with no footer text
    action: str
    binding_id: str
    node: DOMNode  # the namespace the action runs in
    enabled: bool
    app_wide: bool


def screen_keys(screen: Screen[Any], *, described_only: bool = True) -> list[KeyRow]:
    """The keys that work on ``screen`` now (focused widget, screen, app), grouped by action."""
    app = screen.app
    grouped: dict[tuple[int, str], list[tuple[Binding, DOMNode, bool]]] = {}
    for active in screen.active_bindings.values():
        if not (active.binding.id or active.binding.action == "command_palette"):
            continue  # Textual's own widget keys (cursor movement in an input): not b2bterm's to list
        grouped.setdefault((id(active.node), active.binding.action), []).append(
            (active.binding, active.node, active.enabled))
    rows: list[KeyRow] = []
    for (_node_id, action), entries in grouped.items():
        described = next((b for b, _n, _e in entries if b.description), None)
        if described is None and described_only:
            continue
        binding = described or entries[0][0]
        keys: list[str] = []
        for b, _n, _e in entries:
            shown = app.get_key_display(b)
            if shown not in keys:
                keys.append(shown)
        node = entries[0][1]
        description = retranslate(binding.description) if binding.description else ""
        if action == "command_palette":
            description = _("Commands")
        rows.append(KeyRow(
            keys=tuple(keys), description=description,
            action=action, binding_id=binding.id or "", node=node, enabled=any(e for _b, _n, e in entries),
            app_wide=node is app,
        ))
    order = {b.action: i for i, b in enumerate(getattr(type(app), "BINDINGS", [])) if isinstance(b, Binding)}
    # this screen's own keys first, then the app's in the order of its F-keys
    rows.sort(key=lambda r: (r.app_wide, not r.enabled, order.get(r.action, len(order)) if r.app_wide else 0))
    return rows


class HelpScreen(Dialog[None]):
    """The keys, then the screen's search syntax and how to remap a key. At any width every word shows: a long
    description wraps in its column, and the box scrolls (↑ ↓ PgUp PgDn) when it is taller than the terminal."""

    DEFAULT_CSS = """
    HelpScreen > VerticalScroll { width: 100; max-width: 96%; height: auto; max-height: 90%; }
    HelpScreen #help-title { text-style: bold; height: 1; }
    HelpScreen #help-note { color: $text-muted; height: auto; }
    HelpScreen #help-syntax { height: auto; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape,f1", "close", _("Close"), id="help.close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._rows = screen_keys(screen)
        # keys that are no binding (Enter in a list, the arrows) and what can be typed, as the screen describes them
        self._extra: tuple[tuple[str, str], ...] = (*getattr(screen, "HELP_KEYS", ()), *MOVE_KEYS)
        self._syntax: str = getattr(screen, "HELP_SYNTAX", "")
        self._title = getattr(screen, "SECTION_TITLE", "") or type(screen).__name__

    def compose(self) -> ComposeResult:
        extra = [[Text(keys, style="bold"), Text(_(what)), Text(_("screen"), style="dim"), Text("")]
                 for keys, what in self._extra]
        with VerticalScroll(id="help-box"):
            yield Static(Text(_("Keys: {screen}").format(screen=_(self._title))), id="help-title")
            yield KeyTable([_("Key"), _("What it does"), _("Where"), _("Binding id (for [keymap])")],
                           [*(self._cells(r) for r in self._rows), *extra], wrap=1, id="help-keys")
            if self._syntax:
                yield Static(Text(_(self._syntax)), id="help-syntax")
            yield Static(Text(_("Ctrl+P finds any command by name. To change a key, add it to config.toml, e.g.\n"
                                "[keymap]\n\"app.search\" = \"f2,alt+1\"")), id="help-note")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()

    @staticmethod
    def _cells(row: KeyRow) -> list[Text]:
        style = "" if row.enabled else "dim"
        return [Text(" / ".join(row.keys), style=f"bold {style}".strip()), Text(row.description, style=style),
                Text(_("app") if row.app_wide else _("screen"), style="dim"), Text(row.binding_id, style="dim")]

    def action_close(self) -> None:
        self.dismiss(None)
