"""`b2bterm outbox` lists drafts waiting to be sent (and those that need attention); `b2bterm outbox send` sends
the due ones now, as the TUI's background sender does (claims, revalidation, the same stored key)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from b2bterm import zone
from b2bterm.cli.common import cells, open_cli_desk, print_json
from b2bterm.ui.i18n import _, ngettext

WAITING = ("queued", "sending", "needs_attention", "rejected")


def register(sub: Any, command: Any) -> None:
    p = sub.add_parser("outbox", help=_("orders waiting to be sent: list them, or send them now"),
                       description=_("Orders waiting to be sent (queued offline or after a failure), and those that "
                                     "need attention or were rejected. `outbox send` sends the due ones now."))
    p.add_argument("--all", action="store_true", help=_("every draft, also open and sent ones"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_outbox)
    outbox_sub = p.add_subparsers(title=_("outbox commands"), metavar="COMMAND")
    text = _("send the queued orders now (even those waiting out a retry delay)")
    s = outbox_sub.add_parser("send", help=text, description=text)
    s.add_argument("--json", action="store_true", help=_("print JSON"))
    s.add_argument("--all", action="store_true", help=argparse.SUPPRESS)
    s.set_defaults(handler=cmd_send)


def last_error_text(text: str) -> str:
    from b2bterm.ui.outcome_text import last_error_text as worded

    return worded(text)


def entry_json(entry: Any) -> dict[str, Any]:
    s = entry.summary
    return {
        "id": s.id, "account_id": s.account_id, "title": s.title, "po_number": s.po_number, "state": s.state.value,
        "lines": s.line_count, "total": str(entry.total.amount) if entry.total else None,
        "total_incl_tax": str(entry.total_incl_tax.amount) if entry.total_incl_tax else None,
        "currency": entry.total.currency if entry.total else None, "unpriced_lines": entry.unpriced,
        "order_number": s.order_number or None, "attempts": s.attempts,
        "next_attempt_at": s.next_attempt_at.isoformat() if s.next_attempt_at else None,
        "last_error": last_error_text(s.last_error) or None, "updated_at": s.updated_at.isoformat(),
    }


def _print_entries(entries: list[Any]) -> None:
    from b2bterm.cli.wording import lines_count
    from b2bterm.ui.outcome_text import state_word

    if not entries:
        print(_("The outbox is empty: nothing waits to be sent."), file=sys.stderr)
        return
    for e in entries:
        s = e.summary
        total = e.total.format() if e.total else "—"
        state = state_word(s.state) + (f" {s.order_number}" if s.order_number else "")
        retry = "  " + _("next try at {when}").format(when=zone.show(s.next_attempt_at, zone=True)) \
            if s.next_attempt_at else ""
        error = last_error_text(s.last_error)
        print(f"#{s.id:<6} {s.account_id:<12} {cells(lines_count(s.line_count), 10, '>')} {total:>14}  "
              f"{cells(state, 24)} {error}{retry}")


def cmd_outbox(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.domain.models import DraftState

    async def run() -> list[Any]:
        desk = open_cli_desk(args)
        try:
            states = None if args.all else [DraftState(s) for s in WAITING]
            return await asyncio.to_thread(desk.outbox.entries, states)
        finally:
            await desk.aclose()

    entries = asyncio.run(run())
    if args.json:
        print_json([entry_json(e) for e in entries])
    else:
        _print_entries(entries)
    return 0


def cmd_send(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.domain.models import DraftState
    from b2bterm.ui.outcome_text import REPORT_KEYS, report_counts, send_text, stop_text

    words = {"sent": _("sent"), "retry": _("to retry"), "needs_attention": _("needs attention"),
             "rejected": _("rejected"), "skipped": _("skipped")}

    async def run() -> tuple[Any, list[Any]]:
        desk = open_cli_desk(args)
        try:
            report = await desk.outbox.run_once(force=True)
            entries = await asyncio.to_thread(desk.outbox.entries, [DraftState(s) for s in WAITING])
            await asyncio.to_thread(note_holders, desk, report, entries)
            return report, entries
        finally:
            await desk.aclose()

    report, entries = asyncio.run(run())
    counts = report_counts(report)
    open_ids = unsettled(entries)
    if args.json:
        print_json({"results": [{"draft_id": r.draft_id, "outcome": REPORT_KEYS.get(r.outcome, r.outcome.value),
                                 "reason": r.reason.value, "order_number": r.order_number or None,
                                 "message": r.message or None} for r in report.results],
                    "counts": counts, "stopped": report.stopped or None, "waiting": [entry_json(e) for e in entries],
                    "unsettled": open_ids})
    else:
        for r in report.results:
            key = REPORT_KEYS.get(r.outcome, r.outcome.value)
            word = words.get(key, key.replace("_", " "))
            print(f"#{r.draft_id:<6} {cells(word, 16)} {r.order_number or send_text(r)}")
        stopped = _(" ({why})").format(why=stop_text(report.stopped)) if report.stopped else ""
        print(_("{sent} sent, {attention} need attention, {rejected} rejected, {retry} will be retried{stopped}."
                ).format(sent=counts["sent"], attention=counts["needs_attention"], rejected=counts["rejected"],
                         retry=counts["retry"], stopped=stopped))
        say_unsettled(open_ids)
    return 1 if counts["retry"] or report.stopped or open_ids else 0


def note_holders(desk: Any, report: Any, entries: list[Any]) -> None:
    """Drafts another sender holds were not tried in this run: add them to the report, saying who and how long."""
    from b2bterm.services.submit import Outcome, Reason, SendResult

    tried = {r.draft_id for r in report.results}
    for draft_id in unsettled(entries):
        held = desk.outbox.held_by(draft_id) if draft_id not in tried else None
        if held is not None:
            report.results.append(SendResult(draft_id, Outcome.SKIPPED, Reason.BUSY, message=held.describe(),
                                             held=held))


def unsettled(entries: list[Any]) -> list[int]:
    """Drafts still queued or being sent after a run: not settled yet (the platform may even have the order)."""
    return [e.summary.id for e in entries if e.summary.state.value in ("queued", "sending")]


def say_unsettled(ids: list[int]) -> None:
    if ids:
        print(ngettext("Not settled yet: {n} order still waiting to be sent or confirmed ({ids}); run `b2bterm "
                       "outbox send` again later.", "Not settled yet: {n} orders still waiting to be sent or "
                       "confirmed ({ids}); run `b2bterm outbox send` again later.", len(ids)).format(
            n=len(ids), ids=", ".join(f"#{n}" for n in ids)), file=sys.stderr)
