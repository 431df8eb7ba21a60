"""The header: who is working (profile, platform), for whom (the account), and whether the platform answers."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from b2bterm.ui.i18n import _


class AppHeader(Widget):
    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    profile: reactive[str] = reactive("")
    platform: reactive[str] = reactive("")
    account: reactive[str] = reactive("")
    connectivity: reactive[str] = reactive("online")
    section: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" b2bterm ", style="bold reverse")
        if self.section:
            text.append(f" {self.section} ", style="bold")
        text.append("│ ", style="dim")
        text.append(_("Account") + ": ", style="dim")
        if self.account:
            text.append(self.account, style="bold")
        else:
            text.append(_("none — press F7 to choose"), style="italic")
        text.append("  │ ", style="dim")
        text.append(f"{self.profile} · {self.platform}", style="dim")
        text.append("  │ ", style="dim")
        marks = {"online": ("●", "green"), "degraded": ("◐", "yellow"), "offline": ("○", "red"),
                 "work offline": ("○", "yellow")}
        mark, color = marks.get(self.connectivity, ("?", "red"))
        text.append(f"{mark} ", style=f"bold {color}")
        text.append(_(self.connectivity))
        return text
