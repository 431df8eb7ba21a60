"""`b2bterm orders` and `b2bterm track`: an account's orders and where an order's shipments are, from a script.

Both read the platform and keep what they read in the local order cache; when the platform cannot be reached they
answer from the cache and say how old it is (on stderr, and as ``live``/``fetched_at`` in JSON).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from b2bterm import zone
from b2bterm.cli.common import CliError, bounded_int, cells, open_cli_desk, print_json, use_account
from b2bterm.ui.i18n import _, ngettext


def register(sub: Any, command: Any) -> None:
    p = command("orders", cmd_orders,
                _("an account's orders, newest first (status, PO, totals incl. tax, shipping)"))
    p.add_argument("--account", required=True, help=_("account id or code"))
    p.add_argument("--status", help=_("only orders in this status (pending, shipped, delivered, ...)"))
    p.add_argument("--since", help=_("placed on or after this date (2026-03-01, 2026-03 or 2026)"))
    p.add_argument("--until", help=_("placed on or before this date"))
    p.add_argument("--po", help=_("PO number (or a part of it)"))
    p.add_argument("--contains", help=_("only orders with this SKU or model number"))
    p.add_argument("--limit", type=bounded_int(0, 1_000_000, zero_means=_("all")),
                   default=0, help=_("at most this many orders (default: all)"))
    p.add_argument("--xlsx", metavar="FILE", help=_("also write the orders (and their lines) to this .xlsx file"))

    p = command("track", cmd_track, _("an order's shipments and their tracking events, newest first"))
    p.add_argument("order", help=_("order number"))


def _filter(args: argparse.Namespace) -> Any:
    from b2bterm.domain.order_filter import build_filter

    f, problems = build_filter({"status": args.status or "", "since": args.since or "", "until": args.until or "",
                                "po": args.po or "", "contains": args.contains or ""})
    if problems:
        from b2bterm.domain.models import OrderStatus
        from b2bterm.domain.order_filter import FilterProblemKind

        p = problems[0]
        if p.kind is FilterProblemKind.STATUS:
            raise CliError(_("--status {value!r} is not a status; one of {{{names}}}").format(
                value=p.value, names=",".join(s.value for s in OrderStatus)))
        raise CliError(_("--{option} {value!r} is not a date (use 2026-03-31, 2026-03 or 2026)").format(
            option=p.key, value=p.value))
    return f


def cmd_orders(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.domain.models import Account
    from b2bterm.platform.base import Offline

    f = _filter(args)

    async def run() -> tuple[Any, str, Any]:
        desk = open_cli_desk(args)
        try:
            note = ""
            try:
                await use_account(desk, args.account)
                account = desk.account
                assert account is not None
            except Offline as exc:  # the cache is keyed by account id: answer from it for the id given
                account = Account(id=args.account, code=args.account, name=args.account)
                note = offline_note(exc)
            book = desk.orders
            try:
                numbers = None if note else await book.find(account.id, f)
            except Offline as exc:
                numbers = None
                note = offline_note(exc)
            listing = await asyncio.to_thread(book.local_orders, account.id, f, numbers)
            if args.xlsx:
                await _export_xlsx(book, account, listing.rows[: args.limit] if args.limit > 0 else listing.rows,
                                   args.xlsx, fetch=not note)
            return account, note, listing
        finally:
            await desk.aclose()

    account, note, listing = asyncio.run(run())
    rows = listing.rows[: args.limit] if args.limit > 0 else listing.rows
    if note:
        print(f"b2bterm: {note}", file=sys.stderr)
    if args.json:
        print_json({"account": {"id": account.id, "code": account.code, "name": account.display_name},
                    "live": not note, "orders": [_summary_json(c) for c in rows]})
        return 0
    from b2bterm.cli.wording import lines_count, shipped_text
    from b2bterm.domain.models import OrderStatus
    from b2bterm.services.orders import status_text

    if not rows:
        print(_("No orders of {code} match.").format(code=account.code), file=sys.stderr)
        return 1
    for c in rows:
        s = c.summary
        state = shipped_text(s.line_count, s.shipped_lines, s.backordered, s.status is OrderStatus.CANCELLED)
        placed = zone.show(s.placed_at, "%Y-%m-%d")
        print(f"{s.number:<16} {placed} {s.po_number or '—':<18} {cells(_(status_text(s.status)), 15)} "
              f"{s.total.format():>15}  {cells(lines_count(s.line_count), 9, '>')}  {state}")
    who = account.code if account.display_name == account.code else f"{account.code} {account.display_name}"
    print(ngettext("{n} order of {account}", "{n} orders of {account}", len(rows)).format(n=len(rows), account=who),
          file=sys.stderr)
    return 0


async def _export_xlsx(book: Any, account: Any, rows: Any, path: str, *, fetch: bool) -> None:
    """The listed orders and (cached, or read now when online: up to EXPORT_LINES_LIMIT) their lines."""
    import asyncio

    from b2bterm.export.files import ExportError
    from b2bterm.export.orders_xlsx import write_orders_xlsx

    summaries = [c.summary for c in rows]
    orders = await book.whole_orders(account.id, [s.number for s in summaries], fetch=fetch,
                                     limit=EXPORT_LINES_LIMIT)
    try:
        written = await asyncio.to_thread(write_orders_xlsx, f"{account.code} {account.display_name}", summaries,
                                          orders, path)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(ngettext("wrote {path}: {n} order, the lines of {lines}", "wrote {path}: {n} orders, the lines of {lines}",
                   len(summaries)).format(path=written, n=len(summaries), lines=len(orders)), file=sys.stderr)


EXPORT_LINES_LIMIT = 500


def offline_note(exc: Any) -> str:
    from b2bterm.ui.outcome_text import platform_error_text

    return _("{why} Answering from the local cache.").format(why=platform_error_text(exc, hint=False))


def answer_note(answer: Any) -> str:
    """Why an order was answered from the cache."""
    from b2bterm.ui.outcome_text import platform_error_text

    return platform_error_text(answer.error, hint=False) if answer.error else _("offline")


def _summary_json(c: Any) -> dict[str, Any]:
    s = c.summary
    return {"number": s.number, "account_id": s.account_id, "placed_at": s.placed_at.isoformat(),
            "status": s.status.value, "po_number": s.po_number, "total_incl_tax": str(s.total.amount),
            "currency": s.total.currency, "lines": s.line_count, "shipped_lines": s.shipped_lines,
            "backordered": s.backordered, "fetched_at": c.fetched_at.isoformat()}


def cmd_track(args: argparse.Namespace) -> int:
    import asyncio

    async def run() -> Any:
        desk = open_cli_desk(args)
        try:
            return await desk.orders.order(args.order, watch=False)
        finally:
            await desk.aclose()

    answer = asyncio.run(run())
    o = answer.order
    if not answer.live:
        print("b2bterm: " + _("{why} This is the cached copy from {when}.").format(
            why=answer_note(answer), when=zone.show(answer.fetched_at, zone=True)), file=sys.stderr)
    if args.json:
        print_json({
            "number": o.number, "account_id": o.account_id, "status": o.status.value, "po_number": o.po_number,
            "live": answer.live, "fetched_at": answer.fetched_at.isoformat(),
            "shipments": [{
                "id": s.id, "carrier": s.carrier, "tracking_number": s.tracking_number,
                "tracking_url": s.tracking_url or None,
                "shipped_at": s.shipped_at.isoformat() if s.shipped_at else None,
                "eta": s.eta.isoformat() if s.eta else None, "delivered": s.delivered,
                "lines": [{"sku": sku, "qty": qty} for sku, qty in s.lines],
                "events": [{"at": e.at.isoformat(), "place": e.place, "description": e.description,
                            "status": e.status} for e in sorted(s.events, key=lambda e: e.at, reverse=True)],
            } for s in o.shipments]})
        return 0
    from b2bterm.services.orders import status_text

    print(_("{number}  {status}  PO {po}  placed {when}").format(
        number=o.number, status=_(status_text(o.status)), po=o.po_number or "—", when=zone.show(o.placed_at)))
    if not o.shipments:
        print(_("Nothing shipped yet."))
    for s in o.shipments:
        shipped = zone.show(s.shipped_at)
        eta = s.eta.isoformat() if s.eta else "—"
        print("\n" + _("{carrier}  {tracking}  shipped {shipped}  ETA {eta}").format(
            carrier=s.carrier or _("unknown carrier"), tracking=s.tracking_number or "—", shipped=shipped, eta=eta)
              + ("  " + _("delivered") if s.delivered else ""))
        if s.tracking_url:
            print(f"  {s.tracking_url}")
        if not s.events:
            print("  " + _("no tracking events yet"))
        for e in sorted(s.events, key=lambda e: e.at, reverse=True):
            print(f"  {zone.show(e.at)}  {cells(e.place, 12)} {e.description}")
    return 0
