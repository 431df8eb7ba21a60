"""Quick order during a first start: a pasted model the local catalog does not hold yet is resolved by the platform
(the contract's resolve codes), not left "unknown"; one the platform does not know either stays unknown."""

from __future__ import annotations

from textual import events
from uitext import hold_first_sync, until, widget_text

from b2bterm.config import Config
from b2bterm.services.desk import open_desk
from b2bterm.ui.app import B2BApp, Section
from b2bterm.ui.widgets.row_list import RowList

SIZE = (140, 40)
SECTIONS = (Section("quickorder", "Quick order", "b2bterm.ui.screens.quickorder:QuickOrderScreen"),)


async def test_a_pasted_model_not_in_yet_is_resolved_by_the_platform(demo_config_unsynced: Config) -> None:
    desk = open_desk(demo_config_unsynced)
    accounts = await desk.search_accounts("")
    await desk.select_account(accounts[0].id, parts=False)
    release = hold_first_sync(desk)  # the first build's pages are on their way, none in yet
    app = B2BApp(desk=desk, sections=SECTIONS, sync_on_start=True)

    def status() -> str:
        return widget_text(app.screen.query_one("#qo-status"))

    def rows() -> list[str]:
        table = app.screen.query_one("#qo-lines", RowList)
        return [table.row_text(i) for i in range(len(table.rows))]

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.catalog_arriving())
        app.post_message(events.Paste("LC1D09M7C 5个\nQQQQ-99999 1"))
        await until(pilot, lambda: "found on the platform" in status())
        assert "1 line found on the platform" in status()
        lc1 = next(r for r in rows() if "LC1D09M7C" in r)
        assert "unknown" not in lc1 and "5" in lc1
        assert "unknown" in next(r for r in rows() if "QQQQ-99999" in r)
        release.set()
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
    await desk.aclose()
