"""`b2bterm order parse|import|send`: quick-order text and drafts from a script.

``parse`` reads a pasted list (a file, or stdin), resolves every line against the local catalog for the account
and prints what it understood, without saving or sending anything. ``import`` saves the list as a new local draft
(one transaction) that the TUI's quick-order screen and drafts list then show; a file with no order line in it makes
nothing and exits 1. ``send`` (and ``import --send``) places a draft through the same path as F9: its idempotency
key is stored before the first attempt, so sending again never makes a second order.

Exit codes of ``send``: 0 placed (or placed before), 3 queued (the platform could not be reached: the outbox sends
it later with the same key), 1 not sent (lines to fix, or the platform refused it), 2 a usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from b2bterm.cli.common import CliError, bounded_int, cells, open_cli_desk, print_json, use_account
from b2bterm.quickorder.order_file import MAX_INPUT_BYTES, OrderFileError, check_text, clean_text, read_order_file


def register(sub: Any, command: Any) -> None:
    order = sub.add_parser("order", help="quick-order text: parse it, or import it as a draft",
                           description="Quick-order text from a script: parse it, or import it as a draft.")
    order_sub = order.add_subparsers(title="order commands", metavar="COMMAND", required=True)

    p = order_sub.add_parser("parse", help="parse and resolve an order list without saving or sending it",
                             description="Parse and resolve an order list (WeChat, e-mail, Excel, CSV) for an "
                                         "account, without saving or sending anything.")
    p.add_argument("file", nargs="?", help="text, CSV or Excel (.xlsx, .xls) file (default: standard input)")
    p.add_argument("--sheet", help="the workbook's sheet to read (name or number; default: the one with the order)")
    p.add_argument("--account", required=True, help="account id or code")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_parse)

    p = order_sub.add_parser("import", help="save an order list as a new local draft",
                             description="Save an order list as a new local draft for the account (nothing is "
                                         "sent); open it in the TUI to fix and send it.")
    p.add_argument("file", help="text, CSV or Excel (.xlsx, .xls) file ('-' for standard input)")
    p.add_argument("--sheet", help="the workbook's sheet to read (name or number; default: the one with the order)")
    p.add_argument("--account", required=True, help="account id or code")
    p.add_argument("--title", default="", help="a title for the draft")
    p.add_argument("--send", action="store_true", help="send the draft at once when every line is clear")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_import)

    p = order_sub.add_parser("send", help="send a local draft (as F9 does): prints the order number",
                             description="Send a local draft as the TUI's F9 does, with its stored idempotency key: "
                                         "prints the order number, or that it was queued when the platform "
                                         "cannot be reached. Sending again never places a second order.")
    p.add_argument("draft", type=bounded_int(1, 2**62), metavar="DRAFT", help="the draft's number (see `b2bterm "
                                                                              "outbox --all`)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_send)

EXIT_NOT_SENT = 1
EXIT_QUEUED = 3


def _read_text(path: str | None, sheet: str | None = None) -> str:
    try:
        if path in (None, "-"):
            if sys.stdin.isatty():
                raise CliError("paste the order list on standard input, or give a FILE")
            text = clean_text(sys.stdin.read(MAX_INPUT_BYTES + 1))
            check_text(text, "standard input")
            return text
        return read_order_file(path, sheet=sheet)
    except OrderFileError as exc:
        raise CliError(str(exc)) from None


async def _prepare(args: argparse.Namespace) -> Any:
    desk = open_cli_desk(args)
    try:
        if await asyncio.to_thread(desk.catalog_count) == 0:
            if not args.json:
                print("The local catalog is empty: syncing it first…", file=sys.stderr)
            await desk.sync_catalog()
        await use_account(desk, args.account)
    except BaseException:
        await desk.aclose()
        raise
    return desk


def _product_json(product: Any) -> dict[str, Any]:
    return {"sku": product.sku, "model": product.model, "brand": product.brand,
            "name": product.name_en, "name_zh": product.name_zh, "product_status": product.status.value}


def line_json(line: Any) -> dict[str, Any]:
    """One resolved line as the JSON output shows it."""
    out: dict[str, Any] = {
        "line_no": line.line_no,
        "input": line.input,
        "code": line.code,
        "qty": line.qty,
        "unit": line.unit,
        "status": line.status.value,
    }
    if line.sku:
        out["sku"] = line.sku
        out["how"] = line.how.value if line.how else None
        if line.product is not None:
            out.update({k: v for k, v in _product_json(line.product).items() if k != "sku"})
    if line.candidates:
        out["candidates"] = [
            {**(_product_json(c.product) if c.product else {"sku": c.sku}), "how": c.how.value,
             "score": round(c.score, 1) if c.score is not None else None}
            for c in line.candidates
        ]
    if line.written is not None:
        out["qty_written"] = line.written.text
    if line.settled is not None and line.settled.packs:
        out["qty_packs"] = {"packs": line.settled.packs, "unit": line.settled.unit, "pack_size": line.settled.pack_size}
    if line.qty_assumed:
        out["qty_assumed"] = True  # the line stated no quantity: 1 is ordered
    if line.qty_error:
        out["qty_error"] = line.qty_error
    if line.message:
        out["message"] = line.message
    return out


def _candidates_text(candidates: Any) -> str:
    """The candidates on one line: "MODEL: brand / brand" when they share one model (brands of one cable), else
    "MODEL (score); ..." with each brand when they differ."""
    models = {c.product.model for c in candidates if c.product is not None}
    if len(models) == 1 and all(c.product is not None for c in candidates):
        return f"{models.pop()}: " + " / ".join(c.product.brand for c in candidates)
    brands = len({c.product.brand for c in candidates if c.product is not None}) > 1

    def one(c: Any) -> str:
        text = (f"{c.product.model} {c.product.brand}" if brands else c.product.model) if c.product else c.sku
        return text + (f" ({c.score:.0f})" if c.score is not None else "")

    return "; ".join(one(c) for c in candidates)


def cmd_parse(args: argparse.Namespace) -> int:
    from b2bterm.quickorder.parser import parse_order_text
    from b2bterm.quickorder.resolve import resolve_lines

    text = _read_text(args.file, args.sheet)

    async def run() -> tuple[Any, Any]:
        desk = await _prepare(args)
        try:
            parsed = parse_order_text(text)
            resolved = await asyncio.to_thread(resolve_lines, desk.catalog, parsed.lines,
                                               account_id=desk.account_id, merge=desk.merge_repeated)
            return parsed, resolved
        finally:
            await desk.aclose()

    parsed, resolved = asyncio.run(run())
    if args.json:
        print_json({"lines": [line_json(r) for r in resolved],
                    "ignored": [{"line_no": x.line_no, "input": x.raw, "reason": x.reason} for x in parsed.ignored]})
        return 0
    for r in resolved:
        if r.product is not None:
            what = f"{r.product.model}  {r.product.brand}  {r.product.name_zh or r.product.name_en}"
        elif r.candidates:
            what = _candidates_text(r.candidates)
        else:
            what = ""
        assumed = "no quantity written: 1 assumed" if r.qty_assumed and len(r.inputs) == 1 else ""
        note = " · ".join(p for p in (r.qty_error, assumed, r.message) if p)
        print(f"{r.line_no:>4}  {r.status.value:<9}  {r.qty:>7,}  {cells(r.input, 28, cut=True)}  {what}"
              + (f"  [{note}]" if note else ""))
    for x in parsed.ignored:
        print(f"{x.line_no:>4}  {'set aside':<9}  {'':>7}  {cells(x.raw, 28, cut=True)}  ({x.reason})")
    counts = {s: sum(1 for r in resolved if r.status.value == s) for s in ("resolved", "ambiguous", "unknown")}
    print(f"{counts['resolved']} resolved, {counts['ambiguous']} need a pick, {counts['unknown']} unknown, "
          f"{len(parsed.ignored)} lines set aside", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from b2bterm.domain.models import LineStatus
    from b2bterm.platform.base import PlatformError
    from b2bterm.quickorder.parser import parse_order_text

    text = _read_text(args.file, args.sheet)
    parsed = parse_order_text(text)
    if not parsed.lines:  # nothing is created: a letter or a script is not an order
        reasons = "; ".join(f"line {x.line_no}: {x.reason}" for x in parsed.ignored[:3])
        more = f"; and {len(parsed.ignored) - 3} more" if len(parsed.ignored) > 3 else ""
        raise CliError(f"{args.file}: no order line found, nothing was imported ({len(parsed.ignored)} lines "
                       f"set aside — {reasons}{more})")

    async def run() -> dict[str, Any]:
        desk = await _prepare(args)
        try:
            account_id = desk.account_id

            def add() -> Any:
                pad = desk.new_pad(account_id, title=args.title)
                return pad, pad.add_text(text, merge=desk.merge_repeated)

            pad, result = await asyncio.to_thread(add)
            priced = 0
            try:
                priced = await pad.reprice()  # records the price the lines were imported at
            except PlatformError:
                pass  # offline: the draft is saved; it is priced when opened
            summary = {
                "draft_id": pad.draft_id,
                "account": account_id,
                "lines": len(pad.draft_lines()),
                "added": len(result.added),
                "merged": len(result.merged),
                "resolved": result.count(LineStatus.RESOLVED),
                "ambiguous": result.count(LineStatus.AMBIGUOUS),
                "unknown": result.count(LineStatus.UNKNOWN),
                "qty_problems": [{"line": x.position + 1, "input": x.input, "problem": p.kind.value,
                                  "text": p.text} for x in pad.draft_lines() for p in pad.problems(x)
                                 if p.kind.value in ("qty_unreadable", "pack_size_unknown", "unit_mismatch")],
                "ignored": [{"line_no": x.line_no, "input": x.raw, "reason": x.reason} for x in result.ignored],
                "priced": priced,
            }
            if args.send:
                summary["send"] = _send_json(await desk.send_draft(pad.draft_id), pad.draft_id)
            return summary
        finally:
            await desk.aclose()

    summary = asyncio.run(run())
    sent = summary.get("send")
    if args.json:
        print_json(summary)
        return _send_exit(sent) if sent else 0
    print(f"Draft {summary['draft_id']} for {summary['account']}: {summary['lines']} lines "
          f"({summary['resolved']} resolved, {summary['ambiguous']} need a pick, {summary['unknown']} unknown), "
          f"{len(summary['ignored'])} lines set aside.")
    for x in summary["ignored"]:
        print(f"  set aside line {x['line_no']}: {x['input']!r} ({x['reason']})")
    for q in summary["qty_problems"]:
        print(f"  line {q['line']} {q['input']!r}: {q['text']}")
    if summary["ambiguous"] or summary["unknown"] or summary["qty_problems"]:
        print("Open it in b2bterm (Quick order, F3) to pick or fix those lines before sending.")
    if sent:
        _print_send(sent)
        return _send_exit(sent)
    return 0


def _send_json(result: Any, draft_id: int) -> dict[str, Any]:
    """One send (services.submit.SendResult) as the CLI reports it: placed, already_placed, queued, not_ready,
    needs_attention, rejected or busy, with the order number and the words the TUI uses."""
    from b2bterm.domain.models import DraftState
    from b2bterm.services.submit import Outcome, Reason
    from b2bterm.ui.outcome_text import send_text

    outcome = {Outcome.SENT: "placed"}.get(result.outcome, result.outcome.value)
    if result.reason is Reason.PLACED_EARLIER:
        outcome = "already_placed"
    elif result.outcome is Outcome.SKIPPED:
        outcome = "already_placed" if result.state is DraftState.SENT else "busy"
    return {"draft_id": draft_id, "outcome": outcome, "order_number": result.order_number or None,
            "message": send_text(result)}


def _send_exit(sent: dict[str, Any]) -> int:
    if sent["outcome"] in ("placed", "already_placed"):
        return 0
    return EXIT_QUEUED if sent["outcome"] in ("queued", "busy") else EXIT_NOT_SENT


def _print_send(sent: dict[str, Any]) -> None:
    outcome = sent["outcome"]
    if outcome == "placed":
        print(f"ORDER PLACED: {sent['order_number']} (draft {sent['draft_id']})")
    elif outcome == "already_placed":
        print(f"Already placed: {sent['order_number']} (draft {sent['draft_id']}); nothing was sent again.")
    elif outcome in ("queued", "busy"):
        print(f"NOT SENT YET — queued (draft {sent['draft_id']}): {sent['message']}")
        print("It is sent with the same key by `b2bterm outbox send` or the TUI once the platform is back.")
    else:
        print(f"NOT SENT (draft {sent['draft_id']}, {outcome.replace('_', ' ')}): {sent['message']}", file=sys.stderr)


def cmd_send(args: argparse.Namespace) -> int:
    from b2bterm.domain.models import DraftState
    from b2bterm.local.drafts import DraftNotFound

    async def run() -> dict[str, Any]:
        desk = open_cli_desk(args)
        try:
            try:
                draft = await asyncio.to_thread(desk.drafts.load, args.draft)
            except DraftNotFound:
                raise CliError(f"there is no draft {args.draft} (list them with `b2bterm outbox --all`)") from None
            if draft.state is DraftState.SENT:
                return {"draft_id": draft.id, "outcome": "already_placed", "order_number": draft.order_number,
                        "message": ""}
            return _send_json(await desk.send_draft(draft.id), draft.id)
        finally:
            await desk.aclose()

    sent = asyncio.run(run())
    if args.json:
        print_json(sent)
    else:
        _print_send(sent)
    return _send_exit(sent)
