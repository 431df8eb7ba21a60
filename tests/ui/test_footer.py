"""The footer as the user meets it: its keys drawn as Textual drew them, a click presses the key under the mouse,
the key under the mouse is highlighted and its tooltip shown."""

from __future__ import annotations

from uitext import until, widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.widgets.footer import FitFooter

SIZE = (80, 24)


def column_of(footer: FitFooter, text: str) -> int:
    line = footer.render_line(0).text
    assert text in line, line
    return line.index(text)


async def test_a_click_on_a_footer_key_presses_it(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        footer = app.screen.query_one(FitFooter)
        await until(pilot, lambda: "f1 Help" in widget_text(footer), 50)
        await pilot.click(FitFooter, offset=(column_of(footer, "f1 Help") + 3, 0))
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", 50)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "SearchScreen", 50)
        footer = app.screen.query_one(FitFooter)
        await pilot.click(FitFooter, offset=(column_of(footer, "^p Commands") + 1, 0))
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette", 50)
        assert type(app.screen).__name__ == "CommandPalette"


async def test_the_key_under_the_mouse_is_highlighted_and_gap_clicks_do_nothing(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        footer = app.screen.query_one(FitFooter)
        await until(pilot, lambda: "^f Find" in widget_text(footer), 50)
        at = column_of(footer, "^f Find")
        plain = footer.render_line(0)
        background = {seg.style.bgcolor for seg in plain if seg.text.strip()}
        await pilot.hover(FitFooter, offset=(at + 1, 0))
        await pilot.pause()
        hovered = footer.render_line(0)
        under = [seg for seg in hovered if seg.text.strip() in ("^f", "Find")]
        assert under and all(seg.style.bgcolor not in background for seg in under), under
        others = [seg for seg in hovered if seg.text.strip() in ("esc", "Clear")]
        assert others and all(seg.style.bgcolor in background for seg in others)
        await pilot.click(FitFooter, offset=(at - 1, 0))  # the gap between "Clear" and "^f": no key
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
