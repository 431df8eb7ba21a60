"""The header: who is working (profile, platform), for whom (the account), and whether the platform answers."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from b2bterm.ui.i18n import _
from b2bterm.ui.tones import tone


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
        """Left: section and account; right: profile and the platform's state. When the terminal is narrow the
        account name is cut first, then the profile goes: the online indicator always stays."""
        marks = {"online": ("●", "green"), "degraded": ("◐", "yellow"), "offline": ("○", "red"),
                 "work offline": ("○", "yellow")}
        mark, color = marks.get(self.connectivity, ("?", "red"))
        state = Text("│ ", style="dim")
        state.append(f"{mark} ", style=tone(f"bold {color}"))
        state.append(_(self.connectivity))
        profile = Text(f"│ {self.profile} · {self.platform}  ", style="dim")
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(" b2bterm ", style="bold reverse")
        if self.section:
            left.append(f" {self.section} ", style="bold")
        left.append("│ ", style="dim")
        left.append(_("Account") + ": ", style="dim")
        if self.account:
            left.append(self.account, style="bold")
        else:
            left.append(_("none — press F7 to choose"), style="italic")
        left.append("  ", style="dim")
        width = self.size.width or 10_000
        right = profile + state if left.cell_len + profile.cell_len + state.cell_len <= width or \
            width - state.cell_len - profile.cell_len >= 40 else state
        room = max(0, width - right.cell_len)
        if left.cell_len > room:
            left.truncate(max(0, room - 2), overflow="ellipsis")
            left.append("  ", style="dim")
        return left + right
