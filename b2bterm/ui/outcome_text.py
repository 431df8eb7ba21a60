"""The words for the services' typed outcomes (sending, the outbox, the order filter), for the TUI and the CLI alike.

Services return codes and values (``services.submit.SendResult``, ``services.outbox.StopReason``, ``OutboxBusy``,
``domain.readiness.NotReady``, ``domain.order_filter.FilterProblem``); this module words them through gettext, so
the Chinese UI says them in Chinese. The platform's own words (a refusal's reason) are shown as they are.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from b2bterm import zone
from b2bterm.domain.draft_note import StopKind, read_stop_note
from b2bterm.domain.models import DraftState, OrderStatus
from b2bterm.domain.order_filter import FilterProblem, FilterProblemKind
from b2bterm.domain.readiness import NotReady, NotReadyKind
from b2bterm.quickorder.pad import DraftLocked, PadError
from b2bterm.services.gateway import ErrorCode, PlatformError
from b2bterm.services.lease import Holder, LeaseHeld
from b2bterm.services.orders import ChangeKind, OrderChange, status_text
from b2bterm.services.outbox import BusyKind, OutboxBusy, RunReport, StopReason
from b2bterm.services.quote import Answer, Why
from b2bterm.services.revalidate import Difference, UnknownWhy
from b2bterm.services.submit import Outcome, Reason, SendResult
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.wording import word

if TYPE_CHECKING:
    from b2bterm.services.price_book import BookOutcome

# The outbox report's counts by these names (``b2bterm outbox send --json``, ``b2bterm sync --json``).
REPORT_KEYS: dict[Outcome, str] = {
    Outcome.SENT: "sent", Outcome.QUEUED: "retry", Outcome.NEEDS_ATTENTION: "needs_attention",
    Outcome.REJECTED: "rejected", Outcome.SKIPPED: "skipped",
}


def report_counts(report: RunReport) -> dict[str, int]:
    return {key: report.count(outcome) for outcome, key in REPORT_KEYS.items()}


def state_word(state: DraftState) -> str:
    words = {
        DraftState.OPEN: _("open"), DraftState.QUEUED: _("queued"), DraftState.SENDING: _("sending"),
        DraftState.SENT: _("sent"), DraftState.NEEDS_ATTENTION: _("needs attention"),
        DraftState.REJECTED: _("rejected"),
    }
    return words.get(state, state.value)


def not_ready_text(problems: Sequence[NotReady], limit: int = 5) -> str:
    """``#2 (relay 24v: ambiguous), #5 (LC1D09: no quantity)`` and how many more."""
    parts: list[str] = []
    for p in problems[:limit]:
        if p.kind is NotReadyKind.EMPTY:
            parts.append(_("the pad is empty"))
        elif p.kind is NotReadyKind.NO_QTY:
            parts.append(_("#{n} ({input}: no quantity)").format(n=p.position + 1, input=p.input))
        else:
            status = word(p.status.value) if p.status is not None else ""
            parts.append(_("#{n} ({input}: {status})").format(n=p.position + 1, input=p.input, status=status))
    text = _(", ").join(parts)
    if len(problems) > limit:
        text += _(" and {n} more").format(n=len(problems) - limit)
    return text


