"""The words for an order line's problems and notices (typed codes with values from the pad), through gettext."""

from __future__ import annotations

from b2bterm.domain.price_note import PriceNote, PriceNoteKind
from b2bterm.quickorder.problems import Problem, ProblemKind
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.wording import word

_UNREADABLE = {
    "not_understood": N_("quantity not understood: “{text}” — enter it with F8"),
    "not_whole": N_("quantity “{text}” is not a whole number — enter it with F8"),
    "not_positive": N_("quantity “{text}” must be at least 1 — enter it with F8"),
    "too_large": N_("quantity “{text}” is too large — check it and enter it with F8"),
    "empty": N_("the quantity is empty — enter it with F8"),
    "ambiguous_separator": N_("quantity “{text}”: thousands or a decimal? — enter it with F8"),
    "missing": N_("no quantity for this item (the line lists several) — enter it with F8"),
}
_QTY_ERROR = {
    "not_positive": N_("quantity must be at least 1 — enter a quantity"),
    "too_large": N_("quantity {qty} is more than {max} — check it"),
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
    ProblemKind.UNKNOWN: N_("no product found — fix the model number or search for it"),
    ProblemKind.BELOW_MOQ: N_("minimum order is {moq} {unit}"),
    ProblemKind.NOT_PACK_MULTIPLE: N_("sold in packs of {pack_size} {unit}"),
    ProblemKind.SHORT: N_("only {on_hand} in stock"),
}
_UNIT_KEYS = ("unit", "sold", "status")  # plain words the catalog translates (units, product states)


def _template(problem: Problem, values: dict[str, str]) -> str:
    kind = problem.kind
    if kind is ProblemKind.QTY_UNREADABLE:
        return _UNREADABLE.get(values.get("issue", ""), _UNREADABLE["not_understood"])
    if kind is ProblemKind.QTY_ERROR:
        return _QTY_ERROR.get(values.get("issue", ""), _QTY_ERROR["not_positive"])
    if kind is ProblemKind.ACCOUNT_CHOICE:
        return _CHOSEN.get(values.get("reason", ""), "")
    if kind is ProblemKind.DISCONTINUED and values.get("replacement"):
        return N_("{status}; replaced by {replacement}")
    if kind is ProblemKind.OUT_OF_STOCK:
        return N_("out of stock; next arrival {eta}") if values.get("eta") else N_("out of stock")
    return _WORDS.get(kind, "")


def problem_text(problem: Problem) -> str:
    """What the line shows for ``problem``, worded from its kind and values (a kind this module does not know
    shows the pad's English text rather than nothing)."""
    values = {k: word(v) if k in _UNIT_KEYS else v for k, v in problem.values}
    if problem.kind is ProblemKind.AMBIGUOUS:
        count = int(values.get("count") or 0)
        return ngettext("{count} possible product — pick it", "{count} possible products — pick one",
                        count).format(count=count)
    if problem.kind is ProblemKind.DISCONTINUED and not values.get("replacement"):
        return values.get("status") or problem.text
    template = _template(problem, values)
    if not template:
        return problem.text
    try:
        return _(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return problem.text


def price_note_text(note: PriceNote) -> str:
    """Why a line's price differs from what was paid (reorder, buy again) or is a quotation's."""
    if note.kind is PriceNoteKind.GONE:
        return _("not in the catalog any more (was {was} on {number}) — pick a replacement").format(
            was=note.was, number=note.number)
    if note.kind is PriceNoteKind.NO_PRICE:
        return _("no price today (was {was} on {number})").format(was=note.was, number=note.number)
    if note.kind is PriceNoteKind.QUOTED:
        return _("quoted {price} for {qty} on {number}, valid until {until}").format(
            price=note.now, qty=note.qty, number=note.number, until=note.valid_until)
    share = "" if note.pct is None else f" ({'+' if note.pct > 0 else ''}{note.pct}%)"
    return _("price changed: was {was} on {number}, now {now}{share}").format(
        was=note.was, number=note.number, now=note.now, share=share)
