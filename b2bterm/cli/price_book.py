"""`b2bterm price-book`: what the local price book holds (when it was synced, for which accounts, how many SKUs), and
`b2bterm price-book differences`: where a live quote said otherwise than the book, newest first (the TUI shows the
same list with Ctrl+G on the model query)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from b2bterm import zone
from b2bterm.cli.catalog import source_json
from b2bterm.cli.common import open_cli_desk, print_json
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.wording import source_text


def register(sub: Any, command: Any) -> None:
    p = sub.add_parser("price-book", help=_("the local price book: when it was synced, and its recorded differences"),
                       description=_("The local price book (the platform's price rules kept for the accounts served, "
                                     "synced with the catalog). `price-book differences` lists where a live price "
                                     "said otherwise than the book."))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_status)
    psub = p.add_subparsers(title=_("price-book commands"), metavar="COMMAND")
    d = psub.add_parser("differences", help=_("where a live price differed from the price book, newest first"))
    d.add_argument("--json", action="store_true", help=_("print JSON"))
    d.add_argument("--limit", type=int, default=100, help=_("at most this many (default 100)"))
    d.set_defaults(handler=cmd_differences)


def cmd_status(args: argparse.Namespace) -> int:
    import asyncio

    async def run() -> Any:
        desk = open_cli_desk(args)
        try:
            return await desk.price_book.ready()
        finally:
            await desk.aclose()

    book = asyncio.run(run())
    if args.json:
        print_json(None if book is None else {
            "synced_at": book.synced_at.isoformat(), "accounts": sorted(book.rules.accounts),
            "skus": len(book.rules.skus), "lists": len(book.rules.lists), "discounts": len(book.rules.discounts),
            "scope": None if book.scope is None else list(book.scope)})
        return 0
    if book is None:
        print(_("No price book yet: `b2bterm sync` keeps one when the platform shares its price rules."),
              file=sys.stderr)
        return 0
    print(ngettext("Price book as of {at}: {accounts} account, {skus} SKUs, {lists} price lists, {discounts} "
                   "discounts.",
                   "Price book as of {at}: {accounts} accounts, {skus} SKUs, {lists} price lists, {discounts} "
                   "discounts.", len(book.rules.accounts))
          .format(at=zone.show(book.synced_at, zone=True), accounts=len(book.rules.accounts),
                  skus=f"{len(book.rules.skus):,}", lists=len(book.rules.lists), discounts=len(book.rules.discounts)))
    return 0


def cmd_differences(args: argparse.Namespace) -> int:
    import asyncio

    async def run() -> list[Any]:
        desk = open_cli_desk(args)
        try:
            return await asyncio.to_thread(desk.price_differences, max(1, args.limit))
        finally:
            await desk.aclose()

    found = asyncio.run(run())
    if args.json:
        print_json([{"seen_at": d.seen_at.isoformat(), "account_id": d.account_id, "sku": d.sku, "qty": d.qty,
                     "book_net": str(d.local_net.amount), "live_net": str(d.live_net.amount),
                     "currency": d.live_net.currency, "book_source": source_json(d.local_source),
                     "live_source": source_json(d.live_source),
                     "book_synced_at": d.synced_at.isoformat()} for d in found])
        return 0
    if not found:
        print(_("No differences recorded: every live price said what the price book said."), file=sys.stderr)
        return 0
    for d in found:
        print(_("{seen}  {account}  {sku} x{qty}: book {book} ({book_source}, as of {synced}), live {live} "
                "({live_source})").format(seen=zone.show(d.seen_at), account=d.account_id, sku=d.sku, qty=d.qty,
                                          book=d.local_net.format(), book_source=source_text(d.local_source),
                                          synced=zone.show(d.synced_at), live=d.live_net.format(),
                                          live_source=source_text(d.live_source)))
    return 0
