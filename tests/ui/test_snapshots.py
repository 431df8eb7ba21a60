"""Snapshots of the main screens in English and Chinese and in several themes.

Deterministic: a fixed terminal size, a demo distributor built for a fixed anchor date with a fixed seed, the
catalog synced before the app starts, no cursor blink (Textual's headless screenshots do not blink). Review a
changed snapshot with `pytest tests/ui/test_snapshots.py --snapshot-report`; accept it with `--snapshot-update`.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import date
from pathlib import Path

import pytest
from profiles import install_synced_profile

from b2bterm.config import Config, parse_config
from b2bterm.ui.i18n import set_language

SIZE = (140, 40)
ANCHOR = date(2026, 11, 1)
ACCOUNT = "C10023"
LOOKS = [("en", "b2bterm-dark"), ("zh", "b2bterm-light"), ("en", "b2bterm-high-contrast"), ("zh", "b2bterm-ansi")]
TWO_LOOKS = LOOKS[:2]


@pytest.fixture(scope="session")
def anchored_platform(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from b2bterm.platform.demo.generator import build_demo_db

    path = tmp_path_factory.mktemp("snapshot-demo") / "demo-platform.sqlite"
    build_demo_db(path, skus=3000, seed=7, anchor=ANCHOR)
    return path


@pytest.fixture(autouse=True)
def _on_the_data_day(move_clock) -> None:
    """The screens show ages and which contracts are valid today: the clock stands on the snapshot data's day."""
    move_clock(ANCHOR)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def _config(platform: Path, tmp_path: Path, language: str, theme: str, template: Path | None = None) -> Config:
    copy = tmp_path / "platform" / "demo-platform.sqlite"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(platform, copy)
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[general]\nlanguage = "{language}"\ntheme = "{theme}"\n'
                    f'[profiles.demo]\naccount = "{ACCOUNT}"\ntimezone = "Asia/Shanghai"\n'
                    f'[profiles.demo.options]\npath = "{copy.as_posix()}"\n', encoding="utf-8")
    config = parse_config(path.read_text(encoding="utf-8"), path)
    if template is not None:  # the session's synced copy: the sync below then finds nothing changed
        install_synced_profile(template, config)

    async def sync() -> None:  # the local catalog is filled before the app starts
        from b2bterm.services.desk import open_desk

        desk = open_desk(config)
        await desk.sync_catalog()
        await desk.aclose()

    asyncio.run(sync())
    return config


def _app(config: Config):  # -> B2BApp
    from dataclasses import replace

    from b2bterm.services.desk import open_desk
    from b2bterm.ui.app import B2BApp

    desk = open_desk(config)
    search, search_now = desk.search_catalog_while, desk.search_catalog_now

    def timed_search(*args, **kwargs):  # the measured milliseconds would differ on every run
        found = search(*args, **kwargs)
        return None if found is None else replace(found, elapsed_ms=1.0)

    def timed_search_now(*args, **kwargs):  # the same, answered in the key's own handler
        found = search_now(*args, **kwargs)
        return None if found is None else replace(found, elapsed_ms=1.0)

    desk.search_catalog_while = timed_search  # type: ignore[method-assign]
    desk.search_catalog_now = timed_search_now  # type: ignore[method-assign]
    return B2BApp(desk=desk, config=config, sync_on_start=True)


async def _settle(pilot) -> None:
    from textual.widgets import Input

    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for box in pilot.app.screen.query(Input):  # the cursor blinks every 0.5 s: a busy machine's picture caught it off
        box.cursor_blink = False
        box._cursor_visible = True  # Textual's own flag: the cursor stays shown, as in a still frame
    await pilot.pause()


def _type(text: str) -> list[str]:
    return [{" ": "space"}.get(c, c) for c in text]


@pytest.mark.parametrize(("language", "theme"), LOOKS)
def test_search_results(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                        language: str, theme: str) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press(*_type("lc1d09"))
        await _settle(pilot)

    app = _app(_config(anchored_platform, tmp_path, language, theme, synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize(("language", "theme"), LOOKS)
def test_model_query(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                        language: str, theme: str) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press(*_type("LC1D09M7"))
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    app = _app(_config(anchored_platform, tmp_path, language, theme, synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize(("language", "theme"), TWO_LOOKS)
def test_quick_order(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                        language: str, theme: str) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        for line in ("LC1D09M7 5", "3RT2015-1BB41 12"):
            await pilot.press(*_type(line), "enter")
            await _settle(pilot)

    app = _app(_config(anchored_platform, tmp_path, language, theme, synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize(("language", "theme"), TWO_LOOKS)
def test_help(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                        language: str, theme: str) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)

    app = _app(_config(anchored_platform, tmp_path, language, theme, synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def _shipped_order(platform: Path) -> str:
    """The account's newest order with a shipment and tracking events (the same one for a given seed and anchor)."""
    import sqlite3

    con = sqlite3.connect(platform)
    try:
        (number,) = con.execute(
            "SELECT o.number FROM orders o WHERE o.account_id = ? AND EXISTS (SELECT 1 FROM shipments s JOIN"
            " tracking_events e ON e.shipment_id = s.id WHERE s.order_number = o.number)"
            " ORDER BY o.placed_at DESC, o.number LIMIT 1", (ACCOUNT,)).fetchone()
    finally:
        con.close()
    return str(number)


@pytest.mark.parametrize(("language", "theme"), TWO_LOOKS)
def test_order_detail(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                        language: str, theme: str) -> None:
    number = _shipped_order(anchored_platform)

    async def run_before(pilot) -> None:
        from b2bterm.ui.screens.order_detail import OrderDetailScreen

        await _settle(pilot)
        await pilot.press("f4")
        await _settle(pilot)
        await pilot.app.push_screen(OrderDetailScreen(number))  # what Enter on the order in the list opens
        await _settle(pilot)

    app = _app(_config(anchored_platform, tmp_path, language, theme, synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# --- every main screen at the smallest common terminal (80x24) and a large one (160x48) ------------------------

SIZES = [(80, 24), (160, 48)]


async def _quick_order_lines(pilot) -> None:
    await pilot.press("f3")
    await _settle(pilot)
    for line in ("LC1D09M7 5", "3RT2015-1BB41 12", "QQQQ-99999 1", "LC1D 2", "EA9AN1C16 0"):
        await pilot.press(*_type(line), "enter")
        await _settle(pilot)


async def _orders(pilot) -> None:
    await pilot.press("f4")
    await _settle(pilot)


async def _drafts(pilot) -> None:
    await _quick_order_lines(pilot)
    await pilot.press("f6")
    await _settle(pilot)


async def _search(pilot) -> None:
    await pilot.press(*_type("lc1d09"))
    await _settle(pilot)


SCREENS = {"search": _search, "quick_order": _quick_order_lines, "orders": _orders, "drafts": _drafts}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_sizes(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                      screen: str, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await SCREENS[screen](pilot)

    app = _app(_config(anchored_platform, tmp_path, "en", "b2bterm-dark", synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_order_detail_sizes(snap_compare, anchored_platform: Path, synced_template, tmp_path: Path,
                            language: str,
                            size: tuple[int, int]) -> None:
    number = _shipped_order(anchored_platform)

    async def run_before(pilot) -> None:
        from b2bterm.ui.screens.order_detail import OrderDetailScreen

        await _settle(pilot)
        await pilot.press("f4")
        await _settle(pilot)
        await pilot.app.push_screen(OrderDetailScreen(number))
        await _settle(pilot)

    app = _app(_config(anchored_platform, tmp_path, language, "b2bterm-dark", synced_template(anchored_platform)))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
