"""Messages that tell the truth: the start while the catalog loads, plurals, the configured language in Settings,
and the account remembered for the profile. (The quick-order pad's messages are tested in test_quickorder.py.)"""

from __future__ import annotations

import pytest
from uitext import hold_first_sync, until

from b2bterm.config import Config
from b2bterm.services.desk import open_desk
from b2bterm.ui.app import B2BApp

SIZE = (140, 40)


def config_with(demo_config: Config, general: str) -> Config:
    """The demo config with ``general`` (TOML lines) in its [general] table, written to its file."""
    from b2bterm.config import parse_config

    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + f"[general]\n{general}\n"
    demo_config.path.write_text(text, encoding="utf-8")
    return parse_config(text, demo_config.path)


async def settle(pilot, app: B2BApp) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_start_says_the_catalog_is_loading_not_empty(demo_config_unsynced: Config) -> None:
    desk = open_desk(demo_config_unsynced)  # nothing synced yet
    app = B2BApp(desk=desk, sync_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        first = app.catalog_status_text()
        assert "0 products" not in first
        await settle(pilot, app)
        assert "3,000 products in the local catalog" in app.catalog_status_text()
    await desk.aclose()


async def test_the_start_shows_the_local_count_while_the_startup_sync_checks(desk) -> None:
    """A synced catalog: the search screen says how many products it holds from the start, while the start-up sync
    is still asking the platform for changes (not "Checking…" until it ends, never "0 products")."""
    import asyncio

    from textual.widgets import Static

    release = asyncio.Event()
    real_sync = desk.sync_catalog

    async def slow_sync(on_progress=None):  # the platform takes its time to answer
        await release.wait()
        return await real_sync(on_progress)

    desk.sync_catalog = slow_sync
    app = B2BApp(desk=desk, sync_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
            if "3,000" in str(app.screen.query_one("#search-status", Static).render()):
                break
        shown = str(app.screen.query_one("#search-status", Static).render())
        assert "3,000 products in the local catalog" in shown
        assert "checking for changes" in shown
        release.set()
        await settle(pilot, app)
        assert "checking" not in str(app.screen.query_one("#search-status", Static).render())


def _first_start(config: Config, *, latency: float = 0.0, offline: bool = False):
    """The app on an empty profile whose first sync is under way and held there (pages received into the build, none
    searchable yet), the demo platform as slow or as unreachable as asked. (app, desk, release)."""
    desk = open_desk(config)
    release = hold_first_sync(desk)
    desk.platform.latency = latency  # type: ignore[attr-defined]
    desk.platform.offline = offline  # type: ignore[attr-defined]
    return B2BApp(desk=desk, sync_on_start=True), desk, release


async def test_a_first_build_searches_the_platform_for_what_is_not_in_yet(demo_config_unsynced: Config) -> None:
    """An empty profile whose first sync is under way (a snapshot downloading, or a build's first pages): the screen
    says the catalog is arriving and that drafts work; a search finds products through the platform's own search,
    marked as the platform's (a slow platform: the screen says it is asking meanwhile); once the sync ends the same
    search is searched again locally, with no key pressed (the screen no longer says the catalog is arriving)."""
    import asyncio

    from uitext import widget_text

    app, desk, release = _first_start(demo_config_unsynced, latency=0.01)
    answer = asyncio.Event()  # the platform's search answers when the test says so
    real_search = desk.search_platform

    async def slow_search(query: str):
        await answer.wait()
        return await real_search(query)

    desk.search_platform = slow_search

    def status() -> str:
        return widget_text(app.screen.query_one("#search-status"))

    def rows() -> str:
        return widget_text(app.screen.query_one("#search-results"))

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "1,000 of 3,000" in status())
        assert "arriving" in status() and "1,000 of 3,000" in status() and "drafts" in status()
        await pilot.press(*"relay")
        await until(pilot, lambda: "Asking the platform" in status())  # nothing in yet: the platform is asked
        assert "Asking the platform" in status() and "No product matches" not in status()
        answer.set()
        await until(pilot, lambda: "From the platform" in status())
        assert "From the platform" in status() and "arriving" in status()
        assert "Relay" in rows() or "继电器" in rows()
        release.set()
        await settle(pilot, app)
        assert "match" in status() and "From the platform" not in status() and "arriving" not in status()
        assert "Relay" in rows() or "继电器" in rows()
        await pilot.press("backspace")  # and as the user types on
        await settle(pilot, app)
        assert "match" in status() and "From the platform" not in status()
    await desk.aclose()


async def test_a_first_build_cut_short_is_still_arriving_at_the_next_start(demo_config_unsynced: Config) -> None:
    """The app closed during its first build, a part of the catalog searchable: the next start says the catalog is
    still arriving and asks the platform for what is not in yet (it said "Updating the catalog" and "No product
    matches")."""
    from uitext import widget_text

    from b2bterm.services.catalog_sync import sync_catalog

    first = open_desk(demo_config_unsynced)
    await sync_catalog(first.platform, first.catalog, page_size=500, max_pages=1)  # one page in, then closed
    assert first.catalog_count() == 500 and first.catalog_arriving()
    await first.aclose()

    app, desk, release = _first_start(demo_config_unsynced)

    def status() -> str:
        return widget_text(app.screen.query_one("#search-status"))

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "1,000 of 3,000" in status())
        assert "arriving" in status() and "Updating" not in status()
        await pilot.press(*"zzqx relay")
        await until(pilot, lambda: "From the platform" in status() or "Not among" in status())
        assert "No product matches" not in status()
        release.set()
        await settle(pilot, app)
    await desk.aclose()