def send_text(result: SendResult) -> str:
    """What became of one send (F9, ``b2bterm order send``, one row of an outbox run)."""
    reason, err = result.reason, result.message
    when = zone.show(result.next_attempt_at, "%H:%M", zone=True) if result.next_attempt_at else ""
    if result.outcome is Outcome.SENT:
        if reason is Reason.PLACED_EARLIER:
            return _("Order {number} had been placed already.").format(number=result.order_number)
        return _("Order {number} placed.").format(number=result.order_number)
    if result.outcome is Outcome.QUEUED:
        if reason is Reason.WORKING_OFFLINE:
            return _("Working offline: the order is kept in the outbox and sent when you switch back online.")
        if reason is Reason.UNREACHABLE:
            return _("The platform could not be reached ({err}). The order is kept and queued; it is sent with the "
                     "same key when the platform is back, so it cannot be placed twice. Next try at {when}."
                     ).format(err=err, when=when)
        return _("{err} The order is kept and queued; it is sent again with the same key at {when}, so it cannot "
                 "be placed twice.").format(err=err, when=when)
    if reason is Reason.REFUSED:
        return err
    if result.outcome is Outcome.NOT_READY or reason is Reason.NOT_READY:
        return _("Not sent — fix these lines first: {lines}").format(lines=not_ready_text(result.not_ready))
    if reason is Reason.CHANGED:
        return ngettext("Stopped before sending: {n} line changed since drafting (price, item or stock). Review it "
                        "in Drafts (F6).", "Stopped before sending: {n} lines changed since drafting (price, item or "
                        "stock). Review it in Drafts (F6).", len(result.checks)).format(n=len(result.checks))
    if reason is Reason.BUSY:
        text = _("This order is being sent right now; its state shows in Drafts (F6) in a moment.")
        if result.held is not None:  # who holds it, for how long
            return _("{text} ({who})").format(text=text, who=held_text(result.held))
        return f"{text} ({result.message})" if result.message else text
    if reason is Reason.GONE:
        return _("The draft is gone.")
    if reason is Reason.NOT_WAITING and result.state is not None:
        return _("The draft is {state}: nothing to send.").format(state=state_word(result.state))
    return result.outcome.value


_EDITS = {
    "replace the pad": N_("replace the pad"), "change quantity": N_("change quantity"), "edit line": N_("edit line"),
    "delete line": N_("delete line"), "pick product": N_("pick product"), "round up": N_("round up"),
}


def edit_text(label: str, count: int = 0) -> str:
    """An order pad edit (its undo step's code, ``quickorder.history.EDIT_LABELS``) in the user's language."""
    if label == "add lines":
        return ngettext("add {n} line", "add {n} lines", count).format(n=count)
    return _(_EDITS[label]) if label in _EDITS else label


def change_text(change: OrderChange) -> str:
    """A watched order's news: a new shipment, or its new status."""
    if change.kind == ChangeKind.SHIPMENT and change.shipment is not None:
        s = change.shipment
        return _("Order {number}: new shipment {carrier} {tracking}").format(
            number=change.number, carrier=s.carrier or _("unknown carrier"), tracking=s.tracking_number).strip()
    return _("Order {number} is now {new} (was {old}).").format(
        number=change.number, new=_(status_text(change.new_status)), old=_(status_text(change.old_status)))


_PAD_ERRORS = {
    "qty_range": N_("Enter a quantity from 1 to {max}."),
    "not_one_line": N_("“{text}” is not one order line ({why}): the line is unchanged."),
    "not_in_catalog": N_("{sku} is not in the catalog. Check the number or sync the catalog."),
    "not_on_pad": N_("Line {line} is not on this order pad any more."),
}


def edit_error_text(exc: BaseException) -> str:
    """Why the pad refused an edit, in the user's language (another error's own text as it is)."""
    if isinstance(exc, DraftLocked):
        state = state_word(exc.state) if exc.state is not None else ""
        return _("This order is {state} and can no longer be edited. Copy it to a new draft to change it.").format(
            state=state)
    if isinstance(exc, PadError) and exc.kind in _PAD_ERRORS:
        values = dict(exc.values)
        if "why" in values:
            values["why"] = word(values["why"])
        return _(_PAD_ERRORS[exc.kind]).format(**values)
    return str(exc) or exc.__class__.__name__


_ORDER_FILE = {
    "binary": N_("{path}: not a text file (a CSV, text or Excel .xlsx/.xls file is expected)"),
    "too_large": N_("{path}: the order list is larger than {limit} bytes; split it"),
    "empty": N_("{path}: the order list is empty"),
    "encoding": N_("{path}: not UTF-8 or GB18030 text"),
    "file_missing": N_("{path}: no such file"),
    "file_folder": N_("{path}: is a folder, not a file"),
    "file_unreadable": N_("{path}: cannot read it ({error})"),
    "file_not_regular": N_("{path}: not a regular file (a device, a pipe or a socket); give a file on disk"),
    "file_too_large": N_("{path}: the order list is larger than {limit} bytes; split it"),
    "workbook_too_large": N_("{path}: the order list is larger than {limit} bytes; split it"),
    "workbook_unreadable": N_("{path}: not a readable Excel workbook (damaged, or not an Excel file)"),
    "workbook_not_workbook": N_("{path}: not an Excel workbook (.xlsx or .xls)"),
    "workbook_no_sheets": N_("{path}: the workbook has no sheets"),
    "workbook_unpacks_too_large": N_("{path}: the workbook unpacks to more than {limit} bytes; save the order list "
                                     "alone"),
    "workbook_no_sheet": N_("{path}: no sheet {wanted!r} (sheets: {names})"),
}


