"""The quick-order status line: a one-line message replacing another repaints that line only (a paste's "Saving…"
no longer lays the whole screen out while the paste's worker runs); a message that wraps, or one after it, still
gets the height it needs."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from b2bterm.ui.screens.quickorder.notices import Banner, StatusLine


class _Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield Banner(id="banner")
        yield StatusLine("", id="status")
        yield Static("below", id="below")


async def test_a_line_for_a_line_lays_nothing_out_and_a_wrapped_one_gets_its_height(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = _Lines()
    async with app.run_test(size=(40, 12)) as pilot:
        status, below = app.query_one(StatusLine), app.query_one("#below", Static)
        await pilot.pause()
        layouts: list[bool] = []
        refresh = StatusLine.refresh

        def counted(self, *regions, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(bool(kwargs.get("layout")))
            return refresh(self, *regions, **kwargs)

        monkeypatch.setattr(StatusLine, "refresh", counted)
        status.say("Saving…")
        await pilot.pause()
        assert layouts == [False] and status.size.height == 1
        assert "Saving…" in status.render_line(0).text
        status.say("Added 500 lines; 12 need a pick and 3 are not known products: see the lines marked")
        await pilot.pause()
        assert layouts[-1] is True and status.size.height == 3 and below.region.y == status.region.y + 3
        status.say("Saved.")  # back to one line: laid out again, nothing left of the long one
        await pilot.pause()
        assert layouts[-1] is True and status.size.height == 1 and below.region.y == status.region.y + 1
        assert "Saved." in status.render_line(0).text


async def test_clearing_a_hidden_banner_changes_nothing() -> None:
    app = _Lines()
    async with app.run_test(size=(40, 12)) as pilot:
        banner = app.query_one(Banner)
        await pilot.pause()
        updates: list[object] = []
        update = banner.update
        banner.update = lambda *a, **k: (updates.append(a), update(*a, **k))[1]  # type: ignore[method-assign]
        banner.clear()
        assert updates == []
        banner.say("Order 4711 placed", "placed")
        await pilot.pause()
        assert banner.display and "4711" in banner.render_line(0).text
        banner.clear()
        await pilot.pause()
        assert not banner.display and len(updates) == 2
