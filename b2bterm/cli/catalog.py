"""`b2bterm search`, `b2bterm quote`, `b2bterm accounts`, `b2bterm sync`: the catalog and prices from a script."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import Any

from b2bterm.cli.common import (
    CliError,
    bounded_int,
    cells,
    cli_config,
    open_cli_desk,
    print_json,
    say_replaced,
    say_syncing_first,
    tell_repaired,
    use_account,
)
from b2bterm.domain.search_query import MatchKind
from b2bterm.ui.i18n import _, ngettext


def register(sub: Any, command: Any) -> None:
    p = command("search", cmd_search, _("search the local catalog (model numbers, words, Chinese, pinyin, filters)"))
    p.add_argument("query", nargs="+", help=_("what to search for, e.g. 'lc1d09 m7' or 'brand:siemens 3rt'"))
    p.add_argument("--limit", type=bounded_int(1, 1000), default=20, help=_("at most this many results (1-1000)"))
    p.add_argument("--account", help=_("also match this account's own part numbers"))

    p = command("quote", cmd_quote,
                _("the account's price for SKUs or model numbers and quantities (CODE or CODE:QTY)"))
    p.add_argument("items", nargs="+", metavar="CODE[:QTY]",
                   help=_("a SKU, model number or your part number, with :QTY (default 1); exits 1 naming each item "
                          "that could not be priced"))
    p.add_argument("--account", required=True, help=_("account id or code"))

    p = command("accounts", cmd_accounts, _("list customer accounts (search by name, code or phone)"))
    p.add_argument("query", nargs="?", default="", help=_("name, code or phone (default: every account)"))
    p.add_argument("--limit", type=bounded_int(1, 1000), default=50, help=_("at most this many accounts (1-1000)"))

    p = command("sync", cmd_sync, _("bring the local catalog up to date and send the queued orders (for cron too)"))
    p.add_argument("--quiet", action="store_true", help=_("no progress bar (for cron)"))
    p.add_argument("--rebuild", action="store_true",
                   help=_("pull the whole catalog again into a new local file (the platform's catalog snapshot when "
                          "it offers one, then the changes since it); the current file is searched until the new one "
                          "is swapped in"))
    p.add_argument("--no-snapshot", action="store_true",
                   help=_("never from the platform's catalog snapshot: page by page (when the snapshot is in doubt)"))


async def _ensure_catalog(desk: Any, *, quiet: bool = True) -> None:
    import asyncio

    if await asyncio.to_thread(desk.catalog_count) == 0:
        if not quiet:
            say_syncing_first(desk)
        await desk.sync_catalog()
    elif await asyncio.to_thread(desk.catalog_arriving):  # an interrupted first build: only a part is searchable
        if not quiet:
            print(_("The local catalog has not fully arrived: syncing the rest first…"), file=sys.stderr)
        await desk.sync_catalog()


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    config = cli_config(args)
    answer = None
    if not args.account:  # the local catalog alone answers: no platform, no token, no other service
        from b2bterm.quickorder.collector import collector_held

        # without cyclic collections meanwhile (as the TUI's start): what the local answer loads (the catalog's
        # modules, the vocabulary) lives as long as the process, and the collections that walked it were ~2-3 ms;
        # one database opened, one query of at most 1000 rows: nothing of it waits for a collection to be freed
        with collector_held():
            from b2bterm.services.local_search import search_local

            answer = search_local(config, getattr(args, "profile", None), query, limit=args.limit)
        if answer is not None and answer.repaired_from is not None:
            tell_repaired(answer.repaired_from)

    async def run() -> tuple[Any, dict[str, Any]]:
        desk = open_cli_desk(args, config)
        try:
            await _ensure_catalog(desk, quiet=args.json)
            if args.account:
                await use_account(desk, args.account)
            result = await asyncio.to_thread(desk.search_catalog, query, limit=args.limit, count=True)
            offers = await desk.row_offers([(h.product.sku, max(1, h.product.moq)) for h in result.hits]) \
                if args.account else {}
            return result, offers
        finally:
            await desk.aclose()

    if answer is not None:  # the local answer: no event loop (asyncio alone is ~10 ms of the command's start)
        result, offers = answer.result, {}
    else:
        import asyncio

        result, offers = asyncio.run(run())
    if args.json:
        print_json([_hit_json(h, offers.get(h.product.sku)) for h in result.hits])
        return 0
    if not result.hits:
        print(_("No product matches {query!r}.").format(query=query), file=sys.stderr)
        return 1
    if result.did_you_mean:
        print(_("No product matches {query!r}. Did you mean:").format(query=query))
    elif result.closest:
        print(_("No product has everything asked; the closest:"))
    if result.understood is not None and (result.closest or result.did_you_mean or result.understood.unmatched):
        _print_understood(result)
    for hit in result.hits:
        p = hit.product
        offer = offers.get(p.sku)
        price = p.list_price.format() if p.list_price else "—"
        extra = ""
        if offer is not None:
            net = offer.net.format() if offer.net is not None else "—"
            stock = "?" if offer.on_hand is None else str(offer.on_hand)
            cached = "" if offer.live else _(" (cached)")
            extra = " " + _("net {net}{cached} stock {stock}").format(net=cells(net, 12, ">"), cached=cached,
                                                                       stock=cells(stock, 6, ">"))
        head = f"{cells(p.model, 24)} {cells(p.brand, 16, cut=True)} {cells(p.sku, 18)}"
        print(f"{head} {price:>12}{extra}  {p.name_zh or p.name_en}")
        if hit.misses:
            print("    ✗ " + _("; ").join(_miss_text(m) for m in hit.misses))
    shown = len(result.hits)
    total = result.total if result.total is not None else shown
    more = "+" if result.total_capped else ""
    print(_("showing {shown} of {total:,}{more} ({ms:.1f} ms)").format(
        shown=shown, total=total, more=more, ms=result.elapsed_ms), file=sys.stderr)
    return 0


def _print_understood(result: Any) -> None:
    """What the query was understood to ask, the stated values no product has, the words the catalog lacks."""
    from b2bterm.domain.understand import asked_parts, nobody_has

    und = result.understood
    closest = [h for h in result.hits if h.match is MatchKind.CLOSEST]
    missed = nobody_has(und, (h.misses for h in closest), (h.product.brand for h in closest))
    parts = [_("Understood: {parts}").format(parts=" · ".join(asked_parts(und)))] if asked_parts(und) else []
    if missed:
        parts.append(_("no product has {values}").format(values=" · ".join(missed)))
    if und.unmatched:
        parts.append(_("not in the catalog: {words}").format(words=" ".join(und.unmatched)))
    if parts:
        print(_("; ").join(parts), file=sys.stderr)


def _miss_text(miss: Any) -> str:
    if not miss.name:
        return _("does not state {asked}").format(asked=miss.asked)
    from b2bterm.ui.wording import attribute_label

    return _("{name} {held}, asked {asked}").format(name=attribute_label(miss.name), held=miss.held,
                                                    asked=miss.asked)


def _hit_json(h: Any, offer: Any) -> dict[str, Any]:
    p = h.product
    data: dict[str, Any] = {
        "sku": p.sku, "model": p.model, "brand": p.brand, "name": p.name_en, "name_zh": p.name_zh,
        "category": p.category, "match": h.match.value,
        "list_price": str(p.list_price.amount) if p.list_price else None,
        "currency": p.list_price.currency if p.list_price else None,
    }
    if h.misses:
        data["misses"] = [{"attribute": m.name, "held": m.held, "asked": m.asked} for m in h.misses]
    if h.score is not None:
        data["score"] = h.score
    if offer is not None:
        data["net_price"] = str(offer.net.amount) if offer.net is not None else None
        data["price_live"] = offer.live
        data["price_fetched_at"] = offer.fetched_at.isoformat() if offer.fetched_at else None
        data["stock"] = offer.on_hand
    return data


def _parse_items(items: list[str]) -> list[tuple[str, str, int]]:
    """(as typed, code, qty) for each CODE[:QTY]; the quantity is read as Quick order reads it (十, 1,000, 2千) and
    a quantity that cannot be read is refused, never taken as 1. A colon that is part of a model ("ZB 6,LGS:1-10")
    stays in the code."""
    from b2bterm.cli.wording import qty_issue_text
    from b2bterm.domain.quantity import QtyIssue, read_quantity

    parsed: list[tuple[str, str, int]] = []
    for item in items:
        code, sep, tail = item.rpartition(":")
        q = read_quantity(tail) if sep else None
        if sep and q is None and not any(c.isdigit() for c in tail):
            q = read_quantity(f"数量:{tail}")  # "LC1D09M7:abc" / "LC1D09M7:" -> refused, with the reason
        if q is None:
            parsed.append((item, item.strip(), 1))
            continue
        if not code.strip():  # ":4": refused before any catalog or platform work
            raise CliError(_("{item!r}: no model number or SKU before the quantity; write CODE:QTY, e.g. "
                             "LC1D09M7:20").format(item=item))
        if q.issue is not None or q.value is None:
            reason = qty_issue_text(q.issue or QtyIssue.NOT_UNDERSTOOD, q.text, q.unit)
            raise CliError(_("{item!r}: {reason}; write CODE:QTY with a whole number, e.g. LC1D09M7:20").format(
                item=item, reason=reason))
        parsed.append((item, code.strip(), q.value))
    return parsed


def cmd_quote(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.cli.wording import price_source_text
    from b2bterm.domain.models import LineStatus
    from b2bterm.quickorder.parser import ParsedLine
    from b2bterm.quickorder.resolve import resolve_lines

    items = _parse_items(args.items)

    async def run() -> tuple[Any, list[tuple[str, Any]], list[tuple[str, str]]]:
        desk = open_cli_desk(args)
        try:
            await _ensure_catalog(desk, quiet=args.json)
            await use_account(desk, args.account)
            lines = [ParsedLine(i, typed, code, qty) for i, (typed, code, qty) in enumerate(items, start=1)]
            resolved = await asyncio.to_thread(resolve_lines, desk.catalog, lines, account_id=desk.account_id,
                                               merge=False)
            wanted: list[tuple[str, str, int]] = []
            failed: list[tuple[str, str]] = []
            for (typed, _code, qty), r in zip(items, resolved, strict=True):
                if r.status is LineStatus.RESOLVED:
                    wanted.append((typed, r.sku, qty))
                elif r.candidates:
                    names = ", ".join(f"{c.product.model} {c.product.brand} ({c.sku})" if c.product else c.sku
                                      for c in r.candidates)
                    failed.append((typed, ngettext("{n} product may be meant: {names}; give the SKU",
                                                   "{n} products may be meant: {names}; give the SKU",
                                                   len(r.candidates)).format(n=len(r.candidates), names=names)))
                else:
                    failed.append((typed, _("no product matches it in the catalog")))
            quotes = await desk.platform.quote(desk.account.id, [(sku, qty) for _t, sku, qty in wanted]) \
                if wanted else []  # type: ignore[union-attr]
            desk.check_currency(desk.account.id, quotes)  # type: ignore[union-attr]  # another currency: refused
            by_item = {(q.sku, q.qty): q for q in quotes}
            priced = []
            for typed, sku, qty in wanted:
                quote = by_item.get((sku, qty))
                if quote is None:
                    failed.append((typed, _("the platform gave no price for {sku}").format(sku=sku)))
                else:
                    priced.append((typed, quote))
            return desk.account, priced, failed
        finally:
            await desk.aclose()

    account, priced, failed = asyncio.run(run())
    for typed, why in failed:
        print(_("{label}: {text}").format(label=typed, text=why), file=sys.stderr)
    if failed:
        print(ngettext("{n} of {total} item could not be priced.", "{n} of {total} items could not be priced.",
                       len(items)).format(n=len(failed), total=len(items)), file=sys.stderr)
    code = 1 if failed else 0
    if args.json:
        print_json([{"input": typed, **quote_json(q)} for typed, q in priced])
        return code
    if priced:
        print(_("Prices for {name} ({code}):").format(name=account.display_name, code=account.code))
    for _typed, q in priced:
        print(_("{sku} x{qty} net {net}  含税 {incl}  list {list}  ext {ext}  [{source}]").format(
            sku=cells(q.sku, 20), qty=cells(str(q.qty), 6), net=cells(q.net_price.format(), 12, ">"),
            incl=cells(q.net_price_incl_tax.format(), 12, ">"), list=cells(q.list_price.format(), 12, ">"),
            ext=cells(q.extended_net.format(), 12, ">"), source=price_source_text(q.source)))
        for brk in q.breaks:
            print(f"{'':<28} ≥{brk.min_qty:<6} {brk.unit_price.format():>12}")
    return code


def source_json(source: Any) -> dict[str, Any]:
    """Where a price comes from (a PriceSource), as fields."""
    return {"kind": source.kind.value, "reference": source.reference, "description": source.description,
            "valid_from": source.valid_from.isoformat() if source.valid_from else None,
            "valid_to": source.valid_to.isoformat() if source.valid_to else None}


def quote_json(q: Any) -> dict[str, Any]:
    return {
        "sku": q.sku, "account_id": q.account_id, "qty": q.qty, "currency": q.currency,
        "list": str(q.list_price.amount), "net": str(q.net_price.amount),
        "net_incl_tax": str(q.net_price_incl_tax.amount), "tax_rate": str(q.tax_rate),
        "extended_net": str(q.extended_net.amount), "extended_incl_tax": str(q.extended_incl_tax.amount),
        "discount": str(q.discount),
        "breaks": [{"min_qty": b.min_qty, "unit_price": str(b.unit_price.amount)} for b in q.breaks],
        "source": source_json(q.source),
        "last_paid": None if q.last_paid is None else {
            "unit_price": str(q.last_paid.unit_price.amount), "qty": q.last_paid.qty,
            "on": q.last_paid.on.isoformat(), "order_number": q.last_paid.order_number},
        "customer_part_number": q.customer_part_number or None,
    }


def cmd_accounts(args: argparse.Namespace) -> int:
    import asyncio

    async def run() -> list[Any]:
        desk = open_cli_desk(args)
        try:
            return await desk.search_accounts(args.query, limit=args.limit)
        finally:
            await desk.aclose()

    accounts = asyncio.run(run())
    if args.json:
        print_json([{"id": a.id, "code": a.code, "name": a.name, "name_zh": a.name_zh, "group": a.group,
                     "phone": a.phone, "payment_terms": a.payment_terms} for a in accounts])
        return 0
    for a in accounts:
        print(f"{cells(a.code, 10)} {cells(a.display_name, 28)} {cells(a.group, 16)} {a.phone}")
    return 0


def background_priority() -> None:
    """A rebuild is background work: the app the user types in meanwhile comes first on the cores (benchmarks/
    build_bench.py measures its searches during a 1M rebuild: the build's processes and its final merge had the cores
    at the app's own priority). Called before any thread starts, so the sync's threads and worker processes inherit
    it (Linux sets a priority per thread). A first sync keeps its priority: there is no catalog to search yet."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)


def cmd_sync(args: argparse.Namespace) -> int:
    """Catalog changes in, queued orders out: what a cron job or a rep back online runs."""
    import asyncio

    from b2bterm.cli.outbox import note_holders, say_unsettled, unsettled
    from b2bterm.domain.models import DraftState
    from b2bterm.platform.base import PlatformError
    from b2bterm.ui.outcome_text import book_wait_text, platform_error_text, report_counts, stop_text

    show = not args.quiet and sys.stderr.isatty()
    if args.rebuild:  # the catalog in use stays searched meanwhile: the app comes first
        background_priority()

    def progress(done: int, total: int | None) -> None:
        if not show:
            return
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                             + _("{done:,}/{total:,} products").format(done=done, total=total))
        else:
            sys.stderr.write("\r" + ngettext("{n:,} product", "{n:,} products", done).format(n=done))
        sys.stderr.flush()

    def waiting_for_book(holder: str) -> None:
        if not args.quiet and not args.json:  # (after the progress bar's line, which the end of the command ends)
            sys.stderr.write(("\n" if show else "") + book_wait_text(holder) + ("" if show else "\n"))
            sys.stderr.flush()

    snapshot_only = False  # a rebuild whose snapshot went in, not the changes since it: the catalog is the snapshot's

    async def run() -> tuple[Any, Any, str]:
        nonlocal snapshot_only
        desk = open_cli_desk(args)
        try:
            if not args.quiet and not args.json:
                say_replaced(desk)
            before = desk.catalog.home.current
            try:
                summary = await desk.sync_catalog(on_progress=progress, full=args.rebuild,
                                                  from_snapshot=not args.no_snapshot)
            except PlatformError as exc:
                snapshot_only = args.rebuild and not args.no_snapshot and desk.catalog.home.current != before
                return None, None, platform_error_text(exc)
            book = await desk.sync_price_book(on_busy=waiting_for_book)
            report = await desk.outbox.run_once(force=True)
            waiting = await asyncio.to_thread(desk.outbox.entries, [DraftState.QUEUED, DraftState.SENDING])
            await asyncio.to_thread(note_holders, desk, report, waiting)
            return summary, (report, unsettled(waiting), book), ""
        finally:
            await desk.aclose()

    summary, outcome, problem = asyncio.run(run())
    if show:
        sys.stderr.write("\n")
    if summary is None:
        if args.json:
            print_json({"ok": False, "error": problem, "snapshot": snapshot_only})
        elif snapshot_only:
            print(_("The catalog was rebuilt from the platform's snapshot, but the changes since it did not come: "
                    "{problem} Until they do (b2bterm sync), it is the snapshot's.").format(problem=problem),
                  file=sys.stderr)
        else:
            print(_("Nothing synced: {problem}").format(problem=problem), file=sys.stderr)
        return 3
    report, open_ids, book = outcome
    counts = report_counts(report)
    price_book = {"status": book.status.value, "accounts": book.accounts, "skus": book.skus, "changed": book.changed,
                  "synced_at": book.synced_at.isoformat() if book.synced_at else None, "error": book.detail or None}
    data = {"ok": True, "pages": summary.pages, "upserted": summary.upserted, "deleted": summary.deleted,
            "price_book": price_book,
            "catalog_total": summary.total, "seconds": round(summary.seconds, 2), "resumed": summary.resumed,
            "snapshot": summary.snapshot,
            "outbox": counts, "outbox_stopped": report.stopped or None, "outbox_unsettled": open_ids}
    if args.json:
        print_json(data)
    else:
        if summary.snapshot:  # (a first sync, or a rebuild: the whole catalog in one file, then the changes since)
            print(_("Catalog synced from the platform's snapshot ({total:,} products), then {updated:,} updated and "
                    "{removed:,} removed, in {seconds:.1f} s.").format(
                total=summary.total or 0, updated=summary.upserted, removed=summary.deleted, seconds=summary.seconds))
        else:
            print(_("Catalog synced: {updated:,} products updated, {removed:,} removed in {seconds:.1f} s ({pages} "
                    "pages).").format(updated=summary.upserted, removed=summary.deleted, seconds=summary.seconds,
                                      pages=summary.pages))
        print(book_line(book))
        stopped = _(" ({why})").format(why=stop_text(report.stopped)) if report.stopped else ""
        print(_("Outbox: {sent} sent, {attention} need attention, {rejected} rejected, {retry} to retry{stopped}."
                ).format(sent=counts["sent"], attention=counts["needs_attention"], rejected=counts["rejected"],
                         retry=counts["retry"], stopped=stopped))
        say_unsettled(open_ids)
    book_left = book.status.value in ("failed", "busy")  # (a cron job learns its prices offline are not fresh)
    return 1 if counts["needs_attention"] or counts["retry"] or report.stopped or open_ids or book_left else 0


def book_line(book: Any) -> str:
    """One line on the price book sync."""
    status = book.status.value
    if status == "synced":
        return ngettext("Price book: the rules of {accounts:,} account for {skus:,} products, as of now ({changed:,} "
                        "changed since the last sync).",
                        "Price book: the rules of {accounts:,} accounts for {skus:,} products, as of now ({changed:,} "
                        "changed since the last sync).",
                        book.accounts).format(accounts=book.accounts, skus=book.skus, changed=book.changed)
    if status == "unsupported":
        return _("Price book: this platform does not share its price rules; prices are live (or cached) only.")
    if status == "no_account":
        return _("Price book: no account to keep prices for (set the profile's account or [sync] "
                 "price_book_accounts).")
    from b2bterm.ui.outcome_text import book_error_text

    return _("Price book not updated: {detail}").format(detail=book_error_text(book))
