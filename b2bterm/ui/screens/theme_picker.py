"""Theme picker: a keyboard list of b2bterm's themes (shipped and the user's own). Moving the cursor previews the
theme; Enter keeps it (the app saves it to config.toml), Esc puts the old one back."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.widgets.footer import FitFooter


class ThemePicker(Dialog[str | None]):
    DEFAULT_CSS = """
    ThemePicker > Vertical { width: 60; max-width: 96%; height: auto; }
    ThemePicker #theme-title { text-style: bold; }
    ThemePicker #theme-list { height: auto; max-height: 16; border: none; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="theme_picker.cancel")]

    def __init__(self, themes: list[str], current: str) -> None:
        super().__init__()
        self._themes = themes
        self._original = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Theme (Enter keeps it, Esc goes back)"), id="theme-title")
            options = []
            for name in self._themes:
                label = Text(name, style="bold" if name == self._original else "")
                if name == self._original:
                    label.append("  " + _("(current)"), style="dim")
                options.append(Option(label, id=name))
            yield OptionList(*options, id="theme-list")
        yield FitFooter()

    def on_mount(self) -> None:
        options = self.query_one("#theme-list", OptionList)
        if self._original in self._themes:
            options.highlighted = self._themes.index(self._original)
        options.focus()

    @on(OptionList.OptionHighlighted, "#theme-list")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        name = event.option.id
        if name and name in self.app.available_themes:
            self.app.theme = name

    @on(OptionList.OptionSelected, "#theme-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        if self._original in self.app.available_themes:
            self.app.theme = self._original
        self.dismiss(None)
