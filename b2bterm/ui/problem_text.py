"""The words for an order line's problems and notices (typed codes with values from the pad), through gettext."""

from __future__ import annotations

from b2bterm.quickorder.problems import Problem, ProblemKind
from b2bterm.ui.i18n import N_, _
from b2bterm.ui.wording import sentence

_UNREADABLE = {
    "not_understood": N_("quantity not understood: “{text}” — enter it with F8"),
    "not_whole": N_("quantity “{text}” is not a whole number — enter it with F8"),
    "not_positive": N_("quantity “{text}” must be at least 1 — enter it with F8"),
    "too_large": N_("quantity “{text}” is too large — check it and enter it with F8"),
    "empty": N_("the quantity is empty — enter it with F8"),
    "ambiguous_separator": N_("quantity “{text}”: thousands or a decimal? — enter it with F8"),
}
_CHOSEN = {
    "history": N_("chosen for this account: ordered {count} times, last on {last}"),
    "contract": N_("chosen for this account: its contract price {reference}"),
    "brand": N_("chosen for this account: the brand it buys ({brand}, {lines} order lines)"),
}
_WORDS = {
    ProblemKind.PACK_SIZE_UNKNOWN: N_("“{text}”: the pack size is unknown — enter the quantity in pieces with F8"),
    ProblemKind.UNIT_MISMATCH: N_("“{text}”: this product is sold per {sold} — enter the quantity with F8"),
    ProblemKind.QTY_ASSUMED: N_("no quantity written: 1 assumed"),
    ProblemKind.PACK_CONVERTED: N_("{packs} {unit} = {packs} × {pack_size} = {qty}"),
    ProblemKind.MERGED: N_("merged {count} lines: {inputs}"),
}


def problem_text(problem: Problem) -> str:
    """What the line shows for ``problem``: the kinds the pad types with values are worded here; the others keep
    the pad's text."""
    values = dict(problem.values)
    if problem.kind is ProblemKind.QTY_UNREADABLE:
        template = _UNREADABLE.get(values.get("issue", ""), _UNREADABLE["not_understood"])
    elif problem.kind is ProblemKind.ACCOUNT_CHOICE:
        template = _CHOSEN.get(values.get("reason", ""), "")
    else:
        template = _WORDS.get(problem.kind, "")
    if not template:
        return sentence(problem.text)  # the pad's sentence, worded by pattern (ui/wording.py)
    try:
        return _(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return sentence(problem.text)
