"""A section of the app: the shared header on top, the footer with its keys below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from b2bterm.ui.screen_loading import DrawnOnceAtStart
from b2bterm.ui.services import UsesServices
from b2bterm.ui.widgets.footer import FitFooter
from b2bterm.ui.widgets.header import AppHeader


class ReportsFailedWorkers(UsesServices):
    """Worker.StateChanged does not bubble, so each screen hands its failed workers to the app's one handler: no
    screen is left waiting without telling the user what happened."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.app.report_worker_failure(event.worker)  # type: ignore[attr-defined]


class SectionScreen(ReportsFailedWorkers, DrawnOnceAtStart, Screen[None]):
    SECTION_ID = ""
    SECTION_TITLE = ""

    app_header: AppHeader | None = None  # the header it composed (``App.refresh_header`` finds it without a query)

    def compose_header(self) -> ComposeResult:
        self.app_header = AppHeader(id="app-header")
        yield self.app_header

    def compose_footer(self) -> ComposeResult:
        yield FitFooter()

    def on_screen_resume(self) -> None:
        self.app.refresh_header()  # type: ignore[attr-defined]
