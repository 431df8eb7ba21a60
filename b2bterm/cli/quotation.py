"""`b2bterm quotation new|list|show|export|order|mark`: quotations (报价单) from a script.

A quotation is kept in the profile's local store; ``new`` quotes the account's prices (live, else cached) and freezes
them; ``export`` writes the .xlsx and/or PDF a customer gets; ``order`` turns it into a quick-order draft (quoted
prices while valid, today's with the differences once expired). N is the quotation's number (Q261124-0012) or its id.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from b2bterm.cli.common import CliError, cells, open_cli_desk, print_json, use_account
from b2bterm.ui.i18n import N_, _, ngettext

_NUMBER = re.compile(r"^(?:Q\d{6}-)?0*(\d{1,9})$", re.I)


def register(sub: Any, command: Any) -> None:
    q = sub.add_parser("quotation", help=_("quotations (报价单): make, list, export, turn into an order"),
                       description=_("Quotations for an account: make one, list them, export them as .xlsx and PDF, "
                                   "turn one into a quick-order draft."))
    q_sub = q.add_subparsers(title=_("quotation commands"), metavar="COMMAND", required=True)

    p = q_sub.add_parser("new", help=_("a new quotation for an account, at its prices today"),
                         description=_("Quote items for an account (ITEM is a SKU or model number, QTY defaults "
                                       "to 1)."))
    p.add_argument("items", nargs="+", metavar="ITEM[:QTY]", help=_("a SKU or model number, with :QTY (default 1)"))
    p.add_argument("--account", required=True, help=_("account id or code"))
    p.add_argument("--valid-days", type=int, help=_("days the quotation is valid (default: [quotations] valid_days)"))
    p.add_argument("--delivery", help=_("delivery terms"))
    p.add_argument("--payment", help=_("payment terms (default: [quotations] payment_terms, else the account's)"))
    p.add_argument("--notes", help=_("notes printed on the quotation"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_new)

    p = q_sub.add_parser("list", help=_("quotations with their state and validity, newest first"))
    p.add_argument("--account", help=_("only this account (id or code)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)

    p = q_sub.add_parser("show", help=_("one quotation with its lines and totals"))
    p.add_argument("number", metavar="N", help=_("the quotation's number (Q261124-0012) or its id"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_show)

    p = q_sub.add_parser("export", help=_("write a quotation as .xlsx and/or PDF"),
                         description=_("Write a quotation as .xlsx and/or PDF (with neither option: both, into the "
                                     "export folder, [quotations] export_folder)."))
    p.add_argument("number", metavar="N", help=_("the quotation's number (Q261124-0012) or its id"))
    p.add_argument("--xlsx", metavar="FILE", help=_("the .xlsx file to write"))
    p.add_argument("--pdf", metavar="FILE", help=_("the PDF file to write"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_export)

    p = q_sub.add_parser("order", help=_("turn a quotation into a quick-order draft (nothing is sent)"))
    p.add_argument("number", metavar="N", help=_("the quotation's number (Q261124-0012) or its id"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_order)

    p = q_sub.add_parser("edit", help=_("change a quotation's validity, terms or notes"))
    p.add_argument("number", metavar="N", help=_("the quotation's number (Q261124-0012) or its id"))
    p.add_argument("--valid-until", metavar="YYYY-MM-DD", help=_("the last day the prices hold"))
    p.add_argument("--delivery", help=_("delivery terms"))
    p.add_argument("--payment", help=_("payment terms"))
    p.add_argument("--notes", help=_("notes printed on the quotation"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_edit)

    p = q_sub.add_parser("push", help=_("send a quotation to the platform (again after a change)"),
                         description=_("Send a quotation to the platform, where it has a quotation or draft-order "
                                     "concept; its state there comes back."))
    p.add_argument("number", metavar="N", help=_("the quotation's number (Q261124-0012) or its id"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_push)

    p = q_sub.add_parser("sync", help=_("push the quotations waiting to go, read back the state of pushed ones"),
                         description=_("Push every quotation whose push is waiting (a change since it was pushed, or "
                                     "a push that could not reach the platform), then read back the state of the "
                                     "pushed ones (accepted on the platform…)."))
    p.add_argument("--account", help=_("only this account's quotations (id)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_sync)

    p = q_sub.add_parser("mark", help=_("mark a quotation sent, accepted, or back to draft"))
    p.add_argument("number", metavar="N", help=_("the quotation's number (Q261124-0012) or its id"))
    p.add_argument("state", choices=("sent", "accepted", "draft"), help=_("the new state: sent, accepted or draft"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_mark)


# --- words ---------------------------------------------------------------------------------------------------------


def problem_text(problem: Any) -> str:
    from b2bterm.services.quotations import Problem

    v = problem.values
    texts = {
        Problem.NOT_FOUND: N_("there is no quotation {number} (see `b2bterm quotation list`)"),
        Problem.UNKNOWN_ITEM: N_("{code!r} is not a SKU or model number in the catalog"),
        Problem.AMBIGUOUS_ITEM: N_("{code!r} could be several products: {choices}; give the SKU"),
        Problem.NO_PRICE: N_("no price for {model} ({sku}) for this account: the platform is out of reach and none "
                             "is cached"),
        Problem.EMPTY: N_("nothing to quote: give at least one ITEM with a quantity"),
        Problem.NOT_EDITABLE: N_("quotation {number} is {state}: only a draft takes new lines"),
        Problem.BAD_STATE: N_("quotation {number} is {state}; it cannot be marked {wanted}"),
        Problem.EXPIRED: N_("quotation {number} expired after {valid_until}: extend its validity first"),
        Problem.ORDERED: N_("quotation {number} was turned into an order already (draft {draft_id})"),
        Problem.UNSUPPORTED: N_("this platform ({platform}) keeps no quotations: they stay in b2bterm"),
    }
    values = {k: quotation_state(x) if k in ("state", "wanted") else getattr(x, "value", x) for k, x in v.items()}
    values["choices"] = "; ".join(v.get("candidates", []))
    return _(texts[problem.code]).format(**values)


def item_error_text(exc: Any) -> str:
    texts = {"no_code": N_("{item!r}: no SKU or model number before the quantity"),
             "not_whole": N_("{item!r}: {qty!r} is not a whole quantity"),
             "out_of_range": N_("{item!r}: the quantity must be from 1 to 1,000,000")}
    return _(texts[exc.kind]).format(item=exc.item, qty=exc.qty)


def parse_number(text: str) -> int:
    m = _NUMBER.match(text.strip())
    if not m:
        raise CliError(_("{text!r} is not a quotation number (like Q261124-0012, or its id 12)").format(text=text))
    return int(m.group(1))


def quotation_json(q: Any, state: Any, *, lines: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": q.id, "number": q.number, "account_id": q.account_id, "account_code": q.account_code,
        "account_name": q.account_name, "state": state.value, "valid_until": q.valid_until.isoformat(),
        "created_at": q.created_at.isoformat(), "currency": q.currency, "lines": q.lines_total,
        "delivery_terms": q.delivery_terms, "payment_terms": q.payment_terms, "notes": q.notes,
        "order_draft_id": q.order_draft_id,
        "platform": {"push": q.push_state.value or "local", "remote_id": q.remote_id, "attempts": q.push_attempts,
                     "error": q.push_error, "next_attempt_at": q.push_next_at.isoformat() if q.push_next_at else None},
    }
    if lines:
        out.update({
            "subtotal": str(q.subtotal.amount), "tax": str(q.tax.amount),
            "total_incl_tax": str(q.total_incl_tax.amount),
            "items": [{"sku": x.sku, "model": x.model, "brand": x.brand, "name": x.name, "qty": x.qty,
                       "list_price": str(x.list_price.amount), "net_price": str(x.net_price.amount),
                       "net_price_incl_tax": str(x.net_incl_tax.amount), "discount": str(x.discount),
                       "tax_rate": str(x.tax_rate), "amount": str(x.amount_net.amount),
                       "amount_incl_tax": str(x.amount_incl_tax.amount), "price_source": x.source.label(),
                       "quoted_at": x.quoted_at.isoformat() if x.quoted_at else None} for x in q.lines],
        })
    return out


def _print_quotation(q: Any, state: Any) -> None:
    from b2bterm.cli.wording import price_source_text

    print(_("{number}  {account} {name}  {state}  valid until {until}").format(
        number=q.number, account=q.account_code or q.account_id, name=q.account_name, state=quotation_state(state),
        until=q.valid_until.isoformat()))
    for i, x in enumerate(q.lines, start=1):
        print(f"{i:>3}  {cells(x.model, 24, cut=True)} {x.qty:>7,}  {x.net_price.format():>12}  "
              f"{x.net_incl_tax.format():>12} 含税"
              f"  {x.amount_incl_tax.format():>14}  {price_source_text(x.source)}")
    print("     " + _("subtotal {subtotal}  tax {tax}  total {total} 含税").format(
        subtotal=q.subtotal.format(), tax=q.tax.format(), total=q.total_incl_tax.format()))
    for label, text in ((_("delivery"), q.delivery_terms), (_("payment"), q.payment_terms), (_("notes"), q.notes)):
        if text:
            print("     " + _("{label}: {text}").format(label=label, text=text))


# --- commands ------------------------------------------------------------------------------------------------------


def quotation_state(state: Any) -> str:
    from b2bterm.cli.wording import quotation_state as worded

    return worded(state)


def platform_error_text(exc: Any, *, hint: bool = True) -> str:
    from b2bterm.ui.outcome_text import platform_error_text as worded

    return worded(exc, hint=hint)


def _run(args: argparse.Namespace, work: Any) -> Any:
    """Open the desk, run ``work(desk)`` (a coroutine function), close it; quotation problems become CliErrors."""
    import asyncio

    from b2bterm.services.quotations import QuotationProblem

    async def run() -> Any:
        desk = open_cli_desk(args)
        try:
            return await work(desk)
        finally:
            await desk.aclose()

    try:
        return asyncio.run(run())
    except QuotationProblem as exc:
        raise CliError(problem_text(exc)) from None


def cmd_new(args: argparse.Namespace) -> int:
    import asyncio

    from b2bterm.domain.quotation import MAX_VALID_DAYS, ItemError, default_valid_until, parse_item

    items: list[tuple[str, int]] = []
    for text in args.items:
        try:
            items.append(parse_item(text))
        except ItemError as exc:
            raise CliError(item_error_text(exc)) from None
    if args.valid_days is not None and not 0 <= args.valid_days <= MAX_VALID_DAYS:
        raise CliError(_("--valid-days must be from 0 to {max}").format(max=MAX_VALID_DAYS))

    async def work(desk: Any) -> tuple[Any, Any, bool]:
        if await asyncio.to_thread(desk.catalog_count) == 0:
            await desk.sync_catalog()
        await use_account(desk, args.account)
        service = desk.quotations
        q, live = await service.new(desk.account, items)
        changes: dict[str, Any] = {}
        if args.valid_days is not None:
            changes["valid_until"] = default_valid_until(service.today(), args.valid_days)
        for key, value in (("delivery_terms", args.delivery), ("payment_terms", args.payment),
                           ("notes", args.notes)):
            if value is not None:
                changes[key] = value
        if changes:
            q = await asyncio.to_thread(service.local_update, q.id, **changes)
        return q, service.state_of(q), live

    q, state, live = _run(args, work)
    if not live:
        print("b2bterm: " + _("the platform is out of reach: prices are the cached ones"), file=sys.stderr)
    if args.json:
        print_json(quotation_json(q, state))
    else:
        _print_quotation(q, state)
        print(_("Quotation {number} saved (id {id}). Export it: {command}").format(
            number=q.number, id=q.id, command=f"b2bterm quotation export {q.number}"), file=sys.stderr)
    return 0


def _local(args: argparse.Namespace, work: Any) -> Any:
    import asyncio

    async def run(desk: Any) -> Any:
        return await asyncio.to_thread(work, desk.quotations)

    return _run(args, run)


def cmd_list(args: argparse.Namespace) -> int:
    def work(service: Any) -> list[tuple[Any, Any]]:
        rows = service.local_list()
        if args.account:
            wanted = args.account.strip().lower()
            rows = [q for q in rows if wanted in (q.account_id.lower(), q.account_code.lower())]
        return [(q, service.state_of(q)) for q in rows]

    rows = _local(args, work)
    if args.json:
        print_json([quotation_json(q, state, lines=False) for q, state in rows])
        return 0
    if not rows:
        print(_("No quotations for {account}.").format(account=args.account) if args.account
              else _("No quotations."), file=sys.stderr)
        return 0
    for q, state in rows:
        name = cells(q.account_name, 28, cut=True)
        print(f"{q.number:<14} {q.account_code or q.account_id:<10} {name} {cells(quotation_state(state), 9)} "
              + _("valid until {date}").format(date=q.valid_until.isoformat())
              + f"  {cells(ngettext('{n} line', '{n} lines', q.lines_total).format(n=q.lines_total), 9, '>')}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    number = parse_number(args.number)
    q, state = _local(args, lambda s: (lambda q: (q, s.state_of(q)))(s.local_get(number)))
    if args.json:
        print_json(quotation_json(q, state))
    else:
        _print_quotation(q, state)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from b2bterm.export.files import ExportError

    number = parse_number(args.number)

    def work(service: Any) -> list[Path]:
        q = service.local_get(number)
        xlsx = Path(args.xlsx) if args.xlsx else None
        pdf = Path(args.pdf) if args.pdf else None
        if xlsx is None and pdf is None:
            xlsx, pdf = service.default_path(q, "xlsx"), service.default_path(q, "pdf")
        try:
            return service.local_export(q.id, xlsx=xlsx, pdf=pdf)
        except ExportError as exc:
            raise CliError(str(exc)) from None

    written = _local(args, work)
    if args.json:
        print_json({"written": [str(p) for p in written]})
    else:
        for path in written:
            print(_("wrote {path}").format(path=path))
    return 0


def cmd_order(args: argparse.Namespace) -> int:
    number = parse_number(args.number)

    async def work(desk: Any) -> Any:
        return await desk.quotations.to_order(number)

    result = _run(args, work)
    q = result.quotation
    if args.json:
        print_json({"quotation": q.number, "draft_id": result.draft_id, "expired": result.expired,
                    "live_prices": result.live_prices, "changed": result.changed,
                    "lines": [{"sku": x.sku, "model": x.model, "qty": x.qty, "quoted": str(x.was.amount),
                               "now": str(x.now.amount) if x.now else None, "changed": x.changed}
                              for x in result.lines]})
        return 0
    if result.expired:
        print(ngettext("Quotation {number} expired after {date}: draft {draft} is priced today; {changed} of {n} "
                       "line changed price.", "Quotation {number} expired after {date}: draft {draft} is priced "
                       "today; {changed} of {n} lines changed price.", len(result.lines)).format(
            number=q.number, date=q.valid_until.isoformat(), draft=result.draft_id, changed=result.changed,
            n=len(result.lines)))
        for x in result.lines:
            if x.changed or x.now is None:
                now = x.now.format() if x.now else _("no price")
                print("  " + _("{item}: quoted {was}, now {now}").format(item=x.model or x.sku, was=x.was.format(),
                                                                         now=now))
    else:
        print(ngettext("Draft {draft} for {account}: {n} line at the prices quoted on {number}. Open it in b2bterm "
                       "(Drafts, F6) to send it.", "Draft {draft} for {account}: {n} lines at the prices quoted on "
                       "{number}. Open it in b2bterm (Drafts, F6) to send it.", q.lines_total).format(
            draft=result.draft_id, account=q.account_code or q.account_id, n=q.lines_total, number=q.number))
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from b2bterm.domain.quotation import QuotationState

    number = parse_number(args.number)
    wanted = QuotationState(args.state)
    q, state = _local(args, lambda s: (lambda q: (q, s.state_of(q)))(s.local_set_state(number, wanted)))
    if args.json:
        print_json(quotation_json(q, state, lines=False))
    else:
        print(_("Quotation {number} is {state}.").format(number=q.number, state=quotation_state(state)))
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    number = parse_number(args.number)

    async def work(desk: Any) -> tuple[Any, Any]:
        from b2bterm.platform.base import Offline

        try:
            q = await desk.quotations.push(number)
        except Offline as exc:
            raise CliError(_("{error} The quotation waits: `b2bterm quotation sync` (or the TUI) pushes it when "
                             "the platform is back.").format(error=platform_error_text(exc, hint=False))) from None
        return q, desk.quotations.state_of(q)

    q, state = _run(args, work)
    if args.json:
        print_json({**quotation_json(q, state, lines=False), "remote_id": q.remote_id})
    else:
        print(_("Quotation {number} is on the platform as {remote} ({state}).").format(
            number=q.number, remote=q.remote_id, state=quotation_state(state)))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    async def work(desk: Any) -> list[tuple[Any, Any]]:
        if not desk.quotations.platform_keeps_quotations():
            from b2bterm.services.quotations import Problem, QuotationProblem

            raise QuotationProblem(Problem.UNSUPPORTED, platform=desk.platform.name)
        run = await desk.quotations.push_due(force=True)
        changed = await desk.quotations.refresh_states(args.account)
        return run, [(q, desk.quotations.state_of(q)) for q in changed]

    run, changed = _run(args, work)
    if args.json:
        print_json({"pushed": [quotation_json(r.quotation, r.quotation.state, lines=False) for r in run.results],
                    "waiting": run.waiting,
                    "changed": [quotation_json(q, state, lines=False) for q, state in changed]})
        return 0
    for r in run.results:
        q = r.quotation
        where = _("on the platform as {remote}").format(remote=q.remote_id) if r.error is None \
            else _("not pushed: {error}").format(error=platform_error_text(r.error, hint=False))
        print(_("{label}: {text}").format(label=q.number, text=where))
    if run.waiting:
        print(ngettext("{n} quotation still waiting to be pushed (the platform is out of reach).",
                       "{n} quotations still waiting to be pushed (the platform is out of reach).",
                       run.waiting).format(n=run.waiting))
    if not changed:
        print(_("No pushed quotation changed state on the platform."))
    else:
        for q, state in changed:
            print(_("{number}: now {state} on the platform").format(number=q.number, state=quotation_state(state)))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from datetime import date

    number = parse_number(args.number)
    changes: dict[str, Any] = {}
    if args.valid_until is not None:
        try:
            changes["valid_until"] = date.fromisoformat(args.valid_until)
        except ValueError:
            raise CliError(_("--valid-until {value!r} is not a date (YYYY-MM-DD)").format(
                value=args.valid_until)) from None
    for key, value in (("delivery_terms", args.delivery), ("payment_terms", args.payment), ("notes", args.notes)):
        if value is not None:
            changes[key] = value
    if not changes:
        raise CliError(_("nothing to change: give --valid-until, --delivery, --payment or --notes"))
    q, state = _local(args, lambda s: (lambda q: (q, s.state_of(q)))(s.local_update(number, **changes)))
    if args.json:
        print_json(quotation_json(q, state, lines=False))
    else:
        print(_("Quotation {number}: {state}, valid until {date}.").format(
            number=q.number, state=quotation_state(state), date=q.valid_until.isoformat()))
    return 0
