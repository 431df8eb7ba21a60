"""What the quick-order screen draws from the pad: the cells of a line, the totals line, the words it says."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from rich.text import Text

from b2bterm.domain.models import LineStatus
from b2bterm.quickorder.pad import AddResult, OrderPad, PadRow, ProblemKind, Totals
from b2bterm.ui.format import money_text, stock_label
from b2bterm.ui.i18n import _, ngettext
from b2bterm.ui.problem_text import price_note_text, problem_text
from b2bterm.ui.tones import tone
from b2bterm.ui.wording import word

TEXT = {
    "placeholder": _("Model no. and qty (LC1D09M7 5), scan, or paste a whole list · Enter adds"),
    "empty": _("No lines yet. Type or scan a model number, or paste a list from WeChat, e-mail or Excel."),
    "no_account": _("Choose a customer account (F7) to start an order."),
    "added": _("{added} added, {pick} need a pick, {unknown} unknown, {aside} lines set aside"),
    "merged": _(" ({merged} merged into lines already on the pad)"),
    "saved": _("saved"),
    "saving": _("saving…"),
    "pricing": _("fetching prices and stock…"),
    "priced": _("prices and stock up to date"),
    "price_failed": _("prices not refreshed: {err}"),
    "nothing": _("The pad is empty: add lines first."),
    "not_ready": _("Not sent — fix these lines first: {lines}"),
    "placed": _("ORDER PLACED: {number}"),
    "queued": _("NOT SENT YET — {why}"),
    "queued_offline": _("QUEUED — you are working offline. The order waits in the outbox and is sent when you go "
                        "back online (W in Drafts, F6)."),
    "rejected": _("The platform refused the order: {msg} The pad stays open; fix it and send again."),
    "ignored_title": _("Lines set aside (not order lines) — Ctrl+G hides this list"),
    "no_candidates": _("None of this line's products are in the catalog any more: search for it (F2) or delete it."),
}

_PROBLEM_STYLE = MappingProxyType({
    ProblemKind.UNKNOWN: "bold red",
    ProblemKind.AMBIGUOUS: "bold yellow",
    ProblemKind.QTY_ERROR: "bold red",
    ProblemKind.QTY_UNREADABLE: "bold red",
    ProblemKind.PACK_SIZE_UNKNOWN: "bold red",
    ProblemKind.UNIT_MISMATCH: "bold red",
    ProblemKind.DISCONTINUED: "red",
    ProblemKind.OUT_OF_STOCK: "red",
    ProblemKind.SHORT: "yellow",
    ProblemKind.BELOW_MOQ: "yellow",
    ProblemKind.NOT_PACK_MULTIPLE: "yellow",
})



PROBLEMS_COLUMN = 10  # the Problems column of the lines list (pad_row_cells)


def pad_row_cells(row: PadRow, number: int) -> list[Text]:
    """The cells of one line in the table; product text is plain ``Text`` (never markup)."""
    flag = ""
    if row.status is LineStatus.UNKNOWN:
        flag = tone("bold red")
    elif row.status is LineStatus.AMBIGUOUS:
        flag = tone("bold yellow")
    model = Text(row.model, style="bold") if row.model else Text(
        _("? pick one of {n}").format(n=len(row.candidates)) if row.status is LineStatus.AMBIGUOUS
        else _("✗ unknown"), style=flag)
    name = Text(row.name_zh or row.name)
    qty = Text(f"{row.qty:,}" if row.qty >= 1 else "?", justify="right",
               style=tone("bold red") if row.qty < 1 else "")
    price = Text(money_text(row.unit_price), justify="right")
    if row.price_stale:
        price = Text("~" + money_text(row.unit_price), justify="right", style="dim")
    color, stock_word = stock_label(row.stock) if row.status is LineStatus.RESOLVED else ("dim", "")
    problems = Text()
    for i, problem in enumerate(row.problems):
        if i:
            problems.append("; ")
        style = "italic" if problem.notice else tone(_PROBLEM_STYLE.get(problem.kind, ""))
        problems.append(problem_text(problem), style=style)
    for note in row.price_notes:
        if problems:
            problems.append("; ")
        problems.append(price_note_text(note), style=tone("yellow"))
    return [
        Text(str(number), style=flag or "dim"),
        Text(row.input, style=flag),
        model,
        Text(row.brand),
        name,
        qty,
        Text(word(row.unit)),
        price,
        Text(money_text(row.extended), justify="right"),
        Text(stock_word, style=color),
        problems,
    ]


def changes_note(pad: OrderPad, result: AddResult) -> str:
    """"; quantities changed: LC1D09M7 5 → 10, …" for the lines an add merged into, "" when none."""
    changes = pad.qty_changes(result)
    if not changes:
        return ""
    shown = ", ".join(f"{name} {old:,} → {new:,}" for name, old, new in changes[:5])
    more = _(" and {n} more").format(n=len(changes) - 5) if len(changes) > 5 else ""
    return _("; quantities changed: {changes}").format(changes=shown + more)


def last_changed(result: AddResult) -> int | None:
    changed = [*result.added, *result.merged]
    return changed[-1].id if changed else None


def totals_text(count: int, attention: int, totals: Totals) -> Text:
    """The totals line: net, tax, incl. tax, the lines' count (``count``), and how many need attention."""
    text = Text()
    text.append(_("Net "), style="dim")
    text.append(totals.net.format(), style="bold")
    text.append(_("  ·  Tax "), style="dim")
    text.append(totals.tax.format())
    text.append(_("  ·  含税 incl. tax "), style="dim")
    text.append(totals.gross.format(), style="bold")
    text.append(ngettext("  ·  {n} line, {p} priced", "  ·  {n} lines, {p} priced",
                         count).format(n=count, p=totals.priced_lines), style="dim")
    if attention:
        text.append(_(", {n} need attention").format(n=attention), style=tone("bold yellow"))
    return text


def added_text(pad: OrderPad | None, result: AddResult, note: str) -> Text:
    """What an add did: "3 added, 1 need a pick, 0 unknown, 2 lines set aside (1 merged …) · saved"."""
    text = Text(TEXT["added"].format(added=result.count(LineStatus.RESOLVED), pick=result.count(LineStatus.AMBIGUOUS),
                                     unknown=result.count(LineStatus.UNKNOWN), aside=len(result.ignored)))
    if result.merged:
        text.append(TEXT["merged"].format(merged=len(result.merged)))
        if pad is not None:
            text.append(changes_note(pad, result))
    text.append(" · " + note, style=tone("green"))
    return text


def not_ready_text(rows: Sequence[PadRow], numbers: list[int]) -> str:
    """"Not sent — fix these lines first: #2 (…), #5 (…)" for the lines (numbers from 1) that stop a send."""
    def first(row: PadRow) -> str:
        return next((problem_text(p) for p in row.problems if not p.notice), "")

    listed = ", ".join(f"#{n} ({first(rows[n - 1])})" for n in numbers[:5])
    more = _(" and {n} more").format(n=len(numbers) - 5) if len(numbers) > 5 else ""
    return TEXT["not_ready"].format(lines=listed + more)
