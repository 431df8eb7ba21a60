"""Read what a widget shows on screen, as plain text (what the user sees, not the object behind it)."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def widget_text(widget: Widget) -> str:
    width, height = widget.size.width, widget.size.height
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def screen_text(app) -> str:  # the whole screen, every visible widget
    return "\n".join(widget_text(w) for w in app.screen.query("*") if w.display and w.size.area)


async def until(pilot, check, tries: int = 300) -> None:  # type: ignore[no-untyped-def]
    """Pause until ``check()`` (a held start-up sync: waiting for every worker would wait for it too)."""
    for _ in range(tries):
        await pilot.pause()
        if check():
            return


def hold_first_sync(desk):  # type: ignore[no-untyped-def]
    """The desk's first sync held after saying 1,000 of 3,000 products are on their way (none in yet) until the
    returned event is set."""
    import asyncio

    release = asyncio.Event()
    real_sync = desk.sync_catalog

    async def held_sync(on_progress=None):  # type: ignore[no-untyped-def]
        if on_progress is not None:
            on_progress(1000, 3000)
        await release.wait()
        return await real_sync(on_progress)

    desk.sync_catalog = held_sync
    return release


async def opened_model_query(app, pilot, sku: str, qty: int, product):  # type: ignore[no-untyped-def]
    """The model query opened on ``sku`` at ``qty`` as search opens it (``product`` read already), once its workers
    and the frames after them have settled; the screen."""
    from b2bterm.ui.screens.model_query import ModelQueryScreen, open_model_query

    open_model_query(app, sku, qty, product)
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ModelQueryScreen)
    return screen
