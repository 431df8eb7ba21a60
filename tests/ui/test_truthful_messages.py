"""Messages that tell the truth: what a send while working offline does, which banner belongs to which draft, what
F5 changed and why, and the start while the catalog loads."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from backoffice import demo_sql
from uitext import screen_text, widget_text

from b2bterm.config import Config
from b2bterm.desk import Desk, open_desk
from b2bterm.domain.models import DraftState
from b2bterm.ui.app import B2BApp, Section

SIZE = (140, 40)
QUICK = (Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),
         Section("drafts", "Drafts", "b2bterm.ui.screens.drafts:DraftsScreen"))


@pytest.fixture
async def qdesk(demo_config: Config) -> AsyncIterator[Desk]:
    desk = open_desk(demo_config)
    await desk.sync_catalog()
    await desk.select_account("C10023")
    yield desk
    await desk.aclose()


async def settle(pilot, app: B2BApp) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_sending_while_working_offline_says_it_is_queued_not_unreachable(qdesk: Desk) -> None:
    qdesk.work_offline(True)
    app = B2BApp(desk=qdesk, sections=QUICK, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"LC1D09M7 5", "enter")
        await settle(pilot, app)
        draft_id = app.screen.pad.draft_id
        await pilot.press("f9")
        await settle(pilot, app)
        dialog = screen_text(app)
        assert "Queue this order?" in dialog and "working offline" in dialog and "outbox" in dialog
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "QUEUED" in text and "working offline" in text
        assert "could not be reached" not in text
        assert qdesk.drafts.load(draft_id).state is DraftState.QUEUED
        await pilot.press("f6")  # the footer names what W does now
        await settle(pilot, app)
        footer = " ".join(b.binding.description for b in app.screen.active_bindings.values())
        assert "Go online" in footer and "Work offline" not in footer


async def test_the_placed_banner_goes_with_the_next_draft(qdesk: Desk) -> None:
    app = B2BApp(desk=qdesk, sections=QUICK, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"LC1D09M7 5", "enter")
        await settle(pilot, app)
        await pilot.press("f9")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "ORDER PLACED" in widget_text(app.screen.query_one("#qo-banner"))
        await pilot.press(*"LC1D09M7 2", "enter")  # the next draft
        await settle(pilot, app)
        assert not app.screen.query_one("#qo-banner").display or \
            "ORDER PLACED" not in widget_text(app.screen.query_one("#qo-banner"))


async def test_round_up_says_what_it_did_and_why(qdesk: Desk) -> None:
    row = demo_sql(qdesk, "SELECT sku, moq, pack_size, unit FROM products WHERE moq > 1 AND status = 'active' "
                          "ORDER BY sku LIMIT 1")[0]
    typed = row["moq"] - 1
    app = B2BApp(desk=qdesk, sections=QUICK, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*f"{row['sku']} {typed}", "enter")
        await settle(pilot, app)
        await pilot.press("f5")
        await settle(pilot, app)
        status = widget_text(app.screen.query_one("#qo-status"))
        after = qdesk.drafts.load(app.screen.pad.draft_id).lines[0].qty
        assert after >= row["moq"] and after % row["pack_size"] == 0
        assert f"{typed} → {after:,}" in status and f"minimum order is {row['moq']}" in status


async def test_the_start_says_the_catalog_is_loading_not_empty(demo_config: Config) -> None:
    desk = open_desk(demo_config)  # nothing synced yet
    app = B2BApp(desk=desk, sync_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        first = app.catalog_status_text()
        assert "0 products" not in first
        await settle(pilot, app)
        assert "3,000 products in the local catalog" in app.catalog_status_text()
    await desk.aclose()


def test_one_of_a_kind_is_singular() -> None:
    from b2bterm.ui.i18n import ngettext

    assert ngettext("{n} match · {ms:.1f} ms", "{n} matches · {ms:.1f} ms", 1).format(n=1, ms=1) == "1 match · 1.0 ms"
    assert ngettext("{n} match · {ms:.1f} ms", "{n} matches · {ms:.1f} ms", 2).format(n=2, ms=1).startswith(
        "2 matches")


@pytest.mark.parametrize("setting", ["zh", "zh-CN", "zh_CN"])
async def test_settings_show_the_configured_language(demo_config: Config, setting: str) -> None:
    from textual.widgets import Select

    from b2bterm.config import parse_config
    from b2bterm.ui.i18n import set_language

    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + f'[general]\nlanguage = "{setting}"\n'
    demo_config.path.write_text(text, encoding="utf-8")
    config = parse_config(text, demo_config.path)
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

    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + f"[general]\nremember_account = {str(remember).lower()}\n"
    demo_config.path.write_text(text, encoding="utf-8")
    config = parse_config(text, demo_config.path)
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
