"""The app shell: header, footer keys, moving between sections, choosing the account."""

from __future__ import annotations

from textual.worker import WorkerFailed
from uitext import screen_text, until, widget_text

from b2bterm.services.desk import Desk
from b2bterm.ui.app import SECTIONS, B2BApp, Section
from b2bterm.ui.widgets.footer import FitFooter

SIZE = (140, 40)
KEYS = {"search": "f2", "quickorder": "f3", "orders": "f4", "drafts": "f6", "quotations": "f12"}


async def test_header_shows_profile_platform_account_and_state(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = widget_text(app.screen.query_one("#app-header"))
        assert "demo · demo" in header and "online" in header and "none — press F7" in header
        await pilot.press("f7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"C10023")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = widget_text(app.screen.query_one("#app-header"))
        assert "(C10023)" in header
        assert desk.account is not None and desk.account.id == "C10023"
        await app.workers.wait_for_complete()
        parts = await desk.platform.customer_part_numbers("C10023")
        assert parts, "the demo account should have its own part numbers"
        # cached for search and quick order as soon as the account is chosen
        assert desk.catalog.customer_part_number("C10023", parts[0].sku) == parts[0].code


async def test_every_built_section_is_reachable_by_its_key(desk: Desk) -> None:
    await desk.select_account("C10023")  # sections that act for a customer would ask for one first
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for section in reversed(SECTIONS):
            await pilot.press(KEYS[section.id])
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.current_mode == section.id
            assert section.title in widget_text(app.screen.query_one("#app-header"))


async def test_unbuilt_sections_are_not_offered(desk: Desk) -> None:
    only_search = (Section("search", "Search", "b2bterm.ui.screens.search:SearchScreen"),)
    app = B2BApp(desk=desk, sync_on_start=False, sections=only_search)
    async with app.run_test(size=SIZE) as pilot:
        footer = ""
        for _ in range(50):  # the footer composes its keys a few frames after the screen (more under load)
            await pilot.pause()
            footer = widget_text(app.screen.query_one(FitFooter))
            if footer.strip():
                break
        assert "Search" in footer and "Quick order" not in footer and "Orders" not in footer
        await pilot.press("f3")  # nothing happens: the section does not exist
        await pilot.pause()
        assert app.current_mode == "search"


async def test_catalog_is_synced_in_the_background_and_counted(desk: Desk) -> None:
    app = B2BApp(desk=desk)  # sync on start: the app stays usable meanwhile
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "3,000 products in the local catalog" in screen_text(app)


async def test_a_failed_worker_is_told_to_the_user(desk: Desk) -> None:
    app = B2BApp(desk=desk, sync_on_start=False)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database is locked")

    desk.search_catalog_while = broken  # type: ignore[method-assign]
    desk.search_catalog_now = broken  # type: ignore[method-assign]  # the key's own handler hands it to a worker
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"lc1d09")
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications]
        assert any("Something went wrong: RuntimeError: database is locked" in m for m in told), told


async def test_the_footer_follows_a_change_of_keys_and_is_not_redrawn_when_none_changed(desk: Desk) -> None:
    """The footer draws its keys again only when the keys it would show differ: once the start has settled, bindings
    refreshed with nothing changed leave its line as it was drawn; a remapped key shows."""
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        footer = app.screen.query_one(FitFooter)
        await until(pilot, lambda: "f6 Drafts" in widget_text(footer), 50)
        assert "f6 Drafts" in widget_text(footer)
        drawn = footer.render_line(0)
        for _ in range(3):
            app.refresh_bindings()
            await pilot.pause()
        assert footer.render_line(0) is drawn  # the same line: nothing was worked out or drawn again
        app.set_keymap({"app.drafts": "f11"})
        app.refresh_bindings()
        await until(pilot, lambda: "f11 Drafts" in widget_text(footer), 50)
        shown = widget_text(footer)
        assert "f11 Drafts" in shown and "f6 Drafts" not in shown