def order_file_text(exc: Exception) -> str:
    """Why an order list file cannot be read (``quickorder.order_file.OrderFileError``), in the user's language."""
    from b2bterm.domain.safetext import safe_text

    template = _ORDER_FILE.get(getattr(exc, "kind", ""), "")
    try:
        text = _(template).format(**getattr(exc, "values", {})) if template else str(exc)
    except (KeyError, IndexError, ValueError):
        text = str(exc)
    return safe_text(text, one_line=True)


def held_text(held: LeaseHeld) -> str:
    """Who is sending an order (another b2bterm here or elsewhere), for how long, when it is taken over."""
    who = _who(held.holder)
    text = _("{who} is sending it").format(who=who)
    if held.held_seconds is not None:
        text = _("{who} is sending it for {seconds:.0f} s").format(who=who, seconds=held.held_seconds)
    if held.ends_in_seconds is not None:
        text += _("; if it stopped, the order is taken over in {seconds:.0f} s").format(seconds=held.ends_in_seconds)
    return text


def stop_text(reason: StopReason) -> str:
    if reason is StopReason.WORKING_OFFLINE:
        return _("working offline")
    return _("the platform cannot be reached")


def busy_text(exc: OutboxBusy) -> str:
    if exc.kind is BusyKind.BEING_SENT:
        return _("This order is being sent right now; try again in a moment.")
    if exc.kind is BusyKind.NO_LINES:
        return _("The order has no lines left; delete it instead.")
    if exc.kind is BusyKind.ALREADY_SENT:
        return _("This order was sent as {number}; it cannot be edited.").format(number=exc.order_number)
    state = state_word(exc.state) if exc.state is not None else ""
    return _("This order is {state}; nothing to send again.").format(state=state)


def answer_note(answer: Answer[object], *, stock: bool = False) -> str:
    """Why a price or stock answer is not live ("" when it is)."""
    if answer.why is None:
        return ""
    if answer.why is Why.NO_ACCOUNT:
        return _("list price (no account chosen)")
    if answer.why is Why.PRICE_BOOK:
        return _("from the price book")
    reason = _("working offline") if answer.why is Why.WORKING_OFFLINE else _("platform unreachable: {err}").format(
        err=answer.detail)
    if answer.value is None:
        if stock:
            return _("{reason}; no stock cached").format(reason=reason)
        return _("No price: {reason}, and none cached for this customer.").format(reason=reason)
    return reason


def filter_problem_text(problem: FilterProblem) -> str:
    if problem.kind is FilterProblemKind.STATUS:
        return _("status {value!r} is not one of: {names}").format(
            value=problem.value, names=", ".join(s.value for s in OrderStatus))
    return _("{key} {value!r} is not a date (use 2026-03-31, 2026-03 or 2026)").format(
        key=problem.key, value=problem.value)


_DIFFERENCE = {
    Difference.PRICE: N_("price changed"), Difference.NEW_PRICE: N_("new price"),
    Difference.DISCONTINUED: N_("no longer sold"), Difference.UNKNOWN: N_("unknown to the platform"),
    Difference.SHORT: N_("not enough in stock"), Difference.UNRESOLVED: N_("not resolved to an item"),
}


def unknown_text(why: UnknownWhy | None) -> str:
    if why is UnknownWhy.NO_QUOTE:
        return _("the platform quotes no price for it")
    if why is UnknownWhy.NOT_SOLD:
        return _("the platform no longer sells this item")
    return _("the platform does not know this item any more")


