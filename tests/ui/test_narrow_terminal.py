"""At 80x24, in English and Chinese: the footer shows whole keys only (F1 and the palette key always, Send on Quick
order), a problem the Problems column cuts is readable in full for the selected line, and Help wraps what it
says instead of cutting it."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from uitext import widget_text

from b2bterm.config import Config, parse_config
from b2bterm.services.desk import open_desk
from b2bterm.ui.app import B2BApp
from b2bterm.ui.i18n import set_language
from b2bterm.ui.widgets.footer import FitFooter

NARROW = (80, 24)


@pytest.fixture(autouse=True)
def _english():
    yield
    set_language("en")


def _config(demo_config: Config, language: str) -> Config:
    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + f'[general]\nlanguage = "{language}"\n'
    return parse_config(text, demo_config.path)


async def _settle(pilot, app: B2BApp) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def footer_line(app: B2BApp) -> str:
    """The footer as drawn."""
    footer = app.screen.query_one(FitFooter)
    return footer.render_line(0).text


@pytest.mark.parametrize(("language", "help_key", "palette", "send"), [
    ("en", "f1 Help", "^p Commands", "f9 Send"), ("zh", "f1 帮助", "^p 命令", "f9 发送")])
async def test_the_footer_fits_80_columns_on_every_section(demo_config: Config, language: str, help_key: str,
                                                           palette: str, send: str) -> None:
    desk = open_desk(_config(demo_config, language))
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    app = B2BApp(desk=desk, config=_config(demo_config, language), sync_on_start=False)
    async with app.run_test(size=NARROW) as pilot:
        for key in ("f2", "f3", "f4", "f6", "f12"):
            await pilot.press(key)
            await _settle(pilot, app)
            footer = app.screen.query_one(FitFooter)
            line = footer_line(app)
            assert help_key in line and palette in line, (key, line)
            assert cell_len(line) == NARROW[0], (key, line)
            for shown in footer.shown():  # every key drawn whole, inside the 80 columns
                assert f"{shown.key_display} {shown.description}" in line, (key, shown, line)
            if key == "f3":
                assert send in line
        if language == "zh":
            assert "palette" not in footer_line(app)
    await desk.aclose()


async def test_a_wide_terminal_keeps_every_key_and_textuals_spacing(demo_config: Config) -> None:
    desk = open_desk(demo_config)
    app = B2BApp(desk=desk, config=demo_config, sync_on_start=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await _settle(pilot, app)
        footer = app.screen.query_one(FitFooter)
        assert not footer.compact
        line = footer_line(app)
        for shown in ("f2 Search", "f3 Quick order", "f4 Orders", "f6 Drafts", "f10 Settings", "f1 Help"):
            assert shown in line, line
    await desk.aclose()


@pytest.mark.parametrize(("language", "full"), [
    ("en", "possible products — pick one"), ("zh", "个可能的产品——请选择一个")])
async def test_a_cut_problem_is_shown_in_full_for_the_selected_line(demo_config: Config, language: str,
                                                                    full: str) -> None:
    config = _config(demo_config, language)
    desk = open_desk(config)
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id)
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("f3")
        await _settle(pilot, app)
        await pilot.press(*"relay 24v 5", "enter")
        await _settle(pilot, app)
        await pilot.press(*"LC1D09M7 7", "enter")
        await _settle(pilot, app)
        lines = app.screen.query_one("#qo-lines")
        detail = app.screen.query_one("#qo-detail")
        assert full not in widget_text(lines) and "…" in widget_text(lines).splitlines()[1]  # cut in the row …
        await pilot.press("up")
        await _settle(pilot, app)
        assert lines.cursor == 0
        assert detail.display and full in widget_text(detail)  # … and the full text is below the list
        assert widget_text(detail).strip().startswith("#1 ")
        await pilot.press("down")
        await _settle(pilot, app)
        assert not detail.display  # the priced line has nothing cut to show
    await desk.aclose()


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_help_wraps_every_description_at_80_columns(demo_config: Config, language: str) -> None:
    """Every key's description shows whole (a long one wraps in its column), and the box scrolls down to the
    search syntax and the keymap note."""
    import re

    from textual.containers import VerticalScroll

    from b2bterm.ui.widgets.key_table import KeyTable

    config = _config(demo_config, language)
    desk = open_desk(config)
    await desk.select_account((await desk.search_accounts(""))[0].id)
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    try:
        async with app.run_test(size=NARROW) as pilot:
            await _settle(pilot, app)
            await pilot.press("f3")
            await _settle(pilot, app)
            await pilot.press("f1")
            await _settle(pilot, app)
            table = app.screen.query_one("#help-keys", KeyTable)
            drawn = re.sub(r"\s+", "", widget_text(table))
            assert "…" not in drawn
            descriptions = [row[1].plain for row in table.rows]
            assert max(cell_len(d) for d in descriptions) > table.size.width // 3  # a long one, so the test bites
            for description in descriptions:  # its pieces, in order, between the other columns' cells
                rest = iter(drawn)
                assert all(ch in rest for ch in re.sub(r"\s+", "", description)), description
            box = app.screen.query_one("#help-box", VerticalScroll)
            assert box.region.bottom <= NARROW[1] and box.max_scroll_y > 0  # taller than 24 lines: it scrolls
            await pilot.press("end")
            await _settle(pilot, app)
            assert box.scroll_y == box.max_scroll_y
            assert app.screen.query_one("#help-note").region.bottom <= box.region.bottom
    finally:
        await desk.aclose()
