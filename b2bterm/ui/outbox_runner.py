"""The background order sender of the TUI: a UI service, not part of any screen.

``start_outbox(app)`` runs the desk's outbox: a timer starts a short worker now and then (never a worker that runs
for ever, so tests can wait for all workers) which probes a lost platform (``services.gateway.Recovery``) and sends
what is due (``services.outbox``, the one send path); a platform that comes back online sends at once. Every screen on
the stack is told with an ``OutboxChanged`` message when a draft changed state or a round ended; screens that show
drafts handle it, the others ignore it. ``request_round(app)`` asks for a round now (the drafts screen's "send now").
The same round pushes the quotations whose push is due (``services.quotation_sync``: a change to a quotation the
platform keeps a copy of, or a push that could not reach it); screens are told with ``QuotationsPushed``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.message import Message

from b2bterm.services.gateway import Connectivity, Recovery
from b2bterm.services.outbox import RunReport
from b2bterm.services.quotation_sync import PushRun
from b2bterm.ui.services import services_of

TICK_SECONDS = 15.0  # how often the background sender looks for due orders (and probes a lost platform)


class OutboxChanged(Message):
    """A draft changed state (or a round of the sender ended, with its report)."""

    def __init__(self, report: RunReport | None) -> None:
        super().__init__()
        self.report = report


class QuotationsPushed(Message):
    """A round of the sender pushed quotations (or tried to): the Quotations screen shows their new state."""

    def __init__(self, run: PushRun) -> None:
        super().__init__()
        self.run = run


def tell_screens(app: App[Any], report: RunReport | None) -> None:
    for screen in list(app.screen_stack):
        screen.post_message(OutboxChanged(report))


def start_outbox(app: App[Any], *, interval: float = TICK_SECONDS) -> Callable[..., None]:
    """Run the desk's outbox from ``app``: every ``interval`` seconds (and when the platform comes back) a short
    worker probes a lost platform and sends what is due. Returns the function that starts one round."""
    desk = services_of(app)
    recovery = Recovery(desk.gateway)
    app_thread = threading.get_ident()

    async def one_round(force: bool) -> RunReport:
        came_back = await recovery.tick()
        report: RunReport = await desk.outbox.run_once(force=force or came_back)
        tell_screens(app, report)
        pushed: PushRun = await desk.quotations.push_due(force=force or came_back)
        if pushed.results:
            for screen in list(app.screen_stack):
                screen.post_message(QuotationsPushed(pushed))
        return report

    def start(force: bool = False) -> None:
        app.run_worker(one_round(force), group="outbox", exit_on_error=False)

    previous = {"state": desk.connectivity}

    def connectivity_changed(state: Connectivity) -> None:
        before, previous["state"] = previous["state"], state
        if state is Connectivity.ONLINE and before is not Connectivity.ONLINE:  # back: send what waited at once
            if threading.get_ident() == app_thread:
                app.call_later(start, True)
            else:
                app.call_from_thread(start, True)

    def outbox_changed() -> None:
        tell_screens(app, None)

    desk.listeners.append(connectivity_changed)
    desk.outbox.listeners.append(outbox_changed)
    app.set_interval(interval, start)
    app.outbox_round = start  # type: ignore[attr-defined]
    return start


def request_round(app: App[Any], force: bool = True) -> bool:
    """Send what is due now (``force``: also what waits out a backoff). False when no sender runs in this app (the
    round then runs once by itself)."""
    start = getattr(app, "outbox_round", None)
    if callable(start):
        start(force)
        return True
    app.run_worker(services_of(app).outbox.run_once(force=force), group="outbox", exit_on_error=False)
    return False
