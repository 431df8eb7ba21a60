"""Open a draft in Quick order, acting for its account: how Drafts, the outbox review and Quotations hand a draft
over (a module of its own, so those screens need not import each other)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from b2bterm.ui.i18n import _
from b2bterm.ui.services import services_of
from b2bterm.ui.tones import tone

TEXT = {
    "no_quickorder": _("Quick order is not available in this build."),
}


def open_draft_in_quickorder(app: App[Any], draft_id: int, account_id: str, note: Callable[..., None]) -> None:
    """Show ``draft_id`` in Quick order, acting for its account."""
    sections = getattr(app, "sections", {})
    if "quickorder" not in sections:
        note(TEXT["no_quickorder"], tone("yellow"))
        return
    desk = services_of(app)

    async def go() -> None:

        if desk.account is None or desk.account.id != account_id:
            try:
                await desk.select_account(account_id)
            except Exception as exc:  # offline: keep the current account; say why
                note(_("Could not load account {id}: {err}").format(id=account_id, err=exc), tone("yellow"))
                return
        await app.run_action("section('quickorder')")
        app.refresh_header()  # type: ignore[attr-defined]
        opener = getattr(app.screen, "open_draft", None)
        if callable(opener):
            opener(draft_id)

    app.run_worker(go(), group="drafts-open", exit_on_error=False)
