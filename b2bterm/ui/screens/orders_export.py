"""Export the listed orders of the account, with their lines, to an .xlsx workbook (Ctrl+S in Orders): the same
workbook as ``b2bterm orders --xlsx``. Lines come from the cache, and from the platform when it is in reach (up to
LINES_LIMIT orders); the file is written in a thread."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from b2bterm import clock
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.screens.quotation_actions import ExportPrompt
from b2bterm.ui.services import services_of

if TYPE_CHECKING:
    from b2bterm.services.orders import CachedSummary

LINES_LIMIT = 500  # orders whose lines are read from the platform for one export
TEXT = {
    "title": _("Export the orders of {name}"),
    "help": _("Writes FILE.xlsx: the orders listed, and their lines. Enter writes it, Esc cancels."),
    "no_account": _("Choose an account first (F7): the export is of one customer's orders."),
    "nothing": _("No orders listed to export."),
    "failed": _("Not exported: {err}"),
}


def export_orders(screen: Any, rows: Sequence[CachedSummary]) -> None:
    """Ask where, then write the workbook; the outcome is a notice."""
    app = screen.app
    desk = services_of(app)
    account = desk.account
    if account is None or screen.scope is None:
        app.notify(TEXT["no_account"], severity="warning")
        return
    if not rows:
        app.notify(TEXT["nothing"], severity="warning")
        return
    default = desk.quotations.export_folder() / f"orders-{account.code or account.id}-{clock.today():%Y%m%d}"

    async def write(base: Path) -> None:
        from b2bterm.export.files import ExportError
        from b2bterm.export.orders_xlsx import write_orders_xlsx

        summaries = await asyncio.to_thread(lambda: [c.summary for c in rows])  # read in one query, off the UI
        orders = await desk.orders.whole_orders(account.id, [s.number for s in summaries],
                                                fetch=desk.may_call_platform, limit=LINES_LIMIT)
        try:
            path = await asyncio.to_thread(write_orders_xlsx, f"{account.code} {account.display_name}", summaries,
                                           orders, base.with_name(base.name + ".xlsx"))
        except ExportError as exc:
            app.notify(TEXT["failed"].format(err=exc), severity="error")
            return
        app.notify(ngettext("Wrote {file}: {n} order, the lines of {m}.", "Wrote {file}: {n} orders, the lines of {m}.",
                            len(summaries)).format(file=path, n=len(summaries), m=len(orders)), timeout=10)

    def chosen(base: Path | None) -> None:
        if base is not None:
            screen.run_worker(write(base), group="orders-export", exclusive=True, exit_on_error=False)

    app.push_screen(ExportPrompt("", default, title=TEXT["title"].format(name=account.display_name),
                                 help=TEXT["help"]), chosen)
