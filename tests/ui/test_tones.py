"""Colours by meaning: a style written as "bold red" is drawn in the active theme's error colour, "yellow" in its
warning colour and so on; the ANSI theme stays within the terminal's 16 colours; outside an app nothing changes."""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.color import Color

from b2bterm.ui.themes import load_themes
from b2bterm.ui.tones import tone


class ThemedApp(App[None]):
    def on_mount(self) -> None:
        for theme in load_themes().themes:
            self.register_theme(theme)


async def test_colour_words_become_the_colours_of_the_active_theme() -> None:
    app = ThemedApp()
    async with app.run_test() as pilot:
        for name in ("b2bterm-dark", "b2bterm-light", "b2bterm-high-contrast"):
            app.theme = name
            await pilot.pause()
            theme = app.current_theme
            error = tone("bold red")
            assert isinstance(error, Style) and error.bold
            assert error.color == Color.parse(theme.error).rich_color
            assert tone("yellow").color == Color.parse(theme.warning).rich_color  # type: ignore[union-attr]
            assert tone("green").color == Color.parse(theme.success).rich_color  # type: ignore[union-attr]
            strike = tone("dim strike")
            assert strike == "dim strike"  # no colour word: as written
        app.theme = "b2bterm-ansi"
        await pilot.pause()
        ansi = tone("bold red")
        assert isinstance(ansi, Style) and ansi.bold and ansi.color is not None
        assert ansi.color.number == 1  # the terminal's own red


def test_without_an_app_a_style_is_kept_as_written() -> None:
    assert tone("bold red") == "bold red"
    assert tone("") == "" and tone(None) == ""