def last_error_text(text: str) -> str:
    """A draft's ``last_error``: b2bterm's own stop note worded, the platform's words as they are."""
    note = read_stop_note(text)
    if note is None:
        return text
    if note.kind is StopKind.WORKING_OFFLINE:
        return _("Working offline: kept in the outbox until you switch back online.")
    if note.kind is StopKind.NO_LINES:
        return _("The order has no lines.")
    if note.kind is StopKind.NOT_READY:
        return ngettext("{n} line needs fixing.", "{n} lines need fixing.", note.count).format(n=note.count)
    items = []
    for what, code in note.items:
        known = next((d for d in Difference if d.value == code), None)
        items.append(_("{what}: {difference}").format(what=what, difference=_(_DIFFERENCE[known]) if known else code))
    more = " …" if note.count > len(note.items) else ""
    return ngettext("{n} line changed since drafting: {lines}", "{n} lines changed since drafting: {lines}",
                    note.count).format(n=note.count, lines=_("; ").join(items) + more)


_PLATFORM_ERRORS = {
    ErrorCode.WORKING_OFFLINE: N_("Working offline."),
    ErrorCode.TIMEOUT: N_("The platform did not answer within {seconds} s."),
    ErrorCode.DEMO_OFFLINE: N_("The demo platform is offline (switched off for this demo or test)."),
    ErrorCode.DEMO_CLOSED: N_("The demo platform connection is closed."),
    ErrorCode.NO_ACCOUNT: N_("No customer account {account!r}."),
    ErrorCode.NO_ORDER: N_("No order {number!r}."),
    ErrorCode.NO_PRODUCT: N_("No product {sku!r}."),
    ErrorCode.NO_QUOTATION: N_("No quotation {id!r}."),
    ErrorCode.UNSUPPORTED: N_("This platform ({platform}) does not offer {what}."),
    ErrorCode.NO_PASSWORD_LOGIN: N_("The {platform} platform has no login by username and password."),
    ErrorCode.CURRENCY: N_("The platform priced {sku} in {currency} for an account that pays in {expected}; the "
                           "price is not used."),
    ErrorCode.BAD_PRICE_RULES: N_("The platform sent price rules that b2bterm cannot read; the price book is kept "
                                  "as it was."),
}
_CAPABILITIES = {"order_list": N_("an order list"), "order_details": N_("order details")}


def book_error_text(book: BookOutcome) -> str:
    """Why a price-book sync failed, in the user's language (the platform's own words when b2bterm has none); or
    that another b2bterm kept writing the book (``BookSync.BUSY``)."""
    if book.status.value == "busy":
        return _("{who} has been writing it for minutes; it is left to that one").format(
            who=_who(Holder.parse(book.holder)))
    return platform_error_text(book.error) if book.error is not None else book.detail


def book_wait_text(holder: str) -> str:
    """A sync waiting for another b2bterm writing the price book (``b2bterm sync`` says it while it waits)."""
    return _("Waiting for {who} to finish writing the price book…").format(who=_who(Holder.parse(holder)))


def _who(holder: Holder) -> str:
    """Another b2bterm (holding a draft's send lease, writing the price book), as it said who it is."""
    if holder.pid is None:
        return _("another b2bterm")
    if holder.here and holder.pid == os.getpid():  # (an earlier sync of this one, still ending)
        return _("an earlier sync of this b2bterm")
    if holder.here:
        return _("another b2bterm on this machine (process {pid})").format(pid=holder.pid)
    return _("a b2bterm on {host} (process {pid})").format(host=holder.host or _("another machine"), pid=holder.pid)


def platform_error_text(exc: PlatformError, *, hint: bool = True) -> str:
    """A platform error as the user reads it: what b2bterm knows happened (its code) in the user's language, else
    the platform's own words; then the hint (b2bterm's hints translated, a platform's own as it sent it)."""
    template = _PLATFORM_ERRORS.get(exc.code, "")
    message = exc.message
    if template:
        values = dict(exc.values)
        if "what" in values:
            values["what"] = _(_CAPABILITIES[values["what"]]) if values["what"] in _CAPABILITIES else values["what"]
        try:
            message = _(template).format(**values)
        except (KeyError, IndexError, ValueError):
            message = exc.message
    if not hint or not exc.hint:
        return message
    return _("{message} {hint}").format(message=message, hint=_(exc.hint))
