"""The start draws the first screen once (b2bterm/ui/screen_loading.py): Textual drew it inside its start-up batch,
dropped that, and drew it all again as the batch ended."""

from __future__ import annotations

from typing import Any

from b2bterm.services.desk import Desk
from b2bterm.ui.app import B2BApp


async def test_the_first_screen_is_drawn_once_before_the_first_frame(desk: Desk, monkeypatch: Any) -> None:
    from textual._compositor import Compositor

    drawn: list[bool] = []  # each full drawing of the screen, and whether the first frame had been sent by then
    full = Compositor.render_full_update

    def counted(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        drawn.append(app._first_frame_sent)
        return full(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_full_update", counted)
    app = B2BApp(desk=desk, sync_on_start=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._first_frame_sent
        assert "products in the local catalog" in app.screen.query_one("#search-status").render().plain
    assert drawn[:1] == [True], drawn  # nothing drawn in full before the frame that was sent