async def test_a_first_start_offline_says_the_catalog_is_still_arriving(demo_config_unsynced: Config) -> None:
    """The platform unreachable during a first start: a search says that nothing is in yet, that the platform cannot be
    reached and that the catalog is still arriving (not "No product matches")."""
    from uitext import widget_text

    app, desk, release = _first_start(demo_config_unsynced, offline=True)

    def status() -> str:
        return widget_text(app.screen.query_one("#search-status"))

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "1,000 of 3,000" in status())
        await pilot.press(*"relay")
        await until(pilot, lambda: "cannot be reached" in status())
        assert "cannot be reached" in status() and "still arriving" in status()
        assert "No product matches" not in status()
        desk.platform.offline = False  # type: ignore[attr-defined]
        release.set()
        await settle(pilot, app)
    await desk.aclose()


def test_one_of_a_kind_is_singular() -> None:
    from b2bterm.ui.i18n import ngettext

    assert ngettext("{n} match · {ms:.1f} ms", "{n} matches · {ms:.1f} ms", 1).format(n=1, ms=1) == "1 match · 1.0 ms"
    assert ngettext("{n} match · {ms:.1f} ms", "{n} matches · {ms:.1f} ms", 2).format(n=2, ms=1).startswith(
        "2 matches")


@pytest.mark.parametrize("setting", ["zh", "zh-CN", "zh_CN"])
async def test_settings_show_the_configured_language(demo_config: Config, setting: str) -> None:
    from textual.widgets import Select

    from b2bterm.ui.i18n import set_language

    config = config_with(demo_config, f'language = "{setting}"')
    desk = open_desk(config)
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            app.action_settings()
            await settle(pilot, app)
            assert app.screen.query_one("#settings-language", Select).value == "zh_CN"
    finally:
        set_language("en")
        await desk.aclose()


@pytest.mark.parametrize("remember", [True, False])
async def test_the_account_chosen_is_remembered_for_the_profile(demo_config: Config, remember: bool) -> None:
    import tomllib

    from b2bterm.config import parse_config

    config = config_with(demo_config, f"remember_account = {str(remember).lower()}")
    assert demo_config.path is not None
    desk = open_desk(config)
    app = B2BApp(desk=desk, config=config, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f7")
        await settle(pilot, app)
        await pilot.press(*"C10023")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
    await desk.aclose()
    saved = tomllib.loads(demo_config.path.read_text(encoding="utf-8"))
    assert saved.get("profiles", {}).get("demo", {}).get("account", "") == ("C10023" if remember else "")
    again = open_desk(parse_config(demo_config.path.read_text(encoding="utf-8"), demo_config.path))
    assert again.profile.account == ("C10023" if remember else "")
    await again.aclose()


async def test_a_catalog_an_earlier_b2bterm_made_is_said_to_be_built_again(demo_config: Config) -> None:
    """The local catalog file made by a b2bterm that kept it another way (an upgrade changed the format): it is set
    aside for an empty one, and while the catalog arrives again the screen says why, not only that it is arriving;
    once it is in, the usual count."""
    from profiles import made_by_an_earlier_b2bterm
    from uitext import widget_text

    synced = open_desk(demo_config)
    assert synced.catalog_count() == 3000 and synced.catalog_replaced() == ""
    path = synced.catalog.home.path(synced.catalog.home.current or "")
    await synced.aclose()
    made_by_an_earlier_b2bterm(path)

    app, desk, release = _first_start(demo_config)
    assert desk.catalog_replaced() == "format" and desk.catalog_count() == 0

    def status() -> str:
        return widget_text(app.screen.query_one("#search-status"))

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "1,000 of 3,000" in status())
        assert "keeps the local catalog another way, so it is built again" in status() and "arriving" in status()
        release.set()
        await settle(pilot, app)
        assert "3,000 products in the local catalog" in status() and "built again" not in status()
    await desk.aclose()
