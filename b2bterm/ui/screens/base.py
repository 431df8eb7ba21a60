"""A section of the app: the shared header on top, the footer with its keys below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from b2bterm.ui.widgets.header import AppHeader


class SectionScreen(Screen[None]):
    SECTION_ID = ""
    SECTION_TITLE = ""

    def compose_header(self) -> ComposeResult:
        yield AppHeader(id="app-header")

    def compose_footer(self) -> ComposeResult:
        yield Footer()

    def on_screen_resume(self) -> None:
        self.app.refresh_header()  # type: ignore[attr-defined]
