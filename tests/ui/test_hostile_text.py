"""Escape sequences in platform data never reach the terminal from the TUI: product and account names full of OSC 52,
clear-screen, title changes, bidi overrides and unterminated DCS are shown as text, and the screen stays whole."""

from __future__ import annotations

import sqlite3

import pytest
from uitext import widget_text

from b2bterm.ui.app import B2BApp

SIZE = (140, 40)
EVIL = "\x1b]52;c;SGFja2Vk\x07\x1b[2J\x1b]0;owned\x07\x9b31m\u202e\x1bPunterminated dcs"
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\x90", "\u202e")


@pytest.fixture
async def hostile_desk(demo_config_unsynced):  # -> Desk on a demo platform whose names are hostile
    from b2bterm.services.desk import open_desk

    demo_config = demo_config_unsynced  # the names change on the platform before the first sync
    path = demo_config.profile("demo").options["path"]
    with sqlite3.connect(path) as db:
        db.execute("UPDATE products SET name_en = 'Contactor' || ?, name_zh = '接触器' || ?, brand = brand",
                   (EVIL, EVIL))
        db.execute("UPDATE accounts SET name = 'Evil Corp' || ?, name_zh = '坏公司' || ?", (EVIL, EVIL))
    desk = open_desk(demo_config)
    await desk.sync_catalog()
    yield desk
    await desk.aclose()


def screen_segments(app: B2BApp) -> str:
    """Every character the compositor would send for the screen's content (Textual's own codes are not here)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip if not seg.control) for strip in strips)


def assert_clean(app: B2BApp) -> str:
    text = screen_segments(app)
    for raw in RAW:
        assert raw not in text, f"{raw!r} would reach the terminal"
    return text


async def test_hostile_names_are_shown_as_text_never_sent_raw(hostile_desk) -> None:
    app = B2BApp(desk=hostile_desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"lc1d09")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = assert_clean(app)
        assert "Contactor" in text or "接触器" in text  # the names are there
        header = widget_text(app.screen.query_one("#app-header"))
        assert header.strip()  # the screen was not blanked
        await pilot.press("f7")  # the account picker lists the hostile account names
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"C1002")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = assert_clean(app)
        assert "Evil Corp" in text or "坏公司" in text


def test_the_line_filter_drops_control_characters_without_moving_anything() -> None:
    from rich.segment import ControlType, Segment
    from rich.style import Style
    from textual.color import Color

    from b2bterm.ui.terminal_filter import ControlCharacterFilter

    bold = Style(bold=True)
    line = [Segment("ab"), Segment(f"c{EVIL}d", bold), Segment("\x1b[?1049h", None, [(ControlType.HOME,)])]
    out = ControlCharacterFilter().apply(line, Color(0, 0, 0))
    assert [s.style for s in out] == [None, bold, None]
    assert out[2] is line[2]  # Textual's own control segments pass untouched
    text = "".join(s.text for s in out[:2])
    assert not any(raw in text for raw in RAW)
    assert text.startswith("abc") and text.endswith("d")
    assert Segment.get_line_length(out[:2]) == Segment.get_line_length(line[:2])  # zero-width: nothing moves
