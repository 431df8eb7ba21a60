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
import sys
from typing import Any

from b2bterm.cli.common import CliError, bounded_int, cells, open_cli_desk, print_json, say_syncing_first, use_account
from b2bterm.quickorder.order_file import MAX_INPUT_BYTES, OrderFileError, check_text, clean_text, read_order_file
from b2bterm.ui.i18n import _, ngettext


def register(sub: Any, command: Any) -> None:
    order = sub.add_parser("order", help=_("quick-order text: parse it, or import it as a draft"),
                           description=_("Quick-order text from a script: parse it, or import it as a draft."))
    order_sub = order.add_subparsers(title=_("order commands"), metavar="COMMAND", required=True)

    p = order_sub.add_parser("parse", help=_("parse and resolve an order list without saving or sending it"),
                             description=_("Parse and resolve an order list (WeChat, e-mail, Excel, CSV) for an "
                                           "account, without saving or sending anything."))
    p.add_argument("file", nargs="?", help=_("text, CSV or Excel (.xlsx, .xls) file (default: standard input)"))
    p.add_argument("--sheet", help=_("the workbook's sheet to read (name or number; default: the one with the "
                                     "order)"))
    p.add_argument("--account", required=True, help=_("account id or code"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_parse)

    p = order_sub.add_parser("import", help=_("save an order list as a new local draft"),
                             description=_("Save an order list as a new local draft for the account (nothing is "
                                           "sent); open it in the TUI to fix and send it."))
    p.add_argument("file", help=_("text, CSV or Excel (.xlsx, .xls) file ('-' for standard input)"))
    p.add_argument("--sheet", help=_("the workbook's sheet to read (name or number; default: the one with the "
                                     "order)"))
    p.add_argument("--account", required=True, help=_("account id or code"))
    p.add_argument("--title", default="", help=_("a title for the draft"))
    p.add_argument("--send", action="store_true", help=_("send the draft at once when every line is clear"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_import)

    p = order_sub.add_parser("send", help=_("send a local draft (as F9 does): prints the order number"),
                             description=_("Send a local draft as the TUI's F9 does, with its stored idempotency "
                                           "key: prints the order number, or that it was queued when the platform "
                                           "cannot be reached. Sending again never places a second order."))
    p.add_argument("draft", type=bounded_int(1, 2**62), metavar="DRAFT",
                   help=_("the draft's number (see `b2bterm outbox --all`)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_send)

EXIT_NOT_SENT = 1
EXIT_QUEUED = 3


def set_aside(n: int) -> str:
    return ngettext("{n} line set aside", "{n} lines set aside", n).format(n=n)


def _read_text(path: str | None, sheet: str | None = None) -> str:
    try:
        if path in (None, "-"):
            if sys.stdin.isatty():
                raise CliError(_("paste the order list on standard input, or give a FILE"))
            text = clean_text(sys.stdin.read(MAX_INPUT_BYTES + 1))
            check_text(text, _("standard input"))
            return text
        return read_order_file(path, sheet=sheet)
    except OrderFileError as exc:
        from b2bterm.ui.outcome_text import order_file_text

        raise CliError(order_file_text(exc)) from None


async def _prepare(args: argparse.Namespace) -> Any:
    import asyncio

    desk = open_cli_desk(args)
    try:
        if await asyncio.to_thread(desk.catalog_count) == 0:
            if not args.json:
                say_syncing_first(desk)
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
    import asyncio

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
    from b2bterm.cli.wording import line_note, status_word
    from b2bterm.ui.wording import word

    for r in resolved:
        if r.product is not None:
            what = f"{r.product.model}  {r.product.brand}  {r.product.name_zh or r.product.name_en}"
        elif r.candidates:
            what = _candidates_text(r.candidates)
        else:
            what = ""
        note = line_note(r)
        print(f"{r.line_no:>4}  {cells(status_word(r.status), 9)}  {r.qty:>7,}  {cells(r.input, 28, cut=True)}  "
              f"{what}" + (f"  [{note}]" if note else ""))
    for x in parsed.ignored:
        print(f"{x.line_no:>4}  {cells(_('set aside'), 9)}  {'':>7}  {cells(x.raw, 28, cut=True)} "
              + _(" ({why})").format(why=word(x.reason)))
    counts = {s: sum(1 for r in resolved if r.status.value == s) for s in ("resolved", "ambiguous", "unknown")}
    print(_("{resolved} resolved, {ambiguous} need a pick, {unknown} unknown, {ignored}").format(
        resolved=counts["resolved"], ambiguous=counts["ambiguous"], unknown=counts["unknown"],
        ignored=set_aside(len(parsed.ignored))), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.domain.models import LineStatus
    from b2bterm.platform.base import PlatformError
    from b2bterm.quickorder.parser import parse_order_text

    text = _read_text(args.file, args.sheet)
    parsed = parse_order_text(text)
    if not parsed.lines:  # nothing is created: a letter or a script is not an order
        from b2bterm.ui.wording import word

        reasons = _("; ").join(_("line {n}: {reason}").format(n=x.line_no, reason=word(x.reason))
                               for x in parsed.ignored[:3])
        more = _("; and {n} more").format(n=len(parsed.ignored) - 3) if len(parsed.ignored) > 3 else ""
        raise CliError(_("{file}: no order line found, nothing was imported ({ignored} — {reasons}{more})").format(
            file=args.file, ignored=set_aside(len(parsed.ignored)), reasons=reasons, more=more))

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
                                  "text": p.text, "values": dict(p.values)}
                                 for x in pad.draft_lines() for p in pad.problems(x)
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
    from b2bterm.cli.wording import qty_problem_text
    from b2bterm.ui.wording import word

    print(_("Draft {id} for {account}: {lines} ({resolved} resolved, {ambiguous} need a pick, {unknown} unknown), "
            "{ignored}.").format(id=summary["draft_id"], account=summary["account"],
                                  lines=ngettext("{n} line", "{n} lines", summary["lines"]).format(n=summary["lines"]),
                                  resolved=summary["resolved"], ambiguous=summary["ambiguous"],
                                  unknown=summary["unknown"], ignored=set_aside(len(summary["ignored"]))))
    for x in summary["ignored"]:
        print("  " + _("set aside line {n}: {input!r} ({reason})").format(n=x["line_no"], input=x["input"],
                                                                          reason=word(x["reason"])))
    for q in summary["qty_problems"]:
        print("  " + _("line {n} {input!r}: {problem}").format(n=q["line"], input=q["input"],
                                                            problem=qty_problem_text(q["problem"], q["values"])))
    if summary["ambiguous"] or summary["unknown"] or summary["qty_problems"]:
        print(_("Open it in b2bterm (Quick order, F3) to pick or fix those lines before sending."))
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
    number, draft, message = sent["order_number"], sent["draft_id"], sent["message"]
    if outcome == "placed":
        print(_("ORDER PLACED: {number} (draft {draft})").format(number=number, draft=draft))
    elif outcome == "already_placed":
        print(_("Already placed: {number} (draft {draft}); nothing was sent again.").format(number=number,
                                                                                           draft=draft))
    elif outcome in ("queued", "busy"):
        print(_("NOT SENT YET — queued (draft {draft}): {message}").format(draft=draft, message=message))
        print(_("It is sent with the same key by `b2bterm outbox send` or the TUI once the platform is back."))
    else:
        words = {"not_ready": _("lines to fix"), "needs_attention": _("needs attention"), "rejected": _("rejected")}
        print(_("NOT SENT (draft {draft}, {outcome}): {message}").format(
            draft=draft, outcome=words.get(outcome, outcome.replace("_", " ")), message=message), file=sys.stderr)


def cmd_send(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.domain.models import DraftState
    from b2bterm.local.drafts import DraftNotFound

    async def run() -> dict[str, Any]:
        desk = open_cli_desk(args)
        try:
            try:
                draft = await asyncio.to_thread(desk.drafts.load, args.draft)
            except DraftNotFound:
                raise CliError(_("there is no draft {draft} (list them with `b2bterm outbox --all`)").format(
                    draft=args.draft)) from None
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
