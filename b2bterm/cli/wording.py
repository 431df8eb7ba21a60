"""The command line's words for typed values the services return: a quantity's issue, how a pasted line was matched,
a price's source, a quotation's state, how much of an order shipped. Plain data (model numbers, names, the
platform's own messages) is shown as it came.
"""

from __future__ import annotations

from typing import Any

from b2bterm.domain.quantity import MAX_QTY, QtyIssue
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.wording import source_text, word

_QTY_ISSUE = {
    QtyIssue.NOT_UNDERSTOOD: N_("quantity not understood: '{text}'"),
    QtyIssue.NOT_WHOLE: N_("quantity '{text}' is not a whole number"),
    QtyIssue.NOT_POSITIVE: N_("quantity '{text}' must be at least 1"),
    QtyIssue.TOO_LARGE: N_("quantity '{text}' is too large (more than {max:,})"),
    QtyIssue.EMPTY: N_("quantity is empty"),
    QtyIssue.AMBIGUOUS_SEPARATOR: N_("quantity '{text}' is ambiguous (thousands separator or decimal?)"),
    QtyIssue.PACK_SIZE_UNKNOWN: N_("quantity '{text}': pack size unknown — enter the quantity in pieces"),
    QtyIssue.UNIT_MISMATCH: N_("quantity '{text}': written in {unit}, not the product's unit"),
    QtyIssue.MISSING: N_("no quantity for this item (the line lists several items)"),
}

_HOW = {
    "customer_part": N_("matched by the customer's part number"), "cross_ref": N_("matched by a cross-reference"),
    "ean": N_("matched by EAN barcode"), "model": N_("matched by model number"),
    "loose": N_("matched by model number (O/0, I/1 read alike)"), "prefix": N_("matched by the start of the model"),
    "fuzzy": N_("matched by a similar model number"), "described": N_("matched by the description"),
    "reordered": N_("matched by model number (its parts written in another order)"),
    "started": N_("matched by the start of the model and the values written with it"),
}
_SOURCE = {"contract": N_("contract"), "group": N_("group price"), "promotion": N_("promotion"),
           "list": N_("list price")}
_QUOTATION_STATE = {"draft": N_("draft"), "sent": N_("sent"), "accepted": N_("accepted"),
                    "expired": N_("expired"), "ordered": N_("ordered")}


def qty_issue_text(issue: QtyIssue, text: str, unit: str = "") -> str:
    return _(_QTY_ISSUE[issue]).format(text=text, unit=word(unit) if unit else _("another unit"), max=MAX_QTY)


def qty_problem_text(kind: str, values: dict[str, str]) -> str:
    """A pad line's quantity problem (``quickorder.problems``: qty_unreadable, pack_size_unknown, unit_mismatch)."""
    issue = {"pack_size_unknown": QtyIssue.PACK_SIZE_UNKNOWN, "unit_mismatch": QtyIssue.UNIT_MISMATCH}.get(kind)
    if issue is None:
        issue = next((i for i in QtyIssue if i.value == values.get("issue")), QtyIssue.NOT_UNDERSTOOD)
    return qty_issue_text(issue, values.get("text", ""), values.get("unit", ""))


def status_word(status: Any) -> str:
    """A pasted line's state: resolved, ambiguous, unknown."""
    return word(str(getattr(status, "value", status)))


def line_note(r: Any) -> str:
    """What ``order parse`` says about a resolved line: its quantity's issue, how it was matched, why it needs a
    pick, or that nothing matched (from the line's typed fields, never from its stored English message)."""
    notes: list[str] = []
    written = r.written
    settled = r.settled
    issue = settled.issue if settled is not None else (written.issue if written is not None else None)
    if issue is None and r.qty_error:
        issue = QtyIssue.NOT_UNDERSTOOD
    if issue is not None:
        notes.append(qty_issue_text(issue, written.text if written is not None else r.input,
                                    written.unit if written is not None else ""))
    if r.qty_assumed and len(r.inputs) == 1:
        notes.append(_("no quantity written: 1 assumed"))
    how = getattr(r.how, "value", "")
    status = r.status.value
    if status == "resolved" and how in _HOW:
        notes.append(_(_HOW[how]))
    elif status == "ambiguous":
        notes.append(ngettext("{n} possible product — pick it", "{n} possible products — pick one",
                              len(r.candidates)).format(n=len(r.candidates)))
    elif status == "unknown":
        notes.append(_("no product matches “{code}”").format(code=r.code))
    if len(r.inputs) > 1:
        notes.append(ngettext("merged {n} line", "merged {n} lines", len(r.inputs)).format(n=len(r.inputs)))
    return " · ".join(notes)


def price_source_text(source: Any) -> str:
    """``contract · K-2026-001 · valid to 2026-12-31``, in the user's language."""
    kind = source.kind.value
    return source_text(source, _(_SOURCE[kind]) if kind in _SOURCE else kind)


def quotation_state(state: Any) -> str:
    value = getattr(state, "value", state)
    return _(_QUOTATION_STATE[value]) if value in _QUOTATION_STATE else str(value)


def shipped_text(lines: int, shipped_lines: int, backordered: bool, cancelled: bool) -> str:
    """How much of an order shipped: "all shipped", "3/5 shipped", "backordered", "not shipped"."""
    if backordered:
        if not shipped_lines:
            return _("backordered")
        return _("{shipped}/{lines} shipped · backordered").format(shipped=shipped_lines, lines=lines)
    if lines and shipped_lines >= lines:
        return _("all shipped")
    if shipped_lines:
        return _("{shipped}/{lines} shipped").format(shipped=shipped_lines, lines=lines)
    return _("cancelled") if cancelled else _("not shipped")


def lines_count(n: int) -> str:
    return ngettext("{n} line", "{n} lines", n).format(n=n)


_STORE = {
    "folder_is_file": N_("the data folder for {path} is a file, not a folder: move that file away, or set "
                         "B2BTERM_DATA_DIR to another folder."),
    "read_only": N_("cannot write {path} (the folder or the file is read-only): make it writable for this user, or "
                    "set B2BTERM_DATA_DIR to a folder you can write."),
    "disk_full": N_("the disk holding {path} is full: free some space and try again. Nothing was lost."),
    "locked": N_("{path} is locked by another program (another b2bterm, a backup, a database browser): close it "
                 "and try again."),
    "damaged": N_("{path} is damaged. Save the drafts and the outbox first: b2bterm local export drafts.json; then "
                  "b2bterm local reset (the damaged file is kept beside the new one; nothing is deleted)."),
    "cannot_open": N_("cannot open {path}: check that its folder exists and is writable, or set B2BTERM_DATA_DIR to "
                      "another folder."),
    "failed": N_("the local database {path} failed ({detail}). Nothing was lost; try again, and tell support if it "
                 "stays."),
}


def store_problem_text(problem: Any, path: Any, detail: str = "") -> str:
    """What is wrong with the local database and what to do (``local.health.StoreProblem``)."""
    if str(problem) == "newer":
        schema, _sep, known = detail.partition("/")
        return _("the local database {path} was written by a newer b2bterm (schema {schema}, this one knows "
                 "{known}). Upgrade b2bterm, or move the file away to start a fresh local cache.").format(
            path=path, schema=schema, known=known)
    return _(_STORE[str(problem)]).format(path=path, detail=detail)