async def test_a_catalog_that_cannot_be_counted_is_reported_and_the_start_goes_on(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The start-up sync, the warm-up, the outbox and the collector (off until then) wait for the catalog's count on
    screen; when the count fails the user is told, and they start all the same (the sync may mend the catalog; queued
    orders still go out)."""
    import sqlite3

    def broken() -> int:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(desk, "catalog_count", broken)
    app = B2BApp(desk=desk, sync_on_start=False)

    async def settled() -> None:
        try:
            await app.workers.wait_for_complete()
        except WorkerFailed as failed:  # the count's worker: its failure is what this test is about
            assert "malformed" in str(failed)
        await pilot.pause()

    async with app.run_test(size=SIZE) as pilot:
        await settled()
        await until(pilot, lambda: app._started)  # (after the frame that shows the failed count: under load, later)
        assert app._started  # the work that waits for the count was started
        assert any("malformed" in str(n.message) for n in app._notifications)
        await pilot.press(*"LC1D09")
        await settled()
        assert "LC1D09M7" in screen_text(app)  # and the search works


async def test_the_first_frame_is_the_usable_one_with_the_count_and_the_account(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The local count and the profile's account are read while Textual starts, and the first frame the terminal gets
    is the whole screen with both (the terminal got parts of the screen first, without them: the whole screen was drawn
    inside Textual's start-up batch, which drops what it draws; the count and the account came frames later). A platform
    slower than FIRST_FRAME_WAIT does not hold the first frame longer: it shows the count, and the account follows in
    the header when it comes; the start-up work still waits for it."""
    from dataclasses import replace

    from textual._compositor import LayoutUpdate
    from textual.app import App

    from b2bterm.ui.first_frame import FIRST_FRAME_WAIT

    frames: list[str] = []
    display = App._display

    def painted(self: App, screen: object, update: object) -> None:  # what a terminal is sent (outside a batch)
        if update is not None and not self._batch_count:
            frames.append("\n".join("".join(strip.text for strip in line) for line in update.strips)
                          if isinstance(update, LayoutUpdate) else f"(a part: {type(update).__name__})")
        display(self, screen, update)

    monkeypatch.setattr(App, "_display", painted)
    desk.profile = replace(desk.profile, account="C10023")
    count = desk.catalog_count()
    app = B2BApp(desk=desk, sync_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert frames, "nothing was painted"
        first = frames[0]
        assert f"{count:,} products in the local catalog" in first and "(C10023)" in first, first
        assert "Model no." in first  # the search box
        await app.workers.wait_for_complete()

    frames.clear()
    desk.account = None
    desk.gateway.platform.latency = FIRST_FRAME_WAIT * 3  # type: ignore[attr-defined]
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert frames and "products in the local catalog" in frames[0] and "(C10023)" not in frames[0]
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "(C10023)" in widget_text(app.screen.query_one("#app-header")) and app._started


async def test_the_start_shows_the_account_and_its_keys_at_once_and_caches_its_parts_after(desk: Desk,
                                                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The profile's account is in the header with the count before the start-up work begins (that work then has the
    frame to itself: no database lock or import in front of the first usable screen); its part numbers are cached
    after that frame. The footer's keys are in the first frame: the footer is not composed a second time at start."""
    from dataclasses import replace

    redrawn: list[int] = []
    redraw = FitFooter._redraw_if_changed

    def counted(self: FitFooter) -> None:
        before = self._keys
        redraw(self)
        if self._keys is not before:
            redrawn.append(1)

    monkeypatch.setattr(FitFooter, "_redraw_if_changed", counted)
    desk.profile = replace(desk.profile, account="C10023")
    seen_at_start: list[str] = []
    app = B2BApp(desk=desk, sync_on_start=False)
    after = app._after_count_shown

    def start_work() -> None:
        if not app._started and app._count_shown and not app._account_pending:
            seen_at_start.append(widget_text(app.screen.query_one("#app-header")))
        after()

    monkeypatch.setattr(app, "_after_count_shown", start_work)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._started and seen_at_start and "(C10023)" in seen_at_start[0]
        assert "products in the local catalog" in screen_text(app)
        keys = widget_text(app.screen.query_one(FitFooter))
        assert "f6 Drafts" in keys and not redrawn
        await app.workers.wait_for_complete()
        parts = await desk.platform.customer_part_numbers("C10023")
        assert desk.catalog.customer_part_number("C10023", parts[0].sku) == parts[0].code
